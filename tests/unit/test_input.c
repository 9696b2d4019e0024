/*
 * test_input.c - unit tests for input.c: the format of an input from its
 * name (a .gz suffix looked through), else from its first bytes (JSON,
 * mbox or mail headers, chat turns), else CSV; names that promise nothing
 * and text that shows nothing stay TS_IN_AUTO for the two halves.
 */
#include <stdlib.h>
#include <string.h>

#include "traitscan.h"
#include "test.h"

static ts_input_format sniff(const char *s)
{
	return ts_input_format_sniff(s, strlen(s));
}

/* s after k copies of the blank pad (a line break, a space...). */
static char *padded(const char *pad, size_t k, const char *s)
{
	size_t pn = strlen(pad), n = strlen(s);
	char *b = malloc(pn * k + n + 1);

	if (!b)
		return NULL;
	for (size_t i = 0; i < k; i++)
		memcpy(b + i * pn, pad, pn);
	memcpy(b + pn * k, s, n + 1);
	return b;
}

static void test_by_name(void)
{
	CHECK_EQ_INT(ts_input_format_from_name("tickets.csv"), TS_IN_CSV);
	CHECK_EQ_INT(ts_input_format_from_name("export/Tickets.TSV.gz"), TS_IN_CSV);
	CHECK_EQ_INT(ts_input_format_from_name("chat.log"), TS_IN_CHAT);
	CHECK_EQ_INT(ts_input_format_from_name("chat.txt.gz"), TS_IN_CHAT);
	CHECK_EQ_INT(ts_input_format_from_name("support.mbox"), TS_IN_EMAIL);
	CHECK_EQ_INT(ts_input_format_from_name("reply.eml"), TS_IN_EMAIL);
	CHECK_EQ_INT(ts_input_format_from_name("tickets.ndjson.gz"), TS_IN_JSON);
	CHECK_EQ_INT(ts_input_format_from_name("tickets.jsonl"), TS_IN_JSON);
	/* names that promise nothing */
	CHECK_EQ_INT(ts_input_format_from_name("export1"), TS_IN_AUTO);
	CHECK_EQ_INT(ts_input_format_from_name("export.dat"), TS_IN_AUTO);
	CHECK_EQ_INT(ts_input_format_from_name("notes.md"), TS_IN_AUTO);
	CHECK_EQ_INT(ts_input_format_from_name("csv"), TS_IN_AUTO);
	CHECK_EQ_INT(ts_input_format_from_name("a.gz"), TS_IN_AUTO);
	/* the name wins over the bytes */
	CHECK_EQ_INT(ts_input_format_detect("t.csv", "[{\"a\": 1}]", 10), TS_IN_CSV);
}

static void test_by_content(void)
{
	CHECK_EQ_INT(sniff("[{\"id\": 1, \"comments\": []}]"), TS_IN_JSON);
	CHECK_EQ_INT(sniff("{\"conversation_id\": \"c1\", \"text\": \"hi\"}\n"), TS_IN_JSON);
	CHECK_EQ_INT(sniff("From ann@example.com Mon Mar  2 09:00:00 2026\nFrom: ann\n"),
	             TS_IN_EMAIL);
	CHECK_EQ_INT(sniff("Subject: Refund\nFrom: ann@example.com\n\nHello\n"), TS_IN_EMAIL);
	CHECK_EQ_INT(sniff("Reply-To: ann@example.com\nFrom: ann@example.com\n\nHi\n"),
	             TS_IN_EMAIL);
	CHECK_EQ_INT(sniff("[10:02] Ann: Hello\n[10:03] Sam: Thank you for asking\n"),
	             TS_IN_CHAT);
	CHECK_EQ_INT(sniff("Customer: Hello\nAgent: Could you tell me more?\n"), TS_IN_CHAT);
	/* what shows no format */
	CHECK_EQ_INT(sniff("conversation_id,role,text\nc1,agent,hi\n"), TS_IN_AUTO);
	CHECK_EQ_INT(sniff("[1, 2, 3]\n"), TS_IN_AUTO);
	/* a "From " line without a date is no mbox separator (nor is it one
	 * for the e-mail reader, which would read one headerless message) */
	CHECK_EQ_INT(sniff("From here on we talk about refunds.\n"), TS_IN_AUTO);
	CHECK_EQ_INT(sniff("From address,Ticket,Body\nann@example.com,T1,Hello\n"),
	             TS_IN_AUTO);
	CHECK_EQ_INT(ts_input_format_detect("export", "From address,Body\na@b.c,Hi\n", 27),
	             TS_IN_CSV);
	CHECK_EQ_INT(sniff("# Notes\n\nOrder number: 12\nSome text about the export.\n"
	                   "More text.\nAnd more.\nThe end.\n"), TS_IN_AUTO);
	CHECK_EQ_INT(sniff(""), TS_IN_AUTO);
	CHECK_EQ_INT(ts_input_format_detect("export1", "id,text\n1,hi\n", 13), TS_IN_CSV);
	CHECK_EQ_INT(ts_input_format_detect("export2", "", 0), TS_IN_CSV);
}

/* Blanks before the first bytes that tell (a padded export) do not hide
 * them, however many there are: each sniffer sees what follows them. */
static void test_leading_blanks(void)
{
	static const struct {
		const char *s;
		ts_input_format f;
	} cases[] = {
		{ "{\"conversation_id\": \"c1\", \"text\": \"hi\"}\n", TS_IN_JSON },
		{ "[10:02] Ann: Hello\n[10:03] Sam: Thank you for asking\n", TS_IN_CHAT },
		{ "Reply-To: ann@example.com\nFrom: ann@example.com\n\nHi\n", TS_IN_EMAIL },
		{ "id,text\n1,hi\n", TS_IN_AUTO },
	};
	static const size_t pads[] = { 1, 10, 200 };

	for (size_t c = 0; c < sizeof cases / sizeof *cases; c++)
		for (size_t k = 0; k < sizeof pads / sizeof *pads; k++) {
			char *a = padded("\n", pads[k], cases[c].s);
			char *b = padded(" ", pads[k], cases[c].s);
			char *bom = a ? padded("\xEF\xBB\xBF", 1, a) : NULL;
			if (a && b && bom) {
				CHECK_EQ_INT(sniff(a), cases[c].f);
				CHECK_EQ_INT(sniff(b), cases[c].f);
				CHECK_EQ_INT(sniff(bom), cases[c].f);
			} else {
				CHECK(!"out of memory");
			}
			free(a);
			free(b);
			free(bom);
		}
}

int main(void)
{
	TS_RUN(test_by_name);
	TS_RUN(test_by_content);
	TS_RUN(test_leading_blanks);
	TS_TEST_MAIN_END();
}
