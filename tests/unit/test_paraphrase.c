/*
 * test_paraphrase.c - paraphrase.c through the analyser: an agent sentence
 * that restates the customer's previous turn by content words (stems and
 * support synonyms) becomes a paraphrase finding (TS_DET_OVERLAP); the
 * agent's own actions, a single shared concept, a low share, wh-questions,
 * sentences with a counted lexicon paraphrase finding and messages before
 * any customer message do not; a statement that reports what the
 * customer did, wants or feels ("you've tried ...") needs no shared
 * concept; the turn resets when the agent has spoken
 * and the customer writes again, and ts_analyser_begin forgets it.
 * Support-chat examples written for this test.
 */
#include <stdio.h>
#include <string.h>

#include "analyse_fixture.h"

static const char paraphrase[] =
	"@category paraphrase\n"
	"@role agent\n"
	"it sounds like\n";
static const char empathy[] =
	"@category empathy\n"
	"understand\n";
static const char clarifying[] =
	"@category clarifying\n"
	"@role agent\n"
	"could you clarify\n";

static ts_lexset *para_set(void)
{
	return lx_set(NULL, "paraphrase.txt", paraphrase, "empathy.txt", empathy,
	              "clarifying.txt", clarifying, (char *)NULL);
}

#define OVERLAP(s) "paraphrase/overlap/counted \"" s "\""

static const char broken[] = "my order came broken, I want a new one";
static const char restated[] = "Your order #123 arrived damaged and you'd like a replacement.";

typedef struct turn {
	ts_role role;
	const char *text;
} turn;

/* A new conversation of n messages; describes the last one. */
static const char *conv(fx *f, const turn *t, size_t n)
{
	ts_analyser_begin(f->a);
	for (size_t i = 0; i + 1 < n; i++)
		fx_msg(f, t[i].role, t[i].text);
	return fx_run(f, t[n - 1].role, t[n - 1].text);
}

/* One customer message, then one agent message: the agent's findings. */
typedef struct pair {
	const char *customer, *agent, *want;
} pair;

static void run_pairs(fx *f, const pair *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const turn t[] = { { FX_C, p[i].customer }, { FX_A, p[i].agent } };
		const char *got = conv(f, t, 2);
		if (strcmp(got, p[i].want) != 0)
			printf("  pair %zu: \"%s\" / \"%s\"\n    want: %s\n    got:  %s\n", i,
			       p[i].customer, p[i].agent, p[i].want, got);
		CHECK(strcmp(got, p[i].want) == 0);
	}
}

static void test_named_example(void)
{
	const turn t[] = { { FX_C, broken }, { FX_A, restated } };
	ts_lexset *set = para_set();
	const ts_finding *x;
	fx f;

	REQUIRE(fx_open(&f, set) == 0);
	CHECK_EQ_STR(conv(&f, t, 2), OVERLAP("Your order #123 arrived damaged and you'd like a replacement."));
	CHECK_EQ_INT(fx_count(&f, "paraphrase"), 1);
	REQUIRE(f.r.nfindings == 1);
	x = &f.r.findings[0];
	CHECK_EQ_INT(x->detector, TS_DET_OVERLAP);
	CHECK_EQ_INT(x->status, TS_COUNTED);
	CHECK_EQ_INT(x->detail, TS_DETAIL_NONE);
	CHECK_EQ_INT(x->entry, TS_NO_ENTRY);
	CHECK_EQ_INT(x->start, 0);
	CHECK_EQ_INT(x->end, strlen(restated));
	/* the customer's own message has none */
	ts_analyser_begin(f.a);
	CHECK_EQ_STR(fx_run(&f, FX_C, broken), "");
	fx_close(&f);
	ts_lexset_free(set);
}

static void test_restatements(void)
{
	static const pair pairs[] = {
		/* "I understand/see ..." still restates */
		{ broken, "I understand your order arrived damaged.",
		  OVERLAP("I understand your order arrived damaged.") "; "
		  "empathy/lexicon/counted \"understand\"" },
		{ "my order came broken", "I can see your order arrived broken.",
		  OVERLAP("I can see your order arrived broken.") },
		/* other word order, same concepts */
		{ broken, "You want a new one because your order came broken.",
		  OVERLAP("You want a new one because your order came broken.") },
		/* synonyms: cancel = stop */
		{ "please cancel my subscription", "You'd like to stop your subscription.",
		  OVERLAP("You'd like to stop your subscription.") },
		/* stems: payments = payment, failing */
		{ "the payments keep failing", "Your payment is failing.",
		  OVERLAP("Your payment is failing.") },
		/* case does not matter */
		{ "MY ORDER CAME BROKEN", "YOUR ORDER ARRIVED DAMAGED.",
		  OVERLAP("YOUR ORDER ARRIVED DAMAGED.") },
		/* a restating yes/no question is a paraphrase, not a clarifying
		 * question */
		{ "my order came broken", "So your order arrived damaged?",
		  OVERLAP("So your order arrived damaged?") },
		{ "the app keeps crashing when I log in", "So the app crashes every time you sign in?",
		  OVERLAP("So the app crashes every time you sign in?") },
		{ "I was charged twice for one month", "You were billed two times for the month.",
		  OVERLAP("You were billed two times for the month.") },
		/* only the restating sentence, spanning to the next one */
		{ broken, "Thanks for waiting. Your order arrived damaged. I will send a replacement today.",
		  OVERLAP("Your order arrived damaged. ") },
	};
	ts_lexset *set = para_set();
	fx f;

	REQUIRE(fx_open(&f, set) == 0);
	run_pairs(&f, pairs, FX_NCASES(pairs));
	fx_close(&f);
	ts_lexset_free(set);
}

static void test_not_restatements(void)
{
	static const pair pairs[] = {
		/* the agent's own actions */
		{ broken, "I can send you a replacement order.", "" },
		{ broken, "Let me replace your broken order.", "" },
		{ "my order came broken", "We\xe2\x80\x99ll replace your broken order.", "" },
		{ broken, "Your order arrived damaged, so I will send a replacement.", "" },
		/* one shared concept, even through a synonym */
		{ "my order came broken", "Your order is on its way to the warehouse.", "" },
		{ "my parcel never came", "Your package is at the depot.", "" },
		{ "I want it now", "Everyone wants it now.", "" },
		/* a customer turn without content words */
		{ "ok thanks", "Your order arrived damaged.", "" },
		/* a wh-question asks for something new: question.c's */
		{ "my order came broken", "When did your order arrive damaged?",
		  "clarifying/question/counted/open \"When did your order arrive damaged?\"" },
	};
	ts_lexset *set = para_set();
	fx f;

	REQUIRE(fx_open(&f, set) == 0);
	run_pairs(&f, pairs, FX_NCASES(pairs));
	fx_close(&f);
	ts_lexset_free(set);
}

/* Shared concepts must be at least about a third of the sentence's. */
/* A statement with the customer as its subject needs one shared concept;
 * instructions and other subjects do not reflect. */
static void test_you_statements(void)
{
	static const pair pairs[] = {
		{ "the bill is way higher this month", "So you're worried about the bill.",
		  OVERLAP("So you're worried about the bill.") },
		{ "I keep getting logged out", "You feel the app keeps logging you out.",
		  OVERLAP("You feel the app keeps logging you out.") },
		{ "my partner handles the account", "Okay, you've been sharing the account.",
		  OVERLAP("Okay, you've been sharing the account.") },
		/* no shared concept and no report of the customer's state:
		 * nothing */
		{ "the bill is way higher this month", "You're on the annual plan.", "" },
		/* instructions are not reflections */
		{ "the bill is way higher this month", "You need to check the bill online.", "" },
		{ "the bill is way higher this month", "You can download the bill online.", "" },
		{ "the bill is way higher this month", "You'll get a new bill tomorrow.", "" },
		{ "the bill is way higher this month", "You know the bill is sent by post.", "" },
		/* "your" is not a subject that reflects */
		{ "the bill is way higher this month", "Your bill includes the new fee.", "" },
		/* a question with "you" is not a statement: it asks to confirm */
		{ "the bill is way higher this month", "You're worried about the bill?",
		  "clarifying/question/counted/closed \"You're worried about the bill?\"" },
		/* after "so" it is a restatement, not a question, and it
		 * reflects like the statement */
		{ "the bill is way higher this month", "So you're worried about the bill?",
		  OVERLAP("So you're worried about the bill?") },
	};
	ts_lexset *set = para_set();
	fx f;

	REQUIRE(fx_open(&f, set) == 0);
	run_pairs(&f, pairs, FX_NCASES(pairs));
	fx_close(&f);
	ts_lexset_free(set);
}

/* A statement that reports what the customer did, wants or feels needs no
 * shared concept after a customer turn; information and instructions
 * about the customer, and questions, do not count. */
static void test_reports_customer(void)
{
	static const char wifi[] = "the tablet keeps dropping the wifi connection";
	static const pair pairs[] = {
		{ wifi, "You've tried restarting it a few times already.",
		  OVERLAP("You've tried restarting it a few times already.") },
		{ wifi, "Okay, so you don't want to lose your photos.",
		  OVERLAP("Okay, so you don't want to lose your photos.") },
		{ wifi, "You're still waiting on the engineer.",
		  OVERLAP("You're still waiting on the engineer.") },
		{ wifi, "You are really relying on it for work calls.",
		  OVERLAP("You are really relying on it for work calls.") },
		{ wifi, "You kind of gave up on the old router.",
		  OVERLAP("You kind of gave up on the old router.") },
		{ wifi, "You have been without internet since Tuesday.",
		  OVERLAP("You have been without internet since Tuesday.") },
		{ "I want it now", "You want it now.", OVERLAP("You want it now.") },
		/* information and instructions */
		{ wifi, "You have 14 days to send it back.", "" },
		{ wifi, "You've got three days left on the trial.", "" },
		{ wifi, "You get a free month with the upgrade.", "" },
		{ wifi, "You're going to get an email shortly.", "" },
		{ wifi, "You're all set for Monday.", "" },
		{ wifi, "You're welcome to visit a store.", "" },
		{ wifi, "You need to hold the power button.", "" },
		{ wifi, "You know the reset button on the back.", "" },
		/* the agent speaks of their own actions */
		{ wifi, "You tried the reset and I will now send a new unit.", "" },
		/* a question asks to confirm */
		{ wifi, "You've tried restarting it?",
		  "clarifying/question/counted/closed \"You've tried restarting it?\"" },
		/* after any customer turn, even one without content words
		 * ("ok"), the report is about the customer */
		{ "ok", "You've tried restarting it already.",
		  OVERLAP("You've tried restarting it already.") },
	};
	const turn no_customer[] = { { FX_A, "You've tried restarting it already." } };
	const turn after_agent[] = {
		{ FX_A, "Hi, thanks for getting in touch." },
		{ FX_A, "You've tried restarting it already." },
	};
	ts_lexset *set = para_set();
	fx f;

	REQUIRE(fx_open(&f, set) == 0);
	run_pairs(&f, pairs, FX_NCASES(pairs));
	/* no customer turn yet: nothing to report on */
	CHECK_EQ_STR(conv(&f, no_customer, 1), "");
	CHECK_EQ_STR(conv(&f, after_agent, 2), "");
	fx_close(&f);
	ts_lexset_free(set);
}

/* More reports about the customer: a state of mind after "you're", a
 * clause after a comma or a conjunction, "let" that is not "let me";
 * the information, instructions and courtesies beside them do not count. */
static void test_reports_more(void)
{
	static const char bill[] = "the bill went up again and nobody told me why";
	static const pair pairs[] = {
		{ bill, "You're not sure the new plan is worth it.",
		  OVERLAP("You're not sure the new plan is worth it.") },
		{ bill, "You're worried it will happen again next month.",
		  OVERLAP("You're worried it will happen again next month.") },
		{ bill, "You are really frustrated with how long this has taken.",
		  OVERLAP("You are really frustrated with how long this has taken.") },
		{ bill, "The price changed in May and you've already tried the app.",
		  OVERLAP("The price changed in May and you've already tried the app.") },
		{ bill, "It has been a long week, you're tired of chasing this.",
		  OVERLAP("It has been a long week, you're tired of chasing this.") },
		{ bill, "The fee is new, but you don't want to switch providers.",
		  OVERLAP("The fee is new, but you don't want to switch providers.") },
		{ bill, "You don't want to let your team down over this.",
		  OVERLAP("You don't want to let your team down over this.") },
		/* a question that names a feeling, after the customer */
		{ bill, "And you feel nobody is listening?",
		  OVERLAP("And you feel nobody is listening?") },
		/* courtesy, verdicts and information after "you're" */
		{ bill, "You're welcome to call us back any time.", "" },
		{ bill, "You're right about the price change.", "" },
		{ bill, "You're eligible for the loyalty discount.", "" },
		{ bill, "You're able to change plans online.", "" },
		/* instructions in a later clause */
		{ bill, "The fee is listed on page two and you can dispute it online.", "" },
		{ bill, "The change is in the letter, so you'll see it next month.", "" },
		/* "let me" is still the agent */
		{ bill, "You worried about the fee, so let me check it now.", "" },
		/* a question that asks about the feeling is question.c's */
		{ bill, "How do you feel about the new price?",
		  "clarifying/question/counted/open \"How do you feel about the new price?\"" },
	};
	ts_lexset *set = para_set();
	fx f;

	REQUIRE(fx_open(&f, set) == 0);
	run_pairs(&f, pairs, FX_NCASES(pairs));
	fx_close(&f);
	ts_lexset_free(set);
}

/* "it (just) sounds like ...", "it does sound as though ...", "she sounds
 * like ...": the agent's impression of the customer's story, after a
 * customer turn; not the agent's verdict on a plan or a fix. */
static void test_sounds_like(void)
{
	static const char wifi[] = "the tablet keeps dropping the wifi and my daughter needs it for school";
	static const pair pairs[] = {
		{ wifi, "It just sounds like the connection can't be relied on.",
		  OVERLAP("It just sounds like the connection can't be relied on.") },
		{ wifi, "It does sound as though this has been going on for weeks.",
		  OVERLAP("It does sound as though this has been going on for weeks.") },
		{ wifi, "So she sounds like she's missing lessons because of it.",
		  OVERLAP("So she sounds like she's missing lessons because of it.") },
		{ wifi, "It doesn't sound like the tablet was ever reliable.",
		  OVERLAP("It doesn't sound like the tablet was ever reliable.") },
		{ wifi, "It sounds a lot like the router is the weak point.",
		  OVERLAP("It sounds a lot like the router is the weak point.") },
		{ wifi, "A real headache, it really sounds like.",
		  OVERLAP("A real headache, it really sounds like.") },
		/* the agent's plan or verdict, not an impression of the story */
		{ wifi, "It really sounds like we should replace the router.", "" },
		{ wifi, "It just sounds like a plan to me.", "" },
		{ wifi, "That sounds good, I will book the engineer.", "" },
		{ wifi, "It sounds good to me.", "" },
		/* "sound" as a noun or another verb */
		{ wifi, "The sound settings are under Display.", "" },
		/* a question asks */
		{ wifi, "How does it sound when it drops?",
		  "clarifying/question/counted/open \"How does it sound when it drops?\"" },
	};
	const turn no_customer[] = { { FX_A, "It just sounds like the connection can't be relied on." } };
	ts_lexset *set = para_set();
	fx f;

	REQUIRE(fx_open(&f, set) == 0);
	run_pairs(&f, pairs, FX_NCASES(pairs));
	/* nobody has told the agent anything yet */
	CHECK_EQ_STR(conv(&f, no_customer, 1), "");
	fx_close(&f);
	ts_lexset_free(set);
}

/* A restatement cut off mid-sentence (a dash, a comma, no full stop)
 * and picked up again after the customer's "mm-hmm" (or straight away)
 * with a dash, an ellipsis or a lowercase word: the rest is a
 * restatement too. */
static void test_continued(void)
{
	static const char cam[] = "the app crashes whenever I open the camera";
	static const char cut[] = "So the app crashes when you open the camera -";
	const turn dash[] = {
		{ FX_C, cam }, { FX_A, cut }, { FX_C, "mm-hmm" },
		{ FX_A, "-and only since the last update." },
	};
	const turn straight_on[] = {
		{ FX_C, cam }, { FX_A, "So the app crashes when you open the camera" },
		{ FX_A, "and only since the last update" },
	};
	const turn ellipsis[] = {
		{ FX_C, cam }, { FX_A, "So the app crashes when you open the camera\xe2\x80\x94" },
		{ FX_C, "yes" }, { FX_A, "\xe2\x80\xa6only since the last update." },
	};
	const turn two_sentences[] = {
		{ FX_C, cam }, { FX_A, cut }, { FX_C, "right" },
		{ FX_A, "-only since the update. Thanks for the screenshots." },
	};
	/* the restatement had ended */
	const turn full_stop[] = {
		{ FX_C, cam }, { FX_A, "So the app crashes when you open the camera." },
		{ FX_C, "mm-hmm" }, { FX_A, "-and only since the last update." },
	};
	/* the customer said more than "mm-hmm" */
	const turn customer_talks[] = {
		{ FX_C, cam }, { FX_A, cut }, { FX_C, "yes and it started on Monday after the update" },
		{ FX_A, "-and only since Friday." },
	};
	/* the cut-off sentence was not a restatement */
	const turn not_restated[] = {
		{ FX_C, cam }, { FX_A, "Thanks, the logs are on their way -" }, { FX_C, "ok" },
		{ FX_A, "-and only since Friday." },
	};
	/* a new sentence, not a continuation */
	const turn capital[] = {
		{ FX_C, cam }, { FX_A, cut }, { FX_C, "mm-hmm" },
		{ FX_A, "Only since Friday." },
	};
	/* the agent's own action, and a question that asks */
	const turn agent_acts[] = {
		{ FX_C, cam }, { FX_A, cut }, { FX_C, "mm-hmm" },
		{ FX_A, "-and I will send a fix today." },
	};
	const turn asks_new[] = {
		{ FX_C, cam }, { FX_A, cut }, { FX_C, "mm-hmm" },
		{ FX_A, "-and when did it start?" },
	};
	ts_lexset *set = para_set();
	fx f;

	REQUIRE(fx_open(&f, set) == 0);
	CHECK_EQ_STR(conv(&f, dash, 4), OVERLAP("and only since the last update."));
	CHECK_EQ_STR(conv(&f, straight_on, 3), OVERLAP("and only since the last update"));
	CHECK_EQ_STR(conv(&f, ellipsis, 4), OVERLAP("only since the last update."));
	/* only the sentence that carries on (a sentence starts at its
	 * first word) */
	CHECK_EQ_STR(conv(&f, two_sentences, 4), OVERLAP("only since the update. "));
	CHECK_EQ_STR(conv(&f, full_stop, 4), "");
	CHECK_EQ_STR(conv(&f, customer_talks, 4), "");
	CHECK_EQ_STR(conv(&f, not_restated, 4), "");
	CHECK_EQ_STR(conv(&f, capital, 4), "");
	CHECK_EQ_STR(conv(&f, agent_acts, 4), "");
	CHECK_EQ_STR(conv(&f, asks_new, 4),
	             "clarifying/question/counted/open \"and when did it start?\"");
	/* a new conversation does not carry on the last one */
	ts_analyser_begin(f.a);
	fx_msg(&f, FX_C, cam);
	fx_msg(&f, FX_A, cut);
	ts_analyser_begin(f.a);
	fx_msg(&f, FX_C, "mm-hmm");
	CHECK_EQ_STR(fx_run(&f, FX_A, "-and only since the last update."), "");
	fx_close(&f);
	ts_lexset_free(set);
}

static void test_share(void)
{
	static const pair pairs[] = {
		/* 2 of 5 content concepts */
		{ "my order came broken", "Your order arrived with courier tracking stickers.",
		  OVERLAP("Your order arrived with courier tracking stickers.") },
		/* 2 of 6 */
		{ "my order came broken", "Your order arrived with courier tracking stickers and labels.",
		  "" },
	};
	ts_lexset *set = para_set();
	fx f;

	REQUIRE(fx_open(&f, set) == 0);
	run_pairs(&f, pairs, FX_NCASES(pairs));
	fx_close(&f);
	ts_lexset_free(set);
}

/* "So when did ...?" is a wh-question too, after the filler. */
static void test_wh_question_after_filler(void)
{
	const turn t[] = { { FX_C, "my order came broken" },
		           { FX_A, "So when did your order arrive damaged?" } };
	ts_lexset *set = para_set();
	fx f;

	REQUIRE(fx_open(&f, set) == 0);
	CHECK_EQ_STR(conv(&f, t, 2),
	             "clarifying/question/counted/open \"So when did your order arrive damaged?\"");
	CHECK_EQ_INT(fx_count(&f, "paraphrase"), 0);
	fx_close(&f);
	ts_lexset_free(set);
}

/* A sentence with a counted lexicon paraphrase finding gets no second one;
 * another sentence of the same message still can. */
static void test_lexicon_finding_first(void)
{
	const turn one[] = { { FX_C, broken }, { FX_A, "It sounds like your order arrived damaged." } };
	const turn two[] = { { FX_C, broken },
		             { FX_A, "It sounds like it was a rough week. "
		                     "Your order arrived damaged and you want a new one." } };
	ts_lexset *set = para_set();
	fx f;

	REQUIRE(fx_open(&f, set) == 0);
	CHECK_EQ_STR(conv(&f, one, 2), "paraphrase/lexicon/counted \"It sounds like\"");
	CHECK_EQ_INT(fx_count(&f, "paraphrase"), 1);
	CHECK_EQ_STR(conv(&f, two, 2),
	             "paraphrase/lexicon/counted \"It sounds like\"; "
	             OVERLAP("Your order arrived damaged and you want a new one."));
	CHECK_EQ_INT(fx_count(&f, "paraphrase"), 2);
	fx_close(&f);
	ts_lexset_free(set);
}

/* The turn: every customer message since the last agent message. */
static void test_turns(void)
{
	const turn reset[] = {
		{ FX_C, broken },
		{ FX_A, "Let me check that for you." },
		{ FX_C, "The invoice also shows the wrong address." },
		{ FX_A, restated },
	};
	const turn two_msgs[] = {
		{ FX_C, "my order came broken" },
		{ FX_C, "I want a new one" },
		{ FX_A, restated },
	};
	const turn agent_twice[] = {
		{ FX_C, broken },
		{ FX_A, "Let me look into that." },
		{ FX_A, "Your order arrived damaged and you want a new one." },
	};
	const turn customer_twice[] = {
		{ FX_C, broken },
		{ FX_C, "yes my order came broken" },
	};
	const turn agent_first[] = { { FX_A, restated } };
	ts_lexset *set = para_set();
	fx f;

	REQUIRE(fx_open(&f, set) == 0);
	/* the first turn is gone once the customer writes again ... */
	CHECK_EQ_STR(conv(&f, reset, 4), "");
	/* ... and the new one is what counts (a second agent message) */
	CHECK_EQ_STR(fx_run(&f, FX_A, "So the invoice shows the wrong address."),
	             OVERLAP("So the invoice shows the wrong address."));
	CHECK_EQ_STR(conv(&f, two_msgs, 3), OVERLAP("Your order #123 arrived damaged and you'd like a replacement."));
	CHECK_EQ_STR(conv(&f, agent_twice, 3),
	             OVERLAP("Your order arrived damaged and you want a new one."));
	CHECK_EQ_STR(conv(&f, customer_twice, 2), "");
	/* nothing before any customer message */
	CHECK_EQ_STR(conv(&f, agent_first, 1), "");
	fx_close(&f);
	ts_lexset_free(set);
}

static void test_begin_forgets(void)
{
	ts_lexset *set = para_set();
	fx f;

	REQUIRE(fx_open(&f, set) == 0);
	/* same conversation: counted */
	ts_analyser_begin(f.a);
	fx_msg(&f, FX_C, broken);
	CHECK_EQ_STR(fx_run(&f, FX_A, restated), OVERLAP("Your order #123 arrived damaged and you'd like a replacement."));
	/* the next conversation does not see the previous customer */
	ts_analyser_begin(f.a);
	fx_msg(&f, FX_C, broken);
	ts_analyser_begin(f.a);
	CHECK_EQ_STR(fx_run(&f, FX_A, restated), "");
	CHECK_EQ_INT(fx_count(&f, "paraphrase"), 0);
	fx_close(&f);
	ts_lexset_free(set);
}

/* Without a paraphrase category the detector is off. */
static void test_category_needed(void)
{
	const turn t[] = { { FX_C, broken }, { FX_A, restated } };
	ts_lexset *set = lx_set(NULL, "empathy.txt", empathy, (char *)NULL);
	fx f;

	REQUIRE(fx_open(&f, set) == 0);
	CHECK_EQ_STR(conv(&f, t, 2), "");
	fx_close(&f);
	ts_lexset_free(set);
}

/* A very long customer turn: its first TURN_CAP (1024) concepts decide,
 * memory stays fixed. */
static void test_long_turn(void)
{
	static char early[16384], late[16384];
	size_t o = 0, p = 0;
	ts_lexset *set = para_set();
	fx f;

	o += (size_t)snprintf(early + o, sizeof early - o, "my order came broken");
	for (unsigned i = 0; i < 1100; i++) {
		o += (size_t)snprintf(early + o, sizeof early - o, " xq%04u", i);
		p += (size_t)snprintf(late + p, sizeof late - p, "xq%04u ", i);
	}
	snprintf(late + p, sizeof late - p, "my order came broken");
	REQUIRE(fx_open(&f, set) == 0);
	{
		const turn t[] = { { FX_C, early }, { FX_A, "Your order arrived damaged." } };
		CHECK_EQ_STR(conv(&f, t, 2), OVERLAP("Your order arrived damaged."));
	}
	{
		const turn t[] = { { FX_C, late }, { FX_A, "Your order arrived damaged." } };
		CHECK_EQ_STR(conv(&f, t, 2), "");
	}
	fx_close(&f);
	ts_lexset_free(set);
}

int main(void)
{
	TS_RUN(test_named_example);
	TS_RUN(test_restatements);
	TS_RUN(test_not_restatements);
	TS_RUN(test_you_statements);
	TS_RUN(test_reports_customer);
	TS_RUN(test_reports_more);
	TS_RUN(test_sounds_like);
	TS_RUN(test_continued);
	TS_RUN(test_share);
	TS_RUN(test_wh_question_after_filler);
	TS_RUN(test_lexicon_finding_first);
	TS_RUN(test_turns);
	TS_RUN(test_begin_forgets);
	TS_RUN(test_category_needed);
	TS_RUN(test_long_turn);
	TS_TEST_MAIN_END();
}
