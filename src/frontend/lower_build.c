/*
 * The IR builder the statement and expression lowerings share: the
 * blocks and edges of the control-flow graph, the variables in scope,
 * the value stack of expressions, the operations, and the table of
 * access paths of the function being lowered.  It knows nothing of the
 * syntax tree but a node's position (lower_internal.h).
 */
#include "frontend/lower_internal.h"

#include <stdlib.h>
#include <string.h>

/* --- blocks and edges ------------------------------------------------ */

uint32_t new_block(struct lctx *c)
{
	struct ir_block b = { .op_start = IR_NONE, .op_end = IR_NONE };

	vec_push(&c->blocks, b);
	return c->blocks.n - 1;
}

void start_block(struct lctx *c, uint32_t b)
{
	if (c->cur != IR_NONE && c->cur < c->blocks.n &&
	    c->blocks.v[c->cur].op_start != IR_NONE &&
	    c->blocks.v[c->cur].op_end == IR_NONE)
		c->blocks.v[c->cur].op_end = c->ops.n;
	if (c->blocks.v[b].op_start != IR_NONE) {
		/* already placed (a label defined twice): continue elsewhere */
		b = new_block(c);
	}
	c->blocks.v[b].op_start = c->ops.n;
	c->cur = b;
	c->live = true;
}

void add_edge(struct lctx *c, uint32_t from, uint32_t to)
{
	struct edge e = { from, to };

	vec_push(&c->edges, e);
	while (c->npred.n <= to)
		vec_push(&c->npred, 0);
	c->npred.v[to]++;
}

void goto_block(struct lctx *c, uint32_t b)
{
	if (c->live)
		add_edge(c, c->cur, b);
	start_block(c, b);
}

/* --- variables ------------------------------------------------------- */

uint32_t declare_var(struct lctx *c, sym_t name, sym_t type, uint32_t line, bool param)
{
	struct ir_var v = { .name = name, .type = type, .line = line, .is_param = param };
	struct scope_ent s;

	vec_push(&c->vars, v);
	s.name = name;
	s.var = c->vars.n - 1;
	if (name)
		vec_push(&c->scope, s);
	return c->vars.n - 1;
}

/*
 * Does declaration or parameter n (its type qualifiers, not those of its
 * pointer declarators) say `qualifier`, and declarator d make a pointer of
 * it: `const struct m *p`, whose pointee the code promises not to change,
 * or `volatile struct m *p`, whose pointee each access loads or stores
 * once?
 */
bool declares_pointer_to(struct lctx *c, TSNode n, TSNode d, const char *qualifier)
{
	uint32_t base, nk, len = (uint32_t)strlen(qualifier);
	bool found = false;

	if (ts_node_is_null(d) || !node_is(d, SYN_POINTER_DECLARATOR))
		return false;
	base = kids_named(c, n);
	nk = c->kids.n - base;
	for (uint32_t k = 0; k < nk && !found; k++) {
		TSNode q = c->kids.v[base + k].node;

		found = node_is(q, SYN_TYPE_QUALIFIER) &&
			ts_node_end_byte(q) - ts_node_start_byte(q) == len &&
			!memcmp(c->text + ts_node_start_byte(q), qualifier, len);
	}
	c->kids.n = base;
	return found;
}

uint32_t lookup_var(struct lctx *c, sym_t name)
{
	for (uint32_t i = c->scope.n; i-- > 0;)
		if (c->scope.v[i].name == name)
			return c->scope.v[i].var;
	return IR_NONE;
}

/* --- the value stack ------------------------------------------------- */

void push_src(struct lctx *c, uint8_t kind, uint32_t ref)
{
	struct ir_src s = { .ref = ref, .kind = kind, .how = HOW_VALUE };

	vec_push(&c->tmp, s);
}

/* push_src(), but at index `at` of the value stack, moving the rest up. */
void insert_src(struct lctx *c, uint32_t at, uint8_t kind, uint32_t ref)
{
	struct ir_src s = { .ref = ref, .kind = kind, .how = HOW_VALUE };

	vec_push(&c->tmp, s);
	memmove(c->tmp.v + at + 1, c->tmp.v + at, (c->tmp.n - 1 - at) * sizeof(*c->tmp.v));
	c->tmp.v[at] = s;
}

void tmp_truncate(struct lctx *c, uint32_t n)
{
	if (n < c->tmp.n)
		c->tmp.n = n;
}

void tag_range(struct lctx *c, uint32_t start, uint8_t how)
{
	for (uint32_t i = start; i < c->tmp.n; i++)
		if (c->tmp.v[i].how == HOW_VALUE)
			c->tmp.v[i].how = how;
}

/*
 * Only the truth of what was lowered since start is used (the condition
 * of ?:): a value and a value and-ed with a mask alike are tested.
 */
void tag_truth(struct lctx *c, uint32_t start)
{
	for (uint32_t i = start; i < c->tmp.n; i++)
		if (c->tmp.v[i].how == HOW_VALUE || c->tmp.v[i].how == HOW_MASK ||
		    c->tmp.v[i].how == HOW_CLEAR)
			c->tmp.v[i].how = HOW_TEST;
}

/* tag_range(), but of every source, not only the plain values. */
void tag_all(struct lctx *c, uint32_t start, uint8_t how)
{
	for (uint32_t i = start; i < c->tmp.n; i++)
		c->tmp.v[i].how = how;
}

/* --- operations ------------------------------------------------------ */

/* A count of sources or arguments as an op can hold it; past that, partial. */
static uint32_t capped_count(struct lctx *c, uint32_t n)
{
	if (n <= IR_MAX_SRCS)
		return n;
	c->too_big = true;
	return IR_MAX_SRCS;
}

uint32_t emit_op_line(struct lctx *c, uint8_t kind, uint32_t line, uint16_t col,
		      uint32_t a, uint32_t tmp_start)
{
	struct ir_op op = {0};

	if (!c->live)
		start_block(c, new_block(c));
	op.callee = IR_NONE;
	op.kind = kind;
	op.flags = c->op_flags & (OPF_COND | OPF_TRACE);
	op.line = line;
	op.col = col;
	op.a = a;
	op.src_start = c->srcs.n;
	op.src_count = (uint16_t)capped_count(c, tmp_start < c->tmp.n ? c->tmp.n - tmp_start : 0);
	op.block = c->cur;
	op.loop = c->loop;
	if (kind == OP_READ || kind == OP_WRITE || kind == OP_RMW)
		op.mark = c->mark;
	for (uint32_t i = tmp_start; i < tmp_start + op.src_count; i++)
		vec_push(&c->srcs, c->tmp.v[i]);
	vec_push(&c->ops, op);
	return c->ops.n - 1;
}

uint32_t emit_op(struct lctx *c, uint8_t kind, TSNode at, uint32_t a, uint32_t tmp_start)
{
	TSPoint p = ts_node_is_null(at) ? (TSPoint){0, 0} : ts_node_start_point(at);

	return emit_op_line(c, kind, p.row + 1, (uint16_t)MIN(p.column + 1, 65535u), a,
			    tmp_start);
}

/*
 * An OP_CALL of `name` at n with nargs arguments: argument i's value is
 * the value stack from ranges[2 * i] to ranges[2 * i + 1], its path
 * paths[i], its ARG_* flags aflags[i] and its byte form forms[i].
 */
uint32_t emit_call(struct lctx *c, TSNode n, sym_t name, uint16_t flags,
		   const uint32_t *ranges, const uint32_t *paths,
		   const uint16_t *aflags, const sym_t *forms, uint32_t nargs)
{
	struct ir_op op = {0};
	TSPoint pt = ts_node_start_point(n);

	if (!c->live)
		start_block(c, new_block(c));
	op.callee = IR_NONE;
	op.kind = OP_CALL;
	op.flags = (uint16_t)((c->op_flags & (OPF_COND | OPF_TRACE)) | flags);
	op.line = pt.row + 1;
	op.col = (uint16_t)MIN(pt.column + 1, 65535u);
	op.a = name;
	op.src_start = c->args.n;
	op.src_count = (uint16_t)capped_count(c, nargs);
	op.block = c->cur;
	op.loop = c->loop;
	for (uint32_t i = 0; i < op.src_count; i++) {
		struct ir_arg a = {
			.src_start = c->srcs.n,
			.src_count = (uint16_t)capped_count(c, ranges[2 * i + 1] - ranges[2 * i]),
			.flags = aflags[i],
			.path = paths[i],
			.form = forms[i],
		};

		for (uint32_t k = ranges[2 * i]; k < ranges[2 * i] + a.src_count; k++)
			vec_push(&c->srcs, c->tmp.v[k]);
		vec_push(&c->args, a);
	}
	vec_push(&c->ops, op);
	return c->ops.n - 1;
}

/* --- access paths ---------------------------------------------------- */

/* The index of path p in the function's path table, where it is added if new. */
uint32_t intern_path(struct lctx *c, const struct ir_path *p)
{
	uint64_t h = hash_finish(hash_mix(hash_mix(p->base_kind, p->base), p->text));
	uint32_t i;

	if (c->paths.n * 2 >= c->path_hash_cap) {
		uint32_t cap = c->path_hash_cap ? c->path_hash_cap * 2 : 256;
		struct path_slot *t = xcalloc(cap, sizeof(*t));

		for (uint32_t k = 0; k < c->paths.n; k++) {
			const struct ir_path *q = &c->paths.v[k];
			uint64_t qh = hash_finish(hash_mix(hash_mix(q->base_kind, q->base), q->text));

			for (i = (uint32_t)qh & (cap - 1); t[i].hash; i = (i + 1) & (cap - 1))
				;
			t[i].hash = qh | 1;
			t[i].index = k;
		}
		free(c->path_hash);
		c->path_hash = t;
		c->path_hash_cap = cap;
	}
	for (i = (uint32_t)h & (c->path_hash_cap - 1); c->path_hash[i].hash;
	     i = (i + 1) & (c->path_hash_cap - 1)) {
		const struct ir_path *q = &c->paths.v[c->path_hash[i].index];

		if (c->path_hash[i].hash == (h | 1) && q->base_kind == p->base_kind &&
		    q->base == p->base && q->text == p->text)
			return c->path_hash[i].index;
	}
	c->path_hash[i].hash = h | 1;
	c->path_hash[i].index = c->paths.n;
	vec_push(&c->paths, *p);
	return c->paths.n - 1;
}

/*
 * Empty the path table for the next function.  It keeps the size the
 * largest function so far needed, so when the last one used few slots,
 * those are found again and cleared instead of the whole table.
 */
void clear_paths(struct lctx *c)
{
	uint32_t mask = c->path_hash_cap - 1;

	if (!c->path_hash)
		return;
	if (c->paths.n * 16 >= c->path_hash_cap) {
		memset(c->path_hash, 0, c->path_hash_cap * sizeof(*c->path_hash));
		return;
	}
	for (uint32_t k = 0; k < c->paths.n; k++) {
		const struct ir_path *q = &c->paths.v[k];
		uint64_t h = hash_finish(hash_mix(hash_mix(q->base_kind, q->base), q->text));
		uint32_t i = (uint32_t)h & mask;

		for (uint32_t tries = 0; tries <= mask; tries++, i = (i + 1) & mask) {
			if (c->path_hash[i].hash && c->path_hash[i].index == k) {
				c->path_hash[i].hash = 0;
				c->path_hash[i].index = 0;
				break;
			}
		}
	}
}

uint32_t var_path(struct lctx *c, uint32_t var)
{
	struct ir_path p = {
		.base_kind = BASE_VAR, .base = var, .text = c->vars.v[var].name,
		.base_type = c->vars.v[var].type,
	};

	return intern_path(c, &p);
}

uint32_t global_path(struct lctx *c, sym_t name)
{
	struct ir_path p = { .base_kind = BASE_GLOBAL, .base = name, .text = name };

	return intern_path(c, &p);
}
