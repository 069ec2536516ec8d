/* The SARIF reporter, parsed back with jansson: rules from the check table,
 * results and their locations, fingerprints, suppressions for waived
 * results, notifications, URIs relative to the bundle root, GitHub's
 * limits, and bytes that are not text. (Validation against the OASIS
 * schema is in tests/e2e/formats.sh, with python3-jsonschema.) */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "ndes-audit/policy.h"
#include "ndes-audit/report.h"
#include "ndes-audit/util.h"
#include "testutil.h"

struct ctx {
	struct audit a;
	struct waiver_set ws;
	int have_ws;
	struct baseline bl;
	int have_bl;
	char *root, *root_uri;
	json_t *doc;
};

static void audit_paths(struct ctx *c, const char *const *paths, size_t n)
{
	memset(c, 0, sizeof(*c));
	audit_run(&c->a, paths, n, NULL);
	c->root = bundle_root_of((char *const *)paths, n, &c->root_uri);
}

static void audit_ctx(struct ctx *c, const char *rel)
{
	char *p = src_path(rel);
	const char *paths[1] = {p};

	audit_paths(c, paths, 1);
	free(p);
}

static void add_waivers(struct ctx *c, const char *text)
{
	struct nerr e;

	assert_int_equal(waivers_parse(&c->ws, "ci/ndes waivers", text, strlen(text), &e), 0);
	c->have_ws = 1;
	waivers_apply(&c->ws, &c->a.results, TEST_AS_OF, 30);
}

static json_t *render(struct ctx *c)
{
	struct report rep = {0};
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	json_error_t err;

	/* Judge after any waivers, as main() does; the levels follow the gate. */
	c->a.exit_code = gate_decide(&c->a.results, &c->a.bundle,
				     &(struct gate_options){SEV_MEDIUM, 0, 0});
	rep.head = audit_header(&c->a, "0.1.0");
	rep.bundle = &c->a.bundle;
	rep.results = &c->a.results;
	rep.fail_on = SEV_MEDIUM;
	rep.exit_code = c->a.exit_code;
	rep.waivers = c->have_ws ? &c->ws : NULL;
	rep.baseline = c->have_bl ? &c->bl : NULL;
	rep.bundle_root = c->root;
	rep.bundle_root_uri = c->root_uri;
	assert_non_null(f);
	assert_int_equal(report_sarif(f, &rep), 0);
	fclose(f);
	json_decref(c->doc);
	c->doc = json_loads(buf, 0, &err);
	if (c->doc == NULL)
		fail_msg("SARIF is not JSON: %s (line %d)", err.text, err.line);
	free(buf);
	return c->doc;
}

static void ctx_free(struct ctx *c)
{
	json_decref(c->doc);
	if (c->have_ws)
		waivers_free(&c->ws);
	if (c->have_bl)
		baseline_free(&c->bl);
	audit_free(&c->a);
	free(c->root);
	free(c->root_uri);
}

static json_t *run0(json_t *doc)
{
	return json_array_get(json_object_get(doc, "runs"), 0);
}

static json_t *path(json_t *j, const char *p)
{
	char *copy = xstrdup(p), *save = NULL, *tok;

	for (tok = strtok_r(copy, ".", &save); tok != NULL && j != NULL;
	     tok = strtok_r(NULL, ".", &save)) {
		if (tok[0] >= '0' && tok[0] <= '9')
			j = json_array_get(j, (size_t)atoi(tok));
		else
			j = json_object_get(j, tok);
	}
	free(copy);
	return j;
}

static const char *str(json_t *j, const char *p)
{
	const char *s = json_string_value(path(j, p));

	if (s == NULL)
		fail_msg("no string at %s", p);
	return s;
}

/* Every result names its rule by ID and by its position in the check table. */
static void rule_indexes_match(json_t *run)
{
	json_t *rules = path(run, "tool.driver.rules"), *r;
	size_t i;

	json_array_foreach(json_object_get(run, "results"), i, r) {
		const char *id = str(r, "ruleId");
		json_int_t idx = json_integer_value(json_object_get(r, "ruleIndex"));

		assert_int_equal(idx, rule_index_of(id));
		assert_string_equal(str(json_array_get(rules, (size_t)idx), "id"), id);
	}
}

static json_t *result_of(json_t *run, const char *rule)
{
	json_t *results = json_object_get(run, "results"), *r;
	size_t i;

	json_array_foreach(results, i, r)
		if (strcmp(json_string_value(json_object_get(r, "ruleId")), rule) == 0)
			return r;
	fail_msg("no result for %s", rule);
	return NULL;
}

static void test_sarif_rules_from_check_table(void **state)
{
	struct ctx c;
	json_t *run, *rules, *r;
	size_t i;

	(void)state;
	audit_ctx(&c, GATE_HEALTHY);
	run = run0(render(&c));
	assert_string_equal(str(c.doc, "version"), "2.1.0");
	assert_non_null(strstr(str(c.doc, "$schema"), "sarif-schema-2.1.0.json"));
	assert_int_equal(json_array_size(json_object_get(c.doc, "runs")), 1);
	assert_string_equal(str(run, "tool.driver.name"), "ndes-audit");
	/* GitHub wants a full description and help on every notification
	 * descriptor (Multitool GH2012), and the tool an informationUri. */
	assert_true(json_array_size(path(run, "tool.driver.notifications")) >= 6);
	json_array_foreach(path(run, "tool.driver.notifications"), i, r) {
		assert_true(strlen(str(r, "shortDescription.text")) > 0);
		assert_true(strlen(str(r, "fullDescription.text")) > 0);
		assert_true(strlen(str(r, "help.text")) > 0);
	}
	assert_non_null(strstr(str(run, "tool.driver.informationUri"), "/man1/ndes-audit.1"));
	rules = path(run, "tool.driver.rules");
	assert_int_equal(json_array_size(rules), check_count);
	json_array_foreach(rules, i, r) {
		const struct check_def *cd = &check_table[i];
		const char *level = str(r, "defaultConfiguration.level");
		const char *sev = str(r, "properties.security-severity");

		assert_string_equal(str(r, "id"), cd->id);
		assert_string_equal(str(r, "shortDescription.text"), cd->title);
		assert_string_equal(str(r, "fullDescription.text"), cd->description);
		assert_string_equal(str(r, "help.text"), cd->remediation);
		/* GitHub's limits on these fields. */
		assert_true(strlen(str(r, "name")) <= 255 && strlen(str(r, "name")) > 0);
		assert_true(strlen(str(r, "shortDescription.text")) <= 1024);
		assert_true(strlen(str(r, "fullDescription.text")) <= 1024);
		assert_true(json_array_size(path(r, "properties.tags")) <= 20);
		switch (cd->severity) {
		case SEV_CRITICAL:
			assert_string_equal(level, "error");
			assert_string_equal(sev, "9.5");
			break;
		case SEV_HIGH:
			assert_string_equal(level, "error");
			assert_string_equal(sev, "8.0");
			break;
		case SEV_MEDIUM:
			assert_string_equal(level, "warning");
			assert_string_equal(sev, "5.5");
			break;
		case SEV_LOW:
			assert_string_equal(level, "note");
			assert_string_equal(sev, "3.0");
			break;
		default:
			assert_string_equal(level, "note");
			assert_string_equal(sev, "0.0");
			break;
		}
	}
	/* The rule name is the ID in CamelCase, at the check's place in the table. */
	{
		char *at = xasprintf("%zu.name", rule_index_of("httpsys.max_field_length"));

		assert_string_equal(str(rules, at), "HttpsysMaxFieldLength");
		free(at);
	}
	/* Passes are counted in the summary only, never listed as results:
	 * the three HTTP.sys checks pass on this bundle and are not among the
	 * results, which are exactly its fail, warn and waived ones. */
	assert_int_equal(count_results(&c.a, "httpsys.max_field_length", ST_PASS), 1);
	assert_int_equal(count_results(&c.a, "httpsys.max_request_bytes", ST_PASS), 1);
	assert_int_equal(count_results(&c.a, "httpsys.tls_binding", ST_PASS), 1);
	assert_int_equal(json_array_size(json_object_get(run, "results")), finding_count(&c.a));
	json_array_foreach(json_object_get(run, "results"), i, r) {
		assert_string_not_equal(str(r, "ruleId"), "httpsys.max_field_length");
		assert_string_not_equal(str(r, "ruleId"), "httpsys.max_request_bytes");
		assert_string_not_equal(str(r, "ruleId"), "httpsys.tls_binding");
	}
	assert_int_equal(json_integer_value(path(run, "properties.summary.pass")),
			 status_count(&c.a, ST_PASS));
	assert_true(status_count(&c.a, ST_PASS) >= 3);
	/* Every file was read: the run succeeded, whatever the gate decided. */
	assert_int_equal(json_integer_value(path(run, "invocations.0.exitCode")), c.a.exit_code);
	assert_true(json_is_true(path(run, "invocations.0.executionSuccessful")));
	assert_string_equal(str(run, "invocations.0.properties.asOf"), "2026-06-01T00:00:00Z");
	ctx_free(&c);
}

static void test_sarif_results_of_broken(void **state)
{
	struct ctx c;
	json_t *run, *res, *loc, *arts;
	char fp[FINGERPRINT_HEXLEN + 1];
	json_int_t idx;

	(void)state;
	audit_ctx(&c, GATE_BROKEN);
	run = run0(render(&c));
	/* One SARIF result per fail, warn and waived result, at least the three
	 * HTTP.sys failures this bundle fixes; each at its rule's index. */
	assert_int_equal(json_array_size(json_object_get(run, "results")), finding_count(&c.a));
	assert_true(finding_count(&c.a) >= 3);
	rule_indexes_match(run);
	res = result_of(run, "httpsys.max_field_length");
	assert_int_equal(json_integer_value(json_object_get(res, "ruleIndex")),
			 rule_index_of("httpsys.max_field_length"));
	assert_string_equal(str(res, "level"), "error");
	assert_non_null(strstr(str(res, "message.text"), "MaxFieldLength is not set"));
	loc = path(res, "locations.0");
	assert_string_equal(str(loc, "physicalLocation.artifactLocation.uri"), "registry/SYSTEM.hiv");
	assert_string_equal(str(loc, "physicalLocation.artifactLocation.uriBaseId"), "BUNDLEROOT");
	/* A hive has no lines: the key path is a logical location of kind
	 * "resource" and the region is the whole file by its bytes. */
	assert_null(path(loc, "physicalLocation.region.startLine"));
	assert_string_equal(str(loc, "logicalLocations.0.fullyQualifiedName"),
			    "ControlSet002\\Services\\HTTP\\Parameters\\MaxFieldLength");
	assert_string_equal(str(loc, "logicalLocations.0.kind"), "resource");
	/* The artifact index points at that file, with its hash. */
	idx = json_integer_value(path(loc, "physicalLocation.artifactLocation.index"));
	assert_int_equal(json_integer_value(path(loc, "physicalLocation.region.byteOffset")), 0);
	assert_int_equal(json_integer_value(path(loc, "physicalLocation.region.byteLength")),
			 (json_int_t)c.a.bundle.arts[idx].size);
	assert_true(c.a.bundle.arts[idx].size > 0);
	arts = json_object_get(run, "artifacts");
	assert_int_equal(json_array_size(arts), c.a.bundle.n);
	assert_string_equal(str(json_array_get(arts, (size_t)idx), "location.uri"),
			    "registry/SYSTEM.hiv");
	assert_string_equal(str(json_array_get(arts, (size_t)idx), "hashes.sha-256"),
			    c.a.bundle.arts[idx].sha256);
	/* The fingerprint: check and target, no line. */
	result_fingerprint("httpsys.max_field_length", "HTTP\\Parameters\\MaxFieldLength", fp);
	assert_string_equal(str(res, "partialFingerprints.ndesAuditFingerprint/v1"), fp);
	assert_string_equal(str(res, "partialFingerprints.primaryLocationLineHash"), fp);
	assert_null(json_object_get(res, "suppressions"));
	assert_null(json_object_get(res, "baselineState"));
	/* The bundle root is the bundle's folder, as an absolute file URI. */
	assert_true(strncmp(str(run, "originalUriBaseIds.BUNDLEROOT.uri"), "file:///", 8) == 0);
	assert_non_null(strstr(str(run, "originalUriBaseIds.BUNDLEROOT.uri"),
			       "/tests/fixtures/bundles/gate-broken/"));
	assert_int_equal(json_integer_value(path(run, "properties.summary.fail")),
			 status_count(&c.a, ST_FAIL));
	assert_true(status_count(&c.a, ST_FAIL) >= 3);
	assert_int_equal(json_integer_value(path(run, "invocations.0.exitCode")), 1);
	ctx_free(&c);
}

static void test_sarif_waived_result_is_suppressed(void **state)
{
	struct ctx c;
	json_t *run, *res, *notes, *r;
	size_t findings, fails, i, suppressed = 0;

	(void)state;
	audit_ctx(&c, GATE_BROKEN);
	findings = finding_count(&c.a);
	fails = status_count(&c.a, ST_FAIL);
	/* Applied, expired, and one for a binding this server does not have. */
	add_waivers(&c, "[waiver]\ncheck = httpsys.tls_binding\njustification = first boot\n"
			"expires = 2026-06-30\napproved-by = PKI\nticket = CHG-7\n"
			"[waiver]\ncheck = httpsys.max_field_length\njustification = old\n"
			"expires = 2026-05-01\n"
			"[waiver]\ncheck = httpsys.tls_binding\ntarget = SslBindingInfo\\192.0.2.10:443\n"
			"justification = none\nexpires = 2026-06-30\n");
	run = run0(render(&c));
	/* A waived result stays in the results (suppressed): same number. */
	assert_int_equal(json_array_size(json_object_get(run, "results")), findings);
	rule_indexes_match(run);
	res = result_of(run, "httpsys.tls_binding");
	assert_string_equal(str(res, "suppressions.0.kind"), "external");
	assert_string_equal(str(res, "suppressions.0.status"), "accepted");
	assert_string_equal(str(res, "suppressions.0.justification"), "first boot");
	assert_string_equal(str(res, "suppressions.0.location.physicalLocation.artifactLocation.uri"),
			    "ci/ndes%20waivers");
	assert_int_equal(json_integer_value(path(res, "suppressions.0.location.physicalLocation."
						  "region.startLine")), 1);
	assert_string_equal(str(res, "suppressions.0.properties.ticket"), "CHG-7");
	assert_string_equal(str(res, "properties.status"), "waived");
	assert_string_equal(str(res, "properties.originalStatus"), "fail");
	/* Waived, so it does not gate: no error, a warning (a high check). */
	assert_string_equal(str(res, "level"), "warning");
	/* The expired waiver's failure is not suppressed. */
	assert_null(json_object_get(result_of(run, "httpsys.max_field_length"), "suppressions"));
	/* Expired and unused waivers are configuration notifications. */
	notes = path(run, "invocations.0.toolConfigurationNotifications");
	assert_int_equal(json_array_size(notes), 2);
	assert_string_equal(str(notes, "0.descriptor.id"), "waiver-expired");
	assert_string_equal(str(notes, "0.level"), "warning");
	assert_string_equal(str(notes, "0.associatedRule.id"), "httpsys.max_field_length");
	assert_int_equal(json_integer_value(path(notes, "0.locations.0.physicalLocation.region."
						   "startLine")), 7);
	assert_string_equal(str(notes, "1.descriptor.id"), "waiver-unused");
	assert_string_equal(str(notes, "1.level"), "note");
	assert_string_equal(str(notes, "1.associatedRule.id"), "httpsys.tls_binding");
	assert_int_equal(json_integer_value(path(notes, "1.locations.0.physicalLocation.region."
						   "startLine")), 11);
	/* Exactly that one result is suppressed; every other failure stays. */
	json_array_foreach(json_object_get(run, "results"), i, r) {
		if (json_object_get(r, "suppressions") != NULL) {
			suppressed++;
			assert_string_equal(str(r, "ruleId"), "httpsys.tls_binding");
			assert_string_equal(str(r, "properties.target"), "port 443");
		} else {
			assert_string_not_equal(str(r, "properties.status"), "waived");
		}
	}
	assert_int_equal(suppressed, 1);
	assert_int_equal(json_integer_value(path(run, "properties.summary.waived")), 1);
	assert_int_equal(json_integer_value(path(run, "properties.summary.fail")), fails - 1);
	ctx_free(&c);
}

static void test_sarif_baseline_state(void **state)
{
	struct ctx c;
	json_t *run, *r;
	struct nerr e;
	size_t i, unchanged = 0;
	static const char old[] =
		"{\"schema_version\": 1, \"tool\": {\"name\": \"ndes-audit\"}, \"results\": ["
		"{\"check\": \"httpsys.tls_binding\", \"target\": \"port 443\", \"status\": \"fail\"}]}";

	(void)state;
	audit_ctx(&c, GATE_BROKEN);
	assert_int_equal(baseline_parse(&c.bl, "old.json", old, strlen(old), &e), 0);
	c.have_bl = 1;
	baseline_mark(&c.bl, &c.a.results);
	run = run0(render(&c));
	assert_string_equal(str(result_of(run, "httpsys.tls_binding"), "baselineState"), "unchanged");
	assert_string_equal(str(result_of(run, "httpsys.max_request_bytes"), "baselineState"), "new");
	/* The old report knew only tls_binding: every other finding is new. */
	json_array_foreach(json_object_get(run, "results"), i, r) {
		int known = strcmp(str(r, "ruleId"), "httpsys.tls_binding") == 0 &&
			    strcmp(str(r, "properties.target"), "port 443") == 0;

		assert_string_equal(str(r, "baselineState"), known ? "unchanged" : "new");
		unchanged += known;
	}
	assert_int_equal(unchanged, 1);
	assert_int_equal(json_integer_value(path(run, "properties.baseline.new")),
			 finding_count(&c.a) - 1);
	assert_int_equal(json_integer_value(path(run, "properties.baseline.known")), 1);
	assert_int_equal(json_integer_value(path(run, "properties.baseline.fixed")), 0);
	ctx_free(&c);
}

static void test_sarif_errors_are_notifications(void **state)
{
	struct ctx c;
	json_t *run, *notes, *n;
	size_t i, check_errors = 0;

	(void)state;
	memset(&c, 0, sizeof(c));
	audit_fixture(&c.a, "tests/fixtures/hives/system-badselect.hiv");
	c.root = xstrdup(c.a.dir);
	run = run0(render(&c));
	assert_int_equal(c.a.exit_code, 3);
	assert_true(json_is_false(path(run, "invocations.0.executionSuccessful")));
	assert_int_equal(json_array_size(json_object_get(run, "results")), 0);
	notes = path(run, "invocations.0.toolExecutionNotifications");
	json_array_foreach(notes, i, n) {
		if (strcmp(str(n, "descriptor.id"), "check-error") == 0) {
			check_errors++;
			assert_string_equal(str(n, "level"), "error");
			assert_non_null(check_find(str(n, "associatedRule.id")));
			assert_non_null(strstr(str(n, "message.text"), "ControlSet003"));
		}
	}
	assert_int_equal(check_errors, json_integer_value(path(run, "properties.summary.error")));
	assert_true(check_errors > 0);
	/* Artifacts are relative to the scratch folder, the bundle root. */
	assert_string_equal(str(run, "artifacts.0.location.uri"), "SYSTEM.hiv");
	ctx_free(&c);
}

static void test_sarif_line_regions(void **state)
{
	struct ctx c;
	json_t *run, *loc;
	struct result *r;
	char *log, *hive;
	struct emitter em;

	(void)state;
	audit_ctx(&c, GATE_BROKEN);
	log = xasprintf("%s/collect.log", c.root);
	hive = xasprintf("%s/registry/SYSTEM.hiv", c.root);
	/* A hand-made finding with evidence in a text file and in a hive. */
	em.out = &c.a.results;
	em.check = check_find("httpsys.tls_binding");
	em.emitted = 0;
	r = emit(&em, ST_WARN, "text evidence", "m");
	result_add_evidence(r, log, "line 7: reg save HKLM\\SYSTEM", NULL);
	result_add_evidence_line(r, log, "the copy step", "x", 3);
	result_add_evidence(r, hive, "Software\\line 5", "v");
	result_list_sort(&c.a.results);
	run = run0(render(&c));
	/* The failure of the high check is an error, its warn a warning. */
	assert_string_equal(str(result_of(run, "httpsys.tls_binding"), "level"), "error");
	{
		json_t *results = json_object_get(run, "results"), *x = NULL;
		size_t i;

		for (i = 0; i < json_array_size(results); i++) {
			x = json_array_get(results, i);
			if (strcmp(str(x, "properties.target"), "text evidence") == 0)
				break;
		}
		assert_true(i < json_array_size(results));
		assert_string_equal(str(x, "level"), "warning");
		loc = path(x, "locations.0");
		assert_string_equal(str(loc, "physicalLocation.artifactLocation.uri"), "collect.log");
		assert_int_equal(json_integer_value(path(loc, "physicalLocation.region.startLine")), 7);
		assert_null(json_object_get(loc, "logicalLocations"));
		loc = path(x, "relatedLocations.0");
		assert_int_equal(json_integer_value(json_object_get(loc, "id")), 1);
		assert_int_equal(json_integer_value(path(loc, "physicalLocation.region.startLine")), 3);
		assert_string_equal(str(loc, "logicalLocations.0.fullyQualifiedName"), "the copy step");
		loc = path(x, "relatedLocations.1");
		assert_null(path(loc, "physicalLocation.region.startLine"));
		assert_non_null(path(loc, "physicalLocation.region.byteLength"));
		assert_string_equal(str(loc, "message.text"), "Software\\line 5 = v");
	}
	free(log);
	free(hive);
	ctx_free(&c);
}

static void test_sarif_uris_encoded_and_hostile_text(void **state)
{
	struct ctx c;
	char *dir = scratch_dir(), *sub = xasprintf("%s/my bundle", dir);
	char *odd = xasprintf("%s/100%% \xff#?.bin", sub);
	char *sys = xasprintf("%s/SYSTEM.hiv", sub), *from = src_path(GATE_BROKEN "/registry/SYSTEM.hiv");
	const char *paths[1] = {sub};
	json_t *run, *arts, *a, *res;
	struct emitter em;
	struct result *r;
	size_t i;
	int found = 0;

	(void)state;
	assert_int_equal(mkdir(sub, 0700), 0);
	write_file(odd, "x", 1);
	copy_file(from, sys);
	audit_paths(&c, paths, 1);
	em.out = &c.a.results;
	em.check = check_find("httpsys.tls_binding");
	em.emitted = 0;
	r = emit(&em, ST_FAIL, "bad\x01target\xfe", "control \x1b[31m and \xc3\x28 bytes");
	result_add_evidence(r, odd, "a\tb", "\x7f");
	result_list_sort(&c.a.results);
	run = run0(render(&c));
	assert_non_null(strstr(str(run, "originalUriBaseIds.BUNDLEROOT.uri"), "/my%20bundle/"));
	arts = json_object_get(run, "artifacts");
	json_array_foreach(arts, i, a) {
		if (strcmp(str(a, "location.uri"), "100%25%20%FF%23%3F.bin") == 0)
			found = 1;
	}
	assert_true(found);
	json_array_foreach(json_object_get(run, "results"), i, res) {
		if (strstr(str(res, "properties.target"), "bad") != NULL) {
			assert_string_equal(str(res, "properties.target"), "bad\\x01target\\xfe");
			assert_string_equal(str(res, "locations.0.physicalLocation.artifactLocation.uri"),
					    "100%25%20%FF%23%3F.bin");
		}
	}
	ctx_free(&c);
	rm_rf(dir);
	free(dir);
	free(sub);
	free(odd);
	free(sys);
	free(from);
}

static void test_bundle_root_of(void **state)
{
	char *top = src_path("tests/fixtures/bundles"), *uri;
	char *broken = xasprintf("%s/gate-broken", top), *healthy = xasprintf("%s/gate-healthy", top);
	char *sys = xasprintf("%s/gate-broken/registry/SYSTEM.hiv", top);
	char *log = xasprintf("%s/gate-broken/collect.log", top);
	char *slash = xasprintf("%s/gate-broken/", top);
	char *dir = scratch_dir(), *fa = xasprintf("%s/SYSTEM.hiv", dir);
	char *fb = xasprintf("%s/SOFTWARE.hiv", dir);
	char *root;
	char *one[1], *two[2];

	(void)state;
	one[0] = slash; /* a folder, with a trailing slash */
	root = bundle_root_of(one, 1, &uri);
	assert_string_equal(root, broken);
	assert_non_null(uri);
	assert_int_equal(uri[strlen(uri) - 1], '/');
	free(root);
	free(uri);
	write_file(fa, "a", 1); /* two files in one folder */
	write_file(fb, "b", 1);
	two[0] = fa;
	two[1] = fb;
	root = bundle_root_of(two, 2, &uri);
	assert_string_equal(root, dir);
	assert_non_null(uri);
	free(root);
	free(uri);
	two[0] = sys; /* a file, and a file in the folder above it */
	two[1] = log;
	root = bundle_root_of(two, 2, &uri);
	assert_string_equal(root, broken);
	free(root);
	free(uri);
	two[0] = broken; /* a folder and a file in another */
	two[1] = xasprintf("%s/collect.log", healthy);
	root = bundle_root_of(two, 2, &uri);
	assert_string_equal(root, top);
	free(two[1]);
	free(root);
	free(uri);
	two[0] = (char *)"samples-x/a"; /* nothing shared: the working folder */
	two[1] = (char *)"tests/x";
	root = bundle_root_of(two, 2, &uri);
	assert_string_equal(root, ".");
	free(root);
	free(uri);
	two[0] = (char *)"/nonexistent/a/b"; /* absolute, not resolvable: no URI */
	two[1] = (char *)"/nonexistent/a/c";
	root = bundle_root_of(two, 2, &uri);
	assert_string_equal(root, "/nonexistent/a");
	assert_null(uri);
	free(root);
	two[1] = (char *)"/other";
	root = bundle_root_of(two, 2, &uri);
	assert_string_equal(root, "/");
	free(root);
	free(uri);
	rm_rf(dir);
	free(dir);
	free(fa);
	free(fb);
	free(top);
	free(broken);
	free(healthy);
	free(sys);
	free(log);
	free(slash);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sarif_rules_from_check_table),
		cmocka_unit_test(test_sarif_results_of_broken),
		cmocka_unit_test(test_sarif_waived_result_is_suppressed),
		cmocka_unit_test(test_sarif_baseline_state),
		cmocka_unit_test(test_sarif_errors_are_notifications),
		cmocka_unit_test(test_sarif_line_regions),
		cmocka_unit_test(test_sarif_uris_encoded_and_hostile_text),
		cmocka_unit_test(test_bundle_root_of),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
