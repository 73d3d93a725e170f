/**
 * The inventory of what berth applied, per application, as a Kubernetes ApplySet (KEP-3659) so kubectl
 * understands it: a parent Secret `berth.<app>` in the application's namespace, labelled with the ApplySet id
 * and annotated with the tooling, the group-kinds and the extra namespaces of its members; every member carries
 * `applyset.kubernetes.io/part-of: <id>`. Prune lists exactly those group-kinds with that label, so berth never
 * deletes what it did not apply. The parent is a Secret because it also keeps the last applied revision (which
 * may hold secret values) for atomic rollback.
 */
import { createHash } from 'crypto';
import { gunzipSync, gzipSync } from 'zlib';
import { KubeClient } from '../cluster/client';
import { ClusterError } from '../cluster/errors';
import { Manifest, ObjectId, groupOf } from '../model/object';

export const APPLYSET_ID = 'applyset.kubernetes.io/id';
export const APPLYSET_PART_OF = 'applyset.kubernetes.io/part-of';
export const APPLYSET_TOOLING = 'applyset.kubernetes.io/tooling';
export const APPLYSET_GROUP_KINDS = 'applyset.kubernetes.io/contains-group-kinds';
export const APPLYSET_NAMESPACES = 'applyset.kubernetes.io/additional-namespaces';
export const TOOLING = 'berth/v0.1.0';
export const INVENTORY_SECRET_TYPE = 'berth.dev/inventory';

export interface InventoryRef {
  readonly app: string;
  /** The application's namespace: where the parent lives. */
  readonly namespace: string;
}

/** What a parent records: its members' group-kinds and namespaces, and its data. */
export interface ParentState extends Membership {
  /** Extra data kept in the parent (e.g. the revision), by key; values are plain strings. */
  readonly data: Readonly<Record<string, string>>;
  /** The parent's resourceVersion when read or last written; undefined when there is no parent. */
  readonly resourceVersion?: string;
}

export interface Inventory extends InventoryRef, ParentState {
  readonly id: string;
  readonly uid: string;
}

export function parentName(app: string): string {
  return `berth.${app}`;
}

/** ApplySet id: `applyset-<base64url(sha256(<name>.<namespace>.<kind>.<group>))>-v1`. */
export function applySetId(ref: InventoryRef): string {
  const hash = createHash('sha256').update(`${parentName(ref.app)}.${ref.namespace}.Secret.`).digest('base64url');
  return `applyset-${hash}-v1`;
}

export function groupKindOf(m: Pick<Manifest, 'apiVersion' | 'kind'>): string {
  const group = groupOf(m.apiVersion);
  return group ? `${m.kind}.${group}` : m.kind;
}

/** `Kind.group` (as groupKindOf writes it and the ApplySet annotation lists it) → kind and group. */
export function parseGroupKind(groupKind: string): { kind: string; group: string } {
  const dot = groupKind.indexOf('.');
  return dot < 0 ? { kind: groupKind, group: '' } : { kind: groupKind.slice(0, dot), group: groupKind.slice(dot + 1) };
}

/** The membership label added to every object berth applies for this application. */
export function withMembership(m: Manifest, ref: InventoryRef): Manifest {
  return { ...m, metadata: { ...m.metadata, labels: { ...m.metadata.labels, [APPLYSET_PART_OF]: applySetId(ref) } } };
}

/** The parent's identity and what a plan saw of it, to check that it did not change since (stale.ts). */
export function parentCheck(ref: InventoryRef, inv: Inventory | undefined): { id: ObjectId; apiVersion: string; live: { uid: string; resourceVersion: string } | null } {
  return {
    id: { group: '', kind: 'Secret', namespace: ref.namespace, name: parentName(ref.app) },
    apiVersion: 'v1',
    live: inv ? { uid: inv.uid, resourceVersion: inv.resourceVersion ?? '' } : null,
  };
}

/** Reads the inventory of an application; undefined if berth never applied it (or its namespace is gone). */
export async function readInventory(client: KubeClient, ref: InventoryRef): Promise<Inventory | undefined> {
  const parent = await client.get('v1', 'Secret', parentName(ref.app), ref.namespace);
  return parent && inventoryFromParent(ref, parent);
}

/** The inventory a parent Secret describes (its data is empty when the parent was listed metadata-only). */
export function inventoryFromParent(ref: InventoryRef, parent: Manifest): Inventory {
  const annotations = parent.metadata.annotations ?? {};
  const list = (v?: string) => (v ? v.split(',').filter(Boolean).sort() : []);
  const data: Record<string, string> = {};
  for (const [k, v] of Object.entries((parent.data ?? {}) as Record<string, string>)) data[k] = Buffer.from(v, 'base64').toString('utf8');
  return {
    ...ref,
    id: parent.metadata.labels?.[APPLYSET_ID] ?? applySetId(ref),
    groupKinds: list(annotations[APPLYSET_GROUP_KINDS]),
    additionalNamespaces: list(annotations[APPLYSET_NAMESPACES]),
    resourceVersion: parent.metadata.resourceVersion as string | undefined,
    uid: String(parent.metadata.uid ?? ''),
    data,
  };
}

/** The parent Secret for an inventory whose members are `members` (desired or live manifests). */
export function inventoryParent(ref: InventoryRef, members: readonly Manifest[], data: Readonly<Record<string, string>> = {}): Manifest {
  return parentFor(ref, membershipOf(ref, members), data);
}

/** What the parent's annotations record: group-kinds and the namespaces other than the parent's. */
export interface Membership {
  /** `Kind.group` (`Kind` for the core group), sorted. */
  readonly groupKinds: readonly string[];
  /** Namespaces of members other than the parent's, sorted. */
  readonly additionalNamespaces: readonly string[];
}

export const NO_MEMBERS: Membership = { groupKinds: [], additionalNamespaces: [] };

export function membershipOf(ref: InventoryRef, members: readonly Manifest[]): Membership {
  return {
    groupKinds: [...new Set(members.map(groupKindOf))].sort(),
    additionalNamespaces: [...new Set(members.map((m) => m.metadata.namespace).filter((n): n is string => !!n && n !== ref.namespace))].sort(),
  };
}

export function unionOf(...sets: readonly Membership[]): Membership {
  return {
    groupKinds: [...new Set(sets.flatMap((s) => s.groupKinds))].sort(),
    additionalNamespaces: [...new Set(sets.flatMap((s) => s.additionalNamespaces))].sort(),
  };
}

export function sameMembership(a: Membership, b: Membership): boolean {
  return a.groupKinds.join(',') === b.groupKinds.join(',') && a.additionalNamespaces.join(',') === b.additionalNamespaces.join(',');
}

/** The parent Secret recording `membership`, keeping `data` (plain strings, encoded here). */
export function parentFor(ref: InventoryRef, membership: Membership, data: Readonly<Record<string, string>> = {}): Manifest {
  const encoded: Record<string, string> = {};
  for (const k of Object.keys(data).sort()) encoded[k] = Buffer.from(data[k]).toString('base64');
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: parentName(ref.app),
      namespace: ref.namespace,
      labels: { [APPLYSET_ID]: applySetId(ref), 'app.kubernetes.io/managed-by': 'berth', 'app.kubernetes.io/part-of': ref.app },
      annotations: {
        [APPLYSET_TOOLING]: TOOLING,
        [APPLYSET_GROUP_KINDS]: membership.groupKinds.join(','),
        ...(membership.additionalNamespaces.length ? { [APPLYSET_NAMESPACES]: membership.additionalNamespaces.join(',') } : {}),
      },
    },
    type: INVENTORY_SECRET_TYPE,
    data: encoded,
  };
}

/**
 * Makes the parent record `membership` and `data`, unless it already does: a create when there is no parent, else
 * a full update at the resourceVersion last seen. Full writes rather than server-side apply, so that whatever is
 * left out (an annotation, a data key) is removed whoever wrote it, and so that a parent changed behind berth's
 * back (the application's lock keeps other berth runs out) fails the write instead of being merged blindly.
 */
export async function writeParent(
  client: KubeClient, ref: InventoryRef, current: ParentState | undefined, membership: Membership, data: Readonly<Record<string, string>>, fieldManager: string,
): Promise<{ state: ParentState; written: boolean }> {
  if (current?.resourceVersion !== undefined && sameMembership(current, membership) && sameData(current.data, data)) return { state: current, written: false };
  const parent = parentFor(ref, membership, data);
  let written: Manifest;
  try {
    written = current?.resourceVersion === undefined
      ? await client.create(parent, { fieldManager })
      : await client.update({ ...parent, metadata: { ...parent.metadata, resourceVersion: current.resourceVersion } }, { fieldManager });
  } catch (e) {
    if (e instanceof ClusterError && e.reason === 'conflict') {
      // A retried write whose first attempt was stored (a timeout, a reset connection) also answers 409: done, then.
      const now = await client.get('v1', 'Secret', parentName(ref.app), ref.namespace);
      const found = now && inventoryFromParent(ref, now);
      if (found && sameMembership(found, membership) && sameData(found.data, data)) return { state: found, written: true };
      throw new ClusterError('conflict', `the inventory of application ${ref.app} (Secret ${ref.namespace}/${parentName(ref.app)}) was ${current?.resourceVersion === undefined ? 'created' : 'changed'} by someone else during this apply; apply again`);
    }
    throw e;
  }
  return { state: { ...membership, data, resourceVersion: String(written.metadata.resourceVersion) }, written: true };
}

function sameData(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => k in b && (a[k] === b[k] || (k === REVISION_KEY && sameRevision(a[k], b[k]))));
}

/** Two encoded revisions with the same manifests (gzip output is not promised to be stable across zlib versions). */
function sameRevision(a: string, b: string): boolean {
  const x = decodeRevision(a);
  return x !== undefined && JSON.stringify(x) === JSON.stringify(decodeRevision(b));
}

/**
 * `data` with `manifests` as its revision: the encoded manifests (the text kept when it already says the same), or,
 * for a revision too large to keep in the parent (a Secret holds at most 1 MiB), only its digest: enough to tell
 * that the inventory records the stacks, not to restore them (see revisionKept).
 */
export function withRevision(data: Readonly<Record<string, string>> | undefined, manifests: readonly Manifest[]): Record<string, string> {
  if (recordsRevision(data ?? {}, manifests)) return { ...data };
  const { [REVISION_KEY]: _text, [REVISION_DIGEST_KEY]: _digest, ...rest } = data ?? {};
  const encoded = encodeRevision(manifests);
  return encoded.length <= REVISION_LIMIT ? { ...rest, [REVISION_KEY]: encoded } : { ...rest, [REVISION_DIGEST_KEY]: revisionDigest(manifests) };
}

/** Whether `data` records exactly `manifests` as its revision (kept whole, or as a digest). */
export function recordsRevision(data: Readonly<Record<string, string>>, manifests: readonly Manifest[]): boolean {
  if (data[REVISION_DIGEST_KEY] !== undefined) return data[REVISION_DIGEST_KEY] === revisionDigest(manifests);
  const recorded = decodeRevision(data[REVISION_KEY]);
  return recorded !== undefined && JSON.stringify(recorded) === JSON.stringify(manifests);
}

/** Whether `data` keeps its revision whole (so that --atomic can restore it). */
export function revisionKept(data: Readonly<Record<string, string>>): boolean {
  return data[REVISION_KEY] !== undefined;
}

function revisionDigest(manifests: readonly Manifest[]): string {
  return `sha256:${createHash('sha256').update(JSON.stringify(manifests)).digest('hex')}`;
}

/** Key of the parent's data holding the last applied revision (for --atomic). */
export const REVISION_KEY = 'revision';
/** Key holding only the digest of a revision too large to keep. */
export const REVISION_DIGEST_KEY = 'revision-digest';
/** Encoded revisions above this many characters are kept as a digest (a Secret's data is at most 1 MiB in all). */
export const REVISION_LIMIT = 800_000;

/** The desired manifests of a revision as kept in the parent: gzip'd JSON, base64 (Secret data must be text here). */
export function encodeRevision(manifests: readonly Manifest[]): string {
  return gzipSync(Buffer.from(JSON.stringify(manifests))).toString('base64');
}

export function decodeRevision(text: string | undefined): Manifest[] | undefined {
  if (!text) return undefined;
  try {
    return JSON.parse(gunzipSync(Buffer.from(text, 'base64')).toString('utf8')) as Manifest[];
  } catch {
    return undefined; // unreadable (written by something else): treated as no revision
  }
}

/**
 * The inventories of the applications (apps berth never applied are absent), in one list per namespace (few) or
 * one cluster-wide list (many). `metadataOnly` leaves out the parents' data (the kept revision), for planning.
 */
export async function readInventories(
  client: KubeClient, refs: readonly InventoryRef[], options: { metadataOnly?: boolean } = {},
): Promise<Map<string, Inventory>> {
  const namespaces = [...new Set(refs.map((r) => r.namespace))].sort();
  const parents = await client.listInNamespaces('v1', 'Secret', namespaces, { labelSelector: APPLYSET_ID, metadataOnly: options.metadataOnly });
  const byName = new Map(parents.map((p) => [`${p.metadata.namespace}/${p.metadata.name}`, p]));
  const out = new Map<string, Inventory>();
  for (const ref of refs) {
    const parent = byName.get(`${ref.namespace}/${parentName(ref.app)}`);
    if (parent) out.set(ref.app, inventoryFromParent(ref, parent));
  }
  return out;
}

/**
 * Live members of an inventory: for each recorded group-kind, lists in the parent's and the additional namespaces
 * (client.listInNamespaces; cluster-scoped kinds once) with the part-of label selector. Requests grow with the
 * number of kinds, not objects.
 */
export async function listMembers(client: KubeClient, inv: Inventory): Promise<Manifest[]> {
  const selector = `${APPLYSET_PART_OF}=${inv.id}`;
  const out: Manifest[] = [];
  for (const gk of inv.groupKinds) {
    const { kind, group } = parseGroupKind(gk);
    const apiVersion = await client.discovery.preferredVersion(group);
    if (!apiVersion) continue; // the group is gone (a CRD was deleted): nothing of it can be left
    if (!(await client.resource(apiVersion, kind).catch(() => undefined))) continue; // the kind is gone from its group
    out.push(...await client.listInNamespaces(apiVersion, kind, [inv.namespace, ...inv.additionalNamespaces], { labelSelector: selector }));
  }
  return out;
}
