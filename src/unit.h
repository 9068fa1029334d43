/*
 * A translation unit after lowering: the IR of every function defined in
 * one file, plus the file-scope facts the global index needs (struct
 * layouts, globals, typedefs, exported and address-taken functions).  The
 * syntax tree and source text are gone by the time anyone reads this.
 */
#ifndef TOCSIN_UNIT_H
#define TOCSIN_UNIT_H

#include "arena.h"
#include "ir.h"

struct field_decl {
	sym_t name;
	sym_t type;
};

struct struct_def {
	sym_t name;		/* "struct kvm_vcpu", or a synthetic name */
	uint32_t nfields;
	struct field_decl *fields;
};

struct global_decl {
	sym_t name;
	sym_t type;
	uint32_t line;
	uint8_t is_static;
	uint8_t is_extern;
};

struct typedef_decl {
	sym_t name;
	sym_t type;
};

struct unit {
	sym_t path;
	struct arena arena;
	struct ir_func *funcs;
	uint32_t nfuncs;
	struct struct_def *structs;
	uint32_t nstructs;
	struct global_decl *globals;
	uint32_t nglobals;
	struct typedef_decl *typedefs;
	uint32_t ntypedefs;
	sym_t *exported;	/* EXPORT_SYMBOL*(name) */
	uint32_t nexported;
	sym_t *referenced;	/* names used as values at file scope */
	uint32_t nreferenced;
	uint32_t nfuncs_partial;
	uint32_t npartial[PARTIAL_REASONS];	/* by PARTIAL_* bit */
	uint32_t bytes;
	uint8_t tree_has_error;
};

struct source;
struct TSTree;

/* Lower a parsed file.  Never fails: what does not parse is counted. */
void unit_lower(struct unit *u, const struct source *src, const struct TSTree *tree);
void unit_free(struct unit *u);
/*
 * Move everything the unit holds into one block of exactly its size.  The
 * arena grows by doubling while a file is lowered, so without this about a
 * third of what it reserves stays empty, for every file of the tree, for the
 * whole run.
 */
void unit_compact(struct unit *u);

#endif
