/**
 * Terraform resources berth wrote → the Kubernetes objects they create. The equivalence check between the
 * Terraform and manifest outputs (tests) and debugging (`what will this resource apply?`) use it.
 */
import { Json, Manifest } from '../../model/object';
import { isExpression, unescapeTemplate } from './escape';
import { MANIFEST_RESOURCE, typedKindByResource } from './kinds';
import { JsonObject, MappingError, readBlock, topTypeOf } from './mapping';

/** `resource` sections merged: type → name → body. */
export type ResourceSection = Record<string, Record<string, JsonObject>>;

const REFERENCE = /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.metadata\[0\]\.name\}$/;
const VARIABLE = /^\$\{var\.([A-Za-z0-9_-]+)\}$/;
const META = new Set(['depends_on', '//']);

export interface ReversedResource {
  readonly address: string;
  readonly manifest: Manifest;
  readonly dependsOn: readonly string[];
}

function unescapeAll(value: Json, read: (s: string) => string): Json {
  if (typeof value === 'string') return read(value);
  if (Array.isArray(value)) return value.map((v) => unescapeAll(v, read));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [unescapeTemplate(k), unescapeAll(v, read)]));
  }
  return value;
}

function nameOf(body: JsonObject, type: string): string {
  const metadata = (type === MANIFEST_RESOURCE ? (body.manifest as JsonObject).metadata : body.metadata) as JsonObject;
  return metadata.name as string;
}

export function reverseResources(resources: ResourceSection, variables: Record<string, Record<string, string>>): ReversedResource[] {
  const read = (text: string): string => {
    if (!isExpression(text)) return unescapeTemplate(text);
    const ref = REFERENCE.exec(text);
    const target = ref && resources[ref[1]]?.[ref[2]];
    if (!target) throw new Error(`unresolved expression ${text}`);
    return nameOf(target, ref[1]);
  };
  const out: ReversedResource[] = [];
  for (const type of Object.keys(resources).sort()) {
    for (const name of Object.keys(resources[type]).sort()) {
      const full = resources[type][name];
      const body = Object.fromEntries(Object.entries(full).filter(([k]) => !META.has(k)));
      const dependsOn = (full.depends_on as string[] | undefined) ?? [];
      const address = `${type}.${name}`;
      out.push({ address, dependsOn, manifest: reverseOne(type, body, read, variables) });
    }
  }
  return out;
}

const SECRET_ATTRIBUTES: Record<string, string> = { binary_data_wo: 'data', data_wo: 'stringData' };

function reverseOne(type: string, body: JsonObject, read: (text: string) => string,
  variables: Record<string, Record<string, string>>): Manifest {
  if (type === MANIFEST_RESOURCE) return unescapeAll(body.manifest, read) as unknown as Manifest;
  const typed = typedKindByResource(type);
  if (!typed) throw new Error(`berth does not write ${type}`);
  const rest: JsonObject = {};
  const secret: JsonObject = {};
  for (const [k, v] of Object.entries(body)) {
    if (SECRET_ATTRIBUTES[k]) {
      const variable = VARIABLE.exec(v as string)?.[1];
      if (!variable || !variables[variable]) throw new Error(`${type}: ${k} must read a variable with a value, found ${String(v)}`);
      if (!VARIABLE.test(body[`${k}_revision`] as string)) throw new Error(`${type}: ${k}_revision missing`);
      secret[SECRET_ATTRIBUTES[k]] = variables[variable];
    } else if (!k.endsWith('_wo_revision')) rest[k] = v;
  }
  let fields: JsonObject;
  try {
    fields = readBlock(rest, topTypeOf(type), read);
  } catch (e) {
    if (e instanceof MappingError) throw new Error(`${type} ${e.field}: ${e.message}`);
    throw e;
  }
  return { apiVersion: typed.apiVersion, kind: typed.kind, ...fields, ...secret } as unknown as Manifest;
}
