#!/bin/sh
# make fuzz: builds every tests/fuzz/fuzz_*.c with clang's libFuzzer and
# ASan+UBSan and runs each for SECONDS (default 60), starting from a copy
# of its saved corpus in tests/fuzz/corpus/<target>.  A crashing input is
# left in build/fuzz/<target>/ (crash-*); copy it into the corpus as a
# regression case once fixed.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
seconds=${1:-60}
command -v clang >/dev/null || sh "$top/tests/deps.sh" clang
out=$top/build/fuzz
mkdir -p "$out"
lib=$(ls "$top"/src/*.c | grep -v '/cli_')
status=0
for src in "$top"/tests/fuzz/fuzz_*.c; do
	name=$(basename "$src" .c)
	echo "== $name ($seconds s) =="
	clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-I"$top/include" -I"$top/src" -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
		$lib "$src" -o "$out/$name" -lpcre2-8 -lz -lcsv -ljansson -lm
	mkdir -p "$out/$name.corpus"
	cp "$top/tests/fuzz/corpus/$name/"* "$out/$name.corpus/" 2>/dev/null || true
	(cd "$out" && "./$name" -max_total_time="$seconds" -max_len=65536 \
		-artifact_prefix="$out/$name-" "$name.corpus" >"$name.log" 2>&1) || {
		echo "FAIL $name: see $out/$name.log and $out/$name-crash-*"
		status=1
		continue
	}
	tail -n 1 "$out/$name.log"
done
exit $status
