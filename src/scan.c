/*
 * scan.c - the pipeline in one process: source bytes -> reader -> assembler
 * -> analysis of each closed conversation -> per-agent sums.  Not here:
 * parsing (read_csv.c), matching (match.c) or formatting (report_*.c).
 */
#include "scan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyse.h"
#include "assemble.h"
#include "detect.h"
#include "buf.h"
#include "chat_cells.h"
#include "fcr.h"
#include "input.h"
#include "pool.h"
#include "read_chat.h"
#include "read_email.h"
#include "read_json.h"
#include "thread.h"
#include "timeparse.h"
#include "timing.h"
#include "util.h"

/* An agent's share of one conversation, while it is analysed. */
typedef struct conv_agent {
	const char *name;
	size_t name_len;
	unsigned long messages, words;
	size_t first_msg, last_msg;  /* their first and last message's index */
	ts_textstats ts;
	unsigned long *hits;
	struct agent_node *node;     /* set when the conversation is credited */
} conv_agent;

typedef struct agent_node {
	ts_stats st;
	uint64_t hash;
	uint32_t id;                 /* creation order: the FCR linker's owner */
	struct agent_node *next;
} agent_node;

#define CUSTOMER_KEY_MAX 256     /* bytes of a customer identity compared */

struct ts_scanner {
	ts_scan_options opt;
	const ts_lexset *lex;
	size_t ncat;
	ts_analyser *analyser;
	ts_assembler *asm_;
	ts_message_result_fn on_result;
	void *result_ud;
	ts_message_fn on_record;
	void *record_ud;
	ts_input_format last_format; /* of the last input read */

	/* per-agent sums */
	agent_node **buckets;
	size_t nbuckets, nagents;
	agent_node **by_id;          /* nagents, in creation order */
	size_t by_id_cap;
	const ts_stats **sorted_agents;
	ts_stats customers;

	/* per-conversation records (keep_conversations) */
	ts_conv_record **convs;
	size_t nconvs, convs_cap;
	int convs_sorted;

	/* scratch for analysing one conversation */
	conv_agent *cagents;
	size_t ncagents, cagents_cap;
	unsigned long *cust_hits;
	char seqtext[24];            /* a message's index as its seq */

	/* first-contact resolution and timing */
	ts_timefmt *timefmt;         /* --time-format, or NULL */
	ts_fcr_linker *linker;
	long long window, nudge_after;
	int cat_escalation, cat_followup, cat_resolution; /* -1: none */
	int have_end;
	int64_t end;                 /* the latest time seen */
	unsigned char *time_warned;  /* per input: an unreadable time was listed */
	size_t time_warned_cap;
	unsigned char *regex_warned; /* per lexicon entry: hitting a regex limit
	                              * was listed (made at the first) */
	ts_timing_msg *tmsg;         /* scratch, one per message */
	ts_timing_gap *gaps;
	uint64_t *gapsecs;
	size_t tmsg_cap;
	struct order_key *okeys;     /* scratch of order_by_time */
	ts_amsg *omsgs;
	size_t okeys_cap, omsgs_cap;
	ts_error err;                /* why a callback failed (spill I/O) */

	/* reply threading (thread.c), for the input being read */
	ts_csv_reader *csv;          /* its CSV reader, or NULL */
	int thread_mode;             /* TH_* */
	int can_rewind;              /* the input can be read twice */
	int spool;                   /* SPOOL_*: a pipe's copy for pass two */
	ts_buf spool_head;           /* its bytes while threading is undecided */
	int email;                   /* the input is e-mail (threads by ids) */
	ts_replymap *replies;
	ts_buf authorbuf;            /* "author/SIG" (--agent-signature) */

	/* e-mail threads of the whole run (made at the first e-mail input):
	 * a reply in one file joins its parent's thread in another */
	ts_email_threads *email_threads;
	/* --split-chat-cells: the splitter, and whether this input is split
	 * (CSV and JSON only) */
	ts_cell_splitter *cells;
	int split_input;
	unsigned depth;       /* the current message's reply depth */

	/* -j: worker threads analyse closed conversations (jobs, a ring as
	 * long as the pool's capacity); this thread sums them up in the
	 * order they closed */
	ts_pool *pool;
	ts_analyser **workers;       /* the workers' analysers */
	unsigned nworkers;
	struct conv_job *jobs;
	size_t njobs;
	unsigned long job_seq;       /* jobs submitted */
	size_t inflight, inflight_max; /* bytes of the conversations out */
	int account_rc;              /* the first job that failed to sum up */

	ts_scan_counts counts;
	int last_rc;   /* first hard error from a callback */
};

/* Reply threading of one input: not decided until the CSV header is
 * read; off; the first of two passes (links collected, nothing else
 * done); the second (each message's conversation is its root).  An input
 * that cannot be read twice (a pipe) is copied while it may need the
 * second pass: not started (its bytes held in spool_head meanwhile);
 * being copied; settled (copied or not). */
enum { TH_UNDECIDED = 0, TH_OFF, TH_COLLECT, TH_APPLY };
enum { SPOOL_NONE = 0, SPOOL_ON, SPOOL_DONE };

static int stats_init(ts_stats *st, size_t ncat)
{
	memset(st, 0, sizeof *st);
	ts_hist_init(&st->first_response);
	ts_hist_init(&st->response);
	ts_hist_init(&st->duration);
	st->hits = calloc(ncat ? ncat : 1, sizeof *st->hits);
	st->conv_hits = calloc(ncat ? ncat : 1, sizeof *st->conv_hits);
	return st->hits && st->conv_hits ? TS_OK : TS_ENOMEM;
}

static void stats_release(ts_stats *st)
{
	free(st->name);
	free(st->hits);
	free(st->conv_hits);
	ts_hist_release(&st->first_response);
	ts_hist_release(&st->response);
	ts_hist_release(&st->duration);
}

static agent_node *agent_get(ts_scanner *s, const char *name, size_t n)
{
	uint64_t h = ts_fnv1a(TS_FNV_INIT, name, n);
	agent_node *a;

	for (a = s->buckets[h & (s->nbuckets - 1)]; a; a = a->next)
		if (a->hash == h && a->st.name_len == n && memcmp(a->st.name, name, n) == 0)
			return a;
	if (s->nagents >= TS_FCR_NO_OWNER ||
	    ts_grow_array(&s->by_id, &s->by_id_cap, s->nagents + 1, sizeof *s->by_id, 64))
		return NULL;
	if (s->nagents + 1 > s->nbuckets) {
		size_t nb = s->nbuckets * 2;
		agent_node **b = calloc(nb, sizeof *b);
		if (!b)
			return NULL;
		for (size_t i = 0; i < s->nbuckets; i++) {
			agent_node *next;
			for (a = s->buckets[i]; a; a = next) {
				next = a->next;
				a->next = b[a->hash & (nb - 1)];
				b[a->hash & (nb - 1)] = a;
			}
		}
		free(s->buckets);
		s->buckets = b;
		s->nbuckets = nb;
	}
	a = calloc(1, sizeof *a);
	if (!a)
		return NULL;
	if (stats_init(&a->st, s->ncat) || !(a->st.name = malloc(n + 1))) {
		stats_release(&a->st);
		free(a);
		return NULL;
	}
	memcpy(a->st.name, name, n);
	a->st.name[n] = '\0';
	a->st.name_len = n;
	a->hash = h;
	a->id = (uint32_t)s->nagents;
	a->next = s->buckets[h & (s->nbuckets - 1)];
	s->buckets[h & (s->nbuckets - 1)] = a;
	s->by_id[s->nagents++] = a;
	free(s->sorted_agents);
	s->sorted_agents = NULL;
	return a;
}

static conv_agent *conv_agent_get(ts_scanner *s, const char *name, size_t n, size_t msg)
{
	conv_agent *ca;

	for (size_t i = 0; i < s->ncagents; i++)
		if (s->cagents[i].name_len == n && memcmp(s->cagents[i].name, name, n) == 0)
			return &s->cagents[i];
	if (s->ncagents == s->cagents_cap) {
		size_t old = s->cagents_cap;
		if (ts_grow_array(&s->cagents, &s->cagents_cap, s->ncagents + 1,
		                  sizeof *s->cagents, 8))
			return NULL;
		memset(s->cagents + old, 0, (s->cagents_cap - old) * sizeof *s->cagents);
	}
	ca = &s->cagents[s->ncagents];
	if (!ca->hits && !(ca->hits = calloc(s->ncat ? s->ncat : 1, sizeof *ca->hits)))
		return NULL;
	memset(ca->hits, 0, (s->ncat ? s->ncat : 1) * sizeof *ca->hits);
	ca->name = name;
	ca->name_len = n;
	ca->messages = ca->words = 0;
	ca->first_msg = ca->last_msg = msg;
	ca->node = NULL;
	memset(&ca->ts, 0, sizeof ca->ts);
	s->ncagents++;
	return ca;
}

/* Empty author names are reported under one visible name. */
static ts_str author_of(const ts_conv *c, size_t i)
{
	ts_str a = ts_conv_field(c, i, TS_F_AUTHOR);
	if (!a.n) {
		a.p = "(no author)";
		a.n = strlen(a.p);
	}
	return a;
}

static char *str_dup(ts_str s)
{
	return strndup(s.p ? s.p : "", s.n);
}

static void conv_record_free(ts_conv_record *r)
{
	if (!r)
		return;
	free(r->id);
	free(r->owner);
	free(r->customer);
	free(r->channel);
	free(r->first_time);
	free(r->last_time);
	free(r->agent_hits);
	free(r->customer_hits);
	free(r);
}

static int keep_record(ts_scanner *s, const ts_conv *c, unsigned long first_row, ts_str owner,
                       ts_str customer, unsigned long other, unsigned long cust_msgs,
                       unsigned long cust_words)
{
	ts_conv_record *r = calloc(1, sizeof *r);
	ts_str channel = {"", 0};
	unsigned long agent_msgs = 0, agent_words = 0;

	if (!r)
		return TS_ENOMEM;
	for (size_t i = 0; i < c->n && !channel.n; i++)
		channel = ts_conv_field(c, i, TS_F_CHANNEL);
	for (size_t i = 0; i < s->ncagents; i++) {
		agent_msgs += s->cagents[i].messages;
		agent_words += s->cagents[i].words;
	}
	r->id = str_dup(ts_conv_id(c));
	r->owner = str_dup(owner);
	r->customer = str_dup(customer);
	r->channel = str_dup(channel);
	r->first_time = str_dup(ts_conv_field(c, 0, TS_F_TIME));
	r->last_time = str_dup(ts_conv_field(c, c->n - 1, TS_F_TIME));
	r->agent_hits = calloc(s->ncat ? s->ncat : 1, sizeof *r->agent_hits);
	r->customer_hits = calloc(s->ncat ? s->ncat : 1, sizeof *r->customer_hits);
	if (!r->id || !r->owner || !r->customer || !r->channel || !r->first_time ||
	    !r->last_time || !r->agent_hits || !r->customer_hits)
		goto fail;
	r->file_index = c->file_index;
	r->first_row = first_row;
	r->seq_no = c->seq_no;
	r->messages = c->n;
	r->agent_messages = agent_msgs;
	r->customer_messages = cust_msgs;
	r->other_messages = other;
	r->agent_words = agent_words;
	r->customer_words = cust_words;
	for (size_t k = 0; k < s->ncat; k++) {
		for (size_t i = 0; i < s->ncagents; i++)
			r->agent_hits[k] += s->cagents[i].hits[k];
		r->customer_hits[k] = s->cust_hits[k];
	}
	if (ts_grow_array(&s->convs, &s->convs_cap, s->nconvs + 1, sizeof *s->convs, 256))
		goto fail;
	s->convs[s->nconvs++] = r;
	s->convs_sorted = 0;
	return TS_OK;
fail:
	conv_record_free(r);
	return TS_ENOMEM;
}

/* The seq column as the input has it, else the 0-based index. */
static ts_str seq_of(ts_scanner *s, const ts_conv *c, size_t i)
{
	ts_str r;

	if (c->msgs[i].has_seq)
		return ts_conv_field(c, i, TS_F_SEQ);
	r.p = s->seqtext;
	r.n = (size_t)snprintf(s->seqtext, sizeof s->seqtext, "%zu", i);
	return r;
}

static int on_diag(void *ud, const ts_error *e);
static int on_message(void *ud, const ts_message *m);
static void chat_options(const ts_scanner *s, ts_chat_options *o);

/* Readability and question/jargon detail of an agent's messages. */
static void add_textstats(ts_textstats *t, const ts_analysis *an)
{
	t->sentences += an->sentences;
	t->syllables += an->syllables;
	for (size_t i = 0; i < an->nfindings; i++) {
		const ts_finding *f = &an->findings[i];
		if (f->status == TS_COUNTED && f->detail == TS_DETAIL_OPEN)
			t->open_questions++;
		else if (f->status == TS_COUNTED && f->detail == TS_DETAIL_CLOSED)
			t->closed_questions++;
		else if (f->status == TS_EXPLAINED)
			t->jargon_explained++;
	}
}

/* ---- first-contact resolution and timing ---------------------------- */

/* Whether an unreadable time in input fi is the first there (the inputs
 * of one conversation's messages can close in any order): 1 or 0, or
 * TS_ENOMEM. */
static int first_bad_time(ts_scanner *s, unsigned fi)
{
	size_t old = s->time_warned_cap;

	if (ts_grow_array(&s->time_warned, &s->time_warned_cap, (size_t)fi + 1,
	                  sizeof *s->time_warned, 64))
		return TS_ENOMEM;
	if (s->time_warned_cap > old)
		memset(s->time_warned + old, 0, s->time_warned_cap - old);
	if (s->time_warned[fi])
		return 0;
	s->time_warned[fi] = 1;
	return 1;
}

/* The message's time, parsed: 1 when it has one, 0 when not, or
 * TS_ENOMEM; an unreadable one is counted and, the first time in each
 * file, warned about with its file and line. */
static int message_time(ts_scanner *s, const ts_conv *c, size_t i, int64_t *t)
{
	ts_str v = ts_conv_field(c, i, TS_F_TIME);
	unsigned fi = c->msgs[i].file_index;
	ts_error e;
	int first;

	if (!v.n)
		return 0;
	/* --time-format first; the forms recognised without it still count */
	if (ts_time_parse(s->timefmt, v.p, v.n, t) == 0 ||
	    (s->timefmt && ts_time_parse(NULL, v.p, v.n, t) == 0)) {
		if (!s->have_end || *t > s->end)
			s->end = *t;
		s->have_end = 1;
		return 1;
	}
	s->counts.bad_times++;
	first = first_bad_time(s, fi);
	if (first < 0)
		return first;
	if (first) {
		ts_error_set(&e, 0, ts_assembler_file(s->asm_, fi), c->msgs[i].line,
		             "cannot read the time '%.*s'%s; further unreadable times in "
		             "this file are counted, not listed",
		             (int)(v.n > 64 ? 64 : v.n), v.p, v.n > 64 ? "..." : "");
		on_diag(s, &e);
	}
	return 0;
}

/* Lexicon regex entries gave up on message i (PCRE2's match or depth
 * limit): they count nothing there.  The message is counted, and each
 * entry listed with the message's file and line the first time. */
static void regex_limited(ts_scanner *s, const ts_conv *c, size_t i, const ts_analysis *an)
{
	size_t n = ts_lexset_nentries(s->lex);
	const char *lf;
	unsigned long ll;
	ts_error e;

	s->counts.regex_limited++;
	if (!s->regex_warned && !(s->regex_warned = calloc(n ? n : 1, 1)))
		return; /* out of memory: counted, not listed */
	for (size_t k = 0; k < an->nlimited; k++) {
		unsigned entry = an->limited[k];
		if (entry >= n || s->regex_warned[entry])
			continue;
		s->regex_warned[entry] = 1;
		ts_lexset_entry_origin(s->lex, entry, &lf, &ll);
		ts_error_set(&e, 0, ts_assembler_file(s->asm_, c->msgs[i].file_index),
		             c->msgs[i].line, "lexicon entry %s:%lu hit the regex match limit "
		             "(--regex-match-limit) and counts nothing in this message; further "
		             "messages where it does are counted, not listed", lf, ll);
		on_diag(s, &e);
	}
}

/* FCR evidence in one message's findings and cells. */
static unsigned message_fcr_flags(const ts_scanner *s, const ts_conv *c, size_t i,
                                  const ts_analysis *an, int agent_before)
{
	ts_role role = c->msgs[i].role;
	ts_str text = ts_conv_field(c, i, TS_F_TEXT);
	ts_str reopens = ts_conv_field(c, i, TS_F_REOPENS);
	unsigned f = 0;

	for (size_t k = 0; k < an->nfindings; k++) {
		const ts_finding *fd = &an->findings[k];
		if (fd->status != TS_COUNTED)
			continue;
		if (role == TS_ROLE_AGENT && (int)fd->category == s->cat_escalation) {
			f |= ts_fcr_handoff_flags(text.p + fd->start, fd->end - fd->start);
		} else if (role == TS_ROLE_AGENT && (int)fd->category == s->cat_followup)
			f |= TS_FCR_FOLLOWUP;
		else if (role == TS_ROLE_CUSTOMER && (int)fd->category == s->cat_resolution)
			f |= TS_FCR_RESOLVED;
	}
	if (role == TS_ROLE_SYSTEM || role == TS_ROLE_BOT || role == TS_ROLE_NOTE) {
		/* before any agent has written, "assigned to Sam", "Sam
		 * joined" or a bot's "transferring you to an agent" routes the
		 * chat to its first agent: nobody has handed it on yet */
		unsigned sf = ts_fcr_system_flags(text.p, text.n);
		if ((sf & (TS_FCR_JOINED | TS_FCR_TRANSFERRED)) && agent_before)
			f |= TS_FCR_TRANSFERRED;
		f |= sf & TS_FCR_ESCALATED;
	}
	/* a count above 0 ("2", "01"; not "0" or "none") */
	ts_trim(&reopens.p, &reopens.n);
	while (reopens.n > 1 && reopens.p[0] == '0') {
		reopens.p++;
		reopens.n--;
	}
	if (reopens.n && reopens.p[0] >= '1' && reopens.p[0] <= '9')
		f |= TS_FCR_REOPENED;
	if (ts_fcr_status_flags(ts_conv_field(c, i, TS_F_STATUS).p,
	                        ts_conv_field(c, i, TS_F_STATUS).n) & TS_FCR_REOPENED)
		f |= TS_FCR_REOPENED;
	return f;
}

/* Signals only the whole conversation shows: its last status, an
 * assignee change, and who the customer is. */
static unsigned conversation_fcr_flags(const ts_conv *c, char *key, size_t *keylen)
{
	ts_str status = { "", 0 }, assignee = { "", 0 }, who = { "", 0 };
	unsigned f = 0;

	for (size_t i = 0; i < c->n; i++) {
		ts_str v = ts_conv_field(c, i, TS_F_STATUS);
		ts_str a = ts_conv_field(c, i, TS_F_ASSIGNEE);
		ts_trim(&v.p, &v.n);
		ts_trim(&a.p, &a.n);
		if (v.n)
			status = v;
		if (a.n && assignee.n && (a.n != assignee.n || memcmp(a.p, assignee.p, a.n)))
			f |= TS_FCR_TRANSFERRED;
		if (a.n)
			assignee = a;
		if (!who.n)
			who = ts_conv_field(c, i, TS_F_CUSTOMER);
	}
	f |= ts_fcr_status_flags(status.p, status.n) & TS_FCR_RESOLVED;
	/* no customer column: the author of the first customer message */
	for (size_t i = 0; i < c->n && !who.n; i++)
		if (c->msgs[i].role == TS_ROLE_CUSTOMER)
			who = ts_conv_field(c, i, TS_F_AUTHOR);
	*keylen = ts_fcr_customer_key(who.p, who.n, key, CUSTOMER_KEY_MAX);
	/* a role word ("Customer:", "Visitor:" in a chat log) names nobody:
	 * every such conversation would be one customer's repeat contact */
	if (*keylen && ts_role_parse(key, *keylen) != TS_ROLE_UNKNOWN)
		*keylen = 0;
	if (!*keylen)
		f |= TS_FCR_NO_CUSTOMER;
	return f;
}

/* The owning agent's index in s->cagents, or -1 without agents. */
static long owner_of(const ts_scanner *s)
{
	long best = -1;

	for (size_t i = 0; i < s->ncagents; i++) {
		const conv_agent *a = &s->cagents[i], *b = best < 0 ? NULL : &s->cagents[best];
		int better;
		switch (s->opt.owner) {
		case TS_OWNER_FIRST:
			better = !b || a->first_msg < b->first_msg;
			break;
		case TS_OWNER_MOST:
			better = !b || a->messages > b->messages ||
			         (a->messages == b->messages && a->last_msg > b->last_msg);
			break;
		default:
			better = !b || a->last_msg > b->last_msg;
			break;
		}
		if (better)
			best = (long)i;
	}
	return best;
}

static void apply_fcr(ts_scanner *s, uint32_t owner, uint64_t ordinal, ts_fcr_result r)
{
	if (owner != TS_FCR_NO_OWNER) {
		ts_stats *st = &s->by_id[owner]->st;
		st->fcr[0][r.lenient]++;
		st->fcr[1][r.strict]++;
		for (unsigned k = 0; k < TS_FCR_R_COUNT; k++)
			st->fcr_reason[k] += (r.reasons >> k) & 1u;
	}
	s->counts.fcr[r.lenient]++;
	if (s->opt.keep_conversations && ordinal < s->nconvs)
		s->convs[ordinal]->fcr = r;
}

static int on_fcr_result(void *ud, const ts_fcr_link *l, ts_fcr_result r)
{
	apply_fcr(ud, l->owner, l->ordinal, r);
	return 0;
}

static int grow_timing(ts_scanner *s, size_t n)
{
	size_t cap = s->tmsg_cap;

	if (n <= cap)
		return TS_OK;
	if (ts_grow_array(&s->tmsg, &cap, n, sizeof *s->tmsg, 64))
		return TS_ENOMEM;
	cap = s->tmsg_cap;
	if (ts_grow_array(&s->gaps, &cap, n, sizeof *s->gaps, 64))
		return TS_ENOMEM;
	cap = s->tmsg_cap;
	if (ts_grow_array(&s->gapsecs, &cap, n, sizeof *s->gapsecs, 64))
		return TS_ENOMEM;
	s->tmsg_cap = cap;
	return TS_OK;
}

/* The customer's mood over a conversation: the valence of their first and
 * last message. */
typedef struct conv_mood {
	unsigned long n;        /* customer messages */
	double start, end;
} conv_mood;

/* Mood to the record and the owner; timing into the agents' histograms
 * and the record; FCR to the linker (or decided now when the customer or
 * the time is unknown). */
static int conversation_outcome(ts_scanner *s, size_t nmsgs, unsigned flags, ts_str key,
                                const conv_mood *mood, ts_conv_record *rec)
{
	long owner = owner_of(s);
	uint32_t owner_id = owner < 0 ? TS_FCR_NO_OWNER : s->cagents[owner].node->id;
	ts_stats *ost = owner < 0 ? NULL : &s->cagents[owner].node->st;
	ts_timing tm;
	uint64_t ordinal = s->counts.conversations - 1;
	int rc = TS_OK, duration_known;

	if (rec && mood->n) {
		rec->has_mood = 1;
		rec->mood_start = mood->start;
		rec->mood_end = mood->end;
	}
	if (ost) {
		ost->owned++;
		if (mood->n >= 2) {
			ost->mood_change += mood->end - mood->start;
			ost->mood_conversations++;
		}
	}
	if (s->opt.no_fcr) {
		if (rec)
			rec->fcr_off = 1;
		return TS_OK;
	}
	ts_timing_compute(s->tmsg, nmsgs, s->nudge_after, &tm, s->gaps);
	/* a duration needs both ends: an unreadable first or last time would
	 * make it look shorter than it was */
	duration_known = nmsgs && s->tmsg[0].has_time && s->tmsg[nmsgs - 1].has_time;
	for (size_t k = 0; k < tm.ngaps && rc == TS_OK; k++) {
		ts_stats *st = &s->cagents[s->gaps[k].agent].node->st;
		rc = ts_hist_add(&st->response, s->gaps[k].secs);
		if (rc == TS_OK && s->gaps[k].first)
			rc = ts_hist_add(&st->first_response, s->gaps[k].secs);
		s->gapsecs[k] = s->gaps[k].secs;
	}
	if (ost) {
		ost->nudges += tm.nudges;
		if (rc == TS_OK && duration_known)
			rc = ts_hist_add(&ost->duration, (uint64_t)(tm.end - tm.start));
	}
	if (rc)
		return rc;
	if (rec) {
		rec->has_time = tm.has_time;
		rec->duration_known = duration_known;
		rec->start = tm.start;
		rec->end = tm.end;
		rec->first_response = tm.has_first ? (long long)tm.first_response : -1;
		rec->response_median = tm.ngaps ?
			(long long)ts_quantile_exact(s->gapsecs, tm.ngaps, 0.5) : -1;
		rec->response_p90 = tm.ngaps ?
			(long long)ts_quantile_exact(s->gapsecs, tm.ngaps, 0.9) : -1;
		rec->nudges = tm.nudges;
	}
	if (!tm.has_time)
		flags |= TS_FCR_NO_TIME;
	if (flags & (TS_FCR_NO_CUSTOMER | TS_FCR_NO_TIME)) {
		apply_fcr(s, owner_id, ordinal, ts_fcr_decide(flags, 0, 0));
		return TS_OK;
	}
	ts_fcr_link l;
	if (!s->linker)
		return ts_error_set(&s->err, TS_EUSAGE, NULL, 0, "scan after ts_scanner_finish");
	memset(&l, 0, sizeof l);
	l.customer = ts_fnv1a(TS_FNV_INIT, key.p, key.n);
	l.start = tm.start;
	l.ordinal = ordinal;
	l.owner = owner_id;
	l.flags = flags;
	rc = ts_fcr_linker_add(s->linker, &l, &s->err);
	return rc;
}

/* A message's place in time order: its time, then its reply depth (a
 * reply in the same second as its parent comes after it), then arrival. */
struct order_key {
	int64_t t;
	unsigned depth;
	size_t i;
};

static int cmp_order(const void *a, const void *b)
{
	const struct order_key *x = a, *y = b;

	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	if (x->depth != y->depth)
		return x->depth < y->depth ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

/*
 * A thread built from reply links has no order of its own: its messages
 * come in time order.  The timed messages are sorted (by struct
 * order_key) into the places timed messages held; an untimed one keeps
 * its place.  s->tmsg[i] holds each message's time.
 */
static int order_by_time(ts_scanner *s, ts_conv *c)
{
	size_t n = c->n, k = 0, j = 0;
	int sorted = 1;

	if (ts_grow_array(&s->okeys, &s->okeys_cap, n, sizeof *s->okeys, 64) ||
	    ts_grow_array(&s->omsgs, &s->omsgs_cap, n, sizeof *s->omsgs, 64))
		return TS_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		if (!s->tmsg[i].has_time)
			continue;
		s->okeys[k] = (struct order_key){ s->tmsg[i].t, c->msgs[i].depth, i };
		if (k && cmp_order(&s->okeys[k - 1], &s->okeys[k]) > 0)
			sorted = 0;
		k++;
	}
	if (sorted)
		return TS_OK;
	qsort(s->okeys, k, sizeof *s->okeys, cmp_order);
	memcpy(s->omsgs, c->msgs, n * sizeof *c->msgs);
	for (size_t i = 0; i < n; i++) {
		if (!s->tmsg[i].has_time)
			continue;
		c->msgs[i] = s->omsgs[s->okeys[j].i];
		s->tmsg[i].t = s->okeys[j].t;
		j++;
	}
	return TS_OK;
}

/* The times of c's messages into s->tmsg, first: a reply thread is put in
 * time order before it is read (with --no-fcr too, quietly: the order
 * must not depend on it). */
static int conversation_times(ts_scanner *s, ts_conv *c)
{
	int rc;

	if (grow_timing(s, c->n))
		return TS_ENOMEM;
	for (size_t i = 0; i < c->n; i++) {
		ts_timing_msg *tm = &s->tmsg[i];
		ts_str v;
		if (!s->opt.no_fcr) {
			if ((rc = message_time(s, c, i, &tm->t)) < 0)
				return rc;
			tm->has_time = rc;
		} else {
			v = ts_conv_field(c, i, TS_F_TIME);
			tm->has_time = c->by_time && v.n &&
			               (ts_time_parse(s->timefmt, v.p, v.n, &tm->t) == 0 ||
			                (s->timefmt && ts_time_parse(NULL, v.p, v.n, &tm->t) == 0));
		}
	}
	if (c->by_time && (rc = order_by_time(s, c)) != TS_OK)
		return rc;
	return TS_OK;
}

/* ---- -j: conversations analysed by worker threads ------------------------ */

/* A job: a batch of closed conversations, in the order they closed, that
 * one worker analyses (a job per conversation would cost more in
 * hand-overs than most conversations take to analyse). */
#define JOB_CONVS 64                     /* conversations in one job */
#define JOB_BYTES ((size_t)256 << 10)    /* their bytes, about */

/* The batch and its messages' analyses, with the findings, counts and
 * limited entries copied out of the worker's analyser (they live until
 * the job is used again).  Per-message arrays run over the batch:
 * conversation m's message i is number msg0[m] + i. */
typedef struct conv_job {
	ts_conv **convs;
	unsigned long *first_row;    /* of each one's first message, in input
	                                order */
	size_t *msg0;
	size_t nconv, conv_cap, row_cap, msg0_cap;
	size_t nmsg, bytes;
	size_t ncat;
	ts_timing_msg *tmsg;         /* the times, as s->tmsg had them */
	size_t tmsg_cap;
	ts_analysis *an;
	size_t an_cap;
	size_t *at;                  /* message k's findings and limited
	                                entries start at at[2k], at[2k+1] */
	size_t at_cap;
	ts_finding *found;
	size_t nfound, found_cap;
	unsigned *counts;            /* ncat per message */
	size_t counts_cap;
	unsigned *limited;
	size_t nlimited, limited_cap;
} conv_job;

/* Frees the job's conversations (it can be filled again). */
static void job_clear(conv_job *j)
{
	for (size_t m = 0; m < j->nconv; m++)
		ts_conv_free(j->convs[m]);
	j->nconv = j->nmsg = j->bytes = 0;
}

static void job_release(conv_job *j)
{
	job_clear(j);
	free(j->convs);
	free(j->first_row);
	free(j->msg0);
	free(j->tmsg);
	free(j->an);
	free(j->at);
	free(j->found);
	free(j->counts);
	free(j->limited);
	memset(j, 0, sizeof *j);
}

/* Runs in a worker (or the scanning thread): state is its analyser. */
static int analyse_job(void *state, void *job)
{
	ts_analyser *a = state;
	conv_job *j = job;
	size_t nc = j->ncat ? j->ncat : 1, k = 0;

	if (ts_grow_array(&j->an, &j->an_cap, j->nmsg, sizeof *j->an, 64) ||
	    ts_grow_array(&j->at, &j->at_cap, 2 * j->nmsg, sizeof *j->at, 128) ||
	    ts_grow_array(&j->counts, &j->counts_cap, j->nmsg * nc, sizeof *j->counts, 256))
		return TS_ENOMEM;
	j->nfound = j->nlimited = 0;
	for (size_t m = 0; m < j->nconv; m++) {
		const ts_conv *c = j->convs[m];
		ts_analyser_begin(a);
		for (size_t i = 0; i < c->n; i++, k++) {
			ts_str text = ts_conv_field(c, i, TS_F_TEXT);
			ts_analysis an;
			int rc = ts_analyser_message(a, c->msgs[i].role, text.p, text.n, &an);
			if (rc)
				return rc;
			if (ts_grow_array(&j->found, &j->found_cap, j->nfound + an.nfindings,
			                  sizeof *j->found, 256) ||
			    ts_grow_array(&j->limited, &j->limited_cap, j->nlimited + an.nlimited,
			                  sizeof *j->limited, 4))
				return TS_ENOMEM;
			j->at[2 * k] = j->nfound;
			j->at[2 * k + 1] = j->nlimited;
			if (an.nfindings)
				memcpy(j->found + j->nfound, an.findings,
				       an.nfindings * sizeof *j->found);
			if (an.nlimited)
				memcpy(j->limited + j->nlimited, an.limited,
				       an.nlimited * sizeof *j->limited);
			memcpy(j->counts + k * nc, an.counts, nc * sizeof *j->counts);
			j->nfound += an.nfindings;
			j->nlimited += an.nlimited;
			j->an[k] = an;
		}
	}
	/* the arrays have stopped moving: point into them */
	for (k = 0; k < j->nmsg; k++) {
		j->an[k].findings = j->found + j->at[2 * k];
		j->an[k].limited = j->limited + j->at[2 * k + 1];
		j->an[k].counts = j->counts + k * nc;
	}
	return TS_OK;
}

static int account_conversation(ts_scanner *s, ts_conv *c, unsigned long first_row,
                                const ts_analysis *an);

/* Sums up the oldest job (waiting for it to be analysed), conversation
 * by conversation, and frees them. */
static int account_next(ts_scanner *s)
{
	int jrc, rc;
	conv_job *j = ts_pool_next(s->pool, &jrc);

	if (!j)
		return TS_OK;
	s->inflight -= j->bytes;
	/* after a failure nothing more is summed up (without workers the
	 * run would have stopped there) */
	rc = s->account_rc ? TS_OK : jrc;
	for (size_t m = 0; m < j->nconv && rc == TS_OK && !s->account_rc; m++) {
		ts_conv *c = j->convs[m];
		rc = grow_timing(s, c->n);
		if (rc == TS_OK) {
			memcpy(s->tmsg, j->tmsg + j->msg0[m], c->n * sizeof *s->tmsg);
			rc = account_conversation(s, c, j->first_row[m], j->an + j->msg0[m]);
		}
	}
	job_clear(j);
	if (!s->account_rc)
		s->account_rc = rc;
	return rc;
}

/* Hands the job being filled to the workers (there is room: see
 * submit_conversation). */
static void submit_open_job(ts_scanner *s)
{
	conv_job *j = &s->jobs[s->job_seq % s->njobs];

	if (!j->nconv)
		return;
	s->job_seq++;
	ts_pool_submit(s->pool, j);
}

/* Sums up every conversation handed over so far, in order. */
static int account_all(ts_scanner *s)
{
	int rc = TS_OK;

	if (!s->pool)
		return TS_OK;
	submit_open_job(s);
	while (ts_pool_pending(s->pool)) {
		int r = account_next(s);
		if (rc == TS_OK)
			rc = r; /* the first failure; the rest are freed */
	}
	return rc;
}

/* With workers: the times now (they warn, in input order), the analysis
 * in a batch to a worker, the sums when the batches come back in the
 * order they went. */
static int submit_conversation(ts_scanner *s, ts_conv *c)
{
	size_t cap = ts_pool_capacity(s->pool);
	conv_job *j;
	int rc = TS_OK;

	/* The job being filled has the slot after the jobs out, free while
	 * fewer than cap are out.  What is out, that job included, is held
	 * to the cap on bytes.  (Summing up a job uses s->tmsg, which gets
	 * c's times after.) */
	if (s->inflight + c->arena.alloc > s->inflight_max && ts_pool_pending(s->pool) < cap)
		submit_open_job(s);
	while (rc == TS_OK && ts_pool_pending(s->pool) &&
	       (ts_pool_pending(s->pool) == cap || s->inflight + c->arena.alloc > s->inflight_max))
		rc = account_next(s);
	j = &s->jobs[s->job_seq % s->njobs];
	if (rc == TS_OK && !j->nconv)
		j->ncat = s->ncat;
	if (rc == TS_OK)
		rc = ts_grow_array(&j->convs, &j->conv_cap, j->nconv + 1, sizeof *j->convs, 16) ||
		     ts_grow_array(&j->first_row, &j->row_cap, j->nconv + 1, sizeof *j->first_row, 16) ||
		     ts_grow_array(&j->msg0, &j->msg0_cap, j->nconv + 1, sizeof *j->msg0, 16) ?
		     TS_ENOMEM : TS_OK;
	if (rc == TS_OK) {
		j->first_row[j->nconv] = c->msgs[0].row; /* in input order, before the times' */
		rc = conversation_times(s, c);
	}
	if (rc == TS_OK &&
	    ts_grow_array(&j->tmsg, &j->tmsg_cap, j->nmsg + c->n, sizeof *j->tmsg, 256))
		rc = TS_ENOMEM;
	if (rc) {
		ts_conv_free(c);
		return rc;
	}
	memcpy(j->tmsg + j->nmsg, s->tmsg, c->n * sizeof *j->tmsg);
	j->msg0[j->nconv] = j->nmsg;
	j->convs[j->nconv++] = c; /* from here c is the job's */
	j->nmsg += c->n;
	j->bytes += c->arena.alloc;
	s->inflight += c->arena.alloc;
	if (j->nconv == JOB_CONVS || j->bytes >= JOB_BYTES)
		submit_open_job(s);
	while (rc == TS_OK && ts_pool_ready(s->pool))
		rc = account_next(s);
	return rc;
}

static int analyse_conversation(void *ud, ts_conv *c)
{
	ts_scanner *s = ud;
	unsigned long first_row = c->msgs[0].row; /* in input order */
	int rc;

	if (s->pool)
		return submit_conversation(s, c);
	rc = conversation_times(s, c);
	if (rc == TS_OK) {
		ts_analyser_begin(s->analyser);
		rc = account_conversation(s, c, first_row, NULL);
	}
	ts_conv_free(c);
	return rc;
}

/* The sums of one conversation (its times in s->tmsg; first_row: the row
 * of its first message in input order): each message analysed now, or
 * its analysis taken from an (one per message, from a worker). */
static int account_conversation(ts_scanner *s, ts_conv *c, unsigned long first_row,
                                const ts_analysis *analysed)
{
	unsigned long other = 0, cust_msgs = 0, cust_words = 0;
	unsigned flags = 0;
	ts_conv_record *rec = NULL;
	char keybuf[CUSTOMER_KEY_MAX];
	ts_str key = { keybuf, 0 };
	conv_mood mood = { 0, 0.0, 0.0 };
	long owner;
	int rc, agent_before = 0, promise_open = 0;
	unsigned cf;

	s->ncagents = 0;
	memset(s->cust_hits, 0, (s->ncat ? s->ncat : 1) * sizeof *s->cust_hits);
	for (size_t i = 0; i < c->n; i++) {
		const ts_amsg *am = &c->msgs[i];
		ts_str text = ts_conv_field(c, i, TS_F_TEXT);
		ts_timing_msg *tmsg = &s->tmsg[i];
		ts_analysis an;

		if (analysed)
			an = analysed[i];
		else if ((rc = ts_analyser_message(s->analyser, am->role, text.p, text.n, &an)))
			return rc;
		if (an.nlimited)
			regex_limited(s, c, i, &an);
		s->counts.messages++;
		s->counts.analysed += !am->part; /* a record once, however many turns */
		tmsg->role = am->role;
		tmsg->agent = 0;
		if (!s->opt.no_fcr) {
			unsigned mf = message_fcr_flags(s, c, i, &an, agent_before);
			/* a promise to come back stays open until the customer
			 * confirms a resolution after it */
			if (mf & TS_FCR_FOLLOWUP)
				promise_open = 1;
			else if (mf & TS_FCR_RESOLVED)
				promise_open = 0;
			flags |= mf & ~TS_FCR_FOLLOWUP;
		}
		if (am->role == TS_ROLE_AGENT) {
			ts_str name = author_of(c, i);
			conv_agent *ca = conv_agent_get(s, name.p, name.n, i);
			if (!ca)
				return TS_ENOMEM;
			agent_before = 1;
			tmsg->agent = (unsigned)(ca - s->cagents);
			ca->last_msg = i;
			ca->messages++;
			ca->words += an.words;
			add_textstats(&ca->ts, &an);
			for (size_t k = 0; k < s->ncat; k++)
				ca->hits[k] += an.counts[k];
		} else if (am->role == TS_ROLE_CUSTOMER) {
			if (!mood.n++)
				mood.start = an.valence;
			mood.end = an.valence;
			cust_msgs++;
			cust_words += an.words;
			for (size_t k = 0; k < s->ncat; k++)
				s->cust_hits[k] += an.counts[k];
		} else {
			other++;
			if (am->role == TS_ROLE_UNKNOWN)
				s->counts.unknown_role++;
		}
		if (s->on_result) {
			ts_message_result r;
			r.conversation = ts_conv_id(c);
			r.seq = seq_of(s, c, i);
			r.row = am->row;
			r.file = ts_assembler_file(s->asm_, am->file_index);
			r.role = am->role;
			r.author = ts_conv_field(c, i, TS_F_AUTHOR);
			r.words = an.words;
			r.sentences = an.sentences;
			r.syllables = an.syllables;
			r.counts = an.counts;
			r.findings = an.findings;
			r.nfindings = an.nfindings;
			r.text = text;
			if (s->on_result(s->result_ud, &r))
				return TS_ESTOP;
		}
	}
	for (size_t i = 0; i < s->ncagents; i++) {
		conv_agent *ca = &s->cagents[i];
		agent_node *node = agent_get(s, ca->name, ca->name_len);
		ts_stats *st;
		if (!node)
			return TS_ENOMEM;
		ca->node = node;
		st = &node->st;
		st->conversations++;
		st->messages += ca->messages;
		st->words += ca->words;
		st->text.sentences += ca->ts.sentences;
		st->text.syllables += ca->ts.syllables;
		st->text.open_questions += ca->ts.open_questions;
		st->text.closed_questions += ca->ts.closed_questions;
		st->text.jargon_explained += ca->ts.jargon_explained;
		for (size_t k = 0; k < s->ncat; k++) {
			st->hits[k] += ca->hits[k];
			st->conv_hits[k] += ca->hits[k] > 0;
		}
	}
	if (cust_msgs) {
		s->customers.conversations++;
		s->customers.messages += cust_msgs;
		s->customers.words += cust_words;
		for (size_t k = 0; k < s->ncat; k++) {
			s->customers.hits[k] += s->cust_hits[k];
			s->customers.conv_hits[k] += s->cust_hits[k] > 0;
		}
	}
	s->counts.conversations++;
	owner = owner_of(s);
	cf = conversation_fcr_flags(c, keybuf, &key.n);
	if (promise_open && !(cf & TS_FCR_RESOLVED)) /* a closing status closes it */
		flags |= TS_FCR_FOLLOWUP;
	flags |= cf;
	if (s->opt.keep_conversations) {
		ts_str name = owner < 0 ? (ts_str){ "", 0 } :
		              (ts_str){ s->cagents[owner].name, s->cagents[owner].name_len };
		rc = keep_record(s, c, first_row, name, key, other, cust_msgs, cust_words);
		if (rc)
			return rc;
		rec = s->convs[s->nconvs - 1];
	}
	return conversation_outcome(s, c->n, flags, key, &mood, rec);
}

/* The workers' analysers and the pool (opt.threads > 1). */
static int start_workers(ts_scanner *s)
{
	unsigned n = (s->opt.threads > TS_MAX_THREADS ? TS_MAX_THREADS : s->opt.threads) - 1;
	size_t cap = 4 * ((size_t)n + 1);
	void **states;
	int rc = TS_OK;

	s->workers = calloc(n, sizeof *s->workers);
	s->jobs = calloc(cap, sizeof *s->jobs);
	s->njobs = s->jobs ? cap : 0;
	states = malloc((n + 1) * sizeof *states);
	if (!s->workers || !s->jobs || !states) {
		free(states);
		return TS_ENOMEM;
	}
	states[0] = s->analyser;
	for (unsigned k = 0; k < n && rc == TS_OK; k++) {
		rc = ts_analyser_new(&s->workers[k], s->lex);
		if (rc == TS_OK) {
			ts_analyser_set_regex_limits(s->workers[k], s->opt.regex_match_limit,
			                             s->opt.regex_depth_limit);
			states[k + 1] = s->workers[k];
			s->nworkers++;
		}
	}
	/* the conversations out with the workers hold at most as much as
	 * the open ones may */
	s->inflight_max = s->opt.max_held ? s->opt.max_held : TS_DEFAULT_MAX_HELD;
	if (rc == TS_OK)
		rc = ts_pool_new(&s->pool, n, cap, states, analyse_job);
	free(states);
	return rc;
}

int ts_scanner_new(ts_scanner **out, const ts_scan_options *opt, ts_error *err)
{
	ts_scanner *s;
	size_t n;
	int rc;

	*out = NULL;
	if (!opt || !opt->lexicons)
		return ts_error_set(err, TS_EUSAGE, NULL, 0, "no lexicons given");
	s = calloc(1, sizeof *s);
	if (!s)
		return ts_error_set(err, TS_ENOMEM, NULL, 0, "out of memory");
	s->opt = *opt;
	s->lex = opt->lexicons;
	s->ncat = ts_lexset_ncategories(s->lex);
	n = s->ncat ? s->ncat : 1;
	ts_buf_init(&s->authorbuf, 0);
	ts_buf_init(&s->spool_head, 0);
	/* nbuckets only once they exist: ts_scanner_free walks them */
	s->buckets = calloc(64, sizeof *s->buckets);
	s->nbuckets = s->buckets ? 64 : 0;
	s->cust_hits = calloc(n, sizeof *s->cust_hits);
	if (!s->buckets || !s->cust_hits ||
	    stats_init(&s->customers, s->ncat) != TS_OK)
		goto nomem;
	rc = ts_analyser_new(&s->analyser, s->lex);
	if (rc)
		goto nomem;
	ts_analyser_set_regex_limits(s->analyser, opt->regex_match_limit, opt->regex_depth_limit);
	if (opt->threads > 1 && start_workers(s) != TS_OK)
		goto nomem;
	if (opt->time_format) {
		rc = ts_timefmt_compile(&s->timefmt, opt->time_format, err);
		if (rc) {
			ts_scanner_free(s);
			return rc;
		}
	}
	if (opt->line_format || opt->agent_pattern) {
		/* a bad pattern is a usage error now, not at the first chat log */
		ts_chat_options o;
		ts_chat_reader *r = NULL;
		chat_options(s, &o);
		rc = ts_chat_reader_new(&r, &o, "", on_message, on_diag, s, err);
		ts_chat_reader_free(r);
		if (rc) {
			ts_scanner_free(s);
			return rc;
		}
	}
	if (opt->split_chat_cells) {
		ts_chat_options o;
		chat_options(s, &o);
		rc = ts_cell_splitter_new(&s->cells, &o, s->timefmt, err);
		if (rc) {
			ts_scanner_free(s);
			return rc;
		}
	}
	if (opt->fcr_window < 0 || opt->nudge_after < 0) {
		ts_scanner_free(s);
		return ts_error_set(err, TS_EUSAGE, NULL, 0, "negative FCR window or nudge time");
	}
	s->window = opt->fcr_window ? opt->fcr_window : TS_DEFAULT_FCR_WINDOW;
	s->nudge_after = opt->nudge_after ? opt->nudge_after : TS_DEFAULT_NUDGE_AFTER;
	s->cat_escalation = ts_lexset_category_index(s->lex, "escalation");
	s->cat_followup = ts_lexset_category_index(s->lex, "followup");
	s->cat_resolution = ts_lexset_category_index(s->lex, "resolution");
	rc = ts_fcr_linker_new(&s->linker, s->window, opt->fcr_final, 0, opt->tmpdir);
	if (rc)
		goto nomem;
	/* closed conversations come back to analyse_conversation; split
	 * warnings go through on_diag to the caller */
	rc = ts_assembler_new(&s->asm_, opt->max_open, opt->max_held, opt->tmpdir,
	                      analyse_conversation, on_diag, s);
	if (rc)
		goto nomem;
	*out = s;
	return TS_OK;
nomem:
	ts_scanner_free(s);
	return ts_error_set(err, TS_ENOMEM, NULL, 0, "out of memory");
}

void ts_scanner_on_message(ts_scanner *s, ts_message_result_fn fn, void *ud)
{
	s->on_result = fn;
	s->result_ud = ud;
}

void ts_scanner_on_record(ts_scanner *s, ts_message_fn fn, void *ud)
{
	s->on_record = fn;
	s->record_ud = ud;
}

/* ---- reply threading: a small stage between reader and assembler ---- */

/* Once the CSV header is read: whether this input is threaded. */
static void thread_decide(ts_scanner *s)
{
	int t;

	if (s->thread_mode != TH_UNDECIDED || !s->csv ||
	    (t = ts_csv_reader_threaded(s->csv)) < 0)
		return;
	if (!t) {
		s->thread_mode = TH_OFF;
		return;
	}
	s->thread_mode = TH_COLLECT;
	if (ts_replymap_new(&s->replies))
		s->last_rc = TS_ENOMEM;
}

/* The message as the assembler gets it: its conversation the root of its
 * reply chain (*depth its depth there), its author named by an agent
 * signature. */
static int thread_message(ts_scanner *s, const ts_message *m, ts_message *out,
                          unsigned *depth)
{
	int rc;

	*out = *m;
	*depth = 0;
	if (s->thread_mode == TH_APPLY) {
		out->f[TS_F_CONVERSATION] = ts_replymap_root(s->replies, m->f[TS_F_MESSAGE_ID]);
		*depth = ts_replymap_depth(s->replies, m->f[TS_F_MESSAGE_ID]);
	}
	if (s->opt.agent_signature && m->role == TS_ROLE_AGENT) {
		ts_str sig = ts_agent_signature(m->f[TS_F_TEXT].p, m->f[TS_F_TEXT].n);
		if (sig.n) {
			ts_buf_reset(&s->authorbuf);
			rc = ts_buf_add(&s->authorbuf, m->f[TS_F_AUTHOR].p, m->f[TS_F_AUTHOR].n);
			if (rc == TS_OK)
				rc = ts_buf_addc(&s->authorbuf, '/');
			for (size_t i = 0; i < sig.n && rc == TS_OK; i++)
				rc = ts_buf_addc(&s->authorbuf,
				                 (char)(sig.p[i] >= 'a' && sig.p[i] <= 'z' ?
				                        sig.p[i] - 'a' + 'A' : sig.p[i]));
			if (rc)
				return rc;
			out->f[TS_F_AUTHOR] = (ts_str){ s->authorbuf.p, s->authorbuf.len };
		}
	}
	return TS_OK;
}

/* A message (a whole record, or one turn of a split chat cell) joins
 * its conversation: as a reply (with its depth) when the conversation is
 * a reply thread -- a reply-linked CSV's second pass, or e-mail -- which
 * has no order of its own and is put in time order when it closes.
 * Returns TS_OK or the assembler's error. */
static int add_message(void *ud, const ts_message *m)
{
	ts_scanner *s = ud;

	s->counts.messages_read++;
	if (s->thread_mode == TH_APPLY || s->email)
		return ts_assembler_add_reply(s->asm_, m, s->depth);
	return ts_assembler_add(s->asm_, m);
}

/* Reader callbacks: messages go to the assembler (through the chat cell
 * splitter when it is on), diagnostics to the caller (counted; --strict
 * turns a reject into a stop). */
static int on_message(void *ud, const ts_message *msg)
{
	ts_scanner *s = ud;
	ts_message copy;
	const ts_message *m = &copy;
	unsigned depth = 0;
	int rc;

	thread_decide(s);
	if (s->last_rc && s->last_rc != TS_ESTOP)
		return 1; /* the reply map could not be made */
	if (s->thread_mode == TH_COLLECT)
		rc = ts_replymap_add(s->replies, msg->f[TS_F_MESSAGE_ID], msg->f[TS_F_REPLY_TO]);
	else
		rc = thread_message(s, msg, &copy, &depth);
	if (rc) {
		s->last_rc = rc;
		return 1;
	}
	if (s->thread_mode == TH_COLLECT)
		return 0;
	if (s->on_record && s->on_record(s->record_ud, m))
		return 1; /* the reader stops with TS_ESTOP */
	s->depth = depth;
	if (s->split_input)
		rc = ts_cell_split(s->cells, m, add_message, s);
	else
		rc = add_message(s, m);
	if (rc) {
		s->last_rc = rc;
		return 1;
	}
	return 0;
}

static int on_diag(void *ud, const ts_error *e)
{
	ts_scanner *s = ud;
	int stop = 0;

	thread_decide(s);
	if (s->thread_mode == TH_COLLECT)
		return 0; /* the second pass says it again */
	if (s->opt.on_diag)
		stop = s->opt.on_diag(s->opt.diag_ud, e);
	if (e->code == TS_EINPUT && s->opt.strict)
		stop = 1;
	return stop;
}

/* *.tsv and *.tsv.gz inputs default to a tab delimiter (README). */
static int tsv_name(const char *name)
{
	size_t n = strlen(name);

	return (n >= 4 && strcmp(name + n - 4, ".tsv") == 0) ||
	       (n >= 7 && strcmp(name + n - 7, ".tsv.gz") == 0);
}

/* *.mbox and *.mbx (a .gz suffix looked through, any case) promise an
 * mbox: the e-mail reader warns when one has no "From " line. */
static int mbox_name(const char *name)
{
	size_t n = strlen(name);

	if (n >= 3 && ts_eq_nocase(name + n - 3, 3, ".gz"))
		n -= 3;
	return (n >= 5 && ts_eq_nocase(name + n - 5, 5, ".mbox")) ||
	       (n >= 4 && ts_eq_nocase(name + n - 4, 4, ".mbx"));
}

/* After a hard failure in a callback (out of memory, the FCR scratch
 * file) a conversation is lost: the scanner says so again rather than
 * go on and report without it.  (A stop asked for by a sink is not
 * remembered.) */
static int failed_before(const ts_scanner *s, ts_error *err)
{
	if (s->last_rc == TS_EIO && s->err.code == TS_EIO) {
		*err = s->err;
		return TS_EIO;
	}
	return ts_error_set(err, s->last_rc, NULL, 0, "%s", ts_strerror(s->last_rc));
}

/* One input's reader, whatever its format: the push API every reader has
 * (feed chunks, finish, counts), behind wrappers with one signature. */
typedef struct reader {
	void *r;
	int (*feed)(void *r, const void *buf, size_t n, ts_error *err);
	int (*finish)(void *r, ts_error *err);
	void (*counts)(const void *r, unsigned long *records, unsigned long *rejected);
	void (*release)(void *r);
} reader;

static int csv_feed(void *r, const void *buf, size_t n, ts_error *err)
{
	return ts_csv_reader_feed(r, buf, n, err);
}
static int csv_finish(void *r, ts_error *err)
{
	return ts_csv_reader_finish(r, err);
}
static void csv_counts(const void *r, unsigned long *records, unsigned long *rejected)
{
	ts_csv_reader_counts(r, records, rejected);
}
static void csv_release(void *r)
{
	ts_csv_reader_free(r);
}

#define READER_WRAPPERS(kind) \
	static int kind##_feed(void *r, const void *buf, size_t n, ts_error *err) \
	{ return ts_##kind##_reader_feed(r, buf, n, err); } \
	static int kind##_finish(void *r, ts_error *err) \
	{ return ts_##kind##_reader_finish(r, err); } \
	static void kind##_counts(const void *r, unsigned long *records, unsigned long *rejected) \
	{ ts_##kind##_reader_counts(r, records, rejected); } \
	static void kind##_release(void *r) \
	{ ts_##kind##_reader_free(r); }
READER_WRAPPERS(chat)
READER_WRAPPERS(email)
READER_WRAPPERS(json)

static void chat_options(const ts_scanner *s, ts_chat_options *o)
{
	memset(o, 0, sizeof *o);
	o->line_format = s->opt.line_format;
	o->agents = s->opt.agents;
	o->nagents = s->opt.nagents;
	o->agent_pattern = s->opt.agent_pattern;
	o->max_line = s->opt.csv.max_field;
	o->regex_match_limit = s->opt.regex_match_limit;
	o->regex_depth_limit = s->opt.regex_depth_limit;
	o->others_are_customers = s->opt.nagents > 0 || s->opt.agent_pattern != NULL;
}

static int reader_open(ts_scanner *s, ts_input_format f, const char *name, reader *rd,
                       ts_error *err)
{
	memset(rd, 0, sizeof *rd);
	switch (f) {
	case TS_IN_CSV: {
		ts_csv_options copt = s->opt.csv;
		ts_csv_reader *r = NULL;
		int rc;
		if (!copt.delimiter)
			copt.delimiter = tsv_name(name) ? '\t' : ',';
		rc = ts_csv_reader_new(&r, &copt, name, on_message, on_diag, s, err);
		if (rc)
			return rc;
		*rd = (reader){ r, csv_feed, csv_finish, csv_counts, csv_release };
		return TS_OK;
	}
	case TS_IN_CHAT: {
		ts_chat_options o;
		ts_chat_reader *r = NULL;
		int rc;
		chat_options(s, &o);
		rc = ts_chat_reader_new(&r, &o, name, on_message, on_diag, s, err);
		if (rc)
			return rc;
		*rd = (reader){ r, chat_feed, chat_finish, chat_counts, chat_release };
		return TS_OK;
	}
	case TS_IN_EMAIL: {
		ts_email_options o;
		ts_email_reader *r = NULL;
		int rc;
		memset(&o, 0, sizeof o);
		o.agent_domains = s->opt.agent_domains;
		o.nagent_domains = s->opt.nagent_domains;
		o.agents = s->opt.agents;
		o.nagents = s->opt.nagents;
		o.subject_window = s->opt.subject_window;
		o.max_message = s->opt.max_message;
		o.max_mime_depth = s->opt.max_depth;
		o.expect_mbox = mbox_name(name);
		if (!s->email_threads && ts_email_threads_new(&s->email_threads))
			return ts_error_set(err, TS_ENOMEM, name, 0, "out of memory");
		o.threads = s->email_threads;
		rc = ts_email_reader_new(&r, &o, name, on_message, on_diag, s, err);
		if (rc)
			return ts_error_set(err, rc, name, 0, "out of memory");
		*rd = (reader){ r, email_feed, email_finish, email_counts, email_release };
		return TS_OK;
	}
	case TS_IN_JSON: {
		ts_json_options o;
		ts_json_reader *r = NULL;
		int rc;
		memset(&o, 0, sizeof o);
		o.max_item = s->opt.max_message;
		o.max_depth = s->opt.max_depth;
		rc = ts_json_reader_new(&r, &o, name, on_message, on_diag, s, err);
		if (rc)
			return ts_error_set(err, rc, name, 0, "out of memory");
		*rd = (reader){ r, json_feed, json_finish, json_counts, json_release };
		return TS_OK;
	}
	default:
		return ts_error_set(err, TS_EUSAGE, name, 0, "the %s reader is not built in",
		                    ts_input_format_name(f));
	}
}

/*
 * A pipe cannot be read twice: when reply threading may need a second
 * pass, the bytes are copied to a temporary file (ts_source_spool).
 * While the CSV header is not read yet they are held in memory (up to
 * TS_SPOOL_HOLD; a longer header starts the copy), so an input that
 * turns out not to be threaded never needs the file; the copy starts
 * with them once the header turns threading on.  Called after each
 * chunk is fed (chunk: the one just fed).
 */
static int spool_step(ts_scanner *s, ts_source *src, const char *chunk, size_t got,
                      ts_error *err)
{
	ts_buf *h = &s->spool_head;
	int rc;

	if (s->can_rewind || !s->csv || s->spool == SPOOL_DONE)
		return TS_OK;
	thread_decide(s);
	if (s->thread_mode == TH_OFF) {
		ts_source_unspool(src);
		ts_buf_release(h);
		s->spool = SPOOL_DONE;
		return TS_OK;
	}
	if (s->spool == SPOOL_NONE) {
		if (h->len || s->thread_mode == TH_UNDECIDED) {
			if (ts_buf_add(h, chunk, got))
				return ts_error_set(err, TS_ENOMEM, ts_source_name(src), 0,
				                    "out of memory");
			if (s->thread_mode == TH_UNDECIDED && h->len <= TS_SPOOL_HOLD)
				return TS_OK;
			chunk = h->p;
			got = h->len;
		}
		rc = ts_source_spool(src, chunk, got, s->opt.tmpdir, err);
		ts_buf_release(h);
		if (rc)
			return rc;
		s->spool = SPOOL_ON;
	}
	if (s->thread_mode == TH_COLLECT)
		s->spool = SPOOL_DONE; /* copied to the end by the source */
	return TS_OK;
}

/* Feeds the chunk read first and the rest of the source to the reader,
 * and finishes it at the end (finish 0: the input ends where a first
 * pass met a read error, so it is not finished either).  A read error
 * returns at once, unfinished (*read_failed set): a record cut short by
 * it is not one. */
static int feed_all(ts_scanner *s, ts_source *src, reader *rd, char *chunk, size_t got,
                    int finish, int *read_failed, ts_error *err)
{
	int rc;

	*read_failed = 0;
	while (got) {
		rc = rd->feed(rd->r, chunk, got, err);
		if (rc == TS_OK)
			rc = spool_step(s, src, chunk, got, err);
		if (rc)
			return rc;
		rc = ts_source_read(src, chunk, TS_READ_CHUNK, &got, err);
		if (rc) {
			*read_failed = 1;
			return rc; /* what was read before stays analysed */
		}
	}
	return finish ? rd->finish(rd->r, err) : TS_OK;
}

/* The scanner's own temporary files (the FCR spill, a pipe's copy) failed:
 * err names no input. */
static int scratch_failed(int rc, const ts_error *err)
{
	return rc == TS_EIO && !err->file[0];
}

/* The second pass of reply threading: roots resolved, the input again
 * from its start (a pipe: its copy) with a new reader.  An error of the
 * first pass that the second does not meet again (a pipe's read error:
 * the copy holds what was read, and ends where the first pass stopped,
 * unfinished as there) is returned after it. */
static int second_pass(ts_scanner *s, ts_source *src, ts_input_format f, reader *rd,
                       char *chunk, int first_rc, int first_read_failed, ts_error *err)
{
	const char *name = ts_source_name(src);
	ts_error first_err;
	size_t got = 0;
	int rc, read_failed;

	if (first_rc != TS_OK)
		first_err = *err;

	rd->release(rd->r);
	memset(rd, 0, sizeof *rd);
	s->csv = NULL;
	if (ts_replymap_resolve(s->replies))
		return ts_error_set(err, TS_ENOMEM, name, 0, "out of memory");
	rc = ts_source_rewind(src, err);
	if (rc == TS_OK)
		rc = ts_source_read(src, chunk, TS_READ_CHUNK, &got, err);
	if (rc == TS_OK)
		rc = reader_open(s, f, name, rd, err);
	if (rc)
		return rc;
	s->csv = rd->r;
	s->thread_mode = TH_APPLY;
	rc = feed_all(s, src, rd, chunk, got, !first_read_failed, &read_failed, err);
	if (rc == TS_OK && first_rc != TS_OK) {
		*err = first_err;
		rc = first_rc;
	}
	return rc;
}

int ts_scanner_scan(ts_scanner *s, ts_source *src, ts_error *err)
{
	reader rd = { NULL, NULL, NULL, NULL, NULL };
	const char *name = ts_source_name(src);
	char *chunk = NULL;
	unsigned long records = 0, rejected = 0;
	ts_input_format f = s->opt.input_format;
	size_t got = 0;
	int rc, had_reject, read_failed;
	ts_error ignored;

	if (!err)
		err = &ignored; /* the passes compare what went wrong */
	s->last_format = TS_IN_AUTO; /* until this input's reader opens */
	if (s->last_rc && s->last_rc != TS_ESTOP)
		return failed_before(s, err);
	s->counts.files++;
	rc = ts_assembler_begin_file(s->asm_, name);
	if (rc)
		return ts_error_set(err, rc, name, 0, "out of memory");
	chunk = malloc(TS_READ_CHUNK);
	if (!chunk)
		return ts_error_set(err, TS_ENOMEM, name, 0, "out of memory");
	/* the first chunk tells the format when neither the option nor the
	 * name does: read in full, so that a pipe's first bytes are a file's */
	rc = ts_source_read_full(src, chunk, TS_READ_CHUNK, &got, err);
	if (rc == TS_OK && f == TS_IN_AUTO && ts_input_detect(name, chunk, got, &f))
		rc = ts_error_set(err, TS_ENOMEM, name, 0, "out of memory");
	if (f == TS_IN_AUTO)
		f = TS_IN_CSV;
	if (rc == TS_OK)
		rc = reader_open(s, f, name, &rd, err);
	if (rc) {
		free(chunk);
		return rc;
	}
	s->csv = f == TS_IN_CSV ? rd.r : NULL;
	s->email = f == TS_IN_EMAIL;
	s->last_format = f;
	s->split_input = s->cells && (f == TS_IN_CSV || f == TS_IN_JSON);
	s->thread_mode = TH_UNDECIDED;
	s->can_rewind = ts_source_can_rewind(src);
	s->spool = SPOOL_NONE;
	rc = feed_all(s, src, &rd, chunk, got, 1, &read_failed, err);
	/* reply threading: the links are known, now the messages (a failure
	 * of the first pass comes again in the second, or after it; out of
	 * memory, or the copy of a pipe failing, ends the input) */
	if (s->thread_mode == TH_COLLECT && !(s->last_rc && s->last_rc != TS_ESTOP) &&
	    rc != TS_ENOMEM && !scratch_failed(rc, err))
		rc = second_pass(s, src, f, &rd, chunk, rc, read_failed, err);
	/* with workers: the conversations that closed during this input are
	 * summed up before it ends, as they are without */
	if (s->pool) {
		int arc = account_all(s);
		if (arc && !s->last_rc)
			s->last_rc = arc;
		if (arc && rc == TS_OK)
			rc = TS_ESTOP;
	}
	if (rc == TS_ESTOP && s->last_rc) {
		rc = s->last_rc;
		if (rc == TS_EIO && s->err.code == TS_EIO)
			*err = s->err;
		else
			ts_error_set(err, rc, name, 0, "%s", ts_strerror(rc));
	}
	if (rd.r) {
		/* a first pass that could not be followed by the second read
		 * records, but analysed and reported none */
		if (s->thread_mode != TH_COLLECT)
			rd.counts(rd.r, &records, &rejected);
		rd.release(rd.r);
	}
	s->counts.records += records;
	s->counts.rejected += rejected;
	had_reject = rejected > 0;
	free(chunk);
	ts_buf_release(&s->spool_head);
	ts_replymap_free(s->replies);
	s->replies = NULL;
	s->csv = NULL;
	s->email = 0;
	s->thread_mode = TH_UNDECIDED;
	if (rc == TS_OK && had_reject)
		rc = TS_EINPUT;
	return rc;
}

int ts_scanner_finish(ts_scanner *s, ts_error *err)
{
	int rc;

	if (s->last_rc && s->last_rc != TS_ESTOP)
		return failed_before(s, err);
	rc = ts_assembler_flush(s->asm_);
	if (s->pool) {
		int arc = account_all(s);
		if (rc == TS_OK)
			rc = arc;
	}
	if (rc && rc != TS_ESTOP)
		s->last_rc = rc;
	if (rc == TS_EIO && s->err.code == TS_EIO) {
		*err = s->err;
		return rc;
	}
	if (rc)
		return ts_error_set(err, rc, NULL, 0, "%s", ts_strerror(rc));
	/* every conversation is in: decide repeat contacts, customer by
	 * customer, against the last time the data shows */
	if (!s->linker)
		return TS_OK; /* finished before */
	rc = ts_fcr_linker_finish(s->linker, s->end, on_fcr_result, s, err);
	ts_fcr_linker_free(s->linker);
	s->linker = NULL;
	return rc;
}

void ts_scanner_counts(const ts_scanner *s, ts_scan_counts *out)
{
	*out = s->counts;
	out->split_conversations = ts_assembler_splits(s->asm_);
	out->conversations_begun = ts_assembler_opened(s->asm_);
}

ts_input_format ts_scanner_last_format(const ts_scanner *s)
{
	return s->last_format;
}

static int cmp_stats(const void *a, const void *b)
{
	const ts_stats *x = *(const ts_stats *const *)a, *y = *(const ts_stats *const *)b;
	int c = memcmp(x->name, y->name, x->name_len < y->name_len ? x->name_len : y->name_len);

	if (c)
		return c;
	return x->name_len < y->name_len ? -1 : x->name_len > y->name_len;
}

int ts_scanner_agents(ts_scanner *s, const ts_stats ***out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (!s->sorted_agents && s->nagents) {
		size_t k = 0;
		s->sorted_agents = malloc(s->nagents * sizeof *s->sorted_agents);
		if (!s->sorted_agents)
			return TS_ENOMEM;
		for (size_t i = 0; i < s->nbuckets; i++)
			for (agent_node *a = s->buckets[i]; a; a = a->next)
				s->sorted_agents[k++] = &a->st;
		qsort(s->sorted_agents, k, sizeof *s->sorted_agents, cmp_stats);
	}
	*out = s->sorted_agents;
	*n = s->nagents;
	return TS_OK;
}

const ts_stats *ts_scanner_customers(const ts_scanner *s)
{
	return &s->customers;
}

static int cmp_record(const void *a, const void *b)
{
	const ts_conv_record *x = *(const ts_conv_record *const *)a;
	const ts_conv_record *y = *(const ts_conv_record *const *)b;
	if (x->file_index != y->file_index)
		return x->file_index < y->file_index ? -1 : 1;
	if (x->first_row != y->first_row)
		return x->first_row < y->first_row ? -1 : 1;
	return x->seq_no < y->seq_no ? -1 : x->seq_no > y->seq_no;
}

size_t ts_scanner_conversations(ts_scanner *s, const ts_conv_record ***out)
{
	if (!s->convs_sorted && s->nconvs) {
		qsort(s->convs, s->nconvs, sizeof *s->convs, cmp_record);
		s->convs_sorted = 1;
	}
	*out = (const ts_conv_record **)s->convs;
	return s->nconvs;
}

double ts_readability_ease(const ts_stats *st)
{
	return ts_flesch_ease(st->words, st->text.sentences, st->text.syllables);
}

double ts_readability_grade(const ts_stats *st)
{
	return ts_fk_grade(st->words, st->text.sentences, st->text.syllables);
}

const ts_lexset *ts_scanner_lexset(const ts_scanner *s)
{
	return s->lex;
}

void ts_scanner_free(ts_scanner *s)
{
	if (!s)
		return;
	/* the workers first: they may be analysing a job's conversation */
	ts_pool_free(s->pool);
	for (size_t i = 0; i < s->njobs; i++)
		job_release(&s->jobs[i]);
	free(s->jobs);
	for (unsigned i = 0; i < s->nworkers; i++)
		ts_analyser_free(s->workers[i]);
	free(s->workers);
	ts_assembler_free(s->asm_);
	ts_analyser_free(s->analyser);
	for (size_t i = 0; i < s->nbuckets; i++) {
		agent_node *a, *next;
		for (a = s->buckets[i]; a; a = next) {
			next = a->next;
			stats_release(&a->st);
			free(a);
		}
	}
	free(s->buckets);
	free(s->sorted_agents);
	stats_release(&s->customers);
	for (size_t i = 0; i < s->nconvs; i++)
		conv_record_free(s->convs[i]);
	free(s->convs);
	for (size_t i = 0; i < s->cagents_cap; i++)
		free(s->cagents[i].hits);
	free(s->cagents);
	free(s->cust_hits);
	ts_cell_splitter_free(s->cells);
	ts_buf_release(&s->authorbuf);
	ts_buf_release(&s->spool_head);
	ts_replymap_free(s->replies);
	ts_email_threads_free(s->email_threads);
	ts_timefmt_free(s->timefmt);
	ts_fcr_linker_free(s->linker);
	free(s->by_id);
	free(s->tmsg);
	free(s->okeys);
	free(s->omsgs);
	free(s->gaps);
	free(s->gapsecs);
	free(s->time_warned);
	free(s->regex_warned);
	free(s);
}
