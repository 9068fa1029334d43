#include "input/patch.h"
#include "base/util.h"

#include <stdlib.h>
#include <string.h>

void patch_init(struct patch *p, struct source *src)
{
	memset(p, 0, sizeof(*p));
	p->src = src;
}

void patch_replace(struct patch *p, uint32_t start, uint32_t end, const char *text)
{
	struct text_edit e = { start, end, p->edits.n, xstrdup(text) };

	if (start > end || end > p->src->len)
		p->bad = true;
	vec_push(&p->edits, e);
}

void patch_insert(struct patch *p, uint32_t at, const char *text)
{
	patch_replace(p, at, at, text);
}

void patch_free(struct patch *p)
{
	for (uint32_t i = 0; i < p->edits.n; i++)
		free(p->edits.v[i].text);
	vec_free(&p->edits);
}

static int cmp_edit(const void *a, const void *b)
{
	const struct text_edit *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end < y->end ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The file's lines, 1-based: where each starts, and how many real ones there are. */
struct lines {
	const uint32_t *start;	/* start[l - 1]; start[n] is one past the text */
	uint32_t n;		/* lines with content or a newline */
	uint32_t len;
};

static void lines_of(struct source *src, struct lines *ls)
{
	size_t dummy;

	source_line(src, 1, &dummy);	/* builds line_starts */
	ls->start = src->line_starts;
	ls->len = src->len;
	ls->n = source_nlines(src);
	/* a text ending in a newline has no line after it */
	if (ls->n && ls->start[ls->n - 1] >= src->len)
		ls->n--;
}

/* The line (1-based) that byte `off` is in; the text's end is on line n + 1 when it ends in "\n". */
static uint32_t line_of(const struct lines *ls, uint32_t off)
{
	uint32_t lo = 0, hi = ls->n;	/* the answer is in [lo, hi] as an index */

	while (lo < hi) {
		uint32_t mid = (lo + hi + 1) / 2;

		if (ls->start[mid] <= off)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo + 1;
}

static uint32_t line_begin(const struct lines *ls, uint32_t l)
{
	return l > ls->n ? ls->len : ls->start[l - 1];
}

/* The byte after line l's newline (or the text's end). */
static uint32_t line_after(const struct lines *ls, uint32_t l)
{
	return l >= ls->n ? ls->len : ls->start[l];
}

/*
 * A run of edited lines: old lines [first, last] (last = first - 1 when
 * lines are only inserted before `first`) and the edits [e0, e1) in it.
 */
struct change {
	uint32_t first, last;
	uint32_t e0, e1;
};

static void edit_lines(const struct lines *ls, const struct text_edit *e, uint32_t *first,
		       uint32_t *last)
{
	*first = line_of(ls, e->start);
	if (e->end > e->start) {
		*last = line_of(ls, e->end - 1);
		return;
	}
	/* whole lines put before a line touch no old line */
	if (line_begin(ls, *first) == e->start && *e->text && e->text[strlen(e->text) - 1] == '\n')
		*last = *first - 1;
	else
		*last = *first;
}

static void emit_line(struct sbuf *d, char mark, const char *s, size_t n, bool newline)
{
	sb_putc(d, mark);
	sb_putn(d, s, n);
	sb_putc(d, '\n');
	if (!newline)
		sb_puts(d, "\\ No newline at end of file\n");
}

/* Old lines [a, b] as context or removals. */
static void emit_old(struct sbuf *d, const struct lines *ls, const char *text, char mark,
		     uint32_t a, uint32_t b)
{
	for (uint32_t l = a; l <= b && l <= ls->n; l++) {
		uint32_t s = line_begin(ls, l), e = line_after(ls, l);
		bool nl = e > s && text[e - 1] == '\n';

		emit_line(d, mark, text + s, e - s - nl, nl);
	}
}

/* The new text of a change's lines, as added lines; returns how many. */
static uint32_t emit_new(struct sbuf *d, const struct lines *ls, const char *text,
			 const struct change *c, const struct text_edit *ev)
{
	struct sbuf nb = {0};
	uint32_t at = line_begin(ls, c->first);
	uint32_t end = c->last >= c->first ? line_after(ls, c->last) : at;
	uint32_t count = 0;
	const char *p, *stop;

	for (uint32_t i = c->e0; i < c->e1; i++) {
		sb_putn(&nb, text + at, ev[i].start - at);
		sb_puts(&nb, ev[i].text);
		at = ev[i].end;
	}
	sb_putn(&nb, text + at, end - at);
	p = sb_str(&nb);
	stop = p + nb.len;
	while (p < stop) {
		const char *nl = memchr(p, '\n', (size_t)(stop - p));

		emit_line(d, '+', p, nl ? (size_t)(nl - p) : (size_t)(stop - p), nl != NULL);
		count++;
		p = nl ? nl + 1 : stop;
	}
	sb_free(&nb);
	return count;
}

static uint32_t count_new_lines(const struct lines *ls, const char *text, const struct change *c,
				const struct text_edit *ev)
{
	struct sbuf scratch = {0};
	uint32_t n = emit_new(&scratch, ls, text, c, ev);

	sb_free(&scratch);
	return n;
}

char *patch_diff(struct patch *p, const char *path)
{
	struct text_edit *ev = p->edits.v;
	uint32_t ne = p->edits.n, nc = 0;
	struct change *ch;
	struct lines ls;
	struct sbuf d = {0};
	const char *text = p->src->text;
	int64_t delta = 0;

	if (!ne || p->bad)
		return NULL;
	qsort(ev, ne, sizeof(*ev), cmp_edit);
	for (uint32_t i = 1; i < ne; i++)
		if (ev[i].start < ev[i - 1].end)
			return NULL;
	lines_of(p->src, &ls);

	/* edits on the same or neighbouring lines make one change */
	ch = xcalloc(ne, sizeof(*ch));
	for (uint32_t i = 0; i < ne; i++) {
		uint32_t a, b;

		edit_lines(&ls, &ev[i], &a, &b);
		if (nc && a <= ch[nc - 1].last + 1) {
			if (b > ch[nc - 1].last)
				ch[nc - 1].last = b;
			ch[nc - 1].e1 = i + 1;
			continue;
		}
		ch[nc++] = (struct change){ a, b, i, i + 1 };
	}

	sb_printf(&d, "--- a/%s\n+++ b/%s\n", path, path);
	for (uint32_t i = 0; i < nc;) {
		/* one hunk: the changes whose context windows meet */
		uint32_t j = i + 1, from, to, old_n, new_n = 0, at;

		while (j < nc && ch[j].first <= ch[j - 1].last + 1 + 2 * PATCH_CONTEXT)
			j++;
		from = ch[i].first > PATCH_CONTEXT ? ch[i].first - PATCH_CONTEXT : 1;
		to = ch[j - 1].last + PATCH_CONTEXT;
		if (to > ls.n)
			to = ls.n;
		old_n = to + 1 - from;
		for (uint32_t k = i; k < j; k++)
			new_n += count_new_lines(&ls, text, &ch[k], ev) -
				 (ch[k].last + 1 - ch[k].first);
		new_n += old_n;
		/* an empty side starts at the line before, as diff(1) writes it */
		sb_printf(&d, "@@ -%u,%u +%lld,%u @@\n", old_n ? from : from - 1, old_n,
			  (long long)(new_n ? from + delta : from + delta - 1), new_n);
		at = from;
		for (uint32_t k = i; k < j; k++) {
			emit_old(&d, &ls, text, ' ', at, ch[k].first - 1);
			emit_old(&d, &ls, text, '-', ch[k].first, ch[k].last);
			emit_new(&d, &ls, text, &ch[k], ev);
			at = ch[k].last + 1;
		}
		emit_old(&d, &ls, text, ' ', at, to);
		delta += (int64_t)new_n - old_n;
		i = j;
	}
	free(ch);
	return d.s;
}
