#!/usr/bin/env bash
# Coverage-guided fuzzing of one Jazzer target, for longer than the regression run of `mvn verify`.
#
#   scripts/fuzz.sh <target> [duration]      e.g. scripts/fuzz.sh response 10m
#
# Targets: response (ResponseHead + BodyFraming against Netty's decoder), admin (the /add and
# /rm body parser), request (the client pipeline end to end, when present). Inputs that find new
# coverage go to .cifuzz-corpus/ (not committed); a failing input is written to the target's
# src/test/resources/...Inputs/ directory, where `mvn verify` replays it from then on: fix the
# bug, then commit the input with the fix.
set -euo pipefail
cd "$(dirname "$0")/.."

target=${1:-}
duration=${2:-5m}
case "$target" in
  response) test=io.ringlb.balancer.proxy.ResponseFramingFuzzTest ;;
  admin) test=io.ringlb.balancer.admin.ScaleRequestParserFuzzTest ;;
  request) test=io.ringlb.balancer.proxy.RequestPathFuzzTest ;;
  *) echo "usage: $0 response|admin|request [duration, e.g. 30s, 10m]" >&2; exit 2 ;;
esac

JAZZER_FUZZ=1 exec mvn -B -ntp verify -pl ringlb-balancer -am -DskipITs \
  -Dtest="$test" -Dsurefire.failIfNoSpecifiedTests=false \
  -Djazzer.max_duration="$duration" \
  -Djunit.jupiter.execution.timeout.mode=disabled
