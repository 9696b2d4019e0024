/*
 * test_mime.c - unit tests for mime.c and html_text.c: header fields and
 * unfolding, parameters, encoded words, quoted-printable, base64,
 * charsets, the multipart walk (nesting, missing and unclosed boundaries,
 * the depth limit) and HTML to text.
 */
#include <stdlib.h>
#include <string.h>

#include "traitscan.h"
#include "buf.h"
#include "html_text.h"
#include "mime.h"
#include "test.h"

static ts_mime_ctx ctx;
static ts_buf out;

static const char *hdr(const char *block, const char *name)
{
	ts_buf_reset(&out);
	if (ts_mime_header(block, strlen(block), name, &out) != 1)
		return "(none)";
	return out.p;
}

static void test_header_unfolding(void)
{
	const char *h = "Subject: printer keeps\n  jamming on page two\n"
	                "X-Other: a\nsubject: second\nFrom : Ann <ann@example.org>\n";
	size_t hl, off;

	CHECK_EQ_STR(hdr(h, "subject"), "printer keeps  jamming on page two");
	CHECK_EQ_STR(hdr(h, "SUBJECT"), "printer keeps  jamming on page two");
	CHECK_EQ_STR(hdr(h, "from"), "Ann <ann@example.org>");
	CHECK_EQ_STR(hdr(h, "x-oth"), "(none)"); /* a prefix is not the name */
	CHECK_EQ_STR(hdr(h, "date"), "(none)");
	/* the header block ends at the empty line, or at a non-field line */
	ts_mime_split("A: 1\n b\n\nbody\n", 14, &hl, &off);
	CHECK_EQ_INT(hl, 8);
	CHECK_EQ_INT(off, 9);
	ts_mime_split("A: 1\nnot a header line\n", 23, &hl, &off);
	CHECK_EQ_INT(hl, 5);
	CHECK_EQ_INT(off, 5);
}

static const char *param(const char *v, const char *name)
{
	ts_buf_reset(&out);
	if (ts_mime_param(v, strlen(v), name, &out) != 1)
		return "(none)";
	return out.p;
}

static void test_params(void)
{
	const char *ct = "multipart/mixed; charset=latin1; boundary=\"=_a;b c\"; x=1";

	CHECK_EQ_STR(param(ct, "boundary"), "=_a;b c");
	CHECK_EQ_STR(param(ct, "charset"), "latin1");
	CHECK_EQ_STR(param(ct, "x"), "1");
	CHECK_EQ_STR(param(ct, "name"), "(none)");
	CHECK_EQ_STR(param("text/plain;CHARSET = utf-8", "charset"), "utf-8");
	/* a ';' inside quotes does not start a parameter */
	CHECK_EQ_STR(param("a/b; q=\"x; y=2\"", "y"), "(none)");
}

static const char *words(const char *s)
{
	ts_buf_reset(&out);
	CHECK_EQ_INT(ts_mime_decode_words(&ctx, s, strlen(s), &out), TS_OK);
	return out.p;
}

static void test_encoded_words(void)
{
	/* B and Q, charsets converted, blanks between words dropped */
	CHECK_EQ_STR(words("=?UTF-8?B?Q2Fmw6kgb3JkZXI=?="), "Caf\xC3\xA9 order");
	CHECK_EQ_STR(words("=?iso-8859-1?Q?Ren=E9e_Dupont?= <renee@example.org>"),
	             "Ren\xC3\xA9" "e Dupont <renee@example.org>");
	CHECK_EQ_STR(words("=?utf-8?q?Re:_refund?= =?utf-8?q?_request?="),
	             "Re: refund request");
	CHECK_EQ_STR(words("Re: =?windows-1252?Q?=93quoted=94?= text"),
	             "Re: \xE2\x80\x9Cquoted\xE2\x80\x9D text");
	/* not encoded words: kept as written */
	CHECK_EQ_STR(words("=?utf-8?x?abc?= and =? plain"), "=?utf-8?x?abc?= and =? plain");
	CHECK_EQ_STR(words("price = 5?"), "price = 5?");
}

static void test_quoted_printable(void)
{
	const char *s = "caf=C3=A9 is op=\nen until=20\nsix =3D late, a=\n=3D b =ZZ end=";

	ts_buf_reset(&out);
	CHECK_EQ_INT(ts_mime_qp_decode(s, strlen(s), &out), TS_OK);
	CHECK_EQ_STR(out.p, "caf\xC3\xA9 is open until \nsix = late, a= b =ZZ end");
	/* soft break with trailing blanks after the '=' */
	ts_buf_reset(&out);
	ts_mime_qp_decode("one=  \ntwo", 10, &out);
	CHECK_EQ_STR(out.p, "onetwo");
}

static void test_base64(void)
{
	const char *s = "SGVs\nbG8s IHdv\r\ncmxkIQ==\nignored";

	ts_buf_reset(&out);
	CHECK_EQ_INT(ts_mime_b64_decode(s, strlen(s), &out), TS_OK);
	CHECK_EQ_STR(out.p, "Hello, world!");
	ts_buf_reset(&out);
	ts_mime_b64_decode("!!!", 3, &out);
	CHECK_EQ_INT(out.len, 0);
}

static const char *utf8(const char *cs, const char *s)
{
	ts_buf_reset(&out);
	CHECK_EQ_INT(ts_mime_to_utf8(&ctx, cs, s, strlen(s), &out), TS_OK);
	return out.p;
}

static void test_charsets(void)
{
	CHECK_EQ_STR(utf8("ISO-8859-1", "gar\xE7on \xA3" "5"), "gar\xC3\xA7on \xC2\xA3" "5");
	CHECK_EQ_STR(utf8("iso-8859-15", "\xA4" "10"), "\xE2\x82\xAC" "10");
	CHECK_EQ_STR(utf8("windows-1252", "\x93hi\x94 \x80"),
	             "\xE2\x80\x9Chi\xE2\x80\x9D \xE2\x82\xAC");
	/* ISO-8859-1 labels are read as Windows-1252, like browsers do */
	CHECK_EQ_STR(utf8("latin1", "it\x92s"), "it\xE2\x80\x99s");
	CHECK_EQ_STR(utf8("utf-8", "na\xC3\xAFve"), "na\xC3\xAFve");
	/* US-ASCII that is really UTF-8 stays; 8-bit that is not is cp1252 */
	CHECK_EQ_STR(utf8("us-ascii", "na\xC3\xAFve"), "na\xC3\xAFve");
	CHECK_EQ_STR(utf8("us-ascii", "caf\xE9"), "caf\xC3\xA9");
	CHECK_EQ_STR(utf8(NULL, "caf\xE9"), "caf\xC3\xA9");
	/* a charset iconv does not know: the bytes as they are */
	CHECK_EQ_STR(utf8("x-no-such-charset", "a\xE9"), "a\xE9");
	/* an undefined byte in cp1252 becomes U+FFFD, the rest goes on */
	CHECK_EQ_STR(utf8("windows-1252", "a\x81" "b"), "a\xEF\xBF\xBD" "b");
	CHECK(ts_mime_valid_utf8("ok \xC3\xA9", 5));
	CHECK(!ts_mime_valid_utf8("\xC3", 1));
	CHECK(!ts_mime_valid_utf8("\xED\xA0\x80", 3)); /* a surrogate */
}

static int body(const char *msg, size_t depth, const char **text)
{
	int what = -1;

	ts_buf_reset(&out);
	CHECK_EQ_INT(ts_mime_body_text(&ctx, msg, strlen(msg), depth, &out, &what), TS_OK);
	*text = out.p;
	return what;
}

static void test_multipart_nested(void)
{
	const char *m =
		"Content-Type: multipart/mixed; boundary=outer\n\n"
		"preamble\n--outer\n"
		"Content-Type: multipart/alternative; boundary=\"inner\"\n\n"
		"--inner\nContent-Type: text/html; charset=utf-8\n\n<p>html version</p>\n"
		"--inner\nContent-Type: text/plain; charset=iso-8859-1\n"
		"Content-Transfer-Encoding: quoted-printable\n\nPlain vers=\nion, caf=E9\n"
		"--inner--\n"
		"--outer\nContent-Type: text/plain\nContent-Disposition: attachment; "
		"filename=log.txt\n\nattached log\n--outer--\nepilogue\n";
	const char *t;

	CHECK_EQ_INT(body(m, 32, &t), TS_MIME_TEXT);
	CHECK_EQ_STR(t, "Plain version, caf\xC3\xA9");
}

static void test_multipart_html_only(void)
{
	const char *m =
		"Content-Type: multipart/alternative; boundary=b\n\n"
		"--b\nContent-Type: image/png\nContent-Transfer-Encoding: base64\n\niVBORw0=\n"
		"--b\nContent-Type: text/html\nContent-Transfer-Encoding: base64\n\n"
		"PHA+T25lICZhbXA7IHR3bzwvcD48cD50aHJlZTwvcD4=\n--b--\n";
	const char *t;

	/* "<p>One &amp; two</p><p>three</p>" */
	CHECK_EQ_INT(body(m, 32, &t), TS_MIME_TEXT);
	CHECK_EQ_STR(t, "One & two\n\nthree\n\n");
}

static void test_multipart_broken(void)
{
	const char *t;

	/* no boundary parameter */
	CHECK_EQ_INT(body("Content-Type: multipart/mixed\n\n--x\n\nhello\n", 32, &t),
	             TS_MIME_NO_BOUNDARY);
	/* a boundary that never closes: the last part runs to the end */
	CHECK_EQ_INT(body("Content-Type: multipart/mixed; boundary=zz\n\n--zz\n"
	                  "Content-Type: text/plain\n\nstill here\n", 32, &t),
	             TS_MIME_TEXT);
	CHECK_EQ_STR(t, "still here\n");
	/* a boundary that never appears: no part, said as such (not as
	 * "attachments only") */
	CHECK_EQ_INT(body("Content-Type: multipart/mixed; boundary=zz\n\nloose text\n",
	                  32, &t), TS_MIME_NO_PARTS);
	/* ... unless another part of the message has the text */
	CHECK_EQ_INT(body("Content-Type: multipart/mixed; boundary=o\n\n--o\n"
	                  "Content-Type: multipart/alternative; boundary=gone\n\nlost\n"
	                  "--o\nContent-Type: text/plain\n\nfound\n--o--\n", 32, &t),
	             TS_MIME_TEXT);
	CHECK_EQ_STR(t, "found");
	/* attachments only */
	CHECK_EQ_INT(body("Content-Type: multipart/mixed; boundary=q\n\n--q\n"
	                  "Content-Type: application/pdf\n\n%PDF\n--q--\n", 32, &t),
	             TS_MIME_NO_TEXT);
	/* no Content-Type at all: text/plain */
	CHECK_EQ_INT(body("Subject: x\n\njust text\n", 32, &t), TS_MIME_TEXT);
	CHECK_EQ_STR(t, "just text\n");
}

/* n multiparts, each inside the one before; text at the bottom. */
static char *nested(size_t n)
{
	ts_buf b;

	ts_buf_init(&b, 0);
	for (size_t i = 0; i < n; i++)
		ts_buf_addf(&b, "Content-Type: multipart/mixed; boundary=b%zu\n\n--b%zu\n",
		            i, i);
	ts_buf_adds(&b, "Content-Type: text/plain\n\ndeep text\n");
	return ts_buf_detach(&b, NULL);
}

static void test_depth_limit(void)
{
	char *m = nested(3), *big = nested(10000);
	const char *t;

	CHECK_EQ_INT(body(m, 32, &t), TS_MIME_TEXT);
	CHECK_EQ_STR(t, "deep text\n");
	CHECK_EQ_INT(body(m, 3, &t), TS_MIME_TEXT);
	CHECK_EQ_INT(body(m, 2, &t), TS_MIME_TOO_DEEP);
	/* 10,000 levels: stops at the limit (a cap of 256 even if asked more) */
	CHECK_EQ_INT(body(big, 32, &t), TS_MIME_TOO_DEEP);
	CHECK_EQ_INT(body(big, 1000000, &t), TS_MIME_TOO_DEEP);
	free(m);
	free(big);
}

static const char *html(const char *s)
{
	ts_buf_reset(&out);
	CHECK_EQ_INT(ts_html_text(s, strlen(s), &out), TS_OK);
	return out.p;
}

static void test_html(void)
{
	CHECK_EQ_STR(html("Hi <b>Ann</b>,<br>your   order\nshipped.<br/>Thanks"),
	             "Hi Ann,\nyour order shipped.\nThanks");
	CHECK_EQ_STR(html("<style>p{color:red}</style><p>a &lt; b &amp;&amp; c&gt;d</p>"),
	             "a < b && c>d\n\n");
	CHECK_EQ_STR(html("caf&#233; &#x2019; &nbsp;x &bogus; 3 < 4"),
	             "caf\xC3\xA9 \xE2\x80\x99 x &bogus; 3 < 4");
	CHECK_EQ_STR(html("<div>Mine</div><blockquote>their line<br>more</blockquote>"),
	             "Mine\n\n> their line\n> more\n");
	CHECK_EQ_STR(html("a<!-- hidden <b> -->b<script>var x='<p>';</script>c"), "abc");
	/* paragraphs: one blank line between them, however the tags stack
	 * up; none before the first */
	CHECK_EQ_STR(html("<html><body><p>Hello&nbsp;Ann,</p><p>Thanks</p></body></html>"),
	             "Hello Ann,\n\nThanks\n\n");
	CHECK_EQ_STR(html("<div><p>One</p></div>\n<div><p>Two</p></div>"), "One\n\nTwo\n\n");
	CHECK_EQ_STR(html("a<br><br><br><br>b"), "a\n\nb");
	CHECK_EQ_STR(html("a<br>b<br><br>c"), "a\nb\n\nc");
}

int main(void)
{
	ts_buf_init(&out, 0);
	TS_RUN(test_header_unfolding);
	TS_RUN(test_params);
	TS_RUN(test_encoded_words);
	TS_RUN(test_quoted_printable);
	TS_RUN(test_base64);
	TS_RUN(test_charsets);
	TS_RUN(test_multipart_nested);
	TS_RUN(test_multipart_html_only);
	TS_RUN(test_multipart_broken);
	TS_RUN(test_depth_limit);
	TS_RUN(test_html);
	ts_buf_release(&out);
	ts_mime_ctx_release(&ctx);
	TS_TEST_MAIN_END();
}
