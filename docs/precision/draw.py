#!/usr/bin/env python3
"""Draw a sample of findings from a tocsin JSON report, for reading.

  draw.py REPORT.json --rule double-fetch --random 25 --seed S > sample.txt
  draw.py REPORT.json --first 20 > top20.txt

--random draws without replacement from the findings of --rule (all rules
if omitted), with a seed so that the draw can be repeated; --first takes
the report's own order, which is the order tocsin ranks them in.
"""
import argparse
import json
import random
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("report")
    ap.add_argument("--rule")
    ap.add_argument("--random", type=int)
    ap.add_argument("--seed", default="0")
    ap.add_argument("--first", type=int)
    ap.add_argument("--strip", default="", help="path prefix to drop")
    a = ap.parse_args()
    with open(a.report) as fh:
        found = json.load(fh)["findings"]
    if a.rule:
        found = [f for f in found if f["rule"] == a.rule]
    if a.random:
        found = random.Random(a.seed).sample(found, min(a.random, len(found)))
    elif a.first:
        found = found[: a.first]
    out = sys.stdout
    for n, f in enumerate(found, 1):
        path = f["file"].replace(a.strip, "")
        out.write("## %d. %s:%d %s [%s, %s, %s, impact %s, trigger %s]\n" % (
            n, path, f["line"], f["function"], f["rule"], f["severity"],
            f.get("confidence", ""), f.get("impact", ""), f.get("trigger", "")))
        out.write(f["message"] + "\n")
        if f.get("impact_reason"):
            out.write("why: %s\n" % f["impact_reason"])
        for s in f.get("sites", []):
            out.write("  %s: %s:%d %s %s\n" % (
                s["role"], s["file"].replace(a.strip, ""), s["line"],
                s.get("function", ""), s.get("note", "")))
        out.write("\n")


if __name__ == "__main__":
    main()
