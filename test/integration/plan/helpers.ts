/** Shared by the plan integration tests: a berth client for the test cluster, and "what berth apply does". */
import { execFileSync } from 'child_process';
import { KubeClient } from '../../../lib/cluster/client';
import { App, Application } from '../../../lib/constructs';
import { appRefsOf } from '../../../lib/engine/apps';
import { InventoryRef, inventoryParent, withMembership } from '../../../lib/engine/inventory';
import { PlanResult, computePlan } from '../../../lib/engine/plan';
import { BerthObject, Manifest } from '../../../lib/model/object';
import { KubeVersion } from '../../../lib/model/version';

export const V1_20: KubeVersion = { major: 1, minor: 20 };

export function berthClient(kubeconfig = process.env.KUBECONFIG): Promise<KubeClient> {
  return KubeClient.connect({ kubeconfig, discoveryCacheDir: '' });
}

/** An App with one Application living in the test's namespace (which the harness created). */
export function appIn(namespace: string, name: string): { app: App; application: Application } {
  const app = new App();
  return { app, application: new Application(app, name, { namespace, createNamespace: false }) };
}

export function plan(client: KubeClient, objects: readonly BerthObject[]): Promise<PlanResult> {
  return computePlan(client, objects, { targetVersion: V1_20 });
}

/**
 * What `berth apply` does (the contract with the apply engine): server-side apply of each desired object with its
 * membership label, field manager `berth`, force; then the inventory parent listing the members' kinds.
 */
export async function applyLikeBerth(client: KubeClient, objects: readonly BerthObject[]): Promise<void> {
  const refs = appRefsOf(objects);
  for (const ref of refs) {
    const mine = objects.filter((o) => o.app === ref.app).map((o) => withMembership(o.manifest, ref));
    for (const m of mine) await client.apply(m, { fieldManager: 'berth', force: true });
    await client.apply(inventoryParent(ref, mine), { fieldManager: 'berth', force: true });
  }
}

export function refOf(objects: readonly BerthObject[]): InventoryRef {
  return appRefsOf(objects)[0];
}

/** A copy of `objects` with one manifest changed. */
export function edit(objects: readonly BerthObject[], kind: string, name: string, change: (m: Manifest) => void): BerthObject[] {
  return objects.map((o) => {
    if (o.manifest.kind !== kind || o.manifest.metadata.name !== name) return o;
    const manifest = structuredClone(o.manifest);
    change(manifest);
    return { ...o, manifest };
  });
}

/** kubectl against the test cluster; fails clearly when it is not installed. */
export function kubectl(...args: string[]): string {
  return kubectlWithInput(undefined, ...args);
}

/** kubectl reading `input` on stdin (`-f -`). */
export function kubectlWithInput(input: string | undefined, ...args: string[]): string {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'pipe' });
  } catch {
    throw new Error('kubectl is not installed: these tests need kubectl >= 1.20 on PATH (e.g. apt-get install kubernetes-client)');
  }
  return execFileSync('kubectl', ['--kubeconfig', process.env.KUBECONFIG!, ...args], { input, stdio: 'pipe', encoding: 'utf8' });
}
