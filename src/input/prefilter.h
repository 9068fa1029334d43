/*
 * The lexical prefilter: when every selected rule starts from a
 * shared-memory source of an active profile (double-fetch), only some
 * files can matter, and a lexical scan of all of them (lexscan.h) is far
 * cheaper than parsing them.  Kept are:
 *
 *  - the files that mention a source: a function or field a profile names
 *    as shared, or __user when user memory is shared;
 *  - the files that define what the functions mentioning a source call,
 *    and what those callees call, function by function (not every call
 *    of a file a callee is in), as deep as a rule and the triage follow
 *    calls;
 *  - the files that mention a function with __user parameters, which
 *    decide whether it is an entry point (nothing calls it), unless it is
 *    static outside a header: then only its own file can;
 *  - the files that define the structs, typedefs and globals the functions
 *    reached name, and the types those name in turn (their field keys
 *    need them; other functions of a kept file are in no finding);
 *  - files that cannot be read or scanned, so the run reports them as a
 *    full run does.
 *
 * In the files kept, only the bodies of the functions reached and of the
 * functions that name an entry-point candidate are read; the parser skips
 * the others where it safely can (skim.h).  Of a file kept only for its
 * structs, typedefs and globals, only those taken and its directives are
 * read.
 *
 * Everything the rules can look at is kept, so the findings are a full
 * run's; tests/cli/test_prefilter.sh checks that they are.
 */
#ifndef TOCSIN_PREFILTER_H
#define TOCSIN_PREFILTER_H

#include "input/discover.h"
#include "input/skim.h"

#include <stdint.h>

struct profile_set;

struct prefilter_stats {
	uint32_t files, kept;
	uint64_t bytes, kept_bytes;
	uint32_t bodies;		/* function bodies in the files kept */
	uint32_t files_in_part;		/* kept for definitions: only those read */
};

/*
 * Drop from `files` what the rules cannot use; call depth as --depth.
 * *plans gets, for each file kept, what its parse may skip: the bodies
 * no selected rule reads (free with skim_plans_free).
 */
void prefilter_files(struct file_list *files, const struct profile_set *prof, unsigned depth,
		     unsigned jobs, struct prefilter_stats *st, struct skim_plan **plans);
void skim_plans_free(struct skim_plan *plans, uint32_t n);

#endif
