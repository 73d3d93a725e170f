/**
 * Digests that let apply check that a saved plan still matches the stacks, without the plan file revealing
 * secret values:
 * - per object, SHA-256 of the desired manifest with secret values masked (keys kept);
 * - for all secret values of the plan together, scrypt with a random salt stored in the plan. A plain hash
 *   would let anyone holding the plan confirm guesses of a weak secret cheaply; the memory-hard scrypt over
 *   every secret value at once makes each guess cost ~50 ms and requires guessing all values together.
 */
import { createHash, randomBytes, scryptSync } from 'crypto';
import { Manifest, idKey, idOf } from '../model/object';
import { normalizeDesired } from './normalize';
import { SENSITIVE_FIELDS, maskSensitive } from './sensitive';

export const SECRETS_DIGEST_ALGORITHM = 'scrypt-N16384-r8-p1';

/** JSON with object keys sorted: the same object always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value).sort().filter((k) => (value as Record<string, unknown>)[k] !== undefined);
    return `{${entries.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function desiredDigest(manifest: Manifest): string {
  return `sha256:${createHash('sha256').update(canonicalJson(maskSensitive(normalizeDesired(manifest)))).digest('hex')}`;
}

export interface SecretsDigest {
  readonly algorithm: typeof SECRETS_DIGEST_ALGORITHM;
  /** base64 */
  readonly salt: string;
  /** hex */
  readonly digest: string;
}

/** undefined when no desired object holds sensitive values. Pass the salt of a saved plan to check it. */
export function secretsDigest(manifests: readonly Manifest[], salt: string = randomBytes(16).toString('base64')): SecretsDigest | undefined {
  const values: [string, unknown][] = [];
  for (const m of manifests) {
    const fields = SENSITIVE_FIELDS[m.kind];
    if (!fields) continue;
    const n = normalizeDesired(m) as unknown as Record<string, unknown>;
    values.push([idKey(idOf(m)), fields.map((f) => n[f] ?? null)]);
  }
  if (!values.length) return undefined;
  values.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const digest = scryptSync(canonicalJson(values), Buffer.from(salt, 'base64'), 32, { N: 16384, r: 8, p: 1 }).toString('hex');
  return { algorithm: SECRETS_DIGEST_ALGORITHM, salt, digest };
}
