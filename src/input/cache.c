#include "input/cache.h"
#include "profile/idioms.h"
#include "base/util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define ENTRY_MAGIC "tocsinU1"
/* An entry bigger than this is corrupt: the largest units are a few MB. */
#define ENTRY_MAX (1u << 30)

struct entry_header {
	char magic[8];
	uint64_t salt;
	uint64_t content_hash;
	uint64_t content_len;
	uint64_t payload_len;
	uint64_t strings_off;	/* within the payload */
	uint64_t checksum;	/* of the payload */
};

/* The unit's scalars; its arrays follow in the payload. */
struct entry_unit {
	sym_t path;
	uint32_t nfuncs, nstructs, nglobals, ntypedefs, nexported, nreferenced, nmacros;
	uint32_t ndefines;
	uint32_t nfuncs_partial;
	uint32_t npartial[PARTIAL_REASONS];
	uint32_t bytes;
	uint32_t tree_has_error;
	uint32_t nlost_bodies;
	/* the arrays' size in the arena, so a load copies them into one lasting block */
	uint32_t arena_bytes;
};

/* --- hashing ------------------------------------------------------------ */

static inline uint64_t rotl(uint64_t x, int r)
{
	return (x << r) | (x >> (64 - r));
}

/* Two lanes of 8 bytes a step: the whole kernel's 1.3 GB hashes in about a second. */
static uint64_t hash_seeded(const void *p, size_t n, uint64_t seed)
{
	const unsigned char *s = p;
	uint64_t h1 = seed ^ (n * 0x9e3779b97f4a7c15ull), h2 = ~seed;
	uint64_t a, b;
	unsigned char tail[16];

	for (; n >= 16; s += 16, n -= 16) {
		memcpy(&a, s, 8);
		memcpy(&b, s + 8, 8);
		h1 = rotl(h1 ^ (a * 0x87c37b91114253d5ull), 31) * 0x4cf5ad432745937full;
		h2 = rotl(h2 ^ (b * 0x52dce729da3ed7b5ull), 29) * 0x38495ab5c6a5c0f1ull;
	}
	memset(tail, 0, sizeof(tail));
	memcpy(tail, s, n);
	memcpy(&a, tail, 8);
	memcpy(&b, tail + 8, 8);
	h1 = rotl(h1 ^ (a * 0x87c37b91114253d5ull), 31) * 0x4cf5ad432745937full;
	h2 = rotl(h2 ^ (b * 0x52dce729da3ed7b5ull), 29) * 0x38495ab5c6a5c0f1ull;
	return hash_finish(h1 ^ rotl(h2, 17)) ^ hash_finish(h2 + n);
}

uint64_t cache_content_hash(const void *p, size_t n)
{
	return hash_seeded(p, n, 0x746f6373696e4331ull);
}

/* --- the directory ------------------------------------------------------- */

char *cache_default_dir(void)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");

	/* the XDG base-directory spec ignores a relative XDG_CACHE_HOME */
	if (xdg && xdg[0] == '/')
		return xasprintf("%s/tocsin", xdg);
	if (home && home[0])
		return xasprintf("%s/.cache/tocsin", home);
	return NULL;
}

static bool mkdirs(const char *dir)
{
	char *p = xstrdup(dir);
	bool ok = true;

	for (char *s = p + 1; *s && ok; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		ok = mkdir(p, 0777) == 0 || errno == EEXIST;
		*s = '/';
	}
	ok = ok && (mkdir(p, 0777) == 0 || errno == EEXIST);
	free(p);
	return ok;
}

/*
 * The salt is a hash of the running executable: an entry is read only by
 * the build that wrote it, whatever changed in the lowering since.  The
 * idioms the chosen profiles declare are mixed in by cache_open().
 */
static uint64_t executable_hash(void)
{
	FILE *f = fopen("/proc/self/exe", "rb");
	uint64_t h = 0x2545f4914f6cdd1dull;
	char buf[1 << 16];
	size_t n;

	if (!f)
		return 0;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		h = hash_seeded(buf, n, h);
	fclose(f);
	return h;
}

bool cache_open(struct cache *c, const char *dir, char *err, size_t errlen)
{
	struct stat st;

	memset(c, 0, sizeof(*c));
	if (!mkdirs(dir) || stat(dir, &st) < 0) {
		snprintf(err, errlen, "%s", strerror(errno));
		return false;
	}
	if (!S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "not a directory");
		return false;
	}
	if (access(dir, R_OK | W_OK | X_OK) < 0) {
		snprintf(err, errlen, "%s", strerror(errno));
		return false;
	}
	c->salt = executable_hash();
	if (!c->salt) {
		snprintf(err, errlen, "cannot read /proc/self/exe to tell this build's entries apart");
		return false;
	}
	/* the profiles' idioms change the lowering as much as a new build does */
	if (idioms_declared_hash())
		c->salt = hash_mix(c->salt, idioms_declared_hash()) | 1;
	c->dir = xstrdup(dir);
	return true;
}

void cache_close(struct cache *c)
{
	free(c->dir);
	memset(c, 0, sizeof(*c));
}

/* dir/ab/abcdef0123456789: 256 subdirectories keep each one small. */
static char *entry_path(const struct cache *c, const char *path)
{
	uint64_t k = hash_seeded(path, strlen(path), c->salt);

	return xasprintf("%s/%02x/%016llx", c->dir, (unsigned)(k >> 56), (unsigned long long)k);
}

/* --- symbols: interned ids <-> an entry's own string table --------------- */

struct symmap {
	/* writing: global id -> local id, open addressing */
	uint32_t *keys, *vals;
	uint32_t cap, used;
	VEC(sym_t) order;		/* local id -> global id */
	/* reading: local id -> global id */
	const sym_t *globals;
	uint32_t nglobals;
	bool writing;
	bool bad;
};

static uint32_t local_id(struct symmap *m, sym_t g)
{
	uint32_t i;

	if (!g)
		return 0;
	if ((m->used + 1) * 2 > m->cap) {
		uint32_t ocap = m->cap, *okeys = m->keys, *ovals = m->vals;

		m->cap = ocap ? ocap * 2 : 1024;
		m->keys = xcalloc(m->cap, sizeof(uint32_t));
		m->vals = xcalloc(m->cap, sizeof(uint32_t));
		for (uint32_t k = 0; k < ocap; k++) {
			if (!okeys[k])
				continue;
			for (i = (uint32_t)hash_finish(okeys[k]) & (m->cap - 1); m->keys[i];
			     i = (i + 1) & (m->cap - 1))
				;
			m->keys[i] = okeys[k];
			m->vals[i] = ovals[k];
		}
		free(okeys);
		free(ovals);
	}
	for (i = (uint32_t)hash_finish(g) & (m->cap - 1); m->keys[i]; i = (i + 1) & (m->cap - 1))
		if (m->keys[i] == g)
			return m->vals[i];
	if (!m->order.n)
		vec_push(&m->order, 0);	/* local 0 is "none", as globally */
	m->keys[i] = g;
	m->vals[i] = m->order.n;
	m->used++;
	vec_push(&m->order, g);
	return m->vals[i];
}

static void map(struct symmap *m, sym_t *s)
{
	if (m->writing) {
		*s = local_id(m, *s);
	} else if (*s >= m->nglobals && *s) {
		m->bad = true;
		*s = 0;
	} else {
		*s = *s ? m->globals[*s] : 0;
	}
}

/*
 * Every interned id the lowering stores, struct by struct: the one list
 * both directions go through, so writing and reading cannot disagree.
 */
static void map_func(struct symmap *m, struct ir_func *f)
{
	map(m, &f->name);
	map(m, &f->file);
	map(m, &f->ret_type);
	map(m, &f->preproc_arms);
	for (uint32_t i = 0; i < f->nvars; i++) {
		map(m, &f->vars[i].name);
		map(m, &f->vars[i].type);
	}
	for (uint32_t i = 0; i < f->npaths; i++) {
		struct ir_path *p = &f->paths[i];

		if (p->base_kind == BASE_GLOBAL)
			map(m, &p->base);
		map(m, &p->chain);
		map(m, &p->text);
		map(m, &p->base_type);
		map(m, &p->key);
	}
	for (uint32_t i = 0; i < f->nops; i++) {
		if (f->ops[i].kind == OP_CALL)
			map(m, &f->ops[i].a);
		if ((f->ops[i].kind == OP_LOCK || f->ops[i].kind == OP_UNLOCK ||
		     f->ops[i].kind == OP_ASSERT_HELD) && f->ops[i].via != IR_NONE)
			map(m, &f->ops[i].via);
		/* a one-bit op's number: a sym, unlike the union's other members */
		if ((f->ops[i].kind == OP_READ || f->ops[i].kind == OP_RMW) &&
		    f->ops[i].bit != IR_NONE)
			map(m, &f->ops[i].bit);
	}
	for (uint32_t i = 0; i < f->nargs; i++)
		map(m, &f->args[i].form);
	for (uint32_t i = 0; i < f->nmoves; i++)
		map(m, &f->moves[i].form);
	for (uint32_t i = 0; i < f->ncases; i++)
		map(m, &f->cases[i].value);
	for (uint32_t i = 0; i < f->nsrcs; i++)
		if (f->srcs[i].kind == SRC_CONST)
			map(m, &f->srcs[i].ref);
	for (uint32_t i = 0; i < f->nloops; i++)
		map(m, &f->loops[i].macro);
	for (uint32_t i = 0; i < f->nlockitems; i++)
		map(m, &f->lockitems[i].lock);
	for (uint32_t i = 0; i < f->nannotations; i++)
		map(m, &f->annotations[i]);
}

static void map_struct(struct symmap *m, struct struct_def *s)
{
	map(m, &s->name);
	for (uint32_t i = 0; i < s->nfields; i++) {
		map(m, &s->fields[i].name);
		map(m, &s->fields[i].type);
	}
}

static void map_rest(struct symmap *m, struct unit *u)
{
	for (uint32_t i = 0; i < u->nglobals; i++) {
		map(m, &u->globals[i].name);
		map(m, &u->globals[i].type);
	}
	for (uint32_t i = 0; i < u->ntypedefs; i++) {
		map(m, &u->typedefs[i].name);
		map(m, &u->typedefs[i].type);
	}
	for (uint32_t i = 0; i < u->nexported; i++)
		map(m, &u->exported[i]);
	for (uint32_t i = 0; i < u->nreferenced; i++) {
		map(m, &u->referenced[i]);
		map(m, &u->referenced_in[i]);
		map(m, &u->referenced_at[i].member);
		map(m, &u->referenced_at[i].var);
	}
	for (uint32_t i = 0; i < u->nmacros; i++) {
		map(m, &u->macros[i].name);
		map(m, &u->macros[i].base);
		map(m, &u->macros[i].chain);
		map(m, &u->macros[i].forward);
		map(m, &u->macros[i].cond);
	}
}

/* A lock macro's fields index the arguments of its uses: in range, or a miss. */
static bool macros_valid(const struct unit *u)
{
	for (uint32_t i = 0; i < u->nmacros; i++) {
		const struct macro_def *d = &u->macros[i];

		/* the parameter a lock is reached from: only lock macros have one */
		if ((d->op != OP_CALL && d->op != OP_LOCK && d->op != OP_UNLOCK &&
		     d->op != OP_ASSERT_HELD) || d->lock > LOCK_OTHER ||
		    (d->op != OP_CALL && d->param != MACRO_NAMED_BASE && d->param >= d->nparams) ||
		    d->nparams > MACRO_MAX_PARAMS || d->cond_arm > MACRO_ARM_DEFINED)
			return false;
	}
	return true;
}

/* --- writing -------------------------------------------------------------- */

struct bytes {
	unsigned char *p;
	size_t n, cap;
};

static void put(struct bytes *b, const void *p, size_t n)
{
	if (b->n + n > b->cap) {
		b->cap = b->cap ? b->cap * 2 : 1 << 16;
		while (b->cap < b->n + n)
			b->cap *= 2;
		b->p = xrealloc(b->p, b->cap);
	}
	if (n)
		memcpy(b->p + b->n, p, n);
	b->n += n;
}

static void serialize(const struct unit *u, struct bytes *b, uint64_t *strings_off)
{
	struct symmap m = { .writing = true };
	struct unit copy = *u;
	struct entry_unit eu = {
		.path = u->path, .nfuncs = u->nfuncs, .nstructs = u->nstructs,
		.nglobals = u->nglobals, .ntypedefs = u->ntypedefs,
		.nexported = u->nexported, .nreferenced = u->nreferenced, .nmacros = u->nmacros,
		.ndefines = u->ndefines,
		.nfuncs_partial = u->nfuncs_partial, .bytes = u->bytes,
		.tree_has_error = u->tree_has_error, .nlost_bodies = u->nlost_bodies,
	};
	size_t arena_bytes = unit_arena_bytes(u);

	eu.arena_bytes = arena_bytes <= UINT32_MAX ? (uint32_t)arena_bytes : 0;

	memcpy(eu.npartial, u->npartial, sizeof(eu.npartial));
	map(&m, &eu.path);
	put(b, &eu, sizeof(eu));
	for (uint32_t k = 0; k < u->nfuncs; k++) {
		struct ir_func f = u->funcs[k];

		/*
		 * The arrays go into the buffer first and are mapped there, once
		 * the buffer has stopped moving.
		 */
		size_t fat = b->n, off[16];
		unsigned i = 0;

		put(b, &f, sizeof(f));
#define COPY(field, count)						\
		off[i++] = b->n;					\
		put(b, u->funcs[k].field, sizeof(*f.field) * f.count);
		IR_FUNC_ARRAYS(COPY)
#undef COPY
		i = 0;
#define POINT(field, count) f.field = (void *)(b->p + off[i++]);
		IR_FUNC_ARRAYS(POINT)
#undef POINT
		map_func(&m, &f);
		/* the header last, with its ids mapped and no pointers in it */
#define CLEAR(field, count) f.field = NULL;
		IR_FUNC_ARRAYS(CLEAR)
#undef CLEAR
		memcpy(b->p + fat, &f, sizeof(f));
	}
	for (uint32_t k = 0; k < u->nstructs; k++) {
		struct struct_def s = u->structs[k];
		size_t sat = b->n, at;

		put(b, &s, sizeof(s));
		at = b->n;
		put(b, u->structs[k].fields, sizeof(*s.fields) * s.nfields);
		s.fields = (void *)(b->p + at);
		map_struct(&m, &s);
		s.fields = NULL;
		memcpy(b->p + sat, &s, sizeof(s));
	}
	{
		size_t g = b->n, t, e, r, ri, ra, mc;

		put(b, u->globals, sizeof(*u->globals) * u->nglobals);
		t = b->n;
		put(b, u->typedefs, sizeof(*u->typedefs) * u->ntypedefs);
		e = b->n;
		put(b, u->exported, sizeof(*u->exported) * u->nexported);
		r = b->n;
		put(b, u->referenced, sizeof(*u->referenced) * u->nreferenced);
		ri = b->n;
		put(b, u->referenced_in, sizeof(*u->referenced_in) * u->nreferenced);
		ra = b->n;
		put(b, u->referenced_at, sizeof(*u->referenced_at) * u->nreferenced);
		mc = b->n;
		put(b, u->macros, sizeof(*u->macros) * u->nmacros);
		put(b, u->defines, sizeof(*u->defines) * u->ndefines);
		copy.globals = (void *)(b->p + g);
		copy.typedefs = (void *)(b->p + t);
		copy.exported = (void *)(b->p + e);
		copy.referenced = (void *)(b->p + r);
		copy.referenced_in = (void *)(b->p + ri);
		copy.referenced_at = (void *)(b->p + ra);
		copy.macros = (void *)(b->p + mc);
		map_rest(&m, &copy);
	}
	*strings_off = b->n;
	{
		uint32_t n = m.order.n;

		put(b, &n, sizeof(n));
		for (uint32_t i = 1; i < n; i++) {
			const char *s = sym_str(m.order.v[i]);
			uint32_t len = (uint32_t)strlen(s);

			put(b, &len, sizeof(len));
			put(b, s, len);
		}
	}
	free(m.keys);
	free(m.vals);
	vec_free(&m.order);
}

static void warn_once(const char *dir, const char *what)
{
	static atomic_flag warned = ATOMIC_FLAG_INIT;

	if (!atomic_flag_test_and_set(&warned))
		warnx_("cache %s: %s; results are not being saved", dir, what);
}

void cache_store(const struct cache *c, const char *path, uint64_t content_hash,
		 uint64_t content_len, const struct unit *u)
{
	static atomic_uint seq;
	struct entry_header h;
	struct bytes b = {0};
	char *dst = entry_path(c, path), *tmp, *slash;
	int fd;
	bool ok;

	memset(&h, 0, sizeof(h));
	put(&b, &h, sizeof(h));
	serialize(u, &b, &h.strings_off);
	memcpy(h.magic, ENTRY_MAGIC, sizeof(h.magic));
	h.salt = c->salt;
	h.content_hash = content_hash;
	h.content_len = content_len;
	h.payload_len = b.n - sizeof(h);
	h.strings_off -= sizeof(h);
	h.checksum = hash_seeded(b.p + sizeof(h), h.payload_len, c->salt);
	memcpy(b.p, &h, sizeof(h));

	slash = strrchr(dst, '/');
	*slash = '\0';
	if (mkdir(dst, 0777) < 0 && errno != EEXIST)
		warn_once(c->dir, strerror(errno));
	*slash = '/';
	tmp = xasprintf("%s.%ld.%u.tmp", dst, (long)getpid(), atomic_fetch_add(&seq, 1));
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	ok = fd >= 0;
	for (size_t off = 0; ok && off < b.n;) {
		ssize_t w = write(fd, b.p + off, b.n - off);

		if (w < 0 && errno == EINTR)
			continue;
		ok = w > 0;
		off += ok ? (size_t)w : 0;
	}
	if (fd >= 0 && close(fd) < 0)
		ok = false;
	if (ok && rename(tmp, dst) < 0)
		ok = false;
	if (!ok) {
		warn_once(c->dir, strerror(errno));
		unlink(tmp);
	}
	free(tmp);
	free(dst);
	free(b.p);
}

/* --- reading -------------------------------------------------------------- */

struct reader {
	const unsigned char *p;
	size_t n, at;
	bool bad;
};

static const void *take(struct reader *r, uint64_t n)
{
	const void *p;

	if (r->bad || n > r->n - r->at) {
		r->bad = true;
		return NULL;
	}
	p = r->p + r->at;
	r->at += n;
	return p;
}

/* A copy in the unit's arena, or NULL (and r->bad) past the end. */
static void *take_copy(struct reader *r, struct arena *a, uint64_t n)
{
	const void *p = take(r, n);

	return p ? arena_copy(a, p, n) : NULL;
}

static unsigned char *read_whole(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	unsigned char *buf = NULL;
	size_t got = 0;

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size > ENTRY_MAX ||
	    st.st_size < (off_t)sizeof(struct entry_header))
		goto out;
	buf = xmalloc((size_t)st.st_size);
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	if (got != (size_t)st.st_size) {
		free(buf);
		buf = NULL;
	}
	*len = got;
out:
	close(fd);
	return buf;
}

/* A uint32_t from wherever it lies: the string table packs lengths between texts. */
static bool take_u32(struct reader *r, uint32_t *v)
{
	const void *p = take(r, sizeof(*v));

	if (p)
		memcpy(v, p, sizeof(*v));
	return p != NULL;
}

static bool read_strings(struct reader *r, sym_t **out, uint32_t *n)
{
	uint32_t count, *lens;
	sym_t *g;
	const char **text;

	if (!take_u32(r, &count) || count == 0 || count > r->n)
		return false;
	*n = count;
	g = xcalloc(*n, sizeof(sym_t));
	text = xmalloc(sizeof(*text) * count);
	lens = xmalloc(sizeof(*lens) * count);
	text[0] = "";
	lens[0] = 0;
	for (uint32_t i = 1; i < count; i++) {
		text[i] = take_u32(r, &lens[i]) ? take(r, lens[i]) : NULL;
		if (!text[i]) {
			free(g);
			free(text);
			free(lens);
			return false;
		}
	}
	/* all at once: most are new to the table, each a cache miss to look up */
	intern_many(text, lens, count, g);
	free(text);
	free(lens);
	*out = g;
	return true;
}

bool cache_load(const struct cache *c, const char *path, uint64_t content_hash,
		uint64_t content_len, struct unit *u)
{
	char *ep = entry_path(c, path);
	size_t len = 0;
	unsigned char *buf = read_whole(ep, &len);
	struct entry_header h;
	struct reader r, sr;
	struct symmap m = {0};
	struct unit nu;
	sym_t *globals = NULL;
	const struct entry_unit *eu;
	bool ok = false;

	free(ep);
	if (!buf)
		return false;
	memcpy(&h, buf, sizeof(h));
	if (memcmp(h.magic, ENTRY_MAGIC, sizeof(h.magic)) != 0 || h.salt != c->salt ||
	    h.content_hash != content_hash || h.content_len != content_len ||
	    h.payload_len != len - sizeof(h) || h.strings_off > h.payload_len ||
	    hash_seeded(buf + sizeof(h), h.payload_len, c->salt) != h.checksum)
		goto out;
	r = (struct reader){ .p = buf + sizeof(h), .n = h.strings_off };
	sr = (struct reader){ .p = buf + sizeof(h) + h.strings_off, .n = h.payload_len - h.strings_off };
	if (!read_strings(&sr, &globals, &m.nglobals) || sr.at != sr.n)
		goto out;
	m.globals = globals;

	memset(&nu, 0, sizeof(nu));
	eu = take(&r, sizeof(*eu));
	if (!eu || !eu->path || eu->path >= m.nglobals ||
	    strcmp(sym_str(globals[eu->path]), path) != 0)
		goto out;
	nu.path = globals[eu->path];
	nu.nfuncs = eu->nfuncs;
	nu.nstructs = eu->nstructs;
	nu.nglobals = eu->nglobals;
	nu.ntypedefs = eu->ntypedefs;
	nu.nexported = eu->nexported;
	nu.nreferenced = eu->nreferenced;
	nu.nmacros = eu->nmacros;
	nu.ndefines = eu->ndefines;
	nu.nfuncs_partial = eu->nfuncs_partial;
	memcpy(nu.npartial, eu->npartial, sizeof(nu.npartial));
	nu.bytes = eu->bytes;
	nu.tree_has_error = (uint8_t)eu->tree_has_error;
	nu.nlost_bodies = eu->nlost_bodies;

	/* counts beyond what the payload could hold are corrupt */
	if ((uint64_t)nu.nfuncs * sizeof(struct ir_func) > r.n ||
	    (uint64_t)nu.nstructs * sizeof(struct struct_def) > r.n)
		goto out;
	/*
	 * The arrays go straight to where they stay for the run: one lasting
	 * block, as unit_compact() would leave them, without the copy through
	 * a scratch arena.  A size past twice the payload is corrupt and not
	 * taken (the arrays are the payload, each rounded up to 8 bytes).
	 */
	if (eu->arena_bytes && eu->arena_bytes <= 2 * (uint64_t)r.n + 4096)
		arena_presize_lasting(&nu.arena, eu->arena_bytes);
	nu.funcs = arena_copy(&nu.arena, NULL, 0);
	if (nu.nfuncs)
		nu.funcs = arena_alloc(&nu.arena, sizeof(*nu.funcs) * nu.nfuncs);
	for (uint32_t k = 0; k < nu.nfuncs && !r.bad; k++) {
		struct ir_func *f = &nu.funcs[k];
		const struct ir_func *hdr = take(&r, sizeof(*f));

		if (!hdr)
			break;
		*f = *hdr;
#define LOAD(field, count) f->field = take_copy(&r, &nu.arena, (uint64_t)sizeof(*f->field) * f->count);
		IR_FUNC_ARRAYS(LOAD)
#undef LOAD
		if (!r.bad)
			map_func(&m, f);
	}
	nu.structs = arena_copy(&nu.arena, NULL, 0);
	if (nu.nstructs)
		nu.structs = arena_alloc(&nu.arena, sizeof(*nu.structs) * nu.nstructs);
	for (uint32_t k = 0; k < nu.nstructs && !r.bad; k++) {
		struct struct_def *s = &nu.structs[k];
		const struct struct_def *hdr = take(&r, sizeof(*s));

		if (!hdr)
			break;
		*s = *hdr;
		s->fields = take_copy(&r, &nu.arena, (uint64_t)sizeof(*s->fields) * s->nfields);
		if (!r.bad)
			map_struct(&m, s);
	}
	nu.globals = take_copy(&r, &nu.arena, (uint64_t)sizeof(*nu.globals) * nu.nglobals);
	nu.typedefs = take_copy(&r, &nu.arena, (uint64_t)sizeof(*nu.typedefs) * nu.ntypedefs);
	nu.exported = take_copy(&r, &nu.arena, (uint64_t)sizeof(*nu.exported) * nu.nexported);
	nu.referenced = take_copy(&r, &nu.arena, (uint64_t)sizeof(*nu.referenced) * nu.nreferenced);
	nu.referenced_in =
		take_copy(&r, &nu.arena, (uint64_t)sizeof(*nu.referenced_in) * nu.nreferenced);
	nu.referenced_at =
		take_copy(&r, &nu.arena, (uint64_t)sizeof(*nu.referenced_at) * nu.nreferenced);
	nu.macros = take_copy(&r, &nu.arena, (uint64_t)sizeof(*nu.macros) * nu.nmacros);
	nu.defines = take_copy(&r, &nu.arena, (uint64_t)sizeof(*nu.defines) * nu.ndefines);
	if (!r.bad)
		map_rest(&m, &nu);
	if (r.bad || m.bad || r.at != r.n || !macros_valid(&nu)) {
		arena_free(&nu.arena);
		goto out;
	}
	*u = nu;
	ok = true;
out:
	free(globals);
	free(buf);
	return ok;
}
