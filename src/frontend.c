#include "frontend.h"
#include "cache.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tree_sitter/api.h>

const TSLanguage *tree_sitter_c(void);

static __thread TSParser *parser;

static TSParser *thread_parser(void)
{
	if (!parser) {
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

static TSTree *parse(const struct source *src)
{
	TSParser *p = thread_parser();
	TSTree *t = ts_parser_parse_string(p, NULL, src->parse_text, src->len);

	ts_parser_reset(p);
	return t;
}

void frontend_file(const char *path, uint64_t max_size, bool parse_only,
		   const struct cache *cache, struct file_result *out)
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
	tree = parse(&src);
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
		if (cache)
			cache_store(cache, path, hash, src.len, &out->unit);
	}
	ts_tree_delete(tree);
	source_free(&src);
}

void frontend_buffer(const char *name, const char *data, size_t len, struct unit *out)
{
	struct source src;
	TSTree *tree;

	memset(out, 0, sizeof(*out));
	source_from_buffer(&src, name, data, len);
	tree = parse(&src);
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

	source_from_buffer(&src, "-", data, len);
	tree = parse(&src);
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
