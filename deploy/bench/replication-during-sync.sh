#!/usr/bin/env bash
# What a full sync costs the master's clients, side by side: for redis-server and for our node, in one run, it
# populates a master with N keys, measures redis-benchmark SET latency on the master alone (baseline), then starts the
# same benchmark and a REPLICAOF at once and measures it again while the full sync runs (diskless, delay 0), sampling
# both processes' RSS (/proc/PID/status VmRSS) every 50 ms until the replica is in sync. Prints "server.metric: value".
# Usage: deploy/bench/replication-during-sync.sh [rounds=1]   (env: N=1000000 BENCH_N=200000 C=50)
# Starts only its own servers on free ports, stops them by the pids it started; every wait is bounded.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
rounds=${1:-1}
N=${N:-1000000}
BENCH_N=${BENCH_N:-200000}
C=${C:-50}
. "$root/deploy/bench/lib.sh"

field() { redis-cli -p "$1" info "$2" | tr -d '\r' | sed -n "s/^$3://p"; }

start() { # start KIND PORT DIR -> pid on stdout
  local kind=$1 port=$2 dir=$3; mkdir -p "$dir"
  if [ "$kind" = redis ]; then
    redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$dir" --logfile "$dir/log" --daemonize no --enable-debug-command local >/dev/null 2>&1 &
  else
    dotnet "$dll" --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$dir" --logfile "$dir/log" --daemonize no >/dev/null 2>&1 &
  fi
  echo $!
}

bench_p99() { # port -> "rps p99"
  timeout 300 redis-benchmark -p "$1" -t set -c "$C" -n "$BENCH_N" -r "$N" -d 64 --csv 2>/dev/null | tail -n +2 | tr -d '"' | awk -F, '{print $2, $7}'
}

for round in $(seq 1 "$rounds"); do
  for kind in redis ours; do
    mp=$(free_port); rp=$(free_port)
    m=$(start "$kind" "$mp" "$work/$kind-$round-m"); r=$(start "$kind" "$rp" "$work/$kind-$round-r"); pids+=("$m" "$r")
    wait_up "$mp"; wait_up "$rp"
    redis-cli -p "$mp" debug populate "$N" key 64 >/dev/null
    redis-cli -p "$mp" config set repl-diskless-sync-delay 0 >/dev/null
    read -r base_rps base_p99 <<<"$(bench_p99 "$mp")"
    rss_m0=$(rss_kb "$m"); rss_r0=$(rss_kb "$r")
    bench_p99 "$mp" > "$work/during" &
    bp=$!
    t0=$EPOCHREALTIME
    redis-cli -p "$rp" replicaof 127.0.0.1 "$mp" >/dev/null
    max_m=$rss_m0; max_r=$rss_r0; synced=""
    for _ in $(seq 1 6000); do   # 50 ms steps: at most 300 s
      x=$(rss_kb "$m"); [ "$x" -gt "$max_m" ] && max_m=$x
      x=$(rss_kb "$r"); [ "$x" -gt "$max_r" ] && max_r=$x
      if [ -z "$synced" ] && [ "$(field "$rp" replication master_link_status)" = up ] && [ "$(field "$rp" replication master_sync_in_progress)" = 0 ]; then
        synced=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN{printf "%.3f", b-a}')
      fi
      [ -n "$synced" ] && ! kill -0 "$bp" 2>/dev/null && break
      sleep 0.05
    done
    wait "$bp"
    read -r dur_rps dur_p99 <"$work/during"
    echo "$kind.round$round.fullsync_seconds_under_load: ${synced:-timeout}"
    echo "$kind.round$round.set_rps_alone: $base_rps"
    echo "$kind.round$round.set_p99_ms_alone: $base_p99"
    echo "$kind.round$round.set_rps_during_sync: $dur_rps"
    echo "$kind.round$round.set_p99_ms_during_sync: $dur_p99"
    echo "$kind.round$round.rss_master_mb_before: $((rss_m0 / 1024))"
    echo "$kind.round$round.rss_master_mb_max_during_sync: $((max_m / 1024))"
    echo "$kind.round$round.rss_replica_mb_before: $((rss_r0 / 1024))"
    echo "$kind.round$round.rss_replica_mb_max_during_sync: $((max_r / 1024))"
    echo "$kind.round$round.dbsize_master_replica: $(redis-cli -p "$mp" dbsize) $(redis-cli -p "$rp" dbsize)"
    for p in "$r" "$m"; do kill -TERM "$p" 2>/dev/null; for _ in $(seq 1 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done; kill -KILL "$p" 2>/dev/null; done
    pids=()
  done
done
