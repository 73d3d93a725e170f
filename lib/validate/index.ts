/**
 * Offline validation: JSON Schema (from the official Kubernetes OpenAPI spec) plus berth's cross-object rules.
 * Everything is reported together; callers write nothing and touch no cluster when any error exists.
 */
import { BerthObject, ObjectId } from '../model/object';
import { KubeVersion } from '../model/version';
import { Diagnostic } from './diagnostic';
import { Rule, ruleContext } from './rules/context';
import { duplicatesRule } from './rules/duplicates';
import { imagesRule } from './rules/images';
import { namesRule } from './rules/names';
import { quotaRule } from './rules/quota';
import { referencesRule } from './rules/references';
import { resourcesRule } from './rules/resources';
import { validateSchemas } from './schema';

export interface ValidationResult {
  readonly diagnostics: readonly Diagnostic[];
  /** Honest statements about coverage (e.g. which schema version was used). */
  readonly notices: readonly string[];
}

/** The cross-object rules, in the order their findings are listed. */
export const RULES: readonly Rule[] = [duplicatesRule, namesRule, imagesRule, resourcesRule, referencesRule, quotaRule];

export function validate(objects: readonly BerthObject[], targetVersion: KubeVersion, externals: readonly ObjectId[] = []): ValidationResult {
  const schema = validateSchemas(objects, targetVersion);
  const ctx = ruleContext(objects, externals);
  const diagnostics = [...schema.diagnostics, ...RULES.flatMap((rule) => rule(ctx))];
  return { diagnostics, notices: schema.notices };
}
