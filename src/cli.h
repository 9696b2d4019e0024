/*
 * cli.h - the command-line front end (not part of the library): shared
 * helpers of the cli_*.c files.  Only these files print or exit.
 */
#ifndef TS_CLI_H
#define TS_CLI_H

#include <stdio.h>

#include "traitscan.h"

/* Exit codes (DESIGN.md). */
enum {
	EXIT_OK = 0,
	EXIT_THRESHOLD = 1,
	EXIT_USAGE = 2,
	EXIT_INPUT = 3,
	EXIT_OUTPUT = 4
};

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
 * Problems are printed; returns NULL (after printing) on failure. */
ts_lexset *cli_load_lexicons(const char *const *dirs, size_t ndirs, int no_builtin);
/* The built-in lexicon directory, or NULL if none was found. */
const char *cli_builtin_lexicons(void);

/* Output written to a temporary file beside the target and renamed at
 * the end, so a reader never sees half a report; "-" or NULL is stdout. */
typedef struct cli_output {
	FILE *fp;
	char *path;
	char *tmp;
} cli_output;
int cli_output_open(cli_output *o, const char *path);
/* Flushes and renames (or, if ok is 0, removes the temporary file).
 * Returns 0 or -1 after printing why. */
int cli_output_close(cli_output *o, int ok);

int cli_scan(int argc, char **argv);
int cli_lexicon(int argc, char **argv);

#endif
