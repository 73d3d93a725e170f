import { Construct } from 'constructs';
import { Json } from '../model/object';
import { Application } from './application';
import { ObjectRef, Resource, ResourceProps } from './resource';

export interface SecretProps extends ResourceProps {
  /** Values by key (plain text here; written base64-encoded in `data`). */
  readonly stringData?: Readonly<Record<string, string>>;
  /** Default Opaque. */
  readonly type?: string;
}

/**
 * A Secret. Values live only in memory: manifest synthesis leaves Secrets out unless asked
 * (`--include-secrets`), plans show `(sensitive value)`, and errors never print them.
 */
export class Secret extends Resource {
  /** Values read from environment variables at synth time: `{ KEY: 'ENV_VAR' }`. A missing variable is an error. */
  static fromEnv(scope: Construct, id: string, keys: Readonly<Record<string, string>>, props: ResourceProps = {}): Secret {
    const missing = Object.values(keys).filter((v) => process.env[v] === undefined);
    if (missing.length) {
      throw new Error(`${scope.node.path}/${id}: environment variable(s) ${missing.join(', ')} not set (Secret.fromEnv)`);
    }
    const stringData = Object.fromEntries(Object.entries(keys).map(([k, v]) => [k, process.env[v] as string]));
    return new Secret(scope, id, { ...props, stringData });
  }

  /** A `kubernetes.io/dockerconfigjson` Secret for pulling images from a private registry. */
  static dockerRegistry(scope: Construct, id: string, registry: {
    server: string; username: string; password: string; email?: string;
  }, props: ResourceProps = {}): Secret {
    const auth = Buffer.from(`${registry.username}:${registry.password}`).toString('base64');
    const entry: Record<string, string> = { auth, password: registry.password, username: registry.username };
    if (registry.email) entry.email = registry.email;
    const config = JSON.stringify({ auths: { [registry.server]: entry } });
    return new Secret(scope, id, { ...props, type: 'kubernetes.io/dockerconfigjson', stringData: { '.dockerconfigjson': config } });
  }

  /** A `kubernetes.io/tls` Secret from PEM certificate (chain) and private key. */
  static tls(scope: Construct, id: string, pem: { certificate: string; privateKey: string }, props: ResourceProps = {}): Secret {
    if (!pem.certificate.includes('-----BEGIN CERTIFICATE-----')) throw new Error(`${scope.node.path}/${id}: certificate is not PEM`);
    if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem.privateKey)) throw new Error(`${scope.node.path}/${id}: private key is not PEM`);
    return new Secret(scope, id, { ...props, type: 'kubernetes.io/tls', stringData: { 'tls.crt': pem.certificate, 'tls.key': pem.privateKey } });
  }

  /** A Secret managed elsewhere (cert-manager, external-secrets, by hand), referenced by name. */
  static fromName(scope: Construct, name: string): ObjectRef {
    return Application.of(scope).external('Secret', name);
  }

  readonly kind = 'Secret';
  private readonly data: Record<string, string>;
  private readonly type: string;

  constructor(scope: Construct, id: string, props: SecretProps = {}) {
    super(scope, id, props);
    this.data = { ...(props.stringData ?? {}) };
    this.type = props.type ?? 'Opaque';
  }

  /** Key names (never values), for reference checks. */
  get keys(): string[] {
    return Object.keys(this.data).sort();
  }

  addValue(key: string, value: string): this {
    this.data[key] = value;
    return this;
  }

  protected body(): { [field: string]: Json } {
    const data: Record<string, string> = {};
    for (const k of this.keys) data[k] = Buffer.from(this.data[k]).toString('base64');
    return { data, type: this.type };
  }
}
