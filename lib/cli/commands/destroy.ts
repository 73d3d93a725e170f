import { CommandSpec, ParsedOptions } from '../args';
import { ExitCode } from '../errors';
import { Output } from '../output';
import { clusterOptions } from './cluster-options';
import { stackOptions } from './stack';

// Placeholder until the engine command lands: registered so that `berth --help` lists it.
export const destroySpec: CommandSpec = {
  name: 'destroy',
  summary: '(not implemented yet)',
  usage: 'berth destroy',
  options: [...stackOptions, ...clusterOptions],
};

export async function runDestroy(opts: ParsedOptions, cwd: string, io: Output): Promise<ExitCode> {
  void opts; void cwd;
  io.err('error: berth destroy is not implemented yet');
  return ExitCode.Error;
}
