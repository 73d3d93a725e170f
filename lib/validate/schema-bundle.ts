/**
 * The JSON Schemas generated from an official Kubernetes OpenAPI spec (schemas/kubernetes/v1.NN, made by
 * scripts/gen-schemas.ts): which release they describe, which kinds they know, their validators (ajv standalone
 * code compiled at generation time: compiling the pod template tree at run time alone takes ~0.4 s).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ErrorObject } from 'ajv';
import { KubeVersion } from '../model/version';

export interface Validator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

interface SchemaIndex {
  /** The Kubernetes release the spec came from, e.g. `v1.20.2`. */
  readonly kubernetes: string;
  /** `apps/v1/Deployment` → definition name. */
  readonly kinds: Readonly<Record<string, string>>;
}

type SchemaNode = {
  $ref?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  additionalProperties?: SchemaNode | boolean;
};

export class SchemaBundle {
  private validators: Readonly<Record<string, Validator>> | undefined;
  private definitions: Readonly<Record<string, SchemaNode>> | undefined;

  constructor(
    readonly version: KubeVersion,
    private readonly dir: string,
    private readonly index: SchemaIndex,
  ) {}

  get release(): string {
    return this.index.kubernetes;
  }

  has(apiVersion: string, kind: string): boolean {
    return Object.hasOwn(this.index.kinds, `${apiVersion}/${kind}`);
  }

  /** The validator of a kind this bundle has (see `has`). */
  validator(apiVersion: string, kind: string): Validator {
    this.validators ??= require(join(this.dir, 'validators.js')) as Record<string, Validator>;
    return this.validators[this.definitionOf(apiVersion, kind)]!;
  }

  /** The field names the schema allows at a path inside an object of this kind; loaded only when asked. */
  knownFields(apiVersion: string, kind: string, path: readonly string[]): string[] {
    this.definitions ??= (readJson(join(this.dir, 'definitions.json')) as { definitions: Record<string, SchemaNode> }).definitions;
    let node: SchemaNode | undefined = this.resolve({ $ref: `#/definitions/${this.definitionOf(apiVersion, kind)}` });
    for (const segment of path) {
      const additional: SchemaNode | undefined = typeof node?.additionalProperties === 'object' ? node.additionalProperties : undefined;
      node = this.resolve(node?.properties?.[segment] ?? node?.items ?? additional);
    }
    return Object.keys(node?.properties ?? {});
  }

  private resolve(node: SchemaNode | undefined): SchemaNode | undefined {
    return node?.$ref ? this.definitions?.[node.$ref.slice('#/definitions/'.length)] : node;
  }

  private definitionOf(apiVersion: string, kind: string): string {
    const definition = this.index.kinds[`${apiVersion}/${kind}`];
    if (!definition) throw new Error(`no schema for ${apiVersion}/${kind} in Kubernetes ${this.release}`);
    return definition;
  }
}

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** schemas/kubernetes, found from here both in the source tree and in a build output directory. */
function schemasRoot(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, 'schemas', 'kubernetes');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`berth's bundled schemas (schemas/kubernetes) not found above ${__dirname}`);
  }
}

export function bundledVersions(): KubeVersion[] {
  return readdirSync(schemasRoot())
    .map((name) => /^v1\.(\d+)$/.exec(name))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ major: 1 as const, minor: Number(m[1]) }))
    .sort((a, b) => a.minor - b.minor);
}

/**
 * The bundled version closest to the target; on a tie the older one (an error for a field that is new is
 * better than accepting a field the server would drop).
 */
export function nearestVersion(target: KubeVersion, bundled: readonly KubeVersion[]): KubeVersion {
  let best: KubeVersion | undefined;
  for (const v of bundled) {
    if (!best || Math.abs(v.minor - target.minor) < Math.abs(best.minor - target.minor)) best = v;
  }
  if (!best) throw new Error('berth has no bundled Kubernetes schemas');
  return best;
}

const loaded = new Map<number, SchemaBundle>();

/** The bundle of one bundled version, loaded once per process. */
export function loadBundle(version: KubeVersion): SchemaBundle {
  let bundle = loaded.get(version.minor);
  if (!bundle) {
    const dir = join(schemasRoot(), `v1.${version.minor}`);
    bundle = new SchemaBundle(version, dir, readJson(join(dir, 'index.json')) as SchemaIndex);
    loaded.set(version.minor, bundle);
  }
  return bundle;
}
