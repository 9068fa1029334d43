/*
 * Triage: for every finding, what the racing value can reach (impact), who
 * can trigger it, how severe it is, whether the race is acknowledged, the
 * interleaving that breaks it, and a fix hint; then the filters a reader
 * asked for (severity, acknowledged, baseline, diff).
 */
#ifndef TOCSIN_TRIAGE_H
#define TOCSIN_TRIAGE_H

#include "base/options.h"
#include "index/index.h"
#include "profile/profile.h"
#include "rules/finding.h"

/*
 * What the reader's filters hid, by reason: the summary says how many, for
 * the DOUBTS_COUNTED most frequent reasons; each reason is counted apart
 * (up to DOUBTS_TRACKED of them), so that the counts shown are exact.
 */
#define DOUBTS_COUNTED 8
#define DOUBTS_TRACKED 64

struct triage_hidden {
	uint32_t in_baseline;
	uint32_t outside_diff;
	uint32_t acknowledged;
	uint32_t possible;		/* only possibly concurrent (--all shows them) */
	struct doubt_count {
		sym_t why;
		uint32_t n;
	} doubts[DOUBTS_TRACKED];	/* the possible ones by reason, most first */
	uint32_t ndoubts;
	uint32_t below_severity;
};

void triage_all(struct finding_list *l, const struct index *idx, const struct profile_set *prof,
		const struct options *o);
/* Move what should be shown from `all` into `shown` (pointers shared). */
void triage_filter(struct finding_list *all, struct finding_list *shown, const struct options *o,
		   struct triage_hidden *hidden);

#endif
