#!/usr/bin/env bash
# Makes sure a Docker engine answers on this machine, for the docker provisioner's tests and
# `make up`: installs Debian's engine (docker.io) and Compose (docker-compose) when they are
# missing, starts dockerd in the background when none runs, and waits until it answers.
# Installing and starting need root; as another user it only checks.
#
# Usage: scripts/docker-engine.sh   exits 0 once an engine answers, 1 (saying why) otherwise
# Env:   DOCKER_HOST   an engine elsewhere: then this only checks that one
set -euo pipefail
log=/var/log/ringlb-dockerd.log

answers() { command -v docker >/dev/null && docker info >/dev/null 2>&1; }
# A live dockerd (still starting, perhaps); a killed one can linger as a zombie, which does not count.
dockerd_alive() {
  local pid
  for pid in $(pgrep -x dockerd); do
    [[ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" =~ ^[RSD]$ ]] && return 0
  done
  return 1
}
say() { echo "docker-engine: $*" >&2; }

if answers; then
  say "an engine answers ($(docker version -f '{{.Server.Version}}' 2>/dev/null))"
  exit 0
fi
if [[ -n "${DOCKER_HOST:-}" ]]; then
  say "no engine answers at DOCKER_HOST=$DOCKER_HOST"
  exit 1
fi
if [[ "$(id -u)" != 0 ]]; then
  say "no engine answers, and only root can install or start one (sudo $0)"
  exit 1
fi

missing=()
command -v dockerd >/dev/null || missing+=(docker.io)
docker compose version >/dev/null 2>&1 || command -v docker-compose >/dev/null || missing+=(docker-compose)
if ((${#missing[@]})); then
  say "installing ${missing[*]} (Debian packages)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi

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
