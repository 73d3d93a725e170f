/** A DaemonSet is ready when every scheduled node runs an updated, available pod. */
import { podFailure } from './pods';
import { ReadinessRule, notObserved, ownedBy, progressing, ready, statusOf } from './types';

export const daemonSetReadiness: ReadinessRule = ({ object: ds, pods }) => {
  const waiting = notObserved(ds);
  if (waiting) return waiting;
  const generation = String(ds.metadata.generation ?? '');
  const current = ownedBy(pods, ds).filter((p) => p.metadata.labels?.['pod-template-generation'] === generation);
  const crash = podFailure(current);
  if (crash) return { state: 'failed', message: crash };
  const s = statusOf(ds);
  const want = Number(s.desiredNumberScheduled ?? 0);
  const updated = Number(s.updatedNumberScheduled ?? 0);
  const available = Number(s.numberAvailable ?? 0);
  if (updated < want) return progressing(`${updated} of ${want} nodes updated`);
  if (available < want) return progressing(`${available} of ${want} updated pods available`);
  return ready(`${available}/${want} pods available`);
};
