#include "input/module_desc.h"
#include "base/util.h"

#include <ctype.h>
#include <dirent.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Blanks and a trailing comment cut off a line, in place. */
static char *trimmed(char *s)
{
	char *e;

	s[strcspn(s, "#\r\n")] = '\0';
	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

/* Does the source entry (relative to dir) name the file whose real path is want? */
static bool names_file(const char *dir, const char *entry, const char *want)
{
	char path[PATH_MAX], real[PATH_MAX];
	size_t n = strcspn(entry, "| \t");

	if (!n || snprintf(path, sizeof(path), "%s/%.*s", dir, (int)n, entry) >= (int)sizeof(path))
		return false;
	return realpath(path, real) && !strcmp(real, want);
}

/* What an INF says that matters here. */
struct inf_info {
	sym_t type;			/* MODULE_TYPE */
	sym_t entries[8];		/* ENTRY_POINT, CONSTRUCTOR, ... */
	uint32_t nentries;
	bool listed;			/* its [Sources] list the file asked about */
};

/* The functions the module's loader calls: once, at load or at unload. */
static bool load_time_key(const char *s, size_t n)
{
	static const char *const keys[] = { "ENTRY_POINT", "CONSTRUCTOR", "DESTRUCTOR",
					    "UNLOAD_IMAGE" };

	for (size_t i = 0; i < ARRAY_SIZE(keys); i++)
		if (strlen(keys[i]) == n && !memcmp(s, keys[i], n))
			return true;
	return false;
}

/*
 * Read the INF at path, in directory dir: its type, its load-time
 * functions, and whether its [Sources] list the file whose real path is
 * want (none asked when want is NULL).  Section headers may name several
 * sections ("[Sources.IA32, Sources.X64]"); the first one's name is what
 * counts.
 */
static bool read_inf(const char *dir, const char *path, const char *want, struct inf_info *out)
{
	FILE *fp = fopen(path, "r");
	char line[1024];
	bool in_sources = false, in_defines = false;

	memset(out, 0, sizeof(*out));
	if (!fp)
		return false;
	while (fgets(line, sizeof(line), fp)) {
		char *s = trimmed(line), *eq = strchr(s, '='), *v;
		size_t klen;

		if (*s == '[') {
			in_sources = !strncasecmp(s + 1, "sources", 7);
			in_defines = !strncasecmp(s + 1, "defines", 7);
			continue;
		}
		if (in_sources && *s && want && !out->listed)
			out->listed = names_file(dir, s, want);
		if (!in_defines || !eq)
			continue;
		for (klen = (size_t)(eq - s); klen && isspace((unsigned char)s[klen - 1]);)
			klen--;
		for (v = eq + 1; isspace((unsigned char)*v);)
			v++;
		if (!*v)
			continue;
		if (klen == 11 && !memcmp(s, "MODULE_TYPE", 11))
			out->type = intern(v);
		else if (load_time_key(s, klen) && out->nentries < ARRAY_SIZE(out->entries))
			out->entries[out->nentries++] = intern(v);
	}
	fclose(fp);
	return true;
}

static bool is_inf(const char *name)
{
	size_t n = strlen(name);

	return n > 4 && !strcasecmp(name + n - 4, ".inf");
}

uint32_t module_types_of(const char *path, sym_t *types, uint32_t max)
{
	char want[PATH_MAX], dir[PATH_MAX];
	uint32_t found = 0;

	if (!realpath(path, want))
		return 0;
	snprintf(dir, sizeof(dir), "%s", want);
	for (int up = 0; up < 3; up++) {
		char *slash = strrchr(dir, '/');
		DIR *d;
		struct dirent *e;

		if (!slash || slash == dir)
			break;
		*slash = '\0';
		if (!(d = opendir(dir)))
			continue;
		while ((e = readdir(d)) != NULL) {
			char inf[PATH_MAX];
			struct inf_info info;

			if (!is_inf(e->d_name) ||
			    snprintf(inf, sizeof(inf), "%s/%s", dir, e->d_name) >= (int)sizeof(inf))
				continue;
			if (read_inf(dir, inf, want, &info) && info.listed && info.type) {
				if (found < max)
					types[found] = info.type;
				found++;
			}
		}
		closedir(d);
	}
	return found;
}

uint32_t module_load_functions(const char *dir, sym_t *names, uint32_t max)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	uint32_t n = 0;

	if (!d)
		return 0;
	while ((e = readdir(d)) != NULL) {
		char inf[PATH_MAX];
		struct inf_info info;

		if (!is_inf(e->d_name) ||
		    snprintf(inf, sizeof(inf), "%s/%s", dir, e->d_name) >= (int)sizeof(inf) ||
		    !read_inf(dir, inf, NULL, &info))
			continue;
		for (uint32_t i = 0; i < info.nentries; i++)
			if (n < max)
				names[n++] = info.entries[i];
	}
	closedir(d);
	return n;
}
