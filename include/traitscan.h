/*
 * traitscan.h - the one public header of libtraitscan.
 *
 * The library reads exported support transcripts (bytes fed in chunks),
 * groups them into conversations, finds lexicon matches per message and
 * aggregates per-agent metrics.  It never prints, never exits and keeps no
 * global mutable state: every diagnostic comes back as a value (ts_error) or
 * through a callback the caller supplies.  Handles are opaque; everything
 * the library hands out through a callback is only valid during the call.
 */
#ifndef TRAITSCAN_H
#define TRAITSCAN_H

#include <stddef.h>
#include <stdio.h>

#define TS_VERSION "0.1.0"

/* ---- status codes: 0 ok, negative on failure -------------------------- */
enum {
	TS_OK = 0,
	TS_ENOMEM = -1,     /* allocation failed */
	TS_EIO = -2,        /* read or write failed (errno kept in message) */
	TS_EINPUT = -3,     /* malformed input: record or file rejected */
	TS_EUSAGE = -4,     /* bad option or argument */
	TS_ELEXICON = -5,   /* lexicon file problem */
	TS_ETRUNCATED = -6, /* compressed stream ended early */
	TS_ECORRUPT = -7,   /* compressed stream is not valid */
	TS_ELIMIT = -8,     /* a named limit was exceeded */
	TS_ESTOP = -9       /* a callback asked to stop */
};

/* ---- limits ------------------------------------------------------------ */
/* Raisable by options (README "Limits" says what happens past each): */
#define TS_DEFAULT_MAX_FIELD ((size_t)1 << 20)      /* --max-field: bytes of a CSV
                                                     * field or a chat line */
#define TS_DEFAULT_MAX_COLUMNS 4096                 /* --max-columns: per CSV row */
#define TS_DEFAULT_MAX_OPEN 4096                    /* --max-open conversations */
#define TS_DEFAULT_MAX_HELD ((size_t)64 << 20)      /* --max-held: bytes held by
                                                     * open conversations */
#define TS_DEFAULT_MAX_MESSAGE ((size_t)16 << 20)   /* --max-message: bytes of one
                                                     * e-mail or JSON item */
#define TS_DEFAULT_MAX_DEPTH 64                     /* --max-depth: MIME multipart
                                                     * and JSON nesting */
#define TS_MAX_DEPTH_LIMIT 1000                     /* the most --max-depth takes:
                                                     * the MIME walk recurses */
#define TS_REGEX_MATCH_LIMIT 100000u                /* --regex-match-limit:
                                                     * pcre2_set_match_limit */
#define TS_REGEX_DEPTH_LIMIT 10000u                 /* --regex-depth-limit:
                                                     * pcre2_set_depth_limit */
/* Fixed: */
#define TS_MAX_LEXICON_FILE ((size_t)64 << 20)      /* one lexicon file */
#define TS_MAX_PHRASE_WORDS 12                      /* words in one phrase entry */
#define TS_REGEX_NEED 128                           /* need= words of a regex entry */
#define TS_READ_CHUNK ((size_t)256 << 10)           /* bytes per source read */
#define TS_SPOOL_HOLD TS_READ_CHUNK                 /* a pipe's bytes held before its copy */
#define TS_MAX_DIR_DEPTH 64                         /* directories below a scanned one */
#define TS_MAX_THREADS 256                          /* -j: threads of one scan */

/*
 * An error or diagnostic: where (file and 1-based line, 0 when unknown;
 * column likewise) and what, in lowercase without a trailing period.
 */
typedef struct ts_error {
	int code;
	char file[512];
	unsigned long line;
	unsigned long col;
	char msg[512];
} ts_error;

/* Sets *err (if not NULL) and returns code.  printf-style message. */
int ts_error_set(ts_error *err, int code, const char *file, unsigned long line,
                 const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 5, 6)))
#endif
	;
void ts_error_clear(ts_error *err);
const char *ts_strerror(int code);

/* A byte string that is not necessarily NUL-terminated. */
typedef struct ts_str {
	const char *p;
	size_t n;
} ts_str;

/* ---- messages ------------------------------------------------------------ */
typedef enum ts_role {
	TS_ROLE_UNKNOWN = 0,
	TS_ROLE_AGENT,
	TS_ROLE_CUSTOMER,
	TS_ROLE_BOT,
	TS_ROLE_SYSTEM,
	TS_ROLE_NOTE,
	TS_ROLE_COUNT
} ts_role;

/* Maps an export's role value (case-insensitive, trimmed) to a role;
 * TS_ROLE_UNKNOWN when the value is not recognised. */
ts_role ts_role_parse(const char *s, size_t n);
const char *ts_role_name(ts_role r);

/* The message fields a reader can fill; TS_F_COUNT is the number. */
typedef enum ts_field {
	TS_F_CONVERSATION = 0,
	TS_F_SEQ,
	TS_F_TIME,
	TS_F_ROLE,
	TS_F_AUTHOR,
	TS_F_CUSTOMER,
	TS_F_CHANNEL,
	TS_F_TEXT,
	TS_F_STATUS,
	TS_F_REOPENS,            /* a ticket's reopen count */
	TS_F_ASSIGNEE,           /* the ticket's assignee on this message */
	TS_F_MESSAGE_ID,         /* the message's own id (reply threading) */
	TS_F_REPLY_TO,           /* the id of the message it answers */
	TS_F_COUNT
} ts_field;

const char *ts_field_name(ts_field f);         /* "conversation", "text"... */
int ts_field_parse(const char *name, size_t n); /* field index or -1 */

/*
 * One message as a reader emits it.  Strings point into the reader's
 * buffers and are valid only during the callback.  A field the input does
 * not have has n == 0.
 */
typedef struct ts_message {
	ts_str f[TS_F_COUNT];
	ts_role role;
	int has_seq;             /* f[TS_F_SEQ] came from the input */
	unsigned long row;       /* 1-based record number within its file */
	unsigned long line;      /* physical line the record starts on */
	const char *file;        /* display name of the input */
	/* 0 for a record's first (or only) message; 1, 2... for the further
	 * turns of a chat transcript split out of the record's text cell
	 * (ts_scan_options.split_chat_cells), which share its row. */
	unsigned part;
	/* One cell per ts_csv_options.extra_columns entry, trimmed, pointing
	 * into the reader's buffers like f[]; p == NULL when the header has no
	 * such column (an empty cell has p != NULL and n == 0). */
	const ts_str *extra;
	size_t nextra;
} ts_message;

/* Called for each message; a non-zero return stops the reader (TS_ESTOP). */
typedef int (*ts_message_fn)(void *ud, const ts_message *m);
/* Called for each diagnostic: a rejected record (TS_EINPUT), or a warning
 * (code 0).  Returning non-zero stops the reader (used by --strict). */
typedef int (*ts_diag_fn)(void *ud, const ts_error *e);

/* ---- source: files and stdin, gzip sniffed -------------------------------- */
typedef struct ts_source ts_source;

/* Opens path ("-" is stdin).  Gzip (magic 1f 8b) is inflated as a stream,
 * concatenated members included.  Returns TS_OK or TS_EIO with err set. */
int ts_source_open(ts_source **out, const char *path, ts_error *err);
/* A source over caller memory (not copied; must outlive the source). */
int ts_source_open_mem(ts_source **out, const char *name, const void *buf,
                       size_t len, ts_error *err);
/* Reads up to cap decoded bytes into buf; *got == 0 means end of input.
 * Errors: TS_EIO, TS_ETRUNCATED (gzip ended early), TS_ECORRUPT. */
int ts_source_read(ts_source *s, void *buf, size_t cap, size_t *got,
                   ts_error *err);
/* As ts_source_read, but reads until buf is full or the input ends, so
 * that a pipe that delivers a few bytes at a time gives the same first
 * bytes as a file does (format detection looks at them).  An error after
 * some bytes comes on the next read, as for ts_source_read. */
int ts_source_read_full(ts_source *s, void *buf, size_t cap, size_t *got,
                        ts_error *err);
/* Starts the input again from its first byte, for a second pass: a
 * regular file (stdin too when it is one), memory, or a spooled pipe (see
 * ts_source_spool).  TS_OK, TS_EUSAGE when the input cannot be read twice
 * (a pipe or terminal not spooled), TS_EIO or TS_ENOMEM. */
int ts_source_rewind(ts_source *s, ts_error *err);
/* 1 when ts_source_rewind can work. */
int ts_source_can_rewind(const ts_source *s);
/* For a second pass over a source that cannot rewind (a pipe): from now
 * on every decoded byte ts_source_read returns is also written to a
 * temporary file in tmpdir (NULL or "": $TMPDIR, else /tmp), unlinked at
 * once, after the n bytes at head -- the bytes read before this call,
 * which the caller still has.  ts_source_rewind then reads that copy (as
 * plain bytes: gzip was inflated the first time).  Nothing happens for a
 * source that can rewind.  TS_OK, or TS_EIO / TS_ENOMEM with err->file
 * empty when the file cannot be created or written; a write that fails
 * later is returned the same way by the next ts_source_read, and by
 * ts_source_rewind. */
int ts_source_spool(ts_source *s, const void *head, size_t n, const char *tmpdir,
                    ts_error *err);
/* Drops the copy (the input needs no second pass after all), and with it
 * a failure to write the copy that the next read would have returned. */
void ts_source_unspool(ts_source *s);
int ts_source_is_gzip(const ts_source *s);
const char *ts_source_name(const ts_source *s);
void ts_source_free(ts_source *s);

/* Directories: every regular file below dir (symlinks followed), in
 * bytewise sorted order of the names, depth first; names starting with
 * '.' are skipped.  A directory or file reached a second time (a symlink
 * loop, or two links to it) and anything that is not a regular file (a
 * FIFO, a socket, a device) are skipped with a warning (code 0 to
 * on_diag); an entry that cannot be read at all (a dangling symlink, a
 * link to itself, a directory that cannot be opened, directories nested
 * deeper than TS_MAX_DIR_DEPTH) is an error (TS_EIO to on_diag): its
 * records are lost.  The walk goes on after both, unless on_diag returns
 * non-zero for an error.  fn returning non-zero stops it too (TS_ESTOP).
 * Returns TS_OK, TS_ESTOP, TS_EIO (dir itself cannot be read; err says
 * why) or TS_ENOMEM.  Memory follows the number of entries seen (about
 * 50 bytes each) and one directory's names. */
typedef int (*ts_source_walk_fn)(void *ud, const char *path);
int ts_source_walk(const char *dir, ts_source_walk_fn fn, ts_diag_fn on_diag, void *ud,
                   ts_error *err);
/* 1 when path names a directory ("-" never does). */
int ts_source_is_dir(const char *path);

/* ---- input formats ------------------------------------------------------- */
typedef enum ts_input_format {
	TS_IN_AUTO = 0,  /* from the name, then the first bytes */
	TS_IN_CSV,       /* one row per message (CSV or TSV) */
	TS_IN_CHAT,      /* plain-text chat logs */
	TS_IN_EMAIL,     /* mbox or one message (.eml) */
	TS_IN_JSON,      /* JSON Lines or an array of tickets */
	TS_IN_COUNT
} ts_input_format;

const char *ts_input_format_name(ts_input_format f);  /* "csv", "chat"... */
int ts_input_format_parse(const char *name);          /* format, or -1 */
/* The format of an input from its name (a .gz suffix is looked through:
 * .csv .tsv, .txt .log, .mbox .eml .mbx, .json .jsonl .ndjson) and, when
 * the name says nothing, its first decoded bytes; CSV when nothing else
 * fits.  A format whose reader is not built in is never returned. */
ts_input_format ts_input_format_detect(const char *name, const void *head, size_t n);
/* The two halves of that: the format a name promises, and the format the
 * first bytes show; TS_IN_AUTO when they say nothing (never CSV: any text
 * can be read as CSV), which is also what out of memory makes them say
 * of a chat log (the scanner tells that apart and fails). */
ts_input_format ts_input_format_from_name(const char *name);
ts_input_format ts_input_format_sniff(const void *head, size_t n);

/* ---- CSV reader ----------------------------------------------------------- */
/* How messages are grouped when a CSV has reply links (--thread-by). */
typedef enum ts_thread_by {
	TS_THREAD_AUTO = 0,      /* by reply links when the header has a
	                          * message_id and a reply_to column and no
	                          * conversation column */
	TS_THREAD_CONVERSATION,  /* by the conversation column, always */
	TS_THREAD_REPLY          /* by reply links, even with a conversation
	                          * column */
} ts_thread_by;

typedef struct ts_csv_options {
	size_t max_field;        /* 0: TS_DEFAULT_MAX_FIELD */
	size_t max_columns;      /* 0: TS_DEFAULT_MAX_COLUMNS */
	char delimiter;          /* 0: ',' */
	/* --map overrides: map_column[f] names the header column for field f,
	 * NULL to use the alias table. */
	const char *map_column[TS_F_COUNT];
	/* Extra columns whose cells every message carries in ts_message.extra
	 * (the label columns of `traitscan calibrate`).  Names match header
	 * columns like the aliases do (case-insensitive, ' ' '-' '.' as '_');
	 * the first such column wins; a NULL name matches none.  Copied by
	 * ts_csv_reader_new. */
	const char *const *extra_columns;
	size_t nextra;
	/* Reply threading: when on (see ts_thread_by), the conversation
	 * column is neither required nor read, every record needs a message
	 * id instead, ids (message and reply-to) longer than 256 bytes are
	 * rejected, and the caller names each message's conversation (the
	 * scanner: the root of its reply chain). */
	ts_thread_by thread_by;
} ts_csv_options;

typedef struct ts_csv_reader ts_csv_reader;

/* name is the display name used in diagnostics (copied).  Messages go to
 * on_message, rejected records and warnings to on_diag. */
int ts_csv_reader_new(ts_csv_reader **out, const ts_csv_options *opt,
                      const char *name, ts_message_fn on_message,
                      ts_diag_fn on_diag, void *ud, ts_error *err);
/* Feeds the next chunk (any size, boundaries anywhere).  Returns TS_OK,
 * TS_EINPUT for a file-level problem that stops this input (no usable
 * header: err says why), TS_ESTOP if a callback stopped it, TS_ENOMEM. */
int ts_csv_reader_feed(ts_csv_reader *r, const void *buf, size_t n,
                       ts_error *err);
/* Ends the input: flushes the last record (or rejects an unterminated one). */
int ts_csv_reader_finish(ts_csv_reader *r, ts_error *err);
/* Records seen (data rows, header excluded), and of those rejected. */
void ts_csv_reader_counts(const ts_csv_reader *r, unsigned long *records,
                          unsigned long *rejected);
/* After the header: 1 when records are threaded by reply links, 0 when
 * not; -1 while the header has not been read. */
int ts_csv_reader_threaded(const ts_csv_reader *r);
void ts_csv_reader_free(ts_csv_reader *r);

/* ---- lexicons -------------------------------------------------------------- */
typedef struct ts_lexset ts_lexset;

int ts_lexset_new(ts_lexset **out);
/* Adds every regular *.txt / *.lex file in dir; a file whose name matches
 * one added before replaces it.  Files are parsed at ts_lexset_compile. */
int ts_lexset_add_dir(ts_lexset *set, const char *dir, ts_error *err);
/* Adds one file from memory (tests, fuzzing); name is its file name. */
int ts_lexset_add_mem(ts_lexset *set, const char *name, const char *buf,
                      size_t len, ts_error *err);
/* Parses and compiles everything added.  Every problem goes to on_problem
 * (file, line, col, message; code TS_ELEXICON for errors, 0 for warnings);
 * returns TS_ELEXICON if there was any error, TS_OK otherwise. */
int ts_lexset_compile(ts_lexset *set, ts_diag_fn on_problem, void *ud,
                      ts_error *err);
/* Categories in report order: empathy, paraphrase, clarifying, jargon,
 * politeness first (when present), then the others by name. */
size_t ts_lexset_ncategories(const ts_lexset *set);
const char *ts_lexset_category(const ts_lexset *set, size_t i);
size_t ts_lexset_nentries(const ts_lexset *set);
/* 16 hex digits identifying the effective lexicon files and their bytes. */
const char *ts_lexset_hash(const ts_lexset *set);
/* Where entry id was written: the file's name without its directory (a
 * set has one file of each name, so it is unambiguous, and reports do not
 * depend on where the lexicons are installed) and the 1-based line. */
void ts_lexset_entry_origin(const ts_lexset *set, size_t entry,
                            const char **file, unsigned long *line);
void ts_lexset_free(ts_lexset *set);

/* ---- matching one message --------------------------------------------------- */

/* Who produced a finding. */
typedef enum ts_detector {
	TS_DET_LEXICON = 0, /* a lexicon entry (ts_finding.entry says which) */
	TS_DET_QUESTION,    /* clarifying: an agent sentence asking for information */
	TS_DET_OVERLAP,     /* paraphrase: restates the customer's previous turn */
	TS_DET_ACRONYM,     /* jargon: an acronym the customer did not use first */
	TS_DET_PII,         /* pii: card number (Luhn), e-mail, phone, IBAN */
	TS_DET_SARCASM,     /* frustration: a sarcastic customer message */
	TS_DET_COUNT
} ts_detector;

/* Whether a finding counts and, when it does not, why. */
typedef enum ts_status {
	TS_COUNTED = 0,
	TS_NEGATED,        /* a negator governs it ("I don't understand") */
	TS_SARCASTIC,      /* in a sarcastic customer message ("thanks for nothing") */
	TS_EXPLAINED,      /* jargon explained in the same or the next sentence */
	TS_COURTESY,       /* a courtesy or closing question ("anything else?") */
	TS_RHETORICAL,     /* a question that asks for nothing, or question
	                      words inside a statement ("you'd be surprised
	                      how many people ask") */
	TS_RESTATEMENT,    /* a question that checks understanding (paraphrase) */
	TS_CUSTOMER_FIRST, /* an acronym the customer used first */
	TS_IN_QUESTION,    /* empathy asked about, not reflected ("why do you feel
	                      stressed?") */
	TS_STATUS_COUNT
} ts_status;

/* What a detector knows beyond the category. */
typedef enum ts_detail {
	TS_DETAIL_NONE = 0,
	TS_DETAIL_OPEN,    /* clarifying: an open question (what, how, why...) */
	TS_DETAIL_CLOSED,  /* clarifying: a yes/no or either/or question */
	TS_DETAIL_CARD,    /* pii kinds */
	TS_DETAIL_EMAIL,
	TS_DETAIL_PHONE,
	TS_DETAIL_IBAN,
	TS_DETAIL_COUNT
} ts_detail;

/* Names used in reports ("lexicon", "negated", "open"...). */
const char *ts_detector_name(ts_detector d);
const char *ts_status_name(ts_status s);
const char *ts_detail_name(ts_detail d);

#define TS_NO_ENTRY ((unsigned)-1)

typedef struct ts_finding {
	unsigned category;      /* index into the lexset's categories */
	unsigned entry;         /* lexicon entry id (see ts_lexset_entry_origin),
	                           TS_NO_ENTRY for a detector's finding */
	size_t start, end;      /* byte span in the message text */
	double weight;
	unsigned char detector; /* ts_detector */
	unsigned char status;   /* ts_status: only TS_COUNTED findings count */
	unsigned char detail;   /* ts_detail */
} ts_finding;

/* Index of the category called name, -1 when the set has none. */
int ts_lexset_category_index(const ts_lexset *set, const char *name);

/* Per-thread scratch space for matching (token arrays, PCRE2 match data). */
typedef struct ts_matcher ts_matcher;

int ts_matcher_new(ts_matcher **out, const ts_lexset *set);
/*
 * Finds every lexicon match in text for a message of the given role.
 * Within a category overlapping matches count once (the longest wins).
 * On return *found points at the findings sorted by (start, category),
 * valid until the next call; *words is the word count of the text.
 * Invalid UTF-8 never fails a match.  A /regex/ entry that hits its PCRE2
 * match or depth limit finds nothing in this text (ts_matcher_limited
 * lists them).  Returns TS_OK or TS_ENOMEM.
 */
int ts_matcher_run(ts_matcher *m, ts_role role, const char *text, size_t n,
                   const ts_finding **found, size_t *nfound, size_t *words);
/* The PCRE2 match and depth limits of /regex/ entries from now on (0: the
 * defaults, TS_REGEX_MATCH_LIMIT and TS_REGEX_DEPTH_LIMIT). */
void ts_matcher_set_limits(ts_matcher *m, unsigned match_limit, unsigned depth_limit);
/* The /regex/ entries that hit a limit in the last ts_matcher_run (valid
 * until the next run): their number, and *entries their ids. */
size_t ts_matcher_limited(const ts_matcher *m, const unsigned **entries);
void ts_matcher_free(ts_matcher *m);

/* ---- scanning: the whole pipeline ------------------------------------------ */
/* Who owns a conversation (and gets its FCR and duration): the agent who
 * wrote the last agent message, the first, or the most (ties: the one who
 * wrote last). */
typedef enum ts_owner_rule { TS_OWNER_LAST = 0, TS_OWNER_FIRST, TS_OWNER_MOST } ts_owner_rule;

#define TS_DEFAULT_FCR_WINDOW ((long long)7 * 86400) /* --fcr-window: seconds */
#define TS_DEFAULT_NUDGE_AFTER 300                    /* --nudge-after: seconds */
#define TS_DEFAULT_SUBJECT_WINDOW ((long long)7 * 86400) /* --subject-window: seconds */

typedef struct ts_scan_options {
	const ts_lexset *lexicons;  /* compiled; required */
	ts_csv_options csv;
	size_t max_open;            /* 0: TS_DEFAULT_MAX_OPEN */
	size_t max_held;            /* 0: TS_DEFAULT_MAX_HELD */
	size_t max_message;         /* bytes of one e-mail or JSON item; 0:
	                             * TS_DEFAULT_MAX_MESSAGE */
	size_t max_depth;           /* MIME multipart and JSON nesting; 0:
	                             * TS_DEFAULT_MAX_DEPTH; at most
	                             * TS_MAX_DEPTH_LIMIT (more is taken as that) */
	/* PCRE2 match and depth limits of lexicon /regex/ entries, the chat
	 * layouts, line_format and agent_pattern; 0: TS_REGEX_MATCH_LIMIT and
	 * TS_REGEX_DEPTH_LIMIT.  A lexicon regex that hits one counts nothing
	 * in that message (ts_scan_counts.regex_limited, and a warning naming
	 * the entry the first time); a chat line that hits one is no turn. */
	unsigned regex_match_limit;
	unsigned regex_depth_limit;
	int strict;                 /* stop at the first rejected record */
	/* Threads that analyse conversations, this one included (0 or 1: this
	 * one only; at most TS_MAX_THREADS).  The reports and the callbacks'
	 * order do not depend on it: conversations are summed up in the order
	 * they close, whichever thread analysed them. */
	unsigned threads;
	int keep_conversations;     /* keep one record per conversation for
	                             * the by-conversation report */
	ts_diag_fn on_diag;         /* rejects and warnings */
	void *diag_ud;
	/* first-contact resolution and timing */
	ts_owner_rule owner;        /* who gets conversation-level results */
	long long fcr_window;       /* seconds; 0: TS_DEFAULT_FCR_WINDOW */
	int fcr_final;              /* the data is complete: nothing is pending */
	long long nudge_after;      /* seconds; 0: TS_DEFAULT_NUDGE_AFTER */
	const char *time_format;    /* strptime-like (--time-format); NULL: ISO
	                             * 8601, "YYYY-MM-DD HH:MM:SS", Unix seconds,
	                             * twcs and RFC 2822 forms recognised */
	const char *tmpdir;         /* FCR scratch space and a pipe's copy for
	                             * a second pass; NULL: $TMPDIR or /tmp */
	int no_fcr;                 /* no FCR and no timing (times not read) */
	ts_input_format input_format; /* TS_IN_AUTO: per input, from its name
	                             * and first bytes */
	/* who is an agent in chat logs and e-mail (CSV and JSON say it) */
	const char *const *agents;  /* --agents: names or addresses */
	size_t nagents;
	const char *agent_pattern;  /* --agent-pattern: PCRE2, chat speakers */
	const char *line_format;    /* --line-format: PCRE2 with named groups
	                             * speaker, text (and time): chat turns */
	const char *const *agent_domains; /* --agent-domain: e-mail senders */
	size_t nagent_domains;
	long long subject_window;   /* e-mail threaded by subject: seconds
	                             * between a message and its thread's
	                             * dates; 0: TS_DEFAULT_SUBJECT_WINDOW */
	int agent_signature;        /* --agent-signature: an agent message
	                             * ending in a signature (^RR, -JAY) is
	                             * credited to "author/SIG" */
	int split_chat_cells;       /* --split-chat-cells: a CSV or JSON text
	                             * cell holding a chat transcript (two
	                             * turn lines or more, in the chat log
	                             * layouts) becomes one message per turn,
	                             * read with the chat rules above; the
	                             * record is still counted once */
} ts_scan_options;

/*
 * One analysed message, as handed to a per-message sink.  counts has one
 * entry per lexset category.  Valid only during the callback.
 */
typedef struct ts_message_result {
	ts_str conversation;
	ts_str seq;               /* the input's seq, or the index as text */
	unsigned long row;
	const char *file;
	ts_role role;
	ts_str author;
	size_t words;
	size_t sentences;         /* for readability (agent messages) */
	size_t syllables;
	const unsigned *counts;   /* TS_COUNTED findings per category */
	const ts_finding *findings; /* every finding, counted or not, sorted
	                             * by (start, category) */
	size_t nfindings;
	ts_str text;
} ts_message_result;

typedef int (*ts_message_result_fn)(void *ud, const ts_message_result *r);

typedef struct ts_scanner ts_scanner;

int ts_scanner_new(ts_scanner **out, const ts_scan_options *opt, ts_error *err);
/* Sink for per-message results, called in output order (conversation close
 * order, then message order).  Optional. */
void ts_scanner_on_message(ts_scanner *s, ts_message_result_fn fn, void *ud);
/* Sees every record the reader accepted as it is read, before it joins
 * its conversation (calibration collects its label cells, ts_message.extra,
 * here): once per record, before a chat cell is split into turns.  A
 * non-zero return stops the scan (TS_ESTOP).  Optional. */
void ts_scanner_on_record(ts_scanner *s, ts_message_fn fn, void *ud);
/* Reads one source to its end.  Returns TS_OK, TS_EINPUT (the input or a
 * record was rejected; diagnostics went to on_diag), TS_EIO/TS_ETRUNCATED/
 * TS_ECORRUPT (reading failed part-way: what was read is kept), TS_ESTOP,
 * TS_ENOMEM.  TS_ENOMEM, and TS_EIO with err->file empty (the scanner's
 * own temporary file for FCR could not be created, written or read), lose
 * a conversation: the scanner is then unusable, and every later scan and
 * finish returns the same error.  TS_EIO with err->file empty is also the
 * copy of a pipe that reply threading reads twice (ts_source_spool, in
 * opt->tmpdir): nothing of that input was analysed, and the scanner stays
 * usable.  A reply-threaded CSV is read twice, e-mail ids are remembered
 * for the whole scanner, and reply threads are put in time order (see
 * README "Reply-linked threads"). */
int ts_scanner_scan(ts_scanner *s, ts_source *src, ts_error *err);
/* Closes every open conversation and decides FCR.  Call once after the
 * last source.  Errors as for ts_scanner_scan. */
int ts_scanner_finish(ts_scanner *s, ts_error *err);

typedef struct ts_scan_counts {
	unsigned long files;
	unsigned long records;        /* records read */
	unsigned long analysed;       /* records analysed: records = analysed
	                               * + rejected */
	unsigned long rejected;       /* records rejected */
	unsigned long messages;       /* messages analysed: analysed, plus the
	                               * further turns of split chat cells */
	unsigned long messages_read;  /* given to the assembler so far (they
	                               * are analysed, and counted in messages,
	                               * when their conversation closes) */
	unsigned long conversations;
	unsigned long conversations_begun; /* opened so far (a new id, or one
	                               * seen again after closing): the
	                               * difference over one file is what
	                               * began in it */
	unsigned long split_conversations; /* ids seen again after closing */
	unsigned long unknown_role;   /* messages whose role was not recognised */
	unsigned long bad_times;      /* time cells that could not be read */
	unsigned long regex_limited;  /* messages in which a lexicon /regex/
	                               * entry hit its PCRE2 limit (and so
	                               * counted nothing there) */
	unsigned long fcr[4];         /* conversations by lenient FCR verdict:
	                               * yes, no, pending, unknown */
} ts_scan_counts;
void ts_scanner_counts(const ts_scanner *s, ts_scan_counts *out);
/* The format the last ts_scanner_scan read its input as (TS_IN_AUTO before
 * any, or when that input failed before its reader opened). */
ts_input_format ts_scanner_last_format(const ts_scanner *s);

/* ---- reports ------------------------------------------------------------------ */
typedef enum ts_report_by { TS_BY_AGENT = 0, TS_BY_CONVERSATION, TS_BY_MESSAGE } ts_report_by;
typedef enum ts_format { TS_FMT_TABLE = 0, TS_FMT_CSV, TS_FMT_TSV, TS_FMT_JSON } ts_format;

/* Writes the aggregated report (by agent or by conversation) to out.
 * Returns TS_OK or TS_EIO if writing failed. */
int ts_report_write(ts_scanner *s, ts_report_by by, ts_format fmt,
                    FILE *out, ts_error *err);

/* A streaming per-message writer, used as a ts_message_result_fn.
 * ts_message_writer_new: TS_OK or TS_ENOMEM.  ts_message_writer_row
 * returns TS_OK, or TS_EIO (errno kept) or TS_ENOMEM, non-zero so that a
 * scanner stops; ts_message_writer_finish returns that failure again, or
 * writes the end of the report: TS_OK, TS_EIO or TS_ENOMEM. */
typedef struct ts_message_writer ts_message_writer;
int ts_message_writer_new(ts_message_writer **out, const ts_lexset *set,
                          ts_format fmt, FILE *fp);
int ts_message_writer_row(void *writer, const ts_message_result *r);
int ts_message_writer_finish(ts_message_writer *w, const ts_scanner *s);
void ts_message_writer_free(ts_message_writer *w);

void ts_scanner_free(ts_scanner *s);

/* ---- calibration: predictions against human labels ------------------------ */
/*
 * Compares the scanner's per-message predictions (a category is predicted
 * when the message has a counted finding of it) with human labels in
 * extra CSV columns: a label cell is 1 (present), 0 (absent) or empty (not
 * labelled, not scored); any other value is warned about once per column
 * and not scored.  A category is labelled by the column named after it,
 * or by the one ts_calib_options maps to it.
 *
 * Use, for one input (rows identify messages within one file):
 *   ts_calib_new; ts_calib_columns into ts_scan_options.csv.extra_columns;
 *   ts_scanner_on_record(s, ts_calib_record, c);
 *   ts_scanner_on_message(s, ts_calib_result, c);
 *   ts_scanner_scan and ts_scanner_finish; ts_calib_finish; then read the
 *   metrics, false-positive sources and false negatives per category.
 * Labels are held from when a record is read until its result comes back,
 * so memory follows the scanner's open conversations; the examples kept
 * are bounded by ts_calib_options.examples and the number of lexicon
 * entries.  Strings handed out are owned by the ts_calib.
 */
#define TS_CALIB_EXAMPLES 5   /* false negatives and sources shown (--examples) */
#define TS_CALIB_TEXT 200     /* bytes of an example's text kept */
#define TS_CALIB_MATCH 80     /* bytes of a matched text kept */

typedef struct ts_calib ts_calib;

typedef struct ts_calib_options {
	const ts_lexset *lexicons;  /* compiled; required */
	/* label_columns[i] labels category label_categories[i] (--label
	 * COLUMN=CATEGORY); a column mapped here labels nothing else.  Every
	 * other category is labelled by the column named after it. */
	const char *const *label_columns;
	const char *const *label_categories;
	size_t nlabel_maps;
	size_t examples;            /* false negatives kept per category */
	size_t max_text;            /* 0: TS_CALIB_TEXT */
	int no_redact;              /* keep personal data in example text */
	ts_diag_fn on_diag;         /* warnings (code 0): bad label values */
	void *diag_ud;
} ts_calib_options;

typedef struct ts_calib_metrics {
	const char *category;
	const char *column;         /* the label column */
	unsigned long tp, fp, fn, tn;
	unsigned long labelled;     /* cells scored: tp + fp + fn + tn */
	unsigned long support;      /* labelled present: tp + fn */
	double precision, recall, f1; /* 0 when a denominator is 0 */
} ts_calib_metrics;

/* One message shown as an example: where it is and its text, cut to
 * max_text bytes (at a character boundary, "..." added), whitespace runs
 * as one space, personal data masked unless no_redact. */
typedef struct ts_calib_example {
	unsigned long row;          /* input record number (1-based) */
	ts_str conversation;
	ts_str seq;
	ts_str text;
} ts_calib_example;

/* A lexicon entry or detector that fired in false-positive messages. */
typedef struct ts_calib_source {
	ts_detector detector;
	unsigned entry;             /* TS_NO_ENTRY for a detector */
	const char *file;           /* entry's lexicon file and line; NULL, 0 */
	unsigned long line;         /* for a detector */
	unsigned long messages;     /* false-positive messages it fired in */
	ts_str match;               /* what it matched in the example */
	ts_calib_example example;   /* the first such message in input order */
} ts_calib_source;

/* TS_OK, TS_ENOMEM, or TS_EUSAGE (err says why) for a mapped category the
 * lexicons do not have or a category mapped twice. */
int ts_calib_new(ts_calib **out, const ts_calib_options *opt, ts_error *err);
/* The label column of each category, in the lexset's order: the names to
 * give ts_csv_options.extra_columns (NULL entries for none). */
const char *const *ts_calib_columns(const ts_calib *c, size_t *n);
/* ts_message_fn: collects the label cells of a record.  Non-zero (stop)
 * only when out of memory. */
int ts_calib_record(void *calib, const ts_message *m);
/* ts_message_result_fn: scores a labelled message.  Non-zero (stop) only
 * when out of memory. */
int ts_calib_result(void *calib, const ts_message_result *r);
/* After the scan: orders the sources.  TS_EINPUT (err says why) when no
 * record was read, a mapped label column is missing, or the input has no
 * label column at all; TS_ENOMEM if a callback ran out of memory. */
int ts_calib_finish(ts_calib *c, ts_error *err);
/* Labelled categories (their label column was in the input), in the
 * lexset's order, and for category i of those: */
size_t ts_calib_ncategories(const ts_calib *c);
void ts_calib_metrics_get(const ts_calib *c, size_t i, ts_calib_metrics *out);
/* Every source, most messages first (then first example first). */
size_t ts_calib_false_positives(const ts_calib *c, size_t i,
                                const ts_calib_source **out);
/* The first `examples` false negatives in input order. */
size_t ts_calib_false_negatives(const ts_calib *c, size_t i,
                                const ts_calib_example **out);
/* Messages with at least one scored label. */
unsigned long ts_calib_labelled_messages(const ts_calib *c);
/* Fills labelled, support, precision, recall and F1 from tp, fp, fn, tn. */
void ts_calib_metrics_compute(ts_calib_metrics *m);
void ts_calib_free(ts_calib *c);

/* ---- evidence: every finding with its context -------------------------------- */
/*
 * One row per finding, in the order the per-message sink sees them
 * (messages in output order, findings by (start, category)).  Columns, in
 * the CSV header and as the keys of each JSON Lines object: file, row,
 * conversation_id, seq, role, author, category, status, detector, detail,
 * source (lexicon "file:line", or "detector:NAME" for a detector's
 * finding), start, end (byte offsets in the message text, end exclusive),
 * match (the matched bytes) and context (the match with up to `context`
 * bytes either side, cut at UTF-8 character boundaries, control bytes
 * such as line breaks and tabs shown as spaces, and an ellipsis (U+2026) where
 * the text was cut).  Unless no_redact is set, match and context go
 * through the PII mask: every finding of the "pii" category, counted or
 * not, is replaced by its mask ("[email]", "[card]", "[pii]"...).
 */
typedef enum ts_evidence_format { TS_EVIDENCE_CSV = 0, TS_EVIDENCE_JSONL } ts_evidence_format;

#define TS_EVIDENCE_CONTEXT 60 /* default bytes of context either side */

/* A zeroed struct is CSV, counted findings only, PII masked, no context. */
typedef struct ts_evidence_options {
	ts_evidence_format format;
	int all;          /* also findings that do not count (status says why) */
	int no_redact;    /* write PII as found (default: masked) */
	size_t context;   /* bytes of context either side of the match */
} ts_evidence_options;

/* The defaults: CSV, counted findings only, PII masked, TS_EVIDENCE_CONTEXT. */
void ts_evidence_options_init(ts_evidence_options *o);

typedef struct ts_evidence_writer ts_evidence_writer;

/* A writer of evidence rows to fp (not closed by the writer); set names the
 * categories and entries and must outlive the writer; opt NULL means the
 * defaults.  The CSV header is written at once.  TS_OK or TS_ENOMEM. */
int ts_evidence_writer_new(ts_evidence_writer **out, const ts_lexset *set,
                           const ts_evidence_options *opt, FILE *fp);
/* A ts_message_result_fn: writes r's findings.  Returns TS_OK, or TS_EIO
 * (errno kept) or TS_ENOMEM, non-zero so that a scanner stops; after a
 * failure every later call returns the same code and writes nothing. */
int ts_evidence_writer_row(void *writer, const ts_message_result *r);
/* Flushes fp.  Returns TS_OK, the first failure of a row, or TS_EIO. */
int ts_evidence_writer_finish(ts_evidence_writer *w);
void ts_evidence_writer_free(ts_evidence_writer *w);

#endif
