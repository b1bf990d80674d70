#!/usr/bin/env bash
# The whole test suite: unit tests, then integration tests that start real balancers and
# replicas on loopback, and replicas as containers on a Docker engine.
# Usage: scripts/test.sh [extra mvn args]
#
# Browser: the dashboard's test drives Debian's chromium through chromium-driver; as root this
# installs both when missing. In CI (CI=true) their absence is an error; elsewhere that test skips.
#
# etcd: installs Debian's etcd-server as root when missing (cluster mode's tests start their own
# etcd members on loopback; the package's service is not used).
#
# Docker: this makes sure an engine runs (scripts/docker-engine.sh installs and starts one as
# root) and builds the images the docker tests run (scripts/docker-images.sh). In CI (CI=true)
# no engine is an error; elsewhere the docker tests then skip, saying so loudly.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
command -v mvn >/dev/null || { echo "test.sh: Maven (mvn) is needed; install it (apt-get install maven)" >&2; exit 1; }

# Cluster mode's integration tests run a real etcd: Debian's etcd-server, installed as root.
if ! command -v etcd >/dev/null; then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    echo "test.sh: installing etcd-server for the cluster-mode tests"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq etcd-server >/dev/null
  elif [[ "${CI:-}" == true ]]; then
    echo "test.sh: CI needs etcd (apt-get install etcd-server) for the cluster-mode tests" >&2
    exit 1
  else
    echo "test.sh: WARNING: no etcd; the cluster-mode integration tests will SKIP (apt-get install etcd-server)" >&2
  fi
fi

if scripts/docker-engine.sh; then
  scripts/docker-images.sh
elif [[ "${CI:-}" == true ]]; then
  echo "test.sh: CI needs a Docker engine for the docker provisioner's tests, and none could be started" >&2
  exit 1
else
  echo "test.sh: WARNING: no Docker engine; the docker provisioner's integration tests will SKIP" >&2
fi
if ! { [[ -x /usr/bin/chromium ]] && [[ -x /usr/bin/chromedriver ]]; }; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "test.sh: installing chromium and chromium-driver for the dashboard's browser test" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  elif [[ "${CI:-}" == true ]]; then
    echo "test.sh: CI needs chromium and chromium-driver for the dashboard's test, and cannot install them" >&2
    exit 1
  else
    echo "test.sh: WARNING: no chromium/chromium-driver; the dashboard's browser test will SKIP" >&2
  fi
fi
exec mvn -B -ntp verify "$@"
