#include "triage.h"
#include "rule.h"

#include <stdlib.h>
#include <string.h>

void triage_all(struct finding_list *l, const struct index *idx, const struct profile_set *prof,
		const struct options *o)
{
	for (uint32_t i = 0; i < l->n; i++) {
		struct finding *f = l->v[i];

		if (!f->object)
			f->object = intern(f->message);
		finding_fingerprint(f);
		if (f->severity == SEV_NOTE)
			f->severity = SEV_MEDIUM;
	}
}

void triage_filter(struct finding_list *all, struct finding_list *shown, const struct options *o,
		   struct run_stats *st)
{
	for (uint32_t i = 0; i < all->n; i++) {
		struct finding *f = all->v[i];

		if (f->status == STATUS_ACKNOWLEDGED && !o->show_acknowledged) {
			st->acknowledged_hidden++;
			continue;
		}
		if (o->min_severity >= 0 && f->severity < o->min_severity) {
			st->below_severity++;
			continue;
		}
		finding_list_push(shown, f);
	}
}
