/*
 * reader_fuzz.h - what the reader fuzz targets (fuzz_read_csv.c,
 * fuzz_read_chat.c, fuzz_read_json.c, fuzz_read_email.c) share: a sink
 * that writes everything a reader says as text ("M" messages, "D"
 * diagnostics, then "= rc records rejected"), the promises every reader
 * keeps for each message, a driver that feeds an input in chunks and
 * checks that a stop is sticky and the counts add up, and the comparison
 * of the whole and the chunked reading.  A broken promise aborts.
 *
 * Not here: each reader's own promises (which fields are never empty,
 * how much memory it may hold) and how the first byte picks options.
 */
#ifndef TS_READER_FUZZ_H
#define TS_READER_FUZZ_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "traitscan.h"

/* ud of the reader's callbacks; zero it, then ts_buf_init(&out, 0). */
typedef struct fz_sink {
	ts_buf out;
	int warnings;                  /* diagnostics may be warnings (code 0) */
	int lined;                     /* diagnostics always have a line */
	void *r;                       /* the reader, for on_msg's own checks */
	unsigned long emitted, rejects, last_row, last_line, turns;
} fz_sink;

/* Checks what every reader promises of a message (rows counting up,
 * lines never going back, no NULL field) and writes "M row line role"
 * and each field as " len:bytes"; the target may add more, then calls
 * fz_msg_end. */
static inline void fz_msg_begin(fz_sink *k, const ts_message *m)
{
	if (m->row <= k->last_row || m->line < k->last_line || m->line == 0 ||
	    (unsigned)m->role >= TS_ROLE_COUNT)
		abort();
	k->last_row = m->row;
	k->last_line = m->line;
	ts_buf_addf(&k->out, "M %lu %lu %d", m->row, m->line, (int)m->role);
	for (int f = 0; f < TS_F_COUNT; f++) {
		if (!m->f[f].p)
			abort();
		ts_buf_addf(&k->out, " %zu:", m->f[f].n);
		ts_buf_add(&k->out, m->f[f].p, m->f[f].n);
	}
}

/* Ends the message's line; returns 0 (on_message never stops). */
static inline int fz_msg_end(fz_sink *k)
{
	ts_buf_addc(&k->out, '\n');
	k->emitted++;
	return 0;
}

/* on_diag: "D code line msg"; never stops. */
static inline int fz_on_diag(void *ud, const ts_error *e)
{
	fz_sink *k = ud;

	if ((e->code != TS_EINPUT && (!k->warnings || e->code != 0)) ||
	    (k->lined && e->line == 0))
		abort();
	ts_buf_addf(&k->out, "D %d %lu %s\n", e->code, e->line, e->msg);
	k->rejects += e->code != 0;
	return 0;
}

/* A reader's feed, finish and counts, behind void pointers. */
typedef struct fz_ops {
	int (*feed)(void *r, const void *p, size_t n, ts_error *err);
	int (*finish)(void *r, ts_error *err);
	void (*counts)(const void *r, unsigned long *records,
	               unsigned long *rejected);
} fz_ops;

/* Defines fz_T_ops for ts_T_reader (T: csv, chat, json, email). */
#define FZ_READER_OPS(T) \
	static int fz_##T##_feed(void *r, const void *p, size_t n, ts_error *err) \
	{ \
		return ts_##T##_reader_feed(r, p, n, err); \
	} \
	static int fz_##T##_finish(void *r, ts_error *err) \
	{ \
		return ts_##T##_reader_finish(r, err); \
	} \
	static void fz_##T##_counts(const void *r, unsigned long *records, \
	                            unsigned long *rejected) \
	{ \
		ts_##T##_reader_counts(r, records, rejected); \
	} \
	static const fz_ops fz_##T##_ops = {fz_##T##_feed, fz_##T##_finish, \
	                                    fz_##T##_counts}

/* Feeds data[0, size) to r in chunks of `chunk` bytes and finishes; a
 * stopped reader must stay stopped and the counts must match what k saw.
 * Appends "= rc records rejected [line msg]" to k->out; returns rc. */
static inline int fz_drive(const fz_ops *ops, void *r, fz_sink *k,
                           const uint8_t *data, size_t size, size_t chunk)
{
	ts_error err;
	unsigned long records, rejected;
	size_t i = 0;
	int rc = TS_OK;

	while (rc == TS_OK && i < size) {
		size_t c = size - i < chunk ? size - i : chunk;
		rc = ops->feed(r, data + i, c, &err);
		i += c;
	}
	if (rc == TS_OK)
		rc = ops->finish(r, &err);
	else if (ops->finish(r, NULL) != rc)
		abort();
	ops->counts(r, &records, &rejected);
	if (records != k->emitted + k->rejects || rejected != k->rejects)
		abort();
	ts_buf_addf(&k->out, "= %d %lu %lu", rc, records, rejected);
	if (rc)
		ts_buf_addf(&k->out, " %lu %s", err.line, err.msg);
	return rc;
}

/* The whole and the chunked reading said the same; frees both. */
static inline void fz_same(char *whole, size_t nw, char *chunked, size_t nc)
{
	if (!whole || !chunked || nw != nc || memcmp(whole, chunked, nw) != 0)
		abort();
	free(whole);
	free(chunked);
}

#endif
