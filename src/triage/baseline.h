/*
 * Reading what a previous run or the version control system knows:
 * fingerprints from an earlier JSON or SARIF report (--baseline), and the
 * lines changed since a git revision (--diff).
 */
#ifndef TOCSIN_BASELINE_H
#define TOCSIN_BASELINE_H

#include "rules/finding.h"

struct fingerprint_set {
	char (*v)[17];
	uint32_t n, cap;
};

/* Exits 2 with one line if the file is no tocsin JSON or SARIF report. */
void baseline_load(struct fingerprint_set *s, const char *path);
bool fingerprint_set_has(const struct fingerprint_set *s, const char *fp);
void fingerprint_set_free(struct fingerprint_set *s);

/* The git work tree a path (file or directory) is in, absolute, malloc'd; or NULL. */
char *git_toplevel(const char *path);

struct line_range {
	sym_t file;		/* real path */
	uint32_t first, last;
};

struct changed_lines {
	VEC(struct line_range) ranges;
};

/* `git diff REV` in the work trees holding the findings' files; exits 2 on error. */
/*
 * Before the scan: every scanned path is in a git work tree that has
 * revision rev, else exit 2 with one line (a --diff that cannot be
 * computed must not pass as "nothing changed").
 */
void changed_lines_check(const char *rev, const char *const *paths, uint32_t n);
void changed_lines_load(struct changed_lines *c, const char *rev, const struct finding_list *l);
/* Does any site of the finding (its location included) sit on a changed line? */
bool changed_lines_touch(const struct changed_lines *c, const struct finding *f);
void changed_lines_free(struct changed_lines *c);

#endif
