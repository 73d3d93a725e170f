import { Json } from '../model/object';
import { ObjectRef } from './resource';

/** The value of an environment variable: a literal, or a key of a Secret or ConfigMap, or a pod field. */
export class EnvValue {
  static fromValue(value: string): EnvValue {
    return new EnvValue({ value });
  }

  /** A key of a Secret (checked at synth time when berth manages the Secret). */
  static fromSecret(secret: ObjectRef, key: string, options: { optional?: boolean } = {}): EnvValue {
    return new EnvValue({ valueFrom: { secretKeyRef: keyRef(secret, key, options.optional) } });
  }

  /** A key of a ConfigMap (checked at synth time when berth manages the ConfigMap). */
  static fromConfigMap(configMap: ObjectRef, key: string, options: { optional?: boolean } = {}): EnvValue {
    return new EnvValue({ valueFrom: { configMapKeyRef: keyRef(configMap, key, options.optional) } });
  }

  /** A field of the pod, e.g. `metadata.name` or `status.podIP`. */
  static fromField(fieldPath: string): EnvValue {
    return new EnvValue({ valueFrom: { fieldRef: { fieldPath } } });
  }

  private constructor(private readonly json: { [k: string]: Json }) {}

  toJson(name: string): { [k: string]: Json } {
    return { name, ...this.json };
  }
}

function keyRef(ref: ObjectRef, key: string, optional?: boolean): { [k: string]: Json } {
  return optional === undefined ? { key, name: ref.name } : { key, name: ref.name, optional };
}
