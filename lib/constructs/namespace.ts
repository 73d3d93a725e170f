import { Construct } from 'constructs';
import { Json } from '../model/object';
import { Resource, ResourceProps } from './resource';

export type NamespaceProps = ResourceProps;

/** A Namespace. Applications create theirs unless told not to. */
export class Namespace extends Resource {
  readonly kind = 'Namespace';

  constructor(scope: Construct, id: string, props: NamespaceProps = {}) {
    super(scope, id, props);
  }

  override get namespace(): undefined {
    return undefined;
  }

  protected body(): { [field: string]: Json } {
    return {};
  }
}
