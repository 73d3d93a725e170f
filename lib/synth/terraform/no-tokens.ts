/**
 * berth's blocks skip cdktf's token resolution (pre-resolved.ts), so a cdktf token inside a berth object (a
 * `${TfToken[...]}` string or an encoded number, e.g. from `variable.stringValue`) would be written as its
 * placeholder. Refuse it clearly; Terraform references to berth's own objects are made by berth itself.
 */
import * as cdktf from 'cdktf';
import { BerthObject, Json } from '../../model/object';
import { diagnostic, formatDiagnostic } from '../../validate/diagnostic';

/** cdktf's own test, after a cheap one: every string token placeholder contains `TfToken[`. */
const isToken = (v: string | number) => (typeof v === 'number' || v.includes('TfToken[')) && cdktf.Token.isUnresolved(v);

/** Steps to the first token in `value`, or undefined; the steps are collected only on a hit. */
function tokenAt(value: Json): (string | number)[] | undefined {
  if (typeof value === 'string' || typeof value === 'number') return isToken(value) ? [] : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const at = tokenAt(value[i]);
      if (at) return [i, ...at];
    }
    return undefined;
  }
  for (const key in value) {
    const at = isToken(key) ? [] : tokenAt(value[key]);
    if (at) return [key, ...at];
  }
  return undefined;
}

const fieldPath = (steps: readonly (string | number)[]) =>
  steps.reduce<string>((path, s) => (typeof s === 'number' ? `${path}[${s}]` : path ? `${path}.${s}` : s), '');

export function rejectTokens(objects: readonly BerthObject[]): void {
  for (const obj of objects) {
    const steps = tokenAt(obj.manifest as unknown as Json);
    if (!steps) continue;
    throw new Error(formatDiagnostic(diagnostic('error', obj, fieldPath(steps), 'terraform',
      'cdktf tokens are not supported in berth objects (they would be written as placeholders); use literal values')));
  }
}
