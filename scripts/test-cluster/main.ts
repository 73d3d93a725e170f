/**
 * start | stop | status of the local Kubernetes v1.20.2 test cluster (called by scripts/test-cluster.sh,
 * which builds the binaries first). Progress goes to stderr; `start` and `status` end stdout with
 * `KUBECONFIG=<absolute path>` when the cluster runs.
 */
import * as fs from 'fs';
import * as path from 'path';
import { KubeHttp } from '../../test/harness/kube-http';
import { generatePki, type Pki } from './certs';
import * as components from './components';
import { limitedRbac, writeIdentities } from './identities';
import { K8S_VERSION, stateDir, statePaths, type StatePaths } from './paths';
import { freePorts } from './ports';
import { findStrays, isAlive, startProcess, stopProcesses, type ProcessSpec, type TrackedProcess } from './processes';
import { readState, writeState, type ClusterState } from './state';

const say = (message: string) => process.stderr.write(`[test-cluster] ${message}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const simulator = {
  nodes: Number(process.env.BERTH_TEST_NODES ?? 3),
  zones: Number(process.env.BERTH_TEST_ZONES ?? 2),
};

class StartError extends Error {}

function tail(file: string, lines = 15): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Polls `check` until it answers a value; fails early, with the log's tail, if `proc` dies meanwhile. */
async function waitFor<T>(what: string, timeoutMs: number, procs: TrackedProcess[], check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  for (;;) {
    for (const proc of procs) {
      if (!isAlive(proc)) throw new StartError(`${proc.name} exited while waiting for ${what}; last log lines of ${proc.log}:\n${tail(proc.log)}`);
    }
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err: any) {
      lastError = err.message;
    }
    if (Date.now() > deadline) {
      throw new StartError(`timed out after ${timeoutMs / 1000} s waiting for ${what}${lastError ? ` (${lastError})` : ''}`);
    }
    await sleep(250);
  }
}

/** Whether the recorded cluster fully runs: every process alive and the API server ready. */
async function health(state: ClusterState): Promise<{ dead: string[]; ready: boolean }> {
  const dead = state.processes.filter((proc) => !isAlive(proc)).map((proc) => proc.name);
  if (dead.length > 0 || !fs.existsSync(state.kubeconfig)) return { dead, ready: false };
  const kube = KubeHttp.fromKubeconfig(state.kubeconfig);
  try {
    const res = await kube.get('/readyz');
    return { dead, ready: res.status === 200 };
  } catch {
    return { dead, ready: false };
  } finally {
    kube.close();
  }
}

/** Stops every process of the recorded run and any stray of ours. Returns the names stopped. */
async function stopAll(paths: StatePaths): Promise<string[]> {
  const state = readState(paths.state);
  const known = state?.processes ?? [];
  // Stop in reverse start order: simulator and controllers before the API server, etcd last.
  const stopped = await stopProcesses([...known].reverse());
  const strays = findStrays(paths.dir, known, components.programs);
  if (strays.length > 0) say(`stopping ${strays.length} stray process(es) of an earlier run: ${strays.map((p) => `${p.name} (${p.pid})`).join(', ')}`);
  stopped.push(...(await stopProcesses(strays)));
  fs.rmSync(paths.state, { force: true });
  return stopped;
}

function freshStateDir(paths: StatePaths): void {
  fs.mkdirSync(paths.dir, { recursive: true });
  for (const dir of [paths.pki, paths.etcdData, paths.previousLogs]) fs.rmSync(dir, { recursive: true, force: true });
  if (fs.existsSync(paths.logs)) fs.renameSync(paths.logs, paths.previousLogs);
  fs.mkdirSync(paths.logs);
}

async function nodesReady(kube: KubeHttp): Promise<string[] | undefined> {
  const res = await kube.get('/api/v1/nodes');
  const ready = (res.body.items ?? []).filter(
    (node: any) =>
      node.status?.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True') &&
      !(node.spec?.taints ?? []).some((t: any) => t.key === 'node.kubernetes.io/not-ready'),
  );
  return ready.length >= simulator.nodes ? ready.map((node: any) => node.metadata.name) : undefined;
}

async function start(): Promise<string> {
  const paths = statePaths();
  const previous = readState(paths.state);
  if (previous) {
    const { dead, ready } = await health(previous);
    if (dead.length === 0 && ready) {
      say(`already running (${previous.server}, started ${previous.startedAt}); reusing it`);
      return previous.kubeconfig;
    }
    say(`found leftovers of a crashed run (${dead.length > 0 ? `dead: ${dead.join(', ')}` : 'API server not ready'}); cleaning up`);
  }
  const leftovers = await stopAll(paths);
  if (leftovers.length > 0) say(`stopped leftovers: ${leftovers.join(', ')}`);

  const began = Date.now();
  freshStateDir(paths);
  const pki: Pki = generatePki(paths.pki);
  const [etcdClient, etcdPeer, apiserverPort] = await freePorts(3);
  const ports = { etcdClient, etcdPeer, apiserver: apiserverPort };
  const server = `https://127.0.0.1:${ports.apiserver}`;
  writeIdentities(paths, server, pki.caCert);
  const state: ClusterState = {
    version: `v${K8S_VERSION}`,
    startedAt: new Date().toISOString(),
    server,
    kubeconfig: paths.kubeconfig,
    ports,
    processes: [],
  };
  const launch = (spec: ProcessSpec): TrackedProcess => {
    const proc = startProcess(spec);
    state.processes.push(proc);
    writeState(paths.state, state);
    return proc;
  };

  try {
    const etcd = launch(components.etcd(paths, ports));
    await waitFor('etcd health', 30_000, [etcd], async () => {
      const res = await fetch(`http://127.0.0.1:${ports.etcdClient}/health`);
      return res.ok && ((await res.json()) as { health?: string }).health === 'true' ? true : undefined;
    });

    const apiserver = launch(components.apiserver(paths, ports, pki));
    const kube = KubeHttp.fromKubeconfig(paths.kubeconfig);
    try {
      await waitFor('kube-apiserver /readyz', 90_000, [etcd, apiserver], async () => {
        const res = await kube.get('/readyz');
        return res.status === 200 && res.body === 'ok' ? true : undefined;
      });
      say(`kube-apiserver ready at ${server} after ${((Date.now() - began) / 1000).toFixed(1)} s`);
      for (const { path: apiPath, body } of limitedRbac()) {
        const res = await kube.post(apiPath, body);
        if (res.status !== 201 && res.status !== 409) throw new StartError(`creating RBAC ${apiPath}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
      }

      const all = [etcd, apiserver];
      all.push(launch(components.controllerManager(paths, pki)));
      all.push(launch(components.scheduler(paths)));
      all.push(launch(components.nodeSimulator(paths, simulator)));
      const nodes = await waitFor(`${simulator.nodes} Ready nodes`, 60_000, all, () => nodesReady(kube));
      // The controller manager's root-CA publisher writes this ConfigMap into every namespace once it runs.
      await waitFor('kube-controller-manager', 60_000, all, async () => {
        const res = await kube.get('/api/v1/namespaces/default/configmaps/kube-root-ca.crt');
        return res.status === 200 ? true : undefined;
      });
      say(`nodes ready: ${nodes.join(', ')}; cluster up in ${((Date.now() - began) / 1000).toFixed(1)} s (logs: ${paths.logs})`);
    } finally {
      kube.close();
    }
    return paths.kubeconfig;
  } catch (err) {
    say(`start failed; stopping what was started (logs kept in ${paths.logs})`);
    await stopAll(paths);
    throw err;
  }
}

async function stop(): Promise<void> {
  const paths = statePaths();
  const stopped = await stopAll(paths);
  say(stopped.length > 0 ? `stopped ${stopped.join(', ')} (logs kept in ${paths.logs})` : 'not running');
}

function rssMb(pid: number): number {
  const line = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m);
  return line ? Math.round(Number(line[1]) / 1024) : 0;
}

/** Exit code 0: running; 3: not running; 1: leftovers of a crashed run (start cleans them up). */
async function status(): Promise<number> {
  const paths = statePaths();
  const state = readState(paths.state);
  if (!state) {
    const strays = findStrays(paths.dir, [], components.programs);
    console.log(strays.length > 0 ? `stopped, but ${strays.length} stray process(es) of ours run: start or stop cleans them` : 'stopped');
    return strays.length > 0 ? 1 : 3;
  }
  const { dead, ready } = await health(state);
  for (const proc of state.processes) {
    const alive = isAlive(proc) ? `running  rss ${String(rssMb(proc.pid)).padStart(4)} MB` : 'DEAD            ';
    console.log(`${proc.name.padEnd(24)} pid ${String(proc.pid).padEnd(8)} ${alive}  log ${proc.log}`);
  }
  if (dead.length > 0 || !ready) {
    console.log(`broken: ${dead.length > 0 ? `dead: ${dead.join(', ')}` : 'API server not ready'}; run start (cleans up) or stop`);
    return 1;
  }
  console.log(`running ${state.version} at ${state.server} since ${state.startedAt}`);
  console.log(`KUBECONFIG=${state.kubeconfig}`);
  return 0;
}

async function main(command: string | undefined): Promise<number> {
  switch (command) {
    case 'start': {
      const kubeconfig = await start();
      console.log(`KUBECONFIG=${path.resolve(kubeconfig)}`);
      return 0;
    }
    case 'stop':
      await stop();
      return 0;
    case 'status':
      return status();
    default:
      process.stderr.write(`usage: scripts/test-cluster.sh install|start|stop|status (state in ${stateDir()})\n`);
      return 2;
  }
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (err) => {
    say(`ERROR: ${err instanceof StartError ? err.message : err.stack ?? err}`);
    process.exit(1);
  },
);
