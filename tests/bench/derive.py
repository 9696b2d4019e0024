#!/usr/bin/env python3
"""Rewrites a benchmark CSV export (make_corpus.py's columns:
conversation_id,seq,created_at,role,author,customer_id,channel,text) in the
other input formats, so that `make bench` times every reader on the same
messages (run by tests/bench/bench.sh; the outputs go beside the corpus,
never into the source tree):

- OUT.txt: a chat log (README "Chat logs"): per conversation a
  "Chat started: YYYY-MM-DD" header (the first message's date), then one
  `[HH:MM:SS] author: text` turn per row, a blank line between
  conversations.  Line breaks inside a text become spaces (a line break
  would start a continuation line, a blank one would end the chat).
- OUT.agents: the agents' names, one a line, for --agents.
- OUT.mbox: an mbox with one e-mail per row (README "E-mail"): mboxrd
  "From " line with the date, From/To/Subject/Date/Message-ID, and for
  replies In-Reply-To (the previous message) and References (the
  conversation's messages so far); text/plain UTF-8, 8bit.  Agents write
  from AGENT_DOMAIN (for --agent-domain), customers from
  customer.example.
- OUT.jsonl: JSON Lines, one flat message object per row with the CSV's
  columns as keys.

Rows whose text is blank are left out of every output (traitscan rejects
them in the CSV).  Each file is written under a .tmp name and renamed at
the end, OUT.agents last.  Prints the messages and conversations written.

usage: derive.py EXPORT.csv OUT   (writes OUT.txt OUT.agents OUT.mbox OUT.jsonl)
"""
import csv
import json
import os
import re
import sys
from datetime import datetime, timezone

AGENT_DOMAIN = "support.example"
LINE_BREAK = re.compile(r"[ \t]*(?:\r\n|\r|\n)[ \t\r\n]*")
FROM_LINE = re.compile(r"^>*From ", re.M)


def address(row):
    """The row's e-mail address: customers by id, agents by name
    ("AppleSupport/JAY" -> jay.applesupport@support.example)."""
    if row["role"] == "agent":
        brand, _, name = row["author"].partition("/")
        local = re.sub(r"[^a-z0-9]+", ".", (name + "." + brand).lower()).strip(".")
        return "%s@%s" % (local or "agent", AGENT_DOMAIN)
    return "%s@customer.example" % re.sub(r"[^a-z0-9]+", ".", row["author"].lower())


def main():
    src, out = sys.argv[1], sys.argv[2]
    agents = set()
    rows = convs = 0
    prev = None
    thread = []  # Message-IDs of the current conversation
    with open(src, newline="", encoding="utf-8") as f, \
            open(out + ".txt.tmp", "w", encoding="utf-8", newline="\n") as chat, \
            open(out + ".mbox.tmp", "w", encoding="utf-8", newline="\n") as mbox, \
            open(out + ".jsonl.tmp", "w", encoding="utf-8", newline="\n") as jsonl:
        for r in csv.DictReader(f):
            text = r["text"]
            if not text.strip():
                continue
            rows += 1
            when = datetime.strptime(r["created_at"], "%Y-%m-%dT%H:%M:%SZ") \
                .replace(tzinfo=timezone.utc)
            cid = r["conversation_id"]
            if cid != prev:
                if prev is not None:
                    chat.write("\n")
                chat.write("Chat started: %s\n" % when.strftime("%Y-%m-%d"))
                prev, thread = cid, []
                convs += 1
            if r["role"] == "agent":
                agents.add(r["author"])

            one_line = LINE_BREAK.sub(" ", text).strip()
            chat.write("[%s] %s: %s\n" % (when.strftime("%H:%M:%S"), r["author"], one_line))

            sender = address(r)
            mid = "<%s.%s@bench.example>" % (cid, r["seq"])
            head = ["From %s %s" % (sender, when.strftime("%a %b %d %H:%M:%S %Y")),
                    "From: %s <%s>" % (r["author"], sender),
                    "To: %s" % ("help@" + AGENT_DOMAIN if r["role"] != "agent"
                                else address({"role": "customer", "author": r["customer_id"]})),
                    "Subject: %sSupport request %s" % ("Re: " if thread else "", cid),
                    "Date: %s" % when.strftime("%a, %d %b %Y %H:%M:%S +0000"),
                    "Message-ID: %s" % mid]
            if thread:
                head.append("In-Reply-To: %s" % thread[-1])
                head.append("References: %s" % " ".join(thread))
            head += ["MIME-Version: 1.0",
                     "Content-Type: text/plain; charset=UTF-8",
                     "Content-Transfer-Encoding: 8bit"]
            body = LINE_BREAK.sub("\n", text).strip("\n")
            body = FROM_LINE.sub(lambda m: ">" + m.group(0), body)
            mbox.write("\n".join(head) + "\n\n" + body + "\n\n")
            thread.append(mid)

            jsonl.write(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n")
    with open(out + ".agents.tmp", "w", encoding="utf-8") as f:
        f.write("# agents of %s\n" % src)
        for a in sorted(agents):
            f.write(a + "\n")
    # .agents last: bench.sh takes it as the sign that the set is complete
    for ext in (".txt", ".mbox", ".jsonl", ".agents"):
        os.replace(out + ext + ".tmp", out + ext)
    print("derive.py: %s.{txt,mbox,jsonl}: %d messages, %d conversations, %d agents"
          % (out, rows, convs, len(agents)))


if __name__ == "__main__":
    main()
