#!/usr/bin/env bash
# The framework used as another project would use it (issue 18): tests/consumer built
#   (a) against the package installed from BUILD_DIR into a temporary prefix (find_package(mcp ... COMPONENTS ...)),
#       and its Lambda zip made with mcp_add_lambda_package;
#   (b) through FetchContent of this tree (tests, examples, benchmarks and tools are then not built).
# Each time consumer_check calls the consumer's tool in process and over HTTP, and ldd shows that the memory-only
# server links no libpq, SQLite or OpenSSL (and, from the package, that the server with every store does: the
# check can fail).
#
#   tests/consumer/run.sh [BUILD_DIR]     default build/dev (built already); uses its compiler and build type
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
build="$(readlink -f "${1:-$root/build/dev}")"
[[ -f "$build/CMakeCache.txt" ]] || { echo "consumer: $build is not a configured build" >&2; exit 1; }
cache() { sed -n "s/^$1:[A-Z]*=//p" "$build/CMakeCache.txt"; }
compiler="$(cache CMAKE_CXX_COMPILER)"
build_type="$(cache CMAKE_BUILD_TYPE)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)

failures=0
fail() { echo "consumer: FAIL: $*" >&2; failures=$((failures + 1)); }

# ldd_has PROGRAM LIBRARY: whether the program loads lib<LIBRARY>.so.
ldd_has() {
  local libraries
  libraries="$(ldd "$1")"
  grep -qE "^\s*lib$2\.so" <<<"$libraries"
}

check_links() {
  local dir="$1" lib
  for lib in pq sqlite3 ssl crypto; do
    ! ldd_has "$dir/consumer_server" "$lib" || fail "$2: consumer_server (memory stores only) loads lib$lib"
    [[ ! -x "$dir/consumer_everywhere" ]] || ldd_has "$dir/consumer_everywhere" "$lib" ||
      fail "$2: consumer_everywhere (every store) does not load lib$lib"
  done
}

# build_and_check DIR LABEL "TARGETS" CMAKE_ARGS...
build_and_check() {
  local dir="$1" label="$2" targets=() started=$SECONDS
  read -ra targets <<<"$3"
  shift 3
  echo "consumer: $label: configure"
  cmake -S "$root/tests/consumer" -B "$dir" -G Ninja -DCMAKE_CXX_COMPILER="$compiler" \
    -DCMAKE_BUILD_TYPE="$build_type" "${launcher[@]}" "$@" >"$work/$label-configure.log" 2>&1 ||
    { cat "$work/$label-configure.log" >&2; fail "$label: configure failed"; return; }
  echo "consumer: $label: build"
  cmake --build "$dir" --target "${targets[@]}" >"$work/$label-build.log" 2>&1 ||
    { tail -n 60 "$work/$label-build.log" >&2; fail "$label: build failed"; return; }
  "$dir/consumer_check" || fail "$label: consumer_check failed"
  check_links "$dir" "$label"
  echo "consumer: $label: done in $((SECONDS - started)) s"
}

# (a) the installed package.
prefix="$work/prefix"
cmake --install "$build" --prefix "$prefix" >"$work/install.log" 2>&1 || { cat "$work/install.log" >&2; exit 1; }
[[ -f "$prefix/include/mcp/mcp.hpp" && -f "$prefix/lib/cmake/mcp/mcpConfig.cmake" ]] ||
  fail "the install lacks include/mcp/mcp.hpp or lib/cmake/mcp/mcpConfig.cmake"
[[ ! -e "$prefix/include/mcp/storage/testing" ]] || fail "our suites' test support was installed (include/mcp/storage/testing)"
build_and_check "$work/installed" installed "consumer_check consumer_everywhere" -DCMAKE_PREFIX_PATH="$prefix"
if [[ -x "$work/installed/consumer_check" ]]; then
  echo "consumer: installed: mcp_add_lambda_package"
  cmake --build "$work/installed" --target consumer_everywhere_lambda_zip >"$work/zip.log" 2>&1 ||
    { tail -n 40 "$work/zip.log" >&2; fail "installed: consumer_everywhere_lambda_zip failed"; }
  [[ -s "$work/installed/consumer_everywhere_lambda/bootstrap.zip" ]] || fail "installed: no bootstrap.zip"
fi
# An unknown component is refused by the package, by name.
if cmake -S "$root/tests/consumer/unknown_component" -B "$work/unknown" -DCMAKE_PREFIX_PATH="$prefix" \
  >"$work/unknown.log" 2>&1; then
  fail "find_package(mcp COMPONENTS nosuch) succeeded"
elif ! grep -q "mcp has no component 'nosuch'" "$work/unknown.log"; then
  cat "$work/unknown.log" >&2
  fail "find_package(mcp COMPONENTS nosuch) failed without naming the component"
fi
cmake -S "$root/tests/consumer/unknown_component" -B "$work/optional" -DCMAKE_PREFIX_PATH="$prefix" -DMCP_OPTIONAL=ON \
  >"$work/optional.log" 2>&1 || { cat "$work/optional.log" >&2; fail "OPTIONAL_COMPONENTS nosuch failed find_package"; }

# (c) The example preset (scripts/run-example: SQLite only, no tests) configures, and what it would build names no
# libpq, OpenSSL or GoogleTest.
cmake --preset example -S "$root" -B "$work/example" >"$work/example.log" 2>&1 ||
  { cat "$work/example.log" >&2; fail "the example preset does not configure"; }
if [[ -f "$work/example/build.ninja" ]] && grep -qE 'libpq|libssl|libcrypto|gtest' "$work/example/build.ninja"; then
  fail "the example preset's build links libpq, OpenSSL or GoogleTest: $(grep -oE 'lib(pq|ssl|crypto)[^ ]*|[^ ]*gtest[^ ]*' "$work/example/build.ninja" | sort -u | head -5 | tr '\n' ' ')"
fi

# (b) FetchContent of this tree: the libraries compile again there (minutes), so only what consumer_check needs:
# mcp::mcp, mcp::client, mcp::testing.
# No build type there (no -g, no -O): the quickest compile, and the libraries' flags are not what is tested.
build_and_check "$work/fetched" fetched "consumer_check" -DMCP_SOURCE_DIR="$root" -DCMAKE_BUILD_TYPE=

((failures == 0)) || { echo "consumer: $failures failure(s)" >&2; exit 1; }
echo "consumer: every check passed"
