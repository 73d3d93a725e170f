import { Construct } from 'constructs';
import { Json } from '../model/object';
import { Resource, ResourceProps } from './resource';

export interface ResourceQuotaProps extends ResourceProps {
  /** Hard limits by resource name, e.g. `{ 'requests.cpu': '4', 'limits.memory': '8Gi', pods: '20' }`. */
  readonly hard: Readonly<Record<string, string | number>>;
}

/** A ResourceQuota: caps what the application's namespace may request. berth checks the app fits in it. */
export class ResourceQuota extends Resource {
  readonly kind = 'ResourceQuota';
  private readonly hard: Record<string, string>;

  constructor(scope: Construct, id: string, props: ResourceQuotaProps) {
    super(scope, id, props);
    if (!Object.keys(props.hard).length) throw new Error(`${this.node.path}: a ResourceQuota needs at least one hard limit`);
    this.hard = Object.fromEntries(Object.entries(props.hard).map(([k, v]) => [k, String(v)]));
  }

  protected body(): { [field: string]: Json } {
    return { spec: { hard: { ...this.hard } } };
  }
}
