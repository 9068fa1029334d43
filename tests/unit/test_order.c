/*
 * The order every report shows findings in: the most severe first, then,
 * within one severity, the best evidenced.  A race whose other side is a
 * guest or user space (which writes whenever it likes) is better evidenced
 * than a host thread's, whose concurrency rests on locks and life cycles
 * read right, whatever either one's impact.
 */
#include "helpers.h"
#include "base/intern.h"
#include "rules/finding.h"
#include "rules/rule.h"
#include "triage/order.h"

static struct finding *make(const char *rule, const char *file, uint8_t severity,
			    uint8_t impact, const char *trigger)
{
	struct finding *f = finding_new(rule_by_name(rule), intern(file), 10, 1, intern("fn"),
					"%s", file);

	f->severity = severity;
	f->impact = impact;
	f->trigger = intern(trigger);
	return f;
}

static void test_outside_party_first_within_a_severity(void **state)
{
	struct finding_list l = {0};

	(void)state;
	/* pushed worst-placed first, so the sort has to move every one */
	finding_list_push(&l, make("unmarked-race", "a.c", SEV_LOW, IMPACT_BENIGN,
				   "another host thread"));
	finding_list_push(&l, make("unmarked-race", "b.c", SEV_LOW, IMPACT_HOST_WARN,
				   "another host thread"));
	finding_list_push(&l, make("double-fetch", "z.c", SEV_LOW, IMPACT_GUEST_STATE,
				   "user space (another thread) holding CAP_SYS_ADMIN"));
	finding_list_push(&l, make("double-fetch", "y.c", SEV_LOW, IMPACT_GUEST_STATE,
				   "guest (L1)"));
	finding_list_push(&l, make("unmarked-race", "c.c", SEV_MEDIUM, IMPACT_HOST_MEMORY,
				   "another host thread"));
	finding_list_sort(&l);
	/* severity before anything */
	assert_string_equal(sym_str(l.v[0]->file), "c.c");
	/* within low: the guest's and the privileged user's, before any host thread's */
	assert_string_equal(sym_str(l.v[1]->file), "y.c");
	assert_string_equal(sym_str(l.v[2]->file), "z.c");
	/* then, among host threads, the worse consequence */
	assert_string_equal(sym_str(l.v[3]->file), "b.c");
	assert_string_equal(sym_str(l.v[4]->file), "a.c");
	for (uint32_t i = 0; i < l.n; i++)
		finding_free(l.v[i]);
	free(l.v);
}

static void test_outside_versus_untrusted(void **state)
{
	(void)state;
	/* a privileged user is outside the program, but not untrusted */
	assert_true(trigger_outside(intern("user space (another thread) holding CAP_NET_ADMIN")));
	assert_false(trigger_untrusted(intern("user space (another thread) holding CAP_NET_ADMIN")));
	assert_true(trigger_untrusted(intern("the frontend (guest)")));
	assert_false(trigger_outside(intern("another host thread")));
	assert_false(trigger_outside(intern("an interrupt handler")));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_outside_party_first_within_a_severity),
		cmocka_unit_test(test_outside_versus_untrusted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
