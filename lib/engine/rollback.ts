/**
 * Atomic mode: after a failed apply, each application it touched returns to the revision its inventory recorded
 * before this apply (what berth last applied). Objects this apply changed are re-applied as they were; objects it
 * created are deleted; the inventory parent gets back its previous revision, keeping the members it records.
 * Objects adopted by this apply that no revision describes are left as they are (reported).
 */
import { KubeClient } from '../cluster/client';
import { Manifest, ObjectId, idKey, idOf } from '../model/object';
import { describeApplyError } from './apply-errors';
import type { ObjectReport } from './apply';
import { Emit } from './events';
import { touched } from './outcome';
import { Inventory, InventoryRef, ParentState, REVISION_KEY, decodeRevision, writeParent } from './inventory';
import { runBounded } from './pool';
import { WaitTarget, waitForObjects, waitTargetOf } from './wait/waiter';
import { computeWaves, deleteWaves } from './waves';

export interface RollbackReport {
  readonly restored: ObjectId[];
  readonly removed: ObjectId[];
  /** Changed by the failed apply but without a previous revision to return to. */
  readonly leftAsIs: ObjectId[];
  readonly errors: string[];
}

export interface RollbackInput {
  readonly apps: readonly InventoryRef[];
  readonly inventories: ReadonlyMap<string, Inventory>;
  /** What each parent records now (this apply wrote the new revision into it before applying). */
  readonly parents: ReadonlyMap<string, ParentState>;
  readonly reports: readonly ObjectReport[];
  /** What the server returned for each object applied (uid of created objects). */
  readonly applied: ReadonlyMap<string, Manifest>;
}

export interface RollbackSettings {
  readonly emit: Emit;
  readonly fieldManager: string;
  readonly concurrency: number;
  readonly wait: boolean;
  readonly objectTimeoutMs: number;
  readonly timeoutMs: number;
  readonly reason: string;
}

export async function rollback(client: KubeClient, input: RollbackInput, settings: RollbackSettings): Promise<RollbackReport> {
  const report: RollbackReport = { restored: [], removed: [], leftAsIs: [], errors: [] };
  const restored: WaitTarget[] = [];
  for (const ref of input.apps) {
    settings.emit({ type: 'rollback-started', app: ref.app, reason: settings.reason });
    const inv = input.inventories.get(ref.app);
    const previous = decodeRevision(inv?.data[REVISION_KEY]) ?? [];
    const previousByKey = new Map(previous.map((m) => [idKey(idOf(m)), m]));
    const written = input.reports.filter((r) => r.app === ref.app && (touched(r.outcome) || r.outcome === 'failed'));

    const restore = written.map((r) => previousByKey.get(idKey(r.id))).filter((m): m is Manifest => !!m);
    for (const wave of computeWaves(restore.map((m) => ({ id: idOf(m), after: [] as string[], m })))) {
      await runBounded(wave.items, settings.concurrency, async ({ m }) => {
        try {
          await client.apply(m, { fieldManager: settings.fieldManager, force: true });
          report.restored.push(idOf(m));
          restored.push(waitTargetOf(m));
          settings.emit({ type: 'rolled-back', id: idOf(m), as: 'restored' });
        } catch (e) {
          report.errors.push(describeApplyError(e, idOf(m), 'previous revision'));
        }
      });
    }

    const created = written.filter((r) => r.outcome === 'created' && !previousByKey.has(idKey(r.id)));
    for (const wave of deleteWaves(created)) {
      await runBounded(wave.items, settings.concurrency, async (r) => {
        const live = input.applied.get(idKey(r.id));
        if (!live) return;
        try {
          await client.delete(live.apiVersion, r.id.kind, r.id.name, r.id.namespace, { uid: String(live.metadata.uid) });
          report.removed.push(r.id);
          settings.emit({ type: 'rolled-back', id: r.id, as: 'removed' });
        } catch (e) {
          report.errors.push(describeApplyError(e, r.id, r.source));
        }
      });
    }
    for (const r of written) {
      if (r.outcome !== 'failed' && !previousByKey.has(idKey(r.id)) && !(r.outcome === 'created')) report.leftAsIs.push(r.id);
    }

    // The parent's previous data (its revision), but the members it records now: a superset of what is left,
    // whatever could not be removed or was adopted (kubectl's ApplySet tooling shrinks a parent only after pruning).
    const now = input.parents.get(ref.app);
    if (now) {
      await writeParent(client, ref, now, now, inv?.data ?? {}, settings.fieldManager)
        .catch((e) => report.errors.push(`inventory of ${ref.app}: ${(e as Error).message}`));
    }
  }

  if (settings.wait && restored.length) {
    const outcomes = await waitForObjects(client, restored, {
      emit: settings.emit, objectTimeoutMs: settings.objectTimeoutMs, deadline: Date.now() + settings.timeoutMs,
    });
    for (const o of outcomes) if (o.state !== 'ready') report.errors.push(`after rollback, ${o.id.kind}/${o.id.name}: ${o.message}`);
  }
  return report;
}
