#include "ir/unit.h"

#include "base/util.h"

#include <string.h>

uint32_t macro_name_hash(const char *name, size_t n)
{
	return (uint32_t)hash_bytes(name, n);
}

void unit_free(struct unit *u)
{
	arena_free(&u->arena);
	memset(u, 0, sizeof(*u));
}

#define ARRAY_BYTES(arr, n) (sizeof(*(arr)) * (size_t)(n))

size_t unit_arena_bytes(const struct unit *u)
{
	size_t total = 0;

	total += arena_rounded(ARRAY_BYTES(u->funcs, u->nfuncs));
	for (uint32_t i = 0; i < u->nfuncs; i++) {
		const struct ir_func *f = &u->funcs[i];

#define FUNC_ARRAY_BYTES(arr, n) total += arena_rounded(ARRAY_BYTES(f->arr, f->n));
		IR_FUNC_ARRAYS(FUNC_ARRAY_BYTES)
#undef FUNC_ARRAY_BYTES
	}
	total += arena_rounded(ARRAY_BYTES(u->structs, u->nstructs));
	for (uint32_t i = 0; i < u->nstructs; i++)
		total += arena_rounded(ARRAY_BYTES(u->structs[i].fields, u->structs[i].nfields));
	total += arena_rounded(ARRAY_BYTES(u->globals, u->nglobals));
	total += arena_rounded(ARRAY_BYTES(u->typedefs, u->ntypedefs));
	total += arena_rounded(ARRAY_BYTES(u->exported, u->nexported));
	total += arena_rounded(ARRAY_BYTES(u->referenced, u->nreferenced));
	total += arena_rounded(ARRAY_BYTES(u->referenced_in, u->nreferenced));
	total += arena_rounded(ARRAY_BYTES(u->referenced_at, u->nreferenced));
	total += arena_rounded(ARRAY_BYTES(u->macros, u->nmacros));
	total += arena_rounded(ARRAY_BYTES(u->defines, u->ndefines));
	return total;
}

#define MOVE(a, arr, n) ((arr) = arena_copy((a), (arr), ARRAY_BYTES(arr, n)))

void unit_compact(struct unit *u)
{
	struct arena a = {0};

	arena_presize_lasting(&a, unit_arena_bytes(u));
	MOVE(&a, u->funcs, u->nfuncs);
	for (uint32_t i = 0; i < u->nfuncs; i++) {
		struct ir_func *f = &u->funcs[i];

#define MOVE_FUNC_ARRAY(arr, n) MOVE(&a, f->arr, f->n);
		IR_FUNC_ARRAYS(MOVE_FUNC_ARRAY)
#undef MOVE_FUNC_ARRAY
	}
	MOVE(&a, u->structs, u->nstructs);
	for (uint32_t i = 0; i < u->nstructs; i++)
		MOVE(&a, u->structs[i].fields, u->structs[i].nfields);
	MOVE(&a, u->globals, u->nglobals);
	MOVE(&a, u->typedefs, u->ntypedefs);
	MOVE(&a, u->exported, u->nexported);
	MOVE(&a, u->referenced, u->nreferenced);
	MOVE(&a, u->referenced_in, u->nreferenced);
	MOVE(&a, u->referenced_at, u->nreferenced);
	MOVE(&a, u->macros, u->nmacros);
	MOVE(&a, u->defines, u->ndefines);
	arena_free(&u->arena);
	u->arena = a;
}
