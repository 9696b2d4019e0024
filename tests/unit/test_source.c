/*
 * test_source.c - unit tests for the source: plain bytes pass through,
 * gzip (built here with zlib) is inflated with concatenated members,
 * truncation and corruption are told apart at every cut point, errors come
 * after the good bytes and stay, any read size gives the same bytes,
 * real files, pipes on stdin and open/read failures behave, a file that
 * shrinks while read fails, and a directory walk says what it skipped.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include "traitscan.h"
#include "buf.h"
#include "gzip_fixture.h"
#include "test.h"

/* Reads s to its end (or error) with reads of cap bytes; returns the last
 * status.  After an error, checks that the next read fails the same way. */
static int read_all(ts_source *s, size_t cap, ts_buf *out, ts_error *err)
{
	unsigned char *tmp = malloc(cap);
	size_t got;
	int rc;

	if (!tmp)
		return TS_ENOMEM;
	for (;;) {
		rc = ts_source_read(s, tmp, cap, &got, err);
		if (rc != TS_OK) {
			CHECK_EQ_INT(got, 0);
			break;
		}
		if (got == 0)
			break;
		CHECK(got <= cap);
		if (ts_buf_add(out, tmp, got) != TS_OK) {
			rc = TS_ENOMEM;
			break;
		}
	}
	if (rc != TS_OK) {
		ts_error again;
		CHECK_EQ_INT(ts_source_read(s, tmp, cap, &got, &again), rc);
		CHECK_EQ_INT(got, 0);
		CHECK_EQ_STR(again.msg, err->msg);
	}
	free(tmp);
	return rc;
}

/* Opens buf as a memory source and reads it all. */
static int decode_mem(const void *buf, size_t len, size_t cap, ts_buf *out,
                      ts_error *err)
{
	ts_source *s = NULL;
	int rc = ts_source_open_mem(&s, "t.gz", buf, len, err);

	if (rc != TS_OK)
		return rc;
	rc = read_all(s, cap, out, err);
	ts_source_free(s);
	return rc;
}

/* Deterministic text of n bytes: words from a small LCG, newlines. */
static void make_text(ts_buf *b, size_t n, unsigned seed)
{
	static const char *const words[] = {
		"sorry", "for", "the", "trouble", "I", "understand", "your",
		"refund", "ticket", "could", "you", "please", "confirm", "order",
		"\xe2\x80\x99", "thanks,", "\"quoted\"", "id=42;", "\n"
	};
	unsigned x = seed;

	while (b->len < n) {
		x = x * 1103515245u + 12345u;
		ts_buf_adds(b, words[(x >> 16) % (sizeof words / sizeof *words)]);
		ts_buf_addc(b, (x >> 8) & 1 ? ' ' : ',');
	}
	ts_buf_truncate(b, n);
}

/* Pseudo-random bytes (compress badly): makes gzip larger than a chunk. */
static void make_noise(ts_buf *b, size_t n, unsigned seed)
{
	unsigned x = seed;

	while (b->len < n) {
		x = x * 1664525u + 1013904223u;
		ts_buf_addc(b, (char)('a' + (x >> 24) % 26));
	}
}

static int same(const ts_buf *a, const ts_buf *b)
{
	return a->len == b->len && memcmp(a->p, b->p, a->len) == 0;
}

static void test_plain_passthrough(void)
{
	static const char data[] = "id,role,text\n1,agent,\x1f\x8a hi\0x\r\n\x8b\x1f";
	ts_source *s = NULL;
	ts_buf out;
	ts_error err;

	ts_buf_init(&out, 0);
	REQUIRE(ts_source_open_mem(&s, "plain.csv", data, sizeof data - 1, &err) == TS_OK);
	CHECK_EQ_INT(ts_source_is_gzip(s), 0);
	CHECK_EQ_STR(ts_source_name(s), "plain.csv");
	CHECK_EQ_INT(read_all(s, 5, &out, &err), TS_OK);
	CHECK_EQ_INT(out.len, sizeof data - 1);
	CHECK(memcmp(out.p, data, sizeof data - 1) == 0);
	ts_source_free(s);

	/* 1f alone is not the magic; 1f 8b later in a file is not either. */
	ts_buf_reset(&out);
	CHECK_EQ_INT(decode_mem("\x1f\x8a", 2, 64, &out, &err), TS_OK);
	CHECK_EQ_INT(out.len, 2);
	ts_buf_reset(&out);
	CHECK_EQ_INT(decode_mem("a\x1f\x8b", 3, 64, &out, &err), TS_OK);
	CHECK_EQ_INT(out.len, 3);
	ts_buf_release(&out);
	ts_source_free(NULL);
}

static void test_single_member(void)
{
	ts_buf text, gz, out;
	ts_source *s = NULL;
	ts_error err;

	ts_buf_init(&text, 0);
	ts_buf_init(&gz, 0);
	ts_buf_init(&out, 0);
	make_text(&text, 100000, 1);
	REQUIRE(gz_member(&gz, text.p, text.len) == 0);
	REQUIRE(ts_source_open_mem(&s, "one.gz", gz.p, gz.len, &err) == TS_OK);
	CHECK_EQ_INT(ts_source_is_gzip(s), 1);
	CHECK_EQ_INT(read_all(s, 4096, &out, &err), TS_OK);
	CHECK(same(&out, &text));
	ts_source_free(s);
	ts_buf_release(&text);
	ts_buf_release(&gz);
	ts_buf_release(&out);
}

static void test_concatenated_members(void)
{
	ts_buf a, b, gz, want, out;
	ts_error err;

	ts_buf_init(&a, 0);
	ts_buf_init(&b, 0);
	ts_buf_init(&gz, 0);
	ts_buf_init(&want, 0);
	ts_buf_init(&out, 0);
	make_text(&a, 3000, 2);
	make_text(&b, 5000, 3);
	REQUIRE(gz_member(&gz, a.p, a.len) == 0);
	REQUIRE(gz_member(&gz, b.p, b.len) == 0);
	REQUIRE(gz_member(&gz, "", 0) == 0); /* an empty member is fine too */
	ts_buf_add(&want, a.p, a.len);
	ts_buf_add(&want, b.p, b.len);
	CHECK_EQ_INT(decode_mem(gz.p, gz.len, 1000, &out, &err), TS_OK);
	CHECK(same(&out, &want));
	ts_buf_release(&a);
	ts_buf_release(&b);
	ts_buf_release(&gz);
	ts_buf_release(&want);
	ts_buf_release(&out);
}

static void test_empty_input(void)
{
	ts_buf gz, out;
	ts_source *s = NULL;
	ts_error err;
	char c;
	size_t got = 99;

	ts_buf_init(&gz, 0);
	ts_buf_init(&out, 0);
	REQUIRE(ts_source_open_mem(&s, "empty", "", 0, &err) == TS_OK);
	CHECK_EQ_INT(ts_source_read(s, &c, 1, &got, &err), TS_OK);
	CHECK_EQ_INT(got, 0);
	/* End stays the end. */
	CHECK_EQ_INT(ts_source_read(s, &c, 1, &got, &err), TS_OK);
	CHECK_EQ_INT(got, 0);
	ts_source_free(s);

	REQUIRE(gz_member(&gz, "", 0) == 0);
	CHECK_EQ_INT(decode_mem(gz.p, gz.len, 16, &out, &err), TS_OK);
	CHECK_EQ_INT(out.len, 0);
	ts_buf_release(&gz);
	ts_buf_release(&out);
}

/* Every cut of a member (and of two) is truncation, and what comes out
 * before the error is a prefix of the real data. */
static void test_truncated_every_cut(void)
{
	ts_buf text, gz, out, big;
	size_t first;
	ts_error err;

	ts_buf_init(&text, 0);
	ts_buf_init(&gz, 0);
	ts_buf_init(&out, 0);
	ts_buf_init(&big, 0);
	make_text(&text, 700, 4);
	REQUIRE(gz_member(&gz, text.p, text.len) == 0);
	first = gz.len;
	REQUIRE(gz_member(&gz, text.p, text.len) == 0);
	ts_buf_add(&out, text.p, text.len); /* both members' output */
	ts_buf_add(&text, out.p, out.len);

	for (size_t cut = 0; cut < gz.len; cut++) {
		int rc;

		ts_buf_reset(&out);
		memset(&err, 0, sizeof err);
		rc = decode_mem(gz.p, cut, 1, &out, &err);
		CHECK(out.len <= text.len && memcmp(out.p, text.p, out.len) == 0);
		/* Whatever the read size, the same bytes come out before the
		 * error: inflate must be drained at the end of the input. */
		ts_buf_reset(&big);
		CHECK_EQ_INT(decode_mem(gz.p, cut, 4096, &big, &err), rc);
		CHECK(same(&out, &big));
		if (cut == 0 || cut == first) {
			CHECK_EQ_INT(rc, TS_OK);
			CHECK_EQ_INT(out.len, cut ? text.len / 2 : 0);
		} else {
			CHECK_EQ_INT(rc, TS_ETRUNCATED);
			CHECK_EQ_STR(err.msg, "truncated gzip stream");
			CHECK_EQ_STR(err.file, "t.gz");
		}
		if (ts_test_failed_now) {
			printf("  at cut %zu of %zu\n", cut, gz.len);
			break;
		}
	}
	ts_buf_release(&text);
	ts_buf_release(&gz);
	ts_buf_release(&out);
	ts_buf_release(&big);
}

/* The error waits until the good bytes before it have been returned. */
static void test_error_after_good_bytes(void)
{
	ts_buf text, gz;
	ts_source *s = NULL;
	ts_error err;
	static char tmp[1 << 16];
	size_t got = 0, total = 0;
	int rc;

	ts_buf_init(&text, 0);
	ts_buf_init(&gz, 0);
	make_text(&text, 20000, 5);
	REQUIRE(gz_member(&gz, text.p, text.len) == 0);
	REQUIRE(ts_source_open_mem(&s, "cut.gz", gz.p, gz.len - 4, &err) == TS_OK);
	/* Only the trailer's length is missing: all data comes first. */
	rc = ts_source_read(s, tmp, sizeof tmp, &got, &err);
	CHECK_EQ_INT(rc, TS_OK);
	CHECK_EQ_INT(got, text.len);
	while (rc == TS_OK && got > 0) {
		total += got;
		rc = ts_source_read(s, tmp, sizeof tmp, &got, &err);
	}
	CHECK_EQ_INT(rc, TS_ETRUNCATED);
	CHECK_EQ_INT(total, text.len);
	CHECK_EQ_INT(err.code, TS_ETRUNCATED);
	CHECK_EQ_INT(ts_source_read(s, tmp, 1, &got, &err), TS_ETRUNCATED);
	ts_source_free(s);
	ts_buf_release(&text);
	ts_buf_release(&gz);
}

static void test_corrupt(void)
{
	ts_buf text, gz, bad, out;
	ts_error err;

	ts_buf_init(&text, 0);
	ts_buf_init(&gz, 0);
	ts_buf_init(&bad, 0);
	ts_buf_init(&out, 0);
	make_text(&text, 2000, 6);
	REQUIRE(gz_member(&gz, text.p, text.len) == 0);

	/* First deflate byte 0xff: final block of the reserved type 3. */
	ts_buf_add(&bad, gz.p, gz.len);
	bad.p[10] = (char)0xff;
	CHECK_EQ_INT(decode_mem(bad.p, bad.len, 64, &out, &err), TS_ECORRUPT);
	CHECK_EQ_STR(err.msg, "corrupt gzip stream: invalid block type");

	/* A wrong CRC in the trailer. */
	ts_buf_reset(&bad);
	ts_buf_reset(&out);
	ts_buf_add(&bad, gz.p, gz.len);
	bad.p[bad.len - 8] ^= 0x55;
	CHECK_EQ_INT(decode_mem(bad.p, bad.len, 64, &out, &err), TS_ECORRUPT);
	CHECK_EQ_STR(err.msg, "corrupt gzip stream: incorrect data check");
	CHECK(same(&out, &text)); /* the data itself came out first */

	/* A header with an unknown method. */
	ts_buf_reset(&bad);
	ts_buf_reset(&out);
	ts_buf_add(&bad, gz.p, gz.len);
	bad.p[2] = 7;
	CHECK_EQ_INT(decode_mem(bad.p, bad.len, 64, &out, &err), TS_ECORRUPT);
	CHECK(strncmp(err.msg, "corrupt gzip stream: ", 21) == 0);
	CHECK_EQ_INT(out.len, 0);

	/* Any damaged body or trailer byte: an error, never different data. */
	for (size_t i = 10; i < gz.len; i++) {
		int rc;

		ts_buf_reset(&bad);
		ts_buf_reset(&out);
		ts_buf_add(&bad, gz.p, gz.len);
		bad.p[i] ^= (char)0xa5;
		rc = decode_mem(bad.p, bad.len, 333, &out, &err);
		CHECK(rc == TS_ECORRUPT || rc == TS_ETRUNCATED ||
		      (rc == TS_OK && same(&out, &text)));
		if (ts_test_failed_now) {
			printf("  at byte %zu: %d %s\n", i, rc, err.msg);
			break;
		}
	}
	ts_buf_release(&text);
	ts_buf_release(&gz);
	ts_buf_release(&bad);
	ts_buf_release(&out);
}

static void test_trailing_garbage(void)
{
	static const struct {
		const char *tail;
		size_t n;
		int rc;
	} cases[] = {
		{ "hello", 5, TS_ECORRUPT },
		{ "\0\0\0\0\0\0\0\0", 8, TS_OK },        /* zero padding */
		{ "\0\0x", 3, TS_ECORRUPT },
		{ "\0\0\x1f\x8b", 4, TS_ECORRUPT },      /* no member after padding */
		{ "\x1f\x00", 2, TS_ECORRUPT },
		{ "\x1f", 1, TS_ETRUNCATED },            /* a member cut at 1 byte */
		{ "\x78\x9c\x03\x00\x00\x00\x00\x01", 8, TS_ECORRUPT }, /* zlib */
	};
	ts_buf text, gz, in, out;
	ts_error err;

	ts_buf_init(&text, 0);
	ts_buf_init(&gz, 0);
	ts_buf_init(&in, 0);
	ts_buf_init(&out, 0);
	make_text(&text, 1500, 7);
	REQUIRE(gz_member(&gz, text.p, text.len) == 0);
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		int rc;

		ts_buf_reset(&in);
		ts_buf_reset(&out);
		ts_buf_add(&in, gz.p, gz.len);
		ts_buf_add(&in, cases[i].tail, cases[i].n);
		rc = decode_mem(in.p, in.len, 100, &out, &err);
		CHECK_EQ_INT(rc, cases[i].rc);
		CHECK(same(&out, &text));
		if (rc == TS_ECORRUPT)
			CHECK_EQ_STR(err.msg, "trailing garbage after gzip member");
		if (ts_test_failed_now) {
			printf("  in case %zu\n", i);
			break;
		}
	}
	ts_buf_release(&text);
	ts_buf_release(&gz);
	ts_buf_release(&in);
	ts_buf_release(&out);
}

/* Any read size, down to 1, gives the same bytes. */
static void test_tiny_caps(void)
{
	static const size_t caps[] = { 1, 2, 3, 5, 7, 64, 4095, 1 << 20 };
	ts_buf text, gz, out;
	ts_error err;

	ts_buf_init(&text, 0);
	ts_buf_init(&gz, 0);
	ts_buf_init(&out, 0);
	make_text(&text, 9000, 8);
	REQUIRE(gz_member(&gz, text.p, 4000) == 0);
	REQUIRE(gz_member(&gz, text.p + 4000, text.len - 4000) == 0);
	for (size_t i = 0; i < sizeof caps / sizeof *caps; i++) {
		ts_buf_reset(&out);
		CHECK_EQ_INT(decode_mem(gz.p, gz.len, caps[i], &out, &err), TS_OK);
		CHECK(same(&out, &text));
		ts_buf_reset(&out);
		CHECK_EQ_INT(decode_mem(text.p, text.len, caps[i], &out, &err), TS_OK);
		CHECK(same(&out, &text));
		if (ts_test_failed_now) {
			printf("  at cap %zu\n", caps[i]);
			break;
		}
	}
	ts_buf_release(&text);
	ts_buf_release(&gz);
	ts_buf_release(&out);
}

static int write_file(const char *path, const void *p, size_t n)
{
	int fd = open(path, O_WRONLY | O_TRUNC);
	const char *c = p;

	if (fd < 0)
		return -1;
	while (n > 0) {
		ssize_t w = write(fd, c, n);
		if (w <= 0) {
			close(fd);
			return -1;
		}
		c += w;
		n -= (size_t)w;
	}
	return close(fd);
}

static int decode_file(const char *path, size_t cap, ts_buf *out, ts_error *err,
                       int *gzip)
{
	ts_source *s = NULL;
	int rc = ts_source_open(&s, path, err);

	if (rc != TS_OK)
		return rc;
	*gzip = ts_source_is_gzip(s);
	CHECK_EQ_STR(ts_source_name(s), path);
	rc = read_all(s, cap, out, err);
	ts_source_free(s);
	return rc;
}

/* Files larger than one read chunk, plain and gzip (members crossing the
 * chunk boundary), opened by path; and the open errors. */
static void test_file(void)
{
	char path[] = "/tmp/ts_test_source_XXXXXX";
	char missing[64];
	ts_buf text, gz, out;
	ts_source *s = NULL;
	ts_error err;
	int fd, gzip = -1;

	ts_buf_init(&text, 0);
	ts_buf_init(&gz, 0);
	ts_buf_init(&out, 0);
	fd = mkstemp(path);
	REQUIRE(fd >= 0);
	close(fd);
	make_noise(&text, 2 * TS_READ_CHUNK + 11, 9);
	REQUIRE(gz_member(&gz, text.p, text.len / 3) == 0);
	REQUIRE(gz_member(&gz, text.p + text.len / 3, text.len - text.len / 3) == 0);
	CHECK(gz.len > TS_READ_CHUNK);

	REQUIRE(write_file(path, text.p, text.len) == 0);
	CHECK_EQ_INT(decode_file(path, 65536, &out, &err, &gzip), TS_OK);
	CHECK_EQ_INT(gzip, 0);
	CHECK(same(&out, &text));

	ts_buf_reset(&out);
	REQUIRE(write_file(path, gz.p, gz.len) == 0);
	CHECK_EQ_INT(decode_file(path, 10007, &out, &err, &gzip), TS_OK);
	CHECK_EQ_INT(gzip, 1);
	CHECK(same(&out, &text));

	/* Cut inside the second member, past the first chunk. */
	ts_buf_reset(&out);
	REQUIRE(write_file(path, gz.p, gz.len - 100) == 0);
	CHECK_EQ_INT(decode_file(path, 10007, &out, &err, &gzip), TS_ETRUNCATED);
	CHECK_EQ_STR(err.file, path);

	ts_buf_reset(&out);
	REQUIRE(write_file(path, "", 0) == 0);
	CHECK_EQ_INT(decode_file(path, 10, &out, &err, &gzip), TS_OK);
	CHECK_EQ_INT(out.len, 0);

	unlink(path);
	snprintf(missing, sizeof missing, "%s.csv", path);
	CHECK_EQ_INT(ts_source_open(&s, missing, &err), TS_EIO);
	CHECK(s == NULL);
	{
		char want[128];
		snprintf(want, sizeof want, "cannot open '%s': No such file or directory",
		         missing);
		CHECK_EQ_STR(err.msg, want);
	}
	CHECK_EQ_STR(err.file, missing);
	CHECK_EQ_INT(err.code, TS_EIO);

	CHECK_EQ_INT(ts_source_open(&s, "/tmp", &err), TS_EIO);
	CHECK(s == NULL);
	CHECK_EQ_STR(err.msg, "cannot open '/tmp': is a directory");
	ts_buf_release(&text);
	ts_buf_release(&gz);
	ts_buf_release(&out);
}

/* A second pass: after part or all of the input was read (or it failed),
 * rewinding gives every byte again, plain or gzip, file or memory. */
static void test_rewind(void)
{
	char path[] = "/tmp/ts_test_source_XXXXXX";
	ts_buf text, gz, out;
	ts_source *s = NULL;
	ts_error err;
	char head[100];
	size_t got;
	int fd;

	ts_buf_init(&text, 0);
	ts_buf_init(&gz, 0);
	ts_buf_init(&out, 0);
	fd = mkstemp(path);
	REQUIRE(fd >= 0);
	close(fd);
	make_noise(&text, TS_READ_CHUNK + 5000, 3);
	REQUIRE(gz_member(&gz, text.p, 7000) == 0);
	REQUIRE(gz_member(&gz, text.p + 7000, text.len - 7000) == 0);
	for (int k = 0; k < 4; k++) {
		const ts_buf *in = k % 2 ? &gz : &text;
		if (k < 2) {
			REQUIRE(write_file(path, in->p, in->len) == 0);
			REQUIRE(ts_source_open(&s, path, &err) == TS_OK);
		} else {
			REQUIRE(ts_source_open_mem(&s, "m", in->p, in->len, &err) == TS_OK);
		}
		CHECK_EQ_INT(ts_source_can_rewind(s), 1);
		CHECK_EQ_INT(ts_source_read(s, head, sizeof head, &got, &err), TS_OK);
		CHECK_EQ_INT(got, sizeof head);
		CHECK_EQ_INT(ts_source_rewind(s, &err), TS_OK);
		ts_buf_reset(&out);
		CHECK_EQ_INT(read_all(s, 4096, &out, &err), TS_OK);
		CHECK(same(&out, &text));
		CHECK_EQ_INT(ts_source_is_gzip(s), k % 2);
		/* and again after the end */
		CHECK_EQ_INT(ts_source_rewind(s, &err), TS_OK);
		ts_buf_reset(&out);
		CHECK_EQ_INT(read_all(s, 65536, &out, &err), TS_OK);
		CHECK(same(&out, &text));
		ts_source_free(s);
	}
	/* a truncated gzip fails the same way on each pass */
	REQUIRE(write_file(path, gz.p, gz.len - 50) == 0);
	REQUIRE(ts_source_open(&s, path, &err) == TS_OK);
	for (int pass = 0; pass < 2; pass++) {
		ts_buf_reset(&out);
		CHECK_EQ_INT(read_all(s, 4096, &out, &err), TS_ETRUNCATED);
		CHECK(out.len > 0 && out.len < text.len);
		CHECK_EQ_INT(ts_source_rewind(s, &err), TS_OK);
	}
	ts_source_free(s);
	unlink(path);
	ts_buf_release(&text);
	ts_buf_release(&gz);
	ts_buf_release(&out);
}

/* A file truncated while it is read (plain and gzip, first pass and the
 * pass after a rewind) fails with a read error after its good bytes; one
 * that grows is read to its new end. */
static void test_shrinking_file(void)
{
	char path[] = "/tmp/ts_test_source_XXXXXX";
	char want[160];
	ts_buf text, gz, out;
	ts_source *s = NULL;
	ts_error err;
	static char buf[1 << 16];
	size_t got;
	int fd;

	ts_buf_init(&text, 0);
	ts_buf_init(&gz, 0);
	ts_buf_init(&out, 0);
	fd = mkstemp(path);
	REQUIRE(fd >= 0);
	close(fd);
	make_noise(&text, 3 * TS_READ_CHUNK, 5);
	REQUIRE(gz_member(&gz, text.p, text.len) == 0);

	/* plain: the first 64 KiB come from the first read of 256 KiB; cut
	 * to 1000 bytes, the next read() meets the end at 256 KiB */
	REQUIRE(write_file(path, text.p, text.len) == 0);
	REQUIRE(ts_source_open(&s, path, &err) == TS_OK);
	CHECK_EQ_INT(ts_source_read(s, buf, sizeof buf, &got, &err), TS_OK);
	REQUIRE(truncate(path, 1000) == 0);
	ts_buf_reset(&out);
	CHECK_EQ_INT(read_all(s, sizeof buf, &out, &err), TS_EIO);
	CHECK_EQ_INT(got + out.len, TS_READ_CHUNK);
	snprintf(want, sizeof want, "file shrank while being read: it ended after %zu of "
	         "the %zu bytes it had when opened", TS_READ_CHUNK, text.len);
	CHECK_EQ_STR(err.msg, want);
	CHECK_EQ_STR(err.file, path);
	/* the second pass of a shrunk file fails too (at 1000 bytes) */
	CHECK_EQ_INT(ts_source_rewind(s, &err), TS_OK);
	ts_buf_reset(&out);
	CHECK_EQ_INT(read_all(s, sizeof buf, &out, &err), TS_EIO);
	CHECK_EQ_INT(out.len, 1000);
	ts_source_free(s);

	/* gzip: the compressed file shrinks the same way */
	REQUIRE(write_file(path, gz.p, gz.len) == 0);
	CHECK(gz.len > TS_READ_CHUNK);
	REQUIRE(ts_source_open(&s, path, &err) == TS_OK);
	CHECK_EQ_INT(ts_source_read(s, buf, sizeof buf, &got, &err), TS_OK);
	REQUIRE(truncate(path, 10) == 0);
	ts_buf_reset(&out);
	CHECK_EQ_INT(read_all(s, sizeof buf, &out, &err), TS_EIO);
	CHECK(strncmp(err.msg, "file shrank while being read", 28) == 0);
	ts_source_free(s);

	/* a file that grows while being read is read to its new end */
	REQUIRE(write_file(path, text.p, TS_READ_CHUNK + 10) == 0);
	REQUIRE(ts_source_open(&s, path, &err) == TS_OK);
	CHECK_EQ_INT(ts_source_read(s, buf, sizeof buf, &got, &err), TS_OK);
	REQUIRE(write_file(path, text.p, text.len) == 0);
	ts_buf_reset(&out);
	CHECK_EQ_INT(read_all(s, sizeof buf, &out, &err), TS_OK);
	CHECK_EQ_INT(got + out.len, text.len);
	ts_source_free(s);
	unlink(path);
	ts_buf_release(&text);
	ts_buf_release(&gz);
	ts_buf_release(&out);
}

/* The walk's visits and diagnostics, one line each. */
static int walk_file(void *ud, const char *path)
{
	ts_buf_addf(ud, "F %s\n", strrchr(path, '/') + 1);
	return 0;
}

/* "E msg" for an error (names the path, shortened to its last part),
 * "W name: msg" for a warning. */
static int walk_note(void *ud, const ts_error *e)
{
	const char *slash = strrchr(e->file, '/');

	if (e->code) {
		const char *q = strchr(e->msg, '\''), *tail = q ? strrchr(e->msg, '/') : NULL;
		CHECK_EQ_INT(e->code, TS_EIO);
		CHECK_EQ_STR(e->file, "");
		if (q && tail)
			ts_buf_addf(ud, "E %.*s%s\n", (int)(q + 1 - e->msg), e->msg, tail + 1);
		else
			ts_buf_addf(ud, "E %s\n", e->msg);
	} else {
		ts_buf_addf(ud, "W %s: %s\n", slash ? slash + 1 : e->file, e->msg);
	}
	return 0;
}

/* A directory with a file, a dangling symlink, a link to itself, a FIFO,
 * a loop back up and a second link to the file: files are visited once,
 * what cannot be read is an error, what is skipped on purpose a warning. */
static void test_walk(void)
{
	static const char *const names[] = {"a.csv", "b-gone.csv", "c-self.csv", "d-pipe.csv",
	                                     "e-up", "f-again.csv"};
	char dir[] = "/tmp/ts_test_walk_XXXXXX";
	char p[256];
	ts_buf log;
	ts_error err;

	REQUIRE(mkdtemp(dir) != NULL);
	ts_buf_init(&log, 0);
	snprintf(p, sizeof p, "%s/a.csv", dir);
	{
		int fd = open(p, O_WRONLY | O_CREAT, 0644);
		REQUIRE(fd >= 0);
		close(fd);
	}
	snprintf(p, sizeof p, "%s/b-gone.csv", dir);
	REQUIRE(symlink("nowhere.csv", p) == 0);
	snprintf(p, sizeof p, "%s/c-self.csv", dir);
	REQUIRE(symlink("c-self.csv", p) == 0);
	snprintf(p, sizeof p, "%s/d-pipe.csv", dir);
	REQUIRE(mkfifo(p, 0644) == 0);
	snprintf(p, sizeof p, "%s/e-up", dir);
	REQUIRE(symlink(".", p) == 0);
	snprintf(p, sizeof p, "%s/f-again.csv", dir);
	REQUIRE(symlink("a.csv", p) == 0);
	CHECK_EQ_INT(ts_source_walk(dir, walk_file, walk_note, &log, &err), TS_OK);
	CHECK_EQ_STR(log.p, "F a.csv\n"
	             "E cannot open 'b-gone.csv': No such file or directory\n"
	             "E cannot open 'c-self.csv': Too many levels of symbolic links\n"
	             "W d-pipe.csv: skipped: not a regular file\n"
	             "W e-up: skipped: a directory already read (symlink loop?)\n"
	             "W f-again.csv: skipped: a file already read\n");
	/* a directory that cannot be opened: an error (unless we are root,
	 * whom permissions do not stop) */
	snprintf(p, sizeof p, "%s/g-locked", dir);
	REQUIRE(mkdir(p, 0) == 0);
	if (access(p, R_OK) != 0) {
		ts_buf_reset(&log);
		CHECK_EQ_INT(ts_source_walk(dir, walk_file, walk_note, &log, &err), TS_OK);
		CHECK(strstr(log.p, "E cannot open directory 'g-locked': Permission denied\n") != NULL);
	}
	rmdir(p);
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		snprintf(p, sizeof p, "%s/%s", dir, names[i]);
		unlink(p);
	}
	rmdir(dir);
	ts_buf_release(&log);
}

/* Runs fn with fd as stdin, then puts stdin back and checks that the
 * source left fd 0 open. */
static void with_stdin(int fd, void (*fn)(void *), void *arg)
{
	int saved = dup(0);

	if (saved < 0 || dup2(fd, 0) < 0) {
		CHECK(!"cannot redirect stdin");
		return;
	}
	close(fd);
	fn(arg);
	CHECK(fcntl(0, F_GETFD) >= 0);
	dup2(saved, 0);
	close(saved);
}

struct stdin_case {
	const ts_buf *want;
	int rc;
	const char *msg;
};

static void read_stdin(void *arg)
{
	struct stdin_case *c = arg;
	ts_source *s = NULL;
	ts_buf out;
	ts_error err;
	int rc;

	ts_buf_init(&out, 0);
	REQUIRE(ts_source_open(&s, "-", &err) == TS_OK);
	CHECK_EQ_STR(ts_source_name(s), "<stdin>");
	/* a pipe cannot be read twice */
	CHECK_EQ_INT(ts_source_can_rewind(s), 0);
	CHECK_EQ_INT(ts_source_rewind(s, &err), TS_EUSAGE);
	rc = read_all(s, 777, &out, &err);
	CHECK_EQ_INT(rc, c->rc);
	if (c->want)
		CHECK(same(&out, c->want));
	if (c->msg)
		CHECK_EQ_STR(err.msg, c->msg);
	ts_source_free(s);
	ts_buf_release(&out);
}

/* Runs fn with a pipe on stdin whose writer delivers data, the first
 * bytes one at a time, as a slow producer does. */
static void through_pipe(const ts_buf *data, void (*fn)(void *), void *arg)
{
	int p[2];
	pid_t pid;
	int status = 0;

	REQUIRE(pipe(p) == 0);
	fflush(stdout);
	pid = fork();
	REQUIRE(pid >= 0);
	if (pid == 0) {
		close(p[0]);
		for (size_t i = 0; i < data->len; ) {
			size_t n = i < 4 ? 1 : data->len - i;
			ssize_t w = write(p[1], data->p + i, n);
			if (w <= 0)
				_exit(1);
			i += (size_t)w;
			if (i <= 4)
				usleep(20000);
		}
		_exit(0);
	}
	close(p[1]);
	with_stdin(p[0], fn, arg);
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	      WEXITSTATUS(status) == 0);
}

/* Reads data through a pipe on stdin: want comes out. */
static void pipe_through_stdin(const ts_buf *data, const ts_buf *want)
{
	struct stdin_case c;

	c.want = want;
	c.rc = TS_OK;
	c.msg = NULL;
	through_pipe(data, read_stdin, &c);
}

struct spool_case {
	const ts_buf *want;     /* the decoded input */
	const char *tmpdir;     /* where the copy goes */
	int first_rc;           /* how the first pass ends */
	size_t second_len;      /* bytes the second pass reads */
	int drop;               /* ts_source_unspool before rewinding */
	int full;               /* the copy cannot grow past 64 kB */
};

/* The first 1000 bytes read, then the copy asked for with them, the
 * rest read; rewinding reads the copy. */
static void spool_stdin(void *arg)
{
	struct spool_case *c = arg;
	ts_source *s = NULL;
	ts_buf out;
	ts_error err;
	size_t got;
	int rc;

	ts_buf_init(&out, 0);
	REQUIRE(ts_source_open(&s, "-", &err) == TS_OK);
	while (out.len < 1000) {
		char head[1000];
		REQUIRE(ts_source_read(s, head, 1000 - out.len, &got, &err) == TS_OK);
		REQUIRE(got > 0);
		ts_buf_add(&out, head, got);
	}
	rc = ts_source_spool(s, out.p, out.len, c->tmpdir, &err);
	if (c->tmpdir && strcmp(c->tmpdir, "/nonexistent/ts") == 0) {
		CHECK_EQ_INT(rc, TS_EIO);
		CHECK_EQ_STR(err.file, "");
		CHECK_EQ_STR(err.msg, "cannot create a temporary file in '/nonexistent/ts': "
		                      "No such file or directory");
		CHECK_EQ_INT(read_all(s, 777, &out, &err), TS_OK);
		CHECK_EQ_INT(ts_source_rewind(s, &err), TS_EUSAGE);
		ts_source_free(s);
		ts_buf_release(&out);
		return;
	}
	CHECK_EQ_INT(rc, TS_OK);
	if (c->full) {
		/* as on a full disk: the read after the failed write says so,
		 * naming no input, and there is no second pass */
		struct rlimit old, lim;
		void (*was)(int) = signal(SIGXFSZ, SIG_IGN);
		REQUIRE(getrlimit(RLIMIT_FSIZE, &old) == 0);
		lim = old;
		lim.rlim_cur = 65536;
		REQUIRE(setrlimit(RLIMIT_FSIZE, &lim) == 0);
		if (c->drop) {
			/* the copy fails on a read that still gives its bytes;
			 * dropping the copy forgets the failure */
			rc = TS_OK;
			while (rc == TS_OK && out.len <= 65536) {
				char more[777];
				rc = ts_source_read(s, more, sizeof more, &got, &err);
				ts_buf_add(&out, more, got);
			}
			setrlimit(RLIMIT_FSIZE, &old);
			signal(SIGXFSZ, was);
			CHECK_EQ_INT(rc, TS_OK);
			ts_source_unspool(s);
			CHECK_EQ_INT(read_all(s, 777, &out, &err), TS_OK);
			CHECK(same(&out, c->want));
			CHECK_EQ_INT(ts_source_rewind(s, &err), TS_EUSAGE);
			ts_source_free(s);
			ts_buf_release(&out);
			return;
		}
		rc = read_all(s, 777, &out, &err);
		setrlimit(RLIMIT_FSIZE, &old);
		signal(SIGXFSZ, was);
		CHECK_EQ_INT(rc, TS_EIO);
		CHECK_EQ_STR(err.file, "");
		CHECK_EQ_STR(err.msg, "cannot write a temporary copy of <stdin>: File too large");
		CHECK_EQ_INT(ts_source_rewind(s, &err), TS_EIO);
		CHECK_EQ_STR(err.msg, "cannot write a temporary copy of <stdin>: File too large");
		/* the writer is not left blocked on a full pipe */
		while (read(0, &rc, sizeof rc) > 0)
			;
		ts_source_free(s);
		ts_buf_release(&out);
		return;
	}
	CHECK_EQ_INT(read_all(s, 777, &out, &err), c->first_rc);
	if (c->first_rc == TS_OK)
		CHECK(same(&out, c->want));
	if (c->drop) {
		ts_source_unspool(s);
		CHECK_EQ_INT(ts_source_rewind(s, &err), TS_EUSAGE);
	} else {
		/* every pass from here on reads the copy, as plain bytes */
		for (int pass = 0; pass < 2; pass++) {
			CHECK_EQ_INT(ts_source_rewind(s, &err), TS_OK);
			CHECK_EQ_INT(ts_source_can_rewind(s), 1);
			ts_buf_reset(&out);
			CHECK_EQ_INT(read_all(s, 4096, &out, &err), TS_OK);
			CHECK_EQ_INT(ts_source_is_gzip(s), 0);
			CHECK_EQ_INT(out.len, c->second_len);
			CHECK(out.len <= c->want->len && memcmp(out.p, c->want->p, out.len) == 0);
		}
	}
	ts_source_free(s);
	ts_buf_release(&out);
}

/* A pipe copied for a second pass: plain, gzip (the copy is inflated),
 * a copy dropped, a gzip cut short (the copy holds what was read), a copy
 * that cannot be written (kept: an error; dropped: none), and a
 * directory where none can be made. */
static void test_stdin_spool(void)
{
	ts_buf text, gz;
	struct spool_case c = { NULL, NULL, TS_OK, 0, 0, 0 };

	ts_buf_init(&text, 0);
	ts_buf_init(&gz, 0);
	make_text(&text, TS_READ_CHUNK + 30000, 12);
	REQUIRE(gz_member(&gz, text.p, text.len) == 0);
	c.want = &text;
	c.second_len = text.len;
	through_pipe(&text, spool_stdin, &c);
	through_pipe(&gz, spool_stdin, &c);
	c.drop = 1;
	through_pipe(&text, spool_stdin, &c);
	c.drop = 0;
	gz.len -= 40;
	c.first_rc = TS_ETRUNCATED;
	c.second_len = 0; /* set below: whatever the first pass got */
	{
		/* what a truncated stream gives before its error */
		ts_source *m = NULL;
		ts_buf part;
		ts_error err;
		ts_buf_init(&part, 0);
		REQUIRE(ts_source_open_mem(&m, "m", gz.p, gz.len, &err) == TS_OK);
		CHECK_EQ_INT(read_all(m, 777, &part, &err), TS_ETRUNCATED);
		c.second_len = part.len;
		ts_source_free(m);
		ts_buf_release(&part);
	}
	CHECK(c.second_len > 1000 && c.second_len < text.len);
	through_pipe(&gz, spool_stdin, &c);
	c.first_rc = TS_OK;
	c.full = 1;
	through_pipe(&text, spool_stdin, &c);
	c.drop = 1;
	through_pipe(&text, spool_stdin, &c);
	c.drop = 0;
	c.full = 0;
	c.tmpdir = "/nonexistent/ts";
	through_pipe(&text, spool_stdin, &c);
	ts_buf_release(&text);
	ts_buf_release(&gz);
}

static void test_stdin_pipe_short_reads(void)
{
	ts_buf text, gz;

	ts_buf_init(&text, 0);
	ts_buf_init(&gz, 0);
	make_text(&text, 50000, 10);
	REQUIRE(gz_member(&gz, text.p, text.len) == 0);
	REQUIRE(gz_member(&gz, "0123456789", 10) == 0);
	ts_buf_add(&text, "0123456789", 10);
	pipe_through_stdin(&gz, &text);

	/* Plain text that starts with 1f (but not 1f 8b) stays plain. */
	ts_buf_reset(&text);
	ts_buf_add(&text, "\x1f\x8a,\x1f\n", 5);
	make_text(&text, 1000, 11);
	pipe_through_stdin(&text, &text);
	ts_buf_release(&text);
	ts_buf_release(&gz);
}

/* A read error: a directory as stdin cannot be read. */
static void test_read_error(void)
{
	struct stdin_case c;
	int fd = open("/tmp", O_RDONLY);

	REQUIRE(fd >= 0);
	c.want = NULL;
	c.rc = TS_EIO;
	c.msg = "read error: Is a directory";
	with_stdin(fd, read_stdin, &c);
}

int main(void)
{
	TS_RUN(test_plain_passthrough);
	TS_RUN(test_single_member);
	TS_RUN(test_concatenated_members);
	TS_RUN(test_empty_input);
	TS_RUN(test_truncated_every_cut);
	TS_RUN(test_error_after_good_bytes);
	TS_RUN(test_corrupt);
	TS_RUN(test_trailing_garbage);
	TS_RUN(test_tiny_caps);
	TS_RUN(test_file);
	TS_RUN(test_rewind);
	TS_RUN(test_shrinking_file);
	TS_RUN(test_walk);
	TS_RUN(test_stdin_pipe_short_reads);
	TS_RUN(test_stdin_spool);
	TS_RUN(test_read_error);
	TS_TEST_MAIN_END();
}
