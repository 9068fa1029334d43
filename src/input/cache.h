/*
 * The incremental cache: each file's lowered unit, saved after lowering
 * and before the index touches it, so that a re-scan parses only the files
 * whose bytes changed.
 *
 * One entry per scanned path, in a directory outside the scanned tree.
 * An entry is used only when its file's content hash, length and path
 * match, its payload checksum verifies, every count and string index in it
 * is in bounds, and it was written by this very tocsin binary (the salt is
 * a hash of the executable, so a rebuilt lowering never reads entries of
 * an older one).  Anything else is a miss: the file is parsed again and
 * the entry rewritten.  Entries are written to a temporary name and
 * renamed, so a crash or a concurrent run never leaves half an entry.
 */
#ifndef TOCSIN_CACHE_H
#define TOCSIN_CACHE_H

#include "ir/unit.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cache {
	char *dir;
	uint64_t salt;
};

/*
 * The directory a run uses when --cache-dir is not given: $XDG_CACHE_HOME
 * /tocsin, else $HOME/.cache/tocsin.  NULL when neither is set.
 */
char *cache_default_dir(void);

/*
 * Make dir ready for use.  False, with the reason in err, when it cannot
 * be created or written.
 */
bool cache_open(struct cache *c, const char *dir, char *err, size_t errlen);
void cache_close(struct cache *c);

/* A hash of a file's bytes, the key an entry is checked against. */
uint64_t cache_content_hash(const void *p, size_t n);

/*
 * Fill *u from the entry for path when it holds exactly these bytes.
 * False on any miss (absent, stale, corrupt); *u is then untouched.
 */
bool cache_load(const struct cache *c, const char *path, uint64_t content_hash,
		uint64_t content_len, struct unit *u);

/* Save u, fresh from unit_lower, as the entry for path.  Best effort. */
void cache_store(const struct cache *c, const char *path, uint64_t content_hash,
		 uint64_t content_len, const struct unit *u);

#endif
