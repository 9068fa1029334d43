/* Shared by the unit tests: lower a C snippet and look into its IR. */
#ifndef TOCSIN_TEST_HELPERS_H
#define TOCSIN_TEST_HELPERS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "frontend/frontend.h"
#include "index/build.h"
#include "ir/ir.h"
#include "index/ir_dump.h"

/* Lower `code` as file `name`; the unit lives until the test ends. */
static inline struct unit *lower_snippet(const char *name, const char *code)
{
	struct unit *u = test_calloc(1, sizeof(*u));

	frontend_buffer(name, code, strlen(code), u);
	return u;
}

static inline void free_snippet(struct unit *u)
{
	unit_free(u);
	test_free(u);
}

static inline const struct ir_func *func_named(const struct unit *u, const char *name)
{
	for (uint32_t i = 0; i < u->nfuncs; i++)
		if (!strcmp(sym_str(u->funcs[i].name), name))
			return &u->funcs[i];
	return NULL;
}

/* The first op of `kind` whose path text (or callee) is `text`. */
static inline const struct ir_op *find_op(const struct ir_func *f, int kind, const char *text)
{
	for (uint32_t i = 0; i < f->nops; i++) {
		const struct ir_op *op = &f->ops[i];
		const char *t;

		if (op->kind != kind)
			continue;
		if (kind == OP_CALL)
			t = sym_str(op->a);
		else if (kind == OP_DEF)
			t = sym_str(f->vars[op->a].name);
		else if (op->a != IR_NONE && op->a < f->npaths)
			t = sym_str(f->paths[op->a].text);
		else
			t = "";
		if (!strcmp(t, text))
			return op;
	}
	return NULL;
}

/* Is lock `name` (path text) held at op? */
static inline bool held_at(const struct ir_func *f, const struct ir_op *op, const char *name)
{
	const struct ir_lockset *ls = &f->locksets[op->lockset];

	for (uint32_t i = 0; i < ls->count; i++)
		if (!strcmp(sym_str(f->lockitems[ls->start + i].lock), name))
			return true;
	return false;
}

static inline char *dump_of(const struct ir_func *f)
{
	struct sbuf b = {0};

	ir_dump_func(&b, f, NULL);
	sb_str(&b);
	return b.s;
}

#endif
