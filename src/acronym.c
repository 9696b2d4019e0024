/*
 * acronym.c - jargon in context: unexplained acronyms in agent messages,
 * and lexicon jargon the agent explains or the customer used first.
 *
 * Fed every message of a conversation in order (detect.h).  Customer
 * messages only teach it words: the hash of every token the customer
 * wrote (normalised, so "vpn", "VPN" and "Vpn" are one word).  In an
 * agent message, when the lexset has a jargon category:
 *
 * 1. Each counted lexicon jargon finding becomes TS_CUSTOMER_FIRST when
 *    the customer wrote every word of it earlier in the conversation and
 *    before the agent first did (a customer asking "what is a PON port?"
 *    after the agent said it excuses nothing), else TS_EXPLAINED when
 *    the agent explains it (below) or explained the same term earlier in
 *    the conversation.  Repeated unexplained uses stay counted, as the
 *    matcher found them.
 *
 * 2. Each acronym token - 2 to 6 ASCII letters and digits, at least two
 *    uppercase letters, no lowercase, at most two digits ("DNS", "2FA",
 *    "IPV6"; not "iPhone", "McDonald", "4G", "2024", "NETWORK") - gets a
 *    finding (TS_DET_ACRONYM) unless:
 *    - it is everyday (the everyday[] list: OK, TV, PIN, PDF, ETA, UPS,
 *      time zones, units...) or an English word written in capitals for
 *      emphasis or as a button name (caps_words[]: NOT, MUST, SAVE...),
 *      leading digits aside ("5PM");
 *    - it is part of an address, a file name or a code: joined without
 *      a space by @ . _ # = / \ : + & to another token ("AT&T",
 *      "ABC.com"), or by '-' to a token with a digit or to a short
 *      capital one ("CS-1042", "WI-FI");
 *    - a jargon finding already covers it (the lexicon's own "dns": no
 *      double count; step 1 handles that finding);
 *    - its sentence is shouting: of three or more words of two letters
 *      or more, over two thirds are in capitals ("PLEASE CALL ME BACK");
 *    - it was already reported in this conversation: only its first use
 *      gets a finding, whatever became of it.
 *    The finding is TS_CUSTOMER_FIRST when the customer wrote the same
 *    letters, in any case, before the agent did (shown, not counted),
 *    TS_EXPLAINED when explained, counted otherwise.
 *
 * Explained means, in the same sentence: a bracket or '=' right after
 * the term ("DNS (the internet's address book)", "RMA = return
 * authorisation"); the term in brackets after its plain wording
 * ("Domain Name System (DNS)": the initials match, or three words or
 * more precede it); an expansion whose initials match after a dash, colon
 * or comma ("DNS - Domain Name System"); or a cue right after the term
 * or starting the next clause ("stands for", "is short for", "means",
 * ", which is", ", i.e.", "- that's", "in other words", "basically"...);
 * or a next sentence that starts by explaining ("That means", "In other
 * words", "It stands for", "That's the", "The APN is").
 *
 * Per-conversation state is bounded: fixed open-addressing sets of 64-bit
 * hashes, cleared by ts_acronyms_begin() in time proportional to what
 * they hold; the customer's words wait in a fixed queue until an agent
 * message asks about one.  When a set is full it stops learning (a later
 * customer word is then not known, an acronym may be reported again):
 * see the *_MAX constants.  Works on the analyser's tokens and sentences only: no
 * regex, no second tokenisation.  Not here: the lexicon matches
 * themselves (match.c) or counting (analyse.c).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "detect.h"

/* ---- bounded hash sets ------------------------------------------------ */

#define CUST_SLOTS 4096                  /* words the customer wrote */
#define CUST_MAX (CUST_SLOTS / 4 * 3)
#define CUST_PENDING 512                 /* customer words not yet in the set */
#define TERM_SLOTS 256                   /* acronyms / explained terms */
#define TERM_MAX (TERM_SLOTS / 4 * 3)

typedef struct hset {
	uint64_t *slot;      /* 0 = empty */
	uint16_t *used;      /* indexes of the filled slots, to clear them */
	size_t n, max, mask;
} hset;

static void hset_setup(hset *s, uint64_t *slot, uint16_t *used, size_t nslots)
{
	s->slot = slot;
	s->used = used;
	s->n = 0;
	s->max = nslots / 4 * 3;
	s->mask = nslots - 1;
}

static uint64_t hset_key(uint64_t h)
{
	return h ? h : 1;
}

static int hset_has(const hset *s, uint64_t h)
{
	uint64_t k = hset_key(h);

	for (size_t i = (size_t)(k ^ (k >> 32)) & s->mask;; i = (i + 1) & s->mask) {
		if (s->slot[i] == k)
			return 1;
		if (!s->slot[i])
			return 0;
	}
}

/* Adds h; does nothing when the set is full. */
static void hset_add(hset *s, uint64_t h)
{
	uint64_t k = hset_key(h);

	if (s->n >= s->max)
		return;
	for (size_t i = (size_t)(k ^ (k >> 32)) & s->mask;; i = (i + 1) & s->mask) {
		if (s->slot[i] == k)
			return;
		if (!s->slot[i]) {
			s->slot[i] = k;
			s->used[s->n++] = (uint16_t)i;
			return;
		}
	}
}

static void hset_clear(hset *s)
{
	for (size_t i = 0; i < s->n; i++)
		s->slot[s->used[i]] = 0;
	s->n = 0;
}

struct ts_acronyms {
	hset cust;   /* hashes of the customer's words */
	hset agent;  /* jargon words the agent used before the customer did */
	hset seen;   /* acronyms that got their finding */
	hset expl;   /* lexicon terms the agent explained (n-gram keys) */
	uint64_t cust_slot[CUST_SLOTS];
	uint16_t cust_used[CUST_MAX];
	uint64_t agent_slot[TERM_SLOTS];
	uint16_t agent_used[TERM_MAX];
	uint64_t seen_slot[TERM_SLOTS];
	uint16_t seen_used[TERM_MAX];
	uint64_t expl_slot[TERM_SLOTS];
	uint16_t expl_used[TERM_MAX];
	/* The customer's words wait here, in order, until an agent message
	 * asks about one: most conversations never do, and a list is
	 * cheaper to fill than a set. */
	uint64_t pending[CUST_PENDING];
	size_t npending;
};

int ts_acronyms_new(ts_acronyms **out)
{
	ts_acronyms *a = calloc(1, sizeof *a);

	*out = a;
	if (!a)
		return TS_ENOMEM;
	hset_setup(&a->cust, a->cust_slot, a->cust_used, CUST_SLOTS);
	hset_setup(&a->agent, a->agent_slot, a->agent_used, TERM_SLOTS);
	hset_setup(&a->seen, a->seen_slot, a->seen_used, TERM_SLOTS);
	hset_setup(&a->expl, a->expl_slot, a->expl_used, TERM_SLOTS);
	return TS_OK;
}

void ts_acronyms_free(ts_acronyms *a)
{
	free(a);
}

void ts_acronyms_begin(ts_acronyms *a)
{
	hset_clear(&a->cust);
	hset_clear(&a->agent);
	hset_clear(&a->seen);
	hset_clear(&a->expl);
	a->npending = 0;
}

/* Adds the waiting customer words to the set, in the order they came
 * (when the set fills, the first words are the ones it keeps). */
static void cust_settle(ts_acronyms *a)
{
	for (size_t i = 0; i < a->npending; i++)
		hset_add(&a->cust, a->pending[i]);
	a->npending = 0;
}

/* ---- word lists ----------------------------------------------------------- */

/* Acronyms and abbreviations customers know (lowercase, sorted). */
static const char *const everyday[] = {
	"ac", "ai", "aka", "am", "amex", "aol", "apr", "apt", "asap", "atm",
	"aud", "aug", "ave", "bbc", "bmw", "brb", "bst", "btw", "cad", "cc",
	"cd", "cdt", "ceo", "cet", "cnn", "co", "covid", "cst", "cv", "dec",
	"dhl", "diy", "dj", "dm", "dpd", "dr", "dvd", "edt", "ems", "est",
	"eta", "eu", "eur", "faq", "fbi", "feb", "fedex", "fi", "fri", "fyi",
	"gb", "gbp", "ghz", "gls", "gmt", "gp", "gps", "hbo", "hd", "hdmi",
	"hp", "hq", "hr", "ibm", "id", "idk", "ii", "iii", "ikea", "imo",
	"inc", "ios", "iq", "irs", "it", "iv", "ix", "jan", "jpeg", "jpg",
	"jr", "jul", "jun", "kb", "kg", "km", "lcd", "led", "lg", "llc",
	"lol", "ltd", "mar", "mb", "mba", "mdt", "mhz", "mon", "mp3", "mp4",
	"mph", "mr", "mrs", "ms", "msn", "mst", "nasa", "nba", "nfl", "nhs",
	"nov", "np", "nyc", "oct", "ok", "okay", "omg", "pc", "pdf", "pdt",
	"phd", "pin", "pls", "plz", "pm", "png", "po", "ps", "ps4", "ps5",
	"pst", "qr", "rd", "rsvp", "sat", "sd", "sep", "sept", "sim", "sms",
	"sos", "sr", "st", "sun", "suv", "tb", "tbh", "thu", "thx", "tnt",
	"tue", "tv", "ty", "uae", "uk", "un", "ups", "us", "usa", "usb",
	"usd", "usps", "utc", "vat", "vi", "vii", "viii", "vip", "vs", "wed",
	"wi", "wifi", "www", "xi", "xii", "xl", "xs", "xxl", "xxxl", "zip",
};

/* English words of up to six letters that agents write in capitals for
 * emphasis or as a button's name (lowercase, sorted). */
static const char *const caps_words[] = {
	"about", "above", "active", "add", "after", "again", "alert", "all",
	"allow", "also", "always", "an", "and", "any", "app", "apply", "are",
	"as", "ask", "at", "away", "back", "bad", "be", "been", "before",
	"best", "big", "both", "but", "buy", "by", "call", "can", "cancel",
	"cannot", "care", "cart", "check", "clear", "click", "close", "closed",
	"come", "copy", "could", "daily", "day", "days", "deal", "dear",
	"delete", "did", "do", "does", "done", "down", "due", "each", "early",
	"easy", "edit", "either", "else", "end", "enter", "error", "even",
	"ever", "every", "exit", "extra", "failed", "false", "fast", "few",
	"file", "final", "find", "first", "fix", "for", "free", "from",
	"full", "get", "give", "go", "good", "got", "great", "had", "has",
	"have", "he", "hello", "help", "her", "here", "hey", "hi", "him",
	"his", "hold", "home", "how", "if", "in", "info", "into", "is", "its",
	"just", "keep", "kind", "know", "last", "late", "later", "left",
	"less", "let", "like", "live", "log", "login", "logout", "long",
	"look", "lost", "lot", "made", "make", "many", "max", "may", "me",
	"menu", "min", "more", "most", "much", "must", "my", "name", "need",
	"never", "new", "next", "nice", "no", "none", "nor", "not", "note",
	"now", "of", "off", "offer", "old", "on", "once", "one", "only",
	"open", "or", "order", "other", "our", "out", "over", "own", "page",
	"paid", "part", "pay", "per", "plan", "please", "plus", "press",
	"price", "print", "put", "quick", "rather", "read", "ready", "real",
	"really", "reset", "retry", "return", "right", "safe", "said", "sale",
	"same", "save", "say", "search", "see", "select", "send", "set",
	"setup", "shall", "she", "ship", "should", "show", "sign", "since",
	"small", "so", "sold", "soon", "sorry", "start", "still", "stop",
	"such", "sure", "take", "tap", "team", "than", "thank", "thanks",
	"that", "the", "their", "them", "then", "there", "these", "they",
	"thing", "this", "those", "three", "time", "tip", "to", "today", "too",
	"total", "true", "try", "two", "under", "undo", "until", "up", "upon",
	"urgent", "use", "used", "very", "view", "wait", "want", "warn", "was",
	"way", "we", "week", "well", "were", "what", "when", "where", "which",
	"while", "who", "why", "will", "with", "within", "won", "word", "work",
	"would", "wrong", "yes", "yet", "you", "your", "zero",
};

#define NELEM(a) (sizeof(a) / sizeof *(a))

/* Binary search of a sorted list for the n bytes at w. */
static int listed(const char *const *list, size_t nlist, const char *w, size_t n)
{
	size_t lo = 0, hi = nlist;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int r = strncmp(list[mid], w, n);
		if (r == 0 && list[mid][n])
			r = 1;
		if (r == 0)
			return 1;
		if (r < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

static int is_everyday(const char *w, size_t n)
{
	size_t d = 0;

	if (listed(everyday, NELEM(everyday), w, n) || listed(caps_words, NELEM(caps_words), w, n))
		return 1;
	while (d < n && w[d] >= '0' && w[d] <= '9')
		d++;
	return d && d < n && listed(everyday, NELEM(everyday), w + d, n - d);
}

/* ---- tokens ------------------------------------------------------------------ */

static const ts_token *tok(const ts_msgctx *c, size_t i)
{
	return &c->tok->v[i];
}

/* The normalised token i is the word w. */
static int tok_is(const ts_msgctx *c, size_t i, const char *w)
{
	size_t n = strlen(w);
	return i < c->tok->n && tok(c, i)->nlen == n && memcmp(ts_token_norm(c->tok, i), w, n) == 0;
}

/* The bytes between token i and the next (or the end of the text). */
static void gap_after(const ts_msgctx *c, size_t i, const char **p, size_t *n)
{
	size_t from = tok(c, i)->end;
	size_t to = i + 1 < c->tok->n ? tok(c, i + 1)->start : c->n;

	*p = c->text + from;
	*n = to - from;
}

/* The bytes between the previous token (or the start) and token i. */
static void gap_before(const ts_msgctx *c, size_t i, const char **p, size_t *n)
{
	size_t from = i ? tok(c, i - 1)->end : 0;

	*p = c->text + from;
	*n = tok(c, i)->start - from;
}

static int has_byte(const char *p, size_t n, char b)
{
	return n && memchr(p, b, n) != NULL;
}

/* A dash: '-', en dash U+2013, em dash U+2014. */
static int has_dash(const char *p, size_t n)
{
	if (has_byte(p, n, '-'))
		return 1;
	for (size_t i = 0; i + 2 < n; i++)
		if ((unsigned char)p[i] == 0xe2 && (unsigned char)p[i + 1] == 0x80 &&
		    ((unsigned char)p[i + 2] == 0x93 || (unsigned char)p[i + 2] == 0x94))
			return 1;
	return 0;
}

/* The letters of token i (lowercased) when it is shaped like an acronym;
 * returns how many were copied to out (up to 6), 0 when token i
 * is not shaped like one. */
static size_t acronym_letters(const ts_msgctx *c, size_t i, char *out)
{
	const ts_token *t = tok(c, i);
	size_t len = t->end - t->start, up = 0, dig = 0;

	if (len < 2 || len > 6 || !(t->flags & TS_TOK_UPPER) ||
	    (t->flags & (TS_TOK_LOWER | TS_TOK_NONASCII | TS_TOK_APOS)))
		return 0;
	for (size_t k = t->start; k < t->end; k++) {
		char b = c->text[k];
		if (b >= 'A' && b <= 'Z')
			out[up++] = (char)(b + 32);
		else
			dig++;
	}
	return up >= 2 && dig <= 2 ? up : 0;
}

/* Joined to a neighbour without a space: part of an address, a file name,
 * a code or a name like "AT&T". */
static int glued(const ts_msgctx *c, size_t i)
{
	const ts_token *t = tok(c, i);
	static const char joiners[] = "@._#=/\\:+&";

	for (int side = 0; side < 2; side++) {
		size_t j = side ? i + 1 : i - 1;
		char b;
		const ts_token *u;
		if ((side == 0 && i == 0) || (side == 1 && i + 1 >= c->tok->n))
			continue;
		u = tok(c, j);
		if (side ? u->start != t->end + 1 : u->end + 1 != t->start)
			continue;
		b = c->text[side ? t->end : t->start - 1];
		if (b && strchr(joiners, b)) /* strchr finds the NUL too */
			return 1;
		if (b == '-' && ((u->flags & TS_TOK_DIGIT) ||
		                 ((u->flags & TS_TOK_ALLCAPS) && u->end - u->start <= 2)))
			return 1;
	}
	return 0;
}

/* A walk over the sorted findings along the tokens (detect.h): the end of
 * the furthest-reaching jargon finding that starts before the token ends. */
typedef struct cover_walk {
	size_t next;     /* the first finding not looked at */
	size_t maxend;
} cover_walk;

/* Does a jargon finding overlap token i?  Tokens must come in order. */
static int covered(const ts_msgctx *c, cover_walk *w, size_t i, int jcat)
{
	const ts_token *t = tok(c, i);

	for (; w->next < c->nsorted && c->found->v[w->next].start < t->end; w->next++) {
		const ts_finding *x = &c->found->v[w->next];
		if ((int)x->category == jcat && x->end > w->maxend)
			w->maxend = x->end;
	}
	return w->maxend > t->start;
}

/* Sentence s is shouting: of its words of two letters or more (three at
 * least), over two thirds are in capitals. */
static int shouting(const ts_msgctx *c, size_t s)
{
	size_t words = 0, caps = 0;

	for (size_t i = c->sent[s].first; i < c->sent[s].end; i++) {
		const ts_token *t = tok(c, i);
		if (!(t->flags & TS_TOK_ALPHA) || t->end - t->start < 2)
			continue;
		words++;
		caps += (t->flags & TS_TOK_ALLCAPS) != 0;
	}
	return words >= 3 && caps * 3 > words * 2;
}

/* ---- explanations ------------------------------------------------------------ */

/* Words skipped inside an expansion ("Department of Motor Vehicles"). */
static int is_filler(const ts_msgctx *c, size_t j)
{
	static const char *const w[] = {"a", "an", "and", "for", "in", "of", "on", "the", "to", "with"};
	for (size_t k = 0; k < NELEM(w); k++)
		if (tok_is(c, j, w[k]))
			return 1;
	return 0;
}

/* The initials token j gives an expansion, lowercase: its first letter,
 * then every capital after a lowercase letter ("JavaScript": j, s). */
static size_t initials(const ts_msgctx *c, size_t j, char *out, size_t cap)
{
	const ts_token *t = tok(c, j);
	size_t m = 0;
	char prev = 0;

	for (size_t k = t->start; k < t->end && m < cap; k++) {
		char b = c->text[k];
		int upper = b >= 'A' && b <= 'Z', lower = b >= 'a' && b <= 'z';
		if ((k == t->start && (upper || lower)) || (upper && prev >= 'a' && prev <= 'z'))
			out[m++] = (char)(upper ? b + 32 : b);
		prev = b;
	}
	return m;
}

/* The words before token i (back to token first) spell the acronym
 * letters L[0..nl). */
static int initials_before(const ts_msgctx *c, size_t i, size_t first, const char *L, size_t nl)
{
	size_t k = nl, words = 0;

	for (size_t j = i; j > first && k > 0 && words < 2 * nl + 2; words++) {
		char ini[8];
		size_t m;
		j--;
		m = initials(c, j, ini, sizeof ini);
		if (m && m <= k && strncmp(ini, L + k - m, m) == 0)
			k -= m;
		else if (m && ini[0] == L[k - 1])
			k--;
		else if (!is_filler(c, j))
			return 0;
	}
	return k == 0;
}

/* The words from token j on spell the acronym letters. */
static int initials_after(const ts_msgctx *c, size_t j, size_t end, const char *L, size_t nl)
{
	size_t k = 0, words = 0;

	if (tok_is(c, j, "or") || tok_is(c, j, "aka") || tok_is(c, j, "the"))
		j++;
	for (; j < end && k < nl && words < 2 * nl + 2; j++, words++) {
		char ini[8];
		size_t m = initials(c, j, ini, sizeof ini);
		if (m && m <= nl - k && strncmp(ini, L + k, m) == 0)
			k += m;
		else if (m && ini[0] == L[k])
			k++;
		else if (k == 0 || !is_filler(c, j))
			return 0;
	}
	return k == nl;
}

/* Does the cue (words separated by one space) start at token j? */
static int cue_at(const ts_msgctx *c, size_t j, const char *cue)
{
	const char *p = cue;

	while (*p) {
		const char *q = strchr(p, ' ');
		size_t len = q ? (size_t)(q - p) : strlen(p);
		if (j >= c->tok->n || tok(c, j)->nlen != len ||
		    memcmp(ts_token_norm(c->tok, j), p, len) != 0)
			return 0;
		j++;
		p += len;
		if (*p == ' ')
			p++;
	}
	return 1;
}

static int any_cue(const ts_msgctx *c, size_t j, const char *const *cues, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (cue_at(c, j, cues[k]))
			return 1;
	return 0;
}

/* Cues that explain wherever they start within a few words after the
 * term ("SLA, in other words", "the APN is basically"). */
static const char *const strong_cues[] = {
	"abbreviation for", "acronym for", "aka", "also called", "also known as",
	"basically", "i e", "in other words", "in plain english", "in plain terms",
	"in simple terms", "put simply", "refers to", "short for", "shorthand for",
	"simply put", "stand for", "stands for", "that means", "this means",
	"to put it simply", "which means",
};

/* Cues that explain right after the term or at the start of the next
 * clause ("DNS, which is", "DNS - that's", not "DNS settings means"). */
static const char *const clause_cues[] = {
	"is how", "is what", "is when", "is where", "meaning", "means",
	"that is", "that's", "which are", "which basically", "which helps",
	"which is", "which lets", "which stands", "which tells",
};

/* Cues that explain when they start the next sentence. */
static const char *const next_cues[] = {
	"basically", "i e", "in other words", "in plain english", "in plain terms",
	"in short", "in simple terms", "it is a", "it is basically", "it is like",
	"it is short for", "it is the", "it means", "it stands for", "it's a",
	"it's basically", "it's like", "it's short for", "it's the", "put simply",
	"simply put", "that is", "that means", "that stands for", "that's a",
	"that's basically", "that's short for", "that's the", "think of it as",
	"this is a", "this is the", "this means", "this stands for",
	"to put it simply", "what that means", "which means",
};

/* After the term restated at the start of the next sentence ("The APN
 * is the setting..."). */
static const char *const restate_cues[] = {
	"are", "is a", "is an", "is basically", "is short for", "is the",
	"is what", "is where", "means", "refers to", "stands for",
};

/*
 * Is the term at tokens [i0, i1] explained (see the file comment)?
 * L[0..nl) are its acronym letters when it is an acronym (nl 0 if not).
 */
static int explained(const ts_msgctx *c, size_t i0, size_t i1, const char *L, size_t nl)
{
	size_t s = ts_sentence_of(c, i1);
	size_t first = c->sent[s].first, end = c->sent[s].end;
	const char *g, *b;
	size_t gn, bn;

	gap_after(c, i1, &g, &gn);
	gap_before(c, i0, &b, &bn);
	/* "DNS (the internet's address book)", "RMA = return authorisation" */
	if (i1 + 1 < end && (has_byte(g, gn, '(') || has_byte(g, gn, '[') || has_byte(g, gn, '=')))
		return 1;
	/* "Domain Name System (DNS)", "the internet's address book (DNS)" */
	if ((has_byte(b, bn, '(') || has_byte(b, bn, '[')) &&
	    (has_byte(g, gn, ')') || has_byte(g, gn, ']')) && i0 > first &&
	    (i0 - first >= 3 || (nl && initials_before(c, i0, first, L, nl))))
		return 1;
	/* "DNS - Domain Name System -", "DNS: domain name system" */
	if (nl && i1 + 1 < end &&
	    (has_dash(g, gn) || has_byte(g, gn, ':') || has_byte(g, gn, ',')) &&
	    initials_after(c, i1 + 1, end, L, nl))
		return 1;
	/* a cue in the same sentence */
	for (size_t j = i1 + 1; j < end && j <= i1 + 4; j++) {
		const char *p;
		size_t pn;
		if (any_cue(c, j, strong_cues, NELEM(strong_cues)))
			return 1;
		gap_before(c, j, &p, &pn);
		if ((j == i1 + 1 || (tok(c, j - 1)->flags & TS_TOK_CLAUSE) || has_dash(p, pn) ||
		     has_byte(p, pn, '(')) &&
		    any_cue(c, j, clause_cues, NELEM(clause_cues)))
			return 1;
	}
	/* the next sentence explains */
	if (s + 1 < c->nsent) {
		size_t j = c->sent[s + 1].first, n = i1 - i0 + 1, k;
		if (any_cue(c, j, next_cues, NELEM(next_cues)))
			return 1;
		if (tok_is(c, j, "the") || tok_is(c, j, "a") || tok_is(c, j, "an") ||
		    tok_is(c, j, "your") || tok_is(c, j, "this") || tok_is(c, j, "that"))
			j++;
		for (k = 0; k < n && j + k < c->tok->n; k++)
			if (tok(c, j + k)->hash != tok(c, i0 + k)->hash)
				break;
		if (k == n && any_cue(c, j + n, restate_cues, NELEM(restate_cues)))
			return 1;
	}
	return 0;
}

/* ---- the detector ------------------------------------------------------------ */

/* Did the customer use the word first?  Else, when the agent is the
 * first to use it, the customer's later echo ("what is a PON port?")
 * must not excuse it: the agent's use is remembered. */
static int customer_first(ts_acronyms *a, uint64_t h)
{
	cust_settle(a);
	if (hset_has(&a->cust, h))
		return !hset_has(&a->agent, h);
	hset_add(&a->agent, h);
	return 0;
}

/* The tokens [*i0, *i1] a finding's bytes cover; 0 when none. */
static int span_tokens(const ts_msgctx *c, size_t start, size_t end, size_t *i0, size_t *i1)
{
	size_t i = ts_token_at(c->tok, start);

	if (i >= c->tok->n || tok(c, i)->start >= end)
		return 0;
	*i0 = i;
	while (i + 1 < c->tok->n && tok(c, i + 1)->start < end)
		i++;
	*i1 = i;
	return 1;
}

/* Step 1 of the file comment: lexicon jargon findings. */
static void lexicon_terms(ts_acronyms *a, const ts_msgctx *c, int jcat)
{
	size_t nfound = c->found->n;

	for (size_t f = 0; f < nfound; f++) {
		ts_finding *x = &c->found->v[f];
		size_t i0, i1, nl = 0;
		uint64_t key;
		int customer = 1;
		char L[8];

		if ((int)x->category != jcat || x->detector != TS_DET_LEXICON ||
		    x->status != TS_COUNTED || !span_tokens(c, x->start, x->end, &i0, &i1))
			continue;
		key = tok(c, i0)->hash;
		for (size_t i = i0; i <= i1; i++) {
			if (i > i0)
				key = ts_ngram_next(key, tok(c, i)->hash);
			customer &= customer_first(a, tok(c, i)->hash);
		}
		if (i0 == i1)
			nl = acronym_letters(c, i0, L);
		if (customer) {
			x->status = TS_CUSTOMER_FIRST;
		} else if (explained(c, i0, i1, L, nl)) {
			x->status = TS_EXPLAINED;
			hset_add(&a->expl, key);
		} else if (hset_has(&a->expl, key)) {
			x->status = TS_EXPLAINED;
		}
	}
}

/* Step 2: acronyms. */
static int acronyms(ts_acronyms *a, const ts_msgctx *c, int jcat)
{
	size_t shout_s = (size_t)-1;
	int shout = 0;
	cover_walk cw = { 0, 0 };

	for (size_t i = 0; i < c->tok->n; i++) {
		const ts_token *t = tok(c, i);
		char L[8];
		size_t nl = acronym_letters(c, i, L), s;
		int rc, cust;

		if (!nl || is_everyday(ts_token_norm(c->tok, i), t->nlen) || glued(c, i) ||
		    hset_has(&a->seen, t->hash) || covered(c, &cw, i, jcat))
			continue;
		cust = customer_first(a, t->hash);
		s = ts_sentence_of(c, i);
		if (s != shout_s) {
			shout_s = s;
			shout = shouting(c, s);
		}
		if (shout)
			continue;
		hset_add(&a->seen, t->hash);
		rc = ts_findings_add(c->found, jcat, t->start, t->end, TS_DET_ACRONYM,
		                     TS_DETAIL_NONE);
		if (rc)
			return rc;
		if (cust)
			c->found->v[c->found->n - 1].status = TS_CUSTOMER_FIRST;
		else if (explained(c, i, i, L, nl))
			c->found->v[c->found->n - 1].status = TS_EXPLAINED;
	}
	return TS_OK;
}

int ts_acronyms_message(ts_acronyms *a, const ts_msgctx *c)
{
	int jcat = c->cat[TS_CAT_JARGON];

	if (jcat < 0 || !c->tok->n)
		return TS_OK;
	if (c->role == TS_ROLE_CUSTOMER) {
		for (size_t i = 0; i < c->tok->n; i++) {
			if (a->npending == CUST_PENDING)
				cust_settle(a);
			a->pending[a->npending++] = tok(c, i)->hash;
		}
		return TS_OK;
	}
	if (c->role != TS_ROLE_AGENT)
		return TS_OK;
	lexicon_terms(a, c, jcat);
	return acronyms(a, c, jcat);
}
