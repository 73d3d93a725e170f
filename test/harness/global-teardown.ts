/** Jest globalTeardown: stops the cluster only if globalSetup started it (BERTH_TEST_KEEP_CLUSTER=1 keeps it). */
import { runClusterScript } from './cluster-script';

export default async function globalTeardown(): Promise<void> {
  if (process.env.BERTH_TEST_CLUSTER_STARTED_BY_JEST !== '1') return;
  if (process.env.BERTH_TEST_KEEP_CLUSTER === '1') {
    process.stderr.write('[integration] BERTH_TEST_KEEP_CLUSTER=1: leaving the test cluster running\n');
    return;
  }
  const stopped = await runClusterScript('stop');
  if (stopped.code !== 0) throw new Error(`scripts/test-cluster.sh stop failed (exit ${stopped.code})`);
}
