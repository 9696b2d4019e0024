/*
 * fuzz_scan.c - the whole pipeline on one memory input: source (gzip
 * sniffed) -> CSV reader -> assembler -> analyser (matcher and every
 * context detector: each has its category below) -> per-message writer,
 * evidence writer (every finding, PII masked) and the by-agent and
 * by-conversation reports, with FCR and timing (times, status, reopens and
 * assignee columns, a --time-format on every other input, and
 * --split-chat-cells on every other 16 sizes).  Besides "no crash, no
 * leak" it checks the invariants every run promises: records = analysed +
 * rejected (a split chat cell is one record however many turns it has,
 * and never fewer messages than records analysed), and every
 * conversation has one FCR verdict.  A tiny open-conversation cap makes eviction and the split
 * warning reachable.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "traitscan.h"

static const struct {
	const char *name, *text;
} lexicons[] = {
	{ "empathy.txt", "@role agent\ni understand\nsorry to hear*\n/\\bfrustrat\\w*/\n" },
	{ "clarifying.txt", "@role agent\ncould you tell me\nwhich version\n" },
	{ "paraphrase.txt", "@role agent\nit sounds like\nso you\n" },
	{ "jargon.txt", "@role agent\ndns\nflush the cache\n" },
	{ "politeness.txt", "@role any\nthanks\nplease\n" },
	{ "frustration.txt", "@role customer\n@negate no\nridiculous\n" },
	{ "sarcasm.txt", "@role customer\nthanks for nothing\n/\\/s\\b/\n" },
	{ "resolution.txt", "@role customer\nthat worked\n" },
	{ "escalation.txt", "@role agent\ntransfer you\nmy supervisor\n" },
	{ "followup.txt", "@role agent\ni'll get back to you\n" },
	{ "pii.txt", "@role any\n/\\b\\d{3}-\\d{2}-\\d{4}\\b/\n" },
};

static int ignore_diag(void *ud, const ts_error *e)
{
	(void)ud;
	(void)e;
	return 0;
}

struct writers {
	ts_message_writer *mw;
	ts_evidence_writer *ew;
};

static int both_writers(void *ud, const ts_message_result *r)
{
	struct writers *w = ud;

	return ts_message_writer_row(w->mw, r) | ts_evidence_writer_row(w->ew, r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ts_lexset *lex = NULL;
	ts_scanner *s = NULL;
	ts_source *src = NULL;
	ts_message_writer *mw = NULL;
	ts_evidence_writer *ew = NULL;
	ts_evidence_options eo;
	ts_scan_options opt = { 0 };
	ts_scan_counts c;
	FILE *out = fopen("/dev/null", "w");

	if (!out)
		return 0;
	if (ts_lexset_new(&lex))
		goto out;
	for (size_t i = 0; i < sizeof lexicons / sizeof *lexicons; i++)
		if (ts_lexset_add_mem(lex, lexicons[i].name, lexicons[i].text,
		                      strlen(lexicons[i].text), NULL))
			goto out;
	if (ts_lexset_compile(lex, NULL, NULL, NULL))
		goto out;
	opt.lexicons = lex;
	opt.max_open = 2;
	opt.csv.max_field = 256;
	opt.keep_conversations = 1;
	opt.on_diag = ignore_diag;
	opt.time_format = (size & 2) ? "%d/%m/%Y %I:%M %p" : NULL;
	opt.fcr_window = (size & 4) ? 3600 : 0;
	opt.owner = (ts_owner_rule)(size % 3);
	opt.agent_signature = (size & 8) != 0;
	opt.split_chat_cells = (size & 16) != 0;
	if (ts_scanner_new(&s, &opt, NULL) || ts_message_writer_new(&mw, lex, TS_FMT_JSON, out))
		goto out;
	ts_evidence_options_init(&eo);
	eo.all = 1;
	eo.format = (size & 1) ? TS_EVIDENCE_JSONL : TS_EVIDENCE_CSV;
	if (ts_evidence_writer_new(&ew, lex, &eo, out))
		goto out;
	ts_scanner_on_message(s, both_writers, &(struct writers){ mw, ew });
	if (ts_source_open_mem(&src, "fuzz.csv", data, size, NULL))
		goto out;
	ts_scanner_scan(s, src, NULL);
	ts_scanner_finish(s, NULL);
	ts_message_writer_finish(mw, s);
	ts_evidence_writer_finish(ew);
	ts_report_write(s, TS_BY_AGENT, TS_FMT_TABLE, out, NULL);
	ts_report_write(s, TS_BY_CONVERSATION, TS_FMT_CSV, out, NULL);
	ts_scanner_counts(s, &c);
	if (c.records != c.analysed + c.rejected || c.messages < c.analysed)
		abort();
	if (c.fcr[0] + c.fcr[1] + c.fcr[2] + c.fcr[3] != c.conversations)
		abort();
out:
	ts_source_free(src);
	ts_message_writer_free(mw);
	ts_evidence_writer_free(ew);
	ts_scanner_free(s);
	ts_lexset_free(lex);
	fclose(out);
	return 0;
}
