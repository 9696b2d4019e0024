/*
 * negation.c - context that stops a lexicon finding from meaning what its
 * bare words say: a negator governing it ("I don't understand", "not
 * sorry", "no problem" for a problem word), and sarcasm in a customer's
 * message ("thanks for nothing" is not gratitude).
 *
 * A negator governs a finding when it is one of the NEG_WINDOW tokens
 * before the finding's first token, in the same clause (no , ; :, sentence
 * end or line break between them).  Exceptions: a negator followed by a word
 * that turns it into emphasis ("not only", "not just", "can't imagine",
 * "can't thank", "no doubt", "no wonder"), and entries written with
 * negate=no.  A negator inside the matched span is part of the entry
 * ("no problem", "can't") and never negates it.  Not here: inversion into
 * another category, negators after the finding ("sorry, not").
 */
#include <stdlib.h>

#include "detect.h"
#include "lexicon.h"
#include "wordlist.h"

#define NEG_WINDOW 3

static const char *const negators[] = {
	"not", "never", "no", "nor", "neither", "nothing", "nobody", "none",
	"without", "hardly", "barely", "scarcely", "cannot", "can't", "cant",
	"don't", "dont", "doesn't", "doesnt", "didn't", "didnt", "won't",
	"wont", "wouldn't", "wouldnt", "shouldn't", "couldn't", "couldnt",
	"isn't", "isnt", "aren't", "arent", "wasn't", "wasnt", "weren't",
	"haven't", "havent", "hasn't", "hasnt", "hadn't", "ain't", "mustn't",
	"needn't", NULL
};

/* Words after a negator that make it emphasis, not negation. */
static const char *const emphasis[] = {
	"only", "just", "imagine", "thank", "doubt", "wonder", "enough",
	"stress", "emphasise", "emphasize", "hesitate", "worry", NULL
};

struct ts_negation {
	ts_wordlist negators, emphasis;
};

int ts_negation_new(ts_negation **out)
{
	ts_negation *n = calloc(1, sizeof *n);

	*out = NULL;
	if (!n)
		return TS_ENOMEM;
	if (ts_wordlist_build(&n->negators, negators) ||
	    ts_wordlist_build(&n->emphasis, emphasis)) {
		ts_negation_free(n);
		return TS_ENOMEM;
	}
	*out = n;
	return TS_OK;
}

void ts_negation_free(ts_negation *n)
{
	if (!n)
		return;
	ts_wordlist_release(&n->negators);
	ts_wordlist_release(&n->emphasis);
	free(n);
}

int ts_negation_governs(const ts_negation *ng, const ts_tokens *t, size_t first)
{
	for (size_t k = 1; k <= NEG_WINDOW && k <= first; k++) {
		size_t j = first - k;
		if (t->v[j].flags & (TS_TOK_CLAUSE | TS_TOK_NEWLINE))
			return 0; /* a clause or line ends between j and the finding */
		if (ts_token_in(t, j, &ng->negators) && !ts_token_in(t, j + 1, &ng->emphasis))
			return 1;
	}
	return 0;
}

void ts_negation_apply(const ts_negation *ng, const ts_msgctx *c)
{
	const ts_tokens *t = c->tok;

	for (size_t i = 0; i < c->found->n; i++) {
		ts_finding *f = &c->found->v[i];
		const ts_lexentry *e;
		size_t first;

		if (f->detector != TS_DET_LEXICON || f->status != TS_COUNTED)
			continue;
		e = ts_lexset_entry(c->set, f->entry);
		if (!e || !e->negate)
			continue;
		first = ts_token_at(t, f->start);
		if (first < t->n && t->v[first].start < f->end && ts_negation_governs(ng, t, first))
			f->status = TS_NEGATED;
	}
}

/* Findings a sarcastic message must not be credited with: its categories
 * of praise and thanks, and its positive mood words ("oh great, another
 * delay": the "great" is not a good mood). */
static int sarcasm_hides(const ts_msgctx *c, const ts_finding *f)
{
	static const int hidden[] = { TS_CAT_POLITENESS, TS_CAT_RESOLUTION,
	                              TS_CAT_POSITIVE, TS_CAT_EMPATHY };
	for (size_t k = 0; k < sizeof hidden / sizeof *hidden; k++)
		if (c->cat[hidden[k]] >= 0 && (unsigned)c->cat[hidden[k]] == f->category)
			return 1;
	return c->cat[TS_CAT_MOOD] >= 0 && (unsigned)c->cat[TS_CAT_MOOD] == f->category &&
	       f->weight > 0;
}

int ts_sarcasm_apply(const ts_msgctx *c)
{
	int sc = c->cat[TS_CAT_SARCASM], fc = c->cat[TS_CAT_FRUSTRATION];
	size_t start = 0, end = 0, n = c->found->n;
	int sarcastic = 0, frustrated = 0;

	if (c->role != TS_ROLE_CUSTOMER || sc < 0)
		return TS_OK;
	for (size_t i = 0; i < n; i++) {
		const ts_finding *f = &c->found->v[i];
		if (f->status != TS_COUNTED)
			continue;
		if (f->category == (unsigned)sc && !sarcastic) {
			sarcastic = 1;
			start = f->start;
			end = f->end;
		}
		if (fc >= 0 && f->category == (unsigned)fc)
			frustrated = 1;
	}
	if (!sarcastic)
		return TS_OK;
	for (size_t i = 0; i < n; i++) {
		ts_finding *f = &c->found->v[i];
		if (f->status == TS_COUNTED && sarcasm_hides(c, f))
			f->status = TS_SARCASTIC;
	}
	if (frustrated)
		return TS_OK; /* already counted as negative */
	return ts_findings_add(c->found, fc, start, end, TS_DET_SARCASM, TS_DETAIL_NONE);
}
