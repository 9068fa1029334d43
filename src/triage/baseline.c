#include "triage/baseline.h"
#include "base/util.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char *slurp(const char *path, const char *opt)
{
	struct stat st;
	FILE *f;
	char *buf;
	size_t n;

	if (stat(path, &st) < 0)
		fatal("%s %s: %s", opt, path, strerror(errno));
	if (!S_ISREG(st.st_mode))
		fatal("%s %s: not a regular file", opt, path);
	f = fopen(path, "rb");
	if (!f)
		fatal("%s %s: %s", opt, path, strerror(errno));
	buf = xmalloc((size_t)st.st_size + 1);
	n = fread(buf, 1, (size_t)st.st_size, f);
	fclose(f);
	buf[n] = '\0';
	return buf;
}

/* Every string value following the JSON key `key`: "key": "value". */
static void collect(struct fingerprint_set *s, const char *text, const char *key)
{
	char pat[64];
	const char *p = text;

	snprintf(pat, sizeof(pat), "\"%s\"", key);
	while ((p = strstr(p, pat)) != NULL) {
		const char *v = p + strlen(pat);
		size_t len;

		while (*v == ' ' || *v == '\t' || *v == '\n' || *v == '\r' || *v == ':')
			v++;
		p = v;
		if (*v != '"')
			continue;
		v++;
		len = strspn(v, "0123456789abcdef");
		if (len != 16 || v[16] != '"')
			continue;
		if (s->n == s->cap) {
			s->cap = s->cap ? s->cap * 2 : 64;
			s->v = xrealloc(s->v, s->cap * sizeof(*s->v));
		}
		memcpy(s->v[s->n], v, 16);
		s->v[s->n][16] = '\0';
		s->n++;
	}
}

void baseline_load(struct fingerprint_set *s, const char *path)
{
	char *text = slurp(path, "--baseline");
	bool json = strstr(text, "\"tool\": \"tocsin\"") != NULL;
	bool sarif = strstr(text, "\"runs\"") && strstr(text, "\"name\": \"tocsin\"");

	if (!json && !sarif)
		fatal("--baseline %s: not a tocsin JSON or SARIF report", path);
	collect(s, text, "fingerprint");
	collect(s, text, "tocsin/v1");
	free(text);
}

bool fingerprint_set_has(const struct fingerprint_set *s, const char *fp)
{
	for (uint32_t i = 0; i < s->n; i++)
		if (!strcmp(s->v[i], fp))
			return true;
	return false;
}

void fingerprint_set_free(struct fingerprint_set *s)
{
	free(s->v);
	memset(s, 0, sizeof(*s));
}

/* --- git ------------------------------------------------------------------ */

static bool shell_safe(const char *s)
{
	for (; *s; s++)
		if (!(isalnum((unsigned char)*s) || strchr("-_./~^@{}:+", *s)))
			return false;
	return true;
}

static char *run_capture(const char *cmd, int *status)
{
	FILE *p = popen(cmd, "r");
	struct sbuf b = {0};
	char buf[4096];
	size_t n;

	if (!p)
		fatal("cannot run git: %s", strerror(errno));
	while ((n = fread(buf, 1, sizeof(buf), p)) > 0)
		sb_putn(&b, buf, n);
	*status = pclose(p);
	sb_str(&b);
	return b.s;
}

/* The git work tree a directory is in, or NULL. */
static char *toplevel_of_dir(const char *dir)
{
	char cmd[PATH_MAX + 64], *out, *nl;
	int status;

	if (!shell_safe(dir))
		return NULL;
	snprintf(cmd, sizeof(cmd), "git -C '%s' rev-parse --show-toplevel 2>/dev/null", dir);
	out = run_capture(cmd, &status);
	nl = strchr(out, '\n');
	if (nl)
		*nl = '\0';
	if (status != 0 || !out[0]) {
		free(out);
		return NULL;
	}
	return out;
}

char *git_toplevel(const char *path)
{
	char dir[PATH_MAX];
	struct stat st;

	if (!realpath(path, dir) || stat(dir, &st) < 0)
		return NULL;
	if (!S_ISDIR(st.st_mode))
		*strrchr(dir, '/') = '\0';
	return toplevel_of_dir(dir);
}

void changed_lines_check(const char *rev, const char *const *paths, uint32_t n)
{
	if (!shell_safe(rev) || rev[0] == '-')
		fatal("--diff %s: not a revision name", rev);
	for (uint32_t i = 0; i < n; i++) {
		char *top = git_toplevel(paths[i]), cmd[PATH_MAX + 256], *out;
		int status;

		if (!top)
			fatal("--diff %s: %s is not in a git work tree", rev, paths[i]);
		if (!shell_safe(top))
			fatal("--diff: unusual characters in the path %s", top);
		snprintf(cmd, sizeof(cmd), "git -C '%s' rev-parse --verify --quiet '%s^{commit}' 2>&1",
			 top, rev);
		out = run_capture(cmd, &status);
		free(out);
		if (status != 0)
			fatal("--diff %s: no such revision in %s", rev, top);
		free(top);
	}
}

static void parse_diff(struct changed_lines *c, const char *top, const char *diff)
{
	const char *line = diff;
	sym_t file = 0;

	while (*line) {
		const char *end = strchr(line, '\n');
		size_t n = end ? (size_t)(end - line) : strlen(line);

		if (n > 6 && !strncmp(line, "+++ b/", 6)) {
			char path[PATH_MAX];

			snprintf(path, sizeof(path), "%s/%.*s", top, (int)(n - 6), line + 6);
			file = intern(path);
		} else if (n > 4 && !strncmp(line, "+++ ", 4)) {
			file = 0;	/* /dev/null: the file was deleted */
		} else if (file && n > 3 && !strncmp(line, "@@ ", 3)) {
			const char *plus = memchr(line, '+', n);
			unsigned long first, count = 1;
			char *e;

			if (plus) {
				first = strtoul(plus + 1, &e, 10);
				if (*e == ',')
					count = strtoul(e + 1, &e, 10);
				if (count) {
					struct line_range r = { file, (uint32_t)first,
								(uint32_t)(first + count - 1) };

					vec_push(&c->ranges, r);
				}
			}
		}
		line += n + (end ? 1 : 0);
	}
}

void changed_lines_load(struct changed_lines *c, const char *rev, const struct finding_list *l)
{
	VEC(char *) tops = {0};

	if (!shell_safe(rev) || rev[0] == '-')
		fatal("--diff %s: not a revision name", rev);
	for (uint32_t i = 0; i < l->n; i++) {
		char *top = git_toplevel(sym_str(l->v[i]->file));
		bool seen = false;

		if (!top)
			continue;
		for (uint32_t k = 0; k < tops.n; k++)
			seen |= !strcmp(tops.v[k], top);
		if (seen) {
			free(top);
			continue;
		}
		vec_push(&tops, top);
	}
	if (!tops.n && l->n)
		fatal("--diff %s: the scanned files are not in a git work tree", rev);
	for (uint32_t k = 0; k < tops.n; k++) {
		char cmd[PATH_MAX + 256], *out;
		int status;

		if (!shell_safe(tops.v[k]))
			fatal("--diff: unusual characters in the path %s", tops.v[k]);
		snprintf(cmd, sizeof(cmd),
			 "git -C '%s' diff --no-color --no-ext-diff --unified=0 '%s' -- 2>&1", tops.v[k], rev);
		out = run_capture(cmd, &status);
		if (status != 0) {
			char *nl = strchr(out, '\n');

			if (nl)
				*nl = '\0';
			fatal("--diff %s: %s", rev, out[0] ? out : "git diff failed");
		}
		parse_diff(c, tops.v[k], out);
		free(out);
		free(tops.v[k]);
	}
	vec_free(&tops);
}

static bool touches(const struct changed_lines *c, sym_t file, uint32_t line)
{
	char real[PATH_MAX];
	sym_t rf;

	if (!realpath(sym_str(file), real))
		return false;
	rf = intern(real);
	for (uint32_t i = 0; i < c->ranges.n; i++)
		if (c->ranges.v[i].file == rf && line >= c->ranges.v[i].first &&
		    line <= c->ranges.v[i].last)
			return true;
	return false;
}

bool changed_lines_touch(const struct changed_lines *c, const struct finding *f)
{
	if (touches(c, f->file, f->line))
		return true;
	for (uint32_t i = 0; i < f->sites.n; i++)
		if (touches(c, f->sites.v[i].file, f->sites.v[i].line))
			return true;
	return false;
}

void changed_lines_free(struct changed_lines *c)
{
	vec_free(&c->ranges);
}
