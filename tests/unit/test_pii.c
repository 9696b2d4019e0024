/*
 * test_pii.c - the pii detector through the analyser (card numbers with
 * Luhn, e-mails, phones and their look-alikes, IBANs with mod 97, the
 * lexicon's own entries and no double counting), the built-in
 * lexicons/pii.txt, and masking (ts_pii_mask).  Every example is made up
 * for this file; card numbers are the networks' published test numbers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyse.h"
#include "buf.h"
#include "detect.h"
#include "lexset_fixture.h"
#include "test.h"
#include "traitscan.h"

/* A pii category written for these tests: the SSN layout with dashes and
 * a plain phrase, so that lexicon findings meet detector ones. */
static const char test_pii_lex[] =
	"@category pii\n"
	"@description test personal identifiers\n"
	"@role any\n"
	"@negate no\n"
	"/(?<![\\w-])(?!000|666|9)\\d{3}-(?!00)\\d{2}-(?!0000)\\d{4}(?![\\w-])/\n"
	"/staff line \\d{3} \\d{4} \\d{4}/\n"
	"/helpdesk@example\\.com/\n"
	"my secret word\n";

static const char test_empathy_lex[] =
	"@category empathy\n"
	"@role any\n"
	"sorry to hear\n";

static ts_lexset *g_set;
static ts_analyser *g_an;
static int g_pii, g_empathy;

/*
 * The counted pii findings of text as "kind:span" joined by '|', kind
 * the detail name (card, email, phone, iban) or "lex" for a lexicon
 * entry, span the bytes the finding covers.
 */
static const char *pii_in(const char *text)
{
	static char out[4096];
	ts_analysis r;
	size_t o = 0;

	out[0] = '\0';
	ts_analyser_begin(g_an);
	if (ts_analyser_message(g_an, TS_ROLE_CUSTOMER, text, strlen(text), &r) != TS_OK)
		return "(error)";
	for (size_t i = 0; i < r.nfindings; i++) {
		const ts_finding *f = &r.findings[i];
		const char *kind;
		if ((int)f->category != g_pii || f->status != TS_COUNTED)
			continue;
		if (f->detector == TS_DET_LEXICON)
			kind = "lex";
		else if (f->detector == TS_DET_PII)
			kind = ts_detail_name((ts_detail)f->detail);
		else
			kind = "(other detector)";
		if (f->end < f->start || f->end > strlen(text) || o + (f->end - f->start) + 32 > sizeof out)
			return "(bad span)";
		o += (size_t)snprintf(out + o, sizeof out - o, "%s%s:%.*s", o ? "|" : "", kind,
		                      (int)(f->end - f->start), text + f->start);
	}
	return out;
}

/* The counted pii total the analyser reports for text. */
static unsigned pii_count(const char *text)
{
	ts_analysis r;

	ts_analyser_begin(g_an);
	if (ts_analyser_message(g_an, TS_ROLE_AGENT, text, strlen(text), &r) != TS_OK)
		return 999;
	return r.counts[g_pii];
}

/* ---- cards ---------------------------------------------------------------- */

static void test_cards(void)
{
	CHECK_EQ_STR(pii_in("My card is 4111 1111 1111 1111 thanks"), "card:4111 1111 1111 1111");
	CHECK_EQ_STR(pii_in("use 4111-1111-1111-1111 please"), "card:4111-1111-1111-1111");
	CHECK_EQ_STR(pii_in("card: 4111111111111111."), "card:4111111111111111");
	CHECK_EQ_STR(pii_in("Amex 3782 822463 10005 exp soon"), "card:3782 822463 10005");
	CHECK_EQ_STR(pii_in("5555 5555 5555 4444"), "card:5555 5555 5555 4444");
	CHECK_EQ_STR(pii_in("Discover 6011 1111 1111 1117."), "card:6011 1111 1111 1117");
	CHECK_EQ_STR(pii_in("old visa 4222222222222"), "card:4222222222222");
	CHECK_EQ_STR(pii_in("diners 3056 930902 5904"), "card:3056 930902 5904");
	CHECK_EQ_STR(pii_in("19 digits 4111 1111 1111 1111 110"), "card:4111 1111 1111 1111 110");
	/* the expiry after it is cut off; it is neither card nor phone */
	CHECK_EQ_STR(pii_in("4111 1111 1111 1111 12/26 cvv 123"), "card:4111 1111 1111 1111");
}

/* The same numbers with one digit changed fail Luhn and are nothing
 * else either (16 digits are too many for a phone). */
static void test_luhn_pairs(void)
{
	static const char *const pairs[][2] = {
		{ "4111 1111 1111 1111", "4111 1111 1111 1112" },
		{ "5555555555554444", "5555555555554445" },
		{ "3782 822463 10005", "3782 822463 10006" },
		{ "6011-1111-1111-1117", "6011-1111-1111-1171" },
		{ "4012 8888 8888 1881", "4012 8888 8888 1818" },
	};
	char want[64];

	for (size_t k = 0; k < sizeof pairs / sizeof pairs[0]; k++) {
		snprintf(want, sizeof want, "card:%s", pairs[k][0]);
		CHECK_EQ_STR(pii_in(pairs[k][0]), want);
		CHECK_EQ_STR(pii_in(pairs[k][1]), "");
	}
}

static void test_card_negatives(void)
{
	/* Luhn-valid but the first digit is no card network's */
	CHECK_EQ_STR(pii_in("tracking 9400 1000 0000 0000 0000 00"), "");
	CHECK_EQ_STR(pii_in("ref 0000 0000 0000 0000"), "");
	/* glued to letters or going on into more digits */
	CHECK_EQ_STR(pii_in("id X4111111111111111"), "");
	CHECK_EQ_STR(pii_in("4111111111111111-7 batch"), "");
	/* a card layout with mixed separators is no card */
	CHECK_EQ_STR(pii_in("4111 1111-1111 1111"), "");
}

/* ---- e-mail ------------------------------------------------------------------ */

static void test_emails(void)
{
	CHECK_EQ_STR(pii_in("write to jane.doe@example.com."), "email:jane.doe@example.com");
	CHECK_EQ_STR(pii_in("mailto:support+billing@mail.example.co.uk"),
	             "email:support+billing@mail.example.co.uk");
	CHECK_EQ_STR(pii_in("(a_b-c%d@sub-domain.example.org)"), "email:a_b-c%d@sub-domain.example.org");
	CHECK_EQ_STR(pii_in("Email: O'Brien@example.ie, thanks"), "email:O'Brien@example.ie");
	CHECK_EQ_STR(pii_in("<john.smith@example.com>"), "email:john.smith@example.com");
	CHECK_EQ_STR(pii_in("andr\xc3\xa9.dupont@exemple.fr"), "email:andr\xc3\xa9.dupont@exemple.fr");
	CHECK_EQ_STR(pii_in("\xe2\x80\x9c" "bob@example.net" "\xe2\x80\x9d"), "email:bob@example.net");
	/* the digits inside an address are not a phone too */
	CHECK_EQ_STR(pii_in("12345678@example.com"), "email:12345678@example.com");
	CHECK_EQ_STR(pii_in("a@ex.com, b@ex.org"), "email:a@ex.com|email:b@ex.org");
	/* an address never starts inside the one before it */
	CHECK_EQ_STR(pii_in("a.b@c.de@f.gh"), "email:a.b@c.de");
	CHECK_EQ_STR(pii_in("...lead.dot@example.com-"), "email:lead.dot@example.com");
}

static void test_email_negatives(void)
{
	CHECK_EQ_STR(pii_in("ping @john_smith on chat"), "");
	CHECK_EQ_STR(pii_in("user@localhost"), "");
	CHECK_EQ_STR(pii_in("install pkg@1.2.3"), "");
	CHECK_EQ_STR(pii_in("john@example"), "");
	CHECK_EQ_STR(pii_in("a@b.c"), "");
	CHECK_EQ_STR(pii_in("john@.example.com"), "");
	CHECK_EQ_STR(pii_in("john.@example.com"), "");
	CHECK_EQ_STR(pii_in("meet @ 5pm"), "");
	CHECK_EQ_STR(pii_in("x@-bad.example.com"), "");
}

/* ---- phones ------------------------------------------------------------------- */

static void test_phones(void)
{
	CHECK_EQ_STR(pii_in("reach us at (555) 123-4567 today"), "phone:(555) 123-4567");
	CHECK_EQ_STR(pii_in("call 555-123-4567 today"), "phone:555-123-4567");
	CHECK_EQ_STR(pii_in("London office 020 7946 0018"), "phone:020 7946 0018");
	CHECK_EQ_STR(pii_in("abroad: +44 20 7946 0018."), "phone:+44 20 7946 0018");
	CHECK_EQ_STR(pii_in("+1.555.123.4567"), "phone:+1.555.123.4567");
	CHECK_EQ_STR(pii_in("+44 (0)20 7946 0018"), "phone:+44 (0)20 7946 0018");
	CHECK_EQ_STR(pii_in("+1 (555) 123-4567"), "phone:+1 (555) 123-4567");
	CHECK_EQ_STR(pii_in("toll free 1-800-555-0199"), "phone:1-800-555-0199");
	CHECK_EQ_STR(pii_in("or 1.800.555.0199 now"), "phone:1.800.555.0199");
	CHECK_EQ_STR(pii_in("Lagos (+234) 70 1234 5678 weekdays"), "phone:(+234) 70 1234 5678");
	CHECK_EQ_STR(pii_in("07700 900123"), "phone:07700 900123");
	CHECK_EQ_STR(pii_in("Paris 01 23 45 67 89"), "phone:01 23 45 67 89");
	CHECK_EQ_STR(pii_in("555.123.4567"), "phone:555.123.4567");
	CHECK_EQ_STR(pii_in("tel:+15551234567"), "phone:+15551234567");
	CHECK_EQ_STR(pii_in("Berlin 030/1234567"), "phone:030/1234567");
	CHECK_EQ_STR(pii_in("ext line 555-1234"), "phone:555-1234");
	CHECK_EQ_STR(pii_in("Sydney 0412 345 678"), "phone:0412 345 678");
	CHECK_EQ_STR(pii_in("(555-123-4567)"), "phone:555-123-4567");
	CHECK_EQ_STR(pii_in("call 555-123-4567 or 020 7946 0018"),
	             "phone:555-123-4567|phone:020 7946 0018");
}

/* Bare runs and weak layouts count with a phone word near them. */
static void test_phone_words(void)
{
	CHECK_EQ_STR(pii_in("call me on 07700900123"), "phone:07700900123");
	CHECK_EQ_STR(pii_in("my number is 0412345678"), "phone:0412345678");
	CHECK_EQ_STR(pii_in("98765 43210 is my mobile"), "phone:98765 43210");
	CHECK_EQ_STR(pii_in("Tel: 12345678"), "phone:12345678");
	CHECK_EQ_STR(pii_in("text 12 34 56 78 anytime"), "phone:12 34 56 78");
	CHECK_EQ_STR(pii_in("whatsapp +4915112345678"), "phone:+4915112345678");
	CHECK_EQ_STR(pii_in("mobile (+4915112345678)"), "phone:+4915112345678");
	/* the same digits without one */
	CHECK_EQ_STR(pii_in("room 07700900123"), "");
	CHECK_EQ_STR(pii_in("98765 43210"), "");
	CHECK_EQ_STR(pii_in("12 34 56 78"), "");
	/* a word naming another identifier overrules a phone layout */
	CHECK_EQ_STR(pii_in("receipt number 0398-5521-07"), "");
	CHECK_EQ_STR(pii_in("Order 020 7946 0018"), "");
	CHECK_EQ_STR(pii_in("0398-5521-07 is the receipt line"), "phone:0398-5521-07");
	CHECK_EQ_STR(pii_in("account phone 020 7946 0018"), "phone:020 7946 0018");
	CHECK_EQ_STR(pii_in("order queries: call 020 7946 0018"), "phone:020 7946 0018");
	CHECK_EQ_STR(pii_in("customer service on 0800 123 4567"), "phone:0800 123 4567");
	CHECK_EQ_STR(pii_in("area code (555) 123-4567"), "phone:(555) 123-4567");
}

static void test_phone_negatives(void)
{
	CHECK_EQ_STR(pii_in("order 12345678"), "");
	CHECK_EQ_STR(pii_in("your order number is 12345678"), "");
	CHECK_EQ_STR(pii_in("case number 12345678, call us"), "");
	CHECK_EQ_STR(pii_in("please call about order 12345678"), "");
	CHECK_EQ_STR(pii_in("12345678 is your ticket"), "");
	CHECK_EQ_STR(pii_in("ticket #45213310"), "");
	CHECK_EQ_STR(pii_in("due 2024-01-15"), "");
	CHECK_EQ_STR(pii_in("due 15/01/2024"), "");
	CHECK_EQ_STR(pii_in("due 01.15.2024 at 10:30:15"), "");
	CHECK_EQ_STR(pii_in("on 2024-01-15 10:30 we called"), "");
	CHECK_EQ_STR(pii_in("build 2231 2023-11-30 stable"), "");
	CHECK_EQ_STR(pii_in("Boston, MA 02134-1802 USA"), "");
	CHECK_EQ_STR(pii_in("total $1,299.99 or 1.299,99"), "");
	CHECK_EQ_STR(pii_in("budget \xe2\x82\xac 12 500 000"), "");
	CHECK_EQ_STR(pii_in("population 12 500 000"), "");
	CHECK_EQ_STR(pii_in("1 250 000 users"), "");
	CHECK_EQ_STR(pii_in("version 10.0.19045.2965"), "");
	CHECK_EQ_STR(pii_in("server 192.168.100.254"), "");
	CHECK_EQ_STR(pii_in("pi is 3.14159265"), "");
	CHECK_EQ_STR(pii_in("between 2019-2021"), "");
	CHECK_EQ_STR(pii_in("in 2019 2020 2021"), "");
	CHECK_EQ_STR(pii_in("INV-12345678"), "");
	CHECK_EQ_STR(pii_in("12345678-A"), "");
	CHECK_EQ_STR(pii_in("grew 12345678%"), "");
	CHECK_EQ_STR(pii_in("5+12345678"), "");
	CHECK_EQ_STR(pii_in("sizes 10 12 14 16"), "");
	CHECK_EQ_STR(pii_in("build 1.2.3.4567"), "");
	CHECK_EQ_STR(pii_in("ref 900-12-3456"), "");  /* the SSN layout, but no SSN */
	CHECK_EQ_STR(pii_in("code 000-12-3456"), "");
	CHECK_EQ_STR(pii_in("+5 points"), "");
}

/* ---- IBAN --------------------------------------------------------------------------- */

static void test_ibans(void)
{
	CHECK_EQ_STR(pii_in("pay to DE89 3704 0044 0532 0130 00 please"),
	             "iban:DE89 3704 0044 0532 0130 00");
	CHECK_EQ_STR(pii_in("GB82WEST12345698765432."), "iban:GB82WEST12345698765432");
	CHECK_EQ_STR(pii_in("gb82 west 1234 5698 7654 32"), "iban:gb82 west 1234 5698 7654 32");
	CHECK_EQ_STR(pii_in("NL91ABNA0417164300"), "iban:NL91ABNA0417164300");
	CHECK_EQ_STR(pii_in("FR14 2004 1010 0505 0001 3M02 606"),
	             "iban:FR14 2004 1010 0505 0001 3M02 606");
	/* a 16-character IBAN followed by a short word: the word is not a group */
	CHECK_EQ_STR(pii_in("BE68 5390 0754 7034 and more"), "iban:BE68 5390 0754 7034");
	CHECK_EQ_STR(pii_in("NO93 8601 1117 947"), "iban:NO93 8601 1117 947");
}

/* One check digit changed (or two characters swapped) fails mod 97, and
 * the digit groups of the failed IBAN are not read as a card or phone. */
static void test_iban_check_digits(void)
{
	CHECK_EQ_STR(pii_in("DE88 3704 0044 0532 0130 00"), "");
	CHECK_EQ_STR(pii_in("GB82WEST12345698765433"), "");
	CHECK_EQ_STR(pii_in("NL91ABNA0417164030"), "");
	CHECK_EQ_STR(pii_in("CH93 0076 2011 6238 5295 7"), "iban:CH93 0076 2011 6238 5295 7");
	CHECK_EQ_STR(pii_in("CH39 0076 2011 6238 5295 7"), "");
	/* mixed case and too short */
	CHECK_EQ_STR(pii_in("GB82West12345698765432"), "");
	CHECK_EQ_STR(pii_in("DE89 3704 0044"), "");
}

/* ---- the lexicon and no double counting --------------------------------------- */

static void test_lexicon_entries_win(void)
{
	/* the SSN regex of the test lexicon covers it: not a phone too */
	CHECK_EQ_STR(pii_in("SSN 123-45-6789"), "lex:123-45-6789");
	CHECK_EQ_INT(pii_count("SSN 123-45-6789"), 1);
	/* lexicon spans the detector would have found inside: counted once */
	CHECK_EQ_STR(pii_in("the staff line 020 7946 0018 is open"), "lex:staff line 020 7946 0018");
	CHECK_EQ_INT(pii_count("the staff line 020 7946 0018 is open"), 1);
	CHECK_EQ_STR(pii_in("mail helpdesk@example.com or me@example.com"),
	             "lex:helpdesk@example.com|email:me@example.com");
	CHECK_EQ_STR(pii_in("staff line 020 7946 0018, home 020 7946 0019"),
	             "lex:staff line 020 7946 0018|phone:020 7946 0019");
	CHECK_EQ_STR(pii_in("that is my secret word: jane@example.com"),
	             "lex:my secret word|email:jane@example.com");
	CHECK_EQ_INT(pii_count("call 555-123-4567 or mail jane@example.com, card 4111111111111111"), 3);
	/* agents' text counts too */
	CHECK_EQ_INT(pii_count("I have your number as +44 20 7946 0018"), 1);
}

/* Exact byte offsets, details and detector of every kind. */
static void test_exact_spans(void)
{
	const char *text = "Hi, +44 20 7946 0018 / jo@ex.io / 4111 1111 1111 1111 / "
	                   "GB82WEST12345698765432";
	static const struct { size_t s, e; ts_detail d; } want[] = {
		{ 4, 20, TS_DETAIL_PHONE }, { 23, 31, TS_DETAIL_EMAIL },
		{ 34, 53, TS_DETAIL_CARD }, { 56, 78, TS_DETAIL_IBAN },
	};
	ts_analysis r;
	size_t k = 0;

	ts_analyser_begin(g_an);
	REQUIRE(ts_analyser_message(g_an, TS_ROLE_CUSTOMER, text, strlen(text), &r) == TS_OK);
	for (size_t i = 0; i < r.nfindings; i++) {
		if ((int)r.findings[i].category != g_pii)
			continue;
		REQUIRE(k < 4);
		CHECK_EQ_INT(r.findings[i].start, want[k].s);
		CHECK_EQ_INT(r.findings[i].end, want[k].e);
		CHECK_EQ_INT(r.findings[i].detail, want[k].d);
		CHECK_EQ_INT(r.findings[i].detector, TS_DET_PII);
		CHECK_EQ_INT(r.findings[i].entry, TS_NO_ENTRY);
		CHECK_EQ_INT(r.findings[i].status, TS_COUNTED);
		k++;
	}
	CHECK_EQ_INT(k, 4);
	CHECK_EQ_INT(r.counts[g_pii], 4);
	CHECK_EQ_INT(r.counts[g_empathy], 0);
}

/* Without a pii category the detector is off. */
static void test_off_without_category(void)
{
	ts_lexset *set = lx_set(NULL, "empathy.txt", test_empathy_lex, (char *)NULL);
	ts_analyser *a = NULL;
	ts_analysis r;
	const char *text = "so sorry to hear; call 555-123-4567 or jane@example.com";

	REQUIRE(set);
	REQUIRE(ts_analyser_new(&a, set) == TS_OK);
	REQUIRE(ts_analyser_message(a, TS_ROLE_AGENT, text, strlen(text), &r) == TS_OK);
	CHECK_EQ_INT(r.nfindings, 1);
	CHECK_EQ_INT(r.counts[0], 1);
	ts_analyser_free(a);
	ts_lexset_free(set);
}

/* No digit and no '@': nothing, and empty text is fine. */
static void test_plain_text(void)
{
	CHECK_EQ_STR(pii_in("Thanks for waiting, I have checked the account for you."), "");
	CHECK_EQ_STR(pii_in(""), "");
	CHECK_EQ_STR(pii_in("@"), "");
	CHECK_EQ_STR(pii_in("+"), "");
	CHECK_EQ_STR(pii_in("("), "");
	CHECK_EQ_STR(pii_in("(555"), "");
	CHECK_EQ_STR(pii_in("DE89"), "");
}

/* The shipped lexicons/pii.txt (found from this file's path, as the
 * suite runs from the top of the tree). */
static void test_builtin_lexicon(void)
{
	static const char me[] = __FILE__, tail[] = "tests/unit/test_pii.c";
	char path[1024], *buf = NULL;
	ts_lexset *set;
	ts_analyser *a = NULL;
	ts_analysis r;
	size_t len = 0, top = strlen(me) - (sizeof tail - 1);
	FILE *fp;
	static const struct { const char *text; unsigned want; } cases[] = {
		{ "my SSN is 123-45-6789", 1 },
		{ "ITIN 912-70-1234", 1 },
		{ "SSN 000-12-3456", 0 },      /* area never issued */
		{ "SSN 666-12-3456", 0 },
		{ "SSN 123-00-4567", 0 },
		{ "SSN 123-45-0000", 0 },
		{ "ITIN 912-89-1234", 0 },     /* group outside the issued ranges */
		{ "ref X-123-45-6789", 0 },    /* inside a longer run */
		/* UK NI numbers are not in the shipped file (lexicons/pii.txt
		 * says why) */
		{ "NI number AB123456C", 0 },
	};

	REQUIRE(strlen(me) >= sizeof tail - 1 && strcmp(me + top, tail) == 0);
	snprintf(path, sizeof path, "%.*slexicons/pii.txt", (int)top, me);
	fp = fopen(path, "rb");
	REQUIRE(fp);
	buf = malloc(1 << 16);
	if (buf)
		len = fread(buf, 1, 1 << 16, fp);
	fclose(fp);
	REQUIRE(buf && len > 0 && len < (1 << 16));
	buf[len] = '\0';
	set = lx_set(NULL, "pii.txt", buf, (char *)NULL);
	free(buf);
	REQUIRE(set);
	CHECK_EQ_INT(ts_lexset_category_index(set, "pii"), 0);
	REQUIRE(ts_analyser_new(&a, set) == TS_OK);
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		const char *t = cases[k].text;
		unsigned lex = 0, det = 0;
		REQUIRE(ts_analyser_message(a, TS_ROLE_CUSTOMER, t, strlen(t), &r) == TS_OK);
		for (size_t i = 0; i < r.nfindings; i++)
			if (r.findings[i].status == TS_COUNTED) {
				if (r.findings[i].detector == TS_DET_LEXICON)
					lex++;
				else
					det++;
			}
		if (lex != cases[k].want || det != 0)
			printf("  case \"%s\": %u lexicon, %u detector findings\n", t, lex, det);
		CHECK_EQ_INT(lex, cases[k].want);
		CHECK_EQ_INT(det, 0);
	}
	ts_analyser_free(a);
	ts_lexset_free(set);
}

/* ---- masking ----------------------------------------------------------------------- */

static ts_finding mk(unsigned cat, size_t s, size_t e, ts_detector det, ts_detail d)
{
	ts_finding f;

	memset(&f, 0, sizeof f);
	f.category = cat;
	f.entry = det == TS_DET_LEXICON ? 0 : TS_NO_ENTRY;
	f.start = s;
	f.end = e;
	f.weight = 1;
	f.detector = (unsigned char)det;
	f.status = TS_COUNTED;
	f.detail = (unsigned char)d;
	return f;
}

/* ts_pii_mask of text[from, to) into a fresh buffer. */
static const char *mask(const char *text, size_t from, size_t to, const ts_finding *f, size_t nf,
                        int cat)
{
	static char out[1024];
	ts_buf b;
	int rc;

	ts_buf_init(&b, 0);
	rc = ts_pii_mask(&b, text, from, to, f, nf, cat);
	snprintf(out, sizeof out, "%s", rc == TS_OK ? b.p : "(error)");
	ts_buf_release(&b);
	return out;
}

static void test_mask_from_analyser(void)
{
	const char *text = "Mail jane@example.com or call 020 7946 0018.";
	size_t n = strlen(text);
	ts_analysis r;

	ts_analyser_begin(g_an);
	REQUIRE(ts_analyser_message(g_an, TS_ROLE_CUSTOMER, text, n, &r) == TS_OK);
	CHECK_EQ_STR(mask(text, 0, n, r.findings, r.nfindings, g_pii), "Mail [email] or call [phone].");
	/* cut inside the e-mail, then inside the phone */
	CHECK_EQ_STR(mask(text, 9, n, r.findings, r.nfindings, g_pii), "[email] or call [phone].");
	CHECK_EQ_STR(mask(text, 0, 33, r.findings, r.nfindings, g_pii), "Mail [email] or call [phone]");
	/* wholly inside one finding */
	CHECK_EQ_STR(mask(text, 10, 12, r.findings, r.nfindings, g_pii), "[email]");
	/* between the findings */
	CHECK_EQ_STR(mask(text, 21, 30, r.findings, r.nfindings, g_pii), " or call ");
	/* pii off */
	CHECK_EQ_STR(mask(text, 0, n, r.findings, r.nfindings, -1), text);
}

static void test_mask_kinds_and_overlaps(void)
{
	/*            0123456789012345678901234 */
	const char *t = "aaaa bbbb cccc dddd eeee";
	ts_finding f[4];

	f[0] = mk(1, 0, 4, TS_DET_PII, TS_DETAIL_CARD);
	f[1] = mk(1, 5, 9, TS_DET_PII, TS_DETAIL_IBAN);
	f[2] = mk(1, 10, 14, TS_DET_LEXICON, TS_DETAIL_NONE);
	f[3] = mk(1, 15, 19, TS_DET_PII, TS_DETAIL_PHONE);
	CHECK_EQ_STR(mask(t, 0, 24, f, 4, 1), "[card] [iban] [pii] [phone] eeee");

	/* adjacent findings: one mask each */
	f[0] = mk(1, 0, 4, TS_DET_PII, TS_DETAIL_CARD);
	f[1] = mk(1, 4, 9, TS_DET_PII, TS_DETAIL_PHONE);
	CHECK_EQ_STR(mask(t, 0, 24, f, 2, 1), "[card][phone] cccc dddd eeee");

	/* overlapping (sorted by start): one mask over the union */
	f[0] = mk(1, 0, 7, TS_DET_PII, TS_DETAIL_EMAIL);
	f[1] = mk(1, 5, 12, TS_DET_LEXICON, TS_DETAIL_NONE);
	CHECK_EQ_STR(mask(t, 0, 24, f, 2, 1), "[email]cc dddd eeee");
	/* nested: the outer one covers it */
	f[0] = mk(1, 0, 14, TS_DET_PII, TS_DETAIL_EMAIL);
	f[1] = mk(1, 5, 9, TS_DET_PII, TS_DETAIL_PHONE);
	CHECK_EQ_STR(mask(t, 0, 24, f, 2, 1), "[email] dddd eeee");
	/* same start, the longer first (the analyser's order) */
	f[0] = mk(1, 5, 14, TS_DET_LEXICON, TS_DETAIL_NONE);
	f[1] = mk(1, 5, 9, TS_DET_PII, TS_DETAIL_PHONE);
	CHECK_EQ_STR(mask(t, 0, 24, f, 2, 1), "aaaa [pii] dddd eeee");
	/* a range starting inside the first of two overlapping findings */
	f[0] = mk(1, 0, 7, TS_DET_PII, TS_DETAIL_EMAIL);
	f[1] = mk(1, 5, 12, TS_DET_PII, TS_DETAIL_PHONE);
	CHECK_EQ_STR(mask(t, 6, 24, f, 2, 1), "[email]cc dddd eeee");
	/* a range that ends before the second starts */
	CHECK_EQ_STR(mask(t, 2, 5, f, 2, 1), "[email]");
}

static void test_mask_leaves_the_rest(void)
{
	const char *t = "sorry to hear that, jo@ex.io";
	ts_finding f[3];

	/* other categories and empty findings are copied */
	f[0] = mk(0, 0, 13, TS_DET_LEXICON, TS_DETAIL_NONE);
	f[1] = mk(1, 14, 14, TS_DET_PII, TS_DETAIL_PHONE);
	f[2] = mk(1, 20, 20, TS_DET_PII, TS_DETAIL_EMAIL);
	CHECK_EQ_STR(mask(t, 0, strlen(t), f, 3, 1), t);
	CHECK_EQ_STR(mask(t, 0, strlen(t), f, 0, 1), t);
	CHECK_EQ_STR(mask(t, 0, strlen(t), NULL, 0, 1), t);
	f[2] = mk(1, 20, 28, TS_DET_PII, TS_DETAIL_EMAIL);
	CHECK_EQ_STR(mask(t, 0, strlen(t), f, 3, 1), "sorry to hear that, [email]");
	CHECK_EQ_STR(mask(t, 0, strlen(t), f, 3, 0), "[pii] that, jo@ex.io");
	/* a pii finding that does not count is personal data all the same */
	f[1] = mk(1, 14, 18, TS_DET_PII, TS_DETAIL_PHONE);
	f[1].status = TS_NEGATED;
	CHECK_EQ_STR(mask(t, 0, strlen(t), f, 3, 1), "sorry to hear [phone], [email]");
	/* an empty range appends nothing */
	CHECK_EQ_STR(mask(t, 22, 22, f, 3, 1), "");
}

static void test_mask_appends_and_limits(void)
{
	const char *t = "call 555-123-4567";
	ts_finding f = mk(1, 5, 17, TS_DET_PII, TS_DETAIL_PHONE);
	ts_buf b;

	ts_buf_init(&b, 0);
	REQUIRE(ts_buf_adds(&b, ">") == TS_OK);
	CHECK_EQ_INT(ts_pii_mask(&b, t, 0, 17, &f, 1, 1), TS_OK);
	CHECK_EQ_STR(b.p, ">call [phone]");
	ts_buf_release(&b);

	ts_buf_init(&b, 8);
	CHECK_EQ_INT(ts_pii_mask(&b, t, 0, 17, &f, 1, 1), TS_ELIMIT);
	ts_buf_release(&b);
}

/*
 * Random texts from an alphabet rich in what the detector looks at
 * (digits, separators, '@', '+', '(', letters, UTF-8 and invalid
 * bytes): spans stay inside the text, counted pii findings never overlap,
 * and masking in two pieces split outside every finding gives the same
 * bytes as masking the whole.
 */
static void test_random_texts(void)
{
	static const char *const parts[] = {
		"0", "1", "4", "7", "9", "12", "555", "4111", "2024", " ", " ", "-", ".", "/", "(",
		")", "+", "@", "a", "x.y", "DE", "GB82", "co", ".uk", ":", "#", "%", "$", ",",
		"call ", "order ", "number ", "\xc3\xa9", "\xe2\x80\x9c", "\xff", "'", "_",
		"\n", "mailto:", "123-45-6789", "staff line ", "x@ab.io",
		"@cd.eu",
	};
	unsigned long long seed = 0x9e3779b97f4a7c15ULL;
	char text[256], whole[2048], split[2048];
	int bad = 0;

	for (int iter = 0; iter < 20000 && !bad; iter++) {
		size_t n = 0, nparts, k;
		ts_analysis r;

		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		nparts = 1 + (size_t)(seed >> 59);
		for (size_t j = 0; j < nparts; j++) {
			const char *w;
			seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
			w = parts[(seed >> 33) % (sizeof parts / sizeof parts[0])];
			if (n + strlen(w) >= sizeof text)
				break;
			memcpy(text + n, w, strlen(w));
			n += strlen(w);
		}
		ts_analyser_begin(g_an);
		if (ts_analyser_message(g_an, TS_ROLE_AGENT, text, n, &r) != TS_OK) {
			bad = 1;
			break;
		}
		for (size_t i = 0, last = 0; i < r.nfindings; i++) {
			const ts_finding *f = &r.findings[i];
			if (f->start >= f->end || f->end > n)
				bad = 2;
			if ((int)f->category == g_pii && f->status == TS_COUNTED) {
				if (f->start < last)
					bad = 3;
				last = f->end;
			}
		}
		/* a split point outside every pii finding */
		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		k = n ? (size_t)(seed >> 33) % (n + 1) : 0;
		for (size_t i = 0; i < r.nfindings; i++)
			if ((int)r.findings[i].category == g_pii && r.findings[i].start < k &&
			    k < r.findings[i].end)
				k = r.findings[i].end;
		if (!bad) {
			ts_buf b;
			ts_buf_init(&b, 0);
			if (ts_pii_mask(&b, text, 0, n, r.findings, r.nfindings, g_pii) != TS_OK)
				bad = 4;
			snprintf(whole, sizeof whole, "%s", b.p);
			ts_buf_reset(&b);
			if (ts_pii_mask(&b, text, 0, k, r.findings, r.nfindings, g_pii) != TS_OK ||
			    ts_pii_mask(&b, text, k, n, r.findings, r.nfindings, g_pii) != TS_OK)
				bad = 4;
			snprintf(split, sizeof split, "%s", b.p);
			ts_buf_release(&b);
			if (strcmp(whole, split) != 0)
				bad = 5;
		}
		if (bad)
			printf("  case %d (%d): \"%.*s\"\n", iter, bad, (int)n, text);
	}
	CHECK_EQ_INT(bad, 0);
}

int main(void)
{
	g_set = lx_set(NULL, "pii.txt", test_pii_lex, "empathy.txt", test_empathy_lex,
	               (char *)NULL);
	if (!g_set || ts_analyser_new(&g_an, g_set) != TS_OK) {
		printf("FAIL test_pii.c:setup\n");
		return 1;
	}
	g_pii = ts_lexset_category_index(g_set, "pii");
	g_empathy = ts_lexset_category_index(g_set, "empathy");
	TS_RUN(test_cards);
	TS_RUN(test_luhn_pairs);
	TS_RUN(test_card_negatives);
	TS_RUN(test_emails);
	TS_RUN(test_email_negatives);
	TS_RUN(test_phones);
	TS_RUN(test_phone_words);
	TS_RUN(test_phone_negatives);
	TS_RUN(test_ibans);
	TS_RUN(test_iban_check_digits);
	TS_RUN(test_lexicon_entries_win);
	TS_RUN(test_exact_spans);
	TS_RUN(test_off_without_category);
	TS_RUN(test_plain_text);
	TS_RUN(test_builtin_lexicon);
	TS_RUN(test_mask_from_analyser);
	TS_RUN(test_mask_kinds_and_overlaps);
	TS_RUN(test_mask_leaves_the_rest);
	TS_RUN(test_mask_appends_and_limits);
	TS_RUN(test_random_texts);
	ts_analyser_free(g_an);
	ts_lexset_free(g_set);
	TS_TEST_MAIN_END();
}
