/*
 * double-fetch: one operation reads the same location of shared memory
 * more than once, and the reads can disagree.
 *
 * Shared memory is what a profile says another party can write while the
 * code runs: a mapped guest page, user memory, a ring page.  A function
 * that obtains a pointer to it (kvm_vcpu_map, RING_GET_REQUEST, a __user
 * parameter of an entry point) is the root of an operation; the pointer is
 * followed through locals and into callees, up to --depth calls deep.  Two
 * fetches of overlapping locations, one able to run after the other with
 * no store by the code itself in between, make a double fetch -- unless
 * the value is checked again after the last fetch (re-validation).  Reads
 * that only feed tracing are listed but never count.
 */
#include "ir/analysis.h"
#include "ir/byterange.h"
#include "ir/cases.h"
#include "ir/cfg.h"
#include "base/options.h"
#include "base/symmap.h"
#include "base/pool.h"
#include "input/module_desc.h"
#include "profile/profile.h"
#include "rules/reach.h"
#include "rules/rule.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ORIGINS 32
#define MAX_FRAMES 17
#define MAX_EVENTS 4096

enum ev_kind { EV_FETCH, EV_TRACE, EV_WRITE };

struct origin {
	uint32_t op;		/* the op that made it shared, IR_NONE for a parameter */
	uint32_t var;		/* the parameter, for IR_NONE */
	const struct profile *prof;
	char what[160];		/* "vmcb12 = map.hva, mapped by kvm_vcpu_map()" */
	sym_t name;		/* the root's variable for the object: "vmcb12" */
	/*
	 * Kept in a field of a longer-lived object (stored_fields), read in
	 * whichever function of the operation: op is the field's key, not an
	 * op of the root.
	 */
	bool kept;
	/*
	 * A pointer in a struct copied in (copied_in_pointer()): the copy,
	 * in function src_func of the walk, for the "source" site.
	 */
	uint32_t src_func, src_op;
	bool copied_in;
};

/* A pointer into shared memory: which object, and at what offset in it. */
struct spval {
	int16_t origin;		/* -1: not shared */
	bool holder;		/* a local struct whose `prefix` field is the pointer */
	sym_t prefix;
	/*
	 * Bytes past the start of `prefix` the pointer points: a caller that
	 * passes ptr + 1 to a helper makes the helper's fetches start there.
	 */
	struct lin off;
	/*
	 * A page the other party's memory is mapped at (or its frame), not
	 * an address: reads through it are of the host's struct page; a
	 * page-address call turns it into a pointer into the memory.
	 */
	bool page;
	/*
	 * A cursor a loop steps through the memory (p += size each pass),
	 * from `off` on: over the loop, its fetches read every byte from
	 * there, however many passes run.
	 */
	bool sweep;
};

struct event {
	uint8_t kind;
	uint8_t origin;
	uint8_t nframes;
	sym_t loc;
	sym_t text;
	uint32_t func[MAX_FRAMES];
	uint32_t pos[MAX_FRAMES];	/* call ops, then the access */
	uint64_t taint_self;		/* bit of this fetch within its frame */
	uint32_t frame_id;
	/*
	 * The bytes a fetch call reads, past the start of `loc`: off is
	 * always known (0 unless the pointer was moved), len only when
	 * has_len.  A read through a pointer reads its location, whole.
	 */
	struct lin off, len;
	bool has_len;
	sym_t key;			/* the address's field key ("struct s::a.b"), or 0 */
	bool var_off;			/* loc ends in a variable offset "(+k)" ... */
	sym_t base_loc;			/* ... and this is loc without it */
	/*
	 * A fetch call's address computed from a pointer local of its frame:
	 * which, and how far past where it points there (0 for p itself, 2
	 * for (u16 *)p + 1).  Two fetches through one local compare by how
	 * far the code moves it from one to the other (moved_at_least()).
	 */
	uint32_t ptr_var;		/* IR_NONE when there is none */
	struct lin rel;
	/*
	 * Read with a flag parameter of frame variant_frame known to be
	 * variant_truth (param_alt): on that arm, or in a callee walked with
	 * the pointer the flag tells apart set as on that arm.  Two reads with
	 * the flag of one frame at different values never run together.
	 * variant_frame is UINT32_MAX when no flag is known.
	 */
	uint32_t variant_frame;
	int8_t variant_truth;
	/*
	 * Read in a helper that a loop of frame pass_level - 1 calls once per
	 * pass, handed the same shared pointer each time (pass_loop: that
	 * loop + 1): the read runs again on the next pass.  next_pass marks
	 * the copy of the event that stands for that second run.
	 */
	uint8_t pass_level;
	bool next_pass;
	uint16_t pass_loop;
	/*
	 * EV_WRITE by a store call (the profile's `store`: put_user): the
	 * code's own bytes in the other party's memory.  A fetch of them
	 * later reads back what it wrote: a pair of its own (read_back).
	 */
	bool store_call;
	/* a fetch through a cursor stepped by a loop (spval.sweep): from off on */
	bool sweep;
};

/*
 * A shared pointer the operation stored into a member of an object of its
 * own (batch->slot[n] = uptr): a read of that member later in the same
 * operation, in whichever function, gives the pointer back.
 */
#define KEPT_STORES 4

struct kept_ptr {
	sym_t key;
	struct spval v;
	bool mixed;		/* stored with two different values: none */
	/* the stores seen, which must be all the tree has (kept_pointer()) */
	uint32_t func[KEPT_STORES], op[KEPT_STORES];
	unsigned nstores;
};

/*
 * A pointer argument set together with a flag argument: buf_fx = buf;
 * flag = false; if (...) { buf_fx = buf + sizeof(legacy); flag = true; }
 * callee(buf, buf_fx, flag).  In the callee, where a test of the flag
 * decides the arm, the pointer is the one set with that value.
 */
struct param_alt {
	bool valid;
	uint32_t param, flag;
	struct spval on[2];	/* with the flag false, true */
};

struct analysis {
	const struct index *idx;
	const struct profile_set *prof;
	unsigned max_depth;
	const struct ir_func *root;
	struct origin origins[MAX_ORIGINS];
	unsigned norigins;
	VEC(struct event) events;
	/* the call stack of the frame being walked */
	uint32_t stack_func[MAX_FRAMES];
	uint32_t stack_pos[MAX_FRAMES];
	unsigned depth;
	uint32_t next_frame_id;
	/* re-validated pairs: (event a, event b) */
	VEC(uint64_t) revalidated;
	/*
	 * Per event, what checked_anew() found of its value: 0 not yet
	 * asked, then 1 + the CHK_* bits.
	 */
	uint8_t *chk;
	uint32_t nchk;
	bool any_validates;	/* a profile of the run declares `validates` */
	struct shared_field_memo *memo;	/* SYM_MEMO_SLOTS, the worker's (rule_ctx.state) */
	struct case_memo *cases;	/* the functions' case maps, built as pairs need them */
	/* the places at a variable offset, by expression and values (place_number()) */
	VEC(uint64_t) places;
	/* the value identities of the next callee's parameters (val_id()) */
	uint64_t *callee_ids;
	/* the byte counts the next callee's parameters hold (frame.param_len) */
	struct lin *callee_lens;
	/* the next callee's parameter told apart by a flag (param_alt) */
	struct param_alt callee_alt;
	/* the constants the next callee's parameters hold (frame.consts) */
	sym_t *callee_consts;
	/* the flag value the frames being walked run under (event.variant_*) */
	uint32_t variant_frame;
	int8_t variant_truth;
	/* the loop the frames being walked run in once per pass (event.pass_*) */
	uint8_t pass_level;
	uint16_t pass_loop;
	/* shared pointers stored into members of the code's own objects */
	VEC(struct kept_ptr) kept_ptrs;
};

static const struct spval none = { -1, false, 0 };

struct frame {
	struct analysis *a;
	const struct ir_func *f;
	struct spval *vals;		/* per op */
	struct spval *params;		/* per var: the value on entry */
	uint64_t *taint;		/* per op: which fetches' data its value carries */
	uint64_t *fetched;		/* per fetch call op: the bit of the data it fetched */
	uint32_t *event_of;		/* per op: event index of a fetch, or IR_NONE */
	uint32_t *dest_var_fetch;	/* per var: last fetch call that filled it */
	uint64_t *param_ids;		/* per parameter: its value at the call, or NULL */
	/*
	 * per parameter: the byte count the call handed it (sizeof(*ret)),
	 * unknown when it was not one; or NULL
	 */
	struct lin *param_len;
	struct param_alt alt;		/* a parameter a flag parameter tells apart */
	int force_truth;		/* the flag's value taken as known, or -1 */
	uint32_t cur_op;		/* the op visit() is at */
	uint8_t *walked;		/* per call op: its callee was walked (final pass) */
	/*
	 * per parameter: the constant the call handed it (its spelling), or
	 * 0; NULL when none.  dead: per op, 1 when those constants rule it
	 * out (const_dead_ops()); NULL when none does.
	 */
	sym_t *consts;
	uint8_t *dead;
	uint32_t id;
	unsigned nfetch;
};

/* --- values ------------------------------------------------------------- */

/*
 * Meet one more value that may reach a use into *found: false when it
 * points at no shared place, or another one than *found.  Values that
 * point at different offsets of one place: somewhere past the least.
 */
static bool join_val(struct spval *found, struct spval v)
{
	if (v.origin < 0 || (found->origin >= 0 && (found->origin != v.origin ||
						    found->prefix != v.prefix ||
						    found->holder != v.holder ||
						    found->page != v.page)))
		return false;
	if (found->origin >= 0 && !lin_same(&found->off, &v.off)) {
		memset(&v.off, 0, sizeof(v.off));
		v.off.unknown = true;
	}
	/* p on entry, and p stepped from there by a loop: a sweep from p on */
	v.sweep |= found->origin >= 0 && found->sweep;
	*found = v;
	return true;
}

/*
 * A local points into shared memory only if every definition that reaches
 * this use makes it so: "p = shared on one path, p = &stack_copy on the
 * other" is not a shared pointer where the paths meet.
 */
static const struct ir_src *tested_alone(const struct ir_func *f, uint32_t br);
static int arm_truth(const struct ir_func *f, uint32_t br, uint32_t o);

/*
 * Which value parameter `flag` has wherever op o runs: 1 or 0 when o sits
 * on one arm of a test of it (the parameter as it came), -1 if unknown.
 */
static int flag_truth_at(const struct ir_func *f, uint32_t flag, uint32_t o)
{
	for (uint32_t br = 0; br < f->nops && o < f->nops; br++) {
		const struct ir_src *t = tested_alone(f, br);
		int truth;

		if (!t || t->kind != SRC_VAR || t->ref != flag || !t->defs)
			continue;
		for (uint32_t k = 0; k < t->defs; k++)
			if (!(f->reach[t->def_start + k] & REACH_ENTRY))
				goto next;
		if ((truth = arm_truth(f, br, o)) >= 0)
			return truth;
next:;
	}
	return -1;
}

/* A parameter's value on entry, told apart by the flag where it can be. */
static struct spval param_val(struct frame *fr, uint32_t p)
{
	int t;

	if (!fr->params)
		return none;
	if (fr->alt.valid && fr->alt.param == p &&
	    ((t = fr->force_truth) >= 0 || (t = flag_truth_at(fr->f, fr->alt.flag, fr->cur_op)) >= 0))
		return fr->alt.on[t];
	return fr->params[p];
}

static sym_t move_at(const struct ir_func *f, uint32_t d);

/*
 * A cursor's step (p++, p += k) meeting its own earlier value, which the
 * walk has not found yet: the step moves p within whatever p pointed
 * into, so its own value says nothing the other definitions reaching it
 * do not.  Only for a cursor the same loop also sets afresh (walking a
 * list that spans pages: p++ within a page, p = the next page's address
 * when it ends), and only its own value: a cursor only ever stepped
 * (get(x, p++) in a loop) moves to another place at each read, and two
 * steps that reach each other still meet as before.
 */
static bool unvalued_step(const struct frame *fr, const struct ir_src *s, uint32_t d)
{
	const struct ir_func *f = fr->f;
	const uint32_t *defs;
	const char *form;
	uint32_t n;

	if (d >= f->nops || d != fr->cur_op || fr->vals[d].origin >= 0 ||
	    f->ops[d].kind != OP_DEF || f->ops[d].a != s->ref || !f->ops[d].loop)
		return false;
	form = sym_str(move_at(f, d));
	if (!form || form[0] != '=')
		return false;
	defs = src_defs(f, s, &n);
	for (uint32_t i = 0; i < n; i++)
		if (!(defs[i] & REACH_ENTRY) && defs[i] < f->nops && defs[i] != d &&
		    f->ops[defs[i]].loop == f->ops[d].loop && !move_at(f, defs[i]))
			return true;
	return false;
}

/*
 * A cursor set, on one arm, to an array member of the code's own object
 * (d = req->inline_descs) and, on the other, into the shared memory
 * (d = page address of a mapped list): the descriptors the request
 * carries itself, or the ones in the other party's pages.  Reads through
 * the cursor read the shared memory on the second arm; the first arm
 * does not make them private.  A pointer to a local copy (&copy) is no
 * such member and still makes the meet private.
 */
static bool private_array_arm(const struct frame *fr, uint32_t d)
{
	const struct ir_func *f = fr->f;
	const struct ir_op *def;
	const struct ir_src *ds;
	const struct ir_path *p;
	uint32_t ref = IR_NONE;

	if (d >= f->nops || fr->vals[d].origin >= 0 || (def = &f->ops[d])->kind != OP_DEF ||
	    move_at(f, d))
		return false;
	ds = f->srcs + def->src_start;
	for (uint32_t k = 0; k < def->src_count; k++) {
		if (ds[k].how != HOW_VALUE || ds[k].kind == SRC_CONST)
			continue;
		if (ds[k].kind != SRC_OP || ref != IR_NONE)
			return false;
		ref = ds[k].ref;
	}
	if (ref >= f->nops || f->ops[ref].kind != OP_READ || f->ops[ref].a >= f->npaths)
		return false;
	p = &f->paths[f->ops[ref].a];
	return p->key && p->derefs && str_ends(sym_str(index_key_type(fr->a->idx, p->key)), "[]");
}

/*
 * A use only a cursor's steps reach (p += 8; fetch(p) in the loop body):
 * the reads start one step past where the cursor starts, when the step
 * is known; none when not.
 */
static struct spval past_one_step(const struct ir_func *f, const uint32_t *d, uint32_t n,
				  struct spval v)
{
	struct arg_form af;
	sym_t mf;

	for (uint32_t i = 0; i < n; i++)
		if ((d[i] & REACH_ENTRY) || !(mf = move_at(f, d[i])) || sym_str(mf)[0] != '=')
			return none;
	if (!n || !form_parse(move_at(f, d[0]), &af) || af.off.unknown)
		return none;
	for (uint32_t i = 1; i < n; i++)
		if (move_at(f, d[i]) != move_at(f, d[0]))
			return none;
	for (unsigned t = 0; t < af.off.n; t++)
		if (sym_str(af.off.name[t])[0] == '$')
			return none;
	if (!lin_add(&v.off, &af.off, 1))
		return none;
	return v;
}

static struct spval var_val(struct frame *fr, const struct ir_src *s)
{
	uint32_t n;
	const uint32_t *d = src_defs(fr->f, s, &n);
	struct spval found = none;
	bool start = false;

	for (uint32_t i = 0; i < n; i++) {
		struct spval v;

		/* a definition the call's constant arguments rule out */
		if (!(d[i] & REACH_ENTRY) && fr->dead && fr->dead[d[i]])
			continue;
		if (d[i] & REACH_ENTRY)
			v = param_val(fr, d[i] & ~REACH_ENTRY);
		else if (n > 1 && (unvalued_step(fr, s, d[i]) ||
				   private_array_arm(fr, d[i])))
			continue;
		else
			v = fr->vals[d[i]];
		start |= !v.sweep;
		if (!join_val(&found, v))
			return none;
	}
	if (found.origin >= 0 && found.sweep && !start)
		return past_one_step(fr->f, d, n, found);
	return found;
}

static struct spval src_val(struct frame *fr, const struct ir_src *s)
{
	switch (s->kind) {
	case SRC_OP:
		return s->ref < fr->f->nops ? fr->vals[s->ref] : none;
	case SRC_VAR:
		return var_val(fr, s);
	default:
		return none;
	}
}

static uint64_t mix(uint64_t h, uint64_t v)
{
	h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
	return h * 0xff51afd7ed558ccdull;
}

/*
 * Which value a source stands for, as far as telling two offsets apart
 * needs: a constant by its text; a local by its definitions; a
 * parameter by what the caller passed (param_ids).  A callee's own
 * values differ from one call to the next, so they carry the frame.
 */
static uint64_t val_id(const struct frame *fr, const struct ir_src *s)
{
	const struct ir_func *f = fr->f;
	uint64_t frame = fr->a->depth ? (uint64_t)fr->id + 1 : 0;
	uint64_t h = mix(f->id, s->kind);
	const uint32_t *d;
	uint32_t n;

	switch (s->kind) {
	case SRC_CONST:
		return mix(7, s->ref);
	case SRC_VAR:
		d = src_defs(f, s, &n);
		if (n == 1 && (d[0] & REACH_ENTRY) && fr->param_ids && fr->param_ids[s->ref])
			return fr->param_ids[s->ref];
		h = mix(h, s->ref);
		for (uint32_t i = 0; i < n; i++)
			h = mix(h, d[i]);
		return mix(h, frame);
	case SRC_OP:
		return mix(mix(h, s->ref), frame);
	default:
		return mix(mix(h, (uint64_t)(s - f->srcs)), frame);
	}
}

/*
 * The number of the place p + n names, n not shared: one per expression
 * and per value of the variables in it.  A helper that adds its index
 * argument to a ring's address names one place per index its callers
 * pass (vring_desc_len(desc_pa, i) twice: one place; with i, then with
 * next: two), and two helpers' expressions never name the same place.
 */
static unsigned place_number(const struct frame *fr, const struct ir_src *s, uint32_t n,
			     uint32_t shared)
{
	struct analysis *a = fr->a;
	uint64_t h = mix(fr->f->id, (uint64_t)(&s[shared] - fr->f->srcs));

	for (uint32_t i = 0; i < n; i++)
		if (i != shared && s[i].how == HOW_VALUE && s[i].kind != SRC_CONST)
			h = mix(h, val_id(fr, &s[i]));
	for (uint32_t i = 0; i < a->places.n; i++)
		if (a->places.v[i] == h)
			return i + 1;
	vec_push(&a->places, h);
	return a->places.n;
}

/* What a call hands its callee's parameters, as val_id() names values. */
static uint64_t *callee_param_ids(const struct frame *fr, const struct ir_op *op,
				  const struct ir_func *callee)
{
	const struct ir_func *f = fr->f;
	uint64_t *ids = xcalloc(callee->nvars + 1, sizeof(*ids));

	for (uint32_t k = 0; k < op_nargs(op) && k < callee->nparams; k++) {
		const struct ir_arg *arg = &f->args[op->src_start + k];
		uint64_t h = mix(11, arg->form);

		for (uint32_t i = 0; i < arg->src_count; i++)
			if (f->srcs[arg->src_start + i].how == HOW_VALUE)
				h = mix(h, val_id(fr, &f->srcs[arg->src_start + i]));
		ids[k] = h ? h : 1;
	}
	return ids;
}

static sym_t join_sym(sym_t prefix, const char *loc)
{
	char buf[512];

	location_join(buf, sizeof(buf), sym_str(prefix), loc);
	return intern(buf);
}

/*
 * The shared pointer a list of sources computes, if any: a shared value
 * used as is, or the address of a location inside a shared object
 * (&vmcb12->control, whose base is among the sources as HOW_BASE).
 */
/*
 * The place p + n names, n a variable.  An offset read from a field of
 * the code's own layout tables (sc + abi->off_sc_fpc_csr) is the same
 * offset wherever that field is read in the operation: the place is named
 * by the field's key, so a helper that recomputes the pointer from the
 * same base reads the same bytes, and one that adds another field
 * (abi->off_sc_fpregs) reads other bytes.  NULL for any other offset,
 * which place_number() names by its expression and its values.
 */
static const char *offset_field_place(const struct ir_func *f, const struct ir_src *off)
{
	static __thread char buf[300];
	const struct ir_op *r = off->kind == SRC_OP && off->ref < f->nops ? &f->ops[off->ref] : NULL;

	if (off->how == HOW_VALUE && r && r->kind == OP_READ && r->a < f->npaths &&
	    f->paths[r->a].key && f->paths[r->a].derefs && !ir_mark_is_marked(r->mark)) {
		const char *k = sym_str(f->paths[r->a].key);

		/* (+mips_abi::off_sc_fpc_csr): the struct's tag says enough */
		if (!strncmp(k, "struct ", 7))
			k += 7;
		snprintf(buf, sizeof(buf), "(+%s)", k);
		return buf;
	}
	return NULL;
}

static struct spval copied_in_pointer(struct frame *fr, const struct ir_path *p, bool inside);

static struct spval list_val(struct frame *fr, const struct ir_src *s, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		struct spval v;

		if (s[i].how != HOW_VALUE)
			continue;
		if (s[i].kind == SRC_ADDR) {
			const struct ir_path *p = &fr->f->paths[s[i].ref];
			char loc[256];

			/* &req.entries[i]: inside what a pointer copied in points to */
			if (!p->derefs) {
				v = copied_in_pointer(fr, p, true);
				if (v.origin >= 0)
					return v;
				continue;
			}
			/* &req.hdr->len: through a pointer copied in */
			if (p->derefs == 1 && (v = copied_in_pointer(fr, p, true)).origin >= 0)
				return v;
			if (!path_location(fr->f, p, loc, sizeof(loc)))
				continue;
			for (uint32_t k = 0; k < n; k++) {
				if (s[k].how != HOW_BASE)
					continue;
				v = src_val(fr, &s[k]);
				if (v.origin >= 0 && !v.holder) {
					v.prefix = join_sym(v.prefix, loc);
					/*
					 * a location of its own: offsets count from its
					 * start -- past where a pointer moved by a known
					 * amount points (&fx->m of fx = buf + 112 is no
					 * byte before buf + 112), kept as such
					 */
					if (v.off.unknown)
						memset(&v.off, 0, sizeof(v.off));
					return v;
				}
				break;
			}
			continue;
		}
		v = src_val(fr, &s[i]);
		if (v.origin >= 0 && !v.holder) {
			/* p + n: somewhere in the object, but not where p points */
			for (uint32_t k = 0; k < n; k++) {
				if (k == i || s[k].how != HOW_VALUE || s[k].kind == SRC_CONST)
					continue;
				if (src_val(fr, &s[k]).origin < 0) {
					const char *keyed = offset_field_place(fr->f, &s[k]);
					char off[64];

					/* else one per expression and values, the same every run */
					if (!keyed)
						snprintf(off, sizeof(off), "(+%u)",
							 place_number(fr, s, n, i));
					v.prefix = join_sym(v.prefix, keyed ? keyed : off);
					break;
				}
			}
			return v;
		}
	}
	return none;
}

static uint64_t list_taint(struct frame *fr, const struct ir_src *s, uint32_t n)
{
	uint64_t t = 0;

	for (uint32_t i = 0; i < n; i++) {
		if (s[i].kind == SRC_OP && s[i].ref < fr->f->nops) {
			t |= fr->taint[s[i].ref];
		} else if (s[i].kind == SRC_VAR) {
			uint32_t nd;
			const uint32_t *d = src_defs(fr->f, &s[i], &nd);

			for (uint32_t k = 0; k < nd; k++)
				if (!(d[k] & REACH_ENTRY))
					t |= fr->taint[d[k]];
		}
	}
	return t;
}

/* --- origins ------------------------------------------------------------ */

static int add_origin(struct analysis *a, uint32_t op, uint32_t var, const struct profile *prof)
{
	for (unsigned i = 0; i < a->norigins; i++)
		if (a->origins[i].op == op && a->origins[i].var == var)
			return (int)i;
	if (a->norigins == MAX_ORIGINS)
		return -1;
	a->origins[a->norigins] = (struct origin){ .op = op, .var = var, .prof = prof };
	return (int)a->norigins++;
}

static const struct profile_rule *shared_field_rule(const struct profile_set *s,
						    const char *strct, const char *field)
{
	if (!*field)
		return NULL;
	for (uint32_t i = 0; i < s->shared_fields.n; i++) {
		const struct profile_rule *r = &s->rules.v[s->shared_fields.v[i]];
		const char *name = sym_str(r->name), *rs = sym_str(r->strct);

		if ((r->prefix ? str_starts(field, name) : !strcmp(field, name)) &&
		    (!strcmp(rs, "*") || !strcmp(rs, strct)))
			return r;
	}
	return NULL;
}

/*
 * Fields that hold a pointer a shared-map function returned, stored there
 * anywhere in the tree (c->page = xc_map_foreign_range(...)): the member
 * and the struct that declares it, so that xenfb->c.page, reached through
 * another struct that embeds that one, is the same field.  Built once
 * before the checks (prepare()) and only read by them.
 */
struct stored_field {
	sym_t owner;			/* "struct common" */
	sym_t member;			/* "page" */
	const struct profile *prof;
	/*
	 * Found from a mapping's out-parameter (find_mapped_members()): read
	 * in sibling functions of one operation, through the object.
	 */
	bool kept;
	/*
	 * An array of pages a shared-pages call maps the memory at
	 * (find_mapped_pages()): its elements are pages, not pointers.
	 */
	bool pages;
};

static VEC(struct stored_field) stored_fields;
static const struct index *stored_index;
/*
 * Per function: it reads a field that holds a shared pointer
 * (stored_fields), itself or in a function it calls directly -- a
 * sibling callee of an operation that reaches the mapping through the
 * object that keeps it, handed no shared pointer.
 */
static uint8_t *stored_readers;

static bool key_owner(const struct index *idx, sym_t key, sym_t *owner, sym_t *member);

/*
 * Could key name a stored field at all: does its last member (what
 * key_owner() would give) match one's?  The text alone says so, without
 * the walk through the field types, for the many keys that cannot.
 */
static bool member_may_be_stored(sym_t key)
{
	const char *k = sym_str(key), *sep = strstr(k, "::"), *last;

	if (!sep)
		return false;
	last = strrchr(sep + 2, '.');
	last = last ? last + 1 : sep + 2;
	for (uint32_t i = 0; i < stored_fields.n; i++)
		if (!strcmp(sym_str(stored_fields.v[i].member), last))
			return true;
	return false;
}

static const struct stored_field *stored_field_at(sym_t key)
{
	sym_t owner, member;

	if (!stored_fields.n || !member_may_be_stored(key) ||
	    !key_owner(stored_index, key, &owner, &member))
		return NULL;
	for (uint32_t i = 0; i < stored_fields.n; i++)
		if (stored_fields.v[i].owner == owner && stored_fields.v[i].member == member)
			return &stored_fields.v[i];
	return NULL;
}

static const struct profile *stored_field_of(sym_t key)
{
	const struct stored_field *sf = stored_field_at(key);

	return sf && !sf->pages ? sf->prof : NULL;
}

/*
 * The profile of an array of mapped pages a key reads, the array
 * (pending->pages) or one of its elements (pending->pages[i]), or NULL.
 */
static const struct profile *pages_field_of(sym_t key)
{
	const char *k = sym_str(key);
	size_t n = strlen(k);
	const struct stored_field *sf;

	if (!stored_fields.n)
		return NULL;
	if (n > 2 && !strcmp(k + n - 2, "[]"))
		key = intern_n(k, n - 2);
	sf = stored_field_at(key);
	return sf && sf->pages ? sf->prof : NULL;
}

/* The profile of a field kept from a mapping's out-parameter (stored_field.kept), or NULL. */
static const struct profile *kept_field_of(sym_t key)
{
	const struct stored_field *sf = stored_field_at(key);

	return sf && sf->kept ? sf->prof : NULL;
}

/*
 * prepare()'s walks of every function run a block of functions at a time
 * on every worker (pool_run_blocks()); each block writes only its own
 * functions' bytes.
 */
struct prep_job {
	const struct index *idx;
	const struct profile_set *prof;
	uint8_t *direct;
	bool stored;		/* a stored shared-return rule exists */
};

static void direct_readers_block(void *ctx, uint32_t b, uint32_t start, uint32_t end)
{
	const struct prep_job *j = ctx;
	const struct index *idx = j->idx;

	(void)b;
	for (uint32_t id = start; id < end; id++) {
		const struct ir_func *f = index_func(idx, id);

		for (uint32_t o = 0; f && o < f->nops && !j->direct[id]; o++)
			if (f->ops[o].kind == OP_READ && f->ops[o].a < f->npaths &&
			    f->paths[f->ops[o].a].key && f->paths[f->ops[o].a].derefs &&
			    (kept_field_of(f->paths[f->ops[o].a].key) ||
			     pages_field_of(f->paths[f->ops[o].a].key)))
				j->direct[id] = 1;
	}
}

static void stored_readers_block(void *ctx, uint32_t b, uint32_t start, uint32_t end)
{
	const struct prep_job *j = ctx;
	const struct index *idx = j->idx;

	(void)b;
	for (uint32_t id = start; id < end; id++) {
		const struct ir_func *f = index_func(idx, id);

		stored_readers[id] = j->direct[id];
		for (uint32_t o = 0; f && o < f->nops && !stored_readers[id]; o++) {
			const struct ir_func *g;

			if (f->ops[o].kind == OP_CALL && (g = index_callee(idx, &f->ops[o])) &&
			    g->id < idx->nfuncs && j->direct[g->id])
				stored_readers[id] = 1;
		}
	}
}

/* Fill stored_readers, once the stored fields are known. */
static void find_stored_readers(const struct index *idx)
{
	struct prep_job j = { .idx = idx };
	unsigned jobs = idx->jobs;

	if (!stored_fields.n)
		return;
	j.direct = xcalloc(idx->nfuncs + 1, 1);
	stored_readers = xcalloc(idx->nfuncs + 1, 1);
	pool_run_blocks(jobs, idx->nfuncs, direct_readers_block, &j);
	pool_run_blocks(jobs, idx->nfuncs, stored_readers_block, &j);
	free(j.direct);
}

/*
 * The functions a handler-register call registers, by id (NULL when no
 * profile names such a call): a handler named in the call, or in a table
 * of the struct whose member the call is handed (a loop over the core's
 * own handler table).
 */
static uint8_t *registered;

/* The struct that declares the last member of a key, and that member. */
static bool key_owner_walk(const struct index *idx, sym_t key, sym_t *owner, sym_t *member);

/*
 * key_owner() is asked for every keyed read the stored fields' readers
 * could make, and again by the checks: the answer, string work and
 * interning, depends only on the key and the index, so each worker
 * remembers it (direct-mapped: never wrong, only cold).
 */
#define KEY_OWNER_MEMO_BITS 12

static __thread struct {
	uint64_t generation;
	sym_t key, owner, member;
	bool yes;
} key_owner_memo[1u << KEY_OWNER_MEMO_BITS];

static bool key_owner(const struct index *idx, sym_t key, sym_t *owner, sym_t *member)
{
	uint32_t slot = (uint32_t)(key * 0x9e3779b1u) >> (32 - KEY_OWNER_MEMO_BITS);

	if (key_owner_memo[slot].generation != idx->generation || key_owner_memo[slot].key != key) {
		key_owner_memo[slot].generation = idx->generation;
		key_owner_memo[slot].key = key;
		key_owner_memo[slot].owner = key_owner_memo[slot].member = 0;
		key_owner_memo[slot].yes = key_owner_walk(idx, key, &key_owner_memo[slot].owner,
							   &key_owner_memo[slot].member);
	}
	if (!key_owner_memo[slot].yes)
		return false;
	*owner = key_owner_memo[slot].owner;
	*member = key_owner_memo[slot].member;
	return true;
}

static bool key_owner_walk(const struct index *idx, sym_t key, sym_t *owner, sym_t *member)
{
	const char *k = sym_str(key), *sep = strstr(k, "::"), *c, *dot;
	sym_t cur;

	if (!sep || strchr(sep, '['))
		return false;
	cur = intern_n(k, (size_t)(sep - k));
	for (c = sep + 2; (dot = strchr(c, '.')) != NULL; c = dot + 1) {
		sym_t t = index_field_type(idx, cur, intern_n(c, (size_t)(dot - c)));

		if (!t || !(cur = index_struct_of(idx, t, NULL)))
			return false;
	}
	*owner = cur;
	*member = intern(c);
	return *c != '\0';
}

/* The shared-map rule of the call a stored value comes from, directly or through one local. */
static const struct profile_rule *stored_map(const struct profile_set *prof,
					      const struct ir_func *f, const struct ir_src *s)
{
	const struct profile_rule *r;
	const uint32_t *d;
	uint32_t n;

	if (s->how != HOW_VALUE)
		return NULL;
	if (s->kind == SRC_OP && s->ref < f->nops) {
		const struct ir_op *call = &f->ops[s->ref];

		if (call->kind != OP_CALL || (call->flags & (OPF_INDIRECT | OPF_MACRO_LOOP)))
			return NULL;
		r = profile_find(prof, call->a, PR_SHARED_RETURN);
		return r && r->stored ? r : NULL;
	}
	if (s->kind != SRC_VAR)
		return NULL;
	/* p = map(...); if (!p) fail; c->page = p; */
	d = src_defs(f, s, &n);
	for (uint32_t i = 0; i < n; i++) {
		const struct ir_op *def;

		if (d[i] & REACH_ENTRY || d[i] >= f->nops)
			continue;
		def = &f->ops[d[i]];
		for (uint32_t k = 0; def->kind == OP_DEF && k < def->src_count; k++) {
			const struct ir_src *ds = f->srcs + def->src_start + k;

			if (ds->kind == SRC_OP && (r = stored_map(prof, f, ds)) != NULL)
				return r;
		}
	}
	return NULL;
}

/* The name a call is known by: the callee, or the last member of a call through a pointer. */
static sym_t call_word(const struct ir_op *op)
{
	const char *t, *w;

	if (!(op->flags & OPF_INDIRECT))
		return op->a;
	t = sym_str(op->a);
	w = t + strlen(t);
	while (w > t && (isalnum((unsigned char)w[-1]) || w[-1] == '_'))
		w--;
	return *w ? intern(w) : 0;
}

/*
 * The struct whose member a key reads: "struct s::handler", or the
 * element type of a global table, "global::table[].handler".
 */
static sym_t table_struct(const struct index *idx, sym_t key)
{
	const char *k = sym_str(key), *sep = strstr(k, "::"), *name;
	sym_t parent = key_parent(key), t = 0, file, var;
	size_t n;

	if (!parent || !sep)
		return 0;
	if ((t = index_key_type(idx, parent)) != 0)
		return index_struct_of(idx, t, NULL);
	/* a table: the global (or the file's static) the key starts from */
	name = sep + 2;
	n = strcspn(name, "[.");
	if (name[n] != '[')
		return 0;
	var = intern_n(name, n);
	if (str_starts(k, "global::")) {
		t = symmap_get(&idx->globals, var, 0);
	} else {
		file = intern_n(k, (size_t)(sep - k));
		for (uint32_t u = 0; u < idx->nunits && !t; u++)
			for (uint32_t g = 0; idx->units[u].path == file && g < idx->units[u].nglobals; g++)
				if (idx->units[u].globals[g].name == var)
					t = idx->units[u].globals[g].type;
	}
	return t ? index_struct_of(idx, t, NULL) : 0;
}

/*
 * Is the file built only into modules whose framework hands its handlers
 * a private copy of the shared buffer (private-module-type)?  A file no
 * build description lists, or one also built into a module of another
 * type, is not.
 */
static bool only_private_modules(const struct profile_set *prof, sym_t file)
{
	sym_t types[16];
	uint32_t n = module_types_of(sym_str(file), types, 16);

	if (!n || n > 16)
		return false;
	for (uint32_t i = 0; i < n; i++)
		if (!profile_find(prof, types[i], PR_PRIVATE_MODULE))
			return false;
	return true;
}

/* Registered handlers that only ever see the framework's copy are not. */
static void drop_private_handlers(const struct index *idx, const struct profile_set *prof)
{
	struct symmap seen = {0};	/* file -> 1 shared, 2 private */
	bool any = false;

	for (uint32_t i = 0; i < prof->rules.n; i++)
		any |= prof->rules.v[i].kind == PR_PRIVATE_MODULE;
	for (uint32_t id = 0; any && id < idx->nfuncs; id++) {
		sym_t file;
		uint32_t v;

		if (!registered[id])
			continue;
		file = index_func(idx, id)->file;
		if (!(v = symmap_get(&seen, file, 0))) {
			v = only_private_modules(prof, file) ? 2 : 1;
			symmap_put(&seen, file, v);
		}
		if (v == 2)
			registered[id] = 0;
	}
	symmap_free(&seen);
}

/* The global an argument names: g, &g, or the value read from g; else 0. */
static sym_t arg_global(const struct ir_func *f, const struct ir_op *op, int k)
{
	const struct ir_arg *a;

	if (k < 0 || (uint32_t)k >= op_nargs(op))
		return 0;
	a = &f->args[op->src_start + k];
	if (a->path != IR_NONE && a->path < f->npaths &&
	    f->paths[a->path].base_kind == BASE_GLOBAL && !f->paths[a->path].chain)
		return f->paths[a->path].base;
	for (uint32_t i = 0; i < a->src_count; i++) {
		const struct ir_src *s = &f->srcs[a->src_start + i];
		const struct ir_path *p;

		if (s->kind != SRC_OP || s->ref >= f->nops || f->ops[s->ref].kind != OP_READ)
			continue;
		p = &f->paths[f->ops[s->ref].a];
		if (p->base_kind == BASE_GLOBAL && !p->chain)
			return p->base;
	}
	return 0;
}

/* The function an argument names (a handler, a callback), or IR_NONE. */
static uint32_t arg_function(const struct index *idx, const struct ir_func *f,
			     const struct ir_op *op, int k)
{
	sym_t g = arg_global(f, op, k);

	return g ? index_lookup_function(idx, g, f->file) : IR_NONE;
}

/* A handle variable of one file: static handles of two files are two. */
static sym_t handle_in(const struct ir_func *f, sym_t global)
{
	char buf[600];

	snprintf(buf, sizeof(buf), "%s|%s", sym_str(f->file), sym_str(global));
	return intern(buf);
}

/* The functions a lockdown-notify call asks to run at the lockdown. */
static uint8_t *lockdown_callbacks(const struct index *idx, const struct profile_set *prof)
{
	uint8_t *callback = NULL;
	bool any = false;

	/* a walk of every op of the tree: not for profiles that name no such call */
	for (uint32_t i = 0; i < prof->rules.n; i++)
		any |= prof->rules.v[i].kind == PR_LOCKDOWN_NOTIFY;
	for (uint32_t id = 0; any && id < idx->nfuncs; id++) {
		const struct ir_func *f = index_func(idx, id);

		for (uint32_t o = 0; f && o < f->nops; o++) {
			const struct ir_op *op = &f->ops[o];
			const struct profile_rule *r;
			uint32_t cur = 0, c;
			sym_t w;

			if (op->kind != OP_CALL || !(w = call_word(op)))
				continue;
			while ((r = profile_next(prof, w, PR_LOCKDOWN_NOTIFY, &cur)) != NULL) {
				if (arg_global(f, op, r->arg) != r->target ||
				    (c = arg_function(idx, f, op, r->dest)) == IR_NONE)
					continue;
				if (!callback)
					callback = xcalloc(idx->nfuncs + 1, 1);
				callback[c] = 1;
			}
		}
	}
	return callback;
}

/*
 * Handlers that live only until the lockdown: a lockdown callback
 * (lockdown-notify) unregisters (handler-unregister) the handle their
 * registration returned (handler-register's HANDLE), so they serve the
 * firmware's own early code and are gone before anything the other side
 * controls runs (EDK2's Tcg2Smm NVS handler, dropped at MM ReadyToLock).
 * Only when every registration of the handler hands its handle to such a
 * callback.
 */
static void drop_lockdown_handlers(const struct index *idx, const struct profile_set *prof)
{
	uint8_t *callback = lockdown_callbacks(idx, prof);
	struct symmap closed = {0};
	uint32_t *regs, *gone;

	if (!callback)
		return;
	for (uint32_t id = 0; id < idx->nfuncs; id++) {
		const struct ir_func *f = index_func(idx, id);

		for (uint32_t o = 0; callback[id] && f && o < f->nops; o++) {
			const struct ir_op *op = &f->ops[o];
			const struct profile_rule *r;
			sym_t w, g;

			if (op->kind == OP_CALL && (w = call_word(op)) &&
			    (r = profile_find(prof, w, PR_HANDLER_UNREGISTER)) &&
			    (g = arg_global(f, op, r->arg)) != 0)
				symmap_put(&closed, handle_in(f, g), 1);
		}
	}
	free(callback);
	if (!closed.n)
		return;
	regs = xcalloc(idx->nfuncs + 1, sizeof(*regs));
	gone = xcalloc(idx->nfuncs + 1, sizeof(*gone));
	for (uint32_t id = 0; id < idx->nfuncs; id++) {
		const struct ir_func *f = index_func(idx, id);

		for (uint32_t o = 0; f && o < f->nops; o++) {
			const struct ir_op *op = &f->ops[o];
			const struct profile_rule *r;
			uint32_t h;
			sym_t w, g;

			if (op->kind != OP_CALL || !(w = call_word(op)) ||
			    !(r = profile_find(prof, w, PR_HANDLER_REGISTER)) ||
			    (h = arg_function(idx, f, op, r->arg)) == IR_NONE)
				continue;
			regs[h]++;
			g = arg_global(f, op, r->dest);
			if (g && symmap_get(&closed, handle_in(f, g), 0))
				gone[h]++;
		}
	}
	for (uint32_t id = 0; id < idx->nfuncs; id++)
		if (regs[id] && gone[id] == regs[id])
			registered[id] = 0;
	free(regs);
	free(gone);
	symmap_free(&closed);
}

static void find_registered(const struct index *idx, const struct profile_set *prof)
{
	VEC(sym_t) tables = {0};
	bool any = false;

	for (uint32_t i = 0; i < prof->rules.n; i++)
		any |= prof->rules.v[i].kind == PR_HANDLER_REGISTER;
	if (!any)
		return;
	registered = xcalloc(idx->nfuncs + 1, 1);
	for (uint32_t id = 0; id < idx->nfuncs; id++) {
		const struct ir_func *f = index_func(idx, id);

		for (uint32_t o = 0; f && o < f->nops; o++) {
			const struct ir_op *op = &f->ops[o];
			const struct profile_rule *r;
			const struct ir_arg *arg;
			sym_t w;

			if (op->kind != OP_CALL || (op->flags & OPF_MACRO_LOOP) || !(w = call_word(op)) ||
			    !(r = profile_find(prof, w, PR_HANDLER_REGISTER)) || r->arg < 0 ||
			    (uint32_t)r->arg >= op_nargs(op))
				continue;
			arg = &f->args[op->src_start + r->arg];
			for (uint32_t i = 0; i < arg->src_count; i++) {
				const struct ir_src *s = &f->srcs[arg->src_start + i];
				const struct ir_path *p;
				uint32_t h;
				sym_t t;

				if (s->kind != SRC_OP || s->ref >= f->nops || f->ops[s->ref].kind != OP_READ)
					continue;
				p = &f->paths[f->ops[s->ref].a];
				if (p->base_kind == BASE_GLOBAL && !p->chain) {
					h = index_lookup_function(idx, p->base, f->file);
					if (h != IR_NONE)
						registered[h] = 1;
				} else if (p->key && (t = table_struct(idx, p->key)) != 0) {
					vec_push(&tables, t);
				}
			}
		}
	}
	for (uint32_t id = 0; id < idx->nfuncs && tables.n; id++)
		for (uint32_t t = 0; t < tables.n; t++)
			if (idx->info[id].callback_of == tables.v[t])
				registered[id] = 1;
	vec_free(&tables);
	drop_private_handlers(idx, prof);
	drop_lockdown_handlers(idx, prof);
}

/*
 * Remember that the field key names holds what prof's memory is reached
 * through: a pointer into it (kept) or pages it is mapped at (pages).
 */
static void store_field(const struct index *idx, sym_t key, const struct profile *prof,
			bool pages)
{
	struct stored_field sf;

	if (!key_owner(idx, key, &sf.owner, &sf.member))
		return;
	for (uint32_t i = 0; i < stored_fields.n; i++)
		if (stored_fields.v[i].owner == sf.owner && stored_fields.v[i].member == sf.member)
			return;
	sf.prof = prof;
	sf.kept = !pages;
	sf.pages = pages;
	vec_push(&stored_fields, sf);
}

static void store_shared_key(const struct index *idx, sym_t key, const struct profile *prof)
{
	store_field(idx, key, prof, false);
}

/*
 * Which functions make a call each of prepare()'s walks of the tree looks
 * for (by function id, WANT_*): found once, on every worker, so that the
 * walks, which keep their order, visit only those.
 */
#define WANT_SHARED_OUT 0x1
#define WANT_SHARED_PAGES 0x2
#define WANT_FILE_TRIGGER 0x4
#define WANT_STORED 0x8

static uint8_t *wants;

static uint8_t want_of(uint8_t kind)
{
	switch (kind) {
	case PR_SHARED_OUT:
		return WANT_SHARED_OUT;
	case PR_SHARED_PAGES:
		return WANT_SHARED_PAGES;
	case PR_FILE_TRIGGER:
		return WANT_FILE_TRIGGER;
	}
	return 0xff;
}

static const struct profile_rule *stored_map(const struct profile_set *prof,
					      const struct ir_func *f, const struct ir_src *s);

static void wants_block(void *ctx, uint32_t b, uint32_t start, uint32_t end)
{
	static const uint8_t kinds[] = { PR_SHARED_OUT, PR_SHARED_PAGES, PR_FILE_TRIGGER };
	const struct prep_job *j = ctx;
	const struct index *idx = j->idx;

	(void)b;
	for (uint32_t id = start; id < end; id++) {
		const struct ir_func *f = index_func(idx, id);
		uint8_t w = 0;

		for (uint32_t o = 0; f && o < f->nops; o++) {
			const struct ir_op *op = &f->ops[o];

			if (op->kind == OP_CALL && !(op->flags & (OPF_INDIRECT | OPF_MACRO_LOOP))) {
				for (size_t k = 0; k < ARRAY_SIZE(kinds); k++)
					if (!(w & want_of(kinds[k])) && profile_find(j->prof, op->a, kinds[k]))
						w |= want_of(kinds[k]);
			} else if (j->stored && !(w & WANT_STORED) && op->kind == OP_WRITE &&
				   op->a < f->npaths && f->paths[op->a].key) {
				for (uint32_t k = 0; k < op->src_count; k++)
					if (stored_map(j->prof, f, f->srcs + op->src_start + k)) {
						w |= WANT_STORED;
						break;
					}
			}
		}
		wants[id] = w;
	}
}

/* A call, its profile rule and the argument the rule names, for each_rule_call(). */
typedef void rule_call_fn(const struct index *idx, const struct profile_set *prof,
			 const struct ir_func *f, uint32_t o, const struct profile_rule *r,
			 const struct ir_arg *arg);

/*
 * Every direct call, in the whole tree, of a function a profile rule of
 * `kind` names, with the argument the rule points at (NULL for a rule that
 * names none): what the mapped members, the mapped pages and the files
 * that set a trigger of their own are found from.
 */
static void each_rule_call(const struct index *idx, const struct profile_set *prof,
			   uint8_t kind, rule_call_fn *fn)
{
	bool any = false;
	uint8_t want = want_of(kind);

	for (uint32_t i = 0; i < prof->rules.n; i++)
		any |= prof->rules.v[i].kind == kind;
	for (uint32_t id = 0; any && id < idx->nfuncs; id++) {
		const struct ir_func *f = index_func(idx, id);

		if (!(wants[id] & want))
			continue;	/* no such call: wants_block() looked */

		for (uint32_t o = 0; f && o < f->nops; o++) {
			const struct ir_op *op = &f->ops[o];
			const struct profile_rule *r;

			if (op->kind != OP_CALL || (op->flags & (OPF_INDIRECT | OPF_MACRO_LOOP)) ||
			    !(r = profile_find(prof, op->a, kind)) ||
			    (r->arg >= 0 && (uint32_t)r->arg >= op_nargs(op)))
				continue;
			fn(idx, prof, f, o, r, r->arg < 0 ? NULL : &f->args[op->src_start + r->arg]);
		}
	}
}

/*
 * A mapping whose out-parameter is a field of a longer-lived object
 * (kvm_vcpu_map(vcpu, gfn, &vmx->nested.hv_evmcs_map)): the member the
 * shared-out rule names (.hva) holds the mapped pointer wherever it is
 * read, and so does a field the function stores it into
 * (vmx->nested.hv_evmcs = vmx->nested.hv_evmcs_map.hva), read by other
 * functions of the same operation through the object (issue 21, item 4).
 * With `*`, the out-parameter is the pointer itself: a field handed by
 * address (prepare_ring_for_helper(d, gfn, &pg, &ved->ring_page)) holds
 * it wherever it is read; a local's address says nothing past the call.
 */
static void mapped_member_at(const struct index *idx, const struct profile_set *prof,
			     const struct ir_func *f, uint32_t o, const struct profile_rule *r,
			     const struct ir_arg *arg)
{
	const struct ir_path *ap;
	sym_t member;
	char buf[512];

	if (arg->path == IR_NONE || !(arg->flags & ARG_ADDR) ||
	    !(ap = &f->paths[arg->path])->key || !ap->derefs)
		return;
	if (!strcmp(sym_str(r->field), "*")) {
		member = ap->key;
	} else {
		snprintf(buf, sizeof(buf), "%s.%s", sym_str(ap->key), sym_str(r->field));
		member = intern(buf);
	}
	store_shared_key(idx, member, profile_of(prof, r));
	for (uint32_t w = o + 1; w < f->nops; w++) {
		const struct ir_op *wr = &f->ops[w];

		if (wr->kind != OP_WRITE || wr->a >= f->npaths || !f->paths[wr->a].key)
			continue;
		for (uint32_t k = 0; k < wr->src_count; k++) {
			const struct ir_src *ws = f->srcs + wr->src_start + k;

			if (ws->how == HOW_VALUE && ws->kind == SRC_OP && ws->ref < f->nops &&
			    f->ops[ws->ref].kind == OP_READ &&
			    f->paths[f->ops[ws->ref].a].key == member)
				store_shared_key(idx, f->paths[wr->a].key, profile_of(prof, r));
		}
	}
}

static void find_mapped_members(const struct index *idx, const struct profile_set *prof)
{
	each_rule_call(idx, prof, PR_SHARED_OUT, mapped_member_at);
}

static bool pointer_type(sym_t type);

/* The field key an argument names, the array itself or a pointer into it (pages + n). */
static sym_t arg_field_key(const struct ir_func *f, const struct ir_arg *arg)
{
	const struct ir_src *s = f->srcs + arg->src_start;

	if (arg->path != IR_NONE && f->paths[arg->path].key && f->paths[arg->path].derefs)
		return f->paths[arg->path].key;
	for (uint32_t i = 0; i < arg->src_count; i++)
		if (s[i].how == HOW_VALUE && s[i].kind == SRC_OP && s[i].ref < f->nops &&
		    f->ops[s[i].ref].kind == OP_READ && f->ops[s[i].ref].a < f->npaths &&
		    f->paths[f->ops[s[i].ref].a].key && f->paths[f->ops[s[i].ref].a].derefs)
			return f->paths[f->ops[s[i].ref].a].key;
	return 0;
}

/* The parameter an argument hands on (pg, pg + n), or IR_NONE. */
static uint32_t arg_param(const struct ir_func *f, const struct ir_arg *arg)
{
	const struct ir_src *s = f->srcs + arg->src_start;

	for (uint32_t i = 0; i < arg->src_count; i++)
		if (s[i].how == HOW_VALUE && s[i].kind == SRC_VAR && s[i].ref < f->nvars &&
		    f->vars[s[i].ref].is_param && pointer_type(f->vars[s[i].ref].type))
			return s[i].ref;
	return IR_NONE;
}

/* The array the key names holds pages prof's memory is mapped at (pages[] is pages). */
static void store_pages_key(const struct index *idx, sym_t key, const struct profile *prof)
{
	const char *k = sym_str(key);
	size_t n = strlen(k);

	if (n > 2 && !strcmp(k + n - 2, "[]"))
		key = intern_n(k, n - 2);
	store_field(idx, key, prof, true);
}

/*
 * The array of pages is f's parameter p: the field each direct caller
 * hands it, or, handed on from the caller's own parameter, its callers',
 * up to depth levels.
 */
static void pages_from_callers(const struct index *idx, const struct ir_func *f, uint32_t p,
			       const struct profile *prof, unsigned depth)
{
	const struct func_info *in;

	if (!depth || f->id >= idx->nfuncs)
		return;
	in = &idx->info[f->id];
	for (uint32_t c = 0; c < in->ncallers; c++) {
		uint32_t cid = idx->callers[in->callers_start + c].caller;
		const struct ir_func *g = cid < idx->nfuncs ? index_func(idx, cid) : NULL;

		for (uint32_t q = 0; g && q < g->nops; q++) {
			const struct ir_op *call = &g->ops[q];
			const struct ir_func *callee;
			const struct ir_arg *arg;
			sym_t key;
			uint32_t gp;

			if (call->kind != OP_CALL || p >= op_nargs(call) ||
			    !(callee = index_callee(idx, call)) || callee->id != f->id)
				continue;
			arg = &g->args[call->src_start + p];
			if ((key = arg_field_key(g, arg)) != 0)
				store_pages_key(idx, key, prof);
			else if ((gp = arg_param(g, arg)) != IR_NONE && g != f)
				pages_from_callers(idx, g, gp, prof, depth - 1);
		}
	}
}

/*
 * A shared-pages call (gnttab_map_refs(ops, NULL, pages, n)) maps the
 * other party's memory at the pages of an array: the field that array
 * is, handed to the call directly or by the callers of the function that
 * makes it (the array as a parameter, pg + mapped), holds such pages
 * wherever it is read.  The kernel address of one of them
 * (page-address calls) points into the memory.
 */
static void mapped_pages_at(const struct index *idx, const struct profile_set *prof,
			    const struct ir_func *f, uint32_t o, const struct profile_rule *r,
			    const struct ir_arg *arg)
{
	sym_t key;
	uint32_t p;

	(void)o;
	if ((key = arg_field_key(f, arg)) != 0)
		store_pages_key(idx, key, profile_of(prof, r));
	else if ((p = arg_param(f, arg)) != IR_NONE)
		pages_from_callers(idx, f, p, profile_of(prof, r), 4);
}

static void find_mapped_pages(const struct index *idx, const struct profile_set *prof)
{
	each_rule_call(idx, prof, PR_SHARED_PAGES, mapped_pages_at);
}

/* May a shared-param-name rule seed this function's parameter? */
static bool handler_of(const struct analysis *a, const struct ir_func *f,
		       const struct profile_rule *r)
{
	return !profile_of(a->prof, r)->registered_handlers ||
	       (registered && f->id < a->idx->nfuncs && registered[f->id]);
}

/*
 * The files that call a file-trigger rule's function (a Xen frontend
 * driver registers itself with xenbus_register_frontend()): their
 * findings of that rule's profile name its trigger, the other end.
 */
struct file_trigger {
	sym_t file;
	const struct profile *prof;
	sym_t trigger;
};

static VEC(struct file_trigger) file_triggers;

static void file_trigger_at(const struct index *idx, const struct profile_set *prof,
			    const struct ir_func *f, uint32_t o, const struct profile_rule *r,
			    const struct ir_arg *arg)
{
	struct file_trigger t = { f->file, profile_of(prof, r), intern(r->text) };

	(void)idx;
	(void)o;
	(void)arg;
	vec_push(&file_triggers, t);
}

static void find_file_triggers(const struct index *idx, const struct profile_set *prof)
{
	file_triggers.n = 0;
	each_rule_call(idx, prof, PR_FILE_TRIGGER, file_trigger_at);
}

/* Who writes org's memory, as a finding in `file` says it. */
static sym_t origin_trigger(const struct origin *org, sym_t file)
{
	for (uint32_t i = 0; i < file_triggers.n; i++)
		if (file_triggers.v[i].file == file && file_triggers.v[i].prof == org->prof)
			return file_triggers.v[i].trigger;
	return org->prof->trigger;
}

static void prepare(const struct index *idx, const struct profile_set *prof)
{
	bool any = false;
	struct prep_job j = { .idx = idx, .prof = prof };

	for (uint32_t i = 0; i < prof->rules.n; i++)
		if (prof->rules.v[i].kind == PR_SHARED_RETURN && prof->rules.v[i].stored)
			any = true;
	j.stored = any;
	wants = xmalloc(idx->nfuncs + 1);
	pool_run_blocks(idx->jobs, idx->nfuncs, wants_block, &j);
	find_registered(idx, prof);
	find_file_triggers(idx, prof);

	stored_index = idx;
	stored_fields.n = 0;
	find_mapped_members(idx, prof);
	find_mapped_pages(idx, prof);
	for (uint32_t id = 0; any && id < idx->nfuncs; id++) {
		const struct ir_func *f = index_func(idx, id);

		if (!(wants[id] & WANT_STORED))
			continue;

		for (uint32_t o = 0; f && o < f->nops; o++) {
			const struct ir_op *op = &f->ops[o];
			const struct profile_rule *r = NULL;
			struct stored_field sf;

			if (op->kind != OP_WRITE || op->a >= f->npaths || !f->paths[op->a].key)
				continue;
			for (uint32_t k = 0; !r && k < op->src_count; k++)
				r = stored_map(prof, f, f->srcs + op->src_start + k);
			if (!r || !key_owner(idx, f->paths[op->a].key, &sf.owner, &sf.member))
				continue;
			sf.prof = profile_of(prof, r);
			sf.kept = false;
			sf.pages = false;
			vec_push(&stored_fields, sf);
		}
	}
	free(wants);
	wants = NULL;
	find_stored_readers(idx);
}

static void finish(void)
{
	free(registered);
	registered = NULL;
	free(stored_readers);
	stored_readers = NULL;
	vec_free(&stored_fields);
	vec_free(&file_triggers);
}

/*
 * Is the field a key lands on named by a shared-field rule: by its last
 * component ("struct x::a.b" -> "b"), or, as a dotted FIELD names the
 * whole chain ("sev_es.ghcb"), by all of it?  Compared as text: interning
 * every key's pieces to look them up cost more than the few rules do.
 */
static bool shared_field_of(const struct analysis *a, const struct ir_path *p,
			    const struct profile **prof)
{
	const char *k = sym_str(p->key), *sep, *last;
	char strct[256];
	const struct profile_rule *r;

	if (p->key && (*prof = stored_field_of(p->key)) != NULL)
		return true;
	if (!p->key || !a->prof->shared_fields.n)
		return false;
	sep = strstr(k, "::");
	if (!sep || (size_t)(sep - k) >= sizeof(strct))
		return false;
	memcpy(strct, k, (size_t)(sep - k));
	strct[sep - k] = '\0';
	last = strrchr(sep + 2, '.');
	last = last ? last + 1 : sep + 2;
	r = shared_field_rule(a->prof, strct, last);
	if (!r)
		r = shared_field_rule(a->prof, strct, sep + 2);
	if (r)
		*prof = profile_of(a->prof, r);
	return r != NULL;
}

/*
 * Asked of every read the rule walks: remembered per worker, by key, for
 * the run (the rule's worker state; the profiles do not change in a run).
 */
struct shared_field_memo {
	sym_t key;
	const struct profile *prof;	/* NULL: not a shared field */
};

static bool shared_field(const struct analysis *a, const struct ir_path *p,
			 const struct profile **prof)
{
	struct shared_field_memo *m;

	if (!p->key)
		return false;
	m = &a->memo[(uint32_t)(p->key * 2654435761u) >> (32 - SYM_MEMO_BITS)];
	if (m->key != p->key) {
		const struct profile *found = NULL;

		m->prof = shared_field_of(a, p, &found) ? found : NULL;
		m->key = p->key;
	}
	if (!m->prof)
		return false;
	*prof = m->prof;
	return true;
}

/* --- walking a frame ---------------------------------------------------- */

static struct spval walk(struct analysis *a, const struct ir_func *f, struct spval *params);
static bool pointer_type(sym_t type);

/*
 * The bytes a plain read loads, past the start of its location: where
 * its pointer points (a caller handed the helper ptr + 1) and, for a
 * scalar member, the member's width.  A helper that reads one 8-byte
 * word, called on a GUID and on the GUID plus 8 bytes, reads two
 * different words (EDK2's CompareGuid() through ReadUnaligned64()).
 * A read whose width is not a known scalar keeps the whole location.
 */
/* Does a path's text end in a subscript that is a number ("p[1]")? */
static bool constant_index(const char *text)
{
	size_t n = strlen(text);
	const char *o;
	long long v;
	char num[32];

	if (!n || text[n - 1] != ']' || !(o = strrchr(text, '[')) ||
	    (size_t)(text + n - 1 - (o + 1)) >= sizeof(num))
		return false;
	memcpy(num, o + 1, (size_t)(text + n - 1 - (o + 1)));
	num[text + n - 1 - (o + 1)] = '\0';
	return c_integer(num, &v) && v >= 0;
}

static void read_range(const struct analysis *a, const struct ir_func *f, uint32_t op,
		       const struct spval *base, struct event *e)
{
	const struct ir_path *p = &f->paths[f->ops[op].a];
	unsigned width;
	long long nr;

	e->off = base->off;
	/*
	 * test_bit(nr, map) with a numbered bit loads the one long that holds
	 * it: bits 0x80 and 0xed of a guest's I/O bitmap are two words, and
	 * reading both is no double fetch.  A bit named by a macro keeps the
	 * whole map.
	 */
	if ((f->ops[op].kind == OP_READ || f->ops[op].kind == OP_RMW) &&
	    f->ops[op].bit != IR_NONE && c_integer(sym_str(f->ops[op].bit), &nr) && nr >= 0) {
		struct lin word = {0};

		word.c = (nr / 64) * 8;
		if (!lin_add(&e->off, &word, 1))
			return;
		memset(&e->len, 0, sizeof(e->len));
		e->len.c = 8;
		e->has_len = true;
		return;
	}
	width = p->key ? scalar_size(sym_str(index_key_type(a->idx, p->key))) : 0;
	/* *(volatile uint32_t *)addr: the one load through the cast's type */
	if (!width && !p->key && p->derefs == 1 && !strcmp(sym_str(p->chain), "*") && p->base_type)
		width = scalar_size(sym_str(type_pointee(p->base_type)));
	/*
	 * ((UINT8 *)buf)[1]: one element through the cast's type, at a
	 * constant index (the location names it).  A helper that loads a
	 * 16-bit piece byte by byte, called on buf, buf + 1, ... of a wider
	 * id through nested helpers, reads each piece's bytes at their own
	 * offsets: without a width every call would cover the whole place.
	 * A variable index keeps the whole location (its offset is not in
	 * the range).
	 */
	if (!width && !p->key && p->derefs == 1 && !strcmp(sym_str(p->chain), "[]") &&
	    p->base_type && constant_index(sym_str(p->text)))
		width = scalar_size(sym_str(type_pointee(p->base_type)));
	if (!width)
		return;
	memset(&e->len, 0, sizeof(e->len));
	e->len.c = width;
	e->has_len = true;
}

static void add_event(struct frame *fr, uint32_t op, uint8_t kind, struct spval base,
		      const char *loc, sym_t text)
{
	struct analysis *a = fr->a;
	struct event e = {0};

	/*
	 * A __user pointer is never dereferenced by correct kernel code: an
	 * expression such as uptr->entries is the address of a user array,
	 * not a load.  User memory is fetched by the fetch functions only.
	 */
	if (a->origins[base.origin].prof->user_pointers && fr->f->ops[op].kind != OP_CALL)
		return;
	/*
	 * *p++ through a cursor a loop steps (cursor_step()): each pass its
	 * own element.  Only a fetch call's sweep is paired (its bytes run
	 * from where the cursor starts on); a plain load through the cursor
	 * -- a string routine walking a buffer -- is left as it was before
	 * cursors had a value, each pass reading the next element.
	 */
	if (base.sweep && fr->f->ops[op].kind != OP_CALL)
		return;
	/*
	 * In the arguments of a log macro the default build defines as
	 * nothing (index/debug_asserts.c): never evaluated, no read at all --
	 * not even one for logging only.
	 */
	if ((fr->f->ops[op].flags & OPF_DEBUG_WARN) && !(fr->f->ops[op].flags & OPF_WARN))
		return;
	if (a->events.n >= MAX_EVENTS)
		return;
	e.kind = kind;
	e.ptr_var = IR_NONE;
	e.origin = (uint8_t)base.origin;
	e.loc = join_sym(base.prefix, loc);
	e.text = text;
	e.nframes = (uint8_t)(a->depth + 1);
	memcpy(e.func, a->stack_func, sizeof(uint32_t) * a->depth);
	memcpy(e.pos, a->stack_pos, sizeof(uint32_t) * a->depth);
	e.func[a->depth] = fr->f->id;
	e.pos[a->depth] = op;
	e.frame_id = fr->id;
	e.variant_frame = a->variant_frame;
	e.variant_truth = a->variant_truth;
	e.pass_level = a->pass_level;
	e.pass_loop = a->pass_loop;
	if (fr->alt.valid) {
		int t = flag_truth_at(fr->f, fr->alt.flag, op);

		if (t >= 0) {
			e.variant_frame = fr->id;
			e.variant_truth = (int8_t)t;
		}
	}
	if (kind == EV_FETCH && fr->nfetch < 64) {
		e.taint_self = 1ull << fr->nfetch++;
		/* a read's value is the data; a fetch call's data is in its destination */
		if (fr->f->ops[op].kind == OP_CALL)
			fr->fetched[op] = e.taint_self;
		else
			fr->taint[op] |= e.taint_self;
	}
	if (fr->f->ops[op].kind != OP_CALL)
		read_range(a, fr->f, op, &base, &e);

	fr->event_of[op] = a->events.n;
	vec_push(&a->events, e);
}

static const struct profile_rule *call_rule(const struct analysis *a, const struct ir_op *op,
					    int kind)
{
	if (op->flags & (OPF_INDIRECT | OPF_MACRO_LOOP))
		return NULL;
	return profile_find(a->prof, op->a, kind);
}

/*
 * The definition a call is followed into: of a static helper's #ifdef
 * alternatives, the one that does the work (MIPS copy_fp_from_sigcontext()
 * and its `return 0` stub).
 */
static const struct ir_func *walk_callee(const struct analysis *a, const struct ir_op *op)
{
	const struct ir_func *g = index_callee(a->idx, op);

	return g ? index_func(a->idx, index_richest_alternative(a->idx, g->id)) : NULL;
}

/*
 * Is f the #ifdef alternative that walk_callee() follows in place of the
 * definition its callers' calls resolve to?  Those callers' walks reach
 * it; a root of its own would report the same reads once more.
 */
static bool walked_into_instead(const struct analysis *a, const struct ir_func *f)
{
	uint32_t g = index_lookup_function(a->idx, f->name, f->file);

	return g != IR_NONE && g != f->id && index_richest_alternative(a->idx, g) == f->id &&
	       a->idx->info[g].ncallers > 0 && !a->idx->info[f->id].address_taken &&
	       !a->idx->info[f->id].exported;
}

/* A root's own sources: calls and reads that yield shared pointers. */
static const struct profile_rule *shared_handle(const struct analysis *a, sym_t type);
static const struct profile_rule *shared_type(const struct analysis *a, sym_t type);

/*
 * Which op stands for the value of argument k of call op o, an address
 * held as an integer: the first read of the same place (req.block read
 * twice names one address), or the one definition of a local that
 * reaches the call.  IR_NONE when there is no telling.
 */
static uint32_t address_value_key(const struct ir_func *f, uint32_t o, int k)
{
	const struct ir_op *op = &f->ops[o];
	const struct ir_arg *arg;
	const struct ir_src *s;

	if (k < 0 || (uint32_t)k >= op_nargs(op))
		return IR_NONE;
	arg = &f->args[op->src_start + k];
	s = f->srcs + arg->src_start;
	if (arg->src_count != 1)
		return IR_NONE;
	if (s->kind == SRC_OP && s->ref < f->nops && f->ops[s->ref].kind == OP_READ) {
		sym_t text = f->paths[f->ops[s->ref].a].text;

		for (uint32_t e = 0; e < f->nops; e++)
			if (f->ops[e].kind == OP_READ && f->paths[f->ops[e].a].text == text)
				return e;
	}
	if (s->kind == SRC_VAR && s->defs == 1 && !(f->reach[s->def_start] & REACH_ENTRY))
		return f->reach[s->def_start];
	return IR_NONE;
}

/* An origin keyed by an address's value, apart from any keyed by the op itself. */
#define ORIGIN_BY_VALUE (IR_NONE - 1)
/* An origin keyed by the field that keeps the pointer (origin.kept). */
#define ORIGIN_KEPT (IR_NONE - 2)

/*
 * Is the value def op o gives computed from a __user parameter of a
 * function others call (csr = sc + abi->off_sc_fpc_csr)?  The callers'
 * walks follow sc into it and name that place; a source of its own would
 * report the same reads again, apart from the callees that recompute the
 * address from sc.
 */
static bool from_user_param(struct frame *fr, uint32_t o)
{
	const struct ir_func *f = fr->f;
	const struct ir_op *op = &f->ops[o];
	const struct ir_src *s = op_srcs(f, op);

	if (f->id >= fr->a->idx->nfuncs || !fr->a->idx->info[f->id].ncallers)
		return false;
	for (uint32_t i = 0; i < op->src_count; i++)
		if (s[i].kind == SRC_VAR && s[i].how == HOW_VALUE && s[i].ref < f->nvars &&
		    f->vars[s[i].ref].is_param && f->vars[s[i].ref].is_user)
			return true;
	return false;
}

/*
 * u32 __user *fcsr = &blk->fcsr, of a blk already known to point into
 * user memory: a place inside that object (the OP_DEF of visit() derives
 * it), not an object of its own -- else a read of blk->fcsr by a helper
 * handed blk looks like other bytes than the reads through fcsr.  Only
 * the address of a member: a plain copy of a pointer (sioc = argp) still
 * starts its own, as it always has (which arms of a command read through
 * it is not followed across calls).
 */
static bool member_of_known_source(struct frame *fr, uint32_t o)
{
	const struct ir_func *f = fr->f;
	const struct ir_op *op = &f->ops[o];
	const struct ir_src *s = op_srcs(f, op);
	bool member = false;

	for (uint32_t i = 0; i < op->src_count; i++)
		member |= s[i].kind == SRC_ADDR && s[i].how == HOW_VALUE && s[i].ref < f->npaths &&
			  f->paths[s[i].ref].derefs && *sym_str(f->paths[s[i].ref].chain);
	return member && list_val(fr, s, op->src_count).origin >= 0;
}

/*
 * The first read in f of the pointer field read op o reads, by the same
 * path (queue->tx.sring at the check and again in the message): both
 * point at one object, unless the function stores another pointer in the
 * field or its base in between -- then o starts its own.
 */
static uint32_t first_read_of_same_field(const struct ir_func *f, uint32_t o)
{
	const struct ir_path *p = &f->paths[f->ops[o].a];
	uint32_t first = o;

	/* rings[i].sring: the index may differ between the two */
	if (p->flags & PATH_FLAG_INDEXED)
		return o;
	for (uint32_t e = 0; e < o; e++)
		if (f->ops[e].kind == OP_READ && f->ops[e].a < f->npaths &&
		    f->paths[f->ops[e].a].text == p->text) {
			first = e;
			break;
		}
	for (uint32_t e = 0; e < f->nops && first != o; e++) {
		const struct ir_op *w = &f->ops[e];

		if ((w->kind == OP_WRITE && w->a < f->npaths && f->paths[w->a].text == p->text) ||
		    (w->kind == OP_DEF && p->base_kind == BASE_VAR && w->a == p->base &&
		     op_reaches(f, first, e)))
			return o;
	}
	return first;
}

static bool is_fetch_call(const struct analysis *a, const struct ir_op *op,
			  const struct profile_rule **r);

/*
 * The user fetch that filled the local struct read op o reads a member
 * of (copy_from_user(&req, uarg, sizeof(req)), then req.buf), when every
 * definition of the local reaching o is that fetch's: its profile, or
 * NULL.  A pointer member of a struct copied in from user memory holds
 * whatever address user space wrote there, so it points into user
 * memory; not once the code stores the member itself (req.buf = NULL on
 * one arm) anywhere before o.
 */
static const struct profile *user_copied_member(const struct analysis *a, const struct ir_func *f,
						uint32_t o)
{
	const struct ir_op *op = &f->ops[o];
	const struct ir_path *p = &f->paths[op->a];
	const struct ir_src *s = f->srcs + op->src_start;
	const struct profile *prof = NULL;
	const char *chain = p->chain ? sym_str(p->chain) : "";
	sym_t st;
	int lv = 0;

	/* one member of the local itself (req.buf): its type from the struct's */
	if (!a->prof->any_user_pointers || p->base_kind != BASE_VAR || p->base >= f->nvars ||
	    p->derefs || !f->vars[p->base].by_value || chain[0] != '.' ||
	    strpbrk(chain + 1, ".[*-") ||
	    !(st = index_struct_of(a->idx, f->vars[p->base].type, &lv)) || lv != 0 ||
	    !pointer_type(index_field_type(a->idx, st, intern(chain + 1))))
		return NULL;
	for (uint32_t e = 0; e < f->nops; e++)
		if (f->ops[e].kind == OP_WRITE && f->ops[e].a < f->npaths &&
		    f->paths[f->ops[e].a].text == p->text && op_reaches(f, e, o))
			return NULL;
	for (uint32_t i = 0; i < op->src_count; i++) {
		uint32_t nd;
		const uint32_t *d;

		if (s[i].how != HOW_BASE || s[i].kind != SRC_VAR || s[i].ref != p->base)
			continue;
		d = src_defs(f, &s[i], &nd);
		for (uint32_t k = 0; k < nd; k++) {
			const struct ir_op *def = &f->ops[d[k] & ~REACH_ENTRY];
			const struct ir_src *ds = f->srcs + def->src_start;
			const struct profile *up = NULL;
			const struct profile_rule *r;
			const struct ir_op *call;
			const struct ir_arg *dest;
			uint32_t cur = 0;

			if ((d[k] & REACH_ENTRY) || def->kind != OP_DEF || !(def->flags & OPF_OUTPARAM) ||
			    def->src_count != 1 || ds[0].kind != SRC_OP || ds[0].ref >= f->nops ||
			    (call = &f->ops[ds[0].ref])->kind != OP_CALL ||
			    (call->flags & (OPF_INDIRECT | OPF_MACRO_LOOP)))
				return NULL;
			/* a fetch a profile of user memory names (others may name it too) */
			while ((r = profile_next(a->prof, call->a, PR_FETCH, &cur)) != NULL)
				if (profile_of(a->prof, r)->user_pointers && r->dest >= 0 &&
				    (uint32_t)r->dest < op_nargs(call)) {
					up = profile_of(a->prof, r);
					break;
				}
			if (!up)
				return NULL;
			dest = &f->args[call->src_start + r->dest];
			if (!(dest->flags & ARG_ADDR) || dest->path == IR_NONE ||
			    f->paths[dest->path].base_kind != BASE_VAR ||
			    f->paths[dest->path].base != p->base || f->paths[dest->path].derefs ||
			    (prof && prof != up))
				return NULL;
			prof = up;
		}
		return prof;
	}
	return NULL;
}

static void seed_op(struct frame *fr, uint32_t o, bool final)
{
	struct analysis *a = fr->a;
	const struct ir_func *f = fr->f;
	const struct ir_op *op = &f->ops[o];
	const struct profile_rule *r;
	const struct profile *prof;
	int k;

	/*
	 * A mapping kept in an object's field, read anywhere in the operation
	 * (the root, or a sibling callee through a helper): one place, keyed
	 * by the field, whichever function reads it.
	 */
	if (op->kind == OP_READ && stored_fields.n && op->a < f->npaths && f->paths[op->a].key &&
	    f->paths[op->a].derefs && (prof = kept_field_of(f->paths[op->a].key)) != NULL) {
		sym_t owner, member;

		if (!key_owner(a->idx, f->paths[op->a].key, &owner, &member) ||
		    (k = add_origin(a, (uint32_t)member ^ ((uint32_t)owner << 7), ORIGIN_KEPT,
				    prof)) < 0)
			return;
		a->origins[k].kept = true;
		fr->vals[o] = (struct spval){ (int16_t)k, false, 0 };
		if (final)
			snprintf(a->origins[k].what, sizeof(a->origins[k].what),
				 "%s::%s keeps a pointer into %s", sym_str(owner), sym_str(member),
				 sym_str(prof->memory));
		return;
	}
	/* a page the other party's memory is mapped at, kept in an array field */
	if (op->kind == OP_READ && stored_fields.n && op->a < f->npaths && f->paths[op->a].key &&
	    f->paths[op->a].derefs && (prof = pages_field_of(f->paths[op->a].key)) != NULL) {
		sym_t owner, member;
		const char *key = sym_str(f->paths[op->a].key);
		size_t n = strlen(key);
		sym_t field = n > 2 && !strcmp(key + n - 2, "[]") ? intern_n(key, n - 2) :
								       f->paths[op->a].key;

		if (!key_owner(a->idx, field, &owner, &member) ||
		    (k = add_origin(a, (uint32_t)member ^ ((uint32_t)owner << 7), ORIGIN_KEPT,
				    prof)) < 0)
			return;
		a->origins[k].kept = true;
		fr->vals[o] = (struct spval){ .origin = (int16_t)k, .page = true };
		if (final)
			snprintf(a->origins[k].what, sizeof(a->origins[k].what),
				 "%s::%s holds pages %s is mapped at", sym_str(owner),
				 sym_str(member), sym_str(prof->memory));
		return;
	}
	if (a->depth != 0)
		return;
	if (op->kind == OP_CALL) {
		if ((r = call_rule(a, op, PR_SHARED_RETURN)) != NULL) {
			uint32_t key = r->arg >= 0 ? address_value_key(f, o, r->arg) : IR_NONE;

			/* u64_to_user_ptr(req.block) twice: one address, one place */
			k = key != IR_NONE ? add_origin(a, key, ORIGIN_BY_VALUE, profile_of(a->prof, r)) :
					     add_origin(a, o, IR_NONE, profile_of(a->prof, r));
			if (k >= 0) {
				fr->vals[o] = (struct spval){ (int16_t)k, false, 0 };
				fr->vals[o].page = r->page;
				if (final)
					snprintf(a->origins[k].what, sizeof(a->origins[k].what),
						 "%s() returns a %s %s", sym_str(op->a),
						 r->page ? "page of" : "pointer into",
						 sym_str(profile_of(a->prof, r)->memory));
			}
		}
		if ((r = call_rule(a, op, PR_SHARED_OUT)) != NULL && r->arg >= 0 &&
		    (uint32_t)r->arg < op_nargs(op)) {
			/* the out-parameter is a local: its def right after the call */
			for (uint32_t d = o + 1; d < f->nops && d < o + 8; d++) {
				const struct ir_op *def = &f->ops[d];
				const struct ir_arg *arg = &f->args[op->src_start + r->arg];

				if (def->kind != OP_DEF || !(def->flags & OPF_OUTPARAM))
					continue;
				if (arg->path == IR_NONE || f->paths[arg->path].base_kind != BASE_VAR ||
				    f->paths[arg->path].base != def->a)
					continue;
				k = add_origin(a, o, IR_NONE, profile_of(a->prof, r));
				if (k < 0)
					break;
				if (!strcmp(sym_str(r->field), "*"))
					fr->vals[d] = (struct spval){ (int16_t)k, false, 0 };
				else
					fr->vals[d] = (struct spval){ (int16_t)k, true, r->field };
				fr->vals[d].page = r->page;
				if (final)
					snprintf(a->origins[k].what, sizeof(a->origins[k].what),
						 "%s() %s %s into %s", sym_str(op->a),
						 r->page ? "puts a page of" : "maps",
						 r->page ? sym_str(profile_of(a->prof, r)->memory) :
							   sym_str(f->vars[def->a].name),
						 r->page ? sym_str(f->vars[def->a].name) :
							   sym_str(profile_of(a->prof, r)->memory));
				break;
			}
		}
	} else if (op->kind == OP_DEF && op->a < f->nvars && !f->vars[op->a].is_param &&
		   (r = shared_type(a, f->vars[op->a].type)) != NULL) {
		/*
		 * struct optee_msg_arg *arg = mobj_get_va(m, 0): every object
		 * of a shared type lives in shared memory, wherever the local
		 * pointing to it got its address
		 */
		k = add_origin(a, o, IR_NONE, profile_of(a->prof, r));
		if (k >= 0) {
			fr->vals[o] = (struct spval){ (int16_t)k, false, 0 };
			if (final)
				snprintf(a->origins[k].what, sizeof(a->origins[k].what),
					 "%s points to a %s, which lives in %s",
					 sym_str(f->vars[op->a].name), sym_str(r->strct),
					 sym_str(profile_of(a->prof, r)->memory));
		}
	} else if (op->kind == OP_DEF && op->a < f->nvars && f->vars[op->a].is_user &&
		   !f->vars[op->a].is_param && a->prof->any_user_pointers &&
		   !from_user_param(fr, o) && !member_of_known_source(fr, o)) {
		/* void __user *argp = (void __user *)arg; (not from_user_param()) */
		for (uint32_t p = 0; p < a->prof->profiles.n; p++) {
			if (!a->prof->profiles.v[p].user_pointers)
				continue;
			k = add_origin(a, o, IR_NONE, &a->prof->profiles.v[p]);
			if (k >= 0) {
				fr->vals[o] = (struct spval){ (int16_t)k, false, 0 };
				if (final)
					snprintf(a->origins[k].what, sizeof(a->origins[k].what),
						 "%s points into %s", sym_str(f->vars[op->a].name),
						 sym_str(a->prof->profiles.v[p].memory));
			}
			break;
		}
	} else if (op->kind == OP_READ && op->a < f->npaths &&
		   (prof = user_copied_member(a, f, o)) != NULL) {
		/*
		 * req.buf of a request copied in: every read of it names one
		 * place, the one a read through it (req.buf->n) names too,
		 * whichever function the operation is seen from
		 */
		struct spval v = copied_in_pointer(fr, &f->paths[op->a], false);

		if (v.origin >= 0) {
			fr->vals[o] = v;
			return;
		}
		k = add_origin(a, first_read_of_same_field(f, o), ORIGIN_BY_VALUE, prof);
		if (k >= 0) {
			fr->vals[o] = (struct spval){ (int16_t)k, false, 0 };
			if (final && !a->origins[k].what[0])
				snprintf(a->origins[k].what, sizeof(a->origins[k].what),
					 "%s, copied in from %s, points into it",
					 sym_str(f->paths[op->a].text), sym_str(prof->memory));
		}
	} else if (op->kind == OP_READ && shared_field(a, &f->paths[op->a], &prof)) {
		k = add_origin(a, first_read_of_same_field(f, o), IR_NONE, prof);
		if (k >= 0) {
			fr->vals[o] = (struct spval){ (int16_t)k, false, 0 };
			if (final)
				snprintf(a->origins[k].what, sizeof(a->origins[k].what),
					 "%s points into %s", sym_str(f->paths[op->a].text),
					 sym_str(prof->memory));
		}
	} else if (op->kind == OP_READ && f->paths[op->a].key &&
		   (r = shared_handle(a, index_key_type(a->idx, f->paths[op->a].key))) != NULL) {
		/*
		 * a handle held in a field (op.u.buf, copied in with the
		 * request): every read of that field names one place
		 */
		uint32_t first = o;

		for (uint32_t e = 0; e < o; e++)
			if (f->ops[e].kind == OP_READ && f->ops[e].a < f->npaths &&
			    f->paths[f->ops[e].a].text == f->paths[op->a].text) {
				first = e;
				break;
			}
		k = add_origin(a, first, IR_NONE, profile_of(a->prof, r));
		if (k >= 0) {
			fr->vals[o] = (struct spval){ (int16_t)k, false, 0 };
			if (final)
				snprintf(a->origins[k].what, sizeof(a->origins[k].what),
					 "%s is a handle to %s", sym_str(f->paths[op->a].text),
					 sym_str(profile_of(a->prof, r)->memory));
		}
	}
}


/* --- pointers copied in, kept, and stored through (issue 21, row 16) ---- */

static void pointer_text(const struct ir_func *f, const struct ir_arg *arg, char *text, size_t n);

/* What a fetch or store call's address argument names: &x is x, p is *p. */
static void arg_place_text(const struct ir_func *f, const struct ir_arg *arg, char *text, size_t n)
{
	const struct ir_path *ap = arg->path != IR_NONE ? &f->paths[arg->path] : NULL;

	if (ap && (arg->flags & ARG_ADDR))
		snprintf(text, n, "%s", sym_str(ap->text));
	else if (ap)
		snprintf(text, n, "*%s", sym_str(ap->text));
	else
		pointer_text(f, arg, text, n);
}

/* An origin keyed by a pointer member of a struct copied in (copied_in_pointer()). */
#define ORIGIN_COPIED_IN (IR_NONE - 3)

/*
 * A pointer member of a local struct that a fetch from user memory filled
 * whole earlier in the function (copy_from_user(&req, uarg, sizeof(req)),
 * then req.entries): user space wrote the pointer, so it is a user address
 * whatever its declaration says -- correct code only hands it to the
 * fetch and store calls.  Path p reads the member itself (inside false:
 * req.entries) or names a place in what it points to (inside true:
 * &req.entries[i].status, the place "[i].status").  Every use of the
 * member in the function names one place.
 */
static struct spval copied_in_pointer(struct frame *fr, const struct ir_path *p, bool inside)
{
	struct analysis *a = fr->a;
	const struct ir_func *f = fr->f;
	const char *t = sym_str(p->text), *name, *m, *end;
	uint32_t var = p->base, at = fr->cur_op;
	sym_t strct, member;
	size_t bl;

	if (!a->prof->any_user_pointers || p->base_kind != BASE_VAR || p->derefs > (inside ? 1 : 0) ||
	    var >= f->nvars || !f->vars[var].by_value || at == IR_NONE)
		return none;
	name = sym_str(f->vars[var].name);
	bl = strlen(name);
	if (strncmp(t, name, bl) || t[bl] != '.')
		return none;
	m = t + bl + 1;
	for (end = m; isalnum((unsigned char)*end) || *end == '_'; end++)
		;
	/* req.entries[i] or req.hdr->len: the one dereference is the member's */
	if (end == m || (!inside && *end) ||
	    (inside && !(p->derefs == 0 && *end == '[') &&
	     !(p->derefs == 1 && end[0] == '-' && end[1] == '>' && !strpbrk(end + 2, "[-"))))
		return none;
	member = intern_n(m, (size_t)(end - m));
	strct = index_struct_of(a->idx, f->vars[var].type, NULL);
	if (!strct || !pointer_type(index_field_type(a->idx, strct, member)))
		return none;
	/* not once the code stores the member itself (req.errors = NULL) before */
	for (uint32_t w = 0; w < f->nops; w++) {
		const char *wt;

		if (f->ops[w].kind != OP_WRITE || f->ops[w].a >= f->npaths)
			continue;
		wt = sym_str(f->paths[f->ops[w].a].text);
		if (!strncmp(wt, t, (size_t)(end - t)) && !wt[end - t] && op_reaches(f, w, at))
			return none;
	}
	for (uint32_t c = 0; c < f->nops; c++) {
		const struct ir_op *op = &f->ops[c];
		const struct profile_rule *r;
		const struct ir_arg *d;
		const struct event *e;
		int k;

		if (fr->event_of[c] == IR_NONE || op->kind != OP_CALL || !is_fetch_call(a, op, &r) ||
		    r->dest < 0 || (uint32_t)r->dest >= op_nargs(op))
			continue;
		d = &f->args[op->src_start + r->dest];
		if (d->path == IR_NONE || !(d->flags & ARG_ADDR) ||
		    f->paths[d->path].base_kind != BASE_VAR || f->paths[d->path].base != var ||
		    *sym_str(f->paths[d->path].chain))
			continue;
		e = &a->events.v[fr->event_of[c]];
		if (e->kind != EV_FETCH || !a->origins[e->origin].prof->user_pointers ||
		    !op_reaches(f, c, at))
			continue;
		k = add_origin(a, (uint32_t)mix(mix(f->id, var), member), ORIGIN_COPIED_IN,
			       a->origins[e->origin].prof);
		if (k < 0)
			return none;
		if (!a->origins[k].name) {
			char full[160];

			a->origins[k].kept = true;
			a->origins[k].copied_in = true;
			a->origins[k].src_func = f->id;
			a->origins[k].src_op = c;
			snprintf(full, sizeof(full), "%s.%s", name, sym_str(member));
			a->origins[k].name = intern(full);
			/* no line: the fingerprint (race_object()) is made of it */
			snprintf(a->origins[k].what, sizeof(a->origins[k].what),
				 "%.60s, a pointer in a struct copied in from %.30s, points into it",
				 full, sym_str(a->origins[k].prof->memory));
		}
		return (struct spval){ (int16_t)k, false,
				       !inside ? 0 : *end == '-' ? intern(end + 2) : intern(end) };
	}
	return none;
}

/*
 * Store op o puts a shared pointer into a member of an object of the
 * code's own (batch->slot[batch->n] = uptr): remember it by the member's
 * key, for a read of that member later in the operation.  Two different
 * pointers stored there leave the member unknown.
 */
static void keep_stored_pointer(struct frame *fr, uint32_t o)
{
	struct analysis *a = fr->a;
	const struct ir_func *f = fr->f;
	const struct ir_op *op = &f->ops[o];
	const struct ir_path *p = &f->paths[op->a];
	struct spval v;

	if (op->kind != OP_WRITE || !p->key || !p->derefs)
		return;
	v = list_val(fr, f->srcs + op->src_start, op->src_count);
	if (v.origin < 0 || v.holder || v.page)
		return;
	v.off.unknown = v.off.unknown || v.off.n;
	for (uint32_t i = 0; i < a->kept_ptrs.n; i++) {
		struct kept_ptr *kp = &a->kept_ptrs.v[i];

		if (kp->key != p->key)
			continue;
		if (kp->v.origin != v.origin || kp->v.prefix != v.prefix)
			kp->mixed = true;
		for (unsigned k = 0; k < kp->nstores; k++)
			if (kp->func[k] == f->id && kp->op[k] == o)
				return;
		if (kp->nstores == KEPT_STORES)
			kp->mixed = true;
		else {
			kp->func[kp->nstores] = f->id;
			kp->op[kp->nstores++] = o;
		}
		return;
	}
	{
		struct kept_ptr kp = { .key = p->key, .v = v, .nstores = 1 };

		kp.func[0] = f->id;
		kp.op[0] = o;
		vec_push(&a->kept_ptrs, kp);
	}
}

/*
 * Are the stores kept_ptr kp saw every store of its member in the tree?
 * One elsewhere (on another arm: p->sig = u64_to_user_ptr(req.sig))
 * may have put something else there.
 */
static bool all_stores_seen(const struct analysis *a, const struct kept_ptr *kp)
{
	uint32_t n;
	const struct field_access *w = index_field_writes(a->idx, kp->key, &n);

	if (!n)
		return false;
	for (uint32_t i = 0; i < n; i++) {
		bool seen = false;

		for (unsigned k = 0; k < kp->nstores && !seen; k++)
			seen = kp->func[k] == w[i].func && kp->op[k] == w[i].op;
		if (!seen)
			return false;
	}
	return true;
}

/* The shared pointer a read of member key gives back (keep_stored_pointer()), or none. */
static struct spval kept_pointer(const struct analysis *a, sym_t key)
{
	for (uint32_t i = 0; key && i < a->kept_ptrs.n; i++)
		if (a->kept_ptrs.v[i].key == key)
			return a->kept_ptrs.v[i].mixed || !all_stores_seen(a, &a->kept_ptrs.v[i]) ?
				       none : a->kept_ptrs.v[i].v;
	return none;
}

/* Does g read a member the operation keeps a shared pointer in? */
static bool reads_kept_pointer(const struct analysis *a, const struct ir_func *g)
{
	for (uint32_t o = 0; a->kept_ptrs.n && o < g->nops; o++)
		if (g->ops[o].kind == OP_READ && g->ops[o].a < g->npaths &&
		    g->paths[g->ops[o].a].derefs &&
		    kept_pointer(a, g->paths[g->ops[o].a].key).origin >= 0)
			return true;
	return false;
}

/*
 * Store call op o (the profile's `store`: put_user(v, p)) writes shared
 * memory: an EV_WRITE, which ends a pair of fetches of those bytes and
 * starts a read-back (event.store_call).
 */
static void store_call_event(struct frame *fr, uint32_t o, const struct profile_rule *r, bool final)
{
	const struct ir_func *f = fr->f;
	const struct ir_op *op = &f->ops[o];
	const struct ir_arg *arg;
	struct spval v;
	char text[256];

	if (!final || fr->event_of[o] != IR_NONE || r->arg < 0 || (uint32_t)r->arg >= op_nargs(op))
		return;
	arg = &f->args[op->src_start + r->arg];
	v = list_val(fr, f->srcs + arg->src_start, arg->src_count);
	if (v.origin < 0 || v.page || v.holder)
		return;
	arg_place_text(f, arg, text, sizeof(text));
	add_event(fr, o, EV_WRITE, v, "", intern(text));
	if (fr->event_of[o] != IR_NONE)
		fr->a->events.v[fr->event_of[o]].store_call = true;
}

/* Is event e a store call's, the first of a read-back pair? */
static bool read_back_store(const struct event *e)
{
	return e->kind == EV_WRITE && e->store_call;
}

/* The bytes the DEF op d moves its pointer by (p += k), or 0. */
static sym_t move_at(const struct ir_func *f, uint32_t d)
{
	uint32_t lo = 0, hi = f->nmoves;

	while (lo < hi) {
		uint32_t mid = (lo + hi) / 2;

		if (f->moves[mid].op < d)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < f->nmoves && f->moves[lo].op == d ? f->moves[lo].form : 0;
}

/*
 * How far the pointer variable a use reads (s, with its reaching
 * definitions) has been moved past where it pointed on entry or at its
 * last plain assignment, by `p += k`, `p++` and `p = p + k`.  False when
 * the definitions that reach disagree (a loop that moves it each pass) or
 * a move is not known.
 */
static bool moved_by(const struct ir_func *f, const struct ir_src *s, struct lin *out, int depth)
{
	char first[400] = "", here_text[400];
	bool any = false;

	if (s->kind != SRC_VAR || depth > 8)
		return false;
	for (uint32_t k = 0; k < s->defs; k++) {
		uint32_t d = f->reach[s->def_start + k];
		struct lin here;
		sym_t mf;

		memset(&here, 0, sizeof(here));
		/* q = p + k counts from where q starts, its value's offset (derived_offset()) */
		if (!(d & REACH_ENTRY) && (mf = move_at(f, d)) != 0 && sym_str(mf)[0] == '=') {
			const struct ir_op *def = &f->ops[d];
			const struct ir_src *old = NULL;
			struct arg_form af;

			for (uint32_t i = 0; i < def->src_count; i++)
				if (f->srcs[def->src_start + i].kind == SRC_VAR &&
				    f->srcs[def->src_start + i].ref == def->a)
					old = &f->srcs[def->src_start + i];
			if (!old || !moved_by(f, old, &here, depth + 1) || !form_parse(mf, &af) ||
			    af.kind != '=' || !lin_add(&here, &af.off, 1))
				return false;
		}
		lin_format(&here, here_text, sizeof(here_text));
		if (!any) {
			*out = here;
			snprintf(first, sizeof(first), "%s", here_text);
			any = true;
		} else if (strcmp(first, here_text)) {
			return false;
		}
	}
	return any;
}

/*
 * The pointer local an address argument is computed from (p, p + k,
 * (T *)p, &p[k]): its one source that is a local of pointer type, taken
 * as a value.  The source, or NULL.
 */
static const struct ir_src *arg_pointer_local(const struct ir_func *f, const struct ir_arg *arg)
{
	const struct ir_src *s = f->srcs + arg->src_start, *found = NULL;

	for (uint32_t i = 0; i < arg->src_count; i++) {
		if (s[i].kind != SRC_VAR || s[i].how != HOW_VALUE || s[i].ref >= f->nvars ||
		    !type_pointee(f->vars[s[i].ref].type))
			continue;
		if (found)
			return NULL;
		found = &s[i];
	}
	return found;
}

/*
 * A pointer local set from another, q = p + k (an ir_move "@k"): q points
 * k bytes past p, into the same place.  A k with variables in it is left
 * alone: list_val() gave such a value a place of its own.
 */
static void derived_offset(const struct ir_func *f, uint32_t o, struct spval *v)
{
	sym_t mf;
	struct arg_form af;

	if (v->origin < 0 || v->holder || !f->nmoves || !(mf = move_at(f, o)) ||
	    sym_str(mf)[0] != '@' || !form_parse(mf, &af) || af.off.unknown)
		return;
	for (unsigned t = 0; t < af.off.n; t++)
		if (sym_str(af.off.name[t])[0] == '$')
			return;
	if (!lin_add(&v->off, &af.off, 1)) {
		memset(&v->off, 0, sizeof(v->off));
		v->off.unknown = true;
	}
}

/*
 * The type a fetch's destination argument points to (&op: op's type), the
 * element its offset argument counts in; 0 when unknown.
 */
static sym_t fetch_elem(const struct ir_func *f, const struct ir_op *op,
			const struct profile_rule *r)
{
	const struct ir_arg *d;
	const struct ir_src *ds;

	if (r->dest < 0 || (uint32_t)r->dest >= op_nargs(op))
		return 0;
	d = &f->args[op->src_start + r->dest];
	ds = f->srcs + d->src_start;
	if ((d->flags & ARG_ADDR) && d->path != IR_NONE && f->paths[d->path].base_kind == BASE_VAR &&
	    !f->paths[d->path].derefs && !f->paths[d->path].chain)
		return f->vars[f->paths[d->path].base].type;
	if (d->src_count == 1 && ds[0].kind == SRC_VAR && ds[0].ref < f->nvars)
		return type_pointee(f->vars[ds[0].ref].type);
	return 0;
}

/*
 * A fetch with an offset argument (copy_from_guest_offset(&e, h, i, 1)):
 * the offset counts elements of what the destination holds.  A constant
 * one moves the range; a variable one makes a place of its own, "(+i)",
 * told apart from others by the expression, as p + i is.
 */
static void fetch_offset(const struct ir_func *f, const struct ir_op *op,
			 const struct profile_rule *r, struct event *e)
{
	const struct ir_arg *oa = &f->args[op->src_start + r->offset];
	const struct ir_src *os = f->srcs + oa->src_start;
	struct arg_form af;
	sym_t elem = fetch_elem(f, op, r);
	struct lin size;
	char buf[256];

	if (oa->form && form_parse(oa->form, &af) && af.kind == '=' && !af.off.unknown) {
		if (af.off.c == 0 && !af.off.n)
			return;
		if (elem && af.off.n == 0) {
			lin_sizeof(elem, &size);
			if (lin_add(&e->off, &size, af.off.c))
				return;
		}
	}
	/* unknown: a place of its own, named by the offset's expression */
	snprintf(buf, sizeof(buf), "%s(+%s)", sym_str(e->loc),
		 oa->src_count == 1 && os[0].kind == SRC_VAR && os[0].ref < f->nvars ?
			 sym_str(f->vars[os[0].ref].name) :
		 oa->path != IR_NONE ? sym_str(f->paths[oa->path].text) : "?");
	e->base_loc = e->loc;
	e->loc = intern(buf);
	e->var_off = true;
}

/*
 * A variable in an offset ("$i" in &regs[2*i+1]) stands for the value it
 * has at this call: the term is renamed after the frame, the variable and
 * the definitions that reach the call, so two fetches' offsets cancel only
 * when one value of the same variable is in both.  A variable that cannot
 * be bound leaves only an unknown part.
 */
static void bind_offset_vars(const struct ir_func *f, const struct ir_op *op, uint32_t frame,
			     struct lin *off)
{
	for (unsigned t = 0; t < off->n; t++) {
		const char *name = sym_str(off->name[t]);
		const struct ir_src *use = NULL;
		char buf[256];
		size_t len;

		if (name[0] != '$')
			continue;
		for (uint32_t i = 0; i < op_nargs(op) && !use; i++) {
			const struct ir_arg *arg = &f->args[op->src_start + i];
			const struct ir_src *s = f->srcs + arg->src_start;

			for (uint32_t j = 0; j < arg->src_count && !use; j++)
				if (s[j].kind == SRC_VAR && s[j].ref < f->nvars &&
				    !strcmp(sym_str(f->vars[s[j].ref].name), name + 1))
					use = &s[j];
		}
		if (!use || off->k[t] < 0) {
			memset(off, 0, sizeof(*off));
			off->unknown = true;
			return;
		}
		len = (size_t)snprintf(buf, sizeof(buf), "$%u.%u", frame, use->ref);
		for (uint32_t k = 0; k < use->defs && len < sizeof(buf); k++)
			len += (size_t)snprintf(buf + len, sizeof(buf) - len, ".%u",
						f->reach[use->def_start + k]);
		off->name[t] = intern(buf);
	}
}

/*
 * A shared pointer passed on as ptr + k (or &ptr[k]): the callee's
 * parameter points k bytes further into the same location, from the
 * argument's byte form with its variables bound to this frame.
 */
static void arg_offset(const struct ir_func *f, const struct ir_op *op, const struct ir_arg *arg,
		       uint32_t frame, struct spval *v)
{
	struct arg_form af;
	const struct ir_src *p;
	struct lin moved;

	if (v->holder)
		return;
	/* buf += sizeof(hdr); parse_body(buf): the helper reads past the header */
	if (f->nmoves && (p = arg_pointer_local(f, arg)) != NULL && moved_by(f, p, &moved, 0) &&
	    !lin_add(&v->off, &moved, 1)) {
		memset(&v->off, 0, sizeof(v->off));
		v->off.unknown = true;
	}
	if (!arg->form || !form_parse(arg->form, &af) || af.kind != '@')
		return;
	bind_offset_vars(f, op, frame, &af.off);
	if (!lin_add(&v->off, &af.off, 1)) {
		memset(&v->off, 0, sizeof(v->off));
		v->off.unknown = true;
	}
}

/*
 * The bytes of a member named through a local, p->a.b or s.a: a scalar's
 * width, or an array member's elements times their width when its
 * dimension is a number.  0 when it cannot be told.
 */
static uint64_t member_bytes(const struct index *idx, const struct ir_func *f, const char *x)
{
	char name[128];
	size_t n = strspn(x, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
	sym_t type = 0, strct, t;
	uint32_t count;
	unsigned w;

	if (!n || n >= sizeof(name) || (x[n] != '.' && strncmp(x + n, "->", 2)))
		return 0;
	memcpy(name, x, n);
	name[n] = '\0';
	for (uint32_t v = 0; v < f->nvars; v++)
		if (!strcmp(sym_str(f->vars[v].name), name))
			type = f->vars[v].type;
	if (!type || !(strct = index_struct_of(idx, type, NULL)))
		return 0;
	for (x += n;;) {
		x += *x == '.' ? 1 : 2;
		n = strspn(x, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
		if (!n || n >= sizeof(name))
			return 0;
		memcpy(name, x, n);
		name[n] = '\0';
		t = index_field_type(idx, strct, intern(name));
		if (!t)
			return 0;
		if (!x[n])
			break;
		if ((x[n] != '.' && strncmp(x + n, "->", 2)) || !(strct = index_struct_of(idx, t, NULL)))
			return 0;
		x += n;
	}
	if ((w = scalar_size(sym_str(t))) != 0)
		return w;
	if (!str_ends(sym_str(t), " []") || !(count = index_field_count(idx, strct, intern(name))))
		return 0;
	snprintf(name, sizeof(name), "%.*s", (int)(strlen(sym_str(t)) - 3), sym_str(t));
	return (uint64_t)scalar_size(name) * count;
}

/* Term t of l is a size now known to be `bytes`: count it into the constant. */
static void lin_fold_term(struct lin *l, uint8_t t, uint64_t bytes)
{
	l->c += l->k[t] * (int64_t)bytes;
	memmove(&l->name[t], &l->name[t + 1], sizeof(l->name[0]) * (l->n - t - 1));
	memmove(&l->k[t], &l->k[t + 1], sizeof(l->k[0]) * (l->n - t - 1));
	l->n--;
}

/*
 * A length spelled sizeof(p->member) is the member's size when the index
 * knows it: memcpy(d->node, s + 8, sizeof(d->node)) copies 8 bytes, not
 * all that follows.  A fetch's start is sized the same way, so that a
 * copy of sizeof(p->hdr) bytes and one that starts sizeof(p->hdr) bytes
 * in still compare.
 */
static void size_members(const struct index *idx, const struct ir_func *f, struct lin *len)
{
	for (uint8_t t = 0; t < len->n;) {
		const char *nm = sym_str(len->name[t]);
		char x[256];
		size_t l = strlen(nm);
		uint64_t bytes;

		if (strncmp(nm, "sizeof(", 7) || nm[l - 1] != ')' || l - 8 >= sizeof(x)) {
			t++;
			continue;
		}
		snprintf(x, sizeof(x), "%.*s", (int)(l - 8), nm + 7);
		if (!(bytes = member_bytes(idx, f, x))) {
			t++;
			continue;
		}
		lin_fold_term(len, t, bytes);
	}
}

/*
 * Where in its location a fetch call reads, and how many bytes: from the
 * byte forms of its address and size arguments (ir/byterange.h).  A fetch
 * without a size argument (get_user) reads one element of what its
 * address points to.
 */
/*
 * An argument that is a parameter as it came (size), and the byte count
 * the call handed that parameter (param_len, unknown where none): into
 * *len.
 */
static bool param_length(const struct ir_func *f, const struct lin *param_len,
			 const struct ir_arg *arg, struct lin *len)
{
	const struct ir_src *s = f->srcs + arg->src_start;

	if (!param_len || arg->src_count != 1 || s->kind != SRC_VAR || s->how != HOW_VALUE ||
	    s->ref >= f->nparams || s->defs != 1 || !(f->reach[s->def_start] & REACH_ENTRY) ||
	    param_len[s->ref].unknown)
		return false;
	*len = param_len[s->ref];
	return true;
}

static void fetch_range(const struct index *idx, const struct ir_func *f, const struct ir_op *op,
			const struct profile_rule *r, const struct spval *base,
			const struct lin *param_len, struct event *e)
{
	const struct ir_arg *src = &f->args[op->src_start + r->arg];
	const struct ir_src *ss = f->srcs + src->src_start;
	struct arg_form af;
	sym_t elem = 0;

	if (src->path != IR_NONE)
		e->key = f->paths[src->path].key;

	if (src->form && form_parse(src->form, &af) && af.kind == '@') {
		const char *l = sym_str(e->loc), *p = strrchr(l, '(');
		size_t ln = strlen(l);
		const struct ir_src *pl = arg_pointer_local(f, src);
		struct lin moved;

		e->off = af.off;
		bind_offset_vars(f, op, e->frame_id, &e->off);
		if (pl && !e->off.unknown) {
			e->ptr_var = pl->ref;
			e->rel = e->off;
		}
		/* buf++, then __get_user(v, (u16 __user *)buf) */
		if (pl && f->nmoves && moved_by(f, pl, &moved, 0) && !lin_add(&e->off, &moved, 1)) {
			memset(&e->off, 0, sizeof(e->off));
			e->off.unknown = true;
		}
		elem = af.elem;
		/* &p[k]: the form counts from p, where the array starts */
		if (ln && l[ln - 1] == ']' && (p = strrchr(l, '[')) != NULL) {
			e->loc = intern_n(l, (size_t)(p - l));
			l = sym_str(e->loc);
			p = strrchr(l, '(');
		}
		/*
		 * p + n, n a variable: list_val gave it a place of its own,
		 * "(+k)"; the form says where that place starts at the least.
		 */
		if (p && p[1] == '+' && l[strlen(l) - 1] == ')') {
			size_t n = (size_t)(p - l);

			if (n && l[n - 1] == '.')
				n--;
			e->base_loc = intern_n(l, n);
			e->var_off = true;
		}
	} else if (src->src_count == 1 && ss[0].kind == SRC_VAR && ss[0].ref < f->nvars) {
		struct lin moved;

		elem = type_pointee(f->vars[ss[0].ref].type);
		if (elem) {
			e->ptr_var = ss[0].ref;
			memset(&e->rel, 0, sizeof(e->rel));
		}
		/* buf += sizeof(hdr), then copy_from_user(..., buf, ...) */
		if (f->nmoves && moved_by(f, &ss[0], &moved, 0))
			e->off = moved;
	}
	/* the pointer itself may point past its location's start (arg_offset()) */
	if ((base->off.n || base->off.c || base->off.unknown) && !lin_add(&e->off, &base->off, 1)) {
		memset(&e->off, 0, sizeof(e->off));
		e->off.unknown = true;
	}
	if (r->offset >= 0 && (uint32_t)r->offset < op_nargs(op))
		fetch_offset(f, op, r, e);
	if (r->size >= 0 && (uint32_t)r->size < op_nargs(op) && r->elements) {
		const struct ir_arg *len = &f->args[op->src_start + r->size];
		sym_t el = fetch_elem(f, op, r);

		/* a constant count of elements of a known type */
		if (el && len->form && form_parse(len->form, &af) && af.kind == '=' &&
		    !af.off.unknown && !af.off.n) {
			struct lin size, zero = {0};

			lin_sizeof(el, &size);
			e->len = zero;
			e->has_len = lin_add(&e->len, &size, af.off.c);
		}
	} else if (r->size >= 0 && (uint32_t)r->size < op_nargs(op)) {
		const struct ir_arg *len = &f->args[op->src_start + r->size];

		if (len->form && form_parse(len->form, &af) && af.kind == '=' && !af.off.unknown) {
			e->len = af.off;
			size_members(idx, f, &e->len);
			e->has_len = true;
		} else if (param_length(f, param_len, len, &e->len)) {
			/* a helper's size parameter, as it came: the count its caller handed it */
			e->has_len = true;
		}
	} else if (r->dest >= 0 && elem && strcmp(sym_str(elem), "void")) {
		lin_sizeof(elem, &e->len);
		e->has_len = true;
	}
	/* the start in the same terms as the length: sizeof(p->hdr) both */
	size_members(idx, f, &e->off);
}

static bool is_fetch_call(const struct analysis *a, const struct ir_op *op,
			  const struct profile_rule **r)
{
	*r = op->kind == OP_CALL ? call_rule(a, op, PR_FETCH) : NULL;
	return *r != NULL && (*r)->arg >= 0 && (uint32_t)(*r)->arg < op_nargs(op);
}

/*
 * How a fetch's address argument reads when it names no path: *p for a
 * local, *conv(req.addr) for an address converted by a call, else
 * *(pointer).
 */
static void pointer_text(const struct ir_func *f, const struct ir_arg *arg, char *text, size_t n)
{
	const struct ir_src *as = f->srcs + arg->src_start;

	if (arg->src_count && as[0].kind == SRC_VAR) {
		snprintf(text, n, "*%s", sym_str(f->vars[as[0].ref].name));
		return;
	}
	if (arg->src_count == 1 && as[0].kind == SRC_OP && as[0].ref < f->nops &&
	    f->ops[as[0].ref].kind == OP_CALL && op_nargs(&f->ops[as[0].ref]) &&
	    f->args[f->ops[as[0].ref].src_start].path != IR_NONE) {
		const struct ir_op *c = &f->ops[as[0].ref];

		snprintf(text, n, "*%s(%s)", sym_str(c->a),
			 sym_str(f->paths[f->args[c->src_start].path].text));
		return;
	}
	snprintf(text, n, "*(pointer)");
}

/* The one local argument k of call op o hands on, with its reaching definitions. */
static const struct ir_src *local_arg(const struct ir_func *f, uint32_t o, uint32_t k)
{
	const struct ir_op *op = &f->ops[o];
	const struct ir_arg *arg = &f->args[op->src_start + k];
	const struct ir_src *s = f->srcs + arg->src_start;

	if (arg->src_count != 1 || s->kind != SRC_VAR || s->how != HOW_VALUE || s->defs < 2)
		return NULL;
	for (uint32_t i = 0; i < s->defs; i++)
		if (f->reach[s->def_start + i] & REACH_ENTRY)
			return NULL;
	return s;
}

/*
 * Does call op o hand a pointer whose definitions differ (its value
 * joined: an unknown offset) together with a flag set to a constant next
 * to each of them?  Then the callee is told each value with its flag's.
 */
static struct param_alt flagged_argument(struct frame *fr, uint32_t o, const struct ir_func *callee)
{
	const struct ir_func *f = fr->f;
	const struct ir_op *op = &f->ops[o];
	struct param_alt alt = {0};
	uint32_t n = op_nargs(op) < callee->nparams ? op_nargs(op) : callee->nparams;

	for (uint32_t k = 0; k < n; k++) {
		const struct ir_src *p = local_arg(f, o, k);

		if (!p || !fr->vals)
			continue;
		for (uint32_t j = 0; j < n; j++) {
			const struct ir_src *q = j == k ? NULL : local_arg(f, o, j);
			struct spval on[2] = { none, none };
			bool seen[2] = { false, false }, ok = q && q->defs == p->defs;

			for (uint32_t i = 0; ok && i < p->defs; i++) {
				uint32_t dp = f->reach[p->def_start + i], dq = IR_NONE;
				const struct ir_op *def;
				int t;

				/* the flag's definition in the pointer's block: one */
				for (uint32_t m = 0; m < q->defs; m++) {
					uint32_t d = f->reach[q->def_start + m];

					if (f->ops[d].block != f->ops[dp].block)
						continue;
					ok = dq == IR_NONE;
					dq = d;
				}
				if (!ok || dq == IR_NONE) {
					ok = false;
					break;
				}
				def = &f->ops[dq];
				if (def->kind != OP_DEF || def->src_count != 1 ||
				    f->srcs[def->src_start].kind != SRC_CONST ||
				    (t = const_truth(f->srcs[def->src_start].ref)) < 0 ||
				    fr->vals[dp].origin < 0) {
					ok = false;
					break;
				}
				if (seen[t] ? !join_val(&on[t], fr->vals[dp]) : false) {
					ok = false;
					break;
				}
				if (!seen[t])
					on[t] = fr->vals[dp];
				seen[t] = true;
			}
			if (!ok || !seen[0] || !seen[1])
				continue;
			alt.valid = true;
			alt.param = k;
			alt.flag = j;
			arg_offset(f, op, &f->args[op->src_start + k], fr->id, &on[0]);
			arg_offset(f, op, &f->args[op->src_start + k], fr->id, &on[1]);
			alt.on[0] = on[0];
			alt.on[1] = on[1];
			return alt;
		}
	}
	return alt;
}

/*
 * The shared values call op o hands callee, one per parameter (none where
 * an argument carries none), or NULL when it hands none.
 */
/*
 * Is argument k of call op a page the callee works on while the other
 * party cannot write it (exclusive-page: Xen's get_page_type(), which
 * validates a page as a page table only while no writable mapping of it
 * exists)?  What the callee reads of that page is the host's own.
 */
static bool exclusive_page_arg(const struct analysis *a, const struct ir_op *op, uint32_t k)
{
	const struct profile_rule *r;
	uint32_t cur = 0;

	if (op->flags & (OPF_INDIRECT | OPF_MACRO_LOOP))
		return false;
	while ((r = profile_next(a->prof, op->a, PR_EXCLUSIVE_PAGE, &cur)) != NULL)
		if (r->arg >= 0 && (uint32_t)r->arg == k)
			return true;
	return false;
}

/*
 * A pointer to a local struct one member of which holds a shared pointer
 * the code stored there (st.out = req.buf; walk(..., &st)): a holder
 * whose prefix is the member as read through the pointer ("->out").
 * Only one member, every store of it reaching call op o storing the same
 * place; none when the struct holds none.
 */
static struct spval member_holder(struct frame *fr, uint32_t o, const struct ir_arg *arg)
{
	const struct ir_func *f = fr->f;
	const struct ir_path *ap;
	struct spval found = none;
	sym_t member = 0;

	if (!(arg->flags & ARG_ADDR) || arg->path == IR_NONE)
		return none;
	ap = &f->paths[arg->path];
	if (ap->base_kind != BASE_VAR || ap->base >= f->nvars || ap->derefs ||
	    (ap->chain && sym_str(ap->chain)[0]) || !f->vars[ap->base].by_value)
		return none;
	for (uint32_t e = 0; e < f->nops; e++) {
		const struct ir_op *w = &f->ops[e];
		const struct ir_path *wp;
		const char *c;
		struct spval v;

		if (w->kind != OP_WRITE || w->a >= f->npaths)
			continue;
		wp = &f->paths[w->a];
		if (wp->base_kind != BASE_VAR || wp->base != ap->base || !op_reaches(f, e, o))
			continue;
		c = wp->chain ? sym_str(wp->chain) : "";
		v = list_val(fr, op_srcs(f, w), w->src_count);
		if (v.origin < 0) {
			/* another store of the member that holds the place */
			if (member && wp->chain == member)
				return none;
			continue;
		}
		if (wp->derefs || c[0] != '.' || strpbrk(c + 1, ".[*-") || v.holder || v.page ||
		    (member && (member != wp->chain || !join_val(&found, v))))
			return none;
		member = wp->chain;
		found = v;
	}
	if (!member)
		return none;
	{
		char buf[200];

		snprintf(buf, sizeof(buf), "->%s", sym_str(member) + 1);
		found.holder = true;
		found.prefix = intern(buf);
		memset(&found.off, 0, sizeof(found.off));
	}
	return found;
}

/* A holder handed on as it is (st = priv; helper(st)): its one value source's. */
static struct spval holder_copy(struct frame *fr, const struct ir_src *s, uint32_t n)
{
	struct spval v = none;

	for (uint32_t i = 0; i < n; i++) {
		if (s[i].how != HOW_VALUE || s[i].kind == SRC_CONST)
			continue;
		if (v.origin >= 0 || s[i].kind == SRC_ADDR)
			return none;
		v = src_val(fr, &s[i]);
		if (v.origin < 0 || !v.holder || sym_str(v.prefix)[0] != '-')
			return none;
	}
	return v;
}

static struct spval cast_source(struct frame *fr, uint32_t o, uint32_t k);

static struct spval *call_params(struct frame *fr, uint32_t o, const struct ir_func *callee)
{
	const struct ir_func *f = fr->f;
	const struct ir_op *op = &f->ops[o];
	struct spval *params = NULL;

	for (uint32_t k = 0; k < op_nargs(op) && k < callee->nparams; k++) {
		const struct ir_arg *arg = &f->args[op->src_start + k];
		struct spval v = list_val(fr, f->srcs + arg->src_start, arg->src_count);

		/* helper((void __user *)arg): the callee's parameter points into user memory */
		if (v.origin < 0)
			v = cast_source(fr, o, k);
		/* &st, st.out = req.buf: the struct that holds the shared pointer */
		if (v.origin < 0 && (v = member_holder(fr, o, arg)).origin < 0)
			v = holder_copy(fr, f->srcs + arg->src_start, arg->src_count);
		if (v.origin < 0 || (v.page && exclusive_page_arg(fr->a, op, k)))
			continue;
		if (!v.holder)
			arg_offset(f, op, arg, fr->id, &v);
		if (!params) {
			params = xmalloc(sizeof(*params) * (callee->nvars + 1));
			for (uint32_t i = 0; i < callee->nvars; i++)
				params[i] = none;
		}
		/* parameters are the first vars, in order */
		params[k] = v;
	}
	return params;
}

/* Do two parameter lists hand the same places at the same offsets? */
static bool same_params(const struct spval *x, const struct spval *y, uint32_t n)
{
	if (!x || !y)
		return x == y;
	for (uint32_t k = 0; k < n; k++)
		if (x[k].origin != y[k].origin || x[k].prefix != y[k].prefix ||
		    x[k].holder != y[k].holder || x[k].sweep != y[k].sweep ||
		    !lin_same(&x[k].off, &y[k].off))
			return false;
	return true;
}

/*
 * The byte counts call op o hands callee's parameters: an argument whose
 * form is a count of bytes this frame can spell without its own variables
 * (sizeof(*ret), 8), or a parameter of this frame that was handed one;
 * unknown otherwise.  A helper that copies `size` bytes then reads what
 * its caller said.
 */
static struct lin *call_lens(struct frame *fr, uint32_t o, const struct ir_func *callee)
{
	const struct ir_func *f = fr->f;
	const struct ir_op *op = &f->ops[o];
	struct lin *lens = xcalloc(callee->nparams + 1, sizeof(*lens));

	for (uint32_t k = 0; k < callee->nparams; k++) {
		const struct ir_arg *arg = k < op_nargs(op) ? &f->args[op->src_start + k] : NULL;
		struct arg_form af;
		bool own = false;

		lens[k].unknown = true;
		if (!arg || param_length(f, fr->param_len, arg, &lens[k]))
			continue;
		if (!arg->form || !form_parse(arg->form, &af) || af.kind != '=' || af.off.unknown)
			continue;
		size_members(fr->a->idx, f, &af.off);
		for (unsigned t = 0; t < af.off.n; t++)
			own |= sym_str(af.off.name[t])[0] == '$';
		if (!own && (af.off.n || af.off.c > 0))
			lens[k] = af.off;
	}
	return lens;
}

static bool op_in_loop(const struct ir_func *f, uint32_t o, uint16_t lp);

/* Has source s of an op in loop lp the same value on every pass? */
static bool invariant_in_loop(const struct ir_func *f, const struct ir_src *s, uint16_t lp)
{
	uint32_t nd;
	const uint32_t *d;

	switch (s->kind) {
	case SRC_VAR:
		d = src_defs(f, s, &nd);
		for (uint32_t i = 0; i < nd; i++)
			if (!(d[i] & REACH_ENTRY) && op_in_loop(f, d[i], lp))
				return false;
		return true;
	case SRC_OP:
		return !op_in_loop(f, s->ref, lp);
	default:
		return true;
	}
}

/*
 * Does a test's source s depend on what call op o reads or fills: its
 * result, a local it fills (vars[v] & 2), a read through the shared
 * pointer it is handed (vars[v] & 1), or another call handed that pointer
 * (handed: s is that call's argument)?  Followed through definitions in
 * loop lp, a few steps deep.
 */
static bool carries_shared(const struct ir_func *f, const struct ir_src *s, uint32_t n,
			   uint32_t o, const uint8_t *vars, uint16_t lp, unsigned depth, bool handed)
{
	for (uint32_t i = 0; i < n; i++) {
		const struct ir_src *x = &s[i];

		if (x->kind == SRC_VAR && x->ref < f->nvars) {
			uint32_t nd;
			const uint32_t *d = src_defs(f, x, &nd);

			/* a local the call fills, or the shared pointer handed to a call */
			if ((vars[x->ref] & 2) || (handed && (vars[x->ref] & 1)))
				return true;
			for (uint32_t k = 0; depth < 4 && k < nd; k++) {
				const struct ir_op *def = &f->ops[d[k] & ~REACH_ENTRY];

				if (!(d[k] & REACH_ENTRY) && op_in_loop(f, d[k], lp) &&
				    carries_shared(f, f->srcs + def->src_start, def->src_count, o,
						   vars, lp, depth + 1, false))
					return true;
			}
		} else if (x->kind == SRC_OP && x->ref < f->nops) {
			const struct ir_op *r = &f->ops[x->ref];
			const struct ir_path *p = r->kind == OP_READ && r->a < f->npaths ?
							  &f->paths[r->a] : NULL;

			if (x->ref == o)
				return true;
			/* a read through the shared pointer, or a call handed it */
			if (p && p->base_kind == BASE_VAR && p->base < f->nvars && (vars[p->base] & 1))
				return true;
			if (depth >= 4 || !op_in_loop(f, x->ref, lp))
				continue;
			if (r->kind == OP_CALL) {
				for (uint32_t k = 0; k < op_nargs(r); k++) {
					const struct ir_arg *arg = &f->args[r->src_start + k];

					if (carries_shared(f, f->srcs + arg->src_start, arg->src_count,
							   o, vars, lp, depth + 1, true))
						return true;
				}
			} else if ((r->kind == OP_READ || r->kind == OP_DEF) &&
				   carries_shared(f, f->srcs + r->src_start, r->src_count, o, vars,
						  lp, depth + 1, false)) {
				return true;
			}
		}
	}
	return false;
}

/*
 * Is call op o inside a loop that calls it once per pass with the same
 * shared pointer (xenvif_rx_copy_add(queue, req, offset, ...) in a loop
 * over the chunks of one slot, req set before it)?  Then what the callee
 * reads through that pointer is read again on the next pass.  Not when
 * the loop may be waiting for that memory to change: a test in the loop
 * that depends on the call's result, on a local the call fills, or on a
 * read through the shared pointer or another call handed it.  The loop
 * (+1), or 0.
 */
static uint16_t repeats_per_pass(struct frame *fr, uint32_t o)
{
	const struct ir_func *f = fr->f;
	const struct ir_op *op = &f->ops[o];
	uint16_t lp = op->loop;
	uint8_t *vars;
	bool any = false, waits = false;

	if (!lp || lp > f->nloops || !fr->vals)
		return 0;
	/* bit 1: a shared argument's variable; bit 2: a local the call fills */
	vars = xcalloc(f->nvars + 1, 1);
	for (uint32_t k = 0; k < op_nargs(op); k++) {
		const struct ir_arg *arg = &f->args[op->src_start + k];
		const struct ir_src *s = f->srcs + arg->src_start;
		bool shared = list_val(fr, s, arg->src_count).origin >= 0;

		for (uint32_t i = 0; i < arg->src_count; i++) {
			if (shared && !invariant_in_loop(f, &s[i], lp)) {
				free(vars);
				return 0;
			}
			if (s[i].kind == SRC_VAR && s[i].ref < f->nvars && shared)
				vars[s[i].ref] |= 1;
		}
		if ((arg->flags & ARG_ADDR) && arg->path != IR_NONE &&
		    f->paths[arg->path].base_kind == BASE_VAR && f->paths[arg->path].base < f->nvars)
			vars[f->paths[arg->path].base] |= 2;
		any |= shared;
	}
	for (uint32_t b = 0; any && !waits && b < f->nops; b++)
		if (f->ops[b].kind == OP_BRANCH && op_in_loop(f, b, lp))
			waits = carries_shared(f, f->srcs + f->ops[b].src_start, f->ops[b].src_count,
					       o, vars, lp, 0, false);
	free(vars);
	return any && !waits ? lp : 0;
}

/*
 * The constants call op o hands callee's parameters (do_op(uaddr,
 * OP_WAKE, 0): OP_WAKE and 0), by spelling, 0 for any other argument: a
 * constant itself, a local whose live definitions all set that constant,
 * or a parameter of this frame that was handed one.  NULL when none.
 */
static sym_t *call_consts(struct frame *fr, uint32_t o, const struct ir_func *callee)
{
	const struct ir_func *f = fr->f;
	const struct ir_op *op = &f->ops[o];
	sym_t *out = NULL;

	for (uint32_t k = 0; k < op_nargs(op) && k < callee->nparams; k++) {
		const struct ir_arg *arg = &f->args[op->src_start + k];
		const struct ir_src *s = f->srcs + arg->src_start;
		sym_t c = 0;

		if (arg->src_count != 1 || s->how != HOW_VALUE)
			continue;
		if (s->kind == SRC_CONST) {
			c = s->ref;
		} else if (s->kind == SRC_VAR) {
			uint32_t nd;
			const uint32_t *d = src_defs(f, s, &nd);

			for (uint32_t i = 0; i < nd; i++) {
				sym_t here = 0;

				if (d[i] & REACH_ENTRY) {
					uint32_t p = d[i] & ~REACH_ENTRY;

					here = fr->consts && p < f->nparams ? fr->consts[p] : 0;
				} else if (fr->dead && fr->dead[d[i]]) {
					continue;
				} else if (f->ops[d[i]].kind == OP_DEF && f->ops[d[i]].src_count == 1 &&
					   !(f->ops[d[i]].flags & (OPF_COMPOUND | OPF_OUTPARAM)) &&
					   f->srcs[f->ops[d[i]].src_start].kind == SRC_CONST) {
					here = f->srcs[f->ops[d[i]].src_start].ref;
				}
				if (!here || (c && c != here)) {
					c = 0;
					break;
				}
				c = here;
			}
		}
		if (!c)
			continue;
		if (!out)
			out = xcalloc(callee->nparams + 1, sizeof(*out));
		out[k] = c;
	}
	return out;
}

/*
 * The truth of parameter p where a test reads it, the constant c the
 * call handed it kept (p &= mask keeps a 0): 0 or 1, or -1.
 */
static int const_param_truth(const struct frame *fr, const struct ir_src *s)
{
	const struct ir_func *f = fr->f;
	uint32_t nd;
	const uint32_t *d;
	int t;

	if (s->kind != SRC_VAR || s->ref >= f->nparams || !fr->consts || !fr->consts[s->ref] ||
	    (t = const_truth(fr->consts[s->ref])) < 0)
		return -1;
	d = src_defs(f, s, &nd);
	for (uint32_t i = 0; i < nd; i++) {
		const struct ir_op *def;
		const struct ir_src *ds;
		bool self = false;

		if (d[i] & REACH_ENTRY)
			continue;
		def = &f->ops[d[i]];
		/* p &= x of a p that is 0 on entry: still 0 */
		if (t != 0 || def->kind != OP_DEF || !(def->flags & OPF_COMPOUND) ||
		    def->compound_op != '&')
			return -1;
		ds = op_srcs(f, def);
		for (uint32_t k = 0; k < def->src_count; k++)
			if (ds[k].kind == SRC_VAR && ds[k].ref == s->ref) {
				for (uint32_t m = 0; m < ds[k].defs; m++)
					if (!(f->reach[ds[k].def_start + m] & REACH_ENTRY))
						return -1;
				self = true;
			}
		if (!self)
			return -1;
	}
	return t;
}

/*
 * The successor of branch op b that the call's constants rule out, or -1:
 * a parameter tested alone (if (flag), if (!flag)) whose constant says
 * which way, or a conjunction (if (flag && more)) of a parameter that is 0.
 */
static int dead_successor(const struct frame *fr, uint32_t b)
{
	const struct ir_func *f = fr->f;
	const struct ir_op *op = &f->ops[b];
	const struct ir_src *s = op_srcs(f, op), *z = NULL;
	uint32_t nval = 0;
	int t = -1;

	for (uint32_t i = 0; i < op->src_count; i++) {
		nval++;
		if (t < 0 && (s[i].how == HOW_TEST || s[i].how == HOW_VALUE) &&
		    (t = const_param_truth(fr, &s[i])) >= 0)
			z = &s[i];
	}
	if (!z)
		return -1;
	/* the parameter alone, no constant or operator beside it; the first successor runs when the test is true */
	if (nval == 1 && op->compound_op != '&' && op->compound_op != '|')
		return (op->flags & OPF_NOT_TEST) ? (t ? 0 : 1) : (t ? 1 : 0);
	if (op->compound_op == '&' && t == 0 && z->how == HOW_TEST && !(op->flags & OPF_NOT_TEST))
		return 0;
	return -1;
}

static const struct case_map *cases_of(const struct analysis *a, const struct ir_func *f);

/*
 * The ops of a callee the constants its call hands it rule out: the arm a
 * test of such a parameter cannot take (if (ia32 && ...) with ia32 0), and
 * the ops that need another value of it (case OP_LOCK: of switch (op)
 * with OP_WAKE handed), with what only they reach.  NULL when none.
 */
static uint8_t *const_dead_ops(struct frame *fr)
{
	const struct ir_func *f = fr->f;
	const struct case_map *m;
	uint8_t *dead = NULL, *cut, *seen, *live;
	uint32_t *stack, top = 0;
	bool any = false;

	if (!fr->consts || !f->nblocks)
		return NULL;
	cut = xcalloc(f->nops + 1, 1);	/* per branch op: 1 + its dead successor */
	for (uint32_t b = 0; b < f->nblocks; b++) {
		const struct ir_block *blk = &f->blocks[b];
		int k;

		if (blk->op_end == blk->op_start || blk->nsucc != 2 ||
		    f->ops[blk->op_end - 1].kind != OP_BRANCH ||
		    (k = dead_successor(fr, blk->op_end - 1)) < 0)
			continue;
		cut[blk->op_end - 1] = (uint8_t)(1 + k);
		any = true;
	}
	m = cases_of(fr->a, f);
	for (uint32_t o = 0; m && o < f->nops; o++) {
		struct case_cond conds[8];
		unsigned n = case_conds_at(m, f, o, conds, 8);

		for (unsigned i = 0; i < n; i++) {
			struct case_cond c = { conds[i].var, 1, { 0 } };

			if (c.var >= f->nparams || !fr->consts[c.var] || !case_var_stable(f, c.var))
				continue;
			c.value[0] = fr->consts[c.var];
			if (!case_conds_compatible(&c, &conds[i])) {
				if (!dead)
					dead = xcalloc(f->nops + 1, 1);
				dead[o] = 1;
			}
		}
	}
	if (any) {
		/* the blocks reachable before and after the cut edges */
		seen = xcalloc(f->nblocks, 1);
		live = xcalloc(f->nblocks, 1);
		stack = xmalloc(sizeof(*stack) * (f->nblocks + 1));
		for (int pass = 0; pass < 2; pass++) {
			uint8_t *mark = pass ? live : seen;

			top = 0;
			stack[top++] = 0;
			mark[0] = 1;
			while (top) {
				uint32_t b = stack[--top];
				const struct ir_block *blk = &f->blocks[b];
				uint32_t last = blk->op_end ? blk->op_end - 1 : 0;

				for (uint16_t k = 0; k < blk->nsucc; k++) {
					uint32_t sb = f->succs[blk->succ_start + k];

					if (pass && blk->op_end > blk->op_start && cut[last] == k + 1)
						continue;
					if (sb < f->nblocks && !mark[sb]) {
						mark[sb] = 1;
						stack[top++] = sb;
					}
				}
			}
		}
		for (uint32_t b = 0; b < f->nblocks; b++) {
			if (!seen[b] || live[b])
				continue;
			if (!dead)
				dead = xcalloc(f->nops + 1, 1);
			for (uint32_t o = f->blocks[b].op_start; o < f->blocks[b].op_end; o++)
				dead[o] = 1;
		}
		free(seen);
		free(live);
		free(stack);
	}
	free(cut);
	return dead;
}

/* Walk callee from call op o of fr with params, under the flag value `truth` of fr (or -1). */
static void walk_into_with(struct frame *fr, uint32_t o, const struct ir_func *callee,
			     struct spval *params, int truth)
{
	struct analysis *a = fr->a;
	uint32_t saved_frame = a->variant_frame;
	int8_t saved_truth = a->variant_truth;
	uint8_t saved_level = a->pass_level;
	uint16_t saved_loop = a->pass_loop;
	uint16_t lp = repeats_per_pass(fr, o);
	struct spval ret;

	if (truth >= 0) {
		a->variant_frame = fr->id;
		a->variant_truth = (int8_t)truth;
	}
	if (lp && a->depth + 1 < UINT8_MAX) {
		a->pass_level = (uint8_t)(a->depth + 1);
		a->pass_loop = lp;
	}
	a->stack_pos[a->depth] = o;
	a->callee_ids = callee_param_ids(fr, &fr->f->ops[o], callee);
	a->callee_lens = call_lens(fr, o, callee);
	a->callee_alt = flagged_argument(fr, o, callee);
	a->callee_consts = call_consts(fr, o, callee);
	a->depth++;
	ret = walk(a, callee, params);
	a->depth--;
	a->variant_frame = saved_frame;
	a->variant_truth = saved_truth;
	a->pass_level = saved_level;
	a->pass_loop = saved_loop;
	/* join_halves(x3, x4): an address computed from the shared one */
	if (fr->vals[o].origin < 0)
		fr->vals[o] = ret;
}

/*
 * Walk the callee of call op o with the shared values it is handed.  A
 * pointer a flag parameter tells apart (param_alt), handed on before any
 * test of the flag decides the arm (check(buf_fx) before
 * if (!ia32_fxstate) return ...), is the one set with either value: the
 * callee is walked once for each, and its reads pair only with reads on
 * the flag's arms of the same value (event.variant_*).
 */
static void walk_into(struct frame *fr, uint32_t o, const struct ir_func *callee)
{
	struct analysis *a = fr->a;
	struct spval *params, *on[2];
	int truth = fr->alt.valid ? flag_truth_at(fr->f, fr->alt.flag, o) : -1;

	for (unsigned d = 0; d <= a->depth; d++)
		if (a->stack_func[d] == callee->id)
			return;
	params = call_params(fr, o, callee);
	/*
	 * handed no shared pointer, but the object that keeps one: the
	 * callee reads the mapping through it (issue 21, item 4)
	 */
	if (!params && ((stored_readers && callee->id < a->idx->nfuncs &&
			 stored_readers[callee->id]) ||
			reads_kept_pointer(a, callee))) {
		params = xmalloc(sizeof(*params) * (callee->nvars + 1));
		for (uint32_t i = 0; i < callee->nvars; i++)
			params[i] = none;
	}
	if (!params)
		return;
	if (fr->alt.valid && truth < 0 && a->variant_frame == UINT32_MAX) {
		for (int t = 0; t < 2; t++) {
			fr->force_truth = t;
			on[t] = call_params(fr, o, callee);
		}
		fr->force_truth = -1;
		if (!same_params(on[0], on[1], MIN(op_nargs(&fr->f->ops[o]), callee->nparams))) {
			for (int t = 0; t < 2; t++)
				if (on[t])
					walk_into_with(fr, o, callee, on[t], t);
			free(on[0]);
			free(on[1]);
			free(params);
			return;
		}
		free(on[0]);
		free(on[1]);
	}
	walk_into_with(fr, o, callee, params, truth);
	free(params);
}

/*
 * The struct the pointer argument arg points to, from its declared type
 * (a local or parameter) or its field's: "struct ghcb", or 0.
 */
static sym_t arg_pointee_struct(const struct analysis *a, const struct ir_func *f,
				const struct ir_arg *arg)
{
	const struct ir_src *s = f->srcs + arg->src_start;
	sym_t type = 0;
	int ptrs = 0;
	sym_t st;

	if (arg->path != IR_NONE && !(arg->flags & ARG_ADDR) && f->paths[arg->path].key)
		type = index_key_type(a->idx, f->paths[arg->path].key);
	else if (arg->src_count == 1 && s->kind == SRC_VAR && s->ref < f->nvars)
		type = f->vars[s->ref].type;
	if (!type)
		return 0;
	st = index_struct_of(a->idx, type, &ptrs);
	return ptrs == 1 ? st : 0;
}

/*
 * A call of an accessor the profile declares (reads FUNC ARG FIELD) with
 * a pointer into shared memory as argument ARG: a read of the member it
 * returns, made at the call, whose value is the call's result.  The
 * member must be one of the pointed-to struct's: a family's pattern
 * (ghcb_get_*) also matches names that are no member (ghcb_get_rax_if_valid).
 */
static void accessor_read(struct frame *fr, uint32_t o)
{
	struct analysis *a = fr->a;
	const struct ir_func *f = fr->f;
	const struct ir_op *op = &f->ops[o];
	const struct profile_rule *r = call_rule(a, op, PR_READS);
	const struct ir_arg *arg;
	struct spval v;
	char member[256], key[320], text[320];
	const char *field, *star;
	sym_t st;

	if (!r || r->arg < 0 || (uint32_t)r->arg >= op_nargs(op))
		return;
	arg = &f->args[op->src_start + r->arg];
	v = list_val(fr, f->srcs + arg->src_start, arg->src_count);
	if (v.origin < 0 || v.holder || v.page)
		return;
	field = sym_str(r->field);
	star = strchr(field, '*');
	if (star)
		snprintf(member, sizeof(member), "%.*s%s", (int)(star - field), field,
			 sym_str(op->a) + strlen(sym_str(r->name)));
	else
		snprintf(member, sizeof(member), "%s", field);
	st = arg_pointee_struct(a, f, arg);
	snprintf(key, sizeof(key), "%s::%s", st ? sym_str(st) : "", member);
	if (!st || !index_key_type(a->idx, intern(key)))
		return;
	/* the pointer as written, without pointer_text()'s "*": p->member */
	if (arg->path != IR_NONE && !(arg->flags & ARG_ADDR))
		snprintf(text, 128, "%s", sym_str(f->paths[arg->path].text));
	else
		pointer_text(f, arg, text, 128);
	snprintf(text + strlen(text), sizeof(text) - strlen(text), "->%s, by %s()", member,
		 sym_str(op->a));
	if (text[0] == '*')
		memmove(text, text + 1, strlen(text));
	add_event(fr, o, (op->flags & OPF_TRACE) ? EV_TRACE : EV_FETCH, v, member, intern(text));
	/* the call's result is the member's value, as a read's is */
	if (fr->event_of[o] != IR_NONE && a->events.v[fr->event_of[o]].kind == EV_FETCH) {
		fr->fetched[o] = 0;
		fr->taint[o] |= a->events.v[fr->event_of[o]].taint_self;
	}
}

/*
 * Is read op o of an array member of user memory (u->refs) one whose
 * bytes the byte ranges can place: a member with a dimension, so inside
 * sizeof() of its struct (refs[1] of an ioctl header, which a copy of
 * *u also reads), used only as it is, as the address of fetch calls
 * (copy_from_user(k, u->refs, n)), never moved (u->regs + 3)?  A
 * flexible array past the header (uarg->raw[]) is left out: its copy
 * would look like one of the header.
 */
static bool fixed_array_copied_whole(const struct analysis *a, const struct ir_func *f, uint32_t o)
{
	const struct ir_path *p = &f->paths[f->ops[o].a];
	sym_t owner, member;
	bool used = false;

	if (!key_owner(a->idx, p->key, &owner, &member) ||
	    !index_field_count(a->idx, owner, member))
		return false;
	for (uint32_t u = o + 1; u < f->nops; u++) {
		const struct ir_op *op = &f->ops[u];
		const struct profile_rule *r;
		uint32_t starts[64], counts[64];
		uint32_t n = op_src_ranges(f, op, starts, counts, 64);

		for (uint32_t k = 0; k < n; k++) {
			for (uint32_t j = 0; j < counts[k]; j++) {
				const struct ir_src *s = &f->srcs[starts[k] + j];
				const struct ir_arg *arg;

				if (s->kind != SRC_OP || s->ref != o)
					continue;
				if (!is_fetch_call(a, op, &r))
					return false;
				arg = &f->args[op->src_start + r->arg];
				if (starts[k] != arg->src_start || counts[k] != 1)
					return false;
				used = true;
			}
		}
	}
	return used;
}

/* The one value an argument is computed from (ring->data.in, p + 4), or NULL. */
static const struct ir_src *single_value_src(const struct ir_func *f, const struct ir_arg *arg)
{
	const struct ir_src *s = f->srcs + arg->src_start, *v = NULL;

	for (uint32_t i = 0; i < arg->src_count; i++) {
		if (s[i].how != HOW_VALUE || s[i].kind == SRC_CONST)
			continue;
		if (v)
			return NULL;
		v = &s[i];
	}
	return v;
}

/* The one value an integer fetch address is computed from (gpa, gpa + k), or NULL. */
static const struct ir_src *integer_address_src(const struct analysis *a, const struct ir_func *f,
						const struct ir_arg *arg)
{
	const struct ir_src *v;
	struct arg_form af;

	/* a cast to a pointer gives a type to step in: the pointer's own rules (cast_source()) */
	if (arg->form && (!form_parse(arg->form, &af) || af.kind != '@' || af.elem))
		return NULL;
	v = single_value_src(f, arg);
	if (v && v->kind == SRC_VAR && v->ref < f->nvars) {
		sym_t type = f->vars[v->ref].type;

		if (!type || type_pointee(type) || strchr(sym_str(type), '[') ||
		    shared_handle(a, type))
			return NULL;
		return v;
	}
	if (v && v->kind == SRC_OP && v->ref < f->nops && f->ops[v->ref].kind == OP_READ &&
	    f->ops[v->ref].a < f->npaths) {
		const struct ir_path *p = &f->paths[f->ops[v->ref].a];
		sym_t type = p->key ? index_key_type(a->idx, p->key) : 0;

		if (type && !type_pointee(type) && !strchr(sym_str(type), '[') &&
		    !shared_handle(a, type))
			return v;
	}
	return NULL;
}

/*
 * Argument k of call op o spelled as a cast to a pointer into shared
 * memory: to a type carrying a profile's user-annotation ((int __user
 * *)arg), or to a pointer to a type a profile declares shared.  The
 * source a local of that type would be (void __user *argp = (void __user
 * *)arg), at the fetch that reads through it and in the callee it is
 * handed to.  Keyed by the value cast, as integer_address() keys an
 * address held as an integer: a parameter as it came, the one definition
 * of a local, a field read again (req.block) -- two casts of one value
 * name the same bytes; a cast of anything else (an expression, &x)
 * starts nothing.  A __user parameter is left to its callers' walks and
 * to seed_params(), as a local set from one is (from_user_param()).
 * Only a root seeds it, as it seeds its locals.
 */
static struct spval cast_source(struct frame *fr, uint32_t o, uint32_t k)
{
	struct analysis *a = fr->a;
	const struct ir_func *f = fr->f;
	const struct ir_op *op = &f->ops[o];
	const struct profile *prof = NULL;
	const struct ir_arg *arg;
	const struct ir_src *s;
	struct arg_form af;
	uint32_t key = IR_NONE, var = IR_NONE;
	const char *name;
	int n;

	if (a->depth != 0 || k >= op_nargs(op))
		return none;
	arg = &f->args[op->src_start + k];
	if (!(arg->flags & ARG_CAST) || arg->src_count != 1 || (arg->flags & ARG_ADDR))
		return none;
	if (arg->flags & ARG_CAST_USER) {
		for (uint32_t p = 0; a->prof->any_user_pointers && p < a->prof->profiles.n; p++)
			if (a->prof->profiles.v[p].user_pointers) {
				prof = &a->prof->profiles.v[p];
				break;
			}
	} else if (arg->form && form_parse(arg->form, &af) && af.kind == '@' && af.elem) {
		char t[300];
		const struct profile_rule *r;

		snprintf(t, sizeof(t), "%s *", sym_str(af.elem));
		if ((r = shared_type(a, intern(t))) != NULL)
			prof = profile_of(a->prof, r);
	}
	if (!prof)
		return none;
	s = f->srcs + arg->src_start;
	if (s->how != HOW_VALUE)
		return none;
	if (s->kind == SRC_VAR && s->ref < f->nvars) {
		uint32_t nd;
		const uint32_t *d = src_defs(f, s, &nd);

		if (nd != 1 || (f->vars[s->ref].is_param && f->vars[s->ref].is_user))
			return none;
		name = sym_str(f->vars[s->ref].name);
		if (d[0] & REACH_ENTRY) {
			var = d[0] & ~REACH_ENTRY;
		} else {
			const struct ir_op *def = &f->ops[d[0]];
			const struct ir_src *ds = f->srcs + def->src_start;

			key = d[0];
			if (def->kind == OP_DEF && def->src_count == 1 && ds[0].kind == SRC_OP &&
			    ds[0].ref < f->nops && f->ops[ds[0].ref].kind == OP_READ &&
			    f->ops[ds[0].ref].a < f->npaths)
				key = first_read_of_same_field(f, ds[0].ref);
		}
	} else if (s->kind == SRC_OP && s->ref < f->nops && f->ops[s->ref].kind == OP_READ &&
		   f->ops[s->ref].a < f->npaths) {
		key = first_read_of_same_field(f, s->ref);
		name = sym_str(f->paths[f->ops[s->ref].a].text);
	} else {
		return none;
	}
	/*
	 * a parameter a __user local is also set from (void __user *argp =
	 * (void __user *)arg): the local's place, so that a cast at one copy
	 * and the local at another read the same bytes
	 */
	for (uint32_t e = 0; var != IR_NONE && (arg->flags & ARG_CAST_USER) && e < f->nops; e++) {
		const struct ir_op *def = &f->ops[e];
		const struct ir_src *ds = f->srcs + def->src_start;

		if (def->kind == OP_DEF && def->a < f->nvars && f->vars[def->a].is_user &&
		    !f->vars[def->a].is_param && def->src_count == 1 && ds->kind == SRC_VAR &&
		    ds->how == HOW_VALUE && ds->ref == var && !move_at(f, e)) {
			key = e;
			break;
		}
	}
	if (var != IR_NONE && key != IR_NONE)
		n = add_origin(a, key, IR_NONE, prof);
	else
		n = var != IR_NONE ? add_origin(a, IR_NONE, var, prof) :
				     add_origin(a, key, ORIGIN_BY_VALUE, prof);
	if (n < 0)
		return none;
	if (!a->origins[n].what[0])
		snprintf(a->origins[n].what, sizeof(a->origins[n].what),
			 "%s, cast to a pointer at %s(), points into %s", name, sym_str(op->a),
			 sym_str(prof->memory));
	return (struct spval){ (int16_t)n, false, 0 };
}

/*
 * A fetch whose address is an integer the code holds, not a pointer
 * (kvm_read_guest(kvm, gpa + k, ...): a guest-physical address), or a
 * pointer handed to a copy that reads nothing but shared memory
 * (always-shared: a ring reader a header macro generates): the
 * address's value names the place, so two fetches of one value, at
 * offsets from it, read the same bytes.  The value is that of one
 * definition of a local, a parameter as it came, or a field (the first
 * read of the same path): a local assigned again names another place.
 * A cast to a pointer ((void __user *)arg) gives the argument a type to
 * step in and is left to the pointer's own rules: cast_source(), which
 * makes one to a __user or shared type a source.  Only a root seeds
 * these: a callee's are reached with its caller's values.
 */
static struct spval integer_address(struct frame *fr, uint32_t o, const struct profile_rule *r,
				    const struct ir_arg *arg, bool final)
{
	struct analysis *a = fr->a;
	const struct ir_func *f = fr->f;
	const struct ir_src *v;
	uint32_t key = IR_NONE, var = IR_NONE, set = IR_NONE;
	const char *name;
	int k;

	if (a->depth != 0)
		return none;
	v = r->always_shared ? single_value_src(f, arg) : integer_address_src(a, f, arg);
	if (!v || (v->kind != SRC_VAR && (v->kind != SRC_OP || v->ref >= f->nops ||
					    f->ops[v->ref].kind != OP_READ ||
					    f->ops[v->ref].a >= f->npaths)))
		return none;
	if (v->kind == SRC_VAR) {
		uint32_t nd;
		const uint32_t *d = src_defs(f, v, &nd);

		if (nd != 1)
			return none;
		name = sym_str(f->vars[v->ref].name);
		if (d[0] & REACH_ENTRY) {
			if (!fr->params)
				return none;
			var = d[0] & ~REACH_ENTRY;
		} else {
			const struct ir_op *def = &f->ops[d[0]];
			const struct ir_src *ds = f->srcs + def->src_start;

			set = key = d[0];
			if (def->kind == OP_DEF && def->src_count == 1 && ds[0].kind == SRC_OP &&
			    ds[0].ref < f->nops && f->ops[ds[0].ref].kind == OP_READ &&
			    f->ops[ds[0].ref].a < f->npaths)
				key = first_read_of_same_field(f, ds[0].ref);
		}
	} else {
		set = v->ref;
		key = first_read_of_same_field(f, v->ref);
		name = sym_str(f->paths[f->ops[v->ref].a].text);
	}
	k = var != IR_NONE ? add_origin(a, IR_NONE, var, profile_of(a->prof, r)) :
			     add_origin(a, key, ORIGIN_BY_VALUE, profile_of(a->prof, r));
	if (k < 0)
		return none;
	if (var != IR_NONE)
		fr->params[var] = (struct spval){ (int16_t)k, false, 0 };
	else
		fr->vals[set] = (struct spval){ (int16_t)k, false, 0 };
	if (!a->origins[k].what[0] && r->always_shared)
		snprintf(a->origins[k].what, sizeof(a->origins[k].what),
			 "%s points into %s, the only memory %s() copies from", name,
			 sym_str(profile_of(a->prof, r)->memory), sym_str(f->ops[o].a));
	else if (!a->origins[k].what[0])
		snprintf(a->origins[k].what, sizeof(a->origins[k].what),
			 "%s holds an address %s() copies %s from", name, sym_str(f->ops[o].a),
			 sym_str(profile_of(a->prof, r)->memory));
	return list_val(fr, f->srcs + arg->src_start, arg->src_count);
}

/*
 * The function a call through a parameter calls ((*fn)(data, priv), fn a
 * parameter of f, the frame at depth d): the one the caller's call handed
 * it by name (walk(..., mark_failed, &st)), followed up the walk's stack
 * while the caller hands on a parameter of its own.  NULL when unknown.
 */
static const struct ir_func *param_callback(const struct analysis *a, const struct ir_func *f,
					    const struct ir_op *op, unsigned d)
{
	const char *t = sym_str(op->a);
	char name[128];
	size_t n;
	uint32_t v;

	if (!t)
		return NULL;
	if (!strncmp(t, "(*", 2))
		t += 2;
	n = strcspn(t, ")");
	if (n == 0 || n >= sizeof(name))
		return NULL;
	memcpy(name, t, n);
	name[n] = '\0';
	for (v = 0; v < f->nparams; v++)
		if (!strcmp(sym_str(f->vars[v].name), name))
			break;
	while (v < f->nparams && d > 0) {
		const struct ir_func *c = index_func(a->idx, a->stack_func[d - 1]);
		const struct ir_op *call = &c->ops[a->stack_pos[d - 1]];
		const struct ir_arg *arg;
		const struct ir_src *s;

		if (v >= op_nargs(call))
			return NULL;
		arg = &c->args[call->src_start + v];
		s = c->srcs + arg->src_start;
		if (arg->src_count != 1 || s->how != HOW_VALUE)
			return NULL;
		if (s->kind == SRC_OP && s->ref < c->nops && c->ops[s->ref].kind == OP_READ &&
		    c->ops[s->ref].a < c->npaths && c->paths[c->ops[s->ref].a].base_kind == BASE_GLOBAL &&
		    !c->paths[c->ops[s->ref].a].derefs && !sym_str(c->paths[c->ops[s->ref].a].chain)[0]) {
			uint32_t g = index_lookup_function(a->idx, c->paths[c->ops[s->ref].a].base, c->file);

			return g != IR_NONE ? index_func(a->idx, index_richest_alternative(a->idx, g)) :
					      NULL;
		}
		if (s->kind != SRC_VAR || s->ref >= c->nparams || s->defs != 1 ||
		    !(c->reach[s->def_start] & REACH_ENTRY))
			return NULL;
		v = s->ref;
		d--;
	}
	return NULL;
}

/*
 * A cursor's step in a loop (data += size, each pass), the cursor set
 * nowhere else in the loop: where the cursor's other definitions point,
 * as a sweep (spval.sweep) -- its fetches over the loop read from there
 * on.  Only a pointer as it comes into the loop, shared, at a known offset.
 */
static bool cursor_step(struct frame *fr, uint32_t o, struct spval *out)
{
	const struct ir_func *f = fr->f;
	const struct ir_op *op = &f->ops[o];
	const struct ir_src *s = op_srcs(f, op), *old = NULL;
	struct spval found = none;
	const char *form;
	uint32_t nd;
	const uint32_t *d;

	/*
	 * p += k (a move the lowering measured, or a step by a count it could
	 * not: data += size of a void pointer)
	 */
	if (!op->loop || op->kind != OP_DEF || op->a >= f->nvars)
		return false;
	form = f->nmoves ? sym_str(move_at(f, o)) : NULL;
	if (form ? form[0] != '=' : (!(op->flags & OPF_COMPOUND) || !pointer_type(f->vars[op->a].type)))
		return false;
	for (uint32_t i = 0; i < op->src_count; i++)
		if (s[i].kind == SRC_VAR && s[i].ref == op->a && s[i].how == HOW_VALUE)
			old = &s[i];
	if (!old)
		return false;
	d = src_defs(f, old, &nd);
	for (uint32_t i = 0; i < nd; i++) {
		struct spval v;

		if (d[i] == o)
			continue;
		/*
		 * where the cursor starts: the parameter as it came, or a plain
		 * assignment (a moved pointer's value does not carry the move)
		 */
		if (d[i] & REACH_ENTRY)
			v = param_val(fr, d[i] & ~REACH_ENTRY);
		else if (f->ops[d[i]].loop == op->loop)
			return false;	/* set afresh in the loop too: unvalued_step() */
		else if (move_at(f, d[i]) || (f->ops[d[i]].flags & OPF_COMPOUND))
			return false;
		else
			v = fr->vals[d[i]];
		/* a cursor set from another one's sweep starts where that one stopped */
		if (v.holder || v.page || v.sweep || v.off.unknown || !join_val(&found, v))
			return false;
	}
	if (found.origin < 0)
		return false;
	found.sweep = true;
	*out = found;
	return true;
}

static void visit(struct frame *fr, uint32_t o, bool final)
{
	if (fr->dead && fr->dead[o])
		return;
	fr->cur_op = o;
	struct analysis *a = fr->a;
	const struct ir_func *f = fr->f;
	const struct ir_op *op = &f->ops[o];
	const struct ir_src *s = f->srcs + op->src_start;
	const struct profile_rule *r;

	seed_op(fr, o, final);
	switch (op->kind) {
	case OP_READ:
	case OP_WRITE:
	case OP_RMW: {
		const struct ir_path *p = &f->paths[op->a];
		char loc[256];
		struct spval base = none;

		for (uint32_t i = 0; i < op->src_count; i++)
			if (s[i].how == HOW_BASE) {
				base = src_val(fr, &s[i]);
				break;
			}
		if (op->kind == OP_READ) {
			fr->taint[o] |= list_taint(fr, s, op->src_count);
			/* a buffer a fetch filled: reads through it carry the fetch */
			if (p->base_kind == BASE_VAR && fr->dest_var_fetch[p->base] != IR_NONE)
				fr->taint[o] |= fr->fetched[fr->dest_var_fetch[p->base]];
		}
		/*
		 * a member of the code's own object: a shared pointer stored
		 * there (kept_pointer()), or one in a struct copied in
		 */
		if (base.origin < 0 && op->kind == OP_WRITE)
			keep_stored_pointer(fr, o);
		if (base.origin < 0 && op->kind == OP_READ && fr->vals[o].origin < 0) {
			struct spval v = p->derefs ? kept_pointer(a, p->key) :
						     copied_in_pointer(fr, p, false);

			if (v.origin >= 0) {
				fr->vals[o] = v;
				break;
			}
		}
		/* pg[i] of mapped pages: a page, and no read of the memory */
		if (base.origin >= 0 && base.page) {
			if (op->kind == OP_READ && fr->vals[o].origin < 0)
				fr->vals[o] = base;
			break;
		}
		if (base.holder && op->kind == OP_READ && p->derefs == 1 && p->chain == base.prefix) {
			/*
			 * st->out through a pointer to the struct that holds the
			 * shared pointer; where a store here moves the member
			 * (st->out++), not where it started
			 */
			fr->vals[o] = (struct spval){ base.origin, false, 0 };
			for (uint32_t e = 0; e < f->nops; e++)
				if ((f->ops[e].kind == OP_WRITE || f->ops[e].kind == OP_RMW) &&
				    f->ops[e].a < f->npaths && f->paths[f->ops[e].a].text == p->text)
					fr->vals[o].off.unknown = true;
			break;
		}
		if (base.holder && op->kind == OP_READ && p->derefs == 0) {
			/* map.hva after kvm_vcpu_map(..., &map) */
			const char *t = sym_str(p->text), *dot = strchr(t, '.');

			if (dot && !strcmp(dot + 1, sym_str(base.prefix)))
				fr->vals[o] = (struct spval){ base.origin, false, 0 };
			break;
		}
		if (base.origin < 0 || base.holder || !p->derefs ||
		    !path_location(f, p, loc, sizeof(loc)))
			break;
		/*
		 * ghcb->save.valid_bitmap as a value is the array's address: no
		 * load, but a pointer into the same shared object, as
		 * &ghcb->save is (arg->params handed to a callee).  Not for
		 * user memory, read only by fetch calls whose byte ranges do
		 * not place a member yet: the payload after a header copied
		 * first (uarg->raw after *uarg) would look like the header.
		 */
		if (op->kind == OP_READ && p->key && str_ends(sym_str(index_key_type(a->idx, p->key)), "[]")) {
			if (fr->vals[o].origin < 0 &&
			    (!a->origins[base.origin].prof->user_pointers ||
			     fixed_array_copied_whole(a, f, o)))
				fr->vals[o] = (struct spval){ base.origin, false,
							      join_sym(base.prefix, loc) };
			break;
		}
		if (final && fr->event_of[o] == IR_NONE) {
			uint8_t kind = op->kind != OP_READ ? EV_WRITE :
				       (op->flags & OPF_TRACE) ? EV_TRACE : EV_FETCH;

			/* x->f |= v reads f only to write it back: a store, not a use */
			if (kind == EV_FETCH && op_is_compound_old_value(f, o))
				kind = EV_WRITE;
			add_event(fr, o, kind, base, loc, p->text);
		}
		break;
	}
	case OP_DEF:
		/*
		 * an out-parameter holds what the callee stored through it, not
		 * what the call returned: get_page_from_gfn(d, gfn, &t, q)
		 * returns the page, and t is its p2m type
		 */
		if (fr->vals[o].origin < 0 && cursor_step(fr, o, &fr->vals[o]))
			;
		else if (fr->vals[o].origin < 0 &&
		    !((op->flags & OPF_OUTPARAM) && op->src_count == 1 && s[0].kind == SRC_OP &&
		      s[0].ref < f->nops && f->ops[s[0].ref].kind == OP_CALL)) {
			struct spval v = list_val(fr, s, op->src_count);

			derived_offset(f, o, &v);
			if (v.origin < 0)
				v = holder_copy(fr, s, op->src_count);
			if (v.origin >= 0)
				fr->vals[o] = v;
		}
		/*
		 * what the root calls the object: the first local that holds it
		 * (a pointer into it, not the page it is mapped at)
		 */
		if (a->depth == 0 && fr->vals[o].origin >= 0 && !fr->vals[o].holder &&
		    !fr->vals[o].page && !fr->vals[o].prefix && !a->origins[fr->vals[o].origin].name)
			a->origins[fr->vals[o].origin].name = f->vars[op->a].name;
		fr->taint[o] |= list_taint(fr, s, op->src_count);
		/* copy_from_user(&local, ...): the local now holds the fetched data */
		if ((op->flags & OPF_OUTPARAM) && op->src_count && s[0].kind == SRC_OP &&
		    s[0].ref < f->nops)
			fr->taint[o] |= fr->fetched[s[0].ref];
		break;
	case OP_BRANCH:
		fr->taint[o] |= list_taint(fr, s, op->src_count);
		break;
	case OP_CALL: {
		uint32_t starts[64], counts[64];
		uint32_t n = op_src_ranges(f, op, starts, counts, 64);
		const struct ir_func *callee;

		/* page_address(pg[i]): a pointer into the memory mapped there */
		if ((r = call_rule(a, op, PR_PAGE_ADDRESS)) != NULL && r->arg >= 0 &&
		    (uint32_t)r->arg < op_nargs(op) && fr->vals[o].origin < 0) {
			const struct ir_arg *arg = &f->args[op->src_start + r->arg];
			struct spval v = list_val(fr, f->srcs + arg->src_start, arg->src_count);

			if (v.origin >= 0) {
				v.page = false;
				fr->vals[o] = v;
			}
		}
		if (final && fr->event_of[o] == IR_NONE)
			accessor_read(fr, o);
		if (is_fetch_call(a, op, &r)) {
			const struct ir_arg *arg = &f->args[op->src_start + r->arg];
			struct spval v = list_val(fr, f->srcs + arg->src_start, arg->src_count);

			if (v.origin < 0)
				v = cast_source(fr, o, (uint32_t)r->arg);
			if (v.origin < 0)
				v = integer_address(fr, o, r, arg, final);
			if (v.origin >= 0 && final && fr->event_of[o] == IR_NONE) {
				char text[256];

				arg_place_text(f, arg, text, sizeof(text));
				add_event(fr, o, (op->flags & OPF_TRACE) ? EV_TRACE : EV_FETCH, v, "",
					  intern(text));
				/* the event just added, if there was room for it */
				if (fr->event_of[o] != IR_NONE) {
					struct event *e = &a->events.v[fr->event_of[o]];

					fetch_range(a->idx, f, op, r, &v, fr->param_len, e);
					/* a sweep reads from where it starts on */
					if (v.sweep) {
						e->sweep = true;
						e->has_len = false;
					}
				}
			}
			/* the destination now holds what was fetched */
			if (r->dest >= 0 && (uint32_t)r->dest < op_nargs(op)) {
				const struct ir_arg *d = &f->args[op->src_start + r->dest];
				const struct ir_src *ds = f->srcs + d->src_start;
				struct spval dv = list_val(fr, ds, d->src_count);

				/* copying into shared memory is a store to it */
				if (dv.origin >= 0 && final && fr->event_of[o] == IR_NONE)
					add_event(fr, o, EV_WRITE, dv, "", intern("(copy destination)"));

				for (uint32_t i = 0; i < d->src_count; i++)
					if (ds[i].kind == SRC_VAR && ds[i].how == HOW_VALUE)
						fr->dest_var_fetch[ds[i].ref] = o;
			}
			break;
		}
		/* put_user(v, p): a store into the shared memory */
		if ((r = call_rule(a, op, PR_STORE)) != NULL) {
			store_call_event(fr, o, r, final);
			break;
		}
		/* a helper's result carries what its arguments carried */
		for (uint32_t k = 0; k < n; k++)
			fr->taint[o] |= list_taint(fr, f->srcs + starts[k], counts[k]);
		callee = walk_callee(a, op);
		if (!callee && final)
			callee = param_callback(a, f, op, a->depth);
		if (!final || !callee || a->depth + 1 >= MAX_FRAMES || a->depth + 1 > a->max_depth ||
		    call_rule(a, op, PR_SNAPSHOT) || fr->walked[o])
			break;
		fr->walked[o] = 1;
		walk_into(fr, o, callee);
		break;
	}
	default:
		break;
	}
}

/*
 * Does a source carry a value `carry` marks?  With `from` != IR_NONE, a
 * local counts only if the marked definition is from before op `from` and
 * can still be the local's value at op `at`: definitions after `from` are
 * ops checked on their own.
 */
static bool srcs_carry(const struct ir_func *f, const uint8_t *carry, const struct ir_src *s,
		       uint32_t n, uint32_t from, uint32_t at)
{
	for (uint32_t i = 0; i < n; i++) {
		uint32_t nd;
		const uint32_t *d = src_defs(f, &s[i], &nd);

		if (s[i].kind == SRC_OP && s[i].ref < f->nops && carry[s[i].ref])
			return true;
		for (uint32_t k = 0; k < nd; k++) {
			if ((d[k] & REACH_ENTRY) || !carry[d[k]])
				continue;
			if (from == IR_NONE || (!op_reaches(f, from, d[k]) &&
						var_value_reaches(f, s[i].ref, from, at)))
				return true;
		}
	}
	return false;
}

static bool op_carries(const struct ir_func *f, const uint8_t *carry, uint32_t o, uint32_t from)
{
	uint32_t starts[64], counts[64];
	uint32_t n = op_src_ranges(f, &f->ops[o], starts, counts, 64);

	for (uint32_t k = 0; k < n; k++)
		if (srcs_carry(f, carry, f->srcs + starts[k], counts[k], from, o))
			return true;
	return false;
}

/* Does one of sources s (n of them) name local v itself? */
static bool names_var(const struct ir_src *s, uint32_t n, uint32_t v)
{
	for (uint32_t i = 0; i < n; i++)
		if (s[i].kind == SRC_VAR && s[i].ref == v)
			return true;
	return false;
}

/* Does op o use local var, in its sources or any argument's? */
static bool op_uses_var(const struct ir_func *f, uint32_t o, uint32_t var)
{
	uint32_t starts[64], counts[64];
	uint32_t n = op_src_ranges(f, &f->ops[o], starts, counts, 64);

	for (uint32_t k = 0; k < n; k++)
		if (names_var(f->srcs + starts[k], counts[k], var))
			return true;
	return false;
}

/*
 * Which ops carry the value a fetch call returns ("len" of
 * len = strncpy_from_user(...)), through locals, whatever the fetch copied.
 */
static uint8_t *return_carriers(const struct frame *fr, uint32_t call)
{
	const struct ir_func *f = fr->f;
	uint8_t *carry = xcalloc(f->nops + 1, 1);

	carry[call] = 1;
	/* twice: loops carry values back to earlier ops */
	for (int pass = 0; pass < 2; pass++)
		for (uint32_t o = 0; o < f->nops; o++)
			if (!carry[o] && op_carries(f, carry, o, IR_NONE))
				carry[o] = 1;
	return carry;
}

/* Does op o, at or after op `from`, use a value `carry` marks from before `from`? */
static bool uses_carried_after(const struct ir_func *f, const uint8_t *carry, uint32_t from,
			       uint32_t o)
{
	/* cheap tests first: most ops carry nothing */
	if (!op_carries(f, carry, o, IR_NONE) || (o != from && !op_reaches(f, from, o)))
		return false;
	return op_carries(f, carry, o, from);
}

/*
 * A fetch whose data nothing reads, only its result ("did it fit?"), that
 * a second fetch replaces: getname-style code copies a user string into a
 * small buffer, copies it again into a big one when it filled the small
 * one, and checks what the second copy returned.  Nothing of the first
 * copy survives the second, so the two cannot disagree where it matters.
 */
static bool refetch_replaces(const struct frame *fr, const struct event *ea,
			     const struct event *eb)
{
	const struct ir_func *f = fr->f;
	uint32_t pa = ea->pos[ea->nframes - 1], pb = eb->pos[eb->nframes - 1];
	const struct profile_rule *r;
	uint8_t *carry_a, *carry_b;
	bool replaces = true, checked = false;

	/* a copy into a buffer (get_user() assigns its value: always used) */
	if (f->ops[pa].kind != OP_CALL || f->ops[pb].kind != OP_CALL ||
	    !is_fetch_call(fr->a, &f->ops[pa], &r) || r->dest < 0 || r->size < 0 ||
	    !op_reaches(f, pa, pb))
		return false;
	/* the first copy's data: read by nothing, its buffer handed to nothing */
	{
		const struct ir_arg *d = &f->args[f->ops[pa].src_start + r->dest];
		uint32_t buf = pointer_var(f, f->srcs + d->src_start, d->src_count);

		/* into a local pointer, whose every use we see */
		if (buf == IR_NONE)
			return false;
		for (uint32_t o = 0; o < f->nops; o++) {
			if (fr->taint[o] & ea->taint_self)
				return false;
			if (o != pb && op_uses_var(f, o, buf) && op_reaches(f, pa, o) &&
			    var_value_reaches(f, buf, pa, o))
				return false;
		}
	}
	carry_a = return_carriers(fr, pa);
	carry_b = return_carriers(fr, pb);
	for (uint32_t o = 0; o < f->nops && replaces; o++) {
		/* the first result: not used from the second fetch on */
		if (uses_carried_after(f, carry_a, pb, o))
			replaces = false;
		/* the second: checked */
		if (!checked && f->ops[o].kind == OP_BRANCH &&
		    (carry_b[o] || (fr->taint[o] & eb->taint_self)) && op_reaches(f, pb, o))
			checked = true;
	}
	free(carry_a);
	free(carry_b);
	return replaces && checked;
}

/* What argument k of call op o names: its path, or its plain variable; else NULL. */
static const char *arg_text(const struct ir_func *f, uint32_t o, int k, bool *addr)
{
	const struct ir_arg *d;

	if (k < 0 || (uint32_t)k >= op_nargs(&f->ops[o]))
		return NULL;
	d = &f->args[f->ops[o].src_start + k];
	*addr = d->flags & ARG_ADDR;
	if (d->path != IR_NONE)
		return sym_str(f->paths[d->path].text);
	/* a plain local or parameter names no path */
	if (d->src_count && f->srcs[d->src_start].kind == SRC_VAR)
		return sym_str(f->vars[f->srcs[d->src_start].ref].name);
	return NULL;
}

/*
 * Is local `var` at op w what op `from` fetched into it, or a constant the
 * code put in its place ("if (!size) size = VER0;")?  Either way it is not
 * the second fetch's value.  get_user(size, ...) assigns size as a macro
 * does, which the IR shows as no definition at all.
 */
static bool var_kept(const struct ir_func *f, uint32_t var, uint32_t from, uint32_t w)
{
	for (uint32_t o = 0; o < f->nops; o++) {
		const struct ir_op *d = &f->ops[o];
		uint32_t origins[4];

		if (d->kind == OP_DEF && d->a == var && op_reaches(f, from, o) && op_reaches(f, o, w) &&
		    value_origins(f, f->srcs + d->src_start, d->src_count, 2, origins, 4))
			return false;
	}
	return true;
}

/*
 * Does op w store the value fetch `from` produced: the call's result, the
 * local it filled (`var`), or a read of the place it filled (`text`) made
 * between ops a and b?
 */
static bool value_from(const struct ir_func *f, uint32_t w, uint32_t from, uint32_t var,
		       const char *text, uint32_t a, uint32_t b)
{
	const struct ir_src *s = f->srcs + f->ops[w].src_start;
	uint32_t origins[32];
	uint32_t n = value_origins(f, s, f->ops[w].src_count, 2, origins, 32);

	for (uint32_t i = 0; i < f->ops[w].src_count; i++)
		if (s[i].kind == SRC_VAR && s[i].how == HOW_VALUE && s[i].ref == var &&
		    var_kept(f, var, from, w))
			return true;
	for (uint32_t i = 0; i < n; i++) {
		const struct ir_op *op = &f->ops[origins[i]];

		if (origins[i] == from)
			return true;
		if (text && op->kind == OP_READ && !strcmp(sym_str(f->paths[op->a].text), text) &&
		    op_reaches(f, a, origins[i]) && op_reaches(f, origins[i], b))
			return true;
	}
	return false;
}

/*
 * The first fetch's value stored over what the second copied: the fix the
 * kernel uses for a size read ahead of the struct it sizes.
 *
 *	get_user(size, &uattr->size);
 *	copy_struct_from_user(attr, sizeof(*attr), uattr, size);
 *	attr->size = size;
 *
 * or, saving the first copy's field and putting it back,
 *
 *	get_user(policy.version, arg); version = policy.version;
 *	copy_from_user(&policy, arg, size); policy.version = version;
 *
 * After the store the copy holds the first value, so the two fetches cannot
 * disagree from there on; a read of the copied field before the store
 * still sees the second value, and keeps the pair a double fetch.
 */
static bool first_written_back(const struct frame *fr, const struct event *ea,
			       const struct event *eb)
{
	const struct ir_func *f = fr->f;
	uint32_t pa = ea->pos[ea->nframes - 1], pb = eb->pos[eb->nframes - 1];
	const struct profile_rule *ra, *rb;
	const char *region = sym_str(eb->text), *first = sym_str(ea->text), *dest, *saved = NULL;
	uint32_t saved_var = IR_NONE;
	char target[512] = "";
	bool dest_obj = false, saved_addr = false;
	size_t rl;

	if (f->ops[pb].kind != OP_CALL || !is_fetch_call(fr->a, &f->ops[pb], &rb) ||
	    !op_reaches(f, pa, pb) || !(dest = arg_text(f, pb, rb->dest, &dest_obj)))
		return false;
	if (f->ops[pa].kind == OP_CALL && is_fetch_call(fr->a, &f->ops[pa], &ra) && ra->dest >= 0 &&
	    (uint32_t)ra->dest < op_nargs(&f->ops[pa])) {
		const struct ir_arg *d = &f->args[f->ops[pa].src_start + ra->dest];
		const struct ir_src *ds = f->srcs + d->src_start;

		saved = arg_text(f, pa, ra->dest, &saved_addr);
		if (d->src_count && ds[0].kind == SRC_VAR && ds[0].how == HOW_VALUE)
			saved_var = ds[0].ref;
	}
	/* where the first fetch's location lies in the second's copy */
	if (region[0] == '*')
		region++;
	if (first[0] == '*')
		first++;
	rl = strlen(region);
	if (!strncmp(first, region, rl) && (first[rl] == '-' || first[rl] == '.'))
		snprintf(target, sizeof(target), "%s%s%s", dest,
			 dest_obj && first[rl] == '-' ? "." : "",
			 dest_obj && first[rl] == '-' ? first + rl + 2 : first + rl);
	/* or where the first fetch put it, when that is inside the copy */
	if (!target[0] && saved && !saved_addr && !strncmp(saved, dest, strlen(dest)) &&
	    saved[strlen(dest)] && strchr(dest_obj ? ".[" : "-", saved[strlen(dest)]))
		snprintf(target, sizeof(target), "%s", saved);
	if (!target[0])
		return false;
	for (uint32_t o = pb + 1; o < f->nops; o++) {
		const struct ir_op *op = &f->ops[o];

		if ((op->kind != OP_READ && op->kind != OP_WRITE) ||
		    strcmp(sym_str(f->paths[op->a].text), target) != 0 || !op_reaches(f, pb, o))
			continue;
		/* the copied value used before it is put back */
		if (op->kind == OP_READ)
			return false;
		return value_from(f, o, pa, saved_var, saved, pa, pb);
	}
	return false;
}

/*
 * The local a fetch call at op o copies into, with its profile rule in
 * *rp; else IR_NONE.  `whole`: only a whole local (&x) or a local pointer
 * (buf); otherwise also the local behind &x.f, &buf[k] or &buf->f.
 */
static uint32_t fetch_dest_local(const struct profile_set *prof, const struct ir_func *f,
				 uint32_t o, bool whole, const struct profile_rule **rp)
{
	const struct ir_op *op = &f->ops[o];
	const struct profile_rule *r;
	const struct ir_arg *d;

	if (op->kind != OP_CALL || (op->flags & (OPF_INDIRECT | OPF_MACRO_LOOP)) ||
	    !(r = profile_find(prof, op->a, PR_FETCH)) || r->dest < 0 ||
	    (uint32_t)r->dest >= op_nargs(op))
		return IR_NONE;
	*rp = r;
	d = &f->args[op->src_start + r->dest];
	if (d->path != IR_NONE) {
		const struct ir_path *p = &f->paths[d->path];

		if ((d->flags & ARG_ADDR) && p->base_kind == BASE_VAR &&
		    (!whole || (!p->derefs && !p->chain)))
			return p->base;
		if (whole)
			return IR_NONE;
	}
	return pointer_var(f, f->srcs + d->src_start, d->src_count);
}

/* The whole local a fetch call copies into: &local, or a local pointer; else IR_NONE. */
static uint32_t fetch_dest_var(const struct analysis *a, const struct ir_func *f, uint32_t o)
{
	const struct profile_rule *r;

	return fetch_dest_local(a->prof, f, o, true, &r);
}

/* Is op d the definition of local v that fetch call `call` makes (an out-parameter)? */
static bool def_by_fetch(const struct ir_func *f, uint32_t d, uint32_t v, uint32_t call)
{
	const struct ir_op *op;

	if (d & REACH_ENTRY || d >= f->nops)
		return false;
	op = &f->ops[d];
	if (op->kind != OP_DEF || op->a != v)
		return false;
	for (uint32_t i = 0; i < op->src_count; i++)
		if (f->srcs[op->src_start + i].kind == SRC_OP && f->srcs[op->src_start + i].ref == call)
			return true;
	return false;
}

/*
 * Does op o read what fetch call `call` copied into local v: a use of v
 * that this copy's definition reaches, or v's fields or address (which
 * carry no definitions, so any counts)?  Other fetches into v do not.
 */
static bool op_reads_fetched_var(const struct analysis *a, const struct ir_func *f, uint32_t o,
				 uint32_t v, uint32_t call, bool defines)
{
	const struct ir_op *op = &f->ops[o];
	uint32_t starts[64], counts[64];
	uint32_t n;

	if (fetch_dest_var(a, f, o) == v)
		return false;
	n = op_src_ranges(f, op, starts, counts, 64);
	for (uint32_t k = 0; k < n; k++)
		for (uint32_t i = 0; i < counts[k]; i++) {
			const struct ir_src *s = &f->srcs[starts[k] + i];
			uint32_t nd;
			const uint32_t *d;

			if (s->kind != SRC_VAR || s->ref != v)
				continue;
			/* get_user(v, p) assigns as a macro does: no definition to follow */
			if (!defines)
				return true;
			d = src_defs(f, s, &nd);
			for (uint32_t j = 0; j < nd; j++)
				if (def_by_fetch(f, d[j], v, call))
					return true;
		}
	if ((op->kind == OP_READ || op->kind == OP_WRITE || op->kind == OP_RMW) &&
	    f->paths[op->a].base_kind == BASE_VAR && f->paths[op->a].base == v)
		return true;
	if (op->kind == OP_CALL)
		for (uint32_t k = 0; k < op_nargs(op); k++) {
			const struct ir_arg *arg = &f->args[op->src_start + k];

			if (arg->path != IR_NONE && f->paths[arg->path].base_kind == BASE_VAR &&
			    f->paths[arg->path].base == v)
				return true;
		}
	return false;
}

/*
 * A fetch whose bytes nothing reads: copied into a scratch local (not a
 * pointer to memory others read) whose copy no later op uses, only the
 * call's result tested ("is this byte readable?").  A probe and another
 * fetch of the same bytes cannot disagree about anything the code uses:
 * the pair is no double fetch.
 */
static bool fetch_is_probe(const struct frame *fr, const struct event *e)
{
	const struct ir_func *f = fr->f;
	uint32_t o = e->pos[e->nframes - 1], v = fetch_dest_var(fr->a, f, o);

	bool defines = false;

	if (v == IR_NONE || v < f->nparams || strchr(sym_str(f->vars[v].type), '*'))
		return false;
	for (uint32_t k = 0; k < f->nops && !defines; k++)
		defines = def_by_fetch(f, k, v, o);
	for (uint32_t k = 0; k < f->nops; k++) {
		/* the copy's own definition of the local */
		if (f->ops[k].kind == OP_DEF && f->ops[k].a == v)
			continue;
		if ((fr->taint[k] & e->taint_self) ||
		    op_reads_fetched_var(fr->a, f, k, v, o, defines))
			return false;
	}
	return true;
}

/*
 * Do the member chains (".a.b", "->a", "[2]") name the same bytes or one
 * inside the other?  The whole object ("") holds every member.
 */
static bool chains_nest(const char *x, const char *y)
{
	size_t lx = strlen(x), ly = strlen(y), l = lx < ly ? lx : ly;

	if (strncmp(x, y, l))
		return false;
	return lx == ly || (lx < ly ? y[l] : x[l]) == '.' || (lx < ly ? y[l] : x[l]) == '[' ||
	       (lx < ly ? y[l] : x[l]) == '-';
}

/*
 * Does op o touch the bytes `chain` of local v: a read, write or address
 * of v itself, of that member, or of one inside it or holding it, or v's
 * value as a whole?  Other members of v are other bytes.
 */
static bool op_touches_member(const struct ir_func *f, uint32_t o, uint32_t v, const char *chain)
{
	const struct ir_op *op = &f->ops[o];
	uint32_t starts[64], counts[64];
	uint32_t n = op_src_ranges(f, op, starts, counts, 64);

	for (uint32_t k = 0; k < n; k++)
		for (uint32_t i = 0; i < counts[k]; i++) {
			const struct ir_src *s = &f->srcs[starts[k] + i];

			if (s->kind == SRC_VAR && s->ref == v)
				return true;
		}
	if ((op->kind == OP_READ || op->kind == OP_WRITE || op->kind == OP_RMW) &&
	    op->a < f->npaths && f->paths[op->a].base_kind == BASE_VAR &&
	    f->paths[op->a].base == v &&
	    (f->paths[op->a].derefs || chains_nest(sym_str(f->paths[op->a].chain), chain)))
		return true;
	if (op->kind == OP_CALL)
		for (uint32_t k = 0; k < op_nargs(op); k++) {
			const struct ir_arg *arg = &f->args[op->src_start + k];
			const struct ir_path *p;

			if (arg->path == IR_NONE)
				continue;
			p = &f->paths[arg->path];
			if (p->base_kind == BASE_VAR && p->base == v &&
			    (p->derefs || chains_nest(sym_str(p->chain), chain)))
				return true;
		}
	return false;
}

/* Is op r one the call op c is handed as an argument's value (get_user(k.m, p)'s k.m)? */
static bool arg_op_of(const struct ir_func *f, uint32_t c, uint32_t r)
{
	const struct ir_op *op = &f->ops[c];
	uint32_t starts[64], counts[64];
	uint32_t n = op_src_ranges(f, op, starts, counts, 64);

	for (uint32_t k = 0; k < n; k++)
		for (uint32_t i = 0; i < counts[k]; i++)
			if (f->srcs[starts[k] + i].kind == SRC_OP && f->srcs[starts[k] + i].ref == r)
				return true;
	return false;
}

/* A scalar type's size, through typedefs (compat_u64 -> u64), or 0. */
static unsigned scalar_size_through(const struct index *idx, sym_t type)
{
	for (unsigned i = 0; i < 4 && type; i++) {
		unsigned size = scalar_size(sym_str(type));

		if (size)
			return size;
		type = symmap_get(&idx->typedefs, type, 0);
	}
	return 0;
}

/*
 * The byte offset of member m (one name) in struct st, when it can be
 * told exactly: every member up to it a scalar of a known size, none
 * padded.  False otherwise.
 */
static bool member_offset_exact(const struct index *idx, sym_t st, sym_t m, uint64_t *off)
{
	uint32_t si = symmap_get(&idx->structs, st, IR_NONE);
	const struct struct_def *sd;
	uint64_t at = 0;

	if (si == IR_NONE)
		return false;
	sd = idx->struct_list[si];
	for (uint32_t i = 0; i < sd->nfields; i++) {
		unsigned size = scalar_size_through(idx, sd->fields[i].type);

		if (!size || sd->fields[i].count || at % size)
			return false;
		if (sd->fields[i].name == m) {
			*off = at;
			return true;
		}
		at += size;
	}
	return false;
}

/*
 * The second fetch copies a member back into the very bytes of the local
 * the first fetch had copied it to, before anything read them:
 *
 *	copy_from_user(&k, u, sizeof(*u)) || get_user(k.flags, &u->flags)
 *
 * The first copy's value of those bytes is dead (written over before any
 * use), so for them there is one fetch, the second.  Only those bytes:
 * the first copy's other members stay its own, and a read of the member
 * (of the whole local, or its address handed on) between the two keeps
 * the pair a double fetch.  The first fetch copies from where its
 * location starts into where the local starts, so a member of the source
 * lands at its own offset in the local: the second fetch must read the
 * member of that name, at the same offset and of the same size, when the
 * two types differ.
 */
static bool first_dead_under_second(const struct frame *fr, const struct event *ea,
				    const struct event *eb)
{
	const struct ir_func *f = fr->f;
	uint32_t pa = ea->pos[ea->nframes - 1], pb = eb->pos[eb->nframes - 1], v;
	const struct profile_rule *rb;
	const struct ir_arg *d;
	const struct ir_path *dp;
	const char *region = sym_str(ea->text), *second = sym_str(eb->text), *chain;
	sym_t src_type, dst_type, member;
	size_t rl;

	if (f->ops[pb].kind != OP_CALL || !is_fetch_call(fr->a, &f->ops[pb], &rb) || rb->dest < 0 ||
	    (uint32_t)rb->dest >= op_nargs(&f->ops[pb]) || pa == pb || !op_reaches(f, pa, pb) ||
	    (v = fetch_dest_var(fr->a, f, pa)) == IR_NONE || strchr(sym_str(f->vars[v].type), '*'))
		return false;
	/* the first copies its location from the start (*u), whole */
	if (ea->off.c || ea->off.n || ea->off.unknown || ea->var_off || region[0] != '*')
		return false;
	region++;
	d = &f->args[f->ops[pb].src_start + rb->dest];
	if (d->path == IR_NONE)
		return false;
	dp = &f->paths[d->path];
	chain = sym_str(dp->chain);
	if (dp->base_kind != BASE_VAR || dp->base != v || dp->derefs || chain[0] != '.' ||
	    strpbrk(chain + 1, ".[-"))
		return false;
	/* the second reads u->flags: the member of that name */
	rl = strlen(region);
	if (strncmp(second, region, rl) || strncmp(second + rl, "->", 2) ||
	    strcmp(second + rl + 2, chain + 1))
		return false;
	member = intern(chain + 1);
	src_type = index_struct_of(fr->a->idx, f->vars[v].type, NULL);
	dst_type = src_type;
	if (f->ops[pa].kind == OP_CALL) {
		const struct profile_rule *ra;
		const struct ir_arg *sa;

		if (!is_fetch_call(fr->a, &f->ops[pa], &ra))
			return false;
		sa = &f->args[f->ops[pa].src_start + ra->arg];
		if (sa->src_count != 1 || f->srcs[sa->src_start].kind != SRC_VAR ||
		    f->srcs[sa->src_start].ref >= f->nvars)
			return false;
		src_type = index_struct_of(fr->a->idx,
					   f->vars[f->srcs[sa->src_start].ref].type, NULL);
	}
	if (!src_type || !dst_type)
		return false;
	if (src_type != dst_type) {
		uint64_t os, od;
		sym_t ts = index_field_type(fr->a->idx, src_type, member);
		sym_t td = index_field_type(fr->a->idx, dst_type, member);

		if (!scalar_size_through(fr->a->idx, ts) ||
		    scalar_size_through(fr->a->idx, ts) != scalar_size_through(fr->a->idx, td) ||
		    !member_offset_exact(fr->a->idx, src_type, member, &os) ||
		    !member_offset_exact(fr->a->idx, dst_type, member, &od) || os != od)
			return false;
	}
	/* nothing between reads those bytes of the local */
	for (uint32_t o = 0; o < f->nops; o++) {
		if (o == pa || o == pb || !op_reaches(f, pa, o) || !op_reaches(f, o, pb) ||
		    arg_op_of(f, pb, o) || def_by_fetch(f, o, v, pa))
			continue;
		if (op_touches_member(f, o, v, chain))
			return false;
	}
	return true;
}

/*
 * Re-validation: a condition after fetch b that uses both a's and b's
 * value, a second fetch that replaces the first (refetch_replaces), or a
 * second whose copy is given the first value back (first_written_back).
 */
/*
 * Does branch o compare the value of fetch x with that of fetch y in one
 * comparison (first != p->len: the two are its operands, side by side),
 * rather than each with something else (p->v != 1 && p->v != 2: a test
 * the value can pass although it never held a valid value at one time)?
 * A local either read may have set (state = p->state, again at the end of
 * the loop) tests the latest value: a re-check too.
 */
static bool compared_together(struct frame *fr, uint32_t o, uint64_t x, uint64_t y)
{
	const struct ir_op *br = &fr->f->ops[o];
	const struct ir_src *s = fr->f->srcs + br->src_start;
	uint64_t prev = 0;
	bool any_cmp = false;

	for (uint32_t k = 0; k < br->src_count; k++) {
		uint64_t t = how_compares(s[k].how) ? list_taint(fr, &s[k], 1) : 0;

		any_cmp |= how_compares(s[k].how);
		/* one value that either read may have set: the latest is tested */
		if ((t & x) && (t & y))
			return true;
		if (k && how_compares(s[k - 1].how) && s[k - 1].how == s[k].how &&
		    (((prev & x) && (t & y)) || ((prev & y) && (t & x))))
			return true;
		prev = t;
	}
	/* not a comparison of the sources one by one (a call's result tested) */
	return !any_cmp;
}

static void find_revalidation(struct frame *fr, uint32_t first_event)
{
	struct analysis *a = fr->a;
	const struct ir_func *f = fr->f;

	for (uint32_t i = first_event; i < a->events.n; i++) {
		for (uint32_t j = first_event; j < a->events.n; j++) {
			const struct event *ea = &a->events.v[i], *eb = &a->events.v[j];

			if (i != j && ea->frame_id == fr->id && eb->frame_id == fr->id &&
			    ea->kind == EV_FETCH && eb->kind == EV_FETCH && ea->origin == eb->origin &&
			    (refetch_replaces(fr, ea, eb) || first_written_back(fr, ea, eb) ||
			     first_dead_under_second(fr, ea, eb) ||
			     fetch_is_probe(fr, ea) || fetch_is_probe(fr, eb)))
				vec_push(&a->revalidated, ((uint64_t)i << 32) | j);
		}
	}
	for (uint32_t o = 0; o < f->nops; o++) {
		uint64_t t;

		if (f->ops[o].kind != OP_BRANCH)
			continue;
		t = fr->taint[o];
		if (__builtin_popcountll(t) < 2)
			continue;
		for (uint32_t i = first_event; i < a->events.n; i++) {
			const struct event *ea = &a->events.v[i];

			if (ea->frame_id != fr->id || !(t & ea->taint_self))
				continue;
			for (uint32_t j = first_event; j < a->events.n; j++) {
				const struct event *eb = &a->events.v[j];

				if (j == i || eb->frame_id != fr->id || !(t & eb->taint_self) ||
				    !compared_together(fr, o, ea->taint_self, eb->taint_self))
					continue;
				/* after b on its path, if only by a goto back into the pass */
				if (eb->pos[eb->nframes - 1] < o ||
				    op_reaches_same_pass(f, eb->pos[eb->nframes - 1], o))
					vec_push(&a->revalidated, ((uint64_t)i << 32) | j);
			}
		}
	}
}

/*
 * What a function returns, when every return that returns a value other
 * than a constant (NULL on an error path) returns the same shared place:
 * a helper that joins an address from two registers, or finds an entry
 * inside a shared buffer, hands its caller a pointer into the same memory.
 */
static struct spval returned_val(struct frame *fr)
{
	const struct ir_func *f = fr->f;
	struct spval found = none;

	for (uint32_t o = 0; o < f->nops; o++) {
		const struct ir_op *op = &f->ops[o];
		const struct ir_src *s = f->srcs + op->src_start;
		struct spval v;
		bool constant = true;

		if (op->kind != OP_RETURN)
			continue;
		for (uint32_t i = 0; i < op->src_count; i++)
			if (s[i].kind != SRC_CONST)
				constant = false;
		if (constant)
			continue;
		v = list_val(fr, s, op->src_count);
		derived_offset(f, o, &v);
		if (!join_val(&found, v))
			return none;
	}
	return found;
}

static struct spval walk(struct analysis *a, const struct ir_func *f, struct spval *params)
{
	struct frame fr = { .a = a, .f = f, .id = a->next_frame_id++, .force_truth = -1 };
	uint32_t first_event = a->events.n;
	struct spval ret;

	a->stack_func[a->depth] = f->id;
	fr.vals = xmalloc(sizeof(*fr.vals) * (f->nops + 1));
	fr.taint = xcalloc(f->nops + 1, sizeof(*fr.taint));
	fr.fetched = xcalloc(f->nops + 1, sizeof(*fr.fetched));
	fr.event_of = xmalloc(sizeof(uint32_t) * (f->nops + 1));
	fr.dest_var_fetch = xmalloc(sizeof(uint32_t) * (f->nvars + 1));
	fr.params = params;
	fr.param_ids = a->callee_ids;
	a->callee_ids = NULL;
	fr.param_len = a->callee_lens;
	a->callee_lens = NULL;
	fr.alt = a->callee_alt;
	a->callee_alt.valid = false;
	fr.consts = a->callee_consts;
	a->callee_consts = NULL;
	fr.dead = const_dead_ops(&fr);
	for (uint32_t i = 0; i < f->nops; i++) {
		fr.vals[i] = none;
		fr.event_of[i] = IR_NONE;
	}
	for (uint32_t i = 0; i < f->nvars; i++)
		fr.dest_var_fetch[i] = IR_NONE;
	fr.walked = xcalloc(f->nops + 1, 1);
	/*
	 * twice: values defined later in a loop reach uses earlier in it.
	 * A callee's result is known only once the final pass walked it: in
	 * a loop, a pointer set from one after the reads it reaches on the
	 * next iteration (seg = page address of the next list), and a step
	 * of it, need two passes more, which walk no callee again.
	 */
	for (int pass = 0; pass < (f->nloops ? 4 : 2); pass++) {
		for (uint32_t i = 0; i < f->nvars; i++)
			fr.dest_var_fetch[i] = IR_NONE;
		for (uint32_t o = 0; o < f->nops; o++)
			visit(&fr, o, pass >= 1);
	}
	/* past the ops: no arm to tell a flagged parameter's value by */
	fr.cur_op = IR_NONE;
	/*
	 * The fetches' data, carried once more: a value fetched after a test
	 * reaches it only by a goto back (state = p->state; goto recheck),
	 * and the final pass numbered the fetch after it passed the test.
	 */
	for (int pass = 0; pass < 2; pass++)
		for (uint32_t o = 0; o < f->nops; o++)
			if (f->ops[o].kind == OP_DEF || f->ops[o].kind == OP_BRANCH)
				fr.taint[o] |= list_taint(&fr, f->srcs + f->ops[o].src_start,
							  f->ops[o].src_count);
	find_revalidation(&fr, first_event);
	ret = returned_val(&fr);
	free(fr.vals);
	free(fr.walked);
	free(fr.taint);
	free(fr.fetched);
	free(fr.event_of);
	free(fr.dest_var_fetch);
	free(fr.param_ids);
	free(fr.param_len);
	free(fr.consts);
	free(fr.dead);
	return ret;
}

/* --- pairing and reporting ---------------------------------------------- */

/* Compare execution positions: <0 if a runs first. */
static int exec_cmp(const struct event *a, const struct event *b, unsigned *level)
{
	unsigned n = MIN(a->nframes, b->nframes);

	for (unsigned k = 0; k < n; k++) {
		if (a->pos[k] != b->pos[k]) {
			*level = k;
			return a->pos[k] < b->pos[k] ? -1 : 1;
		}
	}
	*level = n - 1;
	/* one read, and its run on the loop's next pass: that comes after */
	if (a->nframes == b->nframes && a->next_pass != b->next_pass) {
		*level = a->pass_level - 1u;
		return a->next_pass ? 1 : -1;
	}
	return 0;
}

/* Is eb the run of ea's read on the next pass of the loop that repeats it? */
static bool next_pass_of(const struct event *ea, const struct event *eb)
{
	if (!eb->next_pass || ea->next_pass || ea->nframes != eb->nframes)
		return false;
	for (unsigned k = 0; k < ea->nframes; k++)
		if (ea->pos[k] != eb->pos[k] || ea->func[k] != eb->func[k])
			return false;
	return true;
}

/* --- commands: fetches under different values of one variable ------- */

/*
 * An ioctl handler hands `cmd` to a generic handler and then to a specific
 * one; each switches on it and fetches from the argument under its own
 * case labels.  Two fetches that need different values of the same
 * variable of the frame where their paths part never both run in one
 * call.  A fetch's conditions are those of its own function and those of
 * the functions between, carried up to each caller through a parameter
 * handed on unchanged: "runs only when cmd == SET_NUM".
 */
#define EVENT_CONDS 8
#define CASE_MEMO_SLOTS 64

struct case_memo {
	uint32_t n;
	uint32_t func[CASE_MEMO_SLOTS];
	struct case_map *map[CASE_MEMO_SLOTS];
};

static const struct case_map *cases_of(const struct analysis *a, const struct ir_func *f)
{
	struct case_memo *cm = a->cases;
	struct case_map *m;

	if (!cm || !f->ncases)
		return NULL;
	for (uint32_t i = 0; i < cm->n; i++)
		if (cm->func[i] == f->id)
			return cm->map[i];
	/* past the slots, conditions are not known: pairs stay as they are */
	if (cm->n == CASE_MEMO_SLOTS)
		return NULL;
	m = case_map_build(f);
	cm->func[cm->n] = f->id;
	cm->map[cm->n++] = m;
	return m;
}

static void case_memo_free(struct case_memo *cm)
{
	for (uint32_t i = 0; cm && i < cm->n; i++)
		case_map_free(cm->map[i]);
	free(cm);
}

/* The variable call op o of f hands on unchanged as argument k, or IR_NONE. */
static uint32_t passed_var(const struct ir_func *f, uint32_t o, uint32_t k)
{
	const struct ir_op *op = &f->ops[o];
	const struct ir_arg *arg;
	const struct ir_src *s;

	if (op->kind != OP_CALL || k >= op_nargs(op))
		return IR_NONE;
	arg = &f->args[op->src_start + k];
	s = f->srcs + arg->src_start;
	if (arg->src_count != 1 || s->kind != SRC_VAR || s->how != HOW_VALUE || s->ref >= f->nvars)
		return IR_NONE;
	return s->ref;
}

/*
 * The conditions on the variables of frame `level` under which event e
 * gets there: those of its op at each deeper frame, said of the caller's
 * variable that the parameter was handed, and those of its op at `level`.
 */
static unsigned event_conds(const struct analysis *a, const struct event *e, unsigned level,
			    struct case_cond *out)
{
	unsigned n = 0;

	for (int k = (int)e->nframes - 1; k >= (int)level; k--) {
		const struct ir_func *f = index_func(a->idx, e->func[k]);
		const struct ir_func *callee = k + 1 < (int)e->nframes ?
						       index_func(a->idx, e->func[k + 1]) : NULL;
		struct case_cond here[EVENT_CONDS];
		unsigned nh;

		if (!f)
			return 0;
		nh = case_conds_at(cases_of(a, f), f, e->pos[k], here, EVENT_CONDS);
		for (unsigned i = 0; i < n && callee; i++) {
			uint32_t w, j;

			if (out[i].var >= callee->nparams || !callee->vars[out[i].var].is_param)
				continue;
			w = passed_var(f, e->pos[k], out[i].var);
			if (w == IR_NONE || !case_var_stable(f, w))
				continue;
			for (j = 0; j < nh; j++)
				if (here[j].var == w)
					break;
			if (j < nh) {
				case_cond_meet(&here[j], &out[i]);
			} else if (nh < EVENT_CONDS) {
				here[nh] = out[i];
				here[nh++].var = w;
			}
		}
		memcpy(out, here, sizeof(*here) * nh);
		n = nh;
	}
	return n;
}

/*
 * The generic handler's answer: r = generic(d, cmd, argp); if (r ==
 * -ENOIOCTLCMD) r = specific(d, cmd, argp).  The specific handler runs
 * only when the generic one said the command is not its own, so a fetch
 * the generic one makes on a path where it cannot return that does not
 * share a call with any fetch of the specific one.
 */
#define GATE_VALUES 4

/*
 * Does op b of f run only when call op a returned one of the values
 * out[0..n)?  a's result goes to a local that the branch ending a's block
 * tests against constants, and from that block b is reached only through
 * the arm those values take.  The count of values, 0 when not so.
 */
static unsigned result_gate(const struct ir_func *f, uint32_t a, uint32_t b, sym_t *out)
{
	const struct ir_block *blk = &f->blocks[f->ops[a].block];
	const struct ir_op *def = a + 1 < f->nops ? &f->ops[a + 1] : NULL;
	uint32_t br = blk->op_end - 1, target = IR_NONE, r;
	unsigned n = 0;

	if (!def || def->kind != OP_DEF || def->src_count != 1 || def->block != f->ops[a].block ||
	    f->srcs[def->src_start].kind != SRC_OP || f->srcs[def->src_start].ref != a ||
	    f->ops[br].kind != OP_BRANCH || br <= a + 1)
		return 0;
	r = def->a;
	for (uint32_t o = a + 2; o < br; o++)
		if (f->ops[o].kind == OP_DEF && f->ops[o].a == r)
			return 0;
	for (uint32_t k = 0; k < f->ncases; k++) {
		const struct ir_case *c = &f->cases[k];

		if (c->branch != br || c->var != r)
			continue;
		if ((target != IR_NONE && c->target != target) || n == GATE_VALUES)
			return 0;
		target = c->target;
		out[n++] = c->value;
	}
	if (!n || !cfg_reaches(f, target, f->ops[b].block))
		return 0;
	for (uint16_t k = 0; k < blk->nsucc; k++) {
		uint32_t s = f->succs[blk->succ_start + k];

		if (s != target && cfg_reaches(f, s, f->ops[b].block))
			return 0;
	}
	return n;
}

#define RETURN_DEPTH 3

struct exec_path {
	const struct event *e;
	unsigned level;		/* f is e->func[level], o is e->pos[level] */
};

static bool may_return_after(const struct analysis *a, const struct ir_func *f, uint32_t o,
			     sym_t v, unsigned depth, bool unknown, const struct exec_path *path);

/*
 * Can the status of a copy into a destination (result = get_user(val, p);
 * if (result) return result;) be v?  The copy answers with what it left
 * uncopied, a count, or with the fault: never another negative constant,
 * and so never a handler's "not mine" (-ENOIOCTLCMD).
 */
static bool copy_status_may_be(const struct analysis *a, const struct ir_op *call, sym_t v)
{
	const struct profile_rule *r = call_rule(a, call, PR_FETCH);

	if (!r || r->dest < 0)
		return true;
	return sym_str(v)[0] != '-' || case_magnitudes_may_match(intern("EFAULT"), v);
}

/*
 * The parameter a function returns as it came on every way out (a
 * conversion: ERR_PTR(), PTR_ERR()), or -1.
 */
static int returns_param(const struct ir_func *g)
{
	int k = -1;

	for (uint32_t r = 0; r < g->nops; r++) {
		const struct ir_op *ret = &g->ops[r];
		const struct ir_src *s = op_srcs(g, ret);

		if (ret->kind != OP_RETURN)
			continue;
		if (ret->src_count != 1 || s->kind != SRC_VAR || !s->defs)
			return -1;
		for (uint32_t i = 0; i < s->defs; i++) {
			uint32_t d = g->reach[s->def_start + i];

			if (!(d & REACH_ENTRY) || (k >= 0 && (uint32_t)k != (d & ~REACH_ENTRY)))
				return -1;
			k = (int)(d & ~REACH_ENTRY);
		}
	}
	return k;
}

static bool source_may_be(const struct analysis *a, const struct ir_func *f,
			  const struct ir_src *s, sym_t v, unsigned depth, bool unknown);

/*
 * Can local s (at its use) be v: can any value its definitions there
 * give be?  Conditions of a definition (x ? NULL : f()) are not values.
 */
static bool var_may_be(const struct analysis *a, const struct ir_func *f, const struct ir_src *s,
		       sym_t v, unsigned depth, bool unknown)
{
	if (depth >= RETURN_DEPTH || !s->defs)
		return unknown;
	for (uint32_t k = 0; k < s->defs; k++) {
		uint32_t d = f->reach[s->def_start + k];
		const struct ir_op *def;
		const struct ir_src *ds;
		bool any = false;

		if (d & REACH_ENTRY) {
			if (unknown)
				return true;
			continue;
		}
		def = &f->ops[d];
		if (def->kind != OP_DEF || (def->flags & OPF_OUTPARAM)) {
			if (unknown)
				return true;
			continue;
		}
		ds = op_srcs(f, def);
		for (uint32_t i = 0; i < def->src_count; i++) {
			if (ds[i].how != HOW_VALUE)
				continue;
			any = true;
			if (source_may_be(a, f, &ds[i], v, depth + 1, unknown))
				return true;
		}
		if (!any && unknown)
			return true;
	}
	return false;
}

/*
 * Can a value whose one source is s be v: a constant spelled so, what a
 * conversion of a value that may be v gives (PTR_ERR(ctx), ctx = cond ?
 * NULL : f()), or what a call returns when its callee can return v
 * (followed a few calls deep)?
 */
static bool source_may_be(const struct analysis *a, const struct ir_func *f,
			  const struct ir_src *s, sym_t v, unsigned depth, bool unknown)
{
	const struct ir_func *g;
	const struct ir_op *call;
	int k;

	if (s->kind == SRC_CONST)
		return case_magnitudes_may_match(s->ref, v);
	if (s->kind == SRC_VAR && s->ref < f->nvars)
		return var_may_be(a, f, s, v, depth, unknown);
	if (s->kind != SRC_OP || s->ref >= f->nops || f->ops[s->ref].kind != OP_CALL)
		return unknown;
	call = &f->ops[s->ref];
	if (!copy_status_may_be(a, call, v))
		return false;
	/*
	 * a call through a pointer may reach another handler, whose "not
	 * mine" is the very value: unknown even where only spelled values
	 * count
	 */
	if (call->flags & OPF_INDIRECT)
		return true;
	if (!(g = walk_callee(a, call)) || !g->nops)
		return unknown;
	/* a conversion: what it is handed, without counting a call */
	if ((k = returns_param(g)) >= 0 && (uint32_t)k < op_nargs(call)) {
		const struct ir_arg *arg = &f->args[call->src_start + k];

		if (arg->src_count != 1)
			return unknown;
		return source_may_be(a, f, &f->srcs[arg->src_start], v, depth, unknown);
	}
	if (depth >= RETURN_DEPTH)
		return unknown;
	/* every return of the callee, from its first op */
	return may_return_after(a, g, 0, v, depth + 1, unknown, NULL);
}

/*
 * Is local var, returned by op r, dereferenced on every way to r after it
 * was set (kref_get(&ctx->kref); return ctx;)?  Then it is a valid
 * pointer, not an error value.
 */
static bool deref_before_return(const struct ir_func *f, uint32_t var, uint32_t r)
{
	for (uint32_t u = 0; u < r; u++) {
		const struct ir_op *op = &f->ops[u];
		const struct ir_path *p;
		uint8_t *avoid;
		bool around;

		if ((op->kind != OP_READ && op->kind != OP_WRITE && op->kind != OP_RMW) ||
		    op->a >= f->npaths)
			continue;
		p = &f->paths[op->a];
		if (p->base_kind != BASE_VAR || p->base != var || p->derefs < 1 ||
		    !op_reaches(f, u, r) || !var_value_reaches(f, var, u, r))
			continue;
		if (op->block == f->ops[r].block)
			return true;
		avoid = xcalloc(f->nblocks + 1, 1);
		avoid[op->block] = 1;
		around = cfg_reaches_avoiding(f, 0, f->ops[r].block, avoid);
		free(avoid);
		if (!around)
			return true;
	}
	return false;
}

static const struct ir_src *tested_alone(const struct ir_func *f, uint32_t br);
static int arm_truth(const struct ir_func *f, uint32_t br, uint32_t o);

/*
 * Is local var zero whenever op o runs: o lies only on the arm of a test
 * of var alone where it is false, and nothing sets var between the test
 * and o?
 */
static bool zero_on_way(const struct ir_func *f, uint32_t var, uint32_t o)
{
	for (uint32_t br = 0; br < o && br < f->nops; br++) {
		const struct ir_src *t = tested_alone(f, br);

		if (t && t->kind == SRC_VAR && t->ref == var && arm_truth(f, br, o) == 0 &&
		    var_value_reaches(f, var, br, o))
			return true;
	}
	return false;
}

/*
 * Can f, once past op o (o included), return a value that may be v?
 * Every return reachable from o must give a constant, a callee's result,
 * or a local whose every value set after o is one of those, and none may
 * be v.
 */
/*
 * Can source s of f, past op o, be v?  With `path`, o is the call the
 * execution went down (e->pos[level]): its result is what that callee
 * returns after the op the execution reached in it, not any of its
 * returns.
 */
static bool result_may_be(const struct analysis *a, const struct ir_func *f, uint32_t o,
			  const struct ir_src *s, sym_t v, unsigned depth, bool unknown,
			  const struct exec_path *path)
{
	const struct ir_func *g;
	struct exec_path down;

	if (!path || s->kind != SRC_OP || s->ref != o || f->ops[o].kind != OP_CALL ||
	    path->level + 1 >= path->e->nframes ||
	    !(g = index_func(a->idx, path->e->func[path->level + 1])))
		return source_may_be(a, f, s, v, depth, unknown);
	down.e = path->e;
	down.level = path->level + 1;
	return may_return_after(a, g, path->e->pos[down.level], v, depth, unknown, &down);
}

/*
 * Can local s of f, a parameter returned as it came (return count;), be
 * v?  On x's path it is what the caller handed down at the call x went
 * through; unknown elsewhere.
 */
static bool passed_may_be(const struct analysis *a, const struct ir_func *f,
			  const struct ir_src *s, sym_t v, unsigned depth, bool unknown,
			  const struct exec_path *path)
{
	const struct ir_func *caller;
	const struct ir_op *call;
	const struct ir_arg *arg;
	uint32_t k = IR_NONE;

	if (!path || !path->level || !s->defs ||
	    !(caller = index_func(a->idx, path->e->func[path->level - 1])))
		return true;
	for (uint32_t i = 0; i < s->defs; i++) {
		uint32_t d = f->reach[s->def_start + i];

		if (!(d & REACH_ENTRY) || (k != IR_NONE && k != (d & ~REACH_ENTRY)))
			return true;
		k = d & ~REACH_ENTRY;
	}
	call = &caller->ops[path->e->pos[path->level - 1]];
	if (call->kind != OP_CALL || k >= op_nargs(call))
		return true;
	arg = &caller->args[call->src_start + k];
	if (arg->src_count != 1)
		return true;
	return source_may_be(a, caller, &caller->srcs[arg->src_start], v, depth, unknown);
}

static bool may_return_after(const struct analysis *a, const struct ir_func *f, uint32_t o,
			     sym_t v, unsigned depth, bool unknown, const struct exec_path *path)
{
	for (uint32_t r = 0; r < f->nops; r++) {
		const struct ir_op *ret = &f->ops[r];
		const struct ir_src *s = op_srcs(f, ret);

		if (ret->kind != OP_RETURN || (r != o && !op_reaches(f, o, r)))
			continue;
		if (ret->src_count != 1)
			return unknown;
		if (s->kind != SRC_VAR) {
			if (result_may_be(a, f, o, s, v, depth, unknown, path))
				return true;
			continue;
		}
		/*
		 * A local's value from before o, kept through it: unknown here,
		 * unless a test on the way to o proved it zero (r = check();
		 * if (r) goto out; ... o ... return r;).
		 */
		if (o != 0 && var_value_reaches(f, s->ref, o, r) &&
		    (case_magnitudes_may_match(intern("0"), v) || !zero_on_way(f, s->ref, o)) &&
		    passed_may_be(a, f, s, v, depth, unknown, path))
			return true;
		/* a pointer the code went through is no error value */
		if (!case_magnitudes_may_match(intern("0"), v) && deref_before_return(f, s->ref, r))
			continue;
		for (uint32_t k = 0; k < s->defs; k++) {
			uint32_t d = f->reach[s->def_start + k];
			const struct ir_op *def;

			/* a parameter returned as it came: unknown */
			if ((d & REACH_ENTRY) && o == 0 && unknown)
				return true;
			if ((d & REACH_ENTRY) || (d != o && !op_reaches(f, o, d)))
				continue;
			def = &f->ops[d];
			if (def->src_count == 1) {
				if (result_may_be(a, f, o, &f->srcs[def->src_start], v, depth,
						  unknown, path))
					return true;
				continue;
			}
			if (unknown)
				return true;
			/* an expression (scmd->result & 0xff): what its values can be */
			for (uint32_t i = 0; i < def->src_count; i++)
				if (f->srcs[def->src_start + i].how == HOW_VALUE &&
				    result_may_be(a, f, o, &f->srcs[def->src_start + i], v, depth,
						  unknown, path))
					return true;
		}
	}
	return false;
}

/*
 * Does f itself spell v as its answer on a way out that op o does not
 * reach (return -ENOIOCTLCMD; or r = -ENOIOCTLCMD; ... return r;)?  Then
 * v is the callee's own "not mine", given where it did nothing with the
 * request, and an answer it only hands up from elsewhere is not that
 * value unless something it can see spells it too.
 */
static bool spells_off_path(const struct ir_func *f, uint32_t o, sym_t v)
{
	for (uint32_t r = 0; r < f->nops; r++) {
		const struct ir_op *ret = &f->ops[r];
		const struct ir_src *s = op_srcs(f, ret);

		if (ret->kind != OP_RETURN || ret->src_count != 1 || r == o || op_reaches(f, o, r))
			continue;
		if (s->kind == SRC_CONST && case_magnitudes_may_match(s->ref, v))
			return true;
		if (s->kind != SRC_VAR)
			continue;
		for (uint32_t k = 0; k < s->defs; k++) {
			uint32_t d = f->reach[s->def_start + k];
			const struct ir_op *def;
			const struct ir_src *ds;

			if (d & REACH_ENTRY)
				continue;
			def = &f->ops[d];
			ds = op_srcs(f, def);
			if (def->kind == OP_DEF && def->src_count == 1 && ds->kind == SRC_CONST &&
			    case_magnitudes_may_match(ds->ref, v))
				return true;
		}
	}
	return false;
}

/*
 * Is y's call at level only made when x's callee said "not mine" on x's
 * path?  The callee's returns after x's op in it are followed down x's
 * own calls; where the callee spells the value itself on a way x's op
 * does not reach, only values spelled so (by it or the callees it hands
 * up, a few calls deep) count, and what cannot be seen (a callee's
 * parameter, an unresolved call, the depth limit) is another answer.
 */
static bool exclusive_by_result(const struct analysis *a, const struct event *x,
				const struct event *y, unsigned level)
{
	const struct ir_func *f = index_func(a->idx, x->func[level]), *callee;
	sym_t values[GATE_VALUES];
	struct exec_path path;
	unsigned n;

	if (!f || x->nframes <= level + 1 || f->ops[x->pos[level]].kind != OP_CALL)
		return false;
	callee = index_func(a->idx, x->func[level + 1]);
	if (!callee || !(n = result_gate(f, x->pos[level], y->pos[level], values)))
		return false;
	path.e = x;
	path.level = level + 1;
	for (unsigned i = 0; i < n; i++)
		if (may_return_after(a, callee, x->pos[level + 1], values[i], 0,
				     !spells_off_path(callee, x->pos[level + 1], values[i]), &path))
			return false;
	return true;
}

/*
 * --- two arms of one test ---------------------------------------------
 *
 * if (m->is_ex) copy the extended header; ... if (!m->is_ex) read the
 * response word: two tests of one value that does not change between
 * them, and each read only on the arm the other excludes.  The value is
 * a local that keeps one value (case_var_stable), or a field read through
 * one that points to const data (a method table's entry): a field another
 * thread may change could pass both tests in one call.
 */

/* The value branch op br tests alone (if (x), if (!x)), or NULL. */
static const struct ir_src *tested_alone(const struct ir_func *f, uint32_t br)
{
	const struct ir_op *op = &f->ops[br];

	if (op->kind != OP_BRANCH || (op->flags & OPF_PREPROC) || op->src_count != 1)
		return NULL;
	return op_srcs(f, op);
}

/* Do two tests read one value that holds still through the call? */
static bool same_still_value(const struct analysis *a, const struct ir_func *f,
			     const struct ir_src *s, const struct ir_src *t)
{
	const struct ir_op *rs, *rt;
	const struct ir_path *ps, *pt;
	const struct ir_src *bs, *bt;

	if (s->kind == SRC_VAR && t->kind == SRC_VAR)
		return s->ref == t->ref && s->ref < f->nvars && case_var_stable(f, s->ref);
	if (s->kind != SRC_OP || t->kind != SRC_OP || s->ref >= f->nops || t->ref >= f->nops)
		return false;
	rs = &f->ops[s->ref];
	rt = &f->ops[t->ref];
	if (rs->kind != OP_READ || rt->kind != OP_READ || rs->a >= f->npaths || rt->a >= f->npaths)
		return false;
	ps = &f->paths[rs->a];
	pt = &f->paths[rt->a];
	if (ps->text != pt->text || !ps->key || ps->base_kind != BASE_VAR || ps->derefs != 1 ||
	    !case_var_stable(f, ps->base) || rs->src_count != 1 || rt->src_count != 1)
		return false;
	bs = op_srcs(f, rs);
	bt = op_srcs(f, rt);
	if (bs->kind != SRC_VAR || bt->kind != SRC_VAR || bs->ref != ps->base || bt->ref != ps->base)
		return false;
	/* through a pointer to const: this code never changes it, others by contract not */
	if (!f->vars[ps->base].to_const)
		return false;
	for (uint32_t o = 0; o < f->nops; o++)
		if ((f->ops[o].kind == OP_WRITE || f->ops[o].kind == OP_RMW) &&
		    f->ops[o].a < f->npaths && f->paths[f->ops[o].a].key == ps->key)
			return false;
	return true;
}

/*
 * The arm of br o sits on (see arm_truth()); with `one_pass`, reached from
 * it without coming back through br.
 */
static int arm_truth_of(const struct ir_func *f, uint32_t br, uint32_t o, bool one_pass)
{
	const struct ir_block *blk = &f->blocks[f->ops[br].block];
	uint32_t ob = f->ops[o].block, only = IR_NONE;
	uint8_t *avoid = NULL;
	bool around;

	if (blk->nsucc != 2 || ob == f->ops[br].block)
		return -1;
	if (one_pass) {
		avoid = xcalloc(f->nblocks + 1, 1);
		avoid[f->ops[br].block] = 1;
	}
	for (uint16_t k = 0; k < 2; k++) {
		uint32_t succ = f->succs[blk->succ_start + k];

		if (!(one_pass ? cfg_reaches_avoiding(f, succ, ob, avoid) : cfg_reaches(f, succ, ob)))
			continue;
		if (only != IR_NONE) {
			only = IR_NONE;
			break;
		}
		only = k;
	}
	if (only == IR_NONE) {
		free(avoid);
		return -1;
	}
	if (!avoid) {
		avoid = xcalloc(f->nblocks + 1, 1);
		avoid[f->ops[br].block] = 1;
	}
	around = cfg_reaches_avoiding(f, 0, ob, avoid);
	free(avoid);
	if (around)
		return -1;
	/* the first successor is the then-arm */
	return (only == 0) != !!(f->ops[br].flags & OPF_NOT_TEST);
}

/*
 * Which truth of br's value op o needs: 1 if o runs only on the arm where
 * it is true, 0 if only where it is false, -1 if o may run either way or
 * without the test.
 */
static int arm_truth(const struct ir_func *f, uint32_t br, uint32_t o)
{
	return arm_truth_of(f, br, o, false);
}

/* Do ops ox and oy of f sit on opposite arms of two tests of one value? */
static bool exclusive_by_truth(const struct analysis *a, const struct ir_func *f, uint32_t ox,
			       uint32_t oy)
{
	int8_t *ty;
	bool found = false;

	if (ox >= f->nops || oy >= f->nops)
		return false;
	/* the tests oy sits under, once, rather than per test ox sits under */
	ty = xmalloc(f->nops + 1);
	for (uint32_t b = 0; b < f->nops; b++)
		ty[b] = (int8_t)(tested_alone(f, b) ? arm_truth(f, b, oy) : -1);
	for (uint32_t b1 = 0; b1 < f->nops && !found; b1++) {
		const struct ir_src *s = tested_alone(f, b1);
		int tx;

		if (!s || (tx = arm_truth(f, b1, ox)) < 0)
			continue;
		for (uint32_t b2 = 0; b2 < f->nops && !found; b2++)
			if (ty[b2] >= 0 && ty[b2] != tx)
				found = same_still_value(a, f, s, tested_alone(f, b2));
	}
	free(ty);
	return found;
}

/* Do x and y need different values of one variable where their paths part? */
static bool exclusive_cases(const struct analysis *a, const struct event *x,
			    const struct event *y)
{
	struct case_cond cx[EVENT_CONDS], cy[EVENT_CONDS];
	const struct ir_func *f;
	unsigned level, nx, ny;

	if (exec_cmp(x, y, &level) == 0)
		return false;
	if (exec_cmp(x, y, &level) < 0 ? exclusive_by_result(a, x, y, level) :
					 exclusive_by_result(a, y, x, level))
		return true;
	if ((f = index_func(a->idx, x->func[level])) != NULL &&
	    (exclusive_by_truth(a, f, x->pos[level], y->pos[level]) ||
	     tests_exclude(f, x->pos[level], y->pos[level])))
		return true;
	nx = event_conds(a, x, level, cx);
	if (!nx)
		return false;
	ny = event_conds(a, y, level, cy);
	for (unsigned i = 0; i < nx; i++)
		for (unsigned j = 0; j < ny; j++)
			if (cx[i].var == cy[j].var && !case_conds_compatible(&cx[i], &cy[j]))
				return true;
	return false;
}

/*
 * Can store w run after read a and before read b in one pass, where a and
 * w part at level l1 of their call chains and w and b at level l2?  A
 * store in another arm of a switch does not (case DONE: p->state = NONE).
 */
static bool runs_between(const struct analysis *a, const struct event *ea, const struct event *ew,
			 unsigned l1, const struct event *eb, unsigned l2)
{
	const struct ir_func *f1 = index_func(a->idx, ea->func[l1]);
	const struct ir_func *f2 = index_func(a->idx, ew->func[l2]);

	return !f1 || !f2 || (op_reaches_same_pass(f1, ea->pos[l1], ew->pos[l1]) &&
			      op_reaches_same_pass(f2, ew->pos[l2], eb->pos[l2]));
}

/*
 * --- a retry after a failed read -------------------------------------
 *
 * ret = read_nofault(&val, uaddr); if (ret) { unlock; ret = get_user(val,
 * uaddr); ... goto retry; }: the second read runs only when the first
 * one faulted, so there was no first value to disagree with.
 */

/* Is fetch call op of f a one-value read whose status is 0 or the fault? */
static bool status_is_fault(const struct analysis *a, const struct ir_op *op)
{
	const struct profile_rule *r;

	if (op->kind != OP_CALL)
		return false;
	r = call_rule(a, op, PR_FETCH);
	/* a sized copy's status may be a length (strncpy_from_user) */
	return r && r->dest >= 0 && r->size < 0;
}

/* Is s the status of fetch op q of g, kept in a local or used as it is? */
static bool is_status_of(const struct ir_func *g, const struct ir_src *s, uint32_t q)
{
	if (s->kind == SRC_OP)
		return s->ref == q;
	if (s->kind != SRC_VAR || !s->defs)
		return false;
	for (uint32_t k = 0; k < s->defs; k++) {
		uint32_t d = g->reach[s->def_start + k];
		const struct ir_op *def;

		if (d & REACH_ENTRY)
			return false;
		def = &g->ops[d];
		if (def->kind != OP_DEF || def->src_count != 1 ||
		    g->srcs[def->src_start].kind != SRC_OP || g->srcs[def->src_start].ref != q)
			return false;
	}
	return true;
}

/*
 * Does g, once fetch op q ran, answer non-zero only when q faulted: every
 * return after q gives q's status, or `status ? -EFAULT : 0`?
 */
static bool answers_fault_only(const struct ir_func *g, uint32_t q)
{
	bool any = false;

	for (uint32_t r = 0; r < g->nops; r++) {
		const struct ir_op *ret = &g->ops[r];
		const struct ir_src *s = op_srcs(g, ret);

		if (ret->kind != OP_RETURN || !op_reaches(g, q, r))
			continue;
		any = true;
		if (ret->src_count == 1 && is_status_of(g, s, q))
			continue;
		if (ret->src_count == 3 && s[0].how == HOW_TEST && is_status_of(g, &s[0], q) &&
		    s[1].kind == SRC_CONST && !case_magnitudes_may_match(intern("0"), s[1].ref) &&
		    s[2].kind == SRC_CONST && case_magnitudes_may_match(intern("0"), s[2].ref))
			continue;
		return false;
	}
	return any;
}

/*
 * Like arm_truth(), for one pass: which arm of br o is reached from
 * without coming back to br (a retry loop's other arm reaches o again
 * only through a new test).  1 for the then-arm, 0 for the else-arm
 * (of the value, with `!` undone), -1 if either or none.
 */
static int arm_truth_in_pass(const struct ir_func *f, uint32_t br, uint32_t o)
{
	return arm_truth_of(f, br, o, true);
}

/* Does op o of f run only where the status of call op c is non-zero? */
static bool only_on_failure(const struct ir_func *f, uint32_t c, uint32_t o)
{
	uint32_t ret = IR_NONE;

	/* ret = call(...): the op after the call, or after its out-parameters */
	for (uint32_t d = c + 1; d < f->nops && f->ops[d].kind == OP_DEF &&
				 f->ops[d].block == f->ops[c].block; d++) {
		const struct ir_op *def = &f->ops[d];

		if (def->src_count == 1 && f->srcs[def->src_start].kind == SRC_OP &&
		    f->srcs[def->src_start].ref == c && !(def->flags & OPF_OUTPARAM)) {
			ret = def->a;
			break;
		}
	}
	for (uint32_t br = c + 1; br < o && br < f->nops; br++) {
		const struct ir_src *t = tested_alone(f, br);

		if (!t || arm_truth_in_pass(f, br, o) != 1)
			continue;
		if (t->kind == SRC_OP && t->ref == c)
			return true;
		if (t->kind == SRC_VAR && ret != IR_NONE && t->ref == ret &&
		    is_status_of(f, t, c))
			return true;
	}
	return false;
}

/* Does eb run only when ea's read faulted and so gave no value? */
static bool after_first_faulted(const struct analysis *a, const struct event *ea,
				const struct event *eb)
{
	const struct ir_func *f, *g;
	unsigned level;

	if (exec_cmp(ea, eb, &level) >= 0 || next_pass_of(ea, eb) ||
	    !(f = index_func(a->idx, ea->func[level])))
		return false;
	if (level + 1 == ea->nframes)
		return status_is_fault(a, &f->ops[ea->pos[level]]) &&
		       only_on_failure(f, ea->pos[level], eb->pos[level]);
	if (level + 2 != ea->nframes || !(g = index_func(a->idx, ea->func[level + 1])))
		return false;
	return status_is_fault(a, &g->ops[ea->pos[level + 1]]) &&
	       answers_fault_only(g, ea->pos[level + 1]) &&
	       only_on_failure(f, ea->pos[level], eb->pos[level]);
}

static bool co_executable(const struct analysis *a, uint32_t ia, uint32_t ib);

/* Is op o of f inside loop lp (+1), its condition included? */
static bool op_in_loop(const struct ir_func *f, uint32_t o, uint16_t lp)
{
	if (!lp || lp > f->nloops || o >= f->nops)
		return false;
	if (f->ops[o].block == f->loops[lp - 1].head)
		return true;
	for (uint16_t l = f->ops[o].loop; l && l <= f->nloops; l = f->loops[l - 1].parent)
		if (l == lp)
			return true;
	return false;
}

/* Does store ew run inside the loop that repeats ea's read (event.pass_loop)? */
static bool stored_in_pass_loop(const struct analysis *a, const struct event *ea,
				const struct event *ew)
{
	unsigned l = ea->pass_level - 1u;
	const struct ir_func *f;

	if (ew->nframes <= l)
		return false;
	for (unsigned k = 0; k < l; k++)
		if (ew->pos[k] != ea->pos[k] || ew->func[k] != ea->func[k])
			return false;
	return ew->func[l] == ea->func[l] && (f = index_func(a->idx, ea->func[l])) != NULL &&
	       op_in_loop(f, ew->pos[l], ea->pass_loop);
}

enum {
	CHK_USED = 1,		/* the value is handed on or stored */
	CHK_ANEW = 2,		/* the value is checked before it is used, and only so */
};

/*
 * Is the bound branch bo of f a comparison of the value with a length
 * that a validation call after it takes as its SIZE (len <= up->size,
 * then copy_to_user(up->addr, buf, len))?  Then the copy is checked
 * against the value read: it moves no more than that value allows.
 */
static bool bounds_validated_length(const struct analysis *a, const struct ir_func *f, uint32_t bo)
{
	const struct ir_op *br = &f->ops[bo];

	for (uint32_t i = 0; i < br->src_count; i++) {
		const struct ir_src *sr = f->srcs + br->src_start + i;
		const struct ir_op *rd;

		if (sr->kind != SRC_OP || sr->how != HOW_COMPARE || sr->ref >= f->nops)
			continue;
		rd = &f->ops[sr->ref];
		if (rd->kind != OP_READ || !op_has_path(rd) || rd->a >= f->npaths)
			continue;
		for (uint32_t o = bo + 1; o < f->nops; o++) {
			const struct ir_op *c = &f->ops[o];
			bool size = false;

			if (c->kind != OP_CALL || !op_reaches(f, bo, o))
				continue;
			for (uint32_t k = 0; k < op_nargs(c); k++) {
				const struct ir_arg *ar = &f->args[c->src_start + k];

				if (ar->path != IR_NONE && ar->path < f->npaths &&
				    f->paths[ar->path].text == f->paths[rd->a].text &&
				    flow_validates_arg(a->idx, a->prof, f, c, k, &size) && size)
					return true;
			}
		}
	}
	return false;
}

/*
 * What the value a read gives becomes, for checked_anew(): CHK_* bits.
 */
static uint8_t value_check_state(struct analysis *a, uint32_t ie)
{
	const struct event *e = &a->events.v[ie];
	struct impact_reach out;
	const struct ir_func *f, *bf;
	uint8_t st = 0;

	if (ie < a->nchk && a->chk[ie])
		return a->chk[ie] - 1;
	f = index_func(a->idx, e->func[e->nframes - 1]);
	if (f && e->kind == EV_FETCH) {
		refetch_value_reach(a->idx, a->prof, f->id, e->pos[e->nframes - 1], 0, NULL, &out);
		if (out.handed)
			st |= CHK_USED;
		if (!out.handed && out.impact <= IMPACT_BENIGN &&
		    (out.validated ||
		     (out.bound_seen && (bf = index_func(a->idx, out.bound_at.func)) &&
		      bounds_validated_length(a, bf, out.bound_at.op))))
			st |= CHK_ANEW;
	}
	if (ie >= a->nchk) {
		uint32_t n = a->events.n;

		a->chk = xrealloc(a->chk, n);
		memset(a->chk + a->nchk, 0, n - a->nchk);
		a->nchk = n;
	}
	a->chk[ie] = st + 1;
	return st;
}

/*
 * The value read again is checked anew before it is used, and used only
 * so: handed to a validation call (the profile's `validates`: the copy
 * back checks that the other party may write where the address read again
 * points), or compared as a bound with the length such a call then
 * validates -- while the value read first went into what the code keeps
 * or hands on (not only into a check of its own, whose conclusion a
 * second, different check would not carry over).  Nothing the code does
 * trusts the first value to hold at the second read.
 */
static bool checked_anew(struct analysis *a, uint32_t ia, uint32_t ib)
{
	const struct event *ea = &a->events.v[ia], *eb = &a->events.v[ib];
	const struct ir_func *f;
	struct impact_reach live;
	unsigned level;

	if (!a->any_validates || exec_cmp(ea, eb, &level) >= 0 ||
	    !(value_check_state(a, ib) & CHK_ANEW) || !(value_check_state(a, ia) & CHK_USED))
		return false;
	/*
	 * ... and done with before it: where the two reads' paths part, the
	 * first value (or the result of the call that read it) is handed on
	 * no more once the second is read.  A size used for a copy after a
	 * second read was validated (the handler copies as much as the first
	 * read said, the check covered the second) is the TOCTOU itself.
	 */
	if (level + 1 < ea->nframes) {
		/*
		 * read in a callee that has returned by then: what it kept went
		 * into memory (the callee's parameters), unless it returns the
		 * value itself
		 */
		if (!(f = index_func(a->idx, ea->func[ea->nframes - 1])))
			return false;
		value_reach(a->idx, a->prof, f->id, ea->pos[ea->nframes - 1], &live);
		return !live.returned;
	}
	if (!(f = index_func(a->idx, ea->func[level])))
		return false;
	racing_value_reach(a->idx, a->prof, f->id, ea->pos[level], false, RACING_NULL_NONE,
			   eb->pos[level], &live);
	return !live.handed;
}

/* Is constant c an errno (EFAULT, -EINVAL)? */
static bool errno_constant(sym_t c)
{
	const char *t = sym_str(c);

	if (*t == '-')
		t++;
	if (t[0] != 'E' || !isupper((unsigned char)t[1]))
		return false;
	for (t++; *t; t++)
		if (!isupper((unsigned char)*t) && !isdigit((unsigned char)*t))
			return false;
	return true;
}

/*
 * Does block b of f end the function other than by returning an errno
 * constant: a return of something else, or a fall off the end?  The
 * callers of a helper that fails with -EINVAL stop there too.
 */
static bool normal_return_block(const struct ir_func *f, uint32_t b)
{
	const struct ir_block *bl = &f->blocks[b];

	if (bl->flags & BLOCK_EXIT)
		return false;
	if (bl->op_end > bl->op_start && f->ops[bl->op_end - 1].kind == OP_RETURN) {
		const struct ir_op *r = &f->ops[bl->op_end - 1];
		const struct ir_src *rs = f->srcs + r->src_start;

		return !(r->src_count == 1 && rs[0].kind == SRC_CONST && errno_constant(rs[0].ref));
	}
	for (uint32_t k = 0; k < bl->nsucc; k++)
		if (f->blocks[f->succs[bl->succ_start + k]].flags & BLOCK_EXIT)
			return true;
	return false;
}

/*
 * Does op `via` of f lie on every path from op `from` (the entry, for
 * IR_NONE) to op `to` (for IR_NONE: to any return but of an errno)?
 */
static bool on_every_path(const struct ir_func *f, uint32_t from, uint32_t via, uint32_t to)
{
	uint32_t bv = f->ops[via].block, bf = 0;
	uint8_t *avoid;
	bool found = false;

	if (from != IR_NONE && f->ops[from].block == bv && from < via)
		return to == IR_NONE || f->ops[to].block != bv || via < to;
	if (to != IR_NONE && f->ops[to].block == bv)
		return via < to;
	if (from == IR_NONE) {
		bf = cfg_entry(f);
		if (bf == IR_NONE)
			bf = 0;
		if (bf == bv)
			return true;
	} else {
		bf = f->ops[from].block;
		/* from and to in one block, with nothing of via's between */
		if (to != IR_NONE && f->ops[to].block == bf && from < to)
			return false;
	}
	avoid = xcalloc(f->nblocks + 1, 1);
	avoid[bv] = 1;
	for (uint32_t b = 0; b < f->nblocks && !found; b++) {
		if (to != IR_NONE ? b != f->ops[to].block : !normal_return_block(f, b))
			continue;
		if (from == IR_NONE) {
			found = cfg_reaches_avoiding(f, bf, b, avoid);
			continue;
		}
		for (uint32_t k = 0; k < f->blocks[bf].nsucc && !found; k++)
			found = cfg_reaches_avoiding(f, f->succs[f->blocks[bf].succ_start + k], b, avoid);
	}
	free(avoid);
	return !found;
}

/*
 * Does store call ew surely run between read ea and read eb: where ew and
 * eb part, ew's call (or ew) is on every path to eb's -- from ea's, when
 * ea runs in that frame too -- and inside the callees ew is in, on every
 * path through them?  A put_user on one arm (if (bad) put_user(clean,
 * p)) leaves the pair standing on the other arm.
 */
static bool store_always_between(const struct analysis *a, const struct event *ea,
				 const struct event *ew, const struct event *eb)
{
	unsigned d, dab;
	const struct ir_func *g;
	uint32_t from = IR_NONE;

	if (exec_cmp(ew, eb, &d) >= 0 || d >= ew->nframes || d >= eb->nframes ||
	    !(g = index_func(a->idx, eb->func[d])))
		return false;
	/* ea in the same frame at d, on the way to it: count from there */
	exec_cmp(ea, eb, &dab);
	if (dab == d && d < ea->nframes && ea->func[d] == eb->func[d])
		from = ea->pos[d];
	if (!on_every_path(g, from, ew->pos[d], eb->pos[d]))
		return false;
	for (unsigned k = d + 1; k < ew->nframes; k++)
		if (!(g = index_func(a->idx, ew->func[k])) ||
		    !on_every_path(g, IR_NONE, ew->pos[k], IR_NONE))
			return false;
	return true;
}

static bool feasible_pair(const struct analysis *a, uint32_t ia, uint32_t ib)
{
	const struct event *ea = &a->events.v[ia], *eb = &a->events.v[ib];

	if (!co_executable(a, ia, ib))
		return false;
	/* a store read back: no value of the first to check or to fault */
	if (!read_back_store(ea) &&
	    (after_first_faulted(a, ea, eb) || checked_anew((struct analysis *)a, ia, ib)))
		return false;
	for (uint32_t i = 0; i < a->revalidated.n; i++) {
		uint64_t r = a->revalidated.v[i];

		if ((r >> 32) == ia && (uint32_t)r == ib)
			return false;
	}
	/* a store by the code itself in between ends the pair */
	for (uint32_t w = 0; w < a->events.n; w++) {
		const struct event *ew = &a->events.v[w];
		unsigned l1, l2;

		/*
		 * a store call (put_user) on one arm leaves the pair standing on
		 * the other; where it runs, what follows reads it back, a pair
		 * of its own (read_back_store())
		 */
		if (ew->kind != EV_WRITE || ew->origin != ea->origin ||
		    (ew->store_call && !store_always_between(a, ea, ew, eb)))
			continue;
		if (!location_covers(sym_str(ew->loc), sym_str(eb->loc)) &&
		    !location_covers(sym_str(eb->loc), sym_str(ew->loc)))
			continue;
		/* on the next pass: a store anywhere in the loop comes between */
		if (next_pass_of(ea, eb)) {
			if (stored_in_pass_loop(a, ea, ew))
				return false;
			continue;
		}
		if (exec_cmp(ea, ew, &l1) < 0 && exec_cmp(ew, eb, &l2) < 0 &&
		    runs_between(a, ea, ew, l1, eb, l2))
			return false;
	}
	return true;
}

/*
 * Can the two reads run in one execution: on one pass at the frame where
 * their paths part, under conditions that do not exclude each other?
 * (feasible_pair() asks this and more: whether the first value still
 * stands when the second read comes.)
 */
static bool co_executable(const struct analysis *a, uint32_t ia, uint32_t ib)
{
	const struct event *ea = &a->events.v[ia], *eb = &a->events.v[ib];
	unsigned level;
	const struct ir_func *f;

	if (exec_cmp(ea, eb, &level) >= 0)
		return false;
	if (next_pass_of(ea, eb))
		return true;
	if (ea->variant_frame != UINT32_MAX && ea->variant_frame == eb->variant_frame &&
	    ea->variant_truth != eb->variant_truth)
		return false;
	f = index_func(a->idx, ea->func[level]);
	return f && op_reaches_same_pass(f, ea->pos[level], eb->pos[level]) &&
	       !exclusive_cases(a, ea, eb);
}

/*
 * Does fetch call op fill the whole of a local of its own function
 * (copy_from_user(&req, ...), get_user(val, ...)), whose uses the value
 * walk can follow?  Into anything else (kbuf + off, p->buf, set.sig[0]
 * used as &set) the walk may see no use, which is no evidence that there
 * is none.
 */
static bool fills_local(const struct analysis *a, const struct ir_func *f, const struct ir_op *op)
{
	const struct profile_rule *r;
	const struct ir_arg *d;
	const struct ir_path *p;

	if (!is_fetch_call(a, op, &r) || r->dest < 0 || (uint32_t)r->dest >= op_nargs(op))
		return false;
	d = &f->args[op->src_start + r->dest];
	if (d->path == IR_NONE)
		return false;
	p = &f->paths[d->path];
	/* all of it: a member's uses hide behind the whole's address (&set) */
	return p->base_kind == BASE_VAR && !p->derefs && !sym_str(p->chain)[0] &&
	       ((d->flags & ARG_ADDR) || r->size < 0);
}

/*
 * Does op o keep the result of call op `call` (len = strncpy_from_user(...))?
 * A test of it, or the copy's own definition of its destination, does not.
 */
static bool keeps_call_result(const struct ir_func *f, uint32_t o, uint32_t call)
{
	uint32_t starts[64], counts[64], n;

	if (f->ops[o].kind == OP_BRANCH ||
	    (f->ops[o].kind == OP_DEF && (f->ops[o].flags & OPF_OUTPARAM)))
		return false;
	n = op_src_ranges(f, &f->ops[o], starts, counts, 64);
	for (uint32_t k = 0; k < n; k++)
		for (uint32_t j = 0; j < counts[k]; j++)
			if (f->srcs[starts[k] + j].kind == SRC_OP && f->srcs[starts[k] + j].ref == call)
				return true;
	return false;
}

static bool uses_def(const struct ir_func *f, uint32_t o, uint32_t v, uint32_t d);

/*
 * Op o keeps a copy's result: is it used, other than tested, where op
 * `through` runs too?  ret = copy_from_user(...); if (ret) goto bail;
 * and ret set anew after `through` before any other use: the status only
 * said the copy worked.  A result kept other than in a local counts.
 */
static bool result_used_with(const struct ir_func *f, uint32_t o, uint32_t through)
{
	uint32_t v = f->ops[o].a;

	if (f->ops[o].kind != OP_DEF || v >= f->nvars)
		return true;
	for (uint32_t u = 0; u < f->nops; u++) {
		if (u == o || f->ops[u].kind == OP_BRANCH || !uses_def(f, u, v, o))
			continue;
		if (u == through || op_reaches(f, u, through) ||
		    (var_value_reaches(f, v, o, through) && var_value_reaches(f, v, through, u)))
			return true;
	}
	return false;
}

/*
 * Is what the first read fetched dead on every path through the second?
 * A request copied in for a set of commands and used only by those that
 * return, or leave, before the second read (tun's interface request, then
 * an index for another command) never meets the second value: the two
 * cannot disagree about anything.  Only a first read made in the function
 * where the paths part is judged so; one made in a helper is used, if at
 * all, before the helper returns.
 */
static bool first_value_dead_on_way(const struct analysis *a, uint32_t ia, uint32_t ib)
{
	const struct event *ea = &a->events.v[ia], *eb = &a->events.v[ib];
	const struct ir_func *f;
	uint32_t at, through;
	unsigned level;

	if (exec_cmp(ea, eb, &level) >= 0 || level + 1 != ea->nframes)
		return false;
	f = index_func(a->idx, ea->func[level]);
	at = ea->pos[level];
	through = eb->pos[level];
	if (!f || at >= f->nops || !fills_local(a, f, &f->ops[at]))
		return false;
	/* the copy's result kept, not only tested (n = strncpy_from_user(...)) */
	for (uint32_t o = 0; o < f->nops; o++)
		if ((o == through || op_reaches(f, o, through) || op_reaches(f, through, o)) &&
		    keeps_call_result(f, o, at) && result_used_with(f, o, through))
			return false;
	return !fetched_value_used_with(a->idx, a->prof, f->id, at, through);
}

/*
 * The struct sizeof(X) measures, X a struct type or a variable of one (or
 * a pointer to one, *p) in f, or 0.
 */
static sym_t sizeof_struct(const struct analysis *a, const struct ir_func *f, const char *name)
{
	size_t n = strlen(name);
	const char *x = name + 7;
	sym_t type = 0;
	bool deref;

	if (n < 9 || strncmp(name, "sizeof(", 7) || name[n - 1] != ')')
		return 0;
	n -= 8;
	deref = *x == '*';
	if (deref) {
		x++;
		n--;
	}
	if (!deref && !strncmp(x, "struct ", 7))
		type = intern_n(x, n);
	for (uint32_t v = 0; f && !type && v < f->nvars; v++)
		if (strlen(sym_str(f->vars[v].name)) == n && !strncmp(sym_str(f->vars[v].name), x, n))
			type = deref ? type_pointee(f->vars[v].type) : f->vars[v].type;
	return type ? index_struct_of(a->idx, type, NULL) : 0;
}

/*
 * The bytes sizeof(X) names (sizeof_struct()), when the index can lay the
 * struct out.
 */
static bool sizeof_bytes(const struct analysis *a, const struct ir_func *f, const char *name,
			 uint64_t *bytes)
{
	sym_t strct = sizeof_struct(a, f, name);

	return strct && index_struct_size(a->idx, strct, bytes);
}

/* d with every sizeof(struct) it names counted in bytes, where the index can. */
static void lin_struct_sizes(const struct analysis *a, const struct event *x,
			     const struct event *y, struct lin *d)
{
	const struct ir_func *fx = index_func(a->idx, x->func[x->nframes - 1]);
	const struct ir_func *fy = index_func(a->idx, y->func[y->nframes - 1]);

	for (uint8_t t = 0; t < d->n;) {
		uint64_t bytes;

		if (!sizeof_bytes(a, fx, sym_str(d->name[t]), &bytes) &&
		    !sizeof_bytes(a, fy, sym_str(d->name[t]), &bytes)) {
			t++;
			continue;
		}
		lin_fold_term(d, t, bytes);
	}
}

/*
 * Does y start at or after the end of x, whatever the sizes named are --
 * or, failing that, with the sizes of the structs named laid out (a
 * legacy frame of sizeof(struct a) bytes, then the one at buf +
 * sizeof(struct b) past it)?
 */
/*
 * sizeof(struct T) - offsetof(T, m) is at least 1, m being one of T's
 * members: a copy of one member (gpa + offsetof(T, m), 1 byte) ends where
 * the payload after the whole T (gpa + sizeof(T)) starts, at the latest,
 * whether or not the index can lay T out.  d, tested for d >= 0, gets
 * that lower bound for each such pair of terms.
 */
static void lin_member_within_struct(struct lin *d)
{
	for (uint8_t t = 0; t < d->n; t++) {
		const char *o = sym_str(d->name[t]), *comma;
		char want[300];

		if (d->k[t] >= 0 || strncmp(o, "offsetof(", 9) || !(comma = strchr(o, ',')))
			continue;
		/* "offsetof(struct T,m)", or "offsetof(T,m)" for a typedef */
		snprintf(want, sizeof(want), "sizeof(%.*s)", (int)(comma - o - 9), o + 9);
		for (uint8_t u = 0; u < d->n; u++) {
			if (u == t || d->k[u] < -d->k[t] || strcmp(sym_str(d->name[u]), want))
				continue;
			/* k*sizeof - k*offsetof >= k: fold both into the constant */
			d->c += -d->k[t];
			d->k[u] += d->k[t];
			d->k[t] = 0;
			break;
		}
	}
	for (uint8_t t = 0; t < d->n;)
		if (d->k[t] == 0)
			lin_fold_term(d, t, 0);
		else
			t++;
}

/*
 * d = (y's offset - x's offset) - x's width, for two reads of one scalar
 * width: is y a named constant K past x ("base + WORD_BYTES", a macro or
 * an enumerator, not a variable of the code)?  A K below the width would
 * read the word at x unaligned, so the constant names the next word: two
 * words of one record read one each, not one word read twice.
 */
static bool next_word_by_constant(const struct event *x, const struct event *y,
				  const struct lin *d)
{
	const char *name;

	if (!y->has_len || y->len.unknown || x->len.n || y->len.n || x->len.c != y->len.c ||
	    x->len.c <= 0 || x->len.c > 8 || d->unknown || d->n != 1 || d->k[0] != 1 ||
	    d->c != -x->len.c)
		return false;
	name = sym_str(d->name[0]);
	/* '$': a variable bound to its definition; sizeof/offsetof: a layout */
	return (isalpha((unsigned char)*name) || *name == '_') && !strchr(name, '(');
}

static bool starts_after(const struct analysis *a, const struct event *x, const struct event *y)
{
	struct lin d = y->off;

	if (!x->has_len || x->off.unknown || x->len.unknown)
		return false;
	if (!lin_add(&d, &x->off, -1) || !lin_add(&d, &x->len, -1))
		return false;
	/* y's own unknown part only moves it further on */
	if (lin_nonneg(&d) || next_word_by_constant(x, y, &d))
		return true;
	lin_member_within_struct(&d);
	if (lin_nonneg(&d))
		return true;
	lin_struct_sizes(a, x, y, &d);
	return lin_nonneg(&d);
}

/*
 * A copy of a location's first offsetof(T, m) bytes stops before member
 * m: it does not read `part`, a member at m or after it.
 */
/* The struct whole's location is, from the key of part's address ("struct s::a.b"). */
static sym_t struct_at(const struct analysis *a, const struct event *whole,
		       const struct event *part)
{
	const struct ir_func *pf = index_func(a->idx, part->func[part->nframes - 1]);
	uint32_t po = part->pos[part->nframes - 1];
	const char *wl = sym_str(whole->loc), *pl = sym_str(part->loc), *k, *sep, *rem, *c, *dot;
	size_t kl, rl;
	sym_t pk = part->key, strct, t;

	/* a plain read's key is its path's */
	if (!pk && pf && po < pf->nops && pf->ops[po].kind == OP_READ && pf->ops[po].a < pf->npaths)
		pk = pf->paths[pf->ops[po].a].key;
	k = pk ? sym_str(pk) : "";
	if (!(sep = strstr(k, "::")))
		return 0;
	if (!*wl)
		return intern_n(k, (size_t)(sep - k));
	/*
	 * The part's key ends in the members its location has past whole's
	 * ("struct optee_msg_param::u.value.c" and ".c" past
	 * "params[1].u.value"): whole is what the key names without them.
	 */
	if (strncmp(pl, wl, strlen(wl)))
		return 0;
	rem = pl + strlen(wl);
	if (*rem == '.')
		rem++;
	kl = strlen(k);
	rl = strlen(rem);
	if (!rl || strpbrk(rem, "[(") || rl >= kl || strcmp(k + kl - rl, rem))
		return 0;
	kl -= rl;
	if (k[kl - 1] == '.')
		kl--;
	if (k + kl == sep + 1)
		return intern_n(k, (size_t)(sep - k));
	if ((t = index_key_type(a->idx, intern_n(k, kl))) != 0)
		return index_struct_of(a->idx, t, NULL);
	/* a key no code reads as a whole (only &m->value is taken): walk its members */
	strct = intern_n(k, (size_t)(sep - k));
	for (c = sep + 2; strct && c < k + kl; c = dot + 1) {
		dot = memchr(c, '.', (size_t)(k + kl - c));
		if (!dot)
			dot = k + kl;
		if (!(t = index_field_type(a->idx, strct, intern_n(c, (size_t)(dot - c)))))
			return 0;
		strct = index_struct_of(a->idx, t, NULL);
	}
	return strct;
}

/*
 * Does a copy of sizeof(X) bytes from the start of whole's location stop
 * before member first: X is its struct (spelled as a type, a variable or
 * *pointer of whole's function) and first is an array without a dimension
 * at its end, which sizeof() leaves out (a handle's header, then its
 * bytes from &uh->data)?
 */
static bool sizeof_stops_before(const struct analysis *a, const struct event *whole,
				const char *name, sym_t first)
{
	const struct ir_func *f = index_func(a->idx, whole->func[whole->nframes - 1]);
	sym_t strct = f ? sizeof_struct(a, f, name) : 0;

	return strct && index_field_flexible(a->idx, strct, first);
}

/*
 * Does a copy of whole's location stop before the member that part reads?
 * It does when it copies offsetof(T, m) bytes and the member is m or one
 * declared after it, offsetofend(T, m) bytes and the member is declared
 * after m, or a constant number of bytes the member starts at
 * or after (its offset known from the scalars declared before it).
 */
static bool prefix_stops_before(const struct analysis *a, const struct event *whole,
				const struct event *part)
{
	const char *wl = sym_str(whole->loc), *pl = sym_str(part->loc), *name, *open, *comma, *m;
	size_t n = strlen(wl), mlen;
	sym_t strct, member, first, at;
	int rm, rf;
	uint64_t mo;
	bool through;

	if (!whole->has_len || whole->off.n || whole->off.unknown || whole->len.unknown)
		return false;
	/* the member of whole's location that part reads */
	m = pl + n;
	if (n && *m == '.')
		m++;
	first = intern_n(m, strcspn(m, ".["));
	at = struct_at(a, whole, part);
	if (!whole->len.n)
		return at && whole->off.c >= 0 &&
		       index_member_offset_at_least(a->idx, at, first, &mo) &&
		       mo >= (uint64_t)(whole->off.c + whole->len.c);
	if (whole->off.c || whole->len.n != 1 || whole->len.k[0] != 1 || whole->len.c)
		return false;
	name = sym_str(whole->len.name[0]);
	if (!strncmp(name, "sizeof(", 7))
		return sizeof_stops_before(a, whole, name, first);
	/* offsetofend(T, m): m itself is copied, only what comes after is not */
	through = !strncmp(name, "offsetofend(", 12);
	open = name + (through ? 12 : 9);
	if ((!through && strncmp(name, "offsetof(", 9)) || !(comma = strchr(name, ',')))
		return false;
	strct = intern_n(open, (size_t)(comma - open));
	mlen = strlen(comma + 1);
	if (!mlen || comma[mlen] != ')')
		return false;
	member = intern_n(comma + 1, mlen - 1);
	if (first == member)
		return !through;
	rm = index_field_rank(a->idx, strct, member);
	rf = index_field_rank(a->idx, strct, first);
	/* offsetof() of a sibling type with the same members: rank them in the real one */
	if ((rm < 0 || rf < 0) && at) {
		rm = index_field_rank(a->idx, at, member);
		rf = index_field_rank(a->idx, at, first);
	}
	return rm >= 0 && rf >= 0 && rf > rm;
}

/* --- a pointer moved on between two fetches --------------------------- */

#define MOVE_DEPTH 8

/* The use of local var among the sources of op o (a fetch's address), or NULL. */
static const struct ir_src *use_of_var(const struct ir_func *f, uint32_t o, uint32_t var)
{
	const struct ir_op *op = &f->ops[o];

	for (uint32_t k = 0; k < op_nargs(op); k++) {
		const struct ir_arg *arg = &f->args[op->src_start + k];
		const struct ir_src *s = f->srcs + arg->src_start;

		for (uint32_t i = 0; i < arg->src_count; i++)
			if (s[i].kind == SRC_VAR && s[i].ref == var)
				return &s[i];
	}
	return NULL;
}

/* lo := the least of lo and x, when they differ by a number; false otherwise. */
static bool lin_least(struct lin *lo, const struct lin *x, bool *any)
{
	struct lin d = *x;

	if (!*any) {
		*lo = *x;
		*any = true;
		return true;
	}
	if (!lin_add(&d, lo, -1) || d.n || d.unknown || x->unknown || lo->unknown)
		return false;
	if (d.c < 0)
		*lo = *x;
	return true;
}

/*
 * At least how far the pointer local `var`, as `use` reads it at op `at`,
 * points past where it pointed at op `from`, on every path from one to
 * the other: the moves (p += k, p++) on the way, which never go back.  A
 * path round a loop moves it further than the way straight there, so a
 * definition already being followed is left out.  False when some path
 * assigns it anything else, or the ways there differ by more than a
 * number.
 */
static bool moved_at_least(const struct ir_func *f, uint32_t var, const struct ir_src *use,
			   uint32_t at, uint32_t from, uint32_t *stack, unsigned depth,
			   struct lin *out)
{
	bool any = false;

	if (depth >= MOVE_DEPTH)
		return false;
	/* the value of `from` itself, unmoved, on some path */
	if (var_value_reaches(f, var, from, at)) {
		struct lin zero = {0};

		lin_least(out, &zero, &any);
	}
	for (uint32_t k = 0; k < use->defs; k++) {
		uint32_t d = f->reach[use->def_start + k], i;
		const struct ir_op *def;
		const struct ir_src *old = NULL;
		struct arg_form af;
		struct lin here;
		sym_t mf;

		/* a value from before `from` comes through it unmoved: counted above */
		if ((d & REACH_ENTRY) || !op_reaches(f, from, d))
			continue;
		for (i = 0; i < depth && stack[i] != d; i++)
			;
		if (i < depth)
			continue;
		if (!(mf = move_at(f, d)) || !form_parse(mf, &af) || af.kind != '=')
			return false;
		def = &f->ops[d];
		for (uint32_t j = 0; j < def->src_count; j++)
			if (f->srcs[def->src_start + j].kind == SRC_VAR &&
			    f->srcs[def->src_start + j].ref == var)
				old = &f->srcs[def->src_start + j];
		stack[depth] = d;
		if (!old || !moved_at_least(f, var, old, d, from, stack, depth + 1, &here) ||
		    !lin_add(&here, &af.off, 1) || !lin_least(out, &here, &any))
			return false;
	}
	return any;
}

/*
 * Two fetches through one pointer local of one frame, the second after
 * the code moved the pointer past the bytes the first read: copy the
 * header, buf += sizeof(hdr), copy the body.  Told on the paths from the
 * first to the second, so a move in one arm of an if counts only where
 * that arm ran the first fetch.
 */
static bool moved_past(const struct analysis *a, const struct event *x, const struct event *y)
{
	const struct event *first = x, *second = y;
	const struct ir_func *f;
	const struct ir_src *use;
	uint32_t stack[MOVE_DEPTH], at, from;
	unsigned level;
	struct lin moved, d;

	if (x->ptr_var == IR_NONE || x->ptr_var != y->ptr_var || x->frame_id != y->frame_id ||
	    x->loc != y->loc || x->var_off || y->var_off)
		return false;
	if (exec_cmp(x, y, &level) > 0) {
		first = y;
		second = x;
	}
	f = index_func(a->idx, first->func[first->nframes - 1]);
	from = first->pos[first->nframes - 1];
	at = second->pos[second->nframes - 1];
	if (!f || !f->nmoves || !first->has_len || first->len.unknown || first->rel.unknown ||
	    second->rel.unknown || !(use = use_of_var(f, at, second->ptr_var)) ||
	    !moved_at_least(f, second->ptr_var, use, at, from, stack, 0, &moved))
		return false;
	/* the second starts at rel + moved, the first ends at rel + len */
	d = second->rel;
	return lin_add(&d, &moved, 1) && lin_add(&d, &first->rel, -1) &&
	       lin_add(&d, &first->len, -1) && lin_nonneg(&d);
}

/*
 * The same for element k of an array the pointer points to, k a number
 * (s[7], then memcpy(d, s + 8, n)): part ends k + 1 elements in.
 */
static bool starts_past_element(const struct analysis *a, const struct event *whole,
				const struct event *part, const char *m)
{
	const struct ir_func *f = index_func(a->idx, part->func[part->nframes - 1]);
	const struct ir_path *p = &f->paths[f->ops[part->pos[part->nframes - 1]].a];
	struct lin bound = {0}, d = whole->off;
	char *end;
	long long k = strtoll(m + 1, &end, 10);
	sym_t elem;

	if (end == m + 1 || *end != ']' || end[1] || k < 0 || p->base_kind != BASE_VAR ||
	    strcmp(sym_str(p->chain), "[]") || !(elem = type_pointee(f->vars[p->base].type)) ||
	    !strcmp(sym_str(elem), "void"))
		return false;
	lin_sizeof(elem, &bound);
	return lin_add(&d, &bound, -(k + 1)) && lin_nonneg(&d);
}

/*
 * Does a copy of whole's location start past every byte of the member that
 * part reads?  It does when its start skips a struct with that member
 * (payload = (u8 *)hdr + sizeof(*hdr)): a member of S ends within
 * sizeof(S), and element k of an array member within sizeof(S) plus k + 1
 * elements, for a flexible array too.  Only a plain read is placed so.
 */
static bool starts_past_member(const struct analysis *a, const struct event *whole,
			       const struct event *part)
{
	const struct ir_func *pf = index_func(a->idx, part->func[part->nframes - 1]);
	const char *wl = sym_str(whole->loc), *m = sym_str(part->loc) + strlen(wl);
	size_t mlen;
	sym_t member;

	if (!pf || pf->ops[part->pos[part->nframes - 1]].kind != OP_READ || whole->off.unknown ||
	    part->var_off || whole->var_off)
		return false;
	if (*wl && *m == '.')
		m++;
	if (*m == '[')
		return starts_past_element(a, whole, part, m);
	mlen = strcspn(m, ".[");
	if (!mlen)
		return false;
	member = intern_n(m, mlen);
	for (unsigned t = 0; t < whole->off.n; t++) {
		const char *name = sym_str(whole->off.name[t]);
		size_t n = strlen(name);
		struct lin bound = {0}, d = whole->off;
		sym_t strct, type;
		const char *ts;

		if (whole->off.k[t] < 1 || strncmp(name, "sizeof(", 7) || name[n - 1] != ')')
			continue;
		strct = index_struct_of(a->idx, intern_n(name + 7, n - 8), NULL);
		if (!strct || !(type = index_field_type(a->idx, strct, member)))
			continue;
		bound.n = 1;
		bound.name[0] = whole->off.name[t];
		bound.k[0] = 1;
		ts = sym_str(type);
		if (str_ends(ts, "[]")) {
			/* element k of it, k a number */
			const char *ix = m + mlen;
			char *end;
			long long k;
			struct lin elem;

			if (*ix != '[')
				continue;
			k = strtoll(ix + 1, &end, 10);
			if (end == ix + 1 || *end != ']' || k < 0 || strlen(ts) < 3)
				continue;
			lin_sizeof(intern_n(ts, strlen(ts) - 3), &elem);
			if (!lin_add(&bound, &elem, k + 1))
				continue;
		}
		if (lin_add(&d, &bound, -1) && lin_nonneg(&d))
			return true;
	}
	return false;
}

/*
 * Do two fetches' offsets differ by a constant: the same variables, with
 * the same values (bound to one frame and the same definitions), in both?
 */
static bool same_variables(const struct event *x, const struct event *y)
{
	struct lin d = y->off;

	return !x->off.unknown && !y->off.unknown && lin_add(&d, &x->off, -1) && !d.n;
}

/*
 * Is fetch p the payload the header fetch h locates?  h copies a struct
 * into a local from where p's base points, and p reads at an offset a
 * member of that struct gives (tx + hdr.payload_offset): the header says
 * where its payload lies, and reading the payload there is no second read
 * of the header.
 */
static bool payload_of_header(const struct analysis *a, const struct event *h,
			      const struct event *p)
{
	const struct ir_func *f = index_func(a->idx, h->func[h->nframes - 1]);
	const char *type, *tag;
	char member[200];
	uint32_t v;

	if (!p->var_off || h->var_off || h->kind != EV_FETCH || !f ||
	    h->pos[h->nframes - 1] >= f->nops ||
	    strcmp(sym_str(p->base_loc), sym_str(h->loc)) ||
	    (v = fetch_dest_var(a, f, h->pos[h->nframes - 1])) == IR_NONE ||
	    !f->vars[v].by_value)
		return false;
	type = sym_str(f->vars[v].type);
	if (str_starts(type, "struct "))
		tag = type + 7;
	else if (str_starts(type, "union "))
		tag = type + 6;
	else
		return false;
	snprintf(member, sizeof(member), "(+%s::", tag);
	return strstr(sym_str(p->loc), member) != NULL;
}

/* Can two fetches of one origin read a byte in common? */
static bool fetches_overlap(const struct analysis *a, const struct event *x, const struct event *y)
{
	const char *xl = sym_str(x->loc), *yl = sym_str(y->loc);

	if (payload_of_header(a, x, y) || payload_of_header(a, y, x))
		return false;
	/* two fetches through cursors one loop steps together: each its own bytes */
	if (x->sweep && y->sweep && x->frame_id == y->frame_id)
		return false;

	if (moved_past(a, x, y))
		return false;
	/* one p + var expression run with two values of var (a helper called twice) */
	if (x->loc == y->loc && x->var_off && y->var_off && !same_variables(x, y))
		return false;
	if (x->loc == y->loc)
		return !starts_after(a, x, y) && !starts_after(a, y, x);
	/*
	 * Two variable offsets into one place are told apart by the
	 * expression (list_val): different expressions, different places --
	 * unless their bytes differ by a constant, the same variables with
	 * the same values in both (ta + offs, then ta + offs again), which
	 * compare by bytes.  A variable offset against a fixed one compares
	 * by bytes.
	 */
	if (x->var_off && y->var_off) {
		if (x->base_loc != y->base_loc || !same_variables(x, y))
			return false;
		return !starts_after(a, x, y) && !starts_after(a, y, x);
	}
	if ((x->var_off ? x->base_loc : x->loc) == (y->var_off ? y->base_loc : y->loc))
		return !starts_after(a, x, y) && !starts_after(a, y, x);
	/*
	 * Two reads through one pointer moved by the same amount (state =
	 * sc + sizeof(hdr); &state->v then &state->v.datap) compare as if it
	 * were not moved: from where it points.
	 */
	if ((x->off.n || x->off.c) && lin_same(&x->off, &y->off)) {
		struct event *xx = xmalloc(sizeof(*xx)), *yy = xmalloc(sizeof(*yy));
		bool r;

		*xx = *x;
		*yy = *y;
		memset(&xx->off, 0, sizeof(xx->off));
		memset(&yy->off, 0, sizeof(yy->off));
		r = fetches_overlap(a, xx, yy);
		free(xx);
		free(yy);
		return r;
	}
	/*
	 * A member of what the part's pointer points to starts no earlier
	 * than where it points: a whole copy that ends before that (108
	 * bytes of buf, then fx->member of fx = buf + 112) does not reach it.
	 */
	if (location_covers(xl, yl))
		return !prefix_stops_before(a, x, y) && !starts_past_member(a, x, y) &&
		       !starts_after(a, x, y);
	if (location_covers(yl, xl))
		return !prefix_stops_before(a, y, x) && !starts_past_member(a, y, x) &&
		       !starts_after(a, y, x);
	return false;
}

struct field_report {
	sym_t loc;
	VEC(uint32_t) fetches;	/* event indexes */
	/*
	 * Other ways to the double fetch, each a pair of event indexes, on
	 * arms exclusive with the reads kept (another command of the same
	 * ioctl): listed, the finding is about the first.
	 */
	VEC(uint32_t) ways;
};

/* At most this many other ways are listed per location. */
#define MAX_OTHER_WAYS 4

static int cmp_site(const void *x, const void *y)
{
	const struct site *a = x, *b = y;
	int c = strcmp(sym_str(a->file), sym_str(b->file));

	if (c)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	return strcmp(sym_str(a->role), sym_str(b->role));
}

static void site_of(const struct analysis *a, const struct event *e, unsigned level,
		    const struct ir_func **f, const struct ir_op **op)
{
	*f = index_func(a->idx, e->func[level]);
	*op = &(*f)->ops[e->pos[level]];
}

static uint32_t site_index(const struct finding *fd, const struct ir_func *f,
			   const struct ir_op *op)
{
	for (uint32_t i = 0; i < fd->sites.n; i++)
		if (fd->sites.v[i].file == f->file && fd->sites.v[i].line == op->line &&
		    fd->sites.v[i].col == op->col && fd->sites.v[i].role == intern("fetch"))
			return i;
	return UINT32_MAX;
}

/* The interleaving, on the most-read location: its first two reads in order. */
static void add_witness(struct finding *fd, const struct analysis *a, const struct field_report *fr,
			const struct origin *org)
{
	uint32_t first = UINT32_MAX, second = UINT32_MAX;
	unsigned lv;

	for (uint32_t x = 0; x < fr->fetches.n; x++) {
		uint32_t e = fr->fetches.v[x];

		if (first == UINT32_MAX || exec_cmp(&a->events.v[e], &a->events.v[first], &lv) < 0)
			first = e;
	}
	for (uint32_t x = 0; x < fr->fetches.n; x++) {
		uint32_t e = fr->fetches.v[x];

		if (e != first && (second == UINT32_MAX ||
				   exec_cmp(&a->events.v[e], &a->events.v[second], &lv) < 0))
			second = e;
	}
	if (second == UINT32_MAX)
		return;
	{
		const struct event *e1 = &a->events.v[first], *e2 = &a->events.v[second];
		const struct ir_func *f1, *f2;
		const struct ir_op *o1, *o2;

		site_of(a, e1, e1->nframes - 1, &f1, &o1);
		site_of(a, e2, e2->nframes - 1, &f2, &o2);
		finding_add_step(fd, 0, site_index(fd, f1, o1), "%s %s (line %u, %s)",
				 read_back_store(e1) ? "stores" : "reads", sym_str(e1->text), o1->line,
				 sym_str(f1->name));
		finding_add_step(fd, 1, UINT32_MAX, "%s writes it", sym_str(fd->trigger));
		finding_add_step(fd, 0, site_index(fd, f2, o2),
				 read_back_store(e1) ?
				 "reads %s back (line %u, %s): not the value stored" :
				 "reads %s again (line %u, %s): a different value",
				 sym_str(e2->text), o2->line, sym_str(f2->name));
	}
}

/*
 * How deep in the call chain every reported fetch shares one call: 0 when
 * some fetch is in the root itself.  Above 0 the double fetch is a
 * callee's own, and every entry point that passes it shared memory
 * reaches the same reads: the finding gets a group (finding_fold_groups).
 */
static unsigned common_level(const struct analysis *a, const struct field_report *fields,
			     uint32_t nfields)
{
	const struct event *first = NULL;
	unsigned level = MAX_FRAMES;

	for (uint32_t k = 0; k < nfields; k++) {
		if (fields[k].fetches.n < 2)
			continue;
		for (uint32_t x = 0; x < fields[k].fetches.n; x++) {
			const struct event *e = &a->events.v[fields[k].fetches.v[x]];
			unsigned l = 0;

			if (!first) {
				first = e;
				level = e->nframes - 1u;
				continue;
			}
			/* the same call of func[l]: same functions and call sites above it */
			while (l + 1 < e->nframes && l + 1 < first->nframes && l + 1 <= level &&
			       e->pos[l] == first->pos[l] && e->func[l + 1] == first->func[l + 1])
				l++;
			level = MIN(level, l);
		}
	}
	return first ? level : 0;
}

/*
 * The reads of a race as every root that reaches them names them: from
 * the frame at `level` (the call all reads share) down, with the memory.
 */
static sym_t group_key(const struct analysis *a, const struct origin *org,
		       const struct field_report *fields, uint32_t nfields, unsigned level)
{
	struct sbuf key = {0};
	sym_t k;

	for (uint32_t i = 0; i < nfields; i++) {
		const struct field_report *fr = &fields[i];

		if (fr->fetches.n < 2)
			continue;
		sb_printf(&key, "%s:", sym_str(fr->loc));
		for (uint32_t x = 0; x < fr->fetches.n; x++) {
			const struct event *ex = &a->events.v[fr->fetches.v[x]];

			for (unsigned d = level; d < ex->nframes; d++)
				sb_printf(&key, "%u.%u/", ex->func[d], ex->pos[d]);
			sb_puts(&key, ";");
		}
	}
	sb_printf(&key, "|%s", sym_str(org->prof->memory));
	k = intern(sb_str(&key));
	sb_free(&key);
	return k;
}

/* The group a callee's double fetch belongs to, whatever root reached it. */
static struct finding_group *make_group(const struct analysis *a, const struct origin *org,
					const struct field_report *fields, uint32_t nfields,
					unsigned level)
{
	struct finding_group *g = xcalloc(1, sizeof(*g));
	const struct event *earliest = NULL;
	const struct ir_func *f;
	struct sbuf msg = {0}, obj = {0}, route = {0};
	bool first = true;
	unsigned lv;

	for (uint32_t k = 0; k < nfields; k++) {
		const struct field_report *fr = &fields[k];
		const struct event *e;

		if (fr->fetches.n < 2)
			continue;
		e = &a->events.v[fr->fetches.v[0]];
		for (uint32_t x = 0; x < fr->fetches.n; x++) {
			const struct event *ex = &a->events.v[fr->fetches.v[x]];

			if (!earliest || exec_cmp(ex, earliest, &lv) < 0)
				earliest = ex;
		}
		if (!first)
			sb_puts(&msg, ", ");
		if (e->loc == fr->loc || !sym_str(fr->loc)[0])
			sb_printf(&msg, "%s", sym_str(e->text));
		else
			sb_printf(&msg, "%s (%s)", sym_str(e->text), sym_str(fr->loc));
		if (read_back_store(e))
			sb_printf(&msg, first ? " is written, then read back%s" :
						" written, then read back%s",
				  fr->fetches.n > 2 ? " more than once" : "");
		else
			sb_printf(&msg, first ? " is read %u times" : " %u times", fr->fetches.n);
		sb_printf(&obj, "%s;", sym_str(fr->loc));
		first = false;
	}
	f = index_func(a->idx, earliest->func[level]);
	sb_printf(&msg, " from %s in one call of %s", sym_str(org->prof->memory), sym_str(f->name));
	for (unsigned d = 0; d <= level; d++)
		sb_printf(&route, "%s%s", d ? " -> " : "",
			  sym_str(index_func(a->idx, earliest->func[d])->name));
	g->key = group_key(a, org, fields, nfields, level);
	g->file = f->file;
	g->line = f->ops[earliest->pos[level]].line;
	g->col = f->ops[earliest->pos[level]].col;
	g->function = f->name;
	g->object = intern(sb_str(&obj));
	sb_str(&msg);
	sb_str(&route);
	g->message = msg.s;
	g->route = route.s;
	sb_free(&obj);
	return g;
}

/* The locations an origin's fetches read (vec_push and friends apply). */
struct field_vec {
	struct field_report *v;
	uint32_t n, cap;
};

/* The calls already listed as sites, by function id and op. */
struct call_keys {
	uint64_t *v;
	uint32_t n, cap;
};

/* Every location the origin's fetches read, each with the fetches that cover it. */
static void collect_fields(const struct analysis *a, unsigned origin, struct field_vec *fields)
{
	for (uint32_t i = 0; i < a->events.n; i++) {
		const struct event *e = &a->events.v[i];
		bool seen = false;

		if (e->kind != EV_FETCH || e->origin != origin)
			continue;
		for (uint32_t k = 0; k < fields->n; k++)
			if (fields->v[k].loc == e->loc)
				seen = true;
		if (!seen) {
			struct field_report fr = { e->loc, {0}, {0} };

			vec_push(fields, fr);
		}
	}
	for (uint32_t k = 0; k < fields->n; k++) {
		struct field_report *fr = &fields->v[k];
		const struct event *first = NULL;

		for (uint32_t i = 0; i < a->events.n && !first; i++)
			if (a->events.v[i].kind == EV_FETCH && a->events.v[i].origin == origin &&
			    a->events.v[i].loc == fr->loc)
				first = &a->events.v[i];
		for (uint32_t i = 0; i < a->events.n; i++) {
			const struct event *e = &a->events.v[i];

			/*
			 * a read for a log or tracepoint is a read too: after a
			 * fetch, it can print a value the code never saw (only
			 * as the read again: keep_feasible_pairs())
			 */
			if ((e->kind != EV_FETCH && e->kind != EV_TRACE && !read_back_store(e)) ||
			    e->origin != origin)
				continue;
			/* ta + offs copied twice: two places, the same bytes (fetches_overlap) */
			if (location_covers(sym_str(e->loc), sym_str(fr->loc)) ||
			    (first->var_off && e->var_off && fetches_overlap(a, first, e)))
				vec_push(&fr->fetches, i);
		}
	}
}

/*
 * Can read b run in one execution with each of the first n reads kept?
 * Checking b against the last one kept only would let a chain A, B, C
 * hold A and C from two exclusive arms, and count one read too many.
 */
static bool co_executable_with_kept(const struct analysis *a, const uint32_t *kept, uint32_t n,
				    uint32_t b)
{
	for (uint32_t k = 0; k < n; k++)
		if (!co_executable(a, kept[k], b))
			return false;
	return true;
}

/*
 * The fetches of a location one execution makes, in the order it makes
 * them: from the first fetch with a later partner, each next fetch that
 * can run after every one kept, after the last one kept as a pair, and
 * reads a byte a kept one read.  Two
 * arms of a switch that each read the location again are two ways to a
 * double fetch, not a read for each arm: the first way is shown.  A
 * location left with fewer than two fetches has none.
 */
static bool listed(const uint32_t *v, uint32_t n, uint32_t x)
{
	for (uint32_t i = 0; i < n; i++)
		if (v[i] == x)
			return true;
	return false;
}

/* Can read x never run in one execution with any of the reads kept? */
static bool exclusive_with_kept(const struct analysis *a, const struct field_report *fr, uint32_t x)
{
	for (uint32_t k = 0; k < fr->fetches.n; k++)
		if (co_executable(a, fr->fetches.v[k], x) || co_executable(a, x, fr->fetches.v[k]))
			return false;
	return true;
}

/*
 * Pairs of the location's reads (order: all of them, in execution
 * order) that make a double fetch of their own on arms the reads kept
 * never run with: the same location read twice under another command.
 * Without them a finding would name one command's pair and hide the
 * others'.
 */
static void other_ways(const struct analysis *a, struct field_report *fr, const uint32_t *order,
		       uint32_t n)
{
	for (uint32_t i = 0; i < n && fr->ways.n < 2 * MAX_OTHER_WAYS; i++) {
		uint32_t x = order[i];

		if (a->events.v[x].kind != EV_FETCH || listed(fr->ways.v, fr->ways.n, x) ||
		    !exclusive_with_kept(a, fr, x))
			continue;
		for (uint32_t j = i + 1; j < n; j++) {
			uint32_t y = order[j];

			if (a->events.v[y].kind == EV_WRITE || listed(fr->ways.v, fr->ways.n, y) ||
			    !exclusive_with_kept(a, fr, y) ||
			    !feasible_pair(a, x, y) || first_value_dead_on_way(a, x, y) ||
			    !fetches_overlap(a, &a->events.v[x], &a->events.v[y]))
				continue;
			vec_push(&fr->ways, x);
			vec_push(&fr->ways, y);
			break;
		}
	}
}

static void keep_feasible_pairs(const struct analysis *a, struct field_report *fr)
{
	uint32_t n = fr->fetches.n, *order, keep = 0;

	if (n < 2) {
		fr->fetches.n = 0;
		return;
	}
	order = xmalloc(sizeof(*order) * n);
	copy_n(order, fr->fetches.v, sizeof(*order) * n);
	/* execution order: a stable insertion sort, the lists are short */
	for (uint32_t i = 1; i < n; i++) {
		uint32_t x = order[i], j = i;
		unsigned lv;

		while (j > 0 && exec_cmp(&a->events.v[x], &a->events.v[order[j - 1]], &lv) < 0) {
			order[j] = order[j - 1];
			j--;
		}
		order[j] = x;
	}
	for (uint32_t i = 0; i < n && keep < 2; i++) {
		/* a value only logged is never the one the code went on with */
		if (a->events.v[order[i]].kind == EV_TRACE)
			continue;
		keep = 0;
		fr->fetches.v[keep++] = order[i];
		for (uint32_t j = i + 1; j < n; j++) {
			const struct event *e = &a->events.v[order[j]];
			bool overlaps = false;

			/* a store only starts a pair: what follows it reads back */
			if (e->kind == EV_WRITE)
				continue;
			if (!feasible_pair(a, fr->fetches.v[keep - 1], order[j]) ||
			    !co_executable_with_kept(a, fr->fetches.v, keep - 1, order[j]) ||
			    (keep == 1 && !read_back_store(&a->events.v[fr->fetches.v[0]]) &&
			     first_value_dead_on_way(a, fr->fetches.v[0], order[j])))
				continue;
			for (uint32_t k = 0; k < keep && !overlaps; k++)
				overlaps = fetches_overlap(a, &a->events.v[fr->fetches.v[k]], e);
			if (overlaps)
				fr->fetches.v[keep++] = order[j];
		}
	}
	fr->fetches.n = keep >= 2 ? keep : 0;
	if (fr->fetches.n)
		other_ways(a, fr, order, n);
	free(order);
}

/* Do two locations keep the very same fetches? */
static bool same_fetches(const struct field_report *x, const struct field_report *y)
{
	return x->fetches.n == y->fetches.n &&
	       !memcmp(x->fetches.v, y->fetches.v, sizeof(*x->fetches.v) * x->fetches.n);
}

/*
 * A location whose ancestor is reported with the same fetches adds
 * nothing; nor does a second place at a variable offset that the same
 * fetches read (ta + offs twice is one location read twice, not two).
 */
static void drop_covered(struct field_vec *fields)
{
	for (uint32_t k = 0; k < fields->n; k++) {
		for (uint32_t j = 0; j < fields->n; j++) {
			if (j == k || !fields->v[j].fetches.n || !fields->v[k].fetches.n)
				continue;
			if (location_covers(sym_str(fields->v[j].loc), sym_str(fields->v[k].loc)) &&
			    fields->v[j].loc != fields->v[k].loc &&
			    fields->v[j].fetches.n == fields->v[k].fetches.n)
				fields->v[k].fetches.n = 0;
			else if (j < k && same_fetches(&fields->v[j], &fields->v[k]) &&
				 strstr(sym_str(fields->v[k].loc), "(+"))
				fields->v[k].fetches.n = 0;
		}
	}
}

static unsigned locations_read_twice(const struct field_vec *fields)
{
	unsigned n = 0;

	for (uint32_t k = 0; k < fields->n; k++)
		n += fields->v[k].fetches.n >= 2;
	return n;
}

static bool any_read_twice(const struct field_vec *fields)
{
	for (uint32_t k = 0; k < fields->n; k++)
		if (fields->v[k].fetches.n >= 2)
			return true;
	return false;
}

/*
 * Is every double read of the finding one tocsin assumes rather than
 * shows: bytes at a variable offset (a place "(+k)") against a copy of
 * the whole object, with no two fetches of that very place?  Whether
 * the whole copy reached those bytes -- a flexible array after the
 * struct, a payload past a header -- the offset alone cannot say.
 */
static bool overlap_only_assumed(const struct analysis *a, const struct field_vec *fields)
{
	for (uint32_t k = 0; k < fields->n; k++) {
		const struct field_report *fr = &fields->v[k];
		unsigned exact = 0;

		if (fr->fetches.n < 2)
			continue;
		if (!strstr(sym_str(fr->loc), "(+"))
			return false;
		/* the place itself, or another whose offset is the same variables' */
		for (uint32_t i = 0; i < fr->fetches.n; i++)
			exact += a->events.v[fr->fetches.v[i]].loc == fr->loc ||
				 (a->events.v[fr->fetches.v[i]].var_off &&
				  same_variables(&a->events.v[fr->fetches.v[0]],
						 &a->events.v[fr->fetches.v[i]]));
		if (exact >= 2)
			return false;
	}
	return true;
}

/*
 * Is a plain read's value only ever kept in pointer locals (pd = page->pd;
 * p32 = (void *)page->pd - 4)?  Of a member whose type the tree does not
 * declare, that is also what taking an array member's address looks like:
 * no load at all.
 */
static bool read_only_as_address(const struct ir_func *f, uint32_t o)
{
	unsigned uses = 0;

	for (uint32_t u = o + 1; u < f->nops; u++) {
		const struct ir_op *op = &f->ops[u];
		const struct ir_src *s = f->srcs + op->src_start;
		uint32_t n = op->kind == OP_CALL ? 0 : op->src_count;

		if (op->kind == OP_CALL) {
			for (uint32_t k = 0; k < op_nargs(op); k++) {
				const struct ir_arg *arg = &f->args[op->src_start + k];

				for (uint32_t i = 0; i < arg->src_count; i++)
					if (f->srcs[arg->src_start + i].kind == SRC_OP &&
					    f->srcs[arg->src_start + i].ref == o)
						return false;
			}
			continue;
		}
		for (uint32_t i = 0; i < n; i++) {
			if (s[i].kind != SRC_OP || s[i].ref != o)
				continue;
			if (op->kind != OP_DEF || op->a >= f->nvars ||
			    !pointer_type(f->vars[op->a].type))
				return false;
			uses++;
		}
	}
	return uses > 0;
}

/*
 * Is every double read of the finding a plain read of a member whose
 * type is unknown (its struct is declared outside the tree: a public
 * protocol header) whose value only goes into pointers?
 */
static bool reads_maybe_addresses(const struct analysis *a, const struct field_vec *fields)
{
	bool any = false;

	for (uint32_t k = 0; k < fields->n; k++) {
		const struct field_report *fr = &fields->v[k];

		if (fr->fetches.n < 2)
			continue;
		for (uint32_t i = 0; i < fr->fetches.n; i++) {
			const struct event *e = &a->events.v[fr->fetches.v[i]];
			const struct ir_func *f = index_func(a->idx, e->func[e->nframes - 1]);
			uint32_t o = e->pos[e->nframes - 1];
			const struct ir_op *op = f && o < f->nops ? &f->ops[o] : NULL;

			if (!op || op->kind != OP_READ || !f->paths[op->a].key ||
			    index_key_type(a->idx, f->paths[op->a].key) ||
			    !read_only_as_address(f, o))
				return false;
		}
		any = true;
	}
	return any;
}

/* Most-read first; ties in the order the operation reads them (a stable sort). */
static void sort_most_read(struct field_vec *fields)
{
	for (uint32_t i = 1; i < fields->n; i++) {
		struct field_report x = fields->v[i];
		uint32_t j = i;

		while (j > 0 && fields->v[j - 1].fetches.n < x.fetches.n) {
			fields->v[j] = fields->v[j - 1];
			j--;
		}
		fields->v[j] = x;
	}
}

/*
 * The message: each location read twice or more, named as the deepest
 * read spells it, and how many times; *deepest_ev is the fetch deepest in
 * the call chain (its frame depth in *deepest).
 */
static void describe_fields(const struct analysis *a, const struct origin *org,
			    const struct field_vec *fields, struct sbuf *msg, unsigned *deepest,
			    unsigned *deepest_ev)
{
	bool first = true;

	for (uint32_t k = 0; k < fields->n; k++) {
		const struct field_report *fr = &fields->v[k];
		const struct event *e;

		if (fr->fetches.n < 2)
			continue;
		e = &a->events.v[fr->fetches.v[0]];
		for (uint32_t x = 0; x < fr->fetches.n; x++) {
			const struct event *ex = &a->events.v[fr->fetches.v[x]];

			if (ex->loc == fr->loc)
				e = ex;
			if ((unsigned)ex->nframes - 1 >= *deepest) {
				*deepest = ex->nframes - 1;
				*deepest_ev = fr->fetches.v[x];
			}
		}
		if (!first)
			sb_puts(msg, ", ");
		if (org->name && fr->loc)
			sb_printf(msg, "%s%s%s", sym_str(org->name),
				  sym_str(fr->loc)[0] == '[' ? "" : "->", sym_str(fr->loc));
		else if (org->name)
			sb_printf(msg, "*%s", sym_str(org->name));
		else if (e->loc == fr->loc)
			sb_printf(msg, "%s", sym_str(e->text));
		else
			sb_printf(msg, "%s (%s)", sym_str(e->text), sym_str(fr->loc));
		if (read_back_store(&a->events.v[fr->fetches.v[0]]))
			sb_printf(msg, first ? " is written, then read back%s" : " written, then read back%s",
				  fr->fetches.n > 2 ? " more than once" : "");
		else
			sb_printf(msg, first ? " is read %u times" : " %u times", fr->fetches.n);
		first = false;
	}
}

/* "root -> callee -> ..." down to the frame of event ev. */
static void call_chain(const struct analysis *a, unsigned ev, struct sbuf *chain)
{
	const struct event *e = &a->events.v[ev];

	for (unsigned k = 0; k < e->nframes; k++) {
		const struct ir_func *f = index_func(a->idx, e->func[k]);

		sb_printf(chain, "%s%s", k ? " -> " : "", sym_str(f->name));
	}
}

/*
 * Where the finding stands in the root: the mapping of the memory, or for
 * a parameter, the first place the root reaches a fetch.
 */
static void report_place(const struct analysis *a, const struct origin *org,
			 const struct field_vec *fields, uint32_t *line, uint32_t *col)
{
	const struct event *e = NULL;

	if (org->op != IR_NONE && !org->kept) {
		*line = a->root->ops[org->op].line;
		*col = a->root->ops[org->op].col;
		return;
	}
	for (uint32_t k = 0; k < fields->n && !e; k++)
		if (fields->v[k].fetches.n >= 2)
			e = &a->events.v[fields->v[k].fetches.v[0]];
	*line = a->root->ops[e->pos[0]].line;
	*col = a->root->ops[e->pos[0]].col;
}

/* What races, for the fingerprint: the origin and the locations read twice. */
static sym_t race_object(const struct analysis *a, const struct origin *org,
			 const struct field_vec *fields)
{
	struct sbuf obj = {0};
	sym_t object;

	sb_printf(&obj, "%s|", org->op != IR_NONE || org->kept ? org->what :
		  sym_str(a->root->vars[org->var].name));
	for (uint32_t k = 0; k < fields->n; k++)
		if (fields->v[k].fetches.n >= 2)
			sb_printf(&obj, "%s;", sym_str(fields->v[k].loc));
	object = intern(sb_str(&obj));
	sb_free(&obj);
	return object;
}

/* The reported location an event reads (its fetch number in *nth), or NULL. */
static const struct field_report *field_hit(const struct field_vec *fields, const struct event *e,
					    uint32_t ev, unsigned *nth)
{
	for (uint32_t k = 0; k < fields->n; k++) {
		const struct field_report *fr = &fields->v[k];

		if (fr->fetches.n < 2)
			continue;
		for (uint32_t x = 0; x < fr->fetches.n; x++) {
			if (fr->fetches.v[x] == ev) {
				*nth = x + 1;
				return fr;
			}
		}
	}
	/* a trace not counted as a read: listed beside the reads it repeats */
	for (uint32_t k = 0; k < fields->n && e->kind == EV_TRACE; k++) {
		const struct field_report *fr = &fields->v[k];

		if (fr->fetches.n >= 2 &&
		    (location_covers(sym_str(e->loc), sym_str(fr->loc)) ||
		     location_covers(sym_str(fr->loc), sym_str(e->loc))))
			return fr;
	}
	return NULL;
}

/* A "call" site (and ref) for each call on the way from the root, once each. */
static void add_call_sites(struct finding *fd, const struct analysis *a, const struct event *e,
			   unsigned level, struct call_keys *calls)
{
	const struct ir_func *f;
	const struct ir_op *op;

	/* a group lists the root's own call as its entry site */
	for (unsigned k = level > 0; k + 1 < e->nframes; k++) {
		uint64_t key = ((uint64_t)e->func[k] << 32) | e->pos[k];
		bool dup = false;

		for (uint32_t c = 0; c < calls->n; c++)
			if (calls->v[c] == key)
				dup = true;
		if (dup)
			continue;
		vec_push(calls, key);
		site_of(a, e, k, &f, &op);
		finding_add_site(fd, f->file, op->line, op->col, f->name, "call", 0,
				 "the pointer is passed to %s()", sym_str(op->a));
		/* the way in, for the impact walk to come back out by (flow.h) */
		finding_add_ref(fd, f->id, (uint32_t)(op - f->ops), "call");
	}
}

/*
 * A later fetch that copies more than the first one did, from the same
 * start: the bytes read twice are the destination's leading member when
 * the first fetch read exactly that much -- a length word fetched alone,
 * then the whole request (get_user(n, &u->count) spelt as *u, then
 * copy_from_user(&req, u, sizeof(req))).  That member, or 0 when it
 * cannot be told.
 */
static sym_t leading_member(const struct analysis *a, const struct event *first,
			    const struct event *later)
{
	const struct ir_func *f = index_func(a->idx, later->func[later->nframes - 1]);
	const struct ir_op *op = &f->ops[later->pos[later->nframes - 1]];
	const struct profile_rule *r;
	const struct ir_arg *d;
	const struct struct_def *sd;
	uint32_t k;
	uint64_t next;
	sym_t type, strct;

	if (!first->has_len || first->off.n || first->off.c || first->off.unknown ||
	    first->len.unknown || later->off.n || later->off.c || later->off.unknown ||
	    !is_fetch_call(a, op, &r) || r->dest < 0 || (uint32_t)r->dest >= op_nargs(op))
		return 0;
	d = &f->args[op->src_start + r->dest];
	if (d->path == IR_NONE)
		return 0;
	type = f->paths[d->path].base_kind == BASE_VAR && !f->paths[d->path].derefs &&
	       !sym_str(f->paths[d->path].chain)[0] ? f->vars[f->paths[d->path].base].type : 0;
	strct = type ? index_struct_of(a->idx, type, NULL) : 0;
	if (!strct || (k = symmap_get(&a->idx->structs, strct, IR_NONE)) == IR_NONE)
		return 0;
	sd = a->idx->struct_list[k];
	if (sd->nfields < 2)
		return 0;
	/* the first fetch read the first member's type, or up to the second member */
	if (first->len.n == 1 && first->len.k[0] == 1 && !first->len.c && sd->fields[0].type) {
		char want[300];

		snprintf(want, sizeof(want), "sizeof(%s)", sym_str(sd->fields[0].type));
		return !strcmp(want, sym_str(first->len.name[0])) ? sd->fields[0].name : 0;
	}
	if (!first->len.n && first->len.c > 0 &&
	    index_member_offset_at_least(a->idx, strct, sd->fields[1].name, &next) &&
	    next >= (uint64_t)first->len.c)
		return sd->fields[0].name;
	return 0;
}

/* Sites: the fetches (numbered), traces of the same locations, and the calls between. */
static void add_sites(struct finding *fd, const struct analysis *a, unsigned origin,
		      const struct field_vec *fields, unsigned level)
{
	struct call_keys calls = {0};

	for (uint32_t i = 0; i < a->events.n; i++) {
		const struct event *e = &a->events.v[i];
		const struct field_report *hit;
		const struct ir_func *f;
		const struct ir_op *op;
		unsigned nth = 0;
		sym_t lead;

		if (e->origin != origin || (e->kind == EV_WRITE && !read_back_store(e)))
			continue;
		hit = field_hit(fields, e, i, &nth);
		if (!hit)
			continue;
		site_of(a, e, e->nframes - 1, &f, &op);
		if (e->kind == EV_WRITE) {
			/* the store a read-back pair starts with (read_back_store()) */
			finding_add_site(fd, f->file, op->line, op->col, f->name, "store", 0,
					 "write 1 of %u: %s, stored by the code itself", hit->fetches.n,
					 sym_str(e->text));
			fd->sites.v[fd->sites.n - 1].nth = (uint16_t)nth;
			finding_add_ref(fd, e->func[e->nframes - 1], e->pos[e->nframes - 1],
					"store-first");
			fd->refs.v[fd->refs.n - 1].group = (uint16_t)(hit - fields->v + 1);
			add_call_sites(fd, a, e, level, &calls);
			continue;
		}
		if (read_back_store(&a->events.v[hit->fetches.v[0]]) && nth > 1) {
			const struct event *w = &a->events.v[hit->fetches.v[0]];
			const struct ir_func *wf;
			const struct ir_op *wop;

			site_of(a, w, w->nframes - 1, &wf, &wop);
			finding_add_site(fd, f->file, op->line, op->col, f->name, "fetch", 0,
					 "read %u of %u: %s, reading back what line %u (%s) stored",
					 nth, hit->fetches.n, sym_str(e->text), wop->line,
					 sym_str(wf->name));
			fd->sites.v[fd->sites.n - 1].nth = (uint16_t)nth;
		} else if (e->kind == EV_TRACE && nth) {
			finding_add_site(fd, f->file, op->line, op->col, f->name, "fetch", 0,
					 "read %u of %u: %s, for logging only", nth, hit->fetches.n,
					 sym_str(e->text));
			fd->sites.v[fd->sites.n - 1].nth = (uint16_t)nth;
		} else if (e->kind == EV_TRACE) {
			finding_add_site(fd, f->file, op->line, op->col, f->name, "trace", 0,
					 "%s is also read here, for tracing only", sym_str(e->text));
		} else if (e->next_pass) {
			const struct ir_func *g = index_func(a->idx, e->func[e->pass_level - 1u]);

			finding_add_site(fd, f->file, op->line, op->col, f->name, "fetch", 0,
					 "read %u of %u: %s, again on the next pass of the loop at "
					 "line %u (%s)", nth, hit->fetches.n, sym_str(e->text),
					 g && e->pass_loop <= g->nloops ? g->loops[e->pass_loop - 1].line : 0,
					 g ? sym_str(g->name) : "?");
			fd->sites.v[fd->sites.n - 1].nth = (uint16_t)nth;
		} else {
			finding_add_site(fd, f->file, op->line, op->col, f->name, "fetch", 0,
					 "read %u of %u: %s", nth, hit->fetches.n, sym_str(e->text));
			fd->sites.v[fd->sites.n - 1].nth = (uint16_t)nth;
		}
		/* the data of a whole-object copy is not the field's value: only a
		 * fetch of the location itself tells where that value goes */
		if (e->kind == EV_FETCH && e->loc != hit->loc &&
		    location_covers(sym_str(e->loc), sym_str(hit->loc))) {
			/* a whole copy: the bytes read twice are the member hit->loc */
			const char *w = sym_str(e->loc), *h = sym_str(hit->loc) + strlen(w);

			if (*h == '.')
				h++;
			/* a place at a variable offset ("(+k)") names no member */
			finding_add_ref_part(fd, e->func[e->nframes - 1], e->pos[e->nframes - 1],
					     nth == 1 ? "fetch-first" : "fetch",
					     strncmp(h, "(+", 2) ? intern(h) : 0);
		} else if (e->kind == EV_FETCH && nth > 1 && e->loc == hit->loc &&
			   (lead = leading_member(a, &a->events.v[hit->fetches.v[0]], e)) != 0) {
			finding_add_ref_part(fd, e->func[e->nframes - 1], e->pos[e->nframes - 1],
					     "fetch", lead);
		} else {
			/* another place at a variable offset, the same bytes: the field itself */
			finding_add_ref(fd, e->func[e->nframes - 1], e->pos[e->nframes - 1],
					e->kind == EV_TRACE ? (nth ? "fetch-logged" : "trace") :
					nth == 1 ? "fetch-first" :
					e->loc == hit->loc || e->var_off ? "fetch" : "fetch-whole");
		}
		fd->refs.v[fd->refs.n - 1].group = (uint16_t)(hit - fields->v + 1);
		if (e->nframes >= 2) {
			fd->refs.v[fd->refs.n - 1].up_func = e->func[e->nframes - 2];
			fd->refs.v[fd->refs.n - 1].up_op = e->pos[e->nframes - 2];
		}
		add_call_sites(fd, a, e, level, &calls);
	}
	vec_free(&calls);
}

/* Sites for the other ways (field_report.ways): listed, no part of the impact walk. */
static void add_way_sites(struct finding *fd, const struct analysis *a, const struct field_vec *fields)
{
	for (uint32_t k = 0; k < fields->n; k++) {
		const struct field_report *fr = &fields->v[k];

		if (fr->fetches.n < 2)
			continue;
		for (uint32_t w = 0; w < fr->ways.n; w++) {
			const struct event *e = &a->events.v[fr->ways.v[w]];
			const struct ir_func *f;
			const struct ir_op *op;

			char note[320];
			bool dup = false;

			site_of(a, e, e->nframes - 1, &f, &op);
			snprintf(note, sizeof(note), "another way to it, on an arm the reads above "
				 "never run with: read %u of 2: %s", w % 2 + 1, sym_str(e->text));
			/* one read reached by several call chains: listed once */
			for (uint32_t i = 0; i < fd->sites.n && !dup; i++)
				dup = fd->sites.v[i].file == f->file && fd->sites.v[i].line == op->line &&
				      fd->sites.v[i].col == op->col &&
				      !strcmp(sym_str(fd->sites.v[i].note), note);
			if (!dup)
				finding_add_site(fd, f->file, op->line, op->col, f->name, "way", 0,
						 "%s", note);
		}
	}
}

/*
 * Does call op o of f, a privilege check, gate op target: is o's result
 * tested alone right after it (if (!capable(X)) return -EPERM;), with
 * target only on the arm where the check passed?  A check whose failure
 * only changes what follows (if (capable(X)) flags |= ALL;) gates nothing.
 */
static bool privilege_gates(const struct ir_func *f, uint32_t o, uint32_t target)
{
	uint32_t br = f->blocks[f->ops[o].block].op_end - 1;
	const struct ir_src *s = tested_alone(f, br);

	return s && s->kind == SRC_OP && s->ref == o && arm_truth(f, br, target) == 1;
}

/* Add privilege `name` to the list in buf ("A and B"), once. */
static void add_privilege(char *buf, size_t n, const char *name)
{
	size_t len = strlen(buf), l = strlen(name);

	for (const char *p = buf; (p = strstr(p, name)) != NULL; p += l)
		if ((p == buf || p[-1] == ' ') && (p[l] == '\0' || p[l] == ' '))
			return;
	snprintf(buf + len, n - len, "%s%s", len ? " and " : "", name);
}

/*
 * Does a privilege check (a profile's `privilege FUNC ARG`: capable())
 * gate the fetch, in the root or in a caller on the way?  The names of
 * every privilege checked on the way (argument ARG as spelled), in the
 * order the checks run, go into buf: an ioctl entry that asks for
 * CAP_SYS_RAWIO and a command under it that asks for CAP_SYS_ADMIN need
 * both, and the one nearest the reads is what a maintainer finds there.
 */
static bool privilege_needed(const struct analysis *a, const struct event *e, char *buf, size_t n)
{
	buf[0] = '\0';
	for (unsigned k = 0; k < e->nframes; k++) {
		const struct ir_func *f = index_func(a->idx, e->func[k]);
		uint32_t target = e->pos[k];

		if (!f || target >= f->nops)
			continue;
		for (uint32_t o = 0; o < f->nops; o++) {
			const struct ir_op *op = &f->ops[o];
			const struct profile_rule *r;

			if (op->kind != OP_CALL || !(r = call_rule(a, op, PR_PRIVILEGE)) ||
			    r->arg < 0 || (uint32_t)r->arg >= op_nargs(op) ||
			    !privilege_gates(f, o, target))
				continue;
			{
				const struct ir_arg *arg = &f->args[op->src_start + r->arg];
				const struct ir_src *s = f->srcs + arg->src_start;

				add_privilege(buf, n, arg->src_count && s[0].kind == SRC_CONST ?
					      sym_str(s[0].ref) : "a privilege");
			}
		}
	}
	return buf[0] != '\0';
}

/*
 * Must the party that races the reads hold a privilege?  It must when a
 * check gates any read of the location's pair: the second read, behind
 * if (!capable(CAP_NET_ADMIN)) return -EPERM, happens for no one else,
 * even if the first came before the check.
 */
static bool pair_needs_privilege(const struct analysis *a, const struct field_report *fr,
				 char *buf, size_t n)
{
	for (uint32_t i = 0; i < fr->fetches.n; i++)
		if (privilege_needed(a, &a->events.v[fr->fetches.v[i]], buf, n))
			return true;
	return false;
}

/*
 * --- root-only interfaces ---------------------------------------------
 *
 * A character device whose open() refuses any caller without
 * CAP_SYS_ADMIN: its ioctl can only be called on a file that open let
 * through, so every path of the ioctl needs the privilege, though no check
 * stands in it.  The profile names the member that runs first
 * (privilege-opener file_operations open).
 */

/*
 * Does every way out of g from block `from` (not coming back to block
 * `avoid_blk`) answer with a non-zero value: a constant, or a local set
 * only to such constants on those ways?
 */
static bool fails_from(const struct ir_func *g, uint32_t from, uint32_t avoid_blk)
{
	uint8_t *avoid = xcalloc(g->nblocks + 1, 1), *kill = xcalloc(g->nblocks + 1, 1);
	bool ok = true, any = false;
	sym_t zero = intern("0");

	avoid[avoid_blk] = 1;
	for (uint32_t r = 0; r < g->nops && ok; r++) {
		const struct ir_op *ret = &g->ops[r];
		const struct ir_src *s = op_srcs(g, ret);
		uint32_t rb = ret->block;

		if (ret->kind != OP_RETURN || !cfg_reaches_avoiding(g, from, rb, avoid))
			continue;
		any = true;
		if (ret->src_count != 1) {
			ok = false;
		} else if (s->kind == SRC_CONST) {
			ok = !case_magnitudes_may_match(zero, s->ref);
		} else if (s->kind != SRC_VAR || !s->defs) {
			ok = false;
		} else {
			memset(kill, 0, g->nblocks + 1);
			kill[avoid_blk] = 1;
			for (uint32_t k = 0; k < s->defs && ok; k++) {
				uint32_t d = g->reach[s->def_start + k];
				const struct ir_op *def;

				if (d & REACH_ENTRY || !cfg_reaches_avoiding(g, from, g->ops[d].block, avoid))
					continue;
				/* a value set on the way: a non-zero constant */
				def = &g->ops[d];
				ok = def->kind == OP_DEF && def->src_count == 1 &&
				     g->srcs[def->src_start].kind == SRC_CONST &&
				     !case_magnitudes_may_match(zero, g->srcs[def->src_start].ref);
				kill[def->block] = 1;
			}
			/* a value from before the test must not get through unchanged */
			if (ok && (rb == from || cfg_reaches_avoiding(g, from, rb, kill)))
				ok = false;
		}
	}
	free(avoid);
	free(kill);
	return ok && any;
}

/* Does g refuse (answer an error on every way out) a caller without a privilege? */
static bool opener_needs_privilege(const struct analysis *a, const struct ir_func *g, char *buf,
				   size_t n)
{
	for (uint32_t o = 0; o < g->nops; o++) {
		const struct ir_op *op = &g->ops[o];
		const struct profile_rule *r;
		const struct ir_block *blk;
		uint32_t br, fail;
		const struct ir_src *s;

		if (op->kind != OP_CALL || !(r = call_rule(a, op, PR_PRIVILEGE)) || r->arg < 0 ||
		    (uint32_t)r->arg >= op_nargs(op))
			continue;
		blk = &g->blocks[op->block];
		br = blk->op_end - 1;
		s = tested_alone(g, br);
		if (!s || s->kind != SRC_OP || s->ref != o || blk->nsucc != 2)
			continue;
		/* the then-arm is where the call said yes, unless the test was !capable() */
		fail = g->succs[blk->succ_start + ((g->ops[br].flags & OPF_NOT_TEST) ? 0 : 1)];
		if (!fails_from(g, fail, op->block))
			continue;
		s = g->srcs + g->args[op->src_start + r->arg].src_start;
		snprintf(buf, n, "%s", g->args[op->src_start + r->arg].src_count &&
				       s->kind == SRC_CONST ? sym_str(s->ref) : "a privilege");
		return true;
	}
	return false;
}

/*
 * Is f a member of an ops table whose opener (the profile's
 * privilege-opener member of the same initialiser) refuses unprivileged
 * callers?
 */
static bool table_behind_opener(const struct analysis *a, const struct ir_func *f, char *buf,
				size_t n)
{
	const struct index *idx = a->idx;
	const struct unit *u = NULL;

	for (uint32_t k = 0; k < idx->nunits && !u; k++)
		if (idx->units[k].path == f->file)
			u = &idx->units[k];
	if (!u || !u->referenced_at)
		return false;
	for (uint32_t i = 0; i < u->nreferenced; i++) {
		sym_t strct;
		uint32_t cur = 0;
		const struct profile_rule *r;

		if (u->referenced[i] != f->name || !u->referenced_at[i].member ||
		    !u->referenced_in[i] || !(strct = index_struct_of(idx, u->referenced_in[i], NULL)))
			continue;
		/* the opener's member in the same table */
		for (uint32_t j = 0; j < u->nreferenced; j++) {
			const struct ir_func *g;
			uint32_t id;

			if (j == i || u->referenced_at[j].init != u->referenced_at[i].init ||
			    !u->referenced_at[j].member)
				continue;
			cur = 0;
			while ((r = profile_next(a->prof, u->referenced_at[j].member,
						 PR_PRIVILEGE_OPENER, &cur)) != NULL) {
				if (r->strct != strct ||
				    (id = index_lookup_function(idx, u->referenced[j], f->file)) == IR_NONE ||
				    !(g = index_func(idx, id)) || g == f)
					continue;
				if (opener_needs_privilege(a, g, buf, n))
					return true;
			}
		}
	}
	return false;
}

#define OPENER_CALLER_DEPTH 2

/*
 * Is every way into f through such a table: f is a member itself, or a
 * static helper whose every caller is (mraid_mm_unlocked_ioctl, a
 * member, calls mraid_mm_ioctl, the root)?
 */
static bool behind_opener(const struct analysis *a, const struct ir_func *f, unsigned depth,
			  char *buf, size_t n)
{
	const struct func_info *fi = &a->idx->info[f->id];

	if (table_behind_opener(a, f, buf, n))
		return true;
	if (depth >= OPENER_CALLER_DEPTH || !fi->ncallers || fi->address_taken || fi->exported)
		return false;
	for (uint32_t k = 0; k < fi->ncallers; k++) {
		const struct ir_func *c = index_func(a->idx, a->idx->callers[fi->callers_start + k].caller);

		if (!c || c == f || !behind_opener(a, c, depth + 1, buf, n))
			return false;
	}
	return true;
}

static bool root_behind_opener(const struct analysis *a, char *buf, size_t n)
{
	return behind_opener(a, a->root, 0, buf, n);
}

/* One finding for an origin whose locations are read twice in one operation. */
/*
 * Nothing reads what the first fetch got -- not a use, not a test, not
 * even a trace: the second read is simply the read, and the two cannot
 * disagree about anything.  A wasted fetch, not a double fetch.  (One
 * only traced or logged stays, as benign: impact() says so.)
 */
static bool first_read_unused(const struct rule_ctx *ctx, const struct finding *fd)
{
	struct impact_reach first = {0};

	if (finding_site_with(fd, "trace", 0) != UINT32_MAX)
		return false;
	/* written, then read back: the code's own value, which it used by storing it */
	if (finding_ref_with(fd, "store-first"))
		return false;
	/* a result kept, not only tested (len = strncpy_from_user(...)): it says what was read */
	for (uint32_t i = 0; i < fd->refs.n; i++) {
		const struct ir_func *f = index_func(ctx->idx, fd->refs.v[i].func);
		uint32_t call = fd->refs.v[i].op;

		if (!f || fd->refs.v[i].role != intern("fetch-first"))
			continue;
		for (uint32_t o = 0; o < f->nops; o++)
			if (keeps_call_result(f, o, call))
				return false;
	}
	refetch_reach_of_refs_within(fd, ctx->idx, ctx->profiles, "fetch-first", &first);
	return !first.used && !first.checked && !first.impact;
}

/*
 * Is the first read a loop's cursor copy (event.sweep) into memory that is
 * not the copying function's own locals (a page of a list its caller
 * keeps)?  The array is copied to be read later, out of this walk's sight
 * (another walk of the list): what it got is not unused.
 */
static bool first_sweeps_into_kept_memory(const struct analysis *a, const struct field_vec *fields)
{
	for (uint32_t k = 0; k < fields->n; k++) {
		const struct event *e;
		const struct ir_func *f;
		const struct ir_op *op;
		const struct profile_rule *r;
		const struct ir_arg *d;
		const struct ir_src *ds;

		if (!fields->v[k].fetches.n)
			continue;
		e = &a->events.v[fields->v[k].fetches.v[0]];
		f = index_func(a->idx, e->func[e->nframes - 1]);
		if (!e->sweep || !f || e->pos[e->nframes - 1] >= f->nops)
			continue;
		op = &f->ops[e->pos[e->nframes - 1]];
		if (!is_fetch_call(a, op, &r) || r->dest < 0 || (uint32_t)r->dest >= op_nargs(op))
			continue;
		d = &f->args[op->src_start + r->dest];
		ds = f->srcs + d->src_start;
		if (d->flags & ARG_ADDR)
			continue;
		for (uint32_t i = 0; i < d->src_count; i++)
			if (ds[i].how == HOW_VALUE && ds[i].kind == SRC_VAR && ds[i].ref < f->nvars &&
			    pointer_type(f->vars[ds[i].ref].type) && !f->vars[ds[i].ref].by_value)
				return true;
	}
	return false;
}

static void report_origin(struct rule_ctx *ctx, struct analysis *a, unsigned origin,
			  const struct rule *rule)
{
	struct field_vec fields = {0};
	const struct origin *org = &a->origins[origin];
	struct sbuf msg = {0}, chain = {0};
	struct finding *fd;
	unsigned deepest = 0, deepest_ev = 0, level;
	uint32_t line, col;

	collect_fields(a, origin, &fields);
	for (uint32_t k = 0; k < fields.n; k++)
		keep_feasible_pairs(a, &fields.v[k]);
	drop_covered(&fields);
	if (!any_read_twice(&fields))
		goto out;
	/* a root that maps the memory itself is the operation; an entry point
	 * that only receives the pointer is one of many ways in */
	level = org->op == IR_NONE || org->kept ? common_level(a, fields.v, fields.n) : 0;
	sort_most_read(&fields);

	describe_fields(a, org, &fields, &msg, &deepest, &deepest_ev);
	call_chain(a, deepest_ev, &chain);
	sb_printf(&msg, " from %s in one call of %s", sym_str(org->prof->memory),
		  sym_str(a->root->name));
	if (deepest)
		sb_printf(&msg, " (%s)", sb_str(&chain));

	report_place(a, org, &fields, &line, &col);
	fd = finding_new(rule, a->root->file, line, col, a->root->name, "%s", sb_str(&msg));
	if (org->op != IR_NONE && !org->kept)
		finding_add_site(fd, a->root->file, line, col, a->root->name, "source", 0, "%s",
				 org->what);
	if (org->copied_in) {
		const struct ir_func *sf = index_func(a->idx, org->src_func);

		if (sf)
			finding_add_site(fd, sf->file, sf->ops[org->src_op].line,
					 sf->ops[org->src_op].col, sf->name, "source", 0, "%s",
					 org->what);
	}
	fd->trigger = origin_trigger(org, a->root->file);
	{
		char priv[128], trig[256];

		/* a root-only path is not one any user can take */
		if (pair_needs_privilege(a, &fields.v[0], priv, sizeof(priv)) ||
		    root_behind_opener(a, priv, sizeof(priv))) {
			snprintf(trig, sizeof(trig), "%s holding %s", sym_str(fd->trigger), priv);
			fd->trigger = intern(trig);
		}
	}
	fd->object = race_object(a, org, &fields);
	if (overlap_only_assumed(a, &fields))
		finding_doubt(fd, "the bytes read again lie at a variable offset that the other copy "
				  "may not reach");
	else if (reads_maybe_addresses(a, &fields))
		finding_doubt(fd, "the member's type is declared outside the tree and its value only "
				  "goes into pointers: it may be an array, whose address is taken "
				  "with no load");
	add_sites(fd, a, origin, &fields, level);
	add_way_sites(fd, a, &fields);
	/* the impact hook asks whether the bytes tested and those stored are one place */
	if (locations_read_twice(&fields) == 1)
		finding_add_ref(fd, a->root->id, 0, "single-location");
	/* impact() asks too: the copy is kept, not unused */
	if (first_sweeps_into_kept_memory(a, &fields))
		finding_add_ref(fd, a->root->id, 0, "fetch-first-kept");
	else if (first_read_unused(ctx, fd)) {
		finding_free(fd);
		goto out;
	}
	sort_n(fd->sites.v, fd->sites.n, sizeof(*fd->sites.v), cmp_site);
	add_witness(fd, a, &fields.v[0], org);
	if (level > 0)
		fd->group = make_group(a, org, fields.v, fields.n, level);
	else if (a->idx->info[a->root->id].ncallers > 0)
		/* a root of its own that other roots may reach: the same reads */
		fd->place_key = group_key(a, org, fields.v, fields.n, 0);
	rule_report(ctx, fd);
out:
	for (uint32_t k = 0; k < fields.n; k++) {
		vec_free(&fields.v[k].fetches);
		vec_free(&fields.v[k].ways);
	}
	vec_free(&fields);
	sb_free(&msg);
	sb_free(&chain);
}

/* --- one plain read, used twice ---------------------------------------- */

/* Does op o use local v with the definition d among the values it may see? */
static bool uses_def(const struct ir_func *f, uint32_t o, uint32_t v, uint32_t d)
{
	const struct ir_op *op = &f->ops[o];
	uint32_t n = op->kind == OP_CALL ? 0 : op->src_count;
	const struct ir_src *s = f->srcs + op->src_start;

	if (op->kind == OP_CALL) {
		for (uint32_t k = 0; k < op_nargs(op); k++) {
			const struct ir_arg *a = &f->args[op->src_start + k];

			for (uint32_t i = 0; i < a->src_count; i++) {
				const struct ir_src *x = &f->srcs[a->src_start + i];

				if (x->kind != SRC_VAR || x->ref != v)
					continue;
				for (uint32_t j = 0; j < x->defs; j++)
					if (f->reach[x->def_start + j] == d)
						return true;
			}
		}
		return false;
	}
	for (uint32_t i = 0; i < n; i++) {
		if (s[i].kind != SRC_VAR || s[i].ref != v)
			continue;
		for (uint32_t j = 0; j < s[i].defs; j++)
			if (f->reach[s[i].def_start + j] == d)
				return true;
	}
	return false;
}

/*
 * Can the compiler see that call c changes no memory?  A function-like
 * macro -- a name the tree defines no function for, spelled in capitals
 * as C's convention has macros (GENMASK(), ARRAY_SIZE()) -- is expanded in
 * place, and a static function of the tree that stores, locks and calls
 * nothing (an accessor returning d->domain_id + 1) is read whole: after
 * neither need the compiler assume that memory changed.
 */
static bool transparent_call(const struct index *idx, const struct ir_op *c)
{
	const struct ir_func *g;
	const char *n = sym_str(c->a);

	if (c->flags & OPF_INDIRECT)
		return false;
	g = index_callee(idx, c);
	if (!g)
		return macro_by_spelling(n);
	if (!g->is_static || g->partial)
		return false;
	for (uint32_t k = 0; k < g->nops; k++) {
		const struct ir_op *op = &g->ops[k];

		if (op->kind != OP_DEF && op->kind != OP_USE && op->kind != OP_BRANCH &&
		    op->kind != OP_RETURN && !(op->kind == OP_READ && op->mark == MARK_PLAIN))
			return false;
	}
	return true;
}

/*
 * Is there a call on the way from the read at r to the use at u?  A call
 * (rmb(), a barrier, any function the compiler cannot see into) may
 * change memory as far as the compiler knows, so it cannot load the
 * value again after it and take it for the one in the local.  Tracing and
 * warnings on the way do not count: they are on error paths.
 */
static bool barrier_between(const struct index *idx, const struct ir_func *f, uint32_t r,
			    uint32_t u)
{
	for (uint32_t c = r + 1; c < u; c++) {
		const struct ir_op *op = &f->ops[c];

		/*
		 * A barrier the profile declares is one whatever its body:
		 * an inline whose asm the lowering drops would look as if it
		 * computed nothing.
		 */
		if (op->kind == OP_CALL && !(op->flags & (OPF_TRACE | OPF_WARN)) &&
		    (idiom_barrier_order_sym(op->a) || !transparent_call(idx, op)) &&
		    op_reaches(f, r, c) && op_reaches(f, c, u))
			return true;
	}
	return false;
}

/*
 * The shape the READ_ONCE()s of the kernel and the ACCESS_ONCE()s of Xen
 * were added for: one plain read of shared memory into a local, which a
 * branch checks and a later operation uses.  Nothing makes the compiler
 * keep the one load: it may read the memory again for the use, and the
 * other party may have changed it since the check -- unless a call on the
 * way makes it assume the memory changed.  Gives the local's definition,
 * the check and the use.
 */
/*
 * Does path q read what the store to path p put there: the same place, or
 * any member of a union held on the stack (scombo.word stored, then
 * scombo.shorts.flags tested)?
 */
static bool reads_copy(const struct ir_func *f, const struct ir_path *p, const struct ir_path *q)
{
	if (q->text == p->text)
		return true;
	return p->base_kind == BASE_VAR && q->base_kind == BASE_VAR && p->base == q->base &&
	       !p->derefs && !q->derefs && str_starts(sym_str(f->vars[p->base].type), "union ");
}

/* Is op x computed from a read of what store w wrote, made after it? */
static bool reads_stored(const struct ir_func *f, uint32_t x, uint32_t w)
{
	uint32_t starts[64], counts[64], origins[32];
	uint32_t n = op_src_ranges(f, &f->ops[x], starts, counts, 64);

	for (uint32_t k = 0; k < n; k++) {
		uint32_t no = value_origins(f, f->srcs + starts[k], counts[k], 4, origins, 32);

		for (uint32_t i = 0; i < no; i++)
			if (f->ops[origins[i]].kind == OP_READ &&
			    reads_copy(f, &f->paths[f->ops[w].a], &f->paths[f->ops[origins[i]].a]) &&
			    origins[i] > w && op_reaches(f, w, origins[i]))
				return true;
	}
	return false;
}

/*
 * The same shape when the one read is stored into memory of the code's
 * own rather than a local: an out-parameter or an array element
 * (saved_attr[n] = params[n].attr), which a branch then tests and a later
 * operation reads again.  The compiler may load the shared memory again
 * for either read of the copy.  Gives the store, the check and the use.
 */
static bool read_stored_checked_then_used(const struct index *idx, const struct ir_func *f,
					  uint32_t o, uint32_t *store,
					  uint32_t *check, uint32_t *use)
{
	uint32_t w = IR_NONE;

	for (uint32_t k = o + 1; k < f->nops && k < o + 8 && w == IR_NONE; k++) {
		const struct ir_op *op = &f->ops[k];
		const struct ir_src *vs = NULL;
		unsigned nvalue = 0;

		if (op->kind != OP_WRITE || (op->flags & OPF_COMPOUND) ||
		    f->paths[op->a].base_kind != BASE_VAR)
			continue;
		/* the value stored is the read alone; the rest only places the store */
		for (uint32_t i = 0; i < op->src_count; i++) {
			const struct ir_src *x = &f->srcs[op->src_start + i];

			if (x->how != HOW_BASE && x->how != HOW_INDEX) {
				nvalue++;
				vs = x;
			}
		}
		if (nvalue == 1 && vs->kind == SRC_OP && vs->ref == o && vs->how == HOW_VALUE)
			w = k;
	}
	if (w == IR_NONE)
		return false;
	for (uint32_t b = w + 1; b < f->nops; b++) {
		if (f->ops[b].kind != OP_BRANCH || !op_reaches(f, w, b) || !reads_stored(f, b, w))
			continue;
		for (uint32_t u = b + 1; u < f->nops; u++) {
			const struct ir_op *op = &f->ops[u];

			if (op->kind == OP_WRITE && reads_copy(f, &f->paths[f->ops[w].a], &f->paths[op->a]) &&
			    op_reaches(f, w, u))
				return false;
			if (op->kind == OP_BRANCH || op->kind == OP_DEF || op->kind == OP_READ ||
			    (op->flags & OPF_TRACE) || !op_reaches(f, b, u) || !reads_stored(f, u, w))
				continue;
			if ((op->kind == OP_USE || op->kind == OP_CALL || op->kind == OP_WRITE ||
			     op->kind == OP_RMW) && !barrier_between(idx, f, o, u)) {
				*store = w;
				*check = b;
				*use = u;
				return true;
			}
		}
		return false;
	}
	return false;
}

static bool read_checked_then_used(const struct index *idx, const struct ir_func *f, uint32_t o,
				   uint32_t *def,
				   uint32_t *check, uint32_t *use)
{
	uint32_t d = IR_NONE, v = IR_NONE;

	/* `len = p->len;`: the local's definition follows its read closely */
	for (uint32_t k = o + 1; k < f->nops && k < o + 8; k++) {
		const struct ir_op *op = &f->ops[k];

		if (op->kind == OP_DEF && op->src_count == 1 && f->srcs[op->src_start].kind == SRC_OP &&
		    f->srcs[op->src_start].ref == o && f->srcs[op->src_start].how == HOW_VALUE &&
		    op->a < f->nvars && !f->vars[op->a].is_param) {
			d = k;
			v = op->a;
			break;
		}
	}
	if (d == IR_NONE)
		return read_stored_checked_then_used(idx, f, o, def, check, use);
	for (uint32_t b = d + 1; b < f->nops; b++) {
		if (f->ops[b].kind != OP_BRANCH || !uses_def(f, b, v, d))
			continue;
		for (uint32_t u = b + 1; u < f->nops; u++) {
			const struct ir_op *op = &f->ops[u];

			if (op->kind == OP_BRANCH || op->kind == OP_DEF ||
			    (op->flags & OPF_TRACE) || !op_reaches(f, b, u) || !uses_def(f, u, v, d))
				continue;
			/* what sizes, indexes, points or is stored or handed on */
			if ((op->kind == OP_USE || op->kind == OP_CALL || op->kind == OP_WRITE ||
			     op->kind == OP_READ || op->kind == OP_RMW) && !barrier_between(idx, f, o, u)) {
				*def = d;
				*check = b;
				*use = u;
				return true;
			}
		}
	}
	return false;
}

/* The member of the by-value local v, as definition d left it, that op r reads, or 0. */
static sym_t member_read(const struct ir_func *f, uint32_t r, uint32_t v, uint32_t d)
{
	const struct ir_path *p = f->ops[r].kind == OP_READ ? &f->paths[f->ops[r].a] : NULL;

	if (p && p->base_kind == BASE_VAR && p->base == v && !p->derefs &&
	    p->text != f->vars[v].name && uses_def(f, r, v, d))
		return p->text;
	return 0;
}

/* Is op x computed from a read of member m of v, as definition d left it? */
static bool reads_member(const struct ir_func *f, uint32_t x, uint32_t v, uint32_t d, sym_t m)
{
	uint32_t starts[64], counts[64], origins[32];
	uint32_t n = op_src_ranges(f, &f->ops[x], starts, counts, 64);

	for (uint32_t k = 0; k < n; k++) {
		uint32_t no = value_origins(f, f->srcs + starts[k], counts[k], 4, origins, 32);

		for (uint32_t i = 0; i < no; i++)
			if (member_read(f, origins[i], v, d) == m)
				return true;
	}
	return false;
}

/* Does call x hand on the address of the by-value local v (&hdr)? */
static bool hands_on_local(const struct ir_func *f, uint32_t x, uint32_t v)
{
	const struct ir_op *op = &f->ops[x];

	if (op->kind != OP_CALL)
		return false;
	for (uint32_t k = 0; k < op_nargs(op); k++) {
		const struct ir_arg *arg = &op_args(f, op)[k];

		if ((arg->flags & ARG_ADDR) && arg->path != IR_NONE &&
		    f->paths[arg->path].base_kind == BASE_VAR && f->paths[arg->path].base == v)
			return true;
	}
	return false;
}

/* Does the code test the value of read ib against that of read ia (a wait loop's recheck)? */
static bool pair_revalidated(const struct analysis *a, uint32_t ia, uint32_t ib)
{
	for (uint32_t i = 0; i < a->revalidated.n; i++)
		if (a->revalidated.v[i] == (((uint64_t)ia << 32) | ib))
			return true;
	return false;
}

/*
 * The same shape through a copy the compiler expands into plain loads (a
 * profile's inline-copy: memcpy(&hdr, buf, sizeof(hdr))): the copy of the
 * shared memory into a local struct is no snapshot, for the compiler may
 * load a member from the shared memory again where hdr's member is used.
 * A branch checks a member and a later operation uses the same member, or
 * hands the copy on (the callee reads its members), with nothing on the
 * way that makes the compiler assume memory changed -- the barrier() Xen
 * puts after such a copy, or the volatile pointer RING_COPY_REQUEST()
 * copies through.  Gives the local's definition, the check and the use.
 */
static bool copy_checked_then_used(const struct analysis *a, const struct ir_func *f,
				   uint32_t o, uint32_t *def, uint32_t *check, uint32_t *use,
				   sym_t *member)
{
	uint32_t d = IR_NONE, v = IR_NONE;

	if (!call_rule(a, &f->ops[o], PR_INLINE_COPY))
		return false;
	/* `memcpy(&hdr, ...)`: the copy defines the local it is handed */
	for (uint32_t k = o + 1; k < f->nops && k < o + 4; k++) {
		const struct ir_op *op = &f->ops[k];

		if (op->kind == OP_DEF && op->src_count == 1 && f->srcs[op->src_start].kind == SRC_OP &&
		    f->srcs[op->src_start].ref == o && op->a < f->nvars &&
		    !f->vars[op->a].is_param && f->vars[op->a].by_value) {
			d = k;
			v = op->a;
			break;
		}
	}
	if (d == IR_NONE)
		return false;
	/* the check nearest the use first: the one a reload there bypasses */
	for (uint32_t b = f->nops - 1; b > d; b--) {
		uint32_t starts[64], counts[64], origins[32];
		uint32_t n;

		if (f->ops[b].kind != OP_BRANCH || !op_reaches(f, d, b))
			continue;
		n = op_src_ranges(f, &f->ops[b], starts, counts, 64);
		for (uint32_t k = 0; k < n; k++) {
			uint32_t no = value_origins(f, f->srcs + starts[k], counts[k], 4, origins, 32);

			for (uint32_t i = 0; i < no; i++) {
				sym_t m = member_read(f, origins[i], v, d);

				if (!m)
					continue;
				for (uint32_t u = b + 1; u < f->nops; u++) {
					const struct ir_op *op = &f->ops[u];

					/* a macro or a visible helper only computes a value */
					if (op->kind == OP_BRANCH || op->kind == OP_DEF || op->kind == OP_READ ||
					    (op->flags & OPF_TRACE) || !op_reaches(f, b, u) ||
					    (op->kind == OP_CALL && transparent_call(a->idx, op)))
						continue;
					if (!reads_member(f, u, v, d, m) && !hands_on_local(f, u, v))
						continue;
					if ((op->kind == OP_USE || op->kind == OP_CALL ||
					     op->kind == OP_WRITE || op->kind == OP_RMW) &&
					    !barrier_between(a->idx, f, o, u)) {
						*def = d;
						*check = b;
						*use = u;
						*member = m;
						return true;
					}
				}
			}
		}
	}
	return false;
}

/*
 * Is the location of event e fetched by any other event of its origin?
 * A later read only compared with e's value (while (p->prod != prod))
 * makes no double fetch of its own: e's value is still the one the code
 * goes on with.
 */
static bool fetched_elsewhere(const struct analysis *a, uint32_t e)
{
	const struct event *x = &a->events.v[e];

	for (uint32_t i = 0; i < a->events.n; i++) {
		const struct event *y = &a->events.v[i];

		if (i != e && y->kind == EV_FETCH && y->origin == x->origin &&
		    fetches_overlap(a, x, y) && !pair_revalidated(a, e, i))
			return true;
	}
	return false;
}

/* What op d puts the one read into: a local, or a place of the code's own. */
static const char *copy_name(const struct ir_func *f, uint32_t d)
{
	return f->ops[d].kind == OP_DEF ? sym_str(f->vars[f->ops[d].a].name) :
					  sym_str(f->paths[f->ops[d].a].text);
}

static void report_single_reads(struct rule_ctx *ctx, struct analysis *a, const struct rule *rule)
{
	for (uint32_t e = 0; e < a->events.n; e++) {
		const struct event *ev = &a->events.v[e];
		const struct ir_func *f = index_func(a->idx, ev->func[ev->nframes - 1]);
		uint32_t o = ev->pos[ev->nframes - 1], d, b, u;
		sym_t m = 0;
		const struct origin *org = &a->origins[ev->origin];
		const struct ir_op *op;
		struct finding *fd;
		sym_t trig;

		if (ev->kind != EV_FETCH || !f || o >= f->nops || !org->prof->single_reads_marked)
			continue;
		op = &f->ops[o];
		trig = origin_trigger(org, f->file);
		if (op->kind == OP_CALL) {
			if (!copy_checked_then_used(a, f, o, &d, &b, &u, &m) ||
			    fetched_elsewhere(a, e))
				continue;
			fd = finding_new(rule, f->file, op->line, op->col, f->name,
					 "%s is copied from %s into %s with %s(), and %s is checked "
					 "at line %u and used at line %u with nothing forcing the "
					 "copy: the compiler may drop it and read the member again "
					 "for the use, after %s changed it (put a barrier() after "
					 "the copy)",
					 sym_str(ev->text), sym_str(org->prof->memory),
					 copy_name(f, d), sym_str(op->a), sym_str(m), f->ops[b].line,
					 f->ops[u].line,
					 trig ? sym_str(trig) : "the other side");
		} else {
			if (op->kind != OP_READ || op->mark != MARK_PLAIN ||
			    !read_checked_then_used(a->idx, f, o, &d, &b, &u) ||
			    fetched_elsewhere(a, e))
				continue;
			fd = finding_new(rule, f->file, op->line, op->col, f->name,
					 "%s is read once from %s into %s, checked at line %u and "
					 "used at line %u with nothing forcing a single load: the "
					 "compiler may read it again for the use, after %s changed "
					 "it (read it with %s%s)",
					 sym_str(ev->text), sym_str(org->prof->memory),
					 copy_name(f, d), f->ops[b].line, f->ops[u].line,
					 trig ? sym_str(trig) : "the other side",
					 idiom_fix_read() ? idiom_fix_read() : "one marked read",
					 idiom_fix_read() ? "()" : "");
		}
		fd->trigger = trig;
		fd->object = ev->key ? ev->key : ev->text;
		finding_add_site(fd, f->file, op->line, op->col, f->name, "fetch", 0,
				 "the one read of %s", sym_str(ev->text));
		finding_add_site(fd, f->file, f->ops[b].line, f->ops[b].col, f->name, "check", 0,
				 "checks %s", m ? sym_str(m) : copy_name(f, d));
		finding_add_site(fd, f->file, f->ops[u].line, f->ops[u].col, f->name, "reload", 0,
				 "uses it: a second load here would read what the other side wrote");
		finding_add_ref(fd, f->id, o, "fetch-first");
		finding_add_ref(fd, f->id, o, "fetch");
		finding_step_at(fd, 0, finding_site_with(fd, "check", 0), "checks the value it read");
		finding_step_at(fd, 1, finding_site_with(fd, "fetch", 0), "rewrites the shared memory");
		finding_step_at(fd, 0, finding_site_with(fd, "reload", 0),
				"reads it again for the use: the value no longer checked");
		rule_report(ctx, fd);
	}
}

/*
 * The shared-type rule that makes a pointer of this declared type shared:
 * "struct ring_page *" or "const struct ring_page *" for shared-type
 * struct ring_page.  NULL for anything else, arrays and pointers to
 * pointers included.
 */
static const struct profile_rule *shared_type(const struct analysis *a, sym_t type)
{
	const char *t;

	if (!a->prof->shared_types.n || !type)
		return NULL;
	t = sym_str(type);
	for (;;) {
		if (str_starts(t, "const "))
			t += 6;
		else if (str_starts(t, "volatile "))
			t += 9;
		else
			break;
	}
	for (uint32_t i = 0; i < a->prof->shared_types.n; i++) {
		const struct profile_rule *r = &a->prof->rules.v[a->prof->shared_types.v[i]];
		size_t n = strlen(sym_str(r->strct));

		if (!strncmp(t, sym_str(r->strct), n) && !strcmp(t + n, " *"))
			return r;
	}
	return NULL;
}

/*
 * A type spelled as one of the profiles' handle macros (shared-handle
 * XEN_GUEST_HANDLE*: "XEN_GUEST_HANDLE_PARAM(void)"): the rule that makes
 * a variable or field of it name the other party's memory, or NULL.
 */
static const struct profile_rule *shared_handle(const struct analysis *a, sym_t type)
{
	return profile_handle_rule(a->prof, type);
}

/* A declared type that is a pointer: "uint64_t *", "const void *". */
static bool pointer_type(sym_t type)
{
	const char *t = type ? sym_str(type) : "";
	size_t n = strlen(t);

	while (n && t[n - 1] == ' ')
		n--;
	return n && t[n - 1] == '*';
}

/* Parameters that are shared on entry to a root. */
static struct spval *seed_params(struct analysis *a, const struct ir_func *f)
{
	const struct func_info *fi = &a->idx->info[f->id];
	struct spval *params = xmalloc(sizeof(*params) * (f->nvars + 1));
	/*
	 * an entry point: nothing in the tree calls it directly (the calls
	 * of an #ifdef alternative resolve to the other definition, and the
	 * walk from the caller follows that one)
	 */
	bool entry = !index_called_directly(a->idx, f->id) || fi->address_taken || fi->exported ||
		     f->is_macro;

	for (uint32_t v = 0; v < f->nvars; v++) {
		const struct profile_rule *r;
		uint32_t cur = 0;
		int k = -1;

		params[v] = none;
		if (!f->vars[v].is_param)
			continue;
		while ((r = profile_next(a->prof, f->name, PR_SHARED_PARAM, &cur)) != NULL)
			if (r->arg == (int8_t)v || (r->arg < 0 && pointer_type(f->vars[v].type)))
				k = add_origin(a, IR_NONE, v, profile_of(a->prof, r));
		if (k < 0 && entry && (r = shared_type(a, f->vars[v].type)) != NULL)
			k = add_origin(a, IR_NONE, v, profile_of(a->prof, r));
		if (k < 0 && entry && (r = shared_handle(a, f->vars[v].type)) != NULL)
			k = add_origin(a, IR_NONE, v, profile_of(a->prof, r));
		if (k < 0 && entry &&
		    (r = profile_find(a->prof, f->vars[v].name, PR_SHARED_PARAM_NAME)) != NULL &&
		    handler_of(a, f, r))
			k = add_origin(a, IR_NONE, v, profile_of(a->prof, r));
		if (k < 0 && f->vars[v].is_user && a->prof->any_user_pointers && entry) {
			for (uint32_t p = 0; p < a->prof->profiles.n; p++)
				if (a->prof->profiles.v[p].user_pointers) {
					k = add_origin(a, IR_NONE, v, &a->prof->profiles.v[p]);
					break;
				}
		}
		if (k >= 0) {
			params[v] = (struct spval){ (int16_t)k, false, 0 };
			snprintf(a->origins[k].what, sizeof(a->origins[k].what), "%s points into %s",
				 sym_str(f->vars[v].name), sym_str(a->origins[k].prof->memory));
			a->origins[k].name = f->vars[v].name;
		}
	}
	return params;
}

/* Cheap test: could this function be a root at all? */
/* Does f have callers, all of them readers of a kept mapping (stored_readers)? */
static bool callers_read_stored(const struct index *idx, const struct ir_func *f)
{
	const struct func_info *in = &idx->info[f->id];

	if (!in->ncallers)
		return false;
	for (uint32_t i = 0; i < in->ncallers; i++) {
		uint32_t c = idx->callers[in->callers_start + i].caller;

		if (c >= idx->nfuncs || !stored_readers[c])
			return false;
	}
	return true;
}

/* Has call op an argument cast_source() may take for a source? */
static bool maybe_cast_source(const struct analysis *a, const struct ir_func *f,
			      const struct ir_op *op)
{
	for (uint32_t k = 0; k < op_nargs(op); k++) {
		const struct ir_arg *arg = &f->args[op->src_start + k];
		struct arg_form af;
		char t[300];

		if (!(arg->flags & ARG_CAST))
			continue;
		if (arg->flags & ARG_CAST_USER) {
			if (a->prof->any_user_pointers)
				return true;
			continue;
		}
		if (!a->prof->shared_types.n || !arg->form || !form_parse(arg->form, &af) ||
		    af.kind != '@' || !af.elem)
			continue;
		snprintf(t, sizeof(t), "%s *", sym_str(af.elem));
		if (shared_type(a, intern(t)))
			return true;
	}
	return false;
}

static bool maybe_root(const struct analysis *a, const struct ir_func *f)
{
	for (uint32_t v = 0; v < f->nvars; v++)
		if ((f->vars[v].is_user && a->prof->any_user_pointers) ||
		    shared_type(a, f->vars[v].type) ||
		    shared_handle(a, f->vars[v].type) ||
		    (f->vars[v].is_param &&
		     profile_find(a->prof, f->vars[v].name, PR_SHARED_PARAM_NAME)))
			return true;
	if (profile_find(a->prof, f->name, PR_SHARED_PARAM))
		return true;
	/*
	 * reads a mapping kept in an object through a helper
	 * (nested_vmx_evmcs(vmx)): a root unless every caller reads it too,
	 * and walks into it as part of its own operation
	 */
	if (stored_readers && f->id < a->idx->nfuncs && stored_readers[f->id] &&
	    !callers_read_stored(a->idx, f))
		return true;
	for (uint32_t o = 0; o < f->nops; o++) {
		const struct ir_op *op = &f->ops[o];
		const struct profile *prof;

		const struct profile_rule *r;

		if (op->kind == OP_CALL &&
		    (call_rule(a, op, PR_SHARED_RETURN) || call_rule(a, op, PR_SHARED_OUT)))
			return true;
		/* an argument cast to a pointer into shared memory (cast_source()) */
		if (op->kind == OP_CALL && maybe_cast_source(a, f, op))
			return true;
		/* a copy from an address held as an integer (integer_address()) */
		if (is_fetch_call(a, op, &r) &&
		    (r->always_shared || integer_address_src(a, f, &f->args[op->src_start + r->arg])))
			return true;
		if (op->kind == OP_READ && shared_field(a, &f->paths[op->a], &prof))
			return true;
		if (op->kind == OP_READ && op->a < f->npaths && user_copied_member(a, f, o))
			return true;
		if (op->kind == OP_READ && f->paths[op->a].key &&
		    shared_handle(a, index_key_type(a->idx, f->paths[op->a].key)))
			return true;
	}
	return false;
}

/*
 * Each read a loop repeats once per pass through the same pointer
 * (event.pass_level) runs again on the next pass: a copy of its event
 * stands for that run.  Only reads of one fixed place: one at an offset
 * that may move with the pass (an index, a variable offset) may read
 * other bytes the next time.
 */
static void add_next_passes(struct analysis *a)
{
	uint32_t n = a->events.n;

	for (uint32_t i = 0; i < n && a->events.n < MAX_EVENTS; i++) {
		struct event e = a->events.v[i];

		if (e.kind != EV_FETCH || !e.pass_level || e.sweep || e.var_off || e.off.unknown ||
		    e.off.n ||
		    strpbrk(sym_str(e.loc), "[(") || strchr(sym_str(e.text), '['))
			continue;
		e.next_pass = true;
		vec_push(&a->events, e);
	}
}

static void check(struct rule_ctx *ctx, const struct ir_func *f);
static void impact(const struct finding *f, const struct index *idx,
		   const struct profile_set *prof, struct impact_reach *best);

const struct rule rule_double_fetch = {
	.name = "double-fetch",
	.summary = "the same location of shared memory (guest, user, ring) read twice in one operation",
	.help = "Memory another party can write while the code runs -- a mapped guest page, user "
		"memory, a shared ring -- is read more than once in one operation, following the "
		"pointer into callees.  The reads can return different values, so a value checked "
		"at the first read may not be the value used at the second.  Read the location once "
		"into a local or a cache and use that copy.",
	.check = check,
	.worker_state_size = sizeof(struct shared_field_memo) * SYM_MEMO_SLOTS,
	.impact = impact,
	.from_shared_sources = true,
	.prepare = prepare,
	.finish = finish,
};

static void check(struct rule_ctx *ctx, const struct ir_func *f)
{
	struct analysis a = { .variant_frame = UINT32_MAX };
	struct spval *params;

	if (!ctx->profiles || !f->nops)
		return;
	a.idx = ctx->idx;
	a.prof = ctx->profiles;
	a.memo = ctx->state;
	a.max_depth = ctx->opt ? ctx->opt->depth : 6;
	a.root = f;
	a.any_validates = a.prof->any_validates;
	if (!maybe_root(&a, f) || walked_into_instead(&a, f))
		return;
	a.cases = xcalloc(1, sizeof(*a.cases));
	params = seed_params(&a, f);
	walk(&a, f, params);
	add_next_passes(&a);
	for (unsigned k = 0; k < a.norigins; k++)
		report_origin(ctx, &a, k, &rule_double_fetch);
	report_single_reads(ctx, &a, &rule_double_fetch);
	case_memo_free(a.cases);
	free(params);
	vec_free(&a.events);
	vec_free(&a.kept_ptrs);
	vec_free(&a.revalidated);
	free(a.chk);
	vec_free(&a.places);
}

/* --- finishing a finding (triage hooks, rules/rule.h) ------------------- */

/*
 * Is the value of sources s (n of them) computed from what local v holds:
 * v itself, a read of it (v.size, v->size), or a helper's result that is
 * handed v (size = cmd_in_size(desc, v))?
 */
static bool computed_from_var_depth(const struct ir_func *f, const struct ir_src *s, uint32_t n,
				    uint32_t v, unsigned depth)
{
	uint32_t origins[32], no;

	if (names_var(s, n, v))
		return true;
	no = value_origins(f, s, n, 4, origins, 32);
	for (uint32_t i = 0; i < no; i++) {
		const struct ir_op *o = &f->ops[origins[i]];

		if (o->kind == OP_READ && f->paths[o->a].base_kind == BASE_VAR &&
		    f->paths[o->a].base == v)
			return true;
		/* a helper handed v, or a read of it (be16_to_cpu(hdr.size)) */
		if (o->kind == OP_CALL && depth)
			for (uint32_t k = 0; k < op_nargs(o); k++) {
				const struct ir_arg *a = &f->args[o->src_start + k];

				if (computed_from_var_depth(f, f->srcs + a->src_start, a->src_count,
							    v, depth - 1))
					return true;
			}
	}
	return false;
}

static bool computed_from_var(const struct ir_func *f, const struct ir_src *s, uint32_t n,
			      uint32_t v)
{
	return computed_from_var_depth(f, s, n, v, 1);
}

/*
 * The local that holds what fetch op o copied: its destination
 * (fetch_dest_local()), or, of a fetch that returns the buffer it
 * allocated (memdup_user()), the local its result is assigned to.
 */
static uint32_t fetch_data_local(const struct profile_set *prof, const struct ir_func *f,
				 uint32_t o, const struct profile_rule **rp)
{
	uint32_t v = fetch_dest_local(prof, f, o, false, rp);

	if (v != IR_NONE || f->ops[o].kind != OP_CALL || (f->ops[o].flags & OPF_INDIRECT) ||
	    !(*rp = profile_find(prof, f->ops[o].a, PR_FETCH)) || (*rp)->dest >= 0)
		return v;
	for (uint32_t d = o + 1; d < f->nops; d++) {
		const struct ir_op *op = &f->ops[d];

		if (op->kind == OP_DEF && op->src_count == 1 && f->srcs[op->src_start].kind == SRC_OP &&
		    f->srcs[op->src_start].ref == o && f->srcs[op->src_start].how == HOW_VALUE)
			return op->a;
	}
	return IR_NONE;
}

/*
 * Make best the impact at op of function func, with that op as its one
 * site; the caller writes the why of each.
 */
static void impact_at_one_site(struct impact_reach *best, uint8_t impact, uint32_t func,
			       uint32_t op)
{
	best->impact = impact;
	best->func = func;
	best->op = op;
	best->nsites = 1;
	best->sites[0].func = func;
	best->sites[0].op = op;
}

/*
 * The header-then-whole shape whose consumer is out of sight: the first
 * copy's data sizes a later copy of the same bytes, and the buffer that
 * copy fills -- the sizes in it read again -- is handed to a call through
 * a pointer, or to firmware or assembly behind a prototype
 * (call_out_of_sight()).  Whether the code there trusts the sizes it finds cannot be
 * seen; that it can be given sizes larger than the buffer can.
 */
static bool sizes_then_hands_on(const struct finding *fd, const struct index *idx,
				const struct profile_set *prof, struct impact_reach *best)
{
	for (uint32_t i = 0; i < fd->refs.n; i++) {
		const struct ir_func *f = index_func(idx, fd->refs.v[i].func);
		const struct profile_rule *r1, *r2;
		uint32_t o1 = fd->refs.v[i].op, v1;

		if (!f || fd->refs.v[i].role == intern("trace") ||
		    (v1 = fetch_dest_local(prof, f, o1, false, &r1)) == IR_NONE)
			continue;
		for (uint32_t j = 0; j < fd->refs.n; j++) {
			uint32_t o2 = fd->refs.v[j].op, v2;
			const struct ir_arg *len;

			if (j == i || fd->refs.v[j].func != fd->refs.v[i].func ||
			    (v2 = fetch_data_local(prof, f, o2, &r2)) == IR_NONE || v2 == v1 ||
			    r2->size < 0 || (uint32_t)r2->size >= op_nargs(&f->ops[o2]) ||
			    !op_reaches(f, o1, o2))
				continue;
			len = &f->args[f->ops[o2].src_start + r2->size];
			if (!computed_from_var(f, f->srcs + len->src_start, len->src_count, v1))
				continue;
			for (uint32_t o = o2 + 1; o < f->nops; o++) {
				const struct ir_op *op = &f->ops[o];

				if (!call_out_of_sight(idx, prof, op) || !op_reaches(f, o2, o))
					continue;
				for (uint32_t k = 0; k < op_nargs(op); k++) {
					const struct ir_arg *a = &f->args[op->src_start + k];

					if (!computed_from_var(f, f->srcs + a->src_start, a->src_count, v2))
						continue;
					impact_at_one_site(best, IMPACT_HOST_CONTROL, f->id, o);
					best->consumer_unseen = true;
					snprintf(best->why, sizeof(best->why),
						 "the copy at line %u sizes the copy at line %u, which reads "
						 "those bytes again and goes to %s: sizes there can exceed "
						 "the buffer",
						 f->ops[o1].line, f->ops[o2].line, sym_str(op->a));
					snprintf(best->sites[0].why, sizeof(best->sites[0].why),
						 "the buffer, with the sizes read again, goes to %s, out "
						 "of sight", sym_str(op->a));
					return true;
				}
			}
		}
	}
	return false;
}

/* What the bytes read again reach: the strongest place a fetch's value goes. */
/*
 * The value read first is tested (csr & enabled, then cleared), and a
 * later read fetches the same value straight into a field of a kernel
 * object (__get_user(current->thread.fpu.fcr31, csr)): what the kernel
 * keeps, and later loads into hardware or acts on, is a value the test
 * never saw.  A checked value trusted: the store is the use.
 */
static bool stored_past_check(const struct finding *fd, const struct index *idx,
			      const struct profile_set *prof, struct impact_reach *best)
{
	sym_t role = intern("fetch"), single = intern("single-location");
	bool one = false;

	/* one location read again: the value tested is the one stored */
	for (uint32_t i = 0; i < fd->refs.n; i++)
		one |= fd->refs.v[i].role == single;
	if (!one)
		return false;
	for (uint32_t i = 0; i < fd->refs.n; i++) {
		const struct ir_func *f = index_func(idx, fd->refs.v[i].func);
		const struct ir_op *op;
		const struct profile_rule *r;
		const struct ir_path *p;
		uint32_t d;

		if (fd->refs.v[i].role != role || !f || fd->refs.v[i].op >= f->nops)
			continue;
		op = &f->ops[fd->refs.v[i].op];
		/* one value (get_user(obj->f, p)), not a buffer some of which was tested */
		if (op->kind != OP_CALL || (op->flags & OPF_INDIRECT) ||
		    !(r = profile_find(prof, op->a, PR_FETCH)) || r->dest < 0 || r->size >= 0 ||
		    (uint32_t)r->dest >= op_nargs(op))
			continue;
		d = f->args[op->src_start + r->dest].path;
		if (d == IR_NONE || d >= f->npaths)
			continue;
		p = &f->paths[d];
		/*
		 * a field of an object the code reaches itself (current, or a
		 * local pointer it looked up): a parameter may point to its
		 * caller's stack copy (__get_user_sigset(&set, ...))
		 */
		if (!p->derefs || !sym_str(p->chain)[0] ||
		    (p->base_kind == BASE_VAR &&
		     (p->base >= f->nvars || f->vars[p->base].is_param || f->vars[p->base].by_value)))
			continue;
		impact_at_one_site(best, IMPACT_HOST_CONTROL, f->id, fd->refs.v[i].op);
		snprintf(best->why, sizeof(best->why),
			 "the value read first is tested; the value read again goes unchecked into "
			 "%.120s, state the code keeps and acts on", sym_str(p->text));
		snprintf(best->sites[0].why, sizeof(best->sites[0].why),
			 "the bytes read again are stored into %.120s", sym_str(p->text));
		return true;
	}
	return false;
}

/* Is argument k of call op a size by the profile: a sink's, or a fetch's length? */
static bool size_argument(const struct profile_set *prof, const struct ir_op *op, uint32_t k)
{
	const struct profile_rule *pr;
	uint32_t cur = 0;

	if (op->kind != OP_CALL || (op->flags & OPF_INDIRECT))
		return false;
	if ((pr = profile_find(prof, op->a, PR_FETCH)) && pr->size >= 0 && (uint32_t)pr->size == k)
		return true;
	while ((pr = profile_next(prof, op->a, PR_SINK, &cur)))
		if (pr->sink == SINK_SIZE && pr->arg >= 0 && (uint32_t)pr->arg == k)
			return true;
	return false;
}

/*
 * Does local v, compared in branch b of f, size a call after it: is it a
 * size argument (size_argument()) of a call b reaches?
 */
static bool sizes_a_call_after(const struct profile_set *prof, const struct ir_func *f,
			       uint32_t b, uint32_t v, uint32_t *call)
{
	for (uint32_t c = b + 1; c < f->nops; c++) {
		const struct ir_op *op = &f->ops[c];

		if (op->kind != OP_CALL || !op_reaches(f, b, c))
			continue;
		for (uint32_t k = 0; k < op_nargs(op); k++) {
			const struct ir_arg *a = &f->args[op->src_start + k];

			if (size_argument(prof, op, k) &&
			    names_var(f->srcs + a->src_start, a->src_count, v)) {
				*call = c;
				return true;
			}
		}
	}
	return false;
}

/* Is op o (a read) among the ops the sources s were computed from? */
static bool computed_from_op(const struct ir_func *f, const struct ir_src *s, uint32_t n,
			     uint32_t o)
{
	uint32_t origins[32], no = value_origins(f, s, n, 4, origins, 32);

	for (uint32_t i = 0; i < no; i++)
		if (origins[i] == o)
			return true;
	return false;
}

/*
 * What the value read first did, for the why of reread_gates_size_bound():
 * it chose where the copy at op `call` of f goes (an argument of the copy
 * is computed from it), or it was only tested, by a branch one of whose
 * ways returns before the copy (a check whether the request is accepted).
 */
static void first_read_part(const struct finding *fd, const struct ir_func *f, uint32_t call,
			    char *buf, size_t n)
{
	const struct ir_op *c = &f->ops[call];
	uint32_t tested = IR_NONE;

	snprintf(buf, n, "the value read first is tested too, apart from that bound");
	for (uint32_t i = 0; i < fd->refs.n; i++) {
		uint32_t o1 = fd->refs.v[i].op;

		if (fd->refs.v[i].role != intern("fetch-first") || fd->refs.v[i].func != f->id ||
		    o1 >= f->nops)
			continue;
		for (uint32_t k = 0; k < op_nargs(c); k++) {
			const struct ir_arg *a = &f->args[c->src_start + k];

			if (computed_from_op(f, f->srcs + a->src_start, a->src_count, o1)) {
				snprintf(buf, n, "the value read first chose where that copy goes");
				return;
			}
		}
		for (uint32_t b = o1 + 1; b < f->nops && tested == IR_NONE; b++) {
			const struct ir_op *br = &f->ops[b];
			uint8_t *avoid;

			if (br->kind != OP_BRANCH || (br->flags & OPF_PREPROC) || !op_reaches(f, o1, b) ||
			    !computed_from_op(f, f->srcs + br->src_start, br->src_count, o1))
				continue;
			avoid = xcalloc(f->nblocks + 1, 1);
			avoid[c->block] = 1;
			for (uint32_t r = 0; r < f->nops && tested == IR_NONE; r++)
				if (f->ops[r].kind == OP_RETURN && r > b &&
				    cfg_reaches_avoiding(f, br->block, f->ops[r].block, avoid))
					tested = b;
			free(avoid);
		}
	}
	if (tested != IR_NONE)
		snprintf(buf, n, "the value read first only decided, at line %u, whether the "
			 "request is accepted", f->ops[tested].line);
}

/*
 * The value read again is tested in one condition with a bound on a size
 * that a later copy takes (if (p->data == NULL && size > room) fail;
 * copy(data, ..., size)): it decides whether the bound applies.  The value
 * read first, tested too, chose what the copy writes to (the buffer inside
 * when NULL): a racing write between the two reads pairs the choice that
 * needs the bound with the test that skips it.  A check the code trusts,
 * bypassed by the bytes read again.
 */
static bool reread_gates_size_bound(const struct finding *fd, const struct index *idx,
				    const struct profile_set *prof, struct impact_reach *best)
{
	for (uint32_t i = 0; i < fd->refs.n; i++) {
		const struct ir_func *f = index_func(idx, fd->refs.v[i].func);
		uint32_t r = fd->refs.v[i].op;

		if (!f || fd->refs.v[i].role != intern("fetch") || r >= f->nops)
			continue;
		for (uint32_t b = r + 1; b < f->nops; b++) {
			const struct ir_op *br = &f->ops[b];
			const struct ir_src *bs = f->srcs + br->src_start;
			bool tests_reread = false;
			uint32_t call;
			char first[100];
			size_t len;

			if (br->kind != OP_BRANCH || (br->flags & OPF_PREPROC) || !op_reaches(f, r, b))
				continue;
			for (uint32_t k = 0; k < br->src_count; k++)
				tests_reread |= bs[k].kind == SRC_OP && bs[k].ref == r;
			if (!tests_reread)
				continue;
			for (uint32_t k = 0; k < br->src_count; k++) {
				if (bs[k].kind != SRC_VAR || bs[k].how != HOW_COMPARE ||
				    !sizes_a_call_after(prof, f, b, bs[k].ref, &call))
					continue;
				first_read_part(fd, f, call, first, sizeof(first));
				impact_at_one_site(best, IMPACT_HOST_CONTROL, f->id, b);
				snprintf(best->why, sizeof(best->why),
					 "the value read again decides, at line %u, whether %.40s is "
					 "bounded before it sizes %.40s() at line %u",
					 br->line, sym_str(f->vars[bs[k].ref].name),
					 sym_str(f->ops[call].a), f->ops[call].line);
				len = strlen(best->why);
				snprintf(best->why + len, sizeof(best->why) - len, "; %s", first);
				snprintf(best->sites[0].why, sizeof(best->sites[0].why),
					 "the bytes read again are tested here with the bound on %.40s",
					 sym_str(f->vars[bs[k].ref].name));
				return true;
			}
		}
	}
	return false;
}

/*
 * The value read first was used, and the bytes read again leave what can
 * be read (flow.h, escapes): kept in an object the caller holds, or handed
 * to a call out of sight.  "Only the request changes" would claim that
 * code never read does nothing with them; what it does is unknown, so the
 * finding is low: state changed, its harm not shown (a size handed on with
 * the buffer it can exceed is sizes_then_hands_on()'s, above).  A value
 * read again is unused only when no use is seen and none is out of sight.
 */
static bool handed_out_of_sight(struct impact_reach *best, const struct impact_reach *first)
{
	if (!best->escapes)
		return false;
	best->impact = IMPACT_GUEST_STATE;
	best->func = best->escape.func;
	best->op = best->escape.op;
	/* tested: what the first read did that the second one undoes */
	snprintf(best->why, sizeof(best->why),
		 "the value read first is %s; %.160s: what is done there cannot be "
		 "read", first->checked ? "tested" : "used", best->escape.why);
	best->nsites = 1;
	best->sites[0] = best->escape;
	return true;
}

/* Does a parameter's name say it is a length: len, length, size, nbytes, or ..._len and the like? */
static bool length_name(const char *n)
{
	static const char *const ends[] = { "len", "length", "size", "nbytes" };
	size_t ln = strlen(n);

	for (unsigned i = 0; i < ARRAY_SIZE(ends); i++) {
		size_t le = strlen(ends[i]);

		if (ln >= le && !strcmp(n + ln - le, ends[i]) &&
		    (ln == le || n[ln - le - 1] == '_'))
			return true;
	}
	return false;
}

/*
 * The value read again, unchecked, is kept in a field of the object the
 * caller holds (req->total += d->len; handed_out_of_sight()), and
 * another function of the file hands that field on as a length: to a
 * size argument the profile names, or to a parameter its callee calls a
 * length (target(..., req->total, ...) with u32 data_length).  What sized
 * the buffers was the value read first; the length handed on can exceed
 * them.  Only for one scalar read twice by plain loads: of a buffer
 * copied twice, which member the first copy's use was is not known (a
 * length the code sizes its own buffer by again is no overflow).
 */
static bool kept_size_handed_on_from(const struct index *idx, const struct profile_set *prof,
				     const struct reach_site *at, struct impact_reach *best)
{
	const struct ir_func *w = index_func(idx, at->func);
	const struct ir_op *st;
	sym_t key, file;

	if (!w || at->op >= w->nops || (st = &w->ops[at->op])->kind != OP_WRITE ||
	    st->a >= w->npaths || !(key = w->paths[st->a].key) || !w->paths[st->a].derefs)
		return false;
	file = index_func_file(idx, w->id);
	for (uint32_t id = 0; id < idx->nfuncs; id++) {
		const struct ir_func *g;

		if (index_func_file(idx, id) != file || !(g = index_func(idx, id)))
			continue;
		for (uint32_t o = 0; o < g->nops; o++) {
			const struct ir_op *op = &g->ops[o];
			const struct ir_func *callee;

			if (op->kind != OP_CALL || (op->flags & (OPF_INDIRECT | OPF_TRACE)))
				continue;
			callee = index_callee(idx, op);
			for (uint32_t k = 0; k < op_nargs(op); k++) {
				const struct ir_arg *arg = &g->args[op->src_start + k];
				const struct ir_src *as = g->srcs + arg->src_start;
				bool reads_key = false;
				uint32_t rd = IR_NONE;

				for (uint32_t i = 0; i < arg->src_count && !reads_key; i++)
					if ((reads_key = as[i].how == HOW_VALUE && as[i].kind == SRC_OP &&
						    as[i].ref < g->nops &&
						    g->ops[as[i].ref].kind == OP_READ &&
						    g->ops[as[i].ref].a < g->npaths &&
						    g->paths[g->ops[as[i].ref].a].key == key))
						rd = as[i].ref;
				if (!reads_key ||
				    !(size_argument(prof, op, k) ||
				      (callee && k < callee->nparams && k < callee->nvars &&
				       length_name(sym_str(callee->vars[k].name)))))
					continue;
				impact_at_one_site(best, IMPACT_HOST_MEMORY, g->id, o);
				best->consumer_unseen = !size_argument(prof, op, k);
				snprintf(best->why, sizeof(best->why),
					 "the value read again is kept unchecked in %.50s, which %.30s() "
					 "hands on as a length to %.30s(): it can exceed what the value "
					 "read first sized",
					 sym_str(w->paths[st->a].text), sym_str(g->name), sym_str(op->a));
				snprintf(best->sites[0].why, sizeof(best->sites[0].why),
					 "%.80s, kept from the bytes read again, is handed on as a length",
					 sym_str(g->paths[g->ops[rd].a].text));
				return true;
			}
		}
	}
	return false;
}

static bool kept_size_handed_on(const struct finding *fd, const struct index *idx,
				const struct profile_set *prof, struct impact_reach *best)
{
	sym_t fetch = intern("fetch"), fetch_first = intern("fetch-first");
	bool one = false;

	if (!best->escapes)
		return false;
	for (uint32_t i = 0; i < fd->refs.n; i++) {
		const struct ir_func *rf;

		one |= fd->refs.v[i].role == intern("single-location");
		if (fd->refs.v[i].role != fetch && fd->refs.v[i].role != fetch_first)
			continue;
		rf = index_func(idx, fd->refs.v[i].func);
		if (!rf || fd->refs.v[i].op >= rf->nops || rf->ops[fd->refs.v[i].op].kind != OP_READ)
			return false;
	}
	if (!one)
		return false;
	/*
	 * The nearest field the value is kept in first (fewest calls from
	 * the read: the helper's own store into the request it was handed),
	 * then where it escapes, deeper (code the caller hands the request
	 * to, which may keep it again in an object of its own and pass it on
	 * only under a condition the walk does not decide).
	 */
	if (best->kept_seen && kept_size_handed_on_from(idx, prof, &best->kept_at, best))
		return true;
	return kept_size_handed_on_from(idx, prof, &best->escape, best);
}

/*
 * A location whose value read first was checked by a validation call (the
 * profile's `validates`: the address or the size of a buffer the other
 * party names, EDK2's SmmIsBufferOutsideSmmValid), read again and the
 * value read again handed on as it is -- to a call, into a store -- with no
 * validation of its own: the classic TOCTOU of an SMI handler.  The value
 * used is not the one validated; the other party swaps in an address (or
 * a length reaching) inside the memory the check keeps it out of.
 */
/* What the value one read of a finding (ref k) reaches, with the calls that lead to it. */
static void one_read_reach(const struct finding *f, const struct index *idx,
			   const struct profile_set *prof, uint32_t k, struct impact_reach *out)
{
	struct finding one = *f;
	sym_t call_role = intern("call");
	struct op_ref r = f->refs.v[k];

	memset(out, 0, sizeof(*out));
	memset(&one.refs, 0, sizeof(one.refs));
	r.role = intern("fetch");
	vec_push(&one.refs, r);
	for (uint32_t j = 0; j < f->refs.n; j++)
		if (f->refs.v[j].role == call_role)
			vec_push(&one.refs, f->refs.v[j]);
	refetch_reach_of_refs(&one, idx, prof, "fetch", out);
	vec_free(&one.refs);
}

static bool is_read_role(sym_t role)
{
	return role == intern("fetch-first") || role == intern("fetch");
}

/*
 * A location one read of which is checked by a validation call (the
 * profile's `validates`: the address or the size of a buffer the other
 * party names, EDK2's SmmIsBufferOutsideSmmValid), read again and the
 * value read again handed on as it is -- to a call, into a store -- with
 * no validation of its own: the classic TOCTOU of an SMI handler.  The
 * value used is not the one validated; the other party swaps in an
 * address (or a length reaching) inside the memory the check keeps it
 * out of.  A size read again and compared as a bound (*Size < sizeof
 * (REQ)) lets the code use as much of the buffer as that value says,
 * past the length validated.
 */
static bool validated_then_refetched(const struct finding *f, const struct index *idx,
				     const struct profile_set *prof, struct impact_reach *best)
{
	for (uint32_t v = 0; v < f->refs.n; v++) {
		struct impact_reach val, later;
		uint16_t g = f->refs.v[v].group;
		const struct ir_func *vf, *hf;

		if (!g || !is_read_role(f->refs.v[v].role))
			continue;
		one_read_reach(f, idx, prof, v, &val);
		if (!val.validated || !(vf = index_func(idx, val.validation.func)))
			continue;
		for (uint32_t k = 0; k < f->refs.n; k++) {
			if (k == v || f->refs.v[k].group != g || !is_read_role(f->refs.v[k].role))
				continue;
			one_read_reach(f, idx, prof, k, &later);
			if (later.validated)
				continue;
			/* read after it, the address or the size handed on as it is */
			if (k > v && later.handed &&
			    (hf = index_func(idx, later.handed_at.func)) != NULL) {
				impact_at_one_site(best, IMPACT_HOST_MEMORY, hf->id,
						   later.handed_at.op);
				best->needs_refetch = false;
				snprintf(best->why, sizeof(best->why),
					 "the value read at line %u is validated by %.60s(); the "
					 "value read again is %.80s, unvalidated",
					 vf->ops[val.validation.op].line, val.validation.why,
					 later.handed_at.why);
				snprintf(best->sites[0].why, sizeof(best->sites[0].why),
					 "read again, apart from the validation, then %.100s",
					 later.handed_at.why);
				return true;
			}
			if (val.validated_size && later.bound_seen && !val.bound_seen &&
			    (hf = index_func(idx, later.bound_at.func)) != NULL) {
				impact_at_one_site(best, IMPACT_HOST_MEMORY, hf->id, later.bound_at.op);
				best->needs_refetch = false;
				snprintf(best->why, sizeof(best->why),
					 "the size read at line %u is validated by %.60s(); another "
					 "read of it, compared at line %u, decides how much of the "
					 "buffer is used: the length used is not the one validated",
					 vf->ops[val.validation.op].line, val.validation.why,
					 hf->ops[later.bound_at.op].line);
				snprintf(best->sites[0].why, sizeof(best->sites[0].why),
					 "read again, apart from the validation, and compared as a "
					 "bound");
				return true;
			}
		}
	}
	return false;
}

/*
 * Does the one-value fetch at op write a member of a struct or an object
 * (get_user(req.valid, &u->valid)), not a plain local?  The struct is
 * what the code goes on with, and the walk does not follow it whole.
 */
static bool into_member(const struct ir_func *fn, uint32_t op, const struct profile_rule *r)
{
	const struct ir_arg *a;

	if ((uint32_t)r->dest >= op_nargs(&fn->ops[op]))
		return false;
	a = &fn->args[fn->ops[op].src_start + r->dest];
	return a->path != IR_NONE && a->path < fn->npaths && *sym_str(fn->paths[a->path].chain);
}

/*
 * Is a read again of the finding a copy into a buffer (copy_from_user(dst,
 * ...), memcpy)?  What the buffer's bytes feed later is not followed, so
 * "not used" would claim more than was seen.
 */
static bool refetch_copies(const struct finding *f, const struct index *idx,
			   const struct profile_set *prof)
{
	sym_t fetch = intern("fetch");
	const struct profile_rule *r;

	for (uint32_t i = 0; i < f->refs.n; i++) {
		const struct ir_func *fn;

		if (f->refs.v[i].role != fetch || !(fn = index_func(idx, f->refs.v[i].func)) ||
		    f->refs.v[i].op >= fn->nops)
			continue;
		/*
		 * a copy of a range (copy_from_user, memdup_user), not one value
		 * fetched into a local nothing reads (__get_user(tmp, p) of a
		 * retry that only touches the page): that is simply not used
		 */
		if (fn->ops[f->refs.v[i].op].kind == OP_CALL &&
		    (!(r = profile_find(prof, fn->ops[f->refs.v[i].op].a, PR_FETCH)) ||
		     r->size >= 0 || r->dest < 0 || into_member(fn, f->refs.v[i].op, r)))
			return true;
	}
	return false;
}

/*
 * The first read of a finding whose value is not used, made in a branch
 * condition -- the fetch itself, or the call of the helper that makes it
 * (if (get_value(&v, uaddr)) return -EFAULT;): the read tests only that
 * the address can be read.  The condition's line, or 0.
 */
static uint32_t status_only_line(const struct finding *f, const struct index *idx)
{
	const struct op_ref *r = finding_ref_with(f, "fetch-first");
	const struct ir_func *fn, *up;

	if (!r || !(fn = index_func(idx, r->func)) || r->op >= fn->nops)
		return 0;
	if (fn->ops[r->op].flags & OPF_COND)
		return fn->ops[r->op].line;
	if (r->up_func != UINT32_MAX && (up = index_func(idx, r->up_func)) != NULL &&
	    r->up_op < up->nops && (up->ops[r->up_op].flags & OPF_COND))
		return up->ops[r->up_op].line;
	return 0;
}

/*
 * The member of local v a branch tests (if (tmp.size < MIN)): the chain
 * (".size") of a read of v it tests, or NULL.
 */
static const char *tested_member_of(const struct ir_func *f, uint32_t br, uint32_t v)
{
	const struct ir_op *op = &f->ops[br];
	const char *chain = NULL;

	if (op->kind != OP_BRANCH)
		return NULL;
	for (uint32_t i = 0; i < op->src_count; i++) {
		const struct ir_src *s = &f->srcs[op->src_start + i];
		const struct ir_path *p;

		if (s->kind != SRC_OP || s->ref >= f->nops || f->ops[s->ref].kind != OP_READ)
			continue;
		p = &f->paths[f->ops[s->ref].a];
		if (p->base_kind != BASE_VAR || p->base != v)
			continue;
		/* one member, however often (tmp.size < MIN || tmp.size > MAX) */
		if (p->derefs || (chain && strcmp(chain, sym_str(p->chain))))
			return NULL;
		chain = sym_str(p->chain);
	}
	return chain && chain[0] == '.' && !strpbrk(chain + 1, ".[-") ? chain : NULL;
}

/* Is path p member `chain` of local v itself (tmp.size)? */
static bool path_is_member(const struct ir_func *f, uint32_t p, uint32_t v, const char *chain)
{
	const struct ir_path *pp = p < f->npaths ? &f->paths[p] : NULL;

	return pp && pp->base_kind == BASE_VAR && pp->base == v && !pp->derefs &&
	       !strcmp(sym_str(pp->chain), chain);
}

/*
 * Does op o use local v other than by reading its member `chain` (a
 * read of tmp.size, or tmp.size handed to a call)?
 */
static bool op_uses_other_than(const struct ir_func *f, uint32_t o, uint32_t v, const char *chain)
{
	const struct ir_op *op = &f->ops[o];
	uint32_t starts[64], counts[64];
	uint32_t n;

	if (op->kind == OP_READ || op->kind == OP_WRITE || op->kind == OP_RMW) {
		const struct ir_path *p = &f->paths[op->a];

		if (p->base_kind == BASE_VAR && p->base == v)
			return op->kind != OP_READ || !path_is_member(f, op->a, v, chain);
	}
	if (op->kind == OP_CALL)
		for (uint32_t k = 0; k < op_nargs(op); k++) {
			const struct ir_arg *arg = &f->args[op->src_start + k];

			if (arg->path != IR_NONE && f->paths[arg->path].base_kind == BASE_VAR &&
			    f->paths[arg->path].base == v && !path_is_member(f, arg->path, v, chain))
				return true;
		}
	n = op_src_ranges(f, op, starts, counts, 64);
	for (uint32_t k = 0; k < n; k++)
		for (uint32_t i = 0; i < counts[k]; i++) {
			const struct ir_src *s = &f->srcs[starts[k] + i];

			if (s->kind == SRC_VAR && s->ref == v)
				return true;
		}
	return false;
}

/*
 * The store, after fetch op `second`, that puts the first copy's member
 * back over the second copy's (res = memdup_user(u, tmp.size);
 * res->size = tmp.size;): a write of member `chain` of the local the
 * second fetch returned or filled, whose value is a read of v's member
 * `chain`, with no read of that member of the second copy before it.  Its
 * op, or IR_NONE.
 */
static uint32_t member_written_back(const struct profile_set *prof, const struct ir_func *f,
				    uint32_t second, uint32_t v, const char *chain)
{
	const char *m = chain + 1;
	const struct profile_rule *r;
	uint32_t dest = fetch_dest_local(prof, f, second, false, &r), res = IR_NONE;

	if (second + 1 < f->nops && f->ops[second + 1].kind == OP_DEF &&
	    f->ops[second + 1].src_count == 1 && f->srcs[f->ops[second + 1].src_start].kind == SRC_OP &&
	    f->srcs[f->ops[second + 1].src_start].ref == second)
		res = f->ops[second + 1].a;
	for (uint32_t w = 0; w < f->nops; w++) {
		const struct ir_op *op = &f->ops[w];
		const struct ir_path *p;
		const char *pc;

		if ((op->kind != OP_READ && op->kind != OP_WRITE) || op->a >= f->npaths ||
		    !op_reaches(f, second, w))
			continue;
		p = &f->paths[op->a];
		if (p->base_kind != BASE_VAR || p->base == v || (p->base != res && p->base != dest))
			continue;
		/* res->size or dst.size: that member, one step from the copy */
		pc = sym_str(p->chain);
		if (strcmp(pc + (!strncmp(pc, "->", 2) ? 2 : pc[0] == '.' ? 1 : 0), m) ||
		    (pc[0] != '.' && strncmp(pc, "->", 2)))
			continue;
		if (op->kind == OP_READ)
			return IR_NONE;
		for (uint32_t i = 0; i < op->src_count; i++) {
			const struct ir_src *s = &f->srcs[op->src_start + i];
			const struct ir_path *sp;

			if (s->kind != SRC_OP || s->ref >= f->nops || f->ops[s->ref].kind != OP_READ)
				continue;
			sp = &f->paths[f->ops[s->ref].a];
			if (sp->base_kind == BASE_VAR && sp->base == v && !sp->derefs &&
			    !strcmp(sym_str(sp->chain), chain))
				return w;
		}
		return IR_NONE;
	}
	return IR_NONE;
}

/*
 * The value read first tested, but only through one member of the local
 * it was copied into, and that member stored back over the copy read
 * again (tmp.size tested, then res->size = tmp.size): the test holds for
 * what the code keeps, and the first values of the other bytes read
 * again were never used.  The why says so, not only that it was tested.
 */
static bool tested_member_text(const struct finding *fd, const struct impact_reach *first,
			       const struct index *idx, const struct profile_set *prof,
			       char *buf, size_t n)
{
	const struct op_ref *r1 = finding_ref_with(fd, "fetch-first"), *r2 = finding_ref_with(fd, "fetch");
	const struct ir_func *f = index_func(idx, first->tested_at.func);
	const struct profile_rule *rule;
	const char *chain;
	uint32_t v, w;

	if (!f || !r1 || !r2 || r1->func != f->id || r2->func != f->id || r1->op >= f->nops ||
	    r2->op >= f->nops || first->tested_at.op >= f->nops || !prof ||
	    (v = fetch_dest_local(prof, f, r1->op, true, &rule)) == IR_NONE ||
	    !(chain = tested_member_of(f, first->tested_at.op, v)) ||
	    (w = member_written_back(prof, f, r2->op, v, chain)) == IR_NONE)
		return false;
	/* the first copy used for nothing but that member */
	for (uint32_t o = 0; o < f->nops; o++)
		if (o != r1->op && !def_by_fetch(f, o, v, r1->op) && op_reaches(f, r1->op, o) &&
		    op_uses_other_than(f, o, v, chain))
			return false;
	snprintf(buf, n, "only %.16s%.16s of the value read first is used (tested at line %u) and "
		 "line %u stores it back over the copy read again (%.26s); nothing read again "
		 "reaches a size, index or pointer",
		 sym_str(f->vars[v].name), chain, f->ops[first->tested_at.op].line, f->ops[w].line,
		 sym_str(f->paths[f->ops[w].a].text));
	return true;
}

/* "the value read first is tested at line N (fn); ", or "" */
static const char *first_tested_text(const struct impact_reach *first, const struct index *idx,
				     char *buf, size_t n)
{
	const struct ir_func *tf = first->tested_seen ? index_func(idx, first->tested_at.func) : NULL;

	buf[0] = '\0';
	if (tf && first->tested_at.op < tf->nops)
		snprintf(buf, n, "the value read first is tested at line %u (%.40s); ",
			 tf->ops[first->tested_at.op].line, sym_str(tf->name));
	return buf;
}

/*
 * The bytes read again fetched straight into state that outlives the
 * fetch (index/flow.h, kept_at): the why says where they stay, what reads
 * them there not being followed -- not that nothing keeps them.  False
 * when there is no such place.
 */
static bool kept_why(struct impact_reach *best, const struct index *idx, const char *what,
		     const struct impact_reach *first)
{
	const struct ir_func *kf = best->kept_seen ? index_func(idx, best->kept_at.func) : NULL;
	/* in the function `what` names already */
	bool same = kf && first->tested_seen && first->tested_at.func == kf->id;
	size_t n;

	if (!kf || best->kept_at.op >= kf->nops)
		return false;
	best->impact = IMPACT_BENIGN;
	snprintf(best->why, sizeof(best->why), "%s", what);
	n = strlen(best->why);
	snprintf(best->why + n, sizeof(best->why) - n, "the bytes read again are %.80s (line %u%s%.30s), "
		 "unchecked there; nothing seen follows from them to a size, index or pointer",
		 best->kept_at.why, kf->ops[best->kept_at.op].line, same ? "" : ", ",
		 same ? "" : sym_str(kf->name));
	return true;
}

static void impact(const struct finding *f, const struct index *idx,
		   const struct profile_set *prof, struct impact_reach *best)
{
	struct impact_reach first = {0};

	/*
	 * The harm is in the bytes read again, used as if they were still the
	 * bytes read first: a size, an index, an offset, a pointer.  If the
	 * first value is not used at all (dead, or only traced), nothing
	 * trusted it, and the last read is simply the read.
	 */
	bool read_back = finding_ref_with(f, "store-first") != NULL;

	refetch_reach_of_refs(f, idx, prof, "fetch-first", &first);
	/*
	 * written, then read back: the code trusts the bytes to be what it
	 * stored; what the value read back reaches is the harm
	 */
	if (read_back) {
		refetch_reach_of_refs(f, idx, prof, "fetch", best);
		if (!best->impact) {
			best->impact = IMPACT_BENIGN;
			snprintf(best->why, sizeof(best->why), "%s",
				 best->used || best->checked ?
				 "the value read back reaches no size, index, pointer or kept state: "
				 "the party that rewrites it only changes what the code does for it" :
				 "the value read back is not used");
		}
		return;
	}
	/* fetched straight into kept state (first.kept_seen): used, though not seen used */
	if (!first.used && !first.checked && !first.impact && !first.kept_seen &&
	    !finding_ref_with(f, "fetch-first-kept")) {
		uint32_t line = status_only_line(f, idx);

		best->impact = IMPACT_BENIGN;
		if (line)
			snprintf(best->why, sizeof(best->why),
				 "the value read first is not used: only whether that read "
				 "faulted is tested (line %u); only the value read last counts",
				 line);
		else
			snprintf(best->why, sizeof(best->why),
				 "the value read first is not used (dead, or only traced): only "
				 "the value read last counts");
		return;
	}
	/*
	 * only traced or formatted into text, here or by a helper it is handed
	 * to: nothing acted on the value read first, so nothing the other
	 * party changes after it is trusted
	 */
	if (first.impact == IMPACT_BENIGN && first.only_text && !first.used && !first.checked &&
	    !first.kept_seen && !finding_ref_with(f, "fetch-first-kept")) {
		best->impact = IMPACT_BENIGN;
		snprintf(best->why, sizeof(best->why),
			 "the value read first is %.100s: nothing acts on it, only the value read "
			 "last counts", first.why);
		return;
	}
	refetch_reach_of_refs(f, idx, prof, "fetch", best);
	if (first.checked && best->impact < IMPACT_HOST_CONTROL &&
	    stored_past_check(f, idx, prof, best))
		return;
	if ((first.validated || best->validated) && best->impact < IMPACT_HOST_MEMORY &&
	    validated_then_refetched(f, idx, prof, best))
		return;
	/* one read in the source: the harm needs the compiler to load again */
	if (finding_site_with(f, "reload", 0) != UINT32_MAX)
		best->needs_refetch = true;
	/* the bytes read again, then not used: the second read changes nothing */
	if (!best->impact && !best->used && !best->checked) {
		char tw[120];
		const struct ir_func *of = best->overwritten ?
			index_func(idx, best->overwritten_at.func) : NULL;
		bool logged = finding_ref_with(f, "fetch-logged") != NULL;

		best->impact = IMPACT_BENIGN;
		/* written over before anything reads it: the code's own value is used */
		if (of && best->overwritten_at.op < of->nops && !logged) {
			snprintf(best->why, sizeof(best->why),
				 "the value read again is overwritten (line %u, %.60s = ...) before "
				 "anything reads it: only the value read first counts",
				 of->ops[best->overwritten_at.op].line,
				 sym_str(of->paths[of->ops[best->overwritten_at.op].a].text));
			return;
		}
		/* fetched into the task's or the caller's state: kept, not unused */
		if (!logged && kept_why(best, idx, first_tested_text(&first, idx, tw, sizeof(tw)),
					&first))
			return;
		snprintf(best->why, sizeof(best->why), "%s",
			 logged ?
			 "the value read again is only logged: the message may show a value "
			 "the code did not act on" :
			 refetch_copies(f, idx, prof) ?
			 "the code goes on with the bytes read again, copied into a buffer, "
			 "and nothing seen follows from them to a size, index, pointer or "
			 "kept state" :
			 "the value read again is not used: only the value read first counts");
		return;
	}
	if (best->impact < IMPACT_HOST_CONTROL && sizes_then_hands_on(f, idx, prof, best))
		return;
	if (best->impact < IMPACT_HOST_CONTROL && first.checked && best->checked &&
	    reread_gates_size_bound(f, idx, prof, best))
		return;
	if (!best->impact && first.used && kept_size_handed_on(f, idx, prof, best))
		return;
	if (!best->impact && handed_out_of_sight(best, &first))
		return;
	/*
	 * Nothing the bytes read again reach is a size, an index, a pointer,
	 * a check the code trusts or state it keeps: the other party only
	 * changes which request of its own is served.  Read against the
	 * code, such findings were notes in every tree (Linux, QEMU, EDK2
	 * samples); low needs evidence of state changed (IMPACT_GUEST_STATE
	 * from a store the profile names).
	 */
	if (!best->impact) {
		char what[120];

		/* what the value read first did: decided a branch (not "unused") */
		first_tested_text(&first, idx, what, sizeof(what));
		best->impact = IMPACT_BENIGN;
		/* the test was of a member the code puts back: say what it covers */
		if (!best->kept_seen && first.tested_seen &&
		    tested_member_text(f, &first, idx, prof, best->why, sizeof(best->why)))
			return;
		if (!kept_why(best, idx, what, &first)) {
			snprintf(best->why, sizeof(best->why), "%s%s", what,
				 "the values read again reach no size, index, pointer or kept "
				 "state: only the request of the party that writes them changes");
		}
	}
}
