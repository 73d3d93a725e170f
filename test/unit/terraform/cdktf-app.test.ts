/** cdktf.json's app command synthesizes the example stack offline into CDKTF_OUTDIR. */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { tempDir } from './helpers';

const ROOT = path.resolve(__dirname, '../../..');

it('the cdktf.json app writes cdk.tf.json under CDKTF_OUTDIR, without network or `cdktf get`', () => {
  const outdir = tempDir('berth-cdktf-app-');
  const command = JSON.parse(fs.readFileSync(path.join(ROOT, 'cdktf.json'), 'utf8')).app as string;
  const r = spawnSync(command, {
    cwd: ROOT, shell: true, encoding: 'utf8',
    env: { ...process.env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: '1', HTTPS_PROXY: 'http://127.0.0.1:9', HTTP_PROXY: 'http://127.0.0.1:9' },
  });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const config = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'shop', 'cdk.tf.json'), 'utf8'));
  expect(Object.keys(config.resource)).toEqual(expect.arrayContaining(['kubernetes_deployment_v1', 'kubernetes_secret_v1', 'kubernetes_stateful_set_v1']));
  expect(config.provider.kubernetes[0].config_path).toBe('${var.kubeconfig_path}');
  expect(fs.readdirSync(path.join(outdir, 'stacks', 'shop'))).toContain('berth-secrets.shop.auto.tfvars.json');
}, 60000);
