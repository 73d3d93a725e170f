import { execFileSync, spawnSync } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { parseAllDocuments } from 'yaml';
import { main } from '../../../lib/cli/main';
import { Output } from '../../../lib/cli/output';

const ROOT = resolve(__dirname, '..', '..', '..');

/** Runs the CLI in-process against a project directory, capturing output. */
async function run(cwd: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Output = { out: (l) => out.push(l), err: (l) => err.push(l) };
  const code = await main(args, cwd, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** A temporary project whose stack program is `source` (TypeScript importing 'berth'). */
function project(source: string, extra: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'berth-cli-'));
  mkdirSync(join(dir, 'stacks'));
  writeFileSync(join(dir, 'stacks', 'main.ts'), source);
  for (const [name, content] of Object.entries(extra)) writeFileSync(join(dir, name), content);
  return dir;
}

const GOOD = `
import { App, Application, Deployment } from 'berth';
const app = new App();
const shop = new Application(app, 'shop');
new Deployment(shop, 'web', { containers: [{ image: 'web:1.0', port: 80 }] }).exposeViaService();
export default app;
`;

describe('berth synth / validate (in-process)', () => {
  test('synth writes one file per app and an index to dist/', async () => {
    const dir = project(GOOD);
    const r = await run(dir, 'synth');
    expect(r.code).toBe(0);
    expect(r.out).toBe('Wrote 2 files to dist/: 3 objects in 1 app');
    expect(readdirSync(join(dir, 'dist')).sort()).toEqual(['index.yaml', 'shop.yaml']);
    const kinds = parseAllDocuments(readFileSync(join(dir, 'dist', 'shop.yaml'), 'utf8')).map((d) => d.toJS().kind);
    expect(kinds).toEqual(['Namespace', 'Service', 'Deployment']);
  });

  test('--out and --target-version 1.20 select the directory and API versions', async () => {
    const dir = project(`
import { App, Application, Deployment } from 'berth';
const app = new App();
const d = new Deployment(new Application(app, 'shop'), 'api', { containers: [{ image: 'api:1.0' }] });
d.autoscale({ min: 1, max: 3 });
d.disruptionBudget();
export default app;
`);
    const r = await run(dir, 'synth', '--out', 'manifests', '--target-version', '1.20');
    expect(r.code).toBe(0);
    const docs = parseAllDocuments(readFileSync(join(dir, 'manifests', 'shop.yaml'), 'utf8')).map((d) => d.toJS());
    expect(docs.map((d) => `${d.kind}=${d.apiVersion}`)).toEqual([
      'Namespace=v1', 'Deployment=apps/v1', 'HorizontalPodAutoscaler=autoscaling/v2beta2', 'PodDisruptionBudget=policy/v1beta1',
    ]);
  });

  test('validation errors are all reported together, exit 1, and nothing is written', async () => {
    const dir = project(`
import { App, Application, Deployment, EnvValue } from 'berth';
const app = new App();
const shop = new Application(app, 'shop');
new Deployment(shop, 'Bad_Name', { containers: [{ image: 'x:1' }] });
new Deployment(shop, 'api', { containers: [{ image: 'api:1', env: { P: EnvValue.fromSecret({ kind: 'Secret', name: 'missing' }, 'k') } }] });
export default app;
`);
    const r = await run(dir, 'synth');
    expect(r.code).toBe(1);
    expect(r.err).toContain('error: Deployment/shop/Bad_Name (shop/Bad_Name) metadata.name: "Bad_Name" is not a valid DNS-1123 subdomain');
    expect(r.err).toContain('error: Deployment/shop/api (shop/api) spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef: Secret "missing" does not exist');
    expect(r.err).toMatch(/\d+ errors: nothing was written$/);
    expect(existsSync(join(dir, 'dist'))).toBe(false);
    expect((await run(dir, 'validate')).code).toBe(1);
  });

  test('warnings do not fail validate', async () => {
    const dir = project(GOOD.replace('web:1.0', 'web:latest'));
    const r = await run(dir, 'validate');
    expect(r.code).toBe(0);
    expect(r.err).toContain('warning: Deployment/shop/web (shop/web) spec.template.spec.containers[0].image: image "web:latest" uses :latest');
    expect(r.out).toMatch(/^Valid: 3 objects in 1 app \(Kubernetes 1\.\d+\)$/);
  });

  test('a TypeScript exception in the stack is one line with its location; no stack trace; nothing written', async () => {
    const dir = project(`import { App } from 'berth';\nconst app = new App();\nthrow new Error('boom in my stack');\nexport default app;\n`);
    const r = await run(dir, 'synth');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^error: stacks\/main\.ts: boom in my stack \(at stacks\/main\.ts:3:\d+\)$/);
    expect(existsSync(join(dir, 'dist'))).toBe(false);
  });

  test('a construct invariant names the construct path', async () => {
    const dir = project(`import { App, Application, Deployment } from 'berth';\nconst app = new App();\nnew Deployment(new Application(app, 'shop'), 'api', { replicas: -2, containers: [{ image: 'a:1' }] });\nexport default app;\n`);
    const r = await run(dir, 'synth');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^error: stacks\/main\.ts: shop\/api: replicas must be a whole number >= 0, got -2 \(at stacks\/main\.ts:3:\d+\)$/);
  });

  test('invalid YAML in an Include names the file and line', async () => {
    const dir = project(
      `import { join } from 'path';\nimport { App, Application, Include } from 'berth';\nconst app = new App();\nnew Include(new Application(app, 'shop'), 'legacy', { file: join(__dirname, '..', 'legacy.yaml') });\nexport default app;\n`,
      { 'legacy.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata: {a: [}\n' },
    );
    const r = await run(dir, 'synth');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^error: stacks\/main\.ts: \/.*\/legacy\.yaml:5:\d+: invalid YAML/);
    expect(existsSync(join(dir, 'dist'))).toBe(false);
  });

  test('an unknown kind and a misspelt field are errors with the object, construct and field; nothing written', async () => {
    const dir = project(
      `import { join } from 'path';\nimport { App, Application, Include } from 'berth';\nconst app = new App();\nnew Include(new Application(app, 'shop'), 'legacy', { file: join(__dirname, '..', 'legacy.yaml') });\nexport default app;\n`,
      {
        'legacy.yaml': [
          'apiVersion: example.com/v1', 'kind: Widget', 'metadata:', '  name: w', '---',
          'apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: c', 'dta:', '  a: b', '',
        ].join('\n'),
      },
    );
    const r = await run(dir, 'synth');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^error: Widget\/shop\/w \(shop\/legacy\): unknown kind example\.com\/v1\/Widget/m);
    expect(r.err).toMatch(/^error: ConfigMap\/shop\/c \(shop\/legacy\) dta: unknown field "dta"/m);
    expect(existsSync(join(dir, 'dist'))).toBe(false);
  });

  test('an export that is not an App, and a missing stack file, are clear errors', async () => {
    const dir = project(`export default 42;\n`);
    expect((await run(dir, 'synth')).err).toBe('error: stacks/main.ts must export an App as its default export (export default app), or a function returning one');
    const empty = mkdtempSync(join(tmpdir(), 'berth-cli-'));
    expect((await run(empty, 'validate')).err).toBe('error: stack program stacks/main.ts not found (set "app" in berth.json or pass --app)');
  });

  test('berth.json chooses the stack program and the output directory', async () => {
    const dir = project(GOOD, { 'berth.json': JSON.stringify({ app: 'stacks/main.ts', out: 'k8s' }) });
    expect((await run(dir, 'synth')).out).toBe('Wrote 2 files to k8s/: 3 objects in 1 app');
    writeFileSync(join(dir, 'berth.json'), '{ not json');
    expect((await run(dir, 'synth')).err).toMatch(/^error: berth.json: invalid JSON/);
  });

  test('bad options and commands are one-line errors; every command has --help', async () => {
    const dir = project(GOOD);
    expect(await run(dir, 'synth', '--bogus')).toMatchObject({ code: 1, err: 'error: berth synth: unknown option --bogus (see berth synth --help)' });
    expect(await run(dir, 'synth', '--target-version', '1.19')).toMatchObject({ code: 1, err: 'error: Kubernetes 1.19 is not supported: berth targets 1.20 to 1.34' });
    expect(await run(dir, 'synth', '--format', 'helm')).toMatchObject({ code: 1, err: 'error: --format must be yaml or terraform, not "helm"' });
    expect((await run(dir, 'frobnicate')).err).toMatch(/^error: unknown command "frobnicate"/);
    for (const cmd of ['synth', 'validate']) {
      const r = await run(dir, cmd, '--help');
      expect(r.code).toBe(0);
      expect(r.out).toContain(`Usage: berth ${cmd}`);
      expect(r.out).toContain('--target-version X.Y');
    }
    expect((await run(dir, '--help')).out).toContain('Commands:');
  });
});

describe('the berth binary (built, as a user runs it)', () => {
  beforeAll(() => {
    execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'ignore' });
  }, 120000);

  test('synthesizes the bundled example without loading cdktf', () => {
    const out = mkdtempSync(join(tmpdir(), 'berth-bin-'));
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'berth.js'), 'synth', '--out', out], {
      cwd: ROOT, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: `--require ${join(ROOT, 'test', 'unit', 'cli', 'report-modules.js')}` },
    });
    expect(r.stderr).not.toMatch(/^error/m);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Wrote 2 files to .*: \d+ objects in 1 app$/m);
    const loaded = readFileSync(join(out, '..', `${out.split('/').pop()}.modules`), 'utf8').split('\n');
    expect(loaded.some((m) => m.endsWith('/build/lib/cli/main.js'))).toBe(true); // the listing works
    expect(loaded.filter((m) => /node_modules\/(cdktf|@cdktf)\//.test(m))).toEqual([]);
  });

  test('exit code 1 and a one-line error for a bad target version', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'berth.js'), 'validate', '--target-version', 'banana'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('error: invalid Kubernetes version "banana": expected MAJOR.MINOR such as 1.29\n');
  });
});
