#!/usr/bin/env bash
# Master SET throughput with two replicas attached, side by side: a redis-server master with two redis-server replicas
# and our master with two of our replicas (started with --replicaof), all on free ports, both sets online at once;
# redis-benchmark -t set -c 50 -n BENCH_N -d 64 at -P 1 and -P 16 against each master, alternating servers, ROUNDS
# rounds. At the end it checks that every replica reached its master's offset. Prints CSV rows:
#   round,server,pipeline,rps,p50_ms,p99_ms,master_cpu_us_per_set,replicas_cpu_us_per_set
# (CPU: utime+stime of the processes during the run, per SET: far steadier than rps on a shared machine)
# and "server.offsets: master replica1 replica2".
# Usage: deploy/bench/two-replicas.sh [rounds=2]   (env: BENCH_N=300000)
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
rounds=${1:-2}
BENCH_N=${BENCH_N:-300000}
. "$root/deploy/bench/lib.sh"
field() { redis-cli -p "$1" info replication | tr -d '\r' | sed -n "s/^$2://p"; }
start() { # KIND PORT [MASTER_PORT] -> pid
  local of=()
  if [ "$1" = redis ]; then
    [ -n "${3:-}" ] && of=(--replicaof 127.0.0.1 "$3")
    redis-server --port "$2" --bind 127.0.0.1 --save '' --appendonly no --dir "$work" --logfile "$work/$2.log" --daemonize no --repl-diskless-sync-delay 0 "${of[@]}" >/dev/null 2>&1 &
  else
    [ -n "${3:-}" ] && of=(--replicaof "127.0.0.1 $3")
    dotnet "$dll" --port "$2" --bind 127.0.0.1 --logfile "$work/$2.log" --set replication.repl-diskless-sync-delay=0s "${of[@]}" >/dev/null 2>&1 &
  fi
  echo $!
}
declare -A mport mpid rpids
cpu_ticks() { local t=0 p; for p in "$@"; do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0))); done; echo "$t"; }
hz=$(getconf CLK_TCK)
for kind in redis ours; do
  m=$(free_port); r1=$(free_port); r2=$(free_port); mport[$kind]=$m
  mpid[$kind]=$(start "$kind" "$m"); pids+=("${mpid[$kind]}"); wait_up "$m"
  a=$(start "$kind" "$r1" "$m"); b=$(start "$kind" "$r2" "$m"); pids+=("$a" "$b"); rpids[$kind]="$a $b"; wait_up "$r1"; wait_up "$r2"
  eval "r1_$kind=$r1; r2_$kind=$r2"
  for _ in $(seq 1 600); do
    [ "$(field "$r1" master_link_status)" = up ] && [ "$(field "$r2" master_link_status)" = up ] && break; sleep 0.1
  done
done
echo "round,server,pipeline,rps,p50_ms,p99_ms,master_cpu_us_per_set,replicas_cpu_us_per_set"
for round in $(seq 1 "$rounds"); do
  for p in 1 16; do
    for kind in redis ours; do
      c0=$(cpu_ticks "${mpid[$kind]}"); d0=$(cpu_ticks ${rpids[$kind]})
      row=$(timeout 300 redis-benchmark -p "${mport[$kind]}" -t set -c 50 -n "$BENCH_N" -d 64 -P "$p" --csv 2>/dev/null | tail -n +2 | tr -d '"')
      c1=$(cpu_ticks "${mpid[$kind]}"); d1=$(cpu_ticks ${rpids[$kind]})
      awk -F, -v r="$round" -v s="$kind" -v p="$p" -v cm=$((c1 - c0)) -v cr=$((d1 - d0)) -v h="$hz" -v n="$BENCH_N" \
        '{printf "%s,%s,%s,%s,%s,%s,%.2f,%.2f\n", r, s, p, $2, $5, $7, cm / h * 1e6 / n, cr / h * 1e6 / n}' <<<"$row"
    done
  done
done
for kind in redis ours; do
  eval "r1=\$r1_$kind; r2=\$r2_$kind"
  mo=$(field "${mport[$kind]}" master_repl_offset)
  for _ in $(seq 1 300); do [ "$(field "$r1" slave_repl_offset)" = "$mo" ] && [ "$(field "$r2" slave_repl_offset)" = "$mo" ] && break; sleep 0.1; done
  echo "$kind.offsets: $mo $(field "$r1" slave_repl_offset) $(field "$r2" slave_repl_offset)"
done
echo "loadavg: $(cut -d' ' -f1-3 /proc/loadavg)"
