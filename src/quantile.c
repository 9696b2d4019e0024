/*
 * quantile.c - the log-bucketed histogram and the exact nearest-rank
 * quantile (see quantile.h).
 */
#include "quantile.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "traitscan.h"

#define SUB_BITS 6
#define SUB (1u << SUB_BITS)                     /* 64 */
/* Buckets 0..63 are the values 0..63; then 64 per power of two from 2^6 to
 * 2^63: 64 + 58 * 64 = 3776 in all. */
#define NBUCKET_MAX ((size_t)SUB + (size_t)(64 - SUB_BITS) * SUB)

static unsigned top_bit(uint64_t v)
{
	unsigned e = 0;

	while (v >>= 1)
		e++;
	return e;
}

static size_t bucket_of(uint64_t v)
{
	unsigned e, shift;

	if (v < SUB)
		return (size_t)v;
	e = top_bit(v);               /* 6..63 */
	shift = e - SUB_BITS;
	/* the SUB_BITS bits after the leading one pick the sub-bucket */
	return SUB + (size_t)shift * SUB + (size_t)((v >> shift) & (SUB - 1));
}

/* The value reported for bucket b: the middle of [lo, hi], rounded down. */
static uint64_t bucket_value(size_t b)
{
	size_t shift;
	uint64_t lo, width;

	if (b < SUB)
		return b;
	shift = (b - SUB) / SUB;
	lo = (uint64_t)(SUB + (b - SUB) % SUB) << shift;
	width = (uint64_t)1 << shift;
	return lo + (width - 1) / 2; /* no overflow: lo + width - 1 <= UINT64_MAX */
}

void ts_hist_init(ts_hist *h)
{
	h->bucket = NULL;
	h->nbucket = 0;
	h->count = 0;
	h->exact = NULL;
}

void ts_hist_release(ts_hist *h)
{
	free(h->bucket);
	free(h->exact);
	ts_hist_init(h);
}

/* Makes h hold at least need buckets (need <= NBUCKET_MAX), up to the end
 * of that power of two's group of 64: at most 59 reallocations ever. */
static int reserve(ts_hist *h, size_t need)
{
	size_t cap = (need + SUB - 1) / SUB * SUB;
	uint32_t *p;

	if (need <= h->nbucket)
		return TS_OK;
	p = realloc(h->bucket, cap * sizeof *p);
	if (!p)
		return TS_ENOMEM;
	memset(p + h->nbucket, 0, (cap - h->nbucket) * sizeof *p);
	h->bucket = p;
	h->nbucket = cap;
	return TS_OK;
}

/* Counts v in its bucket (h is bucketed). */
static int bucket_add(ts_hist *h, uint64_t v)
{
	size_t b = bucket_of(v);

	if (reserve(h, b + 1))
		return TS_ENOMEM;
	if (h->bucket[b] == UINT32_MAX)
		return TS_OK; /* saturated: see quantile.h */
	h->bucket[b]++;
	h->count++;
	return TS_OK;
}

/* Moves the exact values into buckets (h unchanged on failure). */
static int bucketize(ts_hist *h)
{
	uint64_t max = 0;
	uint64_t *exact = h->exact;
	uint64_t n = h->count;

	if (h->bucket)
		return TS_OK;
	for (uint64_t i = 0; i < n; i++)
		if (exact[i] > max)
			max = exact[i];
	if (reserve(h, bucket_of(max) + 1))
		return TS_ENOMEM;
	h->count = 0;
	h->exact = NULL;
	for (uint64_t i = 0; i < n; i++)
		bucket_add(h, exact[i]); /* no allocation: reserved above */
	free(exact);
	return TS_OK;
}

int ts_hist_add(ts_hist *h, uint64_t v)
{
	if (!h->bucket) {
		if (!h->exact && !(h->exact = malloc(TS_HIST_EXACT * sizeof *h->exact)))
			return TS_ENOMEM;
		if (h->count < TS_HIST_EXACT) {
			h->exact[h->count++] = v;
			return TS_OK;
		}
		if (bucketize(h))
			return TS_ENOMEM;
	}
	return bucket_add(h, v);
}

int ts_hist_merge(ts_hist *dst, const ts_hist *src)
{
	size_t used = src->nbucket;

	if (src->count == 0)
		return TS_OK;
	if (!src->bucket) {
		/* src holds exact values: add them one by one, all or none */
		ts_hist tmp;
		int rc = TS_OK;
		if (!dst->bucket && dst->count + src->count <= TS_HIST_EXACT) {
			for (uint64_t i = 0; i < src->count && rc == TS_OK; i++)
				rc = ts_hist_add(dst, src->exact[i]);
			return rc;
		}
		ts_hist_init(&tmp);
		for (uint64_t i = 0; i < src->count && rc == TS_OK; i++)
			rc = ts_hist_add(&tmp, src->exact[i]);
		if (rc == TS_OK && src->count && !tmp.bucket)
			rc = bucketize(&tmp);
		if (rc == TS_OK && (rc = bucketize(dst)) == TS_OK)
			rc = ts_hist_merge(dst, &tmp);
		ts_hist_release(&tmp);
		return rc;
	}
	if (bucketize(dst))
		return TS_ENOMEM;

	while (used && src->bucket[used - 1] == 0)
		used--;
	if (reserve(dst, used))
		return TS_ENOMEM;
	for (size_t b = 0; b < used; b++) {
		uint32_t add = src->bucket[b], room = UINT32_MAX - dst->bucket[b];
		if (add > room)
			add = room;
		dst->bucket[b] += add;
		dst->count += add;
	}
	return TS_OK;
}

/* ceil(q * n), between 1 and n (n > 0); see quantile.h for the 1e-9. */
static uint64_t rank_of(double q, uint64_t n)
{
	double x, r;

	if (!(q > 0))
		return 1;
	if (q >= 1)
		return n;
	x = q * (double)n;
	r = floor(x + 0.5);
	if (fabs(x - r) > 1e-9 * (r > 1 ? r : 1))
		r = ceil(x);
	if (r < 1)
		return 1;
	if (r >= (double)n)
		return n;
	return (uint64_t)r;
}

uint64_t ts_hist_quantile(const ts_hist *h, double q)
{
	uint64_t rank, seen = 0;

	if (h->count == 0)
		return 0;
	if (!h->bucket) {
		uint64_t v[TS_HIST_EXACT];
		memcpy(v, h->exact, (size_t)h->count * sizeof *v);
		return ts_quantile_exact(v, (size_t)h->count, q);
	}
	rank = rank_of(q, h->count);
	for (size_t b = 0; b < h->nbucket; b++) {
		seen += h->bucket[b];
		if (seen >= rank)
			return bucket_value(b);
	}
	return 0; /* not reached while count is the sum of the buckets */
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

uint64_t ts_quantile_exact(uint64_t *v, size_t n, double q)
{
	if (n == 0)
		return 0;
	qsort(v, n, sizeof *v, cmp_u64);
	return v[rank_of(q, (uint64_t)n) - 1];
}
