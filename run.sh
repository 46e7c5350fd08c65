#!/usr/bin/env bash
# Brings the whole local stack up from nothing: Azurite, the Hardhat devnet with its contracts, and the
# function app in standalone mode. Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")"
# Nothing leaves the machine: no SDK telemetry, no first-run banner.
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
root=$(pwd)
state="$root/devnet/.state"
mkdir -p "$state"
# Every run starts fresh: the devnet chain is new each time and lives in memory, and so does Azurite. Table data kept
# from an earlier run would belong to a chain that no longer exists; an older kit kept it here, so it goes.
rm -rf "$state/azurite"

if [ ! -f devnet/node_modules/.package-lock.json ] || [ devnet/package-lock.json -nt devnet/node_modules/.package-lock.json ]; then
  echo "Installing the devnet kit (npm ci)…"
  (cd devnet && npm ci --no-audit --no-fund)
fi
echo "Building the function app…"
dotnet build src/ChainTrader.Functions -c Debug -v quiet -nologo

pids=()
cleanup() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

# devnet.js prints one "READY {json}" line when Azurite and the chain are up and the contracts deployed.
# --feed-heartbeat: the mock feeds re-post their answer every 10 s, as real feeds do within their heartbeat;
# without it every price is stale 30 s after the deploy.
stack_out="$state/stack.out"
: > "$stack_out"
node devnet/devnet.js up --manifest "$state/manifest.json" --feed-heartbeat 10 > "$stack_out" 2> "$state/stack.log" < <(tail -f /dev/null) &
pids+=($!)
for _ in $(seq 1 180); do
  grep -q '^READY ' "$stack_out" && break
  kill -0 "${pids[0]}" 2>/dev/null || { echo "The devnet failed to start:"; tail -n 40 "$state/stack.log"; exit 1; }
  sleep 1
done
grep -q '^READY ' "$stack_out" || { echo "The devnet did not become ready in 180 s:"; tail -n 40 "$state/stack.log"; exit 1; }
ready=$(grep -m1 '^READY ' "$stack_out" | cut -d' ' -f2-)
field() { node -e 'const o=JSON.parse(process.argv[1]); process.stdout.write(String(o[process.argv[2]]))' "$ready" "$1"; }

export AzureWebJobsStorage="$(field connectionString)"
export DEVNET_MANIFEST="$(field manifest)"
export ENABLED_CHAINS="${ENABLED_CHAINS:-devnet}"
export TELEGRAM_WEBHOOK_SECRET="${TELEGRAM_WEBHOOK_SECRET:-local-webhook-secret}"
export TELEGRAM_BOT_TOKEN="${TELEGRAM_BOT_TOKEN:-123456:local-dev-token}"
# The devnet has one price source per symbol (its Chainlink mocks; no Pyth unless PYTH_HERMES_ENDPOINT is set),
# so the two-source cross-check that guards real deployments cannot apply here.
export ORACLE_MIN_SOURCES="${ORACLE_MIN_SOURCES:-1}"
# The devnet's funded "trader" account (a public Hardhat test key) is the local trading wallet.
export SIGNER_PRIVATE_KEY="${SIGNER_PRIVATE_KEY:-$(node -e 'const m=require(process.argv[1]); process.stdout.write(m.accounts.find(a=>a.name==="trader").privateKey)' "$DEVNET_MANIFEST")}"

app_url="${ASPNETCORE_URLS:-http://127.0.0.1:7071}"

# The local Telegram stand-in plays Telegram: the bot calls its Bot API, and it delivers what a person types on
# its chat page to the app's webhook with the secret. The chat page's default user (1001) is every role here.
standin_out="$state/standin.out"
: > "$standin_out"
node devnet/telegram-standin/server.js --token "$TELEGRAM_BOT_TOKEN" \
  --webhook-url "$app_url/telegram/webhook" --webhook-secret "$TELEGRAM_WEBHOOK_SECRET" \
  > "$standin_out" 2> "$state/standin.log" < <(tail -f /dev/null) &
pids+=($!)
for _ in $(seq 1 30); do grep -q '^READY ' "$standin_out" && break; sleep 1; done
grep -q '^READY ' "$standin_out" || { echo "The Telegram stand-in did not start:"; tail -n 20 "$state/standin.log"; exit 1; }
standin=$(grep -m1 '^READY ' "$standin_out" | cut -d' ' -f2-)
standin_field() { node -e 'const o=JSON.parse(process.argv[1]); process.stdout.write(String(o[process.argv[2]]))' "$standin" "$1"; }
export TELEGRAM_API_BASE_URL="$(standin_field baseUrl)"
export ALLOWED_USER_IDS="${ALLOWED_USER_IDS:-1001}" ADMIN_USER_IDS="${ADMIN_USER_IDS:-1001}" SUPER_ADMIN_IDS="${SUPER_ADMIN_IDS:-1001}"
# Admin alerts go to the admin chat only; locally that is user 1001's private chat with the bot.
export ADMIN_CHAT_ID="${ADMIN_CHAT_ID:-1001}"
app_log="$state/app.log"
: > "$app_log"
cat <<MSG

ChainTrader is starting (standalone mode).
  Fresh start:  a new devnet chain and empty storage; nothing from earlier runs is kept, nothing of this run outlives it.
  App:          $app_url   (healthz, readyz, health, telegram/webhook)
  Devnet RPC:   $(field rpcUrl)   (chain id $(field chainId); contracts in $DEVNET_MANIFEST)
  Azurite:      $(field tableEndpoint)   (tables), $(field queueEndpoint) (queues)
  Telegram:     $(standin_field chatUrl)   (chat with the bot as user 1001; Bot API stand-in at $TELEGRAM_API_BASE_URL)
  Logs:         $app_log (the app's full JSON log), $state/stack.log (devnet and Azurite), $state/standin.log (Telegram stand-in)
Below: only warnings, errors and one line per trade state change (the full log is in $app_log).
Press Ctrl-C to stop everything.

MSG
# The app's JSON log goes whole to its file; the terminal shows what a person acts on (scripts/terminal-filter.js).
# The built dll, not `dotnet run`: the Worker SDK turns `dotnet run` into `func start` (the Functions host).
dotnet src/ChainTrader.Functions/bin/Debug/net10.0/ChainTrader.Functions.dll --urls "$app_url" > >(tee -a "$app_log" | node scripts/terminal-filter.js) 2>&1 &
pids+=($!)
wait -n "${pids[@]}"
