#!/usr/bin/env bash
# Local Kubernetes v1.20.2 control plane for integration tests (see docs/testing.md).
#   install  install Debian packages and build/cache the binaries (no start)
#   start    install, then start etcd, API server, controller manager, scheduler and the node simulator;
#            the last line of stdout is KUBECONFIG=<absolute path>
#   stop     stop every process start started, by PID
#   status   exit 0 and print KUBECONFIG=... when running; 3 when stopped; 1 when broken
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
state_dir="${BERTH_TEST_CLUSTER_DIR:-$repo/.test-cluster}"
command="${1:-}"

cluster() {
  mkdir -p "$state_dir"
  # One start/stop at a time per state directory; -o keeps the lock out of the daemons it starts.
  cd "$repo"
  flock -o -w 900 "$state_dir/.lock" node -r ./bin/register-ts.js scripts/test-cluster/main.ts "$@"
}

case "$command" in
  install) "$repo/scripts/test-cluster/install.sh" >&2 ;;
  start)
    "$repo/scripts/test-cluster/install.sh" >&2
    cluster start
    ;;
  stop | status) cluster "$command" ;;
  *)
    echo "usage: $0 install|start|stop|status" >&2
    exit 2
    ;;
esac
