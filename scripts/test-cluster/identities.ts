/**
 * Who may talk to the test cluster: static bearer tokens (the API server's --token-auth-file) and a kubeconfig
 * per identity. `berth-admin` is in system:masters; `berth-limited` may only read in namespace `berth-limited`
 * so tests can provoke real "forbidden" answers.
 */
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import { stringify } from 'yaml';
import type { StatePaths } from './paths';

export interface Identity {
  readonly user: string;
  readonly groups: readonly string[];
  readonly kubeconfig: string;
}

export const limitedUser = 'berth-limited';
export const limitedNamespace = 'berth-limited';
export const limitedReaderRole = 'berth-limited-reader';

export function identities(paths: StatePaths): Identity[] {
  return [
    { user: 'berth-admin', groups: ['system:masters'], kubeconfig: paths.kubeconfig },
    { user: limitedUser, groups: [], kubeconfig: paths.kubeconfigLimited },
    // It runs every controller under its own name (--use-service-account-credentials=false), so it needs all rights.
    { user: 'system:kube-controller-manager', groups: ['system:masters'], kubeconfig: paths.kubeconfigControllerManager },
    // The bootstrap RBAC policy already grants this user what the scheduler needs.
    { user: 'system:kube-scheduler', groups: [], kubeconfig: paths.kubeconfigScheduler },
  ];
}

/** Writes the token file and one kubeconfig per identity (files readable by the owner only). */
export function writeIdentities(paths: StatePaths, server: string, caCertFile: string): void {
  const ca = fs.readFileSync(caCertFile).toString('base64');
  const lines: string[] = [];
  identities(paths).forEach((identity, index) => {
    const token = randomBytes(24).toString('hex');
    const groups = identity.groups.length > 0 ? `,"${identity.groups.join(',')}"` : '';
    lines.push(`${token},${identity.user},uid-${index}${groups}`);
    fs.writeFileSync(identity.kubeconfig, kubeconfig(server, ca, identity.user, token), { mode: 0o600 });
  });
  fs.writeFileSync(paths.tokens, lines.join('\n') + '\n', { mode: 0o600 });
}

function kubeconfig(server: string, caData: string, user: string, token: string): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'berth-test', cluster: { server, 'certificate-authority-data': caData } }],
    users: [{ name: user, user: { token } }],
    contexts: [{ name: 'berth-test', context: { cluster: 'berth-test', user } }],
    'current-context': 'berth-test',
  });
}

/** RBAC for the limited identity: a read-only ClusterRole, bound in one namespace. */
export function limitedRbac(): Array<{ path: string; body: object }> {
  return [
    {
      path: '/api/v1/namespaces',
      body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: limitedNamespace } },
    },
    {
      path: '/apis/rbac.authorization.k8s.io/v1/clusterroles',
      body: {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name: limitedReaderRole },
        rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['get', 'list', 'watch'] }],
      },
    },
    {
      path: `/apis/rbac.authorization.k8s.io/v1/namespaces/${limitedNamespace}/rolebindings`,
      body: {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: limitedReaderRole, namespace: limitedNamespace },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: limitedReaderRole },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: limitedUser }],
      },
    },
  ];
}
