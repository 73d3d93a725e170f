/** Command lines of the cluster's processes. Everything listens on 127.0.0.1 only. */
import * as path from 'path';
import type { Pki } from './certs';
import { binDir, repoRoot, type StatePaths } from './paths';
import type { ProcessSpec } from './processes';

export interface Ports {
  readonly etcdClient: number;
  readonly etcdPeer: number;
  readonly apiserver: number;
}

export const serviceClusterIpRange = '10.96.0.0/16';

// No cloud and no real kubelets: node lifecycle would mark simulated nodes NotReady, the others need a cloud.
const controllers = '*,-nodelifecycle,-nodeipam,-cloud-node-lifecycle,-route,-service';

/** The binaries start/stop know as ours (used to find stray processes of a crashed run). */
export const programs = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'node-simulator.ts'];

export function etcd(paths: StatePaths, ports: Ports): ProcessSpec {
  const client = `http://127.0.0.1:${ports.etcdClient}`;
  const peer = `http://127.0.0.1:${ports.etcdPeer}`;
  return {
    name: 'etcd',
    command: 'etcd',
    args: [
      '--name=berth-test',
      `--data-dir=${paths.etcdData}`,
      `--listen-client-urls=${client}`,
      `--advertise-client-urls=${client}`,
      `--listen-peer-urls=${peer}`,
      `--initial-advertise-peer-urls=${peer}`,
      `--initial-cluster=berth-test=${peer}`,
      '--initial-cluster-state=new',
      '--log-level=warn',
    ],
    log: path.join(paths.logs, 'etcd.log'),
  };
}

export function apiserver(paths: StatePaths, ports: Ports, pki: Pki): ProcessSpec {
  return {
    name: 'kube-apiserver',
    command: path.join(binDir(), 'kube-apiserver'),
    args: [
      '--bind-address=127.0.0.1',
      '--advertise-address=127.0.0.1',
      `--secure-port=${ports.apiserver}`,
      '--insecure-port=0',
      `--etcd-servers=http://127.0.0.1:${ports.etcdClient}`,
      `--tls-cert-file=${pki.servingCert}`,
      `--tls-private-key-file=${pki.servingKey}`,
      `--client-ca-file=${pki.caCert}`,
      `--token-auth-file=${paths.tokens}`,
      '--authorization-mode=RBAC',
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      `--service-account-key-file=${pki.serviceAccountPub}`,
      `--service-account-signing-key-file=${pki.serviceAccountKey}`,
      `--service-cluster-ip-range=${serviceClusterIpRange}`,
      '--enable-admission-plugins=NamespaceLifecycle,LimitRanger,ResourceQuota',
      // Without it pods need their namespace's default ServiceAccount first: slow and not what tests check.
      '--disable-admission-plugins=ServiceAccount',
      // No kubelets and no real network behind the `kubernetes` Service.
      '--endpoint-reconciler-type=none',
      '--allow-privileged=true',
      `--cert-dir=${paths.pki}`,
      '--profiling=false',
      '--v=1',
    ],
    log: path.join(paths.logs, 'kube-apiserver.log'),
  };
}

export function controllerManager(paths: StatePaths, pki: Pki): ProcessSpec {
  return {
    name: 'kube-controller-manager',
    command: path.join(binDir(), 'kube-controller-manager'),
    args: [
      `--kubeconfig=${paths.kubeconfigControllerManager}`,
      '--leader-elect=false',
      '--port=0',
      '--secure-port=0',
      `--service-account-private-key-file=${pki.serviceAccountKey}`,
      `--root-ca-file=${pki.caCert}`,
      '--use-service-account-credentials=false',
      `--controllers=${controllers}`,
      `--service-cluster-ip-range=${serviceClusterIpRange}`,
      '--profiling=false',
      '--v=1',
    ],
    log: path.join(paths.logs, 'kube-controller-manager.log'),
  };
}

export function scheduler(paths: StatePaths): ProcessSpec {
  return {
    name: 'kube-scheduler',
    command: path.join(binDir(), 'kube-scheduler'),
    args: [
      `--kubeconfig=${paths.kubeconfigScheduler}`,
      '--leader-elect=false',
      '--port=0',
      '--secure-port=0',
      '--profiling=false',
      '--v=1',
    ],
    log: path.join(paths.logs, 'kube-scheduler.log'),
  };
}

export interface SimulatorOptions {
  readonly nodes: number;
  readonly zones: number;
}

export function nodeSimulator(paths: StatePaths, options: SimulatorOptions): ProcessSpec {
  return {
    name: 'node-simulator',
    command: process.execPath,
    args: [
      '-r', './bin/register-ts.js',
      path.join(repoRoot, 'test', 'harness', 'node-simulator.ts'),
      `--kubeconfig=${paths.kubeconfig}`,
      `--nodes=${options.nodes}`,
      `--zones=${options.zones}`,
    ],
    cwd: repoRoot,
    log: path.join(paths.logs, 'node-simulator.log'),
  };
}
