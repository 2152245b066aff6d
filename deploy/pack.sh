#!/usr/bin/env bash
# Packs the NuGet packages users consume into artifacts/packages: the client, its wire contract and (once it exists)
# the testing package. Deterministic (same sources, same bytes: src/Packaging.props), no SourceLink.
# The samples restore from that folder (samples/nuget.config). Usage: deploy/pack.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/artifacts/packages"
rm -rf "$out"
for project in ActorReplication.Client.Contract ActorReplication.Client; do
  dotnet pack "$root/src/$project" -c Release -o "$out" -nologo -v q
done
# A package of the same version restored before is taken from NuGet's cache; drop ours so the samples get these.
cache=$(dotnet nuget locals global-packages --list | sed 's/^global-packages: //')
rm -rf "$cache/actorreplication.client" "$cache/actorreplication.client.contract"
ls "$out"
