import { Construct } from 'constructs';
import { Json } from '../model/object';
import { compact, JsonObject } from '../model/json';
import { Protocol } from './container';
import { Resource, ResourceProps } from './resource';
import { PodSelector, selectorLabelsOf } from './selectable';

/** One side of an allowed connection. */
export class Peer {
  /** Pods of this application's namespace selected by a workload or labels. */
  static pods(selector: PodSelector): Peer {
    return new Peer({ podSelector: { matchLabels: selectorLabelsOf(selector) } });
  }

  /**
   * Every pod of a namespace, by name. Uses the `kubernetes.io/metadata.name` label that Kubernetes sets on
   * namespaces from 1.21; on 1.20, label the namespace yourself or use `Peer.namespaces(labels)`.
   */
  static namespace(name: string): Peer {
    return Peer.namespaces({ 'kubernetes.io/metadata.name': name });
  }

  /** Every pod of the namespaces carrying these labels. */
  static namespaces(labels: Readonly<Record<string, string>>): Peer {
    return new Peer({ namespaceSelector: { matchLabels: { ...labels } } });
  }

  /** Pods selected by labels in namespaces selected by labels. */
  static podsInNamespaces(pods: PodSelector, namespaceLabels: Readonly<Record<string, string>>): Peer {
    return new Peer({
      namespaceSelector: { matchLabels: { ...namespaceLabels } },
      podSelector: { matchLabels: selectorLabelsOf(pods) },
    });
  }

  /** An IP block, e.g. `10.0.0.0/8`, minus `except` blocks. */
  static cidr(cidr: string, except: readonly string[] = []): Peer {
    return new Peer({ ipBlock: except.length ? { cidr, except: [...except] } : { cidr } });
  }

  private constructor(private readonly json: JsonObject) {}

  toJson(): JsonObject {
    return JSON.parse(JSON.stringify(this.json)) as JsonObject;
  }
}

export interface PolicyPort {
  /** Port number or named port. Default: all ports. */
  readonly port?: number | string;
  /** Default TCP. */
  readonly protocol?: Protocol;
}

export interface PolicyRule {
  readonly peers: readonly Peer[];
  /** Default: all ports. */
  readonly ports?: readonly PolicyPort[];
}

export interface NetworkPolicyProps extends ResourceProps {
  /** The pods this policy isolates. Default: every pod of the namespace. */
  readonly selector?: PodSelector;
  readonly ingress?: readonly PolicyRule[];
  readonly egress?: readonly PolicyRule[];
  /** Isolate ingress even with no rule (deny all incoming). Default: only when there are ingress rules. */
  readonly isolateIngress?: boolean;
  /** Isolate egress even with no rule (deny all outgoing). Default: only when there are egress rules. */
  readonly isolateEgress?: boolean;
}

/** A NetworkPolicy: once a pod is selected, only the allowed connections reach (or leave) it. */
export class NetworkPolicy extends Resource {
  readonly kind = 'NetworkPolicy';
  private readonly ingress: PolicyRule[];
  private readonly egress: PolicyRule[];
  private readonly npProps: NetworkPolicyProps;

  constructor(scope: Construct, id: string, props: NetworkPolicyProps = {}) {
    super(scope, id, props);
    this.npProps = props;
    this.ingress = [...(props.ingress ?? [])];
    this.egress = [...(props.egress ?? [])];
  }

  allowFrom(peer: Peer | readonly Peer[], ports?: readonly PolicyPort[]): this {
    this.ingress.push({ peers: Array.isArray(peer) ? peer : [peer as Peer], ports });
    return this;
  }

  allowTo(peer: Peer | readonly Peer[], ports?: readonly PolicyPort[]): this {
    this.egress.push({ peers: Array.isArray(peer) ? peer : [peer as Peer], ports });
    return this;
  }

  protected body(): { [field: string]: Json } {
    const rule = (direction: 'from' | 'to') => (r: PolicyRule) => compact({
      [direction]: r.peers.map((p) => p.toJson()),
      ports: r.ports?.length ? r.ports.map((p) => compact({ port: p.port, protocol: p.protocol ?? 'TCP' })) : undefined,
    });
    const policyTypes: string[] = [];
    if (this.ingress.length || this.npProps.isolateIngress) policyTypes.push('Ingress');
    if (this.egress.length || this.npProps.isolateEgress) policyTypes.push('Egress');
    if (!policyTypes.length) policyTypes.push('Ingress');
    return {
      spec: compact({
        podSelector: this.npProps.selector ? { matchLabels: selectorLabelsOf(this.npProps.selector) } : {},
        ingress: this.ingress.length ? this.ingress.map(rule('from')) : undefined,
        egress: this.egress.length ? this.egress.map(rule('to')) : undefined,
        policyTypes,
      }),
    };
  }
}
