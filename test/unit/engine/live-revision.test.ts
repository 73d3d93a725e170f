import { ObjectReport, liveRevision } from '../../../lib/engine/apply';
import { Manifest, idKey, idOf } from '../../../lib/model/object';

const cm = (name: string, v: string): Manifest => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'n' }, data: { v } });
const reports = (outcomes: Record<string, ObjectReport['outcome']>) =>
  new Map(Object.entries(outcomes).map(([name, outcome]) => {
    const id = idOf(cm(name, ''));
    return [idKey(id), { id, app: 'a', source: name, outcome } as ObjectReport];
  }));

describe('liveRevision: the revision that describes the cluster after a failed apply', () => {
  const previous = [cm('applied', 'old'), cm('same', 'x'), cm('failed', 'old'), cm('untouched', 'old'), cm('leaving', 'old')];
  const desired = [cm('applied', 'new'), cm('same', 'x'), cm('failed', 'new'), cm('untouched', 'new'), cm('created', 'new'), cm('refused', 'new'), cm('planned-same', 'y')];
  // The plan found `same` and `planned-same` unchanged; the apply stopped before reaching `planned-same`.
  const unchanged = new Set([idKey(idOf(cm('same', ''))), idKey(idOf(cm('planned-same', '')))]);
  const result = liveRevision(desired, reports({
    applied: 'configured', same: 'unchanged', failed: 'failed', untouched: 'not-applied', created: 'created', refused: 'failed', 'planned-same': 'not-applied',
  }), [...previous, cm('planned-same', 'older text')], unchanged);
  const byName = Object.fromEntries(result.map((m) => [m.metadata.name, (m.data as { v: string }).v]));

  it('keeps the new version of what was written or already matched', () => {
    expect(byName).toMatchObject({ applied: 'new', same: 'x', created: 'new' });
  });

  it('keeps the new version of what the plan found unchanged, even if the apply never reached it', () => {
    expect(byName['planned-same']).toBe('y');
  });

  it('keeps the previous version of what failed or was not reached, and members not pruned yet', () => {
    expect(byName).toMatchObject({ failed: 'old', untouched: 'old', leaving: 'old' });
  });

  it('leaves out a new object that was never created', () => {
    expect(byName).not.toHaveProperty('refused');
    expect(result).toHaveLength(7);
  });
});
