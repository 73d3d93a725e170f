/**
 * Apply order as data: each object's wave is its change group (lib/model/order.ts), pushed later by what it
 * depends on — explicit construct dependencies plus two implicit ones (a namespaced object needs its Namespace,
 * a custom resource needs its CustomResourceDefinition). Objects of one wave are applied together; deletes run
 * the waves in reverse. A dependency cycle is an error that names the objects on the cycle.
 */
import { BerthObject, ObjectId, describeId, idKey, idOf, groupOf } from '../model/object';
import { changeGroupOf } from '../model/order';

export interface Wave<T> {
  /** 0, 1, ...: position in apply order. */
  readonly index: number;
  readonly items: readonly T[];
}

export class DependencyCycleError extends Error {}

/** What waves need to know of an object. */
export interface Orderable {
  readonly id: ObjectId;
  /** Keys (idKey) of the objects that must come first. */
  readonly after: readonly string[];
  readonly source?: string;
}

/** Orderable views of berth objects, with implicit dependencies added (only on objects of the same set). */
export function orderablesOf(objects: readonly BerthObject[]): (Orderable & { readonly object: BerthObject })[] {
  const keys = new Set(objects.map((o) => idKey(idOf(o.manifest))));
  const crdByResource = new Map<string, string>();
  for (const o of objects) {
    const m = o.manifest;
    if (m.kind !== 'CustomResourceDefinition') continue;
    const spec = (m.spec ?? {}) as { group?: string; names?: { kind?: string } };
    if (spec.group && spec.names?.kind) crdByResource.set(`${spec.group}/${spec.names.kind}`, idKey(idOf(m)));
  }
  return objects.map((object) => {
    const m = object.manifest;
    const after = new Set(object.dependsOn.map(idKey).filter((k) => keys.has(k)));
    const nsKey = m.metadata.namespace && idKey({ group: '', kind: 'Namespace', name: m.metadata.namespace });
    if (nsKey && keys.has(nsKey)) after.add(nsKey);
    const crd = crdByResource.get(`${groupOf(m.apiVersion)}/${m.kind}`);
    if (crd) after.add(crd);
    after.delete(idKey(idOf(m)));
    return { id: idOf(m), after: [...after].sort(), source: object.source, object };
  });
}

/**
 * Waves in apply order: an object's wave is the larger of its change group and one past the wave of each
 * object it depends on. Empty waves are dropped; items keep their input order within a wave.
 */
export function computeWaves<T extends Orderable>(items: readonly T[]): Wave<T>[] {
  const byKey = new Map(items.map((i) => [idKey(i.id), i]));
  const level = new Map<string, number>();
  const visiting: string[] = [];

  const levelOf = (key: string): number => {
    const known = level.get(key);
    if (known !== undefined) return known;
    const at = visiting.indexOf(key);
    if (at >= 0) throw cycleError([...visiting.slice(at), key].map((k) => byKey.get(k)!));
    const item = byKey.get(key)!;
    visiting.push(key);
    let l = changeGroupOf(item.id.kind);
    for (const dep of item.after) if (byKey.has(dep)) l = Math.max(l, levelOf(dep) + 1);
    visiting.pop();
    level.set(key, l);
    return l;
  };

  const buckets = new Map<number, T[]>();
  for (const item of items) {
    const l = levelOf(idKey(item.id));
    buckets.set(l, [...(buckets.get(l) ?? []), item]);
  }
  return [...buckets.keys()].sort((a, b) => a - b).map((l, index) => ({ index, items: buckets.get(l)! }));
}

/** Delete order: change groups in reverse (live objects carry no construct dependencies). */
export function deleteWaves<T extends { readonly id: ObjectId }>(items: readonly T[]): Wave<T>[] {
  const waves = computeWaves(items.map((item) => ({ id: item.id, after: [] as string[], item })));
  return waves.reverse().map((w, index) => ({ index, items: w.items.map((x) => x.item) }));
}

function cycleError(path: readonly Orderable[]): DependencyCycleError {
  const names = path.map((o) => `${describeId(o.id)}${o.source ? ` (${o.source})` : ''}`);
  return new DependencyCycleError(`dependency cycle: ${names.join(' -> ')}; remove one of these dependencies`);
}
