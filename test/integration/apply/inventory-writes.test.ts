// How often and when the apply engine writes an application's inventory parent, on the real API server: once,
// before any member, for a fresh apply or a change; a second time only when pruning shrinks the kinds; and a
// parent changed behind berth's back is noticed under the lock.
import { KubeClient } from '../../../lib/cluster/client';
import { randomBytes } from 'crypto';
import { App, Application, ConfigMap, Secret } from '../../../lib/constructs';
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
    expect(await liveDifferences(client, [...plan.changes, parentCheck(ref, seen)]))
      .toEqual([`Secret/${ns.name}/${parentName('inv')}: resourceVersion ${seen!.resourceVersion} when planned, now resourceVersion ${patched.body.metadata.resourceVersion}`]);
  });

  // apply takes the locks in beforeObjects; another run may finish the application while this one waits there.
  it('a plan reads the objects after beforeObjects, and the inventories again when it locked any', async () => {
    const configMapIn = (name: string) => {
      const { app, application } = appIn(ns.name, name);
      new ConfigMap(application, 'settings', { data: { GREETING: 'hello' } });
      return app.toObjects({ targetVersion: V1_20 });
    };
    const planWhileAnotherRunApplies = (objects: BerthObject[], lockedAny: boolean) =>
      computePlan(client, objects, {
        targetVersion: V1_20, apps: [refOf(objects)], inventoryData: true,
        beforeObjects: async (inventories) => {
          expect(inventories.size).toBe(0); // no parent yet
          expect((await applyEngine(objects)).ok).toBe(true);
          return lockedAny;
        },
      });

    const locked = await planWhileAnotherRunApplies(configMapIn('waited'), true);
    expect(locked.plan.changes.map((c) => `${c.id.kind} ${c.action}`)).toEqual(['ConfigMap unchanged']);
    expect(locked.inventories.get('waited')?.resourceVersion).toBeDefined();

    const notLocked = await planWhileAnotherRunApplies(configMapIn('raced'), false);
    expect(notLocked.plan.changes.map((c) => `${c.id.kind} ${c.action}`)).toEqual(['ConfigMap unchanged']);
    expect(notLocked.inventories.has('raced')).toBe(false); // as read before: liveDifferences' parentCheck catches it
  });
});

describe('a failed apply leaves no revision it did not apply', () => {
  // Two applications in one namespace; `front` fails in the ConfigMap wave, before `back`'s Service is reached.
  function twoApps(version: string, opts: { badKey?: boolean } = {}): BerthObject[] {
    const app = new App();
    const front = new Application(app, 'front', { namespace: ns.name, createNamespace: false });
    const back = new Application(app, 'back', { namespace: ns.name, createNamespace: false });
    new ConfigMap(front, 'front-settings', { data: { VERSION: version } });
    new ConfigMap(back, 'back-settings', { data: { VERSION: 'same' } });
    const objects = app.toObjects({ targetVersion: V1_20 });
    const service = (port: number): BerthObject => ({
      ...objects.find((o) => o.app === 'back')!,
      manifest: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'back', namespace: ns.name, labels: { 'app.kubernetes.io/managed-by': 'berth' } }, spec: { ports: [{ port, protocol: 'TCP' }], selector: { app: 'back' } } },
    });
    const out = [...objects, service(version === 'v1' ? 80 : 81)];
    // A data key the server refuses (berth's validation would catch it; the engine is called directly here).
    if (opts.badKey) out.push({ ...objects[0], manifest: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'front-bad', namespace: ns.name, labels: { 'app.kubernetes.io/managed-by': 'berth' } }, data: { 'not a key!': 'x' } } });
    return out;
  }
  const refs = [{ app: 'front', namespace: ns.name }, { app: 'back', namespace: ns.name }];
  const run = async (objects: BerthObject[], atomic: boolean) => {
    const planned = await computePlan(client, objects, { targetVersion: V1_20, apps: refs, inventoryData: true });
    return executeApply(client, { objects, apps: refs, planned, inventories: planned.inventories }, { emit: () => undefined, wait: false, atomic, timeoutMs: 60_000, objectTimeoutMs: 60_000, concurrency: 1 });
  };
  const revisionOf = async (app: string) => {
    const inv = (await readInventory(client, { app, namespace: ns.name }))!;
    return Object.fromEntries(decodeRevision(inv.data[REVISION_KEY])!.map((m) => [`${m.kind}/${m.metadata.name}`, m]));
  };

  beforeAll(async () => {
    expect((await run(twoApps('v1'), false)).ok).toBe(true);
  });

  it('with --atomic, an application the failure never reached records its previous revision again', async () => {
    const report = await run(twoApps('v2', { badKey: true }), true);
    expect(report.ok).toBe(false);
    expect(report.objects.find((o) => o.id.name === 'back' && o.id.kind === 'Service')!.outcome).toBe('not-applied');
    expect(((await revisionOf('back'))['Service/back'].spec as any).ports[0].port).toBe(80);
    expect(((await adminKube().get(`/api/v1/namespaces/${ns.name}/services/back`)).body.spec.ports[0].port)).toBe(80);
    expect((await revisionOf('front'))['ConfigMap/front-settings'].data).toEqual({ VERSION: 'v1' });
  });

  it('when recording the revisions fails, the parents already written get their previous revision back', async () => {
    // back's parent is replaced by a Secret of the same name that is not an inventory: its write is refused.
    const parent = `/api/v1/namespaces/${ns.name}/secrets/${parentName('back')}`;
    expect((await adminKube().delete(parent)).status).toBe(200);
    expect((await adminKube().post(`/api/v1/namespaces/${ns.name}/secrets`, { apiVersion: 'v1', kind: 'Secret', metadata: { name: parentName('back') }, data: {} })).status).toBe(201);
    await expect(run(twoApps('v3'), false)).rejects.toThrow(`the inventory of application back (Secret ${ns.name}/${parentName('back')}) was created by someone else during this apply; apply again`);
    // front's parent was written with v3 first (or not at all): either way it records v1 now, like the cluster.
    expect((await revisionOf('front'))['ConfigMap/front-settings'].data).toEqual({ VERSION: 'v1' });
    expect((await adminKube().get(`/api/v1/namespaces/${ns.name}/configmaps/front-settings`)).body.data).toEqual({ VERSION: 'v1' });
  });
});

test('an --atomic rollback keeps recording the members it leaves in place (an adopted object)', async () => {
  const created = await adminKube().post(`/api/v1/namespaces/${ns.name}/configmaps`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a-adopted' }, data: { by: 'someone' } });
  expect(created.status).toBe(201);
  const { app, application } = appIn(ns.name, 'adopter');
  new ConfigMap(application, 'a-adopted', { data: { by: 'berth' } });
  const [adopted] = app.toObjects({ targetVersion: V1_20 });
  const bad: BerthObject = { ...adopted, manifest: { ...adopted.manifest, metadata: { ...adopted.manifest.metadata, name: 'z-bad' }, data: { 'not a key!': 'x' } } };
  const objects = [adopted, bad];
  const apps = [refOf(objects)];
  const planned = await computePlan(client, objects, { targetVersion: V1_20, apps, inventoryData: true });
  const report = await executeApply(client, { objects, apps, planned, inventories: planned.inventories }, { emit: () => undefined, wait: false, atomic: true, forceConflicts: true, timeoutMs: 60_000, objectTimeoutMs: 60_000, concurrency: 1 });
  expect(report.ok).toBe(false);
  expect(report.rollback!.leftAsIs.map((id) => id.name)).toEqual(['a-adopted']);
  // It now carries berth's ApplySet label, so the parent must keep listing its kind, or no prune could find it.
  const live = (await adminKube().get(`/api/v1/namespaces/${ns.name}/configmaps/a-adopted`)).body;
  expect(live.metadata.labels['applyset.kubernetes.io/part-of']).toBeDefined();
  expect((await readInventory(client, apps[0]))!.groupKinds).toEqual(['ConfigMap']);
});

test('a revision too large for the parent Secret is kept as a digest, with a warning, and still means "no changes"', async () => {
  const { app, application } = appIn(ns.name, 'bigapp');
  // Random bytes do not compress: the ConfigMap fits its 1 MiB, its gzip'd revision does not fit the limit.
  new ConfigMap(application, 'dashboards', { data: { blob: randomBytes(700_000).toString('base64') } });
  const objects = app.toObjects({ targetVersion: V1_20 });
  const first = await applyEngine(objects);
  expect(first.ok).toBe(true);
  expect(first.problems).toEqual([expect.stringMatching(/^the revision of bigapp is too large to keep in its inventory .*--atomic cannot restore/)]);
  const inv = (await readInventory(client, refOf(objects)))!;
  expect(Object.keys(inv.data)).toEqual(['revision-digest']);
  expect(inv.groupKinds).toEqual(['ConfigMap']);
  const again = await applyEngine(objects);
  expect(again.inventoriesWritten).toBe(0);
  expect(again.objects.map((o) => o.outcome)).toEqual(['unchanged']);
});
