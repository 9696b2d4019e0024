#!/bin/sh
# F1 of the detectors against the human labels in ../shared/eval (read in
# place, never copied).  Prints score.py's lines per set and a summary
# table; there is no pass/fail threshold here.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
eval_dir=${EVAL_DIR:-$top/../shared/eval}
bin=${TS:-$top/traitscan}
if [ ! -d "$eval_dir" ]; then
	echo "eval: $eval_dir not found; nothing to score"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
printf '%-16s %-11s %9s %7s %7s\n' set label precision recall F1 >"$tmp/table"
for set in "$eval_dir"/*.csv; do
	name=$(basename "$set" .csv)
	echo "== $name =="
	if ! "$bin" scan -q --by message --format csv -o "$tmp/$name.pred.csv" "$set"; then
		echo "eval: traitscan failed on $set"
		status=1
		continue
	fi
	python3 "$eval_dir/score.py" "$set" "$tmp/$name.pred.csv" | tee "$tmp/$name.score"
	awk -v set="$name" '/F1=/ {
		split($2, p, "="); split($3, r, "="); split($4, f, "=");
		printf "%-16s %-11s %9s %7s %7s\n", set, $1, p[2], r[2], f[2] }' \
		"$tmp/$name.score" >>"$tmp/table"
done
echo
echo "== F1 per labelled column =="
cat "$tmp/table"
exit $status
