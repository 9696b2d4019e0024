/*
 * test_read_chat.c - unit tests for the plain-text chat reader.  Every
 * input is read whole and then fed in chunks of every size from 1 byte
 * up, and in uneven chunks; what the reader emits -- messages, rejects,
 * the final status and the counts, written out as text -- must be the
 * same every time and equal the expected text.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "traitscan.h"
#include "buf.h"
#include "read_chat.h"
#include "reader_fixture.h"
#include "test.h"

struct how {
	const ts_chat_options *opt;
	unsigned long stop_after_msg;
	size_t *bytes;                 /* the reader's buffer size at the end */
};

static int on_msg(void *ud, const ts_message *m)
{
	rf_sink *k = ud;

	CHECK_EQ_STR(m->file, "t.txt");
	CHECK_EQ_INT(m->has_seq, 0);
	CHECK(m->row > k->last_row);
	k->last_row = m->row;
	rf_msg_begin(k, m);
	for (int f = 0; f < TS_F_COUNT; f++) {
		CHECK(m->f[f].p != NULL);
		rf_add_field(k, ts_field_name((ts_field)f), m->f[f]);
	}
	return rf_msg_end(k);
}

RF_READER_OPS(chat);

/* rf_run_fn: everything the reader said about in[0, n), as text. */
static char *run(const char *in, size_t n, size_t chunk, const void *vhow)
{
	const struct how *how = vhow;
	ts_chat_reader *r = NULL;
	ts_chat_options none;
	rf_sink k;
	ts_error err;

	memset(&none, 0, sizeof none);
	memset(&k, 0, sizeof k);
	ts_buf_init(&k.out, 0);
	k.stop_after_msg = how->stop_after_msg;
	if (ts_chat_reader_new(&r, how->opt ? how->opt : &none, "t.txt", on_msg,
	                       rf_on_diag, &k, &err) != TS_OK)
		return NULL;
	rf_drive(&rf_chat_ops, r, &k, in, n, chunk);
	if (how->bytes)
		*how->bytes = ts_chat_reader_buffer_bytes(r);
	ts_chat_reader_free(r);
	return ts_buf_detach(&k.out, NULL);
}

/* Inputs over 4 kB try chunk sizes 1..300 and then every 997th. */
static size_t next_chunk(size_t c, size_t n)
{
	return c + ((n > 4096 && c >= 300) ? 997 : 1);
}

static void check_full(const char *in, size_t n, const ts_chat_options *opt,
                       unsigned long stop_after, const char *expected)
{
	struct how how = {opt, stop_after, NULL};

	rf_check_chunks(run, &how, in, n, next_chunk, expected);
}

static void check_opt(const char *in, const ts_chat_options *opt, const char *expected)
{
	check_full(in, strlen(in), opt, 0, expected);
}

static void check(const char *in, const char *expected)
{
	check_opt(in, NULL, expected);
}

#define NO_TURNS "err=t.txt:0: no chat turns recognised (layouts tried: " \
	"[10:02] name:, (10:02:13 AM) name:, 10:02:13 name:, name (10:02):, " \
	"Agent:/Customer: without a time; --line-format gives your own)"

/* ---- layouts ---------------------------------------------------------------- */

static void test_bracket_layout(void)
{
	check("[10:02] Sarah: Hi, my invoice shows a double charge.\n"
	      "[10:03] Agent Mike: Sorry about that, let me look.\n"
	      "[ 10:04:30 ]  Sarah :  Thanks  \n",
	      "1@1 unknown conversation=[t.txt#1] time=[10:02] author=[Sarah] text=[Hi, my invoice shows a double charge.]\n"
	      "2@2 agent conversation=[t.txt#1] time=[10:03] author=[Agent Mike] text=[Sorry about that, let me look.]\n"
	      "3@3 unknown conversation=[t.txt#1] time=[10:04:30] author=[Sarah] text=[Thanks]\n"
	      "= rc=0 records=3 rejected=0");
}

static void test_paren_layout(void)
{
	check("(10:02:13 AM) Visitor: my parcel never arrived\n"
	      "(10:02:40 AM) Support: I can check that for you\n"
	      "(1:05 p.m.) Visitor: ok\n",
	      "1@1 customer conversation=[t.txt#1] time=[10:02:13 AM] author=[Visitor] customer=[Visitor] text=[my parcel never arrived]\n"
	      "2@2 agent conversation=[t.txt#1] time=[10:02:40 AM] author=[Support] customer=[Visitor] text=[I can check that for you]\n"
	      "3@3 customer conversation=[t.txt#1] time=[1:05 p.m.] author=[Visitor] customer=[Visitor] text=[ok]\n"
	      "= rc=0 records=3 rejected=0");
}

static void test_bare_and_name_paren_layouts(void)
{
	check("10:02:13 Sarah: the app logs me out\n"
	      "10:02:50 - Operator: which phone do you use?\n"
	      "\n"
	      "Sarah (10:02): hello again\n"
	      "Agent Li [10:03]: welcome back\n"
	      "2026-03-02 10:04:00 Sarah: still broken\n",
	      "1@1 unknown conversation=[t.txt#1] time=[10:02:13] author=[Sarah] text=[the app logs me out]\n"
	      "2@2 agent conversation=[t.txt#1] time=[10:02:50] author=[Operator] text=[which phone do you use?]\n"
	      "3@4 unknown conversation=[t.txt#2] time=[10:02] author=[Sarah] text=[hello again]\n"
	      "4@5 agent conversation=[t.txt#2] time=[10:03] author=[Agent Li] text=[welcome back]\n"
	      "5@6 unknown conversation=[t.txt#2] time=[2026-03-02 10:04:00] author=[Sarah] text=[still broken]\n"
	      "= rc=0 records=5 rejected=0");
}

static void test_untimed_layout(void)
{
	/* labels give roles; header-like names are not speakers; a URL is
	 * not a turn ("https:" has no space after the colon) */
	check("Chat ID: LC-1\n"
	      "Visitor email: ann@example.com\n"
	      "Subject: refund request\n"
	      "Customer: I was charged twice\n"
	      "https://example.com/order/1\n"
	      "Agent: I see both charges\n"
	      "Note: the second one is a hold\n"
	      "Visitor 4521: thanks!\n"
	      "Customer Support: you're welcome\n",
	      "1@4 customer conversation=[t.txt#1] author=[Customer] customer=[Customer] text=[I was charged twice\\nhttps://example.com/order/1]\n"
	      "2@6 agent conversation=[t.txt#1] author=[Agent] customer=[Customer] text=[I see both charges\\nNote: the second one is a hold]\n"
	      "3@8 customer conversation=[t.txt#1] author=[Visitor 4521] customer=[Customer] text=[thanks!]\n"
	      "4@9 agent conversation=[t.txt#1] author=[Customer Support] customer=[Customer] text=[you're welcome]\n"
	      "= rc=0 records=4 rejected=0");
}

static void test_untimed_not_in_timed_conversation(void)
{
	/* once a conversation has a timed turn, "Order number: ..." is text */
	check("[09:00] Customer: where is my order?\n"
	      "Order number: 55120\n"
	      "[09:01] Agent: let me check\n"
	      "\n"
	      "Customer: new chat, untimed again\n",
	      "1@1 customer conversation=[t.txt#1] time=[09:00] author=[Customer] customer=[Customer] text=[where is my order?\\nOrder number: 55120]\n"
	      "2@3 agent conversation=[t.txt#1] time=[09:01] author=[Agent] customer=[Customer] text=[let me check]\n"
	      "3@5 customer conversation=[t.txt#2] author=[Customer] customer=[Customer] text=[new chat, untimed again]\n"
	      "= rc=0 records=3 rejected=0");
}

static void test_continuation_lines(void)
{
	check("preamble line that is not a turn\n"
	      "[10:02] Sarah: first line\n"
	      "   second line, indented   \n"
	      "third line: with a colon\n"
	      "[10:03] Agent: one line\n",
	      "1@2 unknown conversation=[t.txt#1] time=[10:02] author=[Sarah] text=[first line\\nsecond line, indented\\nthird line: with a colon]\n"
	      "2@5 agent conversation=[t.txt#1] time=[10:03] author=[Agent] text=[one line]\n"
	      "= rc=0 records=2 rejected=0");
	/* an empty turn followed by continuation lines is not empty */
	check("Agent:\n  see the steps below\n",
	      "1@1 agent conversation=[t.txt#1] author=[Agent] text=[see the steps below]\n"
	      "= rc=0 records=1 rejected=0");
}

static void test_system_lines(void)
{
	check("*** Eric joined the chat ***\n"
	      "[10:02] Eric: hello\n"
	      "[10:03] Chat transferred to Billing\n"
	      "[10:04] Agent Ana: billing here\n"
	      "Eric has left the conversation.\n"
	      "Ana left the chat\n"
	      "Chat ended by visitor\n"
	      "Ana transferred the chat to Tier 2\n",
	      "1@1 system conversation=[t.txt#1] text=[Eric joined the chat]\n"
	      "2@2 unknown conversation=[t.txt#1] time=[10:02] author=[Eric] text=[hello]\n"
	      "3@3 system conversation=[t.txt#1] time=[10:03] text=[Chat transferred to Billing]\n"
	      "4@4 agent conversation=[t.txt#1] time=[10:04] author=[Agent Ana] text=[billing here]\n"
	      "5@5 system conversation=[t.txt#1] text=[Eric has left the conversation.]\n"
	      "6@6 system conversation=[t.txt#1] text=[Ana left the chat]\n"
	      "7@7 system conversation=[t.txt#1] text=[Chat ended by visitor]\n"
	      "8@8 system conversation=[t.txt#1] text=[Ana transferred the chat to Tier 2]\n"
	      "= rc=0 records=8 rejected=0");
	/* a sentence that merely mentions leaving is a continuation */
	check("[10:02] Eric: hi\nmy son has left the house and the router too\n",
	      "1@1 unknown conversation=[t.txt#1] time=[10:02] author=[Eric] text=[hi\\nmy son has left the house and the router too]\n"
	      "= rc=0 records=1 rejected=0");
}

static void test_conversation_splits(void)
{
	check("Chat started: 2026-03-02 10:01\n"
	      "\n"
	      "[10:02] Customer: one\n"
	      "\n\n\n"
	      "[10:05] Customer: two\n"
	      "Chat started: 2026-03-03 09:00\n"
	      "Conversation with Sarah\n"
	      "[09:01] Customer: three\n"
	      "Conversation with Paul on 2026-03-04\n"
	      "[11:00] Customer: four\n",
	      "1@3 customer conversation=[t.txt#1] time=[2026-03-02 10:02:00] author=[Customer] customer=[Customer] text=[one]\n"
	      "2@7 customer conversation=[t.txt#2] time=[10:05] author=[Customer] customer=[Customer] text=[two]\n"
	      "3@10 customer conversation=[t.txt#3] time=[2026-03-03 09:01:00] author=[Customer] customer=[Customer] text=[three]\n"
	      "4@12 customer conversation=[t.txt#4] time=[2026-03-04 11:00:00] author=[Customer] customer=[Customer] text=[four]\n"
	      "= rc=0 records=4 rejected=0");
}

/* ---- who is the agent --------------------------------------------------------- */

static void test_agents_list(void)
{
	static const char *const agents[] = { "  mike ROSS ", "Ana", "", NULL };
	ts_chat_options o;

	memset(&o, 0, sizeof o);
	o.agents = agents;
	o.nagents = 4;
	check_opt("[10:00] Mike Ross: hello\n[10:01] MIKE ROSS: again\n"
	          "[10:02] Mike: not on the list\n[10:03] Customer: hi\n"
	          "[10:04] ana: here\n[10:05] Anna: other\n", &o,
	          "1@1 agent conversation=[t.txt#1] time=[10:00] author=[Mike Ross] text=[hello]\n"
	          "2@2 agent conversation=[t.txt#1] time=[10:01] author=[MIKE ROSS] text=[again]\n"
	          "3@3 unknown conversation=[t.txt#1] time=[10:02] author=[Mike] text=[not on the list]\n"
	          "4@4 customer conversation=[t.txt#1] time=[10:03] author=[Customer] customer=[Customer] text=[hi]\n"
	          "5@5 agent conversation=[t.txt#1] time=[10:04] author=[ana] customer=[Customer] text=[here]\n"
	          "6@6 unknown conversation=[t.txt#1] time=[10:05] author=[Anna] customer=[Customer] text=[other]\n"
	          "= rc=0 records=6 rejected=0");
	/* the list taken as complete: everyone else is a customer */
	o.others_are_customers = 1;
	check_opt("[10:00] Sarah: my order\n[10:01] Ana: on it\n", &o,
	          "1@1 customer conversation=[t.txt#1] time=[10:00] author=[Sarah] customer=[Sarah] text=[my order]\n"
	          "2@2 agent conversation=[t.txt#1] time=[10:01] author=[Ana] customer=[Sarah] text=[on it]\n"
	          "= rc=0 records=2 rejected=0");
}

static void test_agent_pattern(void)
{
	ts_chat_options o;

	memset(&o, 0, sizeof o);
	o.agent_pattern = "^(?i)(rep|tech)-\\d+$";
	check_opt("[10:00] rep-12: hi there\n[10:01] Sarah: hi\n[10:02] TECH-7: joining\n"
	          "[10:03] tech-12x: not matched\n[10:04] Client: labelled\n", &o,
	          "1@1 agent conversation=[t.txt#1] time=[10:00] author=[rep-12] text=[hi there]\n"
	          "2@2 unknown conversation=[t.txt#1] time=[10:01] author=[Sarah] text=[hi]\n"
	          "3@3 agent conversation=[t.txt#1] time=[10:02] author=[TECH-7] text=[joining]\n"
	          "4@4 unknown conversation=[t.txt#1] time=[10:03] author=[tech-12x] text=[not matched]\n"
	          "5@5 customer conversation=[t.txt#1] time=[10:04] author=[Client] customer=[Client] text=[labelled]\n"
	          "= rc=0 records=5 rejected=0");
}

static void test_labels_and_unknown(void)
{
	check("Bot: How can I help?\nGuest: billing\nSystem: queue position 2\nSam: who am I\n",
	      "1@1 bot conversation=[t.txt#1] author=[Bot] text=[How can I help?]\n"
	      "2@2 customer conversation=[t.txt#1] author=[Guest] customer=[Guest] text=[billing]\n"
	      "3@3 system conversation=[t.txt#1] author=[System] text=[queue position 2]\n"
	      "4@4 unknown conversation=[t.txt#1] author=[Sam] customer=[Guest] text=[who am I]\n"
	      "= rc=0 records=4 rejected=0");
}

static void test_bad_patterns(void)
{
	ts_chat_reader *r = NULL;
	ts_chat_options o;
	ts_error err;

	memset(&o, 0, sizeof o);
	o.agent_pattern = "rep-(\\d+";
	CHECK_EQ_INT(ts_chat_reader_new(&r, &o, "t.txt", on_msg, rf_on_diag, NULL, &err),
	             TS_EUSAGE);
	CHECK(r == NULL);
	CHECK(strstr(err.msg, "--agent-pattern: invalid regex: ") == err.msg);
	CHECK(strstr(err.msg, "at offset 8") != NULL);
	o.agent_pattern = NULL;
	o.line_format = "^(?<when>\\S+) (?<who>\\w+): ";
	CHECK_EQ_INT(ts_chat_reader_new(&r, &o, "t.txt", on_msg, rf_on_diag, NULL, &err),
	             TS_EUSAGE);
	CHECK(strstr(err.msg, "--line-format: no named group 'speaker'") == err.msg);
	o.line_format = "^[(?<speaker>";
	CHECK_EQ_INT(ts_chat_reader_new(&r, &o, "t.txt", on_msg, rf_on_diag, NULL, &err),
	             TS_EUSAGE);
	CHECK(strstr(err.msg, "--line-format: invalid regex: ") == err.msg);
}

static void test_line_format(void)
{
	ts_chat_options o;

	memset(&o, 0, sizeof o);
	o.line_format = "^(?<time>\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d) <(?<speaker>[^>]+)> (?<text>.*)$";
	/* only the user's layout: "[10:02] X:" is a continuation here; system
	 * lines and splits still work */
	check_opt("2026-03-02T10:02 <Sarah> my router blinks red\n"
	          "[10:02] Sarah: this is text\n"
	          "*** Tom joined the chat ***\n"
	          "2026-03-02T10:03 <Agent Tom> let's reset it\n", &o,
	          "1@1 unknown conversation=[t.txt#1] time=[2026-03-02 10:02:00] author=[Sarah] text=[my router blinks red\\n[10:02] Sarah: this is text]\n"
	          "2@3 system conversation=[t.txt#1] text=[Tom joined the chat]\n"
	          "3@4 agent conversation=[t.txt#1] time=[2026-03-02 10:03:00] author=[Agent Tom] text=[let's reset it]\n"
	          "= rc=0 records=3 rejected=0");
	/* without a text group the text is what follows the match */
	o.line_format = "^(?<speaker>[A-Z]+)> ";
	check_opt("ANA> hello\nBOB> hi\nno turn\n", &o,
	          "1@1 unknown conversation=[t.txt#1] author=[ANA] text=[hello]\n"
	          "2@2 unknown conversation=[t.txt#1] author=[BOB] text=[hi\\nno turn]\n"
	          "= rc=0 records=2 rejected=0");
	check_opt("[10:02] Sarah: not this layout\n", &o,
	          "= rc=-3 records=0 rejected=0 err=t.txt:0: no chat turns recognised "
	          "(no line matches --line-format)");
}

/* ---- times -------------------------------------------------------------------- */

static void test_date_and_time(void)
{
	check("Chat started: 2026-03-02 23:50\n"
	      "(11:58:30 PM) Customer: late question\n"
	      "(12:01:05 AM) Agent: past midnight\n"
	      "(12:30 PM) Agent: noon the next day\n"
	      "(11:59 AM) Agent: a little back in time\n"
	      "\n"
	      "Date: March 9th, 2026\n"
	      "[7:05] Customer: morning\n"
	      "[13:07:09] Agent: afternoon\n"
	      "[25:00] Agent: no such time\n"
	      "\n"
	      "Conversation with Lee on 31 Dec 2026\n"
	      "[23:59] Customer: last\n"
	      "[00:00:01] Customer: first\n"
	      "[2027-02-03 08:00] Customer: own date\n"
	      "\n"
	      "Date: 2026-02-30\n"
	      "[10:00] Customer: invalid date is ignored\n",
	      "1@2 customer conversation=[t.txt#1] time=[2026-03-02 23:58:30] author=[Customer] customer=[Customer] text=[late question]\n"
	      "2@3 agent conversation=[t.txt#1] time=[2026-03-03 00:01:05] author=[Agent] customer=[Customer] text=[past midnight]\n"
	      "3@4 agent conversation=[t.txt#1] time=[2026-03-03 12:30:00] author=[Agent] customer=[Customer] text=[noon the next day]\n"
	      "4@5 agent conversation=[t.txt#1] time=[2026-03-03 11:59:00] author=[Agent] customer=[Customer] text=[a little back in time]\n"
	      "5@8 customer conversation=[t.txt#2] time=[2026-03-09 07:05:00] author=[Customer] customer=[Customer] text=[morning]\n"
	      "6@9 agent conversation=[t.txt#2] time=[2026-03-09 13:07:09] author=[Agent] customer=[Customer] text=[afternoon]\n"
	      "7@10 agent conversation=[t.txt#2] time=[25:00] author=[Agent] customer=[Customer] text=[no such time]\n"
	      "8@13 customer conversation=[t.txt#3] time=[2026-12-31 23:59:00] author=[Customer] customer=[Customer] text=[last]\n"
	      "9@14 customer conversation=[t.txt#3] time=[2027-01-01 00:00:01] author=[Customer] customer=[Customer] text=[first]\n"
	      "10@15 customer conversation=[t.txt#3] time=[2027-02-03 08:00:00] author=[Customer] customer=[Customer] text=[own date]\n"
	      "11@18 customer conversation=[t.txt#4] time=[10:00] author=[Customer] customer=[Customer] text=[invalid date is ignored]\n"
	      "= rc=0 records=11 rejected=0");
}

/* ---- bytes -------------------------------------------------------------------- */

static void test_line_ends_and_bom(void)
{
	static const char *const expect =
		"1@1 customer conversation=[t.txt#1] time=[10:00] author=[Customer] customer=[Customer] text=[a\\nb]\n"
		"2@3 agent conversation=[t.txt#1] time=[10:01] author=[Agent] customer=[Customer] text=[c]\n"
		"3@5 customer conversation=[t.txt#2] time=[10:02] author=[Customer] customer=[Customer] text=[d]\n"
		"= rc=0 records=3 rejected=0";

	check("[10:00] Customer: a\r\nb\r\n[10:01] Agent: c\r\n\r\n[10:02] Customer: d\r\n", expect);
	check("[10:00] Customer: a\rb\r[10:01] Agent: c\r\r[10:02] Customer: d", expect);
	check("\xEF\xBB\xBF[10:00] Customer: a\nb\n[10:01] Agent: c\n\n[10:02] Customer: d\n", expect);
	/* a BOM anywhere else is text */
	check("[10:00] Customer: a\n\xEF\xBB\xBF" "b\n",
	      "1@1 customer conversation=[t.txt#1] time=[10:00] author=[Customer] customer=[Customer] text=[a\\n\xEF\xBB\xBF" "b]\n"
	      "= rc=0 records=1 rejected=0");
}

static void test_invalid_utf8(void)
{
	/* bad bytes in the text pass through; in a speaker they make the line
	 * a continuation; NUL bytes are bytes */
	static const char in[] = "[10:00] Customer: caf\xE9 \xFF\xFE ok\n"
	                         "[10:01] Ag\xC3\x28nt: x\n"
	                         "[10:02] Agent: a\0b\n";

	check_full(in, sizeof in - 1,
	           NULL, 0,
	           "1@1 customer conversation=[t.txt#1] time=[10:00] author=[Customer] customer=[Customer] text=[caf\xE9 \xFF\xFE ok\\n[10:01] Ag\xC3(nt: x]\n"
	           "2@3 agent conversation=[t.txt#1] time=[10:02] author=[Agent] customer=[Customer] text=[a\\0b]\n"
	           "= rc=0 records=2 rejected=0");
}

static void test_long_lines(void)
{
	ts_chat_options o;
	ts_buf in;
	char *out;
	size_t bytes = 0;
	struct how how = {&o, 0, &bytes};

	memset(&o, 0, sizeof o);
	o.max_line = 32;
	/* exactly 32 bytes is fine, 33 is not; the rejected line takes its
	 * continuation lines with it; a turn growing past the limit too */
	check_opt("[10:00] Customer: 0123456789abcd\n"
	          "[10:01] Customer: 0123456789abcde\n"
	          "more of the rejected line\n"
	          "[10:02] Agent: short\n"
	          "[10:03] Agent: a\nbbbbbbbbbbbbbbbb\ncccccccccccccccc\n"
	          "[10:04] Agent: fits\n", &o,
	          "1@1 customer conversation=[t.txt#1] time=[10:00] author=[Customer] customer=[Customer] text=[0123456789abcd]\n"
	          "R t.txt:2: line longer than 32 bytes (--max-field)\n"
	          "3@4 agent conversation=[t.txt#1] time=[10:02] author=[Agent] customer=[Customer] text=[short]\n"
	          "R t.txt:5: turn longer than 32 bytes (--max-field)\n"
	          "5@8 agent conversation=[t.txt#1] time=[10:04] author=[Agent] customer=[Customer] text=[fits]\n"
	          "= rc=0 records=5 rejected=2");

	/* a 1 MB line never costs more than a few times max_line */
	o.max_line = 1000;
	ts_buf_init(&in, 0);
	ts_buf_adds(&in, "[10:00] Customer: before\n[10:01] Agent: ");
	for (size_t i = 0; i < 1000000; i++)
		ts_buf_addc(&in, (char)('a' + i % 26));
	ts_buf_adds(&in, "\n[10:02] Customer: after\n");
	for (size_t chunk = 1; chunk <= 1u << 20; chunk *= 16) {
		out = run(in.p, in.len, chunk, &how);
		REQUIRE(out != NULL);
		CHECK_EQ_STR(out,
		             "1@1 customer conversation=[t.txt#1] time=[10:00] author=[Customer] customer=[Customer] text=[before]\n"
		             "R t.txt:2: line longer than 1000 bytes (--max-field)\n"
		             "3@3 customer conversation=[t.txt#1] time=[10:02] author=[Customer] customer=[Customer] text=[after]\n"
		             "= rc=0 records=3 rejected=1");
		CHECK(bytes <= 3 * (o.max_line + 1) + 1024);
		free(out);
	}
	ts_buf_release(&in);
}

/* ---- whole-input outcomes ---------------------------------------------------- */

static void test_no_turns_and_empty(void)
{
	check("", "= rc=-3 records=0 rejected=0 err=t.txt:0: empty input (no chat turns)");
	check("\n  \r\n\t\n", "= rc=-3 records=0 rejected=0 err=t.txt:0: empty input (no chat turns)");
	/* system lines and headers alone are not a chat: nothing emitted */
	check("Dear team,\nplease find the report attached.\n*** Eric joined the chat ***\n"
	      "Chat started: 2026-03-02\nSubject: hello\n",
	      "= rc=-3 records=0 rejected=0 " NO_TURNS);
	/* held system lines come out, in order, once a turn shows up */
	check("*** Eric joined the chat ***\n\n*** Ana joined the chat ***\nAgent: hi\n",
	      "1@1 system conversation=[t.txt#1] text=[Eric joined the chat]\n"
	      "2@3 system conversation=[t.txt#2] text=[Ana joined the chat]\n"
	      "3@4 agent conversation=[t.txt#2] author=[Agent] text=[hi]\n"
	      "= rc=0 records=3 rejected=0");
}

static void test_empty_turn_and_stop(void)
{
	check("[10:00] Agent:\n[10:01] Agent: ok\n",
	      "R t.txt:1: empty turn\n"
	      "2@2 agent conversation=[t.txt#1] time=[10:01] author=[Agent] text=[ok]\n"
	      "= rc=0 records=2 rejected=1");
	/* a callback that stops the reader stops it for good */
	check_full("Agent: one\nAgent: two\nAgent: three\n", 35, NULL, 1,
	           "1@1 agent conversation=[t.txt#1] author=[Agent] text=[one]\n"
	           "= rc=-9 records=1 rejected=0 err=t.txt:1: stopped by the message callback");
}

/* ---- sniffing ------------------------------------------------------------------ */

static void test_sniff(void)
{
	const char *chat = "[10:02] Sarah: hi\nmore text\n[10:03] Agent: hello\n";
	const char *labelled = "Customer: hi\nAgent: hello\n";
	const char *csv = "conversation_id,role,text\nc1,agent,\"Hello: there\"\n";
	const char *mail = "From: a@example.com\nTo: b@example.com\nSubject: hi\n\nbody\n";
	const char *prose = "Dear team,\nthanks for the call.\nNote: see below\n";
	const char *one = "Customer: my printer is offline\n";

	CHECK_EQ_INT(ts_chat_sniff(chat, strlen(chat)), 1);
	CHECK_EQ_INT(ts_chat_sniff(labelled, strlen(labelled)), 1);
	CHECK_EQ_INT(ts_chat_sniff(one, strlen(one)), 1);
	CHECK_EQ_INT(ts_chat_sniff(csv, strlen(csv)), 0);
	CHECK_EQ_INT(ts_chat_sniff(mail, strlen(mail)), 0);
	CHECK_EQ_INT(ts_chat_sniff(prose, strlen(prose)), 0);
	CHECK_EQ_INT(ts_chat_sniff("", 0), 0);
	/* two turns among many other lines are not enough */
	{
		ts_buf b;
		ts_buf_init(&b, 0);
		ts_buf_adds(&b, "[10:02] Sarah: hi\n[10:03] Agent: hello\n");
		for (int i = 0; i < 9; i++)
			ts_buf_adds(&b, "some paragraph of prose\n");
		CHECK_EQ_INT(ts_chat_sniff(b.p, b.len), 0);
		ts_buf_release(&b);
	}
}

/* ---- the line classifier and the speaker rules (shared with chat_cells.c) ---- */

/* One line as "kind|time|speaker|text|timed|date" for comparing. */
static char *classify(ts_chat_lines *l, const char *line, unsigned flags)
{
	static const char *const kinds[] = {"blank", "header", "date", "system", "turn", "other"};
	static char out[512];
	ts_chat_line cl;
	ts_chat_kind k = ts_chat_line_classify(l, line, strlen(line), flags, &cl);

	snprintf(out, sizeof out, "%s|%.*s|%.*s|%.*s|%d|%04d-%02d-%02d", kinds[k],
	         (int)cl.time.n, cl.time.p, (int)cl.speaker.n, cl.speaker.p,
	         (int)cl.text.n, cl.text.p, cl.timed, cl.y, cl.m, cl.d);
	return out;
}

static void test_line_classifier(void)
{
	ts_chat_lines *l = NULL;
	const unsigned U = TS_CHAT_UNTIMED, S = TS_CHAT_AT_START;

	REQUIRE(ts_chat_lines_new(&l, NULL, "x", NULL) == TS_OK);
	/* each built-in turn layout: time, speaker and text, trimmed */
	CHECK_EQ_STR(classify(l, "[10:02] Sarah:  Hi there ", 0), "turn|10:02|Sarah|Hi there|1|0000-00-00");
	CHECK_EQ_STR(classify(l, "(10:02:13 AM) Sarah Lee: Hi", 0), "turn|10:02:13 AM|Sarah Lee|Hi|1|0000-00-00");
	CHECK_EQ_STR(classify(l, "10:02:13 Sarah: Hi", 0), "turn|10:02:13|Sarah|Hi|1|0000-00-00");
	CHECK_EQ_STR(classify(l, "Sarah (10:02): Hi", 0), "turn|10:02|Sarah|Hi|1|0000-00-00");
	CHECK_EQ_STR(classify(l, "[2026-03-02 10:02] Sarah:", 0), "turn|2026-03-02 10:02|Sarah||1|0000-00-00");
	/* the untimed layout only when asked for, and never a header field */
	CHECK_EQ_STR(classify(l, "Agent: How can I help?", U), "turn||Agent|How can I help?|0|0000-00-00");
	CHECK_EQ_STR(classify(l, "Agent: How can I help?", 0), "other|||Agent: How can I help?|0|0000-00-00");
	CHECK_EQ_STR(classify(l, "Order number: 5512", U), "other|||Order number: 5512|0|0000-00-00");
	/* system lines, with or without a time */
	CHECK_EQ_STR(classify(l, "(10:04) *** Eric joined the chat ***", 0), "system|10:04||Eric joined the chat|0|0000-00-00");
	CHECK_EQ_STR(classify(l, "Chat transferred to Billing", U), "system|||Chat transferred to Billing|0|0000-00-00");
	/* headers carry a date when they have one; "Date:" lines only at the start */
	CHECK_EQ_STR(classify(l, "Chat started: 2 March 2026, 10:00", U), "header|||Chat started: 2 March 2026, 10:00|0|2026-03-02");
	CHECK_EQ_STR(classify(l, "Conversation with Sarah", U), "header|||Conversation with Sarah|0|0000-00-00");
	CHECK_EQ_STR(classify(l, "Date: 2026-03-02", U | S), "date|||Date: 2026-03-02|0|2026-03-02");
	CHECK_EQ_STR(classify(l, "Date: 2026-03-02", U), "other|||Date: 2026-03-02|0|0000-00-00");
	CHECK_EQ_STR(classify(l, "Date: soon", U | S), "other|||Date: soon|0|0000-00-00");
	/* the rest */
	CHECK_EQ_STR(classify(l, " \t ", U), "blank||||0|0000-00-00");
	CHECK_EQ_STR(classify(l, "  and it was due Monday. ", U), "other|||and it was due Monday.|0|0000-00-00");
	CHECK_EQ_STR(classify(l, "at 10:02 it broke", 0), "other|||at 10:02 it broke|0|0000-00-00");
	ts_chat_lines_free(l);

	/* --line-format replaces the built-in turn layouts */
	{
		ts_chat_options o;
		memset(&o, 0, sizeof o);
		o.line_format = "^(?<speaker>\\w+) says: (?<text>.*)$";
		REQUIRE(ts_chat_lines_new(&l, &o, "x", NULL) == TS_OK);
		CHECK_EQ_STR(classify(l, "Sam says: hello", 0), "turn||Sam|hello|0|0000-00-00");
		CHECK_EQ_STR(classify(l, "[10:02] Sarah: Hi", U), "other|||[10:02] Sarah: Hi|0|0000-00-00");
		ts_chat_lines_free(l);
	}
}

static void test_speaker_role(void)
{
	ts_chat_lines *l = NULL;
	ts_chat_options o;
	const char *agents[] = {" Sam Ortiz "};
	int known = -1;

	REQUIRE(ts_chat_lines_new(&l, NULL, "x", NULL) == TS_OK);
	CHECK_EQ_INT(ts_chat_speaker_role(l, "Customer Support", 16, &known), TS_ROLE_AGENT);
	CHECK_EQ_INT(known, 1);
	CHECK_EQ_INT(ts_chat_speaker_role(l, "Visitor 12", 10, &known), TS_ROLE_CUSTOMER);
	CHECK_EQ_INT(known, 1);
	CHECK_EQ_INT(ts_chat_speaker_role(l, "Sarah", 5, &known), TS_ROLE_UNKNOWN);
	CHECK_EQ_INT(known, 0);
	/* the cache answers the same */
	CHECK_EQ_INT(ts_chat_speaker_role(l, "Sarah", 5, &known), TS_ROLE_UNKNOWN);
	CHECK_EQ_INT(known, 0);
	ts_chat_lines_free(l);

	memset(&o, 0, sizeof o);
	o.agents = agents;
	o.nagents = 1;
	o.others_are_customers = 1;
	REQUIRE(ts_chat_lines_new(&l, &o, "x", NULL) == TS_OK);
	CHECK_EQ_INT(ts_chat_speaker_role(l, "sam ortiz", 9, &known), TS_ROLE_AGENT);
	CHECK_EQ_INT(known, 1);
	/* a customer only by the others-are-customers rule: not known */
	CHECK_EQ_INT(ts_chat_speaker_role(l, "Sarah", 5, &known), TS_ROLE_CUSTOMER);
	CHECK_EQ_INT(known, 0);
	CHECK_EQ_INT(ts_chat_speaker_role(l, "Sarah", 5, NULL), TS_ROLE_CUSTOMER);
	ts_chat_lines_free(l);

	CHECK_EQ_INT(ts_chat_speaker_is_field("Order number", 12), 1);
	CHECK_EQ_INT(ts_chat_speaker_is_field(" Error ", 7), 1);
	CHECK_EQ_INT(ts_chat_speaker_is_field("Sarah Lee", 9), 0);

	memset(&o, 0, sizeof o);
	o.agent_pattern = "(";
	CHECK_EQ_INT(ts_chat_lines_new(&l, &o, "x", NULL), TS_EUSAGE);
	CHECK(l == NULL);
	ts_chat_lines_free(NULL);
}

static void test_clock(void)
{
	int y = -1, m = -1, d = -1, sod = -1;

	CHECK_EQ_INT(ts_chat_clock("10:02", 5, &y, &m, &d, &sod), 0);
	CHECK_EQ_INT(y, 0);
	CHECK_EQ_INT(sod, 10 * 3600 + 2 * 60);
	CHECK_EQ_INT(ts_chat_clock("12:05:09 a.m.", 13, &y, &m, &d, &sod), 0);
	CHECK_EQ_INT(sod, 5 * 60 + 9);
	CHECK_EQ_INT(ts_chat_clock("2026-03-02T23:59:59", 19, &y, &m, &d, &sod), 0);
	CHECK_EQ_INT(y * 10000 + m * 100 + d, 20260302);
	CHECK_EQ_INT(sod, 86399);
	CHECK_EQ_INT(ts_chat_clock("25:00", 5, &y, &m, &d, &sod), -1);
	CHECK_EQ_INT(ts_chat_clock("13:00 PM", 8, &y, &m, &d, &sod), -1);
	CHECK_EQ_INT(ts_chat_clock("2026-02-30 10:00", 16, &y, &m, &d, &sod), -1);
	CHECK_EQ_INT(ts_chat_clock("soon", 4, &y, &m, &d, &sod), -1);
}

int main(void)
{
	TS_RUN(test_bracket_layout);
	TS_RUN(test_paren_layout);
	TS_RUN(test_bare_and_name_paren_layouts);
	TS_RUN(test_untimed_layout);
	TS_RUN(test_untimed_not_in_timed_conversation);
	TS_RUN(test_continuation_lines);
	TS_RUN(test_system_lines);
	TS_RUN(test_conversation_splits);
	TS_RUN(test_agents_list);
	TS_RUN(test_agent_pattern);
	TS_RUN(test_labels_and_unknown);
	TS_RUN(test_bad_patterns);
	TS_RUN(test_line_format);
	TS_RUN(test_date_and_time);
	TS_RUN(test_line_ends_and_bom);
	TS_RUN(test_invalid_utf8);
	TS_RUN(test_long_lines);
	TS_RUN(test_no_turns_and_empty);
	TS_RUN(test_empty_turn_and_stop);
	TS_RUN(test_sniff);
	TS_RUN(test_line_classifier);
	TS_RUN(test_speaker_role);
	TS_RUN(test_clock);
	TS_TEST_MAIN_END();
}
