/*
 * Code that never runs, two shapes of it, each a doubt (finding_doubt):
 * the finding is kept, marked possible, with the reason.
 *
 *  - Not built.  Code inside `#ifdef M` / `#if defined(M)` / `#if M` (or
 *    an `#ifndef M`'s #else, an && or || of such) where M is a switch
 *    nothing turns on: no source of the tree #defines it, no build file
 *    names it (build_words.h: -DM, a configure script, a family of names
 *    like CONFIG_ the build sets), and the file never uses it as a value
 *    (a system header's O_DIRECT is tested and used; a debug switch is
 *    only tested).  Names the compiler reserves (_M, __M), names
 *    without a capital letter (the predefined `linux`) and CONFIG_*
 *    (a configuration's, Kconfig's and its kin's) are never taken for
 *    switches.
 *  - No caller.  A static function nothing in the tree calls: no call by
 *    its name anywhere, outside its own body and code not built, no use
 *    as a value (a table, a callback, taken by address), no macro that
 *    forwards to it or, in its own file, names it, unless that macro is
 *    itself used.  Its findings are in code that is not reached.
 */
#ifndef TOCSIN_UNBUILT_H
#define TOCSIN_UNBUILT_H

#include "base/options.h"
#include "index/index.h"
#include "input/text_cache.h"
#include "rules/finding.h"

struct unbuilt;

struct unbuilt_region {
	uint32_t from, to;	/* lines [from, to) */
	sym_t name;		/* the switch nothing turns on */
};

/* What one worker keeps of the last file asked about: its regions not built. */
struct unbuilt_cache {
	sym_t file;
	VEC(struct unbuilt_region) regions;
};

/*
 * Once, before the findings are triaged: what the tree defines and its
 * build files name (read from root), and which functions of the findings
 * nothing calls.  Neither is evidence unless the run read a known tree
 * whole, every file parsed in full (o->whole_tree: no prefilter left a
 * #define or a call out, no part of the tree left unread).
 */
struct unbuilt *unbuilt_new(const struct index *idx, const struct finding_list *l,
			    const char *root, const struct options *o);
void unbuilt_free(struct unbuilt *u);

/* Doubt f when it is in code not built or not called.  Thread-safe per cache. */
void unbuilt_doubt(const struct unbuilt *u, struct unbuilt_cache *c, struct text_cache *tc,
		   struct finding *f);
void unbuilt_cache_free(struct unbuilt_cache *c);

#endif
