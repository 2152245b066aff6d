#!/usr/bin/env bash
# Starts, stops and shows the local cluster from the shipped HOCON files.
#   deploy/cluster.sh start    build (Release) and start the nodes in the background
#   deploy/cluster.sh stop     stop the nodes this script started (SHUTDOWN, then SIGTERM by pid file)
#   deploy/cluster.sh status   show each node's role and pid
# Nodes: hocon/master.conf on 6379, hocon/replica-1.conf and replica-2.conf on 6380/6381 (replicas of the master).
# Runtime files (pid files, logs) go to run/ at the repository root.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
run="$root/run"
nodes=(master replica-1 replica-2)
dll="$root/src/ActorReplication.Node/bin/Release/net10.0/ActorReplication.Node.dll"

port_of() { sed -n 's/^[[:space:]]*port[[:space:]]*=[[:space:]]*\([0-9]*\).*/\1/p' "$root/hocon/$1.conf" | head -1; }

answers() { # port -> 0 if something answers PING there
  { exec 3<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null || return 1
  printf 'PING\r\n' >&3
  local line; IFS= read -r -t 2 line <&3 || true
  exec 3>&-
  [[ "$line" == "+PONG"* ]]
}

start() {
  mkdir -p "$run"
  dotnet build -c Release "$root/src/ActorReplication.Node" -v q -nologo >/dev/null
  for n in "${nodes[@]}"; do
    local port; port=$(port_of "$n")
    if answers "$port"; then echo "$n: something already answers on port $port; not starting"; continue; fi
    nohup dotnet "$dll" --config "$root/hocon/$n.conf" --pidfile "$run/$n.pid" > "$run/$n.log" 2>&1 &
    for _ in $(seq 1 100); do answers "$port" && break; sleep 0.1; done
    if answers "$port"; then echo "$n: up on 127.0.0.1:$port (log: run/$n.log)"; else echo "$n: did not start; see run/$n.log"; exit 1; fi
  done
  echo "Try: redis-cli -p 6379 set hello world"
}

stop() {
  for n in "${nodes[@]}"; do
    local pidfile="$run/$n.pid"
    [[ -f "$pidfile" ]] || { echo "$n: not started by this script"; continue; }
    local pid; pid=$(cat "$pidfile")
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
    rm -f "$pidfile"
    echo "$n: stopped"
  done
}

status() {
  for n in "${nodes[@]}"; do
    local port; port=$(port_of "$n")
    if answers "$port"; then echo "$n: up on 127.0.0.1:$port pid $(cat "$run/$n.pid" 2>/dev/null || echo '?')"; else echo "$n: down (port $port)"; fi
  done
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
