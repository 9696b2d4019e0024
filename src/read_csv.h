/*
 * read_csv.h - what read_csv.c shows beyond the public API: a look at the
 * reader's memory, so tests can check that one long field or a skipped
 * record never costs much more than --max-field.
 */
#ifndef TS_READ_CSV_H
#define TS_READ_CSV_H

#include <stddef.h>

#include "traitscan.h"

/* Bytes the reader holds for the field and record being read (libcsv's
 * entry buffer, the record buffer, header scratch).  None of these shrink,
 * so after a run this is also the peak. */
size_t ts_csv_reader_buffer_bytes(const ts_csv_reader *r);

#endif
