/*
 * JSON: {"tool": "tocsin", "version": ..., "findings": [...], "stats": {...}}.
 * The schema is documented in README.md.
 */
#include "report/report.h"
#include "rules/rule.h"
#include "base/version.h"
#include "triage/project.h"

/*
 * Source text, paths and names are bytes, not always UTF-8; JSON must
 * be.  A byte that does not start a well-formed sequence becomes U+FFFD.
 */
void json_string(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");

	fputc('"', out);
	while (*p) {
		unsigned n;

		switch (*p) {
		case '"': fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '\n': fputs("\\n", out); break;
		case '\r': fputs("\\r", out); break;
		case '\t': fputs("\\t", out); break;
		default:
			if (*p < 0x20) {
				fprintf(out, "\\u%04x", *p);
			} else if ((n = utf8_seq_len(p, 4)) != 0) {	/* a NUL stops it */
				fwrite(p, 1, n, out);
				p += n;
				continue;
			} else {
				fputs("\\ufffd", out);
			}
		}
		p++;
	}
	fputc('"', out);
}

static void key(FILE *out, const char *k)
{
	json_string(out, k);
	fputs(": ", out);
}

static void site_json(FILE *out, const struct site *s)
{
	fputs("{", out);
	key(out, "file");
	json_string(out, sym_str(project_path(s->file)));
	fprintf(out, ", \"line\": %u, \"column\": %u, ", s->line, s->col ? s->col : 1);
	key(out, "function");
	json_string(out, sym_str(s->function));
	fputs(", ", out);
	key(out, "role");
	json_string(out, sym_str(s->role));
	fputs(", ", out);
	key(out, "note");
	json_string(out, sym_str(s->note));
	if (s->lock) {
		fputs(", ", out);
		key(out, "lock");
		json_string(out, sym_str(s->lock));
	}
	fputs("}", out);
}

void report_json(FILE *out, const struct finding_list *l, const struct run_stats *st,
		 const struct options *o)
{
	fputs("{\n  \"tool\": \"tocsin\",\n  \"version\": \"" TOCSIN_VERSION_STRING "\",\n", out);
	fputs("  \"findings\": [", out);
	for (uint32_t i = 0; i < l->n; i++) {
		const struct finding *f = l->v[i];

		fputs(i ? ",\n    {" : "\n    {", out);
		key(out, "rule");
		json_string(out, f->rule->name);
		fputs(", ", out);
		key(out, "severity");
		json_string(out, severity_name(f->severity));
		fputs(", ", out);
		key(out, "impact");
		if (f->impact == IMPACT_NONE)
			fputs("null", out);
		else
			json_string(out, impact_name(f->impact));
		fputs(", ", out);
		key(out, "status");
		json_string(out, status_name(f->status));
		fputs(", ", out);
		key(out, "confidence");
		json_string(out, confidence_name(f->confidence));
		fputs(", ", out);
		key(out, "trigger");
		if (f->trigger)
			json_string(out, sym_str(f->trigger));
		else
			fputs("null", out);
		fputs(",\n      ", out);
		key(out, "message");
		json_string(out, f->message);
		fputs(",\n      ", out);
		key(out, "file");
		json_string(out, sym_str(project_path(f->file)));
		fprintf(out, ", \"line\": %u, \"column\": %u, ", f->line, f->col ? f->col : 1);
		key(out, "function");
		json_string(out, sym_str(f->function));
		fputs(", ", out);
		key(out, "fingerprint");
		json_string(out, f->fingerprint);
		if (f->impact_reason) {
			fputs(",\n      ", out);
			key(out, "impact_reason");
			json_string(out, f->impact_reason);
		}
		if (f->doubt) {
			fputs(",\n      ", out);
			key(out, "doubt");
			json_string(out, sym_str(f->doubt));
		}
		if (f->ack_reason) {
			fputs(",\n      ", out);
			key(out, "acknowledged_reason");
			json_string(out, f->ack_reason);
		}
		if (f->fix) {
			fputs(",\n      ", out);
			key(out, "fix");
			json_string(out, f->fix);
		}
		if (f->fix_diff) {
			fputs(",\n      ", out);
			key(out, "fix_diff");
			json_string(out, f->fix_diff);
		}
		fputs(",\n      \"sites\": [", out);
		for (uint32_t k = 0; k < f->sites.n; k++) {
			fputs(k ? ",\n        " : "\n        ", out);
			site_json(out, &f->sites.v[k]);
		}
		fputs(f->sites.n ? "\n      ]" : "]", out);
		fputs(",\n      \"witness\": [", out);
		for (uint32_t k = 0; k < f->witness.n; k++) {
			const struct witness_step *w = &f->witness.v[k];

			fputs(k ? ",\n        " : "\n        ", out);
			fprintf(out, "{\"cpu\": %u, \"text\": ", w->cpu);
			json_string(out, sym_str(w->text));
			if (w->site != UINT32_MAX && w->site < f->sites.n)
				fprintf(out, ", \"site\": %u", w->site);
			fputs("}", out);
		}
		fputs(f->witness.n ? "\n      ]" : "]", out);
		fputs("\n    }", out);
	}
	fputs(l->n ? "\n  ],\n" : "],\n", out);
	fprintf(out,
		"  \"stats\": {\"files_scanned\": %u, \"files_skipped\": {", st->files_scanned);
	for (unsigned r = 0; r < SKIP_REASONS; r++) {
		fprintf(out, "%s", r ? ", " : "");
		json_string(out, skip_reason_name(r));
		fprintf(out, ": %llu", (unsigned long long)st->skipped[r]);
	}
	fprintf(out, "}, \"functions_partial_by_reason\": {");
	for (unsigned r = 0; r < PARTIAL_REASONS; r++)
		fprintf(out, "%s\"%s\": %u", r ? ", " : "", partial_reason_key(r), st->partial[r]);
	fprintf(out,
		"}, \"bytes\": %llu, \"functions\": %u, \"functions_partial\": %u, "
		"\"function_bodies_lost\": %u, "
		"\"findings\": %u, \"acknowledged_hidden\": %u, \"possible_hidden\": %u, "
		"\"below_severity\": %u, "
		"\"in_baseline\": %u, \"outside_diff\": %u, \"input_errors\": %u, "
		"\"prefilter_files\": %u, \"prefilter_kept\": %u, \"prefilter_bodies\": %u, "
		"\"bodies_skimmed\": %u, \"prefilter_in_part\": %u, \"context_files\": %u}\n}\n",
		(unsigned long long)st->bytes, st->funcs, st->funcs_partial, st->lost_bodies,
		st->findings,
		st->acknowledged_hidden, st->possible_hidden, st->below_severity, st->in_baseline, st->outside_diff,
		st->input_errors, st->prefilter_files, st->prefilter_kept, st->prefilter_bodies,
		st->bodies_skimmed, st->prefilter_in_part, st->context_files);
	(void)o;
}
