/**
 * Apply benchmark: berth apply vs `kubectl apply --server-side -f` on the same manifests and the same local API
 * server, in the same run. 250 applications × (Deployment, Service, ConfigMap, Secret) = 1000 objects, each tool in
 * its own 250 fresh namespaces (created before timing, not timed). Measured: a fresh apply and a no-op re-apply.
 * With --runs N (default 1) every row is measured in N rounds, each in its own namespaces, and the table shows
 * medians, the ratios being the median of each round's ratio. Later rounds run on a cluster holding the earlier
 * rounds' objects (all labelled managed-by=berth), which berth's plan lists: a different, fuller cluster.
 * - berth: the real CLI of build/ (`npm run build` first) in a fresh process, `--auto-approve --no-wait`: kubectl
 *   does not wait for rollouts, so berth's health wait is left out (the Deployments have replicas 0 so that
 *   controllers creating pods do not load the 2 shared cores during the other tool's run). Requests from `--stats`.
 * - kubectl: `kubectl apply --server-side -f <one JSON List> -v=6`; requests = logged HTTP round trips.
 * Two last rows measure floors, in-process (see floor()): the same applies alone, and with the lock and inventory
 * writes berth's protocol needs.
 * Wall time includes process start for both tools. No run may pay for work left by another: the bench starts once an
 * earlier run's namespaces are deleted, waits until the controllers have set up the new namespaces (service account
 * tokens, CA ConfigMaps: minutes for 1000 namespaces), and before each timed run until the control plane is idle (its
 * processes used < 10% of a core in each of 3 seconds, at most 60 s; 250 new Deployments and Services keep the controllers
 * busy for seconds). The control plane's CPU time during each run is reported too. Uses the test cluster (started
 * when it is not running).
 *   node -r ./bin/register-ts.js bench/apply.ts [--apps 250] [--runs 1]
 * Last lines: RATIO apply-fresh-1000 <berth/kubectl wall time>, RATIO apply-noop-1000 <same, no-op> (medians).
 */
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
import { Timed, berthRequests, kubectlRequests, median, namespacesSettled, testClusterKubeconfig, timed, whileNamespaces } from './tools';

const ROOT = resolve(__dirname, '..');
const option = (name: string, fallback: number) => (process.argv.includes(`--${name}`) ? Number(process.argv[process.argv.indexOf(`--${name}`) + 1]) || fallback : fallback);
const apps = option('apps', 250);
/** Rounds: each measures every row once; the table shows medians, the ratios are medians of each round's ratio. */
const runs = option('runs', 1);
const started = Date.now().toString(36);
const nsOf = (tool: string, i: number) => `bench-apply-${started}-${tool}${i}`;

interface Result extends Timed {
  readonly requests: number;
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

/**
 * Waits until the control plane used under 10% of a core in each of the last 3 seconds (at most 60 s). One quiet
 * second is not enough: the controllers, limited to 20 requests per second, still work off the previous run's
 * 250 Deployments and Services in bursts.
 */
async function settle(pids: readonly number[]): Promise<void> {
  const until = Date.now() + 60_000;
  let last = cpuSeconds(pids);
  for (let quiet = 0; Date.now() < until;) {
    await new Promise((r) => setTimeout(r, 1000));
    const now = cpuSeconds(pids);
    quiet = now - last < 0.1 ? quiet + 1 : 0;
    if (quiet === 3) return;
    last = now;
  }
  process.stderr.write('bench: the control plane did not go idle within 60 s; measuring anyway\n');
}

function stackProgram(): string {
  return `
import { App, Application, ConfigMap, Deployment, Secret } from ${JSON.stringify(join(ROOT, 'build/lib/index.js'))};
const app = new App();
const tool = process.env.BENCH_TOOL as string;
for (let i = 0; i < ${apps}; i++) {
  const a = new Application(app, 'b' + i, { namespace: ${JSON.stringify(`bench-apply-${started}-`)} + tool + i, createNamespace: false });
  new ConfigMap(a, 'settings', { data: { INDEX: String(i), MODE: 'bench' } });
  new Secret(a, 'credentials', { stringData: { TOKEN: 'bench-token-' + i } });
  const web = new Deployment(a, 'web', { replicas: 0, containers: [{ image: 'registry.example/web:1', port: 8080 }] });
  web.exposeViaService({ ports: [{ port: 80, targetPort: 8080, name: 'http' }] });
}
export default app;
`;
}

/** The same objects berth applies, rendered by the same constructs, for another tool's namespaces. */
function manifestsFor(file: string, tool: string): Manifest[] {
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
  const kubeconfig = await testClusterKubeconfig();
  const env = { ...process.env, KUBECONFIG: kubeconfig, CI: 'true' };
  const dir = mkdtempSync(join(tmpdir(), 'berth-bench-apply-'));
  const stack = join(dir, 'stack.ts');
  writeFileSync(stack, stackProgram());
  const tools = (round: number) => ({ berth: `b${round}-`, kubectl: `k${round}-`, floor: `f${round}-`, protocol: `p${round}-` });
  // Each round's namespaces, created when the round starts: the controllers give every new namespace a service
  // account, its token and a CA ConfigMap, minutes of work for all rounds' at once on 2 cores.
  const nsFile = (round: number) => join(dir, `namespaces-${round}.json`);
  for (let round = 0; round < runs; round++) {
    const names = Object.values(tools(round)).flatMap((t) => Array.from({ length: apps }, (_, i) => nsOf(t, i)));
    writeFileSync(nsFile(round), JSON.stringify({ apiVersion: 'v1', kind: 'List', items: names.map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } })) }));
  }
  const rounds: Result[][] = [];
  const admin = await KubeClient.connect({ kubeconfig, discoveryCacheDir: '' });
  try {
    await whileNamespaces(admin, (n) => n.metadata.name.startsWith('bench-apply-'));

    const pids = controlPlanePids(kubeconfig);
    const measured = async (run: () => Promise<Result>) => {
      await settle(pids);
      const before = cpuSeconds(pids);
      const r = await run();
      r.serverCpu = cpuSeconds(pids) - before;
      return r;
    };
    for (let round = 0; round < runs; round++) {
      const created = await timed('kubectl', ['create', '-f', nsFile(round)], env);
      if (created.code !== 0) throw new Error(`creating namespaces: ${created.stderr}`);
      await namespacesSettled(admin, Object.values(tools(round)).flatMap((t) => Array.from({ length: apps }, (_, i) => nsOf(t, i))));
      const t = tools(round);
      const manifests = join(dir, `kubectl-${round}.json`);
      writeFileSync(manifests, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: manifestsFor(stack, t.kubectl) }));
      const floorObjects = manifestsFor(stack, t.floor);
      const protocolObjects = manifestsFor(stack, t.protocol);
      const berth = async () => {
        const r = await timed(process.execPath, [join(ROOT, 'bin/berth.js'), 'apply', '--app', stack, '--auto-approve', '--no-wait', '--stats'], { ...env, BENCH_TOOL: t.berth });
        if (r.code !== 0) throw new Error(`berth apply failed: ${r.stderr.slice(-2000)}`);
        return { ...r, requests: berthRequests(r.stderr) };
      };
      const kubectl = async () => {
        const r = await timed('kubectl', ['apply', '--server-side', '--field-manager', 'kubectl-bench', '-f', manifests, '-v=6'], env);
        if (r.code !== 0) throw new Error(`kubectl apply failed: ${r.stderr.slice(-2000)}`);
        return { ...r, requests: kubectlRequests(r.stderr) };
      };
      rounds.push([
        await measured(kubectl),
        await measured(berth),
        await measured(kubectl),
        await measured(berth),
        await measured(() => floor(kubeconfig, floorObjects, false)),
        await measured(() => floor(kubeconfig, protocolObjects, true)),
      ]);
      process.stderr.write(`bench: round ${round + 1} of ${runs} done\n`);
    }
    const names = [
      'kubectl apply --server-side, fresh', 'berth apply --no-wait, fresh', 'kubectl apply --server-side, no-op', 'berth apply --no-wait, no-op',
      'floor: the same server-side applies alone, fresh', 'floor with berth\'s lock and inventory writes, fresh',
    ];
    const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    const objects = apps * 4;
    process.stdout.write(`\n${objects} objects (${apps} apps × Deployment, Service, ConfigMap, Secret), same API server, ${runs} rounds, medians\n\n`);
    process.stdout.write('| run | wall time | each round | API requests | control-plane CPU |\n|---|---:|---:|---:|---:|\n');
    names.forEach((name, row) => {
      const rs = rounds.map((r) => r[row]);
      process.stdout.write(`| ${name} | ${seconds(median(rs.map((r) => r.ms)))} | ${rs.map((r) => seconds(r.ms)).join(', ')} | ${median(rs.map((r) => r.requests))} | ${median(rs.map((r) => r.serverCpu!)).toFixed(1)} s |\n`);
    });
    // Each ratio within a round (both tools on the same cluster state, minutes apart at most), then the median.
    const ratio = (row: number, of: number) => median(rounds.map((r) => r[row].ms / r[of].ms));
    const range = (row: number, of: number) => rounds.map((r) => (r[row].ms / r[of].ms).toFixed(2)).join(', ');
    process.stdout.write(`\nberth/kubectl: fresh ${ratio(1, 0).toFixed(2)}× (${range(1, 0)}; goal ≤ 0.5×), no-op ${ratio(3, 2).toFixed(2)}× (${range(3, 2)}; goal ≤ 0.2×)\n`);
    process.stdout.write(`floors/kubectl, fresh: applies alone ${ratio(4, 0).toFixed(2)}× (${range(4, 0)}), with lock and inventory ${ratio(5, 0).toFixed(2)}× (${range(5, 0)})\n`);
    process.stdout.write(`RATIO apply-fresh-${objects} ${ratio(1, 0).toFixed(3)}\nRATIO apply-noop-${objects} ${ratio(3, 2).toFixed(3)}\n`);
  } finally {
    for (let round = 0; round < runs; round++) await timed('kubectl', ['delete', '-f', nsFile(round), '--wait=false', '--ignore-not-found'], env);
    admin.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
