/**
 * Turns ajv's errors into berth diagnostics: a readable field path (`spec.containers[0].image`) and a message
 * a person can act on. Values are shown only where they cannot be secret (enums, quantities).
 */
import type { ErrorObject } from 'ajv';
import { BerthObject } from '../model/object';
import { Diagnostic, diagnostic } from './diagnostic';
import { patternMessage } from './schema-patterns';
import { closest } from './suggest';

/** The fields a schema allows at a path inside the object, for "did you mean" hints. */
export type KnownFields = (path: readonly string[]) => string[];

export function schemaDiagnostic(obj: BerthObject, data: unknown, error: ErrorObject, knownFields: KnownFields): Diagnostic {
  const path = pointerSegments(error.instancePath);
  if (error.keyword === 'additionalProperties') {
    const name = String(error.params.additionalProperty);
    const guess = closest(name, knownFields(path));
    const hint = guess ? ` (did you mean "${guess}"?)` : '';
    return finding(obj, data, [...path, name], `unknown field "${name}"${hint}`);
  }
  return finding(obj, data, path, message(error, valueAt(data, path)));
}

function message(error: ErrorObject, value: unknown): string {
  const { keyword, params } = error;
  switch (keyword) {
    case 'required':
      return `missing required field "${String(params.missingProperty)}"`;
    case 'type':
      return `must be ${String(params.type).split(',').join(' or ')}, not ${jsonType(value)}`;
    case 'enum':
      return `${JSON.stringify(value)} is not one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'pattern':
      return patternMessage(String(params.pattern), value);
    default:
      return error.message ?? keyword;
  }
}

function finding(obj: BerthObject, data: unknown, path: readonly string[], text: string): Diagnostic {
  return diagnostic('error', obj, fieldPath(data, path), 'schema', text);
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

function valueAt(data: unknown, path: readonly string[]): unknown {
  let node = data;
  for (const segment of path) node = isRecord(node) ? node[segment] : undefined;
  return node;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object';
}

/** `/spec/containers/0/name` → `['spec', 'containers', '0', 'name']` (JSON pointer escapes undone). */
function pointerSegments(pointer: string): string[] {
  if (!pointer) return [];
  return pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `spec.containers[0].name`, `metadata.labels["app.kubernetes.io/name"]`: list indexes only where the data is a list. */
export function fieldPath(data: unknown, segments: readonly string[]): string {
  let out = '';
  let node = data;
  for (const segment of segments) {
    if (Array.isArray(node)) out += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) out += out ? `.${segment}` : segment;
    else out += `[${JSON.stringify(segment)}]`;
    node = isRecord(node) ? node[segment] : undefined;
  }
  return out;
}
