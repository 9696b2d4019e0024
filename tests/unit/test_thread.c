/*
 * test_thread.c - reply-linked threads: roots of reply chains whatever
 * the order the links come in (replies before parents, chains of three
 * and more, a parent the file lacks, cycles, duplicates, self-replies),
 * the depth of every message in its thread, the agent
 * signature at the end of a message, and ids written as floats.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "thread.h"

static ts_str S(const char *p)
{
	ts_str s = { p, strlen(p) };
	return s;
}

/* The root of id as a C string (static buffer). */
static const char *root_of(const ts_replymap *m, const char *id)
{
	static char buf[TS_MAX_MESSAGE_ID + 1];
	ts_str r = ts_replymap_root(m, S(id));
	memcpy(buf, r.p, r.n);
	buf[r.n] = '\0';
	return buf;
}

/* links[i] = { id, parent } added in the order given, then resolved. */
static ts_replymap *build(const char *links[][2], size_t n)
{
	ts_replymap *m = NULL;
	CHECK_EQ_INT(ts_replymap_new(&m), TS_OK);
	for (size_t i = 0; i < n; i++)
		CHECK_EQ_INT(ts_replymap_add(m, S(links[i][0]), S(links[i][1])), TS_OK);
	CHECK_EQ_INT(ts_replymap_resolve(m), TS_OK);
	return m;
}

static void chain_in_any_order(void)
{
	/* 10 <- 11 <- 12 <- 13, and 20 <- 21: every order gives the same roots */
	static const char *links[][2] = {
		{ "10", "" }, { "11", "10" }, { "12", "11" }, { "13", "12" },
		{ "20", "" }, { "21", "20" },
	};
	static const int orders[][6] = {
		{ 0, 1, 2, 3, 4, 5 }, { 5, 3, 2, 1, 0, 4 }, { 3, 5, 1, 4, 2, 0 },
	};
	for (size_t o = 0; o < 3; o++) {
		const char *shuffled[6][2];
		ts_replymap *m;
		for (size_t i = 0; i < 6; i++) {
			shuffled[i][0] = links[orders[o][i]][0];
			shuffled[i][1] = links[orders[o][i]][1];
		}
		m = build(shuffled, 6);
		CHECK_EQ_STR(root_of(m, "13"), "10");
		CHECK_EQ_STR(root_of(m, "12"), "10");
		CHECK_EQ_STR(root_of(m, "10"), "10");
		CHECK_EQ_STR(root_of(m, "21"), "20");
		CHECK_EQ_INT((long)ts_replymap_count(m), 6);
		ts_replymap_free(m);
	}
}

static void missing_parent_names_the_thread(void)
{
	/* 5 is not in the file: 6 and 7 answer it, 8 answers 7 */
	static const char *links[][2] = {
		{ "8", "7" }, { "6", "5" }, { "7", "5" }, { "9", "" },
	};
	ts_replymap *m = build(links, 4);
	CHECK_EQ_STR(root_of(m, "6"), "5");
	CHECK_EQ_STR(root_of(m, "7"), "5");
	CHECK_EQ_STR(root_of(m, "8"), "5");
	CHECK_EQ_STR(root_of(m, "9"), "9");
	/* an id never noted is its own root */
	CHECK_EQ_STR(root_of(m, "404"), "404");
	ts_replymap_free(m);
}

static void cycles_end_at_their_smallest_id(void)
{
	/* b -> c -> a -> b, d answers c; x answers itself */
	static const char *links[][2] = {
		{ "b", "c" }, { "d", "c" }, { "c", "a" }, { "a", "b" }, { "x", "x" },
	};
	static const char *again[][2] = {
		{ "a", "b" }, { "x", "x" }, { "c", "a" }, { "d", "c" }, { "b", "c" },
	};
	for (int k = 0; k < 2; k++) {
		ts_replymap *m = build(k ? again : links, 5);
		CHECK_EQ_STR(root_of(m, "a"), "a");
		CHECK_EQ_STR(root_of(m, "b"), "a");
		CHECK_EQ_STR(root_of(m, "c"), "a");
		CHECK_EQ_STR(root_of(m, "d"), "a");
		CHECK_EQ_STR(root_of(m, "x"), "x");
		ts_replymap_free(m);
	}
}

static void first_note_wins(void)
{
	static const char *links[][2] = {
		{ "2", "1" }, { "2", "7" }, { "1", "" }, { "7", "" },
	};
	ts_replymap *m = build(links, 4);
	CHECK_EQ_STR(root_of(m, "2"), "1");
	CHECK_EQ_STR(root_of(m, "7"), "7");
	ts_replymap_free(m);
}

static void bad_ids_refused(void)
{
	char longid[TS_MAX_MESSAGE_ID + 2];
	ts_replymap *m = NULL;

	memset(longid, '7', sizeof longid - 1);
	longid[sizeof longid - 1] = '\0';
	CHECK_EQ_INT(ts_replymap_new(&m), TS_OK);
	CHECK_EQ_INT(ts_replymap_add(m, S(""), S("1")), TS_EUSAGE);
	CHECK_EQ_INT(ts_replymap_add(m, S(longid), S("1")), TS_EUSAGE);
	CHECK_EQ_INT(ts_replymap_add(m, S("1"), S(longid)), TS_EUSAGE);
	longid[TS_MAX_MESSAGE_ID] = '\0';
	CHECK_EQ_INT(ts_replymap_add(m, S(longid), S("1")), TS_OK);
	ts_replymap_free(m);
}

static void many_ids(void)
{
	/* enough to grow the table several times: chains of 5 */
	ts_replymap *m = NULL;
	char id[32], parent[32];

	CHECK_EQ_INT(ts_replymap_new(&m), TS_OK);
	for (int i = 9999; i >= 0; i--) {
		snprintf(id, sizeof id, "m%d", i);
		if (i % 5)
			snprintf(parent, sizeof parent, "m%d", i - 1);
		else
			parent[0] = '\0';
		CHECK_EQ_INT(ts_replymap_add(m, S(id), S(parent)), TS_OK);
	}
	CHECK_EQ_INT(ts_replymap_resolve(m), TS_OK);
	CHECK_EQ_STR(root_of(m, "m9999"), "m9995");
	CHECK_EQ_STR(root_of(m, "m4"), "m0");
	CHECK_EQ_STR(root_of(m, "m5"), "m5");
	CHECK(ts_replymap_bytes(m) > 10000 * 24);
	ts_replymap_free(m);
}

/* The depth of id as a number. */
static unsigned depth_of(const ts_replymap *m, const char *id)
{
	return ts_replymap_depth(m, S(id));
}

static void depths(void)
{
	/* 1 <- 2 <- 3 <- 4 and 2 <- 5, replies noted first; 9 answers 8,
	 * which the file lacks; q -> r -> s -> q is a cycle, t answers s */
	static const char *links[][2] = {
		{ "4", "3" }, { "5", "2" }, { "3", "2" }, { "2", "1" }, { "1", "" },
		{ "9", "8" }, { "r", "s" }, { "t", "s" }, { "s", "q" }, { "q", "r" },
	};
	ts_replymap *m = build(links, 10);
	CHECK_EQ_INT(depth_of(m, "1"), 0);
	CHECK_EQ_INT(depth_of(m, "2"), 1);
	CHECK_EQ_INT(depth_of(m, "3"), 2);
	CHECK_EQ_INT(depth_of(m, "4"), 3);
	CHECK_EQ_INT(depth_of(m, "5"), 2);
	CHECK_EQ_INT(depth_of(m, "8"), 0);
	CHECK_EQ_INT(depth_of(m, "9"), 1);
	/* the cycle's root is q; r answers s answers q */
	CHECK_EQ_STR(root_of(m, "r"), "q");
	CHECK_EQ_INT(depth_of(m, "q"), 0);
	CHECK_EQ_INT(depth_of(m, "s"), 1);
	CHECK_EQ_INT(depth_of(m, "r"), 2);
	CHECK_EQ_INT(depth_of(m, "t"), 2);
	CHECK_EQ_INT(depth_of(m, "404"), 0);
	ts_replymap_free(m);
}

static const char *sig(const char *text)
{
	static char buf[16];
	ts_str s = ts_agent_signature(text, strlen(text));
	memcpy(buf, s.p, s.n < 15 ? s.n : 15);
	buf[s.n < 15 ? s.n : 15] = '\0';
	return buf;
}

static void agent_signatures(void)
{
	CHECK_EQ_STR(sig("Sorry about the wait, please DM us your order number. ^RR"), "RR");
	CHECK_EQ_STR(sig("We can help with that -Jay"), "Jay");
	CHECK_EQ_STR(sig("Let's take a look *TB  \n"), "TB");
	CHECK_EQ_STR(sig("Send us a DM /ALEXA"), "ALEXA");
	CHECK_EQ_STR(sig("Try this link ^KM https://t.co/abc https://t.co/def"), "KM");
	/* not signatures */
	CHECK_EQ_STR(sig("Thanks for waiting ^R"), "");
	CHECK_EQ_STR(sig("Thanks for waiting ^ABCDEF"), "");
	CHECK_EQ_STR(sig("See you at 3 -ish."), "");
	CHECK_EQ_STR(sig("Happy to help ^J2"), "");
	CHECK_EQ_STR(sig("Use the -rf flag"), "");
	CHECK_EQ_STR(sig("please read -- the guide"), "");
	CHECK_EQ_STR(sig("only a link https://t.co/x"), "");
	CHECK_EQ_STR(sig(""), "");
	CHECK_EQ_STR(sig("^RR"), "RR");
}

static const char *norm(const char *id)
{
	static char buf[64];
	ts_str s = ts_message_id_norm(S(id));
	memcpy(buf, s.p, s.n);
	buf[s.n] = '\0';
	return buf;
}

static void ids_written_as_floats(void)
{
	CHECK_EQ_STR(norm("119240.0"), "119240");
	CHECK_EQ_STR(norm(" 3.00 "), "3");
	CHECK_EQ_STR(norm("3"), "3");
	CHECK_EQ_STR(norm("3."), "3.");
	CHECK_EQ_STR(norm("3.5"), "3.5");
	CHECK_EQ_STR(norm("a3.0"), "a3.0");
	CHECK_EQ_STR(norm(".0"), ".0");
	CHECK_EQ_STR(norm("1.0e5"), "1.0e5");
}

int main(void)
{
	TS_RUN(chain_in_any_order);
	TS_RUN(missing_parent_names_the_thread);
	TS_RUN(cycles_end_at_their_smallest_id);
	TS_RUN(first_note_wins);
	TS_RUN(bad_ids_refused);
	TS_RUN(many_ids);
	TS_RUN(depths);
	TS_RUN(agent_signatures);
	TS_RUN(ids_written_as_floats);
	TS_TEST_MAIN_END();
}
