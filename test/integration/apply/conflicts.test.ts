// A field another field manager owns: apply stops before writing anything, naming the manager and the field;
// --force-conflicts takes the field over.
import { adminKube } from '../../harness/cluster';
import { testNamespace } from '../../harness/namespace';
import { berth, writeStack } from './helpers';

const ns = testNamespace('apply-conflict');
const app = 'conflicted';
const env = { T_NS: ns.name, T_APP: app, T_NO_SERVICE: '1', T_GREETING: 'hello from berth' };

test('a conflict names the other manager and field; --force-conflicts takes ownership', async () => {
  const stack = writeStack();
  // Someone else owns data.GREETING of the ConfigMap berth is about to manage.
  const path = `/api/v1/namespaces/${ns.name}/configmaps/settings`;
  const other = await adminKube().patch(path, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { GREETING: 'hello from ops' } },
    'apply', { fieldManager: 'ops-team' });
  expect(other.status).toBe(201);

  const refused = await berth(['apply', '--app', stack, '--auto-approve', '--no-wait'], { env });
  expect(refused.code).toBe(1);
  expect(refused.stderr).toMatch(/ConfigMap\/\S+\/settings \(conflicted\/settings\): server-side apply conflict: \.data\.GREETING is owned by field manager "ops-team".*--force-conflicts/);
  expect((await adminKube().get(path)).body.data.GREETING).toBe('hello from ops');
  expect((await adminKube().get(`/apis/apps/v1/namespaces/${ns.name}/deployments/web`)).status).toBe(404); // nothing written

  const forced = await berth(['apply', '--app', stack, '--auto-approve', '--no-wait', '--force-conflicts'], { env });
  expect(forced.stderr).not.toMatch(/^error/m);
  expect(forced.code).toBe(0);
  const live = (await adminKube().get(path)).body;
  expect(live.data.GREETING).toBe('hello from berth');
  const owners = live.metadata.managedFields.filter((f: { fieldsV1?: { 'f:data'?: Record<string, unknown> } }) => f.fieldsV1?.['f:data']?.['f:GREETING'] !== undefined);
  expect(owners.map((f: { manager: string }) => f.manager)).toEqual(['berth']);
});
