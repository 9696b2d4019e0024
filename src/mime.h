/*
 * mime.h - MIME over one complete message held in memory (internal): the
 * header block, header values (unfolded, RFC 2047 encoded words decoded),
 * Content-Type parameters, quoted-printable and base64, charsets to UTF-8,
 * and the walk that picks the text body of a (nested) multipart.
 *
 * Lines in the input end in "\n" (read_email.c drops the CR of CRLF
 * before a message gets here).  Every function that writes appends to a
 * ts_buf and returns TS_OK, TS_ENOMEM or TS_ELIMIT (the buffer's cap).
 */
#ifndef TS_MIME_H
#define TS_MIME_H

#include <stddef.h>

#include "buf.h"

/* Converters to UTF-8 kept between calls (iconv descriptors are costly
 * to open).  Zero-initialise, release with ts_mime_ctx_release. */
typedef struct ts_mime_ctx {
	char charset[40];  /* charset of cd, lowercased; "" if none open */
	void *cd;          /* iconv_t, or NULL */
	int cd_ok;         /* cd is a usable descriptor */
} ts_mime_ctx;

void ts_mime_ctx_release(ts_mime_ctx *c);

/* The header block of a message: it ends at the first empty line or at
 * the first line that is neither a header field nor a continuation.
 * *hdr_len is its length, *body_off where the body starts (after the
 * empty line, if any). */
void ts_mime_split(const char *p, size_t n, size_t *hdr_len, size_t *body_off);

/* The first field called name (case-insensitive) in the header block:
 * appends its unfolded, trimmed value to out.  Returns 1 if found, 0 if
 * not, or a negative TS_E* code. */
int ts_mime_header(const char *hdr, size_t n, const char *name, ts_buf *out);

/* Parameter param of a structured value (Content-Type: text/plain;
 * charset="utf-8"): appends its value (quotes removed) to out.  Returns 1,
 * 0 or a negative code like ts_mime_header. */
int ts_mime_param(const char *v, size_t n, const char *param, ts_buf *out);

/* RFC 2047: decodes encoded words (=?charset?B|Q?...?=) in a header
 * value to UTF-8; whitespace between two encoded words is dropped; other
 * text is copied. */
int ts_mime_decode_words(ts_mime_ctx *c, const char *s, size_t n, ts_buf *out);

/* Content-Transfer-Encoding decoders.  Quoted-printable drops soft line
 * breaks ("=" at a line end) and keeps a malformed "=" as it is; base64
 * skips everything outside its alphabet and stops at the padding. */
int ts_mime_qp_decode(const char *s, size_t n, ts_buf *out);
int ts_mime_b64_decode(const char *s, size_t n, ts_buf *out);

/* Bytes in charset to UTF-8.  UTF-8 passes through unchanged (invalid
 * bytes too); US-ASCII, an empty or unknown charset pass through when they
 * are valid UTF-8 and are read as Windows-1252 otherwise; ISO-8859-1 is
 * read as its superset Windows-1252 (as browsers do); anything else goes
 * through iconv.  A byte iconv cannot convert becomes U+FFFD. */
int ts_mime_to_utf8(ts_mime_ctx *c, const char *charset, const char *s,
                    size_t n, ts_buf *out);

/* 1 if s[0, n) is valid UTF-8. */
int ts_mime_valid_utf8(const char *s, size_t n);

/* What ts_mime_body_text found. */
enum {
	TS_MIME_TEXT = 0,       /* a text part was found (out may still be empty) */
	TS_MIME_NO_TEXT,        /* only attachments or non-text parts */
	TS_MIME_TOO_DEEP,       /* no text above the depth limit */
	TS_MIME_NO_BOUNDARY,    /* a multipart without a boundary parameter */
	TS_MIME_NO_PARTS        /* a multipart whose boundary never appears */
};

/*
 * The text of a message (p, n: headers and body): walks the MIME tree,
 * at most max_depth multiparts deep (0: TS_DEFAULT_MAX_DEPTH; at most
 * TS_MAX_DEPTH_LIMIT), prefers text/plain to text/html
 * (the first of the best kind wins), skips parts marked as attachments and
 * message/rfc822 parts (forwarded mail), decodes the transfer encoding
 * and the charset and, for HTML, reduces it to text.  Appends UTF-8 to out
 * and sets *what to one of the TS_MIME_* values above.  A boundary that is
 * never closed ends its multipart at the end of the body.
 */
int ts_mime_body_text(ts_mime_ctx *c, const char *p, size_t n, size_t max_depth,
                      ts_buf *out, int *what);

#endif
