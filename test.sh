#!/usr/bin/env bash
# The project's test command: builds everything (warnings are errors) and runs every test project.
# Integration tests need redis-cli (Debian: apt-get install -y redis-tools).
set -euo pipefail
cd "$(dirname "$0")"
dotnet build ActorReplication.sln -c Release -nologo -v q
dotnet test ActorReplication.sln -c Release --no-build -nologo -v q --logger "console;verbosity=minimal"
