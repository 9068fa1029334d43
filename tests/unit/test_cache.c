/* The incremental cache: what comes back is what went in, or nothing. */
#define _XOPEN_SOURCE 700
#include "helpers.h"
#include "profile/idioms.h"
#include "input/cache.h"

#include <dirent.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char cache_dir[] = "/tmp/tocsin-test-cache-XXXXXX";

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path);
}

static int setup(void **state)
{
	return mkdtemp(cache_dir) ? 0 : -1;
}

static int teardown(void **state)
{
	return nftw(cache_dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* An empty cache directory, for tests that look at its files. */
static void empty_cache_dir(void)
{
	assert_int_equal(teardown(NULL), 0);
	assert_int_equal(mkdir(cache_dir, 0700), 0);
}

/* Equal byte for byte, pointers aside: ids are the same within one process. */
static bool units_equal(const struct unit *a, const struct unit *b)
{
	if (a->path != b->path || a->nfuncs != b->nfuncs || a->nstructs != b->nstructs ||
	    a->nglobals != b->nglobals || a->ntypedefs != b->ntypedefs ||
	    a->nexported != b->nexported || a->nreferenced != b->nreferenced ||
	    a->nmacros != b->nmacros ||
	    a->nfuncs_partial != b->nfuncs_partial || a->bytes != b->bytes ||
	    a->tree_has_error != b->tree_has_error ||
	    memcmp(a->npartial, b->npartial, sizeof(a->npartial)))
		return false;
	for (uint32_t k = 0; k < a->nfuncs; k++) {
		struct ir_func fa = a->funcs[k], fb = b->funcs[k];

#define SAME(field, count)						\
		if (fa.count != fb.count ||				\
		    (fa.count && memcmp(fa.field, fb.field, sizeof(*fa.field) * fa.count))) \
			return false;					\
		fa.field = fb.field = NULL;
		IR_FUNC_ARRAYS(SAME)
#undef SAME
		if (memcmp(&fa, &fb, sizeof(fa)))
			return false;
	}
	for (uint32_t k = 0; k < a->nstructs; k++)
		if (a->structs[k].name != b->structs[k].name ||
		    a->structs[k].nfields != b->structs[k].nfields ||
		    (a->structs[k].nfields &&
		     memcmp(a->structs[k].fields, b->structs[k].fields,
			    sizeof(struct field_decl) * a->structs[k].nfields)))
			return false;
	return (!a->nglobals || !memcmp(a->globals, b->globals, sizeof(*a->globals) * a->nglobals)) &&
	       (!a->ntypedefs || !memcmp(a->typedefs, b->typedefs, sizeof(*a->typedefs) * a->ntypedefs)) &&
	       (!a->nexported || !memcmp(a->exported, b->exported, sizeof(sym_t) * a->nexported)) &&
	       (!a->nreferenced || !memcmp(a->referenced, b->referenced, sizeof(sym_t) * a->nreferenced)) &&
	       (!a->nmacros || !memcmp(a->macros, b->macros, sizeof(*a->macros) * a->nmacros));
}

static struct cache test_cache(void)
{
	struct cache c;
	char err[256];

	assert_true(cache_open(&c, cache_dir, err, sizeof(err)));
	return c;
}

static unsigned round_trips;

/*
 * Same strings, other ids: interning filler first shifts every id the
 * file's own strings get, as in a later run that interns in another order.
 */
static void shift_ids(void)
{
	char buf[64];

	for (unsigned i = 0; i < 997; i++) {
		snprintf(buf, sizeof(buf), "filler %u of process %ld", i, (long)getpid());
		intern(buf);
	}
}

static int in_child(int (*fn)(const char *), const char *path)
{
	pid_t pid = fork();
	int status;

	if (pid == 0)
		_exit(fn(path));
	assert_true(pid > 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static int store_cold(const char *path)
{
	struct cache c = test_cache();
	struct file_result r;

	shift_ids();
	frontend_file(path, UINT64_MAX, false, &c, NULL, &r);
	return r.status != SOURCE_OK ? 2 : r.cached ? 3 : 0;
}

/*
 * 0 when the cached unit equals a fresh lowering and takes no more memory
 * (a load copies into one block of the compacted size); no cmocka in a child
 */
static int compare_warm(const char *path)
{
	struct cache c = test_cache();
	struct file_result warm, fresh;

	frontend_file(path, UINT64_MAX, false, &c, NULL, &warm);
	if (!warm.cached)
		return 4;
	frontend_file(path, UINT64_MAX, false, NULL, NULL, &fresh);
	if (!units_equal(&fresh.unit, &warm.unit))
		return 5;
	return arena_reserved(&warm.unit.arena) == arena_reserved(&fresh.unit.arena) ? 0 : 6;
}

static int round_trip(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	if (flag != FTW_F || !(str_ends(path, ".c") || str_ends(path, ".h")))
		return 0;
	if (in_child(store_cold, path) == 2)
		return 0;	/* a fixture of unreadable input */
	if (in_child(store_cold, path) != 3)
		fail_msg("%s: the second run did not hit the cache", path);
	switch (in_child(compare_warm, path)) {
	case 0:
		break;
	case 6:
		fail_msg("%s: the unit read back takes more memory than a fresh lowering", path);
		break;
	default:
		fail_msg("%s: the unit read back differs from a fresh lowering", path);
	}
	round_trips++;
	return 0;
}

/*
 * Every fixture and example, whatever IR it lowers to, comes back the
 * same in another process, where each string has another id.
 */
static void test_round_trip_of_every_fixture(void **state)
{
	round_trips = 0;
	assert_int_equal(nftw("tests/fixtures", round_trip, 16, FTW_PHYS), 0);
	assert_int_equal(nftw("examples", round_trip, 16, FTW_PHYS), 0);
	assert_true(round_trips >= 40);
}

static const char *code =
	"struct s { int a; long b; };\n"
	"static int g;\n"
	"int f(struct s __user *p) { int x; get_user(x, &p->a); return x + g; }\n";

/* The single entry file the cache holds for one path. */
static char *only_entry(void)
{
	char *found = NULL;
	DIR *d = opendir(cache_dir);
	struct dirent *e;

	assert_non_null(d);
	while ((e = readdir(d)))
		if (e->d_name[0] != '.') {
			char *sub = xasprintf("%s/%s", cache_dir, e->d_name);
			DIR *sd = opendir(sub);
			struct dirent *f;

			while (sd && (f = readdir(sd)))
				if (f->d_name[0] != '.') {
					assert_null(found);
					found = xasprintf("%s/%s", sub, f->d_name);
				}
			if (sd)
				closedir(sd);
			free(sub);
		}
	closedir(d);
	assert_non_null(found);
	return found;
}

static void store_snippet(struct cache *c, struct unit *u, uint64_t *hash)
{
	frontend_buffer("snippet.c", code, strlen(code), u);
	*hash = cache_content_hash(code, strlen(code));
	cache_store(c, "snippet.c", *hash, strlen(code), u);
}

static void test_stale_entries_are_misses(void **state)
{
	struct cache c;
	struct unit u, back;
	uint64_t h;

	empty_cache_dir();
	c = test_cache();
	store_snippet(&c, &u, &h);
	assert_true(cache_load(&c, "snippet.c", h, strlen(code), &back));
	assert_true(units_equal(&u, &back));
	unit_free(&back);
	/* other bytes, another length, another path, another build */
	assert_false(cache_load(&c, "snippet.c", h ^ 1, strlen(code), &back));
	assert_false(cache_load(&c, "snippet.c", h, strlen(code) + 1, &back));
	assert_false(cache_load(&c, "other.c", h, strlen(code), &back));
	c.salt ^= 1;
	assert_false(cache_load(&c, "snippet.c", h, strlen(code), &back));
	unit_free(&u);
	cache_close(&c);
}

static void rewrite(const char *path, long at, int byte, long truncate_to)
{
	FILE *f = fopen(path, "r+b");

	assert_non_null(f);
	if (at >= 0) {
		assert_int_equal(fseek(f, at, SEEK_SET), 0);
		fputc(byte, f);
	}
	fclose(f);
	if (truncate_to >= 0)
		assert_int_equal(truncate(path, truncate_to), 0);
}

/* Each kind of damage is caught by the checks, never read as IR. */
static void test_corrupt_entries_are_misses(void **state)
{
	struct cache c;
	struct unit u, back;
	uint64_t h;
	struct stat st;
	char *entry;
	long size;

	empty_cache_dir();
	c = test_cache();
	store_snippet(&c, &u, &h);
	entry = only_entry();
	assert_int_equal(stat(entry, &st), 0);
	size = (long)st.st_size;
	for (long at = 0; at < size; at += size / 37 + 1) {
		FILE *f = fopen(entry, "rb");
		int old;

		assert_int_equal(fseek(f, at, SEEK_SET), 0);
		old = fgetc(f);
		fclose(f);
		rewrite(entry, at, old ^ 0x5a, -1);
		assert_false(cache_load(&c, "snippet.c", h, strlen(code), &back));
		rewrite(entry, at, old, -1);
	}
	/* put back as it was, it is read again */
	assert_true(cache_load(&c, "snippet.c", h, strlen(code), &back));
	unit_free(&back);
	rewrite(entry, -1, 0, size - 3);
	assert_false(cache_load(&c, "snippet.c", h, strlen(code), &back));
	rewrite(entry, -1, 0, 0);
	assert_false(cache_load(&c, "snippet.c", h, strlen(code), &back));
	/* a rebuilt entry replaces the damaged one */
	cache_store(&c, "snippet.c", h, strlen(code), &u);
	assert_true(cache_load(&c, "snippet.c", h, strlen(code), &back));
	assert_true(units_equal(&u, &back));
	unit_free(&back);
	unit_free(&u);
	free(entry);
	cache_close(&c);
}

static void test_content_hash_sees_every_byte(void **state)
{
	char buf[100];
	uint64_t base;

	memset(buf, 'a', sizeof(buf));
	base = cache_content_hash(buf, sizeof(buf));
	for (size_t i = 0; i < sizeof(buf); i++) {
		buf[i] = 'b';
		assert_true(cache_content_hash(buf, sizeof(buf)) != base);
		buf[i] = 'a';
	}
	assert_true(cache_content_hash(buf, sizeof(buf) - 1) != base);
}

/* An entry lowered with other idioms declared is another build's entry. */
static void test_declared_idioms_change_the_salt(void **state)
{
	struct cache plain, declared, other;
	char err[256];
	struct idiom lock = { .kind = ID_LOCK, .loc = 1, .loc_is_ptr = true, .val = -1 };

	assert_true(idioms_install(NULL, 0, err, sizeof(err)));
	plain = test_cache();
	assert_true(idioms_install(&(struct idiom_decl){ "pcpu_lock", false, lock }, 1, err,
				   sizeof(err)));
	declared = test_cache();
	lock.loc = 0;
	assert_true(idioms_install(&(struct idiom_decl){ "pcpu_lock", false, lock }, 1, err,
				   sizeof(err)));
	other = test_cache();
	assert_true(plain.salt != declared.salt);
	assert_true(declared.salt != other.salt);
	assert_true(idioms_install(NULL, 0, err, sizeof(err)));
	cache_close(&plain);
	cache_close(&declared);
	cache_close(&other);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip_of_every_fixture),
		cmocka_unit_test(test_stale_entries_are_misses),
		cmocka_unit_test(test_corrupt_entries_are_misses),
		cmocka_unit_test(test_content_hash_sees_every_byte),
		cmocka_unit_test(test_declared_idioms_change_the_salt),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
