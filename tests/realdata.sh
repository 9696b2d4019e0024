#!/bin/sh
# Checks the readers against the real exports in ../shared/data, read in
# place (never copied into the project): the twcs tweet threads, the
# csv-spectrum edge cases against their expected parse, and the e-mail
# corpora's messages and threads.  The checks and what they expect are in
# tests/realdata.py (Python's csv, json, mailbox and email modules);
# tests/tools/csv_dump must be built (make realdata does).  Prints PASS/FAIL
# lines and "N passed, N failed"; exit status 1 on any failure.
#   DATA_DIR  the data (default ../shared/data)
#   TS        the traitscan binary (default ./traitscan)
#   TOOLS     the directory of csv_dump (default build/release/tools)
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
exec python3 "$top/tests/realdata.py" "$@"
