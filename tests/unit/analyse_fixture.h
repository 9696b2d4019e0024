/*
 * analyse_fixture.h - a small harness for the detector tests
 * (test_negation.c, test_question.c, test_paraphrase.c): runs messages
 * through the analyser over a set from lexset_fixture.h's lx_set(), in
 * order, and describes the findings of the last message as one string, so
 * that a test states its whole expected result in one line:
 *
 *   category/detector/status[/detail] "covered text"; ...
 *
 * in the analyser's order (start, then category).  Not a test itself; not
 * for the matcher alone (test_match.c runs ts_matcher_run directly).
 */
#ifndef TS_ANALYSE_FIXTURE_H
#define TS_ANALYSE_FIXTURE_H

#include <stdio.h>
#include <string.h>

#include "analyse.h"
#include "lexset_fixture.h"
#include "test.h"
#include "traitscan.h"

#define FX_A TS_ROLE_AGENT
#define FX_C TS_ROLE_CUSTOMER

typedef struct fx {
	const ts_lexset *set;
	ts_analyser *a;
	ts_analysis r;
	const char *text;     /* the last message */
	int rc;               /* its ts_analyser_message result */
	char desc[8192];
} fx;

static inline int fx_open(fx *f, const ts_lexset *set)
{
	memset(f, 0, sizeof *f);
	f->set = set;
	if (!set || ts_analyser_new(&f->a, set) != TS_OK)
		return -1;
	ts_analyser_begin(f->a);
	return 0;
}

static inline void fx_close(fx *f)
{
	ts_analyser_free(f->a);
	f->a = NULL;
}

/* Analyses the next message of the current conversation. */
static inline void fx_msg(fx *f, ts_role role, const char *text)
{
	f->text = text;
	f->rc = ts_analyser_message(f->a, role, text, strlen(text), &f->r);
}

/* The last message's findings as described at the top of this file. */
static inline const char *fx_desc(fx *f)
{
	size_t o = 0;

	f->desc[0] = '\0';
	if (f->rc != TS_OK)
		return "(error)";
	for (size_t i = 0; i < f->r.nfindings && o < sizeof f->desc - 200; i++) {
		const ts_finding *x = &f->r.findings[i];
		int len = x->end > x->start ? (int)(x->end - x->start) : 0;
		o += (size_t)snprintf(f->desc + o, sizeof f->desc - o, "%s%s/%s/%s%s%s \"%.*s\"",
		                      i ? "; " : "", ts_lexset_category(f->set, x->category),
		                      ts_detector_name((ts_detector)x->detector),
		                      ts_status_name((ts_status)x->status),
		                      x->detail ? "/" : "", ts_detail_name((ts_detail)x->detail),
		                      len, f->text + x->start);
	}
	return f->desc;
}

/* Runs one message (same conversation) and describes its findings. */
static inline const char *fx_run(fx *f, ts_role role, const char *text)
{
	fx_msg(f, role, text);
	return fx_desc(f);
}

/* Starts a new conversation, then runs one message. */
static inline const char *fx_one(fx *f, ts_role role, const char *text)
{
	ts_analyser_begin(f->a);
	return fx_run(f, role, text);
}

/* Counted findings of the named category in the last message; -1 when the
 * set has no such category. */
static inline long fx_count(const fx *f, const char *cat)
{
	int k = ts_lexset_category_index(f->set, cat);

	return k < 0 || f->rc != TS_OK ? -1 : (long)f->r.counts[k];
}

/* The first finding of category cat from detector det, NULL if none. */
static inline const ts_finding *fx_find(const fx *f, const char *cat, ts_detector det)
{
	int k = ts_lexset_category_index(f->set, cat);

	for (size_t i = 0; k >= 0 && i < f->r.nfindings; i++)
		if (f->r.findings[i].category == (unsigned)k && f->r.findings[i].detector == det)
			return &f->r.findings[i];
	return NULL;
}

/* Byte offset of the first occurrence of s in the last message (for spans
 * written as text rather than numbers); (size_t)-1 if absent. */
static inline size_t fx_at(const fx *f, const char *s)
{
	const char *p = strstr(f->text, s);

	return p ? (size_t)(p - f->text) : (size_t)-1;
}

/* One message, its role and the expected description. */
typedef struct fx_case {
	ts_role role;
	const char *text;
	const char *want;
} fx_case;

/* Runs each case as a conversation of its own; a mismatch names the case. */
static inline void fx_cases(fx *f, const fx_case *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *got = fx_one(f, c[i].role, c[i].text);
		if (strcmp(got, c[i].want) != 0)
			printf("  case %zu: %s \"%s\"\n    want: %s\n    got:  %s\n", i,
			       ts_role_name(c[i].role), c[i].text, c[i].want, got);
		CHECK(strcmp(got, c[i].want) == 0);
	}
}

#define FX_NCASES(a) (sizeof (a) / sizeof *(a))

/* The usual test body: cases on a set made for them (freed here). */
static inline void fx_check_cases(ts_lexset *set, const fx_case *c, size_t n)
{
	fx f;
	int opened = fx_open(&f, set) == 0;

	if (opened) {
		fx_cases(&f, c, n);
		fx_close(&f);
	}
	ts_lexset_free(set);
	REQUIRE(opened);
}

#endif
