/*
 * lexset_fixture.h - lexicon sets for the unit tests: lx_set() compiles a
 * set from in-memory (file name, text) pairs, lx_entry_at() finds an entry
 * by the file and line it was written on.  Problems are printed so that a
 * set that did not build says why.  Not a test itself; not for lexicon
 * directories (test_lexicons.c loads the shipped ones with
 * ts_lexset_add_dir) nor for tests that check the problems themselves.
 */
#ifndef TS_LEXSET_FIXTURE_H
#define TS_LEXSET_FIXTURE_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "traitscan.h"

/* The problem callback of lx_set, also for tests that add their files
 * themselves: errors are always printed (ts_lexset_compile then fails);
 * warnings are counted into *(int *)ud when ud is not NULL, printed
 * otherwise. */
static inline int lx_print_problem(void *ud, const ts_error *e)
{
	int *warnings = ud;

	if (!e->code && warnings)
		++*warnings;
	else
		printf("  lexicon problem: %s:%lu:%lu: %s\n", e->file, e->line, e->col, e->msg);
	return 0;
}

/* A compiled set from (file name, NUL-terminated text) pairs ending with a
 * NULL name; NULL if anything failed (a lexicon error, no memory).
 * Warnings do not fail it; *warnings (when not NULL) gets their count.
 * The caller frees the set with ts_lexset_free. */
static inline ts_lexset *lx_set(int *warnings, const char *name, ...)
{
	ts_lexset *set = NULL;
	ts_error err;
	va_list ap;

	if (warnings)
		*warnings = 0;
	if (ts_lexset_new(&set) != TS_OK)
		return NULL;
	va_start(ap, name);
	for (const char *n = name; n; n = va_arg(ap, const char *)) {
		const char *text = va_arg(ap, const char *);
		if (ts_lexset_add_mem(set, n, text, strlen(text), &err) != TS_OK) {
			va_end(ap);
			ts_lexset_free(set);
			return NULL;
		}
	}
	va_end(ap);
	if (ts_lexset_compile(set, lx_print_problem, warnings, &err) != TS_OK) {
		ts_lexset_free(set);
		return NULL;
	}
	return set;
}

/* The id of the entry written on file:line, TS_NO_ENTRY if none. */
static inline unsigned lx_entry_at(const ts_lexset *set, const char *file, unsigned long line)
{
	for (size_t i = 0; i < ts_lexset_nentries(set); i++) {
		const char *f;
		unsigned long l;
		ts_lexset_entry_origin(set, i, &f, &l);
		if (f && strcmp(f, file) == 0 && l == line)
			return (unsigned)i;
	}
	return TS_NO_ENTRY;
}

#endif
