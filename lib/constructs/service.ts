import { Construct } from 'constructs';
import { Json } from '../model/object';
import { compact } from '../model/json';
import { Ingress, IngressPathType } from './ingress';
import { Protocol } from './container';
import { ObjectRef, Resource, ResourceProps } from './resource';
import { PodSelector, selectorLabelsOf } from './selectable';

export type ServiceType = 'ClusterIP' | 'NodePort' | 'LoadBalancer';

export interface ServicePort {
  readonly port: number;
  /** Default: same as `port`. */
  readonly targetPort?: number | string;
  /** Default `<protocol>-<port>`, e.g. `tcp-80` (names are required once there are two ports). */
  readonly name?: string;
  /** Default TCP; always written out (server-side apply needs it as a list key). */
  readonly protocol?: Protocol;
  /** Only for NodePort and LoadBalancer. Default: assigned by the cluster. */
  readonly nodePort?: number;
}

export interface ServiceProps extends ResourceProps {
  /** Default ClusterIP. */
  readonly type?: ServiceType;
  /** A headless Service (clusterIP None), for StatefulSets and direct pod DNS. Default false. */
  readonly headless?: boolean;
  /** The pods to route to. Default: none (an external endpoint managed elsewhere). */
  readonly selector?: PodSelector;
  readonly ports: readonly ServicePort[];
  /** Default: not set. */
  readonly externalTrafficPolicy?: 'Cluster' | 'Local';
  readonly loadBalancerSourceRanges?: readonly string[];
  /** Default false. */
  readonly publishNotReadyAddresses?: boolean;
}

/** A Service: a stable name and address for a set of pods. */
export class Service extends Resource {
  readonly kind = 'Service';
  readonly ports: readonly ServicePort[];
  private readonly serviceProps: ServiceProps;

  constructor(scope: Construct, id: string, props: ServiceProps) {
    super(scope, id, props);
    this.serviceProps = props;
    this.ports = props.ports;
    const type = props.type ?? 'ClusterIP';
    if (props.headless && type !== 'ClusterIP') {
      throw new Error(`${this.node.path}: a headless Service must be of type ClusterIP, not ${type}`);
    }
    for (const p of props.ports) {
      if (p.nodePort !== undefined && type === 'ClusterIP') {
        throw new Error(`${this.node.path}: port ${p.port} sets nodePort, which needs type NodePort or LoadBalancer`);
      }
    }
  }

  /** An Ingress routing `host` + `path` to this Service's first port (or `options.port`). */
  exposeViaIngress(host: string, path = '/', options: {
    name?: string; port?: number; className?: string; pathType?: IngressPathType; tlsSecret?: ObjectRef;
  } = {}): Ingress {
    const port = options.port ?? this.ports[0]?.port;
    if (port === undefined) throw new Error(`${this.node.path}: exposeViaIngress needs a Service port`);
    const ingress = new Ingress(this.node.scope!, `${this.node.id}-ingress`, {
      name: options.name ?? this.name, className: options.className,
    });
    ingress.addRule({ host, path, pathType: options.pathType, service: this, port });
    if (options.tlsSecret) ingress.addTls([host], options.tlsSecret);
    return ingress;
  }

  protected body(): { [field: string]: Json } {
    const p = this.serviceProps;
    const type = p.type ?? 'ClusterIP';
    const ports = p.ports.map((port) => {
      const protocol = port.protocol ?? 'TCP';
      return compact({
        name: port.name ?? `${protocol.toLowerCase()}-${port.port}`,
        port: port.port,
        protocol,
        targetPort: port.targetPort ?? port.port,
        nodePort: port.nodePort,
      });
    });
    return {
      spec: compact({
        type,
        clusterIP: p.headless ? 'None' : undefined,
        selector: p.selector ? selectorLabelsOf(p.selector) : undefined,
        ports,
        externalTrafficPolicy: p.externalTrafficPolicy,
        loadBalancerSourceRanges: p.loadBalancerSourceRanges ? [...p.loadBalancerSourceRanges] : undefined,
        publishNotReadyAddresses: p.publishNotReadyAddresses,
      }),
    };
  }
}
