// The simulated kubelet's pod status rules, as pure functions of the pod spec and elapsed time.
import { behaviourOf, kubeTime, podStatus, timings } from '../../harness/simulated-pods';

const placement = { hostIP: '10.0.0.11', podIP: '10.244.1.2', startMs: Date.parse('2024-01-01T00:00:00Z') };
const at = (ms: number) => placement.startMs + ms;

function pod(image: string, extra: { restartPolicy?: string; readinessProbe?: object } = {}) {
  return {
    metadata: { uid: 'uid-1', name: 'p' },
    spec: {
      restartPolicy: extra.restartPolicy,
      containers: [{ name: 'main', image, ...(extra.readinessProbe ? { readinessProbe: extra.readinessProbe } : {}) }],
    },
    status: {},
  };
}

const ready = (status: any) => status.conditions.find((c: any) => c.type === 'Ready');

describe('simulated pod behaviours', () => {
  it('picks behaviours from image names, first rule wins', () => {
    expect(behaviourOf('registry/app:1')).toBe('serve');
    expect(behaviourOf('x/Never-Ready:2')).toBe('never-ready');
    expect(behaviourOf('x/bad-pull')).toBe('image-pull-backoff');
    expect(behaviourOf('x/imagepullbackoff')).toBe('image-pull-backoff');
    expect(behaviourOf('x/crashloop')).toBe('exit-1');
    expect(behaviourOf('x/fail')).toBe('exit-1');
    expect(behaviourOf('x/succeed')).toBe('exit-0');
  });

  it('serves: Running and Ready at once, or after the readiness delay (capped)', () => {
    const now = podStatus(pod('app'), placement, at(0));
    expect(now).toMatchObject({ phase: 'Running', podIP: '10.244.1.2', hostIP: '10.0.0.11', startTime: '2024-01-01T00:00:00Z' });
    expect(ready(now).status).toBe('True');

    const probed = pod('app', { readinessProbe: { initialDelaySeconds: 3 } });
    expect(ready(podStatus(probed, placement, at(2_900))).status).toBe('False');
    expect(ready(podStatus(probed, placement, at(3_000)))).toMatchObject({ status: 'True', lastTransitionTime: kubeTime(at(3_000)) });

    const slow = pod('app', { readinessProbe: { initialDelaySeconds: 600 } });
    expect(ready(podStatus(slow, placement, at(timings.maxReadinessDelayMs))).status).toBe('True');
  });

  it('never-ready: Running, started, never Ready', () => {
    const status: any = podStatus(pod('never-ready'), placement, at(600_000));
    expect(status.phase).toBe('Running');
    expect(status.containerStatuses[0]).toMatchObject({ ready: false, started: true, restartCount: 0 });
    expect(ready(status)).toMatchObject({ status: 'False', reason: 'ContainersNotReady' });
  });

  it('crash loops under restartPolicy Always, restartCount growing with time', () => {
    const early: any = podStatus(pod('crashloop'), placement, at(timings.runMs));
    const later: any = podStatus(pod('crashloop'), placement, at(timings.runMs + 2 * timings.restartEveryMs));
    expect(early.containerStatuses[0].restartCount).toBe(1);
    expect(later.containerStatuses[0].restartCount).toBe(3);
    expect(later.phase).toBe('Running');
    expect(later.containerStatuses[0].state.waiting.reason).toBe('CrashLoopBackOff');
    expect(later.containerStatuses[0].lastState.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
  });

  it('runs to completion under restartPolicy Never/OnFailure: Succeeded, or Failed for a failing image', () => {
    expect(podStatus(pod('app', { restartPolicy: 'Never' }), placement, at(timings.runMs - 1)).phase).toBe('Running');
    expect(podStatus(pod('app', { restartPolicy: 'Never' }), placement, at(timings.runMs)).phase).toBe('Succeeded');
    expect(podStatus(pod('app', { restartPolicy: 'OnFailure' }), placement, at(timings.runMs)).phase).toBe('Succeeded');
    const failed: any = podStatus(pod('fail', { restartPolicy: 'Never' }), placement, at(timings.runMs));
    expect(failed.phase).toBe('Failed');
    expect(failed.containerStatuses[0].state.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    // OnFailure restarts a failing container instead.
    expect(podStatus(pod('fail', { restartPolicy: 'OnFailure' }), placement, at(timings.runMs)).phase).toBe('Running');
  });

  it('image pull failure: Pending with ImagePullBackOff', () => {
    const status: any = podStatus(pod('bad-pull:1'), placement, at(10_000));
    expect(status.phase).toBe('Pending');
    expect(status.containerStatuses[0].state.waiting.reason).toBe('ImagePullBackOff');
    expect(status.containerStatuses[0].containerID).toBeUndefined();
  });

  it('is deterministic for the same moment (so unchanged pods are not rewritten)', () => {
    expect(podStatus(pod('app'), placement, at(5_000))).toEqual(podStatus(pod('app'), placement, at(5_400)));
  });
});
