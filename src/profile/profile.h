/*
 * Profiles: what memory is shared with whom, declared per ecosystem (KVM
 * guest memory, Linux user memory, Xen rings, RISC-V privilege levels).
 * The format is documented in docs/profiles.md; shipped profiles are
 * compiled into the binary, and users add their own with --profile-file.
 */
#ifndef TOCSIN_PROFILE_H
#define TOCSIN_PROFILE_H

#include "base/intern.h"
#include "base/symmap.h"
#include "base/util.h"
#include "profile/idioms.h"

#include <stdbool.h>
#include <stdint.h>

#define IR_NONE_PROFILE UINT32_MAX

enum pr_kind {
	PR_SHARED_RETURN,	/* NAME() returns a pointer into shared memory */
	PR_SHARED_OUT,		/* NAME(.., &x, ..): x.FIELD (or x) points into it */
	PR_SHARED_FIELD,	/* STRUCT's FIELD holds such a pointer */
	PR_SHARED_PARAM,	/* NAME's parameter ARG points into it */
	PR_SHARED_TYPE,		/* any STRUCT object is in shared memory */
	PR_FETCH,		/* NAME copies from shared memory at ARG */
	PR_SNAPSHOT,		/* NAME's result is a private copy */
	PR_SINK,		/* argument ARG of NAME is a sink */
	PR_SINK_FIELD,		/* a store into STRUCT's FIELD is a sink */
	PR_SAVE,		/* transition: NAME saves state, then lower code runs */
	PR_RESTORE,		/* transition: NAME rebuilds privileged state */
	PR_LOWER_CSR,		/* transition: the lower party can write CSR */
	PR_LOWER_FIELD,		/* transition: ... or STRUCT's FIELD */
	PR_PRIV_CSR,		/* transition: CSR is a privileged sink */
	PR_PRIV_FIELD,		/* transition: STRUCT's FIELD is a privileged sink */
	PR_SANCTIONED,		/* transition: SOURCE -> SINK is allowed: REASON */
	PR_ALLOW,		/* transition: SINK bits may take these values */
	PR_PRIVILEGE,		/* NAME(.. ARG ..) must succeed: the path needs privilege ARG */
	PR_SHARED_HANDLE,	/* a variable or field of type NAME(...) names shared memory */
	PR_IDIOM,		/* NAME is a lock, a marked access, an assertion or a log call */
	PR_SHARED_PARAM_NAME,	/* an entry's parameter called NAME points into shared memory */
	PR_HANDLER_REGISTER,	/* NAME(.. ARG ..) registers the function ARG names as a handler */
	PR_PRIVILEGE_OPENER,	/* STRUCT's member NAME runs first: a privilege it needs, all do */
	PR_PRIVATE_MODULE,	/* modules of type NAME get a private copy of the shared buffer */
	PR_HANDLER_UNREGISTER,	/* NAME(.. ARG ..) unregisters the handler whose handle ARG is */
	PR_LOCKDOWN_NOTIFY,	/* NAME(.. event ARG, callback DEST ..) on event `target` */
	PR_SHARED_PAGES,	/* NAME(.. pages ARG ..) maps shared memory at the pages of ARG */
	PR_PAGE_ADDRESS,	/* NAME(.. ARG ..): the address (or frame) of the page ARG names */
	PR_FREES,		/* NAME(.. ARG ..) frees the object ARG names, or drops its last reference */
	PR_TAKES_REF,		/* NAME(.. ARG ..) takes a reference that keeps ARG's object alive */
	PR_INLINE_COPY,		/* NAME is a copy the compiler expands into plain loads */
	PR_READS,		/* NAME(.. p ..), p argument ARG, returns p->FIELD */
	PR_VALIDATES,		/* NAME(.. ARG .. SIZE ..) checks the other party's address ARG */
	PR_EXCLUSIVE_PAGE,	/* NAME(.. page ARG ..) works on the page while the other party cannot write it */
	PR_MEMBER_MACRO,	/* NAME(.. p ARG .., m DEST ..) is p->FIELD->m */
	PR_STRING_MACRO,	/* NAME expands to a string literal */
	PR_FILE_TRIGGER,	/* in a file that calls NAME the other party is `text` */
	PR_TYPE_ARG,		/* NAME's argument ARG is a type or a member (-1: the call is a type) */
	PR_STORE,		/* NAME writes shared memory at ARG (put_user) */
	PR_ITERATOR,		/* NAME (a pattern) is an iterator macro: its statement repeats */
	PR_RUNNING_THREAD,	/* NAME is the running thread's own object (current) */
	PR_MEMBER_ARRAY,	/* NAME(.. ARG ..) declares an array member of type TEXT[] */
	PR_OBJECT_MACRO,	/* NAME(x) at file scope defines an object of type TEXT, FIELD its name's suffix */
	PR_INIT_MACRO,		/* NAME(..) in an initialiser: argument ARG (or function TARGET)
				   into the members TEXT; with STRCT, NAME(x, ..) defines x */
	PR_IRQ_HANDLER,		/* NAME(.. fn ..), fn argument ARG, registers a hard interrupt handler */
	PR_RELEASE_CALLBACK,	/* NAME(.. fn ..), fn argument ARG, runs when the last reference drops */
	PR_PER_CPU,		/* NAME (a pattern): per-cpu, cpu-local (arg 1) or per-cpu-type (arg 2) */
	PR_USER_WORD,		/* NAME in a declared type marks a user pointer (__user) */
	PR_REFCOUNT_TYPE,	/* `text` is a reference counter's type (refcount_t) */
	PR_REFCOUNT_DROP,	/* NAME (a pattern) drops a reference, true when the last */
	PR_GUARD_CLASS,		/* guard(NAME) (a pattern) takes a lock of kind ARG */
	PR_FIX_READ,		/* NAME is the marked read fix hints ask for (ARG 1: of &x) */
	PR_FIX_WRITE,		/* NAME is the marked write fix hints ask for (ARG 1: of &x) */
	PR_FUNCTION_MACRO,	/* NAME(fn, ..) { } (a pattern) defines a function, `text` its prefix */
	PR_TYPE_SIZE,		/* `text` is a scalar type of ARG bytes */
	PR_BOUND,		/* NAME(..) forces its argument ARG into a range the others set */
	PR_KINDS
};

enum sink_kind {
	SINK_SIZE,		/* a size or length: copy, alloc, loop bound */
	SINK_INDEX,		/* an index into host memory */
	SINK_POINTER,		/* dereferenced or used as an address */
	SINK_HOST_CONTROL,	/* a decision the host trusts later */
	SINK_WARN,		/* reaches a WARN/BUG */
	SINK_GUEST_STATE,	/* state the untrusted party controls anyway */
	SINK_BENIGN,		/* statistics, tracing, hints */
	SINK_KINDS
};

struct profile_rule {
	uint8_t kind;		/* enum pr_kind */
	uint8_t sink;		/* enum sink_kind, for PR_SINK* */
	bool prefix;		/* `name` ended in "*": a prefix */
	int8_t arg;		/* argument index, or -1 */
	int8_t dest;		/* PR_FETCH: destination argument, or -1; PR_HANDLER_REGISTER:
				   the handle it returns; PR_LOCKDOWN_NOTIFY: the callback */
	int8_t size;		/* PR_FETCH, PR_VALIDATES, PR_STORE: size argument, or -1 */
	int8_t offset;		/* PR_FETCH: offset argument (in elements), or -1 */
	bool elements;		/* PR_FETCH: size and offset count elements of *DEST */
	bool stored;		/* PR_SHARED_RETURN: a field it is stored into is shared too */
	bool page;		/* PR_SHARED_RETURN, PR_SHARED_OUT: gives a page of the memory
				   (shared-page), not a pointer into it */
	bool by_value;		/* PR_FETCH: ADDR is a number naming the memory (a GPA) */
	bool always_shared;	/* PR_FETCH: ADDR is the other party's memory, whatever it is */
	sym_t name;		/* function, CSR or source, without the "*" */
	sym_t strct;		/* "struct x" for field rules */
	sym_t field;		/* field name, "*" for the pointer itself; PR_READS: the
				   member, ending in "*" where the suffix NAME matched goes */
	sym_t transition;	/* PR_SAVE..PR_ALLOW: the transition's name */
	sym_t target;		/* PR_SANCTIONED / PR_ALLOW: the sink */
	char *text;		/* PR_SANCTIONED: the reason; PR_ALLOW: values; PR_FILE_TRIGGER:
				   the trigger;
				   PR_PRIV_FIELD: its privileged bits, if only some */
	struct idiom idiom;	/* PR_IDIOM: what a call of NAME means to the lowering */
	sym_t file;
	uint32_t line;
	uint16_t profile;	/* index in the set */
};

struct profile {
	sym_t name;
	char *description;
	sym_t memory;		/* "guest memory" */
	sym_t trigger;		/* "guest (L1)" */
	bool user_pointers;	/* __user pointers are shared */
	/*
	 * The codebase marks every single read of this memory (READ_ONCE,
	 * ACCESS_ONCE): a plain read used twice may be loaded twice.
	 */
	bool single_reads_marked;
	/*
	 * The entry points its shared-param-name parameters name run on
	 * several CPUs at once (TF-A's SMC handlers).
	 */
	bool concurrent_entries;
	/*
	 * A data race whose value reaches nothing is a note here, not low:
	 * the codebase runs no race detector, and its maintainers take a
	 * marking as a cleanup (benign-race-note).
	 */
	bool benign_race_note;
	/*
	 * The host can be set to stop on a warning (Linux's panic_on_warn):
	 * a WARN a less privileged party can trigger may take the host down,
	 * so it is rated as a denial of service (panic-on-warn).
	 */
	bool panic_on_warn;
	/*
	 * It names the calls that register its handlers (handler-register):
	 * its shared-param-name parameters are shared only in those.
	 */
	bool registered_handlers;
	/*
	 * Loaded only as one of every shipped profile, for a tree no marker
	 * names: its annotations (a codebase's own syntax) are left out.
	 */
	bool in_fallback;
	/*
	 * Brought in by another profile's `include`: its idioms are defaults
	 * the set's other declarations override (idioms_install_layer()).
	 */
	bool included;
	sym_t file;
};

struct profile_set {
	VEC(struct profile) profiles;
	VEC(struct profile_rule) rules;
	struct symmap by_name;	/* exact name -> first rule; chained by next */
	uint32_t *next;
	VEC(uint32_t) prefixed;	/* rules whose name is a prefix */
	uint64_t prefixed_kinds;	/* bit k: some rule of kind k is prefixed */
	/*
	 * The prefixed rules again, bucketed by kind and by their name's first
	 * byte (a rule whose prefix is empty in every bucket of its kind), in
	 * file order within a bucket: profile_next() is asked of every call the
	 * rules walk, and the scan of all of them was a tenth of the rules' time.
	 */
	uint32_t *pfx_start;		/* PR_KINDS * 256 + 1 bucket starts into pfx_rule */
	uint32_t *pfx_rule;		/* rule index */
	const char **pfx_name;		/* its prefix's text */
	uint32_t *pfx_len;		/* and length */
	VEC(uint32_t) shared_types;	/* the PR_SHARED_TYPE rules */
	VEC(uint32_t) shared_fields;	/* the PR_SHARED_FIELD rules */
	VEC(uint32_t) shared_handles;	/* the PR_SHARED_HANDLE rules */
	VEC(uint32_t) refcounts;	/* the PR_REFCOUNT_TYPE and PR_REFCOUNT_DROP rules */
	bool any_user_pointers;
	bool any_validates;	/* some rule is a PR_VALIDATES: validation calls to look for */
	uint64_t generation;	/* new with every profile parsed into the set: keys memos */
};

/* The shipped profiles' names and texts (generated from profiles/). */
struct shipped_profile {
	const char *name;
	const char *text;
};
extern const struct shipped_profile shipped_profiles[];
extern const unsigned shipped_profile_count;

/*
 * Parse profile text into the set.  On error writes "file:line: error: ..."
 * into err and returns false.
 */
bool profile_parse(struct profile_set *s, const char *file, const char *text, char *err,
		   size_t errlen);
/* Load shipped profiles by comma list (NULL: all) and user files; exits 2 on error. */
void profile_load(struct profile_set *s, const char *names, const char *const *files,
		  uint32_t nfiles);
/*
 * Build the lookup tables and install the set's idioms for the lowering
 * (idioms_install); call once after loading.  Exits 2 when two profiles
 * give one name different meanings.
 */
void profile_finish(struct profile_set *s);
void profile_set_free(struct profile_set *s);

/*
 * Iterate the rules of `kind` that apply to `name`: pass *cursor = 0
 * first; returns NULL when done.
 */
const struct profile_rule *profile_next(const struct profile_set *s, sym_t name, int kind,
					uint32_t *cursor);
const struct profile_rule *profile_find(const struct profile_set *s, sym_t name, int kind);
const struct profile *profile_of(const struct profile_set *s, const struct profile_rule *r);
/*
 * The shared-handle rule a declared type is spelled with
 * (XEN_GUEST_HANDLE_PARAM(t), const or not), or NULL.
 */
const struct profile_rule *profile_handle_rule(const struct profile_set *s, sym_t type);

/*
 * refcount-type TYPE: a counter of that type (Linux's refcount_t, atomic_t,
 * "struct kref") decremented and tested for zero drops a reference;
 * refcount-drop FUNC: a call of that name (a pattern: *_dec_and_test) does
 * so on its argument, and returns true when it dropped the last.
 */
bool profile_refcount_type(const struct profile_set *s, const char *type);
bool profile_refcount_drop(const struct profile_set *s, const char *func);
const char *sink_kind_name(enum sink_kind k);
/*
 * Does a profile chosen for the tree (or named) say benign-race-note?
 * Not one loaded only as one of every shipped profile: a race in a tree
 * of no known kind is rated as everywhere.
 */
bool profile_set_benign_race_note(const struct profile_set *s);
/* Does a profile chosen for the tree (or named) say panic-on-warn? */
bool profile_set_panic_on_warn(const struct profile_set *s);

#endif
