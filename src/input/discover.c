#include "input/discover.h"
#include "base/util.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *skip_reason_name(enum skip_reason r)
{
	static const char *const names[] = {
		[SKIP_EXCLUDED] = "excluded", [SKIP_TOO_BIG] = "over the size limit",
		[SKIP_BINARY] = "binary", [SKIP_UNREADABLE] = "unreadable",
		[SKIP_SYMLINK_OUT] = "symlink out of the tree",
		[SKIP_SYMLINK_DIR] = "symlink to a directory",
		[SKIP_SPECIAL] = "not a regular file",
	};

	return r < SKIP_REASONS ? names[r] : "?";
}

static void add(struct file_list *l, const char *p)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 256;
		l->paths = xrealloc(l->paths, l->cap * sizeof(*l->paths));
	}
	l->paths[l->n++] = xstrdup(p);
}

/* Every file left out says so on stderr, with the reason, and is counted. */
static void skip(const struct discover_opts *o, struct file_list *l, enum skip_reason r,
		 const char *path, const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void skip(const struct discover_opts *o, struct file_list *l, enum skip_reason r,
		 const char *path, const char *fmt, ...)
{
	char why[PATH_MAX + 128];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	l->skipped[r]++;
	if (!o->quiet)
		warnx_("%s: skipped: %s", path, why);
}

static bool add_regular(struct file_list *l, const char *p, const struct stat *st,
			const struct discover_opts *o)
{
	if (!S_ISREG(st->st_mode)) {
		skip(o, l, SKIP_SPECIAL, p, "not a regular file");
		return false;
	}
	if ((uint64_t)st->st_size > o->max_size) {
		skip(o, l, SKIP_TOO_BIG, p, "%lld bytes, over the size limit of %llu (--max-file-size)",
		     (long long)st->st_size, (unsigned long long)o->max_size);
		return false;
	}
	add(l, p);
	l->bytes += (uint64_t)st->st_size;
	return true;
}

static bool wanted_name(const char *name)
{
	return str_ends(name, ".c") || str_ends(name, ".h");
}

/* GLOB matches the path relative to the root, or the base name. */
bool path_excluded(const char *rel, const struct discover_opts *o)
{
	const char *base = strrchr(rel, '/');

	base = base ? base + 1 : rel;
	for (uint32_t i = 0; i < o->nexcludes; i++) {
		const char *g = o->excludes[i];

		if (!fnmatch(g, rel, 0) || !fnmatch(g, base, 0))
			return true;
		/* "dir/" or "dir" excludes what is under it */
		{
			size_t n = strlen(g);

			while (n > 0 && g[n - 1] == '/')
				n--;
			if (n && !strncmp(rel, g, n) && rel[n] == '/')
				return true;
		}
	}
	return false;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool inside(const char *real, const char *root_real)
{
	size_t n = strlen(root_real);

	return !strncmp(real, root_real, n) && (real[n] == '/' || real[n] == '\0' ||
						 (n == 1 && root_real[0] == '/'));
}

static void walk(const char *root, const struct discover_opts *o, struct file_list *out)
{
	char root_real[PATH_MAX];
	VEC(char *) stack = {0}, subdirs = {0};
	size_t rootlen = strlen(root);

	if (!realpath(root, root_real))
		snprintf(root_real, sizeof(root_real), "%s", root);
	vec_push(&stack, xstrdup(root));
	while (stack.n) {
		char *dir = stack.v[--stack.n];
		DIR *d = opendir(dir);
		struct dirent *e;
		VEC(char *) names = {0};

		if (!d) {
			skip(o, out, SKIP_UNREADABLE, dir, "cannot read directory: %s", strerror(errno));
			free(dir);
			continue;
		}
		while ((e = readdir(d)) != NULL) {
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
			    !strcmp(e->d_name, ".git") || !strcmp(e->d_name, ".hg") ||
			    !strcmp(e->d_name, ".svn"))
				continue;
			vec_push(&names, xstrdup(e->d_name));
		}
		closedir(d);
		/* sorted, and subdirectories pushed in reverse: a stable order */
		sort_n(names.v, names.n, sizeof(char *), cmp_str);
		subdirs.n = 0;
		for (uint32_t k = 0; k < names.n; k++) {
			char *p = xasprintf("%s%s%s", dir, str_ends(dir, "/") ? "" : "/", names.v[k]);
			const char *rel = p + rootlen + (p[rootlen] == '/' ? 1 : 0);
			struct stat st;

			free(names.v[k]);
			if (lstat(p, &st) < 0) {
				skip(o, out, SKIP_UNREADABLE, p, "%s", strerror(errno));
				free(p);
				continue;
			}
			if (path_excluded(rel, o)) {
				if (S_ISDIR(st.st_mode) || wanted_name(p))
					out->skipped[SKIP_EXCLUDED]++;
				free(p);
				continue;
			}
			if (S_ISDIR(st.st_mode)) {
				vec_push(&subdirs, p);
				continue;
			}
			if (S_ISLNK(st.st_mode) && !wanted_name(p)) {
				struct stat ts;

				/* never followed: that is what makes loops impossible */
				if (stat(p, &ts) == 0 && S_ISDIR(ts.st_mode))
					out->skipped[SKIP_SYMLINK_DIR]++;
				free(p);
				continue;
			}
			if (!wanted_name(p)) {
				free(p);
				continue;
			}
			if (S_ISLNK(st.st_mode)) {
				char real[PATH_MAX];
				struct stat ts;

				if (!realpath(p, real) || stat(real, &ts) < 0)
					skip(o, out, SKIP_SYMLINK_OUT, p, "%s",
					     errno == ELOOP ? "symlink loop" : "broken symlink");
				else if (S_ISDIR(ts.st_mode))
					skip(o, out, SKIP_SYMLINK_DIR, p, "symlink to a directory");
				else if (!inside(real, root_real))
					skip(o, out, SKIP_SYMLINK_OUT, p,
					     "symlink to %s, outside the scanned tree", real);
				else
					add_regular(out, p, &ts, o);
				free(p);
				continue;
			}
			add_regular(out, p, &st, o);
			free(p);
		}
		while (subdirs.n)
			vec_push(&stack, subdirs.v[--subdirs.n]);
		vec_free(&names);
		free(dir);
	}
	vec_free(&stack);
	vec_free(&subdirs);
}

bool discover(const char *const *roots, uint32_t nroots, const struct discover_opts *o,
	      struct file_list *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof(*out));
	for (uint32_t i = 0; i < nroots; i++) {
		struct stat st;

		if (stat(roots[i], &st) < 0) {
			snprintf(err, errlen, "%s: %s", roots[i], strerror(errno));
			return false;
		}
		if (S_ISDIR(st.st_mode)) {
			if (access(roots[i], R_OK | X_OK) < 0) {
				snprintf(err, errlen, "%s: cannot read directory: %s", roots[i],
					 strerror(errno));
				return false;
			}
			walk(roots[i], o, out);
		} else if (S_ISREG(st.st_mode)) {
			if (access(roots[i], R_OK) < 0) {
				snprintf(err, errlen, "%s: %s", roots[i], strerror(errno));
				return false;
			}
			/* named on purpose, so a wrong name is a mistake to report,
			   not a file to pass over as a directory's would be */
			if (!wanted_name(roots[i])) {
				snprintf(err, errlen, "%s: not C source (tocsin reads .c and .h files)",
					 roots[i]);
				return false;
			}
			if (!add_regular(out, roots[i], &st, o))
				out->operands_skipped++;
		} else {
			snprintf(err, errlen, "%s: not a regular file or directory", roots[i]);
			return false;
		}
	}
	/* one order whatever the roots' order: reports depend on it */
	sort_n(out->paths, out->n, sizeof(char *), cmp_str);
	{
		uint32_t k = 0;

		for (uint32_t i = 0; i < out->n; i++) {
			if (k && !strcmp(out->paths[k - 1], out->paths[i])) {
				free(out->paths[i]);
				continue;
			}
			out->paths[k++] = out->paths[i];
		}
		out->n = k;
	}
	return true;
}

void file_list_free(struct file_list *l)
{
	for (uint32_t i = 0; i < l->n; i++)
		free(l->paths[i]);
	free(l->paths);
	memset(l, 0, sizeof(*l));
}
