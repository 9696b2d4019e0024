/*
 * fuzz_read_csv.c - fuzz target for the CSV reader.  The first byte picks
 * the chunk size (1..64), the delimiter and a --map override; the rest is
 * the input, read with a small --max-field (64) and --max-columns (16).
 * Two extra columns ("label", "empathy": calibration's label cells) are
 * always asked for.  The input is read twice, whole and in chunks, and
 * everything the reader says (messages, diagnostics, status, counts) must
 * be the same; messages must keep the reader's promises (text and
 * conversation never empty, or when threaded by reply links the message
 * id never empty, rows counting up, lines never going back, records =
 * emitted + rejected).  Bits 0x80 and 0x01 together also turn on --thread-by reply.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "traitscan.h"
#include "buf.h"
#include "read_csv.h"

struct sink {
	ts_csv_reader *r;
	ts_buf out;
	unsigned long emitted, rejects, last_row, last_line;
};

static int on_msg(void *ud, const ts_message *m)
{
	struct sink *k = ud;

	int threaded = ts_csv_reader_threaded(k->r);

	if (threaded < 0 || !m->f[TS_F_TEXT].n ||
	    (threaded ? !m->f[TS_F_MESSAGE_ID].n || m->f[TS_F_MESSAGE_ID].n > 256 ||
	                m->f[TS_F_REPLY_TO].n > 256
	              : !m->f[TS_F_CONVERSATION].n) ||
	    m->row <= k->last_row || m->line < k->last_line || m->line == 0 ||
	    m->has_seq != (m->f[TS_F_SEQ].n > 0) || (unsigned)m->role >= TS_ROLE_COUNT)
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
	if (m->nextra != 2)
		abort();
	for (size_t x = 0; x < m->nextra; x++) {
		ts_buf_addf(&k->out, " x%zu:%d:", m->extra[x].n, m->extra[x].p != NULL);
		if (m->extra[x].p)
			ts_buf_add(&k->out, m->extra[x].p, m->extra[x].n);
	}
	ts_buf_addc(&k->out, '\n');
	k->emitted++;
	return 0;
}

static int on_diag(void *ud, const ts_error *e)
{
	struct sink *k = ud;

	if (e->code != 0 && e->code != TS_EINPUT)
		abort();
	ts_buf_addf(&k->out, "D %d %lu %s\n", e->code, e->line, e->msg);
	k->rejects += e->code != 0;
	return 0;
}

/* Reads data in chunks; returns what the reader said (malloc'd, *len). */
static char *run(const uint8_t *data, size_t size, size_t chunk,
                 const ts_csv_options *opt, size_t *len)
{
	ts_csv_reader *r = NULL;
	struct sink k;
	ts_error err;
	unsigned long records, rejected;
	size_t i = 0;
	int rc;

	memset(&k, 0, sizeof k);
	ts_buf_init(&k.out, 0);
	if (ts_csv_reader_new(&r, opt, "fuzz", on_msg, on_diag, &k, &err) != TS_OK)
		abort();
	k.r = r;
	rc = TS_OK;
	while (rc == TS_OK && i < size) {
		size_t c = size - i < chunk ? size - i : chunk;
		rc = ts_csv_reader_feed(r, data + i, c, &err);
		i += c;
	}
	if (rc == TS_OK)
		rc = ts_csv_reader_finish(r, &err);
	else if (ts_csv_reader_finish(r, NULL) != rc)
		abort();
	ts_csv_reader_counts(r, &records, &rejected);
	if (records != k.emitted + k.rejects || rejected != k.rejects)
		abort();
	/* long fields never cost much more than --max-field: libcsv's
	 * 4 kB growth step, the record's mapped fields, a header name */
	if (ts_csv_reader_buffer_bytes(r) > 8192)
		abort();
	ts_buf_addf(&k.out, "= %d %lu %lu", rc, records, rejected);
	if (rc)
		ts_buf_addf(&k.out, " %lu %s", err.line, err.msg);
	ts_csv_reader_free(r);
	return ts_buf_detach(&k.out, len);
}

static const char *const extra[] = { "label", "empathy" };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ts_csv_options opt;
	char *whole, *chunked;
	size_t chunk, nw = 0, nc = 0;

	if (size < 1)
		return 0;
	memset(&opt, 0, sizeof opt);
	opt.max_field = 64;
	opt.max_columns = 16;
	opt.extra_columns = extra;
	opt.nextra = 2;
	opt.delimiter = data[0] & 0x40 ? ';' : ',';
	if (data[0] & 0x80) {
		opt.map_column[TS_F_CONVERSATION] = "id";
		if (data[0] & 1)
			opt.thread_by = TS_THREAD_REPLY;
	}
	chunk = (size_t)(data[0] & 0x3f) + 1;
	data++;
	size--;
	whole = run(data, size, size ? size : 1, &opt, &nw);
	chunked = run(data, size, chunk, &opt, &nc);
	if (!whole || !chunked || nw != nc || memcmp(whole, chunked, nw) != 0)
		abort();
	free(whole);
	free(chunked);
	return 0;
}
