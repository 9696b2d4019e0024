/*
 * cli_calibrate.c - `traitscan calibrate`: scans one labelled export with
 * the same scanner and options as `scan`, scores it against its label
 * columns (calibrate.c) and prints per category the metrics, the sources
 * of false positives and the first false negatives, as a table, CSV/TSV
 * (metrics only) or JSON (everything).  Not here: the scoring itself.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "report.h"

#define MAX_LABELS 64
#define MAX_EXAMPLES 1000000UL

typedef struct calib_args {
	cli_read_opts rd;        /* with --format and -o */
	const char *label_col[MAX_LABELS];
	const char *label_cat[MAX_LABELS];
	size_t nlabels;
	size_t examples;
	int no_redact;
	const char *file;
} calib_args;

static void calibrate_usage(FILE *fp)
{
	fputs("usage: traitscan calibrate [options] LABELS.csv   ('-': standard input)\n"
	      "\n"
	      "Scores the analysis against human labels: columns named after a category\n"
	      "(1 present, 0 absent, empty not labelled).\n"
	      "\n"
	      "  --label COLUMN=CATEGORY           COLUMN labels CATEGORY (repeatable)\n"
	      "  --examples N                      false-positive sources and false negatives\n"
	      "                                    shown per category (default 5)\n"
	      "  --no-redact                       show personal data in example text\n"
	      "  --format table|csv|tsv|json       default: table on a terminal, else csv;\n"
	      "                                    with -o, from the file's extension;\n"
	      "                                    csv and tsv hold the metrics only\n"
	      "  -o, --output FILE                 write atomically to FILE (temp + rename)\n",
	      fp);
	fputs(cli_read_usage, fp);
	fputs("  -h, --help                        this text\n", fp);
}

static int parse_args(int argc, char **argv, calib_args *a)
{
	enum { O_LABEL = 256, O_EXAMPLES, O_NO_REDACT };
	static const struct option longopts[] = {
		{ "label", required_argument, NULL, O_LABEL },
		{ "examples", required_argument, NULL, O_EXAMPLES },
		{ "no-redact", no_argument, NULL, O_NO_REDACT },
		CLI_READ_LONGOPTS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c, rc;

	memset(a, 0, sizeof *a);
	cli_read_init(&a->rd);
	a->examples = TS_CALIB_EXAMPLES;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":o:qhj:", longopts, NULL)) != -1) {
		rc = cli_read_option(&a->rd, c, optarg);
		if (rc < 0)
			return -1;
		if (rc > 0)
			continue;
		switch (c) {
		case O_LABEL: {
			/* the last '=': category names never hold one */
			char *eq = strrchr(optarg, '=');
			if (!eq || eq == optarg || !eq[1]) {
				cli_error("--label takes COLUMN=CATEGORY, not '%s'", optarg);
				return -1;
			}
			if (a->nlabels == MAX_LABELS) {
				cli_error("at most %d --label options", MAX_LABELS);
				return -1;
			}
			*eq = '\0';
			a->label_col[a->nlabels] = optarg;
			a->label_cat[a->nlabels++] = eq + 1;
			break;
		}
		case O_EXAMPLES: {
			char *end;
			unsigned long v;
			errno = 0;
			v = strtoul(optarg, &end, 10);
			if (errno || end == optarg || *end || *optarg == '-' || v > MAX_EXAMPLES) {
				cli_error("--examples takes a number from 0 to %lu, not '%s'",
				          MAX_EXAMPLES, optarg);
				return -1;
			}
			a->examples = (size_t)v;
			break;
		}
		case O_NO_REDACT:
			a->no_redact = 1;
			break;
		case 'h':
			calibrate_usage(stdout);
			return 1;
		case ':':
			cli_error("option '%s' needs a value", argv[optind - 1]);
			return -1;
		default:
			cli_error("unknown option '%s'", argv[optind - 1]);
			calibrate_usage(stderr);
			return -1;
		}
	}
	if (argc - optind != 1) {
		cli_error(argc == optind ? "no labels file (give LABELS.csv, or '-' for standard input)"
		                         : "one labels file at a time (rows identify its messages)");
		calibrate_usage(stderr);
		return -1;
	}
	a->file = argv[optind];
	if (a->rd.format < 0)
		a->rd.format = (int)cli_default_format(a->rd.output);
	return 0;
}

/* "empathy.txt:12" for a lexicon entry, the detector's name otherwise. */
static const char *source_name(const ts_calib_source *s, char *buf, size_t cap)
{
	if (s->file) {
		/* file names are unique within a lexicon set (a same-named file
		 * replaces another), so the directory adds nothing */
		const char *base = strrchr(s->file, '/');
		snprintf(buf, cap, "%s:%lu", base ? base + 1 : s->file, s->line);
		return buf;
	}
	return ts_detector_name(s->detector);
}

/* ---- table, csv, tsv -------------------------------------------------------- */

static const char *const metric_cols[] = {
	"category", "column", "labelled", "support", "tp", "fp", "fn", "tn",
	"precision", "recall", "f1",
};
#define NMETRIC (sizeof metric_cols / sizeof metric_cols[0])

static const char *const summary_names[] = {
	"file", "records", "analysed", "rejected", "labelled_messages",
	"lexicon_hash",
};
#define NSUMMARY (sizeof summary_names / sizeof summary_names[0])

static void summary_cells(const calib_args *a, const ts_scanner *s,
                          const ts_calib *c, const ts_lexset *lex, ts_cell *v)
{
	ts_scan_counts n;

	ts_scanner_counts(s, &n);
	v[0] = ts_cell_cstr(a->file);
	v[1] = ts_cell_int(n.records);
	v[2] = ts_cell_int(n.analysed);
	v[3] = ts_cell_int(n.rejected);
	v[4] = ts_cell_int(ts_calib_labelled_messages(c));
	v[5] = ts_cell_cstr(ts_lexset_hash(lex));
}

static int write_metrics(const calib_args *a, const ts_scanner *s,
                         const ts_calib *c, const ts_lexset *lex, FILE *fp)
{
	ts_rows *w = NULL;
	ts_cell v[NSUMMARY];
	int rc;

	if ((rc = ts_rows_new(&w, (ts_format)a->rd.format, fp, "calibration", metric_cols,
	                      NMETRIC)))
		return rc;
	for (size_t i = 0; i < ts_calib_ncategories(c) && rc == TS_OK; i++) {
		ts_calib_metrics m;
		ts_cell row[NMETRIC];
		ts_calib_metrics_get(c, i, &m);
		row[0] = ts_cell_cstr(m.category);
		row[1] = ts_cell_cstr(m.column);
		row[2] = ts_cell_int(m.labelled);
		row[3] = ts_cell_int(m.support);
		row[4] = ts_cell_int(m.tp);
		row[5] = ts_cell_int(m.fp);
		row[6] = ts_cell_int(m.fn);
		row[7] = ts_cell_int(m.tn);
		row[8] = ts_cell_real(m.precision, 3);
		row[9] = ts_cell_real(m.recall, 3);
		row[10] = ts_cell_real(m.f1, 3);
		rc = ts_rows_add(w, row);
	}
	summary_cells(a, s, c, lex, v);
	if (rc == TS_OK)
		rc = ts_rows_finish(w, summary_names, v, NSUMMARY);
	ts_rows_free(w);
	return rc;
}

static int table_false_positives(const calib_args *a, const ts_calib *c, size_t i,
                                 const ts_calib_metrics *m, FILE *fp)
{
	static const char *const cols[] = { "messages", "source", "match", "row", "example" };
	const ts_calib_source *src;
	size_t n = ts_calib_false_positives(c, i, &src), shown = n < a->examples ? n : a->examples;
	ts_rows *w = NULL;
	char name[600];
	int rc;

	if (!m->fp) {
		fprintf(fp, "\n%s: no false positives\n", m->category);
		return TS_OK;
	}
	fprintf(fp, "\n%s: %lu false positive%s from %zu source%s", m->category, m->fp,
	        cli_plural(m->fp), n, cli_plural(n));
	if (shown < n)
		fprintf(fp, " (the %zu most frequent)", shown);
	fputs("\n", fp);
	if ((rc = ts_rows_new(&w, TS_FMT_TABLE, fp, "false_positives", cols, 5)))
		return rc;
	for (size_t k = 0; k < shown && rc == TS_OK; k++) {
		ts_cell row[5];
		row[0] = ts_cell_int(src[k].messages);
		row[1] = ts_cell_cstr(source_name(&src[k], name, sizeof name));
		row[2] = ts_cell_str(src[k].match);
		row[3] = ts_cell_int(src[k].example.row);
		row[4] = ts_cell_str(src[k].example.text);
		rc = ts_rows_add(w, row);
	}
	if (rc == TS_OK)
		rc = ts_rows_finish(w, NULL, NULL, 0);
	ts_rows_free(w);
	return rc;
}

static int table_false_negatives(const calib_args *a, const ts_calib *c, size_t i,
                                 const ts_calib_metrics *m, FILE *fp)
{
	static const char *const cols[] = { "row", "conversation", "seq", "text" };
	const ts_calib_example *ex;
	size_t n = ts_calib_false_negatives(c, i, &ex);
	ts_rows *w = NULL;
	int rc;

	(void)a;
	if (!m->fn) {
		fprintf(fp, "\n%s: no false negatives\n", m->category);
		return TS_OK;
	}
	fprintf(fp, "\n%s: %lu false negative%s", m->category, m->fn, cli_plural(m->fn));
	if (n < m->fn)
		fprintf(fp, " (the first %zu)", n);
	fputs("\n", fp);
	if ((rc = ts_rows_new(&w, TS_FMT_TABLE, fp, "false_negatives", cols, 4)))
		return rc;
	for (size_t k = 0; k < n && rc == TS_OK; k++) {
		ts_cell row[4];
		row[0] = ts_cell_int(ex[k].row);
		row[1] = ts_cell_str(ex[k].conversation);
		row[2] = ts_cell_str(ex[k].seq);
		row[3] = ts_cell_str(ex[k].text);
		rc = ts_rows_add(w, row);
	}
	if (rc == TS_OK)
		rc = ts_rows_finish(w, NULL, NULL, 0);
	ts_rows_free(w);
	return rc;
}

static int write_table(const calib_args *a, const ts_scanner *s, const ts_calib *c,
                       const ts_lexset *lex, FILE *fp)
{
	int rc = write_metrics(a, s, c, lex, fp);

	for (size_t i = 0; i < ts_calib_ncategories(c) && rc == TS_OK && a->examples; i++) {
		ts_calib_metrics m;
		ts_calib_metrics_get(c, i, &m);
		rc = table_false_positives(a, c, i, &m, fp);
		if (rc == TS_OK)
			rc = table_false_negatives(a, c, i, &m, fp);
	}
	if (fflush(fp) != 0 || ferror(fp))
		rc = TS_EIO;
	return rc;
}

/* ---- json --------------------------------------------------------------------- */

static void json_key_str(FILE *fp, const char *key, ts_str v)
{
	fprintf(fp, "\"%s\":", key);
	ts_put_json_string(fp, v);
}

static void json_key_cstr(FILE *fp, const char *key, const char *v)
{
	ts_str s = { v, strlen(v) };
	json_key_str(fp, key, s);
}

static void json_example(FILE *fp, const ts_calib_example *e)
{
	fprintf(fp, "{\"row\":%lu,", e->row);
	json_key_str(fp, "conversation", e->conversation);
	fputc(',', fp);
	json_key_str(fp, "seq", e->seq);
	fputc(',', fp);
	json_key_str(fp, "text", e->text);
	fputc('}', fp);
}

static int write_json(const calib_args *a, const ts_scanner *s, const ts_calib *c,
                      const ts_lexset *lex, FILE *fp)
{
	ts_scan_counts n;
	char name[600];

	fputs("{\"report\":\"calibration\",\"rows\":[", fp);
	for (size_t i = 0; i < ts_calib_ncategories(c); i++) {
		const ts_calib_source *src;
		const ts_calib_example *ex;
		size_t nsrc = ts_calib_false_positives(c, i, &src);
		size_t nfn = ts_calib_false_negatives(c, i, &ex);
		ts_calib_metrics m;

		ts_calib_metrics_get(c, i, &m);
		fputs(i ? ",\n{" : "\n{", fp);
		json_key_cstr(fp, "category", m.category);
		fputc(',', fp);
		json_key_cstr(fp, "column", m.column);
		fprintf(fp, ",\"labelled\":%lu,\"support\":%lu,\"tp\":%lu,\"fp\":%lu,"
		        "\"fn\":%lu,\"tn\":%lu,\"precision\":%.3f,\"recall\":%.3f,\"f1\":%.3f,"
		        "\"false_positive_sources\":%zu,\"false_positives\":[",
		        m.labelled, m.support, m.tp, m.fp, m.fn, m.tn, m.precision,
		        m.recall, m.f1, nsrc);
		for (size_t k = 0; k < nsrc && k < a->examples; k++) {
			fputs(k ? ",{" : "{", fp);
			json_key_cstr(fp, "source", source_name(&src[k], name, sizeof name));
			fputc(',', fp);
			json_key_cstr(fp, "detector", ts_detector_name(src[k].detector));
			fprintf(fp, ",\"messages\":%lu,", src[k].messages);
			json_key_str(fp, "match", src[k].match);
			fputs(",\"example\":", fp);
			json_example(fp, &src[k].example);
			fputc('}', fp);
		}
		fputs("],\"false_negatives\":[", fp);
		for (size_t k = 0; k < nfn; k++) {
			if (k)
				fputc(',', fp);
			json_example(fp, &ex[k]);
		}
		fputs("]}", fp);
	}
	ts_scanner_counts(s, &n);
	fputs(ts_calib_ncategories(c) ? "\n],\"summary\":{" : "],\"summary\":{", fp);
	json_key_cstr(fp, "file", a->file);
	fprintf(fp, ",\"records\":%lu,\"analysed\":%lu,\"rejected\":%lu,"
	        "\"labelled_messages\":%lu,\"examples\":%zu,\"redacted\":%s,",
	        n.records, n.analysed, n.rejected, ts_calib_labelled_messages(c),
	        a->examples, a->no_redact ? "false" : "true");
	json_key_cstr(fp, "lexicon_hash", ts_lexset_hash(lex));
	fputs("}}\n", fp);
	if (fflush(fp) != 0 || ferror(fp))
		return TS_EIO;
	return TS_OK;
}

/* ---- the command ---------------------------------------------------------------- */

int cli_calibrate(int argc, char **argv)
{
	calib_args a;
	ts_scan_options opt;
	ts_calib_options copt;
	ts_lexset *lex = NULL;
	ts_scanner *s = NULL;
	ts_calib *cal = NULL;
	cli_output out = { 0 };
	cli_diag d = { 0, 0, 0 };
	ts_scan_counts counts;
	ts_error err;
	const char *const *cols;
	size_t ncols;
	int status = EXIT_OK, out_open = 0, ok = 1, input_errors = 0, rc;

	rc = parse_args(argc, argv, &a);
	if (rc)
		return rc > 0 ? EXIT_OK : EXIT_USAGE;
	lex = cli_load_lexicons(a.rd.lexdirs, a.rd.nlexdirs, a.rd.no_builtin, &status);
	if (!lex)
		return status;
	memset(&copt, 0, sizeof copt);
	copt.lexicons = lex;
	copt.label_columns = a.label_col;
	copt.label_categories = a.label_cat;
	copt.nlabel_maps = a.nlabels;
	copt.examples = a.examples;
	copt.no_redact = a.no_redact;
	copt.on_diag = cli_diag_print;
	copt.diag_ud = &d;
	ts_error_clear(&err);
	if ((rc = ts_calib_new(&cal, &copt, &err))) {
		cli_report("error", &err);
		status = rc == TS_EUSAGE ? EXIT_USAGE : rc == TS_ENOMEM ? EXIT_NOMEM : EXIT_INPUT;
		goto out;
	}
	cols = ts_calib_columns(cal, &ncols);
	memset(&opt, 0, sizeof opt);
	opt.lexicons = lex;
	if ((rc = cli_read_agents(&a.rd)) != 0) {
		status = rc;
		goto out;
	}
	cli_read_scan_options(&a.rd, &opt);
	opt.csv.extra_columns = cols;
	opt.csv.nextra = ncols;
	opt.on_diag = cli_diag_print;
	opt.diag_ud = &d;
	if ((rc = ts_scanner_new(&s, &opt, &err)) != TS_OK) {
		cli_report("error", &err);
		status = rc == TS_ENOMEM ? EXIT_NOMEM : EXIT_USAGE;
		goto out;
	}
	ts_scanner_on_record(s, ts_calib_record, cal);
	ts_scanner_on_message(s, ts_calib_result, cal);
	if (cli_output_open(&out, a.rd.output)) {
		status = EXIT_OUTPUT;
		goto out;
	}
	out_open = 1;
	rc = cli_scan_input(s, a.file, a.rd.input_format, a.rd.strict, &d);
	if (rc < 0 || (rc && a.rd.strict)) {
		if (rc > 0)
			cli_error("stopped at the first input error (--strict); no report written");
		status = rc == -1 ? EXIT_NOMEM : EXIT_INPUT;
		ok = 0;
		goto out;
	}
	input_errors = rc;
	if (ts_scanner_finish(s, &err)) {
		/* a stop from our callbacks: calibration says why */
		if (err.code == TS_ESTOP && ts_calib_finish(cal, &err) == TS_OK)
			ts_error_set(&err, TS_ESTOP, a.file, 0, "stopped");
		cli_report("error", &err);
		status = err.code == TS_ENOMEM ? EXIT_NOMEM : EXIT_INPUT;
		ok = 0;
		goto out;
	}
	ts_scanner_counts(s, &counts);
	if (input_errors && counts.records == 0) {
		/* the input could not be read at all: said already */
		status = EXIT_INPUT;
		ok = 0;
		goto out;
	}
	if ((rc = ts_calib_finish(cal, &err))) {
		if (!err.file[0])
			snprintf(err.file, sizeof err.file, "%s", a.file);
		cli_report("error", &err);
		status = rc == TS_ENOMEM ? EXIT_NOMEM : EXIT_INPUT;
		ok = 0;
		goto out;
	}
	if (a.rd.format == TS_FMT_JSON)
		rc = write_json(&a, s, cal, lex, out.fp);
	else if (a.rd.format == TS_FMT_TABLE)
		rc = write_table(&a, s, cal, lex, out.fp);
	else
		rc = write_metrics(&a, s, cal, lex, out.fp);
	if (rc) {
		cli_error("cannot write '%s': %s", cli_path_name(a.rd.output),
		          rc == TS_EIO ? strerror(errno) : ts_strerror(rc));
		ok = 0;
		status = EXIT_OUTPUT;
	}
	if (!a.rd.quiet)
		cli_scan_summary(s, lex);
	if (status == EXIT_OK && input_errors)
		status = EXIT_INPUT;
out:
	if (out_open && cli_output_close(&out, ok) != 0)
		status = EXIT_OUTPUT;
	ts_scanner_free(s);
	ts_calib_free(cal);
	ts_lexset_free(lex);
	cli_read_release(&a.rd);
	return status;
}
