/*
 * trust-boundary: privileged state rebuilt from storage that a less
 * privileged party could write between the save and the restore.
 *
 * A profile declares transitions: which function saves state before the
 * lower party runs and which restores it after, what the lower party can
 * write in between (CSRs, fields such as ABI-visible attributes), which
 * sinks are privileged (fields, some of their bits, CSRs), which flows a
 * specification sanctions, and which values a privileged field may take.
 * In a restore function, every flow -- by value or by control -- from a
 * lower-writable read into a privileged sink is a finding: acknowledged
 * when sanctioned, bounded when the code forces the value into the allowed
 * set, open otherwise.  The report names the save point where the value
 * could have been kept privately.
 */
#include "ir/analysis.h"
#include "index/flow.h"
#include "profile/profile.h"
#include "rules/rule.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SRC 64

static void check(struct rule_ctx *ctx, const struct ir_func *f);
static void impact(const struct finding *f, const struct index *idx,
		   const struct profile_set *prof, struct impact_reach *best);
static void witness(struct finding *f);
static bool fold_into(const struct finding *f, struct finding *other);
static void prepare(const struct index *idx, const struct profile_set *prof);

const struct rule rule_trust_boundary = {
	.name = "trust-boundary",
	.summary = "privileged state rebuilt from storage a lower privilege level can write",
	.help = "After control went to a less privileged party (an S-mode handler, a guest) and "
		"came back, the restore path computes privileged state (mepc, mstatus MPP/MPV, a "
		"hardware control block) from storage that party could write in between, instead "
		"of from state saved privately before the hand-off.  Keep the value at the save "
		"point, or bound it, unless a specification lets the lower party set it.",
	.check = check,
	.impact = impact,
	.witness = witness,
	.fold_into = fold_into,
	.prepare = prepare,
};

static const struct profile_set *profiles;

static const struct profile_rule *transition_rule(sym_t transition, int kind, sym_t name,
						  uint32_t *cursor)
{
	const struct profile_rule *r;

	while ((r = profile_next(profiles, name, kind, cursor)) != NULL)
		if (r->transition == transition)
			return r;
	return NULL;
}

static void prepare(const struct index *idx, const struct profile_set *prof)
{
	profiles = prof;
}

/* A lower-writable source: a CSR read, or a field of lower-writable storage. */
struct source {
	uint32_t op;
	sym_t name;		/* "CSR_HSTATUS", or the field key */
	char label[160];	/* "CSR_HSTATUS", "i_ctx->flags" */
	char spec[160];		/* for sanctioned matching: "CSR_SEPC", "sse_interrupted_state.flags" */
};

/* csr_read(CSR_X) and friends: the CSR's name. */
static sym_t csr_of(const struct ir_func *f, const struct ir_op *op, bool write)
{
	const char *n = sym_str(op->a);
	const struct ir_arg *a;
	const struct ir_src *s;

	if (op->kind != OP_CALL || !op_nargs(op))
		return 0;
	if (write ? !(str_starts(n, "csr_write") || str_starts(n, "csr_set") ||
		      str_starts(n, "csr_clear") || str_starts(n, "csr_swap")) :
		    !(str_starts(n, "csr_read") || str_starts(n, "csr_swap")))
		return 0;
	a = &f->args[op->src_start];
	s = f->srcs + a->src_start;
	return a->src_count && s[0].kind == SRC_CONST ? s[0].ref : 0;
}

/* "struct sbi_trap_regs::mepc" -> "sbi_trap_regs.mepc" */
static void key_spec(sym_t key, char *out, size_t n)
{
	const char *k = sym_str(key), *sep = strstr(k, "::"), *sp = strchr(k, ' ');

	if (!sep || !sp || sp > sep) {
		snprintf(out, n, "%s", k);
		return;
	}
	snprintf(out, n, "%.*s.%s", (int)(sep - sp - 1), sp + 1, sep + 2);
}

static bool field_rule_matches(const struct profile_rule *r, sym_t key)
{
	const char *k = sym_str(key), *sep = strstr(k, "::"), *field = sym_str(r->field);
	size_t sl, fl;

	if (!sep)
		return false;
	sl = strlen(sym_str(r->strct));
	if ((size_t)(sep - k) != sl || strncmp(k, sym_str(r->strct), sl))
		return false;
	if (!strcmp(field, "*"))
		return true;
	fl = strlen(field);
	return !strncmp(sep + 2, field, fl) && (sep[2 + fl] == '\0' || sep[2 + fl] == '.' ||
						sep[2 + fl] == '[');
}

static const struct profile_rule *field_rule(sym_t transition, int kind, sym_t key)
{
	for (uint32_t i = 0; i < profiles->rules.n; i++) {
		const struct profile_rule *r = &profiles->rules.v[i];

		if (r->kind == kind && r->transition == transition && field_rule_matches(r, key))
			return r;
	}
	return NULL;
}

static uint32_t find_sources(const struct ir_func *f, sym_t transition, struct source *out, uint32_t max)
{
	uint32_t n = 0;

	for (uint32_t o = 0; o < f->nops && n < max; o++) {
		const struct ir_op *op = &f->ops[o];
		uint32_t cur = 0;
		sym_t csr;

		if ((csr = csr_of(f, op, false)) &&
		    transition_rule(transition, PR_LOWER_CSR, csr, &cur)) {
			struct source *s = &out[n++];

			s->op = o;
			s->name = csr;
			snprintf(s->label, sizeof(s->label), "%s", sym_str(csr));
			snprintf(s->spec, sizeof(s->spec), "%s", sym_str(csr));
		} else if (op->kind == OP_READ && f->paths[op->a].key &&
			   field_rule(transition, PR_LOWER_FIELD, f->paths[op->a].key) &&
			   /* the old value "x op= v" reads is the sink's own, not a source */
			   !op_is_compound_old_value(f, o)) {
			struct source *s = &out[n++];

			s->op = o;
			s->name = f->paths[op->a].key;
			snprintf(s->label, sizeof(s->label), "%s", sym_str(f->paths[op->a].text));
			key_spec(s->name, s->spec, sizeof(s->spec));
		}
	}
	return n;
}

/* A privileged sink at op: its name, and the privileged bits it names. */
struct sink {
	sym_t name;		/* "CSR_MSTATUS" or a field key */
	char label[160];	/* "regs->mstatus (MSTATUS_MPV)" */
	char spec[160];		/* "sbi_trap_regs.mstatus" */
	const struct profile_rule *rule;
	char bits[160];		/* the privileged bits written, if the rule lists some */
};

static bool const_names_bit(const char *c, const char *bit)
{
	size_t n = strlen(bit);

	return !strncmp(c, bit, n) && (c[n] == '\0' || c[n] == '_');
}

static bool sink_at(const struct ir_func *f, uint32_t o, sym_t transition, struct sink *sk)
{
	const struct ir_op *op = &f->ops[o];
	uint32_t cur = 0;
	sym_t csr;

	memset(sk, 0, sizeof(*sk));
	if ((csr = csr_of(f, op, true))) {
		sk->rule = transition_rule(transition, PR_PRIV_CSR, csr, &cur);
		if (!sk->rule)
			return false;
		sk->name = csr;
		snprintf(sk->label, sizeof(sk->label), "%s", sym_str(csr));
		snprintf(sk->spec, sizeof(sk->spec), "%s", sym_str(csr));
		return true;
	}
	if (op->kind != OP_WRITE || !f->paths[op->a].key)
		return false;
	sk->rule = field_rule(transition, PR_PRIV_FIELD, f->paths[op->a].key);
	if (!sk->rule)
		return false;
	sk->name = f->paths[op->a].key;
	key_spec(sk->name, sk->spec, sizeof(sk->spec));
	snprintf(sk->label, sizeof(sk->label), "%s", sym_str(f->paths[op->a].text));
	if (sk->rule->text) {
		/* only some bits are privileged: which does this store touch? */
		const struct ir_src *s = f->srcs + op->src_start;
		bool constant_only = true, any = false;
		char list[256];

		snprintf(list, sizeof(list), "%s", sk->rule->text);
		for (uint32_t i = 0; i < op->src_count; i++) {
			if (s[i].how == HOW_BASE)
				continue;
			if (s[i].kind == SRC_OP && f->ops[s[i].ref].kind == OP_READ &&
			    f->ops[s[i].ref].a == op->a)
				continue;	/* the old value of x |= ... */
			if (s[i].kind != SRC_CONST) {
				constant_only = false;
				continue;
			}
			{
				char *save = NULL, tmp[256];

				snprintf(tmp, sizeof(tmp), "%s", list);
				for (char *b = strtok_r(tmp, " ", &save); b; b = strtok_r(NULL, " ", &save))
					if (const_names_bit(sym_str(s[i].ref), b) && !strstr(sk->bits, b)) {
						size_t l = strlen(sk->bits);

						snprintf(sk->bits + l, sizeof(sk->bits) - l, "%s%s", l ? " " : "", b);
						any = true;
					}
			}
		}
		if (constant_only && !any)
			return false;	/* only S-mode bits: not a privileged store */
		if (any) {
			size_t l = strlen(sk->label);

			snprintf(sk->label + l, sizeof(sk->label) - l, " (%s)", sk->bits);
		}
	}
	return true;
}

static bool spec_matches(const char *pattern, const char *spec)
{
	size_t n = strlen(pattern);

	if (!strcmp(pattern, "*") || !strcmp(pattern, spec))
		return true;
	/* "sse_interrupted_state.*" */
	return n >= 2 && pattern[n - 1] == '*' && !strncmp(pattern, spec, n - 1);
}

static const struct profile_rule *sanctioned(sym_t transition, const struct source *src,
					     const struct sink *sk)
{
	for (uint32_t i = 0; i < profiles->rules.n; i++) {
		const struct profile_rule *r = &profiles->rules.v[i];

		if (r->kind == PR_SANCTIONED && r->transition == transition &&
		    spec_matches(sym_str(r->name), src->spec) &&
		    spec_matches(sym_str(r->target), sk->spec))
			return r;
	}
	return NULL;
}

/*
 * Bounded: a store decided by the source only through control flow that
 * sets constants the profile allows (MPP only ever PRV_S) or only clears.
 */
static bool bounded(const struct ir_func *f, uint32_t o, sym_t transition, const struct sink *sk,
		    char *why, size_t n)
{
	const struct ir_op *op = &f->ops[o];
	const struct ir_src *s = f->srcs + op->src_start;

	if (op->kind != OP_WRITE || !(op->flags & OPF_COMPOUND))
		return false;
	if (op->compound_op == '&') {
		snprintf(why, n, "the store only clears bits of %s", sym_str(f->paths[op->a].text));
		return true;
	}
	if (op->compound_op != '|' || !sk->bits[0])
		return false;
	for (uint32_t i = 0; i < profiles->rules.n; i++) {
		const struct profile_rule *r = &profiles->rules.v[i];
		bool all = true, some = false;

		if (r->kind != PR_ALLOW || r->transition != transition ||
		    !strstr(sk->bits, sym_str(r->target)))
			continue;
		/* every constant set names an allowed value, or is the field's shift */
		for (uint32_t k = 0; k < op->src_count; k++) {
			const char *c;

			if (s[k].kind != SRC_CONST)
				continue;
			c = sym_str(s[k].ref);
			if (const_names_bit(c, sym_str(r->target)))
				continue;
			if (strstr(r->text, c))
				some = true;
			else
				all = false;
		}
		if (all && some) {
			snprintf(why, n, "%s is only ever set to one of %s, or cleared",
				 sym_str(r->target), r->text);
			return true;
		}
	}
	return false;
}

struct flow {
	uint32_t src;		/* index into sources */
	uint32_t sink_op;
	struct sink sink;
	bool control;
	uint8_t status;
	const struct profile_rule *sanction;
	char bound[200];
};

static bool depends_on(const struct ir_func *f, const struct ir_src *s, uint32_t n, uint32_t op)
{
	uint32_t origins[64], k = value_origins(f, s, n, 4, origins, 64);

	for (uint32_t i = 0; i < k; i++)
		if (origins[i] == op)
			return true;
	return false;
}

static uint32_t sink_value(const struct ir_func *f, const struct ir_op *op, const struct ir_src **s)
{
	if (op->kind == OP_CALL) {
		const struct ir_arg *a;

		if (op_nargs(op) < 2) {
			*s = NULL;
			return 0;
		}
		a = &f->args[op->src_start + 1];
		*s = f->srcs + a->src_start;
		return a->src_count;
	}
	*s = f->srcs + op->src_start;
	return op->src_count;
}

/* Where the save function reads the same source: where it could be kept. */
static bool save_point(const struct index *idx, const struct ir_func *f, sym_t transition,
		       const struct source *src, const struct ir_func **g_out, uint32_t *op_out)
{
	for (uint32_t i = 0; i < profiles->rules.n; i++) {
		const struct profile_rule *r = &profiles->rules.v[i];
		uint32_t id;
		const struct ir_func *g;

		if (r->kind != PR_SAVE || r->transition != transition)
			continue;
		id = index_lookup_function(idx, r->name, f->file);
		if (id == IR_NONE)
			continue;
		g = index_func(idx, id);
		*g_out = g;
		*op_out = IR_NONE;
		for (uint32_t o = 0; o < g->nops; o++) {
			const struct ir_op *op = &g->ops[o];

			if ((op->kind == OP_CALL && csr_of(g, op, false) == src->name) ||
			    (op->kind == OP_READ && g->paths[op->a].key == src->name)) {
				*op_out = o;
				break;
			}
		}
		return true;
	}
	return false;
}

static void report_source(struct rule_ctx *ctx, const struct ir_func *f, sym_t transition,
			  const struct source *src, const struct flow *fl, uint32_t nfl)
{
	const struct index *idx = ctx->idx;
	uint8_t status = STATUS_ACKNOWLEDGED;
	const struct flow *first = &fl[0];
	struct sbuf sinks = {0};
	struct finding *fd;
	const struct ir_func *g;
	uint32_t sop;

	for (uint32_t i = 0; i < nfl; i++) {
		if (fl[i].status == STATUS_OPEN)
			status = STATUS_OPEN;
		else if (fl[i].status == STATUS_BOUNDED && status != STATUS_OPEN)
			status = STATUS_BOUNDED;
		if (fl[i].sink_op < first->sink_op)
			first = &fl[i];
	}
	/* the primary location: the first sink of the worst kind */
	for (uint32_t i = 0; i < nfl; i++)
		if (fl[i].status == status && (first->status != status || fl[i].sink_op < first->sink_op))
			first = &fl[i];
	for (uint32_t i = 0; i < nfl; i++) {
		bool dup = false;

		for (uint32_t k = 0; k < i; k++)
			dup |= !strcmp(fl[k].sink.label, fl[i].sink.label);
		if (!dup)
			sb_printf(&sinks, "%s%s", sinks.len ? ", " : "", fl[i].sink.label);
	}
	{
		const struct ir_op *sk = &f->ops[first->sink_op];
		const struct ir_op *rd = &f->ops[src->op];
		const char *tag = status == STATUS_BOUNDED ? "; bounded" :
				  status == STATUS_ACKNOWLEDGED ? "; sanctioned" : "";

		fd = finding_new(&rule_trust_boundary, f->file, sk->line, sk->col, f->name,
				 "%s is rebuilt from %s, which %s can write before %s runs (read at line %u)%s",
				 sb_str(&sinks), src->label,
				 sym_str(profile_of(profiles, first->sink.rule)->trigger),
				 sym_str(f->name), rd->line, tag);
		fd->status = status;
		fd->trigger = profile_of(profiles, first->sink.rule)->trigger;
		fd->object = src->name;
		if (status == STATUS_ACKNOWLEDGED)
			fd->ack_reason = xasprintf("sanctioned by the %s profile: %s",
						   sym_str(profile_of(profiles, first->sanction)->name),
						   first->sanction->text);
		if (status == STATUS_BOUNDED)
			fd->rule_severity_hint = SEV_LOW;
		finding_add_site(fd, f->file, rd->line, rd->col, f->name, "read", 0,
				 "%s, read after the lower party ran", src->label);
		finding_add_ref(fd, f->id, src->op, "read");
		for (uint32_t i = 0; i < nfl; i++) {
			const struct ir_op *o = &f->ops[fl[i].sink_op];

			finding_add_site(fd, f->file, o->line, o->col, f->name, "sink", 0, "%s %s (%s%s)",
					 fl[i].control ? "decides" : "computes", fl[i].sink.label,
					 status_name(fl[i].status),
					 fl[i].status == STATUS_ACKNOWLEDGED ? " by the profile" : "");
			finding_add_ref(fd, f->id, fl[i].sink_op, "sink");
			if (fl[i].status == STATUS_BOUNDED)
				finding_add_site(fd, f->file, o->line, o->col, f->name, "bound", 0, "%s",
						 fl[i].bound);
		}
		if (save_point(idx, f, transition, src, &g, &sop)) {
			const struct ir_op *so = sop != IR_NONE ? &g->ops[sop] : NULL;

			finding_add_site(fd, g->file, so ? so->line : g->line, so ? so->col : 1, g->name,
					 "save", 0, "%s, before the hand-off: where %s could be kept privately",
					 so ? "read here" : "the save point", src->label);
		}
		fd->fix = xasprintf("keep the value %s had at the save point in state the lower party "
				    "cannot write, and rebuild the privileged state from that copy",
				    src->label);
	}
	rule_report(ctx, fd);
	sb_free(&sinks);
}

static void analyse(struct rule_ctx *ctx, const struct ir_func *f, sym_t transition)
{
	struct source src[MAX_SRC];
	uint32_t nsrc = find_sources(f, transition, src, MAX_SRC);
	VEC(struct flow) flows = {0};
	uint32_t *ipdom = NULL;

	if (!nsrc)
		return;
	for (uint32_t o = 0; o < f->nops; o++) {
		struct sink sk;
		const struct ir_src *vs;
		uint32_t nv;

		if (!sink_at(f, o, transition, &sk))
			continue;
		nv = sink_value(f, &f->ops[o], &vs);
		for (uint32_t i = 0; i < nsrc; i++) {
			bool data = vs && depends_on(f, vs, nv, src[i].op);
			bool control = false;

			if (sk.name == src[i].name && data)
				data = false;	/* written back as read: nothing rebuilt */
			if (!data) {
				/* a branch on the source that decides this store */
				for (uint32_t b = src[i].op + 1; b < o && !control; b++) {
					const struct ir_op *br = &f->ops[b];

					if (br->kind != OP_BRANCH || (br->flags & OPF_PREPROC) ||
					    !depends_on(f, f->srcs + br->src_start, br->src_count, src[i].op))
						continue;
					control = branch_decides(f, &ipdom, br->block, f->ops[o].block);
				}
			}
			if (!data && !control)
				continue;
			{
				struct flow fl = { .src = i, .sink_op = o, .sink = sk, .control = !data };

				fl.sanction = sanctioned(transition, &src[i], &sk);
				if (fl.sanction)
					fl.status = STATUS_ACKNOWLEDGED;
				else if (!data && bounded(f, o, transition, &sk, fl.bound, sizeof(fl.bound)))
					fl.status = STATUS_BOUNDED;
				else
					fl.status = STATUS_OPEN;
				vec_push(&flows, fl);
			}
		}
	}
	/* one finding per lower-writable source (CSR or field) */
	for (uint32_t i = 0; i < nsrc; i++) {
		VEC(struct flow) mine = {0};
		bool first_of_name = true;

		for (uint32_t k = 0; k < i; k++)
			if (src[k].name == src[i].name)
				first_of_name = false;
		if (!first_of_name)
			continue;
		for (uint32_t k = 0; k < flows.n; k++)
			if (src[flows.v[k].src].name == src[i].name)
				vec_push(&mine, flows.v[k]);
		if (mine.n)
			report_source(ctx, f, transition, &src[i], mine.v, mine.n);
		vec_free(&mine);
	}
	vec_free(&flows);
	free(ipdom);
}

static void check(struct rule_ctx *ctx, const struct ir_func *f)
{
	const struct profile_rule *r;
	uint32_t cur = 0;

	if (!profiles)
		return;
	while ((r = profile_next(profiles, f->name, PR_RESTORE, &cur)) != NULL)
		analyse(ctx, f, r->transition);
}

/* --- finishing a finding (triage hooks, rules/rule.h) ------------------- */

static void impact(const struct finding *f, const struct index *idx,
		   const struct profile_set *prof, struct impact_reach *best)
{
	uint32_t b = finding_site_with(f, "bound", 0);

	if (f->status == STATUS_BOUNDED && b != UINT32_MAX) {
		/* the lower party can only pick values it is allowed anyway */
		best->impact = IMPACT_GUEST_STATE;
		snprintf(best->why, sizeof(best->why), "bounded: %s", sym_str(f->sites.v[b].note));
	} else {
		best->impact = IMPACT_HOST_CONTROL;
		snprintf(best->why, sizeof(best->why),
			 "it decides privileged state that the lower party must not choose");
	}
}

static void witness(struct finding *f)
{
	finding_step_at(f, 0, finding_site_with(f, "save", 0), "saves state and hands control down");
	finding_add_step(f, 1, UINT32_MAX, "%s changes the storage", finding_other_party(f));
	finding_step_at(f, 0, finding_site_with(f, "read", 0),
			"reads it back after the lower party ran");
	finding_step_at(f, 0, finding_site_with(f, "sink", 0), "rebuilds privileged state from it");
}

/* Does a's reference of role_a name the same IR op as one of b's of role_b? */
static bool shares_op(const struct finding *a, const char *role_a, const struct finding *b,
		      const char *role_b)
{
	sym_t ra = intern(role_a), rb = intern(role_b);

	for (uint32_t i = 0; i < a->refs.n; i++)
		for (uint32_t k = 0; k < b->refs.n; k++)
			if (a->refs.v[i].role == ra && b->refs.v[k].role == rb &&
			    a->refs.v[i].func == b->refs.v[k].func && a->refs.v[i].op == b->refs.v[k].op)
				return true;
	return false;
}

/*
 * A privileged sink fed from shared memory read twice is one problem, not
 * two: the finding whose fetch is this finding's read tells it, with the
 * sink as a site.
 */
static bool fold_into(const struct finding *f, struct finding *other)
{
	/* any of the double fetch's reads: the first, or one of the later */
	if (!shares_op(f, "read", other, "fetch") && !shares_op(f, "read", other, "fetch-first"))
		return false;
	for (uint32_t s = 0; s < f->sites.n; s++) {
		struct site st = f->sites.v[s];

		if (st.role != intern("sink"))
			continue;
		st.note = intern("the value fetched also rebuilds privileged state here");
		vec_push(&other->sites, st);
	}
	return true;
}
