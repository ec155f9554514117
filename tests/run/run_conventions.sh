#!/usr/bin/env bash
# mcp::run's conventions (src/mcp/run.hpp) checked on a server program:
#   run_conventions.sh SERVER [DOC]   (examples/hello: mcp::run with no options of its own; DOC: docs/configuration.md,
#                                     which must name every variable and option --help lists)
# Each check runs the program with some arguments and environment and looks at its exit code, stdout and stderr.
set -uo pipefail
(($# == 1 || $# == 2)) || { echo "usage: run_conventions.sh SERVER [DOC]" >&2; exit 2; }
server="$1" doc="${2:-}"
work="$(mktemp -d /tmp/mcp-run-conventions.XXXXXX)"
pid=""
trap '[[ -n $pid ]] && kill -KILL "$pid" 2>/dev/null; rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# Runs the server with stdin closed; sets $code, $out, $err. Usage: invoke [VAR=value...] -- [args...]
# MCP_PORT=0 unless the call sets it: a server that wrongly starts serving takes no fixed port (and is stopped
# by the timeout).
invoke() {
  local env=(MCP_PORT=0)
  while [[ $1 != -- ]]; do env+=("$1"); shift; done
  shift
  env "${env[@]}" timeout 5 "$server" "$@" </dev/null >"$work/out" 2>"$work/err"
  code=$?
  out="$(cat "$work/out")" err="$(cat "$work/err")"
}

# A usage error: exit 2, nothing on stdout, and stderr names what was wrong.
expect_usage_error() {
  local what="$1" needle="$2"
  shift 2
  invoke "$@"
  ((code == 2)) || fail "$what: exit $code, expected 2 (stderr: $err)"
  [[ -z $out ]] || fail "$what: wrote to stdout: $out"
  [[ $err == *"$needle"* ]] || fail "$what: stderr does not say \"$needle\": $err"
}

# --help: stdout, exit 0, every option and every environment variable mcp::run reads, with defaults.
invoke -- --help
((code == 0)) || fail "--help: exit $code"
[[ -z $err ]] || fail "--help wrote to stderr: $err"
for word in --transport --host --port --path --store --log-level --version --help \
  MCP_TRANSPORT MCP_HOST MCP_PORT MCP_PATH MCP_CORS_ORIGINS MCP_CORS_CREDENTIALS MCP_CORS_MAX_AGE MCP_STORE \
  MCP_SESSION_TTL MCP_MAX_SESSIONS MCP_MAX_EVENTS_PER_SESSION MCP_SQLITE_PATH MCP_POSTGRES_URL \
  MCP_POSTGRES_TABLE_PREFIX MCP_POSTGRES_POOL_SIZE MCP_POSTGRES_SCHEMA MCP_DYNAMODB_SESSIONS_TABLE \
  MCP_DYNAMODB_EVENTS_TABLE MCP_DYNAMODB_TASKS_TABLE MCP_DYNAMODB_STATE_TABLE MCP_DYNAMODB_CREATE_TABLES \
  AWS_REGION AWS_ENDPOINT_URL_DYNAMODB MCP_TASK_TTL MCP_TASK_MAX_TTL MCP_TASK_POLL_INTERVAL MCP_TASK_LEASE \
  MCP_TASK_HEARTBEAT MCP_TOOL_CHECK_INTERVAL LOG_LEVEL AWS_LAMBDA_RUNTIME_API MCP_LAMBDA_MODE; do
  [[ $out == *"$word"* ]] || fail "--help does not list $word"
done
for default in 127.0.0.1 8080 /mcp memory 3600 10000 mcp-sessions.db; do
  [[ $out == *"$default"* ]] || fail "--help does not give the default $default"
done

# The configuration reference names everything --help lists.
if [[ -n $doc ]]; then
  for word in $(grep -oE '(--[a-z-]+|\b[A-Z][A-Z0-9]*_[A-Z0-9_]+)' <<<"$out" | sort -u); do
    grep -qF -- "$word" "$doc" || fail "$doc does not name $word, which --help lists"
  done
fi

# --version: the server's name and version, and the framework's.
invoke -- --version
((code == 0)) || fail "--version: exit $code"
[[ $out =~ ^hello\ [0-9.]+\ \(mcp\ C\+\+\ framework\ [0-9]+\.[0-9]+\.[0-9]+\)$ ]] || fail "--version printed: $out"

# Usage errors: one exit code, wherever the mistake is.
expect_usage_error "unknown option" "--bogus" -- --bogus
expect_usage_error "--transport htp" "--transport" -- --transport htp
expect_usage_error "MCP_TRANSPORT=htp" "MCP_TRANSPORT=htp: expected http or stdio" MCP_TRANSPORT=htp --
expect_usage_error "--port 70000" "--port" -- --port 70000
expect_usage_error "--port abc" "--port" -- --port abc
expect_usage_error "MCP_PORT=99999" "MCP_PORT=99999" MCP_PORT=99999 --
expect_usage_error "--log-level loud" "--log-level" -- --log-level loud
expect_usage_error "LOG_LEVEL=loud" "LOG_LEVEL=loud" LOG_LEVEL=loud --
expect_usage_error "MCP_STORE=mongo" "MCP_STORE" MCP_STORE=mongo --
expect_usage_error "MCP_TASK_LEASE=soon" "MCP_TASK_LEASE" MCP_TASK_LEASE=soon --
# hello links mcp::mcp and mcp::sqlite only: what it lacks is named, with the CMake target that brings it.
expect_usage_error "MCP_STORE=postgres without mcp::postgres" "link the CMake target mcp::postgres" MCP_STORE=postgres --
expect_usage_error "--store dynamodb without mcp::dynamodb" "link the CMake target mcp::dynamodb" -- --store dynamodb
expect_usage_error "on Lambda without mcp::lambda" "link the CMake target mcp::lambda" AWS_LAMBDA_RUNTIME_API=127.0.0.1:9 --
expect_usage_error "a usage error is said even with LOG_LEVEL=off" "MCP_TRANSPORT=x" LOG_LEVEL=off MCP_TRANSPORT=x --

# The log level: the "listening on" line is at info. Started on a free port, stopped by SIGTERM once it accepts.
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
serve_briefly() { # serve_briefly [VAR=value...] -- [args...]: sets $code and $err
  local env=() port
  while [[ $1 != -- ]]; do env+=("$1"); shift; done
  shift
  port="$(free_port)"
  env "${env[@]}" "$server" --port "$port" "$@" </dev/null >/dev/null 2>"$work/serve_err" &
  pid=$!
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    sleep 0.05
  done
  kill -TERM "$pid" 2>/dev/null
  wait "$pid"
  code=$?
  pid=""
  err="$(cat "$work/serve_err")"
}
serve_briefly --
((code == 0)) || fail "serving at the default level: exit $code ($err)"
[[ $err == *"listening on http://127.0.0.1:"* ]] || fail "the default level (info) hid the listening line: $err"
serve_briefly -- --log-level warn
((code == 0)) || fail "serving with --log-level warn: exit $code ($err)"
[[ $err != *"listening on"* ]] || fail "--log-level warn still logged at info: $err"
serve_briefly LOG_LEVEL=error --
[[ $err != *"listening on"* ]] || fail "LOG_LEVEL=error still logged at info: $err"
serve_briefly LOG_LEVEL=error -- --log-level debug
[[ $err == *"listening on"* ]] || fail "--log-level debug did not win over LOG_LEVEL=error: $err"

if ((failures)); then
  echo "run_conventions: $failures check(s) failed"
  exit 1
fi
echo "run_conventions: every check passed"
