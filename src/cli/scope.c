#include "cli/scope.h"
#include "base/util.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Is real (a real path) the root, or under one of its directories that are not code? */
static bool outside_context(const struct tree_kind *tree, const char *real)
{
	const char *root = tree->root;
	size_t n = strlen(root);

	if (!strcmp(real, root))
		return true;	/* the whole tree: nothing else to read */
	for (unsigned i = 0; i < tree->nnot_code; i++) {
		char *dir = xasprintf("%s%s%s", root, str_ends(root, "/") ? "" : "/",
				      tree->not_code[i]);
		size_t k = strlen(dir);

		while (k > n && dir[k - 1] == '/')
			dir[--k] = '\0';
		if (!strncmp(real, dir, k) && (real[k] == '/' || !real[k])) {
			free(dir);
			return true;
		}
		free(dir);
	}
	return false;
}

/*
 * Would discover() take the operand?  One it rejects is reported as the
 * user spelled it, so a scan with such an operand reads no context.
 */
static bool usable_operand(const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return false;
	if (S_ISDIR(st.st_mode))
		return access(path, R_OK | X_OK) == 0;
	return S_ISREG(st.st_mode) && access(path, R_OK) == 0 &&
	       (str_ends(path, ".c") || str_ends(path, ".h"));
}

/*
 * The scan reads context when every path scanned lies in one known tree,
 * below its root and in its code.  The scanned paths are then spelled as
 * absolute real paths, like the context files, so that every file is
 * named one way, from the tree's root, as a scan of the whole tree names
 * it (the same cache entries, the same order of definitions).  An operand
 * discover() would reject is left as given, for it to report.
 */
void scope_init(struct scope *sc, struct options *o, const struct tree_kind *tree)
{
	const char **abs;

	memset(sc, 0, sizeof(*sc));
	sc->mode = o->context == CONTEXT_DEFAULT ? CONTEXT_TREE : (enum context_mode)o->context;
	if (sc->mode == CONTEXT_NONE || !tree || !tree->root[0] || o->dump_ir || !o->npaths)
		return;
	abs = xcalloc(o->npaths + 1, sizeof(*abs));
	for (uint32_t i = 0; i < o->npaths; i++) {
		char *real = usable_operand(o->paths[i]) ? realpath(o->paths[i], NULL) : NULL;

		if (!real || outside_context(tree, real)) {
			free(real);
			while (i)
				free((char *)abs[--i]);
			free(abs);
			return;
		}
		abs[i] = real;
	}
	sc->tree = tree;
	sc->root = tree->root;
	sc->paths = abs;
	sc->npaths = o->npaths;
	o->paths = abs;
}

void scope_free(struct scope *sc)
{
	for (uint32_t i = 0; i < sc->npaths; i++)
		free((char *)sc->paths[i]);
	free(sc->paths);
}

bool scope_holds(const struct scope *sc, sym_t file)
{
	return !sc->root || context_in_scope(sym_str(file), sc->paths, sc->npaths);
}

/*
 * The functions the rules check: the scope's, and the context's that
 * reach one of them within --depth calls.  A double fetch is reported in
 * the helper that does it, once for every entry point that reaches it
 * (order.c), so an entry point outside the scope decides a finding inside.
 * Findings outside the scope are dropped after triage's folding.
 */
uint8_t *scope_checked_functions(const struct scope *sc, const struct index *idx,
				 unsigned depth)
{
	uint8_t *mark = xcalloc(idx->nfuncs + 1, 1);
	uint32_t *queue = xmalloc(sizeof(*queue) * (idx->nfuncs + 1));
	uint32_t head = 0, tail = 0;

	for (uint32_t id = 0; id < idx->nfuncs; id++) {
		if (scope_holds(sc, index_func_file(idx, id))) {
			mark[id] = 1;
			queue[tail++] = id;
		}
	}
	/* mark[] holds 1 + the calls from the function down into the scope */
	while (head < tail) {
		uint32_t id = queue[head++];
		const struct func_info *fi = &idx->info[id];

		if (mark[id] > depth)
			continue;
		for (uint32_t k = 0; k < fi->ncallers; k++) {
			uint32_t c = idx->callers[fi->callers_start + k].caller;

			if (!mark[c]) {
				mark[c] = (uint8_t)(mark[id] + 1);
				queue[tail++] = c;
			}
		}
	}
	free(queue);
	return mark;
}

void scope_keep_findings(const struct scope *sc, struct finding_list *l)
{
	uint32_t k = 0;

	if (!sc->root)
		return;
	for (uint32_t i = 0; i < l->n; i++) {
		if (scope_holds(sc, l->v[i]->file))
			l->v[k++] = l->v[i];
		else
			finding_free(l->v[i]);
	}
	l->n = k;
}
