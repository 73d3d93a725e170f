/**
 * The plan engine: desired objects vs live objects → a Plan (create / update / replace / delete / unchanged).
 *
 * Public API (used by `berth plan` and by the apply engine):
 *
 *   computePlan(client, desired, { targetVersion, apps?, fieldManager?, serverVersion?, forceConflicts? })
 *     → { plan, desiredByKey, liveByKey }
 *
 * - `desiredByKey` (by idKey) holds each desired manifest exactly as apply must send it: `withMembership(...)`
 *   of its application, to be server-side applied with field manager `fieldManager` (default `berth`). Dry runs
 *   use `force: forceConflicts` (default true); apply should pass the same value it applies with.
 * - `liveByKey` holds the live objects the plan was computed against (desired counterparts and deletes).
 * - Objects with `action: 'unchanged'` and `adopt: true` exist without berth's inventory label: apply must
 *   still apply them (that only adds the label).
 * - Deletes are exactly the inventory members (label `applyset.kubernetes.io/part-of`, berth's label selector)
 *   that are no longer desired, minus those annotated `berth.dev/prune: disabled` (annotations.ts). Apply should
 *   prune what the plan lists, so that plan and apply agree.
 *
 * Cost: a no-change plan sends one list per kind (per namespace when few, else cluster-wide), one metadata-only
 * list of inventories and no dry runs. A dry-run apply is sent only for objects the cheap comparison
 * (compare.ts) cannot prove unchanged.
 */
import { KubeClient } from '../cluster/client';
import { ClusterError } from '../cluster/errors';
import { BerthObject, Json, Manifest, describeId, idKey, idOf } from '../model/object';
import { changeGroupOf, compareKeys } from '../model/order';
import { KubeVersion, formatVersion } from '../model/version';
import { appRefsOf } from './apps';
import { describeApplyError } from './apply-errors';
import { pruneDisabled } from './annotations';
import { Mismatch, desiredMismatches, ownedButNotDesired } from './compare';
import { desiredDigest, secretsDigest } from './digest';
import { RawChange, diffValues } from './diff';
import { FieldOwners, appliedFields } from './drift';
import { APPLYSET_PART_OF, Inventory, InventoryRef, groupKindOf, withMembership } from './inventory';
import { readLive } from './live';
import { normalizeDesired, withoutIgnoredFields } from './normalize';
import { IMMUTABLE_RULES } from './normalize/immutable';
import { PathSegment, formatPath, isUnder } from './path';
import { Action, FieldChange, ObjectChange, Plan } from './plan-types';
import { isSensitive } from './sensitive';

export const DEFAULT_FIELD_MANAGER = 'berth';

export interface PlanOptions {
  /** Kubernetes version the desired objects were rendered for. */
  readonly targetVersion: KubeVersion;
  /** Every application of `desired` and its namespace (default: derived from the objects, see apps.ts). */
  readonly apps?: readonly InventoryRef[];
  /** Field manager apply uses. Default `berth`. */
  readonly fieldManager?: string;
  /** The server's gitVersion when the caller already asked (saves a request). */
  readonly serverVersion?: string;
  /**
   * Dry runs take over fields other managers own, as `apply --force-conflicts` would (default true: the plan
   * shows drift and the change back). When false, such a conflict fails the plan naming the object.
   */
  readonly forceConflicts?: boolean;
  /**
   * Compute the digests a saved plan carries: each desired object's (`digest`) and the salted scrypt digest of the
   * secret values (`plan.secrets`), ~0.1-0.3 s of CPU for 1000 objects. Default true; apply computes them only to
   * compare with a saved plan.
   */
  readonly digests?: boolean;
  /** Salt of the secrets digest (default: random); a saved plan's salt makes the two digests comparable. */
  readonly secretsSalt?: string;
  /** Read the inventories with their data (the recorded revisions), as apply needs them. Default: metadata only. */
  readonly inventoryData?: boolean;
  /**
   * Called once the inventories are read, before any object is; the objects are read once it resolves. Apply locks
   * the applications that will surely write here, so that the plan reads their objects under their locks. It
   * answers whether it locked any: then the inventories are read again, as they may have changed before the locks.
   */
  readonly beforeObjects?: (inventories: ReadonlyMap<string, Inventory>) => Promise<boolean>;
}

export interface PlanResult {
  readonly plan: Plan;
  /** Desired manifests with the membership label, as apply sends them, by idKey. */
  readonly desiredByKey: Map<string, Manifest>;
  /** Live objects the plan compared against, by idKey. */
  readonly liveByKey: Map<string, Manifest>;
  /** The applications' inventories the plan read (data only with `inventoryData`), by application. */
  readonly inventories: ReadonlyMap<string, Inventory>;
}

/** A desired object the API server refuses (other than an immutable-field change). */
export class PlanError extends Error {}

export async function computePlan(client: KubeClient, desired: readonly BerthObject[], options: PlanOptions): Promise<PlanResult> {
  const fieldManager = options.fieldManager ?? DEFAULT_FIELD_MANAGER;
  const digests = options.digests !== false;
  const refs = options.apps ?? appRefsOf(desired);
  const refOf = new Map(refs.map((r) => [r.app, r]));
  const desiredByKey = new Map<string, Manifest>();
  const objects = desired.map((obj) => {
    const ref = refOf.get(obj.app);
    if (!ref) throw new Error(`computePlan: application ${obj.app} of ${describeId(idOf(obj.manifest))} is not in options.apps`);
    const manifest = withMembership(obj.manifest, ref);
    desiredByKey.set(idKey(idOf(manifest)), manifest);
    return { obj, manifest };
  });
  const [serverVersion, live] = await Promise.all([
    options.serverVersion ?? client.version().then((v) => v.gitVersion),
    readLive(client, [...desiredByKey.values()], refs, { inventoryData: options.inventoryData, beforeObjects: options.beforeObjects }),
  ]);

  const liveByKey = new Map<string, Manifest>();
  const changes: ObjectChange[] = await Promise.all(objects.map(async ({ obj, manifest }) => {
    const key = idKey(idOf(manifest));
    const current = live.objects.get(key);
    if (current) liveByKey.set(key, current);
    const base = { id: idOf(manifest), apiVersion: manifest.apiVersion, app: obj.app, source: obj.source, ...(digests ? { digest: desiredDigest(manifest) } : {}) };
    if (!current) return { ...base, action: 'create' as const, fields: [], live: null };
    const verdict = await compareWithLive(client, manifest, current, { fieldManager, force: options.forceConflicts ?? true }, obj.source);
    return { ...base, ...verdict, live: liveRef(current) };
  }));

  const members = byApplySet(live.objects);
  for (const inv of live.inventories.values()) {
    for (const m of deleteCandidates(inv, members.get(inv.id) ?? [], desiredByKey)) {
      liveByKey.set(idKey(idOf(m)), m);
      changes.push({ action: 'delete', id: idOf(m), apiVersion: m.apiVersion, app: inv.app, source: 'inventory', fields: [], live: liveRef(m) });
    }
  }
  changes.sort(compareChanges);
  const secrets = digests ? secretsDigest([...desiredByKey.values()], options.secretsSalt) : undefined;
  const plan: Plan = {
    formatVersion: 1,
    server: client.server,
    serverVersion,
    targetVersion: formatVersion(options.targetVersion),
    apps: refs.map((r) => r.app),
    changes,
    summary: summarize(changes),
    ...(secrets ? { secrets } : {}),
  };
  return { plan, desiredByKey, liveByKey, inventories: live.inventories };
}

type Verdict = Pick<ObjectChange, 'action' | 'fields' | 'replaceReason' | 'adopt'>;

/** Compares one desired object with its live counterpart: cheaply when possible, else with a dry-run apply. */
async function compareWithLive(
  client: KubeClient, desired: Manifest, live: Manifest, { fieldManager, force }: { fieldManager: string; force: boolean }, source: string,
): Promise<Verdict> {
  const adopt = live.metadata.labels?.[APPLYSET_PART_OF] === undefined;
  const adoption = adopt ? { adopt: true } : {};
  const comparable = adopt ? withoutLabel(normalizeDesired(desired), APPLYSET_PART_OF) : normalizeDesired(desired);
  const mismatches = desiredMismatches(comparable as unknown as Json, live as unknown as Json);
  const owned = appliedFields(live, fieldManager);
  const dropsOwnedFields = owned !== undefined && (owned.apiVersion !== desired.apiVersion || ownedButNotDesired(owned.fields, desired as unknown as Json));
  if (!mismatches.length && !dropsOwnedFields) return { action: 'unchanged', fields: [], ...adoption };

  const owners = new FieldOwners(live);
  const toChange = (c: RawChange) => fieldChange(desired.kind, c, owners, fieldManager);
  const rule = immutableChange(desired, live, mismatches);
  if (rule) return { action: 'replace', replaceReason: rule, fields: mismatches.map(asRawChange).map(toChange) };

  let dryRun: Manifest;
  try {
    dryRun = await client.apply(desired, { fieldManager, force, dryRun: true });
  } catch (e) {
    if (e instanceof ClusterError && e.reason === 'invalid' && /immutable/i.test(e.message)) {
      return { action: 'replace', replaceReason: immutableReasonOf(e), fields: mismatches.map(asRawChange).map(toChange) };
    }
    if (e instanceof ClusterError && e.reason === 'invalid') {
      throw new PlanError(`${describeId(idOf(desired))} (${source}): ${e.message}`);
    }
    if (e instanceof ClusterError && e.reason === 'conflict') {
      throw new PlanError(describeApplyError(e, idOf(desired), source));
    }
    throw e;
  }
  const changes = diffValues(
    withoutIgnoredFields(live, desired) as unknown as Json,
    withoutIgnoredFields(dryRun, desired) as unknown as Json,
    { expand: (path) => isSensitive(desired.kind, path) },
  ).filter((c) => !(adopt && isMembershipLabel(c)));
  if (!changes.length) return { action: 'unchanged', fields: [], ...adoption };
  return { action: 'update', fields: changes.map(toChange), ...adoption };
}

function immutableChange(desired: Manifest, live: Manifest, mismatches: readonly Mismatch[]): string | undefined {
  for (const m of mismatches) {
    const path = formatPath(m.path);
    const rule = IMMUTABLE_RULES.find((r) =>
      r.kinds.includes(desired.kind) && isUnder(path, r.path) && (!r.when || r.when(live)) && !r.allows?.(path, m.desired, m.live));
    if (rule) return rule.reason;
  }
  return undefined;
}

/** The server's own words, from the causes' fields (never their values: they may quote secret data). */
function immutableReasonOf(e: ClusterError): string {
  const fields = (e.details?.details?.causes ?? []).filter((c) => /immutable/i.test(c.message ?? '')).map((c) => c.field).filter(Boolean);
  return fields.length ? `the API server refuses to change ${[...new Set(fields)].join(', ')} (immutable)` : 'the API server refuses to change an immutable field';
}

function asRawChange(m: Mismatch): RawChange {
  return m.live === undefined ? { path: m.path, op: 'add', after: m.desired } : { path: m.path, op: 'change', before: m.live, after: m.desired };
}

function fieldChange(kind: string, c: RawChange, owners: FieldOwners, fieldManager: string): FieldChange {
  const drift = c.op === 'change' ? owners.driftManager(c.path, fieldManager) : undefined;
  const values = isSensitive(kind, c.path)
    ? { sensitive: true }
    : { ...(c.before !== undefined ? { before: c.before } : {}), ...(c.after !== undefined ? { after: c.after } : {}) };
  return { path: formatPath(c.path), op: c.op, ...values, ...(drift ? { driftManager: drift } : {}) };
}

function isMembershipLabel(c: RawChange): boolean {
  const [a, b, label] = c.path as PathSegment[];
  return c.op === 'add' && a === 'metadata' && b === 'labels' && label === APPLYSET_PART_OF && c.path.length === 3;
}

function withoutLabel(m: Manifest, label: string): Manifest {
  const labels = { ...m.metadata.labels };
  delete labels[label];
  return { ...m, metadata: { ...m.metadata, labels } };
}

function deleteCandidates(inv: Inventory, members: readonly Manifest[], desired: ReadonlyMap<string, Manifest>): Manifest[] {
  const kinds = new Set(inv.groupKinds);
  return members.filter((m) => kinds.has(groupKindOf(m)) && !desired.has(idKey(idOf(m))) && !pruneDisabled(m.metadata) && !m.metadata.deletionTimestamp);
}

/** Live objects by the ApplySet they are labelled part of (one pass, rather than one per inventory). */
function byApplySet(live: ReadonlyMap<string, Manifest>): Map<string, Manifest[]> {
  const out = new Map<string, Manifest[]>();
  for (const m of live.values()) {
    const id = m.metadata.labels?.[APPLYSET_PART_OF];
    if (id) out.set(id, out.get(id) ?? []).get(id)!.push(m);
  }
  return out;
}

function liveRef(m: Manifest): { resourceVersion: string; uid: string } {
  return { resourceVersion: String(m.metadata.resourceVersion ?? ''), uid: String(m.metadata.uid ?? '') };
}

function summarize(changes: readonly ObjectChange[]): Plan['summary'] {
  const count = (a: Action) => changes.filter((c) => c.action === a).length;
  return { create: count('create'), update: count('update'), replace: count('replace'), delete: count('delete'), unchanged: count('unchanged') };
}

function compareChanges(a: ObjectChange, b: ObjectChange): number {
  return compareKeys({ changeGroup: changeGroupOf(a.id.kind), id: a.id }, { changeGroup: changeGroupOf(b.id.kind), id: b.id });
}

/** True when the plan changes something (what `--detailed-exitcode` reports as 2). */
export function hasChanges(plan: Plan): boolean {
  const s = plan.summary;
  return s.create + s.update + s.replace + s.delete > 0;
}
