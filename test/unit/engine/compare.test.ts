import { desiredMismatches, ownedButNotDesired } from '../../../lib/engine/compare';
import { formatPath } from '../../../lib/engine/path';

const paths = (d: unknown, l: unknown) => desiredMismatches(d as never, l as never).map((m) => formatPath(m.path));

describe('cheap comparison: desired fields already in the live object', () => {
  const live = {
    metadata: { name: 'api', labels: { a: '1', 'app.kubernetes.io/name': 'api' }, uid: 'u' },
    spec: {
      replicas: 2,
      template: { spec: { containers: [
        { name: 'api', image: 'api:1', resources: { limits: { cpu: '500m', memory: '1Gi' } }, terminationMessagePath: '/dev/termination-log' },
        { name: 'sidecar', image: 'proxy:1' },
      ] } },
    },
  };

  it('ignores fields only the live object has (server defaults, other managers)', () => {
    expect(paths({ metadata: { name: 'api', labels: { a: '1' } }, spec: { replicas: 2 } }, live)).toEqual([]);
  });

  it('matches associative list items by key, not position', () => {
    expect(paths({ spec: { template: { spec: { containers: [{ name: 'sidecar', image: 'proxy:1' }] } } } }, live)).toEqual([]);
    expect(paths({ spec: { template: { spec: { containers: [{ name: 'api', image: 'api:2' }] } } } }, live))
      .toEqual(['spec.template.spec.containers[name=api].image']);
    expect(paths({ spec: { template: { spec: { containers: [{ name: 'new', image: 'x' }] } } } }, live))
      .toEqual(['spec.template.spec.containers[name=new]']);
  });

  it('matches claim templates by metadata.name, whatever the server added to their metadata and spec', () => {
    const claim = (storage: string) => ({ metadata: { name: 'data', labels: { a: '1' } }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage } } } });
    const served = {
      spec: { volumeClaimTemplates: [{
        apiVersion: 'v1', kind: 'PersistentVolumeClaim', status: { phase: 'Pending' },
        metadata: { name: 'data', labels: { a: '1' }, creationTimestamp: null },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, volumeMode: 'Filesystem' },
      }] },
    };
    expect(paths({ spec: { volumeClaimTemplates: [claim('1Gi')] } }, served)).toEqual([]);
    expect(paths({ spec: { volumeClaimTemplates: [claim('2Gi')] } }, served))
      .toEqual(['spec.volumeClaimTemplates[metadata.name=data].spec.resources.requests.storage']);
  });

  it('treats equal quantities written differently as equal', () => {
    const d = { spec: { template: { spec: { containers: [{ name: 'api', resources: { limits: { cpu: '0.5', memory: '1024Mi' } } }] } } } };
    expect(paths(d, live)).toEqual([]);
    const bigger = { spec: { template: { spec: { containers: [{ name: 'api', resources: { limits: { cpu: '1' } } }] } } } };
    expect(paths(bigger, live)).toEqual(['spec.template.spec.containers[name=api].resources.limits.cpu']);
  });

  it('compares positional lists whole', () => {
    expect(paths({ args: ['a', 'b'] }, { args: ['a', 'b'] })).toEqual([]);
    expect(paths({ args: ['a'] }, { args: ['a', 'b'] })).toEqual(['args']);
    expect(paths({ args: ['a', 'c'] }, { args: ['a', 'b'] })).toEqual(['args[1]']);
  });

  it('names label keys with dots in brackets and reports changed values', () => {
    const m = desiredMismatches({ metadata: { labels: { 'app.kubernetes.io/name': 'web' } } } as never, live as never);
    expect(m.map((x) => [formatPath(x.path), x.desired, x.live])).toEqual([['metadata.labels["app.kubernetes.io/name"]', 'web', 'api']]);
  });
});

describe('fields berth owns but no longer sets', () => {
  const desired = { metadata: { labels: { a: '1' } }, spec: { template: { spec: { containers: [{ name: 'api', env: [{ name: 'X', value: '1' }] }] } } } };

  it('is false while every owned field is still desired', () => {
    const owned = { 'f:metadata': { 'f:labels': { 'f:a': {} } }, 'f:spec': { 'f:template': { 'f:spec': { 'f:containers': {
      'k:{"name":"api"}': { '.': {}, 'f:name': {}, 'f:env': { 'k:{"name":"X"}': { '.': {}, 'f:name': {}, 'f:value': {} } } },
    } } } } };
    expect(ownedButNotDesired(owned, desired as never)).toBe(false);
  });

  it('is true when a label, a list item or a field was dropped from the stacks', () => {
    expect(ownedButNotDesired({ 'f:metadata': { 'f:labels': { 'f:b': {} } } }, desired as never)).toBe(true);
    expect(ownedButNotDesired({ 'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"old"}': { '.': {} } } } } } }, desired as never)).toBe(true);
    expect(ownedButNotDesired({ 'f:spec': { 'f:replicas': {} } }, desired as never)).toBe(true);
  });
});
