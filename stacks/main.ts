/**
 * The example shop: a web frontend, an API with its configuration and credentials, a PostgreSQL database,
 * and a nightly report job, in one namespace with a quota. `npx berth synth` turns it into manifests.
 */
import {
  App, Application, ConfigMap, CronJob, Deployment, EnvValue, LimitRange, NetworkPolicy, Peer, Probe,
  ResourceQuota, Secret, StatefulSet, Volume,
} from 'berth';

const app = new App();
const shop = new Application(app, 'shop', { labels: { team: 'storefront' } });

new ResourceQuota(shop, 'quota', {
  hard: { 'requests.cpu': '4', 'requests.memory': '8Gi', 'limits.cpu': '12', 'limits.memory': '16Gi', pods: '30' },
});
new LimitRange(shop, 'limits', {
  container: {
    default: { cpu: '500m', memory: '256Mi' },
    defaultRequest: { cpu: '100m', memory: '128Mi' },
    max: { cpu: '2', memory: '2Gi' },
  },
});

// Web frontend, public over HTTPS. The certificate is issued by cert-manager, so berth only references it.
const web = new Deployment(shop, 'web', {
  replicas: 3,
  containers: [{ image: 'nginxinc/nginx-unprivileged:1.27.2', port: 8080, readiness: Probe.http('/healthz') }],
});
web.exposeViaService({ ports: [{ port: 80, targetPort: 8080, name: 'http' }] })
  .exposeViaIngress('shop.example.com', '/', { className: 'nginx', tlsSecret: Secret.fromName(shop, 'shop-example-com-tls') });
web.disruptionBudget({ maxUnavailable: 1 });

// API: configuration from a ConfigMap, database credentials from a Secret.
const apiConfig = new ConfigMap(shop, 'api-config', {
  data: { LOG_LEVEL: 'info', 'features.json': '{"checkout": true}' },
});
// Demo value: real stacks use Secret.fromEnv(...) so the value comes from CI, not from source.
const dbCredentials = new Secret(shop, 'db-credentials', {
  stringData: { POSTGRES_USER: 'shop', POSTGRES_PASSWORD: 'demo-only-change-me' },
});
const api = new Deployment(shop, 'api', {
  containers: [{
    image: 'ghcr.io/example/shop-api:2.4.1',
    port: 8000,
    env: {
      LOG_LEVEL: EnvValue.fromConfigMap(apiConfig, 'LOG_LEVEL'),
      DATABASE_USER: EnvValue.fromSecret(dbCredentials, 'POSTGRES_USER'),
      DATABASE_PASSWORD: EnvValue.fromSecret(dbCredentials, 'POSTGRES_PASSWORD'),
      DATABASE_HOST: 'db',
    },
    readiness: Probe.http('/ready', { periodSeconds: 5 }),
    liveness: Probe.http('/live', { initialDelaySeconds: 10 }),
    mounts: [{ volume: Volume.fromConfigMap(apiConfig, { items: { 'features.json': 'features.json' } }), path: '/etc/shop', readOnly: true }],
    resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '1', memory: '512Mi' } },
  }],
});
api.exposeViaService();
api.autoscale({ min: 2, max: 6, cpuPercent: 70 });
api.disruptionBudget({ minAvailable: 1 });

// Database: one replica with its own volume, reachable only from the API.
const db = new StatefulSet(shop, 'db', {
  replicas: 1,
  containers: [{
    image: 'postgres:16.4',
    port: 5432,
    env: {
      POSTGRES_USER: EnvValue.fromSecret(dbCredentials, 'POSTGRES_USER'),
      POSTGRES_PASSWORD: EnvValue.fromSecret(dbCredentials, 'POSTGRES_PASSWORD'),
      PGDATA: '/var/lib/postgresql/data/pgdata',
    },
    readiness: Probe.exec(['pg_isready', '-U', 'shop']),
    resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } },
    security: { readOnlyRootFilesystem: false },
  }],
  volumeClaimTemplates: [{ name: 'data', storage: '10Gi', mountPath: '/var/lib/postgresql/data' }],
  defaults: { security: { runAsUser: 999 } },
});
db.dependOn(dbCredentials);
new NetworkPolicy(shop, 'db-from-api', { selector: db }).allowFrom(Peer.pods(api), [{ port: 5432 }]);

// Nightly report.
new CronJob(shop, 'nightly-report', {
  schedule: '0 3 * * *',
  containers: [{
    image: 'ghcr.io/example/shop-api:2.4.1',
    command: ['shop-report', '--since=24h'],
    env: { DATABASE_HOST: 'db', DATABASE_PASSWORD: EnvValue.fromSecret(dbCredentials, 'POSTGRES_PASSWORD') },
  }],
  ttlSecondsAfterFinished: 86400,
});

export default app;
