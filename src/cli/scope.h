/*
 * The scope of a run: the paths it scans, and, when they are part of a
 * tree tocsin knows (arch/x86/kvm in Linux), the rest of that tree it
 * reads for context (input/context.h).  The rules check the scope's
 * functions, and findings are reported only there.
 */
#ifndef TOCSIN_SCOPE_H
#define TOCSIN_SCOPE_H

#include "base/intern.h"
#include "base/options.h"
#include "cli/tree_kind.h"
#include "index/index.h"
#include "input/context.h"
#include "rules/finding.h"

struct scope {
	enum context_mode mode;
	const struct tree_kind *tree;
	const char *root;	/* the tree's root; NULL: no context */
	const char **paths;	/* the scanned paths, absolute */
	uint32_t npaths;
};

/*
 * Whether the run reads context (tree: the tree the scanned paths are in,
 * or NULL).  With context, o->paths become the scope's absolute paths.
 */
void scope_init(struct scope *sc, struct options *o, const struct tree_kind *tree);
void scope_free(struct scope *sc);

/* Is the file (as discovered) in the scope?  Always, without context. */
bool scope_holds(const struct scope *sc, sym_t file);

/* By function id: whether the rules check it (free the array). */
uint8_t *scope_checked_functions(const struct scope *sc, const struct index *idx,
				 unsigned depth);

/* Drop the findings outside the scope. */
void scope_keep_findings(const struct scope *sc, struct finding_list *l);

#endif
