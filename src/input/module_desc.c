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

/*
 * The module type of the INF at path when its [Sources] list the file whose
 * real path is want, else 0.  Section headers may name several sections
 * ("[Sources.IA32, Sources.X64]"); the first one's name is what counts.
 */
static sym_t inf_lists(const char *dir, const char *path, const char *want)
{
	FILE *fp = fopen(path, "r");
	char line[1024];
	bool in_sources = false, in_defines = false, listed = false;
	sym_t type = 0;

	if (!fp)
		return 0;
	while (fgets(line, sizeof(line), fp)) {
		char *s = trimmed(line);

		if (*s == '[') {
			in_sources = !strncasecmp(s + 1, "sources", 7);
			in_defines = !strncasecmp(s + 1, "defines", 7);
		} else if (in_defines && !strncmp(s, "MODULE_TYPE", 11) && strchr(s, '=')) {
			char *v = strchr(s, '=') + 1;

			while (isspace((unsigned char)*v))
				v++;
			if (*v)
				type = intern(v);
		} else if (in_sources && *s && !listed) {
			listed = names_file(dir, s, want);
		}
	}
	fclose(fp);
	return listed && type ? type : 0;
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
			sym_t t;

			if (!is_inf(e->d_name) ||
			    snprintf(inf, sizeof(inf), "%s/%s", dir, e->d_name) >= (int)sizeof(inf))
				continue;
			if ((t = inf_lists(dir, inf, want)) != 0) {
				if (found < max)
					types[found] = t;
				found++;
			}
		}
		closedir(d);
	}
	return found;
}
