#!/usr/bin/env bash
# MULTI/EXEC pipelines side by side: Debian's redis-server and our node on loopback, in one run, alternating servers
# per round. The load is the benchmarks project's multi-exec-load (each transaction: MULTI, INCR, SET of 64 bytes,
# EXEC; C clients, P transactions per write). Prints CSV rows:
#   round,server,pipeline,transactions,seconds,tx_per_s,commands_per_s
# Usage: deploy/bench/multi-exec-vs-redis.sh [rounds=2] > out.csv   (env: TX=200000 C=50 PIPELINES="1 16")
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
source "$root/deploy/bench/lib.sh"
rounds=${1:-2}
TX=${TX:-200000}
C=${C:-50}
PIPELINES=${PIPELINES:-"1 16"}

dotnet build -c Release "$root/src/ActorReplication.Node" -v q -nologo >/dev/null
dotnet build -c Release "$root/tests/ActorReplication.Benchmarks" -v q -nologo >/dev/null
bench="$root/tests/ActorReplication.Benchmarks/bin/Release/net10.0/ActorReplication.Benchmarks.dll"
rport=$(free_port); oport=$(free_port)
redis-server --port "$rport" --bind 127.0.0.1 --save '' --appendonly no --daemonize no --dir "$work" > "$work/redis.log" 2>&1 &
pids+=($!)
DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 DOTNET_gcServer=0 dotnet "$dll" --port "$oport" > "$work/node.log" 2>&1 &
pids+=($!)
wait_up "$rport"; wait_up "$oport"

echo "round,server,pipeline,transactions,seconds,tx_per_s,commands_per_s"
for round in $(seq 1 "$rounds"); do
  for pipeline in $PIPELINES; do
    for server in redis ours; do
      port=$rport; [ "$server" = ours ] && port=$oport
      redis-cli -p "$port" flushall >/dev/null
      line=$(dotnet "$bench" multi-exec-load --port "$port" --clients "$C" --transactions "$TX" --pipeline "$pipeline")
      echo "$round,$server,$pipeline,$(echo "$line" | cut -d, -f4-)"
    done
  done
done
