/* buf.c - the growable buffer described in buf.h. */
#include "buf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "traitscan.h"

static char empty_buf[1];

void ts_buf_init(ts_buf *b, size_t cap)
{
	b->p = empty_buf;
	b->len = 0;
	b->alloc = 0;
	b->cap = cap;
}

void ts_buf_release(ts_buf *b)
{
	if (b->alloc)
		free(b->p);
	ts_buf_init(b, b->cap);
}

int ts_buf_grow(ts_buf *b, size_t extra)
{
	size_t need, n;
	char *p;

	if (extra > SIZE_MAX - 1 - b->len)
		return TS_ELIMIT;
	need = b->len + extra + 1;
	if (b->cap && need - 1 > b->cap)
		return TS_ELIMIT;
	if (need <= b->alloc)
		return TS_OK;
	n = b->alloc ? b->alloc : 64;
	while (n < need)
		n = n > SIZE_MAX / 2 ? need : n * 2;
	if (b->cap && n > b->cap + 1)
		n = b->cap + 1 > need ? b->cap + 1 : need;
	p = b->alloc ? realloc(b->p, n) : malloc(n);
	if (!p)
		return TS_ENOMEM;
	if (!b->alloc)
		p[0] = '\0';
	b->p = p;
	b->alloc = n;
	return TS_OK;
}

int ts_buf_add_grow(ts_buf *b, const void *data, size_t n)
{
	int rc = ts_buf_grow(b, n);
	if (rc)
		return rc;
	if (n)
		memcpy(b->p + b->len, data, n);
	b->len += n;
	b->p[b->len] = '\0';
	return TS_OK;
}

int ts_buf_adds(ts_buf *b, const char *s)
{
	return ts_buf_add(b, s, strlen(s));
}

int ts_buf_addf(ts_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n, rc;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return TS_EIO;
	rc = ts_buf_grow(b, (size_t)n);
	if (rc)
		return rc;
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return TS_OK;
}

void ts_buf_reset(ts_buf *b)
{
	ts_buf_truncate(b, 0);
}

void ts_buf_truncate(ts_buf *b, size_t len)
{
	if (len < b->len) {
		b->len = len;
		if (b->alloc)
			b->p[len] = '\0';
	}
}

char *ts_buf_detach(ts_buf *b, size_t *len)
{
	char *p;

	if (len)
		*len = b->len;
	if (!b->alloc) {
		p = malloc(1);
		if (p)
			p[0] = '\0';
		return p;
	}
	p = b->p;
	ts_buf_init(b, b->cap);
	return p;
}

int ts_grow_array(void *arrp, size_t *cap, size_t need, size_t elem, size_t min_cap)
{
	void *old, *p;
	size_t n;

	if (need <= *cap)
		return TS_OK;
	n = *cap ? *cap : (min_cap ? min_cap : 8);
	while (n < need) {
		if (n > SIZE_MAX / 2)
			return TS_ENOMEM;
		n *= 2;
	}
	if (elem && n > SIZE_MAX / elem)
		return TS_ENOMEM;
	memcpy(&old, arrp, sizeof old);
	p = realloc(old, n * elem);
	if (!p)
		return TS_ENOMEM;
	memcpy(arrp, &p, sizeof p);
	*cap = n;
	return TS_OK;
}
