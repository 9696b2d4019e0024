/*
 * test_read_json.c - unit tests for the JSON reader.  Every input is read
 * whole and then fed in chunks of every size from 1 byte up (sampled for
 * the big inputs), and in uneven chunks; what the reader emits --
 * messages, rejects, warnings, the final status and the counts, written
 * out as text -- must be the same every time and equal the expected text.
 * (The 100,000-deep and many-item inputs try fewer chunk sizes.)
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "traitscan.h"
#include "buf.h"
#include "read_json.h"
#include "reader_fixture.h"
#include "test.h"

struct how {
	const ts_json_options *opt;
	unsigned long stop_after_msg;
	int stop_on_reject;
	size_t max_buffer;             /* 0: not checked */
};

static int on_msg(void *ud, const ts_message *m)
{
	rf_sink *k = ud;

	CHECK_EQ_STR(m->file, "t.json");
	CHECK(m->f[TS_F_TEXT].n > 0 && m->f[TS_F_CONVERSATION].n > 0);
	CHECK_EQ_INT(m->has_seq, 0);
	rf_msg_begin(k, m);
	for (int f = 0; f < TS_F_COUNT; f++)
		rf_add_field(k, ts_field_name((ts_field)f), m->f[f]);
	return rf_msg_end(k);
}

RF_READER_OPS(json);

/* rf_run_fn: everything the reader said about in[0, n), as text. */
static char *run(const char *in, size_t n, size_t chunk, const void *vhow)
{
	const struct how *how = vhow;
	ts_json_reader *r = NULL;
	rf_sink k;
	ts_error err;

	memset(&k, 0, sizeof k);
	ts_buf_init(&k.out, 0);
	k.stop_after_msg = how->stop_after_msg;
	k.stop_on_reject = how->stop_on_reject;
	k.warnings = 1;
	if (ts_json_reader_new(&r, how->opt, "t.json", on_msg, rf_on_diag, &k,
	                       &err) != TS_OK)
		return NULL;
	rf_drive(&rf_json_ops, r, &k, in, n, chunk);
	if (how->max_buffer && ts_json_reader_buffer_bytes(r) > how->max_buffer) {
		printf("  buffer %zu bytes > %zu\n", ts_json_reader_buffer_bytes(r),
		       how->max_buffer);
		ts_test_failed_now = 1;
	}
	ts_json_reader_free(r);
	return ts_buf_detach(&k.out, NULL);
}

/* The next chunk size to try after c: every size up to 600 for inputs up
 * to 4 kB (all of them) and up to 64 kB; bigger inputs try 0..40. */
static size_t next_chunk(size_t c, size_t n)
{
	if (n <= 4096 || (n <= 65536 && c < 600) || c < 40)
		return c + 1;
	return c + (n <= 65536 ? 997 : 4999);
}

static void check_how(const char *in, size_t n, const struct how *how,
                      const char *expected)
{
	rf_check_chunks(run, how, in, n, next_chunk, expected);
}

static void check_opt(const char *in, const ts_json_options *opt,
                      const char *expected)
{
	struct how how = {opt, 0, 0, 0};
	check_how(in, strlen(in), &how, expected);
}

static void check(const char *in, const char *expected)
{
	check_opt(in, NULL, expected);
}

/* ---- tests ---------------------------------------------------------------- */

/* Zendesk-like tickets, one per line: role from the requester, public:
 * false a note, plain_body before body. */
static void test_jsonl_tickets(void)
{
	check("{\"id\":201,\"requester_id\":9001,\"status\":\"open\",\"comments\":["
	      "{\"author_id\":9001,\"body\":\"The app logs me out every hour.\"},"
	      "{\"author_id\":42,\"body\":\"Sorry about that! Which version are you on?\","
	      "\"created_at\":\"2024-05-02T10:00:00Z\"},"
	      "{\"author_id\":42,\"public\":false,\"body\":\"likely the token refresh bug\"}]}\n"
	      "{\"id\":202,\"requester_id\":9002,\"via\":{\"channel\":\"web\"},\"comments\":["
	      "{\"author_id\":9002,\"plain_body\":\"Where is my parcel?\",\"body\":\"ignored\","
	      "\"public\":true}]}\n",
	      "1@1 customer conversation=[201] seq=[0] author=[9001] customer=[9001] text=[The app logs me out every hour.] status=[open]\n"
	      "2@1 agent conversation=[201] seq=[1] time=[2024-05-02T10:00:00Z] author=[42] customer=[9001] text=[Sorry about that! Which version are you on?] status=[open]\n"
	      "3@1 note conversation=[201] seq=[2] author=[42] customer=[9001] text=[likely the token refresh bug] status=[open]\n"
	      "4@2 customer conversation=[202] seq=[0] author=[9002] customer=[9002] channel=[web] text=[Where is my parcel?]\n"
	      "= rc=0 records=4 rejected=0");
}

/* A pretty-printed array: each message's line is where its object starts. */
static void test_array_lines(void)
{
	check("[\n"
	      "  {\n"
	      "    \"ticket_id\": \"T-1\",\n"
	      "    \"customer_id\": \"c-77\",\n"
	      "    \"state\": \"closed\",\n"
	      "    \"messages\": [\n"
	      "      {\"role\": \"customer\", \"author_name\": \"Priya\", \"text\": \"Can I change my plan?\", \"timestamp\": 1714000000},\n"
	      "      {\n"
	      "        \"role\": \"agent\",\n"
	      "        \"author_name\": \"Leo\",\n"
	      "        \"text\": \"Yes, from Settings > Billing.\"\n"
	      "      }\n"
	      "    ]\n"
	      "  },\n"
	      "  {\"ticket_id\": \"T-2\", \"messages\": []}\n"
	      "]\n",
	      "1@7 customer conversation=[T-1] seq=[0] time=[1714000000] role=[customer] author=[Priya] customer=[c-77] text=[Can I change my plan?] status=[closed]\n"
	      "2@8 agent conversation=[T-1] seq=[1] role=[agent] author=[Leo] customer=[c-77] text=[Yes, from Settings > Billing.] status=[closed]\n"
	      "W t.json:15: ticket T-2 has no messages\n"
	      "= rc=0 records=2 rejected=0");
}

/* Wrapped arrays: the wrapper's other members are skipped, also when they
 * hold a "tickets" key deeper down; one wrapper page per line works too. */
static void test_wrapped(void)
{
	check("{\"count\":1,\"users\":[{\"id\":1,\"tickets\":[]}],\"tickets\":[{\"id\":5,"
	      "\"comments\":[{\"author_id\":1,\"body\":\"hello\"}]}],"
	      "\"next_page\":{\"tickets\":\"x\"}}\n"
	      "{\"conversations\":[{\"id\":\"c9\",\"messages\":[{\"role\":\"bot\","
	      "\"text\":\"Hi, I'm the helper bot.\"}]}]}\n"
	      "{\"results\":[]}\n",
	      "1@1 unknown conversation=[5] seq=[0] author=[1] text=[hello]\n"
	      "2@2 bot conversation=[c9] seq=[0] role=[bot] text=[Hi, I'm the helper bot.]\n"
	      "= rc=0 records=2 rejected=0");
	check("{\n"
	      "  \"tickets\": [\n"
	      "    {\"id\": 1, \"comments\": [{\"role\": \"customer\", \"body\": \"a\"}]},\n"
	      "    {\"id\": 2, \"comments\": [{\"role\": \"agent\", \"body\": \"b\"}]}\n"
	      "  ],\n"
	      "  \"count\": 2\n"
	      "}\n",
	      "1@3 customer conversation=[1] seq=[0] role=[customer] text=[a]\n"
	      "2@4 agent conversation=[2] seq=[0] role=[agent] text=[b]\n"
	      "= rc=0 records=2 rejected=0");
	/* an escaped key is not a wrapper key: the object is one item */
	check("{\"tick\\u0065ts\":[{\"id\":1,\"comments\":[{\"body\":\"a\"}]}]}",
	      "R t.json:1: object is neither a ticket (no comments, conversation_parts, messages or thread array, and no id with a description) nor a message (no conversation_id or ticket_id)\n"
	      "= rc=0 records=1 rejected=1");
}

/* Intercom: source opens the conversation, parts nested one level, HTML
 * bodies, Unix times, author.type roles, note parts, event parts skipped. */
static void test_intercom(void)
{
	check("{\"type\":\"conversation\",\"id\":\"77\",\"created_at\":1700000000,\"state\":\"closed\",\"admin_assignee_id\":314,\n"
	      " \"source\":{\"type\":\"conversation\",\"body\":\"<p>My export is stuck at 99%</p>\",\"author\":{\"type\":\"user\",\"id\":\"u1\",\"name\":\"Dana\"}},\n"
	      " \"conversation_parts\":{\"type\":\"conversation_part.list\",\"conversation_parts\":[\n"
	      "  {\"part_type\":\"assignment\",\"body\":null,\"author\":{\"type\":\"admin\",\"id\":\"314\",\"name\":\"Kim\"},\"created_at\":1700000100},\n"
	      "  {\"part_type\":\"comment\",\"body\":\"<p>Thanks Dana &mdash; I can see it.</p><p>Could you try again?</p>\",\"author\":{\"type\":\"admin\",\"id\":\"314\",\"name\":\"Kim\"},\"created_at\":1700000200},\n"
	      "  {\"part_type\":\"note\",\"body\":\"<p>escalate if it fails</p>\",\"author\":{\"type\":\"admin\",\"id\":\"314\",\"name\":\"Kim\"},\"created_at\":1700000300},\n"
	      "  {\"part_type\":\"comment\",\"body\":\"<p>Worked, thanks!</p>\",\"author\":{\"type\":\"lead\",\"id\":\"u1\",\"name\":\"Dana\"},\"created_at\":1700000400},\n"
	      "  {\"part_type\":\"comment\",\"body\":\"<p>Glad to hear it</p>\",\"author\":{\"type\":\"bot\",\"id\":\"b1\",\"name\":\"Operator\"},\"created_at\":1700000500.25},\n"
	      "  {\"part_type\":\"close\",\"body\":null,\"author\":{\"type\":\"admin\",\"id\":\"314\",\"name\":\"Kim\"},\"created_at\":1700000600}\n"
	      " ]}}\n",
	      "1@2 customer conversation=[77] time=[1700000000] role=[user] author=[Dana] text=[My export is stuck at 99%] status=[closed] assignee=[314]\n"
	      "2@5 agent conversation=[77] seq=[1] time=[1700000200] role=[admin] author=[Kim] text=[Thanks Dana \xE2\x80\x94 I can see it.\\n\\nCould you try again?] status=[closed] assignee=[314]\n"
	      "3@6 note conversation=[77] seq=[2] time=[1700000300] role=[admin] author=[Kim] text=[escalate if it fails] status=[closed] assignee=[314]\n"
	      "4@7 customer conversation=[77] seq=[3] time=[1700000400] role=[lead] author=[Dana] text=[Worked, thanks!] status=[closed] assignee=[314]\n"
	      "5@8 bot conversation=[77] seq=[4] time=[1700000500.25] role=[bot] author=[Operator] text=[Glad to hear it] status=[closed] assignee=[314]\n"
	      "= rc=0 records=5 rejected=0");
	/* conversation_parts as a bare array */
	check("{\"id\":8,\"conversation_parts\":[{\"part_type\":\"open\"},{\"body\":\"hey\",\"author\":{\"type\":\"contact\"}}]}",
	      "1@1 customer conversation=[8] seq=[1] role=[contact] text=[hey]\n"
	      "= rc=0 records=1 rejected=0");
}

/* Flat message objects, one per line. */
static void test_flat_messages(void)
{
	check("{\"conversation_id\":\"chat-1\",\"sender_type\":\"visitor\",\"author\":\"Ann\",\"text\":\"Is the store open on Sunday?\",\"timestamp\":\"2024-06-01 09:00:00\"}\n"
	      "{\"conversation_id\":\"chat-1\",\"sender_type\":\"operator\",\"author\":\"Raj\",\"text\":\"Yes, 10 to 4.\",\"timestamp\":\"2024-06-01 09:01:00\"}\n"
	      "{\"ticket_id\":88,\"text\":\"  \"}\n"
	      "{\"id\":3,\"subject\":\"orphan line\"}\n",
	      "1@1 customer conversation=[chat-1] time=[2024-06-01 09:00:00] role=[visitor] author=[Ann] text=[Is the store open on Sunday?]\n"
	      "2@2 agent conversation=[chat-1] time=[2024-06-01 09:01:00] role=[operator] author=[Raj] text=[Yes, 10 to 4.]\n"
	      "R t.json:3: message of conversation 88 has no text (looked for plain_body, body, text, content, html_body)\n"
	      "R t.json:4: object is neither a ticket (no comments, conversation_parts, messages or thread array, and no id with a description) nor a message (no conversation_id or ticket_id)\n"
	      "= rc=0 records=4 rejected=2");
}

/* A ticket's description is its first message, by the requester at the
 * ticket's created_at, unless its first comment says the same (white
 * space aside); a ticket without comments is its description alone. */
static void test_descriptions(void)
{
	check("{\"id\":301,\"requester_id\":7,\"created_at\":\"2026-03-02T10:00:00Z\","
	      "\"description\":\"My parcel never arrived.\\n\\nIt was due  Monday.\","
	      "\"comments\":[{\"author_id\":7,\"plain_body\":\"My parcel never arrived. It was due\\u00a0Monday.\"},"
	      "{\"author_id\":9,\"body\":\"Sorry to hear that, I have sent a new one.\"}]}\n"
	      "{\"id\":302,\"requester\":{\"name\":\"Ivy Park\"},\"requester_id\":8,"
	      "\"created_at\":\"2026-03-03T09:00:00Z\",\"via\":{\"channel\":\"email\"},"
	      "\"description\":\"<div>The app crashes on start.</div>\","
	      "\"description_text\":\"The app crashes on start.\","
	      "\"comments\":[{\"author_id\":12,\"body\":\"Which version are you on?\"}]}\n"
	      "{\"id\":303,\"requester_id\":10,\"created_at\":\"2026-03-04T08:00:00Z\","
	      "\"description\":\"Please close my account.\",\"comments\":[]}\n"
	      "{\"id\":304,\"requester_id\":11,\"status\":\"solved\",\"description\":\"Where is my refund?\"}\n"
	      "{\"id\":305,\"requester\":{\"email\":\"jo@example.com\"},\"body\":\"<p>I was charged twice.</p>\"}\n"
	      "{\"id\":306,\"description\":\"  \"}\n"
	      "{\"id\":307,\"description\":\"Same words\",\"comments\":[{\"body\":\"same words\"}]}\n"
	      "{\"ticket_id\":308,\"requester_id\":12,\"description\":\"My order is late.\"}\n",
	      "1@1 customer conversation=[301] seq=[0] author=[7] customer=[7] text=[My parcel never arrived. It was due\xC2\xA0Monday.]\n"
	      "2@1 agent conversation=[301] seq=[1] author=[9] customer=[7] text=[Sorry to hear that, I have sent a new one.]\n"
	      "3@2 customer conversation=[302] time=[2026-03-03T09:00:00Z] role=[customer] author=[Ivy Park] customer=[8] channel=[email] text=[The app crashes on start.]\n"
	      "4@2 agent conversation=[302] seq=[0] author=[12] customer=[8] channel=[email] text=[Which version are you on?]\n"
	      "5@3 customer conversation=[303] time=[2026-03-04T08:00:00Z] role=[customer] author=[10] customer=[10] text=[Please close my account.]\n"
	      "6@4 customer conversation=[304] role=[customer] author=[11] customer=[11] text=[Where is my refund?] status=[solved]\n"
	      "7@5 customer conversation=[305] role=[customer] author=[jo@example.com] text=[I was charged twice.]\n"
	      "R t.json:6: object is neither a ticket (no comments, conversation_parts, messages or thread array, and no id with a description) nor a message (no conversation_id or ticket_id)\n"
	      "9@7 customer conversation=[307] role=[customer] text=[Same words]\n"
	      "10@7 unknown conversation=[307] seq=[0] text=[same words]\n"
	      "11@8 customer conversation=[308] role=[customer] author=[12] customer=[12] text=[My order is late.]\n"
	      "= rc=0 records=11 rejected=1");
}

/* Role: explicit values win, unknown ones warn once and fall back to the
 * author; with no requester nothing can be inferred. */
static void test_role_inference(void)
{
	check("{\"id\":1,\"requester_id\":\"u5\",\"comments\":[{\"author_id\":\"u5\",\"body\":\"a\"},"
	      "{\"author_id\":\"u6\",\"body\":\"b\"},{\"body\":\"c\"},"
	      "{\"author_type\":\"wizard\",\"author_id\":\"u5\",\"body\":\"d\"},"
	      "{\"author_type\":\"wizard\",\"author_id\":\"u6\",\"body\":\"e\"},"
	      "{\"author\":{\"type\":\"Teammate\",\"id\":\"u5\"},\"body\":\"f\"}]}\n"
	      "{\"id\":2,\"comments\":[{\"author_id\":\"u5\",\"body\":\"g\"}]}\n",
	      "1@1 customer conversation=[1] seq=[0] author=[u5] customer=[u5] text=[a]\n"
	      "2@1 agent conversation=[1] seq=[1] author=[u6] customer=[u5] text=[b]\n"
	      "3@1 unknown conversation=[1] seq=[2] customer=[u5] text=[c]\n"
	      "W t.json:1: unknown role 'wizard' (the role is inferred from the author)\n"
	      "4@1 customer conversation=[1] seq=[3] role=[wizard] author=[u5] customer=[u5] text=[d]\n"
	      "5@1 agent conversation=[1] seq=[4] role=[wizard] author=[u6] customer=[u5] text=[e]\n"
	      "6@1 agent conversation=[1] seq=[5] role=[Teammate] author=[u5] customer=[u5] text=[f]\n"
	      "7@2 unknown conversation=[2] seq=[0] author=[u5] text=[g]\n"
	      "= rc=0 records=7 rejected=0");
}

static void test_html(void)
{
	check("{\"conversation_id\":\"h1\",\"html_body\":\"<div>Hello <b>Sam</b>,</div><div><br></div>"
	      "<div>Your code is &lt;A&amp;B&gt; &#8212; &#x2713; done.</div><script>var x = '<p>';</script>"
	      "<!-- hidden <p> --><ul><li>one</li><li>two</li></ul>\\n\\n  spaced   out &unknown; &#0; 5 < 6\"}\n"
	      "{\"conversation_id\":\"h2\",\"body\":\"<p>para one</p>\\n<p>para two<br/>line two</p>\"}\n"
	      "{\"conversation_id\":\"h3\",\"body\":\"<3 plain text, <b> not html\"}\n"
	      "{\"conversation_id\":\"h4\",\"html_body\":\"<p> </p><br>\"}\n",
	      "1@1 unknown conversation=[h1] text=[Hello Sam,\\n\\nYour code is <A&B> \xE2\x80\x94 \xE2\x9C\x93 done.\\n\\none\\n\\ntwo\\n\\nspaced out &unknown; \xEF\xBF\xBD 5 < 6]\n"
	      "2@2 unknown conversation=[h2] text=[para one\\n\\npara two\\nline two]\n"
	      "3@3 unknown conversation=[h3] text=[<3 plain text, <b> not html]\n"
	      "R t.json:4: message of conversation h4 has no text (looked for plain_body, body, text, content, html_body)\n"
	      "= rc=0 records=4 rejected=1");
}

static void test_missing_text(void)
{
	check("{\"id\":123,\"comments\":[{\"body\":\"a\"},{\"body\":\"b\"},{\"body\":\"\"},\"oops\",{\"body\":null,\"text\":\"c\"}]}\n"
	      "{\"comments\":[{\"body\":\"x\"}]}\n",
	      "1@1 unknown conversation=[123] seq=[0] text=[a]\n"
	      "2@1 unknown conversation=[123] seq=[1] text=[b]\n"
	      "R t.json:1: comment 3 of ticket 123 has no text (looked for plain_body, body, text, content, html_body)\n"
	      "R t.json:1: comment 4 of ticket 123 is not an object\n"
	      "5@1 unknown conversation=[123] seq=[4] text=[c]\n"
	      "R t.json:2: ticket has no id (looked for id, ticket_id, conversation_id)\n"
	      "= rc=0 records=6 rejected=3");
}

/* JSON Lines: a bad line is one reject and reading goes on at the next
 * line; the lines that continue a broken one are skipped with it. */
static void test_invalid_lines(void)
{
	check("{\"conversation_id\":\"a\",\"text\":\"one\"}\n"
	      "{\"conversation_id\":\"b\",\"text\":\"two\",}\n"
	      "not json at all\n"
	      "{\"conversation_id\":\"c\",\"text\":\"three\"}\n"
	      "{\"conversation_id\":\"d\",\"text\":\"x\"]}\n"
	      "{\"conversation_id\":\"e\",\"text\":\"broken\n"
	      "string\"}\n"
	      "{\"conversation_id\":\"f\",\n"
	      "  \"text\":\"split\"}\n"
	      "{\"conversation_id\":\"g\",\"text\":\"four\"}\n"
	      "[1, {\"conversation_id\":\"h\",\"text\":\"five\"}]\n",
	      "1@1 unknown conversation=[a] text=[one]\n"
	      "R t.json:2: invalid JSON: string or '}' expected near '}' (column 37)\n"
	      "R t.json:3: invalid JSON: invalid token near 'not' (column 3)\n"
	      "4@4 unknown conversation=[c] text=[three]\n"
	      "R t.json:5: invalid JSON: ']' closes '{'\n"
	      "R t.json:6: invalid JSON: line break inside a string\n"
	      "R t.json:8: invalid JSON: line ends inside a JSON value\n"
	      "8@10 unknown conversation=[g] text=[four]\n"
	      "R t.json:11: item is not an object\n"
	      "10@11 unknown conversation=[h] text=[five]\n"
	      "= rc=0 records=10 rejected=6");
}

/* Arrays: an item the scanner can delimit is rejected alone; a broken
 * structure stops the input where it breaks. */
static void test_invalid_array(void)
{
	check("[{\"conversation_id\":\"a\",\"text\":\"one\"},\n"
	      " {\"conversation_id\":\"b\" \"text\":\"two\"},\n"
	      " {\"conversation_id\":\"c\",\"text\":\"th\\u00zz\"},\n"
	      " 7, null,\n"
	      " {\"conversation_id\":\"d\",\"text\":\"three\"}]\n",
	      "1@1 unknown conversation=[a] text=[one]\n"
	      "R t.json:2: invalid JSON: '}' expected near '\"text\"' (column 29)\n"
	      "R t.json:3: invalid JSON: invalid escape near '\"th\\u00z' (column 38)\n"
	      "R t.json:4: item is not an object\n"
	      "R t.json:4: item is not an object\n"
	      "6@5 unknown conversation=[d] text=[three]\n"
	      "= rc=0 records=6 rejected=4");
	check("[{\"conversation_id\":\"a\",\"text\":\"one\"},\n"
	      " {\"conversation_id\":\"b\",\"text\":\"two\"} x\n"
	      " {\"conversation_id\":\"c\",\"text\":\"three\"}]\n",
	      "1@1 unknown conversation=[a] text=[one]\n"
	      "2@2 unknown conversation=[b] text=[two]\n"
	      "= rc=-3 records=2 rejected=0 err=t.json:2: invalid JSON: unexpected 'x' after an item (expected ',' or ']') (not read past here)");
	check("[\n {\"conversation_id\":\"a\",\"text\":\"one\"},\n {\"id\":1,\"comments\":[}]},\n"
	      " {\"conversation_id\":\"c\",\"text\":\"three\"}]\n",
	      "1@2 unknown conversation=[a] text=[one]\n"
	      "= rc=-3 records=1 rejected=0 err=t.json:3: invalid JSON: '}' closes '[' (not read past here)");
	check("[{\"conversation_id\":\"a\",\"text\":\"one\"},]",
	      "1@1 unknown conversation=[a] text=[one]\n"
	      "= rc=-3 records=1 rejected=0 err=t.json:1: invalid JSON: unexpected ']' where an item should be (not read past here)");
}

/* The end of the input inside an item rejects it; inside an array or a
 * wrapper with no item cut off, the input is reported truncated. */
static void test_truncated(void)
{
	check("{\"conversation_id\":\"a\",\"text\":\"one\"}\n{\"conversation_id\":\"b\",\"te",
	      "1@1 unknown conversation=[a] text=[one]\n"
	      "R t.json:2: input ends inside this item (truncated)\n"
	      "= rc=0 records=2 rejected=1");
	check("[\n{\"conversation_id\":\"a\",\"text\":\"one\"},\n{\"conversation_id\":\"b\"",
	      "1@2 unknown conversation=[a] text=[one]\n"
	      "R t.json:3: input ends inside this item (truncated)\n"
	      "= rc=0 records=2 rejected=1");
	check("[{\"conversation_id\":\"a\",\"text\":\"one\"},",
	      "1@1 unknown conversation=[a] text=[one]\n"
	      "= rc=-3 records=1 rejected=0 err=t.json:1: input ends inside the array that starts here (truncated)");
	check("\n{\"tickets\":[],\"count\":",
	      "= rc=-3 records=0 rejected=0 err=t.json:2: input ends inside the object that starts here (truncated)");
	check("{\"conversation_id\":\"a\",\"text\":\"esc\\",
	      "R t.json:1: input ends inside this item (truncated)\n"
	      "= rc=0 records=1 rejected=1");
	check("42", "R t.json:1: item is not an object\n= rc=0 records=1 rejected=1");
	check("", "= rc=-3 records=0 rejected=0 err=t.json:0: empty input (no JSON value)");
	check(" \r\n\t\n", "= rc=-3 records=0 rejected=0 err=t.json:0: empty input (no JSON value)");
	check("[]\n", "= rc=0 records=0 rejected=0");
}

/* A deep nesting is counted through, not held or recursed into. */
static void test_depth(void)
{
	const size_t deep = 100000;
	ts_json_options opt;
	struct how how = {NULL, 0, 0, 4096};
	ts_buf in;

	ts_buf_init(&in, 0);
	ts_buf_adds(&in, "{\"conversation_id\":\"deep\",\"text\":\"x\",\"a\":");
	for (size_t i = 0; i < deep; i++)
		ts_buf_addc(&in, i % 2 ? '{' : '[');
	for (size_t i = 0; i < deep; i++) /* keys would make it valid; no need */
		ts_buf_addc(&in, (deep - 1 - i) % 2 ? '}' : ']');
	ts_buf_adds(&in, "}\n{\"conversation_id\":\"ok\",\"text\":\"after\"}\n");
	check_how(in.p, in.len, &how,
	          "R t.json:1: item nested deeper than 64 levels (--max-depth)\n"
	          "2@2 unknown conversation=[ok] text=[after]\n"
	          "= rc=0 records=2 rejected=1");
	ts_buf_release(&in);

	memset(&opt, 0, sizeof opt);
	opt.max_depth = 2;
	check_opt("{\"id\":1,\"comments\":[{\"body\":\"x\"}]}\n"
	          "{\"conversation_id\":\"a\",\"text\":\"y\",\"meta\":{\"k\":[]}}\n"
	          "{\"conversation_id\":\"b\",\"text\":\"z\",\"meta\":{\"k\":1}}\n"
	          "[[[[{\"conversation_id\":\"c\",\"text\":\"w\"}]]]]\n",
	          &opt,
	          "R t.json:1: item nested deeper than 2 levels (--max-depth)\n"
	          "R t.json:2: item nested deeper than 2 levels (--max-depth)\n"
	          "3@3 unknown conversation=[b] text=[z]\n"
	          "R t.json:4: item nested deeper than 2 levels (--max-depth)\n"
	          "= rc=0 records=4 rejected=3");
}

/* An item over max_item is rejected without being held. */
static void test_max_item(void)
{
	ts_json_options opt;
	struct how how = {NULL, 0, 0, 0};
	ts_buf in;

	memset(&opt, 0, sizeof opt);
	opt.max_item = 64;
	how.opt = &opt;
	how.max_buffer = 1024;
	ts_buf_init(&in, 0);
	ts_buf_adds(&in, "{\"conversation_id\":\"a\",\"text\":\"short\"}\n"
	                 "{\"conversation_id\":\"b\",\"text\":\"");
	for (int i = 0; i < 20000; i++)
		ts_buf_adds(&in, "long {\\\"x\\\"} ");
	ts_buf_adds(&in, "\"}\n[{\"conversation_id\":\"c\",\"text\":\"in an array\"},"
	                 "{\"conversation_id\":\"d\",\"text\":\"this one is just over the limit..\"}]\n");
	check_how(in.p, in.len, &how,
	          "1@1 unknown conversation=[a] text=[short]\n"
	          "R t.json:2: item longer than 64 bytes (--max-message)\n"
	          "3@3 unknown conversation=[c] text=[in an array]\n"
	          "R t.json:3: item longer than 64 bytes (--max-message)\n"
	          "= rc=0 records=4 rejected=2");
	/* too long and too deep: depth is reported, wherever chunks end */
	opt.max_depth = 3;
	ts_buf_reset(&in);
	ts_buf_adds(&in, "{\"conversation_id\":\"a\",\"text\":\"a long text before the nesting starts\","
	                 "\"m\":[[[[1]]]]}\n");
	check_how(in.p, in.len, &how,
	          "R t.json:1: item nested deeper than 3 levels (--max-depth)\n"
	          "= rc=0 records=1 rejected=1");
	ts_buf_release(&in);
}

/* Quotes, braces and brackets inside strings, escaped quotes and
 * backslashes: every chunk boundary falls inside them somewhere. */
static void test_escapes(void)
{
	check("{\"conversation_id\":\"q\\\"}{[\",\"text\":\"He said \\\"hi\\\" {not a brace} [x] \\\\\\\\ back\\\\slash \\\\\\\" end\\t\\/\"}\n"
	      "{\"conversation_id\":\"]\",\"text\":\"}}}]]]\\\\\"}\n",
	      "1@1 unknown conversation=[q\"}{[] text=[He said \"hi\" {not a brace} [x] \\\\ back\\slash \\\" end\t/]\n"
	      "2@2 unknown conversation=[]] text=[}}}]]]\\]\n"
	      "= rc=0 records=2 rejected=0");
}

/* UTF-8 passes through; \u escapes, surrogate pairs included, become
 * UTF-8; a lone surrogate escape rejects its item; a byte that is not
 * UTF-8 is read as Latin-1 (its item is kept: an export with Latin-1 text
 * loses nothing). */
static void test_unicode(void)
{
	check("{\"conversation_id\":\"u\",\"text\":\"caf\\u00e9 \\u20ac5 \\ud83d\\ude00 na\\u00EFve \xE2\x80\x93 ok \xC3\xBC\"}\n"
	      "{\"conversation_id\":\"u\",\"text\":\"\\ud83d alone\"}\n"
	      "{\"conversation_id\":\"u\",\"text\":\"bad \xFF byte\"}\n"
	      "{\"conversation_id\":\"u\",\"text\":\"nul\\u0000inside\"}\n",
	      "1@1 unknown conversation=[u] text=[caf\xC3\xA9 \xE2\x82\xAC" "5 \xF0\x9F\x98\x80 na\xC3\xAFve \xE2\x80\x93 ok \xC3\xBC]\n"
	      "R t.json:2: invalid JSON: invalid Unicode '\\uD83D' near '\"\\ud83d alone\"' (column 44)\n"
	      "3@3 unknown conversation=[u] text=[bad \xC3\xBF byte]\n"
	      "4@4 unknown conversation=[u] text=[nul\\0inside]\n"
	      "= rc=0 records=4 rejected=1");
	/* Latin-1 text, overlong forms, a UTF-16 surrogate written in UTF-8,
	 * a code point past U+10FFFF, a cut sequence: each bad byte becomes
	 * the Latin-1 character of its value, good sequences around stay */
	check("{\"conversation_id\":\"l\",\"text\":\"caf\xE9 \xC0\xAF \xED\xA0\x80 \xF4\x90\x80\x80 "
	      "\xC3\xA9 \xE2\x82\"}\n"
	      "{\"conversation_id\":\"l\",\"text\":\"ok\"}\n",
	      "1@1 unknown conversation=[l] text=[caf\xC3\xA9 \xC3\x80\xC2\xAF \xC3\xAD\xC2\xA0\xC2\x80 "
	      "\xC3\xB4\xC2\x90\xC2\x80\xC2\x80 \xC3\xA9 \xC3\xA2\xC2\x82]\n"
	      "2@2 unknown conversation=[l] text=[ok]\n"
	      "= rc=0 records=2 rejected=0");
}

/* A BOM, CRLF line ends, blank lines. */
static void test_bom_crlf(void)
{
	check("\xEF\xBB\xBF{\"conversation_id\":\"a\",\"text\":\"one\"}\r\n\r\n"
	      "{\"conversation_id\":\"b\",\"text\":\"two\"}\r\n",
	      "1@1 unknown conversation=[a] text=[one]\n"
	      "2@3 unknown conversation=[b] text=[two]\n"
	      "= rc=0 records=2 rejected=0");
	check("\xEF\xBB{\"conversation_id\":\"a\",\"text\":\"one\"}\n"
	      "{\"conversation_id\":\"b\",\"text\":\"two\"}\n",
	      "R t.json:1: invalid JSON: a broken byte order mark\n"
	      "2@2 unknown conversation=[b] text=[two]\n"
	      "= rc=0 records=2 rejected=1");
}

/* Lines ended by a lone CR, or CR, LF and CRLF mixed (a CRLF cut between
 * two chunks too: every chunk size is tried), read as with LF: the same
 * line numbers, and a broken line is skipped to the next line, not to
 * the end of the input. */
static void test_cr_line_ends(void)
{
	const char *want = "1@1 unknown conversation=[a] text=[one]\n"
	                   "R t.json:2: invalid JSON: line break inside a string\n"
	                   "3@4 unknown conversation=[c] text=[three]\n"
	                   "4@5 unknown conversation=[d] text=[four]\n"
	                   "= rc=0 records=4 rejected=1";

	check("{\"conversation_id\":\"a\",\"text\":\"one\"}\r"
	      "{\"conversation_id\":\"b\",\"text\":\"broken\rstring\"}\r"
	      "{\"conversation_id\":\"c\",\"text\":\"three\"}\r"
	      "{\"conversation_id\":\"d\",\"text\":\"four\\r\"}\r", want);
	check("{\"conversation_id\":\"a\",\"text\":\"one\"}\r\n"
	      "{\"conversation_id\":\"b\",\"text\":\"broken\nstring\"}\r"
	      "{\"conversation_id\":\"c\",\"text\":\"three\"}\n"
	      "{\"conversation_id\":\"d\",\"text\":\"four\\r\"}", want);
}

/* A lone CR makes the reader copy the rest of the chunk 1 KiB at a time
 * with each lone CR made LF: a CRLF cut by the end of a copy is still one
 * line end (line 1, after the first lone CR, grows a byte at a time so
 * that line ends fall on a copy's edge), and the copy stays small however
 * big the chunk.  The same messages, lines and rejects as the LF file. */
static void test_cr_line_ends_long(void)
{
	struct how how = {NULL, 0, 0, 8192};

	for (size_t shift = 0; shift < 48; shift++) {
		ts_buf cr, lf;
		char *got, *want;
		ts_buf_init(&cr, 0);
		ts_buf_init(&lf, 0);
		for (size_t i = 0; i < 160; i++) {
			char line[128];
			int n = snprintf(line, sizeof line,
			                 "{\"conversation_id\":\"c%zu\",\"text\":\"%.*s\"}",
			                 i % 7, (int)(i == 1 ? 1 + shift : 1 + i % 23),
			                 "so it says the order is lost in transit again");
			CHECK(!ts_buf_add(&cr, line, (size_t)n) && !ts_buf_add(&lf, line, (size_t)n));
			CHECK(!ts_buf_adds(&cr, i % 3 == 0 ? "\r" : i % 3 == 1 ? "\r\n" : "\n"));
			CHECK(!ts_buf_adds(&lf, "\n"));
		}
		got = run(cr.p, cr.len, cr.len, &how);
		want = run(lf.p, lf.len, lf.len, &how);
		CHECK(got && want && strstr(want, "records=160 rejected=0"));
		if (got && want && strcmp(got, want) != 0) {
			printf("  shift %zu: CR input read differently from LF\n", shift);
			ts_test_failed_now = 1;
		}
		free(got);
		free(want);
		ts_buf_release(&cr);
		ts_buf_release(&lf);
	}
}

/* Callbacks stop the reader: the message sink, and on_diag (--strict). */
static void test_stop(void)
{
	const char *in = "{\"id\":1,\"comments\":[{\"body\":\"a\"},{\"body\":\"b\"},{\"body\":\"c\"}]}\n"
	                 "{\"id\":2,\"comments\":[{\"body\":\"\"},{\"body\":\"d\"}]}\n";
	struct how how = {NULL, 2, 0, 0};

	check_how(in, strlen(in), &how,
	          "1@1 unknown conversation=[1] seq=[0] text=[a]\n"
	          "2@1 unknown conversation=[1] seq=[1] text=[b]\n"
	          "= rc=-9 records=2 rejected=0 err=t.json:1: stopped by the message callback");
	how.stop_after_msg = 0;
	how.stop_on_reject = 1;
	check_how(in, strlen(in), &how,
	          "1@1 unknown conversation=[1] seq=[0] text=[a]\n"
	          "2@1 unknown conversation=[1] seq=[1] text=[b]\n"
	          "3@1 unknown conversation=[1] seq=[2] text=[c]\n"
	          "R t.json:2: comment 1 of ticket 2 has no text (looked for plain_body, body, text, content, html_body)\n"
	          "= rc=-9 records=4 rejected=1 err=t.json:2: comment 1 of ticket 2 has no text (looked for plain_body, body, text, content, html_body)");
}

/* Memory stays flat over many items, in an array and in JSON Lines. */
static void test_many_items(void)
{
	struct how how = {NULL, 0, 0, 8192};
	ts_buf in, want;

	ts_buf_init(&in, 0);
	ts_buf_init(&want, 0);
	ts_buf_adds(&in, "{\"tickets\":[\n");
	for (int i = 0; i < 1500; i++)
		ts_buf_addf(&in, "%s{\"id\":%d,\"requester_id\":1,\"comments\":[{\"author_id\":1,"
		            "\"body\":\"ticket %d asks\"},{\"author_id\":2,\"body\":\"we answer\"}]}\n",
		            i ? "," : "", i, i);
	ts_buf_adds(&in, "]}\n");
	for (int i = 0; i < 1500; i++)
		ts_buf_addf(&want, "%d@%d customer conversation=[%d] seq=[0] author=[1] customer=[1] text=[ticket %d asks]\n"
		            "%d@%d agent conversation=[%d] seq=[1] author=[2] customer=[1] text=[we answer]\n",
		            2 * i + 1, i + 2, i, i, 2 * i + 2, i + 2, i);
	ts_buf_adds(&want, "= rc=0 records=3000 rejected=0");
	check_how(in.p, in.len, &how, want.p);
	ts_buf_release(&in);
	ts_buf_release(&want);
}

static void test_sniff(void)
{
	CHECK_EQ_INT(ts_json_sniff("{\"id\":1}", 8), 1);
	CHECK_EQ_INT(ts_json_sniff("\xEF\xBB\xBF \n[ {", 8), 1);
	CHECK_EQ_INT(ts_json_sniff("[]", 2), 1);
	CHECK_EQ_INT(ts_json_sniff("  {", 3), 1); /* all we have so far */
	CHECK_EQ_INT(ts_json_sniff("{}", 2), 1);
	CHECK_EQ_INT(ts_json_sniff("conversation_id,text\n", 21), 0);
	CHECK_EQ_INT(ts_json_sniff("[10:02] Sarah: hi", 17), 0);
	CHECK_EQ_INT(ts_json_sniff("{ticket}", 8), 0);
	CHECK_EQ_INT(ts_json_sniff("From x@y Mon Jan 1", 18), 0);
	CHECK_EQ_INT(ts_json_sniff("", 0), 0);
	CHECK_EQ_INT(ts_json_sniff("   ", 3), 0);
}

/* Feeding after finish is a usage error; counts and free accept NULL. */
static void test_api(void)
{
	ts_json_reader *r = NULL;
	ts_error err;
	unsigned long rec = 9, rej = 9;

	REQUIRE(ts_json_reader_new(&r, NULL, NULL, NULL, NULL, NULL, &err) == TS_OK);
	CHECK_EQ_INT(ts_json_reader_feed(r, "[{\"conversation_id\":1,\"text\":2}]", 32, &err), TS_OK);
	CHECK_EQ_INT(ts_json_reader_finish(r, &err), TS_OK);
	CHECK_EQ_INT(ts_json_reader_feed(r, "[]", 2, &err), TS_EUSAGE);
	CHECK_EQ_STR(err.file, "-");
	ts_json_reader_counts(r, &rec, &rej);
	CHECK_EQ_INT(rec, 1);
	CHECK_EQ_INT(rej, 1); /* a number is not text */
	ts_json_reader_free(r);
	ts_json_reader_counts(NULL, &rec, &rej);
	CHECK_EQ_INT(rec, 0);
	ts_json_reader_free(NULL);
}

int main(void)
{
	TS_RUN(test_jsonl_tickets);
	TS_RUN(test_array_lines);
	TS_RUN(test_wrapped);
	TS_RUN(test_intercom);
	TS_RUN(test_flat_messages);
	TS_RUN(test_descriptions);
	TS_RUN(test_role_inference);
	TS_RUN(test_html);
	TS_RUN(test_missing_text);
	TS_RUN(test_invalid_lines);
	TS_RUN(test_invalid_array);
	TS_RUN(test_truncated);
	TS_RUN(test_depth);
	TS_RUN(test_max_item);
	TS_RUN(test_escapes);
	TS_RUN(test_unicode);
	TS_RUN(test_bom_crlf);
	TS_RUN(test_cr_line_ends);
	TS_RUN(test_cr_line_ends_long);
	TS_RUN(test_stop);
	TS_RUN(test_many_items);
	TS_RUN(test_sniff);
	TS_RUN(test_api);
	TS_TEST_MAIN_END();
}
