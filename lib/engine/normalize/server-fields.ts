/**
 * Fields that never count as a change: written by the API server or by controllers, or bookkeeping of
 * other tools. Removed from both the live object and the server's dry-run answer before diffing.
 * Paths are field names from the object's root; `*` matches any map key or list item.
 */
export interface IgnoredField {
  readonly path: readonly string[];
  /** Only for these kinds (default: every kind). */
  readonly kinds?: readonly string[];
  /** Ignored only when the desired object does not set it (the server allocated it). */
  readonly unlessDesired?: boolean;
}

export const IGNORED_FIELDS: readonly IgnoredField[] = [
  { path: ['status'] },
  { path: ['metadata', 'uid'] },
  { path: ['metadata', 'resourceVersion'] },
  { path: ['metadata', 'generation'] },
  { path: ['metadata', 'creationTimestamp'] },
  { path: ['metadata', 'managedFields'] },
  { path: ['metadata', 'selfLink'] },
  { path: ['metadata', 'deletionTimestamp'] },
  { path: ['metadata', 'deletionGracePeriodSeconds'] },
  // Bookkeeping of controllers and of client-side kubectl apply (which may even hold Secret data).
  { path: ['metadata', 'annotations', 'deployment.kubernetes.io/revision'] },
  { path: ['metadata', 'annotations', 'kubectl.kubernetes.io/last-applied-configuration'] },
  // Allocated by the server when the stacks leave them out.
  { kinds: ['Service'], path: ['spec', 'clusterIP'], unlessDesired: true },
  { kinds: ['Service'], path: ['spec', 'clusterIPs'], unlessDesired: true },
  { kinds: ['Service'], path: ['spec', 'ports', '*', 'nodePort'], unlessDesired: true },
  { kinds: ['Service'], path: ['spec', 'healthCheckNodePort'], unlessDesired: true },
  { kinds: ['PersistentVolumeClaim'], path: ['spec', 'volumeName'], unlessDesired: true },
  { kinds: ['Job'], path: ['spec', 'selector'], unlessDesired: true },
  { kinds: ['Job'], path: ['spec', 'template', 'metadata', 'labels', 'controller-uid'], unlessDesired: true },
  { kinds: ['Job'], path: ['spec', 'template', 'metadata', 'labels', 'job-name'], unlessDesired: true },
];
