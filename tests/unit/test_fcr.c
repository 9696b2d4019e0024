/*
 * test_fcr.c - first-contact resolution: the verdict rules (every reason
 * alone and in combination), the customer key, status, system-line and
 * hand-off signals, and the linker: repeat contacts within the window in
 * any input order, ties, pending against the end of the data, --fcr-final,
 * and the same answers when the links spill to a temporary file; a
 * scanner whose temporary file failed stays failed.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "fcr.h"
#include "lexset_fixture.h"
#include "spill.h"
#include "test.h"

#define DAY 86400

static void decide_yes(void)
{
	ts_fcr_result r = ts_fcr_decide(TS_FCR_RESOLVED, 0, 0);
	CHECK_EQ_INT(r.lenient, TS_FCR_YES);
	CHECK_EQ_INT(r.strict, TS_FCR_YES);
	CHECK_EQ_INT(r.reasons, 0);
}

static void decide_repeat(void)
{
	ts_fcr_result r = ts_fcr_decide(TS_FCR_RESOLVED, 1, 0);
	CHECK_EQ_INT(r.lenient, TS_FCR_NO);
	CHECK_EQ_INT(r.strict, TS_FCR_NO);
	CHECK_EQ_INT(r.reasons, 1u << TS_FCR_R_REPEAT);
	/* a repeat seen decides even while the window is open */
	r = ts_fcr_decide(TS_FCR_RESOLVED, 1, 1);
	CHECK_EQ_INT(r.lenient, TS_FCR_NO);
	CHECK(!(r.reasons & (1u << TS_FCR_R_WINDOW_OPEN)));
}

static void decide_reopened(void)
{
	ts_fcr_result r = ts_fcr_decide(TS_FCR_RESOLVED | TS_FCR_REOPENED, 0, 0);
	CHECK_EQ_INT(r.lenient, TS_FCR_NO);
	CHECK_EQ_INT(r.strict, TS_FCR_NO);
	CHECK_EQ_INT(r.reasons, 1u << TS_FCR_R_REOPENED);
	/* reopened is a "no" even when the customer is unknown */
	r = ts_fcr_decide(TS_FCR_REOPENED | TS_FCR_NO_CUSTOMER, 0, 0);
	CHECK_EQ_INT(r.lenient, TS_FCR_NO);
}

static void decide_strict_only(void)
{
	/* transfer and escalation fail the strict rate only */
	ts_fcr_result r = ts_fcr_decide(TS_FCR_RESOLVED | TS_FCR_TRANSFERRED, 0, 0);
	CHECK_EQ_INT(r.lenient, TS_FCR_YES);
	CHECK_EQ_INT(r.strict, TS_FCR_NO);
	CHECK_EQ_INT(r.reasons, 1u << TS_FCR_R_TRANSFERRED);
	r = ts_fcr_decide(TS_FCR_RESOLVED | TS_FCR_ESCALATED, 0, 0);
	CHECK_EQ_INT(r.strict, TS_FCR_NO);
	CHECK_EQ_INT(r.reasons, 1u << TS_FCR_R_ESCALATED);
	/* no resolution signal */
	r = ts_fcr_decide(0, 0, 0);
	CHECK_EQ_INT(r.lenient, TS_FCR_YES);
	CHECK_EQ_INT(r.strict, TS_FCR_NO);
	CHECK_EQ_INT(r.reasons, 1u << TS_FCR_R_NO_RESOLUTION);
}

static void decide_followup(void)
{
	ts_fcr_result r = ts_fcr_decide(TS_FCR_FOLLOWUP, 0, 0);
	CHECK_EQ_INT(r.strict, TS_FCR_NO);
	CHECK_EQ_INT(r.reasons, (1u << TS_FCR_R_FOLLOWUP) | (1u << TS_FCR_R_NO_RESOLUTION));
	/* an open promise after an earlier confirmation still fails strict
	 * (the caller clears the flag when a confirmation follows it) */
	r = ts_fcr_decide(TS_FCR_FOLLOWUP | TS_FCR_RESOLVED, 0, 0);
	CHECK_EQ_INT(r.lenient, TS_FCR_YES);
	CHECK_EQ_INT(r.strict, TS_FCR_NO);
	CHECK_EQ_INT(r.reasons, 1u << TS_FCR_R_FOLLOWUP);
}

static void decide_pending_unknown(void)
{
	ts_fcr_result r = ts_fcr_decide(TS_FCR_RESOLVED, 0, 1);
	CHECK_EQ_INT(r.lenient, TS_FCR_PENDING);
	CHECK_EQ_INT(r.strict, TS_FCR_PENDING);
	CHECK_EQ_INT(r.reasons, 1u << TS_FCR_R_WINDOW_OPEN);
	/* strict is decided by what the conversation shows, pending or not */
	r = ts_fcr_decide(TS_FCR_RESOLVED | TS_FCR_ESCALATED, 0, 1);
	CHECK_EQ_INT(r.lenient, TS_FCR_PENDING);
	CHECK_EQ_INT(r.strict, TS_FCR_NO);
	r = ts_fcr_decide(TS_FCR_RESOLVED | TS_FCR_NO_CUSTOMER, 0, 0);
	CHECK_EQ_INT(r.lenient, TS_FCR_UNKNOWN);
	CHECK_EQ_INT(r.strict, TS_FCR_UNKNOWN);
	CHECK_EQ_INT(r.reasons, 1u << TS_FCR_R_NO_CUSTOMER);
	r = ts_fcr_decide(TS_FCR_RESOLVED | TS_FCR_NO_TIME, 1, 0);
	CHECK_EQ_INT(r.lenient, TS_FCR_UNKNOWN); /* no time: no repeat check */
	CHECK_EQ_INT(r.reasons, 1u << TS_FCR_R_NO_TIME);
	r = ts_fcr_decide(TS_FCR_TRANSFERRED | TS_FCR_NO_TIME, 0, 0);
	CHECK_EQ_INT(r.lenient, TS_FCR_UNKNOWN);
	CHECK_EQ_INT(r.strict, TS_FCR_NO);
}

static void names(void)
{
	CHECK_EQ_STR(ts_fcr_verdict_name(TS_FCR_PENDING), "pending");
	CHECK_EQ_STR(ts_fcr_reason_name(TS_FCR_R_REPEAT), "repeat_contact");
	CHECK_EQ_STR(ts_fcr_reason_name(TS_FCR_R_FOLLOWUP), "followup_promised");
	CHECK_EQ_STR(ts_fcr_reason_name(TS_FCR_R_NO_RESOLUTION), "no_resolution_signal");
	CHECK_EQ_STR(ts_fcr_reason_name(TS_FCR_R_COUNT), "?");
}

static const char *key(const char *s)
{
	static char out[64];
	size_t n = ts_fcr_customer_key(s, strlen(s), out, sizeof out - 1);
	out[n] = '\0';
	return out;
}

static void customer_key(void)
{
	CHECK_EQ_STR(key("  Ann@Example.COM "), "ann@example.com");
	CHECK_EQ_STR(key("mailto:ann@example.com"), "ann@example.com");
	CHECK_EQ_STR(key("MAILTO: ann@example.com"), "ann@example.com");
	CHECK_EQ_STR(key("Ann Lee <ANN@example.com>"), "ann@example.com");
	CHECK_EQ_STR(key("@SomeHandle"), "@somehandle");
	CHECK_EQ_STR(key("C01234"), "c01234");
	CHECK_EQ_STR(key("   "), "");
	CHECK_EQ_STR(key(""), "");
	/* angle brackets without an address are part of the name */
	CHECK_EQ_STR(key("<vip>"), "<vip>");
	/* the key is cut at the buffer's size, never beyond */
	{
		char out[4];
		CHECK_EQ_INT(ts_fcr_customer_key("abcdefgh", 8, out, sizeof out), 4);
	}
}

static void status_flags(void)
{
	CHECK_EQ_INT(ts_fcr_status_flags("Solved", 6), TS_FCR_RESOLVED);
	CHECK_EQ_INT(ts_fcr_status_flags(" closed ", 8), TS_FCR_RESOLVED);
	CHECK_EQ_INT(ts_fcr_status_flags("closed - resolved", 17), TS_FCR_RESOLVED);
	CHECK_EQ_INT(ts_fcr_status_flags("RESOLVED", 8), TS_FCR_RESOLVED);
	CHECK_EQ_INT(ts_fcr_status_flags("Reopened", 8), TS_FCR_REOPENED);
	CHECK_EQ_INT(ts_fcr_status_flags("re-opened", 9), TS_FCR_REOPENED);
	CHECK_EQ_INT(ts_fcr_status_flags("open", 4), 0);
	CHECK_EQ_INT(ts_fcr_status_flags("pending", 7), 0);
	CHECK_EQ_INT(ts_fcr_status_flags("on hold", 7), 0);
	CHECK_EQ_INT(ts_fcr_status_flags("closedx", 7), 0);
	CHECK_EQ_INT(ts_fcr_status_flags("", 0), 0);
}

static unsigned sys(const char *s)
{
	return ts_fcr_system_flags(s, strlen(s));
}

static void system_flags(void)
{
	CHECK_EQ_INT(sys("*** Eric joined the chat ***"), TS_FCR_JOINED);
	CHECK_EQ_INT(sys("Chat transferred to Sam"), TS_FCR_TRANSFERRED);
	CHECK_EQ_INT(sys("Conversation reassigned to Billing"), TS_FCR_TRANSFERRED);
	CHECK_EQ_INT(sys("Ticket ESCALATED to tier 2"), TS_FCR_ESCALATED);
	CHECK_EQ_INT(sys("Customer left the chat"), 0);
	CHECK_EQ_INT(sys("Chat started"), 0);
	CHECK_EQ_INT(ts_fcr_handoff_flags("I'll transfer you", 17), TS_FCR_TRANSFERRED);
	CHECK_EQ_INT(ts_fcr_handoff_flags("let me connect you with", 23), TS_FCR_TRANSFERRED);
	CHECK_EQ_INT(ts_fcr_handoff_flags("I've escalated this", 19), TS_FCR_ESCALATED);
	CHECK_EQ_INT(ts_fcr_handoff_flags("my supervisor", 13), TS_FCR_ESCALATED);
	/* the chat itself moving to someone: a transfer, however it is said */
	CHECK_EQ_INT(ts_fcr_handoff_flags("put you through", 15), TS_FCR_TRANSFERRED);
	CHECK_EQ_INT(ts_fcr_handoff_flags("Putting you through", 19), TS_FCR_TRANSFERRED);
	CHECK_EQ_INT(ts_fcr_handoff_flags("pass you over", 13), TS_FCR_TRANSFERRED);
	CHECK_EQ_INT(ts_fcr_handoff_flags("passing you to", 14), TS_FCR_TRANSFERRED);
	CHECK_EQ_INT(ts_fcr_handoff_flags("hand you over", 13), TS_FCR_TRANSFERRED);
	CHECK_EQ_INT(ts_fcr_handoff_flags("handing you over", 16), TS_FCR_TRANSFERRED);
	/* the case moving, not the customer: an escalation */
	CHECK_EQ_INT(ts_fcr_handoff_flags("pass this to", 12), TS_FCR_ESCALATED);
	CHECK_EQ_INT(ts_fcr_handoff_flags("handed this over", 16), TS_FCR_ESCALATED);
	CHECK_EQ_INT(ts_fcr_handoff_flags("forward your details to", 23), TS_FCR_ESCALATED);
}

/* ---- the linker -------------------------------------------------------- */

#define NMAX 4096
static ts_fcr_result got[NMAX];
static int seen[NMAX];

static int collect(void *ud, const ts_fcr_link *l, ts_fcr_result r)
{
	(void)ud;
	if (l->ordinal < NMAX) {
		got[l->ordinal] = r;
		seen[l->ordinal]++;
	}
	return 0;
}

static ts_fcr_link link_of(uint64_t customer, int64_t start, uint64_t ordinal)
{
	ts_fcr_link l;
	memset(&l, 0, sizeof l);
	l.customer = customer;
	l.start = start;
	l.ordinal = ordinal;
	l.owner = TS_FCR_NO_OWNER;
	l.flags = TS_FCR_RESOLVED;
	return l;
}

/* Links l[0..n) in the order given; results by ordinal in got[]. */
static int run_linker(const ts_fcr_link *l, size_t n, int64_t window, int final,
                      int64_t end, size_t mem_cap)
{
	ts_fcr_linker *k = NULL;
	ts_error err;
	int rc;

	memset(got, 0, sizeof got);
	memset(seen, 0, sizeof seen);
	if (ts_fcr_linker_new(&k, window, final, mem_cap, NULL))
		return -1;
	for (size_t i = 0; i < n; i++)
		if (ts_fcr_linker_add(k, &l[i], &err)) {
			ts_fcr_linker_free(k);
			return -1;
		}
	rc = ts_fcr_linker_finish(k, end, collect, NULL, &err);
	ts_fcr_linker_free(k);
	return rc;
}

static void linker_window(void)
{
	ts_fcr_link l[] = {
		link_of(1, 0, 0),                 /* repeat: 2 starts 7 days later */
		link_of(2, 0, 1),                 /* another customer: no repeat */
		link_of(1, 7 * DAY, 2),           /* repeat: 3 is 1 s inside */
		link_of(1, 14 * DAY, 3),          /* next is 7 days + 1 s later: no */
		link_of(1, 21 * DAY + 1, 4),      /* last of the customer */
	};
	REQUIRE(run_linker(l, 5, 7 * DAY, 1, 30 * DAY, 0) == 0);
	for (int i = 0; i < 5; i++)
		CHECK_EQ_INT(seen[i], 1);
	CHECK_EQ_INT(got[0].lenient, TS_FCR_NO);
	CHECK_EQ_INT(got[0].reasons, 1u << TS_FCR_R_REPEAT);
	CHECK_EQ_INT(got[1].lenient, TS_FCR_YES);
	CHECK_EQ_INT(got[2].lenient, TS_FCR_NO);
	CHECK_EQ_INT(got[3].lenient, TS_FCR_YES);
	CHECK_EQ_INT(got[4].lenient, TS_FCR_YES);
}

static void linker_pending(void)
{
	ts_fcr_link l[] = {
		link_of(1, 0, 0),
		link_of(2, 20 * DAY, 1),     /* window ends day 27 > end (day 25) */
		link_of(3, 18 * DAY, 2),     /* window ends day 25 == end: closed */
		link_of(4, 19 * DAY, 3),     /* open, but a repeat decides it */
		link_of(4, 24 * DAY, 4),
	};
	REQUIRE(run_linker(l, 5, 7 * DAY, 0, 25 * DAY, 0) == 0);
	CHECK_EQ_INT(got[0].lenient, TS_FCR_YES);
	CHECK_EQ_INT(got[1].lenient, TS_FCR_PENDING);
	CHECK(got[1].reasons & (1u << TS_FCR_R_WINDOW_OPEN));
	CHECK_EQ_INT(got[2].lenient, TS_FCR_YES);
	CHECK_EQ_INT(got[3].lenient, TS_FCR_NO);
	CHECK_EQ_INT(got[4].lenient, TS_FCR_PENDING);
	/* --fcr-final: nothing is pending */
	REQUIRE(run_linker(l, 5, 7 * DAY, 1, 25 * DAY, 0) == 0);
	CHECK_EQ_INT(got[1].lenient, TS_FCR_YES);
	CHECK_EQ_INT(got[4].lenient, TS_FCR_YES);
}

static void linker_ties(void)
{
	/* two conversations of a customer starting the same second: which
	 * came first cannot be told, so each is the other's repeat contact,
	 * whatever the input order (the answer must not depend on it) */
	ts_fcr_link l[] = { link_of(9, 100, 1), link_of(9, 100, 0), link_of(8, 100, 2) };
	ts_fcr_link r[] = { l[1], l[0], l[2] };
	REQUIRE(run_linker(l, 3, DAY, 1, 200, 0) == 0);
	CHECK_EQ_INT(got[0].lenient, TS_FCR_NO);
	CHECK_EQ_INT(got[1].lenient, TS_FCR_NO);
	CHECK_EQ_INT(got[2].lenient, TS_FCR_YES);
	REQUIRE(run_linker(r, 3, DAY, 1, 200, 0) == 0);
	CHECK_EQ_INT(got[0].lenient, TS_FCR_NO);
	CHECK_EQ_INT(got[1].lenient, TS_FCR_NO);
	CHECK_EQ_INT(got[2].lenient, TS_FCR_YES);
}

static void linker_extremes(void)
{
	/* the widest window and the farthest times: no signed overflow
	 * (UBSan), and the comparisons still right */
	ts_fcr_link l[] = {
		link_of(1, INT64_MIN, 0), link_of(1, INT64_MAX, 1),
		link_of(2, INT64_MIN, 2), link_of(2, -1, 3),
	};
	REQUIRE(run_linker(l, 4, INT64_MAX, 0, -DAY, 0) == 0);
	/* 2^64 - 1 apart: no repeat, and the window is still open */
	CHECK_EQ_INT(got[0].lenient, TS_FCR_PENDING);
	CHECK_EQ_INT(got[0].reasons, 1u << TS_FCR_R_WINDOW_OPEN);
	CHECK_EQ_INT(got[1].lenient, TS_FCR_PENDING); /* after the end */
	CHECK_EQ_INT(got[2].lenient, TS_FCR_NO);      /* INT64_MAX apart: inside */
	CHECK_EQ_INT(got[3].lenient, TS_FCR_PENDING);
	REQUIRE(run_linker(l, 4, 1, 0, INT64_MAX, 0) == 0);
	CHECK_EQ_INT(got[0].lenient, TS_FCR_YES);
	CHECK_EQ_INT(got[1].lenient, TS_FCR_PENDING); /* starts at the end */
	CHECK_EQ_INT(got[2].lenient, TS_FCR_YES);
	CHECK_EQ_INT(got[3].lenient, TS_FCR_YES);
	/* a negative window is a usage error, not a huge one */
	{
		ts_fcr_linker *k = NULL;
		CHECK_EQ_INT(ts_fcr_linker_new(&k, -1, 0, 0, NULL), TS_EUSAGE);
		CHECK(k == NULL);
	}
}

/* A deterministic shuffle. */
static uint64_t rnd_state = 42;
static uint64_t rnd(void)
{
	rnd_state = rnd_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return rnd_state >> 33;
}

/* The same links in time order, shuffled, in memory and spilled (a tiny
 * memory cap): the same result for every conversation, and each decided
 * once.  The expected answer is computed by brute force. */
static void linker_any_order_and_spill(void)
{
	enum { N = 3000 };
	static ts_fcr_link l[N];
	static ts_fcr_result want[N];
	const int64_t window = 3 * DAY, end = 200 * DAY;

	for (size_t i = 0; i < N; i++) {
		l[i] = link_of(rnd() % 300, (int64_t)(rnd() % (200 * DAY)), i);
		if (rnd() % 5 == 0)
			l[i].flags |= TS_FCR_ESCALATED;
	}
	for (size_t i = 0; i < N; i++) {
		int repeat = 0;
		for (size_t j = 0; j < N && !repeat; j++) {
			if (j == i || l[j].customer != l[i].customer)
				continue;
			if (l[j].start > l[i].start && l[j].start - l[i].start <= window)
				repeat = 1;
			if (l[j].start == l[i].start)
				repeat = 1;
		}
		want[i] = ts_fcr_decide(l[i].flags, repeat, l[i].start > end - window);
	}
	for (int pass = 0; pass < 3; pass++) {
		/* pass 0: as generated; 1: shuffled; 2: shuffled and spilled */
		static ts_fcr_link order[N];
		size_t bad = 0, twice = 0;
		memcpy(order, l, sizeof order);
		if (pass > 0)
			for (size_t i = N - 1; i > 0; i--) {
				size_t j = rnd() % (i + 1);
				ts_fcr_link t = order[i];
				order[i] = order[j];
				order[j] = t;
			}
		REQUIRE(run_linker(order, N, window, 0, end,
		                   pass == 2 ? 10 * sizeof(ts_fcr_link) : 0) == 0);
		for (size_t i = 0; i < N; i++) {
			twice += seen[i] != 1;
			bad += got[i].lenient != want[i].lenient || got[i].strict != want[i].strict ||
			       got[i].reasons != want[i].reasons;
		}
		CHECK_EQ_INT(twice, 0);
		CHECK_EQ_INT(bad, 0);
	}
}

static int scan_mem(ts_scanner *s, const char *name, const ts_buf *b, ts_error *err)
{
	ts_source *src = NULL;
	int rc = ts_source_open_mem(&src, name, b->p, b->len, err);

	if (rc == TS_OK)
		rc = ts_scanner_scan(s, src, err);
	ts_source_free(src);
	return rc;
}

/* More links than the spill holds in memory and no temporary directory:
 * the scan fails with an error that names no input.  Once the directory
 * exists the next input could be linked, but a conversation is already
 * lost: the scanner must not go on to a report without it. */
static void scanner_scratch_failure_sticks(void)
{
	static const char lex[] = "@category politeness\n@role any\nplease\n";
	ts_lexset *set = lx_set(NULL, "politeness.txt", lex, (char *)NULL);
	char dir[] = "/tmp/test_fcr_XXXXXX", sub[64];
	ts_scan_options o;
	ts_scanner *s = NULL;
	ts_buf big, small;
	ts_error err;

	ts_buf_init(&big, 0);
	ts_buf_init(&small, 0);
	REQUIRE(set && mkdtemp(dir));
	snprintf(sub, sizeof sub, "%s/later", dir);
	ts_buf_addf(&big, "conversation_id,created_at,role,author,text\n");
	for (unsigned i = 0; i < TS_SPILL_MEM / sizeof(ts_fcr_link) + 10; i++)
		ts_buf_addf(&big, "c%u,2026-01-01T10:00:00Z,customer,u%u@example.com,hi\n", i, i);
	ts_buf_addf(&small, "conversation_id,created_at,role,author,text\n"
	            "d1,2026-01-02T10:00:00Z,customer,zed@example.com,hi\n");
	memset(&o, 0, sizeof o);
	o.lexicons = set;
	o.max_open = 1;
	o.tmpdir = sub;
	REQUIRE(ts_scanner_new(&s, &o, &err) == TS_OK);
	CHECK_EQ_INT(scan_mem(s, "big.csv", &big, &err), TS_EIO);
	CHECK_EQ_STR(err.file, "");
	CHECK(strstr(err.msg, "cannot create a temporary file") != NULL);
	CHECK_EQ_INT(mkdir(sub, 0700), 0);
	CHECK_EQ_INT(scan_mem(s, "small.csv", &small, &err), TS_EIO);
	CHECK_EQ_STR(err.file, "");
	CHECK_EQ_INT(ts_scanner_finish(s, &err), TS_EIO);
	ts_scanner_free(s);
	rmdir(sub);
	rmdir(dir);
	ts_buf_release(&big);
	ts_buf_release(&small);
	ts_lexset_free(set);
}

int main(void)
{
	TS_RUN(decide_yes);
	TS_RUN(decide_repeat);
	TS_RUN(decide_reopened);
	TS_RUN(decide_strict_only);
	TS_RUN(decide_followup);
	TS_RUN(decide_pending_unknown);
	TS_RUN(names);
	TS_RUN(customer_key);
	TS_RUN(status_flags);
	TS_RUN(system_flags);
	TS_RUN(linker_window);
	TS_RUN(linker_pending);
	TS_RUN(linker_ties);
	TS_RUN(linker_extremes);
	TS_RUN(linker_any_order_and_spill);
	TS_RUN(scanner_scratch_failure_sticks);
	TS_TEST_MAIN_END();
}
