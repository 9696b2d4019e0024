/*
 * reader.c - the diagnostics and counts the streaming readers share: a
 * sticky status, rejects or warnings handed to on_diag, records and
 * rejects counted (see reader.h).
 */
#include <stdarg.h>
#include <stdio.h>

#include "reader.h"

static void fill(ts_error *e, const ts_reader_diag *d, int code,
                 unsigned long line, const char *fmt, va_list ap)
	TS_READER_PRINTF(5, 0);
static void fill(ts_error *e, const ts_reader_diag *d, int code,
                 unsigned long line, const char *fmt, va_list ap)
{
	e->code = code;
	snprintf(e->file, sizeof e->file, "%s", d->name ? d->name : "");
	e->line = line;
	e->col = 0;
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
}

void ts_reader_fatal(ts_reader_diag *d, int code, unsigned long line,
                     const char *fmt, ...)
{
	va_list ap;

	if (d->status)
		return;
	d->status = code;
	va_start(ap, fmt);
	fill(&d->fail, d, code, line, fmt, ap);
	va_end(ap);
}

int ts_reader_vemit(ts_reader_diag *d, int code, unsigned long line,
                    const char *fmt, va_list ap)
{
	ts_error e;

	if (!d->on_diag)
		return 0;
	fill(&e, d, code, line, fmt, ap);
	if (!d->on_diag(d->ud, &e))
		return 0;
	if (!d->status) {
		d->fail = e;
		d->fail.code = TS_ESTOP;
		d->status = TS_ESTOP;
	}
	return 1;
}

int ts_reader_emit(ts_reader_diag *d, int code, unsigned long line,
                   const char *fmt, ...)
{
	va_list ap;
	int stop;

	va_start(ap, fmt);
	stop = ts_reader_vemit(d, code, line, fmt, ap);
	va_end(ap);
	return stop;
}

void ts_reader_reject(ts_reader_diag *d, int new_record, unsigned long line,
                      const char *fmt, ...)
{
	va_list ap;

	if (new_record)
		d->records++;
	d->rejected++;
	va_start(ap, fmt);
	ts_reader_vemit(d, TS_EINPUT, line, fmt, ap);
	va_end(ap);
}

void ts_reader_counts(const ts_reader_diag *d, unsigned long *records,
                      unsigned long *rejected)
{
	if (records)
		*records = d ? d->records : 0;
	if (rejected)
		*rejected = d ? d->rejected : 0;
}

int ts_reader_report(const ts_reader_diag *d, ts_error *err)
{
	if (err)
		*err = d->fail;
	return d->status;
}
