/*
 * How strong the evidence is that an access and a writer of its field run
 * at once on one object: what a concurrency rule lowers a finding to
 * "possible" for (rules/finding.h, finding_doubt).
 */
#ifndef TOCSIN_CONCURRENCY_H
#define TOCSIN_CONCURRENCY_H

#include "index/writers.h"
#include "rules/finding.h"

struct profile_set;

/*
 * Doubt fd unless the evidence is whole.  The writer must be in code that
 * reaches the same object (`related`, writer_reaches()); the two sides must
 * not both be callbacks of one ops table, nor both run inside one call of one
 * function (one_activation()), nor both run only in one self-serialized
 * context, a work item, a tasklet, a NAPI poll, on an object its own
 * arguments lead to (one_serial_context(), for the access: op `aop` of
 * function `afunc`, where f or a callee of it reads); and no lock may be held on both
 * sides: a side whose callers are all known holds what its lockset says
 * (`held`, for the access in f), one called through a pointer or from
 * outside the tree may hold anything more; and an access that holds a
 * lock against a writer that holds none tocsin can see is only possible.
 * With `witness_unlocked` (a rule whose finding is the race itself, not a
 * check made without the lock), so is an access that holds none against a
 * writer that holds one; either side stands when a path from a thread's
 * start (or a callback its framework runs holding no lock) shows the
 * unlocked side runs with none held.
 * Also sets fd->evidence, which ranks findings of one severity and
 * confidence (a writer in the same file, callers known, a lockless writer).
 */
/*
 * A writer in a helper that holds none of the access's locks itself, whose
 * callers each hold one of them (a member lock of a type), not all the
 * same one, or run in the serial context the access runs only inside (op
 * `aop` of function `afunc`, one_serial_context()): is every path to it,
 * a few calls up, so kept apart from the access?  The intersection of its
 * callers' locks is empty there, and says nothing of each path.
 */
bool writer_paths_locked(const struct index *idx, uint32_t afunc, uint32_t aop,
			 const struct writer *wr, const struct ir_lockitem *held, uint32_t nheld);

/*
 * What concurrency_doubt() may take as evidence, besides the locksets
 * (`how`): DOUBT_WITNESS, a path from a thread's start that reaches a side
 * holding none of the other's locks shows a lock absent (true for the
 * rules that pass a bool true); DOUBT_SLOT_CALLERS, a side that an ops
 * table's member holds and whose calls through that member are all seen
 * (slot_known) has its callers known, as one called only directly does.
 */
#define DOUBT_WITNESS 0x1
#define DOUBT_SLOT_CALLERS 0x2

void concurrency_doubt(const struct index *idx, const struct ir_func *f, struct finding *fd,
		       uint32_t afunc, uint32_t aop, const struct writer *ev, bool related,
		       const struct ir_lockitem *held, uint32_t nheld, unsigned how);

/*
 * Does the writer run in the access's own context (op `aop` of function
 * `afunc`): inside one call of one function with it (one_activation()), or
 * only in one self-serialized context with it, on an object that
 * context's own argument leads to (one_serial_context())?  A rule picking
 * the writer to pair with prefers one for which this is false: another
 * thread's.
 */
bool same_context(const struct index *idx, uint32_t afunc, uint32_t aop, const struct writer *wr);

/*
 * Do the access (op `aop` of function `afunc`) and the writer run only in
 * one self-serialized context: on an object its argument leads to
 * (one_serial_context()), or both reached only from its entry, on objects
 * they were handed or found (a kthread started once, a work item: every
 * path a few calls up)?  A rule that weighs several writers against one
 * access asks it of each: one outside leaves the context out.
 */
bool one_context(const struct index *idx, uint32_t afunc, uint32_t aop, const struct writer *wr);

/*
 * Do two accesses touch objects that are different elements of arrays
 * that keep objects apart?  mlx4's TX path works on priv->tx_ring[TX][i]
 * and its XDP path on priv->tx_ring[TX_XDP][i]: a ring of one kind is
 * never one of the other; qdio's input path on irq->input_qs[nr] and its
 * output path on irq->output_qs[nr]: two arrays of one struct, each of its
 * own queues.  Only where each access's pointer is loaded, once, from
 * such an element.
 */
bool different_array_slots(const struct ir_func *f, const struct ir_op *a,
			   const struct ir_func *g, const struct ir_op *b);

/*
 * Is op `call` of g (any op) decided by a branch on dropping a reference
 * that v holds: a reference count's atomic decrement tested for zero
 * (atomic_dec_and_test(&v->users) on a profile's refcount-type), or a
 * profile's refcount-drop call on a member of v (refcount_dec_and_test,
 * kref_put)?  Past it, this thread held the last reference.
 */
bool after_last_put(const struct index *idx, const struct profile_set *prof, const struct ir_func *g,
		    uint32_t call, uint32_t v);

/*
 * Who changes the state when function `func` runs: the trigger of the
 * profile whose party-callback puts func (or every direct caller of it)
 * where the other party's requests run it (QEMU's MemoryRegionOps write:
 * "the guest (another vCPU)"), or NULL.
 */
const char *party_callback_trigger(const struct index *idx, const struct profile_set *prof,
				   uint32_t func);

/*
 * Is the writer's store ordered before the access by a count of pending
 * completions on their object?  The writer (op `wop` of function
 * `writer`, or each of its callers after the call) drops a counter of the
 * object it stores to, in order (atomic_dec_and_test(), a profile's
 * refcount-drop), on every path after the store; and every path to the
 * access's function (op `aop` of `afunc`), a few calls up, is a call on
 * the true arm of that counter's drop on the object: only the last
 * completion goes on to the code that reads.  The caller that makes such
 * a call (the first found), or IR_NONE.
 */
uint32_t after_last_completion(const struct index *idx, const struct profile_set *prof,
			       uint32_t afunc, uint32_t aop, uint32_t writer, uint32_t wop);

#endif
