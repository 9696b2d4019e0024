/*
 * lexicon.c - lexicon files: collecting them (a directory or memory),
 * parsing the line format, reporting every problem with file:line:column,
 * and compiling the entries into the index match.c searches (lexicon.h).
 * Matching itself is in match.c.
 *
 * File format (UTF-8, one item per line):
 *   # comment                      (first non-blank character '#')
 *   @category NAME                 ([a-z0-9_]+; default: file name)
 *   @description TEXT
 *   @role agent|customer|any       (default role of the file's entries)
 *   @weight NUMBER                 (default 1; -1000000 to 1000000)
 *   @negate yes|no                 (default yes)
 *   ENTRY[<TAB>weight=N role=R negate=yes|no need=WORD|WORD...]
 * Directives apply to the whole file wherever they stand (a file is one
 * category, as the peer baseline reads it); repeating one is an error.
 * An entry is /regex/ (PCRE2, caseless), a phrase (words, matched as whole
 * tokens with any separators between them) or a stem (a phrase whose last
 * word ends in '*').  need= (regex entries only, up to TS_REGEX_NEED
 * words) names words one of which every match contains as a whole word:
 * the regex then runs only on messages that have one of them as a token
 * (a match where the word is glued to other letters is not found).
 */
#include "lexicon.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "regex_mem.h"
#include "tokenize.h"
#include "util.h"

struct lexfile {
	char *name;       /* display name, as added ("dir/empathy.txt") */
	const char *base; /* the file name part of name */
	char *data;
	size_t len;
};

struct ts_lexset {
	struct lexfile *files; /* sorted by base name, base names unique */
	size_t nfiles, files_alloc;
	char hash[17];
	/* compiled state */
	char **cats;           /* report order */
	char **descs;
	size_t ncats;
	ts_lexindex ix;
};

/* Categories that lead the report, in this order, when present. */
static const char *const lead_categories[] = {
	"empathy", "paraphrase", "clarifying", "jargon", "politeness",
};
#define NLEAD (sizeof lead_categories / sizeof lead_categories[0])

/* ---- the set of files --------------------------------------------------- */

/*
 * The set's identity: FNV-1a 64 over the effective files' base names in
 * sorted order, each followed by a NUL, then a newline, then each file's
 * length as 8 little-endian bytes and its bytes, in the same order.
 */
static void update_hash(ts_lexset *set)
{
	uint64_t h = TS_FNV_INIT;

	for (size_t i = 0; i < set->nfiles; i++)
		h = ts_fnv1a(h, set->files[i].base, strlen(set->files[i].base) + 1);
	h = ts_fnv1a(h, "\n", 1);
	for (size_t i = 0; i < set->nfiles; i++) {
		unsigned char len[8];
		uint64_t n = set->files[i].len;
		for (int k = 0; k < 8; k++)
			len[k] = (unsigned char)(n >> (8 * k));
		h = ts_fnv1a(h, len, sizeof len);
		h = ts_fnv1a(h, set->files[i].data, set->files[i].len);
	}
	snprintf(set->hash, sizeof set->hash, "%016llx", (unsigned long long)h);
}

int ts_lexset_new(ts_lexset **out)
{
	ts_lexset *s = calloc(1, sizeof *s);

	*out = s;
	if (!s)
		return TS_ENOMEM;
	update_hash(s);
	return TS_OK;
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

static void release_compiled(ts_lexset *set);

/* Takes ownership of name and data (freed here on failure).  The compiled
 * state refers to files by index: it goes, compile again. */
static int put_file(ts_lexset *set, char *name, char *data, size_t len)
{
	const char *base = base_name(name);
	size_t lo = 0, hi = set->nfiles;

	release_compiled(set);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(set->files[mid].base, base);
		if (c == 0) {
			free(set->files[mid].name);
			free(set->files[mid].data);
			set->files[mid] = (struct lexfile){name, base, data, len};
			return TS_OK;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (ts_grow_array(&set->files, &set->files_alloc, set->nfiles + 1, sizeof *set->files, 8)) {
		free(name);
		free(data);
		return TS_ENOMEM;
	}
	memmove(set->files + lo + 1, set->files + lo, (set->nfiles - lo) * sizeof *set->files);
	set->files[lo] = (struct lexfile){name, base, data, len};
	set->nfiles++;
	return TS_OK;
}

int ts_lexset_add_mem(ts_lexset *set, const char *name, const char *buf,
                      size_t len, ts_error *err)
{
	char *n, *d;
	int rc;

	if (!name || !*name)
		return ts_error_set(err, TS_EUSAGE, NULL, 0, "lexicon file needs a name");
	if (len > TS_MAX_LEXICON_FILE)
		return ts_error_set(err, TS_ELEXICON, name, 0,
		                    "lexicon file is larger than %zu bytes", TS_MAX_LEXICON_FILE);
	n = strdup(name);
	d = malloc(len ? len : 1);
	if (!n || !d) {
		free(n);
		free(d);
		return ts_error_set(err, TS_ENOMEM, name, 0, "out of memory");
	}
	if (len)
		memcpy(d, buf, len);
	rc = put_file(set, n, d, len);
	if (rc)
		return ts_error_set(err, rc, name, 0, "out of memory");
	update_hash(set);
	return TS_OK;
}

static int has_lexicon_suffix(const char *name)
{
	size_t n = strlen(name);
	return name[0] != '.' && n > 4 &&
	       (strcmp(name + n - 4, ".txt") == 0 || strcmp(name + n - 4, ".lex") == 0);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Reads path whole into b (capped at TS_MAX_LEXICON_FILE). */
static int read_file(const char *path, ts_buf *b, ts_error *err)
{
	FILE *f = fopen(path, "rb");
	int rc = TS_OK;

	if (!f)
		return ts_error_set(err, TS_EIO, path, 0, "cannot open '%s': %s", path, strerror(errno));
	for (;;) {
		size_t got;
		rc = ts_buf_grow(b, 65536);
		if (rc == TS_ELIMIT) {
			rc = ts_error_set(err, TS_ELEXICON, path, 0,
			                  "lexicon file is larger than %zu bytes", TS_MAX_LEXICON_FILE);
			break;
		}
		if (rc) {
			rc = ts_error_set(err, rc, path, 0, "out of memory");
			break;
		}
		got = fread(b->p + b->len, 1, 65536, f);
		b->len += got;
		b->p[b->len] = '\0';
		if (got < 65536) {
			if (ferror(f))
				rc = ts_error_set(err, TS_EIO, path, 0, "cannot read '%s': %s",
				                  path, strerror(errno));
			break;
		}
	}
	fclose(f);
	return rc;
}

int ts_lexset_add_dir(ts_lexset *set, const char *dir, ts_error *err)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL, **paths = NULL, **datas = NULL;
	size_t *lens = NULL;
	size_t n = 0, alloc = 0, i;
	int rc = TS_OK;
	ts_buf path, content;

	if (!d)
		return ts_error_set(err, TS_EIO, dir, 0, "cannot open lexicon directory '%s': %s",
		                    dir, strerror(errno));
	ts_buf_init(&path, 0);
	ts_buf_init(&content, TS_MAX_LEXICON_FILE);
	while ((e = readdir(d)) != NULL) {
		if (!has_lexicon_suffix(e->d_name))
			continue;
		if (ts_grow_array(&names, &alloc, n + 1, sizeof *names, 16))
			goto nomem;
		names[n] = strdup(e->d_name);
		if (!names[n])
			goto nomem;
		n++;
	}
	closedir(d);
	d = NULL;
	if (n)
		qsort(names, n, sizeof *names, cmp_str);

	/* Read everything first so that a failure adds nothing. */
	paths = calloc(n ? n : 1, sizeof *paths);
	datas = calloc(n ? n : 1, sizeof *datas);
	lens = calloc(n ? n : 1, sizeof *lens);
	if (!paths || !datas || !lens)
		goto nomem;
	for (i = 0; i < n; i++) {
		struct stat st;
		size_t dl = strlen(dir);

		ts_buf_reset(&path);
		if (ts_buf_adds(&path, dir) ||
		    (dl && dir[dl - 1] != '/' && ts_buf_addc(&path, '/')) ||
		    ts_buf_adds(&path, names[i]))
			goto nomem;
		if (stat(path.p, &st) != 0) {
			rc = ts_error_set(err, TS_EIO, path.p, 0, "cannot read '%s': %s",
			                  path.p, strerror(errno));
			goto out;
		}
		if (!S_ISREG(st.st_mode))
			continue;
		ts_buf_reset(&content);
		rc = read_file(path.p, &content, err);
		if (rc)
			goto out;
		lens[i] = content.len;
		datas[i] = ts_buf_detach(&content, NULL);
		paths[i] = ts_buf_detach(&path, NULL);
		if (!datas[i] || !paths[i])
			goto nomem;
	}
	for (i = 0; i < n; i++) {
		if (!paths[i])
			continue;
		rc = put_file(set, paths[i], datas[i], lens[i]);
		paths[i] = datas[i] = NULL;
		if (rc)
			goto nomem;
	}
	update_hash(set);
	goto out;
nomem:
	rc = ts_error_set(err, TS_ENOMEM, dir, 0, "out of memory");
out:
	if (d)
		closedir(d);
	for (i = 0; i < n; i++) {
		free(names[i]);
		if (paths)
			free(paths[i]);
		if (datas)
			free(datas[i]);
	}
	free(names);
	free(paths);
	free(datas);
	free(lens);
	ts_buf_release(&path);
	ts_buf_release(&content);
	if (rc == TS_OK)
		return TS_OK;
	update_hash(set);
	return rc;
}

/* ---- compiled state ----------------------------------------------------- */

static void release_compiled(ts_lexset *set)
{
	for (size_t i = 0; i < set->ncats; i++) {
		free(set->cats[i]);
		free(set->descs[i]);
	}
	free(set->cats);
	free(set->descs);
	set->cats = set->descs = NULL;
	set->ncats = 0;
	for (size_t i = 0; i < set->ix.nregex; i++)
		pcre2_code_free(set->ix.regex[i].code);
	free(set->ix.regex);
	free(set->ix.entries);
	free(set->ix.slots);
	for (size_t r = 0; r < TS_ROLE_COUNT; r++) {
		free(set->ix.filt[r].first);
		free(set->ix.filt[r].later);
		free(set->ix.rx_of_role[r]);
	}
	free(set->ix.recs);
	free(set->ix.pool);
	free(set->ix.stemlens);
	memset(&set->ix, 0, sizeof set->ix);
}

void ts_lexset_free(ts_lexset *set)
{
	if (!set)
		return;
	release_compiled(set);
	for (size_t i = 0; i < set->nfiles; i++) {
		free(set->files[i].name);
		free(set->files[i].data);
	}
	free(set->files);
	free(set);
}

size_t ts_lexset_ncategories(const ts_lexset *set)
{
	return set->ncats;
}

const char *ts_lexset_category(const ts_lexset *set, size_t i)
{
	return i < set->ncats ? set->cats[i] : NULL;
}

int ts_lexset_category_index(const ts_lexset *set, const char *name)
{
	for (size_t i = 0; i < set->ncats; i++)
		if (strcmp(set->cats[i], name) == 0)
			return (int)i;
	return -1;
}

const char *ts_lexset_category_description(const ts_lexset *set, size_t i)
{
	return i < set->ncats ? set->descs[i] : NULL;
}

size_t ts_lexset_nentries(const ts_lexset *set)
{
	return set->ix.nentries;
}

const char *ts_lexset_hash(const ts_lexset *set)
{
	return set->hash;
}

void ts_lexset_entry_origin(const ts_lexset *set, size_t entry,
                            const char **file, unsigned long *line)
{
	if (entry >= set->ix.nentries) {
		if (file)
			*file = NULL;
		if (line)
			*line = 0;
		return;
	}
	if (file)
		*file = set->files[set->ix.entries[entry].file].base;
	if (line)
		*line = set->ix.entries[entry].line;
}

const ts_lexindex *ts_lexset_index(const ts_lexset *set)
{
	return &set->ix;
}

const ts_lexentry *ts_lexset_entry(const ts_lexset *set, size_t id)
{
	return id < set->ix.nentries ? &set->ix.entries[id] : NULL;
}

/* ---- parsing ------------------------------------------------------------ */

/* An entry as parsed, before duplicates are dropped and ids assigned. */
struct raw {
	double weight;
	unsigned long line, col;
	size_t norm, normlen;  /* in parse.pool: phrase words (NUL after each)
	                          or the regex pattern */
	pcre2_code *re;
	uint32_t file;
	uint32_t cat;          /* index into parse.cats */
	uint32_t stemlen;
	uint8_t kind, role, negate, nwords;
	uint8_t set_weight, set_role, set_negate, set_need;
	uint8_t dropped;
	size_t need, needlen;  /* in parse.pool: need= words, NUL after each */
};

struct tmpcat {
	char *name;
	char *desc;
	size_t kept;     /* entries left after duplicates */
	uint32_t final;  /* report-order index */
};

/* A problem, kept until all are known so that they go out in file and
 * line order (duplicates are only found after the last file). */
struct problem {
	uint32_t file;
	int code;
	unsigned long line, col;
	size_t seq;
	char *msg;
};

struct parse {
	ts_diag_fn fn;
	void *ud;
	int errors;
	int stopped;     /* on_problem asked to stop */
	int nomem;
	uint32_t file;   /* the file being parsed */
	struct problem *probs;
	size_t nprobs, probs_alloc;
	struct raw *raw;
	size_t nraw, raw_alloc;
	ts_buf pool;
	struct tmpcat *cats;
	size_t ncats, cats_alloc;
	ts_tokens toks;
	pcre2_compile_context *cc; /* regex entries: our malloc (regex_mem.h) */
};

/* The header directives of one file. */
struct filehdr {
	unsigned long cat_line, desc_line, role_line, weight_line, negate_line;
	const char *cat, *desc;
	size_t catlen, desclen;
	double weight;
	uint8_t role, negate;
	size_t entry_lines;
};

static void problem(struct parse *ps, int code, unsigned long line, unsigned long col,
                    const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 5, 6)))
#endif
	;

static void problem(struct parse *ps, int code, unsigned long line, unsigned long col,
                    const char *fmt, ...)
{
	char msg[sizeof ((ts_error *)0)->msg];
	struct problem *pr;
	va_list ap;

	if (code)
		ps->errors++;
	if (!ps->fn)
		return;
	if (ts_grow_array(&ps->probs, &ps->probs_alloc, ps->nprobs + 1, sizeof *ps->probs, 32)) {
		ps->nomem = 1;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	pr = &ps->probs[ps->nprobs];
	pr->msg = strdup(msg);
	if (!pr->msg) {
		ps->nomem = 1;
		return;
	}
	pr->file = ps->file;
	pr->code = code;
	pr->line = line;
	pr->col = col;
	pr->seq = ps->nprobs++;
}

static int cmp_problem(const void *a, const void *b)
{
	const struct problem *x = a, *y = b;
	if (x->file != y->file)
		return x->file < y->file ? -1 : 1;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Hands the problems to on_problem in file, line and column order. */
static void emit_problems(struct parse *ps, const ts_lexset *set)
{
	if (!ps->nprobs)
		return;
	qsort(ps->probs, ps->nprobs, sizeof *ps->probs, cmp_problem);
	for (size_t i = 0; i < ps->nprobs && !ps->stopped; i++) {
		const struct problem *pr = &ps->probs[i];
		ts_error e;
		memset(&e, 0, sizeof e);
		e.code = pr->code;
		snprintf(e.file, sizeof e.file, "%s", set->files[pr->file].name);
		e.line = pr->line;
		e.col = pr->col;
		snprintf(e.msg, sizeof e.msg, "%s", pr->msg);
		if (ps->fn(ps->ud, &e))
			ps->stopped = 1;
	}
}

/* At most this many bytes of user text are quoted in a message. */
#define QUOTE_MAX 60
#define QLEN(n) ((int)((n) < QUOTE_MAX ? (n) : QUOTE_MAX))

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Decimal with an optional sign: digits with an optional fraction, at
 * most 15 significant digits, from -1e6 to 1e6 (negative weights are
 * valences, mood.txt).  Locale-independent on purpose. */
static int parse_number(const char *p, size_t n, double *out)
{
	unsigned long long mant = 0;
	size_t i = 0, digits = 0, frac = 0;
	int neg = 0;
	double v;

	if (i < n && (p[i] == '+' || p[i] == '-'))
		neg = p[i++] == '-';
	for (; i < n && p[i] >= '0' && p[i] <= '9'; i++, digits++)
		mant = mant * 10 + (unsigned)(p[i] - '0');
	if (i < n && p[i] == '.') {
		for (i++; i < n && p[i] >= '0' && p[i] <= '9'; i++, digits++, frac++)
			mant = mant * 10 + (unsigned)(p[i] - '0');
	}
	if (!digits || i != n || digits > 15)
		return -1;
	v = (double)mant;
	while (frac--)
		v /= 10;
	if (v > 1e6)
		return -1;
	*out = neg && v != 0 ? -v : v; /* "-0" is 0, not -0.0 */
	return 0;
}

static int parse_role(const char *p, size_t n, uint8_t *out)
{
	if (ts_eq_nocase(p, n, "agent"))
		*out = TS_ROLE_AGENT;
	else if (ts_eq_nocase(p, n, "customer"))
		*out = TS_ROLE_CUSTOMER;
	else if (ts_eq_nocase(p, n, "any"))
		*out = TS_ROLE_UNKNOWN;
	else
		return -1;
	return 0;
}

static int parse_yesno(const char *p, size_t n, uint8_t *out)
{
	if (ts_eq_nocase(p, n, "yes"))
		*out = 1;
	else if (ts_eq_nocase(p, n, "no"))
		*out = 0;
	else
		return -1;
	return 0;
}

static int valid_category(const char *p, size_t n)
{
	if (!n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((p[i] >= 'a' && p[i] <= 'z') || (p[i] >= '0' && p[i] <= '9') || p[i] == '_'))
			return 0;
	return 1;
}

static int dup_directive(struct parse *ps, unsigned long *seen, const char *name,
                         unsigned long line, unsigned long col)
{
	if (*seen) {
		problem(ps, TS_ELEXICON, line, col, "duplicate @%s (first on line %lu)", name, *seen);
		return 1;
	}
	*seen = line;
	return 0;
}

/* A line whose first non-blank character is '@' (at p). */
static void parse_directive(struct parse *ps, struct filehdr *h, unsigned long ln,
                            const char *ls, const char *p, const char *end)
{
	const char *q = p + 1, *v;
	size_t nl, vl;
	unsigned long col = (unsigned long)(p - ls) + 1, vcol;

	while (q < end && !is_blank(*q))
		q++;
	nl = (size_t)(q - p - 1);
	v = q;
	vl = (size_t)(end - q);
	ts_trim(&v, &vl);
	vcol = (unsigned long)(v - ls) + 1;

	if (ts_eq_nocase(p + 1, nl, "category")) {
		if (dup_directive(ps, &h->cat_line, "category", ln, col))
			return;
		if (!vl)
			problem(ps, TS_ELEXICON, ln, col, "missing category name after @category");
		else if (!valid_category(v, vl))
			problem(ps, TS_ELEXICON, ln, vcol,
			        "invalid category name '%.*s' (use a-z, 0-9 and _)", QLEN(vl), v);
		else {
			h->cat = v;
			h->catlen = vl;
		}
	} else if (ts_eq_nocase(p + 1, nl, "description")) {
		if (dup_directive(ps, &h->desc_line, "description", ln, col))
			return;
		h->desc = v;
		h->desclen = vl;
	} else if (ts_eq_nocase(p + 1, nl, "role")) {
		if (dup_directive(ps, &h->role_line, "role", ln, col))
			return;
		if (parse_role(v, vl, &h->role))
			problem(ps, TS_ELEXICON, ln, vl ? vcol : col,
			        "invalid @role '%.*s' (expected agent, customer or any)", QLEN(vl), v);
	} else if (ts_eq_nocase(p + 1, nl, "weight")) {
		if (dup_directive(ps, &h->weight_line, "weight", ln, col))
			return;
		if (parse_number(v, vl, &h->weight))
			problem(ps, TS_ELEXICON, ln, vl ? vcol : col,
			        "invalid @weight '%.*s' (expected a number from -1000000 to 1000000)",
			        QLEN(vl), v);
	} else if (ts_eq_nocase(p + 1, nl, "negate")) {
		if (dup_directive(ps, &h->negate_line, "negate", ln, col))
			return;
		if (parse_yesno(v, vl, &h->negate))
			problem(ps, TS_ELEXICON, ln, vl ? vcol : col,
			        "invalid @negate '%.*s' (expected yes or no)", QLEN(vl), v);
	} else {
		problem(ps, TS_ELEXICON, ln, col, "unknown directive '@%.*s'", QLEN(nl), p + 1);
	}
}

/* Options after the entry's TAB: name=value separated by blanks.  Returns
 * 0, or -1 after reporting. */
/* need=WORD|WORD: words as the tokenizer makes them (word characters and
 * inner apostrophes), lowercased into the pool, NUL after each. */
static int parse_need(struct parse *ps, const char *v, size_t vl, struct raw *r)
{
	size_t start = ps->pool.len, n = 0;

	r->need = start;
	for (size_t i = 0; i <= vl; i++) {
		if (i < vl && v[i] != '|') {
			unsigned char c = (unsigned char)v[i];
			if (c == '\'' ? (n == 0 || i + 1 >= vl || v[i + 1] == '|') :
			    ts_sep_len((const unsigned char *)v + i, vl - i) != 0)
				goto bad;
			if (ts_buf_addc(&ps->pool, (char)ts_lower(c)))
				goto nomem;
			n++;
			continue;
		}
		if (n == 0 || r->needlen == TS_REGEX_NEED) /* empty word or too many */
			goto bad;
		if (ts_buf_addc(&ps->pool, '\0'))
			goto nomem;
		r->needlen++;
		n = 0;
	}
	r->needlen = ps->pool.len - start;
	return 0;
nomem:
	ps->nomem = 1;
bad:
	ts_buf_truncate(&ps->pool, start);
	r->needlen = 0;
	return -1;
}

static int parse_options(struct parse *ps, unsigned long ln, const char *ls,
                         const char *p, const char *end, struct raw *r)
{
	int bad = 0;

	while (p < end) {
		const char *q, *eq, *val;
		size_t nl, vl;
		unsigned long col;

		if (is_blank(*p)) {
			p++;
			continue;
		}
		for (q = p; q < end && !is_blank(*q); q++)
			;
		col = (unsigned long)(p - ls) + 1;
		eq = memchr(p, '=', (size_t)(q - p));
		if (!eq) {
			problem(ps, TS_ELEXICON, ln, col, "bad option '%.*s' (expected name=value)",
			        QLEN((size_t)(q - p)), p);
			bad = 1;
			p = q;
			continue;
		}
		nl = (size_t)(eq - p);
		val = eq + 1;
		vl = (size_t)(q - val);
		if (ts_eq_nocase(p, nl, "weight")) {
			if (r->set_weight) {
				problem(ps, TS_ELEXICON, ln, col, "duplicate option 'weight'");
				bad = 1;
			} else if (parse_number(val, vl, &r->weight)) {
				problem(ps, TS_ELEXICON, ln, col,
				        "bad value '%.*s' for option 'weight' (expected a number from -1000000 to 1000000)",
				        QLEN(vl), val);
				bad = 1;
			}
			r->set_weight = 1;
		} else if (ts_eq_nocase(p, nl, "role")) {
			if (r->set_role) {
				problem(ps, TS_ELEXICON, ln, col, "duplicate option 'role'");
				bad = 1;
			} else if (parse_role(val, vl, &r->role)) {
				problem(ps, TS_ELEXICON, ln, col,
				        "bad value '%.*s' for option 'role' (expected agent, customer or any)",
				        QLEN(vl), val);
				bad = 1;
			}
			r->set_role = 1;
		} else if (ts_eq_nocase(p, nl, "negate")) {
			if (r->set_negate) {
				problem(ps, TS_ELEXICON, ln, col, "duplicate option 'negate'");
				bad = 1;
			} else if (parse_yesno(val, vl, &r->negate)) {
				problem(ps, TS_ELEXICON, ln, col,
				        "bad value '%.*s' for option 'negate' (expected yes or no)",
				        QLEN(vl), val);
				bad = 1;
			}
			r->set_negate = 1;
		} else if (ts_eq_nocase(p, nl, "need")) {
			if (r->set_need) {
				problem(ps, TS_ELEXICON, ln, col, "duplicate option 'need'");
				bad = 1;
			} else if (parse_need(ps, val, vl, r)) {
				problem(ps, TS_ELEXICON, ln, col,
				        "bad value '%.*s' for option 'need' (expected up to %d words separated by |)",
				        QLEN(vl), val, TS_REGEX_NEED);
				bad = 1;
			}
			r->set_need = 1;
		} else {
			problem(ps, TS_ELEXICON, ln, col, "unknown option '%.*s'", QLEN(nl), p);
			bad = 1;
		}
		p = q;
	}
	return bad ? -1 : 0;
}

static int is_space_seq(const unsigned char *p, size_t l)
{
	if (l == 1)
		return p[0] == ' ' || p[0] == '\v' || p[0] == '\f';
	if (l == 2)
		return p[0] == 0xc2 && p[1] == 0xa0;
	if (l == 3 && p[0] == 0xe2 && p[1] == 0x80)
		return p[2] <= 0x8b || p[2] == 0xaf;
	if (l == 3)
		return (p[0] == 0xe2 && p[1] == 0x81 && p[2] == 0x9f) ||
		       (p[0] == 0xe3 && p[1] == 0x80 && p[2] == 0x80);
	return 0;
}

/* A phrase or stem entry t (tl bytes, at column tcol).  Returns 0 or -1
 * after reporting an error; warnings do not fail it. */
static int parse_phrase(struct parse *ps, unsigned long ln, unsigned long tcol,
                        const char *t, size_t tl, struct raw *r)
{
	size_t blen = tl, pos = 0, k = 0, nt;
	const char *star;
	const ts_token *tok;
	int stem = 0;

	if (t[tl - 1] == '*') {
		stem = 1;
		blen--;
	}
	star = memchr(t, '*', blen);
	if (star) {
		problem(ps, TS_ELEXICON, ln, tcol + (unsigned long)(star - t),
		        "'*' is only allowed at the end of the last word (a stem)");
		return -1;
	}
	if (ts_tokenize(&ps->toks, t, blen)) {
		ps->nomem = 1;
		return -1;
	}
	nt = ps->toks.n;
	tok = ps->toks.v;
	if (nt == 0) {
		problem(ps, TS_ELEXICON, ln, tcol, "entry has no words");
		return -1;
	}
	if (stem && tok[nt - 1].end != blen) {
		problem(ps, TS_ELEXICON, ln, tcol + (unsigned long)blen,
		        "'*' must directly follow the last word");
		return -1;
	}
	if (nt > TS_MAX_PHRASE_WORDS) {
		problem(ps, TS_ELEXICON, ln, tcol, "phrase has %zu words (at most %d)", nt,
		        TS_MAX_PHRASE_WORDS);
		return -1;
	}
	/* Characters the tokenizer drops would silently not be matched. */
	while (pos < blen) {
		const unsigned char *c = (const unsigned char *)t + pos;
		size_t l;
		if (k < nt && pos == tok[k].start) {
			pos = tok[k++].end;
			continue;
		}
		l = ts_sep_len(c, blen - pos);
		if (!l)
			l = 1;
		if (!is_space_seq(c, l) &&
		    !(*c == '-' && k > 0 && tok[k - 1].end == pos && k < nt && tok[k].start == pos + 1)) {
			problem(ps, 0, ln, tcol + (unsigned long)pos,
			        "punctuation '%.*s' is ignored in phrase entries (use /regex/)", (int)l,
			        (const char *)c);
			break;
		}
		pos += l;
	}
	r->norm = ps->pool.len;
	for (k = 0; k < nt; k++) {
		if (ts_buf_add(&ps->pool, ts_token_norm(&ps->toks, k), tok[k].nlen) ||
		    ts_buf_addc(&ps->pool, '\0')) {
			ps->nomem = 1;
			return -1;
		}
	}
	r->normlen = ps->pool.len - r->norm;
	r->kind = stem ? TS_ENTRY_STEM : TS_ENTRY_PHRASE;
	r->nwords = (uint8_t)nt;
	r->stemlen = stem ? (uint32_t)tok[nt - 1].nlen : 0;
	return 0;
}

static int parse_regex(struct parse *ps, unsigned long ln, unsigned long tcol,
                       const char *t, size_t tl, struct raw *r)
{
	int ec;
	PCRE2_SIZE eo;

	if (tl < 3 || t[tl - 1] != '/') {
		if (tl <= 2 && t[tl - 1] == '/')
			problem(ps, TS_ELEXICON, ln, tcol, "empty /regex/");
		else
			problem(ps, TS_ELEXICON, ln, tcol,
			        "a /regex/ entry must end with '/' (flags are not supported)");
		return -1;
	}
	r->re = pcre2_compile((PCRE2_SPTR)(t + 1), tl - 2,
	                      PCRE2_CASELESS | PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &ec, &eo, ps->cc);
	if (!r->re && ec == PCRE2_ERROR_HEAP_FAILED) {
		ps->nomem = 1; /* not the entry's fault */
		return -1;
	}
	if (!r->re) {
		PCRE2_UCHAR msg[256];
		if (pcre2_get_error_message(ec, msg, sizeof msg) < 0)
			snprintf((char *)msg, sizeof msg, "error %d", ec);
		problem(ps, TS_ELEXICON, ln, tcol + 1 + (unsigned long)eo, "invalid regex: %s",
		        (const char *)msg);
		return -1;
	}
	r->norm = ps->pool.len;
	if (ts_buf_add(&ps->pool, t + 1, tl - 2)) {
		ps->nomem = 1;
		return -1;
	}
	r->normlen = tl - 2;
	r->kind = TS_ENTRY_REGEX;
	r->nwords = 0;
	return 0;
}

/* An entry line: text, then optionally a TAB and options. */
static void parse_entry(struct parse *ps, uint32_t file, unsigned long ln,
                        const char *ls, size_t len)
{
	const char *tab = memchr(ls, '\t', len), *t = ls;
	size_t tl = tab ? (size_t)(tab - ls) : len;
	unsigned long tcol;
	struct raw r;
	int bad;

	memset(&r, 0, sizeof r);
	r.file = file;
	r.line = ln;
	r.weight = 1;
	r.negate = 1;
	while (tl && t[0] == ' ') {
		t++;
		tl--;
	}
	while (tl && t[tl - 1] == ' ')
		tl--;
	tcol = (unsigned long)(t - ls) + 1;
	r.col = tcol;
	if (!tl) {
		problem(ps, TS_ELEXICON, ln, 1, "missing entry text before the options");
		return;
	}
	bad = tab ? parse_options(ps, ln, ls, tab + 1, ls + len, &r) : 0;
	if (t[0] == '/') {
		bad |= parse_regex(ps, ln, tcol, t, tl, &r);
	} else {
		bad |= parse_phrase(ps, ln, tcol, t, tl, &r);
		if (r.set_need) {
			problem(ps, TS_ELEXICON, ln, tcol, "option 'need' applies to /regex/ entries only");
			bad = 1;
		}
	}
	if (bad) {
		if (r.re)
			pcre2_code_free(r.re);
		return;
	}
	if (ts_grow_array(&ps->raw, &ps->raw_alloc, ps->nraw + 1, sizeof *ps->raw, 256)) {
		if (r.re)
			pcre2_code_free(r.re);
		ps->nomem = 1;
		return;
	}
	ps->raw[ps->nraw++] = r;
}

/* The category a file without @category gets: its name without the
 * extension, lowercased, other characters as '_'. */
static char *default_category(const char *base)
{
	const char *dot = strrchr(base, '.');
	size_t n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
	char *s = malloc(n + 1);

	if (!s)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = ts_lower((unsigned char)base[i]);
		s[i] = (char)(((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) ? c : '_');
	}
	s[n] = '\0';
	return s;
}

static int find_category(struct parse *ps, char *name, const char *desc, size_t desclen,
                         uint32_t *out)
{
	size_t i;

	for (i = 0; i < ps->ncats; i++)
		if (strcmp(ps->cats[i].name, name) == 0)
			break;
	if (i == ps->ncats) {
		if (ts_grow_array(&ps->cats, &ps->cats_alloc, ps->ncats + 1, sizeof *ps->cats, 16))
			goto nomem;
		ps->cats[i] = (struct tmpcat){name, NULL, 0, 0};
		ps->ncats++;
	} else {
		free(name);
	}
	if (desclen && !ps->cats[i].desc) {
		ps->cats[i].desc = strndup(desc, desclen);
		if (!ps->cats[i].desc)
			return TS_ENOMEM;
	}
	*out = (uint32_t)i;
	return TS_OK;
nomem:
	free(name);
	return TS_ENOMEM;
}

static int parse_file(struct parse *ps, const struct lexfile *f, uint32_t fi)
{
	const char *p = f->data, *end = f->data + f->len;
	struct filehdr h;
	unsigned long ln = 0;
	size_t first = ps->nraw;
	uint32_t cat;
	char *name;

	memset(&h, 0, sizeof h);
	h.weight = 1;
	h.negate = 1;
	h.role = TS_ROLE_UNKNOWN;
	ps->file = fi;
	if (end - p >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	while (p < end && !ps->nomem) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end, *q = p;
		ln++;
		if (le > p && le[-1] == '\r')
			le--;
		while (q < le && is_blank(*q))
			q++;
		if (q < le && *q == '@')
			parse_directive(ps, &h, ln, p, q, le);
		else if (q < le && *q != '#') {
			h.entry_lines++;
			parse_entry(ps, fi, ln, p, (size_t)(le - p));
		}
		p = nl ? nl + 1 : end;
	}
	if (ps->nomem)
		return TS_ENOMEM;
	if (!h.entry_lines)
		problem(ps, 0, 0, 0, "no entries in lexicon file");
	name = h.cat ? strndup(h.cat, h.catlen) : default_category(f->base);
	if (!name || find_category(ps, name, h.desc, h.desclen, &cat))
		return TS_ENOMEM;
	for (size_t i = first; i < ps->nraw; i++) {
		struct raw *r = &ps->raw[i];
		r->cat = cat;
		if (!r->set_role)
			r->role = h.role;
		if (!r->set_weight)
			r->weight = h.weight;
		if (!r->set_negate)
			r->negate = h.negate;
	}
	return TS_OK;
}

static uint64_t raw_hash(const struct parse *ps, const struct raw *r)
{
	uint64_t h = ts_fnv1a(TS_FNV_INIT, ps->pool.p + r->norm, r->normlen);
	return ts_mix64(h ^ ((uint64_t)r->cat << 16) ^ ((uint64_t)r->kind << 8) ^ r->role);
}

static int raw_same(const struct parse *ps, const struct raw *a, const struct raw *b)
{
	return a->cat == b->cat && a->kind == b->kind && a->role == b->role &&
	       a->normlen == b->normlen &&
	       memcmp(ps->pool.p + a->norm, ps->pool.p + b->norm, a->normlen) == 0;
}

/* Drops (with a warning) an entry equal to an earlier one in the same
 * category: same kind, role and normalised text. */
static int drop_duplicates(struct parse *ps, const ts_lexset *set)
{
	size_t size = 16, mask;
	uint32_t *tab;

	while (size < ps->nraw * 2)
		size *= 2;
	mask = size - 1;
	tab = malloc(size * sizeof *tab);
	if (!tab)
		return TS_ENOMEM;
	memset(tab, 0xff, size * sizeof *tab);
	for (size_t i = 0; i < ps->nraw; i++) {
		struct raw *r = &ps->raw[i];
		size_t s = raw_hash(ps, r) & mask;
		for (; tab[s] != UINT32_MAX; s = (s + 1) & mask) {
			const struct raw *o = &ps->raw[tab[s]];
			if (!raw_same(ps, o, r))
				continue;
			r->dropped = 1;
			ps->file = r->file;
			if (o->file == r->file)
				problem(ps, 0, r->line, r->col, "duplicate entry (first on line %lu)",
				        o->line);
			else
				problem(ps, 0, r->line, r->col, "duplicate entry (first at %s:%lu)",
				        set->files[o->file].name, o->line);
			break;
		}
		if (!r->dropped) {
			tab[s] = (uint32_t)i;
			ps->cats[r->cat].kept++;
		}
	}
	free(tab);
	return TS_OK;
}

static int cmp_cat_name(const void *a, const void *b)
{
	const struct tmpcat *x = *(const struct tmpcat *const *)a;
	const struct tmpcat *y = *(const struct tmpcat *const *)b;
	return strcmp(x->name, y->name);
}

/* Orders the categories that kept entries and moves them into set. */
static int order_categories(struct parse *ps, ts_lexset *set)
{
	struct tmpcat **order = malloc((ps->ncats ? ps->ncats : 1) * sizeof *order);
	size_t n = 0, nlead, i, j;

	if (!order)
		return TS_ENOMEM;
	for (j = 0; j < NLEAD; j++)
		for (i = 0; i < ps->ncats; i++)
			if (ps->cats[i].kept && strcmp(ps->cats[i].name, lead_categories[j]) == 0)
				order[n++] = &ps->cats[i];
	nlead = n;
	for (i = 0; i < ps->ncats; i++) {
		int lead = 0;
		for (j = 0; j < NLEAD; j++)
			lead |= strcmp(ps->cats[i].name, lead_categories[j]) == 0;
		if (ps->cats[i].kept && !lead)
			order[n++] = &ps->cats[i];
	}
	qsort(order + nlead, n - nlead, sizeof *order, cmp_cat_name);
	set->cats = calloc(n ? n : 1, sizeof *set->cats);
	set->descs = calloc(n ? n : 1, sizeof *set->descs);
	if (!set->cats || !set->descs) {
		free(order);
		return TS_ENOMEM;
	}
	for (i = 0; i < n; i++) {
		order[i]->final = (uint32_t)i;
		set->cats[i] = order[i]->name;
		set->descs[i] = order[i]->desc ? order[i]->desc : strdup("");
		order[i]->name = order[i]->desc = NULL;
		set->ncats++;
		if (!set->descs[i]) {
			free(order);
			return TS_ENOMEM;
		}
	}
	free(order);
	return TS_OK;
}

/* ---- the index ---------------------------------------------------------- */

static ts_lexslot *slot_get(ts_lexindex *ix, uint64_t key)
{
	size_t i = key & ix->mask;
	uint32_t tag = (uint32_t)(key >> 32);

	for (;; i = (i + 1) & ix->mask) {
		ts_lexslot *s = &ix->slots[i];
		if (!s->meta) {
			s->tag = tag;
			s->meta = TS_SLOT_USED;
			return s;
		}
		if (s->tag == tag)
			return s;
	}
}

/* Can an entry of entry_role match in a message of role? */
static int role_fits(unsigned entry_role, unsigned role)
{
	return entry_role == TS_ROLE_UNKNOWN || entry_role == role;
}

static void filter_first(ts_lexindex *ix, unsigned entry_role, uint64_t key)
{
	for (unsigned r = 0; r < TS_ROLE_COUNT; r++) {
		struct ts_lexfilter *f = &ix->filt[r];
		uint64_t b = key >> f->first_shift;
		if (role_fits(entry_role, r))
			f->first[b >> 6] |= 1ULL << (b & 63);
	}
}

static void filter_later(ts_lexindex *ix, unsigned entry_role, uint64_t key)
{
	for (unsigned r = 0; r < TS_ROLE_COUNT; r++) {
		struct ts_lexfilter *f = &ix->filt[r];
		if (role_fits(entry_role, r))
			f->later[key >> f->later_shift] |= ts_later_bits(key);
	}
}

/* Allocates role r's filters for nrec records with nkeys keys: about 16
 * bits a first word (few false positives), 8 bits a later key (about 5%
 * false positives with two bits set). */
static int filter_alloc(struct ts_lexfilter *f, size_t nrec, size_t nkeys)
{
	size_t bits;

	for (bits = 512, f->first_shift = 64 - 9; bits < nrec * 16 && bits < ((size_t)1 << 30);
	     bits *= 2)
		f->first_shift--;
	f->first = calloc(bits / 64, sizeof *f->first);
	for (bits = 512, f->later_shift = 64 - 3; bits < nkeys * 8 && bits < ((size_t)1 << 30);
	     bits *= 2)
		f->later_shift--;
	f->later = calloc(bits / 64, sizeof *f->later);
	return f->first && f->later ? TS_OK : TS_ENOMEM;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

/* Adds one phrase or stem record to the table. */
static void index_words(ts_lexindex *ix, uint32_t recno)
{
	ts_lexrec *rec = &ix->recs[recno];
	const char *w = ix->pool + rec->words;
	size_t nprefix = rec->kind == TS_ENTRY_STEM ? rec->nwords - 1u : rec->nwords;
	uint64_t key = 0;
	ts_lexslot *s = NULL;

	for (size_t k = 0; k < nprefix; k++) {
		size_t l = strlen(w);
		uint64_t h = ts_word_hash(w, l);
		if (s)
			s->meta |= TS_SLOT_PREFIX;
		key = k ? ts_ngram_next(key, h) : h;
		if (!k)
			filter_first(ix, rec->role, key);
		else
			filter_later(ix, rec->role, key);
		s = slot_get(ix, key);
		w += l + 1;
	}
	if (rec->kind == TS_ENTRY_STEM) {
		size_t l = strlen(w);
		if (s)
			s->meta |= TS_SLOT_STEMS;
		else {
			unsigned char b0 = (unsigned char)w[0], b1 = (unsigned char)w[1];
			ix->bare_stems = 1;
			ix->bare_lens[b0] |= l < 64 ? 1ULL << l : 1;
			/* a one-byte stem fits any second byte (0: none) */
			for (unsigned c = l > 1 ? b1 : 0; c <= (l > 1 ? b1 : 255u); c++)
				ix->bare_pair[(b0 << 5) | (c >> 3)] |= (uint8_t)(1u << (c & 7));
			key = TS_STEM_SEED;
		}
		key = ts_stem_key(key, ts_word_hash(w, l));
		filter_later(ix, rec->role, key);
		s = slot_get(ix, key);
	}
	if (!s)
		return; /* not reached: the parser gives every phrase a word */
	rec->next = ts_slot_first(s);
	s->meta = (recno + 1) << 3 | (s->meta & 7u);
}

/* ---- bytes a regex needs -------------------------------------------------- */

static int is_alpha(unsigned c)
{
	return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

static int is_digit(unsigned c)
{
	return c >= '0' && c <= '9';
}

/* End of the character class starting at p[i] == '[', 0 if not sure. */
static size_t skip_class(const char *p, size_t n, size_t i)
{
	size_t k = i + 1;

	if (k < n && p[k] == '^')
		k++;
	if (k < n && p[k] == ']')
		k++;
	while (k < n) {
		if (p[k] == '\\') {
			if (k + 1 >= n || p[k + 1] == 'Q')
				return 0;
			k += 2;
		} else if (p[k] == '[' && k + 1 < n && p[k + 1] == ':') {
			const char *e = NULL;
			for (size_t j = k + 2; j + 1 < n; j++)
				if (p[j] == ':' && p[j + 1] == ']') {
					e = p + j;
					break;
				}
			if (!e)
				return 0;
			k = (size_t)(e - p) + 2;
		} else if (p[k] == ']') {
			return k + 1;
		} else {
			k++;
		}
	}
	return 0;
}

/* End of the group starting at p[i] == '(', 0 if not sure. */
static size_t skip_group(const char *p, size_t n, size_t i)
{
	size_t k = i, depth = 0;

	while (k < n) {
		if (p[k] == '\\') {
			if (k + 1 >= n || p[k + 1] == 'Q')
				return 0;
			k += 2;
		} else if (p[k] == '[') {
			k = skip_class(p, n, k);
			if (!k)
				return 0;
		} else if (p[k] == '(') {
			if (k + 2 < n && p[k + 1] == '?' && p[k + 2] == '#')
				return 0; /* comments end at the first ')' */
			depth++;
			k++;
		} else if (p[k] == ')') {
			if (--depth == 0)
				return k + 1;
			k++;
		} else {
			k++;
		}
	}
	return 0;
}

/*
 * ASCII bytes other than letters that every match of the pattern contains:
 * literal characters at its top level that no quantifier makes optional
 * ("@" in an e-mail pattern, "://" in a URL one).  PCRE2 reports only the
 * first and the last such unit; this reads the pattern itself, and
 * deliberately little of it: at top-level alternation, extended mode,
 * \Q..\E, (*VERBS) or any escape or brace it does not know it finds
 * nothing, so it never claims a byte a match could lack.  Letters are left
 * out (caseless matching lets 'k' match U+212A).
 */
static void required_bytes(const char *p, size_t n, uint64_t req[4])
{
	uint64_t found[4] = {0, 0, 0, 0};
	size_t i = 0;

	memset(req, 0, 4 * sizeof *req);
	while (i < n) {
		unsigned c = (unsigned char)p[i];
		int lit = -1;

		if (c == '\\') {
			unsigned d;
			if (i + 1 >= n)
				return;
			d = (unsigned char)p[i + 1];
			if (d < 0x80 && !is_alpha(d) && !is_digit(d))
				lit = (int)d; /* escaped punctuation is itself */
			else if (!d || !strchr("dDwWsShHvVRbBAzZG", (int)d))
				return;
			i += 2;
		} else if (c == '[') {
			i = skip_class(p, n, i);
			if (!i)
				return;
		} else if (c == '(') {
			size_t k = i + 1;
			if (k < n && p[k] == '*')
				return;
			if (k < n && p[k] == '?')
				for (k++; k < n && (is_alpha((unsigned char)p[k]) || p[k] == '-' || p[k] == '^'); k++)
					if (p[k] == 'x')
						return;
			i = skip_group(p, n, i);
			if (!i)
				return;
		} else if (c == '|' || c == ')' || c == '*' || c == '+' || c == '?' || c == '{') {
			return;
		} else if (c >= 0x80) {
			for (i++; i < n && ((unsigned char)p[i] & 0xc0) == 0x80; i++)
				;
		} else {
			if (c != '.' && c != '^' && c != '$')
				lit = (int)c;
			i++;
		}
		/* a quantifier on that atom: {n}, {n,}, {n,m}, ?, *, + */
		if (i < n && (p[i] == '?' || p[i] == '*')) {
			lit = -1;
			i++;
		} else if (i < n && p[i] == '+') {
			i++;
		} else if (i < n && p[i] == '{') {
			size_t k = i + 1, digits = 0;
			int zero = 1;
			for (; k < n && is_digit((unsigned char)p[k]); k++, digits++)
				zero &= p[k] == '0';
			if (!digits || k >= n)
				return;
			if (p[k] == ',')
				for (k++; k < n && is_digit((unsigned char)p[k]); k++)
					;
			if (k >= n || p[k] != '}')
				return;
			if (zero)
				lit = -1;
			i = k + 1;
		} else {
			goto add;
		}
		if (i < n && (p[i] == '?' || p[i] == '+'))
			i++; /* lazy or possessive */
add:
		if (lit >= 0 && !is_alpha((unsigned)lit))
			found[(unsigned)lit >> 6] |= 1ULL << ((unsigned)lit & 63);
	}
	memcpy(req, found, sizeof found);
}

/* What a text must hold for rx to match it (see may_match in match.c). */
static void regex_gate(ts_lexregex *rx, const char *pattern, size_t len)
{
	uint32_t v = 0;
	const uint8_t *bm = NULL;

	required_bytes(pattern, len, rx->required);

	if (pcre2_pattern_info(rx->code, PCRE2_INFO_MINLENGTH, &v) == 0)
		rx->minlen = v;
	if (pcre2_pattern_info(rx->code, PCRE2_INFO_FIRSTCODETYPE, &v) == 0) {
		if (v == 1 && pcre2_pattern_info(rx->code, PCRE2_INFO_FIRSTCODEUNIT, &v) == 0 && v < 256) {
			rx->has_first = 1;
			rx->first = (uint8_t)v;
		} else if (v == 0 && pcre2_pattern_info(rx->code, PCRE2_INFO_FIRSTBITMAP, &bm) == 0 &&
		           bm) {
			rx->has_bitmap = 1;
			for (int k = 0; k < 4; k++)
				for (int j = 0; j < 8; j++)
					rx->bitmap[k] |= (uint64_t)bm[8 * k + j] << (8 * j);
		}
	}
	if (pcre2_pattern_info(rx->code, PCRE2_INFO_LASTCODETYPE, &v) == 0 && v == 1 &&
	    pcre2_pattern_info(rx->code, PCRE2_INFO_LASTCODEUNIT, &v) == 0 && v < 256) {
		rx->has_last = 1;
		rx->last = (uint8_t)v;
	}
}

static int build_index(struct parse *ps, ts_lexset *set)
{
	ts_lexindex *ix = &set->ix;
	size_t nkeep = 0, nrec = 0, nreg = 0, nkeys = 1, size = 16, i;
	size_t rrec[TS_ROLE_COUNT] = { 0 }, rkeys[TS_ROLE_COUNT] = { 0 };

	for (i = 0; i < ps->nraw; i++) {
		const struct raw *r = &ps->raw[i];
		if (r->dropped)
			continue;
		nkeep++;
		if (r->kind == TS_ENTRY_REGEX)
			nreg++;
		else {
			nrec++;
			nkeys += r->nwords;
			for (unsigned k = 0; k < TS_ROLE_COUNT; k++) {
				rrec[k] += (size_t)role_fits(r->role, k);
				rkeys[k] += role_fits(r->role, k) ? r->nwords : 0;
			}
		}
	}
	if (nrec > TS_LEX_MAX_RECS)
		return TS_ELIMIT;
	while (size < nkeys * 2)
		size *= 2;
	for (unsigned k = 0; k < TS_ROLE_COUNT; k++)
		if (filter_alloc(&ix->filt[k], rrec[k], rkeys[k]))
			return TS_ENOMEM;
	ix->entries = calloc(nkeep ? nkeep : 1, sizeof *ix->entries);
	ix->recs = calloc(nrec ? nrec : 1, sizeof *ix->recs);
	ix->regex = calloc(nreg ? nreg : 1, sizeof *ix->regex);
	ix->slots = calloc(size, sizeof *ix->slots);
	ix->stemlens = calloc(nrec ? nrec : 1, sizeof *ix->stemlens);
	if (!ix->entries || !ix->recs || !ix->regex || !ix->slots || !ix->stemlens)
		return TS_ENOMEM;
	ix->mask = size - 1;
	ix->pool = ts_buf_detach(&ps->pool, NULL);
	if (!ix->pool)
		return TS_ENOMEM;

	for (i = 0; i < ps->nraw; i++) {
		struct raw *r = &ps->raw[i];
		uint32_t id = (uint32_t)ix->nentries;
		ts_lexentry *e;

		if (r->dropped)
			continue;
		e = &ix->entries[ix->nentries++];
		e->weight = r->weight;
		e->line = r->line;
		e->file = r->file;
		e->category = ps->cats[r->cat].final;
		e->kind = r->kind;
		e->role = r->role;
		e->negate = r->negate;
		e->nwords = r->nwords;
		if (r->kind == TS_ENTRY_REGEX) {
			ts_lexregex *rx = &ix->regex[ix->nregex++];
			rx->code = r->re;
			r->re = NULL;
			rx->entry = id;
			rx->role = r->role;
			/* Without JIT (unsupported CPU, or a TS_NO_JIT build for
			 * valgrind) pcre2_match interprets, with the same results. */
#ifndef TS_NO_JIT
			(void)pcre2_jit_compile(rx->code, PCRE2_JIT_COMPLETE);
#endif
			regex_gate(rx, ix->pool + r->norm, r->normlen);
			for (size_t k = 0, off = r->need; off < r->need + r->needlen; k++) {
				size_t wl = strlen(ix->pool + off);
				rx->need[k] = ts_word_hash(ix->pool + off, wl);
				ts_need_bit(rx->needbits, rx->need[k]);
				rx->nneed = (uint8_t)(k + 1);
				off += wl + 1;
			}
		} else {
			ts_lexrec *rec = &ix->recs[ix->nrecs];
			rec->entry = id;
			rec->words = r->norm;
			rec->kind = r->kind;
			rec->role = r->role;
			rec->nwords = r->nwords;
			rec->stemlen = r->stemlen;
			index_words(ix, (uint32_t)ix->nrecs++);
			if (r->kind == TS_ENTRY_STEM)
				ix->stemlens[ix->nstemlens++] = r->stemlen;
		}
	}
	for (unsigned k = 0; k < TS_ROLE_COUNT; k++) {
		ix->rx_of_role[k] = malloc((ix->nregex ? ix->nregex : 1) * sizeof *ix->rx_of_role[k]);
		if (!ix->rx_of_role[k])
			return TS_ENOMEM;
		for (i = 0; i < ix->nregex; i++)
			if (role_fits(ix->regex[i].role, k))
				ix->rx_of_role[k][ix->nrx_of_role[k]++] = (uint32_t)i;
	}
	qsort(ix->stemlens, ix->nstemlens, sizeof *ix->stemlens, cmp_u32);
	nrec = 0;
	for (i = 0; i < ix->nstemlens; i++)
		if (!nrec || ix->stemlens[nrec - 1] != ix->stemlens[i])
			ix->stemlens[nrec++] = ix->stemlens[i];
	ix->nstemlens = nrec;
	for (i = 0; i < ix->nstemlens; i++)
		if (ix->stemlens[i] < 64)
			ix->stemlen_mask |= 1ULL << ix->stemlens[i];
	if (ix->nstemlens) {
		ix->stem_min = ix->stemlens[0];
		ix->stem_max = ix->stemlens[ix->nstemlens - 1];
	}
	return TS_OK;
}

int ts_lexset_compile(ts_lexset *set, ts_diag_fn on_problem, void *ud, ts_error *err)
{
	struct parse ps;
	int rc = TS_OK;

	release_compiled(set);
	memset(&ps, 0, sizeof ps);
	ps.fn = on_problem;
	ps.ud = ud;
	ts_buf_init(&ps.pool, 0);
	ts_tokens_init(&ps.toks);
	ps.cc = ts_pcre2_compile_context();
	if (!ps.cc) {
		rc = TS_ENOMEM;
		goto fail;
	}

	for (size_t i = 0; i < set->nfiles; i++) {
		rc = parse_file(&ps, &set->files[i], (uint32_t)i);
		if (rc)
			goto fail;
	}
	rc = drop_duplicates(&ps, set);
	if (rc || ps.nomem) {
		rc = TS_ENOMEM;
		goto fail;
	}
	emit_problems(&ps, set);
	if (ps.stopped) {
		rc = ts_error_set(err, TS_ESTOP, NULL, 0, "lexicon check stopped");
		goto out;
	}
	rc = order_categories(&ps, set);
	if (!rc)
		rc = build_index(&ps, set);
	if (rc)
		goto fail;
	if (ps.errors)
		rc = ts_error_set(err, TS_ELEXICON, NULL, 0, "%d error%s in lexicon files",
		                  ps.errors, ps.errors == 1 ? "" : "s");
	goto out;
fail:
	release_compiled(set);
	if (rc == TS_ELIMIT)
		rc = ts_error_set(err, rc, NULL, 0, "more than %u phrase and stem entries",
		                  TS_LEX_MAX_RECS);
	else
		rc = ts_error_set(err, rc, NULL, 0, "out of memory compiling lexicons");
out:
	for (size_t i = 0; i < ps.nprobs; i++)
		free(ps.probs[i].msg);
	free(ps.probs);
	for (size_t i = 0; i < ps.nraw; i++)
		if (ps.raw[i].re)
			pcre2_code_free(ps.raw[i].re);
	free(ps.raw);
	for (size_t i = 0; i < ps.ncats; i++) {
		free(ps.cats[i].name);
		free(ps.cats[i].desc);
	}
	free(ps.cats);
	ts_buf_release(&ps.pool);
	ts_tokens_release(&ps.toks);
	pcre2_compile_context_free(ps.cc);
	return rc;
}
