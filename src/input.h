/*
 * input.h - an input's format from its name and first bytes, as the
 * public ts_input_format_detect and ts_input_format_sniff tell it, but
 * with out of memory (the chat check compiles its layouts) told apart
 * from "the bytes say nothing" (internal: the scanner must not read a
 * chat log as CSV because memory ran out).
 */
#ifndef TS_INPUT_H
#define TS_INPUT_H

#include <stddef.h>

#include "traitscan.h"

/* *out as ts_input_format_sniff would say; TS_OK or TS_ENOMEM. */
int ts_input_sniff(const void *head, size_t n, ts_input_format *out);
/* *out as ts_input_format_detect would say; TS_OK or TS_ENOMEM. */
int ts_input_detect(const char *name, const void *head, size_t n, ts_input_format *out);

#endif
