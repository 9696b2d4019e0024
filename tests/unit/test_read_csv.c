/*
 * test_read_csv.c - unit tests for the CSV reader.  Every input is read
 * whole and then fed in chunks of every size from 1 byte up (sampled for
 * the 100 kB inputs), and in uneven chunks; what the reader emits --
 * messages, rejects, warnings, the final status and the counts, written
 * out as text -- must be the same every time and equal the expected text.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "traitscan.h"
#include "buf.h"
#include "read_csv.h"
#include "reader_fixture.h"
#include "test.h"

struct how {
	const ts_csv_options *opt;
	unsigned long stop_after_msg;
	int stop_on_reject;
};

static int on_msg(void *ud, const ts_message *m)
{
	rf_sink *k = ud;

	CHECK_EQ_STR(m->file, "t.csv");
	CHECK_EQ_INT(m->has_seq, m->f[TS_F_SEQ].n > 0);
	rf_msg_begin(k, m);
	for (int f = 0; f < TS_F_COUNT; f++)
		rf_add_field(k, ts_field_name((ts_field)f), m->f[f]);
	/* extra columns: "-" for one the header lacks */
	for (size_t i = 0; i < m->nextra; i++) {
		ts_buf_adds(&k->out, i ? "|" : " extra=[");
		if (m->extra[i].p)
			rf_add_escaped(&k->out, m->extra[i].p, m->extra[i].n);
		else
			ts_buf_addc(&k->out, '-');
		if (i + 1 == m->nextra)
			ts_buf_addc(&k->out, ']');
	}
	return rf_msg_end(k);
}

RF_READER_OPS(csv);

/* rf_run_fn: everything the reader said about in[0, n), as text. */
static char *run(const char *in, size_t n, size_t chunk, const void *vhow)
{
	const struct how *how = vhow;
	ts_csv_reader *r = NULL;
	ts_csv_options none;
	rf_sink k;
	ts_error err;

	memset(&none, 0, sizeof none);
	memset(&k, 0, sizeof k);
	ts_buf_init(&k.out, 0);
	k.stop_after_msg = how->stop_after_msg;
	k.stop_on_reject = how->stop_on_reject;
	k.warnings = 1;
	if (ts_csv_reader_new(&r, how->opt ? how->opt : &none, "t.csv", on_msg,
	                      rf_on_diag, &k, &err) != TS_OK)
		return NULL;
	rf_drive(&rf_csv_ops, r, &k, in, n, chunk);
	ts_csv_reader_free(r);
	return ts_buf_detach(&k.out, NULL);
}

/* Inputs over 4 kB try chunk sizes 1..600 and then every 997th. */
static size_t next_chunk(size_t c, size_t n)
{
	return c + ((n > 4096 && c >= 600) ? 997 : 1);
}

static void check_how(const char *in, size_t n, const struct how *how,
                      const char *expected)
{
	rf_check_chunks(run, how, in, n, next_chunk, expected);
}

static void check_opt(const char *in, const ts_csv_options *opt,
                      const char *expected)
{
	struct how how = {opt, 0, 0};
	check_how(in, strlen(in), &how, expected);
}

static void check(const char *in, const char *expected)
{
	check_opt(in, NULL, expected);
}

#define NO_ROLE \
	"W t.csv:1: no role column (looked for role, author_type, sender_type, " \
	"author_role, direction, inbound, is_inbound, incoming, from_type); " \
	"every message counts as role unknown\n"

/* ---- tests ---------------------------------------------------------------- */

static void test_quoting(void)
{
	check("conversation_id,seq,role,author,text\n"
	      "c1,1,customer,Ann,\"Hello, I need help\"\n"
	      "c1,2,agent,Bob,\"She said \"\"hi\"\" to me\"\n"
	      "c1,3,customer,Ann,\"line one\nline two\"\n"
	      "c2,, agent , Bob ,  spaced text  \n"
	      "c2,5,agent,Bob, \"after a space, quoted\"\n"
	      "c2,6,agent,Bob,\"\"\"\",\n",
	      "1@2 customer conversation=[c1] seq=[1] role=[customer] author=[Ann] text=[Hello, I need help]\n"
	      "2@3 agent conversation=[c1] seq=[2] role=[agent] author=[Bob] text=[She said \"hi\" to me]\n"
	      "3@4 customer conversation=[c1] seq=[3] role=[customer] author=[Ann] text=[line one\\nline two]\n"
	      "4@6 agent conversation=[c2] role=[agent] author=[Bob] text=[spaced text]\n"
	      "5@7 agent conversation=[c2] seq=[5] role=[agent] author=[Bob] text=[after a space, quoted]\n"
	      "R t.csv:8: expected 5 fields, found 6\n"
	      "= rc=0 records=6 rejected=1");
}

static void test_crlf_and_bom(void)
{
	/* Without the BOM stripped the first column would not be
	 * conversation_id and the input would stop. */
	check("\xEF\xBB\xBF" "conversation_id,role,text\r\n"
	      "c1,customer,\"one\r\ntwo\"\r\n"
	      "\r\n"
	      "c1,agent,\"x,\r\n\r\n\"\"y\"\"\"\r\n"
	      "c1,agent,last\r\n",
	      "1@2 customer conversation=[c1] role=[customer] text=[one\\r\\ntwo]\n"
	      "2@5 agent conversation=[c1] role=[agent] text=[x,\\r\\n\\r\\n\"y\"]\n"
	      "3@8 agent conversation=[c1] role=[agent] text=[last]\n"
	      "= rc=0 records=3 rejected=0");
	/* lone CR line breaks, no final line break */
	check("conversation_id,role,text\rc1,agent,hi\rc1,customer,\"a\rb\"\r\rc2,agent,z",
	      "1@2 agent conversation=[c1] role=[agent] text=[hi]\n"
	      "2@3 customer conversation=[c1] role=[customer] text=[a\\rb]\n"
	      "3@6 agent conversation=[c2] role=[agent] text=[z]\n"
	      "= rc=0 records=3 rejected=0");
	/* \n\r is two line breaks */
	check("conversation_id,role,text\n\rc1,agent,hi\n",
	      "1@3 agent conversation=[c1] role=[agent] text=[hi]\n"
	      "= rc=0 records=1 rejected=0");
	/* a BOM only at the very start; a partial one is data */
	check("\xEF\xBB" "conversation_id,text\nc1,x\n",
	      "= rc=-3 records=0 rejected=0 err=t.csv:1: no conversation column "
	      "(looked for conversation_id, ticket_id, ticket, case_id, parentid, "
	      "thread_id, conversation, chat_id, session_id; use --map conversation=COLUMN)");
	check("\xEF\xBB\xBF", "= rc=-3 records=0 rejected=0 err=t.csv:0: empty input (no header)");
	check("\xEF\xBB", "= rc=-3 records=0 rejected=0 err=t.csv:1: no text column "
	      "(looked for text, body, plain_body, message, comment, commentbody, "
	      "content, html_body; use --map text=COLUMN)");
}

static void test_aliases(void)
{
	/* Salesforce case comments: no role column is a warning, not an error */
	check("Id,ParentId,IsPublished,CommentBody,CreatedById,CreatedDate\n"
	      "x1,500A,true,Thanks for waiting,005B,2024-01-02T10:00:00Z\n",
	      "W t.csv:1: no role column (looked for role, author_type, sender_type, "
	      "author_role, direction, inbound, is_inbound, incoming, from_type); "
	      "every message counts as role unknown\n"
	      "1@2 unknown conversation=[500A] time=[2024-01-02T10:00:00Z] "
	      "author=[005B] text=[Thanks for waiting]\n"
	      "= rc=0 records=1 rejected=0");
	/* Zendesk: names normalised, public=false is an internal note */
	check("Ticket ID,Author Type,Author.Name,Public,Via,Body,Created-At,Ticket Status,Requester ID\n"
	      "42,agent,Sam,true,email,Hi there,2024-01-01,open,u9\n"
	      "42,agent,Sam,FALSE,email,escalating,2024-01-01,open,u9\n"
	      "42,end-user,Kim,1,web,ok,2024-01-02,solved,u9\n",
	      "1@2 agent conversation=[42] time=[2024-01-01] role=[agent] author=[Sam] "
	      "customer=[u9] channel=[email] text=[Hi there] status=[open]\n"
	      "2@3 note conversation=[42] time=[2024-01-01] role=[agent] author=[Sam] "
	      "customer=[u9] channel=[email] text=[escalating] status=[open]\n"
	      "3@4 customer conversation=[42] time=[2024-01-02] role=[end-user] author=[Kim] "
	      "customer=[u9] channel=[web] text=[ok] status=[solved]\n"
	      "= rc=0 records=3 rejected=0");
	/* any order, extra columns, the best alias wins over the first column */
	check("x,Comment,Message,Sender,Body,Role,Ticket,Thread_ID,z\n"
	      "1,c,m,s,b,bot,t1,th,9\n",
	      "1@2 bot conversation=[t1] role=[bot] author=[s] text=[b]\n"
	      "= rc=0 records=1 rejected=0");
	/* a header name repeated: the first one counts */
	check("conversation_id,text,text,role\nc,first,second,agent\n",
	      "1@2 agent conversation=[c] role=[agent] text=[first]\n"
	      "= rc=0 records=1 rejected=0");
}

static void test_map(void)
{
	ts_csv_options o;

	memset(&o, 0, sizeof o);
	o.map_column[TS_F_TEXT] = "Note Body";
	o.map_column[TS_F_CONVERSATION] = "case";
	o.map_column[TS_F_AUTHOR] = "Owner-Name";
	check_opt("Case,text,note body,role,owner name\n"
	          "k1,not this,this one,agent,Al\n",
	          &o,
	          "1@2 agent conversation=[k1] role=[agent] author=[Al] text=[this one]\n"
	          "= rc=0 records=1 rejected=0");
	o.map_column[TS_F_AUTHOR] = "Owner";
	check_opt("Case,text,note body,role,owner name\n"
	          "k1,not this,this one,agent,Al\n",
	          &o,
	          "= rc=-3 records=0 rejected=0 err=t.csv:1: no column 'Owner' for --map author=Owner");
	/* missing required columns stop the input at once */
	check("conversation_id,role,author\nc1,agent,Al\nc1,agent,Al\n",
	      "= rc=-3 records=0 rejected=0 err=t.csv:1: no text column "
	      "(looked for text, body, plain_body, message, comment, commentbody, "
	      "content, html_body; use --map text=COLUMN)");
	check("\n\nrole,text\nagent,hi\n",
	      "= rc=-3 records=0 rejected=0 err=t.csv:3: no conversation column "
	      "(looked for conversation_id, ticket_id, ticket, case_id, parentid, "
	      "thread_id, conversation, chat_id, session_id; use --map conversation=COLUMN)");
}

static void test_inbound_roles(void)
{
	ts_csv_options o;

	memset(&o, 0, sizeof o);
	o.map_column[TS_F_CONVERSATION] = "tweet_id";
	check_opt("tweet_id,author_id,inbound,created_at,text\n"
	          "1,115712,True,2017-10-31,my phone is broken\n"
	          "2,sprintcare,False,2017-10-31,sorry to hear that\n"
	          "3,x,yes,d,a\n4,x,0,d,b\n5,x,t,d,c\n6,x,F,d,e\n"
	          "7,x,maybe,d,f\n8,x,,d,g\n9,x,Maybe,d,h\n10,x,,d,i\n",
	          &o,
	          "1@2 customer conversation=[1] time=[2017-10-31] role=[True] author=[115712] text=[my phone is broken] message_id=[1]\n"
	          "2@3 agent conversation=[2] time=[2017-10-31] role=[False] author=[sprintcare] text=[sorry to hear that] message_id=[2]\n"
	          "3@4 customer conversation=[3] time=[d] role=[yes] author=[x] text=[a] message_id=[3]\n"
	          "4@5 agent conversation=[4] time=[d] role=[0] author=[x] text=[b] message_id=[4]\n"
	          "5@6 customer conversation=[5] time=[d] role=[t] author=[x] text=[c] message_id=[5]\n"
	          "6@7 agent conversation=[6] time=[d] role=[F] author=[x] text=[e] message_id=[6]\n"
	          "W t.csv:8: unknown role 'maybe' (not credited to any agent)\n"
	          "7@8 unknown conversation=[7] time=[d] role=[maybe] author=[x] text=[f] message_id=[7]\n"
	          "W t.csv:9: empty role (not credited to any agent)\n"
	          "8@9 unknown conversation=[8] time=[d] author=[x] text=[g] message_id=[8]\n"
	          "9@10 unknown conversation=[9] time=[d] role=[Maybe] author=[x] text=[h] message_id=[9]\n"
	          "10@11 unknown conversation=[10] time=[d] author=[x] text=[i] message_id=[10]\n"
	          "= rc=0 records=10 rejected=0");
	/* --map to a boolean-style column works the same */
	o.map_column[TS_F_ROLE] = "Is Inbound";
	check_opt("tweet_id,role,is_inbound,text\n1,agent,true,hi\n", &o,
	          "1@2 customer conversation=[1] role=[true] text=[hi] message_id=[1]\n"
	          "= rc=0 records=1 rejected=0");
}

/* Reply links: a message id and a reply-to column without a conversation
 * column turn threading on (the conversation is then not required, the
 * message id is); a conversation column keeps it off unless --thread-by
 * reply; ids written as floats are read as integers. */
static void test_reply_links(void)
{
	ts_csv_options o;

	memset(&o, 0, sizeof o);
	check_opt("tweet_id,inbound,text,in_response_to_tweet_id\n"
	          "2,False,sorry to hear that,1.0\n"
	          "1,True,my order is late,\n"
	          ",True,no id here,1\n"
	          "3, True ,thanks,2.50\n",
	          &o,
	          "1@2 agent role=[False] text=[sorry to hear that] message_id=[2] reply_to=[1]\n"
	          "2@3 customer role=[True] text=[my order is late] message_id=[1]\n"
	          "R t.csv:4: no message id\n"
	          "4@5 customer role=[True] text=[thanks] message_id=[3] reply_to=[2.50]\n"
	          "= rc=0 records=4 rejected=1");
	/* Zendesk: comment_id with ticket_id and parent_id stays by ticket */
	check_opt("ticket_id,comment_id,parent_id,text\nT1,c2,c1,hello\n", &o,
	          "W t.csv:1: no role column (looked for role, author_type, sender_type, author_role, "
	          "direction, inbound, is_inbound, incoming, from_type); every message counts as role unknown\n"
	          "1@2 unknown conversation=[T1] text=[hello] message_id=[c2] reply_to=[c1]\n"
	          "= rc=0 records=1 rejected=0");
	/* ... unless asked */
	o.thread_by = TS_THREAD_REPLY;
	check_opt("ticket_id,comment_id,parent_id,text\nT1,c2,c1,hello\n,c3,,hi\n", &o,
	          "W t.csv:1: no role column (looked for role, author_type, sender_type, author_role, "
	          "direction, inbound, is_inbound, incoming, from_type); every message counts as role unknown\n"
	          "1@2 unknown conversation=[T1] text=[hello] message_id=[c2] reply_to=[c1]\n"
	          "2@3 unknown text=[hi] message_id=[c3]\n"
	          "= rc=0 records=2 rejected=0");
	check_opt("ticket_id,comment_id,text\nT1,c2,hello\n", &o,
	          "= rc=-3 records=0 rejected=0 err=t.csv:1: no reply_to column for --thread-by reply "
	          "(looked for reply_to, in_reply_to, in_reply_to_id, in_response_to_tweet_id, "
	          "in_reply_to_status_id, parent_message_id, parent_id, reply_to_id; use "
	          "--map reply_to=COLUMN)");
	/* --thread-by conversation: a twcs header needs a conversation column */
	o.thread_by = TS_THREAD_CONVERSATION;
	check_opt("tweet_id,text,in_reply_to\n2,hi,1\n", &o,
	          "= rc=-3 records=0 rejected=0 err=t.csv:1: no conversation column (looked for "
	          "conversation_id, ticket_id, ticket, case_id, parentid, thread_id, "
	          "conversation, chat_id, session_id; use --map conversation=COLUMN)");
}

static void test_unknown_roles(void)
{
	ts_buf in, want;
	struct how how = {NULL, 0, 0};

	check("conversation_id,role,text\n"
	      "c,Robot,a\nc,agent,b\nc,robot,c\nc,ghost,d\nc,ROBOT,e\nc,,f\nc,  ,g\n",
	      "W t.csv:2: unknown role 'Robot' (not credited to any agent)\n"
	      "1@2 unknown conversation=[c] role=[Robot] text=[a]\n"
	      "2@3 agent conversation=[c] role=[agent] text=[b]\n"
	      "3@4 unknown conversation=[c] role=[robot] text=[c]\n"
	      "W t.csv:5: unknown role 'ghost' (not credited to any agent)\n"
	      "4@5 unknown conversation=[c] role=[ghost] text=[d]\n"
	      "5@6 unknown conversation=[c] role=[ROBOT] text=[e]\n"
	      "W t.csv:7: empty role (not credited to any agent)\n"
	      "6@7 unknown conversation=[c] text=[f]\n"
	      "7@8 unknown conversation=[c] text=[g]\n"
	      "= rc=0 records=7 rejected=0");
	/* 32 distinct values are listed, then one line for the rest */
	ts_buf_init(&in, 0);
	ts_buf_init(&want, 0);
	ts_buf_adds(&in, "conversation_id,role,text\n");
	for (int i = 0; i < 40; i++) {
		ts_buf_addf(&in, "c,r%d,t\n", i % 36);
		if (i < 32)
			ts_buf_addf(&want, "W t.csv:%d: unknown role 'r%d' (not credited to any agent)\n",
			            i + 2, i);
		if (i == 32)
			ts_buf_adds(&want, "W t.csv:34: more unknown role values not listed\n");
		ts_buf_addf(&want, "%d@%d unknown conversation=[c] role=[r%d] text=[t]\n",
		            i + 1, i + 2, i % 36);
	}
	ts_buf_adds(&want, "= rc=0 records=40 rejected=0");
	check_how(in.p, in.len, &how, want.p);
	ts_buf_release(&in);
	ts_buf_release(&want);
}

static void test_rejects(void)
{
	check("conversation_id,role,text\n"
	      "c1,agent,ok one\n"
	      "c1,agent\n"
	      "c1,agent,\"  \r\n \"\n"
	      " ,agent,no conv\n"
	      "c1,agent,\"multi\n"
	      "line\r\n"
	      "field\"\n"
	      "c1,agent,x,extra\n"
	      "\n"
	      "   \n"
	      "c1,customer,after blanks\n"
	      "\"\"\n"
	      ",,\n",
	      "1@2 agent conversation=[c1] role=[agent] text=[ok one]\n"
	      "R t.csv:3: expected 3 fields, found 2\n"
	      "R t.csv:4: empty text\n"
	      "R t.csv:6: no conversation id\n"
	      "5@7 agent conversation=[c1] role=[agent] text=[multi\\nline\\r\\nfield]\n"
	      "R t.csv:10: expected 3 fields, found 4\n"
	      "7@13 customer conversation=[c1] role=[customer] text=[after blanks]\n"
	      "R t.csv:14: expected 3 fields, found 1\n"
	      "R t.csv:15: empty text\n"
	      "= rc=0 records=9 rejected=6");
	/* an unterminated quote at the end rejects that record only */
	check("conversation_id,text\nc1,ok\nc1,\"never closed\nmore, \"\"x\"\"\n",
	      NO_ROLE
	      "1@2 unknown conversation=[c1] text=[ok]\n"
	      "R t.csv:3: unterminated quoted field\n"
	      "= rc=0 records=2 rejected=1");
	check("conversation_id,text\n\"c1,ok\n",
	      NO_ROLE
	      "R t.csv:2: unterminated quoted field\n"
	      "= rc=0 records=1 rejected=1");
	check("\"conversation_id,text\nc1,ok\n",
	      "= rc=-3 records=0 rejected=0 err=t.csv:1: unterminated quoted field");
	/* a closed quote at the very end is fine */
	check("conversation_id,text\nc1,\"ok\"",
	      NO_ROLE
	      "1@2 unknown conversation=[c1] text=[ok]\n"
	      "= rc=0 records=1 rejected=0");
}

static void test_empty_and_header_only(void)
{
	check("", "= rc=-3 records=0 rejected=0 err=t.csv:0: empty input (no header)");
	check("\n\r\n  \n", "= rc=-3 records=0 rejected=0 err=t.csv:0: empty input (no header)");
	check("conversation_id,role,text\n", "= rc=0 records=0 rejected=0");
	check("conversation_id,role,text", "= rc=0 records=0 rejected=0");
	check("conversation_id,role,text\r\n\r\n", "= rc=0 records=0 rejected=0");
}

static void test_delimiter(void)
{
	ts_csv_options o;

	memset(&o, 0, sizeof o);
	o.delimiter = ';';
	check_opt("conversation_id;role;text\nc;agent;\"a;b,c\"\n", &o,
	          "1@2 agent conversation=[c] role=[agent] text=[a;b,c]\n"
	          "= rc=0 records=1 rejected=0");
	o.delimiter = '\t';
	check_opt("conversation_id\trole\ttext\nc\t agent\t a, b \n", &o,
	          "1@2 agent conversation=[c] role=[agent] text=[a, b]\n"
	          "= rc=0 records=1 rejected=0");
}

static void test_too_many_columns(void)
{
	ts_csv_options o;

	memset(&o, 0, sizeof o);
	o.max_columns = 4;
	check_opt("conversation_id,role,text\n"
	          "c,agent,a,b,c,d,e,f\n"
	          "c,agent,a,b\n"
	          "c,agent,ok\n", &o,
	          "R t.csv:2: more than 4 columns (--max-columns)\n"
	          "R t.csv:3: expected 3 fields, found 4\n"
	          "3@4 agent conversation=[c] role=[agent] text=[ok]\n"
	          "= rc=0 records=3 rejected=2");
	check_opt("a,b,conversation_id,role,text\nc,agent,ok\n", &o,
	          "= rc=-3 records=0 rejected=0 err=t.csv:1: header: more than 4 columns (--max-columns)");
}

/* Reads in whole, expecting that many records; returns the reader's
 * buffer bytes at the end (which is also the peak). */
static size_t peak_bytes(const char *in, size_t n, const ts_csv_options *o,
                         unsigned long records)
{
	ts_csv_reader *r = NULL;
	rf_sink k;
	size_t bytes;

	memset(&k, 0, sizeof k);
	ts_buf_init(&k.out, 0);
	k.warnings = 1;
	if (ts_csv_reader_new(&r, o, "t.csv", on_msg, rf_on_diag, &k, NULL) != TS_OK)
		return SIZE_MAX;
	CHECK_EQ_INT(ts_csv_reader_feed(r, in, n, NULL), TS_OK);
	CHECK_EQ_INT(ts_csv_reader_finish(r, NULL), TS_OK);
	CHECK_EQ_INT(k.emitted + k.rejects, records);
	bytes = ts_csv_reader_buffer_bytes(r);
	ts_csv_reader_free(r);
	ts_buf_release(&k.out);
	return bytes;
}

static void test_long_fields(void)
{
	ts_csv_options o;
	ts_buf in, want;
	struct how how = {NULL, 0, 0};
	size_t i;

	memset(&o, 0, sizeof o);
	o.max_field = 16;
	how.opt = &o;
	/* exactly at the cap is fine, one over is not */
	check_opt("conversation_id,text\nc,0123456789abcdef\nc,0123456789abcdefg\n"
	          "c,\"0123456789abcdef\"\nc,\"0123456789abcdefg\"\nc,ok\n", &o,
	          NO_ROLE
	          "1@2 unknown conversation=[c] text=[0123456789abcdef]\n"
	          "R t.csv:3: field 2 longer than 16 bytes (--max-field)\n"
	          "3@4 unknown conversation=[c] text=[0123456789abcdef]\n"
	          "R t.csv:5: field 2 longer than 16 bytes (--max-field)\n"
	          "5@6 unknown conversation=[c] text=[ok]\n"
	          "= rc=0 records=5 rejected=2");
	/* long runs of blanks: trimmed at the end of a field, kept inside */
	ts_buf_init(&in, 0);
	ts_buf_adds(&in, "conversation_id,text,x\nc,abc");
	for (i = 0; i < 5000; i++)
		ts_buf_addc(&in, ' ');
	ts_buf_adds(&in, ",1\nc,ab");
	for (i = 0; i < 5000; i++)
		ts_buf_addc(&in, i % 2 ? ' ' : '\t');
	ts_buf_adds(&in, "cd,2\nc,\"q\"");
	for (i = 0; i < 5000; i++)
		ts_buf_addc(&in, ' ');
	ts_buf_adds(&in, ",3\nc,\"q\"");
	for (i = 0; i < 5000; i++)
		ts_buf_addc(&in, ' ');
	ts_buf_adds(&in, "\"z\",4\nc,\"");
	for (i = 0; i < 5000; i++)
		ts_buf_addc(&in, ' ');
	ts_buf_adds(&in, "w\",5\nc,last,6");
	for (i = 0; i < 5000; i++)
		ts_buf_addc(&in, ' ');
	check_how(in.p, in.len, &how,
	          NO_ROLE
	          "1@2 unknown conversation=[c] text=[abc]\n"
	          "R t.csv:3: field 2 longer than 16 bytes (--max-field)\n"
	          "3@4 unknown conversation=[c] text=[q]\n"
	          "R t.csv:5: field 2 longer than 16 bytes (--max-field)\n"
	          "R t.csv:6: field 2 longer than 16 bytes (--max-field)\n"
	          "6@7 unknown conversation=[c] text=[last]\n"
	          "= rc=0 records=6 rejected=3");
	ts_buf_release(&in);

	/* 100 kB over a 1000-byte cap, with quotes, commas and line breaks
	 * inside, then a good record: rejected at the line it starts on, and
	 * the next record's line is still right */
	o.max_field = 1000;
	ts_buf_init(&in, 0);
	ts_buf_init(&want, 0);
	ts_buf_adds(&in, "conversation_id,role,text\nc1,agent,before\nc1,agent,\"");
	for (i = 0; i < 100000; i++)
		ts_buf_addc(&in, i % 1000 == 999 ? '\n' : i % 77 == 0 ? ',' : 'x');
	ts_buf_adds(&in, "\"\"still \"\"in\"\"\"\r\nc1,customer,after\n");
	ts_buf_adds(&in, "c1,");
	for (i = 0; i < 100000; i++)
		ts_buf_addc(&in, 'y');
	ts_buf_adds(&in, ",agent,x\nc2,agent,end\n");
	ts_buf_adds(&want, "1@2 agent conversation=[c1] role=[agent] text=[before]\n"
	            "R t.csv:3: field 3 longer than 1000 bytes (--max-field)\n"
	            "3@104 customer conversation=[c1] role=[customer] text=[after]\n"
	            "R t.csv:105: field 2 longer than 1000 bytes (--max-field)\n"
	            "5@106 agent conversation=[c2] role=[agent] text=[end]\n"
	            "= rc=0 records=5 rejected=2");
	check_how(in.p, in.len, &how, want.p);
	ts_buf_release(&want);

	/* and it never held much more than the cap (libcsv grows its buffer
	 * 4 kB at a time) */
	CHECK(peak_bytes(in.p, in.len, &o, 5) < 8192);
	ts_buf_release(&in);

	/* nor for a long run of blanks that is trimmed away in the end */
	ts_buf_init(&in, 0);
	ts_buf_adds(&in, "conversation_id,text\nc,\"a\"");
	for (i = 0; i < 100000; i++)
		ts_buf_addc(&in, ' ');
	ts_buf_adds(&in, "\nc,b");
	for (i = 0; i < 100000; i++)
		ts_buf_addc(&in, '\t');
	CHECK(peak_bytes(in.p, in.len, &o, 2) < 8192);
	ts_buf_release(&in);

	/* a header field over the cap stops the input */
	o.max_field = 4;
	check_opt("conversation_id,text\nc,x\n", &o,
	          "= rc=-3 records=0 rejected=0 err=t.csv:1: header field 1 longer than 4 bytes (--max-field)");
}

static void test_stops(void)
{
	const char *in = "conversation_id,text\nc,a\nc\nc,b\nc,c\n";
	struct how how = {NULL, 2, 0};

	check_how(in, strlen(in), &how,
	          NO_ROLE
	          "1@2 unknown conversation=[c] text=[a]\n"
	          "R t.csv:3: expected 2 fields, found 1\n"
	          "3@4 unknown conversation=[c] text=[b]\n"
	          "= rc=-9 records=3 rejected=1 err=t.csv:4: stopped by the message callback");
	how.stop_after_msg = 0;
	how.stop_on_reject = 1;
	check_how(in, strlen(in), &how,
	          NO_ROLE
	          "1@2 unknown conversation=[c] text=[a]\n"
	          "R t.csv:3: expected 2 fields, found 1\n"
	          "= rc=-9 records=2 rejected=1 err=t.csv:3: expected 2 fields, found 1");
}

static void test_api_edges(void)
{
	ts_csv_reader *r = NULL;
	ts_csv_options o;
	ts_error err;
	unsigned long a = 1, b = 1;

	memset(&o, 0, sizeof o);
	o.delimiter = '"';
	CHECK_EQ_INT(ts_csv_reader_new(&r, &o, "t.csv", NULL, NULL, NULL, &err), TS_EUSAGE);
	CHECK(r == NULL);
	/* no callbacks and no options are fine */
	REQUIRE(ts_csv_reader_new(&r, NULL, NULL, NULL, NULL, NULL, &err) == TS_OK);
	CHECK_EQ_INT(ts_csv_reader_feed(r, "text,ticket\nx,1\n,2\n", 19, &err), TS_OK);
	CHECK_EQ_INT(ts_csv_reader_finish(r, &err), TS_OK);
	CHECK_EQ_INT(ts_csv_reader_feed(r, "x", 1, &err), TS_EUSAGE);
	ts_csv_reader_counts(r, &a, &b);
	CHECK_EQ_INT(a, 2);
	CHECK_EQ_INT(b, 1);
	ts_csv_reader_free(r);
	ts_csv_reader_free(NULL);
	ts_csv_reader_counts(NULL, &a, &b);
	CHECK_EQ_INT(a, 0);
}

/* Extra columns (calibration labels) come with every message, matched
 * like header aliases, first column wins, trimmed; a missing one is NULL;
 * one can share its column with a field; a NULL name matches nothing, not
 * even a column with an empty name. */
static void test_extra_columns(void)
{
	static const char *const extra[] = { "empathy", "Polite Label", "missing",
	                                     "role", " Empathy", NULL };
	ts_csv_options o;

	memset(&o, 0, sizeof o);
	o.extra_columns = extra;
	o.nextra = 6;
	check_opt("conversation_id,role,text,EMPATHY,polite-label,empathy,\n"
	          "c1,agent,hi, 1 ,0,x,h\n"
	          "c1,customer,yo,,\"\",,\n"
	          "c1,agent,short\n"
	          "c1,agent,\"multi\nline\",\"a\nb\",1,,e\n",
	          &o,
	          "1@2 agent conversation=[c1] role=[agent] text=[hi] extra=[1|0|-|agent|1|-]\n"
	          "2@3 customer conversation=[c1] role=[customer] text=[yo] extra=[||-|customer||-]\n"
	          "R t.csv:4: expected 7 fields, found 3\n"
	          "4@5 agent conversation=[c1] role=[agent] text=[multi\\nline] extra=[a\\nb|1|-|agent|a\\nb|-]\n"
	          "= rc=0 records=4 rejected=1");
}

int main(void)
{
	TS_RUN(test_quoting);
	TS_RUN(test_crlf_and_bom);
	TS_RUN(test_aliases);
	TS_RUN(test_map);
	TS_RUN(test_inbound_roles);
	TS_RUN(test_reply_links);
	TS_RUN(test_unknown_roles);
	TS_RUN(test_rejects);
	TS_RUN(test_empty_and_header_only);
	TS_RUN(test_delimiter);
	TS_RUN(test_too_many_columns);
	TS_RUN(test_long_fields);
	TS_RUN(test_stops);
	TS_RUN(test_api_edges);
	TS_RUN(test_extra_columns);
	TS_TEST_MAIN_END();
}
