/*
 * libFuzzer harness: arbitrary bytes as a profile file, through the
 * parser, the lookup tables and a few lookups.
 */
#include "base/intern.h"
#include "profile/profile.h"
#include "base/util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = {
		"copy_from_user", "kvm_vcpu_map", "mepc", "struct kvm_vcpu", "",
	};
	struct profile_set s = {0};
	char err[512];
	char *text = xmalloc(size + 1);

	memcpy(text, data, size);
	text[size] = '\0';
	if (profile_parse(&s, "fuzz.profile", text, err, sizeof(err))) {
		profile_finish(&s);
		for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			for (int k = 0; k < PR_KINDS; k++) {
				uint32_t cursor = 0;
				const struct profile_rule *r;

				while ((r = profile_next(&s, intern(names[i]), k, &cursor)))
					(void)profile_of(&s, r);
			}
	}
	profile_set_free(&s);
	free(text);
	return 0;
}
