import { existsSync, readFileSync } from 'fs';
import { isAbsolute, relative, resolve } from 'path';
import type { App } from '../constructs/app';
import { UserError } from './errors';
import { packageRoot } from './package-root';

export const CONFIG_FILE = 'berth.json';

export interface BerthConfig {
  /** The stack program: a .ts or .js file whose default export is an App (or a function returning one). */
  readonly app: string;
  /** Default output directory of `berth synth`. */
  readonly out: string;
}

export function readConfig(cwd: string): BerthConfig {
  const path = resolve(cwd, CONFIG_FILE);
  const fallback: BerthConfig = { app: 'stacks/main.ts', out: 'dist' };
  if (!existsSync(path)) return fallback;
  let parsed: Partial<BerthConfig>;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<BerthConfig>;
  } catch (e) {
    throw new UserError(`${CONFIG_FILE}: invalid JSON: ${(e as Error).message}`);
  }
  for (const key of ['app', 'out'] as const) {
    if (parsed[key] !== undefined && typeof parsed[key] !== 'string') throw new UserError(`${CONFIG_FILE}: "${key}" must be a string`);
  }
  return { ...fallback, ...parsed };
}

/** Loads the user's stack program and returns its App. TypeScript is transpiled on the fly (types not checked). */
export function loadApp(file: string, cwd: string): App {
  const path = isAbsolute(file) ? file : resolve(cwd, file);
  const shown = relative(cwd, path) || path;
  if (!existsSync(path)) throw new UserError(`stack program ${shown} not found (set "app" in ${CONFIG_FILE} or pass --app)`);
  if (path.endsWith('.ts')) require(resolve(packageRoot(), 'bin', 'register-ts.js'));
  process.setSourceMapsEnabled(true);
  let exported: unknown;
  try {
    const mod = require(path) as { default?: unknown };
    exported = mod.default ?? mod;
  } catch (e) {
    throw new UserError(`${shown}: ${describeLoadError(e, path, cwd)}`);
  }
  try {
    if (typeof exported === 'function') exported = (exported as () => unknown)();
  } catch (e) {
    throw new UserError(`${shown}: ${describeLoadError(e, path, cwd)}`);
  }
  const { App: AppClass } = require('../constructs/app') as typeof import('../constructs/app');
  if (!AppClass.isApp(exported)) {
    throw new UserError(`${shown} must export an App as its default export (export default app), or a function returning one`);
  }
  return exported;
}

/** The error's message plus the first stack frame inside the user's files (not node_modules, not berth). */
function describeLoadError(e: unknown, entry: string, cwd: string): string {
  if (!(e instanceof Error)) return String(e);
  const berthRoot = packageRoot();
  const frames = (e.stack ?? '').split('\n').slice(1);
  const userFrame = frames.map((f) => /\(?([^()\s]+):(\d+):(\d+)\)?$/.exec(f.trim())).find((m) => m
    && !m[1].includes('node_modules') && !m[1].startsWith('node:')
    && (m[1] === entry || !m[1].startsWith(berthRoot + '/lib') && !m[1].startsWith(berthRoot + '/build') && !m[1].startsWith(berthRoot + '/bin')));
  const at = userFrame ? ` (at ${relative(cwd, userFrame[1])}:${userFrame[2]}:${userFrame[3]})` : '';
  return `${e.message.split('\n')[0]}${at}`;
}
