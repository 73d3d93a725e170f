/** Built-in kinds that are not namespaced. Everything else is treated as namespaced. */
export const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'StorageClass', 'ClusterRole', 'ClusterRoleBinding',
  'CustomResourceDefinition', 'PriorityClass', 'IngressClass', 'RuntimeClass', 'CSIDriver', 'CSINode',
  'VolumeAttachment', 'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'APIService',
  'CertificateSigningRequest', 'PodSecurityPolicy', 'FlowSchema', 'PriorityLevelConfiguration',
]);
