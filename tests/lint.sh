#!/bin/sh
# make lint: cppcheck over src/, then gcc -fanalyzer over every source.
# An analyzer finding fails the run unless tests/lint/analyzer-reviewed.txt
# lists its file, function and warning as a reviewed false positive.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
status=0
command -v cppcheck >/dev/null || sh tests/deps.sh cppcheck
echo "== cppcheck =="
cppcheck --quiet --enable=warning,performance,portability --error-exitcode=1 \
	--std=c11 -Iinclude -Isrc src || status=1
echo "== gcc -fanalyzer =="
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for f in src/*.c; do
	LC_ALL=C ${CC:-gcc} -std=c11 -fanalyzer -fdiagnostics-plain-output -O1 -Iinclude -Isrc \
		-D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(pkg-config --cflags libpcre2-8 zlib 2>/dev/null) \
		-c "$f" -o /dev/null 2>>"$log" || status=1
done
# "FILE: In function 'NAME':" then "FILE:L:C: warning: ... [-Wanalyzer-KIND]"
found=$(awk '
	/: In function / { fn = $0; sub(/.*In function \047/, "", fn); sub(/\047:$/, "", fn); sub(/\.part\.[0-9]+$/, "", fn) }
	/: warning: .*\[-Wanalyzer-/ { file = $0; sub(/:.*/, "", file); kind = $0; sub(/.*\[-W/, "-W", kind); sub(/\].*/, "", kind); print file, fn, kind }
' "$log" | sort -u)
new=$(printf '%s\n' "$found" | grep -v '^$' | grep -vxF -f "$top/tests/lint/analyzer-reviewed.txt")
if [ -n "$new" ]; then
	echo "analyzer findings not reviewed (fix them, or justify them in tests/lint/analyzer-reviewed.txt):"
	printf '%s\n' "$new" | sed 's/^/  /'
	grep -A3 'warning: .*\[-Wanalyzer-' "$log" | head -n 60
	status=1
else
	echo "analyzer: $(printf '%s\n' "$found" | grep -c .) findings, all reviewed"
fi
[ "$status" -eq 0 ] && echo "lint: clean"
exit $status
