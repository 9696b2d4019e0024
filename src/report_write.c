/*
 * report_write.c - renders rows of cells as CSV, TSV, JSON or a table.
 * Escaping rules: CSV quotes a cell holding a delimiter, quote, CR, LF or
 * edge space (RFC 4180); TSV writes \t \n \r \\ as backslash escapes; JSON
 * keeps valid UTF-8 and writes invalid bytes as U+FFFD; the table shows
 * control characters as spaces.  Numbers never depend on the locale (the
 * library never calls setlocale, so printf runs in the "C" locale).  The
 * CSV and JSON escaping is exported (report.h) for the evidence writer.
 */
#include "report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "util.h"

struct ts_rows {
	ts_format fmt;
	FILE *fp;
	const char *kind;
	char **cols;
	size_t ncols;
	unsigned long nrows;
	/* table: the first rows are held to size the columns */
	ts_buf held;        /* rendered cells, NUL-separated */
	size_t nheld;
	size_t *width;
	unsigned char *numeric;
	int flushed;
	ts_buf tmp;
	ts_buf out;         /* bytes not yet written: one fwrite per OUT_FLUSH */
	int failed;         /* a write failed */
	int nomem;          /* a cell or the table's header could not be made */
};

/* What the rows met first: TS_ENOMEM, TS_EIO, or TS_OK. */
static int rows_status(const ts_rows *w)
{
	return w->nomem ? TS_ENOMEM : w->failed ? TS_EIO : TS_OK;
}

#define OUT_FLUSH ((size_t)64 << 10)

/* Length in code points of a UTF-8 string (invalid bytes count one). */
static size_t display_width(const char *p, size_t n)
{
	size_t w = 0;
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)p[i] & 0xC0) != 0x80)
			w++;
	return w;
}

static void flush_out(ts_rows *w)
{
	if (w->out.len && fwrite(w->out.p, 1, w->out.len, w->fp) != w->out.len)
		w->failed = 1;
	ts_buf_reset(&w->out);
}

static void put(ts_rows *w, const char *p, size_t n)
{
	if (ts_buf_add(&w->out, p, n) != TS_OK) {
		/* no memory for the buffer: write through */
		flush_out(w);
		if (n && fwrite(p, 1, n, w->fp) != n)
			w->failed = 1;
		return;
	}
	if (w->out.len >= OUT_FLUSH)
		flush_out(w);
}

static void puts_(ts_rows *w, const char *s)
{
	put(w, s, strlen(s));
}

/* Decimal digits of v, right-aligned ending at end; returns the start. */
static char *put_digits(char *end, unsigned long long v)
{
	do {
		*--end = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	return end;
}

/*
 * "%.*f" without printf for the usual values (printf is most of the cost
 * of a per-message report).  The scaled value x = |d| * 10^prec is rounded
 * to the nearest integer; when x is within 1e-6 of a half the product's
 * rounding could decide it differently from printf (which rounds d's
 * exact binary value), so such values, big ones (beyond 1e9, where 1e-6
 * is near an ulp), more than 6 decimals, NaN and infinities go to printf.
 * Returns the length written to buf (at least 32 bytes), 0 for printf.
 */
static size_t fixed_fast(char *buf, double d, int prec)
{
	static const double scale[] = { 1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6 };
	char digits[24], *end = digits + sizeof digits, *p;
	double x, whole, frac;
	unsigned long long v;
	size_t n = 0, nd;
	int neg = signbit(d) != 0;

	if (prec < 0 || prec > 6 || !(d == d))
		return 0;
	x = (neg ? -d : d) * scale[prec];
	if (!(x < 1e9))
		return 0;
	whole = (double)(unsigned long long)x;
	frac = x - whole;
	if (frac > 0.5 - 1e-6 && frac < 0.5 + 1e-6)
		return 0;
	v = (unsigned long long)whole + (frac > 0.5);
	p = put_digits(end, v);
	nd = (size_t)(end - p);
	while (nd < (size_t)prec + 1) { /* leading zeros: 0.05 is "005" */
		*--p = '0';
		nd++;
	}
	if (neg)
		buf[n++] = '-';
	memcpy(buf + n, p, nd - (size_t)prec);
	n += nd - (size_t)prec;
	if (prec) {
		buf[n++] = '.';
		memcpy(buf + n, end - prec, (size_t)prec);
		n += (size_t)prec;
	}
	return n;
}

/* Renders a cell's value (numbers formatted, strings raw) into tmp; out
 * of memory, the value is empty and the rows fail with TS_ENOMEM. */
static ts_str cell_text(ts_rows *w, const ts_cell *c)
{
	char num[32], *p = num + sizeof num;
	ts_str r;
	size_t n;
	int rc;

	ts_buf_reset(&w->tmp);
	if (c->kind == TS_CELL_STR || c->kind == TS_CELL_NONE)
		return c->s;
	if (c->kind == TS_CELL_INT) {
		p = put_digits(p, c->i);
		rc = ts_buf_add(&w->tmp, p, (size_t)(num + sizeof num - p));
	} else if ((n = fixed_fast(num, c->d, c->prec)) != 0) {
		rc = ts_buf_add(&w->tmp, num, n);
	} else {
		rc = ts_buf_addf(&w->tmp, "%.*f", c->prec, c->d);
	}
	if (rc)
		w->nomem = 1;
	r.p = w->tmp.p;
	r.n = w->tmp.len;
	return r;
}

/* The escapers below write through one of these: to a FILE (the
 * exported ts_put_*) or into the rows' buffer. */
typedef int (*emit_fn)(void *to, const char *p, size_t n);

static int emit_file(void *to, const char *p, size_t n)
{
	return n && fwrite(p, 1, n, (FILE *)to) != n ? -1 : 0;
}

static int emit_rows(void *to, const char *p, size_t n)
{
	put(to, p, n);
	return 0;
}

static int csv_cell(emit_fn fput, void *fp, ts_str s)
{
	int quote = 0, bad = 0;

	for (size_t i = 0; i < s.n; i++)
		if (s.p[i] == ',' || s.p[i] == '"' || s.p[i] == '\n' || s.p[i] == '\r')
			quote = 1;
	if (s.n && (s.p[0] == ' ' || s.p[s.n - 1] == ' '))
		quote = 1;
	if (!quote)
		return fput(fp, s.p, s.n);
	bad |= fput(fp, "\"", 1);
	for (size_t i = 0, start = 0; i <= s.n; i++) {
		if (i == s.n || s.p[i] == '"') {
			bad |= fput(fp, s.p + start, i - start);
			if (i < s.n)
				bad |= fput(fp, "\"\"", 2);
			start = i + 1;
		}
	}
	bad |= fput(fp, "\"", 1);
	return bad;
}

int ts_put_csv_cell(FILE *fp, ts_str s)
{
	return csv_cell(emit_file, fp, s);
}

static void put_csv(ts_rows *w, ts_str s)
{
	csv_cell(emit_rows, w, s);
}

static void put_tsv(ts_rows *w, ts_str s)
{
	size_t start = 0;

	for (size_t i = 0; i < s.n; i++) {
		const char *esc = NULL;
		switch (s.p[i]) {
		case '\t': esc = "\\t"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		case '\\': esc = "\\\\"; break;
		default: continue;
		}
		put(w, s.p + start, i - start);
		puts_(w, esc);
		start = i + 1;
	}
	put(w, s.p + start, s.n - start);
}

static int json_string(emit_fn fput, void *fp, ts_str s)
{
	const unsigned char *p = (const unsigned char *)s.p;
	size_t start = 0, i = 0;
	char esc[8];
	int bad = 0;

	bad |= fput(fp, "\"", 1);
	while (i < s.n) {
		size_t len = p[i] < 0x80 ? 1 : ts_utf8_seq(p + i, s.n - i);
		const char *e = esc;
		if (len == 1 && p[i] >= 0x20 && p[i] != '"' && p[i] != '\\') {
			i++;
			continue;
		}
		if (len > 1) {
			i += len;
			continue;
		}
		bad |= fput(fp, s.p + start, i - start);
		if (len == 0)
			e = "\\ufffd";
		else if (p[i] == '"')
			e = "\\\"";
		else if (p[i] == '\\')
			e = "\\\\";
		else if (p[i] == '\n')
			e = "\\n";
		else if (p[i] == '\t')
			e = "\\t";
		else if (p[i] == '\r')
			e = "\\r";
		else
			snprintf(esc, sizeof esc, "\\u%04x", p[i]);
		bad |= fput(fp, e, strlen(e));
		i++;
		start = i;
	}
	bad |= fput(fp, s.p + start, s.n - start);
	bad |= fput(fp, "\"", 1);
	return bad;
}

int ts_put_json_string(FILE *fp, ts_str s)
{
	return json_string(emit_file, fp, s);
}

static void put_json_string(ts_rows *w, ts_str s)
{
	json_string(emit_rows, w, s);
}

static void put_table_cell(ts_rows *w, const char *p, size_t n, size_t width, int right)
{
	size_t dw = display_width(p, n), pad = dw < width ? width - dw : 0;

	if (right)
		for (size_t k = 0; k < pad; k++)
			put(w, " ", 1);
	for (size_t i = 0; i < n; i++) {
		char c = p[i];
		if ((unsigned char)c < 0x20 || c == 0x7f)
			c = ' ';
		put(w, &c, 1);
	}
	if (!right)
		for (size_t k = 0; k < pad; k++)
			put(w, " ", 1);
}

/* Prints one line of cells: each is text, NUL, then 'n' (numeric, right
 * aligned) or 's'; the last column is not padded when it is text. */
static const char *table_line(ts_rows *w, const char *q, int header)
{
	for (size_t c = 0; c < w->ncols; c++) {
		size_t n = strlen(q);
		int num = header ? w->numeric[c] : q[n + 1] == 'n';
		if (c)
			puts_(w, "  ");
		put_table_cell(w, q, n, c + 1 == w->ncols && !num ? 0 : w->width[c], num);
		q += n + (header ? 1 : 3);
	}
	put(w, "\n", 1);
	return q;
}

/* Prints the rows held so far (and the header before the first). */
static void table_flush(ts_rows *w)
{
	const char *q = w->held.p;

	if (!w->flushed) {
		ts_buf hdr;
		/* a column is numeric when its first held cell is */
		for (size_t c = 0; c < w->ncols && w->nheld; c++) {
			size_t n = strlen(q);
			w->numeric[c] = (unsigned char)(q[n + 1] == 'n');
			q += n + 3;
		}
		ts_buf_init(&hdr, 0);
		for (size_t c = 0; c < w->ncols; c++)
			if (ts_buf_adds(&hdr, w->cols[c]) || ts_buf_addc(&hdr, '\0'))
				w->nomem = 1;
		if (!w->nomem)
			table_line(w, hdr.p, 1);
		ts_buf_release(&hdr);
		w->flushed = 1;
		q = w->held.p;
	}
	for (size_t r = 0; r < w->nheld; r++)
		q = table_line(w, q, 0);
	ts_buf_reset(&w->held);
	w->nheld = 0;
}

int ts_rows_new(ts_rows **out, ts_format fmt, FILE *fp, const char *kind,
                const char *const *cols, size_t ncols)
{
	ts_rows *w = calloc(1, sizeof *w);

	*out = NULL;
	if (!w)
		return TS_ENOMEM;
	w->fmt = fmt;
	w->fp = fp;
	w->kind = kind;
	w->ncols = ncols;
	ts_buf_init(&w->held, 0);
	ts_buf_init(&w->tmp, 0);
	ts_buf_init(&w->out, 0);
	w->cols = calloc(ncols ? ncols : 1, sizeof *w->cols);
	w->width = calloc(ncols ? ncols : 1, sizeof *w->width);
	w->numeric = calloc(ncols ? ncols : 1, 1);
	if (!w->cols || !w->width || !w->numeric)
		goto nomem;
	for (size_t c = 0; c < ncols; c++) {
		if (!(w->cols[c] = strdup(cols[c])))
			goto nomem;
		w->width[c] = display_width(cols[c], strlen(cols[c]));
	}
	switch (fmt) {
	case TS_FMT_CSV:
	case TS_FMT_TSV:
		for (size_t c = 0; c < ncols; c++) {
			ts_str name = { cols[c], strlen(cols[c]) };
			if (c)
				put(w, fmt == TS_FMT_CSV ? "," : "\t", 1);
			if (fmt == TS_FMT_CSV)
				put_csv(w, name);
			else
				put_tsv(w, name);
		}
		put(w, "\n", 1);
		break;
	case TS_FMT_JSON:
		puts_(w, "{\"report\":\"");
		puts_(w, kind);
		puts_(w, "\",\"rows\":[");
		break;
	case TS_FMT_TABLE:
		break;
	}
	*out = w;
	return TS_OK;
nomem:
	ts_rows_free(w);
	return TS_ENOMEM;
}

int ts_rows_add(ts_rows *w, const ts_cell *cells)
{
	switch (w->fmt) {
	case TS_FMT_CSV:
	case TS_FMT_TSV:
		for (size_t c = 0; c < w->ncols; c++) {
			ts_str s = cell_text(w, &cells[c]);
			if (c)
				put(w, w->fmt == TS_FMT_CSV ? "," : "\t", 1);
			if (w->fmt == TS_FMT_CSV)
				put_csv(w, s);
			else
				put_tsv(w, s);
		}
		put(w, "\n", 1);
		break;
	case TS_FMT_JSON:
		puts_(w, w->nrows ? ",\n{" : "\n{");
		for (size_t c = 0; c < w->ncols; c++) {
			ts_str name = { w->cols[c], strlen(w->cols[c]) };
			if (c)
				put(w, ",", 1);
			put_json_string(w, name);
			put(w, ":", 1);
			if (cells[c].kind == TS_CELL_STR)
				put_json_string(w, cells[c].s);
			else if (cells[c].kind == TS_CELL_NONE)
				puts_(w, "null");
			else {
				ts_str s = cell_text(w, &cells[c]);
				put(w, s.p, s.n);
			}
		}
		put(w, "}", 1);
		break;
	case TS_FMT_TABLE: {
		/* each held cell: text, NUL, 'n' (numeric) or 's', NUL */
		for (size_t c = 0; c < w->ncols; c++) {
			ts_str s = cell_text(w, &cells[c]);
			size_t dw;
			/* a NUL inside a string cell would end it early: cut there */
			size_t n = strnlen(s.p, s.n);
			if (ts_buf_add(&w->held, s.p, n) || ts_buf_addc(&w->held, '\0') ||
			    ts_buf_addc(&w->held, cells[c].kind == TS_CELL_STR ? 's' : 'n') ||
			    ts_buf_addc(&w->held, '\0'))
				return TS_ENOMEM;
			dw = display_width(s.p, n);
			if (!w->flushed && dw > w->width[c])
				w->width[c] = dw;
		}
		w->nheld++;
		/* past the sample, rows print at once with the widths fixed */
		if (w->nheld >= TS_TABLE_SAMPLE || w->flushed)
			table_flush(w);
		break;
	}
	}
	w->nrows++;
	return rows_status(w);
}

int ts_rows_finish(ts_rows *w, const char *const *names, const ts_cell *values,
                   size_t nmeta)
{
	switch (w->fmt) {
	case TS_FMT_CSV:
	case TS_FMT_TSV:
		break;
	case TS_FMT_JSON:
		puts_(w, w->nrows ? "\n],\"summary\":{" : "],\"summary\":{");
		for (size_t i = 0; i < nmeta; i++) {
			ts_str k = { names[i], strlen(names[i]) };
			if (i)
				put(w, ",", 1);
			put_json_string(w, k);
			put(w, ":", 1);
			if (values[i].kind == TS_CELL_STR)
				put_json_string(w, values[i].s);
			else if (values[i].kind == TS_CELL_NONE)
				puts_(w, "null");
			else {
				ts_str v = cell_text(w, &values[i]);
				put(w, v.p, v.n);
			}
		}
		puts_(w, "}}\n");
		break;
	case TS_FMT_TABLE:
		table_flush(w);
		if (nmeta)
			put(w, "\n", 1);
		for (size_t i = 0; i < nmeta; i++) {
			ts_str v = cell_text(w, &values[i]);
			puts_(w, names[i]);
			puts_(w, ": ");
			put(w, v.p, v.n);
			put(w, "\n", 1);
		}
		break;
	}
	flush_out(w);
	if (fflush(w->fp) != 0 || ferror(w->fp))
		w->failed = 1;
	return rows_status(w);
}

void ts_rows_free(ts_rows *w)
{
	if (!w)
		return;
	for (size_t c = 0; c < w->ncols && w->cols; c++)
		free(w->cols[c]);
	free(w->cols);
	free(w->width);
	free(w->numeric);
	ts_buf_release(&w->held);
	ts_buf_release(&w->tmp);
	ts_buf_release(&w->out);
	free(w);
}
