/**
 * Offline schema validation: every object is checked against the JSON Schema of its kind, generated from the
 * official OpenAPI spec of the target Kubernetes version (or the nearest bundled one, said in a notice).
 * Unknown fields are errors: a 1.20 server drops them silently. All findings of all objects come back together.
 */
import { BerthObject, Manifest } from '../model/object';
import { apiVersionFor, formatVersion, KubeVersion, MAX_MINOR, MIN_MINOR } from '../model/version';
import { Diagnostic, diagnostic } from './diagnostic';
import { bundledVersions, loadBundle, nearestVersion, SchemaBundle, Validator } from './schema-bundle';
import { schemaDiagnostic } from './schema-errors';

export interface SchemaResult {
  diagnostics: Diagnostic[];
  notices: string[];
}

/** How objects of one apiVersion/kind are checked. */
type KindCheck =
  | {
      readonly as: 'schema';
      readonly apiVersion: string;
      readonly validate: Validator;
      readonly notice?: string;
      readonly error?: string;
    }
  | { readonly as: 'custom' }
  | { readonly as: 'unknown' };

export function validateSchemas(objects: readonly BerthObject[], target: KubeVersion): SchemaResult {
  const bundle = loadBundle(nearestVersion(target, bundledVersions()));
  const exact = bundle.version.minor === target.minor;
  const notices: string[] = [];
  if (!exact) {
    notices.push(`no bundled schema for Kubernetes ${formatVersion(target)}; validating against ${formatVersion(bundle.version)} (nearest)`);
  }
  const customKinds = customResourceKinds(objects);
  const checks = new Map<string, KindCheck>();
  const customCounts = new Map<string, { first: BerthObject; count: number }>();
  const diagnostics: Diagnostic[] = [];

  for (const obj of objects) {
    const { apiVersion, kind } = obj.manifest;
    const name = `${apiVersion}/${kind}`;
    let check = checks.get(name);
    if (!check) {
      check = kindCheck(apiVersion, kind, bundle, exact, target, customKinds);
      checks.set(name, check);
      if (check.as === 'schema' && check.notice) notices.push(check.notice);
    }
    if (check.as === 'unknown') {
      diagnostics.push(diagnostic('error', obj, '', 'unknown-kind',
        `unknown kind ${name}: not in the Kubernetes ${bundle.release} schema, and no CustomResourceDefinition for it among the objects`));
    } else if (check.as === 'custom') {
      const seen = customCounts.get(name);
      if (seen) seen.count++;
      else customCounts.set(name, { first: obj, count: 1 });
    } else {
      if (check.error) diagnostics.push(diagnostic('error', obj, 'apiVersion', 'unknown-kind', check.error));
      const data = withoutNulls(obj.manifest) as Manifest;
      // Checked as an equivalent API version: its schema only allows its own apiVersion.
      const checked = data.apiVersion === check.apiVersion ? data : { ...data, apiVersion: check.apiVersion };
      if (!check.validate(checked)) diagnostics.push(...schemaDiagnostics(obj, checked, check, bundle));
    }
  }
  for (const [name, { first, count }] of customCounts) {
    const objectsText = count === 1 ? '1 object' : `${count} objects`;
    diagnostics.push(diagnostic('warning', first, '', 'schema', `custom resources of ${name} are not schema-validated (${objectsText})`));
  }
  return { diagnostics, notices };
}

function schemaDiagnostics(obj: BerthObject, data: Manifest, check: { apiVersion: string; validate: Validator }, bundle: SchemaBundle): Diagnostic[] {
  const knownFields = (path: readonly string[]): string[] => bundle.knownFields(check.apiVersion, data.kind, path);
  return (check.validate.errors ?? []).map((e) => schemaDiagnostic(obj, data, e, knownFields));
}

function kindCheck(
  apiVersion: string, kind: string, bundle: SchemaBundle, exact: boolean, target: KubeVersion, customKinds: Set<string>,
): KindCheck {
  if (bundle.has(apiVersion, kind)) return { as: 'schema', apiVersion, validate: bundle.validator(apiVersion, kind) };
  const name = `${apiVersion}/${kind}`;
  const equivalent = otherApiVersions(kind, apiVersion).find((v) => bundle.has(v, kind));
  if (equivalent) {
    return {
      as: 'schema',
      apiVersion: equivalent,
      validate: bundle.validator(equivalent, kind),
      notice: `${name} is not in the Kubernetes ${bundle.release} schema; validating it against the structurally equivalent ${equivalent}`,
      // The schema is the target's own: that server does not serve this API version at all.
      error: exact ? `Kubernetes ${formatVersion(target)} does not serve ${name}; it serves ${kind} as ${equivalent}` : undefined,
    };
  }
  return customKinds.has(name) ? { as: 'custom' } : { as: 'unknown' };
}

/** The other API versions of a kind whose group version changed between releases (HPA, PDB, CronJob). */
function otherApiVersions(kind: string, apiVersion: string): string[] {
  let versions: string[];
  try {
    versions = [MIN_MINOR, MAX_MINOR].map((minor) => apiVersionFor(kind, { major: 1, minor }));
  } catch {
    return []; // not a kind berth emits itself
  }
  return versions.filter((v) => v !== apiVersion);
}

/** `group/version/Kind` of every custom resource the objects define (CustomResourceDefinition v1 and v1beta1). */
function customResourceKinds(objects: readonly BerthObject[]): Set<string> {
  const kinds = new Set<string>();
  for (const { manifest } of objects) {
    if (manifest.kind !== 'CustomResourceDefinition' || !manifest.apiVersion.startsWith('apiextensions.k8s.io/')) continue;
    const spec = manifest.spec as { group?: unknown; version?: unknown; versions?: { name?: unknown }[]; names?: { kind?: unknown } } | undefined;
    const versions = [spec?.version, ...(Array.isArray(spec?.versions) ? spec.versions.map((v) => v?.name) : [])];
    for (const version of versions) {
      if (typeof version === 'string') kinds.add(`${String(spec?.group)}/${version}/${String(spec?.names?.kind)}`);
    }
  }
  return kinds;
}

/**
 * The API server reads a null field as an absent one (`creationTimestamp: null` from `kubectl create -o yaml`),
 * so object fields set to null are dropped before validation. Manifests rarely hold a null: look before copying.
 */
function withoutNulls(value: unknown): unknown {
  return containsNull(value) ? copyWithoutNulls(value) : value;
}

function containsNull(value: unknown): boolean {
  if (value === null) return true;
  if (typeof value !== 'object') return false;
  if (Array.isArray(value)) {
    for (const item of value) if (containsNull(item)) return true;
    return false;
  }
  const record = value as Record<string, unknown>;
  for (const key in record) if (containsNull(record[key])) return true;
  return false;
}

function copyWithoutNulls(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(copyWithoutNulls);
  const out: Record<string, unknown> = {};
  const record = value as Record<string, unknown>;
  for (const key in record) if (record[key] !== null) out[key] = copyWithoutNulls(record[key]);
  return out;
}
