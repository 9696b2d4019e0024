/*
 * assemble.c - message stream to conversations; see assemble.h for the
 * closing rule.  Not here: any analysis (scan.c) or parsing (read_*.c).
 */
#include "assemble.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

struct ts_assembler {
	ts_conv **buckets;        /* open conversations by id hash */
	size_t nbuckets;
	ts_conv *lru_head;        /* least recently used */
	ts_conv *lru_tail;        /* most recently used */
	size_t open, held;
	size_t max_open, max_held;
	uint64_t *closed;         /* open-addressing set of closed id hashes */
	size_t closed_n, closed_cap;
	unsigned long splits, opened, next_seq;
	char **files;             /* display names, owned */
	unsigned nfiles;
	ts_conv_fn on_close;
	ts_diag_fn on_diag;
	void *ud;
};

int ts_assembler_new(ts_assembler **out, size_t max_open, size_t max_held,
                     ts_conv_fn on_close, ts_diag_fn on_diag, void *ud)
{
	ts_assembler *a = calloc(1, sizeof *a);

	*out = NULL;
	if (!a)
		return TS_ENOMEM;
	a->max_open = max_open ? max_open : TS_DEFAULT_MAX_OPEN;
	a->max_held = max_held ? max_held : TS_DEFAULT_MAX_HELD;
	a->nbuckets = 1024;
	while (a->nbuckets < a->max_open && a->nbuckets < ((size_t)1 << 24))
		a->nbuckets *= 2;
	a->buckets = calloc(a->nbuckets, sizeof *a->buckets);
	if (!a->buckets) {
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

static int closed_has(const ts_assembler *a, uint64_t h)
{
	size_t i;

	if (!a->closed_cap)
		return 0;
	for (i = ts_mix64(h) & (a->closed_cap - 1); a->closed[i];
	     i = (i + 1) & (a->closed_cap - 1))
		if (a->closed[i] == h)
			return 1;
	return 0;
}

static int closed_add(ts_assembler *a, uint64_t h)
{
	size_t i;

	h |= 1; /* 0 marks an empty slot */
	if ((a->closed_n + 1) * 2 > a->closed_cap) {
		size_t ncap = a->closed_cap ? a->closed_cap * 2 : 4096;
		uint64_t *t = calloc(ncap, sizeof *t);
		if (!t)
			return TS_ENOMEM;
		for (size_t j = 0; j < a->closed_cap; j++) {
			uint64_t v = a->closed[j];
			if (!v)
				continue;
			for (i = ts_mix64(v) & (ncap - 1); t[i]; i = (i + 1) & (ncap - 1))
				;
			t[i] = v;
		}
		free(a->closed);
		a->closed = t;
		a->closed_cap = ncap;
	}
	for (i = ts_mix64(h) & (a->closed_cap - 1); a->closed[i];
	     i = (i + 1) & (a->closed_cap - 1))
		if (a->closed[i] == h)
			return TS_OK;
	a->closed[i] = h;
	a->closed_n++;
	return TS_OK;
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
	int rc;

	conv_detach(a, c);
	rc = closed_add(a, c->hash);
	if (rc == TS_OK && a->on_close)
		return a->on_close(a->ud, c); /* c is the callee's now */
	ts_conv_free(c);
	return rc;
}

static ts_conv *conv_find(ts_assembler *a, uint64_t h, const char *id, size_t n)
{
	ts_conv *c;

	for (c = a->buckets[h & (a->nbuckets - 1)]; c; c = c->next_in_bucket)
		if (c->hash == h && c->id_len == n && memcmp(c->arena.p + c->id_off, id, n) == 0)
			return c;
	return NULL;
}

static int conv_open(ts_assembler *a, uint64_t h, const ts_message *m, ts_conv **out)
{
	ts_conv *c = calloc(1, sizeof *c);
	const ts_str *id = &m->f[TS_F_CONVERSATION];
	int rc;

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

	if (ts_grow_array(&c->msgs, &c->cap, c->n + 1, sizeof *c->msgs, 8))
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
		if (closed_has(a, h | 1)) {
			a->splits++;
			if (a->on_diag) {
				ts_error e;
				ts_error_set(&e, 0, m->file, m->line,
				             "conversation '%.*s' continues after it was closed "
				             "(input not grouped by conversation; raise --max-open or --max-held)",
				             (int)(id->n > 200 ? 200 : id->n), id->p);
				a->on_diag(a->ud, &e);
			}
		}
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

int ts_assembler_flush(ts_assembler *a)
{
	int rc;

	while (a->lru_head) {
		rc = conv_close(a, a->lru_head);
		if (rc)
			return rc;
	}
	return TS_OK;
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
	free(a->closed);
	free(a);
}
