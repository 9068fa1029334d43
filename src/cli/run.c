#include "cli/run.h"
#include "input/cache.h"
#include "input/context.h"
#include "input/discover.h"
#include "rules/finding.h"
#include "frontend/frontend.h"
#include "index/build.h"
#include "index/ir_dump.h"
#include "base/pool.h"
#include "input/prefilter.h"
#include "profile/profile.h"
#include "cli/scope.h"
#include "cli/tree_kind.h"
#include "report/report.h"
#include "rules/rule.h"
#include "triage/baseline.h"
#include "triage/order.h"
#include "triage/triage.h"
#include "report/verify.h"
#include "triage/project.h"

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct parse_job {
	const struct options *o;
	const struct cache *cache;
	struct file_list *files;
	const struct skim_plan *skim;	/* per file, or NULL: parse all */
	struct file_result *results;
	atomic_uint done;
	double start;
	pthread_mutex_t progress_lock;
	double last_progress;
};

static void progress(struct parse_job *j)
{
	double now = now_seconds();
	unsigned done = atomic_load(&j->done);

	if (!j->o->progress || now - j->start < 1.0 || now - j->last_progress < 0.25)
		return;
	if (pthread_mutex_trylock(&j->progress_lock) != 0)
		return;
	j->last_progress = now;
	fprintf(stderr, "\rtocsin: parsed %u/%u files", done, j->files->n);
	fflush(stderr);
	pthread_mutex_unlock(&j->progress_lock);
}

static void parse_one(void *ctx, uint32_t i, unsigned worker)
{
	struct parse_job *j = ctx;
	struct file_result *r = &j->results[i];

	frontend_file(j->files->paths[i], j->o->max_file_size, j->o->parse_only, j->cache,
		      j->skim ? &j->skim[i] : NULL, r);
	atomic_fetch_add(&j->done, 1);
	progress(j);
}

static void end_progress(const struct options *o, double start)
{
	if (o->progress && now_seconds() - start >= 1.0)
		fputs("\r\033[K", stderr);
}

struct rule_job {
	const struct options *o;
	const struct index *idx;
	const struct profile_set *prof;
	const struct rule **rules;
	unsigned nrules;
	const uint8_t *checked;		/* by function id, or NULL: all */
	struct finding_list *out;	/* per worker */
	void **state;			/* per worker and rule: [worker * nrules + rule] */
};

static void check_one(void *ctx, uint32_t id, unsigned worker)
{
	struct rule_job *j = ctx;
	const struct ir_func *f = index_func(j->idx, id);
	struct rule_ctx rc = {
		.idx = j->idx, .profiles = j->prof, .opt = j->o, .out = &j->out[worker],
	};

	if (j->checked && !j->checked[id])
		return;
	for (unsigned r = 0; r < j->nrules; r++) {
		rc.state = j->state[worker * j->nrules + r];
		j->rules[r]->check(&rc, f);
	}
}

/* Each rule's per-worker state (rule_ctx.state), zeroed. */
static void **rule_states(const struct rule **rules, unsigned nrules, unsigned workers)
{
	void **state = xcalloc((size_t)workers * nrules + 1, sizeof(*state));

	for (unsigned w = 0; w < workers; w++)
		for (unsigned r = 0; r < nrules; r++)
			if (rules[r]->worker_state_size)
				state[w * nrules + r] = xcalloc(1, rules[r]->worker_state_size);
	return state;
}

static void rule_states_free(void **state, unsigned nrules, unsigned workers)
{
	for (size_t i = 0; i < (size_t)workers * nrules; i++)
		free(state[i]);
	free(state);
}

/* "check-then-act, double-fetch, ...", for an error message (the process exits). */
static const char *rule_names(void)
{
	static struct sbuf b;

	for (unsigned i = 0; i < rule_count; i++)
		sb_printf(&b, "%s%s", i ? ", " : "", rule_table[i]->name);
	return sb_str(&b);
}

static unsigned select_rules(const struct options *o, const struct rule **out)
{
	unsigned n = 0;

	if (!o->rules) {
		for (unsigned i = 0; i < rule_count; i++)
			out[n++] = rule_table[i];
		return n;
	}
	{
		char *list = xstrdup(o->rules), *save = NULL;

		for (char *t = strtok_r(list, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
			const struct rule *r = rule_by_name(t);
			bool dup = false;

			if (!r)
				fatal("--rules: no rule '%s' (rules: %s)", t, rule_names());
			for (unsigned i = 0; i < n; i++)
				dup |= out[i] == r;
			if (!dup)
				out[n++] = r;
		}
		free(list);
	}
	/* an empty list (-r "" from an unset variable) would check nothing and pass */
	if (!n)
		fatal("--rules: the list names no rule (rules: %s)", rule_names());
	return n;
}

/* Only the files a rule can use are parsed when every selected rule allows it. */
static bool wants_prefilter(const struct options *o, const struct rule **rules, unsigned n)
{
	if (o->no_prefilter || o->parse_only || !n)
		return false;
	for (unsigned i = 0; i < n; i++)
		if (!rules[i]->from_shared_sources)
			return false;
	return true;
}

static void list_rules(void)
{
	for (unsigned i = 0; i < rule_count; i++)
		printf("%-16s %s\n", rule_table[i]->name, rule_table[i]->summary);
}

/* Print text as lines of at most width columns, breaking at spaces. */
static void print_folded(const char *text, size_t width)
{
	const char *p = text;

	while (*p) {
		size_t n = strlen(p), cut = n;

		if (n > width) {
			cut = width;
			while (cut > 0 && p[cut] != ' ')
				cut--;
			if (!cut)
				cut = width;
		}
		{
			size_t shown = cut;

			while (shown && p[shown - 1] == ' ')
				shown--;
			printf("%.*s\n", (int)shown, p);
		}
		p += cut;
		while (*p == ' ')
			p++;
	}
}

/*
 * --explain RULE: what a user asks of a finding's rule, in one place: what
 * it finds and why it matters (its help), how a finding reads, how to fix
 * and how to tell tocsin a race is meant.
 */
static int explain_rule(const char *name)
{
	for (unsigned i = 0; i < rule_count; i++) {
		const struct rule *r = rule_table[i];

		if (strcmp(r->name, name))
			continue;
		char *title = xasprintf("%s: %s", r->name, r->summary);

		print_folded(title, 78);
		free(title);
		printf("\n");
		{
			char *help = rule_help_text(r);

			print_folded(help, 78);
			free(help);
		}
		printf("\n");
		printf("A finding has a severity (note, low, medium, high, critical) from what the\n"
		       "value involved can reach (its impact: benign, host-warn, guest-state,\n"
		       "host-control, host-memory), a trigger (who races: another thread, user space,\n"
		       "a guest), a confidence (confident, or possible: hidden unless --all, with the\n"
		       "reason), and sites (each access, writer, check, flow step) to read it by.\n\n");
		printf("If the race is intended, say so in the source, on the finding's line or the\n"
		       "line above:\n\n    /* tocsin: ignore %s: REASON */\n\n"
		       "The finding is then acknowledged, and shown only with --show-acknowledged.\n",
		       r->name);
		return 0;
	}
	fatal("--explain: no rule named '%s' (rules: %s)", name, rule_names());
	return 2;
}

/*
 * The shipped profiles the run uses: --profile's, else those of the
 * codebase the scan is in (tree_kind.h), said once on stderr, else all.
 */
static struct tree_kind scanned_tree;
static bool scanned_tree_known;

static const char *chosen_profiles(const struct options *o)
{
	if ((o->dump_ir || o->dump_ast) && !o->npaths) {
		/* --dump-ir FILE[:FN], --dump-ast FILE: the file's tree, as a scan of it sees */
		char *file = xstrdup(o->dump_ir ? o->dump_ir : o->dump_ast), *colon = strrchr(file, ':');
		const char *one[1] = { file };
		struct stat st;

		if (stat(file, &st) < 0 && colon)
			*colon = '\0';
		scanned_tree_known = tree_kind_detect(one, 1, &scanned_tree);
		free(file);
	} else {
		scanned_tree_known =
			tree_kind_detect((const char *const *)o->paths, o->npaths, &scanned_tree);
	}
	if (o->profiles)
		return o->profiles;
	if (!scanned_tree_known)
		return NULL;
	if (!o->quiet)
		fprintf(stderr, "tocsin: %s tree (%s): profiles %s\n", scanned_tree.name,
			scanned_tree.marker, scanned_tree.profiles);
	return scanned_tree.profiles;
}

/* Is every path scanned the known tree's root itself (the whole tree)? */
static bool scans_tree_root(const struct options *o)
{
	bool all = o->npaths > 0 && scanned_tree.root[0];

	for (uint32_t i = 0; all && i < o->npaths; i++) {
		char *real = realpath(o->paths[i], NULL);

		all = real && !strcmp(real, scanned_tree.root);
		free(real);
	}
	return all;
}

/*
 * The --exclude globs, and the tree's directories that are not its code
 * when the whole tree is scanned (Linux's tools/ and scripts/), said on
 * stderr.  Excludes are relative to each scanned path, which is the
 * tree's root then.
 */
static const char **scope_excludes(const struct options *o, uint32_t *n)
{
	const char **v = xmalloc(sizeof(*v) * (o->nexcludes + 4));

	if (o->nexcludes)
		memcpy(v, o->excludes, sizeof(*v) * o->nexcludes);
	*n = o->nexcludes;
	if (!scanned_tree_known || !scanned_tree.noutside)
		return v;
	for (unsigned i = 0; i < scanned_tree.noutside; i++)
		v[(*n)++] = scanned_tree.outside[i];
	if (!o->quiet) {
		fprintf(stderr, "tocsin: %s tree: left out:", scanned_tree.name);
		for (unsigned i = 0; i < scanned_tree.noutside; i++)
			fprintf(stderr, " %s", scanned_tree.outside[i]);
		fprintf(stderr, " (not the tree's own code; scan them by name to include them)\n");
	}
	return v;
}

static void list_profiles(void)
{
	struct profile_set s = {0};

	profile_load(&s, NULL, NULL, 0);
	for (uint32_t i = 0; i < s.profiles.n; i++)
		printf("%-12s %s\n", sym_str(s.profiles.v[i].name),
		       s.profiles.v[i].description ? s.profiles.v[i].description : "");
	profile_set_free(&s);
}

static FILE *open_output(const struct options *o)
{
	FILE *out;

	if (!o->output || !strcmp(o->output, "-"))
		return stdout;
	out = fopen(o->output, "w");
	if (!out)
		fatal("-o %s: %s", o->output, strerror(errno));
	return out;
}

static void close_output(const struct options *o, FILE *out)
{
	if (fflush(out) != 0 || ferror(out))
		fatal("%s: write error: %s", o->output ? o->output : "stdout", strerror(errno));
	if (out != stdout && fclose(out) != 0)
		fatal("%s: %s", o->output, strerror(errno));
}

/* Was the file named on the command line, rather than found in a walk? */
static bool is_operand(const struct options *o, const char *path)
{
	for (uint32_t i = 0; i < o->npaths; i++)
		if (!strcmp(o->paths[i], path))
			return true;
	return false;
}

/*
 * Parse and lower a list of files, skimming each as its plan says (NULL:
 * parse all); units are in file order.
 */
static struct unit *load_units(const struct options *o, const struct cache *cache,
			       struct file_list *files, const struct skim_plan *skim,
			       struct run_stats *st, uint32_t *nunits)
{
	struct parse_job j = { .o = o, .cache = cache, .files = files, .skim = skim };
	struct unit *units;
	uint32_t n = 0;

	j.results = xcalloc(files->n + 1, sizeof(*j.results));
	j.start = now_seconds();
	atomic_init(&j.done, 0);
	pthread_mutex_init(&j.progress_lock, NULL);
	pool_run(o->jobs, files->n, parse_one, &j);
	end_progress(o, j.start);
	pthread_mutex_destroy(&j.progress_lock);
	units = xcalloc(files->n + 1, sizeof(*units));
	for (uint32_t i = 0; i < files->n; i++) {
		struct file_result *r = &j.results[i];

		switch (r->status) {
		case SOURCE_OK:
			units[n++] = r->unit;
			st->files_scanned++;
			st->bytes += r->unit.bytes;
			st->funcs += r->unit.nfuncs;
			st->funcs_partial += r->unit.nfuncs_partial;
			for (unsigned k = 0; k < PARTIAL_REASONS; k++)
				st->partial[k] += r->unit.npartial[k];
			st->files_partial += r->unit.tree_has_error;
			st->lost_bodies += r->unit.nlost_bodies;
			st->cache_hits += r->cached;
			st->bodies_skimmed += r->bodies_skimmed;
			break;
		case SOURCE_BINARY:
			st->skipped[SKIP_BINARY]++;
			warnx_("%s: skipped: %s", files->paths[i], r->reason);
			st->input_errors += is_operand(o, files->paths[i]);
			break;
		case SOURCE_TOO_BIG:
			st->skipped[SKIP_TOO_BIG]++;
			warnx_("%s: skipped: %s", files->paths[i], r->reason);
			st->input_errors += is_operand(o, files->paths[i]);
			break;
		case SOURCE_UNREADABLE:
			st->skipped[SKIP_UNREADABLE]++;
			warnx_("%s: skipped: %s", files->paths[i], r->reason);
			st->input_errors++;
			break;
		}
	}
	free(j.results);
	*nunits = n;
	return units;
}

/*
 * The absolute form of path, whose tail may not exist yet: the real path
 * of its longest existing ancestor, then the rest as written.
 */
static char *absolute_path(const char *path)
{
	size_t len = strlen(path);
	char *p = xstrdup(path);

	for (;;) {
		char *real;

		p[len] = '\0';
		real = realpath(len ? p : path[0] == '/' ? "/" : ".", NULL);
		if (real) {
			const char *rest = path + len + (path[len] == '/');
			char *out = *rest ? xasprintf("%s%s%s", real,
						      str_ends(real, "/") ? "" : "/", rest)
					  : xstrdup(real);

			free(real);
			free(p);
			return out;
		}
		if (!len) {	/* not even "." resolves: the cwd is gone */
			free(p);
			return xstrdup(path);
		}
		while (len && p[len - 1] != '/')
			len--;
		while (len && p[len - 1] == '/')
			len--;
	}
}

/* The scanned operand dir lies in, or NULL: a cache there would write into the tree. */
static const char *scanned_tree_holding(const struct options *o, const char *dir)
{
	char *abs = absolute_path(dir);
	const char *hit = NULL;

	for (uint32_t i = 0; i < o->npaths && !hit; i++) {
		char *root = realpath(o->paths[i], NULL);
		size_t n = root ? strlen(root) : 0;

		if (root && (!strcmp(root, "/") ||
			     (!strncmp(abs, root, n) && (abs[n] == '/' || !abs[n]))))
			hit = o->paths[i];
		free(root);
	}
	free(abs);
	return hit;
}

/*
 * Open the cache a scan reads and writes.  A --cache-dir that cannot be
 * used is an error; the default directory that cannot be is only a warning,
 * and the scan goes on uncached.
 */
static bool open_cache(const struct options *o, struct cache *c)
{
	char *dir;
	const char *tree;
	char err[256];

	if (o->no_cache || o->parse_only)
		return false;
	dir = o->cache_dir ? xstrdup(o->cache_dir) : cache_default_dir();
	if (!dir) {
		warnx_("no cache: neither XDG_CACHE_HOME nor HOME is set (--cache-dir DIR to choose one)");
		return false;
	}
	tree = scanned_tree_holding(o, dir);
	if (tree && o->cache_dir)
		fatal("--cache-dir %s: inside the scanned tree %s; tocsin never writes there", dir, tree);
	if (tree) {
		warnx_("cache %s: inside the scanned tree %s; scanning without a cache", dir, tree);
		free(dir);
		return false;
	}
	if (!cache_open(c, dir, err, sizeof(err))) {
		if (o->cache_dir)
			fatal("--cache-dir %s: %s", dir, err);
		warnx_("cache %s: %s; scanning without a cache", dir, err);
		free(dir);
		return false;
	}
	free(dir);
	return true;
}

static int dump_ir(struct options *o)
{
	char *arg = xstrdup(o->dump_ir), *fn = NULL;
	struct stat st;
	struct file_list files;
	struct discover_opts dop = { o->excludes, o->nexcludes, o->max_file_size };
	struct run_stats stats = {0};
	struct unit *units;
	uint32_t nunits;
	struct index idx;
	struct sbuf out = {0};
	char err[512];
	const char **roots;
	bool found = false;

	if (stat(arg, &st) < 0) {
		char *colon = strrchr(arg, ':');

		if (colon) {
			*colon = '\0';
			fn = colon + 1;
		}
	}
	if (stat(arg, &st) < 0)
		fatal("--dump-ir %s: %s", arg, strerror(errno));
	/* the file, plus any paths given for context (struct layouts, callers) */
	roots = xmalloc(sizeof(char *) * (o->npaths + 1));
	roots[0] = arg;
	for (uint32_t i = 0; i < o->npaths; i++)
		roots[i + 1] = o->paths[i];
	if (!discover(roots, o->npaths + 1, &dop, &files, err, sizeof(err)))
		fatal("%s", err);
	units = load_units(o, NULL, &files, NULL, &stats, &nunits);
	index_build(&idx, units, nunits, o->jobs);
	for (uint32_t u = 0; u < nunits; u++) {
		if (strcmp(sym_str(units[u].path), arg) != 0)
			continue;
		for (uint32_t k = 0; k < units[u].nfuncs; k++) {
			const struct ir_func *f = &units[u].funcs[k];

			if (fn && strcmp(sym_str(f->name), fn) != 0)
				continue;
			ir_dump_func(&out, f, &idx);
			found = true;
		}
	}
	fputs(sb_str(&out), stdout);
	sb_free(&out);
	if (!found)
		fatal("--dump-ir: no function %s%s in %s", fn ? fn : "", fn ? "" : "at all", arg);
	free(roots);
	free(arg);
	return 0;
}

static int dump_ast(const struct options *o)
{
	struct source src;
	struct sbuf out = {0};
	char err[256];

	if (source_load(&src, o->dump_ast, UINT64_MAX, err, sizeof(err)) != SOURCE_OK)
		fatal("--dump-ast %s: %s", o->dump_ast, err);
	/* the copy the parser reads: annotations blanked, type arguments made words */
	frontend_syntax_tree(src.parse_text, src.len, &out);
	fputs(sb_str(&out), stdout);
	sb_free(&out);
	source_free(&src);
	return 0;
}

/* Where the IR's memory goes, array by array: the input to making it smaller. */
static void print_ir_sizes(const struct unit *units, uint32_t nunits)
{
#define IR_SIZE_COUNT(arr, n) uint64_t arr = 0;
	IR_FUNC_ARRAYS(IR_SIZE_COUNT)
	uint64_t nfuncs = 0, used = 0, reserved = 0;

	for (uint32_t u = 0; u < nunits; u++) {
		used += units[u].arena.used_total;
		reserved += arena_reserved(&units[u].arena);
		for (uint32_t i = 0; i < units[u].nfuncs; i++) {
			const struct ir_func *f = &units[u].funcs[i];

#define IR_SIZE_ADD(arr, n) arr += f->n;
			IR_FUNC_ARRAYS(IR_SIZE_ADD)
			nfuncs++;
		}
	}
	fprintf(stderr, "ir: arenas hold %" PRIu64 " MiB, reserve %" PRIu64 " MiB; strings %zu MiB\n",
		used >> 20, reserved >> 20, intern_bytes() >> 20);
	fprintf(stderr, "ir: %" PRIu64 " functions, %" PRIu64 " MiB of ir_func\n", nfuncs,
		nfuncs * sizeof(struct ir_func) >> 20);
#define IR_SIZE_PRINT(arr, n) \
	fprintf(stderr, "ir: %-12s %12" PRIu64 " x %2zu bytes = %6" PRIu64 " MiB\n", #arr, arr, \
		sizeof(*((struct ir_func *)0)->arr), arr * sizeof(*((struct ir_func *)0)->arr) >> 20);
	IR_FUNC_ARRAYS(IR_SIZE_PRINT)
#undef IR_SIZE_COUNT
#undef IR_SIZE_ADD
#undef IR_SIZE_PRINT
}

int run(struct options *o)
{
	struct run_stats st = {0};
	struct discover_opts dop;
	const char **scope;
	uint32_t nscope;
	struct file_list files;
	struct skim_plan *skim = NULL;
	struct profile_set prof = {0};
	const struct rule *rules[64];
	unsigned nrules;
	struct unit *units;
	uint32_t nunits;
	struct index idx;
	struct finding_list all = {0}, shown = {0};
	struct rule_job rj;
	struct cache cache;
	struct scope sc;
	uint8_t *checked = NULL;
	char err[512];
	double start = now_seconds();
	int status;
	FILE *out;

	if (!o->jobs)
		o->jobs = online_cpus();
	if (o->list_rules) {
		list_rules();
		return 0;
	}
	if (o->explain) {
		/* the help names the marked accesses of the profile chosen (--profile, or the tree's) */
		profile_load(&prof, chosen_profiles(o), o->profile_files, o->nprofile_files);
		return explain_rule(o->explain);
	}
	if (o->list_profiles) {
		list_profiles();
		return 0;
	}
	nrules = select_rules(o, rules);
	profile_load(&prof, chosen_profiles(o), o->profile_files, o->nprofile_files);
	if (o->dump_ast)
		return dump_ast(o);
	if (o->dump_ir)
		return dump_ir(o);

	scope = scope_excludes(o, &nscope);
	memset(&dop, 0, sizeof(dop));
	dop.excludes = scope;
	dop.nexcludes = nscope;
	dop.max_size = o->max_file_size;
	scope_init(&sc, o, scanned_tree_known ? &scanned_tree : NULL);
	if (o->diff_rev)
		changed_lines_check(o->diff_rev, o->paths, o->npaths);
	if (!discover(o->paths, o->npaths, &dop, &files, err, sizeof(err)))
		fatal("%s", err);
	project_init(o->paths, o->npaths, sc.root);
	memcpy(st.skipped, files.skipped, sizeof(st.skipped));
	st.input_errors = files.operands_skipped + (uint32_t)files.skipped[SKIP_UNREADABLE];
	if (!files.n && !st.input_errors) {
		struct sbuf b = {0};

		for (uint32_t i = 0; i < o->npaths; i++)
			sb_printf(&b, "%s%s", i ? ", " : "", o->paths[i]);
		fatal("nothing to scan: no .c or .h file in %s", sb_str(&b));
	}
	if (sc.root && files.n)
		context_add(sc.mode, sc.root, sc.paths, sc.npaths, sc.tree->not_code,
			    sc.tree->nnot_code, o->max_file_size, &files);
	phase_mark("start");
	o->whole_files = !wants_prefilter(o, rules, nrules);
	/*
	 * The whole tree is read only when a tree is known and read whole
	 * around what was scanned: with no tree known, a directory may be a
	 * part of one whose other files define and call what it does not.
	 */
	o->whole_tree = o->whole_files && scanned_tree_known &&
			((sc.root && sc.mode == CONTEXT_TREE) || scans_tree_root(o));
	if (!o->whole_files) {
		struct prefilter_stats ps;

		prefilter_files(&files, &prof, o->depth, o->jobs, &ps, &skim);
		st.prefilter_files = ps.files;
		st.prefilter_kept = ps.kept;
		st.prefilter_bodies = ps.bodies;
		st.prefilter_in_part = ps.files_in_part;
		phase_mark("prefilter");
	}
	st.cache_used = open_cache(o, &cache);
	units = load_units(o, st.cache_used ? &cache : NULL, &files, skim, &st, &nunits);
	skim_plans_free(skim, files.n);
	if (st.cache_used)
		cache_close(&cache);
	for (uint32_t u = 0; sc.root && u < nunits; u++)
		st.context_files += !scope_holds(&sc, units[u].path);
	st.context_root = sc.root;
	st.context_mode = context_mode_name(sc.mode);
	phase_mark("parse and lower");
	if (phases_enabled())
		print_ir_sizes(units, nunits);
	if (o->parse_only) {
		st.wall_seconds = now_seconds() - start;
		if (!o->quiet)
			report_summary(stderr, &st);
		return st.input_errors ? 2 : 0;
	}
	index_build(&idx, units, nunits, o->jobs);
	phase_mark("index");

	rj = (struct rule_job){ .o = o, .idx = &idx, .prof = &prof, .rules = rules,
				.nrules = nrules };
	if (sc.root)
		rj.checked = checked = scope_checked_functions(&sc, &idx, o->depth);
	rj.out = xcalloc(o->jobs + 1, sizeof(*rj.out));
	rj.state = rule_states(rules, nrules, o->jobs);
	for (unsigned r = 0; r < nrules; r++)
		if (rules[r]->prepare) {
			char what[64];

			rules[r]->prepare(&idx, &prof);
			snprintf(what, sizeof(what), "rules: prepare %s", rules[r]->name);
			phase_mark(what);
		}
	pool_run(o->jobs, idx.nfuncs, check_one, &rj);
	phase_mark("rules: checks");
	for (unsigned w = 0; w < o->jobs; w++)
		finding_list_append(&all, &rj.out[w]);
	free(rj.out);
	rule_states_free(rj.state, nrules, o->jobs);
	for (unsigned r = 0; r < nrules; r++)
		if (rules[r]->finish)
			rules[r]->finish();
	st.rules_run = nrules;
	phase_mark("rules");

	triage_all(&all, &idx, &prof, o);
	scope_keep_findings(&sc, &all);
	finding_list_sort(&all);

	if (o->verify) {
		struct file_list scoped = files;

		/* expectations are read in the scanned files only */
		scoped.paths = xmalloc(sizeof(char *) * (files.n + 1));
		scoped.n = 0;
		for (uint32_t i = 0; i < files.n; i++)
			if (!sc.root || context_in_scope(files.paths[i], sc.paths, sc.npaths))
				scoped.paths[scoped.n++] = files.paths[i];
		status = verify_findings(&all, &scoped, &idx);
		free(scoped.paths);
		goto done;
	}
	phase_mark("triage");
	{
		struct triage_hidden hidden = {0};

		triage_filter(&all, &shown, o, &hidden);
		st.in_baseline = hidden.in_baseline;
		st.outside_diff = hidden.outside_diff;
		st.acknowledged_hidden = hidden.acknowledged;
		st.below_severity = hidden.below_severity;
		st.possible_hidden = hidden.possible;
		/* the most frequent reasons; the summary counts the rest together */
		st.ndoubts = hidden.ndoubts < DOUBTS_COUNTED ? hidden.ndoubts : DOUBTS_COUNTED;
		memcpy(st.doubts, hidden.doubts, sizeof(st.doubts));
	}
	st.findings = shown.n;
	st.wall_seconds = now_seconds() - start;

	out = open_output(o);
	switch (o->format) {
	case FORMAT_TEXT:
		report_text(out, &shown, o);
		break;
	case FORMAT_JSON:
		report_json(out, &shown, &st, o);
		break;
	case FORMAT_SARIF:
		report_sarif(out, &shown, &st, o);
		break;
	case FORMAT_HTML:
		report_html(out, &shown, &st, o);
		break;
	}
	close_output(o, out);
	phase_mark("report");
	if (!o->quiet)
		report_summary(stderr, &st);
	status = st.input_errors ? 2 : shown.n ? 1 : 0;
done:
	free(shown.v);
	finding_list_free(&all);
	index_free(&idx);
	for (uint32_t u = 0; u < nunits; u++)
		unit_free(&units[u]);
	free(units);
	file_list_free(&files);
	free(scope);
	free(checked);
	scope_free(&sc);
	profile_set_free(&prof);
	return status;
}
