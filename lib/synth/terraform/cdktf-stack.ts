/**
 * The typed cdktf path: each Terraform resource of the model becomes an instance of its generated provider
 * class (DeploymentV1, SecretV1, ...), loaded by deep import only when a kind is used. The body comes from the
 * shared mapping (mapping.ts) as overrides, so cdktf writes exactly the JSON the plain writer writes, without
 * converting every field through the generated camelCase structs (measured 2.6x slower).
 */
import * as cdktf from 'cdktf';
import { Construct } from 'constructs';
import { TypedKind } from './kinds';
import { TerraformModel } from './model';
import { REVISION_VARIABLE } from './names';
import { secretVariableBlock } from './tf-json';

type ResourceClass = new (scope: Construct, id: string, config: Record<string, unknown>) => cdktf.TerraformResource;

const classes = new Map<string, ResourceClass>();

function resourceClass(kind: TypedKind): ResourceClass {
  let cls = classes.get(kind.resource);
  if (!cls) {
    // Deep import of one resource (~40 MB) instead of the package index (~210 MB).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    cls = require(`@cdktf/provider-kubernetes/lib/${kind.providerDir}/index.js`)[kind.className] as ResourceClass;
    classes.set(kind.resource, cls);
  }
  return cls;
}

function manifestClass(): ResourceClass {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('@cdktf/provider-kubernetes/lib/manifest/index.js').Manifest as ResourceClass;
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
      const Resource = r.typed ? resourceClass(r.typed) : manifestClass();
      const resource = new Resource(scope, r.address, {});
      resource.overrideLogicalId(r.name);
      for (const [key, value] of Object.entries(r.body)) resource.addOverride(key, value);
      if (r.dependsOn.length > 0) resource.addOverride('depends_on', [...r.dependsOn]);
      created.set(r.address, resource);
    }
    if (model.secrets.length > 0) revisionVariable(scope);
    for (const s of model.secrets) {
      const block = secretVariableBlock(s);
      const v = new cdktf.TerraformVariable(scope, s.name, {
        type: block.type as string, sensitive: true, description: block.description as string,
      });
      v.overrideLogicalId(s.name);
      v.addOverride('ephemeral', true);
    }
    return created;
  });
}
