#include "index/index.h"
#include "ir/byterange.h"
#include "index/memo.h"
#include "ir/cfg.h"
#include "base/pool.h"
#include "base/util.h"

#include <malloc.h>
#include <stdio.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/* --- types ------------------------------------------------------------ */

/* "const struct kvm_vcpu **" -> base "struct kvm_vcpu", 2 levels */
static sym_t split_type(sym_t type, int *levels)
{
	struct sym_memo *memo = index_memo.split_type;
	struct sym_memo *m = sym_memo_at(memo, type);
	const char *s = sym_str(type);
	char buf[256];
	size_t n;
	int lv = 0;

	if (type && m->in == type) {
		*levels = m->aux;
		return m->out;
	}
	m->in = 0;

	while (str_starts(s, "const "))
		s += 6;
	while (str_starts(s, "volatile "))
		s += 9;
	n = strlen(s);
	if (n >= sizeof(buf))
		return 0;
	memcpy(buf, s, n + 1);
	for (;;) {
		while (n && buf[n - 1] == ' ')
			n--;
		if (n && buf[n - 1] == '*') {
			lv++;
			n--;
		} else if (n >= 2 && buf[n - 2] == '[' && buf[n - 1] == ']') {
			lv++;
			n -= 2;
		} else {
			break;
		}
	}
	buf[n] = '\0';
	*levels = lv;
	m->in = type;
	m->out = n ? intern(buf) : 0;
	m->aux = lv;
	return m->out;
}

static sym_t struct_of(const struct index *idx, sym_t type, int *pointers)
{
	int total = 0;

	for (int guard = 0; type && guard < 8; guard++) {
		int lv = 0;
		sym_t base = split_type(type, &lv);
		const char *b = sym_str(base);

		total += lv;
		if (!base)
			return 0;
		if (str_starts(b, "struct ") || str_starts(b, "union ")) {
			*pointers = total;
			return base;
		}
		type = symmap_get(&idx->typedefs, base, 0);
	}
	return 0;
}

sym_t index_struct_of(const struct index *idx, sym_t type, int *pointers)
{
	/* per index: the answer goes through its typedefs */
	struct struct_of_memo *memo = index_memo.struct_of;
	uint32_t slot = (uint32_t)(type * 2654435761u) >> (32 - SYM_MEMO_BITS);

	if (memo[slot].generation != idx->generation || memo[slot].type != type) {
		memo[slot].pointers = 0;
		memo[slot].out = struct_of(idx, type, &memo[slot].pointers);
		memo[slot].generation = idx->generation;
		memo[slot].type = type;
	}
	if (memo[slot].out && pointers)
		*pointers = memo[slot].pointers;
	return memo[slot].out;
}

/*
 * A member of the struct, or of another architecture's definition of the
 * same tag; NULL when none has it.
 */
static const struct field_decl *find_field(const struct index *idx, sym_t struct_name,
					   sym_t field)
{
	uint32_t k = symmap_get(&idx->structs, struct_name, IR_NONE);
	const struct struct_def *sd;

	if (k == IR_NONE)
		return NULL;
	sd = idx->struct_list[k];
	for (uint32_t a = idx->alt_first[k];; a = idx->alt_next[a]) {
		for (uint32_t i = 0; i < sd->nfields; i++)
			if (sd->fields[i].name == field)
				return &sd->fields[i];
		if (a == IR_NONE)
			return NULL;
		sd = idx->alts[a];
	}
}

sym_t index_field_type(const struct index *idx, sym_t struct_name, sym_t field)
{
	const struct field_decl *fd = find_field(idx, struct_name, field);

	if (!fd)
		return 0;
	return fd->type ? fd->type : intern("?");
}

uint32_t index_field_count(const struct index *idx, sym_t struct_name, sym_t field)
{
	const struct field_decl *fd = find_field(idx, struct_name, field);

	return fd && fd->count != FIELD_FLEXIBLE ? fd->count : 0;
}

bool index_field_flexible(const struct index *idx, sym_t struct_name, sym_t field)
{
	const struct field_decl *fd = find_field(idx, struct_name, field);

	return fd && fd->count == FIELD_FLEXIBLE;
}

int index_field_rank(const struct index *idx, sym_t struct_name, sym_t field)
{
	uint32_t k = symmap_get(&idx->structs, struct_name, IR_NONE);
	const struct struct_def *sd;

	if (k == IR_NONE)
		return -1;
	sd = idx->struct_list[k];
	for (uint32_t i = 0; i < sd->nfields; i++)
		if (sd->fields[i].name == field)
			return (int)i;
	return -1;
}

bool index_member_offset_at_least(const struct index *idx, sym_t struct_name, sym_t field,
				  uint64_t *off)
{
	uint32_t k = symmap_get(&idx->structs, struct_name, IR_NONE);
	const struct struct_def *sd;
	uint64_t at = 0, count;

	if (k == IR_NONE)
		return false;
	sd = idx->struct_list[k];
	for (uint32_t i = 0; i < sd->nfields; i++) {
		unsigned sz;

		if (sd->fields[i].name == field) {
			*off = at;
			return true;
		}
		/*
		 * only scalars and arrays of them before it (u32 index; char
		 * name[64]), each aligned to its element's size
		 */
		sz = sd->fields[i].type ? scalar_size(sym_str(sd->fields[i].type)) : 0;
		count = 1;
		if (!sz && sd->fields[i].type && sd->fields[i].count &&
		    sd->fields[i].count != FIELD_FLEXIBLE) {
			const char *t = sym_str(sd->fields[i].type);
			size_t n = strlen(t);

			if (n > 3 && str_ends(t, " []")) {
				sz = scalar_size(sym_str(intern_n(t, n - 3)));
				count = sd->fields[i].count;
			}
		}
		if (!sz)
			return false;
		at = (at + sz - 1) / sz * sz + (uint64_t)sz * count;
	}
	return false;
}

bool index_struct_size(const struct index *idx, sym_t struct_name, uint64_t *size)
{
	uint32_t k = symmap_get(&idx->structs, struct_name, IR_NONE);
	const struct struct_def *sd;
	uint64_t at = 0, align = 1;

	if (k == IR_NONE || str_starts(sym_str(struct_name), "union "))
		return false;
	sd = idx->struct_list[k];
	if (!sd->nfields)
		return false;
	for (uint32_t i = 0; i < sd->nfields; i++) {
		const struct field_decl *fd = &sd->fields[i];
		const char *t = fd->type ? sym_str(fd->type) : "";
		size_t n = strlen(t);
		uint64_t count = 1;
		unsigned sz = scalar_size(t);

		if (!sz && n > 3 && str_ends(t, " []") && fd->count) {
			sz = scalar_size(sym_str(intern_n(t, n - 3)));
			/* a flexible array adds no bytes, only its alignment */
			count = fd->count == FIELD_FLEXIBLE ? 0 : fd->count;
			if (fd->count == FIELD_FLEXIBLE && i + 1 != sd->nfields)
				return false;
		}
		if (!sz)
			return false;
		at = (at + sz - 1) / sz * sz + (uint64_t)sz * count;
		if (sz > align)
			align = sz;
	}
	*size = (at + align - 1) / align * align;
	return true;
}

sym_t index_struct_with_field(const struct index *idx, sym_t type, sym_t field, int *levels)
{
	int lv = 0, base_lv = 0;
	sym_t s = index_struct_of(idx, type, &lv), name;
	uint32_t a;

	if (s && index_field_type(idx, s, field)) {
		*levels = lv;
		return s;
	}
	/* "CPU_MP_DATA *": the typedef name, and its other definitions */
	name = split_type(type, &base_lv);
	if (!name || !idx->ntdalt)
		return 0;
	for (a = symmap_get(&idx->typedef_alts, name, IR_NONE); a != IR_NONE;
	     a = idx->tdalt_next[a]) {
		int alv = 0;
		sym_t t = index_struct_of(idx, idx->tdalt_type[a], &alv);

		if (t && index_field_type(idx, t, field)) {
			*levels = base_lv + alv;
			return t;
		}
	}
	return 0;
}

static sym_t key_type(const struct index *idx, sym_t key)
{
	const char *k = sym_str(key), *sep = strstr(k, "::"), *c;
	sym_t s, t = 0;

	if (!sep || str_starts(k, "global::"))
		return 0;
	s = intern_n(k, (size_t)(sep - k));
	c = sep + 2;
	while (*c) {
		size_t n = strcspn(c, ".[");

		if (!s)
			return 0;
		t = index_field_type(idx, s, intern_n(c, n));
		if (!t)
			return 0;
		c += n;
		if (*c == '[')
			return 0;	/* an element: its type is not tracked */
		if (*c == '.')
			c++;
		s = *c ? index_struct_of(idx, t, NULL) : 0;
	}
	return t;
}

/*
 * The rules ask a key's type for every access they weigh, and each answer
 * interns every segment of the key: a memo per thread, per index.
 */
sym_t index_key_type(const struct index *idx, sym_t key)
{
	struct key_type_memo *m =
		&index_memo.key_type[(uint32_t)(key * 2654435761u) >> (32 - KEY_TYPE_MEMO_BITS)];

	if (m->generation != idx->generation || m->key != key) {
		m->type = key_type(idx, key);
		m->generation = idx->generation;
		m->key = key;
	}
	return m->type;
}

bool index_called_directly(const struct index *idx, uint32_t id)
{
	const struct func_info *fi = &idx->info[id];

	for (uint32_t i = 0; i < fi->ncallers; i++) {
		const struct call_site *cs = &idx->callers[fi->callers_start + i];

		if (idx->funcs[cs->caller]->ops[cs->op].callee == id)
			return true;
	}
	return false;
}

/* --- function lookup --------------------------------------------------- */

static bool segment_in(const char *seg, size_t n, const char *const *list)
{
	for (unsigned i = 0; list[i]; i++)
		if (strlen(list[i]) == n && !strncmp(seg, list[i], n))
			return true;
	return false;
}

/*
 * Can code in file `from` call a definition in file `def` at all?  Not
 * when they sit in different variants of one program (arch/arm against
 * arch/riscv, QEMU's target/arm against target/i386, TF-A's plat/a
 * against plat/b): only one is built with the caller.  Not when the
 * definition belongs to a program of its own that the caller is not part
 * of (a boot stub, a decompressor, user-space tools, scripts): those link
 * their own memset.  A definition nobody can see is no answer; a wrong
 * one sends every rule into another architecture's code.
 */
/* Directories below which each subdirectory is one variant of the program. */
static const char *const variant_dirs[] = { "arch", "target", "plat", NULL };

static bool definition_visible(const char *def, const char *from)
{
	static const char *const programs[] = { "boot", "compressed", "tools", "scripts",
						"selftests", "samples", NULL };
	const char *last = NULL, *d = def, *f = from;
	size_t lastn = 0;

	/* the directories both paths share, the last of them in `last` */
	for (;;) {
		size_t nd = strcspn(d, "/"), nf = strcspn(f, "/");

		if (!d[nd] || !f[nf] || nd != nf || strncmp(d, f, nd))
			break;
		last = d;
		lastn = nd;
		d += nd + 1;
		f += nf + 1;
	}
	/* arch/X/... against arch/Y/...: both go on below a variant directory */
	if (last && segment_in(last, lastn, variant_dirs) && strchr(d, '/') && strchr(f, '/'))
		return false;
	/* the directories of def the caller is not in */
	for (;;) {
		size_t nd = strcspn(d, "/");

		if (!d[nd])
			break;
		if (segment_in(d, nd, programs))
			return false;
		d += nd + 1;
	}
	return true;
}

/* Does the path lie below a variant directory (arch/X/..., target/X/..., plat/X/...)? */
static bool in_variant(const char *path)
{
	for (const char *p = path;;) {
		size_t n = strcspn(p, "/");

		if (!p[n])
			return false;
		if (segment_in(p, n, variant_dirs))
			return true;
		p += n + 1;
	}
}

bool index_in_variant(const char *path)
{
	return in_variant(path);
}

uint32_t index_richest_alternative(const struct index *idx, uint32_t id)
{
	uint32_t best = id;

	for (uint32_t g = idx->fn_next[id]; g != IR_NONE && idx->func_file[g] == idx->func_file[id];
	     g = idx->fn_next[g])
		if (idx->file_private[g] && idx->funcs[g]->nops > idx->funcs[best]->nops)
			best = g;
	return best;
}

static uint32_t lookup_function(const struct index *idx, sym_t name, sym_t from_file)
{
	uint32_t best = IR_NONE;
	size_t best_len = 0;
	bool best_variant = false, best_exported = false;
	const char *from = sym_str(from_file);
	bool from_variant = in_variant(from);

	/*
	 * Only the index's compact arrays are read: a name such as
	 * init_module or probe has thousands of static definitions, and
	 * reading each function was a cache miss apiece.
	 */
	for (uint32_t id = symmap_get(&idx->fn_by_name, name, IR_NONE); id != IR_NONE;
	     id = idx->fn_next[id]) {
		sym_t file = idx->func_file[id];
		size_t len;
		bool variant, exported;

		if (idx->file_private[id]) {
			if (file == from_file)
				return id;
			continue;
		}
		if (file != from_file && !definition_visible(sym_str(file), from))
			continue;
		/*
		 * A definition in the caller's own file, then the nearest one;
		 * between equally near ones, generic code before one
		 * architecture's, which a caller outside arch/ may not be built
		 * with, and the one the codebase exports (EXPORT_SYMBOL) before a
		 * private copy (a firmware stub's own memcmp).
		 */
		len = file == from_file ? SIZE_MAX : common_dir_prefix(sym_str(file), from);
		if (best != IR_NONE && len < best_len)
			continue;
		variant = !from_variant && in_variant(sym_str(file));
		exported = idx->funcs[id]->exported;
		if (best == IR_NONE || len > best_len ||
		    (variant != best_variant ? !variant :
		     exported != best_exported ? exported : id < best)) {
			best = id;
			best_len = len;
			best_variant = variant;
			best_exported = exported;
		}
	}
	return best;
}

/*
 * A file calls the same few functions (kfree, mutex_lock) again and
 * again, and each answer compares every definition's directory: a memo
 * per thread, by name and calling file, per index.
 */
uint32_t index_lookup_function(const struct index *idx, sym_t name, sym_t from_file)
{
	struct lookup_memo *memo = index_memo.lookup;
	uint32_t slot = ((name * 2654435761u) ^ (from_file * 0x85ebca6bu)) >> (32 - LOOKUP_MEMO_BITS);

	if (memo[slot].generation != idx->generation || memo[slot].name != name ||
	    memo[slot].file != from_file) {
		memo[slot].id = lookup_function(idx, name, from_file);
		memo[slot].generation = idx->generation;
		memo[slot].name = name;
		memo[slot].file = from_file;
	}
	return memo[slot].id;
}

struct ir_func *index_callee(const struct index *idx, const struct ir_op *call)
{
	if (call->kind != OP_CALL || call->callee == IR_NONE)
		return NULL;
	return index_func(idx, call->callee);
}

const struct ir_arg *index_call_arg(const struct index *idx, const struct call_site *cs,
				    uint32_t param, const struct ir_func **caller)
{
	const struct ir_func *g = index_func(idx, cs->caller);
	const struct ir_op *call = &g->ops[cs->op];

	*caller = g;
	return param < op_nargs(call) ? &g->args[call->src_start + param] : NULL;
}

uint32_t index_locks_at(const struct index *idx, const struct ir_func *f, const struct ir_op *op,
			struct ir_lockitem *out, uint32_t max)
{
	uint32_t n, k = 0;
	const struct ir_lockitem *l = op_locks(f, op, &n);

	for (uint32_t i = 0; i < n && k < max; i++)
		out[k++] = l[i];
	if (idx && f->id < idx->nfuncs) {
		const struct func_info *fi = &idx->info[f->id];

		for (uint32_t i = 0; i < fi->nentry; i++) {
			struct ir_lockitem *have = lockset_find(out, k, fi->entry[i].lock);

			if (have)
				have->every |= fi->entry[i].every;
			else if (k < max)
				out[k++] = fi->entry[i];
		}
	}
	return k;
}

uint8_t index_field_flags(const struct index *idx, sym_t key)
{
	uint8_t flags = 0;

	for (sym_t k = key; k; k = key_parent(k)) {
		uint32_t i = symmap_get(&idx->fields, k, IR_NONE);

		if (i != IR_NONE)
			flags |= idx->field_flags[i];
	}
	return flags;
}

sym_t key_parent(sym_t key)
{
	struct sym_memo *memo = index_memo.key_parent;
	struct sym_memo *m = sym_memo_at(memo, key);
	const char *k = sym_str(key), *sep, *cut = NULL;

	if (key && m->in == key)
		return m->out;
	sep = strstr(k, "::");
	for (const char *p = sep ? sep + 2 : ""; *p; p++)
		if (*p == '.' || *p == '[')
			cut = p;
	m->in = key;
	m->out = cut ? intern_n(k, (size_t)(cut - k)) : 0;
	return m->out;
}

const struct field_access *index_field_writes(const struct index *idx, sym_t key, uint32_t *n)
{
	uint32_t k = symmap_get(&idx->fields, key, IR_NONE);

	if (k == IR_NONE) {
		*n = 0;
		return NULL;
	}
	*n = idx->field_nwrites[k];
	return idx->field_acc + idx->field_start[k];
}

const struct field_access *index_field_reads(const struct index *idx, sym_t key, uint32_t *n)
{
	uint32_t k = symmap_get(&idx->fields, key, IR_NONE);

	if (k == IR_NONE) {
		*n = 0;
		return NULL;
	}
	*n = idx->field_start[k + 1] - idx->field_start[k] - idx->field_nwrites[k];
	return idx->field_acc + idx->field_start[k] + idx->field_nwrites[k];
}
