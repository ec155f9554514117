#!/usr/bin/env bash
# End-to-end test of the `mcp` command-line client (docs/cli.md) against examples/everything over Streamable HTTP
# and over stdio, and against tests/cli/echo_server.mjs for what everything cannot show (roots, headers, the
# client's capabilities): results on stdout (checked as JSON with node), messages on stderr, and the exit codes.
#   tests/cli/cli_test.sh <mcp binary> <everything binary>
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
mcp="$1"
everything="$2"
work="$(mktemp -d)"
servers=()
cleanup() {
  for pid in "${servers[@]}"; do { kill -9 "$pid" && wait "$pid"; } 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

failures=0
fail() { echo "FAIL: $*"; echo "  stdout: $(head -c 600 "$work/out")"; echo "  stderr: $(head -c 600 "$work/err")"; failures=$((failures + 1)); }
pass() { echo "ok: $*"; }

# Runs mcp with the given arguments: stdout in $work/out, stderr in $work/err, the exit code in $code.
run() { code=0; "$mcp" "$@" >"$work/out" 2>"$work/err" </dev/null || code=$?; }

# expect <what> <exit code> [JavaScript condition on r, stdout parsed as JSON] [text stderr must contain]
expect() {
  local what="$1" want="$2" condition="${3:-}" stderr_has="${4:-}"
  if [[ "$code" != "$want" ]]; then fail "$what: exit code $code, expected $want"; return; fi
  if [[ -n "$condition" ]] && ! node -e '
      const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
      if (!eval(process.argv[2])) process.exit(1);' "$work/out" "$condition" 2>>"$work/err"; then
    fail "$what: stdout does not satisfy $condition"; return
  fi
  if [[ -n "$stderr_has" ]] && ! grep -qF -- "$stderr_has" "$work/err"; then
    fail "$what: stderr lacks \"$stderr_has\""; return
  fi
  pass "$what"
}
stdout_empty() { [[ ! -s "$work/out" ]] || fail "$1: stdout is not empty"; }
stderr_empty() { [[ ! -s "$work/err" ]] || fail "$1: stderr is not empty"; }

# Starts a server that prints its URL on stderr; sets $url.
start_http() {
  local log="$work/server-$#-${#servers[@]}.log"
  "$@" 2>"$log" &
  servers+=($!)
  url=""
  for _ in $(seq 1 100); do # up to 10 s for the server to listen
    url="$(grep -o 'http://127\.0\.0\.1:[0-9]*/mcp' "$log" | head -n1 || true)"
    [[ -n "$url" ]] && return
    kill -0 "${servers[-1]}" 2>/dev/null || { echo "the server exited early:"; cat "$log"; exit 1; }
    sleep 0.1
  done
  echo "the server did not report its address:"; cat "$log"; exit 1
}

# The same checks over both transports: $1 is "http" or "stdio"; `call_mcp <command> <operands...> [options]`
# runs mcp against the server (the global options may follow the operands).
transport_checks() {
  local t="$1"
  call_mcp tools
  expect "$t: tools lists test_simple_text" 0 'Array.isArray(r) && r.some(t => t.name === "test_simple_text")'
  call_mcp call test_simple_text
  expect "$t: call prints the tool's result" 0 'r.content[0].text === "This is a simple text response for testing." && !r.isError'
  call_mcp call test_error_handling
  expect "$t: a failing tool exits 1 and its result is printed" 1 'r.isError === true' "isError: true"
  call_mcp call no_such_tool
  expect "$t: an unknown tool exits 1 with the error on stderr" 1 "" "no_such_tool"
  stdout_empty "$t: an unknown tool"
  call_mcp call test_simple_text '{"a": '
  expect "$t: a bad JSON argument exits 2" 2 "" "not valid JSON"
  stdout_empty "$t: a bad JSON argument"
  call_mcp call test_tool_with_progress
  expect "$t: progress goes to stderr" 0 'r.content[0].text === "Progress test completed"' "progress 50/100"
  call_mcp call test_tool_with_progress --quiet
  expect "$t: --quiet" 0 'r.content[0].text === "Progress test completed"'
  # The CLI's progress lines start with "progress "; the server's own request log (stdio passes its stderr
  # through) names the tool test_tool_with_progress and is not the CLI's to silence.
  ! grep -q '^progress ' "$work/err" || fail "$t: --quiet printed progress"
  call_mcp call test_tool_with_logging --log-level debug
  expect "$t: server log messages go to stderr" 0 'r.content[0].text === "Logging test completed"' "log info: Tool processing data"
  call_mcp read test://static-text
  expect "$t: read" 0 'r.contents[0].text === "This is the content of the static text resource."'
  call_mcp read test://nothing
  expect "$t: reading an unknown resource exits 1" 1 "" "-32002"
  call_mcp prompt test_prompt_with_arguments '{"arg1": "a", "arg2": "b"}'
  expect "$t: prompt" 0 'r.messages[0].content.text === "Prompt with arguments: arg1=\x27a\x27, arg2=\x27b\x27"'
  call_mcp prompt test_prompt_with_arguments '{"arg1": 1}'
  expect "$t: a prompt argument that is not a string exits 2" 2 "" '"arg1" is a number'
  call_mcp complete --prompt test_prompt_with_arguments arg1 pa --context arg2=x
  expect "$t: complete" 0 'JSON.stringify(r.completion.values) === JSON.stringify(["paris", "park", "party"])'
  call_mcp resources
  expect "$t: resources" 0 'r.some(x => x.uri === "test://static-text")'
  call_mcp templates
  expect "$t: templates" 0 'r[0].uriTemplate === "test://template/{id}/data"'
  call_mcp prompts
  expect "$t: prompts" 0 'r.some(p => p.name === "test_simple_prompt")'
  call_mcp ping
  expect "$t: ping" 0 'JSON.stringify(r) === "{}"'
  call_mcp info
  expect "$t: info" 0 'r.serverInfo.name === "mcp-conformance-everything" && r.protocolVersion === "2025-11-25" && "tools" in r.capabilities'
  call_mcp call test_simple_text --compact
  expect "$t: --compact writes one line" 0 'true'
  [[ "$(wc -l <"$work/out")" == 1 ]] || fail "$t: --compact wrote $(wc -l <"$work/out") lines"
  call_mcp call test_tool_with_progress --timeout 20
  expect "$t: no answer within --timeout exits 3" 3 "" "no answer within 20 ms"
}

# --- over Streamable HTTP -----------------------------------------------------------------------------------
start_http "$everything" --port 0
everything_url="$url"
call_mcp() { run "$1" "$everything_url" "${@:2}"; }
transport_checks http
run tools "$everything_url"
stderr_empty "http: tools"

# --- over stdio ---------------------------------------------------------------------------------------------
call_mcp() { run --stdio "$@" -- "$everything" --transport stdio; }
transport_checks stdio
run --stdio ping -- "$work/no-such-server"
expect "stdio: a server that cannot be started exits 3" 3 "" "cannot start"
run --stdio ping -- false
expect "stdio: a server that exits at once exits 3" 3 "" "exited"

# --- what the client declares and sends (echo_server.mjs) ---------------------------------------------------
run --stdio --root file:///tmp/a --root file:///tmp/b call roots -- node "$here/echo_server.mjs" stdio
expect "--root answers roots/list" 0 'JSON.parse(r.content[0].text).roots.map(x => x.uri).join() === "file:///tmp/a,file:///tmp/b"'
run --stdio call capabilities -- node "$here/echo_server.mjs" stdio
expect "no sampling, elicitation or roots declared by default" 0 'JSON.stringify(JSON.parse(r.content[0].text)) === "{}"'
start_http node "$here/echo_server.mjs" http
run --header 'Authorization: Bearer t0ken' -H 'X-Trace: 7' call "$url" headers
expect "--header is sent" 0 'const h = JSON.parse(r.content[0].text); h.authorization === "Bearer t0ken" && h["x-trace"] === "7"'

# --- usage and unreachable servers --------------------------------------------------------------------------
free_port="$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')"
run tools "http://127.0.0.1:$free_port/mcp"
expect "an unreachable URL exits 3" 3 "" "cannot connect"
stdout_empty "an unreachable URL"
run --help
expect "--help goes to stdout with exit 0" 0 "" ""
grep -q "Exit codes" "$work/out" || fail "--help: stdout lacks the exit codes"
stderr_empty "--help"
run call --help
expect "call --help goes to stdout with exit 0" 0
grep -q "call URL NAME \[ARGUMENTS\]" "$work/out" || fail "call --help: stdout lacks the usage"
run --version
expect "--version" 0
grep -q "^mcp " "$work/out" || fail "--version: stdout lacks the version"
run --no-such-option tools "$everything_url"
expect "an unknown option exits 2" 2
run tools
expect "a missing URL exits 2" 2 "" "give the server's URL"
run tools ftp://example.com/mcp
expect "a URL that is not http(s) exits 2" 2
run --header 'Accept: text/plain' tools "$everything_url"
expect "a header the client sets itself exits 2" 2 "" "sets this header itself"
run --stdio tools
expect "--stdio without a command exits 2" 2 "" "--stdio needs"
run complete "$everything_url" arg1 pa
expect "complete without --prompt or --resource exits 2" 2

# The HTTP server is still serving (the client did not break it), and stops cleanly.
kill -TERM "${servers[0]}"
wait "${servers[0]}" || fail "everything exited with $? after SIGTERM"

if ((failures > 0)); then echo "cli_test: $failures failure(s)"; exit 1; fi
echo "cli_test: all passed"
