/*
 * The rule table.  Adding a rule: write src/rules/NAME.c defining a
 * `const struct rule rule_NAME`, and list it here.
 */
#include "rules/rule.h"

#include <string.h>

extern const struct rule rule_check_then_act;
extern const struct rule rule_double_fetch;
extern const struct rule rule_stale_snapshot;
extern const struct rule rule_trust_boundary;
extern const struct rule rule_unmarked_race;

const struct rule *const rule_table[] = {
	&rule_check_then_act,
	&rule_double_fetch,
	&rule_stale_snapshot,
	&rule_trust_boundary,
	&rule_unmarked_race,
};

const unsigned rule_count = sizeof(rule_table) / sizeof(rule_table[0]);

const struct rule *rule_by_name(const char *name)
{
	for (unsigned i = 0; i < rule_count; i++)
		if (!strcmp(rule_table[i]->name, name))
			return rule_table[i];
	return NULL;
}
