/** Readiness as a pure function of what was observed: one small rule per kind (see index.ts). */
import { Manifest } from '../../model/object';

export type ReadinessState = 'progressing' | 'ready' | 'failed';

export interface Readiness {
  readonly state: ReadinessState;
  readonly message: string;
}

/** The object and, for workloads, what it owns in its namespace. */
export interface Observed {
  readonly object: Manifest;
  /** Pods of the object's namespace (the rule picks its own by owner). */
  readonly pods?: readonly Manifest[];
  /** ReplicaSets of the object's namespace (Deployments find their newest one). */
  readonly replicaSets?: readonly Manifest[];
}

export interface ReadinessOptions {
  /** PersistentVolumeClaims count as ready only once Bound. */
  readonly pvcBound?: boolean;
}

export type ReadinessRule = (observed: Observed, options: ReadinessOptions) => Readiness;

export const progressing = (message: string): Readiness => ({ state: 'progressing', message });
export const ready = (message: string): Readiness => ({ state: 'ready', message });
export const failed = (message: string): Readiness => ({ state: 'failed', message });

/* eslint-disable @typescript-eslint/no-explicit-any */
export function conditionOf(obj: Manifest, type: string): { status?: string; reason?: string; message?: string } | undefined {
  return ((obj.status as any)?.conditions as any[] | undefined)?.find((c) => c.type === type);
}

export function statusOf(obj: Manifest): Record<string, any> {
  return (obj.status ?? {}) as Record<string, any>;
}

export function specOf(obj: Manifest): Record<string, any> {
  return (obj.spec ?? {}) as Record<string, any>;
}

/** The controller has not yet seen the latest spec. */
export function notObserved(obj: Manifest): Readiness | undefined {
  const generation = Number(obj.metadata.generation ?? 0);
  const observed = Number(statusOf(obj).observedGeneration ?? 0);
  return observed < generation ? progressing(`waiting for the controller to observe generation ${generation}`) : undefined;
}

export function ownedBy(items: readonly Manifest[] | undefined, owner: Manifest): Manifest[] {
  const uid = owner.metadata.uid;
  return (items ?? []).filter((i) => ((i.metadata.ownerReferences ?? []) as any[]).some((r) => r.uid === uid));
}
