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

struct sink {
	ts_buf out;
	unsigned long emitted, rejects, last_row, last_line;
};

static int on_msg(void *ud, const ts_message *m)
{
	struct sink *k = ud;

	if (!m->f[TS_F_TEXT].n || !m->f[TS_F_CONVERSATION].n ||
	    m->row <= k->last_row || m->line < k->last_line || m->line == 0 ||
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
	ts_buf_addc(&k->out, '\n');
	k->emitted++;
	return 0;
}

static int on_diag(void *ud, const ts_error *e)
{
	struct sink *k = ud;

	if (e->code != TS_EINPUT)
		abort();
	ts_buf_addf(&k->out, "D %d %lu %s\n", e->code, e->line, e->msg);
	k->rejects++;
	return 0;
}

static char *run(const uint8_t *data, size_t size, size_t chunk,
                 const ts_email_options *opt, size_t *len)
{
	ts_email_reader *r = NULL;
	struct sink k;
	ts_error err;
	unsigned long records, rejected;
	size_t i = 0;
	int rc;

	memset(&k, 0, sizeof k);
	ts_buf_init(&k.out, 0);
	if (ts_email_reader_new(&r, opt, "fuzz", on_msg, on_diag, &k, &err) != TS_OK)
		abort();
	rc = TS_OK;
	while (rc == TS_OK && i < size) {
		size_t c = size - i < chunk ? size - i : chunk;
		rc = ts_email_reader_feed(r, data + i, c, &err);
		i += c;
	}
	if (rc == TS_OK)
		rc = ts_email_reader_finish(r, &err);
	else if (ts_email_reader_finish(r, NULL) != rc)
		abort();
	ts_email_reader_counts(r, &records, &rejected);
	if (records != k.emitted + k.rejects || rejected != k.rejects)
		abort();
	ts_buf_addf(&k.out, "= %d %lu %lu", rc, records, rejected);
	if (rc)
		ts_buf_addf(&k.out, " %lu %s", err.line, err.msg);
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
	if (!whole || !chunked || nw != nc || memcmp(whole, chunked, nw) != 0)
		abort();
	free(whole);
	free(chunked);
	return 0;
}
