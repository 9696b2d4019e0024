/*
 * cli_alloc.c - the command-line program out of memory: every allocation
 * of a small `traitscan scan`, `calibrate` and `lexicon check` fails in
 * turn.  The CLI runs in this process (cli_main.c is compiled for this
 * test with main renamed ts_test_cli_main, Makefile), stdout and stderr
 * sent to files, with the test allocator of alloc_fail.h: a thousand
 * runs take a second or two, and the ASan build sees every failure path
 * for leaks and bad memory use.
 *
 * The scan reads a reply-threaded CSV, a chat log and an mbox of the
 * golden cases with their small lexicons and --agents, and writes the
 * by-conversation report (-o) and the evidence (--evidence) to files.
 * Each run that meets the failure must exit 4 with a "traitscan: error:
 * ... out of memory" line on stderr and leave no file behind (neither an
 * output nor a temporary one); a run whose failure was absorbed must exit
 * and write exactly as the run without failures.  Prints PASS/FAIL lines;
 * TS_ALLOC_FAIL_COMMAND=NAME runs one command, TS_ALLOC_FAIL_N=N only
 * its allocation N.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc_fail.h"

int ts_test_cli_main(int argc, char **argv);

static char top[1024], dir[64], errpath[96], outpath[96];

/* A file's bytes (NUL-terminated, malloc'd), NULL if it cannot be read. */
static char *slurp(const char *path)
{
	FILE *fp = fopen(path, "rb");
	char *p = NULL;
	long n;

	if (!fp)
		return NULL;
	if (fseek(fp, 0, SEEK_END) == 0 && (n = ftell(fp)) >= 0 && fseek(fp, 0, SEEK_SET) == 0 &&
	    (p = malloc((size_t)n + 1)) != NULL) {
		if (fread(p, 1, (size_t)n, fp) != (size_t)n) {
			free(p);
			p = NULL;
		} else {
			p[n] = '\0';
		}
	}
	fclose(fp);
	return p;
}

static char *in_dir(const char *name)
{
	static char path[1200];

	snprintf(path, sizeof path, "%s/%s", dir, name);
	return path;
}

/* The names of the files in dir, as "name name ...", or "" (static
 * buffer); with remove, each is removed. */
static const char *dir_files(int remove)
{
	static char list[512];
	struct dirent *d;
	DIR *dp = opendir(dir);
	size_t k = 0;

	list[0] = '\0';
	while (dp && (d = readdir(dp)) != NULL) {
		if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
			continue;
		if (k < sizeof list)
			k += (size_t)snprintf(list + k, sizeof list - k, "%s ", d->d_name);
		if (remove)
			unlink(in_dir(d->d_name));
	}
	if (dp)
		closedir(dp);
	return list;
}

/* The commands, as argv with @DIR@ for the test's output directory and
 * @TOP@ for the source tree, and the exit status each has without
 * failures (the mbox has a message without a text part: 3). */
static const struct command {
	const char *name;
	int exit;
	const char *const args[24];
} commands[] = {
	{ "scan", 3, { "scan", "--no-builtin-lexicons", "--lexicons", "@TOP@/tests/golden/_lex",
	  "--agents", "@TOP@/tests/golden/chat_layouts/agents.list", "--agent-domain",
	  "help.example", "--by", "conversation", "--format", "json", "-o", "@DIR@/report.json",
	  "--evidence", "@DIR@/evidence.csv", "@TOP@/tests/golden/reply_threads/in.csv",
	  "@TOP@/tests/golden/chat_layouts/chats.txt", "@TOP@/tests/golden/email_mime/mime.mbox",
	  NULL } },
	{ "calibrate", 0, { "calibrate", "--no-builtin-lexicons", "--lexicons",
	  "@TOP@/tests/golden/_lex", "--map", "conversation=ticket", "--map", "role=who",
	  "--map", "text=message", "--label", "polite label=politeness", "--format", "json",
	  "-o", "@DIR@/report.json", "@TOP@/tests/golden/calibrate_label_map/labels.csv",
	  NULL } },
	{ "lexicon check", 0, { "lexicon", "check", "@TOP@/tests/golden/_lex", NULL } },
};

/* One run of command c with allocation fail_at failing: its exit status
 * (stdout and stderr to files). */
static int run_cli(const struct command *c, unsigned long fail_at)
{
	static char buf[24][1200];
	char *argv[26];
	int argc = 0, saved_out, saved_err, fd_out, fd_err, rc;

	argv[argc++] = "traitscan";
	for (size_t i = 0; c->args[i]; i++) {
		const char *a = c->args[i];
		if (strncmp(a, "@TOP@", 5) == 0)
			snprintf(buf[i], sizeof buf[i], "%s%s", top, a + 5);
		else if (strncmp(a, "@DIR@", 5) == 0)
			snprintf(buf[i], sizeof buf[i], "%s%s", dir, a + 5);
		else
			snprintf(buf[i], sizeof buf[i], "%s", a);
		argv[argc++] = buf[i];
	}
	argv[argc] = NULL;
	dir_files(1);
	fflush(stdout);
	fflush(stderr);
	saved_out = dup(1);
	saved_err = dup(2);
	fd_out = open(outpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	fd_err = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (saved_out < 0 || saved_err < 0 || fd_out < 0 || fd_err < 0)
		return -1;
	dup2(fd_out, 1);
	dup2(fd_err, 2);
	close(fd_out);
	close(fd_err);
	ta_arm(fail_at);
	rc = ts_test_cli_main(argc, argv);
	ta_disarm();
	fflush(stdout);
	fflush(stderr);
	dup2(saved_out, 1);
	dup2(saved_err, 2);
	close(saved_out);
	close(saved_err);
	return rc;
}

/* What a run left: stdout, stderr and the output files, in one string. */
static char *outputs(void)
{
	static const char *const names[] = { "report.json", "evidence.csv" };
	char *parts[4], *all;
	size_t n = 0;

	parts[0] = slurp(outpath);
	parts[1] = slurp(errpath);
	parts[2] = slurp(in_dir(names[0]));
	parts[3] = slurp(in_dir(names[1]));
	for (int i = 0; i < 4; i++)
		n += (parts[i] ? strlen(parts[i]) : 0) + 16;
	all = malloc(n + 1);
	if (all) {
		all[0] = '\0';
		for (int i = 0; i < 4; i++) {
			strcat(all, "\n== part\n");
			strcat(all, parts[i] ? parts[i] : "(none)");
		}
	}
	for (int i = 0; i < 4; i++)
		free(parts[i]);
	return all;
}

/* The last line of s ("" if none). */
static const char *last_line(const char *s, char *buf, size_t cap)
{
	size_t n = strlen(s), e;

	while (n && s[n - 1] == '\n')
		n--;
	e = n;
	while (n && s[n - 1] != '\n')
		n--;
	snprintf(buf, cap, "%.*s", (int)(e - n), s + n);
	return buf;
}

/* Every allocation of command c fails in turn. */
static int fail_each(const struct command *c, unsigned long only)
{
	char *ref = NULL, line[600], msg[700];
	unsigned long total, clean = 0, absorbed = 0, bad = 0;
	int ref_rc = run_cli(c, 0);

	total = ta.calls;
	ref = outputs();
	if (ref_rc != c->exit || !ref) {
		printf("FAIL %s:%s: without failures it exits %d (not %d)\n", __FILE__, c->name,
		       ref_rc, c->exit);
		free(ref);
		return 1;
	}
	for (unsigned long n = only ? only : 1; n <= (only ? only : total + 1); n++) {
		int rc = run_cli(c, n);
		char *err = slurp(errpath), *got = outputs();
		const char *why = NULL, *left = dir_files(0);

		if (!ta.injected) {
			if (n <= total || rc != ref_rc || !got || strcmp(got, ref))
				why = "no failure injected, but not the same run";
		} else if (rc == 4) {
			/* "traitscan: error: [FILE: ]out of memory", or "cannot
			 * write 'x': out of memory" (a summary line may follow) */
			if (!err || !strstr(err, "out of memory\n") || !strstr(err, "traitscan: error: "))
				why = "exit 4 without an 'out of memory' error";
			else if (*left) {
				snprintf(msg, sizeof msg, "exit 4 but left %s", left);
				why = msg;
			}
		} else if (rc == ref_rc) {
			if (!got || strcmp(got, ref))
				why = "absorbed, but an output differs";
		} else {
			snprintf(msg, sizeof msg, "exit %d", rc);
			why = msg;
		}
		if (why) {
			if (++bad <= 10)
				printf("  %s: allocation %lu of %lu: %s\n    %s\n", c->name, n, total, why,
				       err ? last_line(err, line, sizeof line) : "");
		} else if (ta.injected) {
			if (rc == 4)
				clean++;
			else
				absorbed++;
		}
		free(err);
		free(got);
	}
	printf("%s %s:%s: each of its %lu allocations failed in turn: %lu exit 4 with "
	       "'out of memory', %lu absorbed, %lu wrong\n", bad ? "FAIL" : "PASS", __FILE__,
	       c->name, total, clean, absorbed, bad);
	free(ref);
	return bad ? 1 : 0;
}

int main(void)
{
	static const char me[] = __FILE__, tail[] = "tests/faults/cli_alloc.c";
	const char *e = getenv("TS_ALLOC_FAIL_N"), *only_cmd = getenv("TS_ALLOC_FAIL_COMMAND");
	unsigned long only = e && *e ? strtoul(e, NULL, 10) : 0;
	int failed = 0;

	/* one thread: with -j's workers the allocations come in no fixed
	 * order, and "the k-th allocation" would mean another each run */
	setenv("TRAITSCAN_JOBS", "1", 1);

	if (strlen(me) < sizeof tail - 1 || strcmp(me + strlen(me) - (sizeof tail - 1), tail)) {
		printf("FAIL %s: cannot find the source tree\n", me);
		return 1;
	}
	snprintf(top, sizeof top, "%.*s", (int)(strlen(me) - (sizeof tail - 1)), me);
	if (!top[0])
		snprintf(top, sizeof top, ".");
	snprintf(dir, sizeof dir, "/tmp/cli_alloc_XXXXXX");
	if (!mkdtemp(dir)) {
		printf("FAIL %s: cannot make a temporary directory\n", me);
		return 1;
	}
	snprintf(errpath, sizeof errpath, "%s.stderr", dir);
	snprintf(outpath, sizeof outpath, "%s.stdout", dir);
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
		if (!only_cmd || strcmp(only_cmd, commands[i].name) == 0)
			failed |= fail_each(&commands[i], only);
	dir_files(1);
	rmdir(dir);
	unlink(errpath);
	unlink(outpath);
	return failed;
}
