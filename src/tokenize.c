/*
 * tokenize.c - the word tokenizer described in tokenize.h.  One pass over
 * the bytes: the usual short ASCII word is classified, lowercased, flagged
 * and hashed from one 8-byte load (SWAR, no per-byte branches); apostrophes,
 * bytes >= 0x80 (the UTF-8 separator rules of ts_sep_len) and long words
 * take the byte-at-a-time path.  Not a Unicode segmenter: no case folding
 * beyond ASCII, no script rules.
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

/* For an ASCII word character: its normalised byte | its flags << 8. */
#define WORD(c) ((unsigned short)(NORM(c) | (WFLAG(c) << 8)))

static const unsigned char norm_tab[256] = {R256(NORM)};
static const unsigned short word_tab[256] = {R256(WORD)};
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

/* 8 bytes as a little-endian number, the order ts_whash_add uses. */
static uint64_t load_le64(const unsigned char *p)
{
	uint64_t w;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	memcpy(&w, p, 8);
#else
	w = 0;
	for (int k = 7; k >= 0; k--)
		w = (w << 8) | p[k];
#endif
	return w;
}

static void store_le64(unsigned char *p, uint64_t w)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	memcpy(p, &w, 8);
#else
	for (int k = 0; k < 8; k++)
		p[k] = (unsigned char)(w >> (8 * k));
#endif
}

/*
 * SWAR byte classes (Bit Twiddling Hacks, "hasbetween"): the high bit of
 * each byte of the result is set when that byte of x is in (m, n); bytes
 * >= 0x80 never are.  Exact per byte, no carries between bytes.
 */
#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL
static uint64_t between(uint64_t x, unsigned m, unsigned n)
{
	uint64_t low7 = x & (ONES * 127);
	return (ONES * (127 + n) - low7) & ~x & (low7 + ONES * (127 - m)) & HIGHS;
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

/*
 * ts_word_hash of the n bytes at p, 8 bytes at a time.  Reads up to 7
 * bytes past p + n (the norm buffer's slack) and masks them off.
 */
static uint64_t hash_norm(const unsigned char *p, size_t n)
{
	uint64_t h = 0, w;
	size_t k = 0, rest;

	for (; k + 8 <= n; k += 8) {
		w = load_le64(p + k);
		h = (h ^ w) * TS_WHASH_K;
		h ^= h >> 29;
	}
	rest = n - k;
	w = rest ? load_le64(p + k) & (~0ULL >> (64 - 8 * rest)) : 0;
	return ts_mix64(h ^ w ^ ((uint64_t)n << 56));
}

int ts_tokenize(ts_tokens *t, const char *text, size_t n)
{
	const unsigned char *p = (const unsigned char *)text;
	unsigned char *norm;
	unsigned pending = 0; /* separator flags seen since the last token */
	size_t i = 0, nn = 0, nt = 0;
	ts_token *v;

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
	/* Locals, not t->...: stores through norm (a char pointer) may alias
	 * anything, which would make the compiler reload t at every byte. */
	v = t->v;

	while (i < n) {
		unsigned c = p[i];
		size_t start, ns;
		unsigned fl;
		ts_token *tk;

		if (!norm_tab[c]) {
			size_t l;
			if (c < 0x80) {
				unsigned sf = sflag_tab[c];
				/* "3.5" and "example.com" do not end a sentence */
				if (c == '.' && nt && v[nt - 1].end == i &&
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
		if (nt)
			v[nt - 1].flags |= pending;
		pending = 0; /* separators before the first token flag nothing */
		if (nt == t->alloc) {
			if (grow_tokens(t) != TS_OK)
				return TS_ENOMEM;
			v = t->v;
		}
		/* The usual token: 1-7 ASCII letters or digits followed by an
		 * ASCII byte other than an apostrophe, classified 8 bytes at a
		 * time without branches. */
		if (i + 8 <= n) {
			uint64_t x = load_le64(p + i);
			uint64_t al = between(x | (ONES * 0x20), 0x60, 0x7b); /* letters */
			uint64_t dg = between(x, '0' - 1, '9' + 1);
			uint64_t stop = ~(al | dg) & HIGHS;
			unsigned sh = stop ? ts_low_bit64(stop) : 0; /* 8 * length + 7 */
			size_t k = sh >> 3;
			if (k && p[i + k] < 0x80 && p[i + k] != '\'') {
				uint64_t in = (1ULL << (sh - 7)) - 1, inh = in & HIGHS;
				uint64_t up = al & ~(x << 2) & inh; /* bit 5 clear: uppercase */
				uint64_t lo = al & inh & ~up;
				uint64_t lw = (x | (al >> 2)) & in;
				store_le64(norm + nn, lw);
				fl = (up & 0x80 ? TS_TOK_CAPITAL : 0) |
				     (al & inh ? TS_TOK_ALPHA : 0) | (dg & inh ? TS_TOK_DIGIT : 0) |
				     (up ? (lo ? TS_TOK_UPPER : TS_TOK_UPPER | TS_TOK_ALLCAPS) : 0) |
				     (lo ? TS_TOK_LOWER : 0);
				tk = &v[nt++];
				tk->start = i;
				tk->end = i + k;
				tk->norm = nn;
				tk->nlen = k;
				tk->hash = ts_mix64(lw ^ ((uint64_t)k << 56));
				tk->flags = fl;
				i += k;
				nn += k;
				continue;
			}
		}
		start = i;
		ns = nn;
		fl = (c >= 'A' && c <= 'Z') ? TS_TOK_CAPITAL : 0;
		for (;;) {
			unsigned e;
			size_t l;
			/* ASCII letters and digits 8 at a time */
			while (i + 8 <= n) {
				uint64_t x = load_le64(p + i);
				uint64_t up = between(x, 'A' - 1, 'Z' + 1);
				uint64_t lo = between(x, 'a' - 1, 'z' + 1);
				uint64_t dg = between(x, '0' - 1, '9' + 1);
				uint64_t stop = ~(up | lo | dg) & HIGHS, in = HIGHS;
				size_t k = 8;
				store_le64(norm + nn, x + (up >> 2)); /* 0x80 >> 2 = 'a' - 'A' */
				if (stop) {
					k = (size_t)ts_low_bit64(stop) >> 3;
					in = HIGHS & ((1ULL << (8 * k)) - 1);
				}
				fl |= ((up & in) ? TS_TOK_ALPHA | TS_TOK_UPPER : 0) |
				      ((lo & in) ? TS_TOK_ALPHA | TS_TOK_LOWER : 0) |
				      ((dg & in) ? TS_TOK_DIGIT : 0);
				nn += k;
				i += k;
				if (stop)
					break;
			}
			while (i < n && ((e = word_tab[p[i]]) & 0xff)) {
				norm[nn++] = (unsigned char)e;
				fl |= e >> 8;
				i++;
			}
			if (i >= n)
				break;
			c = p[i];
			if (c < 0x80) {
				if (c == '\'' && word_at(p + i + 1, n - i - 1)) {
					norm[nn++] = '\'';
					fl |= TS_TOK_APOS;
					i++;
					continue;
				}
				break;
			}
			l = ts_sep_len(p + i, n - i);
			if (!l) {
				norm[nn++] = (unsigned char)c;
				fl |= TS_TOK_NONASCII;
				i++;
				continue;
			}
			if (l == 3 && is_curly_apos(p + i) && word_at(p + i + 3, n - i - 3)) {
				norm[nn++] = '\'';
				fl |= TS_TOK_APOS;
				i += 3;
				continue;
			}
			break;
		}
		if ((fl & (TS_TOK_UPPER | TS_TOK_LOWER)) == TS_TOK_UPPER)
			fl |= TS_TOK_ALLCAPS;
		tk = &v[nt++];
		tk->start = start;
		tk->end = i;
		tk->norm = ns;
		tk->nlen = nn - ns;
		tk->hash = hash_norm(norm + ns, nn - ns);
		tk->flags = fl;
	}
	if (nt)
		v[nt - 1].flags |= pending;
	t->n = nt;
	t->words = nt;
	return TS_OK;
}
