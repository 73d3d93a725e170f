/** A small argument parser: `--flag`, `--opt value`, `--opt=value`; unknown options are user errors. */
import { UserError } from './errors';

export interface OptionSpec {
  readonly name: string;
  readonly help: string;
  /** Takes a value (shown as this placeholder) instead of being a boolean flag. */
  readonly value?: string;
}

export interface CommandSpec {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  readonly options: readonly OptionSpec[];
}

export type ParsedOptions = Record<string, string | boolean | undefined>;

export function parseOptions(spec: CommandSpec, argv: readonly string[]): ParsedOptions {
  const out: ParsedOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new UserError(`berth ${spec.name}: unexpected argument "${arg}" (see berth ${spec.name} --help)`);
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const opt = spec.options.find((o) => o.name === name);
    if (!opt) throw new UserError(`berth ${spec.name}: unknown option --${name} (see berth ${spec.name} --help)`);
    if (opt.value === undefined) {
      if (eq >= 0) throw new UserError(`berth ${spec.name}: --${name} takes no value`);
      out[name] = true;
    } else {
      const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined || value === '') throw new UserError(`berth ${spec.name}: --${name} needs a value (${opt.value})`);
      out[name] = value;
    }
  }
  return out;
}

export function helpText(spec: CommandSpec): string {
  const width = Math.max(...spec.options.map((o) => o.name.length + (o.value ? o.value.length + 1 : 0))) + 4;
  const lines = spec.options.map((o) => {
    const left = `--${o.name}${o.value ? ` ${o.value}` : ''}`;
    return `  ${left.padEnd(width)}${o.help}`;
  });
  return `${spec.summary}\n\nUsage: ${spec.usage}\n\nOptions:\n${lines.join('\n')}\n`;
}
