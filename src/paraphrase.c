/*
 * paraphrase.c - agent sentences that restate the customer's previous turn.
 */
#include <stdlib.h>

#include "detect.h"

struct ts_paraphrase {
	int unused;
};

int ts_paraphrase_new(ts_paraphrase **out)
{
	*out = calloc(1, sizeof **out);
	return *out ? TS_OK : TS_ENOMEM;
}

void ts_paraphrase_free(ts_paraphrase *p)
{
	free(p);
}

void ts_paraphrase_begin(ts_paraphrase *p)
{
	(void)p;
}

int ts_paraphrase_message(ts_paraphrase *p, const ts_msgctx *c)
{
	(void)p;
	(void)c;
	return TS_OK;
}
