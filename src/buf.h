/*
 * buf.h - the one growable byte buffer (after git's strbuf and curl's
 * dynbuf).  Rules: b->p is never NULL after ts_buf_init (it points at a
 * static empty string until the first growth), the contents are always
 * NUL-terminated, growth is overflow-checked and refused past b->cap
 * (0 = no cap) with TS_ELIMIT, and allocation failure gives TS_ENOMEM with
 * the old contents intact.
 */
#ifndef TS_BUF_H
#define TS_BUF_H

#include <stddef.h>
#include <string.h>

typedef struct ts_buf {
	char *p;
	size_t len;
	size_t alloc; /* 0 while p is the static empty string */
	size_t cap;   /* maximum len, 0 = unlimited */
} ts_buf;

void ts_buf_init(ts_buf *b, size_t cap);
void ts_buf_release(ts_buf *b);
/* Makes room for extra more bytes (plus the NUL). */
int ts_buf_grow(ts_buf *b, size_t extra);
/* Appends n bytes, growing b first (the out-of-line path of ts_buf_add). */
int ts_buf_add_grow(ts_buf *b, const void *data, size_t n);
int ts_buf_adds(ts_buf *b, const char *s);
int ts_buf_addf(ts_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;
void ts_buf_reset(ts_buf *b);          /* len = 0, keeps the memory */
void ts_buf_truncate(ts_buf *b, size_t len);
/* Hands the contents to the caller (malloc'd, NUL-terminated), resets b. */
char *ts_buf_detach(ts_buf *b, size_t *len);

/* Appends n bytes.  Inline while they fit: once allocated, len < alloc
 * and alloc <= cap + 1, so n < alloc - len is room for them and the NUL
 * within the cap (an unallocated buffer, alloc 0, always takes the
 * out-of-line path).  Returns TS_OK (0) or what ts_buf_grow returns. */
static inline int ts_buf_add(ts_buf *b, const void *data, size_t n)
{
	if (n < b->alloc - b->len) {
		if (n)
			memcpy(b->p + b->len, data, n);
		b->len += n;
		b->p[b->len] = '\0';
		return 0;
	}
	return ts_buf_add_grow(b, data, n);
}

static inline int ts_buf_addc(ts_buf *b, char c)
{
	if (1 < b->alloc - b->len) {
		b->p[b->len++] = c;
		b->p[b->len] = '\0';
		return 0;
	}
	return ts_buf_add_grow(b, &c, 1);
}

/*
 * Array growth (git's ALLOC_GROW): makes *arrp, an array of elem-byte
 * elements with capacity *cap, hold at least need elements, doubling from
 * min_cap.  arrp is the address of the array pointer (any T **).
 * Overflow-checked; TS_ENOMEM leaves *arrp and *cap unchanged.
 */
int ts_grow_array(void *arrp, size_t *cap, size_t need, size_t elem, size_t min_cap);

#endif
