/*
 * test_readability.c - the syllable counter against dictionary syllable
 * counts (a list it must get exactly right, and a larger list written
 * separately, before the counter was run on it, where it must reach a
 * stated accuracy), its handling of non-letters, and the Flesch reading
 * ease and Flesch-Kincaid grade from hand-computed sums, also through the
 * analyser on a real message.
 *
 * Counts are the syllable breaks of a standard dictionary (Merriam-
 * Webster's hyphenation points); words whose count depends on accent or
 * speed ("every", "family", "actually", "fire" as "fi-er" aside) are left
 * out, except "fire", which the dictionary gives as one syllable.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analyse.h"
#include "detect.h"
#include "lexset_fixture.h"
#include "test.h"
#include "traitscan.h"

struct word {
	const char *w;
	size_t n;
};

static size_t syl(const char *w)
{
	return ts_syllables(w, strlen(w));
}

/* Must all be exact. */
static const struct word exact[] = {
	/* the examples of the brief */
	{"the", 1}, {"cable", 2}, {"fire", 1}, {"created", 3}, {"jumped", 1},
	{"boxes", 2},
	/* plain words */
	{"cat", 1}, {"help", 1}, {"thanks", 1}, {"please", 1}, {"sorry", 2},
	{"problem", 2}, {"refund", 2}, {"account", 2}, {"password", 2},
	{"customer", 3}, {"computer", 3}, {"internet", 3}, {"understand", 3},
	{"delivery", 4}, {"information", 4}, {"application", 4},
	{"connection", 3}, {"question", 2}, {"network", 2}, {"settings", 2},
	{"router", 2}, {"browser", 2}, {"email", 2}, {"technician", 3},
	/* silent e, -le, -re */
	{"make", 1}, {"time", 1}, {"whole", 1}, {"file", 1}, {"mobile", 2},
	{"online", 2}, {"website", 2}, {"table", 2}, {"simple", 2},
	{"people", 2}, {"apple", 2}, {"centre", 2}, {"free", 1}, {"agree", 2},
	{"value", 2}, {"issue", 2}, {"continue", 3}, {"queue", 1},
	/* -es, -ed */
	{"makes", 1}, {"times", 1}, {"notes", 1}, {"uses", 2}, {"changes", 2},
	{"places", 2}, {"wishes", 2}, {"matches", 2}, {"tables", 2},
	{"goes", 1}, {"does", 1}, {"cookies", 2}, {"companies", 3},
	{"wanted", 2}, {"needed", 2}, {"asked", 1}, {"called", 1},
	{"fixed", 1}, {"changed", 1}, {"tried", 1}, {"played", 1},
	{"agreed", 2}, {"received", 2}, {"updated", 3}, {"escalated", 4},
	{"cancelled", 2}, {"delivered", 3}, {"handled", 2}, {"enabled", 3},
	{"hundred", 2},
	/* y */
	{"they", 1}, {"happy", 2}, {"system", 2}, {"type", 1}, {"yes", 1},
	{"yellow", 2}, {"beyond", 2}, {"lawyer", 2}, {"player", 2},
	{"buying", 2}, {"goodbye", 2}, {"eye", 1}, {"eyes", 1},
	/* u after q and g */
	{"quite", 1}, {"quality", 3}, {"unique", 2}, {"technique", 2},
	{"language", 2}, {"guarantee", 3}, {"league", 1},
	/* vowel pairs that are one syllable or two */
	{"special", 2}, {"social", 2}, {"official", 3}, {"financial", 3},
	{"media", 3}, {"via", 2}, {"material", 4}, {"appreciate", 4},
	{"nation", 2}, {"region", 2}, {"million", 2}, {"union", 2},
	{"radio", 3}, {"studio", 3}, {"priority", 4}, {"previous", 3},
	{"serious", 3}, {"delicious", 3}, {"anxious", 2}, {"video", 3},
	{"stereo", 3}, {"surgeon", 2}, {"gorgeous", 2}, {"manual", 3},
	{"situation", 4}, {"premium", 3}, {"fluent", 2}, {"influence", 3},
	{"idea", 3}, {"area", 3}, {"create", 2}, {"reality", 4},
	{"quiet", 2}, {"society", 4}, {"client", 2}, {"patient", 2},
	{"experience", 4}, {"easier", 3}, {"earliest", 3}, {"being", 2},
	{"going", 2}, {"doing", 2}, {"seeing", 2},
	/* prefixes before a vowel */
	{"reactivate", 4}, {"reinstall", 3}, {"reopen", 3}, {"preorder", 3},
	{"deactivate", 4}, {"cooperate", 4},
	/* silent e inside */
	{"lately", 2}, {"completely", 3}, {"definitely", 4},
	{"immediately", 5}, {"management", 3}, {"statement", 2},
	{"useful", 2}, {"careful", 2}, {"homeless", 2}, {"something", 2},
	{"sometimes", 2}, {"someone", 2}, {"timeline", 2}, {"homepage", 2},
	{"element", 3}, {"implement", 3},
	/* contractions and possessives (normalised: straight apostrophe) */
	{"isn't", 2}, {"doesn't", 2}, {"didn't", 2}, {"don't", 1},
	{"can't", 1}, {"won't", 1}, {"we're", 1}, {"you're", 1},
	{"they're", 1}, {"we'll", 1}, {"i'm", 1}, {"it's", 1},
	{"customer's", 3}, {"o'clock", 2},
	/* the exception table */
	{"business", 2}, {"science", 2}, {"recipe", 3}, {"maybe", 2},
	{"evening", 2}, {"aisle", 1},
	/* Latin-1 accents (UTF-8 bytes kept by the normaliser) */
	{"caf\xc3\xa9", 2}, {"r\xc3\xa9sum\xc3\xa9", 3}, {"na\xc3\xafve", 2},
};

/*
 * A larger list, written from the dictionary alongside the rules (so not
 * a blind sample).  Measured: 432 of 435 right (99.3%); the misses are
 * "theatre" (2 for 3), "soldier" and "cashier" (3 for 2).  The test
 * asserts 97%.  A blind check, outside the suite, against the CMU
 * Pronouncing Dictionary on the 3,000 most frequent words of customer-
 * support chat text (accepting any of a word's pronunciations) gave
 * 98.5% of distinct words and 99.3% of running words; most misses there
 * are initialisms read letter by letter ("tv", "usb"), which a lowercased
 * word cannot tell from a word.
 */
static const struct word heldout[] = {
	{"again", 2}, {"agent", 2}, {"answer", 2}, {"anything", 3},
	{"apologize", 4}, {"apology", 4}, {"appointment", 3},
	{"available", 4}, {"balance", 2}, {"battery", 3}, {"because", 2},
	{"benefit", 3}, {"billing", 2}, {"button", 2}, {"calendar", 3},
	{"capital", 3}, {"charge", 1}, {"charges", 2}, {"checked", 1},
	{"choose", 1}, {"clicked", 1}, {"colour", 2}, {"company", 3},
	{"complaint", 2}, {"confirm", 2}, {"confirmation", 4}, {"contact", 2},
	{"contract", 2}, {"correct", 2}, {"credit", 2}, {"currently", 3},
	{"damaged", 2}, {"data", 2}, {"date", 1}, {"debit", 2}, {"decide", 2},
	{"department", 3}, {"describe", 2}, {"detail", 2}, {"device", 2},
	{"direct", 2}, {"discount", 2}, {"display", 2}, {"document", 3},
	{"enough", 2}, {"error", 2}, {"example", 3}, {"expect", 2},
	{"explain", 2}, {"feature", 2}, {"figure", 2}, {"finally", 3},
	{"follow", 2}, {"forward", 2}, {"future", 2}, {"happen", 2},
	{"hardware", 2}, {"however", 3}, {"instead", 2}, {"invoice", 2},
	{"item", 2}, {"keyboard", 2}, {"laptop", 2}, {"later", 2},
	{"letter", 2}, {"limit", 2}, {"little", 2}, {"location", 3},
	{"locate", 2}, {"manager", 3}, {"message", 2}, {"minute", 2},
	{"moment", 2}, {"monthly", 2}, {"morning", 2}, {"notice", 2},
	{"number", 2}, {"office", 2}, {"option", 2}, {"original", 4},
	{"payment", 2}, {"perhaps", 2}, {"personal", 3}, {"picture", 2},
	{"policy", 3}, {"possible", 3}, {"price", 1}, {"printer", 2},
	{"private", 2}, {"product", 2}, {"purchase", 2}, {"quickly", 2},
	{"reason", 2}, {"receipt", 2}, {"recently", 3}, {"record", 2},
	{"reference", 3}, {"refunded", 3}, {"remember", 3}, {"replace", 2},
	{"replaced", 2}, {"replacement", 3}, {"request", 2}, {"response", 2},
	{"return", 2}, {"review", 2}, {"schedule", 2}, {"screen", 1},
	{"second", 2}, {"secure", 2}, {"security", 4}, {"select", 2},
	{"shipping", 2}, {"signature", 3}, {"simply", 2}, {"software", 2},
	{"solution", 3}, {"speaker", 2}, {"status", 2}, {"subscription", 3},
	{"suggest", 2}, {"summary", 3}, {"surprise", 2}, {"switch", 1},
	{"terrible", 3}, {"thousand", 2}, {"ticket", 2}, {"today", 2},
	{"together", 3}, {"tomorrow", 3}, {"total", 2}, {"transfer", 2},
	{"unable", 3}, {"unfortunately", 5}, {"upgrade", 2}, {"useless", 2},
	{"username", 3}, {"verify", 3}, {"version", 2}, {"warranty", 3},
	{"welcome", 2}, {"whether", 2}, {"window", 2}, {"wireless", 2},
	{"without", 2}, {"wonderful", 3}, {"yesterday", 3},
	/* -ed, -es */
	{"excited", 3}, {"invited", 3}, {"provided", 3}, {"decided", 3},
	{"included", 3}, {"attached", 2}, {"finished", 2}, {"noticed", 2},
	{"promised", 2}, {"released", 2}, {"described", 2}, {"approved", 2},
	{"arrived", 2}, {"removed", 2}, {"involved", 2}, {"advised", 2},
	{"charged", 1}, {"loaded", 2}, {"landed", 2}, {"reached", 1},
	{"searched", 1}, {"wished", 1}, {"watched", 1}, {"passed", 1},
	{"fixes", 2}, {"pushes", 2}, {"buses", 2}, {"sizes", 2},
	{"judges", 2}, {"courses", 2}, {"horses", 2}, {"houses", 2},
	{"causes", 2}, {"phrases", 2}, {"cases", 2}, {"types", 1},
	{"files", 1}, {"games", 1}, {"homes", 1}, {"names", 1},
	{"smiles", 1}, {"styles", 1}, {"shapes", 1}, {"rules", 1},
	{"hopes", 1}, {"knives", 1},
	{"started", 2}, {"visited", 3}, {"counted", 2}, {"printed", 2},
	{"uploaded", 3}, {"reported", 3}, {"accepted", 3}, {"expected", 3},
	{"selected", 3}, {"connected", 3}, {"disconnected", 4},
	{"completed", 3}, {"blocked", 1}, {"locked", 1}, {"logged", 1},
	{"signed", 1}, {"named", 1}, {"emailed", 2}, {"texted", 2},
	{"scheduled", 2}, {"answered", 2}, {"entered", 2}, {"offered", 2},
	{"covered", 2}, {"considered", 3}, {"registered", 3}, {"delayed", 2},
	{"stayed", 1}, {"enjoyed", 2}, {"annoyed", 2}, {"employed", 2},
	{"preferred", 2}, {"transferred", 2}, {"referred", 2}, {"occurred", 2},
	/* -le, -re */
	{"candle", 2}, {"bottle", 2}, {"middle", 2}, {"puzzle", 2},
	{"trouble", 2}, {"double", 2}, {"single", 2}, {"google", 2},
	{"circle", 2}, {"article", 3}, {"vehicle", 3}, {"visible", 3},
	{"eligible", 4}, {"responsible", 4}, {"title", 2}, {"castle", 2},
	{"hassle", 2}, {"idle", 2}, {"cycle", 2}, {"bicycle", 3},
	{"sample", 2}, {"able", 2}, {"whale", 1}, {"smile", 1},
	{"handle", 2}, {"bundled", 2}, {"settle", 2}, {"gentle", 2},
	{"acre", 2}, {"metre", 2}, {"litre", 2}, {"fibre", 2}, {"genre", 2},
	{"massacre", 3}, {"theatre", 3},
	/* silent e inside */
	{"hello", 2}, {"agreement", 3}, {"achievement", 3}, {"engagement", 3},
	{"excitement", 3}, {"arrangement", 3}, {"awareness", 3},
	{"likely", 2}, {"lovely", 2}, {"nicely", 2}, {"namely", 2},
	{"timely", 2}, {"hopeless", 2}, {"careless", 2}, {"absolutely", 4},
	{"fortunately", 4}, {"ultimately", 4}, {"appropriate", 4},
	{"immediate", 4}, {"approximately", 5},
	/* vowel pairs */
	{"creative", 3}, {"creation", 3}, {"react", 2}, {"reaction", 3},
	{"reapply", 3}, {"reassign", 3}, {"reenter", 3}, {"reuse", 2},
	{"reunite", 3}, {"reorder", 3}, {"reinstate", 3}, {"reimburse", 3},
	{"reissue", 3}, {"preinstalled", 3}, {"coordinate", 4},
	{"essential", 3}, {"potential", 3}, {"commercial", 3}, {"crucial", 2},
	{"guardian", 3}, {"median", 3}, {"radius", 3}, {"various", 3},
	{"obvious", 3}, {"curious", 3}, {"furious", 3}, {"tedious", 3},
	{"ambitious", 3}, {"cautious", 2}, {"precious", 2}, {"conscious", 2},
	{"suspicious", 3}, {"champion", 3}, {"onion", 2}, {"opinion", 3},
	{"companion", 3}, {"billion", 2}, {"junior", 2}, {"senior", 2},
	{"behavior", 3}, {"period", 3}, {"patio", 3}, {"scenario", 4},
	{"mission", 2}, {"vision", 2}, {"decision", 3}, {"suggestion", 3},
	{"position", 3}, {"edition", 3}, {"diet", 2}, {"efficient", 3},
	{"sufficient", 3}, {"ingredient", 4}, {"obedient", 4},
	{"recipient", 4}, {"friend", 1}, {"field", 1}, {"piece", 1},
	{"believe", 2}, {"achieve", 2}, {"view", 1}, {"viewed", 1},
	{"died", 1}, {"applied", 2}, {"supplied", 2}, {"replied", 2},
	{"copied", 2}, {"carried", 2}, {"worried", 2}, {"studied", 2},
	{"studies", 2}, {"cities", 2}, {"parties", 2}, {"easily", 3},
	{"happily", 3}, {"busier", 3}, {"heavier", 3}, {"earlier", 3},
	{"carrier", 3}, {"supplier", 3}, {"soldier", 2}, {"cashier", 2},
	{"courteous", 3},
	/* y */
	{"everyone", 3}, {"anyone", 3}, {"anyway", 3}, {"always", 2},
	{"layer", 2}, {"mayor", 2}, {"crayon", 2}, {"royal", 2},
	{"loyal", 2}, {"employee", 3}, {"employer", 3}, {"buyer", 2},
	{"myth", 1}, {"gym", 1}, {"syntax", 2}, {"style", 1},
	{"typical", 3}, {"physical", 3}, {"mystery", 3}, {"symbol", 2},
	{"analyze", 3}, {"analysis", 4}, {"dynamic", 3}, {"hybrid", 2},
	{"yearly", 2}, {"yourself", 2}, {"young", 1},
	/* u after q and g */
	{"quick", 1}, {"quote", 1}, {"quarter", 2}, {"equal", 2},
	{"frequent", 2}, {"sequence", 2}, {"guest", 1}, {"guide", 1},
	{"guitar", 2}, {"guess", 1}, {"distinguish", 3}, {"penguin", 2},
	{"argument", 3}, {"regular", 3}, {"vague", 1}, {"tongue", 1},
	{"colleague", 2}, {"catalogue", 3}, {"dialogue", 3}, {"argue", 2},
	{"antique", 2}, {"boutique", 2}, {"critique", 2}, {"queen", 1},
	{"squeeze", 1}, {"liquid", 2}, {"equipment", 3},
	/* -ing after a vowel */
	{"agreeing", 3}, {"continuing", 4}, {"issuing", 3}, {"valuing", 3},
	{"skiing", 2}, {"echoing", 3}, {"undoing", 3},
	/* contractions */
	{"couldn't", 2}, {"shouldn't", 2}, {"wouldn't", 2}, {"wasn't", 2},
	{"haven't", 2}, {"hasn't", 2}, {"mustn't", 2}, {"ain't", 1},
};

static void test_syllables_dictionary(void)
{
	size_t n = sizeof exact / sizeof *exact;

	CHECK(n >= 40);
	for (size_t i = 0; i < n; i++) {
		size_t got = syl(exact[i].w);
		if (got != exact[i].n)
			printf("  %s: got %zu, dictionary %zu\n", exact[i].w, got, exact[i].n);
		CHECK_EQ_INT(got, exact[i].n);
	}
}

static void test_syllables_heldout(void)
{
	size_t n = sizeof heldout / sizeof *heldout, right = 0;

	for (size_t i = 0; i < n; i++) {
		size_t got = syl(heldout[i].w);
		if (got == heldout[i].n)
			right++;
		else
			printf("  miss: %s: got %zu, dictionary %zu\n", heldout[i].w, got,
			       heldout[i].n);
	}
	printf("  held-out accuracy: %zu of %zu\n", right, n);
	CHECK(n >= 200);
	CHECK(right * 100 >= n * 97);
}

static void test_syllables_non_letters(void)
{
	CHECK_EQ_INT(ts_syllables("", 0), 0);
	CHECK_EQ_INT(syl("2024"), 0);
	CHECK_EQ_INT(syl("'"), 0);
	CHECK_EQ_INT(syl("\xd0\xbf\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82"), 0); /* Cyrillic */
	CHECK_EQ_INT(syl("\xe4\xbd\xa0\xe5\xa5\xbd"), 0);                        /* CJK */
	CHECK_EQ_INT(syl("\xff\xfe"), 0);                                        /* invalid */
	/* a letter gives at least one */
	CHECK_EQ_INT(syl("x"), 1);
	CHECK_EQ_INT(syl("hmm"), 1);
	CHECK_EQ_INT(syl("dns"), 1);
	CHECK_EQ_INT(syl("a"), 1);
	/* digits split runs; each run with a letter counts */
	CHECK_EQ_INT(syl("covid19"), 2);
	CHECK_EQ_INT(syl("2fa"), 1);
	CHECK_EQ_INT(syl("1st"), 1);
	CHECK_EQ_INT(syl("h2o"), 2);
	CHECK_EQ_INT(syl("mp3"), 1);
	/* other bytes split runs too, unknown letters count nothing */
	CHECK_EQ_INT(syl("caf\xe2\x80\x94table"), 3);
	CHECK_EQ_INT(syl("\xd0\xbf" "data"), 2);
	/* uppercase works as well, though the analyser passes lowercase */
	CHECK_EQ_INT(syl("Created"), 3);
	/* only the length that is there is read */
	CHECK_EQ_INT(ts_syllables("jumpedxxxx", 6), 1);
	CHECK_EQ_INT(ts_syllables("don't", 4), 1);
	/* an apostrophe at either end is ignored */
	CHECK_EQ_INT(syl("'cause"), 1);
	CHECK_EQ_INT(syl("customers'"), 3);
}

static void test_syllables_long_words(void)
{
	char w[300];

	/* 48 letters is still a word: "ab" x 24 has 24 vowel groups */
	for (int i = 0; i < 24; i++)
		memcpy(w + 2 * i, "ab", 2);
	CHECK_EQ_INT(ts_syllables(w, 48), 24);
	/* longer runs get plain vowel groups */
	for (int i = 0; i < 150; i++)
		memcpy(w + 2 * i, "ba", 2);
	CHECK_EQ_INT(ts_syllables(w, 300), 150);
	memset(w, 'z', sizeof w);
	CHECK_EQ_INT(ts_syllables(w, sizeof w), 1);
	memset(w, 'e', sizeof w);
	CHECK_EQ_INT(ts_syllables(w, sizeof w), 1);
}

#define NEAR(a, b) (fabs((a) - (b)) < 1e-9)

static void test_flesch_sums(void)
{
	/* 100 words, 5 sentences, 150 syllables: W/S 20, Syl/W 1.5
	 * ease 206.835 - 20.3 - 126.9; grade 7.8 + 17.7 - 15.59 */
	CHECK(NEAR(ts_flesch_ease(100, 5, 150), 59.635));
	CHECK(NEAR(ts_fk_grade(100, 5, 150), 9.91));
	/* 10, 1, 10: 206.835 - 10.15 - 84.6; 3.9 + 11.8 - 15.59 */
	CHECK(NEAR(ts_flesch_ease(10, 1, 10), 112.085));
	CHECK(NEAR(ts_fk_grade(10, 1, 10), 0.11));
	/* 12, 2, 18: W/S 6, Syl/W 1.5: 206.835 - 6.09 - 126.9; 2.34 + 17.7 - 15.59 */
	CHECK(NEAR(ts_flesch_ease(12, 2, 18), 73.845));
	CHECK(NEAR(ts_fk_grade(12, 2, 18), 4.45));
	/* 30, 1, 60: 206.835 - 30.45 - 169.2; 11.7 + 23.6 - 15.59 */
	CHECK(NEAR(ts_flesch_ease(30, 1, 60), 7.185));
	CHECK(NEAR(ts_fk_grade(30, 1, 60), 19.71));
	/* 6, 1, 6 ("The cat sat on the mat."): 206.835 - 6.09 - 84.6;
	 * 2.34 + 11.8 - 15.59 (a grade below zero is allowed) */
	CHECK(NEAR(ts_flesch_ease(6, 1, 6), 116.145));
	CHECK(NEAR(ts_fk_grade(6, 1, 6), -1.45));
	/* nothing to divide by */
	CHECK_EQ_INT(ts_flesch_ease(0, 1, 0), 0);
	CHECK_EQ_INT(ts_fk_grade(0, 1, 0), 0);
	CHECK_EQ_INT(ts_flesch_ease(5, 0, 7), 0);
	CHECK_EQ_INT(ts_fk_grade(5, 0, 7), 0);
}

static void test_flesch_through_analyser(void)
{
	static const char lex[] = "@category jargon\n@role agent\ndns\n";
	/* please 1, restart 2, your 1, router 2, and 1, try 1, again 2 = 10;
	 * then we'll 1, check 1, it 1, together 3 = 6 */
	static const char msg[] = "Please restart your router and try again. "
	                          "Then we'll check it together!";
	ts_lexset *set = lx_set(NULL, "jargon.txt", lex, (char *)NULL);
	ts_analyser *an = NULL;
	ts_analysis out;

	REQUIRE(set);
	REQUIRE(ts_analyser_new(&an, set) == TS_OK);
	ts_analyser_begin(an);
	REQUIRE(ts_analyser_message(an, TS_ROLE_AGENT, msg, strlen(msg), &out) == TS_OK);
	CHECK_EQ_INT(out.words, 12);
	CHECK_EQ_INT(out.sentences, 2);
	CHECK_EQ_INT(out.syllables, 17);
	/* first sentence alone: 7 words, 1 sentence, 10 syllables:
	 * 206.835 - 1.015 * 7 - 84.6 * 10 / 7 = 78.872857142857...
	 * 0.39 * 7 + 11.8 * 10 / 7 - 15.59 = 3.997142857142... */
	CHECK(fabs(ts_flesch_ease(7, 1, 10) - 78.8728571428571) < 1e-9);
	CHECK(fabs(ts_fk_grade(7, 1, 10) - 3.99714285714286) < 1e-9);
	/* the message: 12 words, 2 sentences, 17 syllables:
	 * 206.835 - 6.09 - 119.85 = 80.895; 2.34 + 16.716666... - 15.59 */
	CHECK(fabs(ts_flesch_ease(out.words, out.sentences, out.syllables) - 80.895) < 1e-9);
	CHECK(fabs(ts_fk_grade(out.words, out.sentences, out.syllables) - 3.4666666666667) < 1e-9);
	/* customer text is not counted for readability */
	REQUIRE(ts_analyser_message(an, TS_ROLE_CUSTOMER, msg, strlen(msg), &out) == TS_OK);
	CHECK_EQ_INT(out.syllables, 0);
	ts_analyser_free(an);
	ts_lexset_free(set);
}

int main(void)
{
	TS_RUN(test_syllables_dictionary);
	TS_RUN(test_syllables_heldout);
	TS_RUN(test_syllables_non_letters);
	TS_RUN(test_syllables_long_words);
	TS_RUN(test_flesch_sums);
	TS_RUN(test_flesch_through_analyser);
	TS_TEST_MAIN_END();
}
