import { resolve } from 'path';
import { OptionSpec, ParsedOptions } from '../args';
import { KubeClient } from '../../cluster/client';
import { TransportOptions } from '../../cluster/transport';

/** Options of every command that talks to a cluster. */
export const clusterOptions: readonly OptionSpec[] = [
  { name: 'kubeconfig', value: 'FILE', help: 'kubeconfig file (default: $KUBECONFIG, else ~/.kube/config)' },
  { name: 'context', value: 'NAME', help: 'kubeconfig context (default: the current context)' },
];

/** What apply and destroy use: they send many small requests at once, so no client-side throttling below what the server handles. */
export const ENGINE_TRANSPORT: TransportOptions = { qps: 1000, burst: 2000, maxSockets: 32 };

/** `cwd` is where a relative --kubeconfig is found (the command's working directory). */
export function connectFromOptions(opts: ParsedOptions, cwd: string, transport: TransportOptions = {}): Promise<KubeClient> {
  return KubeClient.connect({
    ...transport,
    kubeconfig: typeof opts.kubeconfig === 'string' ? resolve(cwd, opts.kubeconfig) : undefined,
    context: opts.context as string | undefined,
  });
}
