import { Construct } from 'constructs';
import { Json } from '../model/object';
import { Application } from './application';
import { ObjectRef, Resource, ResourceProps } from './resource';

export interface ConfigMapProps extends ResourceProps {
  readonly data?: Readonly<Record<string, string>>;
  /** Default false. Immutable ConfigMaps must be replaced to change. */
  readonly immutable?: boolean;
}

/** A ConfigMap of plain-text configuration. */
export class ConfigMap extends Resource {
  /** A ConfigMap managed elsewhere, referenced by name. */
  static fromName(scope: Construct, name: string): ObjectRef {
    return Application.of(scope).external('ConfigMap', name);
  }

  readonly kind = 'ConfigMap';
  private readonly data: Record<string, string>;
  private readonly immutable?: boolean;

  constructor(scope: Construct, id: string, props: ConfigMapProps = {}) {
    super(scope, id, props);
    this.data = { ...(props.data ?? {}) };
    this.immutable = props.immutable;
  }

  addData(key: string, value: string): this {
    this.data[key] = value;
    return this;
  }

  protected body(): { [field: string]: Json } {
    const data: Record<string, string> = {};
    for (const k of Object.keys(this.data).sort()) data[k] = this.data[k];
    return this.immutable === undefined ? { data } : { data, immutable: this.immutable };
  }
}
