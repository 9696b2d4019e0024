/*
 * read_csv.c - the CSV reader: bytes fed in chunks of any size become one
 * ts_message per data record, parsed by libcsv.  The first record is the
 * header; its columns are mapped to message fields through alias tables
 * that cover the common help-desk exports, or through --map overrides.
 * A bad record is rejected through on_diag and the rest is still read; a
 * header without the columns we need stops the input.
 *
 * Extra columns named by the caller (ts_csv_options.extra_columns: the
 * label columns of calibration) are stored like fields and handed out as
 * ts_message.extra.
 *
 * Not here: opening files or gzip (source.c), grouping messages into
 * conversations (assemble.c).
 *
 * How bytes reach libcsv: every chunk is cut after each CR and LF (found
 * with memchr) and each piece goes to csv_parse on its own.  A record can
 * then only end on the last byte of a piece, so the physical line it
 * started on is known although libcsv reports no positions, and a callback
 * that stops the reader stops it between pieces.  Pieces are also cut so
 * that libcsv's entry buffer (the field being read) never grows much past
 * max_field.  A longer field rejects its record; the rest of that record
 * is still parsed by libcsv, so quotes keep exactly libcsv's (lenient)
 * meaning, but its bytes are dropped after each piece.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "buf.h"
#include "read_csv.h"
#include "reader.h"
#include "thread.h"
#include "traitscan.h"
#include "util.h"

#if CSV_MAJOR != 3
#error "read_csv.c reads struct csv_parser of libcsv 3"
#endif

/* libcsv 3's parser states: struct csv_parser.pstate is public, these
 * values (libcsv.c) are not. */
enum {
	PS_ROW_NOT_BEGUN = 0,
	PS_FIELD_NOT_BEGUN = 1,
	PS_FIELD_BEGUN = 2,
	PS_FIELD_MIGHT_HAVE_ENDED = 3
};

#define PIECE_SLACK ((size_t)4096) /* most bytes fed past a field's budget */
#define CSV_BLOCK ((size_t)4096)   /* libcsv entry buffer growth step */
#define MAX_ROLE_WARNINGS 32       /* distinct unknown role values listed */
#define ROLE_KEY 64                /* bytes of a role value kept for that */
#define NO_COL SIZE_MAX
#define NSLOTS (TS_F_COUNT + 1)    /* stored columns: fields + "public" */
#define MAX_ALIASES 10
#define ROLE_CACHE 4               /* recent role values and their roles */

/* Header names (normalised) per field, best first. */
static const char *const aliases[TS_F_COUNT][MAX_ALIASES] = {
	[TS_F_CONVERSATION] = {"conversation_id", "ticket_id", "ticket", "case_id",
	                       "parentid", "thread_id", "conversation", "chat_id",
	                       "session_id", NULL},
	[TS_F_SEQ] = {"seq", "sequence", "position", "message_index", "msg_seq", NULL},
	[TS_F_TIME] = {"created_at", "timestamp", "time", "date", "createddate",
	               "sent_at", "datetime", NULL},
	[TS_F_ROLE] = {"role", "author_type", "sender_type", "author_role",
	               "direction", "inbound", "is_inbound", "incoming", "from_type",
	               NULL},
	[TS_F_AUTHOR] = {"author", "author_name", "agent", "agent_name", "sender",
	                 "createdbyid", "author_id", "sender_name", "from", NULL},
	[TS_F_CUSTOMER] = {"customer_id", "requester_id", "user_id", "customer",
	                   "requester", "contact_id", NULL},
	[TS_F_CHANNEL] = {"channel", "via", "source", NULL},
	[TS_F_TEXT] = {"text", "body", "plain_body", "message", "comment",
	               "commentbody", "content", "html_body", NULL},
	[TS_F_STATUS] = {"status", "ticket_status", "state", NULL},
	[TS_F_REOPENS] = {"reopens", "reopen_count", "reopens_count", "reopened_count",
	                  "times_reopened", NULL},
	[TS_F_ASSIGNEE] = {"assignee", "assignee_id", "assignee_name", "assigned_to",
	                   "assigned_agent", NULL},
	/* reply links (twcs); a Zendesk comment_id comes with a ticket_id,
	 * so it never starts reply threading on its own */
	[TS_F_MESSAGE_ID] = {"message_id", "tweet_id", "msg_id", "comment_id", NULL},
	[TS_F_REPLY_TO] = {"reply_to", "in_reply_to", "in_reply_to_id",
	                   "in_response_to_tweet_id", "in_reply_to_status_id",
	                   "parent_message_id", "parent_id", "reply_to_id", NULL},
};

/* Why the record being read is already lost. */
enum reason { R_NONE = 0, R_LONG_FIELD, R_MANY_COLUMNS, R_UNTERMINATED };

struct role_seen {
	size_t n;            /* the value's full length */
	char key[ROLE_KEY];  /* its first bytes, lowercased */
};

/* A role value seen recently (exact bytes) and what it maps to. */
struct role_cached {
	unsigned char n;
	char v[15];
	ts_role role;
};

struct ts_csv_reader {
	struct csv_parser csv;
	char *name;
	ts_message_fn on_message;
	size_t max_field, max_columns;
	size_t slack;                /* bytes fed past a field's budget */
	char *map_orig[TS_F_COUNT];  /* --map column as given, or NULL */
	char *map_norm[TS_F_COUNT];  /* the same, normalised */
	size_t map_norm_len[TS_F_COUNT];
	size_t nextra;               /* extra columns (ts_csv_options) */
	char **extra_norm;           /* their names, normalised */
	size_t *extra_norm_len;
	size_t *extra_col;           /* header column of each, or NO_COL */
	int *extra_slot;             /* stored slot of each, or -1 */
	ts_str *extra_cells;         /* handed out as ts_message.extra */

	/* where we are in the input */
	unsigned long line;      /* line of the next byte */
	unsigned long row_line;  /* line the current record started on */
	int prev_cr;             /* the last byte fed was CR */
	unsigned char bom[3];    /* bytes held while a BOM is possible */
	size_t bom_len;
	int bom_done;

	/* header: matches are collected field by field, resolved at its end */
	int header_done;
	unsigned long header_line;
	size_t ncols;
	int *col_slot;           /* per header column: slot or -1 */
	size_t col_alloc;
	size_t alias_col[TS_F_COUNT];
	unsigned alias_rank[TS_F_COUNT];
	size_t map_col[TS_F_COUNT];
	int map_role_bool;       /* the --map role column is boolean-style */
	size_t public_col;
	int field_slot[TS_F_COUNT];
	int public_slot;
	int role_bool;           /* role column holds inbound true/false */
	ts_thread_by thread_by;
	int threaded;            /* records grouped by reply links */
	size_t nslots;
	ts_buf scratch;

	/* the record being read */
	size_t nfields;
	enum reason reason;
	size_t reason_field;
	int skip;                /* drop the rest of this record's bytes */
	size_t ws_mark;          /* see after_piece; 0 = none */
	ts_buf row;
	size_t *slot_off, *slot_len; /* NSLOTS + nextra */

	struct role_seen roles_seen[MAX_ROLE_WARNINGS];
	size_t nroles_seen;
	int roles_capped, empty_role_warned;
	struct role_cached role_cache[ROLE_CACHE];
	unsigned role_cache_next;

	ts_reader_diag d;        /* status, fail, on_diag, ud, counts */
	int finished;
};

/* ---- header ---------------------------------------------------------------- */

/* Header names match after trimming, ASCII lowercasing, and turning
 * spaces, hyphens and dots into '_': "Ticket ID" is ticket_id.  dst has
 * room for n bytes and may be s itself; returns the normalised length. */
static size_t normalise_name(char *dst, const char *s, size_t n)
{
	size_t i;

	while (n && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' ||
	             s[n - 1] == '\n'))
		n--;
	for (i = 0; i < n; i++) {
		unsigned char c = ts_lower((unsigned char)s[i]);
		dst[i] = (char)(c == ' ' || c == '-' || c == '.' ? '_' : c);
	}
	return n;
}

static int name_is(const char *s, size_t n, const char *lit)
{
	return strlen(lit) == n && memcmp(s, lit, n) == 0;
}

/* Role columns that hold a yes/no "the customer wrote this". */
static int is_bool_role_name(const char *s, size_t n)
{
	return name_is(s, n, "inbound") || name_is(s, n, "is_inbound") ||
	       name_is(s, n, "incoming");
}

/* 1 for true/1/yes/t, 0 for false/0/no/f, -1 otherwise. */
static int parse_bool(const char *s, size_t n)
{
	if (ts_eq_nocase(s, n, "true") || ts_eq_nocase(s, n, "1") ||
	    ts_eq_nocase(s, n, "yes") || ts_eq_nocase(s, n, "t"))
		return 1;
	if (ts_eq_nocase(s, n, "false") || ts_eq_nocase(s, n, "0") ||
	    ts_eq_nocase(s, n, "no") || ts_eq_nocase(s, n, "f"))
		return 0;
	return -1;
}

static void alias_list(char *out, size_t cap, ts_field f)
{
	size_t len = 0;

	out[0] = '\0';
	for (int k = 0; k < MAX_ALIASES && aliases[f][k]; k++) {
		int w = snprintf(out + len, cap - len, "%s%s", k ? ", " : "",
		                 aliases[f][k]);
		if (w < 0 || (size_t)w >= cap - len)
			return;
		len += (size_t)w;
	}
}

/* Column i of the header: note which fields it could be. */
static void header_field(ts_csv_reader *r, const char *s, size_t len, size_t i)
{
	const char *name;
	size_t n;

	if (i >= r->max_columns) {
		ts_reader_fatal(&r->d, TS_EINPUT, r->row_line, "header: more than %zu columns (--max-columns)",
		                    r->max_columns);
		return;
	}
	if (i >= r->col_alloc) {
		size_t na = r->col_alloc ? r->col_alloc * 2 : 16;
		int *p;
		if (na > r->max_columns)
			na = r->max_columns;
		p = realloc(r->col_slot, na * sizeof *p);
		if (!p) {
			ts_reader_fatal(&r->d, TS_ENOMEM, r->row_line, "out of memory");
			return;
		}
		r->col_slot = p;
		r->col_alloc = na;
	}
	r->col_slot[i] = -1;
	ts_buf_reset(&r->scratch);
	if (ts_buf_add(&r->scratch, s, len)) {
		ts_reader_fatal(&r->d, TS_ENOMEM, r->row_line, "out of memory");
		return;
	}
	n = normalise_name(r->scratch.p, r->scratch.p, len); /* in place */
	ts_buf_truncate(&r->scratch, n);
	name = r->scratch.p;
	for (int f = 0; f < TS_F_COUNT; f++) {
		for (unsigned k = 0; k < MAX_ALIASES && aliases[f][k]; k++) {
			if (k < r->alias_rank[f] && name_is(name, n, aliases[f][k])) {
				r->alias_rank[f] = k;
				r->alias_col[f] = i;
			}
		}
		if (r->map_norm[f] && r->map_col[f] == NO_COL &&
		    r->map_norm_len[f] == n && memcmp(r->map_norm[f], name, n) == 0) {
			r->map_col[f] = i;
			if (f == TS_F_ROLE)
				r->map_role_bool = is_bool_role_name(name, n);
		}
	}
	if (r->public_col == NO_COL && name_is(name, n, "public"))
		r->public_col = i;
	for (size_t k = 0; k < r->nextra; k++)
		if (r->extra_col[k] == NO_COL && r->extra_norm[k] && r->extra_norm_len[k] == n &&
		    memcmp(r->extra_norm[k], name, n) == 0)
			r->extra_col[k] = i;
}

static int slot_for(ts_csv_reader *r, size_t col)
{
	if (r->col_slot[col] < 0)
		r->col_slot[col] = (int)r->nslots++;
	return r->col_slot[col];
}

/* The header is complete: pick a column per field, or stop the input. */
static void header_end(ts_csv_reader *r)
{
	static const ts_field required[] = {TS_F_TEXT, TS_F_CONVERSATION};
	size_t col[TS_F_COUNT];
	char list[256];

	r->header_line = r->row_line;
	r->ncols = r->nfields;
	for (int f = 0; f < TS_F_COUNT; f++) {
		if (!r->map_orig[f]) {
			col[f] = r->alias_col[f];
			continue;
		}
		if (r->map_col[f] == NO_COL) {
			ts_reader_fatal(&r->d, TS_EINPUT, r->header_line,
			                    "no column '%s' for --map %s=%s", r->map_orig[f],
			                    ts_field_name((ts_field)f), r->map_orig[f]);
			return;
		}
		col[f] = r->map_col[f];
	}
	if (r->thread_by == TS_THREAD_REPLY) {
		static const ts_field links[] = {TS_F_MESSAGE_ID, TS_F_REPLY_TO};
		for (size_t k = 0; k < 2; k++) {
			if (col[links[k]] != NO_COL)
				continue;
			alias_list(list, sizeof list, links[k]);
			ts_reader_fatal(&r->d, TS_EINPUT, r->header_line,
			                    "no %s column for --thread-by reply (looked for %s; use "
			                    "--map %s=COLUMN)", ts_field_name(links[k]), list,
			                    ts_field_name(links[k]));
			return;
		}
		r->threaded = 1;
	} else if (r->thread_by == TS_THREAD_AUTO) {
		r->threaded = col[TS_F_CONVERSATION] == NO_COL &&
		              col[TS_F_MESSAGE_ID] != NO_COL && col[TS_F_REPLY_TO] != NO_COL;
	}
	for (size_t k = 0; k < sizeof required / sizeof required[0]; k++) {
		ts_field f = required[k];
		if (col[f] != NO_COL || (f == TS_F_CONVERSATION && r->threaded))
			continue;
		alias_list(list, sizeof list, f);
		ts_reader_fatal(&r->d, TS_EINPUT, r->header_line,
		                    "no %s column (looked for %s; use --map %s=COLUMN)",
		                    ts_field_name(f), list, ts_field_name(f));
		return;
	}
	if (r->map_orig[TS_F_ROLE])
		r->role_bool = r->map_role_bool;
	else if (col[TS_F_ROLE] != NO_COL)
		r->role_bool = is_bool_role_name(
			aliases[TS_F_ROLE][r->alias_rank[TS_F_ROLE]],
			strlen(aliases[TS_F_ROLE][r->alias_rank[TS_F_ROLE]]));
	for (int f = 0; f < TS_F_COUNT; f++)
		r->field_slot[f] = col[f] == NO_COL ? -1 : slot_for(r, col[f]);
	r->public_slot = r->public_col == NO_COL ? -1 : slot_for(r, r->public_col);
	for (size_t k = 0; k < r->nextra; k++)
		r->extra_slot[k] = r->extra_col[k] == NO_COL ? -1
		                                             : slot_for(r, r->extra_col[k]);
	r->header_done = 1;
	if (col[TS_F_ROLE] == NO_COL) {
		alias_list(list, sizeof list, TS_F_ROLE);
		ts_reader_emit(&r->d, 0, r->header_line,
		                   "no role column (looked for %s); every message counts as role unknown",
		                   list);
	}
}

/* ---- records ----------------------------------------------------------------- */

static void trim_space(const char **p, size_t *n)
{
	const char *s = *p;
	size_t k = *n;

	while (k && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')) {
		s++;
		k--;
	}
	while (k && (s[k - 1] == ' ' || s[k - 1] == '\t' || s[k - 1] == '\r' ||
	             s[k - 1] == '\n'))
		k--;
	*p = s;
	*n = k;
}

/* A role value we cannot map: one warning per distinct value per input. */
static void warn_role(ts_csv_reader *r, const char *v, size_t n)
{
	char key[ROLE_KEY];
	size_t k = n < ROLE_KEY ? n : ROLE_KEY;

	if (n == 0) {
		if (!r->empty_role_warned) {
			r->empty_role_warned = 1;
			ts_reader_emit(&r->d, 0, r->row_line, "empty role (not credited to any agent)");
		}
		return;
	}
	for (size_t i = 0; i < k; i++)
		key[i] = (char)ts_lower((unsigned char)v[i]);
	for (size_t i = 0; i < r->nroles_seen; i++)
		if (r->roles_seen[i].n == n && memcmp(r->roles_seen[i].key, key, k) == 0)
			return;
	if (r->nroles_seen == MAX_ROLE_WARNINGS) {
		if (!r->roles_capped) {
			r->roles_capped = 1;
			ts_reader_emit(&r->d, 0, r->row_line, "more unknown role values not listed");
		}
		return;
	}
	r->roles_seen[r->nroles_seen].n = n;
	memcpy(r->roles_seen[r->nroles_seen].key, key, k);
	r->nroles_seen++;
	ts_reader_emit(&r->d, 0, r->row_line, "unknown role '%.*s' (not credited to any agent)",
	                   (int)k, v);
}

/* ts_role_parse with a few recent values remembered: exports repeat the
 * same handful of role values on every row. */
static ts_role parse_role(ts_csv_reader *r, const char *v, size_t n)
{
	struct role_cached *c;
	ts_role role;

	for (unsigned i = 0; i < ROLE_CACHE; i++) {
		c = &r->role_cache[i];
		if (c->n == n && memcmp(c->v, v, n) == 0)
			return c->role;
	}
	role = ts_role_parse(v, n);
	if (n <= sizeof c->v && role != TS_ROLE_UNKNOWN) {
		c = &r->role_cache[r->role_cache_next++ % ROLE_CACHE];
		c->n = (unsigned char)n;
		memcpy(c->v, v, n);
		c->role = role;
	}
	return role;
}

static ts_role row_role(ts_csv_reader *r, const ts_message *m)
{
	const char *v = m->f[TS_F_ROLE].p;
	size_t n = m->f[TS_F_ROLE].n;
	ts_role role = TS_ROLE_UNKNOWN;

	if (r->field_slot[TS_F_ROLE] >= 0) {
		if (r->role_bool) {
			int b = parse_bool(v, n);
			if (b >= 0)
				role = b ? TS_ROLE_CUSTOMER : TS_ROLE_AGENT;
		} else if (n) {
			role = parse_role(r, v, n);
		}
		if (role == TS_ROLE_UNKNOWN)
			warn_role(r, v, n);
	}
	if (r->public_slot >= 0) {
		const char *p = r->row.p + r->slot_off[r->public_slot];
		size_t pn = r->slot_len[r->public_slot];
		trim_space(&p, &pn);
		if (parse_bool(p, pn) == 0)
			role = TS_ROLE_NOTE;
	}
	return role;
}

/* A data record ended: reject it or hand it on. */
static void record_end(ts_csv_reader *r)
{
	ts_message m;

	r->d.records++;
	switch (r->reason) {
	case R_LONG_FIELD:
		ts_reader_reject(&r->d, 0, r->row_line, "field %zu longer than %zu bytes (--max-field)",
				 r->reason_field, r->max_field);
		return;
	case R_MANY_COLUMNS:
		ts_reader_reject(&r->d, 0, r->row_line, "more than %zu columns (--max-columns)",
				 r->max_columns);
		return;
	case R_UNTERMINATED:
		ts_reader_reject(&r->d, 0, r->row_line, "unterminated quoted field");
		return;
	case R_NONE:
		break;
	}
	if (r->nfields != r->ncols) {
		ts_reader_reject(&r->d, 0, r->row_line, "expected %zu fields, found %zu", r->ncols, r->nfields);
		return;
	}
	for (int f = 0; f < TS_F_COUNT; f++) {
		int s = r->field_slot[f];
		if (s < 0) {
			m.f[f].p = "";
			m.f[f].n = 0;
			continue;
		}
		m.f[f].p = r->row.p + r->slot_off[s];
		m.f[f].n = r->slot_len[s];
		trim_space(&m.f[f].p, &m.f[f].n);
	}
	if (!m.f[TS_F_TEXT].n) {
		ts_reader_reject(&r->d, 0, r->row_line, "empty text");
		return;
	}
	if (r->threaded) {
		m.f[TS_F_MESSAGE_ID] = ts_message_id_norm(m.f[TS_F_MESSAGE_ID]);
		m.f[TS_F_REPLY_TO] = ts_message_id_norm(m.f[TS_F_REPLY_TO]);
		if (!m.f[TS_F_MESSAGE_ID].n) {
			ts_reader_reject(&r->d, 0, r->row_line, "no message id");
			return;
		}
		if (m.f[TS_F_MESSAGE_ID].n > TS_MAX_MESSAGE_ID ||
		    m.f[TS_F_REPLY_TO].n > TS_MAX_MESSAGE_ID) {
			ts_reader_reject(&r->d, 0, r->row_line, "%s longer than %d bytes",
					 m.f[TS_F_MESSAGE_ID].n > TS_MAX_MESSAGE_ID ? "message id"
					 : "reply-to id",
					 TS_MAX_MESSAGE_ID);
			return;
		}
	} else if (!m.f[TS_F_CONVERSATION].n) {
		ts_reader_reject(&r->d, 0, r->row_line, "no conversation id");
		return;
	}
	for (size_t k = 0; k < r->nextra; k++) {
		int s = r->extra_slot[k];
		ts_str *x = &r->extra_cells[k];
		if (s < 0) {
			x->p = NULL;
			x->n = 0;
			continue;
		}
		x->p = r->row.p + r->slot_off[s];
		x->n = r->slot_len[s];
		trim_space(&x->p, &x->n);
	}
	m.extra = r->nextra ? r->extra_cells : NULL;
	m.nextra = r->nextra;
	m.has_seq = m.f[TS_F_SEQ].n > 0;
	m.part = 0;
	m.role = row_role(r, &m);
	m.row = r->d.records;
	m.line = r->row_line;
	m.file = r->name;
	/* Emitted even if a warning just stopped us: every record read is
	 * either emitted or rejected. */
	if (r->on_message && r->on_message(r->d.ud, &m))
		ts_reader_fatal(&r->d, TS_ESTOP, r->row_line, "stopped by the message callback");
}

/* ---- libcsv callbacks ------------------------------------------------------- */

static void long_field(ts_csv_reader *r, size_t field)
{
	r->skip = 1;
	if (!r->header_done) {
		ts_reader_fatal(&r->d, TS_EINPUT, r->row_line,
		                    "header field %zu longer than %zu bytes (--max-field)", field,
		                    r->max_field);
		return;
	}
	r->reason = R_LONG_FIELD;
	r->reason_field = field;
}

static void on_field(void *data, size_t len, void *ud)
{
	ts_csv_reader *r = ud;
	size_t i = r->nfields++;
	int too_long = len > r->max_field || (r->ws_mark && len >= r->ws_mark);
	int s;

	r->ws_mark = 0;
	if (r->skip || r->d.status)
		return;
	if (too_long) {
		long_field(r, i + 1);
		return;
	}
	if (!r->header_done) {
		header_field(r, data, len, i);
		return;
	}
	if (i >= r->max_columns) {
		r->reason = R_MANY_COLUMNS;
		r->skip = 1;
		return;
	}
	if (i >= r->ncols || (s = r->col_slot[i]) < 0)
		return;
	r->slot_off[s] = r->row.len;
	r->slot_len[s] = len;
	if (len && ts_buf_add(&r->row, data, len))
		ts_reader_fatal(&r->d, TS_ENOMEM, r->row_line, "out of memory");
}

static void on_row(int c, void *ud)
{
	ts_csv_reader *r = ud;

	(void)c;
	if (!r->d.status) {
		if (r->header_done)
			record_end(r);
		else
			header_end(r);
	}
	r->nfields = 0;
	r->reason = R_NONE;
	r->skip = 0;
	r->ws_mark = 0;
	ts_buf_reset(&r->row);
}

/*
 * After each piece: keep libcsv's entry buffer near max_field.  The field
 * in progress will come out at least lb bytes long (libcsv still drops
 * trailing blanks of an unquoted field, or the blanks and the quote after
 * a closing quote).  Past max_field the record is lost and from then on
 * its bytes are cut down to what libcsv's arithmetic needs.  A long run of
 * trailing blanks is cut down too, to one: if the field ends, libcsv trims
 * it anyway; if text follows, the field is too long for sure, which the
 * field reaching ws_mark tells.
 */
static void after_piece(ts_csv_reader *r)
{
	struct csv_parser *c = &r->csv;
	size_t pos = c->entry_pos, sp = c->spaces, lb;
	size_t quote = c->pstate == PS_FIELD_MIGHT_HAVE_ENDED;

	if (c->pstate != PS_FIELD_BEGUN && !quote)
		return;
	lb = pos >= sp + quote ? pos - sp - quote : 0;
	if (!r->skip && (lb > r->max_field || (r->ws_mark && lb >= r->ws_mark)))
		long_field(r, r->nfields + 1);
	if (r->skip) {
		if (c->spaces > 1)
			c->spaces = 1;
		if (c->entry_pos > c->spaces + 1)
			c->entry_pos = c->spaces + 1;
	} else if (pos > r->max_field + 1 && sp > 1) {
		c->entry_pos = pos - (sp - 1);
		c->spaces = 1;
		r->ws_mark = c->entry_pos;
	}
}

static size_t find_byte(const char *p, size_t from, size_t n, int c)
{
	const char *q = memchr(p + from, c, n - from);
	return q ? (size_t)(q - p) : n;
}

/* Feeds p[0, n) to libcsv piece by piece (see the top of the file). */
static int feed_bytes(ts_csv_reader *r, const char *p, size_t n)
{
	size_t i = 0, nl = find_byte(p, 0, n, '\n'), cr = find_byte(p, 0, n, '\r');

	while (i < n) {
		size_t stop, len, room, cap;
		char last;

		if (nl < i)
			nl = find_byte(p, i, n, '\n');
		if (cr < i)
			cr = find_byte(p, i, n, '\r');
		stop = nl < cr ? nl : cr;
		len = (stop < n ? stop + 1 : n) - i;
		room = r->csv.entry_pos < r->max_field ? r->max_field - r->csv.entry_pos : 0;
		cap = room > SIZE_MAX - r->slack ? SIZE_MAX : room + r->slack;
		if (len > cap)
			len = cap;
		if (r->csv.pstate == PS_ROW_NOT_BEGUN)
			r->row_line = r->line;
		if (csv_parse(&r->csv, p + i, len, on_field, on_row, r) != len)
			ts_reader_fatal(&r->d, TS_ENOMEM, r->row_line, "%s",
			                csv_error(&r->csv) == CSV_ENOMEM ? "out of memory"
			                : csv_strerror(csv_error(&r->csv)));
		if (r->d.status)
			return r->d.status;
		last = p[i + len - 1];
		if (last == '\n') {
			if (len != 1 || !r->prev_cr)
				r->line++;
			r->prev_cr = 0;
		} else {
			r->prev_cr = last == '\r';
			r->line += (unsigned long)r->prev_cr;
		}
		after_piece(r);
		if (r->d.status)
			return r->d.status;
		i += len;
	}
	return TS_OK;
}

/* ---- public API ------------------------------------------------------------- */

int ts_csv_reader_new(ts_csv_reader **out, const ts_csv_options *opt,
                      const char *name, ts_message_fn on_message,
                      ts_diag_fn on_diag, void *ud, ts_error *err)
{
	ts_csv_reader *r = NULL;
	char delim = opt && opt->delimiter ? opt->delimiter : ',';

	*out = NULL;
	if (!name)
		name = "-";
	if (delim == '"' || delim == '\r' || delim == '\n')
		return ts_error_set(err, TS_EUSAGE, name, 0,
		                    "the delimiter cannot be a quote or a line break");
	r = calloc(1, sizeof *r);
	if (!r)
		goto fail;
	ts_buf_init(&r->row, 0);
	ts_buf_init(&r->scratch, 0);
	csv_init(&r->csv, 0);
	csv_set_delim(&r->csv, (unsigned char)delim);
	csv_set_blk_size(&r->csv, CSV_BLOCK);
	/* libcsv's field buffer comes from the library's own calls (its
	 * default is the same realloc from inside libcsv), so that the
	 * allocation-failure test fails it too */
	csv_set_realloc_func(&r->csv, realloc);
	csv_set_free_func(&r->csv, free);
	r->name = strdup(name);
	if (!r->name)
		goto fail;
	r->on_message = on_message;
	r->d.name = r->name;
	r->d.on_diag = on_diag;
	r->d.ud = ud;
	r->max_field = opt && opt->max_field ? opt->max_field : TS_DEFAULT_MAX_FIELD;
	r->max_columns = opt && opt->max_columns ? opt->max_columns
	                                         : TS_DEFAULT_MAX_COLUMNS;
	r->slack = r->max_field < PIECE_SLACK ? r->max_field : PIECE_SLACK;
	r->thread_by = opt ? opt->thread_by : TS_THREAD_AUTO;
	for (int f = 0; f < TS_F_COUNT; f++) {
		const char *m = opt ? opt->map_column[f] : NULL;
		r->alias_col[f] = NO_COL;
		r->alias_rank[f] = UINT_MAX;
		r->map_col[f] = NO_COL;
		r->field_slot[f] = -1;
		if (!m)
			continue;
		r->map_orig[f] = strdup(m);
		r->map_norm[f] = malloc(strlen(m) + 1);
		if (!r->map_orig[f] || !r->map_norm[f])
			goto fail;
		r->map_norm_len[f] = normalise_name(r->map_norm[f], m, strlen(m));
	}
	r->nextra = opt ? opt->nextra : 0;
	r->slot_off = calloc(NSLOTS + r->nextra, sizeof *r->slot_off);
	r->slot_len = calloc(NSLOTS + r->nextra, sizeof *r->slot_len);
	if (!r->slot_off || !r->slot_len)
		goto fail;
	if (r->nextra) {
		r->extra_norm = calloc(r->nextra, sizeof *r->extra_norm);
		r->extra_norm_len = calloc(r->nextra, sizeof *r->extra_norm_len);
		r->extra_col = calloc(r->nextra, sizeof *r->extra_col);
		r->extra_slot = calloc(r->nextra, sizeof *r->extra_slot);
		r->extra_cells = calloc(r->nextra, sizeof *r->extra_cells);
		if (!r->extra_norm || !r->extra_norm_len || !r->extra_col ||
		    !r->extra_slot || !r->extra_cells)
			goto fail;
	}
	for (size_t k = 0; k < r->nextra; k++) {
		const char *x = opt->extra_columns[k];
		r->extra_col[k] = NO_COL;
		r->extra_slot[k] = -1;
		if (!x)
			continue; /* matches no column */
		if (!(r->extra_norm[k] = malloc(strlen(x) + 1)))
			goto fail;
		r->extra_norm_len[k] = normalise_name(r->extra_norm[k], x, strlen(x));
	}
	r->public_col = NO_COL;
	r->public_slot = -1;
	r->line = 1;
	r->row_line = 1;
	*out = r;
	return TS_OK;
fail:
	ts_csv_reader_free(r);
	return ts_error_set(err, TS_ENOMEM, name, 0, "out of memory");
}

int ts_csv_reader_feed(ts_csv_reader *r, const void *buf, size_t n,
                       ts_error *err)
{
	static const unsigned char bom[3] = {0xEF, 0xBB, 0xBF};
	const char *p = buf;

	if (r->d.status)
		return ts_reader_report(&r->d, err);
	if (r->finished)
		return ts_error_set(err, TS_EUSAGE, r->name, 0, "input already finished");
	if (!r->bom_done) {
		/* Hold bytes while they could still be a BOM, even across chunks. */
		while (n && r->bom_len < 3 && (unsigned char)*p == bom[r->bom_len]) {
			r->bom[r->bom_len++] = (unsigned char)*p++;
			n--;
		}
		if (r->bom_len == 3) {
			r->bom_done = 1;
		} else if (!n) {
			return TS_OK;
		} else {
			r->bom_done = 1;
			if (r->bom_len && feed_bytes(r, (const char *)r->bom, r->bom_len))
				return ts_reader_report(&r->d, err);
		}
	}
	if (n && feed_bytes(r, p, n))
		return ts_reader_report(&r->d, err);
	return TS_OK;
}

int ts_csv_reader_finish(ts_csv_reader *r, ts_error *err)
{
	if (r->d.status)
		return ts_reader_report(&r->d, err);
	if (r->finished)
		return TS_OK;
	r->finished = 1;
	if (!r->bom_done) {
		r->bom_done = 1;
		if (r->bom_len && feed_bytes(r, (const char *)r->bom, r->bom_len))
			return ts_reader_report(&r->d, err);
	}
	if (r->csv.pstate == PS_FIELD_BEGUN && r->csv.quoted) {
		/* libcsv's CSV_STRICT_FINI only works together with CSV_STRICT,
		 * which we do not want; its state tells the same. */
		if (!r->header_done)
			ts_reader_fatal(&r->d, TS_EINPUT, r->row_line, "unterminated quoted field");
		else {
			if (r->reason == R_NONE)
				r->reason = R_UNTERMINATED;
			on_row(-1, r);
		}
	} else {
		csv_fini(&r->csv, on_field, on_row, r);
	}
	if (r->d.status)
		return ts_reader_report(&r->d, err);
	if (!r->header_done) {
		ts_reader_fatal(&r->d, TS_EINPUT, 0, "empty input (no header)");
		return ts_reader_report(&r->d, err);
	}
	return TS_OK;
}

void ts_csv_reader_counts(const ts_csv_reader *r, unsigned long *records,
                          unsigned long *rejected)
{
	ts_reader_counts(r ? &r->d : NULL, records, rejected);
}

int ts_csv_reader_threaded(const ts_csv_reader *r)
{
	return r->header_done ? r->threaded : -1;
}

size_t ts_csv_reader_buffer_bytes(const ts_csv_reader *r)
{
	return r->csv.entry_size + r->row.alloc +
	       r->scratch.alloc;
}

void ts_csv_reader_free(ts_csv_reader *r)
{
	if (!r)
		return;
	csv_free(&r->csv);
	for (int f = 0; f < TS_F_COUNT; f++) {
		free(r->map_orig[f]);
		free(r->map_norm[f]);
	}
	for (size_t k = 0; k < r->nextra && r->extra_norm; k++)
		free(r->extra_norm[k]);
	free(r->extra_norm);
	free(r->extra_norm_len);
	free(r->extra_col);
	free(r->extra_slot);
	free(r->extra_cells);
	free(r->slot_off);
	free(r->slot_len);
	free(r->col_slot);
	ts_buf_release(&r->row);
	ts_buf_release(&r->scratch);
	free(r->name);
	free(r);
}
