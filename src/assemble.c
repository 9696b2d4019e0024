/*
 * assemble.c - message stream to conversations; see assemble.h for the
 * closing rule.  Not here: any analysis (scan.c) or parsing (read_*.c).
 */
#include "assemble.h"

#include <stdlib.h>
#include <string.h>

#include "spill.h"
#include "util.h"

/* Every conversation opened, for telling at the end which ids came back
 * after closing.  The id is kept for the warning, cut to ID_KEPT bytes. */
#define ID_KEPT 48
typedef struct opened_rec {
	uint64_t hash;
	uint64_t seq;            /* ts_conv.seq_no: order of opening */
	uint64_t line;
	uint32_t file_index;
	uint32_t id_len;         /* the whole id's */
	char id[ID_KEPT];
} opened_rec;

struct ts_assembler {
	ts_conv **buckets;        /* open conversations by id hash */
	size_t nbuckets;
	ts_conv *lru_head;        /* least recently used */
	ts_conv *lru_tail;        /* most recently used */
	size_t open, held;
	size_t max_open, max_held;
	ts_spill *opens;          /* an opened_rec per conversation opened */
	unsigned long noted;      /* openings noted in it */
	int notes_lost;           /* its temporary file failed: no more notes */
	int finished;             /* ts_assembler_flush has run */
	unsigned long splits, opened, next_seq;
	char **files;             /* display names, owned */
	unsigned nfiles;
	ts_conv_fn on_close;
	ts_diag_fn on_diag;
	void *ud;
};

int ts_assembler_new(ts_assembler **out, size_t max_open, size_t max_held,
                     const char *tmpdir, ts_conv_fn on_close, ts_diag_fn on_diag, void *ud)
{
	ts_assembler *a = calloc(1, sizeof *a);

	*out = NULL;
	if (!a)
		return TS_ENOMEM;
	if (ts_spill_new(&a->opens, sizeof(opened_rec), 0, tmpdir)) {
		free(a);
		return TS_ENOMEM;
	}
	a->max_open = max_open ? max_open : TS_DEFAULT_MAX_OPEN;
	a->max_held = max_held ? max_held : TS_DEFAULT_MAX_HELD;
	a->nbuckets = 1024;
	while (a->nbuckets < a->max_open && a->nbuckets < ((size_t)1 << 24))
		a->nbuckets *= 2;
	a->buckets = calloc(a->nbuckets, sizeof *a->buckets);
	if (!a->buckets) {
		ts_spill_free(a->opens);
		free(a);
		return TS_ENOMEM;
	}
	a->on_close = on_close;
	a->on_diag = on_diag;
	a->ud = ud;
	*out = a;
	return TS_OK;
}

int ts_assembler_begin_file(ts_assembler *a, const char *name)
{
	char **files = realloc(a->files, (a->nfiles + 1) * sizeof *files);
	char *copy;

	if (!files)
		return TS_ENOMEM;
	a->files = files;
	copy = strdup(name);
	if (!copy)
		return TS_ENOMEM;
	a->files[a->nfiles++] = copy;
	return TS_OK;
}

void ts_conv_free(ts_conv *c)
{
	if (!c)
		return;
	ts_buf_release(&c->arena);
	free(c->msgs);
	free(c);
}

static void lru_unlink(ts_assembler *a, ts_conv *c)
{
	if (c->lru_prev)
		c->lru_prev->lru_next = c->lru_next;
	else
		a->lru_head = c->lru_next;
	if (c->lru_next)
		c->lru_next->lru_prev = c->lru_prev;
	else
		a->lru_tail = c->lru_prev;
	c->lru_prev = c->lru_next = NULL;
}

static void lru_append(ts_assembler *a, ts_conv *c)
{
	c->lru_prev = a->lru_tail;
	c->lru_next = NULL;
	if (a->lru_tail)
		a->lru_tail->lru_next = c;
	else
		a->lru_head = c;
	a->lru_tail = c;
}

/* Removes c from the open set (its hash bucket, the LRU list, the counts). */
static void conv_detach(ts_assembler *a, ts_conv *c)
{
	ts_conv **pp = &a->buckets[c->hash & (a->nbuckets - 1)];

	while (*pp != c)
		pp = &(*pp)->next_in_bucket;
	*pp = c->next_in_bucket;
	lru_unlink(a, c);
	a->open--;
	a->held -= c->arena.alloc;
}

/* Removes c from the open set and hands it to on_close. */
static int conv_close(ts_assembler *a, ts_conv *c)
{
	conv_detach(a, c);
	if (a->on_close)
		return a->on_close(a->ud, c); /* c is the callee's now */
	ts_conv_free(c);
	return TS_OK;
}

static ts_conv *conv_find(ts_assembler *a, uint64_t h, const char *id, size_t n)
{
	ts_conv *c;

	for (c = a->buckets[h & (a->nbuckets - 1)]; c; c = c->next_in_bucket)
		if (c->hash == h && c->id_len == n && memcmp(c->arena.p + c->id_off, id, n) == 0)
			return c;
	return NULL;
}

/* The notes of openings could not be written or read back: a warning,
 * not an error -- the analysis is whole, only the check of ids that come
 * back is not. */
static void notes_failed(ts_assembler *a, const ts_error *why)
{
	ts_error e;

	a->notes_lost = 1;
	if (!a->on_diag)
		return;
	ts_error_set(&e, 0, NULL, 0, "%s; ids that come back after their conversation "
	             "closed are only reported among the first %lu conversations opened",
	             why->msg, a->noted);
	a->on_diag(a->ud, &e);
}

/* Notes the opening for ts_assembler_flush's check of ids that came back. */
static int note_opened(ts_assembler *a, uint64_t h, const ts_message *m)
{
	const ts_str *id = &m->f[TS_F_CONVERSATION];
	opened_rec r;
	ts_error err;
	int rc;

	if (a->notes_lost)
		return TS_OK;
	memset(&r, 0, sizeof r);
	r.hash = h;
	r.seq = a->next_seq;
	r.line = m->line;
	r.file_index = a->nfiles ? a->nfiles - 1 : 0;
	r.id_len = id->n > UINT32_MAX ? UINT32_MAX : (uint32_t)id->n;
	memcpy(r.id, id->p, id->n < ID_KEPT ? id->n : ID_KEPT);
	rc = ts_spill_add(a->opens, h, &r, &err);
	if (rc == TS_EIO)
		notes_failed(a, &err);
	else if (rc == TS_OK)
		a->noted++;
	return rc == TS_EIO ? TS_OK : rc;
}

static int conv_open(ts_assembler *a, uint64_t h, const ts_message *m, ts_conv **out)
{
	ts_conv *c;
	const ts_str *id = &m->f[TS_F_CONVERSATION];
	int rc;

	if (a->finished)
		return TS_EUSAGE;
	rc = note_opened(a, h, m);
	if (rc)
		return rc;
	c = calloc(1, sizeof *c);
	if (!c)
		return TS_ENOMEM;
	ts_buf_init(&c->arena, 0);
	rc = ts_buf_add(&c->arena, id->p, id->n);
	if (rc == TS_OK)
		rc = ts_buf_addc(&c->arena, '\0');
	if (rc) {
		ts_conv_free(c);
		return rc;
	}
	c->id_off = 0;
	c->id_len = id->n;
	c->hash = h;
	c->file_index = a->nfiles ? a->nfiles - 1 : 0;
	c->file = a->nfiles ? a->files[a->nfiles - 1] : "";
	c->seq_no = a->next_seq++;
	c->next_in_bucket = a->buckets[h & (a->nbuckets - 1)];
	a->buckets[h & (a->nbuckets - 1)] = c;
	lru_append(a, c);
	a->open++;
	a->held += c->arena.alloc;
	*out = c;
	return TS_OK;
}

static int conv_append(ts_conv *c, const ts_message *m, unsigned depth,
                       unsigned file_index)
{
	ts_amsg *am;
	int rc;

	if (ts_grow_array(&c->msgs, &c->cap, c->n + 1, sizeof *c->msgs, 4))
		return TS_ENOMEM;
	am = &c->msgs[c->n];
	for (int f = 0; f < TS_F_COUNT; f++) {
		am->off[f] = c->arena.len;
		am->len[f] = m->f[f].n;
		rc = ts_buf_add(&c->arena, m->f[f].p, m->f[f].n);
		if (rc == TS_OK)
			rc = ts_buf_addc(&c->arena, '\0');
		if (rc)
			return rc;
	}
	am->role = m->role;
	am->has_seq = m->has_seq;
	am->depth = depth;
	am->part = m->part;
	am->file_index = file_index;
	am->row = m->row;
	am->line = m->line;
	c->n++;
	return TS_OK;
}

static int add(ts_assembler *a, const ts_message *m, int reply, unsigned depth)
{
	const ts_str *id = &m->f[TS_F_CONVERSATION];
	uint64_t h = ts_fnv1a(TS_FNV_INIT, id->p, id->n);
	ts_conv *c = conv_find(a, h, id->p, id->n);
	size_t before;
	int rc;

	if (!c) {
		rc = conv_open(a, h, m, &c);
		if (rc)
			return rc;
		a->opened++;
	} else if (c != a->lru_tail) {
		lru_unlink(a, c);
		lru_append(a, c);
	}
	before = c->arena.alloc;
	rc = conv_append(c, m, depth, a->nfiles ? a->nfiles - 1 : 0);
	a->held += c->arena.alloc - before;
	if (rc) {
		if (c->n == 0) { /* never leave an empty conversation open */
			conv_detach(a, c);
			ts_conv_free(c);
		}
		return rc;
	}
	c->by_time |= reply;
	/* Evict the least recently used until within both caps; the
	 * conversation just written to is never evicted here. */
	while ((a->open > a->max_open || a->held > a->max_held) && a->lru_head != c) {
		rc = conv_close(a, a->lru_head);
		if (rc)
			return rc;
	}
	return TS_OK;
}

int ts_assembler_add(ts_assembler *a, const ts_message *m)
{
	return add(a, m, 0, 0);
}

int ts_assembler_add_reply(ts_assembler *a, const ts_message *m, unsigned depth)
{
	return add(a, m, 1, depth);
}

static int cmp_opened(const void *x, const void *y)
{
	const opened_rec *p = x, *q = y;

	if (p->hash != q->hash)
		return p->hash < q->hash ? -1 : 1;
	return p->seq < q->seq ? -1 : p->seq > q->seq;
}

static int cmp_seq(const void *x, const void *y)
{
	const opened_rec *p = x, *q = y;

	return p->seq < q->seq ? -1 : p->seq > q->seq;
}

/* An id opened again can only have closed before: each opening after the
 * first of the same id is a split.  They are found partition by
 * partition (ids grouped by hash) and reported in input order. */
static int report_splits(ts_assembler *a)
{
	opened_rec *split = NULL;
	size_t nsplit = 0, cap = 0;
	void *p;
	size_t n;
	ts_error err;
	int rc;

	while ((rc = ts_spill_next(a->opens, &p, &n, &err)) == 1) {
		opened_rec *r = p;

		qsort(r, n, sizeof *r, cmp_opened);
		for (size_t i = 1; i < n; i++) {
			if (r[i].hash != r[i - 1].hash)
				continue;
			if (ts_grow_array(&split, &cap, nsplit + 1, sizeof *split, 16)) {
				free(split);
				return TS_ENOMEM;
			}
			split[nsplit++] = r[i];
		}
	}
	if (rc == TS_EIO) {
		if (!a->notes_lost)
			notes_failed(a, &err);
		rc = TS_OK; /* those found so far are reported */
	}
	if (rc) {
		free(split);
		return rc;
	}
	if (nsplit)
		qsort(split, nsplit, sizeof *split, cmp_seq);
	a->splits = nsplit;
	for (size_t i = 0; i < nsplit && a->on_diag; i++) {
		const opened_rec *r = &split[i];
		int cut = r->id_len > ID_KEPT;
		ts_error e;

		ts_error_set(&e, 0, ts_assembler_file(a, r->file_index), (unsigned long)r->line,
		             "conversation '%.*s%s' continues after it was closed "
		             "(input not grouped by conversation; raise --max-open or --max-held)",
		             (int)(cut ? ID_KEPT : r->id_len), r->id, cut ? "..." : "");
		a->on_diag(a->ud, &e);
	}
	free(split);
	return TS_OK;
}

int ts_assembler_flush(ts_assembler *a)
{
	int rc;

	if (a->finished)
		return TS_OK;
	while (a->lru_head) {
		rc = conv_close(a, a->lru_head);
		if (rc)
			return rc;
	}
	a->finished = 1;
	return report_splits(a);
}

const char *ts_assembler_file(const ts_assembler *a, unsigned file_index)
{
	return file_index < a->nfiles ? a->files[file_index] : "";
}

unsigned long ts_assembler_opened(const ts_assembler *a)
{
	return a->opened;
}

unsigned long ts_assembler_splits(const ts_assembler *a)
{
	return a->splits;
}

void ts_assembler_free(ts_assembler *a)
{
	ts_conv *c, *next;

	if (!a)
		return;
	for (c = a->lru_head; c; c = next) {
		next = c->lru_next;
		ts_conv_free(c);
	}
	for (unsigned i = 0; i < a->nfiles; i++)
		free(a->files[i]);
	free(a->files);
	free(a->buckets);
	ts_spill_free(a->opens);
	free(a);
}
