#!/usr/bin/env bash
# Makes sure a Docker engine answers on this machine, for the docker provisioner's tests and
# `make up`, and that Docker Compose is there for `make up`: each is looked for, and installed
# when missing, on its own (an engine that already runs may have no Compose). As root it installs
# Debian's engine (docker.io) and Compose (the docker CLI's plugin where apt offers one, else
# docker-compose), and starts dockerd in the background when none runs; as another user it only
# checks. A missing Compose is reported but does not fail the script when the engine answers: the
# tests need only the engine (scripts/compose.sh says what to do if make up then finds none).
#
# Usage: scripts/docker-engine.sh   exits 0 once an engine answers, 1 (saying why) otherwise
# Env:   DOCKER_HOST   an engine elsewhere: then this only checks that one (and Compose)
set -euo pipefail
log=/var/log/ringlb-dockerd.log

answers() { command -v docker >/dev/null && docker info >/dev/null 2>&1; }
has_compose() { docker compose version >/dev/null 2>&1 || command -v docker-compose >/dev/null; }
# A live dockerd (still starting, perhaps); a killed one can linger as a zombie, which does not count.
dockerd_alive() {
  local pid
  for pid in $(pgrep -x dockerd); do
    [[ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" =~ ^[RSD]$ ]] && return 0
  done
  return 1
}
say() { echo "docker-engine: $*" >&2; }
root() { [[ "$(id -u)" == 0 ]]; }
apt_install() {
  say "installing $* (Debian packages)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "$@" >/dev/null
}
# The plugin when apt knows one (Docker's own repository, or a Debian that packages it), else Debian's docker-compose.
compose_package() {
  if apt-cache show docker-compose-plugin >/dev/null 2>&1; then echo docker-compose-plugin; else echo docker-compose; fi
}
ensure_compose() {
  has_compose && return 0
  if root; then
    apt_install "$(compose_package)"
    has_compose && { say "compose ready"; return 0; }
    say "WARNING: Compose is still missing after installing it; make up will not work"
  else
    say "WARNING: no Docker Compose (make up needs it); as root this script installs it (sudo $0)"
  fi
}

if answers; then
  say "an engine answers ($(docker version -f '{{.Server.Version}}' 2>/dev/null))"
  ensure_compose
  exit 0
fi
if [[ -n "${DOCKER_HOST:-}" ]]; then
  say "no engine answers at DOCKER_HOST=$DOCKER_HOST"
  exit 1
fi
if ! root; then
  say "no engine answers, and only root can install or start one (sudo $0)"
  exit 1
fi

missing=()
command -v dockerd >/dev/null || missing+=(docker.io)
has_compose || missing+=("$(compose_package)")
((${#missing[@]} == 0)) || apt_install "${missing[@]}"
ensure_compose
if ! dockerd_alive; then
  # A dockerd that was killed leaves its pid files behind, and a new one refuses to start on them.
  rm -f /var/run/docker.pid /var/run/docker/containerd/containerd.pid
  say "starting dockerd (log: $log)"
  nohup dockerd >"$log" 2>&1 </dev/null &
fi
for _ in $(seq 1 60); do
  if answers; then
    say "engine ready ($(docker version -f '{{.Server.Version}}'))"
    exit 0
  fi
  sleep 1
done
say "dockerd did not answer within 60 s; the end of its log:"
tail -n 20 "$log" >&2 || true
exit 1
