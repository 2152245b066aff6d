#!/usr/bin/env bash
# Starts, stops and shows the local cluster from the shipped HOCON files.
#   deploy/cluster.sh start      build (Release, with progress) and start the nodes in the background; returns once
#                                every replica reports master_link_status:up (or names the one that did not)
#   deploy/cluster.sh stop       stop the nodes this script started (SIGTERM by pid file, then SIGKILL after 5 s)
#   deploy/cluster.sh restart    stop, then start (each node loads its own snapshot file, when SAVE wrote one)
#   deploy/cluster.sh wait       returns once every replica reports master_link_status:up and no FAILOVER is under way
#   deploy/cluster.sh status     a table: node, port, pid, role, link, offset, lag
#   deploy/cluster.sh logs NODE  the last lines of NODE's log (master, replica-1, replica-2 or its port); follows them
#                                on a terminal (Ctrl-C to stop)
# Nodes: hocon/master.conf on 6379, hocon/replica-1.conf and replica-2.conf on 6380/6381 (replicas of the master).
# Runtime files (pid files, logs) go to run/ at the repository root, each node's data (its snapshot file) to run/NODE/:
# nothing is written elsewhere.
# For tests: AR_CONF_DIR (node files, default hocon/), AR_RUN_DIR (default run/), AR_NODE_DLL (a built node: no
# build), AR_SYNC_TIMEOUT (seconds start waits for the replicas, default 60).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
conf_dir=${AR_CONF_DIR:-$root/hocon}
run=${AR_RUN_DIR:-$root/run}
sync_timeout=${AR_SYNC_TIMEOUT:-60}
nodes=(master replica-1 replica-2)
dll=${AR_NODE_DLL:-$root/src/ActorReplication.Node/bin/Release/net10.0/ActorReplication.Node.dll}

port_of() { sed -n 's/^[[:space:]]*port[[:space:]]*=[[:space:]]*\([0-9]*\).*/\1/p' "$conf_dir/$1.conf" | head -1; }

# Whether the node file follows a master from the start (a non-empty replication.replicaof).
is_replica() { grep -Eq '^[[:space:]]*replicaof[[:space:]]*=[[:space:]]*"[^"]+"' "$conf_dir/$1.conf"; }

# Sends one inline command to 127.0.0.1:PORT and prints the reply's lines (CR removed) until the blank line that ends
# a bulk reply such as INFO's, or for at most 2 s. Fails when nothing listens there.
ask() {
  { exec 3<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null || return 1
  printf '%s\r\n' "$2" >&3
  local line first=1
  while IFS= read -r -t 2 line <&3; do
    line=${line%$'\r'}
    if [[ $first == 1 ]]; then
      first=0
      [[ $line == '$'* ]] && continue # a bulk reply: its length
      printf '%s\n' "$line"; break    # a one-line reply
    fi
    [[ -z $line ]] && break
    printf '%s\n' "$line"
  done
  exec 3>&-
}

# Whether node N runs from this script's pid file.
started_here() { [[ -f "$run/$1.pid" ]] && kill -0 "$(cat "$run/$1.pid")" 2>/dev/null; }

answers() { [[ "$(ask "$1" PING 2>/dev/null)" == "+PONG" ]]; }

# INFO FIELD of the node on PORT, from the reply text in $2.
field() { sed -n "s/^$1:\(.*\)$/\1/p" <<<"$2" | head -1; }

build() {
  if [[ -n ${AR_NODE_DLL:-} ]]; then return; fi
  echo "Building the node (Release): about a minute the first time, a few seconds after."
  local started=$SECONDS log="$run/build.log"
  # One line per project as it is built, so a first build never looks like a hang.
  if ! dotnet build -c Release "$root/src/ActorReplication.Node" -v minimal -nologo -tl:off 2>&1 | tee "$log" \
      | sed -un -e 's/^ *Determining projects to restore.*/  checking NuGet packages (a fresh machine downloads them once, up to a minute).../p' \
          -e 's/^ *\(ActorReplication[^ ]*\) -> .*/  built \1/p'; then
    echo "The build failed ($log):"; grep -E 'error|warning' "$log" | head -20; exit 1
  fi
  echo "  done in $((SECONDS - started)) s"
}

start() {
  mkdir -p "$run"
  for n in "${nodes[@]}"; do
    local port; port=$(port_of "$n")
    if answers "$port" && ! started_here "$n"; then
      echo "$n: port $port is taken by a server this script did not start (the redis-server of Debian's package?"
      echo "  'sudo systemctl stop redis-server' stops that one); stop it or change the port in $conf_dir/$n.conf"
      exit 1
    fi
  done
  build
  for n in "${nodes[@]}"; do
    local port; port=$(port_of "$n")
    if answers "$port"; then echo "$n: already running on 127.0.0.1:$port (pid $(cat "$run/$n.pid"))"; continue; fi
    mkdir -p "$run/$n"
    nohup dotnet "$dll" --config "$conf_dir/$n.conf" --pidfile "$run/$n.pid" --dir "$run/$n" > "$run/$n.log" 2>&1 &
    for _ in $(seq 1 150); do answers "$port" && break; sleep 0.1; done
    if answers "$port"; then echo "$n: up on 127.0.0.1:$port (log: deploy/cluster.sh logs $n)"
    else echo "$n: did not answer on port $port within 15 s; its log ($run/$n.log) ends with:"; tail -n 20 "$run/$n.log"; exit 1; fi
  done
  await_cluster fresh
  echo "Ready. Try: redis-cli -p 6379 set hello world"
}

# Whether node N has settled, from its INFO replication in $2: a replica with master_link_status:up, or a master with
# no FAILOVER under way. With $3 = fresh, a node whose file names a master must be a replica already.
settled() {
  local role; role=$(field role "$2")
  case "$role" in
    slave) [[ $(field master_link_status "$2") == up ]] ;;
    master) [[ $3 != fresh ]] || ! is_replica "$1" && [[ $(field master_failover_state "$2") == no-failover ]] ;;
    *) return 1 ;;
  esac
}

# Returns once every node has settled (see settled); names each one that has not within AR_SYNC_TIMEOUT seconds.
await_cluster() {
  local mode=$1 waiting=("${nodes[@]}") deadline=$((SECONDS + sync_timeout)) told=0
  while true; do
    local still=()
    for n in "${waiting[@]}"; do
      local info; info=$(ask "$(port_of "$n")" "INFO replication" 2>/dev/null || true)
      if settled "$n" "$info" "$mode"; then
        [[ $(field role "$info") == slave ]] && echo "$n: in sync with its master (master_link_status:up)"
      else still+=("$n"); fi
    done
    ((${#still[@]} == 0)) && return
    if ((told == 0)); then
      told=1
      echo "Waiting for ${still[*]} (at most ${sync_timeout} s): a replica's first sync takes about 5 s, as the master's"
      echo "repl-diskless-sync-delay lets the replicas share one snapshot; a FAILOVER under way ends within a second or so..."
    fi
    waiting=("${still[@]}")
    if ((SECONDS >= deadline)); then
      for n in "${waiting[@]}"; do
        local info; info=$(ask "$(port_of "$n")" "INFO replication" 2>/dev/null || true)
        if [[ -z $info ]]; then echo "$n: not answering on port $(port_of "$n") (deploy/cluster.sh start starts it again)"
        else echo "$n: not in sync within ${sync_timeout} s: $(grep -E '^(role|master_link_status|master_failover_state):' <<<"$info" | tr '\n' ' ')"; fi
        echo "  its log ($run/$n.log) ends with:"; tail -n 10 "$run/$n.log" 2>/dev/null | sed 's/^/  /'
      done
      exit 1
    fi
    sleep 0.2
  done
}

stop() {
  for n in "${nodes[@]}"; do
    local pidfile="$run/$n.pid"
    [[ -f "$pidfile" ]] || { echo "$n: not started by this script"; continue; }
    local pid; pid=$(cat "$pidfile")
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
    rm -f "$pidfile"
    echo "$n: stopped"
  done
}

# One row per node. offset: master_repl_offset on a master, slave_repl_offset on a replica; lag: seconds since its
# master last heard from it (INFO's slaveN lag=), "-" on a master.
status() {
  printf '%-10s %-5s %-8s %-7s %-5s %-10s %s\n' node port pid role link offset lag
  for n in "${nodes[@]}"; do
    local port pid info; port=$(port_of "$n"); pid=$(cat "$run/$n.pid" 2>/dev/null || echo -)
    if ! info=$(ask "$port" "INFO replication" 2>/dev/null) || [[ -z $info ]]; then
      printf '%-10s %-5s %-8s %s\n' "$n" "$port" "$pid" "not running"; continue
    fi
    local role link=- offset lag=-
    role=$(field role "$info")
    if [[ $role == slave ]]; then
      link=$(field master_link_status "$info"); offset=$(field slave_repl_offset "$info")
      local master_info; master_info=$(ask "$(field master_port "$info")" "INFO replication" 2>/dev/null || true)
      lag=$(grep -E "^slave[0-9]+:ip=[^,]*,port=$port," <<<"$master_info" | sed -n 's/.*,lag=\([0-9-]*\).*/\1/p' | head -1)
      lag=${lag:--}
    else
      offset=$(field master_repl_offset "$info")
    fi
    printf '%-10s %-5s %-8s %-7s %-5s %-10s %s\n' "$n" "$port" "$pid" "$role" "$link" "$offset" "$lag"
  done
}

logs() {
  local want=${1:-} name=""
  for n in "${nodes[@]}"; do [[ $want == "$n" || $want == "$(port_of "$n")" ]] && name=$n; done
  [[ -n $name ]] || { echo "usage: $0 logs master|replica-1|replica-2 (or its port)" >&2; exit 2; }
  [[ -f "$run/$name.log" ]] || { echo "$name: no log yet ($run/$name.log); deploy/cluster.sh start first" >&2; exit 1; }
  if [[ -t 1 ]]; then exec tail -n 40 -F "$run/$name.log"; else tail -n 40 "$run/$name.log"; fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  restart) stop; start ;;
  status) status ;;
  wait) await_cluster now ;;
  logs) logs "${2:-}" ;;
  *) echo "usage: $0 start|stop|restart|status|wait|logs NODE" >&2; exit 2 ;;
esac
