/*
 * html_text.c - HTML to plain text (see html_text.h).  Good enough for
 * the HTML part of an e-mail; it does not build a tree, so broken markup
 * degrades to slightly wrong text, never to a failure.
 */
#include <stdint.h>
#include <string.h>

#include "html_text.h"
#include "traitscan.h"
#include "util.h"

struct out {
	ts_buf *b;
	int quote;       /* <blockquote> depth */
	int at_line;     /* nothing written on this line yet */
	int space;       /* a blank is pending */
	int breaks;      /* line breaks just written (2 at the start: a
	                  * paragraph gives one blank line, never more) */
	int rc;
};

static void put(struct out *o, const char *s, size_t n)
{
	if (o->rc || !n)
		return;
	if (o->at_line) {
		for (int i = 0; i < o->quote && !o->rc; i++)
			o->rc = ts_buf_add(o->b, "> ", 2);
		o->at_line = 0;
		o->space = 0;
	} else if (o->space) {
		o->rc = ts_buf_addc(o->b, ' ');
		o->space = 0;
	}
	if (!o->rc)
		o->rc = ts_buf_add(o->b, s, n);
	o->breaks = 0;
}

static void line_break(struct out *o)
{
	if (!o->rc && o->breaks < 2) {
		o->rc = ts_buf_addc(o->b, '\n');
		o->breaks++;
	}
	o->at_line = 1;
	o->space = 0;
}

static int utf8_put(struct out *o, uint32_t cp)
{
	char u[4];
	size_t k;

	if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = 0xFFFD;
	if (cp == 0xA0) { /* &nbsp; is a blank */
		o->space = !o->at_line;
		return 0;
	}
	if (cp < 0x80) {
		u[0] = (char)cp;
		k = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3F));
		k = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		k = 3;
	} else {
		u[0] = (char)(0xF0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		k = 4;
	}
	put(o, u, k);
	return 0;
}

static const struct { const char *name; uint32_t cp; } entities[] = {
	{"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''},
	{"nbsp", 0xA0}, {"copy", 0xA9}, {"reg", 0xAE}, {"hellip", 0x2026},
	{"mdash", 0x2014}, {"ndash", 0x2013}, {"lsquo", 0x2018}, {"rsquo", 0x2019},
	{"ldquo", 0x201C}, {"rdquo", 0x201D}, {"euro", 0x20AC}, {"pound", 0xA3},
	{"eacute", 0xE9}, {"egrave", 0xE8}, {"uuml", 0xFC}, {"ouml", 0xF6},
	{"auml", 0xE4}, {"szlig", 0xDF}, {"bull", 0x2022}, {"trade", 0x2122},
};

/* An entity at s[0, n) (s[0] == '&'): decodes it and returns its length,
 * or 0 when it is not one we know. */
static size_t entity(struct out *o, const char *s, size_t n)
{
	size_t i = 1;
	uint32_t cp = 0;

	if (n > 2 && s[1] == '#') {
		int hex = n > 3 && (s[2] == 'x' || s[2] == 'X');
		size_t digits = 0;
		for (i = hex ? 3 : 2; i < n && digits < 8; i++, digits++) {
			int c = (unsigned char)s[i], v;
			if (c >= '0' && c <= '9')
				v = c - '0';
			else if (hex && c >= 'a' && c <= 'f')
				v = c - 'a' + 10;
			else if (hex && c >= 'A' && c <= 'F')
				v = c - 'A' + 10;
			else
				break;
			cp = cp * (hex ? 16u : 10u) + (uint32_t)v;
		}
		if (!digits)
			return 0;
		utf8_put(o, cp);
		return i < n && s[i] == ';' ? i + 1 : i;
	}
	while (i < n && i < 12 && ((s[i] >= 'a' && s[i] <= 'z') ||
	                           (s[i] >= 'A' && s[i] <= 'Z')))
		i++;
	for (size_t k = 0; k < sizeof entities / sizeof entities[0]; k++) {
		size_t len = strlen(entities[k].name);
		if (len == i - 1 && memcmp(s + 1, entities[k].name, len) == 0) {
			utf8_put(o, entities[k].cp);
			return i < n && s[i] == ';' ? i + 1 : i;
		}
	}
	return 0;
}

/* The tag name at s (after '<' and an optional '/'), lowercased. */
static void tag_name(const char *s, size_t n, char *dst, size_t cap)
{
	size_t k = 0;

	for (size_t i = 0; i < n && k + 1 < cap; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9')))
			break;
		dst[k++] = (char)ts_lower((unsigned char)c);
	}
	dst[k] = '\0';
}

static int is_break_tag(const char *t)
{
	static const char *const tags[] = {"br", "p", "div", "li", "tr", "h1", "h2",
	                                   "h3", "h4", "h5", "h6", "table", "ul",
	                                   "ol", "hr", "pre", NULL};
	for (size_t i = 0; tags[i]; i++)
		if (strcmp(t, tags[i]) == 0)
			return 1;
	return 0;
}

/* Skips to the end of the element whose content is dropped (</name>). */
static size_t skip_content(const char *s, size_t i, size_t n, const char *name)
{
	size_t nl = strlen(name);

	while (i < n) {
		const char *q = memchr(s + i, '<', n - i);
		if (!q)
			return n;
		i = (size_t)(q - s);
		if (i + 2 + nl <= n && s[i + 1] == '/') {
			size_t k = 0;
			while (k < nl && ts_lower((unsigned char)s[i + 2 + k]) == name[k])
				k++;
			if (k == nl)
				return i;
		}
		i++;
	}
	return n;
}

int ts_html_text(const char *s, size_t n, ts_buf *b)
{
	struct out o;
	size_t i = 0;

	memset(&o, 0, sizeof o);
	o.b = b;
	o.at_line = 1;
	o.breaks = 2;
	while (i < n && !o.rc) {
		unsigned char c = (unsigned char)s[i];
		if (c == '<') {
			const char *gt;
			char name[16];
			int closing = i + 1 < n && s[i + 1] == '/';
			if (i + 3 < n && memcmp(s + i, "<!--", 4) == 0) {
				const char *e = NULL;
				for (size_t k = i + 4; k + 2 < n; k++)
					if (s[k] == '-' && s[k + 1] == '-' && s[k + 2] == '>') {
						e = s + k + 3;
						break;
					}
				i = e ? (size_t)(e - s) : n;
				continue;
			}
			tag_name(s + i + 1 + closing, n - i - 1 - (size_t)closing, name,
			         sizeof name);
			if (!name[0] && !closing && !(i + 1 < n && (s[i + 1] == '!' ||
			                                            s[i + 1] == '?'))) {
				put(&o, "<", 1); /* a bare '<' in text */
				i++;
				continue;
			}
			gt = memchr(s + i, '>', n - i);
			i = gt ? (size_t)(gt - s) + 1 : n;
			if (!closing && (strcmp(name, "script") == 0 ||
			                 strcmp(name, "style") == 0 ||
			                 strcmp(name, "head") == 0 ||
			                 strcmp(name, "title") == 0)) {
				i = skip_content(s, i, n, name);
				continue;
			}
			if (strcmp(name, "blockquote") == 0) {
				line_break(&o);
				o.quote += closing ? (o.quote > 0 ? -1 : 0) : 1;
				o.at_line = 1;
			} else if (is_break_tag(name)) {
				if (!(closing && strcmp(name, "br") == 0))
					line_break(&o);
				if (strcmp(name, "p") == 0 && closing)
					line_break(&o);
			}
			continue;
		}
		if (c == '&') {
			size_t k = entity(&o, s + i, n - i);
			if (k) {
				i += k;
				continue;
			}
		}
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			o.space = !o.at_line;
			i++;
			continue;
		}
		{
			size_t k = i + 1;
			while (k < n && s[k] != '<' && s[k] != '&' && s[k] != ' ' &&
			       s[k] != '\t' && s[k] != '\n' && s[k] != '\r')
				k++;
			put(&o, s + i, k - i);
			i = k;
		}
	}
	return o.rc;
}
