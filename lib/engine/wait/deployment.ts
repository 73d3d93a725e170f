/** A Deployment is ready when its newest ReplicaSet has every replica updated and available, old ones gone. */
import { Manifest } from '../../model/object';
import { podFailure } from './pods';
import { ReadinessRule, conditionOf, failed, notObserved, ownedBy, progressing, ready, specOf, statusOf } from './types';

const REVISION = 'deployment.kubernetes.io/revision';

export const deploymentReadiness: ReadinessRule = ({ object: d, pods, replicaSets }) => {
  // Observed generation first: a deadline exceeded by an earlier spec says nothing about this one.
  const waiting = notObserved(d);
  if (waiting) return waiting;
  const progress = conditionOf(d, 'Progressing');
  if (progress?.reason === 'ProgressDeadlineExceeded') return failed(`rollout stalled: ProgressDeadlineExceeded (${progress.message ?? ''})`);
  const crash = podFailure(newPods(d, replicaSets, pods));
  if (crash) return failed(crash);
  const want = Number(specOf(d).replicas ?? 1);
  const s = statusOf(d);
  const updated = Number(s.updatedReplicas ?? 0);
  const total = Number(s.replicas ?? 0);
  const available = Number(s.availableReplicas ?? 0);
  if (updated < want) return progressing(`${updated} of ${want} replicas updated`);
  if (total > updated) return progressing(`${total - updated} old replicas pending termination`);
  if (available < updated) return progressing(`${available} of ${updated} updated replicas available`);
  return ready(`${available}/${want} replicas available`);
};

/** Pods of the ReplicaSet of the Deployment's current revision (old pods crashing do not fail a fix). */
function newPods(d: Manifest, replicaSets: readonly Manifest[] | undefined, pods: readonly Manifest[] | undefined): Manifest[] {
  const revision = d.metadata.annotations?.[REVISION];
  const current = ownedBy(replicaSets, d).find((rs) => revision !== undefined && rs.metadata.annotations?.[REVISION] === revision);
  return current ? ownedBy(pods, current) : [];
}
