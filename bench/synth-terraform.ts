/**
 * Terraform synthesis benchmark: the apps of bench/synth-berth.ts (Deployment, Service, Ingress, Secret,
 * ConfigMap each, built by berth's constructs) to Terraform, both ways:
 * - typed: a cdktf App + stack + kubernetes provider + BerthTerraform (typed DeploymentV1, ...), app.synth();
 * - tf-json: the plain writer (writeTerraform), no cdktf.
 * Each (path, N) runs in fresh processes; the time measured is objects → files on disk, including loading the
 * Terraform modules (cdktf and the provider classes for the typed path), not building the construct tree (shared
 * with the manifest path, see bench/synth.ts). CPU time (user+sys, all threads) covers the same span and is less
 * disturbed by other processes on a shared machine. Peak RSS is the child's whole run. Table shows medians.
 *   node -r ./bin/register-ts.js bench/synth-terraform.ts [--runs 3] [N ...]     (default N: 1 10 100 1000)
 * Needs build/ (`npm run build`): the bench apps import 'berth'. Last lines:
 *   RATIO synth-tf-json-1000-seconds <plain .tf.json seconds at N=1000>   (what `berth synth --format terraform` runs)
 *   RATIO synth-tf-1000-seconds <typed cdktf seconds at N=1000>            (the goal: ≤ 2 s)
 */
import { spawnSync } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { performance } from 'perf_hooks';

const ROOT = resolve(__dirname, '..');
const PATHS = ['typed', 'tf-json'] as const;
type SynthPath = (typeof PATHS)[number];
const GOAL_SECONDS = 2;

interface Sample { readonly seconds: number; readonly cpuSeconds: number; readonly mb: number; readonly resources: number }

/** Child side: build the objects, then time only the Terraform synthesis. */
function child(path: SynthPath, apps: number, outDir: string): void {
  // berth's compiled library (build/, as users run the package; `npm run bench:synth` builds it first).
  // synth-berth.ts (the manifest bench's stack program) reads the app count from BERTH_BENCH_APPS.
  process.env.BERTH_BENCH_APPS = String(apps);
  const benchApp = (require('./synth-berth') as typeof import('./synth-berth')).default;
  const objects = benchApp.toObjects();
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  let resources: number;
  if (path === 'tf-json') {
    const { writeTerraform } = require('../build/lib/synth/terraform/tf-json') as typeof import('../lib/synth/terraform/tf-json');
    writeTerraform(objects, outDir, { warn: () => undefined });
    resources = objects.length;
  } else {
    const cdktf = require('cdktf') as typeof import('cdktf');
    const { KubernetesProvider } = require('@cdktf/provider-kubernetes/lib/provider/index.js') as typeof import('@cdktf/provider-kubernetes/lib/provider/index.js');
    const { BerthTerraform } = require('../build/lib/synth/terraform/construct') as typeof import('../lib/synth/terraform/construct');
    const app = new cdktf.App({ outdir: outDir });
    const stack = new cdktf.TerraformStack(app, 'bench');
    new KubernetesProvider(stack, 'kubernetes', { configPath: '~/.kube/config' });
    resources = new BerthTerraform(stack, 'berth', { objects }).resources.size;
    app.synth();
  }
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  process.stdout.write(`BENCH ${JSON.stringify({ seconds, cpuSeconds, maxRssKb: process.resourceUsage().maxRSS, resources })}\n`);
}

function measure(path: SynthPath, apps: number): Sample {
  const outDir = mkdtempSync(join(tmpdir(), `berth-bench-tf-${path}-`));
  try {
    const r = spawnSync(process.execPath, ['-r', './bin/register-ts.js', __filename, '--child', path, String(apps), outDir], {
      cwd: ROOT, encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1' },
    });
    const report = /^BENCH (.*)$/m.exec(r.stdout);
    if (r.status !== 0 || !report) throw new Error(`${path} N=${apps} failed:\n${r.stderr}`);
    const { seconds, cpuSeconds, maxRssKb, resources } = JSON.parse(report[1]);
    return { seconds, cpuSeconds, mb: maxRssKb / 1024, resources };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function main(argv: readonly string[]): void {
  if (argv[0] === '--child') return child(argv[1] as SynthPath, Number(argv[2]), argv[3]);
  let runs = 3;
  const sizes: number[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--runs') runs = Number(argv[++i]);
    else sizes.push(Number(argv[i]));
  }
  if (sizes.length === 0) sizes.push(1, 10, 100, 1000);
  const table = new Map<string, Sample>();
  console.log(`Terraform synthesis (objects → files), 5 objects per app, median of ${runs} fresh processes per cell`);
  console.log('apps  resources  typed cdktf s  typed CPU s  typed MB  tf-json s  tf-json CPU s  tf-json MB');
  for (const n of sizes) {
    for (const path of PATHS) {
      const samples = Array.from({ length: runs }, () => measure(path, n));
      table.set(`${path}/${n}`, {
        seconds: median(samples.map((s) => s.seconds)), cpuSeconds: median(samples.map((s) => s.cpuSeconds)),
        mb: median(samples.map((s) => s.mb)), resources: samples[0].resources,
      });
    }
    const typed = table.get(`typed/${n}`) as Sample;
    const plain = table.get(`tf-json/${n}`) as Sample;
    console.log(`${String(n).padStart(4)}  ${String(typed.resources).padStart(9)}  ${typed.seconds.toFixed(3).padStart(13)}  `
      + `${typed.cpuSeconds.toFixed(3).padStart(11)}  ${typed.mb.toFixed(0).padStart(8)}  ${plain.seconds.toFixed(3).padStart(9)}  `
      + `${plain.cpuSeconds.toFixed(3).padStart(13)}  ${plain.mb.toFixed(0).padStart(10)}`);
  }
  const at1000 = table.get('typed/1000');
  if (at1000) {
    const plain = table.get('tf-json/1000') as Sample;
    console.log(`goal ≤ ${GOAL_SECONDS} s at N=1000: typed cdktf ${at1000.seconds <= GOAL_SECONDS ? 'meets' : 'MISSES'} it `
      + `(${at1000.seconds.toFixed(2)} s, CPU ${at1000.cpuSeconds.toFixed(2)} s), plain tf.json `
      + `${plain.seconds <= GOAL_SECONDS ? 'meets' : 'misses'} it (${plain.seconds.toFixed(2)} s, CPU ${plain.cpuSeconds.toFixed(2)} s)`);
    console.log(`RATIO synth-tf-json-1000-seconds ${plain.seconds.toFixed(3)}`);
    console.log(`RATIO synth-tf-1000-seconds ${at1000.seconds.toFixed(3)}`);
  }
}

main(process.argv.slice(2));
