/**
 * The apply executor: makes the cluster match a plan, wave by wave, and reports what it does as events.
 *
 *   1. record in each application's inventory parent, before any object is written, the union of the members it
 *      records and those this apply may create (so a crash at any later point leaves no member the inventory does
 *      not know), and the revision about to be applied; all applications at once (bounded);
 *   2. per wave (waves.ts): server-side apply the wave's objects concurrently (bounded); unchanged objects are not
 *      sent; then wait for the wave's objects later ones rely on (Namespaces, CRDs, quotas, declared dependencies);
 *      the first failure stops the apply: nothing of later waves is touched;
 *   3. wait for every object's health (wait/);
 *   4. prune what the plan deletes, in reverse order (prune.ts);
 *   5. write each parent whose final member set or revision differs from what it records (after pruning shrank
 *      an application's kinds, as kubectl's ApplySet protocol does; or an application without changes that had no
 *      parent or revision yet).
 * On failure with `atomic`, rollback.ts returns each touched application to the revision recorded before this
 * apply. Every other application whose parent records this apply's revision (all of them without `atomic`, and on
 * an exception) gets it corrected to what is live: objects this apply did not get to keep the previous revision's
 * version, so a later --atomic rollback returns exactly to the cluster as it is. A successful fresh apply thus
 * writes each parent once.
 */
import { KubeClient } from '../cluster/client';
import { ClusterError } from '../cluster/errors';
import { BerthObject, Manifest, ObjectId, describeId, idKey, idOf } from '../model/object';
import { describeApplyError } from './apply-errors';
import { AppliedAs, Emit } from './events';
import { untilGone } from './gone';
import { Outcome, touched } from './outcome';
import {
  Inventory, InventoryRef, NO_MEMBERS, ParentState, REVISION_KEY, decodeRevision, membershipOf, revisionKept, unionOf, withRevision, writeParent,
} from './inventory';
import { ObjectChange } from './plan-types';
import { PlanResult } from './plan';
import { runBounded } from './pool';
import { pruneObjects } from './prune';
import { RollbackReport, rollback } from './rollback';
import { GATING_KINDS, hasReadinessRule } from './wait';
import { WaitOutcome, waitForObjects, waitTargetOf } from './wait/waiter';
import { computeWaves, orderablesOf } from './waves';

export interface ApplyInput {
  readonly objects: readonly BerthObject[];
  readonly apps: readonly InventoryRef[];
  readonly planned: PlanResult;
  /** Inventories as they were before this apply (data included), by application. */
  readonly inventories: ReadonlyMap<string, Inventory>;
  /** Objects already applied before the executor ran (applications' own Namespaces, for their locks). */
  readonly preApplied?: ReadonlySet<string>;
}

export interface ApplySettings {
  readonly emit: Emit;
  readonly fieldManager?: string;
  readonly forceConflicts?: boolean;
  /** Objects applied at the same time. Default 16. */
  readonly concurrency?: number;
  /** Wait for health after applying (gating waits between waves happen regardless). */
  readonly wait: boolean;
  readonly timeoutMs: number;
  readonly objectTimeoutMs: number;
  readonly pvcBound?: boolean;
  readonly atomic?: boolean;
  /** Called between steps: throws if a lock was lost. */
  readonly checkLocks?: () => void;
}

export interface ObjectReport {
  readonly id: ObjectId;
  readonly app: string;
  readonly source: string;
  outcome: Outcome;
  message?: string;
  health?: WaitOutcome['state'];
  healthMessage?: string;
}

export interface ApplyReport {
  readonly ok: boolean;
  /** The first failure, in the user's terms. */
  readonly failure?: string;
  /** Desired objects in apply order. */
  readonly objects: readonly ObjectReport[];
  readonly pruned: readonly ObjectId[];
  readonly pruneKept: readonly { readonly id: ObjectId; readonly reason: string }[];
  readonly rollback?: RollbackReport;
  readonly inventoriesWritten: number;
  /** Inventory writes that failed after objects were applied (the apply's outcome stands; the next apply repairs them). */
  readonly problems: readonly string[];
}

const DEFAULT_CONCURRENCY = 16;

export async function executeApply(client: KubeClient, input: ApplyInput, settings: ApplySettings): Promise<ApplyReport> {
  const { planned } = input;
  const fieldManager = settings.fieldManager ?? 'berth';
  const concurrency = settings.concurrency ?? DEFAULT_CONCURRENCY;
  const deadline = Date.now() + settings.timeoutMs;
  const changes = new Map(planned.plan.changes.map((c) => [idKey(c.id), c]));
  const orderables = orderablesOf(input.objects);
  const waves = computeWaves(orderables);
  const dependedOn = new Set(orderables.flatMap((o) => o.after));
  const reports = new Map<string, ObjectReport>();
  for (const o of orderables) reports.set(idKey(o.id), { id: o.id, app: o.object.app, source: o.object.source, outcome: 'not-applied' });
  const applied = new Map<string, Manifest>();
  let failure: string | undefined;
  let inventoriesWritten = 0;
  const fail = (message: string) => (failure ??= message);

  const waitOptions = { emit: settings.emit, objectTimeoutMs: settings.objectTimeoutMs, deadline, pvcBound: settings.pvcBound };
  const recordHealth = (outcomes: readonly WaitOutcome[]) => {
    for (const o of outcomes) {
      const r = reports.get(idKey(o.id))!;
      r.health = o.state;
      r.healthMessage = o.message;
      if (o.state !== 'ready') fail(`${describeId(r.id)} (${r.source}): ${o.message}`);
    }
  };

  // 1. Inventories first: the union of what they record and what this apply may create, and the revision it is
  //    about to apply (all apps at once, bounded; every write completes before the first wave starts).
  const recorded = new Map<string, ParentState>(input.inventories);
  const appsWithWrites = new Set(planned.plan.changes.filter((c) => c.action !== 'unchanged' || c.adopt).map((c) => c.app));
  const desiredByApp = groupDesired(input);
  const problems: string[] = [];
  // Applications whose parent records this apply's revision: corrected to what is live if the apply does not succeed.
  const announced: InventoryRef[] = [];
  const unchanged = new Set(planned.plan.changes.filter((c) => c.action === 'unchanged').map((c) => idKey(c.id)));
  const correctRevisions = (refs: readonly InventoryRef[]) => runBounded(refs, concurrency, async (ref) => {
    const current = recorded.get(ref.app)!;
    const previous = decodeRevision(input.inventories.get(ref.app)?.data[REVISION_KEY]) ?? [];
    const live = liveRevision(desiredByApp.get(ref.app) ?? [], reports, previous, unchanged);
    try {
      const { state, written } = await writeParent(client, ref, current, current, withRevision(current.data, live), fieldManager);
      recorded.set(ref.app, state);
      if (written) inventoriesWritten++;
    } catch (e) {
      problems.push(`the inventory of ${ref.app} still records the revision this apply did not finish: ${(e as Error).message}`);
    }
  });
  try {
    await runBounded(input.apps.filter((r) => appsWithWrites.has(r.app)), concurrency, async (ref) => {
      const desired = desiredByApp.get(ref.app) ?? [];
      const current = recorded.get(ref.app);
      const data = withRevision(current?.data, desired);
      if (!revisionKept(data)) problems.push(`the revision of ${ref.app} is too large to keep in its inventory (a Secret holds at most 1 MiB): --atomic cannot restore its objects after a later failed apply`);
      const { state, written } = await writeParent(client, ref, current, unionOf(current ?? NO_MEMBERS, membershipOf(ref, desired)), data, fieldManager);
      recorded.set(ref.app, state);
      announced.push(ref);
      if (written) inventoriesWritten++;
    });
  } catch (e) {
    await correctRevisions(announced); // nothing was applied: back to what the parents said
    throw e;
  }

  const pruned: ObjectId[] = [];
  const pruneKept: { id: ObjectId; object: Manifest; reason: string }[] = [];
  try {
    // 2. Waves.
    for (const wave of waves) {
      settings.checkLocks?.();
      await runBounded(wave.items, concurrency, async (item) => {
        const key = idKey(item.id);
        const report = reports.get(key)!;
        const change = changes.get(key);
        const manifest = planned.desiredByKey.get(key)!;
        try {
          if (input.preApplied?.has(key)) report.outcome = 'created';
          else if (!change || (change.action === 'unchanged' && !change.adopt)) report.outcome = 'unchanged';
          else {
            if (change.action === 'replace') await deleteForReplace(client, change, deadline);
            applied.set(key, await client.apply(manifest, { fieldManager, force: settings.forceConflicts }));
            report.outcome = outcomeOf(change);
          }
          settings.emit({ type: 'applied', id: item.id, as: report.outcome === 'replaced' ? 'created' : report.outcome as AppliedAs });
        } catch (e) {
          report.outcome = 'failed';
          report.message = describeApplyError(e, item.id, item.source ?? '');
          settings.emit({ type: 'apply-failed', id: item.id, message: report.message });
          fail(report.message);
        }
      }, () => failure !== undefined);
      if (failure) break;

      const gating = wave.items.filter((i) => GATING_KINDS.includes(i.id.kind) || dependedOn.has(idKey(i.id)));
      if (gating.length) recordHealth(await waitForObjects(client, gating.map((i) => waitTargetOf(i.object.manifest)), waitOptions));
      if (failure) break;
      for (const i of wave.items) if (i.id.kind === 'CustomResourceDefinition') invalidateServedBy(client, i.object.manifest);
    }

    // 3. Health.
    if (!failure && settings.wait) {
      const pending = [...reports.values()].filter((r) => r.health === undefined && hasReadinessRule(r.id.kind));
      const byKey = new Map(input.objects.map((o) => [idKey(idOf(o.manifest)), o]));
      recordHealth(await waitForObjects(client, pending.map((r) => waitTargetOf(byKey.get(idKey(r.id))!.manifest)), waitOptions));
    }

    // 4. Prune, then 5. final inventories.
    if (!failure) {
      settings.checkLocks?.();
      await runBounded(input.apps, concurrency, async (ref) => {
        const deletes = planned.plan.changes.filter((c) => c.app === ref.app && c.action === 'delete')
          .map((c) => planned.liveByKey.get(idKey(c.id))).filter((m): m is Manifest => !!m);
        if (!deletes.length) return;
        const result = await pruneObjects(client, ref, deletes, { emit: settings.emit, concurrency });
        pruned.push(...result.pruned);
        pruneKept.push(...result.kept.map((k) => ({ id: idOf(k.object), object: k.object, reason: k.reason })));
      });
      await runBounded(input.apps, concurrency, async (ref) => {
        const kept = pruneKept.filter((k) => changes.get(idKey(k.id))?.app === ref.app).map((k) => k.object);
        const desired = desiredByApp.get(ref.app) ?? [];
        const current = recorded.get(ref.app);
        if (!desired.length && !kept.length && !current) return; // nothing to record, nothing recorded
        try {
          const { written } = await writeParent(client, ref, current, membershipOf(ref, [...desired, ...kept]), withRevision(current?.data, desired), fieldManager);
          if (written) inventoriesWritten++;
        } catch (e) {
          // Everything was applied and pruned; what the parent records is still safe (a superset of the kinds).
          problems.push(`the inventory of ${ref.app} could not be updated (apply again to record it): ${(e as Error).message}`);
        }
      });
    }
  } catch (e) {
    // Not a failure of an object (the cluster unreachable, a lock lost): no rollback, but no revision left behind
    // that this apply did not finish.
    await correctRevisions(announced);
    throw e;
  }

  let rollbackReport: RollbackReport | undefined;
  const objectReports = [...reports.values()];
  const rolledBack = new Set(settings.atomic && failure ? objectReports.filter((o) => touched(o.outcome)).map((o) => o.app) : []);
  if (failure) await correctRevisions(announced.filter((r) => !rolledBack.has(r.app)));
  if (rolledBack.size) {
    rollbackReport = await rollback(client, {
      apps: input.apps.filter((r) => rolledBack.has(r.app)),
      inventories: input.inventories,
      parents: recorded,
      reports: objectReports,
      applied,
    }, { emit: settings.emit, fieldManager, concurrency, wait: settings.wait, objectTimeoutMs: settings.objectTimeoutMs, timeoutMs: settings.timeoutMs, reason: failure! });
  }
  return {
    ok: !failure, failure, objects: objectReports, pruned, pruneKept: pruneKept.map(({ id, reason }) => ({ id, reason })), rollback: rollbackReport, inventoriesWritten, problems,
  };
}

function outcomeOf(change: ObjectChange): Outcome {
  if (change.action === 'create') return 'created';
  if (change.action === 'replace') return 'replaced';
  return 'configured';
}

/** Desired manifests by application, in the order of the stacks (one pass instead of one filter per application). */
function groupDesired(input: Pick<ApplyInput, 'objects' | 'planned'>): Map<string, Manifest[]> {
  const out = new Map<string, Manifest[]>();
  for (const o of input.objects) {
    const list = out.get(o.app) ?? [];
    list.push(input.planned.desiredByKey.get(idKey(idOf(o.manifest)))!);
    out.set(o.app, list);
  }
  return out;
}

/**
 * The revision that describes the cluster after a failed apply: the desired version of what this apply wrote or
 * what the plan found unchanged, the previous revision's version of what it did not get to (and of members not
 * yet pruned).
 */
export function liveRevision(
  desired: readonly Manifest[], reports: ReadonlyMap<string, ObjectReport>, previous: readonly Manifest[], unchanged: ReadonlySet<string>,
): Manifest[] {
  const previousByKey = new Map(previous.map((m) => [idKey(idOf(m)), m]));
  const out: Manifest[] = [];
  const seen = new Set<string>();
  for (const m of desired) {
    const key = idKey(idOf(m));
    seen.add(key);
    const outcome = reports.get(key)?.outcome;
    if ((outcome && (touched(outcome) || outcome === 'unchanged')) || (outcome !== 'failed' && unchanged.has(key))) out.push(m);
    else if (previousByKey.has(key)) out.push(previousByKey.get(key)!);
  }
  for (const [key, m] of previousByKey) if (!seen.has(key)) out.push(m);
  return out;
}

/** Replace = delete (only the object the plan saw), wait until it is gone, then create. */
async function deleteForReplace(client: KubeClient, change: ObjectChange, deadline: number): Promise<void> {
  const { id, apiVersion, live } = change;
  await client.delete(apiVersion, id.kind, id.name, id.namespace, { uid: live?.uid, propagationPolicy: 'Foreground' });
  if (await untilGone(client, { apiVersion, kind: id.kind, name: id.name, namespace: id.namespace, uid: live?.uid }, deadline)) {
    throw new ClusterError('timeout', `${id.kind} ${id.name} was not deleted in time for its replacement`);
  }
}

/** After a CRD is established, forget cached discovery of its group's versions so its kind resolves. */
function invalidateServedBy(client: KubeClient, crd: Manifest): void {
  const spec = (crd.spec ?? {}) as { group?: string; versions?: { name?: string }[] };
  for (const v of spec.versions ?? []) if (spec.group && v.name) client.discovery.invalidate(`${spec.group}/${v.name}`);
}

