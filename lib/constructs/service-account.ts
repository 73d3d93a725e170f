import { Construct } from 'constructs';
import { Json } from '../model/object';
import { Resource, ResourceProps } from './resource';

export interface ServiceAccountProps extends ResourceProps {
  /** Mount its API token into pods by default. Default false (workloads opt in). */
  readonly automountToken?: boolean;
  readonly imagePullSecrets?: readonly { name: string }[];
}

/** A ServiceAccount: the identity pods use to call the Kubernetes API. */
export class ServiceAccount extends Resource {
  readonly kind = 'ServiceAccount';
  private readonly saProps: ServiceAccountProps;

  constructor(scope: Construct, id: string, props: ServiceAccountProps = {}) {
    super(scope, id, props);
    this.saProps = props;
  }

  protected body(): { [field: string]: Json } {
    const out: { [field: string]: Json } = { automountServiceAccountToken: this.saProps.automountToken ?? false };
    if (this.saProps.imagePullSecrets?.length) out.imagePullSecrets = this.saProps.imagePullSecrets.map((s) => ({ name: s.name }));
    return out;
  }
}
