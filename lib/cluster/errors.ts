/** Why a cluster call failed, in the user's terms. */
export type ClusterErrorReason =
  | 'unreachable' | 'timeout' | 'unauthorized' | 'forbidden' | 'not-found' | 'conflict' | 'invalid'
  | 'too-many-requests' | 'server-error' | 'kubeconfig';

/** A failed cluster call. The message says what failed (verb, resource, namespace, server) without secrets. */
export class ClusterError extends Error {
  constructor(
    readonly reason: ClusterErrorReason,
    message: string,
    /** HTTP status, when the server answered. */
    readonly status?: number,
    /** The Kubernetes Status object, when the server sent one. */
    readonly details?: KubeStatus,
  ) {
    super(message);
  }
}

export interface KubeStatus {
  readonly kind?: string;
  readonly status?: string;
  readonly message?: string;
  readonly reason?: string;
  readonly code?: number;
  readonly details?: { causes?: { field?: string; message?: string; reason?: string }[] };
}

/** What the call was, for messages: `list deployments.apps in namespace shop`. */
export interface CallDescription {
  readonly verb: string;
  readonly resource: string;
  readonly namespace?: string;
  readonly name?: string;
}

export function describeCall(c: CallDescription): string {
  const target = c.name ? `${c.resource} ${c.name}` : c.resource;
  return `${c.verb} ${target}${c.namespace ? ` in namespace ${c.namespace}` : ''}`;
}

export function errorFromStatus(status: number, body: unknown, call: CallDescription, server: string): ClusterError {
  const s = (typeof body === 'object' && body !== null ? body : {}) as KubeStatus;
  const serverMessage = s.message ?? (typeof body === 'string' ? body.slice(0, 200) : '');
  const what = describeCall(call);
  switch (status) {
    case 401:
      return new ClusterError('unauthorized', `unauthorized: the cluster at ${server} rejected berth's credentials (${what}); check the kubeconfig's user`, status, s);
    case 403:
      return new ClusterError('forbidden', `forbidden: not allowed to ${what}${serverMessage ? ` (${serverMessage})` : ''}`, status, s);
    case 404:
      return new ClusterError('not-found', `not found: ${what}${serverMessage ? ` (${serverMessage})` : ''}`, status, s);
    case 409:
      return new ClusterError('conflict', `conflict: ${what}: ${serverMessage}`, status, s);
    case 400: case 422:
      return new ClusterError('invalid', `rejected by the API server: ${what}: ${serverMessage}`, status, s);
    case 429:
      return new ClusterError('too-many-requests', `the API server kept answering "too many requests" to ${what}`, status, s);
    default:
      return new ClusterError('server-error', `the API server failed to ${what} (HTTP ${status}${serverMessage ? `: ${serverMessage}` : ''})`, status, s);
  }
}
