/** Readiness rules by kind, as data. Kinds without a rule are ready once applied. */
import { Manifest } from '../../model/object';
import { daemonSetReadiness } from './daemon-set';
import { deploymentReadiness } from './deployment';
import { jobReadiness } from './job';
import { crdReadiness, namespaceReadiness, pvcReadiness, resourceQuotaReadiness } from './simple';
import { statefulSetReadiness } from './stateful-set';
import { Observed, Readiness, ReadinessOptions, ReadinessRule } from './types';

export * from './types';

interface KindRule {
  readonly rule: ReadinessRule;
  /** What the rule needs besides the object, listed per namespace. */
  readonly needs: readonly ('pods' | 'replicaSets')[];
}

export const READINESS_RULES: Readonly<Record<string, KindRule>> = {
  Deployment: { rule: deploymentReadiness, needs: ['pods', 'replicaSets'] },
  StatefulSet: { rule: statefulSetReadiness, needs: ['pods'] },
  DaemonSet: { rule: daemonSetReadiness, needs: ['pods'] },
  Job: { rule: jobReadiness, needs: ['pods'] },
  CustomResourceDefinition: { rule: crdReadiness, needs: [] },
  Namespace: { rule: namespaceReadiness, needs: [] },
  ResourceQuota: { rule: resourceQuotaReadiness, needs: [] },
  PersistentVolumeClaim: { rule: pvcReadiness, needs: [] },
};

/** Kinds whose readiness later waves rely on even without declared dependencies (see apply.ts). */
export const GATING_KINDS: readonly string[] = ['Namespace', 'CustomResourceDefinition', 'ResourceQuota'];

export function hasReadinessRule(kind: string): boolean {
  return kind in READINESS_RULES;
}

export function readinessOf(observed: Observed, options: ReadinessOptions = {}): Readiness {
  const entry = READINESS_RULES[observed.object.kind];
  return entry ? entry.rule(observed, options) : { state: 'ready', message: 'applied' };
}

export function needsOf(kind: string): readonly ('pods' | 'replicaSets')[] {
  return READINESS_RULES[kind]?.needs ?? [];
}

export type { Manifest };
