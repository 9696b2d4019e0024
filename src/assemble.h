/*
 * assemble.h - groups the message stream into conversations (internal).
 *
 * Messages are copied into the open conversation with their id.  Open
 * conversations live in an LRU list capped by count (max_open) and held
 * bytes (max_held); a conversation closes when it is evicted or at
 * ts_assembler_flush, and is then handed to the on_close callback.  Input
 * grouped by conversation therefore closes conversations in input order
 * with memory bounded by the cap, and interleaved input is correct as long
 * as a conversation's messages are within the cap of each other.  An id
 * that comes back after its conversation closed is counted and reported
 * at the end (ts_assembler_flush), in input order: every opening is noted
 * (its id hash, place and the id's first bytes) in a spill (spill.h), so
 * memory stays flat however many conversations the input has; past the
 * spill's cap the notes go to an unlinked temporary file.  If that file
 * cannot be made, written or read, a warning says so and the check covers
 * the openings noted until then: a diagnostic is lost, no analysis is.
 *
 * Messages stay in arrival order.  A conversation built from reply links
 * (ts_assembler_add_reply) is marked by_time, and its messages carry
 * their reply depth: the consumer orders it by time when it closes (only
 * then are all its messages there).
 */
#ifndef TS_ASSEMBLE_H
#define TS_ASSEMBLE_H

#include <stdint.h>

#include "buf.h"
#include "traitscan.h"

typedef struct ts_amsg {
	size_t off[TS_F_COUNT]; /* into the conversation's arena */
	size_t len[TS_F_COUNT];
	ts_role role;
	int has_seq;
	unsigned depth;          /* replies below its thread's root */
	unsigned part;           /* ts_message.part */
	unsigned file_index;     /* its input: a thread may span several */
	unsigned long row, line;
} ts_amsg;

typedef struct ts_conv {
	ts_buf arena;            /* every field of every message, NUL-separated */
	ts_amsg *msgs;
	size_t n, cap;
	size_t id_off, id_len;   /* the conversation id, in arena */
	unsigned file_index;     /* which input (order given): its first message's */
	const char *file;        /* its display name (owned by the assembler) */
	uint64_t hash;
	unsigned long seq_no;    /* order of first appearance */
	int by_time;             /* a reply thread: order it by time */
	struct ts_conv *next_in_bucket, *lru_prev, *lru_next;
} ts_conv;

/* Frees a closed conversation (on_close's to free).  Accepts NULL. */
void ts_conv_free(ts_conv *c);

static inline ts_str ts_conv_field(const ts_conv *c, size_t i, ts_field f)
{
	ts_str s = { c->arena.p + c->msgs[i].off[f], c->msgs[i].len[f] };
	return s;
}

static inline ts_str ts_conv_id(const ts_conv *c)
{
	ts_str s = { c->arena.p + c->id_off, c->id_len };
	return s;
}

/* Called with each closed conversation, which is the callee's from then
 * on: it frees c with ts_conv_free, at once or later (on success or
 * not). */
typedef int (*ts_conv_fn)(void *ud, ts_conv *c);

typedef struct ts_assembler ts_assembler;

/* tmpdir: where the notes of openings spill (NULL: $TMPDIR, else /tmp).
 * TS_OK or TS_ENOMEM. */
int ts_assembler_new(ts_assembler **out, size_t max_open, size_t max_held,
                     const char *tmpdir, ts_conv_fn on_close, ts_diag_fn on_diag, void *ud);
/* Starts a new input; name is copied and shown in diagnostics. */
int ts_assembler_begin_file(ts_assembler *a, const char *name);
/* Adds a message to its conversation.  TS_OK, on_close's error (a
 * conversation closed to stay within the caps) or TS_ENOMEM. */
int ts_assembler_add(ts_assembler *a, const ts_message *m);
/* The same for a message of a thread built from reply links (a reply-
 * linked CSV, e-mail): depth is its replies below the thread's root, and
 * its conversation is marked by_time. */
int ts_assembler_add_reply(ts_assembler *a, const ts_message *m, unsigned depth);
/* The display name of input file_index (ts_amsg.file_index): owned by
 * the assembler, "" for an index it has not seen. */
const char *ts_assembler_file(const ts_assembler *a, unsigned file_index);
/* The end of the input: closes every open conversation, oldest activity
 * first, then reports each id that came back after closing (on_diag, in
 * input order) and counts them.  Nothing may be added after it (TS_EUSAGE);
 * calling it again does nothing.  TS_OK, on_close's error or TS_ENOMEM. */
int ts_assembler_flush(ts_assembler *a);
/* Ids that came back after closing: known after ts_assembler_flush. */
unsigned long ts_assembler_splits(const ts_assembler *a);
/* Conversations opened so far: new ids, and ids seen again after closing. */
unsigned long ts_assembler_opened(const ts_assembler *a);
void ts_assembler_free(ts_assembler *a);

#endif
