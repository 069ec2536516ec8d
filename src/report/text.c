/* The report for a person at a terminal: what failed first, grouped by
 * severity, each with its evidence and the fix; the passes, na and ne
 * folded into one line of counts (-v lists them with their evidence); then
 * a one-line summary that counts fail and warn by severity. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ndes-audit/check.h"
#include "ndes-audit/policy.h"
#include "ndes-audit/report.h"
#include "ndes-audit/util.h"
#include "report-priv.h"

static const char *color_of(enum status s)
{
	switch (s) {
	case ST_FAIL: return "\033[1;31m";
	case ST_ERROR: return "\033[1;35m";
	case ST_WARN: return "\033[1;33m";
	case ST_PASS: return "\033[32m";
	default: return "\033[2m";
	}
}

static void put(FILE *out, const char *s)
{
	char *p = printable(s != NULL ? s : "");

	fputs(p, out);
	free(p);
}

/* Multi-line text, each line made printable, with a first-line prefix and
 * a continuation prefix. */
static void put_lines(FILE *out, const char *first, const char *cont, const char *s)
{
	const char *prefix = first;

	while (*s != '\0') {
		size_t n = strcspn(s, "\r\n");
		char *line = xstrndup(s, n);

		if (n > 0) {
			fputs(prefix, out);
			put(out, line);
			prefix = cont;
		}
		free(line);
		s += n;
		s += strspn(s, "\r\n");
	}
}

static void print_result(FILE *out, const struct report *rep, const struct result *r,
			 const struct report_style *st, int full)
{
	const char *file = rep->waivers != NULL ? rep->waivers->path : NULL;

	char label[16];
	size_t i, n;

	snprintf(label, sizeof(label), "%s", status_name(r->status));
	for (n = 0; label[n] != '\0'; n++)
		label[n] = (char)(label[n] >= 'a' && label[n] <= 'z' ? label[n] - 32 : label[n]);
	fprintf(out, "%s%-6s%s [%s] %s", st->color ? color_of(r->status) : "", label,
		st->color ? "\033[0m" : "", severity_name(r->check->severity), r->check->id);
	if (r->target[0] != '\0') {
		fputs("  ", out);
		put(out, r->target);
	}
	if (baseline_mark_name(r->baseline) != NULL)
		fprintf(out, "  (%s)", baseline_mark_name(r->baseline));
	fputs("\n       ", out);
	put(out, r->message);
	fputc('\n', out);
	if (!full)
		return;
	for (i = 0; i < r->nev; i++) {
		const struct evidence *e = &r->ev[i];

		fputs(i == 0 ? "       evidence: " : "                 ", out);
		put(out, e->artifact != NULL ? e->artifact : "(bundle)");
		if (e->location != NULL) {
			fputs(": ", out);
			put(out, e->location);
		}
		if (e->value != NULL) {
			fputs(" = ", out);
			put(out, e->value);
		}
		fputc('\n', out);
	}
	if (r->remediation != NULL && (r->status == ST_FAIL || r->status == ST_WARN ||
				       r->status == ST_WAIVED || r->status == ST_NA)) {
		fputs("       fix: ", out);
		put(out, r->remediation);
		fprintf(out, "\n       docs: %s\n", check_help_uri(r->check));
	}
	if (r->status == ST_WAIVED && r->waiver != NULL) {
		fprintf(out, "       waived (was %s): ", status_name(r->original_status));
		report_put_waiver(out, r->waiver, file, put);
		fputc('\n', out);
	} else if (r->waiver != NULL) {
		fprintf(out, "       waiver expired on %s, no longer applies: ", r->waiver->expires);
		report_put_waiver(out, r->waiver, file, put);
		fputc('\n', out);
	}
}

static void print_artifacts(FILE *out, const struct bundle *b, const struct report_style *st)
{
	size_t i, j;
	int header = 0;

	for (i = 0; i < b->n; i++) {
		const struct artifact *a = &b->arts[i];
		int show = a->status == ART_ERROR || a->nwarnings > 0 ||
			   (st->verbose && (a->status == ART_IGNORED ||
					    (a->status == ART_OK && a->note != NULL)));

		if (!show)
			continue;
		if (!header) {
			fputs("\nArtifacts:\n", out);
			header = 1;
		}
		fputs("  ", out);
		put(out, a->path);
		fprintf(out, " (%s)", artifact_kind_name(a->kind));
		if (a->status == ART_ERROR) {
			fputs("\n    error: ", out);
			put(out, a->error);
			if (st->verbose && a->detail != NULL)
				put_lines(out, "\n    library trace: ", "\n                   ", a->detail);
		} else if (a->status == ART_IGNORED) {
			fputs("\n    ignored: ", out);
			put(out, a->note);
		} else if (a->note != NULL) {
			fputs("\n    read: ", out); /* what a certificate file stood for */
			put(out, a->note);
		}
		for (j = 0; j < a->nwarnings; j++) {
			fputs("\n    warning: ", out);
			put(out, a->warnings[j]);
		}
		fputc('\n', out);
	}
}

static void print_waivers(FILE *out, const struct waiver_set *ws)
{
	size_t i;

	if (ws == NULL || ws->n == 0)
		return;
	fputs("\nWaivers (", out);
	put(out, ws->path);
	fputs("):\n", out);
	for (i = 0; i < ws->n; i++) {
		const struct waiver *w = &ws->v[i];

		fprintf(out, "  line %u: ", w->line);
		put(out, w->check);
		if (w->target != NULL) {
			fputs(" [", out);
			put(out, w->target);
			fputc(']', out);
		}
		switch (waiver_state(w)) {
		case WAIVER_APPLIED:
			fprintf(out, "  applied to %zu result%s, expires %s%s\n", w->matched,
				w->matched == 1 ? "" : "s", w->expires,
				w->expires_soon ? " (within the --warn-days window)" : "");
			break;
		case WAIVER_EXPIRED:
			fprintf(out, "  EXPIRED on %s: no longer applies (%zu result%s matched)\n",
				w->expires, w->matched, w->matched == 1 ? "" : "s");
			break;
		default:
			fprintf(out, "  UNUSED: matched no fail or warn result (expires %s)\n",
				w->expires);
			break;
		}
	}
}

/* "33 pass, 7 na, 12 ne: -v lists them" */
static void print_folded(FILE *out, const struct result_list *l)
{
	static const enum status folded[] = {ST_PASS, ST_NA, ST_NE};
	size_t counts[ST__COUNT], i;
	int any = 0;

	result_counts(l, counts);
	for (i = 0; i < sizeof(folded) / sizeof(folded[0]); i++) {
		if (counts[folded[i]] == 0)
			continue;
		fprintf(out, "%s%zu %s", any ? ", " : "\n", counts[folded[i]],
			status_name(folded[i]));
		any = 1;
	}
	if (any)
		fputs(": -v lists them\n", out);
}

/* " (2 critical, 7 high)": the results of status s by their check's
 * severity, most severe first; nothing when there are none. */
static void print_by_severity(FILE *out, const struct result_list *l, enum status s)
{
	size_t n[SEV_CRITICAL + 1] = {0}, i;
	int sev, any = 0;

	for (i = 0; i < l->n; i++)
		if (l->v[i]->status == s)
			n[l->v[i]->check->severity]++;
	for (sev = SEV_CRITICAL; sev >= SEV_INFO; sev--) {
		if (n[sev] == 0)
			continue;
		fprintf(out, "%s%zu %s", any ? ", " : " (", n[sev], severity_name((enum severity)sev));
		any = 1;
	}
	if (any)
		fputc(')', out);
}

/* What --check/--skip left out and --severity hid, so that a short report
 * is never mistaken for a clean one. */
static void print_selection(FILE *out, const struct report *rep)
{
	if (rep->skipped_checks > 0)
		fprintf(out, "\n%zu check%s skipped (--check/--skip)\n", rep->skipped_checks,
			rep->skipped_checks == 1 ? "" : "s");
	if (rep->has_min_severity && rep->hidden > 0)
		fprintf(out, "\n%zu result%s below %s hidden (--severity); the gate still counts them\n",
			rep->hidden, rep->hidden == 1 ? "" : "s", severity_name(rep->min_severity));
}

/* Nothing in the bundle is a file of the server (every file ignored, none
 * unreadable): one line instead of a result per check; -v adds why each
 * file was set aside. */
static int nothing_found(FILE *out, const struct report *rep, const struct report_style *st)
{
	const struct bundle *b = rep->bundle;
	size_t i;

	for (i = 0; i < b->n; i++)
		if (b->arts[i].status != ART_IGNORED)
			return 0;
	fputs("no NDES server files found under ", out);
	put(out, rep->bundle_root != NULL ? rep->bundle_root : "the given paths");
	fprintf(out, ": %zu file%s looked at, none recognised; -v lists them\n", b->n,
		b->n == 1 ? "" : "s");
	if (st->verbose)
		print_artifacts(out, b, st);
	return 1;
}

static void print_links(FILE *out, const struct bundle *b)
{
	size_t i;

	for (i = 0; i < b->n; i++) {
		if (!b->arts[i].link_skipped)
			continue;
		fputs("link not followed: ", out);
		put(out, b->arts[i].path);
		fputc('\n', out);
	}
}

int report_text(FILE *out, const struct report *rep, const struct report_style *st)
{
	const struct bundle *b = rep->bundle;
	size_t i, counts[ST__COUNT], nread = 0, nerr = 0, nign = 0, nlinks = 0;
	const struct result **v;
	char asof[32], coll[32];

	if (nothing_found(out, rep, st))
		return ferror(out) ? -1 : 0;
	for (i = 0; i < b->n; i++) {
		nlinks += b->arts[i].link_skipped != 0;
		if (b->arts[i].status == ART_OK)
			nread++;
		else if (b->arts[i].status == ART_ERROR)
			nerr++;
		else
			nign++;
	}
	time_format_iso(rep->head.as_of, asof, sizeof(asof));
	fprintf(out, "ndes-audit %s: %zu file%s, %zu read, %zu unreadable, %zu ignored",
		rep->head.tool_version, b->n, b->n == 1 ? "" : "s", nread, nerr, nign);
	if (nlinks)
		fprintf(out, ", %zu symbolic link%s not followed", nlinks, nlinks == 1 ? "" : "s");
	fputc('\n', out);
	fputs("host ", out);
	put(out, rep->head.host != NULL ? rep->head.host : "(unknown)");
	fprintf(out, ", judged as of %s", asof);
	if (rep->head.has_collected_at) {
		time_format_iso(rep->head.collected_at, coll, sizeof(coll));
		fprintf(out, ", collected about %s", coll);
	}
	if (rep->head.deployment != NULL) {
		fprintf(out, "\ndeployment %s", rep->head.deployment);
		if (rep->head.deployment_evidence != NULL) {
			fputs(": ", out);
			put(out, rep->head.deployment_evidence);
		}
	}
	fputc('\n', out);
	print_links(out, b);
	fputc('\n', out);

	v = xcalloc(rep->results->n, sizeof(*v));
	for (i = 0; i < rep->results->n; i++)
		v[i] = rep->results->v[i];
	qsort(v, rep->results->n, sizeof(*v), report_cmp_results);
	for (i = 0; i < rep->results->n; i++) {
		enum status s = v[i]->status;
		int full = report_is_finding(s);

		if (!st->verbose && !full)
			continue; /* folded into one line below, as trivy and checkov do */
		if (i > 0 && (full || st->verbose ||
			      report_status_rank(v[i - 1]->status) != report_status_rank(s)))
			fputc('\n', out);
		print_result(out, rep, v[i], st, 1);
	}
	if (!st->verbose)
		print_folded(out, rep->results);
	print_selection(out, rep);
	free(v);
	print_artifacts(out, b, st);
	print_waivers(out, rep->waivers);
	if (rep->baseline != NULL) {
		fputs("\nBaseline ", out);
		put(out, rep->baseline->path);
		fprintf(out, ": %zu new, %zu known, %zu fixed\n", rep->baseline->fresh,
			rep->baseline->known, rep->baseline->fixed);
	}

	result_counts(rep->results, counts);
	fprintf(out, "\nSummary: %zu fail", counts[ST_FAIL]);
	print_by_severity(out, rep->results, ST_FAIL);
	fprintf(out, ", %zu warn", counts[ST_WARN]);
	print_by_severity(out, rep->results, ST_WARN);
	fprintf(out, ", %zu error, %zu pass, %zu na, %zu ne", counts[ST_ERROR], counts[ST_PASS],
		counts[ST_NA], counts[ST_NE]);
	if (counts[ST_WAIVED])
		fprintf(out, ", %zu waived", counts[ST_WAIVED]);
	fprintf(out, "; gate --fail-on %s%s%s: %s (exit %d)\n",
		report_fail_on_name(rep),
		rep->fail_on_warn ? " --fail-on-warn" : "", rep->fail_on_new ? " --fail-on-new" : "",
		report_verdict_text(rep->exit_code, rep->report_only), rep->exit_code);
	return ferror(out) ? -1 : 0;
}
