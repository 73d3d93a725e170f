import { Construct, IConstruct } from 'constructs';
import { BerthObject, Manifest, ObjectId, idOf } from '../model/object';
import { APP_NAME, MANAGED_BY, MANAGED_BY_VALUE, PART_OF } from '../model/labels';
import { DEFAULT_VERSION, KubeVersion } from '../model/version';
import { sortObjects } from '../model/order';
import { Defaults } from './defaults';

/** What a construct needs to know to render its manifests. */
export interface RenderContext {
  readonly targetVersion: KubeVersion;
}

/** A construct that produces Kubernetes objects. */
export interface ManifestSource extends IConstruct {
  renderManifests(ctx: RenderContext): Manifest[];
}

export function isManifestSource(c: IConstruct): c is ManifestSource {
  return typeof (c as Partial<ManifestSource>).renderManifests === 'function';
}

export interface AppProps {
  /** Defaults for every application in this App. Applications and objects can override them. */
  readonly defaults?: Defaults;
}

export interface ToObjectsOptions {
  /** Kubernetes version whose API versions to emit. Default: the newest version berth supports. */
  readonly targetVersion?: KubeVersion;
}

const APP_BRAND = Symbol.for('berth.App');

/** The root of a berth program: holds one or more `Application`s. */
export class App extends Construct {
  static isApp(x: unknown): x is App {
    return typeof x === 'object' && x !== null && (x as Record<symbol, unknown>)[APP_BRAND] === true;
  }

  readonly defaults?: Defaults;
  /** Objects referenced by name but managed elsewhere (e.g. `Secret.fromName`): id key -> id. */
  private readonly externals = new Map<string, ObjectId>();

  constructor(props: AppProps = {}) {
    super(undefined as unknown as Construct, '');
    Object.defineProperty(this, APP_BRAND, { value: true });
    this.defaults = props.defaults;
  }

  /** Records an object that berth references but does not manage; validation treats it as present. */
  addExternal(id: ObjectId): void {
    this.externals.set(`${id.group}/${id.kind}/${id.namespace ?? ''}/${id.name}`, id);
  }

  externalObjects(): ObjectId[] {
    return [...this.externals.values()];
  }

  /** Every object of every application, labelled, with dependencies resolved, in stable order. */
  toObjects(options: ToObjectsOptions = {}): BerthObject[] {
    const ctx: RenderContext = { targetVersion: options.targetVersion ?? DEFAULT_VERSION };
    const produced = new Map<IConstruct, Manifest[]>();
    for (const c of this.node.findAll()) {
      if (isManifestSource(c)) produced.set(c, c.renderManifests(ctx));
    }
    const objects: BerthObject[] = [];
    for (const [source, manifests] of produced) {
      const app = applicationNameOf(source);
      const dependsOn = dependencyIds(source, produced);
      for (const manifest of manifests) {
        objects.push({ manifest: withBerthLabels(manifest, app), source: source.node.path, app, dependsOn });
      }
    }
    return sortObjects(objects);
  }
}

/** Scopes that name an application (the Application construct) carry this marker. */
export const APPLICATION_MARKER = Symbol.for('berth.Application');

function applicationNameOf(c: IConstruct): string {
  for (const scope of c.node.scopes.slice().reverse()) {
    const name = (scope as unknown as Record<symbol, unknown>)[APPLICATION_MARKER];
    if (typeof name === 'string') return name;
  }
  throw new Error(`${c.node.path}: berth objects must be created inside an Application (new Application(app, 'name'))`);
}

/** Ids of the objects produced by the constructs `source` depends on (directly or through their children). */
function dependencyIds(source: IConstruct, produced: Map<IConstruct, Manifest[]>): ObjectId[] {
  const ids: ObjectId[] = [];
  for (const dep of source.node.dependencies) {
    for (const c of dep.node.findAll()) ids.push(...(produced.get(c) ?? []).map(idOf));
  }
  return ids;
}

/** Adds managed-by, part-of (the application) and name (unless set) to an object's labels. */
function withBerthLabels(manifest: Manifest, app: string): Manifest {
  const labels = {
    [APP_NAME]: manifest.metadata.name,
    ...manifest.metadata.labels,
    [PART_OF]: app,
    [MANAGED_BY]: MANAGED_BY_VALUE,
  };
  return { ...manifest, metadata: { ...manifest.metadata, labels } };
}
