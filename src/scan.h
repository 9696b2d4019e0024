/*
 * scan.h - what a scan accumulates, for the report writers (internal).
 *
 * Per-agent and per-customer statistics are sums over closed
 * conversations; conversation records are kept only when the caller asked
 * for them (ts_scan_options.keep_conversations), since they grow with the
 * input.
 */
#ifndef TS_SCAN_H
#define TS_SCAN_H

#include "fcr.h"
#include "quantile.h"
#include "traitscan.h"

/* What readability and the question/jargon detail need, summed over an
 * agent's messages. */
typedef struct ts_textstats {
	unsigned long sentences, syllables;
	unsigned long open_questions, closed_questions;
	unsigned long jargon_explained;
} ts_textstats;

typedef struct ts_stats {
	char *name;                  /* agent name; NULL for the customer total */
	size_t name_len;             /* its bytes (a name may hold a NUL) */
	unsigned long conversations; /* conversations with at least one message */
	unsigned long messages;
	unsigned long words;
	ts_textstats text;           /* agents only */
	unsigned long *hits;         /* per category */
	unsigned long *conv_hits;    /* conversations with >= 1 hit, per category */
	/* agents only: conversation-level results of the conversations they
	 * own (FCR, duration, nudges), and their own replies' timing */
	unsigned long owned;
	unsigned long fcr[2][TS_FCR_VERDICTS]; /* [lenient, strict][verdict] */
	unsigned long fcr_reason[TS_FCR_R_COUNT]; /* owned conversations per reason */
	unsigned long nudges;
	double mood_change;          /* summed over mood_conversations */
	unsigned long mood_conversations; /* owned, with 2+ customer messages */
	ts_hist first_response;      /* seconds, as the first responder */
	ts_hist response;            /* seconds, every reply to a waiting customer */
	ts_hist duration;            /* seconds, owned conversations */
} ts_stats;

typedef struct ts_conv_record {
	char *id;
	unsigned file_index;
	unsigned long first_row;
	unsigned long seq_no;
	char *owner, *customer, *channel, *first_time, *last_time;
	unsigned long messages, agent_messages, customer_messages, other_messages;
	unsigned long agent_words, customer_words;
	unsigned long *agent_hits;    /* per category */
	unsigned long *customer_hits; /* per category */
	/* timing, when has_time; a duration is -1 when not measured */
	int has_time;
	int duration_known;           /* the first and last messages have times */
	long long start, end;         /* Unix seconds */
	long long first_response, response_median, response_p90;
	unsigned long nudges;
	ts_fcr_result fcr;            /* set by ts_scanner_finish */
	int fcr_off;                  /* --no-fcr: no FCR, no timing */
	int has_mood;                 /* a customer message: mood_start, mood_end */
	double mood_start, mood_end;  /* first and last customer message, -1..1 */
} ts_conv_record;

/* Agents sorted by name (bytewise) in *out, *n of them; valid until the
 * scanner is freed.  TS_OK or TS_ENOMEM (the sorted list is made at the
 * first call after an agent was added). */
int ts_scanner_agents(ts_scanner *s, const ts_stats ***out, size_t *n);
const ts_stats *ts_scanner_customers(const ts_scanner *s);
/* Conversation records sorted by (file, first row). */
size_t ts_scanner_conversations(ts_scanner *s, const ts_conv_record ***out);
/* Flesch reading ease and Flesch-Kincaid grade of an agent's text. */
double ts_readability_ease(const ts_stats *st);
double ts_readability_grade(const ts_stats *st);
const ts_lexset *ts_scanner_lexset(const ts_scanner *s);

#endif
