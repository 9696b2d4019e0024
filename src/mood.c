/*
 * mood.c - the valence of a customer message (mood.h), in the spirit of
 * the well-known VADER heuristics, written from their idea for support
 * chat.  Each counted mood finding starts from its entry's weight w
 * (-4..+4; d is its sign) and is adjusted in this order:
 *
 *   booster   the token right before it is "very", "really", "so",
 *             "extremely"... (same clause):              w += d * 0.293
 *   dampener  a phrase right before it is "a bit", "slightly", "kind of",
 *             "somewhat"... (same clause):  |w| -= 0.293 (not below 0)
 *   caps      the finding is written in ALL CAPS (a word of two letters
 *             or more) in a message that has a lowercase word:
 *                                                        w += d * 0.733
 *   negation  a negator governs it (negation.c's rule: one of the three
 *             tokens before it, same clause, not "not only"...):
 *                                                        w *= -0.74
 *   but       a "but" earlier in its sentence:           w *= 1.5
 *             else a "but" later in its sentence:        w *= 0.5
 *
 * The sum x of the adjusted weights gets 0.29 in its own direction for
 * each '!' after the message's last word (up to 4), and the valence is
 * x / sqrt(x * x + 15).  A message with a counted sarcasm finding scores
 * at most -0.5 (its positive mood words no longer count: negation.c).
 *
 * The mood entries are negate=no: the matcher and negation.c leave them
 * counted, and the flip happens here, with a weight.  Not here: "?"
 * emphasis, boosters further back than the previous word, negators after
 * the word ("happy? not really"), "though"/"however" as "but", emoji.
 */
#include "mood.h"

#include <math.h>
#include <stdlib.h>

#include "wordlist.h"

#define MOOD_BOOST 0.293     /* a booster before a mood word */
#define MOOD_DAMPEN 0.293    /* a dampener before it (in magnitude) */
#define MOOD_CAPS 0.733      /* the word in ALL CAPS */
#define MOOD_NEGATE (-0.74)  /* a negator governs it */
#define MOOD_AFTER_BUT 1.5
#define MOOD_BEFORE_BUT 0.5
#define MOOD_BANG 0.29       /* each '!' at the end of the message */
#define MOOD_MAX_BANGS 4
#define MOOD_ALPHA 15.0      /* x / sqrt(x * x + alpha) */
#define MOOD_SARCASM (-0.5)  /* the most a sarcastic message scores */
#define MOOD_DAMPEN_WORDS 3  /* the longest dampener phrase */

static const char *const boosters[] = {
	"very", "really", "so", "sooo", "soooo", "extremely", "totally",
	"absolutely", "absolute", "incredibly", "super", "truly", "completely",
	"utterly", "highly", "hugely", "deeply", "seriously", "genuinely",
	"especially", "exceptionally", "terribly", "awfully", "thoroughly",
	"massively", "majorly", "beyond", "most", "entirely", "immensely",
	"tremendously", "unbelievably", "insanely", "remarkably", "properly",
	NULL
};

static const char *const dampeners[] = {
	"a bit", "a little", "a little bit", "a tad", "bit", "slightly",
	"somewhat", "kind of", "kinda", "sort of", "sorta", "fairly", "mildly",
	"partly", "partially", "marginally", "a touch", "moderately",
	"reasonably", NULL
};

struct ts_mood {
	ts_wordlist boosters;
	ts_phraselist dampeners;
	uint64_t but;          /* the hash of "but" */
};

int ts_mood_new(ts_mood **out)
{
	ts_mood *m = calloc(1, sizeof *m);

	*out = NULL;
	if (!m)
		return TS_ENOMEM;
	if (ts_wordlist_build(&m->boosters, boosters) ||
	    ts_phraselist_build(&m->dampeners, dampeners)) {
		ts_mood_free(m);
		return TS_ENOMEM;
	}
	m->but = ts_word_hash("but", 3);
	*out = m;
	return TS_OK;
}

void ts_mood_free(ts_mood *m)
{
	if (!m)
		return;
	ts_wordlist_release(&m->boosters);
	ts_phraselist_release(&m->dampeners);
	free(m);
}

static int breaks(const ts_tokens *t, size_t i)
{
	return (t->v[i].flags & (TS_TOK_CLAUSE | TS_TOK_NEWLINE)) != 0;
}

/* Does a dampener phrase end right before token first, in its clause? */
static int dampened(const ts_mood *m, const ts_tokens *t, size_t first)
{
	for (size_t k = 1; k <= MOOD_DAMPEN_WORDS && k <= first; k++) {
		if (breaks(t, first - k))
			return 0;
		if (ts_phraselist_len(&m->dampeners, t, first - k, first) == k)
			return 1;
	}
	return 0;
}

/* Is the finding (tokens [first, end)) written in capitals: every word
 * without a lowercase letter, one of them two letters or more (so "I"
 * alone is not shouting)? */
static int shouted(const ts_tokens *t, size_t first, size_t end)
{
	int long_word = 0;

	for (size_t i = first; i < end; i++) {
		if (!(t->v[i].flags & TS_TOK_ALLCAPS))
			return 0;
		if (t->v[i].nlen >= 2)
			long_word = 1;
	}
	return long_word;
}

static int has_lowercase(const ts_tokens *t)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->v[i].flags & TS_TOK_LOWER)
			return 1;
	return 0;
}

/* "but" tokens around the findings, found with two cursors that only move
 * forward (findings come sorted by start): one pass over the tokens per
 * message, however many findings. */
typedef struct but_scan {
	size_t seen;        /* tokens [0, seen) looked at for the last "but" */
	size_t last;        /* the last "but" among them, SIZE_MAX if none */
	size_t next;        /* no "but" in [.., next) past the last query */
} but_scan;

/* The factor the "but" rule gives the finding at tokens [first, end). */
static double but_factor(const ts_mood *m, const ts_msgctx *c, but_scan *b,
                         size_t first, size_t end)
{
	const ts_tokens *t = c->tok;
	const ts_sentence *s = &c->sent[ts_sentence_of(c, first)];

	for (; b->seen < first; b->seen++)
		if (t->v[b->seen].hash == m->but)
			b->last = b->seen;
	if (b->last != SIZE_MAX && b->last >= s->first)
		return MOOD_AFTER_BUT;
	if (b->next < end)
		b->next = end;
	while (b->next < s->end && t->v[b->next].hash != m->but)
		b->next++;
	return b->next < s->end ? MOOD_BEFORE_BUT : 1.0;
}

/* '!' after the last word, at most MOOD_MAX_BANGS. */
static int final_bangs(const ts_msgctx *c)
{
	size_t from = c->tok->n ? c->tok->v[c->tok->n - 1].end : 0;
	int bangs = 0;

	for (size_t i = from; i < c->n && bangs < MOOD_MAX_BANGS; i++)
		if (c->text[i] == '!')
			bangs++;
	return bangs;
}

double ts_mood_valence(const ts_mood *m, const ts_negation *ng, const ts_msgctx *c)
{
	const ts_tokens *t = c->tok;
	int mc = c->cat[TS_CAT_MOOD], sc = c->cat[TS_CAT_SARCASM];
	int sarcastic = 0, lower = -1; /* -1: not looked at yet */
	but_scan b = { 0, SIZE_MAX, 0 };
	double x = 0, v;

	if (c->role != TS_ROLE_CUSTOMER || mc < 0)
		return 0;
	for (size_t i = 0; i < c->found->n; i++) {
		const ts_finding *f = &c->found->v[i];
		size_t first, end;
		double w, d;

		if (f->status != TS_COUNTED)
			continue;
		if (sc >= 0 && f->category == (unsigned)sc)
			sarcastic = 1;
		if (f->category != (unsigned)mc || f->weight == 0)
			continue;
		first = ts_token_at(t, f->start);
		if (first >= t->n || t->v[first].start >= f->end)
			continue; /* a regex entry that matched no word */
		for (end = first + 1; end < t->n && t->v[end].start < f->end; end++)
			;
		w = f->weight;
		d = w > 0 ? 1 : -1;
		if (first > 0 && !breaks(t, first - 1)) {
			if (ts_token_in(t, first - 1, &m->boosters))
				w += d * MOOD_BOOST;
			else if (dampened(m, t, first))
				w = fabs(w) > MOOD_DAMPEN ? w - d * MOOD_DAMPEN : 0;
		}
		if (shouted(t, first, end)) {
			if (lower < 0)
				lower = has_lowercase(t);
			if (lower)
				w += d * MOOD_CAPS;
		}
		if (ts_negation_governs(ng, t, first))
			w *= MOOD_NEGATE;
		x += w * but_factor(m, c, &b, first, end);
	}
	if (x != 0)
		x += (x > 0 ? MOOD_BANG : -MOOD_BANG) * final_bangs(c);
	v = x / sqrt(x * x + MOOD_ALPHA);
	if (sarcastic && v > MOOD_SARCASM)
		v = MOOD_SARCASM;
	return v;
}
