// Deleting a namespace really finalizes: the namespace controller removes its content (including pods, which
// the simulated kubelet lets go) and then the namespace itself.
import { randomBytes } from 'crypto';
import { adminKube } from '../../harness/cluster';
import { waitUntil } from '../../harness/wait';

describe('namespace deletion', () => {
  it('goes through Terminating and finalizes, deleting what the namespace held', async () => {
    const kube = adminKube();
    const name = `t-doomed-${randomBytes(3).toString('hex')}`;
    expect((await kube.post('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } })).status).toBe(201);
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'content', namespace: name }, data: { a: '1' } };
    expect((await kube.post(`/api/v1/namespaces/${name}/configmaps`, cm)).status).toBe(201);
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'runner', namespace: name },
      spec: { containers: [{ name: 'main', image: 'example/app:1' }] },
    };
    expect((await kube.post(`/api/v1/namespaces/${name}/pods`, pod)).status).toBe(201);
    await waitUntil('pod runner running', async () => (await kube.get(`/api/v1/namespaces/${name}/pods/runner`)).body, (p) => p.status?.phase === 'Running');

    const deleted = await kube.delete(`/api/v1/namespaces/${name}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body.status.phase).toBe('Terminating');
    expect(deleted.body.spec.finalizers).toEqual(['kubernetes']);

    const gone = await waitUntil('namespace to be finalized', () => kube.get(`/api/v1/namespaces/${name}`), (res) => res.status === 404, { timeoutMs: 90_000 });
    expect(gone.body.reason).toBe('NotFound');
    expect((await kube.get(`/api/v1/namespaces/${name}/configmaps/content`)).status).toBe(404);
    // A terminated namespace accepts nothing new.
    expect((await kube.post(`/api/v1/namespaces/${name}/configmaps`, cm)).status).toBe(404);
  });
});
