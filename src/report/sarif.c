/* The SARIF 2.1.0 report: one run whose rules come from the check table and
 * whose results are the fail, warn and waived results, for GitHub code
 * scanning and other SARIF viewers. Validated against the OASIS schema in
 * tests/e2e/formats.sh. Mapping (also in ndes-audit(1)):
 *
 *   check table row   -> tool.driver.rules[] (level and security-severity
 *                        from the check's severity)
 *   a result that gates -> level "error"; any other fail, warn or waived
 *                        result "warning" (medium and above) or "note"
 *   fail, warn        -> results[] with a location per evidence: the
 *                        artifact relative to the bundle root (uriBaseId
 *                        BUNDLEROOT), a region when the evidence has a line,
 *                        a logical location (registry path, store and
 *                        thumbprint) otherwise
 *   waived            -> results[] with suppressions[{kind: external}]
 *   error, ne         -> invocations[0].toolExecutionNotifications
 *   expired or unused waivers -> invocations[0].toolConfigurationNotifications
 *   pass, na          -> counted in run.properties.summary only
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "ndes-audit/check.h"
#include "ndes-audit/policy.h"
#include "ndes-audit/report.h"
#include "ndes-audit/util.h"
#include "report-priv.h"

#define SARIF_SCHEMA \
	"https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
#define BASE_ID "BUNDLEROOT"

/* The installed manual page is the tool's documentation (informationUri);
 * the build passes the configured mandir. */
#ifndef NDES_MANDIR
#define NDES_MANDIR "/usr/local/share/man"
#endif

/* GitHub code scanning's documented limits: it rejects a run with more than
 * 25,000 results and keeps only the first location of a result (it allows
 * 1,000 per result); rule names are cut at 255 characters and short and
 * full descriptions at 1,024. */
#define SARIF_MAX_RESULTS 25000
#define SARIF_MAX_RELATED 100
#define SARIF_NAME_MAX 255
#define SARIF_DESC_MAX 1024

/* Notification descriptors, referenced by index from notifications. */
enum note_kind { N_ARTIFACT, N_CHECK_ERROR, N_NOT_EVALUATED, N_WAIVER_EXPIRED, N_WAIVER_UNUSED,
		 N_TRUNCATED, N__COUNT };
static const char *const note_ids[N__COUNT] = {
	"artifact-unreadable", "check-error", "not-evaluated", "waiver-expired",
	"waiver-unused", "results-truncated",
};
/* What each notification means and what to do about it: GitHub wants both
 * a fullDescription and a help text on every descriptor (Multitool GH2012). */
static const char *const note_full[N__COUNT] = {
	"A file of the bundle could not be opened or parsed, so no check could read it; "
	"the checks that need it are reported as error.",
	"A check could not decide because an artifact it needs is in the bundle but could "
	"not be read; its result is error, not pass or fail.",
	"A check was not evaluated (ne) because the bundle holds no artifact of the kind it "
	"reads; nothing is known about what it checks.",
	"A waiver in the waivers file is past its expiry date; the results it matched are "
	"reported, and gate, as if it were absent.",
	"A waiver in the waivers file matched no fail or warn result of this run; the "
	"finding it was written for is gone or its target changed.",
	"The run found more results than GitHub code scanning accepts in one SARIF run; "
	"only the most important are in this file.",
};
static const char *const note_help[N__COUNT] = {
	"Collect the file again from the server (the message says what went wrong and "
	"where), then run the audit again.",
	"Fix or recollect the unreadable artifact named in the message, then run the "
	"audit again.",
	"Add the missing artifact to the bundle (ndes-audit(1), FILES) if the check "
	"matters for this server.",
	"Fix the finding, or renew the waiver with a new expiry date and approval.",
	"Remove the waiver, or correct its check ID and target.",
	"Read the JSON report, which holds every result, or fix findings until fewer remain.",
};
static const char *const note_texts[N__COUNT] = {
	"A file of the bundle could not be read.",
	"A check could not be evaluated because the artifact it reads could not be read.",
	"A check was not evaluated because the bundle lacks the artifact it reads.",
	"A waiver has passed its expiry date and no longer applies.",
	"A waiver matched no fail or warn result.",
	"More results than GitHub code scanning accepts in one run; the rest are in the JSON report.",
};

/* A rule's default level from its severity: critical and high are errors,
 * medium a warning, low and info a note. */
static const char *rule_level(enum severity s)
{
	return s >= SEV_HIGH ? "error" : s >= SEV_MEDIUM ? "warning" : "note";
}

/* A result's level: "error" exactly when the policy says it gates (so the
 * errors are what failed the exit status), else from the severity, at
 * most a warning. */
static const char *result_level(const struct result *r)
{
	if (r->gates)
		return "error";
	return r->check->severity >= SEV_MEDIUM ? "warning" : "note";
}

/* GitHub maps security-severity > 9.0 to critical, 7.0-8.9 high, 4.0-6.9
 * medium, 0.1-3.9 low, 0.0 none. */
static const char *security_severity(enum severity s)
{
	switch (s) {
	case SEV_CRITICAL: return "9.5";
	case SEV_HIGH: return "8.0";
	case SEV_MEDIUM: return "5.5";
	case SEV_LOW: return "3.0";
	default: return "0.0";
	}
}

#define NO_LIMIT ((size_t)-1 / 2)

/* {"text": s} cut at max bytes on a UTF-8 boundary with "...". SARIF and
 * GitHub want no empty text. */
static json_t *text_obj(const char *s, size_t max)
{
	json_t *o = json_object();
	char *p = xstrdup(s != NULL && *s != '\0' ? s : "(none)");
	size_t n = strlen(p);

	if (n > max) {
		n = max - 3;
		while (n > 0 && ((unsigned char)p[n] & 0xC0) == 0x80)
			n--;
		memcpy(p + n, "...", 4);
	}
	json_object_set_new(o, "text", json_text(p));
	free(p);
	return o;
}

/* host.fqdn -> HostFqdn, httpsys.max_field_length -> HttpsysMaxFieldLength */
static json_t *rule_name(const char *id)
{
	char buf[SARIF_NAME_MAX + 1];
	size_t n = 0;
	int up = 1;

	for (; *id != '\0' && n < SARIF_NAME_MAX; id++) {
		char c = *id;

		if (c == '.' || c == '_' || c == '-') {
			up = 1;
			continue;
		}
		buf[n++] = up && c >= 'a' && c <= 'z' ? (char)(c - 32) : c;
		up = 0;
	}
	buf[n] = '\0';
	return json_text(buf);
}

static long rule_index(const struct check_def *c)
{
	size_t i;

	for (i = 0; i < check_count; i++)
		if (&check_table[i] == c)
			return (long)i;
	return -1;
}

static json_t *rule_ref(const struct check_def *c)
{
	json_t *o = json_object();
	long i = rule_index(c);

	json_object_set_new(o, "id", json_string(c->id));
	if (i >= 0)
		json_object_set_new(o, "index", json_integer(i));
	return o;
}

struct ctx {
	const struct report *rep;
	const char *root;       /* NULL or "." = relative to the working folder */
	size_t rootlen;
};

static int is_root_dot(const struct ctx *c)
{
	return c->root == NULL || strcmp(c->root, ".") == 0;
}

/* artifactLocation of a path: relative to BUNDLEROOT when it lies under the
 * root, an absolute file URI for other absolute paths, else a relative
 * reference. */
static json_t *artifact_location(const struct ctx *c, const char *path, int with_index)
{
	json_t *o = json_object();
	const char *rel = NULL;
	char *enc;

	if (is_root_dot(c)) {
		if (path[0] != '/') {
			rel = path;
			while (rel[0] == '.' && rel[1] == '/')
				rel += 2;
		}
	} else if (c->rootlen == 1 && c->root[0] == '/' && path[0] == '/') {
		rel = path + 1;
	} else if (strncmp(path, c->root, c->rootlen) == 0 && path[c->rootlen] == '/') {
		rel = path + c->rootlen + 1;
	}
	if (rel != NULL) {
		while (*rel == '/')
			rel++;
		enc = uri_encode_path(*rel != '\0' ? rel : ".");
		json_object_set_new(o, "uri", json_text(enc));
		json_object_set_new(o, "uriBaseId", json_string(BASE_ID));
	} else if (path[0] == '/') {
		char *p = uri_encode_path(path);

		enc = xasprintf("file://%s", p);
		free(p);
		json_object_set_new(o, "uri", json_text(enc));
	} else {
		enc = uri_encode_path(path);
		json_object_set_new(o, "uri", json_text(enc));
	}
	free(enc);
	if (with_index) {
		const struct artifact *a = bundle_find(c->rep->bundle, path);

		if (a != NULL)
			json_object_set_new(o, "index",
					    json_integer((json_int_t)(a - c->rep->bundle->arts)));
	}
	return o;
}

/* The SARIF kind (from the spec's list, 3.33.7) of a location text in this
 * artifact: a registry key path or a store entry is a "resource", an event
 * record or a place in an XML file an "element". */
static const char *logical_kind(const struct artifact *a)
{
	const char *k = a != NULL ? artifact_kind_name(a->kind) : "";

	return strcmp(k, "evtx") == 0 || strncmp(k, "iis.", 4) == 0 ? "element" : "resource";
}

/* A region for evidence that has no line (a key in a binary hive, a record of
 * an event log, a log without the line in question): the whole file by its
 * bytes, which is where the evidence lies and which SARIF viewers can show,
 * instead of a line that would be made up. */
static json_t *whole_file_region(const struct artifact *a)
{
	json_t *region = json_object();

	json_object_set_new(region, "byteOffset", json_integer(0));
	json_object_set_new(region, "byteLength", json_integer((json_int_t)a->size));
	return region;
}

/* A location from one piece of evidence, or NULL when it names nothing. */
static json_t *evidence_location(const struct ctx *c, const struct evidence *ev, long id)
{
	json_t *loc;
	long line = evidence_line(ev, c->rep->bundle);
	int line_from_text = ev->line <= 0 && line > 0;
	const struct artifact *a = ev->artifact != NULL ? bundle_find(c->rep->bundle, ev->artifact)
							: NULL;

	if (ev->artifact == NULL && ev->location == NULL)
		return NULL;
	loc = json_object();
	if (id >= 0)
		json_object_set_new(loc, "id", json_integer(id));
	if (ev->artifact != NULL) {
		json_t *phys = json_object();

		json_object_set_new(phys, "artifactLocation", artifact_location(c, ev->artifact, 1));
		if (line > 0) {
			json_t *region = json_object();

			json_object_set_new(region, "startLine", json_integer(line));
			json_object_set_new(phys, "region", region);
		} else if (a != NULL) {
			json_object_set_new(phys, "region", whole_file_region(a));
		}
		json_object_set_new(loc, "physicalLocation", phys);
	}
	if (ev->location != NULL && !line_from_text) {
		json_t *ll = json_array(), *l = json_object();

		json_object_set_new(l, "fullyQualifiedName", json_text(ev->location));
		json_object_set_new(l, "kind", json_string(logical_kind(a)));
		json_array_append_new(ll, l);
		json_object_set_new(loc, "logicalLocations", ll);
	}
	if (ev->location != NULL || ev->value != NULL) {
		char *t = xasprintf("%s%s%s", ev->location != NULL ? ev->location : "",
				    ev->location != NULL && ev->value != NULL ? " = " : "",
				    ev->value != NULL ? ev->value : "");

		json_object_set_new(loc, "message", text_obj(t, NO_LIMIT));
		free(t);
	}
	return loc;
}

static void add_locations(const struct ctx *c, const struct result *r, json_t *res)
{
	json_t *locs = json_array(), *related = json_array();
	size_t i, first = r->nev;

	/* The first evidence that names a file is the primary location (GitHub
	 * uses only the first); the others are related locations. */
	for (i = 0; i < r->nev; i++) {
		if (r->ev[i].artifact != NULL) {
			first = i;
			break;
		}
	}
	if (first < r->nev) {
		json_array_append_new(locs, evidence_location(c, &r->ev[first], -1));
	} else {
		/* Nothing names a file (the evidence is the absence of one): point
		 * at the bundle as a whole, named by the target. */
		json_t *loc = json_object(), *phys = json_object(), *al = json_object();
		json_t *ll = json_array(), *l = json_object();

		json_object_set_new(al, "uri", json_string("./"));
		json_object_set_new(al, "uriBaseId", json_string(BASE_ID));
		json_object_set_new(phys, "artifactLocation", al);
		json_object_set_new(loc, "physicalLocation", phys);
		json_object_set_new(l, "fullyQualifiedName",
				    json_text(r->target[0] != '\0' ? r->target : r->check->id));
		json_object_set_new(l, "kind", json_string("resource"));
		json_array_append_new(ll, l);
		json_object_set_new(loc, "logicalLocations", ll);
		json_array_append_new(locs, loc);
	}
	for (i = 0; i < r->nev && json_array_size(related) < SARIF_MAX_RELATED; i++) {
		json_t *loc;

		if (i == first)
			continue;
		loc = evidence_location(c, &r->ev[i], (long)json_array_size(related) + 1);
		if (loc != NULL)
			json_array_append_new(related, loc);
	}
	json_object_set_new(res, "locations", locs);
	if (json_array_size(related) > 0)
		json_object_set_new(res, "relatedLocations", related);
	else
		json_decref(related);
}

static json_t *waiver_file_location(const struct ctx *c, const struct waiver *w)
{
	json_t *loc = json_object(), *phys = json_object(), *al = json_object();
	json_t *region = json_object();
	const char *path = c->rep->waivers->path;
	char *enc = uri_encode_path(path), *uri;

	uri = path[0] == '/' ? xasprintf("file://%s", enc) : xstrdup(enc);
	json_object_set_new(al, "uri", json_text(uri));
	json_object_set_new(phys, "artifactLocation", al);
	json_object_set_new(region, "startLine", json_integer(w->line));
	json_object_set_new(phys, "region", region);
	json_object_set_new(loc, "physicalLocation", phys);
	free(enc);
	free(uri);
	return loc;
}

static json_t *result_json(const struct ctx *c, const struct result *r)
{
	json_t *res = json_object(), *fps = json_object(), *props = json_object();
	enum status st = r->status == ST_WAIVED ? r->original_status : r->status;
	char fp[FINGERPRINT_HEXLEN + 1];
	long ri = rule_index(r->check);
	const char *msg = r->message[0] != '\0' ? r->message : r->check->title;

	json_object_set_new(res, "ruleId", json_string(r->check->id));
	if (ri >= 0)
		json_object_set_new(res, "ruleIndex", json_integer(ri));
	json_object_set_new(res, "level", json_string(result_level(r)));
	if (r->remediation != NULL &&
	    (r->check->remediation == NULL || strcmp(r->remediation, r->check->remediation) != 0)) {
		char *t = xasprintf("%s\nFix: %s", msg, r->remediation);

		json_object_set_new(res, "message", text_obj(t, NO_LIMIT));
		free(t);
	} else {
		json_object_set_new(res, "message", text_obj(msg, NO_LIMIT));
	}
	add_locations(c, r, res);
	/* Identity across runs from check and target only. GitHub reads only
	 * primaryLocationLineHash and computes it from the file's lines when it
	 * is missing, which would tie the alert to a line of a binary hive;
	 * supplying it keeps the alert's identity = the finding's. */
	result_fingerprint(r->check->id, r->target, fp);
	json_object_set_new(fps, "ndesAuditFingerprint/v1", json_string(fp));
	json_object_set_new(fps, "primaryLocationLineHash", json_string(fp));
	json_object_set_new(res, "partialFingerprints", fps);
	if (r->status == ST_WAIVED && r->waiver != NULL) {
		json_t *sups = json_array(), *s = json_object(), *sp = json_object();

		json_object_set_new(s, "kind", json_string("external"));
		json_object_set_new(s, "status", json_string("accepted"));
		json_object_set_new(s, "justification", json_text(r->waiver->justification));
		if (c->rep->waivers != NULL)
			json_object_set_new(s, "location", waiver_file_location(c, r->waiver));
		json_object_set_new(sp, "expires", json_string(r->waiver->expires));
		json_object_set_new(sp, "approvedBy", json_text(r->waiver->approved_by));
		json_object_set_new(sp, "ticket", json_text(r->waiver->ticket));
		json_object_set_new(s, "properties", sp);
		json_array_append_new(sups, s);
		json_object_set_new(res, "suppressions", sups);
	}
	if (r->baseline != BASELINE_NONE)
		json_object_set_new(res, "baselineState", json_string(r->baseline == BASELINE_KNOWN
								      ? "unchanged" : "new"));
	json_object_set_new(props, "status", json_string(status_name(r->status)));
	if (r->status == ST_WAIVED)
		json_object_set_new(props, "originalStatus", json_string(status_name(st)));
	json_object_set_new(props, "severity", json_string(severity_name(r->check->severity)));
	json_object_set_new(props, "target", json_text(r->target));
	json_object_set_new(props, "fingerprint", json_string(fp));
	if (r->remediation != NULL)
		json_object_set_new(props, "remediation", json_text(r->remediation));
	if (r->waiver != NULL && c->rep->waivers != NULL)
		json_object_set_new(props, "waiver", json_waiver(r->waiver, c->rep->waivers->path));
	json_object_set_new(res, "properties", props);
	return res;
}

static json_t *rules_json(void)
{
	json_t *rules = json_array();
	size_t i;

	for (i = 0; i < check_count; i++) {
		const struct check_def *cd = &check_table[i];
		json_t *r = json_object(), *dc = json_object(), *props = json_object();
		json_t *tags = json_array();
		char area[64];
		size_t n = strcspn(cd->id, ".");

		snprintf(area, sizeof(area), "%.*s", (int)(n < sizeof(area) ? n : sizeof(area) - 1),
			 cd->id);
		json_object_set_new(r, "id", json_string(cd->id));
		json_object_set_new(r, "name", rule_name(cd->id));
		json_object_set_new(r, "shortDescription", text_obj(cd->title, SARIF_DESC_MAX));
		json_object_set_new(r, "fullDescription", text_obj(cd->description, SARIF_DESC_MAX));
		json_object_set_new(r, "help", text_obj(cd->remediation, NO_LIMIT));
		json_object_set_new(r, "helpUri", json_string(check_help_uri(cd)));
		json_object_set_new(dc, "level", json_string(rule_level(cd->severity)));
		json_object_set_new(r, "defaultConfiguration", dc);
		json_array_append_new(tags, json_string("security"));
		json_array_append_new(tags, json_string("ndes"));
		/* SARIF wants unique tags: the ndes.* area is already tagged. */
		if (strcmp(area, "ndes") != 0 && strcmp(area, "security") != 0)
			json_array_append_new(tags, json_text(area));
		json_object_set_new(props, "tags", tags);
		json_object_set_new(props, "precision", json_string("high"));
		json_object_set_new(props, "security-severity",
				    json_string(security_severity(cd->severity)));
		json_object_set_new(props, "severity", json_string(severity_name(cd->severity)));
		json_object_set_new(r, "properties", props);
		json_array_append_new(rules, r);
	}
	return rules;
}

static json_t *note_descriptors(void)
{
	json_t *arr = json_array();
	size_t i;

	for (i = 0; i < N__COUNT; i++) {
		json_t *d = json_object();

		json_object_set_new(d, "id", json_string(note_ids[i]));
		json_object_set_new(d, "shortDescription", text_obj(note_texts[i], SARIF_DESC_MAX));
		json_object_set_new(d, "fullDescription", text_obj(note_full[i], SARIF_DESC_MAX));
		json_object_set_new(d, "help", text_obj(note_help[i], NO_LIMIT));
		json_array_append_new(arr, d);
	}
	return arr;
}

static json_t *note(enum note_kind k, const char *level, const char *text)
{
	json_t *n = json_object(), *d = json_object();

	json_object_set_new(d, "id", json_string(note_ids[k]));
	json_object_set_new(d, "index", json_integer(k));
	json_object_set_new(n, "descriptor", d);
	json_object_set_new(n, "level", json_string(level));
	json_object_set_new(n, "message", text_obj(text, NO_LIMIT));
	return n;
}

static json_t *artifacts_json(const struct ctx *c)
{
	const struct bundle *b = c->rep->bundle;
	json_t *arr = json_array();
	size_t i;

	for (i = 0; i < b->n; i++) {
		const struct artifact *a = &b->arts[i];
		json_t *o = json_object(), *roles = json_array(), *props = json_object();

		json_object_set_new(o, "location", artifact_location(c, a->path, 0));
		json_object_set_new(o, "length", json_integer((json_int_t)a->size));
		json_array_append_new(roles, json_string("analysisTarget"));
		json_object_set_new(o, "roles", roles);
		if (a->sha256[0] != '\0') {
			json_t *h = json_object();

			json_object_set_new(h, "sha-256", json_string(a->sha256));
			json_object_set_new(o, "hashes", h);
		}
		json_object_set_new(props, "kind", json_string(artifact_kind_name(a->kind)));
		json_object_set_new(props, "status", json_string(artifact_status_name(a->status)));
		json_object_set_new(o, "properties", props);
		json_array_append_new(arr, o);
	}
	return arr;
}

static void add_execution_notes(const struct ctx *c, json_t *notes)
{
	const struct bundle *b = c->rep->bundle;
	const struct result_list *l = c->rep->results;
	size_t i;

	for (i = 0; i < b->n; i++) {
		const struct artifact *a = &b->arts[i];
		json_t *n, *locs, *loc, *phys;

		if (a->status != ART_ERROR)
			continue;
		n = note(N_ARTIFACT, "error", a->error != NULL ? a->error : a->path);
		locs = json_array();
		loc = json_object();
		phys = json_object();
		json_object_set_new(phys, "artifactLocation", artifact_location(c, a->path, 1));
		json_object_set_new(loc, "physicalLocation", phys);
		json_array_append_new(locs, loc);
		json_object_set_new(n, "locations", locs);
		json_array_append_new(notes, n);
	}
	for (i = 0; i < l->n; i++) {
		const struct result *r = l->v[i];
		json_t *n, *props;

		if (r->status != ST_ERROR && r->status != ST_NE)
			continue;
		n = note(r->status == ST_ERROR ? N_CHECK_ERROR : N_NOT_EVALUATED,
			 r->status == ST_ERROR ? "error" : "note", r->message);
		json_object_set_new(n, "associatedRule", rule_ref(r->check));
		props = json_object();
		json_object_set_new(props, "status", json_string(status_name(r->status)));
		json_object_set_new(props, "target", json_text(r->target));
		json_object_set_new(n, "properties", props);
		json_array_append_new(notes, n);
	}
}

static void add_waiver_notes(const struct ctx *c, json_t *notes)
{
	const struct waiver_set *ws = c->rep->waivers;
	size_t i;

	if (ws == NULL)
		return;
	for (i = 0; i < ws->n; i++) {
		const struct waiver *w = &ws->v[i];
		enum waiver_state s = waiver_state(w);
		const struct check_def *cd = check_find(w->check);
		json_t *n, *locs;
		char *text;

		if (s == WAIVER_APPLIED)
			continue;
		if (s == WAIVER_EXPIRED)
			text = xasprintf("The waiver for %s on line %u expired on %s and no longer "
					 "applies (%zu result(s) matched).", w->check, w->line,
					 w->expires, w->matched);
		else
			text = xasprintf("The waiver for %s on line %u matched no fail or warn "
					 "result.", w->check, w->line);
		n = note(s == WAIVER_EXPIRED ? N_WAIVER_EXPIRED : N_WAIVER_UNUSED,
			 s == WAIVER_EXPIRED ? "warning" : "note", text);
		free(text);
		locs = json_array();
		json_array_append_new(locs, waiver_file_location(c, w));
		json_object_set_new(n, "locations", locs);
		if (cd != NULL)
			json_object_set_new(n, "associatedRule", rule_ref(cd));
		json_array_append_new(notes, n);
	}
}

struct pick {
	const struct result *r;
	size_t pos;     /* in the report's order (check ID, then target) */
};

/* Order for keeping the most important results when over the limit: the
 * ones that gate first, so that a cut report still shows why the run
 * failed. */
static int cmp_priority(const void *pa, const void *pb)
{
	const struct pick *a = pa, *b = pb;
	int ra = a->r->status == ST_FAIL ? 0 : a->r->status == ST_WARN ? 1 : 2;
	int rb = b->r->status == ST_FAIL ? 0 : b->r->status == ST_WARN ? 1 : 2;

	if (a->r->gates != b->r->gates)
		return b->r->gates - a->r->gates;
	if (ra != rb)
		return ra - rb;
	if (a->r->check->severity != b->r->check->severity)
		return (int)b->r->check->severity - (int)a->r->check->severity;
	return a->pos < b->pos ? -1 : a->pos > b->pos;
}

static int cmp_pos(const void *pa, const void *pb)
{
	const struct pick *a = pa, *b = pb;

	return a->pos < b->pos ? -1 : a->pos > b->pos;
}

static json_t *results_json(const struct ctx *c, json_t *exec_notes)
{
	const struct result_list *l = c->rep->results;
	struct pick *v = xcalloc(l->n > 0 ? l->n : 1, sizeof(*v));
	json_t *arr = json_array();
	size_t i, n = 0;

	for (i = 0; i < l->n; i++) {
		enum status s = l->v[i]->status;

		if (s == ST_FAIL || s == ST_WARN || s == ST_WAIVED) {
			v[n].r = l->v[i];
			v[n++].pos = i;
		}
	}
	if (n > SARIF_MAX_RESULTS) {
		char *t = xasprintf("%zu results; only the %d most important (fail before warn "
				    "before waived, then by severity) are in this SARIF file.",
				    n, SARIF_MAX_RESULTS);

		json_array_append_new(exec_notes, note(N_TRUNCATED, "warning", t));
		free(t);
		qsort(v, n, sizeof(*v), cmp_priority);
		n = SARIF_MAX_RESULTS;
		qsort(v, n, sizeof(*v), cmp_pos);
	}
	for (i = 0; i < n; i++)
		json_array_append_new(arr, result_json(c, v[i].r));
	free(v);
	return arr;
}

/* file: URI of the installed manual page (a relative mandir, possible with
 * a relocatable prefix, is left as a relative reference). */
static json_t *information_uri(void)
{
	char *enc = uri_encode_path(NDES_MANDIR "/man1/ndes-audit.1");
	char *uri = NDES_MANDIR[0] == '/' ? xasprintf("file://%s", enc) : xstrdup(enc);
	json_t *j = json_text(uri);

	free(enc);
	free(uri);
	return j;
}

int report_sarif(FILE *out, const struct report *rep)
{
	struct ctx c = {rep, rep->bundle_root, rep->bundle_root != NULL ? strlen(rep->bundle_root) : 0};
	json_t *root = json_object(), *runs = json_array(), *run = json_object();
	json_t *tool = json_object(), *driver = json_object(), *inv = json_object();
	json_t *invs = json_array(), *iprops = json_object(), *exec_notes = json_array();
	json_t *conf_notes = json_array(), *props = json_object(), *summary = json_object();
	json_t *gate = json_object();
	size_t counts[ST__COUNT];
	int s, rc;

	json_object_set_new(root, "$schema", json_string(SARIF_SCHEMA));
	json_object_set_new(root, "version", json_string("2.1.0"));

	json_object_set_new(driver, "name", json_string("ndes-audit"));
	json_object_set_new(driver, "version", json_string(rep->head.tool_version));
	json_object_set_new(driver, "semanticVersion", json_string(rep->head.tool_version));
	json_object_set_new(driver, "informationUri", information_uri());
	json_object_set_new(driver, "rules", rules_json());
	json_object_set_new(driver, "notifications", note_descriptors());
	json_object_set_new(tool, "driver", driver);
	json_object_set_new(run, "tool", tool);

	add_execution_notes(&c, exec_notes);
	add_waiver_notes(&c, conf_notes);
	json_object_set_new(run, "results", results_json(&c, exec_notes));

	json_object_set_new(inv, "executionSuccessful",
			    json_boolean(rep->exit_code == 0 || rep->exit_code == 1));
	json_object_set_new(inv, "exitCode", json_integer(rep->exit_code));
	if (json_array_size(exec_notes) > 0)
		json_object_set_new(inv, "toolExecutionNotifications", exec_notes);
	else
		json_decref(exec_notes);
	if (json_array_size(conf_notes) > 0)
		json_object_set_new(inv, "toolConfigurationNotifications", conf_notes);
	else
		json_decref(conf_notes);
	json_object_set_new(iprops, "asOf", json_time(rep->head.as_of, 1));
	json_object_set_new(iprops, "collectedAt", json_time(rep->head.collected_at,
							      rep->head.has_collected_at));
	json_object_set_new(iprops, "host", json_text(rep->head.host));
	json_object_set_new(iprops, "waivers", json_text(rep->waivers != NULL ? rep->waivers->path
										: NULL));
	json_object_set_new(iprops, "baseline", json_text(rep->baseline != NULL ? rep->baseline->path
										  : NULL));
	json_object_set_new(inv, "properties", iprops);
	json_array_append_new(invs, inv);
	json_object_set_new(run, "invocations", invs);

	if (rep->bundle_root_uri != NULL) {
		json_t *bases = json_object(), *base = json_object();

		json_object_set_new(base, "uri", json_text(rep->bundle_root_uri));
		json_object_set_new(base, "description",
				    text_obj("The folder the audited paths have in common.",
					     SARIF_DESC_MAX));
		json_object_set_new(bases, BASE_ID, base);
		json_object_set_new(run, "originalUriBaseIds", bases);
	}
	json_object_set_new(run, "artifacts", artifacts_json(&c));

	result_counts(rep->results, counts);
	for (s = 0; s < ST__COUNT; s++)
		json_object_set_new(summary, status_name((enum status)s),
				    json_integer((json_int_t)counts[s]));
	json_object_set_new(props, "summary", summary);
	json_object_set_new(gate, "fail_on", json_string(report_fail_on_name(rep)));
	json_object_set_new(gate, "fail_on_warn", json_boolean(rep->fail_on_warn));
	json_object_set_new(gate, "fail_on_new", json_boolean(rep->fail_on_new));
	json_object_set_new(gate, "exit_code", json_integer(rep->exit_code));
	json_object_set_new(props, "gate", gate);
	if (rep->baseline != NULL) {
		json_t *bl = json_object();

		json_object_set_new(bl, "new", json_integer((json_int_t)rep->baseline->fresh));
		json_object_set_new(bl, "known", json_integer((json_int_t)rep->baseline->known));
		json_object_set_new(bl, "fixed", json_integer((json_int_t)rep->baseline->fixed));
		json_object_set_new(props, "baseline", bl);
	}
	json_object_set_new(run, "properties", props);

	json_array_append_new(runs, run);
	json_object_set_new(root, "runs", runs);
	rc = json_dumpf(root, out, JSON_INDENT(2) | JSON_ENSURE_ASCII);
	json_decref(root);
	if (rc == 0 && fputc('\n', out) == EOF)
		rc = -1;
	return rc;
}
