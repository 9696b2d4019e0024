/*
 * test_quantile.c - the nearest-rank rule on hand-counted lists, the
 * histogram exact below 64 (and up to 127, where buckets are one wide),
 * within 1/128 above against ts_quantile_exact on random values of every
 * magnitude, merge equal to adding both, empty input, q at and beyond its
 * ends, huge values, memory following the largest value, and saturation.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "quantile.h"
#include "test.h"
#include "traitscan.h"

static uint64_t rng_state = 0x2545f4914f6cdd1dULL;

static uint64_t rnd64(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* A value of random magnitude: 2^0 .. 2^64, then uniform below that. */
static uint64_t rnd_value(void)
{
	unsigned bits = (unsigned)(rnd64() % 65);

	return bits == 64 ? rnd64() : rnd64() & (((uint64_t)1 << bits) - 1);
}

static void test_exact_nearest_rank(void)
{
	uint64_t v[] = {50, 10, 40, 20, 30};
	uint64_t w[100];

	CHECK_EQ_INT(ts_quantile_exact(v, 5, 0.0), 10);
	CHECK_EQ_INT(ts_quantile_exact(v, 5, 0.2), 10);  /* rank 1 */
	CHECK_EQ_INT(ts_quantile_exact(v, 5, 0.21), 20); /* rank ceil(1.05) = 2 */
	CHECK_EQ_INT(ts_quantile_exact(v, 5, 0.5), 30);  /* rank 3 */
	CHECK_EQ_INT(ts_quantile_exact(v, 5, 0.8), 40);
	CHECK_EQ_INT(ts_quantile_exact(v, 5, 0.81), 50);
	CHECK_EQ_INT(ts_quantile_exact(v, 5, 1.0), 50);
	CHECK(v[0] == 10 && v[4] == 50); /* sorted in place */
	CHECK_EQ_INT(ts_quantile_exact(v, 5, -1.0), 10);
	CHECK_EQ_INT(ts_quantile_exact(v, 5, 2.0), 50);
	CHECK_EQ_INT(ts_quantile_exact(v, 5, NAN), 10);
	CHECK_EQ_INT(ts_quantile_exact(v, 0, 0.5), 0);
	CHECK_EQ_INT(ts_quantile_exact(NULL, 0, 0.5), 0);
	/* 0.07 * 100 is 7.000000000000001 in doubles: still rank 7 */
	for (int i = 0; i < 100; i++)
		w[i] = (uint64_t)(100 - i);
	CHECK_EQ_INT(ts_quantile_exact(w, 100, 0.07), 7);
	CHECK_EQ_INT(ts_quantile_exact(w, 100, 0.071), 8);
	CHECK_EQ_INT(ts_quantile_exact(w, 100, 0.95), 95);
	CHECK_EQ_INT(ts_quantile_exact(w, 100, 0.5), 50);
	CHECK_EQ_INT(ts_quantile_exact(w, 100, 0.505), 51);
}

static void test_empty(void)
{
	ts_hist h;

	ts_hist_init(&h);
	CHECK_EQ_INT(ts_hist_quantile(&h, 0.0), 0);
	CHECK_EQ_INT(ts_hist_quantile(&h, 0.5), 0);
	CHECK_EQ_INT(ts_hist_quantile(&h, 1.0), 0);
	CHECK_EQ_INT(h.count, 0);
	ts_hist_release(&h);
	ts_hist_release(&h); /* released twice is fine */
}

static void test_exact_below_128(void)
{
	uint64_t v[128], all[128];
	ts_hist h;

	ts_hist_init(&h);
	for (int i = 0; i < 128; i++)
		v[i] = (uint64_t)i;
	for (int i = 127; i > 0; i--) { /* 0..63 shuffled, then 64..127 shuffled */
		int lo = i < 64 ? 0 : 64, j = lo + (int)(rnd64() % (uint64_t)(i - lo + 1));
		uint64_t t = v[i];
		v[i] = v[j];
		v[j] = t;
	}
	for (int i = 0; i < 64; i++)
		REQUIRE(ts_hist_add(&h, v[i]) == TS_OK);
	for (int k = 0; k <= 200; k++) {
		double q = k / 200.0;
		for (int i = 0; i < 64; i++)
			all[i] = v[i];
		CHECK_EQ_INT(ts_hist_quantile(&h, q), ts_quantile_exact(all, 64, q));
	}
	CHECK(h.nbucket <= 64); /* memory follows the largest value */
	for (int i = 64; i < 128; i++)
		REQUIRE(ts_hist_add(&h, v[i]) == TS_OK);
	for (int k = 0; k <= 200; k++) {
		double q = k / 200.0;
		for (int i = 0; i < 128; i++)
			all[i] = v[i];
		CHECK_EQ_INT(ts_hist_quantile(&h, q), ts_quantile_exact(all, 128, q));
	}
	CHECK_EQ_INT(ts_hist_quantile(&h, 0.0), 0);
	CHECK_EQ_INT(ts_hist_quantile(&h, 0.5), 63);
	CHECK_EQ_INT(ts_hist_quantile(&h, 1.0), 127);
	CHECK_EQ_INT(h.count, 128);
	ts_hist_release(&h);
}

static void test_bucket_middle(void)
{
	ts_hist h;

	/* past TS_HIST_EXACT values the buckets answer: 128..129 share a
	 * bucket of width 2, the middle rounded down is 128; 1000 is in
	 * [1000, 1007]: 1003 */
	ts_hist_init(&h);
	for (int i = 0; i <= TS_HIST_EXACT; i++)
		REQUIRE(ts_hist_add(&h, 129) == TS_OK);
	CHECK(h.bucket != NULL);
	CHECK_EQ_INT(ts_hist_quantile(&h, 0.5), 128);
	ts_hist_release(&h);
	for (int i = 0; i <= TS_HIST_EXACT; i++)
		REQUIRE(ts_hist_add(&h, i % 2 ? 1000 : 1007) == TS_OK);
	CHECK_EQ_INT(ts_hist_quantile(&h, 0.5), 1003);
	for (int i = 0; i <= TS_HIST_EXACT; i++)
		REQUIRE(ts_hist_add(&h, 1008) == TS_OK); /* next bucket [1008, 1015] */
	CHECK_EQ_INT(ts_hist_quantile(&h, 0.25), 1003);
	CHECK_EQ_INT(ts_hist_quantile(&h, 1.0), 1011);
	CHECK_EQ_INT(h.count, 2 * (TS_HIST_EXACT + 1));
	ts_hist_release(&h);
}

static void test_exact_while_small(void)
{
	ts_hist h, other;
	uint64_t v[TS_HIST_EXACT];

	/* up to TS_HIST_EXACT values are exact, whatever their size */
	ts_hist_init(&h);
	ts_hist_init(&other);
	REQUIRE(ts_hist_add(&h, 129) == TS_OK);
	CHECK_EQ_INT(ts_hist_quantile(&h, 0.5), 129);
	REQUIRE(ts_hist_add(&h, 1000) == TS_OK);
	REQUIRE(ts_hist_add(&h, 1800) == TS_OK);
	CHECK_EQ_INT(ts_hist_quantile(&h, 0.5), 1000);
	CHECK_EQ_INT(ts_hist_quantile(&h, 1.0), 1800);
	CHECK(h.bucket == NULL);
	/* merging two small ones stays exact while it fits... */
	REQUIRE(ts_hist_add(&other, 4801) == TS_OK);
	REQUIRE(ts_hist_merge(&h, &other) == TS_OK);
	CHECK_EQ_INT(h.count, 4);
	CHECK_EQ_INT(ts_hist_quantile(&h, 1.0), 4801);
	CHECK(h.bucket == NULL);
	/* ...and both orders of a merge that does not fit give the same */
	for (int i = 0; i < TS_HIST_EXACT; i++) {
		v[i] = (uint64_t)(i * 37 + 300);
		REQUIRE(ts_hist_add(&other, v[i]) == TS_OK);
	}
	CHECK(other.bucket != NULL);
	{
		ts_hist a, b;
		ts_hist_init(&a);
		ts_hist_init(&b);
		REQUIRE(ts_hist_merge(&a, &h) == TS_OK);
		REQUIRE(ts_hist_merge(&a, &other) == TS_OK);
		REQUIRE(ts_hist_merge(&b, &other) == TS_OK);
		REQUIRE(ts_hist_merge(&b, &h) == TS_OK);
		CHECK_EQ_INT(a.count, b.count);
		CHECK_EQ_INT(a.count, 4 + 1 + TS_HIST_EXACT);
		for (int k = 0; k <= 20; k++)
			CHECK_EQ_INT(ts_hist_quantile(&a, k / 20.0), ts_hist_quantile(&b, k / 20.0));
		ts_hist_release(&a);
		ts_hist_release(&b);
	}
	ts_hist_release(&h);
	ts_hist_release(&other);
}

/* The histogram's quantile is within 1/128 of the exact one, and exact
 * below 128. */
static int close_enough(uint64_t got, uint64_t want)
{
	uint64_t diff = got > want ? got - want : want - got;

	if (want < 128)
		return diff == 0;
	return diff <= want / 128;
}

static void test_property_relative_error(void)
{
	enum { N = 5000 };
	static uint64_t v[N], sorted[N];
	int failures = 0;

	for (int round = 0; round < 20; round++) {
		ts_hist h;
		size_t n = 1 + (size_t)(rnd64() % N);
		int small = round % 4 == 0; /* some rounds only durations under a day */

		ts_hist_init(&h);
		for (size_t i = 0; i < n; i++) {
			v[i] = small ? rnd64() % 86400 : rnd_value();
			sorted[i] = v[i];
			REQUIRE(ts_hist_add(&h, v[i]) == TS_OK);
		}
		CHECK_EQ_INT(h.count, n);
		ts_quantile_exact(sorted, n, 0.5);
		for (int k = 0; k <= 100 && failures < 10; k++) {
			double q = k / 100.0;
			uint64_t want = ts_quantile_exact(sorted, n, q), got = ts_hist_quantile(&h, q);
			if (!close_enough(got, want)) {
				printf("  n %zu q %.2f: %llu, exact %llu\n", n, q,
				       (unsigned long long)got, (unsigned long long)want);
				failures++;
			}
		}
		CHECK(h.nbucket <= 3776);
		ts_hist_release(&h);
	}
	CHECK_EQ_INT(failures, 0);
}

static void test_merge_equals_adding_both(void)
{
	for (int round = 0; round < 10; round++) {
		ts_hist a, b, both;
		size_t na = (size_t)(rnd64() % 2000), nb = (size_t)(rnd64() % 2000), used;

		ts_hist_init(&a);
		ts_hist_init(&b);
		ts_hist_init(&both);
		for (size_t i = 0; i < na; i++) {
			uint64_t x = round < 5 ? rnd64() % 5000 : rnd_value();
			REQUIRE(ts_hist_add(&a, x) == TS_OK);
			REQUIRE(ts_hist_add(&both, x) == TS_OK);
		}
		for (size_t i = 0; i < nb; i++) {
			uint64_t x = round % 2 ? rnd64() % 100 : rnd_value();
			REQUIRE(ts_hist_add(&b, x) == TS_OK);
			REQUIRE(ts_hist_add(&both, x) == TS_OK);
		}
		REQUIRE(ts_hist_merge(&a, &b) == TS_OK);
		CHECK_EQ_INT(a.count, both.count);
		used = a.nbucket > both.nbucket ? a.nbucket : both.nbucket;
		for (size_t i = 0; i < used; i++) {
			uint32_t x = i < a.nbucket ? a.bucket[i] : 0;
			uint32_t y = i < both.nbucket ? both.bucket[i] : 0;
			CHECK(x == y);
		}
		for (int k = 0; k <= 20; k++)
			CHECK(ts_hist_quantile(&a, k / 20.0) == ts_hist_quantile(&both, k / 20.0));
		/* merging an empty histogram changes nothing, either way round */
		{
			ts_hist e;
			ts_hist_init(&e);
			REQUIRE(ts_hist_merge(&a, &e) == TS_OK);
			CHECK_EQ_INT(a.count, both.count);
			REQUIRE(ts_hist_merge(&e, &a) == TS_OK);
			CHECK_EQ_INT(e.count, both.count);
			CHECK(ts_hist_quantile(&e, 0.9) == ts_hist_quantile(&both, 0.9));
			ts_hist_release(&e);
		}
		ts_hist_release(&a);
		ts_hist_release(&b);
		ts_hist_release(&both);
	}
}

static void test_huge_values(void)
{
	ts_hist h;
	uint64_t top = UINT64_MAX, got;

	/* past TS_HIST_EXACT values, so the buckets answer */
	ts_hist_init(&h);
	for (int i = 0; i <= TS_HIST_EXACT; i++)
		REQUIRE(ts_hist_add(&h, top) == TS_OK);
	CHECK_EQ_INT(h.nbucket, 3776);
	/* last bucket [127 * 2^57, 2^64 - 1]: the middle rounded down */
	got = ts_hist_quantile(&h, 1.0);
	CHECK(got == ((uint64_t)127 << 57) + ((uint64_t)1 << 56) - 1);
	CHECK(close_enough(got, top));
	ts_hist_release(&h);
	for (int i = 0; i < 17; i++) {
		REQUIRE(ts_hist_add(&h, (uint64_t)1 << 63) == TS_OK);
		REQUIRE(ts_hist_add(&h, top - 1) == TS_OK);
		REQUIRE(ts_hist_add(&h, 0) == TS_OK);
		REQUIRE(ts_hist_add(&h, top) == TS_OK);
	}
	CHECK_EQ_INT(h.nbucket, 3776);
	CHECK_EQ_INT(ts_hist_quantile(&h, 0.0), 0);
	got = ts_hist_quantile(&h, 0.5);
	/* 2^63 starts the bucket [2^63, 2^63 + 2^57 - 1] */
	CHECK(got == ((uint64_t)1 << 63) + ((uint64_t)1 << 56) - 1);
	CHECK(close_enough(got, (uint64_t)1 << 63));
	CHECK(close_enough(ts_hist_quantile(&h, 0.75), top - 1));
	ts_hist_release(&h);
}

static void test_memory_follows_largest(void)
{
	ts_hist h;

	ts_hist_init(&h);
	for (int i = 0; i < 100000; i++)
		REQUIRE(ts_hist_add(&h, (uint64_t)(i % 60)) == TS_OK);
	CHECK(h.nbucket <= 64);
	CHECK_EQ_INT(h.count, 100000);
	/* 1000 s is bucket 64 + 3 * 64 + 61 = 317 */
	REQUIRE(ts_hist_add(&h, 1000) == TS_OK);
	CHECK_EQ_INT(h.nbucket, 320);
	/* a week of seconds: 2^19 <= 604800 < 2^20, bucket 64 + 13 * 64 + 9 */
	REQUIRE(ts_hist_add(&h, 604800) == TS_OK);
	CHECK_EQ_INT(h.nbucket, 960);
	REQUIRE(ts_hist_add(&h, 604799) == TS_OK);
	CHECK_EQ_INT(h.nbucket, 960);
	ts_hist_release(&h);
}

static void test_saturation(void)
{
	ts_hist h, g;

	ts_hist_init(&h);
	ts_hist_init(&g);
	REQUIRE(ts_hist_add(&h, 5) == TS_OK);
	for (int i = 0; i < TS_HIST_EXACT; i++)
		REQUIRE(ts_hist_add(&h, 7) == TS_OK);
	REQUIRE(h.bucket != NULL);
	/* fake 2^32 - 2 fives without adding them one by one */
	h.bucket[5] = UINT32_MAX - 1;
	h.count = (uint64_t)UINT32_MAX - 1 + TS_HIST_EXACT;
	REQUIRE(ts_hist_add(&h, 5) == TS_OK);
	CHECK(h.bucket[5] == UINT32_MAX);
	CHECK(h.count == (uint64_t)UINT32_MAX + TS_HIST_EXACT);
	REQUIRE(ts_hist_add(&h, 5) == TS_OK); /* full: not counted, not wrapped */
	CHECK(h.bucket[5] == UINT32_MAX);
	CHECK(h.count == (uint64_t)UINT32_MAX + TS_HIST_EXACT);
	CHECK_EQ_INT(ts_hist_quantile(&h, 1.0), 7);
	CHECK_EQ_INT(ts_hist_quantile(&h, 0.999), 5);
	/* merge saturates the same way */
	REQUIRE(ts_hist_add(&g, 5) == TS_OK);
	REQUIRE(ts_hist_add(&g, 6) == TS_OK);
	REQUIRE(ts_hist_merge(&h, &g) == TS_OK);
	CHECK(h.bucket[5] == UINT32_MAX);
	CHECK(h.bucket[6] == 1);
	CHECK(h.count == (uint64_t)UINT32_MAX + TS_HIST_EXACT + 1);
	ts_hist_release(&h);
	ts_hist_release(&g);
}

int main(void)
{
	TS_RUN(test_exact_nearest_rank);
	TS_RUN(test_empty);
	TS_RUN(test_exact_below_128);
	TS_RUN(test_bucket_middle);
	TS_RUN(test_exact_while_small);
	TS_RUN(test_property_relative_error);
	TS_RUN(test_merge_equals_adding_both);
	TS_RUN(test_huge_values);
	TS_RUN(test_memory_follows_largest);
	TS_RUN(test_saturation);
	TS_TEST_MAIN_END();
}
