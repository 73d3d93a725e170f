/**
 * The berth side of the manifest synthesis benchmark (bench/synth.ts): a stack program of BERTH_BENCH_APPS apps,
 * five objects each (Deployment, Service, Ingress, Secret, ConfigMap), run by the real CLI exactly as a user does:
 *   BERTH_BENCH_APPS=1000 node bin/berth.js synth --app bench/synth-berth.ts --include-secrets --out DIR
 * At exit it prints `BENCH {"maxRssKb":...,"cdktfModules":...}`: the process's peak RSS and how many cdktf or
 * @cdktf modules it loaded (the manifest path must load none).
 */
import { App, Application, ConfigMap, Deployment, EnvValue, Probe, Secret } from 'berth';

const apps = Number(process.env.BERTH_BENCH_APPS);
if (!Number.isInteger(apps) || apps < 1) throw new Error('set BERTH_BENCH_APPS to the number of apps');

process.on('exit', () => {
  const cdktfModules = Object.keys(require.cache).filter((k) => /[\\/]node_modules[\\/](cdktf|@cdktf)[\\/]/.test(k)).length;
  process.stdout.write(`BENCH ${JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS, cpuSeconds: cpuSeconds(), cdktfModules })}\n`);
});

const app = new App({ defaults: { spread: 'anti-affinity' } });
for (let i = 0; i < apps; i++) {
  const name = `app-${i}`;
  const scope = new Application(app, name, { createNamespace: false });
  const config = new ConfigMap(scope, `${name}-config`, {
    data: { LOG_LEVEL: 'info', 'features.json': '{"checkout": true}' },
  });
  const secret = new Secret(scope, `${name}-credentials`, {
    stringData: { DB_USER: 'bench', DB_PASSWORD: `not-a-real-password-${i}` },
  });
  const deployment = new Deployment(scope, name, {
    replicas: 2,
    containers: [{
      image: `registry.example.com/bench/${name}:1.0.0`,
      imagePullPolicy: 'Always',
      port: 8080,
      env: {
        DB_HOST: 'db',
        DB_PASSWORD: EnvValue.fromSecret(secret, 'DB_PASSWORD'),
        DB_USER: EnvValue.fromSecret(secret, 'DB_USER'),
        LOG_LEVEL: EnvValue.fromConfigMap(config, 'LOG_LEVEL'),
      },
      resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
      // cdk8s-plus adds both probes by default.
      readiness: Probe.tcp({ failureThreshold: 3 }),
      startup: Probe.tcp({ failureThreshold: 3 }),
    }],
  });
  deployment.exposeViaService({ ports: [{ port: 80, targetPort: 8080, name: 'http' }] })
    .exposeViaIngress(`${name}.example.com`, '/');
}

export default app;

function cpuSeconds(): number {
  const { userCPUTime, systemCPUTime } = process.resourceUsage();
  return (userCPUTime + systemCPUTime) / 1e6;
}
