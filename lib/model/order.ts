import { BerthObject, ObjectId, idOf } from './object';

/**
 * Change groups, in apply order. Kinds not listed (custom resources) go with the workloads' group's
 * successor so that their CRDs and namespaces exist first. Deletes run in reverse.
 */
export const CHANGE_GROUPS: readonly (readonly string[])[] = [
  ['Namespace', 'CustomResourceDefinition'],
  ['ServiceAccount', 'Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding', 'ResourceQuota', 'LimitRange'],
  ['ConfigMap', 'Secret', 'PersistentVolumeClaim', 'PersistentVolume', 'StorageClass'],
  ['Service'],
  ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicaSet', 'Pod'],
  ['Ingress', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'NetworkPolicy'],
];

const UNKNOWN_KIND_GROUP = CHANGE_GROUPS.length;

export function changeGroupOf(kind: string): number {
  const i = CHANGE_GROUPS.findIndex((g) => g.includes(kind));
  return i < 0 ? UNKNOWN_KIND_GROUP : i;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Total order used everywhere output must be stable: change group, kind, namespace, name, group. */
export function compareObjects(a: BerthObject, b: BerthObject): number {
  return compareKeys(sortKey(a), sortKey(b));
}

export interface SortKey {
  readonly changeGroup: number;
  readonly id: ObjectId;
}

function sortKey(obj: BerthObject): SortKey {
  return { changeGroup: changeGroupOf(obj.manifest.kind), id: idOf(obj.manifest) };
}

export function compareKeys({ changeGroup: ga, id: ia }: SortKey, { changeGroup: gb, id: ib }: SortKey): number {
  return (
    ga - gb ||
    compareStrings(ia.kind, ib.kind) ||
    compareStrings(ia.namespace ?? '', ib.namespace ?? '') ||
    compareStrings(ia.name, ib.name) ||
    compareStrings(ia.group, ib.group)
  );
}

/** Sorted by `compareObjects`; each object's key is computed once (not once per comparison: 5000 objects). */
export function sortObjects(objects: readonly BerthObject[]): BerthObject[] {
  return objects
    .map((obj) => ({ obj, key: sortKey(obj) }))
    .sort((a, b) => compareKeys(a.key, b.key))
    .map(({ obj }) => obj);
}
