/** Clear failure signals of pods: a container that cannot start or keeps crashing. */
import { Manifest } from '../../model/object';

/** Waiting reasons that will not fix themselves. */
export const FAILING_REASONS: readonly string[] = [
  'CrashLoopBackOff', 'ImagePullBackOff', 'ErrImagePull', 'InvalidImageName', 'CreateContainerConfigError', 'CreateContainerError', 'RunContainerError',
];

/** Reasons that fail Jobs fast too (a crashing Job pod is retried by the Job controller up to backoffLimit). */
export const PULL_REASONS: readonly string[] = ['ImagePullBackOff', 'ErrImagePull', 'InvalidImageName'];

/** The first failing container of the pods, as `pod <name>: container <c>: <Reason> (<message>)`. */
export function podFailure(pods: readonly Manifest[], reasons: readonly string[] = FAILING_REASONS): string | undefined {
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp) continue;
    const status = (pod.status ?? {}) as { containerStatuses?: any[]; initContainerStatuses?: any[] };
    for (const c of [...(status.initContainerStatuses ?? []), ...(status.containerStatuses ?? [])]) {
      const waiting = c?.state?.waiting;
      if (waiting && reasons.includes(waiting.reason)) {
        const exit = c.lastState?.terminated?.exitCode;
        const detail = [waiting.message, exit !== undefined ? `last exit code ${exit}` : '', c.restartCount ? `${c.restartCount} restarts` : '']
          .filter(Boolean).join('; ');
        return `pod ${pod.metadata.name}: container ${c.name}: ${waiting.reason}${detail ? ` (${detail})` : ''}`;
      }
    }
  }
  return undefined;
}
