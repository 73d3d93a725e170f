/**
 * Jest globalSetup of the integration project: one real cluster for the whole run. A cluster that already runs
 * (a developer started it by hand) is reused and left running afterwards. Test workers are spawned after this and
 * inherit KUBECONFIG and BERTH_TEST_KUBECONFIG_LIMITED from the environment set here.
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import { kubeconfigFrom, limitedKubeconfigOf, runClusterScript } from './cluster-script';

export default async function globalSetup(): Promise<void> {
  const status = await runClusterScript('status');
  let kubeconfig = status.code === 0 ? kubeconfigFrom(status.stdout) : undefined;
  if (kubeconfig) {
    process.stderr.write(`\n[integration] reusing the running test cluster (${kubeconfig}); it stays up after the run\n`);
  } else {
    process.stderr.write('\n[integration] starting the test cluster (scripts/test-cluster.sh start)\n');
    const setupBegan = Date.now();
    const started = await runClusterScript('start');
    kubeconfig = kubeconfigFrom(started.stdout);
    if (started.code !== 0 || !kubeconfig) {
      throw new Error(`scripts/test-cluster.sh start failed (exit ${started.code}); see its output above and .test-cluster/logs/`);
    }
    // Another run may have started it between our status and start: then it is not ours to stop.
    if (startedAt(kubeconfig) >= setupBegan) process.env.BERTH_TEST_CLUSTER_STARTED_BY_JEST = '1';
  }
  process.env.KUBECONFIG = kubeconfig;
  process.env.BERTH_TEST_KUBECONFIG_LIMITED = limitedKubeconfigOf(kubeconfig);
}

/** When the running cluster was started, from the state file beside its kubeconfig (0 if unknown). */
function startedAt(kubeconfig: string): number {
  try {
    const state = JSON.parse(readFileSync(path.join(path.dirname(kubeconfig), 'cluster.json'), 'utf8')) as { startedAt?: string };
    return Date.parse(state.startedAt ?? '') || 0;
  } catch {
    return 0;
  }
}
