#!/usr/bin/env python3
"""Which shown findings a reader said carry the wrong severity.

  severity.py REPORT.json [--before BEFORE.json] [--all]

Every labelled sample under docs/precision/*/ records, per finding,
severity_right: "yes", or "no" with the severity the reader would give
in brackets ("no (note)").  For the report's shown findings this lists
those whose newest label (see known.py) says the severity is wrong and
that do not now have the severity the reader wanted:
first the real races (bug or harmless), whose severity the impact model
owns, then the ones read as not a race, whose right severity is none
(--all lists those too; otherwise only counted).

With --before, it says what a change did to severities: every finding
on a labelled line whose severity differs between BEFORE and REPORT,
as "mended" (now what the reader wanted), "broken" (the reader had
called the old one right) or "moved" (neither), and the tally of
labelled-wrong findings in both.

Samples older than the rule column name the rule only in the file
name (ur-, ss-, cta-, df-); such a label is keyed by that rule, so a
line read before the column existed still counts.
"""
import argparse
import collections
import json
import os
import re

from known import FALSE, HERE, REAL, labels

PREFIX_RULE = {"ur": "unmarked-race", "ss": "stale-snapshot",
               "cta": "check-then-act", "df": "double-fetch"}
LEVELS = ("none", "note", "low", "medium", "high", "critical")


def rule_of_file(source):
    """The rule an old sample was drawn for, from its file name."""
    stem = os.path.basename(source).split("-r")[0]
    return PREFIX_RULE.get(stem)


def all_labels():
    """known.labels(), with the rule-less keys of old samples re-keyed
    by the rule their file name gives; a newer keyed label wins."""
    out = {}
    for (rule, where), row in labels().items():
        if rule is None:
            rule = rule_of_file(row["source"])
            if rule is None or (rule, where) in out:
                continue
        out[(rule, where)] = row
    return out


def wanted(row):
    """The severity the reader would give, or None when not said."""
    said = row.get("severity_right", "").strip()
    if not said.startswith("no"):
        return None
    if row["verdict"] in FALSE and "(" not in said:
        return "none"
    m = re.search(r"\((\w+)", said)
    return m.group(1) if m and m.group(1) in LEVELS else None


def is_wrong(row):
    return row.get("severity_right", "").strip().startswith("no")


def key(f):
    return (f["rule"], "%s:%d" % (f["file"], f["line"]))


def load(path):
    with open(path) as fh:
        return json.load(fh)["findings"]


def list_wrong(found, lab, show_false):
    real, false = [], []
    for f in found:
        row = lab.get(key(f))
        # a label whose wanted severity the finding now has is mended
        if not row or not is_wrong(row) or wanted(row) == f["severity"]:
            continue
        (false if row["verdict"] in FALSE else real).append((f, row))
    print("labelled severity wrong: %d real, %d not a race (of %d shown)"
          % (len(real), len(false), len(found)))
    for title, rows in (("real", real), ("not a race", false)):
        if title == "not a race" and not show_false:
            continue
        print("\n## %s" % title)
        for f, row in sorted(rows, key=lambda x: (x[0]["rule"], x[0]["severity"],
                                                  key(x[0])[1])):
            print("%s\t%s\t%s\t%s -> %s\t%s\t%s" % (
                f["rule"], key(f)[1], f["function"], f["severity"],
                wanted(row) or "?", row["verdict"], row["source"]))
    return real, false


def compare(before, after, lab):
    old = {key(f): f["severity"] for f in before}
    tally = collections.Counter()
    for f in after:
        k = key(f)
        if k not in old or old[k] == f["severity"]:
            continue
        tally["changed"] += 1
        row = lab.get(k)
        if not row:
            kind = "unread"
        elif not is_wrong(row):
            kind = "broken"
        elif wanted(row) == f["severity"]:
            kind = "mended"
        else:
            kind = "moved"
        tally[kind] += 1
        print("%s\t%s\t%s\t%s -> %s\t%s\t%s" % (
            kind, f["rule"], k[1], f["function"], old[k], f["severity"],
            row["source"] if row else ""))
    print("severity changed on %d shown findings: %s" % (
        tally["changed"], ", ".join("%s %d" % (k, tally[k]) for k in
                                    ("mended", "moved", "broken", "unread"))))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("report")
    ap.add_argument("--before")
    ap.add_argument("--all", action="store_true")
    a = ap.parse_args()
    lab = all_labels()
    found = load(a.report)
    if a.before:
        compare(load(a.before), found, lab)
        print()
        print("before: ", end="")
        list_wrong(load(a.before), lab, False)
        print("after: ", end="")
    list_wrong(found, lab, a.all or not a.before)


if __name__ == "__main__":
    main()
