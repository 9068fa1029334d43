#include "input/context.h"
#include "base/util.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const mode_names[] = {
	[CONTEXT_DEFAULT] = "tree",
	[CONTEXT_NONE] = "none",
	[CONTEXT_HEADERS] = "headers",
	[CONTEXT_TREE] = "tree",
};

bool context_mode_parse(const char *s, enum context_mode *out)
{
	for (unsigned m = CONTEXT_NONE; m <= CONTEXT_TREE; m++) {
		if (!strcmp(s, mode_names[m])) {
			*out = (enum context_mode)m;
			return true;
		}
	}
	return false;
}

const char *context_mode_name(enum context_mode m)
{
	return m <= CONTEXT_TREE ? mode_names[m] : "?";
}

/* Is path dir itself or under it?  Both absolute. */
static bool under(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	while (n > 1 && dir[n - 1] == '/')
		n--;
	return !strncmp(path, dir, n) && (path[n] == '/' || !path[n] || (n == 1 && dir[0] == '/'));
}

bool context_in_scope(const char *path, const char *const *scope, uint32_t nscope)
{
	for (uint32_t i = 0; i < nscope; i++)
		if (under(path, scope[i]))
			return true;
	return false;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* Headers by base name, then path: the candidates for an #include's name. */
static int cmp_header(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b;
	int c = strcmp(base_name(x), base_name(y));

	return c ? c : strcmp(x, y);
}

/*
 * What the closure works on: the tree's files (sorted, as discovered), its
 * headers by base name, and which files are taken.
 */
struct closure {
	char **paths;
	uint32_t n;
	char **headers;		/* into paths, by base name */
	uint32_t nheaders;
	uint8_t *taken;		/* by index in paths */
	VEC(const char *) queue;	/* files whose #includes are still to follow */
	const char *const *scope;
	uint32_t nscope;
};

static void take(struct closure *c, const char *path)
{
	char *const *hit = bsearch(&path, c->paths, c->n, sizeof(char *), cmp_str);
	uint32_t i;

	if (!hit)
		return;
	i = (uint32_t)(hit - c->paths);
	if (c->taken[i])
		return;
	c->taken[i] = 1;
	vec_push(&c->queue, c->paths[i]);
}

/* dir/name with "." and ".." taken out, as the compiler would open it. */
static char *joined(const char *dir, size_t dirlen, const char *name, size_t namelen)
{
	char *out = xmalloc(dirlen + namelen + 2);
	size_t n = dirlen;
	const char *p = name, *end = name + namelen;

	memcpy(out, dir, dirlen);
	while (p < end) {
		const char *slash = memchr(p, '/', (size_t)(end - p));
		size_t k = slash ? (size_t)(slash - p) : (size_t)(end - p);

		if (k == 2 && p[0] == '.' && p[1] == '.') {
			while (n > 0 && out[n - 1] != '/')
				n--;
			if (n > 0)
				n--;
		} else if (k && !(k == 1 && p[0] == '.')) {
			out[n++] = '/';
			memcpy(out + n, p, k);
			n += k;
		}
		p += k + 1;
	}
	out[n] = '\0';
	return out;
}

/*
 * One #include of file: "name" from the file's directory when it is there
 * (a file of the scope's is already read); else, and for <name>, every
 * header of the tree whose path ends in /name: whichever -I directory a
 * build would give, under every architecture's include directory for
 * <asm/...>, as the whole-tree scan sees them all.
 */
static void follow(struct closure *c, const char *file, const char *name, size_t len, bool quoted)
{
	const char *slash = strrchr(file, '/');
	char key[PATH_MAX];
	char **first;
	const char *base;
	uint32_t lo = 0, hi = c->nheaders;

	if (quoted && slash) {
		char *local = joined(file, (size_t)(slash - file), name, len);
		bool found = context_in_scope(local, c->scope, c->nscope) ||
			     bsearch(&local, c->paths, c->n, sizeof(char *), cmp_str);

		if (found)
			take(c, local);
		free(local);
		if (found)
			return;
	}
	if (len >= sizeof(key) - 1)
		return;
	key[0] = '/';
	memcpy(key + 1, name, len);
	key[len + 1] = '\0';
	base = base_name(key);
	/* the first header with this base name */
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (strcmp(base_name(c->headers[mid]), base) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (first = c->headers + lo; first < c->headers + c->nheaders; first++) {
		if (strcmp(base_name(*first), base))
			break;
		if (str_ends(*first, key))
			take(c, *first);
	}
}

/* Follow every #include "x" and #include <x> of the file at path. */
static void follow_includes(struct closure *c, const char *path)
{
	FILE *f = fopen(path, "r");
	char line[1024];

	if (!f)
		return;	/* the parse says why, for a scanned file */
	while (fgets(line, sizeof(line), f)) {
		const char *p = line, *end;
		bool quoted;

		while (*p == ' ' || *p == '\t')
			p++;
		if (*p++ != '#')
			continue;
		while (*p == ' ' || *p == '\t')
			p++;
		if (strncmp(p, "include", 7))
			continue;
		p += 7;
		if (!strncmp(p, "_next", 5))
			p += 5;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p != '"' && *p != '<')
			continue;	/* #include MACRO: not followed */
		quoted = *p == '"';
		end = strchr(p + 1, quoted ? '"' : '>');
		if (end && end > p + 1)
			follow(c, path, p + 1, (size_t)(end - p - 1), quoted);
	}
	fclose(f);
}

uint32_t context_add(enum context_mode mode, const char *root, const char *const *scope,
		     uint32_t nscope, const char *const *not_code, uint32_t nnot_code,
		     uint64_t max_size, struct file_list *files)
{
	struct discover_opts o = {
		.excludes = not_code, .nexcludes = nnot_code, .max_size = max_size, .quiet = true,
	};
	struct file_list tree;
	struct closure c = { .scope = scope, .nscope = nscope };
	const char *roots[1] = { root };
	uint32_t added = 0, nscoped = files->n;
	char err[512];

	if (mode == CONTEXT_NONE)
		return 0;
	if (!discover(roots, 1, &o, &tree, err, sizeof(err))) {
		/* the root held the scanned paths a moment ago */
		warnx_("no context: %s", err);
		return 0;
	}
	c.paths = tree.paths;
	c.n = tree.n;
	c.taken = xcalloc(tree.n + 1, 1);
	c.headers = xmalloc(sizeof(char *) * (tree.n + 1));
	for (uint32_t i = 0; i < tree.n; i++) {
		bool scoped = context_in_scope(tree.paths[i], scope, nscope);

		if (scoped)
			c.taken[i] = 2;	/* the scope's own: never context */
		else if (mode == CONTEXT_TREE)
			c.taken[i] = 1;
		if (!scoped && str_ends(tree.paths[i], ".h"))
			c.headers[c.nheaders++] = tree.paths[i];
	}
	if (mode != CONTEXT_TREE) {
		sort_n(c.headers, c.nheaders, sizeof(char *), cmp_header);
		for (uint32_t i = 0; i < nscoped; i++)
			follow_includes(&c, files->paths[i]);
		while (c.queue.n)
			follow_includes(&c, c.queue.v[--c.queue.n]);
	}
	for (uint32_t i = 0; i < tree.n; i++) {
		if (c.taken[i] != 1) {
			free(tree.paths[i]);
			continue;
		}
		if (files->n == files->cap) {
			files->cap = files->cap ? files->cap * 2 : 256;
			files->paths = xrealloc(files->paths, files->cap * sizeof(*files->paths));
		}
		files->paths[files->n++] = tree.paths[i];
		added++;
	}
	free(tree.paths);
	free(c.headers);
	free(c.taken);
	vec_free(&c.queue);
	/* the order of a scan of the whole tree: first definitions win there too */
	sort_n(files->paths, files->n, sizeof(char *), cmp_str);
	return added;
}
