/*
 * alloc_fail.h - the test allocator of the allocation-failure tests
 * (tests/unit/test_alloc_fail.c, tests/faults/cli_alloc.c): one program
 * includes it once.  The program is linked with -Wl,--wrap=malloc,
 * --wrap=calloc,--wrap=realloc,--wrap=strdup,--wrap=strndup (Makefile
 * ALLOC_WRAP), so that those calls from our own objects (the library's,
 * the CLI's, the test's) come here, and so do zlib's, libcsv's and
 * PCRE2's, which the library hands its own calls; the ones made inside
 * jansson and libc (FILE and DIR buffers, qsort) do not.
 *
 * Armed, it counts the allocations and fails the one numbered fail_at
 * (NULL, errno ENOMEM); it can also collect the distinct callers (return
 * addresses) to say how many call sites a run reached.  Under a debugger,
 * break on ta_injected_here to see the failing allocation's caller.
 */
#ifndef TS_ALLOC_FAIL_H
#define TS_ALLOC_FAIL_H

#include <errno.h>
#include <stddef.h>

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);
char *__wrap_strdup(const char *s);
char *__wrap_strndup(const char *s, size_t n);

#define TA_MAX_SITES 4096

static struct {
	int armed;               /* count (and maybe fail) allocations */
	unsigned long calls;     /* allocations since armed */
	unsigned long fail_at;   /* the one that fails (1-based); 0: none */
	int injected;            /* it happened */
	/* the distinct callers seen while record_sites (return addresses) */
	const void *site[TA_MAX_SITES];
	size_t nsites;
	int record_sites;
} ta;

/* Arms the allocator: allocation fail_at (1-based; 0: none) will fail. */
static inline void ta_arm(unsigned long fail_at)
{
	ta.calls = 0;
	ta.fail_at = fail_at;
	ta.injected = 0;
	ta.armed = 1;
}

static inline void ta_disarm(void)
{
	ta.armed = 0;
}

static volatile unsigned long ta_injections;
static void __attribute__((noinline)) ta_injected_here(void)
{
	ta_injections++;
}

static int ta_fail_now(const void *caller)
{
	if (!ta.armed)
		return 0;
	ta.calls++;
	if (ta.record_sites) {
		size_t i;
		for (i = 0; i < ta.nsites && ta.site[i] != caller; i++)
			;
		if (i == ta.nsites && ta.nsites < TA_MAX_SITES)
			ta.site[ta.nsites++] = caller;
	}
	if (ta.calls != ta.fail_at)
		return 0;
	ta.injected = 1;
	ta_injected_here();
	errno = ENOMEM;
	return 1;
}

void *__wrap_malloc(size_t n)
{
	return ta_fail_now(__builtin_return_address(0)) ? NULL : __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t size)
{
	return ta_fail_now(__builtin_return_address(0)) ? NULL : __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t n)
{
	return ta_fail_now(__builtin_return_address(0)) ? NULL : __real_realloc(p, n);
}

char *__wrap_strdup(const char *s)
{
	return ta_fail_now(__builtin_return_address(0)) ? NULL : __real_strdup(s);
}

char *__wrap_strndup(const char *s, size_t n)
{
	return ta_fail_now(__builtin_return_address(0)) ? NULL : __real_strndup(s, n);
}

#endif
