/**
 * Prune: delete inventory members that are no longer desired, in reverse change-group order. Only objects that
 * carry this application's ApplySet label are ever deleted (so nothing berth did not apply), never one annotated
 * `berth.dev/prune: disabled`, and each delete is conditional on the uid the plan saw.
 */
import { KubeClient } from '../cluster/client';
import { ClusterError } from '../cluster/errors';
import { Manifest, ObjectId, describeId, idOf } from '../model/object';
import { PRUNE_DISABLED_REASON, pruneDisabled } from './annotations';
import { Emit } from './events';
import { APPLYSET_PART_OF, InventoryRef, applySetId } from './inventory';
import { runBounded } from './pool';
import { deleteWaves } from './waves';

export interface PruneResult {
  readonly pruned: ObjectId[];
  /** Kept, with why (opt-out annotation, not a member, failed delete). */
  readonly kept: { readonly object: Manifest; readonly reason: string }[];
}

export async function pruneObjects(
  client: KubeClient, ref: InventoryRef, live: readonly Manifest[], options: { emit: Emit; concurrency: number },
): Promise<PruneResult> {
  const result: PruneResult = { pruned: [], kept: [] };
  const id = applySetId(ref);
  const keep = (object: Manifest, reason: string) => {
    result.kept.push({ object, reason });
    options.emit({ type: 'prune-skipped', id: idOf(object), reason });
  };
  const waves = deleteWaves(live.map((m) => ({ id: idOf(m), m })));
  for (const wave of waves) {
    await runBounded(wave.items, options.concurrency, async ({ m }) => {
      if (m.metadata.labels?.[APPLYSET_PART_OF] !== id) return keep(m, `not a member of application ${ref.app}'s inventory`);
      if (pruneDisabled(m.metadata)) return keep(m, PRUNE_DISABLED_REASON);
      try {
        await client.delete(m.apiVersion, m.kind, m.metadata.name, m.metadata.namespace, { uid: String(m.metadata.uid) });
        result.pruned.push(idOf(m));
        options.emit({ type: 'pruned', id: idOf(m) });
      } catch (e) {
        const message = e instanceof ClusterError && e.reason === 'conflict'
          ? `${describeId(idOf(m))} was replaced since the plan (uid changed); not deleted`
          : (e as Error).message;
        result.kept.push({ object: m, reason: message });
        options.emit({ type: 'prune-failed', id: idOf(m), message });
      }
    });
  }
  return result;
}
