/**
 * What the commands that talk to a cluster (`plan`, `apply`, `destroy`) share: options, the target version, the
 * applications of the stacks, redaction of their output, `--stats`, and asking on a terminal.
 */
import { createInterface } from 'readline';
import { ParsedOptions } from '../args';
import { UserError } from '../errors';
import { Output } from '../output';
import { KubeClient } from '../../cluster/client';
import { APPLICATION_MARKER, App } from '../../constructs/app';
import { InventoryRef } from '../../engine/inventory';
import { ObjectChange, Plan } from '../../engine/plan-types';
import { BerthObject } from '../../model/object';
import { KubeVersion, MAX_MINOR, MIN_MINOR, formatVersion } from '../../model/version';

/** `90`, `90s`, `5m`, `1h` → milliseconds. */
export function durationOption(opts: ParsedOptions, name: string, fallbackMs: number): number {
  const text = opts[name];
  if (typeof text !== 'string') return fallbackMs;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) throw new UserError(`--${name} must be a duration like 90s, 5m or 1h, not "${text}"`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
  return Math.round(Number(m[1]) * unit);
}

export function integerOption(opts: ParsedOptions, name: string, fallback: number): number {
  const text = opts[name];
  if (typeof text !== 'string') return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UserError(`--${name} must be a positive integer, not "${text}"`);
  return n;
}

/**
 * Every Application of the stacks with its namespace, including applications that render no object (so that
 * an application emptied by mistake is noticed instead of silently kept or pruned).
 */
export function applicationRefs(app: App, objects: readonly BerthObject[]): InventoryRef[] {
  const refs = new Map<string, InventoryRef>();
  for (const c of app.node.findAll()) {
    const name = (c as unknown as Record<symbol, unknown>)[APPLICATION_MARKER];
    const namespace = (c as unknown as { namespace?: unknown }).namespace;
    if (typeof name === 'string' && typeof namespace === 'string') refs.set(name, { app: name, namespace });
  }
  for (const o of objects) {
    if (!refs.has(o.app)) refs.set(o.app, { app: o.app, namespace: o.manifest.metadata.namespace ?? o.app });
  }
  return [...refs.values()].sort((a, b) => (a.app < b.app ? -1 : a.app > b.app ? 1 : 0));
}

/**
 * Applications that render no objects yet have objects in the cluster: the plan deletes all of them, which apply
 * refuses without --allow-empty (an application emptied by mistake).
 */
export function emptiedApps(refs: readonly InventoryRef[], objects: readonly BerthObject[], plan: Plan): { app: string; deletes: ObjectChange[] }[] {
  const rendering = new Set(objects.map((o) => o.app));
  return refs
    .filter((ref) => !rendering.has(ref.app))
    .map((ref) => ({ app: ref.app, deletes: plan.changes.filter((c) => c.app === ref.app && c.action === 'delete') }))
    .filter((e) => e.deletes.length > 0);
}

/** Whether a person can answer a question (stdin and stderr are terminals, and not in CI). */
export function interactive(): boolean {
  return process.stdin.isTTY === true && process.stderr.isTTY === true && !process.env.CI;
}

/** Asks on the terminal; only `yes` approves. */
export async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await new Promise<string>((resolve) => rl.question(`${question} Only 'yes' will be accepted: `, resolve));
    return answer.trim() === 'yes';
  } finally {
    rl.close();
  }
}

/** The server's version as a target, clamped to what berth supports (with a notice when clamped). */
export function supportedVersion(server: { major: number; minor: number; gitVersion: string }, io: Output): KubeVersion {
  const minor = Math.min(MAX_MINOR, Math.max(MIN_MINOR, server.minor));
  if (server.major !== 1 || minor !== server.minor) {
    io.err(`notice: the cluster runs ${server.gitVersion}; berth renders objects for the nearest version it supports, ${formatVersion({ major: 1, minor })} (use --target-version to choose)`);
  }
  return { major: 1, minor };
}

/** `io` with every line passed through `redact`, so that no secret value of the stacks reaches the output. */
export function redacting(io: Output, redact: (text: string) => string): Output {
  return { out: (l) => io.out(redact(l)), err: (l) => io.err(redact(l)) };
}

/** An unexpected error, to rethrow with secret values redacted from its message and stack. */
export function redactedError(e: unknown, redact: (text: string) => string): Error {
  const err = e instanceof Error ? e : new Error(String(e));
  return Object.assign(new Error(redact(err.message)), { stack: redact(err.stack ?? '') });
}

/** With --stats: the requests sent and the time taken since `started`. */
export function printStats(opts: ParsedOptions, io: Output, client: KubeClient, started: number): void {
  if (opts.stats) io.err(`stats: ${client.requestCount} API requests, ${Date.now() - started} ms`);
}
