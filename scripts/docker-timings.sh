#!/usr/bin/env bash
# Measures the docker provisioner on this machine's engine, with `ringlb start`'s defaults:
#   start: the balancer starting 3 replica containers, until all three answer heartbeats;
#   heal:  from `docker kill` of a replica to /rep showing N=3 again, with a new container.
# Each round runs its own balancer (a cluster and a network of its own), removed afterwards.
# Usage: scripts/docker-timings.sh [ROUNDS]   (default 5; needs the images: make images)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
rounds="${1:-5}"
jar=ringlb-cli/target/ringlb.jar
[[ -f "$jar" ]] || { echo "docker-timings: build first (make images)" >&2; exit 1; }
tag="timing-$$"
log="$(mktemp)"
pid=""
cleanup() {
  [[ -n "$pid" ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  docker ps -aq --filter "label=io.ringlb.cluster=$tag" | xargs -r docker rm -f >/dev/null
  docker network rm "ringlb-$tag" >/dev/null 2>&1 || true
  rm -f "$log"
}
trap cleanup EXIT
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

for round in $(seq 1 "$rounds"); do
  java -jar "$jar" start --port 0 --provisioner docker --cluster "$tag" --docker-network "ringlb-$tag" >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do grep -q 'ringlb listening on' "$log" && break; sleep 0.1; done
  port="$(grep -o 'listening on http://127.0.0.1:[0-9]*' "$log" | grep -o '[0-9]*$')" || { cat "$log" >&2; exit 1; }
  start_ms="$(grep -o 'replica(s) up in [0-9]* ms' "$log" | grep -o '[0-9]\+')"

  victim="$(curl -fsS "localhost:$port/rep" | grep -o '"replicas":\[[^]]*' | cut -d'"' -f4)"
  t0="$(now_ms)"
  docker kill "$victim" >/dev/null
  until rep="$(curl -fsS "localhost:$port/rep")" && [[ "$rep" == *'"N":3'* && "$rep" != *"\"$victim\""* ]]; do
    (( $(now_ms) - t0 < 60000 )) || { echo "docker-timings: not healed within 60 s" >&2; exit 1; }
    sleep 0.02
  done
  heal_ms=$(( $(now_ms) - t0 ))
  echo "round $round: 3 containers started in $start_ms ms; docker kill $victim -> N=3 restored in $heal_ms ms"

  kill "$pid"
  wait "$pid" || true
  pid=""
done
