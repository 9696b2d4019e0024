/*
 * mood.h - the customer's mood in one message: a valence from -1 (angry,
 * fed up) through 0 (neutral, or nothing said about it) to 1 (delighted),
 * weighed from the message's mood findings (lexicons/mood.txt, weights on
 * a -4..+4 scale) with rules for negation, boosters, dampeners, "but",
 * ALL-CAPS, exclamation marks and sarcasm (internal).
 *
 * The rules and their constants are in mood.c's header; they work on the
 * findings and tokens the analyser already has, never on the text again
 * (except the few bytes after the last word, for "!").  Not here: the
 * mood at the start and end of a conversation or per agent (the scan sums
 * these valences).
 */
#ifndef TS_MOOD_H
#define TS_MOOD_H

#include "detect.h"

typedef struct ts_mood ts_mood;

/* Word lists of the rules, built once and read-only after (threads may
 * share one).  TS_OK or TS_ENOMEM. */
int ts_mood_new(ts_mood **out);
void ts_mood_free(ts_mood *m);

/* The valence of the message in c, from -1 to 1: 0 for a message that is
 * not the customer's, when the lexset has no mood category, or when the
 * message has no counted mood finding and no counted sarcasm finding.
 * Call it after every other detector (sarcasm has hidden the positive mood
 * words of a sarcastic message then) with the findings sorted; ng gives
 * the negation rule (negation.c). */
double ts_mood_valence(const ts_mood *m, const ts_negation *ng, const ts_msgctx *c);

#endif
