/*
 * lexicon.h - the internal view of a compiled ts_lexset: entries with their
 * options, the word n-gram table match.c searches, and the regex entries
 * with the facts used to skip them.  Built by lexicon.c, read-only after
 * ts_lexset_compile (so one set can serve many matcher threads).
 */
#ifndef TS_LEXICON_H
#define TS_LEXICON_H

#include <stddef.h>
#include <stdint.h>

#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>

#include "traitscan.h"

enum { TS_ENTRY_PHRASE = 0, TS_ENTRY_STEM = 1, TS_ENTRY_REGEX = 2 };

/* One entry.  role is TS_ROLE_AGENT, TS_ROLE_CUSTOMER or TS_ROLE_UNKNOWN
 * for "any". */
typedef struct ts_lexentry {
	double weight;
	unsigned long line;
	uint32_t file;      /* index of the effective file (for its name) */
	uint32_t category;  /* report-order category index */
	uint8_t kind;       /* TS_ENTRY_* */
	uint8_t role;
	uint8_t negate;     /* negation-sensitive (default yes) */
	uint8_t nwords;     /* words in a phrase or stem entry, stem included */
} ts_lexentry;

/*
 * A slot of the n-gram table, 8 bytes so that the table stays in L1 as
 * long as it can: the key's high 32 bits (its low bits chose the slot),
 * and meta = (first record + 1) << 3 | flags.  Two keys that share both
 * only merge their records and flags: candidates are verified anyway.
 */
enum {
	TS_SLOT_USED = 1u << 0,
	TS_SLOT_PREFIX = 1u << 1, /* some longer phrase starts with these words */
	TS_SLOT_STEMS = 1u << 2   /* some stem entry is preceded by these words */
};

#define TS_LEX_NONE UINT32_MAX
#define TS_LEX_MAX_RECS ((1u << 29) - 2)

typedef struct ts_lexslot {
	uint32_t tag;
	uint32_t meta;
} ts_lexslot;

/* The slot's first record, TS_LEX_NONE if none. */
static inline uint32_t ts_slot_first(const ts_lexslot *s)
{
	return (s->meta >> 3) - 1u;
}

/* A phrase or stem entry as the matcher verifies it: its normalised words,
 * each followed by a NUL, at pool + words (for a stem the last word is the
 * stem without '*'). */
typedef struct ts_lexrec {
	uint32_t entry;
	uint32_t next;    /* next record in the same slot, TS_LEX_NONE at end */
	size_t words;
	uint32_t stemlen; /* length of the stem (stem records) */
	uint8_t kind;
	uint8_t role;
	uint8_t nwords;
} ts_lexrec;

typedef struct ts_lexregex {
	pcre2_code *code;
	uint32_t entry;
	uint8_t role;
	uint8_t has_first;   /* first code unit known (first) */
	uint8_t has_bitmap;  /* possible first code units known (bitmap) */
	uint8_t has_last;    /* a code unit every match contains (last) */
	uint8_t first, last;
	uint32_t minlen;     /* characters, so also a lower bound in bytes */
	uint64_t bitmap[4];
	uint64_t required[4]; /* bytes every match contains (not letters) */
	uint64_t need[TS_REGEX_NEED]; /* need= word hashes: a match contains one */
	uint64_t needbits[16];        /* their bits as ts_need_bit sets them */
	uint8_t nneed;
} ts_lexregex;

/* Sets word hash h's bit in a 1024-bit Bloom filter of words (a message's
 * tokens, a regex's need= words: they share a bit when they may share a
 * word). */
static inline void ts_need_bit(uint64_t bits[16], uint64_t h)
{
	bits[(h >> 6) & 15] |= (uint64_t)1 << (h & 63);
}

typedef struct ts_lexindex {
	ts_lexentry *entries;
	size_t nentries;
	ts_lexslot *slots;    /* open addressing, linear probing */
	size_t mask;          /* slots - 1 (a power of two minus one) */
	ts_lexrec *recs;
	size_t nrecs;
	/* Per message role, filters for the keys of that role's entries
	 * (its own and the "any" ones): most tokens start nothing and stop
	 * here, in L1, and a message never pays for the other side's
	 * entries.  first: one bit per (key >> first_shift), set for the key
	 * of every entry's first word.  later: the keys after the first word
	 * (n-grams of two words or more, stems), two bits in one word a key
	 * (the word chosen by the key's top bits): most n-grams a prefix
	 * starts are in no entry, and this answers for them without a miss
	 * in the slot table. */
	struct ts_lexfilter {
		uint64_t *first, *later;
		unsigned first_shift, later_shift;
	} filt[TS_ROLE_COUNT];
	char *pool;
	int bare_stems;       /* some stem entry has no preceding words */
	/* Filters for those: one bit per first two bytes a token can start
	 * with to match one (second byte 0 for one-byte tokens); per first
	 * byte, bit L set when such a stem of length L (1..63) starts with
	 * it, bit 0 for lengths >= 64. */
	uint64_t bare_lens[256];
	uint8_t bare_pair[65536 / 8];
	uint64_t stemlen_mask;   /* stem lengths below 64, bit per length */
	uint32_t *stemlens;      /* every distinct stem length, ascending */
	size_t nstemlens;
	uint32_t stem_min, stem_max;
	ts_lexregex *regex;
	size_t nregex;
	/* Per message role, the regexes that can match in it, ascending. */
	uint32_t *rx_of_role[TS_ROLE_COUNT];
	size_t nrx_of_role[TS_ROLE_COUNT];
} ts_lexindex;

/* The compiled index (empty before ts_lexset_compile). */
const ts_lexindex *ts_lexset_index(const ts_lexset *set);
/* Entry id's record, NULL when out of range. */
const ts_lexentry *ts_lexset_entry(const ts_lexset *set, size_t id);
/* The @description of category i ("" when none). */
const char *ts_lexset_category_description(const ts_lexset *set, size_t i);

/* Counters a matcher keeps across calls (for tests, --stats and benches). */
typedef struct ts_matcher_stats {
	unsigned long long messages;      /* ts_matcher_run calls */
	unsigned long long regex_runs;    /* regex entries run on a message */
	unsigned long long regex_skipped; /* regex entries skipped by the byte gate */
	unsigned long long regex_limited; /* runs stopped by a match/depth limit */
} ts_matcher_stats;

void ts_matcher_get_stats(const ts_matcher *m, ts_matcher_stats *out);

/* Could rx match somewhere in text, by its byte gate?  (0 means certainly
 * not; the matcher does the same per message, faster.)  For tests. */
int ts_lexregex_may_match(const ts_lexregex *rx, const char *text, size_t n);

/* The tokens of the message of the last ts_matcher_run (valid until the
 * next run), for detectors that work on words: no second tokenisation. */
struct ts_tokens;
const struct ts_tokens *ts_matcher_tokens(const ts_matcher *m);

#endif
