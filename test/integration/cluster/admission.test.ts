// Admission the controllers and plugins really enforce: ResourceQuota rejects what exceeds it, LimitRange
// fills in defaults.
import { adminKube } from '../../harness/cluster';
import { testNamespace } from '../../harness/namespace';
import { waitUntil } from '../../harness/wait';

const ns = testNamespace('admission');

function service(name: string) {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: ns.name },
    spec: { selector: { app: name }, ports: [{ port: 80, protocol: 'TCP' }] },
  };
}

function pod(name: string, resources?: object) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns.name },
    spec: { containers: [{ name: 'main', image: 'example/app:1', ...(resources ? { resources } : {}) }] },
  };
}

describe('admission', () => {
  it('rejects objects over a ResourceQuota with 403 "exceeded quota", after the quota controller counted usage', async () => {
    const kube = adminKube();
    const quota = {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'small', namespace: ns.name },
      spec: { hard: { services: '1', 'requests.cpu': '500m' } },
    };
    expect((await kube.post(`/api/v1/namespaces/${ns.name}/resourcequotas`, quota)).status).toBe(201);
    // Admission refuses everything the quota covers until the controller has written status.hard.
    await waitUntil(
      'quota status from the controller',
      async () => (await kube.get(`/api/v1/namespaces/${ns.name}/resourcequotas/small`)).body,
      (q) => q.status?.hard?.services === '1',
    );

    expect((await kube.post(`/api/v1/namespaces/${ns.name}/services`, service('first'))).status).toBe(201);
    const second = await kube.post(`/api/v1/namespaces/${ns.name}/services`, service('second'));
    expect(second.status).toBe(403);
    expect(second.body.reason).toBe('Forbidden');
    expect(second.body.message).toContain('exceeded quota: small');
    expect(second.body.message).toContain('requested: services=1, used: services=1, limited: services=1');

    const greedy = await kube.post(`/api/v1/namespaces/${ns.name}/pods`, pod('greedy', { requests: { cpu: '1' }, limits: { cpu: '1' } }));
    expect(greedy.status).toBe(403);
    expect(greedy.body.message).toContain('requests.cpu=1');

    // Dry-run goes through quota admission too.
    const dry = await kube.post(`/api/v1/namespaces/${ns.name}/services`, service('third'), { dryRun: true });
    expect(dry.status).toBe(403);

    const used = await waitUntil(
      'quota usage to count the service',
      async () => (await kube.get(`/api/v1/namespaces/${ns.name}/resourcequotas/small`)).body,
      (q) => q.status?.used?.services === '1',
    );
    expect(used.status.used['requests.cpu']).toBe('0');
  });

  it('applies LimitRange defaults to containers that declare no resources', async () => {
    const kube = adminKube();
    const limits = {
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: { name: 'defaults', namespace: ns.name },
      spec: {
        limits: [{ type: 'Container', default: { cpu: '200m', memory: '128Mi' }, defaultRequest: { cpu: '50m', memory: '64Mi' } }],
      },
    };
    expect((await kube.post(`/api/v1/namespaces/${ns.name}/limitranges`, limits)).status).toBe(201);
    // The quota above limits requests.cpu to 500m: 50m fits.
    const created = await kube.post(`/api/v1/namespaces/${ns.name}/pods`, pod('defaulted'));
    expect(created.status).toBe(201);
    expect(created.body.spec.containers[0].resources).toEqual({
      limits: { cpu: '200m', memory: '128Mi' },
      requests: { cpu: '50m', memory: '64Mi' },
    });
    expect(created.body.metadata.annotations['kubernetes.io/limit-ranger']).toContain('LimitRanger plugin set');
  });
});
