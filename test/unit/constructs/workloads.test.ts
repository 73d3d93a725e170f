import {
  App, Application, ConfigMap, CronJob, Deployment, EnvValue, Job, PersistentVolumeClaim, Probe, Secret,
  ServiceAccount, StatefulSet, Strategy, Volume, parseVersion,
} from 'berth';
import { at, find, newApp, objects } from '../helpers';

const POD = 'spec.template.spec';
const C0 = `${POD}.containers[0]`;

describe('Deployment defaults', () => {
  test('built-in defaults: requests/limits, 2 replicas, topology spread, TCP readiness on the port, non-root', () => {
    const { app, shop } = newApp();
    new Deployment(shop, 'web', { containers: [{ image: 'web:1', port: 8080 }] });
    const d = find(app, 'Deployment', 'web');
    expect(at(d, 'spec.replicas')).toBe(2);
    expect(at(d, `${C0}.resources`)).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } });
    expect(at(d, `${C0}.readinessProbe`)).toEqual({ tcpSocket: { port: 8080 } });
    expect(at(d, `${POD}.securityContext.runAsNonRoot`)).toBe(true);
    expect(at(d, `${C0}.securityContext`)).toEqual({
      allowPrivilegeEscalation: false, readOnlyRootFilesystem: false, capabilities: { drop: ['ALL'] },
    });
    const spread = at(d, `${POD}.topologySpreadConstraints`);
    expect(spread.map((s: { topologyKey: string }) => s.topologyKey)).toEqual(['kubernetes.io/hostname', 'topology.kubernetes.io/zone']);
    expect(spread[0].labelSelector.matchLabels).toEqual(at(d, 'spec.selector.matchLabels'));
    expect(at(d, `${C0}.ports`)).toEqual([{ containerPort: 8080, protocol: 'TCP' }]);
    expect(at(d, 'spec.strategy')).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } });
  });

  test('no readiness probe without a port', () => {
    const { app, shop } = newApp();
    new Deployment(shop, 'worker', { containers: [{ image: 'worker:1' }] });
    expect(at(find(app, 'Deployment', 'worker'), `${C0}.readinessProbe`)).toBeUndefined();
  });

  test('per-app defaults override the built-ins; App-wide defaults apply to every application', () => {
    const app = new App({ defaults: { replicas: 4, resources: { limits: { cpu: '2' } } } });
    const a = new Application(app, 'a', {
      createNamespace: false,
      defaults: { spread: 'anti-affinity', readinessProbe: false, resources: { requests: { memory: '64Mi' } } },
    });
    const b = new Application(app, 'b', { createNamespace: false });
    new Deployment(a, 'web', { containers: [{ image: 'web:1', port: 80 }] });
    new Deployment(b, 'web', { containers: [{ image: 'web:1', port: 80 }] });
    const all = objects(app).filter((o) => o.manifest.kind === 'Deployment');
    const da = all.find((o) => o.app === 'a')!.manifest;
    const db = all.find((o) => o.app === 'b')!.manifest;
    expect(at(da, 'spec.replicas')).toBe(4);
    expect(at(db, 'spec.replicas')).toBe(4);
    expect(at(da, `${C0}.resources`)).toEqual({ requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '2', memory: '256Mi' } });
    expect(at(db, `${C0}.resources`)).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '2', memory: '256Mi' } });
    expect(at(da, `${POD}.topologySpreadConstraints`)).toBeUndefined();
    expect(at(da, `${POD}.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.topologyKey`)).toBe('kubernetes.io/hostname');
    expect(at(da, `${C0}.readinessProbe`)).toBeUndefined();
    expect(at(db, `${C0}.readinessProbe`)).toEqual({ tcpSocket: { port: 80 } });
  });

  test('per-object defaults and props override the application defaults', () => {
    const { app, shop } = newApp({}, { createNamespace: false, defaults: { replicas: 5, spread: 'anti-affinity' } });
    new Deployment(shop, 'a', { containers: [{ image: 'a:1' }], defaults: { spread: 'none', security: { runAsUser: 1000, runAsNonRoot: true } } });
    new Deployment(shop, 'b', {
      replicas: 1,
      containers: [{ image: 'b:1', resources: { limits: { memory: '1Gi' } }, security: { readOnlyRootFilesystem: true, dropCapabilities: [] } }],
    });
    const a = find(app, 'Deployment', 'a');
    const b = find(app, 'Deployment', 'b');
    expect(at(a, 'spec.replicas')).toBe(5);
    expect(at(a, `${POD}.affinity`)).toBeUndefined();
    expect(at(a, `${POD}.securityContext.runAsUser`)).toBe(1000);
    expect(at(b, 'spec.replicas')).toBe(1);
    expect(at(b, `${C0}.resources.limits`)).toEqual({ cpu: '500m', memory: '1Gi' });
    expect(at(b, `${C0}.securityContext`)).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true });
  });

  test('security defaults can be relaxed per app (e.g. for images that must run as root)', () => {
    const { app, shop } = newApp({}, { createNamespace: false, defaults: { security: { runAsNonRoot: false } } });
    new Deployment(shop, 'legacy', { containers: [{ image: 'legacy:1' }] });
    expect(at(find(app, 'Deployment', 'legacy'), `${POD}.securityContext.runAsNonRoot`)).toBe(false);
  });

  test('strategy variants and invariants', () => {
    const { app, shop } = newApp();
    new Deployment(shop, 'r', { containers: [{ image: 'r:1' }], strategy: Strategy.recreate() });
    new Deployment(shop, 'u', { containers: [{ image: 'u:1' }], strategy: Strategy.rollingUpdate({ maxSurge: 1, maxUnavailable: '10%' }) });
    expect(at(find(app, 'Deployment', 'r'), 'spec.strategy')).toEqual({ type: 'Recreate' });
    expect(at(find(app, 'Deployment', 'u'), 'spec.strategy.rollingUpdate')).toEqual({ maxSurge: 1, maxUnavailable: '10%' });
    expect(() => new Deployment(shop, 'bad', { replicas: -1, containers: [{ image: 'x:1' }] })).toThrow(/shop\/bad: replicas must be a whole number >= 0/);
  });

  test('a workload without containers fails construct validation with its path', () => {
    const { shop } = newApp();
    const d = new Deployment(shop, 'empty', {});
    expect(d.node.validate()).toEqual(['Deployment empty has no containers: give one with containers or addContainer()']);
  });
});

describe('containers: env, volumes, probes, init containers', () => {
  test('env from Secret and ConfigMap keys, literals and pod fields, sorted by name', () => {
    const { app, shop } = newApp();
    const cm = new ConfigMap(shop, 'cfg', { data: { LEVEL: 'info' } });
    const s = new Secret(shop, 'creds', { stringData: { PASSWORD: 'pw' } });
    new Deployment(shop, 'api', {
      containers: [{
        image: 'api:1',
        env: {
          PASSWORD: EnvValue.fromSecret(s, 'PASSWORD'),
          LEVEL: EnvValue.fromConfigMap(cm, 'LEVEL', { optional: true }),
          MODE: 'prod',
          POD: EnvValue.fromField('metadata.name'),
        },
      }],
    });
    expect(at(find(app, 'Deployment', 'api'), `${C0}.env`)).toEqual([
      { name: 'LEVEL', valueFrom: { configMapKeyRef: { key: 'LEVEL', name: 'cfg', optional: true } } },
      { name: 'MODE', value: 'prod' },
      { name: 'PASSWORD', valueFrom: { secretKeyRef: { key: 'PASSWORD', name: 'creds' } } },
      { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
    ]);
  });

  test('volumes from ConfigMap, Secret, PVC and emptyDir are declared once and mounted', () => {
    const { app, shop } = newApp();
    const cm = new ConfigMap(shop, 'cfg');
    const s = new Secret(shop, 'tls');
    const pvc = new PersistentVolumeClaim(shop, 'data', { storage: '5Gi' });
    const cmVol = Volume.fromConfigMap(cm);
    new Deployment(shop, 'api', {
      containers: [
        { image: 'api:1', mounts: [{ volume: cmVol, path: '/etc/cfg', readOnly: true }, { volume: Volume.fromSecret(s, { defaultMode: 0o400 }), path: '/tls' }] },
        { image: 'sidecar:1', mounts: [{ volume: cmVol, path: '/cfg' }, { volume: Volume.fromPersistentVolumeClaim(pvc), path: '/data' }] },
      ],
      volumes: [Volume.emptyDir('scratch', { sizeLimit: '1Gi' })],
    });
    const d = find(app, 'Deployment', 'api');
    expect(at(d, `${POD}.volumes`)).toEqual([
      { name: 'cm-cfg', configMap: { name: 'cfg' } },
      { name: 'secret-tls', secret: { secretName: 'tls', defaultMode: 0o400 } },
      { name: 'pvc-data', persistentVolumeClaim: { claimName: 'data' } },
      { name: 'scratch', emptyDir: { sizeLimit: '1Gi' } },
    ]);
    expect(at(d, `${POD}.containers[1].name`)).toBe('api-1');
    expect(at(d, `${POD}.containers[1].volumeMounts`)).toEqual([{ mountPath: '/cfg', name: 'cm-cfg' }, { mountPath: '/data', name: 'pvc-data' }]);
    expect(at(find(app, 'PersistentVolumeClaim', 'data'), 'spec')).toEqual({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '5Gi' } } });
  });

  test('probes: http, tcp and exec with timing; a port-less probe without a port fails clearly', () => {
    const { app, shop } = newApp();
    new Deployment(shop, 'api', {
      containers: [{
        image: 'api:1', port: 8000,
        readiness: Probe.http('/ready', { periodSeconds: 5 }),
        liveness: Probe.tcp({ port: 9000, failureThreshold: 6 }),
        startup: Probe.exec(['check'], { initialDelaySeconds: 3 }),
      }],
    });
    const c = at(find(app, 'Deployment', 'api'), C0);
    expect(c.readinessProbe).toEqual({ httpGet: { path: '/ready', port: 8000 }, periodSeconds: 5 });
    expect(c.livenessProbe).toEqual({ tcpSocket: { port: 9000 }, failureThreshold: 6 });
    expect(c.startupProbe).toEqual({ exec: { command: ['check'] }, initialDelaySeconds: 3 });
    const { app: app2, shop: shop2 } = newApp();
    new Deployment(shop2, 'bad', { containers: [{ image: 'x:1', readiness: Probe.http('/') }] });
    expect(() => objects(app2)).toThrow(/shop\/bad container "bad": probe needs a port/);
  });

  test('init containers get no default readiness probe', () => {
    const { app, shop } = newApp();
    const d = new Deployment(shop, 'api', { containers: [{ image: 'api:1', port: 80 }] });
    d.addInitContainer({ image: 'migrate:1', port: 81, command: ['migrate'] });
    const init = at(find(app, 'Deployment', 'api'), `${POD}.initContainers[0]`);
    expect(init.name).toBe('api-init-0');
    expect(init.readinessProbe).toBeUndefined();
    expect(init.command).toEqual(['migrate']);
  });

  test('a service account is referenced and its token mounted; otherwise automount is off', () => {
    const { app, shop } = newApp();
    const sa = new ServiceAccount(shop, 'robot');
    new Deployment(shop, 'a', { containers: [{ image: 'a:1' }], serviceAccount: sa });
    new Deployment(shop, 'b', { containers: [{ image: 'b:1' }] });
    expect(at(find(app, 'Deployment', 'a'), POD)).toMatchObject({ serviceAccountName: 'robot', automountServiceAccountToken: true });
    expect(at(find(app, 'Deployment', 'b'), `${POD}.automountServiceAccountToken`)).toBe(false);
    expect(find(app, 'ServiceAccount', 'robot').automountServiceAccountToken).toBe(false);
  });
});

describe('wiring: expose, autoscale, disruption budget', () => {
  test('exposeViaService selects the pods and writes protocol explicitly; exposeViaIngress routes to it', () => {
    const { app, shop } = newApp();
    const d = new Deployment(shop, 'web', { containers: [{ image: 'web:1', port: 8080 }] });
    const svc = d.exposeViaService({ ports: [{ port: 80, targetPort: 8080 }] });
    svc.exposeViaIngress('shop.example.com', '/app', { className: 'nginx', tlsSecret: Secret.fromName(shop, 'cert') });
    const s = find(app, 'Service', 'web');
    expect(s.spec).toEqual({
      type: 'ClusterIP',
      selector: at(find(app, 'Deployment', 'web'), 'spec.selector.matchLabels'),
      ports: [{ name: 'tcp-80', port: 80, protocol: 'TCP', targetPort: 8080 }],
    });
    expect(find(app, 'Ingress', 'web').spec).toEqual({
      ingressClassName: 'nginx',
      rules: [{ host: 'shop.example.com', http: { paths: [{ backend: { service: { name: 'web', port: { number: 80 } } }, path: '/app', pathType: 'Prefix' }] } }],
      tls: [{ hosts: ['shop.example.com'], secretName: 'cert' }],
    });
  });

  test('autoscale emits an HPA and leaves replicas to it', () => {
    const { app, shop } = newApp();
    const d = new Deployment(shop, 'api', { replicas: 3, containers: [{ image: 'api:1' }] });
    d.autoscale({ min: 2, max: 10, cpuPercent: 70 });
    expect(at(find(app, 'Deployment', 'api'), 'spec.replicas')).toBeUndefined();
    const hpa = find(app, 'HorizontalPodAutoscaler', 'api');
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec).toEqual({
      minReplicas: 2, maxReplicas: 10,
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' },
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
    });
    expect(() => d.autoscale({ min: 1, max: 2 })).toThrow(/already/);
    const { shop: s2 } = newApp();
    const d2 = new Deployment(s2, 'x', { containers: [{ image: 'x:1' }] });
    expect(() => d2.autoscale({ min: 5, max: 2 })).toThrow(/max replicas \(2\) must be a whole number >= min \(5\)/);
  });

  test('disruptionBudget selects the pods; minAvailable defaults to 1; both settings at once are refused', () => {
    const { app, shop } = newApp();
    const d = new Deployment(shop, 'api', { containers: [{ image: 'api:1' }] });
    d.disruptionBudget();
    expect(find(app, 'PodDisruptionBudget', 'api').spec).toEqual({ minAvailable: 1, selector: { matchLabels: d.selectorLabels } });
    expect(() => d.disruptionBudget()).toThrow(/shop\/api: disruptionBudget\(\) was already called/);
    const other = new Deployment(shop, 'other', { containers: [{ image: 'o:1' }] });
    expect(() => other.disruptionBudget({ minAvailable: 1, maxUnavailable: 1 })).toThrow(/give minAvailable or maxUnavailable, not both/);
  });
});

describe('StatefulSet, Job, CronJob', () => {
  test('StatefulSet: governing headless service, claim templates mounted in containers', () => {
    const { app, shop } = newApp();
    new StatefulSet(shop, 'db', {
      replicas: 1,
      containers: [{ image: 'postgres:16.4', port: 5432 }],
      volumeClaimTemplates: [{ name: 'data', storage: '10Gi', storageClassName: 'fast', mountPath: '/var/lib/pg' }],
    });
    const ss = find(app, 'StatefulSet', 'db');
    expect(at(ss, 'spec.serviceName')).toBe('db');
    expect(at(ss, 'spec.replicas')).toBe(1);
    expect(at(ss, `${C0}.volumeMounts`)).toEqual([{ mountPath: '/var/lib/pg', name: 'data' }]);
    expect(at(ss, 'spec.volumeClaimTemplates[0].spec')).toEqual({
      accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } }, storageClassName: 'fast',
    });
    const svc = find(app, 'Service', 'db');
    expect(svc.spec).toMatchObject({ clusterIP: 'None', type: 'ClusterIP', ports: [{ port: 5432, protocol: 'TCP', name: 'tcp-5432', targetPort: 5432 }] });
  });

  test('Job: restartPolicy Never, backoffLimit 3, no spread and no default readiness', () => {
    const { app, shop } = newApp();
    new Job(shop, 'migrate', { containers: [{ image: 'migrate:1', port: 80 }], ttlSecondsAfterFinished: 600 });
    const j = find(app, 'Job', 'migrate');
    expect(at(j, 'spec')).toMatchObject({ backoffLimit: 3, ttlSecondsAfterFinished: 600 });
    expect(at(j, `${POD}.restartPolicy`)).toBe('Never');
    expect(at(j, `${POD}.topologySpreadConstraints`)).toBeUndefined();
    expect(at(j, `${C0}.readinessProbe`)).toBeUndefined();
  });

  test('CronJob: schedule checked, Forbid concurrency by default, job template inside', () => {
    const { app, shop } = newApp();
    new CronJob(shop, 'report', { schedule: '0 3 * * *', containers: [{ image: 'r:1' }] });
    const c = find(app, 'CronJob', 'report');
    expect(at(c, 'spec')).toMatchObject({ schedule: '0 3 * * *', concurrencyPolicy: 'Forbid', suspend: false });
    expect(at(c, 'spec.jobTemplate.spec.template.spec.restartPolicy')).toBe('Never');
    expect(() => new CronJob(shop, 'bad', { schedule: 'every day', containers: [{ image: 'r:1' }] })).toThrow(/shop\/bad: schedule "every day" must have 5 fields/);
  });
});

describe('target version selects API versions; constructs stay the same', () => {
  function build(): App {
    const { app, shop } = newApp();
    const d = new Deployment(shop, 'api', { containers: [{ image: 'api:1' }] });
    d.autoscale({ min: 1, max: 3 });
    d.disruptionBudget();
    new CronJob(shop, 'job', { schedule: '@daily', containers: [{ image: 'j:1' }] });
    return app;
  }
  const versions = (minor: string) => Object.fromEntries(objects(build(), parseVersion(minor)).map((o) => [o.manifest.kind, o.manifest.apiVersion]));

  test.each([
    ['1.20', 'autoscaling/v2beta2', 'policy/v1beta1', 'batch/v1beta1'],
    ['1.21', 'autoscaling/v2beta2', 'policy/v1', 'batch/v1'],
    ['1.22', 'autoscaling/v2beta2', 'policy/v1', 'batch/v1'],
    ['1.23', 'autoscaling/v2', 'policy/v1', 'batch/v1'],
    ['1.34', 'autoscaling/v2', 'policy/v1', 'batch/v1'],
  ])('Kubernetes %s', (v, hpa, pdb, cron) => {
    expect(versions(v)).toMatchObject({ HorizontalPodAutoscaler: hpa, PodDisruptionBudget: pdb, CronJob: cron, Deployment: 'apps/v1' });
  });

  test('default is the newest supported version', () => {
    expect(objects(build()).find((o) => o.manifest.kind === 'HorizontalPodAutoscaler')!.manifest.apiVersion).toBe('autoscaling/v2');
  });

  test('unsupported versions are refused', () => {
    expect(() => parseVersion('1.19')).toThrow(/not supported: berth targets 1.20 to 1.34/);
    expect(() => parseVersion('2.0')).toThrow(/invalid Kubernetes version/);
    expect(parseVersion('v1.20.2')).toEqual({ major: 1, minor: 20 });
  });
});
