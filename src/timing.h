/*
 * timing.h - response timing of one conversation from its message times
 * (internal): first response, every agent response gap, duration and the
 * customer's nudges.  Pure computation over a small array; the scanner
 * parses the times and credits the results to agents.
 */
#ifndef TS_TIMING_H
#define TS_TIMING_H

#include <stddef.h>
#include <stdint.h>

#include "traitscan.h"

typedef struct ts_timing_msg {
	ts_role role;
	int has_time;
	int64_t t;          /* Unix seconds, when has_time */
	unsigned agent;     /* the caller's agent number (agent messages) */
} ts_timing_msg;

/* An agent message that answered a waiting customer. */
typedef struct ts_timing_gap {
	unsigned agent;
	uint64_t secs;      /* since the first unanswered customer message */
	int first;          /* the conversation's first response */
} ts_timing_gap;

typedef struct ts_timing {
	int has_time;             /* some message had a time */
	int64_t start, end;       /* earliest and latest time */
	size_t ngaps;             /* gaps written (the first response is one) */
	int has_first;            /* the first reply to the customer was timed */
	uint64_t first_response;  /* seconds; gaps[k].first says whose */
	unsigned long nudges;     /* customer messages sent after waiting over
	                           * nudge_after since their previous one,
	                           * without an agent reply */
} ts_timing;

/*
 * Walks m[0..n) in conversation order.  A customer message starts a wait
 * (unless one is on); an agent message ends it, and when both have times
 * and the reply is not earlier, the gap is written to gaps (room for n).
 * An agent message without a time still ends the wait, with no gap; bot,
 * system and note messages neither start nor end one.
 */
void ts_timing_compute(const ts_timing_msg *m, size_t n, int64_t nudge_after,
                       ts_timing *out, ts_timing_gap *gaps);

#endif
