/** A Job is ready when Complete; Failed (backoffLimit, deadline) or an image that cannot be pulled fail it. */
import { PULL_REASONS, podFailure } from './pods';
import { ReadinessRule, conditionOf, failed, ownedBy, progressing, ready, statusOf } from './types';

export const jobReadiness: ReadinessRule = ({ object: job, pods }) => {
  const failure = conditionOf(job, 'Failed');
  if (failure?.status === 'True') return failed(`job failed: ${failure.reason ?? ''}${failure.message ? ` (${failure.message})` : ''}`);
  if (conditionOf(job, 'Complete')?.status === 'True') return ready(`complete (${statusOf(job).succeeded ?? 0} succeeded)`);
  const pull = podFailure(ownedBy(pods, job), PULL_REASONS);
  if (pull) return failed(pull);
  const s = statusOf(job);
  return progressing(`${s.active ?? 0} active, ${s.succeeded ?? 0} succeeded, ${s.failed ?? 0} failed`);
};
