import { FieldOwners } from '../../../lib/engine/drift';
import { Manifest } from '../../../lib/model/object';

const live: Manifest = {
  apiVersion: 'apps/v1', kind: 'Deployment',
  metadata: {
    name: 'api',
    managedFields: [
      { manager: 'berth', operation: 'Apply', apiVersion: 'apps/v1', fieldsType: 'FieldsV1', fieldsV1: {
        'f:metadata': { 'f:labels': { 'f:team': {} } },
        'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"api"}': { '.': {}, 'f:name': {}, 'f:args': {} } } } } },
      } },
      { manager: 'kubectl-edit', operation: 'Update', apiVersion: 'apps/v1', fieldsType: 'FieldsV1', fieldsV1: {
        'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"api"}': { 'f:image': {} } } } } },
      } },
      { manager: 'kubectl-scale', operation: 'Update', apiVersion: 'apps/v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:replicas': {} } } },
    ],
  },
};

describe('drift: who set a live field', () => {
  const owners = new FieldOwners(live);

  it('names the other manager of a field berth wants back', () => {
    expect(owners.driftManager(['spec', 'replicas'], 'berth')).toBe('kubectl-scale');
    expect(owners.driftManager(['spec', 'template', 'spec', 'containers', { name: 'api' }, 'image'], 'berth')).toBe('kubectl-edit');
  });

  it('is not drift when berth still owns the field (or the whole list it lies in)', () => {
    expect(owners.driftManager(['metadata', 'labels', 'team'], 'berth')).toBeUndefined();
    expect(owners.driftManager(['spec', 'template', 'spec', 'containers', { name: 'api' }, 'args', 1], 'berth')).toBeUndefined();
  });

  it('is never drift on objects berth did not apply yet', () => {
    expect(owners.driftManager(['spec', 'replicas'], 'someone-else')).toBeUndefined();
  });
});
