import { Diagnostic, diagnostic } from '../diagnostic';
import { isQuantity, quantityValue } from '../quantity';
import { RuleContext, asList, asMap, containersOf, podSpecOf } from './context';

/** Quantity fields outside pod specs, by kind: the map whose values must all be quantities. */
const QUANTITY_MAPS: Record<string, (spec: Record<string, unknown>) => [unknown, string][]> = {
  ResourceQuota: (spec) => [[spec.hard, 'spec.hard']],
  PersistentVolumeClaim: (spec) => [[asMap(spec.resources)?.requests, 'spec.resources.requests']],
  LimitRange: (spec) => asList(spec.limits).flatMap((l, i) => ['default', 'defaultRequest', 'max', 'min', 'maxLimitRequestRatio']
    .map((f): [unknown, string] => [asMap(l)?.[f], `spec.limits[${i}].${f}`])),
};

/** Invalid quantities anywhere berth knows of; container requests above their limits. */
export function resourcesRule(ctx: RuleContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const checkMap = (obj: Parameters<typeof diagnostic>[1], map: unknown, path: string, countKeysOnly = false) => {
    for (const [k, v] of Object.entries(asMap(map) ?? {})) {
      // Quota keys such as `count/deployments.apps` are plain counts; they are quantities too.
      if (!isQuantity(v) && !countKeysOnly) {
        out.push(diagnostic('error', obj, `${path}["${k}"]`, 'invalid-quantity', `${JSON.stringify(v)} is not a valid quantity (e.g. 500m, 1.5, 128Mi, 2Gi)`));
      }
    }
  };
  for (const obj of ctx.objects) {
    const spec = asMap(obj.manifest.spec) ?? {};
    for (const [map, path] of QUANTITY_MAPS[obj.manifest.kind]?.(spec) ?? []) checkMap(obj, map, path);
    asList(spec.volumeClaimTemplates).forEach((t, i) => {
      checkMap(obj, asMap(asMap(asMap(t)?.spec)?.resources)?.requests, `spec.volumeClaimTemplates[${i}].spec.resources.requests`);
    });
    const pod = podSpecOf(obj);
    if (!pod) continue;
    for (const { container, path } of containersOf(pod)) {
      const resources = asMap(container.resources) ?? {};
      checkMap(obj, resources.requests, `${path}.resources.requests`);
      checkMap(obj, resources.limits, `${path}.resources.limits`);
      const requests = asMap(resources.requests) ?? {};
      const limits = asMap(resources.limits) ?? {};
      for (const name of Object.keys(requests)) {
        const req = quantityValue(requests[name]);
        const lim = quantityValue(limits[name]);
        if (req !== undefined && lim !== undefined && req > lim) {
          out.push(diagnostic('error', obj, `${path}.resources.requests.${name}`, 'requests-above-limits',
            `request ${String(requests[name])} is above the limit ${String(limits[name])}`));
        }
      }
    }
  }
  return out;
}
