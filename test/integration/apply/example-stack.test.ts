// The example stack (stacks/main.ts) applies on the real cluster and becomes healthy, then berth destroy removes
// it in reverse order and waits until it is gone. Its database claims 10Gi without a storage class: a hostPath
// PersistentVolume stands in for a provisioner.
import { resolve } from 'path';
import { adminKube } from '../../harness/cluster';
import { conditionOf } from '../../harness/wait';
import { berth, repo } from './helpers';

jest.setTimeout(300_000);

const pv = `berth-apply-example-${process.pid}`;

beforeAll(async () => {
  const res = await adminKube().post('/api/v1/persistentvolumes', {
    apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: pv },
    spec: {
      capacity: { storage: '10Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: `/tmp/${pv}` }, persistentVolumeReclaimPolicy: 'Delete',
      // Pre-bound to the example's claim, so that no other test's pending claim can take it first.
      claimRef: { namespace: 'shop', name: 'data-db-0' },
    },
  });
  expect(res.status).toBe(201);
});
afterAll(async () => {
  await adminKube().delete(`/api/v1/persistentvolumes/${pv}`);
});

describe('the example stack', () => {
  it('applies, becomes healthy, and is destroyed', async () => {
    const stack = resolve(repo, 'stacks/main.ts');
    const r = await berth(['apply', '--app', stack, '--auto-approve', '--object-timeout', '150s']);
    expect(r.stdout).toMatch(/^Apply complete: 17 created, 0 configured, 0 replaced, 0 unchanged, 0 pruned\.$/m);
    expect(r.code).toBe(0);
    for (const name of ['web', 'api']) {
      const d = (await adminKube().get(`/apis/apps/v1/namespaces/shop/deployments/${name}`)).body;
      expect(conditionOf(d, 'Available')?.status).toBe('True');
      expect(d.status.availableReplicas).toBe(d.spec.replicas);
    }
    const db = (await adminKube().get('/apis/apps/v1/namespaces/shop/statefulsets/db')).body;
    expect(db.status.readyReplicas).toBe(1);
    expect(r.stderr).toContain('ResourceQuota/shop/quota: ready');
    // Secret values never appear in the output.
    expect(r.stdout + r.stderr).not.toContain('demo-only-change-me');

    // Applied as planned, so a new plan has nothing to do (the StatefulSet's claim template included), and a
    // second apply writes nothing: every object keeps its resourceVersion.
    const before = await planJson(stack);
    expect(before.summary).toEqual({ create: 0, update: 0, replace: 0, delete: 0, unchanged: 17 });
    const again = await berth(['apply', '--app', stack, '--auto-approve', '--object-timeout', '150s']);
    expect(again.stdout).toMatch(/^No changes: 17 objects of 1 application are up to date\.$/m);
    expect(again.code).toBe(0);
    const after = await planJson(stack);
    expect(after.summary).toEqual(before.summary);
    expect(resourceVersions(after)).toEqual(resourceVersions(before));

    const d = await berth(['destroy', '--app', stack, '--auto-approve']);
    expect(d.code).toBe(0);
    expect(d.stdout).toMatch(/^shop: \d+ deleted\.$/m);
    expect((await adminKube().get('/api/v1/namespaces/shop')).status).toBe(404);
  });
});

interface PlanJson {
  summary: Record<string, number>;
  changes: { id: { kind: string; name: string }; live: { resourceVersion: string } | null }[];
}

async function planJson(stack: string): Promise<PlanJson> {
  const p = await berth(['plan', '--app', stack, '--output', 'json']);
  expect(p.code).toBe(0);
  return JSON.parse(p.stdout) as PlanJson;
}

function resourceVersions(plan: PlanJson): Record<string, string | undefined> {
  return Object.fromEntries(plan.changes.map((c) => [`${c.id.kind}/${c.id.name}`, c.live?.resourceVersion]));
}
