import { resolve } from 'path';
import { OptionSpec, ParsedOptions } from '../args';
import { KubeClient } from '../../cluster/client';

/** Options of every command that talks to a cluster. */
export const clusterOptions: readonly OptionSpec[] = [
  { name: 'kubeconfig', value: 'FILE', help: 'kubeconfig file (default: $KUBECONFIG, else ~/.kube/config)' },
  { name: 'context', value: 'NAME', help: 'kubeconfig context (default: the current context)' },
];

/** `cwd` is where a relative --kubeconfig is found (the command's working directory). */
export function connectFromOptions(opts: ParsedOptions, cwd: string = process.cwd()): Promise<KubeClient> {
  return KubeClient.connect({
    kubeconfig: typeof opts.kubeconfig === 'string' ? resolve(cwd, opts.kubeconfig) : undefined,
    context: opts.context as string | undefined,
  });
}
