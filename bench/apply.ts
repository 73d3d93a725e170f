/**
 * Apply benchmark: berth apply vs `kubectl apply --server-side -f` on the same manifests and the same local API
 * server, in the same run. 250 applications × (Deployment, Service, ConfigMap, Secret) = 1000 objects, each tool in
 * its own 250 fresh namespaces (created before timing, not timed). Measured: a fresh apply and a no-op re-apply.
 * - berth: the real CLI of build/ (`npm run build` first) in a fresh process, `--auto-approve --no-wait`: kubectl
 *   does not wait for rollouts, so berth's health wait is left out (the Deployments have replicas 0 so that
 *   controllers creating pods do not load the 2 shared cores during the other tool's run). Requests from `--stats`.
 * - kubectl: `kubectl apply --server-side -f <one JSON List> -v=6`; requests = logged HTTP round trips.
 * Two last rows measure floors, in-process (see floor()): the same applies alone, and with the lock and inventory
 * writes berth's protocol needs.
 * Wall time includes process start for both tools. No run may pay for work left by another: the bench starts once an
 * earlier run's namespaces are deleted, and before each timed run it waits until the control plane is idle (its
 * processes used < 10% of a core over a second, at most 60 s; 250 new Deployments and Services keep the controllers
 * busy for seconds). The control plane's CPU time during each run is reported too. Needs the test cluster
 * (scripts/test-cluster.sh start).
 *   node -r ./bin/register-ts.js bench/apply.ts [--apps 250]
 * Last lines: RATIO apply-fresh-1000 <berth/kubectl wall time>, RATIO apply-noop-1000 <same, no-op>.
 */
import { spawn } from 'child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join, resolve } from 'path';
import { performance } from 'perf_hooks';
import { KubeClient } from '../lib/cluster/client';
import { membershipOf, withRevision, writeParent } from '../lib/engine/inventory';
import { LEASE_API, acquireLock } from '../lib/engine/lock';
import { runBounded } from '../lib/engine/pool';
import { PART_OF } from '../lib/model/labels';
import { Manifest } from '../lib/model/object';
import { kubeconfigFrom, runClusterScript } from '../test/harness/cluster-script';

const ROOT = resolve(__dirname, '..');
const apps = Number(process.argv[process.argv.indexOf('--apps') + 1] || 250) || 250;
const run = Date.now().toString(36);
type Tool = 'b' | 'k' | 'f' | 'p';
const nsOf = (tool: Tool, i: number) => `bench-apply-${run}-${tool}${i}`;

interface Result {
  readonly ms: number;
  readonly requests: number;
  readonly code: number | null;
  readonly stderr: string;
  readonly stdout: string;
  /** CPU seconds the control plane (etcd, apiserver, controllers, simulated nodes) used during the run. */
  serverCpu?: number;
}

/** The control plane's processes, from the test cluster's state file (next to its kubeconfig). */
function controlPlanePids(kubeconfig: string): number[] {
  const state = JSON.parse(readFileSync(join(dirname(kubeconfig), 'cluster.json'), 'utf8')) as { processes: { pid: number }[] };
  return state.processes.map((p) => p.pid);
}

/** CPU seconds (user + system) used so far by `pids`. */
function cpuSeconds(pids: readonly number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
    } catch {
      // the process is gone: it uses nothing
    }
  }
  return ticks / 100; // USER_HZ
}

/** Waits until the control plane used under 10% of a core over the last second (at most 60 s). */
async function settle(pids: readonly number[]): Promise<void> {
  const until = Date.now() + 60_000;
  let last = cpuSeconds(pids);
  while (Date.now() < until) {
    await new Promise((r) => setTimeout(r, 1000));
    const now = cpuSeconds(pids);
    if (now - last < 0.1) return;
    last = now;
  }
  process.stderr.write('bench: the control plane did not go idle within 60 s; measuring anyway\n');
}

/**
 * Waits (at most 5 min) until no namespace of an earlier run of this bench is left: deleting its 1000 namespaces
 * keeps the control plane busy for minutes, and a run measured meanwhile is worthless.
 */
async function previousRunsGone(kubeconfig: string): Promise<void> {
  const client = await KubeClient.connect({ kubeconfig, discoveryCacheDir: '' });
  try {
    const until = Date.now() + 300_000;
    for (let said = false; Date.now() < until; said = true) {
      const left = (await client.list('v1', 'Namespace', { metadataOnly: true })).filter((n) => n.metadata.name.startsWith('bench-apply-')).length;
      if (!left) return;
      if (!said) process.stderr.write(`bench: waiting until the ${left} namespaces of an earlier run are deleted\n`);
      await new Promise((r) => setTimeout(r, 5000));
    }
    throw new Error('the namespaces of an earlier run were not deleted within 5 minutes');
  } finally {
    client.close();
  }
}

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

/** The same objects berth applies, rendered by the same constructs, for another tool's namespaces. */
function manifestsFor(file: string, tool: Tool): Manifest[] {
  require(join(ROOT, 'bin/register-ts.js'));
  process.env.BENCH_TOOL = tool;
  delete require.cache[require.resolve(file)];
  const mod = require(file) as { default: { toObjects(o: unknown): { manifest: Manifest }[] } };
  return mod.default.toObjects({ targetVersion: { major: 1, minor: 20 } }).map((o) => o.manifest);
}

/**
 * The floors: what the API server allows; no tool that sends these writes can be faster. From this process, 16 at a
 * time, in change-group order, with no plan, validation or output:
 * - `applies`: the same 1000 server-side applies and nothing else;
 * - `protocol`: the writes berth's apply cannot do without on a fresh cluster, with berth's own functions: each
 *   application's lock taken (a Lease create), its inventory parent created before its members (crash safety),
 *   the same applies, then the locks released (a Lease delete). 750 small writes more than kubectl sends.
 */
async function floor(kubeconfig: string, objects: readonly Manifest[], protocol: boolean): Promise<Result> {
  const client = await KubeClient.connect({ kubeconfig, discoveryCacheDir: '', qps: 1000, burst: 2000, maxSockets: 32 });
  const kinds = ['ConfigMap', 'Secret', 'Service', 'Deployment'];
  await Promise.all([...kinds, 'Lease'].map((k) => client.resource(k === 'Deployment' ? 'apps/v1' : k === 'Lease' ? LEASE_API : 'v1', k)));
  const apps = [...new Map(objects.map((o) => {
    const ref = { app: o.metadata.labels?.[PART_OF] ?? '', namespace: o.metadata.namespace ?? '' };
    return [ref.app, ref];
  })).values()];
  const before = client.requestCount;
  const started = performance.now();
  const locks = protocol ? await Promise.all(apps.map((ref) => acquireLock(client, ref, { timeoutMs: 60_000 }))) : [];
  if (protocol) {
    await runBounded(apps, 16, async (ref) => {
      const members = objects.filter((o) => o.metadata.namespace === ref.namespace);
      await writeParent(client, ref, undefined, membershipOf(ref, members), withRevision(undefined, []), 'bench-floor');
    });
  }
  for (const kind of kinds) {
    await runBounded(objects.filter((o) => o.kind === kind), 16, async (m) => {
      await client.apply(m, { fieldManager: 'bench-floor', force: true });
    });
  }
  await Promise.all(locks.map((l) => l.release()));
  const ms = performance.now() - started;
  const requests = client.requestCount - before;
  client.close();
  return { ms, requests, code: 0, stdout: '', stderr: '' };
}

async function main(): Promise<void> {
  const status = await runClusterScript('status');
  const kubeconfig = status.code === 0 ? kubeconfigFrom(status.stdout) : undefined;
  if (!kubeconfig) throw new Error('the test cluster is not running: scripts/test-cluster.sh start');
  const env = { ...process.env, KUBECONFIG: kubeconfig, CI: 'true' };
  const dir = mkdtempSync(join(tmpdir(), 'berth-bench-apply-'));
  const stack = join(dir, 'stack.ts');
  writeFileSync(stack, stackProgram());
  const manifests = join(dir, 'kubectl.json');
  writeFileSync(manifests, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: manifestsFor(stack, 'k') }));
  const floorObjects = manifestsFor(stack, 'f');
  const protocolObjects = manifestsFor(stack, 'p');
  const namespaces = (['b', 'k', 'f', 'p'] as const).flatMap((t) => Array.from({ length: apps }, (_, i) => nsOf(t, i)));
  const nsFile = join(dir, 'namespaces.json');
  writeFileSync(nsFile, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: namespaces.map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } })) }));
  try {
    await previousRunsGone(kubeconfig);
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
    const pids = controlPlanePids(kubeconfig);
    const measured = async (run: () => Promise<Result>) => {
      await settle(pids);
      const before = cpuSeconds(pids);
      const r = await run();
      r.serverCpu = cpuSeconds(pids) - before;
      return r;
    };
    const rows = [
      ['kubectl apply --server-side, fresh', await measured(kubectl)],
      ['berth apply --no-wait, fresh', await measured(berth)],
      ['kubectl apply --server-side, no-op', await measured(kubectl)],
      ['berth apply --no-wait, no-op', await measured(berth)],
      ['floor: the same server-side applies alone, fresh', await measured(() => floor(kubeconfig, floorObjects, false))],
      ['floor with berth\'s lock and inventory writes, fresh', await measured(() => floor(kubeconfig, protocolObjects, true))],
    ] as const;
    const objects = apps * 4;
    process.stdout.write(`\n${objects} objects (${apps} apps × Deployment, Service, ConfigMap, Secret), same API server, same run\n\n`);
    process.stdout.write('| run | wall time | API requests | control-plane CPU |\n|---|---:|---:|---:|\n');
    for (const [name, r] of rows) process.stdout.write(`| ${name} | ${(r.ms / 1000).toFixed(2)} s | ${r.requests} | ${r.serverCpu!.toFixed(1)} s |\n`);
    const fresh = rows[1][1].ms / rows[0][1].ms;
    const noop = rows[3][1].ms / rows[2][1].ms;
    process.stdout.write(`\nberth/kubectl: fresh ${fresh.toFixed(2)}× (goal ≤ 0.5×), no-op ${noop.toFixed(2)}× (goal ≤ 0.2×); floors/kubectl, fresh: applies ${(rows[4][1].ms / rows[0][1].ms).toFixed(2)}×, with lock and inventory ${(rows[5][1].ms / rows[0][1].ms).toFixed(2)}×\n`);
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
