/**
 * The typed cdktf path: each Terraform resource of the model becomes an instance of its generated provider
 * class (DeploymentV1, SecretV1, ...), loaded by deep import only when a kind is used. The body comes from the
 * shared mapping (mapping.ts), already in provider JSON, so cdktf writes exactly the JSON the plain writer
 * writes, without converting every field through the generated camelCase structs (measured 2.6x slower) and
 * without cdktf resolving it (see pre-resolved.ts; ~2.5x faster at 5000 resources).
 */
import * as cdktf from 'cdktf';
import { Construct } from 'constructs';
import { TypedKind } from './kinds';
import { JsonObject } from './mapping';
import { TerraformModel } from './model';
import { REVISION_VARIABLE } from './names';
import { preResolved } from './pre-resolved';
import { resourceBlock, secretVariableBlock } from './tf-json';

type ResourceClass = new (scope: Construct, id: string, config: Record<string, unknown>) => cdktf.TerraformResource;

interface BerthResource extends cdktf.TerraformResource {
  berthBody: JsonObject;
}

/** Stack-level overrides may reach into any block of a section, so berth's blocks there must then stay plain. */
function stackOverrides(scope: Construct, section: 'resource' | 'variable'): boolean {
  const overrides = (cdktf.TerraformStack.of(scope) as unknown as { rawOverrides: Record<string, unknown> }).rawOverrides;
  return section in overrides;
}

/**
 * An element's whole fragment (`{ resource: { <type>: { <name>: block } } }`) as one pre-resolved value. cdktf
 * resolves every element's fragment twice (prepareStack, then toTerraform), copying the outer levels and running
 * its token regexes on each key (~0.2-0.3 s CPU at 5000 resources); pre-resolved, resolve returns it as it is.
 * The levels inside stay plain objects: cdktf's deepMerge copies them into the stack's document (merging the
 * resources of one type), and it refuses to merge into a pre-resolved value.
 */
function preResolvedFragment(section: 'resource' | 'variable', blocks: JsonObject): Record<string, JsonObject> {
  return preResolved<Record<string, JsonObject>>({ [section]: blocks });
}

/**
 * The generated class with berth's block (body and depends_on) as its attributes, in provider JSON.
 * - Normally (nothing else set on the resource) toTerraform returns that block with cdktf's `//` metadata as one
 *   pre-resolved value, inside a pre-resolved fragment: cdktf's resolve passes then skip the resource entirely
 *   except in the final pass over the merged document, which sees ~5 values per resource.
 * - Once the user sets anything else (addOverride, dependsOn, lifecycle, provider, count, import, move, ...),
 *   cdktf's own toTerraform runs and merges and resolves it as usual. berth's blocks stay pre-resolved unless the
 *   user overrode inside them; attributes berth does not write come from the typed config.
 */
function withBerthBody(Base: ResourceClass): new (scope: Construct, id: string, block: JsonObject) => BerthResource {
  return class extends Base {
    berthBody: JsonObject;

    constructor(scope: Construct, id: string, block: JsonObject) {
      super(scope, id, {});
      this.berthBody = block;
    }

    protected override synthesizeAttributes(): Record<string, unknown> {
      const attributes = super.synthesizeAttributes();
      const overridden: Record<string, unknown> = this.rawOverrides;
      const allPlain = stackOverrides(this, 'resource');
      for (const [key, value] of Object.entries(this.berthBody)) {
        // Lists stay plain: cdktf appends the user's depends_on to berth's only when both are arrays.
        const plain = allPlain || value === null || typeof value !== 'object' || Array.isArray(value) || key in overridden;
        attributes[key] = plain ? value : preResolved(value as JsonObject);
      }
      return attributes;
    }

    /**
     * cdktf's HCL renderer (SYNTH_HCL_OUTPUT) needs its per-attribute type descriptions, which berth's
     * provider JSON does not carry; written from overrides it rendered blocks as maps (`spec = {`), which
     * Terraform rejects. Refuse clearly instead.
     */
    override toHclTerraform(): never {
      throw new Error(`${this.node.path}: berth's resources can be synthesized to JSON (cdk.tf.json) only; `
        + 'unset SYNTH_HCL_OUTPUT / hclOutput, or use `berth synth --format terraform`');
    }

    /** Nothing but berth's block: no typed config, overrides, meta-arguments, provisioners, import or move. */
    private onlyBerthBlock(): boolean {
      if (Object.keys(this.rawOverrides).length > 0 || this.provisioners || this.hasResourceMove()) return false;
      if (stackOverrides(this, 'resource')) return false;
      if ((super.toMetadata() as { imports?: unknown }).imports) return false;
      const set = (v: unknown) => v !== undefined;
      return !Object.values(this.terraformMetaArguments).some(set) && !Object.values(super.synthesizeAttributes()).some(set);
    }

    /** cdktf resolves every element's metadata too; an untouched resource has none (all keys undefined). */
    override toMetadata(): Record<string, unknown> {
      const metadata: Record<string, unknown> = super.toMetadata();
      return Object.values(metadata).some((v) => v !== undefined) ? metadata : {};
    }

    override toTerraform(): Record<string, unknown> {
      if (!this.onlyBerthBlock()) return super.toTerraform(); // blocks pre-resolved by synthesizeAttributes
      const attributes = preResolved(this.berthBody);
      attributes['//'] = this.constructNodeMetadata as JsonObject;
      return preResolvedFragment('resource', { [this.terraformResourceType]: { [this.friendlyUniqueId]: attributes } });
    }
  };
}

/**
 * A Secret's variable: its block (sensitive, ephemeral) pre-resolved too, unless the user changed anything; then
 * cdktf's block (with the user's changes) goes on top of berth's (cdktf's config has no `ephemeral`).
 */
class SecretVariable extends cdktf.TerraformVariable {
  constructor(scope: Construct, id: string, private readonly block: JsonObject) {
    super(scope, id, { type: block.type as string, sensitive: true, description: block.description as string });
  }

  override toTerraform(): Record<string, Record<string, unknown>> {
    const id = this.friendlyUniqueId;
    if (Object.keys(this.rawOverrides).length === 0 && !this.validation && !stackOverrides(this, 'variable')) {
      return preResolvedFragment('variable', { [id]: preResolved(this.block) });
    }
    const tf = super.toTerraform();
    return { ...tf, variable: { [id]: { ...this.block, ...tf.variable[id] } } };
  }
}

const classes = new Map<string, ReturnType<typeof withBerthBody>>();

function resourceClass(kind: TypedKind | undefined) {
  const key = kind?.resource ?? 'kubernetes_manifest';
  let cls = classes.get(key);
  if (!cls) {
    // Deep import of one resource (~40 MB) instead of the package index (~210 MB).
    const file = kind ? `@cdktf/provider-kubernetes/lib/${kind.providerDir}/index.js` : '@cdktf/provider-kubernetes/lib/manifest/index.js';
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    cls = withBerthBody(require(file)[kind?.className ?? 'Manifest'] as ResourceClass);
    classes.set(key, cls);
  }
  return cls;
}

/**
 * cdktf records a full stack trace for every nested config object it creates (several per resource); that was
 * half of the construction time. berth passes no tokens, so the traces would never be shown: skip capturing
 * them while berth's own resources are built. (V8 captures nothing while stackTraceLimit is not a number.)
 */
function withoutCreationStacks<T>(build: () => T): T {
  const saved = Object.getOwnPropertyDescriptor(Error, 'stackTraceLimit');
  if (!saved?.configurable) return build();
  Object.defineProperty(Error, 'stackTraceLimit', { configurable: true, get: () => undefined, set: () => undefined });
  try {
    return build();
  } finally {
    Object.defineProperty(Error, 'stackTraceLimit', saved);
  }
}

function revisionVariable(scope: Construct): void {
  const stack = cdktf.TerraformStack.of(scope);
  if (stack.node.tryFindChild(REVISION_VARIABLE)) return;
  const v = new cdktf.TerraformVariable(stack, REVISION_VARIABLE, {
    type: 'number', default: 1,
    description: 'Increase to write the Secrets\' write-only values again (Terraform cannot see them change)',
  });
  v.overrideLogicalId(REVISION_VARIABLE);
}

/** Adds the model's resources (and its secret variables) under `scope`; returns them by address. */
export function addTerraformResources(scope: Construct, model: TerraformModel): Map<string, cdktf.TerraformResource> {
  return withoutCreationStacks(() => {
    const created = new Map<string, cdktf.TerraformResource>();
    for (const r of model.resources) {
      const Resource = resourceClass(r.typed);
      const resource = new Resource(scope, r.address, resourceBlock(r));
      resource.overrideLogicalId(r.name);
      created.set(r.address, resource);
    }
    if (model.secrets.length > 0) revisionVariable(scope);
    for (const s of model.secrets) new SecretVariable(scope, s.name, secretVariableBlock(s)).overrideLogicalId(s.name);
    return created;
  });
}
