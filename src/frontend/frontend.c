#include "frontend/frontend.h"
#include "base/pool.h"
#include "base/util.h"
#include "input/cache.h"

#include <pthread.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tree_sitter/api.h>

const TSLanguage *tree_sitter_c(void);

static __thread TSParser *parser;

static void register_thread_exit(void)
{
	pool_on_worker_exit(frontend_thread_exit);
}

static TSParser *thread_parser(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	if (!parser) {
		pthread_once(&once, register_thread_exit);
		parser = ts_parser_new();
		if (!ts_parser_set_language(parser, tree_sitter_c()))
			fatal("the tree-sitter runtime rejects the C grammar (ABI mismatch)");
	}
	return parser;
}

void frontend_thread_exit(void)
{
	if (parser) {
		ts_parser_delete(parser);
		parser = NULL;
	}
}

/* The row and column of offset `to`, counting on from `at` at *pt. */
static TSPoint advance_point(const char *text, uint32_t at, uint32_t to, TSPoint pt)
{
	const char *p = text + at, *end = text + to, *nl;

	while ((nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		pt.row++;
		pt.column = 0;
		p = nl + 1;
	}
	pt.column += (uint32_t)(end - p);
	return pt;
}

/* Append the range text[*from, to) to r, and move *from past the hole up to next. */
static void add_range(const char *text, TSRange *r, uint32_t *n, uint32_t *from, uint32_t to,
		      uint32_t next, TSPoint *pt)
{
	r[*n].start_byte = *from;
	r[*n].start_point = *pt;
	*pt = advance_point(text, *from, to, *pt);
	r[*n].end_byte = to;
	r[*n].end_point = *pt;
	++*n;
	*pt = advance_point(text, to, next, *pt);
	*from = next;
}

/*
 * The ranges for the parser to read: the whole text but the insides of
 * the plan's plain bodies and the long comments.  Returns how many; none
 * when nothing is skipped, so that the whole text is read.
 */
static uint32_t reading_ranges(const struct source *src, const struct skim_plan *plan,
			       uint32_t *skipped_bodies, TSRange **out)
{
	const struct text_span *com = src->long_comments.v;
	uint32_t ncom = src->long_comments.n, c = 0, b = 0, n = 0, from = 0;
	TSRange *r = xmalloc(sizeof(*r) * (plan->nbodies + ncom + 1));
	TSPoint pt = { 0, 0 };

	*skipped_bodies = 0;
	for (;;) {
		/* the next hole: a body's inside or a comment, whichever starts first */
		while (b < plan->nbodies && (plan->bodies[b].open < from ||
					     !body_is_plain(src->parse_text, src->len, plan->bodies[b])))
			b++;
		while (c < ncom && com[c].start < from)
			c++;
		if (b < plan->nbodies && (c == ncom || plan->bodies[b].open < com[c].start)) {
			add_range(src->parse_text, r, &n, &from, plan->bodies[b].open + 1,
				  plan->bodies[b].close, &pt);
			++*skipped_bodies;
		} else if (c < ncom) {
			/*
			 * Only the text between the delimiters: the parser still
			 * meets a comment there, and its error recovery, which
			 * notices comments, goes as it would.
			 */
			bool block = src->parse_text[com[c].start + 1] == '*';

			add_range(src->parse_text, r, &n, &from, com[c].start + 2,
				  block ? com[c].end - 2 : com[c].end, &pt);
		} else {
			break;
		}
	}
	if (n)
		add_range(src->parse_text, r, &n, &from, src->len, src->len, &pt);
	*out = r;
	return n;
}

/* The ranges for the parser to read when the plan says which: just those. */
static uint32_t only_ranges(const struct source *src, const struct skim_plan *plan, TSRange **out)
{
	TSRange *r = xmalloc(sizeof(*r) * (plan->nreads + 1));
	uint32_t n = 0, from = 0;
	TSPoint pt = { 0, 0 };

	for (uint32_t i = 0; i < plan->nreads; i++) {
		struct text_span s = plan->reads[i];

		if (s.start < from || s.end <= s.start || s.end > src->len)
			continue;
		pt = advance_point(src->parse_text, from, s.start, pt);
		from = s.start;
		add_range(src->parse_text, r, &n, &from, s.end, s.end, &pt);
	}
	*out = r;
	return n;
}

/* Parse the text, skimming as plan says (NULL: read it all); sets *skipped. */
static TSTree *parse(const struct source *src, const struct skim_plan *plan, uint32_t *skipped)
{
	TSParser *p = thread_parser();
	TSRange *ranges = NULL;
	uint32_t nranges = 0;
	TSTree *t;

	*skipped = 0;
	if (plan && plan->nreads) {
		nranges = only_ranges(src, plan, &ranges);
		/* what is not read of it is skipped, its function bodies with the rest */
		*skipped = nranges ? plan->nbodies : 0;
	} else if (plan) {
		nranges = reading_ranges(src, plan, skipped, &ranges);
	}
	/* ranges it refuses (none should be) leave the whole text to read */
	if (nranges && !ts_parser_set_included_ranges(p, ranges, nranges)) {
		nranges = 0;
		*skipped = 0;
	}
	t = ts_parser_parse_string(p, NULL, src->parse_text, src->len);
	if (nranges)
		ts_parser_set_included_ranges(p, NULL, 0);
	free(ranges);
	ts_parser_reset(p);
	return t;
}

void frontend_file(const char *path, uint64_t max_size, bool parse_only,
		   const struct cache *cache, const struct skim_plan *skim,
		   struct file_result *out)
{
	struct source src;
	TSTree *tree;
	uint64_t hash = 0;

	memset(out, 0, sizeof(*out));
	out->status = source_read_unchecked(&src, path, max_size, out->reason, sizeof(out->reason));
	if (out->status != SOURCE_OK)
		return;
	if (cache && !parse_only) {
		hash = cache_content_hash(src.text, src.len);
		if (cache_load(cache, path, hash, src.len, &out->unit)) {
			out->parsed = out->cached = true;
			source_free(&src);
			return;
		}
	}
	out->status = source_check_text(&src, out->reason, sizeof(out->reason));
	if (out->status != SOURCE_OK)
		return;
	source_prepare(&src);
	tree = parse(&src, skim, &out->bodies_skimmed);
	if (!tree) {
		out->status = SOURCE_UNREADABLE;
		snprintf(out->reason, sizeof(out->reason), "the parser gave up on it");
		source_free(&src);
		return;
	}
	out->parsed = true;
	if (parse_only) {
		out->unit.path = intern(path);
		out->unit.bytes = src.len;
	} else {
		unit_lower(&out->unit, &src, tree);
		if (cache && !skim)
			cache_store(cache, path, hash, src.len, &out->unit);
	}
	ts_tree_delete(tree);
	source_free(&src);
}

TSTree *frontend_parse_whole(struct source *src)
{
	uint32_t skipped;

	source_prepare(src);
	return parse(src, NULL, &skipped);
}

void frontend_buffer(const char *name, const char *data, size_t len, struct unit *out)
{
	struct source src;
	TSTree *tree;
	uint32_t skipped;

	memset(out, 0, sizeof(*out));
	source_from_buffer(&src, name, data, len);
	tree = parse(&src, NULL, &skipped);
	if (tree) {
		unit_lower(out, &src, tree);
		ts_tree_delete(tree);
	} else {
		out->path = intern(name);
	}
	source_free(&src);
}

/*
 * One line per node, indented by depth: field name, node type, position,
 * and the text of named leaves.  Walked with a cursor, not recursion, so
 * a file nested fifty thousand levels deep prints instead of crashing.
 */
static void print_node(struct sbuf *out, TSTreeCursor *cur, const struct source *src,
		       unsigned depth)
{
	TSNode n = ts_tree_cursor_current_node(cur);
	const char *field = ts_tree_cursor_current_field_name(cur);
	TSPoint at = ts_node_start_point(n);

	if (!ts_node_is_named(n) && !ts_node_is_missing(n))
		return;
	/* past 64 levels the depth is written, or the output grows as its square */
	for (unsigned i = 0; i < depth && i < 64; i++)
		sb_puts(out, "  ");
	if (depth > 64)
		sb_printf(out, "[depth %u] ", depth);
	sb_printf(out, "%s%s%s%s %u:%u", field ? field : "", field ? ": " : "",
		  ts_node_is_missing(n) ? "MISSING " : "", ts_node_type(n), at.row + 1,
		  at.column + 1);
	if (!ts_node_child_count(n)) {
		uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);

		if (e > s && e - s <= 80 && e <= src->len)
			sb_printf(out, " \"%.*s\"", (int)(e - s), src->text + s);
	}
	sb_puts(out, "\n");
}

void frontend_syntax_tree(const char *data, size_t len, struct sbuf *out)
{
	struct source src;
	TSTree *tree;
	TSTreeCursor cur;
	unsigned depth = 0;
	uint32_t skipped;

	source_from_buffer(&src, "-", data, len);
	tree = parse(&src, NULL, &skipped);
	if (!tree) {
		source_free(&src);
		return;
	}
	cur = ts_tree_cursor_new(ts_tree_root_node(tree));
	for (;;) {
		print_node(out, &cur, &src, depth);
		if (ts_tree_cursor_goto_first_child(&cur)) {
			depth++;
			continue;
		}
		while (!ts_tree_cursor_goto_next_sibling(&cur)) {
			if (!ts_tree_cursor_goto_parent(&cur))
				goto done;
			depth--;
		}
	}
done:
	ts_tree_cursor_delete(&cur);
	ts_tree_delete(tree);
	source_free(&src);
}
