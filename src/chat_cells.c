/*
 * chat_cells.c - --split-chat-cells: a chat transcript stored inside one
 * CSV or JSON text cell (Zendesk's chat tickets hold the whole chat in one
 * comment) becomes one message per turn, read line by line with the chat
 * log reader's layouts and speaker rules (read_chat.c).
 *
 * A cell is a transcript when at least two of its lines are turns that
 * are timed ("[10:02] Sarah: ...") or untimed with a speaker whose role
 * the rules know ("Agent: ...", "Visitor 12: ...", a name on --agents or
 * matching --agent-pattern), and whose speaker is not a header field
 * ("10:02 Error: ..." in a pasted log is not a turn of a chat).  Any
 * other cell is handed on as it is.
 *
 * Lines of a transcript, as in a chat log: a turn starts a message; a
 * following line that is no turn, system line or header continues it
 * (joined with "\n", trimmed); a system line ("*** Eric joined the chat
 * ***") is a system message; a chat header ("Chat started: 2 March 2026")
 * and, before the first turn, a "Date:" line give the date of the turns
 * after them; text before the first turn (visitor details) is dropped.
 * Unlike a chat log, a blank line ends nothing (the cell is one
 * conversation: the row's), and a turn with no text is dropped, not
 * rejected (the row is the record, and it was read).
 *
 * Each message keeps the row's fields (conversation, customer, channel,
 * status...), with:
 *   author  the turn's speaker (none for a system line);
 *   role    the chat rules' when they know the speaker; else the row's
 *           role when the speaker is the row's author (ASCII case
 *           ignored); else a customer when agents are named (as in chat
 *           logs); else unknown.  The row's role is not given to other
 *           speakers: in a transcript posted by the customer, the agent's
 *           turns are not the customer's;
 *   time    the turn's time with the date it carries, else the date of a
 *           header in the cell, else the row's date: the day that puts
 *           the first timed turn within 12 hours of the row's time (a
 *           row with only a date gives that date), later turns moving to
 *           the next day when the clock goes back more than 12 hours.
 *           Written as ISO 8601 UTC.  A turn without a time, or when
 *           neither the turn, a header nor the row gives a date: the
 *           row's time as written;
 *   seq     "<row seq>.<k>" (k from 1) when the row has a seq, else none
 *           (the report numbers messages by their place in the
 *           conversation);
 *   part    0 for the first message, 1, 2... for the others: the row
 *           is still one record (records = analysed + rejected).
 *
 * Not here: reading CSV or JSON (read_csv.c, read_json.c), deciding which
 * inputs are split (scan.c).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "chat_cells.h"
#include "util.h"

#define DAY 86400
#define HALF_DAY 43200

struct ts_cell_splitter {
	ts_chat_lines *lines;
	int user_format;            /* --line-format: a turn may have no ':' */
	const ts_timefmt *tf;
	/* one cell */
	const ts_message *row;
	ts_message_fn fn;
	void *ud;
	unsigned parts;             /* messages handed on */
	int started;                /* a turn or system line was read */
	int timed;                  /* a timed turn was read */
	int have_day;               /* day is known */
	int64_t day;                /* days since 1970-01-01 of the last dated line */
	int last_sod;               /* its seconds of the day, -1 after a new date */
	int have_row;               /* the row's time was read */
	int row_clock;              /* ... and it has a time of day */
	int64_t row_secs;
	/* the turn being read */
	int pend;
	ts_buf speaker, text, time;
	ts_buf out_time, seq;       /* the message being handed on */
};

int ts_cell_splitter_new(ts_cell_splitter **out, const ts_chat_options *opt,
                         const ts_timefmt *tf, ts_error *err)
{
	ts_cell_splitter *sp;
	ts_chat_options o;
	int rc;

	*out = NULL;
	sp = calloc(1, sizeof *sp);
	if (!sp)
		return ts_error_set(err, TS_ENOMEM, NULL, 0, "out of memory");
	ts_buf_init(&sp->speaker, 0);
	ts_buf_init(&sp->text, 0);
	ts_buf_init(&sp->time, 0);
	ts_buf_init(&sp->out_time, 0);
	ts_buf_init(&sp->seq, 0);
	sp->tf = tf;
	sp->user_format = opt && opt->line_format;
	if (opt)
		o = *opt;
	else
		memset(&o, 0, sizeof o);
	rc = ts_chat_lines_new(&sp->lines, &o, "", err);
	if (rc) {
		ts_cell_splitter_free(sp);
		return rc;
	}
	*out = sp;
	return TS_OK;
}

void ts_cell_splitter_free(ts_cell_splitter *sp)
{
	if (!sp)
		return;
	ts_chat_lines_free(sp->lines);
	ts_buf_release(&sp->speaker);
	ts_buf_release(&sp->text);
	ts_buf_release(&sp->time);
	ts_buf_release(&sp->out_time);
	ts_buf_release(&sp->seq);
	free(sp);
}

/* The next line of s[*i, n) (LF, CRLF or CR end it); 0 at the end. */
static int next_line(const char *s, size_t n, size_t *i, const char **line, size_t *len)
{
	size_t j = *i;

	if (j >= n)
		return 0;
	while (j < n && s[j] != '\n' && s[j] != '\r')
		j++;
	*line = s + *i;
	*len = j - *i;
	if (j < n && s[j] == '\r' && j + 1 < n && s[j + 1] == '\n')
		j++;
	*i = j + 1;
	return 1;
}

/* Does a turn line count towards "this cell is a transcript"? */
static int counts_as_turn(ts_cell_splitter *sp, const ts_chat_line *cl)
{
	int known = 0;

	if (ts_chat_speaker_is_field(cl->speaker.p, cl->speaker.n))
		return 0;
	if (cl->timed)
		return 1;
	(void)ts_chat_speaker_role(sp->lines, cl->speaker.p, cl->speaker.n, &known);
	return known;
}

/* The flags a line is classified with: the chat reader's, for a cell
 * that is one conversation. */
static unsigned line_flags(int started, int timed)
{
	return (timed ? 0u : TS_CHAT_UNTIMED) | (started ? 0u : TS_CHAT_AT_START);
}

int ts_cell_is_transcript(ts_cell_splitter *sp, const char *s, size_t n)
{
	const char *line;
	size_t len, i = 0;
	int started = 0, timed = 0, turns = 0;
	ts_chat_line cl;

	/* most cells are not transcripts: two lines at least, and every
	 * built-in turn layout has a ':' */
	if ((!memchr(s, '\n', n) && !memchr(s, '\r', n)) ||
	    (!sp->user_format && !memchr(s, ':', n)))
		return 0;
	while (next_line(s, n, &i, &line, &len)) {
		switch (ts_chat_line_classify(sp->lines, line, len, line_flags(started, timed), &cl)) {
		case TS_CHAT_TURN:
			started = 1;
			timed |= cl.timed;
			if (counts_as_turn(sp, &cl) && ++turns == 2)
				return ts_chat_lines_nomem(sp->lines) ? TS_ENOMEM : 1;
			break;
		case TS_CHAT_SYSTEM:
			started = 1;
			break;
		default:
			break;
		}
	}
	return ts_chat_lines_nomem(sp->lines) ? TS_ENOMEM : 0;
}

static int eq_nocase(ts_str a, ts_str b)
{
	ts_trim(&a.p, &a.n);
	ts_trim(&b.p, &b.n);
	if (a.n != b.n)
		return 0;
	for (size_t i = 0; i < a.n; i++)
		if (ts_lower((unsigned char)a.p[i]) != ts_lower((unsigned char)b.p[i]))
			return 0;
	return 1;
}

/* Days since 1970-01-01 of y-m-d (a valid date), through the time parser. */
static int day_of(int y, int m, int d, int64_t *day)
{
	char b[16];
	int64_t secs;
	int w = snprintf(b, sizeof b, "%04d-%02d-%02d", y, m, d);

	if (w != 10 || ts_time_parse(NULL, b, 10, &secs))
		return -1;
	*day = secs >= 0 ? secs / DAY : -((-secs + DAY - 1) / DAY);
	return 0;
}

static void set_date(ts_cell_splitter *sp, int y, int m, int d)
{
	if (y && day_of(y, m, d, &sp->day) == 0) {
		sp->have_day = 1;
		sp->last_sod = -1;
	}
}

/* The row's time: --time-format first, then the forms read without it
 * (as the scanner reads times).  A time of day is there when the text
 * has a ':' or is all digits (Unix time). */
static void read_row_time(ts_cell_splitter *sp, ts_str v)
{
	int clock = 1;

	sp->have_row = v.n && (ts_time_parse(sp->tf, v.p, v.n, &sp->row_secs) == 0 ||
	                       (sp->tf && ts_time_parse(NULL, v.p, v.n, &sp->row_secs) == 0));
	if (!sp->have_row)
		return;
	if (!memchr(v.p, ':', v.n)) {
		for (size_t i = 0; i < v.n; i++)
			if ((v.p[i] < '0' || v.p[i] > '9') && v.p[i] != '.' && v.p[i] != ' ')
				clock = 0;
	}
	sp->row_clock = clock;
}

/* The time of a line whose time is written t, into out_time: see the
 * file's comment.  Returns TS_OK or TS_ENOMEM. */
static int line_time(ts_cell_splitter *sp, ts_str t, ts_buf *out)
{
	int y, m, d, sod;
	int64_t secs;
	char b[32];
	size_t w;

	ts_buf_reset(out);
	if (!t.n || ts_chat_clock(t.p, t.n, &y, &m, &d, &sod))
		goto row;
	if (y) {
		set_date(sp, y, m, d);
		if (!sp->have_day)
			goto row;
	} else if (sp->have_day) {
		if (sp->last_sod >= 0 && sod + HALF_DAY < sp->last_sod)
			sp->day++;
	} else if (sp->have_row) {
		int64_t day = sp->row_secs >= 0 ? sp->row_secs / DAY :
		              -((-sp->row_secs + DAY - 1) / DAY);
		secs = day * DAY + sod;
		if (sp->row_clock && secs - sp->row_secs > HALF_DAY)
			day--;
		else if (sp->row_clock && sp->row_secs - secs > HALF_DAY)
			day++;
		sp->day = day;
		sp->have_day = 1;
	} else {
		goto row;
	}
	sp->last_sod = sod;
	w = ts_time_format(sp->day * DAY + sod, b, sizeof b);
	if (w)
		return ts_buf_add(out, b, w);
row:
	return ts_buf_add(out, sp->row->f[TS_F_TIME].p, sp->row->f[TS_F_TIME].n);
}

/* Hands one message of the cell on. */
static int hand_on(ts_cell_splitter *sp, ts_role role, ts_str author, ts_str time,
                   ts_str text)
{
	ts_message m = *sp->row;
	const char *rn = ts_role_name(role);
	int rc;

	m.f[TS_F_AUTHOR] = author;
	m.f[TS_F_TIME] = time;
	m.f[TS_F_TEXT] = text;
	m.f[TS_F_ROLE].p = rn;
	m.f[TS_F_ROLE].n = strlen(rn);
	m.role = role;
	m.part = sp->parts;
	if (sp->row->f[TS_F_SEQ].n) {
		ts_buf_reset(&sp->seq);
		rc = ts_buf_add(&sp->seq, sp->row->f[TS_F_SEQ].p, sp->row->f[TS_F_SEQ].n);
		if (rc == TS_OK)
			rc = ts_buf_addf(&sp->seq, ".%u", sp->parts + 1);
		if (rc)
			return rc;
		m.f[TS_F_SEQ].p = sp->seq.p;
		m.f[TS_F_SEQ].n = sp->seq.len;
	}
	sp->parts++;
	rc = sp->fn(sp->ud, &m);
	return rc ? (rc < 0 ? rc : TS_ESTOP) : TS_OK;
}

/* The turn being read is complete. */
static int flush_turn(ts_cell_splitter *sp)
{
	ts_str speaker = { sp->speaker.p, sp->speaker.len };
	ts_str time = { sp->time.p, sp->time.len };
	ts_str text = { sp->text.p, sp->text.len };
	ts_role role;
	int known = 0;

	if (!sp->pend)
		return TS_OK;
	sp->pend = 0;
	if (!text.n)
		return TS_OK;
	role = ts_chat_speaker_role(sp->lines, speaker.p, speaker.n, &known);
	if (ts_chat_lines_nomem(sp->lines))
		return TS_ENOMEM;
	if (!known && eq_nocase(speaker, sp->row->f[TS_F_AUTHOR]))
		role = sp->row->role;
	return hand_on(sp, role, speaker, time, text);
}

static int set(ts_buf *b, ts_str s)
{
	ts_buf_reset(b);
	return ts_buf_add(b, s.p, s.n);
}

int ts_cell_split(ts_cell_splitter *sp, const ts_message *m, ts_message_fn fn,
                  void *ud)
{
	const char *s = m->f[TS_F_TEXT].p, *line;
	size_t n = m->f[TS_F_TEXT].n, len, i = 0;
	ts_chat_line cl;
	int rc = ts_cell_is_transcript(sp, s, n);

	if (rc < 0)
		return rc;
	if (!rc) {
		rc = fn(ud, m);
		return rc ? (rc < 0 ? rc : TS_ESTOP) : TS_OK;
	}
	rc = TS_OK;
	sp->row = m;
	sp->fn = fn;
	sp->ud = ud;
	sp->parts = 0;
	sp->started = sp->timed = sp->pend = 0;
	sp->have_day = 0;
	sp->last_sod = -1;
	sp->have_row = sp->row_clock = 0;
	read_row_time(sp, m->f[TS_F_TIME]);
	while (rc == TS_OK && next_line(s, n, &i, &line, &len)) {
		ts_chat_kind kind = ts_chat_line_classify(sp->lines, line, len,
		                                          line_flags(sp->started, sp->timed), &cl);
		if (ts_chat_lines_nomem(sp->lines))
			return TS_ENOMEM;
		switch (kind) {
		case TS_CHAT_BLANK:
			break;
		case TS_CHAT_HEADER:
		case TS_CHAT_DATE:
			rc = flush_turn(sp);
			set_date(sp, cl.y, cl.m, cl.d);
			break;
		case TS_CHAT_SYSTEM: {
			ts_str none = { "", 0 };
			rc = flush_turn(sp);
			sp->started = 1;
			if (rc == TS_OK)
				rc = line_time(sp, cl.time, &sp->out_time);
			if (rc == TS_OK)
				rc = hand_on(sp, TS_ROLE_SYSTEM, none,
				             (ts_str){ sp->out_time.p, sp->out_time.len }, cl.text);
			break;
		}
		case TS_CHAT_TURN:
			rc = flush_turn(sp);
			sp->started = 1;
			sp->timed |= cl.timed;
			if (rc == TS_OK)
				rc = line_time(sp, cl.time, &sp->time);
			if (rc == TS_OK)
				rc = set(&sp->speaker, cl.speaker);
			if (rc == TS_OK)
				rc = set(&sp->text, cl.text);
			sp->pend = rc == TS_OK;
			break;
		case TS_CHAT_OTHER:
			if (!sp->pend)
				break; /* before the first turn, or after a system line */
			if (sp->text.len)
				rc = ts_buf_addc(&sp->text, '\n');
			if (rc == TS_OK)
				rc = ts_buf_add(&sp->text, cl.text.p, cl.text.n);
			break;
		}
	}
	if (rc == TS_OK)
		rc = flush_turn(sp);
	/* every turn was empty: the cell stays one message */
	if (rc == TS_OK && !sp->parts) {
		rc = fn(ud, m);
		rc = rc ? (rc < 0 ? rc : TS_ESTOP) : TS_OK;
	}
	sp->row = NULL;
	return rc;
}
