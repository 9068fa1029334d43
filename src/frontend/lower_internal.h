/*
 * Shared state of the lowering (syntax tree -> IR).  Private to its files,
 * which are layered, each calling only those before it:
 *
 *   lower_node.c    syntax-tree helpers: children, text, declared types
 *   lower_build.c   the IR builder: blocks, variables, value stack, ops, paths
 *   lower_form.c    a call argument's byte form: sizes and pointer offsets
 *   lower_cases.c   the branch edges taken only for one value of a variable
 *   lower_expr.c    expressions -> operations and value sources
 *   lower_stmt.c    statements -> control-flow graph
 *   lower_unit.c    a file: its functions, struct layouts, globals, macros
 *
 * A statement inside an expression goes back up through struct lower_hooks.
 *
 * Recursion follows the syntax tree, so it is bounded by MAX_DEPTH: deeper
 * input is not lowered (the function is marked partial) instead of
 * exhausting the stack.  Long left-leaning operator chains (a | b | c ...)
 * are walked iteratively and do not count against the bound.
 */
#ifndef TOCSIN_LOWER_INTERNAL_H
#define TOCSIN_LOWER_INTERNAL_H

#include "profile/idioms.h"
#include "ir/ir.h"
#include "input/source.h"
#include "frontend/syntax.h"
#include "ir/unit.h"
#include "base/util.h"

#include <tree_sitter/api.h>

#define MAX_DEPTH 400

struct scope_ent {
	sym_t name;
	uint32_t var;
};

struct guard_ent {
	uint32_t scope;		/* scope depth it was declared at */
	uint32_t path;
	uint8_t kind;
	/*
	 * A guard of a class no guard-class names, whose constructor is the
	 * tree's lock function of the class's name (CLASS(task_rq_lock,
	 * g)(p) calls task_rq_lock(p)): the function that lets it go, called
	 * where the scope ends; 0 for a guard on a lock path.
	 */
	sym_t unlock;
	TSNode at;
};

struct label_ent {
	sym_t name;
	uint32_t block;
	bool placed;
};

struct edge {
	uint32_t from, to;
};

struct jump_target {
	uint32_t brk, cont;	/* IR_NONE when not applicable */
};

struct path_slot {
	uint64_t hash;
	uint32_t index;
};

/* A child node, as kids_named() and kids_all() collect them. */
struct kid {
	TSNode node;
	TSFieldId field;	/* 0 unless collected by kids_all() */
	bool named;
};

struct lctx;

/*
 * The way back up from expressions to statements.  Expressions sit below
 * statements: lower_expr.c calls nothing of lower_stmt.c.  But a GNU
 * statement expression ({ ... }) holds statements, and a guard(class)(lock)
 * call holds its lock to the end of the enclosing block, whose scope is
 * the statement lowering's.  The expression lowering hands those to the
 * layer above through these hooks, which unit_lower() points at
 * lower_stmt() and lower_guard() when it sets up the context.
 */
struct lower_hooks {
	void (*lower_stmt)(struct lctx *c, TSNode n);
	void (*lower_guard)(struct lctx *c, TSNode call, TSNode inner);
};

/* File-scope knowledge the function lowering consults. */
struct file_scope {
	VEC(sym_t) globals;	/* names declared at file scope so far */
	VEC(uint8_t) global_static;
};

struct lctx {
	const struct source *src;
	const char *text;	/* the parse text */
	struct unit *unit;
	struct file_scope *fs;
	/* the file's function-like macros recorded so far (the builder's vector) */
	struct macro_def *const *macros;
	const uint32_t *nmacros;
	struct lower_hooks hooks;
	sym_t arms;		/* the #if arms around what is lowered (ir_func) */
	/* arms_at()'s walk of the text: where it is, the arms open there */
	uint32_t arm_scan_at;
	bool arm_in_comment;
	VEC(uint32_t) arm_stack;

	/* the function being built */
	VEC(struct ir_var) vars;
	VEC(struct ir_path) paths;
	VEC(struct ir_op) ops;
	VEC(struct ir_src) srcs;
	VEC(struct ir_arg) args;
	VEC(struct ir_move) moves;
	VEC(struct ir_excl) excls;
	VEC(struct ir_case) cases;
	VEC(struct ir_block) blocks;
	VEC(struct edge) edges;
	VEC(uint32_t) npred;		/* edges into each block */
	VEC(struct ir_loop) loops;
	VEC(sym_t) annotations;

	VEC(struct scope_ent) scope;
	VEC(uint32_t) scope_marks;	/* scope.n at each open block */
	VEC(struct guard_ent) guards;
	VEC(struct label_ent) labels;
	VEC(struct jump_target) jumps;
	VEC(struct ir_src) tmp;		/* value stack of expressions */
	struct path_slot *path_hash;
	uint32_t path_hash_cap;

	/*
	 * Scratch stacks that recursive calls share: each call pushes its
	 * part on top and truncates back to where it started, so nothing is
	 * allocated per node.  Index them, never keep pointers: a nested
	 * call may move them.
	 */
	VEC(struct kid) kids;
	VEC(uint32_t) call_ranges;	/* lower_generic_call()'s arguments */
	VEC(uint32_t) call_paths;
	VEC(uint16_t) call_aflags;
	VEC(sym_t) call_forms;
	TSTreeCursor cursor;		/* only ever used to collect kids */

	uint32_t cur;			/* current block */
	bool live;			/* is the current point reachable */
	uint32_t exit_block;
	uint16_t loop;			/* innermost loop + 1 */
	uint16_t op_flags;		/* OPF_COND / OPF_TRACE while lowering those */
	uint8_t mark;			/* data_race() context */
	int depth;
	bool partial;
	bool too_deep;
	bool too_big;		/* more sources or arguments than an op holds */
	TSNode dangling;		/* statement after an if, see lower_arm() */
	TSNode split_if, split_else;	/* an if whose else #endif cut off, and that else */
	/*
	 * The bit lock (path + 1) the last bit-trylock lowered names, for the
	 * branch on its result to take on the arm where it returned false;
	 * 0 when it named none (a computed bit number)
	 */
	uint32_t bitlock_path;
	/*
	 * A flag (path + 1) the if just lowered tested for truth under a lock,
	 * leaving when it was set: the next statement may take it as a token
	 * (lower_stmt.c, token_store()); 0 otherwise
	 */
	uint32_t token_test;
	/*
	 * The innermost switch being lowered: its block and branch, and what
	 * it tests.  A case label nested below its body's own statements --
	 * in an #ifdef arm (#ifdef CONFIG_X / case X: ... #endif), or in a
	 * loop (Duff's device) -- is still a target of that switch.
	 */
	struct switch_state {
		bool in;		/* lowering a switch's body */
		bool has_default;
		uint32_t block, branch;
		TSNode subject;
	} sw;
	/*
	 * A local's value as a constant form ("=16"), from its initialiser,
	 * by var; it stands for the local only if nothing in the body assigns
	 * it (the names assigned: scanned once, when first asked).
	 */
	VEC(sym_t) var_init;
	VEC(sym_t) assigned;
	bool assigned_scanned;
	TSNode fn_body;			/* the body of the function being lowered */
	bool dangling_used;
};

static inline bool node_is(TSNode n, enum syn kind)
{
	return syn_kind(n) == kind;
}

static inline TSNode child_by_field(TSNode n, enum fld field)
{
	return syn_child(n, field);
}

/* lower_node.c: syntax-tree helpers */
/* constraint letters that name memory only on the file's architecture (lower_expr.c) */
const char *target_memory_letters(const struct lctx *c);
/* Does an asm constraint string (s, n bytes) name a memory operand on target? */
bool constraint_names_memory(const char *s, size_t n, const char *target);
/* the function-like macro name the file defined before this point, or NULL */
const struct macro_def *macro_before(const struct lctx *c, sym_t name);
/* the one plain read lowered since ops_before for argument i of a use of d: marked as d's body reads it */
void mark_macro_arg_read(struct lctx *c, const struct macro_def *d, uint32_t i, uint32_t ops_before);
uint32_t kids_named(struct lctx *c, TSNode n);
uint32_t kids_all(struct lctx *c, TSNode n);
size_t buf_append(char *buf, size_t cap, size_t len, const char *s, size_t n);
size_t buf_append_str(char *buf, size_t cap, size_t len, const char *s);
sym_t node_sym(struct lctx *c, TSNode n);
sym_t text_sym_squeezed(const char *t, uint32_t s, uint32_t e);
sym_t node_sym_squeezed(struct lctx *c, TSNode n);
bool looks_constant(const char *s, size_t n);
sym_t type_text(struct lctx *c, TSNode type_node, TSNode declarator, sym_t *name_out);
/* the name a function pointer declarator `(*fn)(...)` declares, or 0 */
sym_t fnptr_decl_name(struct lctx *c, TSNode d);
/*
 * The first named child that is code, or a null node: tree-sitter keeps a
 * comment as a named child wherever it falls, so the expression of an
 * if whose parentheses open with a comment, or of a return with a comment
 * before its value, is not child 0.
 */
TSNode first_code_child(TSNode n);
/*
 * Is arm an "#if 0" (or "#elif 0"), never compiled; is n inside the body
 * of one (not in its #else)?  Code kept there for reference calls nothing
 * and is called by nothing.
 */
bool never_built(struct lctx *c, TSNode arm);
bool under_never_built(struct lctx *c, TSNode n);
TSNode strip_parens(TSNode n);
sym_t callee_name(struct lctx *c, TSNode call);

/* lower_build.c: the IR builder */
uint32_t new_block(struct lctx *c);
void start_block(struct lctx *c, uint32_t b);
void add_edge(struct lctx *c, uint32_t from, uint32_t to);
void goto_block(struct lctx *c, uint32_t b);
uint32_t declare_var(struct lctx *c, sym_t name, sym_t type, uint32_t line, bool param);
bool declares_pointer_to(struct lctx *c, TSNode n, TSNode d, const char *qualifier);
uint32_t lookup_var(struct lctx *c, sym_t name);
void push_src(struct lctx *c, uint8_t kind, uint32_t ref);
void insert_src(struct lctx *c, uint32_t at, uint8_t kind, uint32_t ref);
void tmp_truncate(struct lctx *c, uint32_t n);
void tag_range(struct lctx *c, uint32_t start, uint8_t how);
void tag_all(struct lctx *c, uint32_t start, uint8_t how);
void tag_truth(struct lctx *c, uint32_t start);
uint32_t emit_op_line(struct lctx *c, uint8_t kind, uint32_t line, uint16_t col,
		      uint32_t a, uint32_t tmp_start);
uint32_t emit_op(struct lctx *c, uint8_t kind, TSNode at, uint32_t a,
		 uint32_t tmp_start);
uint32_t emit_call(struct lctx *c, TSNode n, sym_t name, uint16_t flags,
		   const uint32_t *ranges, const uint32_t *paths,
		   const uint16_t *aflags, const sym_t *forms, uint32_t nargs);
uint32_t intern_path(struct lctx *c, const struct ir_path *p);
uint32_t bit_lock_path(struct lctx *c, uint32_t word, sym_t bit);
uint32_t global_lock_path(struct lctx *c, sym_t fn, const struct idiom *id);
sym_t arg_byte_form(struct lctx *c, TSNode arg);
/* A constant expression's form ("=16"), or 0: for a local's initialiser. */
sym_t const_value_form(struct lctx *c, TSNode value);
/*
 * The bytes `p += amount` moves pointer variable var_node by, as "=LIN";
 * amount null: one element (p++).  0 when not a pointer or not known.
 */
sym_t move_form(struct lctx *c, TSNode var_node, TSNode amount);
/*
 * A pointer computed as a known number of bytes past another one
 * (q = (u8 *)p + sizeof(*hdr)), as "@LIN|ELEM"; 0 for anything else, and
 * for p itself, a cast of it, &p[k] and &p->f, which name their place.
 */
sym_t derived_form(struct lctx *c, TSNode value);
/*
 * After the DEF just made of local var from `value`, or with var IR_NONE
 * the RETURN just made of it: record derived_form().
 */
void note_derived(struct lctx *c, uint32_t var, TSNode value);
void set_var_init(struct lctx *c, uint32_t var, sym_t form);
void clear_paths(struct lctx *c);

/* lower_cases.c: edges taken only when a variable holds a constant (ir_case) */
void note_switch_case(struct lctx *c, uint32_t branch, TSNode subject, TSNode value,
		      uint32_t target);
void note_if_cases(struct lctx *c, uint32_t branch, TSNode cond, uint32_t thenb, uint32_t elseb);
uint32_t loop_counter_conjunct(struct lctx *c, TSNode cond, TSNode body, TSNode update);
void note_counted_loop_exit(struct lctx *c, TSNode n, uint32_t branch, uint32_t exit,
			    uint32_t body_start, uint32_t body_end);
uint32_t var_path(struct lctx *c, uint32_t var);
uint32_t global_path(struct lctx *c, sym_t name);

/* lower_expr.c: expressions */
enum lmode { L_RVALUE, L_ADDR, L_DISCARD };
struct idiom idiom_of(sym_t name);
uint32_t lower_lvalue_path(struct lctx *c, TSNode n, uint32_t *tmp_base);
uint32_t owner_pointee_path(struct lctx *c, TSNode arg, uint32_t *tb);
/* The location a pointer argument designates: &x is x, p is *p. */
uint32_t pointee_path(struct lctx *c, TSNode arg, uint32_t *tmp_base);
bool lock_via_wrapper(struct idiom id, TSNode arg);
void lower_assign_to(struct lctx *c, TSNode left, uint32_t value_start,
		     TSNode at, char compound);
void lower_call(struct lctx *c, TSNode n, enum lmode mode);
void lower_expr(struct lctx *c, TSNode n, enum lmode mode);

/* lower_stmt.c: statements */
void lower_guard(struct lctx *c, TSNode call, TSNode inner);
void lower_named_call(struct lctx *c, TSNode n, TSNode fn, TSNode al, sym_t name);
bool is_macro_header(struct lctx *c, TSNode stmt, TSNode *call);
void lower_stmt(struct lctx *c, TSNode n);
void lower_body(struct lctx *c, TSNode body);

/* lower_unit.c: unit_lower(), declared in ir/unit.h */

#endif
