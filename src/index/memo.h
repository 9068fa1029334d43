/*
 * The answers each worker thread remembers while the index is built and
 * the rules run: one context per thread (index_memo), every memo in it.
 * The analysis asks the same few thousand questions millions of times --
 * a type's struct, a key's parent, a call's definition, a field's writers
 * -- and each answer is string work, interning or a walk; a memo per
 * thread needs no lock.
 *
 * Each memo is a direct-mapped table: a slot holds the last question that
 * hashed to it, and a different question there is recomputed.  So a memo
 * is never wrong, only cold.  Pool workers are new threads in every
 * parallel phase, so every phase starts with a zeroed context.  Within a
 * thread, when is an answer stale?
 *
 *   memo            question -> answer                  stale when
 *   split_type      type text -> base type, levels      never (the text alone)
 *   key_parent      field key -> its parent key         never (the text alone)
 *   key_struct      field key -> its struct             never (the text alone)
 *   lifecycle       function name -> init/teardown?     never (the name alone)
 *   file_facts      file -> program, architecture, dir  never (dir: per root length)
 *   struct_of       type -> struct, through typedefs    another index (generation)
 *   lookup          name, calling file -> definition    another index (generation)
 *   chain_key       type, chain -> field key            another index (generation)
 *   key_type        field key -> the field's type       another index (generation)
 *   lock_of_object  struct pair -> one embeds the other another index (generation)
 *   reach           function, file -> a caller up to 3   another index (generation)
 *                   levels is in it / it calls into it
 *   frameworks      function -> ops structs calling it  another index (generation)
 *   writers         field key, asker -> its writers     another index (generation);
 *                                                       allocated on first use (large)
 *   writer          a write -> init path?, its locks    another index (generation);
 *                                                       allocated with writers
 *
 * "Another index" is the generation each index_build() draws; a slot
 * filled for an earlier index is recomputed.
 */
#ifndef TOCSIN_MEMO_H
#define TOCSIN_MEMO_H

#include "base/intern.h"

#include <stdbool.h>
#include <stdint.h>

#define LOOKUP_MEMO_BITS 12
#define CHAIN_MEMO_BITS 14
#define FILE_FACTS_BITS 12
#define LOCK_OBJECT_MEMO 1024
#define REACH_MEMO_BITS 14
#define FRAMEWORK_MEMO_BITS 12
#define KEY_TYPE_MEMO_BITS 14
#define FRAMEWORKS_MAX 8

struct struct_of_memo {
	uint64_t generation;
	sym_t type, out;
	int pointers;
};

struct lookup_memo {
	uint64_t generation;
	sym_t name, file;
	uint32_t id;
};

struct key_type_memo {
	uint64_t generation;
	sym_t key, type;
};

struct chain_memo {
	uint64_t generation;
	sym_t type, chain, key;
	bool var_base;
};

/*
 * What the rules ask of a file for every writer of every field they look
 * at: which program its code runs in (a separate one, or an
 * architecture) and its top directory (writers.c).
 */
struct file_facts {
	sym_t file;
	bool separate;
	uint64_t arch;		/* hash of "x86", 0 for code of every architecture */
	uint32_t dir_root;	/* root length + 1 that `dir` was taken below, 0: not yet */
	uint64_t dir;
};

struct lock_object_memo {
	uint64_t generation;
	sym_t ls, ks;
	bool yes;
};

/* called_from_file() (calls 0) and calls_into() (calls 1), writers.c */
struct reach_memo {
	uint64_t generation;
	uint32_t func;
	sym_t file;
	uint8_t calls;
	bool yes;
};

/* frameworks_of(), writers.c */
struct framework_memo {
	uint64_t generation;
	uint32_t func, n;
	sym_t v[FRAMEWORKS_MAX];
};

struct writers_memo;	/* writers.c */
struct writer_memo;	/* writers.c */

struct index_memo {
	struct sym_memo split_type[SYM_MEMO_SLOTS];
	struct sym_memo key_parent[SYM_MEMO_SLOTS];
	struct sym_memo key_struct[SYM_MEMO_SLOTS];
	struct sym_memo lifecycle[SYM_MEMO_SLOTS];
	struct file_facts file_facts[1u << FILE_FACTS_BITS];
	struct struct_of_memo struct_of[SYM_MEMO_SLOTS];
	struct lookup_memo lookup[1u << LOOKUP_MEMO_BITS];
	struct chain_memo chain_key[1u << CHAIN_MEMO_BITS];
	struct key_type_memo key_type[1u << KEY_TYPE_MEMO_BITS];
	struct lock_object_memo lock_of_object[LOCK_OBJECT_MEMO];
	struct reach_memo reach[1u << REACH_MEMO_BITS];
	struct framework_memo frameworks[1u << FRAMEWORK_MEMO_BITS];
	struct writers_memo *writers;
	struct writer_memo *writer;
};

/* This thread's. */
extern __thread struct index_memo index_memo;

#endif
