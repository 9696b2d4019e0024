/*
 * thread.c - reply-linked threads: a map from message id to parent id
 * and the roots of the reply chains (see thread.h), and the agent
 * signature at the end of a message.  Memory only: the two passes over a
 * file are the scanner's.
 *
 * Nodes live in one array in order of first sight; an open-addressing
 * table of node indices (a power of two, at most half full) finds them
 * by hash.  Parents and roots are node indices.
 */
#include "thread.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "util.h"

#define NONE UINT32_MAX
#define MAX_NODES (UINT32_MAX - 1)

enum { UNSEEN = 0, ON_PATH, DONE };

/* 24 bytes: the length is stored less one (ids are 1 to 256 bytes), the
 * depth saturates (it only breaks ties between equal times). */
typedef struct node {
	uint64_t key;      /* FNV-1a of the id */
	uint32_t parent;   /* node index, or NONE */
	uint32_t root;     /* node index, once state is DONE */
	uint32_t off;      /* the id's bytes in the arena */
	uint8_t len1;      /* its length - 1 */
	uint8_t state;     /* UNSEEN, ON_PATH, DONE, | PRESENT when noted as
	                    * a message (not only as a parent) */
	uint16_t depth;    /* replies from the root down to it, once DONE */
} node;

#define PRESENT 4u
#define STATE(d) ((d)->state & 3u)
#define SET_STATE(d, s) ((d)->state = (uint8_t)(((d)->state & PRESENT) | (s)))
#define MAX_DEPTH UINT16_MAX

struct ts_replymap {
	node *nodes;
	size_t n, cap;
	uint32_t *slots;   /* node index + 1; 0 is empty */
	size_t nslots;
	ts_buf arena;
	uint32_t *path;    /* resolve's scratch */
	size_t path_cap;
};

int ts_replymap_new(ts_replymap **out)
{
	ts_replymap *m = calloc(1, sizeof *m);

	*out = NULL;
	if (!m)
		return TS_ENOMEM;
	ts_buf_init(&m->arena, 0);
	*out = m;
	return TS_OK;
}

static ts_str node_id(const ts_replymap *m, const node *d)
{
	ts_str s = { m->arena.p + d->off, (size_t)d->len1 + 1 };
	return s;
}

static int same(const ts_replymap *m, const node *d, uint64_t key, ts_str id)
{
	return d->key == key && (size_t)d->len1 + 1 == id.n &&
	       memcmp(m->arena.p + d->off, id.p, id.n) == 0;
}

static size_t slot_of(const ts_replymap *m, uint64_t key, ts_str id)
{
	size_t i = (size_t)ts_mix64(key) & (m->nslots - 1);

	while (m->slots[i] && !same(m, &m->nodes[m->slots[i] - 1], key, id))
		i = (i + 1) & (m->nslots - 1);
	return i;
}

static int grow_slots(ts_replymap *m)
{
	size_t ns = m->nslots ? m->nslots * 2 : 1024;
	uint32_t *s = calloc(ns, sizeof *s);

	if (!s)
		return TS_ENOMEM;
	for (size_t i = 0; i < m->nslots; i++) {
		uint32_t v = m->slots[i];
		size_t k;
		if (!v)
			continue;
		k = (size_t)ts_mix64(m->nodes[v - 1].key) & (ns - 1);
		while (s[k])
			k = (k + 1) & (ns - 1);
		s[k] = v;
	}
	free(m->slots);
	m->slots = s;
	m->nslots = ns;
	return TS_OK;
}

/* The node of id, created (not present, no parent) when new; NONE with
 * *rc set on failure. */
static uint32_t node_get(ts_replymap *m, ts_str id, int *rc)
{
	uint64_t key = ts_fnv1a(TS_FNV_INIT, id.p, id.n);
	size_t i;
	node *d;

	if (!id.n || id.n > TS_MAX_MESSAGE_ID) {
		*rc = TS_EUSAGE;
		return NONE;
	}
	if (2 * (m->n + 1) > m->nslots && (*rc = grow_slots(m)) != TS_OK)
		return NONE;
	i = slot_of(m, key, id);
	if (m->slots[i])
		return m->slots[i] - 1;
	if (m->n >= MAX_NODES || m->arena.len + id.n > UINT32_MAX) {
		*rc = TS_ELIMIT;
		return NONE;
	}
	if (ts_grow_array(&m->nodes, &m->cap, m->n + 1, sizeof *m->nodes, 1024)) {
		*rc = TS_ENOMEM;
		return NONE;
	}
	d = &m->nodes[m->n];
	memset(d, 0, sizeof *d);
	d->key = key;
	d->parent = NONE;
	d->root = NONE;
	d->off = (uint32_t)m->arena.len;
	d->len1 = (uint8_t)(id.n - 1);
	if ((*rc = ts_buf_add(&m->arena, id.p, id.n)) != TS_OK)
		return NONE;
	m->slots[i] = (uint32_t)(m->n + 1);
	return (uint32_t)m->n++;
}

/* Notes id with its parent; *self is its node, *fresh 1 when this is the
 * id's first note as a message. */
static int note(ts_replymap *m, ts_str id, ts_str parent, uint32_t *self, int *fresh)
{
	uint32_t a, p = NONE;
	int rc = TS_OK;

	*fresh = 0;
	a = node_get(m, id, &rc);
	if (a == NONE)
		return rc;
	*self = a;
	if (m->nodes[a].state & PRESENT)
		return TS_OK; /* the first note wins */
	if (parent.n && !(parent.n == id.n && memcmp(parent.p, id.p, id.n) == 0)) {
		p = node_get(m, parent, &rc);
		if (p == NONE)
			return rc;
	}
	m->nodes[a].state |= PRESENT;
	m->nodes[a].parent = p;
	*fresh = 1;
	return TS_OK;
}

int ts_replymap_add(ts_replymap *m, ts_str id, ts_str parent)
{
	uint32_t self;
	int fresh;

	return note(m, id, parent, &self, &fresh);
}

static int id_less(const ts_replymap *m, uint32_t a, uint32_t b)
{
	ts_str x = node_id(m, &m->nodes[a]), y = node_id(m, &m->nodes[b]);
	int c = memcmp(x.p, y.p, x.n < y.n ? x.n : y.n);

	return c ? c < 0 : x.n < y.n;
}

static uint16_t depth_of(size_t d)
{
	return (uint16_t)(d > MAX_DEPTH ? MAX_DEPTH : d);
}

int ts_replymap_resolve(ts_replymap *m)
{
	for (size_t i = 0; i < m->n; i++) {
		size_t depth = 0, c, ri, len;
		uint32_t j = (uint32_t)i, root;

		if (STATE(&m->nodes[i]) == DONE)
			continue;
		/* walk up to a node with no parent, one already resolved,
		 * or one on this walk (a cycle) */
		while (j != NONE && STATE(&m->nodes[j]) == UNSEEN) {
			if (ts_grow_array(&m->path, &m->path_cap, depth + 1, sizeof *m->path, 64))
				return TS_ENOMEM;
			SET_STATE(&m->nodes[j], ON_PATH);
			m->path[depth++] = j;
			j = m->nodes[j].parent;
		}
		if (j == NONE) {
			root = m->path[depth - 1];
			for (size_t k = 0; k < depth; k++)
				m->nodes[m->path[k]].depth = depth_of(depth - 1 - k);
		} else if (STATE(&m->nodes[j]) == DONE) {
			root = m->nodes[j].root;
			for (size_t k = 0; k < depth; k++)
				m->nodes[m->path[k]].depth =
					depth_of((size_t)m->nodes[j].depth + depth - k);
		} else {
			/* path[c..depth) is the cycle; its smallest id is the
			 * root, and a depth is the steps up to it */
			for (c = depth; m->path[c - 1] != j; c--)
				;
			c--;
			ri = c;
			for (size_t k = c + 1; k < depth; k++)
				if (id_less(m, m->path[k], m->path[ri]))
					ri = k;
			root = m->path[ri];
			len = depth - c;
			for (size_t k = c; k < depth; k++)
				m->nodes[m->path[k]].depth = depth_of(k <= ri ? ri - k : ri + len - k);
			for (size_t k = 0; k < c; k++)
				m->nodes[m->path[k]].depth =
					depth_of((size_t)m->nodes[m->path[c]].depth + c - k);
		}
		while (depth-- > 0) {
			m->nodes[m->path[depth]].root = root;
			SET_STATE(&m->nodes[m->path[depth]], DONE);
		}
	}
	return TS_OK;
}

/* The node of id, or NONE when it was never noted. */
static uint32_t node_find(const ts_replymap *m, ts_str id)
{
	size_t i;

	if (!m->nslots || !id.n || id.n > TS_MAX_MESSAGE_ID)
		return NONE;
	i = slot_of(m, ts_fnv1a(TS_FNV_INIT, id.p, id.n), id);
	return m->slots[i] ? m->slots[i] - 1 : NONE;
}

ts_str ts_replymap_root(const ts_replymap *m, ts_str id)
{
	uint32_t a = node_find(m, id);

	if (a == NONE || m->nodes[a].root == NONE)
		return id;
	return node_id(m, &m->nodes[m->nodes[a].root]);
}

unsigned ts_replymap_depth(const ts_replymap *m, ts_str id)
{
	uint32_t a = node_find(m, id);

	return a == NONE || m->nodes[a].root == NONE ? 0 : m->nodes[a].depth;
}

size_t ts_replymap_count(const ts_replymap *m)
{
	return m->n;
}

size_t ts_replymap_bytes(const ts_replymap *m)
{
	return m->cap * sizeof *m->nodes + m->nslots * sizeof *m->slots + m->arena.alloc +
	       m->path_cap * sizeof *m->path;
}

void ts_replymap_free(ts_replymap *m)
{
	if (!m)
		return;
	free(m->nodes);
	free(m->slots);
	free(m->path);
	ts_buf_release(&m->arena);
	free(m);
}

/* ---- agent signatures ------------------------------------------------- */

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

static int is_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int starts_with(const char *p, size_t n, const char *lit)
{
	size_t k = strlen(lit);
	return n >= k && memcmp(p, lit, k) == 0;
}

ts_str ts_agent_signature(const char *text, size_t n)
{
	ts_str none = { text, 0 };

	for (;;) {
		size_t end, start;

		while (n && is_space(text[n - 1]))
			n--;
		if (!n)
			return none;
		end = n;
		start = end;
		while (start && !is_space(text[start - 1]))
			start--;
		if (starts_with(text + start, end - start, "http://") ||
		    starts_with(text + start, end - start, "https://")) {
			n = start;
			continue;
		}
		if (end - start < 3 || end - start > 6)
			return none;
		if (!strchr("^-*/", text[start]) || text[start] == '\0')
			return none;
		for (size_t i = start + 1; i < end; i++)
			if (!is_letter(text[i]))
				return none;
		return (ts_str){ text + start + 1, end - start - 1 };
	}
}

ts_str ts_message_id_norm(ts_str id)
{
	size_t digits = 0, k;

	ts_trim(&id.p, &id.n);
	while (digits < id.n && id.p[digits] >= '0' && id.p[digits] <= '9')
		digits++;
	if (!digits || digits + 1 >= id.n || id.p[digits] != '.')
		return id;
	for (k = digits + 1; k < id.n && id.p[k] == '0'; k++)
		;
	if (k == id.n)
		id.n = digits;
	return id;
}
