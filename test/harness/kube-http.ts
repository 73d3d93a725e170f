/**
 * A tiny Kubernetes HTTP client for tests and the node simulator: node's https, a kubeconfig's server, CA and
 * bearer token, and nothing else. Every call answers with the HTTP status and the parsed JSON body, so tests
 * can assert on real status codes (409, 403, ...) instead of catching exceptions.
 */
import * as fs from 'fs';
import * as https from 'https';
import * as path from 'path';
import { parse as parseYaml } from 'yaml';

export interface KubeTarget {
  /** https://127.0.0.1:port */
  readonly server: string;
  readonly ca: Buffer;
  readonly token: string;
}

export interface KubeResponse<T = any> {
  readonly status: number;
  readonly body: T;
}

export type PatchType = 'merge' | 'strategic' | 'json' | 'apply';

const patchContentTypes: Record<PatchType, string> = {
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  json: 'application/json-patch+json',
  // JSON is YAML, so an apply body is sent as JSON.
  apply: 'application/apply-patch+yaml',
};

export interface WriteOptions {
  /** Server-side dry-run (`dryRun=All`): validated and admitted, never stored. */
  readonly dryRun?: boolean;
  readonly fieldManager?: string;
  /** Only for apply patches: take ownership of conflicting fields. */
  readonly force?: boolean;
}

export type Query = Record<string, string | number | boolean | undefined>;

/** Reads the current context's cluster server, CA and user token from a kubeconfig file. */
export function loadKubeconfig(file: string): KubeTarget {
  const config = parseYaml(fs.readFileSync(file, 'utf8'));
  const contextName = config['current-context'];
  const context = findNamed(config.contexts, contextName, file).context;
  const cluster = findNamed(config.clusters, context.cluster, file).cluster;
  const user = findNamed(config.users, context.user, file).user;
  const ca = cluster['certificate-authority-data']
    ? Buffer.from(cluster['certificate-authority-data'], 'base64')
    : fs.readFileSync(path.resolve(path.dirname(file), cluster['certificate-authority']));
  if (!user?.token) throw new Error(`kubeconfig ${file}: user ${context.user} has no token`);
  return { server: cluster.server, ca, token: user.token };
}

function findNamed(list: any[] | undefined, name: string, file: string): any {
  const found = (list ?? []).find((entry) => entry.name === name);
  if (!found) throw new Error(`kubeconfig ${file}: no entry named ${JSON.stringify(name)}`);
  return found;
}

export class KubeHttp {
  private readonly agent: https.Agent;

  constructor(readonly target: KubeTarget) {
    this.agent = new https.Agent({ ca: target.ca, keepAlive: true, maxSockets: 16 });
  }

  static fromKubeconfig(file: string): KubeHttp {
    return new KubeHttp(loadKubeconfig(file));
  }

  get<T = any>(apiPath: string, query?: Query): Promise<KubeResponse<T>> {
    return this.request('GET', apiPath, { query });
  }

  post<T = any>(apiPath: string, body: unknown, options: WriteOptions = {}): Promise<KubeResponse<T>> {
    return this.request('POST', apiPath, { body, query: writeQuery(options) });
  }

  put<T = any>(apiPath: string, body: unknown, options: WriteOptions = {}): Promise<KubeResponse<T>> {
    return this.request('PUT', apiPath, { body, query: writeQuery(options) });
  }

  patch<T = any>(apiPath: string, body: unknown, type: PatchType, options: WriteOptions = {}): Promise<KubeResponse<T>> {
    const query = writeQuery(options);
    if (type === 'apply' && options.force) query.force = true;
    return this.request('PATCH', apiPath, { body, query, contentType: patchContentTypes[type] });
  }

  /** Server-side apply of a whole object (`PATCH` with `application/apply-patch+yaml`). */
  apply<T = any>(apiPath: string, object: unknown, options: WriteOptions & { fieldManager: string }): Promise<KubeResponse<T>> {
    return this.patch<T>(apiPath, object, 'apply', options);
  }

  delete<T = any>(apiPath: string, options: WriteOptions & { gracePeriodSeconds?: number; body?: unknown } = {}) {
    const query: Query = { ...writeQuery(options), gracePeriodSeconds: options.gracePeriodSeconds };
    return this.request<T>('DELETE', apiPath, { query, body: options.body });
  }

  async request<T = any>(
    method: string,
    apiPath: string,
    options: { body?: unknown; query?: Query; contentType?: string } = {},
  ): Promise<KubeResponse<T>> {
    const url = new URL(apiPath, this.target.server);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const payload = options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body));
    const headers: Record<string, string | number> = {
      Authorization: `Bearer ${this.target.token}`,
      Accept: 'application/json',
    };
    if (payload) {
      headers['Content-Type'] = options.contentType ?? 'application/json';
      headers['Content-Length'] = payload.length;
    }
    return new Promise((resolve, reject) => {
      const req = https.request(url, { method, headers, agent: this.agent, timeout: 60_000 }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: parseBody(Buffer.concat(chunks)) as T }));
      });
      req.on('timeout', () => req.destroy(new Error(`${method} ${url.pathname}: timed out`)));
      req.on('error', (err) => reject(new Error(`${method} ${url.pathname}: ${err.message}`)));
      req.end(payload);
    });
  }

  /** Closes idle keep-alive connections (a long-lived process calls this before exiting). */
  close(): void {
    this.agent.destroy();
  }
}

function writeQuery(options: WriteOptions): Query {
  return { dryRun: options.dryRun ? 'All' : undefined, fieldManager: options.fieldManager };
}

function parseBody(raw: Buffer): unknown {
  const text = raw.toString('utf8');
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text; // /readyz, /healthz and friends answer plain text
  }
}
