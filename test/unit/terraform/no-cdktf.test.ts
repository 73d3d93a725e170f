/** The manifest path and the plain Terraform writer never load cdktf or the provider package (issue 4, item 6). */
import { spawnSync } from 'child_process';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../../..');

/** Runs `body` in a fresh node and returns the cdktf modules it loaded. */
function cdktfModulesLoadedBy(body: string): string[] {
  const script = `${body}
    const loaded = Object.keys(require.cache).filter((k) => /node_modules[\\\\/](cdktf|@cdktf)[\\\\/]/.test(k));
    process.stdout.write(JSON.stringify(loaded));`;
  const r = spawnSync(process.execPath, ['-r', './bin/register-ts.js', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

describe('cdktf stays out of the light paths', () => {
  it('synthesizing manifests and plain Terraform JSON of the example stack loads no cdktf module', () => {
    const loaded = cdktfModulesLoadedBy(`
      require('./lib/index.ts'); require('./lib/synth/manifests.ts'); require('./lib/cli/main.ts');
      const app = require('./stacks/main.ts').default;
      const dir = require('fs').mkdtempSync(require('os').tmpdir() + '/berth-light-');
      require('./lib/synth/terraform/tf-json.ts').writeTerraform(app.toObjects(), dir, { warn: () => {} });`);
    expect(loaded).toEqual([]);
  });

  it('the typed path does load them (so the check above can see them)', () => {
    const loaded = cdktfModulesLoadedBy(`require('./lib/synth/terraform/construct.ts');`);
    expect(loaded.some((m) => m.includes(`${path.sep}cdktf${path.sep}`))).toBe(true);
  });
});
