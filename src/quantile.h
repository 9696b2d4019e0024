/*
 * quantile.h - percentiles of non-negative integer durations (seconds) in
 * bounded memory, for response-time reports (internal).
 *
 * ts_hist keeps its first TS_HIST_EXACT values as they are (exact
 * percentiles for small samples), then becomes a log-bucketed histogram:
 * values below 64 have a bucket each
 * (exact); above, each power of two [2^e, 2^(e+1)) is cut into 64 equal
 * buckets, so a bucket is narrower than 1/64 of any value in it.  Buckets
 * are allocated on demand up to the end of the largest value's power of
 * two (64 buckets for values below 64, 320 below 1024, at most 3776 =
 * 15 KB for values up to UINT64_MAX), so memory follows the largest value,
 * not the count.  Results are deterministic and do not depend on the order
 * of adds and merges.
 *
 * A bucket count saturates at UINT32_MAX: a value whose bucket is full is
 * not counted (count stays the sum of the buckets, so ranks stay
 * consistent); nothing wraps.
 */
#ifndef TS_QUANTILE_H
#define TS_QUANTILE_H

#include <stddef.h>
#include <stdint.h>

/* The first TS_HIST_EXACT values are kept as they are, so that small
 * samples (an agent with a handful of replies) get exact percentiles;
 * the next value moves them all into the buckets. */
#define TS_HIST_EXACT 64

typedef struct ts_hist {
	uint32_t *bucket;
	size_t nbucket;  /* buckets allocated, a multiple of 64 (those past the
	                  * largest value are 0) */
	uint64_t count;  /* values counted (bucketed: the sum of the buckets) */
	uint64_t *exact; /* while bucket is NULL: the values, count of them */
} ts_hist;

void ts_hist_init(ts_hist *h);
void ts_hist_release(ts_hist *h);             /* frees the insides */
/* Adds v.  TS_OK or TS_ENOMEM (h unchanged). */
int ts_hist_add(ts_hist *h, uint64_t v);
/* Adds everything in src to dst (as if each value were added; saturating
 * per bucket).  TS_OK or TS_ENOMEM (dst unchanged). */
int ts_hist_merge(ts_hist *dst, const ts_hist *src);
/*
 * Nearest-rank quantile: the value of rank ceil(q * count) (at least 1,
 * at most count) among the values added, q in [0, 1] (clamped; NaN is 0).
 * Exact while at most TS_HIST_EXACT values were added; after that, below
 * 128 the exact value (buckets are one wide there); above, the
 * middle of its bucket [lo, hi] rounded down, lo + (hi - lo) / 2, which is
 * within 1/128 of the true value.  0 when empty.
 * q * count within 1e-9 of an integer counts as that integer, so that
 * 0.07 * 100 is rank 7, not 8.
 */
uint64_t ts_hist_quantile(const ts_hist *h, double q);
/* The same rank of v[0..n) exactly (sorts v in place); 0 when n == 0. */
uint64_t ts_quantile_exact(uint64_t *v, size_t n, double q);

#endif
