// Concurrent applies of one application serialize on its Lease; an apply SIGKILLed mid-wave leaves an
// inventory that already records what it created, and the next apply converges with no orphans.
import { hostname } from 'os';
import { adminKube } from '../../harness/cluster';
import { testNamespace } from '../../harness/namespace';
import { APPLYSET_GROUP_KINDS, applySetId, parentName } from '../../../lib/engine/inventory';
import { berth, writeStack } from './helpers';

const ns = testNamespace('apply-lock');
const stack = writeStack();
const app = 'locked';
// Pods become ready 5 s after they start, so a rollout takes long enough for a second apply to meet the lock.
const env = (extra: Record<string, string> = {}) => ({ T_NS: ns.name, T_APP: app, T_READY_DELAY: '5', ...extra });
const apply = (extra: Record<string, string> = {}, args: string[] = [], killWhen?: (s: string) => boolean) =>
  berth(['apply', '--app', stack, '--auto-approve', '--object-timeout', '60s', ...args], { env: env(extra), killWhen });
const configMapMembers = async () =>
  ((await adminKube().get(`/api/v1/namespaces/${ns.name}/configmaps`, { labelSelector: `applyset.kubernetes.io/part-of=${applySetId({ app, namespace: ns.name })}` })).body.items as any[])
    .map((o) => o.metadata.name).sort();

describe('apply lock and crash safety', () => {
  it('a second apply of the same application waits for the first, naming the holder', async () => {
    expect((await apply()).code).toBe(0);
    const first = apply({ T_IMAGE: 'registry.example/web:2' });
    await waitForLease(); // the first holds the lock
    const second = await apply({ T_IMAGE: 'registry.example/web:2', T_GREETING: 'second' });
    const a = await first;
    expect(a.code).toBe(0);
    expect(second.code).toBe(0);
    expect(second.stderr).toMatch(new RegExp(`waiting for the lock of ${app}, held by ${hostname()}/\\d+ started `));
    // Serialized: the second started writing only after the first had finished its rollout.
    const firstReady = Date.parse(/^(\S+) Deployment\/\S+\/web: ready/m.exec(a.stderr)![1]);
    const secondWrote = Date.parse(/^(\S+) ConfigMap\/\S+\/settings: configured/m.exec(second.stderr)![1]);
    expect(secondWrote).toBeGreaterThanOrEqual(firstReady);
    expect(a.stdout).toContain('1 configured');
  });

  it('a lock held by another live run is not taken: the apply gives up after --lock-timeout naming the holder', async () => {
    const lease = leaseHeldBy('ci-runner-7/4242 started 2026-01-01T00:00:00.000Z', new Date(), 600);
    expect((await adminKube().post(`/apis/coordination.k8s.io/v1/namespaces/${ns.name}/leases`, lease)).status).toBe(201);
    const r = await apply({ T_GREETING: 'blocked' }, ['--lock-timeout', '1s']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`error: application ${app} is locked by ci-runner-7/4242 started 2026-01-01T00:00:00.000Z (Lease ${ns.name}/berth-lock-${app}, renewed `);
    expect(r.stderr).toContain('gave up after 1 s (--lock-timeout)');
    expect((await adminKube().get(`/api/v1/namespaces/${ns.name}/configmaps/settings`)).body.data.GREETING).toBe('second');
    expect((await adminKube().delete(`/apis/coordination.k8s.io/v1/namespaces/${ns.name}/leases/berth-lock-${app}`)).status).toBe(200);
  });

  it('the lock of a crashed run on another host expires after its lease duration', async () => {
    const lease = leaseHeldBy('gone-host/99 started 2026-01-01T00:00:00.000Z', new Date(Date.now() - 60_000), 30);
    expect((await adminKube().post(`/apis/coordination.k8s.io/v1/namespaces/${ns.name}/leases`, lease)).status).toBe(201);
    const r = await apply({ T_GREETING: 'second', T_IMAGE: 'registry.example/web:2' , T_EXTRA_CONFIGMAPS: '1' });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('took over the lock of gone-host/99 started 2026-01-01T00:00:00.000Z (expired)');
    expect((await adminKube().get(`/apis/coordination.k8s.io/v1/namespaces/${ns.name}/leases/berth-lock-${app}`)).status).toBe(404);
  });

  it('an apply killed mid-wave is recorded, and the next apply converges with no orphans', async () => {
    // Sixty new ConfigMaps one at a time; kill after the third is reported created (progress lines come in batches
    // up to 100 ms apart, so there must be enough left to still be mid-wave then).
    let created = 0;
    const killed = await apply({ T_IMAGE: 'registry.example/web:2', T_GREETING: 'second', T_EXTRA_CONFIGMAPS: '60' }, ['--concurrency', '1'],
      (stderr) => (created = (stderr.match(/ConfigMap\/\S+\/extra-\d+: created/g) ?? []).length) >= 3);
    expect(killed.signal).toBe('SIGKILL');
    expect(created).toBeGreaterThanOrEqual(3);
    const orphansCandidates = (await configMapMembers()).filter((n) => n.startsWith('extra-'));
    expect(orphansCandidates.length).toBeGreaterThanOrEqual(3);
    expect(orphansCandidates.length).toBeLessThan(60);
    // The inventory recorded the kinds before the members were created.
    const parent = (await adminKube().get(`/api/v1/namespaces/${ns.name}/secrets/${parentName(app)}`)).body;
    expect(parent.metadata.annotations[APPLYSET_GROUP_KINDS].split(',')).toContain('ConfigMap');

    // The stacks no longer want the extras: the next apply takes over the dead run's lock and prunes them.
    const next = await apply({ T_IMAGE: 'registry.example/web:2', T_GREETING: 'second' });
    expect(next.code).toBe(0);
    expect(next.stderr).toMatch(new RegExp(`took over the lock of ${hostname()}/${'\\d+'} started \\S+ \\(its process is gone\\)`));
    expect(next.stdout).toContain(`${orphansCandidates.length} pruned`);
    expect(await configMapMembers()).toEqual(['settings']);
    const after = await apply({ T_IMAGE: 'registry.example/web:2', T_GREETING: 'second' });
    expect(after.stdout).toContain('No changes');
  });
});

function leaseHeldBy(holderIdentity: string, renewed: Date, seconds: number) {
  const t = renewed.toISOString().replace('Z', '000Z');
  return {
    apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: `berth-lock-${app}` },
    spec: { holderIdentity, leaseDurationSeconds: seconds, acquireTime: t, renewTime: t, leaseTransitions: 0 },
  };
}

async function waitForLease(): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if ((await adminKube().get(`/apis/coordination.k8s.io/v1/namespaces/${ns.name}/leases/berth-lock-${app}`)).status === 200) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the first apply never took the lock');
}
