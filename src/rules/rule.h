/*
 * The rule API.  A rule is one file in src/rules/ that defines a
 * `struct rule` and is listed in src/rules/registry.c.  Its check runs once
 * per analysed function, in parallel, with read-only access to the index
 * and the profiles; it reports through rule_report().
 *
 * A rule owns its findings end to end: after every check has run, triage
 * calls the rule's hooks to finish each finding -- what its racing value
 * reaches, the interleaving that breaks it, a mechanical fix -- from the
 * evidence the rule put in it (sites, numbered accesses, IR references).
 * What triage does itself is rule-blind: acknowledgement, the severity
 * table, folding, ordering (triage/triage.c).
 */
#ifndef TOCSIN_RULE_H
#define TOCSIN_RULE_H

#include "index/index.h"
#include "rules/finding.h"

struct impact_reach;
struct options;
struct profile_set;
struct fix_ctx;

struct rule_ctx {
	const struct index *idx;
	const struct profile_set *profiles;
	const struct options *opt;
	struct finding_list *out;	/* this worker's findings */
	/*
	 * The rule's own state on this worker: worker_state_size bytes,
	 * zeroed when the run's checks start, kept across every function
	 * this worker checks, freed when they end (where a rule memoizes).
	 */
	void *state;
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
	/* optional: the size of rule_ctx.state, 0 for none */
	size_t worker_state_size;
	/* optional: once before any check, after the index is built */
	void (*prepare)(const struct index *idx, const struct profile_set *profiles);
	void (*finish)(void);

	/*
	 * Triage hooks: called once per finding of this rule, on any worker,
	 * one finding at a time; the index and profiles are only read.
	 */
	/*
	 * What the racing value reaches: set best->impact and best->why, and
	 * the places it was reached (best->sites), which triage shows as
	 * "flow" sites.  f->status is the rule's (bounded or open).
	 */
	void (*impact)(const struct finding *f, const struct index *idx,
		       const struct profile_set *prof, struct impact_reach *best);
	/* The interleaving, for a finding whose check did not give one. */
	void (*witness)(struct finding *f);
	/*
	 * A unified diff where the fix is mechanical and safe, else NULL
	 * (optional).  The rule says which bytes change (frontend/fix_site.h
	 * finds them, input/patch.h writes the diff); paths are as scanned,
	 * triage makes them relative to the project root.
	 */
	char *(*fix_diff)(const struct finding *f, const struct index *idx, struct fix_ctx *fx);
	/*
	 * Optional, before the rest: whether f is one problem with `other`, a
	 * finding of another rule, better told there.  If so the hook moves
	 * what f adds into `other` and returns true, and f is dropped.
	 */
	bool (*fold_into)(const struct finding *f, struct finding *other);
};

/* r->help with the profile's names put in ({fix-read}, {fix-write}); allocated */
char *rule_help_text(const struct rule *r);
extern const struct rule *const rule_table[];
extern const unsigned rule_count;

const struct rule *rule_by_name(const char *name);

static inline void rule_report(struct rule_ctx *ctx, struct finding *f)
{
	finding_list_push(ctx->out, f);
}

#endif
