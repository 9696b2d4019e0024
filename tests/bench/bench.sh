#!/bin/sh
# make bench: builds the benchmark corpora outside the source tree with
# ../shared/bench/make_corpus.py, then prints in one run (hyperfine,
# medians; each command's runs back to back, not interleaved) the throughput of traitscan on
# .csv and .csv.gz, zcat on the same .gz, the peer baseline.py on a slice
# with the same lexicons (less the regex entries Python's re cannot
# compile: tests/bench/pylexicons.py), peak RSS at two corpus sizes, the
# cost of first-contact resolution and timing (the big corpus with and
# without --no-fcr: throughput and peak RSS), and the ratios.
# BENCH_DIR (default /tmp/traitscan-bench) keeps the corpora between runs;
# BENCH_MB (default 200) and BENCH_SLICE_MB (default 20) size them.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
shared=${SHARED_DIR:-$top/../shared}
bin=$top/traitscan
dir=${BENCH_DIR:-/tmp/traitscan-bench}
big=${BENCH_MB:-200}
small=${BENCH_SLICE_MB:-20}
runs=${BENCH_RUNS:-5}
command -v hyperfine >/dev/null || sh "$top/tests/deps.sh" hyperfine
command -v hyperfine >/dev/null || { echo "bench: needs hyperfine (apt-get install hyperfine)"; exit 1; }
mkdir -p "$dir"
for mb in "$big" "$small"; do
	if [ ! -f "$dir/corpus-$mb.csv" ]; then
		python3 "$shared/bench/make_corpus.py" "$dir/corpus-$mb.csv" "$mb"
	fi
	[ -f "$dir/corpus-$mb.csv.gz" ] || gzip -6 -k -f "$dir/corpus-$mb.csv"
done
B=$dir/corpus-$big.csv S=$dir/corpus-$small.csv
bytes_big=$(stat -c %s "$B"); bytes_small=$(stat -c %s "$S")
export LC_ALL=C
hyperfine -N --style basic --warmup 1 --runs "$runs" --export-json "$dir/times.json" \
	-n "traitscan csv -j1 ($big MB)" "$bin scan -q --format csv -o /dev/null $B" \
	-n "traitscan csv -j1 --no-fcr ($big MB)" "$bin scan -q --no-fcr --format csv -o /dev/null $B" \
	-n "traitscan gz -j1 ($big MB)" "$bin scan -q --format csv -o /dev/null $B.gz" \
	-n "zcat ($big MB)" "sh -c 'zcat $B.gz > /dev/null'" \
	-n "traitscan csv -j1 ($small MB)" "$bin scan -q --format csv -o /dev/null $S" \
	>"$dir/hyperfine.log" 2>&1 || { cat "$dir/hyperfine.log"; exit 1; }
python3 "$top/tests/bench/pylexicons.py" "$top/lexicons" "$dir/pylexicons"
hyperfine -N --style basic --runs "${BENCH_BASELINE_RUNS:-3}" --export-json "$dir/baseline.json" \
	-n "baseline.py ($small MB)" "python3 $shared/bench/baseline.py $dir/pylexicons $S" \
	>>"$dir/hyperfine.log" 2>&1 || { cat "$dir/hyperfine.log"; exit 1; }
rss() { /usr/bin/time -f %M "$bin" scan -q --format csv -o /dev/null "$@" 2>&1 >/dev/null | tail -n 1; }
rss_big=$(rss "$B"); rss_small=$(rss "$S"); rss_nofcr=$(rss --no-fcr "$B")
python3 - "$dir/times.json" "$dir/baseline.json" "$big" "$small" "$bytes_big" "$bytes_small" "$rss_big" "$rss_small" "$rss_nofcr" <<'PY'
import json, sys
times, base, big, small = sys.argv[1:5]
bytes_big, bytes_small, rss_big, rss_small, rss_nofcr = map(int, sys.argv[5:10])
rows = {}
for f in (times, base):
    for r in json.load(open(f))["results"]:
        name = r["command"]
        mb = name.rsplit("(", 1)[1].split()[0]
        size = bytes_big if mb == big else bytes_small
        rows[name] = (r["median"], size / 1e6 / r["median"])
print("%-34s %10s %10s" % ("command", "median s", "MB/s"))
for n, (s, v) in rows.items():
    print("%-34s %10.3f %10.1f" % (n, s, v))
def rate(prefix):
    return [v for n, (s, v) in rows.items() if n.startswith(prefix)][0]
print()
print("peak RSS: %.1f MiB (%s MB corpus), %.1f MiB (slice); big/slice %.2f"
      % (rss_big / 1024, big, rss_small / 1024, rss_big / max(rss_small, 1)))
print("traitscan gz -j1 / zcat:           %.2f" % (rate("traitscan gz -j1") / rate("zcat")))
print("FCR and timing on / --no-fcr:      throughput %.2f, peak RSS %.2f (%.1f / %.1f MiB)"
      % (rate("traitscan csv -j1 (" + big + " MB)") / rate("traitscan csv -j1 --no-fcr"),
         rss_big / max(rss_nofcr, 1), rss_big / 1024, rss_nofcr / 1024))
print("traitscan csv -j1 / baseline.py:   %.1f (same %s MB slice)" % (rate("traitscan csv -j1 (" + small + " MB)") / rate("baseline.py"), small))
PY
