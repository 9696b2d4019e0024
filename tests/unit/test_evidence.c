/*
 * test_evidence.c - the evidence writer on hand-made messages: the CSV
 * header and rows, which findings are listed (counted only, or all with
 * the status as the reason), the source column (lexicon file:line or
 * detector:NAME), context cut at UTF-8 character boundaries with control
 * bytes as spaces, CSV quoting and JSON escaping of matches, PII masking
 * and its switch, and write errors.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "detect.h"
#include "lexset_fixture.h"
#include "test.h"
#include "traitscan.h"

#define ELL "\xe2\x80\xa6" /* U+2026 */

static ts_lexset *make_set(void)
{
	return lx_set(NULL,
	              "empathy.txt", "@category empathy\n@role agent\ni understand\nsorry to hear*\n",
	              "clarifying.txt", "@category clarifying\n@role agent\ncould you tell me\n",
	              "pii.txt", "@category pii\n@role any\nmy pin is\n", (char *)NULL);
}

static unsigned cat(const ts_lexset *set, const char *name)
{
	return (unsigned)ts_lexset_category_index(set, name);
}

static ts_finding finding(unsigned category, unsigned entry, size_t start, size_t end,
                          ts_detector det, ts_status st, ts_detail detail)
{
	ts_finding f;
	memset(&f, 0, sizeof f);
	f.category = category;
	f.entry = entry;
	f.start = start;
	f.end = end;
	f.weight = 1.0;
	f.detector = (unsigned char)det;
	f.status = (unsigned char)st;
	f.detail = (unsigned char)detail;
	return f;
}

static ts_str str(const char *s)
{
	ts_str v = { s, s ? strlen(s) : 0 };
	return v;
}

/* A message result around text (n bytes) and its findings. */
static ts_message_result message(const char *text, size_t n, const ts_finding *f, size_t nf)
{
	ts_message_result r;
	memset(&r, 0, sizeof r);
	r.conversation = str("c9");
	r.seq = str("3");
	r.row = 7;
	r.file = "t.csv";
	r.role = TS_ROLE_AGENT;
	r.author = str("Ann, Lee");
	r.findings = f;
	r.nfindings = nf;
	r.text.p = text;
	r.text.n = n;
	return r;
}

/* Writes the messages with opt; returns the output (malloc'd) or NULL. */
static char *render(const ts_lexset *set, const ts_evidence_options *opt,
                    const ts_message_result *r, size_t nr)
{
	char *out = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&out, &len);
	ts_evidence_writer *w = NULL;
	int ok = 1;

	if (!fp)
		return NULL;
	if (ts_evidence_writer_new(&w, set, opt, fp) != TS_OK)
		ok = 0;
	for (size_t i = 0; ok && i < nr; i++)
		if (ts_evidence_writer_row(w, &r[i]) != TS_OK)
			ok = 0;
	if (ok && ts_evidence_writer_finish(w) != TS_OK)
		ok = 0;
	ts_evidence_writer_free(w);
	fclose(fp);
	if (!ok) {
		free(out);
		return NULL;
	}
	return out;
}

#define HEADER "file,row,conversation_id,seq,role,author,category,status,detector," \
               "detail,source,start,end,match,context\n"

/* "I understand. Could you tell me more": an empathy entry, a clarifying
 * entry a detector did not count, and a question detector's finding. */
static const char text1[] = "I understand. Could you tell me more";

static size_t findings1(const ts_lexset *set, ts_finding *f)
{
	f[0] = finding(cat(set, "empathy"), lx_entry_at(set, "empathy.txt", 3), 0, 12,
	               TS_DET_LEXICON, TS_COUNTED, TS_DETAIL_NONE);
	f[1] = finding(cat(set, "clarifying"), lx_entry_at(set, "clarifying.txt", 3), 14, 31,
	               TS_DET_LEXICON, TS_NEGATED, TS_DETAIL_NONE);
	f[2] = finding(cat(set, "clarifying"), TS_NO_ENTRY, 14, 36,
	               TS_DET_QUESTION, TS_COUNTED, TS_DETAIL_OPEN);
	return 3;
}

static void csv_lists_counted_findings(void)
{
	ts_lexset *set = make_set();
	ts_finding f[3];
	ts_evidence_options opt;
	ts_message_result r;
	char *s;

	REQUIRE(set != NULL);
	REQUIRE(lx_entry_at(set, "empathy.txt", 3) != TS_NO_ENTRY);
	r = message(text1, strlen(text1), f, findings1(set, f));
	ts_evidence_options_init(&opt);
	opt.context = 10;
	s = render(set, &opt, &r, 1);
	REQUIRE(s != NULL);
	/* the author has a comma: quoted; the negated finding is left out;
	 * 10 bytes of context: ". Could yo" after the first match, and
	 * "derstand. " before the question, which runs to the end */
	CHECK_EQ_STR(s, HEADER
	    "t.csv,7,c9,3,agent,\"Ann, Lee\",empathy,counted,lexicon,,empathy.txt:3,"
	    "0,12,I understand,I understand. Could yo" ELL "\n"
	    "t.csv,7,c9,3,agent,\"Ann, Lee\",clarifying,counted,question,open,"
	    "detector:question,14,36,Could you tell me more," ELL "derstand. Could you tell me more\n");
	free(s);
	ts_lexset_free(set);
}

static void all_lists_uncounted_with_status(void)
{
	ts_lexset *set = make_set();
	ts_finding f[3];
	ts_evidence_options opt;
	ts_message_result r;
	char *s;

	REQUIRE(set != NULL);
	r = message(text1, strlen(text1), f, findings1(set, f));
	ts_evidence_options_init(&opt);
	opt.context = 10;
	opt.all = 1;
	s = render(set, &opt, &r, 1);
	REQUIRE(s != NULL);
	CHECK_EQ_STR(s, HEADER
	    "t.csv,7,c9,3,agent,\"Ann, Lee\",empathy,counted,lexicon,,empathy.txt:3,"
	    "0,12,I understand,I understand. Could yo" ELL "\n"
	    "t.csv,7,c9,3,agent,\"Ann, Lee\",clarifying,negated,lexicon,,clarifying.txt:3,"
	    "14,31,Could you tell me," ELL "derstand. Could you tell me more\n"
	    "t.csv,7,c9,3,agent,\"Ann, Lee\",clarifying,counted,question,open,"
	    "detector:question,14,36,Could you tell me more," ELL "derstand. Could you tell me more\n");
	free(s);
	ts_lexset_free(set);
}

/* The context column of the one row written for text[s, e) with n bytes
 * either side (JSON Lines, so the column is easy to find); static. */
static const char *context_of(const ts_lexset *set, const char *text, size_t s, size_t e,
                              size_t n)
{
	static char ctx[256];
	ts_finding f = finding(0, TS_NO_ENTRY, s, e, TS_DET_LEXICON, TS_COUNTED, TS_DETAIL_NONE);
	ts_message_result r = message(text, strlen(text), &f, 1);
	ts_evidence_options opt;
	char *out, *p;

	ts_evidence_options_init(&opt);
	opt.format = TS_EVIDENCE_JSONL;
	opt.context = n;
	out = render(set, &opt, &r, 1);
	if (!out)
		return "(failed)";
	p = strstr(out, "\"context\":\"");
	if (!p || strlen(p) < 14 || strcmp(p + strlen(p) - 3, "\"}\n") != 0) {
		free(out);
		return "(no context)";
	}
	p += 11;
	p[strlen(p) - 3] = '\0';
	snprintf(ctx, sizeof ctx, "%s", p);
	free(out);
	return ctx;
}

static void context_cuts_at_character_boundaries(void)
{
	ts_lexset *set = make_set();
	/* a b é(2 bytes) X Y Z €(3 bytes) c d: the match XYZ is bytes 4..7 */
	const char *t = "ab\xc3\xa9XYZ\xe2\x82\xac" "cd";
	/* 😀 (4 bytes) hey 😀: the match hey is bytes 4..7 */
	const char *e = "\xf0\x9f\x98\x80hey\xf0\x9f\x98\x80";

	REQUIRE(set != NULL);
	/* one byte either side would split é and €: both left out */
	CHECK_EQ_STR(context_of(set, t, 4, 7, 1), ELL "XYZ" ELL);
	CHECK_EQ_STR(context_of(set, t, 4, 7, 2), ELL "\xc3\xa9XYZ" ELL);
	CHECK_EQ_STR(context_of(set, t, 4, 7, 3), ELL "b\xc3\xa9XYZ\xe2\x82\xac" ELL);
	/* reaching both ends of the text: no ellipsis */
	CHECK_EQ_STR(context_of(set, t, 4, 7, 5), "ab\xc3\xa9XYZ\xe2\x82\xac" "cd");
	CHECK_EQ_STR(context_of(set, t, 4, 7, 500), "ab\xc3\xa9XYZ\xe2\x82\xac" "cd");
	/* no context: the match alone, cut on both sides */
	CHECK_EQ_STR(context_of(set, t, 4, 7, 0), ELL "XYZ" ELL);
	/* four-byte characters: three bytes are not enough for either */
	CHECK_EQ_STR(context_of(set, e, 4, 7, 3), ELL "hey" ELL);
	CHECK_EQ_STR(context_of(set, e, 4, 7, 4), "\xf0\x9f\x98\x80hey\xf0\x9f\x98\x80");
	/* a match at the very start or end */
	CHECK_EQ_STR(context_of(set, t, 0, 2, 2), "ab\xc3\xa9" ELL);
	CHECK_EQ_STR(context_of(set, t, 10, 12, 3), ELL "\xe2\x82\xac" "cd");
	ts_lexset_free(set);
}

static void context_shows_line_breaks_and_tabs_as_spaces(void)
{
	ts_lexset *set = make_set();

	REQUIRE(set != NULL);
	CHECK_EQ_STR(context_of(set, "line one\r\nI understand\tyes", 10, 22, 100),
	             "line one  I understand yes");
	ts_lexset_free(set);
}

static void default_context_is_sixty_bytes(void)
{
	ts_lexset *set = make_set();
	char text[201];
	ts_finding f;
	ts_message_result r;
	char *out, *p;

	REQUIRE(set != NULL);
	memset(text, 'a', 200);
	text[200] = '\0';
	memcpy(text + 100, "XY", 2);
	f = finding(0, TS_NO_ENTRY, 100, 102, TS_DET_LEXICON, TS_COUNTED, TS_DETAIL_NONE);
	r = message(text, 200, &f, 1);
	out = render(set, NULL, &r, 1); /* NULL: the defaults, CSV */
	REQUIRE(out != NULL);
	p = strrchr(out, ',');
	REQUIRE(p != NULL);
	/* ",…" 60 a's "XY" 60 a's "…\n" */
	CHECK_EQ_INT(strlen(p), 1 + 3 + 60 + 2 + 60 + 3 + 1);
	CHECK(strncmp(p + 4 + 60, "XY", 2) == 0);
	free(out);
	ts_lexset_free(set);
}

static void csv_quotes_matches_with_commas_quotes_newlines(void)
{
	ts_lexset *set = make_set();
	/* x, space, "a,b", newline, c, space, y: the match is "a,b"\nc */
	const char *t = "x \"a,b\"\nc y";
	ts_finding f;
	ts_message_result r;
	ts_evidence_options opt;
	char *s;

	REQUIRE(set != NULL);
	f = finding(cat(set, "empathy"), lx_entry_at(set, "empathy.txt", 4), 2, 9,
	            TS_DET_LEXICON, TS_COUNTED, TS_DETAIL_NONE);
	r = message(t, strlen(t), &f, 1);
	r.author = str("Bo");
	ts_evidence_options_init(&opt);
	s = render(set, &opt, &r, 1);
	REQUIRE(s != NULL);
	/* the match keeps its newline inside quotes; the context shows it as
	 * a space and is quoted for its comma and quotes */
	CHECK_EQ_STR(s, HEADER
	    "t.csv,7,c9,3,agent,Bo,empathy,counted,lexicon,,empathy.txt:4,2,9,"
	    "\"\"\"a,b\"\"\nc\",\"x \"\"a,b\"\" c y\"\n");
	free(s);
	ts_lexset_free(set);
}

static void jsonl_escapes_invalid_utf8_and_control_bytes(void)
{
	ts_lexset *set = make_set();
	/* a, space, "q", 0x01, 0xff, backslash, tab, z: the match is bytes 2..9 */
	const char t[] = "a \"q\"\x01\xff\\\tz";
	ts_finding f[2];
	ts_message_result r[2];
	ts_evidence_options opt;
	char *s;

	REQUIRE(set != NULL);
	f[0] = finding(cat(set, "empathy"), TS_NO_ENTRY, 2, 9, TS_DET_SARCASM, TS_SARCASTIC,
	               TS_DETAIL_NONE);
	r[0] = message(t, sizeof t - 1, &f[0], 1);
	r[0].conversation = str("c\"1");
	r[0].seq = str("0");
	r[0].row = 1;
	r[0].file = "f.csv";
	r[0].role = TS_ROLE_CUSTOMER;
	r[0].author.p = NULL;
	r[0].author.n = 0;
	/* a second message: one line per finding, no wrapper */
	f[1] = finding(cat(set, "pii"), lx_entry_at(set, "pii.txt", 3), 0, 2, TS_DET_LEXICON,
	               TS_COUNTED, TS_DETAIL_NONE);
	r[1] = message("hi", 2, &f[1], 1);
	ts_evidence_options_init(&opt);
	opt.format = TS_EVIDENCE_JSONL;
	opt.all = 1;
	opt.no_redact = 1;
	s = render(set, &opt, r, 2);
	REQUIRE(s != NULL);
	CHECK_EQ_STR(s,
	    "{\"file\":\"f.csv\",\"row\":1,\"conversation_id\":\"c\\\"1\",\"seq\":\"0\","
	    "\"role\":\"customer\",\"author\":\"\",\"category\":\"empathy\","
	    "\"status\":\"sarcastic\",\"detector\":\"sarcasm\",\"detail\":\"\","
	    "\"source\":\"detector:sarcasm\",\"start\":2,\"end\":9,"
	    "\"match\":\"\\\"q\\\"\\u0001\\ufffd\\\\\\t\","
	    "\"context\":\"a \\\"q\\\" \\ufffd\\\\ z\"}\n"
	    "{\"file\":\"t.csv\",\"row\":7,\"conversation_id\":\"c9\",\"seq\":\"3\","
	    "\"role\":\"agent\",\"author\":\"Ann, Lee\",\"category\":\"pii\","
	    "\"status\":\"counted\",\"detector\":\"lexicon\",\"detail\":\"\","
	    "\"source\":\"pii.txt:3\",\"start\":0,\"end\":2,"
	    "\"match\":\"hi\",\"context\":\"hi\"}\n");
	free(s);
	ts_lexset_free(set);
}

static void spans_past_the_text_are_clamped(void)
{
	ts_lexset *set = make_set();
	ts_finding f;
	ts_message_result r;
	ts_evidence_options opt;
	char *s;

	REQUIRE(set != NULL);
	f = finding(cat(set, "empathy"), 100000, 3, 99, TS_DET_LEXICON, TS_COUNTED,
	            TS_DETAIL_NONE);
	r = message("abcdef", 6, &f, 1);
	r.author = str("Bo");
	ts_evidence_options_init(&opt);
	s = render(set, &opt, &r, 1);
	REQUIRE(s != NULL);
	/* an entry id the set does not have: named by its detector */
	CHECK_EQ_STR(s, HEADER
	    "t.csv,7,c9,3,agent,Bo,empathy,counted,lexicon,,detector:lexicon,3,6,def,abcdef\n");
	free(s);
	ts_lexset_free(set);
}

static void redaction_masks_pii_unless_turned_off(void)
{
	ts_lexset *set = make_set();
	/* the address is bytes 5..20, "now" 21..24, "pin 4321" 26..34 */
	const char *t = "mail bob@example.com now, pin 4321";
	ts_finding f[3];
	ts_message_result r;
	ts_evidence_options opt;
	char *s;

	REQUIRE(set != NULL);
	f[0] = finding(cat(set, "pii"), TS_NO_ENTRY, 5, 20, TS_DET_PII, TS_COUNTED,
	               TS_DETAIL_EMAIL);
	f[1] = finding(cat(set, "empathy"), TS_NO_ENTRY, 21, 24, TS_DET_QUESTION, TS_COUNTED,
	               TS_DETAIL_NONE);
	/* a pii entry that did not count: masked all the same */
	f[2] = finding(cat(set, "pii"), lx_entry_at(set, "pii.txt", 3), 26, 34, TS_DET_LEXICON,
	               TS_NEGATED, TS_DETAIL_NONE);
	r = message(t, strlen(t), f, 3);
	r.author = str("Bo");
	ts_evidence_options_init(&opt);
	opt.all = 1;

	opt.no_redact = 1;
	s = render(set, &opt, &r, 1);
	REQUIRE(s != NULL);
	CHECK_EQ_STR(s, HEADER
	    "t.csv,7,c9,3,agent,Bo,pii,counted,pii,email,detector:pii,5,20,"
	    "bob@example.com,\"mail bob@example.com now, pin 4321\"\n"
	    "t.csv,7,c9,3,agent,Bo,empathy,counted,question,,detector:question,21,24,"
	    "now,\"mail bob@example.com now, pin 4321\"\n"
	    "t.csv,7,c9,3,agent,Bo,pii,negated,lexicon,,pii.txt:3,26,34,"
	    "pin 4321,\"mail bob@example.com now, pin 4321\"\n");
	free(s);

	opt.no_redact = 0;
	s = render(set, &opt, &r, 1);
	REQUIRE(s != NULL);
	CHECK_EQ_STR(s, HEADER
	    "t.csv,7,c9,3,agent,Bo,pii,counted,pii,email,detector:pii,5,20,"
	    "[email],\"mail [email] now, [pii]\"\n"
	    "t.csv,7,c9,3,agent,Bo,empathy,counted,question,,detector:question,21,24,"
	    "now,\"mail [email] now, [pii]\"\n"
	    "t.csv,7,c9,3,agent,Bo,pii,negated,lexicon,,pii.txt:3,26,34,"
	    "[pii],\"mail [email] now, [pii]\"\n");
	free(s);
	ts_lexset_free(set);
}

/* Each row masks the pii findings its match and context reach, and only
 * those (they are looked up by position, not scanned from the start). */
static void redaction_masks_neighbours_in_context(void)
{
	ts_lexset *set = make_set();
	const char *t = "a@b.co x c@d.co y e@f.co";
	ts_finding f[4];
	ts_message_result r;
	ts_evidence_options opt;
	char *s;

	REQUIRE(set != NULL);
	f[0] = finding(cat(set, "pii"), TS_NO_ENTRY, 0, 6, TS_DET_PII, TS_COUNTED, TS_DETAIL_EMAIL);
	f[1] = finding(cat(set, "empathy"), TS_NO_ENTRY, 7, 8, TS_DET_QUESTION, TS_COUNTED,
	               TS_DETAIL_NONE);
	f[2] = finding(cat(set, "pii"), TS_NO_ENTRY, 9, 15, TS_DET_PII, TS_COUNTED, TS_DETAIL_EMAIL);
	f[3] = finding(cat(set, "pii"), TS_NO_ENTRY, 18, 24, TS_DET_PII, TS_COUNTED, TS_DETAIL_EMAIL);
	r = message(t, strlen(t), f, 4);
	r.author = str("Bo");
	ts_evidence_options_init(&opt);
	opt.context = 5;
	s = render(set, &opt, &r, 1);
	REQUIRE(s != NULL);
	CHECK_EQ_STR(s, HEADER
	    "t.csv,7,c9,3,agent,Bo,pii,counted,pii,email,detector:pii,0,6,"
	    "[email],[email] x [email]\xe2\x80\xa6\n"
	    "t.csv,7,c9,3,agent,Bo,empathy,counted,question,,detector:question,7,8,"
	    "x,\xe2\x80\xa6[email] x [email]\xe2\x80\xa6\n"
	    "t.csv,7,c9,3,agent,Bo,pii,counted,pii,email,detector:pii,9,15,"
	    "[email],\xe2\x80\xa6[email] x [email] y [email]\xe2\x80\xa6\n"
	    "t.csv,7,c9,3,agent,Bo,pii,counted,pii,email,detector:pii,18,24,"
	    "[email],\xe2\x80\xa6[email] y [email]\n");
	free(s);
	ts_lexset_free(set);
}

static void write_error_is_eio(void)
{
	ts_lexset *set = make_set();
	ts_finding f[3];
	ts_message_result r;
	ts_evidence_writer *w = NULL;
	FILE *fp;

	REQUIRE(set != NULL);
	r = message(text1, strlen(text1), f, findings1(set, f));

	/* buffered: the failure shows when the rows are flushed */
	fp = fopen("/dev/full", "w");
	REQUIRE(fp != NULL);
	REQUIRE(ts_evidence_writer_new(&w, set, NULL, fp) == TS_OK);
	(void)ts_evidence_writer_row(w, &r);
	CHECK_EQ_INT(ts_evidence_writer_finish(w), TS_EIO);
	ts_evidence_writer_free(w);
	fclose(fp);

	/* unbuffered: the header fails, every row says so and writes nothing */
	fp = fopen("/dev/full", "w");
	REQUIRE(fp != NULL);
	setvbuf(fp, NULL, _IONBF, 0);
	REQUIRE(ts_evidence_writer_new(&w, set, NULL, fp) == TS_OK);
	CHECK_EQ_INT(ts_evidence_writer_row(w, &r), TS_EIO);
	CHECK_EQ_INT(ts_evidence_writer_row(w, &r), TS_EIO);
	CHECK_EQ_INT(ts_evidence_writer_finish(w), TS_EIO);
	ts_evidence_writer_free(w);
	fclose(fp);
	ts_lexset_free(set);
}

static void no_findings_no_rows(void)
{
	ts_lexset *set = make_set();
	ts_message_result r;
	ts_evidence_options opt;
	char *s;

	REQUIRE(set != NULL);
	r = message("nothing here", 12, NULL, 0);
	ts_evidence_options_init(&opt);
	s = render(set, &opt, &r, 1);
	REQUIRE(s != NULL);
	CHECK_EQ_STR(s, HEADER);
	free(s);
	opt.format = TS_EVIDENCE_JSONL;
	s = render(set, &opt, &r, 1);
	REQUIRE(s != NULL);
	CHECK_EQ_STR(s, "");
	free(s);
	ts_evidence_writer_free(NULL);
	ts_lexset_free(set);
}

int main(void)
{
	TS_RUN(csv_lists_counted_findings);
	TS_RUN(all_lists_uncounted_with_status);
	TS_RUN(context_cuts_at_character_boundaries);
	TS_RUN(context_shows_line_breaks_and_tabs_as_spaces);
	TS_RUN(default_context_is_sixty_bytes);
	TS_RUN(csv_quotes_matches_with_commas_quotes_newlines);
	TS_RUN(jsonl_escapes_invalid_utf8_and_control_bytes);
	TS_RUN(spans_past_the_text_are_clamped);
	TS_RUN(redaction_masks_pii_unless_turned_off);
	TS_RUN(redaction_masks_neighbours_in_context);
	TS_RUN(write_error_is_eio);
	TS_RUN(no_findings_no_rows);
	TS_TEST_MAIN_END();
}
