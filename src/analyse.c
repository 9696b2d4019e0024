/*
 * analyse.c - the analyser: for each message of a conversation, in order,
 * the lexicon matches (match.c) on the message's tokens, its sentences,
 * then the context detectors (detect.h) in a fixed order, then the counts.
 *
 * Order matters and is part of the contract: negation first (it only
 * looks at lexicon findings), then sarcasm (it needs negation settled),
 * questions, paraphrase, acronyms/explained jargon and PII, and last the
 * customer's mood (it weighs what the others left counted).  Not here:
 * grouping into conversations (assemble.c) or sums (scan.c).
 */
#include "analyse.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "detect.h"
#include "lexicon.h"
#include "mood.h"

/* Token hash -> syllables, direct-mapped, 8 bytes a slot.  The slot
 * index is bits SYL_SHIFT.. of the hash, so a slot need not keep those
 * bits: it keeps the rest of the hash and, in their place, the syllable
 * count + 1 (0 = empty).  Counts above SYL_COUNT_MAX are not cached. */
#define SYL_BITS 16
#define SYL_CACHE ((size_t)1 << SYL_BITS)
#define SYL_SHIFT 9
#define SYL_FIELD ((uint64_t)(SYL_CACHE - 1) << SYL_SHIFT)
#define SYL_COUNT_MAX (SYL_CACHE - 2)

struct ts_analyser {
	uint64_t syl[SYL_CACHE];
	const ts_lexset *set;
	ts_matcher *matcher;
	ts_negation *neg;
	ts_question *quest;
	ts_paraphrase *para;
	ts_acronyms *acro;
	ts_mood *mood;
	int cat[TS_CAT_COUNT];
	size_t ncat;
	ts_findings found;
	ts_sentence *sent;
	size_t nsent, sent_cap;
	unsigned *counts;
};

static const char *const cat_names[TS_CAT_COUNT] = {
	"empathy", "paraphrase", "clarifying", "jargon", "politeness",
	"apology", "greeting", "closing", "positive_language",
	"negative_language", "ownership", "escalation", "frustration",
	"resolution", "pii", "sarcasm", "mood"
};

const char *ts_cat_name(int cat)
{
	return cat >= 0 && cat < TS_CAT_COUNT ? cat_names[cat] : "";
}

int ts_findings_add(ts_findings *f, int cat, size_t start, size_t end,
                    ts_detector det, ts_detail detail)
{
	ts_finding *x;

	if (cat < 0)
		return TS_OK;
	if (ts_grow_array(&f->v, &f->cap, f->n + 1, sizeof *f->v, 16))
		return TS_ENOMEM;
	x = &f->v[f->n++];
	x->category = (unsigned)cat;
	x->entry = TS_NO_ENTRY;
	x->start = start;
	x->end = end;
	x->weight = 1.0;
	x->detector = (unsigned char)det;
	x->status = TS_COUNTED;
	x->detail = (unsigned char)detail;
	return TS_OK;
}

size_t ts_sentence_of(const ts_msgctx *c, size_t i)
{
	size_t lo = 0, hi = c->nsent;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (c->sent[mid].first <= i)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

size_t ts_token_at(const ts_tokens *t, size_t pos)
{
	size_t lo = 0, hi = t->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->v[mid].end <= pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int ts_analyser_new(ts_analyser **out, const ts_lexset *set)
{
	ts_analyser *a = calloc(1, sizeof *a);

	*out = NULL;
	if (!a)
		return TS_ENOMEM;
	a->set = set;
	a->ncat = ts_lexset_ncategories(set);
	for (int k = 0; k < TS_CAT_COUNT; k++)
		a->cat[k] = ts_lexset_category_index(set, cat_names[k]);
	a->counts = calloc(a->ncat ? a->ncat : 1, sizeof *a->counts);
	if (!a->counts || ts_matcher_new(&a->matcher, set) ||
	    ts_negation_new(&a->neg) || ts_question_new(&a->quest) ||
	    ts_paraphrase_new(&a->para) || ts_acronyms_new(&a->acro) ||
	    ts_mood_new(&a->mood)) {
		ts_analyser_free(a);
		return TS_ENOMEM;
	}
	*out = a;
	return TS_OK;
}

void ts_analyser_set_regex_limits(ts_analyser *a, unsigned match_limit, unsigned depth_limit)
{
	ts_matcher_set_limits(a->matcher, match_limit, depth_limit);
}

void ts_analyser_free(ts_analyser *a)
{
	if (!a)
		return;
	ts_matcher_free(a->matcher);
	ts_negation_free(a->neg);
	ts_question_free(a->quest);
	ts_paraphrase_free(a->para);
	ts_acronyms_free(a->acro);
	ts_mood_free(a->mood);
	free(a->found.v);
	free(a->sent);
	free(a->counts);
	free(a);
}

void ts_analyser_begin(ts_analyser *a)
{
	ts_paraphrase_begin(a->para);
	ts_acronyms_begin(a->acro);
}

/* Sentences end after '.', '!', '?' (tokenize.h's TS_TOK_SENT_END) and at
 * line breaks: chat turns often have no final punctuation. */
static int split_sentences(ts_analyser *a, const ts_tokens *t, size_t n)
{
	size_t first = 0;

	a->nsent = 0;
	for (size_t i = 0; i < t->n; i++) {
		unsigned fl = t->v[i].flags;
		ts_sentence *s;

		if (!(fl & (TS_TOK_SENT_END | TS_TOK_NEWLINE)) && i + 1 < t->n)
			continue;
		if (ts_grow_array(&a->sent, &a->sent_cap, a->nsent + 1, sizeof *a->sent, 8))
			return TS_ENOMEM;
		s = &a->sent[a->nsent++];
		s->first = first;
		s->end = i + 1;
		s->start = t->v[first].start;
		s->stop = i + 1 < t->n ? t->v[i + 1].start : n;
		s->question = (fl & TS_TOK_QUESTION) != 0;
		first = i + 1;
	}
	return TS_OK;
}

/* Syllables of token i.  Words repeat, so a small cache keyed by the
 * token's hash answers most of them; the counts are the same without it. */
static size_t syllables(ts_analyser *a, const ts_tokens *t, size_t i)
{
	uint64_t h = t->v[i].hash, *s = &a->syl[(h & SYL_FIELD) >> SYL_SHIFT];
	size_t n;

	if (*s && (*s & ~SYL_FIELD) == (h & ~SYL_FIELD))
		return (size_t)((*s & SYL_FIELD) >> SYL_SHIFT) - 1;
	n = ts_syllables(ts_token_norm(t, i), t->v[i].nlen);
	if (n <= SYL_COUNT_MAX)
		*s = (h & ~SYL_FIELD) | ((uint64_t)(n + 1) << SYL_SHIFT);
	return n;
}

static int cmp_finding(const void *x, const void *y);

/* Sorts in what the last detector added (usually nothing, or one or
 * two findings: each is moved to its place, as a stable sort would). */
static void resort(ts_msgctx *c)
{
	ts_finding *v = c->found->v;
	size_t n = c->found->n;

	if (n - c->nsorted > 8) {
		qsort(v, n, sizeof *v, cmp_finding);
	} else {
		for (size_t i = c->nsorted; i < n; i++) {
			ts_finding x = v[i];
			size_t j = i;
			for (; j > 0 && cmp_finding(&v[j - 1], &x) > 0; j--)
				v[j] = v[j - 1];
			v[j] = x;
		}
	}
	c->nsorted = n;
}

size_t ts_findings_from(const ts_msgctx *c, size_t pos)
{
	size_t lo = 0, hi = c->nsorted;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (c->found->v[mid].start < pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int cmp_finding(const void *x, const void *y)
{
	const ts_finding *a = x, *b = y;

	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	if (a->category != b->category)
		return a->category < b->category ? -1 : 1;
	if (a->end != b->end)
		return a->end > b->end ? -1 : 1;
	if (a->detector != b->detector)
		return a->detector < b->detector ? -1 : 1;
	return a->entry < b->entry ? -1 : a->entry > b->entry;
}

int ts_analyser_message(ts_analyser *a, ts_role role, const char *text,
                        size_t n, ts_analysis *out)
{
	const ts_finding *lex;
	const ts_tokens *t;
	size_t nlex, words;
	ts_msgctx c;
	int rc;

	memset(out, 0, sizeof *out);
	rc = ts_matcher_run(a->matcher, role, text, n, &lex, &nlex, &words);
	if (rc)
		return rc;
	t = ts_matcher_tokens(a->matcher);
	out->nlimited = ts_matcher_limited(a->matcher, &out->limited);
	a->found.n = 0;
	if (nlex) {
		if (ts_grow_array(&a->found.v, &a->found.cap, nlex, sizeof *lex, 16))
			return TS_ENOMEM;
		memcpy(a->found.v, lex, nlex * sizeof *lex);
		a->found.n = nlex;
	}
	rc = split_sentences(a, t, n);
	if (rc)
		return rc;
	c.set = a->set;
	c.text = text ? text : "";
	c.n = text ? n : 0;
	c.role = role;
	c.tok = t;
	c.sent = a->sent;
	c.nsent = a->nsent;
	c.found = &a->found;
	c.nsorted = a->found.n; /* the matcher's are sorted by (start, category) */
	c.cat = a->cat;

	/* Each detector finds the findings before it sorted (detect.h): what
	 * one adds is sorted in before the next runs. */
	ts_negation_apply(a->neg, &c);
	if ((rc = ts_sarcasm_apply(&c)) != TS_OK)
		return rc;
	resort(&c);
	if ((rc = ts_question_detect(a->quest, &c)) != TS_OK)
		return rc;
	resort(&c);
	if ((rc = ts_paraphrase_message(a->para, &c)) != TS_OK)
		return rc;
	resort(&c);
	if ((rc = ts_acronyms_message(a->acro, &c)) != TS_OK)
		return rc;
	resort(&c);
	if ((rc = ts_pii_detect(&c)) != TS_OK)
		return rc;
	resort(&c);
	out->valence = ts_mood_valence(a->mood, a->neg, &c);
	memset(a->counts, 0, (a->ncat ? a->ncat : 1) * sizeof *a->counts);
	for (size_t i = 0; i < a->found.n; i++)
		if (a->found.v[i].status == TS_COUNTED)
			a->counts[a->found.v[i].category]++;
	out->findings = a->found.v;
	out->nfindings = a->found.n;
	out->counts = a->counts;
	out->words = words;
	out->sentences = a->nsent;
	if (role == TS_ROLE_AGENT)
		for (size_t i = 0; i < t->n; i++)
			if (t->v[i].flags & TS_TOK_ALPHA)
				out->syllables += syllables(a, t, i);
	return TS_OK;
}

const char *ts_detector_name(ts_detector d)
{
	static const char *const names[TS_DET_COUNT] = {
		"lexicon", "question", "overlap", "acronym", "pii", "sarcasm"
	};
	return (unsigned)d < TS_DET_COUNT ? names[d] : "";
}

const char *ts_status_name(ts_status s)
{
	static const char *const names[TS_STATUS_COUNT] = {
		"counted", "negated", "sarcastic", "explained", "courtesy",
		"rhetorical", "restatement", "customer_first", "in_question"
	};
	return (unsigned)s < TS_STATUS_COUNT ? names[s] : "";
}

const char *ts_detail_name(ts_detail d)
{
	static const char *const names[TS_DETAIL_COUNT] = {
		"", "open", "closed", "card", "email", "phone", "iban"
	};
	return (unsigned)d < TS_DETAIL_COUNT ? names[d] : "";
}
