#!/usr/bin/env bash
# Builds the Azure Functions package: a self-contained linux-x64 publish of the custom handler laid out as a
# function-app folder (host.json, one folder per function, the ChainTrader.Functions executable), then zipped.
# Self-contained because the Flex Consumption "custom" runtime image ships no .NET runtime; host.json's
# defaultExecutablePath names the apphost, which then needs nothing else on the machine.
#
# Usage: scripts/publish-functionapp.sh            (writes .artifacts/functionapp and .artifacts/functionapp.zip)
#        ARTIFACTS_DIR=/some/dir scripts/publish-functionapp.sh
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
artifacts="${ARTIFACTS_DIR:-$repo_root/.artifacts}"
app_dir="$artifacts/functionapp"
zip_path="$artifacts/functionapp.zip"
project="$repo_root/src/ChainTrader.Functions"
handler="ChainTrader.Functions"

fail() { echo "publish-functionapp: $*" >&2; exit 1; }

command -v dotnet >/dev/null || fail "dotnet is not on PATH."
command -v python3 >/dev/null || fail "python3 is not on PATH (it writes the zip)."

# A clean folder, so files from an earlier build never ride along in the package.
rm -rf "$app_dir" "$zip_path"
mkdir -p "$artifacts"

dotnet publish "$project" -c Release -r linux-x64 --self-contained true -o "$app_dir" -nologo

# The folder must be a function app the host can load: host.json, the handler, and every function.json.
[[ -f "$app_dir/host.json" ]] || fail "host.json is missing from $app_dir."
grep -q "\"defaultExecutablePath\": *\"$handler\"" "$app_dir/host.json" \
  || fail "host.json's customHandler.description.defaultExecutablePath is not \"$handler\"."
[[ -x "$app_dir/$handler" ]] || fail "the handler $app_dir/$handler is missing or not executable."
function_count=0
for source in "$project"/Functions/*/function.json; do
  name="$(basename "$(dirname "$source")")"
  [[ -f "$app_dir/$name/function.json" ]] || fail "function $name has no $app_dir/$name/function.json."
  cmp -s "$source" "$app_dir/$name/function.json" || fail "$app_dir/$name/function.json differs from its source."
  function_count=$((function_count + 1))
done
(( function_count > 0 )) || fail "no function.json found under $project/Functions."

# Zip with paths relative to the app root (host.json at the top) and Unix modes kept, so the handler stays
# executable once Azure unpacks it. Python's zipfile records st_mode; `zip` is not on every fresh machine.
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
