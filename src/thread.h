/*
 * thread.h - reply-linked threads (internal): exports that give each
 * message its own id and the id of the message it answers (twcs:
 * tweet_id, in_response_to_tweet_id) but no conversation id.  The
 * conversation of a message is the root of its reply chain, named by the
 * root's id.
 *
 * Use (two passes over a file): ts_replymap_add for every message,
 * ts_replymap_resolve, then ts_replymap_root (and ts_replymap_depth) per
 * message; the answer does not depend on the order of the rows.  Input
 * that cannot be read twice is spooled by the scanner (source.c), so
 * there is no one-pass variant.
 *
 * Roots: following the parents from a message, the root is the first id
 * with no parent; a parent the file does not have is such an id (the
 * conversation is named after the missing message, so replies to it stay
 * together); in a cycle the root is the smallest id of the cycle (bytes,
 * then length).  An id noted twice keeps the parent of its first note.
 *
 * Depth: the replies between the root and a message (0 for the root; in
 * a cycle the steps up to its root), at most 65535 (it breaks ties
 * between messages of the same time).
 *
 * Memory: one 24-byte node per distinct id (messages and parents the
 * file lacks), about 8 bytes of hash index per node, and the ids' bytes.
 * Ids are compared by a 64-bit FNV-1a hash and their length.
 */
#ifndef TS_THREAD_H
#define TS_THREAD_H

#include <stddef.h>

#include "traitscan.h"

#define TS_MAX_MESSAGE_ID 256   /* bytes of a message or reply-to id */

typedef struct ts_replymap ts_replymap;

/* TS_OK or TS_ENOMEM. */
int ts_replymap_new(ts_replymap **out);
/* Notes that id answers parent (parent.n == 0: nothing; parent == id is
 * no parent either).  Ids must be at most TS_MAX_MESSAGE_ID bytes and
 * non-empty (TS_EUSAGE otherwise).  TS_OK, TS_ENOMEM, or TS_ELIMIT (more
 * than 2^32 - 2 ids or 4 GiB of id bytes). */
int ts_replymap_add(ts_replymap *m, ts_str id, ts_str parent);
/* After the last add: the root of every id, in time linear in the ids.
 * TS_OK or TS_ENOMEM. */
int ts_replymap_resolve(ts_replymap *m);
/* The root of id after resolve, pointing into the map and valid while it
 * lives; id itself when it was never noted. */
ts_str ts_replymap_root(const ts_replymap *m, ts_str id);
/* The depth of id after resolve (see above); 0 when it was never noted. */
unsigned ts_replymap_depth(const ts_replymap *m, ts_str id);
/* Distinct ids held, and the bytes the map holds. */
size_t ts_replymap_count(const ts_replymap *m);
size_t ts_replymap_bytes(const ts_replymap *m);
void ts_replymap_free(ts_replymap *m);

/* The agent signature that ends text, if any: the last whitespace-
 * separated token, after any trailing links (http:// or https://), made
 * of one mark (^ - * /) and 2 to 5 ASCII letters ("^RR", "-Jay", "*TB").
 * Returns the letters (into text), or n == 0. */
ts_str ts_agent_signature(const char *text, size_t n);

/* An id as a reply column holds it: trimmed, and an integer written as a
 * float by a dataframe ("119240.0") read as the integer. */
ts_str ts_message_id_norm(ts_str id);

#endif
