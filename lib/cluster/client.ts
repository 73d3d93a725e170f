/**
 * The cluster client berth's engine uses: typed enough to be safe, generic enough for any kind. Objects go
 * in and out as plain manifests.
 */
import { Manifest } from '../model/object';
import { ClusterError } from './errors';
import { Discovery, ResourceInfo } from './discovery';
import { ConnectionOptions, connect } from './kubeconfig';
import { Transport, TransportOptions } from './transport';

export interface ServerVersion {
  readonly major: number;
  readonly minor: number;
  readonly gitVersion: string;
}

export interface ApplyOptions {
  readonly fieldManager: string;
  /** Take ownership of fields other managers own. */
  readonly force?: boolean;
  /** Server-side dry run: admitted and defaulted, never stored. */
  readonly dryRun?: boolean;
}

export interface DeleteOptions {
  /** Delete only if the object still has this uid / resourceVersion (409 otherwise). */
  readonly uid?: string;
  readonly resourceVersion?: string;
  /** Default Background. */
  readonly propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  readonly dryRun?: boolean;
}

export interface ListOptions {
  readonly namespace?: string;
  readonly labelSelector?: string;
  /** Only metadata (labels, annotations, resourceVersion...): no spec or data is transferred. */
  readonly metadataOnly?: boolean;
}

const METADATA_ONLY = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json';

export class KubeClient {
  static async connect(options: ConnectionOptions & TransportOptions & { discoveryCacheDir?: string } = {}): Promise<KubeClient> {
    const connection = await connect(options);
    return new KubeClient(new Transport(connection, options), options.discoveryCacheDir);
  }

  readonly discovery: Discovery;

  constructor(readonly transport: Transport, discoveryCacheDir?: string) {
    this.discovery = new Discovery(transport, discoveryCacheDir);
  }

  get server(): string {
    return this.transport.connection.server;
  }

  /** Requests sent so far (retries included). */
  get requestCount(): number {
    return this.transport.requestCount;
  }

  close(): void {
    this.transport.close();
  }

  async version(): Promise<ServerVersion> {
    const body = (await this.transport.send({ method: 'GET', path: '/version', call: { verb: 'get', resource: 'version' } })).body as {
      major?: string; minor?: string; gitVersion?: string;
    };
    const major = parseInt(body.major ?? '', 10);
    const minor = parseInt(body.minor ?? '', 10);
    if (!Number.isFinite(major) || !Number.isFinite(minor)) {
      const m = /^v(\d+)\.(\d+)/.exec(body.gitVersion ?? '');
      if (!m) throw new ClusterError('server-error', `the cluster at ${this.server} reports no usable version (${JSON.stringify(body)})`);
      return { major: Number(m[1]), minor: Number(m[2]), gitVersion: body.gitVersion ?? '' };
    }
    return { major, minor, gitVersion: body.gitVersion ?? `v${major}.${minor}` };
  }

  resource(apiVersion: string, kind: string): Promise<ResourceInfo> {
    return this.discovery.resource(apiVersion, kind);
  }

  /** URL path of a resource collection, or of one object when `name` is given. */
  static path(info: ResourceInfo, namespace?: string, name?: string): string {
    const base = info.apiVersion.includes('/') ? `/apis/${info.apiVersion}` : `/api/${info.apiVersion}`;
    const ns = info.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
    return `${base}${ns}/${info.name}${name ? `/${encodeURIComponent(name)}` : ''}`;
  }

  /** Every object of a kind (all namespaces unless one is given) matching the selector; pages through. */
  async list(apiVersion: string, kind: string, options: ListOptions = {}): Promise<Manifest[]> {
    const info = await this.resource(apiVersion, kind);
    const items: Manifest[] = [];
    let cont: string | undefined;
    do {
      const body = (await this.transport.send({
        method: 'GET',
        path: KubeClient.path(info, options.namespace),
        query: { labelSelector: options.labelSelector, limit: 500, continue: cont },
        accept: options.metadataOnly ? METADATA_ONLY : undefined,
        call: { verb: 'list', resource: resourceName(info), namespace: options.namespace },
      })).body as { items?: Manifest[]; metadata?: { continue?: string } };
      for (const item of body.items ?? []) items.push({ ...item, apiVersion, kind });
      cont = body.metadata?.continue || undefined;
    } while (cont);
    return items;
  }

  /**
   * A kind in some namespaces: one list per namespace when there are few (at most 3), else one cluster-wide list
   * filtered to them (per namespace again if cluster-wide listing is forbidden). A cluster-scoped kind is listed
   * once, whatever `namespaces` says.
   */
  async listInNamespaces(apiVersion: string, kind: string, namespaces: readonly string[], options: Omit<ListOptions, 'namespace'> = {}): Promise<Manifest[]> {
    if (!(await this.resource(apiVersion, kind)).namespaced) return this.list(apiVersion, kind, options);
    const perNamespace = async () =>
      (await Promise.all(namespaces.map((namespace) => this.list(apiVersion, kind, { ...options, namespace })))).flat();
    if (namespaces.length <= 3) return perNamespace();
    try {
      const wanted = new Set(namespaces);
      return (await this.list(apiVersion, kind, options)).filter((m) => wanted.has(m.metadata.namespace ?? ''));
    } catch (e) {
      if (e instanceof ClusterError && e.reason === 'forbidden') return perNamespace();
      throw e;
    }
  }

  async get(apiVersion: string, kind: string, name: string, namespace?: string): Promise<Manifest | undefined> {
    const info = await this.resource(apiVersion, kind);
    try {
      return (await this.transport.send({
        method: 'GET', path: KubeClient.path(info, namespace, name),
        call: { verb: 'get', resource: resourceName(info), namespace, name },
      })).body as Manifest;
    } catch (e) {
      if (e instanceof ClusterError && e.reason === 'not-found') return undefined;
      throw e;
    }
  }

  /** Server-side apply (PATCH application/apply-patch+yaml; JSON is YAML). */
  async apply(manifest: Manifest, options: ApplyOptions): Promise<Manifest> {
    const info = await this.resource(manifest.apiVersion, manifest.kind);
    const { namespace, name } = manifest.metadata;
    return (await this.transport.send({
      method: 'PATCH',
      path: KubeClient.path(info, namespace, name),
      query: { fieldManager: options.fieldManager, force: options.force ? true : undefined, dryRun: options.dryRun ? 'All' : undefined },
      body: manifest,
      contentType: 'application/apply-patch+yaml',
      call: { verb: options.dryRun ? 'apply (dry run)' : 'apply', resource: resourceName(info), namespace, name },
    })).body as Manifest;
  }

  async create(manifest: Manifest, options: { dryRun?: boolean; fieldManager?: string } = {}): Promise<Manifest> {
    const info = await this.resource(manifest.apiVersion, manifest.kind);
    const { namespace, name } = manifest.metadata;
    return (await this.transport.send({
      method: 'POST',
      path: KubeClient.path(info, namespace),
      query: { dryRun: options.dryRun ? 'All' : undefined, fieldManager: options.fieldManager },
      body: manifest,
      call: { verb: 'create', resource: resourceName(info), namespace, name },
    })).body as Manifest;
  }

  /** PUT: replaces the object; fails with a conflict if metadata.resourceVersion is stale. */
  async update(manifest: Manifest, options: { fieldManager?: string } = {}): Promise<Manifest> {
    const info = await this.resource(manifest.apiVersion, manifest.kind);
    const { namespace, name } = manifest.metadata;
    return (await this.transport.send({
      method: 'PUT',
      path: KubeClient.path(info, namespace, name),
      query: { fieldManager: options.fieldManager },
      body: manifest,
      call: { verb: 'update', resource: resourceName(info), namespace, name },
    })).body as Manifest;
  }

  /** Deletes an object; false if it was already gone. Preconditions make it fail (conflict) if it changed. */
  async delete(apiVersion: string, kind: string, name: string, namespace: string | undefined, options: DeleteOptions = {}): Promise<boolean> {
    const info = await this.resource(apiVersion, kind);
    const preconditions = options.uid || options.resourceVersion
      ? { ...(options.uid ? { uid: options.uid } : {}), ...(options.resourceVersion ? { resourceVersion: options.resourceVersion } : {}) }
      : undefined;
    try {
      await this.transport.send({
        method: 'DELETE',
        path: KubeClient.path(info, namespace, name),
        query: { dryRun: options.dryRun ? 'All' : undefined },
        body: { apiVersion: 'v1', kind: 'DeleteOptions', propagationPolicy: options.propagationPolicy ?? 'Background', ...(preconditions ? { preconditions } : {}) },
        call: { verb: 'delete', resource: resourceName(info), namespace, name },
      });
      return true;
    } catch (e) {
      if (e instanceof ClusterError && e.reason === 'not-found') return false;
      throw e;
    }
  }
}

/** `deployments.apps`, `services`: how RBAC and kubectl name a resource. */
export function resourceName(info: ResourceInfo): string {
  const slash = info.apiVersion.indexOf('/');
  return slash < 0 ? info.name : `${info.name}.${info.apiVersion.slice(0, slash)}`;
}
