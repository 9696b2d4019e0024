/*
 * wordlist.c - word and phrase lists as hash sets (see wordlist.h).
 */
#include "wordlist.h"

#include <stdlib.h>
#include <string.h>

#include "traitscan.h"

/* A hash of 0 marks an empty slot; a word hashing to 0 is stored as 1
 * (a false hit is then possible for a token hashing to 1: 2^-64). */
static uint64_t key_of(uint64_t h)
{
	return h ? h : 1;
}

static int add(ts_wordlist *w, uint64_t h)
{
	size_t s = (size_t)key_of(h) & w->mask;

	while (w->slot[s] && w->slot[s] != key_of(h))
		s = (s + 1) & w->mask;
	w->slot[s] = key_of(h);
	w->top |= 1ULL << (key_of(h) >> 58);
	return TS_OK;
}

static int alloc_slots(ts_wordlist *w, size_t n)
{
	size_t cap = 16;

	while (cap < 2 * n + 2)
		cap *= 2;
	w->slot = calloc(cap, sizeof *w->slot);
	w->mask = cap - 1;
	w->top = 0;
	return w->slot ? TS_OK : TS_ENOMEM;
}

int ts_wordlist_build(ts_wordlist *w, const char *const *words)
{
	size_t n = 0;

	while (words[n])
		n++;
	if (alloc_slots(w, n))
		return TS_ENOMEM;
	for (size_t i = 0; i < n; i++)
		add(w, ts_word_hash(words[i], strlen(words[i])));
	return TS_OK;
}

void ts_wordlist_release(ts_wordlist *w)
{
	free(w->slot);
	w->slot = NULL;
}

static uint64_t head_of(const ts_phraselist *p, size_t k)
{
	return p->words[p->first[k]];
}

int ts_phraselist_build(ts_phraselist *p, const char *const *phrases)
{
	size_t n = 0, nw = 0;

	memset(p, 0, sizeof *p);
	while (phrases[n]) {
		for (const char *s = phrases[n]; *s; s++)
			nw += *s == ' ';
		nw++;
		n++;
	}
	if (n > UINT32_MAX)
		return TS_ELIMIT;
	p->words = malloc((nw ? nw : 1) * sizeof *p->words);
	p->first = malloc((n + 1) * sizeof *p->first);
	p->by_head = malloc((n ? n : 1) * sizeof *p->by_head);
	if (!p->words || !p->first || !p->by_head || alloc_slots(&p->heads, n)) {
		ts_phraselist_release(p);
		return TS_ENOMEM;
	}
	nw = 0;
	for (size_t k = 0; k < n; k++) {
		const char *s = phrases[k];
		p->first[k] = nw;
		while (*s) {
			const char *sp = strchr(s, ' ');
			size_t len = sp ? (size_t)(sp - s) : strlen(s);
			p->words[nw++] = ts_word_hash(s, len);
			s += len + (sp != NULL);
		}
		add(&p->heads, p->words[p->first[k]]);
	}
	p->first[n] = nw;
	p->n = n;
	/* insertion sort: the lists are a few hundred phrases, built once */
	for (size_t k = 0; k < n; k++) {
		size_t j = k;
		while (j > 0 && head_of(p, p->by_head[j - 1]) > p->words[p->first[k]]) {
			p->by_head[j] = p->by_head[j - 1];
			j--;
		}
		p->by_head[j] = (uint32_t)k;
	}
	return TS_OK;
}

void ts_phraselist_release(ts_phraselist *p)
{
	free(p->words);
	free(p->first);
	free(p->by_head);
	ts_wordlist_release(&p->heads);
	memset(p, 0, sizeof *p);
}

/* The first of the phrases (in by_head order) whose first word is token
 * i's, p->n when none is. */
static size_t first_with_head(const ts_phraselist *p, uint64_t h)
{
	size_t lo = 0, hi = p->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (head_of(p, p->by_head[mid]) < h)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The longest phrase at token i that ends before token end (0: none);
 * with any, the first found will do. */
static size_t longest_at(const ts_phraselist *p, const ts_tokens *t, size_t i, size_t end,
                         int any)
{
	size_t best = 0;
	uint64_t h;

	if (i >= end || i >= t->n || !ts_wordlist_has(&p->heads, t->v[i].hash))
		return 0;
	h = t->v[i].hash;
	for (size_t o = first_with_head(p, h); o < p->n && head_of(p, p->by_head[o]) == h; o++) {
		size_t k = p->by_head[o], len = p->first[k + 1] - p->first[k], j;
		if (len <= best || i + len > end)
			continue;
		for (j = 1; j < len && t->v[i + j].hash == p->words[p->first[k] + j]; j++)
			;
		if (j == len) {
			best = len;
			if (any)
				break;
		}
	}
	return best;
}

int ts_phraselist_at(const ts_phraselist *p, const ts_tokens *t, size_t i, size_t end)
{
	return longest_at(p, t, i, end, 1) > 0;
}

size_t ts_phraselist_len(const ts_phraselist *p, const ts_tokens *t, size_t i, size_t end)
{
	return longest_at(p, t, i, end, 0);
}
