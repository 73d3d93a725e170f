import { App, Application, ConfigMap, Deployment, Namespace, Secret, Service } from 'berth';
import { find, newApp, objects } from '../helpers';

describe('App and Application', () => {
  test('every object carries managed-by, part-of and name labels plus the application labels', () => {
    const app = new App();
    const shop = new Application(app, 'shop', { labels: { team: 'storefront' } });
    new ConfigMap(shop, 'settings', { data: { a: '1' }, labels: { tier: 'backend' } });
    for (const o of objects(app)) {
      expect(o.manifest.metadata.labels).toMatchObject({
        'app.kubernetes.io/managed-by': 'berth',
        'app.kubernetes.io/part-of': 'shop',
        'app.kubernetes.io/name': o.manifest.metadata.name,
        team: 'storefront',
      });
    }
    expect(find(app, 'ConfigMap', 'settings').metadata.labels!.tier).toBe('backend');
  });

  test('a user cannot override managed-by or part-of', () => {
    const { app, shop } = newApp();
    new ConfigMap(shop, 'c', { labels: { 'app.kubernetes.io/managed-by': 'helm', 'app.kubernetes.io/part-of': 'x' } });
    expect(find(app, 'ConfigMap', 'c').metadata.labels).toMatchObject({
      'app.kubernetes.io/managed-by': 'berth', 'app.kubernetes.io/part-of': 'shop',
    });
  });

  test('an application creates its namespace unless told not to, and puts objects in it', () => {
    const app = new App();
    const a = new Application(app, 'a', { namespace: 'team-a' });
    new ConfigMap(a, 'c');
    new Application(app, 'b', { createNamespace: false });
    const all = objects(app);
    expect(all.filter((o) => o.manifest.kind === 'Namespace').map((o) => o.manifest.metadata.name)).toEqual(['team-a']);
    expect(find(app, 'ConfigMap', 'c').metadata.namespace).toBe('team-a');
    expect(find(app, 'Namespace', 'team-a').metadata.namespace).toBeUndefined();
  });

  test('objects record the construct path and application', () => {
    const { app, shop } = newApp();
    new ConfigMap(shop, 'c');
    const o = objects(app).find((x) => x.manifest.kind === 'ConfigMap')!;
    expect(o.source).toBe('shop/c');
    expect(o.app).toBe('shop');
  });

  test('explicit dependencies are kept in the model as object ids', () => {
    const { app, shop } = newApp();
    const secret = new Secret(shop, 'creds', { stringData: { k: 'v' } });
    const d = new Deployment(shop, 'api', { containers: [{ image: 'api:1' }] });
    d.dependOn(secret);
    const o = objects(app).find((x) => x.manifest.kind === 'Deployment')!;
    expect(o.dependsOn).toEqual([{ group: '', kind: 'Secret', namespace: 'shop', name: 'creds' }]);
  });

  test('objects come out in apply order: namespaces, policies, config, services, workloads, routing', () => {
    const app = new App();
    const shop = new Application(app, 'shop');
    const d = new Deployment(shop, 'web', { containers: [{ image: 'web:1', port: 80 }] });
    d.exposeViaService().exposeViaIngress('x.example.com');
    new ConfigMap(shop, 'c');
    expect(objects(app).map((o) => o.manifest.kind)).toEqual(['Namespace', 'ConfigMap', 'Service', 'Deployment', 'Ingress']);
  });

  test('resources outside an Application are rejected with the construct path', () => {
    const app = new App();
    expect(() => new ConfigMap(app, 'loose')).toThrow(/loose: berth objects must be created inside an Application/);
  });

  test('App.isApp recognises apps across copies of the library', () => {
    expect(App.isApp(new App())).toBe(true);
    expect(App.isApp({})).toBe(false);
  });

  test('a namespace object is cluster scoped', () => {
    const { app, shop } = newApp();
    new Namespace(shop, 'extra', { name: 'extra' });
    expect(find(app, 'Namespace', 'extra').metadata.namespace).toBeUndefined();
  });

  test('Service names come from the construct id unless given', () => {
    const { app, shop } = newApp();
    new Service(shop, 'svc', { ports: [{ port: 80 }] });
    new Service(shop, 'other', { name: 'named', ports: [{ port: 80 }] });
    expect(objects(app).map((o) => o.manifest.metadata.name).sort()).toEqual(['named', 'svc']);
  });
});
