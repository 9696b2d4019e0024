/*
 * cli_main.c - traitscan's entry point: dispatches subcommands and holds
 * the message, lexicon, output-file and signal helpers every subcommand
 * uses.  Signals are the CLI's business only: the library installs no
 * handler and never looks at one.
 */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

static void vmsg(const char *level, const char *fmt, va_list ap)
{
	fprintf(stderr, "traitscan: %s: ", level);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

const char *cli_plural(unsigned long n)
{
	return n == 1 ? "" : "s";
}

void cli_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg("error", fmt, ap);
	va_end(ap);
}

void cli_warning(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg("warning", fmt, ap);
	va_end(ap);
}

void cli_report(const char *level, const ts_error *e)
{
	if (e->file[0] && e->line)
		fprintf(stderr, "traitscan: %s: %s:%lu: %s\n", level, e->file, e->line, e->msg);
	else if (e->file[0])
		fprintf(stderr, "traitscan: %s: %s: %s\n", level, e->file, e->msg);
	else
		fprintf(stderr, "traitscan: %s: %s\n", level, e->msg);
}

static int is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *cli_builtin_lexicons(void)
{
	static char found[PATH_MAX + 64];
	static const char *const rel[] = {
		"lexicons",                      /* the source tree: ./traitscan */
		"../share/traitscan/lexicons",   /* installed: PREFIX/bin */
		"../../lexicons",                /* build/<flavour>/traitscan */
	};
	char exe[PATH_MAX];
	const char *env = getenv("TRAITSCAN_LEXICONS");
	ssize_t n;

	if (env && *env)
		return env;
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	if (strrchr(exe, '/'))
		*strrchr(exe, '/') = '\0';
	for (size_t i = 0; i < sizeof rel / sizeof *rel; i++) {
		snprintf(found, sizeof found, "%s/%s", exe, rel[i]);
		if (is_dir(found))
			return found;
	}
	return NULL;
}

/* While scanning, only lexicon errors are shown: warnings are for
 * `traitscan lexicon check`. */
static int print_problem(void *ud, const ts_error *e)
{
	int *errors = ud;
	if (!e->code)
		return 0;
	(*errors)++;
	fprintf(stderr, "traitscan: %s: %s:%lu:%lu: %s\n", e->code ? "error" : "warning",
	        e->file, e->line, e->col, e->msg);
	return 0;
}

ts_lexset *cli_load_lexicons(const char *const *dirs, size_t ndirs, int no_builtin,
                             int *status)
{
	ts_lexset *set = NULL;
	ts_error err;
	int errors = 0, rc = TS_OK;

	if (ts_lexset_new(&set)) {
		cli_error("out of memory");
		*status = EXIT_NOMEM;
		return NULL;
	}
	if (!no_builtin) {
		const char *dir = cli_builtin_lexicons();
		if (!dir) {
			cli_error("cannot find the built-in lexicons (set TRAITSCAN_LEXICONS or use --lexicons DIR)");
			goto fail;
		}
		if ((rc = ts_lexset_add_dir(set, dir, &err)) != TS_OK) {
			cli_error("%s", err.msg); /* names the directory */
			goto fail;
		}
	}
	for (size_t i = 0; i < ndirs; i++)
		if ((rc = ts_lexset_add_dir(set, dirs[i], &err)) != TS_OK) {
			cli_error("%s", err.msg); /* names the directory */
			goto fail;
		}
	rc = ts_lexset_compile(set, print_problem, &errors, &err);
	if (rc == TS_ENOMEM) {
		cli_error("out of memory");
		goto fail;
	}
	if (rc || errors) {
		cli_error("lexicon errors; run 'traitscan lexicon check' for the full list");
		goto fail;
	}
	if (ts_lexset_ncategories(set) == 0) {
		cli_error("no lexicon entries loaded");
		goto fail;
	}
	return set;
fail:
	*status = rc == TS_ENOMEM ? EXIT_NOMEM : EXIT_USAGE;
	ts_lexset_free(set);
	return NULL;
}

/*
 * Signals.  SIGINT, SIGTERM, SIGHUP and SIGPIPE remove the temporary
 * output files (the report and evidence being written) and then end the
 * process by the same signal, so that a shell sees 128+signo and a loop
 * or make around traitscan stops too.  The library's own scratch files
 * (spill, stdin spool) have no name to remove: they are made without one
 * (O_TMPFILE) or unlinked at once (spill.c).  A signal that was ignored
 * when traitscan started stays ignored (nohup, a background job of a
 * script).  SIGXFSZ is ignored: a write past `ulimit -f` then fails with
 * EFBIG and is reported like a full disk.
 *
 * The handler only reads temps[]; it is changed with the caught signals
 * blocked, so the handler never sees a path half set or a file created
 * but not yet listed.  The masks are this thread's: -j's workers start
 * with every signal blocked (pool.c), so the signals come here.
 */
#define MAX_TEMPS 4  /* -o and --evidence */

static const int caught_signals[] = { SIGHUP, SIGINT, SIGPIPE, SIGTERM };
static sigset_t caught;
static char *volatile temps[MAX_TEMPS];

static void on_signal(int sig)
{
	sigset_t self;

	/* only async-signal-safe calls from here on */
	for (size_t i = 0; i < MAX_TEMPS; i++)
		if (temps[i])
			unlink(temps[i]);
	signal(sig, SIG_DFL);
	sigemptyset(&self);
	sigaddset(&self, sig);
	pthread_sigmask(SIG_UNBLOCK, &self, NULL);
	raise(sig);
	_exit(128 + sig); /* not reached: the default action ends the process */
}

void cli_signals_init(void)
{
	struct sigaction sa, old;
	size_t n = sizeof caught_signals / sizeof *caught_signals;

	sigemptyset(&caught);
	for (size_t i = 0; i < n; i++)
		sigaddset(&caught, caught_signals[i]);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sa.sa_mask = caught;       /* one handler at a time */
	sa.sa_flags = SA_RESTART;  /* moot: the handler never returns */
	for (size_t i = 0; i < n; i++) {
		if (sigaction(caught_signals[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
			continue;
		sigaction(caught_signals[i], &sa, NULL);
	}
	signal(SIGXFSZ, SIG_IGN);
}

static void signals_hold(sigset_t *old)
{
	pthread_sigmask(SIG_BLOCK, &caught, old);
}

static void signals_release(const sigset_t *old)
{
	pthread_sigmask(SIG_SETMASK, old, NULL);
}

/* Lists path for the handler (signals held).  With no free slot the file
 * is only not removed by a signal; there are never more than two. */
static void temp_add(char *path)
{
	for (size_t i = 0; i < MAX_TEMPS; i++)
		if (!temps[i]) {
			temps[i] = path;
			return;
		}
}

static void temp_forget(const char *path)
{
	for (size_t i = 0; i < MAX_TEMPS; i++)
		if (temps[i] == path)
			temps[i] = NULL;
}

int cli_output_open(cli_output *o, const char *path)
{
	struct stat st;
	sigset_t held;
	int fd, e;

	memset(o, 0, sizeof *o);
	if (!path || strcmp(path, "-") == 0) {
		o->fp = stdout;
		return 0;
	}
	o->path = strdup(path);
	if (!o->path) {
		cli_error("out of memory");
		goto fail;
	}
	/* A device, pipe or socket (/dev/stdout, a FIFO) is written in place:
	 * replacing it by rename would be wrong, and there is no half-written
	 * file to hide. */
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		o->fp = fopen(path, "w");
		if (!o->fp) {
			cli_error("cannot open '%s': %s", path, strerror(errno));
			goto fail;
		}
		return 0;
	}
	/* the temporary file lives beside the target so rename is atomic */
	o->tmp = malloc(strlen(path) + 16);
	if (!o->tmp) {
		cli_error("out of memory");
		goto fail;
	}
	sprintf(o->tmp, "%s.tmp.XXXXXX", path);
	signals_hold(&held);
	fd = mkstemp(o->tmp);
	e = errno;
	if (fd >= 0)
		temp_add(o->tmp);
	signals_release(&held);
	if (fd < 0) {
		cli_error("cannot create '%s': %s", o->tmp, strerror(e));
		goto fail;
	}
	{
		/* mkstemp makes 0600; a report gets the usual 0666 less umask */
		mode_t mask = umask(0);
		umask(mask);
		fchmod(fd, 0666 & ~mask);
	}
	o->fp = fdopen(fd, "w");
	if (!o->fp) {
		cli_error("cannot open '%s': %s", o->tmp, strerror(errno));
		close(fd);
		signals_hold(&held);
		temp_forget(o->tmp);
		unlink(o->tmp);
		signals_release(&held);
		goto fail;
	}
	return 0;
fail:
	/* the caller closes only an output that opened */
	free(o->path);
	free(o->tmp);
	memset(o, 0, sizeof *o);
	return -1;
}

int cli_output_close(cli_output *o, int ok)
{
	int rc = 0;

	if (!o->fp)
		goto out;
	if (fflush(o->fp) != 0 || ferror(o->fp)) {
		if (ok)
			cli_error("cannot write '%s': %s", o->path ? o->path : "standard output",
			          strerror(errno));
		ok = 0;
		rc = -1;
	}
	if (o->fp != stdout) {
		if (fclose(o->fp) != 0 && ok) {
			cli_error("cannot write '%s': %s", o->path, strerror(errno));
			ok = 0;
			rc = -1;
		}
		if (o->tmp) {
			/* renamed or removed, and no longer the handler's to
			 * remove, in one step */
			sigset_t held;
			int e = 0;

			signals_hold(&held);
			temp_forget(o->tmp);
			if (ok && rename(o->tmp, o->path) != 0)
				e = errno;
			if (!ok || e)
				unlink(o->tmp);
			signals_release(&held);
			if (e) {
				cli_error("cannot rename '%s' to '%s': %s", o->tmp, o->path,
				          strerror(e));
				rc = -1;
			}
		}
	}
out:
	free(o->path);
	free(o->tmp);
	memset(o, 0, sizeof *o);
	return rc;
}

static void usage(FILE *fp)
{
	fputs("usage: traitscan <command> [options] [FILE...]\n"
	      "\n"
	      "commands:\n"
	      "  scan FILE...           per-agent service behaviours in exported transcripts\n"
	      "  lexicon check [DIR...] every problem in a lexicon set, with file:line:column\n"
	      "  calibrate LABELS.csv   precision, recall and F1 against human labels\n"
	      "  help                   this text ('traitscan scan --help' for scan's options)\n"
	      "  version                the version\n"
	      "\n"
	      "exit codes: 0 ok, 2 usage or lexicon error, 3 input errors (rejected records),\n"
	      "4 output or temporary file could not be written or memory ran out,\n"
	      "128+N ended by signal N (130 SIGINT, 143 SIGTERM)\n", fp);
}

int main(int argc, char **argv)
{
	cli_signals_init();
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "scan") == 0)
		return cli_scan(argc - 1, argv + 1);
	if (strcmp(argv[1], "lexicon") == 0)
		return cli_lexicon(argc - 1, argv + 1);
	if (strcmp(argv[1], "calibrate") == 0)
		return cli_calibrate(argc - 1, argv + 1);
	if (strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "version") == 0 || strcmp(argv[1], "--version") == 0) {
		printf("traitscan %s\n", TS_VERSION);
		return EXIT_OK;
	}
	cli_error("unknown command '%s'", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
