#include "cli/args.h"
#include "input/context.h"
#include "rules/finding.h"
#include "base/util.h"
#include "base/version.h"
#include "profile/profile.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>


static void usage(FILE *out)
{
	fputs("usage: tocsin [options] PATH...\n"
	      "\n"
	      "Find and triage TOCTOU races in C trees: double fetches of shared memory,\n"
	      "check-then-act on another thread's state, unmarked racy accesses, stale\n"
	      "snapshots, and privileged state rebuilt from lower-privileged storage.\n"
	      "\n"
	      "Input:\n"
	      "  PATH                 a file, or a directory searched for .c and .h files\n"
	      "  --exclude GLOB       skip paths matching GLOB (repeatable)\n"
	      "  --max-file-size N    skip files over N bytes (K, M, G suffixes; default 4M)\n"
	      "  -j, --jobs N         worker threads (default: online CPUs)\n"
	      "  --context MODE       what a scan of part of a known tree reads of the rest\n"
	      "                       for its declarations, reporting nothing there:\n"
	      "                       tree (default: every file, for the verdicts of a\n"
	      "                       whole-tree scan), headers (the headers the scanned\n"
	      "                       files include, followed: faster), or none\n"
	      "\n"
	      "Analysis:\n"
	      "  -r, --rules LIST     rules to run, comma-separated (default: all)\n"
	      "  --profile LIST       shipped profiles to use (default: the tree's, else all)\n"
	      "  --profile-file PATH  a profile of your own (repeatable)\n"
	      "  --depth N            how deep to follow pointers into callees (default 6)\n"
	      "  --parse-only         parse every file and stop (measures the front end)\n"
	      "  --no-prefilter       parse every file even when the rules need only some\n"
	      "  --cache-dir DIR      where each file's parse is cached for re-scans\n"
	      "                       (default $XDG_CACHE_HOME/tocsin, else ~/.cache/tocsin)\n"
	      "  --no-cache           neither read nor write the cache\n"
	      "\n"
	      "Output:\n"
	      "  --format FMT         text (default), json, sarif or html\n"
	      "  -o, --output FILE    write the report to FILE\n"
	      "  --min-severity S     only findings of severity S or higher\n"
	      "                       (note, low, medium, high, critical)\n"
	      "  --show-acknowledged  also show races the code documents as tolerated\n"
	      "  --all                show every finding: those whose concurrency is only\n"
	      "                       possible, and the acknowledged ones\n"
	      "  --witness            print the breaking interleaving under each finding\n"
	      "  --fix-hints diff     print a unified diff where the fix is mechanical and safe\n"
	      "  --baseline FILE      only findings not in FILE (an earlier JSON or SARIF report)\n"
	      "  --diff REV           only findings with a site on a line changed since REV\n"
	      "  -q, --quiet          no summary on stderr\n"
	      "\n"
	      "Tools:\n"
	      "  --list-rules         list the rules\n"
	      "  --explain RULE       what RULE finds, why it matters, how to fix and suppress it\n"
	      "  --list-profiles      list the shipped profiles\n"
	      "  --dump-ir FILE[:FN]  print the IR of FILE's functions (or of FN)\n"
	      "  --dump-ast FILE      print the syntax tree the parser builds\n"
	      "  --verify             check findings against /* expect: RULE */ comments\n"
	      "  --version, --help\n"
	      "\n"
	      "Exit status: 0 no findings, 1 findings, 2 usage or input error (also when\n"
	      "a file could not be read: the report is still written).\n",
	      out);
}

/*
 * The version, and each shipped profile's with it: its text's hash, which
 * changes whenever the profile does (a report can be traced to the exact
 * models it was made with).
 */
static void print_version(void)
{
	printf("tocsin %s\n", TOCSIN_VERSION_STRING);
	for (unsigned i = 0; i < shipped_profile_count; i++) {
		const char *n = shipped_profiles[i].name, *slash = strrchr(n, '/');
		size_t len;

		n = slash ? slash + 1 : n;
		len = strlen(n);
		if (len > 8 && !strcmp(n + len - 8, ".profile"))
			len -= 8;
		printf("profile %-12.*s %016llx\n", (int)len, n,
		       (unsigned long long)hash_bytes(shipped_profiles[i].text,
						      strlen(shipped_profiles[i].text)));
	}
}

static uint64_t parse_size(const char *s)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s)
		fatal("--max-file-size: '%s' is not a size", s);
	switch (*end) {
	case 'k': case 'K': v <<= 10; end++; break;
	case 'm': case 'M': v <<= 20; end++; break;
	case 'g': case 'G': v <<= 30; end++; break;
	default: break;
	}
	if (*end == 'B' || *end == 'b')
		end++;
	if (*end)
		fatal("--max-file-size: '%s' is not a size", s);
	return v;
}

static unsigned parse_uint(const char *opt, const char *s, unsigned lo, unsigned hi)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		fatal("%s: '%s' is not a number from %u to %u", opt, s, lo, hi);
	return (unsigned)v;
}

enum {
	OPT_EXCLUDE = 256, OPT_MAX_SIZE, OPT_FORMAT, OPT_DUMP_IR, OPT_DUMP_AST,
	OPT_LIST_RULES, OPT_EXPLAIN, OPT_PARSE_ONLY, OPT_PROFILE, OPT_PROFILE_FILE, OPT_MIN_SEV,
	OPT_SHOW_ACK, OPT_WITNESS, OPT_FIX_HINTS, OPT_BASELINE, OPT_DIFF, OPT_CACHE_DIR,
	OPT_NO_CACHE, OPT_NO_PREFILTER, OPT_VERIFY, OPT_VERSION, OPT_DEPTH, OPT_LIST_PROFILES,
	OPT_ALL, OPT_CONTEXT,
};

void options_defaults(struct options *o)
{
	memset(o, 0, sizeof(*o));
	o->max_file_size = 4u << 20;
	o->jobs = 0;
	o->min_severity = -1;
	o->depth = 6;
}

void options_release(struct options *o)
{
	free(o->excludes);
	free(o->profile_files);
	o->excludes = NULL;
	o->profile_files = NULL;
	o->nexcludes = o->nprofile_files = 0;
}

void options_parse(struct options *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "jobs", required_argument, NULL, 'j' },
		{ "output", required_argument, NULL, 'o' },
		{ "rules", required_argument, NULL, 'r' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "exclude", required_argument, NULL, OPT_EXCLUDE },
		{ "max-file-size", required_argument, NULL, OPT_MAX_SIZE },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "dump-ir", required_argument, NULL, OPT_DUMP_IR },
		{ "dump-ast", required_argument, NULL, OPT_DUMP_AST },
		{ "list-rules", no_argument, NULL, OPT_LIST_RULES },
		{ "explain", required_argument, NULL, OPT_EXPLAIN },
		{ "list-profiles", no_argument, NULL, OPT_LIST_PROFILES },
		{ "parse-only", no_argument, NULL, OPT_PARSE_ONLY },
		{ "profile", required_argument, NULL, OPT_PROFILE },
		{ "profile-file", required_argument, NULL, OPT_PROFILE_FILE },
		{ "min-severity", required_argument, NULL, OPT_MIN_SEV },
		{ "show-acknowledged", no_argument, NULL, OPT_SHOW_ACK },
		{ "all", no_argument, NULL, OPT_ALL },
		{ "witness", no_argument, NULL, OPT_WITNESS },
		{ "fix-hints", required_argument, NULL, OPT_FIX_HINTS },
		{ "baseline", required_argument, NULL, OPT_BASELINE },
		{ "diff", required_argument, NULL, OPT_DIFF },
		{ "cache-dir", required_argument, NULL, OPT_CACHE_DIR },
		{ "no-cache", no_argument, NULL, OPT_NO_CACHE },
		{ "no-prefilter", no_argument, NULL, OPT_NO_PREFILTER },
		{ "verify", no_argument, NULL, OPT_VERIFY },
		{ "depth", required_argument, NULL, OPT_DEPTH },
		{ "context", required_argument, NULL, OPT_CONTEXT },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	options_defaults(o);
	o->progress = isatty(2);
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":j:o:r:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			o->jobs = parse_uint("-j", optarg, 1, 1024);
			break;
		case 'o':
			o->output = optarg;
			break;
		case 'r':
			o->rules = optarg;
			break;
		case 'q':
			o->quiet = true;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		case OPT_EXCLUDE:
			o->excludes = xrealloc(o->excludes, sizeof(char *) * (o->nexcludes + 1));
			o->excludes[o->nexcludes++] = optarg;
			break;
		case OPT_MAX_SIZE:
			o->max_file_size = parse_size(optarg);
			break;
		case OPT_FORMAT:
			if (!strcmp(optarg, "text"))
				o->format = FORMAT_TEXT;
			else if (!strcmp(optarg, "json"))
				o->format = FORMAT_JSON;
			else if (!strcmp(optarg, "sarif"))
				o->format = FORMAT_SARIF;
			else if (!strcmp(optarg, "html"))
				o->format = FORMAT_HTML;
			else
				fatal("--format: '%s' is not one of text, json, sarif, html", optarg);
			break;
		case OPT_DUMP_IR:
			o->dump_ir = optarg;
			break;
		case OPT_DUMP_AST:
			o->dump_ast = optarg;
			break;
		case OPT_LIST_RULES:
			o->list_rules = true;
			break;
		case OPT_EXPLAIN:
			o->explain = optarg;
			break;
		case OPT_LIST_PROFILES:
			o->list_profiles = true;
			break;
		case OPT_PARSE_ONLY:
			o->parse_only = true;
			break;
		case OPT_PROFILE:
			o->profiles = optarg;
			break;
		case OPT_PROFILE_FILE:
			o->profile_files = xrealloc(o->profile_files,
						    sizeof(char *) * (o->nprofile_files + 1));
			o->profile_files[o->nprofile_files++] = optarg;
			break;
		case OPT_MIN_SEV:
			o->min_severity = severity_parse(optarg);
			if (o->min_severity < 0)
				fatal("--min-severity: '%s' is not one of note, low, medium, high, critical",
				      optarg);
			break;
		case OPT_SHOW_ACK:
			o->show_acknowledged = true;
			break;
		case OPT_ALL:
			o->show_acknowledged = true;
			o->show_possible = true;
			break;
		case OPT_WITNESS:
			o->witness = true;
			break;
		case OPT_FIX_HINTS:
			if (strcmp(optarg, "diff") != 0)
				fatal("--fix-hints: only 'diff' is known, not '%s'", optarg);
			o->fix_diff = true;
			break;
		case OPT_BASELINE:
			o->baseline = optarg;
			break;
		case OPT_DIFF:
			o->diff_rev = optarg;
			break;
		case OPT_CACHE_DIR:
			o->cache_dir = optarg;
			break;
		case OPT_NO_PREFILTER:
			o->no_prefilter = true;
			break;
		case OPT_NO_CACHE:
			o->no_cache = true;
			break;
		case OPT_VERIFY:
			o->verify = true;
			break;
		case OPT_DEPTH:
			o->depth = parse_uint("--depth", optarg, 0, 64);
			break;
		case OPT_CONTEXT: {
			enum context_mode m;

			if (!context_mode_parse(optarg, &m))
				fatal("--context: '%s' is not one of headers, tree, none", optarg);
			o->context = (uint8_t)m;
			break;
		}
		case OPT_VERSION:
			print_version();
			exit(0);
		case ':':
			fatal("option '%s' needs an argument (see --help)", argv[optind - 1]);
		default:
			fatal("unknown option '%s' (see --help)", argv[optind - 1]);
		}
	}
	o->paths = (const char **)argv + optind;
	o->npaths = (uint32_t)(argc - optind);
	if (!o->jobs)
		o->jobs = 0;	/* resolved by the caller: online CPUs */
	if (o->npaths == 0 && !o->list_rules && !o->explain && !o->list_profiles && !o->dump_ir &&
	    !o->dump_ast)
		fatal("no PATH to scan (see --help)");
}
