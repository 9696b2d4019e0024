/*
 * tokenize.c - the word tokenizer described in tokenize.h.  One pass over
 * the bytes with lookup tables; the UTF-8 separator rules live in
 * ts_sep_len.  Not a Unicode segmenter: no case folding beyond ASCII, no
 * script rules.
 */
#include "tokenize.h"

#include <stdlib.h>
#include <string.h>

#include "traitscan.h"

/* Normalised byte of an ASCII word character, 0 for everything else. */
#define NORM(c) ((unsigned char)(((c) >= 'a' && (c) <= 'z') || ((c) >= '0' && (c) <= '9') ? (c) : \
	((c) >= 'A' && (c) <= 'Z') ? (c) + 32 : 0))
/* Token flags an ASCII word character contributes. */
#define WFLAG(c) ((unsigned short)(((c) >= 'a' && (c) <= 'z') ? (TS_TOK_ALPHA | TS_TOK_LOWER) : \
	((c) >= 'A' && (c) <= 'Z') ? (TS_TOK_ALPHA | TS_TOK_UPPER) : \
	((c) >= '0' && (c) <= '9') ? TS_TOK_DIGIT : 0))
/* "Followed by" flags an ASCII separator gives the token before it. */
#define SFLAG(c) ((unsigned short)(((c) == '.' || (c) == '!') ? (TS_TOK_SENT_END | TS_TOK_CLAUSE) : \
	(c) == '?' ? (TS_TOK_SENT_END | TS_TOK_QUESTION | TS_TOK_CLAUSE) : \
	((c) == ',' || (c) == ';' || (c) == ':') ? TS_TOK_CLAUSE : \
	((c) == '\n' || (c) == '\r') ? TS_TOK_NEWLINE : 0))

#define R4(M, b) M(b), M((b) + 1), M((b) + 2), M((b) + 3)
#define R16(M, b) R4(M, b), R4(M, (b) + 4), R4(M, (b) + 8), R4(M, (b) + 12)
#define R64(M, b) R16(M, b), R16(M, (b) + 16), R16(M, (b) + 32), R16(M, (b) + 48)
#define R256(M) R64(M, 0), R64(M, 64), R64(M, 128), R64(M, 192)

static const unsigned char norm_tab[256] = {R256(NORM)};
static const unsigned short wflag_tab[256] = {R256(WFLAG)};
static const unsigned short sflag_tab[256] = {R256(SFLAG)};

void ts_tokens_init(ts_tokens *t)
{
	memset(t, 0, sizeof *t);
}

void ts_tokens_release(ts_tokens *t)
{
	free(t->v);
	free(t->norm);
	ts_tokens_init(t);
}

static int is_cont(unsigned char c)
{
	return (c & 0xc0) == 0x80;
}

/* Latin-1 supplement U+0080-U+00BF (second byte after 0xC2): controls,
 * no-break space and punctuation separate; ª ² ³ µ ¹ º ¼ ½ ¾ do not. */
static int latin1_is_sep(unsigned char u)
{
	switch (u) {
	case 0xaa: case 0xb2: case 0xb3: case 0xb5: case 0xb9: case 0xba:
	case 0xbc: case 0xbd: case 0xbe:
		return 0;
	default:
		return 1;
	}
}

size_t ts_sep_len(const unsigned char *p, size_t m)
{
	unsigned c = p[0];

	if (c < 0x80)
		return norm_tab[c] ? 0 : 1;
	switch (c) {
	case 0xc2: /* U+0080-U+00BF */
		return m >= 2 && is_cont(p[1]) && latin1_is_sep(p[1]) ? 2 : 0;
	case 0xc3: /* multiplication and division signs */
		return m >= 2 && (p[1] == 0x97 || p[1] == 0xb7) ? 2 : 0;
	case 0xe2: /* U+2000-U+2FFF */
		if (m >= 3 && is_cont(p[1]) && is_cont(p[2])) {
			unsigned cp = 0x2000u + ((p[1] & 0x3fu) << 6) + (p[2] & 0x3fu);
			/* general punctuation, currency, arrows to misc symbols */
			if (cp <= 0x206f || (cp >= 0x20a0 && cp <= 0x20cf) ||
			    (cp >= 0x2190 && cp <= 0x2bff))
				return 3;
		}
		return 0;
	case 0xe3: /* CJK symbols and punctuation U+3000-U+303F */
		return m >= 3 && p[1] == 0x80 && is_cont(p[2]) ? 3 : 0;
	case 0xef:
		if (m >= 3 && p[1] == 0xbb && p[2] == 0xbf)
			return 3; /* BOM / zero-width no-break space */
		if (m >= 3 && p[1] == 0xb8 && p[2] >= 0x80 && p[2] <= 0x8f)
			return 3; /* variation selectors */
		return 0;
	case 0xf0: /* U+1F000-U+1FFFF: emoji and pictographs */
		return m >= 4 && p[1] == 0x9f && is_cont(p[2]) && is_cont(p[3]) ? 4 : 0;
	default:
		return 0;
	}
}

/* U+2018 or U+2019, which count as apostrophes inside a word. */
static int is_curly_apos(const unsigned char *p)
{
	return p[0] == 0xe2 && p[1] == 0x80 && (p[2] == 0x98 || p[2] == 0x99);
}

static int word_at(const unsigned char *p, size_t m)
{
	return m > 0 && (norm_tab[p[0]] || (p[0] >= 0x80 && ts_sep_len(p, m) == 0));
}

static int grow_tokens(ts_tokens *t)
{
	size_t n = t->alloc ? t->alloc * 2 : 64;
	ts_token *v;

	if (n > SIZE_MAX / sizeof *v)
		return TS_ENOMEM;
	v = realloc(t->v, n * sizeof *v);
	if (!v)
		return TS_ENOMEM;
	t->v = v;
	t->alloc = n;
	return TS_OK;
}

int ts_tokenize(ts_tokens *t, const char *text, size_t n)
{
	const unsigned char *p = (const unsigned char *)text;
	unsigned char *norm;
	unsigned pending = 0; /* separator flags seen since the last token */
	size_t i = 0, nn = 0;

	t->n = 0;
	t->words = 0;
	/* The normalised text is never longer than the text; 8 bytes of slack
	 * let callers read whole words past a token's end. */
	if (n > SIZE_MAX - 8)
		return TS_ENOMEM;
	if (t->norm_alloc < n + 8) {
		char *q = realloc(t->norm, n + 8);
		if (!q)
			return TS_ENOMEM;
		t->norm = q;
		t->norm_alloc = n + 8;
	}
	norm = (unsigned char *)t->norm;

	while (i < n) {
		unsigned c = p[i];
		size_t start, ns;
		unsigned fl;
		ts_whash hs;
		ts_token *tk;

		if (!norm_tab[c]) {
			size_t l;
			if (c < 0x80) {
				unsigned sf = sflag_tab[c];
				/* "3.5" and "example.com" do not end a sentence */
				if (c == '.' && t->n && t->v[t->n - 1].end == i &&
				    word_at(p + i + 1, n - i - 1))
					sf = 0;
				pending |= sf;
				i++;
				continue;
			}
			l = ts_sep_len(p + i, n - i);
			if (l) {
				i += l;
				continue;
			}
		}
		if (t->n) {
			t->v[t->n - 1].flags |= pending;
			pending = 0;
		}
		if (t->n == t->alloc && grow_tokens(t) != TS_OK) {
			t->n = 0;
			return TS_ENOMEM;
		}
		start = i;
		ns = nn;
		fl = (c >= 'A' && c <= 'Z') ? TS_TOK_CAPITAL : 0;
		ts_whash_init(&hs);
		while (i < n) {
			unsigned char o;
			size_t l;
			c = p[i];
			o = norm_tab[c];
			if (o) {
				norm[nn++] = o;
				ts_whash_add(&hs, o);
				fl |= wflag_tab[c];
				i++;
				continue;
			}
			if (c < 0x80) {
				if (c == '\'' && word_at(p + i + 1, n - i - 1)) {
					norm[nn++] = '\'';
					ts_whash_add(&hs, '\'');
					fl |= TS_TOK_APOS;
					i++;
					continue;
				}
				break;
			}
			l = ts_sep_len(p + i, n - i);
			if (!l) {
				norm[nn++] = (unsigned char)c;
				ts_whash_add(&hs, (unsigned char)c);
				fl |= TS_TOK_NONASCII;
				i++;
				continue;
			}
			if (l == 3 && is_curly_apos(p + i) && word_at(p + i + 3, n - i - 3)) {
				norm[nn++] = '\'';
				ts_whash_add(&hs, '\'');
				fl |= TS_TOK_APOS;
				i += 3;
				continue;
			}
			break;
		}
		if ((fl & (TS_TOK_UPPER | TS_TOK_LOWER)) == TS_TOK_UPPER)
			fl |= TS_TOK_ALLCAPS;
		tk = &t->v[t->n++];
		tk->start = start;
		tk->end = i;
		tk->norm = ns;
		tk->nlen = nn - ns;
		tk->hash = ts_whash_final(&hs);
		tk->flags = fl;
	}
	if (t->n)
		t->v[t->n - 1].flags |= pending;
	t->words = t->n;
	return TS_OK;
}
