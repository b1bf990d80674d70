#!/usr/bin/env bash
# Builds the ringlb-etcd image of the cluster compose stack with no registry: the etcd binary of
# Debian's etcd-server package (installed here as root when missing) on ringlb's base image.
#
# Usage: scripts/docker-etcd-image.sh [IMAGE]   (default ringlb-etcd:latest)
# Env:   BASE_IMAGE  build FROM this (default ringlb-base:17, built by scripts/docker-base-image.sh)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
image="${1:-ringlb-etcd:latest}"
base="${BASE_IMAGE:-ringlb-base:17}"

if ! command -v etcd >/dev/null; then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    echo "docker-etcd-image: installing etcd-server for its etcd binary"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq etcd-server >/dev/null
  else
    echo "docker-etcd-image: no etcd binary; install Debian's etcd-server (apt-get install etcd-server)" >&2
    exit 1
  fi
fi
if [[ "$base" == ringlb-base:* ]]; then
  scripts/docker-base-image.sh "$base"
fi
context="$(mktemp -d)"
trap 'rm -rf "$context"' EXIT
cp -L "$(command -v etcd)" "$context/etcd"
cp docker/etcd.Dockerfile "$context/Dockerfile"
echo "docker-etcd-image: building $image from $base ($(etcd --version | sed -n 1p))"
DOCKER_BUILDKIT=0 docker build -q --build-arg "BASE_IMAGE=$base" -t "$image" "$context" >/dev/null
# sed reads all of it: `head -1` would exit first, and docker's next write then fails the pipeline.
docker run --rm --network none --entrypoint /usr/local/bin/etcd "$image" --version | sed -n '1s/^/docker-etcd-image: runs: /p'
