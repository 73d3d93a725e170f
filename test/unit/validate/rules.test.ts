import { ConfigMap, Include, Deployment, Diagnostic, HorizontalPodAutoscaler, Ingress, LimitRange, PodDisruptionBudget, ResourceQuota, Secret, Service, Volume, EnvValue, formatDiagnostic } from 'berth';
import { RULES } from '../../../lib/validate';
import { ruleContext } from '../../../lib/validate/rules/context';
import { isQuantity, quantityValue } from '../../../lib/validate/quantity';
import { imageTag } from '../../../lib/validate/rules/images';
import { newApp, objects, obj } from '../helpers';
import type { App, BerthObject } from 'berth';

/** Runs the cross-object rules (not the schema) and returns their findings. */
function check(app: App): Diagnostic[] {
  return checkObjects(objects(app), app.externalObjects());
}
function checkObjects(objs: BerthObject[], externals: ReturnType<App['externalObjects']> = []): Diagnostic[] {
  const ctx = ruleContext(objs, externals);
  return RULES.flatMap((r) => r(ctx));
}
const errors = (ds: Diagnostic[]) => ds.filter((d) => d.severity === 'error');

describe('a correct app has no findings', () => {
  test('web + api + config + secret', () => {
    const { app, shop } = newApp();
    const cm = new ConfigMap(shop, 'cfg', { data: { LEVEL: 'info' } });
    const s = new Secret(shop, 'creds', { stringData: { PW: 'x' } });
    const d = new Deployment(shop, 'api', { containers: [{ image: 'api:1.0', port: 80, env: { L: EnvValue.fromConfigMap(cm, 'LEVEL'), P: EnvValue.fromSecret(s, 'PW') } }] });
    d.exposeViaService().exposeViaIngress('a.example.com');
    d.autoscale({ min: 1, max: 2 });
    d.disruptionBudget();
    expect(check(app)).toEqual([]);
  });
});

describe('dangling references', () => {
  test('env to a missing Secret, a missing key, and a missing ConfigMap; optional refs pass', () => {
    const { app, shop } = newApp();
    const s = new Secret(shop, 'creds', { stringData: { PW: 'x' } });
    new Deployment(shop, 'api', {
      containers: [{
        image: 'api:1',
        env: {
          A: EnvValue.fromSecret({ kind: 'Secret', name: 'nope' }, 'k'),
          B: EnvValue.fromSecret(s, 'USER'),
          C: EnvValue.fromConfigMap({ kind: 'ConfigMap', name: 'cfg' }, 'k'),
          D: EnvValue.fromConfigMap({ kind: 'ConfigMap', name: 'maybe' }, 'k', { optional: true }),
        },
      }],
    });
    const found = errors(check(app));
    expect(found.map((d) => [d.field, d.message])).toEqual([
      ['spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef', 'Secret "nope" does not exist in namespace shop; define it, or declare it managed elsewhere with Secret.fromName()'],
      ['spec.template.spec.containers[0].env[1].valueFrom.secretKeyRef', 'Secret "creds" has no key "USER" (keys: PW)'],
      ['spec.template.spec.containers[0].env[2].valueFrom.configMapKeyRef', 'ConfigMap "cfg" does not exist in namespace shop; define it, or declare it managed elsewhere with ConfigMap.fromName()'],
    ]);
    expect(found[0]).toMatchObject({ object: 'Deployment/shop/api', source: 'shop/api', rule: 'dangling-reference' });
    expect(formatDiagnostic(found[1])).toBe('error: Deployment/shop/api (shop/api) spec.template.spec.containers[0].env[1].valueFrom.secretKeyRef: Secret "creds" has no key "USER" (keys: PW) [dangling-reference]');
  });

  test('the error about a missing key lists key names, never values', () => {
    const { app, shop } = newApp();
    const s = new Secret(shop, 'creds', { stringData: { PW: 'correct-horse-battery' } });
    new Deployment(shop, 'api', { containers: [{ image: 'api:1', env: { X: EnvValue.fromSecret(s, 'nope') } }] });
    expect(JSON.stringify(check(app))).not.toContain('correct-horse-battery');
  });

  test('volumes to missing ConfigMap/Secret/PVC, missing item keys; external names pass', () => {
    const { app, shop } = newApp();
    const cm = new ConfigMap(shop, 'cfg', { data: { a: '1' } });
    new Deployment(shop, 'api', {
      containers: [{
        image: 'api:1',
        mounts: [
          { volume: Volume.fromConfigMap(cm, { items: { b: 'b.txt' } }), path: '/a' },
          { volume: Volume.fromSecret({ kind: 'Secret', name: 'gone' }), path: '/b' },
          { volume: Volume.fromPersistentVolumeClaim({ kind: 'PersistentVolumeClaim', name: 'data' }), path: '/c' },
          { volume: Volume.fromSecret(Secret.fromName(shop, 'cert')), path: '/d' },
        ],
      }],
    });
    shop.external('PersistentVolumeClaim', 'shared');
    new Deployment(shop, 'uses-shared', { containers: [{ image: 'x:1', mounts: [{ volume: Volume.fromPersistentVolumeClaim({ kind: 'PersistentVolumeClaim', name: 'shared' }), path: '/s' }] }] });
    expect(errors(check(app)).map((d) => d.field)).toEqual([
      'spec.template.spec.volumes[0].configMap.items[0].key',
      'spec.template.spec.volumes[1].secret',
      'spec.template.spec.volumes[2].persistentVolumeClaim.claimName',
    ]);
  });

  test('Ingress to a missing Service, to a missing port, and a missing TLS secret', () => {
    const { app, shop } = newApp();
    const svc = new Service(shop, 'web', { selector: { a: 'b' }, ports: [{ port: 80, name: 'http' }] });
    new Deployment(shop, 'pods', { containers: [{ image: 'x:1' }], podLabels: { a: 'b' } });
    new Ingress(shop, 'ing')
      .addRule({ host: 'a.example.com', service: { kind: 'Service', name: 'api' }, port: 80 })
      .addRule({ host: 'b.example.com', service: svc, port: 8080 })
      .addRule({ host: 'c.example.com', service: svc, port: 'grpc' })
      .addTls(['a.example.com'], { kind: 'Secret', name: 'a-cert' });
    expect(errors(check(app)).map((d) => [d.field, d.message])).toEqual([
      ['spec.rules[0].http.paths[0].backend.service.name', 'Service "api" does not exist in namespace shop; define it, or declare it managed elsewhere with application.external(\'Service\', \'api\')'],
      ['spec.rules[1].http.paths[0].backend.service.port', 'Service "web" has no port 8080 (ports: 80 (http))'],
      ['spec.rules[2].http.paths[0].backend.service.port', 'Service "web" has no port "grpc" (ports: 80 (http))'],
      ['spec.tls[0].secretName', 'Secret "a-cert" does not exist in namespace shop; define it, or declare it managed elsewhere with Secret.fromName()'],
    ]);
  });

  test('HPA and PDB without targets; a Service selector matching no workload', () => {
    const { app, shop } = newApp();
    const ghost = { kind: 'Deployment', name: 'ghost', selectorLabels: { app: 'ghost' } };
    new HorizontalPodAutoscaler(shop, 'hpa', { target: ghost, maxReplicas: 3, cpuPercent: 50 });
    new PodDisruptionBudget(shop, 'pdb', { selector: ghost });
    new Service(shop, 'svc', { selector: ghost, ports: [{ port: 80 }] });
    expect(errors(check(app)).map((d) => [d.object, d.field, d.rule])).toEqual([
      ['Service/shop/svc', 'spec.selector', 'selector-matches-nothing'],
      ['HorizontalPodAutoscaler/shop/hpa', 'spec.scaleTargetRef', 'dangling-reference'],
      ['PodDisruptionBudget/shop/pdb', 'spec.selector.matchLabels', 'selector-matches-nothing'],
    ]);
  });

  test('a reference resolves only within the same namespace', () => {
    const cm = obj({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'other' }, data: { k: 'v' } } as any);
    const pod = obj({
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'shop' },
      spec: { containers: [{ name: 'c', image: 'x:1', envFrom: [{ configMapRef: { name: 'cfg' } }] }] },
    } as any);
    expect(errors(checkObjects([cm, pod])).map((d) => d.field)).toEqual(['spec.containers[0].envFrom[0].configMapRef']);
  });

  test('a volumeMount naming no volume', () => {
    const pod = obj({
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'shop' },
      spec: { containers: [{ name: 'c', image: 'x:1', volumeMounts: [{ name: 'data', mountPath: '/d' }] }] },
    } as any);
    expect(errors(checkObjects([pod])).map((d) => d.message)).toEqual(['no volume named "data" in the pod']);
  });
});

describe('identities and names', () => {
  test('duplicate identities name both constructs', () => {
    const { app, shop } = newApp();
    new ConfigMap(shop, 'a', { name: 'same' });
    new ConfigMap(shop, 'b', { name: 'same' });
    expect(errors(check(app))).toEqual([expect.objectContaining({ rule: 'duplicate', source: 'shop/b', message: 'ConfigMap/shop/same is also defined by shop/a' })]);
  });

  test('invalid DNS-1123 names, service names, label keys and values', () => {
    const { app, shop } = newApp();
    new ConfigMap(shop, 'Bad_Name');
    new Service(shop, '1svc', { ports: [{ port: 80 }] });
    new ConfigMap(shop, 'ok', { labels: { 'bad key!': 'x', good: 'not valid value!', long: 'a'.repeat(64) } });
    const found = errors(check(app));
    expect(found.map((d) => [d.object, d.field, d.rule])).toEqual([
      ['ConfigMap/shop/Bad_Name', 'metadata.name', 'invalid-name'],
      ['ConfigMap/shop/ok', 'metadata.labels["bad key!"]', 'invalid-label'],
      ['ConfigMap/shop/ok', 'metadata.labels["good"]', 'invalid-label'],
      ['ConfigMap/shop/ok', 'metadata.labels["long"]', 'invalid-label'],
      ['Service/shop/1svc', 'metadata.name', 'invalid-name'],
    ]);
  });

  test('an invalid label value on the application reaches every object and pod template', () => {
    const { app, shop } = newApp({}, { createNamespace: false, labels: { team: 'a b' } });
    new Deployment(shop, 'api', { containers: [{ image: 'api:1' }] });
    expect(errors(check(app)).map((d) => d.field)).toEqual(['metadata.labels["team"]', 'spec.template.metadata.labels["team"]']);
  });
});

describe('images, quantities, requests and limits', () => {
  test('missing image is an error; untagged and :latest are warnings; digests and registry ports are fine', () => {
    const { app, shop } = newApp();
    new Deployment(shop, 'a', { containers: [{ image: '' }, { image: 'nginx' }, { image: 'nginx:latest' }, { image: 'registry:5000/team/app' }, { image: 'app@sha256:abc' }, { image: 'registry:5000/app:1.2' }] });
    expect(check(app).map((d) => [d.severity, d.rule, d.field])).toEqual([
      ['error', 'missing-image', 'spec.template.spec.containers[0].image'],
      ['warning', 'untagged-image', 'spec.template.spec.containers[1].image'],
      ['warning', 'latest-image', 'spec.template.spec.containers[2].image'],
      ['warning', 'untagged-image', 'spec.template.spec.containers[3].image'],
    ]);
    expect(imageTag('registry:5000/app:1.2')).toBe('1.2');
  });

  test('invalid quantities in containers, quotas, limit ranges and claims', () => {
    const { app, shop } = newApp();
    new Deployment(shop, 'a', { containers: [{ image: 'a:1', resources: { requests: { cpu: 'lots' }, limits: { memory: '1 GB' } } }] });
    new ResourceQuota(shop, 'q', { hard: { 'requests.cpu': 'four' } });
    new LimitRange(shop, 'l', { container: { max: { memory: '2gb' } } });
    expect(errors(check(app)).map((d) => [d.object, d.field, d.rule])).toEqual([
      ['LimitRange/shop/l', 'spec.limits[0].max["memory"]', 'invalid-quantity'],
      ['ResourceQuota/shop/q', 'spec.hard["requests.cpu"]', 'invalid-quantity'],
      ['Deployment/shop/a', 'spec.template.spec.containers[0].resources.requests["cpu"]', 'invalid-quantity'],
      ['Deployment/shop/a', 'spec.template.spec.containers[0].resources.limits["memory"]', 'invalid-quantity'],
    ]);
  });

  test('requests above limits', () => {
    const { app, shop } = newApp();
    new Deployment(shop, 'a', { containers: [{ image: 'a:1', resources: { requests: { cpu: '2', memory: '1Gi' }, limits: { cpu: '1500m', memory: '1024Mi' } } }] });
    expect(errors(check(app)).map((d) => [d.field, d.message])).toEqual([
      ['spec.template.spec.containers[0].resources.requests.cpu', 'request 2 is above the limit 1500m'],
    ]);
  });

  test('quantity parsing', () => {
    expect(quantityValue('500m')).toBeCloseTo(0.5);
    expect(quantityValue('1.5Gi')).toBe(1.5 * 2 ** 30);
    expect(quantityValue('2e3')).toBe(2000);
    expect(quantityValue('1E')).toBe(1e18);
    expect(quantityValue(3)).toBe(3);
    expect(isQuantity('1 GB')).toBe(false);
    expect(isQuantity('+.5')).toBe(true);
  });
});

describe('quota: the app must fit in its own quota', () => {
  test('replicas x requests above the quota is an error', () => {
    const { app, shop } = newApp();
    new ResourceQuota(shop, 'q', { hard: { 'requests.cpu': '1', 'requests.memory': '1Gi', pods: '4' } });
    new Deployment(shop, 'a', { replicas: 3, containers: [{ image: 'a:1', resources: { requests: { cpu: '400m' } } }] });
    const found = errors(check(app)).filter((d) => d.rule === 'quota-exceeded');
    expect(found.map((d) => [d.object, d.field])).toEqual([['ResourceQuota/shop/q', 'spec.hard["requests.cpu"]']]);
    expect(found[0].message).toBe("the application's workloads need 1200m of requests.cpu but the quota allows 1");
  });

  test('containers without requests count the LimitRange default (included manifests)', () => {
    const { app, shop } = newApp();
    new ResourceQuota(shop, 'q', { hard: { 'requests.memory': '1Gi' } });
    new LimitRange(shop, 'l', { container: { defaultRequest: { memory: '300Mi' } } });
    new Include(shop, 'legacy', {
      yaml: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: legacy}\nspec:\n  replicas: 4\n  selector: {matchLabels: {app: legacy}}\n' +
        '  template:\n    metadata: {labels: {app: legacy}}\n    spec:\n      containers: [{name: c, image: "legacy:1"}]\n',
    });
    expect(errors(check(app)).map((d) => d.message)).toEqual(["the application's workloads need 1200Mi of requests.memory but the quota allows 1Gi"]);
  });

  test('an autoscaler maximum above the quota is a warning; its minimum counts for the error', () => {
    const { app, shop } = newApp();
    new ResourceQuota(shop, 'q', { hard: { pods: '5' } });
    const d = new Deployment(shop, 'a', { containers: [{ image: 'a:1' }] });
    d.autoscale({ min: 2, max: 10 });
    expect(check(app).filter((x) => x.rule === 'quota-exceeded').map((x) => x.severity)).toEqual(['warning']);
    const { app: app2, shop: shop2 } = newApp();
    new ResourceQuota(shop2, 'q', { hard: { pods: '1' } });
    new Deployment(shop2, 'a', { replicas: 2, containers: [{ image: 'a:1' }] });
    expect(errors(check(app2)).map((x) => x.message)).toEqual(["the application's workloads need 2 of pods but the quota allows 1"]);
  });
});
