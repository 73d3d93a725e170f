/**
 * A fresh namespace per test file: unique name, created in beforeAll, deleted in afterAll. Deletion is only
 * requested (the namespace controller finalizes it in the background), so it never holds up the run.
 */
import { randomBytes } from 'crypto';
import { adminKube } from './cluster';

export interface TestNamespace {
  /** Set once beforeAll ran. */
  readonly name: string;
}

export function testNamespace(prefix: string): TestNamespace {
  const base = prefix.toLowerCase().replace(/[^a-z0-9-]/g, '-').slice(0, 40);
  const namespace = { name: `t-${base}-${randomBytes(3).toString('hex')}` };
  beforeAll(async () => {
    const res = await adminKube().post('/api/v1/namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: namespace.name, labels: { 'berth.dev/test-namespace': 'true' } },
    });
    if (res.status !== 201) throw new Error(`creating namespace ${namespace.name}: HTTP ${res.status} ${res.body?.message}`);
  });
  afterAll(async () => {
    if (process.env.BERTH_TEST_KEEP_NAMESPACES === '1') return;
    await adminKube().delete(`/api/v1/namespaces/${namespace.name}`);
  });
  return namespace;
}
