/**
 * Is a plan still what applying would do? Two checks, both read-only:
 * - `planDifferences(saved, fresh)`: a saved plan against one computed now from the same stacks — the desired
 *   objects (digests, secret values via the saved salt), the actions, and the live objects each change was computed
 *   against (uid and resourceVersion). Any difference makes the saved plan stale.
 * - `liveDifferences(client, checks, ignore)`: after taking the locks, whether any of the plan's objects (or the
 *   inventory parents read with it) changed since, with one metadata-only list per kind (client.listInNamespaces).
 */
import { KubeClient } from '../cluster/client';
import { ClusterError } from '../cluster/errors';
import { Manifest, describeId, idKey, idOf } from '../model/object';
import { ObjectChange, Plan } from './plan-types';

/** `fresh` must be computed with digests, and with the saved plan's salt for secrets (PlanOptions.secretsSalt). */
export function planDifferences(saved: Plan, fresh: Plan): string[] {
  const out: string[] = [];
  if (saved.formatVersion !== 1) return [`unsupported plan format ${String(saved.formatVersion)}`];
  if (saved.server !== fresh.server) out.push(`the plan was made for the cluster at ${saved.server}, not ${fresh.server}`);
  if (saved.targetVersion !== fresh.targetVersion) out.push(`the plan targets Kubernetes ${saved.targetVersion}, now ${fresh.targetVersion}`);
  const savedByKey = new Map(saved.changes.map((c) => [idKey(c.id), c]));
  const freshByKey = new Map(fresh.changes.map((c) => [idKey(c.id), c]));
  for (const [key, s] of savedByKey) {
    const f = freshByKey.get(key);
    const what = describeId(s.id);
    if (!f) out.push(`${what}: in the plan, no longer part of the change set`);
    else if (s.digest !== f.digest) out.push(`${what}: the stacks now render it differently`);
    else if (!sameLive(s.live, f.live)) out.push(`${what}: changed in the cluster since the plan (${liveText(s.live)} → ${liveText(f.live)})`);
    else if (s.action !== f.action) out.push(`${what}: the plan says ${s.action}, now it would be ${f.action}`);
  }
  for (const [key, f] of freshByKey) if (!savedByKey.has(key)) out.push(`${describeId(f.id)}: not in the plan (${f.action})`);
  // Same salt, so equal digests mean equal values; a Secret that appeared or vanished has a digest on one side only.
  if ((saved.secrets?.digest ?? '') !== (fresh.secrets?.digest ?? '')) out.push('secret values differ from the ones the plan was made with');
  return out;
}

type LiveRef = ObjectChange['live'];

function sameLive(a: LiveRef, b: LiveRef): boolean {
  return (a?.uid ?? '') === (b?.uid ?? '') && (a?.resourceVersion ?? '') === (b?.resourceVersion ?? '');
}

function liveText(live: LiveRef): string {
  return live ? `resourceVersion ${live.resourceVersion}` : 'absent';
}

export type LiveCheck = Pick<ObjectChange, 'id' | 'apiVersion' | 'live'>;

/** The `checks` (but `ignore`d keys) whose live uid/resourceVersion (or existence) differs from what the plan saw. */
export async function liveDifferences(client: KubeClient, checks: readonly LiveCheck[], ignore: ReadonlySet<string> = new Set()): Promise<string[]> {
  const groups = new Map<string, { apiVersion: string; kind: string; namespaces: Set<string>; changes: LiveCheck[] }>();
  for (const c of checks) {
    if (ignore.has(idKey(c.id))) continue;
    const key = `${c.apiVersion}/${c.id.kind}`;
    const g = groups.get(key) ?? { apiVersion: c.apiVersion, kind: c.id.kind, namespaces: new Set<string>(), changes: [] };
    if (c.id.namespace) g.namespaces.add(c.id.namespace);
    g.changes.push(c);
    groups.set(key, g);
  }
  const out: string[] = [];
  await Promise.all([...groups.values()].map(async (g) => {
    const live = new Map((await listMetadata(client, g.apiVersion, g.kind, [...g.namespaces])).map((m) => [idKey(idOf(m)), m]));
    for (const c of g.changes) {
      const m = live.get(idKey(c.id));
      const now = m ? { uid: String(m.metadata.uid), resourceVersion: String(m.metadata.resourceVersion) } : null;
      if (!sameLive(c.live, now)) out.push(`${describeId(c.id)}: ${liveText(c.live)} when planned, now ${liveText(now)}`);
    }
  }));
  return out.sort();
}

async function listMetadata(client: KubeClient, apiVersion: string, kind: string, namespaces: readonly string[]): Promise<Manifest[]> {
  try {
    return await client.listInNamespaces(apiVersion, kind, namespaces, { metadataOnly: true });
  } catch (e) {
    if (e instanceof ClusterError && e.reason === 'not-found') return []; // kind not served yet (its CRD is in the plan)
    throw e;
  }
}
