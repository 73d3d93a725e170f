/** The applications of a set of desired objects and the namespace each one's inventory lives in. */
import { BerthObject } from '../model/object';
import { InventoryRef } from './inventory';

/**
 * An application's namespace: its Namespace object when it has one, else the namespace most of its objects
 * live in, else the application's name (berth's default namespace for an application).
 */
export function appRefsOf(objects: readonly BerthObject[]): InventoryRef[] {
  const byApp = new Map<string, BerthObject[]>();
  for (const o of objects) byApp.set(o.app, [...(byApp.get(o.app) ?? []), o]);
  return [...byApp].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([app, objs]) => ({ app, namespace: namespaceOf(app, objs) }));
}

function namespaceOf(app: string, objects: readonly BerthObject[]): string {
  const ns = objects.filter((o) => o.manifest.kind === 'Namespace' && !o.manifest.apiVersion.includes('/'));
  if (ns.length === 1) return ns[0].manifest.metadata.name;
  const counts = new Map<string, number>();
  for (const o of objects) {
    const n = o.manifest.metadata.namespace;
    if (n) counts.set(n, (counts.get(n) ?? 0) + 1);
  }
  let best: string | undefined;
  for (const [n, c] of counts) if (best === undefined || c > counts.get(best)!) best = n;
  return best ?? app;
}
