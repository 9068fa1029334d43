#include "analysis.h"
#include "cfg.h"
#include "util.h"

#include <stdio.h>
#include <string.h>

bool op_reaches(const struct ir_func *f, uint32_t a, uint32_t b)
{
	uint32_t ba, bb;

	if (a >= f->nops || b >= f->nops)
		return false;
	ba = f->ops[a].block;
	bb = f->ops[b].block;
	if (ba == bb && a < b)
		return true;
	/* from the end of a's block: its successors, or its loop */
	{
		const struct ir_block *bl = &f->blocks[ba];

		for (uint32_t s = 0; s < bl->nsucc; s++)
			if (cfg_reaches(f, f->succs[bl->succ_start + s], bb))
				return true;
	}
	return false;
}

bool path_location(const struct ir_func *f, const struct ir_path *p, char *buf, size_t n)
{
	const char *t = sym_str(p->text);
	const char *base = ir_path_base_name(f, p);
	size_t bl = strlen(base);

	if (t[0] == '*') {
		/* *p: the whole pointee; (*p).x was spelled p->x */
		snprintf(buf, n, "%s", "");
		return strchr(t + 1, '-') == NULL && strchr(t + 1, '.') == NULL;
	}
	if (p->base_kind == BASE_CALL) {
		const char *paren = strstr(t, "()");

		if (!paren)
			return false;
		t = paren + 2;
	} else if (p->base_kind == BASE_EXPR) {
		if (strncmp(t, "(expr)", 6))
			return false;
		t += 6;
	} else {
		if (strncmp(t, base, bl))
			return false;
		t += bl;
	}
	if (t[0] == '-' && t[1] == '>') {
		snprintf(buf, n, "%s", t + 2);
		return true;
	}
	if (t[0] == '[') {
		snprintf(buf, n, "%s", t);
		return true;
	}
	return false;
}

bool location_covers(const char *outer, const char *inner)
{
	size_t n = strlen(outer);

	if (n == 0)
		return true;
	if (strncmp(outer, inner, n))
		return false;
	return inner[n] == '\0' || inner[n] == '.' || inner[n] == '[';
}

void location_join(char *out, size_t n, const char *prefix, const char *loc)
{
	if (!*prefix)
		snprintf(out, n, "%s", loc);
	else if (!*loc)
		snprintf(out, n, "%s", prefix);
	else if (loc[0] == '[')
		snprintf(out, n, "%s%s", prefix, loc);
	else
		snprintf(out, n, "%s.%s", prefix, loc);
}

uint32_t op_src_ranges(const struct ir_func *f, const struct ir_op *op, uint32_t *starts,
		       uint32_t *counts, uint32_t max)
{
	if (op->kind == OP_CALL) {
		uint32_t k;

		for (k = 0; k < op->nargs && k < max; k++) {
			starts[k] = f->args[op->src_start + k].src_start;
			counts[k] = f->args[op->src_start + k].src_count;
		}
		return k;
	}
	if (!max)
		return 0;
	starts[0] = op->src_start;
	counts[0] = op->src_count;
	return 1;
}

const char *func_label(const struct ir_func *f)
{
	return sym_str(f->name);
}
