/* test_assemble.c - grouping messages into conversations: grouped and
 * interleaved input give the same conversations, the caps close the least
 * recently used, and a conversation that comes back is reported. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assemble.h"
#include "buf.h"
#include "test.h"

typedef struct sink {
	ts_buf log;     /* "id:text,text;" per closed conversation */
	int warnings;
	char last_warning[1100];
} sink;

static int on_close(void *ud, ts_conv *c)
{
	sink *s = ud;
	ts_str id = ts_conv_id(c);
	ts_buf_add(&s->log, id.p, id.n);
	if (c->by_time)
		ts_buf_adds(&s->log, "(by time)");
	ts_buf_addc(&s->log, ':');
	for (size_t i = 0; i < c->n; i++) {
		ts_str t = ts_conv_field(c, i, TS_F_TEXT);
		if (i)
			ts_buf_addc(&s->log, ',');
		ts_buf_add(&s->log, t.p, t.n);
		if (c->msgs[i].depth)
			ts_buf_addf(&s->log, "@%u", c->msgs[i].depth);
	}
	ts_buf_addc(&s->log, ';');
	ts_conv_free(c); /* the callee's */
	return 0;
}

static int on_diag(void *ud, const ts_error *e)
{
	sink *s = ud;
	s->warnings++;
	snprintf(s->last_warning, sizeof s->last_warning, "%s:%lu: %s", e->file, e->line, e->msg);
	return 0;
}

/* A message of a reply thread (depth > 0: a reply), or not (depth < 0). */
static void feed_reply(ts_assembler *a, const char *id, const char *text, unsigned long line,
                       int depth)
{
	ts_message m;
	memset(&m, 0, sizeof m);
	m.f[TS_F_CONVERSATION].p = id;
	m.f[TS_F_CONVERSATION].n = strlen(id);
	m.f[TS_F_TEXT].p = text;
	m.f[TS_F_TEXT].n = strlen(text);
	m.role = TS_ROLE_AGENT;
	m.line = line;
	m.row = line - 1;
	m.file = "in.csv";
	if (depth < 0)
		ts_assembler_add(a, &m);
	else
		ts_assembler_add_reply(a, &m, (unsigned)depth);
}

static void feed(ts_assembler *a, const char *id, const char *text, unsigned long line)
{
	feed_reply(a, id, text, line, -1);
}

static void grouped_closes_in_input_order(void)
{
	ts_assembler *a;
	sink s = { .warnings = 0 };
	ts_buf_init(&s.log, 0);
	REQUIRE(ts_assembler_new(&a, 2, 0, NULL, on_close, on_diag, &s) == TS_OK);
	ts_assembler_begin_file(a, "in.csv");
	feed(a, "a", "1", 2);
	feed(a, "a", "2", 3);
	feed(a, "b", "3", 4);
	feed(a, "c", "4", 5); /* cap 2: closes a */
	CHECK_EQ_STR(s.log.p, "a:1,2;");
	feed(a, "d", "5", 6); /* closes b */
	REQUIRE(ts_assembler_flush(a) == TS_OK);
	CHECK_EQ_STR(s.log.p, "a:1,2;b:3;c:4;d:5;");
	CHECK_EQ_INT(s.warnings, 0);
	CHECK_EQ_INT(ts_assembler_splits(a), 0);
	ts_assembler_free(a);
	ts_buf_release(&s.log);
}

static void interleaved_within_cap_is_whole(void)
{
	ts_assembler *a;
	sink s = { .warnings = 0 };
	ts_buf_init(&s.log, 0);
	REQUIRE(ts_assembler_new(&a, 4, 0, NULL, on_close, on_diag, &s) == TS_OK);
	ts_assembler_begin_file(a, "in.csv");
	feed(a, "a", "1", 2);
	feed(a, "b", "2", 3);
	feed(a, "a", "3", 4);
	feed(a, "c", "4", 5);
	feed(a, "b", "5", 6);
	REQUIRE(ts_assembler_flush(a) == TS_OK);
	/* flush closes the least recently used first */
	CHECK_EQ_STR(s.log.p, "a:1,3;c:4;b:2,5;");
	CHECK_EQ_INT(s.warnings, 0);
	ts_assembler_free(a);
	ts_buf_release(&s.log);
}

static void comeback_after_close_is_reported(void)
{
	ts_assembler *a;
	sink s = { .warnings = 0 };
	ts_buf_init(&s.log, 0);
	REQUIRE(ts_assembler_new(&a, 1, 0, NULL, on_close, on_diag, &s) == TS_OK);
	ts_assembler_begin_file(a, "in.csv");
	feed(a, "a", "1", 2);
	feed(a, "b", "2", 3); /* closes a */
	feed(a, "a", "3", 4); /* a again: split */
	REQUIRE(ts_assembler_flush(a) == TS_OK);
	CHECK_EQ_STR(s.log.p, "a:1;b:2;a:3;");
	CHECK_EQ_INT(s.warnings, 1);
	CHECK_EQ_INT(ts_assembler_splits(a), 1);
	CHECK(strstr(s.last_warning, "in.csv:4: conversation 'a' continues after it was closed") != NULL);
	ts_assembler_free(a);
	ts_buf_release(&s.log);
}

static void held_bytes_cap_closes_oldest(void)
{
	ts_assembler *a;
	sink s = { .warnings = 0 };
	char big[2048];
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	ts_buf_init(&s.log, 0);
	REQUIRE(ts_assembler_new(&a, 100, 4096, NULL, on_close, on_diag, &s) == TS_OK);
	ts_assembler_begin_file(a, "in.csv");
	feed(a, "a", big, 2);
	feed(a, "b", big, 3);
	feed(a, "c", big, 4); /* over 4096 held bytes: the oldest go */
	CHECK(strncmp(s.log.p, "a:", 2) == 0);
	REQUIRE(ts_assembler_flush(a) == TS_OK);
	CHECK_EQ_INT(s.warnings, 0);
	ts_assembler_free(a);
	ts_buf_release(&s.log);
}

static void many_conversations_each_closed_once(void)
{
	ts_assembler *a;
	sink s = { .warnings = 0 };
	char id[32];
	size_t semis = 0;
	ts_buf_init(&s.log, 0);
	REQUIRE(ts_assembler_new(&a, 16, 0, NULL, on_close, on_diag, &s) == TS_OK);
	ts_assembler_begin_file(a, "in.csv");
	for (int i = 0; i < 20000; i++) {
		snprintf(id, sizeof id, "conv-%d", i / 3);
		feed(a, id, "t", (unsigned long)i + 2);
	}
	REQUIRE(ts_assembler_flush(a) == TS_OK);
	for (size_t i = 0; i < s.log.len; i++)
		semis += s.log.p[i] == ';';
	CHECK_EQ_INT(semis, 6667);
	CHECK_EQ_INT(s.warnings, 0);
	ts_assembler_free(a);
	ts_buf_release(&s.log);
}

/* Every warning, "file:line id|" each, for the tests of their order. */
static int log_diag(void *ud, const ts_error *e)
{
	ts_buf *b = ud;
	const char *q = strchr(e->msg, '\'');
	const char *end = q ? strchr(q + 1, '\'') : NULL;

	ts_buf_addf(b, "%s:%lu %.*s|", e->file, e->line, end ? (int)(end - q - 1) : 0,
	            q ? q + 1 : "");
	return 0;
}

static int drop_conv(void *ud, ts_conv *c)
{
	(void)ud;
	ts_conv_free(c);
	return 0;
}

/* Far more conversations than the notes of openings hold in memory (so
 * they go through the temporary file), ids coming back from far behind:
 * each is reported once, at the end, in input order, with the file it
 * came back in, and a long id is cut. */
static void comebacks_reported_in_input_order(void)
{
	static const char long_id[] = "ticket-0123456789abcdefghijklmnopqrstuvwxyz-0123456789-ABCDEFGHIJ";
	ts_assembler *a;
	ts_buf warns;
	char id[32];
	unsigned long line = 2;

	ts_buf_init(&warns, 0);
	REQUIRE(ts_assembler_new(&a, 1, 0, NULL, drop_conv, log_diag, &warns) == TS_OK);
	ts_assembler_begin_file(a, "one.csv");
	feed(a, long_id, "t", line++);
	for (int i = 0; i < 20000; i++) {
		snprintf(id, sizeof id, "conv-%d", i);
		feed(a, id, "t", line++);
	}
	feed(a, "conv-19999", "the same one, still open", 29999);
	feed(a, "conv-17", "again", 30000);
	feed(a, "conv-5", "again", 30002);
	feed(a, long_id, "again", 30003);
	ts_assembler_begin_file(a, "two.csv");
	feed(a, "conv-17", "a third time", 7);
	CHECK_EQ_INT(warns.len, 0); /* nothing before the end */
	REQUIRE(ts_assembler_flush(a) == TS_OK);
	CHECK_EQ_INT(ts_assembler_splits(a), 4);
	CHECK_EQ_STR(warns.p ? warns.p : "",
	             "one.csv:30000 conv-17|one.csv:30002 conv-5|" /* 48 bytes of it */
	             "one.csv:30003 ticket-0123456789abcdefghijklmnopqrstuvwxyz-0123...|"
	             "two.csv:7 conv-17|");
	/* the end is the end: again, nothing new; more input, refused */
	REQUIRE(ts_assembler_flush(a) == TS_OK);
	CHECK_EQ_INT(ts_assembler_splits(a), 4);
	CHECK_EQ_INT(ts_assembler_add(a, &(ts_message){ .f[TS_F_CONVERSATION] = { "z", 1 } }),
	             TS_EUSAGE);
	ts_assembler_free(a);
	ts_buf_release(&warns);
}

/* The notes spill to a directory that does not exist: a warning, once,
 * when the file is needed; every message is still taken; ids that came
 * back among the openings noted before it are still reported, later
 * ones cannot be. */
static void spill_failure_warns_and_goes_on(void)
{
	ts_assembler *a;
	ts_buf warns;
	char id[32];
	int bad = 0;

	ts_buf_init(&warns, 0);
	REQUIRE(ts_assembler_new(&a, 1, 0, "/nonexistent/ts", drop_conv, log_diag, &warns) == TS_OK);
	ts_assembler_begin_file(a, "in.csv");
	for (int i = 0; i < 20000; i++) {
		ts_message m;
		memset(&m, 0, sizeof m);
		/* c5 comes back early (noted), c6 late (not) */
		snprintf(id, sizeof id, "c%d", i == 100 ? 5 : i == 19000 ? 6 : i);
		m.f[TS_F_CONVERSATION].p = id;
		m.f[TS_F_CONVERSATION].n = strlen(id);
		m.line = (unsigned long)i + 2;
		bad += ts_assembler_add(a, &m) != TS_OK;
	}
	CHECK_EQ_INT(bad, 0);
	/* one warning so far: the file */
	CHECK(strncmp(warns.p ? warns.p : "", ":0 ", 3) == 0);
	CHECK(strstr(warns.p ? warns.p : "", "|") == strrchr(warns.p ? warns.p : "", '|'));
	REQUIRE(ts_assembler_flush(a) == TS_OK);
	CHECK_EQ_INT(ts_assembler_splits(a), 1);
	CHECK(strstr(warns.p ? warns.p : "", "|in.csv:102 c5|") != NULL);
	CHECK(strstr(warns.p ? warns.p : "", "c6") == NULL);
	ts_assembler_free(a);
	ts_buf_release(&warns);
}

/* Reply threads keep arrival order and their depths, and are marked
 * for the consumer to order by time; other conversations are not. */
static void reply_threads_marked(void)
{
	ts_assembler *a;
	sink s = { .warnings = 0 };
	ts_buf_init(&s.log, 0);
	REQUIRE(ts_assembler_new(&a, 4, 0, NULL, on_close, on_diag, &s) == TS_OK);
	ts_assembler_begin_file(a, "in.csv");
	feed_reply(a, "r", "reply", 2, 2);
	feed(a, "p", "plain", 3);
	feed_reply(a, "r", "root", 4, 0);
	feed_reply(a, "r", "answer", 5, 1);
	REQUIRE(ts_assembler_flush(a) == TS_OK);
	CHECK_EQ_STR(s.log.p, "p:plain;r(by time):reply@2,root,answer@1;");
	ts_assembler_free(a);
	ts_buf_release(&s.log);
}

int main(void)
{
	TS_RUN(grouped_closes_in_input_order);
	TS_RUN(interleaved_within_cap_is_whole);
	TS_RUN(comeback_after_close_is_reported);
	TS_RUN(held_bytes_cap_closes_oldest);
	TS_RUN(many_conversations_each_closed_once);
	TS_RUN(reply_threads_marked);
	TS_RUN(comebacks_reported_in_input_order);
	TS_RUN(spill_failure_warns_and_goes_on);
	TS_TEST_MAIN_END();
}
