# Helpers of the hostile-input golden cases (hostile_*), sourced by their
# cmd: . ../_hostile/lib.sh  ($TS set by the golden runner).  Not a case:
# no cmd file.  Big inputs are made here at test time, never committed.
#
# sanitized  1 when $TS is an ASan build (it has ASan's runtime in it).
# big N      N scaled for this build: N in a normal build, N/10 under
#            ASan (the sanitizer pass would take minutes at full size);
#            TS_HOSTILE_SCALE=D divides by D instead (1: full size).
# as N       N bytes of 'a' on stdout (no line break).
# capped CMD runs CMD with a memory cap that fails it if it holds a big
#            input whole: 100 MiB of virtual memory (ulimit -v) in a
#            normal build; under ASan, which reserves terabytes of virtual
#            memory, no single allocation above 8 MiB
#            (max_allocation_size_mb).  The inputs of the cases are at
#            least 20 MB, every cap of traitscan is 1 MiB or set lower.

if grep -q __asan_init "$TS" 2>/dev/null; then sanitized=1; else sanitized=0; fi
if [ -n "${TS_HOSTILE_SCALE:-}" ]; then
	hostile_div=$TS_HOSTILE_SCALE
elif [ "$sanitized" = 1 ]; then
	hostile_div=10
else
	hostile_div=1
fi

big() { echo $(($1 / hostile_div)); }

as() { head -c "$1" /dev/zero | tr '\0' a; }

capped() {
	if [ "$sanitized" = 1 ]; then
		ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}max_allocation_size_mb=8:allocator_may_return_null=1" "$@"
	else
		(ulimit -v 102400 && "$@")
	fi
}
