/**
 * Renders apply events. On a terminal: finished objects as permanent lines, and one live line per object still
 * being waited for, with its elapsed time, redrawn in place. Elsewhere (CI, pipes): plain timestamped lines, a
 * waiting object's line only when its message changes.
 */
import { ApplyEvent } from '../engine/events';
import { ObjectId, describeId, idKey } from '../model/object';

export interface ProgressSink {
  write(text: string): void;
}

export interface Progress {
  readonly emit: (event: ApplyEvent) => void;
  /** Stops redrawing (call before printing the final report). */
  close(): void;
}

export function createProgress(sink: ProgressSink, options: { live: boolean; now?: () => number }): Progress {
  return options.live ? liveProgress(sink) : plainProgress(sink, options.now ?? Date.now);
}

export function describeEvent(e: ApplyEvent): string | undefined {
  const id = (x: ObjectId) => describeId(x);
  switch (e.type) {
    case 'lock-waiting': return `waiting for the lock of ${e.app}, held by ${e.holder}`;
    case 'lock-acquired': return e.tookOver ? `locked ${e.app} (took over the lock of ${e.tookOver})` : undefined;
    case 'applied': return `${id(e.id)}: ${e.as}`;
    case 'apply-failed': return `FAILED ${e.message}`;
    case 'wait-started': return undefined;
    case 'wait-progress': return `${id(e.id)}: waiting (${seconds(e.elapsedMs)}): ${e.message}`;
    case 'ready': return `${id(e.id)}: ready after ${seconds(e.elapsedMs)} (${e.message})`;
    case 'wait-failed': return `FAILED ${id(e.id)} after ${seconds(e.elapsedMs)}: ${e.message}`;
    case 'pruned': return `${id(e.id)}: pruned`;
    case 'prune-skipped': return `${id(e.id)}: kept (${e.reason})`;
    case 'prune-failed': return `${id(e.id)}: prune failed: ${e.message}`;
    case 'deleted': return `${id(e.id)}: deleting`;
    case 'gone': return `${id(e.id)}: deleted after ${seconds(e.elapsedMs)}`;
    case 'rollback-started': return `rolling back ${e.app} to its previous revision`;
    case 'rolled-back': return `${id(e.id)}: ${e.as === 'restored' ? 'restored to the previous revision' : 'removed (created by the failed apply)'}`;
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)}s`;
}

/** Lines are written in batches at most FLUSH_MS apart: one write per line cost ~0.2 s of CPU in a 1000-object apply. */
const FLUSH_MS = 100;
const URGENT: ReadonlySet<ApplyEvent['type']> = new Set(['apply-failed', 'wait-failed', 'prune-failed', 'rollback-started', 'lock-waiting']);

function plainProgress(sink: ProgressSink, now: () => number): Progress {
  const last = new Map<string, string>();
  let pending = '';
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (pending) sink.write(pending);
    pending = '';
  };
  process.once('exit', flush); // an error path that never reaches close() still prints every line
  return {
    emit: (e) => {
      if (e.type === 'wait-progress') {
        const key = idKey(e.id);
        if (last.get(key) === e.message) return;
        last.set(key, e.message);
      }
      const text = describeEvent(e);
      if (!text) return;
      pending += `${new Date(now()).toISOString()} ${text}\n`;
      if (URGENT.has(e.type)) flush(); // a failure is seen at once, and survives an interrupt that skips `exit`
      else timer ??= setTimeout(flush, FLUSH_MS).unref();
    },
    close: () => {
      flush();
      process.removeListener('exit', flush);
    },
  };
}

function liveProgress(sink: ProgressSink): Progress {
  const waiting = new Map<string, { id: ObjectId; since: number; message: string }>();
  let drawn = 0;
  const clear = () => {
    if (drawn) sink.write(`\u001b[${drawn}A\u001b[J`);
    drawn = 0;
  };
  const draw = () => {
    clear();
    const lines = [...waiting.values()].map((w) => `  ${describeId(w.id)}: waiting ${seconds(Date.now() - w.since)}: ${w.message}`);
    if (lines.length) sink.write(lines.join('\n') + '\n');
    drawn = lines.length;
  };
  const timer = setInterval(draw, 1000);
  timer.unref();
  return {
    emit: (e) => {
      if (e.type === 'wait-started') {
        waiting.set(idKey(e.id), { id: e.id, since: Date.now(), message: 'waiting' });
        return draw();
      }
      if (e.type === 'wait-progress') {
        const w = waiting.get(idKey(e.id));
        if (w) w.message = e.message;
        return;
      }
      if (e.type === 'ready' || e.type === 'wait-failed') waiting.delete(idKey(e.id));
      const text = describeEvent(e);
      clear();
      if (text) sink.write(text + '\n');
      draw();
    },
    close: () => {
      clearInterval(timer);
      clear();
    },
  };
}
