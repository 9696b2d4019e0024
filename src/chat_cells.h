/*
 * chat_cells.h - chat transcripts stored inside one CSV or JSON text cell
 * (--split-chat-cells), split into one message per turn (internal).  The
 * line layouts and speaker rules are the chat log reader's
 * (ts_chat_line_classify, ts_chat_speaker_role); see chat_cells.c for
 * when a cell is a transcript and what each turn's fields are.
 */
#ifndef TS_CHAT_CELLS_H
#define TS_CHAT_CELLS_H

#include <stddef.h>

#include "read_chat.h"
#include "timeparse.h"
#include "traitscan.h"

typedef struct ts_cell_splitter ts_cell_splitter;

/* opt: the chat rules (layouts, --agents, --agent-pattern; max_line is not
 * used).  tf: --time-format for reading a row's time, or NULL; it must
 * outlive the splitter.  Returns TS_OK, TS_ENOMEM, or TS_EUSAGE for a bad
 * pattern (err says which), as ts_chat_reader_new. */
int ts_cell_splitter_new(ts_cell_splitter **out, const ts_chat_options *opt,
                         const ts_timefmt *tf, ts_error *err);
void ts_cell_splitter_free(ts_cell_splitter *sp);

/* 1 when s[0, n) holds a chat transcript: at least two turn lines that are
 * timed, or untimed with a speaker whose role the chat rules know, and
 * whose speaker is not a header field ("Error", "Note", "Order number");
 * 0 when not; TS_ENOMEM when a match ran out of memory. */
int ts_cell_is_transcript(ts_cell_splitter *sp, const char *s, size_t n);

/* Hands m on to fn: as it is when its text is not a transcript, else one
 * message per turn and system line, in order, with part 0, 1, 2...
 * (ts_message.part); strings point into the splitter and are valid during
 * the call.  Returns TS_OK, TS_ENOMEM, or the first non-zero return of fn
 * (nothing more is handed on after it). */
int ts_cell_split(ts_cell_splitter *sp, const ts_message *m, ts_message_fn fn,
                  void *ud);

#endif
