/*
 * The names a tree's build files mention.  A macro tested by #ifdef may be
 * set by the build rather than by a #define: `-DNAME` in a Makefile or
 * Kbuild file (ccflags-y += -DDEBUG), a meson or CMake definition, an EDK2
 * .dsc's or .inf's build options, a configure script or a config.h.in that
 * generates a header.  Every identifier such a file holds is taken as one
 * the build may define -- without following a single variable, which
 * errs towards "defined" -- and for `-DNAME` (or MSVC's `/DNAME`) NAME
 * too.  Each identifier's family -- its text up to and including its
 * first `_` (CONFIG_, HAVE_, TARGET_) -- is kept as well: a build that
 * names some of a family may compose the others (a configure script's
 * TARGET_$arch).
 *
 * The build files of test harnesses (a tests/, testing/, selftests/ or
 * kunit/ directory) are left out: they build a harness, not the tree --
 * unless what is scanned lies inside one.
 *
 * Read once per run from the project root: a Linux tree has some 4,000
 * such files, a few megabytes, read in well under a second.
 */
#ifndef TOCSIN_BUILD_WORDS_H
#define TOCSIN_BUILD_WORDS_H

#include "base/symmap.h"

#include <stdbool.h>
#include <stdint.h>

struct build_words {
	struct symmap words;	/* build_word_key() of each name */
	struct symmap families;	/* build_word_key() of each family prefix ("CONFIG_") */
	uint32_t files;		/* build files read */
};

/* The key a name's macro_name_hash() has in the maps: never 0. */
static inline sym_t build_word_key(uint32_t hash)
{
	return (hash >> 1) + 1u;
}

/*
 * Read the build files below root (a directory; "" or NULL: none); the
 * scanned code lies in directory `scanned` (or NULL).
 */
void build_words_read(struct build_words *w, const char *root, const char *scanned);
/* Does the build mention name, or a family it belongs to? */
bool build_words_name(const struct build_words *w, const char *name, size_t n);
void build_words_free(struct build_words *w);

#endif
