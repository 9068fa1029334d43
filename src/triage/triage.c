/*
 * Triage: what each finding's racing value can reach (impact), who can
 * trigger it, how severe that makes it, whether the race is acknowledged,
 * the interleaving that breaks it, and how to fix it -- the questions the
 * maintainers asked in every seed report.  Then the reader's filters.
 *
 * Severity, from impact and trigger (README, "Severity"):
 *
 *	impact          untrusted trigger    host thread
 *	host-memory     critical             high
 *	host-control    high                 medium
 *	host-warn       medium               low
 *	guest-state     low                  low
 *	benign          note                 note
 *
 * "Untrusted" is a guest, user space, a frontend, a lower privilege level.
 * A bounded flow is one level lower.  A rule may say what a finding of it
 * is worth when its value reaches nothing stronger than guest state: a
 * data race (unmarked-race, stale-snapshot) is a defect to fix even when
 * benign, so it is low, not a note.
 */
#include "triage/triage.h"
#include "ir/analysis.h"
#include "triage/baseline.h"
#include "index/flow.h"
#include "base/pool.h"
#include "rules/rule.h"
#include "input/source.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t site_with(const struct finding *f, const char *role, uint32_t nth);

/* --- cross-rule: one flow, one finding ---------------------------------- */

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
 * A privileged sink fed from guest memory read twice is one problem, not
 * two: the double fetch reports it, with the sink as a site.
 */
static void merge_flows(struct finding_list *l)
{
	uint32_t k = 0;

	for (uint32_t i = 0; i < l->n; i++) {
		struct finding *tb = l->v[i];
		bool merged = false;

		if (strcmp(tb->rule->name, "trust-boundary") != 0) {
			l->v[k++] = tb;
			continue;
		}
		for (uint32_t j = 0; j < l->n && !merged; j++) {
			struct finding *df = l->v[j];

			if (strcmp(df->rule->name, "double-fetch") || !shares_op(tb, "read", df, "fetch"))
				continue;
			for (uint32_t s = 0; s < tb->sites.n; s++) {
				struct site st = tb->sites.v[s];

				if (st.role != intern("sink"))
					continue;
				st.note = intern("the value fetched also rebuilds privileged state here");
				vec_push(&df->sites, st);
			}
			merged = true;
		}
		if (merged)
			finding_free(tb);
		else
			l->v[k++] = tb;
	}
	l->n = k;
}

/* --- source text, for comments and diffs --------------------------------- */

/*
 * A few files at a time: findings come sorted by file, so the ones a
 * finding needs are nearly always the last few, and the whole tree's text
 * never has to be held at once.
 */
#define TEXT_CACHE_FILES 16

struct text_cache {
	struct source *files[TEXT_CACHE_FILES];
	uint64_t last_use[TEXT_CACHE_FILES];
	uint64_t clock;
};

static struct source *source_of(struct text_cache *tc, sym_t file)
{
	struct source *s;
	char err[256];
	unsigned victim = 0;

	for (unsigned i = 0; i < TEXT_CACHE_FILES; i++) {
		if (tc->files[i] && !strcmp(tc->files[i]->path, sym_str(file))) {
			tc->last_use[i] = ++tc->clock;
			return tc->files[i];
		}
		if (!tc->files[i] || (tc->files[victim] && tc->last_use[i] < tc->last_use[victim]))
			victim = i;
	}
	s = xcalloc(1, sizeof(*s));
	/* the text as it is: comments are read, nothing is parsed */
	if (source_read(s, sym_str(file), UINT64_MAX, err, sizeof(err)) != SOURCE_OK) {
		free(s);
		return NULL;
	}
	if (tc->files[victim]) {
		source_free(tc->files[victim]);
		free(tc->files[victim]);
	}
	tc->files[victim] = s;
	tc->last_use[victim] = ++tc->clock;
	return s;
}

static void text_cache_free(struct text_cache *tc)
{
	for (unsigned i = 0; i < TEXT_CACHE_FILES; i++) {
		if (tc->files[i]) {
			source_free(tc->files[i]);
			free(tc->files[i]);
		}
	}
}

/* --- acknowledgement ----------------------------------------------------- */

static bool has_word(const char *text, size_t n, const char *const *words, size_t nw)
{
	char buf[4096];
	size_t m = n < sizeof(buf) - 1 ? n : sizeof(buf) - 1;

	for (size_t i = 0; i < m; i++)
		buf[i] = (char)tolower((unsigned char)text[i]);
	buf[m] = '\0';
	for (size_t i = 0; i < nw; i++)
		if (strstr(buf, words[i]))
			return true;
	return false;
}

/*
 * The comment block that ends at or just above `line`, within the function:
 * consecutive comment lines (or a block comment) with nothing but code
 * lines that belong to the same statement in between.
 */
static bool documented(struct source *src, uint32_t line, uint32_t fn_line, char *why, size_t n)
{
	static const char *const race[] = { "race", "racy", "toctou", "racing", "concurrent" };
	static const char *const tolerated[] = {
		"benign", "harmless", "tolerat", "not fix", "don't fix", "do not fix",
		"doesn't matter", "does not matter", "don't care", "acceptable", "is fine",
		"is ok", "okay", "known", "only guest", "safe because", "intentional",
		"on purpose",
	};
	struct sbuf comment = {0};
	uint32_t first = line > 25 ? line - 25 : 1;
	bool found = false;

	if (first < fn_line)
		first = fn_line;
	for (uint32_t l = first; l <= line; l++) {
		size_t len;
		const char *t = source_line(src, l, &len);

		if (memmem(t, len, "/*", 2) || memmem(t, len, "//", 2) ||
		    (len && (memchr(t, '*', len) && (t[strspn(t, " \t")] == '*'))))
			sb_putn(&comment, t, len), sb_putc(&comment, '\n');
	}
	if (comment.len && has_word(comment.s, comment.len, race, ARRAY_SIZE(race)) &&
	    has_word(comment.s, comment.len, tolerated, ARRAY_SIZE(tolerated))) {
		snprintf(why, n, "a comment above it documents the race and why it is tolerated");
		found = true;
	}
	sb_free(&comment);
	return found;
}

/* "tocsin: ignore RULE: REASON" on the line or the line above. */
static bool suppressed(struct source *src, uint32_t line, const char *rule, char *why, size_t n)
{
	for (uint32_t l = line > 1 ? line - 1 : line; l <= line; l++) {
		size_t len;
		const char *t = source_line(src, l, &len);
		const char *m = memmem(t, len, "tocsin: ignore ", 15);
		char buf[512];
		size_t rl = strlen(rule);

		if (!m)
			continue;
		snprintf(buf, sizeof(buf), "%.*s", (int)(len - (size_t)(m - t) - 15), m + 15);
		if (strncmp(buf, rule, rl) || (buf[rl] != ':' && buf[rl] != ' ' && buf[rl] != '\0'))
			continue;
		{
			char *r = buf + rl;
			char *end = strstr(r, "*/");

			while (*r == ':' || *r == ' ')
				r++;
			if (end)
				*end = '\0';
			while (*r && isspace((unsigned char)r[strlen(r) - 1]))
				r[strlen(r) - 1] = '\0';
			snprintf(why, n, "suppressed in the source: %s", *r ? r : "(no reason given)");
		}
		return true;
	}
	return false;
}

static bool marked_data_race(const struct index *idx, const struct finding *f)
{
	for (uint32_t i = 0; i < f->refs.n; i++) {
		const struct ir_func *fn = index_func(idx, f->refs.v[i].func);
		const struct ir_op *op;

		if (!fn || f->refs.v[i].op >= fn->nops)
			continue;
		op = &fn->ops[f->refs.v[i].op];
		if ((op->kind == OP_READ || op->kind == OP_WRITE || op->kind == OP_RMW) &&
		    op->mark == MARK_DATA_RACE)
			return true;
	}
	return false;
}

static void acknowledge(struct finding *f, const struct index *idx, struct text_cache *tc)
{
	char why[512];
	struct source *src;
	const struct ir_func *fn = NULL;

	if (f->status == STATUS_ACKNOWLEDGED)
		return;
	if (marked_data_race(idx, f)) {
		f->status = STATUS_ACKNOWLEDGED;
		f->ack_reason = xstrdup("data_race() marks the access as an intended race");
		return;
	}
	src = source_of(tc, f->file);
	if (!src)
		return;
	for (uint32_t i = 0; i < f->refs.n && !fn; i++)
		fn = index_func(idx, f->refs.v[i].func);
	if (suppressed(src, f->line, f->rule->name, why, sizeof(why)) ||
	    documented(src, f->line, fn && fn->file == f->file ? fn->line : 1, why, sizeof(why))) {
		f->status = STATUS_ACKNOWLEDGED;
		free(f->ack_reason);
		f->ack_reason = xstrdup(why);
	}
}

/* --- impact and severity ------------------------------------------------- */

static bool untrusted(sym_t trigger)
{
	static const char *const words[] = { "guest", "user", "frontend", "lower privilege",
					     "S-mode", "supervisor" };
	const char *t = sym_str(trigger);

	for (size_t i = 0; i < ARRAY_SIZE(words); i++)
		if (strstr(t, words[i]))
			return true;
	return false;
}

static void reach_refs(struct finding *f, const struct index *idx, const struct profile_set *prof,
		       const char *role, struct impact_reach *best)
{
	sym_t r = intern(role);

	for (uint32_t i = 0; i < f->refs.n; i++) {
		struct impact_reach ir;

		if (f->refs.v[i].role != r)
			continue;
		value_reach(idx, prof, f->refs.v[i].func, f->refs.v[i].op, &ir);
		if (ir.impact > best->impact) {
			*best = ir;
		} else if (ir.impact == best->impact) {
			/* the same impact reached elsewhere: show those places too */
			for (uint32_t k = 0; k < ir.nsites && best->nsites < REACH_SITES; k++) {
				bool dup = false;

				for (uint32_t j = 0; j < best->nsites; j++)
					dup |= best->sites[j].func == ir.sites[k].func &&
					       best->sites[j].op == ir.sites[k].op;
				if (!dup)
					best->sites[best->nsites++] = ir.sites[k];
			}
		}
	}
}

static void effects_of_refs(struct finding *f, const struct index *idx,
			    const struct profile_set *prof, const char *role, struct impact_reach *best)
{
	sym_t r = intern(role);

	for (uint32_t i = 0; i < f->refs.n; i++) {
		const struct ir_func *fn = index_func(idx, f->refs.v[i].func);
		char why[200];
		uint8_t im;

		if (f->refs.v[i].role != r || !fn)
			continue;
		im = effect_impact(idx, prof, fn, &fn->ops[f->refs.v[i].op], why, sizeof(why));
		if (im > best->impact) {
			best->impact = im;
			best->func = fn->id;
			best->op = f->refs.v[i].op;
			snprintf(best->why, sizeof(best->why), "the action %s", why);
		}
	}
}

static void set_impact(struct finding *f, const struct index *idx, const struct profile_set *prof)
{
	struct impact_reach best = {0};
	const char *rule = f->rule->name;

	if (!strcmp(rule, "double-fetch")) {
		reach_refs(f, idx, prof, "fetch", &best);
		if (!best.impact) {
			best.impact = untrusted(f->trigger) ? IMPACT_GUEST_STATE : IMPACT_BENIGN;
			snprintf(best.why, sizeof(best.why),
				 "the values only reach state the writing party controls already");
		}
	} else if (!strcmp(rule, "check-then-act")) {
		effects_of_refs(f, idx, prof, "act", &best);
		if (!best.impact) {
			best.impact = IMPACT_GUEST_STATE;
			snprintf(best.why, sizeof(best.why),
				 "the action changes the state of the objects involved, nothing the "
				 "host relies on is known to follow from it");
		}
	} else if (!strcmp(rule, "trust-boundary")) {
		uint32_t b = site_with(f, "bound", 0);

		if (f->status == STATUS_BOUNDED && b != UINT32_MAX) {
			/* the lower party can only pick values it is allowed anyway */
			best.impact = IMPACT_GUEST_STATE;
			snprintf(best.why, sizeof(best.why), "bounded: %s", sym_str(f->sites.v[b].note));
		} else {
			best.impact = IMPACT_HOST_CONTROL;
			snprintf(best.why, sizeof(best.why),
				 "it decides privileged state that the lower party must not choose");
		}
	} else {
		reach_refs(f, idx, prof, !strcmp(rule, "stale-snapshot") ? "snapshot" : "access", &best);
		if (!best.impact || best.impact == IMPACT_GUEST_STATE) {
			best.impact = IMPACT_BENIGN;
			snprintf(best.why, sizeof(best.why),
				 "a stale or torn value, used where nothing is known to depend on it");
		}
	}
	f->impact = best.impact;
	f->impact_reason = xstrdup(best.why);
	/* the flow that justified the impact: every place it was reached */
	for (uint32_t i = 0; i < best.nsites; i++) {
		const struct ir_func *fn = index_func(idx, best.sites[i].func);

		if (fn && best.sites[i].op < fn->nops && best.impact > IMPACT_BENIGN)
			finding_add_site(f, fn->file, fn->ops[best.sites[i].op].line,
					 fn->ops[best.sites[i].op].col, fn->name, "flow", 0, "%s",
					 best.sites[i].why);
	}
}

static void set_severity(struct finding *f)
{
	static const uint8_t table[][2] = {
		[IMPACT_NONE] = { SEV_LOW, SEV_LOW },
		[IMPACT_BENIGN] = { SEV_NOTE, SEV_NOTE },
		[IMPACT_GUEST_STATE] = { SEV_LOW, SEV_LOW },
		[IMPACT_HOST_WARN] = { SEV_MEDIUM, SEV_LOW },
		[IMPACT_HOST_CONTROL] = { SEV_HIGH, SEV_MEDIUM },
		[IMPACT_HOST_MEMORY] = { SEV_CRITICAL, SEV_HIGH },
	};
	int s = table[f->impact][untrusted(f->trigger) ? 0 : 1];

	if (f->status == STATUS_BOUNDED && s > SEV_LOW)
		s--;
	if (f->rule_severity_hint >= 0 && f->impact <= IMPACT_GUEST_STATE)
		s = f->rule_severity_hint;
	f->severity = (uint8_t)s;
}

/* --- witness ------------------------------------------------------------- */

static uint32_t site_with(const struct finding *f, const char *role, uint32_t nth)
{
	sym_t r = intern(role);

	for (uint32_t i = 0; i < f->sites.n; i++)
		if (f->sites.v[i].role == r && nth-- == 0)
			return i;
	return UINT32_MAX;
}

static const char *who(const struct finding *f)
{
	return f->trigger ? sym_str(f->trigger) : "another thread";
}

static void step_at(struct finding *f, unsigned cpu, uint32_t s, const char *verb)
{
	const struct site *st;

	if (s == UINT32_MAX)
		return;
	st = &f->sites.v[s];
	finding_add_step(f, cpu, s, "%s (line %u, %s)", verb, st->line, sym_str(st->function));
}

/* The double fetch sites numbered by execution order in their notes. */
static uint32_t fetch_number(const struct finding *f, unsigned k)
{
	char prefix[32];

	snprintf(prefix, sizeof(prefix), "read %u of", k);
	for (uint32_t i = 0; i < f->sites.n; i++)
		if (f->sites.v[i].role == intern("fetch") &&
		    str_starts(sym_str(f->sites.v[i].note), prefix))
			return i;
	return UINT32_MAX;
}

static void set_witness(struct finding *f)
{
	const char *rule = f->rule->name;

	if (f->witness.n)
		return;	/* the rule knew the interleaving itself */
	if (!strcmp(rule, "double-fetch")) {
		uint32_t a = fetch_number(f, 1), b = fetch_number(f, 2);
		const char *what = a != UINT32_MAX ? strchr(sym_str(f->sites.v[a].note), ':') : NULL;
		char verb[200];

		snprintf(verb, sizeof(verb), "reads%s", what ? what + 1 : " the location");
		step_at(f, 0, a, verb);
		finding_add_step(f, 1, UINT32_MAX, "%s writes it", who(f));
		snprintf(verb, sizeof(verb), "reads%s again: another value", what ? what + 1 : " it");
		step_at(f, 0, b, verb);
	} else if (!strcmp(rule, "check-then-act")) {
		step_at(f, 0, site_with(f, "check", 0), "checks the state");
		step_at(f, 1, site_with(f, "writer", 0), "changes it under the lock");
		step_at(f, 0, site_with(f, "act", 0), "acts on the stale outcome");
	} else if (!strcmp(rule, "stale-snapshot")) {
		step_at(f, 0, site_with(f, "snapshot", 0), "takes the snapshot");
		step_at(f, 1, site_with(f, "writer", 0), "changes the field");
		step_at(f, 0, site_with(f, "check", 0), "checks the object, which now looks valid");
		step_at(f, 0, site_with(f, "use", 0), "uses the stale snapshot");
	} else if (!strcmp(rule, "unmarked-race")) {
		step_at(f, 0, site_with(f, "access", 0), "accesses the field with a plain access");
		step_at(f, 1, site_with(f, "writer", 0), "writes it at the same time");
		finding_add_step(f, 0, UINT32_MAX, "may see a torn, fused or refetched value");
	} else if (!strcmp(rule, "trust-boundary")) {
		step_at(f, 0, site_with(f, "save", 0), "saves state and hands control down");
		finding_add_step(f, 1, UINT32_MAX, "%s changes the storage", who(f));
		step_at(f, 0, site_with(f, "read", 0), "reads it back after the lower party ran");
		step_at(f, 0, site_with(f, "sink", 0), "rebuilds privileged state from it");
	}
}

/* --- fix hints as diffs -------------------------------------------------- */

static void fix_diff(struct finding *f, struct text_cache *tc)
{
	struct source *src;
	size_t n;
	const char *line;
	struct sbuf d = {0};

	if (strcmp(f->rule->name, "stale-snapshot") != 0)
		return;
	/* "int cpu = vcpu->cpu;" -> "int cpu;" and the read moved to the use */
	{
		uint32_t s = site_with(f, "snapshot", 0), u = site_with(f, "use", 0);
		const struct site *ss, *us;
		const char *eq, *semi;
		char lhs[256], rhs[256], indent[64];
		size_t ul;
		const char *uline;

		if (s == UINT32_MAX || u == UINT32_MAX)
			return;
		ss = &f->sites.v[s];
		us = &f->sites.v[u];
		if (ss->file != us->file || !(src = source_of(tc, ss->file)))
			return;
		line = source_line(src, ss->line, &n);
		eq = memchr(line, '=', n);
		semi = memchr(line, ';', n);
		if (!eq || !semi || semi < eq)
			return;
		snprintf(lhs, sizeof(lhs), "%.*s", (int)(eq - line), line);
		while (strlen(lhs) && lhs[strlen(lhs) - 1] == ' ')
			lhs[strlen(lhs) - 1] = '\0';
		snprintf(rhs, sizeof(rhs), "%.*s", (int)(semi - eq - 1), eq + 1);
		{
			char *r = rhs;

			while (*r == ' ')
				memmove(r, r + 1, strlen(r));
		}
		uline = source_line(src, us->line, &ul);
		snprintf(indent, sizeof(indent), "%.*s", (int)strspn(uline, " \t"), uline);
		{
			/* the variable is the last word of the left-hand side */
			const char *var = strrchr(lhs, ' ');
			const char *vname = var ? var + 1 : lhs + strspn(lhs, " \t");

			sb_printf(&d, "--- a/%s\n+++ b/%s\n", sym_str(ss->file), sym_str(ss->file));
			sb_printf(&d, "@@ -%u,1 +%u,1 @@\n-%.*s\n+%s;\n", ss->line, ss->line, (int)n, line, lhs);
			sb_printf(&d, "@@ -%u,1 +%u,2 @@\n+%s%s = READ_ONCE(%s);\n %.*s\n", us->line, us->line,
				  indent, vname, rhs, (int)ul, uline);
		}
	}
	f->fix_diff = d.s;
}

/* ------------------------------------------------------------------------- */

/*
 * Findings are triaged in runs of one file's findings at a time, so that a
 * worker's few cached files are the ones its run needs; each finding is
 * written by one worker only, and the index is only read.
 */
#define TRIAGE_CHUNK 32

struct triage_job {
	struct finding **by_file;
	uint32_t n;
	const struct index *idx;
	const struct profile_set *prof;
	const struct options *o;
	struct text_cache *caches;	/* one per worker */
};

static void triage_chunk(void *ctx, uint32_t chunk, unsigned worker)
{
	struct triage_job *j = ctx;
	struct text_cache *tc = &j->caches[worker];
	uint32_t end = (chunk + 1) * TRIAGE_CHUNK < j->n ? (chunk + 1) * TRIAGE_CHUNK : j->n;

	for (uint32_t i = chunk * TRIAGE_CHUNK; i < end; i++) {
		struct finding *f = j->by_file[i];

		if (!f->object)
			f->object = intern(f->message);
		finding_fingerprint(f);
		set_impact(f, j->idx, j->prof);
		acknowledge(f, j->idx, tc);
		set_severity(f);
		set_witness(f);
		if (j->o->fix_diff)
			fix_diff(f, tc);
	}
}

static int cmp_by_file(const void *a, const void *b)
{
	const struct finding *x = *(struct finding *const *)a, *y = *(struct finding *const *)b;

	return x->file == y->file ? 0 : strcmp(sym_str(x->file), sym_str(y->file));
}

void triage_all(struct finding_list *l, const struct index *idx, const struct profile_set *prof,
		const struct options *o)
{
	struct triage_job j = { .n = 0, .idx = idx, .prof = prof, .o = o };
	unsigned jobs = o->jobs ? o->jobs : 1;

	finding_fold_groups(l);
	merge_flows(l);
	j.n = l->n;
	j.by_file = xmalloc(sizeof(*j.by_file) * (l->n + 1));
	copy_n(j.by_file, l->v, sizeof(*j.by_file) * l->n);
	sort_n(j.by_file, j.n, sizeof(*j.by_file), cmp_by_file);
	j.caches = xcalloc(jobs, sizeof(*j.caches));
	pool_run(jobs, (j.n + TRIAGE_CHUNK - 1) / TRIAGE_CHUNK, triage_chunk, &j);
	for (unsigned w = 0; w < jobs; w++)
		text_cache_free(&j.caches[w]);
	free(j.caches);
	free(j.by_file);
}

void triage_filter(struct finding_list *all, struct finding_list *shown, const struct options *o,
		   struct run_stats *st)
{
	struct fingerprint_set base = {0};
	struct changed_lines diff = {0};

	if (o->baseline)
		baseline_load(&base, o->baseline);
	if (o->diff_rev)
		changed_lines_load(&diff, o->diff_rev, all);
	for (uint32_t i = 0; i < all->n; i++) {
		struct finding *f = all->v[i];

		if (o->baseline && fingerprint_set_has(&base, f->fingerprint)) {
			st->in_baseline++;
			continue;
		}
		if (o->diff_rev && !changed_lines_touch(&diff, f)) {
			st->outside_diff++;
			continue;
		}
		if (f->status == STATUS_ACKNOWLEDGED && !o->show_acknowledged) {
			st->acknowledged_hidden++;
			continue;
		}
		if (o->min_severity >= 0 && f->severity < o->min_severity) {
			st->below_severity++;
			continue;
		}
		finding_list_push(shown, f);
	}
	fingerprint_set_free(&base);
	changed_lines_free(&diff);
}
