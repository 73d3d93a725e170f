import { Construct } from 'constructs';
import { Json } from '../model/object';
import { compact, JsonObject } from '../model/json';
import { Workload, WorkloadProps } from './workload';

export interface JobSettings {
  /** Retries before the Job is marked failed. Default 3. */
  readonly backoffLimit?: number;
  /** Default 1. */
  readonly completions?: number;
  /** Default 1. */
  readonly parallelism?: number;
  /** Default: no deadline. */
  readonly activeDeadlineSeconds?: number;
  /** Seconds a finished Job is kept. Default: kept. */
  readonly ttlSecondsAfterFinished?: number;
  /** Default Never (a failed pod is kept for its logs; the Job makes a new one). */
  readonly restartPolicy?: 'Never' | 'OnFailure';
}

export type JobProps = WorkloadProps & JobSettings;

/** Job spec shared by Job and CronJob's jobTemplate. */
export function jobSpec(settings: JobSettings, template: JsonObject): JsonObject {
  const spec = template.spec as JsonObject;
  spec.restartPolicy = settings.restartPolicy ?? 'Never';
  return compact({
    activeDeadlineSeconds: settings.activeDeadlineSeconds,
    backoffLimit: settings.backoffLimit ?? 3,
    completions: settings.completions,
    parallelism: settings.parallelism,
    template,
    ttlSecondsAfterFinished: settings.ttlSecondsAfterFinished,
  });
}

/** A Job: pods that run to completion. Its pod template is immutable once created. */
export class Job extends Workload {
  readonly kind = 'Job';
  protected readonly serving = false;
  private readonly jobProps: JobProps;

  constructor(scope: Construct, id: string, props: JobProps) {
    super(scope, id, props);
    this.jobProps = props;
  }

  protected body(): { [field: string]: Json } {
    return { spec: jobSpec(this.jobProps, this.podTemplate()) };
  }
}
