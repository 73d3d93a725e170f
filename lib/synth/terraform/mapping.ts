/**
 * Manifest ↔ provider block structure, driven by rules.json (see rules.ts for the shapes). Pure data
 * transformation: no cdktf here, so the plain `.tf.json` writer and the typed cdktf stack share it.
 * Single blocks are written as objects and repeated blocks as arrays, as cdktf writes them; Terraform's JSON
 * syntax accepts both for blocks.
 */
import { Json } from '../../model/object';
import { escapeTemplate, unescapeTemplate } from './escape';
import { FieldRule, Rules, TypeRules } from './rules';
import RULES_JSON from './rules.json';

const RULES = RULES_JSON as unknown as Rules;

export type JsonObject = { [key: string]: Json };

/** A manifest field the typed resource cannot express; the caller adds which object it is. */
export class MappingError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
  }
}

/** Reverse index of a block type: provider name → [manifest name, rule]. */
const REVERSE = new Map<string, Map<string, readonly [string, FieldRule]>>();

function reverseRules(typeName: string): Map<string, readonly [string, FieldRule]> {
  let index = REVERSE.get(typeName);
  if (!index) {
    index = new Map(Object.entries(RULES.types[typeName]).map(([k8s, rule]) => [rule[0], [k8s, rule] as const]));
    REVERSE.set(typeName, index);
  }
  return index;
}

export function topTypeOf(resource: string): string {
  const name = RULES.resources[resource];
  if (!name) throw new Error(`no mapping rules for ${resource}`);
  return name;
}

function join(path: string, key: string | number): string {
  return typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function expect(ok: boolean, path: string, what: string): void {
  if (!ok) throw new MappingError(path, `expected ${what}`);
}

function stringMap(value: Json, path: string, convert: (s: string) => string): JsonObject {
  expect(isObject(value), path, 'an object of strings');
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value as JsonObject)) {
    // Map values are map(string) in the provider; numbers and booleans (e.g. a quantity `cpu: 1`) become strings.
    expect(typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean', join(path, k), 'a string');
    out[convert(k)] = convert(String(v));
  }
  return out;
}

function stringList(value: Json, path: string, convert: (s: string) => string): Json[] {
  expect(Array.isArray(value), path, 'a list of strings');
  return (value as Json[]).map((v, i) => {
    expect(typeof v === 'string', join(path, i), 'a string');
    return convert(v as string);
  });
}

function writeField(value: Json, rule: FieldRule, path: string): Json {
  const [, shape, child] = rule;
  switch (shape) {
    case 'string':
      expect(typeof value === 'string', path, 'a string');
      return escapeTemplate(value as string);
    case 'number':
      expect(typeof value === 'number', path, 'a number');
      return value;
    case 'boolean':
      expect(typeof value === 'boolean', path, 'true or false');
      return value;
    case 'int-as-string':
      expect(typeof value === 'number', path, 'a number');
      return String(value);
    case 'int-or-string':
      expect(typeof value === 'number' || typeof value === 'string', path, 'a number or a string');
      return typeof value === 'number' ? String(value) : escapeTemplate(value as string);
    case 'map':
      return stringMap(value, path, escapeTemplate);
    case 'list':
      return stringList(value, path, escapeTemplate);
    case 'number-list':
      expect(Array.isArray(value) && value.every((v) => typeof v === 'number'), path, 'a list of numbers');
      return value;
    case 'block':
    case 'required-block':
      return writeBlock(value, child as string, path);
    case 'block-in-list':
      return [writeBlock(value, child as string, path)];
    case 'blocks':
      expect(Array.isArray(value), path, 'a list');
      return (value as Json[]).map((item, i) => writeBlock(item, child as string, join(path, i)));
  }
}

/** One manifest object (at `path`) → the provider's block body of type `typeName`. */
export function writeBlock(value: Json, typeName: string, path: string, skip: ReadonlySet<string> = NOTHING): JsonObject {
  expect(isObject(value), path, 'an object');
  const rules: TypeRules = RULES.types[typeName];
  const out: JsonObject = {};
  for (const [key, v] of Object.entries(value as JsonObject)) {
    if (skip.has(key) || v === undefined) continue;
    const rule = rules[key];
    if (!rule) {
      throw new MappingError(join(path, key), `field is not supported by the provider's typed resource (hashicorp/kubernetes 2.38)`);
    }
    out[rule[0]] = writeField(v, rule, join(path, key));
  }
  for (const [key, rule] of Object.entries(rules)) {
    if (rule[1] === 'required-block' && !(key in (value as JsonObject))) out[rule[0]] = {};
  }
  return out;
}

const NOTHING: ReadonlySet<string> = new Set();

/** Reads a provider string back: berth's own `${...}` references through `resolve`, user text unescaped. */
export type StringReader = (text: string, path: string) => string;

function readField(value: Json, rule: FieldRule, path: string, read: StringReader): Json {
  const [, shape, child] = rule;
  switch (shape) {
    case 'string':
      return read(value as string, path);
    case 'int-as-string':
      return Number(value);
    case 'int-or-string':
      return /^-?\d+$/.test(value as string) ? Number(value) : read(value as string, path);
    case 'map':
      return stringMap(value, path, unescapeTemplate);
    case 'list':
      return stringList(value, path, (s) => read(s, path));
    case 'number':
    case 'boolean':
    case 'number-list':
      return value;
    case 'block':
    case 'required-block':
      return readBlock(value, child as string, path, read);
    case 'block-in-list':
      expect(Array.isArray(value) && value.length === 1, path, 'a single block');
      return readBlock((value as Json[])[0], child as string, path, read);
    case 'blocks':
      expect(Array.isArray(value), path, 'a list of blocks');
      return (value as Json[]).map((item, i) => readBlock(item, child as string, join(path, i), read));
  }
}

/** The reverse of writeBlock: a provider block body → the manifest object. */
export function readBlock(value: Json, typeName: string, path: string, read: StringReader): JsonObject {
  expect(isObject(value), path, 'a block');
  const index = reverseRules(typeName);
  const out: JsonObject = {};
  for (const [key, v] of Object.entries(value as JsonObject)) {
    const entry = index.get(key);
    if (!entry) throw new MappingError(join(path, key), `unknown provider attribute`);
    if (entry[1][1] === 'required-block' && isObject(v) && Object.keys(v).length === 0) continue;
    out[entry[0]] = readField(v, entry[1], join(path, entry[0]), read);
  }
  return out;
}

/** Where a manifest field lands in the provider body: `spec.template.spec.containers[0].env[1]...` as keys. */
export function providerPath(typeName: string, manifestPath: readonly (string | number)[]): (string | number)[] {
  const out: (string | number)[] = [];
  let type: string | undefined = typeName;
  let shape: string | undefined;
  for (const step of manifestPath) {
    if (typeof step === 'number') {
      out.push(step);
      continue;
    }
    const rule: FieldRule | undefined = type ? RULES.types[type][step] : undefined;
    if (!rule) throw new MappingError(manifestPath.join('.'), 'no provider field for this path');
    out.push(rule[0]);
    shape = rule[1];
    if (shape === 'block-in-list') out.push(0);
    type = rule[2];
  }
  return out;
}
