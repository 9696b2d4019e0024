/*
 * tokenize.h - splits a message into word tokens once, for every detector
 * that works on words (lexicon phrases, negation windows, paraphrase
 * overlap, readability).  Internal to the library.
 *
 * A token is a maximal run of word bytes: ASCII letters and digits, and
 * bytes >= 0x80 except the UTF-8 sequences of punctuation, spaces, symbols
 * and emoji (see is_sep_seq in tokenize.c: U+0080-U+00BF mostly, the
 * General Punctuation block with curly quotes, dashes and special spaces,
 * currency, arrows and other symbol blocks, CJK punctuation, the BOM,
 * variation selectors and U+1F000-U+1FFFF).  An apostrophe (' or the curly
 * U+2019 / U+2018) between two word characters stays in the token (don't,
 * customer's); everything else separates.  Invalid UTF-8 bytes are word
 * bytes: tokenising never fails on content.
 *
 * Each token knows its byte span in the original text, its normalised form
 * (ASCII lowercased, curly apostrophes as ') and a 64-bit hash of that form
 * (ts_word_hash).  Nothing here allocates per call once the arrays are big
 * enough.
 */
#ifndef TS_TOKENIZE_H
#define TS_TOKENIZE_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* Per-token flags.  The "followed by" flags describe the separators
 * between this token and the next one (or the end of the text). */
enum {
	TS_TOK_ALPHA = 1u << 0,     /* has an ASCII letter */
	TS_TOK_DIGIT = 1u << 1,     /* has an ASCII digit */
	TS_TOK_UPPER = 1u << 2,     /* has an uppercase ASCII letter */
	TS_TOK_LOWER = 1u << 3,     /* has a lowercase ASCII letter */
	TS_TOK_ALLCAPS = 1u << 4,   /* has letters, none of them lowercase */
	TS_TOK_CAPITAL = 1u << 5,   /* starts with an uppercase ASCII letter */
	TS_TOK_NONASCII = 1u << 6,  /* has a byte >= 0x80 */
	TS_TOK_APOS = 1u << 7,      /* has an inner apostrophe */
	TS_TOK_SENT_END = 1u << 8,  /* followed by . ! or ? (not "3.5") */
	TS_TOK_QUESTION = 1u << 9,  /* followed by ? */
	TS_TOK_CLAUSE = 1u << 10,   /* followed by , ; : or a sentence end */
	TS_TOK_NEWLINE = 1u << 11   /* followed by a line break */
};

typedef struct ts_token {
	size_t start, end;  /* byte span in the text */
	size_t norm;        /* offset of the normalised form in ts_tokens.norm */
	size_t nlen;        /* its length (<= end - start) */
	uint64_t hash;      /* ts_word_hash of the normalised form */
	unsigned flags;     /* TS_TOK_* */
} ts_token;

typedef struct ts_tokens {
	ts_token *v;        /* tokens in text order */
	size_t n;
	size_t alloc;
	char *norm;         /* normalised forms back to back (not NUL-separated) */
	size_t norm_alloc;
	size_t words;       /* tokens with a letter or digit (= n: every token
	                       has a word byte) */
} ts_tokens;

void ts_tokens_init(ts_tokens *t);
void ts_tokens_release(ts_tokens *t);
/* Tokenises text (replacing what t held).  Returns TS_OK or TS_ENOMEM
 * (t is then empty). */
int ts_tokenize(ts_tokens *t, const char *text, size_t n);

static inline const char *ts_token_norm(const ts_tokens *t, size_t i)
{
	return t->norm + t->v[i].norm;
}

/* Is the byte sequence at p (m bytes left) a word character?  Returns its
 * length as a separator when it is not (>= 1), 0 when it is a word byte. */
size_t ts_sep_len(const unsigned char *p, size_t m);

/*
 * The word hash, computable incrementally so that the hash of every prefix
 * of a word falls out of one pass (stem lookups need that).  The value is
 * only meaningful inside one process.
 */
typedef struct ts_whash {
	uint64_t h, w;
	unsigned sh;
	size_t n;
} ts_whash;

#define TS_WHASH_K 0x9e3779b97f4a7c15ULL

static inline void ts_whash_init(ts_whash *s)
{
	s->h = 0;
	s->w = 0;
	s->sh = 0;
	s->n = 0;
}

static inline void ts_whash_add(ts_whash *s, unsigned char c)
{
	s->w |= (uint64_t)c << s->sh;
	s->n++;
	s->sh += 8;
	if (s->sh == 64) {
		s->h = (s->h ^ s->w) * TS_WHASH_K;
		s->h ^= s->h >> 29;
		s->w = 0;
		s->sh = 0;
	}
}

/* Words under 8 bytes leave the top byte of w free for the length, so
 * their hashes never collide (ts_mix64 is a bijection). */
static inline uint64_t ts_whash_final(const ts_whash *s)
{
	return ts_mix64(s->h ^ s->w ^ ((uint64_t)s->n << 56));
}

static inline uint64_t ts_word_hash(const char *p, size_t n)
{
	ts_whash s;
	ts_whash_init(&s);
	for (size_t i = 0; i < n; i++)
		ts_whash_add(&s, (unsigned char)p[i]);
	return ts_whash_final(&s);
}

/* Key of a word n-gram: the first word's hash, then one step per word. */
static inline uint64_t ts_ngram_next(uint64_t key, uint64_t word)
{
	return ts_mix64(key + word * 0xff51afd7ed558ccdULL);
}

/* Key of a stem entry: the key of its preceding words (TS_STEM_SEED when
 * it has none) combined with the hash of the stem. */
#define TS_STEM_SEED 0x2545f4914f6cdd1dULL
static inline uint64_t ts_stem_key(uint64_t prefix_key, uint64_t stem)
{
	return ts_mix64((prefix_key ^ 0xc4ceb9fe1a85ec53ULL) + stem * 0x9e3779b97f4a7c15ULL);
}

/* The two bits of a key in its word of the lexicon's later-key filter
 * (lexicon.h: the word is chosen by the key's top bits). */
static inline uint64_t ts_later_bits(uint64_t key)
{
	return (1ULL << (key & 63)) | (1ULL << ((key >> 6) & 63));
}

#endif
