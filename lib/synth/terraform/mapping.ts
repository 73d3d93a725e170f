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

/**
 * A manifest field the typed resource cannot express; the caller adds which object it is. The field path is
 * built while the error unwinds, so the common (valid) case builds no path strings.
 */
export class MappingError extends Error {
  private readonly steps: (string | number)[] = [];

  constructor(message: string) {
    super(message);
  }

  get field(): string {
    return this.steps.reduce<string>((path, step) => join(path, step), '');
  }

  static within<T>(step: string | number, fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      MappingError.rethrowAt(step, e);
    }
  }

  static rethrowAt(step: string | number, e: unknown): never {
    if (e instanceof MappingError) e.steps.unshift(step);
    throw e;
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

function expect(ok: boolean, what: string): void {
  if (!ok) throw new MappingError(`expected ${what}`);
}

function stringMap(value: Json, convert: (s: string) => string): JsonObject {
  expect(isObject(value), 'an object of strings');
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value as JsonObject)) {
    // Map values are map(string) in the provider; numbers and booleans (e.g. a quantity `cpu: 1`) become strings.
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
      MappingError.within(k, () => expect(false, 'a string'));
    }
    out[convert(k)] = convert(String(v));
  }
  return out;
}

function stringList(value: Json, convert: (s: string) => string): Json[] {
  expect(Array.isArray(value), 'a list of strings');
  return (value as Json[]).map((v, i) => {
    if (typeof v !== 'string') MappingError.within(i, () => expect(false, 'a string'));
    return convert(v as string);
  });
}

function writeField(value: Json, rule: FieldRule): Json {
  const [, shape, child] = rule;
  switch (shape) {
    case 'string':
      expect(typeof value === 'string', 'a string');
      return escapeTemplate(value as string);
    case 'number':
      expect(typeof value === 'number', 'a number');
      return value;
    case 'boolean':
      expect(typeof value === 'boolean', 'true or false');
      return value;
    case 'int-as-string':
      expect(typeof value === 'number', 'a number');
      return String(value);
    case 'int-or-string':
      expect(typeof value === 'number' || typeof value === 'string', 'a number or a string');
      return typeof value === 'number' ? String(value) : escapeTemplate(value as string);
    case 'map':
      return stringMap(value, escapeTemplate);
    case 'list':
      return stringList(value, escapeTemplate);
    case 'number-list':
      expect(Array.isArray(value) && value.every((v) => typeof v === 'number'), 'a list of numbers');
      return value;
    case 'block':
    case 'required-block':
      return writeBlock(value, child as string);
    case 'block-in-list':
      return [writeBlock(value, child as string)];
    case 'blocks':
      expect(Array.isArray(value), 'a list');
      return (value as Json[]).map((item, i) => MappingError.within(i, () => writeBlock(item, child as string)));
  }
}

/** Required blocks of each type, computed once. */
const REQUIRED = new Map<string, [string, string][]>();

function requiredBlocks(typeName: string): [string, string][] {
  let list = REQUIRED.get(typeName);
  if (!list) {
    list = Object.entries(RULES.types[typeName]).filter(([, r]) => r[1] === 'required-block').map(([k, r]) => [k, r[0]]);
    REQUIRED.set(typeName, list);
  }
  return list;
}

/** One manifest object → the provider's block body of type `typeName`. */
export function writeBlock(value: Json, typeName: string, skip: ReadonlySet<string> = NOTHING): JsonObject {
  expect(isObject(value), 'an object');
  const rules: TypeRules = RULES.types[typeName];
  const out: JsonObject = {};
  for (const key in value as JsonObject) {
    const v = (value as JsonObject)[key];
    if (v === undefined || skip.has(key)) continue;
    const rule = rules[key];
    if (!rule) {
      MappingError.within(key, () => {
        throw new MappingError(`field is not supported by the provider's typed resource (hashicorp/kubernetes 2.38)`);
      });
    }
    try {
      out[rule[0]] = writeField(v, rule);
    } catch (e) {
      MappingError.rethrowAt(key, e);
    }
  }
  for (const [key, tfName] of requiredBlocks(typeName)) {
    if (!(key in (value as JsonObject))) out[tfName] = {};
  }
  return out;
}

const NOTHING: ReadonlySet<string> = new Set();

/** Reads a provider string back: berth's own `${...}` references resolved, user text unescaped. */
export type StringReader = (text: string) => string;

function readField(value: Json, rule: FieldRule, read: StringReader): Json {
  const [, shape, child] = rule;
  switch (shape) {
    case 'string':
      return read(value as string);
    case 'int-as-string':
      return Number(value);
    case 'int-or-string':
      return /^-?\d+$/.test(value as string) ? Number(value) : read(value as string);
    case 'map':
      return stringMap(value, unescapeTemplate);
    case 'list':
      return stringList(value, read);
    case 'number':
    case 'boolean':
    case 'number-list':
      return value;
    case 'block':
    case 'required-block':
      return readBlock(value, child as string, read);
    case 'block-in-list':
      expect(Array.isArray(value) && value.length === 1, 'a single block');
      return readBlock((value as Json[])[0], child as string, read);
    case 'blocks':
      expect(Array.isArray(value), 'a list of blocks');
      return (value as Json[]).map((item, i) => MappingError.within(i, () => readBlock(item, child as string, read)));
  }
}

/** The reverse of writeBlock: a provider block body → the manifest object. */
export function readBlock(value: Json, typeName: string, read: StringReader): JsonObject {
  expect(isObject(value), 'a block');
  const index = reverseRules(typeName);
  const out: JsonObject = {};
  for (const [key, v] of Object.entries(value as JsonObject)) {
    const entry = index.get(key);
    if (!entry) MappingError.within(key, () => expect(false, 'a known provider attribute'));
    const [k8s, rule] = entry as readonly [string, FieldRule];
    if (rule[1] === 'required-block' && isObject(v) && Object.keys(v).length === 0) continue;
    out[k8s] = MappingError.within(k8s, () => readField(v, rule, read));
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
    if (!rule) throw new MappingError(`no provider field for ${manifestPath.join('.')}`);
    out.push(rule[0]);
    shape = rule[1];
    if (shape === 'block-in-list') out.push(0);
    type = rule[2];
  }
  return out;
}
