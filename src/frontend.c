#include "frontend.h"
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

void frontend_file(const char *path, uint64_t max_size, bool parse_only, struct file_result *out)
{
	struct source src;
	TSTree *tree;

	memset(out, 0, sizeof(*out));
	out->status = source_load(&src, path, max_size, out->reason, sizeof(out->reason));
	if (out->status != SOURCE_OK)
		return;
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

char *frontend_syntax_tree(const char *data, size_t len)
{
	struct source src;
	TSTree *tree;
	char *s = NULL;

	source_from_buffer(&src, "-", data, len);
	tree = parse(&src);
	if (tree) {
		char *t = ts_node_string(ts_tree_root_node(tree));

		s = xstrdup(t);
		free(t);
		ts_tree_delete(tree);
	}
	source_free(&src);
	return s ? s : xstrdup("");
}
