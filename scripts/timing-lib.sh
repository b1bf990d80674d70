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
