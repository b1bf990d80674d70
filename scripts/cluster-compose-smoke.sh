#!/usr/bin/env bash
# The cluster compose stack (docker-compose.cluster.yml), end to end, under its own compose
# project, network and ports so that it never meets the single-balancer stack:
#   etcd + two balancers come up and serve the same ring (same /rep, same version, same replica
#   for the same key); /add on one is seen by the other; docker kill of a replica container is
#   healed once; a SIGKILLed balancer container restarts and takes its own replicas back; down
#   leaves no replica container and no network behind.
# Needs a Docker engine with Compose (scripts/docker-engine.sh) and root. Builds its images with
# the tag $CLUSTER_SMOKE_TAG (default latest). Prints 'cluster-compose-smoke: N passed, 0 failed'.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
tag="${CLUSTER_SMOKE_TAG:-latest}"
project="ringlb-cluster-smoke"
export RINGLB_IMAGE="ringlb:$tag" RINGLB_REPLICA_IMAGE="ringlb-replica:$tag" RINGLB_ETCD_IMAGE="ringlb-etcd:$tag"
export RINGLB_CLUSTER_NET="ringlb-cluster-smoke-net" LB1_PORT="${SMOKE_LB1_PORT:-5091}" LB2_PORT="${SMOKE_LB2_PORT:-5092}"
compose() { if docker compose version >/dev/null 2>&1; then docker compose -p "$project" -f docker-compose.cluster.yml "$@"; \
            else docker-compose -p "$project" -f docker-compose.cluster.yml "$@"; fi; }
passed=0
say() { echo "cluster-compose-smoke: $*"; }
down() { compose down --remove-orphans >/dev/null 2>&1 || true; }
fail() { echo "cluster-compose-smoke: FAILED: $*" >&2; compose logs --tail 30 lb1 lb2 >&2 || true; down; exit 1; }
pass() { passed=$((passed + 1)); say "ok: $*"; }
cleanup() {
  for lb in lb1 lb2; do
    docker ps -aq --filter "label=io.ringlb.cluster=demo.$lb" | xargs -r docker rm -f >/dev/null 2>&1 || true
  done
}
trap cleanup EXIT

REPLICA_IMAGE="$RINGLB_REPLICA_IMAGE" BALANCER_IMAGE="$RINGLB_IMAGE" BASE_IMAGE="${BASE_IMAGE:-ringlb-base:17}" scripts/docker-images.sh >/dev/null
BASE_IMAGE="${BASE_IMAGE:-ringlb-base:17}" scripts/docker-etcd-image.sh "$RINGLB_ETCD_IMAGE" >/dev/null
down
t0=$(date +%s%N)
compose up -d >/dev/null 2>&1 || fail "compose up"

rep() { curl -fsS "localhost:$1/rep" 2>/dev/null || true; }
field() { curl -fsS -D - -o /dev/null "$@" 2>/dev/null | tr -d '\r' | awk -F': ' -v f="$FIELD" 'tolower($1) == f {print $2}'; }
names() { rep "$1" | grep -oE '"replicas": ?\[[^]]*\]' | grep -oE '"[a-z0-9-]+"' | tr -d '"' | grep -v '^replicas$' || true; }
agree() { local a b; a="$(rep "$LB1_PORT")"; b="$(rep "$LB2_PORT")"; [[ -n "$a" && "$a" == "$b" && "$a" == *"\"N\":$1,"* ]]; }
eventually() { for _ in $(seq 1 240); do "$@" && return 0; sleep 0.5; done; return 1; }

eventually agree 3 || fail "the two balancers did not serve the same N=3 ring: $(rep "$LB1_PORT") / $(rep "$LB2_PORT")"
pass "up in $(( ($(date +%s%N) - t0) / 1000000 )) ms: both balancers answer $(rep "$LB1_PORT")"

for key in 11 222 3333 44444 555555 abc def; do
  a="$(FIELD=x-served-by field -H "X-Request-Id: $key" "localhost:$LB1_PORT/home")"
  b="$(FIELD=x-served-by field -H "X-Request-Id: $key" "localhost:$LB2_PORT/home")"
  [[ -n "$a" && "$a" == "$b" ]] || fail "key $key went to '$a' through lb1 and '$b' through lb2"
done
pass "the same keys reach the same replicas through lb1 and lb2"

curl -fsS -X POST "localhost:$LB1_PORT/add" -d '{"n": 1, "hostnames": ["smoke4"]}' >/dev/null || fail "/add on lb1"
eventually agree 4 || fail "/add on lb1 not seen on lb2: $(rep "$LB2_PORT")"
pass "/add on lb1 is seen on lb2: [$(names "$LB2_PORT" | tr '\n' ' ')]"

docker kill smoke4 >/dev/null || fail "docker kill smoke4"
healed() { agree 4 && ! names "$LB1_PORT" | grep -qx smoke4; }
eventually healed || fail "smoke4 not replaced: $(rep "$LB1_PORT")"
sleep 2
agree 4 || fail "after the replacement the ring moved again: $(rep "$LB1_PORT")"
pass "docker kill smoke4: replaced once, [$(names "$LB1_PORT" | tr '\n' ' ')]"

before="$(rep "$LB1_PORT")"
lb2="$(compose ps -q lb2)"
kill -9 "$(docker inspect -f '{{.State.Pid}}' "$lb2")"
sleep 2
eventually agree 4 || fail "after lb2 crashed: $(rep "$LB1_PORT") / $(rep "$LB2_PORT")"
# Restarted within its lease's TTL, lb2 takes its seat back and adopts its containers; later, the
# leader has replaced them meanwhile and lb2 removes its stale ones. Either way: one ring, N=4.
if [[ "$(rep "$LB1_PORT")" == "$before" ]]; then how="it took its own replicas back"; else how="its replicas had been replaced"; fi
pass "lb2 crashed and restarted: both serve N=4 again ($how)"

down
[[ -z "$(docker ps -aq --filter label=io.ringlb.cluster=demo.lb1)$(docker ps -aq --filter label=io.ringlb.cluster=demo.lb2)" ]] \
  || fail "down left replica containers"
! docker network inspect "$RINGLB_CLUSTER_NET" >/dev/null 2>&1 || fail "down left the network $RINGLB_CLUSTER_NET"
pass "down: no replica container, no network left"
say "$passed passed, 0 failed"
