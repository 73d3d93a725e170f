// The API server is the real thing: Kubernetes v1.20.2, reached through the kubeconfigs global setup exported,
// with real authentication and RBAC for the limited identity.
import * as fs from 'fs';
import * as path from 'path';
import { adminKube, limitedKube } from '../../harness/cluster';
import { KubeHttp } from '../../harness/kube-http';

describe('test cluster API server', () => {
  it('is visible to test workers through KUBECONFIG and BERTH_TEST_KUBECONFIG_LIMITED', () => {
    for (const variable of ['KUBECONFIG', 'BERTH_TEST_KUBECONFIG_LIMITED']) {
      const file = process.env[variable]!;
      expect(path.isAbsolute(file)).toBe(true);
      expect(fs.existsSync(file)).toBe(true);
    }
    expect(path.basename(process.env.BERTH_TEST_KUBECONFIG_LIMITED!)).toBe('kubeconfig-limited');
    expect(adminKube().target.server).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  });

  it('reports version v1.20.2 on /version', async () => {
    const res = await adminKube().get('/version');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ gitVersion: 'v1.20.2', major: '1', minor: '20', platform: 'linux/amd64' });
    expect(res.body.gitCommit).toBe('faecb196815e248d3ecfb03c680a4507229c2a56');
  });

  it('is ready, with server-side apply and the 1.20 API versions', async () => {
    const kube = adminKube();
    expect((await kube.get('/readyz')).body).toBe('ok');
    const policy = await kube.get('/apis/policy');
    expect(policy.body.versions.map((v: any) => v.version)).toEqual(['v1beta1']);
    const autoscaling = await kube.get('/apis/autoscaling');
    expect(autoscaling.body.versions.map((v: any) => v.version)).not.toContain('v2');
  });

  it('rejects a request without a valid token (401)', async () => {
    const anonymous = new KubeHttp({ ...adminKube().target, token: 'not-a-valid-token' });
    const res = await anonymous.get('/api/v1/namespaces');
    expect(res.status).toBe(401);
    anonymous.close();
  });

  it('lets the limited identity read in its namespace and nothing more (403 with RBAC reasons)', async () => {
    const limited = limitedKube();
    const allowed = await limited.get('/api/v1/namespaces/berth-limited/configmaps');
    expect(allowed.status).toBe(200);
    expect(allowed.body.kind).toBe('ConfigMapList');

    const otherNamespace = await limited.get('/api/v1/namespaces/default/configmaps');
    expect(otherNamespace.status).toBe(403);
    expect(otherNamespace.body).toMatchObject({ kind: 'Status', reason: 'Forbidden' });
    expect(otherNamespace.body.message).toContain('User "berth-limited" cannot list resource "configmaps"');

    const write = await limited.post('/api/v1/namespaces/berth-limited/configmaps', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'not-allowed' },
    });
    expect(write.status).toBe(403);
    expect(write.body.message).toContain('cannot create resource "configmaps"');
  });
});
