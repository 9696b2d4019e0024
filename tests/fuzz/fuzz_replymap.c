/*
 * fuzz_replymap.c - fuzz target for reply threading (thread.c): each input
 * line is "id parent" (parent optional), ids kept short so they collide
 * and form chains, cycles and duplicates.  The lines are added in input
 * order to one map and in reverse order to a second one; checks the
 * promises of thread.h: the same root and depth whatever the order, a
 * root is its own root, a message's root is its parent's root, and the
 * depth is the parent's depth plus one outside cycles.  Duplicates keep
 * the parent of their first note, so the reverse map is given that parent
 * for every note of an id.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "thread.h"
#include "traitscan.h"

#define MAX_LINES 512

typedef struct {
	ts_str id, parent;
} link;

static int same(ts_str a, ts_str b)
{
	return a.n == b.n && (a.n == 0 || memcmp(a.p, b.p, a.n) == 0);
}

/* Splits data into links; returns how many (at most MAX_LINES). */
static size_t split(const uint8_t *data, size_t size, link *out)
{
	const char *p = (const char *)data, *end = p + size;
	size_t n = 0;

	while (p < end && n < MAX_LINES) {
		const char *e = memchr(p, '\n', (size_t)(end - p));
		const char *le = e ? e : end;
		const char *sp = memchr(p, ' ', (size_t)(le - p));
		link l;
		l.id.p = p;
		l.id.n = (size_t)((sp ? sp : le) - p);
		l.parent.p = sp ? sp + 1 : le;
		l.parent.n = sp ? (size_t)(le - sp - 1) : 0;
		if (l.id.n && l.id.n <= TS_MAX_MESSAGE_ID && l.parent.n <= TS_MAX_MESSAGE_ID)
			out[n++] = l;
		p = le + (e != NULL);
	}
	return n;
}

/* The parent of id's first note; n == 0 when id has none or was never
 * noted.  A self-reply is no parent (thread.h). */
static ts_str first_parent(const link *l, size_t n, ts_str id)
{
	ts_str none = { NULL, 0 };

	for (size_t j = 0; j < n; j++)
		if (same(l[j].id, id))
			return same(l[j].parent, id) ? none : l[j].parent;
	return none;
}

/* Whether following first parents from id comes back to it. */
static int in_cycle(const link *l, size_t n, ts_str id)
{
	ts_str at = first_parent(l, n, id);

	for (size_t k = 0; k <= n && at.n; k++) {
		if (same(at, id))
			return 1;
		at = first_parent(l, n, at);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static link l[MAX_LINES];
	ts_replymap *fwd = NULL, *rev = NULL;
	size_t n = split(data, size, l);

	if (ts_replymap_new(&fwd) || ts_replymap_new(&rev))
		abort();
	for (size_t i = 0; i < n; i++)
		if (ts_replymap_add(fwd, l[i].id, l[i].parent))
			abort();
	/* the same links in reverse order, each with its first note's parent */
	for (size_t i = n; i-- > 0;)
		if (ts_replymap_add(rev, l[i].id, first_parent(l, n, l[i].id)))
			abort();
	if (ts_replymap_resolve(fwd) || ts_replymap_resolve(rev))
		abort();
	for (size_t i = 0; i < n; i++) {
		ts_str id = l[i].id, parent = first_parent(l, n, id);
		ts_str root = ts_replymap_root(fwd, id);
		unsigned depth = ts_replymap_depth(fwd, id);
		if (!root.n || !same(ts_replymap_root(fwd, root), root))
			abort();
		if (!parent.n) {
			if (!same(root, id) || depth != 0)
				abort();
		} else {
			unsigned pd = ts_replymap_depth(fwd, parent);
			if (!same(ts_replymap_root(fwd, parent), root))
				abort();
			/* outside a cycle a reply is one deeper than its parent */
			if (!in_cycle(l, n, id) && depth != (pd < 65535 ? pd + 1 : 65535))
				abort();
		}
		if (!same(ts_replymap_root(rev, id), root) || ts_replymap_depth(rev, id) != depth)
			abort();
	}
	ts_replymap_free(fwd);
	ts_replymap_free(rev);
	return 0;
}
