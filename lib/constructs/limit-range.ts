import { Construct } from 'constructs';
import { Json } from '../model/object';
import { compact } from '../model/json';
import { Resource, ResourceProps } from './resource';

export interface Amounts {
  readonly cpu?: string;
  readonly memory?: string;
  readonly storage?: string;
}

export interface LimitRangeItem {
  /** Limits for containers that set none. */
  readonly default?: Amounts;
  /** Requests for containers that set none. */
  readonly defaultRequest?: Amounts;
  readonly max?: Amounts;
  readonly min?: Amounts;
}

export interface LimitRangeProps extends ResourceProps {
  readonly container?: LimitRangeItem;
  readonly pod?: Pick<LimitRangeItem, 'max' | 'min'>;
  readonly persistentVolumeClaim?: Pick<LimitRangeItem, 'max' | 'min'>;
}

/** A LimitRange: per-container defaults and bounds in the application's namespace. */
export class LimitRange extends Resource {
  readonly kind = 'LimitRange';
  private readonly lrProps: LimitRangeProps;

  constructor(scope: Construct, id: string, props: LimitRangeProps) {
    super(scope, id, props);
    if (!props.container && !props.pod && !props.persistentVolumeClaim) {
      throw new Error(`${this.node.path}: a LimitRange needs container, pod or persistentVolumeClaim limits`);
    }
    this.lrProps = props;
  }

  protected body(): { [field: string]: Json } {
    const amounts = (a?: Amounts) => (a ? compact({ cpu: a.cpu, memory: a.memory, storage: a.storage }) : undefined);
    const item = (type: string, i?: LimitRangeItem) => i && compact({
      type,
      default: amounts(i.default),
      defaultRequest: amounts(i.defaultRequest),
      max: amounts(i.max),
      min: amounts(i.min),
    });
    const limits = [
      item('Container', this.lrProps.container),
      item('Pod', this.lrProps.pod),
      item('PersistentVolumeClaim', this.lrProps.persistentVolumeClaim),
    ].filter((x): x is NonNullable<typeof x> => x !== undefined);
    return { spec: { limits } };
  }
}
