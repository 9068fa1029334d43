#include "base/intern.h"
#include "base/util.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/*
 * Sharded by hash so that parser threads rarely contend.  An id is
 * (shard << SHARD_SHIFT) | index; the index table is two-level with chunks
 * that never move, so a reader never races a writer's realloc.
 */
#define NSHARDS 32
#define SHARD_SHIFT 27
#define CHUNK_BITS 16
#define CHUNK (1u << CHUNK_BITS)
#define NCHUNKS ((1u << SHARD_SHIFT) / CHUNK)
#define POOL_BLOCK (256 * 1024)

struct slot {
	uint32_t hash;
	uint32_t id;
};

struct shard {
	pthread_mutex_t lock;
	struct slot *slots;
	uint32_t nslots, count;
	const char **chunks[NCHUNKS];
	char *pool;
	size_t pool_left;
	size_t bytes;
};

static struct shard shards[NSHARDS];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void init_shards(void)
{
	for (int i = 0; i < NSHARDS; i++) {
		pthread_mutex_init(&shards[i].lock, NULL);
		shards[i].nslots = 1024;
		shards[i].slots = xcalloc(shards[i].nslots, sizeof(struct slot));
	}
	/* id 0 is "" in shard 0 */
	shards[0].chunks[0] = xcalloc(CHUNK, sizeof(char *));
	shards[0].chunks[0][0] = "";
	shards[0].count = 1;
}

static const char *shard_str(struct shard *sh, uint32_t idx)
{
	return sh->chunks[idx >> CHUNK_BITS][idx & (CHUNK - 1)];
}

const char *sym_str(sym_t id)
{
	if (!id)
		return "";
	return shard_str(&shards[id >> SHARD_SHIFT], id & ((1u << SHARD_SHIFT) - 1));
}

static char *pool_copy(struct shard *sh, const char *s, size_t n)
{
	char *d;

	if (n + 1 > sh->pool_left) {
		size_t sz = n + 1 > POOL_BLOCK ? n + 1 : POOL_BLOCK;

		sh->pool = xmalloc(sz);
		sh->pool_left = sz;
		sh->bytes += sz;
	}
	d = sh->pool;
	memcpy(d, s, n);
	d[n] = '\0';
	sh->pool += n + 1;
	sh->pool_left -= n + 1;
	return d;
}

static void rehash(struct shard *sh)
{
	uint32_t n = sh->nslots * 2;
	struct slot *s = xcalloc(n, sizeof(*s));

	for (uint32_t i = 0; i < sh->nslots; i++) {
		struct slot o = sh->slots[i];
		uint32_t j;

		if (!o.id)
			continue;
		for (j = o.hash & (n - 1); s[j].id; j = (j + 1) & (n - 1))
			;
		s[j] = o;
	}
	free(sh->slots);
	sh->slots = s;
	sh->nslots = n;
}

/*
 * Eight bytes at a time: the strings are short and asked for all the
 * time, by the lowering and by every rule, and a byte-at-a-time hash was
 * a visible part of the whole run.
 */
static uint64_t string_hash(const char *s, size_t n)
{
	uint64_t x = 0x9e3779b97f4a7c15ull ^ n, w;
	size_t k = 0;

	for (; k + 8 <= n; k += 8) {
		memcpy(&w, s + k, 8);
		x = (x ^ w) * 0xbf58476d1ce4e5b9ull;
		x ^= x >> 31;
	}
	for (w = 0; k < n; k++)
		w = w << 8 | (unsigned char)s[k];
	x = (x ^ w) * 0x94d049bb133111ebull;
	return x ^ x >> 29;
}

/*
 * Before the shared table, a small cache per thread: the same names, types
 * and field keys come back all the time, and the table costs a lock (which
 * the other workers take as well), a probe and a string compare each time.
 * A slot remembers a string by its id, whose text never changes.
 */
#define THREAD_CACHE 8192	/* a power of two */

struct cached {
	uint32_t hash;
	uint32_t len;
	sym_t sym;
};

static __thread struct cached thread_cache[THREAD_CACHE];

/* The id of s in its shard, inserted if asked; the caller holds the lock. */
static sym_t probe(struct shard *sh, uint32_t shard_no, const char *s, size_t n, uint32_t h,
		   bool insert)
{
	uint32_t j;

	for (j = h & (sh->nslots - 1); sh->slots[j].id; j = (j + 1) & (sh->nslots - 1)) {
		if (sh->slots[j].hash == h) {
			const char *t = sym_str(sh->slots[j].id);

			if (strncmp(t, s, n) == 0 && t[n] == '\0')
				return sh->slots[j].id;
		}
	}
	if (insert) {
		uint32_t idx = sh->count;
		sym_t found;

		if (idx >= (1u << SHARD_SHIFT)) {
			pthread_mutex_unlock(&sh->lock);
			fatal("too many distinct names (string table full)");
		}
		if (!sh->chunks[idx >> CHUNK_BITS]) {
			sh->chunks[idx >> CHUNK_BITS] = xcalloc(CHUNK, sizeof(char *));
			sh->bytes += CHUNK * sizeof(char *);
		}
		sh->chunks[idx >> CHUNK_BITS][idx & (CHUNK - 1)] = pool_copy(sh, s, n);
		sh->count++;
		found = (shard_no << SHARD_SHIFT) | idx;
		sh->slots[j].hash = h;
		sh->slots[j].id = found;
		if (sh->count * 2 > sh->nslots)
			rehash(sh);
		return found;
	}
	return 0;
}

static struct cached *cache_slot(uint64_t h64)
{
	return &thread_cache[(h64 >> 32) & (THREAD_CACHE - 1)];
}

static uint32_t shard_of(uint64_t h64)
{
	return (uint32_t)(h64 >> 59) % NSHARDS;
}

/* The thread cache's id for s, or 0: a slot is trusted only with its hash, length and text. */
static sym_t cached_sym(uint64_t h64, const char *s, size_t n)
{
	const struct cached *c = cache_slot(h64);

	if (c->sym && c->hash == (uint32_t)h64 && c->len == n && !memcmp(sym_str(c->sym), s, n))
		return c->sym;
	return 0;
}

static void remember(struct cached *c, uint64_t h64, size_t n, sym_t found)
{
	if (found && n <= UINT32_MAX) {
		c->hash = (uint32_t)h64;
		c->len = (uint32_t)n;
		c->sym = found;
	}
}

static sym_t lookup(const char *s, size_t n, bool insert)
{
	uint64_t h64;
	uint32_t shard_no;
	struct shard *sh;
	sym_t found;

	if (n == 0)
		return 0;
	h64 = string_hash(s, n);
	found = cached_sym(h64, s, n);
	if (found)
		return found;
	pthread_once(&once, init_shards);
	shard_no = shard_of(h64);
	sh = &shards[shard_no];
	pthread_mutex_lock(&sh->lock);
	found = probe(sh, shard_no, s, n, (uint32_t)h64, insert);
	pthread_mutex_unlock(&sh->lock);
	remember(cache_slot(h64), h64, n, found);
	return found;
}

/* How far ahead the batch prefetches a string's first slot. */
#define PREFETCH_AHEAD 8

void intern_many(const char *const *s, const uint32_t *len, uint32_t n, sym_t *out)
{
	uint64_t *h = xmalloc(sizeof(*h) * (n + 1));
	uint32_t *order = xmalloc(sizeof(*order) * (n + 1));
	uint32_t start[NSHARDS + 1] = {0}, at[NSHARDS];

	pthread_once(&once, init_shards);
	for (uint32_t i = 0; i < n; i++) {
		out[i] = 0;
		if (!len[i])
			continue;
		h[i] = string_hash(s[i], len[i]);
		out[i] = cached_sym(h[i], s[i], len[i]);
		if (!out[i])
			start[shard_of(h[i]) + 1]++;
	}
	for (uint32_t k = 0; k < NSHARDS; k++) {
		start[k + 1] += start[k];
		at[k] = start[k];
	}
	for (uint32_t i = 0; i < n; i++)
		if (len[i] && !out[i])
			order[at[shard_of(h[i])]++] = i;
	for (uint32_t k = 0; k < NSHARDS; k++) {
		struct shard *sh = &shards[k];

		if (start[k] == start[k + 1])
			continue;
		pthread_mutex_lock(&sh->lock);
		for (uint32_t m = start[k]; m < start[k + 1]; m++) {
			uint32_t i = order[m];

			if (m + PREFETCH_AHEAD < start[k + 1])
				__builtin_prefetch(&sh->slots[(uint32_t)h[order[m + PREFETCH_AHEAD]] &
							      (sh->nslots - 1)]);
			out[i] = probe(sh, k, s[i], len[i], (uint32_t)h[i], true);
		}
		pthread_mutex_unlock(&sh->lock);
	}
	for (uint32_t m = 0; m < start[NSHARDS]; m++)
		remember(cache_slot(h[order[m]]), h[order[m]], len[order[m]], out[order[m]]);
	free(h);
	free(order);
}

sym_t intern_n(const char *s, size_t n)
{
	return lookup(s, n, true);
}

sym_t intern(const char *s)
{
	return lookup(s, strlen(s), true);
}

sym_t intern_find(const char *s, size_t n)
{
	return lookup(s, n, false);
}

size_t intern_bytes(void)
{
	size_t total = 0;

	for (int i = 0; i < NSHARDS; i++)
		total += shards[i].bytes + shards[i].nslots * sizeof(struct slot);
	return total;
}
