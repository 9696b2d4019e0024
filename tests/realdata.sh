#!/bin/sh
# Runs traitscan over the real exports in ../shared/data (read in place):
# every run must end with exit 0 or 3 (never a crash), and the summary's
# counts must reconcile (records = analysed + rejected).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
data=${DATA_DIR:-$top/../shared/data}
bin=${TS:-$top/traitscan}
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
[ -d "$data" ] || { echo "realdata: $data not found"; exit 0; }
check() { # name, then traitscan scan arguments
	name=$1; shift
	"$bin" scan --format csv -o "$tmp/out.csv" "$@" 2>"$tmp/err"
	rc=$?
	sum=$(grep 'records:' "$tmp/err" | tail -n 1)
	rec=$(echo "$sum" | sed -n 's/.* \([0-9]*\) records: \([0-9]*\) analysed, \([0-9]*\) rejected.*/\1 \2 \3/p')
	set -- $rec
	if { [ "$rc" -eq 0 ] || [ "$rc" -eq 3 ]; } && [ -n "$rec" ] && [ "$1" -eq $(($2 + $3)) ]; then
		pass=$((pass + 1)); echo "PASS realdata:$name (exit $rc; $sum)"
	else
		fail=$((fail + 1)); echo "FAIL realdata:$name (exit $rc; $sum)"; tail -n 5 "$tmp/err"
	fi
}
for f in "$data"/twcs/*.csv; do
	# twcs has no conversation column: threaded by reply links (tweet_id,
	# in_response_to_tweet_id), detected from the header; each thread
	# must be fewer conversations than tweets
	check "twcs/$(basename "$f")" "$f"
	conv=$(grep 'records:' "$tmp/err" | sed -n 's/.* \([0-9]*\) conversations*;.*/\1/p')
	rec=$(grep 'records:' "$tmp/err" | sed -n 's/.* [0-9]* records: \([0-9]*\) analysed.*/\1/p')
	if [ -n "$conv" ] && [ -n "$rec" ] && [ "$conv" -lt "$rec" ]; then
		pass=$((pass + 1)); echo "PASS realdata:twcs/$(basename "$f") threaded ($conv conversations of $rec messages)"
	else
		fail=$((fail + 1)); echo "FAIL realdata:twcs/$(basename "$f") not threaded ('$conv' conversations of '$rec' messages)"
	fi
done
# csv-spectrum: map both required fields to the first column; the record
# count must equal the rows of the expected parse (json/*.json), and the
# rejects the rows whose first field is empty.
for f in "$data"/csv-spectrum/csvs/*.csv; do
	base=$(basename "$f" .csv)
	first=$(python3 -c 'import csv,sys; print(next(csv.reader(open(sys.argv[1], newline="")))[0])' "$f")
	check "csv-spectrum/$base" --map "conversation=$first" --map "text=$first" "$f"
	want=$(python3 -c 'import json,sys; rows=json.load(open(sys.argv[1], errors="replace")); rows=rows if isinstance(rows, list) else [rows]; print(len(rows), sum(1 for r in rows if not str(list(r.values())[0]).strip()))' "$data/csv-spectrum/json/$base.json")
	got=$(grep 'records:' "$tmp/err" | sed -n 's/.* \([0-9]*\) records: [0-9]* analysed, \([0-9]*\) rejected.*/\1 \2/p')
	if [ "$want" = "$got" ]; then
		pass=$((pass + 1)); echo "PASS realdata:csv-spectrum/$base records and rejects match the expected parse ($got)"
	else
		fail=$((fail + 1)); echo "FAIL realdata:csv-spectrum/$base expected records/rejects '$want', got '$got'"
	fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
