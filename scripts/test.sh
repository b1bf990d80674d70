#!/usr/bin/env bash
# The whole test suite: unit tests, then integration tests that start real balancers and
# replicas on loopback. Usage: scripts/test.sh [extra mvn args]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
command -v mvn >/dev/null || { echo "test.sh: Maven (mvn) is needed; install it (apt-get install maven)" >&2; exit 1; }
exec mvn -B -ntp verify "$@"
