/*
 * HTML: one page a maintainer can open from a CI artifact or mail it on.
 * Everything is inline -- styles, script, the source excerpts -- and a
 * Content-Security-Policy forbids every fetch, so opening a report never
 * touches the network and the file still works years later.  Nothing in
 * it depends on the clock, so the same findings give the same bytes.
 *
 * The table lists one finding per <tr class="finding">, followed by its
 * <tr class="detail">: the triage, each site with a source excerpt (the
 * site's line is <tr class="hl">), and the interleaving as a CPU0 | CPU1
 * table.  The script sorts on a header click and filters by minimum
 * severity, rule and impact.  Filters also come from the URL fragment,
 *
 *	report.html#rule=double-fetch&severity=low&impact=guest-state&sort=-location
 *
 * so a link can point at a view, and a headless browser can check the
 * filtering with --dump-dom alone: rows that a filter drops get the
 * `hidden` attribute.  Without the script every row and detail is shown.
 */
#include "report/report.h"
#include "rules/rule.h"
#include "input/source.h"
#include "base/version.h"
#include "triage/project.h"

#include <string.h>

/* Lines shown before and after a site's line. */
#define CONTEXT_LINES 3

/* Length of the well-formed UTF-8 sequence at p (RFC 3629), or 0. */
static size_t utf8_len(const unsigned char *p, size_t n)
{
	unsigned c = p[0];
	size_t len;
	uint32_t cp;

	if (c < 0xc2 || c > 0xf4)
		return 0;
	len = c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
	if (len > n)
		return 0;
	cp = c & (0x7fu >> len);
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

/*
 * Text into HTML, for element content and quoted attribute values alike.
 * Sources are not always UTF-8 (Latin-1 comments, stray control bytes):
 * such bytes become U+FFFD, so the page is valid UTF-8 whatever was read.
 */
static void html_n(FILE *out, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;

	for (size_t i = 0; i < n;) {
		unsigned char c = p[i];
		size_t len;

		switch (c) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\'': fputs("&#39;", out); break;
		case '\t': case '\n': case '\f':
			fputc(c, out);
			break;
		default:
			if (c >= 0x80) {
				len = utf8_len(p + i, n - i);
				if (len) {
					fwrite(p + i, 1, len, out);
					i += len;
					continue;
				}
				fputs("\xef\xbf\xbd", out);
			} else if (c < 0x20 || c == 0x7f) {
				fputs("\xef\xbf\xbd", out);
			} else {
				fputc(c, out);
			}
		}
		i++;
	}
}

static void html(FILE *out, const char *s)
{
	if (s)
		html_n(out, s, strlen(s));
}

/*
 * The files excerpts come from, each read once however many sites point
 * into it.  Sorted by symbol id up front so a lookup is a binary search.
 */
struct source_slot {
	sym_t file;
	bool tried, ok;
	char why[160];
	struct source src;
};

struct source_cache {
	struct source_slot *v;
	uint32_t n;
	uint64_t max_size;
};

static int cmp_sym(const void *a, const void *b)
{
	sym_t x = *(const sym_t *)a, y = *(const sym_t *)b;

	return x < y ? -1 : x > y;
}

static void cache_init(struct source_cache *c, const struct finding_list *l, uint64_t max_size)
{
	VEC(sym_t) files = {0};

	for (uint32_t i = 0; i < l->n; i++)
		for (uint32_t k = 0; k < l->v[i]->sites.n; k++)
			vec_push(&files, l->v[i]->sites.v[k].file);
	sort_n(files.v, files.n, sizeof(sym_t), cmp_sym);
	c->v = xcalloc(files.n + 1, sizeof(*c->v));
	c->n = 0;
	c->max_size = max_size;
	for (uint32_t i = 0; i < files.n; i++)
		if (!c->n || c->v[c->n - 1].file != files.v[i])
			c->v[c->n++].file = files.v[i];
	vec_free(&files);
}

static struct source_slot *cache_get(struct source_cache *c, sym_t file)
{
	uint32_t lo = 0, hi = c->n;
	struct source_slot *s;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (c->v[mid].file < file)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == c->n || c->v[lo].file != file)
		return NULL;
	s = &c->v[lo];
	if (!s->tried) {
		s->tried = true;
		s->ok = source_load(&s->src, sym_str(file), c->max_size, s->why,
				    sizeof(s->why)) == SOURCE_OK;
		/* Excerpts need the bytes on disk, not the parser's copy. */
		free(s->src.parse_text);
		s->src.parse_text = NULL;
	}
	return s;
}

static void cache_free(struct source_cache *c)
{
	for (uint32_t i = 0; i < c->n; i++)
		source_free(&c->v[i].src);
	free(c->v);
	c->v = NULL;
	c->n = 0;
}

static const char style[] =
	"body{font:14px/1.4 system-ui,sans-serif;margin:1em 2em;color:#222;background:#fff}\n"
	"h1{font-size:1.4em;margin:0 0 .3em}\n"
	"code,.src,.loc{font-family:ui-monospace,monospace;font-size:13px}\n"
	".stats{color:#555;margin:.2em 0}\n"
	".filters{margin:1em 0;display:flex;gap:1.2em;flex-wrap:wrap;align-items:center}\n"
	"html:not(.js) .filters{display:none}\n"
	"table{border-collapse:collapse}\n"
	"#findings{width:100%}\n"
	"#findings>thead th{text-align:left;border-bottom:2px solid #888;white-space:nowrap}\n"
	"#findings>thead button{font:inherit;font-weight:bold;border:0;background:none;"
	"cursor:pointer;padding:.3em .2em}\n"
	"#findings>thead th[aria-sort=ascending] button::after{content:\" \\25b2\"}\n"
	"#findings>thead th[aria-sort=descending] button::after{content:\" \\25bc\"}\n"
	"tr.finding>td{padding:.3em .4em;border-top:1px solid #ddd;vertical-align:top}\n"
	".js tr.finding{cursor:pointer}\n"
	"tr.finding>td:nth-child(-n+4){white-space:nowrap}\n"
	"tr.finding:hover{background:#f4f6fa}\n"
	".js tr.detail:not(.open){display:none}\n"
	"tr.detail>td{padding:.5em 1em 1.2em;background:#fafafa;border-top:1px solid #eee}\n"
	".sev{font-weight:bold;text-transform:uppercase;font-size:12px}\n"
	".sev-critical{color:#a00}.sev-high{color:#c40}.sev-medium{color:#a70}"
	".sev-low{color:#357}.sev-note{color:#666}\n"
	"dl{display:grid;grid-template-columns:max-content 1fr;gap:.2em 1em;margin:0 0 1em}\n"
	"dt{font-weight:bold;color:#444}dd{margin:0}\n"
	".evidence{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:1.5em}\n"
	".site{margin:0 0 1em}.site p{margin:.2em 0}\n"
	".role{font-weight:bold}\n"
	".src{border:1px solid #ddd;background:#fff;width:100%}\n"
	".src td{padding:0 .5em;white-space:pre;tab-size:8;-moz-tab-size:8}\n"
	".src td.ln{color:#888;text-align:right;user-select:none;border-right:1px solid #ddd;"
	"width:1%}\n"
	".src tr.hl td{background:#fff3b0}\n"
	".src tr.hl td.ln{color:#000;font-weight:bold}\n"
	".nosrc{color:#888;font-style:italic}\n"
	".witness{width:100%;background:#fff;border:1px solid #ddd}\n"
	".witness th,.witness td{border:1px solid #ddd;padding:.2em .5em;width:50%;"
	"vertical-align:top;text-align:left}\n"
	".witness .ref{color:#888}\n"
	"pre.diff{background:#fff;border:1px solid #ddd;padding:.5em;overflow:auto}\n"
	"h3{font-size:1em;margin:.2em 0 .5em}\n";

/*
 * Plain DOM code, no library.  State lives in the select boxes and in
 * sortKey/sortDesc; the fragment is read once on load (and again when the
 * reader edits it) and rewritten when the reader changes a filter.
 */
static const char script[] =
	"(function () {\n"
	"'use strict';\n"
	"function $(id) { return document.getElementById(id); }\n"
	"var body = $('findings').tBodies[0];\n"
	"var rows = [].slice.call(body.querySelectorAll('tr.finding'));\n"
	"var heads = [].slice.call($('findings').tHead.rows[0].cells);\n"
	"var sel = { severity: $('f-severity'), rule: $('f-rule'), impact: $('f-impact') };\n"
	"var names = ['severity', 'rule', 'impact'];\n"
	"var sortKey = '', sortDesc = false;\n"
	"function detail(r) { return $('d' + r.dataset.i); }\n"
	"function apply() {\n"
	"\tvar min = SEV.indexOf(sel.severity.value), shown = 0;\n"
	"\trows.forEach(function (r) {\n"
	"\t\tvar ok = SEV.indexOf(r.dataset.severity) >= min &&\n"
	"\t\t\t(!sel.rule.value || r.dataset.rule === sel.rule.value) &&\n"
	"\t\t\t(!sel.impact.value || r.dataset.impact === sel.impact.value);\n"
	"\t\tr.hidden = !ok;\n"
	"\t\tdetail(r).hidden = !ok;\n"
	"\t\tshown += ok;\n"
	"\t});\n"
	"\t$('count').textContent = shown + ' of ' + rows.length + ' findings shown';\n"
	"}\n"
	"function key(r, col) {\n"
	"\tvar c = r.cells[col];\n"
	"\treturn c.dataset.k !== undefined ? c.dataset.k : c.textContent;\n"
	"}\n"
	"function sortBy(k, desc) {\n"
	"\tvar col = heads.findIndex(function (h) { return h.dataset.sort === k; });\n"
	"\tif (col < 0)\n"
	"\t\treturn;\n"
	"\tsortKey = k;\n"
	"\tsortDesc = desc;\n"
	"\trows.sort(function (a, b) {\n"
	"\t\tvar x = key(a, col), y = key(b, col), c = x < y ? -1 : x > y ? 1 : 0;\n"
	"\t\treturn (desc ? -c : c) || a.dataset.i - b.dataset.i;\n"
	"\t});\n"
	"\trows.forEach(function (r) {\n"
	"\t\tbody.appendChild(r);\n"
	"\t\tbody.appendChild(detail(r));\n"
	"\t});\n"
	"\theads.forEach(function (h) {\n"
	"\t\th.setAttribute('aria-sort', h.dataset.sort !== k ? 'none' :\n"
	"\t\t\t       desc ? 'descending' : 'ascending');\n"
	"\t});\n"
	"}\n"
	"function choose(s, v) {\n"
	"\t/* a value from a link may name a rule without findings here */\n"
	"\tif (v && ![].some.call(s.options, function (o) { return o.value === v; }))\n"
	"\t\ts.add(new Option(v + ' (0)', v));\n"
	"\ts.value = v;\n"
	"}\n"
	"function fromHash() {\n"
	"\tvar p = new URLSearchParams(location.hash.slice(1)), s = p.get('sort');\n"
	"\tnames.forEach(function (n) { choose(sel[n], p.get(n) || ''); });\n"
	"\tif (s)\n"
	"\t\tsortBy(s.replace(/^-/, ''), s.charAt(0) === '-');\n"
	"\tapply();\n"
	"}\n"
	"function toHash() {\n"
	"\tvar p = new URLSearchParams();\n"
	"\tnames.forEach(function (n) { if (sel[n].value) p.set(n, sel[n].value); });\n"
	"\tif (sortKey)\n"
	"\t\tp.set('sort', (sortDesc ? '-' : '') + sortKey);\n"
	"\ttry {\n"
	"\t\thistory.replaceState(null, '', '#' + p.toString());\n"
	"\t} catch (e) {\n"
	"\t\t/* some browsers refuse it on file: pages; the view still works */\n"
	"\t}\n"
	"}\n"
	"function toggle(r, open) {\n"
	"\tdetail(r).classList.toggle('open', open);\n"
	"\tr.querySelector('button').setAttribute('aria-expanded', String(open));\n"
	"}\n"
	"names.forEach(function (n) {\n"
	"\tsel[n].addEventListener('change', function () { apply(); toHash(); });\n"
	"});\n"
	"heads.forEach(function (h) {\n"
	"\th.querySelector('button').addEventListener('click', function () {\n"
	"\t\t/* ranks read best from the top: they start high to low */\n"
	"\t\tsortBy(h.dataset.sort, h.dataset.sort === sortKey ? !sortDesc :\n"
	"\t\t       h.hasAttribute('data-desc'));\n"
	"\t\ttoHash();\n"
	"\t});\n"
	"});\n"
	"rows.forEach(function (r) {\n"
	"\tr.addEventListener('click', function (e) {\n"
	"\t\tif (!window.getSelection().isCollapsed)\n"
	"\t\t\treturn;\t/* the reader is selecting text, not toggling */\n"
	"\t\ttoggle(r, !detail(r).classList.contains('open'));\n"
	"\t});\n"
	"});\n"
	"$('expand').addEventListener('click', function () {\n"
	"\trows.forEach(function (r) { if (!r.hidden) toggle(r, true); });\n"
	"});\n"
	"$('collapse').addEventListener('click', function () {\n"
	"\trows.forEach(function (r) { toggle(r, false); });\n"
	"});\n"
	"window.addEventListener('hashchange', fromHash);\n"
	"fromHash();\n"
	"})();\n";

/* The columns, in order: the sort key the script and the fragment use,
 * the header, and whether a first click sorts high to low. */
static const struct {
	const char *key, *title;
	bool desc;
} columns[] = {
	{ "severity", "severity", true },
	{ "rule", "rule", false },
	{ "impact", "impact", true },
	{ "status", "status", false },
	{ "location", "file:line", false },
	{ "function", "function", false },
	{ "message", "message", false },
};

static void head(FILE *out, const struct finding_list *l)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n", out);
	/* No fetch of any kind: a report must not phone home when opened. */
	fputs("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	      "style-src 'unsafe-inline'; script-src 'unsafe-inline'; base-uri 'none'; "
	      "form-action 'none'\">\n", out);
	fputs("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n", out);
	fprintf(out, "<meta name=\"generator\" content=\"tocsin %s\">\n", TOCSIN_VERSION_STRING);
	fprintf(out, "<title>tocsin: %u finding%s</title>\n", l->n, l->n == 1 ? "" : "s");
	/* Set before the body is laid out, so details start collapsed
	 * without a flash, and stay open for a reader without scripts. */
	fputs("<script>document.documentElement.className = 'js';</script>\n", out);
	fprintf(out, "<style>\n%s</style>\n</head>\n", style);
}

static void stats(FILE *out, const struct run_stats *st)
{
	uint64_t skipped = 0;

	for (unsigned r = 0; r < SKIP_REASONS; r++)
		skipped += st->skipped[r];
	fprintf(out, "<p class=\"stats\">%u finding%s; %u files scanned", st->findings,
		st->findings == 1 ? "" : "s", st->files_scanned);
	if (skipped)
		fprintf(out, ", %llu skipped", (unsigned long long)skipped);
	fprintf(out, "; %u functions, %u of them parsed only partly.</p>\n", st->funcs,
		st->funcs_partial);
	if (st->acknowledged_hidden || st->possible_hidden || st->below_severity || st->in_baseline ||
	    st->outside_diff) {
		const char *sep = "";

		fputs("<p class=\"stats\">Not listed: ", out);
		if (st->acknowledged_hidden) {
			fprintf(out, "%u acknowledged (<code>--show-acknowledged</code>)",
				st->acknowledged_hidden);
			sep = ", ";
		}
		if (st->possible_hidden) {
			fprintf(out, "%s%u only possibly concurrent (<code>--all</code>)", sep,
				st->possible_hidden);
			sep = ", ";
		}
		if (st->below_severity) {
			fprintf(out, "%s%u below <code>--min-severity</code>", sep,
				st->below_severity);
			sep = ", ";
		}
		if (st->in_baseline) {
			fprintf(out, "%s%u in the baseline", sep, st->in_baseline);
			sep = ", ";
		}
		if (st->outside_diff)
			fprintf(out, "%s%u outside the diff", sep, st->outside_diff);
		fputs(".</p>\n", out);
	}
}

static void filters(FILE *out, const struct finding_list *l)
{
	uint32_t count[IMPACT_HOST_MEMORY + 1] = {0};

	fputs("<div class=\"filters\">\n<label>severity at least <select id=\"f-severity\">"
	      "<option value=\"\">any</option>", out);
	for (int s = SEV_NOTE; s <= SEV_CRITICAL; s++)
		fprintf(out, "<option>%s</option>", severity_name(s));
	fputs("</select></label>\n", out);

	/* Only the rules and impacts that occur, with how often. */
	fputs("<label>rule <select id=\"f-rule\"><option value=\"\">all</option>", out);
	for (unsigned r = 0; r < rule_count; r++) {
		uint32_t n = 0;

		for (uint32_t i = 0; i < l->n; i++)
			n += l->v[i]->rule == rule_table[r];
		if (!n)
			continue;
		fputs("<option value=\"", out);
		html(out, rule_table[r]->name);
		fputs("\">", out);
		html(out, rule_table[r]->name);
		fprintf(out, " (%u)</option>", n);
	}
	fputs("</select></label>\n", out);

	for (uint32_t i = 0; i < l->n; i++)
		if (l->v[i]->impact <= IMPACT_HOST_MEMORY)
			count[l->v[i]->impact]++;
	fputs("<label>impact <select id=\"f-impact\"><option value=\"\">all</option>", out);
	for (int k = IMPACT_HOST_MEMORY; k >= IMPACT_NONE; k--)
		if (count[k])
			fprintf(out, "<option value=\"%s\">%s (%u)</option>", impact_name(k),
				impact_name(k), count[k]);
	fputs("</select></label>\n", out);
	fprintf(out, "<span id=\"count\">%u findings</span>\n", l->n);
	fputs("<button type=\"button\" id=\"expand\">expand all</button>"
	      "<button type=\"button\" id=\"collapse\">collapse all</button>\n</div>\n", out);
}

static void finding_row(FILE *out, const struct finding *f, uint32_t n)
{
	const char *sev = severity_name(f->severity);

	fprintf(out, "<tr class=\"finding\" id=\"f%u\" data-i=\"%u\" data-severity=\"%s\" "
		"data-rule=\"", n, n, sev);
	html(out, f->rule->name);
	fprintf(out, "\" data-impact=\"%s\" data-status=\"%s\">\n", impact_name(f->impact),
		status_name(f->status));
	/* data-k: what the column sorts by when the text would sort wrong */
	fprintf(out, "<td data-k=\"%u\"><button type=\"button\" aria-expanded=\"false\" "
		"aria-controls=\"d%u\" class=\"sev sev-%s\">%s</button></td>\n",
		f->severity, n, sev, sev);
	fputs("<td>", out);
	html(out, f->rule->name);
	fprintf(out, "</td>\n<td data-k=\"%u\">%s</td>\n<td data-k=\"%u\">%s</td>\n", f->impact,
		impact_name(f->impact), f->status, status_name(f->status));
	fputs("<td class=\"loc\" data-k=\"", out);
	html(out, sym_str(project_path(f->file)));
	fprintf(out, " %010u\">", f->line);
	html(out, sym_str(project_path(f->file)));
	fprintf(out, ":%u</td>\n<td><code>", f->line);
	html(out, sym_str(f->function));
	fputs("</code></td>\n<td>", out);
	html(out, f->message);
	fputs("</td>\n</tr>\n", out);
}

static void fact(FILE *out, const char *name, const char *value)
{
	if (!value || !*value)
		return;
	fprintf(out, "<dt>%s</dt><dd>", name);
	html(out, value);
	fputs("</dd>\n", out);
}

static void excerpt(FILE *out, struct source_cache *c, const struct site *s)
{
	struct source_slot *slot = cache_get(c, s->file);
	uint32_t first, last;
	size_t n;

	if (!slot || !slot->ok) {
		fputs("<p class=\"nosrc\">source not available", out);
		if (slot && slot->why[0]) {
			fputs(": ", out);
			html(out, slot->why);
		}
		fputs("</p>\n", out);
		return;
	}
	if (s->line == 0 || s->line > source_nlines(&slot->src)) {
		fprintf(out, "<p class=\"nosrc\">source not available: "
			"the file has no line %u</p>\n", s->line);
		return;
	}
	first = s->line > CONTEXT_LINES ? s->line - CONTEXT_LINES : 1;
	last = MIN(s->line + CONTEXT_LINES, source_nlines(&slot->src));
	/* A file ending in a newline has an empty last "line"; leave it out. */
	if (last > s->line && last == source_nlines(&slot->src)) {
		source_line(&slot->src, last, &n);
		if (n == 0)
			last--;
	}
	fputs("<table class=\"src\" data-file=\"", out);
	html(out, sym_str(project_path(s->file)));
	fprintf(out, "\" data-line=\"%u\">\n", s->line);
	for (uint32_t line = first; line <= last; line++) {
		const char *text = source_line(&slot->src, line, &n);

		fprintf(out, "<tr%s><td class=\"ln\">%u</td><td class=\"code\">",
			line == s->line ? " class=\"hl\"" : "", line);
		html_n(out, text, n);
		fputs("</td></tr>\n", out);
	}
	fputs("</table>\n", out);
}

static void site_block(FILE *out, struct source_cache *c, const struct finding *f, uint32_t n,
		       uint32_t k)
{
	const struct site *s = &f->sites.v[k];

	fprintf(out, "<div class=\"site\" id=\"f%us%u\">\n<p>[%u] <span class=\"role\">", n, k + 1,
		k + 1);
	html(out, sym_str(s->role));
	fputs("</span> <span class=\"loc\">", out);
	html(out, sym_str(project_path(s->file)));
	fprintf(out, ":%u:%u</span>", s->line, s->col ? s->col : 1);
	if (s->function) {
		fputs(" in <code>", out);
		html(out, sym_str(s->function));
		fputs("</code>", out);
	}
	if (s->note) {
		fputs(": ", out);
		html(out, sym_str(s->note));
	}
	if (s->lock) {
		fputs(" (holding <code>", out);
		html(out, sym_str(s->lock));
		fputs("</code>)", out);
	}
	fputs("</p>\n", out);
	excerpt(out, c, s);
	fputs("</div>\n", out);
}

static void witness_table(FILE *out, const struct finding *f)
{
	fputs("<div class=\"interleaving\">\n<h3>an interleaving that breaks it</h3>\n", out);
	if (!f->witness.n) {
		fputs("<p class=\"nosrc\">no interleaving recorded</p>\n</div>\n", out);
		return;
	}
	fputs("<table class=\"witness\">\n<thead><tr><th>CPU0: the code under report</th>"
	      "<th>CPU1: the racing party</th></tr></thead>\n<tbody>\n", out);
	for (uint32_t k = 0; k < f->witness.n; k++) {
		const struct witness_step *w = &f->witness.v[k];

		/* one step a row, so reading down gives the order of events */
		fputs(w->cpu ? "<tr><td></td><td>" : "<tr><td>", out);
		html(out, sym_str(w->text));
		if (w->site != UINT32_MAX && w->site < f->sites.n)
			fprintf(out, " <span class=\"ref\">[%u]</span>", w->site + 1);
		fputs(w->cpu ? "</td></tr>\n" : "</td><td></td></tr>\n", out);
	}
	fputs("</tbody>\n</table>\n</div>\n", out);
}

static void finding_detail(FILE *out, struct source_cache *c, const struct finding *f, uint32_t n)
{
	fprintf(out, "<tr class=\"detail\" id=\"d%u\"><td colspan=\"%zu\">\n<dl>\n", n,
		ARRAY_SIZE(columns));
	fact(out, "message", f->message);
	fact(out, "impact", impact_name(f->impact));
	fact(out, "why", f->impact_reason);
	fact(out, "trigger", f->trigger ? sym_str(f->trigger) : NULL);
	fact(out, "status", status_name(f->status));
	fact(out, "confidence", confidence_name(f->confidence));
	fact(out, "only possible because", f->doubt ? sym_str(f->doubt) : NULL);
	if (f->ack_reason)
		fact(out, f->status == STATUS_BOUNDED ? "bounded because" : "acknowledged because",
		     f->ack_reason);
	fact(out, "fix", f->fix);
	fact(out, "fingerprint", f->fingerprint);
	fputs("</dl>\n", out);
	if (f->fix_diff) {
		fputs("<pre class=\"diff\">", out);
		html(out, f->fix_diff);
		fputs("</pre>\n", out);
	}
	fputs("<div class=\"evidence\">\n<div class=\"sites\">\n", out);
	for (uint32_t k = 0; k < f->sites.n; k++)
		site_block(out, c, f, n, k);
	fputs("</div>\n", out);
	witness_table(out, f);
	fputs("</div>\n</td></tr>\n", out);
}

void report_html(FILE *out, const struct finding_list *l, const struct run_stats *st,
		 const struct options *o)
{
	struct source_cache cache;

	cache_init(&cache, l, o->max_file_size);
	head(out, l);
	fputs("<body>\n<h1>tocsin report</h1>\n", out);
	stats(out, st);
	filters(out, l);
	fputs("<table id=\"findings\">\n<thead><tr>", out);
	for (size_t c = 0; c < ARRAY_SIZE(columns); c++)
		fprintf(out, "<th data-sort=\"%s\"%s aria-sort=\"none\"><button type=\"button\">%s"
			"</button></th>", columns[c].key, columns[c].desc ? " data-desc" : "",
			columns[c].title);
	fputs("</tr></thead>\n<tbody>\n", out);
	for (uint32_t i = 0; i < l->n; i++) {
		finding_row(out, l->v[i], i + 1);
		finding_detail(out, &cache, l->v[i], i + 1);
	}
	fputs("</tbody>\n</table>\n", out);
	if (!l->n)
		fputs("<p>No findings.</p>\n", out);
	fprintf(out, "<p class=\"stats\">tocsin %s</p>\n", TOCSIN_VERSION_STRING);
	/* The severity names, lowest first, for the minimum-severity filter. */
	fputs("<script>\nvar SEV = [", out);
	for (int s = SEV_NOTE; s <= SEV_CRITICAL; s++)
		fprintf(out, "%s'%s'", s ? ", " : "", severity_name(s));
	fprintf(out, "];\n%s</script>\n</body>\n</html>\n", script);
	cache_free(&cache);
}
