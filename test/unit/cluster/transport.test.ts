import { KubeClient } from '../../../lib/cluster/client';
import { Transport, TransportOptions } from '../../../lib/cluster/transport';
import { TestServer, json, selfSignedCertificate } from './https-server';
import { clusterFailure } from '../../harness/cluster-error';

const certificate = selfSignedCertificate();
let server: TestServer;
let transport: Transport | undefined;

beforeEach(async () => {
  server = new TestServer(certificate);
  await server.start();
});
afterEach(async () => {
  transport?.close();
  transport = undefined;
  await server.stop();
});

function newTransport(options: TransportOptions = {}): Transport {
  transport = new Transport(server.connection(), { backoffMs: 20, ...options });
  return transport;
}

const listCall = { verb: 'list', resource: 'deployments.apps', namespace: 'shop' };
const get = (t: Transport) => t.send({ method: 'GET', path: '/apis/apps/v1/namespaces/shop/deployments', call: listCall });


describe('transport: retries with backoff', () => {
  it('retries 5xx answers, then succeeds, counting every attempt', async () => {
    server.handler = (_req, res, n) => (n < 3 ? json(res, 503, { message: 'busy' }) : json(res, 200, { items: [] }));
    const t = newTransport();
    expect((await get(t)).body).toEqual({ items: [] });
    expect(t.requestCount).toBe(3);
    expect(server.requests.every((r) => r.headers.authorization === 'Bearer t0ken')).toBe(true);
  });

  it('backs off exponentially between attempts', async () => {
    server.handler = (_req, res, n) => (n < 4 ? json(res, 500, {}) : json(res, 200, {}));
    const t = newTransport({ backoffMs: 100 });
    await get(t);
    const gaps = server.requests.slice(1).map((r, i) => r.at - server.requests[i].at);
    // Jittered between half and all of 100, 200, 400 ms.
    expect(gaps[0]).toBeGreaterThanOrEqual(45);
    expect(gaps[1]).toBeGreaterThanOrEqual(95);
    expect(gaps[2]).toBeGreaterThanOrEqual(195);
  });

  it('honours Retry-After on 429, also for non-idempotent requests', async () => {
    server.handler = (_req, res, n) => (n === 1 ? json(res, 429, { message: 'slow down' }, { 'Retry-After': '1' }) : json(res, 201, {}));
    const t = newTransport();
    const started = Date.now();
    const res = await t.send({ method: 'POST', path: '/api/v1/namespaces/shop/configmaps', body: {}, call: { verb: 'create', resource: 'configmaps' } });
    expect(res.status).toBe(201);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('gives up after the configured attempts with the last error, in the user\'s terms', async () => {
    server.handler = (_req, res) => json(res, 503, { message: 'etcd is down' });
    const t = newTransport({ attempts: 3 });
    const e = await clusterFailure(get(t));
    expect(e.reason).toBe('server-error');
    expect(e.message).toBe('the API server failed to list deployments.apps in namespace shop (HTTP 503: etcd is down)');
    expect(t.requestCount).toBe(3);
  });

  it('does not retry a POST that failed with 5xx (it may have been applied)', async () => {
    server.handler = (_req, res) => json(res, 500, {});
    const t = newTransport();
    await clusterFailure(t.send({ method: 'POST', path: '/x', body: {}, call: { verb: 'create', resource: 'configmaps' } }));
    expect(t.requestCount).toBe(1);
  });

  it('retries connection resets of idempotent requests', async () => {
    server.handler = (_req, res, n) => (n < 3 ? res.socket?.destroy() : json(res, 200, { ok: true }));
    const t = newTransport();
    expect((await get(t)).body).toEqual({ ok: true });
    expect(t.requestCount).toBe(3);
  });

  it('does not retry client errors', async () => {
    server.handler = (_req, res) => json(res, 403, { message: 'User "x" cannot list resource "deployments"' });
    const t = newTransport();
    const e = await clusterFailure(get(t));
    expect(e.reason).toBe('forbidden');
    expect(e.message).toBe('forbidden: not allowed to list deployments.apps in namespace shop (User "x" cannot list resource "deployments")');
    expect(t.requestCount).toBe(1);
  });
});

describe('transport: timeouts and unreachable servers', () => {
  it('times out a request that gets no answer, retries, then says what timed out', async () => {
    server.handler = () => { /* never answers */ };
    const t = newTransport({ timeoutMs: 200, attempts: 2 });
    const started = Date.now();
    const e = await clusterFailure(get(t));
    expect(e.reason).toBe('timeout');
    expect(e.message).toBe(`timed out after 0.2s waiting for the cluster at https://127.0.0.1:${server.port} to list deployments.apps in namespace shop`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    expect(t.requestCount).toBe(2);
  });

  it('reports a refused connection as an unreachable cluster', async () => {
    const t = newTransport({ attempts: 2 });
    const url = server.connection().server;
    await server.stop();
    const e = await clusterFailure(get(t));
    expect(e.reason).toBe('unreachable');
    expect(e.message).toBe(`cannot reach the cluster at ${url} (ECONNREFUSED) to list deployments.apps in namespace shop`);
    await server.start(); // for afterEach
  });
});

describe('transport: client-side rate limiting', () => {
  it('spaces requests beyond the burst at the configured rate', async () => {
    server.handler = (_req, res) => json(res, 200, {});
    const t = newTransport({ qps: 20, burst: 2 });
    const started = Date.now();
    await Promise.all(Array.from({ length: 10 }, () => get(t)));
    // 2 at once, then 8 more at 20/s: at least 400 ms.
    expect(Date.now() - started).toBeGreaterThanOrEqual(380);
    expect(t.requestCount).toBe(10);
  });
});

describe('KubeClient over the transport', () => {
  it('pages through lists, sets the label selector and asks for metadata only when told', async () => {
    server.handler = (req, res) => {
      const u = new URL(req.url, 'https://x');
      if (u.pathname === '/apis/apps/v1') return json(res, 200, { resources: [{ name: 'deployments', kind: 'Deployment', namespaced: true, verbs: ['list'] }] });
      const page = u.searchParams.get('continue');
      json(res, 200, { items: [{ metadata: { name: page ? 'b' : 'a' } }], metadata: { continue: page ? '' : 'next' } });
    };
    const client = new KubeClient(newTransport(), undefined);
    const items = await client.list('apps/v1', 'Deployment', { namespace: 'shop', labelSelector: 'app.kubernetes.io/managed-by=berth', metadataOnly: true });
    expect(items.map((i) => [i.apiVersion, i.kind, i.metadata.name])).toEqual([['apps/v1', 'Deployment', 'a'], ['apps/v1', 'Deployment', 'b']]);
    const lists = server.requests.filter((r) => r.url.includes('/deployments'));
    expect(lists.map((r) => new URL(r.url, 'https://x').searchParams.get('labelSelector'))).toEqual(['app.kubernetes.io/managed-by=berth', 'app.kubernetes.io/managed-by=berth']);
    expect(lists[0].url).toContain('/apis/apps/v1/namespaces/shop/deployments?');
    expect(lists[0].headers.accept).toContain('as=PartialObjectMetadataList');
  });

  it('sends delete preconditions and server-side apply parameters', async () => {
    server.handler = (req, res) => {
      if (req.url === '/api/v1') return json(res, 200, { resources: [{ name: 'configmaps', kind: 'ConfigMap', namespaced: true, verbs: [] }] });
      json(res, 200, {});
    };
    const client = new KubeClient(newTransport(), undefined);
    await client.delete('v1', 'ConfigMap', 'c', 'shop', { uid: 'u1', resourceVersion: '42' });
    await client.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'shop' } }, { fieldManager: 'berth', force: true, dryRun: true });
    const [del, apply] = server.requests.filter((r) => r.url.includes('configmaps/c'));
    expect(del.method).toBe('DELETE');
    expect(JSON.parse(del.body).preconditions).toEqual({ uid: 'u1', resourceVersion: '42' });
    expect(apply.method).toBe('PATCH');
    expect(apply.headers['content-type']).toBe('application/apply-patch+yaml');
    expect(new URL(apply.url, 'https://x').searchParams.toString()).toBe('fieldManager=berth&force=true&dryRun=All');
  });
});

describe('transport: credentials, Retry-After dates and slow servers', () => {
  it('refreshes credentials once after a 401 (exec-plugin tokens expire) and retries with the new ones', async () => {
    server.handler = (req, res) => (req.headers.authorization === 'Bearer fresh' ? json(res, 200, { ok: true }) : json(res, 401, { message: 'Unauthorized' }));
    let refreshes = 0;
    const connection = { ...server.connection(), refresh: async () => { refreshes++; return { ca: certificate.cert, headers: { Authorization: 'Bearer fresh' } }; } };
    transport = new Transport(connection, { backoffMs: 20 });
    expect((await get(transport)).body).toEqual({ ok: true });
    expect(refreshes).toBe(1);
    expect(server.requests.map((r) => r.headers.authorization)).toEqual(['Bearer t0ken', 'Bearer fresh']);
  });

  it('a 401 that persists after one refresh is reported as unauthorized, without looping', async () => {
    server.handler = (_req, res) => json(res, 401, { message: 'Unauthorized' });
    const connection = server.connection();
    transport = new Transport({ ...connection, refresh: async () => connection.tls }, { backoffMs: 20 });
    const e = await clusterFailure(get(transport));
    expect(e.reason).toBe('unauthorized');
    expect(server.requests).toHaveLength(2);
  });

  it('honours Retry-After given as an HTTP date', async () => {
    server.handler = (_req, res, n) => (n === 1
      ? json(res, 429, {}, { 'Retry-After': new Date(Date.now() + 2000).toUTCString() })
      : json(res, 200, {}));
    const started = Date.now();
    await get(newTransport());
    // HTTP dates have whole seconds: the wait is between 1 and 2 s.
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('times out a server that keeps trickling bytes (a deadline for the whole request, not only idle time)', async () => {
    server.handler = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const timer = setInterval(() => res.write(' '), 50);
      res.on('close', () => clearInterval(timer));
    };
    const started = Date.now();
    const e = await clusterFailure(get(newTransport({ timeoutMs: 400, attempts: 1 })));
    expect(e.reason).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
