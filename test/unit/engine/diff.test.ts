import { diffValues } from '../../../lib/engine/diff';
import { formatPath } from '../../../lib/engine/path';

const show = (b: unknown, a: unknown, expand?: (p: readonly unknown[]) => boolean) =>
  diffValues(b as never, a as never, { expand: expand as never }).map((c) => ({ ...c, path: formatPath(c.path) }));

describe('field-level diff', () => {
  it('reports added, removed and changed fields with their values', () => {
    expect(show({ spec: { replicas: 3, paused: true } }, { spec: { replicas: 5, minReadySeconds: 10 } })).toEqual([
      { path: 'spec.minReadySeconds', op: 'add', after: 10 },
      { path: 'spec.paused', op: 'remove', before: true },
      { path: 'spec.replicas', op: 'change', before: 3, after: 5 },
    ]);
  });

  it('matches containers by name even when reordered', () => {
    const before = { containers: [{ name: 'a', image: 'a:1' }, { name: 'b', image: 'b:1' }] };
    const after = { containers: [{ name: 'b', image: 'b:2' }, { name: 'a', image: 'a:1' }, { name: 'c', image: 'c:1' }] };
    expect(show(before, after)).toEqual([
      { path: 'containers[name=b].image', op: 'change', before: 'b:1', after: 'b:2' },
      { path: 'containers[name=c]', op: 'add', after: { name: 'c', image: 'c:1' } },
    ]);
  });

  it('keys Service and container ports with their protocol', () => {
    const before = { ports: [{ port: 80, protocol: 'TCP', targetPort: 8080 }] };
    const after = { ports: [{ port: 80, protocol: 'TCP', targetPort: 9090 }] };
    expect(show(before, after).map((c) => c.path)).toEqual(['ports[port=80,protocol=TCP].targetPort']);
  });

  it('expands maps added under chosen paths key by key (so secret keys are named)', () => {
    expect(show({}, { data: { A: 'x', B: 'y' } }, (p) => p[0] === 'data').map((c) => `${c.op} ${c.path}`)).toEqual(['add data.A', 'add data.B']);
    expect(show({}, { data: { A: 'x' } }).map((c) => `${c.op} ${c.path}`)).toEqual(['add data']);
  });

  it('finds nothing between equal values', () => {
    expect(show({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toEqual([]);
  });
});
