/**
 * What the apply engine reports while it works. The engine only emits these; the CLI renders them (live lines
 * on a terminal, timestamped lines in CI). Events carry ids, states and messages, never object bodies, so
 * secret values cannot leak through them.
 */
import { ObjectId } from '../model/object';

/** What applying one object did. */
export type AppliedAs = 'created' | 'configured' | 'unchanged';

export type ApplyEvent =
  | { readonly type: 'lock-waiting'; readonly app: string; readonly holder: string }
  | { readonly type: 'lock-acquired'; readonly app: string; readonly tookOver?: string }
  | { readonly type: 'applied'; readonly id: ObjectId; readonly as: AppliedAs }
  | { readonly type: 'apply-failed'; readonly id: ObjectId; readonly message: string }
  | { readonly type: 'wait-started'; readonly id: ObjectId }
  | { readonly type: 'wait-progress'; readonly id: ObjectId; readonly message: string; readonly elapsedMs: number }
  | { readonly type: 'ready'; readonly id: ObjectId; readonly message: string; readonly elapsedMs: number }
  | { readonly type: 'wait-failed'; readonly id: ObjectId; readonly message: string; readonly elapsedMs: number; readonly timedOut: boolean }
  | { readonly type: 'pruned'; readonly id: ObjectId }
  | { readonly type: 'prune-skipped'; readonly id: ObjectId; readonly reason: string }
  | { readonly type: 'prune-failed'; readonly id: ObjectId; readonly message: string }
  | { readonly type: 'deleted'; readonly id: ObjectId }
  | { readonly type: 'gone'; readonly id: ObjectId; readonly elapsedMs: number }
  | { readonly type: 'rollback-started'; readonly app: string; readonly reason: string }
  | { readonly type: 'rolled-back'; readonly id: ObjectId; readonly as: 'restored' | 'removed' };

export type Emit = (event: ApplyEvent) => void;
