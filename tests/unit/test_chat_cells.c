/*
 * test_chat_cells.c - unit tests for --split-chat-cells (chat_cells.c):
 * which cells are transcripts, and what each turn's message says (part,
 * seq, role, author, time, text), written out as text and compared.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "traitscan.h"
#include "buf.h"
#include "chat_cells.h"
#include "timeparse.h"
#include "test.h"

struct sink {
	ts_buf out;
	const ts_message *row;
	int same_row;        /* the row itself was handed on */
	unsigned stop_after; /* 0: never */
	int stop_rc;         /* what fn returns then */
	unsigned seen;
};

static void add_str(ts_buf *b, const char *name, ts_str v)
{
	ts_buf_addf(b, " %s=[", name);
	for (size_t i = 0; i < v.n; i++) {
		if (v.p[i] == '\n')
			ts_buf_adds(b, "\\n");
		else
			ts_buf_addc(b, v.p[i]);
	}
	ts_buf_addc(b, ']');
}

static int on_msg(void *ud, const ts_message *m)
{
	struct sink *k = ud;

	k->same_row |= m == k->row;
	/* the row's other fields are kept */
	CHECK(m->f[TS_F_CONVERSATION].p == k->row->f[TS_F_CONVERSATION].p);
	CHECK(m->f[TS_F_CUSTOMER].p == k->row->f[TS_F_CUSTOMER].p);
	CHECK_EQ_INT(m->row, k->row->row);
	CHECK_EQ_INT(m->line, k->row->line);
	CHECK_EQ_INT(m->has_seq, k->row->has_seq);
	ts_buf_addf(&k->out, "%u %s", m->part, ts_role_name(m->role));
	add_str(&k->out, "seq", m->f[TS_F_SEQ]);
	add_str(&k->out, "author", m->f[TS_F_AUTHOR]);
	add_str(&k->out, "time", m->f[TS_F_TIME]);
	add_str(&k->out, "text", m->f[TS_F_TEXT]);
	ts_buf_addc(&k->out, '\n');
	if (k->stop_after && ++k->seen >= k->stop_after)
		return k->stop_rc;
	return 0;
}

/* A CSV-like row. */
static ts_message row(const char *seq, const char *time, const char *author, ts_role role,
                      const char *text)
{
	ts_message m;

	memset(&m, 0, sizeof m);
	for (int f = 0; f < TS_F_COUNT; f++)
		m.f[f].p = "";
	m.f[TS_F_CONVERSATION] = (ts_str){ "T1", 2 };
	m.f[TS_F_CUSTOMER] = (ts_str){ "cust-9", 6 };
	m.f[TS_F_SEQ] = (ts_str){ seq, strlen(seq) };
	m.f[TS_F_TIME] = (ts_str){ time, strlen(time) };
	m.f[TS_F_AUTHOR] = (ts_str){ author, strlen(author) };
	m.f[TS_F_TEXT] = (ts_str){ text, strlen(text) };
	m.has_seq = seq[0] != '\0';
	m.role = role;
	m.row = 4;
	m.line = 5;
	m.file = "t.csv";
	return m;
}

/* Splits m with sp; returns what was handed on (static), rc in *rc. */
static const char *split(ts_cell_splitter *sp, const ts_message *m, int *rc,
                         unsigned stop_after, int stop_rc, int *same_row)
{
	static char out[4096];
	struct sink k;

	memset(&k, 0, sizeof k);
	ts_buf_init(&k.out, 0);
	k.row = m;
	k.stop_after = stop_after;
	k.stop_rc = stop_rc;
	*rc = ts_cell_split(sp, m, on_msg, &k);
	snprintf(out, sizeof out, "%s", k.out.p);
	if (same_row)
		*same_row = k.same_row;
	ts_buf_release(&k.out);
	return out;
}

static void check_split(ts_cell_splitter *sp, const ts_message *m, const char *expected)
{
	int rc = 1, same = 1;

	CHECK_EQ_STR(split(sp, m, &rc, 0, 0, &same), expected);
	CHECK_EQ_INT(rc, TS_OK);
	CHECK_EQ_INT(same, 0);
}

static int is_transcript(ts_cell_splitter *sp, const char *s)
{
	return ts_cell_is_transcript(sp, s, strlen(s));
}

static void test_what_is_a_transcript(void)
{
	ts_cell_splitter *sp = NULL, *named = NULL;
	ts_chat_options o;
	const char *agents[] = {"Sarah"};

	REQUIRE(ts_cell_splitter_new(&sp, NULL, NULL, NULL) == TS_OK);
	/* two timed turns, in any layout, or two labelled untimed turns */
	CHECK_EQ_INT(is_transcript(sp, "[10:02] Ann: hi\n[10:03] Sarah: hello"), 1);
	CHECK_EQ_INT(is_transcript(sp, "(10:02:13 AM) Ann: hi\r\nSarah (10:03): hello"), 1);
	CHECK_EQ_INT(is_transcript(sp, "Customer: hi\nAgent: hello"), 1);
	CHECK_EQ_INT(is_transcript(sp, "Chat started: 2026-03-02\n\n10:02:13 Ann: hi\n10:03:00 Bob: yes"), 1);
	/* one turn, header fields, a pasted log, prose, unknown untimed names */
	CHECK_EQ_INT(is_transcript(sp, "[10:02] Ann: hi\nthanks for your help"), 0);
	CHECK_EQ_INT(is_transcript(sp, "Order number: 5512\nItem: blue kettle\nPlease send it again."), 0);
	CHECK_EQ_INT(is_transcript(sp, "10:02 Error: disk full\n10:03 Warning: retrying"), 0);
	CHECK_EQ_INT(is_transcript(sp, "Hi team,\nthe meeting is at 10:02: see you there.\n"), 0);
	CHECK_EQ_INT(is_transcript(sp, "Sarah: hi\nTom: hello"), 0);
	CHECK_EQ_INT(is_transcript(sp, "*** Eric joined the chat ***\n[10:02] Ann: hi"), 0);
	CHECK_EQ_INT(is_transcript(sp, ""), 0);

	/* a name on --agents is a known speaker; others are customers only by
	 * the fallback, which does not count */
	memset(&o, 0, sizeof o);
	o.agents = agents;
	o.nagents = 1;
	o.others_are_customers = 1;
	REQUIRE(ts_cell_splitter_new(&named, &o, NULL, NULL) == TS_OK);
	CHECK_EQ_INT(is_transcript(named, "Sarah: hi\nTom: hello"), 0);
	CHECK_EQ_INT(is_transcript(named, "Sarah: hi\nTom: hello\nSarah: how can I help?"), 1);
	ts_cell_splitter_free(named);
	ts_cell_splitter_free(sp);
}

/* A Zendesk-style chat: a header with the date, a system line, a turn
 * with continuation lines and a blank line inside, visitor details before
 * the first turn (dropped), an empty turn (dropped). */
static void test_zendesk_chat(void)
{
	ts_cell_splitter *sp = NULL;
	ts_message m = row("7", "2026-03-02T10:15:00Z", "ann lee", TS_ROLE_CUSTOMER,
		"Chat started: 2026-03-02 10:00 AM UTC\n"
		"Visitor email: ann@example.com\n"
		"\n"
		"(10:01:13 AM) Ann Lee: Hi, my parcel never arrived.\n"
		"(10:01:40 AM) *** Sam joined the chat ***\n"
		"(10:02:05 AM) Sam: I'm sorry to hear that. Which order is it?\n"
		"(10:02:50 AM) Ann Lee: It is 5512.\n"
		"  It was due on Monday.\n"
		"\n"
		"And it is a gift.\n"
		"(10:03:10 AM) Sam:\n"
		"(10:03:30 AM) Agent Sam: I have sent a replacement today.\r\n");

	REQUIRE(ts_cell_splitter_new(&sp, NULL, NULL, NULL) == TS_OK);
	check_split(sp, &m,
		"0 customer seq=[7.1] author=[Ann Lee] time=[2026-03-02T10:01:13Z] text=[Hi, my parcel never arrived.]\n"
		"1 system seq=[7.2] author=[] time=[2026-03-02T10:01:40Z] text=[Sam joined the chat]\n"
		"2 unknown seq=[7.3] author=[Sam] time=[2026-03-02T10:02:05Z] text=[I'm sorry to hear that. Which order is it?]\n"
		"3 customer seq=[7.4] author=[Ann Lee] time=[2026-03-02T10:02:50Z] text=[It is 5512.\\nIt was due on Monday.\\nAnd it is a gift.]\n"
		"4 agent seq=[7.5] author=[Agent Sam] time=[2026-03-02T10:03:30Z] text=[I have sent a replacement today.]\n");
	ts_cell_splitter_free(sp);
}

/* Roles: the chat rules first (--agents, labels), then the row's role for
 * the row's own author, then customers when agents are named. */
static void test_roles(void)
{
	ts_cell_splitter *sp = NULL;
	ts_chat_options o;
	const char *agents[] = {"Sam"};
	ts_message m = row("", "", "Sam", TS_ROLE_AGENT,
		"[10:02] Ann: hi\n[10:03] Sam: hello\n[10:04] Customer Support: hi too\n"
		"[10:05] Bot: beep");

	REQUIRE(ts_cell_splitter_new(&sp, NULL, NULL, NULL) == TS_OK);
	check_split(sp, &m,
		"0 unknown seq=[] author=[Ann] time=[] text=[hi]\n"
		"1 agent seq=[] author=[Sam] time=[] text=[hello]\n"
		"2 agent seq=[] author=[Customer Support] time=[] text=[hi too]\n"
		"3 bot seq=[] author=[Bot] time=[] text=[beep]\n");
	ts_cell_splitter_free(sp);

	memset(&o, 0, sizeof o);
	o.agents = agents;
	o.nagents = 1;
	o.others_are_customers = 1;
	m.f[TS_F_AUTHOR] = (ts_str){ "Ann", 3 };
	m.role = TS_ROLE_NOTE;
	REQUIRE(ts_cell_splitter_new(&sp, &o, NULL, NULL) == TS_OK);
	check_split(sp, &m,
		"0 note seq=[] author=[Ann] time=[] text=[hi]\n"
		"1 agent seq=[] author=[Sam] time=[] text=[hello]\n"
		"2 agent seq=[] author=[Customer Support] time=[] text=[hi too]\n"
		"3 bot seq=[] author=[Bot] time=[] text=[beep]\n");
	ts_cell_splitter_free(sp);
}

/* Times: the row's date, on the day that puts the first turn within 12
 * hours of the row's time; the clock going back more than 12 hours is
 * the next day; a date in the turn wins; a row with only a date gives
 * that date; no date anywhere: the row's time as written. */
static void test_times(void)
{
	ts_cell_splitter *sp = NULL, *fmt = NULL;
	ts_timefmt *tf = NULL;
	const char *chat = "[23:55] Eve: charged twice\n[23:58] Agent Max: let me check\n"
	                   "[00:05] Eve: thanks\n[2026-04-01 09:00] Eve: again";
	const char *late = "[15:00] Fay: hello\n[15:02] Agent Max: hi Fay";
	ts_message m = row("", "2026-03-05T00:10:00Z", "Eve", TS_ROLE_CUSTOMER, chat);

	REQUIRE(ts_cell_splitter_new(&sp, NULL, NULL, NULL) == TS_OK);
	check_split(sp, &m,
		"0 customer seq=[] author=[Eve] time=[2026-03-04T23:55:00Z] text=[charged twice]\n"
		"1 agent seq=[] author=[Agent Max] time=[2026-03-04T23:58:00Z] text=[let me check]\n"
		"2 customer seq=[] author=[Eve] time=[2026-03-05T00:05:00Z] text=[thanks]\n"
		"3 customer seq=[] author=[Eve] time=[2026-04-01T09:00:00Z] text=[again]\n");
	/* Unix seconds are a time of day too: 1772668800 is 2026-03-05 00:00 */
	m.f[TS_F_TIME] = (ts_str){ "1772669400", 10 };
	check_split(sp, &m,
		"0 customer seq=[] author=[Eve] time=[2026-03-04T23:55:00Z] text=[charged twice]\n"
		"1 agent seq=[] author=[Agent Max] time=[2026-03-04T23:58:00Z] text=[let me check]\n"
		"2 customer seq=[] author=[Eve] time=[2026-03-05T00:05:00Z] text=[thanks]\n"
		"3 customer seq=[] author=[Eve] time=[2026-04-01T09:00:00Z] text=[again]\n");
	m = row("", "2026-03-05", "Fay", TS_ROLE_CUSTOMER, late);
	check_split(sp, &m,
		"0 customer seq=[] author=[Fay] time=[2026-03-05T15:00:00Z] text=[hello]\n"
		"1 agent seq=[] author=[Agent Max] time=[2026-03-05T15:02:00Z] text=[hi Fay]\n");
	m.f[TS_F_TIME] = (ts_str){ "last week", 9 };
	check_split(sp, &m,
		"0 customer seq=[] author=[Fay] time=[last week] text=[hello]\n"
		"1 agent seq=[] author=[Agent Max] time=[last week] text=[hi Fay]\n");
	/* an untimed turn takes the row's time */
	m = row("", "2026-03-05 08:00", "Fay", TS_ROLE_CUSTOMER, "Customer: hello\nAgent: hi");
	check_split(sp, &m,
		"0 customer seq=[] author=[Customer] time=[2026-03-05 08:00] text=[hello]\n"
		"1 agent seq=[] author=[Agent] time=[2026-03-05 08:00] text=[hi]\n");

	/* the row's time is read with --time-format */
	REQUIRE(ts_timefmt_compile(&tf, "%d/%m/%Y %H:%M", NULL) == TS_OK);
	REQUIRE(ts_cell_splitter_new(&fmt, NULL, tf, NULL) == TS_OK);
	m = row("", "05/03/2026 16:00", "Fay", TS_ROLE_CUSTOMER, late);
	check_split(fmt, &m,
		"0 customer seq=[] author=[Fay] time=[2026-03-05T15:00:00Z] text=[hello]\n"
		"1 agent seq=[] author=[Agent Max] time=[2026-03-05T15:02:00Z] text=[hi Fay]\n");
	ts_cell_splitter_free(fmt);
	ts_timefmt_free(tf);
	ts_cell_splitter_free(sp);
}

/* What is not split: a cell that is no transcript is handed on as it is,
 * and so is a transcript whose turns are all empty. */
static void test_not_split(void)
{
	ts_cell_splitter *sp = NULL;
	ts_message m = row("3", "2026-03-05T08:00:00Z", "Cy", TS_ROLE_CUSTOMER,
	                   "Order number: 7781\nItem: blue kettle\nPlease send it again.");
	int rc = 1, same = 0;

	REQUIRE(ts_cell_splitter_new(&sp, NULL, NULL, NULL) == TS_OK);
	CHECK_EQ_STR(split(sp, &m, &rc, 0, 0, &same),
		"0 customer seq=[3] author=[Cy] time=[2026-03-05T08:00:00Z] text=[Order number: 7781\\nItem: blue kettle\\nPlease send it again.]\n");
	CHECK_EQ_INT(rc, TS_OK);
	CHECK_EQ_INT(same, 1);
	m = row("3", "", "Cy", TS_ROLE_CUSTOMER, "[10:02] Cy:\n[10:03] Agent:  ");
	same = 0;
	CHECK_EQ_STR(split(sp, &m, &rc, 0, 0, &same),
		"0 customer seq=[3] author=[Cy] time=[] text=[[10:02] Cy:\\n[10:03] Agent:  ]\n");
	CHECK_EQ_INT(same, 1);
	ts_cell_splitter_free(sp);
}

/* A callback's non-zero return stops the cell there: TS_ESTOP for a plain
 * stop, its own code for a TS_E* error. */
static void test_stop(void)
{
	ts_cell_splitter *sp = NULL;
	ts_message m = row("", "", "Ann", TS_ROLE_CUSTOMER,
	                   "[10:02] Ann: one\n[10:03] Agent: two\n[10:04] Ann: three");
	int rc = 0;

	REQUIRE(ts_cell_splitter_new(&sp, NULL, NULL, NULL) == TS_OK);
	CHECK_EQ_STR(split(sp, &m, &rc, 2, 1, NULL),
		"0 customer seq=[] author=[Ann] time=[] text=[one]\n"
		"1 agent seq=[] author=[Agent] time=[] text=[two]\n");
	CHECK_EQ_INT(rc, TS_ESTOP);
	CHECK_EQ_STR(split(sp, &m, &rc, 1, TS_ENOMEM, NULL),
		"0 customer seq=[] author=[Ann] time=[] text=[one]\n");
	CHECK_EQ_INT(rc, TS_ENOMEM);
	/* the splitter is ready for the next cell */
	check_split(sp, &m,
		"0 customer seq=[] author=[Ann] time=[] text=[one]\n"
		"1 agent seq=[] author=[Agent] time=[] text=[two]\n"
		"2 customer seq=[] author=[Ann] time=[] text=[three]\n");
	ts_cell_splitter_free(sp);
}

static void test_api(void)
{
	ts_cell_splitter *sp = (ts_cell_splitter *)1;
	ts_chat_options o;
	ts_error err;

	memset(&o, 0, sizeof o);
	o.line_format = "^(?<who>\\w+): (?<text>.*)$";
	CHECK_EQ_INT(ts_cell_splitter_new(&sp, &o, NULL, &err), TS_EUSAGE);
	CHECK(sp == NULL);
	CHECK(strstr(err.msg, "--line-format") != NULL);
	/* a user layout: its turns count when they carry a time */
	o.line_format = "^(?<time>\\d+:\\d+) (?<speaker>\\w+) > (?<text>.*)$";
	REQUIRE(ts_cell_splitter_new(&sp, &o, NULL, &err) == TS_OK);
	CHECK_EQ_INT(is_transcript(sp, "10:02 Ann > hi\n10:03 Sam > hello"), 1);
	CHECK_EQ_INT(is_transcript(sp, "[10:02] Ann: hi\n[10:03] Sam: hello"), 0);
	ts_cell_splitter_free(sp);
	ts_cell_splitter_free(NULL);
}

int main(void)
{
	TS_RUN(test_what_is_a_transcript);
	TS_RUN(test_zendesk_chat);
	TS_RUN(test_roles);
	TS_RUN(test_times);
	TS_RUN(test_not_split);
	TS_RUN(test_stop);
	TS_RUN(test_api);
	TS_TEST_MAIN_END();
}
