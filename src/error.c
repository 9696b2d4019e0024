/* error.c - ts_error values: set, clear, and names for status codes. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "traitscan.h"

int ts_error_set(ts_error *err, int code, const char *file, unsigned long line,
                 const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return code;
	err->code = code;
	snprintf(err->file, sizeof err->file, "%s", file ? file : "");
	err->line = line;
	err->col = 0;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	return code;
}

void ts_error_clear(ts_error *err)
{
	if (err)
		memset(err, 0, sizeof *err);
}

const char *ts_strerror(int code)
{
	switch (code) {
	case TS_OK: return "success";
	case TS_ENOMEM: return "out of memory";
	case TS_EIO: return "input/output error";
	case TS_EINPUT: return "invalid input";
	case TS_EUSAGE: return "invalid usage";
	case TS_ELEXICON: return "lexicon error";
	case TS_ETRUNCATED: return "truncated input";
	case TS_ECORRUPT: return "corrupt input";
	case TS_ELIMIT: return "limit exceeded";
	case TS_ESTOP: return "stopped";
	default: return "unknown error";
	}
}
