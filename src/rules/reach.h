/*
 * What the values behind a finding's IR references reach (index/flow.h),
 * for the rules' impact hooks: the strongest over every reference of a
 * role, with every place where that strongest impact was reached.
 */
#ifndef TOCSIN_REACH_H
#define TOCSIN_REACH_H

#include "index/flow.h"
#include "rules/finding.h"

/* Where the values the `role` references read go. */
void reach_of_refs(const struct finding *f, const struct index *idx,
		   const struct profile_set *prof, const char *role, struct impact_reach *best);
/*
 * The same for the later reads of a double fetch (index/flow.h,
 * refetch_value_reach): what the value read again itself becomes.
 */
void refetch_reach_of_refs(const struct finding *f, const struct index *idx,
			   const struct profile_set *prof, const char *role,
			   struct impact_reach *best);
/*
 * The same, by the walk that decides whether a double fetch's first value
 * is used at all (index/flow.h, refetch_value_reach_within): each read's
 * caller found by the callee's name, a fetch into *param not followed out.
 */
void refetch_reach_of_refs_within(const struct finding *f, const struct index *idx,
				  const struct profile_set *prof, const char *role,
				  struct impact_reach *best);
/*
 * The same for values read in a data race with a writer of f->object
 * (index/flow.h, racing_value_reach): the value is one the program stored.
 */
void racing_reach_of_refs(const struct finding *f, const struct index *idx,
			  const struct profile_set *prof, const char *role,
			  struct impact_reach *best);
/*
 * The same, counting only what happens from the `from_role` reference on
 * (in the same function): a stale snapshot hurts where it is used after
 * the check, not where it was used before.
 */
/*
 * racing_reach_of_refs(), for a read that meets its slot's unordered
 * publication: the value can be the one from before the writer's store
 * (RACING_NULL_UNPUBLISHED), NULL in zeroed memory.
 */
void racing_reach_of_unpublished_refs(const struct finding *f, const struct index *idx,
				      const struct profile_set *prof, const char *role,
				      struct impact_reach *best);
void racing_reach_of_refs_from(const struct finding *f, const struct index *idx,
			       const struct profile_set *prof, const char *role,
			       const char *from_role, struct impact_reach *best);
/*
 * What the `role` references do themselves: a store or a call into a sink;
 * a call's sink counts only when its argument is computed from a field of
 * an object of f->object's type (a fixed-size allocation is the same
 * whatever the state).
 */
void effects_of_refs(const struct finding *f, const struct index *idx,
		     const struct profile_set *prof, const char *role, struct impact_reach *best);

#endif
