#!/usr/bin/env bash
# mcp_add_lambda_package's packaging step (mcp_lambda_package.cmake): stages a bootstrap linked for provided.al2023
# with the shared libraries Amazon Linux 2023 lacks, checks it, and zips it.
#
#   package_lambda.sh BOOTSTRAP OUT_DIR    writes OUT_DIR/stage/{bootstrap,lib/} and OUT_DIR/bootstrap.zip
#
# The checks: no symbol newer than glibc 2.34 or GCC 11's libgcc_s (GCC_7.0.0), no libstdc++.so, no RUNPATH, DT_RPATH
# $ORIGIN/lib, and lib/ found ahead of the system's directories when LD_LIBRARY_PATH lists them (Lambda does).
set -euo pipefail
(($# == 2)) || { echo "usage: package_lambda.sh BOOTSTRAP OUT_DIR" >&2; exit 2; }
binary="$1"
out="$2"
stage="$out/stage"
glibc_max="2.34" # Amazon Linux 2023
gcc_s_max="7.0.0" # the newest symbol version of GCC 11's libgcc_s.so.1, AL2023's

fail() {
  echo "package_lambda: FAILED: $*" >&2
  exit 1
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
  strip --strip-all -o "$stage/bootstrap" "$binary"
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
  # Each tool's output is captured first: `objdump | grep -q` under pipefail is objdump's SIGPIPE when grep finds
  # a match early, so the check could never fire.
  local symbols dynamic
  for f in "$stage/bootstrap" "$stage"/lib/*; do
    symbols="$(objdump -T "$f")"
    dynamic="$(readelf -d "$f")"
    ! grep -qE '\((GLIBCXX|CXXABI)_' <<<"$symbols" ||
      fail "$(basename "$f") needs libstdc++.so, whose GCC 12 version AL2023 lacks (link it statically)"
    ! grep -q 'GLIBC_PRIVATE' <<<"$symbols" || fail "$(basename "$f") uses GLIBC_PRIVATE symbols"
    ! grep -q '(RUNPATH)' <<<"$dynamic" ||
      fail "$(basename "$f") has a RUNPATH: its dependencies would skip bootstrap's RPATH"
  done
  dynamic="$(readelf -d "$stage/bootstrap")"
  # shellcheck disable=SC2016 # the literal text $ORIGIN
  grep -q '(RPATH).*\[\$ORIGIN/lib\]' <<<"$dynamic" || fail "bootstrap lacks DT_RPATH \$ORIGIN/lib"
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
  echo "package_lambda: checked: glibc <= $glibc_max, libgcc_s <= GCC_$gcc_s_max, no libstdc++.so, lib/ ahead of LD_LIBRARY_PATH"
}

make_zip() {
  rm -f "$out/bootstrap.zip"
  (cd "$stage" && cmake -E tar cf ../bootstrap.zip --format=zip bootstrap lib)
}

for tool in readelf objdump strip ldd; do
  command -v "$tool" >/dev/null || fail "'$tool' is not installed (Debian: binutils, libc-bin)"
done
[[ -x "$binary" ]] || fail "$binary: no such program"
mkdir -p "$out"
stage_files
check
make_zip
echo "package_lambda: $out/bootstrap.zip ($(stat -c %s "$out/bootstrap.zip") bytes)"
