#include "rules/finding.h"
#include "rules/rule.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct finding *finding_new(const struct rule *r, sym_t file, uint32_t line, uint32_t col,
			    sym_t function, const char *fmt, ...)
{
	struct finding *f = xcalloc(1, sizeof(*f));
	struct sbuf b = {0};
	va_list ap;

	f->rule = r;
	f->file = file;
	f->line = line;
	f->col = col;
	f->function = function;
	f->rule_severity_hint = -1;
	va_start(ap, fmt);
	sb_vprintf(&b, fmt, ap);
	va_end(ap);
	sb_str(&b);
	f->message = b.s;
	return f;
}

void finding_add_site(struct finding *f, sym_t file, uint32_t line, uint32_t col, sym_t function,
		      const char *role, sym_t lock, const char *fmt, ...)
{
	struct site s = { file, line, col, function, intern(role), 0, lock };

	if (fmt) {
		struct sbuf b = {0};
		va_list ap;

		va_start(ap, fmt);
		sb_vprintf(&b, fmt, ap);
		va_end(ap);
		s.note = intern(sb_str(&b));
		sb_free(&b);
	}
	vec_push(&f->sites, s);
}

void finding_add_ref(struct finding *f, uint32_t func, uint32_t op, const char *role)
{
	struct op_ref r = { func, op, intern(role) };

	vec_push(&f->refs, r);
}

void finding_add_step(struct finding *f, unsigned cpu, uint32_t site, const char *fmt, ...)
{
	struct witness_step w = { (uint8_t)cpu, 0, site };
	struct sbuf b = {0};
	va_list ap;

	va_start(ap, fmt);
	sb_vprintf(&b, fmt, ap);
	va_end(ap);
	w.text = intern(sb_str(&b));
	sb_free(&b);
	vec_push(&f->witness, w);
}

void finding_free(struct finding *f)
{
	if (!f)
		return;
	free(f->message);
	free(f->impact_reason);
	free(f->ack_reason);
	free(f->fix);
	free(f->fix_diff);
	vec_free(&f->sites);
	vec_free(&f->refs);
	vec_free(&f->witness);
	if (f->group) {
		free(f->group->message);
		free(f->group->route);
		free(f->group);
	}
	free(f);
}

void finding_list_push(struct finding_list *l, struct finding *f)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = xrealloc(l->v, l->cap * sizeof(*l->v));
	}
	l->v[l->n++] = f;
}

void finding_list_append(struct finding_list *dst, struct finding_list *src)
{
	for (uint32_t i = 0; i < src->n; i++)
		finding_list_push(dst, src->v[i]);
	free(src->v);
	memset(src, 0, sizeof(*src));
}

static int cmp_finding(const void *a, const void *b)
{
	const struct finding *x = *(struct finding *const *)a, *y = *(struct finding *const *)b;
	int c;

	if (x->severity != y->severity)
		return x->severity > y->severity ? -1 : 1;
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

void finding_list_free(struct finding_list *l)
{
	for (uint32_t i = 0; i < l->n; i++)
		finding_free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

void finding_fingerprint(struct finding *f)
{
	/* no line numbers: moving code must not change it */
	struct sbuf b = {0};
	uint64_t h;

	sb_printf(&b, "%s\n%s\n%s\n%s", f->rule->name, sym_str(f->file), sym_str(f->function),
		  sym_str(f->object));
	h = hash_bytes(b.s, b.len);
	snprintf(f->fingerprint, sizeof(f->fingerprint), "%016llx", (unsigned long long)h);
	sb_free(&b);
}

const char *impact_name(enum impact i)
{
	static const char *const names[] = {
		[IMPACT_NONE] = "none", [IMPACT_BENIGN] = "benign",
		[IMPACT_GUEST_STATE] = "guest-state", [IMPACT_HOST_WARN] = "host-warn",
		[IMPACT_HOST_CONTROL] = "host-control", [IMPACT_HOST_MEMORY] = "host-memory",
	};

	return i <= IMPACT_HOST_MEMORY ? names[i] : "?";
}

const char *severity_name(enum severity s)
{
	static const char *const names[] = {
		[SEV_NOTE] = "note", [SEV_LOW] = "low", [SEV_MEDIUM] = "medium",
		[SEV_HIGH] = "high", [SEV_CRITICAL] = "critical",
	};

	return s <= SEV_CRITICAL ? names[s] : "?";
}

const char *status_name(enum finding_status s)
{
	static const char *const names[] = {
		[STATUS_OPEN] = "open", [STATUS_BOUNDED] = "bounded",
		[STATUS_ACKNOWLEDGED] = "acknowledged",
	};

	return s <= STATUS_ACKNOWLEDGED ? names[s] : "?";
}

int severity_parse(const char *s)
{
	for (int i = SEV_NOTE; i <= SEV_CRITICAL; i++)
		if (!strcmp(s, severity_name(i)))
			return i;
	return -1;
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

void finding_fold_groups(struct finding_list *l)
{
	struct finding **members;
	uint32_t *at, k = 0;

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
