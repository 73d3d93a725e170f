/**
 * Manifest synthesis benchmark: berth vs cdk8s + cdk8s-plus-33, N apps of five objects each (Deployment, Service,
 * Ingress, Secret, ConfigMap) to YAML files. Every measurement is a fresh process, so wall time includes starting
 * node and loading modules, and peak RSS (the child's own `process.resourceUsage().maxRSS`) is that run's alone.
 * Each (tool, N) runs `--runs` times (default 3), the tools alternating who goes first; the table shows medians.
 *   node -r ./bin/register-ts.js bench/synth.ts [--runs 3] [--stack ts|js] [--cdk8s-layout one-chart|chart-per-app]
 *     [--out-root DIR] [N ...]
 * The berth side is the real `berth synth` of build/ (`npm run build` first). `--stack ts` (default) runs both
 * stack programs from their .ts sources through bin/register-ts.js (sucrase), as `berth synth` does for a user's
 * stacks/main.ts: the same loader for both tools. `--stack js` runs both as JavaScript (transpiled here first,
 * into build/bench/), as for users who compile their stacks.
 * Output goes to a fresh directory under --out-root (default /dev/shm when it exists, else the OS temp dir): on a
 * busy shared disk, creating berth's 1001 files (one per app + index) stalled for up to 2 s (~1 ms per file instead
 * of ~0.05 ms), which measures the neighbours, not synthesis; cdk8s's fast layout writes one file.
 * Last line: RATIO synth-yaml-1000 <berth time / cdk8s-plus time at N=1000>
 */
import { spawn } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { performance } from 'perf_hooks';

const ROOT = resolve(__dirname, '..');
const KINDS = ['ConfigMap', 'Deployment', 'Ingress', 'Secret', 'Service'];
const GOAL = { ratio: 0.5, mb: 150 };

interface Options {
  readonly runs: number;
  readonly sizes: number[];
  readonly stack: 'js' | 'ts';
  readonly cdk8sLayout: string;
  readonly outRoot: string;
}

interface Tool {
  readonly name: string;
  /** Node arguments and extra environment of one run. */
  readonly command: (apps: number, outDir: string) => { args: string[]; env: Record<string, string> };
  /** YAML files holding the objects (not berth's index.yaml). */
  readonly isManifestFile: (file: string) => boolean;
}

function tools(opts: Options): Tool[] {
  const [berthStack, cdk8sScript] = opts.stack === 'ts'
    ? ['bench/synth-berth.ts', ['-r', './bin/register-ts.js', 'bench/synth-cdk8s.ts']]
    : [transpile('bench/synth-berth.ts'), [transpile('bench/synth-cdk8s.ts')]];
  return [
    {
      name: 'berth',
      // The real CLI, as a user runs it; the stack program reads the number of apps from the environment.
      command: (apps, outDir) => ({
        args: ['bin/berth.js', 'synth', '--app', berthStack, '--include-secrets', '--out', outDir],
        env: { BERTH_BENCH_APPS: String(apps) },
      }),
      isManifestFile: (f) => f.endsWith('.yaml') && f !== 'index.yaml',
    },
    {
      name: 'cdk8s-plus',
      command: (apps, outDir) => ({ args: [...cdk8sScript, String(apps), outDir, opts.cdk8sLayout], env: {} }),
      isManifestFile: (f) => f.endsWith('.k8s.yaml'),
    },
  ];
}

/** A bench TypeScript file as JavaScript in build/bench/ (inside the package, so `import 'berth'` resolves). */
function transpile(file: string): string {
  const { transformSync } = require('@swc/core') as typeof import('@swc/core');
  const out = join('build', file.replace(/\.ts$/, '.js'));
  const { code } = transformSync(readFileSync(join(ROOT, file), 'utf8'), {
    filename: file, jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' },
  });
  mkdirSync(join(ROOT, 'build', 'bench'), { recursive: true });
  writeFileSync(join(ROOT, out), code);
  return out;
}

interface Sample {
  readonly seconds: number;
  /** User + system CPU time: less disturbed by other processes than wall time. */
  readonly cpuSeconds: number;
  readonly mb: number;
  readonly cdktfModules: number;
}

/** Megabytes of 10^6 bytes (maxRSS is in KiB). */
const toMb = (kib: number): number => (kib * 1024) / 1e6;

function parseArgs(argv: readonly string[]): Options {
  let runs = 3;
  let stack = 'ts';
  let cdk8sLayout = 'one-chart';
  let outRoot = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
  const sizes: number[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--runs') runs = Number(argv[++i]);
    else if (argv[i] === '--stack') stack = argv[++i];
    else if (argv[i] === '--cdk8s-layout') cdk8sLayout = argv[++i];
    else if (argv[i] === '--out-root') outRoot = argv[++i];
    else sizes.push(Number(argv[i]));
  }
  if (!Number.isInteger(runs) || runs < 1 || sizes.some((n) => !Number.isInteger(n) || n < 1) || (stack !== 'js' && stack !== 'ts')) {
    throw new Error('usage: bench/synth.ts [--runs R] [--stack js|ts] [--cdk8s-layout one-chart|chart-per-app] [--out-root DIR] [N ...]');
  }
  return { runs, sizes: sizes.length ? sizes : [1, 10, 100, 1000], stack, cdk8sLayout, outRoot };
}

/** Runs one child to completion: wall time from spawn to exit, and its own report. */
function runChild(tool: Tool, apps: number, outDir: string): Promise<Sample> {
  return new Promise((done, fail) => {
    const started = performance.now();
    const { args, env } = tool.command(apps, outDir);
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      const report = /^BENCH (.*)$/m.exec(stdout);
      if (code !== 0 || !report) {
        fail(new Error(`${tool.name} N=${apps} failed (exit ${code}):\n${stdout}${stderr}`));
        return;
      }
      const { maxRssKb, cpuSeconds, cdktfModules } = JSON.parse(report[1]) as { maxRssKb: number; cpuSeconds: number; cdktfModules: number };
      done({ seconds, cpuSeconds, mb: toMb(maxRssKb), cdktfModules });
    });
  });
}

/** Both tools must have written exactly one object of each kind per app. */
function checkOutput(tool: Tool, apps: number, outDir: string): void {
  const counts = new Map<string, number>();
  for (const file of readdirSync(outDir).filter(tool.isManifestFile)) {
    for (const m of readFileSync(join(outDir, file), 'utf8').matchAll(/^kind: (\w+)$/gm)) {
      counts.set(m[1], (counts.get(m[1]) ?? 0) + 1);
    }
  }
  const wrong = [...new Set([...KINDS, ...counts.keys()])].filter((k) => counts.get(k) !== (KINDS.includes(k) ? apps : undefined));
  if (wrong.length) {
    throw new Error(`${tool.name} N=${apps}: expected ${apps} of each of ${KINDS.join(', ')}; got ${JSON.stringify(Object.fromEntries(counts))}`);
  }
}

async function measure(tool: Tool, apps: number, outRoot: string): Promise<Sample> {
  const outDir = mkdtempSync(join(outRoot, `berth-bench-${tool.name}-`));
  try {
    const sample = await runChild(tool, apps, outDir);
    checkOutput(tool, apps, outDir);
    return sample;
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r: readonly string[]) => `| ${r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join(' | ')} |`;
  return [line(rows[0]), `|${widths.map((w, c) => (c === 0 ? '-'.repeat(w + 2) : '-'.repeat(w + 1) + ':')).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}

async function runBench(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const { runs, sizes } = opts;
  const toolList = tools(opts);
  const rows: string[][] = [['N', 'berth s', 'berth MB', 'cdk8s-plus s', 'cdk8s-plus MB', 'ratio']];
  let ratio1000: number | undefined;
  let cdktfModules = 0;
  const cpu: string[] = [];
  for (const apps of sizes) {
    const samples = new Map<string, Sample[]>(toolList.map((t) => [t.name, []]));
    for (let run = 0; run < runs; run++) {
      const order = run % 2 === 0 ? toolList : [...toolList].reverse();
      for (const tool of order) samples.get(tool.name)!.push(await measure(tool, apps, opts.outRoot));
    }
    cdktfModules += samples.get('berth')!.reduce((sum, s) => sum + s.cdktfModules, 0);
    const [berth, cdk8s] = toolList.map((t) => {
      const list = samples.get(t.name)!;
      return { seconds: median(list.map((s) => s.seconds)), mb: median(list.map((s) => s.mb)), cpu: median(list.map((s) => s.cpuSeconds)) };
    });
    cpu.push(`N=${apps} ${berth.cpu.toFixed(2)} / ${cdk8s.cpu.toFixed(2)} (${(berth.cpu / cdk8s.cpu).toFixed(2)})`);
    const ratio = berth.seconds / cdk8s.seconds;
    if (apps === 1000) ratio1000 = ratio;
    rows.push([String(apps), berth.seconds.toFixed(2), berth.mb.toFixed(0), cdk8s.seconds.toFixed(2), cdk8s.mb.toFixed(0), ratio.toFixed(2)]);
    process.stderr.write(`N=${apps}: done (${runs} runs each)\n`);
    if (apps === 1000) {
      process.stderr.write(`goal at N=1000: time ratio ${ratio.toFixed(2)} <= ${GOAL.ratio}: ${ratio <= GOAL.ratio ? 'met' : 'MISSED'}; `
        + `berth ${berth.mb.toFixed(0)} MB <= ${GOAL.mb} MB: ${berth.mb <= GOAL.mb ? 'met' : 'MISSED'}\n`);
    }
  }
  console.log(`Manifest synthesis, ${KINDS.length} objects per app, ${opts.stack === 'js' ? 'JavaScript' : 'TypeScript (sucrase)'} stacks, `
    + `cdk8s layout ${opts.cdk8sLayout}, output in ${opts.outRoot}; median of ${runs} fresh processes per cell (wall time incl. node start-up; MB = peak RSS, 10^6 bytes)`);
  console.log(table(rows));
  console.log(`CPU s (user+sys), berth / cdk8s-plus: ${cpu.join('; ')}`);
  console.log(`berth processes that loaded cdktf or @cdktf modules: ${cdktfModules === 0 ? 'none' : cdktfModules}`);
  if (cdktfModules) throw new Error('the manifest path loaded cdktf or @cdktf/provider-kubernetes');
  if (ratio1000 !== undefined) console.log(`RATIO synth-yaml-1000 ${ratio1000.toFixed(2)}`);
}

runBench().catch((e: Error) => {
  process.stderr.write(`${e.stack ?? e.message}\n`);
  process.exitCode = 1;
});
