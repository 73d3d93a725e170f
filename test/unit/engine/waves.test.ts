import { BerthObject, Manifest, ObjectId, idKey } from '../../../lib/model/object';
import { DependencyCycleError, computeWaves, deleteWaves, orderablesOf } from '../../../lib/engine/waves';

function obj(kind: string, name: string, opts: { apiVersion?: string; namespace?: string | null; dependsOn?: ObjectId[]; spec?: unknown } = {}): BerthObject {
  const namespace = opts.namespace === null ? undefined : opts.namespace ?? 'shop';
  const manifest = { apiVersion: opts.apiVersion ?? 'v1', kind, metadata: { name, ...(namespace ? { namespace } : {}) }, ...(opts.spec ? { spec: opts.spec } : {}) } as Manifest;
  return { manifest, source: `shop/${name}`, app: 'shop', dependsOn: opts.dependsOn ?? [] };
}

const names = (waves: { items: readonly { id: ObjectId }[] }[]) => waves.map((w) => w.items.map((i) => `${i.id.kind}/${i.id.name}`));

describe('waves', () => {
  it('follow the change groups: namespaces, RBAC/quotas, config, services, workloads, policies', () => {
    const objects = [
      obj('Ingress', 'web', { apiVersion: 'networking.k8s.io/v1' }), obj('Deployment', 'web', { apiVersion: 'apps/v1' }), obj('Service', 'web'),
      obj('ConfigMap', 'cfg'), obj('ResourceQuota', 'q'), obj('Namespace', 'shop', { namespace: null }),
    ];
    expect(names(computeWaves(orderablesOf(objects)))).toEqual([
      ['Namespace/shop'], ['ResourceQuota/q'], ['ConfigMap/cfg'], ['Service/web'], ['Deployment/web'], ['Ingress/web'],
    ]);
  });

  it('put an object after what it explicitly depends on, even against the change groups', () => {
    const job = obj('Job', 'migrate', { apiVersion: 'batch/v1' });
    const cm = obj('ConfigMap', 'after-migration', { dependsOn: [{ group: 'batch', kind: 'Job', namespace: 'shop', name: 'migrate' }] });
    const waves = computeWaves(orderablesOf([cm, job, obj('ConfigMap', 'plain')]));
    expect(names(waves)).toEqual([['ConfigMap/plain'], ['Job/migrate'], ['ConfigMap/after-migration']]);
    expect(waves.map((w) => w.index)).toEqual([0, 1, 2]);
  });

  it('put custom resources after their CRD and namespaced objects after their Namespace', () => {
    const crd = obj('CustomResourceDefinition', 'widgets.example.com', {
      apiVersion: 'apiextensions.k8s.io/v1', namespace: null, spec: { group: 'example.com', names: { kind: 'Widget' } },
    });
    // A Namespace that depends on a Deployment must still come before objects in it.
    const ns = obj('Namespace', 'late', { namespace: null, dependsOn: [{ group: 'apps', kind: 'Deployment', namespace: 'shop', name: 'web' }] });
    const inLate = obj('ConfigMap', 'in-late', { namespace: 'late' });
    const widget = obj('Widget', 'w1', { apiVersion: 'example.com/v1' });
    const waves = computeWaves(orderablesOf([widget, inLate, ns, crd, obj('Deployment', 'web', { apiVersion: 'apps/v1' })]));
    const position = (name: string) => waves.findIndex((w) => w.items.some((i) => i.id.name === name));
    expect(position('w1')).toBeGreaterThan(position('widgets.example.com'));
    expect(position('late')).toBeGreaterThan(position('web'));
    expect(position('in-late')).toBeGreaterThan(position('late'));
  });

  it('ignore dependencies on objects outside the set (managed elsewhere)', () => {
    const cm = obj('ConfigMap', 'c', { dependsOn: [{ group: '', kind: 'Secret', namespace: 'other', name: 'x' }] });
    expect(names(computeWaves(orderablesOf([cm])))).toEqual([['ConfigMap/c']]);
  });

  it('report a dependency cycle with every object on it and its construct', () => {
    const a = obj('ConfigMap', 'a', { dependsOn: [{ group: '', kind: 'ConfigMap', namespace: 'shop', name: 'b' }] });
    const b = obj('ConfigMap', 'b', { dependsOn: [{ group: '', kind: 'ConfigMap', namespace: 'shop', name: 'a' }] });
    expect(() => computeWaves(orderablesOf([a, b]))).toThrow(DependencyCycleError);
    expect(() => computeWaves(orderablesOf([a, b]))).toThrow(
      'dependency cycle: ConfigMap/shop/a (shop/a) -> ConfigMap/shop/b (shop/b) -> ConfigMap/shop/a (shop/a); remove one of these dependencies',
    );
  });

  it('delete in reverse change-group order', () => {
    const ids: ObjectId[] = [
      { group: '', kind: 'Namespace', name: 'shop' }, { group: 'apps', kind: 'Deployment', namespace: 'shop', name: 'web' },
      { group: '', kind: 'Service', namespace: 'shop', name: 'web' }, { group: 'networking.k8s.io', kind: 'Ingress', namespace: 'shop', name: 'web' },
    ];
    expect(deleteWaves(ids.map((id) => ({ id }))).map((w) => w.items.map((i) => i.id.kind))).toEqual([['Ingress'], ['Deployment'], ['Service'], ['Namespace']]);
  });

  it('scale: 5000 objects in a chain-free set take one pass', () => {
    const objects = Array.from({ length: 5000 }, (_, i) => obj(i % 2 ? 'ConfigMap' : 'Service', `o${i}`));
    const waves = computeWaves(orderablesOf(objects));
    expect(waves.map((w) => w.items.length)).toEqual([2500, 2500]);
    expect(new Set(waves.flatMap((w) => w.items.map((i) => idKey(i.id)))).size).toBe(5000);
  });
});
