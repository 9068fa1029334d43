/* A fixed pool of worker threads pulling item indexes from a counter. */
#ifndef TOCSIN_POOL_H
#define TOCSIN_POOL_H

#include <stdint.h>

typedef void (*pool_fn)(void *ctx, uint32_t item, unsigned worker);

/* Run fn on items 0..n-1 with `jobs` threads; returns when all are done. */
void pool_run(unsigned jobs, uint32_t n, pool_fn fn, void *ctx);

/*
 * Items 0..n-1 (a tree's functions) a block of POOL_BLOCK at a time on
 * every worker: fn(ctx, b, start, end) for block b, items [start, end).
 * pool_nblocks(n) blocks, for a caller that keeps an output per block.
 */
#define POOL_BLOCK 2048
typedef void (*pool_block_fn)(void *ctx, uint32_t b, uint32_t start, uint32_t end);

void pool_run_blocks(unsigned jobs, uint32_t n, pool_block_fn fn, void *ctx);
uint32_t pool_nblocks(uint32_t n);
/* Items finished so far in the current run (for a progress line). */
uint32_t pool_done(void);
/*
 * Call fn on every worker thread as it ends, in later runs too: how a user
 * of the pool frees what it keeps per thread.  Registering twice is once.
 */
void pool_on_worker_exit(void (*fn)(void));
unsigned online_cpus(void);

#endif
