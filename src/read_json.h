/*
 * read_json.h - the JSON reader: help-desk exports as JSON Lines or as a
 * JSON array of tickets (bare or wrapped in {"tickets": [...]}) become the
 * same ts_message stream as the CSV reader's, through the same callbacks.
 * Internal for now: the lead moves the API into traitscan.h when the
 * source and the CLI learn about JSON.
 */
#ifndef TS_READ_JSON_H
#define TS_READ_JSON_H

#include <stddef.h>

#include "traitscan.h"

typedef struct ts_json_options {
	size_t max_item;   /* bytes of one ticket object / JSON Lines line
	                    * (0: TS_DEFAULT_MAX_MESSAGE); a bigger one is
	                    * rejected with its line, without holding it */
	size_t max_depth;  /* nesting limit of one item (0: TS_DEFAULT_MAX_DEPTH;
	                    * at most TS_MAX_DEPTH_LIMIT); deeper is rejected,
	                    * never recursed into */
} ts_json_options;

typedef struct ts_json_reader ts_json_reader;

/* name is the display name used in diagnostics (copied).  Messages go to
 * on_message, rejected items and warnings to on_diag.  TS_OK or
 * TS_ENOMEM. */
int ts_json_reader_new(ts_json_reader **out, const ts_json_options *opt,
                       const char *name, ts_message_fn on_message,
                       ts_diag_fn on_diag, void *ud, ts_error *err);
/* Feeds the next chunk (any size, boundaries anywhere).  Returns TS_OK,
 * TS_EINPUT when the structure of an array or a multi-line document is
 * broken (nothing after that point can be read: err says where and why),
 * TS_ESTOP if a callback stopped the reader, TS_ENOMEM.  Once it has
 * failed every later call returns the same error. */
int ts_json_reader_feed(ts_json_reader *r, const void *buf, size_t n,
                        ts_error *err);
/* Ends the input: an item cut off by the end is rejected; an array or
 * wrapper object left open with no item cut off, or an input with no
 * JSON value at all, is TS_EINPUT. */
int ts_json_reader_finish(ts_json_reader *r, ts_error *err);
/* Records seen (messages emitted + rejected; a rejected item that could
 * not be split into messages counts once), and of those rejected. */
void ts_json_reader_counts(const ts_json_reader *r, unsigned long *records,
                           unsigned long *rejected);
void ts_json_reader_free(ts_json_reader *r);

/* Bytes the reader holds between items (the item being read, the text
 * scratch, the nesting stack, per-item line table).  None of these
 * shrink, so after a run this is also the peak; the parsed tree of one
 * item (jansson's) comes on top while it is emitted. */
size_t ts_json_reader_buffer_bytes(const ts_json_reader *r);

/* Does this look like JSON (Lines or an array/object of tickets)?  The
 * first bytes of a file: 1 or 0 (for --input-format auto). */
int ts_json_sniff(const void *buf, size_t n);

#endif
