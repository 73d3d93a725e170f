/**
 * Apply failures in the user's terms: the object, the construct, and what the server said. A server-side apply
 * conflict names the other field manager and the field, and how to take ownership.
 */
import { ClusterError } from '../cluster/errors';
import { ObjectId, describeId } from '../model/object';

export function describeApplyError(e: unknown, id: ObjectId, source: string): string {
  const what = `${describeId(id)} (${source})`;
  if (!(e instanceof ClusterError)) return `${what}: ${(e as Error)?.message ?? String(e)}`;
  const causes = e.details?.details?.causes ?? [];
  if (e.reason === 'conflict' && causes.length) {
    const owned = causes.map((c) => `${c.field ?? '(unknown field)'} is owned by ${managerOf(c.message) ?? 'another field manager'}`);
    return `${what}: server-side apply conflict: ${owned.join('; ')}. Re-run with --force-conflicts to take these fields over, or remove them from the stacks`;
  }
  const said = e.details?.message;
  if (e.status === 403 && said && /exceeded quota/.test(said)) return `${what}: rejected by a ResourceQuota: ${said}`;
  return `${what}: ${said && e.reason !== 'forbidden' ? `rejected by the API server (HTTP ${e.status}): ${said}` : e.message}`;
}

/** `conflict with "kubectl-edit" using apps/v1` → `field manager "kubectl-edit"`. */
function managerOf(message: string | undefined): string | undefined {
  const m = /conflict with "([^"]+)"/.exec(message ?? '');
  return m ? `field manager "${m[1]}"${/using (\S+)/.exec(message ?? '')?.[1] ? ` (${/using (\S+)/.exec(message ?? '')![1]})` : ''}` : undefined;
}
