/** A local HTTPS server with a throw-away self-signed certificate (openssl), scripted per test. */
import { execFileSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import * as https from 'https';
import { AddressInfo } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';
import { IncomingMessage, ServerResponse } from 'http';
import { Connection } from '../../../lib/cluster/kubeconfig';

export interface Certificate { readonly cert: Buffer; readonly key: Buffer }

export function selfSignedCertificate(): Certificate {
  const dir = mkdtempSync(join(tmpdir(), 'berth-tls-'));
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
    ], { stdio: 'pipe' });
    return { cert: readFileSync(join(dir, 'cert.pem')), key: readFileSync(join(dir, 'key.pem')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface Recorded { readonly method: string; readonly url: string; readonly headers: IncomingMessage['headers']; readonly body: string; readonly at: number }

export type Handler = (req: Recorded, res: ServerResponse, n: number) => void;

export class TestServer {
  readonly requests: Recorded[] = [];
  handler: Handler = (_req, res) => json(res, 200, {});
  private server!: https.Server;

  constructor(private readonly certificate: Certificate) {}

  async start(): Promise<void> {
    this.server = https.createServer({ cert: this.certificate.cert, key: this.certificate.key }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const rec = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString(), at: Date.now() };
        this.requests.push(rec);
        this.handler(rec, res, this.requests.length);
      });
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  connection(): Connection {
    return { server: `https://127.0.0.1:${this.port}`, context: 'test', tls: { ca: this.certificate.cert, headers: { Authorization: 'Bearer t0ken' } }, refresh: async () => ({}) };
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
