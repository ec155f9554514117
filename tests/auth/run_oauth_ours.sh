#!/usr/bin/env bash
# Our OAuth resource server end to end over real sockets (issue 16): examples/protected, configured by MCP_AUTH_*
# through mcp::run, in front of a real authorization server (authorization_server.mjs, oidc-provider), driven by
# the TypeScript SDK client's whole flow (ts_sdk_oauth_client.mjs) and by raw requests (oauth_ours_checks.mjs).
#
#   tests/auth/run_oauth_ours.sh <build-dir> jwt|opaque     (needs npm ci; Node 22 from node_modules)
#
#   jwt     RS256 JWT access tokens (typ at+jwt), keys discovered from the issuer: the SDK flow; the RFC 9728
#           metadata; no token, eleven bad tokens and a missing scope refused before any handler; forged identity
#           headers; a session used by another principal; then the AS stopped: the server that has its keys still
#           serves, and a fresh server whose issuer refuses connections answers 503 with Retry-After; last, the
#           server without MCP_AUTH_*: forged x-mcp-auth-* headers are dropped before the handler
#   opaque  opaque tokens checked by RFC 7662 introspection: the SDK flow; a client_credentials token (whose
#           introspection has no sub) and an unknown token are 401
# Prints one line per check and "N passed, N failed"; exits 0 when all pass, 1 otherwise, 77 (skipped) when
# node_modules lacks oidc-provider. Registered in ctest as auth_oauth_ts_sdk_http_<case> (tests/auth/CMakeLists.txt).
set -euo pipefail
build="$(readlink -f "${1:?usage: run_oauth_ours.sh <build-dir> jwt|opaque}")"
case_name="${2:?usage: run_oauth_ours.sh <build-dir> jwt|opaque}"
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.."
protected="$build/examples/protected/protected"
[[ -x $protected ]] || { echo "FAIL: $protected missing (scripts/build dev protected)"; exit 1; }
source tests/auth/oauth_servers.sh

# Starts our server on <port> with MCP_AUTH_* given as NAME=VALUE arguments (none: no access policy); sets
# server_pid.
start_protected() { # name port env...
  local name=$1 port=$2
  shift 2
  env MCP_PORT="$port" LOG_LEVEL=info "$@" "$protected" \
    >"$work/$name-server.out" 2>"$work/$name-server.err" &
  server_pid=$!
  pids+=("$server_pid")
  wait_port "$port" "$server_pid" "$work/$name-server.err"
}

jwt_case() {
  local port url good dead_port dead_token
  port="$(free_port)"
  url="http://127.0.0.1:$port/mcp"
  start_as jwt "$url" --mint-endpoint
  start_protected jwt "$port" MCP_AUTH_RESOURCE="$url" MCP_AUTH_ISSUER="$(json_field "$as_line" issuer)" \
    MCP_AUTH_TOKEN_TYPE=at+jwt MCP_AUTH_TOOL_SCOPES="notes_write=mcp:write" \
    MCP_AUTH_SCOPES_SUPPORTED="mcp:read mcp:write"
  sdk_flow jwt "$url" test-user
  MCP_URL="$url" AS_LINE="$as_line" run_checks jwt

  # The AS goes away. Tokens are minted first: a good one for this server, one for a server that never saw it.
  good="$(mint_token "$as_line" '{}')"
  dead_port="$(free_port)"
  local fresh_port
  fresh_port="$(free_port)"
  dead_token="$(mint_token "$as_line" \
    "{\"iss\": \"http://127.0.0.1:$dead_port\", \"aud\": \"http://127.0.0.1:$fresh_port/mcp\"}")"
  stop_one "$as_pid"
  MCP_URL="$url" TOKEN="$good" run_checks kept
  start_protected unreachable "$fresh_port" MCP_AUTH_RESOURCE="http://127.0.0.1:$fresh_port/mcp" \
    MCP_AUTH_ISSUER="http://127.0.0.1:$dead_port" MCP_AUTH_TOKEN_TYPE=at+jwt
  MCP_URL="http://127.0.0.1:$fresh_port/mcp" TOKEN="$dead_token" run_checks unreachable
}

opaque_case() {
  local port url
  port="$(free_port)"
  url="http://127.0.0.1:$port/mcp"
  start_as opaque "$url" --opaque --introspection-client rs:rs-secret
  start_protected opaque "$port" MCP_AUTH_RESOURCE="$url" MCP_AUTH_ISSUER="$(json_field "$as_line" issuer)" \
    MCP_AUTH_INTROSPECTION_URL="$(json_field "$as_line" introspection_endpoint)" MCP_AUTH_CLIENT_ID=rs \
    MCP_AUTH_CLIENT_SECRET=rs-secret MCP_AUTH_TOOL_SCOPES="notes_write=mcp:write" \
    MCP_AUTH_SCOPES_SUPPORTED="mcp:read mcp:write"
  sdk_flow opaque "$url" test-user
  MCP_URL="$url" AS_LINE="$as_line" run_checks opaque
}

# Without MCP_AUTH_*: no policy, and a client's x-mcp-auth-subject still never reaches a handler.
open_case() {
  local port
  port="$(free_port)"
  start_protected open "$port"
  MCP_URL="http://127.0.0.1:$port/mcp" FRONT_DOOR="Streamable HTTP" run_checks open
}

start=$SECONDS
case $case_name in
  jwt) jwt_case; open_case ;;
  opaque) opaque_case ;;
  *) echo "FAIL: unknown case $case_name (jwt or opaque)"; exit 1 ;;
esac
# What our server logged, for a failure's reader.
if ((failed > 0)); then
  for log in "$work"/*-server.err; do tail -n 30 "$log" | sed "s|^|  $(basename "$log"): |"; done
fi
finish "oauth ours ($case_name)" "$start"
