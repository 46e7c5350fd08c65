#!/usr/bin/env bash
# Every test: builds once, then runs the solution's test projects side by side, each in its own process with its own
# Azurite and devnet (the npm devnet kit is installed on first use). The build is separate because `dotnet test` that
# also builds runs the projects one after another: each test project's build waits for the MSBuild node that is busy
# running another project's tests. -m:4 gives each test project a node (MSBuild's default is one per core, here two);
# the suites mostly wait on chains and timers, so four processes fit two cores.
set -euo pipefail
cd "$(dirname "$0")"
# Nothing leaves the machine: no SDK telemetry, no first-run banner.
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build Functions.sln -nologo -v quiet
dotnet test Functions.sln --no-build -m:4 "$@"
