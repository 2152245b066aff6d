#!/usr/bin/env bash
# The write-pause window of a coordinated FAILOVER under write load, side by side: for redis-server and for our node,
# in one run, a master with two replicas (N keys), redis-benchmark SET -c C on the master, then FAILOVER TO replica-1.
# Measured from FAILOVER sent: "pause" = until the old master shows role:slave and master_failover_state:no-failover
# (its paused writes are then answered, -READONLY), "writable" = until a SET on the new master answers +OK. Polling on
# open connections (INFO / SET), so the resolution is about one round trip. Prints "server.metric: value".
# Usage: deploy/bench/failover-window.sh [rounds=1]   (env: N=100000 C=50)
# Starts only its own servers on free ports, stops them by the pids it started; every wait is bounded.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
rounds=${1:-1}
N=${N:-100000}
C=${C:-50}
. "$root/deploy/bench/lib.sh"

field() { redis-cli -p "$1" info "$2" | tr -d '\r' | sed -n "s/^$3://p"; }
in_sync() { # master replica
  [ "$(field "$2" replication master_link_status)" = up ] && [ "$(field "$2" replication slave_repl_offset)" = "$(field "$1" replication master_repl_offset)" ]
}

start() { # start KIND PORT DIR -> pid on stdout
  local kind=$1 port=$2 dir=$3; mkdir -p "$dir"
  if [ "$kind" = redis ]; then
    redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$dir" --logfile "$dir/log" --daemonize no \
      --enable-debug-command local --repl-diskless-sync-delay 0 >/dev/null 2>&1 &
  else
    dotnet "$dll" --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$dir" --logfile "$dir/log" --daemonize no \
      --set replication.repl-diskless-sync-delay=0s >/dev/null 2>&1 &
  fi
  echo $!
}

measure() { # old-master-port new-master-port -> "pause_ms writable_ms"
  python3 - "$1" "$2" <<'PY'
import socket, sys, time
def conn(port):
    s = socket.create_connection(("127.0.0.1", int(port)), timeout=30); s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1); return s
def cmd(s, *args):
    s.sendall(("*%d\r\n" % len(args) + "".join("$%d\r\n%s\r\n" % (len(a), a) for a in args)).encode())
    data = b""
    while True:
        data += s.recv(65536)
        if data[:1] in (b"+", b"-", b":") and data.endswith(b"\r\n"): return data.decode()
        if data[:1] == b"$":
            head, _, rest = data.partition(b"\r\n")
            if len(rest) >= int(head[1:]) + 2: return rest.decode()
old, new = sys.argv[1], sys.argv[2]
ctl, info, probe = conn(old), conn(old), conn(new)
t0 = time.perf_counter()
reply = cmd(ctl, "FAILOVER", "TO", "127.0.0.1", new)
assert reply.startswith("+OK"), reply
pause = writable = None
while (pause is None or writable is None) and time.perf_counter() - t0 < 60:
    if pause is None:
        text = cmd(info, "INFO", "replication")
        if "role:slave" in text and "master_failover_state:no-failover" in text: pause = time.perf_counter() - t0
    if writable is None and cmd(probe, "SET", "failover-probe", "1").startswith("+OK"): writable = time.perf_counter() - t0
print("%.1f %.1f" % ((pause or 60) * 1000, (writable or 60) * 1000))
PY
}

for round in $(seq 1 "$rounds"); do
  for kind in redis ours; do
    mp=$(free_port); r1=$(free_port); r2=$(free_port)
    for p in "$mp" "$r1" "$r2"; do pids+=("$(start "$kind" "$p" "$work/$kind-$round-$p")"); done
    for p in "$mp" "$r1" "$r2"; do wait_up "$p"; done
    redis-cli -p "$mp" debug populate "$N" key 64 >/dev/null
    redis-cli -p "$r1" replicaof 127.0.0.1 "$mp" >/dev/null; redis-cli -p "$r2" replicaof 127.0.0.1 "$mp" >/dev/null
    for _ in $(seq 1 1200); do in_sync "$mp" "$r1" && in_sync "$mp" "$r2" && break; sleep 0.05; done
    full0=$(( $(field "$mp" stats sync_full) + $(field "$r1" stats sync_full) + $(field "$r2" stats sync_full) ))
    timeout 120 redis-benchmark -p "$mp" -t set -c "$C" -n 100000000 -r "$N" -d 64 -q >/dev/null 2>&1 &
    bp=$!
    sleep 3   # the load is on
    read -r pause writable <<<"$(measure "$mp" "$r1")"
    kill "$bp" 2>/dev/null; wait "$bp" 2>/dev/null
    for _ in $(seq 1 1200); do in_sync "$r1" "$mp" && in_sync "$mp" "$r2" && break; sleep 0.05; done
    full1=$(( $(field "$mp" stats sync_full) + $(field "$r1" stats sync_full) + $(field "$r2" stats sync_full) ))
    echo "$kind.round$round.pause_ms: $pause"
    echo "$kind.round$round.new_master_writable_ms: $writable"
    echo "$kind.round$round.full_syncs_caused: $((full1 - full0))"
    echo "$kind.round$round.old_master_role: $(field "$mp" replication role) (master_port $(field "$mp" replication master_port))"
    for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null; done
    for p in "${pids[@]}"; do for _ in $(seq 1 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done; kill -KILL "$p" 2>/dev/null; done
    pids=()
  done
done
