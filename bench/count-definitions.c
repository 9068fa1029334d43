/*
 * A plain count of function_definition nodes, for bench/run.sh to compare
 * with the functions tocsin analyses.  It parses each file exactly as read,
 * with the same runtime and grammar, and walks the whole tree: no
 * preparation of the text, no idioms.  Reads file names on stdin.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tree_sitter/api.h>

const TSLanguage *tree_sitter_c(void);

int main(void)
{
	TSParser *parser = ts_parser_new();
	char path[4096];
	unsigned long files = 0, defs = 0;

	ts_parser_set_language(parser, tree_sitter_c());
	while (fgets(path, sizeof(path), stdin)) {
		FILE *f;
		char *buf;
		long n;
		TSTree *tree;
		TSTreeCursor c;

		path[strcspn(path, "\n")] = '\0';
		f = fopen(path, "rb");
		if (!f)
			continue;
		fseek(f, 0, SEEK_END);
		n = ftell(f);
		fseek(f, 0, SEEK_SET);
		buf = malloc((size_t)n + 1);
		if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
			fclose(f);
			free(buf);
			continue;
		}
		fclose(f);
		tree = ts_parser_parse_string(parser, NULL, buf, (uint32_t)n);
		c = ts_tree_cursor_new(ts_tree_root_node(tree));
		for (;;) {
			TSNode node = ts_tree_cursor_current_node(&c);

			if (!strcmp(ts_node_type(node), "function_definition"))
				defs++;
			if (ts_tree_cursor_goto_first_child(&c))
				continue;
			while (!ts_tree_cursor_goto_next_sibling(&c))
				if (!ts_tree_cursor_goto_parent(&c))
					goto done;
		}
done:
		ts_tree_cursor_delete(&c);
		ts_tree_delete(tree);
		free(buf);
		files++;
	}
	printf("%lu %lu\n", files, defs);
	ts_parser_delete(parser);
	return 0;
}
