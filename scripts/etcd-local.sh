#!/usr/bin/env bash
# etcd for a ringlb cluster on this machine: on 127.0.0.1:$ETCD_PORT (default 2379), one member,
# data in $ETCD_DATA (default /tmp/ringlb-etcd). Installs Debian's etcd-server when etcd is missing
# (as root, or through sudo); does nothing when an etcd already answers there. The etcd it starts
# runs in the background; stop it with: kill "$(cat "$ETCD_DATA.pid")".
set -euo pipefail
port="${ETCD_PORT:-2379}"
data="${ETCD_DATA:-/tmp/ringlb-etcd}"
healthy() { curl -fsS --max-time 2 "http://127.0.0.1:$port/health" 2>/dev/null | grep -q '"health":"true"'; }

if healthy; then
  echo "etcd-local: etcd already answers on 127.0.0.1:$port"
  exit 0
fi
if ! command -v etcd >/dev/null; then
  sudo=""
  [[ $(id -u) == 0 ]] || sudo="sudo"
  echo "etcd-local: installing Debian's etcd-server"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq etcd-server >/dev/null
  # On a machine with systemd the package starts its own etcd on 127.0.0.1:2379.
  for _ in $(seq 1 10); do healthy && { echo "etcd-local: the etcd-server service answers on 127.0.0.1:$port"; exit 0; }; sleep 0.5; done
fi
mkdir -p "$(dirname "$data")"
nohup etcd --name ringlb-local --data-dir "$data" \
    --listen-client-urls "http://127.0.0.1:$port" --advertise-client-urls "http://127.0.0.1:$port" \
    --listen-peer-urls "http://127.0.0.1:$((port + 1))" --initial-advertise-peer-urls "http://127.0.0.1:$((port + 1))" \
    --initial-cluster "ringlb-local=http://127.0.0.1:$((port + 1))" >"$data.log" 2>&1 &
echo $! > "$data.pid"
for _ in $(seq 1 60); do
  if healthy; then
    echo "etcd-local: etcd (pid $(cat "$data.pid")) answers on 127.0.0.1:$port; data in $data, log in $data.log"
    exit 0
  fi
  sleep 0.5
done
echo "etcd-local: etcd did not answer on 127.0.0.1:$port within 30 s; see $data.log" >&2
exit 1
