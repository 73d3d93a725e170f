/**
 * Discovery: which resource (URL path segment) serves a kind, and whether it is namespaced. Only the group
 * versions actually needed are fetched (one request each), cached in memory and on disk per server for
 * ten minutes; a kind missing from a cached answer (a CRD created since) refetches once.
 */
import { mkdirSync, readFileSync, writeFileSync, renameSync } from 'fs';
import { homedir } from 'os';
import { join } from 'path';
import { ClusterError } from './errors';
import { Transport } from './transport';

export interface ResourceInfo {
  readonly apiVersion: string;
  readonly kind: string;
  /** Plural resource name used in URLs, e.g. `deployments`. */
  readonly name: string;
  readonly namespaced: boolean;
  readonly verbs: readonly string[];
}

interface CachedGroupVersion {
  readonly fetchedAt: number;
  readonly resources: readonly ResourceInfo[];
}

const TTL_MS = 10 * 60 * 1000;

export class Discovery {
  private readonly memory = new Map<string, Promise<CachedGroupVersion>>();
  private readonly preferred = new Map<string, string>();
  private readonly cacheFile: string | undefined;

  constructor(private readonly transport: Transport, cacheDir: string | undefined = defaultCacheDir()) {
    this.cacheFile = cacheDir && join(cacheDir, `${transport.connection.server.replace(/[^A-Za-z0-9.-]+/g, '_')}.json`);
  }

  async resource(apiVersion: string, kind: string): Promise<ResourceInfo> {
    let gv = await this.groupVersion(apiVersion, false);
    let found = gv.resources.find((r) => r.kind === kind);
    if (!found && Date.now() - gv.fetchedAt > 1000) {
      gv = await this.groupVersion(apiVersion, true);
      found = gv.resources.find((r) => r.kind === kind);
    }
    if (!found) throw new ClusterError('not-found', `the cluster at ${this.transport.connection.server} does not serve kind ${kind} in ${apiVersion}`);
    return found;
  }

  /** The group's preferred version, e.g. `apps/v1` for `apps` (`v1` for the core group); undefined if not served. */
  async preferredVersion(group: string): Promise<string | undefined> {
    if (group === '') return 'v1';
    const cached = this.preferred.get(group);
    if (cached) return cached;
    try {
      const body = (await this.transport.send({ method: 'GET', path: `/apis/${group}`, call: { verb: 'discover', resource: group } })).body as {
        preferredVersion?: { groupVersion?: string };
      };
      const gv = body.preferredVersion?.groupVersion;
      if (gv) this.preferred.set(group, gv);
      return gv;
    } catch (e) {
      if (e instanceof ClusterError && e.reason === 'not-found') return undefined;
      throw e;
    }
  }

  /** Forgets what is known about a group version (after creating a CRD). */
  invalidate(apiVersion: string): void {
    this.memory.delete(apiVersion);
  }

  private groupVersion(apiVersion: string, fresh: boolean): Promise<CachedGroupVersion> {
    const cached = this.memory.get(apiVersion);
    if (cached && !fresh) return cached;
    const p = this.load(apiVersion, fresh);
    this.memory.set(apiVersion, p);
    p.catch(() => this.memory.delete(apiVersion));
    return p;
  }

  private async load(apiVersion: string, fresh: boolean): Promise<CachedGroupVersion> {
    const disk = fresh ? undefined : this.readDisk()[apiVersion];
    if (disk && Date.now() - disk.fetchedAt < TTL_MS) return disk;
    const path = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    let body: { resources?: { name: string; kind: string; namespaced: boolean; verbs?: string[] }[] };
    try {
      body = (await this.transport.send({ method: 'GET', path, call: { verb: 'discover', resource: apiVersion } })).body as typeof body;
    } catch (e) {
      if (e instanceof ClusterError && e.reason === 'not-found') {
        return { fetchedAt: Date.now(), resources: [] };
      }
      throw e;
    }
    const resources = (body.resources ?? [])
      .filter((r) => !r.name.includes('/'))
      .map((r) => ({ apiVersion, kind: r.kind, name: r.name, namespaced: r.namespaced, verbs: r.verbs ?? [] }));
    const entry = { fetchedAt: Date.now(), resources };
    this.writeDisk(apiVersion, entry);
    return entry;
  }

  private readDisk(): Record<string, CachedGroupVersion> {
    if (!this.cacheFile) return {};
    try {
      return JSON.parse(readFileSync(this.cacheFile, 'utf8')) as Record<string, CachedGroupVersion>;
    } catch {
      return {};
    }
  }

  private writeDisk(apiVersion: string, entry: CachedGroupVersion): void {
    if (!this.cacheFile) return;
    try {
      const all = { ...this.readDisk(), [apiVersion]: entry };
      mkdirSync(join(this.cacheFile, '..'), { recursive: true });
      const tmp = `${this.cacheFile}.${process.pid}`;
      writeFileSync(tmp, JSON.stringify(all));
      renameSync(tmp, this.cacheFile);
    } catch {
      // the cache is an optimisation: a read-only home directory must not fail the command
    }
  }
}

function defaultCacheDir(): string | undefined {
  if (process.env.BERTH_CACHE_DIR === '') return undefined;
  return join(process.env.BERTH_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'berth'), 'discovery');
}
