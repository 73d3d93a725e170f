/**
 * Matching list items by their key fields (see normalize/list-keys.ts), shared by comparison and diff. A key
 * field may be a dotted path into the item (`metadata.name`).
 */
import { Json } from '../model/object';
import { LIST_KEYS } from './normalize/list-keys';

export type JsonMap = { [key: string]: Json };

export function isMap(v: unknown): v is JsonMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The key fields identifying the items of list `field`, if every item has them; undefined for positional lists. */
export function listKeyFields(field: string | undefined, ...lists: readonly Json[][]): readonly string[] | undefined {
  const candidates = field === undefined ? undefined : LIST_KEYS[field];
  if (!candidates) return undefined;
  const items = lists.flat();
  if (!items.length || !items.every(isMap)) return undefined;
  return candidates.find((keys) => items.every((item) => keys.every((k) => keyValue(item, k) !== undefined)));
}

/** The value of key field `field` (a name, or a dotted path) of a list item. */
function keyValue(item: Json | undefined, field: string): Json | undefined {
  let value = item;
  for (const name of field.split('.')) value = isMap(value) ? value[name] : undefined;
  return value;
}

/** The identifying part of an item, keys sorted (as server-side apply writes them). */
export function itemKey(item: Json, keys: readonly string[]): JsonMap {
  const out: JsonMap = {};
  for (const k of [...keys].sort()) out[k] = keyValue(item, k) as Json;
  return out;
}

export function sameKey(item: Json, key: JsonMap): boolean {
  return isMap(item) && Object.entries(key).every(([k, v]) => jsonEqual(keyValue(item, k), v));
}

export function jsonEqual(a: Json | undefined, b: Json | undefined): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as Json[];
    return a.length === bb.length && a.every((x, i) => jsonEqual(x, bb[i]));
  }
  const am = a as JsonMap;
  const bm = b as JsonMap;
  const ak = Object.keys(am);
  return ak.length === Object.keys(bm).length && ak.every((k) => k in bm && jsonEqual(am[k], bm[k]));
}
