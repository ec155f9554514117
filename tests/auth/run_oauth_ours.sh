#!/usr/bin/env bash
# Our OAuth resource server end to end over real sockets (issue 16): examples/protected, configured by MCP_AUTH_*
# through mcp::run, in front of a real authorization server (authorization_server.mjs, oidc-provider), driven by
# the TypeScript SDK client's whole flow (ts_sdk_oauth_client.mjs) and by raw requests (oauth_ours_checks.mjs).
#
#   tests/auth/run_oauth_ours.sh <build-dir> jwt|opaque|our_client     (needs npm ci; Node 22 from node_modules)
#
#   jwt     RS256 JWT access tokens (typ at+jwt), keys discovered from the issuer: the SDK flow; the RFC 9728
#           metadata; no token, eleven bad tokens and a missing scope refused before any handler; forged identity
#           headers; a session used by another principal; then the AS stopped: the server that has its keys still
#           serves, and a fresh server whose issuer refuses connections answers 503 with Retry-After; last, the
#           server without MCP_AUTH_*: forged x-mcp-auth-* headers are dropped before the handler
#   opaque  opaque tokens checked by RFC 7662 introspection: the SDK flow; a client_credentials token (whose
#           introspection has no sub) and an unknown token are 401
#   our_client  our C++ client (tests/auth/oauth_client_check, mcp::client with http_options::authorization):
#           dynamic registration, the headless user agent through oidc-provider's login and consent, whoami;
#           the server's 401 asks for mcp:read only (MCP_AUTH_SCOPES), so notes_write gets 403 insufficient_scope
#           and the client steps up; a second connection reuses the stored token; a 45 s token is refreshed
#           (15 s of slack for the steps before it, under load).
#           Then the same client (without step-up) against the TypeScript SDK's protected server, as a peer
# Prints one line per check and "N passed, N failed"; exits 0 when all pass, 1 otherwise, 77 (skipped) when
# node_modules lacks oidc-provider. Registered in ctest as auth_oauth_ts_sdk_http_<case> and, for our_client,
# auth_oauth_our_client_http (tests/auth/CMakeLists.txt).
set -euo pipefail
build="$(readlink -f "${1:?usage: run_oauth_ours.sh <build-dir> jwt|opaque|our_client}")"
case_name="${2:?usage: run_oauth_ours.sh <build-dir> jwt|opaque|our_client}"
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

# Runs oauth_client_check against <url> with its flags and counts its lines as checks of <name>.
our_client() { # name url flags...
  local name=$1 out line
  shift
  out="$("$build/tests/auth/oauth_client_check" "$@" 2>"$work/$name-client.err")" || true
  while IFS= read -r line; do
    case $line in
      "ok - "*) ok "$name: ${line#ok - }" ;;
      "not ok - "*) not_ok "$name: ${line#not ok - }" ;;
    esac
  done <<<"$out"
  [[ $out == *"all passed"* ]] || { not_ok "$name: oauth_client_check did not pass"; tail -n 20 "$work/$name-client.err"; }
}

our_client_case() {
  local port url rs_line
  [[ -x $build/tests/auth/oauth_client_check ]] ||
    { echo "FAIL: $build/tests/auth/oauth_client_check missing (scripts/build dev oauth_client_check)"; exit 1; }
  port="$(free_port)"
  url="http://127.0.0.1:$port/mcp"
  start_as ours "$url" --access-token-ttl 45
  start_protected ours "$port" MCP_AUTH_RESOURCE="$url" MCP_AUTH_ISSUER="$(json_field "$as_line" issuer)" \
    MCP_AUTH_TOKEN_TYPE=at+jwt MCP_AUTH_SCOPES=mcp:read MCP_AUTH_TOOL_SCOPES="notes_write=mcp:write" \
    MCP_AUTH_SCOPES_SUPPORTED="mcp:read mcp:write"
  our_client ours "$url" --step-up --refresh

  # The peer: the TypeScript SDK's own protected server (whoami answers {"sub", ...} as text).
  port="$(free_port)"
  url="http://127.0.0.1:$port/mcp"
  start_as peer "$url"
  "$node" tests/auth/ts_sdk_protected_server.mjs --issuer "$(json_field "$as_line" issuer)" --port "$port" \
    --scopes "mcp:read mcp:write" >"$work/peer-server.out" 2>"$work/peer-server.err" &
  pids+=($!)
  wait_port "$port" "${pids[-1]}" "$work/peer-server.err"
  our_client ts-sdk-server "$url"
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
  our_client) our_client_case ;;
  *) echo "FAIL: unknown case $case_name (jwt, opaque or our_client)"; exit 1 ;;
esac
# What our server logged, for a failure's reader.
if ((failed > 0)); then
  for log in "$work"/*-server.err; do tail -n 30 "$log" | sed "s|^|  $(basename "$log"): |"; done
fi
finish "oauth ours ($case_name)" "$start"
