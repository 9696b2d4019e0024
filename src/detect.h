/*
 * detect.h - what every context detector sees of one message (internal).
 *
 * The analyser (analyse.c) tokenises and matches a message once, splits it
 * into sentences and hands the same ts_msgctx to each detector in turn.
 * A detector adds findings or changes the status of existing ones; none
 * re-scans the text.  Detectors that need the conversation (paraphrase:
 * the customer's previous turn; acronyms: what the customer said first)
 * keep that state in their own struct, reset per conversation.
 */
#ifndef TS_DETECT_H
#define TS_DETECT_H

#include <stddef.h>

#include "traitscan.h"
#include "tokenize.h"

/* The categories detectors know by name.  ts_msgctx.cat maps each to the
 * lexset's index, -1 when the set has no such category (the detector that
 * feeds it is then off). */
enum ts_cat {
	TS_CAT_EMPATHY = 0,
	TS_CAT_PARAPHRASE,
	TS_CAT_CLARIFYING,
	TS_CAT_JARGON,
	TS_CAT_POLITENESS,
	TS_CAT_APOLOGY,
	TS_CAT_GREETING,
	TS_CAT_CLOSING,
	TS_CAT_POSITIVE,
	TS_CAT_NEGATIVE,
	TS_CAT_OWNERSHIP,
	TS_CAT_ESCALATION,
	TS_CAT_FRUSTRATION,
	TS_CAT_RESOLUTION,
	TS_CAT_PII,
	TS_CAT_SARCASM,
	TS_CAT_MOOD,
	TS_CAT_COUNT
};

/* The lexicon category name of each TS_CAT_*. */
const char *ts_cat_name(int cat);

/* A sentence: tokens [first, end), bytes [start, stop). */
typedef struct ts_sentence {
	size_t first, end;
	size_t start, stop;
	int question;       /* ends with '?' */
} ts_sentence;

/* A message's findings while the detectors work on them. */
typedef struct ts_findings {
	ts_finding *v;
	size_t n, cap;
} ts_findings;

/* Appends a counted detector finding (entry TS_NO_ENTRY, weight 1) of
 * lexset category cat; does nothing when cat < 0.  TS_OK or TS_ENOMEM. */
int ts_findings_add(ts_findings *f, int cat, size_t start, size_t end,
                    ts_detector det, ts_detail detail);

typedef struct ts_msgctx {
	const ts_lexset *set;
	const char *text;
	size_t n;
	ts_role role;
	const ts_tokens *tok;
	const ts_sentence *sent;
	size_t nsent;
	ts_findings *found;
	size_t nsorted;      /* found->v[0, nsorted) is sorted by (start,
	                        category): everything there was before the
	                        running detector; what it adds comes after */
	const int *cat;      /* [TS_CAT_COUNT] lexset index or -1 */
} ts_msgctx;

/* The first of the sorted findings that starts at or after byte pos: a
 * sentence's findings are [ts_findings_from(start), ...) while their start
 * is below the sentence's stop.  Detectors look findings up this way, never
 * by scanning all of them per sentence or token (a 1 MB message can have
 * 100,000 of each). */
size_t ts_findings_from(const ts_msgctx *c, size_t pos);

/* The sentence holding token i (i < tok->n). */
size_t ts_sentence_of(const ts_msgctx *c, size_t i);
/* The first token whose span ends after byte pos (tok->n if none). */
size_t ts_token_at(const ts_tokens *t, size_t pos);

/* ---- negation.c: negators and sarcasm ---------------------------------- */
/* Marks TS_NEGATED every negation-sensitive lexicon finding a negator
 * governs (within a short window before it, in the same clause). */
typedef struct ts_negation ts_negation;
int ts_negation_new(ts_negation **out);
void ts_negation_free(ts_negation *n);
void ts_negation_apply(const ts_negation *n, const ts_msgctx *c);
/* Does a negator govern the word at token first (the rule above, for
 * detectors that weigh negation themselves: mood.c)? */
int ts_negation_governs(const ts_negation *n, const ts_tokens *t, size_t first);
/* In a customer message with a counted sarcasm finding: politeness,
 * resolution, positive and empathy findings and mood findings of positive
 * weight become TS_SARCASTIC and, unless a frustration finding already
 * counts, one frustration finding (TS_DET_SARCASM) is added.  TS_OK or
 * TS_ENOMEM. */
int ts_sarcasm_apply(const ts_msgctx *c);

/* ---- question.c: clarifying questions ---------------------------------- */
/* Agent messages: adds a clarifying finding (open or closed) for each
 * sentence that asks for information and has no counted lexicon finding;
 * courtesy, closing, rhetorical and restating questions are not counted
 * (lexicon findings in them get the status that says why).  Empathy
 * findings inside the part of a sentence that asks (an interrogative
 * question, not a declarative one) become TS_IN_QUESTION. */
typedef struct ts_question ts_question;
int ts_question_new(ts_question **out);
void ts_question_free(ts_question *q);
int ts_question_detect(const ts_question *q, const ts_msgctx *c);

/* ---- paraphrase.c: restating the customer ------------------------------ */
typedef struct ts_paraphrase ts_paraphrase;
int ts_paraphrase_new(ts_paraphrase **out);
void ts_paraphrase_free(ts_paraphrase *p);
void ts_paraphrase_begin(ts_paraphrase *p);   /* a new conversation */
/* Feeds every message in order: a customer message adds to the current
 * customer turn; an agent message is checked against the previous one
 * (adds paraphrase findings).  TS_OK or TS_ENOMEM. */
int ts_paraphrase_message(ts_paraphrase *p, const ts_msgctx *c);

/* ---- acronym.c: unexplained acronyms and explained jargon --------------- */
typedef struct ts_acronyms ts_acronyms;
int ts_acronyms_new(ts_acronyms **out);
void ts_acronyms_free(ts_acronyms *a);
void ts_acronyms_begin(ts_acronyms *a);       /* a new conversation */
/* Feeds every message in order: customer acronyms are remembered; in an
 * agent message unexplained acronyms become jargon findings and jargon
 * explained in the same or next sentence becomes TS_EXPLAINED. */
int ts_acronyms_message(ts_acronyms *a, const ts_msgctx *c);

/* ---- pii.c: personal data ------------------------------------------------ */
/* Adds pii findings: card numbers passing Luhn, e-mail addresses, phone
 * numbers, IBANs passing mod 97.  Any role.  TS_OK or TS_ENOMEM. */
int ts_pii_detect(const ts_msgctx *c);

/* Appends text[from, to) to out with every finding of category pii_cat
 * that lies in it masked, counted or not (personal data stays personal
 * when a negator or sarcasm took its count away) ("[email]", "[card]", "[phone]",
 * "[iban]", "[pii]" for lexicon entries); a finding that straddles the
 * range is masked too (the mask replaces the part inside).  pii_cat < 0:
 * plain copy.  TS_OK, TS_ENOMEM or TS_ELIMIT (out's cap). */
struct ts_buf;
int ts_pii_mask(struct ts_buf *out, const char *text, size_t from, size_t to,
                const ts_finding *f, size_t nf, int pii_cat);

/* ---- readability.c ------------------------------------------------------- */
/* Syllables in one word (ASCII letters counted; at least 1 for a word with
 * a letter, 0 for none). */
size_t ts_syllables(const char *w, size_t n);
/* Flesch reading ease and Flesch-Kincaid grade from sums (0 when words or
 * sentences is 0). */
double ts_flesch_ease(unsigned long words, unsigned long sentences,
                      unsigned long syllables);
double ts_fk_grade(unsigned long words, unsigned long sentences,
                   unsigned long syllables);

#endif
