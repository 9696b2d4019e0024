/*
 * test_read_email.c - unit tests for the e-mail reader.  Every input is
 * read whole and then fed in chunks of every size from 1 byte up, and in
 * uneven chunks; what the reader says -- messages, rejects, the final
 * status and the counts, written out as text -- must be the same every
 * time and equal the expected text.  All mail here is made up.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "traitscan.h"
#include "buf.h"
#include "read_email.h"
#include "reader_fixture.h"
#include "test.h"

struct how {
	const ts_email_options *opt;
	unsigned long stop_after_msg;
	int warnings;              /* warnings are expected */
};

static int on_msg(void *ud, const ts_message *m)
{
	rf_sink *k = ud;
	static const ts_field shown[] = {TS_F_CONVERSATION, TS_F_TIME, TS_F_AUTHOR,
	                                 TS_F_CUSTOMER, TS_F_TEXT};

	CHECK_EQ_STR(m->file, "t.mbox");
	CHECK(m->row > k->last_row);
	CHECK(m->f[TS_F_TEXT].n > 0);
	CHECK(!m->has_seq);
	k->last_row = m->row;
	rf_msg_begin(k, m);
	for (size_t i = 0; i < sizeof shown / sizeof shown[0]; i++)
		rf_add_field(k, ts_field_name(shown[i]), m->f[shown[i]]);
	return rf_msg_end(k);
}

RF_READER_OPS(email);

/* rf_run_fn: everything the reader said about in[0, n), as text. */
static char *run(const char *in, size_t n, size_t chunk, const void *vhow)
{
	const struct how *how = vhow;
	ts_email_reader *r = NULL;
	rf_sink k;
	ts_error err;

	memset(&k, 0, sizeof k);
	ts_buf_init(&k.out, 0);
	k.stop_after_msg = how->stop_after_msg;
	k.warnings = how->warnings;
	if (ts_email_reader_new(&r, how->opt, "t.mbox", on_msg, rf_on_diag, &k,
	                        &err) != TS_OK)
		return NULL;
	rf_drive(&rf_email_ops, r, &k, in, n, chunk);
	ts_email_reader_free(r);
	return ts_buf_detach(&k.out, NULL);
}

/* Inputs over 4 kB try chunk sizes 1..300 and then every 997th; over
 * 64 kB, 1 to 3 bytes, uneven sizes and a few bigger ones. */
static size_t next_chunk(size_t c, size_t n)
{
	return c + (n > 65536 && c >= 3 ? c * 7 : n > 4096 && c >= 300 ? 997 : 1);
}

static void check_how(const char *in, size_t n, const struct how *how,
                      const char *expected)
{
	rf_check_chunks(run, how, in, n, next_chunk, expected);
}

static const char *const agent_domains[] = {"helpdesk.example"};
static const char *const agents[] = {"Robin Vale", "night@shift.example"};

static void check_opt(const char *in, const ts_email_options *opt,
                      const char *expected)
{
	struct how how = {opt, 0, 0};
	check_how(in, strlen(in), &how, expected);
}

static void check(const char *in, const char *expected)
{
	ts_email_options o;

	memset(&o, 0, sizeof o);
	o.agent_domains = agent_domains;
	o.nagent_domains = 1;
	o.agents = agents;
	o.nagents = 2;
	check_opt(in, &o, expected);
}

/* ---- tests ---------------------------------------------------------------- */

#define THREAD \
	"From mia@customer.example Mon Mar  2 09:00:00 2026\n" \
	"From: Mia Stone <Mia@Customer.Example>\n" \
	"To: support@helpdesk.example\n" \
	"Subject: Router keeps\n" \
	" rebooting\n" \
	"Date: Mon, 2 Mar 2026 09:00:00 +0100\n" \
	"Message-ID: <m1@customer.example>\n" \
	"\n" \
	"My router restarts every hour.\n" \
	"\n" \
	"Sent from my iPhone\n" \
	"\n" \
	"From agent@helpdesk.example Mon Mar  2 10:00:00 2026\n" \
	"From: \"Help Desk\" <agent@eu.helpdesk.example>\n" \
	"Subject: Re: Router keeps rebooting\n" \
	"Date: Mon, 2 Mar 2026 10:00:00 +0100\n" \
	"Message-ID: <a1@helpdesk.example>\n" \
	"In-Reply-To: <m1@customer.example>\n" \
	"References: <m1@customer.example>\n" \
	"\n" \
	"Sorry about that. Which firmware do you run?\n" \
	"\n" \
	"Best regards,\n" \
	"Lee\n" \
	"Help Desk Team\n" \
	"\n" \
	"On Mon, 2 Mar 2026 at 09:00, Mia Stone <mia@customer.example> wrote:\n" \
	"> My router restarts every hour.\n" \
	"\n" \
	"From mia@customer.example Mon Mar  2 11:00:00 2026\n" \
	"From: mia@customer.example\n" \
	"Subject: Re: Re: Router keeps rebooting\n" \
	"Date: Mon, 2 Mar 2026 11:00:00 +0100\n" \
	"Message-ID: <m2@customer.example>\n" \
	"In-Reply-To: <a1@helpdesk.example>\n" \
	"\n" \
	"> Which firmware do you run?\n" \
	"Version 2.1, installed last week.\n"

static void test_mbox_thread(void)
{
	check(THREAD,
	      "1@1 customer conversation=[m1@customer.example] "
	      "time=[Mon, 2 Mar 2026 09:00:00 +0100] author=[mia@customer.example] "
	      "customer=[mia@customer.example] text=[My router restarts every hour.]\n"
	      "2@13 agent conversation=[m1@customer.example] "
	      "time=[Mon, 2 Mar 2026 10:00:00 +0100] author=[agent@eu.helpdesk.example] "
	      "customer=[mia@customer.example] "
	      "text=[Sorry about that. Which firmware do you run?\\n\\nBest regards,]\n"
	      "3@30 customer conversation=[m1@customer.example] "
	      "time=[Mon, 2 Mar 2026 11:00:00 +0100] author=[mia@customer.example] "
	      "customer=[mia@customer.example] text=[Version 2.1, installed last week.]\n"
	      "= rc=0 records=3 rejected=0");
}

static void test_mbox_crlf(void)
{
	check("From x@y.example Tue Mar  3 08:00:00 2026\r\n"
	      "From: x@y.example\r\nMessage-ID: <c1@y.example>\r\n\r\n"
	      "Line one\r\nline two\r\n",
	      "1@1 customer conversation=[c1@y.example] author=[x@y.example] "
	      "customer=[x@y.example] text=[Line one\\nline two]\n"
	      "= rc=0 records=1 rejected=0");
}

/* Lines ended by a lone CR (old Mac mail) or a mix of CR, LF and CRLF:
 * the same messages and line numbers as with LF (a CRLF cut between two
 * chunks is one line end: every chunk size is tried). */
static void test_mbox_cr_and_mixed(void)
{
	const char *want = "1@1 customer conversation=[c1@y.example] author=[x@y.example] "
	                   "customer=[x@y.example] text=[Line one\\nline two]\n"
	                   "2@7 agent conversation=[c1@y.example] author=[desk@helpdesk.example] "
	                   "customer=[x@y.example] text=[Thanks, fixed.]\n"
	                   "= rc=0 records=2 rejected=0";

	check("From x@y.example Tue Mar  3 08:00:00 2026\r"
	      "From: x@y.example\rMessage-ID: <c1@y.example>\r\r"
	      "Line one\rline two\r"
	      "From desk@helpdesk.example Tue Mar  3 09:00:00 2026\r"
	      "From: desk@helpdesk.example\rIn-Reply-To: <c1@y.example>\r\r"
	      "Thanks, fixed.\r", want);
	check("From x@y.example Tue Mar  3 08:00:00 2026\r\n"
	      "From: x@y.example\nMessage-ID: <c1@y.example>\r\r\n"
	      "Line one\rline two\n"
	      "From desk@helpdesk.example Tue Mar  3 09:00:00 2026\r"
	      "From: desk@helpdesk.example\r\nIn-Reply-To: <c1@y.example>\n\r"
	      "Thanks, fixed.", want);
}

/* A file named as an mbox that has no "From " line: one message, warned
 * about (an .eml is one message by definition: no warning). */
static void test_mbox_without_from_lines(void)
{
	ts_email_options o;
	struct how how = {&o, 0, 1};
	const char *in = "From: a@b.example\nSubject: first\n\nplease help\n\n"
	                 "From: c@d.example\nSubject: second\n\nthanks\n";
	const char *one = "1@1 customer conversation=[subject:first] author=[a@b.example] "
	                  "customer=[a@b.example] text=[please help\\n\\nFrom: c@d.example\\n"
	                  "Subject: second\\n\\nthanks]\n";
	ts_buf want;

	memset(&o, 0, sizeof o);
	check_opt(in, &o, "1@1 customer conversation=[subject:first] author=[a@b.example] "
	          "customer=[a@b.example] text=[please help\\n\\nFrom: c@d.example\\n"
	          "Subject: second\\n\\nthanks]\n= rc=0 records=1 rejected=0");
	o.expect_mbox = 1;
	ts_buf_init(&want, 0);
	ts_buf_adds(&want, one);
	ts_buf_adds(&want, "W t.mbox:1: no \"From \" line starts a message: read as one message "
	            "(an mbox starts each with a dated \"From \" line)\n"
	            "= rc=0 records=1 rejected=0");
	check_how(in, strlen(in), &how, want.p);
	/* a real mbox says nothing */
	check_opt("From a@b.example Mon Mar  2 09:00:00 2026\nFrom: a@b.example\n\nhi\n", &o,
	          "1@1 customer conversation=[message:1] author=[a@b.example] "
	          "customer=[a@b.example] text=[hi]\n= rc=0 records=1 rejected=0");
	ts_buf_release(&want);
}

/* Blank lines before the first "From " line (the format detection looks
 * past them too): still an mbox of three messages, lines counted. */
static void test_mbox_after_blank_lines(void)
{
	check("\n  \n\t\n" THREAD,
	      "1@4 customer conversation=[m1@customer.example] "
	      "time=[Mon, 2 Mar 2026 09:00:00 +0100] author=[mia@customer.example] "
	      "customer=[mia@customer.example] text=[My router restarts every hour.]\n"
	      "2@16 agent conversation=[m1@customer.example] "
	      "time=[Mon, 2 Mar 2026 10:00:00 +0100] author=[agent@eu.helpdesk.example] "
	      "customer=[mia@customer.example] "
	      "text=[Sorry about that. Which firmware do you run?\\n\\nBest regards,]\n"
	      "3@33 customer conversation=[m1@customer.example] "
	      "time=[Mon, 2 Mar 2026 11:00:00 +0100] author=[mia@customer.example] "
	      "customer=[mia@customer.example] text=[Version 2.1, installed last week.]\n"
	      "= rc=0 records=3 rejected=0");
	/* a single message after blank lines keeps its headers */
	check("\n\nFrom: x@y.example\nMessage-ID: <b1@y.example>\n\nHello there\n",
	      "1@3 customer conversation=[b1@y.example] author=[x@y.example] "
	      "customer=[x@y.example] text=[Hello there]\n"
	      "= rc=0 records=1 rejected=0");
}

static void test_from_line_in_body(void)
{
	/* "From here on" has no date: text, not a separator; ">From " and
	 * ">>From " lose one '>' */
	check("From a@b.example Wed Mar  4 12:00:00 2026\n"
	      "From: a@b.example\nMessage-ID: <f1@b.example>\n\n"
	      "From here on the fan is loud.\n"
	      ">From the manual: reset it.\n"
	      ">>From a quote\n"
	      "From 12:00 until 1:30 nothing.\n",
	      "1@1 customer conversation=[f1@b.example] author=[a@b.example] "
	      "customer=[a@b.example] text=[From here on the fan is loud.\\n"
	      "From the manual: reset it.\\nFrom 12:00 until 1:30 nothing.]\n"
	      "= rc=0 records=1 rejected=0");
	/* a year that is too small does not split either */
	check("From a@b.example Wed Mar  4 12:00:00 2026\n"
	      "From: a@b.example\nMessage-ID: <f2@b.example>\n\nfirst\n"
	      "From someone Wed Mar  4 12:00:00 12\nsecond\n",
	      "1@1 customer conversation=[f2@b.example] author=[a@b.example] "
	      "customer=[a@b.example] "
	      "text=[first\\nFrom someone Wed Mar  4 12:00:00 12\\nsecond]\n"
	      "= rc=0 records=1 rejected=0");
}

static void test_eml_encoded_headers(void)
{
	/* a single message: no "From " line, so ">From" stays as written */
	check("Received: by mx.example; Thu, 5 Mar 2026 08:00:00 +0000\n"
	      "From: =?ISO-8859-1?Q?Ren=E9e_Robin?= <renee@shop.example>\n"
	      "Subject: =?UTF-8?B?UmU6IGNhZsOp?=\n"
	      "Message-ID: <e1@shop.example>\n"
	      "Date: Thu, 5 Mar 2026 08:00:00 +0000\n"
	      "Content-Type: text/plain; charset=iso-8859-1\n"
	      "Content-Transfer-Encoding: quoted-printable\n\n"
	      "Le caf=E9 est fro=\nid.\n>From here\n",
	      "1@1 customer conversation=[e1@shop.example] "
	      "time=[Thu, 5 Mar 2026 08:00:00 +0000] author=[renee@shop.example] "
	      "customer=[renee@shop.example] text=[Le caf\xC3\xA9 est froid.]\n"
	      "= rc=0 records=1 rejected=0");
}

static void test_agents_by_name_and_address(void)
{
	/* "Robin Vale" by display name (RFC 2047 encoded), night@ by address;
	 * "helpdesk.example.evil" is not a subdomain of helpdesk.example */
	check("From: =?utf-8?q?Robin_Vale?= <rv@other.example>\nMessage-ID: <g1@x>\n\n"
	      "Hello from Robin.\n",
	      "1@1 agent conversation=[g1@x] author=[rv@other.example] "
	      "text=[Hello from Robin.]\n= rc=0 records=1 rejected=0");
	check("From: NIGHT@shift.example\nMessage-ID: <g2@x>\n\nNight shift here.\n",
	      "1@1 agent conversation=[g2@x] author=[night@shift.example] "
	      "text=[Night shift here.]\n= rc=0 records=1 rejected=0");
	check("From: x@helpdesk.example.evil\nMessage-ID: <g3@x>\n\nNot an agent.\n",
	      "1@1 customer conversation=[g3@x] author=[x@helpdesk.example.evil] "
	      "customer=[x@helpdesk.example.evil] text=[Not an agent.]\n"
	      "= rc=0 records=1 rejected=0");
}

static void test_base64_cp1252_multipart(void)
{
	/* "\x93It\x92s fixed\x94 \x80" in Windows-1252, base64, inside
	 * multipart/alternative next to HTML, with an attachment after */
	check("From: c@d.example\nMessage-ID: <b1@d.example>\n"
	      "Content-Type: multipart/mixed; boundary=\"MIX\"\n\n"
	      "--MIX\nContent-Type: multipart/alternative; boundary=ALT\n\n"
	      "--ALT\nContent-Type: text/html\n\n<p>html <b>only</b></p>\n"
	      "--ALT\nContent-Type: text/plain; charset=windows-1252\n"
	      "Content-Transfer-Encoding: base64\n\n"
	      "k0l0knMg\nZml4ZWSU\nIIA=\n--ALT--\n"
	      "--MIX\nContent-Type: text/plain; name=log.txt\n"
	      "Content-Disposition: attachment\n\nlog lines\n--MIX--\n",
	      "1@1 customer conversation=[b1@d.example] author=[c@d.example] "
	      "customer=[c@d.example] "
	      "text=[\xE2\x80\x9CIt\xE2\x80\x99s fixed\xE2\x80\x9D \xE2\x82\xAC]\n"
	      "= rc=0 records=1 rejected=0");
}

static void test_html_only(void)
{
	check("From: h@d.example\nMessage-ID: <h1@d.example>\n"
	      "Content-Type: text/html; charset=utf-8\n\n"
	      "<html><head><title>x</title></head><body><p>We&#39;ve refunded you.</p>"
	      "<blockquote>Where is my money?</blockquote></body></html>\n",
	      "1@1 customer conversation=[h1@d.example] author=[h@d.example] "
	      "customer=[h@d.example] text=[We've refunded you.]\n"
	      "= rc=0 records=1 rejected=0");
}

static void test_rejects(void)
{
	check("From a@b.example Fri Mar  6 10:00:00 2026\n"
	      "From: a@b.example\nMessage-ID: <r1@b.example>\n"
	      "Content-Type: multipart/mixed\n\n--x\n\nno boundary given\n\n"
	      "From a@b.example Fri Mar  6 10:05:00 2026\n"
	      "From: a@b.example\nMessage-ID: <r2@b.example>\n\n"
	      "On Fri, 6 Mar 2026, Help wrote:\n> only a quote\n\n"
	      "From a@b.example Fri Mar  6 10:10:00 2026\n"
	      "From: a@b.example\nMessage-ID: <r3@b.example>\n"
	      "Content-Type: multipart/mixed; boundary=q\n\n"
	      "--q\nContent-Type: image/png\n\nPNG\n--q--\n\n"
	      "From a@b.example Fri Mar  6 10:15:00 2026\n"
	      "From: a@b.example\nMessage-ID: <r4@b.example>\n"
	      "Content-Type: multipart/mixed; boundary=open\n\n"
	      "--open\nContent-Type: text/plain\n\nnever closed but read\n",
	      "R t.mbox:1: message 1 is multipart without a boundary\n"
	      "R t.mbox:10: message 2 has no text after removing quotes and signature\n"
	      "R t.mbox:17: message 3 has no text part (attachments only)\n"
	      "4@28 customer conversation=[r4@b.example] author=[a@b.example] "
	      "customer=[a@b.example] text=[never closed but read]\n"
	      "= rc=0 records=4 rejected=3");
}

static void test_oversize(void)
{
	ts_email_options o;
	ts_buf in;
	ts_email_reader *r;
	ts_error err;
	unsigned long recs, rej;
	size_t peak = 0;

	memset(&o, 0, sizeof o);
	o.max_message = 200;
	check_opt("From a@b.example Sat Mar  7 10:00:00 2026\n"
	          "From: a@b.example\nMessage-ID: <o1@b.example>\n\n"
	          "This body is far too long for the limit of two hundred bytes that "
	          "this test sets, so the whole message is rejected with its line and "
	          "the reader goes on with the next message in the mailbox file.\n"
	          "From a@b.example Sat Mar  7 10:05:00 2026\n"
	          "From: a@b.example\nMessage-ID: <o2@b.example>\n\nshort\n",
	          &o,
	          "R t.mbox:1: message 1 longer than 200 bytes (--max-message)\n"
	          "2@6 customer conversation=[o2@b.example] author=[a@b.example] "
	          "customer=[a@b.example] text=[short]\n"
	          "= rc=0 records=2 rejected=1");
	/* one 1 MB line, fed in 4 kB chunks: never held */
	ts_buf_init(&in, 0);
	ts_buf_adds(&in, "From: a@b.example\n\n");
	for (int i = 0; i < 1 << 20; i++)
		ts_buf_addc(&in, 'x');
	o.max_message = 4096;
	REQUIRE(ts_email_reader_new(&r, &o, "big", NULL, NULL, NULL, &err) == TS_OK);
	for (size_t i = 0; i < in.len; i += 4096) {
		size_t c = in.len - i < 4096 ? in.len - i : 4096;
		CHECK_EQ_INT(ts_email_reader_feed(r, in.p + i, c, &err), TS_OK);
		if (ts_email_reader_buffer_bytes(r) > peak)
			peak = ts_email_reader_buffer_bytes(r);
	}
	CHECK_EQ_INT(ts_email_reader_finish(r, &err), TS_OK);
	ts_email_reader_counts(r, &recs, &rej);
	CHECK_EQ_INT(recs, 1);
	CHECK_EQ_INT(rej, 1);
	CHECK(peak <= 4 * 4096 + 4096);
	ts_email_reader_free(r);
	ts_buf_release(&in);
}

static void test_depth_limit(void)
{
	ts_buf in;
	ts_email_options o;
	struct how how;

	ts_buf_init(&in, 0);
	ts_buf_adds(&in, "From: deep@b.example\nMessage-ID: <d1@b.example>\n");
	for (int i = 0; i < 10000; i++)
		ts_buf_addf(&in, "Content-Type: multipart/mixed; boundary=L%d\n\n--L%d\n", i, i);
	ts_buf_adds(&in, "Content-Type: text/plain\n\nbottom\n");
	memset(&o, 0, sizeof o);
	how.opt = &o;
	how.stop_after_msg = 0;
	check_how(in.p, in.len, &how,
	          "R t.mbox:1: message 1 has no text above MIME depth 64 (--max-depth)\n"
	          "= rc=0 records=1 rejected=1");
	o.max_mime_depth = 3;
	check_how("From: a@b.example\nContent-Type: multipart/mixed; boundary=A\n\n--A\n"
	          "Content-Type: multipart/mixed; boundary=B\n\n--B\n\nlevel two\n",
	          strlen("From: a@b.example\nContent-Type: multipart/mixed; boundary=A\n\n--A\n"
	                 "Content-Type: multipart/mixed; boundary=B\n\n--B\n\nlevel two\n"),
	          &how,
	          "1@1 customer conversation=[message:1] author=[a@b.example] "
	          "customer=[a@b.example] text=[level two]\n= rc=0 records=1 rejected=0");
	ts_buf_release(&in);
}

static void test_threading_rules(void)
{
	/* In-Reply-To to a message we saw: its thread; to one we did not:
	 * the missing parent is the root; a References id we saw wins over a
	 * broken first one; with nothing seen, References' first id */
	check("From a@b.example Sun Mar  8 10:00:00 2026\n"
	      "From: a@b.example\nMessage-ID: <t1@b>\n\nroot\n\n"
	      "From a@b.example Sun Mar  8 10:01:00 2026\n"
	      "From: a@b.example\nMessage-ID: <t2@b>\nIn-Reply-To: <t1@b>\n\nchild\n\n"
	      "From a@b.example Sun Mar  8 10:02:00 2026\n"
	      "From: a@b.example\nMessage-ID: <t3@b>\nIn-Reply-To: Your mail <t2@b>\n\n"
	      "grandchild\n\n"
	      "From a@b.example Sun Mar  8 10:03:00 2026\n"
	      "From: a@b.example\nMessage-ID: <t4@b>\nIn-Reply-To: <gone@b>\n\norphan\n\n"
	      "From a@b.example Sun Mar  8 10:04:00 2026\n"
	      "From: a@b.example\nMessage-ID: <t5@b>\n"
	      "References: <top@b> <other@b>\n\nreferenced\n\n"
	      "From a@b.example Sun Mar  8 10:05:00 2026\n"
	      "From: a@b.example\nMessage-ID: <t6@b>\n"
	      "References: <typo@b> <t3@b>\n\nbroken references\n\n"
	      "From a@b.example Sun Mar  8 10:06:00 2026\n"
	      "From: a@b.example\nMessage-ID: <t7@b>\nIn-Reply-To: <yes>\n"
	      "References: <yes>\n\nids without @ are ignored\n",
	      "1@1 customer conversation=[t1@b] author=[a@b.example] customer=[a@b.example] text=[root]\n"
	      "2@7 customer conversation=[t1@b] author=[a@b.example] customer=[a@b.example] text=[child]\n"
	      "3@14 customer conversation=[t1@b] author=[a@b.example] customer=[a@b.example] text=[grandchild]\n"
	      "4@21 customer conversation=[gone@b] author=[a@b.example] customer=[a@b.example] text=[orphan]\n"
	      "5@28 customer conversation=[top@b] author=[a@b.example] customer=[a@b.example] text=[referenced]\n"
	      "6@35 customer conversation=[t1@b] author=[a@b.example] customer=[a@b.example] "
	      "text=[broken references]\n"
	      "7@42 customer conversation=[t7@b] author=[a@b.example] customer=[a@b.example] "
	      "text=[ids without @ are ignored]\n"
	      "= rc=0 records=7 rejected=0");
}

static void test_broken_references(void)
{
	/* References should end with the In-Reply-To id; when In-Reply-To
	 * names an id References lacks, References is broken and the
	 * parent is believed; a consistent pair roots at References' first */
	check("From a@b.example Sun Mar  8 10:00:00 2026\n"
	      "From: a@b.example\nMessage-ID: <u2@b>\nIn-Reply-To: <u1@b>\n"
	      "References: <u0-typo@b>\n\nbroken references\n\n"
	      "From a@b.example Sun Mar  8 10:01:00 2026\n"
	      "From: a@b.example\nMessage-ID: <u1@b>\n\nthe parent, read later\n\n"
	      "From a@b.example Sun Mar  8 10:02:00 2026\n"
	      "From: a@b.example\nMessage-ID: <v3@b>\nIn-Reply-To: <v2@b>\n"
	      "References: <v1@b> <v2@b>\n\nconsistent\n",
	      "1@1 customer conversation=[u1@b] author=[a@b.example] customer=[a@b.example] "
	      "text=[broken references]\n"
	      "2@9 customer conversation=[u1@b] author=[a@b.example] customer=[a@b.example] "
	      "text=[the parent, read later]\n"
	      "3@15 customer conversation=[v1@b] author=[a@b.example] customer=[a@b.example] "
	      "text=[consistent]\n"
	      "= rc=0 records=3 rejected=0");
}

static void test_subject_fallback(void)
{
	check("From a@b.example Mon Mar  9 10:00:00 2026\n"
	      "From: a@b.example\nSubject: [Ticket #77] Printer  Jam\n\nit jams\n\n"
	      "From s@helpdesk.example Mon Mar  9 10:05:00 2026\n"
	      "From: s@helpdesk.example\nSubject: RE: AW: Fwd: printer jam [Ticket #77]\n\n"
	      "we will look\n\n"
	      "From a@b.example Mon Mar  9 10:06:00 2026\n"
	      "From: a@b.example\nSubject: Printer jam again\n\nstill\n\n"
	      "From a@b.example Mon Mar  9 10:07:00 2026\n"
	      "From: a@b.example\nSubject: Re:\n\nno subject left\n",
	      "1@1 customer conversation=[subject:printer jam] author=[a@b.example] "
	      "customer=[a@b.example] text=[it jams]\n"
	      "2@7 agent conversation=[subject:printer jam] author=[s@helpdesk.example] "
	      "customer=[a@b.example] text=[we will look]\n"
	      "3@13 customer conversation=[subject:printer jam again] author=[a@b.example] "
	      "customer=[a@b.example] text=[still]\n"
	      "4@19 customer conversation=[message:4] author=[a@b.example] "
	      "customer=[a@b.example] text=[no subject left]\n"
	      "= rc=0 records=4 rejected=0");
}

/* Subject threads split by date: the edge of the window is inside; a
 * date just past it starts "[Thread 2]"; an earlier date read later joins the
 * thread whose dates it is near; an undated message joins the first. */
#define SUBJECTS \
	"From a@b.example Sun Mar  1 10:00:00 2026\n" \
	"From: a@b.example\nSubject: Refund please\nDate: Sun, 1 Mar 2026 10:00:00 +0000\n\n" \
	"first\n\n" \
	"From s@helpdesk.example Sun Mar  8 10:00:00 2026\n" \
	"From: s@helpdesk.example\nSubject: Re: Refund please\n" \
	"Date: Sun, 8 Mar 2026 10:00:00 +0000\n\nseven days on\n\n" \
	"From a@b.example Sun Mar 15 10:00:01 2026\n" \
	"From: a@b.example\nSubject: RE: refund please\n" \
	"Date: Sun, 15 Mar 2026 10:00:01 +0000\n\none second too late\n\n" \
	"From a@b.example Mon Mar 16 09:00:00 2026\n" \
	"From: a@b.example\nSubject: Re: Refund please\n\nno date\n\n" \
	"From s@helpdesk.example Tue Mar  3 12:00:00 2026\n" \
	"From: s@helpdesk.example\nSubject: Re: Refund please\n" \
	"Date: Tue, 3 Mar 2026 12:00:00 +0000\n\nread late, dated early\n\n" \
	"From s@helpdesk.example Mon Mar 16 10:00:00 2026\n" \
	"From: s@helpdesk.example\nSubject: Re: Refund please\n" \
	"Date: Mon, 16 Mar 2026 10:00:00 +0000\n\nnext day\n\n" \
	"From a@b.example Mon Jun  1 10:00:00 2026\n" \
	"From: a@b.example\nSubject: Refund please\nDate: Mon, 1 Jun 2026 10:00:00 +0000\n\n" \
	"months later\n\n" \
	"From a@b.example Mon Jun  1 10:00:00 2026\n" \
	"From: a@b.example\nSubject: Refund pleas\nDate: Mon, 1 Jun 2026 10:00:00 +0000\n\n" \
	"another subject\n"

static void test_subject_window(void)
{
	ts_email_options o;

	memset(&o, 0, sizeof o);
	o.agent_domains = agent_domains;
	o.nagent_domains = 1;
	check_opt(SUBJECTS, &o,
	      "1@1 customer conversation=[subject:refund please] "
	      "time=[Sun, 1 Mar 2026 10:00:00 +0000] author=[a@b.example] "
	      "customer=[a@b.example] text=[first]\n"
	      "2@8 agent conversation=[subject:refund please] "
	      "time=[Sun, 8 Mar 2026 10:00:00 +0000] author=[s@helpdesk.example] "
	      "customer=[a@b.example] text=[seven days on]\n"
	      "3@15 customer conversation=[subject:refund please [Thread 2]] "
	      "time=[Sun, 15 Mar 2026 10:00:01 +0000] author=[a@b.example] "
	      "customer=[a@b.example] text=[one second too late]\n"
	      "4@22 customer conversation=[subject:refund please] author=[a@b.example] "
	      "customer=[a@b.example] text=[no date]\n"
	      "5@28 agent conversation=[subject:refund please] "
	      "time=[Tue, 3 Mar 2026 12:00:00 +0000] author=[s@helpdesk.example] "
	      "customer=[a@b.example] text=[read late, dated early]\n"
	      "6@35 agent conversation=[subject:refund please [Thread 2]] "
	      "time=[Mon, 16 Mar 2026 10:00:00 +0000] author=[s@helpdesk.example] "
	      "customer=[a@b.example] text=[next day]\n"
	      "7@42 customer conversation=[subject:refund please [Thread 3]] "
	      "time=[Mon, 1 Jun 2026 10:00:00 +0000] author=[a@b.example] "
	      "customer=[a@b.example] text=[months later]\n"
	      "8@49 customer conversation=[subject:refund pleas] "
	      "time=[Mon, 1 Jun 2026 10:00:00 +0000] author=[a@b.example] "
	      "customer=[a@b.example] text=[another subject]\n"
	      "= rc=0 records=8 rejected=0");
	/* a window of 30 days keeps the first six together */
	o.subject_window = 30 * 86400;
	check_opt(SUBJECTS, &o,
	      "1@1 customer conversation=[subject:refund please] "
	      "time=[Sun, 1 Mar 2026 10:00:00 +0000] author=[a@b.example] "
	      "customer=[a@b.example] text=[first]\n"
	      "2@8 agent conversation=[subject:refund please] "
	      "time=[Sun, 8 Mar 2026 10:00:00 +0000] author=[s@helpdesk.example] "
	      "customer=[a@b.example] text=[seven days on]\n"
	      "3@15 customer conversation=[subject:refund please] "
	      "time=[Sun, 15 Mar 2026 10:00:01 +0000] author=[a@b.example] "
	      "customer=[a@b.example] text=[one second too late]\n"
	      "4@22 customer conversation=[subject:refund please] author=[a@b.example] "
	      "customer=[a@b.example] text=[no date]\n"
	      "5@28 agent conversation=[subject:refund please] "
	      "time=[Tue, 3 Mar 2026 12:00:00 +0000] author=[s@helpdesk.example] "
	      "customer=[a@b.example] text=[read late, dated early]\n"
	      "6@35 agent conversation=[subject:refund please] "
	      "time=[Mon, 16 Mar 2026 10:00:00 +0000] author=[s@helpdesk.example] "
	      "customer=[a@b.example] text=[next day]\n"
	      "7@42 customer conversation=[subject:refund please [Thread 2]] "
	      "time=[Mon, 1 Jun 2026 10:00:00 +0000] author=[a@b.example] "
	      "customer=[a@b.example] text=[months later]\n"
	      "8@49 customer conversation=[subject:refund pleas] "
	      "time=[Mon, 1 Jun 2026 10:00:00 +0000] author=[a@b.example] "
	      "customer=[a@b.example] text=[another subject]\n"
	      "= rc=0 records=8 rejected=0");
	/* a subject that reads like a later thread's key is its own thread:
	 * "Order [thread 2]" is not the second thread of "Order" */
	o.subject_window = 0;
	check_opt("From a@b.example Fri Mar 20 10:00:00 2026\n"
	          "From: ann@b.example\nSubject: Order [Thread 2]\n"
	          "Date: Fri, 20 Mar 2026 10:00:00 +0000\n\nann\n"
	          "From a@b.example Sun Mar  1 10:00:00 2026\n"
	          "From: bob@b.example\nSubject: Order\n"
	          "Date: Sun, 1 Mar 2026 10:00:00 +0000\n\nbob\n"
	          "From a@b.example Fri Mar 20 11:00:00 2026\n"
	          "From: cy@b.example\nSubject: Order\n"
	          "Date: Fri, 20 Mar 2026 11:00:00 +0000\n\ncy\n", &o,
	          "1@1 customer conversation=[subject:order [thread 2]] "
	          "time=[Fri, 20 Mar 2026 10:00:00 +0000] author=[ann@b.example] "
	          "customer=[ann@b.example] text=[ann]\n"
	          "2@7 customer conversation=[subject:order] "
	          "time=[Sun, 1 Mar 2026 10:00:00 +0000] author=[bob@b.example] "
	          "customer=[bob@b.example] text=[bob]\n"
	          "3@13 customer conversation=[subject:order [Thread 2]] "
	          "time=[Fri, 20 Mar 2026 11:00:00 +0000] author=[cy@b.example] "
	          "customer=[cy@b.example] text=[cy]\n"
	          "= rc=0 records=3 rejected=0");
}

/* Every input read by a reader of its own, in order, with one thread map
 * for all of them (shared) or each with its own; what they said, as text. */
static char *run_files(const char *const *in, size_t nin, int shared, size_t chunk)
{
	ts_email_threads *t = NULL;
	ts_email_options o;
	rf_sink k;
	ts_error err;

	memset(&o, 0, sizeof o);
	o.agent_domains = agent_domains;
	o.nagent_domains = 1;
	if (shared && ts_email_threads_new(&t) != TS_OK)
		return NULL;
	o.threads = t;
	memset(&k, 0, sizeof k);
	ts_buf_init(&k.out, 0);
	for (size_t i = 0; i < nin; i++) {
		ts_email_reader *r = NULL;
		size_t before = k.emitted + k.rejects;
		if (ts_email_reader_new(&r, &o, "t.mbox", on_msg, rf_on_diag, &k, &err) != TS_OK)
			break;
		k.last_row = 0;
		k.emitted = k.rejects = 0;
		rf_drive(&rf_email_ops, r, &k, in[i], strlen(in[i]), chunk);
		ts_buf_addc(&k.out, '\n');
		k.emitted += before;
		ts_email_reader_free(r);
	}
	if (shared) {
		ts_buf_addf(&k.out, "ids=%zu", ts_email_threads_count(t));
		CHECK(ts_email_threads_bytes(t) > 0);
	}
	ts_email_threads_free(t);
	return ts_buf_detach(&k.out, NULL);
}

static void check_files(const char *const *in, size_t nin, int shared,
                        const char *expected)
{
	char *whole = run_files(in, nin, shared, SIZE_MAX);

	REQUIRE(whole != NULL);
	CHECK_EQ_STR(whole, expected);
	for (size_t c = 0; c < 4; c++) {
		char *part = run_files(in, nin, shared, c);
		CHECK_EQ_STR(part, whole);
		free(part);
	}
	free(whole);
}

#define EML_PARENT \
	"From: Ann Lee <ann@home.example>\nSubject: Parcel missing\n" \
	"Date: Mon, 6 Apr 2026 09:00:00 +0000\nMessage-ID: <p1@home.example>\n\n" \
	"My parcel never came.\n"
#define EML_REPLY \
	"From: Sam <sam@helpdesk.example>\nSubject: Re: Parcel missing\n" \
	"Date: Mon, 6 Apr 2026 09:30:00 +0000\nMessage-ID: <r1@helpdesk.example>\n" \
	"In-Reply-To: <p1@home.example>\nReferences: <p1@home.example>\n\n" \
	"Sorry about that, I have sent a new one.\n"
/* answers the reply by In-Reply-To only, no References */
#define EML_THANKS \
	"From: ann@home.example\nSubject: Re: Re: Parcel missing\n" \
	"Date: Mon, 6 Apr 2026 10:00:00 +0000\nMessage-ID: <c2@home.example>\n" \
	"In-Reply-To: <r1@helpdesk.example>\n\nThanks, it is here now.\n"

static void test_threads_across_files(void)
{
	const char *const in_order[] = { EML_PARENT, EML_REPLY, EML_THANKS };
	const char *const reply_first[] = { EML_REPLY, EML_THANKS, EML_PARENT };
	const char *const thanks_first[] = { EML_THANKS, EML_REPLY, EML_PARENT };

	/* one map for the run: the thread of a parent in another file; the
	 * agent's reply names the thread's customer */
	check_files(in_order, 3, 1,
	            "1@1 customer conversation=[p1@home.example] "
	            "time=[Mon, 6 Apr 2026 09:00:00 +0000] author=[ann@home.example] "
	            "customer=[ann@home.example] text=[My parcel never came.]\n"
	            "= rc=0 records=1 rejected=0\n"
	            "1@1 agent conversation=[p1@home.example] "
	            "time=[Mon, 6 Apr 2026 09:30:00 +0000] author=[sam@helpdesk.example] "
	            "customer=[ann@home.example] text=[Sorry about that, I have sent a new one.]\n"
	            "= rc=0 records=1 rejected=0\n"
	            "1@1 customer conversation=[p1@home.example] "
	            "time=[Mon, 6 Apr 2026 10:00:00 +0000] author=[ann@home.example] "
	            "customer=[ann@home.example] text=[Thanks, it is here now.]\n"
	            "= rc=0 records=1 rejected=0\n"
	            "ids=3");
	/* the reply first: the same thread, through its References */
	check_files(reply_first, 3, 1,
	            "1@1 agent conversation=[p1@home.example] "
	            "time=[Mon, 6 Apr 2026 09:30:00 +0000] author=[sam@helpdesk.example] "
	            "text=[Sorry about that, I have sent a new one.]\n"
	            "= rc=0 records=1 rejected=0\n"
	            "1@1 customer conversation=[p1@home.example] "
	            "time=[Mon, 6 Apr 2026 10:00:00 +0000] author=[ann@home.example] "
	            "customer=[ann@home.example] text=[Thanks, it is here now.]\n"
	            "= rc=0 records=1 rejected=0\n"
	            "1@1 customer conversation=[p1@home.example] "
	            "time=[Mon, 6 Apr 2026 09:00:00 +0000] author=[ann@home.example] "
	            "customer=[ann@home.example] text=[My parcel never came.]\n"
	            "= rc=0 records=1 rejected=0\n"
	            "ids=3");
	/* a map per file: the message naming only its parent starts a
	 * thread of its own */
	check_files(in_order, 3, 0,
	            "1@1 customer conversation=[p1@home.example] "
	            "time=[Mon, 6 Apr 2026 09:00:00 +0000] author=[ann@home.example] "
	            "customer=[ann@home.example] text=[My parcel never came.]\n"
	            "= rc=0 records=1 rejected=0\n"
	            "1@1 agent conversation=[p1@home.example] "
	            "time=[Mon, 6 Apr 2026 09:30:00 +0000] author=[sam@helpdesk.example] "
	            "text=[Sorry about that, I have sent a new one.]\n"
	            "= rc=0 records=1 rejected=0\n"
	            "1@1 customer conversation=[r1@helpdesk.example] "
	            "time=[Mon, 6 Apr 2026 10:00:00 +0000] author=[ann@home.example] "
	            "customer=[ann@home.example] text=[Thanks, it is here now.]\n"
	            "= rc=0 records=1 rejected=0\n");
	/* the limit: a message naming only its parent, read before the
	 * parent, is rooted at the parent (one pass cannot rename it) */
	check_files(thanks_first, 3, 1,
	            "1@1 customer conversation=[r1@helpdesk.example] "
	            "time=[Mon, 6 Apr 2026 10:00:00 +0000] author=[ann@home.example] "
	            "customer=[ann@home.example] text=[Thanks, it is here now.]\n"
	            "= rc=0 records=1 rejected=0\n"
	            "1@1 agent conversation=[p1@home.example] "
	            "time=[Mon, 6 Apr 2026 09:30:00 +0000] author=[sam@helpdesk.example] "
	            "text=[Sorry about that, I have sent a new one.]\n"
	            "= rc=0 records=1 rejected=0\n"
	            "1@1 customer conversation=[p1@home.example] "
	            "time=[Mon, 6 Apr 2026 09:00:00 +0000] author=[ann@home.example] "
	            "customer=[ann@home.example] text=[My parcel never came.]\n"
	            "= rc=0 records=1 rejected=0\n"
	            "ids=3");
}

/* Messages without ids or subject are numbered over the map's life:
 * two files never share "message:1"; subject threads span files. */
static void test_anonymous_across_files(void)
{
	const char *const in[] = {
		"From: a@b.example\n\nno subject here\n",
		"From: c@d.example\nSubject: Invoice copy\n"
		"Date: Tue, 7 Apr 2026 09:00:00 +0000\n\nplease send it\n",
		"From: e@f.example\n\nnor here\n",
		"From: s@helpdesk.example\nSubject: Re: Invoice copy\n"
		"Date: Wed, 8 Apr 2026 09:00:00 +0000\n\nattached\n",
	};

	check_files(in, 4, 1,
	            "1@1 customer conversation=[message:1] author=[a@b.example] "
	            "customer=[a@b.example] text=[no subject here]\n"
	            "= rc=0 records=1 rejected=0\n"
	            "1@1 customer conversation=[subject:invoice copy] "
	            "time=[Tue, 7 Apr 2026 09:00:00 +0000] author=[c@d.example] "
	            "customer=[c@d.example] text=[please send it]\n"
	            "= rc=0 records=1 rejected=0\n"
	            "1@1 customer conversation=[message:3] author=[e@f.example] "
	            "customer=[e@f.example] text=[nor here]\n"
	            "= rc=0 records=1 rejected=0\n"
	            "1@1 agent conversation=[subject:invoice copy] "
	            "time=[Wed, 8 Apr 2026 09:00:00 +0000] author=[s@helpdesk.example] "
	            "customer=[c@d.example] text=[attached]\n"
	            "= rc=0 records=1 rejected=0\n"
	            "ids=3");
	check_files(in, 4, 0,
	            "1@1 customer conversation=[message:1] author=[a@b.example] "
	            "customer=[a@b.example] text=[no subject here]\n"
	            "= rc=0 records=1 rejected=0\n"
	            "1@1 customer conversation=[subject:invoice copy] "
	            "time=[Tue, 7 Apr 2026 09:00:00 +0000] author=[c@d.example] "
	            "customer=[c@d.example] text=[please send it]\n"
	            "= rc=0 records=1 rejected=0\n"
	            "1@1 customer conversation=[message:1] author=[e@f.example] "
	            "customer=[e@f.example] text=[nor here]\n"
	            "= rc=0 records=1 rejected=0\n"
	            "1@1 agent conversation=[subject:invoice copy] "
	            "time=[Wed, 8 Apr 2026 09:00:00 +0000] author=[s@helpdesk.example] "
	            "text=[attached]\n"
	            "= rc=0 records=1 rejected=0\n");
}

static void test_stop_and_empty(void)
{
	struct how how = {NULL, 1, 0};

	check_how(THREAD, strlen(THREAD), &how,
	          "1@1 customer conversation=[m1@customer.example] "
	          "time=[Mon, 2 Mar 2026 09:00:00 +0100] author=[mia@customer.example] "
	          "customer=[mia@customer.example] text=[My router restarts every hour.]\n"
	          "= rc=-9 records=1 rejected=0 err=t.mbox:1: stopped by the message callback");
	/* nothing, or blank lines only: an empty input, as for the other
	 * readers */
	check("", "= rc=-3 records=0 rejected=0 err=t.mbox:0: empty input (no e-mail message)");
	check("\n \r\n\t\r", "= rc=-3 records=0 rejected=0 err=t.mbox:0: empty input (no e-mail message)");
	/* no headers, no final line break: one message of text */
	check("just a note", "1@1 unknown conversation=[message:1] text=[just a note]\n"
	      "= rc=0 records=1 rejected=0");
}

static void test_sniff(void)
{
	const char *mbox = "From someone@example.org Mon Mar  2 09:00:00 2026\nFrom: x\n";
	const char *eml = "Return-Path: <a@b>\nReceived: from x\n\tby y\nSubject: hi\n\nbody";
	const char *csv = "conversation_id,role,text\nc1,agent,hello\n";
	const char *chat = "Agent: hello there\nCustomer: hi\n";

	CHECK_EQ_INT(ts_email_sniff(mbox, strlen(mbox)), 1);
	CHECK_EQ_INT(ts_email_sniff(eml, strlen(eml)), 1);
	CHECK_EQ_INT(ts_email_sniff("\xEF\xBB\xBF" "From: a@b\nTo: c@d\n", 21), 1);
	/* lines ended by a lone CR */
	CHECK_EQ_INT(ts_email_sniff("From: a@b\rTo: c@d\r", 18), 1);
	CHECK_EQ_INT(ts_email_sniff("From someone@example.org Mon Mar  2 09:00:00 2026\rFrom: x\r", 58), 1);
	CHECK_EQ_INT(ts_email_sniff(csv, strlen(csv)), 0);
	CHECK_EQ_INT(ts_email_sniff(chat, strlen(chat)), 0);
	CHECK_EQ_INT(ts_email_sniff("From here on\n", 13), 0);
	CHECK_EQ_INT(ts_email_sniff("", 0), 0);
	CHECK_EQ_INT(ts_email_sniff(" folded: first\n", 15), 0);
}

int main(void)
{
	TS_RUN(test_mbox_thread);
	TS_RUN(test_mbox_crlf);
	TS_RUN(test_mbox_cr_and_mixed);
	TS_RUN(test_mbox_without_from_lines);
	TS_RUN(test_mbox_after_blank_lines);
	TS_RUN(test_from_line_in_body);
	TS_RUN(test_eml_encoded_headers);
	TS_RUN(test_agents_by_name_and_address);
	TS_RUN(test_base64_cp1252_multipart);
	TS_RUN(test_html_only);
	TS_RUN(test_rejects);
	TS_RUN(test_oversize);
	TS_RUN(test_depth_limit);
	TS_RUN(test_threading_rules);
	TS_RUN(test_broken_references);
	TS_RUN(test_subject_fallback);
	TS_RUN(test_subject_window);
	TS_RUN(test_threads_across_files);
	TS_RUN(test_anonymous_across_files);
	TS_RUN(test_stop_and_empty);
	TS_RUN(test_sniff);
	TS_TEST_MAIN_END();
}
