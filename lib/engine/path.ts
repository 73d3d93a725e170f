/**
 * Field paths as people read them: `spec.replicas`, `metadata.labels["app.kubernetes.io/name"]`,
 * `spec.template.spec.containers[name=api].image`, `spec.ports[0]`.
 */
import { Json } from '../model/object';

/** A map key, a list index, or a list item identified by its key fields (`{ name: 'api' }`). */
export type PathSegment = string | number | { readonly [field: string]: Json };

const PLAIN = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function formatSegment(seg: PathSegment, first: boolean): string {
  if (typeof seg === 'number') return `[${seg}]`;
  if (typeof seg === 'string') return PLAIN.test(seg) ? `${first ? '' : '.'}${seg}` : `[${JSON.stringify(seg)}]`;
  return `[${Object.entries(seg).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(',')}]`;
}

export function formatPath(segments: readonly PathSegment[]): string {
  return segments.map((s, i) => formatSegment(s, i === 0)).join('');
}

/** True if `path` is `prefix` or lies under it. */
export function isUnder(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`);
}
