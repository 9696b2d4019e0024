/*
 * gzip_fixture.h - gzip members made in memory for the unit tests that
 * read compressed input (test_source, test_short_reads).  Not a test
 * itself.
 */
#ifndef TS_GZIP_FIXTURE_H
#define TS_GZIP_FIXTURE_H

#include <string.h>
#include <zlib.h>

#include "buf.h"
#include "traitscan.h"

/* Appends one gzip member holding data[0, n) to out; 0 or -1. */
static inline int gz_member(ts_buf *out, const void *data, size_t n)
{
	z_stream z;
	unsigned char chunk[4096];
	int zr;

	memset(&z, 0, sizeof z);
	if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return -1;
	z.next_in = (z_const Bytef *)data;
	z.avail_in = (uInt)n;
	do {
		z.next_out = chunk;
		z.avail_out = sizeof chunk;
		zr = deflate(&z, Z_FINISH);
		if (zr == Z_STREAM_ERROR ||
		    ts_buf_add(out, chunk, sizeof chunk - z.avail_out) != TS_OK) {
			deflateEnd(&z);
			return -1;
		}
	} while (zr != Z_STREAM_END);
	deflateEnd(&z);
	return 0;
}

#endif
