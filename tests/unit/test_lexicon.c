/*
 * test_lexicon.c - lexicon files: the line format, options, every problem
 * with its exact file:line:col, categories and their order, directories
 * and overrides, and the set hash.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lexicon.h"
#include "test.h"
#include "traitscan.h"

#define MAXP 32

struct probs {
	int n;
	char v[MAXP][1200];
};

static int collect(void *ud, const ts_error *e)
{
	struct probs *p = ud;
	if (p->n < MAXP)
		snprintf(p->v[p->n++], sizeof p->v[0], "%s:%lu:%lu: %s: %s", e->file, e->line, e->col,
		         e->code ? "error" : "warning", e->msg);
	return 0;
}

/* Compiles one file from memory; returns the compile status. */
static int compile1(ts_lexset **set, const char *name, const char *text, struct probs *p)
{
	ts_error err;
	memset(p, 0, sizeof *p);
	if (ts_lexset_new(set) != TS_OK)
		return -100;
	if (ts_lexset_add_mem(*set, name, text, strlen(text), &err) != TS_OK)
		return -101;
	return ts_lexset_compile(*set, collect, p, &err);
}

/* The single problem a one-file lexicon reports. */
static const char *one_problem(const char *text, int *rc)
{
	static struct probs p;
	ts_lexset *set = NULL;
	*rc = compile1(&set, "t.txt", text, &p);
	ts_lexset_free(set);
	if (p.n != 1) {
		printf("  got %d problems:\n", p.n);
		for (int i = 0; i < p.n; i++)
			printf("    %s\n", p.v[i]);
		return "(not exactly one problem)";
	}
	return p.v[0];
}

static void test_parse_good_file(void)
{
	struct probs p;
	ts_lexset *set = NULL;
	const ts_lexentry *e;
	const char *file;
	unsigned long line;
	int rc = compile1(&set, "empathy.txt",
	                  "# Empathy phrases\n"
	                  "@description the agent acknowledges feelings\n"
	                  "@weight 2\n"
	                  "\n"
	                  "  # indented comment\n"
	                  "I'm sorry to hear\n"
	                  "that must be frustrat*\tweight=1.5 role=agent negate=no\n"
	                  "/\\border #?\\d{5,}/\trole=customer\n"
	                  "understand\t  weight=0.25  \r\n"
	                  "@role agent\n",
	                  &p);
	CHECK_EQ_INT(rc, TS_OK);
	CHECK_EQ_INT(p.n, 0);
	REQUIRE(ts_lexset_ncategories(set) == 1);
	CHECK_EQ_STR(ts_lexset_category(set, 0), "empathy");
	CHECK(ts_lexset_category(set, 1) == NULL);
	CHECK_EQ_STR(ts_lexset_category_description(set, 0), "the agent acknowledges feelings");
	REQUIRE(ts_lexset_nentries(set) == 4);
	/* directives apply to the whole file, options override them */
	e = ts_lexset_entry(set, 0);
	CHECK(e->kind == TS_ENTRY_PHRASE);
	CHECK(e->weight == 2.0);
	CHECK_EQ_INT(e->role, TS_ROLE_AGENT);
	CHECK_EQ_INT(e->negate, 1);
	CHECK_EQ_INT(e->nwords, 4);
	e = ts_lexset_entry(set, 1);
	CHECK(e->kind == TS_ENTRY_STEM);
	CHECK(e->weight == 1.5);
	CHECK_EQ_INT(e->negate, 0);
	CHECK_EQ_INT(e->nwords, 4);
	e = ts_lexset_entry(set, 2);
	CHECK(e->kind == TS_ENTRY_REGEX);
	CHECK_EQ_INT(e->role, TS_ROLE_CUSTOMER);
	e = ts_lexset_entry(set, 3);
	CHECK(e->weight == 0.25);
	CHECK(ts_lexset_entry(set, 4) == NULL);
	ts_lexset_entry_origin(set, 1, &file, &line);
	CHECK_EQ_STR(file, "empathy.txt");
	CHECK_EQ_INT(line, 7);
	ts_lexset_entry_origin(set, 3, &file, &line);
	CHECK_EQ_INT(line, 9);
	ts_lexset_entry_origin(set, 99, &file, &line);
	CHECK(file == NULL);
	CHECK_EQ_INT(line, 0);
	ts_lexset_free(set);
}

/* Negative weights (valences in mood.txt): the sign is kept, "-0" is 0,
 * the bounds are inclusive. */
static void test_negative_weights(void)
{
	struct probs p;
	ts_lexset *set = NULL;
	int rc = compile1(&set, "mood.txt",
	                  "@weight -2.5\n"
	                  "furious\n"
	                  "thanks\tweight=+1.5\n"
	                  "meh\tweight=-0\n"
	                  "useless\tweight=-1000000\n"
	                  "perfect\tweight=1000000\n"
	                  "annoyed\tweight=-0.75\n",
	                  &p);

	CHECK_EQ_INT(rc, TS_OK);
	CHECK_EQ_INT(p.n, 0);
	REQUIRE(ts_lexset_nentries(set) == 6);
	CHECK(ts_lexset_entry(set, 0)->weight == -2.5);
	CHECK(ts_lexset_entry(set, 1)->weight == 1.5);
	CHECK(ts_lexset_entry(set, 2)->weight == 0.0);
	CHECK(!signbit(ts_lexset_entry(set, 2)->weight));
	CHECK(ts_lexset_entry(set, 3)->weight == -1e6);
	CHECK(ts_lexset_entry(set, 4)->weight == 1e6);
	CHECK(ts_lexset_entry(set, 5)->weight == -0.75);
	ts_lexset_free(set);
}

static void test_directive_errors(void)
{
	int rc;
	CHECK_EQ_STR(one_problem("@colour red\nsorry\n", &rc),
	             "t.txt:1:1: error: unknown directive '@colour'");
	CHECK_EQ_INT(rc, TS_ELEXICON);
	CHECK_EQ_STR(one_problem("sorry\n  @category Bad-Name\n", &rc),
	             "t.txt:2:13: error: invalid category name 'Bad-Name' (use a-z, 0-9 and _)");
	CHECK_EQ_STR(one_problem("@category\nsorry\n", &rc),
	             "t.txt:1:1: error: missing category name after @category");
	CHECK_EQ_STR(one_problem("@category a\nsorry\n@category b\n", &rc),
	             "t.txt:3:1: error: duplicate @category (first on line 1)");
	CHECK_EQ_STR(one_problem("@role boss\nsorry\n", &rc),
	             "t.txt:1:7: error: invalid @role 'boss' (expected agent, customer or any)");
	CHECK_EQ_STR(one_problem("@weight -1000001\nsorry\n", &rc),
	             "t.txt:1:9: error: invalid @weight '-1000001' (expected a number from -1000000 to 1000000)");
	CHECK_EQ_STR(one_problem("@weight 1000000.5\nsorry\n", &rc),
	             "t.txt:1:9: error: invalid @weight '1000000.5' (expected a number from -1000000 to 1000000)");
	CHECK_EQ_STR(one_problem("@weight 1.5x\nsorry\n", &rc),
	             "t.txt:1:9: error: invalid @weight '1.5x' (expected a number from -1000000 to 1000000)");
	CHECK_EQ_STR(one_problem("@weight --1\nsorry\n", &rc),
	             "t.txt:1:9: error: invalid @weight '--1' (expected a number from -1000000 to 1000000)");
	CHECK_EQ_STR(one_problem("@weight -\nsorry\n", &rc),
	             "t.txt:1:9: error: invalid @weight '-' (expected a number from -1000000 to 1000000)");
	CHECK_EQ_STR(one_problem("@weight - 1\nsorry\n", &rc),
	             "t.txt:1:9: error: invalid @weight '- 1' (expected a number from -1000000 to 1000000)");
	CHECK_EQ_STR(one_problem("@negate maybe\nsorry\n", &rc),
	             "t.txt:1:9: error: invalid @negate 'maybe' (expected yes or no)");
	CHECK_EQ_INT(rc, TS_ELEXICON);
}

static void test_option_errors(void)
{
	int rc;
	CHECK_EQ_STR(one_problem("sorry\tweight=2 colour=red\n", &rc),
	             "t.txt:1:16: error: unknown option 'colour'");
	CHECK_EQ_INT(rc, TS_ELEXICON);
	CHECK_EQ_STR(one_problem("sorry\tweight=abc\n", &rc),
	             "t.txt:1:7: error: bad value 'abc' for option 'weight' (expected a number from -1000000 to 1000000)");
	CHECK_EQ_STR(one_problem("sorry\tweight=-1e3\n", &rc),
	             "t.txt:1:7: error: bad value '-1e3' for option 'weight' (expected a number from -1000000 to 1000000)");
	CHECK_EQ_STR(one_problem("sorry\tweight=+-2\n", &rc),
	             "t.txt:1:7: error: bad value '+-2' for option 'weight' (expected a number from -1000000 to 1000000)");
	CHECK_EQ_STR(one_problem("we apologise\trole=manager\n", &rc),
	             "t.txt:1:14: error: bad value 'manager' for option 'role' (expected agent, customer or any)");
	CHECK_EQ_STR(one_problem("sorry\tnegate=1\n", &rc),
	             "t.txt:1:7: error: bad value '1' for option 'negate' (expected yes or no)");
	CHECK_EQ_STR(one_problem("sorry\tloud\n", &rc),
	             "t.txt:1:7: error: bad option 'loud' (expected name=value)");
	CHECK_EQ_STR(one_problem("sorry\tweight=1 weight=2\n", &rc),
	             "t.txt:1:16: error: duplicate option 'weight'");
	CHECK_EQ_STR(one_problem("\tweight=2\n", &rc),
	             "t.txt:1:1: error: missing entry text before the options");
	/* need= words: regex entries only, word characters, at most 16 */
	CHECK_EQ_STR(one_problem("sorry\tneed=sorry\n", &rc),
	             "t.txt:1:1: error: option 'need' applies to /regex/ entries only");
	CHECK_EQ_STR(one_problem("/sorr(y|ies)/\tneed=sorry||sorries\n", &rc),
	             "t.txt:1:15: error: bad value 'sorry||sorries' for option 'need' (expected up to 128 words separated by |)");
	CHECK_EQ_STR(one_problem("/sorry/\tneed=so rry\n", &rc),
	             "t.txt:1:17: error: bad option 'rry' (expected name=value)");
	CHECK_EQ_STR(one_problem("/sorry/\tneed=sorry,\n", &rc),
	             "t.txt:1:9: error: bad value 'sorry,' for option 'need' (expected up to 128 words separated by |)");
	CHECK_EQ_STR(one_problem("/sorry/\tneed='sorry\n", &rc),
	             "t.txt:1:9: error: bad value ''sorry' for option 'need' (expected up to 128 words separated by |)");
	{
		/* 129 words: one too many */
		char line[1200], want[1400], words[1100];
		size_t k = 0;
		for (int i = 0; i < TS_REGEX_NEED + 1; i++)
			k += (size_t)snprintf(words + k, sizeof words - k, "%sw%d", i ? "|" : "", i);
		snprintf(line, sizeof line, "/x/\tneed=%s\n", words);
		const char *got;
		snprintf(want, sizeof want, "' for option 'need' (expected up to %d words "
		         "separated by |)", TS_REGEX_NEED);
		got = one_problem(line, &rc);
		/* the value is quoted cut to its first bytes */
		CHECK(strncmp(got, "t.txt:1:5: error: bad value 'w0|w1|w2|", 38) == 0);
		CHECK(strlen(got) > strlen(want) &&
		      strcmp(got + strlen(got) - strlen(want), want) == 0);
		/* 128 words are fine */
		words[strlen(words) - strlen("|w128")] = '\0';
		snprintf(line, sizeof line, "/x/\tneed=%s\n", words);
		{
			struct probs q;
			ts_lexset *set = NULL;
			CHECK_EQ_INT(compile1(&set, "t.txt", line, &q), TS_OK);
			CHECK_EQ_INT(q.n, 0);
			ts_lexset_free(set);
		}
	}
	CHECK_EQ_STR(one_problem("/x/\tneed=a need=b\n", &rc),
	             "t.txt:1:12: error: duplicate option 'need'");
}

static void test_entry_errors(void)
{
	int rc;
	char many[256] = "";
	ts_lexset *set = NULL;
	struct probs p;

	CHECK_EQ_STR(one_problem("sorry\n/(abc/\n", &rc),
	             "t.txt:2:6: error: invalid regex: missing closing parenthesis");
	CHECK_EQ_INT(rc, TS_ELEXICON);
	/* the column counts the entry's own indentation too */
	CHECK_EQ_STR(one_problem("  /a{2,1}/\n", &rc),
	             "t.txt:1:9: error: invalid regex: numbers out of order in {} quantifier");
	CHECK_EQ_STR(one_problem("/abc/i\n", &rc),
	             "t.txt:1:1: error: a /regex/ entry must end with '/' (flags are not supported)");
	CHECK_EQ_STR(one_problem("ok\n//\n", &rc), "t.txt:2:1: error: empty /regex/");
	CHECK_EQ_STR(one_problem("so* sorry\n", &rc),
	             "t.txt:1:3: error: '*' is only allowed at the end of the last word (a stem)");
	CHECK_EQ_STR(one_problem("so sorry *\n", &rc),
	             "t.txt:1:10: error: '*' must directly follow the last word");
	CHECK_EQ_STR(one_problem("???\n", &rc), "t.txt:1:1: error: entry has no words");
	for (int i = 0; i < 13; i++)
		strcat(many, "word ");
	strcat(many, "\n");
	CHECK_EQ_STR(one_problem(many, &rc), "t.txt:1:1: error: phrase has 13 words (at most 12)");
	/* twelve words are fine */
	many[strlen(many) - 6] = '\n';
	many[strlen(many) - 5] = '\0';
	CHECK_EQ_INT(compile1(&set, "t.txt", many, &p), TS_OK);
	CHECK_EQ_INT(ts_lexset_nentries(set), 1);
	ts_lexset_free(set);
}

static void test_warnings(void)
{
	int rc;
	struct probs p;
	ts_lexset *set = NULL;

	CHECK_EQ_STR(one_problem("anything else?\n", &rc),
	             "t.txt:1:14: warning: punctuation '?' is ignored in phrase entries (use /regex/)");
	CHECK_EQ_INT(rc, TS_OK);
	CHECK_EQ_STR(one_problem("sorry \xe2\x80\x94 really\n", &rc),
	             "t.txt:1:7: warning: punctuation '\xe2\x80\x94' is ignored in phrase entries (use /regex/)");
	/* an inner hyphen, inner apostrophes and spaces are fine */
	CHECK_EQ_INT(compile1(&set, "t.txt", "follow-up\ndon't\ndon\xe2\x80\x99t worry\n", &p), TS_OK);
	CHECK_EQ_INT(p.n, 0);
	ts_lexset_free(set);
	CHECK_EQ_STR(one_problem("sorry\n# x\nthanks\nSorry\n", &rc),
	             "t.txt:4:1: warning: duplicate entry (first on line 1)");
	CHECK_EQ_INT(rc, TS_OK);
	CHECK_EQ_STR(one_problem("", &rc), "t.txt:0:0: warning: no entries in lexicon file");
	CHECK_EQ_INT(rc, TS_OK);
	CHECK_EQ_STR(one_problem("# only\n@weight 2\n\n", &rc),
	             "t.txt:0:0: warning: no entries in lexicon file");
}

static void test_problems_all_reported(void)
{
	struct probs p;
	ts_lexset *set = NULL;
	int rc = compile1(&set, "t.txt",
	                  "good one\n"
	                  "@bogus\n"
	                  "bad\tx=1\n"
	                  "/(/\n"
	                  "more?\n"
	                  "also good\n",
	                  &p);
	CHECK_EQ_INT(rc, TS_ELEXICON);
	REQUIRE(p.n == 4);
	CHECK_EQ_STR(p.v[0], "t.txt:2:1: error: unknown directive '@bogus'");
	CHECK_EQ_STR(p.v[1], "t.txt:3:5: error: unknown option 'x'");
	CHECK_EQ_STR(p.v[2], "t.txt:4:3: error: invalid regex: missing closing parenthesis");
	CHECK_EQ_STR(p.v[3], "t.txt:5:5: warning: punctuation '?' is ignored in phrase entries (use /regex/)");
	/* the good entries are still there */
	CHECK_EQ_INT(ts_lexset_nentries(set), 3);
	ts_lexset_free(set);
}

static void test_problems_in_line_order(void)
{
	struct probs p;
	ts_lexset *set = NULL;
	int rc = compile1(&set, "t.txt", "sorry\nsorry\n@oops\n", &p);
	CHECK_EQ_INT(rc, TS_ELEXICON);
	REQUIRE(p.n == 2);
	/* the duplicate is found after the file is read, yet reported first */
	CHECK_EQ_STR(p.v[0], "t.txt:2:1: warning: duplicate entry (first on line 1)");
	CHECK_EQ_STR(p.v[1], "t.txt:3:1: error: unknown directive '@oops'");
	ts_lexset_free(set);
}

static int stop_first(void *ud, const ts_error *e)
{
	(void)e;
	++*(int *)ud;
	return 1;
}

static void test_callback_stops(void)
{
	ts_lexset *set = NULL;
	ts_error err;
	int calls = 0;
	const char *text = "@a\n@b\n@c\n";

	REQUIRE(ts_lexset_new(&set) == TS_OK);
	REQUIRE(ts_lexset_add_mem(set, "x.txt", text, strlen(text), &err) == TS_OK);
	CHECK_EQ_INT(ts_lexset_compile(set, stop_first, &calls, &err), TS_ESTOP);
	CHECK_EQ_INT(calls, 1);
	CHECK_EQ_INT(ts_lexset_nentries(set), 0);
	ts_lexset_free(set);
}

static void add(ts_lexset *set, const char *name, const char *text)
{
	ts_error err;
	CHECK_EQ_INT(ts_lexset_add_mem(set, name, text, strlen(text), &err), TS_OK);
}

static void test_category_order_and_merge(void)
{
	ts_lexset *set = NULL;
	ts_error err;
	struct probs p = {0};
	const char *want[] = {"empathy", "clarifying", "jargon", "politeness", "alpha", "my_words", "zeta"};

	REQUIRE(ts_lexset_new(&set) == TS_OK);
	add(set, "zeta.txt", "z\n");
	add(set, "politeness.txt", "please\n");
	add(set, "alpha.lex", "a\n");
	add(set, "jargon.txt", "escalate\n");
	add(set, "empathy.txt", "sorry\n");
	add(set, "My-Words.txt", "mine\n");
	add(set, "questions.txt", "@category clarifying\ncould you\n");
	add(set, "more_empathy.txt", "@category empathy\nI understand\nsorry\n");
	add(set, "unused.txt", "# nothing\n");
	CHECK_EQ_INT(ts_lexset_compile(set, collect, &p, &err), TS_OK);
	REQUIRE(ts_lexset_ncategories(set) == 7);
	for (size_t i = 0; i < 7; i++)
		CHECK_EQ_STR(ts_lexset_category(set, i), want[i]);
	/* the repeated "sorry" is across files; problems come in file order */
	REQUIRE(p.n == 2);
	CHECK_EQ_STR(p.v[0], "more_empathy.txt:3:1: warning: duplicate entry (first at empathy.txt:1)");
	CHECK_EQ_STR(p.v[1], "unused.txt:0:0: warning: no entries in lexicon file");
	CHECK_EQ_INT(ts_lexset_nentries(set), 8);
	/* same name replaces; compile again is allowed */
	add(set, "zeta.txt", "@category empathy\nzzz\n");
	CHECK_EQ_INT(ts_lexset_compile(set, NULL, NULL, &err), TS_OK);
	CHECK_EQ_INT(ts_lexset_ncategories(set), 6);
	CHECK_EQ_STR(ts_lexset_category(set, 5), "my_words");
	ts_lexset_free(set);
}

static void test_hash(void)
{
	ts_lexset *a = NULL, *b = NULL, *c = NULL;
	const char *h;

	REQUIRE(ts_lexset_new(&a) == TS_OK && ts_lexset_new(&b) == TS_OK && ts_lexset_new(&c) == TS_OK);
	add(a, "one.txt", "sorry\n");
	add(a, "two.txt", "please\n");
	/* other order and directory: same effective files, same hash */
	add(b, "dir/two.txt", "please\n");
	add(b, "one.txt", "sorry\n");
	h = ts_lexset_hash(a);
	CHECK_EQ_INT(strlen(h), 16);
	CHECK(strspn(h, "0123456789abcdef") == 16);
	CHECK_EQ_STR(ts_lexset_hash(a), ts_lexset_hash(b));
	/* one byte differs */
	add(c, "one.txt", "sorrz\n");
	add(c, "two.txt", "please\n");
	CHECK(strcmp(ts_lexset_hash(a), ts_lexset_hash(c)) != 0);
	/* a renamed file differs too, and bytes do not leak across files */
	ts_lexset_free(c);
	REQUIRE(ts_lexset_new(&c) == TS_OK);
	add(c, "one.txt", "sorry\nplease\n");
	add(c, "two.txt", "");
	CHECK(strcmp(ts_lexset_hash(a), ts_lexset_hash(c)) != 0);
	/* the value is fixed: FNV-1a as documented in lexicon.c */
	ts_lexset_free(c);
	REQUIRE(ts_lexset_new(&c) == TS_OK);
	CHECK_EQ_STR(ts_lexset_hash(c), "af63c74c8601c8dd");
	add(c, "a.txt", "x");
	CHECK_EQ_STR(ts_lexset_hash(c), "897a38a00340a6cf");
	ts_lexset_free(a);
	ts_lexset_free(b);
	ts_lexset_free(c);
}

static int write_file(const char *dir, const char *name, const char *text)
{
	char path[1024];
	FILE *f;
	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f)
		return -1;
	fputs(text, f);
	return fclose(f);
}

static void test_dirs_and_override(void)
{
	char d1[] = "/tmp/ts_lexA_XXXXXX", d2[] = "/tmp/ts_lexB_XXXXXX", sub[1200], path[1100];
	ts_lexset *set = NULL;
	ts_error err;
	struct probs p = {0};
	const char *file;
	unsigned long line;
	char hash_before[17];

	REQUIRE(mkdtemp(d1) && mkdtemp(d2));
	REQUIRE(write_file(d1, "empathy.txt", "sorry\nI understand\n") == 0);
	REQUIRE(write_file(d1, "politeness.lex", "please\n") == 0);
	REQUIRE(write_file(d1, "notes.md", "not a lexicon\n") == 0);
	REQUIRE(write_file(d1, ".hidden.txt", "ignored\n") == 0);
	snprintf(sub, sizeof sub, "%s/sub.txt", d1);
	CHECK(mkdir(sub, 0700) == 0); /* a directory named like a lexicon is skipped */
	REQUIRE(write_file(d2, "empathy.txt", "# mine\n@category empathy\nso sorry\n") == 0);
	REQUIRE(write_file(d2, "extra.txt", "@category ownership\nI will\n") == 0);

	REQUIRE(ts_lexset_new(&set) == TS_OK);
	CHECK_EQ_INT(ts_lexset_add_dir(set, d1, &err), TS_OK);
	snprintf(hash_before, sizeof hash_before, "%s", ts_lexset_hash(set));
	CHECK_EQ_INT(ts_lexset_add_dir(set, d2, &err), TS_OK);
	CHECK(strcmp(hash_before, ts_lexset_hash(set)) != 0);
	CHECK_EQ_INT(ts_lexset_compile(set, collect, &p, &err), TS_OK);
	CHECK_EQ_INT(p.n, 0);
	REQUIRE(ts_lexset_ncategories(set) == 3);
	CHECK_EQ_STR(ts_lexset_category(set, 0), "empathy");
	CHECK_EQ_STR(ts_lexset_category(set, 1), "politeness");
	CHECK_EQ_STR(ts_lexset_category(set, 2), "ownership");
	/* d2's empathy.txt replaced d1's: one entry (on d2's line 3); an
	 * origin is named by the file name alone */
	CHECK_EQ_INT(ts_lexset_nentries(set), 3);
	ts_lexset_entry_origin(set, 0, &file, &line);
	CHECK_EQ_STR(file, "empathy.txt");
	CHECK_EQ_INT(line, 3);
	ts_lexset_free(set);

	/* problems name the file as path joined to the directory given */
	REQUIRE(write_file(d2, "bad.txt", "oops\tcolour=red\n") == 0);
	REQUIRE(ts_lexset_new(&set) == TS_OK);
	CHECK_EQ_INT(ts_lexset_add_dir(set, d2, &err), TS_OK);
	memset(&p, 0, sizeof p);
	CHECK_EQ_INT(ts_lexset_compile(set, collect, &p, &err), TS_ELEXICON);
	snprintf(path, sizeof path, "%s/bad.txt:1:6: error: unknown option 'colour'", d2);
	REQUIRE(p.n == 1);
	CHECK_EQ_STR(p.v[0], path);
	ts_lexset_free(set);

	/* an empty directory adds nothing */
	snprintf(path, sizeof path, "%s/empty", d1);
	REQUIRE(mkdir(path, 0700) == 0);
	REQUIRE(ts_lexset_new(&set) == TS_OK);
	CHECK_EQ_INT(ts_lexset_add_dir(set, path, &err), TS_OK);
	CHECK_EQ_INT(ts_lexset_compile(set, NULL, NULL, &err), TS_OK);
	CHECK_EQ_INT(ts_lexset_ncategories(set), 0);
	CHECK_EQ_STR(ts_lexset_hash(set), "af63c74c8601c8dd");
	ts_lexset_free(set);

	/* a missing directory */
	REQUIRE(ts_lexset_new(&set) == TS_OK);
	snprintf(path, sizeof path, "%s/nope", d1);
	CHECK_EQ_INT(ts_lexset_add_dir(set, path, &err), TS_EIO);
	snprintf(sub, sizeof sub, "cannot open lexicon directory '%s': No such file or directory", path);
	CHECK_EQ_STR(err.msg, sub);
	ts_lexset_free(set);

	snprintf(path, sizeof path, "rm -rf '%s' '%s'", d1, d2);
	CHECK(system(path) == 0);
}

static void test_too_big(void)
{
	ts_lexset *set = NULL;
	ts_error err;
	REQUIRE(ts_lexset_new(&set) == TS_OK);
	/* the size is checked before the bytes are read */
	CHECK_EQ_INT(ts_lexset_add_mem(set, "big.txt", "", TS_MAX_LEXICON_FILE + 1, &err), TS_ELEXICON);
	CHECK_EQ_INT(ts_lexset_add_mem(set, NULL, "", 0, &err), TS_EUSAGE);
	ts_lexset_free(set);
}

int main(void)
{
	TS_RUN(test_parse_good_file);
	TS_RUN(test_negative_weights);
	TS_RUN(test_directive_errors);
	TS_RUN(test_option_errors);
	TS_RUN(test_entry_errors);
	TS_RUN(test_warnings);
	TS_RUN(test_problems_all_reported);
	TS_RUN(test_problems_in_line_order);
	TS_RUN(test_callback_stops);
	TS_RUN(test_category_order_and_merge);
	TS_RUN(test_hash);
	TS_RUN(test_dirs_and_override);
	TS_RUN(test_too_big);
	TS_TEST_MAIN_END();
}
