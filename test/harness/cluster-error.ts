import { ClusterError } from '../../lib/cluster/errors';

/** The ClusterError a promise rejects with; fails the test if it resolves or rejects with anything else. */
export async function clusterFailure(p: Promise<unknown>): Promise<ClusterError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ClusterError) return e;
    throw e;
  }
  throw new Error('expected a ClusterError');
}
