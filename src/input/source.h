/*
 * A source file as tocsin reads it: the bytes on disk, and a copy prepared
 * for the parser.  The copy has the same length and line structure; only
 * spans the grammar cannot parse without the preprocessor are blanked
 * (annotation macros such as __user or __must_hold(x), and the `struct`
 * keyword of type arguments such as container_of(p, struct foo, m)), so
 * every byte offset and line:column means the same in both.
 */
#ifndef TOCSIN_SOURCE_H
#define TOCSIN_SOURCE_H

#include "base/intern.h"
#include "base/util.h"

#include <stddef.h>
#include <stdint.h>

/* An annotation blanked out of the parse copy, kept for its meaning. */
struct annotation {
	uint32_t offset;	/* byte offset of the macro name */
	uint32_t end;		/* one past its argument list, if any */
	sym_t name;		/* e.g. "__must_hold" */
	sym_t arg;		/* argument text, e.g. "&kvm->lock", or 0 */
};

/*
 * How long a comment must be for the parser to skip its inside (skim.h).
 * Each skip is one more range for the parser to set up, so short comments
 * are left in; the limit is a round guess, not a measured best.
 */
#define SKIPPABLE_COMMENT_BYTES 64

struct source {
	char *path;		/* as given or found; what reports print */
	char *text;		/* original bytes, NUL-terminated */
	char *parse_text;	/* what the parser sees */
	uint32_t len;
	uint32_t nlines;	/* 0 until source_nlines() counts them */
	uint32_t *line_starts;	/* byte offset of each line, lazily built */
	VEC(struct annotation) annotations;	/* sorted by offset */
	VEC(uint32_t) type_args;	/* offsets of identifiers that are types */
	/*
	 * Offsets where a ";" was put in the parse copy after the header of
	 * an iterator macro whose body has no braces:
	 *	kvm_for_each_vcpu(i, v, kvm)
	 *		v->x = 1;
	 * The grammar would take the two lines for one garbled expression;
	 * with the ";" they are two statements, and the lowering joins them
	 * back into a loop.
	 */
	VEC(uint32_t) synthetic_semis;
	/*
	 * Comments of SKIPPABLE_COMMENT_BYTES or more outside directives, in
	 * order: the parser may skip what is between their delimiters.
	 */
	VEC(struct text_span) long_comments;
};

enum source_status {
	SOURCE_OK,
	SOURCE_BINARY,
	SOURCE_TOO_BIG,
	SOURCE_UNREADABLE,
};

/* Read path; on failure *err says why (errno text or a reason). */
enum source_status source_load(struct source *src, const char *path,
			       uint64_t max_size, char *err, size_t errlen);
/*
 * The same, without the parse copy: for a caller that may not parse
 * (a cache hit), which calls source_prepare() before it does.
 */
enum source_status source_read(struct source *src, const char *path,
			       uint64_t max_size, char *err, size_t errlen);
/*
 * source_read() in two steps, for a caller that asks the cache first:
 * bytes the cache has were text when they were stored, so only a miss
 * needs the look for binary content.  On SOURCE_BINARY the source is freed.
 */
enum source_status source_read_unchecked(struct source *src, const char *path,
					 uint64_t max_size, char *err, size_t errlen);
enum source_status source_check_text(struct source *src, char *err, size_t errlen);
void source_prepare(struct source *src);
/* For tests and fuzzing: a source from memory. */
void source_from_buffer(struct source *src, const char *path,
			const char *data, size_t len);
void source_free(struct source *src);

/* The text of line `line` (1-based), without its newline; len in *n. */
const char *source_line(struct source *src, uint32_t line, size_t *n);
uint32_t source_nlines(struct source *src);

bool source_is_type_arg(const struct source *src, uint32_t offset);
bool source_is_synthetic_semi(const struct source *src, uint32_t offset);
const struct annotation *source_annotations_in(const struct source *src,
					       uint32_t start, uint32_t end,
					       uint32_t *count);

bool looks_binary(const char *buf, size_t n);

#endif
