#!/usr/bin/env python3
"""What a change did to a report: the findings it removed and added.

  compare.py BEFORE.json AFTER.json [--rule R] [--quiet]

A finding is keyed by (rule, file, line, function); a key present in
BEFORE and not in AFTER is gone, the reverse is new.  Each gone or new
finding carries the newest reader's label of its line (known.py's
labels), so a change is judged by what was read: gone findings should
be labelled not a race, new ones should be real.  The tally at the end
counts gone/new per rule and per label; --quiet prints only the tally.
"""
import argparse
import collections
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import known  # noqa: E402


def keyed(path, rule):
    with open(path) as fh:
        found = json.load(fh)["findings"]
    out = collections.Counter()
    first = {}
    for f in found:
        if rule and f["rule"] != rule:
            continue
        k = (f["rule"], f["file"], f["line"], f["function"])
        out[k] += 1
        first.setdefault(k, f)
    return out, first


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("before")
    ap.add_argument("after")
    ap.add_argument("--rule")
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args()
    before, bf = keyed(a.before, a.rule)
    after, af = keyed(a.after, a.rule)
    lab = known.labels()
    tally = collections.Counter()
    for name, gone_from, kept_in, info in (("gone", before, after, bf),
                                           ("new", after, before, af)):
        for k in sorted(gone_from):
            n = gone_from[k] - kept_in.get(k, 0)
            if n <= 0:
                continue
            row = lab.get((k[0], "%s:%d" % (k[1], k[2])))
            verdict = row["verdict"] if row else "unread"
            tally[(name, k[0], verdict)] += n
            if not a.quiet:
                f = info[k]
                print("%s\t%s\t%s:%d\t%s\t%s\t%s\t%s" % (
                    name, k[0], k[1], k[2], k[3], f["severity"], verdict,
                    (row or {}).get("fp_cause", "")[:120]))
    for (name, rule, verdict), n in sorted(tally.items()):
        print("# %s %s %s: %d" % (name, rule, verdict, n))


if __name__ == "__main__":
    main()
