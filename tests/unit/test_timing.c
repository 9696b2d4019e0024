/*
 * test_timing.c - first response, response gaps, duration and nudges of
 * one conversation, from hand-built message lists: who waits, who
 * answers, what an untimed message does, and what bots, notes and system
 * lines do not do.
 */
#include <string.h>

#include "test.h"
#include "timing.h"

#define C TS_ROLE_CUSTOMER
#define A TS_ROLE_AGENT
#define S TS_ROLE_SYSTEM
#define B TS_ROLE_BOT
#define NOTIME (-1)

typedef struct step {
	ts_role role;
	long long t;        /* NOTIME: the message has no time */
	unsigned agent;
} step;

static ts_timing run(const step *st, size_t n, ts_timing_gap *gaps)
{
	ts_timing_msg m[32];
	ts_timing out;

	for (size_t i = 0; i < n; i++) {
		m[i].role = st[i].role;
		m[i].has_time = st[i].t != NOTIME;
		m[i].t = st[i].t == NOTIME ? 0 : st[i].t;
		m[i].agent = st[i].agent;
	}
	ts_timing_compute(m, n, 300, &out, gaps);
	return out;
}

static void simple_exchange(void)
{
	step st[] = { {C, 1000, 0}, {A, 1060, 1}, {C, 1100, 0}, {A, 1400, 2} };
	ts_timing_gap g[4];
	ts_timing t = run(st, 4, g);

	CHECK(t.has_time);
	CHECK_EQ_INT(t.start, 1000);
	CHECK_EQ_INT(t.end, 1400);
	CHECK(t.has_first);
	CHECK_EQ_INT(t.first_response, 60);
	REQUIRE(t.ngaps == 2);
	CHECK_EQ_INT(g[0].secs, 60);
	CHECK_EQ_INT(g[0].agent, 1);
	CHECK(g[0].first);
	CHECK_EQ_INT(g[1].secs, 300);
	CHECK_EQ_INT(g[1].agent, 2);
	CHECK(!g[1].first);
	CHECK_EQ_INT(t.nudges, 0);
}

static void wait_counts_from_first_unanswered(void)
{
	/* three customer messages, then the reply: the gap runs from the
	 * first; the third came 400 s after the second: one nudge */
	step st[] = { {C, 0, 0}, {C, 200, 0}, {C, 600, 0}, {A, 700, 0} };
	ts_timing_gap g[4];
	ts_timing t = run(st, 4, g);

	REQUIRE(t.ngaps == 1);
	CHECK_EQ_INT(g[0].secs, 700);
	CHECK_EQ_INT(t.nudges, 1);
}

static void nudge_threshold(void)
{
	/* exactly the threshold is not over it */
	step st[] = { {C, 0, 0}, {C, 300, 0}, {C, 601, 0} };
	ts_timing_gap g[3];
	ts_timing t = run(st, 3, g);

	CHECK_EQ_INT(t.nudges, 1);
	CHECK_EQ_INT(t.ngaps, 0);
	CHECK(!t.has_first);
}

static void agent_opens(void)
{
	/* an outbound conversation: the agent's opener answers nobody */
	step st[] = { {A, 0, 0}, {C, 50, 0}, {A, 80, 0} };
	ts_timing_gap g[3];
	ts_timing t = run(st, 3, g);

	REQUIRE(t.ngaps == 1);
	CHECK_EQ_INT(t.first_response, 30);
	CHECK_EQ_INT(t.end - t.start, 80);
}

static void consecutive_agent_messages(void)
{
	/* only the first agent message after the customer is a reply */
	step st[] = { {C, 0, 0}, {A, 10, 0}, {A, 500, 1}, {A, 900, 0} };
	ts_timing_gap g[4];
	ts_timing t = run(st, 4, g);

	CHECK_EQ_INT(t.ngaps, 1);
	CHECK_EQ_INT(g[0].secs, 10);
}

static void bots_and_system_lines(void)
{
	/* a bot's answer and a system line neither answer nor wait */
	step st[] = { {C, 0, 0}, {B, 5, 0}, {S, 30, 0}, {A, 120, 3} };
	ts_timing_gap g[4];
	ts_timing t = run(st, 4, g);

	REQUIRE(t.ngaps == 1);
	CHECK_EQ_INT(g[0].secs, 120);
	CHECK_EQ_INT(g[0].agent, 3);
	CHECK_EQ_INT(t.nudges, 0);
}

static void untimed_messages(void)
{
	/* an untimed reply ends the wait without a gap; the first response
	 * is then unknown, not the next reply's */
	step st[] = { {C, 0, 0}, {A, NOTIME, 0}, {C, 100, 0}, {A, 160, 0} };
	ts_timing_gap g[4];
	ts_timing t = run(st, 4, g);

	CHECK(!t.has_first);
	REQUIRE(t.ngaps == 1);
	CHECK_EQ_INT(g[0].secs, 60);
	CHECK(!g[0].first);
	/* an untimed customer message waits from the next timed one */
	step st2[] = { {C, NOTIME, 0}, {C, 100, 0}, {A, 130, 0} };
	t = run(st2, 3, g);
	REQUIRE(t.ngaps == 1);
	CHECK_EQ_INT(g[0].secs, 30);
	CHECK(t.has_first);
}

static void reply_before_question(void)
{
	/* clocks disagree: a reply stamped before the question is no gap */
	step st[] = { {C, 100, 0}, {A, 90, 0} };
	ts_timing_gap g[2];
	ts_timing t = run(st, 2, g);

	CHECK_EQ_INT(t.ngaps, 0);
	CHECK_EQ_INT(t.start, 90);
	CHECK_EQ_INT(t.end, 100);
}

static void no_times(void)
{
	step st[] = { {C, NOTIME, 0}, {A, NOTIME, 0} };
	ts_timing_gap g[2];
	ts_timing t = run(st, 2, g);

	CHECK(!t.has_time);
	CHECK_EQ_INT(t.ngaps, 0);
	t = run(st, 0, g);
	CHECK(!t.has_time);
}

int main(void)
{
	TS_RUN(simple_exchange);
	TS_RUN(wait_counts_from_first_unanswered);
	TS_RUN(nudge_threshold);
	TS_RUN(agent_opens);
	TS_RUN(consecutive_agent_messages);
	TS_RUN(bots_and_system_lines);
	TS_RUN(untimed_messages);
	TS_RUN(reply_before_question);
	TS_RUN(no_times);
	TS_TEST_MAIN_END();
}
