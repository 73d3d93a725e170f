/** Kubeconfig loading with real files, real exec plugins (small node scripts) and a local HTTPS server. */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { delimiter, join } from 'path';
import { stringify as toYaml } from 'yaml';
import { ClusterError } from '../../../lib/cluster/errors';
import { connect, ConnectionOptions } from '../../../lib/cluster/kubeconfig';
import { Transport } from '../../../lib/cluster/transport';
import { clusterFailure } from '../../harness/cluster-error';
import { TestServer, json, selfSignedCertificate } from './https-server';

const SERVER = 'https://127.0.0.1:6443';
// Secrets that must never show up in an error message.
const TOKEN = 'static-token-b9f1c7';
const PASSWORD = 'hunter2-pw-77aa';
const KEY_PEM = '-----BEGIN PRIVATE KEY-----\nsecret-key-material-0c4e\n-----END PRIVATE KEY-----\n';
const CERT_PEM = '-----BEGIN CERTIFICATE-----\nclient-cert-9d2a\n-----END CERTIFICATE-----\n';
const SECRETS = [TOKEN, PASSWORD, 'secret-key-material-0c4e', Buffer.from(KEY_PEM).toString('base64'), 'exec-token-'];

const saved = { ...process.env };
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'berth-kubeconfig-'));
  // No kubeconfig but the test's own: an empty home, no KUBECONFIG, not in a pod.
  process.env.HOME = mkdtempSync(join(tmpdir(), 'berth-home-'));
  for (const v of ['KUBECONFIG', 'KUBERNETES_SERVICE_HOST', 'KUBERNETES_SERVICE_PORT']) delete process.env[v];
});
afterEach(() => {
  process.env = { ...saved };
});

function write(path: string, content: string | Buffer): string {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
  return path;
}

/** One cluster `c`, one user `u` and a current context `ctx` joining them. */
function single(user: object, cluster: object = { server: SERVER }): object {
  return {
    apiVersion: 'v1', kind: 'Config', 'current-context': 'ctx',
    clusters: [{ name: 'c', cluster }], users: [{ name: 'u', user }], contexts: [{ name: 'ctx', context: { cluster: 'c', user: 'u' } }],
  };
}

function kubeconfig(doc: object, path = join(dir, 'config')): string {
  return write(path, toYaml(doc));
}

/** The kubeconfig error a connect fails with; it must not quote any secret. */
async function failure(options: ConnectionOptions, serviceAccountDir?: string): Promise<ClusterError> {
  const e = await clusterFailure(connect(options, serviceAccountDir));
  expect(e.reason).toBe('kubeconfig');
  for (const secret of SECRETS) expect(e.message).not.toContain(secret);
  return e;
}

describe('which kubeconfig', () => {
  function twoFiles(): { a: string; b: string } {
    const a = kubeconfig({
      clusters: [{ name: 'shared', cluster: { server: 'https://a.example:6443/' } }],
      users: [{ name: 'shared', user: { token: 'from-a' } }],
      contexts: [{ name: 'first', context: { cluster: 'shared', user: 'shared' } }],
    }, join(dir, 'a', 'config'));
    const b = kubeconfig({
      'current-context': 'second',
      clusters: [{ name: 'shared', cluster: { server: 'https://b.example:6443' } }, { name: 'only-b', cluster: { server: 'https://only-b.example' } }],
      users: [{ name: 'shared', user: { token: 'from-b' } }],
      contexts: [{ name: 'second', context: { cluster: 'shared', user: 'shared' } }, { name: 'first', context: { cluster: 'only-b', user: 'shared' } }],
    }, join(dir, 'b', 'config'));
    kubeconfig({ 'current-context': 'first' }, join(dir, 'c', 'config'));
    return { a, b };
  }

  it('merges a KUBECONFIG list: the first file to define a name wins, current-context from the first that sets it, missing files skipped', async () => {
    const { a, b } = twoFiles();
    process.env.KUBECONFIG = [join(dir, 'missing'), a, b, join(dir, 'c', 'config')].join(delimiter);
    const current = await connect();
    expect(current).toMatchObject({ context: 'second', server: 'https://a.example:6443', tls: { headers: { Authorization: 'Bearer from-a' } } });
    // `first` is a's context, not b's (which points at only-b).
    expect((await connect({ context: 'first' })).server).toBe('https://a.example:6443');
  });

  it('fails when no file of the KUBECONFIG list exists', async () => {
    process.env.KUBECONFIG = [join(dir, 'x'), join(dir, 'y')].join(delimiter);
    expect((await failure({})).message).toBe(`no kubeconfig: none of the files in KUBECONFIG exists (${process.env.KUBECONFIG})`);
  });

  it('reads only --kubeconfig when given, whatever KUBECONFIG says', async () => {
    const { a, b } = twoFiles();
    process.env.KUBECONFIG = a;
    const e = await failure({ kubeconfig: a });
    expect(e.message).toBe(`kubeconfig ${a} has no current context or cluster (use --context)`);
    expect((await connect({ kubeconfig: b })).server).toBe('https://b.example:6443');
  });

  it('falls back to ~/.kube/config, else says what to do', async () => {
    expect((await failure({})).message).toBe('no kubeconfig: set KUBECONFIG, pass --kubeconfig FILE, or create ~/.kube/config');
    kubeconfig(single({ token: TOKEN }), join(process.env.HOME!, '.kube', 'config'));
    expect((await connect()).server).toBe(SERVER);
  });

  it('a missing --kubeconfig file, and one that is not YAML, without quoting it', async () => {
    expect((await failure({ kubeconfig: join(dir, 'nope') })).message).toBe(`cannot read kubeconfig ${join(dir, 'nope')}: ENOENT`);
    const bad = write(join(dir, 'bad'), `users:\n- name: u\n  user: {token: ${TOKEN}\n`);
    expect((await failure({ kubeconfig: bad })).message).toMatch(new RegExp(`^kubeconfig ${bad}: not valid YAML: .* at line \\d+, column \\d+$`));
  });
});

describe('contexts', () => {
  const doc = {
    'current-context': 'admin',
    clusters: [{ name: 'c', cluster: { server: SERVER } }],
    users: [{ name: 'admin', user: { token: TOKEN } }],
    contexts: [
      { name: 'admin', context: { cluster: 'c', user: 'admin' } },
      { name: 'anonymous', context: { cluster: 'c' } },
      { name: 'no-cluster', context: { cluster: 'gone', user: 'admin' } },
      { name: 'no-user', context: { cluster: 'c', user: 'gone' } },
    ],
  };

  it('the current one unless --context picks another; a context without a user is anonymous', async () => {
    const file = kubeconfig(doc);
    expect(await connect({ kubeconfig: file })).toMatchObject({ context: 'admin', tls: { headers: { Authorization: `Bearer ${TOKEN}` } } });
    const anonymous = await connect({ kubeconfig: file, context: 'anonymous' });
    expect(anonymous.tls.headers).toEqual({});
  });

  it('names what is missing', async () => {
    const file = kubeconfig(doc);
    expect((await failure({ kubeconfig: file, context: 'prod' })).message).toBe('kubeconfig has no context "prod" (contexts: admin, anonymous, no-cluster, no-user)');
    expect((await failure({ kubeconfig: file, context: 'no-cluster' })).message).toBe(`kubeconfig ${file}: contexts[no-cluster].cluster: no cluster "gone" (clusters: c)`);
    expect((await failure({ kubeconfig: file, context: 'no-user' })).message).toBe(`kubeconfig ${file}: contexts[no-user].user: no user "gone" (users: admin)`);
    const dangling = kubeconfig({ ...doc, 'current-context': 'staging' }, join(dir, 'dangling'));
    expect((await failure({ kubeconfig: dangling })).message)
      .toBe(`kubeconfig ${dangling}: current-context "staging" is none of its contexts (contexts: admin, anonymous, no-cluster, no-user; use --context)`);
  });

  it('rejects a name defined twice in one file', async () => {
    const file = kubeconfig({ ...doc, users: [...doc.users, { name: 'admin', user: { token: 'other' } }] });
    expect((await failure({ kubeconfig: file })).message).toBe(`kubeconfig ${file}: users[admin]: defined twice in the file`);
  });
});

describe('cluster', () => {
  it('base64 CA data wins over a file; insecure-skip-tls-verify and tls-server-name; trailing slashes stripped', async () => {
    const file = kubeconfig(single({}, {
      server: `${SERVER}//`, 'certificate-authority-data': Buffer.from('CA FROM DATA').toString('base64'), 'certificate-authority': 'missing.pem',
      'insecure-skip-tls-verify': true, 'tls-server-name': 'api.internal',
    }));
    const c = await connect({ kubeconfig: file });
    expect(c.server).toBe(SERVER);
    expect(c.tls).toMatchObject({ ca: Buffer.from('CA FROM DATA'), rejectUnauthorized: false, servername: 'api.internal' });
  });

  it('a CA file relative to the kubeconfig, verified by a real TLS handshake', async () => {
    const certificate = selfSignedCertificate();
    const server = new TestServer(certificate);
    await server.start();
    server.handler = (req, res) => json(res, 200, { auth: req.headers.authorization ?? null });
    write(join(dir, 'kube', 'pki', 'ca.pem'), certificate.cert);
    const file = kubeconfig(single({ token: TOKEN }, { server: `https://127.0.0.1:${server.port}`, 'certificate-authority': 'pki/ca.pem' }), join(dir, 'kube', 'config'));
    const transport = new Transport(await connect({ kubeconfig: file }));
    try {
      expect((await transport.send({ method: 'GET', path: '/version', call: { verb: 'get', resource: 'version' } })).body).toEqual({ auth: `Bearer ${TOKEN}` });
    } finally {
      transport.close();
      await server.stop();
    }
  });

  it('errors: missing server, not https, proxy-url, bad base64, unreadable CA', async () => {
    const cases: [object, string][] = [
      [{}, 'clusters[c].server: missing'],
      [{ server: 'http://127.0.0.1:8080' }, 'clusters[c].server: http://127.0.0.1:8080 is not an https:// URL (berth talks to the API server over TLS only)'],
      [{ server: SERVER, 'proxy-url': 'socks5://proxy:1080' }, 'clusters[c].proxy-url: berth does not support connecting through a proxy: it needs direct access to the API server'],
      [{ server: SERVER, 'certificate-authority-data': 'not base64!' }, 'clusters[c].certificate-authority-data: not valid base64'],
      [{ server: SERVER, 'certificate-authority': './ca.pem' }, 'clusters[c].certificate-authority: cannot read ./ca.pem: ENOENT'],
      [{ server: SERVER, 'insecure-skip-tls-verify': 'yes' }, 'clusters[c].insecure-skip-tls-verify: must be true or false'],
    ];
    for (const [cluster, message] of cases) {
      const file = kubeconfig(single({ token: TOKEN }, cluster));
      expect((await failure({ kubeconfig: file })).message).toBe(`kubeconfig ${file}: ${message}`);
    }
  });
});

describe('user', () => {
  it('client certificate and key from files relative to the kubeconfig, or from base64 data', async () => {
    write(join(dir, 'kube', 'certs', 'client.crt'), CERT_PEM);
    write(join(dir, 'kube', 'certs', 'client.key'), KEY_PEM);
    const files = kubeconfig(single({ 'client-certificate': 'certs/client.crt', 'client-key': './certs/client.key' }), join(dir, 'kube', 'config'));
    expect((await connect({ kubeconfig: files })).tls).toMatchObject({ cert: Buffer.from(CERT_PEM), key: Buffer.from(KEY_PEM) });
    const data = kubeconfig(single({ 'client-certificate-data': Buffer.from(CERT_PEM).toString('base64'), 'client-key-data': Buffer.from(KEY_PEM).toString('base64') }));
    expect((await connect({ kubeconfig: data })).tls).toMatchObject({ cert: Buffer.from(CERT_PEM), key: Buffer.from(KEY_PEM) });
  });

  it('relative paths resolve against the file of the KUBECONFIG list that defined the entry', async () => {
    write(join(dir, 'second', 'token'), 'token-of-second\n');
    const first = kubeconfig({ 'current-context': 'ctx', clusters: [{ name: 'c', cluster: { server: SERVER } }], contexts: [{ name: 'ctx', context: { cluster: 'c', user: 'u' } }] }, join(dir, 'first', 'config'));
    const second = kubeconfig({ users: [{ name: 'u', user: { tokenFile: 'token' } }] }, join(dir, 'second', 'config'));
    process.env.KUBECONFIG = [first, second].join(delimiter);
    expect((await connect()).tls.headers).toEqual({ Authorization: 'Bearer token-of-second' });
  });

  it('basic auth', async () => {
    const c = await connect({ kubeconfig: kubeconfig(single({ username: 'ada', password: PASSWORD })) });
    expect(c.tls.headers).toEqual({ Authorization: `Basic ${Buffer.from(`ada:${PASSWORD}`).toString('base64')}` });
  });

  it('impersonation headers', async () => {
    const c = await connect({ kubeconfig: kubeconfig(single({
      token: TOKEN, as: 'jane', 'as-groups': ['devs', 'ops'], 'as-uid': '42', 'as-user-extra': { 'reason/why': ['audit'] },
    })) });
    expect(c.tls.headers).toEqual({
      Authorization: `Bearer ${TOKEN}`, 'Impersonate-User': 'jane', 'Impersonate-Group': ['devs', 'ops'], 'Impersonate-Uid': '42', 'Impersonate-Extra-reason%2Fwhy': ['audit'],
    });
  });

  it('a token file is read at connect and again on refresh', async () => {
    const token = write(join(dir, 'token'), 'first\n');
    const c = await connect({ kubeconfig: kubeconfig(single({ token: 'ignored: the file wins', tokenFile: './token' })) });
    expect(c.tls.headers).toEqual({ Authorization: 'Bearer first' });
    writeFileSync(token, 'rotated');
    expect((await c.refresh()).headers).toEqual({ Authorization: 'Bearer rotated' });
  });

  it('errors name the file, the user and the field, never the secret', async () => {
    const cases: [object, string][] = [
      [{ 'client-certificate-data': Buffer.from(CERT_PEM).toString('base64'), 'client-key': './key.pem' }, 'users[u].client-key: cannot read ./key.pem: ENOENT'],
      [{ 'client-key-data': Buffer.from(KEY_PEM).toString('base64') }, 'users[u].client-certificate: missing: client-certificate and client-key go together'],
      [{ 'client-certificate-data': Buffer.from(CERT_PEM).toString('base64'), 'client-key-data': `${Buffer.from(KEY_PEM).toString('base64')}!` }, 'users[u].client-key-data: not valid base64'],
      [{ token: 12345 }, 'users[u].token: must be a string'],
      [{ token: TOKEN, username: 'ada', password: PASSWORD }, 'users[u]: more than one way to authenticate (token, username/password); keep one'],
      [{ token: TOKEN, 'as-groups': ['devs'] }, 'users[u].as: missing: as-groups, as-uid and as-user-extra need a user to impersonate'],
      [{ tokenFile: 'gone' }, 'users[u].tokenFile: cannot read gone: ENOENT'],
    ];
    for (const [user, message] of cases) {
      const file = kubeconfig(single(user));
      expect((await failure({ kubeconfig: file })).message).toBe(`kubeconfig ${file}: ${message}`);
    }
  });

  it('auth-provider: gone from kubectl 1.26, use an exec plugin', async () => {
    const gcp = kubeconfig(single({ 'auth-provider': { name: 'gcp', config: { 'access-token': TOKEN } } }));
    expect((await failure({ kubeconfig: gcp })).message).toBe(`kubeconfig ${gcp}: users[u].auth-provider: the "gcp" auth-provider plugin was removed from kubectl in 1.26, and berth does not have it either: use an exec credential plugin (gke-gcloud-auth-plugin) instead`);
    const oidc = kubeconfig(single({ 'auth-provider': { name: 'oidc', config: { 'id-token': TOKEN } } }));
    expect((await failure({ kubeconfig: oidc })).message).toBe(`kubeconfig ${oidc}: users[u].auth-provider: berth does not support auth-provider plugins ("oidc"); kubectl 1.26 removed the gcp and azure ones: use an exec credential plugin (kubelogin (kubectl oidc-login)) instead`);
  });
});

describe('exec credential plugins', () => {
  // Counts its runs and records what it saw in $STATE; prints a token numbered by run, or a client certificate,
  // expiring in $EXPIRES_IN seconds; or fails, or prints $PRINT.
  const PLUGIN = `
    const fs = require('fs'), path = require('path');
    const state = process.env.STATE, countFile = path.join(state, 'count');
    const n = Number(fs.existsSync(countFile) ? fs.readFileSync(countFile, 'utf8') : 0) + 1;
    fs.writeFileSync(countFile, String(n));
    const info = JSON.parse(process.env.KUBERNETES_EXEC_INFO);
    fs.writeFileSync(path.join(state, 'seen.json'), JSON.stringify({ info, stdinIsTTY: require('tty').isatty(0), args: process.argv.slice(2) }));
    if (process.env.FAIL) { process.stderr.write('checking credentials\\nerror: not logged in\\nrun: acme login\\n'); process.exit(3); }
    if (process.env.PRINT) { process.stdout.write(process.env.PRINT); process.exit(0); }
    const status = process.env.CERT ? { clientCertificateData: 'CERT', clientKeyData: 'KEY' } : { token: 'exec-token-' + n };
    if (process.env.EXPIRES_IN) status.expirationTimestamp = new Date(Date.now() + 1000 * Number(process.env.EXPIRES_IN)).toISOString();
    console.log(JSON.stringify({ apiVersion: info.apiVersion, kind: 'ExecCredential', status }));
  `;

  let state: string;
  beforeEach(() => {
    state = mkdtempSync(join(tmpdir(), 'berth-plugin-state-'));
    write(join(dir, 'bin', 'plugin.js'), PLUGIN);
  });
  const runs = () => Number(readFileSync(join(state, 'count'), 'utf8'));
  const seen = () => JSON.parse(readFileSync(join(state, 'seen.json'), 'utf8'));

  function execUser(env: Record<string, string> = {}, more: object = {}): object {
    return {
      exec: {
        apiVersion: 'client.authentication.k8s.io/v1', command: process.execPath, args: [join(dir, 'bin', 'plugin.js'), '--flag'],
        env: Object.entries({ STATE: state, ...env }).map(([name, value]) => ({ name, value })), interactiveMode: 'Never', ...more,
      },
    };
  }

  it('uses the token the plugin prints, and tells it the cluster when provideClusterInfo', async () => {
    const cluster = { server: SERVER, 'certificate-authority-data': Buffer.from('CA').toString('base64'), 'tls-server-name': 'api.internal' };
    const c = await connect({ kubeconfig: kubeconfig(single(execUser({}, { provideClusterInfo: true }), cluster)) });
    expect(c.tls.headers).toEqual({ Authorization: 'Bearer exec-token-1' });
    expect(seen()).toEqual({
      info: {
        apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential',
        spec: { interactive: false, cluster: { server: SERVER, 'certificate-authority-data': Buffer.from('CA').toString('base64'), 'tls-server-name': 'api.internal' } },
      },
      stdinIsTTY: false, args: ['--flag'],
    });
  });

  it('v1beta1 too; without provideClusterInfo the plugin is not told the cluster', async () => {
    const user = execUser();
    (user as { exec: { apiVersion: string } }).exec.apiVersion = 'client.authentication.k8s.io/v1beta1';
    await connect({ kubeconfig: kubeconfig(single(user)) });
    expect(seen().info).toEqual({ apiVersion: 'client.authentication.k8s.io/v1beta1', kind: 'ExecCredential', spec: { interactive: false } });
  });

  it('a client certificate from the plugin', async () => {
    const c = await connect({ kubeconfig: kubeconfig(single(execUser({ CERT: '1' }))) });
    expect(c.tls).toMatchObject({ cert: 'CERT', key: 'KEY', headers: {} });
  });

  it('a command with a path separator is relative to the kubeconfig', async () => {
    write(join(dir, 'kube', 'bin', 'plugin'), `#!${process.execPath}\n${PLUGIN}`);
    chmodSync(join(dir, 'kube', 'bin', 'plugin'), 0o755);
    const user = execUser({}, { command: './bin/plugin', args: [] });
    const c = await connect({ kubeconfig: kubeconfig(single(user), join(dir, 'kube', 'config')) });
    expect(c.tls.headers).toEqual({ Authorization: 'Bearer exec-token-1' });
  });

  it('keeps an answer until it expires; refresh() always asks again', async () => {
    const lasting = kubeconfig(single(execUser({ EXPIRES_IN: '3600' })), join(dir, 'lasting'));
    await connect({ kubeconfig: lasting });
    const again = await connect({ kubeconfig: lasting });
    expect([runs(), again.tls.headers]).toEqual([1, { Authorization: 'Bearer exec-token-1' }]);
    expect((await again.refresh()).headers).toEqual({ Authorization: 'Bearer exec-token-2' });
    // Concurrent refreshes (parallel requests answered 401) run the plugin once.
    await Promise.all([again.refresh(), again.refresh(), again.refresh()]);
    expect(runs()).toBe(3);
  });

  it('runs the plugin again for an answer past its expiry', async () => {
    const expired = kubeconfig(single(execUser({ EXPIRES_IN: '-1' })));
    await connect({ kubeconfig: expired });
    expect((await connect({ kubeconfig: expired })).tls.headers).toEqual({ Authorization: 'Bearer exec-token-2' });
    expect(runs()).toBe(2);
  });

  it('a failing plugin: its stderr passes through, its tail and the install hint in the error', async () => {
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const file = kubeconfig(single(execUser({ FAIL: '1' }, { installHint: 'Install acme-auth:\n  brew install acme-auth' })));
      const e = await failure({ kubeconfig: file });
      expect(e.message).toBe(`kubeconfig ${file}: users[u].exec: ${process.execPath} failed (exit code 3): checking credentials / error: not logged in / run: acme login (Install acme-auth: brew install acme-auth)`);
      expect(stderr.mock.calls.map((c) => String(c[0])).join('')).toBe('checking credentials\nerror: not logged in\nrun: acme login\n');
    } finally {
      stderr.mockRestore();
    }
  });

  it('a missing command is named', async () => {
    const file = kubeconfig(single(execUser({}, { command: 'berth-no-such-plugin', installHint: 'see https://example.com/plugin' })));
    expect((await failure({ kubeconfig: file })).message).toBe(`kubeconfig ${file}: users[u].exec.command: cannot run berth-no-such-plugin: ENOENT (see https://example.com/plugin)`);
  });

  it('output that is not an ExecCredential, without quoting it', async () => {
    const cases: [string, string][] = [
      ['exec-token-leak', 'printed no JSON (expected an ExecCredential)'],
      [JSON.stringify({ kind: 'ExecCredential', apiVersion: 'client.authentication.k8s.io/v1beta1', status: { token: 'exec-token-x' } }), 'printed no ExecCredential of client.authentication.k8s.io/v1'],
      [JSON.stringify({ kind: 'ExecCredential', apiVersion: 'client.authentication.k8s.io/v1', status: {} }), 'printed an ExecCredential with neither status.token nor status.clientCertificateData'],
      [JSON.stringify({ kind: 'ExecCredential', apiVersion: 'client.authentication.k8s.io/v1', status: { token: 'exec-token-y', expirationTimestamp: 'soon' } }), 'printed an ExecCredential whose status.expirationTimestamp is not a time'],
    ];
    for (const [print, message] of cases) {
      const file = kubeconfig(single(execUser({ PRINT: print })));
      expect((await failure({ kubeconfig: file })).message).toBe(`kubeconfig ${file}: users[u].exec: ${process.execPath} ${message}`);
    }
  });

  it('configuration errors', async () => {
    const cases: [object, string][] = [
      [{ apiVersion: 'client.authentication.k8s.io/v1alpha1' }, 'users[u].exec.apiVersion: client.authentication.k8s.io/v1alpha1: berth supports client.authentication.k8s.io/v1 and client.authentication.k8s.io/v1beta1'],
      [{ command: '' }, 'users[u].exec.command: missing'],
      [{ interactiveMode: 'Always' }, 'users[u].exec.interactiveMode: Always: the plugin needs a terminal, and berth runs it without one'],
      [{ env: [{ name: 'A' }] }, 'users[u].exec.env[0]: needs a name and a string value'],
    ];
    for (const [exec, message] of cases) {
      const user = execUser();
      Object.assign((user as { exec: object }).exec, exec);
      const file = kubeconfig(single(user));
      expect((await failure({ kubeconfig: file })).message).toBe(`kubeconfig ${file}: ${message}`);
    }
    const both = kubeconfig(single({ ...execUser(), token: TOKEN }));
    expect((await failure({ kubeconfig: both })).message).toBe(`kubeconfig ${both}: users[u]: more than one way to authenticate (token, exec); keep one`);
  });

  it('a 401 runs the plugin again through the transport\'s refresh', async () => {
    const certificate = selfSignedCertificate();
    const server = new TestServer(certificate);
    await server.start();
    server.handler = (req, res) => (req.headers.authorization === 'Bearer exec-token-1' ? json(res, 401, {}) : json(res, 200, { auth: req.headers.authorization }));
    const file = kubeconfig(single(execUser(), { server: `https://127.0.0.1:${server.port}`, 'certificate-authority-data': certificate.cert.toString('base64') }));
    const transport = new Transport(await connect({ kubeconfig: file }));
    try {
      expect((await transport.send({ method: 'GET', path: '/version', call: { verb: 'get', resource: 'version' } })).body).toEqual({ auth: 'Bearer exec-token-2' });
      expect(runs()).toBe(2);
    } finally {
      transport.close();
      await server.stop();
    }
  });
});

describe('in a pod', () => {
  function serviceAccount(): string {
    const sa = join(dir, 'serviceaccount');
    write(join(sa, 'token'), 'pod-token-1\n');
    write(join(sa, 'ca.crt'), 'POD CA');
    process.env.KUBERNETES_SERVICE_HOST = '10.96.0.1';
    process.env.KUBERNETES_SERVICE_PORT = '443';
    return sa;
  }

  it('uses the service account when there is no kubeconfig, re-reading the token on refresh', async () => {
    const sa = serviceAccount();
    const c = await connect({}, sa);
    expect(c).toMatchObject({ server: 'https://10.96.0.1:443', context: 'in-cluster', tls: { ca: Buffer.from('POD CA'), headers: { Authorization: 'Bearer pod-token-1' } } });
    writeFileSync(join(sa, 'token'), 'pod-token-2');
    expect((await c.refresh()).headers).toEqual({ Authorization: 'Bearer pod-token-2' });
  });

  it('brackets an IPv6 service host; a kubeconfig comes first', async () => {
    const sa = serviceAccount();
    process.env.KUBERNETES_SERVICE_HOST = 'fd00::1';
    expect((await connect({}, sa)).server).toBe('https://[fd00::1]:443');
    kubeconfig(single({ token: TOKEN }), join(process.env.HOME!, '.kube', 'config'));
    expect((await connect({}, sa)).server).toBe(SERVER);
  });

  it('names the file it cannot read', async () => {
    const sa = serviceAccount();
    const token = join(sa, 'missing', 'token');
    expect((await failure({}, join(sa, 'missing'))).message).toBe(`in-cluster config: clusters[in-cluster].certificate-authority: cannot read ${join(sa, 'missing', 'ca.crt')}: ENOENT`);
    write(join(sa, 'missing', 'ca.crt'), 'CA');
    expect((await failure({}, join(sa, 'missing'))).message).toBe(`in-cluster config: users[in-cluster].tokenFile: cannot read ${token}: ENOENT`);
  });
});
