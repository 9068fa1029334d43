/*
 * Which files a run scans.  Directories are walked (iteratively, in sorted
 * order) for .c and .h files; files named on the command line are scanned
 * whatever their name.  Symlinks are followed only to files inside the
 * tree being walked; directory symlinks are never followed, so loops are
 * impossible.  What is left out, and why, is counted.
 */
#ifndef TOCSIN_DISCOVER_H
#define TOCSIN_DISCOVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum skip_reason {
	SKIP_EXCLUDED,
	SKIP_TOO_BIG,
	SKIP_BINARY,
	SKIP_UNREADABLE,
	SKIP_SYMLINK_OUT,	/* a symlink leading out of the tree */
	SKIP_SYMLINK_DIR,	/* a symlink to a directory */
	SKIP_SPECIAL,		/* a fifo, socket or device */
	SKIP_REASONS
};

struct discover_opts {
	const char *const *excludes;
	uint32_t nexcludes;
	uint64_t max_size;
	bool quiet;		/* count what is left out, say nothing (context files) */
};

struct file_list {
	char **paths;
	uint32_t n, cap;
	uint64_t skipped[SKIP_REASONS];
	uint64_t bytes;
	uint32_t operands_skipped;	/* files named as roots and left out */
};

/*
 * Collect the files under the given roots.  Returns false, with a message
 * in err, if a root does not exist or cannot be read: a usage error.
 */
bool discover(const char *const *roots, uint32_t nroots, const struct discover_opts *o,
	      struct file_list *out, char *err, size_t errlen);
void file_list_free(struct file_list *l);
const char *skip_reason_name(enum skip_reason r);
bool path_excluded(const char *rel, const struct discover_opts *o);

#endif
