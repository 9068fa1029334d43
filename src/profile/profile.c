#include "profile/profile.h"
#include "ir/ir.h"
#include "ir/byterange.h"

#include <errno.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const char *sink_kind_name(enum sink_kind k)
{
	static const char *const names[] = {
		[SINK_SIZE] = "size", [SINK_INDEX] = "index", [SINK_POINTER] = "pointer",
		[SINK_HOST_CONTROL] = "host-control", [SINK_WARN] = "warn",
		[SINK_GUEST_STATE] = "guest-state", [SINK_BENIGN] = "benign",
	};

	return k < SINK_KINDS ? names[k] : "?";
}

struct parser {
	struct profile_set *s;
	const char *file;
	uint32_t line;
	char *err;
	size_t errlen;
	int profile;		/* current profile, or -1 */
	sym_t transition;	/* current transition block, or 0 */
	char *tok[24];
	unsigned ntok;
};

static bool fail(struct parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static bool fail(struct parser *p, const char *fmt, ...)
{
	va_list ap;
	/* line 0: about the whole file */
	int n = p->line ? snprintf(p->err, p->errlen, "%s:%u: error: ", p->file, p->line) :
			  snprintf(p->err, p->errlen, "%s: error: ", p->file);

	va_start(ap, fmt);
	if (n > 0 && (size_t)n < p->errlen)
		vsnprintf(p->err + n, p->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return false;
}

/* Split one line into tokens in place; "quoted strings" are one token. */
static bool tokenize(struct parser *p, char *line)
{
	char *s = line;

	p->ntok = 0;
	for (;;) {
		while (*s == ' ' || *s == '\t' || *s == '\r')
			s++;
		if (!*s || *s == '#')
			return true;
		if (p->ntok == ARRAY_SIZE(p->tok))
			return fail(p, "too many words on one line");
		if (*s == '"') {
			char *d = ++s;

			p->tok[p->ntok++] = d;
			while (*s && *s != '"') {
				if (*s == '\\' && s[1])
					s++;
				*d++ = *s++;
			}
			if (*s != '"')
				return fail(p, "unterminated quoted string");
			s++;
			*d = '\0';
			if (*s && *s != ' ' && *s != '\t' && *s != '\r')
				return fail(p, "a quoted string must be followed by a blank");
			continue;
		}
		p->tok[p->ntok++] = s;
		while (*s && *s != ' ' && *s != '\t' && *s != '\r' && *s != '#')
			s++;
		if (*s == '#') {
			*s = '\0';
			return true;
		}
		if (*s)
			*s++ = '\0';
	}
}

static bool number(struct parser *p, const char *what, const char *t, int8_t *out, bool dash_ok)
{
	char *end;
	long v;

	if (dash_ok && !strcmp(t, "-")) {
		*out = -1;
		return true;
	}
	errno = 0;
	v = strtol(t, &end, 10);
	if (errno || *end || end == t || v < 0 || v > 63)
		return fail(p, "%s must be an argument number from 0 to 63, not '%s'", what, t);
	*out = (int8_t)v;
	return true;
}

static bool identifier(const char *t)
{
	if (!*t || (*t >= '0' && *t <= '9'))
		return false;
	for (const char *c = t; *c; c++)
		if (!(*c == '_' || (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		      (*c >= '0' && *c <= '9') || (*c == '*' && c[1] == '\0' && c != t)))
			return false;
	return true;
}

/* A field name, or a dotted chain of them: "khva", "sev_es.ghcb". */
static bool field_chain(const char *t)
{
	char buf[256];
	char *save = NULL;

	if (!*t || strlen(t) >= sizeof(buf) || t[0] == '.' || t[strlen(t) - 1] == '.' ||
	    strstr(t, ".."))
		return false;
	snprintf(buf, sizeof(buf), "%s", t);
	for (char *c = strtok_r(buf, ".", &save); c; c = strtok_r(NULL, ".", &save))
		if (!identifier(c) || strchr(c, '*'))
			return false;
	return true;
}

static bool set_name(struct parser *p, struct profile_rule *r, const char *what, const char *t)
{
	size_t n = strlen(t);

	if (!identifier(t))
		return fail(p, "%s '%s' is not a C identifier (a trailing * matches any suffix)",
			    what, t);
	r->prefix = t[n - 1] == '*';
	r->name = intern_n(t, r->prefix ? n - 1 : n);
	return true;
}

/*
 * An idiom's name: a C identifier, or a pattern of one (docs/profiles.md):
 * `*` stands for any text, "(w1|w2)*" for any number of the words one
 * after another.  The parser has written out each "(a|b)" without a `*`
 * before this sees the name.
 */
static bool set_idiom_name(struct parser *p, struct profile_rule *r, const char *t)
{
	bool pattern = false;

	if (!*t || (*t >= '0' && *t <= '9'))
		goto bad;
	for (const char *c = t; *c; c++) {
		if (*c == '_' || (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		    (*c >= '0' && *c <= '9'))
			continue;
		if (*c == '*') {
			pattern = true;
			continue;
		}
		if (*c == '(') {
			const char *close = strchr(c, ')');

			if (!close || close[1] != '*')
				goto bad;
			for (const char *w = c + 1; w < close; w++)
				if (!(*w == '|' || *w == '_' || (*w >= 'a' && *w <= 'z') ||
				      (*w >= 'A' && *w <= 'Z') || (*w >= '0' && *w <= '9')))
					goto bad;
			/* an empty word would repeat forever */
			if (c[1] == '|' || close[-1] == '|' || c + 1 == close ||
			    (strstr(c, "||") && strstr(c, "||") < close))
				goto bad;
			pattern = true;
			c = close + 1;
			continue;
		}
		goto bad;
	}
	if (!strcmp(t, "*"))
		return fail(p, "'*' alone would make every call one");
	r->prefix = pattern;
	r->name = intern(t);
	return true;
bad:
	return fail(p, "function '%s' is not a C identifier or a pattern of one (* any text, "
		       "(a|b) one of the words, (a|b)* any number of them)", t);
}

static bool set_struct(struct parser *p, struct profile_rule *r, const char *t)
{
	char buf[256];

	if (!strcmp(t, "*")) {
		r->strct = intern("*");	/* any struct */
		return true;
	}
	if (str_starts(t, "union:")) {
		snprintf(buf, sizeof(buf), "union %s", t + 6);
		t += 6;
	} else {
		snprintf(buf, sizeof(buf), "struct %s", t);
	}
	if (!identifier(t) || strchr(t, '*'))
		return fail(p, "'%s' is not a struct tag (write the tag alone: kvm_vcpu)", t);
	r->strct = intern(buf);
	return true;
}

static bool sink_kind(struct parser *p, const char *t, uint8_t *out)
{
	for (unsigned k = 0; k < SINK_KINDS; k++)
		if (!strcmp(t, sink_kind_name(k))) {
			*out = (uint8_t)k;
			return true;
		}
	return fail(p, "unknown sink kind '%s' (size, index, pointer, host-control, warn, "
		       "guest-state, benign)", t);
}

static bool arity(struct parser *p, unsigned lo, unsigned hi, const char *usage)
{
	if (p->ntok - 1 < lo || p->ntok - 1 > hi)
		return fail(p, "usage: %s", usage);
	return true;
}

static char *join(struct parser *p, unsigned from)
{
	struct sbuf b = {0};

	for (unsigned i = from; i < p->ntok; i++) {
		if (i > from)
			sb_putc(&b, ' ');
		sb_puts(&b, p->tok[i]);
	}
	sb_str(&b);
	return b.s;
}

/* Add the rule, in the current transition block if any. */
static bool add_rule(struct parser *p, struct profile_rule *r)
{
	r->transition = p->transition;
	vec_push(&p->s->rules, *r);
	return true;
}

/* profile NAME: the profile the lines that follow describe. */
static bool parse_profile(struct parser *p)
{
	struct profile pr = {0};

	if (!arity(p, 1, 1, "profile NAME"))
		return false;
	if (!identifier(p->tok[1]) && !strchr(p->tok[1], '-'))
		return fail(p, "profile name '%s' is not a word", p->tok[1]);
	for (uint32_t i = 0; i < p->s->profiles.n; i++)
		if (p->s->profiles.v[i].name == intern(p->tok[1]))
			return fail(p, "profile '%s' is defined twice", p->tok[1]);
	pr.name = intern(p->tok[1]);
	pr.file = intern(p->file);
	vec_push(&p->s->profiles, pr);
	p->profile = (int)p->s->profiles.n - 1;
	p->transition = 0;
	return true;
}

/* description, memory or trigger TEXT: about the profile, not a rule. */
static bool parse_profile_text(struct parser *p, struct profile_rule *r)
{
	const char *d = p->tok[0];
	struct profile *cur = &p->s->profiles.v[p->profile];

	if (p->ntok < 2)
		return fail(p, "usage: %s TEXT", d);
	if (d[0] == 'd') {
		free(cur->description);
		cur->description = join(p, 1);
	} else {
		char *t = join(p, 1);

		if (d[0] == 'm')
			cur->memory = intern(t);
		else
			cur->trigger = intern(t);
		free(t);
	}
	return true;
}

static bool parse_shared_user(struct parser *p, struct profile_rule *r)
{
	struct profile *cur = &p->s->profiles.v[p->profile];

	if (!arity(p, 0, 0, "shared-user"))
		return false;
	cur->user_pointers = true;
	p->s->any_user_pointers = true;
	return true;
}

/*
 * single-reads-marked: the codebase reads this memory once with a marked
 * access (READ_ONCE, ACCESS_ONCE) wherever the value is used twice; a
 * plain read into a local checked and then used is a compiler's double
 * fetch there.  Codebases that take a plain copy into a local as the fix
 * (EDK2's TempCommBufferSize = *CommBufferSize) leave it out.
 */
static bool parse_single_reads_marked(struct parser *p, struct profile_rule *r)
{
	if (!arity(p, 0, 0, "single-reads-marked"))
		return false;
	p->s->profiles.v[p->profile].single_reads_marked = true;
	return true;
}

/*
 * benign-race-note: a plain access that races with a marked one, whose
 * value reaches nothing the rules know to depend on it, is a note in this
 * codebase rather than low.  For a codebase that runs no race detector
 * (KCSAN, TSan) and takes ACCESS_ONCE()/read_atomic() or atomic_read()
 * markings as cleanups: Xen's pending-flag polls, QEMU's state snapshots.
 */
static bool parse_benign_race_note(struct parser *p, struct profile_rule *r)
{
	if (!arity(p, 0, 0, "benign-race-note"))
		return false;
	p->s->profiles.v[p->profile].benign_race_note = true;
	return true;
}

bool profile_set_benign_race_note(const struct profile_set *s)
{
	for (uint32_t i = 0; s && i < s->profiles.n; i++)
		if (s->profiles.v[i].benign_race_note && !s->profiles.v[i].in_fallback)
			return true;
	return false;
}

/*
 * panic-on-warn: the host this codebase builds can be set to stop on a
 * warning (Linux's panic_on_warn sysctl and boot option, which fleets and
 * fuzzers turn on): a WARN the other party can trigger is then a way to
 * take the host down, not a line in a log.
 */
static bool parse_panic_on_warn(struct parser *p, struct profile_rule *r)
{
	if (!arity(p, 0, 0, "panic-on-warn"))
		return false;
	p->s->profiles.v[p->profile].panic_on_warn = true;
	return true;
}

bool profile_set_panic_on_warn(const struct profile_set *s)
{
	for (uint32_t i = 0; s && i < s->profiles.n; i++)
		if (s->profiles.v[i].panic_on_warn && !s->profiles.v[i].in_fallback)
			return true;
	return false;
}

/*
 * handler-register FUNC ARG: FUNC(.., handler, ..), with the handler as
 * argument ARG, registers it (EDK2's SmiHandlerRegister and
 * MmiHandlerRegister, called through gSmst/gMmst): the profile's
 * shared-param-name parameters are then shared in the handlers so
 * registered, not in every function that merely names a parameter so
 * (the caller's side of the communication, MmCommunicate()).
 */
static bool parse_handler_register(struct parser *p, struct profile_rule *r)
{
	if (!arity(p, 2, 3, "handler-register FUNC ARG [HANDLE]") ||
	    !set_name(p, r, "function", p->tok[1]) ||
	    !number(p, "ARG", p->tok[2], &r->arg, false) ||
	    (p->ntok > 3 && !number(p, "HANDLE", p->tok[3], &r->dest, false)))
		return false;
	if (r->prefix)
		return fail(p, "handler-register takes one function name, not a prefix");
	r->kind = PR_HANDLER_REGISTER;
	p->s->profiles.v[p->profile].registered_handlers = true;
	return add_rule(p, r);
}

/*
 * reads FUNC ARG FIELD: FUNC(.., p, ..), with p as argument ARG, returns
 * p->FIELD, a read of the memory p points into.  For accessors the
 * parser never sees the body of: a header macro defines one per member
 * (DEFINE_GHCB_ACCESSORS(sw_exit_code) -> ghcb_get_sw_exit_code()).  A
 * FUNC ending in "*" names the family; a FIELD ending in "*" is completed
 * with the suffix the call's name matched (ghcb_get_* 0 save.*: the call
 * ghcb_get_rax(g) reads g->save.rax).
 */
static bool parse_reads(struct parser *p, struct profile_rule *r)
{
	const char *field;
	size_t n;
	char buf[256];

	if (!arity(p, 3, 3, "reads FUNC ARG FIELD") || !set_name(p, r, "function", p->tok[1]) ||
	    !number(p, "ARG", p->tok[2], &r->arg, false))
		return false;
	field = p->tok[3];
	n = strlen(field);
	if (n >= sizeof(buf))
		return fail(p, "FIELD '%s' is too long", field);
	snprintf(buf, sizeof(buf), "%s", field);
	if (n && buf[n - 1] == '*') {
		if (!r->prefix)
			return fail(p, "FIELD '%s' ends in * but FUNC '%s' names no family (end it "
				    "in * too)", field, p->tok[1]);
		buf[--n] = '\0';
		/* save.* : the chain up to the completed member */
		if (n && buf[n - 1] == '.')
			buf[n - 1] = '\0';
		else if (n)
			return fail(p, "FIELD '%s': a * completes a member of its own (save.*)",
				    field);
	}
	if (buf[0] && !field_chain(buf))
		return fail(p, "FIELD '%s' is not a member or a dotted chain of them", field);
	if (!buf[0] && field[0] != '*')
		return fail(p, "FIELD is empty");
	r->field = intern(field);
	r->kind = PR_READS;
	return add_rule(p, r);
}

/*
 * handler-unregister FUNC ARG: FUNC(.., handle, ..) unregisters the handler
 * registered with that handle (handler-register's HANDLE).  Together with
 * lockdown-notify: a handler that a lockdown callback unregisters serves
 * only the firmware's own code, before anything untrusted runs.
 */
static bool parse_handler_unregister(struct parser *p, struct profile_rule *r)
{
	if (!arity(p, 2, 2, "handler-unregister FUNC ARG") ||
	    !set_name(p, r, "function", p->tok[1]) ||
	    !number(p, "ARG", p->tok[2], &r->arg, false))
		return false;
	if (r->prefix)
		return fail(p, "handler-unregister takes one function name, not a prefix");
	r->kind = PR_HANDLER_UNREGISTER;
	return add_rule(p, r);
}

/*
 * DIRECTIVE FUNC ARG: a function and the one argument it acts on.
 *
 * frees FUNC ARG: FUNC(.., obj, ..) frees the object argument ARG names
 * (or drops the reference that keeps it allocated).  takes-ref FUNC ARG:
 * FUNC(.., obj, ..) takes a reference that keeps it alive until dropped.
 * Together they tell an object looked up under a lock and used after the
 * unlock (stale-snapshot) from one the lookup pinned first.
 *
 * shared-pages FUNC ARG: FUNC maps the other party's memory at the pages
 * whose array is argument ARG (gnttab_map_refs(ops, kops, pages, n)).
 * page-address FUNC ARG: FUNC gives the kernel address, or the frame, of
 * the page argument ARG names (page_address, kmap_local_page,
 * page_to_pfn, pfn_to_kaddr): of a mapped page, a pointer into it.
 */
static bool parse_function_arg(struct parser *p, struct profile_rule *r)
{
	static const struct {
		const char *d;
		uint8_t kind;
	} kinds[] = {
		{ "frees", PR_FREES }, { "takes-ref", PR_TAKES_REF },
		{ "shared-pages", PR_SHARED_PAGES }, { "page-address", PR_PAGE_ADDRESS },
		{ "exclusive-page", PR_EXCLUSIVE_PAGE },
	};
	char usage[96];

	snprintf(usage, sizeof(usage), "%s FUNC ARG", p->tok[0]);
	if (!arity(p, 2, 2, usage) || !set_name(p, r, "function", p->tok[1]) ||
	    !number(p, "ARG", p->tok[2], &r->arg, false))
		return false;
	for (unsigned i = 0; i < ARRAY_SIZE(kinds); i++)
		if (!strcmp(p->tok[0], kinds[i].d))
			r->kind = kinds[i].kind;
	return add_rule(p, r);
}

/*
 * lockdown-notify FUNC EVENT_ARG CALLBACK_ARG EVENT: FUNC(.., &EVENT, ..,
 * callback, ..) asks for callback to run when EVENT happens, and EVENT is
 * the platform's lockdown, which comes before any code the other side
 * controls runs (EDK2's MM ReadyToLock, signalled before the boot manager
 * starts third-party code or the OS).  What the callback unregisters was
 * never reachable by the other side.
 */
static bool parse_lockdown_notify(struct parser *p, struct profile_rule *r)
{
	if (!arity(p, 4, 4, "lockdown-notify FUNC EVENT_ARG CALLBACK_ARG EVENT") ||
	    !set_name(p, r, "function", p->tok[1]) ||
	    !number(p, "EVENT_ARG", p->tok[2], &r->arg, false) ||
	    !number(p, "CALLBACK_ARG", p->tok[3], &r->dest, false))
		return false;
	if (r->prefix)
		return fail(p, "lockdown-notify takes one function name, not a prefix");
	if (!identifier(p->tok[4]) || strchr(p->tok[4], '*'))
		return fail(p, "event '%s' is not a C identifier", p->tok[4]);
	r->target = intern(p->tok[4]);
	r->kind = PR_LOCKDOWN_NOTIFY;
	return add_rule(p, r);
}

/*
 * private-module-type TYPE: in a module of that type (its build
 * description's MODULE_TYPE), the framework copies the shared buffer into
 * its own memory before it calls the registered handlers, and copies it
 * back after (EDK2's Standalone MM core, MM_STANDALONE): a handler whose
 * file is built only into such modules reads no memory the other side
 * can write.  A file also built into another type stays shared.
 */
static bool parse_private_module(struct parser *p, struct profile_rule *r)
{
	if (!arity(p, 1, 1, "private-module-type TYPE") ||
	    !set_name(p, r, "module type", p->tok[1]))
		return false;
	if (r->prefix)
		return fail(p, "private-module-type takes one module type, not a prefix");
	r->kind = PR_PRIVATE_MODULE;
	return add_rule(p, r);
}

/*
 * concurrent-entries: the entry points handed this memory (by a
 * shared-param-name parameter) run on several CPUs at once -- TF-A's SMC
 * handlers, unlike EDK2's SMI handlers, which SMM runs on one CPU while
 * the others wait.
 */
static bool parse_concurrent_entries(struct parser *p, struct profile_rule *r)
{
	if (!arity(p, 0, 0, "concurrent-entries"))
		return false;
	p->s->profiles.v[p->profile].concurrent_entries = true;
	return true;
}

/*
 * shared-return FUNC [ARG] or snapshot FUNC.  With ARG, FUNC turns an
 * address held as an integer into a pointer (u64_to_user_ptr(x)): the
 * pointer is where that argument's value says.
 */
static bool parse_shared_return(struct parser *p, struct profile_rule *r)
{
	bool shared = p->tok[0][1] == 'h';

	if (!strcmp(p->tok[0], "shared-map")) {
		/*
		 * shared-map FUNC: FUNC maps the other party's memory, and
		 * the pointer is kept in a field of a longer-lived object (a
		 * backend's ring page in its device state), read in other
		 * functions than the one that mapped it
		 */
		if (!arity(p, 1, 1, "shared-map FUNC") || !set_name(p, r, "function", p->tok[1]))
			return false;
		r->kind = PR_SHARED_RETURN;
		r->stored = true;
		return add_rule(p, r);
	}

	if (!strcmp(p->tok[0], "shared-page")) {
		/*
		 * shared-page FUNC [ARG]: FUNC gives a page (or frame) of the
		 * other party's memory, as its result or through its
		 * out-parameter ARG (Xen's get_page_from_gfn(d, gfn, &t, q),
		 * check_get_page_from_gfn(d, gfn, ro, &t, &page)): a host
		 * object, as shared-pages' are, that a page-address call turns
		 * into a pointer into the memory (__map_domain_page(page))
		 */
		if (!arity(p, 1, 2, "shared-page FUNC [ARG]") ||
		    !set_name(p, r, "function", p->tok[1]))
			return false;
		r->page = true;
		if (p->ntok == 2) {
			r->kind = PR_SHARED_RETURN;
			return add_rule(p, r);
		}
		if (!number(p, "ARG", p->tok[2], &r->arg, false))
			return false;
		r->field = intern("*");
		r->kind = PR_SHARED_OUT;
		return add_rule(p, r);
	}
	if (!arity(p, 1, shared ? 2 : 1, shared ? "shared-return FUNC [ARG]" : "snapshot FUNC") ||
	    !set_name(p, r, "function", p->tok[1]))
		return false;
	if (shared && p->ntok == 3 && !number(p, "ARG", p->tok[2], &r->arg, false))
		return false;
	r->kind = shared ? PR_SHARED_RETURN : PR_SNAPSHOT;
	return add_rule(p, r);
}

/*
 * inline-copy FUNC: FUNC is a copy the compiler knows and expands into
 * plain loads (memcpy).  A copy of shared memory into a local made so is
 * no snapshot: the compiler may load a member from the shared memory
 * again where the local's member is used.
 */
static bool parse_inline_copy(struct parser *p, struct profile_rule *r)
{
	if (!arity(p, 1, 1, "inline-copy FUNC") || !set_name(p, r, "function", p->tok[1]))
		return false;
	r->kind = PR_INLINE_COPY;
	return add_rule(p, r);
}

/*
 * bound FUNC [ARG]: FUNC(..) returns its argument ARG (0 unless said)
 * forced into a range its other arguments set: Linux's min(v, n),
 * clamp(v, lo, hi), array_index_nospec(v, n); min_t(T, v, n) names the
 * value second.  A value read again and passed through one under a
 * constant bound can be no value that bound does not allow.
 */
static bool parse_bound(struct parser *p, struct profile_rule *r)
{
	if (!arity(p, 1, 2, "bound FUNC [ARG]") || !set_name(p, r, "function", p->tok[1]))
		return false;
	r->arg = 0;
	if (p->ntok > 2 && !number(p, "ARG", p->tok[2], &r->arg, false))
		return false;
	r->kind = PR_BOUND;
	return add_rule(p, r);
}

static bool parse_shared_out(struct parser *p, struct profile_rule *r)
{
	if (!arity(p, 3, 3, "shared-out FUNC ARG FIELD|*") ||
	    !set_name(p, r, "function", p->tok[1]) ||
	    !number(p, "ARG", p->tok[2], &r->arg, false))
		return false;
	if (strcmp(p->tok[3], "*") && !identifier(p->tok[3]))
		return fail(p, "FIELD '%s' is not a field name or *", p->tok[3]);
	r->field = intern(p->tok[3]);
	r->kind = PR_SHARED_OUT;
	return add_rule(p, r);
}

static bool parse_shared_field(struct parser *p, struct profile_rule *r)
{
	if (!arity(p, 2, 2, "shared-field STRUCT FIELD") || !set_struct(p, r, p->tok[1]))
		return false;
	if (!field_chain(p->tok[2]))
		return fail(p, "FIELD '%s' is not a field name (or a.b chain)", p->tok[2]);
	r->field = intern(p->tok[2]);
	r->name = r->field;	/* looked up by field */
	r->kind = PR_SHARED_FIELD;
	return add_rule(p, r);
}

/*
 * shared-param FUNC ARG|*: FUNC's parameter ARG points into shared memory
 * on entry; with *, each of its parameters declared as a pointer does (a
 * system call's arguments that are addresses in the caller's memory).
 */
static bool parse_shared_param(struct parser *p, struct profile_rule *r)
{
	if (!arity(p, 2, 2, "shared-param FUNC ARG|*") ||
	    !set_name(p, r, "function", p->tok[1]))
		return false;
	if (!strcmp(p->tok[2], "*"))
		r->arg = -1;
	else if (!number(p, "ARG", p->tok[2], &r->arg, false))
		return false;
	r->kind = PR_SHARED_PARAM;
	return add_rule(p, r);
}

static bool parse_shared_type(struct parser *p, struct profile_rule *r)
{
	if (!arity(p, 1, 1, "shared-type STRUCT"))
		return false;
	if (!strcmp(p->tok[1], "*"))
		return fail(p, "shared-type needs a struct tag: '*' would make every struct shared");
	if (!set_struct(p, r, p->tok[1]))
		return false;
	r->kind = PR_SHARED_TYPE;
	return add_rule(p, r);
}

/*
 * shared-handle NAME: a type spelled NAME(...) -- a guest handle macro,
 * XEN_GUEST_HANDLE(uint8) -- names the other party's memory.
 * shared-param-name NAME: an entry point's parameter called NAME points
 * into shared memory, whatever its type -- a codebase's naming convention
 * for its handlers, as the PI specification names an MMI handler's
 * CommBuffer and CommBufferSize.
 */
static bool parse_shared_name(struct parser *p, struct profile_rule *r)
{
	bool handle = !strcmp(p->tok[0], "shared-handle");
	char usage[40];

	snprintf(usage, sizeof(usage), "%s NAME", p->tok[0]);
	if (!arity(p, 1, 1, usage) ||
	    !set_name(p, r, handle ? "type macro" : "parameter name", p->tok[1]))
		return false;
	/* the prefilter finds the entry points by the exact name their heads mention */
	if (r->prefix)
		return fail(p, "%s takes one %s, not a prefix: list each", p->tok[0],
			    handle ? "macro name" : "parameter name");
	r->kind = handle ? PR_SHARED_HANDLE : PR_SHARED_PARAM_NAME;
	return add_rule(p, r);
}

static bool parse_fetch(struct parser *p, struct profile_rule *r)
{
	const char *usage = "fetch FUNC ADDR [DEST|-] [SIZE|-] [by-value|always-shared]";

	/* a trailing `by-value`: ADDR is a number that names the memory (a GPA) */
	if (p->ntok > 3 && !strcmp(p->tok[p->ntok - 1], "by-value")) {
		r->by_value = true;
		p->ntok--;
	}
	/*
	 * a trailing `always-shared`: FUNC reads nothing but that memory (a
	 * ring reader a header macro generates), so ADDR points into it
	 * whatever the caller's expression for it
	 */
	else if (p->ntok > 3 && !strcmp(p->tok[p->ntok - 1], "always-shared")) {
		r->always_shared = true;
		p->ntok--;
	}
	if (!arity(p, 2, 4, usage) || !set_name(p, r, "function", p->tok[1]) ||
	    !number(p, "ADDR", p->tok[2], &r->arg, false) ||
	    (p->ntok > 3 && !number(p, "DEST", p->tok[3], &r->dest, true)) ||
	    (p->ntok > 4 && !number(p, "SIZE", p->tok[4], &r->size, true)))
		return false;
	r->kind = PR_FETCH;
	return add_rule(p, r);
}

/*
 * validates FUNC ADDR [SIZE|-]: FUNC(.., addr, .., size, ..) says whether
 * the other party's buffer at argument ADDR, SIZE bytes long, is one the
 * code may use (EDK2's SmmIsBufferOutsideSmmValid(Buffer, Length): outside
 * SMRAM).  A value passed there and then used is checked; the same bytes
 * read again after it are not.
 *
 * store FUNC ADDR [SIZE|-]: FUNC(.., addr, ..) writes the other party's
 * memory at argument ADDR (put_user(v, p), copy_to_user(p, buf, n)).  The
 * code's own store ends a double fetch of those bytes; a read of them
 * later in the operation reads back what the code wrote, which the other
 * party may have changed in between.
 */
static bool parse_addr_size(struct parser *p, struct profile_rule *r)
{
	const char *d = p->tok[0];
	char usage[48];

	snprintf(usage, sizeof(usage), "%s FUNC ADDR [SIZE|-]", d);
	if (!arity(p, 2, 3, usage) || !set_name(p, r, "function", p->tok[1]) ||
	    !number(p, "ADDR", p->tok[2], &r->arg, false) ||
	    (p->ntok > 3 && !number(p, "SIZE", p->tok[3], &r->size, true)))
		return false;
	if (r->size >= 0 && r->size == r->arg)
		return fail(p, "SIZE is the same argument as ADDR");
	r->kind = !strcmp(d, "store") ? PR_STORE : PR_VALIDATES;
	return add_rule(p, r);
}

/*
 * fetch-elements FUNC ADDR DEST COUNT [OFFSET|-]: a copy that counts in
 * elements of what DEST points to, from element OFFSET of the shared
 * address (Xen's copy_from_guest_offset(&e, hnd, i, 1)).
 */
static bool parse_fetch_elements(struct parser *p, struct profile_rule *r)
{
	if (!arity(p, 4, 5, "fetch-elements FUNC ADDR DEST COUNT [OFFSET|-]") ||
	    !set_name(p, r, "function", p->tok[1]) ||
	    !number(p, "ADDR", p->tok[2], &r->arg, false) ||
	    !number(p, "DEST", p->tok[3], &r->dest, false) ||
	    !number(p, "COUNT", p->tok[4], &r->size, false) ||
	    (p->ntok > 5 && !number(p, "OFFSET", p->tok[5], &r->offset, true)))
		return false;
	r->kind = PR_FETCH;
	r->elements = true;
	return add_rule(p, r);
}

/* --- idioms: what the codebase's own primitives mean --------------------- */

static bool lock_kind_word(struct parser *p, const char *t, uint8_t *out)
{
	static const struct {
		const char *w;
		uint8_t k;
	} kinds[] = {
		{ "spin", LOCK_SPIN }, { "mutex", LOCK_MUTEX }, { "read", LOCK_READ },
		{ "write", LOCK_WRITE }, { "sem", LOCK_SEM }, { "seq", LOCK_SEQ },
		{ "other", LOCK_OTHER }, { "srcu", LOCK_SRCU },
	};

	for (unsigned i = 0; i < ARRAY_SIZE(kinds); i++)
		if (!strcmp(t, kinds[i].w)) {
			*out = kinds[i].k;
			return true;
		}
	return fail(p, "unknown lock kind '%s' (spin, mutex, read, write, sem, seq, srcu, other)", t);
}

/*
 * lock, unlock, trylock, lock-held, owner-test or lock-test FUNC LOCK|- [KIND]
 * [owner] [index] [LOCKFUNC]: FUNC(.. &l ..) takes, drops, tries, asserts,
 * tests for an owner of, or tests whether anyone holds (an assertion of it
 * on its negation asserts it held) the lock whose address is argument LOCK; with `-`, FUNC()
 * takes no argument and names one global lock: its own (with "unlock" read
 * as "lock"), or LOCKFUNC's when that follows (Linux's ASSERT_RTNL() and
 * rtnl_trylock() are rtnl_lock()'s).  `owner`: the argument is the
 * object that carries the lock (Linux's lock_sock(sk)), not the lock;
 * `index`: the lock call returns an index its unlock is given back
 * (srcu_read_lock).
 */
static bool parse_lock(struct parser *p, struct profile_rule *r)
{
	const char *d = p->tok[0];
	struct idiom *id = &r->idiom;
	char usage[96];
	unsigned i = 3;

	snprintf(usage, sizeof(usage), "%s FUNC LOCK|- [KIND] [owner] [index] [LOCKFUNC]", d);
	/* `-`: a lock with no argument, one global lock the function names */
	if (!arity(p, 2, 5, usage) || !set_idiom_name(p, r, p->tok[1]) ||
	    !number(p, "LOCK", p->tok[2], &id->loc, true))
		return false;
	if (id->loc < 0 && !strcmp(d, "owner-test"))
		return fail(p, "%s needs the lock's argument", d);
	id->lock = LOCK_OTHER;
	if (p->ntok > 3 && strcmp(p->tok[3], "owner") && strcmp(p->tok[3], "index")) {
		if (!lock_kind_word(p, p->tok[3], &id->lock))
			return false;
		i = 4;
	}
	id->kind = !strcmp(d, "lock") ? ID_LOCK : !strcmp(d, "unlock") ? ID_UNLOCK :
		   !strcmp(d, "trylock") ? ID_TRYLOCK :
		   !strcmp(d, "owner-test") ? ID_OWNER_TEST :
		   !strcmp(d, "lock-test") ? ID_HELD_TEST : ID_ASSERT_HELD;
	id->loc_is_ptr = id->loc >= 0;
	/* the argument an owner test names is the object, as lock_sock()'s is */
	id->owner = id->kind == ID_OWNER_TEST;
	for (; i < p->ntok; i++) {
		if (!strcmp(p->tok[i], "owner") && id->loc >= 0)
			id->owner = true;
		else if (!strcmp(p->tok[i], "index") && id->kind == ID_LOCK)
			id->srcu_idx = true;
		else if (id->loc < 0 && !id->held && identifier(p->tok[i]))
			/* the global lock's own name: another function's (ASSERT_RTNL() of rtnl_lock()) */
			id->held = intern(p->tok[i]);
		else
			return fail(p, "'%s' is not 'owner' or 'index' (a lock call's)%s", p->tok[i],
				    id->loc < 0 ? " nor the global lock's function" : "");
	}
	id->val = -1;
	r->kind = PR_IDIOM;
	return add_rule(p, r);
}

/* The words after a marked access's arguments: address, and a mark. */
static bool access_words(struct parser *p, unsigned from, struct idiom *id, bool write, bool rmw)
{
	for (unsigned i = from; i < p->ntok; i++) {
		const char *t = p->tok[i];

		if (!strcmp(t, "address"))
			id->loc_is_ptr = true;
		else if (!strcmp(t, "once"))
			id->mark = MARK_ONCE;
		else if (!strcmp(t, "atomic"))
			id->mark = MARK_ATOMIC;
		else if (!strcmp(t, "acquire") && !write)
			id->mark = MARK_ACQUIRE;
		else if (!strcmp(t, "release") && write)
			id->mark = MARK_RELEASE;
		else if (!strcmp(t, "rcu"))
			id->mark = MARK_RCU;
		else if (!strcmp(t, "data-race"))
			id->mark = MARK_DATA_RACE;
		else if (!strcmp(t, "bit") && !write && id->loc_is_ptr)
			id->bit = true;
		else if (!strcmp(t, "bit-trylock") && id->bit && rmw)
			id->bitlock = BITLOCK_TAKE;
		else if (!strcmp(t, "bit-unlock") && id->bit && rmw)
			id->bitlock = BITLOCK_DROP;
		else if (!strcmp(t, "held") && !write && i + 1 < p->ntok &&
			 identifier(p->tok[i + 1]) && !id->held)
			/* a read only the holder of this global lock makes (rtnl_dereference) */
			id->held = intern(p->tok[++i]);
		else
			return fail(p, "'%s' is not 'address', a mark (once, atomic, rcu, data-race, %s)"
				       ", after 'address', 'bit' or 'held LOCKFUNC', after 'bit' of a "
				       "marked-rmw, 'bit-trylock' or 'bit-unlock'", t,
				    write ? "release" : "acquire");
	}
	return true;
}

/*
 * marked-read FUNC LOC [address] [MARK]: FUNC(x) reads x (or *x with
 * `address`) in one access another thread cannot tear.  marked-access is
 * the same and may also be assigned to (Xen's ACCESS_ONCE(x) = v).
 * marked-rmw: an atomic read-modify-write.  marked-write FUNC LOC VALUE.
 * plain-rmw FUNC LOC [address]: a read-modify-write that is not atomic
 * (QEMU's set_bit(), where Linux's is); plain-read FUNC LOC [address]
 * [bit]: a read that is not marked (QEMU's test_bit(), where Linux's is).
 */
static bool parse_marked(struct parser *p, struct profile_rule *r)
{
	const char *d = p->tok[0];
	struct idiom *id = &r->idiom;
	bool write = !strcmp(d, "marked-write");
	bool plain = !strcmp(d, "plain-rmw") || !strcmp(d, "plain-read");
	unsigned fixed = write ? 3 : 2;
	char usage[96];

	snprintf(usage, sizeof(usage), "%s FUNC LOC%s [address] [MARK]%s", d,
		 write ? " VALUE" : "", write ? "" : " [bit] [held LOCKFUNC]");
	if (!arity(p, fixed, fixed + 5, usage) || !set_idiom_name(p, r, p->tok[1]) ||
	    !number(p, "LOC", p->tok[2], &id->loc, false))
		return false;
	id->val = -1;
	if (write && !number(p, "VALUE", p->tok[3], &id->val, false))
		return false;
	if (write && id->val == id->loc)
		return fail(p, "LOC and VALUE are the same argument");
	id->mark = !strcmp(d, "marked-rmw") ? MARK_ATOMIC : MARK_ONCE;
	if (plain) {
		/* QEMU's set_bit(): read, changed and written back, not atomic */
		for (unsigned i = fixed + 1; i < p->ntok; i++) {
			if (!strcmp(p->tok[i], "address") && i == fixed + 1)
				id->loc_is_ptr = true;
			else if (!strcmp(p->tok[i], "bit") && id->loc_is_ptr)
				id->bit = true;
			else
				return fail(p, "'%s' is not 'address' or, after it, 'bit' (%s has "
					       "no mark)", p->tok[i], d);
		}
		id->mark = MARK_PLAIN;
	} else if (!access_words(p, fixed + 1, id, write, !strcmp(d, "marked-rmw"))) {
		return false;
	}
	id->kind = write ? ID_WRITE
			 : (!strcmp(d, "marked-rmw") || !strcmp(d, "plain-rmw")) ? ID_RMW : ID_READ;
	id->assignable = !strcmp(d, "marked-access");
	r->kind = PR_IDIOM;
	return add_rule(p, r);
}

/*
 * assert, log, noreturn or annotation NAME: a check that stops the
 * machine when it fails (ASSERT, BUG_ON), a message that changes nothing,
 * a call that does not come back, a word that expands to nothing (EDK2's
 * IN, OUT, OPTIONAL, EFIAPI) and is blanked before the parse.
 * unevaluated NAME: its arguments are never evaluated (BUILD_BUG_ON);
 * pass NAME: its value is its argument's (likely(x)); data-race NAME: the
 * accesses in its argument race on purpose (data_race(x)); rcu-lock and
 * rcu-unlock NAME: an RCU read-side section opens or closes; guard NAME:
 * NAME(kind)(&lock) holds the lock to the end of the scope; scoped-guard
 * NAME [ARG]: NAME(kind, &lock) { ... } holds it in the block, the lock
 * its argument ARG (1 unless said: Linux's scoped_cond_guard(kind, fail,
 * &lock) names it third).
 * not-idiom NAME: an ordinary call, whatever pattern of an idiom its name
 * matches (trace_hardirqs_on among the trace_* log calls).
 */
static bool parse_call_idiom(struct parser *p, struct profile_rule *r)
{
	static const struct {
		const char *d;
		uint8_t kind;
	} kinds[] = {
		{ "assert", ID_WARN }, { "log", ID_TRACE }, { "noreturn", ID_NORETURN },
		{ "annotation", ID_ANNOTATION }, { "unevaluated", ID_UNEVALUATED },
		{ "pass", ID_PASS }, { "data-race", ID_DATA_RACE }, { "rcu-lock", ID_RCU_LOCK },
		{ "rcu-unlock", ID_RCU_UNLOCK }, { "guard", ID_GUARD },
		{ "scoped-guard", ID_SCOPED_GUARD }, { "not-idiom", ID_NONE },
		{ "unlink", ID_UNLINK }, { "ends", ID_ENDS },
	};
	static const char *const meanings[] = {
		[ANN_INIT] = "init", [ANN_NORETURN] = "noreturn", [ANN_HOLDS] = "holds",
		[ANN_ACQUIRES] = "acquires", [ANN_RELEASES] = "releases",
	};
	const char *d = p->tok[0];
	bool annotation = !strcmp(d, "annotation");
	char usage[96];

	snprintf(usage, sizeof(usage), "%s", annotation ?
		 "annotation NAME [init|noreturn|holds|acquires|releases]" : d);
	bool scoped = !strcmp(d, "scoped-guard");

	if (!annotation)
		snprintf(usage, sizeof(usage), scoped ? "%s FUNC [ARG]" : "%s FUNC", d);
	if (!arity(p, 1, annotation || scoped ? 2 : 1, usage) || !set_idiom_name(p, r, p->tok[1]))
		return false;
	if (annotation && p->ntok > 2) {
		for (unsigned i = 1; i < ARRAY_SIZE(meanings); i++)
			if (!strcmp(p->tok[2], meanings[i]))
				r->idiom.meaning = (uint8_t)i;
		if (!r->idiom.meaning)
			return fail(p, "usage: %s", usage);
	}
	for (unsigned i = 0; i < ARRAY_SIZE(kinds); i++)
		if (!strcmp(d, kinds[i].d))
			r->idiom.kind = kinds[i].kind;
	/* blanked word by word by the lexer: a prefix cannot be matched there */
	if (r->idiom.kind == ID_ANNOTATION && r->prefix)
		return fail(p, "annotation takes one word, not a prefix: list each");
	r->idiom.loc = -1;
	r->idiom.val = -1;
	if (scoped) {
		r->idiom.loc = 1;
		if (p->ntok > 2 && !number(p, "ARG", p->tok[2], &r->idiom.loc, false))
			return false;
	}
	r->kind = PR_IDIOM;
	return add_rule(p, r);
}

/*
 * file-trigger FUNC TEXT: in a file that calls FUNC the other party is
 * TEXT, not the profile's trigger (a Xen frontend driver, which calls
 * xenbus_register_frontend(), reads rings the backend writes).
 */
static bool parse_file_trigger(struct parser *p, struct profile_rule *r)
{
	if (p->ntok < 3)
		return fail(p, "usage: file-trigger FUNC TEXT");
	if (!set_name(p, r, "function", p->tok[1]))
		return false;
	if (r->prefix)
		return fail(p, "file-trigger takes one function name, not a prefix");
	r->text = join(p, 2);
	r->kind = PR_FILE_TRIGGER;
	return add_rule(p, r);
}

/*
 * type-macro NAME [ARG [ARG]]: NAME's arguments from 1 on (container_of(p,
 * T, m)), or ARG alone (min_t(T, a, b)), or the two ARGs (from_timer(var,
 * t, m): a variable named for its type, and a member), are a type or a
 * member, not values.
 */
static bool parse_type_macro(struct parser *p, struct profile_rule *r)
{
	if (!arity(p, 1, 3, "type-macro FUNC [ARG [ARG]]") || !set_idiom_name(p, r, p->tok[1]))
		return false;
	r->idiom.loc = -1;
	r->idiom.val = -1;
	if (p->ntok > 2 && !number(p, "ARG", p->tok[2], &r->idiom.loc, false))
		return false;
	if (p->ntok > 3 && !number(p, "ARG", p->tok[3], &r->idiom.val, false))
		return false;
	if (p->ntok > 3 && r->idiom.val == r->idiom.loc)
		return fail(p, "the same argument twice");
	r->idiom.kind = ID_TYPE_MACRO;
	r->kind = PR_IDIOM;
	return add_rule(p, r);
}

/*
 * assert-exclusive NAME writer|access: NAME(x) states that no other thread
 * writes x (or, with access, touches it at all) while this one runs here
 * (KCSAN's ASSERT_EXCLUSIVE_WRITER); nothing is read.
 */
static bool parse_assert_exclusive(struct parser *p, struct profile_rule *r)
{
	if (!arity(p, 2, 2, "assert-exclusive FUNC writer|access") ||
	    !set_idiom_name(p, r, p->tok[1]))
		return false;
	if (strcmp(p->tok[2], "writer") && strcmp(p->tok[2], "access"))
		return fail(p, "'%s' is not 'writer' or 'access'", p->tok[2]);
	r->idiom.kind = ID_ASSERT_EXCL;
	r->idiom.mark = !strcmp(p->tok[2], "access");
	r->idiom.val = -1;
	r->kind = PR_IDIOM;
	return add_rule(p, r);
}

/*
 * iterator PATTERN: a macro whose header is followed by a statement it
 * runs repeatedly (Linux's list_for_each_entry(pos, head, member) { ... }):
 * iterator *for_each*.
 */
static bool parse_iterator(struct parser *p, struct profile_rule *r)
{
	if (!arity(p, 1, 1, "iterator NAME") || !set_idiom_name(p, r, p->tok[1]))
		return false;
	r->kind = PR_ITERATOR;
	return add_rule(p, r);
}

/* running-thread NAME: NAME is the running thread's own object (current) */
static bool parse_running_thread(struct parser *p, struct profile_rule *r)
{
	if (!arity(p, 1, 1, "running-thread NAME") || !identifier(p->tok[1]) ||
	    strchr(p->tok[1], '*'))
		return fail(p, "usage: running-thread NAME (one identifier)");
	r->name = intern(p->tok[1]);
	r->kind = PR_RUNNING_THREAD;
	return add_rule(p, r);
}

/*
 * user-annotation WORD: a parameter or local whose declared type holds
 * WORD (Linux's __user) points into the calling party's address space, a
 * user pointer: what shared-user makes shared memory.
 */
static bool parse_user_word(struct parser *p, struct profile_rule *r)
{
	if (!arity(p, 1, 1, "user-annotation WORD") || !identifier(p->tok[1]) ||
	    strchr(p->tok[1], '*'))
		return fail(p, "usage: user-annotation WORD (one identifier)");
	r->name = intern(p->tok[1]);
	r->kind = PR_USER_WORD;
	return add_rule(p, r);
}

/*
 * guard-class PATTERN KIND: guard(class)(&l) and scoped_guard(class, &l)
 * with a class PATTERN matches take a lock of KIND (rcu too: guard(rcu)()).
 */
static bool parse_guard_class(struct parser *p, struct profile_rule *r)
{
	uint8_t k = 0;

	if (!arity(p, 2, 2, "guard-class PATTERN KIND") || !set_idiom_name(p, r, p->tok[1]))
		return false;
	if (!strcmp(p->tok[2], "rcu"))
		k = LOCK_RCU;
	else if (!lock_kind_word(p, p->tok[2], &k))
		return false;
	r->arg = (int8_t)k;
	r->kind = PR_GUARD_CLASS;
	return add_rule(p, r);
}

/*
 * fix-read NAME [address], fix-write NAME [address]: the marked read and
 * write a fix hint asks for, NAME(x) and NAME(x, v) (READ_ONCE,
 * WRITE_ONCE), or with `address` NAME(&x) and NAME(&x, v) (Xen's
 * write_atomic)
 */
static bool parse_fix_mark(struct parser *p, struct profile_rule *r)
{
	bool write = !strcmp(p->tok[0], "fix-write");
	const char *usage = write ? "usage: fix-write NAME [address] (one identifier)"
				  : "usage: fix-read NAME [address] (one identifier)";

	if (!arity(p, 1, 2, write ? "fix-write NAME [address]" : "fix-read NAME [address]"))
		return false;
	if (!identifier(p->tok[1]) || strchr(p->tok[1], '*') ||
	    (p->ntok > 2 && strcmp(p->tok[2], "address")))
		return fail(p, usage);
	r->name = intern(p->tok[1]);
	r->arg = p->ntok > 2 ? 1 : 0;
	r->kind = write ? PR_FIX_WRITE : PR_FIX_READ;
	return add_rule(p, r);
}

/*
 * function-macro NAME [PREFIX]: NAME(fn, T1, a1, ...) { ... } (a pattern)
 * defines a function the rest of the program calls, named PREFIX fn
 * (Linux's SYSCALL_DEFINE3(read, ...) is sys_read).  Another all-capitals
 * macro followed by a body defines fn, local to its file.
 */
static bool parse_function_macro(struct parser *p, struct profile_rule *r)
{
	if (!arity(p, 1, 2, "function-macro NAME [PREFIX]") || !set_idiom_name(p, r, p->tok[1]))
		return false;
	if (p->ntok > 2 && (!identifier(p->tok[2]) || strchr(p->tok[2], '*')))
		return fail(p, "usage: function-macro NAME [PREFIX] (PREFIX one identifier)");
	r->text = xstrdup(p->ntok > 2 ? p->tok[2] : "");
	r->kind = PR_FUNCTION_MACRO;
	return add_rule(p, r);
}

/*
 * type-size TYPE BYTES: TYPE (one word, or quoted) is a scalar of BYTES
 * bytes (Linux's u32, __le64; EDK2's UINT32, UINTN): offsets into a
 * buffer computed with it are counted in bytes.  C's own types are known.
 */
static bool parse_type_size(struct parser *p, struct profile_rule *r)
{
	int8_t n = 0;

	if (!arity(p, 2, 2, "type-size TYPE BYTES") || !number(p, "BYTES", p->tok[2], &n, false))
		return false;
	if (n != 1 && n != 2 && n != 4 && n != 8 && n != 16)
		return fail(p, "type-size: BYTES is 1, 2, 4, 8 or 16");
	r->text = xstrdup(p->tok[1]);
	r->arg = n;
	r->kind = PR_TYPE_SIZE;
	return add_rule(p, r);
}

/*
 * refcount-type TYPE: TYPE (one word, or quoted: "struct kref") is a
 * reference counter's; refcount-drop FUNC: FUNC (a pattern) drops one.
 */
static bool parse_refcount(struct parser *p, struct profile_rule *r)
{
	bool type = !strcmp(p->tok[0], "refcount-type");

	if (!arity(p, 1, 1, type ? "refcount-type TYPE" : "refcount-drop FUNC"))
		return false;
	if (type) {
		r->text = xstrdup(p->tok[1]);
		r->kind = PR_REFCOUNT_TYPE;
	} else {
		if (!set_idiom_name(p, r, p->tok[1]))
			return false;
		r->kind = PR_REFCOUNT_DROP;
	}
	return add_rule(p, r);
}

bool profile_refcount_type(const struct profile_set *s, const char *type)
{
	for (uint32_t i = 0; s && i < s->refcounts.n; i++) {
		const struct profile_rule *r = &s->rules.v[s->refcounts.v[i]];

		if (r->kind == PR_REFCOUNT_TYPE && !strcmp(r->text, type))
			return true;
	}
	return false;
}

bool profile_refcount_drop(const struct profile_set *s, const char *func)
{
	for (uint32_t i = 0; s && i < s->refcounts.n; i++) {
		const struct profile_rule *r = &s->rules.v[s->refcounts.v[i]];

		if (r->kind == PR_REFCOUNT_DROP &&
		    (r->prefix ? idiom_pattern_matches(sym_str(r->name), func) :
				 !strcmp(sym_str(r->name), func)))
			return true;
	}
	return false;
}

/*
 * member-array MACRO ARG [TYPE]: MACRO(..) in a struct declares an array
 * member named by argument ARG, of elements of TYPE ("unsigned long" for
 * DECLARE_BITMAP(name, bits)), or of the type argument 0 names without
 * one (DECLARE_FLEX_ARRAY(type, name)).
 */
static bool parse_member_array(struct parser *p, struct profile_rule *r)
{
	if (!arity(p, 2, 3, "member-array MACRO ARG [TYPE]") ||
	    !set_name(p, r, "macro", p->tok[1]) || !number(p, "ARG", p->tok[2], &r->arg, false))
		return false;
	if (r->prefix)
		return fail(p, "member-array takes one name, not a prefix");
	if (p->ntok == 3 && r->arg == 0)
		return fail(p, "without a TYPE argument 0 is the type: ARG cannot be 0");
	r->text = p->ntok > 3 ? xstrdup(p->tok[3]) : NULL;
	r->kind = PR_MEMBER_ARRAY;
	return add_rule(p, r);
}

/*
 * alternatives FUNC FIRST: FUNC(..) runs one of its arguments from FIRST
 * on, never two (Xen's bitmap_switch(nbits, zero, small, large) expands
 * to an if / else if / else on nbits).
 */
static bool parse_alternatives(struct parser *p, struct profile_rule *r)
{
	if (!arity(p, 2, 2, "alternatives FUNC FIRST") ||
	    !set_name(p, r, "function", p->tok[1]) ||
	    !number(p, "FIRST", p->tok[2], &r->arg, false))
		return false;
	r->idiom.kind = ID_ALTERNATIVES;
	r->idiom.loc = (int8_t)r->arg;
	r->idiom.val = -1;
	r->kind = PR_IDIOM;
	return add_rule(p, r);
}

/*
 * indirect-call FUNC N: FUNC(f, fN, .., f1, args..) calls the function
 * pointer f with args, directly when it is one of the N functions it
 * names (Linux's INDIRECT_CALL_2(f, f2, f1, ...), which spares a
 * retpoline): lowered as the call through f.
 */
static bool parse_indirect_call(struct parser *p, struct profile_rule *r)
{
	if (!arity(p, 2, 2, "indirect-call FUNC N") ||
	    !set_idiom_name(p, r, p->tok[1]) ||
	    !number(p, "N", p->tok[2], &r->arg, false))
		return false;
	if (r->arg < 1 || r->arg > 8)
		return fail(p, "indirect-call: N is how many functions it names, 1 to 8");
	r->idiom.kind = ID_INDIRECT_CALL;
	r->idiom.loc = (int8_t)r->arg;
	r->idiom.val = -1;
	r->kind = PR_IDIOM;
	return add_rule(p, r);
}

/*
 * per-cpu FUNC: FUNC's result is some CPU's instance of a per-CPU variable
 * (per_cpu(v, cpu)); cpu-local FUNC: the running CPU's own (this_cpu_ptr);
 * per-cpu-type WORD: a variable whose type holds WORD (__percpu) points to
 * per-CPU data.  FUNC may be a pattern.
 */
static bool parse_per_cpu(struct parser *p, struct profile_rule *r)
{
	const char *d = p->tok[0];
	bool type = !strcmp(d, "per-cpu-type");

	if (!arity(p, 1, 1, type ? "per-cpu-type WORD" : "per-cpu FUNC"))
		return false;
	if (type) {
		if (!identifier(p->tok[1]) || strchr(p->tok[1], '*'))
			return fail(p, "'%s' is not one word", p->tok[1]);
		r->name = intern(p->tok[1]);
	} else if (!set_idiom_name(p, r, p->tok[1])) {
		return false;
	}
	r->arg = type ? PER_CPU_TYPE : !strcmp(d, "cpu-local") ? PER_CPU_LOCAL : PER_CPU_CALL;
	r->kind = PR_PER_CPU;
	return add_rule(p, r);
}

/*
 * barrier FUNC write|read|full: FUNC() is a memory barrier that orders the
 * stores before it before the stores after it (write: smp_wmb(), TF-A's
 * dmbst()), the loads likewise (read: smp_rmb(), dmbld()), or both (full:
 * smp_mb(), EDK2's MemoryFence()).  Publication by ordering rests on it:
 * an object filled in, a write barrier, then its pointer stored where
 * readers find it.
 */
static bool parse_barrier(struct parser *p, struct profile_rule *r)
{
	const char *o;

	if (!arity(p, 2, 2, "barrier FUNC write|read|full") ||
	    !set_name(p, r, "function", p->tok[1]))
		return false;
	o = p->tok[2];
	if (!strcmp(o, "write"))
		r->idiom.order = IDIOM_ORDER_WRITE;
	else if (!strcmp(o, "read"))
		r->idiom.order = IDIOM_ORDER_READ;
	else if (!strcmp(o, "full"))
		r->idiom.order = IDIOM_ORDER_WRITE | IDIOM_ORDER_READ;
	else
		return fail(p, "'%s' is not write, read or full", o);
	r->idiom.kind = ID_BARRIER;
	r->idiom.loc = -1;
	r->idiom.val = -1;
	r->kind = PR_IDIOM;
	return add_rule(p, r);
}

/*
 * irq-handler FUNC ARG: FUNC(.., fn, ..) makes fn (argument ARG) a hard
 * interrupt handler (Linux's request_irq(irq, handler, ...)); release-callback
 * FUNC ARG: fn runs when the last reference FUNC drops goes (kref_put(ref,
 * release)).  check-then-act knows what may interrupt what by them.
 */
static bool parse_callback_role(struct parser *p, struct profile_rule *r)
{
	bool irq = !strcmp(p->tok[0], "irq-handler");

	if (!arity(p, 2, 2, irq ? "irq-handler FUNC ARG" : "release-callback FUNC ARG") ||
	    !set_name(p, r, "function", p->tok[1]) || !number(p, "ARG", p->tok[2], &r->arg, false))
		return false;
	r->kind = irq ? PR_IRQ_HANDLER : PR_RELEASE_CALLBACK;
	return add_rule(p, r);
}

/*
 * member-macro FUNC ARG MEMBER [CHAIN]: FUNC(.., p, .., m, ..), p argument
 * ARG and m argument MEMBER, is p->CHAIN->m (Xen's shared_info(d, field),
 * d->shared_info->field), or p->m without a CHAIN: a macro the parser never
 * sees expanded, read as the access it stands for.
 */
static bool parse_member_macro(struct parser *p, struct profile_rule *r)
{
	if (!arity(p, 3, 4, "member-macro FUNC ARG MEMBER [CHAIN]") ||
	    !set_name(p, r, "function", p->tok[1]) ||
	    !number(p, "ARG", p->tok[2], &r->arg, false) ||
	    !number(p, "MEMBER", p->tok[3], &r->dest, false))
		return false;
	if (r->prefix)
		return fail(p, "member-macro takes one name, not a prefix: list each");
	if (r->arg == r->dest)
		return fail(p, "ARG and MEMBER are the same argument");
	if (p->ntok == 5 && !field_chain(p->tok[4]))
		return fail(p, "CHAIN '%s' is not a member or a dotted chain of them", p->tok[4]);
	r->field = intern(p->ntok == 5 ? p->tok[4] : "");
	r->kind = PR_MEMBER_MACRO;
	return add_rule(p, r);
}

/*
 * object-macro MACRO TYPE [SUFFIX]: MACRO(x) written as a file-scope
 * declaration (`MACRO(x) = { .op = fn };`) defines an object of TYPE,
 * named x followed by SUFFIX when the macro pastes one on (Linux's
 * DEFINE_SCHED_CLASS(fair), the struct sched_class fair_sched_class).
 * The parser sees a declaration of an unknown type: without it the
 * initialiser fills no ops table, and its functions have no callers.
 */
static bool parse_object_macro(struct parser *p, struct profile_rule *r)
{
	if (!arity(p, 2, 3, "object-macro MACRO TYPE [SUFFIX]") ||
	    !set_name(p, r, "macro", p->tok[1]))
		return false;
	if (r->prefix)
		return fail(p, "object-macro takes one name, not a prefix");
	if (p->ntok > 3 && !identifier(p->tok[3]))
		return fail(p, "SUFFIX '%s' is not a C identifier", p->tok[3]);
	r->text = xstrdup(p->tok[2]);
	r->field = intern(p->ntok > 3 ? p->tok[3] : "");
	r->kind = PR_OBJECT_MACRO;
	return add_rule(p, r);
}

/*
 * init-macro MACRO ["TYPE"] ARG|FUNC MEMBER...: MACRO(..) written in a
 * struct's initialiser stands for designated members, `.MEMBER = a` for
 * its argument ARG a, each MEMBER named (Linux's
 * SET_SYSTEM_SLEEP_PM_OPS(s, r): s into suspend, freeze and poweroff); a
 * function's name FUNC for ARG: the macro names that function itself
 * (an object-like macro's own members).  With a TYPE, MACRO(x, ..) at
 * file scope defines the object x of that type with those members
 * (SIMPLE_DEV_PM_OPS(name, s, r)), ARG counting x as 0.  Lines for one
 * macro add up.  The parser sees a call, positional: without it the
 * functions fill no ops table's member.
 */
static bool parse_init_macro(struct parser *p, struct profile_rule *r)
{
	unsigned at = 2;
	const char *t;

	if (!arity(p, 3, 40, "init-macro MACRO [\"TYPE\"] ARG|FUNC MEMBER...") ||
	    !set_name(p, r, "macro", p->tok[1]))
		return false;
	if (r->prefix)
		return fail(p, "init-macro takes one name, not a prefix");
	if (!strncmp(p->tok[2], "struct ", 7) || !strncmp(p->tok[2], "union ", 6)) {
		r->strct = intern(p->tok[2]);
		at = 3;
	}
	if (p->ntok < at + 2)
		return fail(p, "usage: init-macro MACRO [\"TYPE\"] ARG|FUNC MEMBER...");
	t = p->tok[at];
	r->arg = -1;
	if (*t >= '0' && *t <= '9') {
		if (!number(p, "ARG", t, &r->arg, false))
			return false;
	} else if (!identifier(t) || strchr(t, '*')) {
		return fail(p, "'%s' is neither an argument number nor a function's name", t);
	} else if (r->strct) {
		return fail(p, "a macro that defines an object takes argument numbers, not '%s'", t);
	} else {
		r->target = intern(t);
	}
	for (unsigned i = at + 1; i < p->ntok; i++)
		if (!identifier(p->tok[i]) || strchr(p->tok[i], '*'))
			return fail(p, "MEMBER '%s' is not a C identifier", p->tok[i]);
	r->text = join(p, at + 1);
	r->kind = PR_INIT_MACRO;
	return add_rule(p, r);
}

/*
 * string-macro NAME: NAME expands to a string literal (Xen's XENLOG_ERR),
 * pasted onto others the grammar cannot paste two names onto
 * (printk(XENLOG_ERR PREFIX "msg")).  NAME may end in * (XENLOG_*).
 */
static bool parse_string_macro(struct parser *p, struct profile_rule *r)
{
	if (!arity(p, 1, 1, "string-macro NAME") || !set_name(p, r, "macro", p->tok[1]))
		return false;
	r->kind = PR_STRING_MACRO;
	return add_rule(p, r);
}

/*
 * type-arg FUNC ARG...: FUNC's arguments ARG... are a type or a member
 * name, not values (Xen's xzalloc(struct foo), min_t(unsigned long, a, b),
 * xzalloc_flex_struct(type, member, n)); type-call FUNC: FUNC(...) as a
 * whole is a type (typeof(*p) x).  The parse copy turns each into one
 * identifier: what the grammar cannot parse as an expression then parses.
 */
static bool parse_type_arg(struct parser *p, struct profile_rule *r)
{
	bool call = !strcmp(p->tok[0], "type-call");

	if (call ? !arity(p, 1, 1, "type-call FUNC") :
		   !arity(p, 2, 8, "type-arg FUNC ARG [ARG...]"))
		return false;
	if (!set_name(p, r, "function", p->tok[1]))
		return false;
	/* matched word by word as the text is prepared, as annotations are */
	if (r->prefix)
		return fail(p, "%s takes one name, not a prefix: list each", p->tok[0]);
	r->kind = PR_TYPE_ARG;
	if (call)
		return add_rule(p, r);
	for (unsigned i = 2; i < p->ntok; i++) {
		if (!number(p, "ARG", p->tok[i], &r->arg, false))
			return false;
		if (r->arg > 30)
			return fail(p, "ARG must be below 31, not '%s'", p->tok[i]);
		add_rule(p, r);
	}
	return true;
}

/*
 * thread-entry FUNC ARG [ARG] [serial]: FUNC(.., fn, ..) makes fn (argument
 * ARG, or either of two) run later on a thread or in an interrupt of its
 * own, holding no lock (Xen's tasklet_init(t, fn, data), QEMU's
 * qemu_thread_create(t, name, fn, arg, mode)).  `serial`: what is
 * registered never runs twice at once for one registration (a work item,
 * a tasklet).  `once`: each call starts one thread (Linux's kthread_run()),
 * serial when the call is in no loop; a loop starts a pool.
 */
static bool parse_thread_entry(struct parser *p, struct profile_rule *r)
{
	struct idiom *id = &r->idiom;
	unsigned n = p->ntok;

	if (n > 3 && (!strcmp(p->tok[n - 1], "serial") || !strcmp(p->tok[n - 1], "once"))) {
		id->serial = true;
		id->once = !strcmp(p->tok[n - 1], "once");
		n--;
	}
	if (n < 3 || n > 4)
		return fail(p, "usage: thread-entry FUNC ARG [ARG] [serial|once]");
	if (!set_idiom_name(p, r, p->tok[1]) || !number(p, "ARG", p->tok[2], &id->loc, false))
		return false;
	id->val = -1;
	if (n > 3 && !number(p, "ARG", p->tok[3], &id->val, false))
		return false;
	if (id->val == id->loc)
		return fail(p, "the same argument twice");
	id->kind = ID_THREAD_ENTRY;
	r->kind = PR_IDIOM;
	return add_rule(p, r);
}

/*
 * serial-entry FUNC ARG: FUNC(.., fn, ..) makes fn (argument ARG) run later
 * in a context that never runs twice at once for one registration (Linux's
 * netif_napi_add(dev, napi, poll): one napi struct is polled by one CPU at
 * a time).  A thread entry (declared or built in) stays one and is marked
 * serial; any other name says nothing of the locks fn starts with.
 */
static bool parse_serial_entry(struct parser *p, struct profile_rule *r)
{
	struct idiom *id = &r->idiom;

	if (!arity(p, 2, 2, "serial-entry FUNC ARG") ||
	    !set_name(p, r, "function", p->tok[1]) ||
	    !number(p, "ARG", p->tok[2], &id->loc, false))
		return false;
	if (r->prefix)
		return fail(p, "serial-entry takes one function name, not a prefix");
	/* a thread entry of that name (from any profile of the set): profile_finish() */
	id->kind = ID_SERIAL_ENTRY;
	id->val = -1;
	id->serial = true;
	r->kind = PR_IDIOM;
	return add_rule(p, r);
}

/*
 * running-task FUNC ARG: FUNC's parameter ARG is the running thread's own
 * task whenever FUNC runs (Linux's __switch_to(prev, next): the task being
 * switched from is still `current` until the switch is made).
 */
static bool parse_running_task(struct parser *p, struct profile_rule *r)
{
	struct idiom *id = &r->idiom;

	if (!arity(p, 2, 2, "running-task FUNC ARG") ||
	    !set_name(p, r, "function", p->tok[1]) ||
	    !number(p, "ARG", p->tok[2], &id->loc, false))
		return false;
	if (r->prefix)
		return fail(p, "running-task takes one function name, not a prefix");
	if (id->loc >= 64)
		return fail(p, "ARG must be below 64");
	id->kind = ID_RUNNING_TASK;
	id->val = -1;
	r->kind = PR_IDIOM;
	return add_rule(p, r);
}

/*
 * thread-stop FUNC ARG: FUNC(.., obj, ..) returns only once what a
 * thread-entry or serial-entry registered on obj (argument ARG: the
 * registration's object, INIT_WORK's work item, request_irq's number) has
 * stopped running, and it does not run again until obj is armed anew
 * (Linux's cancel_work_sync(w), del_timer_sync(t), free_irq(irq, dev)).
 */
static bool parse_thread_stop(struct parser *p, struct profile_rule *r)
{
	struct idiom *id = &r->idiom;

	if (!arity(p, 2, 2, "thread-stop FUNC ARG") ||
	    !set_name(p, r, "function", p->tok[1]) ||
	    !number(p, "ARG", p->tok[2], &id->loc, false))
		return false;
	if (r->prefix)
		return fail(p, "thread-stop takes one function name, not a prefix");
	id->kind = ID_THREAD_STOP;
	id->val = -1;
	r->kind = PR_IDIOM;
	return add_rule(p, r);
}

/*
 * callback-lock LOCKFUNC FUNC ARG: FUNC(.., fn, ..) registers fn (argument
 * ARG) as a callback its framework runs holding the global lock LOCKFUNC
 * takes (declared with `lock LOCKFUNC - KIND`): QEMU's main loop runs
 * bottom halves and timers under the BQL.
 * callback-lock LOCKFUNC STRUCT MEMBER: a function stored in STRUCT's
 * MEMBER (an ops table) runs holding it (QEMU's MemoryRegionOps read and
 * write, dispatched under the BQL).
 * callback-lock LOCKFUNC FUNC ARG MEMBER: FUNC(.., &obj, ..) registers the
 * object obj (argument ARG), whose MEMBER the framework calls holding it
 * (Linux's register_netdevice_notifier(&nb): nb.notifier_call under RTNL).
 * callback-lock LOCKFUNC STRUCT MEMBER ARG: the lock is not global but the
 * object's that the callback's parameter ARG points to, LOCKFUNC being an
 * `owner` lock (Linux's proto_ops set_rcvlowat, called with the socket
 * its argument 0 is locked by lock_sock()).
 * callback-lock LOCKFUNC STRUCT MEMBER ARG FIELD: the lock is that
 * object's member FIELD, which LOCKFUNC takes (mutex_lock(&obj->FIELD):
 * Linux's md core calls a personality's check_reshape holding the array's
 * reconfig_mutex).  FIELD may name a member of a member (mutex.base).
 */
/* A member's name, or members' joined by dots (mutex.base). */
static bool member_chain(const char *t)
{
	char buf[256];

	if (strlen(t) >= sizeof(buf))
		return false;
	strcpy(buf, t);
	for (char *w = buf, *dot;; w = dot + 1) {
		dot = strchr(w, '.');
		if (dot)
			*dot = '\0';
		if (!identifier(w))
			return false;
		if (!dot)
			return true;
	}
}

static bool parse_callback_lock(struct parser *p, struct profile_rule *r)
{
	struct idiom *id = &r->idiom;
	char buf[512];

	if (!arity(p, 3, 5,
		   "callback-lock LOCKFUNC FUNC ARG [MEMBER] | LOCKFUNC STRUCT MEMBER [ARG [FIELD]]"))
		return false;
	if (!identifier(p->tok[1]))
		return fail(p, "'%s' is not a lock function's name", p->tok[1]);
	id->kind = ID_CALLBACK_LOCK;
	id->held = intern(p->tok[1]);
	id->val = -1;
	if (p->tok[3][0] >= '0' && p->tok[3][0] <= '9') {
		if (!set_name(p, r, "function", p->tok[2]) ||
		    !number(p, "ARG", p->tok[3], &id->loc, false))
			return false;
		if (r->prefix)
			return fail(p, "callback-lock takes one function name, not a prefix");
		if (p->ntok > 5)
			return fail(p, "usage: callback-lock LOCKFUNC FUNC ARG [MEMBER]");
		if (p->ntok > 4) {
			if (!identifier(p->tok[4]))
				return fail(p, "'%s' is not a member's name", p->tok[4]);
			id->member = intern(p->tok[4]);
		}
	} else {
		if (!identifier(p->tok[2]) || !identifier(p->tok[3]))
			return fail(p, "'%s %s' is not a struct tag and a member", p->tok[2],
				    p->tok[3]);
		snprintf(buf, sizeof(buf), "struct %s::%s", p->tok[2], p->tok[3]);
		r->name = intern(buf);
		id->loc = -1;
		/* the object the callback's parameter ARG points to holds it */
		if (p->ntok >= 5 && !number(p, "ARG", p->tok[4], &id->val, false))
			return false;
		/* as its member FIELD */
		if (p->ntok == 6) {
			if (!member_chain(p->tok[5]))
				return fail(p, "'%s' is not a member's name", p->tok[5]);
			id->member = intern(p->tok[5]);
		}
	}
	r->kind = PR_IDIOM;
	return add_rule(p, r);
}

/*
 * lifecycle-member STRUCT MEMBER: the framework calls the function stored
 * in STRUCT's MEMBER only while the object it hands it is not live: before
 * the object starts serving or after it has stopped (ID_LIFECYCLE_MEMBER).
 * unlocked-callback STRUCT MEMBER: it calls it holding none of the tree's
 * locks (ID_UNLOCKED_CALLBACK).  party-callback STRUCT MEMBER: the other
 * party's requests run it (ID_PARTY_CALLBACK), an idiom under "struct
 * T::member party".  The others are idioms under "struct T::member".
 */
static bool parse_member_role(struct parser *p, struct profile_rule *r)
{
	struct idiom *id = &r->idiom;
	bool life = !strcmp(p->tok[0], "lifecycle-member");
	bool party = !strcmp(p->tok[0], "party-callback");
	char buf[512];

	if (!arity(p, 2, 2, life ? "lifecycle-member STRUCT MEMBER" :
			    party ? "party-callback STRUCT MEMBER" :
				    "unlocked-callback STRUCT MEMBER"))
		return false;
	if (!identifier(p->tok[1]) || !identifier(p->tok[2]))
		return fail(p, "'%s %s' is not a struct tag and a member", p->tok[1], p->tok[2]);
	/* a member a callback-lock names too keeps its lock: a name of its own */
	snprintf(buf, sizeof(buf), "struct %s::%s%s", p->tok[1], p->tok[2],
		 party ? PARTY_CALLBACK_SUFFIX : life ? LIFECYCLE_MEMBER_SUFFIX : "");
	r->name = intern(buf);
	id->kind = life ? ID_LIFECYCLE_MEMBER : party ? ID_PARTY_CALLBACK : ID_UNLOCKED_CALLBACK;
	id->loc = -1;
	id->val = -1;
	r->kind = PR_IDIOM;
	return add_rule(p, r);
}

/*
 * list-type TAG link|head [link|head]: struct TAG is a list or tree member
 * type that links its object in (link), heads a list or tree of others
 * (head), or either (Linux's list_head) (ID_LIST_TYPE).
 */
static bool parse_list_type(struct parser *p, struct profile_rule *r)
{
	struct idiom *id = &r->idiom;
	char buf[512];

	if (!arity(p, 2, 3, "list-type TAG link|head [link|head]"))
		return false;
	if (!identifier(p->tok[1]))
		return fail(p, "'%s' is not a struct tag", p->tok[1]);
	for (unsigned i = 2; i < p->ntok; i++) {
		if (!strcmp(p->tok[i], "link"))
			id->mark |= IDIOM_LIST_LINK;
		else if (!strcmp(p->tok[i], "head"))
			id->mark |= IDIOM_LIST_HEAD;
		else
			return fail(p, "usage: list-type TAG link|head [link|head]");
	}
	snprintf(buf, sizeof(buf), "struct %s", p->tok[1]);
	r->name = intern(buf);
	id->kind = ID_LIST_TYPE;
	id->loc = -1;
	id->val = -1;
	r->kind = PR_IDIOM;
	return add_rule(p, r);
}

static bool parse_sink(struct parser *p, struct profile_rule *r)
{
	if (!arity(p, 3, 3, "sink KIND FUNC ARG") || !sink_kind(p, p->tok[1], &r->sink) ||
	    !set_name(p, r, "function", p->tok[2]) ||
	    !number(p, "ARG", p->tok[3], &r->arg, false))
		return false;
	r->kind = PR_SINK;
	return add_rule(p, r);
}

static bool parse_privilege(struct parser *p, struct profile_rule *r)
{
	if (!arity(p, 2, 2, "privilege FUNC ARG") || !set_name(p, r, "function", p->tok[1]) ||
	    !number(p, "ARG", p->tok[2], &r->arg, false))
		return false;
	r->kind = PR_PRIVILEGE;
	return add_rule(p, r);
}

/*
 * privilege-opener STRUCT MEMBER: of an ops table of type STRUCT, the
 * function given as MEMBER (file_operations' open) runs before any other
 * member can be called on what it opened; a privilege check that fails it
 * is needed by every other member of the same table.
 */
static bool parse_privilege_opener(struct parser *p, struct profile_rule *r)
{
	if (!arity(p, 2, 2, "privilege-opener STRUCT MEMBER") || !set_struct(p, r, p->tok[1]))
		return false;
	if (!strcmp(sym_str(r->strct), "*"))
		return fail(p, "privilege-opener needs a struct tag, not '*'");
	if (!identifier(p->tok[2]) || strchr(p->tok[2], '*'))
		return fail(p, "MEMBER '%s' is not a member name", p->tok[2]);
	r->name = intern(p->tok[2]);
	r->field = r->name;
	r->kind = PR_PRIVILEGE_OPENER;
	return add_rule(p, r);
}

static bool parse_sink_field(struct parser *p, struct profile_rule *r)
{
	if (!arity(p, 3, 3, "sink-field KIND STRUCT FIELD") ||
	    !sink_kind(p, p->tok[1], &r->sink) || !set_struct(p, r, p->tok[2]))
		return false;
	if (!field_chain(p->tok[3]))
		return fail(p, "FIELD '%s' is not a field name (or a.b chain)", p->tok[3]);
	r->field = intern(p->tok[3]);
	r->name = r->field;
	r->kind = PR_SINK_FIELD;
	return add_rule(p, r);
}

/* transition NAME: the block the transition directives that follow are in. */
static bool parse_transition(struct parser *p, struct profile_rule *r)
{
	if (!arity(p, 1, 1, "transition NAME"))
		return false;
	p->transition = intern(p->tok[1]);
	return true;
}

/* save or restore FUNC */
static bool parse_save_restore(struct parser *p, struct profile_rule *r)
{
	const char *d = p->tok[0];

	if (!arity(p, 1, 1, d[0] == 's' ? "save FUNC" : "restore FUNC") ||
	    !set_name(p, r, "function", p->tok[1]))
		return false;
	r->kind = d[0] == 's' ? PR_SAVE : PR_RESTORE;
	return add_rule(p, r);
}

/* lower-csr or priv-csr CSR...: a rule for each CSR. */
static bool parse_transition_csrs(struct parser *p, struct profile_rule *r)
{
	const char *d = p->tok[0];

	if (p->ntok < 2)
		return fail(p, "usage: %s CSR...", d);
	for (unsigned i = 1; i < p->ntok; i++) {
		struct profile_rule c = *r;

		if (!set_name(p, &c, "CSR", p->tok[i]))
			return false;
		c.kind = d[0] == 'l' ? PR_LOWER_CSR : PR_PRIV_CSR;
		add_rule(p, &c);
	}
	return true;
}

/* lower-field STRUCT FIELD, or priv-field STRUCT FIELD [BIT...] */
static bool parse_transition_field(struct parser *p, struct profile_rule *r)
{
	const char *d = p->tok[0];

	if (!(d[0] == 'l' ? arity(p, 2, 2, "lower-field STRUCT FIELD") :
			    arity(p, 2, 20, "priv-field STRUCT FIELD [BIT...]")) ||
	    !set_struct(p, r, p->tok[1]))
		return false;
	if (!field_chain(p->tok[2]) && strcmp(p->tok[2], "*"))
		return fail(p, "FIELD '%s' is not a field name or *", p->tok[2]);
	for (unsigned i = 3; i < p->ntok; i++)
		if (!identifier(p->tok[i]) || strchr(p->tok[i], '*'))
			return fail(p, "BIT '%s' is not a constant's name", p->tok[i]);
	r->field = intern(p->tok[2]);
	r->name = r->field;
	/* priv-field: the privileged bits, when only some are */
	if (p->ntok > 3)
		r->text = join(p, 3);
	r->kind = d[0] == 'l' ? PR_LOWER_FIELD : PR_PRIV_FIELD;
	return add_rule(p, r);
}

static bool parse_sanctioned(struct parser *p, struct profile_rule *r)
{
	if (!arity(p, 3, 3, "sanctioned SOURCE SINK \"REASON\""))
		return false;
	r->name = intern(p->tok[1]);
	r->target = intern(p->tok[2]);
	r->text = xstrdup(p->tok[3]);
	r->kind = PR_SANCTIONED;
	return add_rule(p, r);
}

static bool parse_allow(struct parser *p, struct profile_rule *r)
{
	if (p->ntok < 3)
		return fail(p, "usage: allow SINK VALUE...");
	r->target = intern(p->tok[1]);
	r->text = join(p, 2);
	r->kind = PR_ALLOW;
	return add_rule(p, r);
}

/* The shipped profile whose file is NAME.profile, or -1. */
static int shipped_index(const char *name)
{
	for (unsigned i = 0; i < shipped_profile_count; i++) {
		const char *n = shipped_profiles[i].name;
		const char *slash = strrchr(n, '/');
		char base[64];

		snprintf(base, sizeof(base), "%s", slash ? slash + 1 : n);
		if (str_ends(base, ".profile"))
			base[strlen(base) - 8] = '\0';
		if (!strcmp(base, name))
			return (int)i;
	}
	return -1;
}

/* The profile of the set read from file, or -1. */
static int profile_from_file(const struct profile_set *s, const char *file)
{
	for (uint32_t i = 0; i < s->profiles.n; i++)
		if (s->profiles.v[i].file == intern(file))
			return (int)i;
	return -1;
}

/*
 * include NAME: the shipped profile NAME comes with this one (read once
 * however many include it), and its idioms are defaults: a declaration of
 * the same name by a profile of the set that is not included overrides
 * them (Linux's profiles include linux-kernel, the kernel's own locks and
 * marked accesses).
 */
static bool parse_include(struct parser *p)
{
	int k, have;

	if (!arity(p, 1, 1, "include NAME"))
		return false;
	k = shipped_index(p->tok[1]);
	if (k < 0)
		return fail(p, "no shipped profile '%s' to include", p->tok[1]);
	have = profile_from_file(p->s, shipped_profiles[k].name);
	if (have < 0) {
		uint32_t first = p->s->profiles.n;

		if (!profile_parse(p->s, shipped_profiles[k].name, shipped_profiles[k].text, p->err,
				   p->errlen))
			return false;
		for (uint32_t i = first; i < p->s->profiles.n; i++)
			p->s->profiles.v[i].included = true;
	} else {
		p->s->profiles.v[have].included = true;
	}
	return true;
}

/*
 * The directives after a 'profile NAME' line, and how each is parsed:
 * into r, a rule of the current profile at the current line.
 */
static const struct {
	const char *name;
	bool (*parse)(struct parser *p, struct profile_rule *r);
	bool in_transition;	/* only inside a 'transition NAME' block */
} directives[] = {
	{ "description", parse_profile_text },
	{ "memory", parse_profile_text },
	{ "trigger", parse_profile_text },
	{ "shared-user", parse_shared_user },
	{ "single-reads-marked", parse_single_reads_marked },
	{ "benign-race-note", parse_benign_race_note },
	{ "panic-on-warn", parse_panic_on_warn },
	{ "bound", parse_bound },
	{ "concurrent-entries", parse_concurrent_entries },
	{ "handler-register", parse_handler_register },
	{ "shared-return", parse_shared_return },
	{ "shared-map", parse_shared_return },
	{ "shared-page", parse_shared_return },
	{ "snapshot", parse_shared_return },
	{ "shared-out", parse_shared_out },
	{ "shared-field", parse_shared_field },
	{ "shared-param", parse_shared_param },
	{ "shared-type", parse_shared_type },
	{ "shared-pages", parse_function_arg },
	{ "page-address", parse_function_arg },
	{ "exclusive-page", parse_function_arg },
	{ "reads", parse_reads },
	{ "fetch", parse_fetch },
	{ "fetch-elements", parse_fetch_elements },
	{ "inline-copy", parse_inline_copy },
	{ "validates", parse_addr_size },
	{ "shared-handle", parse_shared_name },
	{ "shared-param-name", parse_shared_name },
	{ "private-module-type", parse_private_module },
	{ "handler-unregister", parse_handler_unregister },
	{ "lockdown-notify", parse_lockdown_notify },
	{ "frees", parse_function_arg },
	{ "takes-ref", parse_function_arg },
	{ "lock", parse_lock },
	{ "unlock", parse_lock },
	{ "trylock", parse_lock },
	{ "lock-held", parse_lock },
	{ "owner-test", parse_lock },
	{ "lock-test", parse_lock },
	{ "marked-read", parse_marked },
	{ "marked-write", parse_marked },
	{ "marked-rmw", parse_marked },
	{ "marked-access", parse_marked },
	{ "plain-rmw", parse_marked },
	{ "plain-read", parse_marked },
	{ "assert", parse_call_idiom },
	{ "log", parse_call_idiom },
	{ "noreturn", parse_call_idiom },
	{ "annotation", parse_call_idiom },
	{ "barrier", parse_barrier },
	{ "unevaluated", parse_call_idiom },
	{ "pass", parse_call_idiom },
	{ "data-race", parse_call_idiom },
	{ "rcu-lock", parse_call_idiom },
	{ "rcu-unlock", parse_call_idiom },
	{ "guard", parse_call_idiom },
	{ "scoped-guard", parse_call_idiom },
	{ "not-idiom", parse_call_idiom },
	{ "type-macro", parse_type_macro },
	{ "iterator", parse_iterator },
	{ "irq-handler", parse_callback_role },
	{ "release-callback", parse_callback_role },
	{ "per-cpu", parse_per_cpu },
	{ "cpu-local", parse_per_cpu },
	{ "per-cpu-type", parse_per_cpu },
	{ "user-annotation", parse_user_word },
	{ "refcount-type", parse_refcount },
	{ "refcount-drop", parse_refcount },
	{ "guard-class", parse_guard_class },
	{ "fix-read", parse_fix_mark },
	{ "fix-write", parse_fix_mark },
	{ "function-macro", parse_function_macro },
	{ "type-size", parse_type_size },
	{ "running-thread", parse_running_thread },
	{ "member-array", parse_member_array },
	{ "assert-exclusive", parse_assert_exclusive },
	{ "type-arg", parse_type_arg },
	{ "string-macro", parse_string_macro },
	{ "member-macro", parse_member_macro },
	{ "object-macro", parse_object_macro },
	{ "init-macro", parse_init_macro },
	{ "alternatives", parse_alternatives },
	{ "indirect-call", parse_indirect_call },
	{ "file-trigger", parse_file_trigger },
	{ "type-call", parse_type_arg },
	{ "thread-entry", parse_thread_entry },
	{ "callback-lock", parse_callback_lock },
	{ "lifecycle-member", parse_member_role },
	{ "unlocked-callback", parse_member_role },
	{ "party-callback", parse_member_role },
	{ "list-type", parse_list_type },
	{ "unlink", parse_call_idiom },
	{ "ends", parse_call_idiom },
	{ "serial-entry", parse_serial_entry },
	{ "thread-stop", parse_thread_stop },
	{ "store", parse_addr_size },
	{ "running-task", parse_running_task },
	{ "sink", parse_sink },
	{ "sink-field", parse_sink_field },
	{ "privilege", parse_privilege },
	{ "privilege-opener", parse_privilege_opener },
	{ "transition", parse_transition },
	{ "save", parse_save_restore, true },
	{ "restore", parse_save_restore, true },
	{ "lower-csr", parse_transition_csrs, true },
	{ "priv-csr", parse_transition_csrs, true },
	{ "lower-field", parse_transition_field, true },
	{ "priv-field", parse_transition_field, true },
	{ "sanctioned", parse_sanctioned, true },
	{ "allow", parse_allow, true },
};

static bool directive_once(struct parser *p)
{
	const char *d = p->tok[0];
	struct profile_rule r = { .arg = -1, .dest = -1, .size = -1, .offset = -1 };

	r.file = intern(p->file);
	r.line = p->line;
	if (!strcmp(d, "profile"))
		return parse_profile(p);
	if (p->profile < 0)
		return fail(p, "'%s' before any 'profile NAME' line", d);
	r.profile = (uint16_t)p->profile;
	if (!strcmp(d, "include"))
		return parse_include(p);
	for (unsigned i = 0; i < ARRAY_SIZE(directives); i++) {
		if (strcmp(d, directives[i].name))
			continue;
		if (directives[i].in_transition && !p->transition)
			return fail(p, "'%s' outside a 'transition NAME' block", d);
		return directives[i].parse(p, &r);
	}
	return fail(p, "unknown directive '%s'", d);
}

/*
 * The directive once for each name its first argument spells: "(a|b)" not
 * followed by `*` is one of the words, so "(raw_spin|spin)_unlock" is two
 * lines, raw_spin_unlock and spin_unlock.  "(a|b)*" stays in the name, a
 * pattern of any number of the words.
 */
static bool expand_names(struct parser *p, const char *name, size_t *budget)
{
	const char *open = name;

	while ((open = strchr(open, '(')) != NULL) {
		const char *close = strchr(open, ')');

		if (!close)
			return fail(p, "'%s': '(' without ')'", name);
		if (close[1] == '*') {
			open = close + 1;
			continue;
		}
		for (const char *w = open + 1; w <= close;) {
			size_t n = strcspn(w, "|)");
			char *one = xmalloc(strlen(name) + 1);
			bool ok;

			if (w + n > close)
				n = (size_t)(close - w);
			memcpy(one, name, (size_t)(open - name));
			memcpy(one + (open - name), w, n);
			strcpy(one + (open - name) + n, close + 1);
			if (!*budget) {
				free(one);
				return fail(p, "'%s' spells too many names", name);
			}
			--*budget;
			ok = expand_names(p, one, budget);
			free(one);
			if (!ok)
				return false;
			w += n + 1;
		}
		return true;
	}
	{
		char *saved = p->tok[1];
		bool ok;

		p->tok[1] = (char *)name;
		ok = directive_once(p);
		p->tok[1] = saved;
		return ok;
	}
}

/* Does directive d name an idiom, whose name may be a pattern? */
static bool names_idiom(const char *d)
{
	for (unsigned i = 0; i < ARRAY_SIZE(directives); i++)
		if (!strcmp(d, directives[i].name))
			return directives[i].parse == parse_lock || directives[i].parse == parse_marked ||
			       directives[i].parse == parse_call_idiom ||
			       directives[i].parse == parse_type_macro ||
			       directives[i].parse == parse_assert_exclusive ||
			       directives[i].parse == parse_thread_entry ||
			       directives[i].parse == parse_callback_role;
	return false;
}

static bool directive(struct parser *p)
{
	size_t budget = 4096;

	if (p->ntok > 1 && strchr(p->tok[1], '(') && names_idiom(p->tok[0]))
		return expand_names(p, p->tok[1], &budget);
	return directive_once(p);
}

_Static_assert(PR_KINDS <= 64, "profile_set.prefixed_kinds has a bit per kind");

bool profile_parse(struct profile_set *s, const char *file, const char *text, char *err,
		   size_t errlen)
{
	struct parser p = { .s = s, .file = file, .err = err, .errlen = errlen, .profile = -1 };
	const char *line = text;
	bool ok = true;

	while (*line && ok) {
		const char *end = strchr(line, '\n');
		size_t n = end ? (size_t)(end - line) : strlen(line);
		char *buf = xstrndup(line, n);

		p.line++;
		if (memchr(line, '\0', n) || strlen(buf) != n)
			ok = fail(&p, "NUL byte in profile");
		else if (!tokenize(&p, buf))
			ok = false;
		else if (p.ntok)
			ok = directive(&p);
		free(buf);
		line = end ? end + 1 : line + n;
	}
	if (ok && p.profile < 0) {
		p.line = 0;
		ok = fail(&p, "no 'profile NAME' line: not a profile");
	}
	{
		static atomic_uint_fast64_t generations;

		s->generation = atomic_fetch_add(&generations, 1) + 1;
	}
	return ok;
}

static char *read_profile_file(const char *path)
{
	struct stat st;
	FILE *f;
	char *buf;
	size_t n;

	if (stat(path, &st) < 0)
		fatal("--profile-file %s: %s", path, strerror(errno));
	if (S_ISDIR(st.st_mode))
		fatal("--profile-file %s: is a directory, not a profile", path);
	if (!S_ISREG(st.st_mode))
		fatal("--profile-file %s: not a regular file", path);
	if (st.st_size > (1 << 20))
		fatal("--profile-file %s: larger than 1 MiB, not a profile", path);
	f = fopen(path, "rb");
	if (!f)
		fatal("--profile-file %s: %s", path, strerror(errno));
	buf = xmalloc((size_t)st.st_size + 1);
	n = fread(buf, 1, (size_t)st.st_size, f);
	if (ferror(f))
		fatal("--profile-file %s: read error", path);
	fclose(f);
	buf[n] = '\0';
	if (strlen(buf) != n) {
		free(buf);
		fatal("%s:1: error: NUL byte in profile", path);
	}
	return buf;
}

void profile_load(struct profile_set *s, const char *names, const char *const *files,
		  uint32_t nfiles)
{
	char err[512];

	if (!names) {
		for (unsigned i = 0; i < shipped_profile_count; i++)
			if (profile_from_file(s, shipped_profiles[i].name) < 0 &&
			    !profile_parse(s, shipped_profiles[i].name, shipped_profiles[i].text, err,
					   sizeof(err)))
				fatal("shipped profile %s", err);
		for (uint32_t i = 0; i < s->profiles.n; i++)
			s->profiles.v[i].in_fallback = true;
	} else if (strcmp(names, "none") != 0) {
		char *list = xstrdup(names), *save = NULL;

		for (char *t = strtok_r(list, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
			int i = shipped_index(t);

			if (i < 0) {
				struct sbuf b = {0};

				for (unsigned k = 0; k < shipped_profile_count; k++) {
					const char *n = strrchr(shipped_profiles[k].name, '/');

					sb_printf(&b, "%s%.*s", k ? ", " : "",
						  (int)(strlen(n ? n + 1 : shipped_profiles[k].name) - 8),
						  n ? n + 1 : shipped_profiles[k].name);
				}
				fatal("--profile: no shipped profile '%s' (shipped: %s)", t, sb_str(&b));
			}
			if (profile_from_file(s, shipped_profiles[i].name) >= 0)
				continue;	/* named twice, or included by one named before */
			if (!profile_parse(s, shipped_profiles[i].name, shipped_profiles[i].text, err,
					   sizeof(err)))
				fatal("shipped profile %s", err);
		}
		free(list);
	}
	for (uint32_t i = 0; i < nfiles; i++) {
		char *text = read_profile_file(files[i]);

		if (!profile_parse(s, files[i], text, err, sizeof(err))) {
			fprintf(stderr, "%s\n", err);
			exit(2);
		}
		free(text);
	}
	profile_finish(s);
}

/* s->prefixed by kind and first byte, for profile_next() (see profile.h) */
static void build_prefix_buckets(struct profile_set *s)
{
	const uint32_t nb = PR_KINDS * 256;
	uint32_t total = 0, at;

	s->pfx_start = xcalloc(nb + 1, sizeof(uint32_t));
	/* twice: count, then fill */
	for (int fill = 0; fill < 2; fill++) {
		at = 0;
		for (uint32_t b = 0; b < nb; b++) {
			uint32_t kind = b / 256, byte = b % 256;

			if (fill)
				s->pfx_start[b] = at;
			if (!(s->prefixed_kinds & (1ull << kind)))
				continue;
			for (uint32_t k = 0; k < s->prefixed.n; k++) {
				const struct profile_rule *r = &s->rules.v[s->prefixed.v[k]];
				const char *t;

				if (r->kind != (int)kind)
					continue;
				t = sym_str(r->name);
				if (*t && (unsigned char)*t != byte)
					continue;
				if (fill) {
					s->pfx_rule[at] = s->prefixed.v[k];
					s->pfx_name[at] = t;
					s->pfx_len[at] = (uint32_t)strlen(t);
				}
				at++;
			}
		}
		if (!fill) {
			total = at;
			s->pfx_rule = xmalloc(sizeof(uint32_t) * (total + 1));
			s->pfx_name = xmalloc(sizeof(char *) * (total + 1));
			s->pfx_len = xmalloc(sizeof(uint32_t) * (total + 1));
		}
	}
	s->pfx_start[nb] = total;
}

/* Does an included profile of the set declare an idiom under r's name, as written? */
static bool declared_by_included(const struct profile_set *s, const struct profile_rule *r)
{
	for (uint32_t i = 0; i < s->rules.n; i++) {
		const struct profile_rule *d = &s->rules.v[i];

		if (d->kind == PR_IDIOM && d->name == r->name &&
		    s->profiles.v[d->profile].included)
			return true;
	}
	return false;
}

void profile_finish(struct profile_set *s)
{
	free(s->next);
	symmap_free(&s->by_name);
	free(s->pfx_start);
	free(s->pfx_rule);
	free(s->pfx_name);
	free(s->pfx_len);
	s->pfx_start = NULL;
	s->pfx_rule = NULL;
	s->pfx_name = NULL;
	s->pfx_len = NULL;
	s->prefixed.n = 0;
	s->shared_types.n = 0;
	s->shared_fields.n = 0;
	s->shared_handles.n = 0;
	s->refcounts.n = 0;
	s->prefixed_kinds = 0;
	s->any_validates = false;
	s->next = xmalloc(sizeof(uint32_t) * (s->rules.n + 1));
	/* chained in reverse so that iteration sees file order */
	for (uint32_t i = s->rules.n; i-- > 0;) {
		const struct profile_rule *r = &s->rules.v[i];

		s->next[i] = IR_NONE_PROFILE;
		if (r->prefix) {
			continue;
		}
		if (!r->name)
			continue;
		s->next[i] = symmap_get(&s->by_name, r->name, IR_NONE_PROFILE);
		symmap_put(&s->by_name, r->name, i);
	}
	for (uint32_t i = 0; i < s->rules.n; i++) {
		if (s->rules.v[i].prefix) {
			vec_push(&s->prefixed, i);
			s->prefixed_kinds |= 1ull << s->rules.v[i].kind;
		}
		if (s->rules.v[i].kind == PR_SHARED_TYPE)
			vec_push(&s->shared_types, i);
		s->any_validates |= s->rules.v[i].kind == PR_VALIDATES;
		if (s->rules.v[i].kind == PR_SHARED_HANDLE)
			vec_push(&s->shared_handles, i);
		if (s->rules.v[i].kind == PR_REFCOUNT_TYPE || s->rules.v[i].kind == PR_REFCOUNT_DROP)
			vec_push(&s->refcounts, i);
	}
	build_prefix_buckets(s);
	/* in the order profile_next() gives them: exact names, then prefixes */
	for (int prefix = 0; prefix < 2; prefix++)
		for (uint32_t i = 0; i < s->rules.n; i++)
			if (s->rules.v[i].kind == PR_SHARED_FIELD && s->rules.v[i].prefix == prefix)
				vec_push(&s->shared_fields, i);
	/*
	 * serial-entry FUNC ARG of a function some profile of the set declares
	 * a thread entry on that argument: that thread entry, serial
	 */
	for (uint32_t i = 0; i < s->rules.n; i++) {
		struct profile_rule *r = &s->rules.v[i];

		if (r->kind != PR_IDIOM || r->idiom.kind != ID_SERIAL_ENTRY)
			continue;
		for (uint32_t k = 0; k < s->rules.n; k++) {
			const struct profile_rule *t = &s->rules.v[k];

			if (t->kind == PR_IDIOM && t->name == r->name && !t->prefix &&
			    t->idiom.kind == ID_THREAD_ENTRY && t->idiom.loc == r->idiom.loc) {
				r->idiom = t->idiom;
				r->idiom.serial = true;
				r->idiom.once = false;
				break;
			}
		}
	}
	/*
	 * The defaults first (the idioms of included profiles): the fallback's
	 * choice below asks them.
	 */
	for (unsigned layer = 2; layer-- > 0;) {
		VEC(struct idiom_decl) decls = {0};
		char err[256];

		for (uint32_t i = 0; i < s->rules.n; i++) {
			const struct profile_rule *r = &s->rules.v[i];
			const struct profile *pr = &s->profiles.v[r->profile];

			if (r->kind != PR_IDIOM || pr->included != (layer == 1))
				continue;
			/*
			 * Blanking EDK2's IN and OUT in a tree that is not EDK2
			 * (OP-TEE's arithmetic defines IN as const) changes what
			 * parses: annotations come only with a profile chosen
			 * for the tree, named, or included (Linux's __user and
			 * __rcu, from linux-kernel, are read wherever no tree
			 * is recognised, as its iterators are).
			 */
			if (r->idiom.kind == ID_ANNOTATION && pr->in_fallback && !pr->included)
				continue;
			/*
			 * Nor does one codebase's meaning of a name the defaults
			 * know (QEMU's atomic_add(ptr, n) against Linux's
			 * atomic_add(i, v)) apply to a tree no marker names.
			 */
			if (layer == 0 && pr->in_fallback) {
				const char *n = sym_str(r->name);
				char lit[256];

				snprintf(lit, sizeof(lit), "%.*s", (int)strcspn(n, "*("), n);
				if (idiom_builtin(lit).kind != ID_NONE)
					continue;
				/*
				 * ... nor a name a codebase declares as the
				 * defaults do (Xen's and QEMU's spin_lock,
				 * BUG_ON, printk, written in their profiles
				 * rather than included): the defaults' line
				 * stands, below what no default names
				 */
				if (declared_by_included(s, r))
					continue;
			}
			vec_push(&decls, ((struct idiom_decl){ sym_str(r->name), r->prefix, r->idiom }));
		}
		if (!idioms_install_layer(layer, decls.v, decls.n, err, sizeof(err)))
			fatal("profiles: %s", err);
		free(decls.v);
	}
	{
		VEC(const char *) it = {0}, rt = {0}, uw = {0};
		VEC(struct member_array_decl) ma = {0}, om = {0};
		VEC(struct init_macro_decl) im = {0};

		/*
		 * Iterators and array members change what parses: from a
		 * profile chosen for the tree, named, or included, as
		 * annotations are
		 */
		for (uint32_t i = 0; i < s->rules.n; i++) {
			const struct profile_rule *r = &s->rules.v[i];
			const struct profile *pr = &s->profiles.v[r->profile];

			if (pr->in_fallback && !pr->included)
				continue;
			if (r->kind == PR_ITERATOR)
				vec_push(&it, sym_str(r->name));
			else if (r->kind == PR_RUNNING_THREAD)
				vec_push(&rt, sym_str(r->name));
			else if (r->kind == PR_USER_WORD)
				vec_push(&uw, sym_str(r->name));
			else if (r->kind == PR_MEMBER_ARRAY)
				vec_push(&ma, ((struct member_array_decl){ sym_str(r->name),
									   (unsigned)r->arg, r->text }));
			else if (r->kind == PR_OBJECT_MACRO)
				vec_push(&om, ((struct member_array_decl){ sym_str(r->name), 0,
									   r->text, sym_str(r->field) }));
			else if (r->kind == PR_INIT_MACRO)
				vec_push(&im, ((struct init_macro_decl){
						      sym_str(r->name),
						      r->strct ? sym_str(r->strct) : NULL, r->arg,
						      r->target ? sym_str(r->target) : NULL,
						      r->text }));
		}
		for (unsigned w = 0; w < 3; w++) {
			VEC(const char *) pc = {0};

			for (uint32_t i = 0; i < s->rules.n; i++)
				if (s->rules.v[i].kind == PR_PER_CPU && s->rules.v[i].arg == (int8_t)w)
					vec_push(&pc, sym_str(s->rules.v[i].name));
			idioms_install_per_cpu(w, pc.v, pc.n);
			free(pc.v);
		}
		idioms_install_iterators(it.v, it.n);
		idioms_install_running_threads(rt.v, rt.n);
		idioms_install_user_words(uw.v, uw.n);
		{
			VEC(const char *) gc = {0};
			VEC(uint8_t) gk = {0};

			/* in declaration order: the first that matches wins */
			for (uint32_t i = 0; i < s->rules.n; i++)
				if (s->rules.v[i].kind == PR_GUARD_CLASS) {
					vec_push(&gc, sym_str(s->rules.v[i].name));
					vec_push(&gk, (uint8_t)s->rules.v[i].arg);
				}
			idioms_install_guard_classes(gc.v, gk.v, gc.n);
			free(gc.v);
			free(gk.v);
		}
		{
			const struct profile_rule *fm[2] = { NULL, NULL };

			/*
			 * A profile's own over the one its include brings; with no
			 * tree recognised, only the included defaults (Linux's),
			 * as for any name one codebase gives its own meaning
			 */
			for (int w = 0; w < 2; w++)
				for (int included = 0; included < 2 && !fm[w]; included++)
					for (uint32_t i = 0; i < s->rules.n && !fm[w]; i++) {
						const struct profile_rule *r = &s->rules.v[i];
						const struct profile *pr = &s->profiles.v[r->profile];

						if (r->kind == (w ? PR_FIX_WRITE : PR_FIX_READ) &&
						    pr->included == included &&
						    !(pr->in_fallback && !pr->included))
							fm[w] = r;
					}
			idioms_install_fix_marks(fm[0] ? sym_str(fm[0]->name) : NULL,
						 fm[0] && fm[0]->arg == 1,
						 fm[1] ? sym_str(fm[1]->name) : NULL,
						 fm[1] && fm[1]->arg == 1);
		}
		{
			const struct profile_rule *dr = NULL;

			/*
			 * a whole name, not a pattern: a text offers it as a call to
			 * write; the profile's own before its include's, as fix-read
			 */
			for (int included = 0; included < 2 && !dr; included++)
				for (uint32_t i = 0; i < s->rules.n && !dr; i++) {
					const struct profile_rule *r = &s->rules.v[i];
					const struct profile *pr = &s->profiles.v[r->profile];

					if (r->kind == PR_IDIOM && r->idiom.kind == ID_DATA_RACE &&
					    !r->prefix && pr->included == included &&
					    !(pr->in_fallback && !pr->included))
						dr = r;
				}
			idioms_install_data_race_mark(dr ? sym_str(dr->name) : NULL);
		}
		{
			VEC(const char *) fm = {0}, fp = {0}, tn = {0};
			VEC(uint8_t) tz = {0};

			for (uint32_t i = 0; i < s->rules.n; i++) {
				const struct profile_rule *r = &s->rules.v[i];
				const struct profile *pr = &s->profiles.v[r->profile];

				/* changes what a function is called: as iterators */
				if (r->kind == PR_FUNCTION_MACRO && !(pr->in_fallback && !pr->included)) {
					vec_push(&fm, sym_str(r->name));
					vec_push(&fp, (const char *)r->text);
				}
				/* a type's size is the same whoever names it: every profile's */
				if (r->kind == PR_TYPE_SIZE) {
					vec_push(&tn, (const char *)r->text);
					vec_push(&tz, (uint8_t)r->arg);
				}
			}
			idioms_install_function_macros(fm.v, fp.v, fm.n);
			byterange_set_type_sizes(tn.v, tz.v, tn.n);
			free(fm.v);
			free(fp.v);
			free(tn.v);
			free(tz.v);
		}
		type_pointee_set_qualifiers(uw.v, uw.n);
		idioms_install_member_arrays(ma.v, ma.n);
		idioms_install_object_macros(om.v, om.n);
		idioms_install_init_macros(im.v, im.n);
		free(it.v);
		free(rt.v);
		free(uw.v);
		free(ma.v);
		free(om.v);
		free(im.v);
	}
	{
		VEC(struct type_arg_decl) targs = {0};

		/* they change what parses: as annotations, only for the tree's profile */
		for (uint32_t i = 0; i < s->rules.n; i++) {
			const struct profile_rule *r = &s->rules.v[i];

			if (r->kind != PR_TYPE_ARG || s->profiles.v[r->profile].in_fallback)
				continue;
			vec_push(&targs, ((struct type_arg_decl){
				sym_str(r->name), r->arg < 0 ? TYPE_ARG_CALL : 1u << r->arg }));
		}
		idioms_install_type_args(targs.v, targs.n);
		free(targs.v);
	}
	{
		VEC(struct member_macro_decl) mm = {0};

		for (uint32_t i = 0; i < s->rules.n; i++) {
			const struct profile_rule *r = &s->rules.v[i];

			if (r->kind != PR_MEMBER_MACRO || s->profiles.v[r->profile].in_fallback)
				continue;
			vec_push(&mm, ((struct member_macro_decl){ sym_str(r->name), r->arg, r->dest,
								   sym_str(r->field) }));
		}
		idioms_install_member_macros(mm.v, mm.n);
		free(mm.v);
	}
	{
		VEC(const char *) sm = {0};
		char buf[256];

		/* a change to what parses: only for the tree's profile */
		for (uint32_t i = 0; i < s->rules.n; i++) {
			const struct profile_rule *r = &s->rules.v[i];

			if (r->kind != PR_STRING_MACRO || s->profiles.v[r->profile].in_fallback)
				continue;
			snprintf(buf, sizeof(buf), "%s%s", sym_str(r->name), r->prefix ? "*" : "");
			vec_push(&sm, sym_str(intern(buf)));
		}
		idioms_install_string_macros(sm.v, sm.n);
		free(sm.v);
	}
}

const struct profile_rule *profile_handle_rule(const struct profile_set *s, sym_t type)
{
	const char *t, *paren;

	if (!s->shared_handles.n || !type)
		return NULL;
	t = sym_str(type);
	if (str_starts(t, "const "))
		t += 6;
	if (!(paren = strchr(t, '(')))
		return NULL;
	for (uint32_t i = 0; i < s->shared_handles.n; i++) {
		const struct profile_rule *r = &s->rules.v[s->shared_handles.v[i]];
		size_t n = strlen(sym_str(r->name));

		if ((size_t)(paren - t) == n && !strncmp(t, sym_str(r->name), n))
			return r;
	}
	return NULL;
}

const struct profile_rule *profile_next(const struct profile_set *s, sym_t name, int kind,
					uint32_t *cursor)
{
	/* cursor: 0 start; odd = in the exact chain at (cursor>>1); even>0 = prefixed */
	uint32_t i;

	if (!name)
		return NULL;
	if (*cursor == 0) {
		i = symmap_get(&s->by_name, name, IR_NONE_PROFILE);
		goto exact;
	}
	if (*cursor & 1) {
		i = s->next[*cursor >> 1];
exact:
		for (; i != IR_NONE_PROFILE; i = s->next[i]) {
			if (s->rules.v[i].kind == kind) {
				*cursor = (i << 1) | 1;
				return &s->rules.v[i];
			}
		}
		*cursor = 2;
	}
	/* asked of every call the rules walk: most kinds have no prefix to try */
	if (s->prefixed_kinds & (1ull << kind)) {
		const char *n = sym_str(name);
		uint32_t b = (uint32_t)kind * 256 + (unsigned char)n[0];
		uint32_t end = s->pfx_start[b + 1];

		/* the cursor counts from the bucket's start: the bucket is the same next time */
		for (uint32_t k = s->pfx_start[b] + (*cursor >> 1) - 1; k < end; k++) {
			if (!strncmp(n, s->pfx_name[k], s->pfx_len[k])) {
				*cursor = (k - s->pfx_start[b] + 2) << 1;
				return &s->rules.v[s->pfx_rule[k]];
			}
		}
		*cursor = (end - s->pfx_start[b] + 1) << 1;
		return NULL;
	}
	*cursor = 2;
	return NULL;
}

const struct profile_rule *profile_find(const struct profile_set *s, sym_t name, int kind)
{
	uint32_t cur = 0;

	return profile_next(s, name, kind, &cur);
}

const struct profile *profile_of(const struct profile_set *s, const struct profile_rule *r)
{
	return &s->profiles.v[r->profile];
}

void profile_set_free(struct profile_set *s)
{
	for (uint32_t i = 0; i < s->profiles.n; i++)
		free(s->profiles.v[i].description);
	for (uint32_t i = 0; i < s->rules.n; i++)
		free(s->rules.v[i].text);
	vec_free(&s->profiles);
	vec_free(&s->rules);
	vec_free(&s->prefixed);
	vec_free(&s->shared_types);
	vec_free(&s->shared_handles);
	vec_free(&s->refcounts);
	vec_free(&s->shared_fields);
	free(s->next);
	symmap_free(&s->by_name);
	free(s->pfx_start);
	free(s->pfx_rule);
	free(s->pfx_name);
	free(s->pfx_len);
	memset(s, 0, sizeof(*s));
}
