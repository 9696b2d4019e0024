/*
 * negation.c - negators that govern a lexicon finding, and sarcasm.
 */
#include "detect.h"

void ts_negation_apply(const ts_msgctx *c)
{
	(void)c;
}

int ts_sarcasm_apply(const ts_msgctx *c)
{
	(void)c;
	return TS_OK;
}
