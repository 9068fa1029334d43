#include "input/prefilter.h"
#include "input/lexscan.h"
#include "base/pool.h"
#include "profile/profile.h"
#include "base/util.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* How much deeper than --depth the triage follows a value (flow.c). */
#define FLOW_EXTRA_DEPTH 3

/* Why a file is kept (bits of keep[]). */
enum {
	KEEP_SOURCE = 1,	/* it mentions a shared-memory source */
	KEEP_REACHED = 2,	/* it defines a function reached */
	KEEP_TYPES = 4,		/* it defines a struct, typedef or global taken */
	KEEP_CALLER = 8,	/* it names an entry-point candidate */
};

/* A definition, in one table sorted by name for lookups. */
struct def_entry {
	uint64_t name;
	uint32_t file;
	uint32_t def;		/* index in that file's lex_facts.defs */
};

typedef VEC(const char *) str_vec;
/* function definitions to visit: file << 32 | index in its lex_facts.defs */
typedef VEC(uint64_t) def_queue;

struct scan_job {
	const struct file_list *files;
	struct lex_facts *facts;
	uint64_t *sizes;
	uint8_t *unscanned;	/* could not be read: kept, for the run to report */
	const char **prefixes;
	uint32_t nprefixes;
	/*
	 * Whether each file names a shared-memory source: asked by the
	 * workers, after each scan, since every file's names are read.
	 */
	const struct lex_set *sources;
	uint8_t *names_source;
	/* the entry-point candidates: whether a file not kept names one */
	const struct lex_set *roots;
	const uint8_t *keep;
	uint8_t *names_root;
};

/* Is one of the n name hashes at h in the set? */
static bool mentions_one_of(const uint64_t *h, uint32_t n, const struct lex_set *names)
{
	for (uint32_t m = 0; m < n && names->n; m++)
		if (lex_set_has(names, h[m]))
			return true;
	return false;
}

/* What a function's declaration and body mention: is one of them in the set? */
static bool mentions_any(const struct lex_facts *fx, const struct lex_def *def,
			 const struct lex_set *names)
{
	return mentions_one_of(fx->fmentions + def->fmentions_start, def->nfmentions, names);
}

/* What a file mentions: is one of them in the set? */
static bool mentions_file(const struct lex_facts *fx, const struct lex_set *names)
{
	return mentions_one_of(fx->mentions, fx->nmentions, names);
}

static void scan_one(void *ctx, uint32_t i, unsigned worker)
{
	struct scan_job *j = ctx;
	int fd = open(j->files->paths[i], O_RDONLY | O_CLOEXEC);
	struct stat st;
	char *buf;
	size_t got = 0;

	(void)worker;
	if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		if (fd >= 0)
			close(fd);
		j->unscanned[i] = 1;
		return;
	}
	j->sizes[i] = (uint64_t)st.st_size;
	buf = xmalloc((size_t)st.st_size + 1);
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);

		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	if (got != (size_t)st.st_size) {
		j->unscanned[i] = 1;
	} else {
		lex_scan(buf, got, j->prefixes, j->nprefixes, &j->facts[i]);
		j->names_source[i] = j->facts[i].prefix_hit || mentions_file(&j->facts[i], j->sources);
	}
	free(buf);
}

static void find_callers(void *ctx, uint32_t i, unsigned worker)
{
	struct scan_job *j = ctx;

	(void)worker;
	j->names_root[i] = !j->keep[i] && mentions_file(&j->facts[i], j->roots);
}

/*
 * Definitions grouped by name, and where each name's group starts, found
 * by hashing the name: the prefilter asks this of every call and
 * every name a reached function mentions, and a binary search through a
 * few million entries was most of its single-threaded time.
 */
struct def_table {
	VEC(struct def_entry) e;
	uint64_t *keys;		/* a name (lex_hash() is never 0), 0: empty */
	uint32_t *start;	/* its first entry */
	uint32_t cap;		/* a power of two */
};

/* The slot of name in t's index, empty if it is not there. */
static uint32_t def_slot(const struct def_table *t, uint64_t name)
{
	uint32_t k;

	for (k = (uint32_t)name & (t->cap - 1); t->keys[k] && t->keys[k] != name;
	     k = (k + 1) & (t->cap - 1))
		;
	return k;
}

/*
 * Group the entries by name, keeping their order (file, then definition)
 * within each name, and index the groups: a counting sort through the
 * index itself, where sorting the whole table took most of this phase.
 */
static void def_table_index(struct def_table *t)
{
	struct def_entry *grouped;
	uint32_t *count, at = 0;

	for (t->cap = 16; t->cap < 2 * (uint64_t)t->e.n; t->cap *= 2)
		;
	t->keys = xcalloc(t->cap, sizeof(*t->keys));
	t->start = xmalloc(sizeof(*t->start) * t->cap);
	count = xcalloc(t->cap, sizeof(*count));
	for (uint32_t i = 0; i < t->e.n; i++) {
		uint32_t k = def_slot(t, t->e.v[i].name);

		t->keys[k] = t->e.v[i].name;
		count[k]++;
	}
	for (uint32_t k = 0; k < t->cap; k++) {
		t->start[k] = at;
		at += count[k];
		count[k] = t->start[k];
	}
	grouped = xmalloc(sizeof(*grouped) * (t->e.n + 1));
	for (uint32_t i = 0; i < t->e.n; i++)
		grouped[count[def_slot(t, t->e.v[i].name)]++] = t->e.v[i];
	free(t->e.v);
	t->e.v = grouped;
	t->e.cap = t->e.n + 1;
	free(count);
}

static void def_table_free(struct def_table *t)
{
	vec_free(&t->e);
	free(t->keys);
	free(t->start);
}

/* The entries named `name`: [*lo, return value), empty when none. */
static uint32_t defs_named(const struct def_table *t, uint64_t name, uint32_t *lo)
{
	uint32_t k = def_slot(t, name), b;

	if (!t->keys[k]) {
		*lo = 0;
		return 0;
	}
	*lo = b = t->start[k];
	while (b < t->e.n && t->e.v[b].name == name)
		b++;
	return b;
}

/* Can a call from another file reach definition k: not static, unless in a header? */
static bool def_callable_elsewhere(const struct scan_job *j, const struct file_list *files,
				   const struct def_entry *e)
{
	return !j->facts[e->file].defs[e->def].is_static || str_ends(files->paths[e->file], ".h");
}

/*
 * Where the definitions a call from file `from` may reach are, as
 * index_lookup_function() sees them: the caller's own file (*own), else
 * the non-static ones (static only in a header) in the nearest
 * directory, `*len` of it shared with the caller.  Between those the
 * index still chooses (generic before an architecture's, exported
 * first), so every one of them is kept.  False: none.
 */
static bool resolve_call(const struct scan_job *j, const struct file_list *files,
			 const struct def_table *funcs, uint64_t name, uint32_t from, bool *own,
			 size_t *len)
{
	uint32_t lo, hi = defs_named(funcs, name, &lo);
	bool any = false;

	*own = false;
	*len = 0;
	for (uint32_t k = lo; k < hi; k++) {
		uint32_t g = funcs->e.v[k].file;
		size_t l;

		if (g == from) {
			*own = true;
			return true;
		}
		if (!def_callable_elsewhere(j, files, &funcs->e.v[k]))
			continue;
		l = common_dir_prefix(files->paths[g], files->paths[from]);
		if (!any || l > *len)
			*len = l;
		any = true;
	}
	return any;
}

/*
 * Queue, at distance `at`, the definitions a call of `name` from file `from`
 * reaches, unless they are known nearer already.  A definition first found
 * far (from calls outside any body) is queued again when found nearer, so
 * the order of the queue cannot cut a chain short at the depth limit.
 */
static void reach_callees(const struct scan_job *j, const struct file_list *files,
			  const struct def_table *funcs, uint64_t name, uint32_t from, uint32_t at,
			  const uint32_t *base, uint32_t *dist, def_queue *queue)
{
	uint32_t lo, hi;
	bool own;
	size_t len;

	if (!resolve_call(j, files, funcs, name, from, &own, &len))
		return;
	hi = defs_named(funcs, name, &lo);
	for (uint32_t k = lo; k < hi; k++) {
		const struct def_entry *e = &funcs->e.v[k];
		uint32_t g = e->file, *dd = &dist[base[g] + e->def];

		if (own ? g != from :
			  !def_callable_elsewhere(j, files, e) ||
				  common_dir_prefix(files->paths[g], files->paths[from]) != len)
			continue;
		if (*dd <= at)
			continue;
		*dd = at;
		vec_push(queue, ((uint64_t)g << 32) | e->def);
	}
}

/* The last segment of a dotted field chain: "sev_es.ghcb" -> "ghcb". */
static uint64_t last_segment_hash(const char *s)
{
	const char *dot = strrchr(s, '.');

	s = dot ? dot + 1 : s;
	return lex_hash(s, strlen(s));
}

/* "struct x" -> hash of "x" */
static uint64_t tag_hash(const char *s)
{
	const char *sp = strrchr(s, ' ');

	s = sp ? sp + 1 : s;
	return lex_hash(s, strlen(s));
}

/*
 * The names whose mention makes a file a place shared memory enters, and
 * the tags of the shared types (a function taking one may be an entry).
 */
static void source_names(const struct profile_set *prof, struct lex_set *names,
			 struct lex_set *shared_tags, struct lex_set *stored, str_vec *prefixes)
{
	for (uint32_t i = 0; i < prof->rules.n; i++) {
		const struct profile_rule *r = &prof->rules.v[i];
		const char *n = sym_str(r->name);

		switch (r->kind) {
		case PR_SHARED_RETURN:
		case PR_SHARED_OUT:
		case PR_SHARED_PARAM:
			/*
			 * a shared-map function, or a mapping that fills a member
			 * of its out-parameter (kvm_vcpu_map(.., &obj->map): obj's
			 * map.hva, kept past the call): the pointer may be kept
			 * in a field, read by any function of the file
			 */
			if (((r->kind == PR_SHARED_RETURN && r->stored) || r->kind == PR_SHARED_OUT) &&
			    !r->prefix)
				lex_set_add(stored, lex_hash(n, strlen(n)));
			if (r->prefix)
				vec_push(prefixes, n);
			else
				lex_set_add(names, lex_hash(n, strlen(n)));
			break;
		case PR_SHARED_PAGES:
			/* the pages' array is kept in a field, read by any function of the file */
			lex_set_add(stored, lex_hash(n, strlen(n)));
			lex_set_add(names, lex_hash(n, strlen(n)));
			break;
		case PR_SHARED_FIELD:
			lex_set_add(names, last_segment_hash(sym_str(r->field)));
			break;
		case PR_SHARED_TYPE:
			lex_set_add(names, tag_hash(sym_str(r->strct)));
			lex_set_add(shared_tags, tag_hash(sym_str(r->strct)));
			break;
		case PR_HANDLER_REGISTER:
		case PR_HANDLER_UNREGISTER:
		case PR_LOCKDOWN_NOTIFY:
			/*
			 * the file that registers a handler says which functions are
			 * handlers, and the lockdown callbacks that unregister some
			 */
			lex_set_add(names, lex_hash(n, strlen(n)));
			break;
		case PR_FETCH:
			/*
			 * a copy from an address held as an integer (a
			 * guest-physical one) is a source of its own; one from a
			 * pointer is found through the pointer's source, unless
			 * the copy only ever reads shared memory (always-shared)
			 */
			if (r->by_value || r->always_shared)
				lex_set_add(names, lex_hash(n, strlen(n)));
			break;
		case PR_SHARED_HANDLE:
		case PR_SHARED_PARAM_NAME:
			/* a function that names the handle type (or parameter) may take one */
			lex_set_add(names, lex_hash(n, strlen(n)));
			lex_set_add(shared_tags, lex_hash(n, strlen(n)));
			break;
		default:
			break;
		}
	}
	if (prof->any_user_pointers)
		for (size_t i = 0; i < idiom_user_word_count(); i++)
			lex_set_add(names, lex_hash(idiom_user_word(i), strlen(idiom_user_word(i))));
}

/* The privilege checks an opener may make, if any profile names an opener. */
static void privilege_names(const struct profile_set *prof, struct lex_set *names)
{
	bool openers = false;

	for (uint32_t i = 0; i < prof->rules.n; i++)
		openers |= prof->rules.v[i].kind == PR_PRIVILEGE_OPENER;
	for (uint32_t i = 0; openers && i < prof->rules.n; i++) {
		const char *n = sym_str(prof->rules.v[i].name);

		if (prof->rules.v[i].kind == PR_PRIVILEGE)
			lex_set_add(names, lex_hash(n, strlen(n)));
	}
}

/*
 * The functions a rule asks who calls (file-trigger: a Xen frontend's
 * registration says who the other end is): a body that calls one is read.
 */
static void called_names(const struct profile_set *prof, struct lex_set *names)
{
	for (uint32_t i = 0; i < prof->rules.n; i++) {
		const char *n = sym_str(prof->rules.v[i].name);

		if (prof->rules.v[i].kind == PR_FILE_TRIGGER)
			lex_set_add(names, lex_hash(n, strlen(n)));
	}
}

/*
 * The bodies of a file no rule reads: those of no function reached,
 * naming no entry-point candidate (a call or an address taken there
 * decides whether the candidate is an entry), and, when an ops table's
 * opener can make its members root-only, making no privilege check (one
 * may be the opener) and calling no function of the file where shared
 * memory enters (the member that hands on to it: its callers say whether
 * every way in passes the opener).  The names a scan found for one body
 * are consecutive definitions sharing its offsets.
 */
static struct skim_plan unread_in(const struct lex_facts *fx, const uint32_t *dist,
				  const struct lex_set *entries, const struct lex_set *privileges,
				  const struct lex_set *called, uint32_t *nbodies)
{
	struct skim_plan u = {0};
	uint32_t cap = 0;
	struct lex_set entered = {0};

	for (uint32_t d = 0; privileges->n && d < fx->ndefs; d++)
		if (fx->defs[d].kind == LEX_FUNC && dist[d] == 0)
			lex_set_add(&entered, fx->defs[d].name);

	for (uint32_t d = 0; d < fx->ndefs;) {
		const struct lex_def *def = &fx->defs[d];
		uint32_t e = d + 1;
		bool read;

		if (def->kind != LEX_FUNC || !def->body_close) {
			d++;
			continue;
		}
		read = dist[d] != UINT32_MAX || mentions_any(fx, def, entries) ||
		       mentions_any(fx, def, privileges) || mentions_any(fx, def, called) ||
		       mentions_one_of(fx->fcalls + def->fcalls_start, def->nfcalls, &entered);
		for (; e < fx->ndefs && fx->defs[e].kind == LEX_FUNC &&
		       fx->defs[e].body_open == def->body_open && fx->defs[e].body_close; e++)
			read |= dist[e] != UINT32_MAX;
		++*nbodies;
		if (!read) {
			if (u.nbodies == cap) {
				cap = cap ? cap * 2 : 16;
				u.bodies = xrealloc(u.bodies, sizeof(*u.bodies) * cap);
			}
			u.bodies[u.nbodies++] = (struct body_span){ def->body_open, def->body_close };
		}
		d = e;
	}
	lex_set_free(&entered);
	return u;
}

static int cmp_span(const void *a, const void *b)
{
	const struct text_span *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/*
 * A file kept only for the structs, typedefs and globals taken from it
 * (and naming no entry-point candidate) gives the index nothing else: the
 * parser reads only their declarations, and the directives at file scope,
 * which keep the #if structure and the macros.  False, plan untouched,
 * when the scan could not tell its declarations apart.
 */
static bool reads_of(const struct lex_facts *fx, const uint8_t *taken, struct skim_plan *plan)
{
	VEC(struct text_span) v = {0};
	uint32_t k = 0;

	if (!fx->items_ok)
		return false;
	for (uint32_t d = 0; d < fx->ndefs; d++) {
		if (!taken[d])
			continue;
		if (!fx->defs[d].item_close) {
			vec_free(&v);
			return false;
		}
		vec_push(&v, ((struct text_span){ fx->defs[d].item_open, fx->defs[d].item_close }));
	}
	if (!v.n)
		return false;
	for (uint32_t i = 0; i < fx->ndirectives; i++)
		vec_push(&v, fx->directives[i]);
	sort_n(v.v, v.n, sizeof(*v.v), cmp_span);
	for (uint32_t i = 1; i < v.n; i++) {
		if (v.v[i].start <= v.v[k].end) {
			if (v.v[i].end > v.v[k].end)
				v.v[k].end = v.v[i].end;
		} else {
			v.v[++k] = v.v[i];
		}
	}
	plan->reads = v.v;
	plan->nreads = k + 1;
	return true;
}

void skim_plans_free(struct skim_plan *plans, uint32_t n)
{
	if (!plans)
		return;
	for (uint32_t i = 0; i < n; i++) {
		free(plans[i].bodies);
		free(plans[i].reads);
	}
	free(plans);
}

/* Everything the prefilter works on, from the scan of the files to the choice among them. */
struct prefilter {
	struct scan_job j;
	struct file_list *files;
	uint32_t n;		/* files scanned */
	/* the names that make a file a place shared memory enters, and the shared tags */
	struct lex_set sources, shared_tags;
	/*
	 * The shared-map functions: the pointer they return is kept in a
	 * field, which any function of the file may read
	 */
	struct lex_set stored;
	str_vec prefixes;
	struct def_table funcs, named;	/* the functions defined; the rest */
	/*
	 * Per definition, file f's d-th at base[f] + d: how many calls from
	 * where shared memory enters reach it (UINT32_MAX: none do), and
	 * whether the index takes it as a struct, typedef or global.
	 */
	uint32_t *base, *dist;
	uint8_t *taken_def;
	uint8_t *keep;		/* per file: why it is kept (KEEP_*), 0 if not */
	def_queue queue;
	/* the entry-point candidates; those a file other than theirs can name */
	struct lex_set entries, roots;
	struct lex_set types;	/* the names of the structs, typedefs and globals wanted */
	/*
	 * The privilege checks, when an ops table's opener can make its other
	 * members root-only (privilege-opener): a body that names one may be
	 * that opener, which the rule reads
	 */
	struct lex_set privileges;
	struct lex_set called;
};

typedef VEC(uint64_t) name_vec;

/* Scan every file, in parallel: its names, definitions, and whether it names a source. */
static void scan_files(struct prefilter *pf, const struct profile_set *prof, unsigned jobs)
{
	struct scan_job *j = &pf->j;
	uint32_t n = pf->n;

	source_names(prof, &pf->sources, &pf->shared_tags, &pf->stored, &pf->prefixes);
	privilege_names(prof, &pf->privileges);
	called_names(prof, &pf->called);
	j->facts = xcalloc(n + 1, sizeof(*j->facts));
	j->sizes = xcalloc(n + 1, sizeof(*j->sizes));
	j->unscanned = xcalloc(n + 1, 1);
	j->prefixes = pf->prefixes.v;
	j->nprefixes = pf->prefixes.n;
	j->sources = &pf->sources;
	j->names_source = xcalloc(n + 1, 1);
	pool_run(jobs, n, scan_one, j);
}

/* Every file's definitions, in two tables: the functions, and the rest. */
static void index_definitions(struct prefilter *pf)
{
	const struct lex_facts *facts = pf->j.facts;

	for (uint32_t f = 0; f < pf->n; f++)
		for (uint32_t d = 0; d < facts[f].ndefs; d++) {
			struct def_entry e = { facts[f].defs[d].name, f, d };

			if (facts[f].defs[d].kind == LEX_FUNC)
				vec_push(&pf->funcs.e, e);
			else
				vec_push(&pf->named.e, e);
		}
	def_table_index(&pf->funcs);
	def_table_index(&pf->named);
}

/* Number every file's definitions (base), and make the per-file and per-definition arrays. */
static void number_definitions(struct prefilter *pf)
{
	uint32_t n = pf->n, *base;

	base = pf->base = xmalloc(sizeof(uint32_t) * (n + 1));
	for (uint32_t f = 0, b = 0; f <= n; f++) {
		base[f] = b;
		if (f < n)
			b += pf->j.facts[f].ndefs;
	}
	pf->dist = xmalloc(sizeof(uint32_t) * (base[n] + 1));
	for (uint32_t i = 0; i < base[n]; i++)
		pf->dist[i] = UINT32_MAX;
	pf->keep = xcalloc(n + 1, 1);
	pf->taken_def = xcalloc(base[n] + 1, 1);
}

/*
 * Keep the files that name a source (or could not be scanned), and queue,
 * at distance 0, their functions where shared memory enters.
 */
static void reach_sources(struct prefilter *pf)
{
	const struct scan_job *j = &pf->j;
	uint32_t *base = pf->base, *dist = pf->dist;

	for (uint32_t f = 0; f < pf->n; f++) {
		const struct lex_facts *fx = &j->facts[f];
		bool maps;

		if (!j->unscanned[f] && !j->names_source[f])
			continue;
		pf->keep[f] |= KEEP_SOURCE;
		maps = mentions_file(fx, &pf->stored);
		for (uint32_t d = 0; d < fx->ndefs; d++) {
			const struct lex_def *def = &fx->defs[d];

			if (def->kind != LEX_FUNC)
				continue;
			if (fx->prefix_hit || def->user_params || maps ||
			    mentions_any(fx, def, &pf->sources)) {
				dist[base[f] + d] = 0;
				vec_push(&pf->queue, ((uint64_t)f << 32) | d);
			}
		}
		/* calls in braces outside any body the scan recognised: follow them too */
		for (uint32_t c = 0; c < fx->nocalls; c++)
			reach_callees(j, pf->files, &pf->funcs, fx->ocalls[c], f, 1, base, dist,
				      &pf->queue);
	}
}

/* Follow the queue: keep each function's file, and queue what it calls, up to max_dist. */
static void reach_calls(struct prefilter *pf, uint32_t max_dist)
{
	const struct scan_job *j = &pf->j;
	uint32_t *base = pf->base, *dist = pf->dist;

	for (uint32_t q = 0; q < pf->queue.n; q++) {
		uint32_t f = (uint32_t)(pf->queue.v[q] >> 32), d = (uint32_t)pf->queue.v[q];
		const struct lex_facts *fx = &j->facts[f];
		const struct lex_def *def = &fx->defs[d];
		uint32_t at = dist[base[f] + d];

		pf->keep[f] |= KEEP_REACHED;
		if (at >= max_dist)
			continue;
		for (uint32_t c = 0; c < def->nfcalls; c++)
			reach_callees(j, pf->files, &pf->funcs, fx->fcalls[def->fcalls_start + c],
				      f, at + 1, base, dist, &pf->queue);
		/*
		 * a function of the same file it names without calling: a
		 * callback it hands on (walk(..., handle_one, &state)), which
		 * the callee calls through the pointer
		 */
		for (uint32_t m = 0; m < def->nfmentions; m++) {
			uint32_t lo, hi = defs_named(&pf->funcs, fx->fmentions[def->fmentions_start + m], &lo);

			for (uint32_t k = lo; k < hi; k++) {
				const struct def_entry *e = &pf->funcs.e.v[k];
				uint32_t *dd = &dist[base[e->file] + e->def];

				if (e->file != f || e->def == d || *dd <= at + 1)
					continue;
				*dd = at + 1;
				vec_push(&pf->queue, ((uint64_t)f << 32) | e->def);
			}
		}
	}
}

/*
 * Entry-point candidates: functions where shared memory enters that
 * take __user parameters or may take a shared type.  Every file that
 * names one may decide it, and is kept; but a static one outside a
 * header can only be called or have its address taken in its own
 * file, which is kept already.
 */
static void find_entry_candidates(struct prefilter *pf)
{
	const struct lex_facts *facts = pf->j.facts;
	const uint32_t *base = pf->base, *dist = pf->dist;

	for (uint32_t f = 0; f < pf->n; f++)
		for (uint32_t d = 0; d < facts[f].ndefs; d++) {
			const struct lex_def *def = &facts[f].defs[d];

			if (dist[base[f] + d] != 0 ||
			    !(def->user_params || mentions_any(&facts[f], def, &pf->shared_tags)))
				continue;
			lex_set_add(&pf->entries, def->name);
			if (!(def->is_static && !str_ends(pf->files->paths[f], ".h")))
				lex_set_add(&pf->roots, def->name);
		}
}

/* Want the structs, typedefs and globals named `name`, if there are any and once. */
static void want_type(struct prefilter *pf, uint64_t name, name_vec *want)
{
	uint32_t lo;

	if (defs_named(&pf->named, name, &lo) > lo && lex_set_add(&pf->types, name))
		vec_push(want, name);
}

/* Want what the functions reached name. */
static void want_types_reached(struct prefilter *pf, name_vec *want)
{
	const struct lex_facts *facts = pf->j.facts;
	const uint32_t *base = pf->base, *dist = pf->dist;

	for (uint32_t f = 0; f < pf->n; f++) {
		const struct lex_facts *fx = &facts[f];

		for (uint32_t d = 0; d < fx->ndefs; d++) {
			const struct lex_def *def = &fx->defs[d];

			if (dist[base[f] + d] == UINT32_MAX)
				continue;
			for (uint32_t m = 0; m < def->nfmentions; m++)
				want_type(pf, fx->fmentions[def->fmentions_start + m], want);
		}
	}
}

/* Take the definitions of `name` the index takes: keep their files, want what they name. */
static void take_type(struct prefilter *pf, uint64_t name, name_vec *want)
{
	uint32_t lo, hi = defs_named(&pf->named, name, &lo);
	bool taken[LEX_GLOBAL + 1] = { false };

	/*
	 * The index takes the first global of a name in file order
	 * (index_build), and of a struct or a typedef the first and every
	 * other definition as an alternative, where a member the first lacks
	 * is looked up (one struct pt_regs per architecture): those files
	 * matter.
	 */
	for (uint32_t k = lo; k < hi; k++) {
		const struct def_entry *e = &pf->named.e.v[k];
		const struct lex_facts *fx = &pf->j.facts[e->file];
		const struct lex_def *d = &fx->defs[e->def];

		if ((d->kind == LEX_GLOBAL && (taken[d->kind] || d->is_static)) ||
		    (d->kind == LEX_FUNC && taken[d->kind]))
			continue;
		taken[d->kind] = true;
		pf->keep[e->file] |= KEEP_TYPES;
		pf->taken_def[pf->base[e->file] + e->def] = 1;
		for (uint32_t r = 0; r < d->nrefs; r++)
			want_type(pf, fx->refs[d->refs_start + r], want);
	}
}

/*
 * The types and globals the functions reached name, and theirs.  Only
 * those functions' accesses can be in a finding, so only their field
 * keys must resolve as in a full run; the other functions of a kept
 * file may resolve theirs against other definitions.
 */
static void take_types(struct prefilter *pf)
{
	name_vec want = {0};

	want_types_reached(pf, &want);
	while (want.n)
		take_type(pf, want.v[--want.n], &want);
	vec_free(&want);
}

/* whoever mentions an entry-point candidate may call it */
static void keep_callers(struct prefilter *pf, unsigned jobs)
{
	struct scan_job *j = &pf->j;

	if (!pf->roots.n)
		return;
	j->roots = &pf->roots;
	j->keep = pf->keep;
	j->names_root = xcalloc(pf->n + 1, 1);
	pool_run(jobs, pf->n, find_callers, j);
	for (uint32_t f = 0; f < pf->n; f++)
		if (j->names_root[f])
			pf->keep[f] |= KEEP_CALLER;
	free(j->names_root);
}

/*
 * What the parse of kept file f may skip: the bodies no rule reads, and of
 * a file kept only for the definitions taken from it, all but those.
 */
static struct skim_plan plan_of(const struct prefilter *pf, uint32_t f,
				struct prefilter_stats *st)
{
	const struct lex_facts *fx = &pf->j.facts[f];
	struct skim_plan plan = unread_in(fx, pf->dist + pf->base[f], &pf->entries,
					  &pf->privileges, &pf->called, &st->bodies);

	if (pf->keep[f] == KEEP_TYPES && !mentions_file(fx, &pf->entries))
		st->files_in_part += reads_of(fx, pf->taken_def + pf->base[f], &plan);
	return plan;
}

/*
 * Leave in files only those kept, in order, and count them; returns, for
 * each, what its parse may skip.  Frees the scan's facts.
 */
static struct skim_plan *keep_files(struct prefilter *pf, struct prefilter_stats *st)
{
	struct file_list *files = pf->files;
	struct skim_plan *skip;

	memset(st, 0, sizeof(*st));
	st->files = pf->n;
	skip = xcalloc(pf->n + 1, sizeof(*skip));
	for (uint32_t f = 0, out = 0; f < pf->n; f++) {
		st->bytes += pf->j.sizes[f];
		if (pf->keep[f]) {
			skip[out] = plan_of(pf, f, st);
			files->paths[out++] = files->paths[f];
			st->kept++;
			st->kept_bytes += pf->j.sizes[f];
		} else {
			free(files->paths[f]);
		}
		lex_facts_free(&pf->j.facts[f]);
	}
	files->n = st->kept;
	files->bytes = st->kept_bytes;
	return skip;
}

static void prefilter_free(struct prefilter *pf)
{
	free(pf->j.facts);
	free(pf->j.sizes);
	free(pf->j.unscanned);
	free(pf->j.names_source);
	free(pf->dist);
	free(pf->base);
	free(pf->keep);
	free(pf->taken_def);
	lex_set_free(&pf->sources);
	lex_set_free(&pf->stored);
	lex_set_free(&pf->shared_tags);
	lex_set_free(&pf->roots);
	lex_set_free(&pf->entries);
	lex_set_free(&pf->types);
	lex_set_free(&pf->privileges);
	lex_set_free(&pf->called);
	vec_free(&pf->prefixes);
	def_table_free(&pf->funcs);
	def_table_free(&pf->named);
	vec_free(&pf->queue);
}

void prefilter_files(struct file_list *files, const struct profile_set *prof, unsigned depth,
		     unsigned jobs, struct prefilter_stats *st, struct skim_plan **plans)
{
	struct prefilter pf = { .j = { .files = files }, .files = files, .n = files->n };

	scan_files(&pf, prof, jobs);
	phase_mark("prefilter: scan");

	index_definitions(&pf);
	phase_mark("prefilter: tables");

	/*
	 * The functions where shared memory enters, then what they call,
	 * level by level, function by function: a callee's file is parsed for
	 * the callee, but only what the callee itself calls is followed, not
	 * every call in its file.
	 */
	number_definitions(&pf);
	reach_sources(&pf);
	reach_calls(&pf, depth + FLOW_EXTRA_DEPTH);

	phase_mark("prefilter: calls");
	find_entry_candidates(&pf);
	take_types(&pf);

	phase_mark("prefilter: types");
	keep_callers(&pf, jobs);
	*plans = keep_files(&pf, st);
	prefilter_free(&pf);
}
