/**
 * `berth plan` end to end against the real cluster: output formats, exit codes, saved plans, errors in one line,
 * and no secret value in anything it prints or writes.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Ajv } from 'ajv';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { main } from '../../../lib/cli/main';
import { Output } from '../../../lib/cli/output';
import { loadApp } from '../../../lib/cli/load-app';
import { KubeClient } from '../../../lib/cluster/client';
import { Plan } from '../../../lib/engine/plan-types';
import { adminKube } from '../../harness/cluster';
import { testNamespace } from '../../harness/namespace';
import { V1_20, applyLikeBerth, berthClient } from './helpers';

const ns = testNamespace('plan-cli');
const PLAINTEXT = 'cli-secret-Zq8-plaintext-value';
const ROTATED = 'cli-rotated-Zq8-plaintext-value';
const schema = JSON.parse(readFileSync(join(__dirname, '../../../schemas/plan.schema.json'), 'utf8'));
const validatePlan = new Ajv({ allErrors: true }).compile(schema);
let client: KubeClient;

beforeAll(async () => {
  client = await berthClient();
});
afterAll(() => client?.close());

interface Run { code: number; out: string; err: string }

async function berth(cwd: string, ...args: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Output = { out: (l) => out.push(l), err: (l) => err.push(l) };
  const code = await main(['plan', '--target-version', '1.20', ...args], cwd, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** A project whose stack has a Deployment, a ConfigMap and a Secret holding `secret` (`empty`: the application only). */
function project(app: string, opts: { secret: string; image?: string; secretSize?: number; empty?: boolean }): string {
  const dir = mkdtempSync(join(tmpdir(), 'berth-plan-'));
  mkdirSync(join(dir, 'stacks'));
  const value = opts.secretSize ? `${JSON.stringify(opts.secret)}.repeat(${Math.ceil(opts.secretSize / opts.secret.length)})` : JSON.stringify(opts.secret);
  const objects = `
const creds = new Secret(a, '${app}-creds', { stringData: { PASSWORD: ${value} } });
new ConfigMap(a, '${app}-config', { data: { MODE: 'fast' } });
new Deployment(a, '${app}-web', {
  replicas: 1,
  containers: [{ image: ${JSON.stringify(opts.image ?? 'example/web:1.0')}, env: { PASSWORD: EnvValue.fromSecret(creds, 'PASSWORD') } }],
});`;
  writeFileSync(join(dir, 'stacks', 'main.ts'), `
import { App, Application, ConfigMap, Deployment, EnvValue, Secret } from 'berth';
const app = new App();
const a = new Application(app, ${JSON.stringify(app)}, { namespace: ${JSON.stringify(ns.name)}, createNamespace: false });
${opts.empty ? '' : objects}
export default app;
`);
  return dir;
}

async function applyProject(dir: string): Promise<void> {
  await applyLikeBerth(client, loadApp('stacks/main.ts', dir).toObjects({ targetVersion: V1_20 }));
}

function expectNoSecret(...texts: string[]): void {
  for (const t of texts) {
    for (const v of [PLAINTEXT, ROTATED]) {
      expect(t).not.toContain(v);
      expect(t).not.toContain(Buffer.from(v).toString('base64'));
    }
  }
}

describe('berth plan (CLI)', () => {
  it('prints a text plan and exits 2 with --detailed-exitcode when there are changes', async () => {
    const dir = project('fresh', { secret: PLAINTEXT });
    const r = await berth(dir, '--detailed-exitcode');
    expect(r.code).toBe(2);
    expect(r.out).toContain('  + Secret/' + ns.name + '/fresh-creds  (from fresh/fresh-creds)');
    expect(r.out.split('\n').pop()).toBe('Plan: 3 to add, 0 to change, 0 to replace, 0 to destroy.');
    expect(r.out).not.toContain('\u001b['); // not a terminal: no colours
    expectNoSecret(r.out, r.err);
  });

  it('exits 0 with "No changes." right after an apply, and saves a schema-valid plan with live resourceVersions', async () => {
    const dir = project('saved', { secret: PLAINTEXT });
    await applyProject(dir);
    const r = await berth(dir, '--detailed-exitcode', '--out', 'plan.json', '--stats');
    expect(r.code).toBe(0);
    expect(r.out.split('\n').pop()).toBe('No changes. 3 objects match the cluster.');
    expect(r.err).toMatch(/^stats: \d+ API requests, \d+ ms$/m);
    const saved = JSON.parse(readFileSync(join(dir, 'plan.json'), 'utf8')) as Plan;
    expect(validatePlan(saved)).toBe(true);
    const live = await adminKube().get(`/api/v1/namespaces/${ns.name}/configmaps/saved-config`);
    const entry = saved.changes.find((c) => c.id.name === 'saved-config')!;
    expect(entry.live).toEqual({ resourceVersion: live.body.metadata.resourceVersion, uid: live.body.metadata.uid });
    expect(saved.secrets?.digest).toMatch(/^[0-9a-f]{64}$/);
    expectNoSecret(readFileSync(join(dir, 'plan.json'), 'utf8'), r.out, r.err);
  });

  it('shows a rotated secret by key only, in every output format and the saved plan', async () => {
    const dir = project('rotate', { secret: PLAINTEXT });
    await applyProject(dir);
    const rotated = project('rotate', { secret: ROTATED, image: 'example/web:1.1' });
    const text = await berth(rotated, '--detailed-exitcode');
    expect(text.code).toBe(2);
    expect(text.out).toContain('      ~ data.PASSWORD: (sensitive value changed)');
    expect(text.out).toContain('.image: "example/web:1.0" -> "example/web:1.1"');
    const json = await berth(rotated, '--output', 'json', '--out', 'saved.json');
    const plan = JSON.parse(json.out) as Plan;
    expect(validatePlan(plan)).toBe(true);
    expect(plan.changes.find((c) => c.id.kind === 'Secret')!.fields).toEqual([{ path: 'data.PASSWORD', op: 'change', sensitive: true }]);
    const md = await berth(rotated, '--output', 'markdown');
    expect(md.out).toContain('! data.PASSWORD: (sensitive value changed)');
    expect(md.out.split('\n')[0]).toBe('### berth plan: Plan: 0 to add, 2 to change, 0 to replace, 0 to destroy.');
    expectNoSecret(text.out, text.err, json.out, json.err, md.out, md.err, readFileSync(join(rotated, 'saved.json'), 'utf8'));
  });

  it('shows the deletes of an application that renders nothing, as apply would plan them, with a warning', async () => {
    const dir = project('emptied', { secret: PLAINTEXT });
    await applyProject(dir);
    const r = await berth(project('emptied', { secret: PLAINTEXT, empty: true }), '--detailed-exitcode');
    expect(r.code).toBe(2);
    for (const name of ['emptied-creds', 'emptied-config', 'emptied-web']) expect(r.out).toMatch(new RegExp(`^  - \\S+/${ns.name}/${name}`, 'm'));
    expect(r.err).toContain('warning: application emptied renders no objects: this plan deletes all 3 of its objects, which berth apply refuses without --allow-empty');
  });

  it('rejects an unknown output format', async () => {
    const r = await berth(project('format', { secret: PLAINTEXT }), '--output', 'yaml');
    expect(r).toMatchObject({ code: 1, err: 'error: --output must be one of text, json, markdown, not "yaml"' });
  });
});

describe('berth plan errors: one line, exit 1, no secret', () => {
  it('names an unreachable cluster', async () => {
    const dir = project('unreachable', { secret: PLAINTEXT });
    const config = parseYaml(readFileSync(process.env.KUBECONFIG!, 'utf8'));
    config.clusters[0].cluster.server = 'https://127.0.0.1:1';
    writeFileSync(join(dir, 'kubeconfig'), toYaml(config));
    const r = await berth(dir, '--kubeconfig', 'kubeconfig', '--detailed-exitcode');
    expect(r.code).toBe(1);
    expect(r.err).toBe('error: cannot reach the cluster at https://127.0.0.1:1 (ECONNREFUSED) to get version');
    expect(r.out).toBe('');
    expectNoSecret(r.err);
  });

  it('names the verb and resource RBAC forbids', async () => {
    const dir = project('forbidden', { secret: PLAINTEXT });
    const r = await berth(dir, '--kubeconfig', process.env.BERTH_TEST_KUBECONFIG_LIMITED!);
    expect(r.code).toBe(1);
    expect(r.err.split('\n')).toHaveLength(1);
    expect(r.err).toMatch(new RegExp(`^error: forbidden: not allowed to list (secrets|configmaps|deployments\\.apps) in namespace ${ns.name} \\(.*cannot list resource`));
    expectNoSecret(r.err, r.out);
  });

  it('names the object and the server\'s reason when the server rejects a desired object', async () => {
    const dir = project('toobig', { secret: PLAINTEXT });
    await applyProject(dir);
    const r = await berth(project('toobig', { secret: ROTATED, secretSize: 1100 * 1024 }));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(new RegExp(`^error: Secret/${ns.name}/toobig-creds \\(toobig/toobig-creds\\): rejected by the API server: apply \\(dry run\\) secrets toobig-creds in namespace ${ns.name}: .*Too long`));
    expectNoSecret(r.err, r.out);
  });
});
