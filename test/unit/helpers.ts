import { App, Application, ApplicationProps, AppProps, BerthObject, Manifest, KubeVersion } from 'berth';

/** A fresh App with one Application `shop` (no Namespace object unless asked). */
export function newApp(appProps: AppProps = {}, props: ApplicationProps = { createNamespace: false }): { app: App; shop: Application } {
  const app = new App(appProps);
  const shop = new Application(app, 'shop', props);
  return { app, shop };
}

export function objects(app: App, targetVersion?: KubeVersion): BerthObject[] {
  return app.toObjects({ targetVersion });
}

/** The one manifest of that kind and name; fails the test if there is not exactly one. */
export function find(app: App, kind: string, name: string, targetVersion?: KubeVersion): Manifest {
  const found = objects(app, targetVersion).filter((o) => o.manifest.kind === kind && o.manifest.metadata.name === name);
  if (found.length !== 1) throw new Error(`expected one ${kind}/${name}, found ${found.length}`);
  return found[0].manifest;
}

/** Reads a nested field by dotted path with [i] indexes, e.g. `spec.template.spec.containers[0].image`. */
export function at(value: unknown, path: string): any {
  let node: any = value;
  for (const part of path.replace(/\[(\d+)\]/g, '.$1').split('.')) node = node?.[part];
  return node;
}

/** A plain BerthObject for rule tests. */
export function obj(manifest: Manifest, source = 'test'): BerthObject {
  return { manifest, source, app: 'shop', dependsOn: [] };
}
