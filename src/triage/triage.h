/*
 * Triage: for every finding, what the racing value can reach (impact), who
 * can trigger it, how severe it is, whether the race is acknowledged, the
 * interleaving that breaks it, and a fix hint; then the filters a reader
 * asked for (severity, acknowledged, baseline, diff).
 */
#ifndef TOCSIN_TRIAGE_H
#define TOCSIN_TRIAGE_H

#include "rules/finding.h"
#include "index/index.h"
#include "cli/options.h"
#include "profile/profile.h"
#include "report/report.h"

void triage_all(struct finding_list *l, const struct index *idx, const struct profile_set *prof,
		const struct options *o);
/* Move what should be shown from `all` into `shown` (pointers shared). */
void triage_filter(struct finding_list *all, struct finding_list *shown, const struct options *o,
		   struct run_stats *st);

#endif
