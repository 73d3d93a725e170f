/**
 * `--target-version 1.20` must produce objects a v1.20 API server accepts, as written: the example stack is
 * applied (server-side, for real) into a fresh namespace, and every field berth wrote must still be there, since
 * a 1.20 server silently drops fields it does not know.
 */
import { KubeClient } from '../../../lib/cluster';
import { BerthObject, Json, Manifest, parseVersion } from '../../../lib';
import exampleApp from '../../../stacks/main';
import { testNamespace } from '../../harness/namespace';

const ns = testNamespace('synth-1-20');
let client: KubeClient;

beforeAll(async () => {
  client = await KubeClient.connect({ kubeconfig: process.env.KUBECONFIG, discoveryCacheDir: '' });
});
afterAll(() => client?.close());

/** The example's objects, moved into the test's namespace (the Namespace object itself is left out). */
function exampleObjects(version: string): Manifest[] {
  return exampleApp.toObjects({ targetVersion: parseVersion(version) })
    .filter((o: BerthObject) => o.manifest.kind !== 'Namespace')
    .map((o: BerthObject) => ({ ...o.manifest, metadata: { ...o.manifest.metadata, namespace: ns.name } }))
    .map(withoutClaims);
}

/**
 * StatefulSets get 0 replicas here: their pods would create PersistentVolumeClaims, and a claim left pending in
 * this (soon deleted) namespace can take the one PersistentVolume another test provides for the example.
 */
function withoutClaims(m: Manifest): Manifest {
  return m.kind === 'StatefulSet' ? { ...m, spec: { ...(m.spec as object), replicas: 0 } } : m;
}

/** Paths of fields in `want` that are missing or different in `got` (objects compared key by key, lists by index). */
function missingFields(want: Json, got: Json, path = ''): string[] {
  if (Array.isArray(want)) {
    if (!Array.isArray(got)) return [path];
    return want.flatMap((w, i) => missingFields(w, got[i], `${path}[${i}]`));
  }
  if (want !== null && typeof want === 'object') {
    if (got === null || typeof got !== 'object' || Array.isArray(got)) return [path];
    return Object.entries(want).flatMap(([k, v]) => missingFields(v, (got as Record<string, Json>)[k], path ? `${path}.${k}` : k));
  }
  return want === got ? [] : [path];
}

test('every object of the example at target 1.20 is applied by the v1.20 server with every field kept', async () => {
  expect((await client.version()).gitVersion).toBe('v1.20.2');
  const objects = exampleObjects('1.20');
  expect(objects.map((o) => `${o.kind}=${o.apiVersion}`)).toEqual(expect.arrayContaining([
    'HorizontalPodAutoscaler=autoscaling/v2beta2', 'PodDisruptionBudget=policy/v1beta1', 'CronJob=batch/v1beta1',
  ]));
  for (const desired of objects) {
    const live = await client.apply(desired, { fieldManager: 'berth-test' });
    const { labels, annotations, ...metadata } = desired.metadata;
    const comparable = { ...desired, metadata: { ...metadata, labels, ...(annotations ? { annotations } : {}) } };
    // Quantities are normalised by the server (e.g. "1" CPU stays "1", "500m" stays "500m"); compare as written.
    expect({ object: `${desired.kind}/${desired.metadata.name}`, missing: missingFields(comparable as unknown as Json, live as unknown as Json) })
      .toEqual({ object: `${desired.kind}/${desired.metadata.name}`, missing: [] });
  }
});

test('the newest target emits API versions a 1.20 server does not serve, which is why the target matters', async () => {
  const hpa = exampleObjects('1.34').find((o) => o.kind === 'HorizontalPodAutoscaler')!;
  expect(hpa.apiVersion).toBe('autoscaling/v2');
  await expect(client.apply(hpa, { fieldManager: 'berth-test', dryRun: true })).rejects.toThrow(/does not serve kind HorizontalPodAutoscaler in autoscaling\/v2/);
});
