/*
 * analyse.h - one message at a time, in conversation order: lexicon
 * matches, then every context detector (detect.h), then counts (internal).
 */
#ifndef TS_ANALYSE_H
#define TS_ANALYSE_H

#include "traitscan.h"

typedef struct ts_analyser ts_analyser;

typedef struct ts_analysis {
	const ts_finding *findings;  /* counted or not, by (start, category) */
	size_t nfindings;
	const unsigned *counts;      /* counted findings per category */
	size_t words, sentences, syllables;
	double valence;              /* the customer's mood, -1..1 (mood.h);
	                                0 for other roles or without a mood
	                                category */
	const unsigned *limited;     /* /regex/ entries that hit their PCRE2
	                                limit in this message (and so found
	                                nothing in it) */
	size_t nlimited;
} ts_analysis;

int ts_analyser_new(ts_analyser **out, const ts_lexset *set);
void ts_analyser_free(ts_analyser *a);
/* The PCRE2 limits of the lexicon's /regex/ entries (0: the defaults). */
void ts_analyser_set_regex_limits(ts_analyser *a, unsigned match_limit, unsigned depth_limit);
/* Starts a conversation (forgets the previous one's context). */
void ts_analyser_begin(ts_analyser *a);
/* Analyses the next message of the conversation.  *out is valid until the
 * next call.  The text must stay valid until the next ts_analyser_begin:
 * detectors may read an earlier message's words again (paraphrase keeps
 * the customer's turn by reference).  TS_OK or TS_ENOMEM. */
int ts_analyser_message(ts_analyser *a, ts_role role, const char *text,
                        size_t n, ts_analysis *out);

#endif
