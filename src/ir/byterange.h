/*
 * Byte offsets and lengths as the code spells them: a constant plus sizes
 * (sizeof(struct hdr), offsetof(struct s, f), a macro constant) times
 * constants, plus an unknown part that is never negative (a variable
 * index or cursor).  The lowering writes them into a call argument's
 * form (ir_arg.form), and rules compare two copies' ranges with them:
 * "copy the header, then the bytes after it" reads no byte twice.
 *
 * A form's text is "=LIN" for a constant argument (a size) and
 * "@LIN|ELEM" for a pointer argument: LIN bytes past where the pointer's
 * base points, ELEM the type it points to ("" when unknown).  LIN is
 * "C", then "+K*NAME" per term, then "+?" when an unknown part is added.
 */
#ifndef TOCSIN_BYTERANGE_H
#define TOCSIN_BYTERANGE_H

#include "base/intern.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LIN_TERMS 4

struct lin {
	int64_t c;
	uint8_t n;
	bool unknown;		/* plus something >= 0 this form cannot name */
	sym_t name[LIN_TERMS];	/* "sizeof(struct hdr)", "offsetof(struct s,f)", "HDR_LEN" */
	int64_t k[LIN_TERMS];
};

/* The size of a scalar C type in bytes (LP64), or 0 when it is not one. */
unsigned scalar_size(const char *type);

/* sizeof(TYPE) as a LIN: a number for a scalar, else the term "sizeof(TYPE)". */
void lin_sizeof(sym_t type, struct lin *x);

/* "struct hdr * __user" -> "struct hdr"; "long []" -> "long"; 0 if not a pointer. */
sym_t type_pointee(sym_t type);
/*
 * Words that may follow a pointee's type as const does (Linux's __user in
 * "char __user *"), set from the profiles (user-annotation): type_pointee()
 * drops them.  Copied.
 */
void type_pointee_set_qualifiers(const char *const *words, size_t n);
/*
 * The scalar types a codebase names (the profiles' type-size: Linux's u32,
 * EDK2's UINTN) and their sizes in bytes, beside C's own, which
 * scalar_size() knows.
 */
void byterange_set_type_sizes(const char *const *names, const uint8_t *sizes, size_t n);
/* what they are, for the cache's key (sizes shape the IR); 0 for none */
uint64_t byterange_type_sizes_hash(void);

/* x += m * y; false when the terms do not fit (x is then unknown). */
bool lin_add(struct lin *x, const struct lin *y, int64_t m);

/* Do x and y spell the same sum? */
bool lin_same(const struct lin *x, const struct lin *y);

/* Is x >= 0 for every value of its names (sizes are positive)? */
bool lin_nonneg(const struct lin *x);

void lin_format(const struct lin *x, char *buf, size_t n);

/* Parse a LIN from s; *end past it.  False on malformed text. */
bool lin_parse(const char *s, struct lin *x, const char **end);

/* A form: kind '=' or '@', its LIN, and for '@' its element type (or 0). */
struct arg_form {
	char kind;
	struct lin off;		/* '=': the value; '@': the byte offset */
	sym_t elem;
};

bool form_parse(sym_t form, struct arg_form *out);

#endif
