import { BerthObject } from '../../model/object';
import { Diagnostic, diagnostic } from '../diagnostic';
import { quantityValue } from '../quantity';
import { JsonMap, RuleContext, asList, asMap, containersOf, podSpecOf } from './context';

const QUOTA_KEYS: Record<string, [section: 'requests' | 'limits', resource: 'cpu' | 'memory']> = {
  'requests.cpu': ['requests', 'cpu'], cpu: ['requests', 'cpu'],
  'requests.memory': ['requests', 'memory'], memory: ['requests', 'memory'],
  'limits.cpu': ['limits', 'cpu'], 'limits.memory': ['limits', 'memory'],
};

/**
 * The application's own workloads must fit in its namespace's ResourceQuota: replicas (an autoscaler's
 * minimum, when there is one) times each pod's requests and limits, with LimitRange defaults for containers
 * that set none. An autoscaler whose maximum would not fit is a warning.
 */
export function quotaRule(ctx: RuleContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const quota of ctx.objects.filter((o) => o.manifest.kind === 'ResourceQuota')) {
    const ns = quota.manifest.metadata.namespace;
    const inNs = ctx.objects.filter((o) => o.manifest.metadata.namespace === ns);
    const defaults = limitRangeDefaults(inNs);
    const hard = asMap(asMap(quota.manifest.spec)?.hard) ?? {};
    const totals = { min: new Map<string, number>(), max: new Map<string, number>() };
    const add = (m: Map<string, number>, key: string, v: number) => m.set(key, (m.get(key) ?? 0) + v);
    for (const obj of inNs) {
      const pod = podSpecOf(obj);
      if (!pod) continue;
      const hpa = autoscalerOf(inNs, obj);
      const minPods = hpa?.min ?? pod.pods;
      const maxPods = hpa?.max ?? pod.pods;
      const perPod = podAmounts(pod.spec, defaults);
      for (const [key, v] of perPod) {
        add(totals.min, key, v * minPods);
        add(totals.max, key, v * maxPods);
      }
      add(totals.min, 'pods', minPods);
      add(totals.max, 'pods', maxPods);
    }
    for (const [key, limit] of Object.entries(hard)) {
      const mapped = QUOTA_KEYS[key];
      const total = mapped ? `${mapped[0]}.${mapped[1]}` : key === 'pods' ? 'pods' : undefined;
      const cap = quantityValue(limit);
      if (!total || cap === undefined) continue;
      const need = totals.min.get(total) ?? 0;
      const peak = totals.max.get(total) ?? 0;
      if (need > cap) {
        out.push(diagnostic('error', quota, `spec.hard["${key}"]`, 'quota-exceeded',
          `the application's workloads need ${format(need, total)} of ${key} but the quota allows ${String(limit)}`));
      } else if (peak > cap) {
        out.push(diagnostic('warning', quota, `spec.hard["${key}"]`, 'quota-exceeded',
          `at their autoscalers' maximum the workloads would need ${format(peak, total)} of ${key}; the quota allows ${String(limit)}`));
      }
    }
  }
  return out;
}

function format(v: number, key: string): string {
  if (key.endsWith('cpu')) return `${Math.round(v * 1000)}m`;
  if (key.endsWith('memory')) return `${Math.round(v / 2 ** 20)}Mi`;
  return String(v);
}

type Amounts = Map<string, number>;

function limitRangeDefaults(objects: readonly BerthObject[]): { requests: JsonMap; limits: JsonMap } {
  const out = { requests: {} as JsonMap, limits: {} as JsonMap };
  for (const lr of objects.filter((o) => o.manifest.kind === 'LimitRange')) {
    for (const item of asList(asMap(lr.manifest.spec)?.limits).map((l) => asMap(l) ?? {})) {
      if (item.type !== 'Container') continue;
      Object.assign(out.limits, asMap(item.default) ?? {});
      Object.assign(out.requests, asMap(item.defaultRequest) ?? asMap(item.default) ?? {});
    }
  }
  return out;
}

/** Effective per-pod amounts: max(any init container, sum of containers), as the scheduler counts them. */
function podAmounts(spec: JsonMap, defaults: { requests: JsonMap; limits: JsonMap }): Amounts {
  const out: Amounts = new Map();
  const pod = { spec, path: '', labels: {}, pods: 1 };
  for (const section of ['requests', 'limits'] as const) {
    for (const resource of ['cpu', 'memory']) {
      let sum = 0;
      let initMax = 0;
      for (const { container, init } of containersOf(pod)) {
        const resources = asMap(container.resources) ?? {};
        const own = asMap(resources[section]) ?? {};
        // Kubernetes defaults a missing request to the limit, then to the LimitRange default.
        const value = quantityValue(own[resource])
          ?? (section === 'requests' ? quantityValue(asMap(resources.limits)?.[resource]) : undefined)
          ?? quantityValue(defaults[section][resource]) ?? 0;
        if (init) initMax = Math.max(initMax, value);
        else sum += value;
      }
      out.set(`${section}.${resource}`, Math.max(sum, initMax));
    }
  }
  return out;
}

function autoscalerOf(objects: readonly BerthObject[], target: BerthObject): { min: number; max: number } | undefined {
  for (const o of objects) {
    if (o.manifest.kind !== 'HorizontalPodAutoscaler') continue;
    const spec = asMap(o.manifest.spec) ?? {};
    const ref = asMap(spec.scaleTargetRef) ?? {};
    if (ref.kind === target.manifest.kind && ref.name === target.manifest.metadata.name) {
      return { min: typeof spec.minReplicas === 'number' ? spec.minReplicas : 1, max: Number(spec.maxReplicas) };
    }
  }
  return undefined;
}
