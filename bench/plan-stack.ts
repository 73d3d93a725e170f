/**
 * The stacks of the plan benchmark (bench/plan.ts): BERTH_BENCH_APPS applications (default 250), each in its own
 * namespace with a Deployment, a Service, a ConfigMap and a Secret.
 */
import { App, Application, ConfigMap, Deployment, EnvValue, Secret } from 'berth';

const apps = Number(process.env.BERTH_BENCH_APPS ?? 250);
const app = new App();
for (let i = 0; i < apps; i++) {
  const name = `bench-plan-${String(i).padStart(3, '0')}`;
  const a = new Application(app, name);
  const config = new ConfigMap(a, 'config', { data: { LOG_LEVEL: 'info', INDEX: String(i) } });
  const secret = new Secret(a, 'credentials', { stringData: { PASSWORD: `bench-password-${i}` } });
  new Deployment(a, 'web', {
    replicas: 1,
    containers: [{
      image: `example/web:1.${i % 10}`,
      port: 8080,
      env: { LOG_LEVEL: EnvValue.fromConfigMap(config, 'LOG_LEVEL'), PASSWORD: EnvValue.fromSecret(secret, 'PASSWORD') },
    }],
  }).exposeViaService({ ports: [{ port: 80, targetPort: 8080, name: 'http' }] });
}
export default app;
