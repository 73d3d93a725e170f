/**
 * The one object model every output is made from. A `Manifest` is the plain JSON a Kubernetes API server
 * accepts; a `BerthObject` adds what berth knows about where it came from and what it must wait for.
 */

/** Plain JSON value as it appears in a manifest. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [field: string]: Json | undefined;
}

/** A Kubernetes object: apiVersion, kind, metadata and its body (spec, data, rules, ...). */
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: Json | ObjectMeta | undefined;
}

/** Group, kind, namespace and name: what makes an object unique in a cluster. */
export interface ObjectId {
  readonly group: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}

export interface BerthObject {
  readonly manifest: Manifest;
  /** Construct path that produced it (`shop/api/Deployment`), or the file for included YAML. */
  readonly source: string;
  /** The berth app scope this object belongs to. */
  readonly app: string;
  /** Objects that must be applied (and healthy) before this one. */
  readonly dependsOn: readonly ObjectId[];
}

export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

export function idOf(manifest: Manifest): ObjectId {
  const id: ObjectId = { group: groupOf(manifest.apiVersion), kind: manifest.kind, name: manifest.metadata.name };
  return manifest.metadata.namespace ? { ...id, namespace: manifest.metadata.namespace } : id;
}

/** A stable key for maps and sets: `group/Kind/namespace/name` (empty parts stay empty). */
export function idKey(id: ObjectId): string {
  return `${id.group}/${id.kind}/${id.namespace ?? ''}/${id.name}`;
}

/** How people write it: `Deployment/shop/api`, or `Namespace/shop` for cluster-scoped objects. */
export function describeId(id: ObjectId): string {
  return id.namespace ? `${id.kind}/${id.namespace}/${id.name}` : `${id.kind}/${id.name}`;
}

/** `Deployment/shop/api (shop/api)`: the object and the construct that made it, for error messages. */
export function describeObject(obj: BerthObject): string {
  return `${describeId(idOf(obj.manifest))} (${obj.source})`;
}
