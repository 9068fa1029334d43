/*
 * Where a racing value goes: from a read (or any op) forward through
 * locals, helpers and callees, to what it can reach -- an array index, a
 * size, a dereference (host memory), a WARN, a profile's declared sinks
 * (guest state, host control) -- and the strongest of these is the
 * finding's impact.
 */
#ifndef TOCSIN_FLOW_H
#define TOCSIN_FLOW_H

#include "index/impact.h"
#include "index/index.h"
#include "profile/profile.h"

#define REACH_SITES 8

struct reach_site {
	uint32_t func, op;	/* where it was reached */
	char why[160];		/* "used as an array index", "passed to kvm_rip_write()" */
};

/* The strongest impact found, and every place it was reached (up to 8). */
struct impact_reach {
	uint8_t impact;		/* enum impact, IMPACT_NONE if nothing found */
	uint32_t func, op;	/* the first place */
	char why[240];
	bool checked;		/* the value decides a branch on the way */
	bool bounded;		/* ... and is compared by <, <=, > or >= there: a bound */
	bool used;		/* it is used at all: not only traced, not dead */
	/*
	 * The impact (benign) and its why come only from the value being
	 * traced or formatted into text ("only traced (VERBOSE())"): a claim
	 * that holds only while nothing else uses the value (see used).
	 */
	bool only_text;
	/*
	 * The same for output in general: the impact (benign) comes only
	 * from text -- traced, logged, formatted into a shown buffer -- or
	 * from checks production builds compile out; and other_use, whether
	 * anything but such output uses the value (used counts the debug
	 * check as a use).  A value reaching only output changes what a
	 * reader sees, never what the code does: a note (triage.c).
	 */
	bool only_output;
	bool other_use;
	/*
	 * The impact needs the compiler to load the value twice (a test of it
	 * bypassed by a second load for the use): real in the memory model,
	 * rare in generated code, so a step below what it would reach.
	 */
	bool needs_refetch;
	/*
	 * The harm is in code tocsin cannot see (a call through a pointer
	 * that is handed the value): a step below what it would reach.
	 */
	bool consumer_unseen;
	/*
	 * The harm needs the reader held up for as long as the writer's
	 * deferred free takes (an RCU grace period) between its read and its
	 * use: real on a preemptible kernel, rare, so a step below.
	 */
	bool needs_delay;
	/*
	 * Of the later fetch of a double fetch: the bytes read again leave
	 * what the walk can follow -- their buffer handed to a call out of
	 * sight (call_out_of_sight()), or the value stored into an object the
	 * function's caller holds (a field through a pointer parameter, a
	 * global).  They are used there, by code that cannot be read; the
	 * first such place.
	 */
	bool escapes;
	struct reach_site escape;
	/*
	 * The first store that keeps the value read again in an object the
	 * caller holds (a field through a pointer parameter), whether the walk
	 * then goes on in that caller or the store is where the value escapes:
	 * the nearest place it is kept, fewest calls from the read (escape may
	 * be a deeper one, in code the caller hands the object to).
	 */
	bool kept_seen;
	struct reach_site kept_at;
	/*
	 * The value is an address or a size a validation call checks (the
	 * profile's `validates`): where, the first such call.  And whether
	 * the value is handed on as it is -- an argument of another call, a
	 * store -- where a value no such call checked is trusted unchecked.
	 */
	bool validated;
	bool validated_size;	/* ... as the size of the buffer (else its address) */
	struct reach_site validation;
	bool handed;
	struct reach_site handed_at;
	/*
	 * Of a member read again within a whole copy: the first store through
	 * the copy into that member (same->count = count), after which reads
	 * see the code's own value, not the bytes read again.
	 */
	bool overwritten;
	struct reach_site overwritten_at;
	/* it is returned by the function the walk starts in */
	bool returned;
	/* the first branch that tests it, in any way */
	bool tested_seen;
	struct reach_site tested_at;
	/* the first branch that compares it as a bound (<, <=, >, >=) */
	bool bound_seen;
	struct reach_site bound_at;
	struct reach_site sites[REACH_SITES];
	uint32_t nsites;
};

/* The strongest thing the value of op `op` in function `func` reaches. */
void value_reach(const struct index *idx, const struct profile_set *prof, uint32_t func,
		 uint32_t op, struct impact_reach *out);

/*
 * What the writers of a racing pointer field store of NULL, as far as a
 * dereference of the value read is concerned (rules/reach.c decides):
 */
enum racing_null {
	RACING_NULL_NONE,	/* no writer that can run then stores NULL */
	/*
	 * only teardowns do (the writer frees or puts what the field held,
	 * or unlinks the object): the untested dereference is written to
	 * come before it, the ordering is the object's life cycle
	 */
	RACING_NULL_TEARDOWN,
	/*
	 * a writer does, but the code at the access never tests the field
	 * for NULL: it takes it as set there, by an invariant of the
	 * object's life cycle that no lock shows -- not evidence of harm
	 */
	RACING_NULL_ASSUMED_SET,
	/*
	 * a writer does, and the function tests the field for NULL in an
	 * earlier read of it: this later read can meet the NULL the test
	 * was written for (if (p->f) p->f->x)
	 */
	RACING_NULL_LIVE,
	/*
	 * a copy read before a check the code makes to know the object is
	 * still in use (a stale snapshot), where a writer frees or puts what
	 * the field held and stores NULL: the copy used after the check can
	 * name freed memory
	 */
	RACING_NULL_FREED,
	/*
	 * the read meets its object's publication unordered (a count raised,
	 * a flag or pointer stored, before the slot is): the value can be the
	 * slot's from before the writer's store -- NULL in the zeroed memory
	 * a table or a new object starts as -- so an untested dereference can
	 * fault, as with RACING_NULL_LIVE
	 */
	RACING_NULL_UNPUBLISHED,
	/*
	 * no writer that can run then stores NULL, but one replaces the
	 * pointer and ends what the field held (old = p->f; p->f = new;
	 * call_rcu(&old->rcu, ...)), and the read is in no RCU read-side
	 * section: a copy kept past a call of the reader's can name what
	 * was freed, once the reader is held up for the free to run
	 */
	RACING_NULL_REPLACED_ENDED,
};

/*
 * The same for a value another thread of the program stores, read in a
 * data race: dereferencing it reaches memory only when `nul` is
 * RACING_NULL_LIVE and nothing tests the value first; an index or offset
 * only when it is tested and then used (a refetch can bypass the test);
 * a loop bound never.  With `after` an op of func, only what happens from
 * there on counts (where a stale copy is used).  Of a pointer
 * (`pointer`), what a helper returns from it is the data behind it, not
 * the value.
 */
void racing_value_reach(const struct index *idx, const struct profile_set *prof, uint32_t func,
			uint32_t op, bool pointer, enum racing_null nul, uint32_t after,
			struct impact_reach *out);

/*
 * The same for the later of two fetches of the same shared bytes: only
 * what the value itself becomes counts (a size, an index, an offset, a
 * pointer, a WARN), not a helper's result computed from it; a masked or
 * clamped value is bounded, and a use after the value is tested again is
 * benign.  A fetch that returns a buffer (memdup_user) taints what is read
 * through it, not the buffer's address.  With a part ("len"), only that
 * member of what the fetch copied is the value read again.  With `up`,
 * the call that brought the walk into func: a store of the value through
 * the pointer it passes (*hdr = copy) goes on there, with the object the
 * argument points to.
 */
void refetch_value_reach(const struct index *idx, const struct profile_set *prof, uint32_t func,
			 uint32_t op, sym_t part, const struct call_site *up, struct impact_reach *out);

/*
 * The same, for a finding's why: a value handed to a helper in sight is
 * used only where the helper uses its parameter (a helper that only logs
 * it does not use it).  The walks that keep or drop findings count the
 * call itself as a use, as they always have.
 */
void refetch_value_reach_why(const struct index *idx, const struct profile_set *prof, uint32_t func,
			     uint32_t op, sym_t part, const struct call_site *up,
			     struct impact_reach *out);

/*
 * The same, but a fetch that fills its caller's object (__get_user(*dest,
 * from)) is not followed into the caller: the walk by which double-fetch
 * decides whether a first read is used at all (first_read_unused), kept as
 * it was while the why's walk learned to follow the value there -- so that
 * a finding is not dropped or kept by a change of its words.
 */
void refetch_value_reach_within(const struct index *idx, const struct profile_set *prof,
				uint32_t func, uint32_t op, sym_t part, const struct call_site *up,
				struct impact_reach *out);

/*
 * Does call op check argument k as the address (or, *size, the size) of a
 * buffer the other party names: a profile's `validates`, or a function of
 * the tree that hands its parameter straight on to one?  (The walks take a
 * declared sink argument as a sink first: copy_to_user()'s length is
 * checked on the other side and still sizes what it reads on this one.)
 */
bool flow_validates_arg(const struct index *idx, const struct profile_set *prof,
			const struct ir_func *f, const struct ir_op *op, uint32_t k, bool *size);

/*
 * Is the value fetched by op `op` of function `func` used or tested in an
 * execution that also runs op `through` of the same function (before it
 * or after it)?  Uses on paths that never meet `through` -- the arms of
 * other commands that return first -- do not count.
 */
bool fetched_value_used_with(const struct index *idx, const struct profile_set *prof,
			     uint32_t func, uint32_t op, uint32_t through);

/*
 * Calls that end an object's life or take it out of where others find it,
 * as the profiles declare them (`ends`: kfree, fput, kref_put, *_release;
 * `unlink`: list_del): what they do with the object is let it go.
 */
bool ends_or_unlinks(const char *name);

/*
 * Is a callee's name spelled in capitals (GENMASK, KUNIT_EXPECT_EQ)?  A
 * macro, by the convention C code keeps: it expands into the caller's own
 * code.
 */
bool macro_by_spelling(const char *name);

/*
 * Is call op of f code the analysis cannot read: through a pointer, or of
 * a function defined nowhere in the run (firmware or assembly behind a
 * prototype)?  Calls whose effect is known without a body are not: a
 * profile's fetches and sinks, tracing and warnings, releases,
 * predicates asked in a condition, and macros by their capitals.
 */
bool call_out_of_sight(const struct index *idx, const struct profile_set *prof,
		       const struct ir_op *op);

/* What a store or a call does: a declared sink, or nothing known. */
uint8_t effect_impact(const struct index *idx, const struct profile_set *prof,
		      const struct ir_func *f, const struct ir_op *op, char *why, size_t n);

#endif
