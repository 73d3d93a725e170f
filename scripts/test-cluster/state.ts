/** The state file of a running test cluster: what was started, by PID, and where it listens. */
import * as fs from 'fs';
import type { Ports } from './components';
import type { TrackedProcess } from './processes';

export interface ClusterState {
  readonly version: string;
  readonly startedAt: string;
  readonly server: string;
  readonly kubeconfig: string;
  readonly ports: Ports;
  readonly processes: TrackedProcess[];
}

export function readState(file: string): ClusterState | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err: any) {
    if (err.code === 'ENOENT') return undefined;
    throw new Error(`unreadable state file ${file}: ${err.message}`);
  }
}

/** Written after every started process, so a start that dies halfway still leaves a complete list to stop. */
export function writeState(file: string, state: ClusterState): void {
  fs.writeFileSync(file + '.tmp', JSON.stringify(state, null, 2));
  fs.renameSync(file + '.tmp', file);
}
