import { readFileSync } from 'fs';
import { Construct } from 'constructs';
import { Manifest } from '../model/object';
import { CLUSTER_SCOPED_KINDS } from '../model/scope';
import { ManifestSource } from './app';
import { Application } from './application';

export interface IncludeProps {
  /** A YAML file of one or more documents. */
  readonly file?: string;
  /** YAML text, instead of a file. */
  readonly yaml?: string;
}

/** Thrown for unreadable or invalid included YAML; says which file, line and column. */
export class IncludeError extends Error {}

/**
 * Brings existing YAML manifests in as objects of the application: they are validated, labelled,
 * planned, applied and pruned like berth's own. Namespaced objects without a namespace get the application's.
 */
export class Include extends Construct implements ManifestSource {
  private readonly manifests: Manifest[];

  constructor(scope: Construct, id: string, props: IncludeProps) {
    super(scope, id);
    if ((props.file === undefined) === (props.yaml === undefined)) {
      throw new IncludeError(`${this.node.path}: give exactly one of file or yaml`);
    }
    const where = props.file ?? `${this.node.path} (inline yaml)`;
    let text: string;
    try {
      text = props.yaml ?? readFileSync(props.file!, 'utf8');
    } catch (e) {
      throw new IncludeError(`${where}: cannot read: ${(e as Error).message}`);
    }
    this.manifests = parseManifests(text, where);
  }

  renderManifests(): Manifest[] {
    const namespace = Application.of(this).namespace;
    const clusterScopedCustomKinds = new Set(this.manifests
      .filter((m) => m.kind === 'CustomResourceDefinition' && (m.spec as { scope?: string })?.scope === 'Cluster')
      .map((m) => (m.spec as { names?: { kind?: string } }).names?.kind));
    return this.manifests.map((m) => {
      const copy = JSON.parse(JSON.stringify(m)) as Manifest;
      const clusterScoped = CLUSTER_SCOPED_KINDS.has(copy.kind) || clusterScopedCustomKinds.has(copy.kind);
      if (!clusterScoped && !copy.metadata.namespace) copy.metadata.namespace = namespace;
      return copy;
    });
  }
}

function parseManifests(text: string, where: string): Manifest[] {
  const out: Manifest[] = [];
  // Loaded only when YAML is included: loading the `yaml` package takes ~0.1 s of every synth otherwise.
  const { parseAllDocuments } = require('yaml') as typeof import('yaml');
  const docs = parseAllDocuments(text, { prettyErrors: true });
  if (!Array.isArray(docs)) throw new IncludeError(`${where}: not a YAML stream`);
  docs.forEach((doc, i) => {
    const problem = doc.errors[0];
    if (problem) {
      const pos = problem.linePos?.[0];
      const at = pos ? `:${pos.line}:${pos.col}` : '';
      throw new IncludeError(`${where}${at}: invalid YAML: ${problem.message.split('\n')[0]}`);
    }
    const value = doc.toJS({ maxAliasCount: 100 }) as unknown;
    if (value === null || value === undefined) return; // empty document, e.g. a trailing `---`
    const line = doc.contents?.range ? lineOf(text, doc.contents.range[0]) : 0;
    const at = `${where}:${line} (document ${i + 1})`;
    if (typeof value !== 'object' || Array.isArray(value)) throw new IncludeError(`${at}: a manifest must be a mapping`);
    const m = value as Partial<Manifest>;
    for (const field of ['apiVersion', 'kind'] as const) {
      if (typeof m[field] !== 'string' || !m[field]) throw new IncludeError(`${at}: missing ${field}`);
    }
    if (typeof m.metadata !== 'object' || m.metadata === null || typeof m.metadata.name !== 'string' || !m.metadata.name) {
      throw new IncludeError(`${at}: ${m.kind} has no metadata.name`);
    }
    if (m.kind === 'List') throw new IncludeError(`${at}: kind List is not supported: write the items as separate documents`);
    out.push(m as Manifest);
  });
  return out;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
