/**
 * The Plan: what applying would change, object by object. Produced by the plan engine (lib/engine/plan.ts),
 * rendered as text/JSON/Markdown, saved with `berth plan --out`, and executed by the apply engine. A Plan never
 * holds secret values: sensitive fields are marked and shown as `(sensitive value)`.
 */
import { Json, ObjectId } from '../model/object';

export type Action = 'create' | 'update' | 'replace' | 'delete' | 'unchanged';

export interface FieldChange {
  /** Field path, e.g. `spec.replicas`, `spec.template.spec.containers[name=api].image`, `data.PASSWORD`. */
  readonly path: string;
  readonly op: 'add' | 'remove' | 'change';
  /** Old and new values; omitted (and `sensitive` set) for secret values. */
  readonly before?: Json;
  readonly after?: Json;
  readonly sensitive?: boolean;
  /** Set when the live value was written by another field manager (drift): its name, e.g. `kubectl-edit`. */
  readonly driftManager?: string;
}

export interface ObjectChange {
  readonly action: Action;
  readonly id: ObjectId;
  readonly apiVersion: string;
  /** Application the object belongs to. */
  readonly app: string;
  /** Construct path (desired objects) or `inventory` (objects to prune). */
  readonly source: string;
  /** Field changes for update/replace (empty for create/delete/unchanged). */
  readonly fields: readonly FieldChange[];
  /** Why the object must be replaced (immutable field), for `replace`. */
  readonly replaceReason?: string;
  /** The live object's resourceVersion and uid the change was computed against; null when absent. */
  readonly live: { readonly resourceVersion: string; readonly uid: string } | null;
  /**
   * The live object exists but is not yet in berth's inventory (e.g. applied with kubectl): applying adds the
   * inventory label and nothing else, so the object counts as unchanged. Apply must still apply it.
   */
  readonly adopt?: boolean;
  /** Desired objects: digest of the desired manifest with secret values masked (lib/engine/digest.ts). */
  readonly digest?: string;
}

export interface Plan {
  readonly formatVersion: 1;
  /** API server URL and reported version. */
  readonly server: string;
  readonly serverVersion: string;
  /** Kubernetes version the desired objects were rendered for. */
  readonly targetVersion: string;
  readonly apps: readonly string[];
  readonly changes: readonly ObjectChange[];
  readonly summary: { readonly create: number; readonly update: number; readonly replace: number; readonly delete: number; readonly unchanged: number };
  /** Digest of every secret value of the desired objects together (lib/engine/digest.ts); absent without Secrets. */
  readonly secrets?: { readonly algorithm: string; readonly salt: string; readonly digest: string };
}
