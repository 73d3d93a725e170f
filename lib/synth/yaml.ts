/**
 * A small deterministic YAML emitter for JSON data. Why not the `yaml` package: its stringify was 4x slower
 * at 1000 apps (shared/toolchain.md) and needs options to avoid anchors. This emitter never writes anchors,
 * sorts keys (apiVersion, kind, metadata first at the top), and quotes every string that a YAML 1.1 or 1.2
 * reader (kubectl's go-yaml included) could take for something other than a string.
 */
import { Json } from '../model/object';

const TOP_KEYS = ['apiVersion', 'kind', 'metadata'];

/** Words YAML 1.1 or 1.2 read as booleans, nulls or special floats. */
const RESERVED = new Set([
  'y', 'yes', 'n', 'no', 'true', 'false', 'on', 'off', 'null', '~', '.inf', '-.inf', '+.inf', '.nan', '<<', '=',
]);
/** Could be an int, float, hex/octal/binary, sexagesimal or timestamp in YAML 1.1. */
const NUMBER_LIKE = /^[-+]?[0-9.][-+0-9a-fA-FxXoObB_.:eE]*$/;
/** YAML 1.1 timestamps (`2001-12-14`, `2001-12-14t21:59:43.10-05:00`). */
const TIMESTAMP_LIKE = /^\d{4}-\d\d?-\d\d?/;
const PLAIN = /^[A-Za-z0-9_./][A-Za-z0-9_./:@%+=~()*,;$^?<> -]*$/;

function needsQuotes(s: string): boolean {
  return (
    s === '' ||
    !PLAIN.test(s) ||
    RESERVED.has(s.toLowerCase()) ||
    NUMBER_LIKE.test(s) ||
    TIMESTAMP_LIKE.test(s) ||
    s.endsWith(' ') ||
    s.endsWith(':') ||
    s.includes(': ') ||
    s.includes(' #')
  );
}

export function scalar(s: string): string {
  return needsQuotes(s) ? JSON.stringify(s) : s;
}

/** Multi-line text without control characters or trailing spaces is written as a literal block. */
function literalBlock(s: string, indent: string): string | undefined {
  if (!s.includes('\n') || /[\u0000-\u0009\u000b-\u001f\u007f\u0085\u2028\u2029\ufeff]/.test(s)) return undefined;
  const lines = s.split('\n');
  if (lines.some((l) => l.endsWith(' '))) return undefined;
  const trailing = /\n*$/.exec(s)![0].length;
  const chomp = trailing === 0 ? '-' : trailing === 1 ? '' : '+';
  const body = trailing === 0 ? lines : lines.slice(0, -1);
  // A leading empty line would make the reader guess the indentation from a later line.
  if (body[0] === '') return undefined;
  // Content sits two spaces deeper than its key; say so when the first line itself starts with a space.
  const indicator = body[0].startsWith(' ') ? '2' : '';
  const inner = indent + '  ';
  return `|${indicator}${chomp}\n` + body.map((l) => (l === '' ? '' : inner + l)).join('\n');
}

function sortedKeys(m: { [k: string]: Json }, top: boolean): string[] {
  const keys = Object.keys(m).filter((k) => m[k] !== undefined).sort();
  if (!top) return keys;
  const first = TOP_KEYS.filter((k) => keys.includes(k));
  return [...first, ...keys.filter((k) => !TOP_KEYS.includes(k))];
}

function inline(v: Json): string | undefined {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`cannot write ${v} as YAML`);
    return String(v);
  }
  if (typeof v === 'string') return scalar(v);
  if (Array.isArray(v)) return v.length ? undefined : '[]';
  return Object.keys(v).length ? undefined : '{}';
}

function emitMap(m: { [k: string]: Json }, indent: string, out: string[], top: boolean, firstPrefix?: string): void {
  let first = true;
  for (const k of sortedKeys(m, top)) {
    const prefix = first && firstPrefix !== undefined ? firstPrefix : indent;
    first = false;
    emitEntry(prefix + scalar(k) + ':', m[k], indent, out);
  }
}

function emitEntry(head: string, v: Json, indent: string, out: string[]): void {
  const simple = inline(v);
  if (simple !== undefined) {
    const block = typeof v === 'string' ? literalBlock(v, indent) : undefined;
    out.push(`${head} ${block ?? simple}`);
  } else if (Array.isArray(v)) {
    out.push(head);
    emitSeq(v, indent + '  ', out);
  } else {
    out.push(head);
    emitMap(v as { [k: string]: Json }, indent + '  ', out, false);
  }
}

function emitSeq(items: Json[], indent: string, out: string[]): void {
  for (const item of items) {
    const simple = inline(item);
    if (simple !== undefined) {
      const block = typeof item === 'string' ? literalBlock(item, indent) : undefined;
      out.push(`${indent}- ${block ?? simple}`);
    } else if (Array.isArray(item)) {
      out.push(`${indent}-`);
      emitSeq(item, indent + '  ', out);
    } else {
      emitMap(item as { [k: string]: Json }, indent + '  ', out, false, `${indent}- `);
    }
  }
}

/** One YAML document for a JSON value. Always ends with a newline. */
export function toYaml(value: Json): string {
  const out: string[] = [];
  const simple = inline(value);
  if (simple !== undefined) return simple + '\n';
  if (Array.isArray(value)) emitSeq(value, '', out);
  else emitMap(value as { [k: string]: Json }, '', out, true);
  return out.join('\n') + '\n';
}

/** A multi-document YAML stream. */
export function toYamlStream(values: readonly Json[]): string {
  return values.map(toYaml).join('---\n');
}
