/*
 * spill.c - records by partition, in memory up to a cap, then in one
 * unlinked temporary file (see spill.h).  Each time the memory buffer
 * fills it is written out as a run: its records put in partition order
 * in place (no second buffer), with the offset and count of every
 * partition noted.  Reading partition
 * p back gathers its piece of every run.  This is the library's only
 * file I/O besides source.c: scratch space it creates and removes itself,
 * never a user's file (ts_tmpfile also makes source.c's spool file).
 */
#define _GNU_SOURCE /* O_TMPFILE (Linux); the rest is POSIX */
#include "spill.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "util.h"

typedef struct run_part {
	uint64_t off;   /* byte offset in the file */
	uint64_t n;     /* records */
} run_part;

struct ts_spill {
	size_t recsize, cap;     /* cap: records held in memory */
	unsigned char *buf;      /* cap records */
	unsigned char *part;     /* per record in buf: its partition */
	size_t n;                /* records in buf */
	uint64_t total;
	char *tmpdir;
	int fd;                  /* -1 until the first spill */
	uint64_t file_end;
	run_part *runs;          /* TS_SPILL_PARTS per run */
	size_t nruns, runs_cap;
	unsigned char *out;      /* a partition read back */
	size_t out_cap;
	unsigned next_part;      /* ts_spill_next's position */
	int reading;
};

static unsigned part_of(uint64_t key)
{
	return (unsigned)(ts_mix64(key) >> 58); /* TS_SPILL_PARTS == 64 */
}

const char *ts_tmpdir(const char *tmpdir)
{
	const char *dir = tmpdir;

	if (!dir || !*dir)
		dir = getenv("TMPDIR");
	if (!dir || !*dir)
		dir = "/tmp";
	return dir;
}

int ts_tmpfile(const char *dir, const char *what, ts_error *err)
{
	size_t len = strlen(dir) + strlen(what) + sizeof "/traitscan--XXXXXX";
	char *path;
	int fd, e;

#ifdef O_TMPFILE
	/* A file that never has a name: nothing is left behind even when
	 * the process is killed at once.  Where the kernel or the file
	 * system cannot (EOPNOTSUPP, EISDIR), a named file removed at once;
	 * its error is the one reported. */
	fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd >= 0)
		return fd;
#endif
	path = malloc(len);
	if (!path) {
		ts_error_set(err, TS_ENOMEM, NULL, 0, "out of memory");
		return -1;
	}
	snprintf(path, len, "%s/traitscan-%s-XXXXXX", dir, what);
	fd = mkstemp(path);
	if (fd < 0) {
		e = errno;
		ts_error_set(err, TS_EIO, NULL, 0, "cannot create a temporary file in '%s': %s",
		             dir, strerror(e));
	} else {
		unlink(path);
	}
	free(path);
	return fd;
}

int ts_spill_new(ts_spill **out, size_t recsize, size_t mem_cap, const char *tmpdir)
{
	ts_spill *s;

	*out = NULL;
	if (!recsize)
		return TS_EUSAGE;
	s = calloc(1, sizeof *s);
	if (!s)
		return TS_ENOMEM;
	if (!mem_cap)
		mem_cap = TS_SPILL_MEM;
	s->recsize = recsize;
	s->cap = mem_cap / recsize ? mem_cap / recsize : 1;
	s->fd = -1;
	s->tmpdir = strdup(ts_tmpdir(tmpdir));
	if (!s->tmpdir) {
		ts_spill_free(s);
		return TS_ENOMEM;
	}
	*out = s;
	return TS_OK;
}

static int write_all(int fd, const void *p, size_t n, uint64_t off)
{
	const unsigned char *b = p;

	while (n) {
		ssize_t w = pwrite(fd, b, n, (off_t)off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		b += w;
		n -= (size_t)w;
		off += (uint64_t)w;
	}
	return 0;
}

static int read_all(int fd, void *p, size_t n, uint64_t off)
{
	unsigned char *b = p;

	while (n) {
		ssize_t r = pread(fd, b, n, (off_t)off);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		b += r;
		n -= (size_t)r;
		off += (uint64_t)r;
	}
	return 0;
}

static int open_file(ts_spill *s, ts_error *err)
{
	ts_error e;

	s->fd = ts_tmpfile(s->tmpdir, "spill", &e);
	if (s->fd < 0) {
		if (err)
			*err = e;
		return e.code;
	}
	return TS_OK;
}

static void swap_bytes(unsigned char *a, unsigned char *b, size_t n)
{
	unsigned char t[64];

	while (n) {
		size_t k = n < sizeof t ? n : sizeof t;
		memcpy(t, a, k);
		memcpy(a, b, k);
		memcpy(b, t, k);
		a += k;
		b += k;
		n -= k;
	}
}

/* Writes the buffer out as one run, partition by partition: the records
 * are put in partition order in place, each swap putting one where it
 * belongs. */
static int flush_run(ts_spill *s, ts_error *err)
{
	size_t count[TS_SPILL_PARTS] = { 0 }, next[TS_SPILL_PARTS], end[TS_SPILL_PARTS];
	run_part *rp;
	size_t at = 0;

	if (!s->n)
		return TS_OK;
	if (s->fd < 0 && open_file(s, err))
		return err ? err->code : TS_EIO;
	if (ts_grow_array(&s->runs, &s->runs_cap, (s->nruns + 1) * TS_SPILL_PARTS,
	                  sizeof *s->runs, TS_SPILL_PARTS * 4))
		return ts_error_set(err, TS_ENOMEM, NULL, 0, "out of memory");
	for (size_t i = 0; i < s->n; i++)
		count[s->part[i]]++;
	rp = &s->runs[s->nruns * TS_SPILL_PARTS];
	for (unsigned p = 0; p < TS_SPILL_PARTS; p++) {
		next[p] = at;
		rp[p].off = s->file_end + (uint64_t)at * s->recsize;
		rp[p].n = count[p];
		at += count[p];
		end[p] = at;
	}
	for (unsigned p = 0; p < TS_SPILL_PARTS; p++) {
		while (next[p] < end[p]) {
			size_t i = next[p], j;
			unsigned q = s->part[i];
			if (q == p) {
				next[p]++;
				continue;
			}
			j = next[q]++;
			swap_bytes(s->buf + i * s->recsize, s->buf + j * s->recsize, s->recsize);
			s->part[i] = s->part[j];
			s->part[j] = (unsigned char)q;
		}
	}
	if (write_all(s->fd, s->buf, s->n * s->recsize, s->file_end)) {
		int e = errno;
		return ts_error_set(err, TS_EIO, NULL, 0, "cannot write a temporary file in '%s': %s",
		                    s->tmpdir, e ? strerror(e) : "short write");
	}
	s->file_end += (uint64_t)s->n * s->recsize;
	s->nruns++;
	s->n = 0;
	return TS_OK;
}

int ts_spill_add(ts_spill *s, uint64_t key, const void *rec, ts_error *err)
{
	int rc;

	if (s->reading)
		return ts_error_set(err, TS_EUSAGE, NULL, 0, "spill: add after read");
	if (!s->buf || !s->part) {
		/* either may be left from a failed first try */
		if (!s->buf)
			s->buf = malloc(s->cap * s->recsize);
		if (!s->part)
			s->part = malloc(s->cap);
		if (!s->buf || !s->part)
			return ts_error_set(err, TS_ENOMEM, NULL, 0, "out of memory");
	}
	if (s->n == s->cap && (rc = flush_run(s, err)) != TS_OK)
		return rc;
	memcpy(s->buf + s->n * s->recsize, rec, s->recsize);
	s->part[s->n++] = (unsigned char)part_of(key);
	s->total++;
	return TS_OK;
}

int ts_spill_next(ts_spill *s, void **recs, size_t *n, ts_error *err)
{
	*recs = NULL;
	*n = 0;
	if (!s->reading) {
		s->reading = 1;
		if (s->fd < 0) {
			/* never spilled: the buffer is the one partition */
			s->next_part = TS_SPILL_PARTS;
			if (!s->n)
				return 0;
			*recs = s->buf;
			*n = s->n;
			s->n = 0;
			return 1;
		}
		if (flush_run(s, err))
			return err ? err->code : TS_EIO;
		free(s->buf);
		s->buf = NULL;
	}
	while (s->next_part < TS_SPILL_PARTS) {
		unsigned p = s->next_part++;
		uint64_t total = 0;
		size_t at = 0;

		for (size_t r = 0; r < s->nruns; r++)
			total += s->runs[r * TS_SPILL_PARTS + p].n;
		if (!total)
			continue;
		if (total > SIZE_MAX / s->recsize)
			return ts_error_set(err, TS_ENOMEM, NULL, 0, "out of memory");
		if (total * s->recsize > s->out_cap) {
			unsigned char *o = realloc(s->out, (size_t)total * s->recsize);
			if (!o)
				return ts_error_set(err, TS_ENOMEM, NULL, 0, "out of memory");
			s->out = o;
			s->out_cap = (size_t)total * s->recsize;
		}
		for (size_t r = 0; r < s->nruns; r++) {
			const run_part *rp = &s->runs[r * TS_SPILL_PARTS + p];
			size_t bytes = (size_t)rp->n * s->recsize;
			if (bytes && read_all(s->fd, s->out + at, bytes, rp->off)) {
				int e = errno;
				return ts_error_set(err, TS_EIO, NULL, 0,
				                    "cannot read a temporary file in '%s': %s",
				                    s->tmpdir, e ? strerror(e) : "short read");
			}
			at += bytes;
		}
		*recs = s->out;
		*n = (size_t)total;
		return 1;
	}
	return 0;
}

uint64_t ts_spill_count(const ts_spill *s)
{
	return s->total;
}

int ts_spill_spilled(const ts_spill *s)
{
	return s->fd >= 0;
}

void ts_spill_free(ts_spill *s)
{
	if (!s)
		return;
	if (s->fd >= 0)
		close(s->fd);
	free(s->buf);
	free(s->part);
	free(s->out);
	free(s->runs);
	free(s->tmpdir);
	free(s);
}
