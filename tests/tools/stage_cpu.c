/*
 * stage_cpu.c - a bench-only tool (built with the suite, run by `make
 * bench`, never installed): the CPU time of the stages that traitscan's
 * gzip path cannot do without, each measured alone on one thread, for the
 * budget of issue 6's target (gzip input at 0.6 of zcat's speed):
 *
 *   stage_cpu [-r RUNS] LEXICON_DIR EXPORT.csv.gz
 *
 * prints CPU seconds (user + system) of four passes over the file, each
 * the least of RUNS (default 3; the passes take turns, so that a busy
 * moment of the machine does not fall on one stage):
 *   inflate    zlib (gzread, 256 KiB buffer), the bytes thrown away
 *   csv        the same, and libcsv parsing them with empty callbacks
 *   collect    the same, and the conversation_id, role and text cells
 *              copied into one conversation at a time (a conversation is
 *              a run of rows with one conversation_id)
 *   analyse    the same, and ts_analyser_message on every message of each
 *              conversation, as traitscan's workers run it
 * "analysis" is analyse less collect.  Not here: traitscan's own reading
 * (its CSV reader's checks, the assembler), timing, first-contact
 * resolution, summing up and output; what traitscan uses beyond these
 * stages is their cost.  Exit status: 0, 1 when the file or the lexicons
 * cannot be read, 2 for usage.
 */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <zlib.h>

#include "analyse.h"
#include "buf.h"
#include "traitscan.h"

enum pass { INFLATE, CSV, COLLECT, ANALYSE, NPASSES };
enum col { COL_ID, COL_ROLE, COL_TEXT, NCOLS };
static const char *const col_names[NCOLS] = { "conversation_id", "role", "text" };
static const char *const pass_names[NPASSES] = { "inflate", "csv", "collect", "analyse" };

typedef struct msg {
	size_t off, len;
	ts_role role;
} msg;

typedef struct run {
	enum pass pass;
	ts_analyser *an;
	int at[NCOLS];        /* column of each, -1 before the header */
	size_t row, field;
	ts_buf cell[NCOLS];   /* this row's cells */
	ts_buf id;            /* the conversation being collected */
	ts_buf text;          /* its texts, each followed by a NUL */
	msg *msgs;
	size_t nmsgs, msgs_cap;
	unsigned long messages;
	int failed;
} run;

static double cpu_seconds(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
	       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

static void analyse_conversation(run *r)
{
	ts_analysis out;

	if (r->pass == ANALYSE && r->nmsgs) {
		ts_analyser_begin(r->an);
		for (size_t i = 0; i < r->nmsgs && !r->failed; i++)
			if (ts_analyser_message(r->an, r->msgs[i].role, r->text.p + r->msgs[i].off,
			                        r->msgs[i].len, &out) != TS_OK)
				r->failed = 1;
	}
	r->messages += r->nmsgs;
	r->nmsgs = 0;
	ts_buf_reset(&r->text);
}

static void on_cell(void *s, size_t n, void *ud)
{
	run *r = ud;

	if (r->pass == CSV)
		return;
	for (int c = 0; c < NCOLS; c++) {
		if (r->row == 0 && n == strlen(col_names[c]) && memcmp(s, col_names[c], n) == 0)
			r->at[c] = (int)r->field;
		else if (r->row > 0 && r->at[c] == (int)r->field &&
		         ts_buf_add(&r->cell[c], s, n))
			r->failed = 1;
	}
	r->field++;
}

static void on_row(int term, void *ud)
{
	run *r = ud;
	const ts_buf *id = &r->cell[COL_ID], *text = &r->cell[COL_TEXT];

	(void)term;
	if (r->pass == CSV)
		return;
	if (r->row++ == 0 || r->failed) {
		r->field = 0;
		return;
	}
	if (id->len != r->id.len || memcmp(id->p, r->id.p, id->len) != 0) {
		analyse_conversation(r);
		ts_buf_reset(&r->id);
		if (ts_buf_add(&r->id, id->p, id->len))
			r->failed = 1;
	}
	if (ts_grow_array(&r->msgs, &r->msgs_cap, r->nmsgs + 1, sizeof *r->msgs, 16)) {
		r->failed = 1;
		return;
	}
	r->msgs[r->nmsgs].off = r->text.len;
	r->msgs[r->nmsgs].len = text->len;
	r->msgs[r->nmsgs].role = ts_role_parse(r->cell[COL_ROLE].p, r->cell[COL_ROLE].len);
	r->nmsgs++;
	if (ts_buf_add(&r->text, text->p, text->len) || ts_buf_addc(&r->text, '\0'))
		r->failed = 1;
	for (int c = 0; c < NCOLS; c++)
		ts_buf_reset(&r->cell[c]);
	r->field = 0;
}

/* One pass over path; its CPU seconds, -1 when the file could not be read
 * (or memory ran out), -2 when it has no text column. */
static double one_pass(const char *path, enum pass pass, ts_analyser *an, unsigned long *messages)
{
	static char buf[256 * 1024];
	struct csv_parser p;
	run r;
	gzFile f = gzopen(path, "rb");
	double t0 = cpu_seconds(), t;
	int n;

	if (!f || csv_init(&p, 0) != 0) {
		if (f)
			gzclose(f);
		return -1;
	}
	memset(&r, 0, sizeof r);
	r.pass = pass;
	r.an = an;
	for (int c = 0; c < NCOLS; c++) {
		r.at[c] = -1;
		ts_buf_init(&r.cell[c], 0);
	}
	ts_buf_init(&r.id, 0);
	ts_buf_init(&r.text, 0);
	gzbuffer(f, sizeof buf);
	while ((n = gzread(f, buf, sizeof buf)) > 0 && !r.failed)
		if (pass != INFLATE && csv_parse(&p, buf, (size_t)n, on_cell, on_row, &r) != (size_t)n)
			r.failed = 1;
	if (n < 0)
		r.failed = 1;
	if (pass != INFLATE)
		csv_fini(&p, on_cell, on_row, &r);
	analyse_conversation(&r);
	t = cpu_seconds() - t0;
	csv_free(&p);
	gzclose(f);
	*messages = r.messages;
	for (int c = 0; c < NCOLS; c++)
		ts_buf_release(&r.cell[c]);
	ts_buf_release(&r.id);
	ts_buf_release(&r.text);
	free(r.msgs);
	if (r.failed)
		return -1;
	return pass >= COLLECT && r.at[COL_TEXT] < 0 ? -2 : t;
}

int main(int argc, char **argv)
{
	ts_lexset *set = NULL;
	ts_analyser *an = NULL;
	ts_error err;
	double t[NPASSES];
	unsigned long messages = 0;
	int status = 0, runs = 3;

	if (argc == 5 && strcmp(argv[1], "-r") == 0) {
		runs = atoi(argv[2]);
		argv += 2;
		argc -= 2;
	}
	if (argc != 3 || runs < 1) {
		fprintf(stderr, "usage: stage_cpu [-r RUNS] LEXICON_DIR EXPORT.csv[.gz]\n");
		return 2;
	}
	if (ts_lexset_new(&set) || ts_lexset_add_dir(set, argv[1], &err) ||
	    ts_lexset_compile(set, NULL, NULL, &err) || ts_analyser_new(&an, set)) {
		fprintf(stderr, "stage_cpu: %s: cannot load the lexicons\n", argv[1]);
		status = 1;
	}
	for (int i = 0; i < runs && status == 0; i++)
		for (int k = 0; k < NPASSES && status == 0; k++) {
			double s = one_pass(argv[2], (enum pass)k, an, &messages);
			if (s < 0) {
				fprintf(stderr, "stage_cpu: %s: %s (the %s pass)\n", argv[2],
				        s < -1 ? "no text column" : "cannot be read", pass_names[k]);
				status = 1;
			} else if (i == 0 || s < t[k]) {
				t[k] = s;
			}
		}
	if (status == 0)
		printf("inflate %.3f s, libcsv %.3f s, analysis %.3f s (%lu messages; CPU, one thread)\n",
		       t[INFLATE], t[CSV] - t[INFLATE], t[ANALYSE] - t[COLLECT], messages);
	ts_analyser_free(an);
	ts_lexset_free(set);
	return status;
}
