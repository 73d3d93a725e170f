import { CommandSpec, ParsedOptions } from '../args';
import { ExitCode } from '../errors';
import { Output } from '../output';
import { clusterOptions } from './cluster-options';
import { stackOptions } from './stack';

// Placeholder until the engine command lands: registered so that `berth --help` lists it.
export const applySpec: CommandSpec = {
  name: 'apply',
  summary: '(not implemented yet)',
  usage: 'berth apply',
  options: [...stackOptions, ...clusterOptions],
};

export async function runApply(opts: ParsedOptions, cwd: string, io: Output): Promise<ExitCode> {
  void opts; void cwd;
  io.err('error: berth apply is not implemented yet');
  return ExitCode.Error;
}
