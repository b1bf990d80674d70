#!/usr/bin/env bash
# Checks that scripts/docker-engine.sh installs Docker Compose on a machine whose engine already
# runs without it (Debian's docker.io installed, no docker-compose), as a new user's machine may
# be. That machine is simulated without touching this one: in a private mount namespace, an
# overlay of / (changes go to a tmpfs) where docker-compose is removed; the engine is this
# machine's, through its socket. Needs root, overlayfs, util-linux's unshare, and apt's mirrors.
#
# Usage: scripts/compose-install-check.sh [CHECKOUT]   (default: this one); exits 0 on success
set -euo pipefail
src="$(cd "${1:-$(dirname "${BASH_SOURCE[0]}")/..}" && pwd)"
[[ "$(id -u)" == 0 ]] || { echo "compose-install-check: needs root" >&2; exit 1; }
docker info >/dev/null 2>&1 || { echo "compose-install-check: needs a running engine (scripts/docker-engine.sh)" >&2; exit 1; }

exec unshare --mount --propagation private bash -s "$src" <<'INNER'
set -euo pipefail
src="$1"
sim="$(mktemp -d)"
mount -t tmpfs tmpfs "$sim"
mkdir -p "$sim/upper" "$sim/work" "$sim/root"
mount -t overlay overlay -o "lowerdir=/,upperdir=$sim/upper,workdir=$sim/work" "$sim/root"
for d in proc sys dev run tmp; do mount --rbind "/$d" "$sim/root/$d"; done
mkdir -p "$sim/root/checkout" && mount --bind "$src" "$sim/root/checkout"
chroot "$sim/root" /bin/bash -c '
  set -euo pipefail
  export DEBIAN_FRONTEND=noninteractive
  dpkg -s docker-compose >/dev/null 2>&1 && apt-get remove -y -qq docker-compose >/dev/null 2>&1
  rm -f /usr/libexec/docker/cli-plugins/docker-compose /usr/lib/docker/cli-plugins/docker-compose
  cd /checkout
  if scripts/compose.sh version >/dev/null 2>&1; then echo "compose-install-check: could not take Compose away" >&2; exit 1; fi
  echo "compose-install-check: simulated: engine $(docker version -f "{{.Server.Version}}"), no Compose"
  scripts/docker-engine.sh
  if v="$(scripts/compose.sh version 2>/dev/null | sed -n 1p)"; then
    echo "compose-install-check: PASS: docker-engine.sh installed Compose ($v)"
  else
    echo "compose-install-check: FAIL: still no Compose after scripts/docker-engine.sh" >&2
    exit 1
  fi
'
INNER
