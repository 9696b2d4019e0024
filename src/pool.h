/*
 * pool.h - worker threads that run jobs and give them back in the order
 * they were submitted (internal).
 *
 * The caller submits up to ts_pool_capacity() jobs and takes them back,
 * oldest first, with ts_pool_next; the workers run them meanwhile, each
 * with its own state (a worker's analyser, say).  When the oldest job is
 * not done yet, the caller runs queued jobs itself with its own state
 * instead of waiting idle: with no worker threads at all, ts_pool_next runs
 * every job in the calling thread, in order.  The pool shares nothing
 * with the jobs but the job pointer; what a job reads and writes is the
 * caller's contract.  Workers start with every signal blocked: signals
 * stay the business of the thread that made the pool.
 */
#ifndef TS_POOL_H
#define TS_POOL_H

#include <stddef.h>

/* Runs job with a thread's state; its status comes back with the job. */
typedef int (*ts_pool_fn)(void *state, void *job);

typedef struct ts_pool ts_pool;

/* A pool of nworkers threads (0: none) with room for capacity jobs;
 * states[0] is the caller's, states[1..nworkers] the workers'.  TS_OK or
 * TS_ENOMEM; threads the system will not start are done without (the
 * caller then runs more of the jobs). */
int ts_pool_new(ts_pool **out, unsigned nworkers, size_t capacity, void *const *states,
                ts_pool_fn fn);
size_t ts_pool_capacity(const ts_pool *p);
/* Jobs submitted and not yet taken back. */
size_t ts_pool_pending(const ts_pool *p);
/* Queues job; the pool must have room (pending < capacity). */
void ts_pool_submit(ts_pool *p, void *job);
/* The oldest job once it has run, NULL when none is pending; *rc is its
 * status.  Blocks until it has run (running queued jobs meanwhile). */
void *ts_pool_next(ts_pool *p, int *rc);
/* Is the oldest job done (so that ts_pool_next would not wait)? */
int ts_pool_ready(ts_pool *p);
/* Stops the workers (after the jobs they are running) and frees the pool;
 * jobs not taken back are dropped.  Accepts NULL. */
void ts_pool_free(ts_pool *p);

#endif
