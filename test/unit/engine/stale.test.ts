import { secretsDigest } from '../../../lib/engine/digest';
import { Plan } from '../../../lib/engine/plan-types';
import { planDifferences } from '../../../lib/engine/stale';
import { Manifest } from '../../../lib/model/object';

const secret = (password: string): Manifest => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'shop' }, stringData: { PASSWORD: password } });
const configMap: Manifest = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'shop' }, data: { A: '1' } };

/** A plan of no changes; `desired` only sets its secrets digest (as `berth plan --out` saves it). */
function planOf(desired: readonly Manifest[], withDigest: boolean): Plan {
  const secrets = withDigest ? secretsDigest(desired) : undefined;
  return {
    formatVersion: 1, server: 'https://127.0.0.1:6443', serverVersion: 'v1.20.2', targetVersion: '1.20', apps: ['shop'], changes: [],
    summary: { create: 0, update: 0, replace: 0, delete: 0, unchanged: 0 },
    ...(secrets ? { secrets } : {}),
  };
}

describe('planDifferences: secret values, checked through the saved plan\'s salted digest', () => {
  // apply plans without a digest of its own (secretsDigest: false): the saved plan's salt is what counts.
  it('accepts the same secret values', () => {
    const desired = [configMap, secret('s3cret')];
    expect(planDifferences(planOf(desired, true), planOf(desired, false), desired)).toEqual([]);
  });

  it('refuses a changed secret value, without naming it', () => {
    const differences = planDifferences(planOf([configMap, secret('s3cret')], true), planOf([], false), [configMap, secret('changed')]);
    expect(differences).toEqual(['secret values differ from the ones the plan was made with']);
    expect(differences.join()).not.toMatch(/s3cret|changed/);
  });

  it('refuses a Secret that appeared or disappeared since the plan', () => {
    expect(planDifferences(planOf([configMap], true), planOf([], false), [configMap, secret('new')])).toEqual(['secret values differ from the ones the plan was made with']);
    expect(planDifferences(planOf([configMap, secret('old')], true), planOf([], false), [configMap])).toEqual(['secret values differ from the ones the plan was made with']);
  });

  it('accepts a plan without Secrets when there are still none', () => {
    expect(planDifferences(planOf([configMap], true), planOf([configMap], false), [configMap])).toEqual([]);
  });
});
