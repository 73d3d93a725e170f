/**
 * Field-level differences between two (normalized) versions of an object: the live one and what the server
 * says it would become. Associative lists are matched by their key fields, other lists by position.
 */
import { Json } from '../model/object';
import { isMap, itemKey, jsonEqual, listKeyFields, sameKey } from './lists';
import { PathSegment } from './path';

export interface RawChange {
  readonly path: readonly PathSegment[];
  readonly op: 'add' | 'remove' | 'change';
  readonly before?: Json;
  readonly after?: Json;
}

export interface DiffOptions {
  /** Describe additions/removals of maps under these paths key by key (e.g. Secret data), not as one value. */
  readonly expand?: (path: readonly PathSegment[]) => boolean;
}

export function diffValues(before: Json | undefined, after: Json | undefined, options: DiffOptions = {}, path: PathSegment[] = []): RawChange[] {
  const out: RawChange[] = [];
  walk(before, after, path, out, options);
  return out;
}

function walk(b: Json | undefined, a: Json | undefined, path: PathSegment[], out: RawChange[], o: DiffOptions): void {
  if (jsonEqual(b, a)) return;
  if (isMap(b) && isMap(a)) {
    for (const k of [...new Set([...Object.keys(b), ...Object.keys(a)])].sort()) walk(b[k], a[k], [...path, k], out, o);
    return;
  }
  if (Array.isArray(b) && Array.isArray(a)) {
    walkList(b, a, path, out, o);
    return;
  }
  const expandable = (v: Json | undefined) => isMap(v) && o.expand?.(path);
  if ((b === undefined && expandable(a)) || (a === undefined && expandable(b))) {
    const m = (b ?? a) as { [k: string]: Json };
    for (const k of Object.keys(m).sort()) walk(b === undefined ? undefined : m[k], a === undefined ? undefined : m[k], [...path, k], out, o);
    return;
  }
  if (b === undefined) out.push({ path, op: 'add', after: a });
  else if (a === undefined) out.push({ path, op: 'remove', before: b });
  else out.push({ path, op: 'change', before: b, after: a });
}

function walkList(b: Json[], a: Json[], path: PathSegment[], out: RawChange[], o: DiffOptions): void {
  const last = path[path.length - 1];
  const keys = listKeyFields(typeof last === 'string' ? last : undefined, b, a);
  if (!keys) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) walk(b[i], a[i], [...path, i], out, o);
    return;
  }
  for (const item of b) {
    const key = itemKey(item, keys);
    walk(item, a.find((x) => sameKey(x, key)), [...path, key], out, o);
  }
  for (const item of a) {
    const key = itemKey(item, keys);
    if (!b.some((x) => sameKey(x, key))) walk(undefined, item, [...path, key], out, o);
  }
}
