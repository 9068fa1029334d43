/*
 * A finding: what a rule reports, with the evidence a maintainer needs to
 * judge it -- every site that matters with its role, and (after triage)
 * its impact, who can trigger it, its severity, whether the race is
 * acknowledged, the interleaving that breaks it and a fix hint.
 */
#ifndef TOCSIN_FINDING_H
#define TOCSIN_FINDING_H

#include "base/intern.h"
#include "index/impact.h"
#include "base/util.h"

#include <stdbool.h>
#include <stdint.h>

struct rule;

/* Roles are short words, open-ended: fetch, trace, source, call, check,
 * act, writer, peer, snapshot, use, sink, read, save, bound, flow. */
struct site {
	sym_t file;
	uint32_t line, col;
	sym_t function;
	sym_t role;
	sym_t note;		/* what the note line says about it */
	sym_t lock;		/* writer: the lock it held, or 0 */
	uint16_t nth;		/* a numbered access (read 1, 2, ... of a double fetch), else 0 */
};

/* An IR operation behind a site, for triage to follow values from. */
struct op_ref {
	uint32_t func;		/* function id in the index */
	uint32_t op;
	sym_t role;
	sym_t part;		/* the part of the op's data that matters ("hdr.len"), or 0 */
	/*
	 * The location it reads, among the finding's (a double fetch's fields
	 * read twice, from 1), or 0: the reads of one location, first and
	 * later, share it.
	 */
	uint16_t group;
	/*
	 * The call that brought the walk into func on the finding's own way
	 * (a caller's call op), or UINT32_MAX (up_func too) when func is where
	 * the way starts: one helper that fetches, called from several places
	 * of one operation, is a read of each of them, each with its caller.
	 */
	uint32_t up_func, up_op;
};

struct witness_step {
	uint8_t cpu;		/* 0: the code under report; 1: the racing party */
	sym_t text;
	uint32_t site;		/* index into sites, or UINT32_MAX */
};

enum severity {
	SEV_NOTE,
	SEV_LOW,
	SEV_MEDIUM,
	SEV_HIGH,
	SEV_CRITICAL,
};

/*
 * What a finding becomes when the same race is reached from several roots
 * (one helper's double fetch, once per system call that reaches it): the
 * place and words that belong to the race itself, not to one root.
 */
struct finding_group {
	sym_t key;		/* equal keys (and rules): one race */
	sym_t file;
	uint32_t line, col;
	sym_t function;
	sym_t object;
	char *message;		/* without the roots: "... in one call of copy_name" */
	char *route;		/* this root's way there: "sys_open -> copy_name" */
};

struct finding {
	const struct rule *rule;
	sym_t file;
	uint32_t line, col;
	sym_t function;
	char *message;
	sym_t object;		/* what races, for fingerprints: a key or a path */
	VEC(struct site) sites;
	VEC(struct op_ref) refs;

	/* triage */
	uint8_t impact;		/* enum impact */
	uint8_t severity;	/* enum severity */
	uint8_t status;		/* enum finding_status */
	sym_t trigger;		/* "guest (L1)", "user space", "another host CPU" */
	char *impact_reason;
	char *ack_reason;
	char *fix;		/* fix hint, one paragraph */
	char *fix_diff;		/* a unified diff, when mechanical */
	VEC(struct witness_step) witness;
	char fingerprint[17];
	int8_t rule_severity_hint; /* a rule's own lower bound, -1 none */
	bool needs_refetch;	/* the impact takes a compiler's second load: one step less */
	bool consumer_unseen;	/* the impact is in code out of sight: one step less */
	bool needs_delay;	/* the impact needs the reader held up a grace period: one less */
	bool output_only;	/* benign, and the value reaches only output: a note */
	uint8_t confidence;	/* enum confidence; confident unless a rule doubts */
	uint8_t evidence;	/* within a confidence, how much more backs it: ranks */
	sym_t doubt;		/* why only possible: "the writer is in unrelated code" */
	struct finding_group *group;	/* NULL: the race belongs to its root */
	/*
	 * Without a group: the key a group of the same reads would have when
	 * another root reaches this root's function (its own race, reported
	 * from there too), or 0.
	 */
	sym_t place_key;
};

/*
 * How strong the evidence that the race can happen is.  Confident: both
 * sides are known to run at once on one object (their locks known and
 * disjoint, the writer in code that reaches the object).  Possible: only a
 * possibility (the only writers share the type in unrelated code, the
 * reader's callers are unknown and may hold the writer's lock).  The
 * default output shows the confident ones; --all shows every finding.
 */
enum confidence {
	CONFIDENCE_POSSIBLE,
	CONFIDENCE_CONFIDENT,
};

enum finding_status {
	STATUS_OPEN,
	STATUS_BOUNDED,		/* the code forces the value into a safe set */
	STATUS_ACKNOWLEDGED,	/* documented, sanctioned, data_race(), or suppressed */
};

struct finding_list {
	struct finding **v;
	uint32_t n, cap;
};

struct finding *finding_new(const struct rule *r, sym_t file, uint32_t line, uint32_t col,
			    sym_t function, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
void finding_add_site(struct finding *f, sym_t file, uint32_t line, uint32_t col,
		      sym_t function, const char *role, sym_t lock, const char *fmt, ...)
	__attribute__((format(printf, 8, 9)));
void finding_add_ref(struct finding *f, uint32_t func, uint32_t op, const char *role);
/* The same, for only a part of what the op fetched: a member chain "len", "hdr.len". */
void finding_add_ref_part(struct finding *f, uint32_t func, uint32_t op, const char *role,
			  sym_t part);
void finding_add_step(struct finding *f, unsigned cpu, uint32_t site, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void finding_free(struct finding *f);
/* Lower f to a possibility, for a reason a reader can check (the first one kept). */
void finding_doubt(struct finding *f, const char *why);

/* The nth site (from 0) with this role, or UINT32_MAX. */
uint32_t finding_site_with(const struct finding *f, const char *role, uint32_t nth);

/* The first IR reference with this role, or NULL. */
const struct op_ref *finding_ref_with(const struct finding *f, const char *role);
/* A witness step at site s, "VERB (line L, FUNCTION)"; none if s is UINT32_MAX. */
void finding_step_at(struct finding *f, unsigned cpu, uint32_t s, const char *verb);
/* Who races with the code under report, for a witness: the trigger, or another thread. */
const char *finding_other_party(const struct finding *f);
/*
 * Whether a trigger is a party the code must not trust (a guest, user
 * space, a frontend, a lower privilege level) rather than another thread
 * of the same program.
 */
bool trigger_untrusted(sym_t trigger);

/*
 * Whether the trigger is outside the program the code belongs to (a guest,
 * user space, a frontend or backend, a lower privilege level), privileged
 * or not: a party that writes the memory whenever it likes, so no lock or
 * life cycle of the code's own can rule the race out.
 */
bool trigger_outside(sym_t trigger);

void finding_list_push(struct finding_list *l, struct finding *f);
void finding_list_append(struct finding_list *dst, struct finding_list *src);
void finding_list_free(struct finding_list *l);

const char *impact_name(enum impact i);
const char *severity_name(enum severity s);
const char *status_name(enum finding_status s);
const char *confidence_name(enum confidence c);
int severity_parse(const char *s);

#endif
