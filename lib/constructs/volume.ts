import { Json } from '../model/object';
import { compact } from '../model/json';
import { ObjectRef } from './resource';

/** A pod volume: ConfigMap, Secret, PersistentVolumeClaim or an emptyDir. Mount it in containers. */
export class Volume {
  static fromConfigMap(configMap: ObjectRef, options: { name?: string; items?: Record<string, string> } = {}): Volume {
    return new Volume(options.name ?? `cm-${configMap.name}`, {
      configMap: { name: configMap.name, ...items(options.items) },
    }, configMap);
  }

  static fromSecret(secret: ObjectRef, options: { name?: string; items?: Record<string, string>; defaultMode?: number } = {}): Volume {
    return new Volume(options.name ?? `secret-${secret.name}`, {
      secret: compact({ secretName: secret.name, defaultMode: options.defaultMode, ...items(options.items) }),
    }, secret);
  }

  static fromPersistentVolumeClaim(claim: ObjectRef, options: { name?: string; readOnly?: boolean } = {}): Volume {
    return new Volume(options.name ?? `pvc-${claim.name}`, {
      persistentVolumeClaim: compact({ claimName: claim.name, readOnly: options.readOnly }),
    }, claim);
  }

  static emptyDir(name: string, options: { sizeLimit?: string; medium?: 'Memory' } = {}): Volume {
    const dir: { [k: string]: Json } = {};
    if (options.medium) dir.medium = options.medium;
    if (options.sizeLimit) dir.sizeLimit = options.sizeLimit;
    return new Volume(name, { emptyDir: dir });
  }

  private constructor(
    readonly name: string,
    private readonly source: { [k: string]: Json },
    /** The object the volume reads, if any. */
    readonly ref?: ObjectRef,
  ) {}

  toJson(): { [k: string]: Json } {
    return { name: this.name, ...this.source };
  }
}

/** `{ key: path }` as the `items` list of a ConfigMap or Secret volume, sorted by key. */
function items(map?: Record<string, string>): { items?: Json } {
  if (!map) return {};
  return { items: Object.keys(map).sort().map((key) => ({ key, path: map[key] })) };
}
