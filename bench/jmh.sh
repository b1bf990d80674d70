#!/usr/bin/env bash
# JMH benchmarks of the hashing core: lookups (ring, maglev, spec at N = 3 and N = 100; spec
# holds at most 56) and snapshot rebuilds at N = 100. Extra arguments go to JMH, e.g.
#   bench/jmh.sh LookupBenchmark -p algorithm=ring
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
(cd "$root" && mvn -q -B -DskipTests package -pl ringlb-benchmarks -am)
exec java -jar "$root/ringlb-benchmarks/target/benchmarks.jar" "$@"
