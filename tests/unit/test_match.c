/*
 * test_match.c - matching messages against compiled lexicons: phrases
 * (case, apostrophes, separators, word boundaries), stems, regexes and
 * their byte gate and limits, invalid UTF-8, overlaps, roles, order, and a
 * randomised comparison with a naive matcher over 10,000 entries.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lexicon.h"
#include "lexset_fixture.h"
#include "test.h"
#include "tokenize.h"
#include "traitscan.h"

/* Findings as "category:start-end" joined by spaces. */
static const char *run_n(ts_matcher *m, const ts_lexset *set, ts_role role, const char *text,
                         size_t n)
{
	static char out[8192];
	const ts_finding *f;
	size_t nf, words, o = 0;

	out[0] = '\0';
	if (ts_matcher_run(m, role, text, n, &f, &nf, &words) != TS_OK)
		return "(error)";
	for (size_t i = 0; i < nf && o < sizeof out - 100; i++)
		o += (size_t)snprintf(out + o, sizeof out - o, "%s%s:%zu-%zu", i ? " " : "",
		                      ts_lexset_category(set, f[i].category), f[i].start, f[i].end);
	return out;
}

static const char *run(ts_matcher *m, const ts_lexset *set, ts_role role, const char *text)
{
	return run_n(m, set, role, text, strlen(text));
}

#define A TS_ROLE_AGENT

static void test_phrases_case_and_spacing(void)
{
	ts_lexset *set = lx_set(NULL, "e.txt", "so sorry to hear\nthank you\n", (char *)NULL);
	ts_matcher *m = NULL;

	REQUIRE(set);
	REQUIRE(ts_matcher_new(&m, set) == TS_OK);
	CHECK_EQ_STR(run(m, set, A, "I am SO  sorry\n\nto \t hear that"), "e:5-25");
	CHECK_EQ_STR(run(m, set, A, "Thank You!"), "e:0-9");
	CHECK_EQ_STR(run(m, set, A, "THANK\r\nYOU"), "e:0-10");
	/* punctuation between words does not break a phrase (documented) */
	CHECK_EQ_STR(run(m, set, A, "so sorry, to hear"), "e:0-17");
	CHECK_EQ_STR(run(m, set, A, "thank-you"), "e:0-9");
	/* but the words must be consecutive tokens */
	CHECK_EQ_STR(run(m, set, A, "so sorry not to hear"), "");
	CHECK_EQ_STR(run(m, set, A, "thank, you, thank you"), "e:0-10 e:12-21");
	CHECK_EQ_STR(run(m, set, A, "so sorry to"), "");
	CHECK_EQ_STR(run(m, set, A, ""), "");
	ts_matcher_free(m);
	ts_lexset_free(set);
}

static void test_apostrophes(void)
{
	ts_lexset *set = lx_set(NULL, "p.txt", "don't worry\n", "q.txt", "we\xe2\x80\x99re sorry\n",
	                        (char *)NULL);
	ts_matcher *m = NULL;

	REQUIRE(set);
	REQUIRE(ts_matcher_new(&m, set) == TS_OK);
	CHECK_EQ_STR(run(m, set, A, "Don't worry"), "p:0-11");
	CHECK_EQ_STR(run(m, set, A, "don\xe2\x80\x99t worry"), "p:0-13");
	CHECK_EQ_STR(run(m, set, A, "DON\xe2\x80\x98T WORRY"), "p:0-13");
	CHECK_EQ_STR(run(m, set, A, "dont worry"), "");
	CHECK_EQ_STR(run(m, set, A, "don t worry"), "");
	/* a curly apostrophe in the lexicon matches a straight one in text */
	CHECK_EQ_STR(run(m, set, A, "We're sorry"), "q:0-11");
	CHECK_EQ_STR(run(m, set, A, "we\xe2\x80\x99re sorry"), "q:0-13");
	ts_matcher_free(m);
	ts_lexset_free(set);
}

static void test_word_boundaries_and_stems(void)
{
	ts_lexset *set = lx_set(NULL, "phrase.txt", "sorry\n", "stem.txt", "sorr*\n", "frust.txt",
	                        "frustrat*\nso sorry to hear*\n", (char *)NULL);
	ts_matcher *m = NULL;

	REQUIRE(set);
	REQUIRE(ts_matcher_new(&m, set) == TS_OK);
	CHECK_EQ_STR(run(m, set, A, "sorryful"), "stem:0-8");
	CHECK_EQ_STR(run(m, set, A, "unsorry"), "");
	CHECK_EQ_STR(run(m, set, A, "Sorry!"), "phrase:0-5 stem:0-5");
	CHECK_EQ_STR(run(m, set, A, "sor"), "");
	CHECK_EQ_STR(run(m, set, A, "How FRUSTRATING, frustrat frustra"), "frust:4-15 frust:17-25");
	CHECK_EQ_STR(run(m, set, A, "so sorry to hear"),
	             "frust:0-16 phrase:3-8 stem:3-8");
	CHECK_EQ_STR(run(m, set, A, "so sorry to hearing"),
	             "frust:0-19 phrase:3-8 stem:3-8");
	CHECK_EQ_STR(run(m, set, A, "so sorry to he"), "phrase:3-8 stem:3-8");
	ts_matcher_free(m);
	ts_lexset_free(set);
}

static void test_stems_many_lengths(void)
{
	ts_lexset *set = lx_set(NULL, "a.txt", "ab*\n", "b.txt",
	                        "abcdefghijklmnopqrstuvwxyz0123456789"
	                        "abcdefghijklmnopqrstuvwxyz0123456789*\n",
	                        "c.txt", "thank you so much*\nthank you\n", (char *)NULL);
	ts_matcher *m = NULL;
	char text[200];

	REQUIRE(set);
	REQUIRE(ts_matcher_new(&m, set) == TS_OK);
	snprintf(text, sizeof text, "x %s%s!", "abcdefghijklmnopqrstuvwxyz0123456789",
	         "abcdefghijklmnopqrstuvwxyz0123456789ZZ");
	CHECK_EQ_STR(run(m, set, A, text), "a:2-76 b:2-76");
	CHECK_EQ_STR(run(m, set, A, "abcdefghijklmnopqrstuvwxyz0123456789"), "a:0-36");
	CHECK_EQ_STR(run(m, set, A, "thank you so muchly"), "c:0-19");
	CHECK_EQ_STR(run(m, set, A, "thank you so"), "c:0-9");
	ts_matcher_free(m);
	ts_lexset_free(set);
}

static void test_regex_and_gate(void)
{
	ts_lexset *set = lx_set(NULL, "order.txt", "/#?\\d{5,}/\n", "mail.txt",
	                        "/[a-z0-9.]+@[a-z0-9]+\\.com/\n", "q.txt", "/q*/\n", (char *)NULL);
	ts_matcher *m = NULL;
	ts_matcher_stats st;

	REQUIRE(set);
	REQUIRE(ts_matcher_new(&m, set) == TS_OK);
	CHECK_EQ_STR(run(m, set, A, "Your ORDER #123456 shipped"), "order:11-18");
	ts_matcher_get_stats(m, &st);
	CHECK_EQ_INT(st.messages, 1);
	/* no "@": the mail regex was skipped; the q regex runs (it has no first byte) */
	CHECK_EQ_INT(st.regex_runs, 2);
	CHECK_EQ_INT(st.regex_skipped, 1);
	/* no digit: the order regex is not run either */
	CHECK_EQ_STR(run(m, set, A, "thanks for your order"), "");
	ts_matcher_get_stats(m, &st);
	CHECK_EQ_INT(st.regex_runs, 3);
	CHECK_EQ_INT(st.regex_skipped, 3);
	CHECK_EQ_STR(run(m, set, A, "mail Bob.Smith@Example.com or order 12345"),
	             "mail:5-26 order:36-41");
	/* an empty match never counts */
	CHECK_EQ_STR(run(m, set, A, "qq aqqq"), "q:0-2 q:4-7");
	ts_matcher_free(m);
	ts_lexset_free(set);
}

/* need=: a regex runs only on messages with one of its words as a token
 * (any case, curly apostrophes as straight ones); what it finds there is
 * what it would find without the option. */
static void test_regex_need_words(void)
{
	ts_lexset *set = lx_set(NULL, "sorry.txt", "/\\bsorry\\b(?! to hear)/\tneed=SORRY\n",
	                        "youre.txt", "/you(?:'|\u2019)re upset/\tneed=you're\n",
	                        (char *)NULL);
	ts_matcher *m = NULL;
	ts_matcher_stats st;

	REQUIRE(set);
	REQUIRE(ts_matcher_new(&m, set) == TS_OK);
	CHECK_EQ_STR(run(m, set, A, "so sorry about that"), "sorry:3-8");
	ts_matcher_get_stats(m, &st);
	CHECK_EQ_INT(st.regex_runs, 1);      /* no "you're": that one skipped */
	CHECK_EQ_INT(st.regex_skipped, 1);
	/* "sorrow" has the bytes of "sorr" but not the word: skipped */
	CHECK_EQ_STR(run(m, set, A, "such sorrow, you are upset"), "");
	ts_matcher_get_stats(m, &st);
	CHECK_EQ_INT(st.regex_runs, 1);
	CHECK_EQ_INT(st.regex_skipped, 3);
	CHECK_EQ_STR(run(m, set, A, "Sorry to hear. You\u2019re upset, SORRY!"),
	             "youre:15-29 sorry:31-36");
	ts_matcher_free(m);
	ts_lexset_free(set);
}

/* More regexes than one gating word holds (64 a role), of every role, and
 * a need= list of 120 words: each finds what it would find alone. */
static void test_regex_many(void)
{
	size_t cap = 1 << 16, o = 0;
	char *lex = malloc(cap);
	ts_lexset *set = NULL;
	ts_matcher *m = NULL;
	ts_matcher_stats st0, st1;
	ts_error err;
	const char *msg = "q0z q63z q64z q65z q127z q128z q149z";

	REQUIRE(lex);
	/* entry i finds "q<i>z"; odd ones need that word; i % 3: any,
	 * agent, customer */
	for (int i = 0; i < 150; i++) {
		o += (size_t)snprintf(lex + o, cap - o, "/\\bq%dz\\b/", i);
		if (i % 2)
			o += (size_t)snprintf(lex + o, cap - o, "\tneed=q%dz", i);
		o += (size_t)snprintf(lex + o, cap - o, "%s\n",
		                      i % 3 == 1 ? "\trole=agent" : i % 3 == 2 ? "\trole=customer" : "");
	}
	o += (size_t)snprintf(lex + o, cap - o, "/\\bhello\\b/\tneed=");
	for (int i = 0; i < 120; i++)
		o += (size_t)snprintf(lex + o, cap - o, "%sn%d", i ? "|" : "", i);
	o += (size_t)snprintf(lex + o, cap - o, "\n");
	REQUIRE(ts_lexset_new(&set) == TS_OK);
	REQUIRE(ts_lexset_add_mem(set, "r.txt", lex, o, &err) == TS_OK);
	REQUIRE(ts_lexset_compile(set, lx_print_problem, NULL, &err) == TS_OK);
	CHECK_EQ_INT(ts_lexset_nentries(set), 151);
	REQUIRE(ts_matcher_new(&m, set) == TS_OK);
	ts_matcher_get_stats(m, &st0);
	/* agent: the "any" entries (i % 3 == 0) and the agent ones */
	CHECK_EQ_STR(run(m, set, A, msg), "r:0-3 r:4-8 r:9-13 r:19-24");
	ts_matcher_get_stats(m, &st1);
	/* 50 + 50 of the q entries and the hello one: each run or skipped */
	CHECK_EQ_INT(st1.regex_runs + st1.regex_skipped - st0.regex_runs - st0.regex_skipped, 101);
	CHECK_EQ_STR(run(m, set, TS_ROLE_CUSTOMER, msg), "r:0-3 r:4-8 r:14-18 r:25-30 r:31-36");
	CHECK_EQ_STR(run(m, set, TS_ROLE_BOT, msg), "r:0-3 r:4-8");
	/* need= words: any one of the 120 will do; without one, not run */
	CHECK_EQ_STR(run(m, set, A, "hello n119"), "r:0-5");
	CHECK_EQ_STR(run(m, set, A, "n0 hello"), "r:3-8");
	CHECK_EQ_STR(run(m, set, A, "hello n120"), "");
	ts_matcher_free(m);
	ts_lexset_free(set);
	free(lex);
}

static void test_regex_required_bytes(void)
{
	ts_lexset *set = lx_set(NULL, "mail.txt", "/[a-z0-9._%+-]+@[a-z0-9.-]+\\.[a-z]{2,}/\n",
	                        "url.txt", "/https?:\\/\\/\\S+/\n", (char *)NULL);
	ts_lexset *opt = lx_set(NULL, "alt.txt", "/a@b|cd/\n", "opt.txt", "/x@?y/\n", "grp.txt",
	                        "/x(@)?y/\n", "zero.txt", "/x@{0,2}y/\n", "cls.txt", "/x[@]y/\n",
	                        "ext.txt", "/(?x) q r/\n", "cmt.txt", "/(?#@)z/\n", "brace.txt",
	                        "/k{,2}@/\n", "quote.txt", "/\\Qa.b\\E/\n", (char *)NULL);
	ts_matcher *m = NULL;
	ts_matcher_stats st;

	REQUIRE(set && opt);
	REQUIRE(ts_matcher_new(&m, set) == TS_OK);
	/* no '@': the e-mail pattern is not run; no ':' or '/': nor the URL */
	CHECK_EQ_STR(run(m, set, A, "mail bob.smith at example.com, see http or https"), "");
	ts_matcher_get_stats(m, &st);
	CHECK_EQ_INT(st.regex_runs, 0);
	CHECK_EQ_INT(st.regex_skipped, 2);
	CHECK_EQ_STR(run(m, set, A, "mail bob@example.com, see https://x.io/a"),
	             "mail:5-20 url:26-40");
	ts_matcher_free(m);
	/* bytes that are optional, in alternatives, classes, comments or
	 * extended mode are not required */
	REQUIRE(ts_matcher_new(&m, opt) == TS_OK);
	CHECK_EQ_STR(run(m, opt, A, "xcd"), "alt:1-3");
	CHECK_EQ_STR(run(m, opt, A, "xy"), "grp:0-2 opt:0-2 zero:0-2");
	CHECK_EQ_STR(run(m, opt, A, "x@y"), "cls:0-3 grp:0-3 opt:0-3 zero:0-3");
	CHECK_EQ_STR(run(m, opt, A, "qr"), "ext:0-2");
	CHECK_EQ_STR(run(m, opt, A, "z"), "cmt:0-1");
	CHECK_EQ_STR(run(m, opt, A, "k{,2}@"), "brace:0-6");
	CHECK_EQ_STR(run(m, opt, A, "a.b"), "quote:0-3");
	ts_matcher_free(m);
	ts_lexset_free(set);
	ts_lexset_free(opt);
}

static void test_catastrophic_regex(void)
{
	ts_lexset *set = lx_set(NULL, "bad.txt", "/(a+)+$/\n", "ok.txt", "hello\n/l+o/\n",
	                        (char *)NULL);
	ts_matcher *m = NULL;
	ts_matcher_stats st;
	const unsigned *lim;
	const char *file;
	unsigned long line;

	REQUIRE(set);
	REQUIRE(ts_matcher_new(&m, set) == TS_OK);
	CHECK_EQ_STR(run(m, set, A, "hello aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!"), "ok:0-5");
	ts_matcher_get_stats(m, &st);
	CHECK_EQ_INT(st.regex_limited, 1);
	/* the run says which entry gave up */
	REQUIRE(ts_matcher_limited(m, &lim) == 1);
	ts_lexset_entry_origin(set, lim[0], &file, &line);
	CHECK_EQ_STR(file, "bad.txt");
	CHECK_EQ_INT(line, 1);
	/* the matcher is still fine afterwards, and the list is per run */
	CHECK_EQ_STR(run(m, set, A, "aaa"), "bad:0-3");
	CHECK_EQ_INT(ts_matcher_limited(m, &lim), 0);
	/* a match limit of 1 stops the backtracking entry on three a's,
	 * where the default lets it match; the phrase still counts (the
	 * interpreter, in make valgrind's no-JIT build, stops /l+o/ too) */
	ts_matcher_set_limits(m, 1, 0);
	CHECK_EQ_STR(run(m, set, A, "hello aaa"), "ok:0-5");
	{
		size_t nl = ts_matcher_limited(m, &lim), bad = 0;
		REQUIRE(nl >= 1 && nl <= 2);
		for (size_t k = 0; k < nl; k++) {
			ts_lexset_entry_origin(set, lim[k], &file, &line);
			bad += strcmp(file, "bad.txt") == 0 && line == 1;
		}
		CHECK_EQ_INT(bad, 1);
	}
	/* 0 is the default again */
	ts_matcher_set_limits(m, 0, 0);
	CHECK_EQ_STR(run(m, set, A, "hello aaa"), "ok:0-5 bad:6-9");
	CHECK_EQ_INT(ts_matcher_limited(m, &lim), 0);
	ts_matcher_free(m);
	ts_lexset_free(set);
}

static void test_invalid_utf8(void)
{
	ts_lexset *set = lx_set(NULL, "e.txt", "sorry\nthank you\n/th.nks/\n", (char *)NULL);
	ts_matcher *m = NULL;
	const char text[] = "\xff sorry \xc3\x28 thank\xed\xa0\x80 you thank you \xe2\x82";

	REQUIRE(set);
	REQUIRE(ts_matcher_new(&m, set) == TS_OK);
	CHECK_EQ_STR(run_n(m, set, A, text, sizeof text - 1), "e:2-7 e:24-33");
	CHECK_EQ_STR(run(m, set, A, "\xc3 thanks \xc3"), "e:2-8");
	CHECK_EQ_STR(run(m, set, A, "th\xff" "nks"), "");
	ts_matcher_free(m);
	ts_lexset_free(set);
}

static void test_overlap_longest_wins(void)
{
	ts_lexset *set = lx_set(NULL, "a.txt", "sorry\nso sorry\nsorry to hear\nsorry to\n/sor+y/\n",
	                        "b.txt", "hear\nto hear\n", (char *)NULL);
	ts_matcher *m = NULL;
	const ts_finding *f;
	size_t nf, words;

	REQUIRE(set);
	REQUIRE(ts_matcher_new(&m, set) == TS_OK);
	/* "sorry to hear" (13 bytes) beats "so sorry"; other categories keep
	 * their own longest */
	CHECK_EQ_STR(run(m, set, A, "so sorry to hear"), "a:3-16 b:9-16");
	/* equal lengths: the earliest wins */
	CHECK_EQ_STR(run(m, set, A, "so sorry to"), "a:0-8");
	/* equal spans: the lowest entry id (phrase "sorry" before /sor+y/) */
	REQUIRE(ts_matcher_run(m, A, "sorry", 5, &f, &nf, &words) == TS_OK);
	REQUIRE(nf == 1);
	CHECK_EQ_INT(f[0].entry, 0);
	/* regex matches take part like phrases */
	CHECK_EQ_STR(run(m, set, A, "so sorrrrrrrrrrrry"), "a:3-18");
	/* the winner removes both neighbours; non-overlapping ones stay */
	CHECK_EQ_STR(run(m, set, A, "sorry so sorry to hear sorry"), "a:0-5 a:9-22 b:15-22 a:23-28");
	ts_matcher_free(m);
	ts_lexset_free(set);
}

static void test_roles_weights_order(void)
{
	ts_lexset *set = lx_set(NULL, "b.txt", "@role agent\nplease\nthanks\trole=any weight=2.5\n",
	                        "a.txt", "please\trole=customer\nplease help\n", (char *)NULL);
	ts_matcher *m = NULL;
	const ts_finding *f;
	size_t nf, words;

	REQUIRE(set);
	REQUIRE(ts_matcher_new(&m, set) == TS_OK);
	CHECK_EQ_STR(run(m, set, TS_ROLE_AGENT, "please help, thanks"), "a:0-11 b:0-6 b:13-19");
	CHECK_EQ_STR(run(m, set, TS_ROLE_CUSTOMER, "please help, thanks"), "a:0-11 b:13-19");
	CHECK_EQ_STR(run(m, set, TS_ROLE_CUSTOMER, "please"), "a:0-6");
	CHECK_EQ_STR(run(m, set, TS_ROLE_BOT, "please, thanks"), "b:8-14");
	CHECK_EQ_STR(run(m, set, TS_ROLE_UNKNOWN, "please"), "");
	REQUIRE(ts_matcher_run(m, TS_ROLE_BOT, "oh thanks", 9, &f, &nf, &words) == TS_OK);
	REQUIRE(nf == 1);
	CHECK(f[0].weight == 2.5);
	CHECK_EQ_INT(words, 2);
	ts_matcher_free(m);
	ts_lexset_free(set);
}

static void test_words_and_null_text(void)
{
	ts_lexset *set = lx_set(NULL, "e.txt", "x\n", (char *)NULL);
	ts_matcher *m = NULL;
	const ts_finding *f;
	size_t nf = 9, words = 9;

	REQUIRE(set);
	REQUIRE(ts_matcher_new(&m, set) == TS_OK);
	REQUIRE(ts_matcher_run(m, A, "Hello, world \xe2\x80\x94 it's 3.5 now!", 30, &f, &nf, &words) == TS_OK);
	CHECK_EQ_INT(words, 6);
	CHECK_EQ_INT(nf, 0);
	/* the tokens stay available to detectors until the next run */
	REQUIRE(ts_matcher_tokens(m)->n == 6);
	CHECK_EQ_INT(ts_matcher_tokens(m)->v[2].start, 17);
	REQUIRE(ts_matcher_run(m, A, NULL, 0, &f, &nf, &words) == TS_OK);
	CHECK_EQ_INT(words, 0);
	CHECK_EQ_INT(nf, 0);
	CHECK_EQ_INT(ts_matcher_tokens(m)->n, 0);
	ts_matcher_free(m);
	ts_lexset_free(set);
}

static void test_matcher_before_compile(void)
{
	ts_lexset *set = NULL;
	ts_matcher *m = NULL;
	ts_error err;
	const char *text = "sorry\nso sorry\n";

	REQUIRE(ts_lexset_new(&set) == TS_OK);
	REQUIRE(ts_matcher_new(&m, set) == TS_OK);
	CHECK_EQ_STR(run(m, set, A, "so sorry"), "");
	REQUIRE(ts_lexset_add_mem(set, "a.txt", text, strlen(text), &err) == TS_OK);
	REQUIRE(ts_lexset_add_mem(set, "b.txt", text, strlen(text), &err) == TS_OK);
	REQUIRE(ts_lexset_compile(set, NULL, NULL, &err) == TS_OK);
	CHECK_EQ_STR(run(m, set, A, "so sorry, sorry"), "a:0-8 b:0-8 a:10-15 b:10-15");
	ts_matcher_free(m);
	ts_lexset_free(set);
}

static void test_long_message(void)
{
	ts_lexset *set = lx_set(NULL, "e.txt", "sorry\n/sorry sorry/\n", (char *)NULL);
	ts_matcher *m = NULL;
	const ts_finding *f;
	size_t nf, words, n = 6 * 100000;
	char *text = malloc(n);

	REQUIRE(set && text);
	for (size_t i = 0; i < n; i += 6)
		memcpy(text + i, "sorry ", 6);
	REQUIRE(ts_matcher_new(&m, set) == TS_OK);
	REQUIRE(ts_matcher_run(m, A, text, n, &f, &nf, &words) == TS_OK);
	/* the regex pairs win over the single words */
	CHECK_EQ_INT(nf, 50000);
	CHECK_EQ_INT(words, 100000);
	CHECK_EQ_INT(f[1].start, 12);
	CHECK_EQ_INT(f[1].end, 23);
	ts_matcher_free(m);
	ts_lexset_free(set);
	free(text);
}

/* ---- randomised comparison with a naive matcher ---------------------------- */

struct gen_entry {
	char text[128];
	int words;      /* words incl. stem */
	int stem;
	unsigned role;  /* TS_ROLE_UNKNOWN = any */
	unsigned cat;   /* index of file */
};

static unsigned long long rng_state = 88172645463325252ULL;

static unsigned rnd(unsigned n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (unsigned)(rng_state % n);
}

static const char *const vocab[] = {
	"sorry", "so", "to", "hear", "that", "thank", "you", "don't", "worry", "we",
	"can", "help", "please", "understand", "frustrating", "frustrated", "order",
	"i", "am", "really", "apologise", "for", "the", "delay", "issue", "it's",
	"fix", "fixed", "check", "sorryful",
};
#define NVOCAB (sizeof vocab / sizeof vocab[0])

/* Greedy longest-first per category, the rule the matcher implements. */
static size_t naive_resolve(ts_finding *c, size_t n)
{
	char *keep = calloc(n ? n : 1, 1), *gone = calloc(n ? n : 1, 1);
	size_t out = 0;

	for (;;) {
		size_t best = n;
		for (size_t i = 0; i < n; i++) {
			size_t li, lb;
			if (keep[i] || gone[i])
				continue;
			if (best == n) {
				best = i;
				continue;
			}
			li = c[i].end - c[i].start;
			lb = c[best].end - c[best].start;
			if (li > lb || (li == lb && (c[i].start < c[best].start ||
			                             (c[i].start == c[best].start && c[i].entry < c[best].entry))))
				best = i;
		}
		if (best == n)
			break;
		keep[best] = 1;
		for (size_t i = 0; i < n; i++)
			if (!keep[i] && c[i].category == c[best].category && c[i].start < c[best].end &&
			    c[best].start < c[i].end)
				gone[i] = 1;
	}
	for (size_t i = 0; i < n; i++)
		if (keep[i])
			c[out++] = c[i];
	free(keep);
	free(gone);
	return out;
}

static int cmp_finding(const void *a, const void *b)
{
	const ts_finding *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->category != y->category)
		return x->category < y->category ? -1 : 1;
	if (x->end != y->end)
		return x->end < y->end ? -1 : 1;
	return x->entry < y->entry ? -1 : x->entry > y->entry;
}

/* Matches every entry at every token the slow way and compares. */
static int compare_with_naive(ts_matcher *m, const struct gen_entry *ents,
                              size_t nents, const unsigned *catmap, const char *text, unsigned role)
{
	ts_tokens t, et;
	const ts_finding *f;
	size_t nf, words, nc = 0, cap = 256;
	ts_finding *c = malloc(cap * sizeof *c);
	int ok = 1;

	ts_tokens_init(&t);
	ts_tokens_init(&et);
	if (!c || ts_tokenize(&t, text, strlen(text)))
		return 0;
	for (size_t e = 0; e < nents; e++) {
		const struct gen_entry *g = &ents[e];
		size_t elen = strlen(g->text) - (size_t)g->stem;
		if (g->role != TS_ROLE_UNKNOWN && g->role != role)
			continue;
		ts_tokenize(&et, g->text, elen);
		for (size_t i = 0; i + et.n <= t.n; i++) {
			size_t k;
			for (k = 0; k < et.n; k++) {
				const ts_token *a = &t.v[i + k], *b = &et.v[k];
				int last_stem = g->stem && k + 1 == et.n;
				if (last_stem ? a->nlen < b->nlen : a->nlen != b->nlen)
					break;
				if (memcmp(ts_token_norm(&t, i + k), ts_token_norm(&et, k), b->nlen))
					break;
			}
			if (k < et.n)
				continue;
			if (nc == cap) {
				cap *= 2;
				c = realloc(c, cap * sizeof *c);
				if (!c)
					return 0;
			}
			c[nc].category = catmap[g->cat];
			c[nc].entry = (unsigned)e;
			c[nc].start = t.v[i].start;
			c[nc].end = t.v[i + et.n - 1].end;
			c[nc].weight = 1;
			nc++;
		}
	}
	nc = naive_resolve(c, nc);
	qsort(c, nc, sizeof *c, cmp_finding);
	if (ts_matcher_run(m, (ts_role)role, text, strlen(text), &f, &nf, &words) != TS_OK)
		ok = 0;
	else if (nf != nc)
		ok = 0;
	else
		for (size_t i = 0; i < nf; i++)
			if (f[i].category != c[i].category || f[i].entry != c[i].entry ||
			    f[i].start != c[i].start || f[i].end != c[i].end)
				ok = 0;
	if (!ok)
		printf("  mismatch on \"%s\": naive %zu findings, matcher %zu\n", text, nc, nf);
	free(c);
	ts_tokens_release(&t);
	ts_tokens_release(&et);
	return ok;
}

static void test_random_against_naive(void)
{
	enum { NCAT = 3, NENT = 400 };
	struct gen_entry *ents = calloc(NENT, sizeof *ents);
	char *files[NCAT];
	size_t flen[NCAT] = {0}, nents = 0;
	unsigned catmap[NCAT];
	ts_lexset *set = NULL;
	ts_matcher *m = NULL;
	ts_error err;
	static const char *const seps[] = {" ", "  ", ", ", "\n", " - ", "... ", "\xe2\x80\x94"};
	static const char *const roles[] = {"", "\trole=agent", "\trole=customer"};

	REQUIRE(ents);
	for (int i = 0; i < NCAT; i++) {
		files[i] = calloc(1, NENT * 140);
		REQUIRE(files[i]);
	}
	while (nents < NENT) {
		struct gen_entry *g = &ents[nents];
		int nw = 1 + (int)rnd(4), dup = 0;
		size_t o = 0;
		for (int w = 0; w < nw; w++)
			o += (size_t)snprintf(g->text + o, sizeof g->text - o, "%s%s", w ? " " : "",
			                      vocab[rnd(NVOCAB)]);
		g->stem = rnd(4) == 0;
		if (g->stem) {
			/* cut the last word to a prefix of at least 2 bytes */
			char *last = strrchr(g->text, ' ');
			size_t ll;
			last = last ? last + 1 : g->text;
			ll = strlen(last);
			if (ll > 2)
				last[2 + rnd((unsigned)ll - 2)] = '\0';
			if (strchr(last, '\'') && last[strlen(last) - 1] == '\'')
				last[strlen(last) - 1] = '\0';
			strcat(g->text, "*");
		}
		g->words = nw;
		g->cat = rnd(NCAT);
		g->role = rnd(3) == 0 ? (rnd(2) ? TS_ROLE_AGENT : TS_ROLE_CUSTOMER) : TS_ROLE_UNKNOWN;
		for (size_t k = 0; k < nents; k++)
			dup |= ents[k].cat == g->cat && ents[k].role == g->role &&
			       strcmp(ents[k].text, g->text) == 0;
		if (dup)
			continue;
		nents++;
	}
	/* entry ids follow file order (files sorted by name), then lines */
	{
		struct gen_entry *sorted = calloc(NENT, sizeof *sorted);
		size_t k = 0;
		REQUIRE(sorted);
		for (unsigned cat = 0; cat < NCAT; cat++)
			for (size_t e = 0; e < nents; e++)
				if (ents[e].cat == cat) {
					const char *r = ents[e].role == TS_ROLE_AGENT ? roles[1] :
					                ents[e].role == TS_ROLE_CUSTOMER ? roles[2] : roles[0];
					flen[cat] += (size_t)sprintf(files[cat] + flen[cat], "%s%s\n", ents[e].text, r);
					sorted[k++] = ents[e];
				}
		memcpy(ents, sorted, nents * sizeof *ents);
		free(sorted);
	}
	REQUIRE(ts_lexset_new(&set) == TS_OK);
	for (unsigned cat = 0; cat < NCAT; cat++) {
		char name[32];
		snprintf(name, sizeof name, "cat%u.txt", cat);
		REQUIRE(ts_lexset_add_mem(set, name, files[cat], flen[cat], &err) == TS_OK);
	}
	REQUIRE(ts_lexset_compile(set, lx_print_problem, NULL, &err) == TS_OK);
	REQUIRE(ts_lexset_nentries(set) == nents);
	REQUIRE(ts_lexset_ncategories(set) == NCAT);
	for (unsigned cat = 0; cat < NCAT; cat++)
		catmap[cat] = cat; /* cat0 < cat1 < cat2 by name */
	REQUIRE(ts_matcher_new(&m, set) == TS_OK);
	for (int round = 0; round < 300; round++) {
		char text[2048];
		size_t o = 0;
		int nw = 1 + (int)rnd(40);
		for (int w = 0; w < nw; w++) {
			const char *word = vocab[rnd(NVOCAB)];
			char buf[64];
			snprintf(buf, sizeof buf, "%s", word);
			if (rnd(5) == 0)
				for (char *p = buf; *p; p++)
					*p = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
			o += (size_t)snprintf(text + o, sizeof text - o, "%s%s", w ? seps[rnd(7)] : "", buf);
		}
		if (!compare_with_naive(m, ents, nents, catmap, text,
		                        round % 3 == 0 ? TS_ROLE_AGENT :
		                        round % 3 == 1 ? TS_ROLE_CUSTOMER : TS_ROLE_BOT)) {
			CHECK(!"matcher differs from the naive matcher");
			break;
		}
	}
	ts_matcher_free(m);
	ts_lexset_free(set);
	for (int i = 0; i < NCAT; i++)
		free(files[i]);
	free(ents);
}

static void test_ten_thousand_entries(void)
{
	size_t cap = 1 << 20, o = 0;
	char *lex = malloc(cap);
	ts_lexset *set = NULL;
	ts_matcher *m = NULL;
	ts_error err;

	REQUIRE(lex);
	for (int i = 0; i < 4000; i++)
		o += (size_t)snprintf(lex + o, cap - o, "w%d\n", i);
	for (int i = 0; i < 3000; i++)
		o += (size_t)snprintf(lex + o, cap - o, "w%d w%d\n", i, (i * 7) % 4000);
	for (int i = 0; i < 2000; i++)
		o += (size_t)snprintf(lex + o, cap - o, "x%d y%d z%d\n", i, i + 1, i + 2);
	for (int i = 0; i < 1000; i++)
		o += (size_t)snprintf(lex + o, cap - o, "s%dq*\n", i);
	REQUIRE(ts_lexset_new(&set) == TS_OK);
	REQUIRE(ts_lexset_add_mem(set, "big.txt", lex, o, &err) == TS_OK);
	REQUIRE(ts_lexset_compile(set, lx_print_problem, NULL, &err) == TS_OK);
	CHECK_EQ_INT(ts_lexset_nentries(set), 10000);
	REQUIRE(ts_matcher_new(&m, set) == TS_OK);
	CHECK_EQ_STR(run(m, set, A, "w3999"), "big:0-5");
	CHECK_EQ_STR(run(m, set, A, "w4000 w10 w70"), "big:6-13");
	CHECK_EQ_STR(run(m, set, A, "x1999 y2000 z2001"), "big:0-17");
	CHECK_EQ_STR(run(m, set, A, "x1999 y2000 z2002"), "");
	CHECK_EQ_STR(run(m, set, A, "s999qxyz s999 s12q"), "big:0-8 big:14-18");
	ts_matcher_free(m);
	ts_lexset_free(set);
	free(lex);
}

int main(void)
{
	TS_RUN(test_phrases_case_and_spacing);
	TS_RUN(test_apostrophes);
	TS_RUN(test_word_boundaries_and_stems);
	TS_RUN(test_stems_many_lengths);
	TS_RUN(test_regex_and_gate);
	TS_RUN(test_regex_need_words);
	TS_RUN(test_regex_many);
	TS_RUN(test_regex_required_bytes);
	TS_RUN(test_catastrophic_regex);
	TS_RUN(test_invalid_utf8);
	TS_RUN(test_overlap_longest_wins);
	TS_RUN(test_roles_weights_order);
	TS_RUN(test_words_and_null_text);
	TS_RUN(test_matcher_before_compile);
	TS_RUN(test_long_message);
	TS_RUN(test_random_against_naive);
	TS_RUN(test_ten_thousand_entries);
	TS_TEST_MAIN_END();
}
