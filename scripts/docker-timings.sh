#!/usr/bin/env bash
# Measures the docker provisioner on this machine's engine, with `ringlb start`'s defaults, over
# several rounds:
#   start:      the balancer starting 3 replica containers, until all three answer heartbeats;
#   kill, idle: from `docker kill` of a replica to /rep showing N=3 again, with a new container;
#   kill, load: the same while `ringlb load` sends GET /home at $RATE requests/s (its failures are
#               reported: retries should leave none).
# Each round runs its own balancer (a cluster and a network of its own), removed afterwards. Prints
# each round, then the median and the maximum of each measure.
#
# Usage: scripts/docker-timings.sh [ROUNDS]   (default 5; needs curl and the images: make images)
# Env:   JAR       the ringlb.jar that runs the balancer (default: this checkout's)
#        IMAGE     the replica image (default: ringlb-replica:latest)
#        RATE      requests/s during the loaded kill (default 500)
#        ARGS      more `ringlb start` options, e.g. "--docker-reach published" or "--warm-spare" (each
#                  kill then waits until the spare container runs)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/timing-lib.sh
rounds="${1:-5}"
jar="${JAR:-ringlb-cli/target/ringlb.jar}"
load_jar=ringlb-cli/target/ringlb.jar
image="${IMAGE:-ringlb-replica:latest}"
rate="${RATE:-500}"
read -r -a extra <<<"${ARGS:-}"
[[ -f "$jar" && -f "$load_jar" ]] || { echo "docker-timings: build first (make images)" >&2; exit 1; }
tag="timing-$$"
log="$(mktemp)"
pid=""
load_pid=""
cleanup() {
  [[ -n "$load_pid" ]] && kill "$load_pid" 2>/dev/null && wait "$load_pid" 2>/dev/null
  [[ -n "$pid" ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  docker ps -aq --filter "label=io.ringlb.cluster=$tag" | xargs -r docker rm -f >/dev/null
  docker network rm "ringlb-$tag" >/dev/null 2>&1 || true
  rm -f "$log"
}
trap cleanup EXIT

# `docker kill` of one replica of the balancer on port $1; prints ms until N=3 without it.
kill_and_heal() {
  local victim t0
  if [[ " ${extra[*]} " == *" --warm-spare "* ]]; then
    for _ in $(seq 1 600); do
      [[ -n "$(docker ps -q --filter "label=io.ringlb.cluster=$tag" --filter name=-spare)" ]] && break
      sleep 0.1
    done
  fi
  victim="$(curl -fsS "http://127.0.0.1:$1/rep" | grep -o '"replicas":\[[^]]*' | cut -d'"' -f4)"
  t0="$(now_ms)"
  docker kill "$victim" >/dev/null
  wait_healed "$1" "$victim" 3 "$t0" 60000
}

starts=() idles=() loads=()
for round in $(seq 1 "$rounds"); do
  java -Xms128m -Xmx128m -Xmn24m -XX:+UseParallelGC -XX:CompileThresholdScaling=3 -jar "$jar" start --port 0 --provisioner docker --replica-image "$image" \
      --cluster "$tag" --docker-network "ringlb-$tag" "${extra[@]}" >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do grep -q 'ringlb listening on' "$log" && break; kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  port="$(grep -o 'listening on http://127.0.0.1:[0-9]*' "$log" | grep -o '[0-9]*$')" || { cat "$log" >&2; exit 1; }
  start_ms="$(grep -o 'replica(s) up in [0-9]* ms' "$log" | grep -o '[0-9]\+')"
  sleep 1
  heal_idle_then_loaded "$load_jar" "$port" "$rate" kill_and_heal "$port"
  echo "round $round: 3 containers up in $start_ms ms; docker kill -> N=3 in $IDLE_MS ms idle, $HEALED_MS ms under load ($LOAD_REPORT)"
  starts+=("$start_ms") idles+=("$IDLE_MS") loads+=("$HEALED_MS")
  stop_balancer
done
echo "3 containers up:                $(summary "${starts[@]}")"
echo "docker kill -> N=3, idle:       $(summary "${idles[@]}")"
echo "docker kill -> N=3, $rate req/s: $(summary "${loads[@]}")"
