/**
 * Custom resources whose CustomResourceDefinition is applied in the same run: until the CRD is established the
 * server does not serve their kind, yet nothing of that kind can exist, so the plan creates them unasked.
 */
import { Manifest, groupOf } from '../model/object';

interface CrdSpec {
  readonly group?: string;
  readonly names?: { readonly kind?: string };
  readonly versions?: readonly { readonly name?: string; readonly served?: boolean }[];
  /** apiextensions.k8s.io/v1beta1: the one version, always served. */
  readonly version?: string;
}

/** True when a CRD among `desired` serves `kind` at `apiVersion` (its group, kind and a served version). */
export function definedByDesiredCrd(apiVersion: string, kind: string, desired: readonly Manifest[]): boolean {
  const slash = apiVersion.indexOf('/');
  if (slash < 0) return false;
  const group = apiVersion.slice(0, slash);
  const version = apiVersion.slice(slash + 1);
  return desired.some((m) => {
    if (m.kind !== 'CustomResourceDefinition' || groupOf(m.apiVersion) !== 'apiextensions.k8s.io') return false;
    const spec = (m.spec ?? {}) as CrdSpec;
    if (spec.group !== group || spec.names?.kind !== kind) return false;
    return spec.version === version || (spec.versions ?? []).some((v) => v.name === version && v.served === true);
  });
}
