/** A plan with every kind of change, for renderer and schema tests. */
import { Plan } from '../../../lib/engine/plan-types';

export const SECRET_PLAINTEXT = 'hunter2-correct-horse-battery';

const live = { resourceVersion: '100', uid: '0b7e1f0c-1111-2222-3333-444455556666' };
const digest = `sha256:${'a'.repeat(64)}`;

export const samplePlan: Plan = {
  formatVersion: 1,
  server: 'https://127.0.0.1:6443',
  serverVersion: 'v1.20.2',
  targetVersion: '1.20',
  apps: ['shop'],
  changes: [
    { action: 'create', id: { group: '', kind: 'ConfigMap', namespace: 'shop', name: 'new-config' }, apiVersion: 'v1', app: 'shop', source: 'shop/new-config', fields: [], live: null, digest },
    { action: 'update', id: { group: '', kind: 'Secret', namespace: 'shop', name: 'db' }, apiVersion: 'v1', app: 'shop', source: 'shop/db', live, digest,
      fields: [{ path: 'data.PASSWORD', op: 'change', sensitive: true }, { path: 'data.TOKEN', op: 'add', sensitive: true }] },
    { action: 'update', id: { group: 'apps', kind: 'Deployment', namespace: 'shop', name: 'api' }, apiVersion: 'apps/v1', app: 'shop', source: 'shop/api', live, digest,
      fields: [
        { path: 'spec.replicas', op: 'change', before: 5, after: 2, driftManager: 'kubectl-scale' },
        { path: 'spec.template.spec.containers[name=api].image', op: 'change', before: 'api:1', after: 'api:2' },
        { path: 'metadata.labels.tier', op: 'add', after: 'backend' },
        { path: 'metadata.labels["<b>odd`"]', op: 'remove', before: 'x```y' },
      ] },
    { action: 'replace', id: { group: 'apps', kind: 'Deployment', namespace: 'shop', name: 'web' }, apiVersion: 'apps/v1', app: 'shop', source: 'shop/web', live, digest,
      replaceReason: 'spec.selector cannot change',
      fields: [{ path: 'spec.selector.matchLabels.tier', op: 'add', after: 'web' }] },
    { action: 'unchanged', id: { group: '', kind: 'Service', namespace: 'shop', name: 'api' }, apiVersion: 'v1', app: 'shop', source: 'shop/api', fields: [], live, digest, adopt: true },
    { action: 'delete', id: { group: '', kind: 'ConfigMap', namespace: 'shop', name: 'old' }, apiVersion: 'v1', app: 'shop', source: 'inventory', fields: [], live },
  ],
  summary: { create: 1, update: 2, replace: 1, delete: 1, unchanged: 1 },
  secrets: { algorithm: 'scrypt-N16384-r8-p1', salt: 'c2FsdHNhbHRzYWx0c2FsdA==', digest: 'b'.repeat(64) },
};

export const emptyPlan: Plan = {
  ...samplePlan,
  changes: samplePlan.changes.filter((c) => c.action === 'unchanged'),
  summary: { create: 0, update: 0, replace: 0, delete: 0, unchanged: 1 },
};
