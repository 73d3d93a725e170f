/**
 * Plan benchmark: a no-change `berth plan` vs `kubectl diff --server-side` over the same objects on the same local
 * API server (the test cluster, v1.20.2), in the same run.
 *   npm run build && node -r ./bin/register-ts.js bench/plan.ts [--apps 250] [--runs 3] [--keep]
 * 1. Applies bench/plan-stack.ts (N apps: Namespace + Deployment, Service, ConfigMap, Secret each) the way
 *    `berth apply` does: server-side apply with the inventory label, field manager `berth`, plus each app's
 *    inventory parent.
 * 2. Times `berth plan` (the built CLI, fresh process, empty discovery cache each run; it must report no changes)
 *    and `kubectl diff --server-side -f <the same manifests>` (it must find no differences), alternating, --runs
 *    times each; API requests are berth's own count (`--stats`) and kubectl's `-v=6` request log lines.
 * 3. Deletes the bench namespaces (unless --keep).
 * Last line: RATIO plan-nochange-1000 <median berth wall time / median kubectl wall time>
 */
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { performance } from 'perf_hooks';
import { loadApp } from '../lib/cli/load-app';
import { KubeClient } from '../lib/cluster/client';
import { appRefsOf } from '../lib/engine/apps';
import { inventoryParent, withMembership } from '../lib/engine/inventory';
import { BerthObject } from '../lib/model/object';
import { berthRequests, kubectlRequests, median, testClusterKubeconfig, timed, whileNamespaces } from './tools';

const ROOT = resolve(__dirname, '..');
const GOAL = 0.25;

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

interface Sample { readonly ms: number; readonly requests: number }

async function applyAll(client: KubeClient, objects: readonly BerthObject[]): Promise<void> {
  const refs = appRefsOf(objects);
  const namespaces = objects.filter((o) => o.manifest.kind === 'Namespace');
  const ref = (o: BerthObject) => refs.find((r) => r.app === o.app)!;
  await Promise.all(namespaces.map((o) => client.apply(withMembership(o.manifest, ref(o)), { fieldManager: 'berth', force: true })));
  const rest = objects.filter((o) => o.manifest.kind !== 'Namespace');
  await Promise.all(rest.map((o) => client.apply(withMembership(o.manifest, ref(o)), { fieldManager: 'berth', force: true })));
  await Promise.all(refs.map((r) => client.apply(
    inventoryParent(r, objects.filter((o) => o.app === r.app).map((o) => o.manifest)), { fieldManager: 'berth', force: true })));
}

async function main(): Promise<void> {
  const apps = option('apps', 250);
  const runs = Math.max(1, option('runs', 3));
  const kubeconfig = process.env.KUBECONFIG ?? await testClusterKubeconfig();
  const env = { ...process.env, KUBECONFIG: kubeconfig, BERTH_BENCH_APPS: String(apps) };
  process.env.BERTH_BENCH_APPS = String(apps);
  const objects = loadApp('bench/plan-stack.ts', ROOT).toObjects({ targetVersion: { major: 1, minor: 20 } });
  const live = objects.filter((o) => o.manifest.kind !== 'Namespace').length;
  const client = await KubeClient.connect({ kubeconfig, qps: 400, burst: 400, discoveryCacheDir: '' });
  const work = mkdtempSync(join(tmpdir(), 'berth-bench-plan-'));
  try {
    const names = new Set(objects.filter((o) => o.manifest.kind === 'Namespace').map((o) => o.manifest.metadata.name));
    await whileNamespaces(client, (n) => names.has(n.metadata.name) && !!n.metadata.deletionTimestamp);
    const t0 = performance.now();
    await applyAll(client, objects);
    process.stderr.write(`applied ${objects.length} objects (${live} + ${objects.length - live} namespaces) in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
    const manifests = join(work, 'manifests.json');
    writeFileSync(manifests, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects.map((o) => o.manifest) }));

    const berth: Sample[] = [];
    const kubectl: Sample[] = [];
    for (let i = 0; i < runs; i++) {
      const cache = join(work, `cache-${i}`);
      const b = await timed(process.execPath, ['bin/berth.js', 'plan', '--app', 'bench/plan-stack.ts', '--stats', '--detailed-exitcode'], { ...env, BERTH_CACHE_DIR: cache }, ROOT);
      const requests = berthRequests(b.stderr);
      if (b.code !== 0 || Number.isNaN(requests)) throw new Error(`berth plan did not report "no changes" (exit ${b.code}):\n${b.stdout.slice(-2000)}\n${b.stderr.slice(-2000)}`);
      berth.push({ ms: b.ms, requests });
      const k = await timed('kubectl', ['diff', '--server-side', '-f', manifests, '-v=6'], env, ROOT);
      if (k.code !== 0) throw new Error(`kubectl diff found differences or failed (exit ${k.code}):\n${k.stdout.slice(-2000)}\n${k.stderr.slice(-2000)}`);
      kubectl.push({ ms: k.ms, requests: kubectlRequests(k.stderr) });
    }
    const row = (name: string, s: Sample[]) =>
      `| ${name.padEnd(34)} | ${(median(s.map((x) => x.ms)) / 1000).toFixed(2).padStart(9)} s | ${String(median(s.map((x) => x.requests))).padStart(12)} |`;
    console.log(`\nNo-change plan of ${live} live objects in ${apps} apps (+ ${apps} namespaces), median of ${runs} runs, Kubernetes ${(await client.version()).gitVersion}`);
    console.log(`| ${'tool'.padEnd(34)} | ${'wall time'.padStart(11)} | ${'API requests'.padStart(12)} |`);
    console.log(`|${'-'.repeat(36)}|${'-'.repeat(13)}|${'-'.repeat(14)}|`);
    console.log(row('berth plan', berth));
    console.log(row('kubectl diff --server-side', kubectl));
    const ratio = median(berth.map((x) => x.ms)) / median(kubectl.map((x) => x.ms));
    console.log(`\ngoal: berth <= ${GOAL} x kubectl: ${ratio <= GOAL ? 'met' : 'NOT met'}`);
    console.log(`RATIO plan-nochange-${live} ${ratio.toFixed(3)}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
    if (!process.argv.includes('--keep')) {
      await Promise.all(objects.filter((o) => o.manifest.kind === 'Namespace')
        .map((o) => client.delete('v1', 'Namespace', o.manifest.metadata.name, undefined).catch(() => false)));
    }
    client.close();
  }
}

main().catch((e) => {
  process.stderr.write(`bench/plan: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
