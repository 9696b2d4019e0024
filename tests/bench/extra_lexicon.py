#!/usr/bin/env python3
"""extra_lexicon.py SLICE.csv OUTDIR [N]: the lexicon-scaling check's extra
lexicon (make bench).  Writes OUTDIR/extra.txt, one category of N (default
10,000) phrases of one to four words drawn, by frequency, from the 3,000
commonest words of the slice's text column, so that the phrases start with
the words messages are made of (the hard case for the matcher: most tokens
pass its first-word filter and many n-grams are looked up).  Deterministic
for a given slice."""
import collections
import csv
import os
import random
import re
import sys


def main():
    src, out = sys.argv[1], sys.argv[2]
    want = int(sys.argv[3]) if len(sys.argv) > 3 else 10000
    csv.field_size_limit(1 << 30)
    counts = collections.Counter()
    with open(src, newline="", encoding="utf-8", errors="replace") as f:
        rows = csv.reader(f)
        col = next(rows).index("text")
        for row in rows:
            if len(row) > col:
                counts.update(re.findall(r"[a-z]+(?:'[a-z]+)?", row[col].lower()))
    top = counts.most_common(3000)
    words = [w for w, _ in top]
    weights = [c for _, c in top]
    rng = random.Random(1)
    seen = set()
    while len(seen) < want:
        n = rng.randint(1, 4)
        phrase = " ".join(rng.choices(words, weights, k=n))
        if n == 1 and counts[phrase] > top[300][1]:
            continue  # a very common single word: every message would match it
        seen.add(phrase)
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "extra.txt"), "w", encoding="utf-8") as f:
        f.write("@category extra\n@description generated phrases (tests/bench/extra_lexicon.py)\n"
                "@role any\n")
        for p in sorted(seen):
            f.write(p + "\n")
    print("extra_lexicon: %s: %d phrases" % (os.path.join(out, "extra.txt"), len(seen)))


if __name__ == "__main__":
    main()
