/*
 * acronym.c - unexplained acronyms and explained jargon (STUB: replaced by
 * the real detector).
 */
#include <stdlib.h>

#include "detect.h"

struct ts_acronyms {
	int unused;
};

int ts_acronyms_new(ts_acronyms **out)
{
	*out = calloc(1, sizeof **out);
	return *out ? TS_OK : TS_ENOMEM;
}

void ts_acronyms_free(ts_acronyms *a)
{
	free(a);
}

void ts_acronyms_begin(ts_acronyms *a)
{
	(void)a;
}

int ts_acronyms_message(ts_acronyms *a, const ts_msgctx *c)
{
	(void)a;
	(void)c;
	return TS_OK;
}
