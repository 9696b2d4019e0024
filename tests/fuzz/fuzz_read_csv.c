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
#include "reader_fuzz.h"

static int on_msg(void *ud, const ts_message *m)
{
	fz_sink *k = ud;
	int threaded = ts_csv_reader_threaded(k->r);

	if (threaded < 0 || !m->f[TS_F_TEXT].n ||
	    (threaded ? !m->f[TS_F_MESSAGE_ID].n || m->f[TS_F_MESSAGE_ID].n > 256 ||
	                m->f[TS_F_REPLY_TO].n > 256
	              : !m->f[TS_F_CONVERSATION].n) ||
	    m->has_seq != (m->f[TS_F_SEQ].n > 0))
		abort();
	fz_msg_begin(k, m);
	if (m->nextra != 2)
		abort();
	for (size_t x = 0; x < m->nextra; x++) {
		ts_buf_addf(&k->out, " x%zu:%d:", m->extra[x].n, m->extra[x].p != NULL);
		if (m->extra[x].p)
			ts_buf_add(&k->out, m->extra[x].p, m->extra[x].n);
	}
	return fz_msg_end(k);
}

FZ_READER_OPS(csv);

/* Reads data in chunks; returns what the reader said (malloc'd, *len). */
static char *run(const uint8_t *data, size_t size, size_t chunk,
                 const ts_csv_options *opt, size_t *len)
{
	ts_csv_reader *r = NULL;
	fz_sink k;

	memset(&k, 0, sizeof k);
	ts_buf_init(&k.out, 0);
	k.warnings = 1;
	if (ts_csv_reader_new(&r, opt, "fuzz", on_msg, fz_on_diag, &k, NULL) != TS_OK)
		abort();
	k.r = r;
	(void)fz_drive(&fz_csv_ops, r, &k, data, size, chunk);
	/* long fields never cost much more than --max-field: libcsv's
	 * 4 kB growth step, the record's mapped fields, a header name */
	if (ts_csv_reader_buffer_bytes(r) > 8192)
		abort();
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
	fz_same(whole, nw, chunked, nc);
	return 0;
}
