/*
 * What a run was asked to do.  The command line fills it (cli/args.c, whose
 * usage() says what each option means); every stage reads it.
 */
#ifndef TOCSIN_OPTIONS_H
#define TOCSIN_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>

enum format { FORMAT_TEXT, FORMAT_JSON, FORMAT_SARIF, FORMAT_HTML };

struct options {
	const char **paths;
	uint32_t npaths;
	const char **excludes;
	uint32_t nexcludes;
	unsigned jobs;
	uint64_t max_file_size;
	enum format format;
	const char *output;
	const char *dump_ir;		/* FILE[:FUNCTION] */
	const char *explain;		/* a rule's name: print what it is and stop */
	const char *dump_ast;		/* FILE */
	const char *rules;		/* comma list, or NULL for all */
	const char *profiles;		/* comma list, or NULL for the default */
	const char **profile_files;
	uint32_t nprofile_files;
	const char *baseline;
	const char *diff_rev;
	const char *cache_dir;
	int min_severity;
	unsigned depth;			/* interprocedural depth bound */
	uint8_t context;		/* --context: enum context_mode (input/context.h) */
	bool parse_only;
	bool list_rules;
	bool list_profiles;
	bool show_acknowledged;
	bool show_possible;		/* findings whose concurrency is only possible */
	bool witness;
	bool fix_diff;
	bool verify;
	bool quiet;
	bool no_cache;
	bool no_prefilter;
	/*
	 * Set by the run for the triage (triage/unbuilt.h): every scanned
	 * file was parsed whole, so its #defines and calls are all known (no
	 * prefilter dropped or skimmed any); and the scan holds the tree's
	 * callers too (a known tree, read whole as context around the scan;
	 * with no tree known a directory may be part of a larger one).
	 */
	bool whole_files;
	bool whole_tree;
	bool progress;			/* stderr is a terminal */
};

#endif
