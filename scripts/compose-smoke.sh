#!/usr/bin/env bash
# The compose deployment, end to end, from a fresh clone of this checkout's HEAD:
#   make up; curl localhost:5000/rep shows 3 replicas, each a running container of that name;
#   the port is published on the host's loopback only, and curl localhost:5000/add and /rm work
#   from this host with no credential; docker kill of a replica is healed; a crashed balancer
#   comes back and adopts the same replicas; with RINGLB_ADMIN_TOKEN set, /add needs the token;
#   make down leaves no replica container and no ringlb-net behind.
# Needs a Docker engine and Compose (scripts/docker-engine.sh), root (to crash the balancer),
# and port 5000 free (SMOKE_PORT to change it). Prints 'compose-smoke: N passed, 0 failed'.
set -euo pipefail
src="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
port="${SMOKE_PORT:-5000}"
work="$(mktemp -d)"
passed=0
say() { echo "compose-smoke: $*"; }
fail() { echo "compose-smoke: FAILED: $*" >&2; (cd "$work/ringlb" && make -s down PORT="$port" >/dev/null 2>&1) || true; exit 1; }
pass() { passed=$((passed + 1)); say "ok: $*"; }
cleanup() {
  docker ps -aq --filter label=io.ringlb.cluster=ringlb | xargs -r docker rm -f >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# /rep's replica names, one a line.
replicas() { curl -fsS "localhost:$port/rep" 2>/dev/null | grep -oE '"replicas": ?\[[^]]*\]' | grep -oE '"[A-Za-z0-9_.-]+"' | tr -d '"' | grep -v '^replicas$' || true; }
# The cluster's running replica containers, one name a line, sorted.
containers() { docker ps --filter label=io.ringlb.cluster=ringlb --format '{{.Names}}' | sort; }
# Polls until "$@" succeeds, for up to 60 s.
eventually() { for _ in $(seq 1 120); do "$@" && return 0; sleep 0.5; done; return 1; }
three_serving() { [[ "$(replicas | wc -l)" == 3 && "$(replicas | sort)" == "$(containers)" ]]; }

git clone -q --no-checkout "$src" "$work/ringlb"
git -C "$work/ringlb" checkout -q "$(git -C "$src" rev-parse HEAD)"
cd "$work/ringlb"
say "fresh clone of $(git rev-parse --short HEAD) in $work/ringlb"

t0=$(date +%s%N)
make -s up PORT="$port" || fail "make up"
say "make up took $(( ($(date +%s%N) - t0) / 1000000 )) ms (build, images, stack)"
three_serving || fail "/rep lists [$(replicas | tr '\n' ' ')] but the running containers are [$(containers | tr '\n' ' ')]"
pass "make up: /rep lists 3 replicas, each a running container of that name"
home="$(curl -fsS "localhost:$port/home")"
name="${home##*Server: }"; name="${name%%\"*}"
replicas | grep -qx "$name" || fail "/home answered '$home', not from a replica /rep lists"
pass "GET /home through the balancer: $name"

balancer="$(scripts/compose.sh ps -q ringlb)"
published="$(docker inspect -f '{{range $p, $b := .HostConfig.PortBindings}}{{range $b}}{{.HostIp}} {{end}}{{end}}' "$balancer")"
[[ "$published" == "127.0.0.1 " ]] || fail "the balancer's port is published on [$published], not on 127.0.0.1 only"
# /add and /rm from this host, with no credential: the assignment's contract, out of the box.
added="$(curl -sS -w ' %{http_code}' -X POST "localhost:$port/add" -d '{"n": 1, "hostnames": ["smoke_4.a"]}')"
[[ "$added" == *'"N":4'*' 200' ]] || fail "curl -X POST localhost:$port/add answered: $added"
removed="$(curl -sS -w ' %{http_code}' -X DELETE "localhost:$port/rm" -d '{"n": 1, "hostnames": ["smoke_4.a"]}')"
[[ "$removed" == *'"N":3'*' 200' ]] || fail "curl -X DELETE localhost:$port/rm answered: $removed"
# (Logs read whole first: grep -q would stop reading early, and pipefail would count that as a failure.)
logs="$(scripts/compose.sh logs ringlb 2>&1)"
grep -q "count as local" <<<"$logs" || fail "the balancer did not say it trusts the host's loopback mapping"
pass "published on 127.0.0.1 only; /add and /rm from this host need no credential"

victim="$(replicas | sed -n 1p)"
docker kill "$victim" >/dev/null
healed() { three_serving && ! replicas | grep -qx "$victim"; }
eventually healed || fail "after docker kill $victim: /rep [$(replicas | tr '\n' ' ')], containers [$(containers | tr '\n' ' ')]"
pass "docker kill $victim: replaced, /rep [$(replicas | tr '\n' ' ')]"

before="$(replicas)"
kill -9 "$(docker inspect -f '{{.State.Pid}}' "$balancer")"
sleep 1
answers() { curl -fsS "localhost:$port/rep" >/dev/null 2>&1; }
eventually answers || fail "the balancer did not come back after a crash"
eventually three_serving || fail "after the crash: /rep [$(replicas | tr '\n' ' ')]"
[[ "$(replicas)" == "$before" ]] || fail "after the crash /rep is [$(replicas | tr '\n' ' ')], was [$(echo $before)]"
pass "balancer crash: restarted, adopted the same replicas in the same order, no duplicates"

# With a token (compose passes RINGLB_ADMIN_TOKEN on), /add needs it, from this host too.
token="smoke-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
RINGLB_ADMIN_TOKEN="$token" RINGLB_PORT="$port" scripts/compose.sh up -d ringlb >/dev/null 2>&1 || fail "compose up with a token"
eventually three_serving || fail "with a token: /rep [$(replicas | tr '\n' ' ')]"
code="$(curl -sS -o /dev/null -w '%{http_code}' -X POST "localhost:$port/add" -d '{"n": 1}')"
[[ "$code" == 401 ]] || fail "with a token, /add without it answered $code, not 401"
added="$(curl -sS -w ' %{http_code}' -H "Authorization: Bearer $token" -X POST "localhost:$port/add" -d '{"n": 1, "hostnames": ["smoke5"]}')"
[[ "$added" == *'"N":4'*' 200' ]] || fail "with the token, /add answered: $added"
logs="$(scripts/compose.sh logs ringlb 2>&1)"
! grep -q "$token" <<<"$logs" || fail "the token reached the balancer's log"
pass "RINGLB_ADMIN_TOKEN: /add without it 401, with it 200; the token is not logged"

make -s down PORT="$port" >/dev/null 2>&1 || fail "make down"
[[ -z "$(docker ps -aq --filter label=io.ringlb.cluster=ringlb)" ]] || fail "make down left containers: $(containers | tr '\n' ' ')"
! docker network inspect ringlb-net >/dev/null 2>&1 || fail "make down left the network ringlb-net"
pass "make down: no replica container, no network left"
say "$passed passed, 0 failed"
