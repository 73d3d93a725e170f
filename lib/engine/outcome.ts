/** What happened to one object of an apply, and which outcomes changed the cluster (what a rollback undoes). */
import { AppliedAs } from './events';

export type Outcome = AppliedAs | 'replaced' | 'failed' | 'not-applied';

/** The object was written: created, changed or replaced. */
export function touched(outcome: Outcome): boolean {
  return outcome === 'created' || outcome === 'configured' || outcome === 'replaced';
}
