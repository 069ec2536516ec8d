/* The fleet summary as one self-contained HTML page: the verdict, a matrix
 * of servers (worst first) and the checks that fail or warn anywhere, each
 * cell linking to that finding in the server's section below; then the
 * certificates that expire first and what changed since the baseline.
 * Escaping and the page chrome are the HTML report's (html_common.c). */
#include "config.h"

#include <string.h>

#include "fleet/fleet-priv.h"
#include "report-priv.h"

/* The id of a server's section, or of its finding of check (NULL: the
 * section): names and check IDs are [A-Za-z0-9._-], so ids are too. */
static void put_id(FILE *out, const char *server, const char *check)
{
	fputs("s-", out);
	html_put(out, server);
	if (check != NULL) {
		fputs("--", out);
		html_put(out, check);
	}
}

static void put_badge(FILE *out, const char *status, const char *server, const char *check)
{
	fputs("<a class=\"badge st-", out);
	html_put(out, status);
	fputs("\" href=\"#", out);
	put_id(out, server, check);
	fputs("\">", out);
	html_put(out, status);
	fputs("</a>", out);
}

static void matrix_row(FILE *out, const struct fleet_row *r, const struct fleet_check *c, size_t nc)
{
	size_t k;

	fputs("<tr><th scope=\"row\"><a href=\"#", out);
	put_id(out, r->name, NULL);
	fputs("\">", out);
	html_put(out, r->name);
	fprintf(out, "</a></th><td>%s</td><td>%d</td>", fleet_row_status(r), r->exit_code);
	if (r->error != NULL) {
		fprintf(out, "<td colspan=\"%zu\" class=\"st-error\">", nc > 0 ? nc : 1);
		html_put(out, r->error);
		fputs("</td></tr>\n", out);
		return;
	}
	for (k = 0; k < nc; k++) {
		const struct fleet_finding *f = fleet_row_finding(r, c[k].id);

		fputs("<td>", out);
		if (f != NULL && strcmp(f->status, "waived") != 0)
			put_badge(out, f->status, r->name, c[k].id);
		fputs("</td>", out);
	}
	if (nc == 0)
		fputs("<td></td>", out);
	fputs("</tr>\n", out);
}

static void matrix(FILE *out, const struct fleet_summary *s)
{
	size_t nc, i, k;
	struct fleet_check *c = fleet_checks(s, &nc);

	fputs("<h2>Servers and failing checks</h2>\n<div style=\"overflow-x:auto\"><table "
	      "class=\"matrix\">\n<thead><tr><th>Server</th><th>Status</th><th>Exit</th>", out);
	for (k = 0; k < nc; k++) {
		fputs("<th title=\"", out);
		html_put(out, severity_name(c[k].sev));
		fputs("\"><code>", out);
		html_put(out, c[k].id);
		fprintf(out, "</code><br><span class=\"muted\">%s, %zu fail</span></th>",
			severity_name(c[k].sev), c[k].fail);
	}
	if (nc == 0)
		fputs("<th>No check fails or warns</th>", out);
	fputs("</tr></thead>\n<tbody>\n", out);
	for (i = 0; i < s->n; i++)
		matrix_row(out, &s->rows[i], c, nc);
	fputs("</tbody></table></div>\n", out);
	free(c);
}

static void finding(FILE *out, const struct fleet_row *r, size_t j)
{
	const struct fleet_finding *f = &r->f[j];

	fputs("<div class=\"finding st-", out);
	html_put(out, f->status);
	fputs("\"", out);
	if (j == 0 || strcmp(r->f[j - 1].check, f->check) != 0) {
		fputs(" id=\"", out);
		put_id(out, r->name, f->check);
		fputs("\"", out);
	}
	fputs("><p><span class=\"badge st-", out);
	html_put(out, f->status);
	fputs("\">", out);
	html_put(out, f->status);
	fputs("</span><code>", out);
	html_put(out, f->check);
	fprintf(out, "</code> <span class=\"muted\">%s</span>%s</p><p class=\"mono\">",
		severity_name(f->sev), f->fresh == 1 ? " <strong>new</strong>" : "");
	html_put(out, f->target);
	fputs("</p></div>\n", out);
}

static void section(FILE *out, const struct fleet_row *r)
{
	size_t j;

	fputs("<section id=\"", out);
	put_id(out, r->name, NULL);
	fputs("\"><h2>", out);
	html_put(out, r->name);
	fputs("</h2>\n<dl class=\"facts\"><dt>Host</dt><dd>", out);
	html_put(out, r->host != NULL ? r->host : "unknown");
	fputs("</dd><dt>Verdict</dt><dd>", out);
	html_verdict(out, r->exit_code, 0);
	fputs("</dd><dt>Report</dt><dd>", out);
	if (r->error != NULL) {
		html_put(out, r->error);
	} else {
		fputs("<a href=\"", out);
		html_put(out, r->name);
		fputs(".json\">", out);
		html_put(out, r->name);
		fprintf(out, ".json</a> (%zu fail, %zu warn, %zu pass)", r->counts[ST_FAIL],
			r->counts[ST_WARN], r->counts[ST_PASS]);
	}
	fputs("</dd></dl>\n", out);
	for (j = 0; j < r->nf; j++)
		finding(out, r, j);
	fputs("</section>\n", out);
}

static void certs(FILE *out, const struct fleet_summary *s)
{
	size_t i;

	if (s->ncerts == 0)
		return;
	fputs("<h2>Certificates that expire first</h2>\n<table><thead><tr><th>Not after</th>"
	      "<th>Server</th><th>Subject</th><th>Thumbprint</th></tr></thead><tbody>\n", out);
	for (i = 0; i < s->ncerts; i++) {
		fputs("<tr><td>", out);
		html_put(out, s->certs[i].not_after);
		fputs("</td><td><a href=\"#", out);
		put_id(out, s->certs[i].server, NULL);
		fputs("\">", out);
		html_put(out, s->certs[i].server);
		fputs("</a></td><td>", out);
		html_put(out, s->certs[i].subject);
		fputs("</td><td class=\"mono\">", out);
		html_put(out, s->certs[i].thumbprint);
		fputs("</td></tr>\n", out);
	}
	fputs("</tbody></table>\n", out);
}

static void baseline(FILE *out, const struct fleet_summary *s)
{
	size_t i;

	if (!s->has_base)
		return;
	fputs("<h2>Since the baseline</h2>\n<p><code>", out);
	html_put(out, s->fo->baseline);
	fprintf(out, "</code>: %zu new, %zu known, %zu fixed (new findings are marked "
		"<strong>new</strong> in the sections below)</p>\n", s->fresh, s->known, s->fixed);
	if (s->fixed == 0)
		return;
	fputs("<table><thead><tr><th>Fixed on</th><th>Check</th><th>Target</th></tr></thead>"
	      "<tbody>\n", out);
	for (i = 0; i < s->nbase; i++) {
		if (s->base[i].seen || s->base[i].absent)
			continue;
		fputs("<tr><td>", out);
		html_put(out, s->base[i].server);
		fputs("</td><td><code>", out);
		html_put(out, s->base[i].check);
		fputs("</code></td><td class=\"mono\">", out);
		html_put(out, s->base[i].target);
		fputs("</td></tr>\n", out);
	}
	fputs("</tbody></table>\n", out);
}

int fleet_write_html(FILE *out, const struct fleet_summary *s)
{
	size_t i;

	html_page_begin(out, "ndes-audit fleet summary");
	fputs("<h1>NDES fleet audit</h1>\n<p>", out);
	html_verdict(out, fleet_exit_code(s), 0);
	fprintf(out, " %zu servers, as of ", s->n);
	html_put(out, s->as_of[0] && !s->as_of_differs ? s->as_of : "(the reports differ)");
	fputs("</p>\n", out);
	matrix(out, s);
	certs(out, s);
	baseline(out, s);
	for (i = 0; i < s->n; i++)
		section(out, &s->rows[i]);
	html_page_end(out, s->fo->tool_version);
	return ferror(out) ? -1 : 0;
}
