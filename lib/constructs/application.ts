import { Construct, IConstruct } from 'constructs';
import { App, APPLICATION_MARKER } from './app';
import { Defaults, ResolvedDefaults, resolveDefaults } from './defaults';
import { Namespace } from './namespace';

export interface ApplicationProps {
  /** Namespace of the application's objects. Default: the application's id. */
  readonly namespace?: string;
  /** Create the Namespace object. Default true; set false when the namespace is managed elsewhere. */
  readonly createNamespace?: boolean;
  /** Labels added to every object of the application. */
  readonly labels?: Record<string, string>;
  /** Defaults for this application's objects; they override the App's defaults. */
  readonly defaults?: Defaults;
}

/**
 * One application: a namespace, common labels and defaults. Its id names it (label
 * `app.kubernetes.io/part-of`); plan, apply and prune work per application.
 */
export class Application extends Construct {
  /** The Application a construct belongs to. */
  static of(c: IConstruct): Application {
    for (const scope of c.node.scopes.slice().reverse()) {
      if (scope instanceof Application) return scope;
    }
    throw new Error(`${c.node.path || '(root)'}: berth objects must be created inside an Application (new Application(app, 'name'))`);
  }

  readonly name: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  readonly defaults: ResolvedDefaults;
  /** The Namespace object, unless `createNamespace: false`. */
  readonly namespaceObject?: Namespace;

  constructor(scope: App, id: string, props: ApplicationProps = {}) {
    super(scope, id);
    Object.defineProperty(this, APPLICATION_MARKER, { value: id });
    this.name = id;
    this.namespace = props.namespace ?? id;
    this.labels = { ...(props.labels ?? {}) };
    this.defaults = resolveDefaults(scope.defaults, props.defaults);
    if (props.createNamespace ?? true) {
      this.namespaceObject = new Namespace(this, 'namespace', { name: this.namespace });
    }
  }

  get app(): App {
    return this.node.root as App;
  }

  /** A reference to an object of this application's namespace that is managed elsewhere (validation knows it). */
  external(kind: string, name: string, group = ''): { readonly kind: string; readonly name: string } {
    this.app.addExternal({ group, kind, namespace: this.namespace, name });
    return { kind, name };
  }
}
