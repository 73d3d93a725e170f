/**
 * Schema validation cost in one fresh process: 5000 objects (1000 apps × Deployment, Service, Ingress,
 * Secret, ConfigMap), including loading the bundled schemas and compiling the validators.
 *   node -r ./bin/register-ts.js bench/schema-validate.ts [apps]
 */
import { performance } from 'node:perf_hooks';
import { BerthObject, Manifest } from '../lib/model/object';
import { hasErrors } from '../lib/validate/diagnostic';

function app(i: number): Manifest[] {
  const name = `app-${i}`;
  const namespace = 'bench';
  const labels = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/managed-by': 'berth' };
  const metadata = { name, namespace, labels };
  return [
    {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata,
      spec: {
        replicas: 2,
        selector: { matchLabels: { 'app.kubernetes.io/name': name } },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
        template: {
          metadata: { labels },
          spec: {
            containers: [{
              name: 'main', image: `registry.example/${name}:1.0`, imagePullPolicy: 'IfNotPresent',
              ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
              env: [{ name: 'MODE', value: 'prod' }, { name: 'TOKEN', valueFrom: { secretKeyRef: { name, key: 'token' } } }],
              envFrom: [{ configMapRef: { name } }],
              resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: 1, memory: '256Mi' } },
              readinessProbe: { httpGet: { path: '/ready', port: 'http' }, periodSeconds: 5 },
              livenessProbe: { tcpSocket: { port: 8080 }, initialDelaySeconds: 10 },
              securityContext: { runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false },
            }],
          },
        },
      },
    },
    {
      apiVersion: 'v1', kind: 'Service', metadata,
      spec: { selector: { 'app.kubernetes.io/name': name }, ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }] },
    },
    {
      apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata,
      spec: {
        rules: [{
          host: `${name}.example.com`,
          http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name, port: { name: 'http' } } } }] },
        }],
      },
    },
    { apiVersion: 'v1', kind: 'Secret', metadata, type: 'Opaque', data: { token: Buffer.from(`t-${i}`).toString('base64') } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata, data: { LOG_LEVEL: 'info', FEATURE: 'on' } },
  ];
}

const apps = Number(process.argv[2] ?? 1000);
const objects: BerthObject[] = [];
for (let i = 0; i < apps; i++) {
  for (const manifest of app(i)) objects.push({ manifest, source: `app-${i}/${manifest.kind}`, app: `app-${i}`, dependsOn: [] });
}

const cpuStart = process.cpuUsage();
const start = performance.now();
// Imported here so that loading ajv and the schemas counts.
const { validateSchemas } = require('../lib/validate/schema') as typeof import('../lib/validate/schema');
const loaded = performance.now();
const first = validateSchemas(objects, { major: 1, minor: 20 });
const firstDone = performance.now();
const cpuFirst = process.cpuUsage(cpuStart);
const second = validateSchemas(objects, { major: 1, minor: 20 });
const secondDone = performance.now();

if (hasErrors(first.diagnostics) || hasErrors(second.diagnostics)) {
  console.error(first.diagnostics.slice(0, 5));
  process.exit(1);
}
const ms = (a: number, b: number): string => `${(b - a).toFixed(0)} ms`;
console.log(`${objects.length} objects: import ${ms(start, loaded)}, first validation (load + compile + validate) ${ms(loaded, firstDone)}, ` +
  `total ${ms(start, firstDone)} (cpu ${((cpuFirst.user + cpuFirst.system) / 1000).toFixed(0)} ms); ` +
  `warm re-validation ${ms(firstDone, secondDone)}; rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`);
