#!/usr/bin/env bash
# A program loads the client libraries of the components it links, and no others (issue 18): calculator
# (examples/testing: mcp::mcp, memory stores) loads no libpq, SQLite or OpenSSL; hello (mcp::mcp and mcp::sqlite)
# loads SQLite only; everything (every store) loads all of them, so the check can see a library when it is there.
#
#   link_footprint.sh CALCULATOR HELLO EVERYTHING
set -euo pipefail
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# expect PROGRAM LIBRARY yes|no
expect() {
  local loaded=no libraries
  libraries="$(ldd "$1")"
  grep -qE "^\s*lib$2\.so" <<<"$libraries" && loaded=yes
  [[ $loaded == "$3" ]] || fail "$(basename "$1") loads lib$2: $loaded, expected $3"
}

for lib in pq sqlite3 ssl crypto; do
  expect "$1" "$lib" no
  expect "$3" "$lib" yes
done
expect "$2" sqlite3 yes
for lib in pq ssl crypto; do
  expect "$2" "$lib" no
done
((failures == 0)) || exit 1
echo "link_footprint: calculator loads none of libpq, libsqlite3, libssl, libcrypto; hello only libsqlite3"
