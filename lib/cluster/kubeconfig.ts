/**
 * Kubeconfig loading through @kubernetes/client-node (contexts, certificates, tokens, exec and auth-provider
 * plugins): the result is just what an HTTPS request needs. The package is ESM-only, so it is imported
 * dynamically, and only by commands that talk to a cluster.
 */
import { existsSync } from 'fs';
import type * as https from 'https';
import { homedir } from 'os';
import { join } from 'path';
import { ClusterError } from './errors';

export interface ConnectionOptions {
  /** Kubeconfig file. Default: $KUBECONFIG, else ~/.kube/config (what kubectl uses). */
  readonly kubeconfig?: string;
  /** Context name. Default: the kubeconfig's current context. */
  readonly context?: string;
}

export interface Connection {
  /** `https://host:port` without a trailing slash. */
  readonly server: string;
  readonly context: string;
  /** CA, client certificate/key and headers (e.g. a bearer token) for node's https. */
  readonly tls: https.RequestOptions;
  /** Refreshes credentials that expire (exec plugins); a no-op for static ones. */
  refresh(): Promise<https.RequestOptions>;
}

export async function connect(options: ConnectionOptions = {}): Promise<Connection> {
  // Only the KubeConfig module: the package's index also loads its API clients, websockets, tar and more (~0.1 s).
  const k8s = await import('@kubernetes/client-node/dist/config.js');
  const kc = new k8s.KubeConfig();
  try {
    if (options.kubeconfig) kc.loadFromFile(options.kubeconfig);
    else if (!process.env.KUBECONFIG && !existsSync(join(homedir(), '.kube', 'config')) && !process.env.KUBERNETES_SERVICE_HOST) {
      // client-node would fall back to http://localhost:8080, which only confuses.
      throw new ClusterError('kubeconfig', 'no kubeconfig: set KUBECONFIG, pass --kubeconfig FILE, or create ~/.kube/config');
    } else kc.loadFromDefault();
  } catch (e) {
    if (e instanceof ClusterError) throw e;
    throw new ClusterError('kubeconfig', `cannot read kubeconfig ${options.kubeconfig ?? process.env.KUBECONFIG ?? '~/.kube/config'}: ${(e as Error).message}`);
  }
  if (options.context) {
    if (!kc.getContextObject(options.context)) {
      const known = kc.getContexts().map((c) => c.name).join(', ') || 'none';
      throw new ClusterError('kubeconfig', `kubeconfig has no context "${options.context}" (contexts: ${known})`);
    }
    kc.setCurrentContext(options.context);
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster) {
    throw new ClusterError('kubeconfig', `kubeconfig ${options.kubeconfig ?? process.env.KUBECONFIG ?? '~/.kube/config'} has no current context or cluster (use --context)`);
  }
  const refresh = async () => {
    const opts: https.RequestOptions = {};
    try {
      await kc.applyToHTTPSOptions(opts);
    } catch (e) {
      throw new ClusterError('kubeconfig', `cannot use context "${kc.getCurrentContext()}" of the kubeconfig: ${(e as Error).message}`);
    }
    return opts;
  };
  return { server: cluster.server.replace(/\/+$/, ''), context: kc.getCurrentContext(), tls: await refresh(), refresh };
}
