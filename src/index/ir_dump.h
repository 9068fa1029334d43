/* --dump-ir: the IR of a function in a stable, readable text form. */
#ifndef TOCSIN_IR_DUMP_H
#define TOCSIN_IR_DUMP_H

#include "ir/ir.h"
#include "base/util.h"

struct index;

/* With an index, the locks every caller holds are shown too. */
void ir_dump_func(struct sbuf *out, const struct ir_func *f, const struct index *idx);

#endif
