/**
 * What a kubelet would report for a pod bound to a simulated node, as a pure function of the pod spec and the
 * time since it started. The image name of each container picks its behaviour (see `imageBehaviours`), the pod's
 * restartPolicy decides what happens when a container exits, exactly as a kubelet does:
 * - restartPolicy Always: an exited container is restarted, so it ends in CrashLoopBackOff;
 * - OnFailure: exit 0 completes, exit 1 restarts (CrashLoopBackOff);
 * - Never: exit 0 makes the container Completed, exit 1 Error; when all are done the pod is Succeeded or Failed.
 */
import { createHash } from 'crypto';

export type Behaviour = 'serve' | 'never-ready' | 'image-pull-backoff' | 'exit-1' | 'exit-0';

/** First match wins; matched against the lower-cased image reference. Anything else serves. */
export const imageBehaviours: ReadonlyArray<readonly [RegExp, Behaviour]> = [
  [/never-ready/, 'never-ready'],
  [/bad-pull|imagepullbackoff/, 'image-pull-backoff'],
  [/crashloop|fail/, 'exit-1'],
  [/succeed/, 'exit-0'],
];

export const timings = {
  /** readinessProbe.initialDelaySeconds is honoured up to this, so tests stay fast. */
  maxReadinessDelayMs: 5_000,
  /** How long a container that exits (or a serving one under restartPolicy Never/OnFailure) runs first. */
  runMs: 1_000,
  /** A crash-looping container restarts this often (restartCount grows by one each time). */
  restartEveryMs: 3_000,
};

export function behaviourOf(image: string): Behaviour {
  const lower = image.toLowerCase();
  return imageBehaviours.find(([pattern]) => pattern.test(lower))?.[1] ?? 'serve';
}

/** Kubernetes timestamps have whole seconds. */
export function kubeTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

interface ContainerReport {
  readonly status: Record<string, unknown>;
  readonly ready: boolean;
  /** Exit code once the container finished for good (never restarted again). */
  readonly finished?: number;
  readonly pulling: boolean;
  /** When `ready` last changed. */
  readonly readySinceMs: number;
}

function containerReport(pod: any, container: any, startMs: number, nowMs: number): ContainerReport {
  const restartPolicy: string = pod.spec.restartPolicy ?? 'Always';
  const ids = (salt: string) => createHash('sha256').update(`${pod.metadata.uid}/${container.name}/${salt}`).digest('hex');
  const base = {
    name: container.name,
    image: container.image,
    imageID: `docker-pullable://${container.image}@sha256:${ids('image')}`,
    containerID: `simulated://${ids('container')}`,
  };
  const started = kubeTime(startMs);
  const elapsed = nowMs - startMs;
  let behaviour = behaviourOf(container.image ?? '');
  // A serving container of a run-to-completion pod does its work and exits 0 (so Jobs complete).
  if (behaviour === 'serve' && restartPolicy !== 'Always') behaviour = 'exit-0';

  if (behaviour === 'image-pull-backoff') {
    const { containerID: _unused, ...withoutId } = base;
    const waiting = { reason: 'ImagePullBackOff', message: `Back-off pulling image "${container.image}"` };
    return {
      status: { ...withoutId, imageID: '', ready: false, restartCount: 0, started: false, state: { waiting }, lastState: {} },
      ready: false,
      pulling: true,
      readySinceMs: startMs,
    };
  }
  if (behaviour === 'serve' || behaviour === 'never-ready' || elapsed < timings.runMs) {
    const probeDelayMs = Math.min((container.readinessProbe?.initialDelaySeconds ?? 0) * 1000, timings.maxReadinessDelayMs);
    // Only a serving container turns ready; one about to crash never does (no flicker of availability).
    const ready = behaviour === 'serve' && elapsed >= probeDelayMs;
    return {
      status: { ...base, ready, restartCount: 0, started: true, state: { running: { startedAt: started } }, lastState: {} },
      ready,
      pulling: false,
      readySinceMs: ready ? startMs + probeDelayMs : startMs,
    };
  }
  const exitCode = behaviour === 'exit-0' ? 0 : 1;
  const firstExitMs = startMs + timings.runMs;
  const terminated = (startedMs: number, finishedMs: number) => ({
    exitCode,
    reason: exitCode === 0 ? 'Completed' : 'Error',
    startedAt: kubeTime(startedMs),
    finishedAt: kubeTime(finishedMs),
    containerID: base.containerID,
  });
  const restarts = restartPolicy === 'Always' || (restartPolicy === 'OnFailure' && exitCode !== 0);
  if (!restarts) {
    return {
      status: { ...base, ready: false, restartCount: 0, started: false, state: { terminated: terminated(startMs, firstExitMs) }, lastState: {} },
      ready: false,
      finished: exitCode,
      pulling: false,
      readySinceMs: firstExitMs,
    };
  }
  const restartCount = 1 + Math.floor((nowMs - firstExitMs) / timings.restartEveryMs);
  const lastExitMs = firstExitMs + (restartCount - 1) * timings.restartEveryMs;
  const waiting = { reason: 'CrashLoopBackOff', message: `back-off restarting failed container ${container.name}` };
  return {
    status: {
      ...base,
      ready: false,
      restartCount,
      started: false,
      state: { waiting },
      lastState: { terminated: terminated(lastExitMs - timings.runMs, lastExitMs) },
    },
    ready: false,
    pulling: false,
    readySinceMs: firstExitMs,
  };
}

export interface PodPlacement {
  readonly hostIP: string;
  readonly podIP: string;
  /** When the simulated kubelet started the pod (kept in status.startTime). */
  readonly startMs: number;
}

/** The full `status` the simulated kubelet reports for `pod` at `nowMs`. */
export function podStatus(pod: any, placement: PodPlacement, nowMs: number): Record<string, unknown> {
  const { startMs } = placement;
  const reports = (pod.spec.containers as any[]).map((c) => containerReport(pod, c, startMs, nowMs));
  const initStatuses = (pod.spec.initContainers ?? []).map((c: any) => ({
    name: c.name,
    image: c.image,
    imageID: '',
    ready: true,
    restartCount: 0,
    state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: kubeTime(startMs), finishedAt: kubeTime(startMs) } },
    lastState: {},
  }));

  const allFinished = reports.every((r) => r.finished !== undefined);
  const phase = reports.some((r) => r.pulling)
    ? 'Pending'
    : allFinished
      ? reports.every((r) => r.finished === 0) ? 'Succeeded' : 'Failed'
      : 'Running';
  const ready = reports.every((r) => r.ready);
  const readySince = kubeTime(Math.max(...reports.map((r) => r.readySinceMs)));
  const notReady = reports.filter((r) => !r.ready).map((r) => r.status.name);
  const readiness = (type: string) =>
    ready
      ? { type, status: 'True', lastProbeTime: null, lastTransitionTime: readySince }
      : {
          type,
          status: 'False',
          lastProbeTime: null,
          lastTransitionTime: readySince,
          reason: phase === 'Succeeded' || phase === 'Failed' ? 'PodCompleted' : 'ContainersNotReady',
          message: `containers with unready status: [${notReady.join(' ')}]`,
        };
  const scheduled = (pod.status?.conditions ?? []).find((c: any) => c.type === 'PodScheduled');

  return {
    phase,
    conditions: [
      { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: kubeTime(startMs) },
      readiness('Ready'),
      readiness('ContainersReady'),
      scheduled ?? { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: kubeTime(startMs) },
    ],
    hostIP: placement.hostIP,
    podIP: placement.podIP,
    podIPs: [{ ip: placement.podIP }],
    startTime: kubeTime(startMs),
    ...(initStatuses.length > 0 ? { initContainerStatuses: initStatuses } : {}),
    containerStatuses: reports.map((r) => r.status),
  };
}
