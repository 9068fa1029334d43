#include "rules/finding.h"

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
	f->confidence = CONFIDENCE_CONFIDENT;
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

void finding_doubt(struct finding *f, const char *why)
{
	if (f->confidence == CONFIDENCE_POSSIBLE)
		return;
	f->confidence = CONFIDENCE_POSSIBLE;
	f->doubt = intern(why);
}

void finding_add_ref(struct finding *f, uint32_t func, uint32_t op, const char *role)
{
	struct op_ref r = { func, op, intern(role), 0, 0, UINT32_MAX, UINT32_MAX };

	vec_push(&f->refs, r);
}

void finding_add_ref_part(struct finding *f, uint32_t func, uint32_t op, const char *role,
			  sym_t part)
{
	struct op_ref r = { func, op, intern(role), part, 0, UINT32_MAX, UINT32_MAX };

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

uint32_t finding_site_with(const struct finding *f, const char *role, uint32_t nth)
{
	sym_t r = intern(role);

	for (uint32_t i = 0; i < f->sites.n; i++)
		if (f->sites.v[i].role == r && nth-- == 0)
			return i;
	return UINT32_MAX;
}

const struct op_ref *finding_ref_with(const struct finding *f, const char *role)
{
	sym_t r = intern(role);

	for (uint32_t i = 0; i < f->refs.n; i++)
		if (f->refs.v[i].role == r)
			return &f->refs.v[i];
	return NULL;
}

void finding_step_at(struct finding *f, unsigned cpu, uint32_t s, const char *verb)
{
	const struct site *st;

	if (s == UINT32_MAX)
		return;
	st = &f->sites.v[s];
	finding_add_step(f, cpu, s, "%s (line %u, %s)", verb, st->line, sym_str(st->function));
}

const char *finding_other_party(const struct finding *f)
{
	return f->trigger ? sym_str(f->trigger) : "another thread";
}

bool trigger_outside(sym_t trigger)
{
	static const char *const words[] = { "guest", "user", "frontend", "backend", "lower privilege",
					     "S-mode", "supervisor" };
	const char *t = sym_str(trigger);

	for (size_t i = 0; i < ARRAY_SIZE(words); i++)
		if (strstr(t, words[i]))
			return true;
	return false;
}

bool trigger_untrusted(sym_t trigger)
{
	/* "user space (another thread) holding CAP_SYS_ADMIN": a privileged party */
	return trigger_outside(trigger) && !strstr(sym_str(trigger), " holding ");
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

void finding_list_free(struct finding_list *l)
{
	for (uint32_t i = 0; i < l->n; i++)
		finding_free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
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

const char *confidence_name(enum confidence c)
{
	return c == CONFIDENCE_CONFIDENT ? "confident" : "possible";
}

int severity_parse(const char *s)
{
	for (int i = SEV_NOTE; i <= SEV_CRITICAL; i++)
		if (!strcmp(s, severity_name(i)))
			return i;
	return -1;
}
