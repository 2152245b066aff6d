#!/usr/bin/env bash
# Side-by-side RESP throughput: Debian's redis-server and our node on loopback, measured in one run,
# alternating servers per round so machine noise hits both alike. Prints CSV rows:
#   round,server,pipeline,test,rps,p50_ms,p99_ms
# and, at the end, memory after DEBUG POPULATE for each server.
# Usage: deploy/bench/resp-vs-redis.sh [rounds=2] > out.csv   (env: N=1000000 C=50 TESTS=... POPULATE_N=1000000)
# NODES="before=/a/ActorReplication.Node.dll after=/b/ActorReplication.Node.dll" measures several node builds in the
# same run (each named in the server column); by default the node built from this tree, named "ours".
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
rounds=${1:-2}
N=${N:-1000000}
C=${C:-50}
TESTS=${TESTS:-set,get,incr,lpush,lpop,sadd,hset,mset}
POPULATE_N=${POPULATE_N:-1000000}
work=$(mktemp -d)
declare -A ports
trap 'for p in "${ports[@]}"; do redis-cli -p "$p" shutdown nosave >/dev/null 2>&1 || true; done; rm -rf "$work"' EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_up() { for _ in $(seq 1 200); do redis-cli -p "$1" ping >/dev/null 2>&1 && return 0; sleep 0.05; done; echo "server on $1 did not start" >&2; exit 1; }

NODES=${NODES:-"ours=$root/src/ActorReplication.Node/bin/Release/net10.0/ActorReplication.Node.dll"}
[ "$NODES" = "ours=$root/src/ActorReplication.Node/bin/Release/net10.0/ActorReplication.Node.dll" ] && dotnet build -c Release "$root/src/ActorReplication.Node" -v q -nologo >/dev/null
rport=$(free_port)
redis-server --port "$rport" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes --dir "$work" --logfile "$work/redis.log" --enable-debug-command local >/dev/null
servers=(redis); ports[redis]=$rport
for entry in $NODES; do
  name=${entry%%=*}; port=$(free_port); servers+=("$name"); ports[$name]=$port
  DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 DOTNET_gcServer=0 dotnet "${entry#*=}" --port "$port" > "$work/$name.log" 2>&1 &
done
for name in "${servers[@]}"; do wait_up "${ports[$name]}"; done

echo "round,server,pipeline,test,rps,p50_ms,p99_ms"
for round in $(seq 1 "$rounds"); do
  for pipeline in 1 16; do
    for server in "${servers[@]}"; do
      port=${ports[$server]}
      redis-cli -p "$port" flushall >/dev/null
      # --csv columns: "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
      redis-benchmark -p "$port" -t "$TESTS" -c "$C" -n "$N" -P "$pipeline" -d 64 --csv 2>/dev/null | tail -n +2 | tr -d '"' |
        awk -F, -v r="$round" -v s="$server" -v p="$pipeline" '{print r "," s "," p "," $1 "," $2 "," $5 "," $7}'
    done
  done
done

for server in "${servers[@]}"; do
  port=${ports[$server]}
  redis-cli -p "$port" flushall >/dev/null
  before=$(redis-cli -p "$port" info memory | tr -d '\r' | awk -F: '/^used_memory:/{print $2}')
  redis-cli -p "$port" debug populate "$POPULATE_N" key 64 >/dev/null
  mem=$(redis-cli -p "$port" info memory | tr -d '\r')
  used=$(echo "$mem" | awk -F: '/^used_memory:/{print $2}')
  rss=$(echo "$mem" | awk -F: '/^used_memory_rss:/{print $2}')
  echo "memory,$server,populate=$POPULATE_N,used_memory=$used,used_memory_empty=$before,rss=$rss"
done
