/* test_buf.c - the growable buffer's rules: never NULL, NUL-terminated,
 * capped growth that keeps the old contents. */
#include <stdlib.h>

#include "buf.h"
#include "test.h"
#include "traitscan.h"

static void empty_is_terminated_string(void)
{
	ts_buf b;
	ts_buf_init(&b, 0);
	REQUIRE(b.p != NULL);
	CHECK_EQ_STR(b.p, "");
	CHECK_EQ_INT(b.len, 0);
	ts_buf_reset(&b);
	ts_buf_truncate(&b, 0);
	CHECK_EQ_STR(b.p, "");
	ts_buf_release(&b);
}

static void add_grows_and_terminates(void)
{
	ts_buf b;
	ts_buf_init(&b, 0);
	for (int i = 0; i < 1000; i++)
		REQUIRE(ts_buf_addc(&b, (char)('a' + i % 26)) == TS_OK);
	CHECK_EQ_INT(b.len, 1000);
	CHECK(b.p[1000] == '\0');
	CHECK(b.p[0] == 'a' && b.p[26] == 'a' && b.p[999] == 'a' + 999 % 26);
	REQUIRE(ts_buf_addf(&b, "%d-%s", 42, "x") == TS_OK);
	CHECK_EQ_STR(b.p + 1000, "42-x");
	ts_buf_truncate(&b, 3);
	CHECK_EQ_STR(b.p, "abc");
	ts_buf_release(&b);
}

static void cap_refuses_and_keeps_contents(void)
{
	ts_buf b;
	ts_buf_init(&b, 8);
	REQUIRE(ts_buf_adds(&b, "12345678") == TS_OK);
	CHECK_EQ_INT(ts_buf_addc(&b, '9'), TS_ELIMIT);
	CHECK_EQ_STR(b.p, "12345678");
	CHECK_EQ_INT(ts_buf_grow(&b, (size_t)-1), TS_ELIMIT);
	ts_buf_release(&b);
}

static void detach_hands_over(void)
{
	ts_buf b;
	size_t n;
	char *s;
	ts_buf_init(&b, 0);
	s = ts_buf_detach(&b, &n);
	REQUIRE(s != NULL);
	CHECK_EQ_STR(s, "");
	CHECK_EQ_INT(n, 0);
	free(s);
	REQUIRE(ts_buf_adds(&b, "hello") == TS_OK);
	s = ts_buf_detach(&b, &n);
	CHECK_EQ_STR(s, "hello");
	CHECK_EQ_INT(n, 5);
	CHECK_EQ_STR(b.p, "");
	free(s);
	ts_buf_release(&b);
}

static void grow_array_doubles_and_refuses_overflow(void)
{
	int *v = NULL;
	size_t cap = 0;
	REQUIRE(ts_grow_array(&v, &cap, 1, sizeof *v, 4) == TS_OK);
	CHECK_EQ_INT(cap, 4);
	for (int i = 0; i < 4; i++)
		v[i] = i;
	REQUIRE(ts_grow_array(&v, &cap, 5, sizeof *v, 4) == TS_OK);
	CHECK_EQ_INT(cap, 8);
	CHECK(v[3] == 3); /* contents kept */
	REQUIRE(ts_grow_array(&v, &cap, 3, sizeof *v, 4) == TS_OK);
	CHECK_EQ_INT(cap, 8); /* no shrinking, no work */
	CHECK_EQ_INT(ts_grow_array(&v, &cap, (size_t)-1 / 2, sizeof *v, 4), TS_ENOMEM);
	CHECK_EQ_INT(cap, 8);
	CHECK(v[3] == 3);
	free(v);
}

int main(void)
{
	TS_RUN(empty_is_terminated_string);
	TS_RUN(add_grows_and_terminates);
	TS_RUN(cap_refuses_and_keeps_contents);
	TS_RUN(detach_hands_over);
	TS_RUN(grow_array_doubles_and_refuses_overflow);
	TS_TEST_MAIN_END();
}
