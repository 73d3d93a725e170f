/** berth's cluster client against the real API server: contexts, and errors in the user's terms. */
import { mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
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
