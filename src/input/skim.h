/*
 * What the parser may skip.  A rule that reads only some functions
 * (prefilter.h) has the parser leave the insides of the others out of the
 * ranges it reads, and the insides of long comments too, so that it lexes
 * none of their bytes.  What is parsed keeps every line and column, and
 * lowers as it would from the whole file; only where a skipped body held
 * a syntax error that threw the parser off its neighbours do they now
 * parse as they would without it.
 *
 * The body's extent comes from a lexical scan (lexscan.h), which does not
 * run the preprocessor; a body is skipped only when its text shows the
 * scan and the parser must agree on where it ends:
 *
 *  - its braces balance, and never close before its last `}`;
 *  - each branch of an #if leaves the brace depth as the #if found it;
 *  - its comments, strings and character literals end where they begin
 *    in it, none crosses a directive's line, and no line of code is
 *    continued with a backslash.
 *
 * Anything else is parsed whole: a body kept costs time, a body wrongly
 * skipped could change how its neighbours parse.
 */
#ifndef TOCSIN_SKIM_H
#define TOCSIN_SKIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/util.h"

/* A function body: the offsets of its `{` and of its `}`. */
struct body_span {
	uint32_t open, close;
};

/*
 * What the parser of one file may skip: the insides of these bodies (in
 * file order) where plain, and long comments (source.h); or, when reads
 * are given, everything but them.
 */
struct skim_plan {
	struct body_span *bodies;
	uint32_t nbodies;
	struct text_span *reads;	/* in order, apart */
	uint32_t nreads;
};

/* May the parser skip what lies between the braces of span in text[0..len)? */
bool body_is_plain(const char *text, size_t len, struct body_span span);

#endif
