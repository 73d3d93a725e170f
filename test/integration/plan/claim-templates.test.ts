/**
 * A StatefulSet's volumeClaimTemplates come back from the server with defaults filled in (apiVersion/kind of
 * each template, spec.volumeMode, status, metadata.creationTimestamp: null). That alone must not plan a replace;
 * a real change to a claim template must.
 */
import { StatefulSet } from '../../../lib/constructs';
import { KubeClient } from '../../../lib/cluster/client';
import { BerthObject } from '../../../lib/model/object';
import { adminKube } from '../../harness/cluster';
import { testNamespace } from '../../harness/namespace';
import { V1_20, appIn, applyLikeBerth, berthClient, plan } from './helpers';

const ns = testNamespace('plan-claims');
let client: KubeClient;

beforeAll(async () => {
  client = await berthClient();
});
afterAll(() => client?.close());

function stack(storage: string): BerthObject[] {
  const { app: root, application } = appIn(ns.name, 'claims');
  new StatefulSet(application, 'db', {
    replicas: 1,
    containers: [{ image: 'postgres:16.4', port: 5432 }],
    volumeClaimTemplates: [{ name: 'data', storage, mountPath: '/var/lib/postgresql/data' }],
  });
  return root.toObjects({ targetVersion: V1_20 });
}

describe('a StatefulSet with volumeClaimTemplates', () => {
  it('plans zero changes after berth applied it, though the server defaulted fields of its claim templates', async () => {
    const objects = stack('1Gi');
    await applyLikeBerth(client, objects);
    const live = (await adminKube().get(`/apis/apps/v1/namespaces/${ns.name}/statefulsets/db`)).body;
    // The defaults that used to plan a replace: pinned so the test keeps exercising them.
    expect(live.spec.volumeClaimTemplates[0]).toMatchObject({
      apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { creationTimestamp: null }, spec: { volumeMode: 'Filesystem' }, status: {},
    });
    const before = client.requestCount;
    const { plan: p } = await plan(client, objects);
    expect(p.summary).toEqual({ create: 0, update: 0, replace: 0, delete: 0, unchanged: 2 });
    // Proven unchanged by the cheap comparison: version + inventories + one list per kind, no dry run.
    expect(client.requestCount - before).toBeLessThanOrEqual(4);
  });

  it('still plans a replace when a claim template really changes (storage size)', async () => {
    await applyLikeBerth(client, stack('1Gi'));
    const { plan: p } = await plan(client, stack('2Gi'));
    const c = p.changes.find((x) => x.id.kind === 'StatefulSet')!;
    expect(c.action).toBe('replace');
    expect(c.replaceReason).toBe('spec.volumeClaimTemplates cannot change');
    expect(c.fields).toEqual([
      { path: 'spec.volumeClaimTemplates[metadata.name=data].spec.resources.requests.storage', op: 'change', before: '1Gi', after: '2Gi' },
    ]);
    expect(p.summary).toEqual({ create: 0, update: 0, replace: 1, delete: 0, unchanged: 1 });
  });
});
