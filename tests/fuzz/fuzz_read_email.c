/*
 * fuzz_read_email.c - fuzz target for the e-mail reader.  The first byte
 * picks the chunk size (1..64), a small max message size (bit 6: 512
 * bytes) and a small MIME depth limit (bit 7: 4); the rest is the input.
 * It is read twice, whole and in chunks, and everything the reader says
 * (messages, diagnostics, status, counts) must be the same; messages must
 * keep the reader's promises (text and conversation never empty, rows
 * counting up, lines never going back, records = emitted + rejected).
 * ts_email_sniff is called on the input too (it must not crash).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "traitscan.h"
#include "buf.h"
#include "read_email.h"
#include "reader_fuzz.h"

static int on_msg(void *ud, const ts_message *m)
{
	fz_sink *k = ud;

	if (!m->f[TS_F_TEXT].n || !m->f[TS_F_CONVERSATION].n)
		abort();
	fz_msg_begin(k, m);
	return fz_msg_end(k);
}

FZ_READER_OPS(email);

/* Reads data in chunks; returns what the reader said (malloc'd, *len). */
static char *run(const uint8_t *data, size_t size, size_t chunk,
                 const ts_email_options *opt, size_t *len)
{
	ts_email_reader *r = NULL;
	fz_sink k;

	memset(&k, 0, sizeof k);
	ts_buf_init(&k.out, 0);
	if (ts_email_reader_new(&r, opt, "fuzz", on_msg, fz_on_diag, &k, NULL) != TS_OK)
		abort();
	k.r = r;
	(void)fz_drive(&fz_email_ops, r, &k, data, size, chunk);
	ts_email_reader_free(r);
	return ts_buf_detach(&k.out, len);
}

static const char *const domains[] = {"example.com"};
static const char *const agents[] = {"Sam Agent"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ts_email_options opt;
	char *whole, *chunked;
	size_t chunk, nw = 0, nc = 0;

	if (size < 1)
		return 0;
	memset(&opt, 0, sizeof opt);
	opt.agent_domains = domains;
	opt.nagent_domains = 1;
	opt.agents = agents;
	opt.nagents = 1;
	opt.max_message = data[0] & 0x40 ? 512 : 0;
	opt.max_mime_depth = data[0] & 0x80 ? 4 : 0;
	chunk = (size_t)(data[0] & 0x3f) + 1;
	data++;
	size--;
	(void)ts_email_sniff(data, size);
	whole = run(data, size, size ? size : 1, &opt, &nw);
	chunked = run(data, size, chunk, &opt, &nc);
	fz_same(whole, nw, chunked, nc);
	return 0;
}
