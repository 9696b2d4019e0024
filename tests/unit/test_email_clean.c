/*
 * test_email_clean.c - unit tests for email_clean.c: each boundary rule
 * (signature separator, mobile footer, original-message line, forwarded
 * header, Outlook header block, "On ... wrote:" on one or two lines, ">"
 * lines, sign-off with a name block) with a body it must cut and one it
 * must leave alone.
 */
#include <string.h>

#include "traitscan.h"
#include "buf.h"
#include "email_clean.h"
#include "test.h"

static ts_buf out;

static const char *clean(const char *s)
{
	ts_buf_reset(&out);
	CHECK_EQ_INT(ts_email_clean(s, strlen(s), &out), TS_OK);
	return out.p;
}

static void test_signature_separator(void)
{
	CHECK_EQ_STR(clean("The refund is on its way.\n-- \nPat Lane\nAcme Support\n"),
	             "The refund is on its way.");
	CHECK_EQ_STR(clean("Done.\n--\nPat\n"), "Done.");
	/* dashes inside text, or more of them, are not a separator */
	CHECK_EQ_STR(clean("Steps -- in order:\n---\nreboot\n"), "Steps -- in order:\n---\nreboot");
}

static void test_mobile_footer(void)
{
	CHECK_EQ_STR(clean("Still broken.\n\nSent from my iPhone\n"), "Still broken.");
	CHECK_EQ_STR(clean("ok thanks\nGet Outlook for Android\n"), "ok thanks");
	CHECK_EQ_STR(clean("It was sent from my old laptop, not the new one.\n"),
	             "It was sent from my old laptop, not the new one.");
}

static void test_original_message(void)
{
	CHECK_EQ_STR(clean("See below.\n\n-----Original Message-----\nFrom: x\nold text\n"),
	             "See below.");
	CHECK_EQ_STR(clean("Got it\r\n----- Original message -----\r\nold\r\n"), "Got it");
	CHECK_EQ_STR(clean("This is the original message I meant to send.\n"),
	             "This is the original message I meant to send.");
}

static void test_forward_header(void)
{
	CHECK_EQ_STR(clean("FYI\n\n---------- Forwarded message ---------\nFrom: a\n"), "FYI");
	CHECK_EQ_STR(clean("Look:\nBegin forwarded message:\n\nstuff\n"), "Look:");
	CHECK_EQ_STR(clean("I forwarded the message to billing.\n"),
	             "I forwarded the message to billing.");
}

static void test_outlook_block(void)
{
	CHECK_EQ_STR(clean("Thanks, that fixed it.\n\n*From:* Help Desk <help@example.com>\n"
	                   "*Sent:* Monday, 2 March 2026 09:14\n*To:* Kim\n"
	                   "*Subject:* RE: login\n\nPlease try again.\n"),
	             "Thanks, that fixed it.");
	CHECK_EQ_STR(clean("From: Help Desk\nDate: today\nSubject: x\n\nold\n"), "");
	/* a "From:" line in text without the rest of a header block stays */
	CHECK_EQ_STR(clean("From: the warehouse, not the shop.\nIt arrived broken.\n"),
	             "From: the warehouse, not the shop.\nIt arrived broken.");
}

static void test_attribution_one_line(void)
{
	CHECK_EQ_STR(clean("Yes, please do.\n\nOn Tue, 3 Mar 2026 at 10:02, Help <h@example.com> wrote:\n"
	                   "> Shall we replace it?\n"),
	             "Yes, please do.");
	/* top-posted over an unmarked original: cut to the end */
	CHECK_EQ_STR(clean("New reply here.\nOn Monday, Ann wrote:\nOld unmarked text.\n"),
	             "New reply here.");
	CHECK_EQ_STR(clean("Danke.\nAm 3. M\xC3\xA4rz 2026 schrieb Support:\n> alt\n"), "Danke.");
	/* "On ..." that does not end in "wrote:" is text */
	CHECK_EQ_STR(clean("On Monday I restarted the router.\nIt still drops.\n"),
	             "On Monday I restarted the router.\nIt still drops.");
}

static void test_attribution_wrapped(void)
{
	CHECK_EQ_STR(clean("Works now.\n\nOn Wed, 4 Mar 2026 at 16:40, Sam Support <\n"
	                   "sam@example.com> wrote:\n\n> Try the reset button.\n"),
	             "Works now.");
	/* a second line that does not end the attribution */
	CHECK_EQ_STR(clean("On the second floor the printer jams.\nWho wrote this manual?\n"),
	             "On the second floor the printer jams.\nWho wrote this manual?");
}

static void test_quote_lines_interleaved(void)
{
	CHECK_EQ_STR(clean("> What model is it?\nThe X200.\n> And the serial?\nAB-123\n"),
	             "The X200.\nAB-123");
	/* a '>' that does not start the line stays */
	CHECK_EQ_STR(clean("Speed went 10 > 5 after the update.\n"),
	             "Speed went 10 > 5 after the update.");
}

static void test_sign_off_name_block(void)
{
	CHECK_EQ_STR(clean("I will call you tomorrow.\n\nBest regards,\nPat Lane\n"
	                   "Customer Care | Acme\n+1 555 0100\n"),
	             "I will call you tomorrow.\n\nBest regards,");
	CHECK_EQ_STR(clean("Fixed.\nThanks!\nKim\n"), "Fixed.\nThanks!");
	/* a sign-off followed by more text is not a signature */
	CHECK_EQ_STR(clean("Thanks,\nI tried that. It did not help. Can you call me back today?\n"),
	             "Thanks,\nI tried that. It did not help. Can you call me back today?");
	/* too many lines after it to be a name block */
	CHECK_EQ_STR(clean("Cheers\na\nb\nc\nd\ne\n"), "Cheers\na\nb\nc\nd\ne");
	/* a question after "Thanks" is text */
	CHECK_EQ_STR(clean("Thanks\nWhen will it ship?\n"), "Thanks\nWhen will it ship?");
}

static void test_only_quotes(void)
{
	CHECK_EQ_STR(clean("\n\n> all quoted\n>\n\n"), "");
	CHECK_EQ_STR(clean(""), "");
	CHECK_EQ_STR(clean("  \n  text  \n\n"), "  text  ");
}

int main(void)
{
	ts_buf_init(&out, 0);
	TS_RUN(test_signature_separator);
	TS_RUN(test_mobile_footer);
	TS_RUN(test_original_message);
	TS_RUN(test_forward_header);
	TS_RUN(test_outlook_block);
	TS_RUN(test_attribution_one_line);
	TS_RUN(test_attribution_wrapped);
	TS_RUN(test_quote_lines_interleaved);
	TS_RUN(test_sign_off_name_block);
	TS_RUN(test_only_quotes);
	ts_buf_release(&out);
	TS_TEST_MAIN_END();
}
