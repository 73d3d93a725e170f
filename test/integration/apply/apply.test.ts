// berth apply on the real cluster, one application through its life: healthy first apply, a re-apply that
// writes nothing, an image rollout, a never-ready image rolled back by --atomic, a pruned Service, a stale saved
// plan refused, and a quota violation that stops the apply with a precise report.
import { readFileSync } from 'fs';
import { join } from 'path';
import { adminKube } from '../../harness/cluster';
import { testNamespace } from '../../harness/namespace';
import { conditionOf, waitUntil } from '../../harness/wait';
import { REVISION_KEY, applySetId, decodeRevision, parentName } from '../../../lib/engine/inventory';
import { Manifest } from '../../../lib/model/object';
import { berth, writeStack } from './helpers';

const ns = testNamespace('apply');
const stack = writeStack();
const app = 'demo';
const env = (extra: Record<string, string> = {}) => ({ T_NS: ns.name, T_APP: app, ...extra });
const apply = (extra: Record<string, string> = {}, args: string[] = []) =>
  berth(['apply', '--app', stack, '--auto-approve', '--object-timeout', '60s', ...args], { env: env(extra) });

const kube = () => adminKube();
const path = (kind: string, name = '') => {
  const base = kind === 'deployments' || kind === 'replicasets' ? `/apis/apps/v1/namespaces/${ns.name}/${kind}` : `/api/v1/namespaces/${ns.name}/${kind}`;
  return name ? `${base}/${name}` : base;
};
const get = async (kind: string, name: string) => (await kube().get(path(kind, name))).body;
const members = async (kind: string) =>
  ((await kube().get(path(kind), { labelSelector: `applyset.kubernetes.io/part-of=${applySetId({ app, namespace: ns.name })}` })).body.items as any[]).map((o) => o.metadata.name).sort();
const parent = () => get('secrets', parentName(app));
const resourceVersions = async () => Object.fromEntries(await Promise.all(
  [['configmaps', 'settings'], ['deployments', 'web'], ['services', 'web'], ['secrets', parentName(app)]].map(async ([k, n]) => [`${k}/${n}`, (await get(k, n)).metadata.resourceVersion]),
));
const podsOfWeb = async () => {
  const selector = Object.entries((await get('deployments', 'web')).spec.selector.matchLabels).map(([k, v]) => `${k}=${v}`).join(',');
  return ((await kube().get(path('pods'), { labelSelector: selector })).body.items as any[]).filter((p) => !p.metadata.deletionTimestamp);
};

describe('berth apply', () => {
  let servingReplicaSet = '';

  it('applies a fresh application in order and waits until it is healthy', async () => {
    const r = await apply();
    expect(r.stderr).not.toContain('error');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Apply complete: 3 created, 0 configured, 0 replaced, 0 unchanged, 0 pruned.');
    // Progress in CI: timestamped lines, the Deployment reported ready only after its rollout.
    expect(r.stderr).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z Deployment\/\S+\/web: ready after [\d.]+s \(2\/2 replicas available\)$/m);
    const d = await get('deployments', 'web');
    expect(conditionOf(d, 'Available')?.status).toBe('True');
    expect(d.status.readyReplicas).toBe(2);
    const inv = await parent();
    expect(inv.metadata.labels['applyset.kubernetes.io/id']).toBe(applySetId({ app, namespace: ns.name }));
    expect(inv.metadata.annotations['applyset.kubernetes.io/contains-group-kinds']).toBe('ConfigMap,Deployment.apps,Service');
    expect(inv.metadata.annotations['applyset.kubernetes.io/tooling']).toBe('berth/v0.1.0');
    expect(await members('configmaps')).toEqual(['settings']);
    expect(await members('services')).toEqual(['web']);
    const managers = d.metadata.managedFields.map((f: any) => f.manager);
    expect(managers).toContain('berth');
    // No lock is left behind.
    expect((await kube().get(`/apis/coordination.k8s.io/v1/namespaces/${ns.name}/leases/berth-lock-${app}`)).status).toBe(404);
  });

  it('writes nothing when applied again', async () => {
    const before = await resourceVersions();
    const r = await apply({}, ['--stats']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('No changes: 3 objects of 1 application are up to date.');
    expect(await resourceVersions()).toEqual(before);
  });

  it('rolls out an image change', async () => {
    const r = await apply({ T_IMAGE: 'registry.example/web:2' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('0 created, 1 configured');
    const pods = await podsOfWeb();
    expect(pods.map((p) => p.spec.containers[0].image)).toEqual(['registry.example/web:2', 'registry.example/web:2']);
    const d = await get('deployments', 'web');
    expect(d.status.updatedReplicas).toBe(2);
    expect(d.status.availableReplicas).toBe(2);
    const rs = ((await kube().get(path('replicasets'))).body.items as any[]).find((x) => x.status.replicas === 2);
    servingReplicaSet = rs.metadata.name;
  });

  it('fails on an image that never becomes ready, and with --atomic the previous ReplicaSet serves again', async () => {
    const r = await apply({ T_IMAGE: 'registry.example/never-ready:3', T_DEADLINE: '5' }, ['--atomic']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Apply failed: Deployment\/\S+\/web \(demo\/web\): rollout stalled: ProgressDeadlineExceeded/);
    expect(r.stdout).toMatch(/Rolled back to the previous revision: 1 restored \(Deployment\/\S+\/web\), 0 removed\./);
    const back = await waitUntil('web back on the previous ReplicaSet', async () => ({ d: await get('deployments', 'web'), pods: await podsOfWeb() }),
      ({ d, pods }) => d.status.observedGeneration === d.metadata.generation && d.status.updatedReplicas === 2 && d.status.availableReplicas === 2 &&
        pods.length === 2 && pods.every((p) => p.metadata.ownerReferences[0].name === servingReplicaSet && conditionOf(p, 'Ready')?.status === 'True'));
    expect(back.d.spec.template.spec.containers[0].image).toBe('registry.example/web:2');
    // The inventory records the revision that works again (the failed one was recorded before applying it).
    const image = (m: Manifest) => (m.spec as any).template.spec.containers[0].image;
    expect(image(recordedRevision(await parent()).find((m) => m.kind === 'Deployment')!)).toBe('registry.example/web:2');
    // So the next apply of it changes nothing.
    const again = await apply({ T_IMAGE: 'registry.example/web:2' });
    expect(again.stdout).toContain('No changes');
  });

  it('prunes a Service removed from the stacks, and only that', async () => {
    const r = await apply({ T_IMAGE: 'registry.example/web:2', T_NO_SERVICE: '1' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1 pruned');
    expect(r.stderr).toMatch(/Service\/\S+\/web: pruned/);
    expect((await kube().get(path('services', 'web'))).status).toBe(404);
    expect((await parent()).metadata.annotations['applyset.kubernetes.io/contains-group-kinds']).toBe('ConfigMap,Deployment.apps');
    expect((await get('deployments', 'web')).metadata.name).toBe('web');
  });

  it('refuses a stale saved plan without writing anything', async () => {
    const planFile = join(require('path').dirname(stack), 'plan.json');
    const e = env({ T_IMAGE: 'registry.example/web:2', T_NO_SERVICE: '1', T_GREETING: 'bonjour' });
    const planned = await berth(['plan', '--app', stack, '--out', planFile], { env: e });
    expect(planned.code).toBe(0);
    expect(JSON.parse(readFileSync(planFile, 'utf8')).summary.update).toBe(1);
    // Someone changes the ConfigMap after the plan was made.
    const patched = await kube().patch(path('configmaps', 'settings'), { metadata: { labels: { touched: 'yes' } } }, 'merge');
    expect(patched.status).toBe(200);
    const before = await resourceVersions();
    const r = await berth(['apply', '--app', stack, '--plan', planFile], { env: e });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/the saved plan \S+ is stale; nothing was changed/);
    expect(r.stderr).toMatch(/ConfigMap\/\S+\/settings: changed in the cluster since the plan \(resourceVersion \d+ → resourceVersion \d+\)/);
    expect(await resourceVersions()).toEqual(before);
    expect((await get('configmaps', 'settings')).data.GREETING).toBe('hello');
    // A fresh plan of the same change applies.
    expect((await berth(['plan', '--app', stack, '--out', planFile], { env: e })).code).toBe(0);
    const ok = await berth(['apply', '--app', stack, '--plan', planFile], { env: e });
    expect(ok.code).toBe(0);
    expect((await get('configmaps', 'settings')).data.GREETING).toBe('bonjour');
  });

  it('stops at a quota violation and reports exactly what was applied before it', async () => {
    // In use: settings and the namespace's kube-root-ca.crt; room for one more.
    const used = ((await kube().get(path('configmaps'))).body.items as any[]).length;
    const deployment = (await get('deployments', 'web')).metadata.resourceVersion;
    const r = await apply({ T_IMAGE: 'registry.example/web:4', T_NO_SERVICE: '1', T_GREETING: 'bonjour', T_QUOTA: String(used + 1), T_EXTRA_CONFIGMAPS: '2' }, ['--concurrency', '1']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Apply failed: ConfigMap\/\S+\/extra-1 \(demo\/extra-1\): rejected by a ResourceQuota: configmaps "extra-1" is forbidden: exceeded quota: quota/);
    expect(r.stdout).toMatch(/^ {2}created \(2\): ResourceQuota\/\S+\/quota, ConfigMap\/\S+\/extra-0$/m);
    expect(r.stdout).toMatch(/^ {2}failed \(1\): ConfigMap\/\S+\/extra-1$/m);
    // One at a time in name order: settings (after extra-1 in its wave) and the next wave were not touched.
    expect(r.stdout).toMatch(/^ {2}not applied \(not touched\) \(2\): ConfigMap\/\S+\/settings, Deployment\/\S+\/web$/m);
    expect(r.stdout).not.toMatch(/unchanged|configured/);
    // The report matches the cluster: the later wave was not touched.
    expect((await kube().get(path('configmaps', 'extra-0'))).status).toBe(200);
    expect((await kube().get(path('configmaps', 'extra-1'))).status).toBe(404);
    expect((await get('deployments', 'web')).metadata.resourceVersion).toBe(deployment);
    expect((await get('deployments', 'web')).spec.template.spec.containers[0].image).toBe('registry.example/web:2');
    expect((await get('configmaps', 'settings')).data.GREETING).toBe('bonjour');
    // The inventory's revision describes the cluster as the failure left it (what a later --atomic returns to):
    // what was applied at its new version, what was not at its previous one, the refused ConfigMap not at all.
    const revision = recordedRevision(await parent());
    expect(revision.map((m) => `${m.kind}/${m.metadata.name}`).sort()).toEqual(['ConfigMap/extra-0', 'ConfigMap/settings', 'Deployment/web', 'ResourceQuota/quota']);
    const image = (m: Manifest) => (m.spec as any).template.spec.containers[0].image;
    expect(image(revision.find((m) => m.kind === 'Deployment')!)).toBe('registry.example/web:2');
    expect(revision.find((m) => m.metadata.name === 'settings')!.data).toEqual({ GREETING: 'bonjour' });
  });
});

function recordedRevision(parentSecret: any): Manifest[] {
  return decodeRevision(Buffer.from(parentSecret.data[REVISION_KEY], 'base64').toString('utf8'))!;
}
