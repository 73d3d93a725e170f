import { Construct } from 'constructs';
import { Json } from '../model/object';
import { apiVersionFor } from '../model/version';
import { RenderContext } from './app';
import { Resource, ResourceProps } from './resource';
import { ScaleTarget } from './selectable';

export interface HorizontalPodAutoscalerProps extends ResourceProps {
  readonly target: ScaleTarget;
  /** Default 1. */
  readonly minReplicas?: number;
  readonly maxReplicas: number;
  /** Target average CPU utilization (percent of requests). */
  readonly cpuPercent?: number;
  /** Target average memory utilization (percent of requests). */
  readonly memoryPercent?: number;
}

/**
 * Scales a Deployment or StatefulSet on CPU/memory utilization. Emitted as autoscaling/v2 on Kubernetes
 * 1.23+ and autoscaling/v2beta2 before; the two have the same shape for these fields.
 */
export class HorizontalPodAutoscaler extends Resource {
  readonly kind = 'HorizontalPodAutoscaler';
  private readonly hpaProps: HorizontalPodAutoscalerProps;

  constructor(scope: Construct, id: string, props: HorizontalPodAutoscalerProps) {
    super(scope, id, props);
    this.hpaProps = props;
    const min = props.minReplicas ?? 1;
    if (!Number.isInteger(min) || min < 1) throw new Error(`${this.node.path}: min replicas must be a whole number >= 1, got ${min}`);
    if (!Number.isInteger(props.maxReplicas) || props.maxReplicas < min) {
      throw new Error(`${this.node.path}: max replicas (${props.maxReplicas}) must be a whole number >= min (${min})`);
    }
    if (props.cpuPercent === undefined && props.memoryPercent === undefined) {
      throw new Error(`${this.node.path}: give cpuPercent and/or memoryPercent`);
    }
    for (const [what, v] of [['cpuPercent', props.cpuPercent], ['memoryPercent', props.memoryPercent]] as const) {
      if (v !== undefined && (!Number.isInteger(v) || v < 1)) throw new Error(`${this.node.path}: ${what} must be a whole number >= 1, got ${v}`);
    }
  }

  protected body(ctx: RenderContext): { [field: string]: Json } {
    const p = this.hpaProps;
    const metric = (name: string, averageUtilization: number) => ({
      resource: { name, target: { averageUtilization, type: 'Utilization' } },
      type: 'Resource',
    });
    const metrics: Json[] = [];
    if (p.cpuPercent !== undefined) metrics.push(metric('cpu', p.cpuPercent));
    if (p.memoryPercent !== undefined) metrics.push(metric('memory', p.memoryPercent));
    return {
      spec: {
        maxReplicas: p.maxReplicas,
        metrics,
        minReplicas: p.minReplicas ?? 1,
        scaleTargetRef: {
          apiVersion: apiVersionFor(p.target.kind, ctx.targetVersion),
          kind: p.target.kind,
          name: p.target.name,
        },
      },
    };
  }
}
