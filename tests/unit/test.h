/*
 * test.h - the unit-test harness: each tests/unit/test_*.c is a program
 * whose main() calls TS_RUN for each test.  Every test prints one line,
 * "PASS file:name" or "FAIL file:name: where: what", which tests/run.sh
 * counts.  CHECK records a failure and goes on; REQUIRE returns from the
 * test.
 */
#ifndef TS_TEST_H
#define TS_TEST_H

#include <stdio.h>
#include <string.h>

static int ts_test_failed_now;
static int ts_test_failures;

#define CHECK(cond) do { \
	if (!(cond)) { \
		printf("  check failed: %s:%d: %s\n", __FILE__, __LINE__, #cond); \
		ts_test_failed_now = 1; \
	} } while (0)

#define REQUIRE(cond) do { \
	if (!(cond)) { \
		printf("  check failed: %s:%d: %s\n", __FILE__, __LINE__, #cond); \
		ts_test_failed_now = 1; \
		return; \
	} } while (0)

#define CHECK_EQ_INT(a, b) do { \
	long long ts_a_ = (long long)(a), ts_b_ = (long long)(b); \
	if (ts_a_ != ts_b_) { \
		printf("  check failed: %s:%d: %s == %s (%lld != %lld)\n", \
		       __FILE__, __LINE__, #a, #b, ts_a_, ts_b_); \
		ts_test_failed_now = 1; \
	} } while (0)

#define CHECK_EQ_STR(a, b) do { \
	const char *ts_a_ = (a), *ts_b_ = (b); \
	if (!ts_a_ || !ts_b_ || strcmp(ts_a_, ts_b_) != 0) { \
		printf("  check failed: %s:%d: %s == %s (\"%s\" != \"%s\")\n", \
		       __FILE__, __LINE__, #a, #b, ts_a_ ? ts_a_ : "(null)", \
		       ts_b_ ? ts_b_ : "(null)"); \
		ts_test_failed_now = 1; \
	} } while (0)

#define TS_RUN(fn) do { \
	ts_test_failed_now = 0; \
	fn(); \
	printf("%s %s:%s\n", ts_test_failed_now ? "FAIL" : "PASS", __FILE__, #fn); \
	ts_test_failures += ts_test_failed_now; \
	fflush(stdout); \
	} while (0)

#define TS_TEST_MAIN_END() return ts_test_failures ? 1 : 0

#endif
