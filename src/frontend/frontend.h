/*
 * One file through the front end: read, parse with tree-sitter, lower to
 * IR, free the tree and the text.  Safe to call from any worker thread;
 * each thread keeps its own parser.
 */
#ifndef TOCSIN_FRONTEND_H
#define TOCSIN_FRONTEND_H

#include "input/skim.h"
#include "input/source.h"
#include "ir/unit.h"

#include <tree_sitter/api.h>

struct file_result {
	enum source_status status;
	char reason[200];
	struct unit unit;	/* valid when status is SOURCE_OK */
	bool parsed;
	bool cached;		/* the unit came from the cache, unparsed */
	uint32_t bodies_skimmed;	/* of the bodies it was asked to skip */
};

struct cache;

/*
 * Load, parse and lower one file.  With a cache, an entry for the same
 * bytes stands in for the parse, and a fresh lowering is saved.  With a
 * skim plan (NULL: none), the parser skips what the plan allows where
 * that is safe (skim.h); a unit lowered so is not saved, since it is not
 * the whole file's.
 */
void frontend_file(const char *path, uint64_t max_size, bool parse_only,
		   const struct cache *cache, const struct skim_plan *skim,
		   struct file_result *out);
/*
 * The syntax tree of the whole of src, nothing skimmed (for code that
 * edits the text after the analysis); the caller deletes it.  NULL if the
 * parser gives up.
 */
TSTree *frontend_parse_whole(struct source *src);
/* For tests and fuzzing: lower a buffer as if it were file `name`. */
void frontend_buffer(const char *name, const char *data, size_t len, struct unit *out);
/* The syntax tree, one node per line (for debugging the lowering). */
void frontend_syntax_tree(const char *data, size_t len, struct sbuf *out);
void frontend_thread_exit(void);

#endif
