/**
 * Background processes of the test cluster. Each one is remembered by PID *and* its kernel start time, so a
 * stale state file can never make us signal an unrelated process that happens to reuse the PID.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';

export interface TrackedProcess {
  readonly name: string;
  readonly pid: number;
  /** Field 22 of /proc/<pid>/stat: start time in clock ticks since boot. */
  readonly startTicks: string;
  readonly log: string;
}

export interface ProcessSpec {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly log: string;
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
}

function startTicksOf(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces; fields after the closing parenthesis are plain.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[22 - 3];
  } catch {
    return undefined;
  }
}

function isZombie(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}

export function isAlive(proc: TrackedProcess): boolean {
  return startTicksOf(proc.pid) === proc.startTicks && !isZombie(proc.pid);
}

/** Starts a detached process (own session, output appended to its log) that outlives this script. */
export function startProcess(spec: ProcessSpec): TrackedProcess {
  const out = fs.openSync(spec.log, 'a');
  fs.writeSync(out, `\n=== ${new Date().toISOString()} ${spec.command} ${spec.args.join(' ')}\n`);
  const child = spawn(spec.command, spec.args, {
    cwd: spec.cwd,
    env: spec.env ?? process.env,
    detached: true,
    stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  if (child.pid === undefined) throw new Error(`could not start ${spec.name} (${spec.command})`);
  child.unref();
  const startTicks = startTicksOf(child.pid);
  if (startTicks === undefined) throw new Error(`${spec.name} exited at once; see ${spec.log}`);
  return { name: spec.name, pid: child.pid, startTicks, log: spec.log };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** SIGTERM, then SIGKILL after the grace period, for each process still alive. Returns the names stopped. */
export async function stopProcesses(procs: readonly TrackedProcess[], graceMs = 10_000): Promise<string[]> {
  const alive = procs.filter(isAlive);
  for (const proc of alive) signal(proc, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (alive.some(isAlive) && Date.now() < deadline) await sleep(100);
  for (const proc of alive.filter(isAlive)) signal(proc, 'SIGKILL');
  while (alive.some(isAlive)) await sleep(50);
  return alive.map((proc) => proc.name);
}

function signal(proc: TrackedProcess, sig: NodeJS.Signals): void {
  try {
    process.kill(proc.pid, sig);
  } catch (err: any) {
    if (err.code !== 'ESRCH') throw err;
  }
}

/**
 * Processes of ours that the state file does not know about (a start that died before recording them, or a
 * state directory removed by hand): one of our programs, with this state directory on its command line.
 */
export function findStrays(stateDir: string, known: readonly TrackedProcess[], programs: readonly string[]): TrackedProcess[] {
  const knownPids = new Set(known.map((proc) => proc.pid));
  const strays: TrackedProcess[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid || knownPids.has(pid)) continue;
    let argv: string[];
    try {
      argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    const ours = programs.some((program) => argv[0]?.endsWith(`/${program}`) || argv[0] === program || argv.some((arg) => arg.endsWith(`/${program}`)));
    const startTicks = startTicksOf(pid);
    if (ours && startTicks && argv.some((arg) => arg.includes(stateDir + '/'))) {
      strays.push({ name: argv[0] ?? String(pid), pid, startTicks, log: '' });
    }
  }
  return strays;
}
