/*
 * test_calibrate.c - scoring predictions against human labels: the metric
 * arithmetic (zero denominators, all-empty labels), label columns and
 * --label maps, label values, confusion counts, false-positive sources
 * (one count per message, most first, the first example in input order),
 * false negatives (the first N in input order whatever order results come
 * back in), example text, the errors at the end, many rows, and the whole
 * thing through the scanner.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "detect.h"
#include "lexset_fixture.h"
#include "test.h"
#include "traitscan.h"

/* Category 0 is empathy, 1 politeness (report order). */
static const char empathy_lex[] =
	"@category empathy\n"
	"@role agent\n"
	"i understand\n"          /* line 3 */
	"sorry to hear*\n";       /* line 4 */
static const char politeness_lex[] =
	"@category politeness\n"
	"@role any\n"
	"please\n"                /* line 3 */
	"thank you\n";            /* line 4 */

static ts_lexset *make_set(void)
{
	return lx_set(NULL, "empathy.txt", empathy_lex, "politeness.txt", politeness_lex,
	              (char *)NULL);
}

/* Warnings as "file:line: msg\n". */
static char warnings[4096];

static int collect(void *ud, const ts_error *e)
{
	size_t n = strlen(warnings);
	(void)ud;
	CHECK_EQ_INT(e->code, 0);
	snprintf(warnings + n, sizeof warnings - n, "%s:%lu: %s\n", e->file, e->line, e->msg);
	return 0;
}

static ts_calib *make_calib(const ts_lexset *set, size_t examples, size_t max_text,
                            const char *const *cols, const char *const *cats, size_t nmaps)
{
	ts_calib_options o;
	ts_calib *c = NULL;
	ts_error err;

	memset(&o, 0, sizeof o);
	o.lexicons = set;
	o.examples = examples;
	o.max_text = max_text;
	o.label_columns = cols;
	o.label_categories = cats;
	o.nlabel_maps = nmaps;
	o.on_diag = collect;
	warnings[0] = '\0';
	if (ts_calib_new(&c, &o, &err) != TS_OK) {
		printf("  ts_calib_new: %s\n", err.msg);
		return NULL;
	}
	return c;
}

/* A record with label cells for empathy and politeness: NULL = the
 * header has no such column, "" = empty cell. */
static int rec(ts_calib *c, unsigned long row, const char *emp, const char *pol)
{
	ts_str cells[2];
	ts_message m;

	memset(&m, 0, sizeof m);
	cells[0].p = emp;
	cells[0].n = emp ? strlen(emp) : 0;
	cells[1].p = pol;
	cells[1].n = pol ? strlen(pol) : 0;
	m.extra = cells;
	m.nextra = 2;
	m.row = row;
	m.line = row + 1;
	m.file = "l.csv";
	return ts_calib_record(c, &m);
}

static ts_finding fnd(unsigned cat, unsigned entry, size_t start, size_t end,
                      ts_detector det, ts_status st)
{
	ts_finding f;

	memset(&f, 0, sizeof f);
	f.category = cat;
	f.entry = entry;
	f.start = start;
	f.end = end;
	f.weight = 1.0;
	f.detector = (unsigned char)det;
	f.status = (unsigned char)st;
	return f;
}

/* The analysed message of row with these findings (counts follow them). */
static int res(ts_calib *c, unsigned long row, const char *text, const ts_finding *f,
               size_t nf)
{
	ts_message_result r;
	unsigned counts[2] = { 0, 0 };
	char seq[32];

	for (size_t i = 0; i < nf; i++)
		if (f[i].status == TS_COUNTED)
			counts[f[i].category]++;
	snprintf(seq, sizeof seq, "%lu", row * 10);
	memset(&r, 0, sizeof r);
	r.conversation.p = "conv";
	r.conversation.n = 4;
	r.seq.p = seq;
	r.seq.n = strlen(seq);
	r.row = row;
	r.file = "l.csv";
	r.role = TS_ROLE_AGENT;
	r.counts = counts;
	r.findings = f;
	r.nfindings = nf;
	r.text.p = text;
	r.text.n = strlen(text);
	return ts_calib_result(c, &r);
}

static int near(double a, double b)
{
	return a - b < 1e-12 && b - a < 1e-12;
}

/* ---- tests ------------------------------------------------------------------ */

static void test_metric_arithmetic(void)
{
	ts_calib_metrics m;

	/* nothing labelled: every rate is 0, not NaN */
	memset(&m, 0, sizeof m);
	ts_calib_metrics_compute(&m);
	CHECK_EQ_INT(m.labelled, 0);
	CHECK_EQ_INT(m.support, 0);
	CHECK(m.precision == 0.0 && m.recall == 0.0 && m.f1 == 0.0);

	/* only false positives: precision 0/3, recall has no positives */
	memset(&m, 0, sizeof m);
	m.fp = 3;
	m.tn = 4;
	ts_calib_metrics_compute(&m);
	CHECK_EQ_INT(m.labelled, 7);
	CHECK_EQ_INT(m.support, 0);
	CHECK(m.precision == 0.0 && m.recall == 0.0 && m.f1 == 0.0);

	/* only false negatives: nothing predicted, recall 0 */
	memset(&m, 0, sizeof m);
	m.fn = 2;
	ts_calib_metrics_compute(&m);
	CHECK_EQ_INT(m.support, 2);
	CHECK(m.precision == 0.0 && m.recall == 0.0 && m.f1 == 0.0);

	/* 3 of 4 predictions right, 3 of 6 positives found:
	 * F1 = 2 * .75 * .5 / 1.25 = .6 */
	memset(&m, 0, sizeof m);
	m.tp = 3;
	m.fp = 1;
	m.fn = 3;
	m.tn = 5;
	ts_calib_metrics_compute(&m);
	CHECK_EQ_INT(m.labelled, 12);
	CHECK_EQ_INT(m.support, 6);
	CHECK(near(m.precision, 0.75));
	CHECK(near(m.recall, 0.5));
	CHECK(near(m.f1, 0.6));

	/* perfect */
	memset(&m, 0, sizeof m);
	m.tp = 1;
	ts_calib_metrics_compute(&m);
	CHECK(m.precision == 1.0 && m.recall == 1.0 && m.f1 == 1.0);
}

static void test_columns_and_maps(void)
{
	static const char *const cols[] = { "polite" }, *const cats[] = { "politeness" };
	static const char *const bad_cat[] = { "courtesy" };
	static const char *const twice_cols[] = { "a", "b" };
	static const char *const twice_cats[] = { "empathy", "empathy" };
	static const char *const steal_cols[] = { "empathy" };
	ts_lexset *set = make_set();
	const char *const *names;
	ts_calib_options o;
	ts_calib *c;
	ts_error err;
	size_t n;

	REQUIRE(set != NULL);
	REQUIRE(ts_lexset_ncategories(set) == 2);
	c = make_calib(set, 5, 0, NULL, NULL, 0);
	REQUIRE(c != NULL);
	names = ts_calib_columns(c, &n);
	CHECK_EQ_INT(n, 2);
	CHECK_EQ_STR(names[0], "empathy");
	CHECK_EQ_STR(names[1], "politeness");
	ts_calib_free(c);

	c = make_calib(set, 5, 0, cols, cats, 1);
	REQUIRE(c != NULL);
	names = ts_calib_columns(c, &n);
	CHECK_EQ_STR(names[0], "empathy");
	CHECK_EQ_STR(names[1], "polite");
	ts_calib_free(c);

	/* the column "empathy" labels politeness: empathy has no column */
	c = make_calib(set, 5, 0, steal_cols, cats, 1);
	REQUIRE(c != NULL);
	names = ts_calib_columns(c, &n);
	CHECK(names[0] == NULL);
	CHECK_EQ_STR(names[1], "empathy");
	ts_calib_free(c);

	memset(&o, 0, sizeof o);
	o.lexicons = set;
	o.label_columns = cols;
	o.label_categories = bad_cat;
	o.nlabel_maps = 1;
	c = NULL;
	CHECK_EQ_INT(ts_calib_new(&c, &o, &err), TS_EUSAGE);
	CHECK(c == NULL);
	CHECK_EQ_STR(err.msg, "no category 'courtesy' in the lexicons (--label polite=courtesy)");
	o.label_columns = twice_cols;
	o.label_categories = twice_cats;
	o.nlabel_maps = 2;
	CHECK_EQ_INT(ts_calib_new(&c, &o, &err), TS_EUSAGE);
	CHECK_EQ_STR(err.msg, "category 'empathy' is labelled twice (--label b=empathy)");
	CHECK_EQ_INT(ts_calib_new(&c, NULL, NULL), TS_EUSAGE);
	ts_lexset_free(set);
}

static void test_confusion_counts(void)
{
	ts_lexset *set = make_set();
	unsigned e3, p3;
	ts_calib_metrics m;
	ts_calib *c;
	ts_error err;

	REQUIRE(set != NULL);
	e3 = lx_entry_at(set, "empathy.txt", 3);
	p3 = lx_entry_at(set, "politeness.txt", 3);
	c = make_calib(set, 5, 0, NULL, NULL, 0);
	REQUIRE(c != NULL);
	{
		ts_finding emp = fnd(0, e3, 0, 12, TS_DET_LEXICON, TS_COUNTED);
		ts_finding pol = fnd(1, p3, 0, 6, TS_DET_LEXICON, TS_COUNTED);
		ts_finding both[2];
		ts_finding negated = fnd(0, e3, 0, 12, TS_DET_LEXICON, TS_NEGATED);
		both[0] = emp;
		both[1] = pol;
		/* row: empathy label, politeness label -> outcome */
		CHECK_EQ_INT(rec(c, 1, "1", "1"), 0);  /* both predicted: tp, tp */
		CHECK_EQ_INT(rec(c, 2, "0", "1"), 0);  /* empathy only: fp, fn */
		CHECK_EQ_INT(rec(c, 3, "1", ""), 0);   /* negated only: fn, - */
		CHECK_EQ_INT(rec(c, 4, "", ""), 0);    /* nothing scored */
		CHECK_EQ_INT(rec(c, 5, "0", "0"), 0);  /* nothing predicted: tn, tn */
		CHECK_EQ_INT(rec(c, 6, " 1 ", "0"), 0); /* reader trims; here " 1 " is bad */
		CHECK_EQ_INT(res(c, 1, "I understand", both, 2), 0);
		CHECK_EQ_INT(res(c, 2, "I understand", &emp, 1), 0);
		CHECK_EQ_INT(res(c, 3, "I understand", &negated, 1), 0);
		CHECK_EQ_INT(res(c, 4, "please", &pol, 1), 0);
		CHECK_EQ_INT(res(c, 5, "ok", NULL, 0), 0);
		CHECK_EQ_INT(res(c, 6, "please", &pol, 1), 0);
		/* a row never recorded, and a row scored twice, count nothing */
		CHECK_EQ_INT(res(c, 7, "please", &pol, 1), 0);
		CHECK_EQ_INT(res(c, 1, "I understand", both, 2), 0);
	}
	REQUIRE(ts_calib_finish(c, &err) == TS_OK);
	CHECK_EQ_INT(ts_calib_labelled_messages(c), 5);
	REQUIRE(ts_calib_ncategories(c) == 2);
	ts_calib_metrics_get(c, 0, &m);
	CHECK_EQ_STR(m.category, "empathy");
	CHECK_EQ_STR(m.column, "empathy");
	CHECK_EQ_INT(m.tp, 1);
	CHECK_EQ_INT(m.fp, 1);
	CHECK_EQ_INT(m.fn, 1);
	CHECK_EQ_INT(m.tn, 1);
	CHECK_EQ_INT(m.labelled, 4);
	CHECK_EQ_INT(m.support, 2);
	CHECK(near(m.precision, 0.5) && near(m.recall, 0.5) && near(m.f1, 0.5));
	ts_calib_metrics_get(c, 1, &m);
	CHECK_EQ_STR(m.category, "politeness");
	CHECK_EQ_INT(m.tp, 1);
	CHECK_EQ_INT(m.fp, 1);
	CHECK_EQ_INT(m.fn, 1);
	CHECK_EQ_INT(m.tn, 1);
	/* " 1 " is not a label value (the CSV reader trims; this did not) */
	CHECK_EQ_STR(warnings, "l.csv:7: label column 'empathy': ' 1 ' is not 1, 0 or empty "
	                       "(not scored; reported once per column)\n");
	ts_calib_free(c);
	ts_lexset_free(set);
}

static void test_all_empty_labels(void)
{
	ts_lexset *set = make_set();
	ts_calib_metrics m;
	const ts_calib_source *src;
	const ts_calib_example *ex;
	ts_calib *c;
	ts_error err;

	REQUIRE(set != NULL);
	c = make_calib(set, 5, 0, NULL, NULL, 0);
	REQUIRE(c != NULL);
	/* the politeness column is there, every cell empty; no empathy column */
	for (unsigned long row = 1; row <= 3; row++) {
		CHECK_EQ_INT(rec(c, row, NULL, ""), 0);
		CHECK_EQ_INT(res(c, row, "please", NULL, 0), 0);
	}
	REQUIRE(ts_calib_finish(c, &err) == TS_OK);
	CHECK_EQ_INT(ts_calib_labelled_messages(c), 0);
	REQUIRE(ts_calib_ncategories(c) == 1);
	ts_calib_metrics_get(c, 0, &m);
	CHECK_EQ_STR(m.category, "politeness");
	CHECK_EQ_INT(m.labelled, 0);
	CHECK_EQ_INT(m.support, 0);
	CHECK(m.precision == 0.0 && m.recall == 0.0 && m.f1 == 0.0);
	CHECK_EQ_INT(ts_calib_false_positives(c, 0, &src), 0);
	CHECK_EQ_INT(ts_calib_false_negatives(c, 0, &ex), 0);
	CHECK_EQ_STR(warnings, "");
	ts_calib_free(c);
	ts_lexset_free(set);
}

static void test_bad_values_once_per_column(void)
{
	ts_lexset *set = make_set();
	ts_calib_metrics m;
	ts_calib *c;
	ts_error err;
	char long_value[100];

	REQUIRE(set != NULL);
	memset(long_value, 'x', sizeof long_value - 1);
	long_value[sizeof long_value - 1] = '\0';
	c = make_calib(set, 5, 0, NULL, NULL, 0);
	REQUIRE(c != NULL);
	CHECK_EQ_INT(rec(c, 1, "yes", "1"), 0);
	CHECK_EQ_INT(rec(c, 2, "2", "1.0"), 0);
	CHECK_EQ_INT(rec(c, 3, "1", long_value), 0);
	CHECK_EQ_INT(rec(c, 4, "10", "0"), 0);
	for (unsigned long row = 1; row <= 4; row++)
		CHECK_EQ_INT(res(c, row, "text", NULL, 0), 0);
	REQUIRE(ts_calib_finish(c, &err) == TS_OK);
	CHECK_EQ_STR(warnings,
	             "l.csv:2: label column 'empathy': 'yes' is not 1, 0 or empty (not scored; "
	             "reported once per column)\n"
	             "l.csv:3: label column 'politeness': '1.0' is not 1, 0 or empty (not scored; "
	             "reported once per column)\n");
	/* only the good cells are scored: empathy row 3, politeness rows 1, 4 */
	ts_calib_metrics_get(c, 0, &m);
	CHECK_EQ_INT(m.labelled, 1);
	CHECK_EQ_INT(m.fn, 1);
	ts_calib_metrics_get(c, 1, &m);
	CHECK_EQ_INT(m.labelled, 2);
	CHECK_EQ_INT(m.fn, 1);
	CHECK_EQ_INT(m.tn, 1);
	ts_calib_free(c);

	/* a long bad value is shown cut to 40 bytes */
	c = make_calib(set, 5, 0, NULL, NULL, 0);
	REQUIRE(c != NULL);
	CHECK_EQ_INT(rec(c, 9, long_value, "1"), 0);
	CHECK(strstr(warnings, "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...' is not") != NULL);
	ts_calib_free(c);
	ts_lexset_free(set);
}

static void test_false_positive_sources(void)
{
	ts_lexset *set = make_set();
	unsigned e3, e4, p3;
	const ts_calib_source *src;
	ts_calib_metrics m;
	ts_calib *c;
	ts_error err;
	size_t n;

	REQUIRE(set != NULL);
	e3 = lx_entry_at(set, "empathy.txt", 3);
	e4 = lx_entry_at(set, "empathy.txt", 4);
	p3 = lx_entry_at(set, "politeness.txt", 3);
	REQUIRE(e3 != TS_NO_ENTRY && e4 != TS_NO_ENTRY && p3 != TS_NO_ENTRY);
	c = make_calib(set, 5, 0, NULL, NULL, 0);
	REQUIRE(c != NULL);
	for (unsigned long row = 1; row <= 5; row++)
		CHECK_EQ_INT(rec(c, row, "0", ""), 0);
	{
		/* row 1: e3 twice, a question detector finding, a negated e4, and
		 * a politeness finding (another category) */
		const char *t1 = "I understand, i understand. What happened? Not sorry to hear";
		ts_finding f1[5];
		/* row 2: e4; row 3: e4 and e3; row 4: only a detector; row 5
		 * predicted nothing (tn) */
		const char *t2 = "Sorry to hearing that";
		ts_finding f2 = fnd(0, e4, 0, 21, TS_DET_LEXICON, TS_COUNTED);
		const char *t3 = "Sorry to hear it. I understand";
		ts_finding f3[2];
		const char *t4 = "Which one?";
		ts_finding f4 = fnd(0, TS_NO_ENTRY, 0, 10, TS_DET_QUESTION, TS_COUNTED);

		f1[0] = fnd(0, e3, 0, 12, TS_DET_LEXICON, TS_COUNTED);
		f1[1] = fnd(1, p3, 0, 1, TS_DET_LEXICON, TS_COUNTED);
		f1[2] = fnd(0, e3, 14, 26, TS_DET_LEXICON, TS_COUNTED);
		f1[3] = fnd(0, TS_NO_ENTRY, 28, 42, TS_DET_QUESTION, TS_COUNTED);
		f1[4] = fnd(0, e4, 47, 60, TS_DET_LEXICON, TS_NEGATED);
		f3[0] = fnd(0, e4, 0, 16, TS_DET_LEXICON, TS_COUNTED);
		f3[1] = fnd(0, e3, 18, 30, TS_DET_LEXICON, TS_COUNTED);
		/* results out of input order: the examples are still the first
		 * rows, and the match is the one in the example */
		CHECK_EQ_INT(res(c, 3, t3, f3, 2), 0);
		CHECK_EQ_INT(res(c, 4, t4, &f4, 1), 0);
		CHECK_EQ_INT(res(c, 1, t1, f1, 5), 0);
		CHECK_EQ_INT(res(c, 2, t2, &f2, 1), 0);
		CHECK_EQ_INT(res(c, 5, "fine", NULL, 0), 0);
	}
	REQUIRE(ts_calib_finish(c, &err) == TS_OK);
	ts_calib_metrics_get(c, 0, &m);
	CHECK_EQ_INT(m.fp, 4);
	CHECK_EQ_INT(m.tn, 1);
	n = ts_calib_false_positives(c, 0, &src);
	REQUIRE(n == 3);
	/* e3: rows 1, 3 (twice in row 1 counts once); e4: rows 2, 3 (the
	 * negated one in row 1 does not count); question: rows 1, 4.  All
	 * fired in 2 messages: the first example first (row 1: e3 before the
	 * question by entry-before-detector), then row 2. */
	CHECK_EQ_INT(src[0].messages, 2);
	CHECK_EQ_INT(src[0].detector, TS_DET_LEXICON);
	CHECK_EQ_INT(src[0].entry, e3);
	CHECK_EQ_STR(src[0].file, "empathy.txt");
	CHECK_EQ_INT(src[0].line, 3);
	CHECK_EQ_STR(src[0].match.p, "I understand");
	CHECK_EQ_INT(src[0].example.row, 1);
	CHECK_EQ_STR(src[0].example.text.p,
	             "I understand, i understand. What happened? Not sorry to hear");
	CHECK_EQ_STR(src[0].example.conversation.p, "conv");
	CHECK_EQ_STR(src[0].example.seq.p, "10");
	CHECK_EQ_INT(src[1].messages, 2);
	CHECK_EQ_INT(src[1].detector, TS_DET_QUESTION);
	CHECK_EQ_INT(src[1].entry, TS_NO_ENTRY);
	CHECK(src[1].file == NULL);
	CHECK_EQ_STR(src[1].match.p, "What happened?");
	CHECK_EQ_INT(src[1].example.row, 1);
	CHECK_EQ_INT(src[2].messages, 2);
	CHECK_EQ_INT(src[2].entry, e4);
	CHECK_EQ_INT(src[2].line, 4);
	CHECK_EQ_STR(src[2].match.p, "Sorry to hearing that");
	CHECK_EQ_INT(src[2].example.row, 2);
	/* politeness had no label: no sources */
	ts_calib_free(c);

	/* most messages first, whatever came first */
	c = make_calib(set, 5, 0, NULL, NULL, 0);
	REQUIRE(c != NULL);
	for (unsigned long row = 1; row <= 4; row++)
		CHECK_EQ_INT(rec(c, row, "0", ""), 0);
	{
		ts_finding a = fnd(0, e3, 0, 12, TS_DET_LEXICON, TS_COUNTED);
		ts_finding b = fnd(0, e4, 0, 13, TS_DET_LEXICON, TS_COUNTED);
		CHECK_EQ_INT(res(c, 1, "I understand", &a, 1), 0);
		CHECK_EQ_INT(res(c, 2, "sorry to hear", &b, 1), 0);
		CHECK_EQ_INT(res(c, 3, "sorry to hear", &b, 1), 0);
		CHECK_EQ_INT(res(c, 4, "sorry to hear", &b, 1), 0);
	}
	REQUIRE(ts_calib_finish(c, &err) == TS_OK);
	n = ts_calib_false_positives(c, 0, &src);
	REQUIRE(n == 2);
	CHECK_EQ_INT(src[0].entry, e4);
	CHECK_EQ_INT(src[0].messages, 3);
	CHECK_EQ_INT(src[0].example.row, 2);
	CHECK_EQ_INT(src[1].entry, e3);
	CHECK_EQ_INT(src[1].messages, 1);
	ts_calib_free(c);
	ts_lexset_free(set);
}

static void test_false_negatives_in_input_order(void)
{
	static const unsigned long order[] = { 5, 3, 9, 7, 1, 8 };
	ts_lexset *set = make_set();
	const ts_calib_example *ex;
	ts_calib_metrics m;
	ts_calib *c;
	ts_error err;
	size_t n;

	REQUIRE(set != NULL);
	c = make_calib(set, 2, 0, NULL, NULL, 0);
	REQUIRE(c != NULL);
	for (unsigned long row = 1; row <= 9; row++)
		CHECK_EQ_INT(rec(c, row, row % 2 ? "1" : "", ""), 0);
	for (size_t i = 0; i < sizeof order / sizeof *order; i++) {
		char text[32];
		snprintf(text, sizeof text, "row %lu", order[i]);
		CHECK_EQ_INT(res(c, order[i], text, NULL, 0), 0);
	}
	REQUIRE(ts_calib_finish(c, &err) == TS_OK);
	ts_calib_metrics_get(c, 0, &m);
	CHECK_EQ_INT(m.fn, 5); /* rows 1 3 5 7 9; 8 had no label */
	n = ts_calib_false_negatives(c, 0, &ex);
	REQUIRE(n == 2);
	CHECK_EQ_INT(ex[0].row, 1);
	CHECK_EQ_STR(ex[0].text.p, "row 1");
	CHECK_EQ_INT(ex[1].row, 3);
	CHECK_EQ_STR(ex[1].text.p, "row 3");
	ts_calib_free(c);

	/* --examples 0: counted, none kept */
	c = make_calib(set, 0, 0, NULL, NULL, 0);
	REQUIRE(c != NULL);
	CHECK_EQ_INT(rec(c, 1, "1", ""), 0);
	CHECK_EQ_INT(res(c, 1, "x", NULL, 0), 0);
	REQUIRE(ts_calib_finish(c, &err) == TS_OK);
	ts_calib_metrics_get(c, 0, &m);
	CHECK_EQ_INT(m.fn, 1);
	CHECK_EQ_INT(ts_calib_false_negatives(c, 0, &ex), 0);
	ts_calib_free(c);
	ts_lexset_free(set);
}

static void test_example_text(void)
{
	ts_lexset *set = make_set();
	const ts_calib_example *ex;
	ts_calib *c;
	ts_error err;

	REQUIRE(set != NULL);
	/* "h\xc3\xa9llo   w\xc3\xb6rld": byte 10 starts the o-umlaut, byte 11
	 * is inside it: a cut at 10 or 11 keeps "h\xc3\xa9llo   w" (spaces
	 * collapse afterwards) */
	for (size_t limit = 10; limit <= 11; limit++) {
		c = make_calib(set, 5, limit, NULL, NULL, 0);
		REQUIRE(c != NULL);
		CHECK_EQ_INT(rec(c, 1, "1", ""), 0);
		CHECK_EQ_INT(res(c, 1, "h\xc3\xa9llo   w\xc3\xb6rld and more", NULL, 0), 0);
		REQUIRE(ts_calib_finish(c, &err) == TS_OK);
		REQUIRE(ts_calib_false_negatives(c, 0, &ex) == 1);
		CHECK_EQ_STR(ex[0].text.p, "h\xc3\xa9llo w...");
		CHECK_EQ_INT(ex[0].text.n, strlen("h\xc3\xa9llo w..."));
		ts_calib_free(c);
	}
	/* whitespace runs and ends; nothing cut, no "..." */
	c = make_calib(set, 5, 0, NULL, NULL, 0);
	REQUIRE(c != NULL);
	CHECK_EQ_INT(rec(c, 1, "1", ""), 0);
	CHECK_EQ_INT(res(c, 1, "\n  Hi\tthere,\r\n\r\n  Ann  ", NULL, 0), 0);
	REQUIRE(ts_calib_finish(c, &err) == TS_OK);
	REQUIRE(ts_calib_false_negatives(c, 0, &ex) == 1);
	CHECK_EQ_STR(ex[0].text.p, "Hi there, Ann");
	ts_calib_free(c);
	ts_lexset_free(set);
}

/* Example text goes through ts_pii_mask with the pii category's counted
 * findings, unless no_redact.  Checked against ts_pii_mask itself, so the
 * test holds for whichever masking detect.h's implementation does. */
static void test_redaction(void)
{
	static const char pii_lex[] = "@category pii\n@role any\n/\\d{4} \\d{4}/\n";
	static const char text[] = "My card is 4111 1111, call me";
	ts_lexset *set = lx_set(NULL, "empathy.txt", empathy_lex, "pii.txt", pii_lex, (char *)NULL);
	ts_error err;
	int pii;

	REQUIRE(set);
	pii = ts_lexset_category_index(set, "pii");
	REQUIRE(pii == 1);
	for (int no_redact = 0; no_redact <= 1; no_redact++) {
		ts_calib_options o;
		ts_calib *c = NULL;
		ts_message m;
		ts_message_result r;
		ts_str cells[2] = { { "1", 1 }, { NULL, 0 } };
		unsigned counts[2] = { 0, 1 };
		ts_finding f[2];
		const ts_calib_example *ex;
		ts_buf want;

		memset(&o, 0, sizeof o);
		o.lexicons = set;
		o.examples = 1;
		o.no_redact = no_redact;
		REQUIRE(ts_calib_new(&c, &o, &err) == TS_OK);
		memset(&m, 0, sizeof m);
		m.extra = cells;
		m.nextra = 2;
		m.row = 1;
		m.file = "l.csv";
		CHECK_EQ_INT(ts_calib_record(c, &m), 0);
		/* a counted pii finding on the number, a negated one on "call" */
		f[0] = fnd((unsigned)pii, TS_NO_ENTRY, 11, 20, TS_DET_PII, TS_COUNTED);
		f[1] = fnd((unsigned)pii, TS_NO_ENTRY, 22, 26, TS_DET_PII, TS_NEGATED);
		memset(&r, 0, sizeof r);
		r.row = 1;
		r.counts = counts;
		r.findings = f;
		r.nfindings = 2;
		r.text.p = text;
		r.text.n = strlen(text);
		CHECK_EQ_INT(ts_calib_result(c, &r), 0);
		REQUIRE(ts_calib_finish(c, &err) == TS_OK);
		REQUIRE(ts_calib_false_negatives(c, 0, &ex) == 1);
		ts_buf_init(&want, 0);
		if (no_redact)
			ts_buf_adds(&want, text);
		else
			CHECK_EQ_INT(ts_pii_mask(&want, text, 0, strlen(text), f, 2, pii), TS_OK);
		CHECK_EQ_STR(ex[0].text.p, want.p);
		ts_buf_release(&want);
		ts_calib_free(c);
	}
	ts_lexset_free(set);
}

static void test_finish_errors(void)
{
	static const char *const cols[] = { "polite" }, *const cats[] = { "politeness" };
	ts_lexset *set = make_set();
	ts_calib *c;
	ts_error err;

	REQUIRE(set != NULL);
	c = make_calib(set, 5, 0, NULL, NULL, 0);
	REQUIRE(c != NULL);
	CHECK_EQ_INT(ts_calib_finish(c, &err), TS_EINPUT);
	CHECK_EQ_STR(err.msg, "no messages to score");
	ts_calib_free(c);

	c = make_calib(set, 5, 0, NULL, NULL, 0);
	REQUIRE(c != NULL);
	CHECK_EQ_INT(rec(c, 1, NULL, NULL), 0);
	CHECK_EQ_INT(ts_calib_finish(c, &err), TS_EINPUT);
	CHECK_EQ_STR(err.file, "l.csv");
	CHECK_EQ_STR(err.msg, "no label columns (looked for empathy, politeness; "
	                      "use --label COLUMN=CATEGORY)");
	ts_calib_free(c);

	/* a mapped column the input does not have, although another is there */
	c = make_calib(set, 5, 0, cols, cats, 1);
	REQUIRE(c != NULL);
	CHECK_EQ_INT(rec(c, 1, "1", NULL), 0);
	CHECK_EQ_INT(ts_calib_finish(c, &err), TS_EINPUT);
	CHECK_EQ_STR(err.msg, "no column 'polite' for --label polite=politeness");
	ts_calib_free(c);
	ts_lexset_free(set);
}

/* Enough rows that the waiting labels are compacted several times while
 * results come back in blocks out of order. */
static void test_many_rows(void)
{
	enum { N = 5000, BLOCK = 700 };
	ts_lexset *set = make_set();
	unsigned p3;
	ts_calib_metrics m;
	ts_calib *c;
	ts_error err;
	unsigned long want_tp = 0, want_fp = 0, want_fn = 0, want_tn = 0;

	REQUIRE(set != NULL);
	p3 = lx_entry_at(set, "politeness.txt", 3);
	c = make_calib(set, 3, 0, NULL, NULL, 0);
	REQUIRE(c != NULL);
	for (unsigned long start = 1; start <= N; start += BLOCK) {
		unsigned long end = start + BLOCK - 1 > N ? N : start + BLOCK - 1;
		for (unsigned long row = start; row <= end; row++)
			CHECK_EQ_INT(rec(c, row, "", row % 3 == 0 ? "" : row % 2 ? "1" : "0"), 0);
		/* this block's results backwards */
		for (unsigned long row = end; row >= start; row--) {
			ts_finding f = fnd(1, p3, 0, 6, TS_DET_LEXICON, TS_COUNTED);
			int pred = row % 5 == 0, lab = row % 2 == 1;
			CHECK_EQ_INT(res(c, row, "please", &f, pred ? 1 : 0), 0);
			if (row % 3 == 0)
				continue;
			want_tp += lab && pred;
			want_fp += !lab && pred;
			want_fn += lab && !pred;
			want_tn += !lab && !pred;
		}
	}
	REQUIRE(ts_calib_finish(c, &err) == TS_OK);
	REQUIRE(ts_calib_ncategories(c) == 2);
	ts_calib_metrics_get(c, 1, &m);
	CHECK_EQ_INT(m.tp, want_tp);
	CHECK_EQ_INT(m.fp, want_fp);
	CHECK_EQ_INT(m.fn, want_fn);
	CHECK_EQ_INT(m.tn, want_tn);
	CHECK_EQ_INT(m.labelled, N - N / 3);
	ts_calib_free(c);
	ts_lexset_free(set);
}

/* Through the scanner: the record tap, the CSV reader's extra columns,
 * real matching, a rejected record. */
static void test_through_scanner(void)
{
	static const char csv[] =
		"conversation_id,seq,role,text,Empathy,polite\n"
		"c1,0,customer,I need help please,,1\n"
		"c1,1,agent,I understand. Please wait.,1,1\n"
		"c1,2,agent,Thank you for waiting,0,1\n"
		"c2,0,agent,I understand,0,0\n"
		"c2,1,agent,,1,1\n"
		"c2,2,agent,Sorry to hear that,1,\n";
	static const char *const cols[] = { "polite" }, *const cats[] = { "politeness" };
	ts_lexset *set = make_set();
	ts_scan_options opt;
	ts_scan_counts counts;
	ts_scanner *s = NULL;
	ts_source *src = NULL;
	const ts_calib_source *fp;
	ts_calib_metrics m;
	ts_calib *c;
	ts_error err;
	const char *const *names;
	size_t n;

	REQUIRE(set != NULL);
	c = make_calib(set, 5, 0, cols, cats, 1);
	REQUIRE(c != NULL);
	names = ts_calib_columns(c, &n);
	memset(&opt, 0, sizeof opt);
	opt.lexicons = set;
	opt.csv.extra_columns = names;
	opt.csv.nextra = n;
	REQUIRE(ts_scanner_new(&s, &opt, &err) == TS_OK);
	ts_scanner_on_record(s, ts_calib_record, c);
	ts_scanner_on_message(s, ts_calib_result, c);
	REQUIRE(ts_source_open_mem(&src, "mem.csv", csv, sizeof csv - 1, &err) == TS_OK);
	CHECK_EQ_INT(ts_scanner_scan(s, src, &err), TS_EINPUT); /* the empty text */
	CHECK_EQ_INT(ts_scanner_finish(s, &err), TS_OK);
	ts_scanner_counts(s, &counts);
	CHECK_EQ_INT(counts.records, 6);
	CHECK_EQ_INT(counts.analysed, 5);
	CHECK_EQ_INT(counts.rejected, 1);
	REQUIRE(ts_calib_finish(c, &err) == TS_OK);
	CHECK_EQ_INT(ts_calib_labelled_messages(c), 5);
	REQUIRE(ts_calib_ncategories(c) == 2);
	/* empathy (header "Empathy"): rows 2 and 6 found, row 3 rightly not,
	 * row 4 wrongly: P 2/3, R 1, F1 .8 */
	ts_calib_metrics_get(c, 0, &m);
	CHECK_EQ_INT(m.tp, 2);
	CHECK_EQ_INT(m.fp, 1);
	CHECK_EQ_INT(m.fn, 0);
	CHECK_EQ_INT(m.tn, 1);
	CHECK(near(m.f1, 0.8));
	REQUIRE(ts_calib_false_positives(c, 0, &fp) == 1);
	CHECK_EQ_STR(fp[0].file, "empathy.txt");
	CHECK_EQ_INT(fp[0].line, 3);
	CHECK_EQ_STR(fp[0].match.p, "I understand");
	CHECK_EQ_INT(fp[0].example.row, 4);
	CHECK_EQ_STR(fp[0].example.conversation.p, "c2");
	CHECK_EQ_STR(fp[0].example.seq.p, "0");
	/* politeness from "polite": customer row 1 counts too (role any) */
	ts_calib_metrics_get(c, 1, &m);
	CHECK_EQ_STR(m.column, "polite");
	CHECK_EQ_INT(m.tp, 3);
	CHECK_EQ_INT(m.fp, 0);
	CHECK_EQ_INT(m.fn, 0);
	CHECK_EQ_INT(m.tn, 1);
	ts_source_free(src);
	ts_scanner_free(s);
	ts_calib_free(c);
	ts_lexset_free(set);
}

int main(void)
{
	TS_RUN(test_metric_arithmetic);
	TS_RUN(test_columns_and_maps);
	TS_RUN(test_confusion_counts);
	TS_RUN(test_all_empty_labels);
	TS_RUN(test_bad_values_once_per_column);
	TS_RUN(test_false_positive_sources);
	TS_RUN(test_false_negatives_in_input_order);
	TS_RUN(test_example_text);
	TS_RUN(test_redaction);
	TS_RUN(test_finish_errors);
	TS_RUN(test_many_rows);
	TS_RUN(test_through_scanner);
	TS_TEST_MAIN_END();
}
