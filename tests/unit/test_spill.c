/*
 * test_spill.c - the partitioned record store: every record comes back
 * exactly once, records of one key come back in one partition, in memory
 * (one partition) and spilled (many runs in the temporary file), and a
 * temporary directory that cannot be written is an error, not a crash.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "spill.h"
#include "test.h"

typedef struct rec {
	uint64_t key, id;
} rec;

/* Adds n records (key = id % keys) and reads them back: counts how often
 * each id came back and checks a key never spans two partitions. */
static void round_trip(size_t n, size_t keys, size_t mem_cap, int want_spilled)
{
	ts_spill *s = NULL;
	ts_error err;
	unsigned char *count = calloc(n, 1);
	int *part_of_key = malloc(keys * sizeof *part_of_key);
	void *p;
	size_t got, parts = 0, total = 0, split_keys = 0, dup = 0;
	int rc;

	REQUIRE(count && part_of_key);
	for (size_t k = 0; k < keys; k++)
		part_of_key[k] = -1;
	REQUIRE(ts_spill_new(&s, sizeof(rec), mem_cap, NULL) == TS_OK);
	for (size_t i = 0; i < n; i++) {
		rec r = { i % keys, i };
		REQUIRE(ts_spill_add(s, r.key, &r, &err) == TS_OK);
	}
	CHECK_EQ_INT(ts_spill_count(s), n);
	CHECK_EQ_INT(ts_spill_spilled(s), want_spilled);
	while ((rc = ts_spill_next(s, &p, &got, &err)) == 1) {
		const rec *r = p;
		CHECK(got > 0);
		for (size_t i = 0; i < got; i++) {
			if (r[i].id >= n)
				continue;
			dup += count[r[i].id]++ > 0;
			if (part_of_key[r[i].key] >= 0 && part_of_key[r[i].key] != (int)parts)
				split_keys++;
			part_of_key[r[i].key] = (int)parts;
		}
		total += got;
		parts++;
	}
	CHECK_EQ_INT(rc, 0);
	CHECK_EQ_INT(total, n);
	CHECK_EQ_INT(dup, 0);
	CHECK_EQ_INT(split_keys, 0);
	if (!want_spilled)
		CHECK_EQ_INT(parts, n ? 1 : 0);
	else
		CHECK(parts >= (keys > 1 ? 2 : 1) && parts <= TS_SPILL_PARTS);
	/* after the end it stays at the end */
	CHECK_EQ_INT(ts_spill_next(s, &p, &got, &err), 0);
	ts_spill_free(s);
	free(count);
	free(part_of_key);
}

static void in_memory(void)
{
	round_trip(1000, 37, 0, 0);
}

static void empty(void)
{
	round_trip(0, 1, 0, 0);
}

static void spilled_many_runs(void)
{
	/* 16 records per run: about 600 runs */
	round_trip(10000, 500, 16 * sizeof(rec), 1);
}

static void spilled_one_key(void)
{
	round_trip(5000, 1, 64 * sizeof(rec), 1);
}

static void unwritable_tmpdir(void)
{
	ts_spill *s = NULL;
	ts_error err;
	rec r = { 1, 1 };
	int rc = TS_OK;

	REQUIRE(ts_spill_new(&s, sizeof(rec), sizeof(rec), "/nonexistent/traitscan-test") == TS_OK);
	/* the first record fits; the second needs the file */
	for (int i = 0; i < 3 && rc == TS_OK; i++)
		rc = ts_spill_add(s, r.key, &r, &err);
	CHECK_EQ_INT(rc, TS_EIO);
	CHECK(strstr(err.msg, "cannot create a temporary file in '/nonexistent/traitscan-test'") != NULL);
	ts_spill_free(s);
}

static void add_after_read(void)
{
	ts_spill *s = NULL;
	ts_error err;
	rec r = { 1, 1 };
	void *p;
	size_t n;

	REQUIRE(ts_spill_new(&s, sizeof(rec), 0, NULL) == TS_OK);
	REQUIRE(ts_spill_add(s, r.key, &r, &err) == TS_OK);
	CHECK_EQ_INT(ts_spill_next(s, &p, &n, &err), 1);
	CHECK(ts_spill_add(s, r.key, &r, &err) != TS_OK);
	ts_spill_free(s);
	ts_spill_free(NULL);
}

int main(void)
{
	TS_RUN(in_memory);
	TS_RUN(empty);
	TS_RUN(spilled_many_runs);
	TS_RUN(spilled_one_key);
	TS_RUN(unwritable_tmpdir);
	TS_RUN(add_after_read);
	TS_TEST_MAIN_END();
}
