/**
 * berth objects → Terraform resources and variables, independent of how they are written (plain `.tf.json`
 * or a cdktf stack). No cdktf import here: the CLI path must stay light.
 */
import { BerthObject, Json, describeObject, idKey, idOf } from '../../model/object';
import { diagnostic, formatDiagnostic } from '../../validate/diagnostic';
import { escapeTemplate } from './escape';
import { MANIFEST_RESOURCE, TypedKind, typedKindOf } from './kinds';
import { JsonObject, MappingError, providerPath, topTypeOf, writeBlock } from './mapping';
import { REVISION_VARIABLE, resourceName, secretVariable } from './names';
import { findReferences } from './references';

export interface TfResource {
  readonly type: string;
  readonly name: string;
  /** `kubernetes_deployment_v1.shop_api` */
  readonly address: string;
  /** Provider attributes and blocks (no meta-arguments). */
  readonly body: JsonObject;
  /** Addresses of resources to create first (explicit construct dependencies). */
  readonly dependsOn: readonly string[];
  readonly object: BerthObject;
  readonly typed?: TypedKind;
}

/** A sensitive, ephemeral variable holding one Secret's values (never a literal in the configuration). */
export interface TfSecretVariable {
  readonly name: string;
  readonly app: string;
  readonly value: Readonly<Record<string, string>>;
}

export interface TerraformModel {
  readonly resources: readonly TfResource[];
  readonly secrets: readonly TfSecretVariable[];
  readonly warnings: readonly string[];
}

export class TerraformSynthError extends Error {}

const IDENTITY = new Set(['apiVersion', 'kind']);
const SECRET_FIELDS = new Set(['apiVersion', 'kind', 'data', 'stringData']);

function fail(obj: BerthObject, field: string, message: string): never {
  throw new TerraformSynthError(formatDiagnostic(diagnostic('error', obj, field, 'terraform', message)));
}

interface Planned {
  readonly obj: BerthObject;
  readonly typed?: TypedKind;
  readonly type: string;
  readonly name: string;
}

function plan(obj: BerthObject): Planned {
  const m = obj.manifest;
  const typed = typedKindOf(m.apiVersion, m.kind);
  return { obj, typed, type: typed ? typed.resource : MANIFEST_RESOURCE, name: resourceName(m, !!typed) };
}

/** The manifest as a kubernetes_manifest `manifest` attribute: same JSON, strings escaped. */
function escapeAll(value: Json): Json {
  if (typeof value === 'string') return escapeTemplate(value);
  if (Array.isArray(value)) return value.map(escapeAll);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [escapeTemplate(k), escapeAll(v)]));
  }
  return value;
}

function secretValues(obj: BerthObject, field: 'data' | 'stringData'): Record<string, string> | undefined {
  const value = obj.manifest[field];
  if (value === undefined) return undefined;
  if (!value || typeof value !== 'object' || Array.isArray(value) || Object.values(value).some((v) => typeof v !== 'string')) {
    fail(obj, field, 'expected an object of strings');
  }
  return value as Record<string, string>;
}

function body(p: Planned, secrets: TfSecretVariable[]): JsonObject {
  const m = p.obj.manifest as unknown as Json;
  if (!p.typed) return { manifest: escapeAll(m) };
  const isSecret = p.typed.kind === 'Secret';
  const out = writeBlock(m, topTypeOf(p.type), isSecret ? SECRET_FIELDS : IDENTITY);
  if (isSecret) {
    // data (base64) → binary_data_wo as it is; stringData (plain) → data_wo. Write-only: never stored in state.
    const fields = [['data', 'binary_data_wo'], ['stringData', 'data_wo']] as const;
    for (const [field, attribute] of fields) {
      const value = secretValues(p.obj, field);
      if (!value) continue;
      const variable = secretVariable(p.name, field);
      secrets.push({ name: variable, app: p.obj.app, value });
      out[attribute] = `\${var.${variable}}`;
      out[`${attribute}_revision`] = `\${var.${REVISION_VARIABLE}}`;
    }
  }
  return out;
}

function setAt(target: JsonObject, path: readonly (string | number)[], value: string): void {
  let node: Json = target;
  for (const step of path.slice(0, -1)) node = (node as Record<string | number, Json>)[step];
  (node as Record<string | number, Json>)[path[path.length - 1]] = value;
}

function lookupKey(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}/${namespace ?? ''}/${name}`;
}

/** Replaces names of emitted objects by references to their resources. */
function linkReferences(p: Planned, out: JsonObject, byName: Map<string, Planned>): void {
  const ns = p.obj.manifest.metadata.namespace;
  for (const ref of findReferences(p.obj.manifest)) {
    const target = byName.get(lookupKey(ref.kind, ref.kind === 'Namespace' ? undefined : ns, ref.name));
    if (!target?.typed || target === p) continue;
    const path = p.typed ? providerPath(topTypeOf(p.type), ref.path) : ['manifest', ...ref.path];
    setAt(out, path, `\${${target.type}.${target.name}.metadata[0].name}`);
  }
}

export function buildTerraform(objects: readonly BerthObject[]): TerraformModel {
  const planned = objects.map(plan);
  const byAddress = new Map<string, Planned>();
  const byId = new Map<string, Planned>();
  const byName = new Map<string, Planned>();
  for (const p of planned) {
    const address = `${p.type}.${p.name}`;
    const clash = byAddress.get(address);
    if (clash) fail(p.obj, 'metadata.name', `Terraform address ${address} is also used by ${describeObject(clash.obj)}`);
    byAddress.set(address, p);
    byId.set(idKey(idOf(p.obj.manifest)), p);
    const m = p.obj.manifest;
    byName.set(lookupKey(m.kind, m.metadata.namespace, m.metadata.name), p);
  }
  const secrets: TfSecretVariable[] = [];
  const warnings: string[] = [];
  const resources = planned.map((p): TfResource => {
    let out: JsonObject;
    try {
      out = body(p, secrets);
      linkReferences(p, out, byName);
    } catch (e) {
      if (e instanceof MappingError) fail(p.obj, e.field, e.message);
      throw e;
    }
    if (!p.typed) {
      warnings.push(formatDiagnostic(diagnostic('warning', p.obj, '', 'terraform-manifest',
        `no typed Terraform resource for ${p.obj.manifest.apiVersion} ${p.obj.manifest.kind}; emitted as kubernetes_manifest, ` +
        'which needs access to the cluster (and its CRDs) at plan time')));
    }
    const dependsOn = [...new Set(p.obj.dependsOn.map((id) => {
      const dep = byId.get(idKey(id));
      if (!dep) fail(p.obj, '', `depends on ${idKey(id)}, which is not among the objects synthesized`);
      return `${dep.type}.${dep.name}`;
    }))].sort();
    return { type: p.type, name: p.name, address: `${p.type}.${p.name}`, body: out, dependsOn, object: p.obj, typed: p.typed };
  });
  return { resources, secrets, warnings };
}
