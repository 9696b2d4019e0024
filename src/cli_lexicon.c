/*
 * cli_lexicon.c - `traitscan lexicon check [DIR...]`: parses and compiles
 * a lexicon set and prints every problem as file:line:column.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

typedef struct check_state {
	unsigned long errors, warnings;
} check_state;

static int print_problem(void *ud, const ts_error *e)
{
	check_state *st = ud;

	if (e->code)
		st->errors++;
	else
		st->warnings++;
	printf("%s:%lu:%lu: %s: %s\n", e->file, e->line, e->col,
	       e->code ? "error" : "warning", e->msg);
	return 0;
}

static void lexicon_usage(FILE *fp)
{
	fputs("usage: traitscan lexicon check [DIR...]\n"
	      "\n"
	      "Checks the lexicon set made of the DIRs in order (a later file replaces a\n"
	      "same-named earlier one); with no DIR, the built-in lexicons.  Prints every\n"
	      "problem as FILE:LINE:COLUMN: error|warning: MESSAGE, then a summary.\n"
	      "Exit 0 when there is no error, 2 otherwise (4 out of memory).\n", fp);
}

int cli_lexicon(int argc, char **argv)
{
	ts_lexset *set = NULL;
	check_state st = { 0, 0 };
	ts_error err;
	int status = EXIT_OK, rc;

	if (argc < 2 || strcmp(argv[1], "check") != 0) {
		if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
			lexicon_usage(stdout);
			return EXIT_OK;
		}
		lexicon_usage(stderr);
		return EXIT_USAGE;
	}
	/* only directories follow: an option here is a mistake, not a
	 * directory to look for */
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			lexicon_usage(stdout);
			return EXIT_OK;
		}
		if (argv[i][0] == '-' && argv[i][1]) {
			cli_error("unknown option '%s' (lexicon check takes directories only; "
			          "./%s for a directory of that name)", argv[i], argv[i]);
			lexicon_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (ts_lexset_new(&set)) {
		cli_error("out of memory");
		return EXIT_NOMEM;
	}
	ts_error_clear(&err);
	if (argc == 2) {
		const char *dir = cli_builtin_lexicons();
		if (!dir) {
			cli_error("cannot find the built-in lexicons (set TRAITSCAN_LEXICONS)");
			status = EXIT_USAGE;
			goto out;
		}
		if ((rc = ts_lexset_add_dir(set, dir, &err)) != TS_OK) {
			cli_error("%s", err.msg); /* names the directory */
			status = rc == TS_ENOMEM ? EXIT_NOMEM : EXIT_USAGE;
			goto out;
		}
	}
	for (int i = 2; i < argc; i++)
		if ((rc = ts_lexset_add_dir(set, argv[i], &err)) != TS_OK) {
			cli_error("%s", err.msg); /* names the directory */
			status = rc == TS_ENOMEM ? EXIT_NOMEM : EXIT_USAGE;
			goto out;
		}
	rc = ts_lexset_compile(set, print_problem, &st, &err);
	if (rc == TS_ENOMEM) {
		/* the problems printed so far are not all of them */
		cli_error("out of memory");
		status = EXIT_NOMEM;
		goto out;
	}
	if (rc || st.errors)
		status = EXIT_USAGE;
	printf("%zu categories, %zu entries, %lu error%s, %lu warning%s; lexicon hash %s\n",
	       ts_lexset_ncategories(set), ts_lexset_nentries(set), st.errors,
	       cli_plural(st.errors), st.warnings, cli_plural(st.warnings),
	       ts_lexset_hash(set));
out:
	ts_lexset_free(set);
	return status;
}
