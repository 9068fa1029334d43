/*
 * A finding: what a rule reports, with the evidence a maintainer needs to
 * judge it -- every site that matters with its role, and (after triage)
 * its impact, who can trigger it, its severity, whether the race is
 * acknowledged, the interleaving that breaks it and a fix hint.
 */
#ifndef TOCSIN_FINDING_H
#define TOCSIN_FINDING_H

#include "base/intern.h"
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
};

/* An IR operation behind a site, for triage to follow values from. */
struct op_ref {
	uint32_t func;		/* function id in the index */
	uint32_t op;
	sym_t role;
};

struct witness_step {
	uint8_t cpu;		/* 0: the code under report; 1: the racing party */
	sym_t text;
	uint32_t site;		/* index into sites, or UINT32_MAX */
};

enum impact {
	IMPACT_NONE,		/* not triaged */
	IMPACT_BENIGN,
	IMPACT_GUEST_STATE,
	IMPACT_HOST_WARN,
	IMPACT_HOST_CONTROL,
	IMPACT_HOST_MEMORY,
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
	struct finding_group *group;	/* NULL: the race belongs to its root */
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
void finding_add_step(struct finding *f, unsigned cpu, uint32_t site, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void finding_free(struct finding *f);

void finding_list_push(struct finding_list *l, struct finding *f);
void finding_list_append(struct finding_list *dst, struct finding_list *src);
/* Sort: severity (highest first), then file, line, rule, message. */
void finding_list_sort(struct finding_list *l);
void finding_list_free(struct finding_list *l);

/*
 * Fold the findings of one rule that share a group key into the first of
 * them (in sorted order, so the result does not depend on -j): it moves to
 * the group's place and message, says how many roots reach it and lists
 * them as "entry" sites.  A group of one moves too, so that a finding's
 * place and fingerprint do not change when another caller appears.
 */
void finding_fold_groups(struct finding_list *l);

/* A fingerprint that survives unrelated edits: rule, file, function, object. */
void finding_fingerprint(struct finding *f);

const char *impact_name(enum impact i);
const char *severity_name(enum severity s);
const char *status_name(enum finding_status s);
int severity_parse(const char *s);

#endif
