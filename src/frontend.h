/*
 * One file through the front end: read, parse with tree-sitter, lower to
 * IR, free the tree and the text.  Safe to call from any worker thread;
 * each thread keeps its own parser.
 */
#ifndef TOCSIN_FRONTEND_H
#define TOCSIN_FRONTEND_H

#include "source.h"
#include "unit.h"

struct file_result {
	enum source_status status;
	char reason[200];
	struct unit unit;	/* valid when status is SOURCE_OK */
	bool parsed;
	bool cached;		/* the unit came from the cache, unparsed */
};

struct cache;

/*
 * Load, parse and lower one file.  With a cache, an entry for the same
 * bytes stands in for the parse, and a fresh lowering is saved.
 */
void frontend_file(const char *path, uint64_t max_size, bool parse_only,
		   const struct cache *cache, struct file_result *out);
/* For tests and fuzzing: lower a buffer as if it were file `name`. */
void frontend_buffer(const char *name, const char *data, size_t len, struct unit *out);
/* The syntax tree, one node per line (for debugging the lowering). */
void frontend_syntax_tree(const char *data, size_t len, struct sbuf *out);
void frontend_thread_exit(void);

#endif
