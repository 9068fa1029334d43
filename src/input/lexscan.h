/*
 * What a cheap lexical scan of one C file tells, without a parse: the
 * identifiers it mentions, the functions, types and globals it defines,
 * what each function mentions and calls, and the calls outside any
 * function body.  Names are 64-bit hashes (lex_hash), so the scan
 * allocates little and interns nothing.  The facts
 * over-approximate: a name in a macro body counts as a mention, every
 * name of a typedef as a type it defines.  That is what the prefilter
 * needs, since a file it keeps too many costs time, one too few a finding.
 */
#ifndef TOCSIN_LEXSCAN_H
#define TOCSIN_LEXSCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/util.h"

enum lex_def_kind {
	LEX_FUNC,	/* NAME(...) { at file scope */
	LEX_TAG,	/* struct/union/enum NAME { */
	LEX_TYPEDEF,	/* the name a typedef declares */
	LEX_GLOBAL,	/* a variable declared at file scope */
};

struct lex_def {
	uint64_t name;
	uint32_t refs_start, nrefs;	/* the names its body or declaration mentions */
	/* LEX_FUNC: what its declaration and body mention, and what it calls */
	uint32_t fmentions_start, nfmentions;
	uint32_t fcalls_start, nfcalls;
	/*
	 * LEX_FUNC: the offsets of its body's `{` and of the `}` that closed
	 * it; both 0 when the scan lost track of the body's end (a brace in
	 * column 0 inside it, or the end of the file).
	 */
	uint32_t body_open, body_close;
	/*
	 * The declaration at file scope it is part of, [item_open,
	 * item_close): from its first token to its `;` or its body's `}`.
	 * Both 0 when the scan lost track of it.
	 */
	uint32_t item_open, item_close;
	uint8_t kind;
	bool user_params;	/* LEX_FUNC: __user appears in its parameters */
	bool is_static;		/* LEX_FUNC, LEX_GLOBAL: declared static */
};

struct lex_facts {
	uint64_t *mentions;	/* every identifier, once */
	uint32_t nmentions;
	struct lex_def *defs;
	uint32_t ndefs;
	uint64_t *refs;
	uint32_t nrefs;
	uint64_t *fmentions, *fcalls;	/* per function: see lex_def */
	uint32_t nfmentions, nfcalls;
	/* NAME( in braces outside any function body (initialisers, odd macros) */
	uint64_t *ocalls;
	uint32_t nocalls;
	bool prefix_hit;	/* an identifier starts with one of the prefixes */
	/* the directives at file scope, each [start, end) with its newline */
	struct text_span *directives;
	uint32_t ndirectives;
	/*
	 * The file's declarations at file scope and its directives there can
	 * be read apart from the rest: every brace the scan saw balanced where
	 * it expected, and every #if's branches left the brace depth as they
	 * found it.
	 */
	bool items_ok;
};

uint64_t lex_hash(const char *s, size_t n);

/* A backslash at t[i] that continues the line: "\\\n" or "\\\r\n". */
static inline bool lex_continues_line(const char *t, size_t i, size_t end)
{
	return t[i] == '\\' &&
	       ((i + 1 < end && t[i + 1] == '\n') ||
		(i + 2 < end && t[i + 1] == '\r' && t[i + 2] == '\n'));
}

/* What a directive does to the nesting of #if. */
enum lex_conditional { LEX_COND_NONE, LEX_COND_IF, LEX_COND_ELSE, LEX_COND_ENDIF };

/* The directive whose `#` is at t[i], t[..end): if/ifdef/ifndef, elif/else, endif, or other. */
enum lex_conditional lex_directive_kind(const char *t, size_t i, size_t end);

/* A set of name hashes (open addressing; lex_hash is never 0). */
struct lex_set {
	uint64_t *slots;
	uint32_t cap, n;
};

/* Add h; true when it was not there yet. */
bool lex_set_add(struct lex_set *s, uint64_t h);
bool lex_set_has(const struct lex_set *s, uint64_t h);
void lex_set_free(struct lex_set *s);

/*
 * Scan text; prefixes (may be NULL) are identifier prefixes to report in
 * prefix_hit.  Thread-safe.
 */
void lex_scan(const char *text, size_t len, const char *const *prefixes, uint32_t nprefixes,
	      struct lex_facts *out);
void lex_facts_free(struct lex_facts *f);

#endif
