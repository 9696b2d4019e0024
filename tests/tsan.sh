#!/bin/sh
# make tsan: the threaded path under ThreadSanitizer (a build in BUILD,
# default build/tsan): the job pool's unit test, the golden case that
# compares -j1..-j4, and -j2/-j4 scans of every sample.  Any data race
# stops the program with exit 66.  Ends with "N passed, N failed".
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
b=$1
export TSAN_OPTIONS="halt_on_error=1 exitcode=66"
pass=0 fail=0
ok() { echo "PASS tsan/$1"; pass=$((pass + 1)); }
bad() { echo "FAIL tsan/$1"; fail=$((fail + 1)); }
out=$("$b/unit/test_pool" 2>&1); rc=$?
if [ $rc -eq 0 ] && ! printf '%s\n' "$out" | grep -q '^FAIL'; then ok test_pool; else printf '%s\n' "$out" | tail -n 20; bad "test_pool (exit $rc)"; fi
out=$(sh "$top/tests/golden.sh" "$b/traitscan" jobs_same_output 2>&1)
if printf '%s\n' "$out" | grep -q '^PASS golden:jobs_same_output'; then ok golden:jobs_same_output; else printf '%s\n' "$out" | tail -n 30; bad golden:jobs_same_output; fi
for j in 2 4; do
	for by in agent message conversation; do
		TRAITSCAN_LEXICONS="$top/lexicons" "$b/traitscan" scan -q -j$j --by $by --format csv \
			--evidence /dev/null --evidence-all --agents "$top/samples/chat_agents.list" \
			"$top/samples" >/dev/null 2>"$b/tsan.err"
		rc=$?
		if [ $rc -eq 0 ]; then ok "samples -j$j --by $by"; else tail -n 30 "$b/tsan.err"; bad "samples -j$j --by $by (exit $rc)"; fi
	done
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
