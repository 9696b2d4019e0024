/*
 * read_email.c - the e-mail reader: bytes fed in chunks of any size, an
 * mbox or one message (.eml), become one ts_message per e-mail.
 *
 * Splitting: the input is an mbox when its first line is a "From " line
 * that carries a date (is_from_line, after git's mailsplit: a prefix is
 * not enough); every later such line starts the next message, and in the
 * body ">From " lines lose one '>' (mboxrd).  Otherwise the whole input is
 * one message.  Bytes are gathered into lines; a message is held whole
 * (lines end in LF, CRLF or a lone CR, as old Mac mail has them; each is
 * held ending in "\n") up to max_message bytes,
 * then decoded from memory, so a chunk boundary can fall anywhere.  A
 * bigger message is rejected: its bytes are dropped as they come.  So a
 * reader holds at most about max_message bytes for the message, as much
 * again for its current line, and the decoded and cleaned text of one
 * message.
 *
 * Threading (conversation id): a message joins the thread of the first
 * id it points at that was recorded before -- its In-Reply-To id, else
 * the References ids in order (so a parent seen earlier wins over a
 * References list that is broken or in the wrong order).  When none was
 * seen, the root is the first id in References (unless In-Reply-To names
 * an id References lacks: broken References, In-Reply-To is believed),
 * else the In-Reply-To id (the thread is rooted at the missing parent),
 * else the message's own Message-ID.  Every message's own id is recorded with its root.  So a
 * reply read before its parent gets the same root as when read after it
 * when its References start at the thread's first message (RFC 5322 asks
 * for that); a reply with only In-Reply-To, read before its parent, is
 * rooted at the parent, and the parent joins its own parent's thread.
 *
 * Subject threads: a message without any id falls back to its subject
 * normalised ("subject:" + the subject without Re:/Fwd:/AW:/WG:/SV:
 * prefixes and [tags], case-folded), and one with no subject either gets
 * "message:<n>" (n: the message's number among all read with the thread
 * map, i.e. its row when the map is the reader's own).  A subject thread
 * keeps the span of its messages' dates: a dated message joins the
 * newest of the last TS_EMAIL_SUBJECT_LOOKBACK threads of its subject
 * whose span, widened by subject_window on both sides, holds its date;
 * else it starts the next one, "subject:<norm> [Thread 2]", "[Thread 3]"...
 * in input order.  A message without a readable date joins "subject:<norm>", as
 * does every message of a subject whose key is too long to record.
 *
 * Memory: the thread map (ts_email_threads) holds at most TS_EMAIL_MAX_IDS
 * ids of at most TS_EMAIL_MAX_ID_LEN bytes, each with a 48-byte record,
 * about 8 bytes of hash slots, and a root's first customer address (at
 * most as long again): at most about 150 MB in the worst case, about 100
 * bytes per message with usual ids.  Once full, new ids are not recorded
 * (the References rule still threads replies, the In-Reply-To rule does
 * not; subject threads stop splitting by date).  The map lives as long as
 * its owner: the reader (one file) or the caller (the scanner: one run).
 *
 * Not here: MIME (mime.c), HTML (html_text.c), removing quotes and
 * signatures (email_clean.c), opening files (source.c), walking a Maildir
 * (the caller feeds each file to a new reader, with the run's map).
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "email_clean.h"
#include "mime.h"
#include "read_email.h"
#include "reader.h"
#include "timeparse.h"
#include "traitscan.h"
#include "util.h"

#define FROM_LINE_MAX 1024  /* a longer line is never a "From " separator */
#define LINE_KEEP_ALLOC ((size_t)64 << 10) /* a bigger line buffer is freed */
/* The later threads of a subject: a normalised subject is lowercase, so
 * "[Thread 2]" (capital T) is never part of one ("Order [thread 2]" is
 * another subject's first thread, not this one's second). */
#define SUBJECT_GEN " [Thread %lu]"

enum mode { M_START = 0, M_MBOX, M_SINGLE };

/* One id in the thread map; roots carry the thread's first customer,
 * subject threads the span of their dates. */
struct idrec {
	uint64_t h;
	int64_t first, last;       /* dates of a subject thread (has_span) */
	uint32_t key_off, cust_off;  /* into arena */
	uint16_t key_len, cust_len;
	uint32_t root;             /* index of the root's record */
	uint32_t gens;             /* a subject's threads (on its first) */
	uint8_t has_span;
};

struct ts_email_threads {
	struct idrec *rec;
	size_t nrec, cap;
	uint32_t *slot;            /* record index + 1, 0 = empty */
	size_t nslot;              /* power of two */
	ts_buf arena;
	unsigned long messages;    /* messages read: n of "message:<n>" */
};

struct ts_email_reader {
	char *name;
	ts_message_fn on_message;
	char **agent_domains, **agents;
	size_t nagent_domains, nagents;
	size_t max_message, max_depth;
	int expect_mbox;

	enum mode mode;
	ts_buf line;              /* the current line (its first bytes when
	                           * the message is already too big) */
	size_t line_total;        /* its full length so far */
	unsigned long line_no;    /* line number of the current line */
	int in_msg, oversize;
	int after_cr;             /* the last chunk ended in a CR: an LF first
	                           * in the next one is part of that line end */
	unsigned long msg_line;   /* where the current message started */
	ts_buf msg;

	ts_email_threads *ids;    /* the run's map, or own */
	ts_email_threads *own;
	int64_t subject_window;
	ts_mime_ctx mime;
	ts_buf hdr[6], text, clean, conv, addr, dname, tmp;

	ts_reader_diag d;        /* status, fail, on_diag, ud, counts */
	int finished;
};

enum { H_FROM, H_DATE, H_ID, H_IRT, H_REFS, H_SUBJECT };

/* ---- boundary rules ------------------------------------------------------------ */

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * A "From " line that separates messages: "From sender Www Mmm dd
 * hh:mm:ss yyyy".  Like git's mailsplit, the last colon of the line must
 * sit between two-digit minutes and seconds after an hour digit, and a
 * year after 90 must follow the seconds: "From here on ..." is text.
 */
static int is_from_line(const char *s, size_t n)
{
	size_t c;
	long year = 0;
	size_t i;

	if (n < 20 || n > FROM_LINE_MAX || memcmp(s, "From ", 5) != 0)
		return 0;
	for (c = n; c > 5 && s[c - 1] != ':'; c--)
		;
	if (c <= 5)
		return 0;
	c--; /* s[c] is the last colon */
	if (c < 9 || c + 3 > n)
		return 0;
	if (!is_digit(s[c - 4]) || s[c - 3] != ':' || !is_digit(s[c - 2]) ||
	    !is_digit(s[c - 1]) || !is_digit(s[c + 1]) || !is_digit(s[c + 2]))
		return 0;
	for (i = c + 3; i < n && (s[i] == ' ' || s[i] == '\t'); i++)
		;
	for (; i < n && is_digit(s[i]) && year < 100000; i++)
		year = year * 10 + (s[i] - '0');
	return year > 90;
}

/* ">From ", ">>From " ...: an escaped "From " in an mbox body. */
static int is_escaped_from(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && s[i] == '>')
		i++;
	return i > 0 && n - i >= 5 && memcmp(s + i, "From ", 5) == 0;
}

/* ---- thread map ------------------------------------------------------------------ */

static uint64_t id_hash(const char *s, size_t n)
{
	return ts_mix64(ts_fnv1a(TS_FNV_INIT, s, n));
}

static long idmap_find(const ts_email_threads *m, const char *s, size_t n)
{
	uint64_t h;
	size_t i;

	if (!m->nslot)
		return -1;
	h = id_hash(s, n);
	for (i = (size_t)h & (m->nslot - 1); m->slot[i]; i = (i + 1) & (m->nslot - 1)) {
		const struct idrec *e = &m->rec[m->slot[i] - 1];
		if (e->h == h && e->key_len == n && memcmp(m->arena.p + e->key_off, s, n) == 0)
			return (long)(m->slot[i] - 1);
	}
	return -1;
}

static int idmap_rehash(ts_email_threads *m, size_t nslot)
{
	uint32_t *slot = calloc(nslot, sizeof *slot);

	if (!slot)
		return TS_ENOMEM;
	for (size_t k = 0; k < m->nrec; k++) {
		size_t i = (size_t)m->rec[k].h & (nslot - 1);
		while (slot[i])
			i = (i + 1) & (nslot - 1);
		slot[i] = (uint32_t)(k + 1);
	}
	free(m->slot);
	m->slot = slot;
	m->nslot = nslot;
	return TS_OK;
}

/* Records id s with the given root (-1: itself).  Returns its index, -1
 * when the map is full or the id too long, or -2 when out of memory. */
static long idmap_add(ts_email_threads *m, const char *s, size_t n, long root)
{
	struct idrec *e;
	size_t i;

	if (n == 0 || n > TS_EMAIL_MAX_ID_LEN || m->nrec >= TS_EMAIL_MAX_IDS)
		return -1;
	if ((m->nrec + 1) * 2 > m->nslot &&
	    idmap_rehash(m, m->nslot ? m->nslot * 2 : 256))
		return -2;
	if (ts_grow_array(&m->rec, &m->cap, m->nrec + 1, sizeof *m->rec, 64))
		return -2;
	e = &m->rec[m->nrec];
	memset(e, 0, sizeof *e);
	e->h = id_hash(s, n);
	/* the cap keeps the arena far below 4 GiB: ids and customers of at
	 * most TS_EMAIL_MAX_ID_LEN bytes, TS_EMAIL_MAX_IDS of each */
	e->key_off = (uint32_t)m->arena.len;
	e->key_len = (uint16_t)n;
	e->root = (uint32_t)(root < 0 ? (long)m->nrec : root);
	if (ts_buf_add(&m->arena, s, n))
		return -2;
	for (i = (size_t)e->h & (m->nslot - 1); m->slot[i]; i = (i + 1) & (m->nslot - 1))
		;
	m->slot[i] = (uint32_t)(m->nrec + 1);
	return (long)m->nrec++;
}

int ts_email_threads_new(ts_email_threads **out)
{
	ts_email_threads *m = calloc(1, sizeof *m);

	*out = m;
	if (!m)
		return TS_ENOMEM;
	ts_buf_init(&m->arena, 0);
	return TS_OK;
}

size_t ts_email_threads_count(const ts_email_threads *m)
{
	return m ? m->nrec : 0;
}

size_t ts_email_threads_bytes(const ts_email_threads *m)
{
	return m ? m->arena.alloc + m->cap * sizeof *m->rec + m->nslot * sizeof *m->slot : 0;
}

void ts_email_threads_free(ts_email_threads *m)
{
	if (!m)
		return;
	free(m->rec);
	free(m->slot);
	ts_buf_release(&m->arena);
	free(m);
}

/* ---- header values ------------------------------------------------------------------ */

/* The address of a From value, lowercased, into r->addr; the display
 * name (RFC 2047 decoded, quotes dropped) into r->dname. */
static int parse_from(ts_email_reader *r, const ts_buf *v)
{
	const char *lt = memchr(v->p, '<', v->len), *gt = NULL, *a = NULL;
	size_t an = 0, i;
	int rc;

	ts_buf_reset(&r->addr);
	ts_buf_reset(&r->dname);
	if (lt)
		gt = memchr(lt, '>', v->len - (size_t)(lt - v->p));
	if (lt && gt) {
		a = lt + 1;
		an = (size_t)(gt - a);
		ts_buf_reset(&r->tmp);
		if ((rc = ts_mime_decode_words(&r->mime, v->p, (size_t)(lt - v->p), &r->tmp)))
			return rc;
		for (i = 0; i < r->tmp.len; i++)
			if (r->tmp.p[i] != '"' && (rc = ts_buf_addc(&r->dname, r->tmp.p[i])))
				return rc;
	} else {
		/* bare address, maybe with a "(Name)" comment */
		size_t s = 0, e;
		while (s < v->len && v->p[s] == ' ')
			s++;
		e = s;
		while (e < v->len && v->p[e] != ' ' && v->p[e] != '(')
			e++;
		a = v->p + s;
		an = e - s;
		if (e < v->len && (lt = memchr(v->p + e, '(', v->len - e)) != NULL &&
		    (gt = memchr(lt, ')', v->len - (size_t)(lt - v->p))) != NULL &&
		    (rc = ts_mime_decode_words(&r->mime, lt + 1, (size_t)(gt - lt - 1),
		                               &r->dname)))
			return rc;
	}
	ts_trim(&a, &an);
	for (i = 0; i < an; i++)
		if ((rc = ts_buf_addc(&r->addr, (char)ts_lower((unsigned char)a[i]))))
			return rc;
	{
		const char *d = r->dname.p;
		size_t dn = r->dname.len;
		ts_trim(&d, &dn);
		memmove(r->dname.p, d, dn);
		ts_buf_truncate(&r->dname, dn);
	}
	return TS_OK;
}

static int eq_nocase2(const char *a, size_t an, const char *b, size_t bn)
{
	if (an != bn)
		return 0;
	for (size_t i = 0; i < an; i++)
		if (ts_lower((unsigned char)a[i]) != ts_lower((unsigned char)b[i]))
			return 0;
	return 1;
}

/* agent_domains holds the address's domain or a parent of it. */
static int domain_is_agent(const ts_email_reader *r, const char *a, size_t n)
{
	const char *at = NULL;

	for (size_t i = n; i-- > 0;)
		if (a[i] == '@') {
			at = a + i;
			break;
		}
	if (!at)
		return 0;
	at++;
	n -= (size_t)(at - a);
	for (size_t k = 0; k < r->nagent_domains; k++) {
		const char *d = r->agent_domains[k];
		size_t dn = strlen(d);
		if (dn && d[0] == '@') {
			d++;
			dn--;
		}
		if (!dn || dn > n)
			continue;
		if (eq_nocase2(at + n - dn, dn, d, dn) && (dn == n || at[n - dn - 1] == '.'))
			return 1;
	}
	return 0;
}

static ts_role role_of(const ts_email_reader *r)
{
	if (domain_is_agent(r, r->addr.p, r->addr.len))
		return TS_ROLE_AGENT;
	for (size_t k = 0; k < r->nagents; k++) {
		size_t n = strlen(r->agents[k]);
		if ((r->addr.len && eq_nocase2(r->addr.p, r->addr.len, r->agents[k], n)) ||
		    (r->dname.len && eq_nocase2(r->dname.p, r->dname.len, r->agents[k], n)))
			return TS_ROLE_AGENT;
	}
	return TS_ROLE_CUSTOMER;
}

/* ---- subject fallback ---------------------------------------------------------------- */

/* Length of a reply/forward prefix ("Re:", "FWD:", "AW :", "Re[2]:") at
 * the start of s, or 0. */
static size_t reply_prefix(const char *s, size_t n)
{
	static const char *const pre[] = {"re", "fwd", "fw", "aw", "wg", "sv",
	                                  "vs", "antw", "tr", "rif", NULL};
	for (size_t k = 0; pre[k]; k++) {
		size_t l = strlen(pre[k]), i;
		if (n < l || !ts_eq_nocase(s, l, pre[k]))
			continue;
		i = l;
		if (i < n && s[i] == '[') {
			while (i < n && s[i] != ']')
				i++;
			i++;
		}
		while (i < n && s[i] == ' ')
			i++;
		if (i < n && s[i] == ':')
			return i + 1;
	}
	return 0;
}

/* "[Ticket #123]", "[list-name]": a bracketed tag at the start of s. */
static size_t tag_prefix(const char *s, size_t n)
{
	const char *e;

	if (!n || s[0] != '[')
		return 0;
	e = memchr(s, ']', n < 80 ? n : 80);
	return e ? (size_t)(e - s) + 1 : 0;
}

/* "subject:" + the normalised subject into out; 0 if nothing is left. */
static int subject_key(const char *s, size_t n, ts_buf *out)
{
	size_t k, start;
	int space = 0, rc;

	for (;;) {
		ts_trim(&s, &n);
		if ((k = reply_prefix(s, n)) || (k = tag_prefix(s, n))) {
			s += k;
			n -= k;
			continue;
		}
		break;
	}
	/* a "[Ticket #123]" tag at the end too */
	if (n && s[n - 1] == ']') {
		const char *lb = NULL;
		for (size_t i = n; i-- > 0;)
			if (s[i] == '[') {
				lb = s + i;
				break;
			}
		if (lb && memchr(lb, '#', (size_t)(s + n - lb))) {
			n = (size_t)(lb - s);
			ts_trim(&s, &n);
		}
	}
	if (!n)
		return 0;
	if ((rc = ts_buf_adds(out, "subject:")))
		return rc;
	start = out->len;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == ' ' || c == '\t') {
			space = 1;
			continue;
		}
		if (space && out->len > start && (rc = ts_buf_addc(out, ' ')))
			return rc;
		space = 0;
		if ((rc = ts_buf_addc(out, (char)ts_lower((unsigned char)c))))
			return rc;
	}
	return 1;
}

/* ---- one message ---------------------------------------------------------------------- */

static int get_header(const char *hdr, size_t hn, const char *name, ts_buf *out)
{
	ts_buf_reset(out);
	return ts_mime_header(hdr, hn, name, out);
}

/* The next <id> of a header value from *pos on (brackets removed);
 * 0 when there is none.  An id without '@' is skipped: RFC 5322 ids have
 * one, and broken mailers write "<yes>" or "<>" (git send-email once
 * took --in-reply-to=yes literally), which would join unrelated threads. */
static int next_id(const ts_buf *v, size_t *pos, const char **p, size_t *n)
{
	while (*pos < v->len) {
		const char *lt = memchr(v->p + *pos, '<', v->len - *pos), *gt;
		if (!lt)
			break;
		gt = memchr(lt, '>', v->len - (size_t)(lt - v->p));
		if (!gt)
			break;
		*pos = (size_t)(gt - v->p) + 1;
		if (gt > lt + 1 && memchr(lt, '@', (size_t)(gt - lt))) {
			*p = lt + 1;
			*n = (size_t)(gt - lt - 1);
			return 1;
		}
	}
	*pos = v->len;
	return 0;
}

/* The first id of a header value, or (NULL, 0). */
static void first_id(const ts_buf *v, const char **p, size_t *n)
{
	size_t pos = 0;

	if (!next_id(v, &pos, p, n)) {
		*p = NULL;
		*n = 0;
	}
}

/* A parent or reference we have seen: the In-Reply-To id, else the
 * References ids in order.  Its record, or -1. */
static long known_parent(ts_email_reader *r, const char *irt, size_t irtn)
{
	const char *p;
	size_t n, pos = 0;
	long k;

	if (irtn && (k = idmap_find(r->ids, irt, irtn)) >= 0)
		return k;
	while (next_id(&r->hdr[H_REFS], &pos, &p, &n))
		if ((k = idmap_find(r->ids, p, n)) >= 0)
			return k;
	return -1;
}

/* Whether date t is within w seconds of subject thread e's dates. */
static int in_span(const struct idrec *e, int64_t t, int64_t w)
{
	return (t >= e->first || e->first - t <= w) && (t <= e->last || t - e->last <= w);
}

static void widen_span(struct idrec *e, int64_t t)
{
	if (!e->has_span || t < e->first)
		e->first = t;
	if (!e->has_span || t > e->last)
		e->last = t;
	e->has_span = 1;
}

/*
 * The subject thread of a message without ids: r->conv holds its key
 * ("subject:<norm>"); the thread's suffix ("#2") is added to it when the
 * message's date starts or joins a later thread of that subject.  *root is
 * the thread's record, or -1 when it could not be recorded.
 */
static int subject_thread(ts_email_reader *r, long *root)
{
	ts_email_threads *m = r->ids;
	const ts_buf *date = &r->hdr[H_DATE];
	size_t base_len = r->conv.len;
	int64_t t;
	long base, k;
	uint32_t g;
	int rc;

	base = idmap_find(m, r->conv.p, r->conv.len);
	if (base < 0) {
		base = idmap_add(m, r->conv.p, r->conv.len, -1);
		if (base == -2)
			return TS_ENOMEM;
		if (base >= 0)
			m->rec[base].gens = 1;
	}
	*root = base;
	/* undated, or not recorded: one thread per subject */
	if (base < 0 || !date->len || ts_time_parse(NULL, date->p, date->len, &t) != TS_OK)
		return TS_OK;
	if (!m->rec[base].has_span) {
		widen_span(&m->rec[base], t);
		return TS_OK;
	}
	/* the newest thread whose dates are near enough */
	for (g = m->rec[base].gens; g >= 1 && g + TS_EMAIL_SUBJECT_LOOKBACK > m->rec[base].gens;
	     g--) {
		k = base;
		ts_buf_truncate(&r->conv, base_len);
		if (g > 1) {
			if ((rc = ts_buf_addf(&r->conv, SUBJECT_GEN, (unsigned long)g)))
				return rc;
			k = idmap_find(m, r->conv.p, r->conv.len);
		}
		if (k >= 0 && in_span(&m->rec[k], t, r->subject_window)) {
			widen_span(&m->rec[k], t);
			*root = k;
			return TS_OK;
		}
	}
	/* too far from all of them: the next thread */
	g = m->rec[base].gens + 1;
	ts_buf_truncate(&r->conv, base_len);
	if ((rc = ts_buf_addf(&r->conv, SUBJECT_GEN, (unsigned long)g)))
		return rc;
	k = idmap_add(m, r->conv.p, r->conv.len, -1);
	if (k == -2)
		return TS_ENOMEM;
	if (k < 0) { /* the map is full (or the key too long): the first thread */
		ts_buf_truncate(&r->conv, base_len);
		return TS_OK;
	}
	m->rec[base].gens = g;
	widen_span(&m->rec[k], t);
	*root = k;
	return TS_OK;
}

/* Whether the References header names id: it should end with the
 * In-Reply-To id; when it does not, it is broken, and In-Reply-To is
 * believed instead. */
static int in_references(ts_email_reader *r, const char *id, size_t n)
{
	const char *p;
	size_t pn, pos = 0;

	while (next_id(&r->hdr[H_REFS], &pos, &p, &pn))
		if (pn == n && memcmp(p, id, n) == 0)
			return 1;
	return 0;
}

/* The conversation id into r->conv; *root the root's record (or -1). */
static int thread_of(ts_email_reader *r, long *root)
{
	ts_email_threads *m = r->ids;
	const char *own, *irt, *ref, *rp;
	size_t ownn, irtn, refn, rn;
	long k, self;
	int rc;

	first_id(&r->hdr[H_ID], &own, &ownn);
	first_id(&r->hdr[H_IRT], &irt, &irtn);
	first_id(&r->hdr[H_REFS], &ref, &refn);
	*root = -1;
	ts_buf_reset(&r->conv);
	if ((k = known_parent(r, irt, irtn)) >= 0) {
		rp = NULL; /* joins the thread of a message seen before */
		rn = 0;
	} else if (refn && (!irtn || in_references(r, irt, irtn))) {
		rp = ref;
		rn = refn;
	} else if (irtn) {
		rp = irt;
		rn = irtn;
	} else if (ownn) {
		rp = own;
		rn = ownn;
	} else {
		rc = subject_key(r->hdr[H_SUBJECT].p, r->hdr[H_SUBJECT].len, &r->conv);
		if (rc < 0)
			return rc;
		if (rc > 0)
			return subject_thread(r, root);
		if ((rc = ts_buf_addf(&r->conv, "message:%lu", m->messages)))
			return rc;
		k = idmap_add(m, r->conv.p, r->conv.len, -1);
		if (k == -2)
			return TS_ENOMEM;
		*root = k;
		return TS_OK;
	}
	if (rp) {
		k = idmap_find(m, rp, rn);
		if (k < 0)
			k = idmap_add(m, rp, rn, -1);
		if (k == -2)
			return TS_ENOMEM;
	}
	if (k >= 0) {
		k = (long)m->rec[k].root;
		rp = m->arena.p + m->rec[k].key_off;
		rn = m->rec[k].key_len;
	}
	if ((rc = ts_buf_add(&r->conv, rp, rn)))
		return rc;
	*root = k;
	/* record our own id under that root (an id seen before keeps its) */
	if (ownn && k >= 0 && idmap_find(m, own, ownn) < 0) {
		self = idmap_add(m, own, ownn, k);
		if (self == -2)
			return TS_ENOMEM;
	}
	return TS_OK;
}

/* The thread's first customer (recorded on its root), for m->customer. */
static int thread_customer(ts_email_reader *r, long root, ts_role role,
                           ts_str *out)
{
	ts_email_threads *m = r->ids;
	struct idrec *e;

	out->p = "";
	out->n = 0;
	if (root < 0) {
		if (role == TS_ROLE_CUSTOMER) {
			out->p = r->addr.p;
			out->n = r->addr.len;
		}
		return TS_OK;
	}
	e = &m->rec[root];
	if (!e->cust_len && role == TS_ROLE_CUSTOMER && r->addr.len &&
	    r->addr.len <= TS_EMAIL_MAX_ID_LEN) {
		size_t off = m->arena.len;
		if (ts_buf_add(&m->arena, r->addr.p, r->addr.len))
			return TS_ENOMEM;
		e->cust_off = (uint32_t)off;
		e->cust_len = (uint16_t)r->addr.len;
	}
	if (e->cust_len) {
		out->p = m->arena.p + e->cust_off;
		out->n = e->cust_len;
	} else if (role == TS_ROLE_CUSTOMER) {
		out->p = r->addr.p;
		out->n = r->addr.len;
	}
	return TS_OK;
}

static const char *const header_names[] = {
	[H_FROM] = "from", [H_DATE] = "date", [H_ID] = "message-id",
	[H_IRT] = "in-reply-to", [H_REFS] = "references", [H_SUBJECT] = "subject",
};

/* The message in r->msg is complete: emit or reject it. */
static int message_end(ts_email_reader *r)
{
	unsigned long row = ++r->d.records, line = r->msg_line;
	size_t hn, off;
	long root;
	int rc, what;
	ts_message m;
	ts_role role;

	r->ids->messages++; /* rejected ones too: "message:<n>" is the row */
	if (r->oversize) {
		ts_reader_reject(&r->d, 0, line, "message %lu longer than %zu bytes (--max-message)",
				 row, r->max_message);
		return TS_OK;
	}
	ts_mime_split(r->msg.p, r->msg.len, &hn, &off);
	for (int h = 0; h <= H_SUBJECT; h++)
		if ((rc = get_header(r->msg.p, hn, header_names[h], &r->hdr[h])) < 0)
			return rc;
	ts_buf_reset(&r->tmp);
	if ((rc = ts_mime_decode_words(&r->mime, r->hdr[H_SUBJECT].p,
	                               r->hdr[H_SUBJECT].len, &r->tmp)))
		return rc;
	ts_buf_reset(&r->hdr[H_SUBJECT]);
	if ((rc = ts_buf_add(&r->hdr[H_SUBJECT], r->tmp.p, r->tmp.len)))
		return rc;
	if ((rc = parse_from(r, &r->hdr[H_FROM])))
		return rc;
	role = r->addr.len ? role_of(r) : TS_ROLE_UNKNOWN;
	if ((rc = thread_of(r, &root)))
		return rc;

	ts_buf_reset(&r->text);
	ts_buf_reset(&r->clean);
	if ((rc = ts_mime_body_text(&r->mime, r->msg.p, r->msg.len, r->max_depth,
	                            &r->text, &what)))
		return rc;
	switch (what) {
	case TS_MIME_TOO_DEEP:
		ts_reader_reject(&r->d, 0, line, "message %lu has no text above MIME depth %zu (--max-depth)",
				 row, r->max_depth);
		return TS_OK;
	case TS_MIME_NO_BOUNDARY:
		ts_reader_reject(&r->d, 0, line, "message %lu is multipart without a boundary", row);
		return TS_OK;
	case TS_MIME_NO_PARTS:
		ts_reader_reject(&r->d, 0, line, "message %lu is multipart but its boundary never "
		                 "appears (no parts)", row);
		return TS_OK;
	case TS_MIME_NO_TEXT:
		ts_reader_reject(&r->d, 0, line, "message %lu has no text part (attachments only)", row);
		return TS_OK;
	default:
		break;
	}
	if ((rc = ts_email_clean(r->text.p, r->text.len, &r->clean)))
		return rc;
	if (!r->clean.len) {
		ts_reader_reject(&r->d, 0, line, "message %lu has no text after removing quotes and signature",
				 row);
		return TS_OK;
	}
	memset(&m, 0, sizeof m);
	for (int f = 0; f < TS_F_COUNT; f++) {
		m.f[f].p = "";
		m.f[f].n = 0;
	}
	m.f[TS_F_CONVERSATION].p = r->conv.p;
	m.f[TS_F_CONVERSATION].n = r->conv.len;
	m.f[TS_F_TIME].p = r->hdr[H_DATE].p;
	m.f[TS_F_TIME].n = r->hdr[H_DATE].len;
	m.f[TS_F_AUTHOR].p = r->addr.p;
	m.f[TS_F_AUTHOR].n = r->addr.len;
	m.f[TS_F_CHANNEL].p = "email";
	m.f[TS_F_CHANNEL].n = 5;
	m.f[TS_F_TEXT].p = r->clean.p;
	m.f[TS_F_TEXT].n = r->clean.len;
	if ((rc = thread_customer(r, root, role, &m.f[TS_F_CUSTOMER])))
		return rc;
	m.role = role;
	m.row = row;
	m.line = line;
	m.file = r->name;
	if (r->on_message && r->on_message(r->d.ud, &m))
		ts_reader_fatal(&r->d, TS_ESTOP, line, "stopped by the message callback");
	return TS_OK;
}

/* Ends the message being read, if any. */
static int close_message(ts_email_reader *r)
{
	int rc = TS_OK;

	if (r->in_msg)
		rc = message_end(r);
	r->in_msg = 0;
	r->oversize = 0;
	ts_buf_reset(&r->msg);
	if (rc)
		ts_reader_fatal(&r->d, rc, r->msg_line, "%s",
		                rc == TS_ENOMEM ? "out of memory" : "cannot read the message");
	return r->d.status;
}

static void start_message(ts_email_reader *r, unsigned long line)
{
	r->in_msg = 1;
	r->oversize = 0;
	r->msg_line = line;
	ts_buf_reset(&r->msg);
}

/* Appends one line of the message (without its break) to r->msg. */
static void add_line(ts_email_reader *r, const char *s, size_t n)
{
	if (r->oversize)
		return;
	if (n > r->max_message || r->msg.len + n + 1 > r->max_message) {
		r->oversize = 1;
		ts_buf_release(&r->msg); /* bytes of a rejected message are not kept */
		return;
	}
	if (ts_buf_add(&r->msg, s, n) || ts_buf_addc(&r->msg, '\n'))
		ts_reader_fatal(&r->d, TS_ENOMEM, r->msg_line, "out of memory");
}

/* A complete line (r->line; r->line_total bytes in all). */
static void line_done(ts_email_reader *r)
{
	const char *s = r->line.p;
	size_t n = r->line.len;
	int whole = r->line_total == n;

	if (whole && n && s[n - 1] == '\r')
		n--;
	if (r->mode == M_START) {
		size_t b = 0;
		while (b < n && (s[b] == ' ' || s[b] == '\t'))
			b++;
		if (whole && b == n)
			return; /* blank lines before the first line say nothing */
		r->mode = whole && is_from_line(s, n) ? M_MBOX : M_SINGLE;
		if (r->mode == M_SINGLE)
			start_message(r, r->line_no);
	}
	if (r->mode == M_MBOX && whole && is_from_line(s, n)) {
		if (close_message(r))
			return;
		start_message(r, r->line_no);
		return; /* the separator is not part of the message */
	}
	if (!r->in_msg)
		return;
	if (!whole && !r->oversize) { /* its bytes were already dropped */
		r->oversize = 1;
		ts_buf_release(&r->msg);
	}
	if (r->mode == M_MBOX && is_escaped_from(s, n)) {
		s++;
		n--;
	}
	add_line(r, s, n);
}

/* Where c next occurs in p[from, n), or n. */
static size_t find_byte(const char *p, size_t from, size_t n, int c)
{
	const char *q = memchr(p + from, c, n - from);
	return q ? (size_t)(q - p) : n;
}

static int feed_bytes(ts_email_reader *r, const char *p, size_t n)
{
	size_t i = 0, lf, cr;

	if (r->after_cr && n && p[0] == '\n')
		i = 1; /* the LF of a CRLF cut between two chunks */
	r->after_cr = 0;
	lf = find_byte(p, i, n, '\n');
	cr = find_byte(p, i, n, '\r');
	while (i < n && !r->d.status) {
		size_t e, k, keep;
		int q;

		if (lf < i)
			lf = find_byte(p, i, n, '\n');
		if (cr < i)
			cr = find_byte(p, i, n, '\r');
		e = lf < cr ? lf : cr; /* the line ends at the first of them */
		q = e < n;
		k = e - i;

		/* hold the line while it may still fit the message; past that
		 * only enough of it to tell a "From " line */
		keep = r->oversize || r->line_total + k > r->max_message ? FROM_LINE_MAX + 1
		                                                         : r->max_message + 1;
		if (r->line.len < keep) {
			size_t take = keep - r->line.len < k ? keep - r->line.len : k;
			if (ts_buf_add(&r->line, p + i, take)) {
				ts_reader_fatal(&r->d, TS_ENOMEM, r->line_no, "out of memory");
				break;
			}
		}
		r->line_total += k;
		i = e;
		if (!q)
			break;
		i++;
		if (e == cr) { /* CR, or CR LF: one line end */
			if (i == n)
				r->after_cr = 1;
			else if (p[i] == '\n')
				i++;
		}
		line_done(r);
		ts_buf_reset(&r->line);
		if (r->line.alloc > LINE_KEEP_ALLOC)
			ts_buf_release(&r->line);
		r->line_total = 0;
		r->line_no++;
	}
	return r->d.status;
}

/* ---- public API ----------------------------------------------------------------------- */

static char **copy_list(const char *const *v, size_t n, int *fail)
{
	char **out;

	if (!n)
		return NULL;
	out = calloc(n, sizeof *out);
	if (!out) {
		*fail = 1;
		return NULL;
	}
	for (size_t i = 0; i < n; i++)
		if (!(out[i] = strdup(v[i] ? v[i] : "")))
			*fail = 1;
	return out;
}

static void free_list(char **v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}

int ts_email_reader_new(ts_email_reader **out, const ts_email_options *opt,
                        const char *name, ts_message_fn on_message,
                        ts_diag_fn on_diag, void *ud, ts_error *err)
{
	ts_email_reader *r;
	int fail = 0;

	*out = NULL;
	if (!name)
		name = "-";
	r = calloc(1, sizeof *r);
	if (!r)
		return ts_error_set(err, TS_ENOMEM, name, 0, "out of memory");
	ts_buf_init(&r->line, 0);
	ts_buf_init(&r->msg, 0);
	for (size_t h = 0; h < sizeof r->hdr / sizeof r->hdr[0]; h++)
		ts_buf_init(&r->hdr[h], 0);
	ts_buf_init(&r->text, 0);
	ts_buf_init(&r->clean, 0);
	ts_buf_init(&r->conv, 0);
	ts_buf_init(&r->addr, 0);
	ts_buf_init(&r->dname, 0);
	ts_buf_init(&r->tmp, 0);
	r->name = strdup(name);
	r->on_message = on_message;
	r->d.name = r->name;
	r->d.on_diag = on_diag;
	r->d.ud = ud;
	if (opt) {
		r->agent_domains = copy_list(opt->agent_domains, opt->nagent_domains, &fail);
		r->nagent_domains = r->agent_domains ? opt->nagent_domains : 0;
		r->agents = copy_list(opt->agents, opt->nagents, &fail);
		r->nagents = r->agents ? opt->nagents : 0;
		r->expect_mbox = opt->expect_mbox;
	}
	r->max_message = opt && opt->max_message ? opt->max_message
	                                         : TS_DEFAULT_MAX_MESSAGE;
	r->max_depth = opt && opt->max_mime_depth ? opt->max_mime_depth
	                                          : TS_DEFAULT_MAX_DEPTH;
	if (r->max_depth > TS_MAX_DEPTH_LIMIT)
		r->max_depth = TS_MAX_DEPTH_LIMIT;
	r->subject_window = opt && opt->subject_window > 0 ? opt->subject_window
	                                                   : TS_DEFAULT_SUBJECT_WINDOW;
	r->ids = opt ? opt->threads : NULL;
	if (!r->ids && ts_email_threads_new(&r->own) == TS_OK)
		r->ids = r->own;
	r->line_no = 1;
	if (!r->name || !r->ids || fail) {
		ts_email_reader_free(r);
		return ts_error_set(err, TS_ENOMEM, name, 0, "out of memory");
	}
	*out = r;
	return TS_OK;
}

int ts_email_reader_feed(ts_email_reader *r, const void *buf, size_t n,
                         ts_error *err)
{
	if (r->d.status)
		return ts_reader_report(&r->d, err);
	if (r->finished)
		return ts_error_set(err, TS_EUSAGE, r->name, 0, "input already finished");
	if (n && feed_bytes(r, buf, n))
		return ts_reader_report(&r->d, err);
	return TS_OK;
}

int ts_email_reader_finish(ts_email_reader *r, ts_error *err)
{
	if (r->d.status)
		return ts_reader_report(&r->d, err);
	if (r->finished)
		return TS_OK;
	r->finished = 1;
	if (r->line_total) /* a last line without a line break */
		line_done(r);
	if (!r->d.status)
		close_message(r);
	if (!r->d.status && r->mode == M_START)
		ts_reader_fatal(&r->d, TS_EINPUT, 0, "empty input (no e-mail message)");
	if (!r->d.status && r->mode == M_SINGLE && r->expect_mbox)
		ts_reader_emit(&r->d, 0, 1, "no \"From \" line starts a message: read as one "
		               "message (an mbox starts each with a dated \"From \" line)");
	return r->d.status ? ts_reader_report(&r->d, err) : TS_OK;
}

void ts_email_reader_counts(const ts_email_reader *r, unsigned long *records,
                            unsigned long *rejected)
{
	ts_reader_counts(r ? &r->d : NULL, records, rejected);
}

size_t ts_email_reader_buffer_bytes(const ts_email_reader *r)
{
	return r->line.alloc + r->msg.alloc + r->text.alloc + r->clean.alloc +
	       ts_email_threads_bytes(r->ids);
}

void ts_email_reader_free(ts_email_reader *r)
{
	if (!r)
		return;
	free(r->name);
	free_list(r->agent_domains, r->nagent_domains);
	free_list(r->agents, r->nagents);
	ts_buf_release(&r->line);
	ts_buf_release(&r->msg);
	ts_email_threads_free(r->own);
	ts_mime_ctx_release(&r->mime);
	for (size_t h = 0; h < sizeof r->hdr / sizeof r->hdr[0]; h++)
		ts_buf_release(&r->hdr[h]);
	ts_buf_release(&r->text);
	ts_buf_release(&r->clean);
	ts_buf_release(&r->conv);
	ts_buf_release(&r->addr);
	ts_buf_release(&r->dname);
	ts_buf_release(&r->tmp);
	free(r);
}

/* ---- sniffing ------------------------------------------------------------------------------ */

static int is_mail_header(const char *s, size_t n)
{
	static const char *const names[] = {
		"from:", "date:", "message-id:", "subject:", "received:", "return-path:",
		"mime-version:", "to:", "delivered-to:", "content-type:", "in-reply-to:",
		"references:", "x-", "dkim-signature:", "arc-seal:", "reply-to:",
		"sender:", "cc:", "user-agent:", "authentication-results:", NULL
	};
	for (size_t k = 0; names[k]; k++) {
		size_t l = strlen(names[k]);
		if (n >= l && ts_eq_nocase(s, l, names[k]))
			return 1;
	}
	return 0;
}

int ts_email_sniff(const void *buf, size_t n)
{
	const char *p = buf;
	size_t i = 0, lines = 0;
	int known = 0;

	if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < n && lines < 8) {
		size_t lf = find_byte(p, i, n, '\n'), cr = find_byte(p, i, n, '\r');
		size_t e = lf < cr ? lf : cr, len = e - i;
		int q = e < n;
		if (lines == 0 && is_from_line(p + i, len))
			return 1;
		if (!q && lines > 0)
			break; /* an incomplete last line says nothing */
		if (len == 0)
			break;
		if (p[i] == ' ' || p[i] == '\t') {
			if (lines == 0)
				return 0;
		} else {
			size_t k = 0;
			while (k < len && p[i + k] > ' ' && p[i + k] < 127 && p[i + k] != ':')
				k++;
			if (!k || k >= len || p[i + k] != ':')
				return 0;
			known |= is_mail_header(p + i, len);
		}
		lines++;
		if (!q)
			break;
		i = e + 1 + (e == cr && e + 1 < n && p[e + 1] == '\n');
	}
	return known && lines > 0;
}
