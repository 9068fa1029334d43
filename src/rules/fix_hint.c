#include "rules/fix_hint.h"
#include "base/util.h"

#include <string.h>

bool hint_field_markable(const struct index *idx, sym_t key, const char **why)
{
	sym_t type = key ? index_key_type(idx, key) : 0;
	const char *t = type ? sym_str(type) : "";
	int pointers = 0;

	if (!*t || !strcmp(t, "?")) {
		*why = "the field's type is not known";
		return false;
	}
	if (strchr(t, ':')) {
		*why = "the field is a bit-field";
		return false;
	}
	if (strchr(t, '*') || !strcmp(t, "fnptr"))
		return true;
	if (strchr(t, '[')) {
		*why = "the field is an array";
		return false;
	}
	if (str_starts(t, "struct ") || str_starts(t, "union ") ||
	    index_struct_of(idx, type, &pointers)) {
		if (!pointers) {
			*why = "the field is a struct held whole";
			return false;
		}
	}
	return true;
}

char *hint_diff(struct patch *p, sym_t file)
{
	char *d = patch_diff(p, sym_str(file));

	patch_free(p);
	return d;
}
