/**
 * One apply at a time per application: a Lease `berth-lock-<app>` in the application's namespace. The holder
 * writes who it is (host, pid, start time) and renews the lease while it runs; a lease not renewed within
 * leaseDurationSeconds belongs to a crashed run and is taken over, as is one whose holder is a dead process on
 * this host. Every write carries the resourceVersion it read, so two runs can never both win.
 */
import { hostname } from 'os';
import { KubeClient } from '../cluster/client';
import { ClusterError } from '../cluster/errors';
import { MANAGED_BY, MANAGED_BY_VALUE, PART_OF } from '../model/labels';
import { Manifest } from '../model/object';
import { Emit } from './events';
import { InventoryRef } from './inventory';

export const LEASE_API = 'coordination.k8s.io/v1';

export interface LockOptions {
  /** How long to wait for another run to finish. */
  readonly timeoutMs: number;
  /** How long a lease stays valid without renewal (a crashed run's lock expires after this). Default 30. */
  readonly leaseDurationSeconds?: number;
  readonly emit?: Emit;
  /** Poll interval while waiting. Default 1000 ms. */
  readonly pollMs?: number;
}

export class LockError extends Error {
  /** The application's namespace does not exist (yet): there is nowhere to put its lock. */
  constructor(message: string, readonly namespaceMissing = false) {
    super(message);
  }
}

export function lockName(app: string): string {
  return `berth-lock-${app}`;
}

/** `host/pid started <ISO time>`: enough for a person to find the other run. */
export function holderIdentity(): string {
  return `${hostname()}/${process.pid} started ${new Date(Date.now() - Math.round(process.uptime() * 1000)).toISOString()}`;
}

interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
}

/** A held lock; renews itself until released. */
export class AppLock {
  private timer: NodeJS.Timeout | undefined;
  private lost: string | undefined;

  constructor(private readonly client: KubeClient, readonly ref: InventoryRef, private lease: Manifest, durationSeconds: number) {
    const every = Math.max(1000, (durationSeconds * 1000) / 3);
    this.timer = setInterval(() => void this.renew(), every);
    this.timer.unref();
  }

  /** Throws if the lease was lost (another run took it over after renewals failed). */
  check(): void {
    if (this.lost) throw new LockError(this.lost);
  }

  private async renew(): Promise<void> {
    const spec = { ...(this.lease.spec as LeaseSpec), renewTime: microTime(new Date()) };
    try {
      this.lease = await this.client.update({ ...this.lease, spec: spec as Manifest['spec'] });
    } catch (e) {
      if (e instanceof ClusterError && (e.reason === 'conflict' || e.reason === 'not-found')) {
        this.lost = `lost the lock of application ${this.ref.app} (Lease ${this.ref.namespace}/${lockName(this.ref.app)} changed by someone else)`;
        this.stopRenewing();
      }
      // Other errors: try again at the next renewal; the lease is valid for two more periods.
    }
  }

  private stopRenewing(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  async release(): Promise<void> {
    this.stopRenewing();
    if (this.lost) return;
    try {
      await this.client.delete(LEASE_API, 'Lease', lockName(this.ref.app), this.ref.namespace, {
        uid: String(this.lease.metadata.uid), resourceVersion: String(this.lease.metadata.resourceVersion),
      });
    } catch (e) {
      // A renewal in flight changed the resourceVersion: delete what is still ours.
      if (e instanceof ClusterError && e.reason === 'conflict') {
        await this.client.delete(LEASE_API, 'Lease', lockName(this.ref.app), this.ref.namespace, { uid: String(this.lease.metadata.uid) }).catch(() => undefined);
      } else throw e;
    }
  }
}

export async function acquireLock(client: KubeClient, ref: InventoryRef, options: LockOptions): Promise<AppLock> {
  const duration = options.leaseDurationSeconds ?? 30;
  const started = Date.now();
  const me = holderIdentity();
  let reportedHolder: string | undefined;
  for (;;) {
    let now = new Date();
    // Create first (the common case: free): one request; an existing lease answers 409 and is read.
    try {
      const lease = await client.create(leaseObject(ref, { holderIdentity: me, leaseDurationSeconds: duration, acquireTime: microTime(now), renewTime: microTime(now), leaseTransitions: 0 }));
      options.emit?.({ type: 'lock-acquired', app: ref.app });
      return new AppLock(client, ref, lease, duration);
    } catch (e) {
      if (e instanceof ClusterError && e.reason === 'not-found') throw new LockError(`cannot lock application ${ref.app}: namespace ${ref.namespace} does not exist`, true);
      if (!(e instanceof ClusterError && e.reason === 'conflict')) throw e;
    }
    now = new Date();
    const current = await client.get(LEASE_API, 'Lease', lockName(ref.app), ref.namespace);
    const spec = (current?.spec ?? {}) as LeaseSpec;
    try {
      if (!current) continue; // released meanwhile: try to create it again
      const stale = staleReason(spec, now);
      if (stale) {
        const lease = await client.update({
          ...current,
          spec: { holderIdentity: me, leaseDurationSeconds: duration, acquireTime: microTime(now), renewTime: microTime(now), leaseTransitions: (spec.leaseTransitions ?? 0) + 1 },
        });
        options.emit?.({ type: 'lock-acquired', app: ref.app, tookOver: `${spec.holderIdentity ?? 'nobody'} (${stale})` });
        return new AppLock(client, ref, lease, duration);
      }
    } catch (e) {
      if (e instanceof ClusterError && (e.reason === 'conflict')) continue; // someone else moved first: look again
      if (e instanceof ClusterError && e.reason === 'not-found') {
        throw new LockError(`cannot lock application ${ref.app}: namespace ${ref.namespace} does not exist`, true);
      }
      throw e;
    }
    const holder = spec.holderIdentity ?? 'unknown';
    if (Date.now() - started >= options.timeoutMs) {
      throw new LockError(
        `application ${ref.app} is locked by ${holder} (Lease ${ref.namespace}/${lockName(ref.app)}, renewed ${spec.renewTime ?? 'never'}); ` +
        `gave up after ${Math.round(options.timeoutMs / 1000)} s (--lock-timeout)`,
      );
    }
    if (holder !== reportedHolder) {
      options.emit?.({ type: 'lock-waiting', app: ref.app, holder });
      reportedHolder = holder;
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(options.pollMs ?? 1000, Math.max(50, options.timeoutMs - (Date.now() - started)))));
  }
}

/** Why a held lease no longer protects anything, or undefined while it does. */
export function staleReason(spec: LeaseSpec, now: Date): string | undefined {
  if (!spec.holderIdentity) return 'released';
  const renewed = Date.parse(spec.renewTime ?? spec.acquireTime ?? '');
  const duration = (spec.leaseDurationSeconds ?? 0) * 1000;
  if (!Number.isFinite(renewed) || renewed + duration < now.getTime()) return 'expired';
  const m = /^([^/]+)\/(\d+) /.exec(spec.holderIdentity);
  if (m && m[1] === hostname() && Number(m[2]) !== process.pid && !processAlive(Number(m[2]))) return 'its process is gone';
  return undefined;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function leaseObject(ref: InventoryRef, spec: LeaseSpec): Manifest {
  return {
    apiVersion: LEASE_API,
    kind: 'Lease',
    metadata: { name: lockName(ref.app), namespace: ref.namespace, labels: { [MANAGED_BY]: MANAGED_BY_VALUE, [PART_OF]: ref.app } },
    spec: spec as Manifest['spec'],
  };
}

/** MicroTime: RFC 3339 with six fraction digits. */
export function microTime(d: Date): string {
  return d.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}
