import { readFileSync } from 'fs';
import { resolve } from 'path';
import { CommandSpec, ParsedOptions } from '../args';
import { ExitCode, UserError } from '../errors';
import { Output } from '../output';
import { Progress, createProgress } from '../progress';
import { ENGINE_TRANSPORT, clusterOptions, connectFromOptions } from './cluster-options';
import { applicationRefs, confirm, durationOption, emptiedApps, integerOption, interactive, printStats, redactedError, redacting, supportedVersion } from './engine-common';
import { loadAndValidate, stackOptions } from './stack';
import { KubeClient } from '../../cluster/client';
import { ClusterError } from '../../cluster/errors';
import { ApplyReport, ObjectReport, executeApply } from '../../engine/apply';
import { Inventory, InventoryRef, membershipOf, parentCheck, recordsRevision, sameMembership, withMembership } from '../../engine/inventory';
import { AppLock, LockError, acquireLock } from '../../engine/lock';
import { PlanError, PlanResult, computePlan } from '../../engine/plan';
import { Plan } from '../../engine/plan-types';
import { redactor, secretValuesOf } from '../../engine/redact';
import { renderText } from '../../engine/render/text';
import { liveDifferences, planDifferences } from '../../engine/stale';
import { waitForObjects, waitTargetOf } from '../../engine/wait/waiter';
import { DependencyCycleError } from '../../engine/waves';
import { BerthObject, Manifest, describeId, idKey } from '../../model/object';

export const applySpec: CommandSpec = {
  name: 'apply',
  summary: 'Make the cluster match the stacks: apply in order, wait for health, prune what left the stacks.',
  usage: 'berth apply [--plan plan.json] [--auto-approve] [--atomic] [--no-wait]',
  options: [
    ...stackOptions,
    ...clusterOptions,
    { name: 'plan', value: 'FILE', help: 'apply this saved plan (berth plan --out); refused, with nothing written, if it is stale' },
    { name: 'auto-approve', help: 'apply without asking (required when not on a terminal)' },
    { name: 'atomic', help: 'on failure, return each application to its previous revision' },
    { name: 'force-conflicts', help: 'take over fields another field manager owns (server-side apply force)' },
    { name: 'allow-empty', help: 'allow pruning every object of an application that renders no objects' },
    { name: 'no-wait', help: 'do not wait for health after applying (Namespaces, CRDs and quotas are still awaited)' },
    { name: 'wait-pvc-bound', help: 'wait for PersistentVolumeClaims to be Bound' },
    { name: 'timeout', value: 'DURATION', help: 'give up waiting after this long in total (default 10m)' },
    { name: 'object-timeout', value: 'DURATION', help: 'give up waiting for one object after this long (default 5m)' },
    { name: 'lock-timeout', value: 'DURATION', help: 'wait this long for another apply of the same application (default 5m)' },
    { name: 'lock-lease', value: 'DURATION', help: 'a lock not renewed for this long belongs to a crashed run (default 30s)' },
    { name: 'concurrency', value: 'N', help: 'objects applied at the same time (default 16)' },
    { name: 'stats', help: 'print the number of API requests and the time taken to stderr' },
  ],
};

export async function runApply(opts: ParsedOptions, cwd: string, io: Output): Promise<ExitCode> {
  const started = Date.now();
  let client: KubeClient | undefined;
  let redact = (text: string) => text;
  const locks: AppLock[] = [];
  const locked = new Set<string>();
  const earlyLocks: Promise<unknown>[] = [];
  let progress: Progress | undefined;
  try {
    client = await connectFromOptions(opts, cwd, ENGINE_TRANSPORT);
    const server = await client.version();
    const loaded = loadAndValidate(opts, cwd, io, supportedVersion(server, io));
    if (!loaded) return ExitCode.Error;
    redact = redactor(secretValuesOf(loaded.objects));
    const safe = redacting(io, redact);
    progress = createProgress({ write: (t) => process.stderr.write(redact(t)) }, { live: interactive() });
    const emit = progress.emit;
    const refs = applicationRefs(loaded.app, loaded.objects);
    const saved = typeof opts.plan === 'string' ? readSavedPlan(resolve(cwd, opts.plan)) : undefined;
    const approvedInteractively = !saved && opts['auto-approve'] !== true;
    const lockOptions = {
      timeoutMs: durationOption(opts, 'lock-timeout', 5 * 60_000),
      leaseDurationSeconds: Math.max(1, Math.round(durationOption(opts, 'lock-lease', 30_000) / 1000)),
      emit,
    };
    // Takes the locks of `apps` not taken yet, all at once; every lock taken is kept for release in `finally`, even
    // when another could not be taken. Answers the first failure (`early`: a missing namespace is no failure).
    const lockApps = async (apps: readonly InventoryRef[], early = false): Promise<unknown> => {
      const taken = await Promise.allSettled(apps.filter((ref) => !locked.has(ref.app)).map(async (ref) => {
        locked.add(ref.app);
        try {
          locks.push(await acquireLock(client!, ref, lockOptions));
        } catch (e) {
          locked.delete(ref.app);
          if (!(early && e instanceof LockError && e.namespaceMissing)) throw e;
        }
      }));
      return taken.find((t): t is PromiseRejectedResult => t.status === 'rejected')?.reason;
    };
    // Without a person to approve, the applications that will surely write (their inventory does not record the
    // stacks) are locked before the plan reads their objects, instead of after it: what the plan sees of them
    // cannot change under it (from another berth run), so they need no check under the lock. `checked` holds the
    // applications whose locks were held when the plan read their objects.
    const desiredByApp = desiredManifestsByApp(refs, loaded.objects);
    const checked = new Set<string>();
    const beforeObjects = async (inventories: ReadonlyMap<string, Inventory>): Promise<boolean> => {
      if (approvedInteractively) return false;
      const sure = refs.filter((ref) => !recordsStacks(ref, desiredByApp.get(ref.app) ?? [], inventories.get(ref.app)));
      const taking = lockApps(sure, true);
      earlyLocks.push(taking);
      const failure = await taking;
      if (failure) throw failure;
      locked.forEach((app) => checked.add(app));
      return checked.size > 0;
    };
    // Plan with the same force apply will use: a field another manager owns then fails here, before any write.
    const planOptions = {
      targetVersion: loaded.targetVersion, apps: refs, serverVersion: server.gitVersion, forceConflicts: opts['force-conflicts'] === true, inventoryData: true,
      // Digests only to compare with a saved plan, its secrets with its salt.
      digests: saved !== undefined, secretsSalt: saved?.secrets?.salt,
    };
    let planned = await computePlan(client, loaded.objects, { ...planOptions, beforeObjects });

    if (saved) {
      const differences = planDifferences(saved, planned.plan);
      if (differences.length) throw new UserError(`the saved plan ${opts.plan} is stale; nothing was changed. Make a new plan.`, differences);
    }
    refuseEmptyApps(refs, loaded.objects, planned, opts['allow-empty'] === true);
    let writing = appsToWrite(refs, desiredByApp, planned);
    const wait = opts['no-wait'] !== true;
    const timeoutMs = durationOption(opts, 'timeout', 10 * 60_000);
    const objectTimeoutMs = durationOption(opts, 'object-timeout', 5 * 60_000);

    if (!writing.length) {
      safe.out(`No changes: ${planned.plan.summary.unchanged} objects of ${refs.length} application${refs.length === 1 ? '' : 's'} are up to date.`);
      const ok = wait ? await waitHealthy(client, loaded.objects, emit, timeoutMs, objectTimeoutMs, opts['wait-pvc-bound'] === true) : true;
      progress.close();
      printStats(opts, safe, client, started);
      return ok ? ExitCode.Ok : ExitCode.Error;
    }

    if (approvedInteractively) {
      if (!interactive()) throw new UserError('berth apply changes the cluster: pass --auto-approve when not running on a terminal (or apply a saved plan with --plan)');
      safe.out(renderText(planned.plan, { color: !process.env.NO_COLOR }).replace(/\n$/, ''));
      if (!(await confirm('Apply these changes?'))) {
        safe.err('Apply cancelled; nothing was changed.');
        return ExitCode.Error;
      }
    }

    // The lock lives in the application's namespace: create the namespaces the stacks own first.
    const preApplied = await createOwnNamespaces(client, writing, planned);
    for (let attempt = 1; ; attempt++) {
      const notTaken = await lockApps(writing);
      if (notTaken) throw notTaken;

      // Under the locks: did anything the plan or the inventory reads saw change since (another run, a person)?
      // Not asked of what the plan read under the locks already.
      const parents = writing.filter((ref) => !checked.has(ref.app)).map((ref) => parentCheck(ref, planned.inventories.get(ref.app)));
      const changes = planned.plan.changes.filter((c) => !checked.has(c.app));
      const changedMeanwhile = await liveDifferences(client, [...changes, ...parents], preApplied);
      if (!changedMeanwhile.length) break;
      if (saved || approvedInteractively) {
        throw new UserError('the cluster changed since the plan was made; nothing was changed. Make a new plan.', changedMeanwhile);
      }
      if (attempt === 3) throw new UserError('the cluster kept changing while berth planned (three plans); nothing was changed. Apply again.', changedMeanwhile);
      // Plan again, under the locks held, and lock (then check) any application the new plan writes that the old
      // one did not.
      locked.forEach((app) => checked.add(app));
      planned = await computePlan(client, loaded.objects, planOptions);
      refuseEmptyApps(refs, loaded.objects, planned, opts['allow-empty'] === true);
      writing = appsToWrite(refs, desiredByApp, planned);
    }

    const report = await executeApply(client, { objects: loaded.objects, apps: refs, planned, inventories: planned.inventories, preApplied }, {
      emit,
      forceConflicts: opts['force-conflicts'] === true,
      concurrency: integerOption(opts, 'concurrency', 16),
      wait,
      timeoutMs,
      objectTimeoutMs,
      pvcBound: opts['wait-pvc-bound'] === true,
      atomic: opts.atomic === true,
      checkLocks: () => locks.forEach((l) => l.check()),
    });
    progress.close();
    for (const line of reportLines(report)) safe.out(line);
    printStats(opts, safe, client, started);
    return report.ok ? ExitCode.Ok : ExitCode.Error;
  } catch (e) {
    progress?.close(); // its last lines before the error
    if (e instanceof UserError) throw new UserError(redact(e.message), e.details.map(redact));
    if (e instanceof ClusterError || e instanceof PlanError || e instanceof LockError || e instanceof DependencyCycleError) {
      io.err(`error: ${redact(e.message)}`);
      return ExitCode.Error;
    }
    throw redactedError(e, redact);
  } finally {
    await Promise.all(earlyLocks); // none still being taken when the locks are released
    await Promise.all(locks.map((l) => l.release().catch(() => undefined)));
    client?.close();
  }
}

function readSavedPlan(file: string): Plan {
  let plan: Plan;
  try {
    plan = JSON.parse(readFileSync(file, 'utf8')) as Plan;
  } catch (e) {
    throw new UserError(`cannot read the saved plan ${file}: ${(e as Error).message}`);
  }
  if (plan?.formatVersion !== 1 || !Array.isArray(plan.changes)) throw new UserError(`${file} is not a berth plan (berth plan --out FILE writes one)`);
  return plan;
}

/** An application that renders nothing would lose every object: only with --allow-empty. */
function refuseEmptyApps(refs: readonly InventoryRef[], objects: readonly BerthObject[], planned: PlanResult, allowEmpty: boolean): void {
  const [emptied] = allowEmpty ? [] : emptiedApps(refs, objects, planned.plan);
  if (emptied) {
    throw new UserError(
      `application ${emptied.app} renders no objects: applying would delete all ${emptied.deletes.length} of its objects in the cluster; nothing was changed. Pass --allow-empty if that is intended (or use berth destroy)`,
      emptied.deletes.map((c) => describeId(c.id)),
    );
  }
}

/** Applications with something to write: changed objects, or an inventory that does not record the stacks yet. */
function appsToWrite(refs: readonly InventoryRef[], desiredByApp: ReadonlyMap<string, readonly Manifest[]>, planned: PlanResult): InventoryRef[] {
  const changed = new Set(planned.plan.changes.filter((c) => c.action !== 'unchanged' || c.adopt).map((c) => c.app));
  return refs.filter((ref) => changed.has(ref.app) || !recordsStacks(ref, desiredByApp.get(ref.app) ?? [], planned.inventories.get(ref.app)));
}

/** The manifests apply sends (with the membership label), by application, in the order of the stacks. */
function desiredManifestsByApp(refs: readonly InventoryRef[], objects: readonly BerthObject[]): Map<string, Manifest[]> {
  const refOf = new Map(refs.map((r) => [r.app, r]));
  const out = new Map<string, Manifest[]>();
  for (const o of objects) out.set(o.app, out.get(o.app) ?? []).get(o.app)!.push(withMembership(o.manifest, refOf.get(o.app)!));
  return out;
}

/** Whether an inventory records exactly these members and this revision (no apply needs to write it). */
function recordsStacks(ref: InventoryRef, desired: readonly Manifest[], inv: Inventory | undefined): boolean {
  if (!inv) return desired.length === 0;
  // Asked twice per inventory read (early locks, then appsToWrite); decoding a revision is the costly part.
  const known = recordsStacksMemo.get(inv);
  if (known !== undefined) return known;
  const answer = sameMembership(inv, membershipOf(ref, desired)) && recordsRevision(inv.data, desired);
  recordsStacksMemo.set(inv, answer);
  return answer;
}

/** By inventory read: the desired objects of a run never change, so neither does the answer. */
const recordsStacksMemo = new WeakMap<Inventory, boolean>();

async function createOwnNamespaces(client: KubeClient, refs: readonly InventoryRef[], planned: PlanResult): Promise<Set<string>> {
  const done = new Set<string>();
  const created = new Set(planned.plan.changes.filter((c) => c.action === 'create' && c.id.kind === 'Namespace').map((c) => idKey(c.id)));
  await Promise.all(refs.map(async (ref) => {
    const key = idKey({ group: '', kind: 'Namespace', name: ref.namespace });
    if (!created.has(key)) return;
    await client.apply(planned.desiredByKey.get(key)!, { fieldManager: 'berth' });
    done.add(key);
  }));
  return done;
}

async function waitHealthy(client: KubeClient, objects: readonly BerthObject[], emit: Parameters<typeof waitForObjects>[2]['emit'], timeoutMs: number, objectTimeoutMs: number, pvcBound: boolean): Promise<boolean> {
  const outcomes = await waitForObjects(client, objects.map((o) => waitTargetOf(o.manifest)), {
    emit, objectTimeoutMs, deadline: Date.now() + timeoutMs, pvcBound,
  });
  return outcomes.every((o) => o.state === 'ready');
}

const ORDER: readonly ObjectReport['outcome'][] = ['created', 'configured', 'replaced', 'unchanged', 'failed', 'not-applied'];

/** The final report: counts on success; on failure exactly what was applied before it and what was not touched. */
export function reportLines(report: ApplyReport): string[] {
  const by = (o: ObjectReport['outcome']) => report.objects.filter((r) => r.outcome === o);
  const name = (r: ObjectReport) => describeId(r.id);
  const problems = report.problems.map((p) => `warning: ${p}`);
  if (report.ok) {
    const counts = ORDER.slice(0, 4).map((o) => `${by(o).length} ${o}`);
    const kept = report.pruneKept.length ? `, ${report.pruneKept.length} kept` : '';
    return [`Apply complete: ${counts.join(', ')}, ${report.pruned.length} pruned${kept}.`, ...problems];
  }
  const lines = [`Apply failed: ${report.failure}`];
  for (const o of ORDER) {
    const list = by(o);
    if (!list.length) continue;
    const title = o === 'not-applied' ? 'not applied (not touched)' : o;
    lines.push(`  ${title} (${list.length}): ${list.map(name).join(', ')}`);
  }
  const unhealthy = report.objects.filter((r) => r.health && r.health !== 'ready');
  if (unhealthy.length) lines.push(`  not healthy: ${unhealthy.map((r) => `${name(r)} (${r.healthMessage})`).join('; ')}`);
  if (report.rollback) {
    const rb = report.rollback;
    lines.push(`Rolled back to the previous revision: ${rb.restored.length} restored${rb.restored.length ? ` (${rb.restored.map(describeId).join(', ')})` : ''}, ` +
      `${rb.removed.length} removed${rb.removed.length ? ` (${rb.removed.map(describeId).join(', ')})` : ''}.`);
    if (rb.leftAsIs.length) lines.push(`  left as applied (no previous revision): ${rb.leftAsIs.map(describeId).join(', ')}`);
    for (const e of rb.errors) lines.push(`  rollback problem: ${e}`);
  } else {
    lines.push('Nothing was pruned; the inventory records every object applied. Fix the cause and apply again (or use --atomic).');
  }
  return [...lines, ...problems];
}

