# Shared by the side-by-side benchmark scripts (sourced after they set $root): the node build to run, a work
# directory, the pids the script started (and only those) stopped on exit, free loopback ports, and bounded waits.
dll=${NODE_DLL:-"$root/src/ActorReplication.Node/bin/Release/net10.0/ActorReplication.Node.dll"}
work=$(mktemp -d)
pids=()
cleanup() {
  # CONT first: a script may have paused a process (SIGSTOP) to simulate a stall.
  for p in "${pids[@]}"; do kill -CONT "$p" 2>/dev/null; kill -TERM "$p" 2>/dev/null; done
  for p in "${pids[@]}"; do for _ in $(seq 1 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done; kill -KILL "$p" 2>/dev/null; done
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_up() { for _ in $(seq 1 300); do redis-cli -p "$1" ping >/dev/null 2>&1 && return 0; sleep 0.05; done; echo "server on $1 did not start" >&2; exit 1; }
rss_kb() { awk '/^VmRSS/{print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
