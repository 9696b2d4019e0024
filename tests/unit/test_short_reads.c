/*
 * test_short_reads.c - the source under a read() that returns fewer bytes
 * than asked and fails with EINTR: every format (CSV, gzip, chat, e-mail,
 * JSON), read from a file and from a pipe on stdin (a reply-threaded CSV
 * copied for its second pass included), gives the same report as the
 * plain file does.
 *
 * This program defines read() itself: the linker binds source.c's calls
 * to it instead of the C library's, so the faults are exact and need no
 * timing.  The C library's own I/O (stdio) does not go through it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include "traitscan.h"
#include "buf.h"
#include "lexset_fixture.h"
#include "gzip_fixture.h"
#include "test.h"

/* ---- the read() shim ------------------------------------------------------ */

static size_t shim_max;          /* at most this many bytes a call; 0: as asked */
static unsigned shim_eintr;      /* every shim_eintr-th call fails with EINTR; 0: none */
static unsigned long shim_calls, shim_shortened, shim_interrupted;

ssize_t read(int fd, void *buf, size_t n)
{
	shim_calls++;
	if (shim_eintr && shim_calls % shim_eintr == 0) {
		shim_interrupted++;
		errno = EINTR;
		return -1;
	}
	if (shim_max && n > shim_max) {
		n = shim_max;
		shim_shortened++;
	}
	return (ssize_t)syscall(SYS_read, fd, buf, n);
}

static void shim_set(size_t max, unsigned eintr)
{
	shim_max = max;
	shim_eintr = eintr;
	shim_calls = shim_shortened = shim_interrupted = 0;
}

/* ---- inputs, in every format ---------------------------------------------- */

static const char lex_empathy[] =
	"@category empathy\n@role agent\ni understand\nsorry to hear*\nfrustrat*\n";
static const char lex_polite[] =
	"@category politeness\n@role agent\nplease\nthank you\nthanks\n";

static const char *const agents[] = { "Mira Holt", "Dev Anand" };
static const char *const domains[] = { "helpdesk.example" };

static void make_csv(ts_buf *b)
{
	ts_buf_addf(b, "conversation_id,created_at,role,author,text\r\n");
	for (unsigned i = 0; i < 60; i++) {
		ts_buf_addf(b, "T%u,2026-05-0%uT09:%02u:00Z,customer,cust%u@example.com,"
		            "\"my order %u never arrived,\nand the tracking page is blank\"\r\n",
		            i, 1 + i % 9, i % 60, i, 9000 + i);
		ts_buf_addf(b, "T%u,2026-05-0%uT09:%02u:30Z,agent,Mira Holt,"
		            "I'm sorry to hear that. Could you please confirm the postcode?\r\n",
		            i, 1 + i % 9, i % 60);
		ts_buf_addf(b, "T%u,2026-05-0%uT09:%02u:50Z,agent,Mira Holt,"
		            "Thanks - a new parcel goes out today.\r\n", i, 1 + i % 9, i % 60);
	}
}

static void make_chat(ts_buf *b)
{
	for (unsigned i = 0; i < 40; i++) {
		ts_buf_addf(b, "Chat started: 2026-05-%02u 10:00\n", 1 + i % 28);
		ts_buf_addf(b, "[10:0%u] Lena Park: the app logs me out every time I open it\n",
		            i % 10);
		ts_buf_addf(b, "[10:0%u] Dev Anand: I understand how frustrating that is. "
		            "Which phone are you using?\n", i % 10);
		ts_buf_addf(b, "[10:1%u] Lena Park: an older tablet, number %u\n", i % 10, i);
		ts_buf_addf(b, "[10:1%u] Dev Anand: Thank you, please update it and try again.\n\n",
		            i % 10);
	}
}

static void make_mbox(ts_buf *b)
{
	for (unsigned i = 0; i < 25; i++) {
		ts_buf_addf(b, "From rae%u@example.net Tue May  5 08:%02u:00 2026\n"
		            "From: Rae Lind <rae%u@example.net>\n"
		            "To: Support <care@helpdesk.example>\n"
		            "Subject: Broken kettle, order %u\n"
		            "Date: Tue, 5 May 2026 08:%02u:00 +0000\n"
		            "Message-ID: <q%u@example.net>\n\n"
		            "Hello,\n\nthe kettle from order %u stopped heating after a day.\n"
		            "Can I get a replacement?\n\nRae\n\n", i, i, i, 4000 + i, i, i, 4000 + i);
		ts_buf_addf(b, "From kim@helpdesk.example Tue May  5 09:%02u:00 2026\n"
		            "From: Kim Roe <kim@helpdesk.example>\n"
		            "To: Rae Lind <rae%u@example.net>\n"
		            "Subject: Re: Broken kettle, order %u\n"
		            "Date: Tue, 5 May 2026 09:%02u:00 +0000\n"
		            "Message-ID: <a%u@helpdesk.example>\n"
		            "In-Reply-To: <q%u@example.net>\n"
		            "MIME-Version: 1.0\n"
		            "Content-Type: text/plain; charset=utf-8\n"
		            "Content-Transfer-Encoding: quoted-printable\n\n"
		            "Hi Rae,\n\nI'm sorry to hear the kettle failed so soon. A replacement=\n"
		            " is on its way; please keep the old one until it arrives.\n\n"
		            "On Tue, 5 May 2026, Rae Lind wrote:\n> the kettle stopped heating\n\n",
		            i, i, 4000 + i, i, i, i);
	}
}

static void make_jsonl(ts_buf *b)
{
	for (unsigned i = 0; i < 50; i++) {
		ts_buf_addf(b, "{\"conversation_id\":\"J%u\",\"created_at\":\"2026-05-06T11:%02u:00Z\","
		            "\"role\":\"customer\",\"author\":\"sam%u\",\"text\":\"the invoice "
		            "shows the wrong address \\u2013 again\"}\n", i, i, i);
		ts_buf_addf(b, "{\"conversation_id\":\"J%u\",\"created_at\":\"2026-05-06T11:%02u:40Z\","
		            "\"role\":\"agent\",\"author\":\"Ola\",\"text\":\"Thanks for flagging it, "
		            "I understand. Please send the right address and I will reissue it.\"}\n",
		            i, i);
	}
}

/* A twcs-style export: reply-linked, so read twice (a pipe is copied). */
static void make_threaded(ts_buf *b)
{
	ts_buf_addf(b, "tweet_id,author_id,inbound,created_at,text,response_tweet_id,"
	            "in_response_to_tweet_id\n");
	for (unsigned i = 0; i < 40; i++) {
		unsigned q = 1000 + 2 * i, a = q + 1;
		/* the reply first: the thread is put in order by its links */
		ts_buf_addf(b, "%u,AcmeCare,False,Wed May 06 10:%02u:30 +0000 2026,"
		            "@u%u sorry to hear that - please send us a DM,,%u\n", a, i, i, q);
		ts_buf_addf(b, "%u,u%u,True,Wed May 06 10:%02u:00 +0000 2026,"
		            "@AcmeCare my card was declined twice,%u,\n", q, i, i, a);
	}
}

/* ---- one scan, its report as text --------------------------------------- */

typedef struct run {
	ts_buf report;          /* per message, then per conversation */
	unsigned long records, rejected, messages;
	int rc;
} run;

/* Scans path ("-": stdin) and writes the per-message and per-conversation
 * reports into r->report. */
static void scan_path(const ts_lexset *set, const char *path, const char *tmpdir, run *r)
{
	ts_scan_options o;
	ts_scanner *s = NULL;
	ts_source *src = NULL;
	ts_message_writer *mw = NULL;
	ts_scan_counts n;
	ts_error err;
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);

	ts_buf_init(&r->report, 0);
	r->rc = -1;
	REQUIRE(fp);
	memset(&o, 0, sizeof o);
	o.lexicons = set;
	o.keep_conversations = 1;
	o.fcr_final = 1;
	o.tmpdir = tmpdir;
	o.agents = agents;
	o.nagents = sizeof agents / sizeof *agents;
	o.agent_domains = domains;
	o.nagent_domains = 1;
	if (ts_scanner_new(&s, &o, &err) != TS_OK ||
	    ts_message_writer_new(&mw, set, TS_FMT_CSV, fp) != TS_OK) {
		CHECK(!"cannot make a scanner");
		goto out;
	}
	ts_scanner_on_message(s, ts_message_writer_row, mw);
	r->rc = ts_source_open(&src, path, &err);
	if (r->rc == TS_OK)
		r->rc = ts_scanner_scan(s, src, &err);
	if (r->rc == TS_OK)
		r->rc = ts_scanner_finish(s, &err);
	if (r->rc != TS_OK)
		printf("  %s: %s\n", path, err.msg);
	if (r->rc == TS_OK &&
	    (ts_message_writer_finish(mw, s) != TS_OK ||
	     ts_report_write(s, TS_BY_CONVERSATION, TS_FMT_CSV, fp, &err) != TS_OK))
		r->rc = TS_EIO;
	ts_scanner_counts(s, &n);
	r->records = n.records;
	r->rejected = n.rejected;
	r->messages = n.messages;
out:
	fclose(fp);
	ts_buf_add(&r->report, text, len);
	free(text);
	ts_source_free(src);
	ts_message_writer_free(mw);
	ts_scanner_free(s);
}

/* Runs scan_path on "-" with a pipe on stdin that a child fills with
 * data (all at once: the shim does the cutting). */
static void scan_pipe(const ts_lexset *set, const ts_buf *data, const char *tmpdir, run *r)
{
	int p[2], saved, status = 0;
	pid_t pid;

	ts_buf_init(&r->report, 0);
	r->rc = -1;
	REQUIRE(pipe(p) == 0);
	fflush(stdout);
	pid = fork();
	REQUIRE(pid >= 0);
	if (pid == 0) {
		close(p[0]);
		for (size_t i = 0; i < data->len; ) {
			ssize_t w = write(p[1], data->p + i, data->len - i);
			if (w <= 0)
				_exit(1);
			i += (size_t)w;
		}
		/* end by exec, not exit: under valgrind an exiting child would
		 * report the parent's blocks it inherited as its own leaks */
		execl("/bin/true", "true", (char *)NULL);
		_exit(0);
	}
	close(p[1]);
	saved = dup(0);
	REQUIRE(saved >= 0 && dup2(p[0], 0) == 0);
	close(p[0]);
	scan_path(set, "-", tmpdir, r);
	dup2(saved, 0);
	close(saved);
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	      WEXITSTATUS(status) == 0);
}

static int write_file(const char *path, const ts_buf *b)
{
	FILE *fp = fopen(path, "wb");
	int ok = fp && fwrite(b->p, 1, b->len, fp) == b->len;

	if (fp && fclose(fp) != 0)
		ok = 0;
	return ok ? 0 : -1;
}

static int same_report(const run *a, const run *b)
{
	return a->rc == b->rc && a->report.len == b->report.len &&
	       memcmp(a->report.p, b->report.p, a->report.len) == 0 &&
	       a->records == b->records && a->rejected == b->rejected &&
	       a->messages == b->messages;
}

/* The faults each input is read under: {bytes per read, EINTR every nth}. */
static const struct { size_t max; unsigned eintr; } faults[] = {
	{ 1, 0 },      /* one byte a read */
	{ 1, 2 },      /* ... and every other call interrupted */
	{ 7, 3 },      /* an odd size: gzip headers, CRLF, UTF-8 split */
	{ 0, 2 },      /* full reads, every other one interrupted */
	{ 4093, 5 },   /* large but not a power of two */
};

typedef struct input {
	const char *name;       /* the file's name: its format by extension */
	void (*make)(ts_buf *);
	int gzip;               /* compressed, in two members */
	unsigned long min_messages;
} input;

static const input inputs[] = {
	{ "tickets.csv", make_csv, 0, 180 },
	{ "tickets.csv.gz", make_csv, 1, 180 },
	{ "chats.txt", make_chat, 0, 160 },
	{ "care.mbox", make_mbox, 0, 50 },
	{ "tickets.jsonl", make_jsonl, 0, 100 },
	{ "replies.csv", make_threaded, 0, 80 },
	{ "replies.csv.gz", make_threaded, 1, 80 },
};

static void build(const input *in, ts_buf *out)
{
	ts_buf plain;

	ts_buf_init(&plain, 0);
	in->make(&plain);
	if (in->gzip) {
		size_t half = plain.len / 2;
		if (gz_member(out, plain.p, half) || gz_member(out, plain.p + half, plain.len - half))
			CHECK(!"gzip failed");
	} else {
		ts_buf_add(out, plain.p, plain.len);
	}
	ts_buf_release(&plain);
}

/* Each input from a file: the same report whatever read() does. */
static void test_files_every_fault(void)
{
	ts_lexset *set = lx_set(NULL, "empathy.txt", lex_empathy,
	                        "politeness.txt", lex_polite, (char *)NULL);
	char dir[] = "/tmp/test_short_reads_XXXXXX", path[128];

	REQUIRE(set && mkdtemp(dir));
	for (size_t i = 0; i < sizeof inputs / sizeof *inputs; i++) {
		ts_buf data;
		run want;

		ts_buf_init(&data, 0);
		build(&inputs[i], &data);
		snprintf(path, sizeof path, "%s/%s", dir, inputs[i].name);
		REQUIRE(write_file(path, &data) == 0);
		shim_set(0, 0);
		scan_path(set, path, dir, &want);
		/* the input says something: an empty report would match too */
		CHECK_EQ_INT(want.rc, TS_OK);
		CHECK_EQ_INT(want.rejected, 0);
		if (want.messages < inputs[i].min_messages)
			printf("  %s: %lu messages\n", inputs[i].name, want.messages);
		CHECK(want.messages >= inputs[i].min_messages);
		CHECK(strstr(want.report.p, ",1,") != NULL);  /* a finding counted */
		for (size_t f = 0; f < sizeof faults / sizeof *faults; f++) {
			run got;

			shim_set(faults[f].max, faults[f].eintr);
			scan_path(set, path, dir, &got);
			if (!same_report(&want, &got))
				printf("  %s, %zu bytes a read, EINTR every %u: report differs\n",
				       inputs[i].name, faults[f].max, faults[f].eintr);
			CHECK(same_report(&want, &got));
			/* the faults did happen */
			if (faults[f].max && faults[f].max < data.len)
				CHECK(shim_shortened > 0);
			if (faults[f].eintr && shim_calls >= faults[f].eintr)
				CHECK(shim_interrupted > 0);
			ts_buf_release(&got.report);
		}
		shim_set(0, 0);
		unlink(path);
		ts_buf_release(&want.report);
		ts_buf_release(&data);
	}
	rmdir(dir);
	ts_lexset_free(set);
}

/* The same inputs through a pipe on stdin, cut and interrupted: the
 * reply-threaded ones are copied to a temporary file and read again.
 * Chat conversations are named after their file ("<stdin>#1"), so the
 * report is compared with the pipe's without faults, the counts with the
 * file's. */
static void test_pipes_every_fault(void)
{
	ts_lexset *set = lx_set(NULL, "empathy.txt", lex_empathy,
	                        "politeness.txt", lex_polite, (char *)NULL);
	char dir[] = "/tmp/test_short_reads_XXXXXX", path[128];

	REQUIRE(set && mkdtemp(dir));
	for (size_t i = 0; i < sizeof inputs / sizeof *inputs; i++) {
		ts_buf data;
		run file, want;

		ts_buf_init(&data, 0);
		build(&inputs[i], &data);
		snprintf(path, sizeof path, "%s/%s", dir, inputs[i].name);
		REQUIRE(write_file(path, &data) == 0);
		shim_set(0, 0);
		scan_path(set, path, dir, &file);
		scan_pipe(set, &data, dir, &want);
		CHECK_EQ_INT(want.rc, TS_OK);
		CHECK_EQ_INT(want.records, file.records);
		CHECK_EQ_INT(want.messages, file.messages);
		CHECK(want.messages >= inputs[i].min_messages);
		for (size_t f = 0; f < sizeof faults / sizeof *faults; f++) {
			run got;

			shim_set(faults[f].max, faults[f].eintr);
			scan_pipe(set, &data, dir, &got);
			if (!same_report(&want, &got))
				printf("  %s through a pipe, %zu bytes a read, EINTR every %u: "
				       "report differs\n", inputs[i].name, faults[f].max,
				       faults[f].eintr);
			CHECK(same_report(&want, &got));
			if (faults[f].eintr && shim_calls >= faults[f].eintr)
				CHECK(shim_interrupted > 0);
			shim_set(0, 0);
			ts_buf_release(&got.report);
		}
		unlink(path);
		ts_buf_release(&file.report);
		ts_buf_release(&want.report);
		ts_buf_release(&data);
	}
	/* the copies of stdin left nothing behind */
	CHECK_EQ_INT(rmdir(dir), 0);
	ts_lexset_free(set);
}

/* ts_source_read_full fills the buffer across short and interrupted
 * reads; at the end it returns what is left, then 0; an error after good
 * bytes waits for the next read, and then stays. */
static void test_read_full(void)
{
	char dir[] = "/tmp/test_short_reads_XXXXXX", path[128];
	unsigned char got_bytes[1000];
	ts_buf text, gz;
	ts_source *src = NULL;
	ts_error err;
	size_t got, total = 0;

	ts_buf_init(&text, 0);
	ts_buf_init(&gz, 0);
	REQUIRE(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/in.txt", dir);
	for (unsigned i = 0; text.len < 2500; i++)
		ts_buf_addf(&text, "line %u: my refund has not arrived yet\n", i);
	REQUIRE(write_file(path, &text) == 0);

	shim_set(3, 2);
	REQUIRE(ts_source_open(&src, path, &err) == TS_OK);
	CHECK_EQ_INT(ts_source_read_full(src, got_bytes, sizeof got_bytes, &got, &err), TS_OK);
	CHECK_EQ_INT(got, sizeof got_bytes);
	CHECK(memcmp(got_bytes, text.p, got) == 0);
	total = got;
	CHECK_EQ_INT(ts_source_read_full(src, got_bytes, sizeof got_bytes, &got, &err), TS_OK);
	CHECK_EQ_INT(got, sizeof got_bytes);
	total += got;
	CHECK_EQ_INT(ts_source_read_full(src, got_bytes, sizeof got_bytes, &got, &err), TS_OK);
	CHECK_EQ_INT(got, text.len - total);
	CHECK(memcmp(got_bytes, text.p + total, got) == 0);
	CHECK_EQ_INT(ts_source_read_full(src, got_bytes, sizeof got_bytes, &got, &err), TS_OK);
	CHECK_EQ_INT(got, 0);
	CHECK(shim_shortened > 0 && shim_interrupted > 0);
	ts_source_free(src);
	src = NULL;

	/* gzip cut short: the good bytes, then the error, then again */
	REQUIRE(gz_member(&gz, text.p, text.len) == 0);
	gz.len -= 20;
	REQUIRE(write_file(path, &gz) == 0);
	shim_set(3, 2);
	REQUIRE(ts_source_open(&src, path, &err) == TS_OK);
	total = 0;
	for (;;) {
		int rc = ts_source_read_full(src, got_bytes, sizeof got_bytes, &got, &err);
		if (rc != TS_OK) {
			CHECK_EQ_INT(rc, TS_ETRUNCATED);
			CHECK_EQ_INT(got, 0);
			break;
		}
		REQUIRE(got > 0);
		CHECK(memcmp(got_bytes, text.p + total, got) == 0);
		total += got;
	}
	CHECK(total > 0 && total < text.len);
	CHECK_EQ_STR(err.msg, "truncated gzip stream");
	CHECK_EQ_INT(ts_source_read_full(src, got_bytes, sizeof got_bytes, &got, &err),
	             TS_ETRUNCATED);
	CHECK_EQ_INT(got, 0);
	shim_set(0, 0);
	ts_source_free(src);
	unlink(path);
	rmdir(dir);
	ts_buf_release(&text);
	ts_buf_release(&gz);
}

int main(void)
{
	TS_RUN(test_read_full);
	TS_RUN(test_files_every_fault);
	TS_RUN(test_pipes_every_fault);
	TS_TEST_MAIN_END();
}
