/*
 * timeparse.c - timestamps to Unix seconds (see timeparse.h): a bounded
 * cursor over the text, a few field parsers, the automatic formats, the
 * --time-format compiler and matcher, and days-from-civil.  Nothing here
 * allocates while parsing or reads the locale, TZ or a clock.
 */
#include "timeparse.h"

#include <stdio.h>

#include <stdlib.h>
#include <string.h>

#include "util.h"

#define MAX_ZONE_MIN (18 * 60)

/* The broken-down time being filled in; hour12/pm only for %I/%p. */
typedef struct fields {
	int year, mon, day, yday;
	int hour, min, sec;
	int off;        /* zone offset east of UTC, seconds */
	int hour12, pm; /* pm: -1 none, 0 AM, 1 PM */
} fields;

/* A cursor over s[0..n): every read goes through peek(), so nothing is
 * read past n. */
typedef struct cur {
	const char *s;
	size_t i, n;
} cur;

static int peek(const cur *c)
{
	return c->i < c->n ? (unsigned char)c->s[c->i] : -1;
}

static int is_digit(int ch)
{
	return ch >= '0' && ch <= '9';
}

static int is_alpha(int ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

static int is_space(int ch)
{
	return ch == ' ' || ch == '\t';
}

static int accept(cur *c, int ch)
{
	if (peek(c) != ch)
		return 0;
	c->i++;
	return 1;
}

static size_t spaces(cur *c)
{
	size_t k = 0;

	while (is_space(peek(c))) {
		c->i++;
		k++;
	}
	return k;
}

/* Reads minw..maxw digits (maxw <= 9) into *out. */
static int number(cur *c, int minw, int maxw, int *out)
{
	int v = 0, w = 0;

	while (w < maxw && is_digit(peek(c))) {
		v = v * 10 + (peek(c) - '0');
		c->i++;
		w++;
	}
	*out = v;
	return w >= minw ? 0 : -1;
}

/* One or more digits of a fraction, dropped. */
static int fraction(cur *c)
{
	size_t start = c->i;

	while (is_digit(peek(c)))
		c->i++;
	return c->i > start ? 0 : -1;
}

static const char *const month_names[] = {
	"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december",
};
static const char *const weekday_names[] = {
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
};

/* A run of letters that is 3 or more letters of one of the names, any
 * case: returns its index (consuming the run) or -1 (consuming nothing). */
static int name_index(cur *c, const char *const *names, int count)
{
	size_t start = c->i, len = 0;

	while (is_alpha(peek(c))) {
		c->i++;
		len++;
	}
	if (len >= 3) {
		for (int k = 0; k < count; k++) {
			size_t j = 0;
			while (j < len && names[k][j] &&
			       ts_lower((unsigned char)c->s[start + j]) == (unsigned char)names[k][j])
				j++;
			if (j == len)
				return k;
		}
	}
	c->i = start;
	return -1;
}

static int month_name(cur *c, int *mon)
{
	int k = name_index(c, month_names, 12);

	*mon = k + 1;
	return k < 0 ? -1 : 0;
}

static int weekday_name(cur *c)
{
	return name_index(c, weekday_names, 7) < 0 ? -1 : 0;
}

/* +hh, +hhmm, +hh:mm or the same with '-'; at most 18:00. */
static int zone_numeric(cur *c, int *off)
{
	int sign, hh, mm = 0, ch = peek(c);

	if (ch != '+' && ch != '-')
		return -1;
	sign = ch == '-' ? -1 : 1;
	c->i++;
	if (number(c, 2, 2, &hh))
		return -1;
	if (accept(c, ':')) {
		if (number(c, 2, 2, &mm))
			return -1;
	} else if (is_digit(peek(c)) && number(c, 2, 2, &mm)) {
		return -1;
	}
	if (mm > 59 || hh * 60 + mm > MAX_ZONE_MIN)
		return -1;
	*off = sign * (hh * 3600 + mm * 60);
	return 0;
}

/* A numeric zone or a name: Z, UT, UTC, GMT and RFC 822's US zones. */
static int zone(cur *c, int *off)
{
	static const struct {
		const char *name;
		int hours;
	} names[] = {
		{"z", 0}, {"ut", 0}, {"utc", 0}, {"gmt", 0},
		{"est", -5}, {"edt", -4}, {"cst", -6}, {"cdt", -5},
		{"mst", -7}, {"mdt", -6}, {"pst", -8}, {"pdt", -7},
	};
	size_t start = c->i, len;

	if (!is_alpha(peek(c)))
		return zone_numeric(c, off);
	while (is_alpha(peek(c)))
		c->i++;
	len = c->i - start;
	for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
		if (ts_eq_nocase(c->s + start, len, names[k].name)) {
			*off = names[k].hours * 3600;
			return 0;
		}
	}
	c->i = start;
	return -1;
}

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
	static const unsigned char dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	return m == 2 && is_leap(y) ? 29 : dim[m - 1];
}

/*
 * Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (after
 * Howard Hinnant's days_from_civil): years start on March 1 so that the
 * leap day is the last day of a year; 400-year eras have 146097 days; the
 * day of a March-based year is (153 * month + 2) / 5 + day - 1; 719468 is
 * the day number of 1970-01-01 counted from 0000-03-01.
 */
static int64_t days_from_civil(int y, int m, int d)
{
	int64_t yy = (int64_t)y - (m <= 2);
	int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
	int64_t yoe = yy - era * 400;                         /* [0, 399] */
	int64_t mp = m > 2 ? m - 3 : m + 9;                   /* March = 0 */
	int64_t doy = (153 * mp + 2) / 5 + d - 1;             /* [0, 365] */
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;  /* [0, 146096] */

	return era * 146097 + doe - 719468;
}

/* Checks the fields and turns them into seconds. */
static int to_secs(fields *t, int64_t *secs)
{
	int64_t days;

	if (t->year < 0 || t->year > 9999)
		return -1;
	if (t->hour12) {
		if (t->hour < 1 || t->hour > 12 || t->pm < 0)
			return -1;
		t->hour = t->hour % 12 + (t->pm ? 12 : 0);
	}
	if (t->yday) {
		if (t->yday > (is_leap(t->year) ? 366 : 365))
			return -1;
		days = days_from_civil(t->year, 1, 1) + t->yday - 1;
	} else {
		if (t->mon < 1 || t->mon > 12 || t->day < 1 ||
		    t->day > days_in_month(t->year, t->mon))
			return -1;
		days = days_from_civil(t->year, t->mon, t->day);
	}
	if (t->hour > 24 || t->min > 59 || t->sec > 60 ||
	    (t->hour == 24 && (t->min || t->sec)))
		return -1;
	*secs = days * 86400 + t->hour * 3600 + t->min * 60 + t->sec - t->off;
	return 0;
}

static void fields_init(fields *t)
{
	memset(t, 0, sizeof *t);
	t->pm = -1;
}

/* HH:MM[:SS[.fraction]]; the hour has hour_minw..2 digits. */
static int hms(cur *c, int hour_minw, fields *t)
{
	if (number(c, hour_minw, 2, &t->hour) || !accept(c, ':') || number(c, 2, 2, &t->min))
		return -1;
	if (!accept(c, ':'))
		return 0;
	if (number(c, 2, 2, &t->sec))
		return -1;
	if (accept(c, '.') || accept(c, ','))
		return fraction(c);
	return 0;
}

/* ISO 8601 (sep '-', strict widths) and the slashed export form
 * (sep '/', 1-2 digit month, day and hour). */
static int parse_iso(cur *c, int sep, fields *t)
{
	int w = sep == '-' ? 2 : 1, ch;

	if (number(c, 4, 4, &t->year) || !accept(c, sep) || number(c, w, 2, &t->mon) ||
	    !accept(c, sep) || number(c, w, 2, &t->day))
		return -1;
	if (peek(c) < 0)
		return 0;
	if (!accept(c, 'T') && !accept(c, 't') && !spaces(c))
		return -1;
	if (hms(c, w, t))
		return -1;
	ch = peek(c);
	if (ch < 0)
		return 0;
	if (ch == 'Z' || ch == 'z') {
		c->i++;
		return 0;
	}
	if (ch == '+' || ch == '-')
		return zone_numeric(c, &t->off);
	if (!spaces(c))
		return -1;
	return zone(c, &t->off);
}

/* After the weekday: "Oct 31 22:10:47 [+0000 ]2017" (twcs, ctime). */
static int parse_twcs(cur *c, fields *t)
{
	int ch;

	if (month_name(c, &t->mon) || !spaces(c) || number(c, 1, 2, &t->day) || !spaces(c) ||
	    hms(c, 2, t) || !spaces(c))
		return -1;
	ch = peek(c);
	if (ch == '+' || ch == '-' || is_alpha(ch)) {
		if (zone(c, &t->off) || !spaces(c))
			return -1;
	}
	return number(c, 4, 4, &t->year);
}

/* After the optional weekday: "31 Oct 2017 22:10[:47] [+0000] [(comment)]". */
static int parse_rfc2822(cur *c, fields *t)
{
	size_t start;

	if (number(c, 1, 2, &t->day) || !spaces(c) || month_name(c, &t->mon) || !spaces(c))
		return -1;
	start = c->i;
	if (number(c, 2, 4, &t->year))
		return -1;
	/* RFC 2822 4.3: two-digit years below 50 are 20xx, others 19xx;
	 * three digits are added to 1900. */
	if (c->i - start == 2)
		t->year += t->year < 50 ? 2000 : 1900;
	else if (c->i - start == 3)
		t->year += 1900;
	if (!spaces(c) || hms(c, 2, t))
		return -1;
	if (!spaces(c))
		return 0; /* the end (checked by the caller) or garbage */
	if (peek(c) != '(' && zone(c, &t->off))
		return -1;
	spaces(c);
	if (accept(c, '(')) {
		while (peek(c) >= 0 && peek(c) != ')')
			c->i++;
		if (!accept(c, ')'))
			return -1;
		spaces(c);
	}
	return 0;
}

/* 9-11 digits: seconds; 12-14: milliseconds; an optional .fraction. */
static int parse_unix(cur *c, int64_t *secs)
{
	int64_t v = 0;
	size_t k = 0;

	while (is_digit(peek(c)) && k < 15) {
		v = v * 10 + (peek(c) - '0');
		c->i++;
		k++;
	}
	if (k < 9 || k > 14 || (accept(c, '.') && fraction(c)) || peek(c) >= 0)
		return -1;
	*secs = k >= 12 ? v / 1000 : v;
	return 0;
}

static int parse_auto(cur *c, int64_t *secs)
{
	fields t;
	size_t k = 0;
	int ch = peek(c);

	fields_init(&t);
	if (is_digit(ch)) {
		while (c->i + k < c->n && is_digit((unsigned char)c->s[c->i + k]))
			k++;
		if (k == 4 && c->i + k < c->n && (c->s[c->i + k] == '-' || c->s[c->i + k] == '/')) {
			if (parse_iso(c, c->s[c->i + k], &t))
				return -1;
		} else if (k >= 9) {
			return parse_unix(c, secs);
		} else if (k <= 2) {
			if (parse_rfc2822(c, &t))
				return -1;
		} else {
			return -1;
		}
	} else if (is_alpha(ch)) {
		if (weekday_name(c))
			return -1;
		accept(c, ',');
		spaces(c);
		if (is_digit(peek(c))) {
			if (parse_rfc2822(c, &t))
				return -1;
		} else if (parse_twcs(c, &t)) {
			return -1;
		}
	} else {
		return -1;
	}
	if (peek(c) >= 0)
		return -1;
	return to_secs(&t, secs);
}

/* --- --time-format ------------------------------------------------------ */

enum item_kind {
	IT_LIT, IT_SPACE, IT_YEAR4, IT_YEAR2, IT_MON, IT_MONNAME, IT_DAY, IT_YDAY,
	IT_HOUR, IT_HOUR12, IT_MIN, IT_SEC, IT_AMPM, IT_WDAY, IT_ZONE, IT_FRAC,
};

typedef struct item {
	unsigned char kind;
	char ch; /* IT_LIT */
} item;

struct ts_timefmt {
	size_t n;
	item v[];
};

/* The field each conversion sets (one bit each), to refuse a field given
 * twice and a format that cannot make a date. */
enum {
	F_YEAR = 1, F_MON = 2, F_DAY = 4, F_YDAY = 8, F_HOUR = 16, F_MIN = 32,
	F_SEC = 64, F_AMPM = 128, F_WDAY = 256, F_ZONE = 512, F_HOUR12 = 1024,
};

static const struct conv {
	char letter;
	unsigned char kind;
	unsigned field;
	const char *what;
} convs[] = {
	{'Y', IT_YEAR4, F_YEAR, "the year"},
	{'y', IT_YEAR2, F_YEAR, "the year"},
	{'m', IT_MON, F_MON, "the month"},
	{'b', IT_MONNAME, F_MON, "the month"},
	{'d', IT_DAY, F_DAY, "the day"},
	{'j', IT_YDAY, F_YDAY, "the day of the year"},
	{'H', IT_HOUR, F_HOUR, "the hour"},
	{'I', IT_HOUR12, F_HOUR | F_HOUR12, "the hour"},
	{'M', IT_MIN, F_MIN, "the minute"},
	{'S', IT_SEC, F_SEC, "the second"},
	{'p', IT_AMPM, F_AMPM, "AM/PM"},
	{'a', IT_WDAY, F_WDAY, "the weekday"},
	{'z', IT_ZONE, F_ZONE, "the zone"},
	{'f', IT_FRAC, 0, NULL},
};

/* Names a conversion for a message: "%q", or "%\x01" when unprintable. */
static void conv_name(char *buf, size_t size, char ch)
{
	if ((unsigned char)ch >= 0x21 && (unsigned char)ch < 0x7f)
		snprintf(buf, size, "%%%c", ch);
	else
		snprintf(buf, size, "%%\\x%02x", (unsigned)(unsigned char)ch);
}

int ts_timefmt_compile(ts_timefmt **out, const char *spec, ts_error *err)
{
	size_t len = strlen(spec), n = 0, col = 0;
	unsigned have = 0;
	const char *why = NULL;
	char name[8], what[64];
	ts_timefmt *f;

	*out = NULL;
	if (len == 0)
		return ts_error_set(err, TS_EUSAGE, NULL, 0, "empty time format");
	f = malloc(sizeof *f + len * sizeof f->v[0]);
	if (!f)
		return ts_error_set(err, TS_ENOMEM, NULL, 0, "out of memory");
	for (size_t i = 0; i < len; i++) {
		const struct conv *cv = NULL;
		char ch = spec[i];

		if (ch == ' ' || ch == '\t') {
			while (i + 1 < len && (spec[i + 1] == ' ' || spec[i + 1] == '\t'))
				i++;
			f->v[n++] = (item){IT_SPACE, 0};
			continue;
		}
		if (ch != '%') {
			f->v[n++] = (item){IT_LIT, ch};
			continue;
		}
		col = i + 1;
		if (i + 1 == len) {
			why = "a lone '%'";
			goto fail;
		}
		ch = spec[++i];
		if (ch == '%') {
			f->v[n++] = (item){IT_LIT, '%'};
			continue;
		}
		conv_name(name, sizeof name, ch);
		for (size_t k = 0; k < sizeof convs / sizeof convs[0]; k++)
			if (convs[k].letter == ch)
				cv = &convs[k];
		if (!cv) {
			snprintf(what, sizeof what, "unknown conversion '%s'", name);
			why = what;
			goto fail;
		}
		if (cv->field & have & ~(unsigned)F_HOUR12) {
			snprintf(what, sizeof what, "'%s' gives %s a second time", name, cv->what);
			why = what;
			goto fail;
		}
		have |= cv->field;
		f->v[n++] = (item){cv->kind, 0};
	}
	f->n = n;
	col = 0;
	if (!(have & F_YEAR))
		why = "no year (%Y or %y)";
	else if ((have & F_YDAY) && (have & (F_MON | F_DAY)))
		why = "'%j' cannot be used with a month or a day";
	else if (!(have & F_YDAY) && !(have & F_MON))
		why = "no month (%m or %b)";
	else if (!(have & F_YDAY) && !(have & F_DAY))
		why = "no day (%d or %j)";
	else if ((have & F_HOUR12) && !(have & F_AMPM))
		why = "'%I' needs '%p'";
	else if ((have & F_AMPM) && !(have & F_HOUR12))
		why = "'%p' needs '%I' (not '%H')";
	if (why)
		goto fail;
	*out = f;
	return TS_OK;
fail:
	free(f);
	if (col)
		ts_error_set(err, TS_EUSAGE, NULL, 0, "time format '%.200s': %s at column %zu", spec,
		             why, col);
	else
		ts_error_set(err, TS_EUSAGE, NULL, 0, "time format '%.200s': %s", spec, why);
	if (err)
		err->col = (unsigned long)col;
	return TS_EUSAGE;
}

void ts_timefmt_free(ts_timefmt *f)
{
	free(f);
}

/* AM or PM, any case, not followed by a letter. */
static int ampm(cur *c, int *pm)
{
	int a, b;

	if (c->n - c->i < 2)
		return -1;
	a = ts_lower((unsigned char)c->s[c->i]);
	b = ts_lower((unsigned char)c->s[c->i + 1]);
	if ((a != 'a' && a != 'p') || b != 'm')
		return -1;
	c->i += 2;
	if (is_alpha(peek(c)))
		return -1;
	*pm = a == 'p';
	return 0;
}

static int parse_fmt(const ts_timefmt *f, cur *c, int64_t *secs)
{
	fields t;
	int v;

	fields_init(&t);
	for (size_t k = 0; k < f->n; k++) {
		int bad = 0;
		switch (f->v[k].kind) {
		case IT_LIT: bad = !accept(c, (unsigned char)f->v[k].ch); break;
		case IT_SPACE: bad = !spaces(c); break;
		case IT_YEAR4: bad = number(c, 4, 4, &t.year); break;
		case IT_YEAR2:
			bad = number(c, 2, 2, &v);
			t.year = v < 69 ? 2000 + v : 1900 + v; /* POSIX strptime's pivot */
			break;
		case IT_MON: bad = number(c, 1, 2, &t.mon); break;
		case IT_MONNAME: bad = month_name(c, &t.mon); break;
		case IT_DAY: bad = number(c, 1, 2, &t.day); break;
		case IT_YDAY: bad = number(c, 1, 3, &t.yday) || t.yday == 0; break;
		case IT_HOUR: bad = number(c, 1, 2, &t.hour); break;
		case IT_HOUR12: bad = number(c, 1, 2, &t.hour); t.hour12 = 1; break;
		case IT_MIN: bad = number(c, 1, 2, &t.min); break;
		case IT_SEC: bad = number(c, 1, 2, &t.sec); break;
		case IT_AMPM: bad = ampm(c, &t.pm); break;
		case IT_WDAY: bad = weekday_name(c); break;
		case IT_ZONE:
			if (accept(c, 'Z') || accept(c, 'z'))
				t.off = 0;
			else
				bad = zone_numeric(c, &t.off);
			break;
		case IT_FRAC: bad = fraction(c); break;
		default: bad = 1; break;
		}
		if (bad)
			return -1;
	}
	if (peek(c) >= 0)
		return -1;
	return to_secs(&t, secs);
}

int ts_time_parse(const ts_timefmt *fmt, const char *s, size_t n, int64_t *secs)
{
	cur c;
	int64_t v;

	while (n && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	if (n == 0)
		return -1;
	c.s = s;
	c.i = 0;
	c.n = n;
	if ((fmt ? parse_fmt(fmt, &c, &v) : parse_auto(&c, &v)) != 0)
		return -1;
	*secs = v;
	return 0;
}

/* The inverse of days_from_civil: a day count since 1970-01-01 to a
 * proleptic Gregorian date (the same era arithmetic run backwards). */
static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

size_t ts_time_format(int64_t secs, char *buf, size_t cap)
{
	int64_t days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
	int64_t rem = secs - days * 86400, y;
	int m, d, n;

	civil_from_days(days, &y, &m, &d);
	if (y < 0 || y > 9999) {
		if (cap)
			buf[0] = '\0';
		return 0;
	}
	n = snprintf(buf, cap, "%04d-%02d-%02dT%02d:%02d:%02dZ", (int)y, m, d,
	             (int)(rem / 3600), (int)(rem % 3600 / 60), (int)(rem % 60));
	return n < 0 || (size_t)n >= cap ? 0 : (size_t)n;
}
