#!/bin/sh
# The whole suite over one or more build directories (each made by
# `make BUILD=DIR check`): unit tests, golden end-to-end cases, fuzz-corpus
# replay and the exported-symbol check.  Prints every result and ends with
# one line: "N passed, N failed".  Exit status 1 if anything failed.
# TS_RUNNER, when set, is a command every test program and every traitscan
# of the golden cases runs under (`make valgrind` sets it to valgrind).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
pass=0 fail=0
runner=${TS_RUNNER:-}
log=$(mktemp)
wrapdir=$(mktemp -d)
trap 'rm -f "$log"; rm -rf "$wrapdir"' EXIT

ok() { pass=$((pass + 1)); echo "PASS $*"; }
ko() { fail=$((fail + 1)); echo "FAIL $*"; }

# A program that prints PASS/FAIL lines: count them, and count a crash or
# a non-zero exit without a FAIL line as a failure too.
run_counted() {
	label=$1; shift
	"$@" >"$log" 2>&1
	rc=$?
	p=$(grep -c '^PASS ' "$log")
	f=$(grep -c '^FAIL ' "$log")
	grep -v '^PASS ' "$log" | sed "s|^|  [$label] |"
	pass=$((pass + p))
	fail=$((fail + f))
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		ko "$label: exit status $rc without a FAIL line"
	fi
}

for build in "$@"; do
	flavour=$(basename "$build")
	echo "== $flavour =="
	for t in "$build"/unit/test_*; do
		[ -x "$t" ] || continue
		run_counted "$flavour/$(basename "$t")" $runner "$t"
	done
	# the CLI out of memory, each allocation in turn (tests/faults/)
	for t in "$build"/faults/*; do
		[ -x "$t" ] || continue
		run_counted "$flavour/faults/$(basename "$t")" "$t"
	done
	for r in "$build"/fuzz/replay_fuzz_*; do
		[ -x "$r" ] || continue
		name=${r##*/replay_}
		run_counted "$flavour/$name" $runner "$r" "$top/tests/fuzz/corpus/$name"
	done
	ts=$build/traitscan
	if [ -n "$runner" ]; then
		ts=$wrapdir/traitscan
		real=$(cd "$build" && pwd)/traitscan
		# Cases that run without the runner (they still run, natively):
		# valgrind needs a usable TMPDIR (the temporary-file error
		# cases take it away) and more than their 100 MiB memory cap
		# (hostile_big_field, _gzip_bomb, _long_line); signal_cleanup
		# counts the process's open files in TMPDIR, valgrind adds its
		# own.
		native='hostile_big_field hostile_gzip_bomb hostile_long_line signal_cleanup'
		printf '#!/bin/sh\nif [ -n "${TMPDIR:-}" ] && { [ ! -d "$TMPDIR" ] || [ ! -w "$TMPDIR" ]; }; then exec "%s" "$@"; fi\ncase " %s " in *" ${PWD##*/} "*) exec "%s" "$@";; esac\nexec %s "%s" "$@"\n' \
			"$real" "$native" "$real" "$runner" "$real" >"$ts"
		chmod +x "$ts"
	fi
	if sh "$top/tests/golden.sh" "$ts" >"$log" 2>&1; then :; fi
	p=$(grep -c '^PASS ' "$log"); f=$(grep -c '^FAIL ' "$log")
	grep -v '^PASS ' "$log" | sed "s|^|  [$flavour/golden] |"
	pass=$((pass + p)); fail=$((fail + f))
	[ "$p" -gt 0 ] || ko "$flavour/golden: no golden case ran"
	# The installed layout finds its lexicons relative to the binary.
	inst=$(mktemp -d)
	mkdir -p "$inst/bin" "$inst/share/traitscan"
	cp "$build/traitscan" "$inst/bin/" && cp -r "$top/lexicons" "$inst/share/traitscan/"
	if (unset TRAITSCAN_LEXICONS; cd "$inst" && ./bin/traitscan lexicon check) >"$log" 2>&1 &&
	   grep -q "$inst/bin/../share/traitscan/lexicons/empathy.txt\|0 errors" "$log"; then
		ok "$flavour/install-layout: lexicons found under ../share/traitscan"
	else
		ko "$flavour/install-layout: $(tail -n 2 "$log")"
	fi
	rm -rf "$inst"
	# Every symbol the library exports starts with ts_ (CONVENTIONS.md).
	bad=$(nm -g --defined-only "$build/libtraitscan.a" 2>/dev/null |
	      awk 'NF == 3 && $2 ~ /[TDBRC]/ && $3 !~ /^ts_/ { print $3 }' |
	      grep -v '^__\(asan\|ubsan\|odr\|sancov\)' | sort -u)
	if [ -n "$bad" ]; then
		ko "$flavour/exports: symbols without the ts_ prefix: $(echo $bad)"
	else
		ok "$flavour/exports: every exported symbol starts with ts_"
	fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
