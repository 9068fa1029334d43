/*
 * What the rules' fix hints share: whether a field can be marked at all
 * (READ_ONCE() and WRITE_ONCE() take a scalar of a machine word or less,
 * not an array, a whole struct or a bit-field), and the diff of a patch.
 */
#ifndef TOCSIN_FIX_HINT_H
#define TOCSIN_FIX_HINT_H

#include "index/index.h"
#include "input/patch.h"

#include <stdbool.h>

/*
 * Can the field `key` names be read with READ_ONCE() and written with
 * WRITE_ONCE()?  False, with *why, when its type is unknown, an array, a
 * struct or union held whole, or a bit-field.
 */
bool hint_field_markable(const struct index *idx, sym_t key, const char **why);

/* The unified diff of p on file, or NULL; p is freed. */
char *hint_diff(struct patch *p, sym_t file);

#endif
