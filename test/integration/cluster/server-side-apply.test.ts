// What berth's apply relies on: server-side apply with field managers, conflicts and force, resourceVersion
// preconditions and server-side dry-run, pinned against the real 1.20 API server.
import { adminKube } from '../../harness/cluster';
import { testNamespace } from '../../harness/namespace';

const ns = testNamespace('ssa');

function configMap(name: string, data: Record<string, string>) {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns.name }, data };
}

const cmPath = (name: string) => `/api/v1/namespaces/${ns.name}/configmaps/${name}`;

describe('server-side apply', () => {
  it('creates (201), updates (200) and records the field manager', async () => {
    const kube = adminKube();
    const created = await kube.apply(cmPath('settings'), configMap('settings', { color: 'blue' }), { fieldManager: 'berth-a' });
    expect(created.status).toBe(201);
    expect(created.body.data).toEqual({ color: 'blue' });

    const updated = await kube.apply(cmPath('settings'), configMap('settings', { color: 'green', size: 'L' }), { fieldManager: 'berth-a' });
    expect(updated.status).toBe(200);
    expect(updated.body.data).toEqual({ color: 'green', size: 'L' });
    expect(Number(updated.body.metadata.resourceVersion)).toBeGreaterThan(Number(created.body.metadata.resourceVersion));
    const managers = updated.body.metadata.managedFields.map((m: any) => [m.manager, m.operation]);
    expect(managers).toEqual([['berth-a', 'Apply']]);
    expect(updated.body.metadata.managedFields[0].fieldsV1).toEqual({ 'f:data': { 'f:color': {}, 'f:size': {} } });

    // Leaving a field out of the applied configuration removes it (the manager owned it).
    const pruned = await kube.apply(cmPath('settings'), configMap('settings', { color: 'green' }), { fieldManager: 'berth-a' });
    expect(pruned.status).toBe(200);
    expect(pruned.body.data).toEqual({ color: 'green' });
  });

  it('answers 409 Conflict naming the field and its owner when another manager changes an owned field', async () => {
    const kube = adminKube();
    await kube.apply(cmPath('shared'), configMap('shared', { owner: 'a' }), { fieldManager: 'berth-a' });
    const conflict = await kube.apply(cmPath('shared'), configMap('shared', { owner: 'b' }), { fieldManager: 'berth-b' });
    expect(conflict.status).toBe(409);
    expect(conflict.body).toMatchObject({ kind: 'Status', reason: 'Conflict', code: 409 });
    expect(conflict.body.details.causes).toEqual([
      { reason: 'FieldManagerConflict', message: 'conflict with "berth-a"', field: '.data.owner' },
    ]);
    expect((await kube.get(cmPath('shared'))).body.data).toEqual({ owner: 'a' });

    const forced = await kube.apply(cmPath('shared'), configMap('shared', { owner: 'b' }), { fieldManager: 'berth-b', force: true });
    expect(forced.status).toBe(200);
    expect(forced.body.data).toEqual({ owner: 'b' });
    const owners = forced.body.metadata.managedFields.map((m: any) => m.manager);
    expect(owners).toEqual(['berth-b']); // berth-a lost its only field
  });

  it('shares a field without conflict when both managers apply the same value', async () => {
    const kube = adminKube();
    await kube.apply(cmPath('agreed'), configMap('agreed', { k: 'same' }), { fieldManager: 'berth-a' });
    const same = await kube.apply(cmPath('agreed'), configMap('agreed', { k: 'same' }), { fieldManager: 'berth-b' });
    expect(same.status).toBe(200);
    expect(same.body.metadata.managedFields.map((m: any) => m.manager).sort()).toEqual(['berth-a', 'berth-b']);
  });

  it('rejects a write with a stale resourceVersion (409 Conflict), for update and for apply', async () => {
    const kube = adminKube();
    const first = await kube.post(`/api/v1/namespaces/${ns.name}/configmaps`, configMap('versioned', { n: '1' }));
    expect(first.status).toBe(201);
    const staleVersion = first.body.metadata.resourceVersion;
    const second = await kube.put(cmPath('versioned'), { ...first.body, data: { n: '2' } });
    expect(second.status).toBe(200);

    const stale = await kube.put(cmPath('versioned'), { ...first.body, data: { n: '3' } });
    expect(stale.status).toBe(409);
    expect(stale.body.reason).toBe('Conflict');
    expect(stale.body.message).toContain('the object has been modified');

    const staleApply = await kube.apply(
      cmPath('versioned'),
      { ...configMap('versioned', { n: '4' }), metadata: { name: 'versioned', namespace: ns.name, resourceVersion: staleVersion } },
      { fieldManager: 'berth-a', force: true },
    );
    expect(staleApply.status).toBe(409);
    expect((await kube.get(cmPath('versioned'))).body.data).toEqual({ n: '2' });
  });

  it('runs server-side dry-run through validation and admission without storing anything', async () => {
    const kube = adminKube();
    const dryCreate = await kube.apply(cmPath('dry'), configMap('dry', { x: '1' }), { fieldManager: 'berth-a', dryRun: true });
    expect(dryCreate.status).toBe(201);
    expect(dryCreate.body.data).toEqual({ x: '1' });
    expect((await kube.get(cmPath('dry'))).status).toBe(404);

    const dryPost = await kube.post(`/api/v1/namespaces/${ns.name}/configmaps`, configMap('dry', { x: '1' }), { dryRun: true });
    expect(dryPost.status).toBe(201);
    expect((await kube.get(cmPath('dry'))).status).toBe(404);

    await kube.apply(cmPath('dry'), configMap('dry', { x: '1' }), { fieldManager: 'berth-a' });
    const dryUpdate = await kube.apply(cmPath('dry'), configMap('dry', { x: '2' }), { fieldManager: 'berth-a', dryRun: true });
    expect(dryUpdate.status).toBe(200);
    expect(dryUpdate.body.data).toEqual({ x: '2' });
    expect((await kube.get(cmPath('dry'))).body.data).toEqual({ x: '1' });

    // Validation runs in dry-run too: an invalid name is refused with 422.
    const invalid = await kube.post(`/api/v1/namespaces/${ns.name}/configmaps`, configMap('Not_Valid', {}), { dryRun: true });
    expect(invalid.status).toBe(422);
    expect(invalid.body.reason).toBe('Invalid');
  });
});
