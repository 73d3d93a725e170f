/** Clients for the test cluster, from the kubeconfigs global-setup put in the environment. */
import { KubeHttp } from './kube-http';

function fromEnv(variable: string): KubeHttp {
  const file = process.env[variable];
  if (!file) throw new Error(`${variable} is not set: integration tests run under jest's integration project (global setup)`);
  return KubeHttp.fromKubeconfig(file);
}

let admin: KubeHttp | undefined;
let limited: KubeHttp | undefined;

/** cluster-admin (system:masters). */
export function adminKube(): KubeHttp {
  return (admin ??= fromEnv('KUBECONFIG'));
}

/** `berth-limited`: get/list/watch in namespace `berth-limited` only (bind ClusterRole `berth-limited-reader` to grant more). */
export function limitedKube(): KubeHttp {
  return (limited ??= fromEnv('BERTH_TEST_KUBECONFIG_LIMITED'));
}
