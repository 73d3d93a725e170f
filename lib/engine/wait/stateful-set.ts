/** A StatefulSet is ready when every replica is ready at the update revision (as `kubectl rollout status`). */
import { podFailure } from './pods';
import { ReadinessRule, notObserved, ownedBy, progressing, ready, specOf, statusOf } from './types';

export const statefulSetReadiness: ReadinessRule = ({ object: sts, pods }) => {
  const waiting = notObserved(sts);
  if (waiting) return waiting;
  const s = statusOf(sts);
  const spec = specOf(sts);
  const current = ownedBy(pods, sts).filter((p) => !s.updateRevision || p.metadata.labels?.['controller-revision-hash'] === s.updateRevision);
  const crash = podFailure(current);
  if (crash) return { state: 'failed', message: crash };
  const want = Number(spec.replicas ?? 1);
  const readyCount = Number(s.readyReplicas ?? 0);
  if (spec.updateStrategy?.type === 'OnDelete') return readyCount >= want ? ready(`${readyCount}/${want} ready (OnDelete: pods update when deleted)`) : progressing(`${readyCount} of ${want} replicas ready`);
  if (readyCount < want) return progressing(`${readyCount} of ${want} replicas ready`);
  const partition = Number(spec.updateStrategy?.rollingUpdate?.partition ?? 0);
  const updated = Number(s.updatedReplicas ?? 0);
  if (partition > 0) {
    return updated < want - partition ? progressing(`${updated} of ${want - partition} replicas updated (partition ${partition})`) : ready(`${readyCount}/${want} ready`);
  }
  if (s.updateRevision && s.currentRevision !== s.updateRevision) return progressing(`${updated} of ${want} replicas at revision ${s.updateRevision}`);
  return ready(`${readyCount}/${want} replicas ready`);
};
