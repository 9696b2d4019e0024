/*
 * fuzz_scan.c - the whole pipeline on one memory input: source (gzip
 * sniffed) -> CSV reader -> assembler -> matcher -> per-message writer and
 * the by-agent and by-conversation reports.  Besides "no crash, no leak"
 * it checks the invariant every run promises: records = analysed +
 * rejected.  A tiny open-conversation cap makes eviction and the split
 * warning reachable.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "traitscan.h"

static const char lexicon[] =
	"@category empathy\n@role agent\ni understand\nsorry to hear*\n"
	"/\\bfrustrat\\w*/\n";

static int ignore_diag(void *ud, const ts_error *e)
{
	(void)ud;
	(void)e;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ts_lexset *lex = NULL;
	ts_scanner *s = NULL;
	ts_source *src = NULL;
	ts_message_writer *mw = NULL;
	ts_scan_options opt = { 0 };
	ts_scan_counts c;
	FILE *out = fopen("/dev/null", "w");

	if (!out)
		return 0;
	if (ts_lexset_new(&lex) || ts_lexset_add_mem(lex, "empathy.txt", lexicon, sizeof lexicon - 1, NULL) ||
	    ts_lexset_compile(lex, NULL, NULL, NULL))
		goto out;
	opt.lexicons = lex;
	opt.max_open = 2;
	opt.csv.max_field = 256;
	opt.keep_conversations = 1;
	opt.on_diag = ignore_diag;
	if (ts_scanner_new(&s, &opt, NULL) || ts_message_writer_new(&mw, lex, TS_FMT_JSON, out))
		goto out;
	ts_scanner_on_message(s, ts_message_writer_row, mw);
	if (ts_source_open_mem(&src, "fuzz.csv", data, size, NULL))
		goto out;
	ts_scanner_scan(s, src, NULL);
	ts_scanner_finish(s, NULL);
	ts_message_writer_finish(mw, s);
	ts_report_write(s, TS_BY_AGENT, TS_FMT_TABLE, out, NULL);
	ts_report_write(s, TS_BY_CONVERSATION, TS_FMT_CSV, out, NULL);
	ts_scanner_counts(s, &c);
	if (c.records != c.analysed + c.rejected)
		abort();
out:
	ts_source_free(src);
	ts_message_writer_free(mw);
	ts_scanner_free(s);
	ts_lexset_free(lex);
	fclose(out);
	return 0;
}
