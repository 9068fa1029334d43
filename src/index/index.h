/*
 * The global index: built once per run from every unit's IR (build.h),
 * then shared read-only by the rules through the queries below.
 *
 *  - functions by name (static ones scoped to their file) and the call
 *    graph, each call op resolved to one definition;
 *  - struct layouts and typedefs, from which every access path gets its
 *    type-based field key ("struct kvm_vcpu::arch.mp_state.mp_state");
 *  - lock identities (field keys), locksets recomputed with what callees
 *    take and release, and the locks every caller holds on entry;
 *  - the field table: for each key, the writes, marked reads and
 *    branch-condition reads of it;
 *  - per-function summaries of what the function does to the objects its
 *    parameters point to.
 */
#ifndef TOCSIN_INDEX_H
#define TOCSIN_INDEX_H

#include "ir/ir.h"
#include "base/symmap.h"
#include "ir/unit.h"

/* An access recorded in the field table. */
struct field_access {
	uint32_t func;
	uint32_t op;
	/*
	 * What the writers' walk needs of each access, so that a field written
	 * in thousands of places is walked without a cache miss on each one's
	 * function and op: whether it is marked, and the constants
	 * it stores (the first; with more than one, read the op's sources).
	 * The file is index_func_file(func).
	 */
	sym_t value;
	uint8_t nconsts;	/* constant sources, counted up to 2 */
	bool marked;
};

/* What a function does through one of its parameters. */
struct param_access {
	uint16_t param;
	uint8_t kind;		/* OP_READ, OP_WRITE or OP_RMW */
	uint8_t mark;
	uint32_t op;		/* in the function itself */
	sym_t chain;		/* relative to the parameter: "->arch.mp_state.mp_state" */
};

/*
 * One for each of the 680k functions of a kernel, held to the end: the
 * one-byte fields sit in fours between the four-byte ones, so there is
 * no padding (88 bytes a function before, 72 now).
 */
struct func_info {
	uint32_t callers_start, ncallers;	/* into index.callers */
	struct ir_lockitem *entry;		/* locks every caller holds */
	uint32_t nentry;
	uint32_t nparams;
	struct param_access *params;		/* sorted by op */
	sym_t callback_of;			/* "struct Qdisc_ops": an ops table names it */
	uint8_t address_taken;
	uint8_t exported;
	uint8_t entry_known;			/* all callers are known */
	uint8_t entry_obj_mixed;		/* of entry_obj, below */
	/*
	 * The ops-table member ("struct bus_type::shutdown") every reference
	 * to this function as a value puts it in, when there is one; and
	 * whether the framework's calls through that member are its only
	 * other callers (slot_known): then what they hold, it holds.
	 */
	sym_t slot;
	/*
	 * A second parameter slot ("fn:ID::@K"): handed to two functions
	 * that each only call it (an operation run through a cross-CPU
	 * helper or a local one), its callers are both slots' calls.
	 */
	sym_t slot2;
	uint8_t slot_mixed;			/* also named elsewhere, or in two */
	uint8_t slot_known;
	/*
	 * Named as a value only to be handed to INIT_WORK(), timer_setup(),
	 * request_irq() and the like (ID_THREAD_ENTRY): it starts on a thread
	 * or in an interrupt of its own, with no lock held, and a direct
	 * caller holds what its lockset says.
	 */
	uint8_t refs_thread, refs_other;
	uint8_t thread_entry;
	/*
	 * Some reference puts it in an ops-table member its framework calls
	 * holding none of the tree's locks (a profile's unlocked-callback: the
	 * VFS's file_operations poll): a path on which it starts with none.
	 */
	uint8_t unlocked_entry;
	uint8_t cb_lock_kind;			/* of cb_lock, below */
	uint8_t cb_mixed;
	/*
	 * The first ops-table member ("struct T::member party") that puts it where
	 * the other party's requests run it (a profile's party-callback:
	 * QEMU's MemoryRegionOps write), or 0.
	 */
	sym_t party_slot;
	/*
	 * Named as a value only to be handed to a registration that never
	 * runs it twice at once for one registration (a work item, a tasklet,
	 * a kthread_work, a NAPI poll: an idiom marked serial), and never called
	 * directly: two runs of it on one object are one after the other.
	 * refs_serial and refs_unserial are REFS_* bits, of the references
	 * that are such a registration and of those that are not.
	 */
	uint8_t refs_serial, refs_unserial;
	uint8_t serial_entry;			/* or SERIAL_ENTRY_SINGLE */
	/*
	 * cb_lock comes from a bracket (bracketed_members()): a sibling in
	 * its ops table returns holding the lock and another lets it go, and
	 * the framework runs it between the two.
	 */
	uint8_t cb_bracket;
	/*
	 * The member every such registration names as the object it runs for
	 * ("struct foo::work" of INIT_WORK(&foo->work, fn)), by key, or 0:
	 * what a profile's thread-stop on that member stops.
	 */
	sym_t entry_obj;
	/*
	 * Run by a framework that holds this global lock around it (a
	 * profile's callback-lock): every reference to it as a value hands it
	 * to such a registration, or puts it in such an ops-table member.
	 * Its entry locks count the framework as one more caller holding it.
	 */
	sym_t cb_lock;
};

/*
 * func_info.serial_entry of the one thread boot code starts (kthread_run()
 * in an __init function, in no loop): there is one of it in the system,
 * so what only it reaches, a global too, is its own.
 */
#define SERIAL_ENTRY_ONE 1	/* one run at a time per registration */
#define SERIAL_ENTRY_SINGLE 2

/* func_info.refs_serial / refs_unserial bits */
#define REFS_SERIAL 0x1		/* a reference that is a serial registration (or not) */
#define REFS_SINGLE 0x2		/* the one start of boot code's one thread (or not) */

struct call_site {
	uint32_t caller;	/* function id */
	uint32_t op;
};

struct index {
	struct unit *units;
	uint32_t nunits;
	/* the directory all scanned paths share ("linux-6.12/"): where the
	   tree's own directories (fs/, drivers/) begin */
	uint32_t root_len;
	struct ir_func **funcs;
	uint32_t nfuncs;
	struct func_info *info;
	struct call_site *callers;
	uint32_t ncallers;
	/*
	 * The calls through the members a callback is kept in, when they are
	 * all its indirect callers (build.c, build_member_callers()): by
	 * function, member_sites[member_site_start[id]] up to [id + 1].
	 */
	uint32_t *member_site_start;
	struct call_site *member_sites;

	struct symmap fn_by_name;	/* name -> first id; chain in fn_next */
	uint32_t *fn_next;
	struct symmap structs;		/* "struct x" -> struct_def index in struct_list */
	const struct struct_def **struct_list;
	uint32_t nstructs;
	/*
	 * Other definitions of a tag already in struct_list (each
	 * architecture's struct arch_vcpu): alt_first[k] is struct_list[k]'s
	 * first, chained through alt_next; IR_NONE ends.  Field types fall
	 * back on them, so a member only one architecture has is still known.
	 */
	const struct struct_def **alts;
	uint32_t *alt_first, *alt_next;
	struct symmap typedefs;		/* name -> type sym */
	/*
	 * A typedef name given other types elsewhere (EDK2's CPU_MP_DATA in
	 * two packages): name -> first index in tdalt_type, chained through
	 * tdalt_next (IR_NONE ends).  The first definition stays the name's
	 * type; a member it lacks is looked up in the others.
	 */
	struct symmap typedef_alts;
	sym_t *tdalt_type;
	uint32_t *tdalt_next;
	uint32_t ntdalt, tdalt_cap;
	struct symmap globals;		/* name -> type sym (non-static, first seen) */

	struct symmap fields;		/* key -> index into field_ranges */
	uint32_t *field_start;		/* per key: range in field_acc */
	uint32_t *field_nwrites;	/* per key: writes first in the range */
	uint8_t *field_flags;		/* per key: FIELD_* below */
	struct field_access *field_acc;
	uint32_t nfield_keys, nfield_acc;

	unsigned jobs;
	uint64_t generation;		/* unique per index_build(), for memos */
	struct lock_fx **fx;		/* callee lock effects, while building; NULL: none */
	struct macro_table *macros;	/* lock macros, while building (macro_table.h) */
	struct unit_graph *graphs;	/* per unit, from resolving to the call graph */
	sym_t *func_file;		/* by function id: a compact copy of its file */
	uint8_t *file_private;		/* by function id: static, outside a header */

	/*
	 * Answers the rules memoize per function while they run (see
	 * writers.c); written by racing workers, who all store the same value.
	 */
	uint8_t *init_memo;
	uint8_t *fresh_memo;		/* writers.c returns_fresh(): 0 unknown, 1 no, 2 yes */
	/* concurrency.c thread_context(): 0 unknown, 1 none, else the entry + 2 */
	uint32_t *context_memo;
	/* by function id: a module's load-time function (load_entries.h), or NULL */
	uint8_t *load_entry;
	/*
	 * By function id: the other definition of its name whose callers it
	 * takes as its own (build.c, alternative_of(): a header's config stub
	 * the calls resolve to, another architecture's definition), or
	 * IR_NONE.  Set before the callers' locks are worked out.
	 */
	uint32_t *alt_of;
};

/* The item of a lockset that is `lock`, or NULL. */
static inline struct ir_lockitem *lockset_find(struct ir_lockitem *set, uint32_t n, sym_t lock)
{
	for (uint32_t i = 0; i < n; i++)
		if (set[i].lock == lock)
			return &set[i];
	return NULL;
}

static inline struct ir_func *index_func(const struct index *idx, uint32_t id)
{
	return id < idx->nfuncs ? idx->funcs[id] : NULL;
}

/*
 * How many calls through the members function id is kept in the index
 * knows to be all its indirect calls (member_sites), or 0.
 */
static inline uint32_t index_member_calls(const struct index *idx, uint32_t id)
{
	return idx->member_site_start && idx->member_sites ?
		       idx->member_site_start[id + 1] - idx->member_site_start[id] :
		       0;
}

/*
 * Call i of function id: its direct callers first, then the calls through
 * its members (i below ncallers + index_member_calls()).
 */
static inline const struct call_site *index_caller_site(const struct index *idx, uint32_t id,
							uint32_t i)
{
	const struct func_info *fi = &idx->info[id];

	if (i < fi->ncallers)
		return &idx->callers[fi->callers_start + i];
	return &idx->member_sites[idx->member_site_start[id] + i - fi->ncallers];
}

/* index_func(id)->file, without reading the function. */
static inline sym_t index_func_file(const struct index *idx, uint32_t id)
{
	return id < idx->nfuncs ? idx->func_file[id] : 0;
}

/* The function a call op resolves to, or NULL. */
struct ir_func *index_callee(const struct index *idx, const struct ir_op *call);

/*
 * Of a static function defined more than once in its file -- the arms of
 * an #ifdef, the real helper and its stub (return 0;) -- the one with the
 * most to it, from id (the definition a call resolves to: the last one in
 * the file) on.  The stub reads nothing, while a double fetch in any
 * configuration the code builds in is one.  Calls still resolve to id:
 * the concurrency rules' lock summaries stay as they were.
 */
uint32_t index_richest_alternative(const struct index *idx, uint32_t id);
/*
 * The argument in position `param` of call site cs, with the calling
 * function in *caller; NULL when the call passes fewer arguments.
 */
const struct ir_arg *index_call_arg(const struct index *idx, const struct call_site *cs,
				    uint32_t param, const struct ir_func **caller);

/*
 * Does some call op resolve to this very definition?  A caller of one of
 * its #ifdef alternatives is its caller too (index.callers), but the call
 * op names the one definition it was resolved to.
 */
bool index_called_directly(const struct index *idx, uint32_t id);

/* Resolve a function name as seen from a file (static ones first). */
/*
 * Does the path lie below a variant directory, one whose siblings are
 * built instead of it (arch/X/..., target/X/..., plat/X/...)?
 */
bool index_in_variant(const char *path);

uint32_t index_lookup_function(const struct index *idx, sym_t name, sym_t from_file);

/* The struct a type names, through pointers/arrays/typedefs: "struct x". */
sym_t index_struct_of(const struct index *idx, sym_t type, int *pointers);
/* The declared type of a struct's field, or 0. */
sym_t index_field_type(const struct index *idx, sym_t struct_name, sym_t field);
/* An array member's element count when its dimension is a number, else 0. */
uint32_t index_field_count(const struct index *idx, sym_t struct_name, sym_t field);
/*
 * sizeof() of a struct made only of scalars and arrays of them (no
 * bit-fields, no nested structs, a flexible array last at most), each
 * aligned to its element's size: false when it is not such a struct.
 */
bool index_struct_size(const struct index *idx, sym_t struct_name, uint64_t *size);
/* Is the member an array without a dimension (u8 data[]), past sizeof() of its struct? */
bool index_field_flexible(const struct index *idx, sym_t struct_name, sym_t field);
/* Where field stands among struct_name's members (0 first), or -1 if unknown. */
int index_field_rank(const struct index *idx, sym_t struct_name, sym_t field);
/*
 * The byte offset of field in struct_name when every member before it is
 * a scalar (each aligned to its size): a lower bound, as field's own
 * alignment can only move it further.  False when it cannot be told.
 */
bool index_member_offset_at_least(const struct index *idx, sym_t struct_name, sym_t field,
				  uint64_t *off);

/* The declared type of the field a key names ("struct a::b.c"), or 0. */
sym_t index_key_type(const struct index *idx, sym_t key);

/*
 * The struct a pointer of `type` leads to that has `field`: the typedef's
 * first definition, or another definition of the same typedef name when
 * only that one has the member.  0 when none has it.
 */
sym_t index_struct_with_field(const struct index *idx, sym_t type, sym_t field, int *levels);

#define FIELD_WRITTEN 0x1		/* some write or read-modify-write */
#define FIELD_MARKED_WRITE 0x2		/* some WRITE_ONCE, atomic or release store */
#define FIELD_MARKED_READ 0x4

/* The parent key: "struct a::b.c" -> "struct a::b"; 0 at the top. */
sym_t key_parent(sym_t key);

/* FIELD_* flags of a key and of the keys containing it, or-ed. */
uint8_t index_field_flags(const struct index *idx, sym_t key);

/* Writes and read-modify-writes of a field key. */
const struct field_access *index_field_writes(const struct index *idx, sym_t key, uint32_t *n);
/* Its marked reads, then its branch-condition reads. */
const struct field_access *index_field_reads(const struct index *idx, sym_t key, uint32_t *n);

/*
 * The locks held at op: its own lockset plus what every caller holds.
 * Returns the count written to out (at most max).
 */
uint32_t index_locks_at(const struct index *idx, const struct ir_func *f, const struct ir_op *op,
			struct ir_lockitem *out, uint32_t max);

/* Is the op's path (or lock) the same object as key? */
static inline sym_t op_key(const struct ir_func *f, const struct ir_op *op)
{
	return op->a < f->npaths ? f->paths[op->a].key : 0;
}

#endif
