/*
 * report_views.c - what each report contains: the columns and rows of the
 * by-agent, by-conversation and by-message views, handed to the row
 * writer (report_write.c) in a stable, sorted order.  The per-message CSV
 * columns are a contract: conversation_id,seq,row,role,author,words, then
 * one count per category in lexicon order.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "report.h"
#include "scan.h"
#include "timeparse.h"

/* Column names: fixed ones, then one or more per category. */
typedef struct colset {
	char **names;
	size_t n, cap;
} colset;

static int col_add(colset *cs, const char *prefix, const char *name, const char *suffix)
{
	size_t len = strlen(prefix) + strlen(name) + strlen(suffix) + 1;
	char *s;

	if (ts_grow_array(&cs->names, &cs->cap, cs->n + 1, sizeof *cs->names, 32))
		return TS_ENOMEM;
	s = malloc(len);
	if (!s)
		return TS_ENOMEM;
	snprintf(s, len, "%s%s%s", prefix, name, suffix);
	cs->names[cs->n++] = s;
	return TS_OK;
}

static void colset_release(colset *cs)
{
	for (size_t i = 0; i < cs->n; i++)
		free(cs->names[i]);
	free(cs->names);
}

static double per_100(unsigned long hits, unsigned long words)
{
	return words ? 100.0 * (double)hits / (double)words : 0.0;
}

static double share(unsigned long part, unsigned long whole)
{
	return whole ? (double)part / (double)whole : 0.0;
}

/* The run's facts, under every report. */
#define NMETA 14
typedef struct meta {
	const char *names[NMETA + 1];
	ts_cell values[NMETA + 1];
	size_t n;
} meta;

/* The agent table's FCR and response cells, said under it. */
#define OUTCOME_LEGEND "fcr, fcr_strict: first-contact resolution of the owned " \
	"conversations decided (lenient / strict yes of how many); response: reply time, " \
	"median / p90; mood: the customer's average change, first to last message (-2..+2)"

static void meta_fill(meta *m, const ts_scanner *s, const char *legend, int outcome)
{
	ts_scan_counts c;
	size_t k = 0;

	ts_scanner_counts(s, &c);
	if (legend) {
		m->names[k] = "per category";
		m->values[k++] = ts_cell_cstr(legend);
	}
	if (outcome) {
		m->names[k] = "fcr, fcr_strict";
		m->values[k++] = ts_cell_cstr(OUTCOME_LEGEND);
	}
	m->names[k] = "lexicon_hash";
	m->values[k++] = ts_cell_cstr(ts_lexset_hash(ts_scanner_lexset(s)));
	m->names[k] = "files";
	m->values[k++] = ts_cell_int(c.files);
	m->names[k] = "records";
	m->values[k++] = ts_cell_int(c.records);
	m->names[k] = "analysed";
	m->values[k++] = ts_cell_int(c.analysed);
	m->names[k] = "rejected";
	m->values[k++] = ts_cell_int(c.rejected);
	m->names[k] = "messages";
	m->values[k++] = ts_cell_int(c.messages);
	m->names[k] = "conversations";
	m->values[k++] = ts_cell_int(c.conversations);
	m->names[k] = "split_conversations";
	m->values[k++] = ts_cell_int(c.split_conversations);
	m->names[k] = "unreadable_times";
	m->values[k++] = ts_cell_int(c.bad_times);
	for (int v = 0; v < TS_FCR_VERDICTS; v++) {
		static const char *const names[TS_FCR_VERDICTS] = {
			"fcr_yes", "fcr_no", "fcr_pending", "fcr_unknown"
		};
		m->names[k] = names[v];
		m->values[k++] = ts_cell_int(c.fcr[v]);
	}
	m->n = k;
}

static int finish(ts_rows *w, const ts_scanner *s, const char *legend, int outcome)
{
	meta m;
	meta_fill(&m, s, legend, outcome);
	return ts_rows_finish(w, m.names, m.values, m.n);
}

/* A table cell per category: hits, hits per 100 words, share of
 * conversations, in fixed widths so the column lines up.  *bad is set
 * when b cannot grow. */
static ts_cell table_cat_cell(ts_buf *b, unsigned long hits, unsigned long words,
                              unsigned long conv_hits, unsigned long convs, int *bad)
{
	size_t start = b->len;
	ts_str s;

	ts_cell cell;

	if (ts_buf_addf(b, "%5lu %5.1f %3.0f%%", hits, per_100(hits, words),
	                100.0 * share(conv_hits, convs)))
		*bad = 1;
	/* b may move while later cells are added: the caller points s.p at
	 * b->p + i once the row is complete */
	s.p = NULL;
	s.n = b->len - start;
	cell = ts_cell_str(s);
	cell.i = start;
	return cell;
}

/* Readability (Flesch reading ease, Flesch-Kincaid grade) of an agent's
 * text, and the detail of their questions and jargon; the customer row
 * leaves them empty.  The table shows the two readability figures. */
#define TABLE_TEXT_COLS 2
static const char *const text_cols[] = {
	"reading_ease", "grade_level", "open_questions", "closed_questions",
	"jargon_explained"
};

static size_t text_cells(ts_format fmt, const ts_stats *st, ts_cell *cells, size_t k)
{
	const ts_textstats *t = &st->text;
	size_t ncols = fmt == TS_FMT_TABLE ? TABLE_TEXT_COLS :
	               sizeof text_cols / sizeof *text_cols;

	if (!st->name) {
		for (size_t i = 0; i < ncols; i++)
			cells[k++] = fmt == TS_FMT_TABLE ? ts_cell_cstr("") : ts_cell_none();
		return k;
	}
	cells[k++] = ts_cell_real(ts_readability_ease(st), 1);
	cells[k++] = ts_cell_real(ts_readability_grade(st), 1);
	if (fmt == TS_FMT_TABLE)
		return k;
	cells[k++] = ts_cell_int(t->open_questions);
	cells[k++] = ts_cell_int(t->closed_questions);
	cells[k++] = ts_cell_int(t->jargon_explained);
	return k;
}

/* ---- first-contact resolution and timing ------------------------------ */

/* Conversation-level results credited to the owning agent (FCR rates over
 * decided conversations, duration, nudges) and the agent's own reply
 * times.  The table shows the two FCR rates and the reply times. */
static const char *const outcome_cols[] = {
	"owned_conversations",
	"fcr_lenient", "fcr_strict", "fcr_decided", "fcr_pending", "fcr_unknown",
	"fcr_lenient_yes", "fcr_strict_yes",
	/* then one count per reason code (ts_fcr_reason_name) */
};
static const char *const timing_cols[] = {
	"first_response_median_s", "first_response_p90_s",
	"response_median_s", "response_p90_s",
	"duration_median_s", "duration_p90_s", "nudges", "mood_change",
};
/* the reasons counted per agent: those that say "no" (not unknown or
 * pending, which fcr_unknown and fcr_pending count) */
#define NREASON_COLS TS_FCR_R_NO_CUSTOMER
static const char *const table_outcome_cols[] = { "fcr", "fcr_strict", "response", "mood" };
#define NOUTCOME(fmt) ((fmt) == TS_FMT_TABLE ? \
	sizeof table_outcome_cols / sizeof *table_outcome_cols : \
	sizeof outcome_cols / sizeof *outcome_cols + NREASON_COLS + \
	sizeof timing_cols / sizeof *timing_cols)

static int outcome_columns(colset *cs, ts_format fmt)
{
	if (fmt == TS_FMT_TABLE) {
		for (size_t i = 0; i < sizeof table_outcome_cols / sizeof *table_outcome_cols; i++)
			if (col_add(cs, "", table_outcome_cols[i], ""))
				return TS_ENOMEM;
		return TS_OK;
	}
	for (size_t i = 0; i < sizeof outcome_cols / sizeof *outcome_cols; i++)
		if (col_add(cs, "", outcome_cols[i], ""))
			return TS_ENOMEM;
	for (unsigned r = 0; r < NREASON_COLS; r++)
		if (col_add(cs, "fcr_", ts_fcr_reason_name(r), ""))
			return TS_ENOMEM;
	for (size_t i = 0; i < sizeof timing_cols / sizeof *timing_cols; i++)
		if (col_add(cs, "", timing_cols[i], ""))
			return TS_ENOMEM;
	return TS_OK;
}

/* Conversations whose lenient FCR is decided: the denominator of both
 * rates (a strict yes is always a lenient yes; a strict no while lenient
 * is pending or unknown is not counted, so both rates cover the same
 * conversations). */
static unsigned long fcr_decided(const ts_stats *st)
{
	return st->fcr[0][TS_FCR_YES] + st->fcr[0][TS_FCR_NO];
}

static ts_cell rate_cell(unsigned long yes, unsigned long decided)
{
	return decided ? ts_cell_real((double)yes / (double)decided, 3) : ts_cell_none();
}

static ts_cell mood_change_cell(const ts_stats *st)
{
	return st->mood_conversations ?
		ts_cell_real(st->mood_change / (double)st->mood_conversations, 3) : ts_cell_none();
}

static ts_cell quantile_cell(const ts_hist *h, double q)
{
	return h->count ? ts_cell_int(ts_hist_quantile(h, q)) : ts_cell_none();
}

/* Seconds as a person reads them: 45s, 12m00s, 3h05m, 2d04h. */
static void format_duration(char *out, size_t cap, unsigned long long s)
{
	if (s < 60)
		snprintf(out, cap, "%llus", s);
	else if (s < 3600)
		snprintf(out, cap, "%llum%02llus", s / 60, s % 60);
	else if (s < 86400)
		snprintf(out, cap, "%lluh%02llum", s / 3600, s % 3600 / 60);
	else
		snprintf(out, cap, "%llud%02lluh", s / 86400, s % 86400 / 3600);
}

static int add_duration(ts_buf *b, unsigned long long s)
{
	char text[48];
	format_duration(text, sizeof text, s);
	return ts_buf_adds(b, text);
}

/* Table cells are built in tb; like table_cat_cell, .i holds the offset
 * until the row is complete. */
static ts_cell table_text_cell(ts_buf *tb, size_t start)
{
	ts_cell cell = ts_cell_str((ts_str){ NULL, tb->len - start });
	cell.i = start;
	return cell;
}

static int add_rate(ts_buf *b, unsigned long yes, unsigned long decided)
{
	if (!decided)
		return TS_OK;
	return ts_buf_addf(b, "%3.0f%% of %lu", 100.0 * (double)yes / (double)decided, decided);
}

/* The outcome cells; the table's are text in tb (*bad set when it cannot
 * grow). */
static size_t outcome_cells(ts_format fmt, const ts_stats *st, ts_cell *cells, size_t k,
                            ts_buf *tb, int *bad)
{
	if (!st->name) {
		for (size_t i = 0; i < NOUTCOME(fmt); i++)
			cells[k++] = fmt == TS_FMT_TABLE ? ts_cell_cstr("") : ts_cell_none();
		return k;
	}
	if (fmt == TS_FMT_TABLE) {
		size_t at = tb->len;
		if (add_rate(tb, st->fcr[0][TS_FCR_YES], fcr_decided(st)))
			*bad = 1;
		cells[k++] = table_text_cell(tb, at);
		at = tb->len;
		if (add_rate(tb, st->fcr[1][TS_FCR_YES], fcr_decided(st)))
			*bad = 1;
		cells[k++] = table_text_cell(tb, at);
		at = tb->len;
		if (st->response.count &&
		    (add_duration(tb, ts_hist_quantile(&st->response, 0.5)) ||
		     ts_buf_adds(tb, " / ") ||
		     add_duration(tb, ts_hist_quantile(&st->response, 0.9))))
			*bad = 1;
		cells[k++] = table_text_cell(tb, at);
		at = tb->len;
		if (st->mood_conversations &&
		    ts_buf_addf(tb, "%+.2f", st->mood_change / (double)st->mood_conversations))
			*bad = 1;
		cells[k++] = table_text_cell(tb, at);
		return k;
	}
	cells[k++] = ts_cell_int(st->owned);
	cells[k++] = rate_cell(st->fcr[0][TS_FCR_YES], fcr_decided(st));
	cells[k++] = rate_cell(st->fcr[1][TS_FCR_YES], fcr_decided(st));
	cells[k++] = ts_cell_int(fcr_decided(st));
	cells[k++] = ts_cell_int(st->fcr[0][TS_FCR_PENDING]);
	cells[k++] = ts_cell_int(st->fcr[0][TS_FCR_UNKNOWN]);
	cells[k++] = ts_cell_int(st->fcr[0][TS_FCR_YES]);
	cells[k++] = ts_cell_int(st->fcr[1][TS_FCR_YES]);
	for (unsigned r = 0; r < NREASON_COLS; r++)
		cells[k++] = ts_cell_int(st->fcr_reason[r]);
	cells[k++] = quantile_cell(&st->first_response, 0.5);
	cells[k++] = quantile_cell(&st->first_response, 0.9);
	cells[k++] = quantile_cell(&st->response, 0.5);
	cells[k++] = quantile_cell(&st->response, 0.9);
	cells[k++] = quantile_cell(&st->duration, 0.5);
	cells[k++] = quantile_cell(&st->duration, 0.9);
	cells[k++] = ts_cell_int(st->nudges);
	cells[k++] = mood_change_cell(st);
	return k;
}

static int agent_row(ts_rows *w, ts_format fmt, const size_t *sel, size_t ncat,
                     const char *role, ts_str name, const ts_stats *st, ts_cell *cells,
                     ts_buf *tb)
{
	size_t k = 0, first_outcome = (fmt == TS_FMT_TABLE ? 4 + TABLE_TEXT_COLS :
	                               5 + sizeof text_cols / sizeof *text_cols);
	size_t first_cat = first_outcome + NOUTCOME(fmt);
	int bad = 0;

	if (fmt != TS_FMT_TABLE)
		cells[k++] = ts_cell_cstr(role);
	cells[k++] = ts_cell_str(name);
	cells[k++] = ts_cell_int(st->conversations);
	cells[k++] = ts_cell_int(st->messages);
	cells[k++] = ts_cell_int(st->words);
	k = text_cells(fmt, st, cells, k);
	ts_buf_reset(tb);
	k = outcome_cells(fmt, st, cells, k, tb, &bad);
	for (size_t j = 0; j < ncat; j++) {
		size_t c = sel[j];
		if (fmt == TS_FMT_TABLE) {
			cells[k++] = table_cat_cell(tb, st->hits[c], st->words,
			                            st->conv_hits[c], st->conversations, &bad);
		} else {
			cells[k++] = ts_cell_int(st->hits[c]);
			cells[k++] = ts_cell_real(per_100(st->hits[c], st->words), 2);
			cells[k++] = ts_cell_real(share(st->conv_hits[c], st->conversations), 3);
		}
	}
	if (fmt == TS_FMT_TABLE && st->name)
		for (size_t c = first_outcome; c < first_cat; c++)
			cells[c].s.p = tb->p + cells[c].i;
	if (fmt == TS_FMT_TABLE)
		for (size_t c = 0; c < ncat; c++)
			cells[first_cat + c].s.p = tb->p + cells[first_cat + c].i;
	return bad ? TS_ENOMEM : ts_rows_add(w, cells);
}

/* The categories a by-agent or by-message report shows: all of them,
 * except in the table, which a terminal must hold: there the five core
 * behaviours when the set has any of them (the others are in csv, tsv and
 * json; the legend under the table says so). */
#define TABLE_LEGEND_MORE "; the other categories are in --format csv, tsv or json"
static size_t shown_categories(const ts_lexset *lex, ts_format fmt, size_t *sel)
{
	static const char *const core[] = {
		"empathy", "paraphrase", "clarifying", "jargon", "politeness"
	};
	size_t ncat = ts_lexset_ncategories(lex), n = 0;

	for (size_t c = 0; fmt == TS_FMT_TABLE && c < ncat; c++)
		for (size_t k = 0; k < sizeof core / sizeof *core; k++)
			if (strcmp(ts_lexset_category(lex, c), core[k]) == 0)
				sel[n++] = c;
	if (!n)
		for (size_t c = 0; c < ncat; c++)
			sel[n++] = c;
	return n;
}

static int write_agents(ts_scanner *s, ts_format fmt, FILE *out)
{
	const ts_lexset *lex = ts_scanner_lexset(s);
	size_t all = ts_lexset_ncategories(lex), ncat;
	size_t *sel = malloc((all ? all : 1) * sizeof *sel);
	char legend[160];
	const ts_stats **agents;
	size_t nagents;
	colset cs = { 0 };
	ts_rows *w = NULL;
	ts_cell *cells = NULL;
	ts_buf tb;
	int rc = TS_ENOMEM;

	ts_buf_init(&tb, 0);
	if (ts_scanner_agents(s, &agents, &nagents))
		goto out;
	if (fmt != TS_FMT_TABLE && col_add(&cs, "", "role", ""))
		goto out;
	if (col_add(&cs, "", "agent", "") || col_add(&cs, "", "conversations", "") ||
	    col_add(&cs, "", "messages", "") || col_add(&cs, "", "words", ""))
		goto out;
	for (size_t i = 0; i < (fmt == TS_FMT_TABLE ? TABLE_TEXT_COLS :
	                        sizeof text_cols / sizeof *text_cols); i++)
		if (col_add(&cs, "", text_cols[i], ""))
			goto out;
	if (outcome_columns(&cs, fmt))
		goto out;
	if (!sel)
		goto out;
	ncat = shown_categories(lex, fmt, sel);
	for (size_t j = 0; j < ncat; j++) {
		const char *cat = ts_lexset_category(lex, sel[j]);
		if (fmt == TS_FMT_TABLE) {
			if (col_add(&cs, "", cat, ""))
				goto out;
		} else if (col_add(&cs, "", cat, "_hits") ||
		           col_add(&cs, "", cat, "_per_100_words") ||
		           col_add(&cs, "", cat, "_conversation_share"))
			goto out;
	}
	cells = calloc(cs.n, sizeof *cells);
	if (!cells)
		goto out;
	rc = ts_rows_new(&w, fmt, out, "agents", (const char *const *)cs.names, cs.n);
	if (rc)
		goto out;
	for (size_t i = 0; i < nagents && rc == TS_OK; i++) {
		ts_str name = { agents[i]->name, agents[i]->name_len };
		rc = agent_row(w, fmt, sel, ncat, "agent", name, agents[i], cells, &tb);
	}
	if (rc == TS_OK && ts_scanner_customers(s)->messages)
		rc = agent_row(w, fmt, sel, ncat, "customer",
		               ts_cell_cstr(fmt == TS_FMT_TABLE ? "(all customers)" : "").s,
		               ts_scanner_customers(s), cells, &tb);
	snprintf(legend, sizeof legend, "hits, hits per 100 words, share of conversations%s",
	         ncat < all ? TABLE_LEGEND_MORE : "");
	if (rc == TS_OK)
		rc = finish(w, s, fmt == TS_FMT_TABLE ? legend : NULL, fmt == TS_FMT_TABLE);
out:
	ts_rows_free(w);
	free(sel);
	free(cells);
	colset_release(&cs);
	ts_buf_release(&tb);
	return rc;
}

/* Per-conversation text cells (reasons, table duration and mood) point
 * into this; it lives until the row is added. */
typedef struct conv_text {
	char reasons[TS_FCR_R_COUNT * 24];
	char duration[32];
	char mood[16];
} conv_text;

/* FCR, timing and mood cells of a conversation (see write_conversations
 * for the columns); --no-fcr leaves FCR and timing empty. */
static size_t conversation_outcome_cells(const ts_conv_record *r, int table, ts_cell *cells,
                                         size_t k, conv_text *t)
{
	size_t n = 0, first = 0;
	double change = r->mood_end - r->mood_start;

	t->reasons[0] = t->duration[0] = t->mood[0] = '\0';
	for (unsigned reason = 0; reason < TS_FCR_R_COUNT; reason++)
		if (r->fcr.reasons & (1u << reason)) {
			n += (size_t)snprintf(t->reasons + n, sizeof t->reasons - n, "%s%s",
			                      n ? ";" : "", ts_fcr_reason_name(reason));
			if (!first)
				first = n;
		}
	if (r->fcr_off) {
		for (int i = 0; i < (table ? 4 : 9); i++)
			cells[k++] = table ? ts_cell_cstr("") : ts_cell_none();
	} else {
		cells[k++] = ts_cell_cstr(ts_fcr_verdict_name(r->fcr.lenient));
		cells[k++] = ts_cell_cstr(ts_fcr_verdict_name(r->fcr.strict));
		/* the first reason, in the order of the reason list */
		cells[k++] = ts_cell_str((ts_str){ t->reasons, first });
		if (!table)
			cells[k++] = ts_cell_cstr(t->reasons);
		if (table) {
			if (r->duration_known)
				format_duration(t->duration, sizeof t->duration,
				                (unsigned long long)(r->end - r->start));
			cells[k++] = ts_cell_cstr(t->duration);
		} else {
			cells[k++] = r->first_response >= 0 ?
				ts_cell_int((unsigned long long)r->first_response) : ts_cell_none();
			cells[k++] = r->response_median >= 0 ?
				ts_cell_int((unsigned long long)r->response_median) : ts_cell_none();
			cells[k++] = r->response_p90 >= 0 ?
				ts_cell_int((unsigned long long)r->response_p90) : ts_cell_none();
			cells[k++] = r->duration_known ?
				ts_cell_int((unsigned long long)(r->end - r->start)) : ts_cell_none();
			cells[k++] = ts_cell_int(r->nudges);
		}
	}
	if (table) {
		if (r->has_mood)
			snprintf(t->mood, sizeof t->mood, "%+.2f", change);
		cells[k++] = ts_cell_cstr(t->mood);
		return k;
	}
	cells[k++] = r->has_mood ? ts_cell_real(r->mood_start, 3) : ts_cell_none();
	cells[k++] = r->has_mood ? ts_cell_real(r->mood_end, 3) : ts_cell_none();
	cells[k++] = r->has_mood ? ts_cell_real(change, 3) : ts_cell_none();
	return k;
}

static int write_conversations(ts_scanner *s, ts_format fmt, FILE *out)
{
	const ts_lexset *lex = ts_scanner_lexset(s);
	size_t ncat = ts_lexset_ncategories(lex);
	const ts_conv_record **recs;
	size_t nrecs = ts_scanner_conversations(s, &recs);
	colset cs = { 0 };
	ts_rows *w = NULL;
	ts_cell *cells = NULL;
	int table = fmt == TS_FMT_TABLE;
	int rc = TS_ENOMEM;
	conv_text text;
	char started[32], ended[32];
	static const char *const wide[] = {
		"conversation_id", "first_row", "owner", "customer_id", "channel",
		"started_at", "ended_at", "messages", "agent_messages",
		"customer_messages", "other_messages", "agent_words", "customer_words",
		"fcr_lenient", "fcr_strict", "fcr_reason", "fcr_reasons", "first_response_s",
		"median_response_s", "response_p90_s", "duration_s", "nudges",
		"mood_start", "mood_end", "mood_change",
	};
	static const char *const narrow[] = {
		"conversation_id", "owner", "customer_id", "messages", "agent_words",
		"fcr_lenient", "fcr_strict", "fcr_reason", "duration", "mood_change",
	};
	const char *const *fixed = table ? narrow : wide;
	size_t nfixed = table ? sizeof narrow / sizeof *narrow : sizeof wide / sizeof *wide;

	for (size_t i = 0; i < nfixed; i++)
		if (col_add(&cs, "", fixed[i], ""))
			goto out;
	for (size_t c = 0; c < ncat; c++)
		if (col_add(&cs, "", ts_lexset_category(lex, c), ""))
			goto out;
	for (size_t c = 0; c < ncat && !table; c++)
		if (col_add(&cs, "customer_", ts_lexset_category(lex, c), ""))
			goto out;
	cells = calloc(cs.n, sizeof *cells);
	if (!cells)
		goto out;
	rc = ts_rows_new(&w, fmt, out, "conversations", (const char *const *)cs.names, cs.n);
	for (size_t i = 0; i < nrecs && rc == TS_OK; i++) {
		const ts_conv_record *r = recs[i];
		size_t k = 0;
		ts_time_format(r->start, started, sizeof started);
		ts_time_format(r->end, ended, sizeof ended);
		cells[k++] = ts_cell_cstr(r->id);
		if (!table)
			cells[k++] = ts_cell_int(r->first_row);
		cells[k++] = ts_cell_cstr(r->owner);
		cells[k++] = ts_cell_cstr(r->customer);
		if (!table) {
			cells[k++] = ts_cell_cstr(r->channel);
			cells[k++] = r->has_time ? ts_cell_cstr(started) : ts_cell_none();
			cells[k++] = r->has_time ? ts_cell_cstr(ended) : ts_cell_none();
		}
		cells[k++] = ts_cell_int(r->messages);
		if (!table) {
			cells[k++] = ts_cell_int(r->agent_messages);
			cells[k++] = ts_cell_int(r->customer_messages);
			cells[k++] = ts_cell_int(r->other_messages);
		}
		cells[k++] = ts_cell_int(r->agent_words);
		if (!table)
			cells[k++] = ts_cell_int(r->customer_words);
		k = conversation_outcome_cells(r, table, cells, k, &text);
		for (size_t c = 0; c < ncat; c++)
			cells[k++] = ts_cell_int(r->agent_hits[c]);
		for (size_t c = 0; c < ncat && !table; c++)
			cells[k++] = ts_cell_int(r->customer_hits[c]);
		rc = ts_rows_add(w, cells);
	}
	if (rc == TS_OK)
		rc = finish(w, s, NULL, 0);
out:
	ts_rows_free(w);
	free(cells);
	colset_release(&cs);
	return rc;
}

int ts_report_write(ts_scanner *s, ts_report_by by, ts_format fmt, FILE *out,
                    ts_error *err)
{
	int rc;

	if (by == TS_BY_MESSAGE)
		return ts_error_set(err, TS_EUSAGE, NULL, 0,
		                    "the per-message report is written while scanning");
	rc = by == TS_BY_AGENT ? write_agents(s, fmt, out) : write_conversations(s, fmt, out);
	if (rc == TS_EIO)
		return ts_error_set(err, rc, NULL, 0, "cannot write the report");
	if (rc)
		return ts_error_set(err, rc, NULL, 0, "%s", ts_strerror(rc));
	return TS_OK;
}

/* ---- the per-message report, streamed while scanning ---------------- */
struct ts_message_writer {
	ts_rows *rows;
	ts_cell *cells;
	size_t *sel;        /* the categories shown (shown_categories) */
	size_t ncat, all;
	colset cs;
	int rc;
};

int ts_message_writer_new(ts_message_writer **out, const ts_lexset *set,
                          ts_format fmt, FILE *fp)
{
	ts_message_writer *w = calloc(1, sizeof *w);
	static const char *const fixed[] = { "conversation_id", "seq", "row",
	                                     "role", "author", "words" };
	int rc = TS_ENOMEM;

	*out = NULL;
	if (!w)
		return TS_ENOMEM;
	w->all = ts_lexset_ncategories(set);
	w->sel = malloc((w->all ? w->all : 1) * sizeof *w->sel);
	if (!w->sel)
		goto fail;
	w->ncat = shown_categories(set, fmt, w->sel);
	for (size_t i = 0; i < 6; i++)
		if (col_add(&w->cs, "", fixed[i], ""))
			goto fail;
	for (size_t c = 0; c < w->ncat; c++)
		if (col_add(&w->cs, "", ts_lexset_category(set, w->sel[c]), ""))
			goto fail;
	w->cells = calloc(w->cs.n, sizeof *w->cells);
	if (!w->cells)
		goto fail;
	rc = ts_rows_new(&w->rows, fmt, fp, "messages", (const char *const *)w->cs.names, w->cs.n);
	if (rc)
		goto fail;
	*out = w;
	return TS_OK;
fail:
	ts_message_writer_free(w);
	return rc;
}

int ts_message_writer_row(void *writer, const ts_message_result *r)
{
	ts_message_writer *w = writer;
	size_t k = 0;

	w->cells[k++] = ts_cell_str(r->conversation);
	w->cells[k++] = ts_cell_str(r->seq);
	w->cells[k++] = ts_cell_int(r->row);
	w->cells[k++] = ts_cell_cstr(ts_role_name(r->role));
	w->cells[k++] = ts_cell_str(r->author);
	w->cells[k++] = ts_cell_int(r->words);
	for (size_t c = 0; c < w->ncat; c++)
		w->cells[k++] = ts_cell_int(r->counts[w->sel[c]]);
	w->rc = ts_rows_add(w->rows, w->cells);
	return w->rc;
}

int ts_message_writer_finish(ts_message_writer *w, const ts_scanner *s)
{
	if (w->rc)
		return w->rc;
	return finish(w->rows, s, w->ncat < w->all ? "counts per message" TABLE_LEGEND_MORE : NULL, 0);
}

void ts_message_writer_free(ts_message_writer *w)
{
	if (!w)
		return;
	ts_rows_free(w->rows);
	free(w->cells);
	free(w->sel);
	colset_release(&w->cs);
	free(w);
}
