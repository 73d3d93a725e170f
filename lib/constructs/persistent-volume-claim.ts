import { Construct } from 'constructs';
import { Json } from '../model/object';
import { compact } from '../model/json';
import { Resource, ResourceProps } from './resource';

export interface PersistentVolumeClaimProps extends ResourceProps {
  /** Requested size, e.g. `10Gi`. */
  readonly storage: string;
  /** Default ['ReadWriteOnce']. */
  readonly accessModes?: readonly ('ReadWriteOnce' | 'ReadOnlyMany' | 'ReadWriteMany' | 'ReadWriteOncePod')[];
  /** Default: the cluster's default storage class. */
  readonly storageClassName?: string;
  /** Default Filesystem. */
  readonly volumeMode?: 'Filesystem' | 'Block';
}

/** A PersistentVolumeClaim; mount it with `Volume.fromPersistentVolumeClaim(claim)`. */
export class PersistentVolumeClaim extends Resource {
  readonly kind = 'PersistentVolumeClaim';
  private readonly pvcProps: PersistentVolumeClaimProps;

  constructor(scope: Construct, id: string, props: PersistentVolumeClaimProps) {
    super(scope, id, props);
    this.pvcProps = props;
  }

  protected body(): { [field: string]: Json } {
    const p = this.pvcProps;
    return {
      spec: compact({
        accessModes: [...(p.accessModes ?? ['ReadWriteOnce'])],
        resources: { requests: { storage: p.storage } },
        storageClassName: p.storageClassName,
        volumeMode: p.volumeMode,
      }),
    };
  }
}
