#include "base/pool.h"
#include "base/arena.h"
#include "base/util.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <time.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

struct pool {
	pool_fn fn;
	void *ctx;
	uint32_t n;
	atomic_uint next;
	atomic_uint done;
	bool timed;	/* TOCSIN_PHASES, read once per run before the workers start */
};

static struct pool *current;

/*
 * What a stage above wants done on each worker before it ends: free the
 * per-thread state it made there (a parser).  Registered by that stage,
 * so the pool knows nothing of who uses it.
 */
#define EXIT_HOOKS 4
static void (*exit_hooks[EXIT_HOOKS])(void);
static unsigned nexit_hooks;
static pthread_mutex_t exit_hooks_lock = PTHREAD_MUTEX_INITIALIZER;

void pool_on_worker_exit(void (*fn)(void))
{
	pthread_mutex_lock(&exit_hooks_lock);
	for (unsigned i = 0; i < nexit_hooks; i++)
		if (exit_hooks[i] == fn)
			goto out;
	if (nexit_hooks == EXIT_HOOKS)
		fatal("too many worker exit hooks (at most %u)", EXIT_HOOKS);
	exit_hooks[nexit_hooks++] = fn;
out:
	pthread_mutex_unlock(&exit_hooks_lock);
}

static void run_exit_hooks(void)
{
	unsigned n;

	pthread_mutex_lock(&exit_hooks_lock);
	n = nexit_hooks;
	pthread_mutex_unlock(&exit_hooks_lock);
	for (unsigned i = 0; i < n; i++)
		exit_hooks[i]();
}

struct worker {
	struct pool *p;
	unsigned id;
	/* with TOCSIN_PHASES: the thread's CPU, its slowest item and how long it took */
	double cpu, slowest;
	uint32_t slowest_item, items;
};

/* the calling thread's CPU time (wall time is now_seconds()) */
static double thread_cpu_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct pool *p = w->p;
	bool timed = p->timed;
	double cpu0 = timed ? thread_cpu_seconds() : 0;

	for (;;) {
		uint32_t i = atomic_fetch_add(&p->next, 1);
		double t0 = timed ? now_seconds() : 0;

		if (i >= p->n)
			break;
		p->fn(p->ctx, i, w->id);
		atomic_fetch_add(&p->done, 1);
		if (timed) {
			double t = now_seconds() - t0;

			w->items++;
			if (t > w->slowest) {
				w->slowest = t;
				w->slowest_item = i;
			}
		}
	}
	if (timed)
		w->cpu = thread_cpu_seconds() - cpu0;
	run_exit_hooks();
	arena_thread_exit();
	return NULL;
}

void pool_run(unsigned jobs, uint32_t n, pool_fn fn, void *ctx)
{
	struct pool p = { .fn = fn, .ctx = ctx, .n = n, .timed = phases_enabled() };
	pthread_t *th;
	struct worker *w;
	pthread_attr_t attr;

	if (jobs < 1)
		jobs = 1;
	if (jobs > n)
		jobs = n ? n : 1;
	atomic_init(&p.next, 0);
	atomic_init(&p.done, 0);
	current = &p;
	th = xcalloc(jobs, sizeof(*th));
	w = xcalloc(jobs, sizeof(*w));
	pthread_attr_init(&attr);
	/* the lowering recurses up to its depth bound; give it room */
	pthread_attr_setstacksize(&attr, 16u << 20);
	for (unsigned i = 0; i < jobs; i++) {
		w[i].p = &p;
		w[i].id = i;
		if (pthread_create(&th[i], &attr, worker_main, &w[i]) != 0)
			fatal("cannot start worker thread %u", i);
	}
	for (unsigned i = 0; i < jobs; i++)
		pthread_join(th[i], NULL);
	if (p.timed) {
		double total = 0;

		for (unsigned i = 0; i < jobs; i++)
			total += w[i].cpu;
		/* how evenly the workers shared the work: a phase's wall time hides it */
		for (unsigned i = 0; total > 0.3 && i < jobs; i++)
			fprintf(stderr, "pool %p: worker %u cpu %.2f s, %u items, slowest %.3f s (item %u)\n",
				(void *)fn, i, w[i].cpu, w[i].items, w[i].slowest, w[i].slowest_item);
	}
	pthread_attr_destroy(&attr);
	current = NULL;
	free(th);
	free(w);
}

struct block_run {
	pool_block_fn fn;
	void *ctx;
	uint32_t n;
};

static void run_block(void *ctx, uint32_t b, unsigned worker)
{
	const struct block_run *r = ctx;
	uint32_t end = (b + 1) * POOL_BLOCK < r->n ? (b + 1) * POOL_BLOCK : r->n;

	(void)worker;
	r->fn(r->ctx, b, b * POOL_BLOCK, end);
}

uint32_t pool_nblocks(uint32_t n)
{
	return (n + POOL_BLOCK - 1) / POOL_BLOCK;
}

void pool_run_blocks(unsigned jobs, uint32_t n, pool_block_fn fn, void *ctx)
{
	struct block_run r = { fn, ctx, n };

	pool_run(jobs, pool_nblocks(n), run_block, &r);
}

uint32_t pool_done(void)
{
	struct pool *p = current;

	return p ? atomic_load(&p->done) : 0;
}

unsigned online_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n > 0 ? (unsigned)n : 1;
}
