/*
 * --verify: check a run's findings against expectations written in the
 * scanned files, in the spirit of clang -verify.
 *
 *	x = p->len;	// expect: double-fetch
 *
 * A comment "expect: RULE[, RULE...]" on a line says a finding of RULE has
 * its primary location on that line.  Qualifiers pin its triage:
 * "expect: double-fetch impact=guest-state status=acknowledged severity=low"
 * (a "_" in a value stands for a space: trigger=guest_(L1)); why=WORDS
 * asks that the impact's reason contain WORDS, nowhy=WORDS that it not (a
 * wrong claim fixed), says=WORDS that the
 * message does ("read_2_times").
 * "expect-site: ROLE" says some finding has a site with that role there.
 * Every finding must be expected and every expectation met; a file with
 * no expectations must stay silent.
 */
#ifndef TOCSIN_VERIFY_H
#define TOCSIN_VERIFY_H

#include "input/discover.h"
#include "rules/finding.h"
#include "index/index.h"

/* Prints each mismatch as "file:line: error: ..."; returns 0 if none, 1 if any. */
int verify_findings(const struct finding_list *l, const struct file_list *files,
		    const struct index *idx);

#endif
