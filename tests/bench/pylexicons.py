#!/usr/bin/env python3
"""Copies a lexicon directory for the peer baseline (Python's re module),
leaving out the /regex/ entries that use PCRE2-only syntax re cannot
compile ((?(DEFINE)...), (?&name), \\K ...).  The baseline then does less
matching than traitscan, which flatters the baseline, not us.  Prints how
many entries were left out.

usage: pylexicons.py SRC_DIR DST_DIR
"""
import os, re, sys

src, dst = sys.argv[1], sys.argv[2]
os.makedirs(dst, exist_ok=True)
dropped = 0
for name in sorted(os.listdir(src)):
    with open(os.path.join(src, name), encoding="utf-8") as f:
        lines = f.read().split("\n")
    out = []
    for line in lines:
        entry = line.split("\t", 1)[0].strip()
        if len(entry) > 2 and entry.startswith("/") and entry.endswith("/"):
            try:
                re.compile(entry[1:-1], re.I)
            except re.error:
                dropped += 1
                continue
        out.append(line)
    with open(os.path.join(dst, name), "w", encoding="utf-8") as f:
        f.write("\n".join(out))
print(f"pylexicons: {dropped} PCRE2-only regex entries left out for baseline.py")
