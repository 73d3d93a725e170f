/**
 * Records what the local test cluster reports while workloads roll out, for the readiness rules' unit tests:
 *   KUBECONFIG=.test-cluster/kubeconfig node -r ./bin/register-ts.js test/unit/engine/wait-fixtures/capture.ts
 * Each scenario applies one object, then polls it (and its ReplicaSets and pods) and keeps every distinct state,
 * stripped of managedFields, until it is settled. Output: <scenario>.json next to this file.
 */
import { writeFileSync } from 'fs';
import { join } from 'path';
import { KubeClient } from '../../../../lib/cluster/client';
import { Manifest } from '../../../../lib/model/object';

const ns = `capture-${Date.now().toString(36)}`;

function deployment(name: string, image: string, extra: Record<string, unknown> = {}): Manifest {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: ns },
    spec: {
      replicas: 2, progressDeadlineSeconds: 6, selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'main', image, resources: { requests: { cpu: '1m' } } }] } },
      ...extra,
    },
  } as unknown as Manifest;
}

function job(name: string, image: string): Manifest {
  return {
    apiVersion: 'batch/v1', kind: 'Job', metadata: { name, namespace: ns },
    spec: { backoffLimit: 0, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image, resources: { requests: { cpu: '1m' } } }] } } },
  } as unknown as Manifest;
}

const scenarios: { name: string; object: Manifest; settled: (states: number) => boolean; seconds: number }[] = [
  { name: 'deployment-rollout', object: deployment('ok', 'registry.example/web:1'), settled: () => false, seconds: 12 },
  { name: 'deployment-never-ready', object: deployment('stuck', 'registry.example/never-ready:1'), settled: () => false, seconds: 25 },
  { name: 'deployment-crashloop', object: deployment('crash', 'registry.example/crashloop:1'), settled: () => false, seconds: 10 },
  { name: 'deployment-bad-pull', object: deployment('pull', 'registry.example/bad-pull:1'), settled: () => false, seconds: 8 },
  { name: 'job-complete', object: job('done', 'registry.example/succeed:1'), settled: () => false, seconds: 10 },
  { name: 'job-failed', object: job('broken', 'registry.example/fail:1'), settled: () => false, seconds: 10 },
];

function strip(m: Manifest): Manifest {
  const { managedFields: _m, ...metadata } = m.metadata as Record<string, unknown>;
  return { ...m, metadata } as Manifest;
}

async function main(): Promise<void> {
  const client = await KubeClient.connect();
  await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  try {
    await Promise.all(scenarios.map(async (s) => {
      await client.apply(s.object, { fieldManager: 'berth-capture' });
      const states: unknown[] = [];
      const seen = new Set<string>();
      const end = Date.now() + s.seconds * 1000;
      while (Date.now() < end) {
        const object = await client.get(s.object.apiVersion, s.object.kind, s.object.metadata.name, ns);
        const pods = (await client.list('v1', 'Pod', { namespace: ns })).map(strip);
        const replicaSets = s.object.kind === 'Deployment' ? (await client.list('apps/v1', 'ReplicaSet', { namespace: ns })).map(strip) : undefined;
        const uid = object!.metadata.uid;
        const rsMine = replicaSets?.filter((r) => (r.metadata.ownerReferences as any[] | undefined)?.some((o) => o.uid === uid));
        const rsUids = new Set((rsMine ?? []).map((r) => r.metadata.uid));
        const podsMine = pods.filter((p) => (p.metadata.ownerReferences as any[] | undefined)?.some((o) => o.uid === uid || rsUids.has(o.uid)));
        const state = { object: strip(object!), pods: podsMine, ...(rsMine ? { replicaSets: rsMine } : {}) };
        const fingerprint = JSON.stringify({ s: state.object.status, g: state.object.metadata.generation, p: podsMine.map((p) => p.status), r: rsMine?.map((r) => r.status) });
        if (!seen.has(fingerprint)) {
          seen.add(fingerprint);
          states.push(state);
        }
        await new Promise((r) => setTimeout(r, 300));
      }
      writeFileSync(join(__dirname, `${s.name}.json`), JSON.stringify(states, null, 1) + '\n');
      process.stdout.write(`${s.name}: ${states.length} states\n`);
    }));
  } finally {
    await client.delete('v1', 'Namespace', ns, undefined);
    client.close();
  }
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack}\n`);
  process.exit(1);
});
