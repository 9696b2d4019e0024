/*
 * message.c - the message model's vocabulary: field names and the role
 * values help-desk exports use.  No parsing of files here.
 */
#include <string.h>

#include "traitscan.h"
#include "util.h"

static const char *const field_names[TS_F_COUNT] = {
	"conversation", "seq", "time", "role", "author",
	"customer", "channel", "text", "status", "reopens", "assignee",
	"message_id", "reply_to",
};

const char *ts_field_name(ts_field f)
{
	return (unsigned)f < TS_F_COUNT ? field_names[f] : "?";
}

int ts_field_parse(const char *name, size_t n)
{
	for (int i = 0; i < TS_F_COUNT; i++)
		if (ts_eq_nocase(name, n, field_names[i]))
			return i;
	return -1;
}

#define ROLE_VALUE_MAX 14 /* bytes of the longest value below */

static const struct {
	const char *value;
	ts_role role;
} role_values[] = {
	{"agent", TS_ROLE_AGENT}, {"admin", TS_ROLE_AGENT},
	{"staff", TS_ROLE_AGENT}, {"operator", TS_ROLE_AGENT},
	{"support", TS_ROLE_AGENT}, {"supporter", TS_ROLE_AGENT},
	{"rep", TS_ROLE_AGENT}, {"representative", TS_ROLE_AGENT},
	{"advisor", TS_ROLE_AGENT}, {"teammate", TS_ROLE_AGENT},
	{"outbound", TS_ROLE_AGENT}, {"outgoing", TS_ROLE_AGENT},
	{"customer", TS_ROLE_CUSTOMER}, {"end-user", TS_ROLE_CUSTOMER},
	{"end_user", TS_ROLE_CUSTOMER}, {"enduser", TS_ROLE_CUSTOMER},
	{"user", TS_ROLE_CUSTOMER}, {"requester", TS_ROLE_CUSTOMER},
	{"client", TS_ROLE_CUSTOMER}, {"lead", TS_ROLE_CUSTOMER},
	{"contact", TS_ROLE_CUSTOMER}, {"visitor", TS_ROLE_CUSTOMER},
	{"inbound", TS_ROLE_CUSTOMER}, {"incoming", TS_ROLE_CUSTOMER},
	{"bot", TS_ROLE_BOT}, {"chatbot", TS_ROLE_BOT},
	{"automation", TS_ROLE_BOT}, {"system", TS_ROLE_SYSTEM},
	{"note", TS_ROLE_NOTE}, {"internal", TS_ROLE_NOTE},
	{"private", TS_ROLE_NOTE}, {"internal_note", TS_ROLE_NOTE},
	{"private_note", TS_ROLE_NOTE},
};

ts_role ts_role_parse(const char *s, size_t n)
{
	ts_trim(&s, &n);
	if (n > ROLE_VALUE_MAX)
		return TS_ROLE_UNKNOWN; /* an e-mail address, a name: no role word */
	for (size_t i = 0; i < sizeof role_values / sizeof role_values[0]; i++)
		if (ts_eq_nocase(s, n, role_values[i].value))
			return role_values[i].role;
	return TS_ROLE_UNKNOWN;
}

const char *ts_role_name(ts_role r)
{
	static const char *const names[TS_ROLE_COUNT] = {
		"unknown", "agent", "customer", "bot", "system", "note",
	};
	return (unsigned)r < TS_ROLE_COUNT ? names[r] : "unknown";
}
