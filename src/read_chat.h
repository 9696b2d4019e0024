/*
 * read_chat.h - the plain-text chat log reader (internal until the lead
 * moves it to traitscan.h).  Same push API as the CSV reader: bytes fed in
 * chunks of any size become one ts_message per turn or system line,
 * rejected records and the file-level problem come back like the CSV
 * reader's.  See read_chat.c for the layouts and the rules.
 */
#ifndef TS_READ_CHAT_H
#define TS_READ_CHAT_H

#include <stddef.h>

#include "traitscan.h"

typedef struct ts_chat_options {
	/* --line-format: a PCRE2 pattern with named groups speaker and text
	 * (time optional), tried on each line without its line end; NULL:
	 * the built-in layouts. */
	const char *line_format;
	/* --agents: speaker names that are agents (ASCII case-insensitive,
	 * trimmed; copied by ts_chat_reader_new). */
	const char *const *agents;
	size_t nagents;
	/* --agent-pattern: a PCRE2 regex (searched, as written: add (?i) for
	 * case-insensitive) a speaker matches when it is an agent; NULL: none. */
	const char *agent_pattern;
	/* longest line (0: TS_DEFAULT_MAX_FIELD); a longer line is rejected
	 * with its line number, without being held.  A turn's text with its
	 * continuation lines has the same limit. */
	size_t max_line;
	/* When agents or agent_pattern is given: every speaker that is not an
	 * agent and has no role label is a customer (the list is taken as
	 * complete).  0: such speakers are TS_ROLE_UNKNOWN. */
	int others_are_customers;
} ts_chat_options;

typedef struct ts_chat_reader ts_chat_reader;

/* name is the display name (copied): diagnostics say "name:line: reason"
 * and conversation ids are "name#n".  Returns TS_OK, TS_ENOMEM, or
 * TS_EUSAGE with err saying which pattern (line_format or agent_pattern)
 * is bad, why, and at which offset. */
int ts_chat_reader_new(ts_chat_reader **out, const ts_chat_options *opt,
                       const char *name, ts_message_fn on_message,
                       ts_diag_fn on_diag, void *ud, ts_error *err);
/* Feeds the next chunk (any size, boundaries anywhere).  Returns TS_OK,
 * TS_ESTOP if a callback stopped it (sticky), TS_ENOMEM. */
int ts_chat_reader_feed(ts_chat_reader *r, const void *buf, size_t n,
                        ts_error *err);
/* Ends the input: the last line and the last turn.  TS_EINPUT with err
 * set (line 0) when the input had no chat turn at all ("empty input" or
 * "no chat turns recognised ..."): then nothing was emitted. */
int ts_chat_reader_finish(ts_chat_reader *r, ts_error *err);
/* Records (turns, system lines and rejected lines) and of those rejected. */
void ts_chat_reader_counts(const ts_chat_reader *r, unsigned long *records,
                           unsigned long *rejected);
void ts_chat_reader_free(ts_chat_reader *r);

/* Bytes the reader holds for lines and the turn being read (allocated,
 * never shrinking, so also the peak).  For tests: bounded by a few times
 * max_line whatever the input. */
size_t ts_chat_reader_buffer_bytes(const ts_chat_reader *r);

/* Does this look like a chat log?  buf is the first bytes of a file (only
 * the first 64 KiB are looked at).  1 when at least two non-blank lines
 * are turns of a built-in timed layout, labelled "Agent:"/"Customer:"-style
 * turns, system lines or chat headers, and they are at least a quarter of
 * the non-blank lines (or the only one or two lines and one is a turn);
 * 0 otherwise (and on out of memory). */
int ts_chat_sniff(const void *buf, size_t n);

#endif
