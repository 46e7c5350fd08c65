#!/usr/bin/env bash
# Builds the Azure Functions package: a framework-dependent publish of the .NET isolated worker app (host.json,
# functions.metadata, the worker extensions under .azurefunctions, ChainTrader.Functions.dll), then zipped. The Flex
# Consumption dotnet-isolated runtime brings .NET; the Functions host starts the worker from functions.metadata.
#
# Usage: scripts/publish-functionapp.sh            (writes .artifacts/functionapp and .artifacts/functionapp.zip)
#        ARTIFACTS_DIR=/some/dir scripts/publish-functionapp.sh
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
artifacts="${ARTIFACTS_DIR:-$repo_root/.artifacts}"
app_dir="$artifacts/functionapp"
zip_path="$artifacts/functionapp.zip"
project="$repo_root/src/ChainTrader.Functions"
worker="ChainTrader.Functions.dll"

fail() { echo "publish-functionapp: $*" >&2; exit 1; }

command -v dotnet >/dev/null || fail "dotnet is not on PATH."
command -v python3 >/dev/null || fail "python3 is not on PATH (it writes the zip)."

# A clean folder, so files from an earlier build never ride along in the package.
rm -rf "$app_dir" "$zip_path"
mkdir -p "$artifacts"

dotnet publish "$project" -c Release -o "$app_dir" -nologo

# The folder must be a function app the host can load: host.json, the worker, and the functions the SDK indexed.
[[ -f "$app_dir/host.json" ]] || fail "host.json is missing from $app_dir."
[[ -f "$app_dir/$worker" ]] || fail "the worker $app_dir/$worker is missing."
[[ -f "$app_dir/functions.metadata" ]] || fail "functions.metadata is missing from $app_dir (the Worker SDK writes it)."
[[ -d "$app_dir/.azurefunctions" ]] || fail "the worker extensions folder $app_dir/.azurefunctions is missing."
function_count="$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$app_dir/functions.metadata")"
(( function_count > 0 )) || fail "functions.metadata lists no function."

# Zip with paths relative to the app root (host.json at the top), dot-folders included. Python's zipfile, because
# `zip` is not on every fresh machine.
python3 - "$app_dir" "$zip_path" <<'PY'
import os, sys, zipfile
root, target = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(folder, name)
            archive.write(path, os.path.relpath(path, root))
PY

echo "function app folder: $app_dir ($function_count functions)"
echo "function app zip:    $zip_path ($(du -h "$zip_path" | cut -f1))"
