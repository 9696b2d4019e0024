/*
 * test_timeparse.c - message timestamps to Unix seconds: every automatic
 * format against values from `date -u -d ... +%s` (GNU coreutils), the
 * range checks, garbage and truncated text, buffers that are not
 * NUL-terminated, each --time-format conversion and compile error, and
 * property tests against a day-counting loop written here (no shared code
 * with the parser): random dates in years 0-9999, every day from 1968 to
 * 2031 in all five formats, and zone offsets.
 *
 * Every parse goes through a heap copy of exactly n bytes, so a read past
 * n shows under ASan.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "timeparse.h"
#include "traitscan.h"

#define BAD INT64_MIN

/* Parses s[0..n) from an exact-size heap copy; BAD when rejected. */
static int64_t parse_n(const ts_timefmt *f, const char *s, size_t n)
{
	char *copy = malloc(n ? n : 1);
	int64_t v = 0;
	int rc;

	if (!copy)
		return BAD;
	memcpy(copy, s, n);
	rc = ts_time_parse(f, copy, n, &v);
	free(copy);
	return rc == 0 ? v : BAD;
}

static int64_t p(const char *s)
{
	return parse_n(NULL, s, strlen(s));
}

static int64_t pf(const char *spec, const char *s)
{
	ts_timefmt *f = NULL;
	ts_error err;
	int64_t v;

	if (ts_timefmt_compile(&f, spec, &err) != TS_OK) {
		printf("  cannot compile '%s': %s\n", spec, err.msg);
		return BAD + 1;
	}
	v = parse_n(f, s, strlen(s));
	ts_timefmt_free(f);
	return v;
}

/* 2017-10-31 22:10:47 UTC: date -u -d '2017-10-31 22:10:47' +%s */
#define T0 1509487847

static void test_iso8601(void)
{
	CHECK_EQ_INT(p("2017-10-31T22:10:47Z"), T0);
	CHECK_EQ_INT(p("2017-10-31t22:10:47z"), T0);
	CHECK_EQ_INT(p("2017-10-31 22:10:47"), T0);
	CHECK_EQ_INT(p("2017-10-31T22:10:47"), T0);
	CHECK_EQ_INT(p("2017-10-31T22:10:47.999Z"), T0); /* truncated, not rounded */
	CHECK_EQ_INT(p("2017-10-31T22:10:47,5"), T0);
	CHECK_EQ_INT(p("2017-10-31T22:10:47.123456789+00:00"), T0);
	CHECK_EQ_INT(p("2017-10-31T23:10:47+01:00"), T0);
	CHECK_EQ_INT(p("2017-10-31T23:10:47+0100"), T0);
	CHECK_EQ_INT(p("2017-10-31T23:10:47+01"), T0);
	CHECK_EQ_INT(p("2017-10-31T20:40:47-01:30"), T0);
	CHECK_EQ_INT(p("2017-11-01T06:10:47+08:00"), T0);
	CHECK_EQ_INT(p("2017-10-31 22:10:47 UTC"), T0);
	CHECK_EQ_INT(p("2017-10-31 22:10:47 +0000"), T0);
	CHECK_EQ_INT(p("2017-10-31 17:10:47 EST"), T0);
	CHECK_EQ_INT(p("2017-10-31 22:10:47 Z"), T0);
	CHECK_EQ_INT(p("2017-10-31T22:10:47UTC"), BAD);
	CHECK_EQ_INT(p("2017-10-31T22:10Z"), 1509487800);
	CHECK_EQ_INT(p("2017-10-31T22:10"), 1509487800);
	CHECK_EQ_INT(p("2017-10-31"), 1509408000); /* midnight */
	CHECK_EQ_INT(p("  2017-10-31T22:10:47Z \r\n"), T0);
	CHECK_EQ_INT(p("\t2017-10-31  22:10:47\t"), T0);
	/* ISO widths are strict */
	CHECK_EQ_INT(p("2017-1-31"), BAD);
	CHECK_EQ_INT(p("2017-10-31T2:10"), BAD);
	CHECK_EQ_INT(p("2017-10-31T22:10:4"), BAD);
	CHECK_EQ_INT(p("17-10-31"), BAD);
	CHECK_EQ_INT(p("02017-10-31"), BAD);
}

static void test_slashed(void)
{
	CHECK_EQ_INT(p("2017/10/31 22:10:47"), T0);
	CHECK_EQ_INT(p("2017/10/31 22:10"), 1509487800);
	CHECK_EQ_INT(p("2017/10/31"), 1509408000);
	CHECK_EQ_INT(p("2017/1/5 9:05"), 1483607100); /* date -u -d '2017-01-05 09:05' */
	CHECK_EQ_INT(p("2017/10/31 23:10:47 +01:00"), T0);
	CHECK_EQ_INT(p("2017/10-31"), BAD);
	CHECK_EQ_INT(p("2017/10/31 9"), BAD);
	CHECK_EQ_INT(p("10/31/2017 22:10"), BAD); /* month first is ambiguous */
}

static void test_twcs_ctime(void)
{
	CHECK_EQ_INT(p("Tue Oct 31 22:10:47 +0000 2017"), T0);
	CHECK_EQ_INT(p("Tue Oct 31 23:10:47 +0100 2017"), T0);
	CHECK_EQ_INT(p("tue oct 31 22:10:47 -0000 2017"), T0);
	CHECK_EQ_INT(p("Tuesday October 31 22:10:47 +0000 2017"), T0);
	CHECK_EQ_INT(p("Tue Oct 31 22:10:47 2017"), T0);       /* ctime */
	CHECK_EQ_INT(p("Tue Oct 31 22:10:47 UTC 2017"), T0);   /* date(1) */
	CHECK_EQ_INT(p("Wed Nov  1 06:10:47 +0800 2017"), T0); /* padded day */
	/* the weekday is not checked against the date */
	CHECK_EQ_INT(p("Fri Oct 31 22:10:47 +0000 2017"), T0);
	CHECK_EQ_INT(p("Tue Oct 31 22:10:47 +0000"), BAD);
	CHECK_EQ_INT(p("Tue Oct 31 22:10:47 +0000 17"), BAD);
	CHECK_EQ_INT(p("Tue Ocx 31 22:10:47 +0000 2017"), BAD);
	CHECK_EQ_INT(p("Tu Oct 31 22:10:47 +0000 2017"), BAD);
	CHECK_EQ_INT(p("Tue Oct 31 22:10:47 +00000 2017"), BAD);
	CHECK_EQ_INT(p("Tue Oct 32 22:10:47 +0000 2017"), BAD);
}

static void test_rfc2822(void)
{
	CHECK_EQ_INT(p("Tue, 31 Oct 2017 22:10:47 +0000"), T0);
	CHECK_EQ_INT(p("31 Oct 2017 22:10:47 +0000"), T0);
	CHECK_EQ_INT(p("31 Oct 2017 22:10:47"), T0);
	CHECK_EQ_INT(p("Tue, 31 Oct 2017 22:10:47 GMT"), T0);
	CHECK_EQ_INT(p("Tue, 31 Oct 2017 22:10:47 UT"), T0);
	CHECK_EQ_INT(p("Tue, 31 Oct 2017 22:10:47 Z"), T0);
	CHECK_EQ_INT(p("Tue, 31 Oct 2017 17:10:47 EST"), T0);
	CHECK_EQ_INT(p("Tue, 31 Oct 2017 18:10:47 EDT"), T0);
	CHECK_EQ_INT(p("Tue, 31 Oct 2017 16:10:47 CST"), T0);
	CHECK_EQ_INT(p("Tue, 31 Oct 2017 17:10:47 cdt"), T0);
	CHECK_EQ_INT(p("Tue, 31 Oct 2017 15:10:47 MST"), T0);
	CHECK_EQ_INT(p("Tue, 31 Oct 2017 16:10:47 MDT"), T0);
	CHECK_EQ_INT(p("Tue, 31 Oct 2017 14:10:47 PST"), T0);
	CHECK_EQ_INT(p("Tue, 31 Oct 2017 15:10:47 PDT"), T0);
	CHECK_EQ_INT(p("Tue, 31 Oct 2017 15:10:47 -0700 (PDT)"), T0);
	CHECK_EQ_INT(p("Tue, 31 Oct 2017 22:10:47 (UTC)"), T0);
	CHECK_EQ_INT(p("Tue,31 Oct 2017 22:10:47 +0000"), T0);
	CHECK_EQ_INT(p("Tuesday, 31 October 2017 22:10:47 +0000"), T0);
	CHECK_EQ_INT(p("Tue, 31 Oct 2017 22:10 +0000"), 1509487800);
	CHECK_EQ_INT(p("Tue, 31 Oct 17 22:10:47 +0000"), T0);  /* obsolete 2-digit year */
	CHECK_EQ_INT(p("Tue, 1 Jan 69 00:00:00 +0000"), -31536000); /* 69 is 1969 */
	CHECK_EQ_INT(p("Tue, 31 Oct 117 22:10:47 +0000"), T0); /* 3 digits + 1900 */
	CHECK_EQ_INT(p("Tue, 31 Oct 2017 22:10:47 XYZ"), BAD);
	CHECK_EQ_INT(p("Tue, 31 Oct 2017 22:10:47 +0000 (UTC"), BAD);
	CHECK_EQ_INT(p("Tue, 31 Oct 2017 22:10:47 +0000 junk"), BAD);
	CHECK_EQ_INT(p("Foo, 31 Oct 2017 22:10:47 +0000"), BAD);
	CHECK_EQ_INT(p("Tue, 31 Oct 2017"), BAD);
	CHECK_EQ_INT(p("31 Oct"), BAD);
	CHECK_EQ_INT(p("Tue, 29 Feb 2023 12:00:00 +0000"), BAD);
}

static void test_unix(void)
{
	CHECK_EQ_INT(p("1509487847"), T0);
	CHECK_EQ_INT(p("1509487847.25"), T0);
	CHECK_EQ_INT(p("1509487847123"), T0); /* milliseconds, divided by 1000 */
	CHECK_EQ_INT(p("1509487847999"), T0);
	CHECK_EQ_INT(p("1509487847999.9"), T0);
	CHECK_EQ_INT(p("123456789"), 123456789);       /* 9 digits: 1973 */
	CHECK_EQ_INT(p("000000000"), 0);
	CHECK_EQ_INT(p("99999999999"), 99999999999);   /* 11 digits */
	CHECK_EQ_INT(p("999999999999"), 999999999);    /* 12 digits: ms, 2001 */
	CHECK_EQ_INT(p("100000000000"), 100000000);
	CHECK_EQ_INT(p("99999999999999"), 99999999999); /* 14 digits of ms */
	CHECK_EQ_INT(p("12345678"), BAD);        /* 8 digits: not a time */
	CHECK_EQ_INT(p("150948784712345"), BAD); /* 15 digits */
	CHECK_EQ_INT(p("1509487847."), BAD);
	CHECK_EQ_INT(p("1509487847.x"), BAD);
	CHECK_EQ_INT(p("-1509487847"), BAD);
	CHECK_EQ_INT(p("1509487847 1"), BAD);
}

static void test_boundaries(void)
{
	CHECK_EQ_INT(p("1970-01-01T00:00:00Z"), 0);
	CHECK_EQ_INT(p("1970-01-01"), 0);
	CHECK_EQ_INT(p("1969-12-31T23:59:59Z"), -1);
	CHECK_EQ_INT(p("1970-01-01T00:59:59+01:00"), -1);
	CHECK_EQ_INT(p("2038-01-19T03:14:08Z"), 2147483648LL);
	CHECK_EQ_INT(p("1900-01-01"), -2208988800LL);
	CHECK_EQ_INT(p("1600-03-01"), -11670912000LL);
	CHECK_EQ_INT(p("0000-01-01"), -62167219200LL);
	CHECK_EQ_INT(p("9999-12-31T23:59:59Z"), 253402300799LL);
	CHECK_EQ_INT(p("9999-12-31T23:59:59-01:00"), 253402300799LL + 3600);
	CHECK_EQ_INT(p("10000-01-01"), BAD);
}

static void test_ranges(void)
{
	CHECK_EQ_INT(p("2024-02-29T12:00:00Z"), 1709208000);
	CHECK_EQ_INT(p("2000-02-29"), 951782400);
	CHECK_EQ_INT(p("2023-02-29"), BAD);
	CHECK_EQ_INT(p("1900-02-29"), BAD);
	CHECK_EQ_INT(p("2024-02-30"), BAD);
	CHECK_EQ_INT(p("2017-04-31"), BAD);
	CHECK_EQ_INT(p("2017-04-30"), 1493510400);
	CHECK_EQ_INT(p("2017-13-01"), BAD);
	CHECK_EQ_INT(p("2017-00-10"), BAD);
	CHECK_EQ_INT(p("2017-10-00"), BAD);
	CHECK_EQ_INT(p("2017-10-31T24:00:00Z"), p("2017-11-01"));
	CHECK_EQ_INT(p("2017-10-31T24:00"), p("2017-11-01"));
	CHECK_EQ_INT(p("2017-10-31T24:00:01"), BAD);
	CHECK_EQ_INT(p("2017-10-31T24:01"), BAD);
	CHECK_EQ_INT(p("2017-10-31T25:00"), BAD);
	CHECK_EQ_INT(p("2017-10-31T22:60"), BAD);
	CHECK_EQ_INT(p("2016-12-31T23:59:60Z"), p("2017-01-01"));
	CHECK_EQ_INT(p("2016-12-31T23:59:61Z"), BAD);
	CHECK_EQ_INT(p("2017-10-31T22:10:47+18:00"), T0 - 18 * 3600);
	CHECK_EQ_INT(p("2017-10-31T22:10:47-18:00"), T0 + 18 * 3600);
	CHECK_EQ_INT(p("2017-10-31T22:10:47+18:01"), BAD);
	CHECK_EQ_INT(p("2017-10-31T22:10:47+19"), BAD);
	CHECK_EQ_INT(p("2017-10-31T22:10:47+05:60"), BAD);
	CHECK_EQ_INT(p("2017-10-31T22:10:47+5"), BAD);
	CHECK_EQ_INT(p("2017-10-31T22:10:47+05:3"), BAD);
	CHECK_EQ_INT(p("2017-10-31T22:10:47+053"), BAD);
}

static void test_garbage(void)
{
	static const char *const bad[] = {
		"", " ", "\r\n", "hello", "T", "Z", "2017", "2017-", "2017-10", "2017-10-31T",
		"2017-10-31T22", "2017-10-31T22:", "2017-10-31X22:10", "2017-10-31T22:10:47Zjunk",
		"2017-10-31T22:10:47+", "2017-10-31T22:10:47.Z", "2017-10-31T22:10:47 +",
		"2017-10-31 22:10:47 ZZZ", "2017-10-31T22:10:47 +01:00 UTC", "Tue", "Tue,", "Tue Oct",
		"Oct 31 2017", "31", "31 Oct 2017 22", "(2017-10-31)", "2017\xe2\x80\x93" "10-31",
		"\xff\xfe", "Mon Mon Oct 31 22:10:47 2017", "2017-10-31T22:10:47\xc2\xa0",
	};

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int64_t v = p(bad[i]);
		if (v != BAD)
			printf("  accepted '%s' as %lld\n", bad[i], (long long)v);
		CHECK(v == BAD);
	}
	/* an embedded NUL is a byte like any other */
	CHECK_EQ_INT(parse_n(NULL, "2017-10-31\0", 11), BAD);
	CHECK_EQ_INT(parse_n(NULL, "2017-10-31\0", 10), 1509408000);
}

/* The prefixes of a valid time that are themselves valid: exactly these
 * lengths, everything else rejected (and nothing read past n). */
static void check_prefixes(const char *s, const size_t *ok, size_t nok)
{
	size_t n = strlen(s), k = 0;

	for (size_t len = 0; len <= n; len++) {
		int want = k < nok && ok[k] == len;
		int64_t v = parse_n(NULL, s, len);
		if ((v != BAD) != want)
			printf("  prefix %zu of '%s': %s\n", len, s, want ? "rejected" : "accepted");
		CHECK((v != BAD) == want);
		k += (size_t)want;
	}
}

static void test_truncated(void)
{
	/* 2017-10-31 | T22:10 | :47 | .1 .12 .123 | +01 | +01:00 */
	static const size_t iso[] = {10, 16, 19, 21, 22, 23, 26, 29};
	static const size_t twcs[] = {30};
	/* 22:10 | :47 and a trailing space | +00 | +0000 and a space | (PDT) */
	static const size_t rfc[] = {22, 25, 26, 29, 31, 32, 37};
	/* 9 digits | 10 | .1 ... .123456 */
	static const size_t unixs[] = {9, 10, 12, 13, 14, 15, 16, 17};

	check_prefixes("2017-10-31T22:10:47.123+01:00", iso, 8);
	check_prefixes("Tue Oct 31 22:10:47 +0000 2017", twcs, 1);
	check_prefixes("Tue, 31 Oct 2017 25:10:47 +0000 (UTC)", NULL, 0);
	check_prefixes("Tue, 31 Oct 2017 22:10:47 +0000 (PDT)", rfc, 7);
	check_prefixes("1509487847.123456", unixs, 8);
	CHECK_EQ_INT(p("1509487847123456"), BAD); /* 16 digits */
}

static void test_not_nul_terminated(void)
{
	const char *s = "2017-10-31T22:10:47Z";

	CHECK_EQ_INT(parse_n(NULL, s, 10), 1509408000);
	CHECK_EQ_INT(parse_n(NULL, s, 16), 1509487800);
	CHECK_EQ_INT(parse_n(NULL, s, 19), T0);
	CHECK_EQ_INT(parse_n(NULL, s, 12), BAD);
	CHECK_EQ_INT(parse_n(NULL, "1509487847123", 10), T0);
	CHECK_EQ_INT(parse_n(NULL, "1509487847123", 8), BAD);
	CHECK_EQ_INT(parse_n(NULL, "2017-10-31T22:10:4799", 19), T0);
	CHECK_EQ_INT(parse_n(NULL, "Tue, 31 Oct 2017 22:10:47 +0000", 25), T0);
	CHECK_EQ_INT(parse_n(NULL, "Tue Oct 31 22:10:47 +0000 2017", 29), BAD);
	CHECK_EQ_INT(parse_n(NULL, "2017-10-31T22:10:47+01:00", 22), T0 - 3600);
	CHECK_EQ_INT(parse_n(NULL, "2017-10-31T22:10:47+01:00", 23), BAD);
	CHECK_EQ_INT(parse_n(NULL, "Tue, 31 Oct 2017 22:10:47 PSTX", 29), T0 + 8 * 3600);
	CHECK_EQ_INT(parse_n(NULL, "10/31/17 10:10 PMX", 17), BAD); /* no format: not auto */
}

static void test_format_conversions(void)
{
	CHECK_EQ_INT(pf("%Y-%m-%d %H:%M:%S", "2017-10-31 22:10:47"), T0);
	CHECK_EQ_INT(pf("%Y-%m-%d %H:%M:%S", "2017-10-31   22:10:47"), T0);
	CHECK_EQ_INT(pf("%Y-%m-%d %H:%M:%S", "2017-10-3122:10:47"), BAD);
	CHECK_EQ_INT(pf("%Y-%m-%d %H:%M:%S", "2017-10-31 22:10:47 x"), BAD);
	CHECK_EQ_INT(pf("%Y-%m-%d %H:%M:%S", "1509487847"), BAD); /* a format is not auto */
	CHECK_EQ_INT(pf("%Y-%m-%d", "2017-10-31 22:10"), BAD);
	CHECK_EQ_INT(pf("%d/%m/%Y %H:%M", "31/10/2017 22:10"), 1509487800);
	CHECK_EQ_INT(pf("%d/%m/%Y %H:%M", "1/1/2017 0:00"), 1483228800);
	CHECK_EQ_INT(pf("%d/%m/%Y %H:%M", "10/31/2017 22:10"), BAD);
	CHECK_EQ_INT(pf("%Y%m%d%H%M%S", "20171031221047"), T0);
	CHECK_EQ_INT(pf("%Y%m%d %H%M", "20171031 2210"), 1509487800);
	CHECK_EQ_INT(pf("%Y%m%d %H%M", "20171031 221"), 1509487260); /* 22:01 */
	CHECK_EQ_INT(pf("%Y%m%d %H%M", "20171031 22"), BAD);
	/* %y: POSIX pivot */
	CHECK_EQ_INT(pf("%m/%d/%y", "01/01/69"), -31536000);
	CHECK_EQ_INT(pf("%m/%d/%y", "01/01/68"), 3092601600LL);
	CHECK_EQ_INT(pf("%m/%d/%y", "01/01/2017"), BAD);
	/* %I %p */
	CHECK_EQ_INT(pf("%m/%d/%y %I:%M %p", "10/31/17 10:10 PM"), 1509487800);
	CHECK_EQ_INT(pf("%m/%d/%y %I:%M %p", "10/31/17 10:10 pm"), 1509487800);
	CHECK_EQ_INT(pf("%m/%d/%y %I:%M%p", "10/31/17 12:00AM"), 1509408000);
	CHECK_EQ_INT(pf("%m/%d/%y %I:%M %p", "10/31/17 12:00 PM"), 1509451200);
	CHECK_EQ_INT(pf("%m/%d/%y %I:%M %p", "10/31/17 13:00 PM"), BAD);
	CHECK_EQ_INT(pf("%m/%d/%y %I:%M %p", "10/31/17 0:00 AM"), BAD);
	CHECK_EQ_INT(pf("%m/%d/%y %I:%M %p", "10/31/17 10:10 XM"), BAD);
	CHECK_EQ_INT(pf("%m/%d/%y %I:%M %p", "10/31/17 10:10 AMX"), BAD);
	/* %b %a */
	CHECK_EQ_INT(pf("%b %d, %Y %H:%M:%S", "OCT 31, 2017 22:10:47"), T0);
	CHECK_EQ_INT(pf("%b %d, %Y %H:%M:%S", "october 31, 2017 22:10:47"), T0);
	CHECK_EQ_INT(pf("%b %d, %Y %H:%M:%S", "Octo 31, 2017 22:10:47"), T0);
	CHECK_EQ_INT(pf("%b %d, %Y %H:%M:%S", "Oc 31, 2017 22:10:47"), BAD);
	CHECK_EQ_INT(pf("%b %d, %Y %H:%M:%S", "Octx 31, 2017 22:10:47"), BAD);
	CHECK_EQ_INT(pf("%d-%b-%Y", "05-Sept-2017"), 1504569600);
	CHECK_EQ_INT(pf("%a %b %d %H:%M:%S %z %Y", "Tue Oct 31 22:10:47 +0000 2017"), T0);
	CHECK_EQ_INT(pf("%a %b %d %H:%M:%S %z %Y", "Xyz Oct 31 22:10:47 +0000 2017"), BAD);
	/* %z %f */
	CHECK_EQ_INT(pf("%Y-%m-%dT%H:%M:%S.%f%z", "2017-10-31T23:10:47.123456+01:00"), T0);
	CHECK_EQ_INT(pf("%Y-%m-%dT%H:%M:%S.%f%z", "2017-10-31T23:10:47.1+0100"), T0);
	CHECK_EQ_INT(pf("%Y-%m-%dT%H:%M:%S.%f%z", "2017-10-31T22:10:47.0Z"), T0);
	CHECK_EQ_INT(pf("%Y-%m-%dT%H:%M:%S.%f%z", "2017-10-31T23:10:47.+0100"), BAD);
	CHECK_EQ_INT(pf("%Y-%m-%dT%H:%M:%S.%f%z", "2017-10-31T23:10:47.1 UTC"), BAD);
	CHECK_EQ_INT(pf("%Y-%m-%d %H:%M %z", "2017-10-31 22:10 +1900"), BAD);
	/* %j */
	CHECK_EQ_INT(pf("%Y.%j %H:%M", "2017.304 22:10"), 1509487800);
	CHECK_EQ_INT(pf("%Y.%j", "2016.366"), 1483142400);
	CHECK_EQ_INT(pf("%Y.%j", "2017.366"), BAD);
	CHECK_EQ_INT(pf("%Y.%j", "2017.000"), BAD);
	CHECK_EQ_INT(pf("%Y.%j", "2017.1"), 1483228800);
	/* %% and literals; %H 24:00 and %S 60 follow the same rules */
	CHECK_EQ_INT(pf("%Y %% %m %d", "2017 % 10 31"), 1509408000);
	CHECK_EQ_INT(pf("%Y %% %m %d", "2017 10 31"), BAD);
	CHECK_EQ_INT(pf("[%Y-%m-%d]", "[2017-10-31]"), 1509408000);
	CHECK_EQ_INT(pf("%Y-%m-%d %H:%M:%S", "2016-12-31 23:59:60"), 1483228800);
	CHECK_EQ_INT(pf("%Y-%m-%d %H:%M:%S", "2016-12-31 24:00:00"), 1483228800);
	CHECK_EQ_INT(pf("%Y-%m-%d %H:%M:%S", "2023-02-29 00:00:00"), BAD);
	CHECK_EQ_INT(pf("%Y-%m-%d %H:%M:%S", "2024-02-29 00:00:00"), 1709164800);
}

static void check_compile_error(const char *spec, const char *msg, unsigned long col)
{
	ts_timefmt *f = (ts_timefmt *)&f;
	ts_error err;

	ts_error_clear(&err);
	CHECK_EQ_INT(ts_timefmt_compile(&f, spec, &err), TS_EUSAGE);
	CHECK(f == NULL);
	CHECK_EQ_INT(err.code, TS_EUSAGE);
	CHECK_EQ_STR(err.msg, msg);
	CHECK_EQ_INT(err.col, col);
}

static void test_format_errors(void)
{
	check_compile_error("", "empty time format", 0);
	check_compile_error("%Y-%q", "time format '%Y-%q': unknown conversion '%q' at column 4", 4);
	check_compile_error("%Y-%m-%d %Z", "time format '%Y-%m-%d %Z': unknown conversion '%Z' at column 10", 10);
	check_compile_error("%Y-%m-%\x01", "time format '%Y-%m-%\x01': unknown conversion '%\\x01' at column 7", 7);
	check_compile_error("%Y-%m-%d%", "time format '%Y-%m-%d%': a lone '%' at column 9", 9);
	check_compile_error("%Y %Y %m %d", "time format '%Y %Y %m %d': '%Y' gives the year a second time at column 4", 4);
	check_compile_error("%Y %m %b %d", "time format '%Y %m %b %d': '%b' gives the month a second time at column 7", 7);
	check_compile_error("%Y %m %d %H %I %p", "time format '%Y %m %d %H %I %p': '%I' gives the hour a second time at column 13", 13);
	check_compile_error("%m/%d", "time format '%m/%d': no year (%Y or %y)", 0);
	check_compile_error("%Y/%d", "time format '%Y/%d': no month (%m or %b)", 0);
	check_compile_error("%Y/%m", "time format '%Y/%m': no day (%d or %j)", 0);
	check_compile_error("%Y %j %m", "time format '%Y %j %m': '%j' cannot be used with a month or a day", 0);
	check_compile_error("%Y-%m-%d %I:%M", "time format '%Y-%m-%d %I:%M': '%I' needs '%p'", 0);
	check_compile_error("%Y-%m-%d %H %p", "time format '%Y-%m-%d %H %p': '%p' needs '%I' (not '%H')", 0);
	/* a NULL err is allowed */
	{
		ts_timefmt *f = NULL;
		CHECK_EQ_INT(ts_timefmt_compile(&f, "%q", NULL), TS_EUSAGE);
		CHECK(f == NULL);
	}
	ts_timefmt_free(NULL);
}

/* --- property tests against a day-counting loop ---------------------- */

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rnd(uint64_t bound)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state % bound;
}

static int leap(int y)
{
	return y % 400 == 0 || (y % 100 != 0 && y % 4 == 0);
}

static int mdays(int y, int m)
{
	if (m == 2)
		return leap(y) ? 29 : 28;
	return m == 4 || m == 6 || m == 9 || m == 11 ? 30 : 31;
}

/* Days since 1970-01-01, counted a year and a month at a time. */
static int64_t naive_days(int y, int m, int d)
{
	int64_t days = 0;

	for (int yy = 1970; yy < y; yy++)
		days += leap(yy) ? 366 : 365;
	for (int yy = y; yy < 1970; yy++)
		days -= leap(yy) ? 366 : 365;
	for (int mm = 1; mm < m; mm++)
		days += mdays(y, mm);
	return days + d - 1;
}

static void test_property_random_dates(void)
{
	char buf[64];

	for (int i = 0; i < 3000; i++) {
		int y = (int)rnd(10000), m = 1 + (int)rnd(12), d = 1 + (int)rnd((uint64_t)mdays(y, m));
		int hh = (int)rnd(24), mi = (int)rnd(60), ss = (int)rnd(60);
		int64_t want = naive_days(y, m, d) * 86400 + hh * 3600 + mi * 60 + ss;

		snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d, hh, mi, ss);
		if (p(buf) != want)
			printf("  %s: %lld, want %lld\n", buf, (long long)p(buf), (long long)want);
		CHECK(p(buf) == want);
		/* one past the end of the month is refused */
		snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, mdays(y, m) + 1);
		CHECK(p(buf) == BAD);
	}
}

static void test_property_every_day(void)
{
	static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	static const char *const wday[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
	ts_timefmt *f = NULL;
	ts_error err;
	char buf[96];
	int y = 1968, m = 1, d = 1, failures = 0;
	int64_t prev = BAD, days;

	REQUIRE(ts_timefmt_compile(&f, "%d.%m.%Y %H:%M:%S", &err) == TS_OK);
	while (y < 2032 && failures < 5) {
		int64_t iso, v[5];
		int hh = (int)rnd(24), mi = (int)rnd(60), ss = (int)rnd(60), bad = 0;
		days = naive_days(y, m, d);

		snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
		iso = p(buf);
		/* consecutive days are 86400 s apart */
		bad |= iso != days * 86400 || (prev != BAD && iso - prev != 86400);
		prev = iso;
		/* the same instant in every format */
		snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d", y, m, d, hh, mi, ss);
		v[0] = p(buf);
		snprintf(buf, sizeof buf, "%04d/%d/%d %d:%02d:%02d", y, m, d, hh, mi, ss);
		v[1] = p(buf);
		snprintf(buf, sizeof buf, "%s %s %2d %02d:%02d:%02d +0000 %04d",
		         wday[((days % 7) + 7) % 7], mon[m - 1], d, hh, mi, ss, y);
		v[2] = p(buf);
		snprintf(buf, sizeof buf, "%s, %d %s %04d %02d:%02d:%02d GMT",
		         wday[((days % 7) + 7) % 7], d, mon[m - 1], y, hh, mi, ss);
		v[3] = p(buf);
		snprintf(buf, sizeof buf, "%02d.%02d.%04d %02d:%02d:%02d", d, m, y, hh, mi, ss);
		v[4] = parse_n(f, buf, strlen(buf));
		for (int k = 0; k < 5; k++)
			bad |= v[k] != iso + hh * 3600 + mi * 60 + ss;
		if (bad) {
			printf("  %04d-%02d-%02d: %lld %lld %lld %lld %lld %lld\n", y, m, d,
			       (long long)iso, (long long)v[0], (long long)v[1], (long long)v[2],
			       (long long)v[3], (long long)v[4]);
			failures++;
		}
		CHECK(!bad);
		if (++d > mdays(y, m)) {
			d = 1;
			if (++m > 12) {
				m = 1;
				y++;
			}
		}
	}
	ts_timefmt_free(f);
}

static void test_property_zones(void)
{
	char buf[64];

	for (int i = 0; i < 2000; i++) {
		int y = 1 + (int)rnd(9998), m = 1 + (int)rnd(12), d = 1 + (int)rnd(28);
		int hh = (int)rnd(24), mi = (int)rnd(60);
		int zh = (int)rnd(19), zm = zh == 18 ? 0 : (int)rnd(60), sign = rnd(2) ? 1 : -1;
		int64_t utc, off = sign * (zh * 3600 + zm * 60);

		snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02dZ", y, m, d, hh, mi);
		utc = p(buf);
		snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d%c%02d:%02d", y, m, d, hh, mi,
		         sign > 0 ? '+' : '-', zh, zm);
		CHECK(p(buf) == utc - off);
		snprintf(buf, sizeof buf, "%02d %s %04d %02d:%02d %c%02d%02d", d,
		         (const char *[]){"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug",
		                          "Sep", "Oct", "Nov", "Dec"}[m - 1],
		         y, hh, mi, sign > 0 ? '+' : '-', zh, zm);
		CHECK(p(buf) == utc - off);
	}
}

/* ts_time_format is the inverse of parsing: known instants, and format
 * then parse gives the same second for random instants from year 0 to
 * 9999; outside that range nothing is written. */
static void test_format_round_trip(void)
{
	char buf[32];
	int64_t back;
	size_t bad = 0;

	CHECK_EQ_INT(ts_time_format(0, buf, sizeof buf), 20);
	CHECK_EQ_STR(buf, "1970-01-01T00:00:00Z");
	ts_time_format(1509487847, buf, sizeof buf);
	CHECK_EQ_STR(buf, "2017-10-31T22:10:47Z");
	ts_time_format(-1, buf, sizeof buf);
	CHECK_EQ_STR(buf, "1969-12-31T23:59:59Z");
	ts_time_format(951782400, buf, sizeof buf);
	CHECK_EQ_STR(buf, "2000-02-29T00:00:00Z");
	CHECK_EQ_INT(ts_time_format(253402300800LL, buf, sizeof buf), 0); /* year 10000 */
	CHECK_EQ_STR(buf, "");
	CHECK_EQ_INT(ts_time_format(0, buf, 20), 0); /* no room for the NUL */
	for (int i = 0; i < 20000; i++) {
		int64_t t = (int64_t)rnd(253402300800ULL + 62167219200ULL) - 62167219200LL;
		size_t n = ts_time_format(t, buf, sizeof buf);
		bad += n != 20 || ts_time_parse(NULL, buf, n, &back) != 0 || back != t;
	}
	CHECK_EQ_INT(bad, 0);
}

int main(void)
{
	TS_RUN(test_iso8601);
	TS_RUN(test_slashed);
	TS_RUN(test_twcs_ctime);
	TS_RUN(test_rfc2822);
	TS_RUN(test_unix);
	TS_RUN(test_boundaries);
	TS_RUN(test_ranges);
	TS_RUN(test_garbage);
	TS_RUN(test_truncated);
	TS_RUN(test_not_nul_terminated);
	TS_RUN(test_format_conversions);
	TS_RUN(test_format_errors);
	TS_RUN(test_property_random_dates);
	TS_RUN(test_property_every_day);
	TS_RUN(test_property_zones);
	TS_RUN(test_format_round_trip);
	TS_TEST_MAIN_END();
}
