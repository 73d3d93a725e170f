// Deployments roll out through the real controllers (Deployment → ReplicaSet → Pods), the real scheduler
// places the pods on simulated nodes, and a bad rollout really stalls.
import { adminKube } from '../../harness/cluster';
import { testNamespace } from '../../harness/namespace';
import { conditionOf, waitUntil } from '../../harness/wait';

const ns = testNamespace('rollout');

function deployment(name: string, image: string, spec: Record<string, unknown> = {}) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns.name },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [{ name: 'main', image, resources: { requests: { cpu: '100m', memory: '64Mi' } } }],
        },
      },
      ...spec,
    },
  };
}

const deployPath = (name: string) => `/apis/apps/v1/namespaces/${ns.name}/deployments/${name}`;
const getDeployment = async (name: string) => (await adminKube().get(deployPath(name))).body;
const podsOf = async (app: string) =>
  (await adminKube().get(`/api/v1/namespaces/${ns.name}/pods`, { labelSelector: `app=${app}` })).body.items as any[];

describe('Deployment rollout on simulated nodes', () => {
  it('becomes Available with 3 ready pods spread over distinct nodes by the scheduler', async () => {
    const kube = adminKube();
    const nodes = (await kube.get('/api/v1/nodes')).body.items.map((n: any) => n.metadata.name);
    expect(nodes.length).toBeGreaterThanOrEqual(3);

    const created = await kube.apply(deployPath('web'), deployment('web', 'registry.example/berth/web:1'), { fieldManager: 'berth-test' });
    expect(created.status).toBe(201);
    const available = await waitUntil(
      'Deployment web Available with 3 ready replicas',
      () => getDeployment('web'),
      (d) => conditionOf(d, 'Available')?.status === 'True' && d.status.readyReplicas === 3 && d.status.updatedReplicas === 3,
    );
    expect(conditionOf(available, 'Available')!.reason).toBe('MinimumReplicasAvailable');
    expect(available.status.availableReplicas).toBe(3);
    expect(available.status.observedGeneration).toBe(available.metadata.generation);

    const replicaSets = (await kube.get(`/apis/apps/v1/namespaces/${ns.name}/replicasets`, { labelSelector: 'app=web' })).body.items;
    expect(replicaSets).toHaveLength(1);
    expect(replicaSets[0].metadata.ownerReferences[0]).toMatchObject({ kind: 'Deployment', name: 'web', uid: available.metadata.uid });
    expect(replicaSets[0].status.readyReplicas).toBe(3);

    const pods = await podsOf('web');
    expect(pods).toHaveLength(3);
    for (const pod of pods) {
      expect(pod.metadata.ownerReferences[0]).toMatchObject({ kind: 'ReplicaSet', name: replicaSets[0].metadata.name });
      expect(nodes).toContain(pod.spec.nodeName);
      expect(pod.status.phase).toBe('Running');
      expect(conditionOf(pod, 'Ready')!.status).toBe('True');
      expect(conditionOf(pod, 'PodScheduled')!.status).toBe('True');
      expect(pod.status.podIP).toMatch(/^10\.244\.\d+\.\d+$/);
    }
    expect(new Set(pods.map((p) => p.spec.nodeName)).size).toBeGreaterThanOrEqual(2);
  });

  it('rolls out a new image: a second ReplicaSet takes over and the old pods go away', async () => {
    const kube = adminKube();
    const res = await kube.apply(deployPath('web'), deployment('web', 'registry.example/berth/web:2'), { fieldManager: 'berth-test' });
    expect(res.status).toBe(200);
    const done = await waitUntil(
      'Deployment web rolled out to :2',
      async () => ({ deployment: await getDeployment('web'), pods: await podsOf('web') }),
      ({ deployment: d, pods }) =>
        d.status.observedGeneration === d.metadata.generation &&
        d.status.updatedReplicas === 3 && d.status.readyReplicas === 3 && d.status.replicas === 3 &&
        pods.length === 3 && pods.every((p) => p.spec.containers[0].image.endsWith(':2')),
    );
    expect(conditionOf(done.deployment, 'Progressing')).toMatchObject({ status: 'True', reason: 'NewReplicaSetAvailable' });
    const replicaSets = (await kube.get(`/apis/apps/v1/namespaces/${ns.name}/replicasets`, { labelSelector: 'app=web' })).body.items;
    expect(replicaSets.map((rs: any) => rs.status.replicas).sort()).toEqual([0, 3]);
  });

  it('stalls a rollout whose pods never become ready: unavailable, then ProgressDeadlineExceeded', async () => {
    const kube = adminKube();
    const stuck = deployment('stuck', 'registry.example/berth/never-ready:1', { replicas: 2, progressDeadlineSeconds: 8 });
    expect((await kube.apply(deployPath('stuck'), stuck, { fieldManager: 'berth-test' })).status).toBe(201);
    const stalled = await waitUntil(
      'Deployment stuck to exceed its progress deadline',
      () => getDeployment('stuck'),
      (d) => conditionOf(d, 'Progressing')?.reason === 'ProgressDeadlineExceeded',
      { timeoutMs: 90_000 },
    );
    expect(conditionOf(stalled, 'Progressing')!.status).toBe('False');
    expect(conditionOf(stalled, 'Available')).toMatchObject({ status: 'False', reason: 'MinimumReplicasUnavailable' });
    expect(stalled.status.readyReplicas ?? 0).toBe(0);
    expect(stalled.status.unavailableReplicas).toBe(2);

    const pods = await podsOf('stuck');
    expect(pods).toHaveLength(2);
    for (const pod of pods) {
      expect(pod.status.phase).toBe('Running');
      expect(conditionOf(pod, 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady' });
      expect(pod.status.containerStatuses[0]).toMatchObject({ ready: false, started: true, restartCount: 0 });
    }
  });

  it('honours readinessProbe.initialDelaySeconds before reporting pods ready', async () => {
    const kube = adminKube();
    const slow = deployment('slow', 'registry.example/berth/web:1', { replicas: 1 });
    (slow.spec.template.spec.containers[0] as any).readinessProbe = { httpGet: { path: '/', port: 8080 }, initialDelaySeconds: 3 };
    expect((await kube.apply(deployPath('slow'), slow, { fieldManager: 'berth-test' })).status).toBe(201);
    const running = await waitUntil('pod of slow running', () => podsOf('slow'), (pods) => pods[0]?.status?.phase === 'Running');
    const ready = await waitUntil('pod of slow ready', () => podsOf('slow'), (pods) => conditionOf(pods[0], 'Ready')?.status === 'True');
    const readyAt = Date.parse(conditionOf(ready[0], 'Ready')!.lastTransitionTime!);
    const startedAt = Date.parse(running[0].status.startTime);
    expect(readyAt - startedAt).toBeGreaterThanOrEqual(3000);
  });
});
