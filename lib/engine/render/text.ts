/** The plan as text, like `terraform plan`: one line per changed object, its field changes below it. */
import { Action, FieldChange, ObjectChange, Plan } from '../plan-types';
import { FIELD_SYMBOL, SYMBOL, adoptionLine, describeField, driftNote, headerLine, objectTitle, summaryLine, visibleChanges } from './describe';

export interface TextOptions {
  /** ANSI colours (for a terminal). */
  readonly color: boolean;
}

const COLOR: Record<Action | FieldChange['op'], string> = {
  create: '32', add: '32', update: '33', change: '33', replace: '35', delete: '31', remove: '31', unchanged: '0',
};

export function renderText(plan: Plan, options: TextOptions): string {
  const paint = (code: string, s: string) => (options.color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const bold = (s: string) => paint('1', s);
  const lines: string[] = [headerLine(plan), ''];
  const changes = visibleChanges(plan);
  for (const c of changes) lines.push(...objectLines(c, paint));
  if (changes.length) lines.push('');
  const adoption = adoptionLine(plan);
  if (adoption) lines.push(adoption, '');
  lines.push(bold(summaryLine(plan)));
  return lines.join('\n') + '\n';
}

function objectLines(c: ObjectChange, paint: (code: string, s: string) => string): string[] {
  const notes = [c.source !== 'inventory' ? `from ${c.source}` : 'no longer in the stacks', c.replaceReason ? `replace: ${c.replaceReason}` : '']
    .filter(Boolean).join('; ');
  const head = `${paint(COLOR[c.action], SYMBOL[c.action].padStart(3))} ${objectTitle(c)}  (${notes})`;
  const fields = c.fields.map((f) => {
    const drift = driftNote(f);
    return `      ${paint(COLOR[f.op], FIELD_SYMBOL[f.op])} ${describeField(f)}${drift ? `  (${drift})` : ''}`;
  });
  return [head, ...fields];
}
