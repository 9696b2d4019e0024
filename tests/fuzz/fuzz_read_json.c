/*
 * fuzz_read_json.c - fuzz target for the JSON reader.  The first byte
 * picks the chunk size (1..64) and the limits (max_item 256 or 4096,
 * max_depth 3 or 64); the rest is the input.  It is read twice, whole and
 * in chunks, and everything the reader says (messages, diagnostics,
 * status, counts) must be the same; messages must keep the reader's
 * promises (text and conversation never empty, rows counting up, lines
 * never going back, records = emitted + rejected), and the buffers it
 * holds must stay near max_item however long the input.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "traitscan.h"
#include "buf.h"
#include "read_json.h"
#include "reader_fuzz.h"

static int on_msg(void *ud, const ts_message *m)
{
	fz_sink *k = ud;

	if (!m->f[TS_F_TEXT].n || !m->f[TS_F_CONVERSATION].n || m->has_seq ||
	    m->nextra)
		abort();
	fz_msg_begin(k, m);
	return fz_msg_end(k);
}

FZ_READER_OPS(json);

/* Reads data in chunks; returns what the reader said (malloc'd, *len). */
static char *run(const uint8_t *data, size_t size, size_t chunk,
                 const ts_json_options *opt, size_t *len)
{
	ts_json_reader *r = NULL;
	fz_sink k;
	int rc;

	memset(&k, 0, sizeof k);
	ts_buf_init(&k.out, 0);
	k.warnings = 1;
	if (ts_json_reader_new(&r, opt, "fuzz", on_msg, fz_on_diag, &k, NULL) != TS_OK)
		abort();
	k.r = r;
	rc = fz_drive(&fz_json_ops, r, &k, data, size, chunk);
	if (rc != TS_OK && rc != TS_EINPUT)
		abort();
	/* the held item never passes max_item (ts_buf may round up to
	 * twice that), the text scratch is the size of one string of it */
	if (ts_json_reader_buffer_bytes(r) > 8 * opt->max_item + 4096)
		abort();
	ts_json_reader_free(r);
	return ts_buf_detach(&k.out, len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ts_json_options opt;
	char *whole, *chunked;
	size_t chunk, nw = 0, nc = 0;

	if (size < 1)
		return 0;
	memset(&opt, 0, sizeof opt);
	opt.max_item = data[0] & 0x40 ? 256 : 4096;
	opt.max_depth = data[0] & 0x80 ? 3 : 64;
	chunk = (size_t)(data[0] & 0x3f) + 1;
	data++;
	size--;
	whole = run(data, size, size ? size : 1, &opt, &nw);
	chunked = run(data, size, chunk, &opt, &nc);
	fz_same(whole, nw, chunked, nc);
	return 0;
}
