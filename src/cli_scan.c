/*
 * cli_scan.c - `traitscan scan`: options, the run over every input, the
 * report and the evidence file, the summary on stderr and the exit code.
 * The options and steps every command that reads exports shares
 * (cli_read_opts, cli_scan_input, the summary line) live here too, for
 * `traitscan calibrate`; the evidence options are scan's own.
 */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

typedef struct scan_args {
	ts_report_by by;
	cli_read_opts rd;        /* with --format and -o */
	const char *evidence;    /* --evidence FILE */
	int evidence_all, no_redact;
	/* first-contact resolution and timing */
	ts_owner_rule owner;
	long long fcr_window, nudge_after; /* 0: the defaults */
	int fcr_final, no_fcr;
	const char *time_format;
	int split_chat_cells;    /* --split-chat-cells */
	char **files;
	int nfiles;
} scan_args;

const char cli_read_usage[] =
	"  --lexicons DIR                    add lexicon files; same-named files replace\n"
	"                                    the built-in ones (repeatable)\n"
	"  --no-builtin-lexicons             use only --lexicons directories\n"
	"  --map FIELD=COLUMN                take FIELD from COLUMN (repeatable); fields:\n"
	"                                    conversation seq time role author customer\n"
	"                                    channel text status reopens assignee\n"
	"                                    message_id reply_to\n"
	"  --delimiter CHAR                  CSV delimiter (default ',', '\\t' for .tsv)\n"
	"  --max-field BYTES                 reject CSV fields and chat lines longer than\n"
	"                                    this (default 1M)\n"
	"  --max-columns N                   reject CSV rows with more columns (default 4096)\n"
	"  --max-message BYTES               reject e-mails and JSON items longer than this\n"
	"                                    (default 16M)\n"
	"  --max-depth N                     reject e-mails and JSON items nested deeper\n"
	"                                    (MIME multiparts, JSON levels; default 64,\n"
	"                                    at most 1000)\n"
	"  --max-open N                      conversations held open at once (default 4096)\n"
	"  --max-held BYTES                  bytes held by open conversations (default 64M)\n"
	"  --regex-match-limit N             PCRE2 match limit of lexicon regexes,\n"
	"                                    --line-format and --agent-pattern (default\n"
	"                                    100000)\n"
	"  --regex-depth-limit N             their PCRE2 depth limit (default 10000)\n"
	"  --input-format auto|csv|chat|email|json\n"
	"                                    how to read the inputs (default auto: by\n"
	"                                    name, then by content, per file)\n"
	"  --agents FILE                     agents' names or addresses, one a line\n"
	"                                    (chat logs, e-mail)\n"
	"  --agent-pattern REGEX             chat speakers matching it are agents\n"
	"  --line-format REGEX               a chat turn: named groups speaker, text\n"
	"                                    (and time)\n"
	"  --agent-domain DOMAIN             e-mail from DOMAIN is an agent's (repeatable)\n"
	"  --subject-window TIME             e-mail without message ids is threaded by\n"
	"                                    subject; one dated more than TIME from the\n"
	"                                    thread's messages starts a new thread\n"
	"                                    (default 7d)\n"
	"  --thread-by auto|conversation|reply\n"
	"                                    group CSV rows by the conversation column or\n"
	"                                    by following reply links to their root\n"
	"                                    (default auto: reply links when there is a\n"
	"                                    message_id and a reply_to column and no\n"
	"                                    conversation column)\n"
	"  --agent-signature                 an agent message ending in a signature\n"
	"                                    (^RR, -JAY) counts for AUTHOR/RR, AUTHOR/JAY\n"
	"  -j, --jobs N                      threads that analyse conversations (default:\n"
	"                                    TRAITSCAN_JOBS, else the online cores); the\n"
	"                                    output is the same for every N\n"
	"  --strict                          stop at the first rejected record\n"
	"  -q, --quiet                       no summary line on stderr\n";

static void scan_usage(FILE *fp)
{
	fputs("usage: traitscan scan [options] FILE...   ('-' or no FILE: standard input)\n"
	      "\n"
	      "  --by agent|conversation|message   what one row is (default agent)\n"
	      "  --format table|csv|tsv|json       default: table on a terminal, else csv;\n"
	      "                                    with -o, from the file's extension\n"
	      "  -o, --output FILE                 write atomically to FILE (temp + rename)\n"
	      "  --evidence FILE                   every finding with its context; JSON Lines\n"
	      "                                    for *.jsonl and *.json, else CSV; '-' is\n"
	      "                                    standard output when -o FILE has the report\n"
	      "  --evidence-all                    also findings that do not count, with why\n"
	      "  --no-redact                       do not mask PII (e-mails, cards...)\n"
	      "  --fcr-window TIME                 a repeat contact within TIME of the start\n"
	      "                                    is not first-contact resolution (default\n"
	      "                                    7d; units s, m, h, d)\n"
	      "  --fcr-final                       the data is complete: no FCR is pending\n"
	      "  --no-fcr                          no first-contact resolution and no timing\n"
	      "  --owner last|first|most           the agent credited with a conversation's\n"
	      "                                    FCR and duration (default last)\n"
	      "  --nudge-after TIME                a customer message after waiting this long\n"
	      "                                    unanswered is a nudge (default 5m)\n"
	      "  --time-format FORMAT              how times are written, strptime-style\n"
	      "                                    (%Y %m %d %H %M %S %b %I %p %z...); default:\n"
	      "                                    ISO 8601, Unix seconds, twcs, e-mail dates\n"
	      "  --split-chat-cells                a CSV or JSON text holding a chat transcript\n"
	      "                                    (two turn lines or more in the chat log\n"
	      "                                    layouts) is one message per turn\n",
	      fp);
	fputs(cli_read_usage, fp);
	fputs("  -h, --help                        this text\n", fp);
}

/* "64K", "1M", "2G" or plain bytes; 0 on a bad value. */
static size_t parse_size(const char *s)
{
	char *end;
	unsigned long long v;
	unsigned shift = 0;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s || *s == '-')
		return 0;
	switch (*end) {
	case 'k': case 'K': shift = 10; end++; break;
	case 'm': case 'M': shift = 20; end++; break;
	case 'g': case 'G': shift = 30; end++; break;
	default: break;
	}
	if (*end == 'B' || *end == 'b')
		end++;
	/* a value that does not fit is refused, not wrapped */
	if (*end || v > (SIZE_MAX >> shift))
		return 0;
	return (size_t)(v << shift);
}

/* "7d", "48h", "30m", "90s" or plain seconds, above 0; -1 on a bad value. */
static long long parse_duration(const char *s)
{
	char *end;
	long long v, unit = 1;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || end == s || v <= 0)
		return -1;
	switch (*end) {
	case 's': unit = 1; end++; break;
	case 'm': unit = 60; end++; break;
	case 'h': unit = 3600; end++; break;
	case 'd': unit = 86400; end++; break;
	case 'w': unit = 7 * 86400; end++; break;
	default: break;
	}
	if (*end || v > (long long)1e12 / unit)
		return -1;
	return v * unit;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

int cli_parse_format(const char *s)
{
	static const char *const names[] = { "table", "csv", "tsv", "json" };
	for (int i = 0; i < 4; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return -1;
}

ts_format cli_default_format(const char *o)
{
	if (o && strcmp(o, "-") != 0)
		return ends_with(o, ".json") ? TS_FMT_JSON
		     : ends_with(o, ".tsv") ? TS_FMT_TSV
		     : ends_with(o, ".txt") ? TS_FMT_TABLE : TS_FMT_CSV;
	return isatty(STDOUT_FILENO) ? TS_FMT_TABLE : TS_FMT_CSV;
}

int cli_read_agents(cli_read_opts *o)
{
	FILE *fp;
	char line[1024];
	unsigned long ln = 0;

	if (!o->agents_file)
		return 0;
	fp = fopen(o->agents_file, "r");
	if (!fp) {
		cli_error("cannot open '%s': %s", o->agents_file, strerror(errno));
		return EXIT_USAGE;
	}
	while (fgets(line, sizeof line, fp)) {
		char *p = line, *e;
		char **grown;
		ln++;
		if (!strchr(line, '\n') && !feof(fp)) {
			cli_error("%s:%lu: line too long (at most %zu bytes)", o->agents_file, ln,
			          sizeof line - 2);
			fclose(fp);
			return EXIT_USAGE;
		}
		while (*p == ' ' || *p == '\t')
			p++;
		e = p + strlen(p);
		while (e > p && (e[-1] == '\n' || e[-1] == '\r' || e[-1] == ' ' || e[-1] == '\t'))
			e--;
		*e = '\0';
		if (!*p || *p == '#')
			continue;
		grown = realloc(o->agents, (o->nagents + 1) * sizeof *o->agents);
		if (!grown || !(grown[o->nagents] = strdup(p))) {
			if (grown)
				o->agents = grown;
			cli_error("out of memory");
			fclose(fp);
			return EXIT_NOMEM;
		}
		o->agents = grown;
		o->nagents++;
	}
	if (ferror(fp)) {
		cli_error("cannot read '%s': %s", o->agents_file, strerror(errno));
		fclose(fp);
		return EXIT_USAGE;
	}
	fclose(fp);
	return 0;
}

void cli_read_release(cli_read_opts *o)
{
	for (size_t i = 0; i < o->nagents; i++)
		free(o->agents[i]);
	free(o->agents);
	o->agents = NULL;
	o->nagents = 0;
}

void cli_read_scan_options(const cli_read_opts *o, ts_scan_options *opt)
{
	opt->csv = o->csv;
	opt->max_open = o->max_open;
	opt->max_held = o->max_held;
	opt->max_message = o->max_message;
	opt->max_depth = o->max_depth;
	opt->regex_match_limit = o->regex_match_limit;
	opt->regex_depth_limit = o->regex_depth_limit;
	opt->strict = o->strict;
	opt->input_format = o->input_format;
	opt->agents = (const char *const *)o->agents;
	opt->nagents = o->nagents;
	opt->agent_pattern = o->agent_pattern;
	opt->line_format = o->line_format;
	opt->agent_domains = o->agent_domains;
	opt->nagent_domains = o->nagent_domains;
	opt->agent_signature = o->agent_signature;
	opt->subject_window = o->subject_window;
	opt->threads = o->jobs ? o->jobs : cli_default_jobs();
}

unsigned cli_default_jobs(void)
{
	const char *env = getenv("TRAITSCAN_JOBS");
	long n;

	if (env && *env) {
		char *end;
		errno = 0;
		n = strtol(env, &end, 10);
		if (!errno && !*end && n >= 1)
			return n > TS_MAX_THREADS ? TS_MAX_THREADS : (unsigned)n;
	}
	n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		return 1;
	return n > TS_MAX_THREADS ? TS_MAX_THREADS : (unsigned)n;
}

void cli_read_init(cli_read_opts *o)
{
	memset(o, 0, sizeof *o);
	o->format = -1;
}

const char *cli_path_name(const char *path)
{
	return path && strcmp(path, "-") != 0 ? path : "standard output";
}

int cli_read_option(cli_read_opts *o, int c, const char *arg)
{
	switch (c) {
	case CLI_O_LEXICONS:
		if (o->nlexdirs == CLI_MAX_LEXDIRS) {
			cli_error("at most %d --lexicons directories", CLI_MAX_LEXDIRS);
			return -1;
		}
		o->lexdirs[o->nlexdirs++] = arg;
		return 1;
	case CLI_O_NO_BUILTIN:
		o->no_builtin = 1;
		return 1;
	case CLI_O_MAP: {
		const char *eq = strchr(arg, '=');
		int f = eq ? ts_field_parse(arg, (size_t)(eq - arg)) : -1;
		if (f < 0 || !eq[1]) {
			cli_error("--map takes FIELD=COLUMN with FIELD one of conversation, seq, "
			          "time, role, author, customer, channel, text, status, reopens, assignee, "
			          "message_id, reply_to; "
			          "not '%s'",
			          arg);
			return -1;
		}
		o->csv.map_column[f] = eq + 1;
		return 1;
	}
	case CLI_O_DELIM:
		if (strcmp(arg, "\\t") == 0 || strcmp(arg, "tab") == 0)
			o->csv.delimiter = '\t';
		else if (strlen(arg) == 1 && arg[0] != '"' && arg[0] != '\n' &&
		         arg[0] != '\r')
			o->csv.delimiter = arg[0];
		else {
			cli_error("--delimiter takes one character, not '%s'", arg);
			return -1;
		}
		return 1;
	case CLI_O_MAX_FIELD:
		o->csv.max_field = parse_size(arg);
		if (!o->csv.max_field) {
			cli_error("--max-field takes a size in bytes (e.g. 4M), not '%s'", arg);
			return -1;
		}
		return 1;
	case CLI_O_MAX_OPEN:
		o->max_open = parse_size(arg);
		if (!o->max_open) {
			cli_error("--max-open takes a positive number, not '%s'", arg);
			return -1;
		}
		return 1;
	case CLI_O_MAX_COLUMNS:
		o->csv.max_columns = parse_size(arg);
		if (!o->csv.max_columns) {
			cli_error("--max-columns takes a positive number, not '%s'", arg);
			return -1;
		}
		return 1;
	case CLI_O_MAX_HELD:
	case CLI_O_MAX_MESSAGE: {
		size_t v = parse_size(arg);
		if (!v) {
			cli_error("--%s takes a size in bytes (e.g. 64M), not '%s'",
			          c == CLI_O_MAX_HELD ? "max-held" : "max-message", arg);
			return -1;
		}
		*(c == CLI_O_MAX_HELD ? &o->max_held : &o->max_message) = v;
		return 1;
	}
	case CLI_O_MAX_DEPTH:
		o->max_depth = parse_size(arg);
		if (!o->max_depth || o->max_depth > TS_MAX_DEPTH_LIMIT) {
			cli_error("--max-depth takes a number from 1 to %d, not '%s'",
			          TS_MAX_DEPTH_LIMIT, arg);
			return -1;
		}
		return 1;
	case CLI_O_REGEX_MATCH_LIMIT:
	case CLI_O_REGEX_DEPTH_LIMIT: {
		size_t v = parse_size(arg);
		if (!v || v > UINT32_MAX) {
			cli_error("--%s takes a number from 1 to %lu, not '%s'",
			          c == CLI_O_REGEX_MATCH_LIMIT ? "regex-match-limit"
			                                       : "regex-depth-limit",
			          (unsigned long)UINT32_MAX, arg);
			return -1;
		}
		*(c == CLI_O_REGEX_MATCH_LIMIT ? &o->regex_match_limit
		                               : &o->regex_depth_limit) = (unsigned)v;
		return 1;
	}
	case 'j': {
		size_t v = parse_size(arg);
		if (!v || v > TS_MAX_THREADS) {
			cli_error("-j takes a number of threads from 1 to %d, not '%s'", TS_MAX_THREADS,
			          arg);
			return -1;
		}
		o->jobs = (unsigned)v;
		return 1;
	}
	case CLI_O_STRICT:
		o->strict = 1;
		return 1;
	case CLI_O_AGENTS:
		o->agents_file = arg;
		return 1;
	case CLI_O_AGENT_PATTERN:
		o->agent_pattern = arg;
		return 1;
	case CLI_O_LINE_FORMAT:
		o->line_format = arg;
		return 1;
	case CLI_O_AGENT_DOMAIN:
		if (o->nagent_domains == CLI_MAX_LEXDIRS) {
			cli_error("at most %d --agent-domain options", CLI_MAX_LEXDIRS);
			return -1;
		}
		o->agent_domains[o->nagent_domains++] = arg[0] == '@' ? arg + 1 : arg;
		return 1;
	case CLI_O_THREAD_BY:
		if (strcmp(arg, "auto") == 0)
			o->csv.thread_by = TS_THREAD_AUTO;
		else if (strcmp(arg, "conversation") == 0)
			o->csv.thread_by = TS_THREAD_CONVERSATION;
		else if (strcmp(arg, "reply") == 0)
			o->csv.thread_by = TS_THREAD_REPLY;
		else {
			cli_error("--thread-by takes auto, conversation or reply, not '%s'", arg);
			return -1;
		}
		return 1;
	case CLI_O_AGENT_SIGNATURE:
		o->agent_signature = 1;
		return 1;
	case CLI_O_SUBJECT_WINDOW:
		o->subject_window = parse_duration(arg);
		if (o->subject_window < 0) {
			cli_error("--subject-window takes a time such as 7d, 48h, 30m or 90s, not '%s'",
			          arg);
			return -1;
		}
		return 1;
	case CLI_O_INPUT_FORMAT: {
		int f = ts_input_format_parse(arg);
		if (f < 0) {
			cli_error("--input-format takes auto, csv, chat, email or json, not '%s'", arg);
			return -1;
		}
		o->input_format = (ts_input_format)f;
		return 1;
	}
	case 'q':
		o->quiet = 1;
		return 1;
	case CLI_O_FORMAT:
		o->format = cli_parse_format(arg);
		if (o->format < 0) {
			cli_error("--format takes table, csv, tsv or json, not '%s'", arg);
			return -1;
		}
		return 1;
	case 'o':
		o->output = arg;
		return 1;
	default:
		return 0;
	}
}

/* --evidence and the report cannot share standard output or a file. */
static int check_evidence(const scan_args *a)
{
	const char *e = a->evidence;
	int out_is_stdout = !a->rd.output || strcmp(a->rd.output, "-") == 0;

	if (!e) {
		if (a->evidence_all)
			cli_error("--evidence-all needs --evidence FILE");
		return a->evidence_all ? -1 : 0;
	}
	if (strcmp(e, "-") == 0 && out_is_stdout) {
		cli_error("--evidence - needs -o FILE for the report (both would go to "
		          "standard output)");
		return -1;
	}
	if (!out_is_stdout && strcmp(e, a->rd.output) == 0) {
		cli_error("--evidence and -o both name '%s'", e);
		return -1;
	}
	return 0;
}

static int parse_args(int argc, char **argv, scan_args *a)
{
	enum { O_BY = 256, O_EVIDENCE, O_EVIDENCE_ALL, O_NO_REDACT, O_FCR_WINDOW,
	       O_FCR_FINAL, O_OWNER, O_NUDGE_AFTER, O_TIME_FORMAT, O_NO_FCR,
	       O_SPLIT_CHAT_CELLS };
	static const struct option longopts[] = {
		{ "by", required_argument, NULL, O_BY },
		{ "fcr-window", required_argument, NULL, O_FCR_WINDOW },
		{ "fcr-final", no_argument, NULL, O_FCR_FINAL },
		{ "no-fcr", no_argument, NULL, O_NO_FCR },
		{ "owner", required_argument, NULL, O_OWNER },
		{ "nudge-after", required_argument, NULL, O_NUDGE_AFTER },
		{ "time-format", required_argument, NULL, O_TIME_FORMAT },
		{ "evidence", required_argument, NULL, O_EVIDENCE },
		{ "evidence-all", no_argument, NULL, O_EVIDENCE_ALL },
		{ "no-redact", no_argument, NULL, O_NO_REDACT },
		{ "split-chat-cells", no_argument, NULL, O_SPLIT_CHAT_CELLS },
		CLI_READ_LONGOPTS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c, rc;

	memset(a, 0, sizeof *a);
	cli_read_init(&a->rd);
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":o:qhj:", longopts, NULL)) != -1) {
		rc = cli_read_option(&a->rd, c, optarg);
		if (rc < 0)
			return -1;
		if (rc > 0)
			continue;
		switch (c) {
		case O_BY:
			if (strcmp(optarg, "agent") == 0)
				a->by = TS_BY_AGENT;
			else if (strcmp(optarg, "conversation") == 0)
				a->by = TS_BY_CONVERSATION;
			else if (strcmp(optarg, "message") == 0)
				a->by = TS_BY_MESSAGE;
			else {
				cli_error("--by takes agent, conversation or message, not '%s'", optarg);
				return -1;
			}
			break;
		case O_EVIDENCE:
			a->evidence = optarg;
			break;
		case O_EVIDENCE_ALL:
			a->evidence_all = 1;
			break;
		case O_NO_REDACT:
			a->no_redact = 1;
			break;
		case O_FCR_WINDOW:
		case O_NUDGE_AFTER: {
			long long v = parse_duration(optarg);
			if (v < 0) {
				cli_error("--%s takes a time such as 7d, 48h, 30m or 90s, not '%s'",
				          c == O_FCR_WINDOW ? "fcr-window" : "nudge-after", optarg);
				return -1;
			}
			*(c == O_FCR_WINDOW ? &a->fcr_window : &a->nudge_after) = v;
			break;
		}
		case O_FCR_FINAL:
			a->fcr_final = 1;
			break;
		case O_NO_FCR:
			a->no_fcr = 1;
			break;
		case O_OWNER:
			if (strcmp(optarg, "last") == 0)
				a->owner = TS_OWNER_LAST;
			else if (strcmp(optarg, "first") == 0)
				a->owner = TS_OWNER_FIRST;
			else if (strcmp(optarg, "most") == 0)
				a->owner = TS_OWNER_MOST;
			else {
				cli_error("--owner takes last, first or most, not '%s'", optarg);
				return -1;
			}
			break;
		case O_TIME_FORMAT:
			a->time_format = optarg;
			break;
		case O_SPLIT_CHAT_CELLS:
			a->split_chat_cells = 1;
			break;
		case 'h':
			scan_usage(stdout);
			return 1;
		case ':':
			cli_error("option '%s' needs a value", argv[optind - 1]);
			return -1;
		default:
			cli_error("unknown option '%s'", argv[optind - 1]);
			scan_usage(stderr);
			return -1;
		}
	}
	a->files = argv + optind;
	a->nfiles = argc - optind;
	if (check_evidence(a))
		return -1;
	if (a->rd.format < 0)
		a->rd.format = (int)cli_default_format(a->rd.output);
	if (a->nfiles == 0 && isatty(STDIN_FILENO)) {
		cli_error("no input files (give FILE... or '-' for standard input)");
		scan_usage(stderr);
		return -1;
	}
	return 0;
}

int cli_diag_print(void *ud, const ts_error *e)
{
	cli_diag *d = ud;

	if (e->code) {
		d->errors++;
		cli_report("error", e);
	} else {
		d->warnings++;
		cli_report("warning", e);
	}
	return 0;
}

/* The scanner's one per-message sink, chained to the per-message report
 * and the evidence writer (either may be NULL).  A failed write only
 * reaches the scanner as "stop"; this remembers which output failed (and
 * errno) so that the run ends as an output error, not as "stopped" or an
 * input error. */
typedef struct row_sink {
	const scan_args *args;
	ts_message_writer *mw;
	ts_evidence_writer *ev;
	const char *failed;      /* the path that could not be written */
	int err, rc;
} row_sink;

static int sink_row(void *ud, const ts_message_result *r)
{
	row_sink *k = ud;
	const scan_args *a = k->args;
	int rc;

	if (k->mw && (rc = ts_message_writer_row(k->mw, r)) != 0) {
		k->failed = cli_path_name(a->rd.output);
		k->rc = rc;
		k->err = errno;
		return 1;
	}
	if (k->ev && (rc = ts_evidence_writer_row(k->ev, r)) != 0) {
		k->failed = cli_path_name(a->evidence);
		k->rc = rc;
		k->err = errno;
		return 1;
	}
	return 0;
}

static int sink_failed(const row_sink *k)
{
	cli_error("cannot write '%s': %s", k->failed,
	          k->rc == TS_EIO ? strerror(k->err) : ts_strerror(k->rc));
	return EXIT_OUTPUT;
}

/* What one file of a run gave: the difference of the counts. */
static void file_summary(const ts_scanner *s, const char *path, const ts_scan_counts *before)
{
	ts_scan_counts n;
	unsigned long rec, rej, msgs, convs;
	ts_input_format f = ts_scanner_last_format(s);

	ts_scanner_counts(s, &n);
	rec = n.records - before->records;
	rej = n.rejected - before->rejected;
	msgs = n.messages_read - before->messages_read;
	convs = n.conversations_begun - before->conversations_begun;
	fprintf(stderr, "traitscan: %s: %s, %lu record%s (%lu rejected), %lu message%s, "
	        "%lu conversation%s begun\n", path,
	        f == TS_IN_AUTO ? "not read" : ts_input_format_name(f), rec, cli_plural(rec), rej, msgs,
	        cli_plural(msgs), convs, cli_plural(convs));
}

/* One file; *stopped is set when the scanner stopped (a sink or --strict). */
static int scan_file(ts_scanner *s, const char *path, cli_diag *d, int *stopped)
{
	ts_source *src = NULL;
	ts_scan_counts before;
	ts_error err;
	int rc;

	ts_error_clear(&err);
	if ((rc = ts_source_open(&src, path, &err)) != TS_OK) {
		cli_error("%s", err.msg); /* the message names the file */
		d->errors++;
		return rc == TS_ENOMEM ? -1 : 1;
	}
	ts_scanner_counts(s, &before);
	rc = ts_scanner_scan(s, src, &err);
	ts_source_free(src);
	if (rc != TS_OK) {
		*stopped = rc == TS_ESTOP;
		/* a file-level problem; rejected records, and the one that
		 * stopped a --strict run, were reported as they happened */
		if (rc != TS_ESTOP && err.msg[0]) {
			cli_report("error", &err);
			d->errors++;
		}
	}
	if (d->per_file)
		file_summary(s, path, &before);
	if (rc == TS_OK)
		return 0;
	if (rc == TS_EIO && !err.file[0])
		return CLI_SCAN_SCRATCH;
	return rc == TS_ENOMEM ? -1 : 1;
}

/* Whether a file found in a directory is an export: its name or its first
 * bytes (decoded: a .gz is looked into) show a format. */
static int recognised(const char *path)
{
	ts_source *src = NULL;
	char head[4096];
	size_t got = 0;
	int yes;

	if (ts_input_format_from_name(path) != TS_IN_AUTO)
		return 1;
	if (ts_source_open(&src, path, NULL))
		return 1; /* let the scan report why it cannot be read */
	yes = ts_source_read_full(src, head, sizeof head, &got, NULL) == TS_OK &&
	      ts_input_format_sniff(head, got) != TS_IN_AUTO;
	ts_source_free(src);
	return yes;
}

typedef struct dir_scan {
	ts_scanner *s;
	cli_diag *d;
	ts_input_format format;
	int strict, result, stopped;
} dir_scan;

static int scan_dir_file(void *ud, const char *path)
{
	dir_scan *x = ud;
	int rc;

	if (x->format == TS_IN_AUTO && !recognised(path)) {
		cli_warning("%s: skipped: not a recognised export (--input-format reads it anyway)",
		            path);
		x->d->warnings++;
		return 0;
	}
	rc = scan_file(x->s, path, x->d, &x->stopped);
	if (rc < 0 || (rc > 0 && x->result >= 0))
		x->result = rc;
	return rc < 0 || x->stopped || (rc > 0 && x->strict);
}

/* An entry of the walk that could not be read is an input error (exit
 * 3; --strict stops there); one skipped on purpose only a warning. */
static int walk_diag(void *ud, const ts_error *e)
{
	dir_scan *x = ud;

	cli_diag_print(x->d, e);
	if (e->code && x->result >= 0)
		x->result = 1;
	return e->code && x->strict;
}

int cli_scan_input(ts_scanner *s, const char *path, ts_input_format format, int strict,
                   cli_diag *d)
{
	dir_scan x = { s, d, format, strict, 0, 0 };
	ts_error err;
	int rc;

	if (!ts_source_is_dir(path))
		return scan_file(s, path, d, &x.stopped);
	ts_error_clear(&err);
	rc = ts_source_walk(path, scan_dir_file, walk_diag, &x, &err);
	if (rc == TS_EIO || rc == TS_ENOMEM) {
		cli_error("%s", err.msg);
		d->errors++;
		return rc == TS_ENOMEM ? -1 : 1;
	}
	return x.result;
}

void cli_scan_summary(const ts_scanner *s, const ts_lexset *lex)
{
	ts_scan_counts n;
	char extra[384] = "", msgs[80] = "";
	size_t k = 0;

	ts_scanner_counts(s, &n);
	if (n.split_conversations)
		k += (size_t)snprintf(extra + k, sizeof extra - k, " (%lu split: raise --max-open or --max-held)",
		                      n.split_conversations);
	if (n.bad_times && k < sizeof extra)
		k += (size_t)snprintf(extra + k, sizeof extra - k, "; %lu unreadable time%s "
		                      "(--time-format)", n.bad_times, cli_plural(n.bad_times));
	if (n.unknown_role && k < sizeof extra)
		k += (size_t)snprintf(extra + k, sizeof extra - k, "; %lu message%s of no known "
		                      "role (--agents, --agent-pattern, --agent-domain)",
		                      n.unknown_role, cli_plural(n.unknown_role));
	if (n.regex_limited && k < sizeof extra)
		snprintf(extra + k, sizeof extra - k, "; %lu message%s where a lexicon regex hit "
		         "its match limit (--regex-match-limit)", n.regex_limited,
		         cli_plural(n.regex_limited));
	/* records are rows (or turns, e-mails, comments); a split chat cell
	 * is one record of several messages, said only when there are some */
	if (n.messages != n.analysed)
		snprintf(msgs, sizeof msgs, "; %lu messages (chat cells split into turns)",
		         n.messages);
	fprintf(stderr, "traitscan: %lu file%s, %lu record%s: %lu analysed, %lu rejected%s; "
	        "%lu conversation%s%s; lexicons %s\n",
	        n.files, cli_plural(n.files), n.records, cli_plural(n.records), n.analysed,
	        n.rejected, msgs,
	        n.conversations, cli_plural(n.conversations), extra, ts_lexset_hash(lex));
}

int cli_scan(int argc, char **argv)
{
	scan_args a;
	ts_scan_options opt;
	ts_lexset *lex = NULL;
	ts_scanner *s = NULL;
	ts_message_writer *mw = NULL;
	ts_evidence_writer *ev = NULL;
	row_sink sink = { NULL, NULL, NULL, NULL, 0, 0 };
	cli_output out = { 0 }, evout = { 0 };
	cli_diag d = { 0, 0, 0 };
	ts_error err;
	char *stdin_only[] = { (char *)"-" };
	int input_errors = 0, status = EXIT_OK, out_open = 0, ev_open = 0, ok = 1, rc;

	rc = parse_args(argc, argv, &a);
	if (rc)
		return rc > 0 ? EXIT_OK : EXIT_USAGE;
	if (a.nfiles == 0) {
		a.files = stdin_only;
		a.nfiles = 1;
	}
	if ((rc = cli_read_agents(&a.rd)) != 0) {
		cli_read_release(&a.rd);
		return rc;
	}
	lex = cli_load_lexicons(a.rd.lexdirs, a.rd.nlexdirs, a.rd.no_builtin, &rc);
	if (!lex) {
		cli_read_release(&a.rd);
		return rc;
	}
	memset(&opt, 0, sizeof opt);
	opt.lexicons = lex;
	cli_read_scan_options(&a.rd, &opt);
	opt.keep_conversations = a.by == TS_BY_CONVERSATION;
	opt.on_diag = cli_diag_print;
	opt.diag_ud = &d;
	opt.owner = a.owner;
	opt.fcr_window = a.fcr_window;
	opt.fcr_final = a.fcr_final;
	opt.no_fcr = a.no_fcr;
	opt.nudge_after = a.nudge_after;
	opt.time_format = a.time_format;
	opt.split_chat_cells = a.split_chat_cells;
	ts_error_clear(&err);
	if ((rc = ts_scanner_new(&s, &opt, &err)) != TS_OK) {
		cli_report("error", &err);
		status = rc == TS_ENOMEM ? EXIT_NOMEM : EXIT_USAGE;
		goto out;
	}
	if (cli_output_open(&out, a.rd.output)) {
		status = EXIT_OUTPUT;
		goto out;
	}
	out_open = 1;
	sink.args = &a;
	if (a.by == TS_BY_MESSAGE) {
		if (ts_message_writer_new(&mw, lex, (ts_format)a.rd.format, out.fp)) {
			cli_error("out of memory");
			status = EXIT_OUTPUT;
			ok = 0;
			goto out;
		}
		sink.mw = mw;
	}
	if (a.evidence) {
		ts_evidence_options eo;
		if (cli_output_open(&evout, a.evidence)) {
			status = EXIT_OUTPUT;
			ok = 0;
			goto out;
		}
		ev_open = 1;
		ts_evidence_options_init(&eo);
		eo.format = ends_with(a.evidence, ".jsonl") || ends_with(a.evidence, ".json")
		          ? TS_EVIDENCE_JSONL : TS_EVIDENCE_CSV;
		eo.all = a.evidence_all;
		eo.no_redact = a.no_redact;
		if (ts_evidence_writer_new(&ev, lex, &eo, evout.fp)) {
			cli_error("out of memory");
			status = EXIT_OUTPUT;
			ok = 0;
			goto out;
		}
		sink.ev = ev;
	}
	if (sink.mw || sink.ev)
		ts_scanner_on_message(s, sink_row, &sink);
	/* several files (or a directory): a line per file on stderr */
	d.per_file = !a.rd.quiet && (a.nfiles > 1 || ts_source_is_dir(a.files[0]));
	for (int i = 0; i < a.nfiles; i++) {
		rc = cli_scan_input(s, a.files[i], a.rd.input_format, a.rd.strict, &d);
		if (sink.failed) {
			status = sink_failed(&sink);
			ok = 0;
			goto out;
		}
		if (rc < 0) {
			/* the scratch file, or out of memory */
			status = rc == CLI_SCAN_SCRATCH ? EXIT_OUTPUT : EXIT_NOMEM;
			ok = 0;
			goto out;
		}
		input_errors |= rc;
		if (rc && a.rd.strict) {
			cli_error("stopped at the first input error (--strict); no report written");
			status = EXIT_INPUT;
			ok = 0;
			goto out;
		}
	}
	if (ts_scanner_finish(s, &err)) {
		if (sink.failed) {
			status = sink_failed(&sink);
			ok = 0;
			goto out;
		}
		cli_report("error", &err);
		/* a stop from a writer, or the temporary file: output */
		status = err.code == TS_ENOMEM ? EXIT_NOMEM :
		         err.code == TS_ESTOP || (err.code == TS_EIO && !err.file[0]) ?
		         EXIT_OUTPUT : EXIT_INPUT;
		ok = 0;
		goto out;
	}
	if (mw)
		rc = ts_message_writer_finish(mw, s);
	else
		rc = ts_report_write(s, a.by, (ts_format)a.rd.format, out.fp, &err);
	if (rc) {
		cli_error("cannot write '%s': %s", cli_path_name(a.rd.output),
		          rc == TS_EIO ? strerror(errno) : ts_strerror(rc));
		ok = 0;
		status = EXIT_OUTPUT;
	}
	if (ok && ev && (rc = ts_evidence_writer_finish(ev)) != 0) {
		cli_error("cannot write '%s': %s", cli_path_name(a.evidence),
		          rc == TS_EIO ? strerror(errno) : ts_strerror(rc));
		ok = 0;
		status = EXIT_OUTPUT;
	}
	if (!a.rd.quiet)
		cli_scan_summary(s, lex);
	if (status == EXIT_OK && input_errors)
		status = EXIT_INPUT;
out:
	/* the evidence is closed first: if it cannot be written, neither file
	 * is renamed into place */
	if (ev_open && cli_output_close(&evout, ok) != 0) {
		status = EXIT_OUTPUT;
		ok = 0;
	}
	if (out_open && cli_output_close(&out, ok) != 0)
		status = EXIT_OUTPUT;
	ts_evidence_writer_free(ev);
	ts_message_writer_free(mw);
	ts_scanner_free(s);
	ts_lexset_free(lex);
	cli_read_release(&a.rd);
	return status;
}
