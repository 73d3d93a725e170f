/** The plan as Markdown for pull-request comments: a summary, then one collapsible section per changed object. */
import { FieldChange, ObjectChange, Plan } from '../plan-types';
import { FIELD_SYMBOL, SYMBOL, VERB, adoptionLine, describeField, driftNote, objectTitle, summaryLine, visibleChanges } from './describe';

export function renderMarkdown(plan: Plan): string {
  const out: string[] = [
    `### berth plan: ${escapeText(summaryLine(plan))}`,
    '',
    `Cluster \`${escapeCode(plan.server)}\` (${escapeText(plan.serverVersion)}), objects rendered for Kubernetes ${escapeText(plan.targetVersion)}, apps: ${escapeText(plan.apps.join(', ') || '(none)')}.`,
    '',
  ];
  const adoption = adoptionLine(plan);
  if (adoption) out.push(escapeText(adoption), '');
  for (const c of visibleChanges(plan)) out.push(...section(c));
  return out.join('\n') + '\n';
}

function section(c: ObjectChange): string[] {
  const summary = `<code>${SYMBOL[c.action]}</code> ${VERB[c.action]} <code>${escapeHtml(objectTitle(c))}</code>`;
  const lines = [`<details><summary>${summary}</summary>`, ''];
  lines.push(c.source === 'inventory' ? 'No longer in the stacks (recorded in berth\'s inventory).' : `From \`${escapeCode(c.source)}\`.`);
  if (c.replaceReason) lines.push('', `Replaced because ${escapeText(c.replaceReason)}.`);
  if (c.fields.length) lines.push('', ...fenced(c.fields.map(fieldLine)));
  lines.push('', '</details>', '');
  return lines;
}

/** A `diff` code block, so GitHub colours + and - lines. */
function fieldLine(f: FieldChange): string {
  const drift = driftNote(f);
  const symbol = f.op === 'change' ? '!' : FIELD_SYMBOL[f.op];
  return `${symbol} ${describeField(f)}${drift ? `  (${drift})` : ''}`;
}

/** A fence longer than any backtick run inside, so values cannot end the block. */
function fenced(lines: readonly string[]): string[] {
  const longest = Math.max(2, ...lines.map((l) => Math.max(0, ...(l.match(/`+/g) ?? []).map((r) => r.length))));
  const fence = '`'.repeat(longest + 1);
  return [`${fence}diff`, ...lines, fence];
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeText(s: string): string {
  return escapeHtml(s).replace(/([\\`*_[\]|])/g, '\\$1');
}

function escapeCode(s: string): string {
  return s.replace(/`/g, "'");
}
