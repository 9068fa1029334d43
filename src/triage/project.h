/*
 * Where reports say a file is: relative to the project root, whatever
 * way the scan was spelled.  `tocsin fs`, `tocsin ./fs`, `tocsin /abs/fs`
 * and `cd fs; tocsin .` name the same file the same way, so fingerprints
 * and baselines made by one match the others.
 *
 * The project root is the git work tree holding the first scanned path;
 * outside git, the root of the tree a scan of part of it read context
 * from (input/context.h), else the scanned directory (a file's
 * directory; with several paths, the directory they all share).  A file
 * under the project root but under no scanned path (a context file) is
 * named from the root.
 */
#ifndef TOCSIN_PROJECT_H
#define TOCSIN_PROJECT_H

#include "base/intern.h"

#include <stdint.h>

/*
 * Once, before any project_path(), with the paths the run scans and the
 * root of the tree it read context from (NULL: none).
 */
void project_init(const char *const *paths, uint32_t n, const char *context_root);

/* The name reports give a scanned file (as discovered under one of those paths). */
sym_t project_path(sym_t file);

/*
 * The part of a scanned file's path below the scanned path it was found
 * under ("drivers/x/y.c" of a scan of the tree, "y.c" of a scan of
 * drivers/x): where it lies in what the user pointed at.
 */
const char *project_below_scan(sym_t file);

/*
 * A fix hint's diff with its file headers ("--- a/FILE", "+++ b/FILE")
 * naming `file` from the project root, what git apply and patch -p1
 * expect.  Takes and returns a malloc'd string.
 */
char *project_diff_paths(char *diff, sym_t file);

/* The project root, absolute; "" before project_init(). */
const char *project_root(void);

#endif
