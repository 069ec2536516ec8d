/* The JSON report. Its shape is public: fields may be added, never renamed
 * or removed (schema_version says which shape). */
#include "config.h"

#include <stdlib.h>

#include <jansson.h>

#include "ndes-audit/check.h"
#include "ndes-audit/report.h"
#include "ndes-audit/util.h"

/* A JSON string from any bytes: invalid UTF-8 is shown as \xNN escapes. */
static json_t *jstr(const char *s)
{
	json_t *j;
	char *p;

	if (s == NULL)
		return json_null();
	j = json_string(s);
	if (j != NULL)
		return j;
	p = printable(s);
	j = json_string(p);
	free(p);
	return j != NULL ? j : json_string("");
}

static json_t *jtime(int64_t t, int valid)
{
	char buf[32];

	if (!valid)
		return json_null();
	time_format_iso(t, buf, sizeof(buf));
	return json_string(buf);
}

static json_t *artifacts_json(const struct bundle *b)
{
	json_t *arr = json_array();
	size_t i, j;

	for (i = 0; i < b->n; i++) {
		const struct artifact *a = &b->arts[i];
		json_t *o = json_object(), *w = json_array();

		json_object_set_new(o, "path", jstr(a->path));
		json_object_set_new(o, "kind", json_string(artifact_kind_name(a->kind)));
		json_object_set_new(o, "sha256", a->sha256[0] ? json_string(a->sha256) : json_null());
		json_object_set_new(o, "size", json_integer((json_int_t)a->size));
		json_object_set_new(o, "status", json_string(artifact_status_name(a->status)));
		json_object_set_new(o, "error", jstr(a->error));
		json_object_set_new(o, "note", jstr(a->note));
		for (j = 0; j < a->nwarnings; j++)
			json_array_append_new(w, jstr(a->warnings[j]));
		json_object_set_new(o, "warnings", w);
		json_array_append_new(arr, o);
	}
	return arr;
}

static json_t *results_json(const struct result_list *l)
{
	json_t *arr = json_array();
	size_t i, j;

	for (i = 0; i < l->n; i++) {
		const struct result *r = l->v[i];
		json_t *o = json_object(), *ev = json_array();

		json_object_set_new(o, "check", json_string(r->check->id));
		json_object_set_new(o, "status", json_string(status_name(r->status)));
		json_object_set_new(o, "severity", json_string(severity_name(r->check->severity)));
		json_object_set_new(o, "title", jstr(r->check->title));
		json_object_set_new(o, "target", jstr(r->target));
		json_object_set_new(o, "message", jstr(r->message));
		for (j = 0; j < r->nev; j++) {
			json_t *e = json_object();

			json_object_set_new(e, "artifact", jstr(r->ev[j].artifact));
			json_object_set_new(e, "location", jstr(r->ev[j].location));
			json_object_set_new(e, "value", jstr(r->ev[j].value));
			json_array_append_new(ev, e);
		}
		json_object_set_new(o, "evidence", ev);
		json_object_set_new(o, "remediation", jstr(r->remediation));
		json_array_append_new(arr, o);
	}
	return arr;
}

int report_json(FILE *out, const struct report *rep)
{
	json_t *root = json_object(), *tool = json_object(), *host = json_object();
	json_t *summary = json_object(), *gate = json_object();
	size_t counts[ST__COUNT];
	int s, rc;

	json_object_set_new(root, "schema_version", json_integer(1));
	json_object_set_new(tool, "name", json_string("ndes-audit"));
	json_object_set_new(tool, "version", json_string(rep->tool_version));
	json_object_set_new(root, "tool", tool);
	json_object_set_new(root, "as_of", jtime(rep->as_of, 1));
	json_object_set_new(root, "collected_at",
			    jtime(rep->facts->collected_at, rep->facts->has_collected_at));
	json_object_set_new(host, "fqdn", jstr(rep->facts->fqdn));
	json_object_set_new(root, "host", host);
	json_object_set_new(root, "artifacts", artifacts_json(rep->bundle));
	json_object_set_new(root, "results", results_json(rep->results));
	result_counts(rep->results, counts);
	for (s = 0; s < ST__COUNT; s++)
		json_object_set_new(summary, status_name((enum status)s),
				    json_integer((json_int_t)counts[s]));
	json_object_set_new(root, "summary", summary);
	json_object_set_new(gate, "fail_on", json_string(severity_name(rep->fail_on)));
	json_object_set_new(gate, "exit_code", json_integer(rep->exit_code));
	json_object_set_new(root, "gate", gate);
	rc = json_dumpf(root, out, JSON_INDENT(2) | JSON_ENSURE_ASCII);
	json_decref(root);
	if (rc == 0 && fputc('\n', out) == EOF)
		rc = -1;
	return rc;
}
