/**
 * Waits until objects are ready, failed or out of time, by polling with backoff. Each round lists each kind once
 * per namespace (plus pods and ReplicaSets where a workload needs them), so requests grow with kinds and
 * namespaces, not objects. Emits progress as events.
 */
import { KubeClient } from '../../cluster/client';
import { MANAGED_BY_SELECTOR } from '../../model/labels';
import { Manifest, ObjectId, idKey, idOf } from '../../model/object';
import { Emit } from '../events';
import { hasReadinessRule, needsOf, readinessOf } from './index';
import { ReadinessOptions } from './types';

export interface WaitTarget {
  readonly id: ObjectId;
  readonly apiVersion: string;
}

export function waitTargetOf(m: Manifest): WaitTarget {
  return { id: idOf(m), apiVersion: m.apiVersion };
}

export interface WaitOptions extends ReadinessOptions {
  readonly emit: Emit;
  /** Per object, from the start of its wait. */
  readonly objectTimeoutMs: number;
  /** Absolute time (ms since epoch) after which every wait gives up. */
  readonly deadline: number;
  /** First poll interval; grows to `maxIntervalMs`. */
  readonly intervalMs?: number;
  readonly maxIntervalMs?: number;
}

export interface WaitOutcome {
  readonly id: ObjectId;
  readonly state: 'ready' | 'failed' | 'timeout';
  readonly message: string;
}

export async function waitForObjects(client: KubeClient, targets: readonly WaitTarget[], options: WaitOptions): Promise<WaitOutcome[]> {
  const started = Date.now();
  const outcomes = new Map<string, WaitOutcome>();
  let pending = targets.filter((t) => {
    if (hasReadinessRule(t.id.kind)) return true;
    outcomes.set(idKey(t.id), { id: t.id, state: 'ready', message: 'applied' });
    return false;
  });
  for (const t of pending) options.emit({ type: 'wait-started', id: t.id });
  let interval = options.intervalMs ?? 250;
  while (pending.length) {
    const observed = await observe(client, pending);
    const now = Date.now();
    const elapsedMs = now - started;
    pending = pending.filter((t) => {
      const key = idKey(t.id);
      const o = observed.get(key);
      const r = o ? readinessOf(o, options) : { state: 'progressing' as const, message: 'not found yet' };
      if (r.state === 'ready') {
        options.emit({ type: 'ready', id: t.id, message: r.message, elapsedMs });
        outcomes.set(key, { id: t.id, state: 'ready', message: r.message });
        return false;
      }
      if (r.state === 'failed') {
        options.emit({ type: 'wait-failed', id: t.id, message: r.message, elapsedMs, timedOut: false });
        outcomes.set(key, { id: t.id, state: 'failed', message: r.message });
        return false;
      }
      if (elapsedMs >= options.objectTimeoutMs || now >= options.deadline) {
        const which = now >= options.deadline ? 'the apply timeout' : `its timeout of ${Math.round(options.objectTimeoutMs / 1000)} s`;
        const message = `not ready after ${which}: ${r.message}`;
        options.emit({ type: 'wait-failed', id: t.id, message, elapsedMs, timedOut: true });
        outcomes.set(key, { id: t.id, state: 'timeout', message });
        return false;
      }
      options.emit({ type: 'wait-progress', id: t.id, message: r.message, elapsedMs });
      return true;
    });
    if (!pending.length) break;
    await new Promise((resolve) => setTimeout(resolve, interval));
    interval = Math.min(options.maxIntervalMs ?? 2000, Math.round(interval * 1.5));
  }
  return targets.map((t) => outcomes.get(idKey(t.id))!);
}

/** One round of observation: the targets' objects and what their rules need, by target key. */
async function observe(client: KubeClient, targets: readonly WaitTarget[]) {
  const lists = new Map<string, Promise<Manifest[]>>();
  const listOnce = (apiVersion: string, kind: string, namespace: string | undefined, labelSelector?: string) => {
    const key = `${apiVersion}/${kind}/${namespace ?? ''}/${labelSelector ?? ''}`;
    let p = lists.get(key);
    if (!p) lists.set(key, (p = client.list(apiVersion, kind, { namespace, labelSelector })));
    return p;
  };
  // Each list by object key, built once per round (not one scan of the list per object waited for).
  const indexes = new WeakMap<Manifest[], Map<string, Manifest>>();
  const indexed = (list: Manifest[]) => {
    let index = indexes.get(list);
    if (!index) indexes.set(list, (index = new Map(list.map((o) => [idKey(idOf(o)), o]))));
    return index;
  };
  const result = new Map<string, { object: Manifest; pods?: Manifest[]; replicaSets?: Manifest[] }>();
  await Promise.all(targets.map(async (t) => {
    const object = indexed(await listOnce(t.apiVersion, t.id.kind, t.id.namespace, MANAGED_BY_SELECTOR)).get(idKey(t.id));
    if (!object) return;
    const needs = needsOf(t.id.kind);
    const [pods, replicaSets] = await Promise.all([
      needs.includes('pods') ? listOnce('v1', 'Pod', t.id.namespace) : undefined,
      needs.includes('replicaSets') ? listOnce('apps/v1', 'ReplicaSet', t.id.namespace) : undefined,
    ]);
    result.set(idKey(t.id), { object, pods, replicaSets });
  }));
  return result;
}
