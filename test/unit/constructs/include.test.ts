import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { parseAllDocuments } from 'yaml';
import { Include, IncludeError, synthManifests, parseVersion } from 'berth';
import { newApp, objects } from '../helpers';

const YAML = `
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: reader
rules:
  - apiGroups: [""]
    resources: ["pods"]
    verbs: ["get", "list"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: global-reader
rules: []
---
`;

describe('Include', () => {
  test('brings YAML documents in as labelled objects; namespaced ones get the app namespace', () => {
    const { app, shop } = newApp();
    new Include(shop, 'rbac', { yaml: YAML });
    const all = objects(app);
    expect(all.map((o) => [o.manifest.kind, o.manifest.metadata.namespace])).toEqual([['ClusterRole', undefined], ['Role', 'shop']]);
    expect(all[1].manifest.metadata.labels).toMatchObject({ 'app.kubernetes.io/managed-by': 'berth', 'app.kubernetes.io/part-of': 'shop' });
    expect(all[1].source).toBe('shop/rbac');
    expect(all[1].manifest.rules).toEqual([{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }]);
  });

  test('round trip: synthesized manifests included again give the same objects and the same bytes', () => {
    const { app, shop } = newApp();
    new Include(shop, 'rbac', { yaml: YAML });
    const v = parseVersion('1.34');
    const first = synthManifests(objects(app), { targetVersion: v }).files.find((f) => f.path === 'shop.yaml')!.content;
    const dir = mkdtempSync(join(tmpdir(), 'berth-include-'));
    writeFileSync(join(dir, 'shop.yaml'), first);
    const { app: app2, shop: shop2 } = newApp();
    new Include(shop2, 'again', { file: join(dir, 'shop.yaml') });
    const again = objects(app2);
    expect(again.map((o) => o.manifest)).toEqual(objects(app).map((o) => o.manifest));
    expect(synthManifests(again, { targetVersion: v }).files.find((f) => f.path === 'shop.yaml')!.content).toBe(first);
    expect(parseAllDocuments(first).length).toBe(2);
  });

  test('invalid YAML names the file, line and column', () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-include-'));
    const file = join(dir, 'broken.yaml');
    writeFileSync(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n data: [unclosed\n');
    const { shop } = newApp();
    expect(() => new Include(shop, 'bad', { file })).toThrow(IncludeError);
    expect(() => new Include(shop, 'bad2', { file })).toThrow(new RegExp(`${file.replace(/[/.]/g, '\\$&')}:\\d+:\\d+: invalid YAML`));
  });

  test('documents without kind or name, lists and missing files are clear errors', () => {
    const { shop } = newApp();
    expect(() => new Include(shop, 'a', { yaml: 'apiVersion: v1\nmetadata:\n  name: x\n' })).toThrow(/document 1\): missing kind/);
    expect(() => new Include(shop, 'b', { yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n' })).toThrow(/ConfigMap has no metadata.name/);
    expect(() => new Include(shop, 'c', { yaml: 'apiVersion: v1\nkind: List\nmetadata:\n  name: l\nitems: []\n' })).toThrow(/kind List is not supported/);
    expect(() => new Include(shop, 'd', { yaml: '- a\n- b\n' })).toThrow(/must be a mapping/);
    expect(() => new Include(shop, 'e', { file: '/nonexistent/x.yaml' })).toThrow(/\/nonexistent\/x.yaml: cannot read/);
  });
});
