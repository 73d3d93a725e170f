/** Readiness of kinds with one status field to look at. */
import { ReadinessRule, conditionOf, failed, progressing, ready, specOf, statusOf } from './types';

export const crdReadiness: ReadinessRule = ({ object }) => {
  const names = conditionOf(object, 'NamesAccepted');
  if (names?.status === 'False') return failed(`names not accepted: ${names.message ?? names.reason ?? ''}`);
  return conditionOf(object, 'Established')?.status === 'True' ? ready('established') : progressing('waiting to be established');
};

export const namespaceReadiness: ReadinessRule = ({ object }) => {
  const phase = statusOf(object).phase;
  if (phase === 'Terminating') return failed('namespace is being deleted');
  return phase === 'Active' ? ready('active') : progressing(`phase ${phase ?? 'unknown'}`);
};

/** Quota admission refuses covered objects until the quota controller has written status.hard. */
export const resourceQuotaReadiness: ReadinessRule = ({ object }) => {
  const want = Object.keys(specOf(object).hard ?? {});
  const have = statusOf(object).hard ?? {};
  const missing = want.filter((k) => have[k] === undefined);
  return missing.length ? progressing(`waiting for the quota controller to count ${missing.join(', ')}`) : ready('enforced');
};

export const pvcReadiness: ReadinessRule = ({ object }, options) => {
  const phase = statusOf(object).phase;
  if (phase === 'Lost') return failed('claim lost its volume');
  if (!options.pvcBound) return ready(`phase ${phase ?? 'Pending'} (not waiting for binding)`);
  return phase === 'Bound' ? ready('bound') : progressing(`phase ${phase ?? 'Pending'}`);
};
