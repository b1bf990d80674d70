#!/usr/bin/env bash
# Side-by-side proxy benchmark: direct-to-backend, ringlb, HAProxy and nginx, all hashing on the
# request URI with consistent hashing over the same 3 nginx backends, measured with wrk in
# alternating rounds (A B C D A B C D ...) so that machine noise hits every contender alike.
#
#   bench/run.sh                      # all scenarios, 3 rounds of 6 s each after a 2 s warm-up (~12 minutes)
#   ROUNDS=5 DURATION=10 bench/run.sh c64 close
#   BASE_JAR=/tmp/old/ringlb.jar bench/run.sh c64   # adds "ringlb-base": an older build, same options
#   RINGLB_ARGS="--transport io_uring" bench/run.sh  # extra options for ringlb (BASE_ARGS: for ringlb-base)
#   BUSY_CPUS=1 bench/run.sh          # with a background load: stress-ng keeps 1 core busy throughout
#
# ringlb-nometrics is the same build as ringlb with --no-metrics: the two side by side in every
# round measure what counting requests costs (goal: within 3 %). ringlb's own /metrics is saved
# at the end (ringlb-metrics.txt), to set its counts beside what wrk sent.
#
# Scenarios: c64 (64 connections), c1000 (1,000 connections), post64k (64 KiB POST bodies,
# 64 connections), close (a new connection per request, 64 connections), mixed (responses of
# 1 KiB, 64 KiB and 1 MiB, 70/25/5 %, 64 connections), hot (every request the same hash key, so
# one replica would take it all: ringlb and HAProxy with bounded loads at c = 1.25, nginx, which
# has no bounded loads, plain), and idle10k (ringlb only: its RSS while it holds 10,000 idle
# client connections, and c64 latency meanwhile).
# Installs wrk, haproxy and nginx from Debian if missing. Loopback only. Results go to
# bench/out/<time>/ (raw wrk output) and a table on stdout.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
ROUNDS="${ROUNDS:-3}"
DURATION="${DURATION:-6}"
WARMUP="${WARMUP:-2}"
THREADS="${THREADS:-1}"
scenarios=("$@")
[[ ${#scenarios[@]} -eq 0 ]] && scenarios=(c64 c1000 post64k close mixed hot idle10k)

need=()
command -v wrk >/dev/null || need+=(wrk)
command -v haproxy >/dev/null || need+=(haproxy)
command -v nginx >/dev/null || need+=(nginx-light)
BUSY_CPUS="${BUSY_CPUS:-0}"
[[ $BUSY_CPUS -gt 0 ]] && ! command -v stress-ng >/dev/null && need+=(stress-ng)
if [[ ${#need[@]} -gt 0 ]]; then
  echo "installing ${need[*]} ..." >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
jar="${RINGLB_JAR:-$root/ringlb-cli/target/ringlb.jar}"
if [[ ! -f "$jar" ]]; then
  (cd "$root" && mvn -q -B -DskipTests package)
fi

out="$here/out/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out"
work="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

B1=19001 B2=19002 B3=19003
RINGLB=18080 HAPROXY=18081 NGINX=18082 RINGLB_BASE=18083 RINGLB_HOT=18084 HAPROXY_HOT=18085 RINGLB_BASE_HOT=18086
RINGLB_NOMETRICS=18087 RINGLB_NOMETRICS_HOT=18088 RINGLB_ADMIN=18901
# Room for idle10k's 10,000 connections and more under every balancer's connection limit (root may
# raise the hard limit; others get the hard limit they have).
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

# --- the backends: one nginx worker serving the same small JSON on three ports ---------------
# (and, under /s/, files of 1 KiB, 64 KiB and 1 MiB for the mixed scenario)
mkdir -p "$work/backends" "$work/lb" "$work/files"
head -c 1024 /dev/zero | tr '\0' 'a' > "$work/files/1k.bin"
head -c 65536 /dev/zero | tr '\0' 'b' > "$work/files/64k.bin"
head -c 1048576 /dev/zero | tr '\0' 'c' > "$work/files/1m.bin"
cat > "$work/backends/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $work/backends/nginx.pid;
error_log $work/backends/error.log warn;
events { worker_connections 8192; }
http {
  access_log off;
  keepalive_requests 1000000;
  client_body_buffer_size 128k;
  client_max_body_size 1m;
  client_body_temp_path $work/backends;
  server { listen 127.0.0.1:$B1 backlog=4096; location / { default_type application/json; return 200 '{"message": "Hello from Server: b1", "status": "successful"}'; }
           location /s/1k/ { root $work/files; try_files /1k.bin =404; } location /s/64k/ { root $work/files; try_files /64k.bin =404; }
           location /s/1m/ { root $work/files; try_files /1m.bin =404; } }
  server { listen 127.0.0.1:$B2 backlog=4096; location / { default_type application/json; return 200 '{"message": "Hello from Server: b2", "status": "successful"}'; }
           location /s/1k/ { root $work/files; try_files /1k.bin =404; } location /s/64k/ { root $work/files; try_files /64k.bin =404; }
           location /s/1m/ { root $work/files; try_files /1m.bin =404; } }
  server { listen 127.0.0.1:$B3 backlog=4096; location / { default_type application/json; return 200 '{"message": "Hello from Server: b3", "status": "successful"}'; }
           location /s/1k/ { root $work/files; try_files /1k.bin =404; } location /s/64k/ { root $work/files; try_files /64k.bin =404; }
           location /s/1m/ { root $work/files; try_files /1m.bin =404; } }
}
CONF
chmod -R a+rX "$work" # nginx's workers run as an unprivileged user
nginx -c "$work/backends/nginx.conf" & pids+=($!)

# --- HAProxy: consistent hashing on the URI, keep-alive to the backends ---------------------------
cat > "$work/lb/haproxy.cfg" <<CONF
global
  maxconn 8000
defaults
  mode http
  timeout connect 1s
  timeout client 30s
  timeout server 30s
  option http-keep-alive
  http-reuse always
frontend fe
  bind 127.0.0.1:$HAPROXY
  default_backend be
backend be
  balance uri
  hash-type consistent
  server b1 127.0.0.1:$B1
  server b2 127.0.0.1:$B2
  server b3 127.0.0.1:$B3
frontend fe_hot
  bind 127.0.0.1:$HAPROXY_HOT
  default_backend be_hot
backend be_hot
  balance uri
  hash-type consistent
  hash-balance-factor 125
  server b1 127.0.0.1:$B1
  server b2 127.0.0.1:$B2
  server b3 127.0.0.1:$B3
CONF
haproxy -f "$work/lb/haproxy.cfg" -db & pids+=($!)

# --- nginx as a load balancer: consistent hash on the URI, upstream keep-alive -------------------
cat > "$work/lb/nginx.conf" <<CONF
worker_processes auto;
daemon off;
pid $work/lb/nginx.pid;
error_log $work/lb/error.log warn;
events { worker_connections 8192; }
worker_rlimit_nofile 65536;
http {
  access_log off;
  keepalive_requests 1000000;
  client_body_buffer_size 128k;
  client_body_temp_path $work/lb;
  proxy_temp_path $work/lb;
  upstream be {
    hash \$request_uri consistent;
    server 127.0.0.1:$B1;
    server 127.0.0.1:$B2;
    server 127.0.0.1:$B3;
    keepalive 256;
  }
  server {
    listen 127.0.0.1:$NGINX backlog=4096;
    location / {
      proxy_pass http://be;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_request_buffering off;
    }
  }
}
CONF
nginx -c "$work/lb/nginx.conf" & pids+=($!)

# --- ringlb: the same backends, as static backends, hashing on the URI ---------------------------
# (a second instance with bounded loads for the hot scenario; the same pair from BASE_JAR if given)
start_ringlb() { # jar port log extra-args...
  local j=$1 port=$2 log=$3
  shift 3
  java ${RINGLB_JAVA_OPTS:--Xms128m -Xmx128m -Xmn24m -XX:+UseParallelGC -XX:CompileThresholdScaling=3} -jar "$j" start --port "$port" \
    --provisioner static --backends b1=127.0.0.1:$B1,b2=127.0.0.1:$B2,b3=127.0.0.1:$B3 \
    --hash-key uri "$@" > "$log" 2>&1 & pids+=($!)
}
# Every instance of this build names its admin port: they would all want 9901 otherwise.
# shellcheck disable=SC2086
start_ringlb "$jar" $RINGLB "$out/ringlb.log" --admin-port $RINGLB_ADMIN ${RINGLB_ARGS:-}
ringlb_pid=$!
# shellcheck disable=SC2086
start_ringlb "$jar" $RINGLB_HOT "$out/ringlb-hot.log" --balance-factor 1.25 --admin-port 0 ${RINGLB_ARGS:-}
# shellcheck disable=SC2086
start_ringlb "$jar" $RINGLB_NOMETRICS "$out/ringlb-nometrics.log" --no-metrics --admin-port 0 ${RINGLB_ARGS:-}
# shellcheck disable=SC2086
start_ringlb "$jar" $RINGLB_NOMETRICS_HOT "$out/ringlb-nometrics-hot.log" --balance-factor 1.25 --no-metrics --admin-port 0 ${RINGLB_ARGS:-}
ports=($B1 $B2 $B3 $HAPROXY $HAPROXY_HOT $NGINX $RINGLB $RINGLB_HOT $RINGLB_NOMETRICS $RINGLB_NOMETRICS_HOT)
if [[ -n "${BASE_JAR:-}" ]]; then
  # shellcheck disable=SC2206
  base_args=(${BASE_ARGS:-})
  # A build with an admin listener must not take the default port the others would want too.
  java -jar "$BASE_JAR" start --help 2>/dev/null | grep -q -- --admin-port && base_args+=(--admin-port 0)
  start_ringlb "$BASE_JAR" $RINGLB_BASE "$out/ringlb-base.log" "${base_args[@]}"
  start_ringlb "$BASE_JAR" $RINGLB_BASE_HOT "$out/ringlb-base-hot.log" --balance-factor 1.25 "${base_args[@]}"
  ports+=($RINGLB_BASE $RINGLB_BASE_HOT)
fi

for port in "${ports[@]}"; do
  for _ in $(seq 200); do
    curl -s -o /dev/null "http://127.0.0.1:$port/warm" && break
    sleep 0.1
  done
done

# --- wrk scripts ----------------------------------------------------------------------------
cat > "$work/random.lua" <<'LUA'
math.randomseed(os.time())
request = function() return wrk.format("GET", "/item/" .. math.random(1, 10000000)) end
LUA
head -c 65536 /dev/zero | tr '\0' 'x' > "$work/body64k"
cat > "$work/post64k.lua" <<LUA
math.randomseed(os.time())
local f = io.open("$work/body64k", "rb"); local body = f:read("*a"); f:close()
request = function() return wrk.format("POST", "/item/" .. math.random(1, 10000000), {["Content-Type"] = "text/plain"}, body) end
LUA
cat > "$work/mixed.lua" <<'LUA'
math.randomseed(os.time())
request = function()
  local p = math.random(1, 100)
  local size = p <= 70 and "1k" or (p <= 95 and "64k" or "1m")
  return wrk.format("GET", "/s/" .. size .. "/" .. math.random(1, 10000000))
end
LUA
cat > "$work/hot.lua" <<'LUA'
request = function() return wrk.format("GET", "/hot") end
LUA
cat > "$work/close.lua" <<'LUA'
math.randomseed(os.time())
request = function() return wrk.format("GET", "/item/" .. math.random(1, 10000000), {["Connection"] = "close"}) end
LUA

declare -A url=([direct]="http://127.0.0.1:$B1" [ringlb]="http://127.0.0.1:$RINGLB" [haproxy]="http://127.0.0.1:$HAPROXY"
  [nginx]="http://127.0.0.1:$NGINX" [ringlb-base]="http://127.0.0.1:$RINGLB_BASE"
  [ringlb-nometrics]="http://127.0.0.1:$RINGLB_NOMETRICS")
declare -A hot_url=([direct]="http://127.0.0.1:$B1" [ringlb]="http://127.0.0.1:$RINGLB_HOT" [haproxy]="http://127.0.0.1:$HAPROXY_HOT"
  [nginx]="http://127.0.0.1:$NGINX" [ringlb-base]="http://127.0.0.1:$RINGLB_BASE_HOT"
  [ringlb-nometrics]="http://127.0.0.1:$RINGLB_NOMETRICS_HOT")
contenders=(direct ringlb ringlb-nometrics haproxy nginx)
[[ -n "${BASE_JAR:-}" ]] && contenders=(direct ringlb ringlb-nometrics ringlb-base haproxy nginx)

run_wrk() { # scenario contender seconds output
  local s=$1 c=$2 secs=$3 output=$4 conns=64 script="$work/random.lua" target="${url[$2]}"
  case $s in
    c1000) conns=1000 ;;
    post64k) script="$work/post64k.lua" ;;
    close) script="$work/close.lua" ;;
    mixed) script="$work/mixed.lua" ;;
    hot) script="$work/hot.lua"; target="${hot_url[$c]}" ;;
  esac
  wrk -t"$THREADS" -c"$conns" -d"${secs}s" --timeout 5s --latency -s "$script" "$target" > "$output" 2>&1 || true
}

# A noisy shared host: other processes taking CPU from every contender alike, all run long.
if [[ $BUSY_CPUS -gt 0 ]]; then
  stress-ng --cpu "$BUSY_CPUS" --cpu-method int64 --quiet > "$out/stress-ng.log" 2>&1 & pids+=($!)
  echo "background load: stress-ng --cpu $BUSY_CPUS" | tee "$out/background.txt" >&2
fi

# Warm-up (JIT, pools) for every contender, not measured.
for c in "${contenders[@]}"; do
  wrk -t"$THREADS" -c64 -d3s -s "$work/random.lua" "${url[$c]}" > /dev/null 2>&1 || true
  wrk -t"$THREADS" -c64 -d1s -s "$work/hot.lua" "${hot_url[$c]}" > /dev/null 2>&1 || true
done

rss_mb() { echo $(( $(awk '/VmRSS/ {print $2}' "/proc/$ringlb_pid/status") / 1024 )); }

for s in "${scenarios[@]}"; do
  if [[ $s == idle10k ]]; then
    echo "scenario idle10k: opening 10,000 idle connections to ringlb" >&2
    python3 "$here/hold_idle.py" $RINGLB 10000 > "$out/hold_idle.log" 2>&1 & holder=$!; pids+=($holder)
    for _ in $(seq 240); do grep -q holding "$out/hold_idle.log" && break; sleep 0.5; done
    echo "rss_mb_idle $(rss_mb)" > "$out/idle10k-rss.txt"
    for r in $(seq "$ROUNDS"); do
      echo "scenario idle10k round $r/$ROUNDS: ringlb" >&2
      wrk -t"$THREADS" -c64 -d"${DURATION}s" --timeout 5s --latency -s "$work/random.lua" "${url[ringlb]}" > "$out/idle10k-ringlb-$r.txt" 2>&1 || true
    done
    echo "rss_mb_loaded $(rss_mb)" >> "$out/idle10k-rss.txt"
    echo "connections $(ss -tn state established "( sport = :$RINGLB )" | tail -n +2 | wc -l)" >> "$out/idle10k-rss.txt"
    kill $holder 2>/dev/null || true
    continue
  fi
  # Each contender runs the scenario once unmeasured first: its own code path warm (a JVM's JIT,
  # every proxy's pools and caches), so that round 1 measures the same steady state as round 3.
  for c in "${contenders[@]}"; do
    run_wrk "$s" "$c" "$WARMUP" /dev/null
  done
  for r in $(seq "$ROUNDS"); do
    for c in "${contenders[@]}"; do
      echo "scenario $s round $r/$ROUNDS: $c" >&2
      run_wrk "$s" "$c" "$DURATION" "$out/$s-$c-$r.txt"
    done
  done
done

# What ringlb counted over the whole run (warm-up included), to set beside wrk's own totals.
curl -s "http://127.0.0.1:$RINGLB_ADMIN/metrics" > "$out/ringlb-metrics.txt" || true
python3 "$here/summarize.py" "$out" "$ROUNDS" "${scenarios[@]}" | tee "$out/summary.md"
