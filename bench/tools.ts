/** What the cluster benchmarks (apply.ts, plan.ts) share: running a tool and counting its requests, the test cluster. */
import { spawn } from 'child_process';
import { performance } from 'perf_hooks';
import { KubeClient } from '../lib/cluster/client';
import { Manifest } from '../lib/model/object';
import { kubeconfigFrom, runClusterScript } from '../test/harness/cluster-script';

export interface Timed {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Wall time, process start included. */
  readonly ms: number;
}

export function timed(cmd: string, args: readonly string[], env: NodeJS.ProcessEnv, cwd?: string): Promise<Timed> {
  return new Promise((done, reject) => {
    const started = performance.now();
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => done({ code, stdout, stderr, ms: performance.now() - started }));
  });
}

/** API requests berth reports with `--stats`. */
export function berthRequests(stderr: string): number {
  return Number(/stats: (\d+) API requests/.exec(stderr)?.[1] ?? NaN);
}

/** HTTP round trips in kubectl's `-v=6` log (one line per answered request). */
export function kubectlRequests(stderr: string): number {
  return (stderr.match(/ (GET|PATCH|POST|PUT|DELETE) https?:\/\/\S+ \d{3} /g) ?? []).length;
}

/** The test cluster's kubeconfig, starting the cluster when it is not running. */
export async function testClusterKubeconfig(): Promise<string> {
  const status = await runClusterScript('status');
  const running = status.code === 0 ? kubeconfigFrom(status.stdout) : undefined;
  if (running) return running;
  const started = await runClusterScript('start');
  const kubeconfig = started.code === 0 ? kubeconfigFrom(started.stdout) : undefined;
  if (!kubeconfig) throw new Error('scripts/test-cluster.sh start failed');
  return kubeconfig;
}

/**
 * Waits (at most 5 min) while namespaces matching `left` exist, e.g. an earlier run's, still being deleted: its
 * objects cannot be created in a terminating namespace, and deleting many keeps the control plane busy for minutes.
 */
export async function whileNamespaces(client: KubeClient, left: (ns: Manifest) => boolean): Promise<void> {
  const until = Date.now() + 300_000;
  for (let said = false; ; said = true) {
    const count = (await client.list('v1', 'Namespace', { metadataOnly: true })).filter(left).length;
    if (!count) return;
    if (Date.now() > until) throw new Error(`${count} namespaces of an earlier run were not deleted within 5 minutes`);
    if (!said) process.stderr.write(`bench: waiting until ${count} namespaces of an earlier run are deleted\n`);
    await new Promise((r) => setTimeout(r, 2000));
  }
}

/**
 * Waits (at most 5 min) until the controllers have given each of `names` what every new namespace gets (its
 * `default` ServiceAccount with a token Secret, the `kube-root-ca.crt` ConfigMap): at the controller manager's 20
 * requests per second that is a few minutes for 1000 namespaces, which would otherwise load the measurements.
 */
export async function namespacesSettled(client: KubeClient, names: readonly string[]): Promise<void> {
  const wanted = new Set(names);
  const until = Date.now() + 300_000;
  for (;;) {
    const [accounts, caMaps] = await Promise.all([
      client.list('v1', 'ServiceAccount'),
      client.list('v1', 'ConfigMap', { metadataOnly: true }),
    ]);
    const withToken = new Set(accounts.filter((a) => a.metadata.name === 'default' && ((a as { secrets?: unknown[] }).secrets ?? []).length > 0).map((a) => a.metadata.namespace));
    const withCa = new Set(caMaps.filter((m) => m.metadata.name === 'kube-root-ca.crt').map((m) => m.metadata.namespace));
    const missing = [...wanted].filter((n) => !withToken.has(n) || !withCa.has(n)).length;
    if (!missing) return;
    if (Date.now() > until) throw new Error(`the controllers have not set up ${missing} new namespaces within 5 minutes`);
    await new Promise((r) => setTimeout(r, 2000));
  }
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
