/**
 * Fields the API server refuses to change: a change there means delete and create again (`-/+`).
 * `path` matches the field and everything under it.
 */
import { Json, Manifest } from '../../model/object';
import { quantityValue } from '../../validate/quantity';

export interface ImmutableRule {
  readonly kinds: readonly string[];
  readonly path: string;
  readonly reason: string;
  /** Only when the live object says so (e.g. `immutable: true`). */
  readonly when?: (live: Manifest) => boolean;
  /** A change the server accepts after all (e.g. growing a volume claim). */
  readonly allows?: (path: string, desired: Json | undefined, live: Json | undefined) => boolean;
}

const isImmutableConfig = (live: Manifest) => live.immutable === true;
const storageGrowth = (path: string, desired: Json | undefined, live: Json | undefined) =>
  path === 'spec.resources.requests.storage' && (quantityValue(desired) ?? 0) > (quantityValue(live) ?? Infinity);

export const IMMUTABLE_RULES: readonly ImmutableRule[] = [
  { kinds: ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'], path: 'spec.selector', reason: 'spec.selector cannot change' },
  { kinds: ['StatefulSet'], path: 'spec.volumeClaimTemplates', reason: 'spec.volumeClaimTemplates cannot change' },
  { kinds: ['StatefulSet'], path: 'spec.serviceName', reason: 'spec.serviceName cannot change' },
  { kinds: ['StatefulSet'], path: 'spec.podManagementPolicy', reason: 'spec.podManagementPolicy cannot change' },
  { kinds: ['Job'], path: 'spec.template', reason: 'a Job\'s pod template cannot change' },
  { kinds: ['Job'], path: 'spec.selector', reason: 'a Job\'s selector cannot change' },
  { kinds: ['Job'], path: 'spec.completions', reason: 'a Job\'s completions cannot change' },
  { kinds: ['Service'], path: 'spec.clusterIP', reason: 'a Service\'s clusterIP cannot change' },
  { kinds: ['Service'], path: 'spec.clusterIPs', reason: 'a Service\'s clusterIPs cannot change' },
  {
    kinds: ['Service'], path: 'spec.type', allows: (_p, desired, live) => desired !== 'ExternalName' && live !== 'ExternalName',
    reason: 'a Service cannot change to or from type ExternalName in place',
  },
  {
    kinds: ['PersistentVolumeClaim'], path: 'spec', allows: storageGrowth,
    reason: 'a PersistentVolumeClaim\'s spec cannot change (except growing its storage request)',
  },
  { kinds: ['ConfigMap', 'Secret'], path: 'data', when: isImmutableConfig, reason: 'the object is immutable (immutable: true)' },
  { kinds: ['ConfigMap'], path: 'binaryData', when: isImmutableConfig, reason: 'the object is immutable (immutable: true)' },
  { kinds: ['ConfigMap', 'Secret'], path: 'immutable', when: isImmutableConfig, reason: 'immutable: true cannot be undone' },
  { kinds: ['Secret'], path: 'type', reason: 'a Secret\'s type cannot change' },
  { kinds: ['RoleBinding', 'ClusterRoleBinding'], path: 'roleRef', reason: 'roleRef cannot change' },
];
