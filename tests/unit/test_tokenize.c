/*
 * test_tokenize.c - the word tokenizer: spans, normalised forms, hashes,
 * separators (ASCII and UTF-8), apostrophes and per-token flags.
 */
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "tokenize.h"
#include "traitscan.h"

/* Tokenises s and returns the normalised tokens joined by '|'. */
static const char *toks(ts_tokens *t, const char *s, size_t n)
{
	static char out[4096];
	size_t o = 0;

	out[0] = '\0';
	if (ts_tokenize(t, s, n) != TS_OK)
		return "(error)";
	for (size_t i = 0; i < t->n && o + t->v[i].nlen + 2 < sizeof out; i++) {
		if (i)
			out[o++] = '|';
		memcpy(out + o, ts_token_norm(t, i), t->v[i].nlen);
		o += t->v[i].nlen;
	}
	out[o] = '\0';
	return out;
}

#define TOKS(t, lit) toks(t, lit, sizeof(lit) - 1)

static void test_basic_spans(void)
{
	ts_tokens t;
	ts_tokens_init(&t);
	CHECK_EQ_STR(TOKS(&t, "Hello,  World!\n"), "hello|world");
	REQUIRE(t.n == 2);
	CHECK_EQ_INT(t.v[0].start, 0);
	CHECK_EQ_INT(t.v[0].end, 5);
	CHECK_EQ_INT(t.v[1].start, 8);
	CHECK_EQ_INT(t.v[1].end, 13);
	CHECK_EQ_INT(t.words, 2);
	CHECK_EQ_STR(TOKS(&t, ""), "");
	CHECK_EQ_INT(t.n, 0);
	CHECK_EQ_INT(t.words, 0);
	CHECK_EQ_STR(TOKS(&t, "  ...  "), "");
	CHECK_EQ_STR(TOKS(&t, "a_b-c/d"), "a|b|c|d");
	CHECK_EQ_STR(TOKS(&t, "x"), "x");
	ts_tokens_release(&t);
}

static void test_apostrophes(void)
{
	ts_tokens t;
	uint64_t h;
	ts_tokens_init(&t);
	CHECK_EQ_STR(TOKS(&t, "don't don\xe2\x80\x99t DON\xe2\x80\x98T"), "don't|don't|don't");
	REQUIRE(t.n == 3);
	h = t.v[0].hash;
	CHECK(t.v[1].hash == h);
	CHECK(t.v[2].hash == h);
	/* spans cover the original bytes, curly quote included */
	CHECK_EQ_INT(t.v[1].start, 6);
	CHECK_EQ_INT(t.v[1].end, 13);
	CHECK(t.v[0].flags & TS_TOK_APOS);
	/* quotes around or after words are separators */
	CHECK_EQ_STR(TOKS(&t, "'quoted' customers' \xe2\x80\x98tis\xe2\x80\x99 rock'n'roll"),
	             "quoted|customers|tis|rock'n'roll");
	CHECK_EQ_STR(TOKS(&t, "don''t it's'"), "don|t|it's");
	ts_tokens_release(&t);
}

static void test_utf8_separators(void)
{
	ts_tokens t;
	ts_tokens_init(&t);
	/* em dash, no-break space, ellipsis, emoji, bullet, guillemets */
	CHECK_EQ_STR(TOKS(&t, "a\xe2\x80\x94" "b\xc2\xa0" "c sorry\xe2\x80\xa6 thanks\xf0\x9f\x98\x80!"),
	             "a|b|c|sorry|thanks");
	CHECK_EQ_STR(TOKS(&t, "\xe2\x80\xa2 item \xc2\xab" "quote\xc2\xbb"), "item|quote");
	/* letters beyond ASCII are word bytes, compared as they are */
	CHECK_EQ_STR(TOKS(&t, "Caf\xc3\xa9 CAF\xc3\x89 na\xc3\xafve"), "caf\xc3\xa9|caf\xc3\x89|na\xc3\xafve");
	CHECK(t.v[0].flags & TS_TOK_NONASCII);
	/* a BOM at the start is not a word */
	CHECK_EQ_STR(TOKS(&t, "\xef\xbb\xbfHi"), "hi");
	ts_tokens_release(&t);
}

static void test_invalid_utf8(void)
{
	ts_tokens t;
	ts_tokens_init(&t);
	/* stray bytes are word bytes; nothing fails or reads past the end */
	CHECK_EQ_STR(TOKS(&t, "\xff\xfe sorry \xc3"), "\xff\xfe|sorry|\xc3");
	CHECK_EQ_STR(TOKS(&t, "ok\xe2\x80"), "ok\xe2\x80");
	CHECK_EQ_STR(TOKS(&t, "ok\xf0\x9f\x98"), "ok\xf0\x9f\x98");
	CHECK_EQ_STR(TOKS(&t, "a\0b"), "a|b");
	ts_tokens_release(&t);
}

static void test_flags(void)
{
	ts_tokens t;
	ts_tokens_init(&t);
	CHECK_EQ_STR(TOKS(&t, "NASA said Hi, v2 costs 3.5 now. Why? ok\nbye"),
	             "nasa|said|hi|v2|costs|3|5|now|why|ok|bye");
	REQUIRE(t.n == 11);
	CHECK(t.v[0].flags & TS_TOK_ALLCAPS);
	CHECK(t.v[0].flags & TS_TOK_CAPITAL);
	CHECK(!(t.v[1].flags & (TS_TOK_ALLCAPS | TS_TOK_CAPITAL)));
	CHECK(t.v[2].flags & TS_TOK_CLAUSE);
	CHECK(!(t.v[2].flags & TS_TOK_SENT_END));
	CHECK(t.v[3].flags & TS_TOK_DIGIT);
	CHECK(t.v[3].flags & TS_TOK_ALPHA);
	CHECK(!(t.v[5].flags & TS_TOK_SENT_END)); /* "3.5" */
	CHECK(t.v[7].flags & TS_TOK_SENT_END);
	CHECK(!(t.v[7].flags & TS_TOK_QUESTION));
	CHECK(t.v[8].flags & TS_TOK_QUESTION);
	CHECK(t.v[9].flags & TS_TOK_NEWLINE);
	CHECK(!(t.v[10].flags & (TS_TOK_SENT_END | TS_TOK_NEWLINE)));
	CHECK_EQ_STR(TOKS(&t, "I"), "i");
	CHECK(t.v[0].flags & TS_TOK_ALLCAPS);
	CHECK_EQ_STR(TOKS(&t, "42"), "42");
	CHECK(!(t.v[0].flags & TS_TOK_ALLCAPS));
	ts_tokens_release(&t);
}

static void test_hashes(void)
{
	ts_tokens t;
	ts_whash hs;
	const char *w = "internationalisation";

	ts_tokens_init(&t);
	CHECK_EQ_STR(TOKS(&t, "Internationalisation internationalization a ab"),
	             "internationalisation|internationalization|a|ab");
	REQUIRE(t.n == 4);
	for (size_t i = 0; i < t.n; i++)
		CHECK(t.v[i].hash == ts_word_hash(ts_token_norm(&t, i), t.v[i].nlen));
	CHECK(t.v[0].hash != t.v[1].hash);
	CHECK(t.v[2].hash != t.v[3].hash);
	/* the running state gives the hash of every prefix */
	ts_whash_init(&hs);
	for (size_t l = 1; l <= strlen(w); l++) {
		ts_whash_add(&hs, (unsigned char)w[l - 1]);
		CHECK(ts_whash_final(&hs) == ts_word_hash(w, l));
	}
	/* n-gram keys depend on order */
	CHECK(ts_ngram_next(t.v[2].hash, t.v[3].hash) != ts_ngram_next(t.v[3].hash, t.v[2].hash));
	ts_tokens_release(&t);
}

static void test_reuse_and_long_text(void)
{
	ts_tokens t;
	size_t n = 1 << 20;
	char *big = malloc(n);

	REQUIRE(big);
	for (size_t i = 0; i < n; i++)
		big[i] = (i % 3 == 2) ? ' ' : 'A';
	ts_tokens_init(&t);
	REQUIRE(ts_tokenize(&t, big, n) == TS_OK);
	CHECK_EQ_INT(t.n, (n + 2) / 3);
	CHECK_EQ_INT(t.v[t.n - 1].start, n - 1);
	CHECK_EQ_INT(t.v[5].nlen, 2);
	CHECK(memcmp(ts_token_norm(&t, 5), "aa", 2) == 0);
	/* a short text after a long one leaves nothing behind */
	CHECK_EQ_STR(TOKS(&t, "one two"), "one|two");
	CHECK_EQ_INT(t.n, 2);
	/* one word of 1 MiB */
	memset(big, 'b', n);
	REQUIRE(ts_tokenize(&t, big, n) == TS_OK);
	CHECK_EQ_INT(t.n, 1);
	CHECK_EQ_INT(t.v[0].nlen, n);
	CHECK(t.v[0].hash == ts_word_hash(big, n));
	ts_tokens_release(&t);
	free(big);
}

static void test_sep_len(void)
{
	CHECK_EQ_INT(ts_sep_len((const unsigned char *)"a", 1), 0);
	CHECK_EQ_INT(ts_sep_len((const unsigned char *)"?", 1), 1);
	CHECK_EQ_INT(ts_sep_len((const unsigned char *)"\xe2\x80\x94", 3), 3);
	CHECK_EQ_INT(ts_sep_len((const unsigned char *)"\xe2\x80", 2), 0);
	CHECK_EQ_INT(ts_sep_len((const unsigned char *)"\xc3\xa9", 2), 0);
	CHECK_EQ_INT(ts_sep_len((const unsigned char *)"\xc2\xa0", 2), 2);
	CHECK_EQ_INT(ts_sep_len((const unsigned char *)"\xf0\x9f\x91\x8d", 4), 4);
}


/* ---- the same rules, one byte at a time, as plainly as possible ------------ */

struct ref_tok {
	size_t start, end;
	char norm[256];
	size_t nlen;
	unsigned flags;
};

static int ref_alnum(unsigned c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static int ref_word_at(const unsigned char *p, size_t m)
{
	return m > 0 && (ref_alnum(p[0]) || (p[0] >= 0x80 && ts_sep_len(p, m) == 0));
}

static size_t ref_tokenize(const unsigned char *p, size_t n, struct ref_tok *out)
{
	size_t i = 0, nt = 0;
	unsigned pending = 0;

	while (i < n) {
		unsigned c = p[i];
		struct ref_tok *t;
		if (!ref_word_at(p + i, n - i)) {
			if (c < 0x80) {
				unsigned f = 0;
				if (c == '.' || c == '!')
					f = TS_TOK_SENT_END | TS_TOK_CLAUSE;
				if (c == '?')
					f = TS_TOK_SENT_END | TS_TOK_QUESTION | TS_TOK_CLAUSE;
				if (c == ',' || c == ';' || c == ':')
					f = TS_TOK_CLAUSE;
				if (c == '\n' || c == '\r')
					f = TS_TOK_NEWLINE;
				if (c == '.' && nt && out[nt - 1].end == i && ref_word_at(p + i + 1, n - i - 1))
					f = 0;
				pending |= f;
				i++;
			} else {
				i += ts_sep_len(p + i, n - i);
			}
			continue;
		}
		if (nt)
			out[nt - 1].flags |= pending;
		pending = 0;
		t = &out[nt++];
		t->start = i;
		t->nlen = 0;
		t->flags = (c >= 'A' && c <= 'Z') ? TS_TOK_CAPITAL : 0;
		for (;;) {
			if (i >= n)
				break;
			c = p[i];
			if (ref_alnum(c)) {
				t->flags |= (c >= '0' && c <= '9') ? TS_TOK_DIGIT :
				            (c >= 'a') ? TS_TOK_ALPHA | TS_TOK_LOWER : TS_TOK_ALPHA | TS_TOK_UPPER;
				t->norm[t->nlen++] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
				i++;
			} else if (c == '\'' && ref_word_at(p + i + 1, n - i - 1)) {
				t->norm[t->nlen++] = '\'';
				t->flags |= TS_TOK_APOS;
				i++;
			} else if (c >= 0x80 && ts_sep_len(p + i, n - i) == 0) {
				t->norm[t->nlen++] = (char)c;
				t->flags |= TS_TOK_NONASCII;
				i++;
			} else if (c == 0xe2 && n - i >= 3 && p[i + 1] == 0x80 &&
			           (p[i + 2] == 0x98 || p[i + 2] == 0x99) && ref_word_at(p + i + 3, n - i - 3)) {
				t->norm[t->nlen++] = '\'';
				t->flags |= TS_TOK_APOS;
				i += 3;
			} else {
				break;
			}
		}
		t->end = i;
		if ((t->flags & (TS_TOK_UPPER | TS_TOK_LOWER)) == TS_TOK_UPPER)
			t->flags |= TS_TOK_ALLCAPS;
	}
	if (nt)
		out[nt - 1].flags |= pending;
	return nt;
}

static void test_against_reference(void)
{
	static const char *const pieces[] = {
		"a", "Z", "q", "7", "don", "SORRY", "hello", "internationalisation", " ", "  ",
		".", "?", "!", ",", ";", "\n", "\r\n", "'", "''", "-", "3.5", "e.g.",
		"\xe2\x80\x99", "\xe2\x80\x98", "\xe2\x80\x94", "\xe2\x80\xa6", "\xc2\xa0", "\xc3\xa9",
		"\xc3\x89", "\xff", "\xe2", "\xe2\x80", "\xf0\x9f\x98\x80", "\xef\xbb\xbf", "\xed\xa0\x80",
		"\x00", "\t", "ABCDEFGH", "abcdefg", "x1y2z3w4v5",
	};
	unsigned long long r = 0x9e3779b97f4a7c15ULL;
	static struct ref_tok want[1100];
	unsigned char text[1100];
	ts_tokens t;
	int bad = 0;

	ts_tokens_init(&t);
	for (int round = 0; round < 20000 && !bad; round++) {
		size_t n = 0, nw;
		int parts;
		r ^= r << 13, r ^= r >> 7, r ^= r << 17;
		parts = (int)(r % 40);
		for (int k = 0; k < parts; k++) {
			const char *pc;
			size_t l;
			r ^= r << 13, r ^= r >> 7, r ^= r << 17;
			pc = pieces[r % (sizeof pieces / sizeof pieces[0])];
			l = strlen(pc) ? strlen(pc) : 1; /* "\x00" is one NUL byte */
			if (n + l > sizeof text)
				break;
			memcpy(text + n, pc, l);
			n += l;
		}
		nw = ref_tokenize(text, n, want);
		if (ts_tokenize(&t, (const char *)text, n) != TS_OK || t.n != nw) {
			bad = 1;
			break;
		}
		for (size_t i = 0; i < nw && !bad; i++) {
			const ts_token *g = &t.v[i];
			if (g->start != want[i].start || g->end != want[i].end ||
			    g->nlen != want[i].nlen || memcmp(ts_token_norm(&t, i), want[i].norm, g->nlen) ||
			    g->hash != ts_word_hash(want[i].norm, want[i].nlen) || g->flags != want[i].flags)
				bad = 1;
		}
		if (bad) {
			printf("  differs on:");
			for (size_t i = 0; i < n; i++)
				printf(" %02x", text[i]);
			printf("\n");
		}
	}
	CHECK(!bad);
	ts_tokens_release(&t);
}

int main(void)
{
	TS_RUN(test_basic_spans);
	TS_RUN(test_apostrophes);
	TS_RUN(test_utf8_separators);
	TS_RUN(test_invalid_utf8);
	TS_RUN(test_flags);
	TS_RUN(test_hashes);
	TS_RUN(test_reuse_and_long_text);
	TS_RUN(test_sep_len);
	TS_RUN(test_against_reference);
	TS_TEST_MAIN_END();
}
