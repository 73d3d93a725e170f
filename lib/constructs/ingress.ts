import { Construct } from 'constructs';
import { Json } from '../model/object';
import { compact } from '../model/json';
import { ObjectRef, Resource, ResourceProps } from './resource';

export type IngressPathType = 'Prefix' | 'Exact' | 'ImplementationSpecific';

export interface IngressRule {
  /** Default: any host. */
  readonly host?: string;
  /** Default `/`. */
  readonly path?: string;
  /** Default Prefix. */
  readonly pathType?: IngressPathType;
  readonly service: ObjectRef;
  /** Service port number or name. */
  readonly port: number | string;
}

export interface IngressTls {
  readonly hosts: readonly string[];
  /** A `kubernetes.io/tls` Secret holding the certificate (berth's, or `Secret.fromName` for one managed elsewhere). */
  readonly secret: ObjectRef;
}

export interface IngressProps extends ResourceProps {
  /** IngressClass. Default: the cluster's default class. */
  readonly className?: string;
  readonly rules?: readonly IngressRule[];
  readonly tls?: readonly IngressTls[];
}

/** An Ingress: HTTP routes from hosts and paths to Services, optionally with TLS. */
export class Ingress extends Resource {
  readonly kind = 'Ingress';
  private readonly rules: IngressRule[];
  private readonly tls: IngressTls[];
  private readonly className?: string;

  constructor(scope: Construct, id: string, props: IngressProps = {}) {
    super(scope, id, props);
    this.rules = [...(props.rules ?? [])];
    this.tls = [...(props.tls ?? [])];
    this.className = props.className;
    this.node.addValidation({ validate: () => (this.rules.length ? [] : [`Ingress ${this.name} has no rules`]) });
  }

  addRule(rule: IngressRule): this {
    this.rules.push(rule);
    return this;
  }

  addTls(hosts: readonly string[], secret: ObjectRef): this {
    this.tls.push({ hosts, secret });
    return this;
  }

  protected body(): { [field: string]: Json } {
    const hosts: (string | undefined)[] = [];
    for (const r of this.rules) if (!hosts.includes(r.host)) hosts.push(r.host);
    const rules = hosts.map((host) => compact({
      host,
      http: {
        paths: this.rules.filter((r) => r.host === host).map((r) => ({
          backend: {
            service: {
              name: r.service.name,
              port: (typeof r.port === 'number' ? { number: r.port } : { name: r.port }) as Json,
            },
          },
          path: r.path ?? '/',
          pathType: r.pathType ?? 'Prefix',
        })),
      },
    }));
    return {
      spec: compact({
        ingressClassName: this.className,
        rules,
        tls: this.tls.length ? this.tls.map((t) => ({ hosts: [...t.hosts], secretName: t.secret.name })) : undefined,
      }),
    };
  }
}
