/*
 * test_negation.c - negation.c through the analyser: which negators govern
 * a lexicon finding (window of three words, same clause, emphasis after
 * the negator, negators inside an entry, negate=no entries and files), and
 * sarcasm in customer messages (politeness, positive and resolution lose
 * their count, one frustration finding is added unless one is counted,
 * agent and bot messages untouched).  Support-chat examples written for
 * this test; each states the whole expected result of its message.
 */
#include <stdio.h>
#include <string.h>

#include "analyse_fixture.h"

static const char empathy[] =
	"@category empathy\n"
	"understand\n"
	"how frustrating\n"
	"sorry to hear\n";
static const char politeness[] =
	"@category politeness\n"
	"thank you\n"
	"thanks\n"
	"no problem\n";
static const char negative[] =
	"@category negative_language\n"
	"problem\n";
static const char frustration[] =
	"@category frustration\n"
	"@role customer\n"
	"ridiculous\n"
	"fed up\n";
static const char sarcasm[] =
	"@category sarcasm\n"
	"thanks for nothing\n"
	"yeah right\n"
	"oh great\n";
static const char positive[] =
	"@category positive_language\n"
	"great\n"
	"awesome\n";
static const char resolution[] =
	"@category resolution\n"
	"fixed\n"
	"resolved\n";
static const char escalation[] =
	"@category escalation\n"
	"supervisor\tnegate=no\n"
	"manager\n";
static const char apology[] =
	"@category apology\n"
	"@negate no\n"
	"apologies\n"
	"apologize\n";

static ts_lexset *full_set(void)
{
	return lx_set(NULL, "empathy.txt", empathy, "politeness.txt", politeness,
	              "negative_language.txt", negative, "frustration.txt", frustration,
	              "sarcasm.txt", sarcasm, "positive_language.txt", positive,
	              "resolution.txt", resolution, "escalation.txt", escalation,
	              "apology.txt", apology, (char *)NULL);
}

/* The named cases, with their counts. */
static void test_named_false_positives(void)
{
	ts_lexset *set = full_set();
	fx f;

	REQUIRE(fx_open(&f, set) == 0);

	/* "I don't understand" is confusion, not empathy */
	CHECK_EQ_STR(fx_one(&f, FX_C, "I don't understand why I was charged."),
	             "empathy/lexicon/negated \"understand\"");
	CHECK_EQ_INT(fx_count(&f, "empathy"), 0);
	CHECK_EQ_INT(f.r.findings[0].status, TS_NEGATED);

	/* "no problem" is not a problem word (and the politeness entry that
	 * holds the negator is not negated by it) */
	CHECK_EQ_STR(fx_one(&f, FX_A, "no problem"),
	             "politeness/lexicon/counted \"no problem\"; "
	             "negative_language/lexicon/negated \"problem\"");
	CHECK_EQ_INT(fx_count(&f, "negative_language"), 0);
	CHECK_EQ_INT(fx_count(&f, "politeness"), 1);

	/* "can't imagine" is emphasis: still empathy */
	CHECK_EQ_STR(fx_one(&f, FX_A, "I can't imagine how frustrating that must be."),
	             "empathy/lexicon/counted \"how frustrating\"");
	CHECK_EQ_INT(fx_count(&f, "empathy"), 1);

	fx_close(&f);
	ts_lexset_free(set);
}

static void test_negators_govern(void)
{
	static const fx_case cases[] = {
		{ FX_C, "I do not understand this bill.",
		  "empathy/lexicon/negated \"understand\"" },
		{ FX_A, "I never understand these forms either.",
		  "empathy/lexicon/negated \"understand\"" },
		/* curly apostrophe, and the apostrophe left out */
		{ FX_C, "I didn\xe2\x80\x99t understand the email.",
		  "empathy/lexicon/negated \"understand\"" },
		{ FX_C, "i dont understand the invoice",
		  "empathy/lexicon/negated \"understand\"" },
		{ FX_C, "Thanks, but I cannot understand why it was cancelled.",
		  "politeness/lexicon/counted \"Thanks\"; empathy/lexicon/negated \"understand\"" },
		{ FX_C, "It's not a problem with the card.",
		  "negative_language/lexicon/negated \"problem\"" },
		{ FX_C, "There's no real problem with the app.",
		  "negative_language/lexicon/negated \"problem\"" },
		{ FX_A, "We can swap it without any problem.",
		  "negative_language/lexicon/negated \"problem\"" },
		{ FX_A, "Hardly a problem.",
		  "negative_language/lexicon/negated \"problem\"" },
		{ FX_C, "I'm not fed up yet.",
		  "frustration/lexicon/negated \"fed up\"" },
		{ FX_C, "Nothing is resolved.",
		  "resolution/lexicon/negated \"resolved\"" },
		{ FX_A, "Sorry to hear that, it wasn't great.",
		  "empathy/lexicon/counted \"Sorry to hear\"; "
		  "positive_language/lexicon/negated \"great\"" },
		{ FX_C, "I don't want a manager.",
		  "escalation/lexicon/negated \"manager\"" },
	};
	fx_check_cases(full_set(), cases, FX_NCASES(cases));
}

static void test_not_negated(void)
{
	static const fx_case cases[] = {
		{ FX_A, "I understand how annoying that is.",
		  "empathy/lexicon/counted \"understand\"" },
		{ FX_C, "There is a problem with my card.",
		  "negative_language/lexicon/counted \"problem\"" },
		{ FX_C, "I'm fed up.", "frustration/lexicon/counted \"fed up\"" },
		/* the first token of the message: nothing before it */
		{ FX_A, "Understand.", "empathy/lexicon/counted \"Understand\"" },
		/* a negator after the finding does not reach back */
		{ FX_A, "I understand, not a problem.",
		  "empathy/lexicon/counted \"understand\"; "
		  "negative_language/lexicon/negated \"problem\"" },
		/* a negator inside the entry is part of it */
		{ FX_A, "No problem at all!",
		  "politeness/lexicon/counted \"No problem\"; "
		  "negative_language/lexicon/negated \"problem\"" },
		{ FX_C, "Thank you, that's awesome!",
		  "politeness/lexicon/counted \"Thank you\"; "
		  "positive_language/lexicon/counted \"awesome\"" },
	};
	fx_check_cases(full_set(), cases, FX_NCASES(cases));
}

/* "not only", "not just", "can't imagine", "can't thank", "no doubt",
 * "don't worry": the negator is emphasis. */
static void test_emphasis_does_not_negate(void)
{
	static const fx_case cases[] = {
		{ FX_A, "I not only understand, I want to fix it.",
		  "empathy/lexicon/counted \"understand\"" },
		{ FX_A, "I'm not just sorry to hear that, I will fix it.",
		  "empathy/lexicon/counted \"sorry to hear\"" },
		{ FX_A, "I can't thank you enough for your patience.",
		  "politeness/lexicon/counted \"thank you\"" },
		{ FX_A, "No doubt a problem like this is annoying.",
		  "negative_language/lexicon/counted \"problem\"" },
		{ FX_A, "Don't worry I understand completely.",
		  "empathy/lexicon/counted \"understand\"" },
		/* but a plain "not" right before the same words does negate */
		{ FX_C, "I'm not sorry to hear it.",
		  "empathy/lexicon/negated \"sorry to hear\"" },
	};
	fx_check_cases(full_set(), cases, FX_NCASES(cases));
}

/* Negation stops at , ; : and sentence ends. */
static void test_clause_boundaries(void)
{
	static const fx_case cases[] = {
		{ FX_C, "No, I understand now.", "empathy/lexicon/counted \"understand\"" },
		{ FX_C, "It isn't broken; I understand the delay.",
		  "empathy/lexicon/counted \"understand\"" },
		{ FX_C, "It wasn't me: I understand the rules.",
		  "empathy/lexicon/counted \"understand\"" },
		{ FX_C, "I don't understand. Oh wait, I understand now.",
		  "empathy/lexicon/negated \"understand\"; empathy/lexicon/counted \"understand\"" },
		{ FX_C, "Not again! Thanks for checking.",
		  "politeness/lexicon/counted \"Thanks\"" },
	};
	ts_lexset *set = full_set();
	fx f;

	REQUIRE(fx_open(&f, set) == 0);
	fx_cases(&f, cases, FX_NCASES(cases));
	/* the last-but-one case: one of the two counts */
	fx_one(&f, FX_C, "I don't understand. Oh wait, I understand now.");
	CHECK_EQ_INT(fx_count(&f, "empathy"), 1);
	fx_close(&f);
	ts_lexset_free(set);
}

/* A chat line break ends a sentence (analyse.c splits sentences there), so
 * a negator on the line before does not govern the next line. */
static void test_line_break_ends_clause(void)
{
	ts_lexset *set = full_set();
	fx f;

	REQUIRE(fx_open(&f, set) == 0);
	CHECK_EQ_STR(fx_one(&f, FX_C, "Not sure\nI understand the new plan"),
	             "empathy/lexicon/counted \"understand\"");
	CHECK_EQ_STR(fx_one(&f, FX_C, "Not yet\nproblem solved"),
	             "negative_language/lexicon/counted \"problem\"");
	fx_close(&f);
	ts_lexset_free(set);
}

/* The negator must be one of the three words before the finding. */
static void test_window(void)
{
	static const fx_case cases[] = {
		{ FX_C, "I don't really fully understand the bill.",
		  "empathy/lexicon/negated \"understand\"" },
		{ FX_C, "I don't think I really understand the bill.",
		  "empathy/lexicon/counted \"understand\"" },
		{ FX_C, "It is not a big problem.",
		  "negative_language/lexicon/negated \"problem\"" },
		{ FX_C, "It is not really a big problem.",
		  "negative_language/lexicon/counted \"problem\"" },
	};
	fx_check_cases(full_set(), cases, FX_NCASES(cases));
}

/* negate=no on an entry or a whole file: never negated. */
static void test_negate_no(void)
{
	static const fx_case cases[] = {
		{ FX_C, "I don't need a supervisor, just fix it.",
		  "escalation/lexicon/counted \"supervisor\"" },
		{ FX_C, "Can't you get a supervisor?",
		  "escalation/lexicon/counted \"supervisor\"" },
		{ FX_C, "I don't want apologies.", "apology/lexicon/counted \"apologies\"" },
		{ FX_A, "We never apologize enough.", "apology/lexicon/counted \"apologize\"" },
		/* the same file's neighbour entry without the option is negated */
		{ FX_C, "No manager called me back.", "escalation/lexicon/negated \"manager\"" },
	};
	fx_check_cases(full_set(), cases, FX_NCASES(cases));
}

/* More sarcasm: what loses its credit, what does not, and agents. */
static void test_sarcasm_more(void)
{
	static const fx_case cases[] = {
		{ FX_C, "Yeah right.",
		  "frustration/sarcasm/counted \"Yeah right\"; sarcasm/lexicon/counted \"Yeah right\"" },
		{ FX_C, "Oh great.",
		  "frustration/sarcasm/counted \"Oh great\"; sarcasm/lexicon/counted \"Oh great\"; "
		  "positive_language/lexicon/sarcastic \"great\"" },
		{ FX_C, "oh great",
		  "frustration/sarcasm/counted \"oh great\"; sarcasm/lexicon/counted \"oh great\"; "
		  "positive_language/lexicon/sarcastic \"great\"" },
		{ FX_C, "Yeah right, awesome.",
		  "frustration/sarcasm/counted \"Yeah right\"; sarcasm/lexicon/counted \"Yeah right\"; "
		  "positive_language/lexicon/sarcastic \"awesome\"" },
		{ FX_C, "yeah, right",
		  "frustration/sarcasm/counted \"yeah, right\"; sarcasm/lexicon/counted \"yeah, right\"" },
		{ FX_C, "Thanks for nothing, it's resolved.",
		  "politeness/lexicon/sarcastic \"Thanks\"; "
		  "frustration/sarcasm/counted \"Thanks for nothing\"; "
		  "sarcasm/lexicon/counted \"Thanks for nothing\"; "
		  "resolution/lexicon/sarcastic \"resolved\"" },
		/* credit before the marker is taken away too */
		{ FX_C, "Great, thank you. Yeah right.",
		  "positive_language/lexicon/sarcastic \"Great\"; "
		  "politeness/lexicon/sarcastic \"thank you\"; "
		  "frustration/sarcasm/counted \"Yeah right\"; sarcasm/lexicon/counted \"Yeah right\"" },
		{ FX_C, "Awesome. Yeah right. Fixed? Thanks.",
		  "positive_language/lexicon/sarcastic \"Awesome\"; "
		  "frustration/sarcasm/counted \"Yeah right\"; sarcasm/lexicon/counted \"Yeah right\"; "
		  "resolution/lexicon/sarcastic \"Fixed\"; politeness/lexicon/sarcastic \"Thanks\"" },
		/* a negated finding stays negated */
		{ FX_C, "Not great. Thanks for nothing.",
		  "positive_language/lexicon/negated \"great\"; "
		  "politeness/lexicon/sarcastic \"Thanks\"; "
		  "frustration/sarcasm/counted \"Thanks for nothing\"; "
		  "sarcasm/lexicon/counted \"Thanks for nothing\"" },
		/* frustration already counted: nothing added */
		{ FX_C, "That's ridiculous. Oh great.",
		  "frustration/lexicon/counted \"ridiculous\"; sarcasm/lexicon/counted \"Oh great\"; "
		  "positive_language/lexicon/sarcastic \"great\"" },
		/* no marker: the credit stays */
		{ FX_C, "Great, thanks!",
		  "positive_language/lexicon/counted \"Great\"; politeness/lexicon/counted \"thanks\"" },
		{ FX_C, "Thank you, that's resolved.",
		  "politeness/lexicon/counted \"Thank you\"; resolution/lexicon/counted \"resolved\"" },
		/* agents are never read as sarcastic */
		{ FX_A, "Yeah right, thanks.",
		  "sarcasm/lexicon/counted \"Yeah right\"; politeness/lexicon/counted \"thanks\"" },
		{ FX_A, "Oh great news, it's fixed.",
		  "sarcasm/lexicon/counted \"Oh great\"; positive_language/lexicon/counted \"great\"; "
		  "resolution/lexicon/counted \"fixed\"" },
	};

	fx_check_cases(full_set(), cases, FX_NCASES(cases));
}

static void test_sarcasm_customer(void)
{
	static const fx_case cases[] = {
		{ FX_C, "Thanks for nothing.",
		  "politeness/lexicon/sarcastic \"Thanks\"; "
		  "frustration/sarcasm/counted \"Thanks for nothing\"; "
		  "sarcasm/lexicon/counted \"Thanks for nothing\"" },
		/* the whole message is sarcastic, not just the sentence */
		{ FX_C, "Oh great, the app crashed again. Thank you so much.",
		  "frustration/sarcasm/counted \"Oh great\"; sarcasm/lexicon/counted \"Oh great\"; "
		  "positive_language/lexicon/sarcastic \"great\"; "
		  "politeness/lexicon/sarcastic \"Thank you\"" },
		/* a counted frustration finding already says it: none added */
		{ FX_C, "Yeah right, this is ridiculous.",
		  "sarcasm/lexicon/counted \"Yeah right\"; frustration/lexicon/counted \"ridiculous\"" },
		/* a negated one does not count: one is added */
		{ FX_C, "Yeah right, I'm not fed up at all.",
		  "frustration/sarcasm/counted \"Yeah right\"; sarcasm/lexicon/counted \"Yeah right\"; "
		  "frustration/lexicon/negated \"fed up\"" },
		/* two sarcasm findings: one frustration finding, at the first */
		{ FX_C, "Oh great, it's fixed. Yeah right.",
		  "frustration/sarcasm/counted \"Oh great\"; sarcasm/lexicon/counted \"Oh great\"; "
		  "positive_language/lexicon/sarcastic \"great\"; "
		  "resolution/lexicon/sarcastic \"fixed\"; sarcasm/lexicon/counted \"Yeah right\"" },
		/* a negated finding keeps saying why it does not count */
		{ FX_C, "Not thanks to you. Yeah right.",
		  "politeness/lexicon/negated \"thanks\"; "
		  "frustration/sarcasm/counted \"Yeah right\"; sarcasm/lexicon/counted \"Yeah right\"" },
		/* no sarcasm: gratitude and resolution count */
		{ FX_C, "Thanks, that fixed it.",
		  "politeness/lexicon/counted \"Thanks\"; resolution/lexicon/counted \"fixed\"" },
	};
	ts_lexset *set = full_set();
	const ts_finding *x;
	fx f;

	REQUIRE(fx_open(&f, set) == 0);
	fx_cases(&f, cases, FX_NCASES(cases));

	fx_one(&f, FX_C, "Well thanks for nothing, really.");
	CHECK_EQ_INT(fx_count(&f, "politeness"), 0);
	CHECK_EQ_INT(fx_count(&f, "frustration"), 1);
	CHECK_EQ_INT(fx_count(&f, "sarcasm"), 1);
	x = fx_find(&f, "frustration", TS_DET_SARCASM);
	REQUIRE(x);
	CHECK_EQ_INT(x->status, TS_COUNTED);
	CHECK_EQ_INT(x->entry, TS_NO_ENTRY);
	CHECK_EQ_INT(x->start, fx_at(&f, "thanks for nothing"));
	CHECK_EQ_INT(x->end, fx_at(&f, ", really"));
	x = fx_find(&f, "politeness", TS_DET_LEXICON);
	REQUIRE(x);
	CHECK_EQ_INT(x->status, TS_SARCASTIC);
	fx_close(&f);
	ts_lexset_free(set);
}

static void test_sarcasm_not_agent(void)
{
	static const fx_case cases[] = {
		{ FX_A, "Thanks for nothing.",
		  "politeness/lexicon/counted \"Thanks\"; "
		  "sarcasm/lexicon/counted \"Thanks for nothing\"" },
		{ FX_A, "Oh great, that worked!",
		  "sarcasm/lexicon/counted \"Oh great\"; positive_language/lexicon/counted \"great\"" },
		{ TS_ROLE_BOT, "Thanks for nothing.",
		  "politeness/lexicon/counted \"Thanks\"; "
		  "sarcasm/lexicon/counted \"Thanks for nothing\"" },
	};
	ts_lexset *set = full_set();
	fx f;

	REQUIRE(fx_open(&f, set) == 0);
	fx_cases(&f, cases, FX_NCASES(cases));
	fx_one(&f, FX_A, "Thanks for nothing.");
	CHECK_EQ_INT(fx_count(&f, "politeness"), 1);
	CHECK_EQ_INT(fx_count(&f, "frustration"), 0);
	fx_close(&f);
	ts_lexset_free(set);
}

/* Without a frustration category sarcasm still hides gratitude; without a
 * sarcasm category nothing is sarcastic. */
static void test_sarcasm_categories_missing(void)
{
	ts_lexset *nofrus = lx_set(NULL, "politeness.txt", politeness, "sarcasm.txt", sarcasm,
	                           (char *)NULL);
	ts_lexset *nosarc = lx_set(NULL, "politeness.txt", politeness, "frustration.txt",
	                           frustration, (char *)NULL);
	fx f;

	REQUIRE(nofrus && nosarc);
	REQUIRE(fx_open(&f, nofrus) == 0);
	CHECK_EQ_STR(fx_one(&f, FX_C, "Thanks for nothing."),
	             "politeness/lexicon/sarcastic \"Thanks\"; "
	             "sarcasm/lexicon/counted \"Thanks for nothing\"");
	fx_close(&f);
	REQUIRE(fx_open(&f, nosarc) == 0);
	CHECK_EQ_STR(fx_one(&f, FX_C, "Thanks for nothing."),
	             "politeness/lexicon/counted \"Thanks\"");
	fx_close(&f);
	ts_lexset_free(nofrus);
	ts_lexset_free(nosarc);
}

int main(void)
{
	TS_RUN(test_named_false_positives);
	TS_RUN(test_negators_govern);
	TS_RUN(test_not_negated);
	TS_RUN(test_emphasis_does_not_negate);
	TS_RUN(test_clause_boundaries);
	TS_RUN(test_line_break_ends_clause);
	TS_RUN(test_window);
	TS_RUN(test_negate_no);
	TS_RUN(test_sarcasm_customer);
	TS_RUN(test_sarcasm_more);
	TS_RUN(test_sarcasm_not_agent);
	TS_RUN(test_sarcasm_categories_missing);
	TS_TEST_MAIN_END();
}
