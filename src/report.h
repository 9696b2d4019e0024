/*
 * report.h - one row writer for every output format (internal).
 *
 * A report is a list of named columns and rows of cells; the writer
 * renders them as CSV, TSV, JSON or an aligned table, streaming (the table
 * sizes its columns from the first TS_TABLE_SAMPLE rows).  The views in
 * report_views.c decide the columns; nothing here knows what they mean.
 */
#ifndef TS_REPORT_H
#define TS_REPORT_H

#include <stdio.h>

#include "traitscan.h"

#define TS_TABLE_SAMPLE 1000

/* TS_CELL_NONE: no value (an empty cell; null in JSON). */
typedef enum { TS_CELL_STR = 0, TS_CELL_INT, TS_CELL_REAL, TS_CELL_NONE } ts_cell_kind;

typedef struct ts_cell {
	ts_cell_kind kind;
	ts_str s;
	unsigned long long i;
	double d;
	int prec; /* decimals for TS_CELL_REAL */
} ts_cell;

static inline ts_cell ts_cell_str(ts_str s)
{
	ts_cell c = { TS_CELL_STR, s, 0, 0.0, 0 };
	return c;
}
static inline ts_cell ts_cell_cstr(const char *s)
{
	ts_str v = { s ? s : "", 0 };
	while (v.p[v.n])
		v.n++;
	return ts_cell_str(v);
}
static inline ts_cell ts_cell_int(unsigned long long i)
{
	ts_cell c = { TS_CELL_INT, { "", 0 }, i, 0.0, 0 };
	return c;
}
static inline ts_cell ts_cell_none(void)
{
	ts_cell c = { TS_CELL_NONE, { "", 0 }, 0, 0.0, 0 };
	return c;
}
static inline ts_cell ts_cell_real(double d, int prec)
{
	ts_cell c = { TS_CELL_REAL, { "", 0 }, 0, d, prec };
	return c;
}

typedef struct ts_rows ts_rows;

/* kind names the report in JSON ("agents", "conversations", "messages"). */
int ts_rows_new(ts_rows **out, ts_format fmt, FILE *fp, const char *kind,
                const char *const *cols, size_t ncols);
/* Adds a row.  TS_OK, or the first failure so far: TS_ENOMEM (a value
 * could not be rendered) before TS_EIO (a write failed). */
int ts_rows_add(ts_rows *w, const ts_cell *cells);
/* Ends the report; the nmeta named values go in JSON's "summary" object
 * and under the table as "name: value" lines (CSV and TSV have no room for
 * them).  Returns TS_OK, TS_ENOMEM or TS_EIO as ts_rows_add does. */
int ts_rows_finish(ts_rows *w, const char *const *names, const ts_cell *values,
                   size_t nmeta);
void ts_rows_free(ts_rows *w);

/* The escaping the rows above use, for writers that lay out their own
 * lines (the evidence writer, calibrate's JSON report): s as one CSV cell,
 * quoted when it holds a comma, quote, CR, LF or edge space; s as a JSON
 * string with invalid UTF-8 as U+FFFD and control bytes escaped.  Both
 * write to fp and return 0, or -1 if a write failed. */
int ts_put_csv_cell(FILE *fp, ts_str s);
int ts_put_json_string(FILE *fp, ts_str s);

#endif
