/** berth's cluster client against the real API server: contexts, credentials, and errors in the user's terms. */
import { execFileSync } from 'child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { KubeClient } from '../../../lib/cluster/client';
import { testNamespace } from '../../harness/namespace';
import { clusterFailure } from '../../harness/cluster-error';

jest.setTimeout(60_000);
const ns = testNamespace('client');

/** One kubeconfig with both test identities as contexts `admin` (current) and `limited`, plus a bad token. */
function twoContexts(): string {
  const admin = parseYaml(readFileSync(process.env.KUBECONFIG!, 'utf8'));
  const limited = parseYaml(readFileSync(process.env.BERTH_TEST_KUBECONFIG_LIMITED!, 'utf8'));
  const cluster = admin.clusters[0];
  const config = {
    apiVersion: 'v1', kind: 'Config', 'current-context': 'admin',
    clusters: [cluster],
    users: [
      { name: 'admin', user: admin.users[0].user },
      { name: 'limited', user: limited.users[0].user },
      { name: 'stranger', user: { token: 'not-a-valid-token' } },
    ],
    contexts: ['admin', 'limited', 'stranger'].map((u) => ({ name: u, context: { cluster: cluster.name, user: u } })),
  };
  const file = join(mkdtempSync(join(tmpdir(), 'berth-kc-')), 'config');
  writeFileSync(file, toYaml(config));
  return file;
}


describe('kubeconfig contexts', () => {
  const file = twoContexts();

  it('uses the current context unless --context picks another', async () => {
    const admin = await KubeClient.connect({ kubeconfig: file, discoveryCacheDir: '' });
    expect(await admin.list('v1', 'ConfigMap', { namespace: ns.name, labelSelector: 'app.kubernetes.io/managed-by=berth' })).toEqual([]);
    admin.close();
    const limited = await KubeClient.connect({ kubeconfig: file, context: 'limited', discoveryCacheDir: '' });
    const e = await clusterFailure(limited.list('v1', 'ConfigMap', { namespace: ns.name }));
    expect(e.reason).toBe('forbidden');
    limited.close();
  });

  it('names the contexts there are when asked for one that is not', async () => {
    const e = await clusterFailure(KubeClient.connect({ kubeconfig: file, context: 'prod' }));
    expect(e).toMatchObject({ reason: 'kubeconfig', message: 'kubeconfig has no context "prod" (contexts: admin, limited, stranger)' });
  });

  it('says the credentials were rejected, without printing them', async () => {
    const c = await KubeClient.connect({ kubeconfig: file, context: 'stranger', discoveryCacheDir: '' });
    const e = await clusterFailure(c.version());
    expect(e.reason).toBe('unauthorized');
    expect(e.message).toBe(`unauthorized: the cluster at ${c.server} rejected berth's credentials (get version); check the kubeconfig's user`);
    expect(e.message).not.toContain('not-a-valid-token');
    c.close();
  });
});

/** The bearer token of a test kubeconfig. */
function tokenOf(kubeconfig: string): string {
  return parseYaml(readFileSync(kubeconfig, 'utf8')).users[0].user.token;
}

describe('credentials from token files, exec plugins and client certificates', () => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-kc-creds-'));
  const admin = parseYaml(readFileSync(process.env.KUBECONFIG!, 'utf8'));
  // Prints the n-th line of the file in its first argument as a token on its n-th run (the last line from then
  // on), or the client certificate and key files in its arguments.
  const plugin = join(dir, 'plugin.js');
  writeFileSync(plugin, `
    const fs = require('fs');
    const [, , first, second] = process.argv;
    const counter = first + '.runs';
    const n = Number(fs.existsSync(counter) ? fs.readFileSync(counter, 'utf8') : 0) + 1;
    fs.writeFileSync(counter, String(n));
    const lines = fs.readFileSync(first, 'utf8').trim().split('\\n');
    const status = second ? { clientCertificateData: fs.readFileSync(first, 'utf8'), clientKeyData: fs.readFileSync(second, 'utf8') }
      : { token: lines[Math.min(n, lines.length) - 1] };
    console.log(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status }));
  `);

  function withUser(name: string, user: object, file = join(dir, `${name}.kubeconfig`)): string {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, toYaml({
      apiVersion: 'v1', kind: 'Config', 'current-context': name, clusters: admin.clusters,
      users: [{ name, user }], contexts: [{ name, context: { cluster: admin.clusters[0].name, user: name } }],
    }));
    return file;
  }
  function execUser(...args: string[]): object {
    return { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: process.execPath, args: [plugin, ...args], interactiveMode: 'Never' } };
  }
  function tokens(name: string, ...lines: string[]): string {
    const file = join(dir, `${name}.tokens`);
    writeFileSync(file, lines.join('\n'));
    return file;
  }
  const runs = (tokenFile: string) => Number(readFileSync(`${tokenFile}.runs`, 'utf8'));
  /** Fails with the user named in the server's forbidden message. */
  async function forbiddenAs(kubeconfig: string): Promise<string> {
    const c = await KubeClient.connect({ kubeconfig, discoveryCacheDir: '' });
    try {
      const e = await clusterFailure(c.list('v1', 'ConfigMap', { namespace: ns.name }));
      expect(e.reason).toBe('forbidden');
      return /User "([^"]+)"/.exec(e.message)?.[1] ?? e.message;
    } finally {
      c.close();
    }
  }
  async function canList(kubeconfig: string): Promise<void> {
    const c = await KubeClient.connect({ kubeconfig, discoveryCacheDir: '' });
    try {
      expect(await c.list('v1', 'ConfigMap', { namespace: ns.name, labelSelector: 'app.kubernetes.io/managed-by=berth' })).toEqual([]);
    } finally {
      c.close();
    }
  }

  it('an exec plugin answering the limited token is that user', async () => {
    expect(await forbiddenAs(withUser('exec-limited', execUser(tokens('limited', tokenOf(process.env.BERTH_TEST_KUBECONFIG_LIMITED!)))))).toBe('berth-limited');
  });

  it('an exec plugin answering the admin token may list', async () => {
    await canList(withUser('exec-admin', execUser(tokens('admin', tokenOf(process.env.KUBECONFIG!)))));
  });

  it('a token file, relative to the kubeconfig', async () => {
    mkdirSync(join(dir, 'nested'));
    writeFileSync(join(dir, 'nested', 'admin-token'), `${tokenOf(process.env.KUBECONFIG!)}\n`);
    await canList(withUser('token-file', { tokenFile: 'admin-token' }, join(dir, 'nested', 'config')));
  });

  it('a 401 for the plugin\'s first token: the transport refreshes and the second token works', async () => {
    const file = tokens('rotating', 'not-a-valid-token', tokenOf(process.env.KUBECONFIG!));
    await canList(withUser('exec-rotating', execUser(file)));
    expect(runs(file)).toBe(2);
  });

  it('client certificates signed by the cluster CA, from files or from an exec plugin', async () => {
    const pki = join(dirname(process.env.KUBECONFIG!), 'pki');
    const certs = join(dir, 'certs');
    mkdirSync(certs, { recursive: true });
    execFileSync('openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-subj', '/CN=berth-cert-user',
      '-keyout', join(certs, 'client.key'), '-out', join(certs, 'client.csr')], { stdio: 'pipe' });
    execFileSync('openssl', ['x509', '-req', '-in', join(certs, 'client.csr'), '-CA', join(pki, 'ca.crt'), '-CAkey', join(pki, 'ca.key'),
      '-set_serial', `0x${Date.now().toString(16)}`, '-days', '1', '-out', join(certs, 'client.crt')], { stdio: 'pipe' });
    expect(await forbiddenAs(withUser('cert-files', { 'client-certificate': 'certs/client.crt', 'client-key': 'certs/client.key' }))).toBe('berth-cert-user');
    expect(await forbiddenAs(withUser('cert-exec', execUser(join(certs, 'client.crt'), join(certs, 'client.key'))))).toBe('berth-cert-user');
  });
});

describe('errors name what failed', () => {
  it('forbidden: the verb, resource and namespace', async () => {
    const c = await KubeClient.connect({ kubeconfig: process.env.BERTH_TEST_KUBECONFIG_LIMITED, discoveryCacheDir: '' });
    const e = await clusterFailure(c.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'berth-limited' } }, { fieldManager: 'berth', dryRun: true }));
    expect(e.reason).toBe('forbidden');
    expect(e.message).toMatch(/^forbidden: not allowed to apply \(dry run\) configmaps x in namespace berth-limited \(configmaps "x" is forbidden: User "berth-limited" cannot patch resource "configmaps"/);
    c.close();
  });

  it('a kind the server does not serve', async () => {
    const c = await KubeClient.connect({ discoveryCacheDir: '' });
    const e = await clusterFailure(c.list('example.com/v1', 'Widget'));
    expect(e.reason).toBe('not-found');
    expect(e.message).toBe(`the cluster at ${c.server} does not serve kind Widget in example.com/v1`);
    c.close();
  });

  it('get answers undefined for a missing object, delete false', async () => {
    const c = await KubeClient.connect({ discoveryCacheDir: '' });
    expect(await c.get('v1', 'ConfigMap', 'missing', ns.name)).toBeUndefined();
    expect(await c.delete('v1', 'ConfigMap', 'missing', ns.name)).toBe(false);
    c.close();
  });

  it('delete with a stale precondition is a conflict', async () => {
    const c = await KubeClient.connect({ discoveryCacheDir: '' });
    const created = await c.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'pre', namespace: ns.name }, data: { a: '1' } });
    const e = await clusterFailure(c.delete('v1', 'ConfigMap', 'pre', ns.name, { resourceVersion: `${Number(created.metadata.resourceVersion) - 1}` }));
    expect(e.reason).toBe('conflict');
    expect(await c.delete('v1', 'ConfigMap', 'pre', ns.name, { uid: String(created.metadata.uid), resourceVersion: String(created.metadata.resourceVersion) })).toBe(true);
    c.close();
  });
});
