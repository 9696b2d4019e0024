/*
 * calibrate.c - scores the scanner's per-message predictions against human
 * labels: per category the confusion counts and precision, recall and F1;
 * which lexicon entries or detectors fired in the false positives (with
 * how many such messages each, and one example); and the first false
 * negatives in input order.
 *
 * Labels come in as extra CSV columns (ts_message.extra) through the
 * scanner's record tap and wait, keyed by input row, until the analysed
 * message comes back through the per-message sink; then they are scored
 * and dropped.  Rows arrive in increasing order, so the waiting labels are
 * a sorted array searched by bisection and compacted as it empties.
 *
 * Not here: reading or analysing (read_csv.c, scan.c), any printing or
 * formatting (cli_calibrate.c).
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "detect.h"
#include "traitscan.h"

#define COMPACT_MIN 256 /* scored rows before the waiting array is compacted */

/* A source while the false positives are collected. */
typedef struct source {
	ts_calib_source pub;
	size_t key;           /* entry id, or nentries + detector */
	unsigned long stamp;  /* last message counted (one per message) */
} source;

typedef struct cat_state {
	unsigned long tp, fp, fn, tn;
	source *src;
	size_t nsrc, src_cap;
	int *src_of;          /* key -> index into src, -1 (made on first use) */
	ts_calib_source *sorted; /* after finish */
	ts_calib_example *fn_ex; /* the first false negatives, by row */
	size_t nfn, fn_cap;
} cat_state;

struct ts_calib {
	const ts_lexset *set;
	size_t ncat, nentries, nkeys;
	int mask_cat;         /* pii category for masking, -1: none */
	size_t examples, max_text;
	ts_diag_fn on_diag;
	void *diag_ud;

	char **column;        /* per category: its label column, or NULL */
	unsigned char *mapped;/* per category: the column came from a map */
	unsigned char *seen;  /* per category: the input has the column */
	unsigned char *warned;/* per category: a bad value was reported */
	cat_state *cats;

	/* labels waiting for their message's result */
	unsigned long *wrow;
	signed char *wlab;    /* ncat per row: -1 not scored, 0, 1 */
	unsigned char *wdone;
	size_t nwait, wait_cap, ndone;

	unsigned long records, labelled, serial;
	char *file;           /* display name of the input, for errors */
	size_t *present;      /* labelled categories, after finish */
	size_t npresent;
	int status;           /* sticky TS_ENOMEM from a callback */
	ts_buf tmp, out;
};

static char *str_ndup(const char *p, size_t n)
{
	char *s = malloc(n + 1);
	if (s) {
		if (n)
			memcpy(s, p, n);
		s[n] = '\0';
	}
	return s;
}

int ts_calib_new(ts_calib **out, const ts_calib_options *opt, ts_error *err)
{
	ts_calib *c;
	size_t n;
	int rc = TS_ENOMEM;

	*out = NULL;
	if (!opt || !opt->lexicons)
		return ts_error_set(err, TS_EUSAGE, NULL, 0, "no lexicons given");
	c = calloc(1, sizeof *c);
	if (!c)
		return ts_error_set(err, TS_ENOMEM, NULL, 0, "out of memory");
	c->set = opt->lexicons;
	c->ncat = ts_lexset_ncategories(c->set);
	c->nentries = ts_lexset_nentries(c->set);
	c->nkeys = c->nentries + TS_DET_COUNT;
	c->mask_cat = opt->no_redact ? -1 : ts_lexset_category_index(c->set, "pii");
	c->examples = opt->examples;
	c->max_text = opt->max_text ? opt->max_text : TS_CALIB_TEXT;
	c->on_diag = opt->on_diag;
	c->diag_ud = opt->diag_ud;
	ts_buf_init(&c->tmp, 0);
	ts_buf_init(&c->out, 0);
	n = c->ncat ? c->ncat : 1;
	c->column = calloc(n, sizeof *c->column);
	c->mapped = calloc(n, 1);
	c->seen = calloc(n, 1);
	c->warned = calloc(n, 1);
	c->cats = calloc(n, sizeof *c->cats);
	c->present = calloc(n, sizeof *c->present);
	if (!c->column || !c->mapped || !c->seen || !c->warned || !c->cats || !c->present)
		goto nomem;
	for (size_t i = 0; i < opt->nlabel_maps; i++) {
		const char *col = opt->label_columns[i], *cat = opt->label_categories[i];
		int k = ts_lexset_category_index(c->set, cat);
		if (k < 0) {
			rc = ts_error_set(err, TS_EUSAGE, NULL, 0,
			             "no category '%s' in the lexicons (--label %s=%s)", cat,
			             col, cat);
			goto fail;
		}
		if (c->mapped[k]) {
			rc = ts_error_set(err, TS_EUSAGE, NULL, 0,
			             "category '%s' is labelled twice (--label %s=%s)", cat,
			             col, cat);
			goto fail;
		}
		c->mapped[k] = 1;
		if (!(c->column[k] = strdup(col)))
			goto nomem;
	}
	/* the other categories: the column named after them, unless a map
	 * already gives that column to another category */
	for (size_t k = 0; k < c->ncat; k++) {
		const char *name = ts_lexset_category(c->set, k);
		int taken = 0;
		if (c->mapped[k])
			continue;
		for (size_t i = 0; i < opt->nlabel_maps; i++)
			taken |= strcmp(opt->label_columns[i], name) == 0;
		if (!taken && !(c->column[k] = strdup(name)))
			goto nomem;
	}
	*out = c;
	return TS_OK;
nomem:
	ts_error_set(err, TS_ENOMEM, NULL, 0, "out of memory");
fail:
	ts_calib_free(c);
	return rc;
}

const char *const *ts_calib_columns(const ts_calib *c, size_t *n)
{
	*n = c->ncat;
	return (const char *const *)c->column;
}

/* ---- labels in ---------------------------------------------------------- */

static void warn_value(ts_calib *c, size_t k, const ts_message *m, ts_str v)
{
	ts_error e;

	c->warned[k] = 1;
	if (!c->on_diag)
		return;
	ts_error_set(&e, 0, m->file, m->line,
	             "label column '%s': '%.*s%s' is not 1, 0 or empty (not scored; "
	             "reported once per column)", c->column[k],
	             (int)(v.n > 40 ? 40 : v.n), v.p, v.n > 40 ? "..." : "");
	(void)c->on_diag(c->diag_ud, &e);
}

/* Drops the rows already scored from the waiting array. */
static void compact(ts_calib *c)
{
	size_t k = 0;

	for (size_t i = 0; i < c->nwait; i++) {
		if (c->wdone[i])
			continue;
		if (k != i) {
			c->wrow[k] = c->wrow[i];
			memcpy(c->wlab + k * c->ncat, c->wlab + i * c->ncat, c->ncat);
			c->wdone[k] = 0;
		}
		k++;
	}
	c->nwait = k;
	c->ndone = 0;
}

static int add_waiting(ts_calib *c, unsigned long row, const signed char *lab)
{
	size_t cap = c->wait_cap;

	if (c->nwait == c->wait_cap) {
		if (ts_grow_array(&c->wrow, &cap, c->nwait + 1, sizeof *c->wrow, 64))
			return TS_ENOMEM;
		/* the parallel arrays follow wrow's capacity */
		{
			signed char *l = realloc(c->wlab, cap * c->ncat);
			unsigned char *d;
			if (!l)
				return TS_ENOMEM;
			c->wlab = l;
			d = realloc(c->wdone, cap);
			if (!d)
				return TS_ENOMEM;
			c->wdone = d;
		}
		c->wait_cap = cap;
	}
	c->wrow[c->nwait] = row;
	memcpy(c->wlab + c->nwait * c->ncat, lab, c->ncat);
	c->wdone[c->nwait] = 0;
	c->nwait++;
	return TS_OK;
}

int ts_calib_record(void *calib, const ts_message *m)
{
	ts_calib *c = calib;
	signed char lab[64], *big = NULL, *l = lab;
	int any = 0, rc = TS_OK;

	if (c->status)
		return 1;
	c->records++;
	if (!c->file && !(c->file = strdup(m->file ? m->file : "-")))
		goto nomem;
	if (c->ncat > sizeof lab) {
		if (!(big = malloc(c->ncat)))
			goto nomem;
		l = big;
	}
	for (size_t k = 0; k < c->ncat; k++) {
		ts_str v;
		l[k] = -1;
		if (!c->column[k] || !m->extra || k >= m->nextra || !m->extra[k].p)
			continue;
		c->seen[k] = 1;
		v = m->extra[k];
		if (v.n == 1 && (v.p[0] == '0' || v.p[0] == '1')) {
			l[k] = (signed char)(v.p[0] - '0');
			any = 1;
		} else if (v.n && !c->warned[k]) {
			warn_value(c, k, m, v);
		}
	}
	if (any)
		rc = add_waiting(c, m->row, l);
	free(big);
	if (rc)
		goto nomem;
	return 0;
nomem:
	c->status = TS_ENOMEM;
	return 1;
}

/* ---- results in ---------------------------------------------------------- */

/* Index of the waiting row, or SIZE_MAX. */
static size_t find_waiting(const ts_calib *c, unsigned long row)
{
	size_t lo = 0, hi = c->nwait;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (c->wrow[mid] < row)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < c->nwait && c->wrow[lo] == row && !c->wdone[lo] ? lo : SIZE_MAX;
}

static int is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' ||
	       ch == '\v';
}

/* The largest cut <= at in p[from, to) that does not split a UTF-8
 * sequence. */
static size_t char_boundary(const char *p, size_t from, size_t at)
{
	while (at > from && ((unsigned char)p[at] & 0xC0) == 0x80)
		at--;
	return at;
}

/* c->out = text[from, to) of r cut to limit bytes, personal data masked,
 * whitespace runs as one space, "..." when cut. */
static int excerpt(ts_calib *c, const ts_message_result *r, size_t from,
                   size_t to, size_t limit)
{
	const char *t = r->text.p ? r->text.p : "";
	size_t cut = to;
	int more = 0, space = 0, rc;

	if (to > r->text.n)
		to = cut = r->text.n;
	if (from > to)
		from = to;
	if (to - from > limit) {
		cut = char_boundary(t, from, from + limit);
		more = 1;
	}
	ts_buf_reset(&c->tmp);
	ts_buf_reset(&c->out);
	rc = ts_pii_mask(&c->tmp, t, from, cut, r->findings, r->nfindings, c->mask_cat);
	if (rc)
		return rc;
	for (size_t i = 0; i < c->tmp.len; i++) {
		char ch = c->tmp.p[i];
		if (is_space(ch)) {
			space = c->out.len > 0;
			continue;
		}
		if ((space && ts_buf_addc(&c->out, ' ')) || ts_buf_addc(&c->out, ch))
			return TS_ENOMEM;
		space = 0;
	}
	/* a mask can be longer than what it hides */
	if (c->out.len > limit) {
		ts_buf_truncate(&c->out, char_boundary(c->out.p, 0, limit));
		more = 1;
	}
	while (c->out.len && c->out.p[c->out.len - 1] == ' ')
		ts_buf_truncate(&c->out, c->out.len - 1);
	if (more && ts_buf_adds(&c->out, "..."))
		return TS_ENOMEM;
	return TS_OK;
}

static void example_release(ts_calib_example *e)
{
	/* one block: conversation, seq and text (see make_example) */
	free((void *)e->conversation.p);
	memset(e, 0, sizeof *e);
}

static int make_example(ts_calib *c, const ts_message_result *r,
                        ts_calib_example *e)
{
	size_t nc = r->conversation.n, ns = r->seq.n, nt;
	char *block;
	int rc = excerpt(c, r, 0, r->text.n, c->max_text);

	if (rc)
		return rc;
	nt = c->out.len;
	block = malloc(nc + ns + nt + 3);
	if (!block)
		return TS_ENOMEM;
	if (nc)
		memcpy(block, r->conversation.p, nc);
	block[nc] = '\0';
	if (ns)
		memcpy(block + nc + 1, r->seq.p, ns);
	block[nc + 1 + ns] = '\0';
	memcpy(block + nc + ns + 2, c->out.p, nt + 1);
	e->row = r->row;
	e->conversation.p = block;
	e->conversation.n = nc;
	e->seq.p = block + nc + 1;
	e->seq.n = ns;
	e->text.p = block + nc + ns + 2;
	e->text.n = nt;
	return TS_OK;
}

/* The source of finding f: its key and what a reader is told about it. */
static size_t source_key(const ts_calib *c, const ts_finding *f)
{
	if (f->detector == TS_DET_LEXICON && f->entry != TS_NO_ENTRY &&
	    f->entry < c->nentries)
		return f->entry;
	return c->nentries + (f->detector < TS_DET_COUNT ? f->detector : 0);
}

/* A false positive of category k: each source that fired in it counts
 * the message once; the first message in input order is its example. */
static int add_sources(ts_calib *c, size_t k, const ts_message_result *r)
{
	cat_state *cs = &c->cats[k];

	if (!cs->src_of) {
		cs->src_of = malloc(c->nkeys * sizeof *cs->src_of);
		if (!cs->src_of)
			return TS_ENOMEM;
		for (size_t i = 0; i < c->nkeys; i++)
			cs->src_of[i] = -1;
	}
	for (size_t i = 0; i < r->nfindings; i++) {
		const ts_finding *f = &r->findings[i];
		size_t key;
		source *s;
		char *match;
		int rc;

		if (f->category != k || f->status != TS_COUNTED)
			continue;
		key = source_key(c, f);
		if (cs->src_of[key] < 0) {
			if (ts_grow_array(&cs->src, &cs->src_cap, cs->nsrc + 1, sizeof *cs->src, 8))
				return TS_ENOMEM;
			s = &cs->src[cs->nsrc];
			memset(s, 0, sizeof *s);
			s->key = key;
			s->pub.entry = TS_NO_ENTRY;
			s->pub.detector = (ts_detector)(f->detector < TS_DET_COUNT ? f->detector : 0);
			if (key < c->nentries) {
				s->pub.entry = (unsigned)key;
				ts_lexset_entry_origin(c->set, key, &s->pub.file, &s->pub.line);
			}
			cs->src_of[key] = (int)cs->nsrc++;
		}
		s = &cs->src[cs->src_of[key]];
		if (s->stamp == c->serial)
			continue;
		s->stamp = c->serial;
		s->pub.messages++;
		if (s->pub.messages > 1 && r->row >= s->pub.example.row)
			continue;
		/* the first message in input order (results of interleaved
		 * input can come back out of order) */
		if ((rc = excerpt(c, r, f->start, f->end, TS_CALIB_MATCH)))
			return rc;
		if (!(match = str_ndup(c->out.p, c->out.len)))
			return TS_ENOMEM;
		free((void *)s->pub.match.p);
		s->pub.match.p = match;
		s->pub.match.n = c->out.len;
		example_release(&s->pub.example);
		if ((rc = make_example(c, r, &s->pub.example)))
			return rc;
	}
	return TS_OK;
}

/* A false negative of category k: kept if among the first in input order. */
static int add_false_negative(ts_calib *c, size_t k, const ts_message_result *r)
{
	cat_state *cs = &c->cats[k];
	ts_calib_example e;
	size_t at;
	int rc;

	if (!c->examples)
		return TS_OK;
	if (cs->nfn == c->examples && r->row >= cs->fn_ex[cs->nfn - 1].row)
		return TS_OK;
	if ((rc = make_example(c, r, &e)))
		return rc;
	if (cs->nfn == c->examples) {
		example_release(&cs->fn_ex[--cs->nfn]);
	} else if (ts_grow_array(&cs->fn_ex, &cs->fn_cap, cs->nfn + 1,
	                         sizeof *cs->fn_ex, 4)) {
		example_release(&e);
		return TS_ENOMEM;
	}
	for (at = cs->nfn; at > 0 && cs->fn_ex[at - 1].row > e.row; at--)
		cs->fn_ex[at] = cs->fn_ex[at - 1];
	cs->fn_ex[at] = e;
	cs->nfn++;
	return TS_OK;
}

int ts_calib_result(void *calib, const ts_message_result *r)
{
	ts_calib *c = calib;
	size_t w = find_waiting(c, r->row);
	const signed char *lab;
	int rc = TS_OK;

	if (c->status)
		return 1;
	if (w == SIZE_MAX)
		return 0;
	lab = c->wlab + w * c->ncat;
	c->labelled++;
	c->serial++;
	for (size_t k = 0; k < c->ncat && rc == TS_OK; k++) {
		cat_state *cs = &c->cats[k];
		int pred = r->counts[k] > 0;
		if (lab[k] < 0)
			continue;
		if (lab[k] && pred)
			cs->tp++;
		else if (lab[k])
			cs->fn++, rc = add_false_negative(c, k, r);
		else if (pred)
			cs->fp++, rc = add_sources(c, k, r);
		else
			cs->tn++;
	}
	c->wdone[w] = 1;
	c->ndone++;
	if (c->ndone >= COMPACT_MIN && c->ndone * 2 >= c->nwait)
		compact(c);
	if (rc) {
		c->status = rc;
		return 1;
	}
	return 0;
}

/* ---- results out ------------------------------------------------------------ */

static int cmp_source(const void *x, const void *y)
{
	const source *a = x, *b = y;

	if (a->pub.messages != b->pub.messages)
		return a->pub.messages > b->pub.messages ? -1 : 1;
	if (a->pub.example.row != b->pub.example.row)
		return a->pub.example.row < b->pub.example.row ? -1 : 1;
	return a->key < b->key ? -1 : a->key > b->key;
}

int ts_calib_finish(ts_calib *c, ts_error *err)
{
	const char *file = c->file ? c->file : "";
	ts_buf list;
	int rc;

	if (c->status)
		return ts_error_set(err, c->status, file, 0, "%s", ts_strerror(c->status));
	if (!c->records)
		return ts_error_set(err, TS_EINPUT, file, 0, "no messages to score");
	for (size_t k = 0; k < c->ncat; k++)
		if (c->mapped[k] && !c->seen[k])
			return ts_error_set(err, TS_EINPUT, file, 0,
			                    "no column '%s' for --label %s=%s", c->column[k],
			                    c->column[k], ts_lexset_category(c->set, k));
	c->npresent = 0;
	for (size_t k = 0; k < c->ncat; k++)
		if (c->seen[k])
			c->present[c->npresent++] = k;
	if (!c->npresent) {
		ts_buf_init(&list, 0);
		for (size_t k = 0; k < c->ncat; k++)
			if (c->column[k] && (ts_buf_adds(&list, list.len ? ", " : "") ||
			                     ts_buf_adds(&list, c->column[k])))
				break;
		rc = ts_error_set(err, TS_EINPUT, file, 0,
		                  "no label columns (looked for %s; use --label COLUMN=CATEGORY)",
		                  list.p);
		ts_buf_release(&list);
		return rc;
	}
	for (size_t k = 0; k < c->ncat; k++) {
		cat_state *cs = &c->cats[k];
		free(cs->sorted);
		cs->sorted = NULL;
		if (!cs->nsrc)
			continue;
		qsort(cs->src, cs->nsrc, sizeof *cs->src, cmp_source);
		cs->sorted = malloc(cs->nsrc * sizeof *cs->sorted);
		if (!cs->sorted)
			return ts_error_set(err, TS_ENOMEM, file, 0, "out of memory");
		for (size_t i = 0; i < cs->nsrc; i++) {
			cs->sorted[i] = cs->src[i].pub;
			cs->src_of[cs->src[i].key] = (int)i;
		}
	}
	return TS_OK;
}

size_t ts_calib_ncategories(const ts_calib *c)
{
	return c->npresent;
}

void ts_calib_metrics_compute(ts_calib_metrics *m)
{
	double p = 0.0, r = 0.0;

	m->labelled = m->tp + m->fp + m->fn + m->tn;
	m->support = m->tp + m->fn;
	if (m->tp + m->fp)
		p = (double)m->tp / (double)(m->tp + m->fp);
	if (m->tp + m->fn)
		r = (double)m->tp / (double)(m->tp + m->fn);
	m->precision = p;
	m->recall = r;
	/* the same operations in the same order as the eval's score.py, so
	 * that the rounded values agree */
	m->f1 = p + r > 0.0 ? 2.0 * p * r / (p + r) : 0.0;
}

void ts_calib_metrics_get(const ts_calib *c, size_t i, ts_calib_metrics *out)
{
	size_t k = c->present[i];
	const cat_state *cs = &c->cats[k];

	memset(out, 0, sizeof *out);
	out->category = ts_lexset_category(c->set, k);
	out->column = c->column[k];
	out->tp = cs->tp;
	out->fp = cs->fp;
	out->fn = cs->fn;
	out->tn = cs->tn;
	ts_calib_metrics_compute(out);
}

size_t ts_calib_false_positives(const ts_calib *c, size_t i,
                                const ts_calib_source **out)
{
	const cat_state *cs = &c->cats[c->present[i]];

	*out = cs->sorted;
	return cs->sorted ? cs->nsrc : 0;
}

size_t ts_calib_false_negatives(const ts_calib *c, size_t i,
                                const ts_calib_example **out)
{
	const cat_state *cs = &c->cats[c->present[i]];

	*out = cs->fn_ex;
	return cs->nfn;
}

unsigned long ts_calib_labelled_messages(const ts_calib *c)
{
	return c->labelled;
}

void ts_calib_free(ts_calib *c)
{
	if (!c)
		return;
	for (size_t k = 0; k < c->ncat; k++) {
		cat_state *cs = c->cats ? &c->cats[k] : NULL;
		if (c->column)
			free(c->column[k]);
		if (!cs)
			continue;
		for (size_t i = 0; i < cs->nsrc; i++) {
			free((void *)cs->src[i].pub.match.p);
			example_release(&cs->src[i].pub.example);
		}
		free(cs->src);
		free(cs->src_of);
		free(cs->sorted);
		for (size_t i = 0; i < cs->nfn; i++)
			example_release(&cs->fn_ex[i]);
		free(cs->fn_ex);
	}
	free(c->column);
	free(c->mapped);
	free(c->seen);
	free(c->warned);
	free(c->cats);
	free(c->wrow);
	free(c->wlab);
	free(c->wdone);
	free(c->file);
	free(c->present);
	ts_buf_release(&c->tmp);
	ts_buf_release(&c->out);
	free(c);
}
