/*
 * fuzz_timeparse.c - fuzz target for the timestamp parser: the whole input
 * is parsed automatically (fmt NULL), and the first line is compiled as a
 * --time-format and, when it compiles, matched against the rest of the
 * input and against each later line.  Checks the promises: compile errors
 * are TS_EUSAGE with a message, and every accepted time is between year 0
 * and year 9999 (with at most 18 hours of zone and one day of 24:00).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "timeparse.h"
#include "traitscan.h"

#define MIN_SECS (-62167219200LL - 18 * 3600)       /* 0000-01-01 -18:00 */
#define MAX_SECS (253402300800LL + 18 * 3600 + 86400) /* 10000-01-01 +18:00 */

static void check(const ts_timefmt *f, const uint8_t *p, size_t n)
{
	int64_t v = 0;

	if (ts_time_parse(f, (const char *)p, n, &v) == 0 && (v < MIN_SECS || v > MAX_SECS))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	size_t line = nl ? (size_t)(nl - data) : size;
	ts_timefmt *f = NULL;
	ts_error err;
	char *spec;
	int rc;

	check(NULL, data, size);
	spec = malloc(line + 1);
	if (!spec)
		return 0;
	memcpy(spec, data, line);
	spec[line] = '\0';
	ts_error_clear(&err);
	rc = ts_timefmt_compile(&f, spec, &err);
	if (rc == TS_EUSAGE) {
		if (f || err.code != TS_EUSAGE || err.msg[0] == '\0')
			abort();
	} else if (rc == TS_OK && f) {
		const uint8_t *p = nl ? nl + 1 : data + size;
		const uint8_t *end = data + size;
		check(f, p, (size_t)(end - p));
		while (p < end) {
			const uint8_t *e = memchr(p, '\n', (size_t)(end - p));
			size_t n = e ? (size_t)(e - p) : (size_t)(end - p);
			check(f, p, n);
			check(NULL, p, n);
			p += n + (e != NULL);
		}
	} else if (rc != TS_ENOMEM || f) {
		abort();
	}
	ts_timefmt_free(f);
	free(spec);
	return 0;
}
