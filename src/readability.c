/*
 * readability.c - English syllables per word and the two Flesch formulas
 * the agent report prints (reading ease and Flesch-Kincaid grade).
 *
 * The syllable counter is a rule-based estimate, not a pronouncing
 * dictionary: vowel groups over the word's letters, then the rules that
 * make the usual English spellings come out right (y as a vowel or a
 * consonant, u after q, silent final e, "-le"/"-re" after a consonant,
 * "-es"/"-ed" endings that add nothing, silent e inside "-ly"/"-ment"/
 * "-ful"/"-ness"/"-less" words and a few compounds, two-vowel spellings
 * that are two syllables such as "radio", "create", "quiet", "going"),
 * and a short table of words the rules get wrong.  Digits and other
 * non-letters split a word into runs counted separately ("covid19");
 * Latin-1 accented letters count as their base letter ("café").
 * tests/unit/test_readability.c pins it against dictionary counts and
 * states its measured accuracy (about 98% of distinct words, 99% of
 * running words).  Not here: summing per message (analyse.c) or per
 * agent (scan.c).
 */
#include <stdlib.h>
#include <string.h>

#include "detect.h"

/* Longer letter runs are not English words (URLs, hashes, keyboard
 * mashing): they get plain vowel groups, without the rules. */
#define SYL_MAX 48

/* Per-letter marks from Latin-1 accented letters (normalised text keeps
 * their UTF-8 bytes). */
enum {
	MK_BREAK = 1,   /* diaeresis ("naïve"): starts a new vowel group */
	MK_STRESS = 2   /* acute, grave...: a final e that is not silent ("café") */
};

static int is_aeiou(char c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

static int in_set(char c, const char *set)
{
	return c && strchr(set, c) != NULL;
}

/* Words the rules count wrongly, sorted for bsearch. */
static const struct exc {
	const char *w;
	unsigned char n;
} exceptions[] = {
	{"acne", 2}, {"adobe", 3}, {"aisle", 1}, {"anyone", 3}, {"apostrophe", 4},
	{"argue", 2}, {"argued", 2}, {"argues", 2}, {"business", 2},
	{"businesses", 3}, {"cafe", 2}, {"catastrophe", 4}, {"coyote", 3},
	{"evening", 2}, {"evenings", 2}, {"isle", 1}, {"karate", 3},
	{"maybe", 2}, {"recipe", 3}, {"recipes", 3}, {"science", 2},
	{"sciences", 3}, {"sesame", 3}, {"simile", 3}, {"wednesday", 3},
};

static int exc_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct exc *)elem)->w);
}

/* The word starts with prefix. */
static int starts(const char *s, size_t L, const char *prefix)
{
	size_t k = strlen(prefix);
	return L >= k && memcmp(s, prefix, k) == 0;
}

static int ends(const char *s, size_t L, const char *suffix)
{
	size_t k = strlen(suffix);
	return L >= k && memcmp(s + L - k, suffix, k) == 0;
}

/*
 * Prefixes after which a vowel starts a new syllable although it follows
 * one ("re-open", "co-operate"): the hiatus is at the prefix's length.
 * Listed with enough of the stem to keep out words like "reach", "read",
 * "rein", "reed", "cool".
 */
static const char *const hiatus_prefix[] = {
	"coop", "coord", "deact", "deauth", "deesc", "deins", "preapp",
	"preauth", "preempt", "preexist", "preins", "preord", "reacq",
	"react", "readj", "reaff", "reall", "reapp", "rearr", "reass",
	"reatt", "reauth", "reena", "reent", "reest", "reeval", "reimb",
	"reind", "reinf", "reins", "reinv", "reiss", "reit", "reo", "reu",
};

static size_t hiatus_at(const char *s, size_t L)
{
	if (L < 4 || !in_set(s[0], "cdpr") || !is_aeiou(s[s[0] == 'p' ? 3 : 2]))
		return 0;
	for (size_t k = 0; k < sizeof hiatus_prefix / sizeof *hiatus_prefix; k++) {
		const char *p = hiatus_prefix[k];
		if (starts(s, L, p)) {
			if (strcmp(p, "reall") == 0 && starts(s, L, "really"))
				return 0;
			if (strcmp(p, "react") == 0 && L > 5 && s[5] == 'h')
				return 0;
			return p[0] == 'p' ? 3 : 2;
		}
	}
	return 0;
}

/* First words of compounds whose final e is silent ("some-thing",
 * "home-page", "time-out"). */
static const char *const silent_e_head[] = {
	"base", "care", "code", "else", "face", "fire", "home", "house",
	"ice", "life", "like", "make", "more", "name", "note", "safe",
	"side", "some", "store", "take", "time", "whole", "wide",
};

/* Suffixes that begin with a consonant and leave a stem's final e
 * silent ("late-ly", "manage-ment"). */
static const char *const silent_e_suffix[] = {
	"fully", "ments", "ment", "ness", "less", "some", "ful", "ly",
};

/* After a y at k: "ing(s)" or "er(s)" ending the word. */
static int y_suffix(const char *s, size_t L, size_t k)
{
	const char *t = s + k + 1;
	size_t m = L - k - 1;

	return (m == 3 && memcmp(t, "ing", 3) == 0) || (m == 4 && memcmp(t, "ings", 4) == 0) ||
	       (m == 2 && memcmp(t, "er", 2) == 0) || (m == 3 && memcmp(t, "ers", 3) == 0);
}

/* Syllables of one run of lowercase letters s[0..L) (L <= SYL_MAX). */
static size_t count_run(const char *s, const unsigned char *mark, size_t L, int nt)
{
	int v[SYL_MAX], brk[SYL_MAX];
	size_t hiatus, groups = 0, sub = 0, inner = 0;
	int any_mark = 0;

	for (size_t k = 0; k < L; k++)
		any_mark |= mark[k];
	if (!any_mark && L >= 4 && L <= 11) {
		char key[SYL_MAX + 1];
		const struct exc *e;
		memcpy(key, s, L);
		key[L] = '\0';
		e = bsearch(key, exceptions, sizeof exceptions / sizeof *exceptions,
		            sizeof *exceptions, exc_cmp);
		if (e)
			return e->n;
	}

	/* Which letters are vowels. */
	for (size_t k = 0; k < L; k++) {
		char c = s[k];
		char nx = k + 1 < L ? s[k + 1] : 0;
		if (c == 'u')
			/* "qu", and "gu" before a vowel ("guess", "language") */
			v[k] = !(k > 0 && (s[k - 1] == 'q' ||
			                   (s[k - 1] == 'g' && in_set(nx, "aeio"))));
		else if (c == 'y')
			/* a consonant first or before a vowel ("yes", "beyond",
			 * "player"), except in a final "ye" ("goodbye") and in
			 * "-ying"/"-yer" after a consonant ("flying", "flyer") */
			v[k] = k > 0 && !(is_aeiou(nx) && !(nx == 'e' && k + 2 == L) &&
			                  !(!is_aeiou(s[k - 1]) && s[k - 1] != 'w' &&
			                    y_suffix(s, L, k)));
		else
			v[k] = is_aeiou(c) || (mark[k] != 0);
		brk[k] = (mark[k] & MK_BREAK) != 0;
	}

	/* Two adjacent vowels that are two syllables. */
	hiatus = hiatus_at(s, L);
	if (hiatus && hiatus < L)
		brk[hiatus] = 1;
	for (size_t k = 1; k < L; k++) {
		char a = s[k - 1], b = s[k];
		char pv = k >= 2 ? s[k - 2] : 0;              /* before the pair */
		char nx = k + 1 < L ? s[k + 1] : 0;           /* after the pair */
		char nx2 = k + 2 < L ? s[k + 2] : 0;
		int before = 0;                               /* a vowel earlier */

		if (!v[k] || !v[k - 1])
			continue;
		for (size_t j = 0; j + 1 < k; j++)
			before |= v[j];
		if (b == 'i' && nx == 'n' && nx2 == 'g' &&
		    (k + 3 == L || (k + 4 == L && s[k + 3] == 's')))
			brk[k] = 1;                               /* "going", "being" */
		else if (a == 'i' && b == 'a')
			/* "special", "social", "technician", "brilliant",
			 * "familiar"; else "media", "via" */
			brk[k] |= !((in_set(pv, "ctsgx") && in_set(nx, "ln")) ||
			            (in_set(pv, "ln") && in_set(nx, "nr") && before));
		else if (a == 'i' && b == 'o')
			/* "nation", "delicious", "million", "onion", "behavior";
			 * else "radio" */
			brk[k] |= !((in_set(pv, "tscgx") && in_set(nx, "nu")) ||
			            (in_set(pv, "ln") && in_set(nx, "nr") && before) ||
			            (pv == 'v' && nx == 'r' && before));
		else if (a == 'e' && b == 'o')
			/* "people", "surgeon", "gorgeous"; else "video" */
			brk[k] |= !((nx == 'p' && nx2 == 'l') ||
			            (pv == 'g' && in_set(nx, "nu")));
		else if (a == 'u' && (b == 'a' || b == 'o'))
			brk[k] = 1;                               /* "manual", "duo" */
		else if (a == 'i' && b == 'u')
			brk[k] = 1;                               /* "premium" */
		else if (a == 'u' && b == 'e')
			brk[k] |= nx == 'n' && in_set(nx2, "tc"); /* "fluent" */
		else if (a == 'u' && b == 'i')
			/* "ruin", "intuitive", "fluid"; not "fruit", "build" */
			brk[k] |= (pv == 'r' && nx == 'n') || (pv == 't' && nx == 't') ||
			          (pv == 'l' && nx == 'd');
		else if (a == 'o' && b == 'e')
			brk[k] |= in_set(nx, "mt");               /* "poem", "poet" */
		else if (a == 'e' && b == 'a')
			brk[k] |= (pv == 'r' && k >= 3 && s[k - 3] == 'c' && nx == 't') ||
			          /* "idea", "areas", "european", not "ocean" */
			          (before && (k + 1 == L || (k + 2 == L && nx == 's') ||
			                      (nx == 'n' && pv != 'c' &&
			                       (k + 2 == L || (k + 3 == L && nx2 == 's'))))) ||
			          (k == 2 && starts(s, L, "real") && nx2 == 'i');
		else if (a == 'i' && b == 'e')
			brk[k] |= nx == 't' ||                    /* "quiet", "society" */
			          (nx == 'n' && (in_set(nx2, "tc") || (nx2 == 0 && before)) &&
			           !in_set(pv, "ctsfq") &&        /* "client", "alien", */
			           !(in_set(pv, "ln") && before)) || /* not "convenient" */
			          (before && ((nx == 'r' && (k + 2 == L ||
			                                     (k + 3 == L && nx2 == 's'))) ||
			                      (nx == 's' && nx2 == 't' && k + 3 == L)));
		else if (a == 'y' && !(b == 'e' && k + 1 == L))
			brk[k] = 1;                               /* "flyer", "flying" */
	}

	for (size_t k = 0; k < L; k++)
		if (v[k] && (k == 0 || !v[k - 1] || brk[k]))
			groups++;

	/* Silent final e, except "-le"/"-re" after another consonant
	 * ("cable", "centre") and accented ("café"). */
	if (L >= 2 && s[L - 1] == 'e' && !v[L - 2] && !(mark[L - 1] & MK_STRESS)) {
		char c2 = s[L - 2];
		if (!((c2 == 'l' || c2 == 'r') && L >= 3 && !v[L - 3] && s[L - 3] != c2))
			sub++;
	}
	/* "-es" and "-ed" that add no syllable ("makes", "jumped"), unlike
	 * "boxes", "changes", "tables", "wanted". */
	if (L >= 3 && (s[L - 1] == 's' || s[L - 1] == 'd') && s[L - 2] == 'e' && !v[L - 3]) {
		char c3 = s[L - 3];
		char c4 = L >= 4 ? s[L - 4] : 0;
		int keep;
		if (s[L - 1] == 's')
			keep = in_set(c3, "sxzcg") || (c3 == 'h' && in_set(c4, "cs"));
		else
			keep = c3 == 't' || c3 == 'd';
		if ((c3 == 'l' || c3 == 'r') && L >= 4 && !v[L - 4] && c4 != c3)
			keep = 1;
		if (!keep)
			sub++;
	}
	/* A silent e inside: "late-ly", "manage-ment", "some-thing". */
	for (size_t k = 0; L >= 5 && in_set(s[L - 1], "ysetl") &&
	                   k < sizeof silent_e_suffix / sizeof *silent_e_suffix; k++) {
		const char *x = silent_e_suffix[k];
		size_t m;
		if (!ends(s, L, x))
			continue;
		m = L - strlen(x);              /* stem length */
		if (m >= 3 && s[m - 1] == 'e' && !v[m - 2] &&
		    !(in_set(s[m - 2], "lr") && !v[m - 3] && s[m - 3] != s[m - 2]) &&
		    !(m == 3 && memcmp(s, "ele", 3) == 0)) {
			int earlier = 0;
			for (size_t j = 0; j + 2 < m; j++)
				earlier |= v[j];
			if (earlier)
				inner = m;
		}
		break;
	}
	for (size_t k = 0; !inner && L > 4 && (s[2] == 'e' || s[3] == 'e' || s[4] == 'e') &&
	                   k < sizeof silent_e_head / sizeof *silent_e_head; k++) {
		size_t m = strlen(silent_e_head[k]);
		int rest_vowel = 0;              /* "make-up", not "makers" */
		if (L <= m + 1 || !starts(s, L, silent_e_head[k]) || (v[m] && !brk[m]))
			continue;
		for (size_t j = m; j < L; j++)
			rest_vowel |= is_aeiou(s[j]) || s[j] == 'y';
		if (rest_vowel)
			inner = m;
	}
	if (inner)
		sub++;
	/* "every-thing" is "ev-ry-thing" */
	if (L > 5 && starts(s, L, "every") && !is_aeiou(s[5]))
		sub++;
	/* "isn't", "couldn't": the n is a syllable after a consonant. */
	if (nt && L >= 3 && !v[L - 3])
		groups++;

	groups = groups > sub ? groups - sub : 0;
	return groups ? groups : 1;
}

/*
 * Latin-1 letters U+00C0-U+00FF (UTF-8 0xC3 0x80-0xBF; the normalised
 * form keeps them as they are): the base letter, and a mark for vowels
 * (a diaeresis starts a new vowel group, any other accent keeps a final
 * e pronounced).  'B' diaeresis, 'S' other accent, ' ' consonant.
 */
static const char latin1_base[65] =
	"aaaaaaaceeeeiiiidnooooo\0ouuuuyts"
	"aaaaaaaceeeeiiiidnooooo\0ouuuuyty";
static const char latin1_mark[65] =
	"SSSSSSS SSSBSSSB  SSSSS SSSSSS  "
	"SSSSSSS SSSBSSSB  SSSSS SSSSSS B";

/* The letter at w[i] (lowercased) and its mark; the bytes it takes, 0
 * when w[i] does not start a letter. */
static size_t letter_at(const char *w, size_t i, size_t n, char *c, unsigned char *mk)
{
	unsigned char b = (unsigned char)w[i];

	*mk = 0;
	if (b >= 'a' && b <= 'z') {
		*c = (char)b;
		return 1;
	}
	if (b >= 'A' && b <= 'Z') {
		*c = (char)(b + 32);
		return 1;
	}
	if (b == 0xc3 && i + 1 < n) {
		unsigned char u = (unsigned char)w[i + 1];
		if (u >= 0x80 && u <= 0xbf && latin1_base[u - 0x80]) {
			char m = latin1_mark[u - 0x80];
			*c = latin1_base[u - 0x80];
			*mk = m == 'B' ? MK_BREAK : m == 'S' ? MK_STRESS : 0;
			return 2;
		}
	}
	return 0;
}

size_t ts_syllables(const char *w, size_t n)
{
	size_t total = 0, i = 0;

	/* Runs of letters (apostrophes inside are skipped: "don't" is
	 * "dont"); digits and other bytes separate runs ("covid19"). */
	while (i < n) {
		char run[SYL_MAX];
		unsigned char mark[SYL_MAX];
		size_t L = 0, plain = 0, start = i;
		int prev = 0;

		for (;;) {
			char c;
			unsigned char mk;
			size_t step = i < n ? letter_at(w, i, n, &c, &mk) : 0;
			if (step) {
				int cur = is_aeiou(c) || c == 'y' || mk;
				plain += cur && !prev;
				prev = cur;
				if (L < SYL_MAX) {
					run[L] = c;
					mark[L] = mk;
				}
				L++;
				i += step;
			} else if (i < n && w[i] == '\'' && L) {
				i++;
			} else {
				break;
			}
		}
		if (!L) {
			i++;
			continue;
		}
		if (L > SYL_MAX) {
			total += plain ? plain : 1;
		} else {
			int nt = i - start >= 4 && w[i - 1] == 't' && w[i - 2] == '\'' &&
			         (w[i - 3] == 'n' || w[i - 3] == 'N');
			total += count_run(run, mark, L, nt);
		}
	}
	return total;
}

double ts_flesch_ease(unsigned long words, unsigned long sentences,
                      unsigned long syllables)
{
	if (!words || !sentences)
		return 0;
	return 206.835 - 1.015 * ((double)words / (double)sentences) -
	       84.6 * ((double)syllables / (double)words);
}

double ts_fk_grade(unsigned long words, unsigned long sentences,
                   unsigned long syllables)
{
	if (!words || !sentences)
		return 0;
	return 0.39 * ((double)words / (double)sentences) +
	       11.8 * ((double)syllables / (double)words) - 15.59;
}
