/*
 * The order of findings and what makes two of them one: the sort every
 * report uses, the fingerprint that survives unrelated edits, and the
 * folding of one race reached from many roots.  Rule-blind: a rule is
 * only a name here.
 */
#include "triage/order.h"
#include "rules/rule.h"
#include "triage/project.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_finding(const void *a, const void *b)
{
	const struct finding *x = *(struct finding *const *)a, *y = *(struct finding *const *)b;
	int c;

	if (x->severity != y->severity)
		return x->severity > y->severity ? -1 : 1;
	/* the best evidenced first, within a severity */
	if (x->confidence != y->confidence)
		return x->confidence > y->confidence ? -1 : 1;
	/*
	 * then a race whose other side is outside the program: a guest, user
	 * space, a frontend writes that memory whenever it likes, so the
	 * concurrency needs no proof; a host thread's needs the locks and the
	 * life cycle read right, which is where the weaker findings fail
	 */
	if (trigger_outside(x->trigger) != trigger_outside(y->trigger))
		return trigger_outside(x->trigger) ? -1 : 1;
	/*
	 * then the worse consequence: of two low findings, the one whose
	 * value reaches a WARN before the one nothing is known to follow from
	 */
	if (x->impact != y->impact)
		return x->impact > y->impact ? -1 : 1;
	if (x->evidence != y->evidence)
		return x->evidence > y->evidence ? -1 : 1;
	c = strcmp(sym_str(x->file), sym_str(y->file));
	if (c)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	c = strcmp(x->rule->name, y->rule->name);
	if (c)
		return c;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return strcmp(x->message, y->message);
}

void finding_list_sort(struct finding_list *l)
{
	sort_n(l->v, l->n, sizeof(*l->v), cmp_finding);
}

void finding_fingerprint(struct finding *f)
{
	/* no line numbers: moving code must not change it */
	struct sbuf b = {0};
	uint64_t h;

	/* the file as reports name it: the same however the scan was spelled */
	sb_printf(&b, "%s\n%s\n%s\n%s", f->rule->name, sym_str(project_path(f->file)),
		  sym_str(f->function),
		  sym_str(f->object));
	h = hash_bytes(b.s, b.len);
	snprintf(f->fingerprint, sizeof(f->fingerprint), "%016llx", (unsigned long long)h);
	sb_free(&b);
}

/* Enough entry points to see the pattern; the message gives the count. */
#define ENTRY_SITES_SHOWN 8

static void fold_into(struct finding *rep, struct finding **members, uint32_t n)
{
	struct finding_group *g = rep->group;
	struct sbuf msg = {0};

	for (uint32_t i = 0; i < n && i < ENTRY_SITES_SHOWN; i++) {
		const struct finding *m = members[i];

		finding_add_site(rep, m->file, m->line, m->col, m->function, "entry", 0,
				 "reached from here: %s", m->group->route);
	}
	if (n == 1)
		sb_printf(&msg, "%s, reached from %s", g->message, sym_str(rep->function));
	else
		sb_printf(&msg, "%s, reached from %u entry points", g->message, n);
	if (n > ENTRY_SITES_SHOWN)
		sb_printf(&msg, " (%u listed)", ENTRY_SITES_SHOWN);
	free(rep->message);
	rep->message = msg.s;
	rep->file = g->file;
	rep->line = g->line;
	rep->col = g->col;
	rep->function = g->function;
	rep->object = g->object;
}

/*
 * A function that is a root of its own and is also reached from other
 * roots reports the same race twice: once as its own (no group), once as
 * a callee's (a group).  The first joins the group, as one more root:
 * itself.
 */
static void join_own_root(struct finding_list *l)
{
	uint32_t *grouped = xmalloc(sizeof(*grouped) * (l->n + 1)), ng = 0;

	for (uint32_t i = 0; i < l->n; i++)
		if (l->v[i]->group)
			grouped[ng++] = i;
	for (uint32_t i = 0; i < l->n && ng; i++) {
		struct finding *f = l->v[i];

		if (f->group)
			continue;
		for (uint32_t j = 0; j < ng; j++) {
			const struct finding *o = l->v[grouped[j]];
			const struct finding_group *g = o->group;
			struct finding_group *own;

			if (o->rule != f->rule ||
			    (!(f->place_key && f->place_key == g->key) &&
			     (g->file != f->file || g->line != f->line ||
			      g->function != f->function || strcmp(g->message, f->message))))
				continue;
			own = xcalloc(1, sizeof(*own));
			*own = *g;
			own->message = xstrdup(g->message);
			own->route = xstrdup(sym_str(f->function));
			f->group = own;
			break;
		}
	}
	free(grouped);
}

/* How many calls a grouped finding's root made to reach the race. */
static unsigned route_steps(const struct finding *f)
{
	unsigned n = 0;

	for (const char *r = f->group->route; (r = strstr(r, " -> ")) != NULL; r += 4)
		n++;
	return n;
}

void finding_fold_groups(struct finding_list *l)
{
	struct finding **members;
	uint32_t *at, k = 0;

	join_own_root(l);
	finding_list_sort(l);
	members = xmalloc(sizeof(*members) * (l->n + 1));
	at = xmalloc(sizeof(*at) * (l->n + 1));
	for (uint32_t i = 0; i < l->n; i++) {
		struct finding *f = l->v[i];
		uint32_t n = 0;

		if (!f)
			continue;	/* folded into an earlier one */
		if (f->group) {
			for (uint32_t j = i; j < l->n; j++) {
				struct finding *o = l->v[j];

				if (o && o->group && o->rule == f->rule && o->group->key == f->group->key) {
					at[n] = j;
					members[n++] = o;
				}
			}
			/*
			 * the root nearest the operation's entry speaks for all:
			 * its way there is the longest (an ioctl, then the
			 * handler that is a root of its own too)
			 */
			{
				uint32_t best = 0;

				for (uint32_t m = 1; m < n; m++)
					if (route_steps(members[m]) > route_steps(members[best]))
						best = m;
				if (best) {
					struct finding *t = members[0];

					members[0] = members[best];
					members[best] = t;
					l->v[at[0]] = members[0];
					l->v[at[best]] = t;
					f = members[0];
				}
			}
			fold_into(f, members, n);
			for (uint32_t m = 1; m < n; m++) {
				l->v[at[m]] = NULL;
				finding_free(members[m]);
			}
		}
		l->v[k++] = f;
	}
	l->n = k;
	free(members);
	free(at);
}
