import { OptionSpec, ParsedOptions } from '../args';
import { KubeClient } from '../../cluster/client';

/** Options of every command that talks to a cluster. */
export const clusterOptions: readonly OptionSpec[] = [
  { name: 'kubeconfig', value: 'FILE', help: 'kubeconfig file (default: $KUBECONFIG, else ~/.kube/config)' },
  { name: 'context', value: 'NAME', help: 'kubeconfig context (default: the current context)' },
];

export function connectFromOptions(opts: ParsedOptions): Promise<KubeClient> {
  return KubeClient.connect({
    kubeconfig: opts.kubeconfig as string | undefined,
    context: opts.context as string | undefined,
  });
}
