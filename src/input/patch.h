/*
 * A patch to one source file, written as a unified diff.  Whoever makes a
 * fix only says which bytes become what ("replace [a, b) with S", "insert
 * S at a"); this file turns that into hunks with three lines of context,
 * correct headers and ordered, merged hunks, the way `git apply` and
 * `patch -p1` want them.  Keeping the edits as bytes of the original text
 * is what guarantees that everything not edited -- declarations,
 * initialisers, comments, braces -- comes out exactly as it went in.
 */
#ifndef TOCSIN_PATCH_H
#define TOCSIN_PATCH_H

#include "input/source.h"

#include <stdbool.h>
#include <stdint.h>

/* Bytes [start, end) of the original text become `text` (start == end: an insertion). */
struct text_edit {
	uint32_t start, end;
	uint32_t seq;		/* the order edits at one offset were made in */
	char *text;
};

struct patch {
	struct source *src;
	VEC(struct text_edit) edits;
	bool bad;		/* an edit out of the text's bounds */
};

#define PATCH_CONTEXT 3

void patch_init(struct patch *p, struct source *src);
void patch_replace(struct patch *p, uint32_t start, uint32_t end, const char *text);
void patch_insert(struct patch *p, uint32_t at, const char *text);
/*
 * The unified diff ("--- a/PATH", "+++ b/PATH", hunks), or NULL when there
 * is nothing to change or two edits overlap (no honest diff can say both).
 */
char *patch_diff(struct patch *p, const char *path);
void patch_free(struct patch *p);

#endif
