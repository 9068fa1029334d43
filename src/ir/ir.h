/*
 * The access IR: what tocsin knows about one function once its syntax tree
 * is gone.
 *
 * A function body is a control-flow graph of basic blocks.  A block is a
 * contiguous run of operations in evaluation order.  Operations read and
 * write access paths (a base -- parameter, local, global, call result --
 * and a field chain such as "->save.rip"), call functions with argument
 * bindings, define locals, take and release locks, and branch.  Values are
 * described by their sources (struct ir_src): which reads, calls, locals
 * and constants an expression was computed from, so that rules can follow
 * a read to where its value goes.
 *
 * Everything is indexes into per-function arrays and interned strings
 * (sym_t), allocated in the arena of the file the function came from.
 */
#ifndef TOCSIN_IR_H
#define TOCSIN_IR_H

#include "base/intern.h"

#include <stdbool.h>
#include <stdint.h>

#define IR_NONE UINT32_MAX
#define REACH_ENTRY 0x80000000u

/* How an access is marked for concurrency. */
enum ir_mark {
	MARK_PLAIN,
	MARK_ONCE,		/* READ_ONCE / WRITE_ONCE */
	MARK_ATOMIC,		/* atomic_*, atomic bitops, cmpxchg, xchg */
	MARK_ACQUIRE,		/* smp_load_acquire */
	MARK_RELEASE,		/* smp_store_release */
	MARK_RCU,		/* rcu_dereference*, rcu_assign_pointer */
	MARK_DATA_RACE,		/* data_race(): an intentional race */
	/*
	 * Straight through a pointer to volatile data (mb->count): one load or
	 * one store, never a plain access, but no sign that it races either --
	 * firmware reaches its own setup through such pointers too.  Like a
	 * volatile member's accesses, which the field's type marks.
	 */
	MARK_VOLATILE,
	MARK_COUNT
};

enum ir_base_kind {
	BASE_NONE,
	BASE_VAR,		/* a parameter or local: ir_var index */
	BASE_GLOBAL,		/* a file-scope or external name: sym */
	BASE_CALL,		/* the value a call returned: op index */
	BASE_EXPR,		/* anything else (a literal address...) */
};

/*
 * The type a guard class's variable is declared with, "class_<name>_t"
 * (CLASS(name, var)(args)): the index reads it as the return type of the
 * tree's function <name>.
 */
#define CLASS_TYPE_PREFIX "class_"

/* Parameters and locals.  Params come first, in order. */
struct ir_var {
	sym_t name;
	sym_t type;		/* declared type, normalised: "struct vmcb *" */
	uint32_t line;
	uint8_t is_param;
	uint8_t is_static;	/* a static local: shared, not on the stack */
	uint8_t is_user;	/* declared with __user */
	uint8_t by_value;	/* a struct or array object held on the stack */
	uint8_t to_const;	/* a pointer to const data (const struct x *p) */
	/*
	 * A pointer to volatile data (volatile struct mailbox *mb): every
	 * access through it is one load or one store (MARK_VOLATILE).
	 */
	uint8_t to_volatile;
	/* zeroed, not padding: units are cached and compared byte for byte */
	uint8_t spare[2];
};

/*
 * An access path.  `chain` is the field chain after the base, in the
 * canonical spelling "->a.b", "[]", "*" (deref of the whole); `text` is
 * the path as a maintainer writes it, "vmcb12->save.rip".  `key` is the
 * type-based field key ("struct vmcb::save.rip"), filled in by the index
 * once every struct definition is known.
 */
struct ir_path {
	uint8_t base_kind;
	uint8_t derefs;		/* pointer dereferences along the chain */
	uint16_t flags;
	uint32_t base;		/* var index, global sym, or call op index */
	sym_t chain;
	sym_t text;
	sym_t base_type;	/* type of the base where known (casts too) */
	sym_t key;
};

#define PATH_FLAG_INDEXED 0x1	/* the chain has a subscript */
/*
 * The object a lock idiom takes the lock of through the object itself
 * (lock_sock(sk): struct idiom.owner), not a lock: its key names the
 * owner's type as a member lock's key does.
 */
#define PATH_FLAG_OWNER 0x2
/*
 * A lock the function's own declaration says its callers hold on entry
 * (`__must_hold(&x->lock)`, or `__releases(x->lock)`: it lets go of a lock
 * it never took).  No op names the path; the lockset pass starts with it
 * held, as a caller's lock.
 */
#define PATH_FLAG_ENTRY_HELD 0x4

enum ir_src_kind {
	SRC_OP,			/* the value of an op: a read or a call result */
	SRC_VAR,		/* a local or parameter's current value */
	SRC_CONST,		/* a constant; ref is its spelling (sym) */
	SRC_ADDR,		/* the address of a path: ref is a path index */
};

/* How a source feeds the expression that uses it. */
enum ir_how {
	HOW_VALUE,		/* as a value, possibly through arithmetic */
	HOW_MASK,		/* and-ed with a constant mask */
	HOW_CLEAR,		/* and-ed with the complement of a constant */
	HOW_COMPARE,		/* only its comparison result is used: <, <=, >, >= */
	HOW_TEST,		/* only its truth (if (x), !x, x && y) */
	HOW_BASE,		/* the pointer an access dereferences */
	HOW_INDEX,		/* a subscript of the accessed location */
	HOW_EQUAL,		/* only compared for (in)equality: == or !=, no bound */
	HOW_MODULO,		/* reduced modulo a constant: forced into [0, N) */
};

/* Is the source only compared, by any comparison operator? */
static inline bool how_compares(uint8_t how)
{
	return how == HOW_COMPARE || how == HOW_EQUAL;
}

struct ir_src {
	uint32_t ref;
	uint8_t kind;		/* enum ir_src_kind */
	uint8_t how;		/* enum ir_how */
	uint16_t defs;		/* SRC_VAR: count of reaching defs ... */
	uint32_t def_start;	/* ... at ir_func.reach[def_start..] */
};

enum ir_op_kind {
	OP_READ,		/* path; mark */
	OP_WRITE,		/* path; mark; srcs: the value stored */
	OP_RMW,			/* path; mark; srcs: the operand */
	OP_CALL,		/* callee sym (0: indirect); args */
	OP_DEF,			/* var := srcs */
	OP_USE,			/* srcs used as `use` (enum ir_use) */
	OP_BRANCH,		/* srcs: condition; ends its block */
	OP_RETURN,		/* srcs: the returned value; ends its block */
	OP_LOCK,		/* path of the lock; lock kind */
	OP_UNLOCK,
	OP_ASSERT_HELD,		/* lockdep_assert_held(): held, and meant to be */
	/*
	 * KCSAN's ASSERT_EXCLUSIVE_WRITER(x) / ASSERT_EXCLUSIVE_ACCESS(x):
	 * path; mark 1 when no other access at all may run at once (ACCESS),
	 * 0 when only no other writer may (WRITER).  The author's statement
	 * of the concurrency, checked at run time under KCSAN.
	 */
	OP_ASSERT_EXCL,
	OP_KIND_COUNT
};

/* OP_USE: how a value is consumed other than by reads/writes/calls. */
enum ir_use {
	USE_INDEX,		/* array subscript */
	USE_PTR_ARITH,		/* pointer arithmetic */
	USE_DEREF,		/* dereferenced as a pointer */
	USE_LOOP_BOUND,		/* bounds a loop */
	USE_SWITCH,		/* selects a switch case */
};

enum ir_lock_kind {
	LOCK_SPIN,
	LOCK_MUTEX,
	LOCK_READ,		/* shared mode: read_lock, down_read */
	LOCK_WRITE,		/* exclusive mode of a rwlock/rwsem */
	LOCK_SEM,
	LOCK_RCU,		/* rcu_read_lock(): a read-side section */
	LOCK_SRCU,
	LOCK_SEQ,
	LOCK_OTHER,
	/*
	 * A flag taken as a lock: one bit of a word won with test_and_set_bit()
	 * and let go with clear_bit(), or a field claimed under a lock where it
	 * was found clear (`if (o->busy) return; o->busy = 1;`) and given back
	 * with 0.  It keeps out whoever takes the same flag; but held on one
	 * side only it says nothing, as its holders are not known to be all
	 * who change what it covers (a flag is also tested, set and cleared
	 * outside such a pair)
	 */
	LOCK_FLAG,
};

/*
 * A pointer variable moved by a known number of bytes: the OP_DEF of
 * `p += k`, `p++` or `p = p + k`, with the bytes it moves by as a form
 * "=LIN" (ir/byterange.h); or set to a known number of bytes past another
 * pointer, `q = (u8 *)p + sizeof(*hdr)`, with the form "@LIN|ELEM" of
 * that expression, and the OP_RETURN of such an expression.  Only such
 * DEFs and RETURNs have one; they are few.
 */
struct ir_move {
	uint32_t op;
	sym_t form;
};

/*
 * The two arms of a conditional expression (c ? x : y): ops
 * [a_start, a_end) and [b_start, b_end) never both run in one
 * execution, though they sit in one block.
 */
struct ir_excl {
	uint32_t a_start, a_end, b_start, b_end;
};

/*
 * A branch edge taken only when a local or parameter holds one constant:
 * the edge from the block of OP_BRANCH `branch` into block `target` for a
 * `case VALUE:` of switch (var), the then-arm of if (var == VALUE), the
 * else-arm of if (var != VALUE).  Several on one edge and variable: any
 * of their values (var == A || var == B).  `value` is the constant as
 * spelled, squeezed ("_IOW(0xAF,0x10,int)"): macros are not expanded, so
 * two values are known to differ only by their spellings.
 */
struct ir_case {
	uint32_t branch;
	uint32_t target;
	uint32_t var;
	sym_t value;
};

/* OP_CALL argument. */
struct ir_arg {
	uint32_t src_start;
	uint16_t src_count;
	uint16_t flags;
	uint32_t path;		/* the path the argument names (p, p->f, &p->f) */
	sym_t form;		/* its byte form (ir/byterange.h), or 0 */
};

#define ARG_ADDR 0x1		/* &path: the callee gets the object itself */
/*
 * After a string literal with a conversion in it ("rpi x%x\n"): a value
 * formatted into text, whatever the callee is (a driver's own log
 * wrapper, a debug print macro).
 */
#define ARG_FORMATTED 0x2
/*
 * Spelled as a cast to a pointer type ((struct ring *)addr): the form's
 * ELEM is the type cast to.  ARG_CAST_USER when that type carries a
 * profile's user-annotation ((int __user *)arg): the address is one in
 * user memory, as a local declared so would hold.
 */
#define ARG_CAST 0x4
#define ARG_CAST_USER 0x8

/* Op flags. */
#define OPF_COND 0x1		/* evaluated as part of a branch condition */
#define OPF_TRACE 0x2		/* only feeds a tracepoint or log call */
#define OPF_COMPOUND 0x4	/* WRITE of "x op= v": the old value is kept */
#define OPF_INIT 0x8		/* DEF from a declaration's initialiser */
/*
 * RMW of one bit whose number is a variable named as it stands
 * (set_bit(nr, w)): its first source is that variable.  Only an RMW has
 * it, so it shares OPF_INIT's bit, which only a DEF has.
 */
#define OPF_BIT_VAR 0x8
#define OPF_NORETURN 0x10	/* CALL that does not return (BUG, panic) */
#define OPF_TRYLOCK 0x20	/* LOCK that a trylock took on this edge */
#define OPF_SCOPED 0x40		/* LOCK/UNLOCK of guard()/scoped_guard() */
#define OPF_MACRO_LOOP 0x80	/* CALL of an iterator macro's header */
/*
 * An op the source does not spell: the UNLOCK the end of a guard() scope
 * makes, or the LOCK of an object that is NULL on this edge (`if (ctx)
 * lock(&ctx->l)`, the edge where ctx is NULL): there is no lock to take
 * there, and what runs after the join holds the lock of every ctx that
 * exists.
 */
#define OPF_IMPLICIT 0x100
#define OPF_WARN 0x200		/* CALL of WARN*, BUG_ON, KVM_BUG_ON */
/*
 * CALL through a pointer: `a` is its text -- the text of the member path
 * its pointer is read from when it is one ("ops_of()->fn" for
 * ops_of(h)->fn(x), "p->fn" for ((struct t *)p)->fn(x)), else its spelling
 */
#define OPF_INDIRECT 0x400
#define OPF_OUTPARAM 0x800	/* DEF of a local whose address a call got */
#define OPF_PREPROC 0x1000	/* BRANCH between #if arms, not a condition */
#define OPF_LOCK_MACRO 0x2000	/* LOCK/UNLOCK/ASSERT_HELD by a project's lock macro */
#define OPF_DEBUG_WARN 0x4000	/* CALL of a WARN only debug builds compile (VM_BUG_ON) */
#define OPF_NOT_TEST 0x8000	/* BRANCH on !x: its first successor runs when x is false */
/*
 * ir_op.mark of a BRANCH on `x && f(...)`: its first successor runs only
 * when the last call of the condition, f, returned nonzero; the second
 * when it returned zero or was not made.
 */
#define BRANCH_AND_CALL 1

/*
 * ir_op.mark of an OP_CALL that is the left side of an assignment,
 * `slot(d, p) = b`: only a macro can be one, and it names a place (a
 * table's slot, a member) that the assignment stores into.  There is no
 * preprocessor to say which; the call and its arguments are what is known.
 */
#define CALL_STORED_INTO 1

/*
 * 32 bytes: the kernel has some 15 million of these, all held at once, so
 * every field earns its width.  A function whose values have more sources,
 * or that has more distinct locksets, than 16 bits count is marked
 * PARTIAL_SIZE and kept only as far as they go.
 */
struct ir_op {
	uint8_t kind;		/* enum ir_op_kind */
	uint8_t mark;		/* enum ir_mark, or lock kind, or use kind */
	uint16_t flags;
	uint32_t line;
	uint16_t col;
	uint16_t loop;		/* innermost loop + 1, or 0 */
	uint16_t src_count;	/* srcs, or for OP_CALL its args (op_nargs()) */
	uint16_t lockset;	/* index into ir_func.locksets */
	uint32_t a;		/* path, callee sym, var, or 0 */
	uint32_t src_start;	/* srcs, or args for OP_CALL */
	uint32_t block;
	union {
		uint32_t callee;	/* OP_CALL: function id once indexed, else IR_NONE */
		/*
		 * OPF_COMPOUND: the operator's first char; an OP_BRANCH of an
		 * if: '&' when its condition is a && b, '|' for a || b
		 */
		uint32_t compound_op;
		/*
		 * OP_READ / OP_RMW of one bit of a word (test_bit(nr, w),
		 * set_bit, clear_bit, test_and_set_bit...): the spelling of the
		 * bit number when it is a constant; IR_NONE for any other op
		 */
		uint32_t bit;
		/*
		 * OP_LOCK / OP_UNLOCK / OP_ASSERT_HELD by a call whose name a lock
		 * family's pattern matched (spin_lock_irqsave_rcu_node(p, f)) on
		 * a pointer that is not an address taken (&x): that name (a sym);
		 * `a` is *p, as for the family's own calls.  The index reads the
		 * codebase's definition of the name, which may say the lock is a
		 * member of what p points to (&ACCESS_PRIVATE(p, lock)), and then
		 * names that instead (index/macro_table.c).  IR_NONE for any
		 * other lock op.
		 */
		uint32_t via;
	};
};

#define IR_MAX_SRCS 65535u
#define IR_MAX_LOCKSETS 65535u

struct ir_block {
	uint32_t op_start, op_end;
	uint32_t succ_start;	/* into ir_func.succs */
	uint16_t nsucc;
	uint16_t flags;
};

#define BLOCK_ENTRY 0x1
#define BLOCK_EXIT 0x2

struct ir_loop {
	uint32_t line;
	uint32_t head;		/* header block */
	uint16_t parent;	/* enclosing loop + 1, or 0 */
	uint8_t kind;		/* enum ir_loop_kind */
	uint8_t pad;
	sym_t macro;		/* iterator macro name, for LOOP_MACRO */
	uint32_t var;		/* the iterator variable, or IR_NONE */
	uint32_t over;		/* path iterated over, or IR_NONE */
};

enum ir_loop_kind { LOOP_FOR, LOOP_WHILE, LOOP_DO, LOOP_MACRO };

/* A set of held locks: a run of ir_func.lockitems, sorted. */
struct ir_lockset {
	uint32_t start;
	uint16_t count;
	uint16_t rcu;		/* inside an RCU read-side section */
};

/*
 * One held lock.  `lock` is its identity: the lock's field key once the
 * index has resolved types ("struct kvm_vcpu::arch.mp_state_lock"), the
 * path text before that ("vcpu->arch.mp_state_lock").
 */
struct ir_lockitem {
	sym_t lock;
	uint32_t path;		/* where it was taken here, or IR_NONE */
	uint8_t kind;		/* enum ir_lock_kind */
	uint8_t asserted;	/* known by lockdep_assert_held() */
	uint8_t from_caller;	/* held by every caller at the call */
	/*
	 * Held for every element of a loop over peers: taken on each element
	 * of an iterator loop and kept past its end (lock-all-vCPUs).  It
	 * covers the lock of any one object of its type, not just one of them.
	 */
	uint8_t every;
};

/*
 * Why a function is analysed only as far as it goes.  Each is counted in
 * the run's summary: nothing is dropped silently.
 */
#define PARTIAL_SYNTAX 0x1	/* the parse had ERROR nodes in it */
#define PARTIAL_DEPTH 0x2	/* nesting beyond what the lowering follows */
#define PARTIAL_SIZE 0x4	/* too many definitions, sources or locksets to track */
#define PARTIAL_REASONS 3

struct ir_func {
	sym_t name;
	sym_t file;		/* path of the file it is defined in */
	sym_t ret_type;
	uint32_t line, end_line;
	uint32_t start_byte, end_byte;
	uint8_t is_static;
	uint8_t partial;	/* PARTIAL_*: why it is analysed only in part */
	uint8_t is_macro;	/* defined through a macro, e.g. SYSCALL_DEFINE */
	uint8_t exported;	/* EXPORT_SYMBOL*() names it */
	uint16_t nparams;
	uint16_t pad;
	/*
	 * The #if arms the definition sits in, outermost first: each the
	 * conditional's or the alternative's (#elif, #else) start byte and
	 * 'c' or 'a' ("1200c/3400a"), 0 outside any.  Two definitions in
	 * different arms of one #if are never built together.
	 */
	sym_t preproc_arms;

	struct ir_var *vars;
	uint32_t nvars;
	struct ir_path *paths;
	uint32_t npaths;
	struct ir_op *ops;
	uint32_t nops;
	struct ir_src *srcs;
	uint32_t nsrcs;
	struct ir_arg *args;
	uint32_t nargs;
	struct ir_move *moves;	/* sorted by op */
	uint32_t nmoves;
	struct ir_excl *excls;	/* exclusive arms of ?: */
	uint32_t nexcls;
	struct ir_case *cases;	/* edges taken only for one value, by branch */
	uint32_t ncases;
	struct ir_block *blocks;
	uint32_t nblocks;
	uint32_t *succs;
	uint32_t nsuccs;
	struct ir_loop *loops;
	uint32_t nloops;
	struct ir_lockset *locksets;
	uint32_t nlocksets;
	uint32_t exit_lockset;	/* held when the function returns */
	uint32_t released_lockset;	/* released without being taken here */
	struct ir_lockitem *lockitems;
	uint32_t nlockitems;
	uint32_t *reach;	/* reaching DEF op indexes, see ir_src.defs;
				   REACH_ENTRY | var: the value on entry */
	uint32_t nreach;
	/*
	 * What the annotations on the definition mean (profile.h): "init",
	 * "noreturn", "holds(x)" for __must_hold(x), "acquires(x)", "releases(x)"
	 */
	sym_t *annotations;
	uint32_t nannotations;
	uint32_t id;		/* index in the global function table */
};

/*
 * Every array of a function with its count, for code that must visit all
 * of them (the cache writes and reads them in this order).
 */
#define IR_FUNC_ARRAYS(X)			\
	X(vars, nvars)				\
	X(paths, npaths)			\
	X(ops, nops)				\
	X(srcs, nsrcs)				\
	X(args, nargs)				\
	X(moves, nmoves)			\
	X(excls, nexcls)			\
	X(cases, ncases)			\
	X(blocks, nblocks)			\
	X(succs, nsuccs)			\
	X(loops, nloops)			\
	X(locksets, nlocksets)			\
	X(lockitems, nlockitems)		\
	X(reach, nreach)			\
	X(annotations, nannotations)

/* Ops whose `a` names a path: accesses and lock operations. */
static inline bool op_has_path(const struct ir_op *op)
{
	return op->kind <= OP_RMW || op->kind >= OP_LOCK;
}

/* The number of arguments of an OP_CALL, 0 for any other op. */
static inline uint32_t op_nargs(const struct ir_op *op)
{
	return op->kind == OP_CALL ? op->src_count : 0;
}

static inline const struct ir_src *op_srcs(const struct ir_func *f, const struct ir_op *op)
{
	return f->srcs ? f->srcs + op->src_start : NULL;
}

static inline const struct ir_arg *op_args(const struct ir_func *f, const struct ir_op *op)
{
	return f->args ? f->args + op->src_start : NULL;
}

static inline const struct ir_src *arg_srcs(const struct ir_func *f, const struct ir_arg *a)
{
	return f->srcs ? f->srcs + a->src_start : NULL;
}

/*
 * The first source of op of this kind naming ref (SRC_VAR: a local,
 * SRC_OP: an op's result), among its own sources or, for a call, its
 * arguments' sources; NULL when there is none.
 */
const struct ir_src *op_find_src(const struct ir_func *f, const struct ir_op *op, uint8_t kind,
				 uint32_t ref);

const char *ir_op_kind_name(enum ir_op_kind k);
/* "parse errors", "nesting too deep", "too large to track": bit r of PARTIAL_* */
/*
 * Are two definitions' #if arms (ir_func.preproc_arms) alternatives of one
 * conditional -- one in its block, the other in its #elif or #else -- so
 * that no build has both?
 */
bool preproc_arms_exclusive(sym_t a, sym_t b);

const char *partial_reason_name(unsigned r);
/* The same as a JSON key: "syntax", "depth", "size". */
const char *partial_reason_key(unsigned r);
const char *ir_mark_name(enum ir_mark m);
const char *ir_lock_kind_name(enum ir_lock_kind k);
const char *ir_use_name(enum ir_use u);
bool ir_mark_is_marked(enum ir_mark m);

/* The name of the variable, global or expression at the base of a path. */
const char *ir_path_base_name(const struct ir_func *f, const struct ir_path *p);

#endif
