/*
 * read_email.h - the e-mail reader (internal API until the lead moves it
 * into traitscan.h): an mbox or a single message (.eml) fed in chunks of
 * any size becomes one ts_message per e-mail, through the same callbacks
 * as the CSV reader.
 *
 * Each message: conversation = the Message-ID of its thread's root (angle
 * brackets removed; see read_email.c for the rule and the memory it
 * keeps; the thread map can be shared by the readers of a run, see
 * ts_email_threads), time = the Date header as written, author = the From address
 * lowercased, role = agent or customer, customer = the first customer
 * address seen in the thread, channel = "email", text = the body's text
 * (MIME decoded, HTML reduced to text) without quoted replies and
 * signature, row = 1-based message number in the input, line = the line
 * the message starts on (its "From " line in an mbox).
 */
#ifndef TS_READ_EMAIL_H
#define TS_READ_EMAIL_H

#include <stddef.h>

#include "traitscan.h"

/* Message-ids remembered per thread map (one run, or one reader without
 * a shared map), and the longest id remembered (longer ones still thread
 * through References, but are not recorded). */
#define TS_EMAIL_MAX_IDS ((size_t)1 << 18)
#define TS_EMAIL_MAX_ID_LEN 255
/* Older subject threads of one subject looked at before a new one is
 * started (see read_email.c). */
#define TS_EMAIL_SUBJECT_LOOKBACK 16

/*
 * The thread map: message-id -> thread root (with the thread's first
 * customer), and the subject threads with the span of their dates.  One
 * map given to every e-mail reader of a run threads a reply in one file
 * into its parent's thread in another (a Maildir, several .eml files); a
 * reader given none keeps its own for its input.  Used by one reader at a
 * time; memory is bounded by TS_EMAIL_MAX_IDS (read_email.c says how).
 */
typedef struct ts_email_threads ts_email_threads;

/* TS_OK or TS_ENOMEM. */
int ts_email_threads_new(ts_email_threads **out);
/* Ids recorded, and the bytes the map holds. */
size_t ts_email_threads_count(const ts_email_threads *t);
size_t ts_email_threads_bytes(const ts_email_threads *t);
void ts_email_threads_free(ts_email_threads *t);

typedef struct ts_email_options {
	/* --agent-domain example.com: senders @example.com or @x.example.com
	 * are agents */
	const char *const *agent_domains;
	size_t nagent_domains;
	/* --agents: addresses or display names (case-insensitive) of agents */
	const char *const *agents;
	size_t nagents;
	/* bytes of one message (0: TS_DEFAULT_MAX_MESSAGE); a bigger one
	 * is rejected with its line, without being held */
	size_t max_message;
	size_t max_mime_depth; /* 0: TS_DEFAULT_MAX_DEPTH; at most TS_MAX_DEPTH_LIMIT */
	/* the run's thread map (not copied: it must outlive the reader);
	 * NULL: the reader keeps one of its own */
	ts_email_threads *threads;
	/* --subject-window: a message threaded by its subject joins a
	 * subject thread only when its date is within this many seconds of
	 * the thread's dates (0: TS_DEFAULT_SUBJECT_WINDOW) */
	long long subject_window;
	/* the input is named as an mbox (.mbox, .mbx): an input that does not
	 * start with a "From " line is still read as one message, with a
	 * warning (its messages are not told apart) */
	int expect_mbox;
} ts_email_options;

typedef struct ts_email_reader ts_email_reader;

/* name is the display name for diagnostics (copied); the options are
 * copied too.  Returns TS_OK or TS_ENOMEM. */
int ts_email_reader_new(ts_email_reader **out, const ts_email_options *opt,
                        const char *name, ts_message_fn on_message,
                        ts_diag_fn on_diag, void *ud, ts_error *err);
/* Feeds the next chunk (any size, boundaries anywhere).  Returns TS_OK,
 * TS_ESTOP if a callback stopped the reader, TS_ENOMEM.  Rejected
 * messages go to on_diag (TS_EINPUT) and reading goes on. */
int ts_email_reader_feed(ts_email_reader *r, const void *buf, size_t n,
                         ts_error *err);
/* Ends the input: the last message is read.  TS_EINPUT (err says "empty
 * input") when there was no message at all, only blank lines or nothing,
 * as the other readers say of an input without a record. */
int ts_email_reader_finish(ts_email_reader *r, ts_error *err);
/* Messages seen, and of those rejected (records = emitted + rejected). */
void ts_email_reader_counts(const ts_email_reader *r, unsigned long *records,
                            unsigned long *rejected);
void ts_email_reader_free(ts_email_reader *r);

/* 1 if the first bytes of an input look like an mbox ("From " line with a
 * date) or a single message (header fields, one of them a usual mail
 * header), 0 otherwise. */
int ts_email_sniff(const void *buf, size_t n);

/* Bytes the reader holds for the message being read (line and message
 * buffers) and for threading (its thread map, shared or not): for tests
 * of the memory bounds. */
size_t ts_email_reader_buffer_bytes(const ts_email_reader *r);

#endif
