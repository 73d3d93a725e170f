/**
 * The cheap comparison that lets a no-change plan skip the server: does the live object already hold every
 * field the desired object sets (with the same value), and does berth own no field the desired object dropped?
 * When both hold, applying changes nothing. When not, the plan asks the server (dry-run apply) what would change.
 */
import { Json } from '../model/object';
import { FieldsV1, decodeFieldKey } from './fields-v1';
import { EQUIVALENCES } from './normalize/equivalence';
import { isMap, itemKey, jsonEqual, listKeyFields, sameKey } from './lists';
import { PathSegment } from './path';

export interface Mismatch {
  readonly path: readonly PathSegment[];
  /** The desired value at `path`. */
  readonly desired: Json;
  /** The live value at `path`; undefined when absent. */
  readonly live: Json | undefined;
}

/** Every place where the desired value is not already in the live object. */
export function desiredMismatches(desired: Json, live: Json | undefined, path: PathSegment[] = []): Mismatch[] {
  const out: Mismatch[] = [];
  compareSubset(desired, live, path, out);
  return out;
}

function compareSubset(d: Json, l: Json | undefined, path: PathSegment[], out: Mismatch[]): void {
  if (isMap(d)) {
    if (!isMap(l)) {
      out.push({ path, desired: d, live: l });
      return;
    }
    for (const [k, v] of Object.entries(d)) compareSubset(v, l[k], [...path, k], out);
    return;
  }
  if (Array.isArray(d)) {
    if (!Array.isArray(l)) {
      out.push({ path, desired: d, live: l });
      return;
    }
    const field = fieldNameOf(path);
    const keys = listKeyFields(field, d);
    if (keys) {
      // Associative list: other managers may add items; berth's own removals are found by ownedButNotDesired.
      for (const item of d) {
        const key = itemKey(item, keys);
        const match = l.find((x) => sameKey(x, key));
        if (match === undefined) out.push({ path: [...path, key], desired: item, live: undefined });
        else compareSubset(item, match, [...path, key], out);
      }
      return;
    }
    if (d.length !== l.length) {
      out.push({ path, desired: d, live: l });
      return;
    }
    d.forEach((item, i) => compareSubset(item, l[i], [...path, i], out));
    return;
  }
  if (!scalarEqual(d, l, path)) out.push({ path, desired: d, live: l });
}

function fieldNameOf(path: readonly PathSegment[]): string | undefined {
  const last = path[path.length - 1];
  return typeof last === 'string' ? last : undefined;
}

function scalarEqual(d: Json, l: Json | undefined, path: readonly PathSegment[]): boolean {
  if (jsonEqual(d, l)) return true;
  if (l === undefined) return false;
  const fields = path.filter((s): s is string => typeof s === 'string');
  return EQUIVALENCES.some((e) => e.at(fields) && e.equal(d, l));
}

/**
 * True when `owned` (the fields berth's last apply set) holds a field the desired object no longer sets: applying
 * would remove it.
 */
export function ownedButNotDesired(owned: FieldsV1, desired: Json | undefined): boolean {
  for (const [key, sub] of Object.entries(owned)) {
    if (key === '.') continue;
    const child = childOf(key, desired);
    if (child === undefined) return true;
    if (ownedButNotDesired(sub, child)) return true;
  }
  return false;
}

function childOf(key: string, value: Json | undefined): Json | undefined {
  const k = decodeFieldKey(key);
  if (k.type === 'field') return isMap(value) ? value[k.name] : undefined;
  if (!Array.isArray(value)) return undefined;
  if (k.type === 'key') return value.find((item) => sameKey(item, k.key));
  if (k.type === 'value') return value.find((item) => jsonEqual(item, k.value));
  if (k.type === 'index') return value[k.index];
  return undefined;
}
