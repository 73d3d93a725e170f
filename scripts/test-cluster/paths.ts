/** Where the local test cluster keeps its binaries (per machine) and its run state (per clone). */
import * as path from 'path';

export const K8S_VERSION = '1.20.2';
export const repoRoot = path.resolve(__dirname, '..', '..');

/** Built binaries, shared by every clone on the machine and keyed by version. */
export function binDir(): string {
  return path.join(process.env.BERTH_CACHE_DIR ?? '/var/cache/berth', `k8s-v${K8S_VERSION}`);
}

/** Certificates, etcd data, pids, logs and kubeconfigs of one running cluster. */
export function stateDir(): string {
  return path.resolve(process.env.BERTH_TEST_CLUSTER_DIR ?? path.join(repoRoot, '.test-cluster'));
}

export function statePaths(dir = stateDir()) {
  return {
    dir,
    state: path.join(dir, 'cluster.json'),
    pki: path.join(dir, 'pki'),
    etcdData: path.join(dir, 'etcd'),
    logs: path.join(dir, 'logs'),
    previousLogs: path.join(dir, 'logs.previous'),
    tokens: path.join(dir, 'pki', 'tokens.csv'),
    kubeconfig: path.join(dir, 'kubeconfig'),
    kubeconfigLimited: path.join(dir, 'kubeconfig-limited'),
    kubeconfigControllerManager: path.join(dir, 'kubeconfig-controller-manager'),
    kubeconfigScheduler: path.join(dir, 'kubeconfig-scheduler'),
  };
}

export type StatePaths = ReturnType<typeof statePaths>;
