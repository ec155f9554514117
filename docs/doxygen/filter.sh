#!/bin/sh
# Doxygen's INPUT_FILTER: the header $1 as filter.py turns it, from the copies scripts/docs made in one run
# (build/docs/filtered), or by running filter.py when there is none (doxygen run by hand).
case "$1" in /*) path="$1" ;; *) path="$PWD/$1" ;; esac
copy="build/docs/filtered$path"
if [ -f "$copy" ] && [ "$copy" -nt "$1" ]; then
  exec cat "$copy"
fi
exec python3 docs/doxygen/filter.py "$1"
