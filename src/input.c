/*
 * input.c - the input formats: their names and how an input's format is
 * told from its name and first bytes (--input-format auto).  Not here:
 * reading any format (read_*.c) or opening files (source.c).
 */
#include "input.h"

#include <string.h>

#include "read_chat.h"
#include "read_email.h"
#include "read_json.h"
#include "traitscan.h"
#include "util.h"

static const char *const format_names[TS_IN_COUNT] = {
	"auto", "csv", "chat", "email", "json"
};

const char *ts_input_format_name(ts_input_format f)
{
	return (unsigned)f < TS_IN_COUNT ? format_names[f] : "?";
}

int ts_input_format_parse(const char *name)
{
	for (int i = 0; i < TS_IN_COUNT; i++)
		if (strcmp(name, format_names[i]) == 0)
			return i;
	return -1;
}

static int has_suffix(const char *s, size_t n, const char *suffix)
{
	size_t m = strlen(suffix);
	return n >= m && ts_eq_nocase(s + n - m, m, suffix);
}

/* The format a file name promises, TS_IN_AUTO when it promises none. */
static ts_input_format by_name(const char *name)
{
	static const struct {
		const char *suffix;
		ts_input_format f;
	} ext[] = {
		{ ".csv", TS_IN_CSV }, { ".tsv", TS_IN_CSV },
		{ ".txt", TS_IN_CHAT }, { ".log", TS_IN_CHAT },
		{ ".mbox", TS_IN_EMAIL }, { ".mbx", TS_IN_EMAIL }, { ".eml", TS_IN_EMAIL },
		{ ".json", TS_IN_JSON }, { ".jsonl", TS_IN_JSON }, { ".ndjson", TS_IN_JSON },
	};
	size_t n = name ? strlen(name) : 0;

	if (has_suffix(name, n, ".gz"))
		n -= 3;
	for (size_t i = 0; i < sizeof ext / sizeof *ext; i++)
		if (has_suffix(name, n, ext[i].suffix))
			return ext[i].f;
	return TS_IN_AUTO;
}

/* A header line of an e-mail message: a known field name and a colon. */
static int email_header(const char *p, size_t n)
{
	static const char *const fields[] = {
		"From:", "Return-Path:", "Received:", "Message-ID:", "Date:", "Subject:",
		"To:", "Delivered-To:", "MIME-Version:", "X-"
	};
	for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
		size_t m = strlen(fields[i]);
		if (n >= m && ts_eq_nocase(p, m, fields[i]))
			return 1;
	}
	return 0;
}

ts_input_format ts_input_format_from_name(const char *name)
{
	return by_name(name);
}

int ts_input_sniff(const void *head, size_t n, ts_input_format *out)
{
	const char *p = head;
	int chat;

	if (n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0) {
		p += 3;
		n -= 3;
	}
	while (n && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')) {
		p++;
		n--;
	}
	/* p and n, not head: n no longer counts the blanks skipped above */
	*out = TS_IN_AUTO;
	if (ts_json_sniff(p, n)) {
		*out = TS_IN_JSON;
		return TS_OK;
	}
	/* a "From " line counts only with its date (ts_email_sniff), as
	 * the mbox reader splits on: "From address,Body" is a CSV header */
	if (email_header(p, n) || ts_email_sniff(p, n)) {
		*out = TS_IN_EMAIL;
		return TS_OK;
	}
	chat = ts_chat_sniff(p, n);
	if (chat < 0)
		return chat;
	if (chat)
		*out = TS_IN_CHAT;
	return TS_OK;
}

int ts_input_detect(const char *name, const void *head, size_t n, ts_input_format *out)
{
	int rc = TS_OK;

	*out = by_name(name);
	if (*out == TS_IN_AUTO)
		rc = ts_input_sniff(head, n, out);
	if (*out == TS_IN_AUTO)
		*out = TS_IN_CSV;
	return rc;
}

/* The public forms: out of memory, the bytes say nothing. */
ts_input_format ts_input_format_sniff(const void *head, size_t n)
{
	ts_input_format f;

	ts_input_sniff(head, n, &f);
	return f;
}

ts_input_format ts_input_format_detect(const char *name, const void *head, size_t n)
{
	ts_input_format f;

	ts_input_detect(name, head, n, &f);
	return f;
}
