/* The fleet summary as text (a table of servers and their failing checks,
 * worst first), JSON (the same, plus every finding: the next run's
 * --baseline) and JSON Lines (one finished report per line). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ndes-audit/util.h"
#include "fleet-priv.h"

int fleet_format_parse(const char *name, enum fleet_format *out)
{
	static const char *const names[] = {"text", "json", "jsonl", "html"};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcmp(name, names[i]) == 0) {
			*out = (enum fleet_format)i;
			return 0;
		}
	}
	return -1;
}

/* A JSON string of text that may not be UTF-8 (an error naming a path). */
static json_t *jtext(const char *s)
{
	char *p;
	json_t *j;

	if (s == NULL)
		return json_null();
	p = printable(s);
	j = json_string(p);
	free(p);
	return j;
}

static json_t *finding_json(const struct fleet_finding *f)
{
	json_t *o = json_object();

	json_object_set_new(o, "check", json_string(f->check));
	json_object_set_new(o, "severity", json_string(severity_name(f->sev)));
	json_object_set_new(o, "status", json_string(f->status));
	json_object_set_new(o, "target", f->target ? json_string(f->target) : json_null());
	json_object_set_new(o, "fingerprint", json_string(f->fp));
	json_object_set_new(o, "new", f->fresh < 0 ? json_null() : json_boolean(f->fresh));
	return o;
}

static json_t *row_json(const struct fleet_row *r)
{
	json_t *o = json_object(), *sum = json_object(), *failing = json_array();
	json_t *fs = json_array();
	char *report;
	size_t i;
	int st;

	json_object_set_new(o, "bundle", json_string(r->name));
	report = r->error == NULL ? xstrdup(r->name) : NULL;
	if (report != NULL) {
		report = xreallocarray(report, strlen(report) + 6, 1);
		strcat(report, ".json");
	}
	json_object_set_new(o, "report", report ? json_string(report) : json_null());
	free(report);
	json_object_set_new(o, "host", r->host ? json_string(r->host) : json_null());
	json_object_set_new(o, "status", json_string(fleet_row_status(r)));
	json_object_set_new(o, "exit_code", json_integer(r->exit_code));
	json_object_set_new(o, "error", jtext(r->error));
	for (st = 0; st < ST__COUNT; st++)
		json_object_set_new(sum, status_name((enum status)st),
				    json_integer((json_int_t)r->counts[st]));
	json_object_set_new(o, "summary", sum);
	for (i = 0; i < r->nf; i++) {
		if (strcmp(r->f[i].status, "fail") == 0 &&
		    (i == 0 || strcmp(r->f[i - 1].check, r->f[i].check) != 0 ||
		     strcmp(r->f[i - 1].status, "fail") != 0))
			json_array_append_new(failing, json_string(r->f[i].check));
		json_array_append_new(fs, finding_json(&r->f[i]));
	}
	json_object_set_new(o, "failing_checks", failing);
	json_object_set_new(o, "findings", fs);
	return o;
}

/* The servers with a finding of this status for check id. */
static json_t *servers_with(const struct fleet_summary *s, const char *id, const char *status)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < s->n; i++) {
		const struct fleet_finding *f = fleet_row_finding(&s->rows[i], id);

		if (f != NULL && strcmp(f->status, status) == 0)
			json_array_append_new(a, json_string(s->rows[i].name));
	}
	return a;
}

static json_t *checks_json(const struct fleet_summary *s)
{
	size_t n, i;
	struct fleet_check *c = fleet_checks(s, &n);
	json_t *a = json_array();

	for (i = 0; i < n; i++) {
		json_t *o = json_object();

		json_object_set_new(o, "check", json_string(c[i].id));
		json_object_set_new(o, "severity", json_string(severity_name(c[i].sev)));
		json_object_set_new(o, "fail", servers_with(s, c[i].id, "fail"));
		json_object_set_new(o, "warn", servers_with(s, c[i].id, "warn"));
		json_array_append_new(a, o);
	}
	free(c);
	return a;
}

static json_t *certs_json(const struct fleet_summary *s)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < s->ncerts; i++) {
		json_t *o = json_object();

		json_object_set_new(o, "not_after", json_string(s->certs[i].not_after));
		json_object_set_new(o, "server", json_string(s->certs[i].server));
		json_object_set_new(o, "subject", json_string(s->certs[i].subject));
		json_object_set_new(o, "thumbprint", json_string(s->certs[i].thumbprint));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *baseline_json(const struct fleet_summary *s)
{
	json_t *o, *fixed;
	size_t i;

	if (!s->has_base)
		return json_null();
	o = json_object();
	fixed = json_array();
	json_object_set_new(o, "file", jtext(s->fo->baseline));
	json_object_set_new(o, "new", json_integer((json_int_t)s->fresh));
	json_object_set_new(o, "known", json_integer((json_int_t)s->known));
	for (i = 0; i < s->nbase; i++) {
		json_t *f;

		if (s->base[i].seen || s->base[i].absent)
			continue;
		f = json_object();
		json_object_set_new(f, "server", json_string(s->base[i].server));
		json_object_set_new(f, "check", json_string(s->base[i].check));
		json_object_set_new(f, "target", s->base[i].target ? json_string(s->base[i].target)
				    : json_null());
		json_object_set_new(f, "fingerprint", json_string(s->base[i].fp));
		json_array_append_new(fixed, f);
	}
	json_object_set_new(o, "fixed", fixed);
	return o;
}

static json_t *totals_json(const struct fleet_summary *s)
{
	static const char *const names[] = {"ok", "fail", "incomplete", "error"};
	json_t *o = json_object();
	size_t i, k;

	json_object_set_new(o, "servers", json_integer((json_int_t)s->n));
	for (k = 0; k < 4; k++) {
		size_t c = 0;

		for (i = 0; i < s->n; i++)
			c += strcmp(fleet_row_status(&s->rows[i]), names[k]) == 0;
		json_object_set_new(o, names[k], json_integer((json_int_t)c));
	}
	return o;
}

static int write_json(FILE *out, const struct fleet_summary *s)
{
	json_t *root = json_object(), *tool = json_object(), *servers = json_array();
	size_t i;
	int rc;

	json_object_set_new(root, "fleet_schema_version", json_integer(1));
	json_object_set_new(tool, "name", json_string("ndes-audit"));
	json_object_set_new(tool, "version", json_string(s->fo->tool_version));
	json_object_set_new(root, "tool", tool);
	json_object_set_new(root, "as_of", s->as_of[0] && !s->as_of_differs
			    ? json_string(s->as_of) : json_null());
	json_object_set_new(root, "report_schema_version",
			    s->schema > 0 ? json_integer(s->schema) : json_null());
	json_object_set_new(root, "exit_code", json_integer(fleet_exit_code(s)));
	json_object_set_new(root, "totals", totals_json(s));
	for (i = 0; i < s->n; i++)
		json_array_append_new(servers, row_json(&s->rows[i]));
	json_object_set_new(root, "servers", servers);
	json_object_set_new(root, "checks", checks_json(s));
	json_object_set_new(root, "certificates", certs_json(s));
	json_object_set_new(root, "baseline", baseline_json(s));
	rc = json_dumpf(root, out, JSON_INDENT(2) | JSON_ENSURE_ASCII);
	json_decref(root);
	if (rc == 0 && fputc('\n', out) == EOF)
		rc = -1;
	return rc;
}

int fleet_jsonl_line(FILE *out, const char *name, int exit_code, const char *error,
		     json_t *report)
{
	json_t *o = json_object();
	int rc;

	json_object_set_new(o, "bundle", json_string(name));
	json_object_set_new(o, "exit_code", json_integer(exit_code));
	json_object_set_new(o, "error", jtext(error));
	json_object_set(o, "report", report != NULL ? report : json_null());
	rc = json_dumpf(o, out, JSON_COMPACT | JSON_ENSURE_ASCII);
	json_decref(o);
	if (rc == 0 && (fputc('\n', out) == EOF || fflush(out) != 0))
		rc = -1;
	return rc;
}

/* The row's failing checks, "id (severity), ..." (fail first, then warn). */
static void failing_list(FILE *out, const struct fleet_row *r)
{
	const char *want[] = {"fail", "warn"};
	size_t i, k, shown = 0;

	for (k = 0; k < 2; k++) {
		for (i = 0; i < r->nf; i++) {
			const struct fleet_finding *w = fleet_row_finding(r, r->f[i].check);

			if (w != &r->f[i] || strcmp(w->status, want[k]) != 0)
				continue;
			fprintf(out, "%s%s (%s%s)", shown++ ? ", " : "", w->check,
				k ? "warn, " : "", severity_name(w->sev));
		}
	}
	if (shown == 0)
		fputs("-", out);
}

static void text_rows(FILE *out, const struct fleet_summary *s)
{
	size_t i, width = 6;

	for (i = 0; i < s->n; i++)
		if (strlen(s->rows[i].name) > width)
			width = strlen(s->rows[i].name);
	fprintf(out, "%-*s  %-10s %4s %4s %4s %4s  %s\n", (int)width, "SERVER", "STATUS", "EXIT",
		"FAIL", "WARN", "NEW", "FAILING CHECKS (worst first)");
	for (i = 0; i < s->n; i++) {
		const struct fleet_row *r = &s->rows[i];
		size_t j, fresh = 0;
		char nb[24];

		for (j = 0; j < r->nf; j++)
			fresh += r->f[j].fresh == 1;
		snprintf(nb, sizeof(nb), "%zu", fresh);
		fprintf(out, "%-*s  %-10s %4d %4zu %4zu %4s  ", (int)width, r->name,
			fleet_row_status(r), r->exit_code, r->counts[ST_FAIL], r->counts[ST_WARN],
			s->has_base ? nb : "-");
		if (r->error != NULL) {
			char *p = printable(r->error);

			fprintf(out, "error: %s", p);
			free(p);
		} else {
			failing_list(out, r);
		}
		fputc('\n', out);
	}
}

static void text_certs(FILE *out, const struct fleet_summary *s)
{
	size_t i;

	if (s->ncerts == 0)
		return;
	fputs("\nCertificates that expire first:\n", out);
	for (i = 0; i < s->ncerts; i++) {
		char *subj = printable(s->certs[i].subject);

		fprintf(out, "  %s  %s  %s (thumbprint %s)\n", s->certs[i].not_after,
			s->certs[i].server, subj, s->certs[i].thumbprint);
		free(subj);
	}
}

static void text_baseline(FILE *out, const struct fleet_summary *s)
{
	size_t i, j;
	char *file;

	if (!s->has_base)
		return;
	file = printable(s->fo->baseline);
	fprintf(out, "\nSince the baseline %s: %zu new, %zu known, %zu fixed\n", file, s->fresh,
		s->known, s->fixed);
	free(file);
	for (i = 0; i < s->n; i++) {
		for (j = 0; j < s->rows[i].nf; j++) {
			const struct fleet_finding *f = &s->rows[i].f[j];
			char *t;

			if (f->fresh != 1)
				continue;
			t = printable(f->target);
			fprintf(out, "  new    %s  %s  %s %s\n", s->rows[i].name, f->check, f->status,
				t);
			free(t);
		}
	}
	for (i = 0; i < s->nbase; i++) {
		char *t;

		if (s->base[i].seen || s->base[i].absent)
			continue;
		t = printable(s->base[i].target);
		fprintf(out, "  fixed  %s  %s  %s\n", s->base[i].server, s->base[i].check, t);
		free(t);
	}
}

static int write_text(FILE *out, const struct fleet_summary *s)
{
	json_t *t = totals_json(s);

	fprintf(out, "ndes-audit fleet: %zu servers as of %s: %lld fail, %lld incomplete, "
		"%lld error, %lld ok (exit %d)\n\n", s->n,
		s->as_of[0] && !s->as_of_differs ? s->as_of : "(reports differ)",
		(long long)json_integer_value(json_object_get(t, "fail")),
		(long long)json_integer_value(json_object_get(t, "incomplete")),
		(long long)json_integer_value(json_object_get(t, "error")),
		(long long)json_integer_value(json_object_get(t, "ok")), fleet_exit_code(s));
	json_decref(t);
	text_rows(out, s);
	text_certs(out, s);
	text_baseline(out, s);
	return ferror(out) ? -1 : 0;
}

int fleet_write(FILE *out, const struct fleet_summary *s)
{
	int rc = 0;

	switch (s->fo->format) {
	case FLEET_TEXT:
		rc = write_text(out, s);
		break;
	case FLEET_JSON:
		rc = write_json(out, s);
		break;
	case FLEET_HTML:
		rc = fleet_write_html(out, s);
		break;
	case FLEET_JSONL:
		break;
	}
	if (fflush(out) != 0)
		rc = -1;
	return rc;
}
