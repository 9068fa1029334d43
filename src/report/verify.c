#include "report/verify.h"
#include "rules/rule.h"
#include "input/source.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct expectation {
	sym_t file;
	uint32_t line;
	bool site;		/* expect-site: ROLE */
	char word[96];		/* rule name or role */
	char quals[4][96];	/* key=value */
	unsigned nquals;
	bool too_long;		/* a word or key=value past 95 characters */
	bool met;
};

static const char *qual_value(const struct finding *f, const char *key)
{
	if (!strcmp(key, "impact"))
		return impact_name(f->impact);
	if (!strcmp(key, "severity"))
		return severity_name(f->severity);
	if (!strcmp(key, "status"))
		return status_name(f->status);
	if (!strcmp(key, "confidence"))
		return confidence_name(f->confidence);
	if (!strcmp(key, "trigger"))
		return sym_str(f->trigger);
	return NULL;
}

/* Expected values are single words: a "_" stands for a space. */
static bool same_value(const char *got, const char *want)
{
	for (; *got && *want; got++, want++)
		if (*got != *want && !(*want == '_' && *got == ' '))
			return false;
	return *got == *want;
}

static bool matches(const struct expectation *e, const struct finding *f, char *why, size_t n)
{
	if (e->site) {
		for (uint32_t i = 0; i < f->sites.n; i++)
			if (f->sites.v[i].file == e->file && f->sites.v[i].line == e->line &&
			    !strcmp(sym_str(f->sites.v[i].role), e->word))
				return true;
		return false;
	}
	if (f->file != e->file || f->line != e->line || strcmp(f->rule->name, e->word))
		return false;
	for (unsigned q = 0; q < e->nquals; q++) {
		char key[96];
		const char *eq = strchr(e->quals[q], '='), *val, *got;

		if (!eq)
			continue;
		snprintf(key, sizeof(key), "%.*s", (int)(eq - e->quals[q]), e->quals[q]);
		val = eq + 1;
		/*
		 * why=WORDS: the impact's reason says WORDS ("_" a space);
		 * says=WORDS: the message does ("read_2_times")
		 */
		/*
		 * nowhy=WORDS: the impact's reason does not say WORDS (a wrong
		 * claim fixed)
		 */
		if (!strcmp(key, "why") || !strcmp(key, "says") || !strcmp(key, "nowhy")) {
			bool negate = key[0] == 'n';
			const char *text = key[0] == 's' ? f->message : f->impact_reason;
			char words[96];	/* scan_line() refuses a longer value */
			size_t k;

			for (k = 0; val[k] && k + 1 < sizeof(words); k++)
				words[k] = val[k] == '_' ? ' ' : val[k];
			words[k] = '\0';
			if ((text && strstr(text, words)) == negate) {
				if (negate)
					snprintf(why, n, "why is \"%s\", expected it not to say \"%s\"",
						 text, words);
				else
					snprintf(why, n, "%s is \"%s\", expected it to say \"%s\"",
						 key[0] == 'w' ? "why" : "the message", text ? text : "",
						 words);
				return false;
			}
			continue;
		}
		got = qual_value(f, key);
		if (!got || !same_value(got, val)) {
			snprintf(why, n, "%s is %s, expected %s", key, got ? got : "(unknown key)", val);
			return false;
		}
	}
	return true;
}

/* Parse "expect: a, b x=y" / "expect-site: role" out of one line. */
struct expectation_vec {
	struct expectation *v;
	uint32_t n, cap;
};

static void scan_line(const char *line, size_t len, sym_t file, uint32_t lineno,
		      struct expectation_vec *out)
{
	char buf[512];
	const char *p;

	if (len >= sizeof(buf))
		len = sizeof(buf) - 1;
	memcpy(buf, line, len);
	buf[len] = '\0';
	for (p = buf; (p = strstr(p, "expect")) != NULL; p++) {
		bool site = !strncmp(p, "expect-site:", 12);
		const char *q;
		char words[8][96];
		unsigned nwords = 0;
		struct expectation proto = { .file = file, .line = lineno, .site = site };

		if (!site && strncmp(p, "expect:", 7))
			continue;
		q = p + (site ? 12 : 7);
		/* words up to the end of the comment */
		for (;;) {
			char tok[96];
			size_t k = 0;

			while (*q == ' ' || *q == ',' || *q == '\t')
				q++;
			if (!*q || (q[0] == '*' && q[1] == '/'))
				break;
			while (*q && *q != ' ' && *q != ',' && *q != '\t' &&
			       !(q[0] == '*' && q[1] == '/') && k < sizeof(tok) - 1)
				tok[k++] = *q++;
			tok[k] = '\0';
			/* cut short it would test less than it says: refused below */
			if (*q && *q != ' ' && *q != ',' && *q != '\t' && !(q[0] == '*' && q[1] == '/')) {
				proto.too_long = true;
				while (*q && *q != ' ' && *q != ',' && *q != '\t' &&
				       !(q[0] == '*' && q[1] == '/'))
					q++;
			}
			if (strchr(tok, '=')) {
				if (proto.nquals < 4)
					snprintf(proto.quals[proto.nquals++], sizeof(proto.quals[0]),
						 "%s", tok);
			} else if (nwords < 8) {
				snprintf(words[nwords++], sizeof(words[0]), "%s", tok);
			}
		}
		for (unsigned w = 0; w < nwords; w++) {
			struct expectation e = proto;

			memcpy(e.word, words[w], sizeof(e.word));
			vec_push(out, e);
		}
	}
}

int verify_findings(const struct finding_list *l, const struct file_list *files,
		    const struct index *idx)
{
	struct expectation_vec ex = {0};
	bool *used = xcalloc(l->n + 1, sizeof(bool));
	int bad = 0;

	for (uint32_t i = 0; i < files->n; i++) {
		struct source src;
		char err[256];
		sym_t file = intern(files->paths[i]);

		if (source_load(&src, files->paths[i], UINT64_MAX, err, sizeof(err)) != SOURCE_OK)
			continue;
		for (uint32_t ln = 1; ln <= source_nlines(&src); ln++) {
			size_t n;
			const char *t = source_line(&src, ln, &n);

			if (memmem(t, n, "expect", 6))
				scan_line(t, n, file, ln, &ex);
		}
		source_free(&src);
	}
	for (uint32_t k = 0; k < ex.n; k++) {
		struct expectation *e = &ex.v[k];
		char why[256] = "";

		if (e->too_long) {
			printf("%s:%u: error: expect: a word or key=value longer than %zu characters\n",
			       sym_str(e->file), e->line, sizeof(e->quals[0]) - 1);
			bad = 1;
			continue;
		}
		if (!e->site && !rule_by_name(e->word)) {
			printf("%s:%u: error: expect: no rule named '%s'\n", sym_str(e->file), e->line,
			       e->word);
			bad = 1;
			continue;
		}
		for (uint32_t i = 0; i < l->n; i++) {
			if (matches(e, l->v[i], why, sizeof(why))) {
				e->met = true;
				if (!e->site)
					used[i] = true;
				break;
			}
		}
		if (!e->met) {
			printf("%s:%u: error: expected %s%s not reported%s%s\n", sym_str(e->file),
			       e->line, e->site ? "a site with role " : "a finding of ", e->word,
			       why[0] ? ": " : "", why);
			bad = 1;
		}
	}
	for (uint32_t i = 0; i < l->n; i++) {
		const struct finding *f = l->v[i];

		if (used[i])
			continue;
		printf("%s:%u: error: unexpected finding [%s]: %s\n", sym_str(f->file), f->line,
		       f->rule->name, f->message);
		bad = 1;
	}
	printf("verify: %u expectations, %u findings: %s\n", ex.n, l->n, bad ? "FAIL" : "ok");
	free(used);
	vec_free(&ex);
	(void)idx;
	return bad;
}
