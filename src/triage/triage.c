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
 * A warning an untrusted party can trigger is high where the profile says
 * the host can be set to panic on a warning (panic-on-warn: Linux).
 * A bounded flow is one level lower.  A rule may say what a finding of it
 * is worth when its value reaches nothing stronger than guest state: a
 * data race (unmarked-race, stale-snapshot) is a defect to fix even when
 * benign, so it is low, not a note -- except where the value reaches
 * only output (text, a trace, a debug-only check): a note.
 */
#include "triage/triage.h"
#include "base/pool.h"
#include "index/flow.h"
#include "input/text_cache.h"
#include "frontend/fix_site.h"
#include "rules/rule.h"
#include "triage/baseline.h"
#include "triage/order.h"
#include "triage/project.h"
#include "triage/unbuilt.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- cross-rule: one problem, one finding -------------------------------- */

/*
 * A finding its rule says is better told as part of another rule's
 * finding (the same value's double fetch, say) is folded into the first
 * such, in the list's order, and dropped.
 */
static void fold_across_rules(struct finding_list *l)
{
	uint32_t k = 0;

	for (uint32_t i = 0; i < l->n; i++) {
		struct finding *f = l->v[i];
		bool folded = false;

		for (uint32_t j = 0; j < l->n && !folded && f->rule->fold_into; j++)
			if (l->v[j] && l->v[j]->rule != f->rule)
				folded = f->rule->fold_into(f, l->v[j]);
		if (folded) {
			finding_free(f);
			l->v[i] = NULL;
		} else {
			l->v[k++] = f;
		}
	}
	l->n = k;
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
		f->ack_reason = idiom_data_race_mark()
			? xasprintf("%s() marks the access as an intended race", idiom_data_race_mark())
			: xstrdup("the access is marked as an intended race");
		return;
	}
	src = text_cache_get(tc, f->file);
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

static void set_impact(struct finding *f, const struct index *idx, const struct profile_set *prof)
{
	struct impact_reach best = {0};

	if (f->rule->impact)
		f->rule->impact(f, idx, prof, &best);
	f->impact = best.impact;
	f->needs_refetch = best.needs_refetch;
	f->consumer_unseen = best.consumer_unseen;
	f->needs_delay = best.needs_delay;
	f->output_only = best.impact == IMPACT_BENIGN && best.only_output && !best.other_use &&
			 !best.checked;
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

static void set_severity(struct finding *f, const struct profile_set *prof)
{
	static const uint8_t table[][2] = {
		[IMPACT_NONE] = { SEV_LOW, SEV_LOW },
		[IMPACT_BENIGN] = { SEV_NOTE, SEV_NOTE },
		[IMPACT_GUEST_STATE] = { SEV_LOW, SEV_LOW },
		[IMPACT_HOST_WARN] = { SEV_MEDIUM, SEV_LOW },
		[IMPACT_HOST_CONTROL] = { SEV_HIGH, SEV_MEDIUM },
		[IMPACT_HOST_MEMORY] = { SEV_CRITICAL, SEV_HIGH },
	};
	bool untrusted = trigger_untrusted(f->trigger);
	int s = table[f->impact][untrusted ? 0 : 1];

	/* a warning the other party can raise where warnings can stop the host */
	if (f->impact == IMPACT_HOST_WARN && untrusted && profile_set_panic_on_warn(prof))
		s = SEV_HIGH;

	if (f->status == STATUS_BOUNDED && s > SEV_LOW)
		s--;
	if (f->needs_refetch && s > SEV_LOW)
		s--;
	if (f->consumer_unseen && s > SEV_LOW)
		s--;
	if (f->needs_delay && s > SEV_LOW)
		s--;
	if (f->rule_severity_hint >= 0 && f->impact <= IMPACT_GUEST_STATE)
		s = f->rule_severity_hint;
	/*
	 * A value that reaches only what a reader sees (a log line, a shown
	 * buffer, a check production builds leave out) changes no decision
	 * the code makes: whatever the rule's floor, a note.
	 */
	if (f->output_only && s > SEV_NOTE)
		s = SEV_NOTE;
	f->severity = (uint8_t)s;
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
	struct fix_ctx *fixes;		/* one per worker, for the fix hints */
	const struct unbuilt *unbuilt;	/* code not built, functions not called */
	struct unbuilt_cache *unbuilt_caches;	/* one per worker */
};

/*
 * Test code, by the naming conventions C trees share: a tests, selftests
 * or kunit directory, a file whose name has test, tests, selftest or
 * kunit as one of its words (test_xarray.c, usercopy_kunit.c,
 * kasan_test_module.c) or ends in torture (a stress test), below the path the user scanned (a scan of the
 * tests themselves shows them).  It feeds itself its inputs and provokes
 * races on purpose; what it does is not what the tree ships, so its
 * findings are kept but not shown by default.
 */
static bool test_code(const char *path)
{
	static const char *const dirs[] = { "tests/", "test/", "selftests/", "kunit/" };
	static const char *const words[] = { "test", "tests", "selftest", "selftests", "kunit" };
	/* a stress test's name ends so (rcutorture.c, smbtorture): it runs only when loaded to test */
	static const char *const suffixes[] = { "torture" };
	const char *base = strrchr(path, '/');

	base = base ? base + 1 : path;
	/* each directory of the path whole: contests/tests/x.c is in tests/ */
	for (size_t i = 0; i < ARRAY_SIZE(dirs); i++)
		for (const char *p = path; (p = strstr(p, dirs[i])) != NULL; p++)
			if (p == path || p[-1] == '/')
				return true;
	for (size_t i = 0; i < ARRAY_SIZE(suffixes); i++) {
		size_t n = strcspn(base, "."), m = strlen(suffixes[i]);

		if (n >= m && !strncmp(base + n - m, suffixes[i], m))
			return true;
	}
	/* the name's words, split at _ - and . */
	for (const char *w = base; *w;) {
		size_t n = strcspn(w, "_-.");

		for (size_t i = 0; i < ARRAY_SIZE(words); i++)
			if (n == strlen(words[i]) && !strncmp(w, words[i], n))
				return true;
		w += n;
		if (*w)
			w++;
	}
	return false;
}

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
		set_severity(f, j->prof);
		if (test_code(project_below_scan(f->file)))
			finding_doubt(f, "in test code, which feeds itself its inputs and "
					 "provokes races on purpose");
		unbuilt_doubt(j->unbuilt, &j->unbuilt_caches[worker], tc, f);
		if (!f->witness.n && f->rule->witness)
			f->rule->witness(f);
		if (j->o->fix_diff && f->rule->fix_diff)
			f->fix_diff = project_diff_paths(f->rule->fix_diff(f, j->idx,
									  &j->fixes[worker]),
							 f->file);
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
	struct unbuilt *unbuilt;

	finding_fold_groups(l);
	fold_across_rules(l);
	phase_mark("triage: fold");
	j.n = l->n;
	j.by_file = xmalloc(sizeof(*j.by_file) * (l->n + 1));
	copy_n(j.by_file, l->v, sizeof(*j.by_file) * l->n);
	sort_n(j.by_file, j.n, sizeof(*j.by_file), cmp_by_file);
	j.caches = xcalloc(jobs, sizeof(*j.caches));
	j.fixes = xcalloc(jobs, sizeof(*j.fixes));
	j.unbuilt_caches = xcalloc(jobs, sizeof(*j.unbuilt_caches));
	j.unbuilt = unbuilt = unbuilt_new(idx, l, project_root(), o);
	phase_mark("triage: unbuilt");
	for (unsigned w = 0; w < jobs; w++)
		fix_ctx_init(&j.fixes[w], &j.caches[w]);
	pool_run(jobs, (j.n + TRIAGE_CHUNK - 1) / TRIAGE_CHUNK, triage_chunk, &j);
	phase_mark("triage: chunks");
	for (unsigned w = 0; w < jobs; w++) {
		fix_ctx_free(&j.fixes[w]);
		text_cache_free(&j.caches[w]);
		unbuilt_cache_free(&j.unbuilt_caches[w]);
	}
	unbuilt_free(unbuilt);
	free(j.unbuilt_caches);
	free(j.fixes);
	free(j.caches);
	free(j.by_file);
}

/*
 * One more possible finding hidden for reason `why`.  Each reason keeps a
 * slot of its own: folding new ones into the last slot, as this once did,
 * moved counts between reasons once the slots were re-sorted.
 */
static void count_doubt(struct triage_hidden *h, sym_t why)
{
	uint32_t i;

	h->possible++;
	for (i = 0; i < h->ndoubts; i++)
		if (h->doubts[i].why == why)
			break;
	if (i == h->ndoubts) {
		if (h->ndoubts == DOUBTS_TRACKED)
			return;	/* counted in possible, listed among the other reasons */
		h->doubts[h->ndoubts++].why = why;
	}
	h->doubts[i].n++;
	/* keep them most first */
	while (i > 0 && h->doubts[i].n > h->doubts[i - 1].n) {
		struct doubt_count t = h->doubts[i];

		h->doubts[i] = h->doubts[i - 1];
		h->doubts[--i] = t;
	}
}

void triage_filter(struct finding_list *all, struct finding_list *shown, const struct options *o,
		   struct triage_hidden *hidden)
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
			hidden->in_baseline++;
			continue;
		}
		if (o->diff_rev && !changed_lines_touch(&diff, f)) {
			hidden->outside_diff++;
			continue;
		}
		if (f->status == STATUS_ACKNOWLEDGED && !o->show_acknowledged) {
			hidden->acknowledged++;
			continue;
		}
		if (f->confidence == CONFIDENCE_POSSIBLE && !o->show_possible) {
			count_doubt(hidden, f->doubt);
			continue;
		}
		if (o->min_severity >= 0 && f->severity < o->min_severity) {
			hidden->below_severity++;
			continue;
		}
		finding_list_push(shown, f);
	}
	fingerprint_set_free(&base);
	changed_lines_free(&diff);
}
