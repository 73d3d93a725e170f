/**
 * Destroy: delete every member of an application's inventory in reverse change-group order, waiting for each
 * wave to be gone before the next, then the inventory parent, and last the application's own Namespace (which
 * holds the parent and the lock). Members annotated `berth.dev/prune: disabled` are kept.
 */
import { KubeClient } from '../cluster/client';
import { Manifest, ObjectId, describeId, idOf } from '../model/object';
import { PRUNE_DISABLED_REASON, pruneDisabled } from './annotations';
import { Emit } from './events';
import { untilGone } from './gone';
import { Inventory, listMembers, parentName } from './inventory';
import { runBounded } from './pool';
import { deleteWaves } from './waves';

export interface DestroyReport {
  readonly deleted: ObjectId[];
  readonly kept: { readonly id: ObjectId; readonly reason: string }[];
  readonly errors: string[];
}

export interface DestroySettings {
  readonly emit: Emit;
  readonly concurrency: number;
  readonly deadline: number;
  /** Runs before the own namespace is deleted (releases the lock that lives in it). */
  readonly beforeNamespace?: () => Promise<void>;
}

/** Members of the inventory, the application's own Namespace apart. */
export async function destroyMembers(client: KubeClient, inv: Inventory): Promise<{ members: Manifest[]; namespace?: Manifest }> {
  const all = (await listMembers(client, inv)).filter((m) => !m.metadata.deletionTimestamp);
  const isOwn = (m: Manifest) => m.kind === 'Namespace' && m.apiVersion === 'v1' && m.metadata.name === inv.namespace;
  return { members: all.filter((m) => !isOwn(m)), namespace: all.find(isOwn) };
}

export async function executeDestroy(client: KubeClient, inv: Inventory, settings: DestroySettings): Promise<DestroyReport> {
  const report: DestroyReport = { deleted: [], kept: [], errors: [] };
  const { members, namespace } = await destroyMembers(client, inv);
  const deletable = members.filter((m) => {
    if (!pruneDisabled(m.metadata)) return true;
    report.kept.push({ id: idOf(m), reason: PRUNE_DISABLED_REASON });
    settings.emit({ type: 'prune-skipped', id: idOf(m), reason: PRUNE_DISABLED_REASON });
    return false;
  });
  for (const wave of deleteWaves(deletable.map((m) => ({ id: idOf(m), m })))) {
    await deleteAndWait(client, wave.items.map((i) => i.m), settings, report);
  }
  await client.delete('v1', 'Secret', parentName(inv.app), inv.namespace).catch((e) => report.errors.push((e as Error).message));
  await settings.beforeNamespace?.();
  if (namespace && !pruneDisabled(namespace.metadata) && !report.kept.length) await deleteAndWait(client, [namespace], settings, report);
  else if (namespace) report.kept.push({ id: idOf(namespace), reason: 'it still holds objects berth keeps' });
  return report;
}

async function deleteAndWait(client: KubeClient, objects: readonly Manifest[], settings: DestroySettings, report: DestroyReport): Promise<void> {
  const started = Date.now();
  await runBounded(objects, settings.concurrency, async (m) => {
    const id = idOf(m);
    try {
      await client.delete(m.apiVersion, m.kind, m.metadata.name, m.metadata.namespace, { uid: String(m.metadata.uid) });
      settings.emit({ type: 'deleted', id });
      const left = await untilGone(client, { apiVersion: m.apiVersion, kind: m.kind, name: m.metadata.name, namespace: m.metadata.namespace, uid: String(m.metadata.uid) }, settings.deadline);
      if (left) throw new Error(`${describeId(id)} is still being deleted (finalizers: ${JSON.stringify(left.metadata.finalizers ?? [])})`);
      report.deleted.push(id);
      settings.emit({ type: 'gone', id, elapsedMs: Date.now() - started });
    } catch (e) {
      const message = (e as Error).message;
      report.errors.push(`${describeId(id)}: ${message}`);
      settings.emit({ type: 'prune-failed', id, message });
    }
  });
}
