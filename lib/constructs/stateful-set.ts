import { Construct } from 'constructs';
import { Json } from '../model/object';
import { compact } from '../model/json';
import { APP_NAME, PART_OF } from '../model/labels';
import { ReplicatedWorkload } from './replicated-workload';
import { Service } from './service';
import { WorkloadProps } from './workload';
import { containerPorts } from './container';

export interface VolumeClaimTemplate {
  /** Claim name; each pod gets `<name>-<statefulset>-<ordinal>`. */
  readonly name: string;
  /** Requested size, e.g. `10Gi`. */
  readonly storage: string;
  /** Default ['ReadWriteOnce']. */
  readonly accessModes?: readonly ('ReadWriteOnce' | 'ReadOnlyMany' | 'ReadWriteMany' | 'ReadWriteOncePod')[];
  /** Default: the cluster's default storage class. */
  readonly storageClassName?: string;
  /** Mount the claim at this path in every container. */
  readonly mountPath?: string;
}

export interface StatefulSetProps extends WorkloadProps {
  /** Default: the application's default replicas (2). */
  readonly replicas?: number;
  /** Governing headless Service. Default: one is created with the StatefulSet's name and container ports. */
  readonly service?: Service;
  readonly volumeClaimTemplates?: readonly VolumeClaimTemplate[];
  /** Default OrderedReady. */
  readonly podManagementPolicy?: 'OrderedReady' | 'Parallel';
}

/** A StatefulSet: replicas with stable names and their own persistent volumes. */
export class StatefulSet extends ReplicatedWorkload {
  readonly kind = 'StatefulSet';
  /** The governing headless Service. */
  readonly service: Service;
  private readonly statefulProps: StatefulSetProps;

  constructor(scope: Construct, id: string, props: StatefulSetProps) {
    super(scope, id, props);
    this.statefulProps = props;
    this.service = props.service ?? new Service(scope, `${id}-headless`, {
      name: this.name,
      headless: true,
      selector: this,
      publishNotReadyAddresses: true,
      ports: props.containers?.flatMap(containerPorts).map((p) => ({ port: p.number, protocol: p.protocol, name: p.name })) ?? [],
    });
  }

  protected body(): { [field: string]: Json } {
    const p = this.statefulProps;
    const claims = p.volumeClaimTemplates ?? [];
    const template = this.podTemplate();
    const mounts = claims.filter((c) => c.mountPath).map((c) => ({ mountPath: c.mountPath!, name: c.name }));
    if (mounts.length) {
      const spec = template.spec as { containers: { volumeMounts?: Json[] }[] };
      for (const container of spec.containers) container.volumeMounts = [...(container.volumeMounts ?? []), ...mounts];
    }
    return {
      spec: compact({
        ...this.replicasField(p.replicas),
        serviceName: this.service.name,
        selector: { matchLabels: this.selectorLabels },
        podManagementPolicy: p.podManagementPolicy,
        updateStrategy: { type: 'RollingUpdate' },
        template,
        volumeClaimTemplates: claims.length ? claims.map((c) => ({
          metadata: { name: c.name, labels: { [PART_OF]: this.application.name, [APP_NAME]: this.name } },
          spec: compact({
            accessModes: [...(c.accessModes ?? ['ReadWriteOnce'])],
            resources: { requests: { storage: c.storage } },
            storageClassName: c.storageClassName,
          }),
        })) : undefined,
      }),
    };
  }
}
