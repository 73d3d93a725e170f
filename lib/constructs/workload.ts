import { Construct } from 'constructs';
import { Json } from '../model/object';
import { APP_NAME, PART_OF } from '../model/labels';
import { ContainerProps, renderContainer } from './container';
import { Defaults, ResolvedDefaults, mergeDeep } from './defaults';
import { ObjectRef, Resource, ResourceProps } from './resource';
import { Volume } from './volume';

export interface Toleration {
  readonly key?: string;
  readonly operator?: 'Exists' | 'Equal';
  readonly value?: string;
  readonly effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  readonly tolerationSeconds?: number;
}

export interface WorkloadProps extends ResourceProps {
  /** Containers; more can be added with `addContainer`. At least one is required. */
  readonly containers?: readonly ContainerProps[];
  readonly initContainers?: readonly ContainerProps[];
  /** Volumes not mounted by any container (mounted ones are added automatically). */
  readonly volumes?: readonly Volume[];
  /** Default: the namespace's default service account. */
  readonly serviceAccount?: ObjectRef;
  /** Default false unless a service account is given. */
  readonly automountServiceAccountToken?: boolean;
  readonly podLabels?: Record<string, string>;
  readonly podAnnotations?: Record<string, string>;
  readonly nodeSelector?: Record<string, string>;
  readonly tolerations?: readonly Toleration[];
  readonly imagePullSecrets?: readonly ObjectRef[];
  readonly terminationGracePeriodSeconds?: number;
  /** Overrides of the application's defaults for this object only. */
  readonly defaults?: Defaults;
}

/** Something that runs pods: the shared pod template of Deployment, StatefulSet, Job and CronJob. */
export abstract class Workload extends Resource {
  protected readonly workloadProps: WorkloadProps;
  private readonly containers: ContainerProps[];
  private readonly initContainers: ContainerProps[];
  private readonly extraVolumes: Volume[];

  constructor(scope: Construct, id: string, props: WorkloadProps) {
    super(scope, id, props);
    this.workloadProps = props;
    this.containers = [...(props.containers ?? [])];
    this.initContainers = [...(props.initContainers ?? [])];
    this.extraVolumes = [...(props.volumes ?? [])];
    this.node.addValidation({
      validate: () => (this.containers.length ? [] : [`${this.kind} ${this.name} has no containers: give one with containers or addContainer()`]),
    });
  }

  /** Defaults for this object: the application's, overridden by the object's own `defaults`. */
  get defaults(): ResolvedDefaults {
    return mergeDeep(this.application.defaults, this.workloadProps.defaults);
  }

  /** Labels that select this workload's pods (immutable once applied). */
  get selectorLabels(): Record<string, string> {
    return { [PART_OF]: this.application.name, [APP_NAME]: this.name };
  }

  addContainer(container: ContainerProps): this {
    this.containers.push(container);
    return this;
  }

  addInitContainer(container: ContainerProps): this {
    this.initContainers.push(container);
    return this;
  }

  addVolume(volume: Volume): this {
    this.extraVolumes.push(volume);
    return this;
  }

  /** All containers' props, for wiring (first port, etc.). */
  get containerProps(): readonly ContainerProps[] {
    return this.containers;
  }

  /** Whether replicas are spread and containers get a default readiness probe (not for batch workloads). */
  protected abstract readonly serving: boolean;

  protected podTemplate(): { [k: string]: Json } {
    const p = this.workloadProps;
    const defaults = this.defaults;
    const where = `${this.node.path}`;
    if (!this.containers.length) throw new Error(`${where}: ${this.kind} has no containers`);
    const names = new Set<string>();
    const render = (c: ContainerProps, i: number, init: boolean) => {
      const name = c.name ?? (init ? `${this.name}-init-${i}` : i === 0 ? this.name : `${this.name}-${i}`);
      if (names.has(name)) throw new Error(`${where}: two containers are named "${name}"`);
      names.add(name);
      return renderContainer(c, name, { defaults, defaultReadiness: this.serving && !init, where });
    };
    const spec: { [k: string]: Json } = {
      containers: this.containers.map((c, i) => render(c, i, false)),
    };
    if (this.initContainers.length) spec.initContainers = this.initContainers.map((c, i) => render(c, i, true));
    const volumes = this.volumes();
    if (volumes.length) spec.volumes = volumes.map((v) => v.toJson());
    if (p.serviceAccount) spec.serviceAccountName = p.serviceAccount.name;
    spec.automountServiceAccountToken = p.automountServiceAccountToken ?? p.serviceAccount !== undefined;
    spec.securityContext = {
      runAsNonRoot: defaults.security.runAsNonRoot,
      ...(defaults.security.runAsUser !== undefined ? { runAsUser: defaults.security.runAsUser } : {}),
      seccompProfile: { type: 'RuntimeDefault' },
    };
    if (p.nodeSelector) spec.nodeSelector = { ...p.nodeSelector };
    if (p.tolerations?.length) spec.tolerations = p.tolerations.map((t) => ({ ...t }));
    if (p.imagePullSecrets?.length) spec.imagePullSecrets = p.imagePullSecrets.map((s) => ({ name: s.name }));
    if (p.terminationGracePeriodSeconds !== undefined) spec.terminationGracePeriodSeconds = p.terminationGracePeriodSeconds;
    if (this.serving) Object.assign(spec, spreadJson(defaults, this.selectorLabels));
    const metadata: { [k: string]: Json } = {
      labels: { ...this.application.labels, ...p.podLabels, ...this.selectorLabels },
    };
    if (p.podAnnotations) metadata.annotations = { ...p.podAnnotations };
    return { metadata, spec };
  }

  private volumes(): Volume[] {
    const byName = new Map<string, Volume>();
    const mounted = [...this.containers, ...this.initContainers].flatMap((c) => (c.mounts ?? []).map((m) => m.volume));
    for (const v of [...mounted, ...this.extraVolumes]) {
      const seen = byName.get(v.name);
      if (seen && JSON.stringify(seen.toJson()) !== JSON.stringify(v.toJson())) {
        throw new Error(`${this.node.path}: two different volumes are named "${v.name}"`);
      }
      byName.set(v.name, v);
    }
    return [...byName.values()];
  }
}

function spreadJson(defaults: ResolvedDefaults, matchLabels: Record<string, string>): { [k: string]: Json } {
  const labelSelector = { matchLabels: { ...matchLabels } };
  switch (defaults.spread) {
    case 'topology':
      return {
        topologySpreadConstraints: ['kubernetes.io/hostname', 'topology.kubernetes.io/zone'].map((topologyKey) => ({
          labelSelector, maxSkew: 1, topologyKey, whenUnsatisfiable: 'ScheduleAnyway',
        })),
      };
    case 'anti-affinity':
      return {
        affinity: {
          podAntiAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              { podAffinityTerm: { labelSelector, topologyKey: 'kubernetes.io/hostname' }, weight: 100 },
            ],
          },
        },
      };
    case 'none':
      return {};
  }
}
