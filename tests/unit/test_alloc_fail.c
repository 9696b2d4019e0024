/*
 * test_alloc_fail.c - allocation failure at every allocation of a run, in
 * turn, with the test allocator of tests/faults/alloc_fail.h: every
 * allocation call of the library's objects goes through it, and so do
 * zlib's, libcsv's and PCRE2's (the library hands them its own calls);
 * libc's own (stdio, directories, qsort) and jansson's do not (jansson's
 * allocator is a global the library may not set, and jansson 2.14's
 * lexer does not survive a failed allocation: akheron/jansson#362).
 *
 * Each scenario is a whole piece of work through the API: lexicons from
 * memory and a directory, compiled; scans of every input format (a CSV
 * with a chat transcript in a cell, a reply-linked CSV gzipped and through
 * a pipe, JSON tickets, chat logs in the built-in and a user's layout, an
 * mbox with MIME parts and threads) with FCR, timing, agent signatures and
 * every sink and report on; calibration; more agents than the scanner's
 * first table holds; the FCR linker spilling to disk; response-time
 * histograms past their exact values.  It runs once to count its
 * allocations and record what it writes (reports, diagnostics, every
 * status), then again with allocation 1 failing, then 2, and so on until
 * a run meets no failure.  Each failed run must end with TS_ENOMEM from
 * the call that met it, or, when the library absorbs the failure and
 * goes on (a report written through when its buffer cannot grow, PCRE2
 * matching without JIT, libcsv growing by less), write exactly what the
 * run without failures wrote.  The ASan build of `make test` runs this
 * too, so every failure path is also checked for leaks and bad memory
 * use.
 *
 * To look at one failure (under a debugger: break on ta_injected_here):
 * TS_ALLOC_FAIL_SCENARIO=NAME runs only that scenario, TS_ALLOC_FAIL_N=N
 * only allocation N, writing both outputs to alloc_fail.ref and
 * alloc_fail.out in the current directory; TS_ALLOC_FAIL_VERBOSE=1 lists
 * the allocations whose failure was absorbed.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "../faults/alloc_fail.h"
#include "fcr.h"
#include "quantile.h"
#include "test.h"
#include "traitscan.h"

/* ---- what a run writes ------------------------------------------------ */

/* Everything a scenario writes (reports, diagnostics, return codes) goes
 * to out, so that a run whose failure was absorbed can be compared with
 * the run that met none. */
typedef struct run {
	FILE *out;
	int rc;                  /* the status that ended the run, TS_OK */
	const char *where;       /* the call that returned it */
} run;

static int diag(void *ud, const ts_error *e)
{
	run *r = ud;

	fprintf(r->out, "diag %d %s:%lu:%lu: %s\n", e->code, e->file, e->line, e->col, e->msg);
	return 0;
}

/* Ends the run when rc is not ok (TS_OK, or ok2 when that is expected
 * too: a scan with a rejected record), and writes every status. */
#define STEP(r, call, ok2) do { \
	int step_rc_ = (call); \
	fprintf((r)->out, "%s -> %d\n", #call, step_rc_); \
	if (step_rc_ != TS_OK && step_rc_ != (ok2)) { \
		(r)->rc = step_rc_; \
		(r)->where = #call; \
		goto out; \
	} } while (0)

/* ---- inputs (written for this test) ------------------------------------ */

static const char lex_empathy[] =
	"# empathy, for the allocation-failure test\n"
	"@category empathy\n"
	"@description the agent acknowledges the customer's feelings\n"
	"@role agent\n"
	"@weight 1\n"
	"@negate yes\n"
	"i understand\n"
	"sorry to hear*\n"
	"that must be frustrating\tweight=2\n"
	"/\\bi can see why\\b/\tneed=see\n";
static const char lex_clarifying[] =
	"@category clarifying\n@role agent\ncould you tell me\nwhich version\n";
static const char lex_paraphrase[] =
	"@category paraphrase\n@role agent\nit sounds like\nso you're saying\n";
static const char lex_jargon[] =
	"@category jargon\n@role agent\ncache\nflush the dns\tweight=0.5\nsso\n";
static const char lex_politeness[] =
	"@category politeness\n@role any\nthank*\nplease\n";
static const char lex_frustration[] =
	"@category frustration\n@role customer\nridiculous\nfed up\nthird time\n";
static const char lex_sarcasm[] =
	"@category sarcasm\n@role customer\nthanks for nothing\n/\\byeah,? right\\b/\n";
static const char lex_resolution[] =
	"@category resolution\n@role customer\nthat worked\nall sorted\n";
static const char lex_escalation[] =
	"@category escalation\n@role agent\ntransfer you\nmy supervisor\n";
static const char lex_followup[] =
	"@category followup\n@role agent\ni'll get back to you\n";
static const char lex_pii[] =
	"@category pii\n@role any\n/\\b\\d{3}-\\d{2}-\\d{4}\\b/\n";
static const char lex_mood[] =
	"@category mood\n@role customer\nworried\tweight=-2\nhappy\tweight=2\n"
	"relief\tweight=2.5\n";
/* replaced by the directory's file of the same name */
static const char lex_apology_old[] = "@category apology\n@role agent\nour mistake\n";
static const char lex_apology[] =
	"@category apology\n@role agent\nsorry about*\napologies for\n"
	"sorry\trole=any negate=no\n";
/* a warning (a duplicate entry) on the way */
static const char lex_greeting[] =
	"@category greeting\n@role agent\nhello\nhi there\nhello\n";
/* no @category: named after the file ("kudos_words") */
static const char lex_kudos[] = "great question\nhappy to help\n";

static const struct { const char *name, *text; } mem_lexicons[] = {
	{ "empathy.txt", lex_empathy },
	{ "clarifying.txt", lex_clarifying },
	{ "paraphrase.txt", lex_paraphrase },
	{ "jargon.txt", lex_jargon },
	{ "politeness.txt", lex_politeness },
	{ "frustration.txt", lex_frustration },
	{ "sarcasm.txt", lex_sarcasm },
	{ "resolution.txt", lex_resolution },
	{ "escalation.txt", lex_escalation },
	{ "followup.txt", lex_followup },
	{ "pii.txt", lex_pii },
	{ "mood.txt", lex_mood },
	{ "apology.txt", lex_apology_old },
};

/* Tickets, one row per message: a chat transcript in a cell, an
 * unreadable time, a rejected row, a role the reader does not know. */
static const char tickets_csv[] =
	"ticket_id,seq,created_at,author,role,status,body\n"
	"T1,1,2026-03-02T10:15:00Z,Ann Lee,customer,open,\"Chat started: 2026-03-02 10:00 AM UTC\n"
	"(10:01:13 AM) Ann Lee: Hello, my parcel never came and I am worried.\n"
	"(10:02:05 AM) Sam Ortiz: I'm sorry to hear that. Could you tell me the order number?\n"
	"(10:02:50 AM) Ann Lee: It is 5512, this is the third time.\n"
	"(10:03:30 AM) Sam Ortiz: Thank you, I have sent a new one today.\"\n"
	"T1,2,2026-03-02T10:20:00Z,Sam Ortiz,agent,solved,\"It sounds like the courier lost it, "
	"sorry about that. Which version of the app do you use? ^SO\"\n"
	"T2,1,yesterday-ish,Bo Chen,customer,open,my login fails every morning and it is ridiculous\n"
	"T2,2,2026-03-03T09:07:00Z,Kim Wu,agent,pending,\"I can see why that is annoying. "
	"Please flush the DNS cache and try SSO again. I'll get back to you.\"\n"
	",3,2026-03-03T09:08:00Z,Kim Wu,agent,open,a row without a ticket\n"
	"T2,3,2026-03-03T09:30:00Z,Bo Chen,robot,open,\"yeah right, thanks for nothing\"\n"
	"T3,1,2026-03-04T08:00:00Z,Bo Chen,customer,open,my card 123-45-6789 was charged twice\n"
	"T3,2,2026-03-04T08:05:00Z,Lee Park,agent,open,Let me transfer you to my supervisor.\n"
	"T3,3,2026-03-04T08:40:00Z,Bo Chen,customer,solved,\"that worked, all sorted, happy now\"\n"
	/* T1 again, closed by --max-open 2: a conversation that comes back */
	"T1,3,2026-03-05T08:00:00Z,Ann Lee,customer,open,the parcel is still not here\n";

/* A twcs-style export threaded by reply links (read twice). */
static const char replies_csv[] =
	"tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id\n"
	"12,HelpDesk,False,Mon Mar 04 09:05:00 +0000 2024,"
	"@c1 I understand. Could you tell me the order number? -KM,13,11\n"
	"11,c1,True,Mon Mar 04 09:00:00 +0000 2024,@HelpDesk I was charged twice,12,\n"
	"13,c1,True,Mon Mar 04 09:12:00 +0000 2024,@HelpDesk it is 4410 thank you,14,12\n"
	"14,HelpDesk,False,Mon Mar 04 09:20:00 +0000 2024,@c1 Refunded. Thanks! ^KM,,13\n"
	"21,c2,True,Tue Mar 05 10:00:00 +0000 2024,@HelpDesk app crashes on start,22,\n"
	"22,HelpDesk,False,Tue Mar 05 10:02:00 +0000 2024,@c2 Which version please?,,21\n";

/* JSON tickets: comments with plain and HTML bodies, a private note,
 * and a ticket whose description holds a chat transcript. */
static const char tickets_json[] =
	"{\"tickets\": [\n"
	" {\"id\": 501, \"status\": \"solved\", \"via\": {\"channel\": \"email\"},\n"
	"  \"requester_id\": 77, \"comments\": [\n"
	"  {\"id\": 1, \"author_id\": 77, \"author\": {\"name\": \"Ola Berg\"},\n"
	"   \"created_at\": \"2026-03-09T08:41:12Z\", \"public\": true,\n"
	"   \"plain_body\": \"Hello, I was billed twice and I am fed up.\"},\n"
	"  {\"id\": 2, \"author_id\": 90, \"author\": {\"name\": \"Tom Reyes\"},\n"
	"   \"created_at\": \"2026-03-09T09:02:45Z\", \"public\": false,\n"
	"   \"plain_body\": \"Duplicate charge, refund it.\"},\n"
	"  {\"id\": 3, \"author_id\": 90, \"author\": {\"name\": \"Tom Reyes\"},\n"
	"   \"created_at\": \"2026-03-09T09:10:03Z\", \"public\": true,\n"
	"   \"html_body\": \"<p>Hi Ola,</p><p>I&rsquo;m sorry to hear that &mdash; "
	"that must be frustrating.<br>Could you tell me the last four digits?</p>\"}\n"
	" ]},\n"
	" {\"id\": 502, \"status\": \"open\", \"requester_id\": 78,\n"
	"  \"description\": \"[09:01] Ida Moss: the sso login loops\\n"
	"[09:02] Tom Reyes: Which version are you on?\\n[09:03] Ida Moss: 4.2\"}\n"
	"]}\n";

/* Chat logs in two layouts, with joins and a transfer. */
static const char chat_log[] =
	"Chat started: 2026-03-04 14:20\n"
	"*** Priya Rao joined the chat ***\n"
	"[14:21] Hana Lind: Hi, I was charged twice for March.\n"
	"[14:21] Priya Rao: I'm sorry to hear that. So you're saying both charges went through?\n"
	"[14:23] Hana Lind: Yes, on the 1st and the 2nd.\n"
	"[14:24] Priya Rao: Thanks. I have refunded the second one; "
	"it shows within 5 days.\n"
	"[14:25] Hana Lind: Great, that's a relief, that worked.\n"
	"\n"
	"Conversation with Olli Grant on March 5, 2026\n"
	"(09:02:11 AM) Olli Grant: my internet drops every evening, third time this week!!\n"
	"(09:02:45 AM) Tom Beck: That must be frustrating. When did it start?\n"
	"(09:03:30 AM) Olli Grant: last Monday\n"
	"(09:04:00 AM) Tom Beck: Let me transfer you to my supervisor.\n";

static const char *const chat_agents[] = { "Priya Rao", "Tom Beck" };

/* An mbox: multipart/alternative, HTML only, quoted-printable, base64,
 * a reply with a quote and a signature, and a thread by subject only. */
static const char mailbox[] =
	"From ann@example.com Mon Mar  2 08:50:00 2026\n"
	"From: Ann Lee <ann@example.com>\n"
	"To: help@help.example\n"
	"Subject: Parcel never came\n"
	"Date: Mon, 2 Mar 2026 08:50:00 +0000\n"
	"Message-ID: <a1@example.com>\n"
	"\n"
	"Hello, my parcel never came and I am worried.\n"
	"\n"
	"From sam@help.example Mon Mar  2 09:00:00 2026\n"
	"From: Sam Reyes <sam@help.example>\n"
	"To: ann@example.com\n"
	"Subject: Re: Parcel never came\n"
	"Date: Mon, 2 Mar 2026 09:00:00 +0000\n"
	"Message-ID: <s1@help.example>\n"
	"In-Reply-To: <a1@example.com>\n"
	"References: <a1@example.com>\n"
	"MIME-Version: 1.0\n"
	"Content-Type: multipart/alternative; boundary=\"alt-1\"\n"
	"\n"
	"--alt-1\n"
	"Content-Type: text/html; charset=utf-8\n"
	"\n"
	"<p>HTML copy</p>\n"
	"--alt-1\n"
	"Content-Type: text/plain; charset=utf-8\n"
	"Content-Transfer-Encoding: quoted-printable\n"
	"\n"
	"I'm sorry to hear that. Could you tell me the order numb=\n"
	"er? Thank you =E2=80=94 Sam\n"
	"\n"
	"On Mon, 2 Mar 2026, Ann Lee wrote:\n"
	"> Hello, my parcel never came.\n"
	"\n"
	"-- \n"
	"Sam Reyes, Help Desk\n"
	"--alt-1--\n"
	"\n"
	"From ann@example.com Mon Mar  2 09:10:00 2026\n"
	"From: Ann Lee <ann@example.com>\n"
	"Subject: Re: Parcel never came\n"
	"Date: Mon, 2 Mar 2026 09:10:00 +0000\n"
	"Message-ID: <a2@example.com>\n"
	"In-Reply-To: <s1@help.example>\n"
	"References: <a1@example.com> <s1@help.example>\n"
	"MIME-Version: 1.0\n"
	"Content-Type: multipart/mixed; boundary=\"mix\"\n"
	"\n"
	"--mix\n"
	"Content-Type: text/plain; charset=utf-8\n"
	"Content-Transfer-Encoding: base64\n"
	"\n"
	"SXQgaXMgNTUxMiwgdGhhbmsgeW91Lg==\n"
	"--mix\n"
	"Content-Type: application/pdf; name=\"r.pdf\"\n"
	"Content-Disposition: attachment; filename=\"r.pdf\"\n"
	"Content-Transfer-Encoding: base64\n"
	"\n"
	"JVBERi0xLjQK\n"
	"--mix--\n"
	"\n"
	"From sam@help.example Mon Mar  2 09:20:00 2026\n"
	"From: Sam Reyes <sam@help.example>\n"
	"Subject: Your refund\n"
	"Date: Mon, 2 Mar 2026 09:20:00 +0000\n"
	"Content-Type: text/html; charset=utf-8\n"
	"\n"
	"<html><body><p>Hello&nbsp;Bo,</p><p>I understand, the refund is on its way.</p>"
	"</body></html>\n"
	"\n"
	"From bo@example.org Mon Mar  2 09:40:00 2026\n"
	"From: bo@example.org\n"
	"Subject: RE: Your refund\n"
	"Date: Mon, 2 Mar 2026 09:40:00 +0000\n"
	"\n"
	"Thanks, all sorted.\n"
	"\n"
	"-----Original Message-----\n"
	"From: Sam Reyes\n"
	"I understand, the refund is on its way.\n";

static const char *const mail_domains[] = { "help.example" };

/* Labelled rows for calibration. */
static const char labels_csv[] =
	"conversation_id,role,author,text,empathy,clarifying,polite\n"
	"c1,customer,u1,my order is late,,,0\n"
	"c1,agent,a1,I understand. Could you tell me the order number?,1,1,0\n"
	"c1,agent,a1,thank you,0,0,1\n"
	"c2,customer,u2,the app crashes,,,\n"
	"c2,agent,a2,Which version do you use?,0,0,1\n"
	"c2,agent,a2,sorry to hear it,1,x,0\n";

/* ---- scenarios ----------------------------------------------------------- */

static char lexdir[64];      /* the test's lexicon directory */
static unsigned char *replies_gz;
static size_t replies_gz_len;
static ts_lexset *shared_lex; /* compiled without failures, for the scans */

static int add_mem_lexicons(ts_lexset *set, ts_error *err)
{
	for (size_t i = 0; i < sizeof mem_lexicons / sizeof *mem_lexicons; i++) {
		int rc = ts_lexset_add_mem(set, mem_lexicons[i].name, mem_lexicons[i].text,
		                           strlen(mem_lexicons[i].text), err);
		if (rc)
			return rc;
	}
	return TS_OK;
}

static int list_path(void *ud, const char *path)
{
	run *r = ud;

	fprintf(r->out, "walk %s\n", path + strlen(lexdir));
	return 0;
}

static int walk_diag(void *ud, const ts_error *e)
{
	return diag(ud, e);
}

/* Lexicons from memory and from a directory (one file replacing a
 * memory one), compiled, and the directory walked as a scan would. */
static void scenario_lexicons(run *r)
{
	ts_lexset *set = NULL;
	ts_error err;

	STEP(r, ts_lexset_new(&set), TS_OK);
	STEP(r, add_mem_lexicons(set, &err), TS_OK);
	STEP(r, ts_lexset_add_dir(set, lexdir, &err), TS_OK);
	STEP(r, ts_lexset_compile(set, diag, r, &err), TS_OK);
	fprintf(r->out, "%zu categories, %zu entries, hash %s\n", ts_lexset_ncategories(set),
	        ts_lexset_nentries(set), ts_lexset_hash(set));
	for (size_t i = 0; i < ts_lexset_ncategories(set); i++)
		fprintf(r->out, "category %s\n", ts_lexset_category(set, i));
	STEP(r, ts_source_walk(lexdir, list_path, walk_diag, r, &err), TS_OK);
out:
	ts_lexset_free(set);
}

/* The per-message writer and the evidence writer, each to a stream of
 * its own (a writer's buffering decides when its bytes reach the stream:
 * only each stream's whole content is the same in every run). */
typedef struct sinks {
	ts_message_writer *mw;
	ts_evidence_writer *ev;
	FILE *mw_out, *ev_out;
	char *mw_text, *ev_text;
	size_t mw_len, ev_len;
	int rc;                  /* why a writer stopped the scanner */
} sinks;

static int sinks_open(sinks *k)
{
	memset(k, 0, sizeof *k);
	k->mw_out = open_memstream(&k->mw_text, &k->mw_len);
	k->ev_out = open_memstream(&k->ev_text, &k->ev_len);
	return k->mw_out && k->ev_out ? TS_OK : TS_EIO;
}

/* Frees the writers and appends what they wrote to the run's output. */
static void sinks_close(sinks *k, run *r)
{
	ts_evidence_writer_free(k->ev);
	ts_message_writer_free(k->mw);
	if (k->mw_out)
		fclose(k->mw_out);
	if (k->ev_out)
		fclose(k->ev_out);
	fprintf(r->out, "== per message\n%s== evidence\n%s", k->mw_text ? k->mw_text : "",
	        k->ev_text ? k->ev_text : "");
	free(k->mw_text);
	free(k->ev_text);
}

static int both_sinks(void *ud, const ts_message_result *res)
{
	sinks *k = ud;
	int rc = ts_message_writer_row(k->mw, res);

	if (rc == TS_OK)
		rc = ts_evidence_writer_row(k->ev, res);
	k->rc = rc;
	return rc;
}

/* A scan or finish that a writer stopped fails as the writer did. */
static int sink_status(const sinks *k, int rc)
{
	return rc == TS_ESTOP && k->rc ? k->rc : rc;
}

static int scan_mem(ts_scanner *s, const char *name, const void *buf, size_t len)
{
	ts_source *src = NULL;
	ts_error err;
	int rc = ts_source_open_mem(&src, name, buf, len, &err);

	if (rc == TS_OK)
		rc = ts_scanner_scan(s, src, &err);
	ts_source_free(src);
	return rc;
}

/* A pipe holding buf (small enough for the pipe's buffer), opened by
 * name as `traitscan scan -` would read it: it cannot be rewound, so a
 * reply-linked CSV is copied for its second pass. */
static int scan_pipe(ts_scanner *s, const void *buf, size_t len)
{
	ts_source *src = NULL;
	ts_error err;
	char path[64];
	int fd[2], rc;

	if (pipe(fd) != 0)
		return TS_EIO;
	if (write(fd[1], buf, len) != (ssize_t)len) {
		close(fd[0]);
		close(fd[1]);
		return TS_EIO;
	}
	close(fd[1]);
	snprintf(path, sizeof path, "/dev/fd/%d", fd[0]);
	rc = ts_source_open(&src, path, &err);
	close(fd[0]);
	if (rc == TS_OK)
		rc = ts_scanner_scan(s, src, &err);
	ts_source_free(src);
	return rc;
}

/* CSV (a transcript in a cell split into turns, agent signatures, a
 * rejected row, a conversation that comes back), the same reply-linked CSV gzipped and through a pipe,
 * and JSON; every sink and report. */
static void scenario_tickets(run *r)
{
	ts_scan_options opt;
	ts_scanner *s = NULL;
	ts_evidence_options eo;
	ts_error err;
	sinks k;

	STEP(r, sinks_open(&k), TS_OK);
	memset(&opt, 0, sizeof opt);
	opt.lexicons = shared_lex;
	opt.keep_conversations = 1;
	opt.on_diag = diag;
	opt.diag_ud = r;
	opt.split_chat_cells = 1;
	opt.agent_signature = 1;
	opt.time_format = "%d/%m/%Y %H:%M";
	opt.max_open = 2;
	STEP(r, ts_scanner_new(&s, &opt, &err), TS_OK);
	STEP(r, ts_message_writer_new(&k.mw, shared_lex, TS_FMT_CSV, k.mw_out), TS_OK);
	ts_evidence_options_init(&eo);
	eo.format = TS_EVIDENCE_JSONL;
	eo.all = 1;
	eo.context = 20;
	STEP(r, ts_evidence_writer_new(&k.ev, shared_lex, &eo, k.ev_out), TS_OK);
	ts_scanner_on_message(s, both_sinks, &k);
	STEP(r, sink_status(&k, scan_mem(s, "tickets.csv", tickets_csv, sizeof tickets_csv - 1)), TS_EINPUT);
	STEP(r, sink_status(&k, scan_mem(s, "replies.csv.gz", replies_gz, replies_gz_len)), TS_OK);
	STEP(r, sink_status(&k, scan_pipe(s, replies_csv, sizeof replies_csv - 1)), TS_OK);
	STEP(r, sink_status(&k, scan_mem(s, "tickets.json", tickets_json, sizeof tickets_json - 1)), TS_OK);
	STEP(r, sink_status(&k, ts_scanner_finish(s, &err)), TS_OK);
	STEP(r, ts_message_writer_finish(k.mw, s), TS_OK);
	STEP(r, ts_evidence_writer_finish(k.ev), TS_OK);
	STEP(r, ts_report_write(s, TS_BY_AGENT, TS_FMT_TABLE, r->out, &err), TS_OK);
	STEP(r, ts_report_write(s, TS_BY_AGENT, TS_FMT_JSON, r->out, &err), TS_OK);
	STEP(r, ts_report_write(s, TS_BY_CONVERSATION, TS_FMT_CSV, r->out, &err), TS_OK);
	STEP(r, ts_report_write(s, TS_BY_CONVERSATION, TS_FMT_TABLE, r->out, &err), TS_OK);
out:
	sinks_close(&k, r);
	ts_scanner_free(s);
}

/* Chat logs and e-mail (threads across both mail inputs), per-message
 * JSON, CSV evidence, the by-agent TSV and by-conversation JSON. */
static void scenario_chat_mail(run *r)
{
	ts_scan_options opt;
	ts_scanner *s = NULL;
	ts_error err;
	sinks k;

	STEP(r, sinks_open(&k), TS_OK);
	memset(&opt, 0, sizeof opt);
	opt.lexicons = shared_lex;
	opt.keep_conversations = 1;
	opt.on_diag = diag;
	opt.diag_ud = r;
	opt.agents = chat_agents;
	opt.nagents = sizeof chat_agents / sizeof *chat_agents;
	opt.agent_domains = mail_domains;
	opt.nagent_domains = 1;
	opt.owner = TS_OWNER_MOST;
	opt.fcr_final = 1;
	STEP(r, ts_scanner_new(&s, &opt, &err), TS_OK);
	STEP(r, ts_message_writer_new(&k.mw, shared_lex, TS_FMT_JSON, k.mw_out), TS_OK);
	STEP(r, ts_evidence_writer_new(&k.ev, shared_lex, NULL, k.ev_out), TS_OK);
	ts_scanner_on_message(s, both_sinks, &k);
	STEP(r, sink_status(&k, scan_mem(s, "chat.txt", chat_log, sizeof chat_log - 1)), TS_OK);
	STEP(r, sink_status(&k, scan_mem(s, "box.mbox", mailbox, sizeof mailbox - 1)), TS_OK);
	STEP(r, sink_status(&k, ts_scanner_finish(s, &err)), TS_OK);
	STEP(r, ts_message_writer_finish(k.mw, s), TS_OK);
	STEP(r, ts_evidence_writer_finish(k.ev), TS_OK);
	STEP(r, ts_report_write(s, TS_BY_AGENT, TS_FMT_TSV, r->out, &err), TS_OK);
	STEP(r, ts_report_write(s, TS_BY_CONVERSATION, TS_FMT_JSON, r->out, &err), TS_OK);
out:
	sinks_close(&k, r);
	ts_scanner_free(s);
}

/* A chat log read with a user's line layout and agent pattern. */
static void scenario_chat_patterns(run *r)
{
	static const char log[] =
		"10:01 <Ann> my parcel never came\n"
		"10:02 <agent.sam> sorry to hear that, could you tell me the order number?\n"
		"10:03 <Ann> 5512\n";
	ts_scan_options opt;
	ts_scanner *s = NULL;
	ts_error err;

	memset(&opt, 0, sizeof opt);
	opt.lexicons = shared_lex;
	opt.on_diag = diag;
	opt.diag_ud = r;
	opt.input_format = TS_IN_CHAT;
	opt.line_format = "^(?<time>\\d\\d:\\d\\d) <(?<speaker>[^>]+)> (?<text>.*)$";
	opt.agent_pattern = "^agent\\.";
	STEP(r, ts_scanner_new(&s, &opt, &err), TS_OK);
	STEP(r, scan_mem(s, "irc.log", log, sizeof log - 1), TS_OK);
	STEP(r, ts_scanner_finish(s, &err), TS_OK);
	STEP(r, ts_report_write(s, TS_BY_AGENT, TS_FMT_CSV, r->out, &err), TS_OK);
out:
	ts_scanner_free(s);
}

/* More agents than the scanner's first table has buckets (64), all in
 * one conversation; the text column named by a --map. */
static char many_csv[8192];

static void scenario_many_agents(run *r)
{
	ts_scan_options opt;
	ts_scanner *s = NULL;
	ts_error err;

	memset(&opt, 0, sizeof opt);
	opt.lexicons = shared_lex;
	opt.on_diag = diag;
	opt.diag_ud = r;
	opt.csv.map_column[TS_F_TEXT] = "Message";
	STEP(r, ts_scanner_new(&s, &opt, &err), TS_OK);
	STEP(r, scan_mem(s, "many.csv", many_csv, strlen(many_csv)), TS_OK);
	STEP(r, ts_scanner_finish(s, &err), TS_OK);
	STEP(r, ts_report_write(s, TS_BY_AGENT, TS_FMT_CSV, r->out, &err), TS_OK);
out:
	ts_scanner_free(s);
}

/* Response-time histograms past their exact values (bucketed), merged. */
static void scenario_histogram(run *r)
{
	ts_hist a, b;

	ts_hist_init(&a);
	ts_hist_init(&b);
	for (uint64_t i = 0; i < TS_HIST_EXACT + 10; i++) {
		STEP(r, ts_hist_add(&a, i * i * 37), TS_OK);
		if (i % 3 == 0)
			STEP(r, ts_hist_add(&b, i * 1000003), TS_OK);
	}
	STEP(r, ts_hist_merge(&a, &b), TS_OK);
	ts_hist_release(&b);
	ts_hist_init(&b);
	STEP(r, ts_hist_add(&b, 7), TS_OK);
	STEP(r, ts_hist_merge(&b, &a), TS_OK);
	for (int q = 0; q <= 10; q++)
		fprintf(r->out, "q%d %llu %llu\n", q,
		        (unsigned long long)ts_hist_quantile(&a, q / 10.0),
		        (unsigned long long)ts_hist_quantile(&b, q / 10.0));
out:
	ts_hist_release(&a);
	ts_hist_release(&b);
}

static void print_example(run *r, const ts_calib_example *e)
{
	fprintf(r->out, "  row %lu %.*s/%.*s: %.*s\n", e->row, (int)e->conversation.n,
	        e->conversation.p, (int)e->seq.n, e->seq.p, (int)e->text.n, e->text.p);
}

/* Calibration against label columns (one bad label value). */
static void scenario_calibrate(run *r)
{
	static const char *const label_col[] = { "polite" };
	static const char *const label_cat[] = { "politeness" };
	ts_calib_options co;
	ts_scan_options opt;
	ts_calib *c = NULL;
	ts_scanner *s = NULL;
	ts_error err;
	const char *const *cols;
	size_t ncols;
	int rc;

	memset(&co, 0, sizeof co);
	co.lexicons = shared_lex;
	co.examples = 2;
	co.label_columns = label_col;
	co.label_categories = label_cat;
	co.nlabel_maps = 1;
	co.on_diag = diag;
	co.diag_ud = r;
	STEP(r, ts_calib_new(&c, &co, &err), TS_OK);
	cols = ts_calib_columns(c, &ncols);
	memset(&opt, 0, sizeof opt);
	opt.lexicons = shared_lex;
	opt.csv.extra_columns = cols;
	opt.csv.nextra = ncols;
	opt.on_diag = diag;
	opt.diag_ud = r;
	STEP(r, ts_scanner_new(&s, &opt, &err), TS_OK);
	ts_scanner_on_record(s, ts_calib_record, c);
	ts_scanner_on_message(s, ts_calib_result, c);
	/* a callback out of memory stops the scan; calibration says why */
	rc = scan_mem(s, "labels.csv", labels_csv, sizeof labels_csv - 1);
	if (rc == TS_OK)
		rc = ts_scanner_finish(s, &err);
	if (rc == TS_ESTOP)
		rc = ts_calib_finish(c, &err);
	STEP(r, rc, TS_OK);
	STEP(r, ts_calib_finish(c, &err), TS_OK);
	for (size_t i = 0; i < ts_calib_ncategories(c); i++) {
		ts_calib_metrics m;
		const ts_calib_source *src;
		const ts_calib_example *ex;
		size_t nsrc = ts_calib_false_positives(c, i, &src);
		size_t nfn = ts_calib_false_negatives(c, i, &ex);
		ts_calib_metrics_get(c, i, &m);
		fprintf(r->out, "%s (%s): tp %lu fp %lu fn %lu tn %lu\n", m.category, m.column,
		        m.tp, m.fp, m.fn, m.tn);
		for (size_t j = 0; j < nsrc; j++) {
			fprintf(r->out, " fp %s:%lu %lu %.*s\n", src[j].file ? src[j].file : "-",
			        src[j].line, src[j].messages, (int)src[j].match.n, src[j].match.p);
			print_example(r, &src[j].example);
		}
		for (size_t j = 0; j < nfn; j++)
			print_example(r, &ex[j]);
	}
out:
	ts_scanner_free(s);
	ts_calib_free(c);
}

static int print_fcr(void *ud, const ts_fcr_link *l, ts_fcr_result res)
{
	run *r = ud;

	fprintf(r->out, "fcr %llu: %d %d %u\n", (unsigned long long)l->ordinal, res.lenient,
	        res.strict, res.reasons);
	return 0;
}

/* The FCR linker past its memory cap: links spill to a temporary file
 * and come back one partition at a time. */
static void scenario_fcr_spill(run *r)
{
	ts_fcr_linker *k = NULL;
	ts_error err;

	STEP(r, ts_fcr_linker_new(&k, 86400, 0, 4 * sizeof(ts_fcr_link), NULL), TS_OK);
	for (unsigned i = 0; i < 40; i++) {
		ts_fcr_link l;
		memset(&l, 0, sizeof l);
		l.customer = i % 7;
		l.start = (int64_t)i * 5000;
		l.ordinal = i;
		l.owner = i % 3;
		l.flags = i % 5 == 0 ? TS_FCR_RESOLVED : 0;
		STEP(r, ts_fcr_linker_add(k, &l, &err), TS_OK);
	}
	STEP(r, ts_fcr_linker_finish(k, 40 * 5000, print_fcr, r, &err), TS_OK);
out:
	ts_fcr_linker_free(k);
}

/* ---- the loop ---------------------------------------------------------------- */

/* One run of a scenario with allocation fail_at failing (0: none): what
 * it wrote in *text (the caller frees it). */
static run run_once(void (*scenario)(run *), unsigned long fail_at, char **text)
{
	run r = { NULL, TS_OK, "" };
	size_t len;

	*text = NULL;
	r.out = open_memstream(text, &len);
	if (!r.out) {
		r.rc = TS_EIO;
		r.where = "open_memstream";
		return r;
	}
	ta_arm(fail_at);
	scenario(&r);
	ta_disarm();
	fclose(r.out);
	return r;
}

static unsigned long only_n(void)
{
	const char *e = getenv("TS_ALLOC_FAIL_N");

	return e && *e ? strtoul(e, NULL, 10) : 0;
}

/*
 * The scenario once without failures (its output the reference), then
 * with each allocation failing in turn.  A failed run must end with
 * TS_ENOMEM, or (the failure absorbed) write what the reference wrote.
 */
static void fail_each(const char *name, void (*scenario)(run *))
{
	char *ref = NULL, *text = NULL;
	unsigned long total, n, clean = 0, absorbed = 0, bad = 0, only = only_n();
	run r;

	if (getenv("TS_ALLOC_FAIL_SCENARIO") &&
	    strcmp(getenv("TS_ALLOC_FAIL_SCENARIO"), name) != 0)
		return;
	ta.nsites = 0;
	ta.record_sites = 1;
	r = run_once(scenario, 0, &ref);
	ta.record_sites = 0;
	total = ta.calls;
	if (r.rc != TS_OK || !ref) {
		printf("  %s: fails without an injected failure: %s -> %d\n", name, r.where, r.rc);
		ts_test_failed_now = 1;
		free(ref);
		return;
	}
	CHECK(total > 0);
	for (n = only ? only : 1; n <= (only ? only : total + 1); n++) {
		r = run_once(scenario, n, &text);
		if (!ta.injected) {
			/* past the last allocation: a run like the first */
			if (n <= total || r.rc != TS_OK || strcmp(text, ref) != 0) {
				printf("  %s: allocation %lu: no failure injected, but not the "
				       "same run\n", name, n);
				bad++;
			}
		} else if (r.rc == TS_ENOMEM) {
			clean++;
		} else if (r.rc == TS_OK && strcmp(text, ref) == 0) {
			if (getenv("TS_ALLOC_FAIL_VERBOSE"))
				printf("  %s: allocation %lu absorbed\n", name, n);
			absorbed++;
		} else {
			if (bad < 10) {
				if (r.rc == TS_OK)
					printf("  %s: allocation %lu of %lu failed: TS_OK but the "
					       "output differs\n", name, n, total);
				else
					printf("  %s: allocation %lu of %lu failed: %s -> %d, not "
					       "TS_ENOMEM\n", name, n, total, r.where, r.rc);
			}
			bad++;
		}
		if (only) {
			/* one allocation, to look at: both outputs */
			FILE *fp = fopen("alloc_fail.ref", "w");
			if (fp) {
				fputs(ref, fp);
				fclose(fp);
			}
			fp = fopen("alloc_fail.out", "w");
			if (fp) {
				fputs(text, fp);
				fclose(fp);
			}
		}
		free(text);
		text = NULL;
	}
	printf("  %s: %lu allocations from %zu call sites; each failed in turn: %lu "
	       "clean TS_ENOMEM, %lu absorbed, %lu wrong\n", name, total, ta.nsites, clean,
	       absorbed, bad);
	if (bad)
		ts_test_failed_now = 1;
	free(ref);
}

static void every_allocation_lexicons(void)
{
	fail_each("lexicons", scenario_lexicons);
}

static void every_allocation_tickets(void)
{
	fail_each("csv+json", scenario_tickets);
}

static void every_allocation_chat_mail(void)
{
	fail_each("chat+mail", scenario_chat_mail);
}

static void every_allocation_chat_patterns(void)
{
	fail_each("chat patterns", scenario_chat_patterns);
}

static void every_allocation_calibrate(void)
{
	fail_each("calibrate", scenario_calibrate);
}

static void every_allocation_fcr_spill(void)
{
	fail_each("fcr spill", scenario_fcr_spill);
}

static void every_allocation_many_agents(void)
{
	fail_each("many agents", scenario_many_agents);
}

static void every_allocation_histogram(void)
{
	fail_each("histogram", scenario_histogram);
}

/* ---- set-up ---------------------------------------------------------------- */

static int write_file(const char *dir, const char *name, const char *text)
{
	char path[128];
	FILE *fp;
	int ok;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	fp = fopen(path, "w");
	if (!fp)
		return -1;
	ok = fputs(text, fp) >= 0;
	return fclose(fp) == 0 && ok ? 0 : -1;
}

static void remove_file(const char *dir, const char *name)
{
	char path[128];

	snprintf(path, sizeof path, "%s/%s", dir, name);
	unlink(path);
}

/* gzip of replies_csv, made with zlib before anything is counted. */
static int make_gzip(void)
{
	z_stream z;
	uLong cap;
	int zr;

	memset(&z, 0, sizeof z);
	if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return -1;
	cap = deflateBound(&z, sizeof replies_csv - 1);
	replies_gz = malloc(cap);
	if (!replies_gz) {
		deflateEnd(&z);
		return -1;
	}
	z.next_in = (Bytef *)(uintptr_t)replies_csv;
	z.avail_in = (uInt)(sizeof replies_csv - 1);
	z.next_out = replies_gz;
	z.avail_out = (uInt)cap;
	zr = deflate(&z, Z_FINISH);
	replies_gz_len = (size_t)(cap - z.avail_out);
	deflateEnd(&z);
	return zr == Z_STREAM_END ? 0 : -1;
}

static int setup(void)
{
	ts_error err;
	size_t k;

	k = (size_t)snprintf(many_csv, sizeof many_csv,
	                     "conversation_id,created_at,role,author,message\n"
	                     "m1,2026-03-01T10:00:00Z,customer,cust1,my order is late\n");
	for (int i = 0; i < 70 && k < sizeof many_csv; i++)
		k += (size_t)snprintf(many_csv + k, sizeof many_csv - k,
		                      "m1,2026-03-01T10:%02d:30Z,agent,Agent %02d,sorry to hear that\n",
		                      i % 60, i);
	if (k >= sizeof many_csv)
		return -1;

	snprintf(lexdir, sizeof lexdir, "/tmp/test_alloc_fail_XXXXXX");
	if (!mkdtemp(lexdir) || write_file(lexdir, "apology.txt", lex_apology) ||
	    write_file(lexdir, "greeting.lex", lex_greeting) ||
	    write_file(lexdir, "Kudos-Words.txt", lex_kudos) ||
	    write_file(lexdir, "empty.txt", "") ||
	    write_file(lexdir, "notes.md", "not a lexicon\n") || make_gzip())
		return -1;
	if (ts_lexset_new(&shared_lex) || add_mem_lexicons(shared_lex, &err) ||
	    ts_lexset_add_dir(shared_lex, lexdir, &err) ||
	    ts_lexset_compile(shared_lex, NULL, NULL, &err))
		return -1;
	return 0;
}

static void teardown(void)
{
	ts_lexset_free(shared_lex);
	free(replies_gz);
	remove_file(lexdir, "apology.txt");
	remove_file(lexdir, "greeting.lex");
	remove_file(lexdir, "Kudos-Words.txt");
	remove_file(lexdir, "empty.txt");
	remove_file(lexdir, "notes.md");
	rmdir(lexdir);
}

int main(void)
{
	if (setup()) {
		printf("FAIL %s:setup: cannot prepare the inputs\n", __FILE__);
		teardown();
		return 1;
	}
	TS_RUN(every_allocation_lexicons);
	TS_RUN(every_allocation_tickets);
	TS_RUN(every_allocation_chat_mail);
	TS_RUN(every_allocation_chat_patterns);
	TS_RUN(every_allocation_calibrate);
	TS_RUN(every_allocation_fcr_spill);
	TS_RUN(every_allocation_many_agents);
	TS_RUN(every_allocation_histogram);
	teardown();
	TS_TEST_MAIN_END();
}
