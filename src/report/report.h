/* Reports: text (GCC diagnostic style), JSON, SARIF 2.1.0, HTML. */
#ifndef TOCSIN_REPORT_H
#define TOCSIN_REPORT_H

#include "input/discover.h"
#include "rules/finding.h"
#include "ir/ir.h"
#include "base/options.h"
#include "triage/triage.h"

#include <stdio.h>

struct run_stats {
	uint32_t files_scanned;
	uint32_t files_partial;		/* with at least one ERROR node */
	uint64_t bytes;
	uint64_t skipped[SKIP_REASONS];
	uint32_t funcs, funcs_partial;
	uint32_t lost_bodies;		/* function bodies inside top-level parse errors */
	uint32_t partial[PARTIAL_REASONS];	/* by PARTIAL_* bit */
	uint32_t findings;		/* reported */
	uint32_t acknowledged_hidden;
	uint32_t below_severity;
	/* only possibly concurrent, hidden without --all, by reason */
	uint32_t possible_hidden;
	struct doubt_count doubts[DOUBTS_COUNTED];
	uint32_t ndoubts;
	uint32_t in_baseline;
	uint32_t outside_diff;
	double wall_seconds;
	uint32_t rules_run;
	uint32_t input_errors;		/* unreadable files, unusable operands: exit 2 */
	uint32_t prefilter_files, prefilter_kept;	/* when the prefilter ran */
	/* function bodies in the files kept, and how many the parse skimmed */
	uint32_t prefilter_bodies, bodies_skimmed;
	uint32_t prefilter_in_part;	/* files kept for definitions, read only for them */
	/* Files whose unit came from the cache; stderr only, so reports of a
	   warm and a cold scan stay the same. */
	uint32_t cache_hits;
	bool cache_used;
	/* of files_scanned, those read only for context (input/context.h) */
	uint32_t context_files;
	const char *context_root, *context_mode;	/* NULL: no context */
};

void report_text(FILE *out, const struct finding_list *l, const struct options *o);
void report_json(FILE *out, const struct finding_list *l, const struct run_stats *st,
		 const struct options *o);
void report_sarif(FILE *out, const struct finding_list *l, const struct run_stats *st,
		  const struct options *o);
/* One self-contained page: sortable, filterable, with source excerpts. */
void report_html(FILE *out, const struct finding_list *l, const struct run_stats *st,
		 const struct options *o);
void report_summary(FILE *out, const struct run_stats *st);

/* JSON string escaping, shared by the JSON, SARIF and HTML writers. */
void json_string(FILE *out, const char *s);

#endif
