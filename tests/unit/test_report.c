/* test_report.c - the row writer's escaping and layout in every format,
 * and that a failed write is reported. */
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "test.h"

static const char *const cols[] = { "name", "n", "rate" };

/* Renders three fixed rows in fmt; returns a malloc'd string. */
static char *render(ts_format fmt)
{
	char *out = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&out, &len);
	ts_rows *w;
	ts_cell cells[3];
	static const char *const meta[] = { "lexicon_hash", "records" };
	ts_cell values[2];
	static const char *const names[] = { "plain", "a,\"quoted\"\nline", "tab\there \\ caf\xc3\xa9 \xff" };

	if (!fp || ts_rows_new(&w, fmt, fp, "test", cols, 3) != TS_OK)
		return NULL;
	for (int i = 0; i < 3; i++) {
		cells[0] = ts_cell_cstr(names[i]);
		cells[1] = ts_cell_int((unsigned long long)i * 1000);
		cells[2] = ts_cell_real(i / 3.0, 2);
		if (ts_rows_add(w, cells) != TS_OK)
			return NULL;
	}
	values[0] = ts_cell_cstr("00ff");
	values[1] = ts_cell_int(3);
	if (ts_rows_finish(w, meta, values, 2) != TS_OK)
		return NULL;
	ts_rows_free(w);
	fclose(fp);
	return out;
}

static void csv_quotes_what_needs_it(void)
{
	char *s = render(TS_FMT_CSV);
	REQUIRE(s != NULL);
	CHECK_EQ_STR(s, "name,n,rate\n"
	                "plain,0,0.00\n"
	                "\"a,\"\"quoted\"\"\nline\",1000,0.33\n"
	                "tab\there \\ caf\xc3\xa9 \xff,2000,0.67\n");
	free(s);
}

static void tsv_escapes_tabs_and_newlines(void)
{
	char *s = render(TS_FMT_TSV);
	REQUIRE(s != NULL);
	CHECK_EQ_STR(s, "name\tn\trate\n"
	                "plain\t0\t0.00\n"
	                "a,\"quoted\"\\nline\t1000\t0.33\n"
	                "tab\\there \\\\ caf\xc3\xa9 \xff\t2000\t0.67\n");
	free(s);
}

static void json_is_valid_utf8_with_summary(void)
{
	char *s = render(TS_FMT_JSON);
	REQUIRE(s != NULL);
	CHECK_EQ_STR(s, "{\"report\":\"test\",\"rows\":[\n"
	                "{\"name\":\"plain\",\"n\":0,\"rate\":0.00},\n"
	                "{\"name\":\"a,\\\"quoted\\\"\\nline\",\"n\":1000,\"rate\":0.33},\n"
	                "{\"name\":\"tab\\there \\\\ caf\xc3\xa9 \\ufffd\",\"n\":2000,\"rate\":0.67}\n"
	                "],\"summary\":{\"lexicon_hash\":\"00ff\",\"records\":3}}\n");
	free(s);
}

static void table_aligns_by_display_width(void)
{
	char *s = render(TS_FMT_TABLE);
	REQUIRE(s != NULL);
	/* numbers right-aligned, text left-aligned; the widest name is 17
	 * code points; control characters shown as spaces */
	CHECK_EQ_STR(s, "name                  n  rate\n"
	                "plain                 0  0.00\n"
	                "a,\"quoted\" line    1000  0.33\n"
	                "tab here \\ caf\xc3\xa9 \xff  2000  0.67\n"
	                "\n"
	                "lexicon_hash: 00ff\n"
	                "records: 3\n");
	free(s);
}

static void failed_write_is_an_error(void)
{
	FILE *fp = fopen("/dev/full", "w");
	ts_rows *w;
	ts_cell cells[3] = { ts_cell_cstr("x"), ts_cell_int(1), ts_cell_real(1.0, 1) };
	int rc = TS_OK;
	REQUIRE(fp != NULL);
	REQUIRE(ts_rows_new(&w, TS_FMT_CSV, fp, "test", cols, 3) == TS_OK);
	for (int i = 0; i < 10000 && rc == TS_OK; i++)
		rc = ts_rows_add(w, cells);
	if (rc == TS_OK)
		rc = ts_rows_finish(w, NULL, NULL, 0);
	CHECK_EQ_INT(rc, TS_EIO);
	ts_rows_free(w);
	fclose(fp);
}

/* Numbers print as printf's "%llu" and "%.*f" would (the writer has its
 * own formatting for speed): ties, near-ties, negative zero, big values,
 * NaN and infinity, and a spread of pseudo-random values at every
 * precision the reports use and beyond. */
static void numbers_print_as_printf_would(void)
{
	static const double fixed[] = {
		0, -0.0, 0.5, 1.5, 2.5, 0.125, 0.375, 0.005, 0.015, 0.045, 1.005, 2.675,
		0.0004999, 0.0005, 0.0005000001, 999999.9995, 12345.6785, -0.0001, -1.5,
		-2.675, 1e-300, 5e-324, 0.1 + 0.2, 1.0 / 3, 2.0 / 3, 1e8 + 0.5, 999999999.4,
		1e9, 1e9 + 0.5, 123456789012.345, 1e300, -1e300, INFINITY, -INFINITY, NAN,
	};
	static const char *const vcol[] = { "v" };
	unsigned long long seed = 88172645463325252ULL;
	char want[512], line[512];
	int bad = 0;

	for (int prec = 0; prec <= 8; prec++) {
		for (size_t k = 0; k < sizeof fixed / sizeof fixed[0] + 20000; k++) {
			double d;
			char *out = NULL;
			size_t len = 0;
			FILE *fp = open_memstream(&out, &len);
			ts_rows *w = NULL;
			ts_cell cell;
			if (k < sizeof fixed / sizeof fixed[0]) {
				d = fixed[k];
			} else {
				/* xorshift: magnitudes from 1e-4 to 1e7, both signs, and
				 * values at exact halves of the last decimal */
				seed ^= seed << 13;
				seed ^= seed >> 7;
				seed ^= seed << 17;
				d = (double)(seed % 100000000000ULL) / (double)(1ULL << (seed % 24));
				if (seed & 1)
					d = -d;
				if (k % 7 == 0)
					d = (double)(long long)(d * 1000) / 1000 + 0.0005;
			}
			REQUIRE(fp != NULL);
			REQUIRE(ts_rows_new(&w, TS_FMT_CSV, fp, "test", vcol, 1) == TS_OK);
			cell = ts_cell_real(d, prec);
			REQUIRE(ts_rows_add(w, &cell) == TS_OK);
			REQUIRE(ts_rows_finish(w, NULL, NULL, 0) == TS_OK);
			ts_rows_free(w);
			fclose(fp);
			snprintf(want, sizeof want, "v\n%.*f\n", prec, d);
			snprintf(line, sizeof line, "%s", out);
			if (strcmp(line, want) != 0 && bad++ < 5)
				CHECK_EQ_STR(line, want);
			free(out);
		}
	}
	CHECK_EQ_INT(bad, 0);
	for (unsigned long long v = 1; v != 0 && v < 18446744073709551615ULL / 3; v = v * 3 + 1) {
		char *out = NULL;
		size_t len = 0;
		FILE *fp = open_memstream(&out, &len);
		ts_rows *w = NULL;
		ts_cell cell = ts_cell_int(v);
		REQUIRE(fp != NULL);
		REQUIRE(ts_rows_new(&w, TS_FMT_CSV, fp, "test", vcol, 1) == TS_OK);
		REQUIRE(ts_rows_add(w, &cell) == TS_OK);
		REQUIRE(ts_rows_finish(w, NULL, NULL, 0) == TS_OK);
		ts_rows_free(w);
		fclose(fp);
		snprintf(want, sizeof want, "v\n%llu\n", v);
		CHECK_EQ_STR(out, want);
		free(out);
	}
}

int main(void)
{
	TS_RUN(csv_quotes_what_needs_it);
	TS_RUN(tsv_escapes_tabs_and_newlines);
	TS_RUN(json_is_valid_utf8_with_summary);
	TS_RUN(table_aligns_by_display_width);
	TS_RUN(failed_write_is_an_error);
	TS_RUN(numbers_print_as_printf_would);
	TS_TEST_MAIN_END();
}
