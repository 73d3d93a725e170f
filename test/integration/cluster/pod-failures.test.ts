// The simulated kubelet's failure modes (selected by image name) and Jobs running to completion or failure,
// observed through the real controllers.
import { adminKube } from '../../harness/cluster';
import { testNamespace } from '../../harness/namespace';
import { conditionOf, waitUntil } from '../../harness/wait';

const ns = testNamespace('pod-failures');

function pod(name: string, image: string, restartPolicy = 'Always') {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns.name },
    spec: { restartPolicy, containers: [{ name: 'main', image }] },
  };
}

function job(name: string, image: string) {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: ns.name },
    spec: { backoffLimit: 0, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image }] } } },
  };
}

const podPath = (name: string) => `/api/v1/namespaces/${ns.name}/pods/${name}`;
const jobPath = (name: string) => `/apis/batch/v1/namespaces/${ns.name}/jobs/${name}`;
const getPod = async (name: string) => (await adminKube().get(podPath(name))).body;

describe('simulated kubelet failure modes', () => {
  it('crash-loops an image named crashloop: CrashLoopBackOff with a growing restartCount', async () => {
    expect((await adminKube().apply(podPath('crasher'), pod('crasher', 'example/crashloop:1'), { fieldManager: 't' })).status).toBe(201);
    const first = await waitUntil('crasher to restart', () => getPod('crasher'), (p) => p.status.containerStatuses?.[0]?.restartCount >= 1);
    const later = await waitUntil(
      'crasher to restart again',
      () => getPod('crasher'),
      (p) => p.status.containerStatuses[0].restartCount > first.status.containerStatuses[0].restartCount,
      { timeoutMs: 20_000 },
    );
    const container = later.status.containerStatuses[0];
    expect(later.status.phase).toBe('Running');
    expect(container.state.waiting.reason).toBe('CrashLoopBackOff');
    expect(container.lastState.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect(container.ready).toBe(false);
    expect(conditionOf(later, 'Ready')!.status).toBe('False');
  });

  it('reports ImagePullBackOff for an image named bad-pull, and the pod stays Pending', async () => {
    expect((await adminKube().apply(podPath('puller'), pod('puller', 'example/bad-pull:1'), { fieldManager: 't' })).status).toBe(201);
    const p = await waitUntil('puller to report its image pull', () => getPod('puller'), (p) => p.status.containerStatuses !== undefined);
    expect(p.spec.nodeName).toMatch(/^berth-node-/);
    expect(p.status.phase).toBe('Pending');
    expect(p.status.containerStatuses[0].state.waiting).toMatchObject({ reason: 'ImagePullBackOff' });
    expect(p.status.containerStatuses[0].state.waiting.message).toContain('example/bad-pull:1');
  });

  it('fails a restartPolicy Never pod whose image is named fail (phase Failed, exit code 1)', async () => {
    expect((await adminKube().apply(podPath('failer'), pod('failer', 'example/fail:1', 'Never'), { fieldManager: 't' })).status).toBe(201);
    const p = await waitUntil('failer to fail', () => getPod('failer'), (p) => p.status.phase === 'Failed');
    expect(p.status.containerStatuses[0].state.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
  });

  it('completes a Job whose pod runs an ordinary image (Complete, 1 succeeded)', async () => {
    expect((await adminKube().apply(jobPath('migrate'), job('migrate', 'example/migrate:1'), { fieldManager: 't' })).status).toBe(201);
    const done = await waitUntil('Job migrate to complete', async () => (await adminKube().get(jobPath('migrate'))).body, (j) => conditionOf(j, 'Complete')?.status === 'True');
    expect(done.status.succeeded).toBe(1);
    expect(done.status.completionTime).toBeDefined();
  });

  it('fails a Job whose image is named fail (Failed, BackoffLimitExceeded)', async () => {
    expect((await adminKube().apply(jobPath('broken'), job('broken', 'example/fail:1'), { fieldManager: 't' })).status).toBe(201);
    const failed = await waitUntil('Job broken to fail', async () => (await adminKube().get(jobPath('broken'))).body, (j) => conditionOf(j, 'Failed')?.status === 'True');
    expect(conditionOf(failed, 'Failed')!.reason).toBe('BackoffLimitExceeded');
    expect(failed.status.failed).toBe(1);
    expect(conditionOf(failed, 'Complete')).toBeUndefined();
  });
});
