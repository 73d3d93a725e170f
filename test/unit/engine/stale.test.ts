import { secretsDigest } from '../../../lib/engine/digest';
import { Plan } from '../../../lib/engine/plan-types';
import { planDifferences } from '../../../lib/engine/stale';
import { Manifest } from '../../../lib/model/object';

const secret = (password: string): Manifest => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'shop' }, stringData: { PASSWORD: password } });
const configMap: Manifest = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'shop' }, data: { A: '1' } };

/** A plan of no changes whose secrets digest covers `desired` (as computePlan makes it, with `salt` if given). */
function planOf(desired: readonly Manifest[], salt?: string): Plan {
  const secrets = secretsDigest(desired, salt);
  return {
    formatVersion: 1, server: 'https://127.0.0.1:6443', serverVersion: 'v1.20.2', targetVersion: '1.20', apps: ['shop'], changes: [],
    summary: { create: 0, update: 0, replace: 0, delete: 0, unchanged: 0 },
    ...(secrets ? { secrets } : {}),
  };
}

/** A saved plan of `before`, and the plan apply computes now of `now` with the saved plan's salt. */
function differences(before: readonly Manifest[], now: readonly Manifest[]): string[] {
  const saved = planOf(before);
  return planDifferences(saved, planOf(now, saved.secrets?.salt));
}

const STALE = 'secret values differ from the ones the plan was made with';

describe('planDifferences: secret values, checked through the saved plan\'s salted digest', () => {
  it('accepts the same secret values', () => {
    expect(differences([configMap, secret('s3cret')], [configMap, secret('s3cret')])).toEqual([]);
  });

  it('refuses a changed secret value, without naming it', () => {
    const found = differences([configMap, secret('s3cret')], [configMap, secret('changed')]);
    expect(found).toEqual([STALE]);
    expect(found.join()).not.toMatch(/s3cret|changed/);
  });

  it('refuses a Secret that appeared or disappeared since the plan', () => {
    expect(differences([configMap], [configMap, secret('new')])).toEqual([STALE]);
    expect(differences([configMap, secret('old')], [configMap])).toEqual([STALE]);
  });

  it('accepts a plan without Secrets when there are still none', () => {
    expect(differences([configMap], [configMap])).toEqual([]);
  });
});
