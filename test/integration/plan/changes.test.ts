/**
 * The plan engine against the real API server: what each kind of change in the stacks or in the cluster
 * makes the plan say.
 */
import { App, Application, ConfigMap, Deployment, ResourceQuota, Secret } from '../../../lib/constructs';
import { KubeClient } from '../../../lib/cluster/client';
import { Request } from '../../../lib/cluster/transport';
import { APPLYSET_PART_OF } from '../../../lib/engine/inventory';
import { PRUNE_ANNOTATION, PRUNE_DISABLED } from '../../../lib/engine/annotations';
import { computePlan } from '../../../lib/engine/plan';
import { ObjectChange } from '../../../lib/engine/plan-types';
import { BerthObject } from '../../../lib/model/object';
import { adminKube } from '../../harness/cluster';
import { testNamespace } from '../../harness/namespace';
import { V1_20, appIn, applyLikeBerth, berthClient, edit, kubectl, kubectlWithInput, plan } from './helpers';

const ns = testNamespace('plan-changes');
let client: KubeClient;

beforeAll(async () => {
  client = await berthClient();
});
afterAll(() => client?.close());

/** A small application: a Deployment with a Service, a ConfigMap and a Secret. */
function stack(app: string, opts: { image?: string; replicas?: number; autoscale?: boolean } = {}): BerthObject[] {
  const { app: root, application } = appIn(ns.name, app);
  // Names start with the app's: every test shares the namespace.
  new ConfigMap(application, `${app}-config`, { data: { LOG_LEVEL: 'info' } });
  new Secret(application, `${app}-creds`, { stringData: { PASSWORD: 'initial-password-value' } });
  const api = new Deployment(application, `${app}-api`, {
    ...(opts.replicas === undefined ? {} : { replicas: opts.replicas }),
    containers: [{ image: opts.image ?? 'example/api:1.0', port: 8080 }],
  });
  api.exposeViaService({ ports: [{ port: 80, targetPort: 8080, name: 'http' }] });
  if (opts.autoscale) api.autoscale({ min: 1, max: 5 });
  return root.toObjects({ targetVersion: { major: 1, minor: 20 } });
}

/** `Kind/name` without the app prefix. */
const title = (c: ObjectChange) => `${c.id.kind}/${c.id.name.slice(c.app.length + 1)}`;
const byTitle = (changes: readonly ObjectChange[]) => Object.fromEntries(changes.map((c) => [title(c), c]));
const actions = (changes: readonly ObjectChange[]) => Object.fromEntries(changes.map((c) => [title(c), c.action]));
const deploymentPath = (app: string) => `/apis/apps/v1/namespaces/${ns.name}/deployments/${app}-api`;
const containerPath = (app: string) => `spec.template.spec.containers[name=${app}-api]`;

describe('plan against the live cluster', () => {
  it('plans every object as a create on an empty namespace, without per-object requests', async () => {
    const objects = stack('empty', {});
    const before = client.requestCount;
    const { plan: p } = await plan(client, objects);
    expect(actions(p.changes)).toEqual({ 'ConfigMap/config': 'create', 'Secret/creds': 'create', 'Service/api': 'create', 'Deployment/api': 'create' });
    expect(p.summary).toEqual({ create: 4, update: 0, replace: 0, delete: 0, unchanged: 0 });
    expect(p.changes.every((c) => c.live === null)).toBe(true);
    // version, inventory list, one list per kind, plus one GET per object the lists did not return (the
    // namespace exists, so each new object is looked up in case someone else created it).
    expect(client.requestCount - before).toBeLessThanOrEqual(2 + 4 + 4 + 4);
  });
});

describe('a fresh plan of many objects of one kind in one namespace', () => {
  const configMaps = (count: number): BerthObject[] => {
    const { app: root, application } = appIn(ns.name, `many${count}`);
    for (let i = 0; i < count; i++) new ConfigMap(application, `many${count}-${i}`, { data: { i: String(i) } });
    return root.toObjects({ targetVersion: V1_20 });
  };
  const requestsFor = async (objects: BerthObject[]) => {
    await plan(client, objects.slice(0, 1)); // discovery of the kind, outside the count
    const before = client.requestCount;
    const result = await plan(client, objects);
    return { requests: client.requestCount - before, plan: result.plan };
  };

  it('looks them up with one metadata-only list, not one GET each: requests do not grow with the objects', async () => {
    const few = await requestsFor(configMaps(5));
    const many = await requestsFor(configMaps(60));
    expect(many.plan.summary).toEqual({ create: 60, update: 0, replace: 0, delete: 0, unchanged: 0 });
    // version + inventory list + the labelled list of the kind + one metadata-only list of it.
    expect(many.requests).toBeLessThanOrEqual(4);
    expect(many.requests).toBe(few.requests);
  });

  it('still finds those someone else created among them (and GETs only those)', async () => {
    const objects = configMaps(20);
    for (const name of ['many20-3', 'many20-11']) {
      const res = await adminKube().post(`/api/v1/namespaces/${ns.name}/configmaps`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { i: 'other' } });
      expect(res.status).toBe(201);
    }
    const { requests, plan: p } = await requestsFor(objects);
    const existing = p.changes.filter((c) => c.live !== null);
    expect(existing.map((c) => [c.id.name, c.action, c.adopt])).toEqual([['many20-11', 'update', true], ['many20-3', 'update', true]]);
    expect(p.summary).toMatchObject({ create: 18, update: 2 });
    // As above, plus a GET and a dry run for each of the two found.
    expect(requests).toBeLessThanOrEqual(4 + 2 + 2);
  });
});

/** The requests `client` sends while `run` runs. */
async function callsDuring<T>(client: KubeClient, run: () => Promise<T>): Promise<{ result: T; sent: Request[] }> {
  const sent: Request[] = [];
  const send = client.transport.send;
  client.transport.send = (req) => {
    sent.push(req);
    return send.call(client.transport, req);
  };
  try {
    return { result: await run(), sent };
  } finally {
    client.transport.send = send;
  }
}

describe('a fresh plan of applications in many namespaces', () => {
  const namespaces = Array.from({ length: 5 }, (_, i) => testNamespace(`plan-spread-${i}`));

  it('looks up the new objects with one metadata-only list per kind, not one GET per namespace', async () => {
    const root = new App();
    namespaces.forEach((n, i) => {
      const application = new Application(root, `spread${i}`, { namespace: n.name, createNamespace: false });
      new ConfigMap(application, 'settings', { data: { i: String(i) } });
      new Secret(application, 'creds', { stringData: { TOKEN: `token-${i}` } });
    });
    const objects = root.toObjects({ targetVersion: V1_20 });
    const res = await adminKube().post(`/api/v1/namespaces/${namespaces[2].name}/configmaps`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { i: 'other' } });
    expect(res.status).toBe(201);
    await plan(client, objects.slice(0, 2)); // discovery of the kinds, outside the count
    const calls = await callsDuring(client, () => plan(client, objects));
    const p = calls.result.plan;
    expect(p.summary).toEqual({ create: 9, update: 1, replace: 0, delete: 0, unchanged: 0 });
    expect(p.changes.filter((c) => c.adopt).map((c) => [c.id.namespace, c.id.name])).toEqual([[namespaces[2].name, 'settings']]);
    // Only the object someone else created is read on its own (then dry-run applied); the others are known absent.
    expect(calls.sent.filter((r) => r.method === 'GET' && /\/namespaces\/[^/]+\/[^/]+\/[^/]+$/.test(r.path)).map((r) => r.path))
      .toEqual([`/api/v1/namespaces/${namespaces[2].name}/configmaps/settings`]);
    // version + inventory list + per kind (2): the labelled list and one metadata-only list; + that GET and dry run.
    // Continuation pages are left out: they grow with what else is in the cluster, not with the stacks.
    expect(calls.sent.filter((r) => r.query?.continue === undefined).length).toBeLessThanOrEqual(2 + 2 * 2 + 2);
  });
});

describe('after berth applied the stacks', () => {
  it('plans zero changes with no dry run and no per-object request', async () => {
    const objects = stack('same');
    await applyLikeBerth(client, objects);
    const before = client.requestCount;
    const { plan: p } = await plan(client, objects);
    expect(p.summary).toEqual({ create: 0, update: 0, replace: 0, delete: 0, unchanged: 4 });
    expect(p.changes.every((c) => !c.adopt && c.live && /^\d+$/.test(c.live.resourceVersion))).toBe(true);
    // version + inventory list + 4 lists (one per kind): nothing per object.
    expect(client.requestCount - before).toBeLessThanOrEqual(6);
  });

  it('shows a changed field with its old and new value', async () => {
    const objects = stack('field');
    await applyLikeBerth(client, objects);
    const changed = edit(objects, 'ConfigMap', 'field-config', (m) => { (m.data as Record<string, string>).LOG_LEVEL = 'debug'; });
    const { plan: p } = await plan(client, changed);
    expect(actions(p.changes)['ConfigMap/config']).toBe('update');
    expect(byTitle(p.changes)['ConfigMap/config'].fields).toEqual([{ path: 'data.LOG_LEVEL', op: 'change', before: 'info', after: 'debug' }]);
    expect(p.summary.update).toBe(1);
    expect(p.summary.unchanged).toBe(3);
  });

  it('shows an image bump on the container it belongs to', async () => {
    const objects = stack('image');
    await applyLikeBerth(client, objects);
    const { plan: p } = await plan(client, stack('image', { image: 'example/api:1.1' }));
    expect(byTitle(p.changes)['Deployment/api'].fields).toEqual([
      { path: `${containerPath('image')}.image`, op: 'change', before: 'example/api:1.0', after: 'example/api:1.1' },
    ]);
  });

  it('shows a changed, an added and a removed label', async () => {
    const objects = stack('labels');
    const labelled = edit(objects, 'Service', 'labels-api', (m) => { m.metadata.labels = { ...m.metadata.labels, tier: 'backend', old: 'yes' }; });
    await applyLikeBerth(client, labelled);
    const relabelled = edit(objects, 'Service', 'labels-api', (m) => { m.metadata.labels = { ...m.metadata.labels, tier: 'frontend', fresh: 'yes' }; });
    const { plan: p } = await plan(client, relabelled);
    expect(byTitle(p.changes)['Service/api'].fields).toEqual([
      { path: 'metadata.labels.fresh', op: 'add', after: 'yes' },
      { path: 'metadata.labels.old', op: 'remove', before: 'yes' },
      { path: 'metadata.labels.tier', op: 'change', before: 'backend', after: 'frontend' },
    ]);
  });

  it('plans a create for an object deleted in the cluster', async () => {
    const objects = stack('gone');
    await applyLikeBerth(client, objects);
    expect((await adminKube().delete(`/api/v1/namespaces/${ns.name}/configmaps/gone-config`)).status).toBe(200);
    const { plan: p } = await plan(client, objects);
    expect(actions(p.changes)).toMatchObject({ 'ConfigMap/config': 'create', 'Deployment/api': 'unchanged' });
  });
});

describe('drift: changes made in the cluster by someone else', () => {
  it('shows `kubectl scale` of replicas berth sets as a change back to the stacks\' value', async () => {
    const objects = stack('scale', { replicas: 2 });
    await applyLikeBerth(client, objects);
    kubectl('scale', 'deployment', 'scale-api', '-n', ns.name, '--replicas=5');
    const { plan: p } = await plan(client, objects);
    expect(byTitle(p.changes)['Deployment/api'].fields).toEqual([{ path: 'spec.replicas', op: 'change', before: 5, after: 2 }]);
    expect(p.summary.update).toBe(1);
    // A 1.20 server records no field manager for writes through the scale subresource (1.22 does): berth still
    // appears to own replicas, so nobody can be named as the one who scaled. Pinned so a newer server shows up.
    const live = await adminKube().get(deploymentPath('scale'));
    const managers = (live.body.metadata.managedFields as { manager: string; fieldsV1: any }[]);
    expect(managers.map((m) => m.manager)).not.toContain('kubectl-scale');
    expect(managers.find((m) => m.manager === 'berth')?.fieldsV1['f:spec']).toHaveProperty('f:replicas');
  });

  it('does not count replicas as a change when berth leaves them to an autoscaler', async () => {
    const objects = stack('autoscaled', { autoscale: true });
    expect(objects.find((o) => o.manifest.kind === 'Deployment')!.manifest.spec).not.toHaveProperty('replicas');
    await applyLikeBerth(client, objects);
    kubectl('scale', 'deployment', 'autoscaled-api', '-n', ns.name, '--replicas=4');
    const { plan: p } = await plan(client, objects);
    expect(p.summary).toMatchObject({ create: 0, update: 0, replace: 0, delete: 0 });
  });

  it('shows an edit by another field manager (kubectl edit) as drift and plans to take it back', async () => {
    const objects = stack('edited');
    await applyLikeBerth(client, objects);
    const res = await adminKube().patch(deploymentPath('edited'), { spec: { template: { spec: { containers: [{ name: 'edited-api', image: 'example/api:hotfix' }] } } } },
      'strategic', { fieldManager: 'kubectl-edit' });
    expect(res.status).toBe(200);
    const { plan: p } = await plan(client, objects);
    expect(byTitle(p.changes)['Deployment/api'].fields).toEqual([
      { path: `${containerPath('edited')}.image`, op: 'change', before: 'example/api:hotfix', after: 'example/api:1.0', driftManager: 'kubectl-edit' },
    ]);
  });
});

describe('conflicts without force', () => {
  it('fails the plan naming the object and the other manager when apply would not take fields over', async () => {
    const objects = stack('conflict');
    await applyLikeBerth(client, objects);
    const res = await adminKube().patch(deploymentPath('conflict'), { spec: { template: { spec: { containers: [{ name: 'conflict-api', image: 'example/api:hotfix' }] } } } },
      'strategic', { fieldManager: 'kubectl-edit' });
    expect(res.status).toBe(200);
    await expect(computePlan(client, objects, { targetVersion: V1_20, forceConflicts: false })).rejects.toThrow(
      new RegExp(`^Deployment/${ns.name}/conflict-api \\(conflict/conflict-api\\): server-side apply conflict: \\.spec\\.template\\.spec\\.containers\\[name="conflict-api"\\]\\.image is owned by field manager "kubectl-edit".*--force-conflicts`));
  });
});

describe('replace, delete and secrets', () => {
  it('plans a replace for a change of an immutable field (Deployment selector), with the reason', async () => {
    const objects = stack('selector');
    await applyLikeBerth(client, objects);
    const changed = edit(objects, 'Deployment', 'selector-api', (m) => {
      const spec = m.spec as { selector: { matchLabels: Record<string, string> }; template: { metadata: { labels: Record<string, string> } } };
      spec.selector.matchLabels.track = 'stable';
      spec.template.metadata.labels.track = 'stable';
    });
    const { plan: p } = await plan(client, changed);
    const c = byTitle(p.changes)['Deployment/api'];
    expect(c.action).toBe('replace');
    expect(c.replaceReason).toBe('spec.selector cannot change');
    expect(c.fields.map((f) => `${f.op} ${f.path}`)).toEqual(['add spec.selector.matchLabels.track', 'add spec.template.metadata.labels.track']);
    expect(p.summary.replace).toBe(1);
  });

  it('plans a replace for a data change of an immutable Secret', async () => {
    const objects = edit(stack('frozen'), 'Secret', 'frozen-creds', (m) => { m.immutable = true; });
    await applyLikeBerth(client, objects);
    const changed = edit(objects, 'Secret', 'frozen-creds', (m) => { m.data = { PASSWORD: Buffer.from('rotated-password-value').toString('base64') }; });
    const { plan: p } = await plan(client, changed);
    const c = byTitle(p.changes)['Secret/creds'];
    expect(c.action).toBe('replace');
    expect(c.replaceReason).toBe('the object is immutable (immutable: true)');
    expect(c.fields).toEqual([{ path: 'data.PASSWORD', op: 'change', sensitive: true }]);
  });

  it('plans a replace when the server refuses a change the rules do not know (ResourceQuota scopes)', async () => {
    const quota = (scope: string): BerthObject[] => {
      const { app: root, application } = appIn(ns.name, 'quota');
      new ResourceQuota(application, 'quota-scoped', { hard: { pods: '10' } });
      return edit(root.toObjects({ targetVersion: V1_20 }), 'ResourceQuota', 'quota-scoped', (m) => { (m.spec as { scopes?: string[] }).scopes = [scope]; });
    };
    await applyLikeBerth(client, quota('BestEffort'));
    const { plan: p } = await plan(client, quota('NotBestEffort'));
    const c = p.changes.find((x) => x.id.kind === 'ResourceQuota')!;
    expect(c.action).toBe('replace');
    expect(c.replaceReason).toBe('the API server refuses to change spec.scopes (immutable)');
    expect(c.fields).toEqual([{ path: 'spec.scopes[0]', op: 'change', before: 'BestEffort', after: 'NotBestEffort' }]);
  });

  it('shows a changed Secret value by key only', async () => {
    const objects = stack('secret');
    await applyLikeBerth(client, objects);
    const changed = edit(objects, 'Secret', 'secret-creds', (m) => {
      m.data = { PASSWORD: Buffer.from('rotated-password-value').toString('base64'), TOKEN: Buffer.from('new-token-value').toString('base64') };
    });
    const { plan: p } = await plan(client, changed);
    expect(byTitle(p.changes)['Secret/creds'].fields).toEqual([
      { path: 'data.PASSWORD', op: 'change', sensitive: true },
      { path: 'data.TOKEN', op: 'add', sensitive: true },
    ]);
    const text = JSON.stringify(p);
    for (const value of ['rotated-password-value', 'initial-password-value', 'new-token-value']) {
      expect(text).not.toContain(value);
      expect(text).not.toContain(Buffer.from(value).toString('base64'));
    }
  });

  it('plans deletes for objects berth applied that left the stacks, except those marked to keep', async () => {
    const objects = stack('prune');
    await applyLikeBerth(client, objects);
    const keep = await adminKube().patch(`/api/v1/namespaces/${ns.name}/secrets/prune-creds`, { metadata: { annotations: { [PRUNE_ANNOTATION]: PRUNE_DISABLED } } }, 'merge');
    expect(keep.status).toBe(200);
    const remaining = objects.filter((o) => o.manifest.kind !== 'ConfigMap' && o.manifest.kind !== 'Secret');
    const { plan: p } = await plan(client, remaining);
    const deleted = p.changes.filter((c) => c.action === 'delete');
    expect(deleted.map((c) => [title(c), c.source, c.app])).toEqual([['ConfigMap/config', 'inventory', 'prune']]);
    expect(deleted[0].live?.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(p.summary).toMatchObject({ delete: 1, unchanged: 2 });
  });

  it('plans the removal of a field berth set before and no longer sets', async () => {
    const objects = edit(stack('dropped'), 'Service', 'dropped-api', (m) => { m.metadata.annotations = { note: 'temporary' }; });
    await applyLikeBerth(client, objects);
    const { plan: p } = await plan(client, stack('dropped'));
    expect(byTitle(p.changes)['Service/api'].fields).toEqual([{ path: 'metadata.annotations', op: 'remove', before: { note: 'temporary' } }]);
  });
});

describe('objects applied with kubectl', () => {
  it('plans no changes for berth\'s own manifests applied with `kubectl apply --server-side`, and adopts them', async () => {
    const objects = stack('kubectl');
    const manifests = objects.map((o) => JSON.stringify(o.manifest)).join('\n');
    kubectlWithInput(manifests, 'apply', '--server-side', '-f', '-');
    const { plan: p } = await plan(client, objects);
    expect(p.summary).toEqual({ create: 0, update: 0, replace: 0, delete: 0, unchanged: 4 });
    expect(p.changes.every((c) => c.adopt === true)).toBe(true);
  });

  it('still shows real differences on adopted objects, without the inventory label', async () => {
    const objects = stack('kubectl-diff');
    kubectlWithInput(objects.map((o) => JSON.stringify(o.manifest)).join('\n'), 'apply', '--server-side', '-f', '-');
    const changed = edit(objects, 'ConfigMap', 'kubectl-diff-config', (m) => { (m.data as Record<string, string>).LOG_LEVEL = 'warn'; });
    const { plan: p } = await plan(client, changed);
    const c = byTitle(p.changes)['ConfigMap/config'];
    expect(c).toMatchObject({ action: 'update', adopt: true });
    expect(c.fields).toEqual([{ path: 'data.LOG_LEVEL', op: 'change', before: 'info', after: 'warn' }]);
    expect(c.fields.some((f) => f.path.includes(APPLYSET_PART_OF))).toBe(false);
  });
});
