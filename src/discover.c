#include "discover.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
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
	VEC(char *) stack = {0};
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
			warnx_("%s: cannot read directory: %s", dir, strerror(errno));
			out->skipped[SKIP_UNREADABLE]++;
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
		for (uint32_t k = names.n; k-- > 0;) {
			char *p = xasprintf("%s%s%s", dir, str_ends(dir, "/") ? "" : "/", names.v[k]);
			const char *rel = p + rootlen + (p[rootlen] == '/' ? 1 : 0);
			struct stat st;

			free(names.v[k]);
			if (lstat(p, &st) < 0) {
				warnx_("%s: %s", p, strerror(errno));
				out->skipped[SKIP_UNREADABLE]++;
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
				vec_push(&stack, p);
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

				if (!realpath(p, real) || stat(real, &ts) < 0) {
					out->skipped[SKIP_SYMLINK_OUT]++;
				} else if (S_ISDIR(ts.st_mode)) {
					out->skipped[SKIP_SYMLINK_DIR]++;
				} else if (!inside(real, root_real)) {
					out->skipped[SKIP_SYMLINK_OUT]++;
				} else if (!S_ISREG(ts.st_mode)) {
					out->skipped[SKIP_SPECIAL]++;
				} else if ((uint64_t)ts.st_size > o->max_size) {
					out->skipped[SKIP_TOO_BIG]++;
				} else {
					add(out, p);
					out->bytes += (uint64_t)ts.st_size;
				}
				free(p);
				continue;
			}
			if (!S_ISREG(st.st_mode)) {
				out->skipped[SKIP_SPECIAL]++;
			} else if ((uint64_t)st.st_size > o->max_size) {
				out->skipped[SKIP_TOO_BIG]++;
			} else {
				add(out, p);
				out->bytes += (uint64_t)st.st_size;
			}
			free(p);
		}
		vec_free(&names);
		free(dir);
	}
	vec_free(&stack);
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
			if ((uint64_t)st.st_size > o->max_size) {
				out->skipped[SKIP_TOO_BIG]++;
				warnx_("%s: skipped: %lld bytes, over the size limit of %llu (--max-file-size)",
				       roots[i], (long long)st.st_size, (unsigned long long)o->max_size);
				continue;
			}
			add(out, roots[i]);
			out->bytes += (uint64_t)st.st_size;
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
