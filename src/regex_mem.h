/*
 * regex_mem.h - PCRE2's memory through the library's own malloc and free
 * (internal).  Every PCRE2 object the library makes (compiled patterns,
 * match data, match contexts, JIT stacks) gets it from a general context
 * made here, so that its allocations are the library's like any other
 * and the allocation-failure test (tests/unit/test_alloc_fail.c) fails
 * them too; PCRE2's default is the same malloc, called from libpcre2.
 * The contexts and match data copy what they need: a general context is
 * freed as soon as the objects are made.
 */
#ifndef TS_REGEX_MEM_H
#define TS_REGEX_MEM_H

#include <stdint.h>
#include <stdlib.h>

#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>

static inline void *ts_pcre2_malloc(PCRE2_SIZE n, void *ud)
{
	(void)ud;
	return malloc(n);
}

static inline void ts_pcre2_free(void *p, void *ud)
{
	(void)ud;
	free(p);
}

/* A general context with those; NULL when out of memory. */
static inline pcre2_general_context *ts_pcre2_general(void)
{
	return pcre2_general_context_create(ts_pcre2_malloc, ts_pcre2_free, NULL);
}

/* 1 when this PCRE2 has JIT (then a JIT stack that cannot be made is out
 * of memory, not a missing feature). */
static inline int ts_pcre2_has_jit(void)
{
	uint32_t jit = 0;

	return pcre2_config(PCRE2_CONFIG_JIT, &jit) >= 0 && jit;
}

/* A compile context with those; NULL when out of memory. */
static inline pcre2_compile_context *ts_pcre2_compile_context(void)
{
	pcre2_general_context *g = ts_pcre2_general();
	pcre2_compile_context *c = g ? pcre2_compile_context_create(g) : NULL;

	pcre2_general_context_free(g);
	return c;
}

#endif
