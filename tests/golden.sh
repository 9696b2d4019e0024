#!/bin/sh
# Golden end-to-end cases: tests/golden/<case>/ holds `cmd` (one shell
# line; $TS is the traitscan binary, run from the case folder with
# LC_ALL=C TZ=UTC, one thread (TRAITSCAN_JOBS=1: the case jobs_same_output
# compares thread counts) and the project's lexicons), the inputs, and the
# expected `stdout`, `stderr` and `exit`.  Usage:
#   tests/golden.sh BINARY [--update] [CASE...]
# --update rewrites the expected files from the current output; review
# the diff before committing it.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1"); shift
update=0
if [ "${1:-}" = "--update" ]; then update=1; shift; fi
cases=${*:-$(ls "$top/tests/golden")}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for c in $cases; do
	dir=$top/tests/golden/$c
	[ -f "$dir/cmd" ] || continue
	(cd "$dir" && LC_ALL=C TZ=UTC TRAITSCAN_JOBS=1 TS="$bin" TRAITSCAN_LEXICONS="$top/lexicons" \
		sh ./cmd >"$tmp/stdout" 2>"$tmp/stderr" </dev/null; echo $? >"$tmp/exit")
	if [ "$update" -eq 1 ]; then
		cp "$tmp/stdout" "$tmp/stderr" "$tmp/exit" "$dir/"
		echo "PASS golden:$c (updated)"
		continue
	fi
	bad=""
	for f in stdout stderr exit; do
		if [ ! -f "$dir/$f" ]; then
			bad="$bad $f(missing)"
		elif ! cmp -s "$dir/$f" "$tmp/$f"; then
			bad="$bad $f"
			diff -u "$dir/$f" "$tmp/$f" | head -n 20 | sed 's/^/    /'
		fi
	done
	if [ -n "$bad" ]; then echo "FAIL golden:$c:$bad differ"; else echo "PASS golden:$c"; fi
done
