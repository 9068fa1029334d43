/*
 * The rule table.  Adding a rule: write src/rules/NAME.c defining a
 * `const struct rule rule_NAME`, and list it here.
 */
#include "rules/rule.h"
#include "profile/idioms.h"
#include "base/util.h"

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

/*
 * A rule's help names the codebase's own marked accesses, as the run's
 * profile spells them (fix-read, fix-write): {fix-read} and {fix-write}
 * in the text become READ_ONCE() and WRITE_ONCE() for Linux, ACCESS_ONCE()
 * and write_atomic() for Xen, or words that name no macro; {or-data-race}
 * offers the intended-race marker (data-race NAME: Linux's data_race()),
 * or nothing where the codebase has none.
 */
char *rule_help_text(const struct rule *r)
{
	struct sbuf b = {0};

	for (const char *p = r->help; *p;) {
		if (!strncmp(p, "{fix-read}", 10)) {
			if (idiom_fix_read())
				sb_printf(&b, "%s()", idiom_fix_read());
			else
				sb_puts(&b, "a marked read");
			p += 10;
		} else if (!strncmp(p, "{or-data-race}", 14)) {
			/* the intended-race marker, where the codebase has one */
			sb_puts(&b, idiom_data_race_offer());
			p += 14;
		} else if (!strncmp(p, "{fix-write}", 11)) {
			if (idiom_fix_write())
				sb_printf(&b, "%s()", idiom_fix_write());
			else
				sb_puts(&b, "a marked write");
			p += 11;
		} else {
			sb_putc(&b, *p++);
		}
	}
	{
		char *t = xstrdup(sb_str(&b));

		sb_free(&b);
		return t;
	}
}
