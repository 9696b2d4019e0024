/*
 * report_evidence.c - the evidence writer: one CSV or JSON Lines row per
 * finding, with the matched bytes, a context snippet cut at UTF-8
 * character boundaries, and where the finding came from (lexicon
 * file:line or detector).  PII is masked (ts_pii_mask) unless the caller
 * turns redaction off.  It streams: nothing is held beyond one message.
 * Not here: escaping (report_write.c, shared with the reports), deciding
 * what a finding is (match.c and the detectors) or what PII looks like
 * (pii.c).
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "detect.h"
#include "report.h"

/* The columns, in order; the same names are the JSON Lines keys. */
enum {
	C_FILE, C_ROW, C_CONV, C_SEQ, C_ROLE, C_AUTHOR, C_CATEGORY, C_STATUS,
	C_DETECTOR, C_DETAIL, C_SOURCE, C_START, C_END, C_MATCH, C_CONTEXT,
	NCOLS
};
static const char *const col_names[NCOLS] = {
	"file", "row", "conversation_id", "seq", "role", "author", "category",
	"status", "detector", "detail", "source", "start", "end", "match",
	"context"
};

/* U+2026, where the context was cut short of the text's ends. */
#define ELLIPSIS "\xe2\x80\xa6"

struct ts_evidence_writer {
	const ts_lexset *set;
	ts_evidence_options opt;
	FILE *fp;
	int pii_cat;        /* lexset index of "pii", -1 when redaction is off */
	/* A message's pii findings, and the furthest end among the first k
	 * of them: a row masks only those that can reach its bytes, found by
	 * binary search (a message can hold 100,000 of them). */
	ts_finding *pii;
	size_t *reach;
	size_t npii, pii_cap, reach_cap;
	ts_buf match, context, source;
	int rc;             /* first failure, sticky */
};

/* One cell: a string, or a number when num is set. */
typedef struct ev_cell {
	ts_str s;
	unsigned long long n;
	int num;
} ev_cell;

void ts_evidence_options_init(ts_evidence_options *o)
{
	memset(o, 0, sizeof *o);
	o->format = TS_EVIDENCE_CSV;
	o->context = TS_EVIDENCE_CONTEXT;
}

static int is_cont(unsigned char c)
{
	return (c & 0xC0) == 0x80;
}

static ev_cell cell_str(const char *p, size_t n)
{
	ev_cell c;
	c.s.p = p ? p : "";
	c.s.n = p ? n : 0;
	c.n = 0;
	c.num = 0;
	return c;
}

static ev_cell cell_cstr(const char *s)
{
	return cell_str(s, s ? strlen(s) : 0);
}

static ev_cell cell_num(unsigned long long n)
{
	ev_cell c = cell_str(NULL, 0);
	c.n = n;
	c.num = 1;
	return c;
}

/* Writes one row; TS_OK or TS_EIO. */
static int put_row(ts_evidence_writer *w, const ev_cell *cells)
{
	FILE *fp = w->fp;
	int bad = 0, jsonl = w->opt.format == TS_EVIDENCE_JSONL;

	if (jsonl)
		bad |= fputc('{', fp) == EOF;
	for (size_t c = 0; c < NCOLS; c++) {
		if (c)
			bad |= fputc(',', fp) == EOF;
		if (jsonl) {
			ts_str k = { col_names[c], strlen(col_names[c]) };
			bad |= ts_put_json_string(fp, k) != 0;
			bad |= fputc(':', fp) == EOF;
		}
		if (cells[c].num)
			bad |= fprintf(fp, "%llu", cells[c].n) < 0;
		else if (jsonl)
			bad |= ts_put_json_string(fp, cells[c].s) != 0;
		else
			bad |= ts_put_csv_cell(fp, cells[c].s) != 0;
	}
	if (jsonl)
		bad |= fputc('}', fp) == EOF;
	bad |= fputc('\n', fp) == EOF;
	return bad ? TS_EIO : TS_OK;
}

int ts_evidence_writer_new(ts_evidence_writer **out, const ts_lexset *set,
                           const ts_evidence_options *opt, FILE *fp)
{
	ts_evidence_writer *w = calloc(1, sizeof *w);

	*out = NULL;
	if (!w)
		return TS_ENOMEM;
	w->set = set;
	if (opt)
		w->opt = *opt;
	else
		ts_evidence_options_init(&w->opt);
	w->fp = fp;
	w->pii_cat = w->opt.no_redact ? -1 : ts_lexset_category_index(set, "pii");
	ts_buf_init(&w->match, 0);
	ts_buf_init(&w->context, 0);
	ts_buf_init(&w->source, 0);
	if (w->opt.format == TS_EVIDENCE_CSV) {
		int bad = 0;
		for (size_t c = 0; c < NCOLS; c++) {
			ts_str k = { col_names[c], strlen(col_names[c]) };
			if (c)
				bad |= fputc(',', fp) == EOF;
			bad |= ts_put_csv_cell(fp, k) != 0;
		}
		bad |= fputc('\n', fp) == EOF;
		/* kept for the first row and finish: the caller hears of it there */
		if (bad)
			w->rc = TS_EIO;
	}
	*out = w;
	return TS_OK;
}

/*
 * The context of text[s, e): up to N bytes either side, moved inwards to a
 * character boundary (at most 3 bytes: a longer run of continuation bytes
 * is invalid UTF-8 whichever byte it is cut at), masked, with control
 * bytes as spaces and an ellipsis at each end that cuts the text.
 */
/* Appends text[from, to) to b with the message's pii masked. */
static int masked(ts_evidence_writer *w, ts_buf *b, const char *text, size_t from,
                  size_t to)
{
	size_t lo = 0, hi = w->npii, first, last;

	if (!w->npii) /* (w->pii may be NULL: no offset from it) */
		return ts_buf_add(b, text + from, to - from);
	while (lo < hi) { /* the first pii finding that reaches past from */
		size_t mid = lo + (hi - lo) / 2;
		if (w->reach[mid] <= from)
			lo = mid + 1;
		else
			hi = mid;
	}
	first = lo;
	hi = w->npii;
	while (lo < hi) { /* the first that starts at or after to */
		size_t mid = lo + (hi - lo) / 2;
		if (w->pii[mid].start < to)
			lo = mid + 1;
		else
			hi = mid;
	}
	last = lo;
	return ts_pii_mask(b, text, from, to, w->pii + first, last - first, w->pii_cat);
}

/* Collects the message's pii findings (sorted by start) for masked(). */
static int collect_pii(ts_evidence_writer *w, const ts_message_result *r)
{
	w->npii = 0;
	for (size_t i = 0; w->pii_cat >= 0 && i < r->nfindings; i++) {
		const ts_finding *f = &r->findings[i];
		if (f->category != (unsigned)w->pii_cat)
			continue;
		if (ts_grow_array(&w->pii, &w->pii_cap, w->npii + 1, sizeof *w->pii, 16) ||
		    ts_grow_array(&w->reach, &w->reach_cap, w->npii + 1, sizeof *w->reach, 16))
			return TS_ENOMEM;
		w->pii[w->npii] = *f;
		w->reach[w->npii] = w->npii && w->reach[w->npii - 1] > f->end ?
		                    w->reach[w->npii - 1] : f->end;
		w->npii++;
	}
	return TS_OK;
}

static int make_context(ts_evidence_writer *w, const char *text, size_t n,
                        size_t s, size_t e)
{
	const unsigned char *t = (const unsigned char *)text;
	size_t N = w->opt.context;
	size_t cs = s > N ? s - N : 0;
	size_t ce = n - e > N ? e + N : n;
	size_t mark;
	int rc;

	for (int k = 0; k < 3 && cs < s && is_cont(t[cs]); k++)
		cs++;
	for (int k = 0; k < 3 && ce > e && ce < n && is_cont(t[ce]); k++)
		ce--;
	ts_buf_reset(&w->context);
	if (cs > 0 && (rc = ts_buf_adds(&w->context, ELLIPSIS)))
		return rc;
	mark = w->context.len;
	if ((rc = masked(w, &w->context, text, cs, ce)))
		return rc;
	for (size_t i = mark; i < w->context.len; i++) {
		unsigned char c = (unsigned char)w->context.p[i];
		if (c < 0x20 || c == 0x7f)
			w->context.p[i] = ' ';
	}
	if (ce < n && (rc = ts_buf_adds(&w->context, ELLIPSIS)))
		return rc;
	return TS_OK;
}

static int write_finding(ts_evidence_writer *w, const ts_message_result *r,
                         const ts_finding *f)
{
	const char *text = r->text.p ? r->text.p : "";
	size_t n = r->text.p ? r->text.n : 0;
	size_t s = f->start < n ? f->start : n;
	size_t e = f->end < s ? s : f->end < n ? f->end : n;
	const char *lexfile = NULL, *cat = "";
	unsigned long line = 0;
	ev_cell cells[NCOLS];
	int rc;

	ts_buf_reset(&w->match);
	if ((rc = masked(w, &w->match, text, s, e)) ||
	    (rc = make_context(w, text, n, s, e)))
		return rc == TS_ELIMIT ? TS_ENOMEM : rc;
	ts_buf_reset(&w->source);
	if (f->entry != TS_NO_ENTRY)
		ts_lexset_entry_origin(w->set, f->entry, &lexfile, &line);
	rc = lexfile ? ts_buf_addf(&w->source, "%s:%lu", lexfile, line)
	             : ts_buf_addf(&w->source, "detector:%s",
	                           ts_detector_name((ts_detector)f->detector));
	if (rc)
		return TS_ENOMEM;
	if (f->category < ts_lexset_ncategories(w->set))
		cat = ts_lexset_category(w->set, f->category);

	cells[C_FILE] = cell_cstr(r->file);
	cells[C_ROW] = cell_num(r->row);
	cells[C_CONV] = cell_str(r->conversation.p, r->conversation.n);
	cells[C_SEQ] = cell_str(r->seq.p, r->seq.n);
	cells[C_ROLE] = cell_cstr(ts_role_name(r->role));
	cells[C_AUTHOR] = cell_str(r->author.p, r->author.n);
	cells[C_CATEGORY] = cell_cstr(cat);
	cells[C_STATUS] = cell_cstr(ts_status_name((ts_status)f->status));
	cells[C_DETECTOR] = cell_cstr(ts_detector_name((ts_detector)f->detector));
	cells[C_DETAIL] = cell_cstr(ts_detail_name((ts_detail)f->detail));
	cells[C_SOURCE] = cell_str(w->source.p, w->source.len);
	cells[C_START] = cell_num(s);
	cells[C_END] = cell_num(e);
	cells[C_MATCH] = cell_str(w->match.p, w->match.len);
	cells[C_CONTEXT] = cell_str(w->context.p, w->context.len);
	return put_row(w, cells);
}

int ts_evidence_writer_row(void *writer, const ts_message_result *r)
{
	ts_evidence_writer *w = writer;

	if (w->rc)
		return w->rc;
	if (collect_pii(w, r))
		return w->rc = TS_ENOMEM;
	for (size_t i = 0; i < r->nfindings; i++) {
		int rc;
		if (!w->opt.all && r->findings[i].status != TS_COUNTED)
			continue;
		rc = write_finding(w, r, &r->findings[i]);
		if (rc)
			return w->rc = rc;
	}
	return TS_OK;
}

int ts_evidence_writer_finish(ts_evidence_writer *w)
{
	if (fflush(w->fp) != 0 || ferror(w->fp)) {
		if (!w->rc)
			w->rc = TS_EIO;
	}
	return w->rc;
}

void ts_evidence_writer_free(ts_evidence_writer *w)
{
	if (!w)
		return;
	ts_buf_release(&w->match);
	ts_buf_release(&w->context);
	ts_buf_release(&w->source);
	free(w->pii);
	free(w->reach);
	free(w);
}
