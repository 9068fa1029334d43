#include "index/load_entries.h"
#include "index/index.h"
#include "input/module_desc.h"
#include "base/symmap.h"
#include "base/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A load-time function an INF names, and the module directory it is for. */
struct load_fn {
	sym_t name;
	sym_t dir;
};

/* Is file in dir or below it? */
static bool under(sym_t file, sym_t dir)
{
	const char *f = sym_str(file), *d = sym_str(dir);
	size_t n = strlen(d);

	return !strncmp(f, d, n) && f[n] == '/';
}

/*
 * The INFs are looked for in the directories of the scanned files only: a
 * module's INF sits beside its sources.  The function must be defined in
 * the module's directory or below it: another module's function of the
 * same name is not this one's entry.
 */
void mark_load_entries(struct index *idx)
{
	struct symmap dirs = {0};
	VEC(struct load_fn) fns = {0};

	for (uint32_t i = 0; i < idx->nunits; i++) {
		const char *path = sym_str(idx->units[i].path), *slash = strrchr(path, '/');
		sym_t names[32], dir;
		uint32_t n;

		if (!slash)
			continue;
		dir = intern_n(path, (size_t)(slash - path));
		if (symmap_get(&dirs, dir, 0))
			continue;
		symmap_put(&dirs, dir, 1);
		n = module_load_functions(sym_str(dir), names, ARRAY_SIZE(names));
		for (uint32_t k = 0; k < n && k < ARRAY_SIZE(names); k++)
			vec_push(&fns, ((struct load_fn){ names[k], dir }));
	}
	symmap_free(&dirs);
	if (!fns.n)
		return;
	idx->load_entry = xcalloc(idx->nfuncs + 1, 1);
	for (uint32_t i = 0; i < fns.n; i++)
		for (uint32_t id = symmap_get(&idx->fn_by_name, fns.v[i].name, IR_NONE);
		     id != IR_NONE && id < idx->nfuncs; id = idx->fn_next[id])
			if (under(idx->funcs[id]->file, fns.v[i].dir))
				idx->load_entry[id] = 1;
	vec_free(&fns);
}
