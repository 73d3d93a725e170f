import { Construct } from 'constructs';
import { Json } from '../model/object';
import { compact } from '../model/json';
import { JobSettings, jobSpec } from './job';
import { Workload, WorkloadProps } from './workload';

export interface CronJobProps extends WorkloadProps, JobSettings {
  /** Cron schedule, e.g. `0 3 * * *`. */
  readonly schedule: string;
  /** Default Forbid (a slow run is not overlapped by the next). */
  readonly concurrencyPolicy?: 'Allow' | 'Forbid' | 'Replace';
  /** Default false. */
  readonly suspend?: boolean;
  /** Default 3. */
  readonly successfulJobsHistoryLimit?: number;
  /** Default 1. */
  readonly failedJobsHistoryLimit?: number;
  /** Default: no deadline. */
  readonly startingDeadlineSeconds?: number;
}

/** A CronJob: a Job on a schedule. Emitted as batch/v1 on Kubernetes 1.21+ and batch/v1beta1 before. */
export class CronJob extends Workload {
  readonly kind = 'CronJob';
  protected readonly serving = false;
  private readonly cronProps: CronJobProps;

  constructor(scope: Construct, id: string, props: CronJobProps) {
    super(scope, id, props);
    if (props.schedule.trim().split(/\s+/).length !== 5 && !props.schedule.trim().startsWith('@')) {
      throw new Error(`${this.node.path}: schedule "${props.schedule}" must have 5 fields (minute hour day month weekday) or be @hourly, @daily, ...`);
    }
    this.cronProps = props;
  }

  protected body(): { [field: string]: Json } {
    const p = this.cronProps;
    return {
      spec: compact({
        concurrencyPolicy: p.concurrencyPolicy ?? 'Forbid',
        failedJobsHistoryLimit: p.failedJobsHistoryLimit ?? 1,
        jobTemplate: { spec: jobSpec(p, this.podTemplate()) },
        schedule: p.schedule,
        startingDeadlineSeconds: p.startingDeadlineSeconds,
        successfulJobsHistoryLimit: p.successfulJobsHistoryLimit ?? 3,
        suspend: p.suspend ?? false,
      }),
    };
  }
}
