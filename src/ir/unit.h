/*
 * A translation unit after lowering: the IR of every function defined in
 * one file, plus the file-scope facts the global index needs (struct
 * layouts, globals, typedefs, exported and address-taken functions).  The
 * syntax tree and source text are gone by the time anyone reads this.
 */
#ifndef TOCSIN_UNIT_H
#define TOCSIN_UNIT_H

#include "base/arena.h"
#include "ir/ir.h"

struct field_decl {
	sym_t name;
	sym_t type;
	/*
	 * An array member's element count, when its dimension is a number
	 * (u8 node[8]): its type stays "u8 []" like any array's, and this
	 * says how many bytes it spans.  0 when unknown or not an array;
	 * FIELD_FLEXIBLE for an array without a dimension (u8 data[]), which
	 * sizeof() of its struct does not cover.
	 */
	uint32_t count;
};

#define FIELD_FLEXIBLE UINT32_MAX

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

/*
 * Where a file-scope initialiser names a function: the member it is
 * given to (".open = f": open; 0 for a positional value or a member of a
 * nested struct, lower_unit.c initialised_member()), and which
 * initialised variable of the unit, by ordinal, so that the members of one
 * ops table can be told from another's.
 */
struct ref_place {
	sym_t member;
	uint32_t init;
	sym_t var;	/* the variable the initialiser is of, or 0 */
};

struct typedef_decl {
	sym_t name;
	sym_t type;
};

/*
 * A function-like #define, as far as locking goes.  There is no
 * preprocessor, so a project's own lock macro
 *
 *	#define BMAP_LOCK(bmp)	mutex_lock(&bmp->db_bmaplock)
 *
 * would be an unknown call.  The lowering records every function-like
 * macro of the file; those whose whole body is one lock primitive applied
 * to a parameter (or a name) and a field path of it say which, and the
 * index turns their uses into lock operations (index.c, lock macros),
 * across files, once it has every file's definitions.
 */
struct macro_def {
	sym_t name;
	sym_t base;		/* MACRO_NAMED_BASE: the name the lock is reached from */
	sym_t chain;		/* after the base: "->db_bmaplock", ".a[]", "" */
	uint8_t op;		/* OP_LOCK, OP_UNLOCK, OP_ASSERT_HELD; OP_CALL: not a lock macro */
	uint8_t lock;		/* enum ir_lock_kind */
	uint8_t param;		/* the parameter the lock is reached from, or MACRO_NAMED_BASE */
	uint8_t nparams;
	uint8_t addr;		/* the body takes its address (&p->lock), else p->lock points to it */
	/*
	 * The body evaluates nothing that can warn: empty, do { } while (0),
	 * BUILD_BUG_ON_INVALID(cond) -- the off arm of a debug assertion
	 * (frontend/macro_body.h): MACRO_NOOP_EMPTY when no parameter is even
	 * named (empty, do { } while (0)), MACRO_NOOP_INERT when some are,
	 * only type-checked or returned as they are (`(x)`).
	 */
	uint8_t noop;
	/*
	 * The #ifdef SYM / #ifndef SYM / #if defined(SYM) / #if !defined(SYM)
	 * directly around the definition, or its #else: `cond` is SYM and
	 * cond_arm says which arm this is (MACRO_ARM_*).  Any other condition,
	 * or none: 0 and MACRO_ARM_NONE.  With no preprocessor the build's
	 * choice is not known; SYM #defined nowhere in the scanned sources
	 * says the default build takes the arm for an undefined SYM.
	 */
	uint8_t cond_arm;
	/*
	 * OP_LOCK of a trylock (spin_trylock(&(p)->lock), or a statement
	 * expression around one): taken only where it succeeds, so never a
	 * call's rewrite, only the lock of a trylock its name's pattern already
	 * made one (index/macro_table.c)
	 */
	uint8_t trylock;
	sym_t forward;		/* the body is one call of this name (VM_BUG_ON_VMA -> VM_BUG_ON), or 0 */
	/*
	 * Bit i: parameter i (i < 32) is a memory operand of an asm statement
	 * in the body -- `[c] "+A" (counter)` -- which the instruction loads
	 * and stores itself (frontend/macro_body.h).  32 bits, not 64: the
	 * struct stays 4-byte aligned, as the cache lays units out.
	 */
	uint32_t asm_mem;
	/*
	 * Bit i: parameter i (i < 32) is the whole argument of a marked read
	 * in the body -- `for (pos = rcu_dereference(head); ...)` -- whose mark
	 * is read_mark: the use's argument is read so, not plainly.
	 */
	uint32_t marked_read;
	uint8_t read_mark;
	sym_t cond;
};

#define MACRO_NOOP_INERT 1
#define MACRO_NOOP_EMPTY 2

#define MACRO_ARM_NONE 0
#define MACRO_ARM_UNDEFINED 1	/* taken when SYM is not defined (#ifndef, or #ifdef's #else) */
#define MACRO_ARM_DEFINED 2	/* taken when SYM is defined */

#define MACRO_NAMED_BASE 0xff	/* not a parameter: a global, or the user's local */
#define MACRO_MAX_PARAMS 0xfe

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
	/* by the same index: the type of the variable whose initialiser names
	   it ("struct Qdisc_ops"): the framework that calls it back */
	sym_t *referenced_in;
	/* by the same index: where in which initialiser (ops tables' .open) */
	struct ref_place *referenced_at;
	uint32_t nreferenced;
	struct macro_def *macros;	/* function-like #defines, see above */
	uint32_t nmacros;
	/*
	 * The names the file's object-like #defines define, at file scope, as
	 * macro_name_hash()es with the low bit clear; with it set, a #define
	 * left in a comment (`//#define DEBUG_X`, a switch turned off by
	 * hand).  Not interned: a kernel has millions (register headers).
	 * Enough to say a name is #defined nowhere (a collision only errs
	 * towards defined).
	 */
	uint32_t *defines;
	uint32_t ndefines;
	uint32_t nfuncs_partial;
	uint32_t npartial[PARTIAL_REASONS];	/* by PARTIAL_* bit */
	uint32_t bytes;
	uint8_t tree_has_error;
	/* function bodies a parse error took in whole (lower_unit.c lost_bodies()) */
	uint32_t nlost_bodies;
};

struct source;
struct TSTree;

uint32_t macro_name_hash(const char *name, size_t n);

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
/* What a compacted unit's arrays take in its arena, as arena_rounded() counts. */
size_t unit_arena_bytes(const struct unit *u);

#endif
