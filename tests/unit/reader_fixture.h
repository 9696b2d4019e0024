/*
 * reader_fixture.h - what the streaming-reader tests (test_read_csv.c,
 * test_read_chat.c, test_read_json.c, test_read_email.c) share: a sink
 * that writes everything a reader says as text (messages, "R" rejects,
 * "W" warnings, then "= rc=... records=... rejected=..."), a driver that
 * feeds an input in chunks of a given size and checks that a stop is
 * sticky and the counts add up, and the loop that checks every chunk
 * size gives the same text as the whole input.
 *
 * Not here: how each test writes a message (which fields, what it checks
 * of them) and which chunk sizes a big input tries.
 */
#ifndef TS_READER_FIXTURE_H
#define TS_READER_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "test.h"
#include "traitscan.h"

/* ud of the reader's callbacks; zero it, then ts_buf_init(&out, 0). */
typedef struct rf_sink {
	ts_buf out;
	unsigned long stop_after_msg;  /* 0: never stop */
	int stop_on_reject;
	int warnings;                  /* warnings (code 0) are expected */
	unsigned long emitted, rejects, last_row;
} rf_sink;

/* Appends p[0, n) with CR, LF and NUL written as \r, \n and \0. */
static inline void rf_add_escaped(ts_buf *b, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '\n')
			ts_buf_adds(b, "\\n");
		else if (p[i] == '\r')
			ts_buf_adds(b, "\\r");
		else if (p[i] == '\0')
			ts_buf_adds(b, "\\0");
		else
			ts_buf_addc(b, p[i]);
	}
}

/* A message's " name=[value]" (nothing for an empty value). */
static inline void rf_add_field(rf_sink *k, const char *name, ts_str v)
{
	if (!v.n)
		return;
	ts_buf_addf(&k->out, " %s=[", name);
	rf_add_escaped(&k->out, v.p, v.n);
	ts_buf_addc(&k->out, ']');
}

/* A message's line starts "row@line role" ... */
static inline void rf_msg_begin(rf_sink *k, const ts_message *m)
{
	ts_buf_addf(&k->out, "%lu@%lu %s", m->row, m->line, ts_role_name(m->role));
}

/* ... and ends here; returns what on_message returns (stop after
 * stop_after_msg messages). */
static inline int rf_msg_end(rf_sink *k)
{
	ts_buf_addc(&k->out, '\n');
	k->emitted++;
	return k->stop_after_msg && k->emitted >= k->stop_after_msg;
}

/* on_diag: "R file:line: msg" for a reject, "W ..." for a warning. */
static inline int rf_on_diag(void *ud, const ts_error *e)
{
	rf_sink *k = ud;

	CHECK(e->code == TS_EINPUT || (k->warnings && e->code == 0));
	ts_buf_addf(&k->out, "%s %s:%lu: %s\n", e->code ? "R" : "W", e->file,
	            e->line, e->msg);
	if (e->code)
		k->rejects++;
	return e->code && k->stop_on_reject;
}

/* A reader's feed, finish and counts, behind void pointers. */
typedef struct rf_ops {
	int (*feed)(void *r, const char *p, size_t n, ts_error *err);
	int (*finish)(void *r, ts_error *err);
	void (*counts)(const void *r, unsigned long *records,
	               unsigned long *rejected);
} rf_ops;

/* Defines rf_T_ops for ts_T_reader (T: csv, chat, json, email). */
#define RF_READER_OPS(T) \
	static int rf_##T##_feed(void *r, const char *p, size_t n, ts_error *err) \
	{ \
		return ts_##T##_reader_feed(r, p, n, err); \
	} \
	static int rf_##T##_finish(void *r, ts_error *err) \
	{ \
		return ts_##T##_reader_finish(r, err); \
	} \
	static void rf_##T##_counts(const void *r, unsigned long *records, \
	                            unsigned long *rejected) \
	{ \
		ts_##T##_reader_counts(r, records, rejected); \
	} \
	static const rf_ops rf_##T##_ops = {rf_##T##_feed, rf_##T##_finish, \
	                                    rf_##T##_counts}

/* Feeds in[0, n) to r in chunks of `chunk` bytes (0: uneven sizes 1..17)
 * and finishes; checks that a stopped reader stays stopped with the same
 * error and that the counts match what k saw, and appends the final line
 * to k->out.  Returns the reader's status. */
static inline int rf_drive(const rf_ops *ops, void *r, rf_sink *k,
                           const char *in, size_t n, size_t chunk)
{
	ts_error err;
	unsigned long records = 0, rejected = 0;
	size_t i = 0, step = 0;
	int rc;

	rc = ops->feed(r, "", 0, &err); /* empty feeds change nothing */
	while (rc == TS_OK && i < n) {
		size_t c = chunk ? chunk : 1 + (step++ * 7) % 17;
		if (c > n - i)
			c = n - i;
		rc = ops->feed(r, in + i, c, &err);
		i += c;
	}
	if (rc == TS_OK) {
		rc = ops->finish(r, &err);
		CHECK_EQ_INT(ops->finish(r, NULL), rc);
	} else {
		/* a stopped reader stays stopped, with the same error */
		ts_error again;
		CHECK_EQ_INT(ops->finish(r, &again), rc);
		CHECK_EQ_STR(again.msg, err.msg);
	}
	ops->counts(r, &records, &rejected);
	CHECK_EQ_INT(records, k->emitted + k->rejects);
	CHECK_EQ_INT(rejected, k->rejects);
	ts_buf_addf(&k->out, "= rc=%d records=%lu rejected=%lu", rc, records, rejected);
	if (rc)
		ts_buf_addf(&k->out, " err=%s:%lu: %s", err.file, err.line, err.msg);
	return rc;
}

/* Reads in[0, n) in chunks of `chunk` bytes and returns the text (malloc'd),
 * NULL when the reader cannot be made. */
typedef char *(*rf_run_fn)(const char *in, size_t n, size_t chunk,
                           const void *how);

/* Whole input equals expected; every chunking equals the whole input.
 * Chunk sizes are 0 (uneven), 1, ... as next(c, n) gives them, up to n. */
static inline void rf_check_chunks(rf_run_fn run, const void *how,
                                   const char *in, size_t n,
                                   size_t (*next)(size_t c, size_t n),
                                   const char *expected)
{
	char *whole = run(in, n, n ? n : 1, how);

	REQUIRE(whole != NULL);
	CHECK_EQ_STR(whole, expected);
	for (size_t c = 0; c <= n; c = next(c, n)) {
		char *s = run(in, n, c, how);
		if (!s || strcmp(s, whole) != 0) {
			printf("  chunk size %zu (0 = uneven) differs:\n%s\n  whole:\n%s\n",
			       c, s ? s : "(null)", whole);
			ts_test_failed_now = 1;
			free(s);
			break;
		}
		free(s);
	}
	free(whole);
}

#endif
