/*
 * test_acronym.c - unexplained acronyms and explained jargon, driven
 * through the analyser one conversation at a time: acronyms counted,
 * explained (bracket either way, "stands for", "is short for", ", which
 * is", ", i.e.", "- that's", initials after a dash, the next sentence),
 * used by the customer first, everyday, shouted, repeated, glued into
 * addresses and codes; lexicon jargon explained, explained earlier, used
 * by the customer first; words that only look like acronyms (iPhone,
 * McDonald, 2024, NETWORK, emphasis); the bounded customer memory and
 * begin() forgetting a conversation.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyse.h"
#include "lexset_fixture.h"
#include "test.h"
#include "traitscan.h"

/* A small jargon category, as a user's lexicon directory would hold. */
static const char jargon_lex[] =
	"@category jargon\n"
	"@role agent\n"
	"@negate no\n"
	"apn\n"
	"sla\n"
	"dns\n"
	"ip address\n"
	"root cause analysis\n"
	"provision*\n";

static const char empathy_lex[] =
	"@category empathy\n"
	"@role agent\n"
	"sorry to hear\n";

static ts_lexset *make_set(int with_jargon)
{
	if (with_jargon)
		return lx_set(NULL, "jargon.txt", jargon_lex, "empathy.txt", empathy_lex,
		              (char *)NULL);
	return lx_set(NULL, "empathy.txt", empathy_lex, (char *)NULL);
}

static ts_lexset *g_set;
static ts_analyser *g_an;
static int g_jargon;

/*
 * Runs one conversation ("A: text" for the agent, "C: " customer, "N: "
 * internal note; NULL ends the list) through the shared analyser, after
 * ts_analyser_begin, and returns its jargon findings per message as
 * "detector/status/TEXT@start" joined by spaces, messages by " | ".  The
 * text of each finding pins its end.  Also checks the counts agree.
 */
static const char *run_conv(const char *const *msgs)
{
	static char out[8192];
	size_t o = 0;

	out[0] = '\0';
	ts_analyser_begin(g_an);
	for (size_t m = 0; msgs[m]; m++) {
		const char *text = msgs[m] + 3;
		ts_role role = msgs[m][0] == 'A' ? TS_ROLE_AGENT :
		               msgs[m][0] == 'C' ? TS_ROLE_CUSTOMER : TS_ROLE_NOTE;
		ts_analysis an;
		unsigned counted = 0;
		int first = 1;

		if (ts_analyser_message(g_an, role, text, strlen(text), &an) != TS_OK)
			return "(error)";
		if (m)
			o += (size_t)snprintf(out + o, sizeof out - o, " |");
		for (size_t i = 0; i < an.nfindings && o < sizeof out - 200; i++) {
			const ts_finding *f = &an.findings[i];
			if ((int)f->category != g_jargon)
				continue;
			counted += f->status == TS_COUNTED;
			o += (size_t)snprintf(out + o, sizeof out - o, "%s%s/%s/%.*s@%zu",
			                      (m && first) || !first ? " " : "",
			                      ts_detector_name((ts_detector)f->detector),
			                      ts_status_name((ts_status)f->status),
			                      (int)(f->end - f->start), text + f->start, f->start);
			first = 0;
		}
		if (g_jargon >= 0 && an.counts[g_jargon] != counted)
			return "(counts disagree with statuses)";
	}
	return out;
}

#define CONV(...) run_conv((const char *const[]){__VA_ARGS__, NULL})

/* ---- acronyms ------------------------------------------------------------ */

static void test_unexplained_acronym_counts(void)
{
	CHECK_EQ_STR(CONV("A: Please reset your VPN profile."), "acronym/counted/VPN@18");
	/* digits inside: two capitals and at most two digits */
	CHECK_EQ_STR(CONV("A: Turn on 2FA and check the B2B portal."),
	             "acronym/counted/2FA@8 acronym/counted/B2B@26");
	/* two acronyms out of four words is not shouting */
	CHECK_EQ_STR(CONV("A: Reset VPN and SSO."), "acronym/counted/VPN@6 acronym/counted/SSO@14");
	/* a cue later in the sentence, not starting a clause, explains nothing */
	CHECK_EQ_STR(CONV("A: The VPN setting means nothing here."), "acronym/counted/VPN@4");
}

static void test_explained_by_brackets(void)
{
	/* the explanation in brackets after the acronym */
	CHECK_EQ_STR(CONV("A: Check the MFA (the code we text you) setting."),
	             "acronym/explained/MFA@10");
	/* the acronym in brackets after its expansion */
	CHECK_EQ_STR(CONV("A: Your Virtual Private Network (VPN) is off."),
	             "acronym/explained/VPN@30");
	/* one camel-case word spells the initials */
	CHECK_EQ_STR(CONV("A: JavaScript (JS) is switched off."), "acronym/explained/JS@12");
	/* two words before the bracket that do not spell it: not explained */
	CHECK_EQ_STR(CONV("A: Fix it (VPN) now."), "acronym/counted/VPN@8");
	/* one explained, the other in the same sentence not */
	CHECK_EQ_STR(CONV("A: Use SSO (one login) with MFA."),
	             "acronym/explained/SSO@4 acronym/counted/MFA@25");
	/* a bracket that opens the next sentence explains nothing */
	CHECK_EQ_STR(CONV("A: Please flush the QZX. (Then restart the app.)"),
	             "acronym/counted/QZX@17");
}

/* A NUL byte next to an acronym does not glue it to anything. */
static void test_nul_next_to_acronym(void)
{
	static const char text[] = "Our QZX\0team will call.";
	ts_analysis an;
	size_t counted = 0;

	ts_analyser_begin(g_an);
	REQUIRE(ts_analyser_message(g_an, TS_ROLE_AGENT, text, sizeof text - 1, &an) == TS_OK);
	for (size_t i = 0; i < an.nfindings; i++)
		if ((int)an.findings[i].category == g_jargon &&
		    an.findings[i].detector == TS_DET_ACRONYM &&
		    an.findings[i].status == TS_COUNTED && an.findings[i].start == 4)
			counted++;
	CHECK_EQ_INT(counted, 1);
}

static void test_explained_by_cues(void)
{
	CHECK_EQ_STR(CONV("A: SSO stands for single sign-on."), "acronym/explained/SSO@0");
	CHECK_EQ_STR(CONV("A: OTP is short for one-time passcode."), "acronym/explained/OTP@0");
	CHECK_EQ_STR(CONV("A: We use SSO, which is one login for every app."),
	             "acronym/explained/SSO@7");
	CHECK_EQ_STR(CONV("A: Turn on MFA, i.e. a second check at login."),
	             "acronym/explained/MFA@8");
	/* en dash, then "that's" */
	CHECK_EQ_STR(CONV("A: Open the CRM \xe2\x80\x93 that's our customer records tool."),
	             "acronym/explained/CRM@9");
	/* initials after a dash */
	CHECK_EQ_STR(CONV("A: Enable MFA - multi-factor authentication - in settings."),
	             "acronym/explained/MFA@7");
}

static void test_explained_in_next_sentence(void)
{
	CHECK_EQ_STR(CONV("A: I raised an RMA for you. That means you can send the phone back for free."),
	             "acronym/explained/RMA@12");
	/* the next sentence restates and defines it; the second MDM is a
	 * repeat and gets nothing */
	CHECK_EQ_STR(CONV("A: Please check the MDM. The MDM is the tool your employer uses to manage phones."),
	             "acronym/explained/MDM@17");
	/* the next sentence must be in the same message */
	CHECK_EQ_STR(CONV("A: Check the MDM.", "A: That means the phone manager."),
	             "acronym/counted/MDM@10 |");
}

static void test_customer_first(void)
{
	/* lowercase from the customer, capitals from the agent */
	CHECK_EQ_STR(CONV("C: my vpn keeps dropping", "A: Let's reinstall the VPN client."),
	             " | acronym/customer_first/VPN@20");
	CHECK_EQ_STR(CONV("C: Is the crm down?", "A: Sorry for the wait.", "A: The CRM is back."),
	             " | | acronym/customer_first/CRM@4");
	/* the customer's own acronyms get no finding */
	CHECK_EQ_STR(CONV("C: My VPN and SSO are broken."), "");
	/* the customer using it after the agent does not excuse the agent */
	CHECK_EQ_STR(CONV("A: The CRM is back.", "C: what is a CRM?"), "acronym/counted/CRM@4 |");
	CHECK_EQ_STR(CONV("A: I've raised an RMA.", "C: what's an RMA?", "A: The RMA is raised.",
	                  "A: Also a PON test."),
	             "acronym/counted/RMA@15 | | | acronym/counted/PON@7");
}

static void test_not_acronyms(void)
{
	/* everyday acronyms, leading digits aside */
	CHECK_EQ_STR(CONV("A: Your PIN and the PDF go by UPS, ETA Friday, OK?"), "");
	CHECK_EQ_STR(CONV("A: We open at 9AM EST and the TV is on a USB stick."), "");
	/* shouting */
	CHECK_EQ_STR(CONV("A: PLEASE DO NOT RESET THE VPN"), "");
	CHECK_EQ_STR(CONV("A: CALL THE ISP NOW. Then reset the VPN."), "acronym/counted/VPN@33");
	/* mixed case, one capital, one letter */
	CHECK_EQ_STR(CONV("A: Restart your iPhone and visit McDonald or YouTube on 4G."), "");
	CHECK_EQ_STR(CONV("A: I will call you at 5 PM."), "");
	/* digits only, seven capitals and more */
	CHECK_EQ_STR(CONV("A: Call 0800 123 or use code 2024."), "");
	CHECK_EQ_STR(CONV("A: Open the NETWORK tab then SECURITY."), "");
	/* capitals for emphasis and button names */
	CHECK_EQ_STR(CONV("A: Please do NOT share your password, you MUST press SAVE first."), "");
	/* addresses, codes, company names */
	CHECK_EQ_STR(CONV("A: Email help@ABC.com or quote CS-1042 about AT&T."), "");
	/* too many digits: a reference, not an acronym */
	CHECK_EQ_STR(CONV("A: Your reference is AB1234."), "");
	/* only agent messages are checked */
	CHECK_EQ_STR(CONV("N: VPN ticket moved to the NOC"), "");
}

static void test_first_use_only(void)
{
	/* counted once per conversation, in any message */
	CHECK_EQ_STR(CONV("A: The VPN is down.", "A: Restart the VPN now. VPN again."),
	             "acronym/counted/VPN@4 |");
	CHECK_EQ_STR(CONV("A: Restart the VPN now. VPN again."), "acronym/counted/VPN@12");
	/* explained once, then known */
	CHECK_EQ_STR(CONV("A: The VPN (the secure tunnel to our office) is down.",
	                  "A: Reconnect the VPN."),
	             "acronym/explained/VPN@4 |");
	/* a shouted use does not use up the first one */
	CHECK_EQ_STR(CONV("A: PLEASE DO NOT RESET THE VPN", "A: Reconnect the VPN."),
	             " | acronym/counted/VPN@14");
}

static void test_begin_forgets(void)
{
	/* the customer's vpn and the agent's first use belong to the first
	 * conversation only */
	CHECK_EQ_STR(CONV("C: my vpn is down", "A: The VPN is down."),
	             " | acronym/customer_first/VPN@4");
	CHECK_EQ_STR(CONV("A: The VPN is down."), "acronym/counted/VPN@4");
	CHECK_EQ_STR(CONV("A: The VPN is down."), "acronym/counted/VPN@4");
}

/* ---- lexicon jargon ------------------------------------------------------- */

static void test_lexicon_jargon(void)
{
	/* the lexicon's finding, not a second one from the acronym rule */
	CHECK_EQ_STR(CONV("A: Your DNS is slow."), "lexicon/counted/DNS@5");
	CHECK_EQ_STR(CONV("A: Our SLA is two days."), "lexicon/counted/SLA@4");
	/* explained in brackets, after a comma cue, in the next sentence */
	CHECK_EQ_STR(CONV("A: Please update the APN (the setting your phone uses for mobile data)."),
	             "lexicon/explained/APN@18");
	CHECK_EQ_STR(CONV("A: We ran a root cause analysis, in other words we looked for why it broke."),
	             "lexicon/explained/root cause analysis@9");
	CHECK_EQ_STR(CONV("A: We ran a root cause analysis (a look at why it failed)."),
	             "lexicon/explained/root cause analysis@9");
	CHECK_EQ_STR(CONV("A: The line needs provisioning, basically switching it on at our end."),
	             "lexicon/explained/provisioning@15");
	CHECK_EQ_STR(CONV("A: Your number is being provisioned. That means we are switching it on."),
	             "lexicon/explained/provisioned@21");
	/* the plain wording first, the term in brackets */
	CHECK_EQ_STR(CONV("A: Please restart the internet address book service (DNS)."),
	             "lexicon/explained/DNS@50");
	/* explained once, explained for the rest of the conversation; an
	 * unexplained term stays counted at each use */
	CHECK_EQ_STR(CONV("A: The APN (mobile data setting) is wrong.", "A: Once the APN is fixed, restart."),
	             "lexicon/explained/APN@4 | lexicon/explained/APN@9");
	CHECK_EQ_STR(CONV("A: Our SLA is two days.", "A: Our SLA is two days."),
	             "lexicon/counted/SLA@4 | lexicon/counted/SLA@4");
	/* '=' explains, ':' alone does not */
	CHECK_EQ_STR(CONV("A: APN = the mobile data setting."), "lexicon/explained/APN@0");
	CHECK_EQ_STR(CONV("A: Set APN: internet.example now."), "lexicon/counted/APN@4");
}

static void test_lexicon_customer_first(void)
{
	CHECK_EQ_STR(CONV("C: what is the sla on this?", "A: Our SLA is two days."),
	             " | lexicon/customer_first/SLA@4");
	/* every word of a phrase, in any of the customer's messages */
	CHECK_EQ_STR(CONV("C: my ip address changed", "A: A new IP address is normal."),
	             " | lexicon/customer_first/IP address@6");
	CHECK_EQ_STR(CONV("C: my IP changed", "C: the address too", "A: A new IP address is normal."),
	             " | | lexicon/customer_first/IP address@6");
	CHECK_EQ_STR(CONV("C: my address changed", "A: A new IP address is normal."),
	             " | lexicon/counted/IP address@6");
	/* the customer echoing the agent's term does not make it theirs */
	CHECK_EQ_STR(CONV("A: Your SLA is two days.", "C: what is an sla?", "A: The SLA is two days."),
	             "lexicon/counted/SLA@5 | | lexicon/counted/SLA@4");
	/* a different form of a stem entry is a different word */
	CHECK_EQ_STR(CONV("C: is it provisioned?", "A: Your line is provisioning now."),
	             " | lexicon/counted/provisioning@13");
}

/* ---- limits and switches -------------------------------------------------- */

static void test_customer_memory_is_bounded(void)
{
	/* The customer set keeps 3072 words: ZQX comes first and is known,
	 * MDQ after 1000 other words too (the words wait in a queue of 512
	 * before they go into the set: none is lost when it fills), QXV comes
	 * after 4000 and is not. */
	size_t cap = 4000 * 8 + 64, o = 0;
	char *big = malloc(cap);
	const char *msgs[4];

	REQUIRE(big);
	o += (size_t)snprintf(big + o, cap - o, "C: ZQX");
	for (int i = 0; i < 4000; i++)
		o += (size_t)snprintf(big + o, cap - o, i == 1000 ? " MDQ" : " w%04d", i);
	snprintf(big + o, cap - o, " QXV");
	msgs[0] = big;
	msgs[1] = "A: We checked your SSO and ZQX and QXV and MDQ.";
	msgs[2] = NULL;
	CHECK_EQ_STR(run_conv(msgs),
	             " | acronym/counted/SSO@16 acronym/customer_first/ZQX@24 "
	             "acronym/counted/QXV@32 acronym/customer_first/MDQ@40");
	free(big);
}

static void test_no_jargon_category(void)
{
	ts_lexset *set = make_set(0);
	ts_analyser *an = NULL;
	ts_analysis out;
	const char *msg = "Your VPN and DNS are down.";

	REQUIRE(set);
	REQUIRE(ts_analyser_new(&an, set) == TS_OK);
	ts_analyser_begin(an);
	REQUIRE(ts_analyser_message(an, TS_ROLE_AGENT, msg, strlen(msg), &out) == TS_OK);
	CHECK_EQ_INT(out.nfindings, 0);
	ts_analyser_free(an);
	ts_lexset_free(set);
}

static void test_empty_and_odd_messages(void)
{
	CHECK_EQ_STR(CONV("A: "), "");
	CHECK_EQ_STR(CONV("A: ((( ))) -- ..."), "");
	/* an acronym alone, at the very start or end of the text */
	CHECK_EQ_STR(CONV("A: VPN"), "acronym/counted/VPN@0");
	CHECK_EQ_STR(CONV("A: (VPN"), "acronym/counted/VPN@1");
	CHECK_EQ_STR(CONV("A: see VPN ("), "acronym/counted/VPN@4");
	/* invalid UTF-8 next to it */
	CHECK_EQ_STR(CONV("A: \xff VPN \xfe"), "acronym/counted/VPN@2");
}

int main(void)
{
	g_set = make_set(1);
	if (!g_set || ts_analyser_new(&g_an, g_set) != TS_OK) {
		printf("FAIL %s:setup\n", __FILE__);
		return 1;
	}
	g_jargon = ts_lexset_category_index(g_set, "jargon");
	TS_RUN(test_unexplained_acronym_counts);
	TS_RUN(test_explained_by_brackets);
	TS_RUN(test_nul_next_to_acronym);
	TS_RUN(test_explained_by_cues);
	TS_RUN(test_explained_in_next_sentence);
	TS_RUN(test_customer_first);
	TS_RUN(test_not_acronyms);
	TS_RUN(test_first_use_only);
	TS_RUN(test_begin_forgets);
	TS_RUN(test_lexicon_jargon);
	TS_RUN(test_lexicon_customer_first);
	TS_RUN(test_customer_memory_is_bounded);
	TS_RUN(test_no_jargon_category);
	TS_RUN(test_empty_and_odd_messages);
	ts_analyser_free(g_an);
	ts_lexset_free(g_set);
	TS_TEST_MAIN_END();
}
