#!/usr/bin/env bash
# Sourced by the Lambda tests: starts tools/lambda_emulator with examples/lambda as the function, sessions and events
# in DynamoDB (dynalite, MCP_TEST_DYNAMODB_ENDPOINT from scripts/services) under fresh table names, and sets
# $emulator_url (http://127.0.0.1:PORT) and $emulator_pid. Stopped by the EXIT trap it installs.
#   emulator_start <emulator> <function> <buffered|streaming> <copies> [extra emulator args...]

emulator_start() {
  local emulator="$1" function="$2" mode="$3" copies="$4"
  shift 4
  [[ -n "${MCP_TEST_DYNAMODB_ENDPOINT:-}" ]] || {
    echo "lambda tests: MCP_TEST_DYNAMODB_ENDPOINT is not set; start the test services (scripts/services run)" >&2
    exit 1
  }
  local tables="lambda-$$-$RANDOM"
  emulator_log="$(mktemp)"
  "$emulator" --port 0 --copies "$copies" --timeout 60 "$@" \
    --env MCP_STORE=dynamodb --env MCP_DYNAMODB_CREATE_TABLES=true \
    --env "MCP_DYNAMODB_SESSIONS_TABLE=$tables-sessions" --env "MCP_DYNAMODB_EVENTS_TABLE=$tables-events" --env "MCP_DYNAMODB_TASKS_TABLE=$tables-tasks" --env "MCP_DYNAMODB_STATE_TABLE=$tables-state" \
    --env "AWS_ENDPOINT_URL_DYNAMODB=$MCP_TEST_DYNAMODB_ENDPOINT" --env AWS_REGION=us-east-1 \
    --env AWS_ACCESS_KEY_ID=AKIDLAMBDATEST --env AWS_SECRET_ACCESS_KEY=lambda-test-secret \
    --env "MCP_LAMBDA_MODE=$mode" -- "$function" 2>"$emulator_log" &
  emulator_pid=$!
  trap 'kill -TERM $emulator_pid 2>/dev/null || true; wait $emulator_pid 2>/dev/null || true; rm -f "$emulator_log"' EXIT
  emulator_url=""
  for _ in $(seq 1 100); do
    emulator_url="$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$emulator_log" | head -n1 || true)"
    [[ -n "$emulator_url" ]] && break
    kill -0 $emulator_pid 2>/dev/null || { echo "lambda tests: the emulator exited:"; cat "$emulator_log"; exit 1; }
    sleep 0.1
  done
  [[ -n "$emulator_url" ]] || { echo "lambda tests: the emulator did not report its address:"; cat "$emulator_log"; exit 1; }
  echo "lambda tests: $mode function behind $emulator_url ($copies copies)"
}
