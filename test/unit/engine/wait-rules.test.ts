// Readiness rules on sequences of real objects recorded from the local cluster (wait-fixtures/capture.ts):
// each rule must say progressing until the real controllers finish, then ready or failed with the clear signal.
import { Manifest } from '../../../lib/model/object';
import { Observed, readinessOf } from '../../../lib/engine/wait';
import { podFailure } from '../../../lib/engine/wait/pods';

const sequence = (name: string): Observed[] => require(`./wait-fixtures/${name}.json`);
const states = (name: string) => sequence(name).map((o) => readinessOf(o).state);

describe('readiness rules on recorded rollouts', () => {
  it('Deployment: progressing until every new replica is available, then ready', () => {
    const seen = states('deployment-rollout');
    expect(seen[0]).toBe('progressing');
    expect(seen[seen.length - 1]).toBe('ready');
    expect(seen.indexOf('ready')).toBe(seen.length - 1 - [...seen].reverse().indexOf('progressing') + 1); // no flapping
    expect(readinessOf(sequence('deployment-rollout').at(-1)!).message).toBe('2/2 replicas available');
  });

  it('Deployment that never becomes ready: progressing, then failed on ProgressDeadlineExceeded', () => {
    const seen = sequence('deployment-never-ready').map((o) => readinessOf(o));
    expect(seen.slice(0, -1).every((r) => r.state === 'progressing')).toBe(true);
    expect(seen.at(-1)).toMatchObject({ state: 'failed' });
    expect(seen.at(-1)!.message).toMatch(/^rollout stalled: ProgressDeadlineExceeded/);
  });

  it('Deployment whose containers crash: failed on CrashLoopBackOff before the progress deadline', () => {
    const seq = sequence('deployment-crashloop');
    const first = seq.findIndex((o) => readinessOf(o).state === 'failed');
    expect(first).toBeGreaterThan(0);
    expect(JSON.stringify(seq[first].object.status)).not.toContain('ProgressDeadlineExceeded');
    expect(readinessOf(seq[first]).message).toMatch(/^pod crash-[a-z0-9]+-[a-z0-9]+: container main: CrashLoopBackOff \(back-off restarting failed container main; last exit code 1; \d+ restarts\)$/);
  });

  it('Deployment whose image cannot be pulled: failed on ImagePullBackOff', () => {
    const seq = sequence('deployment-bad-pull');
    const failedAt = seq.findIndex((o) => readinessOf(o).state === 'failed');
    expect(failedAt).toBeGreaterThan(0);
    expect(readinessOf(seq[failedAt]).message).toMatch(/container main: ImagePullBackOff \(Back-off pulling image "registry.example\/bad-pull:1"\)/);
  });

  it('Deployment: a crashing pod of an OLD ReplicaSet does not fail the rollout that replaces it', () => {
    const crashing = sequence('deployment-crashloop').at(-1)!;
    const healthy = sequence('deployment-rollout').at(-1)!;
    // Make the crashing ReplicaSet an older revision of the healthy Deployment.
    const owner = [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'ok', uid: healthy.object.metadata.uid, controller: true }];
    const oldRs = crashing.replicaSets!.map((rs) => ({ ...rs, metadata: { ...rs.metadata, ownerReferences: owner, annotations: { ...rs.metadata.annotations, 'deployment.kubernetes.io/revision': '0' } } }));
    const mixed: Observed = { ...healthy, pods: [...healthy.pods!, ...crashing.pods!], replicaSets: [...healthy.replicaSets!, ...oldRs] as Manifest[] };
    expect(readinessOf(mixed).state).toBe('ready');
    // ...while the same pods under the current revision fail it.
    const current = oldRs.map((rs) => ({ ...rs, metadata: { ...rs.metadata, annotations: healthy.object.metadata.annotations } }));
    expect(readinessOf({ ...mixed, replicaSets: [...current] as Manifest[] }).state).toBe('failed');
  });

  it('Deployment: a spec the controller has not observed yet is progressing, whatever its old conditions say', () => {
    const stalled = sequence('deployment-never-ready').at(-1)!;
    const newer = { ...stalled, object: { ...stalled.object, metadata: { ...stalled.object.metadata, generation: Number(stalled.object.metadata.generation) + 1 } } as Manifest };
    expect(readinessOf(newer)).toEqual({ state: 'progressing', message: `waiting for the controller to observe generation ${Number(stalled.object.metadata.generation) + 1}` });
  });

  it('Job: progressing while it runs, ready once Complete', () => {
    const seen = states('job-complete');
    expect(seen.slice(0, -1).every((s) => s === 'progressing')).toBe(true);
    expect(seen.at(-1)).toBe('ready');
  });

  it('Job: failed with the controller reason when it exceeds its backoff limit', () => {
    const last = sequence('job-failed').at(-1)!;
    expect(readinessOf(last)).toMatchObject({ state: 'failed' });
    expect(readinessOf(last).message).toMatch(/^job failed: BackoffLimitExceeded/);
  });
});

describe('readiness rules of simple kinds', () => {
  const m = (kind: string, rest: Record<string, unknown>) => ({ object: { apiVersion: 'v1', kind, metadata: { name: 'x' }, ...rest } as unknown as Manifest });
  it('CRD established / names not accepted', () => {
    expect(readinessOf(m('CustomResourceDefinition', { status: { conditions: [{ type: 'Established', status: 'True' }] } })).state).toBe('ready');
    expect(readinessOf(m('CustomResourceDefinition', { status: { conditions: [{ type: 'NamesAccepted', status: 'False', message: 'plural in use' }] } })))
      .toEqual({ state: 'failed', message: 'names not accepted: plural in use' });
    expect(readinessOf(m('CustomResourceDefinition', {})).state).toBe('progressing');
  });
  it('ResourceQuota is ready once the controller counted every hard limit', () => {
    expect(readinessOf(m('ResourceQuota', { spec: { hard: { pods: '1', services: '2' } }, status: { hard: { pods: '1' } } })))
      .toEqual({ state: 'progressing', message: 'waiting for the quota controller to count services' });
    expect(readinessOf(m('ResourceQuota', { spec: { hard: { pods: '1' } }, status: { hard: { pods: '1' } } })).state).toBe('ready');
  });
  it('PersistentVolumeClaim waits for Bound only when asked', () => {
    const pending = m('PersistentVolumeClaim', { status: { phase: 'Pending' } });
    expect(readinessOf(pending).state).toBe('ready');
    expect(readinessOf(pending, { pvcBound: true }).state).toBe('progressing');
    expect(readinessOf(m('PersistentVolumeClaim', { status: { phase: 'Bound' } }), { pvcBound: true }).state).toBe('ready');
  });
  it('kinds without a rule are ready once applied', () => {
    expect(readinessOf(m('ConfigMap', {}))).toEqual({ state: 'ready', message: 'applied' });
  });
  it('podFailure ignores pods being deleted', () => {
    const crashing = sequence('deployment-crashloop').at(-1)!.pods!;
    expect(podFailure(crashing)).toBeDefined();
    expect(podFailure(crashing.map((p) => ({ ...p, metadata: { ...p.metadata, deletionTimestamp: '2026-01-01T00:00:00Z' } })))).toBeUndefined();
  });
});
