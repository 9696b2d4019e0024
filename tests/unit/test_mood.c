/*
 * test_mood.c - mood.c through the analyser: the valence of a customer
 * message from its mood findings, each rule with a case where it applies
 * and one where it must not (negators in and out of their window and
 * clause, boosters and dampeners right before the word or not, ALL-CAPS in
 * a mixed and in an all-caps message, "but" in the same and in another
 * sentence, "!" at the end and in the middle, sarcasm), the role and
 * category gates, and the ordering of everyday complaints and thanks.
 *
 * The set is small and written here, so each case states the raw sum x of
 * its adjusted weights and the test checks x / sqrt(x * x + 15); the
 * constants are mood.c's (booster 0.293, dampener 0.293, caps 0.733,
 * negation -0.74, after "but" 1.5, before it 0.5, 0.29 per '!').  The
 * shipped mood.txt is checked in test_lexicons.c.  Support-chat examples
 * written for this test.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analyse_fixture.h"

static const char mood[] =
	"@category mood\n"
	"@role any\n"
	"@negate no\n"
	"angry\tweight=-2\n"
	"annoyed\tweight=-2\n"
	"happy\tweight=2\n"
	"thanks\tweight=1.5\n"
	"thanks so much\tweight=2.5\n"
	"bad\tweight=-2\n"
	"great\tweight=3\n"
	"useless\tweight=-3\n"
	"frustrat*\tweight=-2.5\n"
	"fed up\tweight=-2.7\n"
	"ok then\tweight=0.2\n"
	"whatever\tweight=0\n";
static const char sarcasm[] =
	"@category sarcasm\n"
	"@role customer\n"
	"@negate no\n"
	"yeah right\n"
	"thanks for nothing\n";
static const char frustration[] =
	"@category frustration\n"
	"@role customer\n"
	"@negate no\n"
	"useless\n";

static ts_lexset *mood_set(void)
{
	return lx_set(NULL, "mood.txt", mood, "sarcasm.txt", sarcasm,
	              "frustration.txt", frustration, (char *)NULL);
}

static double norm(double x)
{
	return x / sqrt(x * x + 15);
}

/* One customer message and the raw sum its valence must come from. */
typedef struct vcase {
	const char *text;
	double x;
} vcase;

/* The valence of one message as a conversation of its own. */
static double valence(fx *f, ts_role role, const char *text)
{
	fx_one(f, role, text);
	return f->rc == TS_OK ? f->r.valence : 99;
}

static int near(double a, double b)
{
	return fabs(a - b) < 1e-9;
}

static void check_cases(const vcase *c, size_t n)
{
	ts_lexset *set = mood_set();
	fx f;

	REQUIRE(fx_open(&f, set) == 0);
	for (size_t i = 0; i < n; i++) {
		double got = valence(&f, FX_C, c[i].text), want = norm(c[i].x);
		if (!near(got, want)) {
			printf("  \"%s\": valence %.6f, want %.6f (x = %.4f)\n    findings: %s\n",
			       c[i].text, got, want, c[i].x, fx_desc(&f));
			CHECK(near(got, want));
		}
	}
	fx_close(&f);
	ts_lexset_free(set);
}

#define NCASES(a) (sizeof (a) / sizeof *(a))

/* A message without a mood word is neutral, whatever its punctuation. */
static void test_plain(void)
{
	static const vcase c[] = {
		{ "My order hasn't arrived yet.", 0 },
		{ "Hello!!!", 0 },
		{ "WHERE IS MY PARCEL", 0 },
		{ "", 0 },
		{ "I'm angry", -2 },
		{ "thanks", 1.5 },
		{ "That's frustrating", -2.5 },                  /* a stem */
		{ "I am fed up with this", -2.7 },               /* a phrase */
		{ "Thanks so much", 2.5 },                       /* the longest entry */
		{ "Thanks, I'm happy with it. The app is useless though", 1.5 + 2 - 3 },
		{ "whatever!!", 0 },                             /* weight 0: nothing */
	};
	check_cases(c, NCASES(c));
}

static void test_negation(void)
{
	static const vcase c[] = {
		{ "I am not happy", 2 * -0.74 },
		{ "I'm not bad", -2 * -0.74 },                   /* mildly positive */
		{ "It wasn't really that great", 3 * -0.74 },   /* three words back */
		{ "I never said I was happy", 2 },               /* four words back */
		{ "No, happy with it", 2 },                      /* another clause */
		{ "Not sure. Happy now", 2 },                    /* another sentence */
		{ "I'm not only happy", 2 },                     /* emphasis */
		{ "I'm not very happy", (2 + 0.293) * -0.74 },   /* booster first */
	};
	check_cases(c, NCASES(c));
}

static void test_boosters_and_dampeners(void)
{
	static const vcase c[] = {
		{ "I'm very angry", -2 - 0.293 },
		{ "extremely happy with the service", 2 + 0.293 },
		{ "I am so frustrated", -2.5 - 0.293 },
		{ "Very much happy", 2 },                        /* not right before */
		{ "It was so, happy now", 2 },                   /* clause between */
		{ "a bit annoyed", -2 + 0.293 },
		{ "I'm slightly annoyed", -2 + 0.293 },
		{ "kind of happy", 2 - 0.293 },
		{ "a little bit happy", 2 - 0.293 },             /* three-word dampener */
		{ "It took a bit. Happy now", 2 },               /* another sentence */
		{ "slightly ok then", 0 },                       /* not past zero */
	};
	check_cases(c, NCASES(c));
}

static void test_caps(void)
{
	static const vcase c[] = {
		{ "I am ANGRY", -2 - 0.733 },
		{ "I AM ANGRY", -2 },                            /* the whole message */
		{ "this is USELESS, sorry", -3 - 0.733 },
		{ "so HAPPY it works", 2 + 0.293 + 0.733 },
		{ "I'm FED UP", -2.7 - 0.733 },                  /* every word of it */
		{ "I'm Fed UP", -2.7 },                          /* one word only */
		{ "I'm not HAPPY", (2 + 0.733) * -0.74 },
	};
	check_cases(c, NCASES(c));
}

static void test_but(void)
{
	static const vcase c[] = {
		{ "Thanks, but I'm annoyed", 1.5 * 0.5 + -2 * 1.5 },
		{ "I'm annoyed, but thanks", -2 * 0.5 + 1.5 * 1.5 },
		{ "Thanks. But I'm annoyed", 1.5 + -2 * 1.5 },   /* another sentence */
		{ "I'm happy. The app is slow but it works", 2 },
		{ "The app is slow but it works. I'm annoyed", -2 },
		{ "but great", 3 * 1.5 },
		{ "Happy with the refund but not with the wait but thanks",
		  2 * 0.5 + 1.5 * 1.5 },
	};
	check_cases(c, NCASES(c));
}

static void test_exclamation(void)
{
	static const vcase c[] = {
		{ "Thanks!!", 1.5 + 2 * 0.29 },
		{ "thanks!", 1.5 + 0.29 },
		{ "Thanks!!!!!!!", 1.5 + 4 * 0.29 },             /* at most four */
		{ "I'm angry!!", -2 - 2 * 0.29 },                /* the sum's direction */
		{ "Thanks! Can you check my order?", 1.5 },      /* not at the end */
		{ "thanks !! :)", 1.5 + 2 * 0.29 },              /* after the last word */
		{ "happy but annoyed!", 2 * 0.5 - 2 * 1.5 - 0.29 },
	};
	check_cases(c, NCASES(c));
}

/* A sarcastic message scores at most -0.5 and its praise stops counting. */
static void test_sarcasm(void)
{
	ts_lexset *set = mood_set();
	fx f;

	REQUIRE(fx_open(&f, set) == 0);
	CHECK(near(valence(&f, FX_C, "Yeah right, great"), -0.5));
	CHECK_EQ_STR(fx_desc(&f), "frustration/sarcasm/counted \"Yeah right\"; "
	                          "sarcasm/lexicon/counted \"Yeah right\"; "
	                          "mood/lexicon/sarcastic \"great\"");
	CHECK(near(valence(&f, FX_C, "yeah right"), -0.5));
	CHECK(near(valence(&f, FX_C, "yeah right, useless"), norm(-3)));
	CHECK_EQ_INT(fx_count(&f, "mood"), 1);
	CHECK(near(valence(&f, FX_C, "thanks for nothing"), -0.5));
	CHECK(near(valence(&f, FX_C, "Great, thanks"), norm(3 + 1.5)));
	fx_close(&f);
	ts_lexset_free(set);
}

/* Agents, bots and notes have no mood; without a mood category nobody
 * does. */
static void test_roles_and_gates(void)
{
	ts_lexset *set = mood_set(), *other;
	fx f;

	REQUIRE(fx_open(&f, set) == 0);
	CHECK(near(valence(&f, FX_A, "I'm so happy to help, thanks!"), 0));
	CHECK_EQ_INT(fx_count(&f, "mood"), 2);           /* found, not weighed */
	CHECK(near(valence(&f, TS_ROLE_BOT, "Great!"), 0));
	CHECK(near(valence(&f, TS_ROLE_NOTE, "customer is angry"), 0));
	/* in one conversation, each message on its own */
	ts_analyser_begin(f.a);
	fx_msg(&f, FX_C, "I'm annoyed");
	CHECK(near(f.r.valence, norm(-2)));
	fx_msg(&f, FX_A, "Sorry about that, great news: it's fixed");
	CHECK(near(f.r.valence, 0));
	fx_msg(&f, FX_C, "great, thanks!");
	CHECK(near(f.r.valence, norm(3 + 1.5 + 0.29)));
	fx_close(&f);
	ts_lexset_free(set);

	other = lx_set(NULL, "frustration.txt", frustration, (char *)NULL);
	REQUIRE(fx_open(&f, other) == 0);
	CHECK(near(valence(&f, FX_C, "useless, I'm angry!!!"), 0));
	CHECK_EQ_INT(fx_count(&f, "frustration"), 1);
	fx_close(&f);
	ts_lexset_free(other);
}

/* The everyday scale: worse complaints lower, warmer thanks higher, and
 * every valence inside (-1, 1). */
static void test_ordering(void)
{
	static const char *const up[] = {
		"I AM FED UP!!!! this is USELESS",
		"I'm very angry",
		"I'm angry",
		"I'm a bit annoyed",
		"Not bad",
		"thanks",
		"thanks so much!!",
	};
	ts_lexset *set = mood_set();
	double prev = -1;
	fx f;

	REQUIRE(fx_open(&f, set) == 0);
	for (size_t i = 0; i < NCASES(up); i++) {
		double v = valence(&f, FX_C, up[i]);
		if (!(v > prev))
			printf("  \"%s\" (%.4f) should be above the one before (%.4f)\n", up[i], v,
			       prev);
		CHECK(v > prev);
		CHECK(v < 1);
		prev = v;
	}
	CHECK(valence(&f, FX_C, "I'm a bit annoyed") < 0);
	CHECK(valence(&f, FX_C, "Not bad") > 0);
	CHECK(valence(&f, FX_C, "Not bad") < valence(&f, FX_C, "happy"));
	CHECK(valence(&f, FX_C, "I am not happy") < 0);
	fx_close(&f);
	ts_lexset_free(set);
}

int main(void)
{
	TS_RUN(test_plain);
	TS_RUN(test_negation);
	TS_RUN(test_boosters_and_dampeners);
	TS_RUN(test_caps);
	TS_RUN(test_but);
	TS_RUN(test_exclamation);
	TS_RUN(test_sarcasm);
	TS_RUN(test_roles_and_gates);
	TS_RUN(test_ordering);
	TS_TEST_MAIN_END();
}
