/*
 * Text: GCC's diagnostic format, so editors and CI log parsers pick it up.
 *
 *   FILE:LINE:COL: warning: MESSAGE [RULE]
 *   FILE:LINE:COL: note: severity medium, confident, impact guest-state, triggered by guest (L1)
 *   FILE:LINE:COL: note: fetch: read 1 of 3: vmcb12->save.rip (in FUNCTION)
 */
#include "report/report.h"

#include <stdarg.h>
#include <string.h>
#include "rules/rule.h"
#include "base/version.h"
#include "triage/project.h"

static void note(FILE *out, sym_t file, uint32_t line, uint32_t col, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
static void note(FILE *out, sym_t file, uint32_t line, uint32_t col, const char *fmt, ...)
{
	va_list ap;

	fprintf(out, "%s:%u:%u: note: ", sym_str(project_path(file)), line, col ? col : 1);
	va_start(ap, fmt);
	vfprintf(out, fmt, ap);
	va_end(ap);
	fputc('\n', out);
}

static void witness(FILE *out, const struct finding *f)
{
	size_t w = 0;

	for (uint32_t i = 0; i < f->witness.n; i++)
		if (f->witness.v[i].cpu == 0) {
			size_t n = strlen(sym_str(f->witness.v[i].text));

			if (n > w)
				w = n;
		}
	if (w > 60)
		w = 60;
	fprintf(out, "    %-*s | %s\n", (int)w, "CPU0", "CPU1");
	for (uint32_t i = 0; i < f->witness.n; i++) {
		const struct witness_step *s = &f->witness.v[i];

		if (s->cpu == 0)
			fprintf(out, "    %-*s |\n", (int)w, sym_str(s->text));
		else
			fprintf(out, "    %-*s | %s\n", (int)w, "", sym_str(s->text));
	}
}

void report_text(FILE *out, const struct finding_list *l, const struct options *o)
{
	for (uint32_t i = 0; i < l->n; i++) {
		const struct finding *f = l->v[i];

		fprintf(out, "%s:%u:%u: warning: %s [%s]\n", sym_str(project_path(f->file)), f->line,
			f->col ? f->col : 1, f->message, f->rule->name);
		note(out, f->file, f->line, f->col, "severity %s, %s, impact %s%s%s%s%s",
		     severity_name(f->severity), confidence_name(f->confidence),
		     impact_name(f->impact),
		     f->trigger ? ", triggered by " : "", f->trigger ? sym_str(f->trigger) : "",
		     f->status != STATUS_OPEN ? ", " : "",
		     f->status != STATUS_OPEN ? status_name(f->status) : "");
		if (f->impact_reason)
			note(out, f->file, f->line, f->col, "why: %s", f->impact_reason);
		if (f->doubt)
			note(out, f->file, f->line, f->col, "only possible: %s", sym_str(f->doubt));
		if (f->ack_reason)
			note(out, f->file, f->line, f->col, "%s: %s", status_name(f->status),
			     f->ack_reason);
		for (uint32_t k = 0; k < f->sites.n; k++) {
			const struct site *s = &f->sites.v[k];

			fprintf(out, "%s:%u:%u: note: %s: %s", sym_str(project_path(s->file)), s->line,
				s->col ? s->col : 1, sym_str(s->role), s->note ? sym_str(s->note) : "");
			if (s->lock)
				fprintf(out, " (holding %s)", sym_str(s->lock));
			if (s->function && s->function != f->function)
				fprintf(out, " [in %s]", sym_str(s->function));
			fputc('\n', out);
		}
		if (f->fix)
			note(out, f->file, f->line, f->col, "fix: %s", f->fix);
		if (o->witness && f->witness.n)
			witness(out, f);
		if (o->fix_diff && f->fix_diff)
			fputs(f->fix_diff, out);
	}
}

void report_summary(FILE *out, const struct run_stats *st)
{
	static const char *const unit[] = { "B", "KB", "MB", "GB", "TB" };
	double b = (double)st->bytes;
	unsigned u = 0;
	uint64_t skipped = 0;

	while (b >= 1024 && u < 4) {
		b /= 1024;
		u++;
	}
	for (unsigned r = 0; r < SKIP_REASONS; r++)
		skipped += st->skipped[r];
	fprintf(out, "tocsin: %u files scanned (%.1f %s)", st->files_scanned, b, unit[u]);
	if (skipped) {
		bool first = true;

		fprintf(out, ", %llu skipped (", (unsigned long long)skipped);
		for (unsigned r = 0; r < SKIP_REASONS; r++) {
			if (!st->skipped[r])
				continue;
			fprintf(out, "%s%llu %s", first ? "" : ", ",
				(unsigned long long)st->skipped[r], skip_reason_name(r));
			first = false;
		}
		fputc(')', out);
	}
	fputc('\n', out);
	if (st->context_root)
		fprintf(out, "tocsin: %u of them read for their declarations only (--context %s): "
			"the rest of the tree at %s; no findings there (--context none skips them)\n",
			st->context_files, st->context_mode, st->context_root);
	if (st->prefilter_files)
		fprintf(out, "tocsin: the lexical prefilter kept %u of %u files for the rules "
			"selected, %u of them only for definitions, and the parse skimmed %u of the "
			"%u function bodies in them (--no-prefilter parses all)\n", st->prefilter_kept,
			st->prefilter_files, st->prefilter_in_part, st->bodies_skimmed,
			st->prefilter_bodies);
	if (st->cache_used)
		fprintf(out, "tocsin: %u of %u files unchanged since the cache saw them, %u parsed\n",
			st->cache_hits, st->files_scanned, st->files_scanned - st->cache_hits);
	fprintf(out, "tocsin: %u functions: %u analysed fully, %u partially", st->funcs,
		st->funcs - st->funcs_partial, st->funcs_partial);
	if (st->funcs_partial) {
		const char *sep = " (";

		for (unsigned r = 0; r < PARTIAL_REASONS; r++) {
			if (!st->partial[r])
				continue;
			fprintf(out, "%s%u %s", sep, st->partial[r], partial_reason_name(r));
			sep = ", ";
		}
		fputc(')', out);
	}
	/* what a parse error took in whole: no function of it was analysed */
	if (st->lost_bodies)
		fprintf(out, "; %u more function bod%s lost in parse errors, not analysed",
			st->lost_bodies, st->lost_bodies == 1 ? "y" : "ies");
	fputc('\n', out);
	if (st->rules_run) {
		fprintf(out, "tocsin: %u finding%s", st->findings, st->findings == 1 ? "" : "s");
		if (st->acknowledged_hidden)
			fprintf(out, "; %u acknowledged, hidden (--show-acknowledged)",
				st->acknowledged_hidden);
		if (st->possible_hidden) {
			fprintf(out, "; %u only possible, hidden (--all):", st->possible_hidden);
			uint32_t listed = 0;

			for (uint32_t i = 0; i < st->ndoubts; i++) {
				fprintf(out, "%s %u %s", i ? ";" : "", st->doubts[i].n,
					sym_str(st->doubts[i].why));
				listed += st->doubts[i].n;
			}
			if (st->ndoubts && listed < st->possible_hidden)
				fprintf(out, "; %u for other reasons", st->possible_hidden - listed);
		}
		if (st->below_severity)
			fprintf(out, "; %u below --min-severity", st->below_severity);
		if (st->in_baseline)
			fprintf(out, "; %u in the baseline", st->in_baseline);
		if (st->outside_diff)
			fprintf(out, "; %u outside the diff", st->outside_diff);
		fputc('\n', out);
	}
	fprintf(out, "tocsin: %.2f s wall\n", st->wall_seconds);
}
