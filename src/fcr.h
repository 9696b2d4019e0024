/*
 * fcr.h - first-contact resolution: what one conversation shows (its FCR
 * signals), the customer it belongs to, and the linker that finds repeat
 * contacts across conversations (internal).
 *
 * A conversation's own messages decide most reasons (reopened, transferred,
 * escalated, follow-up promised, resolution signal); "repeat contact" needs
 * the customer's later conversations, which may come anywhere in the input.
 * The linker therefore keeps one 32-byte link per conversation in a spill
 * (spill.h) and decides every conversation at the end, partition by
 * partition: memory stays bounded whatever the input order or size.
 */
#ifndef TS_FCR_H
#define TS_FCR_H

#include <stddef.h>
#include <stdint.h>

#include "traitscan.h"

/* What a conversation shows, as bits. */
enum {
	TS_FCR_REOPENED = 1u << 0,     /* status or reopen-count column */
	TS_FCR_TRANSFERRED = 1u << 1,  /* a transfer: agent, system line, assignee change */
	TS_FCR_ESCALATED = 1u << 2,    /* the agent escalated the case */
	TS_FCR_FOLLOWUP = 1u << 3,     /* a promise to come back is still open at
	                                * the end: no resolution signal after it */
	TS_FCR_RESOLVED = 1u << 4,     /* the customer confirmed, or status solved/closed */
	TS_FCR_NO_CUSTOMER = 1u << 5,  /* no customer identity */
	TS_FCR_NO_TIME = 1u << 6,      /* no parseable time */
	TS_FCR_JOINED = 1u << 7        /* a "joined the chat" line: a transfer
	                                * when an agent had already written */
};

/* Reason codes, in report order (ts_fcr_reason_name). */
enum {
	TS_FCR_R_REPEAT = 0,    /* repeat_contact */
	TS_FCR_R_REOPENED,      /* reopened */
	TS_FCR_R_TRANSFERRED,   /* transferred */
	TS_FCR_R_ESCALATED,     /* escalated */
	TS_FCR_R_FOLLOWUP,      /* followup_promised */
	TS_FCR_R_NO_RESOLUTION, /* no_resolution_signal (strict) */
	TS_FCR_R_NO_CUSTOMER,   /* no_customer: unknown */
	TS_FCR_R_NO_TIME,       /* no_time: unknown */
	TS_FCR_R_WINDOW_OPEN,   /* window_open: pending */
	TS_FCR_R_COUNT
};

typedef enum ts_fcr_verdict {
	TS_FCR_YES = 0, TS_FCR_NO, TS_FCR_PENDING, TS_FCR_UNKNOWN, TS_FCR_VERDICTS
} ts_fcr_verdict;

typedef struct ts_fcr_result {
	ts_fcr_verdict lenient, strict;
	unsigned reasons;       /* 1u << TS_FCR_R_* */
} ts_fcr_result;

const char *ts_fcr_verdict_name(ts_fcr_verdict v);   /* "yes", "no"... */
const char *ts_fcr_reason_name(unsigned r);          /* "repeat_contact"... */

/* Lenient: no repeat contact and not reopened.  Strict: lenient, and
 * neither transferred nor escalated, and a resolution signal.  repeat: a
 * later conversation of the customer began within the window; open: the
 * window had not closed by the end of the data (and no repeat was seen). */
ts_fcr_result ts_fcr_decide(unsigned flags, int repeat, int open);

/* The customer key of an identity as exports write it: surrounding space,
 * "mailto:" and a "Name <address>" wrapper removed, ASCII case folded.
 * Writes at most cap bytes to out and returns the key's length (0: no
 * identity). */
size_t ts_fcr_customer_key(const char *s, size_t n, char *out, size_t cap);

/* A status cell: TS_FCR_RESOLVED (solved, closed, resolved...),
 * TS_FCR_REOPENED (reopened), or 0. */
unsigned ts_fcr_status_flags(const char *s, size_t n);
/* An agent's escalation-lexicon match: TS_FCR_TRANSFERRED when it moves
 * the chat to someone else ("I'll transfer you", "let me connect you
 * with", "I'll put you through"), TS_FCR_ESCALATED otherwise (a
 * supervisor, a team, a ticket). */
unsigned ts_fcr_handoff_flags(const char *s, size_t n);
/* A system, bot or note line that records a transfer ("*** Eric joined the
 * chat ***", "Chat transferred to Sam") or an escalation: the flags. */
unsigned ts_fcr_system_flags(const char *s, size_t n);

/* ---- the linker ---------------------------------------------------------- */

typedef struct ts_fcr_link {
	uint64_t customer;  /* hash of the customer key */
	int64_t start;      /* the conversation's first time, Unix seconds */
	uint64_t ordinal;   /* which conversation (the caller's numbering) */
	uint32_t owner;     /* the caller's agent number, or TS_FCR_NO_OWNER */
	uint32_t flags;     /* TS_FCR_* */
} ts_fcr_link;

#define TS_FCR_NO_OWNER UINT32_MAX

typedef struct ts_fcr_linker ts_fcr_linker;

/* Called once per linked conversation with its result, grouped by
 * customer (not in input order).  Non-zero stops ts_fcr_linker_finish. */
typedef int (*ts_fcr_result_fn)(void *ud, const ts_fcr_link *l, ts_fcr_result r);

/* window: seconds within which another conversation of the customer is a
 * repeat contact (>= 0, else TS_EUSAGE); final: the data is complete
 * (nothing is pending); mem_cap and tmpdir as for ts_spill_new. */
int ts_fcr_linker_new(ts_fcr_linker **out, int64_t window, int final,
                      size_t mem_cap, const char *tmpdir);
/* Adds a conversation with a customer and a start time.  TS_OK, TS_ENOMEM,
 * TS_EIO (err says why). */
int ts_fcr_linker_add(ts_fcr_linker *k, const ts_fcr_link *l, ts_error *err);
/* Decides every conversation added; end is the last time seen in the data
 * (a conversation whose window reaches past it is pending). */
int ts_fcr_linker_finish(ts_fcr_linker *k, int64_t end, ts_fcr_result_fn fn,
                         void *ud, ts_error *err);
void ts_fcr_linker_free(ts_fcr_linker *k);

#endif
