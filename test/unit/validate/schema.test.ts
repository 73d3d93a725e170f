import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { BerthObject, Manifest } from '../../../lib/model/object';
import { KubeVersion } from '../../../lib/model/version';
import { Diagnostic } from '../../../lib/validate/diagnostic';
import { validateSchemas } from '../../../lib/validate/schema';
import { nearestVersion } from '../../../lib/validate/schema-bundle';
import { SCHEMA_PATTERNS } from '../../../lib/validate/schema-patterns';
import { convertDefinition } from '../../../scripts/gen-schemas';
import { schemaDiagnostic } from '../../../lib/validate/schema-errors';

const V1_20: KubeVersion = { major: 1, minor: 20 };
const SCHEMAS = join(__dirname, '../../../schemas/kubernetes/v1.20');

function obj(manifest: Manifest, source = `shop/${manifest.kind}`): BerthObject {
  return { manifest, source, app: 'shop', dependsOn: [] };
}

const meta = { name: 'api', namespace: 'shop', labels: { 'app.kubernetes.io/name': 'api' } };
const podSpec = {
  containers: [{
    name: 'main',
    image: 'registry.example/api:1.0',
    imagePullPolicy: 'IfNotPresent',
    ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: 1, memory: '256Mi' } },
    readinessProbe: { httpGet: { path: '/ready', port: 'http' } },
  }],
};
const template = { metadata: { labels: meta.labels }, spec: podSpec };
const selector = { matchLabels: meta.labels };

/** A fresh copy each time: tests change parts of it. */
function deployment(spec: Record<string, unknown> = {}): Manifest {
  return structuredClone({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta, spec: { replicas: 2, selector, template, ...spec } }) as Manifest;
}

function hpa(apiVersion: string, averageUtilization: unknown): Manifest {
  return {
    apiVersion, kind: 'HorizontalPodAutoscaler', metadata: meta,
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' },
      minReplicas: 1, maxReplicas: 5,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization } } }],
    },
  } as Manifest;
}

const crd: Manifest = {
  apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com', scope: 'Namespaced',
    names: { plural: 'widgets', singular: 'widget', kind: 'Widget' },
    versions: [{
      name: 'v1', served: true, storage: true,
      schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
    }],
  },
} as Manifest;
const widget = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: meta, spec: { size: 3 } } as Manifest;

function errorsOf(manifests: Manifest[], target = V1_20): Diagnostic[] {
  return validateSchemas(manifests.map((m) => obj(m)), target).diagnostics;
}

describe('validateSchemas against the Kubernetes 1.20 schema', () => {
  it('accepts a valid object of each common kind, with no notice', () => {
    const manifests = [
      deployment(),
      { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: meta, spec: { serviceName: 'api', selector, template } },
      { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: meta, spec: { selector, template } },
      { apiVersion: 'batch/v1', kind: 'Job', metadata: meta, spec: { backoffLimit: 2, template: { spec: { ...podSpec, restartPolicy: 'Never' } } } },
      {
        apiVersion: 'batch/v1beta1', kind: 'CronJob', metadata: meta,
        spec: { schedule: '*/5 * * * *', jobTemplate: { spec: { template: { spec: { ...podSpec, restartPolicy: 'OnFailure' } } } } },
      },
      { apiVersion: 'v1', kind: 'Service', metadata: meta, spec: { selector: meta.labels, ports: [{ port: 80, targetPort: 'http', protocol: 'TCP' }] } },
      {
        apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: meta,
        spec: { rules: [{ host: 'shop.example', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'api', port: { number: 80 } } } }] } }] },
      },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta, data: { LOG_LEVEL: 'info' } },
      { apiVersion: 'v1', kind: 'Secret', metadata: meta, type: 'Opaque', data: { token: 'aHVudGVyMg==' }, stringData: { plain: 'x y' } },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta },
      { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: meta, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } },
      { apiVersion: 'v1', kind: 'ResourceQuota', metadata: meta, spec: { hard: { 'requests.cpu': '4', pods: 20 } } },
      { apiVersion: 'v1', kind: 'LimitRange', metadata: meta, spec: { limits: [{ type: 'Container', default: { cpu: '500m' } }] } },
      {
        apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: meta,
        spec: { podSelector: selector, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: {} }], ports: [{ port: 'http' }] }] },
      },
      hpa('autoscaling/v2beta2', 80),
      { apiVersion: 'policy/v1beta1', kind: 'PodDisruptionBudget', metadata: meta, spec: { minAvailable: 1, selector } },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: meta, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: meta,
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'api' },
        subjects: [{ kind: 'ServiceAccount', name: 'api', namespace: 'shop' }],
      },
      crd,
    ] as Manifest[];
    expect(validateSchemas(manifests.map((m) => obj(m)), V1_20)).toEqual({ diagnostics: [], notices: [] });
  });

  it('reports an unknown field (a typo) at its exact path, naming the object and construct, with a suggestion', () => {
    const bad = deployment();
    (bad.spec as { template: { spec: { containers: Record<string, unknown>[] } } }).template.spec.containers = [
      { name: 'main', image: 'x', imagePullPolcy: 'Always' },
    ];
    expect(validateSchemas([obj(bad, 'shop/api/Deployment')], V1_20).diagnostics).toEqual([{
      severity: 'error',
      object: 'Deployment/shop/api',
      source: 'shop/api/Deployment',
      field: 'spec.template.spec.containers[0].imagePullPolcy',
      rule: 'schema',
      message: 'unknown field "imagePullPolcy" (did you mean "imagePullPolicy"?)',
    }]);
  });

  it('reports unknown fields in metadata and at the top level', () => {
    const bad = { ...deployment(), metadata: { ...meta, label: { a: 'b' } }, specs: {} } as Manifest;
    expect(errorsOf([bad]).map((d) => [d.field, d.message])).toEqual([
      ['specs', 'unknown field "specs" (did you mean "spec"?)'],
      ['metadata.label', 'unknown field "label" (did you mean "labels"?)'],
    ]);
  });

  it('reports a wrong type with its path', () => {
    const [d] = errorsOf([deployment({ replicas: '3' })]);
    expect(d).toMatchObject({ field: 'spec.replicas', message: 'must be integer, not a string', rule: 'schema' });
  });

  it('reports a missing required field at the parent path', () => {
    const bad = deployment();
    (bad.spec as { template: { spec: { containers: unknown[] } } }).template.spec.containers = [{ image: 'x' }];
    expect(errorsOf([bad]).map((d) => [d.field, d.message])).toEqual([
      ['spec.template.spec.containers[0]', 'missing required field "name"'],
    ]);
  });

  it('reports every error of every object together', () => {
    const badService = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'shop' }, spec: { ports: [{ prot: 80 }] } } as Manifest;
    const diagnostics = errorsOf([deployment({ replicas: 'two', paused: 'no' }), badService]);
    expect(diagnostics.map((d) => `${d.object} ${d.field}: ${d.message}`)).toEqual([
      'Deployment/shop/api spec.paused: must be boolean, not a string',
      'Deployment/shop/api spec.replicas: must be integer, not a string',
      'Service/shop/web spec.ports[0]: missing required field "port"',
      'Service/shop/web spec.ports[0].prot: unknown field "prot" (did you mean "port"?)',
    ]);
  });

  it('accepts int-or-string fields in both forms and rejects other types', () => {
    const service = (targetPort: unknown): Manifest => ({
      apiVersion: 'v1', kind: 'Service', metadata: meta, spec: { ports: [{ port: 80, targetPort, protocol: 'TCP' }] },
    } as Manifest);
    expect(errorsOf([service(8080), service('http')])).toEqual([]);
    expect(errorsOf([service(true)]).map((d) => [d.field, d.message])).toEqual([
      ['spec.ports[0].targetPort', 'must be integer or string, not a boolean'],
    ]);
  });

  it('accepts quantities as strings or numbers and rejects malformed ones', () => {
    const withResources = (resources: unknown): Manifest => {
      const m = deployment();
      (m.spec as { template: { spec: { containers: Record<string, unknown>[] } } }).template.spec.containers = [{ name: 'main', image: 'x', resources }];
      return m;
    };
    expect(errorsOf([withResources({ requests: { cpu: 0.5, memory: '1.5Gi' }, limits: { cpu: '2', memory: 1e9 } })])).toEqual([]);
    expect(errorsOf([withResources({ requests: { memory: '512MB', cpu: false } })]).map((d) => [d.field, d.message])).toEqual([
      ['spec.template.spec.containers[0].resources.requests.memory', '"512MB" is not a quantity: write e.g. 250m, 0.5, 2, 128Mi, 1Gi or 1e3'],
      ['spec.template.spec.containers[0].resources.requests.cpu', 'must be string or number, not a boolean'],
    ]);
  });

  it('rejects Secret data that is not base64 without showing the value', () => {
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: meta, data: { password: 'hunter2 plain' } } as Manifest;
    const diagnostics = errorsOf([secret]);
    expect(diagnostics.map((d) => [d.field, d.message])).toEqual([
      ['data.password', 'must be base64-encoded (plain text belongs in stringData)'],
    ]);
    expect(JSON.stringify(diagnostics)).not.toContain('hunter2');
  });

  it('writes map keys that are not plain names in brackets', () => {
    const bad = { ...deployment(), metadata: { ...meta, labels: { 'app.kubernetes.io/version': 2 } } } as unknown as Manifest;
    expect(errorsOf([bad]).map((d) => d.field)).toEqual(['metadata.labels["app.kubernetes.io/version"]']);
  });

  it('treats fields set to null as absent, as the API server does', () => {
    const fromKubectl = { ...deployment(), metadata: { ...meta, creationTimestamp: null }, status: {} } as Manifest;
    expect(errorsOf([fromKubectl])).toEqual([]);
  });

  it('reports an unknown kind as an error', () => {
    expect(errorsOf([widget])).toEqual([expect.objectContaining({
      severity: 'error', object: 'Widget/shop/api', field: '', rule: 'unknown-kind',
      message: 'unknown kind example.com/v1/Widget: not in the Kubernetes v1.20.2 schema, and no CustomResourceDefinition for it among the objects',
    })]);
  });

  it('warns once per kind that custom resources with their CRD among the objects are not schema-validated', () => {
    const second = { ...widget, metadata: { name: 'other', namespace: 'shop' } } as Manifest;
    expect(errorsOf([crd, widget, second])).toEqual([expect.objectContaining({
      severity: 'warning', object: 'Widget/shop/api', rule: 'schema',
      message: 'custom resources of example.com/v1/Widget are not schema-validated (2 objects)',
    })]);
    // A version the CRD does not define is still unknown.
    expect(errorsOf([crd, { ...widget, apiVersion: 'example.com/v2' } as Manifest]).map((d) => d.rule)).toEqual(['unknown-kind']);
  });
});

describe('validateSchemas for versions and API versions without a bundled schema', () => {
  it('picks the nearest bundled version, the older one on a tie', () => {
    const v = (minor: number): KubeVersion => ({ major: 1, minor });
    expect(nearestVersion(v(27), [v(20)])).toEqual(v(20));
    expect(nearestVersion(v(27), [v(20), v(26), v(30)])).toEqual(v(26));
    expect(nearestVersion(v(28), [v(26), v(30)])).toEqual(v(26));
    expect(nearestVersion(v(30), [v(26), v(30)])).toEqual(v(30));
  });

  it('validates against the nearest bundled version and says so', () => {
    const result = validateSchemas([obj(deployment({ replicas: 'x' }))], { major: 1, minor: 27 });
    expect(result.notices).toEqual(['no bundled schema for Kubernetes 1.27; validating against 1.20 (nearest)']);
    expect(result.diagnostics.map((d) => d.field)).toEqual(['spec.replicas']);
  });

  it('checks autoscaling/v2 against the equivalent v2beta2 with a notice, for a target that serves v2', () => {
    const result = validateSchemas([obj(hpa('autoscaling/v2', '80'))], { major: 1, minor: 27 });
    expect(result.notices).toEqual([
      'no bundled schema for Kubernetes 1.27; validating against 1.20 (nearest)',
      'autoscaling/v2/HorizontalPodAutoscaler is not in the Kubernetes v1.20.2 schema; validating it against the structurally equivalent autoscaling/v2beta2',
    ]);
    expect(result.diagnostics.map((d) => [d.rule, d.field, d.message])).toEqual([
      ['schema', 'spec.metrics[0].resource.target.averageUtilization', 'must be integer, not a string'],
    ]);
    expect(validateSchemas([obj(hpa('autoscaling/v2', 80))], { major: 1, minor: 27 }).diagnostics).toEqual([]);
  });

  it('rejects an API version a 1.20 server does not serve, and still checks the fields through its equivalent', () => {
    const result = validateSchemas([obj(hpa('autoscaling/v2', '80'))], V1_20);
    expect(result.notices).toEqual([
      'autoscaling/v2/HorizontalPodAutoscaler is not in the Kubernetes v1.20.2 schema; validating it against the structurally equivalent autoscaling/v2beta2',
    ]);
    expect(result.diagnostics.map((d) => [d.severity, d.rule, d.field, d.message])).toEqual([
      ['error', 'unknown-kind', 'apiVersion', 'Kubernetes 1.20 does not serve autoscaling/v2/HorizontalPodAutoscaler; it serves HorizontalPodAutoscaler as autoscaling/v2beta2'],
      ['error', 'schema', 'spec.metrics[0].resource.target.averageUtilization', 'must be integer, not a string'],
    ]);
  });

  it('maps policy/v1 PodDisruptionBudget and batch/v1 CronJob to their 1.20 equivalents', () => {
    const pdb = { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: meta, spec: { minAvailable: '50%', selector, maxSurge: 1 } } as Manifest;
    const cronJob = { apiVersion: 'batch/v1', kind: 'CronJob', metadata: meta, spec: { jobTemplate: { spec: { template } } } } as Manifest;
    const result = validateSchemas([obj(pdb), obj(cronJob)], { major: 1, minor: 25 });
    expect(result.notices.slice(1)).toEqual([
      'policy/v1/PodDisruptionBudget is not in the Kubernetes v1.20.2 schema; validating it against the structurally equivalent policy/v1beta1',
      'batch/v1/CronJob is not in the Kubernetes v1.20.2 schema; validating it against the structurally equivalent batch/v1beta1',
    ]);
    expect(result.diagnostics.map((d) => `${d.object} ${d.field}: ${d.message}`)).toEqual([
      'PodDisruptionBudget/shop/api spec.maxSurge: unknown field "maxSurge"',
      'CronJob/shop/api spec: missing required field "schedule"',
    ]);
  });
});

describe('schema error messages', () => {
  it('lists the allowed values of an enum and shows the value given', () => {
    // The 1.20 spec has no enums (they arrived with later specs): check the message with a real ajv error.
    const validate = new Ajv({ allErrors: true }).compile({
      type: 'object', properties: { spec: { type: 'object', properties: { policy: { enum: ['Always', 'Never'] } } } },
    });
    const m = { apiVersion: 'v1', kind: 'Pod', metadata: meta, spec: { policy: 'Sometimes' } } as Manifest;
    expect(validate(m)).toBe(false);
    expect(schemaDiagnostic(obj(m), m, validate.errors![0]!, () => [])).toMatchObject({
      field: 'spec.policy', message: '"Sometimes" is not one of "Always", "Never"',
    });
  });
});

describe('conversion of OpenAPI definitions (scripts/gen-schemas.ts)', () => {
  it('closes objects with properties, keeps maps, free-form objects and preserve-unknown-fields open', () => {
    expect(convertDefinition('x.Spec', {
      description: 'dropped', type: 'object', required: ['name'],
      properties: {
        name: { type: 'string', description: 'dropped' },
        count: { type: 'integer', format: 'int32' },
        ratio: { type: 'number', format: 'double' },
        since: { type: 'string', format: 'date-time' },
        blob: { type: 'string', format: 'byte' },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        raw: { type: 'object' },
        anything: {},
        open: { type: 'object', properties: { a: { type: 'boolean' } }, 'x-kubernetes-preserve-unknown-fields': true },
        items: { type: 'array', items: { $ref: '#/definitions/x.Item', description: 'dropped' }, 'x-kubernetes-list-type': 'map' },
      },
    })).toEqual({
      type: 'object', required: ['name'], additionalProperties: false,
      properties: {
        name: { type: 'string' },
        count: { type: 'integer' },
        ratio: { type: 'number' },
        since: { type: 'string' },
        blob: { type: 'string', pattern: SCHEMA_PATTERNS.byte.pattern },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        raw: { type: 'object' },
        anything: {},
        open: { type: 'object', properties: { a: { type: 'boolean' } } },
        items: { type: 'array', items: { $ref: '#/definitions/x.Item' } },
      },
    });
  });

  it('turns IntOrString and Quantity into unions, and pins apiVersion and kind of a kind', () => {
    expect(convertDefinition('io.k8s.apimachinery.pkg.util.intstr.IntOrString', { type: 'string', format: 'int-or-string' }))
      .toEqual({ type: ['integer', 'string'] });
    expect(convertDefinition('io.k8s.apimachinery.pkg.api.resource.Quantity', { type: 'string' }))
      .toEqual({ type: ['string', 'number'], pattern: SCHEMA_PATTERNS.quantity.pattern });
    expect(convertDefinition('x.Thing', {
      type: 'object',
      properties: { apiVersion: { type: 'string' }, kind: { type: 'string' } },
      'x-kubernetes-group-version-kind': [{ group: 'x.io', version: 'v1', kind: 'Thing' }, { group: 'x.io', version: 'v2', kind: 'Thing' }],
    })).toEqual({
      type: 'object', additionalProperties: false,
      properties: { apiVersion: { type: 'string', enum: ['x.io/v1', 'x.io/v2'] }, kind: { type: 'string', enum: ['Thing'] } },
    });
  });
});

describe('bundled schema files', () => {
  const index = JSON.parse(readFileSync(join(SCHEMAS, 'index.json'), 'utf8')) as {
    kubernetes: string; generated: Record<string, string>; kinds: Record<string, string>;
  };

  it('are the files the generator wrote (validators.js compiled from definitions.json)', () => {
    for (const [file, sha256] of Object.entries(index.generated)) {
      expect([file, createHash('sha256').update(readFileSync(join(SCHEMAS, file))).digest('hex')]).toEqual([file, sha256]);
    }
  });

  it('cover every built-in kind of the spec with a validator', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const validators = require(join(SCHEMAS, 'validators.js')) as Record<string, unknown>;
    expect(Object.keys(index.kinds).length).toBeGreaterThan(250);
    for (const definition of Object.values(index.kinds)) expect([definition, typeof validators[definition]]).toEqual([definition, 'function']);
    expect(index.kinds).toMatchObject({
      'rbac.authorization.k8s.io/v1/Role': 'io.k8s.api.rbac.v1.Role',
      'apps/v1/DaemonSet': 'io.k8s.api.apps.v1.DaemonSet',
      'apiextensions.k8s.io/v1/CustomResourceDefinition': 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition',
    });
  });
});
