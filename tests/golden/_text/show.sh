# One JSON line per message with the text the reader produced; see README.
# Run from a case folder by the golden runner ($TS set).
rm -f show.tmp.jsonl
$TS scan -q --no-builtin-lexicons --lexicons ../_text --no-redact \
	--evidence show.tmp.jsonl -o /dev/null "$@"
rc=$?
[ -f show.tmp.jsonl ] && sed -e 's/^{"file":"[^"]*",/{/' \
	-e 's/"category":"text","status":"counted","detector":"lexicon","detail":"","source":"text.txt:[0-9]*","start":[0-9]*,"end":[0-9]*,//' \
	-e 's/,"context":.*$/}/' show.tmp.jsonl
rm -f show.tmp.jsonl
echo "exit $rc"
