import { Json } from '../model/object';
import { ContainerResources, ResolvedDefaults, SecurityDefaults, mergeDeep, resourcesJson } from './defaults';
import { EnvValue } from './env';
import { Probe } from './probe';
import { Volume } from './volume';

export type Protocol = 'TCP' | 'UDP' | 'SCTP';

export interface ContainerPort {
  readonly number: number;
  /** Default: none (named ports are needed only to refer to them by name). */
  readonly name?: string;
  /** Default TCP; always written out. */
  readonly protocol?: Protocol;
}

export interface VolumeMount {
  readonly volume: Volume;
  readonly path: string;
  /** Default false. */
  readonly readOnly?: boolean;
  readonly subPath?: string;
}

export interface ContainerProps {
  readonly image: string;
  /** Default: the workload's name for the first container, `<workload>-<n>` for the others. */
  readonly name?: string;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly workingDir?: string;
  /** Shorthand for one TCP port. */
  readonly port?: number;
  readonly ports?: readonly ContainerPort[];
  /** Environment variables by name; a string is a literal value. */
  readonly env?: Readonly<Record<string, EnvValue | string>>;
  /** Merged over the application's default requests and limits. */
  readonly resources?: ContainerResources;
  /** Default: a TCP probe on the first port (if the defaults say so); `false` for none. */
  readonly readiness?: Probe | false;
  readonly liveness?: Probe;
  readonly startup?: Probe;
  readonly mounts?: readonly VolumeMount[];
  /** Merged over the application's security defaults. */
  readonly security?: SecurityDefaults;
  /** Default: not set (Kubernetes decides from the tag). */
  readonly imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
}

export interface ContainerRenderOptions {
  readonly defaults: ResolvedDefaults;
  /** Whether the default readiness probe applies (not for Jobs and init containers). */
  readonly defaultReadiness: boolean;
  /** Where errors point to. */
  readonly where: string;
}

export function containerPorts(props: ContainerProps): ContainerPort[] {
  return [...(props.port !== undefined ? [{ number: props.port }] : []), ...(props.ports ?? [])];
}

export function renderContainer(props: ContainerProps, name: string, opts: ContainerRenderOptions): { [k: string]: Json } {
  const where = `${opts.where} container "${name}"`;
  const ports = containerPorts(props);
  const firstPort = ports[0]?.number;
  const security = mergeDeep(opts.defaults.security, props.security);
  const c: { [k: string]: Json } = { name, image: props.image };
  if (props.command) c.command = [...props.command];
  if (props.args) c.args = [...props.args];
  if (props.workingDir) c.workingDir = props.workingDir;
  if (props.imagePullPolicy) c.imagePullPolicy = props.imagePullPolicy;
  if (ports.length) {
    c.ports = ports.map((p) => ({
      containerPort: p.number,
      ...(p.name ? { name: p.name } : {}),
      protocol: p.protocol ?? 'TCP',
    }));
  }
  if (props.env) {
    c.env = Object.keys(props.env).sort().map((k) => {
      const v = props.env![k];
      return typeof v === 'string' ? { name: k, value: v } : v.toJson(k);
    });
  }
  const resources = resourcesJson(mergeDeep(opts.defaults.resources, props.resources));
  if (Object.keys(resources).length) c.resources = resources;
  const readiness = props.readiness === undefined
    ? (opts.defaultReadiness && opts.defaults.readinessProbe && firstPort !== undefined ? Probe.tcp() : undefined)
    : props.readiness || undefined;
  if (readiness) c.readinessProbe = readiness.toJson(firstPort, where);
  if (props.liveness) c.livenessProbe = props.liveness.toJson(firstPort, where);
  if (props.startup) c.startupProbe = props.startup.toJson(firstPort, where);
  if (props.mounts?.length) {
    c.volumeMounts = props.mounts.map((m) => ({
      mountPath: m.path,
      name: m.volume.name,
      ...(m.readOnly !== undefined ? { readOnly: m.readOnly } : {}),
      ...(m.subPath ? { subPath: m.subPath } : {}),
    }));
  }
  c.securityContext = {
    allowPrivilegeEscalation: security.allowPrivilegeEscalation,
    readOnlyRootFilesystem: security.readOnlyRootFilesystem,
    ...(security.dropCapabilities.length ? { capabilities: { drop: [...security.dropCapabilities] } } : {}),
  };
  return c;
}
