/**
 * Plays the kubelet of N nodes against the test cluster: registers the nodes, keeps their heartbeats fresh, and
 * reports status for the pods the real scheduler binds to them (see simulated-pods.ts for the behaviours).
 * Bound pods being deleted are removed for good, as a kubelet does once their containers stopped.
 *
 *   node -r ./bin/register-ts.js test/harness/node-simulator.ts --kubeconfig=<file> [--nodes=3] [--zones=2]
 */
import { KubeHttp } from './kube-http';
import { kubeTime, podStatus, type PodPlacement } from './simulated-pods';
import { nodeLease, nodeObject, nodeSpecs, nodeStatus, notReadyTaint, type NodeSpec } from './simulated-nodes';

const pollMs = 1_000;
const heartbeatMs = 10_000;
const fieldManager = 'berth-node-simulator';

function log(message: string): void {
  process.stdout.write(`${new Date().toISOString()} ${message}\n`);
}

function option(name: string, fallback?: string): string {
  const prefix = `--${name}=`;
  const value = process.argv.find((arg) => arg.startsWith(prefix))?.slice(prefix.length) ?? fallback;
  if (value === undefined) throw new Error(`missing --${name}=...`);
  return value;
}

function expectOk(what: string, res: { status: number; body: any }, ...accepted: number[]): void {
  if (res.status >= 300 && !accepted.includes(res.status)) {
    throw new Error(`${what}: HTTP ${res.status} ${res.body?.message ?? JSON.stringify(res.body)}`);
  }
}

class NodeSimulator {
  private readonly nodesByName: Map<string, NodeSpec>;
  private readonly nodeUids = new Map<string, string>();
  private readonly readySince = kubeTime(Date.now());
  /** Pod uid → where it runs; the status last sent (so unchanged pods cost no write). */
  private readonly placements = new Map<string, PodPlacement>();
  private readonly lastSent = new Map<string, string>();
  private readonly nextIp = new Map<string, number>();
  private stopped = false;

  constructor(private readonly kube: KubeHttp, readonly nodes: NodeSpec[]) {
    this.nodesByName = new Map(nodes.map((node) => [node.name, node]));
  }

  async register(): Promise<void> {
    for (const node of this.nodes) {
      expectOk(`create Node ${node.name}`, await this.kube.post('/api/v1/nodes', nodeObject(node)), 409);
      await this.heartbeat(node);
      // Admission taints new nodes not-ready; without node lifecycle controller nobody else lifts it.
      const current = await this.kube.get(`/api/v1/nodes/${node.name}`);
      expectOk(`get Node ${node.name}`, current);
      this.nodeUids.set(node.name, current.body.metadata.uid);
      const taints = current.body.spec.taints ?? [];
      const kept = taints.filter((taint: any) => taint.key !== notReadyTaint);
      if (kept.length !== taints.length) {
        const res = await this.kube.patch(`/api/v1/nodes/${node.name}`, { spec: { taints: kept.length > 0 ? kept : null } }, 'merge');
        expectOk(`untaint Node ${node.name}`, res);
      }
      await this.renewLease(node);
      log(`node ${node.name} (zone ${node.zone}) registered and Ready`);
    }
  }

  private async heartbeat(node: NodeSpec): Promise<void> {
    const status = nodeStatus(node, kubeTime(Date.now()), this.readySince);
    expectOk(`status of Node ${node.name}`, await this.kube.patch(`/api/v1/nodes/${node.name}/status`, { status }, 'merge'));
  }

  private async renewLease(node: NodeSpec): Promise<void> {
    const renewTime = new Date().toISOString().replace('Z', '000Z'); // MicroTime: six fraction digits
    const lease = nodeLease(node, this.nodeUids.get(node.name) ?? '', renewTime);
    const res = await this.kube.apply(`/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${node.name}`, lease, { fieldManager, force: true });
    expectOk(`lease of Node ${node.name}`, res);
  }

  async heartbeats(): Promise<void> {
    for (const node of this.nodes) {
      await this.heartbeat(node);
      await this.renewLease(node);
    }
  }

  private placementOf(pod: any, node: NodeSpec): PodPlacement {
    const uid = pod.metadata.uid;
    let placement = this.placements.get(uid);
    if (!placement) {
      // After a simulator restart, keep what was already reported.
      const startMs = pod.status?.startTime ? Date.parse(pod.status.startTime) : Date.now();
      const podIP = pod.status?.podIP ?? this.allocateIp(node);
      placement = { hostIP: node.internalIp, podIP, startMs };
      this.placements.set(uid, placement);
    }
    return placement;
  }

  private allocateIp(node: NodeSpec): string {
    const next = this.nextIp.get(node.name) ?? 0;
    this.nextIp.set(node.name, next + 1);
    return `10.244.${node.index}.${2 + (next % 250)}`;
  }

  async syncPods(): Promise<void> {
    const res = await this.kube.get('/api/v1/pods');
    expectOk('list pods', res);
    const seen = new Set<string>();
    const work: Array<() => Promise<void>> = [];
    for (const pod of res.body.items as any[]) {
      const node = this.nodesByName.get(pod.spec.nodeName);
      if (!node) continue;
      const uid = pod.metadata.uid;
      seen.add(uid);
      if (pod.metadata.deletionTimestamp) {
        // Grace period 0 means our delete went through; only finalizers of others keep it now.
        if (pod.metadata.deletionGracePeriodSeconds !== 0) work.push(() => this.remove(pod));
        continue;
      }
      if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') continue;
      const status = podStatus(pod, this.placementOf(pod, node), Date.now());
      const fingerprint = JSON.stringify(status);
      if (this.lastSent.get(uid) === fingerprint) continue;
      work.push(() => this.report(pod, status, fingerprint));
    }
    for (const uid of this.placements.keys()) {
      if (!seen.has(uid)) {
        this.placements.delete(uid);
        this.lastSent.delete(uid);
      }
    }
    await runLimited(work, 8);
  }

  private async report(pod: any, status: Record<string, unknown>, fingerprint: string): Promise<void> {
    const { namespace, name, uid } = pod.metadata;
    const res = await this.kube.patch(`/api/v1/namespaces/${namespace}/pods/${name}/status`, { status }, 'merge');
    if (res.status === 404) return;
    expectOk(`status of Pod ${namespace}/${name}`, res);
    if (this.lastSent.get(uid) === undefined || (status.phase as string) !== JSON.parse(this.lastSent.get(uid)!).phase) {
      log(`pod ${namespace}/${name} on ${pod.spec.nodeName}: ${status.phase}`);
    }
    this.lastSent.set(uid, fingerprint);
  }

  /** The kubelet's final delete once containers stopped: grace period 0, only this incarnation (uid). */
  private async remove(pod: any): Promise<void> {
    const { namespace, name, uid } = pod.metadata;
    const res = await this.kube.delete(`/api/v1/namespaces/${namespace}/pods/${name}`, {
      gracePeriodSeconds: 0,
      body: { apiVersion: 'v1', kind: 'DeleteOptions', gracePeriodSeconds: 0, preconditions: { uid } },
    });
    expectOk(`delete Pod ${namespace}/${name}`, res, 404, 409);
    log(`pod ${namespace}/${name} on ${pod.spec.nodeName}: removed`);
  }

  async run(): Promise<void> {
    let lastHeartbeat = Date.now();
    while (!this.stopped) {
      const began = Date.now();
      try {
        if (began - lastHeartbeat >= heartbeatMs) {
          lastHeartbeat = began;
          await this.heartbeats();
        }
        await this.syncPods();
      } catch (err: any) {
        log(`error (will retry): ${err.message}`);
      }
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, pollMs - (Date.now() - began))));
    }
  }

  stop(): void {
    this.stopped = true;
  }
}

async function runLimited(tasks: Array<() => Promise<void>>, limit: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const task = tasks[next++]!;
      try {
        await task();
      } catch (err: any) {
        log(`error: ${err.message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
}

async function main(): Promise<void> {
  const kube = KubeHttp.fromKubeconfig(option('kubeconfig'));
  const simulator = new NodeSimulator(kube, nodeSpecs(Number(option('nodes', '3')), Number(option('zones', '2'))));
  const shutdown = () => {
    log('stopping');
    simulator.stop();
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  await simulator.register();
  await simulator.run();
  kube.close();
}

main().catch((err) => {
  log(`fatal: ${err.stack ?? err}`);
  process.exit(1);
});
