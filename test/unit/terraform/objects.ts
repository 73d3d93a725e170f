/**
 * Objects for the Terraform tests: every field of every typed resource (generated from the mapping table, so a
 * field added to the table is covered at once), plus hand-written objects for the parts outside the table
 * (Secret values, custom resources, references, dependencies, text that looks like Terraform templates).
 */
import { BerthObject, Json, Manifest } from '../../../lib/model/object';
import { TYPED_KINDS } from '../../../lib/synth/terraform/kinds';
import { Rules } from '../../../lib/synth/terraform/rules';
import RULES_JSON from '../../../lib/synth/terraform/rules.json';

const RULES = RULES_JSON as unknown as Rules;
const MANAGED = { 'app.kubernetes.io/managed-by': 'berth' };

export function object(manifest: Manifest, dependsOn: BerthObject['dependsOn'] = [], app = 'shop'): BerthObject {
  return { manifest, source: `${app}/${manifest.metadata.name}`, app, dependsOn };
}

/** Fills every field of a block type with a value of its shape; counters keep values distinct. */
class FieldFiller {
  private n = 0;

  fill(typeName: string, depth: number): Record<string, Json> {
    const out: Record<string, Json> = {};
    for (const [field, [, shape, child]] of Object.entries(RULES.types[typeName])) {
      const i = ++this.n;
      switch (shape) {
        case 'string': out[field] = i % 5 === 0 ? `t-\${x}-%{y}-${i}` : `s${i}`; break;
        case 'number': case 'int-as-string': out[field] = i; break;
        case 'boolean': out[field] = i % 2 === 0; break;
        case 'int-or-string': out[field] = [i, `port${i}`, '25%'][i % 3]; break;
        case 'map': out[field] = { [`k${i}`]: `v${i}`, 'example.com/note': `\${not-a-ref} ${i}` }; break;
        case 'list': out[field] = [`a${i}`, `b\${${i}}`]; break;
        case 'number-list': out[field] = [i, i + 1]; break;
        case 'block': case 'required-block': case 'block-in-list':
          out[field] = this.fill(child as string, depth + 1); break;
        case 'blocks': {
          const count = depth < 3 ? 2 : 1;
          out[field] = Array.from({ length: count }, () => this.fill(child as string, depth + 1));
        }
      }
    }
    return out;
  }
}

/** One object per typed kind with every mapped field set, all in namespace `gen` (also generated). */
export function everyFieldObjects(): BerthObject[] {
  const filler = new FieldFiller();
  return TYPED_KINDS.map((k) => {
    const resource = RULES.resources[k.resource];
    const body = filler.fill(resource, 0);
    const metadata = body.metadata as Record<string, Json>;
    metadata.name = k.kind === 'Namespace' ? 'gen' : `every-${k.kind.toLowerCase()}`;
    if (k.kind !== 'Namespace') metadata.namespace = 'gen';
    const manifest = { apiVersion: k.apiVersion, kind: k.kind, ...body } as unknown as Manifest;
    if (k.kind === 'Secret') Object.assign(manifest, { data: { 'tls.crt': 'LS0tLS1CRUdJTg==' }, stringData: { password: 'p@ss ${word}' } });
    return object(manifest, [], 'generated');
  });
}

const meta = (name: string, extra: Record<string, Json> = {}) => ({ name, namespace: 'shop', labels: { ...MANAGED }, ...extra });
const selector = { matchLabels: { 'app.kubernetes.io/name': 'api' } };

/** Hand-written objects: references of every kind, dependencies, secrets, a custom resource, template-like text. */
export function referenceObjects(): BerthObject[] {
  const podSpec: Json = {
    serviceAccountName: 'api',
    imagePullSecrets: [{ name: 'registry' }],
    containers: [{
      name: 'api', image: 'example/api:1',
      env: [
        { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
        { name: 'MODE', valueFrom: { configMapKeyRef: { name: 'config', key: 'mode' } } },
        { name: 'GREETING', value: 'hello ${USER} %{if x}' },
        { name: 'EXTERNAL', valueFrom: { secretKeyRef: { name: 'not-emitted', key: 'k' } } },
      ],
      envFrom: [{ secretRef: { name: 'db' } }, { configMapRef: { name: 'config' } }],
      volumeMounts: [{ name: 'data', mountPath: '/data' }],
    }],
    volumes: [
      { name: 'data', persistentVolumeClaim: { claimName: 'data' } },
      { name: 'cfg', configMap: { name: 'config' } },
      { name: 'sec', secret: { secretName: 'db' } },
      { name: 'all', projected: { sources: [{ secret: { name: 'db' } }, { configMap: { name: 'config' } }] } },
    ],
  };
  const template: Json = { metadata: { labels: selector.matchLabels }, spec: podSpec };
  const ns = { group: '', kind: 'Namespace', name: 'shop' };
  return [
    object({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { ...MANAGED } } }),
    object({ apiVersion: 'v1', kind: 'Secret', metadata: meta('db'), type: 'Opaque', data: { password: 'czNjcjN0' }, stringData: { user: 'shop' } }),
    object({ apiVersion: 'v1', kind: 'Secret', metadata: meta('registry'), type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': 'e30=' } }),
    object({ apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('config', { annotations: { note: 'literal ${var.x} and %{ y }' } }), data: { mode: 'fast' } }),
    object({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta('api'), secrets: [{ name: 'db' }], imagePullSecrets: [{ name: 'registry' }] }),
    object({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: meta('data'), spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }),
    object({ apiVersion: 'v1', kind: 'Service', metadata: meta('api'), spec: { selector: selector.matchLabels, ports: [{ name: 'http', port: 80, targetPort: 'http' }] } }),
    object({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta('api'), spec: { replicas: 2, selector, template } },
      [ns, { group: '', kind: 'Secret', namespace: 'shop', name: 'db' }]),
    object({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: meta('db'), spec: { serviceName: 'api', selector, template } }),
    object({ apiVersion: 'batch/v1', kind: 'CronJob', metadata: meta('report'), spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template } } } }),
    object({ apiVersion: 'batch/v1', kind: 'Job', metadata: meta('migrate'), spec: { template } },
      [{ group: 'apps', kind: 'StatefulSet', namespace: 'shop', name: 'db' }]),
    object({
      apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: meta('web'),
      spec: {
        defaultBackend: { service: { name: 'api', port: { name: 'http' } } },
        tls: [{ hosts: ['shop.example.com'], secretName: 'db' }],
        rules: [{ host: 'shop.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'api', port: { number: 80 } } } }] } }],
      },
    }),
    object({
      apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: meta('api'),
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' }, minReplicas: 2, maxReplicas: 5 },
    }),
    object({
      apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: meta('deny-all'),
      spec: { podSelector: {}, policyTypes: ['Ingress'] },
    }),
    object({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: meta('api'), spec: { size: 3, text: '${keep}', nested: [{ a: 1 }] } },
      [{ group: 'apps', kind: 'Deployment', namespace: 'shop', name: 'api' }]),
  ];
}
