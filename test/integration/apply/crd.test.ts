// A CustomResourceDefinition and a custom resource of it in one berth apply (both through an Include): the plan
// creates the resource although the server does not serve its kind yet, apply waits for the CRD to be
// Established before applying it, and a second plan has nothing to do.
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { adminKube } from '../../harness/cluster';
import { testNamespace } from '../../harness/namespace';
import { berth, repo } from './helpers';

const ns = testNamespace('apply-crd');
const group = `t${process.pid}.berth.test`;
const crdName = `widgets.${group}`;

const yaml = `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: ${crdName}
spec:
  group: ${group}
  scope: Namespaced
  names: { plural: widgets, singular: widget, kind: Widget, listKind: WidgetList }
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                size: { type: integer }
---
apiVersion: ${group}/v1
kind: Widget
metadata:
  name: first
spec:
  size: 3
`;

function writeCrdStack(): string {
  const dir = mkdtempSync(join(tmpdir(), 'berth-crd-'));
  const file = join(dir, 'stack.ts');
  writeFileSync(file, `
import { App, Application, Include } from ${JSON.stringify(join(repo, 'build/lib/index.js'))};
const app = new App();
const widgets = new Application(app, 'widgets', { namespace: process.env.T_NS!, createNamespace: false });
new Include(widgets, 'crd-and-widget', { yaml: ${JSON.stringify(yaml)} });
export default app;
`);
  return file;
}

afterAll(async () => {
  await adminKube().delete(`/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crdName}`);
});

describe('a CRD and a custom resource of it in one apply', () => {
  it('plans the resource as a create, applies both, and then plans zero changes', async () => {
    const stack = writeCrdStack();
    const env = { T_NS: ns.name };
    expect((await adminKube().get(`/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crdName}`)).status).toBe(404);

    const planned = await berth(['plan', '--app', stack, '--output', 'json'], { env });
    expect(planned.stderr).not.toMatch(/error|does not serve/);
    expect(planned.code).toBe(0);
    const first = JSON.parse(planned.stdout) as { summary: object; changes: { id: { kind: string }; action: string }[] };
    expect(first.changes.map((c) => [c.id.kind, c.action])).toEqual([['CustomResourceDefinition', 'create'], ['Widget', 'create']]);

    const applied = await berth(['apply', '--app', stack, '--auto-approve'], { env });
    expect(applied.stdout).toMatch(/^Apply complete: 2 created, 0 configured, 0 replaced, 0 unchanged, 0 pruned\.$/m);
    expect(applied.code).toBe(0);
    const widget = await adminKube().get(`/apis/${group}/v1/namespaces/${ns.name}/widgets/first`);
    expect(widget.status).toBe(200);
    expect(widget.body.spec).toEqual({ size: 3 });

    const again = await berth(['plan', '--app', stack, '--detailed-exitcode'], { env });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/No changes/);
  });
});
