/*
 * fuzz_lexicon.c - fuzz target for the lexicon parser and the matcher: the
 * input is parsed and compiled as one lexicon file (from memory), then the
 * matcher runs over a few fixed texts and over the input itself as a
 * message, for each role.  Problems must be well formed, findings must
 * keep their promises (in bounds, sorted, no overlap within a category) and
 * the regex byte gate must never skip a regex that matches.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lexicon.h"
#include "traitscan.h"

static int check_problem(void *ud, const ts_error *e)
{
	size_t len = strnlen(e->msg, sizeof e->msg);

	if ((e->code != 0 && e->code != TS_ELEXICON) || len == 0 || len == sizeof e->msg ||
	    strcmp(e->file, "fuzz.txt") != 0)
		abort();
	++*(int *)ud;
	return 0;
}

/* The byte gate must never skip a regex that matches. */
static void check_gate(const ts_lexset *set, pcre2_match_data *md, const char *text, size_t n)
{
	const ts_lexindex *ix = ts_lexset_index(set);

	for (size_t r = 0; r < ix->nregex; r++) {
		const ts_lexregex *rx = &ix->regex[r];
		if (ts_lexregex_may_match(rx, text, n))
			continue;
		if (pcre2_match(rx->code, (PCRE2_SPTR)text, n, 0, PCRE2_NOTEMPTY, md, NULL) >= 0)
			abort();
	}
}

static void check_run(ts_matcher *m, const ts_lexset *set, ts_role role, const char *text,
                      size_t n)
{
	const ts_finding *f;
	size_t nf, words, ncat = ts_lexset_ncategories(set), nent = ts_lexset_nentries(set);

	if (ts_matcher_run(m, role, text, n, &f, &nf, &words) != TS_OK)
		return; /* out of memory */
	if (words > n)
		abort();
	for (size_t i = 0; i < nf; i++) {
		if (f[i].start >= f[i].end || f[i].end > n || f[i].category >= ncat ||
		    f[i].entry >= nent)
			abort();
		if (i && (f[i - 1].start > f[i].start ||
		          (f[i - 1].start == f[i].start && f[i - 1].category >= f[i].category)))
			abort();
		for (size_t j = 0; j < i; j++)
			if (f[j].category == f[i].category && f[j].end > f[i].start)
				abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const texts[] = {
		"",
		"I'm so sorry to hear that. Could you please DM us your order #12345?",
		"Don\xe2\x80\x99t worry \xe2\x80\x94 we\xe2\x80\x98ll fix it! aaaaaaaaaaaaaaaaaaaaaaaaaaaa!",
		"\xff\xfe invalid \xc3\x28 utf8 \xe2\x82 text \xed\xa0\x80 thanks",
	};
	static const ts_role roles[] = {TS_ROLE_AGENT, TS_ROLE_CUSTOMER, TS_ROLE_BOT};
	ts_lexset *set = NULL;
	ts_matcher *m = NULL;
	ts_error err;
	int problems = 0, rc;

	ts_error_clear(&err);
	if (ts_lexset_new(&set) != TS_OK)
		return 0;
	if (ts_lexset_add_mem(set, "fuzz.txt", (const char *)data, size, &err) != TS_OK)
		goto out;
	rc = ts_lexset_compile(set, check_problem, &problems, &err);
	if (rc != TS_OK && rc != TS_ELEXICON)
		goto out;
	if ((rc == TS_ELEXICON) != (err.code == TS_ELEXICON) || strlen(ts_lexset_hash(set)) != 16)
		abort();
	for (size_t i = 0; i < ts_lexset_nentries(set); i++) {
		const char *file;
		unsigned long line;
		ts_lexset_entry_origin(set, i, &file, &line);
		if (!file || line == 0)
			abort();
	}
	if (ts_matcher_new(&m, set) != TS_OK)
		goto out;
	{
		pcre2_match_data *md = pcre2_match_data_create(1, NULL);
		if (md) {
			for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++)
				check_gate(set, md, texts[t], strlen(texts[t]));
			check_gate(set, md, (const char *)data, size);
			pcre2_match_data_free(md);
		}
	}
	for (size_t r = 0; r < sizeof roles / sizeof roles[0]; r++) {
		for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++)
			check_run(m, set, roles[r], texts[t], strlen(texts[t]));
		check_run(m, set, roles[r], (const char *)data, size);
	}
out:
	ts_matcher_free(m);
	ts_lexset_free(set);
	return 0;
}
