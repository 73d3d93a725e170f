/**
 * Defaults berth applies to workloads and services. They are overridable per object (the construct's props),
 * per application (`new Application(app, 'shop', { defaults })`) and for the whole App
 * (`new App({ defaults })`). The most specific setting wins; objects are merged field by field.
 */
import { Json } from '../model/object';

export interface ResourceAmounts {
  /** CPU quantity, e.g. `100m`. */
  readonly cpu?: string;
  /** Memory quantity, e.g. `128Mi`. */
  readonly memory?: string;
}

export interface ContainerResources {
  /** What the scheduler reserves; quotas count these. */
  readonly requests?: ResourceAmounts;
  /** The most the container may use. */
  readonly limits?: ResourceAmounts;
}

/** How replicas of a workload are spread over the cluster. */
export type SpreadMode =
  /** Topology spread constraints over nodes and zones (soft: ScheduleAnyway). */
  | 'topology'
  /** Preferred pod anti-affinity on the node hostname. */
  | 'anti-affinity'
  /** No spreading rules. */
  | 'none';

export interface SecurityDefaults {
  /** Pods must run as a non-root user. Default true. */
  readonly runAsNonRoot?: boolean;
  /** UID to run as when the image does not say; unset by default. */
  readonly runAsUser?: number;
  /** Default false. */
  readonly allowPrivilegeEscalation?: boolean;
  /** Default false (many images write to their filesystem). */
  readonly readOnlyRootFilesystem?: boolean;
  /** Linux capabilities dropped from every container. Default ['ALL']. */
  readonly dropCapabilities?: readonly string[];
}

export interface Defaults {
  /** Requests and limits of containers that set none. Default requests 100m/128Mi, limits 500m/256Mi. */
  readonly resources?: ContainerResources;
  /** Replicas of Deployments and StatefulSets. Default 2. */
  readonly replicas?: number;
  /** Default 'topology'. */
  readonly spread?: SpreadMode;
  /** Add a TCP readiness probe on the first port of containers that have a port and no probe. Default true. */
  readonly readinessProbe?: boolean;
  readonly security?: SecurityDefaults;
}

export type ResolvedDefaults = {
  readonly resources: ContainerResources;
  readonly replicas: number;
  readonly spread: SpreadMode;
  readonly readinessProbe: boolean;
  readonly security: Required<Omit<SecurityDefaults, 'runAsUser'>> & { readonly runAsUser?: number };
};

export const BUILTIN_DEFAULTS: ResolvedDefaults = {
  resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
  replicas: 2,
  spread: 'topology',
  readinessProbe: true,
  security: {
    runAsNonRoot: true,
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: false,
    dropCapabilities: ['ALL'],
  },
};

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Deep merge of plain objects; arrays and scalars of `over` replace those of `base`; undefined is ignored. */
export function mergeDeep<T>(base: T, over: unknown): T {
  if (over === undefined) return base;
  if (!isPlainObject(base) || !isPlainObject(over)) return over as T;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v !== undefined) out[k] = mergeDeep(out[k], v);
  }
  return out as T;
}

export function resolveDefaults(...layers: (Defaults | undefined)[]): ResolvedDefaults {
  return layers.reduce<ResolvedDefaults>((acc, layer) => mergeDeep(acc, layer), BUILTIN_DEFAULTS);
}

/** Resource amounts as the `resources` field of a container. */
export function resourcesJson(r: ContainerResources): { [k: string]: Json } {
  const out: { [k: string]: Json } = {};
  for (const part of ['limits', 'requests'] as const) {
    const amounts = r[part];
    if (!amounts) continue;
    const entry: { [k: string]: Json } = {};
    if (amounts.cpu !== undefined) entry.cpu = amounts.cpu;
    if (amounts.memory !== undefined) entry.memory = amounts.memory;
    if (Object.keys(entry).length) out[part] = entry;
  }
  return out;
}
