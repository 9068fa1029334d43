/*
 * Where a fix hint may change the code, read back from the syntax tree.
 *
 * The IR keeps a line and a column per access, not the access's extent or
 * what surrounds it, and a hint is only worth offering where the change is
 * mechanical: the exact bytes of a plain lvalue, a store that is a
 * statement of its own, a statement to put a line before.  So the file is
 * parsed again (one tree per worker: findings come sorted by file) and the
 * node at that position is asked what it is.  Anything these functions do
 * not recognise for certain gets no hint: a wrong patch is worse than none.
 */
#ifndef TOCSIN_FIX_SITE_H
#define TOCSIN_FIX_SITE_H

#include "base/intern.h"
#include "input/patch.h"
#include "input/text_cache.h"

#include <stdbool.h>
#include <stdint.h>

struct fix_ctx {
	struct text_cache *tc;
	sym_t file;		/* the file `tree` is of, or 0 */
	void *tree;		/* TSTree *, kept for the next finding in the file */
};

void fix_ctx_init(struct fix_ctx *fx, struct text_cache *tc);
void fix_ctx_free(struct fix_ctx *fx);

/* The text of file (parsed, for the calls below), or NULL if unreadable. */
struct source *fix_source(struct fix_ctx *fx, sym_t file);

enum fix_access_form {
	FIX_ACCESS_READ,	/* a plain read of the lvalue, in any expression */
	FIX_ACCESS_STORE,	/* `lvalue = value;`, a statement of its own */
};

struct fix_access {
	enum fix_access_form form;
	struct text_span lvalue;	/* the access as written */
	struct text_span assign;	/* STORE: `lvalue = value` without the ";" */
	struct text_span value;		/* STORE: the value stored */
};

/*
 * The access spelled `path` (as the IR writes it, spaces aside) that
 * starts at line:col (1-based, bytes), and how it may be marked.  False,
 * with *why set, where marking it is not mechanical: its address taken,
 * stepped (++, --), a compound assignment, inside a macro's arguments
 * (an ALL-CAPS name, an iterator macro's header), sizeof/typeof, a store
 * that is not a statement of its own, a spelling a macro argument cannot
 * hold (a comma outside parentheses), a parse error nearby.
 */
bool fix_find_access(struct fix_ctx *fx, sym_t file, uint32_t line, uint32_t col,
		     const char *path, struct fix_access *out, const char **why);

/* The bytes of the lvalue spelled `path` at line:col, whatever surrounds it. */
bool fix_lvalue_at(struct fix_ctx *fx, sym_t file, uint32_t line, uint32_t col,
		   const char *path, struct text_span *out);

/*
 * May the local declared at line:col (its declarator) be assigned?  False
 * where it is const (`const int x`, `char *const p`) or the declaration
 * cannot be found there.
 */
bool fix_local_assignable(struct fix_ctx *fx, sym_t file, uint32_t line, uint32_t col);

/*
 * The statement holding line:col: the one that sits in a block or is the
 * body of an if, else, for, while or do.  False inside a declaration's
 * initialiser at file scope or where the parse failed.
 */
bool fix_statement_at(struct fix_ctx *fx, sym_t file, uint32_t line, uint32_t col,
		      struct text_span *out);

/*
 * Add to p the edits that put statement `stmt` (one line, no indentation)
 * just before the statement holding line:col, indented like it; where
 * that statement is the unbraced body of an if, else, for, while or do,
 * braces go around the two.  False, with *why set, where it cannot be
 * done safely: the statement is a declaration, or a declaration follows
 * it in its block (a statement would come before a declaration), or it
 * is labelled, or the parse failed there.
 */
bool fix_insert_before_statement(struct fix_ctx *fx, struct patch *p, sym_t file,
				 uint32_t line, uint32_t col, const char *stmt, const char **why);

#endif
