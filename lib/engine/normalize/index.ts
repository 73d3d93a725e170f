/**
 * Normalization before comparing: what the desired object means once the server has it (Secret `stringData`
 * becomes `data`), and which fields of live objects never count (server-fields.ts).
 */
import { Json, Manifest } from '../../model/object';
import { isMap } from '../lists';
import { IGNORED_FIELDS } from './server-fields';

/** The desired object as the server will store it, for comparing with live objects. */
export function normalizeDesired(m: Manifest): Manifest {
  if (m.kind !== 'Secret' || !isMap(m.stringData)) return m;
  const data: Record<string, Json> = { ...(isMap(m.data) ? m.data : {}) };
  for (const [k, v] of Object.entries(m.stringData)) data[k] = Buffer.from(String(v)).toString('base64');
  const { stringData: _dropped, ...rest } = m;
  void _dropped;
  return { ...rest, data } as Manifest;
}

/** A copy of a live (or dry-run) object without the ignored fields. `desired` decides the `unlessDesired` ones. */
export function withoutIgnoredFields(m: Manifest, desired: Manifest | undefined): Manifest {
  const out = structuredClone(m) as unknown as Json;
  for (const rule of IGNORED_FIELDS) {
    if (rule.kinds && !rule.kinds.includes(m.kind)) continue;
    if (rule.unlessDesired && desired && hasAt(desired as unknown as Json, rule.path)) continue;
    removeAt(out, rule.path);
  }
  const meta = (out as { metadata?: { annotations?: object; labels?: object } }).metadata;
  if (meta?.annotations && !Object.keys(meta.annotations).length) delete meta.annotations;
  return out as unknown as Manifest;
}

function removeAt(value: Json | undefined, path: readonly string[]): void {
  if (value === undefined || value === null || typeof value !== 'object') return;
  const [head, ...rest] = path;
  const keys = head === '*' ? (Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value)) : [head];
  for (const k of keys) {
    const container = value as Record<string | number, Json>;
    if (!(k in container)) continue;
    if (!rest.length) {
      if (!Array.isArray(value)) delete container[k];
    } else {
      removeAt(container[k], rest);
    }
  }
}

function hasAt(value: Json | undefined, path: readonly string[]): boolean {
  if (!path.length) return value !== undefined;
  if (value === undefined || value === null || typeof value !== 'object') return false;
  const [head, ...rest] = path;
  if (head === '*') return Object.values(value).some((v) => hasAt(v, rest));
  return hasAt((value as Record<string, Json>)[head], rest);
}
