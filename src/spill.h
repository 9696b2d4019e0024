/*
 * spill.h - fixed-size records grouped by a 64-bit key into partitions,
 * held in memory up to a cap and spilled to one unlinked temporary file
 * beyond it, then read back one partition at a time (internal).
 *
 * It is how the FCR linker sees every conversation of a customer together
 * without holding the export: memory is the cap plus the largest
 * partition (1/TS_SPILL_PARTS of the records), whatever the input order.
 * Records with the same key always land in the same partition; order
 * within a partition is not kept (the caller sorts).  The temporary file
 * is created in the given directory and unlinked at once, so nothing is
 * left behind, even if the process is killed.
 */
#ifndef TS_SPILL_H
#define TS_SPILL_H

#include <stddef.h>
#include <stdint.h>

#include "traitscan.h"

#define TS_SPILL_PARTS 64
#define TS_SPILL_MEM ((size_t)1 << 20) /* default bytes held before spilling */

typedef struct ts_spill ts_spill;

/* recsize: bytes of one record; mem_cap: bytes held in memory before
 * spilling (0: TS_SPILL_MEM); tmpdir: where the temporary file goes (NULL:
 * $TMPDIR, else /tmp).  TS_OK or TS_ENOMEM. */
int ts_spill_new(ts_spill **out, size_t recsize, size_t mem_cap, const char *tmpdir);
/* Adds a copy of rec under key.  TS_OK, TS_ENOMEM, or TS_EIO (err says
 * why: the temporary file could not be created or written). */
int ts_spill_add(ts_spill *s, uint64_t key, const void *rec, ts_error *err);
/* Partitions in turn: *recs points at every record of the next non-empty
 * partition (*n of them, writable, valid until the next call).  Returns 1
 * while there is one, 0 after the last, TS_ENOMEM or TS_EIO.  No record
 * may be added once this has been called. */
int ts_spill_next(ts_spill *s, void **recs, size_t *n, ts_error *err);
/* Records added, and whether any went to the temporary file. */
uint64_t ts_spill_count(const ts_spill *s);
int ts_spill_spilled(const ts_spill *s);
void ts_spill_free(ts_spill *s);

/* Scratch files (the spill's, and source.c's spool of a pipe): the
 * directory for them, tmpdir or else $TMPDIR or else /tmp; and a new
 * read-write file in dir with no name (O_TMPFILE; where that is not
 * supported, one named after what and unlinked at once).  Returns
 * its descriptor, or -1 with err set: TS_EIO ("cannot create a temporary
 * file in 'DIR': why") or TS_ENOMEM, err->file empty. */
const char *ts_tmpdir(const char *tmpdir);
int ts_tmpfile(const char *dir, const char *what, ts_error *err);

#endif
