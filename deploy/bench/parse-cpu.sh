#!/usr/bin/env bash
# CPU per request byte, side by side: redis-server and our node in one run, for requests of 1 KB to 100 MB made of
# many small arguments (EXISTS k k k ..., 14 wire bytes per argument: the shape that once made our parser rescan).
# For each size it sends max(size, TOTAL) bytes of such requests on one connection (a single request at 100 MB), waits
# for every reply, and reads the server's CPU time (utime+stime from /proc/PID/stat) before and after.
# A parser that stays linear shows flat ns/byte across sizes.
# Usage: deploy/bench/parse-cpu.sh [rounds=1]   (env: SIZES="1024 ..." TOTAL=33554432 NODE_DLL=...)
# Prints CSV: round,server,request_bytes,requests,cpu_seconds,ns_per_byte. Stops only the servers it started.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
rounds=${1:-1}
SIZES=${SIZES:-"1024 10240 102400 1048576 10485760 104857600"}
TOTAL=${TOTAL:-33554432}
. "$root/deploy/bench/lib.sh"
[ -f "$dll" ] || dotnet build -c Release "$root/src/ActorReplication.Node" -v q -nologo >/dev/null

rport=$(free_port); oport=$(free_port)
redis-server --port "$rport" --bind 127.0.0.1 --save '' --appendonly no --dir "$work" --logfile "$work/redis.log" --daemonize no >/dev/null 2>&1 &
rpid=$!; pids+=("$rpid")
DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 dotnet "$dll" --port "$oport" --bind 127.0.0.1 --save '' --dir "$work" > "$work/node.log" 2>&1 &
opid=$!; pids+=("$opid")
wait_up "$rport"; wait_up "$oport"

measure() { # measure PORT PID SIZE TOTAL ROUND SERVER -> one CSV row
  python3 - "$@" <<'PY'
import os, socket, sys, threading
port, pid, size, total, rnd, server = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], sys.argv[6]
arg = b"$8\r\nkkkkkkkk\r\n"
head = b"$6\r\nEXISTS\r\n"
nargs = max(1, (size - len(head) - 16) // len(arg))
one = b"*%d\r\n" % (nargs + 1) + head + arg * nargs
count = max(1, total // len(one))
def cpu():
    f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")
s = socket.create_connection(("127.0.0.1", port))
replies = []
def read():
    buf, seen = b"", 0
    while seen < count:
        chunk = s.recv(1 << 16)
        if not chunk: break
        buf += chunk
        seen += buf.count(b"\r\n"); buf = buf[buf.rfind(b"\r\n") + 2:] if b"\r\n" in buf else buf
    replies.append(seen)
t = threading.Thread(target=read); c0 = cpu(); t.start()
for _ in range(count): s.sendall(one)
t.join(timeout=600); c1 = cpu(); s.close()
if not replies or replies[0] < count: sys.exit(f"{server}: only {replies} of {count} replies")
print(f"{rnd},{server},{len(one)},{count},{c1 - c0:.2f},{(c1 - c0) * 1e9 / (len(one) * count):.2f}")
PY
}

# Warm-up (JIT, buffers), not reported.
measure "$rport" "$rpid" 1024 "$TOTAL" 0 redis >/dev/null; measure "$oport" "$opid" 1024 "$TOTAL" 0 ours >/dev/null
echo "round,server,request_bytes,requests,cpu_seconds,ns_per_byte"
for round in $(seq 1 "$rounds"); do
  for size in $SIZES; do
    for server in redis ours; do
      port=$rport; pid=$rpid; [ "$server" = ours ] && { port=$oport; pid=$opid; }
      measure "$port" "$pid" "$size" "$TOTAL" "$round" "$server"
    done
  done
done
