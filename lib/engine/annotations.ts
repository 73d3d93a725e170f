/**
 * Per-object annotations berth reads from live objects. Shared by plan (which never lists such objects as
 * deletes) and apply (which never prunes them).
 */

/** `berth.dev/prune: disabled` on a live object: keep it in the cluster when it leaves the stacks. */
export const PRUNE_ANNOTATION = 'berth.dev/prune';
export const PRUNE_DISABLED = 'disabled';

export function pruneDisabled(metadata: { annotations?: Record<string, string> }): boolean {
  return metadata.annotations?.[PRUNE_ANNOTATION] === PRUNE_DISABLED;
}

/** Why an object stays: the reason prune and destroy report. */
export const PRUNE_DISABLED_REASON = `annotated ${PRUNE_ANNOTATION}: ${PRUNE_DISABLED}`;
