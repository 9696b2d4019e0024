/*
 * fuzz_source.c - fuzz target for the source: any bytes, read to the end
 * with a small odd read size and again with a large one.  Both must give
 * the same bytes and the same final status, and a failed source must keep
 * failing the same way.  Output is capped so gzip bombs stay cheap.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "traitscan.h"

#define MAX_OUT ((size_t)1 << 20)

/* Reads src to its end into out (at most MAX_OUT bytes kept); returns the
 * final status and the number of bytes in *n. */
static int drain(const uint8_t *data, size_t size, size_t cap,
                 unsigned char *out, size_t *n)
{
	ts_source *s = NULL;
	ts_error err;
	unsigned char tmp[4096];
	size_t got;
	int rc;

	*n = 0;
	if (ts_source_open_mem(&s, "fuzz", data, size, &err) != TS_OK)
		abort();
	for (;;) {
		rc = ts_source_read(s, tmp, cap, &got, &err);
		if (rc != TS_OK || got == 0 || *n + got > MAX_OUT)
			break;
		memcpy(out + *n, tmp, got);
		*n += got;
	}
	if (rc != TS_OK) {
		ts_error again;
		if (ts_source_read(s, tmp, cap, &got, &again) != rc || got != 0 ||
		    strcmp(again.msg, err.msg) != 0)
			abort();
	}
	ts_source_free(s);
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static unsigned char a[MAX_OUT], b[MAX_OUT];
	size_t na, nb;
	int ra = drain(data, size, 7, a, &na);
	int rb = drain(data, size, 4096, b, &nb);

	/* A capped run may stop at different points; compare what both kept. */
	if (na < MAX_OUT - 4096 && nb < MAX_OUT - 4096 && (ra != rb || na != nb))
		abort();
	if (memcmp(a, b, na < nb ? na : nb) != 0)
		abort();
	return 0;
}
