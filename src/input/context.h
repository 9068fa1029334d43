/*
 * The context of a scan of part of a tree: the files of the rest of the
 * tree whose declarations the analysis of the part needs.  A subsystem
 * (arch/x86/kvm) names types, fields and callees declared elsewhere in
 * its tree; scanned alone, a field whose struct is not seen has no type
 * (a memset() of an array member reads as a load of it) and a callee not
 * seen has no summary.  Context files are parsed, cached and indexed like
 * the scanned ones, but no rule reports a finding in them.
 *
 * How much of the tree is read is a trade of time for equal verdicts:
 *
 *  - CONTEXT_HEADERS: the headers the scanned files include, and those
 *    they include in turn: what a compiler would read, with every #if arm
 *    and every architecture.  #include "x.h" is the file next to the
 *    includer when there is one; otherwise, and for <x.h>, it is every
 *    header of the tree whose path ends in /x.h, whichever -I directory a
 *    build would give (include/, arch/x86/include/, MdePkg/Include/).
 *    These declare the types, fields, inline helpers and macros the part
 *    names; the writers and callers in other .c files are not read.
 *  - CONTEXT_TREE: every .c and .h file of the tree, so that the writers
 *    and callers of what the part names are seen too.  A scan of the part
 *    then gives the findings of a scan of the whole tree restricted to the
 *    part.
 *
 * The default is CONTEXT_TREE: on arch/x86/kvm and fs/ext4 the headers
 * alone gave other verdicts than the whole tree (the writers of a field
 * in other .c files decide whether its race is confident, possible or
 * none), and the cache makes a re-scan of the tree cheap (README).
 */
#ifndef TOCSIN_CONTEXT_H
#define TOCSIN_CONTEXT_H

#include "input/discover.h"

#include <stdbool.h>
#include <stdint.h>

enum context_mode {
	CONTEXT_DEFAULT,	/* not given: CONTEXT_TREE */
	CONTEXT_NONE,
	CONTEXT_HEADERS,
	CONTEXT_TREE,
};

/* "none", "headers", "tree" -> the mode; false for anything else. */
bool context_mode_parse(const char *s, enum context_mode *out);
const char *context_mode_name(enum context_mode m);

/*
 * Append to files the context files of the tree whose root is `root` (a
 * real path) for a scan of the `nscope` paths (absolute, real, inside the
 * root, never the root itself).  Files under a scanned path are not
 * context; neither is what lies under one of the tree's directories that
 * are not its code (`not_code`, relative to the root, "tools/").
 * Returns how many files it appended; files->paths stays sorted.
 */
uint32_t context_add(enum context_mode mode, const char *root, const char *const *scope,
		     uint32_t nscope, const char *const *not_code, uint32_t nnot_code,
		     uint64_t max_size, struct file_list *files);

/* Does path (as discovered from the absolute scope paths) lie under one of them? */
bool context_in_scope(const char *path, const char *const *scope, uint32_t nscope);

#endif
