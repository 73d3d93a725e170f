import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync, existsSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { parse, parseAllDocuments } from 'yaml';
import { ConfigMap, Deployment, Secret, Application, synthManifests, parseVersion, App } from 'berth';
import { writeOutput } from '../../../lib/synth/write';
import exampleApp from '../../../stacks/main';

const V = parseVersion('1.34');

function build(): App {
  const app = new App();
  for (const name of ['b-app', 'a-app']) {
    const a = new Application(app, name);
    new Secret(a, 'creds', { stringData: { PW: 'plaintext-password-123' } });
    new ConfigMap(a, 'cfg', { data: { k: 'v' } });
    new Deployment(a, 'web', { containers: [{ image: 'web:1', port: 80 }] }).exposeViaService();
  }
  return app;
}

describe('manifest synthesis', () => {
  test('one file per app plus an index; files are deterministic byte for byte', () => {
    const first = synthManifests(build().toObjects({ targetVersion: V }), { targetVersion: V });
    const second = synthManifests(build().toObjects({ targetVersion: V }), { targetVersion: V });
    expect(first.files.map((f) => f.path)).toEqual(['a-app.yaml', 'b-app.yaml', 'index.yaml']);
    expect(second.files).toEqual(first.files);
    const example1 = synthManifests(exampleApp.toObjects({ targetVersion: V }), { targetVersion: V });
    const example2 = synthManifests(exampleApp.toObjects({ targetVersion: V }), { targetVersion: V });
    expect(example2.files).toEqual(example1.files);
  });

  test('object order within a file is the apply order, the same whatever the construction order', () => {
    const docs = parseAllDocuments(synthManifests(build().toObjects({ targetVersion: V }), { targetVersion: V }).files[0].content).map((d) => d.toJS());
    expect(docs.map((d) => d.kind)).toEqual(['Namespace', 'ConfigMap', 'Service', 'Deployment']);
  });

  test('Secrets are withheld by default: no plaintext or base64 of it on disk, listed in the index', () => {
    const result = synthManifests(build().toObjects({ targetVersion: V }), { targetVersion: V });
    const all = result.files.map((f) => f.content).join('\n');
    expect(all).not.toContain('plaintext-password-123');
    expect(all).not.toContain(Buffer.from('plaintext-password-123').toString('base64'));
    expect(result.withheldSecrets).toEqual(['Secret/a-app/creds', 'Secret/b-app/creds']);
    const index = parse(result.files.find((f) => f.path === 'index.yaml')!.content);
    expect(index.apps[0]).toMatchObject({ app: 'a-app', file: 'a-app.yaml', withheldSecrets: ['Secret/a-app/creds'] });
    expect(result.files.every((f) => !f.sensitive)).toBe(true);
  });

  test('--include-secrets writes them, and marks the file sensitive (mode 0600)', () => {
    const result = synthManifests(build().toObjects({ targetVersion: V }), { targetVersion: V, includeSecrets: true });
    const a = result.files.find((f) => f.path === 'a-app.yaml')!;
    expect(a.sensitive).toBe(true);
    expect(a.content).toContain(Buffer.from('plaintext-password-123').toString('base64'));
    const dir = mkdtempSync(join(tmpdir(), 'berth-synth-'));
    writeOutput(dir, result.files);
    expect(statSync(join(dir, 'a-app.yaml')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'index.yaml')).mode & 0o777).toBe(0o644);
  });

  test('writing again removes files of applications that no longer exist, and leaves foreign files alone', () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-synth-'));
    writeOutput(dir, synthManifests(build().toObjects({ targetVersion: V }), { targetVersion: V }).files);
    writeFileSync(join(dir, 'README.txt'), 'mine');
    const one = new App();
    new ConfigMap(new Application(one, 'a-app'), 'cfg');
    writeOutput(dir, synthManifests(one.toObjects({ targetVersion: V }), { targetVersion: V }).files);
    expect(readdirSync(dir).sort()).toEqual(['README.txt', 'a-app.yaml', 'index.yaml']);
    expect(existsSync(join(dir, 'b-app.yaml'))).toBe(false);
    expect(readFileSync(join(dir, 'README.txt'), 'utf8')).toBe('mine');
  });

  test('the index records the target version', () => {
    const index = parse(synthManifests(build().toObjects({ targetVersion: parseVersion('1.20') }), { targetVersion: parseVersion('1.20') }).files.at(-1)!.content);
    expect(index.targetVersion).toBe('1.20');
  });
});
