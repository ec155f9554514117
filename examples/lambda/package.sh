#!/usr/bin/env bash
# Builds examples/lambda for the AWS Lambda provided.al2023 runtime and packages it as build/lambda/bootstrap.zip:
# `bootstrap` (the release binary, stripped) at the zip root and the shared libraries it needs that Amazon Linux
# 2023 lacks or has in other versions in lib/ (found through the binary's DT_RPATH $ORIGIN/lib). Then it checks
# that nothing asks for a glibc newer than AL2023's 2.34, and runs the unzipped function under
# tools/lambda_emulator until an initialize succeeds. docs/lambda.md explains the choices and how to deploy.
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
glibc_max="2.34" # Amazon Linux 2023
gcc_s_max="7.0.0" # the newest symbol version of GCC 11's libgcc_s.so.1, AL2023's

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
  # Two cores are shared: the lock keeps this build from running alongside another one.
  flock /tmp/mcp-build.lock cmake --build "$build_dir" --target lambda_bootstrap lambda_emulator
}

# glibc's own libraries are the system's; so is libgcc_s (see bootstrap/CMakeLists.txt). Everything else goes.
from_system() {
  case "$1" in
    linux-vdso.so.* | linux-gate.so.* | ld-linux*.so.* | libc.so.6 | libm.so.6 | libmvec.so.1 | libpthread.so.0 | \
      libdl.so.2 | librt.so.1 | libresolv.so.2 | libutil.so.1 | libanl.so.1 | libnss_*.so.* | libgcc_s.so.1)
      return 0 ;;
  esac
  return 1
}

stage_files() {
  rm -rf "$stage" && mkdir -p "$stage/lib"
  strip --strip-all -o "$stage/bootstrap" "$build_dir/examples/lambda/bootstrap/bootstrap"
  local name arrow path rest
  while read -r name arrow path rest; do
    [[ "$arrow" == "=>" ]] || continue
    [[ "$path" == "not" ]] && fail "$name: not found on this machine"
    from_system "$name" || cp -L "$path" "$stage/lib/$name"
  done < <(env -u LD_LIBRARY_PATH ldd "$stage/bootstrap")
}

# "file: symbol (VERSION_x.y)" for every versioned reference to `prefix` newer than `max`.
too_new() {
  local prefix="$1" max="$2" f
  for f in "$stage/bootstrap" "$stage"/lib/*; do
    objdump -T "$f" | awk -v p="($prefix" '$0 ~ /\*UND\*/ && index($0, p) { print $NF " " $(NF-1) }' |
      while read -r symbol version; do
        local v="${version#"($prefix"}"
        v="${v%)}"
        [[ "$(printf '%s\n%s\n' "$v" "$max" | sort -V | tail -n1)" == "$max" ]] || echo "$(basename "$f"): $symbol $version"
      done
  done
}

check() {
  local offenders f
  offenders="$(too_new GLIBC_ "$glibc_max")"
  [[ -z "$offenders" ]] || fail "these need a glibc newer than $glibc_max (Amazon Linux 2023):"$'\n'"$offenders"
  offenders="$(too_new GCC_ "$gcc_s_max")"
  [[ -z "$offenders" ]] || fail "these need a libgcc_s newer than AL2023's (GCC_$gcc_s_max):"$'\n'"$offenders"
  for f in "$stage/bootstrap" "$stage"/lib/*; do
    ! objdump -T "$f" | grep -qE '\((GLIBCXX|CXXABI)_' ||
      fail "$(basename "$f") needs libstdc++.so, whose GCC 12 version AL2023 lacks (link it statically)"
    ! objdump -T "$f" | grep -q 'GLIBC_PRIVATE' || fail "$(basename "$f") uses GLIBC_PRIVATE symbols"
    ! readelf -d "$f" | grep -q '(RUNPATH)' ||
      fail "$(basename "$f") has a RUNPATH: its dependencies would skip bootstrap's RPATH"
  done
  # shellcheck disable=SC2016 # the literal text $ORIGIN
  readelf -d "$stage/bootstrap" | grep -q '(RPATH).*\[\$ORIGIN/lib\]' || fail "bootstrap lacks DT_RPATH \$ORIGIN/lib"
  # Lambda's LD_LIBRARY_PATH puts the system's directories first: the bundled copies must still win.
  local triplet system_dirs
  triplet="$(uname -m)-linux-gnu"
  system_dirs="/lib64:/usr/lib64:/lib/$triplet:/usr/lib/$triplet"
  local name arrow path rest
  while read -r name arrow path rest; do
    [[ "$arrow" == "=>" ]] || continue
    from_system "$name" || [[ "$path" == "$stage/lib/$name" ]] ||
      fail "$name resolves to $path, not to lib/, when LD_LIBRARY_PATH lists the system's directories"
  done < <(LD_LIBRARY_PATH="$system_dirs" ldd "$stage/bootstrap")
  echo "package: checked: glibc <= $glibc_max, libgcc_s <= GCC_$gcc_s_max, no libstdc++.so, lib/ ahead of LD_LIBRARY_PATH"
}

make_zip() {
  rm -f "$out/bootstrap.zip"
  (cd "$stage" && cmake -E tar cf ../bootstrap.zip --format=zip bootstrap lib)
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
stage_files
check
make_zip
smoke_test
report
