/** Node objects the simulator registers: what a kubelet would report about its machine. */
import { createHash } from 'crypto';

export interface NodeSpec {
  readonly name: string;
  readonly zone: string;
  readonly index: number;
  /** Pods on this node get IPs from 10.244.<index>.0/24. */
  readonly internalIp: string;
}

export const nodeCapacity = { cpu: '4', memory: '8Gi', pods: '110', 'ephemeral-storage': '50Gi' };
export const region = 'berth-local';
export const notReadyTaint = 'node.kubernetes.io/not-ready';

/** `berth-node-1..n`, spread round-robin over zones `berth-local-a`, `berth-local-b`, ... */
export function nodeSpecs(count: number, zones: number): NodeSpec[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `berth-node-${i + 1}`,
    zone: `${region}-${String.fromCharCode(97 + (i % zones))}`,
    index: i + 1,
    internalIp: `10.0.0.${10 + i + 1}`,
  }));
}

export function nodeObject(node: NodeSpec): object {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: node.name,
      labels: {
        'kubernetes.io/hostname': node.name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'beta.kubernetes.io/arch': 'amd64',
        'topology.kubernetes.io/region': region,
        'topology.kubernetes.io/zone': node.zone,
        'failure-domain.beta.kubernetes.io/region': region,
        'failure-domain.beta.kubernetes.io/zone': node.zone,
        'node.kubernetes.io/instance-type': 'berth-simulated',
      },
    },
  };
}

function condition(type: string, status: string, reason: string, message: string, heartbeat: string, since: string) {
  return { type, status, reason, message, lastHeartbeatTime: heartbeat, lastTransitionTime: since };
}

/** The node's status as a kubelet reports it on every heartbeat. */
export function nodeStatus(node: NodeSpec, heartbeat: string, readySince: string): object {
  const id = createHash('sha256').update(node.name).digest('hex').slice(0, 32);
  return {
    capacity: nodeCapacity,
    allocatable: nodeCapacity,
    conditions: [
      condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'simulated', heartbeat, readySince),
      condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'simulated', heartbeat, readySince),
      condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'simulated', heartbeat, readySince),
      condition('Ready', 'True', 'KubeletReady', 'berth node simulator is posting ready status', heartbeat, readySince),
    ],
    addresses: [
      { type: 'InternalIP', address: node.internalIp },
      { type: 'Hostname', address: node.name },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
    nodeInfo: {
      machineID: id,
      systemUUID: id,
      bootID: id,
      kernelVersion: 'simulated',
      osImage: 'berth node simulator',
      containerRuntimeVersion: 'simulated://1.0.0',
      kubeletVersion: 'v1.20.2',
      kubeProxyVersion: 'v1.20.2',
      operatingSystem: 'linux',
      architecture: 'amd64',
    },
  };
}

/** The node's heartbeat Lease in kube-node-lease, as the kubelet renews it. */
export function nodeLease(node: NodeSpec, nodeUid: string, renewTime: string): object {
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: {
      name: node.name,
      namespace: 'kube-node-lease',
      ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: node.name, uid: nodeUid }],
    },
    spec: { holderIdentity: node.name, leaseDurationSeconds: 40, renewTime },
  };
}
