/*
 * pii.c - personal data in message text: payment card numbers (Luhn),
 * e-mail addresses, phone numbers and IBANs (ISO 13616 mod 97), found
 * after the lexicon matches, and the masking every output applies to
 * them (ts_pii_mask).  Identifiers that need no checksum and have one
 * unambiguous layout (US SSN, UK National Insurance number) are /regex/
 * entries of lexicons/pii.txt instead; a span a counted lexicon pii
 * finding already covers is not counted again here.
 *
 * Not a numbering-plan validator: it does not know which phone prefixes
 * or IBAN lengths a country uses, and URLs get no special treatment.
 *
 * Cost.  Candidates come from what the analyser already has: an e-mail
 * needs an '@' (one memchr over the message) and everything else starts
 * at a token with TS_TOK_DIGIT, so a message with neither costs one flag
 * test per token.  Only around a candidate are the raw bytes read.
 *
 * The rules, one small function each:
 *
 * Card: 13-19 digits, either one bare run or groups joined by one kind
 *   of separator (single space or hyphen) in the layouts cards are
 *   printed in (4-4-4-4[-3], 4-4-4-1..4, Amex 4-6-5, Diners 4-6-4);
 *   the first digit is 2-6 (the issuer ranges of the card networks:
 *   Mir/Mastercard 2, Amex/Diners/JCB 3, Visa 4, Mastercard/Maestro 5,
 *   Discover/UnionPay 6), which keeps 16-digit tracking and order
 *   numbers starting 0, 1, 7, 8 or 9 out; the Luhn check must pass.
 *   Cards are tried before phones, so a card never counts as a phone,
 *   and nor does a card layout that fails the checks (4-6-5, 13+ bare
 *   digits).
 *
 * E-mail: local@domain.tld.  The local part is ASCII letters, digits,
 *   . _ % + - (an apostrophe between two of them: o'brien) and non-ASCII
 *   word characters; it may not start or end with '.'.  The domain is two
 *   or more labels of letters, digits, '-' and non-ASCII word characters;
 *   the last label has two or more letters (or is xn--punycode).  A
 *   trailing '.' or '-' is punctuation, not domain.  "mailto:" is not
 *   part of the address (':' ends the local part), so the finding and its
 *   mask cover the address only.
 *
 * Phone: digit groups joined by single separators (space, '-', '.', '/'
 *   after the first group only), an area code in parentheses
 *   ("(555) 123-4567"), or led by '+' (international: "+44 20 7946 0018",
 *   "+1.555.123.4567", "+44 (0)20 ...", "(+234) 70 ...").  Every phone
 *   has 7-15 digits (8-15 after '+').  A candidate is one of:
 *   - a phone outright: '+' layouts; a parenthesised first group of 2-5
 *     digits; 3 or more groups of 2+ digits that are not one of the
 *     layouts below (555-123-4567, 020 7946 0018, 01 23 45 67 89 for
 *     five pairs led by 0); two groups when the first starts with the
 *     trunk prefix 0 (07700 900123, 030/1234567) or reads 3-4 with '-'
 *     (555-1234); NANP 1-3-3-4 (1-800-555-0199);
 *   - a phone only with a phone word nearby ("weak"): a bare digit run,
 *     other two-group layouts (2019-2021, 98765 43210, the ZIP+4 code
 *     02111-1307), thousands-like grouping (12 500 000), and groups of
 *     two digits other than the five French pairs;
 *   - never a phone: dates (a 4-digit group not starting with 0 at one
 *     end of three groups, the others 1-2 digits: 2024-01-15,
 *     15/01/2024, also inside a longer run: 1167 2008-08-23); IP
 *     addresses and versions (dot-separated groups: four of 1-3 digits,
 *     any group under 2 digits, or only two groups); mixed dots; 1-digit
 *     groups (outside NANP); the SSN layout 3-2-4 with hyphens; years
 *     listed with spaces (2019 2020 2021); a number after '#', '@' or a
 *     currency sign or before '%'; a group run that continues into a
 *     longer identifier (INV-12345678, 10:30, 1.5, 12345678-A).
 *   Phone words: the 4 tokens before the number, then the 3 after, are
 *   read nearest first.  call/phone/tel/mobile/cell/fax/text/whatsapp/
 *   contact/reach/dial/ring (and their forms) accept; a word naming
 *   another identifier (order, ticket, case, ref, account, invoice,
 *   tracking, card, id, ...) rejects; "number" accepts unless the word
 *   before it names another identifier ("my number is 0412345678" is a
 *   phone, "order number 12345678" and "order 12345678" are not).
 *   Such a word in the 2 tokens before the number rejects a phone layout
 *   too, unless a phone word is nearer ("receipt number 0412-7781-22" is
 *   a receipt; "customer service on 0800 123 4567" is a phone).
 *   A run of digit groups is read as one number from its first group:
 *   no number starts in the middle of it, and only a card is cut out of
 *   a longer run, at a space ("4111 1111 1111 1111 12/26" gives the
 *   card; "9400 1000 0000 0000 0000 00" gives nothing).
 *
 * IBAN: two letters, two check digits, then alphanumerics, 15-34
 *   characters in all, either one token or groups of 4 separated by
 *   single spaces (the last group 1-4); letters all of one case; the
 *   mod-97 check of ISO 13616 must pass.  When grouped, the longest run
 *   of groups that passes wins; an IBAN-shaped run that fails is nothing,
 *   and its digit groups are not read again as a card or a phone.
 */
#include <string.h>

#include "buf.h"
#include "detect.h"

#define MAX_GROUPS 8      /* digit groups in one phone or card candidate */
#define MAX_CHAIN_DIGITS 40
#define MAX_IBAN 34
#define WINDOW_BEFORE 4   /* tokens read for a phone word */
#define WINDOW_AFTER 3
#define VETO_BEFORE 2     /* tokens read for an identifier word (phone layouts) */

static int is_digit(unsigned c)
{
	return c - '0' < 10u;
}

static int is_alpha(unsigned c)
{
	return (c | 0x20u) - 'a' < 26u;
}

static int is_alnum(unsigned c)
{
	return is_digit(c) || is_alpha(c);
}

static int is_upper(unsigned c)
{
	return c - 'A' < 26u;
}

/* A token of ASCII digits only. */
static int digit_token(unsigned fl)
{
	return (fl & (TS_TOK_DIGIT | TS_TOK_ALPHA | TS_TOK_NONASCII | TS_TOK_APOS)) ==
	       TS_TOK_DIGIT;
}

/* ---- what is already covered --------------------------------------------- */

/*
 * Counted pii findings that block a new one: the lexicon's (sorted by
 * start among the findings the matcher produced, disjoint within the
 * category) and the e-mails found here (in text order).  Candidates are
 * checked in text order, so one cursor over each run is enough.
 */
struct pii {
	const ts_msgctx *c;
	const unsigned char *p;
	size_t n;
	int cat;
	size_t nlex, lex;           /* findings [0, nlex) and the cursor */
	size_t nmail, mail;         /* e-mails [nlex, nmail) and the cursor */
};

static int blocked(struct pii *st, size_t s, size_t e)
{
	const ts_finding *v = st->c->found->v;

	while (st->lex < st->nlex) {
		const ts_finding *x = &v[st->lex];
		if ((int)x->category == st->cat && x->status == TS_COUNTED && x->end > s)
			break;
		st->lex++;
	}
	if (st->lex < st->nlex && v[st->lex].start < e)
		return 1;
	while (st->mail < st->nmail && v[st->mail].end <= s)
		st->mail++;
	return st->mail < st->nmail && v[st->mail].start < e;
}

static int add(struct pii *st, size_t s, size_t e, ts_detail d)
{
	if (blocked(st, s, e))
		return TS_OK;
	return ts_findings_add(st->c->found, st->cat, s, e, TS_DET_PII, d);
}

/* ---- e-mail ------------------------------------------------------------- */

/* Start of the local part that ends at at (== at when there is none),
 * not before bound (the end of the previous address). */
static size_t local_start(const unsigned char *p, size_t bound, size_t at)
{
	size_t i = at;

	while (i > bound) {
		unsigned b = p[i - 1];
		if (b < 0x80) {
			if (is_alnum(b) || b == '.' || b == '_' || b == '%' || b == '+' || b == '-') {
				i--;
				continue;
			}
			if (b == '\'' && i >= bound + 2 && i < at && is_alnum(p[i - 2]) &&
			    is_alnum(p[i])) {
				i--;
				continue;
			}
			break;
		} else {
			/* back to the lead byte of this UTF-8 sequence; a
			 * separator there (a curly quote, a no-break space)
			 * ends the local part, anything else is a word byte */
			size_t k = i - 1, l;
			while (k > bound && (p[k] & 0xc0) == 0x80 && i - k < 4)
				k--;
			l = ts_sep_len(p + k, i - k);
			if (l == i - k)
				break;
			i = k;
		}
	}
	while (i < at && p[i] == '.')
		i++;
	return i;
}

/* End of the domain that starts at from, trailing '.' and '-' dropped. */
static size_t domain_end(const unsigned char *p, size_t n, size_t from)
{
	size_t i = from;

	while (i < n) {
		unsigned b = p[i];
		if (b < 0x80) {
			if (!is_alnum(b) && b != '-' && b != '.')
				break;
			i++;
		} else {
			size_t l = ts_sep_len(p + i, n - i);
			if (l)
				break;
			i++;
		}
	}
	while (i > from && (p[i - 1] == '.' || p[i - 1] == '-'))
		i--;
	return i;
}

/* Two or more labels of 1-63 bytes, none starting or ending with '-';
 * the last one letters (or non-ASCII), at least two, or xn--. */
static int domain_ok(const unsigned char *p, size_t s, size_t e)
{
	size_t labels = 0, ls = s;

	for (size_t i = s; i <= e; i++) {
		if (i < e && p[i] != '.')
			continue;
		if (i == ls || i - ls > 63 || p[ls] == '-' || p[i - 1] == '-')
			return 0;
		labels++;
		if (i == e) {
			size_t len = e - ls;
			if (labels < 2 || len < 2)
				return 0;
			if (len > 4 && memcmp(p + ls, "xn--", 4) == 0)
				return 1;
			for (size_t k = ls; k < e; k++)
				if (p[k] < 0x80 && !is_alpha(p[k]))
					return 0;
			return 1;
		}
		ls = i + 1;
	}
	return 0;
}

static int find_emails(struct pii *st)
{
	const unsigned char *p = st->p, *at;
	size_t from = 0, bound = 0, n = st->n;

	while (from < n && (at = memchr(p + from, '@', n - from)) != NULL) {
		size_t a = (size_t)(at - p), ls = local_start(p, bound, a), de;
		int rc;

		from = a + 1;
		if (ls == a || p[a - 1] == '.')
			continue;
		de = domain_end(p, n, a + 1);
		if (!domain_ok(p, a + 1, de))
			continue;
		rc = add(st, ls, de, TS_DETAIL_EMAIL);
		if (rc)
			return rc;
		from = bound = de;
	}
	return TS_OK;
}

/* ---- digit groups: cards and phones -------------------------------------- */

struct group {
	size_t s, e;
	unsigned char sep;  /* the gap before it: ' ', '-', '.', '/', '(' opens
	                       a parenthesised group, ')' follows one */
};

struct chain {
	struct group g[MAX_GROUPS];
	size_t n;
	size_t tok0;     /* token of group 0; group k is token tok0 + k */
	size_t start;    /* span start: group 0, or its '(' or '+' */
	int plus;        /* led by '+' */
	int paren;       /* index of the parenthesised group, -1 for none */
	int truncated;   /* more groups follow that were not taken */
};

enum { SEP_SPACE = 1, SEP_HYPHEN = 2, SEP_DOT = 4, SEP_SLASH = 8, SEP_PAREN = 16 };

static unsigned sep_bit(unsigned char s)
{
	switch (s) {
	case ' ': return SEP_SPACE;
	case '-': return SEP_HYPHEN;
	case '.': return SEP_DOT;
	case '/': return SEP_SLASH;
	default: return SEP_PAREN;
	}
}

/* The gap between two digit groups: a separator (returned), or 0 when
 * the groups do not belong to one number.  gap[0, len). */
static unsigned char gap_kind(const unsigned char *g, size_t len, int open)
{
	if (len == 1 && (g[0] == ' ' || g[0] == '-' || g[0] == '.' || g[0] == '/'))
		return g[0];
	if (open)
		return g[0] == ')' && (len == 1 || (len == 2 && (g[1] == ' ' || g[1] == '-' ||
		                                                 g[1] == '.'))) ? ')' : 0;
	if ((len == 1 && g[0] == '(') || (len == 2 && g[0] == ' ' && g[1] == '('))
		return '(';
	return 0;
}

/* A currency sign ending at byte i (exclusive), allowing one space. */
static int currency_before(const unsigned char *p, size_t i)
{
	if (i > 0 && p[i - 1] == ' ')
		i--;
	if (i >= 1 && p[i - 1] == '$')
		return 1;
	if (i >= 2 && p[i - 2] == 0xc2 && (p[i - 1] == 0xa3 || p[i - 1] == 0xa5))
		return 1; /* pound, yen */
	return i >= 3 && p[i - 3] == 0xe2 && p[i - 2] == 0x82 && p[i - 1] == 0xac; /* euro */
}

/* Group 0 (at s) is not in parentheses after all: the span starts at
 * it, or at the '+' right before it ("(+4915112345678)"). */
static size_t drop_paren0(const unsigned char *p, size_t s, struct chain *ch)
{
	ch->paren = -1;
	if (ch->plus && p[s - 1] == '+')
		return s - 1;
	ch->plus = 0;
	return s;
}

/*
 * The groups that start at digit token i.  Returns 0 when the number
 * cannot start there (it continues an identifier, a time or a decimal on
 * the left, follows '#', '@' or a currency sign, or is "a+b").
 */
static int build_chain(const struct pii *st, size_t i, struct chain *ch)
{
	const ts_tokens *t = st->c->tok;
	const unsigned char *p = st->p;
	size_t s = t->v[i].start, ps = s, digits;
	int open = 0;

	ch->n = 0;
	ch->tok0 = i;
	ch->plus = 0;
	ch->paren = -1;
	ch->truncated = 0;
	if (ps > 0 && p[ps - 1] == '(') {
		open = 1;
		ps--;
	}
	if (ps > 0 && p[ps - 1] == '+') {
		if (ps >= 2 && is_alnum(p[ps - 2]))
			return 0;
		ch->plus = 1;
		ps--;
		if (!open && ps > 0 && p[ps - 1] == '(') {
			open = 1; /* "(+234) 70 ...": the country code in parentheses */
			ps--;
		}
	}
	if (ps > 0) {
		unsigned b = p[ps - 1], bb = ps >= 2 ? p[ps - 2] : 0;
		if (b == '#' || b == '@' || currency_before(p, ps))
			return 0;
		if ((b == '-' || b == '/' || b == '_') && is_alnum(bb))
			return 0;
		if ((b == '.' || b == ',' || b == ':' || b == ' ') && is_digit(bb))
			return 0; /* not from the middle of a run of groups */
	}
	ch->g[0].s = s;
	ch->g[0].e = t->v[i].end;
	ch->g[0].sep = 0;
	ch->n = 1;
	digits = ch->g[0].e - s;
	if (open)
		ch->paren = 0;
	while (i + ch->n < t->n) {
		const ts_token *tk = &t->v[i + ch->n];
		size_t ge = ch->g[ch->n - 1].e;
		int is_open = ch->paren == (int)ch->n - 1 && open;
		unsigned char k;

		if (!digit_token(tk->flags))
			break;
		k = gap_kind(p + ge, tk->start - ge, is_open);
		if (is_open && k != ')' && ch->n == 1) {
			/* "(555-123-4567)": the '(' only opens an aside */
			ps = drop_paren0(p, s, ch);
			open = is_open = 0;
			k = gap_kind(p + ge, tk->start - ge, 0);
		}
		if (is_open && k != ')')
			break;
		if (!k || (k == '(' && ch->paren >= 0))
			break;
		if (ch->n == MAX_GROUPS || digits + (tk->end - tk->start) > MAX_CHAIN_DIGITS) {
			ch->truncated = 1;
			break;
		}
		if (k == ')')
			open = 0;
		else if (k == '(') {
			ch->paren = (int)ch->n;
			open = 1;
		}
		ch->g[ch->n].s = tk->start;
		ch->g[ch->n].e = tk->end;
		ch->g[ch->n].sep = k;
		digits += tk->end - tk->start;
		ch->n++;
	}
	if (open) {
		/* a '(' nobody closed: not an area code after all */
		if (ch->paren == 0) {
			ps = drop_paren0(p, s, ch);
		} else {
			ch->n = (size_t)ch->paren;
			ch->truncated = 0;
			ch->paren = -1;
		}
	}
	ch->start = ps;
	return 1;
}

/* Can the span of groups [0, m) end there?  Not when the number goes on
 * into a longer identifier, a decimal or a time, or is a percentage. */
static int right_ok(const struct pii *st, const struct chain *ch, size_t m)
{
	const unsigned char *p = st->p;
	size_t q = ch->g[m - 1].e;

	if (m < ch->n)
		return 1; /* cut at a space */
	if (ch->truncated)
		return 0;
	if (q >= st->n)
		return 1;
	if (p[q] == '%' || p[q] == '@')
		return 0;
	if (q + 1 < st->n) {
		if ((p[q] == '-' || p[q] == '/' || p[q] == '_') && is_alnum(p[q + 1]))
			return 0;
		if ((p[q] == '.' || p[q] == ',' || p[q] == ':') && is_digit(p[q + 1]))
			return 0;
	}
	return 1;
}

static size_t glen(const struct chain *ch, size_t k)
{
	return ch->g[k].e - ch->g[k].s;
}

/* The digit at index 0 of group k. */
static unsigned gfirst(const struct pii *st, const struct chain *ch, size_t k)
{
	return st->p[ch->g[k].s];
}

/* Luhn over the digits of groups [0, m), at most 19 of them. */
static int luhn_ok(const unsigned char *p, const struct chain *ch, size_t m)
{
	unsigned sum = 0, dbl = 0;

	for (size_t k = m; k-- > 0;)
		for (size_t i = ch->g[k].e; i-- > ch->g[k].s;) {
			unsigned d = p[i] - '0';
			if (dbl) {
				d *= 2;
				if (d > 9)
					d -= 9;
			}
			sum += d;
			dbl ^= 1;
		}
	return sum % 10 == 0;
}

/* Groups [0, m) hold 13-19 digits in a layout cards are printed in. */
static int card_layout(const struct chain *ch, size_t m)
{
	size_t d = 0;

	for (size_t k = 0; k < m; k++)
		d += glen(ch, k);
	if (d < 13 || d > 19 || ch->plus || (ch->paren >= 0 && ch->paren < (int)m))
		return 0;
	if (m > 1) {
		unsigned char sep = ch->g[1].sep;
		if (sep != ' ' && sep != '-')
			return 0;
		for (size_t k = 2; k < m; k++)
			if (ch->g[k].sep != sep)
				return 0;
		if (m == 3 && glen(ch, 0) == 4 && glen(ch, 1) == 6 &&
		    (glen(ch, 2) == 5 || glen(ch, 2) == 4))
			return 1; /* Amex 4-6-5, Diners 4-6-4 */
		for (size_t k = 0; k + 1 < m; k++)
			if (glen(ch, k) != 4)
				return 0;
		if (glen(ch, m - 1) > 4)
			return 0;
	}
	return 1;
}

/* The card rule in the file header. */
static int is_card(const struct pii *st, const struct chain *ch, size_t m)
{
	unsigned first = gfirst(st, ch, 0);

	return first >= '2' && first <= '6' && card_layout(ch, m) && luhn_ok(st->p, ch, m);
}

/* Groups k, k+1, k+2 read as a date: a 4-digit group not led by 0 at
 * one end, 1-2 digits in the other two (2024-01-15, 15/01/2024). */
static int date_at(const struct pii *st, const struct chain *ch, size_t k)
{
	if (glen(ch, k) == 4 && gfirst(st, ch, k) != '0' && glen(ch, k + 1) <= 2 &&
	    glen(ch, k + 2) <= 2)
		return 1;
	return glen(ch, k + 2) == 4 && gfirst(st, ch, k + 2) != '0' && glen(ch, k) <= 2 &&
	       glen(ch, k + 1) <= 2;
}

/* Groups [0, m) are a date, or hold one joined by '-', '/' or '.'
 * ("LNX 1167 2008-08-23"). */
static int has_date(const struct pii *st, const struct chain *ch, size_t m)
{
	if (m == 3 && date_at(st, ch, 0))
		return 1;
	for (size_t k = 0; k + 3 <= m; k++) {
		unsigned char a = ch->g[k + 1].sep, b = ch->g[k + 2].sep;
		if (a == b && (a == '-' || a == '/' || a == '.') && date_at(st, ch, k))
			return 1;
	}
	return 0;
}

static int is_year(const struct pii *st, const struct chain *ch, size_t k)
{
	const unsigned char *g = st->p + ch->g[k].s;
	return glen(ch, k) == 4 && ((g[0] == '1' && g[1] == '9') || (g[0] == '2' && g[1] == '0'));
}

enum { NOT_PHONE = 0, WEAK_PHONE, PHONE };

/* The phone rule in the file header, for groups [0, m). */
static int phone_kind(const struct pii *st, const struct chain *ch, size_t m)
{
	size_t d = 0, longest = 0;
	unsigned seps = 0;
	int paren = ch->paren < (int)m ? ch->paren : -1;

	for (size_t k = 0; k < m; k++) {
		size_t l = glen(ch, k);
		d += l;
		if (l > longest)
			longest = l;
		if (k)
			seps |= sep_bit(ch->g[k].sep);
	}
	if (ch->plus)
		return d >= 8 && d <= 15 ? PHONE : NOT_PHONE;
	if (d < 7 || d > 15 || card_layout(ch, m))
		return NOT_PHONE; /* a mistyped card is not a phone either */
	if (paren == 0)
		return m >= 2 && glen(ch, 0) >= 2 && glen(ch, 0) <= 5 && !(seps & SEP_SLASH) ?
		       PHONE : NOT_PHONE;
	if (paren > 0)
		return NOT_PHONE; /* "(0)" only after a country code */
	if (m == 1)
		return WEAK_PHONE;
	if ((seps & SEP_DOT) && seps != SEP_DOT)
		return NOT_PHONE;
	if (seps & SEP_SLASH)
		for (size_t k = 2; k < m; k++)
			if (ch->g[k].sep == '/')
				return NOT_PHONE;
	if (has_date(st, ch, m))
		return NOT_PHONE;
	if (m == 4 && glen(ch, 0) == 1 && gfirst(st, ch, 0) == '1' && glen(ch, 1) == 3 &&
	    glen(ch, 2) == 3 && glen(ch, 3) == 4 && !(seps & SEP_SLASH))
		return PHONE; /* NANP with its 1: 1-800-555-0199, 1.800.555.0199 */
	if (seps == SEP_DOT) {
		if (m < 3 || (m == 4 && longest <= 3))
			return NOT_PHONE; /* a decimal, an IP address */
		for (size_t k = 0; k < m; k++)
			if (glen(ch, k) < 2)
				return NOT_PHONE; /* a version number */
	}
	if (m == 3 && seps == SEP_HYPHEN && glen(ch, 0) == 3 && glen(ch, 1) == 2 && glen(ch, 2) == 4)
		return NOT_PHONE; /* the SSN layout */
	for (size_t k = 0; k < m; k++)
		if (glen(ch, k) < 2)
			return NOT_PHONE;
	if (seps == SEP_SPACE) {
		size_t k = 0;
		while (k < m && is_year(st, ch, k))
			k++;
		if (k == m)
			return NOT_PHONE;
	}
	if (glen(ch, 0) <= 3 && gfirst(st, ch, 0) != '0') {
		size_t k = 1;
		while (k < m && glen(ch, k) == 3)
			k++;
		if (k == m)
			return WEAK_PHONE; /* 12 500 000 */
	}
	if (longest <= 2)
		return m == 5 && gfirst(st, ch, 0) == '0' ? PHONE : WEAK_PHONE;
	if (m == 2) {
		if (glen(ch, 0) == 5 && glen(ch, 1) == 4 && seps == SEP_HYPHEN)
			return WEAK_PHONE; /* a US ZIP+4 code: 02111-1307 */
		if (gfirst(st, ch, 0) == '0' && glen(ch, 0) <= 5)
			return PHONE;
		if (glen(ch, 0) == 3 && glen(ch, 1) == 4 && seps == SEP_HYPHEN)
			return PHONE;
		return WEAK_PHONE;
	}
	return PHONE;
}

/* ---- phone words ---------------------------------------------------------- */

static int word_in(const char *w, size_t n, const char *const *list)
{
	for (; *list; list++)
		if (strlen(*list) == n && memcmp(*list, w, n) == 0)
			return 1;
	return 0;
}

static const char *const phone_words[] = {
	"call", "calls", "called", "calling", "callback", "phone", "phones", "phoned",
	"telephone", "tel", "ph", "mobile", "mob", "cell", "cellphone", "landline",
	"whatsapp", "fax", "sms", "text", "texted", "ring", "dial", "dialed", "dialled",
	"contact", "reach", "hotline", "helpline", "voicemail", NULL
};

static const char *const number_words[] = { "number", "num", "nr", NULL };

/* Words that name some other identifier a number could be. */
static const char *const id_words[] = {
	"order", "orders", "ticket", "tickets", "case", "ref", "reference", "account",
	"acct", "invoice", "inv", "tracking", "track", "confirmation", "booking",
	"reservation", "transaction", "txn", "serial", "card", "customer", "member",
	"membership", "policy", "claim", "id", "model", "part", "sku", "item", "pin",
	"zip", "postcode", "routing", "sort", "iban", "vat", "tax", "receipt",
	"voucher", "coupon", "parcel", "shipment", "package", "consignment", "imei",
	"licence", "license", "version", "build", "passport", "ssn", "po", "rma",
	"record", "loan", "meter", "contract", "subscription", "incident", "request",
	"issue", "batch", "lot", "product", "registration", "employee", "student",
	"patient", NULL
};

/* 1: token j makes a nearby number a phone, -1: it makes it something
 * else, 0: neither. */
static int word_vote(const ts_tokens *t, size_t j)
{
	const char *w = ts_token_norm(t, j);
	size_t n = t->v[j].nlen;

	if (word_in(w, n, id_words))
		return -1;
	if (word_in(w, n, phone_words))
		return 1;
	if (word_in(w, n, number_words))
		return j > 0 && word_in(ts_token_norm(t, j - 1), t->v[j - 1].nlen, id_words) ? -1 : 1;
	return 0;
}

/* The vote of the nearest word with one around tokens [first, end): up
 * to before tokens before them, then up to after tokens after them. */
static int context_vote(const ts_tokens *t, size_t first, size_t end, size_t before,
                        size_t after)
{
	for (size_t j = first, k = 0; j > 0 && k < before; k++) {
		int v = word_vote(t, --j);
		if (v)
			return v;
	}
	for (size_t j = end, k = 0; j < t->n && k < after; j++, k++) {
		int v = word_vote(t, j);
		if (v)
			return v;
	}
	return 0;
}

/* Cards and phones from digit token i; *next is the token after what was
 * used. */
static int try_number(struct pii *st, size_t i, size_t *next)
{
	struct chain ch;

	*next = i + 1;
	if (!build_chain(st, i, &ch))
		return TS_OK;
	for (size_t m = ch.n; m > 0; m--) {
		size_t s = ch.start, e = ch.g[m - 1].e;
		int kind;

		if (m < ch.n && ch.g[m].sep != ' ')
			continue;
		if (!right_ok(st, &ch, m))
			continue;
		if (is_card(st, &ch, m)) {
			*next = i + m;
			return add(st, s, e, TS_DETAIL_CARD);
		}
		if (m < ch.n)
			continue; /* only a card is cut out of a longer run */
		kind = phone_kind(st, &ch, m);
		if ((kind == PHONE && context_vote(st->c->tok, i, i + m, VETO_BEFORE, 0) >= 0) ||
		    (kind == WEAK_PHONE &&
		     context_vote(st->c->tok, i, i + m, WINDOW_BEFORE, WINDOW_AFTER) > 0)) {
			*next = i + m;
			return add(st, s, e, TS_DETAIL_PHONE);
		}
	}
	return TS_OK;
}

/* ---- IBAN ------------------------------------------------------------------- */

/* ISO 13616 / ISO 7064 mod 97-10 over chars (letters as 10..35), with
 * the first four moved to the end.  Letters are ASCII, either case. */
static int iban_mod97_ok(const char *s, size_t n)
{
	unsigned r = 0;

	for (size_t k = 0; k < n; k++) {
		unsigned c = (unsigned char)s[(k + 4) % n];
		if (is_digit(c))
			r = (r * 10 + (c - '0')) % 97;
		else
			r = (r * 100 + 10 + ((c | 0x20u) - 'a')) % 97;
	}
	return r == 1;
}

/* Letters all of the case of the country code, or not alphanumeric. */
static int iban_chars_ok(const unsigned char *p, size_t s, size_t e, int upper)
{
	for (size_t k = s; k < e; k++) {
		unsigned c = p[k];
		if (is_digit(c))
			continue;
		if (!is_alpha(c) || is_upper(c) != upper)
			return 0;
	}
	return 1;
}

static int try_iban(struct pii *st, size_t i, size_t *next)
{
	const ts_tokens *t = st->c->tok;
	const unsigned char *p = st->p;
	size_t s = t->v[i].start, e = t->v[i].end, len = e - s, ng = 1, total = len;
	size_t gend[MAX_IBAN / 4 + 2];
	char buf[MAX_IBAN];
	int upper;

	*next = i + 1;
	if (len < 4 || !is_alpha(p[s]) || !is_alpha(p[s + 1]) || !is_digit(p[s + 2]) ||
	    !is_digit(p[s + 3]))
		return TS_OK;
	upper = is_upper(p[s]);
	if (is_upper(p[s + 1]) != upper || !iban_chars_ok(p, s, e, upper))
		return TS_OK;
	if (len >= 15 && len <= MAX_IBAN) {
		memcpy(buf, p + s, len);
		return iban_mod97_ok(buf, len) ? add(st, s, e, TS_DETAIL_IBAN) : TS_OK;
	}
	if (len != 4)
		return TS_OK;
	memcpy(buf, p + s, 4);
	gend[0] = e;
	while (i + ng < t->n) {
		const ts_token *tk = &t->v[i + ng];
		size_t l = tk->end - tk->start;
		if (tk->start != gend[ng - 1] + 1 || p[gend[ng - 1]] != ' ' || l > 4 ||
		    total + l > MAX_IBAN || gend[ng - 1] - t->v[i + ng - 1].start != 4 ||
		    (tk->flags & (TS_TOK_NONASCII | TS_TOK_APOS)) ||
		    !iban_chars_ok(p, tk->start, tk->end, upper))
			break;
		memcpy(buf + total, p + tk->start, l);
		total += l;
		gend[ng++] = tk->end;
	}
	for (size_t m = ng; m > 1; m--) {
		size_t chars = 4 * (m - 1) + (gend[m - 1] - t->v[i + m - 1].start);
		if (chars < 15)
			break;
		if (iban_mod97_ok(buf, chars)) {
			*next = i + m;
			return add(st, s, gend[m - 1], TS_DETAIL_IBAN);
		}
	}
	/* IBAN-shaped with a wrong check: not personal data, and its digit
	 * groups are not read again as a card or a phone */
	if (total >= 15)
		*next = i + ng;
	return TS_OK;
}

/* ---- the detector ------------------------------------------------------------ */

int ts_pii_detect(const ts_msgctx *c)
{
	const ts_tokens *t = c->tok;
	struct pii st;
	int rc;

	if (c->cat[TS_CAT_PII] < 0 || !c->n)
		return TS_OK;
	memset(&st, 0, sizeof st);
	st.c = c;
	st.p = (const unsigned char *)c->text;
	st.n = c->n;
	st.cat = c->cat[TS_CAT_PII];
	st.nlex = c->found->n;
	st.nmail = st.mail = c->found->n;
	if (memchr(c->text, '@', c->n)) {
		if ((rc = find_emails(&st)) != TS_OK)
			return rc;
		st.nmail = c->found->n;
		st.lex = 0;
	}
	for (size_t i = 0; i < t->n;) {
		unsigned fl = t->v[i].flags;
		size_t next = i + 1;

		if (fl & TS_TOK_DIGIT) {
			if (digit_token(fl) && t->v[i].end - t->v[i].start < 7 &&
			    !(i + 1 < t->n && digit_token(t->v[i + 1].flags) &&
			      t->v[i + 1].start - t->v[i].end <= 2))
				rc = TS_OK; /* too short alone, and no group joins it */
			else if (digit_token(fl))
				rc = try_number(&st, i, &next);
			else if (!(fl & (TS_TOK_NONASCII | TS_TOK_APOS)))
				rc = try_iban(&st, i, &next);
			else
				rc = TS_OK;
			if (rc)
				return rc;
		}
		i = next;
	}
	return TS_OK;
}

/* ---- masking -------------------------------------------------------------------- */

static const char *mask_of(const ts_finding *f)
{
	if (f->detector == TS_DET_PII)
		switch (f->detail) {
		case TS_DETAIL_CARD: return "[card]";
		case TS_DETAIL_EMAIL: return "[email]";
		case TS_DETAIL_PHONE: return "[phone]";
		case TS_DETAIL_IBAN: return "[iban]";
		default: break;
		}
	return "[pii]";
}

int ts_pii_mask(struct ts_buf *out, const char *text, size_t from, size_t to,
                const ts_finding *f, size_t nf, int pii_cat)
{
	size_t pos = from;
	int rc;

	if (to <= from)
		return TS_OK;
	for (size_t i = 0; pii_cat >= 0 && i < nf && f[i].start < to; i++) {
		const ts_finding *x = &f[i];
		size_t s, e;

		if ((int)x->category != pii_cat || x->end <= from ||
		    x->end <= x->start)
			continue;
		s = x->start > from ? x->start : from;
		e = x->end < to ? x->end : to;
		if (e <= pos)
			continue; /* inside what is masked already */
		if (s < pos) {
			pos = e;  /* overlaps the last mask: it covers this too */
			continue;
		}
		if ((rc = ts_buf_add(out, text + pos, s - pos)) != TS_OK ||
		    (rc = ts_buf_adds(out, mask_of(x))) != TS_OK)
			return rc;
		pos = e;
	}
	return ts_buf_add(out, text + pos, to - pos);
}
