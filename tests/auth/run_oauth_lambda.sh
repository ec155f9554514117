#!/usr/bin/env bash
# The same validator on AWS Lambda (issue 16): examples/protected built as a Lambda function (protected_lambda),
# run by tools/lambda_emulator behind an emulated Function URL. MCP_AUTH_* reach the Lambda front door through
# http::streamable_options_from_environment (lambda::production()); sessions stay in memory (MCP_STORE=memory, one
# copy). Checks (oauth_ours_checks.mjs lambda): no token is 401 with resource_metadata, a bad token 401
# invalid_token, a good token from the AS is served, and forged x-mcp-auth-subject / x-authorizer-sub headers on
# the Function URL event do not reach the handler (whoami still names test-user; without MCP_AUTH_* it names no
# one).
#
#   tests/auth/run_oauth_lambda.sh <lambda_emulator> <protected_lambda>    (needs npm ci)
#
# Prints one line per check and "N passed, N failed"; exits 0 when all pass, 1 otherwise, 77 (skipped) when
# node_modules lacks oidc-provider. Registered in ctest as auth_oauth_lambda_function_url.
set -euo pipefail
emulator="$(readlink -f "${1:?usage: run_oauth_lambda.sh <lambda_emulator> <protected_lambda>}")"
function="$(readlink -f "${2:?usage: run_oauth_lambda.sh <lambda_emulator> <protected_lambda>}")"
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.."
source tests/auth/oauth_servers.sh

start=$SECONDS
port="$(free_port)"
url="http://127.0.0.1:$port/mcp"
start_as lambda "$url" --mint-endpoint
"$emulator" --port "$port" --copies 1 --event url --timeout 30 \
  --env MCP_STORE=memory --env MCP_LAMBDA_MODE=buffered --env "MCP_AUTH_RESOURCE=$url" \
  --env "MCP_AUTH_ISSUER=$(json_field "$as_line" issuer)" --env MCP_AUTH_TOKEN_TYPE=at+jwt \
  --env "MCP_AUTH_TOOL_SCOPES=notes_write=mcp:write" -- "$function" >"$work/emulator.out" 2>"$work/emulator.err" &
pids+=($!)
wait_port "$port" "${pids[-1]}" "$work/emulator.err"
MCP_URL="$url" AS_LINE="$as_line" run_checks lambda

# The same function without MCP_AUTH_*: a forged identity header is dropped by the Lambda front door itself.
open_port="$(free_port)"
"$emulator" --port "$open_port" --copies 1 --event url --timeout 30 --env MCP_STORE=memory -- "$function" \
  >"$work/emulator-open.out" 2>"$work/emulator-open.err" &
pids+=($!)
wait_port "$open_port" "${pids[-1]}" "$work/emulator-open.err"
MCP_URL="http://127.0.0.1:$open_port/mcp" FRONT_DOOR="Function URL" run_checks open
if ((failed > 0)); then
  tail -n 40 "$work/emulator.err" | sed 's/^/  emulator: /'
fi
finish "oauth lambda (Function URL)" "$start"
