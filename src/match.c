/*
 * match.c - finds lexicon matches in one message (ts_matcher_*).
 *
 * The message is tokenised once (tokenize.h).  A phrase matches where its
 * words are consecutive tokens, whatever separates them (spaces, newlines,
 * punctuation: "sorry, to hear" is "sorry to hear").  Phrase and stem
 * entries are found by walking word n-grams from each token and looking their keys up
 * in the set's open-addressing table (lexicon.h); a slot says whether a
 * longer entry can still follow, so the walk stops at the first word that
 * cannot extend anything and the cost per token stays flat however many
 * entries there are.  Filters per message role answer first: whether a
 * token starts any entry of that role, whether an n-gram after it is a
 * key at all.  Candidates are verified against the normalised words, so a
 * hash collision never makes a false hit.  Regex entries run on PCRE2
 * (JIT when available), only on messages whose bytes and words (need=)
 * can match them.
 * Within a category overlapping matches count once: the longest wins, then
 * the earliest, then the lowest entry id.
 *
 * A matcher is per-thread scratch space; it allocates only while its
 * arrays grow.  Not here: negation, context or anything beyond one message.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "lexicon.h"
#include "regex_mem.h"
#include "tokenize.h"
#include "traitscan.h"

struct ts_matcher {
	const ts_lexset *set;
	const ts_lexindex *ix;
	ts_tokens toks;
	ts_finding *cand;      /* candidates, then the findings */
	uint32_t *idx;         /* token indexes that pass the filters */
	size_t idx_alloc;
	size_t ncand, cand_alloc;
	uint64_t *bits;        /* byte occupancy while resolving overlaps;
	                          all zero between uses */
	size_t nbits;          /* words */
	pcre2_match_data *md;
	pcre2_match_context *mc;
	pcre2_jit_stack *js;
	ts_matcher_stats st;
	unsigned *limited;     /* regex entries stopped by a limit in the
	                          last run, in index order */
	size_t nlimited, limited_cap;
	uint64_t seen[32];     /* byte presence, one byte per value */
	size_t ncats;          /* per category, for the overlap check: */
	size_t *lastend;       /* end of its last finding */
	uint32_t *stamp;       /* lastend is valid when stamp == gen */
	uint32_t gen;
};

int ts_matcher_new(ts_matcher **out, const ts_lexset *set)
{
	ts_matcher *m = calloc(1, sizeof *m);
	pcre2_general_context *g;

	*out = NULL;
	if (!m)
		return TS_ENOMEM;
	m->set = set;
	m->ix = ts_lexset_index(set);
	ts_tokens_init(&m->toks);
	m->ncats = ts_lexset_ncategories(set);
	m->lastend = calloc(m->ncats ? m->ncats : 1, sizeof *m->lastend);
	m->stamp = calloc(m->ncats ? m->ncats : 1, sizeof *m->stamp);
	g = ts_pcre2_general();
	m->md = g ? pcre2_match_data_create(1, g) : NULL;
	m->mc = g ? pcre2_match_context_create(g) : NULL;
	if (!m->md || !m->mc || !m->lastend || !m->stamp) {
		pcre2_general_context_free(g);
		ts_matcher_free(m);
		return TS_ENOMEM;
	}
	ts_matcher_set_limits(m, 0, 0);
	/* A bigger JIT stack than the 32 KiB default (a deep match would hit
	 * the small one's limit); without JIT matching interprets. */
	m->js = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, g);
	pcre2_general_context_free(g);
	if (!m->js && ts_pcre2_has_jit()) {
		ts_matcher_free(m);
		return TS_ENOMEM;
	}
	if (m->js)
		pcre2_jit_stack_assign(m->mc, NULL, m->js);
	*out = m;
	return TS_OK;
}

void ts_matcher_set_limits(ts_matcher *m, unsigned match_limit, unsigned depth_limit)
{
	pcre2_set_match_limit(m->mc, match_limit ? match_limit : TS_REGEX_MATCH_LIMIT);
	pcre2_set_depth_limit(m->mc, depth_limit ? depth_limit : TS_REGEX_DEPTH_LIMIT);
}

size_t ts_matcher_limited(const ts_matcher *m, const unsigned **entries)
{
	*entries = m->limited;
	return m->nlimited;
}

void ts_matcher_free(ts_matcher *m)
{
	if (!m)
		return;
	ts_tokens_release(&m->toks);
	free(m->cand);
	free(m->idx);
	free(m->bits);
	free(m->lastend);
	free(m->stamp);
	free(m->limited);
	pcre2_match_data_free(m->md);
	pcre2_match_context_free(m->mc);
	pcre2_jit_stack_free(m->js);
	free(m);
}

void ts_matcher_get_stats(const ts_matcher *m, ts_matcher_stats *out)
{
	*out = m->st;
}

const ts_tokens *ts_matcher_tokens(const ts_matcher *m)
{
	return &m->toks;
}

static int role_ok(unsigned entry_role, unsigned role)
{
	return entry_role == TS_ROLE_UNKNOWN || entry_role == role;
}

static int emit(ts_matcher *m, uint32_t entry, size_t start, size_t end)
{
	const ts_lexentry *e = &m->ix->entries[entry];
	ts_finding *f;

	if (ts_grow_array(&m->cand, &m->cand_alloc, m->ncand + 1, sizeof *m->cand, 64))
		return TS_ENOMEM;
	f = &m->cand[m->ncand++];
	f->category = e->category;
	f->entry = entry;
	f->start = start;
	f->end = end;
	f->weight = e->weight;
	f->detector = TS_DET_LEXICON;
	f->status = TS_COUNTED;
	f->detail = TS_DETAIL_NONE;
	return TS_OK;
}

/* ---- phrases and stems -------------------------------------------------- */

/* Could key (not a first word's) be in the table for this message's
 * role?  0: certainly not. */
static int in_later(const struct ts_lexfilter *f, uint64_t key)
{
	uint64_t bits = ts_later_bits(key);

	return (f->later[key >> f->later_shift] & bits) == bits;
}

static const ts_lexslot *lookup(const ts_lexindex *ix, uint64_t key)
{
	size_t i = key & ix->mask;
	uint32_t tag = (uint32_t)(key >> 32);

	for (;;) {
		const ts_lexslot *s = &ix->slots[i];
		if (!s->meta)
			return NULL;
		if (s->tag == tag)
			return s;
		i = (i + 1) & ix->mask;
	}
}

/* Do tokens i, i+1, ... (count of them) equal the NUL-terminated words at
 * w?  Returns the byte after the last compared word's NUL, NULL if not. */
static const char *same_words(const ts_matcher *m, const char *w, size_t i, size_t count)
{
	const ts_token *tok = m->toks.v;

	for (size_t k = 0; k < count; k++) {
		const char *t = m->toks.norm + tok[i + k].norm;
		size_t l = tok[i + k].nlen, b;
		/* token bytes are never NUL, so a shorter word stops the loop */
		for (b = 0; b < l; b++)
			if (w[b] != t[b])
				return NULL;
		if (w[l])
			return NULL;
		w += l + 1;
	}
	return w;
}

/* Phrase records at one slot for the n-gram of tokens i..j. */
static int check_phrases(ts_matcher *m, unsigned role, uint32_t r, size_t i, size_t j)
{
	const ts_lexindex *ix = m->ix;

	for (; r != TS_LEX_NONE; r = ix->recs[r].next) {
		const ts_lexrec *rec = &ix->recs[r];
		if (rec->kind != TS_ENTRY_PHRASE || rec->nwords != j - i + 1 || !role_ok(rec->role, role))
			continue;
		if (same_words(m, ix->pool + rec->words, i, j - i + 1) &&
		    emit(m, rec->entry, m->toks.v[i].start, m->toks.v[j].end))
			return TS_ENOMEM;
	}
	return TS_OK;
}

static int has_stem_len(const ts_lexindex *ix, size_t len)
{
	size_t lo = 0, hi = ix->nstemlens;

	if (len < 64)
		return (ix->stemlen_mask >> len) & 1;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ix->stemlens[mid] == len)
			return 1;
		if (ix->stemlens[mid] < len)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* Stem records at the slot for key, for stems of length l that start
 * token j and follow tokens i..j-1. */
static int check_stems(ts_matcher *m, unsigned role, uint64_t key, size_t i, size_t j,
                       size_t l)
{
	const ts_lexindex *ix = m->ix;
	const ts_token *tk = &m->toks.v[j];
	const ts_lexslot *s = in_later(&ix->filt[role], key) ? lookup(ix, key) : NULL;

	if (!s)
		return TS_OK;
	for (uint32_t r = ts_slot_first(s); r != TS_LEX_NONE; r = ix->recs[r].next) {
		const ts_lexrec *rec = &ix->recs[r];
		const char *stem;
		if (rec->kind != TS_ENTRY_STEM || rec->nwords != j - i + 1 || rec->stemlen != l ||
		    !role_ok(rec->role, role))
			continue;
		stem = same_words(m, ix->pool + rec->words, i, j - i);
		if (!stem || memcmp(stem, m->toks.norm + tk->norm, l) != 0)
			continue;
		if (emit(m, rec->entry, m->toks.v[i].start, tk->end))
			return TS_ENOMEM;
	}
	return TS_OK;
}

/* Stem entries whose preceding words are tokens i..j-1 (key pkey) and
 * whose stem starts token j: one pass over the token's bytes, a lookup at
 * each stem length in use. */
static int try_stems(ts_matcher *m, unsigned role, uint64_t pkey, size_t i, size_t j)
{
	const ts_lexindex *ix = m->ix;
	const ts_token *tk = &m->toks.v[j];
	const unsigned char *w = (const unsigned char *)m->toks.norm + tk->norm;
	size_t len = tk->nlen, maxl = len < ix->stem_max ? len : ix->stem_max;
	ts_whash hs;

	if (len < ix->stem_min)
		return TS_OK;
	ts_whash_init(&hs);
	for (size_t l = 1; l <= maxl; l++) {
		ts_whash_add(&hs, w[l - 1]);
		if (has_stem_len(ix, l) &&
		    check_stems(m, role, ts_stem_key(pkey, ts_whash_final(&hs)), i, j, l))
			return TS_ENOMEM;
	}
	return TS_OK;
}

/* Stem entries without preceding words whose stem starts token i. */
static int try_bare_stems(ts_matcher *m, unsigned role, size_t i)
{
	const ts_lexindex *ix = m->ix;
	const ts_token *tk = &m->toks.v[i];
	const unsigned char *w = (const unsigned char *)m->toks.norm + tk->norm;
	size_t len = tk->nlen, maxl;
	uint64_t lens = ix->bare_lens[w[0]];
	ts_whash hs;

	if (len < 2)
		lens &= 2; /* only a one-byte stem can match */
	if (!lens)
		return TS_OK;
	maxl = (lens & 1) ? ix->stem_max : ts_top_bit64(lens);
	if (maxl > len)
		maxl = len;
	ts_whash_init(&hs);
	for (size_t l = 1; l <= maxl; l++) {
		ts_whash_add(&hs, w[l - 1]);
		if (l < 64 ? !((lens >> l) & 1) : !has_stem_len(ix, l))
			continue;
		if (check_stems(m, role, ts_stem_key(TS_STEM_SEED, ts_whash_final(&hs)), i, i, l))
			return TS_ENOMEM;
	}
	return TS_OK;
}

static unsigned in_first(const struct ts_lexfilter *f, uint64_t key)
{
	uint64_t b = key >> f->first_shift;
	return (unsigned)(f->first[b >> 6] >> (b & 63)) & 1u;
}

/* Entries (phrases, and stems after their words) whose first word is
 * token i. */
static int walk_from(ts_matcher *m, unsigned role, size_t i)
{
	const ts_lexindex *ix = m->ix;
	const ts_token *tok = m->toks.v;
	size_t nt = m->toks.n, j = i;
	uint64_t key = tok[i].hash;

	for (;;) {
		const ts_lexslot *s = lookup(ix, key);
		if (!s)
			return TS_OK;
		if (ts_slot_first(s) != TS_LEX_NONE && check_phrases(m, role, ts_slot_first(s), i, j))
			return TS_ENOMEM;
		if ((s->meta & TS_SLOT_STEMS) && j + 1 < nt && try_stems(m, role, key, i, j + 1))
			return TS_ENOMEM;
		if (!(s->meta & TS_SLOT_PREFIX) || ++j >= nt)
			return TS_OK;
		key = ts_ngram_next(key, tok[j].hash);
		if (!in_later(&ix->filt[role], key))
			return TS_OK;
	}
}

/*
 * Most tokens start nothing.  A first pass without branches collects the
 * tokens that pass the filters, so that the unpredictable "could this
 * start an entry?" test costs no mispredicted jumps; then only those are
 * walked.
 */
static int find_words(ts_matcher *m, unsigned role)
{
	const ts_lexindex *ix = m->ix;
	const struct ts_lexfilter *f = &ix->filt[role];
	const ts_token *tok = m->toks.v;
	size_t nt = m->toks.n, np = 0, nb = 0, k;
	uint32_t *pc, *bc;

	if (nt == 0)
		return TS_OK;
	if (nt > UINT32_MAX / 2)
		nt = UINT32_MAX / 2; /* a 4 GiB message: later tokens find nothing */
	if (m->idx_alloc < 2 * nt) {
		uint32_t *v = realloc(m->idx, 2 * nt * sizeof *v);
		if (!v)
			return TS_ENOMEM;
		m->idx = v;
		m->idx_alloc = 2 * nt;
	}
	pc = m->idx;
	bc = m->idx + nt;
	if (ix->bare_stems) {
		const unsigned char *norm = (const unsigned char *)m->toks.norm;
		for (k = 0; k < nt; k++) {
			const unsigned char *w = norm + tok[k].norm;
			unsigned q = (unsigned)w[0] << 8 | (tok[k].nlen > 1 ? w[1] : 0u);
			pc[np] = bc[nb] = (uint32_t)k;
			np += in_first(f, tok[k].hash);
			nb += (ix->bare_pair[q >> 3] >> (q & 7)) & 1u;
		}
	} else {
		for (k = 0; k < nt; k++) {
			pc[np] = (uint32_t)k;
			np += in_first(f, tok[k].hash);
		}
	}
	for (k = 0; k < nb; k++)
		if (try_bare_stems(m, role, bc[k]))
			return TS_ENOMEM;
	for (k = 0; k < np; k++)
		if (walk_from(m, role, pc[k]))
			return TS_ENOMEM;
	return TS_OK;
}

/* ---- regexes ------------------------------------------------------------- */

static int utf8_valid(const unsigned char *p, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned c = p[i], c1;
		if (i + 8 <= n) {
			uint64_t x;
			memcpy(&x, p + i, 8);
			if (!(x & 0x8080808080808080ULL)) {
				i += 8;
				continue;
			}
		}
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c < 0xc2 || c > 0xf4 || i + 1 >= n || (p[i + 1] & 0xc0) != 0x80)
			return 0;
		c1 = p[i + 1];
		if (c < 0xe0) {
			i += 2;
			continue;
		}
		if (i + 2 >= n || (p[i + 2] & 0xc0) != 0x80 || (c == 0xe0 && c1 < 0xa0) ||
		    (c == 0xed && c1 > 0x9f))
			return 0;
		if (c < 0xf0) {
			i += 3;
			continue;
		}
		if (i + 3 >= n || (p[i + 3] & 0xc0) != 0x80 || (c == 0xf0 && c1 < 0x90) ||
		    (c == 0xf4 && c1 > 0x8f))
			return 0;
		i += 4;
	}
	return 1;
}

/* The set of byte values in the text as a 256-bit mask, ASCII letters
 * folded so that either case sets both. */
static void byte_set(uint64_t scratch[32], const unsigned char *p, size_t n, uint64_t out[4])
{
	unsigned char *seen = (unsigned char *)scratch;
	uint64_t both;

	memset(seen, 0, 256);
	for (size_t i = 0; i < n; i++)
		seen[p[i]] = 1;
	for (int k = 0; k < 4; k++) {
		out[k] = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
		for (int j = 0; j < 8; j++) {
			uint64_t x;
			memcpy(&x, seen + 64 * k + 8 * j, 8);
			/* gathers the low bit of each of the 8 bytes into one byte */
			out[k] |= ((x * 0x0102040810204080ULL) >> 56) << (8 * j);
		}
#else
		for (int j = 0; j < 64; j++)
			out[k] |= (uint64_t)seen[64 * k + j] << j;
#endif
	}
	/* 'A'..'Z' are bits 1..26 of word 1, 'a'..'z' bits 33..58 */
	both = ((out[1] >> 1) | (out[1] >> 33)) & 0x3ffffffULL;
	out[1] |= (both << 1) | (both << 33);
}

static uint64_t has_byte(const uint64_t set[4], unsigned c)
{
	return (set[c >> 6] >> (c & 63)) & 1;
}

/* Can rx match a text of n bytes whose byte set is present?  1 or 0,
 * computed without jumps: which regexes pass is unpredictable. */
static uint64_t may_match(const ts_lexregex *rx, const uint64_t present[4], size_t n)
{
	uint64_t ok = n >= rx->minlen;

	ok &= (uint64_t)!rx->has_first | has_byte(present, rx->first);
	ok &= (uint64_t)!rx->has_bitmap |
	      (uint64_t)(((rx->bitmap[0] & present[0]) | (rx->bitmap[1] & present[1]) |
	                  (rx->bitmap[2] & present[2]) | (rx->bitmap[3] & present[3])) != 0);
	ok &= (uint64_t)!rx->has_last | has_byte(present, rx->last);
	ok &= (uint64_t)(((rx->required[0] & ~present[0]) | (rx->required[1] & ~present[1])) == 0);
	return ok;
}

int ts_lexregex_may_match(const ts_lexregex *rx, const char *text, size_t n)
{
	uint64_t seen[32], present[4];

	byte_set(seen, (const unsigned char *)text, n, present);
	return (int)may_match(rx, present, n);
}

/* May the message (its token Bloom filter) have one of rx's need= words?
 * 1 when rx has none. */
static uint64_t has_needed_word(const ts_lexregex *rx, const uint64_t bloom[16])
{
	uint64_t any = 0;

	for (int k = 0; k < 16; k++)
		any |= bloom[k] & rx->needbits[k];
	return (uint64_t)(rx->nneed == 0) | (uint64_t)(any != 0);
}

/* Runs regex entry rx over the whole text. */
static int run_regex(ts_matcher *m, const ts_lexregex *rx, const char *text, size_t n,
                     uint32_t opts)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t mark = m->ncand, start = 0;

	m->st.regex_runs++;
	while (start < n) {
		PCRE2_SIZE *ov;
		int rc = pcre2_match(rx->code, (PCRE2_SPTR)text, n, start, opts, m->md, m->mc);
		if (rc == PCRE2_ERROR_NOMATCH)
			break;
		if (rc == PCRE2_ERROR_NOMEMORY)
			return TS_ENOMEM;
		if (rc < 0) {
			/* match/depth/heap limit: this entry finds nothing here */
			m->st.regex_limited++;
			m->ncand = mark;
			if (ts_grow_array(&m->limited, &m->limited_cap, m->nlimited + 1,
			                  sizeof *m->limited, 4))
				return TS_ENOMEM;
			m->limited[m->nlimited++] = rx->entry;
			break;
		}
		ov = pcre2_get_ovector_pointer(m->md);
		if (ov[1] > ov[0] && emit(m, rx->entry, ov[0], ov[1]))
			return TS_ENOMEM;
		if (ov[1] > start) {
			start = ov[1];
		} else {
			start++;
			while (start < n && (p[start] & 0xc0) == 0x80)
				start++;
		}
	}
	return TS_OK;
}

/*
 * The role's regexes, 64 at a time: first, without jumps, a bit for each
 * that passes its gates (the bytes it needs, a need= word), then a run of
 * just those, in entry order.
 */
static int find_regex(ts_matcher *m, unsigned role, const char *text, size_t n)
{
	const ts_lexindex *ix = m->ix;
	const uint32_t *list = ix->rx_of_role[role];
	size_t nlist = ix->nrx_of_role[role];
	const unsigned char *p = (const unsigned char *)text;
	uint64_t present[4], bloom[16] = { 0 };
	uint32_t opts = 0;
	int checked = 0;

	if (!nlist)
		return TS_OK;
	byte_set(m->seen, p, n, present);
	for (size_t i = 0; i < m->toks.n; i++)
		ts_need_bit(bloom, m->toks.v[i].hash);
	for (size_t base = 0; base < nlist; base += 64) {
		size_t cnt = nlist - base < 64 ? nlist - base : 64;
		uint64_t pass = 0;
		for (size_t k = 0; k < cnt; k++) {
			const ts_lexregex *rx = &ix->regex[list[base + k]];
			pass |= (may_match(rx, present, n) & has_needed_word(rx, bloom)) << k;
		}
		m->st.regex_skipped += cnt - (size_t)ts_popcount64(pass);
		for (; pass; pass &= pass - 1) {
			int rc;
			/* With PCRE2_MATCH_INVALID_UTF bad bytes never fail a match;
			 * a valid text just skips PCRE2's own check.  ASCII is
			 * valid. */
			if (!checked) {
				checked = 1;
				opts = PCRE2_NOTEMPTY;
				if (!(present[2] | present[3]) || utf8_valid(p, n))
					opts |= PCRE2_NO_UTF_CHECK;
			}
			rc = run_regex(m, &ix->regex[list[base + (size_t)ts_low_bit64(pass)]], text, n, opts);
			if (rc)
				return rc;
		}
	}
	return TS_OK;
}

/* ---- overlaps and order -------------------------------------------------- */

static int cmp_by_category(const void *a, const void *b)
{
	const ts_finding *x = a, *y = b;
	if (x->category != y->category)
		return x->category < y->category ? -1 : 1;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end > y->end ? -1 : 1;
	return x->entry < y->entry ? -1 : x->entry > y->entry;
}

/* Longest first, then earliest, then lowest entry id. */
static int cmp_by_priority(const void *a, const void *b)
{
	const ts_finding *x = a, *y = b;
	size_t lx = x->end - x->start, ly = y->end - y->start;
	if (lx != ly)
		return lx > ly ? -1 : 1;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->entry < y->entry ? -1 : x->entry > y->entry;
}

static int cmp_by_start(const void *a, const void *b)
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

/* Insertion sort for the usual handful of nearly sorted findings, qsort
 * beyond (inline so that the comparison is inlined too). */
static inline void sort_findings(ts_finding *v, size_t n, int (*cmp)(const void *, const void *))
{
	if (n > 24) {
		qsort(v, n, sizeof *v, cmp);
		return;
	}
	for (size_t i = 1; i < n; i++) {
		ts_finding x = v[i];
		size_t j = i;
		while (j > 0 && cmp(&v[j - 1], &x) > 0) {
			v[j] = v[j - 1];
			j--;
		}
		v[j] = x;
	}
}

static int range_free(const uint64_t *bits, size_t s, size_t e)
{
	for (size_t i = s; i < e;) {
		size_t w = i >> 6, b = i & 63, span = 64 - b;
		uint64_t mask;
		if (span > e - i)
			span = e - i;
		mask = (span == 64 ? ~0ULL : ((1ULL << span) - 1)) << b;
		if (bits[w] & mask)
			return 0;
		i += span;
	}
	return 1;
}

static void range_mark(uint64_t *bits, size_t s, size_t e, int on)
{
	for (size_t i = s; i < e;) {
		size_t w = i >> 6, b = i & 63, span = 64 - b;
		uint64_t mask;
		if (span > e - i)
			span = e - i;
		mask = (span == 64 ? ~0ULL : ((1ULL << span) - 1)) << b;
		if (on)
			bits[w] |= mask;
		else
			bits[w] &= ~mask;
		i += span;
	}
}

/* Do two findings of one category overlap?  c is sorted by start. */
static int any_overlap(ts_matcher *m, const ts_finding *c, size_t n)
{
	if (++m->gen == 0) {
		memset(m->stamp, 0, m->ncats * sizeof *m->stamp);
		m->gen = 1;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned k = c[i].category;
		if (m->stamp[k] == m->gen && c[i].start < m->lastend[k])
			return 1;
		m->stamp[k] = m->gen;
		m->lastend[k] = c[i].end;
	}
	return 0;
}

/* Keeps, per category, the longest of overlapping candidates and orders
 * the result by (start, category). */
static int resolve(ts_matcher *m, size_t textlen)
{
	ts_finding *c = m->cand;
	size_t n = m->ncand, out = 0, g, ge;

	if (n <= 1)
		return TS_OK;
	/* usually nothing overlaps: one (nearly linear) sort and a check */
	sort_findings(c, n, cmp_by_start);
	if (!any_overlap(m, c, n))
		return TS_OK;
	sort_findings(c, n, cmp_by_category);
	for (g = 0; g < n; g = ge) {
		size_t maxend = c[g].end, keep = out;
		int overlap = 0;

		for (ge = g + 1; ge < n && c[ge].category == c[g].category; ge++) {
			if (c[ge].start < maxend)
				overlap = 1;
			if (c[ge].end > maxend)
				maxend = c[ge].end;
		}
		if (!overlap) {
			memmove(c + out, c + g, (ge - g) * sizeof *c);
			out += ge - g;
			continue;
		}
		if (m->nbits < textlen / 64 + 1) {
			size_t nw = textlen / 64 + 1;
			uint64_t *b = realloc(m->bits, nw * sizeof *b);
			if (!b)
				return TS_ENOMEM;
			memset(b + m->nbits, 0, (nw - m->nbits) * sizeof *b);
			m->bits = b;
			m->nbits = nw;
		}
		sort_findings(c + g, ge - g, cmp_by_priority);
		for (size_t k = g; k < ge; k++) {
			if (!range_free(m->bits, c[k].start, c[k].end))
				continue;
			range_mark(m->bits, c[k].start, c[k].end, 1);
			c[out++] = c[k];
		}
		for (size_t k = keep; k < out; k++)
			range_mark(m->bits, c[k].start, c[k].end, 0);
	}
	m->ncand = out;
	sort_findings(c, out, cmp_by_start);
	return TS_OK;
}

static int grow_categories(ts_matcher *m)
{
	size_t n = ts_lexset_ncategories(m->set);
	size_t *e = realloc(m->lastend, n * sizeof *e);
	uint32_t *st;

	if (!e)
		return TS_ENOMEM;
	m->lastend = e;
	st = realloc(m->stamp, n * sizeof *st);
	if (!st)
		return TS_ENOMEM;
	memset(st, 0, n * sizeof *st);
	m->stamp = st;
	m->ncats = n;
	return TS_OK;
}

int ts_matcher_run(ts_matcher *m, ts_role role, const char *text, size_t n,
                   const ts_finding **found, size_t *nfound, size_t *words)
{
	const ts_lexindex *ix = m->ix;
	int rc;

	if ((unsigned)role >= TS_ROLE_COUNT)
		role = TS_ROLE_UNKNOWN; /* "any" entries only, as role_ok says */
	m->st.messages++;
	m->ncand = 0;
	m->nlimited = 0;
	if (m->ncats < ts_lexset_ncategories(m->set) && grow_categories(m))
		return TS_ENOMEM; /* the set was compiled after the matcher was made */
	*found = m->cand;
	*nfound = 0;
	*words = 0;
	if (!text) {
		text = "";
		n = 0;
	}
	rc = ts_tokenize(&m->toks, text, n);
	if (rc)
		return rc;
	*words = m->toks.words;
	if (ix->nrecs)
		rc = find_words(m, (unsigned)role);
	if (!rc && ix->nregex)
		rc = find_regex(m, (unsigned)role, text, n);
	if (!rc)
		rc = resolve(m, n);
	if (rc) {
		m->ncand = 0;
		return rc;
	}
	*found = m->cand;
	*nfound = m->ncand;
	return TS_OK;
}
