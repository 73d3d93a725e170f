import { CommandSpec, ParsedOptions } from '../args';
import { ExitCode } from '../errors';
import { Output } from '../output';
import { loadAndValidate, stackOptions } from './stack';

export const validateSpec: CommandSpec = {
  name: 'validate',
  summary: 'Check the stacks offline (schemas and cross-object rules). Exit 1 on errors; warnings do not fail.',
  usage: 'berth validate [--target-version X.Y]',
  options: stackOptions,
};

export function runValidate(opts: ParsedOptions, cwd: string, io: Output): ExitCode {
  const loaded = loadAndValidate(opts, cwd, io);
  if (!loaded) return ExitCode.Error;
  const apps = new Set(loaded.objects.map((o) => o.app)).size;
  io.out(`Valid: ${loaded.objects.length} objects in ${apps} app${apps === 1 ? '' : 's'} (Kubernetes ${loaded.targetVersion.major}.${loaded.targetVersion.minor})`);
  return ExitCode.Ok;
}
