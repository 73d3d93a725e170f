// A saved plan holds no secret value, only a salted digest of them all: applying it after a secret value changed
// is refused with nothing written; with the values it was made with, it applies.
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { adminKube } from '../../harness/cluster';
import { testNamespace } from '../../harness/namespace';
import { berth, writeStack } from './helpers';

jest.setTimeout(120_000);
const ns = testNamespace('apply-saved-secrets');

test('a saved plan is stale once a secret value changed, and applies with the values it was made with', async () => {
  const stack = writeStack();
  const planFile = join(mkdtempSync(join(tmpdir(), 'berth-plan-')), 'plan.json');
  const env = (secret: string) => ({ T_NS: ns.name, T_APP: 'secretive', T_NO_SERVICE: '1', T_SECRET: secret });
  expect((await berth(['plan', '--app', stack, '--out', planFile], { env: env('first-value') })).code).toBe(0);

  const refused = await berth(['apply', '--app', stack, '--plan', planFile, '--no-wait'], { env: env('second-value') });
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain('secret values differ from the ones the plan was made with');
  expect(refused.stderr + refused.stdout).not.toMatch(/first-value|second-value/);
  expect((await adminKube().get(`/api/v1/namespaces/${ns.name}/secrets/creds`)).status).toBe(404);

  const applied = await berth(['apply', '--app', stack, '--plan', planFile, '--no-wait'], { env: env('first-value') });
  expect(applied.stderr).not.toMatch(/^error/m);
  expect(applied.code).toBe(0);
  const live = (await adminKube().get(`/api/v1/namespaces/${ns.name}/secrets/creds`)).body;
  expect(Buffer.from(live.data.TOKEN, 'base64').toString()).toBe('first-value');
});
