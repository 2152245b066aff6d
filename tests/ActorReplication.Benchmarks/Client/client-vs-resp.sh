#!/usr/bin/env bash
# Client throughput against a 3-node cluster (master + 2 replicas from the shipped hocon/*.conf, moved to free-ish
# ports), side by side with redis-benchmark on the master's RESP port, in the same run, alternating, ROUNDS rounds.
# Usage: tests/ActorReplication.Benchmarks/Client/client-vs-resp.sh [ROUNDS] [SECONDS]   (after a Release build)
set -euo pipefail
cd "$(dirname "$0")/../../.."
ROUNDS=${1:-2}
SECONDS_PER_RUN=${2:-8}
BASE=${BASE:-27379}
NODE=src/ActorReplication.Node/bin/Release/net10.0/ActorReplication.Node.dll
BENCH=tests/ActorReplication.Benchmarks/bin/Release/net10.0/ActorReplication.Benchmarks.dll
DIR=$(mktemp -d /tmp/ar-client-bench.XXXXXX)
PIDS=()
stop() {
  for i in 0 1 2; do redis-cli -p $((BASE + i)) shutdown nosave >/dev/null 2>&1 || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$DIR"
}
trap stop EXIT
for i in 0 1 2; do
  name=$([ $i -eq 0 ] && echo master || echo replica-$i)
  subst=""
  for j in 0 1 2; do subst+="s/\b$((16379 + j))\b/$((BASE + 10000 + j))/g; s/\b$((6379 + j))\b/$((BASE + j))/g; "; done
  sed -E "$subst" "hocon/$name.conf" > "$DIR/$name.conf"
  dotnet "$NODE" --config "$DIR/$name.conf" --logfile "$DIR/$name.log" &
  PIDS+=($!)
done
for i in 1 2; do
  for _ in $(seq 1 600); do
    redis-cli -p $((BASE + i)) info replication 2>/dev/null | grep -q master_link_status:up && break
    sleep 0.1
  done
done
SEEDS="127.0.0.1:$((BASE + 10000)),127.0.0.1:$((BASE + 10001)),127.0.0.1:$((BASE + 10002))"
echo "# $(date -u '+%F %H:%M UTC'), commit $(git rev-parse --short HEAD), load $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "$ROUNDS"); do
  for c in 1 16; do
    echo "round $round redis-benchmark -c $c: $(redis-benchmark -p "$BASE" -t set,get -c $c -n $((c == 1 ? 60000 : 200000)) -d 64 -P 1 -q 2>/dev/null | tr '\r' '\n' | grep -E '^(SET|GET): [0-9.]+ requests' | tr '\n' ' ')"
  done
  dotnet "$BENCH" client-throughput --seeds "$SEEDS" --seconds "$SECONDS_PER_RUN" --callers 1,16 --ops set,get | sed "s/^/round $round /"
done
