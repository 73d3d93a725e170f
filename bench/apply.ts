/**
 * Apply benchmark: berth apply vs `kubectl apply --server-side -f` on the same manifests and the same local API
 * server, in the same run. 250 applications × (Deployment, Service, ConfigMap, Secret) = 1000 objects, each tool in
 * its own 250 fresh namespaces (created before timing, not timed). Measured: a fresh apply and a no-op re-apply.
 * - berth: the real CLI of build/ (`npm run build` first) in a fresh process, `--auto-approve --no-wait`: kubectl
 *   does not wait for rollouts, so berth's health wait is left out (the Deployments have replicas 0 so that
 *   controllers creating pods do not load the 2 shared cores during the other tool's run). Requests from `--stats`.
 * - kubectl: `kubectl apply --server-side -f <one JSON List> -v=6`; requests = logged HTTP round trips.
 * Wall time includes process start for both. Needs the test cluster (scripts/test-cluster.sh start).
 *   node -r ./bin/register-ts.js bench/apply.ts [--apps 250]
 * Last lines: RATIO apply-fresh-1000 <berth/kubectl wall time>, RATIO apply-noop-1000 <same, no-op>.
 */
import { spawn } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { performance } from 'perf_hooks';
import { kubeconfigFrom, runClusterScript } from '../test/harness/cluster-script';

const ROOT = resolve(__dirname, '..');
const apps = Number(process.argv[process.argv.indexOf('--apps') + 1] || 250) || 250;
const run = Date.now().toString(36);
const nsOf = (tool: 'b' | 'k', i: number) => `bench-apply-${run}-${tool}${i}`;

interface Result { readonly ms: number; readonly requests: number; readonly code: number | null; readonly stderr: string; readonly stdout: string }

function exec(cmd: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<Result> {
  return new Promise((done, reject) => {
    const started = performance.now();
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => done({ ms: performance.now() - started, requests: 0, code, stdout, stderr }));
  });
}

function stackProgram(): string {
  return `
import { App, Application, ConfigMap, Deployment, Secret } from ${JSON.stringify(join(ROOT, 'build/lib/index.js'))};
const app = new App();
const tool = process.env.BENCH_TOOL as string;
for (let i = 0; i < ${apps}; i++) {
  const a = new Application(app, 'b' + i, { namespace: ${JSON.stringify(`bench-apply-${run}-`)} + tool + i, createNamespace: false });
  new ConfigMap(a, 'settings', { data: { INDEX: String(i), MODE: 'bench' } });
  new Secret(a, 'credentials', { stringData: { TOKEN: 'bench-token-' + i } });
  const web = new Deployment(a, 'web', { replicas: 0, containers: [{ image: 'registry.example/web:1', port: 8080 }] });
  web.exposeViaService({ ports: [{ port: 80, targetPort: 8080, name: 'http' }] });
}
export default app;
`;
}

async function kubectlManifests(file: string, dir: string): Promise<string> {
  // The same objects berth applies, rendered by the same constructs (kubectl's copy in its own namespaces).
  require(join(ROOT, 'bin/register-ts.js'));
  process.env.BENCH_TOOL = 'k';
  const mod = require(file) as { default: { toObjects(o: unknown): { manifest: unknown }[] } };
  const objects = mod.default.toObjects({ targetVersion: { major: 1, minor: 20 } }).map((o) => o.manifest);
  const out = join(dir, 'kubectl.json');
  writeFileSync(out, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }));
  return out;
}

async function main(): Promise<void> {
  const status = await runClusterScript('status');
  const kubeconfig = status.code === 0 ? kubeconfigFrom(status.stdout) : undefined;
  if (!kubeconfig) throw new Error('the test cluster is not running: scripts/test-cluster.sh start');
  const env = { ...process.env, KUBECONFIG: kubeconfig, CI: 'true' };
  const dir = mkdtempSync(join(tmpdir(), 'berth-bench-apply-'));
  const stack = join(dir, 'stack.ts');
  writeFileSync(stack, stackProgram());
  const manifests = await kubectlManifests(stack, dir);
  const namespaces = ['b', 'k'].flatMap((t) => Array.from({ length: apps }, (_, i) => nsOf(t as 'b' | 'k', i)));
  const nsFile = join(dir, 'namespaces.json');
  writeFileSync(nsFile, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: namespaces.map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } })) }));
  try {
    const created = await exec('kubectl', ['create', '-f', nsFile], env);
    if (created.code !== 0) throw new Error(`creating namespaces: ${created.stderr}`);

    const berth = async () => {
      const r = await exec(process.execPath, [join(ROOT, 'bin/berth.js'), 'apply', '--app', stack, '--auto-approve', '--no-wait', '--stats'], { ...env, BENCH_TOOL: 'b' });
      if (r.code !== 0) throw new Error(`berth apply failed: ${r.stderr.slice(-2000)}`);
      return { ...r, requests: Number(/stats: (\d+) API requests/.exec(r.stderr)?.[1] ?? NaN) };
    };
    const kubectl = async () => {
      const r = await exec('kubectl', ['apply', '--server-side', '--field-manager', 'kubectl-bench', '-f', manifests, '-v=6'], env);
      if (r.code !== 0) throw new Error(`kubectl apply failed: ${r.stderr.slice(-2000)}`);
      return { ...r, requests: (r.stderr.match(/ (GET|PATCH|POST|PUT|DELETE) https?:\/\/\S+ \d{3} /g) ?? []).length };
    };
    const rows = [
      ['kubectl apply --server-side, fresh', await kubectl()],
      ['berth apply --no-wait, fresh', await berth()],
      ['kubectl apply --server-side, no-op', await kubectl()],
      ['berth apply --no-wait, no-op', await berth()],
    ] as const;
    const objects = apps * 4;
    process.stdout.write(`\n${objects} objects (${apps} apps × Deployment, Service, ConfigMap, Secret), same API server, same run\n\n`);
    process.stdout.write('| run | wall time | API requests |\n|---|---:|---:|\n');
    for (const [name, r] of rows) process.stdout.write(`| ${name} | ${(r.ms / 1000).toFixed(2)} s | ${r.requests} |\n`);
    const fresh = rows[1][1].ms / rows[0][1].ms;
    const noop = rows[3][1].ms / rows[2][1].ms;
    process.stdout.write(`\nberth/kubectl: fresh ${fresh.toFixed(2)}× (goal ≤ 0.5×), no-op ${noop.toFixed(2)}× (goal ≤ 0.2×)\n`);
    process.stdout.write(`RATIO apply-fresh-${objects} ${fresh.toFixed(3)}\nRATIO apply-noop-${objects} ${noop.toFixed(3)}\n`);
  } finally {
    await exec('kubectl', ['delete', '-f', nsFile, '--wait=false', '--ignore-not-found'], env);
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
