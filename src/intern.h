/*
 * Interned strings: every name, type, access path and field key in the IR
 * is a 32-bit id, so the IR stays small on a whole kernel tree and equal
 * strings compare as equal integers.  Safe to call from worker threads.
 * Id 0 is the empty string and means "none".
 */
#ifndef TOCSIN_INTERN_H
#define TOCSIN_INTERN_H

#include <stddef.h>
#include <stdint.h>

typedef uint32_t sym_t;

sym_t intern(const char *s);
sym_t intern_n(const char *s, size_t n);
/* The id of s if already interned, else 0; never inserts. */
sym_t intern_find(const char *s, size_t n);
const char *sym_str(sym_t id);
size_t intern_bytes(void);

#endif
