# Helpers of the timing scripts (sourced): clock, free port, healing wait, median/max.

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# A TCP port nothing listens on now.
free_port() {
  local p
  while :; do
    p=$(( 20000 + RANDOM % 20000 ))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
}

# Waits until the balancer on port $1 lists N=$3 replicas, $2 not among them; prints the ms since
# $4 (a now_ms value). Gives up after $5 ms.
wait_healed() {
  local port="$1" victim="$2" n="$3" t0="$4" limit="$5" rep
  until rep="$(curl -fsS "http://127.0.0.1:$port/rep" 2>/dev/null)" && [[ "$rep" == *"\"N\":$n"* && "$rep" != *"\"$victim\""* ]]; do
    (( $(now_ms) - t0 < limit )) || { echo "timings: not healed within $limit ms (last /rep: ${rep:-none})" >&2; return 1; }
    sleep 0.005
  done
  echo $(( $(now_ms) - t0 ))
}

# "median X ms, max Y ms (n values)" of the given integers.
summary() {
  local sorted n
  mapfile -t sorted < <(printf '%s\n' "$@" | sort -n)
  n=${#sorted[@]}
  if (( n % 2 )); then
    median=${sorted[n / 2]}
  else
    median=$(( (sorted[n / 2 - 1] + sorted[n / 2]) / 2 ))
  fi
  echo "median $median ms, max ${sorted[n - 1]} ms ($n rounds: ${sorted[*]})"
}

# Starts `ringlb load` (from jar $1) against the balancer on port $2 at $3 requests/s, lets it send
# for 2 s, then runs the rest of the arguments (a command printing ms, such as a kill-and-heal) and
# stops the load. Sets HEALED_MS to what the command printed and LOAD_REPORT to the load's line.
# The caller's EXIT trap should stop $load_pid if set.
heal_under_load() {
  local jar="$1" port="$2" rate="$3" out
  shift 3
  out="$(mktemp)"
  java -Xmx128m -XX:+UseSerialGC -jar "$jar" load "http://127.0.0.1:$port" --rate "$rate" --duration 120s >"$out" 2>&1 &
  load_pid=$!
  for _ in $(seq 1 300); do grep -q '^sending' "$out" && break; kill -0 "$load_pid" 2>/dev/null || break; sleep 0.1; done
  sleep 2
  HEALED_MS="$("$@")"
  sleep 0.5
  kill "$load_pid"
  wait "$load_pid" || true
  load_pid=""
  LOAD_REPORT="$(grep -o 'load: .*' "$out" || { echo -n 'load: no report: '; tail -1 "$out"; })"
  rm -f "$out"
}

# Heals twice with the rest of the arguments (a command that kills a replica and prints the ms
# until N is restored): idle, then under load as heal_under_load does with jar $1, port $2 and
# rate $3. Sets IDLE_MS, HEALED_MS and LOAD_REPORT.
heal_idle_then_loaded() {
  local jar="$1" port="$2" rate="$3"
  shift 3
  IDLE_MS="$("$@")"
  sleep 1
  heal_under_load "$jar" "$port" "$rate" "$@"
}

# Stops the balancer $pid (SIGTERM) and waits for it.
stop_balancer() {
  kill "$pid"
  wait "$pid" || true
  pid=""
}
