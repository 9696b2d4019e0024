/*
 * wordlist.h - fixed lists of words and phrases, compiled once into word
 * hashes so that a detector can ask "is token i a negator?" or "does a
 * courtesy phrase start at token i?" with integer compares (internal).
 *
 * Words are written normalised (lowercase ASCII, straight apostrophes),
 * the form tokenize.c gives tokens; a phrase is words separated by single
 * spaces.  Lookups use the tokens' own hashes (ts_token.hash), so nothing
 * is re-read from the text.  Built lists are read-only and can be shared
 * by threads.
 */
#ifndef TS_WORDLIST_H
#define TS_WORDLIST_H

#include <stddef.h>
#include <stdint.h>

#include "tokenize.h"

typedef struct ts_wordlist {
	uint64_t *slot;     /* open addressing, 0 = empty */
	size_t mask;
	uint64_t top;       /* bit (hash >> 58) of every word: most tokens are
	                       in no short list, and this says so without
	                       reading the slots */
} ts_wordlist;

/* Builds from a NULL-terminated array of words.  TS_OK or TS_ENOMEM. */
int ts_wordlist_build(ts_wordlist *w, const char *const *words);
void ts_wordlist_release(ts_wordlist *w);
/* Is the word with this hash (ts_token.hash) in the list? */
static inline int ts_wordlist_has(const ts_wordlist *w, uint64_t hash)
{
	uint64_t k = hash ? hash : 1;

	if (!((w->top >> (k >> 58)) & 1))
		return 0;
	for (size_t s = (size_t)k & w->mask; w->slot[s]; s = (s + 1) & w->mask)
		if (w->slot[s] == k)
			return 1;
	return 0;
}

static inline int ts_token_in(const ts_tokens *t, size_t i, const ts_wordlist *w)
{
	return i < t->n && ts_wordlist_has(w, t->v[i].hash);
}

typedef struct ts_phraselist {
	uint64_t *words;    /* every phrase's word hashes back to back */
	size_t *first;      /* phrase k is words[first[k] .. first[k + 1]) */
	size_t n;
	uint32_t *by_head;  /* phrase numbers ordered by their first word's hash */
	ts_wordlist heads;  /* first words, to reject most tokens at once */
} ts_phraselist;

int ts_phraselist_build(ts_phraselist *p, const char *const *phrases);
void ts_phraselist_release(ts_phraselist *p);
/* Does some phrase start at token i and end before token end? */
int ts_phraselist_at(const ts_phraselist *p, const ts_tokens *t, size_t i, size_t end);
/* The length in tokens of the longest phrase that starts at token i and
 * ends before token end; 0 when none does. */
size_t ts_phraselist_len(const ts_phraselist *p, const ts_tokens *t, size_t i, size_t end);

#endif
