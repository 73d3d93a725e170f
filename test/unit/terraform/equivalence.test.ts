/**
 * Issue 4, item 5: the Terraform output describes exactly the objects the manifest output describes. Terraform
 * files are written, read back from disk, and converted back into Kubernetes objects (resolving references and
 * the secret variables), which must deep-equal the objects the manifests are made from.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as cdktf from 'cdktf';
import { DeploymentV1 } from '@cdktf/provider-kubernetes/lib/deployment-v1/index.js';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider/index.js';
import exampleApp from '../../../stacks/main';
import { BerthObject, idKey, idOf } from '../../../lib/model/object';
import { BerthTerraform } from '../../../lib/synth/terraform/construct';
import { reverseResources } from '../../../lib/synth/terraform/reverse';
import { writeTerraform } from '../../../lib/synth/terraform/tf-json';
import { everyFieldObjects, referenceObjects } from './objects';
import { manifestsFromTerraform, manifestsOf, readTerraformDir, tempDir, withoutCdktfMetadata } from './helpers';

const SETS: [string, () => BerthObject[]][] = [
  ['the example stack (stacks/main.ts)', () => exampleApp.toObjects()],
  ['every field of every typed resource', everyFieldObjects],
  ['references, dependencies, secrets and a custom resource', referenceObjects],
];

function synthCdktf(objects: readonly BerthObject[]): { dir: string; construct: BerthTerraform } {
  const outdir = tempDir('berth-cdktf-');
  const app = new cdktf.App({ outdir });
  const stack = new cdktf.TerraformStack(app, 'main');
  new KubernetesProvider(stack, 'kubernetes', { configPath: '~/.kube/config' });
  const construct = new BerthTerraform(stack, 'berth', { objects });
  app.synth();
  return { dir: path.join(outdir, 'stacks', 'main'), construct };
}

describe.each(SETS)('Terraform ↔ manifests: %s', (_name, make) => {
  const objects = make();

  it('plain .tf.json converts back into exactly the objects', () => {
    const dir = tempDir();
    writeTerraform(objects, dir, { warn: () => undefined });
    const back = manifestsFromTerraform(readTerraformDir(dir));
    expect(back.manifests).toStrictEqual(manifestsOf(objects));
  });

  it('explicit dependencies become depends_on of the dependency\'s resource, and nothing else does', () => {
    const dir = tempDir();
    writeTerraform(objects, dir, { warn: () => undefined });
    const read = readTerraformDir(dir);
    const reversed = reverseResources(read.resources, read.values);
    const addressOf = new Map(reversed.map((r) => [idKey(idOf(r.manifest)), r.address]));
    for (const r of reversed) {
      const o = objects.find((x) => idKey(idOf(x.manifest)) === idKey(idOf(r.manifest))) as BerthObject;
      const expected = [...new Set(o.dependsOn.map((id) => addressOf.get(idKey(id))))].sort();
      expect(r.dependsOn).toStrictEqual(expected);
    }
  });

  it('the typed cdktf stack writes the same resources and variables, and converts back the same', () => {
    const dir = tempDir();
    writeTerraform(objects, dir, { warn: () => undefined });
    const plain = readTerraformDir(dir);
    const { dir: stackDir } = synthCdktf(objects);
    const viaCdktf = readTerraformDir(stackDir);
    expect(withoutCdktfMetadata(viaCdktf.resources)).toStrictEqual(plain.resources);
    // The provider block and its variables are the user's stack's business in the cdktf path.
    const berthOnly = (v: Record<string, unknown>) => Object.fromEntries(Object.entries(v).filter(([k]) => k.startsWith('berth_')));
    expect(viaCdktf.variables).toStrictEqual(berthOnly(plain.variables));
    expect(viaCdktf.values).toStrictEqual(plain.values);
    expect(manifestsFromTerraform(viaCdktf).manifests).toStrictEqual(manifestsOf(objects));
  });
});

describe('BerthTerraform construct', () => {
  it('creates instances of the typed provider classes', () => {
    const { construct } = synthCdktf(referenceObjects());
    expect(construct.resources.get('kubernetes_deployment_v1.shop_api')).toBeInstanceOf(DeploymentV1);
    expect(construct.resources.size).toBe(referenceObjects().length);
  });

  it('writes secret values next to cdk.tf.json, readable only by the owner', () => {
    const { dir, construct } = synthCdktf(referenceObjects());
    const file = path.join(dir, construct.secretValuesFile);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8')).not.toContain('czNjcjN0');
  });
});
