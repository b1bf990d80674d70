#!/usr/bin/env bash
# Runs Docker Compose, whichever this machine has: the docker CLI's plugin (`docker compose`) or
# the standalone `docker-compose` (Debian's package). Chosen when run, not when make reads the
# Makefile, so a Compose that scripts/docker-engine.sh has just installed is found.
#
# Usage: scripts/compose.sh ARGS...   (as docker compose ARGS...)
set -euo pipefail
if docker compose version >/dev/null 2>&1; then
  exec docker compose "$@"
elif command -v docker-compose >/dev/null; then
  exec docker-compose "$@"
fi
echo "compose: no Docker Compose here (neither 'docker compose' nor 'docker-compose'); as root, scripts/docker-engine.sh installs it" >&2
exit 1
