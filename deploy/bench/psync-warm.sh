#!/usr/bin/env bash
# Partial resync, cold and warm, side by side: for redis-server and then our node it starts one master/replica pair and
# runs the baseline script's psync phase (../shared/bench/redis-baseline.sh, external mode: 10,000 SETs written while
# the replica is SIGSTOPped and its link killed, then SIGCONT) ROUNDS times against the same two processes. Round 1 is
# what the baseline script measures (fresh processes); later rounds show the same path once the code has run before.
# Usage: deploy/bench/psync-warm.sh [rounds=5]   Prints "server.roundR.psync_seconds: S (result)".
# Starts only its own servers on free ports and stops them by pid; every wait is bounded.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
rounds=${1:-5}
baseline=${BASELINE:-$root/../shared/bench/redis-baseline.sh}
[ -x "$baseline" ] || baseline=/work/shared/bench/redis-baseline.sh
. "$root/deploy/bench/lib.sh"
start() { # KIND PORT -> pid
  if [ "$1" = redis ]; then
    redis-server --port "$2" --bind 127.0.0.1 --save '' --appendonly no --dir "$work" --logfile "$work/$2.log" --daemonize no --enable-debug-command local >/dev/null 2>&1 &
  else
    dotnet "$dll" --port "$2" --bind 127.0.0.1 --logfile "$work/$2.log" >/dev/null 2>&1 &
  fi
  echo $!
}
for kind in redis ours; do
  mp=$(free_port); rp=$(free_port)
  m=$(start "$kind" "$mp"); r=$(start "$kind" "$rp"); pids=("$m" "$r")
  wait_up "$mp"; wait_up "$rp"
  for round in $(seq 1 "$rounds"); do
    out=$(N=10000 PHASES=psync timeout 120 "$baseline" "$mp" "$rp" external 2>/dev/null)
    s=$(sed -n 's/^psync_seconds: //p' <<<"$out"); res=$(sed -n 's/^psync_result: //p' <<<"$out")
    echo "$kind.round$round.psync_seconds: ${s:-?} (${res:-?})"
  done
  for p in "$r" "$m"; do kill -TERM "$p" 2>/dev/null; for _ in $(seq 1 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done; kill -KILL "$p" 2>/dev/null; done
  pids=()
done
