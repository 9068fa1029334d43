/*
 * The rule API.  A rule is one file in src/rules/ that defines a
 * `struct rule` and is listed in src/rules/registry.c.  Its check runs once
 * per analysed function, in parallel, with read-only access to the index
 * and the profiles; it reports through rule_report().
 */
#ifndef TOCSIN_RULE_H
#define TOCSIN_RULE_H

#include "rules/finding.h"
#include "index/index.h"

struct profile_set;
struct options;

struct rule_ctx {
	const struct index *idx;
	const struct profile_set *profiles;
	const struct options *opt;
	struct finding_list *out;	/* this worker's findings */
	void *scratch;			/* the rule's per-worker state */
};

struct rule {
	const char *name;		/* "double-fetch" */
	const char *summary;		/* one line, for --list-rules */
	const char *help;		/* a paragraph, for SARIF and --list-rules -v */
	void (*check)(struct rule_ctx *ctx, const struct ir_func *f);
	/*
	 * Every finding starts where a profile's shared memory enters the
	 * code: when all selected rules say so, the lexical prefilter
	 * (prefilter.h) chooses the files to parse.
	 */
	bool from_shared_sources;
	/* optional: once before any check, after the index is built */
	void (*prepare)(const struct index *idx, const struct profile_set *profiles);
	void (*finish)(void);
};

extern const struct rule *const rule_table[];
extern const unsigned rule_count;

const struct rule *rule_by_name(const char *name);

static inline void rule_report(struct rule_ctx *ctx, struct finding *f)
{
	finding_list_push(ctx->out, f);
}

#endif
