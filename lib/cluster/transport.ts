/**
 * HTTPS to the API server: keep-alive connections, client-side rate limiting, retries with backoff on 429
 * (honouring Retry-After), 5xx and connection resets, per-request timeouts, and a request counter.
 */
import * as https from 'https';
import { CallDescription, ClusterError, describeCall, errorFromStatus } from './errors';
import { Connection } from './kubeconfig';
import { RateLimiter } from './rate-limit';

export interface TransportOptions {
  /** Requests per second (average). Default 50. */
  readonly qps?: number;
  /** Burst size. Default 100. */
  readonly burst?: number;
  /** Per-request timeout in ms. Default 30 000. */
  readonly timeoutMs?: number;
  /** Attempts per request, first included. Default 5. */
  readonly attempts?: number;
  /** First backoff in ms (doubled each retry, capped at 5 s). Default 200. */
  readonly backoffMs?: number;
  /** Concurrent connections. Default 16. */
  readonly maxSockets?: number;
}

export interface Request {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly path: string;
  readonly query?: Record<string, string | number | boolean | undefined>;
  readonly body?: unknown;
  /** Default application/json. */
  readonly contentType?: string;
  /** Accept header (default application/json), e.g. to ask for metadata-only lists. */
  readonly accept?: string;
  /** For error messages. */
  readonly call: CallDescription;
  /** Whether sending twice is harmless (default: every method but POST). */
  readonly idempotent?: boolean;
}

export interface Response {
  readonly status: number;
  readonly body: unknown;
}

const RETRY_STATUS = new Set([429, 500, 502, 503, 504]);
const RETRY_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

export class Transport {
  /** Requests sent, retries included. */
  requestCount = 0;
  private readonly limiter: RateLimiter;
  private readonly agent: https.Agent;
  private readonly opts: Required<TransportOptions>;
  /** TLS options and headers; refreshed once after a 401 (exec-plugin tokens expire). */
  private tls: https.RequestOptions;

  constructor(readonly connection: Connection, options: TransportOptions = {}) {
    this.opts = {
      qps: 50, burst: 100, timeoutMs: 30000, attempts: 5, backoffMs: 200, maxSockets: 16, ...options,
    };
    this.limiter = new RateLimiter(this.opts.qps, this.opts.burst);
    this.agent = new https.Agent({ keepAlive: true, maxSockets: this.opts.maxSockets });
    this.tls = connection.tls;
  }

  /** Sends a request; answers 2xx bodies, throws ClusterError otherwise (404 included: callers decide). */
  async send(req: Request): Promise<Response> {
    const idempotent = req.idempotent ?? req.method !== 'POST';
    let lastError: ClusterError | undefined;
    let refreshed = false;
    for (let attempt = 1; attempt <= this.opts.attempts; attempt++) {
      await this.limiter.take();
      let res: Response | undefined;
      let retryAfterMs: number | undefined;
      try {
        const r = await this.once(req);
        res = r.response;
        retryAfterMs = r.retryAfterMs;
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code ?? '';
        if (e instanceof ClusterError && e.reason === 'timeout') lastError = e;
        else lastError = new ClusterError('unreachable', `cannot reach the cluster at ${this.connection.server} (${code || (e as Error).message}) to ${describeCall(req.call)}`);
        const retriable = RETRY_CODES.has(code) || (e instanceof ClusterError && e.reason === 'timeout');
        if (!retriable || !idempotent && code !== 'ECONNREFUSED') throw lastError;
      }
      if (res) {
        if (res.status < 300) return res;
        lastError = errorFromStatus(res.status, res.body, req.call, this.connection.server);
        if (res.status === 401 && !refreshed) {
          refreshed = true;
          this.tls = await this.connection.refresh();
          continue;
        }
        if (!RETRY_STATUS.has(res.status) || (!idempotent && res.status !== 429)) throw lastError;
      }
      if (attempt < this.opts.attempts) await sleep(retryAfterMs ?? backoff(this.opts.backoffMs, attempt));
    }
    throw lastError!;
  }

  close(): void {
    this.agent.destroy();
  }

  private once(req: Request): Promise<{ response: Response; retryAfterMs?: number }> {
    this.requestCount++;
    const url = new URL(this.connection.server + req.path);
    for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const payload = req.body === undefined ? undefined : Buffer.from(JSON.stringify(req.body));
    const headers: Record<string, string | number> = {
      ...(this.tls.headers as Record<string, string> | undefined),
      Accept: req.accept ?? 'application/json',
    };
    if (payload) {
      headers['Content-Type'] = req.contentType ?? 'application/json';
      headers['Content-Length'] = payload.length;
    }
    return new Promise((resolve, reject) => {
      const r = https.request(url, { ...this.tls, method: req.method, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (e) => {
          clearTimeout(deadline);
          reject(e);
        });
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            // not JSON (e.g. a proxy's HTML error page): keep the text
          }
          clearTimeout(deadline);
          resolve({ response: { status: res.statusCode ?? 0, body }, retryAfterMs: retryAfterMs(res.headers['retry-after']) });
        });
      });
      const deadline = setTimeout(() => {
        r.destroy(new ClusterError('timeout', `timed out after ${this.opts.timeoutMs / 1000}s waiting for the cluster at ${this.connection.server} to ${describeCall(req.call)}`));
      }, this.opts.timeoutMs);
      r.on('error', (e) => {
        clearTimeout(deadline);
        reject(e);
      });
      r.end(payload);
    });
  }
}

/** Retry-After as seconds or an HTTP date, capped at 30 s; undefined when absent or unusable. */
function retryAfterMs(header: string | undefined): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - Date.now();
  return Number.isFinite(ms) && ms > 0 ? Math.min(ms, 30000) : undefined;
}

function backoff(base: number, attempt: number): number {
  const ms = Math.min(5000, base * 2 ** (attempt - 1));
  return ms / 2 + Math.random() * (ms / 2);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
