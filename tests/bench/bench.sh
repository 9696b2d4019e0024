#!/bin/sh
# make bench: builds the benchmark corpora outside the source tree with
# ../shared/bench/make_corpus.py, then prints in one run (hyperfine,
# medians; each command's runs back to back, not interleaved) the throughput of traitscan on
# .csv and .csv.gz, zcat on the same .gz, the peer baseline.py on a slice
# with the same lexicons (less the regex entries Python's re cannot
# compile: tests/bench/pylexicons.py), peak RSS at two corpus sizes, the
# cost of first-contact resolution and timing (the big corpus with and
# without --no-fcr: throughput and peak RSS), and the ratios.
# The other readers run on the slice's messages rewritten by
# tests/bench/derive.py as a chat log, an mbox and JSON Lines (beside the
# corpora): their rows give messages/s and the ratio to the CSV reader on
# the same messages, and a warning line says when a reader found other
# message or conversation counts than the CSV's.
# The yardstick of the context detectors (issue 3: "throughput within 20%
# of before"): the commit before them, BENCH_BEFORE (default 3011a18;
# empty: skipped), is built beside the corpora from the repository's
# history and timed on the slice against this build with --no-fcr (first-
# contact resolution came later, with its own row), 10 runs each.
# The lexicon-scaling check times the slice with the built-in lexicons and
# with 10,000 more phrases (tests/bench/extra_lexicon.py).
# Findings unchanged: the per-message CSV of the slice must be the same
# bytes at -j1, at -jN and at BENCH_FINDINGS (default 645ce5a, the commit
# before issue 6's work on speed, built the same way; empty: skipped);
# the last line says so, and the run fails when they differ.
# The CPU budget of the gzip target: the cores times zcat's time over 0.6,
# against what inflating, libcsv and the analysis alone take on one thread
# (tests/tools/stage_cpu, $TOOLS: built by make bench) and the CPU time
# traitscan gz -jN used (hyperfine's user + system).
# Rows say their thread count: -j1, and -jN with N the online cores.
# BENCH_DIR (default /tmp/traitscan-bench) keeps the corpora between runs
# (derive.py's files are remade when the slice or the script is newer);
# BENCH_MB (default 200) and BENCH_SLICE_MB (default 20) size them.  A
# slice over about 45 MB has more e-mails than the thread map keeps ids
# for (262,144): the mbox row then no longer measures the usual case.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
shared=${SHARED_DIR:-$top/../shared}
bin=$top/traitscan
dir=${BENCH_DIR:-/tmp/traitscan-bench}
big=${BENCH_MB:-200}
small=${BENCH_SLICE_MB:-20}
runs=${BENCH_RUNS:-5}
cores=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)
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
D=$dir/derived-$small
derive=$top/tests/bench/derive.py
if [ ! -f "$D.agents" ] || [ "$derive" -nt "$D.agents" ] || [ "$S" -nt "$D.agents" ]; then
	python3 "$derive" "$S" "$D"
fi
chat="--agents $D.agents $D.txt" mail="--agent-domain support.example $D.mbox" json=$D.jsonl
export LC_ALL=C
hyperfine -N --style basic --warmup 1 --runs "$runs" --export-json "$dir/times.json" \
	-n "traitscan csv -j1 ($big MB)" "$bin scan -q -j1 --format csv -o /dev/null $B" \
	-n "traitscan csv -j1 --no-fcr ($big MB)" "$bin scan -q -j1 --no-fcr --format csv -o /dev/null $B" \
	-n "traitscan gz -j1 ($big MB)" "$bin scan -q -j1 --format csv -o /dev/null $B.gz" \
	-n "traitscan csv -j$cores ($big MB)" "$bin scan -q -j$cores --format csv -o /dev/null $B" \
	-n "traitscan gz -j$cores ($big MB)" "$bin scan -q -j$cores --format csv -o /dev/null $B.gz" \
	-n "zcat ($big MB)" "sh -c 'zcat $B.gz > /dev/null'" \
	-n "traitscan csv -j1 ($small MB)" "$bin scan -q -j1 --format csv -o /dev/null $S" \
	-n "traitscan chat -j1 ($small MB slice)" "$bin scan -q -j1 --format csv -o /dev/null $chat" \
	-n "traitscan email -j1 ($small MB slice)" "$bin scan -q -j1 --format csv -o /dev/null $mail" \
	-n "traitscan json -j1 ($small MB slice)" "$bin scan -q -j1 --format csv -o /dev/null $json" \
	>"$dir/hyperfine.log" 2>&1 || { cat "$dir/hyperfine.log"; exit 1; }
# build_at COMMIT DIR: traitscan as it was at COMMIT, built once in DIR
# from the repository's history; false when there is no such commit
build_at() {
	git -C "$top" cat-file -e "$1^{commit}" 2>/dev/null || return 1
	if [ ! -x "$2/traitscan" ]; then
		rm -rf "$2" && mkdir -p "$2"
		git -C "$top" archive "$1" | tar -x -C "$2"
		make -s -C "$2" >/dev/null
	fi
}
before=${BENCH_BEFORE-3011a18}
: >"$dir/before.json.tmp"
bsrc=$dir/before-$before
if [ -n "$before" ] && build_at "$before" "$bsrc"; then
	hyperfine -N --style basic --warmup 1 --runs "${BENCH_BEFORE_RUNS:-10}" \
		--export-json "$dir/before.json.tmp" \
		-n "traitscan@$before csv ($small MB)" "$bsrc/traitscan scan -q --format csv -o /dev/null $S" \
		-n "traitscan csv --no-fcr ($small MB)" "$bin scan -q -j1 --no-fcr --format csv -o /dev/null $S" \
		>>"$dir/hyperfine.log" 2>&1 || { cat "$dir/hyperfine.log"; exit 1; }
elif [ -n "$before" ]; then
	echo "bench: no commit $before in this repository: no before-the-detectors row"
fi
mv "$dir/before.json.tmp" "$dir/before.json"
# lexicon scaling: the built-in lexicons, and the same with 10,000 more
# phrases made of the slice's commonest words (tests/bench/extra_lexicon.py)
xl=$dir/extra-lexicon
if [ ! -f "$xl/extra.txt" ] || [ "$top/tests/bench/extra_lexicon.py" -nt "$xl/extra.txt" ] ||
	[ "$S" -nt "$xl/extra.txt" ]; then
	python3 "$top/tests/bench/extra_lexicon.py" "$S" "$xl"
fi
hyperfine -N --style basic --warmup 1 --runs "$runs" --export-json "$dir/lexicon.json" \
	-n "traitscan lexicons built-in ($small MB)" "$bin scan -q -j1 --format csv -o /dev/null $S" \
	-n "traitscan lexicons +10000 phrases ($small MB)" "$bin scan -q -j1 --lexicons $xl --format csv -o /dev/null $S" \
	>>"$dir/hyperfine.log" 2>&1 || { cat "$dir/hyperfine.log"; exit 1; }
"${TOOLS:-$top/build/release/tools}/stage_cpu" "$top/lexicons" "$B.gz" >"$dir/stages.txt"
python3 "$top/tests/bench/pylexicons.py" "$top/lexicons" "$dir/pylexicons"
hyperfine -N --style basic --runs "${BENCH_BASELINE_RUNS:-3}" --export-json "$dir/baseline.json" \
	-n "baseline.py ($small MB)" "python3 $shared/bench/baseline.py $dir/pylexicons $S" \
	>>"$dir/hyperfine.log" 2>&1 || { cat "$dir/hyperfine.log"; exit 1; }
# rss NAME ARGS: one run of traitscan on ARGS; writes "NAME BYTES PEAK_KIB
# SUMMARY" (the size of the last argument, the input) to $dir/inputs.txt
: >"$dir/inputs.txt"
rss() {
	name=$1; shift
	/usr/bin/time -f %M -o "$dir/rss.txt" "$bin" scan -j1 --format csv -o /dev/null "$@" 2>"$dir/rss.err" || :
	for last; do :; done
	printf '%s %s %s %s\n' "$name" "$(stat -c %s "$last")" "$(tail -n 1 "$dir/rss.txt")" \
		"$(grep '^traitscan: .* records' "$dir/rss.err" | tail -n 1)" >>"$dir/inputs.txt"
}
rss big "$B"; rss small "$S"; rss nofcr --no-fcr "$B"; rss threads -j"$cores" "$B"
# shellcheck disable=SC2086 # $chat and $mail are options and a file
rss chat $chat; rss email $mail; rss json "$json"
python3 - "$dir/times.json" "$dir/baseline.json" "$dir/inputs.txt" "$big" "$small" "$dir/before.json" "$dir/lexicon.json" "$cores" "$dir/stages.txt" <<'PY'
import json, os, re, sys
times, base, inputs, big, small, before, lexicon, cores, stages = sys.argv[1:10]
inp = {}
for line in open(inputs):
    key, size, kib, summary = line.rstrip("\n").split(" ", 3)
    m = re.search(r"(\d+) analysed.*?; (?:(\d+) messages.*?; )?(\d+) conversations", summary)
    if not m:
        sys.exit("bench: no summary line for %s: %r" % (key, summary))
    msgs = int(m.group(2) or m.group(1))
    inp[key] = {"bytes": int(size), "kib": int(kib), "msgs": msgs, "convs": int(m.group(3))}
def input_of(name):
    # "traitscan chat -j1 (20 MB csv)" -> chat; else the corpus by its MB
    word = name.split()[1] if name.startswith("traitscan ") else ""
    if word in ("chat", "email", "json"):
        return word
    return "big" if name.rsplit("(", 1)[1].split()[0] == big else "small"
rows = {}
cpu = {}
for f in (times, base, before, lexicon):
    if os.path.getsize(f) == 0:
        continue
    for r in json.load(open(f))["results"]:
        name = r["command"]
        i = inp[input_of(name)]
        rows[name] = (r["median"], i, i["msgs"] / r["median"])
        cpu[name] = r["user"] + r["system"]
csv_rate = {"big": rows["traitscan csv -j1 (" + big + " MB)"][2],
            "small": rows["traitscan csv -j1 (" + small + " MB)"][2]}
print("%-34s %9s %9s %8s %10s %7s" % ("command", "median s", "input MB", "MB/s", "msgs/s", "/ csv"))
for n, (s, i, mps) in rows.items():
    same = "big" if i is inp["big"] else "small"
    ratio = "%7.2f" % (mps / csv_rate[same]) if n.startswith("traitscan ") else "%7s" % "-"
    print("%-34s %9.3f %9.1f %8.1f %10.0f %s" % (n, s, i["bytes"] / 1e6, i["bytes"] / 1e6 / s, mps, ratio))
def rate(prefix):
    return [v[2] for n, v in rows.items() if n.startswith(prefix)][0]
rss_big, rss_small, rss_nofcr = (inp[k]["kib"] for k in ("big", "small", "nofcr"))
print()
print("messages: %d in %d conversations (%s MB), %d in %d (%s MB slice); msgs/s: messages per"
      % (inp["big"]["msgs"], inp["big"]["convs"], big, inp["small"]["msgs"], inp["small"]["convs"], small))
print("second; / csv: msgs/s over the CSV reader's on the same messages; chat, email, json: the")
print("slice rewritten by tests/bench/derive.py; MB/s: of the input read (gz and zcat: uncompressed)")
for k in ("chat", "email", "json"):
    if (inp[k]["msgs"], inp[k]["convs"]) != (inp["small"]["msgs"], inp["small"]["convs"]):
        print("warning: %s reader: %d messages, %d conversations; the CSV reader: %d, %d"
              % (k, inp[k]["msgs"], inp[k]["convs"], inp["small"]["msgs"], inp["small"]["convs"]))
print("peak RSS: %.1f MiB (%s MB corpus), %.1f MiB (slice); big/slice %.2f"
      % (rss_big / 1024, big, rss_small / 1024, rss_big / max(rss_small, 1)))
print("peak RSS on the slice's messages:  csv %.1f, chat %.1f, email %.1f, json %.1f MiB"
      % tuple(inp[k]["kib"] / 1024 for k in ("small", "chat", "email", "json")))
print("traitscan gz -j1 / zcat:           %.2f" % (rate("traitscan gz -j1") / rate("zcat")))
print("traitscan gz -j%s / zcat:           %.2f (issue 6's target: 0.6 at least)"
      % (cores, rate("traitscan gz -j" + cores + " ") / rate("zcat")))
zcat = [v[0] for n, v in rows.items() if n.startswith("zcat")][0]
gzn = [n for n in rows if n.startswith("traitscan gz -j" + cores + " ")][0]
st = re.match(r"inflate ([\d.]+) s, libcsv ([\d.]+) s, analysis ([\d.]+) s", open(stages).read())
if not st:
    sys.exit("bench: stage_cpu printed %r" % open(stages).read())
inflate, libcsv, analysis = (float(x) for x in st.groups())
budget = int(cores) * zcat / 0.6
alone = inflate + libcsv + analysis
print("CPU budget of gz -j%s at 0.6 x zcat: %.2f s (%s cores x %.3f s / 0.6); alone on one thread"
      % (cores, budget, cores, zcat))
print("  (tests/tools/stage_cpu): inflate %.2f + libcsv %.2f + analysis %.2f = %.2f s (%.0f%% of it);"
      % (inflate, libcsv, analysis, alone, 100 * alone / budget))
print("  traitscan gz -j%s used %.2f s of CPU (%.0f%% of the budget)"
      % (cores, cpu[gzn], 100 * cpu[gzn] / budget))
print("traitscan csv -j%s / -j1:           %.2f (issue 6's target at -j2: 1.7 at least); peak RSS %.1f MiB"
      % (cores, rate("traitscan csv -j" + cores + " ") / rate("traitscan csv -j1 (" + big),
         inp["threads"]["kib"] / 1024))
print("FCR and timing on / --no-fcr:      throughput %.2f, peak RSS %.2f (%.1f / %.1f MiB)"
      % (rate("traitscan csv -j1 (" + big + " MB)") / rate("traitscan csv -j1 --no-fcr"),
         rss_big / max(rss_nofcr, 1), rss_big / 1024, rss_nofcr / 1024))
print("lexicons +10,000 phrases / built-in: time %.2f (issue 6's target: 1.3 at most)"
      % (rows["traitscan lexicons +10000 phrases (" + small + " MB)"][0]
         / rows["traitscan lexicons built-in (" + small + " MB)"][0]))
prior = [n for n in rows if n.startswith("traitscan@")]
if prior:
    print("time / %s's (detectors' cost):  %.2f with --no-fcr (issue 3's target: 1.25 at most), %.2f with FCR"
          % (prior[0].split()[0], rows["traitscan csv --no-fcr (" + small + " MB)"][0] / rows[prior[0]][0],
             rows["traitscan csv -j1 (" + small + " MB)"][0] / rows[prior[0]][0]))
print("traitscan csv -j1 / baseline.py:   %.1f (same %s MB slice)" % (rate("traitscan csv -j1 (" + small + " MB)") / rate("baseline.py"), small))
PY
# findings unchanged: the per-message CSV of the slice at -j1 and -jN, and
# at BENCH_FINDINGS (default 645ce5a: the detectors as issue 3 left them,
# before issue 6's work on speed; empty: skipped)
fref=${BENCH_FINDINGS-645ce5a}
"$bin" scan -q -j1 --by message --format csv -o "$dir/findings-j1.csv" "$S"
"$bin" scan -q -j"$cores" --by message --format csv -o "$dir/findings-jN.csv" "$S"
same=yes
cmp -s "$dir/findings-j1.csv" "$dir/findings-jN.csv" || same=NO
line="findings (per-message CSV of the $small MB slice): -j1 = -j$cores: $same"
if [ -n "$fref" ] && build_at "$fref" "$dir/findings-$fref"; then
	"$dir/findings-$fref/traitscan" scan -q --by message --format csv -o "$dir/findings-ref.csv" "$S"
	if cmp -s "$dir/findings-j1.csv" "$dir/findings-ref.csv"; then
		line="$line; = traitscan@$fref: yes"
	else
		line="$line; = traitscan@$fref: NO"; same=NO
	fi
fi
echo "$line"
[ "$same" = yes ] || { echo "bench: the findings differ (files in $dir)"; exit 1; }
