/**
 * How berth's typed resources go through cdktf's synthesis (lib/synth/terraform/pre-resolved.ts): berth's
 * blocks skip cdktf's resolve passes, and anything a user adds to a resource still goes through them. This pins
 * the cdktf 0.21.0 internals the fast path relies on; the equivalence tests check the written cdk.tf.json.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as cdktf from 'cdktf';
import { DeploymentV1 } from '@cdktf/provider-kubernetes/lib/deployment-v1/index.js';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider/index.js';
import { BerthTerraform } from '../../../lib/synth/terraform/construct';
import { isPreResolved, preResolved } from '../../../lib/synth/terraform/pre-resolved';
import { referenceObjects } from './objects';
import { tempDir } from './helpers';

function stackWithBerth() {
  const outdir = tempDir('berth-cdktf-synth-');
  const app = new cdktf.App({ outdir });
  const stack = new cdktf.TerraformStack(app, 'main');
  new KubernetesProvider(stack, 'kubernetes', { configPath: '~/.kube/config' });
  const berth = new BerthTerraform(stack, 'berth', { objects: referenceObjects() });
  const written = () => {
    app.synth();
    return JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'main', 'cdk.tf.json'), 'utf8'));
  };
  return { stack, berth, written, deployment: berth.resources.get('kubernetes_deployment_v1.shop_api') as DeploymentV1 };
}

describe('cdktf internals the fast path relies on', () => {
  it('is cdktf 0.21.0, the final release (re-check pre-resolved.ts before changing it)', () => {
    const pkg = JSON.parse(fs.readFileSync(require.resolve('cdktf/package.json'), 'utf8'));
    expect(pkg.version).toBe('0.21.0');
  });

  it('resolve and the stack merge keep a berth block as the same pre-resolved value', () => {
    const { stack, deployment } = stackWithBerth();
    const block = stack.toTerraform().resource.kubernetes_deployment_v1.shop_api;
    expect(isPreResolved(block)).toBe(true);
    const value = preResolved({ a: ['b'] });
    const resolver = new cdktf.DefaultTokenResolver(new cdktf.StringConcat());
    expect(cdktf.Tokenization.resolve({ x: value }, { scope: stack, resolver }).x).toBe(value);
    expect(deployment).toBeInstanceOf(DeploymentV1);
  });

  it('an untouched resource\'s whole fragment skips resolve, and it still merges with the user\'s resources of its type', () => {
    const { stack, deployment, written } = stackWithBerth();
    const fragment = deployment.toTerraform();
    expect(isPreResolved(fragment)).toBe(true);
    const resolver = new cdktf.DefaultTokenResolver(new cdktf.StringConcat());
    expect(cdktf.Tokenization.resolve(fragment, { scope: stack, resolver })).toBe(fragment);
    new DeploymentV1(stack, 'mine', {
      metadata: { name: 'mine' },
      spec: { selector: { matchLabels: { app: 'mine' } }, template: { metadata: { labels: { app: 'mine' } }, spec: { container: [{ name: 'c', image: 'x' }] } } },
    });
    const deployments = written().resource.kubernetes_deployment_v1;
    expect(Object.keys(deployments).sort()).toEqual(['mine', 'shop_api']);
    expect(deployments.mine.metadata).toEqual({ name: 'mine' });
    expect(deployments.shop_api.spec.replicas).toBe('2');
  });

  it('the written JSON is the block\'s own keys, the same as JSON.stringify gives', () => {
    const { written } = stackWithBerth();
    const api = written().resource.kubernetes_deployment_v1.shop_api;
    expect(api.spec.replicas).toBe('2');
    expect(api.depends_on).toEqual(['kubernetes_namespace_v1.shop', 'kubernetes_secret_v1.shop_db']);
    expect(JSON.parse(JSON.stringify(preResolved({ a: [1, { b: null }] })))).toEqual({ a: [1, { b: null }] });
  });

  it('cdktf\'s Testing.synth and its matchers see berth\'s blocks', () => {
    const { stack } = stackWithBerth();
    const synthesized = cdktf.Testing.synth(stack);
    expect(JSON.parse(synthesized).resource.kubernetes_deployment_v1.shop_api.spec.replicas).toBe('2');
    expect(cdktf.Testing.toHaveResourceWithProperties(synthesized, 'kubernetes_service_v1', {
      metadata: { name: 'api', namespace: '${kubernetes_namespace_v1.shop.metadata[0].name}', labels: { 'app.kubernetes.io/managed-by': 'berth' } },
    })).toBe(true);
  });
});

describe('what a user adds to berth\'s resources still goes through cdktf', () => {
  it('an override inside a berth block is merged into it, and a token in it is resolved', () => {
    const { stack, deployment, written } = stackWithBerth();
    const note = new cdktf.TerraformVariable(stack, 'note', { type: 'string' });
    deployment.addOverride('spec.replicas', '5');
    deployment.addOverride('metadata.annotations.note', note.stringValue);
    const api = written().resource.kubernetes_deployment_v1.shop_api;
    expect(api.spec.replicas).toBe('5');
    expect(api.spec.template.spec.container[0].image).toBe('example/api:1');
    expect(api.metadata.annotations.note).toBe('${var.note}');
    expect(api.metadata.name).toBe('api');
  });

  it('meta-arguments and typed attributes berth does not write are added to berth\'s block', () => {
    const { berth, deployment, written } = stackWithBerth();
    deployment.lifecycle = { ignoreChanges: ['spec[0].replicas'] };
    deployment.dependsOn = [cdktf.dependable(berth.resources.get('kubernetes_config_map_v1.shop_config') as cdktf.TerraformResource)];
    deployment.waitForRollout = false;
    const api = written().resource.kubernetes_deployment_v1.shop_api;
    expect(api.lifecycle).toEqual({ ignore_changes: ['spec[0].replicas'] });
    expect(api.wait_for_rollout).toBe(false);
    expect([...api.depends_on].sort()).toEqual(
      ['kubernetes_config_map_v1.shop_config', 'kubernetes_namespace_v1.shop', 'kubernetes_secret_v1.shop_db']);
    expect(api.spec.template.spec.service_account_name).toBe('${kubernetes_service_account_v1.shop_api.metadata[0].name}');
  });

  it('a resource the user did not touch keeps the fast path next to one they did', () => {
    const { stack, deployment } = stackWithBerth();
    deployment.addOverride('spec.replicas', '5');
    const resources = stack.toTerraform().resource;
    expect(isPreResolved(resources.kubernetes_deployment_v1.shop_api)).toBe(false);
    expect(resources.kubernetes_deployment_v1.shop_api.spec.replicas).toBe('5');
    expect(isPreResolved(resources.kubernetes_service_v1.shop_api)).toBe(true);
  });

  it('a stack-level override into a berth resource is merged and resolved, and berth\'s objects stay unchanged', () => {
    const { stack, berth, written } = stackWithBerth();
    const note = new cdktf.TerraformVariable(stack, 'note', { type: 'string' });
    stack.addOverride('resource.kubernetes_service_v1.shop_api.metadata.annotations', { note: note.stringValue });
    const api = written().resource.kubernetes_service_v1.shop_api;
    expect(api.metadata.annotations).toEqual({ note: '${var.note}' });
    expect(api.spec.port[0].port).toBe(80);
    const model = berth.model.resources.find((r) => r.address === 'kubernetes_service_v1.shop_api');
    expect(model?.body.metadata).not.toHaveProperty('annotations');
  });
});

it('an override on a secret variable is written with berth\'s attributes of it', () => {
  const { berth, written } = stackWithBerth();
  (berth.node.findChild('berth_secret_shop_db') as cdktf.TerraformVariable).addOverride('nullable', false);
  const doc = written();
  expect(doc.variable.berth_secret_shop_db).toEqual({
    type: 'map(string)', sensitive: true, ephemeral: true, nullable: false, description: 'values of a Secret of app shop',
  });
  expect(doc.variable.berth_secret_shop_db_string).toEqual({
    type: 'map(string)', sensitive: true, ephemeral: true, description: 'values of a Secret of app shop',
  });
});

it('cdktf\'s HCL output is refused with the resource\'s path (it would write blocks as maps)', () => {
  const { stack } = stackWithBerth();
  expect(() => stack.toHclTerraform()).toThrow(/main\/berth\/kubernetes_.*JSON \(cdk\.tf\.json\) only/);
});

it('a cdktf token inside a berth object is refused with the object and field (it would be written as a placeholder)', () => {
  const app = new cdktf.App({ outdir: tempDir('berth-cdktf-token-') });
  const stack = new cdktf.TerraformStack(app, 'main');
  const image = new cdktf.TerraformVariable(stack, 'image', { type: 'string' });
  const objects = referenceObjects();
  const api = objects.find((o) => o.manifest.kind === 'Deployment') as (typeof objects)[number];
  (api.manifest as any).spec.template.spec.containers[0].image = `registry/${image.stringValue}`;
  expect(() => new BerthTerraform(stack, 'berth', { objects })).toThrow(
    'error: Deployment/shop/api (shop/api) spec.template.spec.containers[0].image: cdktf tokens are not supported in berth objects');
});
