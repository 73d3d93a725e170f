import { normalizeDesired, withoutIgnoredFields } from '../../../lib/engine/normalize';
import { Manifest } from '../../../lib/model/object';

describe('normalization rules', () => {
  it('turns Secret stringData into base64 data, as the server stores it', () => {
    const m: Manifest = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { A: 'YQ==' }, stringData: { B: 'bee' } };
    expect(normalizeDesired(m)).toEqual({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { A: 'YQ==', B: 'YmVl' } });
  });

  it('drops server-populated fields and tool bookkeeping', () => {
    const live: Manifest = {
      apiVersion: 'apps/v1', kind: 'Deployment',
      metadata: {
        name: 'api', uid: 'u', resourceVersion: '7', generation: 3, creationTimestamp: 't', managedFields: [],
        annotations: { 'deployment.kubernetes.io/revision': '2', 'kubectl.kubernetes.io/last-applied-configuration': '{}' },
        labels: { a: '1' },
      },
      spec: { replicas: 1 }, status: { readyReplicas: 1 },
    };
    expect(withoutIgnoredFields(live, undefined)).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api', labels: { a: '1' } }, spec: { replicas: 1 } });
  });

  it('drops allocated Service fields only when the stacks leave them out', () => {
    const live: Manifest = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' },
      spec: { clusterIP: '10.0.0.7', clusterIPs: ['10.0.0.7'], ports: [{ port: 80, protocol: 'TCP', nodePort: 31000 }] } };
    const desired: Manifest = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 80, protocol: 'TCP' }] } };
    expect(withoutIgnoredFields(live, desired).spec).toEqual({ ports: [{ port: 80, protocol: 'TCP' }] });
    const pinned = { ...desired, spec: { clusterIP: '10.0.0.7', ports: [{ port: 80, protocol: 'TCP', nodePort: 31000 }] } };
    expect(withoutIgnoredFields(live, pinned).spec).toEqual({ clusterIP: '10.0.0.7', ports: [{ port: 80, protocol: 'TCP', nodePort: 31000 }] });
  });
});
