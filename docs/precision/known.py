#!/usr/bin/env python3
"""What a report still shows that an earlier reading already settled.

  known.py REPORT.json [--list]

Every labelled sample under docs/precision/*/ (the *.verdicts.tsv files)
gives a verdict per (rule, file:line).  For the report's shown findings
this counts, per rule, how many carry a label of a real race (bug or
harmless), how many a label of not a race (not-a-race,
not-a-double-fetch), and how many were never read; --list prints the
not-a-race ones with the reader's cause.  A finding read in several
rounds takes its newest verdict (the directories sort by date).  The
key is the line, not the finding: a finding that moved, or another
finding of the same rule on a labelled line, is counted as labelled.
"""
import argparse
import collections
import glob
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
FALSE = ("not-a-race", "not-a-double-fetch")
REAL = ("bug", "harmless")


def labels():
    out = {}
    for path in sorted(glob.glob(os.path.join(HERE, "*", "*.verdicts.tsv"))):
        with open(path) as fh:
            header = None
            for line in fh:
                cols = line.rstrip("\n").split("\t")
                if header is None:
                    header = cols
                    continue
                row = dict(zip(header, cols))
                if row.get("file:line") and row.get("verdict"):
                    row["source"] = os.path.relpath(path, HERE)
                    out[(row.get("rule"), row["file:line"])] = row
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("report")
    ap.add_argument("--list", action="store_true")
    a = ap.parse_args()
    with open(a.report) as fh:
        found = json.load(fh)["findings"]
    lab = labels()
    count = collections.defaultdict(collections.Counter)
    listed = []
    for f in found:
        row = lab.get((f["rule"], "%s:%d" % (f["file"], f["line"])))
        kind = "unread" if not row else "false" if row["verdict"] in FALSE else \
            "real" if row["verdict"] in REAL else "other"
        count[f["rule"]][kind] += 1
        if kind == "false":
            listed.append((f, row))
    print("rule\tshown\tlabelled real\tlabelled not a race\tnever read")
    for rule in sorted(count):
        c = count[rule]
        print("%s\t%d\t%d\t%d\t%d" % (rule, sum(c.values()), c["real"], c["false"], c["unread"]))
    if a.list:
        for f, row in listed:
            print("%s\t%s:%d\t%s\t%s\t%s" % (f["rule"], f["file"], f["line"], f["function"],
                                             row.get("fp_cause", ""), row["source"]))


if __name__ == "__main__":
    main()
