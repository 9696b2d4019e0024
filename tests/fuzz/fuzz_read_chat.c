/*
 * fuzz_read_chat.c - fuzz target for the chat log reader.  The first byte
 * picks the chunk size (1..64) and the options: a --line-format, an
 * --agents list and an --agent-pattern; the rest is the input, read with
 * a small --max-field (64).  The input is read twice, whole and in chunks,
 * and everything the reader says (messages, diagnostics, status, counts)
 * must be the same; messages must keep the reader's promises (text,
 * conversation never empty, no seq, no turn emitted when the input
 * is said to have none, rows counting up, lines never going
 * back, records = emitted + rejected, memory a few times --max-field);
 * ts_chat_sniff must not crash on the same bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "traitscan.h"
#include "buf.h"
#include "read_chat.h"
#include "reader_fuzz.h"

#define MAX_LINE 64

static int on_msg(void *ud, const ts_message *m)
{
	fz_sink *k = ud;

	if (!m->f[TS_F_TEXT].n || !m->f[TS_F_CONVERSATION].n || m->has_seq ||
	    m->f[TS_F_SEQ].n || m->f[TS_F_TEXT].n > MAX_LINE)
		abort();
	fz_msg_begin(k, m);
	k->turns += m->role != TS_ROLE_SYSTEM || m->f[TS_F_AUTHOR].n;
	return fz_msg_end(k);
}

FZ_READER_OPS(chat);

/* Reads data in chunks; returns what the reader said (malloc'd, *len). */
static char *run(const uint8_t *data, size_t size, size_t chunk,
                 const ts_chat_options *opt, size_t *len)
{
	ts_chat_reader *r = NULL;
	fz_sink k;
	int rc;

	memset(&k, 0, sizeof k);
	ts_buf_init(&k.out, 0);
	k.lined = 1;
	if (ts_chat_reader_new(&r, opt, "fuzz", on_msg, fz_on_diag, &k, NULL) != TS_OK)
		abort();
	k.r = r;
	rc = fz_drive(&fz_chat_ops, r, &k, data, size, chunk);
	/* no turn: no turn emitted (system lines held before the first
	 * turn come out only when they pass --max-field or a line is
	 * rejected) */
	if (rc == TS_EINPUT && k.turns)
		abort();
	/* the line, the turn, its speaker and time, the customer, the held
	 * system lines: each at most --max-field, in 64-byte minimum blocks */
	if (ts_chat_reader_buffer_bytes(r) > 7 * 2 * (MAX_LINE + 1) + 1024)
		abort();
	ts_chat_reader_free(r);
	return ts_buf_detach(&k.out, len);
}

static const char *const agents[] = { "Agent Mike", " ana " };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ts_chat_options opt;
	char *whole, *chunked;
	size_t chunk, nw = 0, nc = 0;

	if (size < 1)
		return 0;
	memset(&opt, 0, sizeof opt);
	opt.max_line = MAX_LINE;
	if (data[0] & 0x40)
		opt.line_format = "^(?:(?<time>[0-9:]+) )?<(?<speaker>[^>]*)>(?<text>.*)";
	if (data[0] & 0x80) {
		opt.agents = agents;
		opt.nagents = 2;
		opt.agent_pattern = "(?i)^rep[- ]?\\d+$";
		opt.others_are_customers = 1;
	}
	chunk = (size_t)(data[0] & 0x3f) + 1;
	data++;
	size--;
	(void)ts_chat_sniff(data, size);
	whole = run(data, size, size ? size : 1, &opt, &nw);
	chunked = run(data, size, chunk, &opt, &nc);
	fz_same(whole, nw, chunked, nc);
	return 0;
}
