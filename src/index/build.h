/*
 * Building the global index (index.h) from every unit's IR: functions and
 * the call graph, lock macros applied, field keys, locksets and the locks
 * callers hold, summaries, the field table.  Once per run, in parallel.
 */
#ifndef TOCSIN_BUILD_H
#define TOCSIN_BUILD_H

#include "index/index.h"

void index_build(struct index *idx, struct unit *units, uint32_t nunits, unsigned jobs);
void index_free(struct index *idx);

#endif
