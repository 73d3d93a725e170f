/**
 * The example stack (stacks/main.ts) as a cdktf app: `npx cdktf synth` (cdktf.json runs this file) or
 * `node -r ./bin/register-ts.js stacks/cdktf-main.ts` writes cdktf.out/stacks/shop/cdk.tf.json offline.
 * cdktf.App honours CDKTF_OUTDIR (set by the cdktf CLI). The provider comes from the prebuilt
 * @cdktf/provider-kubernetes package: no `cdktf get`, no network.
 */
import * as cdktf from 'cdktf';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider/index.js';
import { BerthTerraform } from '../lib/synth/terraform/construct';
import app from './main';

const tf = new cdktf.App();
const stack = new cdktf.TerraformStack(tf, 'shop');
const kubeconfig = new cdktf.TerraformVariable(stack, 'kubeconfig_path', {
  type: 'string', default: '~/.kube/config', description: 'kubeconfig the provider uses',
});
new KubernetesProvider(stack, 'kubernetes', { configPath: kubeconfig.stringValue });
new BerthTerraform(stack, 'shop', { app });
tf.synth();
