/*
 * csv_dump.c - a test-only tool (built for `make test` and `make
 * realdata`, never installed): reads one CSV file with the library's CSV
 * reader, as `traitscan scan` does (ts_source, then ts_csv_reader_feed in
 * chunks), and prints every record the reader emits as one JSON object a
 * line, {"COLUMN": "value", ...}, for the columns named on the command
 * line, in that order; a column the header lacks is null.  tests/
 * realdata.py compares that with the expected parse of csv-spectrum.
 *
 *   csv_dump [-c CHUNK] FILE COLUMN...
 *
 * The first COLUMN is mapped to both required fields (conversation and
 * text), so a record whose first cell is empty is rejected like any
 * record without text; the values are the cells as the reader hands them
 * out (ts_message.extra, so trimmed of blanks and line breaks at both
 * ends).  Bytes from 0x80 up are written as they are, so the output is
 * JSON when the input is UTF-8; '"', '\' and control bytes are escaped.
 * Rejects and warnings go to stderr as "csv_dump: FILE:LINE: reason".
 * Exit status: 0, 3 when a record was rejected, 1 when the input could
 * not be read, 2 for usage.
 *
 * Not here: the comparison (tests/realdata.sh), threading by reply links
 * (turned off: --thread-by conversation).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "traitscan.h"

struct dump {
	size_t ncols;
	char *const *cols;
	unsigned long rejects;
};

/* v as a JSON string, bytes from 0x80 up unchanged. */
static void put_string(ts_str v)
{
	putchar('"');
	for (size_t i = 0; i < v.n; i++) {
		unsigned char c = (unsigned char)v.p[i];
		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c == '\n')
			fputs("\\n", stdout);
		else if (c == '\r')
			fputs("\\r", stdout);
		else if (c == '\t')
			fputs("\\t", stdout);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static int on_message(void *ud, const ts_message *m)
{
	const struct dump *d = ud;

	putchar('{');
	for (size_t i = 0; i < d->ncols; i++) {
		ts_str name = { d->cols[i], strlen(d->cols[i]) };
		if (i)
			fputs(", ", stdout);
		put_string(name);
		fputs(": ", stdout);
		if (i < m->nextra && m->extra[i].p)
			put_string(m->extra[i]);
		else
			fputs("null", stdout);
	}
	fputs("}\n", stdout);
	return 0;
}

static int on_diag(void *ud, const ts_error *e)
{
	struct dump *d = ud;

	if (e->code)
		d->rejects++;
	fprintf(stderr, "csv_dump: %s%s:%lu: %s\n", e->code ? "" : "warning: ",
	        e->file, e->line, e->msg);
	return 0;
}

int main(int argc, char **argv)
{
	ts_csv_options opt;
	ts_csv_reader *r = NULL;
	ts_source *src = NULL;
	struct dump d;
	ts_error err;
	size_t chunk = TS_READ_CHUNK, got;
	char *buf = NULL;
	int argi = 1, rc;

	if (argc > 2 && strcmp(argv[1], "-c") == 0) {
		chunk = (size_t)strtoul(argv[2], NULL, 10);
		argi = 3;
	}
	if (argc - argi < 2 || chunk == 0) {
		fputs("usage: csv_dump [-c CHUNK] FILE COLUMN...\n", stderr);
		return 2;
	}
	memset(&opt, 0, sizeof opt);
	opt.map_column[TS_F_CONVERSATION] = argv[argi + 1];
	opt.map_column[TS_F_TEXT] = argv[argi + 1];
	opt.extra_columns = (const char *const *)(argv + argi + 1);
	opt.nextra = (size_t)(argc - argi - 1);
	opt.thread_by = TS_THREAD_CONVERSATION;
	d.cols = argv + argi + 1;
	d.ncols = opt.nextra;
	d.rejects = 0;
	buf = malloc(chunk);
	rc = buf ? ts_source_open(&src, argv[argi], &err)
	         : ts_error_set(&err, TS_ENOMEM, argv[argi], 0, "out of memory");
	if (rc == TS_OK)
		rc = ts_csv_reader_new(&r, &opt, ts_source_name(src), on_message, on_diag, &d,
		                       &err);
	while (rc == TS_OK) {
		rc = ts_source_read(src, buf, chunk, &got, &err);
		if (rc || !got)
			break;
		rc = ts_csv_reader_feed(r, buf, got, &err);
	}
	if (rc == TS_OK)
		rc = ts_csv_reader_finish(r, &err);
	ts_csv_reader_free(r);
	ts_source_free(src);
	free(buf);
	if (fflush(stdout) != 0)
		return 1;
	if (rc) {
		fprintf(stderr, "csv_dump: error: %s:%lu: %s\n", err.file, err.line, err.msg);
		return 1;
	}
	return d.rejects ? 3 : 0;
}
