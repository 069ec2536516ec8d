/* The HTML report: one self-contained page for a person (issue 16.1). At
 * the top the run (host, deployment, as-of and collection time), the
 * gate's decision as the gate made it, and the counts per status and
 * severity; then the findings (fail, error, warn, waived) most severe
 * first, each with its evidence, fix and documentation link; the
 * certificates NDES uses on a timeline and the mscep.dll requests per day
 * (inline SVG, drawn from the report view); the pass, na and ne results
 * folded in <details>; the files, waivers and baseline. Every string from
 * the bundle goes through html_put (html_common.c). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ndes-audit/check.h"
#include "ndes-audit/policy.h"
#include "ndes-audit/report.h"
#include "ndes-audit/util.h"
#include "report-priv.h"

static void put_time(FILE *out, int64_t t)
{
	char buf[32];

	time_format_iso(t, buf, sizeof(buf));
	fprintf(out, "<time datetime=\"%s\">%s</time>", buf, buf);
}

/* "2026-03-01" for a day number or a time. */
static void day_text(int64_t t, char *buf, size_t size)
{
	char iso[32];

	time_format_iso(t, iso, sizeof(iso));
	snprintf(buf, size, "%.10s", iso);
}

/* The run: host, deployment, times, files read. */
static void put_run(FILE *out, const struct report *rep)
{
	const struct bundle *b = rep->bundle;
	size_t i, nread = 0, nerr = 0, nign = 0;

	for (i = 0; i < b->n; i++) {
		if (b->arts[i].status == ART_OK)
			nread++;
		else if (b->arts[i].status == ART_ERROR)
			nerr++;
		else
			nign++;
	}
	fputs("<dl class=\"facts\">\n<dt>Host</dt><dd class=\"mono\" id=\"host\">", out);
	html_put(out, rep->head.host != NULL ? rep->head.host : "(unknown)");
	fputs("</dd>\n<dt>Deployment</dt><dd id=\"deployment\">", out);
	if (rep->head.deployment != NULL) {
		fprintf(out, "<b>%s</b>", rep->head.deployment);
		if (rep->head.deployment_evidence != NULL) {
			fputs(": ", out);
			html_put(out, rep->head.deployment_evidence);
		}
	} else {
		fputs("not decided", out);
	}
	fputs("</dd>\n<dt>Judged as of</dt><dd id=\"as-of\">", out);
	put_time(out, rep->head.as_of);
	fputs("</dd>\n<dt>Collected</dt><dd id=\"collected\">", out);
	if (rep->head.has_collected_at) {
		fputs("about ", out);
		put_time(out, rep->head.collected_at);
		fputs(" <span class=\"muted\">(the newest registry key)</span>", out);
	} else {
		fputs("unknown", out);
	}
	fprintf(out, "</dd>\n<dt>Files</dt><dd id=\"files\">%zu: %zu read, %zu unreadable, "
		"%zu ignored</dd>\n", b->n, nread, nerr, nign);
	if (rep->bundle_root != NULL) {
		fputs("<dt>Bundle</dt><dd class=\"mono\">", out);
		html_put(out, rep->bundle_root);
		fputs("</dd>\n", out);
	}
	fputs("</dl>\n", out);
}

/* The gate's decision as made (exit_code), with the options behind it. */
static void put_gate(FILE *out, const struct report *rep)
{
	fputs("<p id=\"gate\">Gate ", out);
	html_verdict(out, rep->exit_code, rep->report_only);
	fprintf(out, " <span class=\"muted\">--fail-on %s%s%s</span></p>\n",
		report_fail_on_name(rep), rep->fail_on_warn ? " --fail-on-warn" : "",
		rep->fail_on_new ? " --fail-on-new" : "");
}

/* Statuses as rows, severities as columns; the totals column holds what
 * the JSON summary holds. */
static void put_counts(FILE *out, const struct result_list *l)
{
	static const enum status rows[] = {ST_FAIL, ST_ERROR, ST_WARN, ST_WAIVED,
					   ST_PASS, ST_NA, ST_NE};
	size_t n[ST__COUNT][SEV_CRITICAL + 1], counts[ST__COUNT], i;
	int sev;

	memset(n, 0, sizeof(n));
	for (i = 0; i < l->n; i++)
		n[l->v[i]->status][l->v[i]->check->severity]++;
	result_counts(l, counts);
	fputs("<table class=\"counts\" id=\"counts\">\n<thead><tr><th>Status</th>", out);
	for (sev = SEV_CRITICAL; sev >= SEV_INFO; sev--)
		fprintf(out, "<th>%s</th>", severity_name((enum severity)sev));
	fputs("<th>total</th></tr></thead>\n<tbody>\n", out);
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		enum status s = rows[i];

		fprintf(out, "<tr><td class=\"%s\">%s</td>", html_status_class(s), status_name(s));
		for (sev = SEV_CRITICAL; sev >= SEV_INFO; sev--)
			fprintf(out, n[s][sev] ? "<td>%zu</td>" : "<td class=\"muted\">%zu</td>",
				n[s][sev]);
		fprintf(out, "<td data-status=\"%s\"><b>%zu</b></td></tr>\n", status_name(s),
			counts[s]);
	}
	fputs("</tbody>\n</table>\n", out);
}

/* What --check/--skip left out and --severity hid. */
static void put_selection(FILE *out, const struct report *rep)
{
	if (rep->skipped_checks > 0)
		fprintf(out, "<p class=\"muted\">%zu check%s skipped (--check/--skip).</p>\n",
			rep->skipped_checks, rep->skipped_checks == 1 ? "" : "s");
	if (rep->has_min_severity && rep->hidden > 0)
		fprintf(out, "<p class=\"muted\">%zu result%s below %s hidden (--severity); the gate "
			"still counts them.</p>\n", rep->hidden, rep->hidden == 1 ? "" : "s",
			severity_name(rep->min_severity));
}

static void put_evidence(FILE *out, const struct result *r, const struct bundle *b)
{
	size_t i;

	if (r->nev == 0)
		return;
	fputs("<table class=\"ev\"><thead><tr><th>File</th><th>Where</th><th>Line</th>"
	      "<th>Value</th></tr></thead><tbody>\n", out);
	for (i = 0; i < r->nev; i++) {
		const struct evidence *e = &r->ev[i];
		long line = evidence_line(e, b);

		fputs("<tr><td class=\"mono\">", out);
		html_put(out, e->artifact != NULL ? e->artifact : "(bundle)");
		fputs("</td><td class=\"mono\">", out);
		html_put(out, e->location);
		fputs("</td><td>", out);
		if (line > 0)
			fprintf(out, "%ld", line);
		fputs("</td><td class=\"mono\">", out);
		html_put(out, e->value);
		fputs("</td></tr>\n", out);
	}
	fputs("</tbody></table>\n", out);
}

/* The heading line of a result: status, severity, check, target, marks. */
static void put_result_head(FILE *out, const struct result *r)
{
	const char *mark = baseline_mark_name(r->baseline);

	fprintf(out, "<span class=\"badge %s\">%s</span><span class=\"badge\">%s</span>"
		"<code class=\"check\">%s</code>", html_status_class(r->status),
		status_name(r->status), severity_name(r->check->severity), r->check->id);
	if (r->target[0] != '\0') {
		fputs(" <span class=\"target mono\">", out);
		html_put(out, r->target);
		fputs("</span>", out);
	}
	if (r->gates)
		fputs(" <span class=\"badge st-fail mark-gates\">fails the gate</span>", out);
	if (r->status == ST_WAIVED)
		fprintf(out, " <span class=\"badge mark-waived\">waived (was %s)</span>",
			status_name(r->original_status));
	if (mark != NULL)
		fprintf(out, " <span class=\"badge mark-%s\">%s</span>", mark,
			strcmp(mark, "known") == 0 ? "known (baseline)" : "new");
}

static void put_finding(FILE *out, const struct report *rep, const struct result *r)
{
	const char *file = rep->waivers != NULL ? rep->waivers->path : NULL;

	fprintf(out, "<article class=\"finding %s\" data-check=\"%s\">\n<h3>",
		html_status_class(r->status), r->check->id);
	put_result_head(out, r);
	fputs("</h3>\n<p class=\"title muted\">", out);
	html_put(out, r->check->title);
	fputs("</p>\n<p class=\"message\">", out);
	html_put(out, r->message);
	fputs("</p>\n", out);
	put_evidence(out, r, rep->bundle);
	if (r->remediation != NULL) {
		fputs("<p class=\"fix\"><b>Fix:</b> ", out);
		html_put(out, r->remediation);
		fputs("</p>\n", out);
	}
	fputs("<p class=\"docs\"><b>Documentation:</b> ", out);
	html_link(out, check_help_uri(r->check), NULL);
	fputs("</p>\n", out);
	if (r->waiver != NULL) {
		fputs(r->status == ST_WAIVED ? "<p class=\"waiver\"><b>Waived:</b> "
					     : "<p class=\"waiver\"><b>Waiver expired, no longer "
					       "applies:</b> ", out);
		report_put_waiver(out, r->waiver, file, html_put);
		fputs("</p>\n", out);
	}
	fputs("</article>\n", out);
}

static void put_findings(FILE *out, const struct report *rep, const struct result **v, size_t n)
{
	size_t i, shown = 0;

	fputs("<section id=\"findings\">\n<h2>Findings</h2>\n", out);
	for (i = 0; i < n; i++) {
		if (!report_is_finding(v[i]->status))
			continue;
		put_finding(out, rep, v[i]);
		shown++;
	}
	if (shown == 0)
		fputs("<p>No check failed or warned.</p>\n", out);
	fputs("</section>\n", out);
}

/* One folded group: pass, na or ne, each result on one line with its
 * evidence folded again. */
static void put_folded_group(FILE *out, const struct report *rep, const struct result **v,
			     size_t n, enum status s)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		k += v[i]->status == s;
	if (k == 0)
		return;
	fprintf(out, "<details class=\"folded\" id=\"folded-%s\">\n<summary><span class=\"%s\">"
		"%zu %s</span></summary>\n<ul>\n", status_name(s), html_status_class(s), k,
		status_name(s));
	for (i = 0; i < n; i++) {
		if (v[i]->status != s)
			continue;
		fputs("<li>", out);
		put_result_head(out, v[i]);
		fputs(": ", out);
		html_put(out, v[i]->message);
		put_evidence(out, v[i], rep->bundle);
		fputs("</li>\n", out);
	}
	fputs("</ul>\n</details>\n", out);
}

static void put_folded(FILE *out, const struct report *rep, const struct result **v, size_t n)
{
	fputs("<section id=\"folded\">\n<h2>Passed, not applicable, not evaluated</h2>\n", out);
	put_folded_group(out, rep, v, n, ST_PASS);
	put_folded_group(out, rep, v, n, ST_NA);
	put_folded_group(out, rep, v, n, ST_NE);
	fputs("</section>\n", out);
}

/* ---- Pictures ---------------------------------------------------------- */

#define SVG_W 960           /* the viewBox width; the page scales it */
#define TL_LABEL 330        /* left column of the certificate timeline */
#define TL_ROW 34
#define TL_TOP 28

static const char *cert_state_name(enum report_cert_state s)
{
	switch (s) {
	case RCERT_VALID: return "valid";
	case RCERT_EXPIRING: return "expiring";
	case RCERT_EXPIRED: return "expired";
	case RCERT_NOT_YET: return "not yet valid";
	default: return "dates unreadable";
	}
}

static const char *cert_state_color(enum report_cert_state s)
{
	switch (s) {
	case RCERT_VALID: return "#2e7d32";
	case RCERT_EXPIRING: return "#e0a100";
	case RCERT_EXPIRED: return "#b3261e";
	case RCERT_NOT_YET: return "#8e24aa";
	default: return "#5f6368";
	}
}

/* x of time t on [lo, hi] mapped onto [x0, x1]. */
static double tx(int64_t t, int64_t lo, int64_t hi, double x0, double x1)
{
	if (hi <= lo)
		return x0;
	return x0 + (x1 - x0) * ((double)(t - lo) / (double)(hi - lo));
}

/* The span the timeline shows: every certificate and the as-of time, with
 * a margin, from the first of a year to the first of the next. */
static void timeline_span(const struct report_view *v, int64_t as_of, int64_t *lo, int64_t *hi)
{
	size_t i;

	*lo = *hi = as_of;
	for (i = 0; i < v->ncerts; i++) {
		if (v->certs[i].state == RCERT_BAD_DATES)
			continue;
		if (v->certs[i].not_before < *lo)
			*lo = v->certs[i].not_before;
		if (v->certs[i].not_after > *hi)
			*hi = v->certs[i].not_after;
	}
	*lo -= 30 * 86400;
	*hi += 30 * 86400;
}

/* Year ticks along the top. */
static void timeline_axis(FILE *out, int64_t lo, int64_t hi, double x0, double x1, double h)
{
	char lo_day[16];
	int y, y0, y1, step;

	day_text(lo, lo_day, sizeof(lo_day));
	y0 = atoi(lo_day) + 1;
	day_text(hi, lo_day, sizeof(lo_day));
	y1 = atoi(lo_day);
	step = y1 - y0 > 24 ? 5 : y1 - y0 > 12 ? 2 : 1;
	for (y = y0; y <= y1; y += step) {
		double x = tx(days_from_civil(y, 1, 1) * 86400, lo, hi, x0, x1);

		fprintf(out, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#dadce0\"/>"
			"<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\" "
			"fill=\"#5f6368\">%d</text>\n", x, TL_TOP - 8, x, h, x, TL_TOP - 12, y);
	}
}

/* The first n characters of s (UTF-8 safe: stops before a continuation
 * byte), with "..." when cut; heap. */
static char *shorten(const char *s, size_t n)
{
	size_t len = strlen(s);

	if (len <= n)
		return xstrdup(s);
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return xasprintf("%.*s...", (int)n, s);
}

static void timeline_row(FILE *out, const struct report_cert *c, size_t row, int64_t lo,
			 int64_t hi)
{
	double y = TL_TOP + (double)row * TL_ROW, x0, x1;
	char nb[16], na[16];
	char *subj = shorten(c->subject, 44), *role = shorten(c->role, 40);

	fprintf(out, "<g class=\"cert\" data-state=\"%s\">\n<title>", cert_state_name(c->state));
	html_put(out, c->subject);
	fprintf(out, " | %s | ", c->thumbprint);
	html_put(out, c->role);
	fprintf(out, " | %s</title>\n", cert_state_name(c->state));
	fprintf(out, "<text x=\"4\" y=\"%.1f\" font-size=\"12\" fill=\"#202124\">", y + 12);
	html_put(out, subj);
	fprintf(out, "</text>\n<text x=\"4\" y=\"%.1f\" font-size=\"10\" fill=\"#5f6368\" "
		"font-family=\"monospace\">%.16s... ", y + 25, c->thumbprint);
	html_put(out, role);
	fputs("</text>\n", out);
	if (c->state != RCERT_BAD_DATES) {
		x0 = tx(c->not_before, lo, hi, TL_LABEL, SVG_W - 10);
		x1 = tx(c->not_after, lo, hi, TL_LABEL, SVG_W - 10);
		day_text(c->not_before, nb, sizeof(nb));
		day_text(c->not_after, na, sizeof(na));
		fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"14\" rx=\"3\" "
			"fill=\"%s\"/>\n<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" fill=\"#5f6368\" "
			"stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\">%s .. %s (%s)</text>\n",
			x0, y + 2, x1 - x0 < 2 ? 2 : x1 - x0, cert_state_color(c->state), x0, y + 27, nb,
			na, cert_state_name(c->state));
	} else {
		fprintf(out, "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" fill=\"#5f6368\">"
			"validity dates unreadable</text>\n", TL_LABEL, y + 13);
	}
	fputs("</g>\n", out);
	free(subj);
	free(role);
}

static void legend_item(FILE *out, double x, double y, const char *color, const char *text)
{
	fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"12\" fill=\"%s\"/>"
		"<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" fill=\"#202124\">%s</text>\n",
		x, y, color, x + 16, y + 10, text);
}

static void put_cert_timeline(FILE *out, const struct report *rep, const struct report_view *v)
{
	int64_t lo, hi;
	double h, xa;
	size_t i;
	char asof[16];

	fputs("<section id=\"certificates\">\n<h2>Certificates NDES uses</h2>\n", out);
	if (v->ncerts == 0) {
		fputs("<p>The bundle holds none of the certificates NDES uses (RA, policy module or "
		      "connector, TLS).</p>\n</section>\n", out);
		return;
	}
	timeline_span(v, rep->head.as_of, &lo, &hi);
	h = TL_TOP + (double)v->ncerts * TL_ROW + 26;
	xa = tx(rep->head.as_of, lo, hi, TL_LABEL, SVG_W - 10);
	day_text(rep->head.as_of, asof, sizeof(asof));
	fprintf(out, "<figure>\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %.0f\" "
		"width=\"%d\" height=\"%.0f\" role=\"img\" aria-labelledby=\"tl-cap\" "
		"font-family=\"system-ui,sans-serif\" id=\"cert-timeline\">\n", SVG_W, h, SVG_W, h);
	timeline_axis(out, lo, hi, TL_LABEL, SVG_W - 10, h - 26);
	for (i = 0; i < v->ncerts; i++)
		timeline_row(out, &v->certs[i], i, lo, hi);
	fprintf(out, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#1a56c4\" "
		"stroke-width=\"2\" stroke-dasharray=\"4 3\" class=\"as-of\"/>\n"
		"<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" fill=\"#1a56c4\" text-anchor=\"middle\">"
		"as of %s</text>\n", xa, TL_TOP - 6, xa, h - 22, xa, h - 10, asof);
	legend_item(out, 4, h - 20, cert_state_color(RCERT_VALID), "valid");
	legend_item(out, 64, h - 20, cert_state_color(RCERT_EXPIRING), "expiring");
	legend_item(out, 140, h - 20, cert_state_color(RCERT_EXPIRED), "expired");
	legend_item(out, 212, h - 20, cert_state_color(RCERT_NOT_YET), "not yet valid");
	fprintf(out, "</svg>\n<figcaption id=\"tl-cap\">Each certificate NDES uses, from notBefore "
		"to notAfter; the dashed line is the as-of time; expiring means within %d days.</figcaption>\n"
		"</figure>\n", v->warn_days);
	/* The same as a table: readable without the picture, and for copying. */
	fputs("<details><summary>As a table</summary>\n<table><thead><tr><th>Role</th>"
	      "<th>Subject</th><th>Thumbprint</th><th>notBefore</th><th>notAfter</th>"
	      "<th>State</th></tr></thead><tbody>\n", out);
	for (i = 0; i < v->ncerts; i++) {
		const struct report_cert *c = &v->certs[i];

		fputs("<tr><td>", out);
		html_put(out, c->role);
		fputs("</td><td>", out);
		html_put(out, c->subject);
		fprintf(out, "</td><td class=\"mono\">%s</td><td>", c->thumbprint);
		put_time(out, c->not_before);
		fputs("</td><td>", out);
		put_time(out, c->not_after);
		fprintf(out, "</td><td>%s</td></tr>\n", cert_state_name(c->state));
	}
	fputs("</tbody></table>\n</details>\n</section>\n", out);
}

#define RQ_LEFT 56
#define RQ_TOP 14
#define RQ_H 220

static const char *const class_color[6] = {"#9aa0a6", "#9aa0a6", "#2e7d32", "#1a73e8",
					    "#e0a100", "#b3261e"};
static const char *const class_name[6] = {"other", "1xx", "2xx", "3xx", "4xx", "5xx"};

static uint64_t day_total(const struct report_day *d)
{
	uint64_t t = 0;
	int c;

	for (c = 0; c < 6; c++)
		t += d->by_class[c];
	return t;
}

/* A round number at or above m for the y axis. */
static uint64_t nice_max(uint64_t m)
{
	uint64_t p = 1;

	while (p * 10 <= m)
		p *= 10;
	if (m <= p)
		return p;
	if (m <= 2 * p)
		return 2 * p;
	if (m <= 5 * p)
		return 5 * p;
	return 10 * p;
}

static void request_bar(FILE *out, const struct report_day *d, double x, double w, uint64_t ymax)
{
	double y = RQ_TOP + RQ_H;
	char day[16];
	int c;

	day_text(d->day * 86400, day, sizeof(day));
	fprintf(out, "<g class=\"day\" data-day=\"%s\"><title>%s:", day, day);
	for (c = 2; c <= 6; c++) {
		int k = c % 6; /* 2xx..5xx, then other */

		if (d->by_class[k])
			fprintf(out, " %llu %s", (unsigned long long)d->by_class[k], class_name[k]);
	}
	fputs("</title>", out);
	for (c = 2; c <= 6; c++) {
		int k = c % 6;
		double hgt = (double)RQ_H * (double)d->by_class[k] / (double)ymax;

		if (d->by_class[k] == 0)
			continue;
		y -= hgt;
		fprintf(out, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\"/>",
			x, y, w, hgt, class_color[k]);
	}
	fputs("</g>\n", out);
}

static void put_requests_chart(FILE *out, const struct report_view *v)
{
	int64_t first, last, span;
	uint64_t max = 0, ymax, drawn = 0;
	double plot_w = SVG_W - RQ_LEFT - 10, slot, x, w;
	size_t i;
	int c, sequential;
	char a[16], b[16];

	for (i = 0; i < v->ndays; i++) {
		uint64_t t = day_total(&v->days[i]);

		drawn += t;
		if (t > max)
			max = t;
	}
	first = v->days[0].day;
	last = v->days[v->ndays - 1].day;
	span = last - first + 1;
	/* Days in between with no request stay empty, unless the logs are
	 * years apart: then the days with requests stand side by side. */
	sequential = span > 731;
	slot = plot_w / (double)(sequential ? (int64_t)v->ndays : span);
	ymax = 4 * nice_max((max + 3) / 4); /* four whole-number steps */
	fprintf(out, "<figure>\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
		"width=\"%d\" height=\"%d\" role=\"img\" aria-labelledby=\"rq-cap\" "
		"font-family=\"system-ui,sans-serif\" id=\"requests-chart\">\n", SVG_W, RQ_H + 64,
		SVG_W, RQ_H + 64);
	for (c = 0; c <= 4; c++) {
		double y = RQ_TOP + RQ_H - (double)RQ_H * c / 4;

		fprintf(out, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#dadce0\"/>"
			"<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\" fill=\"#5f6368\">"
			"%llu</text>\n", RQ_LEFT, y, SVG_W - 10, y, RQ_LEFT - 4, y + 4,
			(unsigned long long)(ymax * (uint64_t)c / 4));
	}
	for (i = 0; i < v->ndays; i++) {
		x = RQ_LEFT + slot * (double)(sequential ? (int64_t)i : v->days[i].day - first);
		w = slot * 0.8 < 1 ? 1 : slot * 0.8 > 48 ? 48 : slot * 0.8;
		request_bar(out, &v->days[i], x + (slot - w) / 2, w, ymax);
	}
	day_text(first * 86400, a, sizeof(a));
	day_text(last * 86400, b, sizeof(b));
	if (first == last)
		fprintf(out, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\" "
			"fill=\"#5f6368\">%s</text>\n", RQ_LEFT + plot_w / 2, RQ_TOP + RQ_H + 16, a);
	else
		fprintf(out, "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"#5f6368\">%s</text>"
			"<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\" "
			"fill=\"#5f6368\">%s</text>\n", RQ_LEFT, RQ_TOP + RQ_H + 16, a, SVG_W - 10,
			RQ_TOP + RQ_H + 16, b);
	for (c = 2; c <= 6; c++)
		legend_item(out, RQ_LEFT + (c - 2) * 70, RQ_TOP + RQ_H + 30, class_color[c % 6],
			    class_name[c % 6]);
	fprintf(out, "</svg>\n<figcaption id=\"rq-cap\">Requests to mscep.dll per day (UTC) by "
		"status class, %s.", sequential ? "only the days with requests" : "every day from "
		"the first to the last");
	if (v->days_overflow > 0)
		fprintf(out, " %llu requests of days past the bounded table are not drawn.",
			(unsigned long long)v->days_overflow);
	if (v->mscep_requests > drawn + v->days_overflow)
		fprintf(out, " Of %llu requests of the NDES site, %llu are not drawn (no readable "
			"time, or logged by another site).", (unsigned long long)v->mscep_requests,
			(unsigned long long)(v->mscep_requests - drawn - v->days_overflow));
	fputs("</figcaption>\n</figure>\n", out);
}

static void put_requests_table(FILE *out, const struct report_view *v)
{
	size_t i;
	int c;

	fputs("<details><summary>As a table</summary>\n<table class=\"counts\"><thead><tr>"
	      "<th>Day</th><th>2xx</th><th>3xx</th><th>4xx</th><th>5xx</th><th>other</th>"
	      "</tr></thead><tbody>\n", out);
	for (i = 0; i < v->ndays; i++) {
		char day[16];

		day_text(v->days[i].day * 86400, day, sizeof(day));
		fprintf(out, "<tr><td>%s</td>", day);
		for (c = 2; c <= 6; c++)
			fprintf(out, "<td>%llu</td>", (unsigned long long)v->days[i].by_class[c % 6]);
		fputs("</tr>\n", out);
	}
	fputs("</tbody></table>\n</details>\n", out);
}

static void put_requests(FILE *out, const struct report_view *v)
{
	if (!v->has_iis_logs)
		return;
	fputs("<section id=\"requests\">\n<h2>Requests to mscep.dll</h2>\n", out);
	if (v->ndays == 0) {
		fprintf(out, "<p>The IIS logs hold no request to mscep.dll with a readable time "
			"(%llu in all).</p>\n", (unsigned long long)v->mscep_requests);
	} else {
		put_requests_chart(out, v);
		put_requests_table(out, v);
	}
	fputs("</section>\n", out);
}

/* ---- Files, waivers, baseline ----------------------------------------- */

static void put_artifact_row(FILE *out, const struct artifact *a)
{
	size_t j;

	fprintf(out, "<tr class=\"art-%s\"><td class=\"mono\">", artifact_status_name(a->status));
	html_put(out, a->path);
	fprintf(out, "%s</td><td>%s</td><td>%s</td><td>", a->link_skipped ? " (link not followed)"
		: "", artifact_kind_name(a->kind), artifact_status_name(a->status));
	if (a->error != NULL)
		html_put(out, a->error);
	else if (a->note != NULL)
		html_put(out, a->note);
	for (j = 0; j < a->nwarnings; j++) {
		fputs("<br>warning: ", out);
		html_put(out, a->warnings[j]);
	}
	fputs("</td></tr>\n", out);
}

static void put_artifacts(FILE *out, const struct bundle *b)
{
	size_t i, problems = 0;

	for (i = 0; i < b->n; i++)
		problems += b->arts[i].status == ART_ERROR || b->arts[i].nwarnings > 0;
	fputs("<section id=\"artifacts\">\n<h2>Files</h2>\n", out);
	if (problems > 0) {
		fprintf(out, "<p class=\"st-error\">%zu file%s could not be read whole:</p>\n"
			"<table><tbody>\n", problems, problems == 1 ? "" : "s");
		for (i = 0; i < b->n; i++)
			if (b->arts[i].status == ART_ERROR || b->arts[i].nwarnings > 0)
				put_artifact_row(out, &b->arts[i]);
		fputs("</tbody></table>\n", out);
	}
	fprintf(out, "<details><summary>All %zu file%s</summary>\n<table><thead><tr><th>Path</th>"
		"<th>Kind</th><th>Status</th><th>Note</th></tr></thead><tbody>\n", b->n,
		b->n == 1 ? "" : "s");
	for (i = 0; i < b->n; i++)
		put_artifact_row(out, &b->arts[i]);
	fputs("</tbody></table>\n</details>\n</section>\n", out);
}

static void put_waivers(FILE *out, const struct waiver_set *ws)
{
	size_t i;

	if (ws == NULL)
		return;
	fputs("<section id=\"waivers\">\n<h2>Waivers</h2>\n<p class=\"mono\">", out);
	html_put(out, ws->path);
	fputs("</p>\n<table><thead><tr><th>Line</th><th>Check</th><th>Target</th><th>State</th>"
	      "<th>Matched</th><th>Expires</th></tr></thead><tbody>\n", out);
	for (i = 0; i < ws->n; i++) {
		const struct waiver *w = &ws->v[i];

		fprintf(out, "<tr><td>%u</td><td class=\"mono\">", w->line);
		html_put(out, w->check);
		fputs("</td><td class=\"mono\">", out);
		html_put(out, w->target != NULL ? w->target : "(any)");
		fprintf(out, "</td><td>%s</td><td>%zu</td><td>", waiver_state_name(waiver_state(w)),
			w->matched);
		html_put(out, w->expires);
		fprintf(out, "%s</td></tr>\n", w->expires_soon ? " (soon)" : "");
	}
	fputs("</tbody></table>\n</section>\n", out);
}

static void put_baseline(FILE *out, const struct baseline *bl)
{
	if (bl == NULL)
		return;
	fputs("<section id=\"baseline\">\n<h2>Baseline</h2>\n<p><span class=\"mono\">", out);
	html_put(out, bl->path);
	fprintf(out, "</span>: %zu new, %zu known, %zu fixed</p>\n</section>\n", bl->fresh,
		bl->known, bl->fixed);
}

/* Nothing in the bundle was recognised: say so at the top. */
static void put_nothing_found(FILE *out, const struct bundle *b)
{
	size_t i;

	for (i = 0; i < b->n; i++)
		if (b->arts[i].status != ART_IGNORED)
			return;
	fprintf(out, "<p class=\"st-error\" id=\"nothing-found\">No NDES server files found: %zu "
		"file%s looked at, none recognised.</p>\n", b->n, b->n == 1 ? "" : "s");
}

int report_html(FILE *out, const struct report *rep)
{
	const struct result **v;
	size_t i, n = rep->results->n;
	char *title;

	title = xasprintf("ndes-audit: %s", rep->head.host != NULL ? rep->head.host : "unknown host");
	html_page_begin(out, title);
	free(title);
	fputs("<header id=\"summary\">\n<h1>NDES audit of <span class=\"mono\">", out);
	html_put(out, rep->head.host != NULL ? rep->head.host : "an unknown host");
	fputs("</span></h1>\n", out);
	put_gate(out, rep);
	put_nothing_found(out, rep->bundle);
	put_run(out, rep);
	put_counts(out, rep->results);
	put_selection(out, rep);
	fputs("</header>\n", out);

	v = xcalloc(n + 1, sizeof(*v));
	for (i = 0; i < n; i++)
		v[i] = rep->results->v[i];
	qsort(v, n, sizeof(*v), report_cmp_results);
	put_findings(out, rep, v, n);
	if (rep->head.view != NULL) {
		put_cert_timeline(out, rep, rep->head.view);
		put_requests(out, rep->head.view);
	}
	put_folded(out, rep, v, n);
	free(v);
	put_artifacts(out, rep->bundle);
	put_waivers(out, rep->waivers);
	put_baseline(out, rep->baseline);
	html_page_end(out, rep->head.tool_version);
	return ferror(out) ? -1 : 0;
}
