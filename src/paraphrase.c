/*
 * paraphrase.c - agent sentences that restate the customer's previous turn
 * in other words.  Reflective openers ("it sounds like", "so what you're
 * saying") are lexicon entries (lexicons/paraphrase.txt); this detector
 * adds the restatements without an opener, by content-word overlap:
 *
 *   customer: "my order came broken, I want a new one"
 *   agent:    "Your order #123 arrived damaged and you'd like a replacement."
 *
 * Content words are the tokens with a letter that are not stop words,
 * reduced by a light suffix stemmer (plurals, -ed, -ing, -ly) and mapped
 * through a small table of everyday support synonyms (broken = damaged,
 * came = arrived, want = like, new one = replacement...).  An agent sentence
 * restates the customer when it does not speak about the agent's own
 * actions (I/we/let me, except "I understand/hear/see..."), has at least
 * MIN_SHARED content concepts the
 * customer used in their previous turn, and those are at least MIN_SHARE
 * of its content concepts.  A statement with the customer as its subject
 * ("you're worried about the bill", "so you feel ignored"; not an
 * instruction such as "you need to", "you can") needs one shared concept;
 * one whose verb reports what the customer did, wants or feels ("you've
 * tried everything", "you don't want to lose your photos", "you're still
 * waiting", "you're not sure it's worth it"), at the sentence's start or
 * in a clause after a comma or a conjunction, needs none: after a
 * customer turn, even an "ok", it can only be about them.  So does a
 * declarative question that names a feeling ("and it doesn't feel
 * fair?"), and so does the agent's impression of the customer's story
 * ("it just sounds like ...", "it does sound as though ...", "she sounds
 * like ..."; not "it sounds like we can ..." or "sounds like a plan").
 * A restatement the customer's "mm-hmm" cut off ("so the app crashes
 * when you open the camera -" / "mm-hmm" / "-and only since the
 * update") carries on in the agent's next message when that opens with
 * a dash, an ellipsis or a lowercase word: its first sentence counts too
 * unless it asks or speaks of the agent's own actions.  Questions that
 * ask for something new are left to question.c.
 *
 * The customer's turn is every customer message since the last agent
 * message; its concepts are kept in a fixed-size set (TURN_CAP), so memory
 * does not grow with the conversation.  Not here: synonyms beyond the
 * table, restatements of older turns, other languages.
 */
#include <stdlib.h>
#include <string.h>

#include "detect.h"
#include "util.h"
#include "wordlist.h"

#define TURN_CAP 1024          /* concepts remembered per customer turn */
#define MIN_SHARED 2u
#define MIN_SHARE 0.35
#define SYN_SLOTS 512          /* synonym table: stems of the words below */
#define STEM_MAX 7             /* bytes of a stem that count */

typedef struct syn_slot {
	uint64_t stem;               /* hash of a synonym's stem, 0 = empty */
	uint64_t group;              /* its concept */
} syn_slot;

#define CACHE_SLOTS 4096       /* token hash -> concept, direct-mapped */
#define PENDING_WORD 32        /* longer tokens are not content words */

typedef struct concept_slot {
	uint64_t token;              /* the token's hash (1 for 0); 0 = empty */
	uint64_t concept;            /* 0: not a content word */
} concept_slot;

struct ts_paraphrase {
	ts_wordlist stop, self, let, me_us, hearing, wh, lead, you, you_be, instruct, stop_after_you;
	ts_wordlist you_adv, you_verb, you_are, you_have, have_part, you_state, conj, you_any, feel, aux;
	ts_wordlist it_he, sound, sound_adv, sound_next, sound_not;
	concept_slot cache[CACHE_SLOTS];
	syn_slot syn[SYN_SLOTS];
	uint64_t turn[TURN_CAP * 2]; /* open addressing; 0 = empty */
	uint16_t used[TURN_CAP];     /* the slots in use, to clear just those */
	size_t nturn;
	int agent_spoke;             /* an agent message since the turn began */
	int customer_spoke;          /* a customer message in the turn */
	int open_reflection;         /* the agent's last message ended in a
	                                restatement cut off mid-sentence */
	/* The customer's words wait here until an agent sentence needs the
	 * turn's concepts: most agent sentences are dismissed before that
	 * (they speak of the agent's own actions), and then stemming the
	 * customer's words would be wasted. */
	struct pending {
		uint64_t hash;
		const char *raw;     /* the token in the customer's text (kept
		                        valid for the conversation: analyse.h) */
		size_t rawlen;
	} pend[TURN_CAP];
	size_t npend;
};

static const char *const stop_words[] = {
	"a", "an", "the", "and", "or", "but", "if", "so", "to", "of", "in", "on",
	"at", "by", "for", "with", "from", "about", "as", "into", "onto", "up",
	"out", "off", "over", "then", "than", "that", "this", "these", "those",
	"there", "here", "it", "it's", "its", "is", "are", "was", "were", "be",
	"been", "being", "am", "do", "does", "did", "done", "have", "has", "had",
	"having", "will", "would", "shall", "should", "can", "could", "may",
	"might", "must", "i", "i'm", "i've", "i'd", "i'll", "me", "my", "mine",
	"we", "our", "us", "you", "you're", "you've", "you'd", "you'll", "your",
	"yours", "he", "she", "him", "her", "his", "they", "them", "their",
	"what", "which", "who", "when", "where", "why", "how", "not", "no",
	"yes", "just", "really", "very", "too", "also", "still", "even", "all",
	"any", "some", "more", "most", "much", "many", "such", "own", "same",
	"other", "again", "now", "get", "got", "getting", "go", "going", "gone",
	"went", "make", "made", "know", "think", "thing", "things", "way",
	"well", "okay", "ok", "yeah", "oh", "um", "uh", "hi", "hello", "thanks",
	"thank", "please", "sorry", "like", "one", "because", "while", "since",
	"don't", "can't", "didn't", "doesn't", "won't", "isn't", "wasn't",
	"that's", "there's", "what's", "let", "let's", "sure", "right", "said",
	"say", "says", "tell", "told", "feel", "sounds", "sound", "seems",
	"mean", "means", "something", "anything", "everything", "nothing", NULL
};

/* Everyday support synonyms: words of one group are one concept.  Two-
 * word forms ("new one") are matched on the first word's stem only when
 * listed here as a single word. */
static const char *const synonyms[] = {
	"broken damaged faulty defective cracked smashed broke busted",
	"replacement replace new exchange swap",
	"refund reimburse reimbursement money back",
	"want wanted like need wish hoping hope prefer",
	"order purchase package parcel shipment delivery item",
	"arrive arrived came come deliver delivered receive received got",
	"charge charged bill billed payment paid debit debited",
	"cancel cancelled canceled stop terminate end close",
	"login log sign signin access",
	"password passcode pin",
	"account profile",
	"slow lag lagging sluggish",
	"late delay delayed overdue",
	"wrong incorrect mistake error",
	"missing lost gone",
	"crash crashes crashing freeze frozen hang stuck",
	"upset frustrated angry annoyed mad furious",
	"worried concerned anxious nervous scared afraid",
	"sad down depressed unhappy low",
	"tired exhausted drained",
	"help support assist assistance",
	"phone mobile cell",
	"email mail",
	"price cost fee",
	"fix repair resolve sort",
	"work working function",
	"job work employment",
	"friend friends mate",
	"partner husband wife boyfriend girlfriend spouse",
	"kid kids child children son daughter",
	"drink drinking alcohol",
	"smoke smoking cigarette cigarettes",
	NULL
};

/* Light suffix stemming into buf (at most STEM_MAX bytes). */
static size_t stem(const char *w, size_t n, char *buf)
{
	if (n > 2 && w[n - 2] == '\'' && w[n - 1] == 's')
		n -= 2;
	if (n > 5 && memcmp(w + n - 3, "ing", 3) == 0)
		n -= 3;
	else if (n > 4 && memcmp(w + n - 3, "ies", 3) == 0)
		n -= 2; /* "replies" -> "repli", like "replied" below */
	else if (n > 4 && memcmp(w + n - 3, "ied", 3) == 0)
		n -= 2;
	else if (n > 4 && memcmp(w + n - 2, "ed", 2) == 0)
		n -= 2;
	else if (n > 4 && memcmp(w + n - 2, "ly", 2) == 0)
		n -= 2;
	else if (n > 3 && w[n - 1] == 's' && w[n - 2] != 's')
		n -= 1;
	if (n > 3 && w[n - 1] == 'e')
		n -= 1; /* "arrive" and "arriv(ed)" meet */
	if (n > STEM_MAX)
		n = STEM_MAX;
	memcpy(buf, w, n);
	return n;
}

static uint64_t stem_key(const char *w, size_t n)
{
	char s[STEM_MAX];
	size_t sn = stem(w, n, s);

	return ts_fnv1a(TS_FNV_INIT, s, sn) | 1;
}

/* A concept: the synonym group of the word's stem, else the stem. */
static uint64_t concept(const ts_paraphrase *p, const char *w, size_t n)
{
	uint64_t k = stem_key(w, n);

	for (size_t s = k & (SYN_SLOTS - 1); p->syn[s].stem; s = (s + 1) & (SYN_SLOTS - 1))
		if (p->syn[s].stem == k)
			return p->syn[s].group;
	return k;
}

static void add_synonyms(ts_paraphrase *p)
{
	for (size_t g = 0; synonyms[g]; g++) {
		const char *w = synonyms[g];
		while (*w) {
			const char *sp = strchr(w, ' ');
			size_t n = sp ? (size_t)(sp - w) : strlen(w);
			uint64_t k = stem_key(w, n);
			size_t s = k & (SYN_SLOTS - 1);
			while (p->syn[s].stem && p->syn[s].stem != k)
				s = (s + 1) & (SYN_SLOTS - 1);
			if (!p->syn[s].stem) { /* the first group a stem is in wins */
				p->syn[s].stem = k;
				p->syn[s].group = ts_mix64(0x5e9a1d0bULL + g) | 1;
			}
			w += n + (sp != NULL);
		}
	}
}

static const char *const self_words[] = {
	"i", "i'll", "i've", "i'd", "we", "we'll", "we've", "we'd", "we're",
	"let", "let's", "our", "us", NULL
};
/* "let" is the agent only in "let me", "let us": "you don't want to let
 * your team down" is about the customer. */
static const char *const let_words[] = { "let", NULL };
static const char *const me_us_words[] = { "me", "us", NULL };
/* "I understand your order arrived damaged" still restates. */
static const char *const hearing[] = {
	"understand", "hear", "see", "gather", "get", "appreciate", "understood",
	"heard", "know", "realise", "realize", NULL
};
static const char *const wh_words[] = {
	"what", "how", "why", "which", "where", "when", "who", NULL
};

static const char *const lead_words[] = {
	"so", "and", "okay", "ok", "well", "um", "uh", "right", "yeah", "mm",
	"hmm", "mm-hmm", "now", "then", "sure", "alright", "oh", NULL
};
static const char *const you_words[] = {
	"you", "you're", "you've", "you'd", "youre", NULL
};
/* "you're", "you've", "you'd": the next word must not be an instruction */
static const char *const you_be_words[] = { "you're", "you've", "you'd", "youre", NULL };
static const char *const instruct_words[] = {
	"need", "have", "should", "can", "could", "will", "would", "might", "may",
	"must", "got", "welcome", "able", "going", "gonna", "wanna", "better",
	"ll", "want", NULL
};
/* "you" followed by these does not describe the customer ("you know", "you
 * guys", "you can"). */
static const char *const after_you_words[] = {
	"know", "guys", "see", "mean", "understand", "said", "say", "told", "tell",
	"asked", "ask", "get", "go", "try", "just", "too", "all", "there", "and",
	"or", "as", "to", NULL
};

/* Words between "you" and its verb: "you really just want", "you kind of
 * felt", "you don't want", "you've already tried". */
static const char *const you_adverbs[] = {
	"really", "just", "kind", "sort", "of", "probably", "also", "still",
	"already", "never", "always", "often", "actually", "do", "did", "don't",
	"didn't", "not", "clearly", "obviously", NULL
};
/* Verbs after "you" that report the customer's own wants, feelings and
 * doings; not "have", "get", "need" ("you have 14 days", "you get a free
 * month" give information) nor modals (instructions). */
static const char *const you_verbs[] = {
	"feel", "felt", "want", "wanted", "wanna", "care", "think", "thought",
	"believe", "worry", "worried", "wish", "hope", "like", "love", "hate",
	"enjoy", "seem", "sound", "tried", "gave", "came", "found", "noticed",
	"decided", "started", "stopped", "quit", "used", "went", "made", "got",
	NULL
};
static const char *const you_are_words[] = { "you're", "youre", NULL };
/* "you're ...": a state of mind the customer is in, named by the agent
 * ("you're not sure it's worth it", "you're worried about the fee"); not
 * "you're welcome", "you're right", "you're all set". */
static const char *const you_state_words[] = {
	"worried", "concerned", "unsure", "sure", "nervous", "anxious", "scared",
	"afraid", "frustrated", "annoyed", "upset", "angry", "unhappy", "disappointed",
	"confused", "tired", "fed", "stuck", "torn", "ready", "keen", "hesitant",
	"reluctant", "uncomfortable", "comfortable", "happy", "pleased", "glad",
	"relieved", "hoping", "interested", "curious", "stressed", "overwhelmed",
	"embarrassed", "determined", "willing", NULL
};
/* Words a clause about the customer can start after, besides a comma. */
static const char *const conj_words[] = { "and", "but", "because", "so", "since", NULL };
/* A question that names how the customer feels and that question.c
 * did not count reflects it back: "and it doesn't feel fair?" */
static const char *const feel_words[] = { "feel", "feels", "feeling", "felt", NULL };
static const char *const aux_words[] = {
	"do", "does", "did", "are", "is", "was", "were", "have", "has", "had",
	"can", "could", "would", "will", "should", "may", "might", "shall",
	"don't", "doesn't", "didn't", "isn't", "aren't", "wasn't", "won't", NULL
};
static const char *const you_any_words[] = { "you", "you're", "you've", "youre", NULL };
static const char *const you_have_words[] = { "you've", NULL };
/* "you've ..." / "you have ...": what the customer has done or been
 * through; "you've got 3 days" is not here. */
static const char *const have_parts[] = {
	"been", "tried", "done", "had", "taken", "made", "seen", "noticed",
	"found", "decided", "started", "stopped", "managed", "worked", "put",
	"lost", "gained", "cut", NULL
};

/* "it sounds like ...", "it does sound as though ...", "she sounds like
 * she's had enough": the agent's impression of what the customer told
 * them.  The lexicon has the forms that are a reflection on their own
 * ("it sounds like you"); these need a customer turn. */
static const char *const it_he_words[] = { "it", "she", "he", "they", NULL };
static const char *const sound_words[] = { "sounds", "sound", NULL };
static const char *const sound_adverbs[] = {
	"just", "really", "also", "does", "do", "doesn't", "don't", "kind",
	"sort", "of", "almost", "definitely", "certainly", "still", NULL
};
/* what follows "sounds": "like", "as though", "a lot like", "kinda
 * similar", "you're worried" */
static const char *const sound_next_words[] = {
	"like", "as", "a", "kind", "kinda", "sort", "you", "you're", "youre", NULL
};
/* "it sounds like we can...", "it sounds like a plan", "it sounds good" */
static const char *const sound_not_words[] = {
	"we", "i", "i'll", "we'll", "we're", "i'm", "good", "great", "fine",
	"fun", "ok", "okay", "plan", "perfect", NULL
};

int ts_paraphrase_new(ts_paraphrase **out)
{
	ts_paraphrase *p = calloc(1, sizeof *p);

	*out = NULL;
	if (!p)
		return TS_ENOMEM;
	if (ts_wordlist_build(&p->stop, stop_words) || ts_wordlist_build(&p->self, self_words) ||
	    ts_wordlist_build(&p->let, let_words) || ts_wordlist_build(&p->me_us, me_us_words) ||
	    ts_wordlist_build(&p->hearing, hearing) || ts_wordlist_build(&p->wh, wh_words) ||
	    ts_wordlist_build(&p->lead, lead_words) || ts_wordlist_build(&p->you, you_words) ||
	    ts_wordlist_build(&p->you_be, you_be_words) ||
	    ts_wordlist_build(&p->instruct, instruct_words) ||
	    ts_wordlist_build(&p->stop_after_you, after_you_words) ||
	    ts_wordlist_build(&p->you_adv, you_adverbs) ||
	    ts_wordlist_build(&p->you_verb, you_verbs) ||
	    ts_wordlist_build(&p->you_are, you_are_words) ||
	    ts_wordlist_build(&p->you_have, you_have_words) ||
	    ts_wordlist_build(&p->have_part, have_parts) ||
	    ts_wordlist_build(&p->you_state, you_state_words) ||
	    ts_wordlist_build(&p->conj, conj_words) ||
	    ts_wordlist_build(&p->you_any, you_any_words) ||
	    ts_wordlist_build(&p->feel, feel_words) ||
	    ts_wordlist_build(&p->aux, aux_words) ||
	    ts_wordlist_build(&p->it_he, it_he_words) ||
	    ts_wordlist_build(&p->sound, sound_words) ||
	    ts_wordlist_build(&p->sound_adv, sound_adverbs) ||
	    ts_wordlist_build(&p->sound_next, sound_next_words) ||
	    ts_wordlist_build(&p->sound_not, sound_not_words)) {
		ts_paraphrase_free(p);
		return TS_ENOMEM;
	}
	add_synonyms(p);
	*out = p;
	return TS_OK;
}

void ts_paraphrase_free(ts_paraphrase *p)
{
	if (!p)
		return;
	ts_wordlist_release(&p->stop);
	ts_wordlist_release(&p->self);
	ts_wordlist_release(&p->let);
	ts_wordlist_release(&p->me_us);
	ts_wordlist_release(&p->hearing);
	ts_wordlist_release(&p->wh);
	ts_wordlist_release(&p->lead);
	ts_wordlist_release(&p->you);
	ts_wordlist_release(&p->you_be);
	ts_wordlist_release(&p->instruct);
	ts_wordlist_release(&p->stop_after_you);
	ts_wordlist_release(&p->you_adv);
	ts_wordlist_release(&p->you_verb);
	ts_wordlist_release(&p->you_are);
	ts_wordlist_release(&p->you_have);
	ts_wordlist_release(&p->have_part);
	ts_wordlist_release(&p->you_state);
	ts_wordlist_release(&p->conj);
	ts_wordlist_release(&p->you_any);
	ts_wordlist_release(&p->feel);
	ts_wordlist_release(&p->aux);
	ts_wordlist_release(&p->it_he);
	ts_wordlist_release(&p->sound);
	ts_wordlist_release(&p->sound_adv);
	ts_wordlist_release(&p->sound_next);
	ts_wordlist_release(&p->sound_not);
	free(p);
}

/* Forgets the customer's turn: clearing only the used slots keeps a
 * short turn cheap. */
static void turn_clear(ts_paraphrase *p)
{
	for (size_t i = 0; i < p->nturn; i++)
		p->turn[p->used[i]] = 0;
	p->nturn = 0;
	p->npend = 0;
	p->agent_spoke = 0;
	p->customer_spoke = 0;
}

void ts_paraphrase_begin(ts_paraphrase *p)
{
	turn_clear(p);
	p->open_reflection = 0;
}



/* The concept of token i, 0 when it is not a content word.  Words repeat
 * (Zipf), so a small cache keyed by the token's hash skips most stemming
 * and lookups; the result is the same with or without it (but for a word
 * hashing to 1 after one hashing to 0: 2^-64). */
static uint64_t word_concept(ts_paraphrase *p, uint64_t hash, const char *norm,
                             size_t len)
{
	uint64_t h = hash ? hash : 1;
	concept_slot *cs = &p->cache[(h >> 7) & (CACHE_SLOTS - 1)];

	if (cs->token != h) {
		cs->token = h;
		cs->concept = ts_wordlist_has(&p->stop, hash) ? 0 : concept(p, norm, len);
	}
	return cs->concept;
}

/* The normalised form of a token's raw bytes, as tokenize.c makes it: ASCII
 * lowercased, curly apostrophes (U+2018, U+2019) as '. */
static size_t normalise(const char *raw, size_t n, char *out, size_t cap)
{
	const unsigned char *r = (const unsigned char *)raw;
	size_t o = 0;

	for (size_t i = 0; i < n && o < cap; i++) {
		if (i + 2 < n && r[i] == 0xe2 && r[i + 1] == 0x80 &&
		    (r[i + 2] == 0x98 || r[i + 2] == 0x99)) {
			out[o++] = '\'';
			i += 2;
		} else {
			out[o++] = (char)ts_lower(r[i]);
		}
	}
	return o;
}

/* A waiting customer word's concept: from the cache when it is there,
 * else from its bytes, normalised again. */
static uint64_t pending_concept(ts_paraphrase *p, const struct pending *w)
{
	uint64_t h = w->hash ? w->hash : 1;
	concept_slot *cs = &p->cache[(h >> 7) & (CACHE_SLOTS - 1)];
	char norm[PENDING_WORD];

	if (cs->token == h)
		return cs->concept;
	return word_concept(p, w->hash, norm, normalise(w->raw, w->rawlen, norm, sizeof norm));
}

static uint64_t token_concept(ts_paraphrase *p, const ts_tokens *t, size_t i)
{
	if (!(t->v[i].flags & TS_TOK_ALPHA) || t->v[i].nlen < 3)
		return 0;
	return word_concept(p, t->v[i].hash, ts_token_norm(t, i), t->v[i].nlen);
}

static int turn_has(const ts_paraphrase *p, uint64_t key)
{
	for (size_t s = key & (TURN_CAP * 2 - 1);; s = (s + 1) & (TURN_CAP * 2 - 1)) {
		if (!p->turn[s])
			return 0;
		if (p->turn[s] == key)
			return 1;
	}
}

static void turn_add(ts_paraphrase *p, uint64_t key)
{
	size_t s = key & (TURN_CAP * 2 - 1);

	if (p->nturn >= TURN_CAP)
		return; /* a very long turn: the first TURN_CAP concepts decide */
	while (p->turn[s]) {
		if (p->turn[s] == key)
			return;
		s = (s + 1) & (TURN_CAP * 2 - 1);
	}
	p->turn[s] = key;
	p->used[p->nturn++] = (uint16_t)s;
}

/* Has sentence s a counted finding of lexset category cat (found before
 * this detector ran)? */
static int has_counted(const ts_msgctx *c, const ts_sentence *s, int cat)
{
	for (size_t i = ts_findings_from(c, s->start);
	     cat >= 0 && i < c->nsorted && c->found->v[i].start < s->stop; i++)
		if (c->found->v[i].category == (unsigned)cat &&
		    c->found->v[i].status == TS_COUNTED)
			return 1;
	return 0;
}

/* Did question.c count this sentence as a clarifying question?  Questions
 * that ask for something new are not restatements. */
static int asks(const ts_msgctx *c, const ts_sentence *s)
{
	return has_counted(c, s, c->cat[TS_CAT_CLARIFYING]);
}

/* Adds the waiting customer words' concepts to the turn. */
static void turn_settle(ts_paraphrase *p)
{
	for (size_t i = 0; i < p->npend; i++) {
		uint64_t k = pending_concept(p, &p->pend[i]);
		if (k)
			turn_add(p, k);
	}
	p->npend = 0;
}

/* A statement about the customer with "you" as its subject, not an
 * instruction: "you're worried about the bill", "so you feel ignored".
 * With one shared concept it reflects the customer's turn. */
static int reflects(const ts_paraphrase *p, const ts_tokens *t, const ts_sentence *s)
{
	size_t i = s->first;

	while (i + 1 < s->end && ts_token_in(t, i, &p->lead))
		i++;
	if (!ts_token_in(t, i, &p->you) || i + 1 >= s->end)
		return 0;
	if (ts_token_in(t, i, &p->you_be))
		return !ts_token_in(t, i + 1, &p->instruct);
	return !ts_token_in(t, i + 1, &p->instruct) && !ts_token_in(t, i + 1, &p->stop_after_you);
}

/* Does token i end in "ing" (a word of 5 bytes or more), and is it not
 * "going" ("you're going to get an email")? */
static int ing_word(const ts_tokens *t, size_t i)
{
	const char *w = ts_token_norm(t, i);
	size_t n = t->v[i].nlen;

	return n >= 5 && memcmp(w + n - 3, "ing", 3) == 0 &&
	       !(n == 5 && memcmp(w, "going", 5) == 0);
}

/* A clause at token i that opens with the customer doing, wanting or
 * feeling something: "you've tried restarting it", "you don't want to
 * lose the photos", "you're still waiting on the engineer", "you came in
 * expecting a refund", "you're not sure it's worth it".  Information and
 * instructions ("you have 14 days", "you're all set", "you're going to
 * get an email", "you need to") are not. */
static int you_clause(const ts_paraphrase *p, const ts_tokens *t, size_t i, size_t end)
{
	size_t j, k;
	int are, have;

	while (i + 1 < end && ts_token_in(t, i, &p->lead))
		i++;
	j = i + 1;
	are = ts_token_in(t, i, &p->you_are);
	have = ts_token_in(t, i, &p->you_have);
	if (!are && !have) {
		if (!ts_token_in(t, i, &p->you))
			return 0;
		/* "you are", "you have" */
		are = j < end && t->v[j].nlen == 3 && memcmp(ts_token_norm(t, j), "are", 3) == 0;
		have = j < end && t->v[j].nlen == 4 && memcmp(ts_token_norm(t, j), "have", 4) == 0;
		j += (size_t)(are || have);
	}
	for (k = 0; j < end && k < 4 && ts_token_in(t, j, &p->you_adv); k++)
		j++;
	if (j >= end)
		return 0;
	if (are)
		return ing_word(t, j) || ts_token_in(t, j, &p->you_state);
	if (have)
		return ts_token_in(t, j, &p->have_part);
	return ts_token_in(t, i, &p->you) && ts_token_in(t, j, &p->you_verb);
}

/* A statement with such a clause: at the sentence's start, after a comma
 * or after a conjunction ("the app is slow and you've tried a reinstall",
 * "it's been a long week, you're tired of chasing it"). */
static int reports_customer(const ts_paraphrase *p, const ts_tokens *t, const ts_sentence *s)
{
	if (you_clause(p, t, s->first, s->end))
		return 1;
	for (size_t i = s->first + 1; i + 1 < s->end; i++)
		if (((t->v[i - 1].flags & TS_TOK_CLAUSE) || ts_token_in(t, i - 1, &p->conj)) &&
		    ts_token_in(t, i, &p->you_any) && you_clause(p, t, i, s->end))
			return 1;
	return 0;
}

/* A declarative question that names a feeling ("and it doesn't feel
 * fair?"): not one that opens with a question word or an auxiliary
 * ("would it help to say how you feel?"). */
static int feel_check(const ts_paraphrase *p, const ts_tokens *t, const ts_sentence *s)
{
	size_t i = s->first;

	while (i + 1 < s->end && ts_token_in(t, i, &p->lead))
		i++;
	if (ts_token_in(t, i, &p->wh) || ts_token_in(t, i, &p->aux))
		return 0;
	for (; i < s->end; i++)
		if (ts_token_in(t, i, &p->feel))
			return 1;
	return 0;
}

/* Does the sentence speak of the agent's own actions ("I will send",
 * "let me check", "we can")?  "I understand/see/hear ..." does not. */
static int about_agent(const ts_paraphrase *p, const ts_tokens *t, const ts_sentence *s)
{
	for (size_t i = s->first; i < s->end; i++) {
		if (ts_token_in(t, i, &p->self) &&
		    !(ts_token_in(t, i, &p->let) && !ts_token_in(t, i + 1, &p->me_us))) {
			size_t j = i + 1;
			/* "I do understand", "I can see": two short words at most,
			 * so "we we we ... understand" stays linear */
			while (j < s->end && j < i + 3 && t->v[j].nlen <= 3 &&
			       ts_token_in(t, j, &p->stop))
				j++;
			if (j >= s->end || !ts_token_in(t, j, &p->hearing))
				return 1;
		}
	}
	return 0;
}

/* "it (just) sounds like ...", "it does sound as though ...", "so she
 * sounds like she's had enough", "almost overwhelming, it sounds like":
 * an impression of what the customer said, not an opinion of the agent's
 * own plan ("it sounds like we can fix it", "that sounds good"). */
static int sounds_like(const ts_paraphrase *p, const ts_tokens *t, const ts_sentence *s)
{
	for (size_t i = s->first; i + 1 < s->end; i++) {
		size_t j = i + 1, k;
		if (!ts_token_in(t, i, &p->it_he))
			continue;
		for (k = 0; j < s->end && k < 3 && ts_token_in(t, j, &p->sound_adv); k++)
			j++;
		if (j >= s->end || !ts_token_in(t, j, &p->sound))
			continue;
		if (j + 1 >= s->end)
			return 1; /* "..., it sounds like." ends the sentence */
		if (!ts_token_in(t, j + 1, &p->sound_next))
			continue;
		/* the word after "like" / "as" (and an article): not the
		 * agent, not "good", not "a plan" */
		k = j + 2;
		if (k + 1 < s->end && t->v[k].nlen <= 2 && ts_token_norm(t, k)[0] == 'a' &&
		    (t->v[k].nlen == 1 || ts_token_norm(t, k)[1] == 'n'))
			k++;
		if (k >= s->end || !ts_token_in(t, k, &p->sound_not))
			return 1;
	}
	return 0;
}

static int restates(ts_paraphrase *p, const ts_msgctx *c, const ts_sentence *s)
{
	const ts_tokens *t = c->tok;
	uint64_t seen[32];
	size_t nseen = 0, shared = 0;

	if (asks(c, s))
		return 0;
	if (s->end - s->first < MIN_SHARED)
		return 0;
	if (p->customer_spoke && sounds_like(p, t, s))
		return 1;
	if (about_agent(p, t, s))
		return 0;
	turn_settle(p);
	for (size_t i = s->first; i < s->end; i++) {
		uint64_t k = token_concept(p, t, i);
		size_t d;
		if (!k || nseen == sizeof seen / sizeof *seen)
			continue;
		for (d = 0; d < nseen && seen[d] != k; d++)
			;
		if (d < nseen)
			continue;
		seen[nseen++] = k;
		shared += turn_has(p, k);
	}
	if (shared >= 1 && reflects(p, t, s))
		return 1;
	if (p->customer_spoke && reports_customer(p, t, s))
		return 1;
	if (s->question && p->customer_spoke && feel_check(p, t, s))
		return 1;
	return shared >= MIN_SHARED &&
	       (double)shared >= MIN_SHARE * (double)nseen;
}

/* Does the text end mid-sentence: a dash, a comma, an ellipsis or a word
 * with no full stop ("so the app crashes when you open it -")? */
static int ends_open(const char *text, size_t n)
{
	const unsigned char *r = (const unsigned char *)text;

	while (n > 0 && (r[n - 1] == ' ' || r[n - 1] == '\t' || r[n - 1] == '\n' ||
	                 r[n - 1] == '\r'))
		n--;
	if (n == 0)
		return 0;
	/* an en or em dash, or "…" */
	if (n >= 3 && r[n - 3] == 0xe2 && r[n - 2] == 0x80 &&
	    (r[n - 1] == 0x93 || r[n - 1] == 0x94 || r[n - 1] == 0xa6))
		return 1;
	if (n >= 3 && memcmp(r + n - 3, "...", 3) == 0)
		return 1;
	return r[n - 1] == '-' || r[n - 1] == ',' || (ts_lower(r[n - 1]) >= 'a' && ts_lower(r[n - 1]) <= 'z') ||
	       (r[n - 1] >= '0' && r[n - 1] <= '9');
}

/* Does the text open by carrying on a sentence: a dash, an ellipsis or a
 * lowercase letter ("-and you've already tried the app", "...and only
 * since the update")? */
static int starts_open(const char *text, size_t n)
{
	const unsigned char *r = (const unsigned char *)text;
	size_t i = 0;

	while (i < n && (r[i] == ' ' || r[i] == '\t' || r[i] == '\n' || r[i] == '\r'))
		i++;
	if (i >= n)
		return 0;
	if (i + 2 < n && r[i] == 0xe2 && r[i + 1] == 0x80 &&
	    (r[i + 2] == 0x93 || r[i + 2] == 0x94 || r[i + 2] == 0xa6))
		return 1;
	return r[i] == '-' || r[i] == '.' || (r[i] >= 'a' && r[i] <= 'z');
}

/* A customer message that only keeps the agent going ("mm-hmm", "yes",
 * "right, ok"): three words at most. */
static int backchannel(const ts_tokens *t)
{
	size_t words = 0;

	for (size_t i = 0; i < t->n && words <= 3; i++)
		words += (t->v[i].flags & TS_TOK_ALPHA) != 0;
	return words <= 3;
}

int ts_paraphrase_message(ts_paraphrase *p, const ts_msgctx *c)
{
	const ts_tokens *t = c->tok;
	int pc = c->cat[TS_CAT_PARAPHRASE];
	int cont, last = 0;

	if (c->role == TS_ROLE_CUSTOMER) {
		if (p->open_reflection && !backchannel(t))
			p->open_reflection = 0;
		if (p->agent_spoke)
			turn_clear(p);
		p->customer_spoke = 1;
		if (pc < 0)
			return TS_OK;
		/* every token is written, the next one overwrites it unless
		 * it is a content word candidate: no unpredictable jump */
		for (size_t i = 0; i < t->n && p->npend < TURN_CAP; i++) {
			struct pending *w = &p->pend[p->npend];
			w->hash = t->v[i].hash;
			w->raw = c->text + t->v[i].start;
			w->rawlen = t->v[i].end - t->v[i].start;
			p->npend += (t->v[i].flags & TS_TOK_ALPHA) && t->v[i].nlen >= 3 &&
			            t->v[i].nlen <= PENDING_WORD;
		}
		return TS_OK;
	}
	if (c->role != TS_ROLE_AGENT)
		return TS_OK;
	p->agent_spoke = 1;
	cont = p->open_reflection && starts_open(c->text, c->n);
	p->open_reflection = 0;
	if (pc < 0 || !p->customer_spoke)
		return TS_OK;
	for (size_t si = 0; si < c->nsent; si++) {
		const ts_sentence *s = &c->sent[si];
		int rc;
		last = has_counted(c, s, pc);
		if (!last) {
			/* the rest of a restatement the customer's "mm-hmm" cut
			 * off is a restatement too */
			last = si == 0 && cont ? !asks(c, s) && !about_agent(p, t, s)
			                       : restates(p, c, s);
			if (!last)
				continue;
			rc = ts_findings_add(c->found, pc, s->start, s->stop, TS_DET_OVERLAP,
			                     TS_DETAIL_NONE);
			if (rc)
				return rc;
		}
	}
	p->open_reflection = last && ends_open(c->text, c->n);
	return TS_OK;
}
