/*
 * fcr.c - first-contact resolution: the verdict rules, the customer key,
 * status and system-line signals, and the linker that finds repeat
 * contacts (see fcr.h).  Not here: reading signals out of a conversation's
 * findings (scan.c) or parsing times (timeparse.c).
 */
#include "fcr.h"

#include <stdlib.h>
#include <string.h>

#include "spill.h"
#include "util.h"

static const char *const verdict_names[TS_FCR_VERDICTS] = {
	"yes", "no", "pending", "unknown"
};

static const char *const reason_names[TS_FCR_R_COUNT] = {
	"repeat_contact", "reopened", "transferred", "escalated",
	"followup_promised", "no_resolution_signal", "no_customer", "no_time",
	"window_open"
};

const char *ts_fcr_verdict_name(ts_fcr_verdict v)
{
	return (unsigned)v < TS_FCR_VERDICTS ? verdict_names[v] : "?";
}

const char *ts_fcr_reason_name(unsigned r)
{
	return r < TS_FCR_R_COUNT ? reason_names[r] : "?";
}

ts_fcr_result ts_fcr_decide(unsigned flags, int repeat, int open)
{
	ts_fcr_result r = { TS_FCR_YES, TS_FCR_YES, 0 };
	int unknown = (flags & (TS_FCR_NO_CUSTOMER | TS_FCR_NO_TIME)) != 0;

	if (repeat && !unknown)
		r.reasons |= 1u << TS_FCR_R_REPEAT;
	if (flags & TS_FCR_REOPENED)
		r.reasons |= 1u << TS_FCR_R_REOPENED;
	if (flags & TS_FCR_TRANSFERRED)
		r.reasons |= 1u << TS_FCR_R_TRANSFERRED;
	if (flags & TS_FCR_ESCALATED)
		r.reasons |= 1u << TS_FCR_R_ESCALATED;
	if (flags & TS_FCR_FOLLOWUP)
		r.reasons |= 1u << TS_FCR_R_FOLLOWUP;
	if (!(flags & TS_FCR_RESOLVED))
		r.reasons |= 1u << TS_FCR_R_NO_RESOLUTION;
	if (flags & TS_FCR_NO_CUSTOMER)
		r.reasons |= 1u << TS_FCR_R_NO_CUSTOMER;
	if (flags & TS_FCR_NO_TIME)
		r.reasons |= 1u << TS_FCR_R_NO_TIME;

	/* lenient: a reopen is a "no" even when the repeat check is
	 * impossible; otherwise unknown, then pending, then yes */
	if (r.reasons & ((1u << TS_FCR_R_REPEAT) | (1u << TS_FCR_R_REOPENED)))
		r.lenient = TS_FCR_NO;
	else if (unknown)
		r.lenient = TS_FCR_UNKNOWN;
	else if (open) {
		r.lenient = TS_FCR_PENDING;
		r.reasons |= 1u << TS_FCR_R_WINDOW_OPEN;
	}
	/* strict: anything the conversation itself shows is decided now */
	if (r.lenient == TS_FCR_NO ||
	    (flags & (TS_FCR_TRANSFERRED | TS_FCR_ESCALATED | TS_FCR_FOLLOWUP)) ||
	    !(flags & TS_FCR_RESOLVED))
		r.strict = TS_FCR_NO;
	else
		r.strict = r.lenient;
	return r;
}

static int starts_nocase(const char *s, size_t n, const char *prefix)
{
	size_t m = strlen(prefix);
	return n >= m && ts_eq_nocase(s, m, prefix);
}

size_t ts_fcr_customer_key(const char *s, size_t n, char *out, size_t cap)
{
	const char *lt, *gt;
	size_t k = 0;

	ts_trim(&s, &n);
	/* "Name <address@example.com>": the address */
	lt = memchr(s, '<', n);
	if (lt) {
		gt = memchr(lt, '>', n - (size_t)(lt - s));
		if (gt && gt > lt + 1 && memchr(lt, '@', (size_t)(gt - lt))) {
			s = lt + 1;
			n = (size_t)(gt - lt) - 1;
		}
	}
	ts_trim(&s, &n);
	if (starts_nocase(s, n, "mailto:")) {
		s += 7;
		n -= 7;
		ts_trim(&s, &n);
	}
	for (size_t i = 0; i < n && k < cap; i++)
		out[k++] = (char)ts_lower((unsigned char)s[i]);
	return k;
}

/* The first word of a status cell decides: "Solved", "closed - resolved",
 * "Reopened".  Everything else (open, pending, on hold...) says nothing. */
unsigned ts_fcr_status_flags(const char *s, size_t n)
{
	static const char *const resolved[] = {
		"solved", "closed", "resolved", "done", "complete", "completed", "fixed"
	};
	static const char *const reopened[] = { "reopened", "re-opened", "reopen" };
	size_t w = 0;

	ts_trim(&s, &n);
	if (!n)
		return 0;
	while (w < n && (s[w] == '-' || ((unsigned char)ts_lower((unsigned char)s[w]) >= 'a' &&
	                                 ts_lower((unsigned char)s[w]) <= 'z')))
		w++;
	while (w && s[w - 1] == '-')
		w--;
	for (size_t i = 0; i < sizeof resolved / sizeof *resolved; i++)
		if (ts_eq_nocase(s, w, resolved[i]))
			return TS_FCR_RESOLVED;
	for (size_t i = 0; i < sizeof reopened / sizeof *reopened; i++)
		if (ts_eq_nocase(s, w, reopened[i]))
			return TS_FCR_REOPENED;
	return 0;
}

/* Case-insensitive: does s[0..n) contain the lowercase needle? */
static int contains_nocase(const char *s, size_t n, const char *needle)
{
	size_t m = strlen(needle);

	for (size_t i = 0; i + m <= n; i++)
		if (ts_lower((unsigned char)s[i]) == (unsigned char)needle[0] &&
		    ts_eq_nocase(s + i, m, needle))
			return 1;
	return 0;
}

unsigned ts_fcr_system_flags(const char *s, size_t n)
{
	static const char *const transfer[] = {
		"transferred", "transferring", "transfer to", "reassigned",
		"assigned to", "handed over", "handed off", "routed to"
	};
	static const char *const joined[] = {
		"joined the chat", "joined the conversation", "has joined",
		"entered the chat", "joined the call"
	};
	static const char *const escalated[] = { "escalated", "escalating", "escalation to" };
	unsigned f = 0;

	for (size_t i = 0; i < sizeof transfer / sizeof *transfer; i++)
		if (contains_nocase(s, n, transfer[i]))
			f |= TS_FCR_TRANSFERRED;
	for (size_t i = 0; i < sizeof joined / sizeof *joined; i++)
		if (contains_nocase(s, n, joined[i]))
			f |= TS_FCR_JOINED;
	for (size_t i = 0; i < sizeof escalated / sizeof *escalated; i++)
		if (contains_nocase(s, n, escalated[i]))
			f |= TS_FCR_ESCALATED;
	return f;
}

unsigned ts_fcr_handoff_flags(const char *s, size_t n)
{
	/* the customer moves ("put you through", "pass you over"), not only
	 * the case ("pass this to", "forward your details to") */
	static const char *const moves[] = {
		"transfer", "connect", "you through", "pass you", "passing you",
		"hand you", "handing you"
	};

	for (size_t i = 0; i < sizeof moves / sizeof *moves; i++)
		if (contains_nocase(s, n, moves[i]))
			return TS_FCR_TRANSFERRED;
	return TS_FCR_ESCALATED;
}

/* ---- the linker ------------------------------------------------------------ */

struct ts_fcr_linker {
	ts_spill *spill;
	int64_t window;
	int final;
};

int ts_fcr_linker_new(ts_fcr_linker **out, int64_t window, int final,
                      size_t mem_cap, const char *tmpdir)
{
	ts_fcr_linker *k = calloc(1, sizeof *k);
	int rc;

	*out = NULL;
	if (window < 0) {
		free(k);
		return TS_EUSAGE;
	}
	if (!k)
		return TS_ENOMEM;
	k->window = window;
	k->final = final;
	rc = ts_spill_new(&k->spill, sizeof(ts_fcr_link), mem_cap, tmpdir);
	if (rc) {
		free(k);
		return rc;
	}
	*out = k;
	return TS_OK;
}

int ts_fcr_linker_add(ts_fcr_linker *k, const ts_fcr_link *l, ts_error *err)
{
	return ts_spill_add(k->spill, l->customer, l, err);
}

static int cmp_link(const void *a, const void *b)
{
	const ts_fcr_link *x = a, *y = b;
	if (x->customer != y->customer)
		return x->customer < y->customer ? -1 : 1;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->ordinal < y->ordinal ? -1 : x->ordinal > y->ordinal;
}

/* b - a <= w for a <= b and w >= 0, without signed overflow: the
 * difference of two int64 values always fits a uint64. */
static int within(int64_t a, int64_t b, int64_t w)
{
	return (uint64_t)b - (uint64_t)a <= (uint64_t)w;
}

int ts_fcr_linker_finish(ts_fcr_linker *k, int64_t end, ts_fcr_result_fn fn,
                         void *ud, ts_error *err)
{
	void *p;
	size_t n;
	int rc;

	while ((rc = ts_spill_next(k->spill, &p, &n, err)) == 1) {
		ts_fcr_link *l = p;

		qsort(l, n, sizeof *l, cmp_link);
		for (size_t i = 0; i < n; i++) {
			/* the customer's next conversation, in start order: within
			 * the window, a repeat contact.  Two that start the same
			 * second are each other's repeat (which came first cannot
			 * be told, and the input order must not decide it) */
			int repeat = (i + 1 < n && l[i + 1].customer == l[i].customer &&
			              within(l[i].start, l[i + 1].start, k->window)) ||
			             (i > 0 && l[i - 1].customer == l[i].customer &&
			              l[i - 1].start == l[i].start);
			/* open: the window reaches past the end of the data */
			int open = !k->final && (l[i].start > end ||
			                         (uint64_t)end - (uint64_t)l[i].start < (uint64_t)k->window);
			if (fn(ud, &l[i], ts_fcr_decide(l[i].flags, repeat, open)))
				return TS_ESTOP;
		}
	}
	return rc;
}

void ts_fcr_linker_free(ts_fcr_linker *k)
{
	if (!k)
		return;
	ts_spill_free(k->spill);
	free(k);
}
