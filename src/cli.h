/*
 * cli.h - the command-line front end (not part of the library): shared
 * helpers of the cli_*.c files.  Only these files print or exit.
 */
#ifndef TS_CLI_H
#define TS_CLI_H

#include <stdio.h>

#include "traitscan.h"

/* Exit codes (DESIGN.md).  Out of memory exits 4 like the other failures
 * of the run's own resources (the output, the FCR scratch file): no
 * report is written, and neither the options nor the input are at fault;
 * its message is "traitscan: error: [FILE: ]out of memory". */
enum {
	EXIT_OK = 0,
	EXIT_THRESHOLD = 1,
	EXIT_USAGE = 2,
	EXIT_INPUT = 3,
	EXIT_OUTPUT = 4,
	EXIT_NOMEM = EXIT_OUTPUT
};

/* "s" unless n is 1, for counts in messages ("3 files", "1 file"). */
const char *cli_plural(unsigned long n);
void cli_error(const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 1, 2)))
#endif
	;
void cli_warning(const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 1, 2)))
#endif
	;
/* Prints a library error as "traitscan: error: file:line: msg". */
void cli_report(const char *level, const ts_error *e);

/* Loads the lexicon set: the built-in directory unless no_builtin, then
 * each of dirs in order (later files replace same-named earlier ones).
 * Problems are printed; returns NULL (after printing) on failure, and
 * then only sets *status: the exit status, EXIT_USAGE or EXIT_NOMEM. */
ts_lexset *cli_load_lexicons(const char *const *dirs, size_t ndirs, int no_builtin,
                             int *status);
/* The built-in lexicon directory, or NULL if none was found. */
const char *cli_builtin_lexicons(void);

/* Installs the handlers of SIGINT, SIGTERM, SIGHUP and SIGPIPE (remove
 * the temporary output files, then end by the same signal) and ignores
 * SIGXFSZ (see cli_main.c).  Called once, first thing in main. */
void cli_signals_init(void);

/* Output written to a temporary file beside the target and renamed at
 * the end, so a reader never sees half a report; "-" or NULL is stdout. */
typedef struct cli_output {
	FILE *fp;
	char *path;
	char *tmp;
} cli_output;
int cli_output_open(cli_output *o, const char *path);
/* Flushes and renames (or, if ok is 0, removes the temporary file).
 * Returns 0 or -1 after printing why.  Until then a signal removes the
 * temporary file (cli_signals_init). */
int cli_output_close(cli_output *o, int ok);

/* ---- what scan and calibrate share (cli_scan.c) ---- */

#define CLI_MAX_LEXDIRS 32

/* The options of every command that reads exports and writes a report:
 * lexicons, how to read the CSV, the limits (--max-*, --regex-*-limit),
 * --strict, -q, --format, -o.
 * Zero them, then set format to -1 (cli_read_init). */
typedef struct cli_read_opts {
	int format;              /* -1: choose from the output */
	const char *output;      /* -o; NULL or "-": standard output */
	const char *lexdirs[CLI_MAX_LEXDIRS];
	size_t nlexdirs;
	int no_builtin;
	ts_csv_options csv;
	size_t max_open, max_held;      /* --max-open, --max-held */
	size_t max_message, max_depth;  /* --max-message, --max-depth */
	unsigned regex_match_limit;     /* --regex-match-limit */
	unsigned regex_depth_limit;     /* --regex-depth-limit */
	int strict, quiet;
	ts_input_format input_format;
	/* who is an agent in chat logs and e-mail */
	const char *agents_file;        /* --agents FILE: one name or address a line */
	char **agents;                  /* its lines (cli_read_agents) */
	size_t nagents;
	const char *agent_pattern;      /* --agent-pattern REGEX */
	const char *line_format;        /* --line-format REGEX */
	const char *agent_domains[CLI_MAX_LEXDIRS]; /* --agent-domain (repeatable) */
	size_t nagent_domains;
	int agent_signature;            /* --agent-signature */
	long long subject_window;       /* --subject-window: seconds, 0: default */
	unsigned jobs;                  /* -j: 0 for the default (cli_jobs) */
} cli_read_opts;

/* Loads --agents FILE into o->agents (blank lines and '#' comments
 * skipped); 0, or the exit status after printing why (EXIT_USAGE, or
 * EXIT_NOMEM).  cli_read_release frees it. */
int cli_read_agents(cli_read_opts *o);
void cli_read_release(cli_read_opts *o);
/* Copies the reading options into a scanner's options. */
void cli_read_scan_options(const cli_read_opts *o, ts_scan_options *opt);
/* -j without the option: TRAITSCAN_JOBS when it is a positive number,
 * else the online cores (at most TS_MAX_THREADS). */
unsigned cli_default_jobs(void);

enum {
	CLI_O_LEXICONS = 1000, CLI_O_NO_BUILTIN, CLI_O_MAP, CLI_O_DELIM,
	CLI_O_MAX_FIELD, CLI_O_MAX_OPEN, CLI_O_MAX_COLUMNS, CLI_O_STRICT, CLI_O_FORMAT,
	CLI_O_INPUT_FORMAT, CLI_O_AGENTS, CLI_O_AGENT_PATTERN, CLI_O_LINE_FORMAT,
	CLI_O_AGENT_DOMAIN, CLI_O_THREAD_BY, CLI_O_AGENT_SIGNATURE, CLI_O_SUBJECT_WINDOW,
	CLI_O_MAX_HELD, CLI_O_MAX_MESSAGE, CLI_O_MAX_DEPTH, CLI_O_REGEX_MATCH_LIMIT,
	CLI_O_REGEX_DEPTH_LIMIT
};

/* Their entries for getopt_long's table (struct option, <getopt.h>). */
#define CLI_READ_LONGOPTS \
	{ "lexicons", required_argument, NULL, CLI_O_LEXICONS }, \
	{ "no-builtin-lexicons", no_argument, NULL, CLI_O_NO_BUILTIN }, \
	{ "map", required_argument, NULL, CLI_O_MAP }, \
	{ "delimiter", required_argument, NULL, CLI_O_DELIM }, \
	{ "max-field", required_argument, NULL, CLI_O_MAX_FIELD }, \
	{ "max-open", required_argument, NULL, CLI_O_MAX_OPEN }, \
	{ "max-columns", required_argument, NULL, CLI_O_MAX_COLUMNS }, \
	{ "max-held", required_argument, NULL, CLI_O_MAX_HELD }, \
	{ "max-message", required_argument, NULL, CLI_O_MAX_MESSAGE }, \
	{ "max-depth", required_argument, NULL, CLI_O_MAX_DEPTH }, \
	{ "regex-match-limit", required_argument, NULL, CLI_O_REGEX_MATCH_LIMIT }, \
	{ "regex-depth-limit", required_argument, NULL, CLI_O_REGEX_DEPTH_LIMIT }, \
	{ "strict", no_argument, NULL, CLI_O_STRICT }, \
	{ "input-format", required_argument, NULL, CLI_O_INPUT_FORMAT }, \
	{ "agents", required_argument, NULL, CLI_O_AGENTS }, \
	{ "agent-pattern", required_argument, NULL, CLI_O_AGENT_PATTERN }, \
	{ "line-format", required_argument, NULL, CLI_O_LINE_FORMAT }, \
	{ "agent-domain", required_argument, NULL, CLI_O_AGENT_DOMAIN }, \
	{ "subject-window", required_argument, NULL, CLI_O_SUBJECT_WINDOW }, \
	{ "thread-by", required_argument, NULL, CLI_O_THREAD_BY }, \
	{ "agent-signature", no_argument, NULL, CLI_O_AGENT_SIGNATURE }, \
	{ "jobs", required_argument, NULL, 'j' }, \
	{ "quiet", no_argument, NULL, 'q' }, \
	{ "format", required_argument, NULL, CLI_O_FORMAT }, \
	{ "output", required_argument, NULL, 'o' }

/* Their lines in a usage text. */
extern const char cli_read_usage[];

/* Takes getopt_long's answer c (with optarg) if it is one of those
 * options: 1 if it was, 0 if not, -1 after printing why the value is bad. */
void cli_read_init(cli_read_opts *o);
int cli_read_option(cli_read_opts *o, int c, const char *arg);
/* The name of an output path in messages ("standard output" for - or NULL). */
const char *cli_path_name(const char *path);
/* The ts_format called s (table, csv, tsv, json), -1 if none. */
int cli_parse_format(const char *s);
/* Without --format: from -o's extension (.json, .tsv, .txt = table, else
 * csv), else table on a terminal and csv otherwise. */
ts_format cli_default_format(const char *output);

/* Prints library diagnostics (rejects and warnings) and counts them. */
typedef struct cli_diag {
	unsigned long errors, warnings;
	int per_file;  /* a summary line per file read (runs of several files) */
} cli_diag;
int cli_diag_print(void *ud, const ts_error *e);
/* Scans one input, or every file below a directory (sorted; with format
 * TS_IN_AUTO only the files whose name or first bytes show a format, the
 * others skipped with a warning; a walk stops at the first input error
 * when strict).  Returns 0, 1 if there were input errors (reported), -1
 * when out of memory, or CLI_SCAN_SCRATCH when the scanner's temporary
 * file failed (reported; the scan cannot go on). */
#define CLI_SCAN_SCRATCH (-2)
int cli_scan_input(ts_scanner *s, const char *path, ts_input_format format, int strict,
                   cli_diag *d);
/* The summary line on stderr: records, analysed, rejected, ... */
void cli_scan_summary(const ts_scanner *s, const ts_lexset *lex);

int cli_scan(int argc, char **argv);
int cli_lexicon(int argc, char **argv);
int cli_calibrate(int argc, char **argv);

#endif
