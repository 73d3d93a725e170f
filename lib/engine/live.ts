/**
 * Reading what is in the cluster for a plan, with requests that grow with the number of kinds, not objects:
 * one list per kind (per namespace when there are few, else cluster-wide) with berth's label selector, the
 * applications' inventories in one metadata-only list, and for desired objects the lists did not return (new
 * ones, or ones someone else created) in namespaces that exist: a GET when a kind has one such object, else
 * metadata-only lists of the kind and a GET only of those that exist (lookUpMissing).
 * Kinds a CRD among the desired objects will define are not asked about at all (crd-kinds.ts).
 */
import { KubeClient } from '../cluster/client';
import { ClusterError } from '../cluster/errors';
import { MANAGED_BY_SELECTOR } from '../model/labels';
import { Manifest, groupOf, idKey, idOf } from '../model/object';
import { definedByDesiredCrd } from './crd-kinds';
import { Inventory, InventoryRef, groupKindOf, parseGroupKind, readInventories } from './inventory';

export interface LiveView {
  /** Live objects by idKey: counterparts of desired objects and berth-labelled objects of the same kinds. */
  readonly objects: ReadonlyMap<string, Manifest>;
  /** Inventories of the applications berth applied before, by application name. */
  readonly inventories: ReadonlyMap<string, Inventory>;
}

interface KindToList {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespaces: Set<string>;
}

export async function readLive(
  client: KubeClient, desired: readonly Manifest[], refs: readonly InventoryRef[],
  options: { inventoryData?: boolean; beforeObjects?: (inventories: ReadonlyMap<string, Inventory>) => Promise<boolean> } = {},
): Promise<LiveView> {
  const readParents = () => readInventories(client, refs, { metadataOnly: !options.inventoryData });
  let inventories = await readParents();
  if (await options.beforeObjects?.(inventories)) inventories = await readParents();
  const kinds = await kindsToList(client, desired, [...inventories.values()]);
  const notYetServed = await kindsNotYetServed(client, kinds, desired);
  const objects = new Map<string, Manifest>();
  const keep = (m: Manifest) => objects.set(idKey(idOf(m)), m);

  // Namespaces first: objects in a namespace that does not exist yet need no lookup.
  const absentNamespaces = new Set<string>();
  const nsKind = kinds.get('Namespace');
  if (nsKind) {
    (await client.list(nsKind.apiVersion, 'Namespace', { labelSelector: MANAGED_BY_SELECTOR })).forEach(keep);
    const wanted = desired.filter((m) => m.kind === 'Namespace' && groupOf(m.apiVersion) === '');
    for (const m of await lookUpMissing(client, wanted, objects)) {
      if (m.found) keep(m.found);
      else absentNamespaces.add(m.desired.metadata.name);
    }
    kinds.delete('Namespace');
  }
  const lists = await Promise.all([...kinds.values()].map((k) => listKind(client, k, absentNamespaces)));
  lists.flat().forEach(keep);

  const rest = desired.filter((m) =>
    !(m.metadata.namespace && absentNamespaces.has(m.metadata.namespace)) && !notYetServed.has(groupKindOf(m)));
  for (const m of await lookUpMissing(client, rest, objects)) if (m.found) keep(m.found);
  return { objects, inventories };
}

/**
 * Kinds the server does not serve (yet) that a CRD among the desired objects defines: removed from `kinds` and
 * returned. Any other kind the server does not serve fails the plan with the server's "does not serve" error.
 */
async function kindsNotYetServed(client: KubeClient, kinds: Map<string, KindToList>, desired: readonly Manifest[]): Promise<Set<string>> {
  const out = new Set<string>();
  await Promise.all([...kinds].map(async ([groupKind, k]) => {
    try {
      await client.resource(k.apiVersion, k.kind);
    } catch (e) {
      if (!(e instanceof ClusterError && e.reason === 'not-found' && definedByDesiredCrd(k.apiVersion, k.kind, desired))) throw e;
      out.add(groupKind);
    }
  }));
  for (const groupKind of out) kinds.delete(groupKind);
  return out;
}

interface LookUp {
  readonly desired: Manifest;
  readonly found: Manifest | undefined;
}

/**
 * Desired objects `known` lacks, looked up per kind: a GET when a kind has one such object, else one
 * metadata-only list of the kind (per namespace when few, else cluster-wide: client.listInNamespaces) and a GET
 * of only those that exist. Requests grow with kinds, not objects, however many namespaces the objects span.
 */
async function lookUpMissing(client: KubeClient, desired: readonly Manifest[], known: ReadonlyMap<string, Manifest>): Promise<LookUp[]> {
  const byKind = new Map<string, Manifest[]>();
  for (const m of desired) {
    if (known.has(idKey(idOf(m)))) continue;
    const list = byKind.get(groupKindOf(m));
    if (list) list.push(m);
    else byKind.set(groupKindOf(m), [m]);
  }
  return (await Promise.all([...byKind.values()].map((g) => (g.length === 1 ? getEach(client, g) : listThenGet(client, g))))).flat();
}

function getEach(client: KubeClient, desired: readonly Manifest[]): Promise<LookUp[]> {
  return Promise.all(desired.map(async (m) => ({ desired: m, found: await client.get(m.apiVersion, m.kind, m.metadata.name, m.metadata.namespace) })));
}

/** Objects of one kind: which exist, from metadata-only lists; then full GETs of only those. */
async function listThenGet(client: KubeClient, desired: readonly Manifest[]): Promise<LookUp[]> {
  const [{ apiVersion, kind }] = desired;
  const where = (m: Pick<Manifest, 'metadata'>) => `${m.metadata.namespace ?? ''}/${m.metadata.name}`;
  let existing: Set<string>;
  try {
    const namespaces = [...new Set(desired.map((m) => m.metadata.namespace ?? ''))].sort();
    existing = new Set((await client.listInNamespaces(apiVersion, kind, namespaces, { metadataOnly: true })).map(where));
  } catch (e) {
    if (e instanceof ClusterError && e.reason === 'forbidden') return getEach(client, desired); // may GET, not list
    throw e;
  }
  const found = await getEach(client, desired.filter((m) => existing.has(where(m))));
  return [...found, ...desired.filter((m) => !existing.has(where(m))).map((m) => ({ desired: m, found: undefined }))];
}

/** Each kind of the desired objects and of the inventories' members, with the namespaces to look in. */
async function kindsToList(client: KubeClient, desired: readonly Manifest[], inventories: readonly Inventory[]): Promise<Map<string, KindToList>> {
  const kinds = new Map<string, KindToList>();
  const add = (groupKind: string, apiVersion: string, kind: string, namespaces: readonly (string | undefined)[]) => {
    const entry = kinds.get(groupKind) ?? { apiVersion, kind, namespaces: new Set<string>() };
    for (const n of namespaces) if (n) entry.namespaces.add(n);
    kinds.set(groupKind, entry);
  };
  for (const m of desired) add(groupKindOf(m), m.apiVersion, m.kind, [m.metadata.namespace]);
  for (const inv of inventories) {
    for (const gk of inv.groupKinds) {
      const { kind, group } = parseGroupKind(gk);
      const apiVersion = kinds.get(gk)?.apiVersion ?? await client.discovery.preferredVersion(group);
      if (apiVersion) add(gk, apiVersion, kind, [inv.namespace, ...inv.additionalNamespaces]);
    }
  }
  return kinds;
}

function listKind(client: KubeClient, k: KindToList, absentNamespaces: ReadonlySet<string>): Promise<Manifest[]> {
  const namespaces = [...k.namespaces].filter((n) => !absentNamespaces.has(n)).sort();
  return client.listInNamespaces(k.apiVersion, k.kind, namespaces, { labelSelector: MANAGED_BY_SELECTOR });
}

