/*
 * read_chat.c - the plain-text chat log reader: bytes fed in chunks of
 * any size become one ts_message per turn or system line.
 *
 * Lines end at LF, CRLF or CR; a UTF-8 BOM at the start is dropped; other
 * bytes, invalid UTF-8 included, are passed through (PCRE2 runs with
 * PCRE2_MATCH_INVALID_UTF, so bad bytes only make a line fail to match).
 * Each line, in this order, is:
 *   - blank: ends the conversation (when it has a record);
 *   - a chat header ("Chat started", "Chat transcript", "Conversation
 *     with", "Conversation started"...): ends the conversation (when it
 *     has a record); a date in it becomes the conversation's date;
 *   - before the conversation's first record, a "Date:"/"Started:" line
 *     with a date in it: the conversation's date;
 *   - a system line (optionally after a time): "*** Eric joined the chat
 *     ***", "Chat transferred to ...", "Chat ended", "Eric has left",
 *     "Eric joined the chat", "Eric transferred the chat to ...": a
 *     TS_ROLE_SYSTEM message, author empty;
 *   - a turn: with --line-format only the user's pattern, else the
 *     built-in layouts, tried on every line (the choice is per line):
 *       [10:02] Sarah: ...      (10:02:13 AM) Sarah: ...
 *       10:02:13 Sarah: ...     Sarah (10:02): ...  (or Sarah [10:02]:)
 *       Agent: ...              (no time; see below)
 *     the time may carry a date (2026-03-02 10:02:13) and AM/PM;
 *   - otherwise a continuation line, joined to the turn before it with
 *     "\n" (each line trimmed), or, before any turn, ignored (preamble).
 * The untimed "Name: text" layout is ambiguous ("Note: ...", "Order
 * number: ..."), so it only counts in a conversation that has had no
 * timed turn, its speaker is at most four words and 40 bytes starting
 * with a letter, and a speaker with a header-like word (Subject, Date,
 * From, Note, PS, ID, Email, Number...: "Chat ID", "Order number") is
 * not one.
 *
 * A record is a turn, a system line or a rejected line.  Rejected: a line
 * longer than max_line (its bytes are dropped as they come, with the
 * continuation lines after it), a turn whose joined text would pass
 * max_line, a turn with empty text.  Records are numbered in the file
 * (ts_message.row) and records = emitted + rejected.
 *
 * "Nothing emitted for a file without turns" costs a queue: system lines
 * before the first turn are held (at most max_line bytes; past that, or
 * when a record is rejected, they are let out) and dropped when the input
 * ends without a turn.
 *
 * One line's layout and a speaker's role are decided by
 * ts_chat_line_classify and ts_chat_speaker_role, which chat_cells.c
 * shares to split transcripts inside CSV and JSON text cells.
 *
 * Not here: files and gzip (source.c), grouping by conversation
 * (assemble.c), splitting a cell (chat_cells.c).
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regex_mem.h"

#include "buf.h"
#include "read_chat.h"
#include "reader.h"
#include "traitscan.h"
#include "util.h"

#define SNIFF_MAX ((size_t)64 << 10)
#define UNTIMED_SPEAKER_MAX 40

/* ---- patterns ----------------------------------------------------------- */

#define TIME "\\d{1,2}:\\d{2}(?::\\d{2})?(?:[.,]\\d+)?(?:[ \\t]*[AaPp]\\.?[Mm]\\.?)?"
#define DTIME "(?:\\d{4}[-/]\\d{1,2}[-/]\\d{1,2}[ T])?" TIME
#define SPK "[^\\s:\\[\\]()]+(?:[ \\t]+[^\\s:\\[\\]()]+){0,5}"
#define WORD "[^\\s:\\[\\](),;<>\"/]"
#define NAME "\\p{L}" WORD "{0,39}(?:[ \\t]+" WORD "{1,39}){0,2}"
#define AFTER ":(?:\\s|$)"

enum {
	P_BRACKET = 0, P_PAREN, P_BARE, P_NAMEPAREN, P_UNTIMED, /* turns */
	P_SYSTEM, P_HEADER, P_DATEHDR, P_DATE, NPAT
};
#define NTURN (P_UNTIMED + 1)

static const char *const patterns[NPAT] = {
	[P_BRACKET] = "^\\s*\\[\\s*(?<time>" DTIME ")\\s*\\]\\s*(?:-\\s*)?(?<speaker>" SPK ")\\s*" AFTER,
	[P_PAREN] = "^\\s*\\(\\s*(?<time>" DTIME ")\\s*\\)\\s*(?:-\\s*)?(?<speaker>" SPK ")\\s*" AFTER,
	[P_BARE] = "^\\s*(?<time>" DTIME ")\\s+(?:-\\s*)?(?<speaker>" SPK ")\\s*" AFTER,
	[P_NAMEPAREN] = "^\\s*(?<speaker>" SPK ")\\s*[(\\[]\\s*(?<time>" DTIME ")\\s*[)\\]]\\s*" AFTER,
	[P_UNTIMED] = "^(?<speaker>\\p{L}" WORD "{0,39}(?:[ \\t]" WORD "{1,39}){0,3})[ \\t]*" AFTER,
	[P_SYSTEM] =
		"^\\s*(?:[\\[(]\\s*(?<time>" DTIME ")\\s*[\\])]\\s*(?:-\\s*)?|"
		"(?<time2>" DTIME ")\\s+(?:-\\s*)?)?(?i:"
		"\\*{2,}\\s*(?<stext>[^*]*[^*\\s])\\s*\\*{2,}\\s*$|"
		"(?<sbody>(?:chat|conversation|session)\\s+(?:was\\s+|has\\s+been\\s+)?"
		"(?:transferred|ended|closed|timed\\s+out|reassigned)\\b|"
		NAME "\\s+(?:has\\s+(?:left|joined|entered|exited|disconnected|"
		"been\\s+disconnected)(?:\\s+the\\s+(?:chat|conversation|room|session))?|"
		"(?:left|joined|entered|exited)\\s+the\\s+(?:chat|conversation|room|session))"
		"\\s*[.!]?\\s*$|"
		NAME "\\s+transferred\\s+(?:the\\s+)?(?:chat|conversation)\\s+to\\b))",
	[P_HEADER] = "^\\s*(?i:chat\\s+started|chat\\s+transcript|transcript\\s+of\\s+chat|"
	             "conversation\\s+with|conversation\\s+started|chat\\s+session\\s+started)\\b",
	[P_DATEHDR] = "^\\s*(?i:date|chat\\s+date|started|started\\s+at|start\\s+time)\\s*:",
	[P_DATE] = "(?i)(?<!\\d)(\\d{4})[-/.](\\d{1,2})[-/.](\\d{1,2})(?!\\d)|"
	           "(?<!\\d)(\\d{1,2})(?:st|nd|rd|th)?\\s+"
	           "(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?,?\\s+(\\d{4})(?!\\d)|"
	           "(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?\\s+"
	           "(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})(?!\\d)",
};

/* What the built-in layouts look like, for the "no turns" diagnostic. */
#define LAYOUTS_TRIED "[10:02] name:, (10:02:13 AM) name:, 10:02:13 name:, " \
	"name (10:02):, Agent:/Customer: without a time"

/* Names the untimed layout never takes as a speaker. */
static const char *const not_speakers[] = {
	"subject", "date", "from", "to", "cc", "bcc", "sent", "time", "email",
	"e-mail", "phone", "tel", "mobile", "department", "topic", "ticket", "re",
	"fw", "fwd", "note", "nb", "ps", "p.s", "p.s.", "url", "link", "website",
	"order", "id", "reference", "ref", "address", "name", "status", "tags",
	"rating", "duration", "location", "browser", "ip", "os", "warning", "error",
	"number", "no", "no.", "#",
};

/* Words of a speaker label that give its role: agent words win, so
 * "Customer Support" is an agent. */
static const char *const agent_words[] = {
	"agent", "support", "operator", "rep", "representative", "advisor",
	"adviser", "staff", "admin", "helpdesk",
};
static const char *const customer_words[] = {
	"customer", "visitor", "client", "user", "guest", "caller",
};
static const char *const bot_words[] = { "bot", "chatbot", "autoresponder" };

struct pat {
	pcre2_code *code;
	int g_time, g_time2, g_speaker, g_text, g_stext, g_sbody;
};

struct matcher {
	struct pat p[NPAT];
	struct pat user;             /* --line-format, code NULL when none */
	pcre2_code *agent_re;        /* --agent-pattern */
	pcre2_match_data *md;
	pcre2_match_context *mc;
	pcre2_jit_stack *js;
	int nomem;                   /* a match ran out of memory: sticky, the
	                              * reader's and the cells' callers stop */
};

static int group_number(const pcre2_code *c, const char *name)
{
	int g = pcre2_substring_number_from_name(c, (PCRE2_SPTR)name);
	return g > 0 ? g : -1;
}

/* Compiles pat (JIT when it can) in cc.  TS_OK, TS_ENOMEM, or TS_EUSAGE
 * after writing PCRE2's message and offset to why. */
static int compile(struct pat *p, const char *pat, pcre2_compile_context *cc, char *why,
                   size_t cap)
{
	int ec;
	PCRE2_SIZE eo;

	memset(p, 0, sizeof *p);
	p->code = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED,
	                        PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &ec, &eo, cc);
	if (!p->code && ec == PCRE2_ERROR_HEAP_FAILED)
		return TS_ENOMEM;
	if (!p->code) {
		PCRE2_UCHAR msg[256];
		if (pcre2_get_error_message(ec, msg, sizeof msg) < 0)
			snprintf((char *)msg, sizeof msg, "error %d", ec);
		snprintf(why, cap, "%s at offset %zu", (const char *)msg, (size_t)eo);
		return TS_EUSAGE;
	}
	/* Without JIT (unsupported CPU, or a TS_NO_JIT build for valgrind)
	 * pcre2_match interprets, with the same results. */
#ifndef TS_NO_JIT
	(void)pcre2_jit_compile(p->code, PCRE2_JIT_COMPLETE);
#endif
	p->g_time = group_number(p->code, "time");
	p->g_time2 = group_number(p->code, "time2");
	p->g_speaker = group_number(p->code, "speaker");
	p->g_text = group_number(p->code, "text");
	p->g_stext = group_number(p->code, "stext");
	p->g_sbody = group_number(p->code, "sbody");
	return 0;
}

static void matcher_release(struct matcher *m)
{
	for (int i = 0; i < NPAT; i++)
		pcre2_code_free(m->p[i].code);
	pcre2_code_free(m->user.code);
	pcre2_code_free(m->agent_re);
	pcre2_match_data_free(m->md);
	pcre2_match_context_free(m->mc);
	pcre2_jit_stack_free(m->js);
	memset(m, 0, sizeof *m);
}

/* The built-in patterns (compiled in cc) and the match data sized for
 * them and for user_groups capture groups, with opt's limits (opt may be
 * NULL).  TS_OK or TS_ENOMEM. */
static int matcher_init(struct matcher *m, uint32_t user_groups, pcre2_compile_context *cc,
                        const ts_chat_options *opt)
{
	pcre2_general_context *g;
	char why[300];
	uint32_t most = user_groups;

	for (int i = 0; i < NPAT; i++) {
		uint32_t c = 0;
		if (compile(&m->p[i], patterns[i], cc, why, sizeof why))
			return TS_ENOMEM; /* a built-in pattern: only memory fails */
		if (pcre2_pattern_info(m->p[i].code, PCRE2_INFO_CAPTURECOUNT, &c) == 0 &&
		    c > most)
			most = c;
	}
	g = ts_pcre2_general();
	m->md = g ? pcre2_match_data_create(most + 1, g) : NULL;
	m->mc = g ? pcre2_match_context_create(g) : NULL;
	m->js = g && m->md && m->mc ? pcre2_jit_stack_create(32 * 1024, 256 * 1024, g) : NULL;
	pcre2_general_context_free(g);
	if (!m->md || !m->mc || (!m->js && ts_pcre2_has_jit()))
		return TS_ENOMEM;
	pcre2_set_match_limit(m->mc, opt && opt->regex_match_limit ? opt->regex_match_limit
	                                                           : TS_REGEX_MATCH_LIMIT);
	pcre2_set_depth_limit(m->mc, opt && opt->regex_depth_limit ? opt->regex_depth_limit
	                                                           : TS_REGEX_DEPTH_LIMIT);
	if (m->js)
		pcre2_jit_stack_assign(m->mc, NULL, m->js);
	return TS_OK;
}

/* 1 when code matches s[0, n); a match error (a limit) is no match, and
 * out of memory (the interpreter's heap) is noted in m->nomem. */
static int match(struct matcher *m, const pcre2_code *code, const char *s, size_t n)
{
	int rc = pcre2_match(code, (PCRE2_SPTR)s, n, 0, 0, m->md, m->mc);

	if (rc == PCRE2_ERROR_NOMEMORY)
		m->nomem = 1;
	return rc > 0;
}

/* Group g of the last match as (offset, length); 0 when unset. */
static int group(const struct matcher *m, int g, size_t *off, size_t *len)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(m->md);

	if (g <= 0 || (uint32_t)g >= pcre2_get_ovector_count(m->md) ||
	    ov[2 * g] == PCRE2_UNSET)
		return 0;
	*off = ov[2 * g];
	*len = ov[2 * g + 1] - ov[2 * g];
	return 1;
}

static size_t match_end(const struct matcher *m)
{
	return pcre2_get_ovector_pointer(m->md)[1];
}

static int is_space(char c)
{
	return c == ' ' || c == '\t';
}

static void trim(const char **p, size_t *n)
{
	while (*n && is_space(**p)) {
		(*p)++;
		(*n)--;
	}
	while (*n && is_space((*p)[*n - 1]))
		(*n)--;
}

static int in_list(const char *s, size_t n, const char *const *list, size_t k)
{
	for (size_t i = 0; i < k; i++)
		if (ts_eq_nocase(s, n, list[i]))
			return 1;
	return 0;
}

#define COUNT(a) (sizeof (a) / sizeof (a)[0])

/* The role a speaker's label gives: any agent word, else any customer
 * word, else a bot word, "System"; TS_ROLE_UNKNOWN otherwise.  Words are
 * runs of ASCII letters. */
static ts_role label_role(const char *s, size_t n)
{
	int cust = 0, bot = 0;
	size_t i = 0;

	if (ts_eq_nocase(s, n, "system"))
		return TS_ROLE_SYSTEM;
	while (i < n) {
		size_t j;
		unsigned char c = ts_lower((unsigned char)s[i]);
		if (c < 'a' || c > 'z') {
			i++;
			continue;
		}
		for (j = i; j < n; j++) {
			c = ts_lower((unsigned char)s[j]);
			if (c < 'a' || c > 'z')
				break;
		}
		if (in_list(s + i, j - i, agent_words, COUNT(agent_words)))
			return TS_ROLE_AGENT;
		cust |= in_list(s + i, j - i, customer_words, COUNT(customer_words));
		bot |= in_list(s + i, j - i, bot_words, COUNT(bot_words));
		i = j;
	}
	return cust ? TS_ROLE_CUSTOMER : bot ? TS_ROLE_BOT : TS_ROLE_UNKNOWN;
}

/* Does a word of an untimed speaker say it is a header field ("Chat
 * ID", "Visitor email", "Note")? */
static int header_like(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		size_t j = i;
		while (j < n && !is_space(s[j]))
			j++;
		if (in_list(s + i, j - i, not_speakers, COUNT(not_speakers)))
			return 1;
		while (j < n && is_space(s[j]))
			j++;
		i = j;
	}
	return 0;
}

/* A turn of one of the layouts.  Offsets are into s. */
struct turn {
	size_t time_off, time_len, spk_off, spk_len, text_off, text_len;
	int timed;
};

/* Is s[0, n) a turn?  allow_untimed: the untimed layout may be tried. */
static int match_turn(struct matcher *m, const char *s, size_t n,
                      int allow_untimed, struct turn *t)
{
	const struct pat *p = NULL;

	if (m->user.code) {
		if (match(m, m->user.code, s, n))
			p = &m->user;
	} else {
		for (int i = 0; i < NTURN && !p; i++) {
			if (i == P_UNTIMED && !allow_untimed)
				break;
			if (match(m, m->p[i].code, s, n))
				p = &m->p[i];
		}
	}
	if (!p || !group(m, p->g_speaker, &t->spk_off, &t->spk_len))
		return 0;
	{
		const char *q = s + t->spk_off;
		size_t k = t->spk_len;
		trim(&q, &k);
		if (!k)
			return 0;
		t->spk_off = (size_t)(q - s);
		t->spk_len = k;
		if (p == &m->p[P_UNTIMED] && (k > UNTIMED_SPEAKER_MAX || header_like(q, k)))
			return 0;
	}
	t->timed = group(m, p->g_time, &t->time_off, &t->time_len);
	if (!t->timed)
		t->time_off = t->time_len = 0;
	if (!group(m, p->g_text, &t->text_off, &t->text_len)) {
		t->text_off = match_end(m);
		t->text_len = n - t->text_off;
	}
	return 1;
}

/* Is s[0, n) a system line?  *text, *time: what it says and when. */
static int match_system(struct matcher *m, const char *s, size_t n,
                        size_t *text_off, size_t *text_len, size_t *time_off,
                        size_t *time_len)
{
	const struct pat *p = &m->p[P_SYSTEM];

	if (!match(m, p->code, s, n))
		return 0;
	if (!group(m, p->g_stext, text_off, text_len)) {
		if (!group(m, p->g_sbody, text_off, text_len))
			return 0;
		*text_len = n - *text_off;
	}
	if (!group(m, p->g_time, time_off, time_len) &&
	    !group(m, p->g_time2, time_off, time_len))
		*time_off = *time_len = 0;
	return 1;
}

/* ---- dates and times ------------------------------------------------------ */

struct date {
	int y, m, d; /* y == 0: none */
};

static int days_in_month(int y, int m)
{
	static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : dim[m - 1];
}

static int valid_date(int y, int m, int d)
{
	return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 &&
	       d <= days_in_month(y, m);
}

static void next_day(struct date *dt)
{
	if (++dt->d > days_in_month(dt->y, dt->m)) {
		dt->d = 1;
		if (++dt->m > 12) {
			dt->m = 1;
			dt->y++;
		}
	}
	if (dt->y > 9999)
		dt->y = 0; /* off the calendar: no date from here on */
}

/* Decimal digits s[*i..] (at most max of them, at least one). */
static int digits(const char *s, size_t n, size_t *i, int max, int *out)
{
	int v = 0, k = 0;

	while (*i < n && k < max && s[*i] >= '0' && s[*i] <= '9') {
		v = v * 10 + (s[*i] - '0');
		(*i)++;
		k++;
	}
	*out = v;
	return k;
}

static int month_number(const char *s)
{
	static const char *const mon[12] = {"jan", "feb", "mar", "apr", "may", "jun",
	                                    "jul", "aug", "sep", "oct", "nov", "dec"};
	for (int i = 0; i < 12; i++)
		if (ts_lower((unsigned char)s[0]) == mon[i][0] &&
		    ts_lower((unsigned char)s[1]) == mon[i][1] &&
		    ts_lower((unsigned char)s[2]) == mon[i][2])
			return i + 1;
	return 0;
}

/* The first valid date in a header line: 2026-03-02, 2026/3/2, 2 March
 * 2026, March 2nd, 2026.  (Numeric day/month orders are ambiguous and not
 * read.) */
static int find_date(struct matcher *m, const char *s, size_t n,
                     struct date *out)
{
	size_t start = 0;

	while (start < n) {
		int rc = pcre2_match(m->p[P_DATE].code, (PCRE2_SPTR)s, n, start, 0,
		                     m->md, m->mc);
		size_t off[10], len[10];
		int v[10] = {0}, y, mo, d;
		if (rc == PCRE2_ERROR_NOMEMORY)
			m->nomem = 1;
		if (rc <= 0)
			return 0;
		for (int g = 1; g <= 9; g++) {
			size_t i = 0;
			if (!group(m, g, &off[g], &len[g]))
				continue;
			if (g == 5 || g == 7)
				v[g] = month_number(s + off[g]);
			else
				(void)digits(s + off[g], len[g], &i, 4, &v[g]);
		}
		if (v[1]) {
			y = v[1], mo = v[2], d = v[3];
		} else if (v[6]) {
			y = v[6], mo = v[5], d = v[4];
		} else {
			y = v[9], mo = v[7], d = v[8];
		}
		if (valid_date(y, mo, d)) {
			out->y = y;
			out->m = mo;
			out->d = d;
			return 1;
		}
		start = match_end(m) > start ? match_end(m) : start + 1;
	}
	return 0;
}

/* A turn's time text: [YYYY-MM-DD[ T]]H[H]:MM[:SS][.frac][ AM|PM].
 * Sets *dt (y 0 when the text has no date) and *sod (seconds of the
 * day); -1 when the text is something else. */
static int parse_clock(const char *s, size_t n, struct date *dt, int *sod)
{
	size_t i = 0;
	int h, mi, se = 0, k, ampm = 0;

	trim(&s, &n);
	dt->y = 0;
	if (n >= 5 && digits(s, n, &i, 4, &k) == 4 && i < n && (s[i] == '-' || s[i] == '/')) {
		char sep = s[i++];
		int mo, d;
		if (!digits(s, n, &i, 2, &mo) || i >= n || s[i++] != sep ||
		    !digits(s, n, &i, 2, &d) || i >= n || (s[i] != ' ' && s[i] != 'T') ||
		    !valid_date(k, mo, d))
			return -1;
		i++;
		dt->y = k;
		dt->m = mo;
		dt->d = d;
	} else {
		i = 0;
	}
	if (!digits(s, n, &i, 2, &h) || i >= n || s[i++] != ':' ||
	    digits(s, n, &i, 2, &mi) != 2)
		return -1;
	if (i < n && s[i] == ':') {
		i++;
		if (digits(s, n, &i, 2, &se) != 2)
			return -1;
	}
	if (i < n && (s[i] == '.' || s[i] == ',')) {
		i++;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
	}
	while (i < n && is_space(s[i]))
		i++;
	if (i < n) {
		char c = (char)ts_lower((unsigned char)s[i]);
		if (c != 'a' && c != 'p')
			return -1;
		ampm = c == 'a' ? 1 : 2;
		i++;
		if (i < n && s[i] == '.')
			i++;
		if (i >= n || ts_lower((unsigned char)s[i]) != 'm')
			return -1;
		i++;
		if (i < n && s[i] == '.')
			i++;
		if (i != n)
			return -1;
	}
	if (ampm) {
		if (h < 1 || h > 12)
			return -1;
		h = h % 12 + (ampm == 2 ? 12 : 0);
	}
	if (h > 23 || mi > 59 || se > 60)
		return -1;
	*sod = h * 3600 + mi * 60 + se;
	return 0;
}

/* ---- one line at a time ------------------------------------------------------ */

#define ROLE_CACHE 4

/* A speaker seen recently and its role (a chat has two or three). */
struct role_cached {
	unsigned char n;
	unsigned char known;
	char v[46];
	ts_role role;
};

struct ts_chat_lines {
	struct matcher m;
	char **agents;               /* lowercased, sorted */
	size_t nagents;
	int others_are_customers;
	struct role_cached roles[ROLE_CACHE];
	unsigned roles_next;
};

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The n bytes at s, ASCII-lowercased, against a lowercase name, in
 * strcmp's order. */
static int cmp_lowered(const char *s, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n && name[i]; i++) {
		unsigned char a = ts_lower((unsigned char)s[i]), b = (unsigned char)name[i];
		if (a != b)
			return a < b ? -1 : 1;
	}
	if (i < n)
		return 1;
	return name[i] ? -1 : 0;
}

/* Is the speaker on the --agents list?  (Names are compared trimmed and
 * ASCII-lowercased; a binary search in place, so that nothing is
 * allocated and out of memory cannot make an agent a customer.) */
static int listed_agent(const ts_chat_lines *l, const char *s, size_t n)
{
	size_t lo = 0, hi = l->nagents;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = cmp_lowered(s, n, l->agents[mid]);
		if (c == 0)
			return 1;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return 0;
}

static ts_role speaker_role_uncached(ts_chat_lines *l, const char *s, size_t n,
                                     int *known)
{
	ts_role role;

	*known = 1;
	if (listed_agent(l, s, n))
		return TS_ROLE_AGENT;
	if (l->m.agent_re && match(&l->m, l->m.agent_re, s, n))
		return TS_ROLE_AGENT;
	role = label_role(s, n);
	if (role != TS_ROLE_UNKNOWN)
		return role;
	*known = 0;
	if (l->others_are_customers && (l->nagents || l->m.agent_re))
		role = TS_ROLE_CUSTOMER;
	return role;
}

ts_role ts_chat_speaker_role(ts_chat_lines *l, const char *s, size_t n, int *known)
{
	struct role_cached *c;
	ts_role role;
	int k;

	for (unsigned i = 0; i < ROLE_CACHE; i++) {
		c = &l->roles[i];
		if (c->n && c->n == n && memcmp(c->v, s, n) == 0) {
			if (known)
				*known = c->known;
			return c->role;
		}
	}
	role = speaker_role_uncached(l, s, n, &k);
	if (n && n <= sizeof c->v) {
		c = &l->roles[l->roles_next++ % ROLE_CACHE];
		c->n = (unsigned char)n;
		c->known = (unsigned char)k;
		memcpy(c->v, s, n);
		c->role = role;
	}
	if (known)
		*known = k;
	return role;
}

int ts_chat_speaker_is_field(const char *s, size_t n)
{
	trim(&s, &n);
	return header_like(s, n);
}

int ts_chat_clock(const char *s, size_t n, int *y, int *m, int *d, int *sod)
{
	struct date dt = {0, 0, 0};

	if (parse_clock(s, n, &dt, sod))
		return -1;
	*y = dt.y;
	*m = dt.m;
	*d = dt.d;
	return 0;
}

static ts_str str_at(const char *s, size_t off, size_t len)
{
	ts_str r;

	r.p = s + off;
	r.n = len;
	trim(&r.p, &r.n);
	return r;
}

int ts_chat_lines_nomem(const ts_chat_lines *l)
{
	return l->m.nomem ? TS_ENOMEM : TS_OK;
}

ts_chat_kind ts_chat_line_classify(ts_chat_lines *l, const char *s, size_t n,
                                   unsigned flags, ts_chat_line *out)
{
	struct matcher *m = &l->m;
	struct turn t;
	struct date dt;
	size_t toff, tlen, xoff, xlen;

	memset(out, 0, sizeof *out);
	out->time.p = out->speaker.p = out->text.p = s;
	out->text = str_at(s, 0, n);
	if (!out->text.n)
		return out->kind = TS_CHAT_BLANK;
	if (match(m, m->p[P_HEADER].code, s, n)) {
		if (find_date(m, s, n, &dt)) {
			out->y = dt.y;
			out->m = dt.m;
			out->d = dt.d;
		}
		return out->kind = TS_CHAT_HEADER;
	}
	if ((flags & TS_CHAT_AT_START) && match(m, m->p[P_DATEHDR].code, s, n) &&
	    find_date(m, s, n, &dt)) {
		out->y = dt.y;
		out->m = dt.m;
		out->d = dt.d;
		return out->kind = TS_CHAT_DATE;
	}
	if (match_system(m, s, n, &xoff, &xlen, &toff, &tlen)) {
		out->time = str_at(s, toff, tlen);
		out->text = str_at(s, xoff, xlen);
		return out->kind = TS_CHAT_SYSTEM;
	}
	if (match_turn(m, s, n, (flags & TS_CHAT_UNTIMED) != 0, &t)) {
		out->time = str_at(s, t.time_off, t.time_len);
		out->speaker = str_at(s, t.spk_off, t.spk_len);
		out->text = str_at(s, t.text_off, t.text_len);
		out->timed = t.timed;
		return out->kind = TS_CHAT_TURN;
	}
	return out->kind = TS_CHAT_OTHER;
}

void ts_chat_lines_free(ts_chat_lines *l)
{
	if (!l)
		return;
	matcher_release(&l->m);
	for (size_t i = 0; i < l->nagents; i++)
		free(l->agents[i]);
	free(l->agents);
	free(l);
}

int ts_chat_lines_new(ts_chat_lines **out, const ts_chat_options *opt,
                      const char *name, ts_error *err)
{
	ts_chat_lines *l;
	pcre2_compile_context *cc = NULL;
	char why[300];
	uint32_t user_groups = 0;
	int rc = TS_ENOMEM;

	*out = NULL;
	if (!name)
		name = "-";
	l = calloc(1, sizeof *l);
	if (!l || !(cc = ts_pcre2_compile_context()))
		goto fail;
	l->others_are_customers = opt ? opt->others_are_customers : 0;
	if (opt && opt->line_format) {
		if ((rc = compile(&l->m.user, opt->line_format, cc, why, sizeof why)) == TS_ENOMEM)
			goto fail;
		if (rc) {
			rc = ts_error_set(err, TS_EUSAGE, name, 0,
			                  "--line-format: invalid regex: %s", why);
			goto out;
		}
		if (l->m.user.g_speaker < 0) {
			rc = ts_error_set(err, TS_EUSAGE, name, 0,
			                  "--line-format: no named group 'speaker' "
			                  "(write (?<speaker>...); 'time' and 'text' are optional)");
			goto out;
		}
		(void)pcre2_pattern_info(l->m.user.code, PCRE2_INFO_CAPTURECOUNT, &user_groups);
	}
	if (opt && opt->agent_pattern) {
		struct pat ap;
		if ((rc = compile(&ap, opt->agent_pattern, cc, why, sizeof why)) == TS_ENOMEM)
			goto fail;
		if (rc) {
			rc = ts_error_set(err, TS_EUSAGE, name, 0,
			                  "--agent-pattern: invalid regex: %s", why);
			goto out;
		}
		l->m.agent_re = ap.code;
	}
	if (matcher_init(&l->m, user_groups, cc, opt))
		goto fail;
	if (opt && opt->nagents) {
		l->agents = calloc(opt->nagents, sizeof *l->agents);
		if (!l->agents)
			goto fail;
		for (size_t i = 0; i < opt->nagents; i++) {
			const char *a = opt->agents[i] ? opt->agents[i] : "";
			size_t n = strlen(a);
			char *c;
			trim(&a, &n);
			if (!n)
				continue;
			c = malloc(n + 1);
			if (!c)
				goto fail;
			for (size_t j = 0; j < n; j++)
				c[j] = (char)ts_lower((unsigned char)a[j]);
			c[n] = '\0';
			l->agents[l->nagents++] = c;
		}
		qsort(l->agents, l->nagents, sizeof *l->agents, cmp_name);
	}
	pcre2_compile_context_free(cc);
	*out = l;
	return TS_OK;
fail:
	rc = ts_error_set(err, TS_ENOMEM, name, 0, "out of memory");
out:
	pcre2_compile_context_free(cc);
	ts_chat_lines_free(l);
	return rc;
}

/* ---- the reader ------------------------------------------------------------ */

enum pending { PEND_NONE = 0, PEND_TURN, PEND_LOST };

/* A system record held before the file's first turn (then its time and
 * text follow in the queue). */
struct queued {
	unsigned long line, conv;
	size_t time_len, text_len;
};

struct ts_chat_reader {
	ts_chat_lines *lines;        /* the layouts and the speaker rules */
	char *name;
	ts_message_fn on_message;
	size_t max_line;

	/* the line being read */
	ts_buf line;
	int line_long;               /* longer than max_line: bytes dropped */
	int prev_cr;
	unsigned long line_no;       /* line of the next byte */

	/* the record being read */
	enum pending pend;
	unsigned long pend_line;
	const char *pend_reason;     /* why a lost record is lost: "line" or
	                              * "turn" longer than max_line */
	ts_buf pend_text, pend_speaker, pend_time;

	/* the conversation */
	unsigned long conv_no;
	int conv_has;                /* it has a record */
	int conv_timed;              /* it has a timed turn */
	struct date date;            /* from a header (y 0: none) */
	int last_sod;                /* time of day of its last dated record, -1 */
	ts_buf customer;             /* its first customer speaker */

	/* before the first turn */
	int seen_turn, released, nonblank;
	ts_buf queue;

	ts_buf convid;               /* "<name>#<convid_no>" */
	unsigned long convid_no;
	ts_reader_diag d;        /* status, fail, on_diag, ud, counts */
	int finished;
};

/* ---- diagnostics ------------------------------------------------------------- */

static void nomem(ts_chat_reader *r, unsigned long line)
{
	ts_reader_fatal(&r->d, TS_ENOMEM, line, "out of memory");
}

/* ---- emitting ---------------------------------------------------------------- */

/* Hands one message on; the conversation id is "<name>#<conv>". */
static void emit(ts_chat_reader *r, unsigned long line, unsigned long conv,
                 ts_role role, ts_str time, ts_str author, ts_str text)
{
	ts_message m;

	memset(&m, 0, sizeof m);
	for (int f = 0; f < TS_F_COUNT; f++) {
		m.f[f].p = "";
		m.f[f].n = 0;
	}
	if (r->convid_no != conv || !r->convid.len) {
		ts_buf_reset(&r->convid);
		if (ts_buf_addf(&r->convid, "%s#%lu", r->name, conv)) {
			nomem(r, line);
			return;
		}
		r->convid_no = conv;
	}
	r->d.records++;
	m.f[TS_F_CONVERSATION].p = r->convid.p;
	m.f[TS_F_CONVERSATION].n = r->convid.len;
	m.f[TS_F_TIME] = time;
	m.f[TS_F_AUTHOR] = author;
	m.f[TS_F_TEXT] = text;
	if (r->customer.len && role != TS_ROLE_SYSTEM) {
		m.f[TS_F_CUSTOMER].p = r->customer.p;
		m.f[TS_F_CUSTOMER].n = r->customer.len;
	}
	m.role = role;
	m.row = r->d.records;
	m.line = line;
	m.file = r->name;
	if (r->on_message && r->on_message(r->d.ud, &m))
		ts_reader_fatal(&r->d, TS_ESTOP, line, "stopped by the message callback");
}

/* Lets the held system records out, in order. */
static void release(ts_chat_reader *r)
{
	size_t off = 0;

	if (r->released)
		return;
	r->released = 1;
	while (off < r->queue.len && !r->d.status) {
		struct queued q;
		ts_str time, text, none = {"", 0};
		memcpy(&q, r->queue.p + off, sizeof q);
		off += sizeof q;
		time.p = r->queue.p + off;
		time.n = q.time_len;
		text.p = time.p + q.time_len;
		text.n = q.text_len;
		off += q.time_len + q.text_len;
		emit(r, q.line, q.conv, TS_ROLE_SYSTEM, time, none, text);
	}
	ts_buf_release(&r->queue);
}

static void system_record(ts_chat_reader *r, unsigned long line, ts_str time,
                          ts_str text)
{
	struct queued q;
	ts_str none = {"", 0};

	if (!r->released && r->queue.len + sizeof q + time.n + text.n > r->max_line)
		release(r);
	if (r->released) {
		emit(r, line, r->conv_no, TS_ROLE_SYSTEM, time, none, text);
		return;
	}
	q.line = line;
	q.conv = r->conv_no;
	q.time_len = time.n;
	q.text_len = text.n;
	if (ts_buf_add(&r->queue, &q, sizeof q) || ts_buf_add(&r->queue, time.p, time.n) ||
	    ts_buf_add(&r->queue, text.p, text.n))
		nomem(r, line);
}

/* The pending record is complete: emit or reject it. */
static void flush_pending(ts_chat_reader *r)
{
	enum pending kind = r->pend;
	const char *text;
	size_t n;
	ts_role role;
	ts_str time, author, body;

	r->pend = PEND_NONE;
	if (kind == PEND_NONE)
		return;
	if (kind == PEND_LOST) {
		release(r);
		if (!r->d.status)
			ts_reader_reject(&r->d, 1, r->pend_line, "%s longer than %zu bytes (--max-field)",
			                 r->pend_reason, r->max_line);
		return;
	}
	text = r->pend_text.p;
	n = r->pend_text.len;
	trim(&text, &n);
	if (!n) {
		ts_reader_reject(&r->d, 1, r->pend_line, "empty turn");
		return;
	}
	role = ts_chat_speaker_role(r->lines, r->pend_speaker.p, r->pend_speaker.len, NULL);
	if (ts_chat_lines_nomem(r->lines)) {
		nomem(r, r->pend_line);
		return;
	}
	if (role == TS_ROLE_CUSTOMER && !r->customer.len &&
	    ts_buf_add(&r->customer, r->pend_speaker.p, r->pend_speaker.len)) {
		nomem(r, r->pend_line);
		return;
	}
	time.p = r->pend_time.p;
	time.n = r->pend_time.len;
	author.p = r->pend_speaker.p;
	author.n = r->pend_speaker.len;
	body.p = text;
	body.n = n;
	emit(r, r->pend_line, r->conv_no, role, time, author, body);
}

static void end_conversation(ts_chat_reader *r)
{
	if (!r->conv_has)
		return;
	r->conv_has = 0;
	r->conv_timed = 0;
	r->date.y = 0;
	r->last_sod = -1;
	ts_buf_reset(&r->customer);
}

/* A record of the conversation begins (it gets its number now). */
static void begin_record(ts_chat_reader *r)
{
	if (!r->conv_has) {
		r->conv_has = 1;
		r->conv_no++;
	}
}

/* v as exactly w decimal digits (v >= 0, and small enough). */
static void put_digits(char *p, int v, int w)
{
	while (w-- > 0) {
		p[w] = (char)('0' + v % 10);
		v /= 10;
	}
}

/* The time a record shows: date + time of day as "YYYY-MM-DD HH:MM:SS"
 * when the turn or the conversation's header gives a date, else the
 * text as written.  A time of day more than 12 hours before the last one
 * of the conversation means midnight passed. */
static int record_time(ts_chat_reader *r, ts_buf *out, const char *s, size_t n)
{
	struct date dt = {0, 0, 0};
	int sod = 0;

	ts_buf_reset(out);
	trim(&s, &n);
	if (!n)
		return TS_OK;
	if (parse_clock(s, n, &dt, &sod) == 0 && (dt.y || r->date.y)) {
		if (!dt.y) {
			if (r->last_sod >= 0 && sod + 43200 < r->last_sod)
				next_day(&r->date);
			r->last_sod = sod;
			dt = r->date;
		}
		if (dt.y) {
			char t[19];
			put_digits(t, dt.y, 4);
			t[4] = '-';
			put_digits(t + 5, dt.m, 2);
			t[7] = '-';
			put_digits(t + 8, dt.d, 2);
			t[10] = ' ';
			put_digits(t + 11, sod / 3600, 2);
			t[13] = ':';
			put_digits(t + 14, sod / 60 % 60, 2);
			t[16] = ':';
			put_digits(t + 17, sod % 60, 2);
			return ts_buf_add(out, t, sizeof t);
		}
	}
	return ts_buf_add(out, s, n);
}

static int set_text(ts_buf *b, const char *s, size_t n)
{
	ts_buf_reset(b);
	trim(&s, &n);
	return ts_buf_add(b, s, n);
}

/* One complete line, without its line end. */
static void do_line(ts_chat_reader *r, const char *s, size_t n, int too_long,
                    unsigned long ln)
{
	ts_chat_line cl;
	ts_chat_kind kind;

	if (ln == 1 && n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
		s += 3;
		n -= 3;
	}
	if (too_long) {
		r->nonblank = 1;
		flush_pending(r);
		begin_record(r);
		r->pend = PEND_LOST;
		r->pend_line = ln;
		r->pend_reason = "line";
		return;
	}
	kind = ts_chat_line_classify(r->lines, s, n,
	                             (r->conv_timed ? 0u : TS_CHAT_UNTIMED) |
	                             (r->conv_has ? 0u : TS_CHAT_AT_START), &cl);
	if (ts_chat_lines_nomem(r->lines)) {
		nomem(r, ln);
		return;
	}
	if (kind != TS_CHAT_BLANK)
		r->nonblank = 1;
	switch (kind) {
	case TS_CHAT_BLANK:
		flush_pending(r);
		end_conversation(r);
		return;
	case TS_CHAT_HEADER:
		flush_pending(r);
		end_conversation(r);
		if (cl.y) {
			r->date = (struct date){cl.y, cl.m, cl.d};
			r->last_sod = -1;
		}
		return;
	case TS_CHAT_DATE:
		r->date = (struct date){cl.y, cl.m, cl.d};
		r->last_sod = -1;
		return;
	case TS_CHAT_SYSTEM: {
		ts_str time;
		flush_pending(r);
		if (r->d.status)
			return;
		begin_record(r);
		if (record_time(r, &r->pend_time, cl.time.p, cl.time.n)) {
			nomem(r, ln);
			return;
		}
		time.p = r->pend_time.p;
		time.n = r->pend_time.len;
		system_record(r, ln, time, cl.text);
		return;
	}
	case TS_CHAT_TURN:
		flush_pending(r);
		if (r->d.status)
			return;
		begin_record(r);
		r->seen_turn = 1;
		release(r);
		r->conv_timed |= cl.timed;
		r->pend = PEND_TURN;
		r->pend_line = ln;
		if (record_time(r, &r->pend_time, cl.time.p, cl.time.n) ||
		    set_text(&r->pend_speaker, cl.speaker.p, cl.speaker.n) ||
		    set_text(&r->pend_text, cl.text.p, cl.text.n))
			nomem(r, ln);
		return;
	case TS_CHAT_OTHER:
		break;
	}
	/* a continuation line */
	if (r->pend != PEND_TURN)
		return; /* before any turn (preamble), or after a rejected line */
	if (r->pend_text.len + 1 + cl.text.n > r->max_line) {
		r->pend = PEND_LOST;
		r->pend_reason = "turn";
		ts_buf_reset(&r->pend_text);
		return;
	}
	if ((r->pend_text.len && ts_buf_addc(&r->pend_text, '\n')) ||
	    ts_buf_add(&r->pend_text, cl.text.p, cl.text.n))
		nomem(r, ln);
}

static void end_line(ts_chat_reader *r)
{
	do_line(r, r->line.p, r->line.len, r->line_long, r->line_no);
	ts_buf_reset(&r->line);
	r->line_long = 0;
	r->line_no++;
}

/* ---- public API ------------------------------------------------------------- */

int ts_chat_reader_new(ts_chat_reader **out, const ts_chat_options *opt,
                       const char *name, ts_message_fn on_message,
                       ts_diag_fn on_diag, void *ud, ts_error *err)
{
	ts_chat_reader *r;
	int rc;

	*out = NULL;
	if (!name)
		name = "-";
	r = calloc(1, sizeof *r);
	if (!r)
		return ts_error_set(err, TS_ENOMEM, name, 0, "out of memory");
	ts_buf_init(&r->line, 0);
	ts_buf_init(&r->pend_text, 0);
	ts_buf_init(&r->pend_speaker, 0);
	ts_buf_init(&r->pend_time, 0);
	ts_buf_init(&r->customer, 0);
	ts_buf_init(&r->queue, 0);
	ts_buf_init(&r->convid, 0);
	r->name = strdup(name);
	if (!r->name) {
		ts_chat_reader_free(r);
		return ts_error_set(err, TS_ENOMEM, name, 0, "out of memory");
	}
	r->on_message = on_message;
	r->d.name = r->name;
	r->d.on_diag = on_diag;
	r->d.ud = ud;
	r->max_line = opt && opt->max_line ? opt->max_line : TS_DEFAULT_MAX_FIELD;
	r->line.cap = r->max_line;
	r->pend_text.cap = r->max_line;
	r->line_no = 1;
	r->last_sod = -1;
	rc = ts_chat_lines_new(&r->lines, opt, name, err);
	if (rc) {
		ts_chat_reader_free(r);
		return rc;
	}
	*out = r;
	return TS_OK;
}

int ts_chat_reader_feed(ts_chat_reader *r, const void *buf, size_t n,
                        ts_error *err)
{
	const char *p = buf;
	size_t i = 0;

	if (r->d.status)
		return ts_reader_report(&r->d, err);
	if (r->finished)
		return ts_error_set(err, TS_EUSAGE, r->name, 0, "input already finished");
	while (i < n && !r->d.status) {
		size_t j = i;
		if (r->prev_cr) {
			r->prev_cr = 0;
			if (p[i] == '\n') {
				i++; /* the LF of a CRLF */
				continue;
			}
		}
		while (j < n && p[j] != '\n' && p[j] != '\r')
			j++;
		if (!r->line_long && j - i > r->max_line - r->line.len) {
			r->line_long = 1; /* from now on its bytes are dropped */
			ts_buf_reset(&r->line);
		}
		if (!r->line_long && ts_buf_add(&r->line, p + i, j - i)) {
			nomem(r, r->line_no);
			break;
		}
		if (j == n)
			break;
		r->prev_cr = p[j] == '\r';
		end_line(r);
		i = j + 1;
	}
	if (r->d.status)
		return ts_reader_report(&r->d, err);
	return TS_OK;
}

int ts_chat_reader_finish(ts_chat_reader *r, ts_error *err)
{
	if (r->d.status)
		return ts_reader_report(&r->d, err);
	if (r->finished)
		return TS_OK;
	r->finished = 1;
	if (r->line.len || r->line_long)
		end_line(r);
	if (!r->d.status)
		flush_pending(r);
	if (r->d.status)
		return ts_reader_report(&r->d, err);
	if (!r->seen_turn) {
		ts_buf_release(&r->queue);
		if (r->nonblank && r->lines->m.user.code)
			ts_reader_fatal(&r->d, TS_EINPUT, 0,
			                "no chat turns recognised (no line matches --line-format)");
		else if (r->nonblank)
			ts_reader_fatal(&r->d, TS_EINPUT, 0,
			                    "no chat turns recognised (layouts tried: %s; "
			                    "--line-format gives your own)", LAYOUTS_TRIED);
		else
			ts_reader_fatal(&r->d, TS_EINPUT, 0, "empty input (no chat turns)");
		return ts_reader_report(&r->d, err);
	}
	return TS_OK;
}

void ts_chat_reader_counts(const ts_chat_reader *r, unsigned long *records,
                           unsigned long *rejected)
{
	ts_reader_counts(r ? &r->d : NULL, records, rejected);
}

size_t ts_chat_reader_buffer_bytes(const ts_chat_reader *r)
{
	return r->line.alloc + r->pend_text.alloc + r->pend_speaker.alloc +
	       r->pend_time.alloc + r->customer.alloc + r->queue.alloc + r->convid.alloc;
}

void ts_chat_reader_free(ts_chat_reader *r)
{
	if (!r)
		return;
	ts_chat_lines_free(r->lines);
	ts_buf_release(&r->line);
	ts_buf_release(&r->pend_text);
	ts_buf_release(&r->pend_speaker);
	ts_buf_release(&r->pend_time);
	ts_buf_release(&r->customer);
	ts_buf_release(&r->queue);
	ts_buf_release(&r->convid);
	free(r->name);
	free(r);
}

/* ---- sniffing ---------------------------------------------------------------- */

/* Does one line count as chat for ts_chat_sniff? */
static int chat_line(ts_chat_lines *l, const char *s, size_t n)
{
	ts_chat_line cl;

	switch (ts_chat_line_classify(l, s, n, TS_CHAT_UNTIMED, &cl)) {
	case TS_CHAT_HEADER:
	case TS_CHAT_SYSTEM:
		return 1;
	case TS_CHAT_TURN:
		return cl.timed || label_role(cl.speaker.p, cl.speaker.n) != TS_ROLE_UNKNOWN;
	default:
		return 0;
	}
}

int ts_chat_sniff(const void *buf, size_t n)
{
	ts_chat_lines *l = NULL;
	const char *p = buf;
	size_t i = 0, lines = 0, chat = 0;

	if (ts_chat_lines_new(&l, NULL, "", NULL))
		return TS_ENOMEM;
	if (n > SNIFF_MAX) {
		/* a line cut off at the limit is not looked at */
		n = SNIFF_MAX;
		while (n && p[n - 1] != '\n' && p[n - 1] != '\r')
			n--;
	}
	if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < n) {
		size_t j = i, k;
		const char *q;
		while (j < n && p[j] != '\n' && p[j] != '\r')
			j++;
		q = p + i;
		k = j - i;
		trim(&q, &k);
		if (k) {
			lines++;
			chat += (size_t)chat_line(l, p + i, j - i);
		}
		i = j + 1;
	}
	if (ts_chat_lines_nomem(l)) {
		ts_chat_lines_free(l);
		return TS_ENOMEM;
	}
	ts_chat_lines_free(l);
	if (chat >= 2)
		return chat * 4 >= lines;
	return chat == 1 && lines <= 2;
}
