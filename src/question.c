/*
 * question.c - clarifying questions: agent sentences that ask the customer
 * for information, with or without a question mark, classified open (what,
 * how, why, which, where, when, who; "tell me", "describe") or closed
 * (yes/no and either/or: "do you", "is it", "any ...?").
 *
 * A sentence is read clause by clause (a clause ends at , ; :), each
 * after its fillers (okay, so, well, um, great...): the first clause that
 * asks decides ("Okay, so, which version are you on?"); a question word or
 * an inverted auxiliary later in a clause of a '?' sentence starts a
 * question too ("thanks which model do you have?"), unless a subject
 * follows the question word ("you're worried about how the bill went
 * up?" is an embedded clause) or "to" comes before the auxiliary ("so
 * you'd like to do it yourself?" is an infinitive).  A clause starting
 * with "or" is read after it ("..., or the metadata file." asks nothing).
 * A question in quotation marks after the sentence's first word is
 * reported, not asked ('it then asks "which account?"').  Without a
 * question mark only interrogative word order ("what version are you
 * on", "do you see an error", not the free relative "what I'd suggest is
 * that...") and requests for facts count ("could you tell me which
 * version you're on.", "please send us the order number", "let me ask if
 * you've updated it", "any idea when it started").
 * A declarative last clause with a question mark asks to confirm ("you
 * were charged twice?"): a closed question, except after "so" ("so you
 * were charged twice?") or with a feeling in it ("and you feel nobody is
 * listening?"), which restate, and after a suggestion, which it goes on
 * ("have you tried the app? the web page?").  A tag ("..., didn't
 * it?") checks the statement before it, and so does a check of
 * understanding that ends the clause without a comma ("it ends in 4411
 * is that correct?", "you're on the yearly plan right?").
 *
 * Not counted, with the status that says why: courtesy and closing
 * questions ("how are you today?", "anything else?", "is that ok?", "does
 * that help?", "how would that sound?"), unless they go on to ask to be
 * told something ("is there anything else I should know?"), rhetorical
 * ones ("isn't it great?", "who doesn't?"), and restatements: "so ...?",
 * a reflective opener, a tag or a check of understanding ("it sounds like
 * it crashes?", "is that right?", "does that sound right?", "is that how
 * you feel?"; paraphrase's business, TS_RESTATEMENT).  "How can I help
 * you today?" counts (open): it asks for the problem.
 *
 * Offers, suggestions and instructions phrased as questions are not
 * findings at all: they ask the customer to do something, not to tell
 * something ("would you like me to...?", "maybe...?", "how about...?",
 * "what about updating it?", "how would you feel about switching plans?").
 * That includes "have you tried / thought
 * about / considered X?": decided for support chat too, where "have you
 * tried restarting the router?" is a troubleshooting step offered as a
 * question, like "could you try...?"; it counts when it asks what happened
 * ("have you tried anything else?", "have you tried it yet?", "what have
 * you tried?", "did you try the link?").  "Could you / would it be
 * possible to / is there a way you could / is there anything you can X?"
 * is a request whose verb decides: to tell, send, show, confirm, think
 * of... asks for information, any other action ("could you restart the
 * app?", "is there anything you could delete?") is an instruction or a
 * suggestion.
 *
 * Lexicon clarifying findings are kept (the lexicon can know phrasings this
 * does not); they take the sentence's open/closed detail and lose their
 * count in a courtesy, rhetorical or restating sentence.  One that starts
 * with a question word inside a sentence that asks nothing, after other
 * words of its clause, is part of a statement ("you'd be surprised how
 * many people ask", "sorry about what happened"): TS_RHETORICAL, unless a
 * verb of telling or knowing comes first ("I need to know how many").  A
 * sentence with a counted lexicon finding gets no second, detector
 * finding.  Empathy findings from where an interrogative question starts
 * to the end of its sentence ask about a feeling rather than reflect it
 * ("why do you feel stressed?", "is there a reason you're upset?"):
 * TS_IN_QUESTION.  Before the question ("you seem upset, which order was
 * it?") and in a declarative question ("you're worried about the bill?"),
 * which reflects with a rising tone, they count.  Not here: customer
 * questions, questions spread over two messages.
 */
#include "detect.h"

#include <stdlib.h>
#include <string.h>

#include "wordlist.h"

enum { Q_NONE = 0, Q_OPEN, Q_CLOSED, Q_COURTESY, Q_RHETORICAL, Q_RESTATE, Q_OFFER,
       Q_DECLARATIVE, Q_CONFIRM };

static const char *const fillers[] = {
	"so", "and", "but", "okay", "ok", "well", "um", "umm", "uh", "alright",
	"right", "yeah", "yes", "oh", "hmm", "mm", "now", "then", "also",
	"hi", "hello", "hey", "great", "sure", "good", "wow", "see", "cool",
	"fine", "perfect", "excellent", "gotcha", "understood", "thanks",
	"really", "exactly", "absolutely", "nice", "lovely", "awesome", "or", NULL
};

static const char *const wh[] = {
	"what", "how", "why", "which", "where", "when", "who", "whom", "whose",
	"what's", "how's", "where's", "who's", "when's", "whats", "hows", NULL
};

static const char *const aux[] = {
	"do", "does", "did", "are", "is", "was", "were", "have", "has", "had",
	"can", "could", "would", "will", "should", "may", "might", "am",
	"don't", "didn't", "doesn't", "isn't", "aren't", "wasn't", "haven't",
	"hasn't", "won't", "can't", "couldn't", "wouldn't", "any", "anything",
	"anyone", "anybody", "or", NULL
};

static const char *const courtesy[] = {
	"how are you", "how r u", "how have you been",
	"how's it going", "how is it going", "how's your day", "how is your day",
	"anything else", "is there anything else", "is there something else",
	"any other questions", "any more questions", "any further questions",
	"can i help with anything else", "can i help you with anything else",
	"is there anything more", "is that ok", "is that okay", "is that alright",
	"is that all right", "is that fine", "is this ok", "is this okay",
	"is that everything", "does that help", "did that help", "does this help",
	"did this help", "does that make sense", "does this make sense",
	"how does that sound", "how does this sound", "sound good", "sounds good",
	"does that sound good", "does that work for you", "would that be ok",
	"would that be okay", "you know what i mean", "know what i mean",
	"is there any other way i can help",
	"was there anything else", "does that sound", "does this sound",
	"how would that sound", "how would this sound", "would that sound", NULL
};

static const char *const rhetorical[] = {
	"who doesn't", "who wouldn't", "isn't it great", "isn't that great",
	"wouldn't it be", "why not", "guess what", "how great is that",
	"how cool is that", "how awesome is that", "what a", "how nice",
	"how lovely", "who knew", "what are the odds", "can you believe",
	"how frustrating is that", "how annoying is that", NULL
};

/* Offers, suggestions and permission: questions that ask for nothing. */
static const char *const offers[] = {
	"what if", "how about", "why don't you", "why not try", "maybe", "perhaps",
	"you could", "you might", "you can try", "you may want",
	"would you like me to", "would you want me to",
	"do you want me to", "shall i", "should i", "shall we", "should we",
	"can i put you", "can i place you", "may i put you", "may i place you",
	"is it ok if i", "is it okay if i", "do you mind if i", "would you mind if i",
	"can i just", "did you know", "do you think it would help",
	"do you think it might help", "do you think that would help",
	"would it help", "would it be possible for you to try", "maybe try",
	"could you try", "can you try", "could i suggest", "may i suggest",
	"can i suggest", "might i suggest", "would it be helpful",
	"do you think it would be helpful", "do you think it might be helpful", NULL
};

/* "Have you tried X?" proposes X.  In support chat as in peer support the
 * agent wants X done ("have you tried restarting the router?", "have you
 * thought about the yearly plan?"), and the question is a suggestion: not
 * counted.  What follows can make it ask what happened instead: "have you
 * tried anything else?", "have you thought about how you'd like it
 * fixed?", "have you tried it yet?" count.  "What have you tried?" and
 * "did you try ...?" (what happened) are not touched. */
static const char *const proposals[] = {
	"have you tried", "have you ever tried", "have you thought about",
	"have you thought of", "have you ever thought about", "have you ever thought of",
	"have you considered", "have you ever considered", "have you looked into",
	"have you contemplated", NULL
};

static const char *const asked_objects[] = {
	"anything", "everything", "something", "anyone", "anybody", "it",
	"that", "this", "these", "those", "them", "what", "how", "whether", "if",
	"why", "when", "where", "which", "who", NULL
};

/* "Could you ...", "is it possible to ...": a request whose verb decides.
 * Asking to be told, sent or shown something is a request for
 * information ("could you send a screenshot?", "would it be possible to
 * share the invoice?"); any other action is an instruction or a
 * suggestion ("could you restart the app?", "is it possible for you to
 * take a day off?") and not counted.  "Can you ...?" is left out: it asks
 * about ability and state as often ("can you log in now?"). */
static const char *const verb_frames[] = {
	"could you", "would you be able to", "is it possible to",
	"is it possible for you to", "would it be possible to",
	"would it be possible for you to", "is it possible that you could",
	"would it be possible that you could", "is there a way you could",
	"is there a way you can", "is there any way you could",
	"is there any way you can", "is there a way you might", "is there anything you can",
	"is there anything you could", "is there something you can",
	"is there something you could", NULL
};

/* What a request for information asks the customer to do, anywhere in
 * the clause after a verb frame. */
static const char *const info_verbs[] = {
	"tell", "send", "share", "provide", "confirm", "verify", "check",
	"describe", "explain", "clarify", "elaborate", "expand", "specify",
	"give me", "give us", "get me", "get us", "let me know", "let us know",
	"show me", "show us", "attach", "upload", "forward", "paste", "copy",
	"type", "spell", "repeat", "read", "say", "list", "answer", "fill",
	"email", "text", "dm", "message", "screenshot", "take a screenshot",
	"take a photo", "take a picture", "photo", "find", "look up", "walk me",
	"talk me", "remind me", "identify", "be more specific", "double check",
	"recall", "remember", "think of", "see if", "see whether", "know", "find out", NULL
};

/* Requests for facts without a question mark. */
static const char *const requests[] = {
	"could you tell", "can you tell", "would you tell", "could you please tell",
	"can you please tell", "could you send", "can you send", "could you please send",
	"can you please send", "could you provide", "can you provide",
	"could you please provide", "could you confirm", "can you confirm",
	"could you please confirm", "can you please confirm", "could you share",
	"can you share", "could you describe", "can you describe", "could you check",
	"can you check", "could you let me know", "can you let me know",
	"would you let me know", "could you give me", "can you give me",
	"please tell", "please send", "please provide", "please confirm",
	"please share", "please describe", "please check",
	"please give me", "please reply with", "tell me", "let me know which",
	"let me know what", "let me know when", "let me know where",
	"let me know how", "let me know whether", "please let me know which",
	"please let me know what", "please let me know when",
	"please let me know where", "please let me know how",
	"please let me know whether",
	"describe", "walk me through", "i need your", "i'll need your",
	"i will need your", "i just need your", "may i have", "can i have",
	"could i have", "can i get", "could i get", "may i ask", "can i ask",
	"could i ask", "i'm curious", "i am curious", "i'd like to know",
	"i would like to know", "let me ask if", "let me ask whether", "let me ask you",
	"any idea", "any ideas", NULL
};

/* Requests that ask for an account in the customer's words: open. */
static const char *const open_requests[] = {
	"tell me", "please tell me more", "could you tell me more",
	"can you tell me more", "describe", "please describe", "could you describe",
	"can you describe", "walk me through", "explain", "please explain",
	"why don't you tell me", "why don't you start by telling",
	"why don't you fill me in",
	"could you explain", "can you explain", NULL
};

/* Checks of understanding after a restatement. */
static const char *const checks[] = {
	"is that right", "is that correct", "is that true", "is that what you mean",
	"is that what you're saying", "did i get that right", "do i have that right",
	"have i got that right", "am i right", "am i correct", "right", "correct",
	"does that sound right", "does that sound accurate", "does that sound correct",
	"does that sound about right", "does this sound right", "does this sound accurate",
	"does this sound correct", "does that seem right", "does that seem accurate",
	"is that about right", "is that accurate", "is this accurate", "is that a fair",
	"is that fair to say", "is that how you feel", "is that how it feels",
	"is that what you're feeling", "is that what you are feeling",
	"is that what it feels like", "would that be right", "would that be accurate",
	"would that be fair to say", "don't you think", "don't you agree",
	"dont you think", "dont you agree", "wouldn't you agree", "wouldn't you say",
	NULL
};

/* Reflective openers: what follows restates, even when it ends with '?'. */
static const char *const reflective[] = {
	"what you're saying", "what you are saying", "what i'm hearing",
	"what i am hearing", "what i hear", "i hear you", "i'm hearing",
	"if i understand", "if i'm understanding",
	"if i understood", "it sounds like", "sounds like", "it seems like",
	"seems like", "it looks like", "you're saying", "you are saying",
	"just to confirm", "to make sure i understand", "let me make sure i understand",
	NULL
};

/* Subjects after an auxiliary make an inverted question ("do you"). */
static const char *const subjects[] = {
	"you", "it", "he", "she", "they", "we", "i", "there", "this", "that",
	"your", "the", "u", "i'd", "i'm", "i've", "i'll", "you'd", "you're", "you've",
	"you'll", "we'd", "we're", "we've", "they'd", "they're", "it's", NULL
};

static const char *const backchannels[] = { "right", "ok", "okay", NULL };
/* A declarative question that names how the customer feels reflects it
 * back ("and you feel nobody is listening?", "it doesn't feel fair?"). */
static const char *const feel_words[] = { "feel", "feels", "feeling", "felt", NULL };
static const char *const so_words[] = { "so", NULL };
static const char *const which_words[] = { "which", NULL };
/* "to do it", "to have it": an infinitive, not an inverted auxiliary */
static const char *const to_words[] = { "to", NULL };
/* "What about updating the app?", "how would you feel about switching to
 * the yearly plan?": an action proposed for an opinion, a suggestion.
 * "What do you think about the new plan?" (no action) asks. */
static const char *const what_about[] = {
	"what about", "what do you think about", "what would you think about",
	"how do you feel about", "how would you feel about", NULL
};
static const char *const how_are[] = { "how are", NULL };

/* The first words of the phrase lists a sentence without a question mark
 * is checked against, so that most sentences are dismissed with one
 * lookup. */
static int build_starters(ts_wordlist *w)
{
	const char *const *lists[] = { checks, courtesy, rhetorical, offers,
	                               proposals, verb_frames, open_requests,
	                               requests, wh, aux };
	char words[1024][24];
	const char *ptrs[1025];
	size_t n = 0;

	for (size_t l = 0; l < sizeof lists / sizeof *lists; l++)
		for (const char *const *p = lists[l]; *p; p++) {
			size_t len = strcspn(*p, " ");
			if (n == 1024 || len >= sizeof words[0])
				return TS_ENOMEM; /* the lists outgrew this table */
			memcpy(words[n], *p, len);
			words[n][len] = '\0';
			ptrs[n] = words[n];
			n++;
		}
	ptrs[n] = NULL;
	return ts_wordlist_build(w, ptrs);
}

struct ts_question {
	ts_wordlist fillers, wh, aux, backchannels, subjects, so, asked_objects, feel, which, to;
	ts_wordlist starters;   /* every word a statement without '?' can
	                           start a finding or an exclusion with */
	ts_phraselist courtesy, rhetorical, offers, requests, open_requests, checks,
	              how_are, reflective, proposals, verb_frames, info_verbs, what_about;
};

int ts_question_new(ts_question **out)
{
	ts_question *q = calloc(1, sizeof *q);

	*out = NULL;
	if (!q)
		return TS_ENOMEM;
	if (build_starters(&q->starters) || ts_wordlist_build(&q->fillers, fillers) || ts_wordlist_build(&q->wh, wh) ||
	    ts_wordlist_build(&q->aux, aux) ||
	    ts_wordlist_build(&q->backchannels, backchannels) ||
	    ts_wordlist_build(&q->subjects, subjects) || ts_wordlist_build(&q->so, so_words) ||
	    ts_wordlist_build(&q->feel, feel_words) ||
	    ts_wordlist_build(&q->which, which_words) ||
	    ts_wordlist_build(&q->to, to_words) ||
	    ts_phraselist_build(&q->courtesy, courtesy) ||
	    ts_phraselist_build(&q->rhetorical, rhetorical) ||
	    ts_phraselist_build(&q->offers, offers) ||
	    ts_phraselist_build(&q->requests, requests) ||
	    ts_phraselist_build(&q->checks, checks) ||
	    ts_phraselist_build(&q->how_are, how_are) ||
	    ts_phraselist_build(&q->reflective, reflective) ||
	    ts_phraselist_build(&q->open_requests, open_requests) ||
	    ts_wordlist_build(&q->asked_objects, asked_objects) ||
	    ts_phraselist_build(&q->proposals, proposals) ||
	    ts_phraselist_build(&q->verb_frames, verb_frames) ||
	    ts_phraselist_build(&q->info_verbs, info_verbs) ||
	    ts_phraselist_build(&q->what_about, what_about)) {
		ts_question_free(q);
		return TS_ENOMEM;
	}
	*out = q;
	return TS_OK;
}

void ts_question_free(ts_question *q)
{
	if (!q)
		return;
	ts_wordlist_release(&q->fillers);
	ts_wordlist_release(&q->wh);
	ts_wordlist_release(&q->aux);
	ts_wordlist_release(&q->backchannels);
	ts_wordlist_release(&q->subjects);
	ts_wordlist_release(&q->so);
	ts_wordlist_release(&q->feel);
	ts_wordlist_release(&q->which);
	ts_wordlist_release(&q->to);
	ts_wordlist_release(&q->starters);
	ts_phraselist_release(&q->courtesy);
	ts_phraselist_release(&q->rhetorical);
	ts_phraselist_release(&q->offers);
	ts_phraselist_release(&q->requests);
	ts_phraselist_release(&q->checks);
	ts_phraselist_release(&q->how_are);
	ts_phraselist_release(&q->reflective);
	ts_phraselist_release(&q->open_requests);
	ts_wordlist_release(&q->asked_objects);
	ts_phraselist_release(&q->proposals);
	ts_phraselist_release(&q->verb_frames);
	ts_phraselist_release(&q->info_verbs);
	ts_phraselist_release(&q->what_about);
	free(q);
}

typedef struct words {
	const ts_question *q;
	const ts_tokens *t;
	size_t i, end;      /* the clause: tokens [i, end) */
} words;

static int in(const words *w, size_t k, const ts_wordlist *list)
{
	return w->i + k < w->end && ts_token_in(w->t, w->i + k, list);
}

static int starts_any(const words *w, const ts_phraselist *p)
{
	return ts_phraselist_at(p, w->t, w->i, w->end);
}

static size_t skip_fillers(const words *w)
{
	size_t k = 0;

	while (w->i + k + 1 < w->end && in(w, k, &w->q->fillers))
		k++;
	return k;
}

static int wh_within(const words *w, size_t from, size_t span)
{
	for (size_t k = from; k < from + span && w->i + k < w->end; k++)
		if (in(w, k, &w->q->wh))
			return 1;
	return 0;
}

/* An auxiliary followed by a subject ("do you", "is it") starting within
 * tokens [from, from + span) of the clause. */
static int inverted_within(const words *w, size_t from, size_t span)
{
	for (size_t k = from; k < from + span && w->i + k + 1 < w->end; k++)
		if (in(w, k, &w->q->aux) && in(w, k + 1, &w->q->subjects))
			return 1;
	return 0;
}

/* A word ending in -ing ("restarting"). */
static int gerund(const words *w, size_t k)
{
	const ts_token *x = w->i + k < w->end ? &w->t->v[w->i + k] : NULL;

	return x && x->nlen > 5 && !memcmp(w->t->norm + x->norm + x->nlen - 3, "ing", 3);
}

/* An info verb (tell, send, know...) at token from of the clause or
 * later. */
static int asks_to_tell(const words *w, size_t from)
{
	for (size_t k = w->i + from; k < w->end; k++)
		if (ts_phraselist_at(&w->q->info_verbs, w->t, k, w->end))
			return 1;
	return 0;
}

/* A suggestion or instruction phrased as a question ("have you tried
 * restarting it?", "could you restart it?", "what about updating the
 * app?"): see proposals and verb_frames. */
static int suggests(const words *w)
{
	size_t len;

	len = ts_phraselist_len(&w->q->what_about, w->t, w->i, w->end);
	if (len)
		return gerund(w, len);
	len = ts_phraselist_len(&w->q->proposals, w->t, w->i, w->end);
	if (len)
		return !in(w, len, &w->q->asked_objects);
	len = ts_phraselist_len(&w->q->verb_frames, w->t, w->i, w->end);
	return len && !asks_to_tell(w, len);
}

/* Does token i follow an opening quotation mark ('"' or U+201C)? */
static int quoted(const ts_msgctx *c, size_t i)
{
	const unsigned char *p = (const unsigned char *)c->text;
	size_t b = c->tok->v[i].start;

	return (b >= 1 && p[b - 1] == '"') ||
	       (b >= 3 && p[b - 3] == 0xe2 && p[b - 2] == 0x80 && p[b - 1] == 0x9c);
}

/* One clause [i, end) of a sentence; q: the sentence ends with '?'; first,
 * last: the clause is the sentence's first, last.  *at: the token the
 * question (or whatever the clause is) starts at. */
static int classify_clause(const ts_question *qs, const ts_msgctx *c, size_t i,
                           size_t end, int q, int first, int last, int after_so,
                           size_t *at)
{
	const ts_tokens *t = c->tok;
	words w = { qs, t, i, end };
	size_t n, clen;

	w.i += skip_fillers(&w);
	*at = w.i;
	n = w.end - w.i;
	if (!n || (!q && !in(&w, 0, &qs->starters)))
		return Q_NONE;
	/* a question quoted after the sentence's first word is reported,
	 * not asked: 'when it says, "Do you want to continue?"' */
	if ((!first || w.i > i) && quoted(c, w.i))
		return Q_NONE;
	if (starts_any(&w, &qs->checks) || (q && starts_any(&w, &qs->reflective)))
		return Q_RESTATE;
	/* "how are you doing today?" is courtesy; "how are you feeling about
	 * the new plan?" asks something, and so does "anything else I should
	 * know?" */
	clen = ts_phraselist_len(&qs->courtesy, t, w.i, w.end);
	if ((clen && (n <= 6 || !starts_any(&w, &qs->how_are)) && !asks_to_tell(&w, clen)) ||
	    (q && n == 1 && in(&w, 0, &qs->fillers)))
		return Q_COURTESY;
	if (q && n == 1 && in(&w, 0, &qs->backchannels))
		return Q_COURTESY;
	/* a tag after a statement checks it: "the fee was refunded, wasn't
	 * it?", "you don't use the app, do you?" */
	if (q && n == 2 && !first && in(&w, 0, &qs->aux) && in(&w, 1, &qs->subjects))
		return Q_RESTATE;
	if (starts_any(&w, &qs->rhetorical))
		return Q_RHETORICAL;
	if (starts_any(&w, &qs->open_requests))
		return Q_OPEN;
	if (starts_any(&w, &qs->offers) || suggests(&w))
		return Q_OFFER;
	if (starts_any(&w, &qs->requests))
		return wh_within(&w, 1, 6) ? Q_OPEN : Q_CLOSED;
	/* without a question mark, interrogative word order: an inverted
	 * auxiliary ("do you see an error", "what version are you on") or a
	 * question word before its verb ("what is going on"), not a relative
	 * clause ("what I would do is...", and "which" before a verb: "which
	 * is why I've escalated it.") */
	if (in(&w, 0, &qs->wh))
		return q || (in(&w, 1, &qs->aux) && !in(&w, 0, &qs->which)) ||
		       (!in(&w, 1, &qs->subjects) && inverted_within(&w, 1, 4)) ? Q_OPEN : Q_NONE;
	if (in(&w, 0, &qs->aux))
		return q || inverted_within(&w, 0, 1) ? Q_CLOSED : Q_NONE;
	/* a question that starts later, without a comma: "thanks for that
	 * which model do you have?", "the app, when does it crash?" */
	for (size_t k = 1; q && k < n; k++) {
		words later = { qs, t, w.i + k, w.end };
		/* a question word there starts a question ("which model do
		 * you have", "and which day suits you?"), but not when a
		 * subject follows it: that is an embedded clause ("worried
		 * about how your bill went up?", "not sure when it ran?") */
		int wh_k = in(&w, k, &qs->wh) && !in(&w, k + 1, &qs->subjects);
		if (!wh_k && !(in(&w, k, &qs->aux) && in(&w, k + 1, &qs->subjects) &&
		               !in(&w, k - 1, &qs->to)))
			continue;
		/* 'it keeps asking "which account?"': the quote's '?' */
		if (quoted(c, later.i))
			return Q_NONE;
		/* "as a writer could you try an online group?" suggests */
		if (!wh_k && (starts_any(&later, &qs->offers) || suggests(&later)))
			return Q_OFFER;
		/* a tag without its comma: "it ends in 4411 is that correct?" */
		if (ts_phraselist_len(&qs->checks, t, later.i, w.end) == n - k)
			return Q_RESTATE;
		*at = later.i;
		return wh_k ? Q_OPEN : Q_CLOSED;
	}
	/* declarative with a question mark: "so you were charged twice?"
	 * restates; without "so" it asks to confirm, and the message around
	 * it decides (ts_question_detect) */
	if (q && n > 1) {
		if (!last)
			return Q_DECLARATIVE;
		for (size_t k = 0; !after_so && k < n; k++)
			after_so = in(&w, k, &qs->feel);
		/* "you use the app right?" */
		after_so |= ts_phraselist_len(&qs->checks, t, w.end - 1, w.end) == 1;
		return after_so ? Q_RESTATE : Q_CONFIRM;
	}
	return Q_NONE;
}

/* Which reason a sentence with no question clause gets: the strongest. */
static int rank(int kind)
{
	switch (kind) {
	case Q_COURTESY: case Q_RHETORICAL: case Q_RESTATE: return 3;
	case Q_OFFER: return 2;
	case Q_DECLARATIVE: return 1;
	default: return 0;
	}
}

/* The sentence's kind: the first clause that is a question decides, and
 * so does a suggestion in the first clause ("have you tried a new cable,
 * like the one in the box?", but not the hedge in "on average, maybe a
 * week, how much do you use?"); only the last clause can be a declarative
 * question.  Otherwise the strongest reason a clause gives for not being
 * one. */
static int classify(const ts_question *qs, const ts_msgctx *c, const ts_sentence *s,
                    size_t *at)
{
	const ts_tokens *t = c->tok;
	int why = Q_NONE, after_so = 0;
	size_t from = s->first;

	*at = s->end;
	/* "so you were charged twice?" restates; "you were charged twice?"
	 * asks to confirm */
	for (size_t i = s->first; i < s->end && ts_token_in(t, i, &qs->fillers); i++)
		after_so |= ts_token_in(t, i, &qs->so);

	for (size_t i = s->first; i < s->end; i++) {
		if (!(t->v[i].flags & TS_TOK_CLAUSE) && i + 1 < s->end)
			continue;
		/* a clause [from, i]: only the sentence's last one can end with
		 * its question mark */
		int last = i + 1 == s->end;
		int k = classify_clause(qs, c, from, i + 1,
		                        s->question && (last || from > s->first),
		                        from == s->first, last, after_so, at);
		if (k == Q_OPEN || k == Q_CLOSED || k == Q_CONFIRM ||
		    (k == Q_OFFER && from == s->first))
			return k;
		if (rank(k) > rank(why))
			why = k;
		from = i + 1;
	}
	return why;
}

static unsigned char status_of(int kind)
{
	switch (kind) {
	case Q_COURTESY: return TS_COURTESY;
	case Q_RHETORICAL: return TS_RHETORICAL;
	case Q_RESTATE: return TS_RESTATEMENT;
	default: return TS_COUNTED;
	}
}

/* A lexicon finding that starts with a question word inside a statement,
 * after other words of its clause, asks nothing: "you'd be surprised how
 * many people ask", "sorry about what happened".  After a verb of telling
 * or knowing it is the indirect question a request is about ("I need to
 * know what version you're on"). */
static int embedded(const ts_question *qs, const ts_msgctx *c, const ts_sentence *s,
                    const ts_finding *f)
{
	const ts_tokens *t = c->tok;
	size_t at = ts_token_at(t, f->start), from = at, k;
	int after_words = 0;

	if (at >= s->end || !ts_token_in(t, at, &qs->wh))
		return 0;
	while (from > s->first && !(t->v[from - 1].flags & TS_TOK_CLAUSE)) {
		from--;
		after_words |= !ts_token_in(t, from, &qs->fillers);
	}
	if (!after_words)
		return 0;
	for (k = from; k < at; k++)
		if (ts_phraselist_at(&qs->info_verbs, t, k, at))
			return 0;
	return 1;
}

int ts_question_detect(const ts_question *qs, const ts_msgctx *c)
{
	int cc = c->cat[TS_CAT_CLARIFYING], ec = c->cat[TS_CAT_EMPATHY];
	size_t nlex = c->nsorted;
	int prev = Q_NONE;

	if (c->role != TS_ROLE_AGENT || cc < 0)
		return TS_OK;
	for (size_t si = 0; si < c->nsent; si++) {
		const ts_sentence *s = &c->sent[si];
		size_t at;
		int kind = classify(qs, c, s, &at), has_lex = 0;
		/* where an interrogative question (not a declarative one: "you're
		 * worried about the bill?" reflects) starts, in bytes */
		size_t asks = kind == Q_OPEN || kind == Q_CLOSED ? c->tok->v[at].start : s->stop;

		/* A declarative question after a suggestion goes on suggesting
		 * ("have you tried the app? the web page?"); otherwise it asks to
		 * confirm ("you were charged twice?"): closed.  Even after the
		 * agent's own statement: "check the cert. rotated on your
		 * side?" asks. */
		if (kind == Q_CONFIRM)
			kind = prev == Q_OFFER ? Q_OFFER : Q_CLOSED;
		prev = kind;

		unsigned char detail = kind == Q_OPEN ? TS_DETAIL_OPEN :
		                       kind == Q_CLOSED ? TS_DETAIL_CLOSED : TS_DETAIL_NONE;

		for (size_t i = ts_findings_from(c, s->start);
		     i < nlex && c->found->v[i].start < s->stop; i++) {
			ts_finding *f = &c->found->v[i];
			if (f->status != TS_COUNTED)
				continue;
			/* a question about a feeling asks, it does not reflect:
			 * "why do you feel stressed?", "what made you worried?" */
			if (f->category == (unsigned)ec && f->start >= asks) {
				f->status = TS_IN_QUESTION;
				continue;
			}
			if (f->category != (unsigned)cc)
				continue;
			if (kind == Q_COURTESY || kind == Q_RHETORICAL || kind == Q_RESTATE) {
				f->status = status_of(kind);
				continue;
			}
			if (kind != Q_OPEN && kind != Q_CLOSED && embedded(qs, c, s, f)) {
				f->status = TS_RHETORICAL;
				continue;
			}
			f->detail = detail;
			has_lex = 1;
		}
		if (has_lex || (kind != Q_OPEN && kind != Q_CLOSED))
			continue;
		int rc = ts_findings_add(c->found, cc, s->start, s->stop, TS_DET_QUESTION, detail);
		if (rc)
			return rc;
	}
	return TS_OK;
}
