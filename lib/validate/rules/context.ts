import { BerthObject, Json, ObjectId, idKey, idOf } from '../../model/object';
import { Diagnostic } from '../diagnostic';

/** What every rule gets: the objects, an index by identity, and objects managed elsewhere. */
export interface RuleContext {
  readonly objects: readonly BerthObject[];
  readonly byKey: ReadonlyMap<string, BerthObject>;
  readonly externals: ReadonlySet<string>;
  /** Pod templates of the workloads, by namespace (for selectors; scanning all objects per selector is quadratic). */
  readonly podsByNamespace: ReadonlyMap<string | undefined, readonly PodSpecAt[]>;
}

export type Rule = (ctx: RuleContext) => Diagnostic[];

export function ruleContext(objects: readonly BerthObject[], externals: readonly ObjectId[]): RuleContext {
  const byKey = new Map<string, BerthObject>();
  const podsByNamespace = new Map<string | undefined, PodSpecAt[]>();
  for (const o of objects) {
    const key = idKey(idOf(o.manifest));
    if (!byKey.has(key)) byKey.set(key, o);
    const pod = podSpecOf(o);
    if (!pod) continue;
    const inNamespace = podsByNamespace.get(o.manifest.metadata.namespace) ?? [];
    inNamespace.push(pod);
    podsByNamespace.set(o.manifest.metadata.namespace, inNamespace);
  }
  return { objects, byKey, externals: new Set(externals.map(idKey)), podsByNamespace };
}

export type JsonMap = { [k: string]: Json };

export function asMap(v: unknown): JsonMap | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as JsonMap) : undefined;
}

export function asList(v: unknown): Json[] {
  return Array.isArray(v) ? v : [];
}

/** A pod spec inside a workload, with its field path. */
export interface PodSpecAt {
  readonly spec: JsonMap;
  readonly path: string;
  readonly labels: Record<string, string>;
  /** How many pods run at once in steady state (replicas, parallelism). */
  readonly pods: number;
}

const POD_TEMPLATE_PATHS: Record<string, string[]> = {
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

export function podSpecOf(obj: BerthObject): PodSpecAt | undefined {
  const m = obj.manifest as unknown as JsonMap;
  if (m.kind === 'Pod') {
    const spec = asMap(m.spec);
    return spec && { spec, path: 'spec', labels: (obj.manifest.metadata.labels ?? {}) as Record<string, string>, pods: 1 };
  }
  const path = POD_TEMPLATE_PATHS[obj.manifest.kind];
  if (!path) return undefined;
  let node: Json | undefined = m;
  for (const p of path) node = asMap(node)?.[p];
  const template = asMap(node);
  const spec = asMap(template?.spec);
  if (!template || !spec) return undefined;
  const labels = (asMap(asMap(template.metadata)?.labels) ?? {}) as Record<string, string>;
  const s = asMap(m.spec) ?? {};
  const jobSpec = obj.manifest.kind === 'CronJob' ? asMap(asMap(s.jobTemplate)?.spec) ?? {} : s;
  const pods = typeof s.replicas === 'number' ? s.replicas
    : typeof jobSpec.parallelism === 'number' ? jobSpec.parallelism : 1;
  return { spec, path: `${path.join('.')}.spec`, labels, pods };
}

/** Containers and init containers of a pod spec with their field paths. */
export function containersOf(pod: PodSpecAt): { container: JsonMap; path: string; init: boolean }[] {
  const out: { container: JsonMap; path: string; init: boolean }[] = [];
  for (const [field, init] of [['initContainers', true], ['containers', false]] as const) {
    asList(pod.spec[field]).forEach((c, i) => {
      const container = asMap(c);
      if (container) out.push({ container, path: `${pod.path}.${field}[${i}]`, init });
    });
  }
  return out;
}

export function labelsMatch(selector: Record<string, string>, labels: Record<string, string>): boolean {
  const keys = Object.keys(selector);
  return keys.length > 0 && keys.every((k) => labels[k] === selector[k]);
}
