/*
 * html_text.h - HTML reduced to plain text for the e-mail reader
 * (internal).  Not a parser: a single pass over tags and entities.
 */
#ifndef TS_HTML_TEXT_H
#define TS_HTML_TEXT_H

#include <stddef.h>

#include "buf.h"

/*
 * Appends the text of s[0, n) (UTF-8) to out: tags are dropped, <script>
 * and <style> with their content; <br>, <p>, <div>, <li>, <tr> and
 * headings break the line (a closing </p> leaves a blank line; never more
 * than one blank line in a row, none at the start); runs of blanks and
 * line breaks in the source
 * become one space; named entities for the common characters and numeric
 * entities are decoded (an unknown one is kept as written); text inside
 * <blockquote> comes out with "> " in front of each line, so quoted
 * replies look like plain-text ones.  Returns TS_OK, TS_ENOMEM or
 * TS_ELIMIT.
 */
int ts_html_text(const char *s, size_t n, ts_buf *out);

#endif
