/*
 * Source files read again after the analysis, for their comments and for
 * diffs: the few last used, one cache per worker.
 */
#ifndef TOCSIN_TEXT_CACHE_H
#define TOCSIN_TEXT_CACHE_H

#include "input/source.h"

/*
 * A few files at a time: findings come sorted by file, so the ones a
 * finding needs are nearly always the last few, and the whole tree's text
 * never has to be held at once.
 */
#define TEXT_CACHE_FILES 16

struct text_cache {
	struct source *files[TEXT_CACHE_FILES];
	uint64_t last_use[TEXT_CACHE_FILES];
	uint64_t clock;
};

/* The text of file as it is on disk (nothing parsed), or NULL if unreadable. */
struct source *text_cache_get(struct text_cache *tc, sym_t file);
void text_cache_free(struct text_cache *tc);

#endif
