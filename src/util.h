/*
 * util.h - small inline helpers shared by the library: hashing, UTF-8
 * sequences, ASCII case folding and the string-to-number parsing every
 * module needs.
 */
#ifndef TS_UTIL_H
#define TS_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* FNV-1a 64 over bytes; h is the running value (start with TS_FNV_INIT). */
#define TS_FNV_INIT 0xcbf29ce484222325ULL
static inline uint64_t ts_fnv1a(uint64_t h, const void *data, size_t n)
{
	const unsigned char *p = data;
	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* Bits of a 64-bit word: the lowest and the highest set one (x != 0),
 * and how many are set. */
static inline unsigned ts_low_bit64(uint64_t x)
{
#if defined(__GNUC__)
	return (unsigned)__builtin_ctzll(x);
#else
	unsigned b = 0;
	while (!(x & 1)) {
		x >>= 1;
		b++;
	}
	return b;
#endif
}

static inline unsigned ts_top_bit64(uint64_t x)
{
#if defined(__GNUC__)
	return (unsigned)(63 - __builtin_clzll(x));
#else
	unsigned b = 0;
	while (x >>= 1)
		b++;
	return b;
#endif
}

static inline unsigned ts_popcount64(uint64_t x)
{
#if defined(__GNUC__)
	return (unsigned)__builtin_popcountll(x);
#else
	unsigned n = 0;
	for (; x; x &= x - 1)
		n++;
	return n;
#endif
}

/* A strong 64-bit finaliser (splitmix64), for hash-table slots. */
static inline uint64_t ts_mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}

/* Length of the valid UTF-8 sequence at p[0, n) (1..4), 0 when p[0] does
 * not start one: overlong forms, surrogates, code points past U+10FFFF
 * and sequences cut by n are invalid. */
static inline size_t ts_utf8_seq(const unsigned char *p, size_t n)
{
	unsigned c = p[0], cp;
	size_t len;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
		cp = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		cp = c & 0x0F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		cp = c & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t k = 1; k < len; k++) {
		if ((p[k] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[k] & 0x3F);
	}
	if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
		return 0;
	return len;
}

static inline unsigned char ts_lower(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}

/* Case-insensitive ASCII compare of a counted string with a C string. */
static inline int ts_eq_nocase(const char *a, size_t n, const char *b)
{
	size_t i;
	for (i = 0; i < n; i++) {
		if (!b[i] || ts_lower((unsigned char)a[i]) != ts_lower((unsigned char)b[i]))
			return 0;
	}
	return b[i] == '\0';
}

/* Trims ASCII spaces and tabs from both ends of (p, n). */
static inline void ts_trim(const char **p, size_t *n)
{
	while (*n && (**p == ' ' || **p == '\t')) {
		(*p)++;
		(*n)--;
	}
	while (*n && ((*p)[*n - 1] == ' ' || (*p)[*n - 1] == '\t' ||
	              (*p)[*n - 1] == '\r' || (*p)[*n - 1] == '\n'))
		(*n)--;
}

#endif
