#!/usr/bin/env bash
# Time from kill -9 of the master to a promoted replica accepting writes, with replication.follow = cluster and
# auto-failover on (docs/failover.md). Three nodes on loopback, built from this checkout (Release).
#   deploy/bench/failover-time.sh [default|fast] [runs]
# default: the reference cluster timings (failure detector, split-brain-resolver stable-after 20s);
# fast: the integration tests' timings (heartbeat 200ms, acceptable pause 1s, stable-after 2s).
# Prints one line per run and the median. Stops every node it started.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
mode=${1:-default}
runs=${2:-3}
dll="$root/src/ActorReplication.Node/bin/Release/net10.0/ActorReplication.Node.dll"
dotnet build -c Release "$root/src/ActorReplication.Node" -v q -nologo >/dev/null
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

fast='akka.cluster {
  seed-node-timeout = 2s
  retry-unsuccessful-join-after = 2s
  gossip-interval = 200ms
  leader-actions-interval = 200ms
  unreachable-nodes-reaper-interval = 200ms
  periodic-tasks-initial-delay = 200ms
  split-brain-resolver.stable-after = 2s
  failure-detector { heartbeat-interval = 200ms, acceptable-heartbeat-pause = 1s, expected-response-after = 500ms }
}
replication.topology-interval = 200ms'

role() { { redis-cli -p "$1" info replication 2>/dev/null || true; } | tr -d '\r' | sed -n 's/^role://p'; }

results=()
for run in $(seq 1 "$runs"); do
  base=$((7400 + run * 10))
  ports=($base $((base + 1)) $((base + 2)))
  seeds="\"akka.tcp://node@127.0.0.1:$((base + 10000))\", \"akka.tcp://node@127.0.0.1:$((base + 10001))\", \"akka.tcp://node@127.0.0.1:$((base + 10002))\""
  pids=()
  for p in "${ports[@]}"; do
    conf="$work/node-$p.conf"
    {
      echo "server.port = $p"
      echo "akka.remote.dot-netty.tcp.port = $((p + 10000))"
      echo "akka.cluster.seed-nodes = [$seeds]   # the split-brain resolver keeps the majority (node.conf)"
      echo "replication { follow = cluster, auto-failover = on, repl-diskless-sync-delay = 0s }"
      [[ "$mode" == fast ]] && echo "$fast"
    } > "$conf"
    dotnet "$dll" --config "$conf" > "$work/node-$p.log" 2>&1 &
    disown
    pids+=($!)
  done
  master=""
  for _ in $(seq 1 600); do
    masters=(); slaves=0
    for i in 0 1 2; do
      case "$(role "${ports[$i]}")" in master) masters+=("$i") ;; slave) slaves=$((slaves + 1)) ;; esac
    done
    if [[ ${#masters[@]} -eq 1 && $slaves -eq 2 ]]; then master=${masters[0]}; break; fi
    sleep 0.1
  done
  [[ -n "$master" ]] || { echo "run $run: no single master within 60s"; exit 1; }
  for i in $(seq 1 100); do redis-cli -p "${ports[$master]}" set "k:$i" "$i" >/dev/null; done
  redis-cli -p "${ports[$master]}" wait 2 5000 >/dev/null
  start=$(date +%s%N)
  kill -9 "${pids[$master]}"
  promoted=""
  for _ in $(seq 1 1800); do
    for i in 0 1 2; do
      [[ $i == "$master" ]] && continue
      if [[ "$(redis-cli -p "${ports[$i]}" set failover-probe 1 2>/dev/null || true)" == OK ]]; then promoted=$i; break; fi
    done
    [[ -n "$promoted" ]] && break
    sleep 0.05
  done
  end=$(date +%s%N)
  [[ -n "$promoted" ]] || { echo "run $run: no promoted master within 90s"; exit 1; }
  ms=$(((end - start) / 1000000))
  echo "run $run ($mode): kill -9 of :${ports[$master]} -> :${ports[$promoted]} accepts writes after ${ms} ms"
  results+=("$ms")
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do while kill -0 "$p" 2>/dev/null; do sleep 0.1; done; done
done
sorted=($(printf '%s\n' "${results[@]}" | sort -n))
echo "median ($mode, $runs runs): ${sorted[$((runs / 2))]} ms"
