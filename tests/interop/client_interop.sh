#!/usr/bin/env bash
# Starts a server over HTTP on an ephemeral port, runs client_interop (our client's checks) against it, and stops
# the server (EXIT trap, also when a check fails). The stdio setups need no driver: client_interop --stdio starts
# its server itself.
#   client_interop.sh <client_interop> sdk <node> [--stateless] [--json]     tests/interop/sdk_server.mjs
#   client_interop.sh <client_interop> everything <everything>               examples/everything --port 0
#   client_interop.sh <client_interop> lambda <lambda_emulator> <lambda_example> streaming|buffered
# The Lambda setup is the one of tests/lambda (start_emulator.sh): sessions and events in dynalite
# (MCP_TEST_DYNAMODB_ENDPOINT, from scripts/services), several function copies.
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
runner="$1" kind="$2"
shift 2

server="" log=""
stop_server() {
  [[ -n "$server" ]] || return 0
  kill -TERM "$server" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$server" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  server=""
}

# Starts "$@" with its stderr in a log, and sets $url from the "listening on http://127.0.0.1:<port>/mcp" line it
# prints there.
start_server() {
  log="$(mktemp)"
  trap 'stop_server; rm -f "$log"' EXIT
  "$@" 2>"$log" &
  server=$!
  url=""
  for _ in $(seq 1 100); do # up to 10 s
    url="$(grep -o 'http://127\.0\.0\.1:[0-9]*/mcp' "$log" | head -n1 || true)"
    [[ -n "$url" ]] && break
    kill -0 "$server" 2>/dev/null || { echo "client_interop.sh: the server exited early:"; cat "$log"; exit 1; }
    sleep 0.1
  done
  [[ -n "$url" ]] || { echo "client_interop.sh: the server did not report its address:"; cat "$log"; exit 1; }
  echo "client_interop.sh: $* on $url"
}

# Runs the checks; on failure the server's log is shown.
run_checks() {
  local status=0
  "$runner" "$@" || status=$?
  if ((status != 0)) && [[ -n "$log" ]]; then
    echo "client_interop.sh: the server's log:"
    cat "$log"
  fi
  return $status
}

case "$kind" in
  sdk)
    node="$1"
    shift
    start_server "$node" "$here/sdk_server.mjs" "$@"
    run_checks --expect sdk "$@" "$url"
    ;;
  everything)
    start_server "$1" --port 0
    run_checks --expect everything "$url"
    ;;
  lambda)
    source "$here/../lambda/start_emulator.sh"
    mode="$3"
    # A copy for the GET stream, one for a call's stream, one for the answer to the server's request, one spare.
    # Each copy reads the stored tool set at most once a second (the list check of everything_checks.cpp).
    emulator_start "$1" "$2" "$mode" 4 --env MCP_TOOL_CHECK_INTERVAL=1
    flags=()
    [[ "$mode" == buffered ]] && flags+=(--buffered)
    "$runner" --expect lambda "${flags[@]}" "$emulator_url/mcp" || { status=$?; cat "$emulator_log"; exit $status; }
    ;;
  *)
    echo "usage: client_interop.sh <client_interop> sdk|everything|lambda ..." >&2
    exit 2
    ;;
esac
