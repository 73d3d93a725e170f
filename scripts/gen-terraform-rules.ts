/**
 * Generates lib/synth/terraform/rules.json: for each typed Terraform resource berth emits, which manifest field
 * becomes which provider attribute or block, and with what shape. Two offline sources are walked side by side:
 * - the provider's schema, as encoded in @cdktf/provider-kubernetes's generated `*ToHclTerraform` functions
 *   (attribute vs block, single vs repeated, string/number/bool/map/list);
 * - the Kubernetes OpenAPI v2 spec (`api/openapi-spec/swagger.json` of Debian's `kubernetes` source package,
 *   v1.20.2), for field names and types (integer, int-or-string, quantity).
 * Run: node -r ./bin/register-ts.js scripts/gen-terraform-rules.ts <swagger.json>
 * Get the spec: apt-get source --download-only kubernetes; tar -xzf kubernetes_*.orig.tar.gz --wildcards '*\/api/openapi-spec/swagger.json'
 */
import * as fs from 'fs';
import * as path from 'path';
import { TYPED_KINDS } from '../lib/synth/terraform/kinds';
import { RuleShape, Rules, TypeRules } from '../lib/synth/terraform/rules';

interface TfField {
  readonly name: string;
  readonly block: boolean;
  readonly repeated: boolean;
  /** cdktf storage class: string, number, boolean, stringMap, stringList, numberList, stringSet, XList ... */
  readonly storage: string;
  /** Struct function of a block's body. */
  readonly fn?: string;
  /** The provider requires the block (cdktf's struct field has no `?`). */
  readonly required: boolean;
}

interface K8sProp {
  $ref?: string;
  type?: string;
  format?: string;
  items?: K8sProp;
  additionalProperties?: K8sProp;
}
interface K8sDef { properties?: Record<string, K8sProp>; required?: string[] }

/** Which swagger definition describes each typed kind (1.20 names the beta versions of three of them). */
const K8S_DEFINITIONS: Record<string, string> = {
  Namespace: 'io.k8s.api.core.v1.Namespace',
  Deployment: 'io.k8s.api.apps.v1.Deployment',
  StatefulSet: 'io.k8s.api.apps.v1.StatefulSet',
  Service: 'io.k8s.api.core.v1.Service',
  Ingress: 'io.k8s.api.networking.v1.Ingress',
  Secret: 'io.k8s.api.core.v1.Secret',
  ConfigMap: 'io.k8s.api.core.v1.ConfigMap',
  ResourceQuota: 'io.k8s.api.core.v1.ResourceQuota',
  LimitRange: 'io.k8s.api.core.v1.LimitRange',
  HorizontalPodAutoscaler: 'io.k8s.api.autoscaling.v2beta2.HorizontalPodAutoscaler',
  PodDisruptionBudget: 'io.k8s.api.policy.v1beta1.PodDisruptionBudget',
  NetworkPolicy: 'io.k8s.api.networking.v1.NetworkPolicy',
  ServiceAccount: 'io.k8s.api.core.v1.ServiceAccount',
  PersistentVolumeClaim: 'io.k8s.api.core.v1.PersistentVolumeClaim',
  Job: 'io.k8s.api.batch.v1.Job',
  CronJob: 'io.k8s.api.batch.v1beta1.CronJob',
};

/** Top-level fields never mapped by the table: identity, status, and Secret data (see secrets.ts). */
const SKIPPED_K8S = new Set(['apiVersion', 'kind', 'status']);
const SECRET_TF_FIELDS = new Set(['data', 'binary_data', 'data_wo', 'binary_data_wo', 'data_wo_revision', 'binary_data_wo_revision']);

/**
 * Fields added to Kubernetes after 1.20 that the provider models: merged into the 1.20 spec before matching
 * (types as in later Kubernetes releases).
 */
const LABEL_SELECTOR = { $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector' };
const SUPPLEMENT: Record<string, Record<string, K8sProp>> = {
  'io.k8s.api.batch.v1beta1.CronJobSpec': { timeZone: { type: 'string' } },
  'io.k8s.api.batch.v1.JobSpec': {
    completionMode: { type: 'string' }, backoffLimitPerIndex: { type: 'integer' }, maxFailedIndexes: { type: 'integer' },
    podFailurePolicy: { $ref: '#/definitions/berth.PodFailurePolicy' },
  },
  'berth.PodFailurePolicy': { rules: { type: 'array', items: { $ref: '#/definitions/berth.PodFailurePolicyRule' } } },
  'berth.PodFailurePolicyRule': {
    action: { type: 'string' },
    onExitCodes: { $ref: '#/definitions/berth.PodFailurePolicyOnExitCodesRequirement' },
    onPodConditions: { type: 'array', items: { $ref: '#/definitions/berth.PodFailurePolicyOnPodConditionsPattern' } },
  },
  'berth.PodFailurePolicyOnExitCodesRequirement': {
    containerName: { type: 'string' }, operator: { type: 'string' }, values: { type: 'array', items: { type: 'integer' } },
  },
  'berth.PodFailurePolicyOnPodConditionsPattern': { type: { type: 'string' }, status: { type: 'string' } },
  'io.k8s.api.core.v1.PodSpec': { os: { $ref: '#/definitions/berth.PodOS' } },
  'berth.PodOS': { name: { type: 'string' } },
  'io.k8s.api.core.v1.Probe': { grpc: { $ref: '#/definitions/berth.GRPCAction' } },
  'berth.GRPCAction': { port: { type: 'integer' }, service: { type: 'string' } },
  'io.k8s.api.core.v1.PodAffinityTerm': { namespaceSelector: LABEL_SELECTOR },
  'io.k8s.api.core.v1.TopologySpreadConstraint': {
    matchLabelKeys: { type: 'array', items: { type: 'string' } }, minDomains: { type: 'integer' },
    nodeAffinityPolicy: { type: 'string' }, nodeTaintsPolicy: { type: 'string' },
  },
  'io.k8s.api.core.v1.WindowsSecurityContextOptions': { hostProcess: { type: 'boolean' } },
  'io.k8s.api.core.v1.ServiceSpec': { internalTrafficPolicy: { type: 'string' }, loadBalancerClass: { type: 'string' } },
  'io.k8s.api.networking.v1.NetworkPolicyPort': { endPort: { type: 'integer' } },
  'io.k8s.api.apps.v1.StatefulSetSpec': {
    minReadySeconds: { type: 'integer' },
    persistentVolumeClaimRetentionPolicy: { $ref: '#/definitions/berth.StatefulSetPersistentVolumeClaimRetentionPolicy' },
  },
  'berth.StatefulSetPersistentVolumeClaimRetentionPolicy': { whenDeleted: { type: 'string' }, whenScaled: { type: 'string' } },
};

/** Provider names that are not a spelling of the Kubernetes name (exotic volume sources, CronJob time zone). */
const RENAMES: Record<string, string> = {
  timezone: 'timeZone', data_disk_uri: 'diskURI', endpoints_name: 'endpoints',
  ceph_monitors: 'monitors', rbd_image: 'image', rbd_pool: 'pool', rados_user: 'user',
};

const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';

const ENTRY = /(\w+): \{\s*value: ([^\n]*),\s*isBlock: (true|false),\s*type: "(\w+)",\s*storageClassType: "(\w+)",\s*\}/g;
const STRUCT_FN = /(?<!cdktf\.)\b([a-z]\w*)ToHclTerraform\b/;

function parseEntries(body: string, requiredCamel: ReadonlySet<string>): TfField[] {
  const fields: TfField[] = [];
  for (const m of body.matchAll(ENTRY)) {
    const [, name, value, isBlock, , storage] = m;
    const fn = STRUCT_FN.exec(value)?.[1];
    const camel = /(?:struct\.|this\._)(\w+)/.exec(value)?.[1] ?? '';
    const repeated = value.includes('listMapperHcl(') && !!fn;
    fields.push({ name, block: isBlock === 'true', repeated, storage, fn, required: requiredCamel.has(camel) });
  }
  return fields;
}

/** Required members of every generated struct interface (`readonly x: T;` without `?`), by interface name. */
function parseRequired(files: readonly string[]): Map<string, Set<string>> {
  const required = new Map<string, Set<string>>();
  for (const file of files) {
    const parts = fs.readFileSync(file, 'utf8').split(/\nexport interface (\w+)(?: extends [\w.]+)? \{/);
    for (let i = 1; i < parts.length; i += 2) {
      const body = parts[i + 1].slice(0, parts[i + 1].indexOf('\n}'));
      required.set(parts[i], new Set([...body.matchAll(/readonly (\w+): /g)].map((m) => m[1])));
    }
  }
  return required;
}

const interfaceOf = (fn: string) => fn[0].toUpperCase() + fn.slice(1);

/** Every `xToHclTerraform(struct)` function of a resource's generated sources, by struct name. */
function parseStructs(files: readonly string[], required: Map<string, Set<string>>): Map<string, TfField[]> {
  const structs = new Map<string, TfField[]>();
  for (const file of files) {
    const source = fs.readFileSync(file, 'utf8');
    const parts = source.split(/\nfunction (\w+)ToHclTerraform\(struct\) \{/);
    for (let i = 1; i < parts.length; i += 2) {
      const body = parts[i + 1].slice(0, parts[i + 1].indexOf('return Object.fromEntries'));
      structs.set(parts[i], parseEntries(body, required.get(interfaceOf(parts[i])) ?? new Set()));
    }
  }
  return structs;
}

function resourceTopFields(indexJs: string, required: ReadonlySet<string>): TfField[] {
  const source = fs.readFileSync(indexJs, 'utf8');
  const start = source.indexOf('synthesizeHclAttributes() {');
  return parseEntries(source.slice(start, source.indexOf('// remove undefined', start)), required);
}

function dtsFiles(dir: string): string[] {
  return jsFiles(dir).map((f) => f.replace(/\.js$/, '.d.ts'));
}

function jsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...jsFiles(p));
    else if (e.name.endsWith('.js')) out.push(p);
  }
  return out.sort();
}

const norm = (s: string) => s.toLowerCase().replace(/_/g, '');

/** The manifest property a provider field stands for: same name, or its plural (provider blocks are singular). */
function matchProperty(tfName: string, props: Record<string, K8sProp>): string | undefined {
  const renamed = RENAMES[tfName];
  if (renamed && props[renamed]) return renamed;
  const n = norm(tfName);
  const candidates = [n, `${n}s`, `${n}es`, n.replace(/y$/, 'ies')];
  for (const c of candidates) {
    const hit = Object.keys(props).find((p) => norm(p) === c);
    if (hit) return hit;
  }
  return undefined;
}

class Generator {
  readonly types: Record<string, TypeRules> = {};
  readonly problems: string[] = [];
  readonly unmapped: string[] = [];

  constructor(private readonly defs: Record<string, K8sDef>, private readonly structs: Map<string, TfField[]>) {}

  private refName(ref: string): string {
    return ref.replace('#/definitions/', '');
  }

  private scalarShape(tf: TfField, prop: K8sProp, where: string): RuleShape | undefined {
    const ref = prop.$ref && this.refName(prop.$ref);
    const k8sType = ref === INT_OR_STRING ? 'int-or-string' : ref === QUANTITY ? 'string' : prop.type;
    switch (tf.storage) {
      case 'string':
        if (k8sType === 'string') return 'string';
        if (k8sType === 'integer') return 'int-as-string';
        if (k8sType === 'int-or-string') return 'int-or-string';
        break;
      case 'number':
        if (k8sType === 'integer' || k8sType === 'number') return 'number';
        break;
      case 'boolean':
        if (k8sType === 'boolean') return 'boolean';
        break;
      case 'stringMap':
        if (prop.type === 'object' && prop.additionalProperties) return 'map';
        break;
      case 'stringList':
      case 'stringSet':
        if (prop.type === 'array' && prop.items?.type === 'string') return 'list';
        break;
      case 'numberList':
      case 'numberSet':
        if (prop.type === 'array' && prop.items?.type === 'integer') return 'number-list';
        break;
    }
    this.problems.push(`${where}: provider ${tf.storage} vs Kubernetes ${k8sType ?? JSON.stringify(prop)}`);
    return undefined;
  }

  /** Builds the rules of one block, returns its type name. */
  typeFor(defName: string, fields: readonly TfField[], where: string, skipTf: ReadonlySet<string> = new Set()): string {
    const props = this.defs[defName]?.properties ?? {};
    const k8sRequired = new Set(this.defs[defName]?.required ?? []);
    const rules: TypeRules = {};
    const used = new Set<string>();
    for (const tf of fields) {
      if (skipTf.has(tf.name)) continue;
      const k8s = matchProperty(tf.name, props);
      if (!k8s) {
        this.unmapped.push(`${where}.${tf.name} (provider only)`);
        continue;
      }
      used.add(k8s);
      const prop = props[k8s];
      const at = `${where}.${k8s}`;
      if (!tf.block) {
        const shape = this.scalarShape(tf, prop, at);
        if (shape) rules[k8s] = [tf.name, shape];
        continue;
      }
      const itemRef = prop.$ref ?? (prop.type === 'array' ? prop.items?.$ref : undefined);
      const children = tf.fn && this.structs.get(tf.fn);
      if (!itemRef || !children) {
        this.problems.push(`${at}: provider block without a matching Kubernetes object`);
        continue;
      }
      const k8sRepeated = prop.type === 'array';
      if (k8sRepeated && !tf.repeated) {
        this.problems.push(`${at}: Kubernetes list, provider single block`);
        continue;
      }
      const child = this.typeFor(this.refName(itemRef), children, at);
      // Blocks the provider requires but Kubernetes does not (a pod template's metadata): absent ↔ empty.
      const single = tf.required && !k8sRequired.has(k8s) ? 'required-block' : 'block';
      rules[k8s] = [tf.name, k8sRepeated ? 'blocks' : tf.repeated ? 'block-in-list' : single, child];
    }
    for (const k of Object.keys(props)) {
      if (!used.has(k) && !(where.indexOf('.') < 0 && SKIPPED_K8S.has(k))) this.unmapped.push(`${where}.${k} (Kubernetes only)`);
    }
    return this.register(defName, rules);
  }

  /** Named by the Kubernetes definition; provider variants of the same definition get a numeric suffix. */
  private register(defName: string, rules: TypeRules): string {
    const base = defName.split('.').pop() as string;
    const text = JSON.stringify(rules);
    for (let i = 1; ; i++) {
      const name = i === 1 ? base : `${base}~${i}`;
      if (!this.types[name]) {
        this.types[name] = rules;
        return name;
      }
      if (JSON.stringify(this.types[name]) === text) return name;
    }
  }
}

function main(): void {
  const swagger = process.argv[2];
  if (!swagger) throw new Error('usage: gen-terraform-rules.ts <kubernetes swagger.json>');
  const defs = JSON.parse(fs.readFileSync(swagger, 'utf8')).definitions as Record<string, K8sDef>;
  for (const [name, props] of Object.entries(SUPPLEMENT)) {
    defs[name] = { ...defs[name], properties: { ...(defs[name]?.properties ?? {}), ...props } };
  }
  const providerLib = path.join(path.dirname(require.resolve('@cdktf/provider-kubernetes/package.json')), 'lib');
  const rules: Rules = { resources: {}, types: {} };
  const generators: Generator[] = [];
  const allTypes: Record<string, TypeRules> = {};
  for (const kind of TYPED_KINDS) {
    const dir = path.join(providerLib, kind.providerDir);
    const required = parseRequired(dtsFiles(dir));
    const gen = new Generator(defs, parseStructs(jsFiles(dir), required));
    Object.assign(gen.types, allTypes);
    const skip = kind.kind === 'Secret' ? SECRET_TF_FIELDS : new Set<string>();
    rules.resources[kind.resource] = gen.typeFor(K8S_DEFINITIONS[kind.kind], resourceTopFields(path.join(dir, 'index.js'), required.get(`${kind.className}Config`) ?? new Set()),
      kind.kind, skip);
    Object.assign(allTypes, gen.types);
    generators.push(gen);
  }
  rules.types = Object.fromEntries(Object.keys(allTypes).sort().map((k) => [k, allTypes[k]]));
  const out = path.join(__dirname, '..', 'lib', 'synth', 'terraform', 'rules.json');
  fs.writeFileSync(out, `${JSON.stringify(rules, null, 1)}\n`);
  const problems = generators.flatMap((g) => g.problems);
  const unmapped = [...new Set(generators.flatMap((g) => g.unmapped))].sort();
  console.log(`wrote ${out}: ${Object.keys(rules.resources).length} resources, ${Object.keys(rules.types).length} block types`);
  if (process.env.VERBOSE) console.log(`not mapped (berth reports these fields as unsupported):\n  ${unmapped.join('\n  ')}`);
  if (problems.length) {
    console.error(`shape mismatches (left out of the table):\n  ${problems.join('\n  ')}`);
  }
}

main();
