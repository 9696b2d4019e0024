/*
 * read_json.c - the JSON reader: bytes fed in chunks of any size become one
 * ts_message per ticket comment (or per flat message object), the same
 * stream the CSV reader emits.
 *
 * Shapes: JSON Lines (one ticket or one message object per line, or any
 * sequence of top-level values), a JSON array of tickets, and an array
 * wrapped in an object ({"tickets": [...]}, "conversations", "results";
 * the wrapper's other members are skipped).  A ticket carries its
 * messages under comments, conversation_parts (Intercom, also nested as
 * conversation_parts.conversation_parts), messages, thread or threads.
 *
 * A ticket's description (description_text or description: Zendesk,
 * Freshdesk) is its first message, written by the requester (a customer)
 * at the ticket's created_at, unless the first element of its messages
 * array has the same text, white space aside (Zendesk's first comment is
 * the description; Freshdesk's conversations leave it out).  A ticket
 * with an id and no messages array is one message: its description, or
 * else its own body/text.  An Intercom conversation opens with its
 * "source" instead.
 *
 * How: a small hand-written scanner walks the bytes once (strings and
 * escapes, nesting depth, chunk boundaries anywhere) and finds each item:
 * a top-level value, or an element of the array of tickets.  Only that
 * item is held, and only up to max_item bytes; a deeper nesting than
 * max_depth is counted through, never held or recursed into.  The held
 * item is parsed by jansson and walked for its messages.
 *
 * Errors: an item the scanner can delimit (brackets balance, strings
 * close) but jansson refuses is rejected alone and reading goes on, in
 * every shape.  When the structure itself is broken (a mismatched bracket,
 * a raw line break inside a string, junk between array elements) a JSON
 * Lines input rejects that line and resynchronises at the next one; an
 * array or a multi-line document cannot be resynchronised, so the input
 * stops there with TS_EINPUT.  JSON Lines means: the first top-level
 * value ended on the line it started on; from then on every value must.
 *
 * Not here: opening files or gzip (source.c), grouping messages into
 * conversations (assemble.c).
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "buf.h"
#include "html_text.h"
#include "read_json.h"
#include "reader.h"
#include "traitscan.h"
#include "util.h"

#define KEY_MAX 24             /* bytes of a key kept (longer: no match) */
#define NUM_MAX 40             /* a number written as text */
#define MAX_ROLE_WARNINGS 16   /* distinct unknown role values listed */
#define ROLE_KEY 32
#define ID_SHOWN 64            /* bytes of an id quoted in a diagnostic */
#define FIXED_KEEP_ALLOC ((size_t)1 << 20) /* a bigger repair buffer is freed */

/* Where the scanner is. */
enum state {
	ST_BOM = 0,   /* start of input: a UTF-8 BOM may come */
	ST_TOP,       /* between top-level values */
	ST_VALUE,     /* inside a value: an item, or the wrapper object */
	ST_ARR_OPEN,  /* after the '[' of the array of items */
	ST_ARR_ELEM,  /* after a ',' in it */
	ST_ARR_AFTER, /* after an item in it */
	ST_SKIP_LINE, /* JSON Lines: skipping the rest of a line */
	ST_RESYNC     /* JSON Lines, after a broken structure: lines are
	               * skipped up to one that starts with '{' or '[' */
};

/* Keys of the top-level object, at depth 1 (wrapper detection). */
enum key_state { KS_NONE = 0, KS_KEY, KS_IN_KEY, KS_COLON, KS_VALUE, KS_AFTER };

struct role_seen {
	size_t n;
	char key[ROLE_KEY];
};

struct ts_json_reader {
	char *name;
	ts_message_fn on_message;
	size_t max_item, max_depth;

	/* the scanner */
	enum state st;
	unsigned long line;        /* line of the next byte */
	unsigned long value_line;  /* line the top-level value started on */
	int lines_mode;            /* -1 not known yet, 0 document, 1 JSON Lines */
	int seen_value;
	int resync;                /* ST_SKIP_LINE goes on to ST_RESYNC */
	size_t bom_len;
	int in_array;              /* inside the array of items */
	int wrapped;               /* ... which is a member of a wrapper object */
	unsigned long array_line;

	/* the value being scanned (ST_VALUE) */
	size_t depth;
	unsigned char *stack;      /* '{' or '[' per open level, up to max_depth */
	size_t stack_alloc;
	int in_str, esc, literal;
	int hold;                  /* its bytes are kept in item */
	int may_wrap;              /* a top-level object: could be a wrapper */
	int is_wrapper;            /* it is one: the rest of it is skipped */
	int too_big, too_deep;
	enum key_state ks;
	char key[KEY_MAX];
	size_t key_len;
	int key_bad;               /* escaped or too long: matches nothing */
	unsigned long item_line;
	ts_buf item;
	ts_buf fixed;              /* the item with invalid UTF-8 repaired */
	ts_buf crbuf;              /* a chunk with its lone CRs made LF */
	int cr_pending;            /* the last chunk ended in a CR, made LF:
	                            * an LF first in the next one is its pair */

	/* per item */
	ts_buf text;               /* HTML reduced to text */
	ts_buf desc;               /* a ticket's description, reduced likewise */
	unsigned long *elines;     /* line of each element of the messages array */
	size_t nelines, elines_cap;
	unsigned long source_line;
	char num[TS_F_COUNT][NUM_MAX];
	char author_id[NUM_MAX];

	struct role_seen roles_seen[MAX_ROLE_WARNINGS];
	size_t nroles_seen;

	ts_reader_diag d;          /* status, fail, on_diag, ud, counts */
	int finished;
};

/* ---- diagnostics ----------------------------------------------------------- */

static void warn(ts_json_reader *r, unsigned long line, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;
static void warn(ts_json_reader *r, unsigned long line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ts_reader_vemit(&r->d, 0, line, fmt, ap);
	va_end(ap);
}

/* ---- HTML or not (html_text.c turns it into text) ----------------------------- */

/* Tags that end a line of text. */
static int is_break_tag(const char *t, size_t n)
{
	static const char *const tags[] = {
		"p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6",
		"blockquote", "ul", "ol", "table", "pre",
	};
	for (size_t k = 0; k < sizeof tags / sizeof tags[0]; k++)
		if (ts_eq_nocase(t, n, tags[k]))
			return 1;
	return 0;
}

/* Does a text value hold HTML?  It starts with a tag we know. */
static int looks_html(const char *s, size_t n)
{
	size_t i = 0, k;

	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
		i++;
	if (i + 2 >= n || s[i] != '<')
		return 0;
	i++;
	if (s[i] == '!')
		return 1;
	if (s[i] == '/')
		i++;
	k = i;
	while (k < n && ((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= 'A' && s[k] <= 'Z') ||
	                 (s[k] >= '1' && s[k] <= '6')))
		k++;
	if (k == i || k >= n || (s[k] != '>' && s[k] != ' ' && s[k] != '/'))
		return 0;
	return ts_eq_nocase(s + i, k - i, "br") || ts_eq_nocase(s + i, k - i, "span") ||
	       ts_eq_nocase(s + i, k - i, "b") || ts_eq_nocase(s + i, k - i, "a") ||
	       ts_eq_nocase(s + i, k - i, "html") || ts_eq_nocase(s + i, k - i, "body") ||
	       ts_eq_nocase(s + i, k - i, "strong") || ts_eq_nocase(s + i, k - i, "em") ||
	       is_break_tag(s + i, k - i);
}

/* ---- reading values out of a parsed item ------------------------------------ */

/* obj's member at a dotted path ("author.name"), or NULL. */
static json_t *get_path(json_t *obj, const char *path)
{
	char key[32];

	while (obj && json_is_object(obj)) {
		const char *dot = strchr(path, '.');
		size_t n = dot ? (size_t)(dot - path) : strlen(path);
		if (n >= sizeof key)
			return NULL;
		memcpy(key, path, n);
		key[n] = '\0';
		obj = json_object_get(obj, key);
		if (!dot)
			return obj;
		path = dot + 1;
	}
	return NULL;
}

/* A scalar as text: strings as they are, numbers written out into num
 * (NUM_MAX bytes).  Objects, arrays, booleans, null and "" are absent. */
static int scalar_text(json_t *v, char *num, ts_str *out)
{
	int w;

	if (json_is_string(v)) {
		out->p = json_string_value(v);
		out->n = json_string_length(v);
		ts_trim(&out->p, &out->n);
		return out->n > 0;
	}
	if (json_is_integer(v))
		w = snprintf(num, NUM_MAX, "%lld", (long long)json_integer_value(v));
	else if (json_is_real(v))
		w = snprintf(num, NUM_MAX, "%.15g", json_real_value(v));
	else
		return 0;
	if (w <= 0 || w >= NUM_MAX)
		return 0;
	out->p = num;
	out->n = (size_t)w;
	return 1;
}

/* The first of keys (dotted paths) with a scalar value; *which gets its
 * index.  Returns 1 if one was found. */
static int first_of(json_t *obj, const char *const *keys, char *num, ts_str *out,
                    size_t *which)
{
	for (size_t k = 0; keys[k]; k++) {
		if (scalar_text(get_path(obj, keys[k]), num, out)) {
			if (which)
				*which = k;
			return 1;
		}
	}
	out->p = "";
	out->n = 0;
	return 0;
}

static const char *const k_ticket_id[] = {"id", "ticket_id", "conversation_id", NULL};
static const char *const k_flat_conv[] = {"conversation_id", "ticket_id", "case_id",
                                          "thread_id", "chat_id", NULL};
static const char *const k_customer[] = {"requester_id", "customer_id", "user_id",
                                         "contact.id", "requester.id", "customer.id",
                                         "user.id", NULL};
static const char *const k_status[] = {"status", "state", NULL};
static const char *const k_channel[] = {"channel", "via.channel", NULL};
static const char *const k_assignee[] = {"assignee_id", "admin_assignee_id",
                                         "assignee.name", "assignee", NULL};
static const char *const k_reopens[] = {"reopens", "reopen_count", NULL};
static const char *const k_author[] = {"author.name", "author_name", "author.email",
                                       "from.name", "from.email", "from", "author",
                                       "author_id", "author.id", NULL};
static const char *const k_author_id[] = {"author_id", "author.id", "from.id",
                                          "sender_id", NULL};
static const char *const k_role[] = {"role", "author.type", "author_type",
                                     "author.role", "sender_type", NULL};
static const char *const k_time[] = {"created_at", "timestamp", "date", "created",
                                     "sent_at", NULL};
static const char *const k_text[] = {"plain_body", "body", "text", "content",
                                     "html_body", NULL};
#define K_HTML_BODY 4
static const char *const k_messages[] = {"comments", "conversation_parts", "messages",
                                         "thread", "threads", NULL};
static const char *const k_kind[] = {"comment", "conversation part", "message",
                                     "thread message", "thread message", NULL};
/* A ticket's own text: its description (Zendesk; Freshdesk's plain and
 * HTML forms), and for a ticket without a messages array also the message
 * keys at ticket level.  No key is HTML by name: HTML is recognised. */
static const char *const k_desc[] = {"description_text", "description", NULL};
static const char *const k_desc_or_text[] = {"description_text", "description",
                                             "plain_body", "body", "text", "content",
                                             "html_body", NULL};
/* Who wrote the description: the requester. */
static const char *const k_requester[] = {"requester.name", "requester.email",
                                          "requester_name", "requester_email",
                                          "requester", "requester_id", "requester.id",
                                          "customer.name", "customer.email",
                                          "customer_id", "customer.id", NULL};

/* What the item says about the ticket it belongs to. */
struct ticket {
	ts_str id, customer, status, channel, assignee, reopens;
	char num[6][NUM_MAX];
	const char *kind;   /* "comment", ... */
	unsigned emitted;   /* messages emitted or rejected from it */
};

/* The first non-empty string of keys in it, HTML reduced (into buf) when
 * it is HTML or under key html_key, trimmed. */
static int text_of(ts_json_reader *r, json_t *it, const char *const *keys, size_t html_key,
                   ts_buf *buf, ts_str *out)
{
	for (size_t k = 0; keys[k]; k++) {
		json_t *v = json_object_get(it, keys[k]);
		const char *s;
		size_t n;
		if (!json_is_string(v))
			continue;
		s = json_string_value(v);
		n = json_string_length(v);
		if (k == html_key || looks_html(s, n)) {
			ts_buf_reset(buf);
			if (ts_html_text(s, n, buf)) {
				ts_reader_fatal(&r->d, TS_ENOMEM, r->item_line, "out of memory");
				return 0;
			}
			s = buf->p;
			n = buf->len;
		}
		while (n && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')) {
			s++;
			n--;
		}
		while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' ||
		             s[n - 1] == '\n'))
			n--;
		if (n) {
			out->p = s;
			out->n = n;
			return 1;
		}
	}
	out->p = "";
	out->n = 0;
	return 0;
}

/* The text of a message item. */
static int item_text(ts_json_reader *r, json_t *it, ts_str *out)
{
	return text_of(r, it, k_text, K_HTML_BODY, &r->text, out);
}

/* The same text, whatever the white space: runs of spaces, tabs, line
 * ends and no-break spaces compare as one space. */
static int same_text(ts_str a, ts_str b)
{
	size_t i = 0, j = 0;
	int first = 1;

	for (;;) {
		size_t wa = 0, wb = 0;
		while (i < a.n && (a.p[i] == ' ' || a.p[i] == '\t' || a.p[i] == '\r' ||
		                   a.p[i] == '\n' || (a.p[i] == '\xC2' && i + 1 < a.n &&
		                                       a.p[i + 1] == '\xA0'))) {
			i += a.p[i] == '\xC2' ? 2 : 1;
			wa = 1;
		}
		while (j < b.n && (b.p[j] == ' ' || b.p[j] == '\t' || b.p[j] == '\r' ||
		                   b.p[j] == '\n' || (b.p[j] == '\xC2' && j + 1 < b.n &&
		                                       b.p[j + 1] == '\xA0'))) {
			j += b.p[j] == '\xC2' ? 2 : 1;
			wb = 1;
		}
		if (i == a.n || j == b.n)
			return i == a.n && j == b.n;
		if ((!first && wa != wb) || a.p[i] != b.p[j])
			return 0;
		first = 0;
		i++;
		j++;
	}
}

/* A role value we cannot map: one warning per distinct value per input. */
static void warn_role(ts_json_reader *r, unsigned long line, const char *v, size_t n)
{
	char key[ROLE_KEY] = { 0 };
	size_t k = n < ROLE_KEY ? n : ROLE_KEY;

	for (size_t i = 0; i < k; i++)
		key[i] = (char)ts_lower((unsigned char)v[i]);
	for (size_t i = 0; i < r->nroles_seen; i++)
		if (r->roles_seen[i].n == n && memcmp(r->roles_seen[i].key, key, k) == 0)
			return;
	if (r->nroles_seen == MAX_ROLE_WARNINGS)
		return;
	r->roles_seen[r->nroles_seen].n = n;
	memcpy(r->roles_seen[r->nroles_seen].key, key, k);
	r->nroles_seen++;
	warn(r, line, "unknown role '%.*s' (the role is inferred from the author)",
	     (int)k, v);
}

/*
 * The role of an item: public false or an Intercom note part is a note;
 * else role / author.type / author_type as the export says it; else the
 * author is the customer when their id is the requester's, an agent when
 * it is another; else unknown.
 */
static ts_role item_role(ts_json_reader *r, json_t *it, const ts_str *customer,
                         ts_str *role_text, unsigned long line)
{
	json_t *pub = json_object_get(it, "public");
	json_t *pt = json_object_get(it, "part_type");
	ts_str aid;

	first_of(it, k_role, r->num[TS_F_ROLE], role_text, NULL);
	if (json_is_false(pub) ||
	    (json_is_string(pt) && strcmp(json_string_value(pt), "note") == 0))
		return TS_ROLE_NOTE;
	if (role_text->n) {
		ts_role role = ts_role_parse(role_text->p, role_text->n);
		if (role != TS_ROLE_UNKNOWN)
			return role;
		warn_role(r, line, role_text->p, role_text->n);
	}
	if (customer->n && first_of(it, k_author_id, r->author_id, &aid, NULL))
		return aid.n == customer->n && memcmp(aid.p, customer->p, aid.n) == 0
		       ? TS_ROLE_CUSTOMER : TS_ROLE_AGENT;
	return TS_ROLE_UNKNOWN;
}

/* Intercom parts that record an event (assignment, open, close, snooze...)
 * and say nothing are not messages. */
static int is_event_part(json_t *it)
{
	json_t *pt = json_object_get(it, "part_type");
	const char *s;

	if (!json_is_string(pt))
		return 0;
	s = json_string_value(pt);
	return strcmp(s, "comment") != 0 && strcmp(s, "note") != 0;
}

static int emit(ts_json_reader *r, ts_message *m)
{
	r->d.records++;
	if (r->on_message && r->on_message(r->d.ud, m))
		ts_reader_fatal(&r->d, TS_ESTOP, m->line, "stopped by the message callback");
	return r->d.status;
}

/* A new message of ticket t (counted as emitted): every field empty but
 * the ticket's own (conversation, customer, status, assignee, reopens). */
static void ticket_message(struct ticket *t, ts_message *m)
{
	t->emitted++;
	memset(m, 0, sizeof *m);
	for (int f = 0; f < TS_F_COUNT; f++) {
		m->f[f].p = "";
		m->f[f].n = 0;
	}
	m->f[TS_F_CONVERSATION] = t->id;
	m->f[TS_F_CUSTOMER] = t->customer;
	m->f[TS_F_STATUS] = t->status;
	m->f[TS_F_ASSIGNEE] = t->assignee;
	m->f[TS_F_REOPENS] = t->reopens;
}

/*
 * One message item of a ticket (or a flat message, t->kind NULL): emit it
 * or reject it.  idx is its 0-based position in the ticket's array, or -1
 * for Intercom's opening "source" message.
 */
static void item_message(ts_json_reader *r, struct ticket *t, json_t *it,
                         json_t *ticket, long idx, unsigned long line)
{
	ts_message m;
	ts_str text;
	char what[160];

	if (t->kind && idx >= 0)
		snprintf(what, sizeof what, "%s %ld of ticket %.*s", t->kind, idx + 1,
		         (int)(t->id.n < ID_SHOWN ? t->id.n : ID_SHOWN), t->id.p);
	else if (t->kind)
		snprintf(what, sizeof what, "the opening message of conversation %.*s",
		         (int)(t->id.n < ID_SHOWN ? t->id.n : ID_SHOWN), t->id.p);
	else
		snprintf(what, sizeof what, "message of conversation %.*s",
		         (int)(t->id.n < ID_SHOWN ? t->id.n : ID_SHOWN), t->id.p);
	if (!json_is_object(it)) {
		t->emitted++;
		ts_reader_reject(&r->d, 1, line, "%s is not an object", what);
		return;
	}
	if (!item_text(r, it, &text)) {
		if (r->d.status || is_event_part(it))
			return;
		t->emitted++;
		ts_reader_reject(&r->d, 1, line, "%s has no text (looked for plain_body, body, text, "
				 "content, html_body)", what);
		return;
	}
	ticket_message(t, &m);
	if (!first_of(it, k_channel, r->num[TS_F_CHANNEL], &m.f[TS_F_CHANNEL], NULL))
		m.f[TS_F_CHANNEL] = t->channel;
	first_of(it, k_author, r->num[TS_F_AUTHOR], &m.f[TS_F_AUTHOR], NULL);
	if (!first_of(it, k_time, r->num[TS_F_TIME], &m.f[TS_F_TIME], NULL) && idx < 0)
		first_of(ticket, k_time, r->num[TS_F_TIME], &m.f[TS_F_TIME], NULL);
	if (idx >= 0) {
		int w = snprintf(r->num[TS_F_SEQ], NUM_MAX, "%ld", idx);
		m.f[TS_F_SEQ].p = r->num[TS_F_SEQ];
		m.f[TS_F_SEQ].n = w > 0 ? (size_t)w : 0;
	}
	m.has_seq = 0; /* a position, not the export's own sequence */
	m.f[TS_F_TEXT] = text;
	m.role = item_role(r, it, &t->customer, &m.f[TS_F_ROLE], line);
	m.row = r->d.records + 1;
	m.line = line;
	m.file = r->name;
	emit(r, &m);
}

/*
 * A ticket's description as its first message: written by the requester
 * (a customer) when the ticket was created.
 */
static void desc_message(ts_json_reader *r, struct ticket *t, json_t *ticket,
                         ts_str text, unsigned long line)
{
	ts_message m;
	static const char customer[] = "customer";

	ticket_message(t, &m);
	m.f[TS_F_CHANNEL] = t->channel;
	if (!first_of(ticket, k_requester, r->num[TS_F_AUTHOR], &m.f[TS_F_AUTHOR], NULL))
		m.f[TS_F_AUTHOR] = t->customer;
	first_of(ticket, k_time, r->num[TS_F_TIME], &m.f[TS_F_TIME], NULL);
	m.f[TS_F_TEXT] = text;
	m.f[TS_F_ROLE].p = customer;
	m.f[TS_F_ROLE].n = sizeof customer - 1;
	m.role = TS_ROLE_CUSTOMER;
	m.row = r->d.records + 1;
	m.line = line;
	m.file = r->name;
	emit(r, &m);
}

/*
 * The line each element of the messages array starts on.  jansson keeps
 * no positions, so the held item is walked once more: the array is the
 * value of key k1 at depth 1, or of k2 inside that object (Intercom's
 * conversation_parts.conversation_parts).  The last occurrence of a
 * repeated key wins, as in jansson.  Intercom's "source" object at depth 1
 * gives source_line.
 */
static int element_lines(ts_json_reader *r, const char *k1, const char *k2)
{
	const char *p = r->item.p;
	size_t n = r->item.len, depth = 0, target = k2 ? 3 : 2, klen = 0;
	unsigned long line = r->item_line;
	unsigned char kind[4] = {0, 0, 0, 0};
	int in_str = 0, esc = 0, is_key = 0, expect_key = 0, want_elem = 0;
	int under1 = 0, under2 = 0, in_target = 0, key1_src = 0;
	char key[KEY_MAX];

	r->nelines = 0;
	r->source_line = r->item_line;
	if (!memchr(p, '\n', n))
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = p[i];
		if (in_str) {
			if (esc)
				esc = 0;
			else if (c == '\\') {
				esc = 1;
				klen = KEY_MAX; /* an escaped key matches nothing */
			}
			else if (c == '"') {
				in_str = 0;
				if (is_key) {
					int match1 = depth == 1 && klen == strlen(k1) &&
					             memcmp(key, k1, klen) == 0;
					if (depth == 1) {
						under1 = match1;
						key1_src = klen == 6 && memcmp(key, "source", 6) == 0;
					}
					if (depth == 2)
						under2 = under1 && k2 && klen == strlen(k2) &&
						         memcmp(key, k2, klen) == 0;
				}
			} else if (is_key && klen < KEY_MAX)
				key[klen++] = c;
			continue;
		}
		if (c == '\n') {
			line++;
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\r' || c == ':')
			continue;
		if (want_elem && c != ']') {
			if (ts_grow_array(&r->elines, &r->elines_cap, r->nelines + 1,
			                  sizeof *r->elines, 16))
				return TS_ENOMEM;
			r->elines[r->nelines++] = line;
		}
		want_elem = 0;
		is_key = 0;
		switch (c) {
		case '"':
			in_str = 1;
			is_key = expect_key;
			expect_key = 0;
			klen = 0;
			break;
		case '{':
		case '[':
			if (depth == 1 && key1_src && c == '{')
				r->source_line = line;
			if (depth + 1 == target && c == '[' &&
			    ((target == 2 && under1) || (target == 3 && under2))) {
				r->nelines = 0; /* a repeated key: the last one wins */
				in_target = 1;
				want_elem = 1;
			}
			depth++;
			if (depth < sizeof kind)
				kind[depth] = (unsigned char)c;
			expect_key = c == '{';
			break;
		case '}':
		case ']':
			if (depth == target && in_target)
				in_target = 0;
			if (depth)
				depth--;
			break;
		case ',':
			if (depth < sizeof kind && kind[depth] == '{')
				expect_key = 1;
			if (depth == target && in_target)
				want_elem = 1;
			break;
		default:
			break;
		}
	}
	return 0;
}

/* The messages array of a ticket: key k, or k.k; *which its key index. */
static json_t *messages_of(json_t *obj, size_t *which, int *nested)
{
	for (size_t k = 0; k_messages[k]; k++) {
		json_t *v = json_object_get(obj, k_messages[k]);
		*nested = json_is_object(v);
		if (*nested)
			v = json_object_get(v, k_messages[k]);
		if (json_is_array(v)) {
			*which = k;
			return v;
		}
	}
	return NULL;
}

static void ticket_fields(json_t *obj, struct ticket *t)
{
	first_of(obj, k_customer, t->num[1], &t->customer, NULL);
	first_of(obj, k_status, t->num[2], &t->status, NULL);
	first_of(obj, k_channel, t->num[3], &t->channel, NULL);
	first_of(obj, k_assignee, t->num[4], &t->assignee, NULL);
	first_of(obj, k_reopens, t->num[5], &t->reopens, NULL);
}

/*
 * JSON is UTF-8 and jansson refuses an item with one invalid byte; an
 * export with Latin-1 or broken text in it would lose those messages.
 * An invalid byte is read as the Latin-1 character of its value instead
 * (a Latin-1 "caf\xe9" becomes "café"; other bytes become visible
 * mojibake, never lost), into r->fixed.  Returns the bytes to parse.
 */
static int repair_utf8(ts_json_reader *r, const char **p, size_t *n)
{
	const unsigned char *s = (const unsigned char *)r->item.p;
	size_t i = 0, len = r->item.len, k;

	*p = r->item.p;
	*n = len;
	while (i < len && (k = ts_utf8_seq(s + i, len - i)) != 0)
		i += k;
	if (i == len)
		return TS_OK;
	ts_buf_reset(&r->fixed);
	if (ts_buf_add(&r->fixed, s, i))
		return TS_ENOMEM;
	while (i < len) {
		k = ts_utf8_seq(s + i, len - i);
		if (k) {
			if (ts_buf_add(&r->fixed, s + i, k))
				return TS_ENOMEM;
			i += k;
			continue;
		}
		if (ts_buf_addc(&r->fixed, (char)(0xC0 | (s[i] >> 6))) ||
		    ts_buf_addc(&r->fixed, (char)(0x80 | (s[i] & 0x3F))))
			return TS_ENOMEM;
		i++;
	}
	*p = r->fixed.p;
	*n = r->fixed.len;
	return TS_OK;
}

/* A held item is complete: parse it and emit its messages.  Returns 1
 * when it is not valid JSON. */
static int process_item(ts_json_reader *r)
{
	unsigned long line = r->item_line;
	json_error_t je;
	json_t *v, *msgs;
	const char *bytes;
	size_t nbytes;
	struct ticket t;
	ts_str desc;
	size_t which = 0;
	int nested = 0;

	/* Depth first: it is counted byte by byte, while the size is found
	 * when a span is held, which depends on where chunks end. */
	if (r->too_deep) {
		ts_reader_reject(&r->d, 1, line, "item nested deeper than %zu levels (--max-depth)",
				 r->max_depth);
		return 0;
	}
	if (r->too_big) {
		ts_reader_reject(&r->d, 1, line, "item longer than %zu bytes (--max-message)",
				 r->max_item);
		return 0;
	}
	if (repair_utf8(r, &bytes, &nbytes)) {
		ts_reader_fatal(&r->d, TS_ENOMEM, line, "out of memory");
		return 0;
	}
	v = json_loadb(bytes, nbytes, JSON_DECODE_ANY | JSON_ALLOW_NUL, &je);
	if (bytes == r->fixed.p && r->fixed.alloc > FIXED_KEEP_ALLOC)
		ts_buf_release(&r->fixed);
	if (!v && json_error_code(&je) == json_error_out_of_memory) {
		/* jansson's failure, not the item's */
		ts_reader_fatal(&r->d, TS_ENOMEM, line, "out of memory");
		return 0;
	}
	if (!v) {
		if (je.line > 1)
			ts_reader_reject(&r->d, 1, line, "invalid JSON: %s (line %lu, column %d)", je.text,
					 line + (unsigned long)je.line - 1, je.column);
		else
			ts_reader_reject(&r->d, 1, line, "invalid JSON: %s (column %d)", je.text, je.column);
		return 1;
	}
	if (!json_is_object(v)) {
		ts_reader_reject(&r->d, 1, line, "item is not an object");
		goto out;
	}
	memset(&t, 0, sizeof t);
	msgs = messages_of(v, &which, &nested);
	if (!msgs) {
		/* a flat message: a conversation id and a text (a ticket_id
		 * with only a description is a ticket: its description) */
		if (first_of(v, k_flat_conv, t.num[0], &t.id, NULL)) {
			ts_str s;
			ticket_fields(v, &t);
			if (!item_text(r, v, &s) && text_of(r, v, k_desc, SIZE_MAX, &r->desc, &desc))
				desc_message(r, &t, v, desc, line);
			else
				item_message(r, &t, v, v, -1, line);
			goto out;
		}
		/* a ticket with no messages array: its description (or text) */
		if (first_of(v, k_ticket_id, t.num[0], &t.id, NULL) &&
		    text_of(r, v, k_desc_or_text, SIZE_MAX, &r->desc, &desc)) {
			ticket_fields(v, &t);
			desc_message(r, &t, v, desc, line);
			goto out;
		}
		if (!r->d.status)
			ts_reader_reject(&r->d, 1, line, "object is neither a ticket (no comments, "
					 "conversation_parts, messages or thread array, and no id with a "
					 "description) nor a message (no conversation_id or ticket_id)");
		goto out;
	}
	if (!first_of(v, k_ticket_id, t.num[0], &t.id, NULL)) {
		ts_reader_reject(&r->d, 1, line, "ticket has no id (looked for id, ticket_id, conversation_id)");
		goto out;
	}
	t.kind = k_kind[which];
	ticket_fields(v, &t);
	if (element_lines(r, k_messages[which], nested ? k_messages[which] : NULL)) {
		ts_reader_fatal(&r->d, TS_ENOMEM, line, "out of memory");
		goto out;
	}
	/* Intercom: the conversation opens with its "source" message. */
	if (which == 1) {
		json_t *src = json_object_get(v, "source");
		ts_str s;
		if (json_is_object(src) && item_text(r, src, &s))
			item_message(r, &t, src, v, -1, r->source_line);
	} else if (text_of(r, v, k_desc, SIZE_MAX, &r->desc, &desc)) {
		/* The description opens the ticket, unless the first message says
		 * the same (Zendesk's first comment is the description). */
		json_t *first = json_array_get(msgs, 0);
		ts_str s;
		if ((!json_is_object(first) || !item_text(r, first, &s) || !same_text(s, desc)) &&
		    !r->d.status)
			desc_message(r, &t, v, desc, line);
	}
	for (size_t i = 0; i < json_array_size(msgs) && !r->d.status; i++)
		item_message(r, &t, json_array_get(msgs, i), v, (long)i,
		             i < r->nelines ? r->elines[i] : line);
	if (!t.emitted && !r->d.status)
		warn(r, line, "ticket %.*s has no messages",
		     (int)(t.id.n < ID_SHOWN ? t.id.n : ID_SHOWN), t.id.p);
out:
	json_decref(v);
	return 0;
}

/* ---- the scanner ----------------------------------------------------------- */

static int is_ws(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The first top-level value ended: JSON Lines if it ended on its line. */
static void top_value_done(ts_json_reader *r)
{
	r->st = ST_TOP;
	if (r->lines_mode < 0)
		r->lines_mode = r->line == r->value_line;
}

/* Keeps p[from, to) of the held item, up to max_item. */
static void hold_span(ts_json_reader *r, const char *p, size_t from, size_t to)
{
	if (!r->hold || to <= from)
		return;
	if (to - from > r->max_item - r->item.len) {
		r->too_big = 1;
		r->hold = 0;
		ts_buf_reset(&r->item);
		return;
	}
	if (ts_buf_add(&r->item, p + from, to - from)) {
		ts_reader_fatal(&r->d, TS_ENOMEM, r->item_line, "out of memory");
		r->hold = 0;
	}
}

/*
 * The structure is broken at the current line.  JSON Lines: that line is
 * one rejected record and reading resumes at the next line (at_eol: the
 * breaking byte was the line break itself).  An array or a document:
 * nothing more can be read.
 */
static void broken(ts_json_reader *r, int at_eol, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;
static void broken(ts_json_reader *r, int at_eol, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (r->lines_mode < 0 && r->line != r->value_line)
		r->lines_mode = 0; /* a multi-line first value: a document */
	if (r->lines_mode == 0 || (r->in_array && r->lines_mode != 1)) {
		ts_reader_fatal(&r->d, TS_EINPUT, r->line, "invalid JSON: %s (not read past here)",
		                    msg);
		return;
	}
	ts_reader_reject(&r->d, 1, r->line, "invalid JSON: %s", msg);
	r->in_array = r->wrapped = 0;
	r->is_wrapper = r->hold = 0;
	ts_buf_reset(&r->item);
	r->resync = 1;
	r->st = at_eol ? ST_RESYNC : ST_SKIP_LINE;
}

/* A value starts with byte c (not consumed). */
static void start_value(ts_json_reader *r, unsigned char c, int may_wrap)
{
	r->st = ST_VALUE;
	r->depth = 0;
	r->in_str = r->esc = 0;
	r->literal = c != '{' && c != '[' && c != '"';
	r->hold = 1;
	r->may_wrap = may_wrap;
	r->is_wrapper = 0;
	r->too_big = r->too_deep = 0;
	r->ks = KS_NONE;
	r->item_line = r->line;
	ts_buf_reset(&r->item);
}

static int is_wrapper_key(const ts_json_reader *r)
{
	static const char *const keys[] = {"tickets", "conversations", "results"};

	if (r->key_bad)
		return 0;
	for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
		if (strlen(keys[k]) == r->key_len && memcmp(keys[k], r->key, r->key_len) == 0)
			return 1;
	return 0;
}

/* A value at depth 0 ended.  In JSON Lines the rest of the line of an
 * item that is not JSON is skipped ("not json at all" is one reject). */
static void value_done(ts_json_reader *r)
{
	int invalid = 0;

	if (r->is_wrapper) {
		top_value_done(r);
		return;
	}
	if (!r->d.status)
		invalid = process_item(r);
	if (r->in_array) {
		r->st = ST_ARR_AFTER;
		return;
	}
	top_value_done(r);
	if (invalid && r->lines_mode == 1) {
		r->resync = 0;
		r->st = ST_SKIP_LINE;
	}
}

/* The array of items closed. */
static void array_done(ts_json_reader *r)
{
	r->in_array = 0;
	if (!r->wrapped) {
		top_value_done(r);
		return;
	}
	/* back in the wrapper object, after the array member */
	r->wrapped = 0;
	r->st = ST_VALUE;
	r->depth = 1;
	r->stack[0] = '{';
	r->in_str = r->esc = r->literal = 0;
	r->hold = 0;
	r->may_wrap = 1;
	r->is_wrapper = 1;
	r->too_big = r->too_deep = 0;
	r->ks = KS_AFTER;
}

static int push(ts_json_reader *r, unsigned char c)
{
	if (r->depth >= r->stack_alloc &&
	    ts_grow_array(&r->stack, &r->stack_alloc, r->depth + 1, 1, 64)) {
		ts_reader_fatal(&r->d, TS_ENOMEM, r->line, "out of memory");
		return TS_ENOMEM;
	}
	r->stack[r->depth] = c;
	return 0;
}

/* Bytes that may appear in a string with nothing to do. */
static int plain_str_byte(unsigned char c)
{
	return c != '"' && c != '\\' && c != '\n';
}

/* Scans p[i, n) inside a value; returns where it stopped (the value's end,
 * a byte to look at again, or n). */
static size_t scan_value(ts_json_reader *r, const char *p, size_t i, size_t n)
{
	size_t from = i;

	for (; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		if (r->in_str) {
			if (r->ks != KS_IN_KEY && !r->esc)
				while (i < n && plain_str_byte((unsigned char)p[i]))
					i++;
			if (i == n)
				break;
			c = (unsigned char)p[i];
			if (c == '\n') {
				hold_span(r, p, from, i);
				broken(r, 1, "line break inside a string");
				r->line++;
				return i + 1;
			} else if (r->esc) {
				r->esc = 0;
			} else if (c == '\\') {
				r->esc = 1;
				if (r->ks == KS_IN_KEY)
					r->key_bad = 1;
			} else if (c == '"') {
				r->in_str = 0;
				if (r->ks == KS_IN_KEY)
					r->ks = KS_COLON;
				if (r->depth == 0) {
					hold_span(r, p, from, i + 1);
					value_done(r);
					return i + 1;
				}
			} else if (r->ks == KS_IN_KEY) {
				if (r->key_len < KEY_MAX)
					r->key[r->key_len++] = (char)c;
				else
					r->key_bad = 1;
			}
			continue;
		}
		if (r->literal) {
			if (is_ws(c) || c == ',' || c == ']' || c == '}') {
				hold_span(r, p, from, i);
				value_done(r);
				return i; /* look at c again */
			}
			continue;
		}
		switch (c) {
		case '\n':
			if (r->lines_mode == 1) {
				hold_span(r, p, from, i);
				broken(r, 1, "line ends inside a JSON value");
				r->line++;
				return i + 1;
			}
			r->line++;
			break;
		case ' ':
		case '\t':
		case '\r':
			break;
		case '"':
			r->in_str = 1;
			if (r->may_wrap && r->depth == 1) {
				if (r->ks == KS_KEY) {
					r->ks = KS_IN_KEY;
					r->key_len = 0;
					r->key_bad = 0;
				} else if (r->ks == KS_VALUE) {
					r->ks = KS_AFTER;
				}
			}
			break;
		case '{':
		case '[':
			if (r->may_wrap && r->depth == 1 && r->ks == KS_VALUE) {
				if (c == '[' && is_wrapper_key(r)) {
					/* {"tickets": [ ... : the items follow */
					r->hold = 0;
					ts_buf_reset(&r->item);
					r->too_big = r->too_deep = 0;
					r->in_array = 1;
					r->wrapped = 1;
					r->array_line = r->line;
					r->st = ST_ARR_OPEN;
					return i + 1;
				}
				r->ks = KS_AFTER;
			}
			if (r->depth < r->max_depth) {
				if (push(r, c))
					return n;
			} else if (!r->too_deep) {
				r->too_deep = 1;
				r->hold = 0;
				ts_buf_reset(&r->item);
			}
			r->depth++;
			if (r->depth == 1 && c == '{' && r->may_wrap)
				r->ks = KS_KEY;
			break;
		case '}':
		case ']':
			if (r->depth <= r->max_depth &&
			    r->stack[r->depth - 1] != (c == '}' ? '{' : '[')) {
				hold_span(r, p, from, i);
				broken(r, 0, "'%c' closes '%c'", c, r->stack[r->depth - 1]);
				return i + 1;
			}
			r->depth--;
			if (r->depth == 0) {
				hold_span(r, p, from, i + 1);
				value_done(r);
				return i + 1;
			}
			if (r->may_wrap && r->depth == 1)
				r->ks = KS_AFTER;
			break;
		case ',':
			if (r->may_wrap && r->depth == 1)
				r->ks = KS_KEY;
			break;
		case ':':
			if (r->may_wrap && r->depth == 1 && r->ks == KS_COLON)
				r->ks = KS_VALUE;
			break;
		default:
			if (r->may_wrap && r->depth == 1 && r->ks == KS_VALUE)
				r->ks = KS_AFTER;
			break;
		}
	}
	hold_span(r, p, from, n);
	return n;
}

/* Scans p[0, n) (see the top of the file). */
static int scan(ts_json_reader *r, const char *p, size_t n)
{
	static const unsigned char bom[3] = {0xEF, 0xBB, 0xBF};
	size_t i = 0;

	while (i < n && !r->d.status) {
		unsigned char c = (unsigned char)p[i];
		const char *nl;

		switch (r->st) {
		case ST_BOM:
			if (c == bom[r->bom_len]) {
				i++;
				if (++r->bom_len == 3)
					r->st = ST_TOP;
				continue;
			}
			r->st = ST_TOP;
			if (r->bom_len) {
				broken(r, 0, "a broken byte order mark");
				continue;
			}
			continue;
		case ST_VALUE:
			i = scan_value(r, p, i, n);
			continue;
		case ST_SKIP_LINE:
			nl = memchr(p + i, '\n', n - i);
			if (!nl) {
				i = n;
				continue;
			}
			i = (size_t)(nl - p) + 1;
			r->line++;
			r->st = r->resync ? ST_RESYNC : ST_TOP;
			continue;
		case ST_RESYNC:
			if (c == '{' || c == '[') {
				r->resync = 0;
				r->st = ST_TOP;
			} else if (is_ws(c)) {
				i++;
				r->line += c == '\n';
			} else {
				r->st = ST_SKIP_LINE;
			}
			continue;
		default:
			break;
		}
		if (is_ws(c)) {
			i++;
			if (c != '\n')
				continue;
			if (r->lines_mode == 1 && r->st != ST_TOP) {
				broken(r, 1, "line ends inside an array");
				r->line++;
				continue;
			}
			r->line++;
			continue;
		}
		switch (r->st) {
		case ST_TOP:
			r->value_line = r->line;
			r->seen_value = 1;
			if (c == '[') {
				r->in_array = 1;
				r->wrapped = 0;
				r->array_line = r->line;
				r->st = ST_ARR_OPEN;
				i++;
			} else if (c == ']' || c == '}' || c == ',' || c == ':') {
				broken(r, 0, "unexpected '%c'", c);
				i++;
			} else {
				start_value(r, c, c == '{');
			}
			break;
		case ST_ARR_OPEN:
		case ST_ARR_ELEM:
			if (c == ']' && r->st == ST_ARR_OPEN) {
				i++;
				array_done(r);
			} else if (c == ']' || c == '}' || c == ',' || c == ':') {
				broken(r, 0, "unexpected '%c' where an item should be", c);
				i++;
			} else {
				start_value(r, c, 0);
			}
			break;
		case ST_ARR_AFTER:
			i++;
			if (c == ',')
				r->st = ST_ARR_ELEM;
			else if (c == ']')
				array_done(r);
			else
				broken(r, 0, "unexpected '%c' after an item (expected ',' or ']')",
				       c < 0x20 || c >= 0x7F ? '?' : c);
			break;
		default:
			i++;
			break;
		}
	}
	return r->d.status;
}

/* ---- public API ------------------------------------------------------------- */

int ts_json_reader_new(ts_json_reader **out, const ts_json_options *opt,
                       const char *name, ts_message_fn on_message,
                       ts_diag_fn on_diag, void *ud, ts_error *err)
{
	ts_json_reader *r;

	*out = NULL;
	if (!name)
		name = "-";
	r = calloc(1, sizeof *r);
	if (!r)
		goto fail;
	ts_buf_init(&r->item, 0);
	ts_buf_init(&r->fixed, 0);
	ts_buf_init(&r->crbuf, 0);
	ts_buf_init(&r->text, 0);
	ts_buf_init(&r->desc, 0);
	r->name = strdup(name);
	if (!r->name)
		goto fail;
	r->on_message = on_message;
	r->d.name = r->name;
	r->d.on_diag = on_diag;
	r->d.ud = ud;
	r->max_item = opt && opt->max_item ? opt->max_item : TS_DEFAULT_MAX_MESSAGE;
	r->max_depth = opt && opt->max_depth ? opt->max_depth : TS_DEFAULT_MAX_DEPTH;
	if (r->max_depth > TS_MAX_DEPTH_LIMIT)
		r->max_depth = TS_MAX_DEPTH_LIMIT;
	r->line = 1;
	r->value_line = 1;
	r->lines_mode = -1;
	r->st = ST_BOM;
	*out = r;
	return TS_OK;
fail:
	ts_json_reader_free(r);
	return ts_error_set(err, TS_ENOMEM, name, 0, "out of memory");
}

/*
 * Lines end in LF, CRLF or a lone CR (old Mac files).  The scanner knows
 * LF only (JSON Lines, line numbers, resynchronising after a broken line),
 * so from a chunk's first lone CR on, the chunk is copied CR_SLICE bytes
 * at a time with each lone CR made LF (the copy stays small however big
 * the caller's chunks); a CR ending the chunk is made LF too, and an LF
 * starting the next chunk is then dropped.  CR is JSON white space, so
 * nothing else changes.  Chunks without a lone CR (LF and CRLF files)
 * are scanned as they are.
 */
#define CR_SLICE 1024

static int scan_lines(ts_json_reader *r, const char *p, size_t n)
{
	const char *cr;
	size_t i;

	if (r->cr_pending) {
		r->cr_pending = 0;
		if (p[0] == '\n') {
			p++;
			n--;
		}
	}
	for (cr = memchr(p, '\r', n); cr; cr = memchr(cr + 1, '\r', n - (size_t)(cr + 1 - p)))
		if ((size_t)(cr - p) + 1 == n || cr[1] != '\n')
			break;
	if (!cr)
		return n ? scan(r, p, n) : TS_OK;
	i = (size_t)(cr - p);
	if (i && scan(r, p, i))
		return r->d.status;
	while (i < n) {
		size_t k = n - i < CR_SLICE ? n - i : CR_SLICE;
		ts_buf_reset(&r->crbuf);
		if (ts_buf_add(&r->crbuf, p + i, k)) {
			ts_reader_fatal(&r->d, TS_ENOMEM, r->line, "out of memory");
			return r->d.status;
		}
		for (size_t j = 0; j < k; j++)
			if (r->crbuf.p[j] == '\r' && (i + j + 1 == n || p[i + j + 1] != '\n'))
				r->crbuf.p[j] = '\n';
		if (scan(r, r->crbuf.p, k))
			return r->d.status;
		i += k;
	}
	r->cr_pending = p[n - 1] == '\r';
	return TS_OK;
}

int ts_json_reader_feed(ts_json_reader *r, const void *buf, size_t n, ts_error *err)
{
	if (r->d.status)
		return ts_reader_report(&r->d, err);
	if (r->finished)
		return ts_error_set(err, TS_EUSAGE, r->name, 0, "input already finished");
	if (n && scan_lines(r, buf, n))
		return ts_reader_report(&r->d, err);
	return TS_OK;
}

int ts_json_reader_finish(ts_json_reader *r, ts_error *err)
{
	int cut = 0;

	if (r->d.status)
		return ts_reader_report(&r->d, err);
	if (r->finished)
		return TS_OK;
	r->finished = 1;
	if (r->st == ST_BOM && r->bom_len)
		broken(r, 0, "a broken byte order mark");
	if (r->st == ST_VALUE) {
		if (r->literal && !r->in_str) {
			value_done(r); /* a number or word ends with the input */
		} else if (!r->is_wrapper) {
			ts_reader_reject(&r->d, 1, r->item_line, "input ends inside this item (truncated)");
			cut = 1;
		}
	}
	if (r->d.status)
		return ts_reader_report(&r->d, err);
	if (!cut && r->st == ST_VALUE && r->is_wrapper)
		ts_reader_fatal(&r->d, TS_EINPUT, r->value_line,
		                    "input ends inside the object that starts here (truncated)");
	else if (!cut && r->in_array)
		ts_reader_fatal(&r->d, TS_EINPUT, r->array_line,
		                    "input ends inside the array that starts here (truncated)");
	else if (!r->seen_value)
		ts_reader_fatal(&r->d, TS_EINPUT, 0, "empty input (no JSON value)");
	return ts_reader_report(&r->d, err);
}

void ts_json_reader_counts(const ts_json_reader *r, unsigned long *records,
                           unsigned long *rejected)
{
	ts_reader_counts(r ? &r->d : NULL, records, rejected);
}

size_t ts_json_reader_buffer_bytes(const ts_json_reader *r)
{
	return r->item.alloc + r->fixed.alloc + r->crbuf.alloc + r->text.alloc + r->desc.alloc +
	       r->stack_alloc +
	       r->elines_cap * sizeof *r->elines;
}

void ts_json_reader_free(ts_json_reader *r)
{
	if (!r)
		return;
	ts_buf_release(&r->item);
	ts_buf_release(&r->fixed);
	ts_buf_release(&r->crbuf);
	ts_buf_release(&r->text);
	ts_buf_release(&r->desc);
	free(r->stack);
	free(r->elines);
	free(r->name);
	free(r);
}

int ts_json_sniff(const void *buf, size_t n)
{
	const unsigned char *p = buf;
	size_t i = 0;
	unsigned char first;

	if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
		i = 3;
	while (i < n && is_ws(p[i]))
		i++;
	if (i == n || (p[i] != '{' && p[i] != '['))
		return 0;
	first = p[i++];
	while (i < n && is_ws(p[i]))
		i++;
	if (i == n)
		return 1;
	if (first == '{')
		return p[i] == '"' || p[i] == '}';
	return p[i] == '{' || p[i] == '[' || p[i] == ']' || p[i] == '"';
}
