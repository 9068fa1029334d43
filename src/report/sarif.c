/*
 * SARIF 2.1.0 (OASIS).  One run; rule metadata for every rule that ran;
 * one result per finding with its sites as relatedLocations, the
 * interleaving as a codeFlow with one threadFlow per CPU, acknowledged
 * races as suppressions, and a partialFingerprint that does not depend on
 * line numbers.
 */
#include "report/report.h"
#include "rules/rule.h"
#include "base/version.h"
#include "triage/project.h"

#include <stdlib.h>
#include <string.h>

static void uri(FILE *out, const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p = (const unsigned char *)path;

	fputc('"', out);
	if (path[0] == '/')
		fputs("file://", out);
	for (; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/", *p))
			fputc(*p, out);
		else
			fprintf(out, "%%%c%c", hex[*p >> 4], hex[*p & 15]);
	}
	fputc('"', out);
}

static void physical(FILE *out, sym_t file, uint32_t line, uint32_t col)
{
	fputs("{\"artifactLocation\": {\"uri\": ", out);
	uri(out, sym_str(project_path(file)));
	fprintf(out, "}, \"region\": {\"startLine\": %u, \"startColumn\": %u}}", line ? line : 1,
		col ? col : 1);
}

static const char *level(const struct finding *f)
{
	if (f->status == STATUS_ACKNOWLEDGED)
		return "note";
	switch (f->severity) {
	case SEV_CRITICAL:
	case SEV_HIGH:
		return "error";
	case SEV_MEDIUM:
	case SEV_LOW:
		return "warning";
	default:
		return "note";
	}
}

static unsigned rule_index(const struct rule *r)
{
	for (unsigned i = 0; i < rule_count; i++)
		if (rule_table[i] == r)
			return i;
	return 0;
}

static void code_flow(FILE *out, const struct finding *f)
{
	fputs(", \"codeFlows\": [{\"message\": {\"text\": \"an interleaving that breaks it\"}, "
	      "\"threadFlows\": [", out);
	for (unsigned cpu = 0; cpu < 2; cpu++) {
		bool first = true;

		fprintf(out, "%s{\"id\": \"CPU%u\", \"message\": {\"text\": ", cpu ? ", " : "", cpu);
		json_string(out, cpu ? "the racing party" : "the code under report");
		fputs("}, \"locations\": [", out);
		for (uint32_t k = 0; k < f->witness.n; k++) {
			const struct witness_step *w = &f->witness.v[k];

			if (w->cpu != cpu)
				continue;
			fputs(first ? "" : ", ", out);
			first = false;
			fprintf(out, "{\"executionOrder\": %u, \"location\": {", k + 1);
			if (w->site != UINT32_MAX && w->site < f->sites.n) {
				const struct site *s = &f->sites.v[w->site];

				fputs("\"physicalLocation\": ", out);
				physical(out, s->file, s->line, s->col);
				fputs(", ", out);
			}
			fputs("\"message\": {\"text\": ", out);
			json_string(out, sym_str(w->text));
			fputs("}}}", out);
		}
		fputs("]}", out);
	}
	fputs("]}]", out);
}

void report_sarif(FILE *out, const struct finding_list *l, const struct run_stats *st,
		  const struct options *o)
{
	fputs("{\n  \"$schema\": \"https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/"
	      "schemas/sarif-schema-2.1.0.json\",\n  \"version\": \"2.1.0\",\n  \"runs\": [{\n", out);
	fputs("    \"tool\": {\"driver\": {\"name\": \"tocsin\", \"version\": \"" TOCSIN_VERSION_STRING
	      "\", \"semanticVersion\": \"" TOCSIN_VERSION_STRING "\", \"informationUri\": \""
	      TOCSIN_URI "\",\n      \"rules\": [", out);
	for (unsigned i = 0; i < rule_count; i++) {
		const struct rule *r = rule_table[i];

		fputs(i ? ",\n        {" : "\n        {", out);
		fputs("\"id\": ", out);
		json_string(out, r->name);
		fputs(", \"name\": ", out);
		json_string(out, r->name);
		fputs(", \"shortDescription\": {\"text\": ", out);
		json_string(out, r->summary);
		char *help = rule_help_text(r);

		fputs("}, \"fullDescription\": {\"text\": ", out);
		json_string(out, help);
		fputs("}, \"help\": {\"text\": ", out);
		json_string(out, help);
		free(help);
		fputs("}, \"defaultConfiguration\": {\"level\": \"warning\"}, "
		      "\"properties\": {\"tags\": [\"concurrency\", \"toctou\"]}}", out);
	}
	fputs("\n      ]}},\n", out);
	fputs("    \"invocations\": [{\"executionSuccessful\": true}],\n", out);
	fputs("    \"results\": [", out);
	for (uint32_t i = 0; i < l->n; i++) {
		const struct finding *f = l->v[i];

		fputs(i ? ",\n      {" : "\n      {", out);
		fputs("\"ruleId\": ", out);
		json_string(out, f->rule->name);
		fprintf(out, ", \"ruleIndex\": %u, \"level\": \"%s\", \"message\": {\"text\": ",
			rule_index(f->rule), level(f));
		json_string(out, f->message);
		fputs("},\n        \"locations\": [{\"physicalLocation\": ", out);
		physical(out, f->file, f->line, f->col);
		fputs(", \"logicalLocations\": [{\"name\": ", out);
		json_string(out, sym_str(f->function));
		fputs(", \"kind\": \"function\"}]}]", out);
		if (f->sites.n) {
			fputs(",\n        \"relatedLocations\": [", out);
			for (uint32_t k = 0; k < f->sites.n; k++) {
				const struct site *s = &f->sites.v[k];
				struct sbuf m = {0};

				sb_printf(&m, "%s: %s", sym_str(s->role), sym_str(s->note));
				if (s->lock)
					sb_printf(&m, " (holding %s)", sym_str(s->lock));
				fprintf(out, "%s{\"id\": %u, \"physicalLocation\": ", k ? ", " : "", k + 1);
				physical(out, s->file, s->line, s->col);
				fputs(", \"message\": {\"text\": ", out);
				json_string(out, sb_str(&m));
				fputs("}}", out);
				sb_free(&m);
			}
			fputs("]", out);
		}
		fputs(",\n        \"partialFingerprints\": {\"tocsin/v1\": ", out);
		json_string(out, f->fingerprint);
		fputs("}", out);
		if (f->status == STATUS_ACKNOWLEDGED) {
			fputs(",\n        \"suppressions\": [{\"kind\": \"inSource\", \"justification\": ",
			      out);
			json_string(out, f->ack_reason ? f->ack_reason : "acknowledged");
			fputs("}]", out);
		}
		if (f->witness.n)
			code_flow(out, f);
		fputs(",\n        \"properties\": {\"severity\": ", out);
		json_string(out, severity_name(f->severity));
		fputs(", \"impact\": ", out);
		json_string(out, impact_name(f->impact));
		fputs(", \"status\": ", out);
		json_string(out, status_name(f->status));
		fputs(", \"confidence\": ", out);
		json_string(out, confidence_name(f->confidence));
		if (f->doubt) {
			fputs(", \"doubt\": ", out);
			json_string(out, sym_str(f->doubt));
		}
		if (f->trigger) {
			fputs(", \"trigger\": ", out);
			json_string(out, sym_str(f->trigger));
		}
		if (f->fix) {
			fputs(", \"fix\": ", out);
			json_string(out, f->fix);
		}
		fputs("}}", out);
	}
	fputs(l->n ? "\n    ]\n  }]\n}\n" : "]\n  }]\n}\n", out);
	(void)st;
	(void)o;
}
