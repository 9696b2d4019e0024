/*
 * mime.c - MIME for the e-mail reader (see mime.h): header fields,
 * encoded words, transfer encodings, charsets and the multipart walk.
 * Works on one complete message in memory; splitting an mbox, threading
 * and cleaning the text are elsewhere (read_email.c, email_clean.c).
 *
 * The multipart walk recurses once per nested multipart, so its depth is
 * the caller's limit (capped at TS_MAX_DEPTH_LIMIT); each level scans its own body
 * once for its boundary, so the cost is at most depth x message size.
 */
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html_text.h"
#include "mime.h"
#include "traitscan.h"
#include "util.h"

#define NAME_MAX_LEN 39 /* charset names kept (ts_mime_ctx.charset) */

void ts_mime_ctx_release(ts_mime_ctx *c)
{
	if (c->cd_ok)
		iconv_close((iconv_t)c->cd);
	c->cd = NULL;
	c->cd_ok = 0;
	c->charset[0] = '\0';
}

/* ---- header block ------------------------------------------------------------ */

static size_t line_end(const char *p, size_t i, size_t n)
{
	const char *q = memchr(p + i, '\n', n - i);
	return q ? (size_t)(q - p) : n;
}

/* "Name:" with a name of printable ASCII other than ':' (spaces before
 * the colon are tolerated, as old mailers wrote them). */
static int is_field_line(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && s[i] > ' ' && s[i] < 127 && s[i] != ':')
		i++;
	if (i == 0)
		return 0;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i < n && s[i] == ':';
}

void ts_mime_split(const char *p, size_t n, size_t *hdr_len, size_t *body_off)
{
	size_t i = 0;

	while (i < n) {
		size_t e = line_end(p, i, n);
		if (e == i) {
			*hdr_len = i;
			*body_off = e < n ? e + 1 : n;
			return;
		}
		if (!(p[i] == ' ' || p[i] == '\t') || i == 0) {
			if (!is_field_line(p + i, e - i)) {
				*hdr_len = i;
				*body_off = i;
				return;
			}
		}
		i = e < n ? e + 1 : n;
	}
	*hdr_len = n;
	*body_off = n;
}

static void trim_buf_from(ts_buf *out, size_t start)
{
	size_t a = start, b = out->len;

	while (a < b && (out->p[a] == ' ' || out->p[a] == '\t'))
		a++;
	while (b > a && (out->p[b - 1] == ' ' || out->p[b - 1] == '\t'))
		b--;
	memmove(out->p + start, out->p + a, b - a);
	ts_buf_truncate(out, start + (b - a));
}

int ts_mime_header(const char *hdr, size_t n, const char *name, ts_buf *out)
{
	size_t nl = strlen(name), i = 0;

	while (i < n) {
		size_t e = line_end(hdr, i, n), k = 0, start;
		int rc;

		if (e - i > nl && hdr[i] != ' ' && hdr[i] != '\t') {
			while (k < nl && ts_lower((unsigned char)hdr[i + k]) ==
			                   ts_lower((unsigned char)name[k]))
				k++;
		}
		if (k != nl) {
			i = e < n ? e + 1 : n;
			continue;
		}
		k = i + nl;
		while (k < e && (hdr[k] == ' ' || hdr[k] == '\t'))
			k++;
		if (k >= e || hdr[k] != ':') {
			i = e < n ? e + 1 : n;
			continue;
		}
		/* unfolding: the line breaks go, the blanks after them stay */
		start = out->len;
		if ((rc = ts_buf_add(out, hdr + k + 1, e - k - 1)))
			return rc;
		i = e < n ? e + 1 : n;
		while (i < n && (hdr[i] == ' ' || hdr[i] == '\t')) {
			e = line_end(hdr, i, n);
			if ((rc = ts_buf_add(out, hdr + i, e - i)))
				return rc;
			i = e < n ? e + 1 : n;
		}
		trim_buf_from(out, start);
		return 1;
	}
	return 0;
}

int ts_mime_param(const char *v, size_t n, const char *param, ts_buf *out)
{
	size_t pl = strlen(param), i = 0;
	int quoted = 0;

	/* skip the value itself, then look at each "; name=value" */
	while (i < n) {
		size_t k, s;
		if (v[i] == '"')
			quoted = !quoted;
		if (quoted || v[i] != ';') {
			i++;
			continue;
		}
		i++;
		while (i < n && (v[i] == ' ' || v[i] == '\t'))
			i++;
		for (k = 0; k < pl && i + k < n; k++)
			if (ts_lower((unsigned char)v[i + k]) != ts_lower((unsigned char)param[k]))
				break;
		if (k != pl)
			continue;
		s = i + pl;
		while (s < n && (v[s] == ' ' || v[s] == '\t'))
			s++;
		if (s >= n || v[s] != '=')
			continue;
		s++;
		while (s < n && (v[s] == ' ' || v[s] == '\t'))
			s++;
		if (s < n && v[s] == '"') {
			size_t e = ++s;
			while (e < n && v[e] != '"') {
				if (v[e] == '\\' && e + 1 < n)
					e++;
				e++;
			}
			for (size_t j = s; j < e; j++) {
				if (v[j] == '\\' && j + 1 < e)
					j++;
				if (ts_buf_addc(out, v[j]))
					return TS_ENOMEM;
			}
			return 1;
		} else {
			size_t e = s;
			while (e < n && v[e] != ';' && v[e] != ' ' && v[e] != '\t')
				e++;
			return ts_buf_add(out, v + s, e - s) ? TS_ENOMEM : 1;
		}
	}
	return 0;
}

/* ---- transfer encodings ---------------------------------------------------------- */

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int ts_mime_qp_decode(const char *s, size_t n, ts_buf *out)
{
	size_t i = 0;
	int rc;

	while (i < n) {
		const char *q = memchr(s + i, '=', n - i);
		size_t k = q ? (size_t)(q - s) : n, j;
		int h, l;

		if ((rc = ts_buf_add(out, s + i, k - i)))
			return rc;
		if (k >= n)
			break;
		/* soft line break: "=", optional blanks, end of line */
		j = k + 1;
		while (j < n && (s[j] == ' ' || s[j] == '\t'))
			j++;
		if (j >= n || s[j] == '\n') {
			i = j < n ? j + 1 : n;
			continue;
		}
		if (k + 2 < n && (h = hexval((unsigned char)s[k + 1])) >= 0 &&
		    (l = hexval((unsigned char)s[k + 2])) >= 0) {
			if ((rc = ts_buf_addc(out, (char)(h * 16 + l))))
				return rc;
			i = k + 3;
			continue;
		}
		if ((rc = ts_buf_addc(out, '=')))
			return rc;
		i = k + 1;
	}
	return TS_OK;
}

static int b64val(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

int ts_mime_b64_decode(const char *s, size_t n, ts_buf *out)
{
	uint32_t acc = 0;
	int bits = 0, rc;

	for (size_t i = 0; i < n; i++) {
		int v;
		if (s[i] == '=')
			break;
		if ((v = b64val((unsigned char)s[i])) < 0)
			continue;
		acc = (acc << 6) | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if ((rc = ts_buf_addc(out, (char)((acc >> bits) & 0xff))))
				return rc;
		}
	}
	return TS_OK;
}

/* ---- charsets ----------------------------------------------------------------------- */

int ts_mime_valid_utf8(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, len;

	while (i < n) {
		if (!(len = ts_utf8_seq(p + i, n - i)))
			return 0;
		i += len;
	}
	return 1;
}

static void norm_charset(char *dst, const char *cs)
{
	size_t k = 0;

	if (!cs)
		cs = "";
	while (*cs == ' ' || *cs == '"')
		cs++;
	for (; *cs && *cs != '"' && *cs != ' ' && *cs != '*' && k < NAME_MAX_LEN; cs++)
		dst[k++] = (char)ts_lower((unsigned char)*cs);
	dst[k] = '\0';
}

static int is_one_of(const char *cs, const char *const *names)
{
	for (; *names; names++)
		if (strcmp(cs, *names) == 0)
			return 1;
	return 0;
}

/* Opens (or reuses) an iconv descriptor from cs to UTF-8. */
static int open_cd(ts_mime_ctx *c, const char *cs)
{
	iconv_t cd;

	if (strcmp(c->charset, cs) == 0 && c->charset[0])
		return c->cd_ok;
	ts_mime_ctx_release(c);
	snprintf(c->charset, sizeof c->charset, "%s", cs);
	cd = iconv_open("UTF-8", cs);
	if (cd == (iconv_t)-1)
		return 0;
	c->cd = (void *)cd;
	c->cd_ok = 1;
	return 1;
}

static int add_replacement(ts_buf *out)
{
	return ts_buf_add(out, "\xEF\xBF\xBD", 3);
}

static int convert(ts_mime_ctx *c, const char *s, size_t n, ts_buf *out)
{
	iconv_t cd = (iconv_t)c->cd;
	char *in = (char *)(uintptr_t)s;
	size_t left = n;
	int rc;

	iconv(cd, NULL, NULL, NULL, NULL);
	while (left) {
		size_t room, before, r;
		char *o;
		if ((rc = ts_buf_grow(out, left * 4 + 16)))
			return rc;
		room = out->alloc - out->len - 1;
		o = out->p + out->len;
		before = room;
		r = iconv(cd, &in, &left, &o, &room);
		out->len += before - room;
		out->p[out->len] = '\0';
		if (r != (size_t)-1)
			break;
		if (errno == E2BIG)
			continue;
		/* EILSEQ or EINVAL (cut short): one replacement, skip a byte */
		if ((rc = add_replacement(out)))
			return rc;
		in++;
		left--;
		iconv(cd, NULL, NULL, NULL, NULL);
	}
	return TS_OK;
}

int ts_mime_to_utf8(ts_mime_ctx *c, const char *charset, const char *s,
                    size_t n, ts_buf *out)
{
	static const char *const utf8[] = {"utf-8", "utf8", NULL};
	static const char *const ascii[] = {"", "us-ascii", "ascii", "ansi_x3.4-1968",
	                                    "unknown-8bit", "x-unknown", NULL};
	static const char *const latin1[] = {"iso-8859-1", "iso8859-1", "latin1",
	                                     "iso_8859-1", "l1", "windows-1252",
	                                     "cp1252", "x-cp1252", NULL};
	char cs[NAME_MAX_LEN + 1];
	size_t i;

	norm_charset(cs, charset);
	for (i = 0; i < n && (unsigned char)s[i] < 0x80; i++)
		;
	if (i == n || is_one_of(cs, utf8))
		return ts_buf_add(out, s, n);
	if (is_one_of(cs, ascii)) {
		if (ts_mime_valid_utf8(s, n))
			return ts_buf_add(out, s, n);
		snprintf(cs, sizeof cs, "%s", "windows-1252");
	} else if (is_one_of(cs, latin1)) {
		snprintf(cs, sizeof cs, "%s", "windows-1252");
	}
	if (!open_cd(c, cs))
		return ts_buf_add(out, s, n); /* unknown to iconv: as it is */
	return convert(c, s, n, out);
}

/* ---- encoded words (RFC 2047) ------------------------------------------------------- */

/* An encoded word at s[0, n): =?charset?X?text?=.  Sets the parts and
 * returns its length, or 0. */
static size_t encoded_word(const char *s, size_t n, const char **cs, size_t *csn,
                           char *enc, const char **txt, size_t *txtn)
{
	size_t i = 2, q1, q2;

	if (n < 8 || s[0] != '=' || s[1] != '?')
		return 0;
	while (i < n && s[i] != '?' && s[i] > ' ')
		i++;
	if (i >= n || s[i] != '?' || i == 2)
		return 0;
	q1 = i;
	if (q1 + 3 >= n || s[q1 + 2] != '?')
		return 0;
	*enc = (char)ts_lower((unsigned char)s[q1 + 1]);
	if (*enc != 'b' && *enc != 'q')
		return 0;
	q2 = q1 + 3;
	i = q2;
	while (i + 1 < n && !(s[i] == '?' && s[i + 1] == '=') && s[i] > ' ')
		i++;
	if (i + 1 >= n || s[i] != '?' || s[i + 1] != '=')
		return 0;
	*cs = s + 2;
	*csn = q1 - 2;
	*txt = s + q2;
	*txtn = i - q2;
	return i + 2;
}

int ts_mime_decode_words(ts_mime_ctx *c, const char *s, size_t n, ts_buf *out)
{
	ts_buf raw, name;
	size_t i = 0;
	int rc = TS_OK;

	ts_buf_init(&raw, 0);
	ts_buf_init(&name, 0);
	while (i < n) {
		const char *cs, *txt;
		size_t csn, txtn, len, j;
		char enc;

		if (s[i] != '=' || !(len = encoded_word(s + i, n - i, &cs, &csn, &enc,
		                                         &txt, &txtn))) {
			if ((rc = ts_buf_addc(out, s[i])))
				goto out;
			i++;
			continue;
		}
		ts_buf_reset(&raw);
		ts_buf_reset(&name);
		if ((rc = ts_buf_add(&name, cs, csn)))
			goto out;
		if (enc == 'b') {
			rc = ts_mime_b64_decode(txt, txtn, &raw);
		} else {
			for (size_t k = 0; k < txtn && !rc; k++) {
				int h, l;
				if (txt[k] == '_') {
					rc = ts_buf_addc(&raw, ' ');
				} else if (txt[k] == '=' && k + 2 < txtn &&
				           (h = hexval((unsigned char)txt[k + 1])) >= 0 &&
				           (l = hexval((unsigned char)txt[k + 2])) >= 0) {
					rc = ts_buf_addc(&raw, (char)(h * 16 + l));
					k += 2;
				} else {
					rc = ts_buf_addc(&raw, txt[k]);
				}
			}
		}
		if (rc || (rc = ts_mime_to_utf8(c, name.p, raw.p, raw.len, out)))
			goto out;
		i += len;
		/* blanks between two encoded words vanish; before text they stay */
		j = i;
		while (j < n && (s[j] == ' ' || s[j] == '\t' || s[j] == '\n'))
			j++;
		if (j > i && j < n && encoded_word(s + j, n - j, &cs, &csn, &enc, &txt, &txtn))
			i = j;
	}
out:
	ts_buf_release(&raw);
	ts_buf_release(&name);
	return rc;
}

/* ---- the multipart walk --------------------------------------------------------------- */

struct walk {
	ts_mime_ctx *c;
	size_t max_depth;
	ts_buf scratch;
	const char *best;       /* the chosen leaf part (headers and body) */
	size_t best_n;
	int best_score;         /* 2 text/plain, 1 text/html, 0 none */
	int too_deep, no_boundary, no_parts;
	int rc;
};

/* Content-Type media type of a header block, lowercased, into dst (out
 * of memory: w->rc set). */
static void media_type(struct walk *w, const char *hdr, size_t hn, char *dst,
                       size_t cap, const char *dflt)
{
	size_t k = 0;
	int rc;

	ts_buf_reset(&w->scratch);
	rc = ts_mime_header(hdr, hn, "content-type", &w->scratch);
	if (rc < 0)
		w->rc = rc;
	if (rc == 1) {
		for (size_t i = 0; i < w->scratch.len && k + 1 < cap; i++) {
			char ch = w->scratch.p[i];
			if (ch == ';' || ch == ' ' || ch == '\t')
				break;
			dst[k++] = (char)ts_lower((unsigned char)ch);
		}
	}
	dst[k] = '\0';
	if (!k || !strchr(dst, '/'))
		snprintf(dst, cap, "%s", dflt);
}

static int is_attachment(struct walk *w, const char *hdr, size_t hn)
{
	int rc;

	ts_buf_reset(&w->scratch);
	rc = ts_mime_header(hdr, hn, "content-disposition", &w->scratch);
	if (rc < 0)
		w->rc = rc;
	if (rc != 1)
		return 0;
	return w->scratch.len >= 10 && ts_eq_nocase(w->scratch.p, 10, "attachment");
}

/* A boundary line: "--" boundary, then "--" (the close) or blanks only.
 * Returns 1 for a delimiter, 2 for the close, 0 otherwise. */
static int boundary_line(const char *s, size_t n, const char *b, size_t bn)
{
	size_t i;

	if (n < bn + 2 || s[0] != '-' || s[1] != '-' || memcmp(s + 2, b, bn) != 0)
		return 0;
	i = bn + 2;
	if (n - i >= 2 && s[i] == '-' && s[i + 1] == '-')
		return 2;
	for (; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return 0;
	return 1;
}

static void walk_part(struct walk *w, const char *p, size_t n, size_t depth,
                      const char *dflt);

static void walk_multipart(struct walk *w, const char *hdr, size_t hn,
                           const char *body, size_t bn, size_t depth,
                           int digest)
{
	char *b;
	size_t blen, i = 0, part = 0;
	int in_part = 0, seen = 0, rc;

	if (depth >= w->max_depth) {
		w->too_deep = 1;
		return;
	}
	ts_buf_reset(&w->scratch);
	rc = ts_mime_param(hdr, hn, "boundary", &w->scratch);
	if (rc < 0) {
		w->rc = rc;
		return;
	}
	if (rc != 1 || w->scratch.len == 0) {
		w->no_boundary = 1;
		return;
	}
	blen = w->scratch.len;
	b = ts_buf_detach(&w->scratch, NULL);
	if (!b) {
		w->rc = TS_ENOMEM;
		return;
	}
	while (i < bn && !w->rc) {
		size_t e = line_end(body, i, bn);
		int k = boundary_line(body + i, e - i, b, blen);
		if (k) {
			seen = 1;
			if (in_part)
				walk_part(w, body + part, i > part ? i - part - 1 : 0,
				          depth + 1, digest ? "message/rfc822" : "text/plain");
			in_part = k == 1;
			part = e < bn ? e + 1 : bn;
			if (k == 2)
				break;
		}
		i = e < bn ? e + 1 : bn;
	}
	if (in_part && !w->rc) /* never closed: the last part runs to the end */
		walk_part(w, body + part, bn - part, depth + 1,
		          digest ? "message/rfc822" : "text/plain");
	if (!seen)
		w->no_parts = 1;
	free(b);
}

static void walk_part(struct walk *w, const char *p, size_t n, size_t depth,
                      const char *dflt)
{
	char type[64];
	size_t hn, off;
	int score;

	ts_mime_split(p, n, &hn, &off);
	media_type(w, p, hn, type, sizeof type, dflt);
	if (w->rc)
		return;
	if (strncmp(type, "multipart/", 10) == 0) {
		/* the boundary parameter belongs to Content-Type */
		ts_buf ct;
		ts_buf_init(&ct, 0);
		if (ts_mime_header(p, hn, "content-type", &ct) < 0) {
			w->rc = TS_ENOMEM;
		} else {
			walk_multipart(w, ct.p, ct.len, p + off, n - off, depth,
			               strcmp(type, "multipart/digest") == 0);
		}
		ts_buf_release(&ct);
		return;
	}
	if (strcmp(type, "text/plain") == 0)
		score = 2;
	else if (strcmp(type, "text/html") == 0)
		score = 1;
	else
		return;
	if (score <= w->best_score || is_attachment(w, p, hn) || w->rc)
		return;
	w->best = p;
	w->best_n = n;
	w->best_score = score;
}

/* Decodes the chosen leaf into out. */
static int decode_leaf(struct walk *w, const char *p, size_t n, int html,
                       ts_buf *out)
{
	ts_buf cte, cs, raw, text;
	size_t hn, off;
	int rc;

	ts_buf_init(&cte, 0);
	ts_buf_init(&cs, 0);
	ts_buf_init(&raw, 0);
	ts_buf_init(&text, 0);
	ts_mime_split(p, n, &hn, &off);
	if ((rc = ts_mime_header(p, hn, "content-transfer-encoding", &cte)) < 0)
		goto out;
	if ((rc = ts_mime_header(p, hn, "content-type", &raw)) < 0)
		goto out;
	if ((rc = ts_mime_param(raw.p, raw.len, "charset", &cs)) < 0)
		goto out;
	ts_buf_reset(&raw);
	if (ts_eq_nocase(cte.p, cte.len, "base64"))
		rc = ts_mime_b64_decode(p + off, n - off, &raw);
	else if (ts_eq_nocase(cte.p, cte.len, "quoted-printable"))
		rc = ts_mime_qp_decode(p + off, n - off, &raw);
	else
		rc = ts_buf_add(&raw, p + off, n - off);
	if (rc)
		goto out;
	if (!html) {
		rc = ts_mime_to_utf8(w->c, cs.p, raw.p, raw.len, out);
		goto out;
	}
	if ((rc = ts_mime_to_utf8(w->c, cs.p, raw.p, raw.len, &text)))
		goto out;
	rc = ts_html_text(text.p, text.len, out);
out:
	ts_buf_release(&cte);
	ts_buf_release(&cs);
	ts_buf_release(&raw);
	ts_buf_release(&text);
	return rc < 0 ? rc : TS_OK;
}

int ts_mime_body_text(ts_mime_ctx *c, const char *p, size_t n, size_t max_depth,
                      ts_buf *out, int *what)
{
	struct walk w;
	int rc;

	memset(&w, 0, sizeof w);
	w.c = c;
	w.max_depth = max_depth ? max_depth : TS_DEFAULT_MAX_DEPTH;
	if (w.max_depth > TS_MAX_DEPTH_LIMIT)
		w.max_depth = TS_MAX_DEPTH_LIMIT;
	ts_buf_init(&w.scratch, 0);
	walk_part(&w, p, n, 0, "text/plain");
	ts_buf_release(&w.scratch);
	if (w.rc)
		return w.rc;
	if (!w.best_score) {
		*what = w.too_deep ? TS_MIME_TOO_DEEP
		        : w.no_boundary ? TS_MIME_NO_BOUNDARY
		        : w.no_parts ? TS_MIME_NO_PARTS : TS_MIME_NO_TEXT;
		return TS_OK;
	}
	*what = TS_MIME_TEXT;
	rc = decode_leaf(&w, w.best, w.best_n, w.best_score == 1, out);
	return rc;
}
