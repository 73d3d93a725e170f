/** Runs scripts/test-cluster.sh from jest's global setup/teardown, streaming its progress to stderr. */
import { spawn } from 'child_process';
import * as path from 'path';

export const clusterScript = path.resolve(__dirname, '..', '..', 'scripts', 'test-cluster.sh');

export interface ScriptResult {
  readonly code: number;
  readonly stdout: string;
}

/** stderr (install/build progress) goes straight to the terminal so a cold build is never silent. */
export function runClusterScript(command: 'start' | 'stop' | 'status'): Promise<ScriptResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [clusterScript, command], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout }));
  });
}

/** The `KUBECONFIG=<path>` that start and status print as their last line. */
export function kubeconfigFrom(stdout: string): string | undefined {
  const last = stdout.trimEnd().split('\n').pop() ?? '';
  return last.startsWith('KUBECONFIG=') ? last.slice('KUBECONFIG='.length) : undefined;
}

export const limitedKubeconfigOf = (kubeconfig: string) => path.join(path.dirname(kubeconfig), 'kubeconfig-limited');
