import { Json } from '../model/object';

export interface ProbeTiming {
  /** Default 0. */
  readonly initialDelaySeconds?: number;
  /** Default 10 (Kubernetes' default). */
  readonly periodSeconds?: number;
  /** Default 1. */
  readonly timeoutSeconds?: number;
  /** Default 3. */
  readonly failureThreshold?: number;
  /** Default 1. */
  readonly successThreshold?: number;
}

/** A readiness, liveness or startup check. */
export class Probe {
  /** HTTP GET on `path`; port defaults to the container's first port. */
  static http(path: string, options: ProbeTiming & { port?: number; scheme?: 'HTTP' | 'HTTPS' } = {}): Probe {
    const { port, scheme, ...timing } = options;
    return new Probe(timing, (p) => ({ httpGet: { path, port: port ?? p, ...(scheme ? { scheme } : {}) } }));
  }

  /** TCP connect; port defaults to the container's first port. */
  static tcp(options: ProbeTiming & { port?: number } = {}): Probe {
    const { port, ...timing } = options;
    return new Probe(timing, (p) => ({ tcpSocket: { port: port ?? p } }));
  }

  static exec(command: readonly string[], options: ProbeTiming = {}): Probe {
    return new Probe(options, () => ({ exec: { command: [...command] } }));
  }

  private constructor(
    private readonly timing: ProbeTiming,
    private readonly handler: (defaultPort: number) => { [k: string]: Json },
  ) {}

  /** @param defaultPort the container's first port; an error names the container if a port is needed and none exists. */
  toJson(defaultPort: number | undefined, where: string): { [k: string]: Json } {
    const handler = this.handler(defaultPort ?? -1);
    const port = (Object.values(handler)[0] as { port?: number }).port;
    if (port === -1) throw new Error(`${where}: probe needs a port: give one, or give the container a port`);
    const out: { [k: string]: Json } = { ...handler };
    for (const [k, v] of Object.entries(this.timing)) if (v !== undefined) out[k] = v;
    return out;
  }
}
