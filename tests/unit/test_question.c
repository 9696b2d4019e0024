/*
 * test_question.c - question.c through the analyser: agent sentences that
 * ask for information become clarifying findings (TS_DET_QUESTION, open or
 * closed), with or without a question mark for requests; courtesy,
 * closing, rhetorical, restating questions and offers do not; customer and
 * bot questions never count; lexicon clarifying findings take the
 * sentence's detail or lose their count, and block a second finding.
 * Support-chat examples written for this test.
 */
#include <stdio.h>
#include <string.h>

#include "analyse_fixture.h"
#include "tokenize.h"
#include "wordlist.h"

static const char clarifying[] =
	"@category clarifying\n"
	"@role agent\n"
	"could you clarify\n"
	"what model\n";
/* A lexicon that (unwisely) lists courtesy, rhetorical and checking
 * phrasings: the detector must take their count away. */
static const char clarifying_greedy[] =
	"@category clarifying\n"
	"@role agent\n"
	"could you clarify\n"
	"anything else\n"
	"isn't it great\n"
	"how are you\n"
	"is that correct\n";
static const char politeness[] =
	"@category politeness\n"
	"thanks\n";

static ts_lexset *base_set(void)
{
	return lx_set(NULL, "clarifying.txt", clarifying, "politeness.txt", politeness,
	              (char *)NULL);
}

#define OPEN(s) "clarifying/question/counted/open \"" s "\""
#define CLOSED(s) "clarifying/question/counted/closed \"" s "\""

static void test_named_cases(void)
{
	static const fx_case cases[] = {
		/* a request without a question mark */
		{ FX_A, "Could you tell me which version you're on.",
		  OPEN("Could you tell me which version you're on.") },
		{ FX_A, "Do you have the order number?", CLOSED("Do you have the order number?") },
		{ FX_A, "What error do you see?", OPEN("What error do you see?") },
		{ FX_A, "How are you today?", "" },
		{ FX_A, "Is that ok?", "" },
		{ FX_A, "Isn't it great?", "" },
		{ FX_A, "So you were charged twice?", "" },
		{ FX_A, "Would you like me to send a new one?", "" },
		/* fillers and an opening clause before the question */
		{ FX_A, "Okay, so which browser are you using?",
		  OPEN("Okay, so which browser are you using?") },
		{ FX_A, "Anything else I can help with?", "" },
	};
	ts_lexset *set = base_set();
	const ts_finding *x;
	fx f;

	REQUIRE(fx_open(&f, set) == 0);
	fx_cases(&f, cases, FX_NCASES(cases));

	fx_one(&f, FX_A, "Could you tell me which version you're on.");
	CHECK_EQ_INT(fx_count(&f, "clarifying"), 1);
	x = fx_find(&f, "clarifying", TS_DET_QUESTION);
	REQUIRE(x);
	CHECK_EQ_INT(x->detail, TS_DETAIL_OPEN);
	CHECK_EQ_INT(x->status, TS_COUNTED);
	CHECK_EQ_INT(x->entry, TS_NO_ENTRY);
	CHECK_EQ_INT(x->start, 0);
	CHECK_EQ_INT(x->end, strlen(f.text));

	fx_one(&f, FX_A, "Do you have the order number?");
	x = fx_find(&f, "clarifying", TS_DET_QUESTION);
	REQUIRE(x);
	CHECK_EQ_INT(x->detail, TS_DETAIL_CLOSED);

	fx_one(&f, FX_A, "Anything else I can help with?");
	CHECK_EQ_INT(fx_count(&f, "clarifying"), 0);
	CHECK_EQ_INT(f.r.nfindings, 0);
	fx_close(&f);
	ts_lexset_free(set);
}

static void test_open_and_closed(void)
{
	static const fx_case cases[] = {
		{ FX_A, "Why did the payment fail?", OPEN("Why did the payment fail?") },
		{ FX_A, "Where did you buy it?", OPEN("Where did you buy it?") },
		/* asks for the problem, unlike "how are you" */
		{ FX_A, "How can I help you today?", OPEN("How can I help you today?") },
		/* "how are you" followed by a real subject is not small talk */
		{ FX_A, "How are you feeling about the new plan so far?",
		  OPEN("How are you feeling about the new plan so far?") },
		/* either/or and "any" are closed */
		{ FX_A, "Are you using the app or the website?",
		  CLOSED("Are you using the app or the website?") },
		{ FX_A, "Is the light on the router green or red?",
		  CLOSED("Is the light on the router green or red?") },
		{ FX_A, "Any error message on the screen?", CLOSED("Any error message on the screen?") },
		{ FX_A, "Got it, and what's the exact error?",
		  OPEN("Got it, and what's the exact error?") },
		/* a courtesy clause before an either/or clause: the question decides */
		{ FX_A, "Is that ok, or do you want a refund instead?",
		  CLOSED("Is that ok, or do you want a refund instead?") },
		/* a request naming what it wants to know, without '?' */
		{ FX_A, "Please let me know which plan you are on.",
		  OPEN("Please let me know which plan you are on.") },
	};
	fx_check_cases(base_set(), cases, FX_NCASES(cases));
}

/* "tell me" and "describe" are open requests (question.c's header). */
static void test_tell_me_describe_open(void)
{
	static const fx_case cases[] = {
		{ FX_A, "Tell me more about the error you get.",
		  OPEN("Tell me more about the error you get.") },
		{ FX_A, "Describe the problem in a few words.",
		  OPEN("Describe the problem in a few words.") },
		{ FX_A, "Could you describe the noise it makes?",
		  OPEN("Could you describe the noise it makes?") },
	};
	fx_check_cases(base_set(), cases, FX_NCASES(cases));
}

/* Requests for facts without a question mark count; other statements,
 * even ones opening with a question word, do not. */
static void test_requests_and_statements(void)
{
	static const char *const requests[] = {
		"Please send us the order number.",
		"I need your account email to look this up.",
		"Can you confirm the email on the account.",
	};
	static const fx_case cases[] = {
		{ FX_A, "What I can do is send a new card.", "" },
		/* interrogative word order without "?" does ask */
		{ FX_A, "what browser are you using",
		  "clarifying/question/counted/open \"what browser are you using\"" },
		/* a relative clause is not a question */
		{ FX_A, "What you can do is restart it.", "" },
		{ FX_A, "Let me know if that works.", "" },
		{ FX_A, "Your replacement ships tomorrow.", "" },
	};
	ts_lexset *set = base_set();
	fx f;

	REQUIRE(fx_open(&f, set) == 0);
	for (size_t i = 0; i < FX_NCASES(requests); i++) {
		const ts_finding *x;
		fx_one(&f, FX_A, requests[i]);
		CHECK_EQ_INT(fx_count(&f, "clarifying"), 1);
		CHECK_EQ_INT(f.r.nfindings, 1);
		x = fx_find(&f, "clarifying", TS_DET_QUESTION);
		if (!x)
			printf("  no question finding: %s\n", requests[i]);
		REQUIRE(x);
		CHECK_EQ_INT(x->start, 0);
		CHECK_EQ_INT(x->end, strlen(requests[i]));
		CHECK(x->detail == TS_DETAIL_OPEN || x->detail == TS_DETAIL_CLOSED);
	}
	fx_cases(&f, cases, FX_NCASES(cases));
	fx_close(&f);
	ts_lexset_free(set);
}

static void test_not_questions(void)
{
	static const fx_case cases[] = {
		/* courtesy and closing */
		{ FX_A, "Does that help?", "" },
		{ FX_A, "Is there anything else?", "" },
		{ FX_A, "Okay?", "" },
		/* rhetorical */
		{ FX_A, "Who doesn't love a discount?", "" },
		/* restatements and checks */
		{ FX_A, "So the refund never arrived?", "" },
		{ FX_A, "Your card ends in 4411, is that correct?", "" },
		{ FX_A, "Right?", "" },
		/* suggestions and offers */
		{ FX_A, "Have you considered clearing the cache?", "" },
		{ FX_A, "How about restarting the router?", "" },
		{ FX_A, "Do you want me to escalate this?", "" },
	};
	fx_check_cases(base_set(), cases, FX_NCASES(cases));
}

/* Suggestions phrased as questions ask the customer to do something, not
 * to tell something: "have you tried X?" proposes X (decided for support
 * chat too), unless what follows asks what happened. */
static void test_proposals(void)
{
	static const fx_case cases[] = {
		{ FX_A, "Have you tried restarting the router?", "" },
		{ FX_A, "Have you ever tried the desktop app instead?", "" },
		{ FX_A, "Have you tried to log out and back in?", "" },
		{ FX_A, "Have you thought about switching to the yearly plan?", "" },
		{ FX_A, "Have you thought of using a wired connection?", "" },
		{ FX_A, "Have you considered a second account for the team?", "" },
		{ FX_A, "Have you looked into the family plan?", "" },
		{ FX_A, "Have you tried any other browser?", "" },
		/* asking what happened */
		{ FX_A, "Have you tried anything else since then?",
		  CLOSED("Have you tried anything else since then?") },
		{ FX_A, "Have you tried it yet?", CLOSED("Have you tried it yet?") },
		{ FX_A, "Have you thought about how you'd like it fixed?",
		  CLOSED("Have you thought about how you'd like it fixed?") },
		{ FX_A, "What have you tried so far?", OPEN("What have you tried so far?") },
		{ FX_A, "Did you try the link I sent?", CLOSED("Did you try the link I sent?") },
		{ FX_A, "Have you already tried a reset?", CLOSED("Have you already tried a reset?") },
		/* not a proposal */
		{ FX_A, "Have you received the confirmation email?",
		  CLOSED("Have you received the confirmation email?") },
	};
	fx_check_cases(base_set(), cases, FX_NCASES(cases));
}

/* "Could you ...?", "is it possible to ...?", "is there a way you
 * could ...?": the verb decides between a request for information and an
 * instruction or suggestion. */
static void test_requests_by_verb(void)
{
	static const fx_case cases[] = {
		{ FX_A, "Could you restart the app and try again?", "" },
		{ FX_A, "Could you log out of every device first.", "" },
		{ FX_A, "Could you perhaps use the web page for now?", "" },
		{ FX_A, "Would it be possible to pick it up from the store?", "" },
		{ FX_A, "Is it possible for you to use another card?", "" },
		{ FX_A, "Is there a way you could reach a laptop?", "" },
		{ FX_A, "Would you be able to plug it in overnight?", "" },
		/* the same frames asking to be told, sent, shown */
		{ FX_A, "Could you send me a screenshot of the error?",
		  CLOSED("Could you send me a screenshot of the error?") },
		{ FX_A, "Could you please paste the message you see?",
		  CLOSED("Could you please paste the message you see?") },
		{ FX_A, "Would it be possible to share the invoice number?",
		  CLOSED("Would it be possible to share the invoice number?") },
		{ FX_A, "Is it possible for you to take a photo of the label?",
		  CLOSED("Is it possible for you to take a photo of the label?") },
		{ FX_A, "Is there a way you could forward that email to us?",
		  CLOSED("Is there a way you could forward that email to us?") },
		{ FX_A, "Could you be more specific about the delay?",
		  CLOSED("Could you be more specific about the delay?") },
		{ FX_A, "Would you be able to find the order number?",
		  CLOSED("Would you be able to find the order number?") },
		/* "can you" asks about ability and state as often */
		{ FX_A, "Can you log in now?", CLOSED("Can you log in now?") },
		/* "is it possible that" asks about a fact */
		{ FX_A, "Is it possible that someone else used the card?",
		  CLOSED("Is it possible that someone else used the card?") },
		/* a frame later in the clause suggests too */
		{ FX_A, "Since you have a laptop could you try the desktop app?", "" },
		{ FX_A, "Since you have a laptop could you tell me its model?",
		  CLOSED("Since you have a laptop could you tell me its model?") },
	};
	fx_check_cases(base_set(), cases, FX_NCASES(cases));
}

/* "what about" + -ing suggests; "what about" + a thing can ask. */
static void test_what_about(void)
{
	static const fx_case cases[] = {
		{ FX_A, "What about updating the app first?", "" },
		{ FX_A, "Might I suggest clearing the cache?", "" },
		{ FX_A, "Would it be helpful to get a printed copy?", "" },
		{ FX_A, "What about the second order, did it arrive?",
		  CLOSED("What about the second order, did it arrive?") },
	};
	fx_check_cases(base_set(), cases, FX_NCASES(cases));
}

/* An action proposed for an opinion suggests ("how would you feel about
 * switching?"); the same frame about a thing asks. */
static void test_opinion_on_an_action(void)
{
	static const fx_case cases[] = {
		{ FX_A, "How would you feel about switching to the yearly plan?", "" },
		{ FX_A, "What do you think about moving the delivery to Friday?", "" },
		{ FX_A, "How do you feel about upgrading the router instead?", "" },
		{ FX_A, "What would you think about trying the desktop app?", "" },
		{ FX_A, "What do you think about the new invoice layout?",
		  OPEN("What do you think about the new invoice layout?") },
		{ FX_A, "How do you feel about the replacement so far?",
		  OPEN("How do you feel about the replacement so far?") },
		/* "being" is no action: a state asked about */
		{ FX_A, "How do you feel about being billed monthly?",
		  OPEN("How do you feel about being billed monthly?") },
	};
	fx_check_cases(base_set(), cases, FX_NCASES(cases));
}

/* Without a question mark "which" before a verb is a relative clause;
 * other question words before a verb still ask ("what is going on"). */
static void test_which_relative(void)
{
	static const fx_case cases[] = {
		{ FX_A, "Which is why I've escalated it to billing.", "" },
		{ FX_A, "Which was a lot quicker than the form.", "" },
		{ FX_A, "Which version are you on", OPEN("Which version are you on") },
		{ FX_A, "Which is the order that arrived damaged?",
		  OPEN("Which is the order that arrived damaged?") },
		{ FX_A, "What is going on with the order", OPEN("What is going on with the order") },
		{ FX_A, "When did the app start crashing", OPEN("When did the app start crashing") },
	};
	fx_check_cases(base_set(), cases, FX_NCASES(cases));
}

/* Empathy wording inside the part of a sentence that asks is a question
 * about a feeling, not a reflection of it (TS_IN_QUESTION); before the
 * question, in a declarative or restating question, or in a rhetorical
 * one it still counts. */
static void test_empathy_in_question(void)
{
	static const char empathy[] =
		"@category empathy\n"
		"@role agent\n"
		"sorry to hear that\n"
		"how frustrating\n"
		"/\\byou(?:'re| are| feel| seem)\\s+(?:so\\s+|really\\s+)?(?:stressed|worried|upset|frustrated)\\b/\tneed=you|you're\n";
	static const fx_case cases[] = {
		{ FX_A, "Why do you feel stressed about the renewal?",
		  OPEN("Why do you feel stressed about the renewal?")
		  "; empathy/lexicon/in_question \"you feel stressed\"" },
		{ FX_A, "What has made you feel so worried about the payment?",
		  OPEN("What has made you feel so worried about the payment?")
		  "; empathy/lexicon/in_question \"you feel so worried\"" },
		{ FX_A, "Is there a reason you're upset with the new plan?",
		  CLOSED("Is there a reason you're upset with the new plan?")
		  "; empathy/lexicon/in_question \"you're upset\"" },
		{ FX_A, "Okay, and why do you seem so upset about the fee?",
		  OPEN("Okay, and why do you seem so upset about the fee?")
		  "; empathy/lexicon/in_question \"you seem so upset\"" },
		/* the feeling named before the question counts */
		{ FX_A, "You seem really frustrated, which order was it?",
		  "empathy/lexicon/counted \"You seem really frustrated\"; "
		  OPEN("You seem really frustrated, which order was it?") },
		{ FX_A, "I'm sorry to hear that what happened next?",
		  OPEN("I'm sorry to hear that what happened next?")
		  "; empathy/lexicon/counted \"sorry to hear that\"" },
		{ FX_A, "You're stressed about the move. When is it?",
		  "empathy/lexicon/counted \"You're stressed\"; "
		  OPEN("When is it?") },
		/* a declarative question reflects, a restatement too */
		{ FX_A, "You're worried about the bill?",
		  "empathy/lexicon/counted \"You're worried\"; "
		  CLOSED("You're worried about the bill?") },
		{ FX_A, "So you're frustrated with the delays?",
		  "empathy/lexicon/counted \"you're frustrated\"" },
		/* an exclamation phrased as a question */
		{ FX_A, "How frustrating is that?", "empathy/lexicon/counted \"How frustrating\"" },
		/* no question: nothing changes */
		{ FX_A, "I know you're upset about the fee.",
		  "empathy/lexicon/counted \"you're upset\"" },
	};
	fx_check_cases(lx_set(NULL, "clarifying.txt", clarifying, "empathy.txt", empathy,
	                      (char *)NULL), cases, FX_NCASES(cases));
}

/* A suggestion clause decides its sentence: what follows after a comma
 * ("..., where you can...?", "..., like ...?") goes with it. */
static void test_suggestion_decides_sentence(void)
{
	static const fx_case cases[] = {
		{ FX_A, "Have you tried the mobile app, where you can reset it yourself?", "" },
		{ FX_A, "Maybe a different cable, like the one in the box?", "" },
		{ FX_A, "Which cable do you use, the one in the box?",
		  OPEN("Which cable do you use, the one in the box?") },
		/* "or" opens no question: an instruction with two objects */
		{ FX_A, "Upload the new certificate, or the metadata file.", "" },
		{ FX_A, "Is it the app, or the web page?", CLOSED("Is it the app, or the web page?") },
		{ FX_A, "Is it the app or do you use the web page?",
		  CLOSED("Is it the app or do you use the web page?") },
	};
	fx_check_cases(base_set(), cases, FX_NCASES(cases));
}

/* A declarative question asks to confirm (closed), also after the
 * agent's own statement; after a suggestion it suggests. */
static void test_declarative_in_context(void)
{
	static const fx_case cases[] = {
		{ FX_A, "You were charged twice?", CLOSED("You were charged twice?") },
		{ FX_A, "Okay. You were charged twice?", CLOSED("You were charged twice?") },
		{ FX_A, "I see. The app closes on start?", CLOSED("The app closes on start?") },
		{ FX_A, "Which order is it? The one from Monday?",
		  OPEN("Which order is it? ") "; " CLOSED("The one from Monday?") },
		{ FX_A, "Check the router lights. The second one is orange?",
		  CLOSED("The second one is orange?") },
		{ FX_A, "Have you tried the web page? The desktop app?", "" },
		{ FX_A, "Could you restart the router? Or the modem?", "" },
		/* a real question after a statement still counts */
		{ FX_A, "The parcel left us on Monday. Has it arrived yet?",
		  CLOSED("Has it arrived yet?") },
	};
	fx_check_cases(base_set(), cases, FX_NCASES(cases));
}

/* A declarative question that names how the customer feels reflects the
 * feeling back: a restatement, not a request to confirm a fact. */
static void test_feeling_reflected(void)
{
	static const fx_case cases[] = {
		{ FX_A, "And you feel nobody is reading your emails?", "" },
		{ FX_A, "It doesn't feel fair to pay the fee twice?", "" },
		{ FX_A, "Okay, so you felt rushed on the phone?", "" },
		{ FX_A, "The new plan is feeling too expensive?", "" },
		/* a question about the feeling asks */
		{ FX_A, "How do you feel about the new plan?",
		  OPEN("How do you feel about the new plan?") },
		{ FX_A, "Do you feel the app got slower?", CLOSED("Do you feel the app got slower?") },
		{ FX_A, "What made you feel the order was lost?",
		  OPEN("What made you feel the order was lost?") },
		/* without a feeling it still asks to confirm */
		{ FX_A, "You were charged for the old plan too?",
		  CLOSED("You were charged for the old plan too?") },
		{ FX_A, "The screen stays black after the update?",
		  CLOSED("The screen stays black after the update?") },
		/* only the last clause is the declarative question */
		{ FX_A, "You feel it's slow, which browser is it?",
		  OPEN("You feel it's slow, which browser is it?") },
	};
	fx_check_cases(base_set(), cases, FX_NCASES(cases));
}

/* A tag checks the statement before it; a question word inside a clause
 * starts a question only with inverted word order after it. */
static void test_tags_and_embedded_wh(void)
{
	static const fx_case cases[] = {
		{ FX_A, "The refund went to the old card, didn't it?", "" },
		{ FX_A, "You don't use the app, do you?", "" },
		{ FX_A, "You're worried about how the bill went up?",
		  CLOSED("You're worried about how the bill went up?") },
		{ FX_A, "Got that which model do you have?",
		  OPEN("Got that which model do you have?") },
		{ FX_A, "After the update how many times did it fail?",
		  OPEN("After the update how many times did it fail?") },
		{ FX_A, "So you're not sure when the update ran?", "" },
		{ FX_A, "So you're not sure, when did the update run?",
		  OPEN("So you're not sure, when did the update run?") },
		{ FX_A, "Got it, the app fails and which version?",
		  OPEN("Got it, the app fails and which version?") },
		/* a two-word question on its own is not a tag */
		{ FX_A, "Do you?", CLOSED("Do you?") },
	};
	fx_check_cases(base_set(), cases, FX_NCASES(cases));
}

/* A question word a lexicon entry starts with, inside a statement after
 * other words of its clause, asks nothing (rhetorical); at the start of a
 * clause, in a question, or after a verb of telling or knowing (an
 * indirect question) it still counts. */
static void test_lexicon_wh_in_statement(void)
{
	static const char wh_entries[] =
		"@category clarifying\n"
		"@role agent\n"
		"how many\n"
		"what happened\n"
		"what kind of\n";
	static const fx_case cases[] = {
		{ FX_A, "You'd be surprised how many customers ask for the dark theme.",
		  "clarifying/lexicon/rhetorical \"how many\"" },
		{ FX_A, "I'm really sorry about what happened with the courier.",
		  "clarifying/lexicon/rhetorical \"what happened\"" },
		{ FX_A, "The plan depends on what kind of router you have.",
		  "clarifying/lexicon/rhetorical \"what kind of\"" },
		/* a suggestion with the question word inside asks nothing either */
		{ FX_A, "Maybe wait a day to see how many seats are left?",
		  "clarifying/lexicon/rhetorical \"how many\"" },
		/* unchanged: a clause that starts with it, a question, a request */
		{ FX_A, "How many seats do you need on the plan?",
		  "clarifying/lexicon/counted/open \"How many\"" },
		{ FX_A, "Okay, and what kind of router is it?",
		  "clarifying/lexicon/counted/open \"what kind of\"" },
		{ FX_A, "Got it, so what happened after the update",
		  "clarifying/lexicon/counted \"what happened\"" },
		{ FX_A, "Do you know how many seats are in use?",
		  "clarifying/lexicon/counted/closed \"how many\"" },
		{ FX_A, "I need to know how many seats are in use.",
		  "clarifying/lexicon/counted \"how many\"" },
		{ FX_A, "Please tell me what happened when you paid.",
		  "clarifying/lexicon/counted/open \"what happened\"" },
	};
	fx_check_cases(lx_set(NULL, "clarifying.txt", wh_entries, (char *)NULL), cases,
	               FX_NCASES(cases));
}

/* A question in quotation marks after the sentence's first word is
 * reported (what a dialog or a person says), not asked of the customer. */
static void test_quoted_questions(void)
{
	static const fx_case cases[] = {
		{ FX_A, "The installer keeps asking \"which account?\"", "" },
		{ FX_A, "It then shows a box that says, \"Are you sure you want to leave?\"", "" },
		{ FX_A, "Click Yes when it asks \xe2\x80\x9c" "Do you want to allow changes?\xe2\x80\x9d", "" },
		/* unchanged: the agent's own question around a quote, a quoted
		 * question that is the whole sentence */
		{ FX_A, "When you save it, does it say \"Do you want to overwrite?\"",
		  CLOSED("When you save it, does it say \"Do you want to overwrite?\"") },
		{ FX_A, "Which button did you press, \"Save\" or \"Cancel\"?",
		  OPEN("Which button did you press, \"Save\" or \"Cancel\"?") },
		{ FX_A, "\"Which plan are you on?\"", OPEN("Which plan are you on?\"") },
	};
	fx_check_cases(base_set(), cases, FX_NCASES(cases));
}

/* "Does that sound right?", "is that about right?", "is that how you
 * feel?" check the agent's own summary (restatement); "does that sound
 * ...?", "how would that sound?" ask for agreement (courtesy). */
static void test_checks_and_agreement(void)
{
	static const fx_case cases[] = {
		{ FX_A, "So the refund went to the old card. Does that sound right?", "" },
		{ FX_A, "Is that about right?", "" },
		{ FX_A, "You'd rather keep the old plan, is that a fair summary?", "" },
		{ FX_A, "It's been a stressful week with the outage, is that how you feel?", "" },
		{ FX_A, "I can move the delivery to Friday. How would that sound?", "" },
		{ FX_A, "Does this sound like the error you got?", "" },
		/* unchanged: the same words asking about the product */
		{ FX_A, "Does the sound cut out during calls?",
		  CLOSED("Does the sound cut out during calls?") },
		{ FX_A, "Is that the account you use for billing?",
		  CLOSED("Is that the account you use for billing?") },
		{ FX_A, "How does the error sound when it beeps?",
		  OPEN("How does the error sound when it beeps?") },
	};
	fx_check_cases(base_set(), cases, FX_NCASES(cases));
}

/* "Is there anything / something you could ...?", "is there a way you
 * might ...?": the verb decides, as after "could you". */
static void test_is_there_anything_you_could(void)
{
	static const fx_case cases[] = {
		{ FX_A, "Is there anything you could delete to free up some space?", "" },
		{ FX_A, "Is there something you can plug it into for now?", "" },
		{ FX_A, "Is there a way you might connect with a cable instead?", "" },
		/* asking to be told, or to recall */
		{ FX_A, "Is there anything you can tell me about when it started?",
		  CLOSED("Is there anything you can tell me about when it started?") },
		{ FX_A, "Is there anything you can think of that changed last week?",
		  CLOSED("Is there anything you can think of that changed last week?") },
		/* unchanged: no frame */
		{ FX_A, "Is there anything unusual on the screen?",
		  CLOSED("Is there anything unusual on the screen?") },
	};
	fx_check_cases(base_set(), cases, FX_NCASES(cases));
}

/* A closing question that asks to be told something is a question ("is
 * there anything else I should know?"); the phrase's own words do not
 * count ("you know what I mean?"). */
static void test_courtesy_that_asks(void)
{
	static const fx_case cases[] = {
		{ FX_A, "Is there anything else I should know about the setup?",
		  CLOSED("Is there anything else I should know about the setup?") },
		{ FX_A, "Anything else you can tell me about the error?",
		  CLOSED("Anything else you can tell me about the error?") },
		{ FX_A, "Is there anything else I can help with today?", "" },
		{ FX_A, "Was there anything else you wanted to discuss?", "" },
		{ FX_A, "You know what I mean?", "" },
	};
	fx_check_cases(base_set(), cases, FX_NCASES(cases));
}

/* Without a question mark a question word followed by its subject is a
 * free relative ("what I'd suggest is that..."), even with "is that"
 * after it; word order that asks still counts.  "To do it" is an
 * infinitive, not an inverted "do it". */
static void test_relatives_and_infinitives(void)
{
	static const fx_case cases[] = {
		{ FX_A, "What I'd suggest is that you reinstall the app.", "" },
		{ FX_A, "What the error says is that the card expired.", "" },
		{ FX_A, "How we fix it is that we send a new code.", "" },
		{ FX_A, "What is the error code", OPEN("What is the error code") },
		{ FX_A, "What version are you on", OPEN("What version are you on") },
		/* a restatement stays one with an infinitive inside */
		{ FX_A, "So you'd like to do it yourself?", "" },
		{ FX_A, "And you feel ready to do it on your own?", "" },
		/* a real inverted question after "to" is still found */
		{ FX_A, "You reset it, do you want to do it again?",
		  CLOSED("You reset it, do you want to do it again?") },
		{ FX_A, "Got the screenshot did it happen again?",
		  CLOSED("Got the screenshot did it happen again?") },
	};
	fx_check_cases(base_set(), cases, FX_NCASES(cases));
}

/* A check of understanding that ends the clause is a tag without its
 * comma ("... is that correct?", "... right?", "... don't you think?"). */
static void test_tags_without_comma(void)
{
	static const fx_case cases[] = {
		{ FX_A, "Your card ends in 4411 is that correct?", "" },
		{ FX_A, "You're on the yearly plan right?", "" },
		{ FX_A, "The new plan works out cheaper don't you think?", "" },
		/* unchanged: the same words asking something */
		{ FX_A, "You paid by card is that the one ending in 4411?",
		  CLOSED("You paid by card is that the one ending in 4411?") },
		{ FX_A, "Is the cable on the left or right?",
		  CLOSED("Is the cable on the left or right?") },
		{ FX_A, "Which of the two addresses is correct?",
		  OPEN("Which of the two addresses is correct?") },
		{ FX_A, "The order number is 4411?", CLOSED("The order number is 4411?") },
	};
	fx_check_cases(base_set(), cases, FX_NCASES(cases));
}

/* Chat wording: "u" as a subject, "let me ask if ...", "any idea ...". */
static void test_chat_wording(void)
{
	static const fx_case cases[] = {
		{ FX_A, "which browser are u using", OPEN("which browser are u using") },
		{ FX_A, "Let me ask if you've updated the app since then",
		  CLOSED("Let me ask if you've updated the app since then") },
		{ FX_A, "Any idea when it started", OPEN("Any idea when it started") },
		{ FX_A, "Any idea if the card was replaced",
		  CLOSED("Any idea if the card was replaced") },
		/* asking someone else, or no idea at all */
		{ FX_A, "Let me ask the billing team about that.", "" },
		{ FX_A, "I had no idea the app did that.", "" },
	};
	fx_check_cases(base_set(), cases, FX_NCASES(cases));
}

/* wordlist.h: the longest phrase at a token, in tokens. */
static void test_phraselist_len(void)
{
	static const char *const phrases[] = { "could you", "could you please", "is it", NULL };
	static const char text[] = "could you please send it";
	ts_phraselist p;
	ts_tokens t;

	ts_tokens_init(&t);
	REQUIRE(ts_phraselist_build(&p, phrases) == TS_OK);
	REQUIRE(ts_tokenize(&t, text, strlen(text)) == TS_OK);
	CHECK_EQ_INT(ts_phraselist_len(&p, &t, 0, t.n), 3);
	CHECK_EQ_INT(ts_phraselist_len(&p, &t, 0, 2), 2);  /* ends before "please" */
	CHECK_EQ_INT(ts_phraselist_len(&p, &t, 0, 1), 0);
	CHECK_EQ_INT(ts_phraselist_len(&p, &t, 1, t.n), 0);
	CHECK_EQ_INT(ts_phraselist_len(&p, &t, t.n, t.n), 0);
	ts_phraselist_release(&p);
	ts_tokens_release(&t);
}

/* Only agent messages: the customer's and the bot's questions never count. */
static void test_roles(void)
{
	static const fx_case cases[] = {
		{ FX_C, "What is your refund policy?", "" },
		{ FX_C, "Do you have my order number?", "" },
		{ FX_C, "Could you tell me which version you're on.", "" },
		{ TS_ROLE_BOT, "What error do you see?", "" },
		{ FX_A, "What error do you see?", OPEN("What error do you see?") },
	};
	fx_check_cases(base_set(), cases, FX_NCASES(cases));
}

/* One finding per asking sentence, spanning it (to the next sentence). */
static void test_sentences_and_spans(void)
{
	static const fx_case cases[] = {
		{ FX_A, "Which app are you using? Is it up to date?",
		  OPEN("Which app are you using? ") "; " CLOSED("Is it up to date?") },
		{ FX_A, "Thanks for waiting. What does the error say?",
		  "politeness/lexicon/counted \"Thanks\"; " OPEN("What does the error say?") },
		/* another category's finding does not stop the detector */
		{ FX_A, "Thanks, and what error do you see?",
		  OPEN("Thanks, and what error do you see?") "; politeness/lexicon/counted \"Thanks\"" },
		/* a line break ends a sentence */
		{ FX_A, "Okay\nwhat is the order number?", OPEN("what is the order number?") },
		{ FX_A, "How are you today? What's the order number?",
		  OPEN("What's the order number?") },
	};
	ts_lexset *set = base_set();
	const ts_finding *x;
	fx f;

	REQUIRE(fx_open(&f, set) == 0);
	fx_cases(&f, cases, FX_NCASES(cases));
	fx_one(&f, FX_A, "Thanks for waiting. What does the error say?");
	CHECK_EQ_INT(fx_count(&f, "clarifying"), 1);
	CHECK_EQ_INT(fx_count(&f, "politeness"), 1);
	x = fx_find(&f, "clarifying", TS_DET_QUESTION);
	REQUIRE(x);
	CHECK_EQ_INT(x->start, fx_at(&f, "What does"));
	CHECK_EQ_INT(x->end, strlen(f.text));
	fx_close(&f);
	ts_lexset_free(set);
}

/* A counted lexicon finding takes the sentence's detail and stands alone. */
static void test_lexicon_findings(void)
{
	static const fx_case cases[] = {
		{ FX_A, "What model is the phone?", "clarifying/lexicon/counted/open \"What model\"" },
		{ FX_A, "Could you clarify whether you paid by card?",
		  "clarifying/lexicon/counted/closed \"Could you clarify\"" },
		/* a request without "?": closed (inverted "could you") */
		{ FX_A, "Could you clarify the delivery address.",
		  "clarifying/lexicon/counted/closed \"Could you clarify\"" },
		/* only the sentence holding it is spoken for */
		{ FX_A, "What model is the phone? Is it charging?",
		  "clarifying/lexicon/counted/open \"What model\"; " CLOSED("Is it charging?") },
	};
	ts_lexset *set = base_set();
	fx f;

	REQUIRE(fx_open(&f, set) == 0);
	fx_cases(&f, cases, FX_NCASES(cases));
	fx_one(&f, FX_A, "What model is the phone?");
	CHECK_EQ_INT(fx_count(&f, "clarifying"), 1);
	CHECK_EQ_INT(f.r.nfindings, 1);
	CHECK(fx_find(&f, "clarifying", TS_DET_QUESTION) == NULL);
	fx_close(&f);
	ts_lexset_free(set);
}

/* Lexicon findings in courtesy and rhetorical questions lose their count. */
static void test_lexicon_courtesy_rhetorical(void)
{
	static const fx_case cases[] = {
		{ FX_A, "Anything else I can help with?",
		  "clarifying/lexicon/courtesy \"Anything else\"" },
		{ FX_A, "How are you today?", "clarifying/lexicon/courtesy \"How are you\"" },
		{ FX_A, "Isn't it great?", "clarifying/lexicon/rhetorical \"Isn't it great\"" },
		/* a real question keeps it */
		{ FX_A, "Could you clarify if you paid twice?",
		  "clarifying/lexicon/counted/closed \"Could you clarify\"" },
	};
	ts_lexset *set = lx_set(NULL, "clarifying.txt", clarifying_greedy, (char *)NULL);
	fx f;

	REQUIRE(fx_open(&f, set) == 0);
	fx_cases(&f, cases, FX_NCASES(cases));
	fx_one(&f, FX_A, "Anything else I can help with?");
	CHECK_EQ_INT(fx_count(&f, "clarifying"), 0);
	REQUIRE(f.r.nfindings == 1);
	CHECK_EQ_INT(f.r.findings[0].status, TS_COURTESY);
	fx_close(&f);
	ts_lexset_free(set);
}

/* detect.h: lexicon findings in restating questions get the status that
 * says why they do not count (TS_RESTATEMENT). */
static void test_lexicon_restatement(void)
{
	ts_lexset *set = lx_set(NULL, "clarifying.txt", clarifying_greedy, (char *)NULL);
	fx f;

	REQUIRE(fx_open(&f, set) == 0);
	CHECK_EQ_STR(fx_one(&f, FX_A, "Your card ends in 4411, is that correct?"),
	             "clarifying/lexicon/restatement \"is that correct\"");
	CHECK_EQ_INT(fx_count(&f, "clarifying"), 0);
	fx_close(&f);
	ts_lexset_free(set);
}

/* Only the last clause of a '?' sentence can be a declarative question:
 * a statement before the question does not decide the sentence. */
static void test_clauses_before_the_question(void)
{
	static const fx_case cases[] = {
		{ FX_A, "Thanks, the parcel arrived, which model is it?",
		  "clarifying/question/counted/open \"Thanks, the parcel arrived, which model is it?\"" },
		{ FX_A, "Okay, you were charged twice, is that correct?",
		  "clarifying/lexicon/restatement \"is that correct\"" },
		{ FX_A, "Got it, the app crashes, anything else?",
		  "clarifying/lexicon/courtesy \"anything else\"" },
		{ FX_A, "The app crashes, the order is late?",
		  "clarifying/question/counted/closed \"The app crashes, the order is late?\"" },
	};
	fx_check_cases(lx_set(NULL, "clarifying.txt", clarifying_greedy, (char *)NULL), cases, FX_NCASES(cases));
}

/* The detector is on only when the set has a clarifying category, and a
 * category file without entries does not make one. */
static void test_category_needed(void)
{
	int warnings = 0;
	ts_lexset *none = lx_set(NULL, "politeness.txt", politeness, (char *)NULL);
	ts_lexset *empty = lx_set(&warnings, "clarifying.txt",
	                          "@category clarifying\n# nothing yet\n",
	                          "politeness.txt", politeness, (char *)NULL);
	fx f;

	REQUIRE(none && empty);
	CHECK_EQ_INT(warnings, 1); /* "no entries in lexicon file" */
	CHECK_EQ_INT(ts_lexset_category_index(empty, "clarifying"), -1);
	REQUIRE(fx_open(&f, none) == 0);
	CHECK_EQ_STR(fx_one(&f, FX_A, "What error do you see?"), "");
	fx_close(&f);
	REQUIRE(fx_open(&f, empty) == 0);
	CHECK_EQ_STR(fx_one(&f, FX_A, "What error do you see?"), "");
	fx_close(&f);
	ts_lexset_free(none);
	ts_lexset_free(empty);
}

int main(void)
{
	TS_RUN(test_named_cases);
	TS_RUN(test_open_and_closed);
	TS_RUN(test_tell_me_describe_open);
	TS_RUN(test_requests_and_statements);
	TS_RUN(test_not_questions);
	TS_RUN(test_proposals);
	TS_RUN(test_requests_by_verb);
	TS_RUN(test_what_about);
	TS_RUN(test_opinion_on_an_action);
	TS_RUN(test_which_relative);
	TS_RUN(test_empathy_in_question);
	TS_RUN(test_suggestion_decides_sentence);
	TS_RUN(test_declarative_in_context);
	TS_RUN(test_feeling_reflected);
	TS_RUN(test_tags_and_embedded_wh);
	TS_RUN(test_lexicon_wh_in_statement);
	TS_RUN(test_quoted_questions);
	TS_RUN(test_checks_and_agreement);
	TS_RUN(test_is_there_anything_you_could);
	TS_RUN(test_courtesy_that_asks);
	TS_RUN(test_relatives_and_infinitives);
	TS_RUN(test_tags_without_comma);
	TS_RUN(test_chat_wording);
	TS_RUN(test_phraselist_len);
	TS_RUN(test_roles);
	TS_RUN(test_sentences_and_spans);
	TS_RUN(test_lexicon_findings);
	TS_RUN(test_lexicon_courtesy_rhetorical);
	TS_RUN(test_lexicon_restatement);
	TS_RUN(test_clauses_before_the_question);
	TS_RUN(test_category_needed);
	TS_TEST_MAIN_END();
}
