/*
 * timing.c - first response, response gaps, duration and nudges of one
 * conversation (see timing.h).  No parsing, no allocation.
 */
#include "timing.h"

#include <string.h>

void ts_timing_compute(const ts_timing_msg *m, size_t n, int64_t nudge_after,
                       ts_timing *out, ts_timing_gap *gaps)
{
	int waiting = 0, since_known = 0, replied = 0;
	int64_t since = 0, last_customer = 0;

	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < n; i++) {
		if (m[i].has_time) {
			if (!out->has_time || m[i].t < out->start)
				out->start = m[i].t;
			if (!out->has_time || m[i].t > out->end)
				out->end = m[i].t;
			out->has_time = 1;
		}
		if (m[i].role == TS_ROLE_CUSTOMER) {
			if (!waiting) {
				waiting = 1;
				since_known = m[i].has_time;
				since = last_customer = m[i].t;
			} else if (m[i].has_time) {
				/* a follow-up while still waiting: a nudge when the
				 * customer waited long since their previous message */
				if (since_known && m[i].t - last_customer > nudge_after)
					out->nudges++;
				if (!since_known) {
					since_known = 1;
					since = m[i].t;
				}
				last_customer = m[i].t;
			}
		} else if (m[i].role == TS_ROLE_AGENT && waiting) {
			int first = !replied;
			waiting = 0;
			replied = 1;
			if (!since_known || !m[i].has_time || m[i].t < since)
				continue;
			gaps[out->ngaps].agent = m[i].agent;
			gaps[out->ngaps].secs = (uint64_t)(m[i].t - since);
			gaps[out->ngaps].first = first;
			if (first) {
				out->has_first = 1;
				out->first_response = gaps[out->ngaps].secs;
			}
			out->ngaps++;
		}
	}
}
