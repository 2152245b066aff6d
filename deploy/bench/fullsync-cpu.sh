#!/usr/bin/env bash
# Full sync of N keys, side by side: redis-server and our node alternating, round by round. Besides the wall time
# (REPLICAOF until the replica is up with the master's DBSIZE) it reports the CPU seconds each process spent meanwhile
# (utime+stime+cutime+cstime from /proc/PID/stat: Redis forks a child for the snapshot), which a shared, noisy machine distorts far less than wall time.
# Usage: deploy/bench/fullsync-cpu.sh [rounds=2] [extra node args...]   (env: N=1000000)
# Prints "server.roundR.metric: value". Starts only its own servers on free ports and stops them by pid; waits are bounded.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
rounds=${1:-2}; shift || true
N=${N:-1000000}
. "$root/deploy/bench/lib.sh"

cpu_ticks() { awk '{print $14 + $15 + $16 + $17}' "/proc/$1/stat" 2>/dev/null || echo 0; }
hz=$(getconf CLK_TCK)
field() { redis-cli -p "$1" info "$2" | tr -d '\r' | sed -n "s/^$3://p"; }

start() { # start KIND PORT DIR [node args...] -> pid on stdout
  local kind=$1 port=$2 dir=$3; shift 3; mkdir -p "$dir"
  if [ "$kind" = redis ]; then
    redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$dir" --logfile "$dir/log" --daemonize no --enable-debug-command local >/dev/null 2>&1 &
  else
    dotnet "$dll" --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$dir" --logfile "$dir/log" --daemonize no "$@" >/dev/null 2>&1 &
  fi
  echo $!
}

for round in $(seq 1 "$rounds"); do
  for kind in redis ours; do
    mp=$(free_port); rp=$(free_port)
    m=$(start "$kind" "$mp" "$work/$kind-$round-m" "$@"); r=$(start "$kind" "$rp" "$work/$kind-$round-r" "$@"); pids+=("$m" "$r")
    wait_up "$mp"; wait_up "$rp"
    redis-cli -p "$mp" debug populate "$N" key 64 >/dev/null
    redis-cli -p "$mp" config set repl-diskless-sync-delay 0 >/dev/null
    cm0=$(cpu_ticks "$m"); cr0=$(cpu_ticks "$r"); load=$(cut -d' ' -f1 /proc/loadavg)
    t0=$EPOCHREALTIME
    redis-cli -p "$rp" replicaof 127.0.0.1 "$mp" >/dev/null
    synced=timeout
    for _ in $(seq 1 60000); do   # 5 ms steps: at most 300 s
      if [ "$(field "$rp" replication master_link_status)" = up ] && [ "$(field "$rp" replication master_sync_in_progress)" = 0 ] \
         && [ "$(redis-cli -p "$rp" dbsize)" = "$N" ]; then
        synced=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN{printf "%.3f", b-a}'); break
      fi
      sleep 0.005
    done
    cm1=$(cpu_ticks "$m"); cr1=$(cpu_ticks "$r")
    echo "$kind.round$round.loadavg_1min: $load"
    echo "$kind.round$round.fullsync_seconds: $synced"
    echo "$kind.round$round.cpu_seconds_master: $(awk -v a="$cm0" -v b="$cm1" -v h="$hz" 'BEGIN{printf "%.2f", (b-a)/h}')"
    echo "$kind.round$round.cpu_seconds_replica: $(awk -v a="$cr0" -v b="$cr1" -v h="$hz" 'BEGIN{printf "%.2f", (b-a)/h}')"
    for p in "$r" "$m"; do kill -TERM "$p" 2>/dev/null; for _ in $(seq 1 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done; kill -KILL "$p" 2>/dev/null; done
    pids=()
  done
done
