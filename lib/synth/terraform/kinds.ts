/**
 * Kinds with a typed resource in hashicorp/kubernetes 2.38 (and in @cdktf/provider-kubernetes 12.1.1).
 * A manifest is emitted as its typed resource only for exactly this apiVersion; anything else (custom resources,
 * beta API versions for old clusters) becomes `kubernetes_manifest`.
 */
export interface TypedKind {
  readonly kind: string;
  readonly apiVersion: string;
  /** Terraform resource type. */
  readonly resource: string;
  /** Folder of the resource in @cdktf/provider-kubernetes/lib, and its class name there. */
  readonly providerDir: string;
  readonly className: string;
}

function typed(kind: string, apiVersion: string, name: string, className: string): TypedKind {
  return { kind, apiVersion, resource: `kubernetes_${name}`, providerDir: name.replace(/_/g, '-'), className };
}

export const TYPED_KINDS: readonly TypedKind[] = [
  typed('Namespace', 'v1', 'namespace_v1', 'NamespaceV1'),
  typed('ServiceAccount', 'v1', 'service_account_v1', 'ServiceAccountV1'),
  typed('ResourceQuota', 'v1', 'resource_quota_v1', 'ResourceQuotaV1'),
  typed('LimitRange', 'v1', 'limit_range_v1', 'LimitRangeV1'),
  typed('ConfigMap', 'v1', 'config_map_v1', 'ConfigMapV1'),
  typed('Secret', 'v1', 'secret_v1', 'SecretV1'),
  typed('PersistentVolumeClaim', 'v1', 'persistent_volume_claim_v1', 'PersistentVolumeClaimV1'),
  typed('Service', 'v1', 'service_v1', 'ServiceV1'),
  typed('Deployment', 'apps/v1', 'deployment_v1', 'DeploymentV1'),
  typed('StatefulSet', 'apps/v1', 'stateful_set_v1', 'StatefulSetV1'),
  typed('Job', 'batch/v1', 'job_v1', 'JobV1'),
  typed('CronJob', 'batch/v1', 'cron_job_v1', 'CronJobV1'),
  typed('Ingress', 'networking.k8s.io/v1', 'ingress_v1', 'IngressV1'),
  typed('NetworkPolicy', 'networking.k8s.io/v1', 'network_policy_v1', 'NetworkPolicyV1'),
  typed('HorizontalPodAutoscaler', 'autoscaling/v2', 'horizontal_pod_autoscaler_v2', 'HorizontalPodAutoscalerV2'),
  typed('PodDisruptionBudget', 'policy/v1', 'pod_disruption_budget_v1', 'PodDisruptionBudgetV1'),
];

export const MANIFEST_RESOURCE = 'kubernetes_manifest';

const BY_KIND = new Map(TYPED_KINDS.map((k) => [`${k.apiVersion}/${k.kind}`, k]));
const BY_RESOURCE = new Map(TYPED_KINDS.map((k) => [k.resource, k]));

export function typedKindOf(apiVersion: string, kind: string): TypedKind | undefined {
  return BY_KIND.get(`${apiVersion}/${kind}`);
}

export function typedKindByResource(resource: string): TypedKind | undefined {
  return BY_RESOURCE.get(resource);
}
