/**
 * Generates the JSON Schemas berth validates manifests against, from an official Kubernetes OpenAPI v2 spec
 * (`api/openapi-spec/swagger.json` of a Kubernetes release).
 *
 *   node -r ./bin/register-ts.js scripts/gen-schemas.ts <swagger.json> <release the spec is from, e.g. 1.20.2>
 *
 * Writes schemas/kubernetes/v<MAJOR.MINOR>/ with
 *   index.json        provenance (release, sha256 of the input and of the outputs), `apiVersion/Kind` -> definition
 *   definitions.json  the converted JSON Schema definitions, one per line (those reachable from a kind only)
 *   validators.js     ajv standalone code compiled from definitions.json, one export per kind definition:
 *                     compiling the pod template tree at run time takes ~0.4 s, loading this file a few ms
 *
 * Conversion rules (OpenAPI v2 definition -> ajv JSON Schema):
 * - Every definition with `x-kubernetes-group-version-kind` is a kind; its `apiVersion` and `kind` properties
 *   become enums of the group versions and kinds it is registered under. Definitions not reachable from a kind
 *   are left out.
 * - `$ref: #/definitions/X` is kept as is (siblings of a `$ref` such as descriptions are dropped).
 * - Objects with `properties` get `additionalProperties: false`, so typos are errors: a 1.20 server drops
 *   unknown fields silently. Exceptions: `x-kubernetes-preserve-unknown-fields`, and objects that also declare
 *   an `additionalProperties` schema (kept).
 * - Objects without `properties` but with an `additionalProperties` schema are maps; objects with neither
 *   (RawExtension, FieldsV1, ...) accept any object; definitions without a type accept any value.
 * - `required`, `enum`, `items` are kept. Descriptions and other `x-kubernetes-*` extensions are dropped.
 * - `integer` (int32/int64) -> integer, `number` (double) -> number, `string` date-time -> string.
 * - `string` byte -> string matching the base64 pattern of lib/validate/schema-patterns.ts.
 * - IntOrString (`format: int-or-string`) -> integer or string.
 * - Quantity -> string or number; strings must match the quantity pattern (what the API server's parser accepts).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import { SCHEMA_PATTERNS } from '../lib/validate/schema-patterns';

type OpenApi = { [key: string]: unknown };
type Schema = { [key: string]: unknown };

const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
const REF_PREFIX = '#/definitions/';

interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

function apiVersionOf(gvk: GroupVersionKind): string {
  return gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
}

function convert(node: OpenApi): Schema {
  if (typeof node.$ref === 'string') return { $ref: node.$ref };
  if (node.format === 'int-or-string') return { type: ['integer', 'string'] };
  const out: Schema = {};
  if (Array.isArray(node.enum)) out.enum = node.enum;
  switch (node.type) {
    case 'integer':
    case 'number':
    case 'boolean':
      out.type = node.type;
      return out;
    case 'string':
      out.type = 'string';
      if (node.format === 'byte') out.pattern = SCHEMA_PATTERNS.byte.pattern;
      return out;
    case 'array':
      out.type = 'array';
      if (node.items) out.items = convert(node.items as OpenApi);
      return out;
    case 'object':
    case undefined:
      return convertObject(node, out);
    default:
      throw new Error(`unhandled OpenAPI type ${String(node.type)}`);
  }
}

function convertObject(node: OpenApi, out: Schema): Schema {
  const properties = node.properties as Record<string, OpenApi> | undefined;
  const additional = node.additionalProperties as OpenApi | boolean | undefined;
  if (!properties && node.type === undefined) return out; // any value
  out.type = 'object';
  if (properties) {
    out.properties = Object.fromEntries(Object.entries(properties).map(([name, p]) => [name, convert(p)]));
    if (Array.isArray(node.required) && node.required.length > 0) out.required = node.required;
  }
  if (typeof additional === 'object') out.additionalProperties = convert(additional);
  else if (properties && !node['x-kubernetes-preserve-unknown-fields']) out.additionalProperties = false;
  return out;
}

export function convertDefinition(name: string, def: OpenApi): Schema {
  if (name === QUANTITY) return { type: ['string', 'number'], pattern: SCHEMA_PATTERNS.quantity.pattern };
  const schema = convert(def);
  const gvks = def['x-kubernetes-group-version-kind'] as GroupVersionKind[] | undefined;
  const properties = schema.properties as Record<string, Schema> | undefined;
  if (gvks && properties?.apiVersion && properties.kind) {
    properties.apiVersion = { type: 'string', enum: unique(gvks.map(apiVersionOf)) };
    properties.kind = { type: 'string', enum: unique(gvks.map((g) => g.kind)) };
  }
  return schema;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/** Names of the definitions `root` refers to, directly or not. */
function reachable(roots: string[], definitions: Record<string, OpenApi>): Set<string> {
  const seen = new Set<string>();
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const ref = (node as OpenApi).$ref;
    if (typeof ref === 'string') return visitName(ref.slice(REF_PREFIX.length));
    for (const value of Object.values(node)) visit(value);
  };
  const visitName = (name: string): void => {
    if (seen.has(name)) return;
    if (!definitions[name]) throw new Error(`dangling $ref to ${name}`);
    seen.add(name);
    visit(definitions[name]);
  };
  roots.forEach(visitName);
  return seen;
}

/** ajv options shared by generation and lib/validate: all errors, not only the first of each object. */
function compileStandalone(schema: object, exported: string[]): string {
  // inlineRefs: false compiles each definition once, shared by every kind that uses it (PodSpec, ObjectMeta).
  const ajv = new Ajv({ allErrors: true, allowUnionTypes: true, inlineRefs: false, messages: false, code: { source: true, lines: false } });
  ajv.addSchema(schema, 'k8s');
  return standaloneCode(ajv, Object.fromEntries(exported.map((n) => [n, `k8s#/definitions/${n}`])));
}

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function main(): void {
  const [specPath, versionArg] = process.argv.slice(2);
  // The spec inside the source tree says `unversioned`: the release comes from the command line.
  const release = /^v?((1\.\d+)(?:\.\d+)?)$/.exec(versionArg ?? '');
  const version = release?.[2];
  if (!specPath || !release || !version) {
    console.error('usage: gen-schemas.ts <swagger.json> <release, e.g. 1.20.2>');
    process.exit(2);
  }
  const raw = readFileSync(specPath);
  const spec = JSON.parse(raw.toString('utf8')) as { definitions: Record<string, OpenApi> };

  const kinds: Record<string, string> = {};
  for (const [name, def] of Object.entries(spec.definitions)) {
    for (const gvk of (def['x-kubernetes-group-version-kind'] as GroupVersionKind[] | undefined) ?? []) {
      const key = `${apiVersionOf(gvk)}/${gvk.kind}`;
      if (kinds[key] && kinds[key] !== name) throw new Error(`${key} is registered twice: ${kinds[key]}, ${name}`);
      kinds[key] = name;
    }
  }
  const names = [...reachable(Object.values(kinds), spec.definitions)].sort();

  const definitions = Object.fromEntries(names.map((n) => [n, convertDefinition(n, spec.definitions[n]!)]));
  // One definition per line: small, and still readable in a diff.
  const lines = names.map((n) => `${JSON.stringify(n)}:${JSON.stringify(definitions[n])}`);
  const definitionsJson = `{"definitions":{\n${lines.join(',\n')}\n}}\n`;
  const validatorsJs = `${compileStandalone({ definitions }, unique(Object.values(kinds)))}\n`;

  const outDir = join(__dirname, '..', 'schemas', 'kubernetes', `v${version}`);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'definitions.json'), definitionsJson);
  writeFileSync(join(outDir, 'validators.js'), validatorsJs);
  const index = {
    kubernetes: `v${release[1]}`,
    source: { file: 'api/openapi-spec/swagger.json', sha256: sha256(raw) },
    generated: { 'definitions.json': sha256(definitionsJson), 'validators.js': sha256(validatorsJs) },
    kinds: Object.fromEntries(Object.entries(kinds).sort(([a], [b]) => a.localeCompare(b))),
  };
  writeFileSync(join(outDir, 'index.json'), `${JSON.stringify(index, null, 1)}\n`);
  console.log(`${outDir}: ${Object.keys(kinds).length} kinds, ${names.length} definitions`);
}

if (require.main === module) main();
