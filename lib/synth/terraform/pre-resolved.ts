/**
 * Parts of a resource body that cdktf passes through its synthesis untouched.
 *
 * Why: cdktf 0.21's TerraformStack.toTerraform resolves every value of every element three times (a preparing
 * pass, each element's fragment, then the merged document), building a fresh copy and running several token
 * regexes per key and string. For 5000 resources that was ~6 s of an ~8 s synth (CPU profile). berth's bodies hold no cdktf
 * tokens (references are plain `${...}` strings), so those passes cannot change them.
 *
 * How: a pre-resolved value is a shallow copy of the JSON object (same own keys, so anything that walks it with
 * Object.keys, JSON.stringify or cdktf's Testing.synth sees the same object) whose prototype makes cdktf leave it
 * alone. It relies on cdktf 0.21.0 internals (the final release; test/unit/terraform/cdktf-synthesis.test.ts
 * pins them):
 * - `resolve` returns any `instanceof Date` value as it is, without descending into it;
 * - `deepMerge` keeps a value with a `resolve()` method (an IResolvable) by reference instead of copying it;
 * - JSON writers call `toJSON()`; returning the value itself writes its own keys (Date's toJSON would throw).
 */
import { JsonObject } from './mapping';

const PRE_RESOLVED: object = Object.create(Date.prototype, {
  resolve: { value: function resolve(this: object) { return this; } },
  toJSON: { value: function toJSON(this: object) { return this; } },
  /** cdktf prints this when resolving a token fails; nothing here can fail. */
  creationStack: { value: [] },
});

export function preResolved<T extends JsonObject>(json: T): T {
  return Object.assign(Object.create(PRE_RESOLVED) as T, json);
}

export function isPreResolved(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === PRE_RESOLVED;
}
