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
	/* PCRE2 match and depth limits of every layout, --line-format and
	 * --agent-pattern (0: TS_REGEX_MATCH_LIMIT, TS_REGEX_DEPTH_LIMIT); a
	 * line that hits one is not a turn. */
	unsigned regex_match_limit, regex_depth_limit;
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
 * 0 otherwise; TS_ENOMEM (negative) when its layouts cannot be made. */
int ts_chat_sniff(const void *buf, size_t n);

/* ---- one line at a time (the reader's rules, shared with chat_cells.c) ---- */

/* The compiled layouts (built-in or --line-format) and the speaker rules
 * (--agents, --agent-pattern, labels) of a ts_chat_options. */
typedef struct ts_chat_lines ts_chat_lines;

/* opt may be NULL (the built-in layouts, no agents); its strings are
 * copied or compiled, max_line is not used.  Returns TS_OK, TS_ENOMEM, or
 * TS_EUSAGE with err (file name) saying which pattern is bad, why and
 * where, as ts_chat_reader_new. */
int ts_chat_lines_new(ts_chat_lines **out, const ts_chat_options *opt,
                      const char *name, ts_error *err);
void ts_chat_lines_free(ts_chat_lines *l);

typedef enum ts_chat_kind {
	TS_CHAT_BLANK = 0, /* only spaces and tabs */
	TS_CHAT_HEADER,    /* "Chat started ...", "Conversation with ..." */
	TS_CHAT_DATE,      /* "Date: 2 March 2026" (asked for with TS_CHAT_AT_START) */
	TS_CHAT_SYSTEM,    /* "*** Eric joined the chat ***", "Chat ended" */
	TS_CHAT_TURN,      /* "[10:02] Sarah: text", "Agent: text" */
	TS_CHAT_OTHER      /* anything else: a continuation line, or preamble */
} ts_chat_kind;

/* Flags of ts_chat_line_classify. */
#define TS_CHAT_UNTIMED 1u  /* the untimed "Name: text" layout may match (the
                             * reader: while its conversation has no timed turn) */
#define TS_CHAT_AT_START 2u /* "Date:"/"Started:" lines with a date are dates
                             * (the reader: before the conversation's first record) */

/* One classified line; the strings point into the line. */
typedef struct ts_chat_line {
	ts_chat_kind kind;
	ts_str time;     /* TURN, SYSTEM: the time as written, trimmed (n 0: none) */
	ts_str speaker;  /* TURN: trimmed, never empty */
	ts_str text;     /* TURN: after the speaker; SYSTEM: what it says; OTHER:
	                  * the line; all trimmed (a TURN's may be empty) */
	int timed;       /* TURN: a layout with a time matched */
	int y, m, d;     /* HEADER, DATE: the date in it (y 0: none) */
} ts_chat_line;

/* What s[0, n) (one line without its line end) is, tried in the reader's
 * order: blank, header, date line, system line, turn, other.  Never
 * fails: a pattern error or limit is no match. */
/* TS_ENOMEM once a match of l's ran out of memory (PCRE2's interpreter
 * takes heap memory; a line classified then may be wrong), else TS_OK.
 * Sticky: the caller stops. */
int ts_chat_lines_nomem(const ts_chat_lines *l);
ts_chat_kind ts_chat_line_classify(ts_chat_lines *l, const char *s, size_t n,
                                   unsigned flags, ts_chat_line *out);

/* The role of a speaker: on the --agents list or matching --agent-pattern,
 * an agent; else what the label's words say ("Agent", "Customer Support",
 * "Visitor 12", "Bot", "System"); else a customer when agents are named
 * and others_are_customers; else TS_ROLE_UNKNOWN.  *known (may be NULL)
 * is 1 when the list, the pattern or the label decided. */
ts_role ts_chat_speaker_role(ts_chat_lines *l, const char *s, size_t n, int *known);

/* 1 when a word of the speaker names a header field rather than a person
 * ("Subject", "Order number", "Error", "Note"): never an untimed speaker. */
int ts_chat_speaker_is_field(const char *s, size_t n);

/* A turn's time text: [YYYY-MM-DD[ T]]H[H]:MM[:SS][.frac][ AM|PM].  0
 * with *sod the seconds of the day and *y, *m, *d its date (*y 0 when it
 * has none); -1 when the text is something else. */
int ts_chat_clock(const char *s, size_t n, int *y, int *m, int *d, int *sod);

#endif
