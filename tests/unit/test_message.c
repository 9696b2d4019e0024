/* test_message.c - role values and field names of the message model. */
#include <string.h>

#include "test.h"
#include "traitscan.h"

static ts_role role(const char *s)
{
	return ts_role_parse(s, strlen(s));
}

static void roles_normalise(void)
{
	CHECK_EQ_INT(role("agent"), TS_ROLE_AGENT);
	CHECK_EQ_INT(role(" Admin "), TS_ROLE_AGENT);
	CHECK_EQ_INT(role("STAFF"), TS_ROLE_AGENT);
	CHECK_EQ_INT(role("operator"), TS_ROLE_AGENT);
	CHECK_EQ_INT(role("support"), TS_ROLE_AGENT);
	CHECK_EQ_INT(role("end-user"), TS_ROLE_CUSTOMER);
	CHECK_EQ_INT(role("Customer"), TS_ROLE_CUSTOMER);
	CHECK_EQ_INT(role("requester"), TS_ROLE_CUSTOMER);
	CHECK_EQ_INT(role("client"), TS_ROLE_CUSTOMER);
	CHECK_EQ_INT(role("lead"), TS_ROLE_CUSTOMER);
	CHECK_EQ_INT(role("contact"), TS_ROLE_CUSTOMER);
	CHECK_EQ_INT(role("user"), TS_ROLE_CUSTOMER);
	CHECK_EQ_INT(role("bot"), TS_ROLE_BOT);
	CHECK_EQ_INT(role("system"), TS_ROLE_SYSTEM);
	CHECK_EQ_INT(role("note"), TS_ROLE_NOTE);
	CHECK_EQ_INT(role("internal"), TS_ROLE_NOTE);
	CHECK_EQ_INT(role("private"), TS_ROLE_NOTE);
	/* the longest values (ts_role_parse rejects longer text at once) */
	CHECK_EQ_INT(role("Representative"), TS_ROLE_AGENT);
	CHECK_EQ_INT(role(" internal_note "), TS_ROLE_NOTE);
	CHECK_EQ_INT(role("private_note"), TS_ROLE_NOTE);
	CHECK_EQ_INT(role("representatives"), TS_ROLE_UNKNOWN);
	CHECK_EQ_INT(role("agent@example.com"), TS_ROLE_UNKNOWN);
	CHECK_EQ_INT(role("agentx"), TS_ROLE_UNKNOWN);
	CHECK_EQ_INT(role(""), TS_ROLE_UNKNOWN);
	CHECK_EQ_INT(ts_role_parse("agent", 3), TS_ROLE_UNKNOWN); /* "age" */
	CHECK_EQ_STR(ts_role_name(TS_ROLE_CUSTOMER), "customer");
	CHECK_EQ_STR(ts_role_name((ts_role)99), "unknown");
}

static void fields_round_trip(void)
{
	for (int f = 0; f < TS_F_COUNT; f++) {
		const char *n = ts_field_name((ts_field)f);
		CHECK_EQ_INT(ts_field_parse(n, strlen(n)), f);
	}
	CHECK_EQ_INT(ts_field_parse("TEXT", 4), TS_F_TEXT);
	CHECK_EQ_INT(ts_field_parse("textx", 5), -1);
	CHECK_EQ_INT(ts_field_parse("tex", 3), -1);
}

int main(void)
{
	TS_RUN(roles_normalise);
	TS_RUN(fields_round_trip);
	TS_TEST_MAIN_END();
}
