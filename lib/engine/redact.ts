/**
 * Last line of defence for secret values: a filter over every line the CLI prints. Plans never hold secret
 * values in the first place (sensitive.ts); this catches what could slip through other text, such as an
 * error message quoting a request.
 */
import { BerthObject } from '../model/object';
import { isMap } from './lists';
import { SENSITIVE_FIELDS } from './sensitive';

/**
 * Shorter values are not filtered: replacing every "shop" or "admin" would garble the output. Plans hold no
 * secret value of any length; this filter is only the second line of defence.
 */
const MIN_LENGTH = 8;
export const REDACTED = '(sensitive value)';

/** The plaintext and base64 forms of every secret value of the desired objects. */
export function secretValuesOf(objects: readonly BerthObject[]): string[] {
  const values = new Set<string>();
  for (const { manifest } of objects) {
    for (const field of SENSITIVE_FIELDS[manifest.kind] ?? []) {
      const map = manifest[field];
      if (!isMap(map)) continue;
      for (const v of Object.values(map)) {
        if (typeof v !== 'string') continue;
        const plain = field === 'data' ? Buffer.from(v, 'base64').toString('utf8') : v;
        values.add(plain);
        values.add(Buffer.from(plain).toString('base64'));
        for (const line of plain.split('\n')) values.add(line.trim());
      }
    }
  }
  return [...values].filter((v) => v.length >= MIN_LENGTH).sort((a, b) => b.length - a.length);
}

export function redactor(values: readonly string[]): (text: string) => string {
  if (!values.length) return (text) => text;
  return (text) => {
    let out = text;
    for (const v of values) if (out.includes(v)) out = out.split(v).join(REDACTED);
    return out;
  };
}
