/** Wording shared by the renderers: symbols, verbs, values, the summary line. Never prints secret values. */
import { Json, describeId } from '../../model/object';
import { Action, FieldChange, ObjectChange, Plan } from '../plan-types';

export const SYMBOL: Record<Action, string> = { create: '+', update: '~', replace: '-/+', delete: '-', unchanged: ' ' };
export const VERB: Record<Action, string> = { create: 'create', update: 'update', replace: 'replace', delete: 'delete', unchanged: 'unchanged' };
export const FIELD_SYMBOL: Record<FieldChange['op'], string> = { add: '+', change: '~', remove: '-' };

export function formatValue(v: Json | undefined): string {
  return v === undefined ? '(none)' : JSON.stringify(v);
}

/** `~ spec.replicas: 5 -> 3`, `~ data.PASSWORD: (sensitive value changed)`. */
export function describeField(f: FieldChange): string {
  if (f.sensitive) {
    const what = f.op === 'change' ? '(sensitive value changed)' : '(sensitive value)';
    return `${f.path}: ${what}`;
  }
  switch (f.op) {
    case 'add': return `${f.path}: ${formatValue(f.after)}`;
    case 'remove': return `${f.path}: ${formatValue(f.before)}`;
    default: return `${f.path}: ${formatValue(f.before)} -> ${formatValue(f.after)}`;
  }
}

export function driftNote(f: FieldChange): string {
  return f.driftManager ? `drift: changed in the cluster by ${f.driftManager}` : '';
}

export function objectTitle(c: ObjectChange): string {
  return describeId(c.id);
}

export function visibleChanges(plan: Plan): ObjectChange[] {
  return plan.changes.filter((c) => c.action !== 'unchanged');
}

export function adoptedCount(plan: Plan): number {
  return plan.changes.filter((c) => c.action === 'unchanged' && c.adopt).length;
}

/** `Plan: 3 to add, 1 to change, 1 to replace, 0 to destroy.` or `No changes. ...` */
export function summaryLine(plan: Plan): string {
  const s = plan.summary;
  if (s.create + s.update + s.replace + s.delete === 0) {
    return `No changes. ${s.unchanged} object${s.unchanged === 1 ? '' : 's'} match the cluster.`;
  }
  return `Plan: ${s.create} to add, ${s.update} to change, ${s.replace} to replace, ${s.delete} to destroy.`;
}

export function adoptionLine(plan: Plan): string | undefined {
  const n = adoptedCount(plan);
  if (!n) return undefined;
  return `${n} unchanged object${n === 1 ? '' : 's'} ${n === 1 ? 'is' : 'are'} not in berth's inventory yet (applied by another tool): apply adds berth's inventory label to ${n === 1 ? 'it' : 'them'}, nothing else.`;
}

export function headerLine(plan: Plan): string {
  return `berth plan: cluster ${plan.server} (${plan.serverVersion}), objects rendered for Kubernetes ${plan.targetVersion}, apps: ${plan.apps.join(', ') || '(none)'}`;
}
