import { describeId, idKey, idOf } from '../../model/object';
import { Diagnostic, diagnostic } from '../diagnostic';
import { RuleContext } from './context';

/** Two objects with the same group, kind, namespace and name: one would silently overwrite the other. */
export function duplicatesRule(ctx: RuleContext): Diagnostic[] {
  const first = new Map<string, string>();
  const out: Diagnostic[] = [];
  for (const obj of ctx.objects) {
    const key = idKey(idOf(obj.manifest));
    const seen = first.get(key);
    if (seen === undefined) first.set(key, obj.source);
    else out.push(diagnostic('error', obj, 'metadata.name', 'duplicate', `${describeId(idOf(obj.manifest))} is also defined by ${seen}`));
  }
  return out;
}
