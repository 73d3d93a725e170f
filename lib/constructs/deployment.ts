import { Construct } from 'constructs';
import { Json } from '../model/object';
import { compact } from '../model/json';
import { ReplicatedWorkload } from './replicated-workload';
import { Strategy } from './strategy';
import { WorkloadProps } from './workload';

export interface DeploymentProps extends WorkloadProps {
  /** Default: the application's default replicas (2). Ignored once `autoscale()` is called. */
  readonly replicas?: number;
  /** Default `Strategy.rollingUpdate()` (maxSurge 25%, maxUnavailable 0). */
  readonly strategy?: Strategy;
  /** Default: not set (Kubernetes: 0). */
  readonly minReadySeconds?: number;
  /** Default 600 (Kubernetes' default, written out so apply's health wait knows it). */
  readonly progressDeadlineSeconds?: number;
  /** Default 10. */
  readonly revisionHistoryLimit?: number;
}

/** A Deployment: stateless replicas rolled out by the Deployment controller. */
export class Deployment extends ReplicatedWorkload {
  readonly kind = 'Deployment';
  private readonly deploymentProps: DeploymentProps;

  constructor(scope: Construct, id: string, props: DeploymentProps) {
    super(scope, id, props);
    this.deploymentProps = props;
    if (props.replicas !== undefined && (!Number.isInteger(props.replicas) || props.replicas < 0)) {
      throw new Error(`${this.node.path}: replicas must be a whole number >= 0, got ${props.replicas}`);
    }
  }

  protected body(): { [field: string]: Json } {
    const p = this.deploymentProps;
    return {
      spec: compact({
        ...this.replicasField(p.replicas),
        selector: { matchLabels: this.selectorLabels },
        strategy: (p.strategy ?? Strategy.rollingUpdate()).toJson(),
        minReadySeconds: p.minReadySeconds,
        progressDeadlineSeconds: p.progressDeadlineSeconds ?? 600,
        revisionHistoryLimit: p.revisionHistoryLimit ?? 10,
        template: this.podTemplate(),
      }),
    };
  }
}
