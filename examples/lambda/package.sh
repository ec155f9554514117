#!/usr/bin/env bash
# Builds examples/lambda for the AWS Lambda provided.al2023 runtime and packages it as build/lambda/bootstrap.zip,
# through the CMake target that mcp_add_lambda_package (cmake/mcp_lambda_package.cmake) gives any program:
# `bootstrap` (the release binary, stripped) at the zip root and the shared libraries it needs that Amazon Linux
# 2023 lacks or has in other versions in lib/ (found through the binary's DT_RPATH $ORIGIN/lib), checked to ask
# for nothing newer than AL2023's glibc 2.34. Then it runs the unzipped function under tools/lambda_emulator until
# an initialize succeeds. docs/lambda.md explains the choices and how to deploy.
#
#   examples/lambda/package.sh            on Debian 12, x86_64 or arm64 (the architecture of this machine)
#
# Environment: MCP_LAMBDA_BUILD_DIR (default build/release, configured with the release preset if missing);
# MCP_TEST_DYNAMODB_ENDPOINT, when set (scripts/services), makes the smoke test use DynamoDB (dynalite) with the
# production configuration instead of in-memory sessions. Not for: deploying (docs/lambda.md has the AWS CLI
# steps) or building any other program.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
cd "$root"

build_dir="${MCP_LAMBDA_BUILD_DIR:-build/release}"
out="$root/build/lambda"
stage="$out/stage"

fail() {
  echo "package: FAILED: $*" >&2
  exit 1
}

architecture() {
  case "$(uname -m)" in
    x86_64) lambda_arch=x86_64 ;;
    aarch64 | arm64) lambda_arch=arm64 ;;
    *) fail "unsupported machine $(uname -m): Lambda runs x86_64 and arm64" ;;
  esac
  echo "package: building for Lambda architecture $lambda_arch ($(uname -m))"
}

require_tools() {
  local t
  for t in cmake g++ readelf objdump strip ldd curl flock; do
    command -v "$t" >/dev/null || fail "'$t' is not installed (scripts/setup installs the build tools; curl: apt-get install curl)"
  done
}

build() {
  [[ -f "$build_dir/CMakeCache.txt" ]] || cmake --preset release -B "$build_dir"
  # Two cores are shared: the lock keeps this build from running alongside another one. lambda_example_lambda_zip
  # is mcp_add_lambda_package's target (examples/lambda/CMakeLists.txt): it links, stages, checks and zips.
  flock /tmp/mcp-build.lock cmake --build "$build_dir" --target lambda_example_lambda_zip lambda_emulator
  rm -rf "$out" && mkdir -p "$out"
  cp -r "$build_dir/examples/lambda/lambda_example_lambda/stage" "$out/stage"
  cp "$build_dir/examples/lambda/lambda_example_lambda/bootstrap.zip" "$out/bootstrap.zip"
}

# The unzipped function under the emulator, without LD_LIBRARY_PATH: an initialize must succeed.
smoke_test() {
  local dir="$out/smoke" log
  rm -rf "$dir" && mkdir -p "$dir"
  (cd "$dir" && cmake -E tar xf ../bootstrap.zip)
  log="$(mktemp)"
  local env=(--env MCP_LAMBDA_MODE=streaming)
  if [[ -n "${MCP_TEST_DYNAMODB_ENDPOINT:-}" ]]; then
    local tables="package-$$-$RANDOM"
    env+=(--env MCP_DYNAMODB_CREATE_TABLES=true --env "MCP_DYNAMODB_SESSIONS_TABLE=$tables-sessions"
      --env "MCP_DYNAMODB_EVENTS_TABLE=$tables-events" --env "MCP_DYNAMODB_TASKS_TABLE=$tables-tasks" --env "MCP_DYNAMODB_STATE_TABLE=$tables-state" --env "AWS_ENDPOINT_URL_DYNAMODB=$MCP_TEST_DYNAMODB_ENDPOINT"
      --env AWS_REGION=us-east-1 --env AWS_ACCESS_KEY_ID=AKIDPACKAGE --env AWS_SECRET_ACCESS_KEY=package-test)
    echo "package: smoke test: production configuration, DynamoDB at $MCP_TEST_DYNAMODB_ENDPOINT"
  else
    env+=(--env MCP_LAMBDA_CONFIG=development)
    echo "package: smoke test: development configuration (in-memory sessions; set MCP_TEST_DYNAMODB_ENDPOINT for DynamoDB)"
  fi
  env -u LD_LIBRARY_PATH "$build_dir/tools/lambda_emulator/lambda_emulator" --port 0 --event url "${env[@]}" \
    -- "$dir/bootstrap" 2>"$log" &
  local pid=$!
  # shellcheck disable=SC2064 # expand now: the trap must stop this emulator
  trap "kill -TERM $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -f '$log'" EXIT
  local url=""
  for _ in $(seq 1 100); do
    url="$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$log" | head -n1 || true)"
    [[ -n "$url" ]] && break
    kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; fail "the emulator exited"; }
    sleep 0.1
  done
  [[ -n "$url" ]] || { cat "$log" >&2; fail "the emulator did not report its address"; }
  local answer
  answer="$(curl -sS -i "$url/mcp" -H 'content-type: application/json' \
    -H 'accept: application/json, text/event-stream' \
    -d '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"package.sh","version":"1"}}}')" ||
    { cat "$log" >&2; fail "the initialize request failed"; }
  if ! grep -q '^HTTP/1.1 200' <<<"$answer" || ! grep -qi '^mcp-session-id:' <<<"$answer" ||
    ! grep -q '"protocolVersion":"2025-11-25"' <<<"$answer"; then
    echo "$answer" >&2
    cat "$log" >&2
    fail "the packaged bootstrap did not answer the initialize"
  fi
  local stats
  stats="$(curl -sS "$url/_emulator/stats")"
  local figures
  figures="$(grep -oE '"(initMs|rssAfterFirstInvocationKiB)":[0-9.]+' <<<"$stats" | tr '\n' ' ' || true)"
  echo "package: smoke test passed: initialize answered 200 with a session (emulator: ${figures% })"
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -f "$log"
  trap - EXIT
}

report() {
  local zip_bytes binary_bytes lib_bytes lib_count
  zip_bytes=$(stat -c %s "$out/bootstrap.zip")
  binary_bytes=$(stat -c %s "$stage/bootstrap")
  lib_bytes=$(cat "$stage"/lib/* | wc -c)
  lib_count=$(find "$stage/lib" -type f | wc -l)
  echo "package: $out/bootstrap.zip for provided.al2023, architecture $lambda_arch"
  echo "package:   zip:       $zip_bytes bytes ($((zip_bytes / 1024)) KiB)"
  echo "package:   bootstrap: $binary_bytes bytes stripped ($((binary_bytes / 1024)) KiB)"
  echo "package:   lib/:      $lib_count libraries, $lib_bytes bytes ($(cd "$stage/lib" && echo *))"
  echo "package: deploy with --runtime provided.al2023 --architectures $lambda_arch --handler bootstrap" \
    "(docs/lambda.md)"
}

architecture
require_tools
build
smoke_test
report
