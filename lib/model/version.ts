/**
 * Target Kubernetes version: picks the API version of kinds whose group version changed between
 * releases. Constructs never see this; only the emitted objects change.
 */
export interface KubeVersion {
  readonly major: 1;
  readonly minor: number;
}

export const MIN_MINOR = 20;
export const MAX_MINOR = 34;
export const DEFAULT_VERSION: KubeVersion = { major: 1, minor: MAX_MINOR };

export class VersionError extends Error {}

/** Parses `1.20`, `v1.20`, `1.20.2` or `v1.20.2+k3s1`; rejects versions berth does not support. */
export function parseVersion(text: string): KubeVersion {
  const m = /^v?(\d+)\.(\d+)(?:\.\d+)?(?:[-+].*)?$/.exec(text.trim());
  if (!m || m[1] !== '1') throw new VersionError(`invalid Kubernetes version "${text}": expected MAJOR.MINOR such as 1.29`);
  const minor = Number(m[2]);
  if (minor < MIN_MINOR || minor > MAX_MINOR) {
    throw new VersionError(`Kubernetes ${text} is not supported: berth targets 1.${MIN_MINOR} to 1.${MAX_MINOR}`);
  }
  return { major: 1, minor };
}

export function formatVersion(v: KubeVersion): string {
  return `${v.major}.${v.minor}`;
}

/** For each kind whose API version depends on the target: [first minor of the newer version, newer, older]. */
const VERSIONED_KINDS: Record<string, readonly [number, string, string]> = {
  HorizontalPodAutoscaler: [23, 'autoscaling/v2', 'autoscaling/v2beta2'],
  PodDisruptionBudget: [21, 'policy/v1', 'policy/v1beta1'],
  CronJob: [21, 'batch/v1', 'batch/v1beta1'],
};

const STABLE_KINDS: Record<string, string> = {
  Namespace: 'v1', ConfigMap: 'v1', Secret: 'v1', Service: 'v1', ServiceAccount: 'v1',
  PersistentVolumeClaim: 'v1', ResourceQuota: 'v1', LimitRange: 'v1', Pod: 'v1',
  Deployment: 'apps/v1', StatefulSet: 'apps/v1', DaemonSet: 'apps/v1', Job: 'batch/v1',
  Ingress: 'networking.k8s.io/v1', NetworkPolicy: 'networking.k8s.io/v1',
};

/** The apiVersion berth emits for a built-in kind at a target version. */
export function apiVersionFor(kind: string, version: KubeVersion): string {
  const versioned = VERSIONED_KINDS[kind];
  if (versioned) return version.minor >= versioned[0] ? versioned[1] : versioned[2];
  const stable = STABLE_KINDS[kind];
  if (!stable) throw new Error(`berth has no built-in API version for kind ${kind}`);
  return stable;
}
