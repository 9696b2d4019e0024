/*
 * question.c - clarifying questions.
 */
#include "detect.h"

int ts_question_detect(const ts_msgctx *c)
{
	(void)c;
	return TS_OK;
}
