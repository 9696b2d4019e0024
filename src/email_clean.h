/*
 * email_clean.h - what is left of an e-mail body once quoted replies and
 * the signature are removed (internal).  Each boundary rule is one small
 * function in email_clean.c.
 */
#ifndef TS_EMAIL_CLEAN_H
#define TS_EMAIL_CLEAN_H

#include <stddef.h>

#include "buf.h"

/*
 * Appends the author's own text of body s[0, n) (UTF-8, lines ending in
 * "\n", a CR before it is ignored) to out:
 *  - everything from the first of these lines on is dropped: a signature
 *    separator ("-- " or "--"), "-----Original Message-----", a forwarded
 *    message header ("---------- Forwarded message ----------", "Begin
 *    forwarded message:"), an Outlook header block ("From:" followed
 *    within four lines by "Sent:" or "Date:" and by "To:" or "Subject:"),
 *    a mobile footer ("Sent from my iPhone", "Get Outlook for iOS");
 *  - an attribution ("On <date>, <name> wrote:", also wrapped over two
 *    lines, and "Am ... schrieb ...:") is dropped; if the next non-blank line
 *    is not a ">" line, everything after it is dropped too (top-posting);
 *  - every line starting with ">" is dropped (interleaved replies keep
 *    the author's lines between quotes);
 *  - a short name block (1 to 4 non-blank lines of at most 40 bytes, none
 *    ending in '?' or holding ". ", a sentence) after the last sign-off
 *    line ("Thanks,", "Best regards", "Cheers" ...) ending the text is
 *    dropped; the sign-off itself stays (it is a closing, which the
 *    analysis counts);
 *  - blank lines at both ends are dropped.
 * Returns TS_OK, TS_ENOMEM or TS_ELIMIT.
 */
int ts_email_clean(const char *s, size_t n, ts_buf *out);

#endif
