/*
 * reader.h - the diagnostics every streaming reader (read_csv.c,
 * read_chat.c, read_json.c, read_email.c) shares (internal): a sticky
 * status with the error that set it, and rejects or warnings handed to
 * the caller's on_diag, whose non-zero answer stops the input.
 *
 * It also keeps the two counts every reader reports: records read and,
 * of those, rejected.  Not here: the messages themselves.
 */
#ifndef TS_READER_H
#define TS_READER_H

#include <stdarg.h>

#include "traitscan.h"

#if defined(__GNUC__)
#define TS_READER_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define TS_READER_PRINTF(f, a)
#endif

/* Embedded in a reader, zeroed with it; the reader sets name (which it
 * owns and keeps alive), on_diag and ud when it is created. */
typedef struct ts_reader_diag {
	const char *name;        /* the input's name, as ts_error.file */
	ts_diag_fn on_diag;      /* may be NULL: rejects and warnings are dropped */
	void *ud;
	int status;              /* sticky: once set, every call returns it */
	ts_error fail;           /* what set status */
	unsigned long records;   /* records read (the reader counts them) */
	unsigned long rejected;  /* of those, rejected (ts_reader_reject) */
} ts_reader_diag;

/* Stops the input with code and a message at line (a file-level error,
 * out of memory, or a stop); does nothing once status is set. */
void ts_reader_fatal(ts_reader_diag *d, int code, unsigned long line,
                     const char *fmt, ...) TS_READER_PRINTF(4, 5);

/* Hands a reject (TS_EINPUT) or a warning (0) at line to on_diag.  A
 * non-zero answer stops the input with TS_ESTOP and the same message
 * (unless status is already set).  Returns non-zero when on_diag asked to
 * stop. */
int ts_reader_emit(ts_reader_diag *d, int code, unsigned long line,
                   const char *fmt, ...) TS_READER_PRINTF(4, 5);
int ts_reader_vemit(ts_reader_diag *d, int code, unsigned long line,
                    const char *fmt, va_list ap) TS_READER_PRINTF(4, 0);

/* A rejected record: counted in rejected (and in records too when
 * new_record: readers that count a record when they reject it), then
 * handed to on_diag like ts_reader_emit. */
void ts_reader_reject(ts_reader_diag *d, int new_record, unsigned long line,
                      const char *fmt, ...) TS_READER_PRINTF(4, 5);

/* The counts; d may be NULL (both 0). */
void ts_reader_counts(const ts_reader_diag *d, unsigned long *records,
                      unsigned long *rejected);

/* Copies the error that set status to *err (if not NULL) and returns
 * status (0 while the input is still good). */
int ts_reader_report(const ts_reader_diag *d, ts_error *err);

#endif
