import { Construct, IConstruct } from 'constructs';
import { Json, Manifest, ObjectMeta } from '../model/object';
import { apiVersionFor } from '../model/version';
import { ManifestSource, RenderContext } from './app';
import { Application } from './application';

export interface ResourceProps {
  /** metadata.name. Default: the construct id. */
  readonly name?: string;
  /** Labels of this object (the application's labels and berth's own are added). */
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
}

/** Anything that names one Kubernetes object, managed by berth or not. */
export interface ObjectRef {
  readonly kind: string;
  readonly name: string;
}

/** Base of every construct that emits exactly one built-in Kubernetes object. */
export abstract class Resource extends Construct implements ManifestSource, ObjectRef {
  abstract readonly kind: string;
  readonly name: string;
  readonly application: Application;
  protected readonly props: ResourceProps;

  constructor(scope: Construct, id: string, props: ResourceProps = {}) {
    super(scope, id);
    this.application = Application.of(this);
    this.name = props.name ?? id;
    this.props = props;
  }

  /** Namespaced kinds live in the application's namespace. */
  get namespace(): string | undefined {
    return this.application.namespace;
  }

  /** Apply `others` (and wait for them to be healthy) before this object. */
  dependOn(...others: IConstruct[]): this {
    this.node.addDependency(...others);
    return this;
  }

  /** Everything but apiVersion, kind and metadata. */
  protected abstract body(ctx: RenderContext): { [field: string]: Json };

  renderManifests(ctx: RenderContext): Manifest[] {
    const metadata: ObjectMeta = { name: this.name };
    if (this.namespace !== undefined) metadata.namespace = this.namespace;
    const labels = { ...this.application.labels, ...this.props.labels };
    if (Object.keys(labels).length) metadata.labels = labels;
    if (this.props.annotations && Object.keys(this.props.annotations).length) {
      metadata.annotations = { ...this.props.annotations };
    }
    return [{ apiVersion: apiVersionFor(this.kind, ctx.targetVersion), kind: this.kind, metadata, ...this.body(ctx) }];
  }
}
