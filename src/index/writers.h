/*
 * Who writes a field, and under which locks: the evidence the concurrency
 * rules (check-then-act, unmarked-race, stale-snapshot) stand on.
 *
 * A field's writers are the writes and read-modify-writes of its key, and
 * of the keys that contain it (a store to "struct kvm_vcpu::arch.mp_state"
 * also writes "...::arch.mp_state.mp_state").  Writes in initialisation
 * paths -- functions that create, allocate or initialise the object, that
 * fill many of its fields in, or a store through a pointer the same
 * function just allocated -- happen before the object is shared and are
 * kept apart.
 */
#ifndef TOCSIN_WRITERS_H
#define TOCSIN_WRITERS_H

#include "index/index.h"

#define WRITERS_MAX 64
#define LOCKS_MAX 16

struct writer {
	uint32_t func, op;
	bool init;		/* before the object is published */
	bool marked;		/* WRITE_ONCE, atomic, release */
	uint32_t nlocks;
	struct ir_lockitem locks[LOCKS_MAX];
};

struct writers {
	uint32_t nconsts;	/* distinct constants the writers store */
	sym_t consts[8];
	uint32_t spread;	/* distinct top-level directories of the writers */
	uint32_t n;
	uint32_t total;		/* including those past WRITERS_MAX */
	uint32_t concurrent;	/* not in an init path */
	bool any_marked;	/* a marked write, or a marked read, exists */
	/* the locks every concurrent writer holds (global identities only) */
	struct ir_lockitem common[LOCKS_MAX];
	uint32_t ncommon;
	/* last, so that a copy can stop at the n in use */
	struct writer v[WRITERS_MAX];
};

/*
 * The writers of `key` that can run alongside code in file `from`: not
 * code for another architecture (arch/arm64/ against arch/x86/), not a
 * separate program shipped in the tree (tools/, samples/, scripts/).
 */
void writers_of(const struct index *idx, sym_t key, sym_t from, struct writers *w);

/* Can code in files a and b run in one program at the same time? */
bool same_program(sym_t a, sym_t b);

/* Exclusive locks serialise writers; RCU and read-side locks do not. */
bool exclusive_lock(const struct ir_lockitem *l);

/*
 * Does the function around this store fill the object in: store plainly
 * into many fields of it through the same pointer?  That is a constructor
 * or a setup step (mounting a filesystem, setting up a client, starting a
 * personality) that runs before others can reach those fields, whatever
 * its name; a function that changes a live object changes a few.
 */
bool fills_object(const struct ir_func *f, const struct ir_op *op);

/*
 * Is op a store of NULL into the object's link back to its owner (a
 * pointer to a struct that keeps lists or trees: obj->owner = NULL),
 * made on every path after the same function took the object out of the
 * only list or tree its struct can link it into (list_del_rcu(&obj->node),
 * node its one list_head), with the pointer unchanged between?  The object
 * is leaving its owner for good: nobody can find it any more, and whoever
 * still holds it holds a reference or a count the removal waited for.
 * Like a constructor's stores before the object is published, these are
 * not concurrent with its users.  A store before the unlink, one the
 * unlink may be skipped for (an unlink on one arm only), one after an
 * unlink from one of two lists (a connection off its idle list is still
 * live), or one that only clears a flag (a waiter off its wait list) is
 * not such a store.
 */
bool unlinked_store(const struct index *idx, const struct ir_func *f, uint32_t op);

/*
 * A store through a pointer the function itself just allocated, or got from
 * a function that returns only what it allocated (vm_area_dup()).
 */
bool fresh_object(const struct index *idx, const struct ir_func *f, const struct ir_op *op);

/*
 * Store `op` of f fills in an object through a local that f allocated
 * (obj->field = v, fresh_object()): is the object's pointer then published into a place whose key is
 * `place` (d->ring = obj) with nothing that orders the two -- no write
 * barrier between them, and a publishing store that is no release, RCU or
 * atomic exchange, into an object others can reach (not one f allocated,
 * not a part of the object itself)?  The publishing op, or IR_NONE (also when the pointer is
 * first stored elsewhere, or not at all).  Another CPU may then see the
 * pointer before the field's value.
 */
uint32_t unordered_publication(const struct index *idx, const struct ir_func *f, uint32_t op,
			       sym_t place);

/*
 * Publication by a count or a flag: g stores the count (d->nr_valid = n,
 * write_atomic(&d->nr_valid, n)) or the flag (v->ctrl = p) at op `cop`, a
 * value other than zero, and through the same object stores the data that
 * the count or the flag says is there, a field named `data_key`
 * (key_names_field()): d->bucket[i] = b, v->queue[i].head = h.  A count
 * (`count`) is stored marked after a slot of a table; a flag is stored
 * before data computed from it, or after data that points into what it
 * stores.  The data
 * store, or IR_NONE.  *ordered says whether the data is stored first with
 * a write barrier (or a release store of the count) between; a data store
 * with none, or one after the flag's, is returned first, with *ordered false.
 */
uint32_t count_publication(const struct index *idx, const struct ir_func *g, uint32_t cop,
			   sym_t data_key, bool count, bool *ordered);

/*
 * The same publication by a count, where the slot is named by a macro the
 * writer stores into (CALL_STORED_INTO: slot(d, p) = b) rather than by a
 * path: a call of `macro` stored into before the count's marked store at
 * `cop`, its first argument the count's object.  The call, or IR_NONE;
 * *ordered as for count_publication().
 */
uint32_t count_publication_by_macro(const struct ir_func *g, uint32_t cop, sym_t macro,
				    bool *ordered);

/* Does store key wkey name the field rkey names (through embedded structs)? */
bool key_names_field(const struct index *idx, sym_t wkey, sym_t rkey);

/*
 * An access through a parameter every caller passes a fresh object for
 * (or through a local that only converts that parameter to another
 * pointer type), before the function hands that object to any call that
 * may publish it: a helper whose body only fills the object's members in,
 * or only converts the pointer, does not.
 */
bool unpublished_param_access(const struct index *idx, const struct ir_func *f,
			      const struct ir_op *op);

/*
 * Is the object that local or parameter `var` of f points to owned by the
 * running thread, so that no other thread can write it while f runs?  A
 * struct on f's own stack is; so is what a static function's parameter
 * points to when every caller passes the address of such a struct (its
 * own, or one its callers own, a few levels up).  A struct whose address
 * its owner stores into memory may be published, and is not.
 */
bool thread_local_object(const struct index *idx, const struct ir_func *f, uint32_t var);

/*
 * Does call op `o` of f hand `callee` only objects f has just allocated
 * and linked nowhere yet, of which callee touches only their own members
 * (every parameter it accesses through gets one: sk_attach(newsk, NULL)
 * after newsk = obj_alloc())?  Such a call sets the object up: it runs
 * before any other thread can see it.  So is a call on the entries of a
 * list f detached whole under its lock and then walks (p = d->head;
 * d->head = NULL; unlock; for (; p; p = next) clear(p)), handing them on
 * nowhere: no other thread reaches them any more.  A callee that goes further, or
 * hands the object on, may reach shared state through it.
 */
bool call_on_fresh_objects(const struct index *idx, const struct ir_func *f, uint32_t o,
			   const struct ir_func *callee);

/*
 * Is this function an initialisation (or teardown) path: named so, or only
 * ever called from such paths?  idx may be NULL (names only).
 */
bool init_function(const struct index *idx, const struct ir_func *f);

/*
 * Is this function boot-time code: defined in the boot section (__init),
 * or only ever called from such functions?  It runs while the kernel
 * (the hypervisor, the firmware) sets itself up, before what it sets up
 * is shared.  Unlike init_function(), no name decides it.
 */
bool boot_function(const struct index *idx, const struct ir_func *f);

/*
 * Can the writer (a function id) reach the object f accesses, rather than
 * only another object of the same type?  The evidence is a way for the
 * object to flow: the two are in one file, or code in f's file calls the
 * writer, or code in the writer's file calls f (three levels up at most),
 * or either function calls into the other's file.
 * Two drivers that share a generic struct, even in one directory (the
 * personalities of one framework), do neither.
 */
bool writer_reaches(const struct index *idx, uint32_t writer, const struct ir_func *f);

/*
 * Keep only the writers in code that reaches the object f accesses (and
 * the initialisation ones), when there is any such, and count the common
 * locks again among them: a writer that only shares the type, under its
 * own lock, says nothing of which lock protects this object.
 */
void writers_reaching(const struct index *idx, const struct ir_func *f, struct writers *w);

/*
 * Count the concurrent writers and the locks they all hold again, after a
 * rule dropped some of w->v (and took them off w->total) as writers that
 * cannot change what it looks at.
 */
void writers_recount(struct writers *w);

/*
 * The function both a and b (function ids) only ever run inside, one
 * call of it doing both, or IR_NONE: a writer called only from the
 * function whose helper reads the field (the read, then the NULL store
 * in the same call), or both helpers of one work function.  The two
 * accesses are one thread's, one after the other; they race only if
 * that function runs twice at once on one object, which its own
 * serialisation (a work item, a kthread, its callers' lock) usually
 * rules out, out of sight.
 */
uint32_t one_activation(const struct index *idx, uint32_t a, uint32_t b);

/*
 * The self-serialized entry both an access (op of function id `func`) and
 * a writer (op wop of function id `writer`) run only inside, on an object
 * each reaches from that entry's own arguments by address (container_of,
 * a member, an element of a ring it points to: never a global or a
 * pointer loaded on the way, a parent all its registrations share), or
 * IR_NONE: the same work function, a tasklet's, a NAPI poll's
 * (func_info.serial_entry), with nothing else reaching either
 * side but creation and teardown paths.  A work item never runs twice at
 * once, so on the object it was registered for the two are one after the
 * other, in two runs of it perhaps; they race only if two registrations
 * of that function reach one object.
 */
uint32_t one_serial_context(const struct index *idx, uint32_t func, uint32_t op, uint32_t writer,
			    uint32_t wop);

/*
 * The serial entry (a work function, a tasklet's, a NAPI poll) the access
 * (op of function id `func`) runs only inside, on the object that entry's
 * own argument leads to, or IR_NONE: one_serial_context()'s first half.
 */
uint32_t serial_context_of(const struct index *idx, uint32_t func, uint32_t op);

/*
 * The thread or serial entry (a work function, a timer's, an interrupt
 * handler, a NAPI poll) an access (op of function id `func`) runs only
 * inside, on a member of the object that entry's own argument leads to by
 * address, when the writer (op wop of function id `writer`) stores to that
 * member of an object it first stops that entry on, on every path: a
 * profile's thread-stop (cancel_work_sync(&obj->work)) on the very member
 * the entry is registered with (func_info.entry_obj), of the very object
 * stored to, in the writer or in each of its callers, which hand that
 * object down, and nothing in between arms it again.  Else IR_NONE.  While
 * the store runs, that entry does not run for the object: one stopped
 * before cannot run till armed again.
 */
uint32_t writer_stops_context(const struct index *idx, uint32_t func, uint32_t op,
			      uint32_t writer, uint32_t wop);

/*
 * The roles swapped: the writer (op wop of `writer`) runs only inside a
 * thread or serial entry, and the access (op aop of `afunc`) is reached
 * only through a stop of that entry on the object it accesses, on every
 * path, with nothing arming it again (del_timer_sync(&obj->timer), then
 * the flags cleared).  Unlike writer_stops_context(), a path from inside
 * that entry is not taken as stopped: it must be a stop.  The entry, or
 * IR_NONE.
 */
uint32_t access_stops_writer(const struct index *idx, uint32_t afunc, uint32_t aop,
			     uint32_t writer, uint32_t wop);

/*
 * Is op's object the running thread's own (Linux's `current`, or a member
 * of it), by the path itself, a local set from it, or a parameter every
 * caller (all known) hands it so: an access only that thread makes.
 */
bool on_running_thread(const struct index *idx, const struct ir_func *f, const struct ir_op *op);

/*
 * Do two locksets share no lock of a known identity that one of them
 * holds exclusively (a mutex, a spinlock, a rwlock's write side against
 * either side)?  Then the two accesses they guard can run at once.
 */
bool locks_disjoint(const struct ir_lockitem *a, uint32_t na, const struct ir_lockitem *b,
		    uint32_t nb);

/*
 * An ops struct whose callbacks lead to both functions (by id), or 0: the
 * framework that calls both back, and may hold one lock around both
 * (a qdisc's enqueue and dequeue under the qdisc lock, a netdev's
 * callbacks under RTNL).  What it holds is not in the code scanned.
 */
sym_t common_framework(const struct index *idx, uint32_t a, uint32_t b);

/*
 * Does f state, with KCSAN's ASSERT_EXCLUSIVE_ACCESS() (or, unless
 * `access_only`, ASSERT_EXCLUSIVE_WRITER()), that no other thread writes
 * the field `key` names (or the struct member holding it) while f runs?
 * The author's word on the concurrency, which KCSAN checks at run time:
 * a read in such a function races with no writer.
 */
bool asserts_exclusive(const struct ir_func *f, sym_t key, bool access_only);

/*
 * Do all the callers of function `func` that run while the object is
 * shared hold `lock` at their calls (or on entry)?  Calls from creation and
 * teardown paths (init_function()) are left out: a setter called once by
 * the setup code, and otherwise under the object's mutex, writes under
 * the mutex whenever another thread can look.  False when no other caller
 * is known, or the function can be called from out of sight.
 */
bool shared_callers_hold(const struct index *idx, uint32_t func, sym_t lock);

/* Does the lockset hold `lock` (by identity)? */
bool holds(const struct ir_lockitem *set, uint32_t n, sym_t lock);

/*
 * Does the lock live in the object whose state `key` names (the same
 * struct, or a struct embedded in it, or the other way round)?  The
 * classic sign that the lock is what protects that state.
 */
bool lock_of_object(const struct index *idx, sym_t lock, sym_t key);

/*
 * Is `lock` one lock in the whole program: a global variable's, or a
 * member of one ("global::tasklist_lock", "fs/x.c::state.lock"), not a
 * type's (one per object) nor an element of a global array?  Two sides
 * that hold it hold the very same lock, whatever object they work on.
 */
bool single_object_lock(sym_t lock);

/* a lock taken through the object that carries it (lock_sock(sk)): "T::*" */
bool carried_lock(sym_t lock);

/*
 * How to show a lock to a reader of `f`: "tmp->arch.mp_state_lock" when
 * the lock's struct is the type of `object` (a var of f), else the key.
 */
void lock_display(char *buf, size_t n, sym_t lock, const char *object, sym_t object_type,
		  const struct index *idx);

/*
 * Does the write at op w of g store only while the field is unset: a
 * compare-and-exchange from NULL (cmpxchg(&p->f, NULL, v)), or a store on
 * the arm of a test that found the field, read just before in g, zero
 * (`old = READ_ONCE(p->f); if (!old) WRITE_ONCE(p->f, v);`)?  A field all
 * of whose writers do is set once: unset, then its value for good.
 */
bool writer_installs_once(const struct ir_func *g, uint32_t w);

/*
 * Who hands a helper the object its parameter points to, climbing through
 * wrappers that pass their own parameter down: the call sites that pass
 * a part of their own object by its address (&q->root, &table[i]), one
 * per file outside the helper's own; how many sites do so and how many
 * pass a pointer they found instead (a page, a queue that others hold
 * too); the globals any of them pass; and the first sites, each with the
 * part it hands over and the locks held there and on the way down (each
 * such pair once).  A helper that unrelated users
 * hand parts of their own objects (a tree, a list, a timer) is library
 * code: what it accesses is whichever object its caller owns.
 */
#define OBJECT_USERS_MAX 8
#define OBJECT_USER_SITES 32
#define OBJECT_USER_LOCKS 4
struct object_user_site {
	sym_t key;		/* the part handed over: "struct av7110::ci_wbuffer" */
	uint32_t nlocks;	/* the locks held there and on the way down */
	sym_t locks[OBJECT_USER_LOCKS];
};
struct object_users {
	uint32_t nusers, nglobals, nsites;
	uint32_t owned, found;
	uint32_t user_func[OBJECT_USERS_MAX];
	sym_t user_file[OBJECT_USERS_MAX];
	sym_t globals[OBJECT_USERS_MAX];
	struct object_user_site sites[OBJECT_USER_SITES];
};
void object_users(const struct index *idx, uint32_t func, uint32_t var, struct object_users *u);

/*
 * The parameter local v's value comes from, through copies and loads
 * (n = root->top; n = n->left), or IR_NONE: another source, or more than one.
 */
uint32_t param_origin(const struct ir_func *f, uint32_t v);

#endif
