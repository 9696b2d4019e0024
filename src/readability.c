/*
 * readability.c - syllables and the Flesch formulas (STUB: replaced by the
 * real counter).
 */
#include "detect.h"

size_t ts_syllables(const char *w, size_t n)
{
	(void)w;
	return n ? 1 : 0;
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
