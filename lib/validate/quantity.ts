/** Kubernetes resource quantities (`500m`, `1.5Gi`, `2e3`): syntax check and numeric value in base units. */
import { SCHEMA_PATTERNS } from './schema-patterns';

/** The same grammar the generated schemas check, so the rules and the schema never disagree on what is valid. */
const QUANTITY = new RegExp(SCHEMA_PATTERNS.quantity.pattern);
/** A valid quantity split into its number and its suffix (empty, an SI suffix, or an exponent). */
const PARTS = /^([+-]?[\d.]+)(.*)$/;

const SUFFIX: Record<string, number> = {
  n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

export function isQuantity(v: unknown): boolean {
  return typeof v === 'number' ? Number.isFinite(v) : typeof v === 'string' && QUANTITY.test(v);
}

/** The value in base units (cores, bytes, count); undefined if not a quantity. */
export function quantityValue(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v !== 'string' || !QUANTITY.test(v)) return undefined;
  const [, number, suffix] = PARTS.exec(v)!;
  const exponent = /^[eE][+-]?\d/.test(suffix);
  const factor = exponent ? 10 ** Number(suffix.slice(1)) : SUFFIX[suffix];
  return Number(number) * factor;
}
