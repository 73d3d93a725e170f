/**
 * What can be checked with the real Terraform binary here. The hashicorp/kubernetes provider cannot be downloaded
 * on these machines, so `terraform init/validate/plan` of berth's resources cannot run; a configuration without
 * providers can. It checks that Terraform reads escaped text literally and takes the secret values from the
 * variables file as sensitive, ephemeral variables.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { escapeTemplate } from '../../../lib/synth/terraform/escape';
import { stableJson } from '../../../lib/synth/terraform/tf-json';
import { tempDir } from './helpers';

const hasTerraform = spawnSync('terraform', ['version'], { encoding: 'utf8' }).status === 0;
const TRICKY = ['${var.x}', '%{ if true }x%{ endif }', '$${already}', 'a$b{c}', '$$', '100%', '${', '%{', 'plain'];

function terraform(dir: string, args: string[], input?: string) {
  return spawnSync('terraform', args, { cwd: dir, input, encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1' } });
}

(hasTerraform ? describe : describe.skip)('real Terraform (no providers needed)', () => {
  jest.setTimeout(60000);

  it('reads escaped strings back as the original text', () => {
    const dir = tempDir('berth-tfcli-');
    const locals = Object.fromEntries(TRICKY.map((s, i) => [`s${i}`, escapeTemplate(s)]));
    fs.writeFileSync(path.join(dir, 'main.tf.json'), stableJson({ locals }));
    const r = terraform(dir, ['console'], `jsonencode([${TRICKY.map((_, i) => `local.s${i}`).join(', ')}])\n`);
    expect(r.status).toBe(0);
    expect(JSON.parse(JSON.parse(r.stdout.trim()))).toEqual(TRICKY);
  });

  it('takes secret values from berth-secrets.auto.tfvars.json into ephemeral, sensitive variables', () => {
    const dir = tempDir('berth-tfcli-');
    const check = { condition: '${var.berth_secret_x.password == "czNjcjN0"}', error_message: 'value not read' };
    fs.writeFileSync(path.join(dir, 'main.tf.json'), stableJson({
      terraform: { required_version: '>= 1.11' },
      variable: { berth_secret_x: { type: 'map(string)', sensitive: true, ephemeral: true, validation: [check] } },
    }));
    fs.writeFileSync(path.join(dir, 'berth-secrets.auto.tfvars.json'), stableJson({ berth_secret_x: { password: 'czNjcjN0' } }));
    expect(terraform(dir, ['init', '-input=false']).status).toBe(0);
    const ok = terraform(dir, ['plan', '-input=false', '-no-color']);
    expect(ok.status).toBe(0);
    expect(ok.stdout).not.toContain('czNjcjN0');
    fs.writeFileSync(path.join(dir, 'berth-secrets.auto.tfvars.json'), stableJson({ berth_secret_x: { password: 'other' } }));
    const bad = terraform(dir, ['plan', '-input=false', '-no-color']);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain('value not read');
  });
});
