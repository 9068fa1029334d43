#include "triage/project.h"
#include "triage/baseline.h"
#include "base/util.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Each scanned path as spelled, and where it really is. */
struct scanned {
	const char *spelled;
	char *real;
};

static struct scanned *scanned;
static uint32_t nscanned;
static char root[PATH_MAX];

static void cut_to_dir(char *path)
{
	char *slash = strrchr(path, '/');

	if (slash && slash != path)
		*slash = '\0';
	else if (slash)
		slash[1] = '\0';
}

/* The longest directory prefix a and b share (both absolute), into a. */
static void common_dir(char *a, const char *b)
{
	size_t i = 0, keep = 0;

	for (;; i++) {
		char ca = a[i], cb = b[i];

		if ((!ca || ca == '/') && (!cb || cb == '/')) {
			keep = i;
			if (!ca || !cb)
				break;
		} else if (ca != cb) {
			break;
		}
	}
	a[keep ? keep : 1] = '\0';
}

void project_init(const char *const *paths, uint32_t n, const char *context_root)
{
	char *top;

	/* a second run in one process (the fuzzer's) starts afresh */
	for (uint32_t i = 0; i < nscanned; i++)
		free(scanned[i].real);
	free(scanned);
	scanned = xcalloc(n + 1, sizeof(*scanned));
	nscanned = 0;
	root[0] = '\0';
	for (uint32_t i = 0; i < n; i++) {
		char real[PATH_MAX], dir[PATH_MAX];
		struct stat st;

		if (!realpath(paths[i], real))
			continue;	/* discover() has said why */
		scanned[nscanned].spelled = paths[i];
		scanned[nscanned++].real = xstrdup(real);
		snprintf(dir, sizeof(dir), "%s", real);
		if (stat(real, &st) == 0 && !S_ISDIR(st.st_mode))
			cut_to_dir(dir);
		if (!root[0])
			snprintf(root, sizeof(root), "%s", dir);
		else
			common_dir(root, dir);
	}
	if (nscanned && (top = git_toplevel(scanned[0].real)) != NULL) {
		snprintf(root, sizeof(root), "%s", top);
		free(top);
	} else if (nscanned && context_root) {
		/* its files are named as a scan of the whole tree names them */
		snprintf(root, sizeof(root), "%s", context_root);
	}
}

char *project_diff_paths(char *diff, sym_t file)
{
	char *old, *now, *out;
	size_t n;

	if (!diff)
		return NULL;
	old = xasprintf("--- a/%s\n+++ b/%s\n", sym_str(file), sym_str(file));
	n = strlen(old);
	if (strncmp(diff, old, n)) {
		free(old);
		return diff;
	}
	now = xasprintf("--- a/%s\n+++ b/%s\n", sym_str(project_path(file)),
			sym_str(project_path(file)));
	out = xasprintf("%s%s", now, diff + n);
	free(old);
	free(now);
	free(diff);
	return out;
}

const char *project_root(void)
{
	return root;
}

/* The scanned path f was found under, the longest that is its prefix; *rest past it. */
static const struct scanned *scanned_under(const char *f, const char **rest)
{
	const struct scanned *best = NULL;

	for (uint32_t i = 0; i < nscanned; i++) {
		size_t n = strlen(scanned[i].spelled);

		bool at_boundary = !f[n] || f[n] == '/' || (n && scanned[i].spelled[n - 1] == '/');

		if (strncmp(f, scanned[i].spelled, n) || !at_boundary)
			continue;
		if (!best || n > strlen(best->spelled)) {
			best = &scanned[i];
			*rest = f + n;
		}
	}
	return best;
}

const char *project_below_scan(sym_t file)
{
	const char *f = sym_str(file), *rest = f;

	if (!scanned_under(f, &rest))
		return f;
	while (*rest == '/')
		rest++;
	return rest;
}

sym_t project_path(sym_t file)
{
	const char *f = sym_str(file), *rest = NULL;
	const struct scanned *best = scanned_under(f, &rest);
	char full[PATH_MAX * 2];
	size_t rl = strlen(root);

	if (!best) {
		/* a context file, spelled from the real root like the scope */
		if (rl > 1 && !strncmp(f, root, rl) && f[rl] == '/')
			return intern(f + rl + 1);
		return file;
	}
	while (*rest == '/')
		rest++;
	snprintf(full, sizeof(full), "%s%s%s", best->real, *rest ? "/" : "", rest);
	if (rl > 1 && !strncmp(full, root, rl) && full[rl] == '/')
		return intern(full + rl + 1);
	if (rl == 1 && full[0] == '/')
		return intern(full + 1);
	return intern(full);
}
