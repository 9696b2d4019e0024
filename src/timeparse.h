/*
 * timeparse.h - message timestamps to seconds since the Unix epoch (UTC),
 * for response timing and the FCR window (internal).
 *
 * No C library time functions are used (strptime, mktime and timegm
 * depend on the locale and TZ): a time without a zone is UTC, so a result
 * never depends on the machine.  Dates are proleptic Gregorian, years
 * 0000-9999.  Fractions of a second are dropped (truncated).  Parsing
 * allocates nothing and keeps no state; a compiled format is read-only
 * and can be shared by threads.
 */
#ifndef TS_TIMEPARSE_H
#define TS_TIMEPARSE_H

#include <stddef.h>
#include <stdint.h>

#include "traitscan.h"

/* A compiled --time-format. */
typedef struct ts_timefmt ts_timefmt;

/*
 * Compiles a strptime-like spec for --time-format.  Conversions:
 *   %Y  year, 4 digits             %y  year, 2 digits (69-99 -> 19xx, else 20xx)
 *   %m  month, 1-2 digits          %b  month name, 3+ letters of it, any case
 *   %d  day, 1-2 digits            %j  day of the year, 1-3 digits
 *   %H  hour 0-23, 1-2 digits      %I  hour 1-12, 1-2 digits (needs %p)
 *   %M  minute, 1-2 digits         %p  AM or PM, any case (needs %I)
 *   %S  second 0-60, 1-2 digits    %f  digits of a fraction (dropped)
 *   %a  weekday name, 3+ letters (not checked against the date)
 *   %z  zone: Z, +hh, +hhmm, +hh:mm (or -)
 *   %%  a '%'
 * Any other character matches itself (case-sensitive); a run of spaces or
 * tabs matches one or more spaces or tabs.  Numbers are read greedily up to
 * their width (so "%H%M" reads "0930" as 09:30).  spec must not be NULL.  The spec must give a year and either a month and a day
 * or a day of the year (%j, not with %m, %b or %d); each field at most
 * once.  Returns TS_OK, TS_EUSAGE with err->msg saying what is wrong and
 * where (err->col is the 1-based column in the spec), or TS_ENOMEM.
 */
int ts_timefmt_compile(ts_timefmt **out, const char *spec, ts_error *err);
void ts_timefmt_free(ts_timefmt *f);

/*
 * Parses s[0..n) (never reads past n; s need not be NUL-terminated).
 * Leading and trailing spaces, tabs, CR and LF are ignored.  With fmt the
 * whole text must match it.  With fmt NULL the text is recognised
 * automatically as one of:
 *   ISO 8601      2017-10-31, 2017-10-31T22:10:47, 2017-10-31 22:10:47.123Z,
 *                 2017-10-31T22:10+01:00: YYYY-MM-DD, then 'T' or spaces and
 *                 HH:MM[:SS[.fraction or ,fraction]], then an optional zone
 *                 (Z, +hh, +hhmm, +hh:mm, -..., or after a space one of
 *                 those or a zone name as in RFC 2822 below)
 *   slashed       2017/10/31 22:10:47: the same with '/' in the date, and
 *                 1-2 digit month, day and hour
 *   twcs / ctime  Tue Oct 31 22:10:47 +0000 2017 (zone optional)
 *   RFC 2822      Tue, 31 Oct 2017 22:10:47 +0000 (GMT): weekday optional,
 *                 seconds optional, 2-digit years (< 50 -> 20xx), zone
 *                 optional, zone names UT, UTC, GMT, Z, EST, EDT, CST, CDT,
 *                 MST, MDT, PST, PDT, a trailing (comment)
 *   Unix time     9-11 digits: seconds; 12-14 digits: milliseconds (divided
 *                 by 1000, rounded down); either with an optional .fraction
 * Month and weekday names are English, any case, 3 letters or more of the
 * full name; a weekday is not checked against the date.  A time without a
 * zone is UTC.  Checked: month 1-12, the day within the month (leap years
 * included), hour 0-23 (24:00:00 is midnight of the next day), minute 0-59,
 * second 0-60 (60 counts as one more second), zone within +-18:00.
 * Returns 0 with *secs set, or -1 when the text is not a valid time.
 */
int ts_time_parse(const ts_timefmt *fmt, const char *s, size_t n, int64_t *secs);

/* Writes secs as ISO 8601 UTC ("2017-10-31T22:10:47Z") to buf (20 bytes
 * with the NUL) and returns its length; 0 (and an empty string) when the
 * year is outside 0000-9999 or cap is too small. */
size_t ts_time_format(int64_t secs, char *buf, size_t cap);

#endif
