/**
 * Where secret values live. A field under one of these paths is shown by name only: `(sensitive value)`.
 */
import { PathSegment } from './path';

export const SENSITIVE_FIELDS: Readonly<Record<string, readonly string[]>> = {
  Secret: ['data', 'stringData'],
};

export function isSensitive(kind: string, path: readonly PathSegment[]): boolean {
  const top = path[0];
  return typeof top === 'string' && (SENSITIVE_FIELDS[kind]?.includes(top) ?? false);
}

/** A manifest with every sensitive value replaced by a marker (keys kept), e.g. for digests and messages. */
export function maskSensitive<T extends { kind: string }>(manifest: T): T {
  const fields = SENSITIVE_FIELDS[manifest.kind];
  if (!fields) return manifest;
  const out: Record<string, unknown> = { ...manifest };
  for (const f of fields) {
    const v = out[f];
    if (v && typeof v === 'object') out[f] = Object.fromEntries(Object.keys(v).map((k) => [k, '(sensitive value)']));
  }
  return out as T;
}
