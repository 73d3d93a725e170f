import { CommandSpec, ParsedOptions, helpText, parseOptions } from './args';
import { ExitCode, UserError } from './errors';
import { Output, processOutput } from './output';
import { runSynth, synthSpec } from './commands/synth';
import { runValidate, validateSpec } from './commands/validate';
import { planSpec, runPlan } from './commands/plan';
import { applySpec, runApply } from './commands/apply';
import { destroySpec, runDestroy } from './commands/destroy';

interface Command {
  readonly spec: CommandSpec;
  run(opts: ParsedOptions, cwd: string, io: Output): ExitCode | Promise<ExitCode>;
}

const COMMANDS: readonly Command[] = [
  { spec: synthSpec, run: runSynth },
  { spec: validateSpec, run: runValidate },
  { spec: planSpec, run: runPlan },
  { spec: applySpec, run: runApply },
  { spec: destroySpec, run: runDestroy },
];

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.spec.name.length)) + 2;
  return [
    'berth: Kubernetes infrastructure as code.',
    '',
    'Usage: berth <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.spec.name.padEnd(width)}${c.spec.summary}`),
    '',
    'Run berth <command> --help for its options.',
  ].join('\n') + '\n';
}

/** Runs the CLI; never throws: every failure becomes a message and an exit code. */
export async function main(argv: readonly string[], cwd = process.cwd(), io: Output = processOutput): Promise<ExitCode> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return name ? ExitCode.Ok : ExitCode.Error;
  }
  const command = COMMANDS.find((c) => c.spec.name === name);
  if (!command) {
    io.err(`error: unknown command "${name}"\n\n${usage()}`);
    return ExitCode.Error;
  }
  const verbose = rest.includes('--verbose');
  try {
    const opts = parseOptions(command.spec, rest);
    if (opts.help) {
      io.out(helpText(command.spec));
      return ExitCode.Ok;
    }
    return await command.run(opts, cwd, io);
  } catch (e) {
    if (e instanceof UserError) {
      io.err(`error: ${e.message}`);
      for (const d of e.details) io.err(`  ${d}`);
    } else {
      const err = e as Error;
      io.err(`error: ${err?.message ?? String(e)}${verbose ? '' : ' (run with --verbose for details)'}`);
    }
    if (verbose && e instanceof Error && e.stack) io.err(e.stack);
    return ExitCode.Error;
  }
}
