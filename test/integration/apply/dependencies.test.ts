// Explicit construct dependencies order the apply: a Deployment that dependOn()s a migration Job is applied only
// once the Job has completed, although both are in the same change group (workloads) and would otherwise be
// applied together.
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { adminKube } from '../../harness/cluster';
import { testNamespace } from '../../harness/namespace';
import { berth, repo } from './helpers';

const ns = testNamespace('apply-deps');

function stackFile(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'berth-deps-')), 'stack.ts');
  writeFileSync(file, `
import { App, Application, Deployment, Job } from ${JSON.stringify(join(repo, 'build/lib/index.js'))};
const app = new App({ defaults: { resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '50m', memory: '32Mi' } } } });
const demo = new Application(app, 'deps', { namespace: process.env.T_NS!, createNamespace: false });
const migrate = new Job(demo, 'migrate', { containers: [{ image: 'registry.example/migrate:1', command: ['migrate'] }] });
new Deployment(demo, 'api', { replicas: 1, containers: [{ image: 'registry.example/api:1', port: 8080 }] }).dependOn(migrate);
export default app;
`);
  return file;
}

test('a workload waits for the Job it depends on to complete before it is applied', async () => {
  const r = await berth(['apply', '--app', stackFile(), '--auto-approve', '--object-timeout', '120s'], { env: { T_NS: ns.name } });
  expect(r.stderr).not.toMatch(/^error/m);
  expect(r.code).toBe(0);
  const job = (await adminKube().get(`/apis/batch/v1/namespaces/${ns.name}/jobs/migrate`)).body;
  const deployment = (await adminKube().get(`/apis/apps/v1/namespaces/${ns.name}/deployments/api`)).body;
  const jobCreated = Date.parse(job.metadata.creationTimestamp);
  const jobCompleted = Date.parse(job.status.completionTime);
  const deploymentCreated = Date.parse(deployment.metadata.creationTimestamp);
  // The Job takes a while (its pod works ~1 s, the simulated kubelet reports every second), so the order is visible.
  expect(jobCompleted - jobCreated).toBeGreaterThanOrEqual(1000);
  expect(deploymentCreated).toBeGreaterThanOrEqual(jobCompleted);
});
