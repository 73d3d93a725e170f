/**
 * Names in a manifest that point at another object berth emits (a Secret a container reads, the Service an
 * Ingress routes to, the object's Namespace). In Terraform they become references to that resource, so
 * Terraform creates the target first and plans a rename as one change.
 */
import { Json, Manifest } from '../../model/object';

export interface ReferenceRule {
  /** Kinds whose manifests hold the name; empty for every kind. */
  readonly from: readonly string[];
  /** Dotted path; `[]` steps into every list item. */
  readonly path: string;
  /** Kind of the object named, or the path of a field holding it (`@spec.scaleTargetRef.kind`). */
  readonly target: string;
}

const POD_SPEC_AT: Record<string, string> = {
  Deployment: 'spec.template.spec',
  StatefulSet: 'spec.template.spec',
  Job: 'spec.template.spec',
  CronJob: 'spec.jobTemplate.spec.template.spec',
};

/** References inside a pod spec, relative to it. */
const POD_REFERENCES: readonly (readonly [string, string])[] = [
  ...['containers', 'initContainers'].flatMap((list) => [
    [`${list}[].env[].valueFrom.secretKeyRef.name`, 'Secret'] as const,
    [`${list}[].env[].valueFrom.configMapKeyRef.name`, 'ConfigMap'] as const,
    [`${list}[].envFrom[].secretRef.name`, 'Secret'] as const,
    [`${list}[].envFrom[].configMapRef.name`, 'ConfigMap'] as const,
  ]),
  ['volumes[].secret.secretName', 'Secret'],
  ['volumes[].configMap.name', 'ConfigMap'],
  ['volumes[].persistentVolumeClaim.claimName', 'PersistentVolumeClaim'],
  ['volumes[].projected.sources[].secret.name', 'Secret'],
  ['volumes[].projected.sources[].configMap.name', 'ConfigMap'],
  ['imagePullSecrets[].name', 'Secret'],
  ['serviceAccountName', 'ServiceAccount'],
];

export const REFERENCE_RULES: readonly ReferenceRule[] = [
  { from: [], path: 'metadata.namespace', target: 'Namespace' },
  ...Object.entries(POD_SPEC_AT).flatMap(([kind, at]) =>
    POD_REFERENCES.map(([path, target]) => ({ from: [kind], path: `${at}.${path}`, target }))),
  { from: ['StatefulSet'], path: 'spec.serviceName', target: 'Service' },
  { from: ['Ingress'], path: 'spec.defaultBackend.service.name', target: 'Service' },
  { from: ['Ingress'], path: 'spec.rules[].http.paths[].backend.service.name', target: 'Service' },
  { from: ['Ingress'], path: 'spec.tls[].secretName', target: 'Secret' },
  { from: ['HorizontalPodAutoscaler'], path: 'spec.scaleTargetRef.name', target: '@spec.scaleTargetRef.kind' },
  { from: ['ServiceAccount'], path: 'secrets[].name', target: 'Secret' },
  { from: ['ServiceAccount'], path: 'imagePullSecrets[].name', target: 'Secret' },
];

export interface FoundReference {
  readonly path: readonly (string | number)[];
  readonly kind: string;
  readonly name: string;
}

function fieldAt(value: Json | undefined, dotted: string): Json | undefined {
  let v = value;
  for (const key of dotted.split('.')) v = v && typeof v === 'object' && !Array.isArray(v) ? v[key] : undefined;
  return v;
}

interface Step { readonly key: string; readonly list: boolean }

/** Patterns split once: `a.b[].c` → steps. */
const COMPILED = REFERENCE_RULES.map((rule) => ({
  rule,
  steps: rule.path.split('.').map((s): Step => ({ key: s.replace(/\[\]$/, ''), list: s.endsWith('[]') })),
}));

/** Every concrete path a pattern matches, with the string found there (`at` is reused; copied on a hit). */
function match(value: Json | undefined, steps: readonly Step[], i: number, at: (string | number)[], out: [(string | number)[], string][]): void {
  if (i === steps.length) {
    if (typeof value === 'string') out.push([[...at], value]);
    return;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return;
  const { key, list } = steps[i];
  const next = value[key];
  if (next === undefined) return;
  at.push(key);
  if (!list) match(next, steps, i + 1, at, out);
  else if (Array.isArray(next)) {
    for (let j = 0; j < next.length; j++) {
      at.push(j);
      match(next[j], steps, i + 1, at, out);
      at.pop();
    }
  }
  at.pop();
}

export function findReferences(manifest: Manifest): FoundReference[] {
  const found: FoundReference[] = [];
  const root = manifest as unknown as Json;
  for (const { rule, steps } of COMPILED) {
    if (rule.from.length > 0 && !rule.from.includes(manifest.kind)) continue;
    const hits: [(string | number)[], string][] = [];
    match(root, steps, 0, [], hits);
    const kind = rule.target.startsWith('@') ? fieldAt(root, rule.target.slice(1)) : rule.target;
    if (typeof kind !== 'string') continue;
    for (const [path, name] of hits) found.push({ path, kind, name });
  }
  return found;
}
