import { OptionSpec, ParsedOptions } from '../args';
import { UserError } from '../errors';
import { BerthConfig, loadApp, readConfig } from '../load-app';
import { App } from '../../constructs/app';
import { Output } from '../output';
import { BerthObject } from '../../model/object';
import { DEFAULT_VERSION, KubeVersion, VersionError, parseVersion } from '../../model/version';
import { validate } from '../../validate';
import { formatDiagnostic } from '../../validate/diagnostic';

/** Options every command that reads the stacks accepts. */
export const stackOptions: readonly OptionSpec[] = [
  { name: 'app', value: 'FILE', help: 'stack program (default: "app" of berth.json, else stacks/main.ts)' },
  { name: 'target-version', value: 'X.Y', help: `Kubernetes version to emit API versions for (default ${DEFAULT_VERSION.major}.${DEFAULT_VERSION.minor})` },
  { name: 'verbose', help: 'print stack traces of unexpected errors' },
  { name: 'help', help: 'show this help' },
];

export interface LoadedStack {
  readonly config: BerthConfig;
  /** The stacks' construct tree (applicationRefs reads its Applications). */
  readonly app: App;
  readonly targetVersion: KubeVersion;
  readonly objects: BerthObject[];
}

export function targetVersionOf(opts: ParsedOptions, fallback: KubeVersion = DEFAULT_VERSION): KubeVersion {
  const text = opts['target-version'];
  if (typeof text !== 'string') return fallback;
  try {
    return parseVersion(text);
  } catch (e) {
    if (e instanceof VersionError) throw new UserError(e.message);
    throw e;
  }
}

/**
 * Loads the stacks, renders their objects and validates them, printing every finding. Returns undefined
 * when there are errors: callers then write nothing and touch no cluster.
 */
export function loadAndValidate(opts: ParsedOptions, cwd: string, io: Output, fallbackVersion?: KubeVersion): LoadedStack | undefined {
  const config = readConfig(cwd);
  const targetVersion = targetVersionOf(opts, fallbackVersion);
  const app = loadApp((opts.app as string | undefined) ?? config.app, cwd);
  const constructErrors = app.node.findAll().flatMap((c) => c.node.validate().map((m) => `${c.node.path}: ${m}`));
  let objects: BerthObject[] = [];
  if (!constructErrors.length) {
    try {
      objects = app.toObjects({ targetVersion });
    } catch (e) {
      throw new UserError((e as Error).message);
    }
  }
  for (const m of constructErrors) io.err(`error: ${m} [construct]`);
  const result = constructErrors.length ? { diagnostics: [], notices: [] } : validate(objects, targetVersion, app.externalObjects());
  for (const n of result.notices) io.err(`notice: ${n}`);
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  for (const d of result.diagnostics.filter((d) => d.severity === 'warning')) io.err(formatDiagnostic(d));
  for (const d of errors) io.err(formatDiagnostic(d));
  const errorCount = errors.length + constructErrors.length;
  if (errorCount) {
    io.err(`${errorCount} error${errorCount === 1 ? '' : 's'}: nothing was written`);
    return undefined;
  }
  return { config, app, targetVersion, objects };
}
