/**
 * Who set a live field, from the object's managedFields: a field berth wants to change that another manager
 * (`kubectl-edit`, `kubectl-scale`, a controller) wrote since berth's last apply is drift.
 */
import { Manifest } from '../model/object';
import { FieldKey, FieldsV1, decodeFieldKey } from './fields-v1';
import { PathSegment, formatPath } from './path';

interface ManagedFieldsEntry {
  manager?: string;
  operation?: string;
  apiVersion?: string;
  fieldsType?: string;
  fieldsV1?: FieldsV1;
  subresource?: string;
}

export function managedFieldsOf(live: Manifest): ManagedFieldsEntry[] {
  return (live.metadata.managedFields ?? []) as ManagedFieldsEntry[];
}

/** The fields `manager` set with server-side apply (not status), or undefined if it never applied this object. */
export function appliedFields(live: Manifest, manager: string): { apiVersion?: string; fields: FieldsV1 } | undefined {
  const e = managedFieldsOf(live).find((m) => m.manager === manager && m.operation === 'Apply' && !m.subresource);
  return e && { apiVersion: e.apiVersion, fields: e.fieldsV1 ?? {} };
}

/** Owners of each owned field, by formatted path. */
export class FieldOwners {
  private readonly owners = new Map<string, string[]>();
  readonly managers: ReadonlySet<string>;

  constructor(live: Manifest) {
    const managers = new Set<string>();
    for (const e of managedFieldsOf(live)) {
      if (!e.manager || e.subresource === 'status') continue;
      managers.add(e.manager);
      this.collect(e.fieldsV1 ?? {}, [], e.manager);
    }
    this.managers = managers;
  }

  /** The manager other than `self` that owns the field at `path` (or the nearest owned field above it). */
  driftManager(path: readonly PathSegment[], self: string): string | undefined {
    if (!this.managers.has(self)) return undefined; // never applied by berth: nothing to drift from
    for (let n = path.length; n > 0; n--) {
      const owners = this.owners.get(formatPath(path.slice(0, n)));
      if (!owners) continue;
      return owners.includes(self) ? undefined : owners[0];
    }
    return undefined;
  }

  private collect(node: FieldsV1, path: PathSegment[], manager: string): void {
    const keys = Object.keys(node);
    if (!keys.length || keys.includes('.')) this.add(formatPath(path), manager);
    for (const key of keys) {
      const k = decodeFieldKey(key);
      const seg = segmentOf(k);
      if (seg !== undefined) this.collect(node[key], [...path, seg], manager);
      else if (k.type === 'value') this.add(formatPath(path), manager);
    }
  }

  private add(path: string, manager: string): void {
    const list = this.owners.get(path);
    if (!list) this.owners.set(path, [manager]);
    else if (!list.includes(manager)) list.push(manager);
  }
}

function segmentOf(k: FieldKey): PathSegment | undefined {
  switch (k.type) {
    case 'field': return k.name;
    case 'key': return Object.fromEntries(Object.keys(k.key).sort().map((f) => [f, k.key[f]]));
    case 'index': return k.index;
    default: return undefined; // `v:` set items and `.`: the list itself stands for them
  }
}
