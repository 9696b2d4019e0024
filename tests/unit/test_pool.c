/*
 * test_pool.c - the ordered job pool: jobs come back in the order they
 * were submitted whatever thread ran them and however long each took,
 * each runs once, statuses come back with their jobs, the caller runs
 * jobs itself with no workers (and helps with them), and a pool freed
 * with jobs queued drops them.
 */
#include <stdlib.h>

#include "pool.h"
#include "test.h"
#include "traitscan.h"

typedef struct job {
	unsigned id;
	unsigned spin;         /* work to do: makes the running time vary */
	int runs;              /* times it ran */
	int ran_by;            /* the state (thread) that ran it */
	unsigned long result;
} job;

static int run_job(void *state, void *arg)
{
	job *j = arg;
	unsigned long x = j->id;

	for (unsigned k = 0; k < j->spin; k++)
		x = x * 6364136223846793005UL + 1442695040888963407UL;
	j->result = x;
	j->runs++;
	j->ran_by = *(int *)state;
	return j->id % 7 == 3 ? TS_EINPUT : TS_OK;
}

/* Submits n jobs through a pool of nworkers, taking them back as room is
 * needed; checks order, single runs and statuses.  Returns how many ran
 * in the caller. */
static int check_order(unsigned nworkers, size_t capacity, unsigned n)
{
	int ids[9] = { 0, 1, 2, 3, 4, 5, 6, 7, 8 };
	void *states[9];
	job *jobs = calloc(n, sizeof *jobs);
	ts_pool *p = NULL;
	unsigned next = 0, back = 0;
	int in_caller = 0;

	for (int i = 0; i < 9; i++)
		states[i] = &ids[i];
	if (!jobs || ts_pool_new(&p, nworkers, capacity, states, run_job) != TS_OK) {
		CHECK(!"pool made");
		free(jobs);
		return -1;
	}
	CHECK_EQ_INT(ts_pool_capacity(p), capacity);
	while (back < n) {
		if (next < n && ts_pool_pending(p) < capacity) {
			jobs[next].id = next;
			/* a slow job now and then, so that later ones finish first */
			jobs[next].spin = next % 5 == 0 ? 200000 : (next * 37) % 1000;
			ts_pool_submit(p, &jobs[next++]);
			continue;
		}
		int rc;
		job *j = ts_pool_next(p, &rc);
		if (!j) {
			CHECK(!"a job back");
			break;
		}
		CHECK_EQ_INT(j->id, back);
		CHECK_EQ_INT(j->runs, 1);
		CHECK_EQ_INT(rc, j->id % 7 == 3 ? TS_EINPUT : TS_OK);
		in_caller += j->ran_by == 0;
		back++;
	}
	{
		int rc = -99;
		CHECK(ts_pool_next(p, &rc) == NULL);
		CHECK_EQ_INT(rc, TS_OK);
		CHECK_EQ_INT(ts_pool_pending(p), 0);
	}
	ts_pool_free(p);
	free(jobs);
	return in_caller;
}

static void test_no_workers_runs_in_caller(void)
{
	CHECK_EQ_INT(check_order(0, 4, 50), 50);
	CHECK_EQ_INT(check_order(0, 1, 10), 10);
}

static void test_order_with_workers(void)
{
	CHECK(check_order(1, 4, 300) >= 0);
	CHECK(check_order(3, 8, 500) >= 0);
	CHECK(check_order(8, 2, 200) >= 0);
}

/* The caller waiting on a slow oldest job runs the queued ones itself. */
static void test_caller_helps(void)
{
	int ids[2] = { 0, 1 };
	void *states[2] = { &ids[0], &ids[1] };
	job jobs[6] = { { 0, 0, 0, 0, 0 } };
	ts_pool *p = NULL;
	int rc, by_caller = 0;

	REQUIRE(ts_pool_new(&p, 1, 6, states, run_job) == TS_OK);
	for (unsigned i = 0; i < 6; i++) {
		jobs[i].id = i;
		jobs[i].spin = i == 0 ? 20000000u : 10;
		ts_pool_submit(p, &jobs[i]);
	}
	for (unsigned i = 0; i < 6; i++) {
		job *j = ts_pool_next(p, &rc);
		REQUIRE(j == &jobs[i]);
		by_caller += j->ran_by == 0;
	}
	/* the worker took the slow first job (or the caller did, and then
	 * the worker the rest): either way both ran some, each job once */
	for (unsigned i = 0; i < 6; i++)
		CHECK_EQ_INT(jobs[i].runs, 1);
	CHECK(by_caller >= 1);
	ts_pool_free(p);
}

static void test_free_drops_queued(void)
{
	int ids[1] = { 0 };
	void *states[1] = { &ids[0] };
	job jobs[3] = { { 0, 0, 0, 0, 0 } };
	ts_pool *p = NULL;

	REQUIRE(ts_pool_new(&p, 0, 3, states, run_job) == TS_OK);
	for (unsigned i = 0; i < 3; i++)
		ts_pool_submit(p, &jobs[i]);
	CHECK_EQ_INT(ts_pool_pending(p), 3);
	CHECK(!ts_pool_ready(p)); /* no worker: nothing has run */
	ts_pool_free(p);
	for (unsigned i = 0; i < 3; i++)
		CHECK_EQ_INT(jobs[i].runs, 0);
	ts_pool_free(NULL);
}

int main(void)
{
	TS_RUN(test_no_workers_runs_in_caller);
	TS_RUN(test_order_with_workers);
	TS_RUN(test_caller_helps);
	TS_RUN(test_free_drops_queued);
	TS_TEST_MAIN_END();
}
