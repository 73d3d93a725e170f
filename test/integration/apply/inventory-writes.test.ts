// How often and when the apply engine writes an application's inventory parent, on the real API server: once,
// before any member, for a fresh apply or a change; a second time only when pruning shrinks the kinds; and a
// parent changed behind berth's back is noticed under the lock.
import { KubeClient } from '../../../lib/cluster/client';
import { ConfigMap, Secret } from '../../../lib/constructs';
import { executeApply } from '../../../lib/engine/apply';
import { computePlan } from '../../../lib/engine/plan';
import { REVISION_KEY, decodeRevision, parentCheck, parentName, readInventories, readInventory } from '../../../lib/engine/inventory';
import { liveDifferences } from '../../../lib/engine/stale';
import { BerthObject } from '../../../lib/model/object';
import { adminKube } from '../../harness/cluster';
import { testNamespace } from '../../harness/namespace';
import { V1_20, appIn, berthClient, refOf } from '../plan/helpers';

jest.setTimeout(120_000);
const ns = testNamespace('apply-inventory');
let client: KubeClient;

beforeAll(async () => {
  client = await berthClient();
});
afterAll(() => client?.close());

function stack(opts: { greeting: string; secret: boolean }): BerthObject[] {
  const { app, application } = appIn(ns.name, 'inv');
  new ConfigMap(application, 'settings', { data: { GREETING: opts.greeting } });
  if (opts.secret) new Secret(application, 'creds', { stringData: { TOKEN: 'inventory-test-token' } });
  return app.toObjects({ targetVersion: V1_20 });
}

async function applyEngine(objects: BerthObject[]) {
  const apps = [refOf(objects)];
  const planned = await computePlan(client, objects, { targetVersion: V1_20, apps });
  const inventories = await readInventories(client, apps);
  return executeApply(client, { objects, apps, planned, inventories }, { emit: () => undefined, wait: false, timeoutMs: 60_000, objectTimeoutMs: 60_000 });
}

const resourceVersion = async (path: string) => Number((await adminKube().get(path)).body.metadata.resourceVersion);
const parentPath = () => `/api/v1/namespaces/${ns.name}/secrets/${parentName('inv')}`;

describe('inventory parent writes', () => {
  it('a fresh apply writes the parent once, before its members, with the kinds and the revision', async () => {
    const report = await applyEngine(stack({ greeting: 'hello', secret: true }));
    expect(report.ok).toBe(true);
    expect(report.inventoriesWritten).toBe(1);
    // Written once: its resourceVersion is older than every member's (etcd revisions only grow).
    const parentRv = await resourceVersion(parentPath());
    expect(parentRv).toBeLessThan(await resourceVersion(`/api/v1/namespaces/${ns.name}/configmaps/settings`));
    expect(parentRv).toBeLessThan(await resourceVersion(`/api/v1/namespaces/${ns.name}/secrets/creds`));
    const inv = (await readInventory(client, { app: 'inv', namespace: ns.name }))!;
    expect(inv.groupKinds).toEqual(['ConfigMap', 'Secret']);
    expect(decodeRevision(inv.data[REVISION_KEY])!.map((m) => m.metadata.name).sort()).toEqual(['creds', 'settings']);
  });

  it('a change writes it once more (the new revision); nothing changed writes nothing', async () => {
    expect((await applyEngine(stack({ greeting: 'bonjour', secret: true }))).inventoriesWritten).toBe(1);
    const inv = (await readInventory(client, { app: 'inv', namespace: ns.name }))!;
    expect(decodeRevision(inv.data[REVISION_KEY])!.find((m) => m.kind === 'ConfigMap')!.data).toEqual({ GREETING: 'bonjour' });
    expect((await applyEngine(stack({ greeting: 'bonjour', secret: true }))).inventoriesWritten).toBe(0);
  });

  it('pruning a whole kind writes it a second time, with the smaller set of kinds', async () => {
    const report = await applyEngine(stack({ greeting: 'bonjour', secret: false }));
    expect(report.pruned.map((id) => id.name)).toEqual(['creds']);
    expect(report.inventoriesWritten).toBe(2);
    expect((await readInventory(client, { app: 'inv', namespace: ns.name }))!.groupKinds).toEqual(['ConfigMap']);
  });

  it('a parent changed after it was read is reported as a change since the plan', async () => {
    const ref = { app: 'inv', namespace: ns.name };
    const seen = (await readInventories(client, [ref])).get('inv');
    const patched = await adminKube().patch(parentPath(), { metadata: { annotations: { touched: 'yes' } } }, 'merge');
    expect(patched.status).toBe(200);
    const { plan } = await computePlan(client, stack({ greeting: 'bonjour', secret: false }), { targetVersion: V1_20, apps: [ref] });
    expect(await liveDifferences(client, plan, new Set(), [parentCheck(ref, seen)]))
      .toEqual([`Secret/${ns.name}/${parentName('inv')}: resourceVersion ${seen!.resourceVersion} when planned, now resourceVersion ${patched.body.metadata.resourceVersion}`]);
  });
});
