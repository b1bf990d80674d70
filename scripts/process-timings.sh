#!/usr/bin/env bash
# Measures process replicas on this machine, with `ringlb start`'s defaults, over several rounds:
#   start:      from running `ringlb start` to the first 200 from GET /home through it;
#   kill, idle: from SIGKILL of a replica's process to /rep showing N=3 again, with a new replica;
#   kill, load: the same while `ringlb load` sends GET /home at $RATE requests/s (its failures are
#               reported: retries should leave none).
# Each round runs its own balancer on a free port, stopped afterwards. Prints each round, then the
# median and the maximum of each measure.
#
# Usage: scripts/process-timings.sh [ROUNDS]     (default 5; needs curl)
# Env:   RINGLB    the command that runs ringlb (default: ./ringlb, which builds first if needed),
#                  e.g. "java -jar /tmp/old/ringlb.jar" to time another build
#        RATE      requests/s during the loaded kill (default 500)
#        LOAD_JAR  the jar whose `ringlb load` makes the load (default: this checkout's)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/timing-lib.sh
rounds="${1:-5}"
read -r -a ringlb <<<"${RINGLB:-./ringlb}"
rate="${RATE:-500}"
load_jar="${LOAD_JAR:-ringlb-cli/target/ringlb.jar}"
if [[ "${ringlb[0]}" == ./ringlb ]]; then
  ./ringlb --version >/dev/null   # builds the jar when it is missing or stale, outside the timings
fi
[[ -f "$load_jar" ]] || { echo "process-timings: no $load_jar (build first: mvn -DskipTests package)" >&2; exit 1; }

log="$(mktemp)"
pid=""
load_pid=""
cleanup() {
  [[ -n "$load_pid" ]] && kill "$load_pid" 2>/dev/null && wait "$load_pid" 2>/dev/null
  [[ -n "$pid" ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -f "$log" "$log.ms"
}
trap cleanup EXIT

# A replica process of balancer $1 (a direct child running `replica --name NAME`): "PID NAME".
some_replica() {
  local child
  for child in $(pgrep -P "$1"); do
    local args
    args="$(ps -o args= -p "$child" 2>/dev/null)" || continue
    if [[ "$args" =~ \ replica\ --name\ ([^ ]+) ]]; then
      echo "$child ${BASH_REMATCH[1]}"
      return 0
    fi
  done
  return 1
}

# SIGKILL of one replica of the balancer $1 listening on port $2; prints ms until N=3 without it.
kill_and_heal() {
  local victim name t0
  read -r victim name < <(some_replica "$1") || { echo "process-timings: no replica process found" >&2; exit 1; }
  t0="$(now_ms)"
  kill -9 "$victim"
  wait_healed "$2" "$name" 3 "$t0" 30000
}

# Starts `ringlb start` on a free port (sets pid and port) and prints the ms until /home answers 200.
start_balancer() {
  local t0
  port="$(free_port)"
  t0="$(now_ms)"
  "${ringlb[@]}" start --port "$port" >"$log" 2>&1 &
  pid=$!
  until curl -fs -o /dev/null "http://127.0.0.1:$port/home"; do
    kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; exit 1; }
    (( $(now_ms) - t0 < 60000 )) || { echo "process-timings: no 200 from /home within 60 s" >&2; exit 1; }
    sleep 0.005
  done
  echo $(( $(now_ms) - t0 ))
}

# One start not counted: after a build it makes the class-data archives, and it fills the page cache.
start_balancer >/dev/null
stop_balancer

starts=() idles=() loads=()
for round in $(seq 1 "$rounds"); do
  start_balancer >"$log.ms"
  start_ms="$(cat "$log.ms")"
  sleep 1   # let the balancer settle (its class-data training, if any, starts after 3 s)
  heal_idle_then_loaded "$load_jar" "$port" "$rate" kill_and_heal "$pid" "$port"
  echo "round $round: start to first 200 in $start_ms ms; SIGKILL -> N=3 in $IDLE_MS ms idle, $HEALED_MS ms under load ($LOAD_REPORT)"
  starts+=("$start_ms") idles+=("$IDLE_MS") loads+=("$HEALED_MS")
  stop_balancer
done
echo "start to first 200:          $(summary "${starts[@]}")"
echo "SIGKILL -> N=3, idle:        $(summary "${idles[@]}")"
echo "SIGKILL -> N=3, $rate req/s: $(summary "${loads[@]}")"
