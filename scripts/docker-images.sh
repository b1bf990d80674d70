#!/usr/bin/env bash
# Builds ringlb's images without a registry: the jars (when missing or older than the sources),
# the base image (scripts/docker-base-image.sh), then ringlb-replica (the small replica jar and its
# class-data archive) and ringlb (the whole jar) FROM it.
#
# Usage: scripts/docker-images.sh
# Env:   BASE_IMAGE     build FROM this instead of the local base, e.g. eclipse-temurin:17-jre
#                       (that one is pulled, so it needs a registry)
#        REPLICA_IMAGE  default ringlb-replica:latest
#        BALANCER_IMAGE default ringlb:latest
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
base="${BASE_IMAGE:-ringlb-base:17}"
replica="${REPLICA_IMAGE:-ringlb-replica:latest}"
balancer="${BALANCER_IMAGE:-ringlb:latest}"
jar=ringlb-cli/target/ringlb.jar
replica_jar=ringlb-cli/target/ringlb-replica.jar   # what the replica image runs (docker/replica.Dockerfile)

if [[ ! -f "$jar" || ! -f "$replica_jar" ]] || [[ -n "$(find . -path ./.git -prune -o \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/resources/*' \) -newer "$jar" -print -quit)" ]]; then
  command -v mvn >/dev/null || { echo "docker-images: Maven (mvn) is needed to build $jar" >&2; exit 1; }
  echo "docker-images: building $jar (mvn -q -B -DskipTests package)"
  mvn -q -B -ntp -DskipTests package
fi
if [[ "$base" == ringlb-base:* ]]; then
  scripts/docker-base-image.sh "$base"
fi

# The classic builder: it needs no buildx plugin, and it never pulls a base that is already here.
export DOCKER_BUILDKIT=0
for spec in "$replica:docker/replica.Dockerfile" "$balancer:docker/balancer.Dockerfile"; do
  tag="${spec%:docker/*}"
  file="${spec#"$tag":}"
  echo "docker-images: building $tag from $base"
  if ! out="$(docker build -q --build-arg "BASE_IMAGE=$base" -f "$file" -t "$tag" . 2>&1)"; then
    echo "$out" >&2
    exit 1
  fi
done
# Earlier builds of these images, now untagged, only take space.
docker image prune -f --filter label=io.ringlb.image >/dev/null
docker image prune -f --filter label=io.ringlb.base.key >/dev/null
docker image ls --format 'docker-images: {{.Repository}}:{{.Tag}} {{.Size}}' | grep -E "^docker-images: ($replica|$balancer|$base) " || true
