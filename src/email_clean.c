/*
 * email_clean.c - quoted replies and signatures out of an e-mail body
 * (see email_clean.h for the rules).  The body is cut into lines once;
 * each rule looks at one line (and a few after it) and is one small
 * function; ts_email_clean applies them in order.
 *
 * Not here: MIME decoding or HTML (mime.c, html_text.c): the text is
 * already plain UTF-8.
 */
#include <stdlib.h>
#include <string.h>

#include "email_clean.h"
#include "traitscan.h"
#include "util.h"

#define NAME_BLOCK_LINES 4
#define NAME_LINE_MAX 40
#define OUTLOOK_WINDOW 4

struct line {
	const char *p;
	size_t n;      /* without the line break (and a CR before it) */
};

/* The line without blanks at either end. */
static struct line trimmed(struct line l)
{
	ts_trim(&l.p, &l.n);
	return l;
}

static int is_blank(struct line l)
{
	return trimmed(l).n == 0;
}

static int starts_nocase(struct line l, const char *lit)
{
	size_t k = strlen(lit);
	return l.n >= k && ts_eq_nocase(l.p, k, lit);
}

static int ends_nocase(struct line l, const char *lit)
{
	size_t k = strlen(lit);
	return l.n >= k && ts_eq_nocase(l.p + l.n - k, k, lit);
}

static int contains_nocase(struct line l, const char *lit)
{
	size_t k = strlen(lit);
	for (size_t i = 0; i + k <= l.n; i++)
		if (ts_eq_nocase(l.p + i, k, lit))
			return 1;
	return 0;
}

/* ---- one rule each -------------------------------------------------------- */

/* "-- " (RFC 3676) or a bare "--", as many mailers trim the blank. */
static int is_sig_separator(struct line l)
{
	return (l.n == 3 && memcmp(l.p, "-- ", 3) == 0) ||
	       (l.n == 2 && memcmp(l.p, "--", 2) == 0);
}

/* "-----Original Message-----", with any number of dashes. */
static int is_original_message(struct line l)
{
	struct line t = trimmed(l);
	size_t a = 0, b = t.n;

	while (a < t.n && t.p[a] == '-')
		a++;
	while (b > a && t.p[b - 1] == '-')
		b--;
	while (a < b && t.p[a] == ' ')
		a++;
	while (b > a && t.p[b - 1] == ' ')
		b--;
	return a >= 2 && t.n - b >= 2 && ts_eq_nocase(t.p + a, b - a, "original message");
}

/* "---------- Forwarded message ---------" or "Begin forwarded message:". */
static int is_forward_header(struct line l)
{
	struct line t = trimmed(l);
	return (t.n > 4 && t.p[0] == '-' && t.p[1] == '-' &&
	        contains_nocase(t, "forwarded message")) ||
	       starts_nocase(t, "begin forwarded message:");
}

/* "Sent from my iPhone", "Sent from Mail for Windows", "Get Outlook for
 * Android": mobile footers, always at the bottom of the author's text. */
static int is_mobile_footer(struct line l)
{
	struct line t = trimmed(l);
	return t.n < 80 && (starts_nocase(t, "sent from my ") ||
	                    starts_nocase(t, "sent from mail for ") ||
	                    starts_nocase(t, "get outlook for "));
}

/* A header line of a quoted Outlook message, bold markers allowed. */
static int is_header_line(struct line l, const char *name)
{
	struct line t = trimmed(l);
	if (t.n && t.p[0] == '*') {
		t.p++;
		t.n--;
	}
	return starts_nocase(t, name);
}

/* "From: x" followed within a few lines by "Sent:"/"Date:" and by
 * "To:"/"Subject:": the header block Outlook puts above a quoted message. */
static int is_outlook_block(const struct line *ls, size_t nl, size_t i)
{
	int when = 0, who = 0;

	if (!is_header_line(ls[i], "from:"))
		return 0;
	for (size_t k = i + 1; k < nl && k <= i + OUTLOOK_WINDOW; k++) {
		when |= is_header_line(ls[k], "sent:") || is_header_line(ls[k], "date:");
		who |= is_header_line(ls[k], "to:") || is_header_line(ls[k], "subject:");
	}
	return when && who;
}

static int is_attribution_end(struct line t)
{
	return ends_nocase(t, "wrote:") ||
	       (ends_nocase(t, ":") && contains_nocase(t, " schrieb"));
}

static int is_attribution_start(struct line t)
{
	return starts_nocase(t, "on ") || starts_nocase(t, "am ");
}

/* "On Tue, 3 Mar 2026, Sam <sam@example.com> wrote:" on one line or
 * wrapped over two: returns the number of lines (0: not one). */
static size_t attribution_lines(const struct line *ls, size_t nl, size_t i)
{
	struct line a = trimmed(ls[i]), b;

	if (!is_attribution_start(a) || a.n > 200)
		return 0;
	if (is_attribution_end(a))
		return 1;
	if (i + 1 >= nl)
		return 0;
	b = trimmed(ls[i + 1]);
	if (!b.n || b.p[0] == '>' || b.n > 120 || !is_attribution_end(b))
		return 0;
	return 2;
}

static int is_quote_line(struct line l)
{
	return l.n && l.p[0] == '>';
}

/* "Thanks,", "Best regards", "Cheers!": a line that is only a sign-off. */
static int is_sign_off(struct line l)
{
	static const char *const offs[] = {
		"thanks", "thank you", "many thanks", "thanks again", "thanks so much",
		"thank you so much", "thx", "best", "best regards", "kind regards",
		"warm regards", "warmest regards", "regards", "cheers", "sincerely",
		"yours sincerely", "sincerely yours", "yours truly", "all the best",
		"best wishes", "take care", "talk soon", "with thanks", "br", "kr",
		"respectfully", "have a great day", "have a nice day", NULL
	};
	struct line t = trimmed(l);

	while (t.n && (t.p[t.n - 1] == ',' || t.p[t.n - 1] == '.' ||
	               t.p[t.n - 1] == '!' || t.p[t.n - 1] == ' '))
		t.n--;
	for (size_t k = 0; offs[k]; k++)
		if (ts_eq_nocase(t.p, t.n, offs[k]))
			return 1;
	return 0;
}

/* A line that can belong to a name block under a sign-off. */
static int is_name_line(struct line l)
{
	struct line t = trimmed(l);
	return t.n <= NAME_LINE_MAX && !(t.n && t.p[t.n - 1] == '?') &&
	       !contains_nocase(t, ". ");
}

/* ---- applying them ------------------------------------------------------------ */

static int split_lines(const char *s, size_t n, struct line **ls, size_t *nl,
                       size_t *cap)
{
	size_t i = 0;

	*nl = 0;
	while (i < n) {
		const char *q = memchr(s + i, '\n', n - i);
		size_t e = q ? (size_t)(q - s) : n;
		struct line l;
		if (ts_grow_array(ls, cap, *nl + 1, sizeof **ls, 64))
			return TS_ENOMEM;
		l.p = s + i;
		l.n = e - i;
		if (l.n && l.p[l.n - 1] == '\r')
			l.n--;
		(*ls)[(*nl)++] = l;
		i = e + 1;
	}
	return TS_OK;
}

/* Where the author's text ends (lines [0, end)); sets skip[] for the
 * lines dropped before that. */
static size_t mark_quotes(const struct line *ls, size_t nl, unsigned char *skip)
{
	for (size_t i = 0; i < nl; i++) {
		size_t a, k;
		if (is_sig_separator(ls[i]) || is_original_message(ls[i]) ||
		    is_forward_header(ls[i]) || is_mobile_footer(ls[i]) ||
		    is_outlook_block(ls, nl, i))
			return i;
		if (is_quote_line(ls[i])) {
			skip[i] = 1;
			continue;
		}
		if (!(a = attribution_lines(ls, nl, i)))
			continue;
		for (k = i + a; k < nl && is_blank(ls[k]); k++)
			;
		if (k < nl && !is_quote_line(ls[k]))
			return i; /* top-posted: the original follows unmarked */
		for (k = i; k < i + a; k++)
			skip[k] = 1;
		i += a - 1;
	}
	return nl;
}

/* Drops the name block after the last sign-off of lines [0, end). */
static size_t drop_name_block(const struct line *ls, const unsigned char *skip,
                              size_t end)
{
	size_t names = 0;

	for (size_t i = end; i-- > 0;) {
		if (skip[i] || is_blank(ls[i]))
			continue;
		if (is_sign_off(ls[i]))
			return names ? i + 1 : end;
		if (++names > NAME_BLOCK_LINES || !is_name_line(ls[i]))
			return end;
	}
	return end;
}

int ts_email_clean(const char *s, size_t n, ts_buf *out)
{
	struct line *ls = NULL;
	unsigned char *skip = NULL;
	size_t nl = 0, cap = 0, end, first, last;
	int rc, wrote = 0;

	if ((rc = split_lines(s, n, &ls, &nl, &cap)))
		goto out;
	skip = calloc(nl ? nl : 1, 1);
	if (!skip) {
		rc = TS_ENOMEM;
		goto out;
	}
	end = mark_quotes(ls, nl, skip);
	end = drop_name_block(ls, skip, end);
	for (first = 0; first < end && (skip[first] || is_blank(ls[first])); first++)
		;
	for (last = end; last > first && (skip[last - 1] || is_blank(ls[last - 1])); last--)
		;
	for (size_t i = first; i < last && !rc; i++) {
		if (skip[i])
			continue;
		if (wrote)
			rc = ts_buf_addc(out, '\n');
		if (!rc)
			rc = ts_buf_add(out, ls[i].p, ls[i].n);
		wrote = 1;
	}
out:
	free(ls);
	free(skip);
	return rc;
}
