#include "input/text_cache.h"
#include "base/util.h"

#include <stdlib.h>
#include <string.h>

struct source *text_cache_get(struct text_cache *tc, sym_t file)
{
	struct source *s;
	char err[256];
	unsigned victim = 0;

	for (unsigned i = 0; i < TEXT_CACHE_FILES; i++) {
		if (tc->files[i] && !strcmp(tc->files[i]->path, sym_str(file))) {
			tc->last_use[i] = ++tc->clock;
			return tc->files[i];
		}
		if (!tc->files[i] || (tc->files[victim] && tc->last_use[i] < tc->last_use[victim]))
			victim = i;
	}
	s = xcalloc(1, sizeof(*s));
	/* the text as it is: comments are read, nothing is parsed */
	if (source_read(s, sym_str(file), UINT64_MAX, err, sizeof(err)) != SOURCE_OK) {
		free(s);
		return NULL;
	}
	if (tc->files[victim]) {
		source_free(tc->files[victim]);
		free(tc->files[victim]);
	}
	tc->files[victim] = s;
	tc->last_use[victim] = ++tc->clock;
	return s;
}

void text_cache_free(struct text_cache *tc)
{
	for (unsigned i = 0; i < TEXT_CACHE_FILES; i++) {
		if (tc->files[i]) {
			source_free(tc->files[i]);
			free(tc->files[i]);
		}
	}
}
