import { CommandSpec, ParsedOptions } from '../args';
import { ExitCode, UserError } from '../errors';
import { Output } from '../output';
import { createProgress } from '../progress';
import { ENGINE_TRANSPORT, clusterOptions, connectFromOptions } from './cluster-options';
import { applicationRefs, confirm, durationOption, integerOption, interactive } from './engine-common';
import { loadAndValidate, stackOptions } from './stack';
import { KubeClient } from '../../cluster/client';
import { ClusterError } from '../../cluster/errors';
import { destroyMembers, executeDestroy } from '../../engine/destroy';
import { readInventories } from '../../engine/inventory';
import { AppLock, LockError, acquireLock } from '../../engine/lock';
import { describeId } from '../../model/object';

export const destroySpec: CommandSpec = {
  name: 'destroy',
  summary: "Delete every object berth applied for the stacks' applications, in reverse order, and wait until they are gone.",
  usage: 'berth destroy [--auto-approve]',
  options: [
    ...stackOptions,
    ...clusterOptions,
    { name: 'auto-approve', help: 'delete without asking (required when not on a terminal)' },
    { name: 'timeout', value: 'DURATION', help: 'give up waiting for deletions after this long (default 10m)' },
    { name: 'lock-timeout', value: 'DURATION', help: 'wait this long for another run on the same application (default 5m)' },
    { name: 'concurrency', value: 'N', help: 'objects deleted at the same time (default 16)' },
  ],
};

export async function runDestroy(opts: ParsedOptions, cwd: string, io: Output): Promise<ExitCode> {
  let client: KubeClient | undefined;
  const locks = new Map<string, AppLock>();
  try {
    client = await connectFromOptions(opts, cwd, ENGINE_TRANSPORT);
    const loaded = loadAndValidate(opts, cwd, io);
    if (!loaded) return ExitCode.Error;
    const refs = applicationRefs(loaded.app, loaded.objects);
    const inventories = await readInventories(client, refs, { metadataOnly: true }); // members, not revisions
    if (!inventories.size) {
      io.out(`Nothing to destroy: berth has no inventory of ${refs.map((r) => r.app).join(', ')} in this cluster.`);
      return ExitCode.Ok;
    }
    if (opts['auto-approve'] !== true) {
      if (!interactive()) throw new UserError('berth destroy deletes objects: pass --auto-approve when not running on a terminal');
      for (const inv of inventories.values()) {
        const { members, namespace } = await destroyMembers(client, inv);
        io.out(`${inv.app}: ${[...members, ...(namespace ? [namespace] : [])].map((m) => describeId({ group: '', kind: m.kind, namespace: m.metadata.namespace, name: m.metadata.name })).join(', ')}`);
      }
      if (!(await confirm('Delete these objects?'))) {
        io.err('Destroy cancelled; nothing was deleted.');
        return ExitCode.Error;
      }
    }
    const progress = createProgress({ write: (t) => process.stderr.write(t) }, { live: interactive() });
    const deadline = Date.now() + durationOption(opts, 'timeout', 10 * 60_000);
    let failed = false;
    for (const inv of inventories.values()) {
      const lock = await acquireLock(client, inv, { timeoutMs: durationOption(opts, 'lock-timeout', 5 * 60_000), emit: progress.emit });
      locks.set(inv.app, lock);
      const report = await executeDestroy(client, inv, {
        emit: progress.emit,
        concurrency: integerOption(opts, 'concurrency', 16),
        deadline,
        beforeNamespace: async () => {
          locks.delete(inv.app);
          await lock.release();
        },
      });
      progress.close();
      io.out(`${inv.app}: ${report.deleted.length} deleted${report.kept.length ? `, ${report.kept.length} kept (${report.kept.map((k) => `${describeId(k.id)}: ${k.reason}`).join('; ')})` : ''}.`);
      for (const e of report.errors) io.err(`error: ${e}`);
      failed ||= report.errors.length > 0;
    }
    return failed ? ExitCode.Error : ExitCode.Ok;
  } catch (e) {
    if (e instanceof ClusterError || e instanceof LockError) {
      io.err(`error: ${e.message}`);
      return ExitCode.Error;
    }
    throw e;
  } finally {
    await Promise.all([...locks.values()].map((l) => l.release().catch(() => undefined)));
    client?.close();
  }
}
