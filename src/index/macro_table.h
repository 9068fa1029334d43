/*
 * The run's lock macros (frontend/lockmacro.h reads each definition): which
 * definition each use sees, and the rewriting of the uses into the lock
 * operations their bodies perform.  And the same for the implementations
 * of declared lock primitives (macro_table.c): a function a profile names
 * as a lock, written as one call handed its lock, makes that callee the
 * lock too.  Part of building the index, which has every file's
 * definitions.
 */
#ifndef TOCSIN_MACRO_TABLE_H
#define TOCSIN_MACRO_TABLE_H

#include "ir/unit.h"

struct index;
struct macro_table;

/*
 * How near a macro's definition is to a use: the directory bytes the two
 * files share, UINT32_MAX in the use's own file.  The nearest definitions
 * are the ones a use sees.
 */
uint32_t macro_closeness(sym_t def_file, sym_t use_file);

/*
 * Every lock macro of the run's units with the definitions sharing its
 * name, and every declared lock primitive's implementation.
 */
struct macro_table *macro_table_build(const struct index *idx);
void macro_table_free(struct macro_table *t);

/*
 * Turn the uses of lock macros in unit u (index ui), and its calls of lock
 * implementations, into lock operations.
 * Before paths get their keys: the new lock paths are keyed with the rest.
 */
void macro_table_apply(const struct macro_table *t, const struct index *idx, uint32_t ui);

#endif
