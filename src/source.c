/*
 * source.c - the only library file that touches input: files, stdin and
 * caller memory, with gzip sniffed by its magic bytes (1f 8b) and inflated
 * as a stream, concatenated members included (after zstd's fileio.c).
 *
 * Memory is constant: one TS_READ_CHUNK input window for files (none for
 * memory sources) plus the zlib state; plain input is read straight into
 * the caller's buffer and gzip is inflated straight into it.
 *
 * Errors are reported on the read that hits them, after every good byte
 * produced before them: a read that produced bytes returns TS_OK, the next
 * returns the error, and every read after that returns it again.  A
 * regular file that ends before the size it had when it was opened shrank
 * while being read (truncated or rewritten under us): that is a read
 * error too, not an end, so a record cut short is not taken for a whole
 * one.
 *
 * A pipe cannot be read twice; for a second pass the caller asks for a
 * spool (ts_source_spool): every decoded byte read from then on is also
 * written to an unlinked temporary file (spill.c's ts_tmpfile), and
 * rewinding reads that file instead, as plain bytes.  It costs the
 * decoded size of the input on disk, and nothing when not asked for.
 *
 * Not here: format detection or any parsing of what the bytes mean.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "spill.h"
#include "traitscan.h"

#define STDIN_NAME "<stdin>"

struct ts_source {
	char *name;
	int fd;                   /* -1 for memory sources */
	int close_fd;             /* 0 for stdin */
	int seekable;             /* a regular file: ts_source_rewind works */
	off_t start;              /* its offset when opened */
	size_t mem_len;           /* a memory source's length */
	uint64_t size;            /* a regular file's bytes after start when
	                           * opened (0: not known) */
	uint64_t raw_read;        /* bytes read from fd since start */

	/* The raw input window: win[pos, len) are bytes not yet consumed.
	 * For files it is the owned buffer buf; for memory sources it is the
	 * caller's memory. */
	unsigned char *buf;
	const unsigned char *win;
	size_t pos, len;
	int raw_eof;              /* no more raw input after the window */
	int raw_failed;           /* ... because reading failed: err says how */

	int gzip;
	int z_ready;              /* inflateInit2 done */
	int member_done;          /* a gzip member ended; more may follow */
	int padding;              /* zero bytes seen after the last member */
	z_stream z;

	int failed;               /* err is final: every read returns it */
	ts_error err;

	int spool_fd;             /* the copy of what was read, or -1 */
	uint64_t spool_len;
	int spool_failed;         /* writing it failed: spool_err says why */
	int failed_by_spool;      /* failed only because of that */
	ts_error spool_err;
	int plain;                /* reading the copy: no gzip sniffing */
};

/* Makes err final: "what" or "what: detail". */
static int fail(ts_source *s, int code, const char *what, const char *detail)
{
	if (detail)
		ts_error_set(&s->err, code, s->name, 0, "%s: %s", what, detail);
	else
		ts_error_set(&s->err, code, s->name, 0, "%s", what);
	s->failed = 1;
	return code;
}

/* Reads once into p, retrying on EINTR: >0 bytes, 0 at end, -1 on error. */
static ssize_t read_some(int fd, void *p, size_t n)
{
	ssize_t r;

	if (n > (size_t)SSIZE_MAX)
		n = (size_t)SSIZE_MAX;
	do
		r = read(fd, p, n);
	while (r < 0 && errno == EINTR);
	return r;
}

static void raw_error(ts_source *s, int e)
{
	ts_error_set(&s->err, TS_EIO, s->name, 0, "read error: %s", strerror(e));
	s->raw_eof = 1;
	s->raw_failed = 1;
}

/* read() gave 0: the end, unless the file shrank while being read. */
static void raw_end(ts_source *s)
{
	s->raw_eof = 1;
	if (s->raw_read >= s->size)
		return;
	ts_error_set(&s->err, TS_EIO, s->name, 0,
	             "file shrank while being read: it ended after %llu of the %llu bytes "
	             "it had when opened", (unsigned long long)s->raw_read,
	             (unsigned long long)s->size);
	s->raw_failed = 1;
}

/*
 * Appends raw input to the window (moving unconsumed bytes to the front
 * first).  Sets raw_eof (and raw_failed) when there is no more.
 */
static void raw_fill(ts_source *s)
{
	ssize_t r;

	if (s->raw_eof)
		return;
	if (s->pos > 0) {
		memmove(s->buf, s->buf + s->pos, s->len - s->pos);
		s->len -= s->pos;
		s->pos = 0;
	}
	if (s->len == TS_READ_CHUNK)
		return;
	r = read_some(s->fd, s->buf + s->len, TS_READ_CHUNK - s->len);
	if (r < 0) {
		raw_error(s, errno);
	} else if (r == 0) {
		raw_end(s);
	} else {
		s->len += (size_t)r;
		s->raw_read += (uint64_t)r;
	}
}

static size_t avail(const ts_source *s)
{
	return s->len - s->pos;
}

/* Makes at least want bytes available unless the input ends first. */
static void raw_need(ts_source *s, size_t want)
{
	while (avail(s) < want && !s->raw_eof)
		raw_fill(s);
}

/* zlib allocates through the library's own calls (its default would be
 * the same malloc from inside libz), so that its state counts as ours:
 * the allocation-failure test fails these too. */
static voidpf z_alloc(voidpf opaque, uInt items, uInt size)
{
	(void)opaque;
	return calloc(items, size);
}

static void z_free(voidpf opaque, voidpf p)
{
	(void)opaque;
	free(p);
}

/*
 * Decides plain or gzip from the first two bytes, reading until there are
 * two (a pipe may deliver one at a time).  A lone 1f at the very end is
 * taken as a gzip stream cut after its first byte.
 */
static int sniff(ts_source *s)
{
	if (s->plain)
		return TS_OK;
	raw_need(s, 2);
	if (avail(s) == 0 || s->win[s->pos] != 0x1f)
		return TS_OK;
	if (avail(s) >= 2 && s->win[s->pos + 1] != 0x8b)
		return TS_OK;
	s->gzip = 1;
	s->z.zalloc = z_alloc;
	s->z.zfree = z_free;
	s->z.opaque = Z_NULL;
	/* 15+32: auto-detect the header; only gzip members get here. */
	if (inflateInit2(&s->z, 15 + 32) != Z_OK)
		return TS_ENOMEM;
	s->z_ready = 1;
	return TS_OK;
}

static ts_source *source_new(const char *name)
{
	ts_source *s = calloc(1, sizeof *s);

	if (!s)
		return NULL;
	s->fd = -1;
	s->spool_fd = -1;
	s->name = strdup(name);
	if (!s->name) {
		free(s);
		return NULL;
	}
	return s;
}

int ts_source_open(ts_source **out, const char *path, ts_error *err)
{
	ts_source *s = NULL;
	struct stat st;
	int rc;

	*out = NULL;
	s = source_new(strcmp(path, "-") == 0 ? STDIN_NAME : path);
	if (!s)
		return ts_error_set(err, TS_ENOMEM, path, 0, "out of memory");
	if (strcmp(path, "-") == 0) {
		s->fd = 0;
	} else {
		do
			s->fd = open(path, O_RDONLY | O_CLOEXEC);
		while (s->fd < 0 && errno == EINTR);
		if (s->fd < 0) {
			rc = ts_error_set(err, TS_EIO, path, 0, "cannot open '%s': %s",
			                  path, strerror(errno));
			goto fail;
		}
		s->close_fd = 1;
		if (fstat(s->fd, &st) == 0 && S_ISDIR(st.st_mode)) {
			rc = ts_error_set(err, TS_EIO, path, 0,
			                  "cannot open '%s': is a directory", path);
			goto fail;
		}
#ifdef POSIX_FADV_SEQUENTIAL
		(void)posix_fadvise(s->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
	}
	/* stdin redirected from a file can be read twice as well */
	if (fstat(s->fd, &st) == 0 && S_ISREG(st.st_mode)) {
		s->start = lseek(s->fd, 0, SEEK_CUR);
		s->seekable = s->start >= 0;
		if (s->seekable && st.st_size > s->start)
			s->size = (uint64_t)(st.st_size - s->start);
	}
	s->buf = malloc(TS_READ_CHUNK);
	if (!s->buf) {
		rc = ts_error_set(err, TS_ENOMEM, path, 0, "out of memory");
		goto fail;
	}
	s->win = s->buf;
	rc = sniff(s);
	if (rc != TS_OK) {
		ts_error_set(err, rc, path, 0, "out of memory");
		goto fail;
	}
	*out = s;
	return TS_OK;
fail:
	ts_source_free(s);
	return rc;
}

int ts_source_open_mem(ts_source **out, const char *name, const void *buf,
                       size_t len, ts_error *err)
{
	ts_source *s;

	*out = NULL;
	s = source_new(name ? name : "<memory>");
	if (!s)
		return ts_error_set(err, TS_ENOMEM, name, 0, "out of memory");
	s->win = len ? buf : (const unsigned char *)"";
	s->len = len;
	s->mem_len = len;
	s->seekable = 1;
	s->raw_eof = 1;
	if (sniff(s) != TS_OK) {
		ts_source_free(s);
		return ts_error_set(err, TS_ENOMEM, name, 0, "out of memory");
	}
	*out = s;
	return TS_OK;
}

/* Plain input: the window left by the sniff, then reads into buf. */
static int read_plain(ts_source *s, unsigned char *buf, size_t cap, size_t *got)
{
	ssize_t r;

	if (avail(s) > 0) {
		size_t n = avail(s) < cap ? avail(s) : cap;
		memcpy(buf, s->win + s->pos, n);
		s->pos += n;
		*got = n;
		return TS_OK;
	}
	if (s->raw_eof) {
		if (s->raw_failed) {
			s->failed = 1;
			return s->err.code;
		}
		return TS_OK;
	}
	r = read_some(s->fd, buf, cap);
	if (r < 0) {
		raw_error(s, errno);
		s->failed = 1;
		return TS_EIO;
	}
	if (r == 0) {
		raw_end(s);
		if (s->raw_failed) {
			s->failed = 1;
			return s->err.code;
		}
	}
	s->raw_read += (uint64_t)r;
	*got = (size_t)r;
	return TS_OK;
}

/*
 * Between members: more input must be another gzip member (1f 8b) or zero
 * padding up to the end.  Returns 1 to inflate another member, 0 at the
 * clean end, or a negative status with the source failed.
 */
static int next_member(ts_source *s)
{
	for (;;) {
		const unsigned char *p;

		raw_need(s, 2);
		if (avail(s) == 0) {
			if (s->raw_failed) {
				s->failed = 1;
				return s->err.code;
			}
			return 0;
		}
		p = s->win + s->pos;
		if (p[0] == 0) {
			size_t n = 0;
			while (n < avail(s) && p[n] == 0)
				n++;
			s->pos += n;
			s->padding = 1;
			continue;
		}
		if (s->padding || p[0] != 0x1f || (avail(s) >= 2 && p[1] != 0x8b))
			return fail(s, TS_ECORRUPT, "trailing garbage after gzip member",
			            NULL);
		if (inflateReset(&s->z) != Z_OK)
			return fail(s, TS_ECORRUPT, "corrupt gzip stream",
			            "cannot reset inflate");
		s->member_done = 0;
		return 1;
	}
}

/* Inflates into buf until it is full, the input ends or an error. */
static int read_gzip(ts_source *s, unsigned char *buf, size_t cap, size_t *got)
{
	z_stream *z = &s->z;
	uInt want = cap > UINT_MAX ? UINT_MAX : (uInt)cap;
	int rc = TS_OK;

	z->next_out = buf;
	z->avail_out = want;
	while (z->avail_out > 0) {
		uInt in;
		int zr;

		if (s->member_done) {
			rc = next_member(s);
			if (rc <= 0)
				break;
			rc = TS_OK;
		}
		if (avail(s) == 0)
			raw_need(s, 1);
		/* At the end of the input inflate still runs (with no input)
		 * to flush what it holds; Z_BUF_ERROR then means it needs more. */
		in = avail(s) > UINT_MAX ? UINT_MAX : (uInt)avail(s);
		z->next_in = (z_const Bytef *)(s->win + s->pos);
		z->avail_in = in;
		zr = inflate(z, Z_NO_FLUSH);
		s->pos += in - z->avail_in;
		if (zr == Z_STREAM_END) {
			s->member_done = 1;
		} else if (zr == Z_OK) {
			continue;
		} else if (zr == Z_BUF_ERROR && in == 0) {
			if (s->raw_failed) {
				s->failed = 1;
				rc = s->err.code;
			} else {
				rc = fail(s, TS_ETRUNCATED, "truncated gzip stream", NULL);
			}
			break;
		} else if (zr == Z_MEM_ERROR) {
			rc = fail(s, TS_ENOMEM, "out of memory", NULL);
			break;
		} else if (zr == Z_NEED_DICT) {
			rc = fail(s, TS_ECORRUPT, "corrupt gzip stream",
			          "needs a preset dictionary");
			break;
		} else {
			/* Z_DATA_ERROR, or (never expected) no progress with
			 * both input and room. */
			rc = fail(s, TS_ECORRUPT, "corrupt gzip stream",
			          z->msg ? z->msg : "invalid data");
			break;
		}
	}
	*got = (size_t)(want - z->avail_out);
	z->next_out = NULL;
	z->avail_out = 0;
	z->next_in = NULL;
	z->avail_in = 0;
	return rc;
}

/* Appends bytes to the spool; -1 (with spool_err set) when it fails. */
static int spool_write(ts_source *s, const void *p, size_t n)
{
	const unsigned char *b = p;

	while (n) {
		ssize_t w = write(s->spool_fd, b, n > (size_t)SSIZE_MAX ? (size_t)SSIZE_MAX : n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			ts_error_set(&s->spool_err, TS_EIO, NULL, 0,
			             "cannot write a temporary copy of %s: %s", s->name,
			             w < 0 ? strerror(errno) : "short write");
			s->spool_failed = 1;
			return -1;
		}
		b += w;
		n -= (size_t)w;
		s->spool_len += (uint64_t)w;
	}
	return 0;
}

int ts_source_spool(ts_source *s, const void *head, size_t n, const char *tmpdir,
                    ts_error *err)
{
	if (s->seekable || s->spool_fd >= 0)
		return TS_OK;
	s->spool_fd = ts_tmpfile(ts_tmpdir(tmpdir), "spool", err);
	if (s->spool_fd < 0)
		return err ? err->code : TS_EIO;
	if (n && spool_write(s, head, n)) {
		if (err)
			*err = s->spool_err;
		return TS_EIO;
	}
	return TS_OK;
}

void ts_source_unspool(ts_source *s)
{
	if (s->spool_fd >= 0)
		close(s->spool_fd);
	s->spool_fd = -1;
	s->spool_len = 0;
	s->spool_failed = 0;
	if (s->failed_by_spool) {
		/* the input itself is fine: reading goes on */
		s->failed = 0;
		s->failed_by_spool = 0;
		ts_error_clear(&s->err);
	}
}

int ts_source_read(ts_source *s, void *buf, size_t cap, size_t *got,
                   ts_error *err)
{
	int rc = TS_OK;

	*got = 0;
	if (!s->failed && cap == 0)
		return ts_error_set(err, TS_EUSAGE, s->name, 0,
		                    "read with a zero-sized buffer");
	if (!s->failed)
		rc = s->gzip ? read_gzip(s, buf, cap, got)
		             : read_plain(s, buf, cap, got);
	if (*got > 0 && s->spool_fd >= 0 && !s->spool_failed &&
	    spool_write(s, buf, *got) && !s->failed) {
		s->err = s->spool_err; /* the next read says it */
		s->failed = 1;
		s->failed_by_spool = 1;
	}
	/* Good bytes first: the error waits for the next read. */
	if (*got > 0)
		return TS_OK;
	if (!s->failed)
		return rc;
	if (err)
		*err = s->err;
	return s->err.code;
}

int ts_source_read_full(ts_source *s, void *buf, size_t cap, size_t *got,
                        ts_error *err)
{
	unsigned char *b = buf;
	ts_error e;
	size_t n;
	int rc;

	*got = 0;
	do {
		rc = ts_source_read(s, b + *got, cap - *got, &n, &e);
		if (rc != TS_OK) {
			if (*got)
				return TS_OK; /* the error stays for the next read */
			if (err)
				*err = e;
			return rc;
		}
		*got += n;
	} while (n > 0 && *got < cap);
	return TS_OK;
}

int ts_source_can_rewind(const ts_source *s)
{
	return s->seekable;
}

int ts_source_rewind(ts_source *s, ts_error *err)
{
	if (s->spool_fd >= 0) {
		/* the second pass reads the copy, from its start */
		if (s->spool_failed) {
			if (err)
				*err = s->spool_err;
			return TS_EIO;
		}
		if (s->close_fd)
			close(s->fd);
		s->fd = s->spool_fd;
		s->close_fd = 1;
		s->spool_fd = -1;
		s->seekable = 1;
		s->start = 0;
		s->size = 0; /* our own copy: its end is the end */
		s->plain = 1;
	}
	if (!s->seekable)
		return ts_error_set(err, TS_EUSAGE, s->name, 0,
		                    "cannot read the input twice (not a regular file)");
	if (s->fd >= 0) {
		if (lseek(s->fd, s->start, SEEK_SET) < 0)
			return ts_error_set(err, TS_EIO, s->name, 0, "cannot rewind: %s",
			                    strerror(errno));
		s->len = 0;
		s->raw_eof = 0;
		s->raw_read = 0;
	} else {
		s->len = s->mem_len;
	}
	s->pos = 0;
	s->raw_failed = 0;
	s->failed = 0;
	s->failed_by_spool = 0;
	s->member_done = 0;
	s->padding = 0;
	s->gzip = 0;
	if (s->z_ready) {
		inflateEnd(&s->z);
		s->z_ready = 0;
	}
	memset(&s->z, 0, sizeof s->z);
	ts_error_clear(&s->err);
	if (sniff(s) != TS_OK)
		return ts_error_set(err, TS_ENOMEM, s->name, 0, "out of memory");
	return TS_OK;
}

int ts_source_is_gzip(const ts_source *s)
{
	return s->gzip;
}

const char *ts_source_name(const ts_source *s)
{
	return s->name;
}

void ts_source_free(ts_source *s)
{
	if (!s)
		return;
	if (s->z_ready)
		inflateEnd(&s->z);
	if (s->close_fd && s->fd >= 0)
		close(s->fd);
	ts_source_unspool(s);
	free(s->buf);
	free(s->name);
	free(s);
}

/* ---- directories ----------------------------------------------------------- */

/* Every file and directory reached, by (device, inode): a directory seen
 * before is a symlink loop (or a second way in), a file seen before would
 * be read twice. */
typedef struct walk {
	struct seen { dev_t dev; ino_t ino; int used; } *seen; /* open addressing */
	size_t nseen, cap;            /* cap: a power of two */
	ts_source_walk_fn fn;
	ts_diag_fn on_diag;
	void *ud;
	int stop;                     /* on_diag asked to stop at an error */
} walk;

static size_t seen_slot(const struct seen *tab, size_t cap, dev_t dev, ino_t ino)
{
	uint64_t h = ((uint64_t)dev * 0x9e3779b97f4a7c15ULL) ^ ((uint64_t)ino * 0xbf58476d1ce4e5b9ULL);
	size_t i = (size_t)(h ^ (h >> 29)) & (cap - 1);

	while (tab[i].used && (tab[i].dev != dev || tab[i].ino != ino))
		i = (i + 1) & (cap - 1);
	return i;
}

/* 1 if st was reached before, 0 if not (now recorded), -1 out of memory. */
static int seen_before(walk *w, const struct stat *st)
{
	size_t i;

	if (2 * (w->nseen + 1) > w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 64;
		struct seen *p = calloc(cap, sizeof *p);
		if (!p)
			return -1;
		for (size_t k = 0; k < w->cap; k++)
			if (w->seen[k].used)
				p[seen_slot(p, cap, w->seen[k].dev, w->seen[k].ino)] = w->seen[k];
		free(w->seen);
		w->seen = p;
		w->cap = cap;
	}
	i = seen_slot(w->seen, w->cap, st->st_dev, st->st_ino);
	if (w->seen[i].used)
		return 1;
	w->seen[i].dev = st->st_dev;
	w->seen[i].ino = st->st_ino;
	w->seen[i].used = 1;
	w->nseen++;
	return 0;
}

/* Something below the directory was skipped on purpose (not a regular
 * file, reached before): a warning, "path: what". */
static void walk_warn(walk *w, const char *path, const char *what)
{
	ts_error d;

	ts_error_set(&d, 0, path, 0, "%s", what);
	if (w->on_diag)
		w->on_diag(w->ud, &d);
}

/* An entry could not be read at all: its records are lost, which a
 * warning and exit status 0 would hide, so it is an error (TS_EIO), said
 * as for a file named on the command line: "cannot open 'path': why". */
static void walk_error(walk *w, const char *what, const char *path, const char *why)
{
	ts_error d;

	ts_error_set(&d, TS_EIO, NULL, 0, "%s '%s': %s", what, path, why);
	if (w->on_diag && w->on_diag(w->ud, &d))
		w->stop = 1;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int walk_dir(walk *w, const char *dir, int depth, ts_error *err)
{
	DIR *d;
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0;
	int rc = TS_OK;

	if (depth > TS_MAX_DIR_DEPTH) {
		char why[64];
		snprintf(why, sizeof why, "directories nested more than %d deep",
		         TS_MAX_DIR_DEPTH);
		walk_error(w, "cannot open directory", dir, why);
		return w->stop ? TS_ESTOP : TS_OK;
	}
	d = opendir(dir);
	if (!d) {
		if (depth == 0)
			return ts_error_set(err, TS_EIO, NULL, 0, "cannot open directory '%s': %s",
			                    dir, strerror(errno));
		walk_error(w, "cannot open directory", dir, strerror(errno));
		return w->stop ? TS_ESTOP : TS_OK;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.') /* ".", "..", hidden files */
			continue;
		if (n == cap) {
			size_t nc = cap ? cap * 2 : 32;
			char **p = realloc(names, nc * sizeof *p);
			if (!p) {
				rc = TS_ENOMEM;
				break;
			}
			names = p;
			cap = nc;
		}
		if (!(names[n] = strdup(e->d_name))) {
			rc = TS_ENOMEM;
			break;
		}
		n++;
	}
	closedir(d);
	if (rc == TS_OK && n) /* qsort wants a valid pointer even for 0 items */
		qsort(names, n, sizeof *names, cmp_name);
	for (size_t i = 0; i < n && rc == TS_OK; i++) {
		size_t len = strlen(dir) + strlen(names[i]) + 2;
		char *path = malloc(len);
		struct stat st;
		if (!path) {
			rc = TS_ENOMEM;
			break;
		}
		snprintf(path, len, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", names[i]);
		if (stat(path, &st) != 0) {
			walk_error(w, "cannot open", path, strerror(errno));
			if (w->stop)
				rc = TS_ESTOP;
		} else if (!S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode))
			walk_warn(w, path, "skipped: not a regular file");
		else {
			int again = seen_before(w, &st);
			if (again < 0)
				rc = TS_ENOMEM;
			else if (again)
				walk_warn(w, path, S_ISDIR(st.st_mode) ?
				          "skipped: a directory already read (symlink loop?)" :
				          "skipped: a file already read");
			else if (S_ISDIR(st.st_mode))
				rc = walk_dir(w, path, depth + 1, err);
			else if (w->fn(w->ud, path))
				rc = TS_ESTOP;
		}
		free(path);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (rc == TS_ENOMEM)
		ts_error_set(err, rc, NULL, 0, "out of memory");
	return rc;
}

int ts_source_walk(const char *dir, ts_source_walk_fn fn, ts_diag_fn on_diag, void *ud,
                   ts_error *err)
{
	walk w = { NULL, 0, 0, fn, on_diag, ud, 0 };
	struct stat st;
	int rc;

	if (stat(dir, &st) != 0)
		return ts_error_set(err, TS_EIO, NULL, 0, "cannot open '%s': %s", dir, strerror(errno));
	if (seen_before(&w, &st) < 0)
		return ts_error_set(err, TS_ENOMEM, NULL, 0, "out of memory");
	rc = walk_dir(&w, dir, 0, err);
	free(w.seen);
	return rc;
}

int ts_source_is_dir(const char *path)
{
	struct stat st;
	return strcmp(path, "-") != 0 && stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}
