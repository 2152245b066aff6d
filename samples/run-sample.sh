#!/usr/bin/env bash
# Builds the client sample from the packed client (run deploy/pack.sh first) and runs it against a fresh 3-node
# cluster (the shipped hocon/*.conf on free loopback ports, started by deploy/cluster.sh), then stops the cluster.
# Exits with the sample's status. Usage: samples/run-sample.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'AR_CONF_DIR="$work/hocon" AR_RUN_DIR="$work/run" "$root/deploy/cluster.sh" stop >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

dotnet build "$root/samples/ActorReplication.Client.Sample" -c Release -nologo -v q

# Six free ports for the shipped 6379-6381 (RESP) and 16379-16381 (remoting).
read -r -a free <<< "$(python3 -c 'import socket
socks=[socket.socket() for _ in range(6)]
[s.bind(("127.0.0.1",0)) for s in socks]
print(" ".join(str(s.getsockname()[1]) for s in socks))')"
mkdir -p "$work/hocon"
for conf in "$root"/hocon/*.conf; do
  sed -E -e "s/(^|[^0-9])16379([^0-9]|$)/\1${free[3]}\2/g" -e "s/(^|[^0-9])16380([^0-9]|$)/\1${free[4]}\2/g" \
         -e "s/(^|[^0-9])16381([^0-9]|$)/\1${free[5]}\2/g" -e "s/(^|[^0-9])6379([^0-9]|$)/\1${free[0]}\2/g" \
         -e "s/(^|[^0-9])6380([^0-9]|$)/\1${free[1]}\2/g" -e "s/(^|[^0-9])6381([^0-9]|$)/\1${free[2]}\2/g" \
         "$conf" > "$work/hocon/$(basename "$conf")"
done
AR_CONF_DIR="$work/hocon" AR_RUN_DIR="$work/run" "$root/deploy/cluster.sh" start
dotnet "$root/samples/ActorReplication.Client.Sample/bin/Release/net10.0/ActorReplication.Client.Sample.dll" \
  "127.0.0.1:${free[3]}" "127.0.0.1:${free[4]}" "127.0.0.1:${free[5]}"
