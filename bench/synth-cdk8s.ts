/**
 * One measurement of the manifest synthesis benchmark (bench/synth.ts): N apps with cdk8s + cdk8s-plus-33, the
 * same five objects per app as bench/synth-berth.ts, synthesized to YAML.
 *   node bench/synth-cdk8s.ts <apps> <outDir> [one-chart|chart-per-app]
 * Layout one-chart (default) puts all apps in one Chart (one file): cdk8s's fast path. chart-per-app gives each app
 * its own Chart (and file) like berth, but cdk8s then resolves and validates the whole app once per chart
 * (quadratic: ~30 s at 1000 apps), so the benchmark compares against the fast layout.
 * Prints `BENCH {"maxRssKb":...}` as its last line.
 */
import { App, Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { Construct } from 'constructs';

const apps = Number(process.argv[2]);
const outdir = process.argv[3];
const layout = process.argv[4] ?? 'one-chart';
if (!Number.isInteger(apps) || apps < 1 || !outdir || !['one-chart', 'chart-per-app'].includes(layout)) {
  throw new Error('usage: synth-cdk8s.ts <apps> <outDir> [one-chart|chart-per-app]');
}

const app = new App({ outdir });
const single = layout === 'one-chart' ? new Chart(app, 'apps') : undefined;
for (let i = 0; i < apps; i++) {
  const name = `app-${i}`;
  const chart = single ? new Construct(single, name) : new Chart(app, name);
  const metadata = { namespace: name, labels: { 'app.kubernetes.io/part-of': name } };
  const config = new kplus.ConfigMap(chart, 'config', {
    metadata: { ...metadata, name: `${name}-config` },
    data: { LOG_LEVEL: 'info', 'features.json': '{"checkout": true}' },
  });
  const secret = new kplus.Secret(chart, 'credentials', {
    metadata: { ...metadata, name: `${name}-credentials` },
    stringData: { DB_USER: 'bench', DB_PASSWORD: `not-a-real-password-${i}` },
  });
  const deployment = new kplus.Deployment(chart, 'web', {
    metadata: { ...metadata, name },
    replicas: 2,
    automountServiceAccountToken: false,
    securityContext: { ensureNonRoot: true },
    containers: [{
      name,
      image: `registry.example.com/bench/${name}:1.0.0`,
      portNumber: 8080,
      envVariables: {
        DB_HOST: kplus.EnvValue.fromValue('db'),
        DB_PASSWORD: kplus.EnvValue.fromSecretValue({ secret, key: 'DB_PASSWORD' }),
        DB_USER: kplus.EnvValue.fromSecretValue({ secret, key: 'DB_USER' }),
        LOG_LEVEL: kplus.EnvValue.fromConfigMap(config, 'LOG_LEVEL'),
      },
      resources: {
        cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.millis(500) },
        memory: { request: Size.mebibytes(128), limit: Size.mebibytes(256) },
      },
      readiness: kplus.Probe.fromTcpSocket({ port: 8080 }),
      securityContext: {
        ensureNonRoot: true,
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: false,
        capabilities: { drop: [kplus.Capability.ALL] },
      },
    }],
  });
  // berth's counterpart: defaults { spread: 'anti-affinity' } (preferred anti-affinity on the hostname).
  deployment.scheduling.spread({ weight: 100 });
  const service = new kplus.Service(chart, 'service', {
    metadata: { ...metadata, name },
    selector: deployment,
    ports: [{ port: 80, targetPort: 8080, name: 'http' }],
  });
  const ingress = new kplus.Ingress(chart, 'ingress', { metadata: { ...metadata, name } });
  ingress.addHostRule(`${name}.example.com`, '/', kplus.IngressBackend.fromService(service));
}
app.synth();

const loaded = Object.keys(require.cache).filter((k) => /[\\/]node_modules[\\/](cdktf|@cdktf)[\\/]/.test(k)).length;
process.stdout.write(`BENCH ${JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS, cpuSeconds: cpuSeconds(), cdktfModules: loaded })}\n`);

function cpuSeconds(): number {
  const { userCPUTime, systemCPUTime } = process.resourceUsage();
  return (userCPUTime + systemCPUTime) / 1e6;
}
