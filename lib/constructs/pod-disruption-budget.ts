import { Construct } from 'constructs';
import { Json } from '../model/object';
import { compact } from '../model/json';
import { Resource, ResourceProps } from './resource';
import { PodSelector, selectorLabelsOf } from './selectable';

export interface PodDisruptionBudgetProps extends ResourceProps {
  readonly selector: PodSelector;
  /** Default 1 when maxUnavailable is not given. */
  readonly minAvailable?: number | string;
  readonly maxUnavailable?: number | string;
}

/**
 * Limits voluntary evictions (node drains) of a workload's pods. Emitted as policy/v1 on Kubernetes 1.21+
 * and policy/v1beta1 before.
 */
export class PodDisruptionBudget extends Resource {
  readonly kind = 'PodDisruptionBudget';
  private readonly pdbProps: PodDisruptionBudgetProps;

  constructor(scope: Construct, id: string, props: PodDisruptionBudgetProps) {
    super(scope, id, props);
    if (props.minAvailable !== undefined && props.maxUnavailable !== undefined) {
      throw new Error(`${this.node.path}: give minAvailable or maxUnavailable, not both`);
    }
    this.pdbProps = props;
  }

  protected body(): { [field: string]: Json } {
    const p = this.pdbProps;
    return {
      spec: compact({
        minAvailable: p.maxUnavailable === undefined ? p.minAvailable ?? 1 : undefined,
        maxUnavailable: p.maxUnavailable,
        selector: { matchLabels: selectorLabelsOf(p.selector) },
      }),
    };
  }
}
