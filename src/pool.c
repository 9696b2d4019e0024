/*
 * pool.c - ordered job pool on POSIX threads (see pool.h).
 *
 * Jobs sit in a ring of capacity slots.  Three counters walk it: head (the
 * oldest job not taken back), take (the next job to run) and tail (the
 * next free slot); head <= take <= tail <= head + capacity.  One mutex
 * guards them; workers wait on "work" for take < tail, the caller on
 * "done" for the oldest job to finish.
 */
#include "pool.h"

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>

#include "traitscan.h"

enum { QUEUED, RUNNING, DONE };

typedef struct slot {
	void *job;
	int state;
	int rc;
} slot;

struct ts_pool;

typedef struct worker {
	struct ts_pool *pool;
	void *state;
	pthread_t tid;
} worker;

struct ts_pool {
	pthread_mutex_t mu;
	pthread_cond_t work, done;
	slot *ring;
	size_t cap;
	size_t head, take, tail;   /* counters; slot = counter % cap */
	int stop;
	ts_pool_fn fn;
	void *caller_state;
	worker *workers;
	unsigned nworkers;         /* threads started */
};

/* Runs the job at counter k (taken by the calling thread, mutex held on
 * entry and on return). */
static void run_slot(ts_pool *p, size_t k, void *state)
{
	slot *s = &p->ring[k % p->cap];
	int rc;

	s->state = RUNNING;
	pthread_mutex_unlock(&p->mu);
	rc = p->fn(state, s->job);
	pthread_mutex_lock(&p->mu);
	s->rc = rc;
	s->state = DONE;
	pthread_cond_broadcast(&p->done);
}

static void *worker_main(void *arg)
{
	worker *w = arg;
	ts_pool *p = w->pool;

	pthread_mutex_lock(&p->mu);
	for (;;) {
		if (p->take < p->tail) {
			run_slot(p, p->take++, w->state);
			continue;
		}
		if (p->stop)
			break;
		pthread_cond_wait(&p->work, &p->mu);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

int ts_pool_new(ts_pool **out, unsigned nworkers, size_t capacity, void *const *states,
                ts_pool_fn fn)
{
	ts_pool *p = calloc(1, sizeof *p);
	sigset_t all, old;
	int made = 0;

	*out = NULL;
	if (!p)
		return TS_ENOMEM;
	p->cap = capacity ? capacity : 1;
	p->fn = fn;
	p->caller_state = states[0];
	p->ring = calloc(p->cap, sizeof *p->ring);
	p->workers = calloc(nworkers ? nworkers : 1, sizeof *p->workers);
	if (!p->ring || !p->workers || pthread_mutex_init(&p->mu, NULL))
		goto fail;
	made = 1;
	/* (Linux's condition variables hold no resources: one made before
	 * the other failed needs no destroy) */
	if (pthread_cond_init(&p->work, NULL) || pthread_cond_init(&p->done, NULL))
		goto fail;
	/* threads inherit the signal mask: start them with all blocked; a
	 * thread the system will not start leaves fewer workers (the jobs and
	 * their order are the same, only slower) */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	for (unsigned i = 0; i < nworkers; i++) {
		worker *w = &p->workers[i];
		w->pool = p;
		w->state = states[i + 1];
		if (pthread_create(&w->tid, NULL, worker_main, w))
			break;
		p->nworkers++;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	*out = p;
	return TS_OK;
fail:
	if (made)
		pthread_mutex_destroy(&p->mu);
	free(p->ring);
	free(p->workers);
	free(p);
	return TS_ENOMEM;
}

size_t ts_pool_capacity(const ts_pool *p)
{
	return p->cap;
}

size_t ts_pool_pending(const ts_pool *p)
{
	return p->tail - p->head; /* only the caller moves head and tail */
}

void ts_pool_submit(ts_pool *p, void *job)
{
	pthread_mutex_lock(&p->mu);
	if (p->tail - p->head < p->cap) {
		slot *s = &p->ring[p->tail % p->cap];
		s->job = job;
		s->state = QUEUED;
		s->rc = TS_OK;
		p->tail++;
		pthread_cond_signal(&p->work);
	}
	pthread_mutex_unlock(&p->mu);
}

int ts_pool_ready(ts_pool *p)
{
	int ready;

	pthread_mutex_lock(&p->mu);
	ready = p->head < p->tail && p->ring[p->head % p->cap].state == DONE;
	pthread_mutex_unlock(&p->mu);
	return ready;
}

void *ts_pool_next(ts_pool *p, int *rc)
{
	slot *s;
	void *job;

	pthread_mutex_lock(&p->mu);
	if (p->head == p->tail) {
		pthread_mutex_unlock(&p->mu);
		*rc = TS_OK;
		return NULL;
	}
	s = &p->ring[p->head % p->cap];
	while (s->state != DONE) {
		if (p->take < p->tail)
			run_slot(p, p->take++, p->caller_state); /* help, do not wait */
		else
			pthread_cond_wait(&p->done, &p->mu);
	}
	job = s->job;
	*rc = s->rc;
	p->head++;
	pthread_mutex_unlock(&p->mu);
	return job;
}

void ts_pool_free(ts_pool *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->mu);
	p->stop = 1;
	p->take = p->tail; /* queued jobs are dropped, not run */
	pthread_cond_broadcast(&p->work);
	pthread_mutex_unlock(&p->mu);
	for (unsigned i = 0; i < p->nworkers; i++)
		pthread_join(p->workers[i].tid, NULL);
	pthread_cond_destroy(&p->work);
	pthread_cond_destroy(&p->done);
	pthread_mutex_destroy(&p->mu);
	free(p->ring);
	free(p->workers);
	free(p);
}
