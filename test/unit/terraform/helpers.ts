import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BerthObject, Manifest, idKey, idOf } from '../../../lib/model/object';
import { JsonObject } from '../../../lib/synth/terraform/mapping';
import { ResourceSection, reverseResources } from '../../../lib/synth/terraform/reverse';

export function tempDir(prefix = 'berth-tf-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface ReadBack {
  readonly resources: ResourceSection;
  readonly variables: Record<string, JsonObject>;
  readonly values: Record<string, Record<string, string>>;
}

/** Reads every `*.tf.json` and `*.auto.tfvars.json` of a directory, as Terraform would. */
export function readTerraformDir(dir: string): ReadBack {
  const resources: ResourceSection = {};
  const variables: Record<string, JsonObject> = {};
  let values: Record<string, Record<string, string>> = {};
  for (const f of fs.readdirSync(dir).sort()) {
    const doc = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
    if (f.endsWith('.auto.tfvars.json')) values = { ...values, ...doc };
    else if (f.endsWith('.tf.json')) {
      for (const [type, byName] of Object.entries(doc.resource ?? {})) Object.assign((resources[type] ??= {}), byName);
      Object.assign(variables, doc.variable ?? {});
    }
  }
  return { resources, variables, values };
}

/** The manifests the Terraform resources would create, keyed like the objects, plus their depends_on. */
export function manifestsFromTerraform(read: ReadBack): { manifests: Record<string, Manifest>; dependsOn: Record<string, readonly string[]> } {
  const manifests: Record<string, Manifest> = {};
  const dependsOn: Record<string, readonly string[]> = {};
  for (const r of reverseResources(read.resources, read.values)) {
    const key = idKey(idOf(r.manifest));
    manifests[key] = r.manifest;
    dependsOn[key] = r.dependsOn;
  }
  return { manifests, dependsOn };
}

export function manifestsOf(objects: readonly BerthObject[]): Record<string, Manifest> {
  return Object.fromEntries(objects.map((o) => [idKey(idOf(o.manifest)), o.manifest]));
}

/** Resource sections without cdktf's per-resource `//` metadata. */
export function withoutCdktfMetadata(resources: ResourceSection): ResourceSection {
  return Object.fromEntries(Object.entries(resources).map(([type, byName]) => [type,
    Object.fromEntries(Object.entries(byName).map(([name, body]) => {
      const { '//': _meta, ...rest } = body;
      return [name, rest];
    }))]));
}
