/* The JSON report. Its shape is public: fields may be added, never renamed
 * or removed (schema_version says which shape). */
#include "config.h"

#include <stdlib.h>

#include <jansson.h>

#include "ndes-audit/check.h"
#include "ndes-audit/policy.h"
#include "ndes-audit/report.h"
#include "ndes-audit/util.h"
#include "report-priv.h"

static json_t *artifacts_json(const struct bundle *b)
{
	json_t *arr = json_array();
	size_t i, j;

	for (i = 0; i < b->n; i++) {
		const struct artifact *a = &b->arts[i];
		json_t *o = json_object(), *w = json_array();

		json_object_set_new(o, "path", json_text(a->path));
		json_object_set_new(o, "kind", json_string(artifact_kind_name(a->kind)));
		json_object_set_new(o, "sha256", a->sha256[0] ? json_string(a->sha256) : json_null());
		json_object_set_new(o, "size", json_integer((json_int_t)a->size));
		json_object_set_new(o, "status", json_string(artifact_status_name(a->status)));
		json_object_set_new(o, "error", json_text(a->error));
		json_object_set_new(o, "note", json_text(a->note));
		for (j = 0; j < a->nwarnings; j++)
			json_array_append_new(w, json_text(a->warnings[j]));
		json_object_set_new(o, "warnings", w);
		json_array_append_new(arr, o);
	}
	return arr;
}

static json_t *results_json(const struct result_list *l, const struct report *rep)
{
	json_t *arr = json_array();
	size_t i, j;

	for (i = 0; i < l->n; i++) {
		const struct result *r = l->v[i];
		json_t *o = json_object(), *ev = json_array();
		char fp[FINGERPRINT_HEXLEN + 1];

		json_object_set_new(o, "check", json_string(r->check->id));
		json_object_set_new(o, "status", json_string(status_name(r->status)));
		json_object_set_new(o, "severity", json_string(severity_name(r->check->severity)));
		json_object_set_new(o, "title", json_text(r->check->title));
		json_object_set_new(o, "target", json_text(r->target));
		json_object_set_new(o, "message", json_text(r->message));
		for (j = 0; j < r->nev; j++) {
			json_t *e = json_object();
			long line = evidence_line(&r->ev[j], rep->bundle);

			json_object_set_new(e, "artifact", json_text(r->ev[j].artifact));
			json_object_set_new(e, "location", json_text(r->ev[j].location));
			json_object_set_new(e, "value", json_text(r->ev[j].value));
			json_object_set_new(e, "line", line > 0 ? json_integer(line) : json_null());
			json_array_append_new(ev, e);
		}
		json_object_set_new(o, "evidence", ev);
		json_object_set_new(o, "remediation", json_text(r->remediation));
		json_object_set_new(o, "help_uri", json_string(check_help_uri(r->check)));
		/* Added with waivers and baselines (schema_version 1 still). */
		result_fingerprint(r->check->id, r->target, fp);
		json_object_set_new(o, "fingerprint", json_string(fp));
		json_object_set_new(o, "original_status", r->status == ST_WAIVED
				    ? json_string(status_name(r->original_status)) : json_null());
		json_object_set_new(o, "waiver", r->waiver != NULL && rep->waivers != NULL
				    ? json_waiver(r->waiver, rep->waivers->path) : json_null());
		json_object_set_new(o, "baseline", baseline_mark_name(r->baseline) != NULL
				    ? json_string(baseline_mark_name(r->baseline)) : json_null());
		json_array_append_new(arr, o);
	}
	return arr;
}

static json_t *waivers_json(const struct waiver_set *ws)
{
	json_t *o, *arr;
	size_t i;

	if (ws == NULL)
		return json_null();
	o = json_object();
	arr = json_array();
	json_object_set_new(o, "file", json_text(ws->path));
	for (i = 0; i < ws->n; i++) {
		const struct waiver *w = &ws->v[i];
		json_t *e = json_waiver(w, ws->path);

		json_object_del(e, "file");
		json_object_set_new(e, "state", json_string(waiver_state_name(waiver_state(w))));
		json_object_set_new(e, "matched", json_integer((json_int_t)w->matched));
		json_object_set_new(e, "expires_soon", json_boolean(w->expires_soon));
		json_array_append_new(arr, e);
	}
	json_object_set_new(o, "entries", arr);
	return o;
}

static json_t *baseline_json(const struct baseline *bl)
{
	json_t *o, *fixed;
	size_t i;

	if (bl == NULL)
		return json_null();
	o = json_object();
	fixed = json_array();
	json_object_set_new(o, "file", json_text(bl->path));
	json_object_set_new(o, "new", json_integer((json_int_t)bl->fresh));
	json_object_set_new(o, "known", json_integer((json_int_t)bl->known));
	for (i = 0; i < bl->n; i++) {
		json_t *f;

		if (bl->v[i].seen)
			continue;
		f = json_object();
		json_object_set_new(f, "check", json_text(bl->v[i].check));
		json_object_set_new(f, "target", json_text(bl->v[i].target));
		json_object_set_new(f, "fingerprint", json_string(bl->v[i].fingerprint));
		json_array_append_new(fixed, f);
	}
	json_object_set_new(o, "fixed", fixed);
	return o;
}

/* What --check/--skip left out and --severity hid: the summary counts only
 * what the report shows. */
static json_t *selection_json(const struct report *rep)
{
	json_t *o = json_object();

	json_object_set_new(o, "skipped_checks", json_integer((json_int_t)rep->skipped_checks));
	json_object_set_new(o, "min_severity", rep->has_min_severity
			    ? json_string(severity_name(rep->min_severity)) : json_null());
	json_object_set_new(o, "hidden_results", json_integer((json_int_t)rep->hidden));
	return o;
}

static json_t *check_json(const struct check_def *c)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", json_string(c->id));
	json_object_set_new(o, "severity", json_string(severity_name(c->severity)));
	json_object_set_new(o, "title", json_text(c->title));
	json_object_set_new(o, "description", json_text(c->description));
	json_object_set_new(o, "remediation", json_text(c->remediation));
	json_object_set_new(o, "help_uri", json_string(check_help_uri(c)));
	return o;
}

int report_catalogue_json(FILE *out, const struct check_selection *sel)
{
	json_t *arr = json_array();
	size_t i;
	int rc;

	for (i = 0; i < check_count; i++)
		if (check_selected(sel, &check_table[i]))
			json_array_append_new(arr, check_json(&check_table[i]));
	rc = json_dumpf(arr, out, JSON_INDENT(2) | JSON_ENSURE_ASCII);
	json_decref(arr);
	if (rc == 0 && fputc('\n', out) == EOF)
		rc = -1;
	return rc;
}

int report_json(FILE *out, const struct report *rep)
{
	json_t *root = json_object(), *tool = json_object(), *host = json_object();
	json_t *summary = json_object(), *gate = json_object();
	size_t counts[ST__COUNT];
	int s, rc;

	json_object_set_new(root, "schema_version", json_integer(1));
	json_object_set_new(tool, "name", json_string("ndes-audit"));
	json_object_set_new(tool, "version", json_string(rep->head.tool_version));
	json_object_set_new(root, "tool", tool);
	json_object_set_new(root, "as_of", json_time(rep->head.as_of, 1));
	json_object_set_new(root, "collected_at",
			    json_time(rep->head.collected_at, rep->head.has_collected_at));
	json_object_set_new(host, "fqdn", json_text(rep->head.host));
	json_object_set_new(root, "host", host);
	if (rep->head.deployment != NULL) {
		json_t *dep = json_object();

		json_object_set_new(dep, "mode", json_string(rep->head.deployment));
		json_object_set_new(dep, "evidence", json_text(rep->head.deployment_evidence));
		json_object_set_new(root, "deployment", dep);
	}
	json_object_set_new(root, "artifacts", artifacts_json(rep->bundle));
	json_object_set_new(root, "results", results_json(rep->results, rep));
	result_counts(rep->results, counts);
	for (s = 0; s < ST__COUNT; s++)
		json_object_set_new(summary, status_name((enum status)s),
				    json_integer((json_int_t)counts[s]));
	json_object_set_new(root, "summary", summary);
	json_object_set_new(gate, "fail_on", json_string(report_fail_on_name(rep)));
	json_object_set_new(gate, "exit_code", json_integer(rep->exit_code));
	json_object_set_new(gate, "fail_on_warn", json_boolean(rep->fail_on_warn));
	json_object_set_new(gate, "fail_on_new", json_boolean(rep->fail_on_new));
	json_object_set_new(root, "gate", gate);
	json_object_set_new(root, "selection", selection_json(rep));
	json_object_set_new(root, "waivers", waivers_json(rep->waivers));
	json_object_set_new(root, "baseline", baseline_json(rep->baseline));
	rc = json_dumpf(root, out, JSON_INDENT(2) | JSON_ENSURE_ASCII);
	json_decref(root);
	if (rc == 0 && fputc('\n', out) == EOF)
		rc = -1;
	return rc;
}

const char *report_library_version(void)
{
	return jansson_version_str();
}
