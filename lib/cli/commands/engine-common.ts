/** What `berth apply` and `berth destroy` share: durations, the connection, the applications of the stacks. */
import { createInterface } from 'readline';
import { ParsedOptions } from '../args';
import { UserError } from '../errors';
import { APPLICATION_MARKER, App } from '../../constructs/app';
import { InventoryRef } from '../../engine/inventory';
import { BerthObject } from '../../model/object';

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
