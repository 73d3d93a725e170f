/**
 * Apply tests run the real CLI (the built bin/berth.js) as a child process against the test cluster, on a small
 * stack program written per test file: one application in the test's namespace, shaped by environment variables.
 */
import { spawn } from 'child_process';
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';

export const repo = resolve(__dirname, '../../..');

/**
 * A stack: ConfigMap + Deployment `web` (+ Service unless T_NO_SERVICE), optional quota and Secret (T_SECRET); image from T_IMAGE; pods
 * become ready T_READY_DELAY seconds after starting (the simulated kubelet honours up to 5 s).
 */
export function writeStack(): string {
  const dir = mkdtempSync(join(tmpdir(), 'berth-apply-'));
  const file = join(dir, 'stack.ts');
  writeFileSync(file, `
import { App, Application, ConfigMap, Deployment, Probe, ResourceQuota, Secret } from ${JSON.stringify(join(repo, 'build/lib/index.js'))};
const env = process.env;
const app = new App();
const demo = new Application(app, env.T_APP!, { namespace: env.T_NS!, createNamespace: false });
if (env.T_QUOTA) new ResourceQuota(demo, 'quota', { hard: { configmaps: env.T_QUOTA } });
const extra = Number(env.T_EXTRA_CONFIGMAPS ?? '0');
for (let i = 0; i < extra; i++) new ConfigMap(demo, 'extra-' + i, { data: { i: String(i) } });
new ConfigMap(demo, 'settings', { data: { GREETING: env.T_GREETING ?? 'hello' } });
if (env.T_SECRET) new Secret(demo, 'creds', { stringData: { TOKEN: env.T_SECRET } });
const web = new Deployment(demo, 'web', {
  replicas: 2,
  progressDeadlineSeconds: Number(env.T_DEADLINE ?? '8'),
  containers: [{ image: env.T_IMAGE ?? 'registry.example/web:1', port: 8080, readiness: Probe.tcp({ initialDelaySeconds: Number(env.T_READY_DELAY ?? '0') }), resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '50m', memory: '32Mi' } } }],
});
if (!env.T_NO_SERVICE) web.exposeViaService({ ports: [{ port: 80, targetPort: 8080, name: 'http' }] });
export default app;
`);
  return file;
}

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly env?: Record<string, string>;
  /** Called with each chunk of stderr; return true to SIGKILL the process. */
  readonly killWhen?: (stderrSoFar: string) => boolean;
}

export function berth(args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [join(repo, 'bin/berth.js'), ...args], {
      env: { ...process.env, CI: 'true', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
      if (options.killWhen?.(stderr)) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolvePromise({ code, signal, stdout, stderr }));
  });
}
