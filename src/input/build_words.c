#include "input/build_words.h"
#include "base/util.h"
#include "ir/unit.h"

#include <ctype.h>
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* Build descriptions by name: make, Kbuild, meson, CMake, autoconf, EDK2. */
static bool build_file(const char *name)
{
	static const char *const starts[] = { "Makefile", "makefile", "GNUmakefile", "Kbuild",
					      "meson.build", "meson_options.txt", "meson.options",
					      "CMakeLists.txt", "configure" };
	static const char *const ends[] = { ".mk", ".mak", ".make", ".cmake", ".dsc", ".inf",
					    ".dec", ".fdf", ".dsc.inc", ".ac", ".am", ".h.in" };
	size_t n = strlen(name);

	for (size_t i = 0; i < ARRAY_SIZE(starts); i++)
		if (str_starts(name, starts[i]))
			return true;
	for (size_t i = 0; i < ARRAY_SIZE(ends); i++) {
		size_t e = strlen(ends[i]);

		if (n > e && !strcasecmp(name + n - e, ends[i]))
			return true;
	}
	return false;
}

/*
 * A test harness's directory: what its build files pass builds the
 * harness (a user-space copy of the code with its debug switches on),
 * not the tree.
 */
static bool test_dir(const char *name)
{
	static const char *const dirs[] = { "test", "tests", "testing", "selftests", "kunit" };

	for (size_t i = 0; i < ARRAY_SIZE(dirs); i++)
		if (!strcmp(name, dirs[i]))
			return true;
	return false;
}

static bool ident_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

static void add_word(struct build_words *w, const char *s, size_t n)
{
	size_t u;
	bool upper = true;

	symmap_put(&w->words, build_word_key(macro_name_hash(s, n)), 1);
	for (u = 0; u < n && upper; u++)
		upper = !islower((unsigned char)s[u]);
	u = strcspn(s, "_");
	/* a family: two characters or more before the first _, more after it */
	if (upper && u >= 2 && u + 1 < n)
		symmap_put(&w->families, build_word_key(macro_name_hash(s, u + 1)), 1);
}

static void read_words(struct build_words *w, const char *path)
{
	FILE *fp = fopen(path, "r");
	char buf[1 << 16];
	size_t keep = 0, got;

	if (!fp)
		return;
	w->files++;
	/* by blocks, an identifier cut at a block's end carried to the next */
	while ((got = fread(buf + keep, 1, sizeof(buf) - keep, fp)) > 0 || keep) {
		size_t len = keep + got, i = 0, last = len;

		if (got && len == sizeof(buf))
			while (last > 0 && ident_char(buf[last - 1]))
				last--;
		if (!last)
			last = len;	/* one identifier the whole block long: cut it */
		while (i < last) {
			size_t s = i;

			if (!ident_char(buf[i])) {
				i++;
				continue;
			}
			while (i < last && ident_char(buf[i]))
				i++;
			if (isdigit((unsigned char)buf[s]))
				continue;
			add_word(w, buf + s, i - s);
			/* -DNAME, /DNAME: NAME */
			if (s > 0 && (buf[s - 1] == '-' || buf[s - 1] == '/') && buf[s] == 'D' &&
			    i - s > 1 && !isdigit((unsigned char)buf[s + 1]))
				add_word(w, buf + s + 1, i - s - 1);
		}
		keep = len - last;
		memmove(buf, buf + last, keep);
		if (!got)
			break;
	}
	fclose(fp);
}

/* Does the scan lie inside path (so that its tests are what is built)? */
static bool holds_scan(const char *path, const char *scan)
{
	size_t n = strlen(path);

	return scan && !strncmp(scan, path, n) && (scan[n] == '/' || !scan[n]);
}

static void walk(struct build_words *w, const char *dir, int depth, const char *scan)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d)) != NULL) {
		char path[PATH_MAX];
		bool is_dir = e->d_type == DT_DIR, is_reg = e->d_type == DT_REG;

		if (e->d_name[0] == '.' ||
		    snprintf(path, sizeof(path), "%s/%s", dir, e->d_name) >= (int)sizeof(path))
			continue;
		if (e->d_type == DT_UNKNOWN) {
			struct stat st;

			if (lstat(path, &st))
				continue;
			is_dir = S_ISDIR(st.st_mode);
			is_reg = S_ISREG(st.st_mode);
		}
		if (is_dir && depth < 64 && (!test_dir(e->d_name) || holds_scan(path, scan)))
			walk(w, path, depth + 1, scan);
		else if (is_reg && build_file(e->d_name))
			read_words(w, path);
	}
	closedir(d);
}

void build_words_read(struct build_words *w, const char *root, const char *scanned)
{
	char real[PATH_MAX];
	const char *scan = scanned && realpath(scanned, real) ? real : NULL;

	memset(w, 0, sizeof(*w));
	if (root && *root)
		walk(w, root, 0, scan);
}

bool build_words_name(const struct build_words *w, const char *name, size_t n)
{
	size_t u = strcspn(name, "_");

	if (symmap_get(&w->words, build_word_key(macro_name_hash(name, n)), 0))
		return true;
	return u >= 2 && u + 1 < n &&
	       symmap_get(&w->families, build_word_key(macro_name_hash(name, u + 1)), 0);
}

void build_words_free(struct build_words *w)
{
	symmap_free(&w->words);
	symmap_free(&w->families);
	memset(w, 0, sizeof(*w));
}
