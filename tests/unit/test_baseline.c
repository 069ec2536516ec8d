/* Fingerprints, baselines read back from real JSON reports (known vs new,
 * fixed, reports from before fingerprints), refused baselines, and the
 * gate options (--fail-on, --fail-on-warn, --fail-on-new). The reports are
 * of the frozen bundles in tests/fixtures/bundles; the expected counts come
 * from the audits' own findings, so checks added later do not change them. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "ndes-audit/policy.h"
#include "ndes-audit/report.h"
#include "ndes-audit/util.h"
#include "testutil.h"

static void test_fingerprint_from_check_and_target_only(void **state)
{
	char a[FINGERPRINT_HEXLEN + 1], b[FINGERPRINT_HEXLEN + 1];

	(void)state;
	/* SHA-256("httpsys.max_field_length\0HTTP\Parameters\MaxFieldLength"),
	 * first 16 bytes; python3 -c 'import hashlib; print(hashlib.sha256(
	 * b"httpsys.max_field_length\x00HTTP\\Parameters\\MaxFieldLength")
	 * .hexdigest()[:32])' */
	result_fingerprint("httpsys.max_field_length", "HTTP\\Parameters\\MaxFieldLength", a);
	assert_string_equal(a, "a49eed259312f0f9e749893f5163f170");
	/* The NUL separator keeps different splits apart. */
	result_fingerprint("a.b", "c", a);
	result_fingerprint("a", "b.c", b);
	assert_string_not_equal(a, b);
	result_fingerprint("host.fqdn", "", a);
	result_fingerprint("host.fqdn", NULL, b);
	assert_string_equal(a, b);
}

static void test_fingerprint_stable_across_runs(void **state)
{
	struct audit a1, a2;
	char *p = src_path(GATE_BROKEN);
	char f1[FINGERPRINT_HEXLEN + 1], f2[FINGERPRINT_HEXLEN + 1];
	size_t i;

	(void)state;
	audit_one(&a1, p);
	audit_one(&a2, p);
	assert_int_equal(a1.results.n, a2.results.n);
	for (i = 0; i < a1.results.n; i++) {
		result_fingerprint(a1.results.v[i]->check->id, a1.results.v[i]->target, f1);
		result_fingerprint(a2.results.v[i]->check->id, a2.results.v[i]->target, f2);
		assert_string_equal(f1, f2);
	}
	audit_free(&a1);
	audit_free(&a2);
	free(p);
}

/* The JSON report of a bundle under $top_srcdir, as text. */
static char *report_of(const char *bundle)
{
	struct audit a;
	char *p = src_path(bundle), *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct report rep = {0};

	audit_one(&a, p);
	rep.head = audit_header(&a, "test");
	rep.bundle = &a.bundle;
	rep.results = &a.results;
	rep.fail_on = SEV_MEDIUM;
	rep.exit_code = a.exit_code;
	assert_non_null(f);
	assert_int_equal(report_json(f, &rep), 0);
	fclose(f);
	audit_free(&a);
	free(p);
	return buf;
}

static void load_text(struct baseline *bl, const char *text)
{
	struct nerr e;

	nerr_clear(&e);
	if (baseline_parse(bl, "old.json", text, strlen(text), &e) != 0)
		fail_msg("baseline refused: %s", e.msg);
}

/* Edit a report: fn(results array) then dump it again. */
static char *edited(const char *text, void (*fn)(json_t *results))
{
	json_error_t err;
	json_t *root = json_loads(text, 0, &err);
	char *out;

	assert_non_null(root);
	fn(json_object_get(root, "results"));
	out = json_dumps(root, 0);
	json_decref(root);
	return out;
}

static void drop_tls_binding(json_t *results)
{
	size_t i;

	for (i = 0; i < json_array_size(results); i++) {
		json_t *r = json_array_get(results, i);

		if (strcmp(json_string_value(json_object_get(r, "check")), "httpsys.tls_binding") == 0) {
			json_array_remove(results, i);
			return;
		}
	}
	fail_msg("no httpsys.tls_binding result");
}

static void drop_fingerprints(json_t *results)
{
	size_t i;

	for (i = 0; i < json_array_size(results); i++)
		json_object_del(json_array_get(results, i), "fingerprint");
}

static void tls_binding_passed(json_t *results)
{
	size_t i;

	for (i = 0; i < json_array_size(results); i++) {
		json_t *r = json_array_get(results, i);

		if (strcmp(json_string_value(json_object_get(r, "check")), "httpsys.tls_binding") == 0)
			json_object_set_new(r, "status", json_string("pass"));
	}
}

struct run {
	struct audit a;
	struct baseline bl;
};

static int is_finding(enum status st)
{
	return st == ST_FAIL || st == ST_WARN || st == ST_WAIVED;
}

/* Whether a finding of A has the fingerprint FP. */
static int has_finding(const struct audit *a, const char *fp)
{
	char f[FINGERPRINT_HEXLEN + 1];
	size_t i;

	for (i = 0; i < a->results.n; i++) {
		const struct result *r = a->results.v[i];

		if (!is_finding(r->status))
			continue;
		result_fingerprint(r->check->id, r->target, f);
		if (strcmp(f, fp) == 0)
			return 1;
	}
	return 0;
}

/* Distinct fingerprints among the findings of A (what a baseline keeps);
 * with OTHER, only those OTHER has no finding for (other == NULL: all). */
static size_t fingerprints(const struct audit *a, const struct audit *other)
{
	char f[FINGERPRINT_HEXLEN + 1], g[FINGERPRINT_HEXLEN + 1];
	size_t i, j, n = 0;

	for (i = 0; i < a->results.n; i++) {
		const struct result *r = a->results.v[i];

		if (!is_finding(r->status))
			continue;
		result_fingerprint(r->check->id, r->target, f);
		for (j = 0; j < i; j++) {
			if (!is_finding(a->results.v[j]->status))
				continue;
			result_fingerprint(a->results.v[j]->check->id, a->results.v[j]->target, g);
			if (strcmp(f, g) == 0)
				break;
		}
		if (j == i && (other == NULL || !has_finding(other, f)))
			n++;
	}
	return n;
}

/* Findings of A (each, not distinct) that OTHER has no finding for. */
static size_t findings_outside(const struct audit *a, const struct audit *other)
{
	char f[FINGERPRINT_HEXLEN + 1];
	size_t i, n = 0;

	for (i = 0; i < a->results.n; i++) {
		const struct result *r = a->results.v[i];

		if (!is_finding(r->status))
			continue;
		result_fingerprint(r->check->id, r->target, f);
		n += !has_finding(other, f);
	}
	return n;
}

/* The three failures the frozen broken bundle fixes. */
static const char *const httpsys_findings[3][2] = {
	{"httpsys.max_field_length", "HTTP\\Parameters\\MaxFieldLength"},
	{"httpsys.max_request_bytes", "HTTP\\Parameters\\MaxRequestBytes"},
	{"httpsys.tls_binding", "port 443"},
};

/* Audit BUNDLE against a baseline made of TEXT. */
static void against(struct run *r, const char *bundle, const char *text)
{
	char *p = src_path(bundle);

	audit_one(&r->a, p);
	free(p);
	load_text(&r->bl, text);
	baseline_mark(&r->bl, &r->a.results);
}

static void run_free(struct run *r)
{
	baseline_free(&r->bl);
	audit_free(&r->a);
}

static int gate(struct run *r, int fail_on_new)
{
	struct gate_options g = {SEV_MEDIUM, 0, fail_on_new};

	return gate_decide(&r->a.results, &r->a.bundle, &g);
}

static void test_baseline_nothing_new_passes(void **state)
{
	struct run r;
	char *old = report_of(GATE_BROKEN);
	size_t i;

	(void)state;
	against(&r, GATE_BROKEN, old);
	/* The old report is this very run: it keeps each finding once, and
	 * every current finding is known. */
	assert_true(finding_count(&r.a) >= 3);
	assert_int_equal(r.bl.n, fingerprints(&r.a, NULL));
	assert_int_equal(r.bl.known, finding_count(&r.a));
	assert_int_equal(r.bl.fresh, 0);
	assert_int_equal(r.bl.fixed, 0);
	for (i = 0; i < r.a.results.n; i++)
		assert_int_equal(r.a.results.v[i]->baseline,
				 is_finding(r.a.results.v[i]->status) ? BASELINE_KNOWN : BASELINE_NONE);
	assert_int_equal(only_result(&r.a, "httpsys.tls_binding")->baseline, BASELINE_KNOWN);
	assert_true(r.a.results.n > finding_count(&r.a)); /* some results are no findings */
	assert_string_equal(baseline_mark_name(BASELINE_KNOWN), "known");
	assert_null(baseline_mark_name(BASELINE_NONE));
	assert_int_equal(gate(&r, 1), 0);  /* --fail-on-new: nothing new */
	assert_int_equal(gate(&r, 0), 1);  /* without it the failures gate */
	run_free(&r);
	free(old);
}

static void test_baseline_one_new_finding_fails(void **state)
{
	struct run r;
	char *full = report_of(GATE_BROKEN), *old = edited(full, drop_tls_binding);
	size_t i;

	(void)state;
	/* The baseline is this run's own report minus one finding. */
	against(&r, GATE_BROKEN, old);
	assert_int_equal(r.bl.n, fingerprints(&r.a, NULL) - 1);
	assert_int_equal(r.bl.known, finding_count(&r.a) - 1);
	assert_int_equal(r.bl.fresh, 1);
	assert_int_equal(r.bl.fixed, 0);
	assert_int_equal(only_result(&r.a, "httpsys.tls_binding")->baseline, BASELINE_NEW);
	assert_string_equal(baseline_mark_name(BASELINE_NEW), "new");
	for (i = 0; i < r.a.results.n; i++) {
		const struct result *x = r.a.results.v[i];

		if (is_finding(x->status) && strcmp(x->check->id, "httpsys.tls_binding") != 0)
			assert_int_equal(x->baseline, BASELINE_KNOWN);
	}
	assert_int_equal(only_result(&r.a, "httpsys.max_field_length")->baseline, BASELINE_KNOWN);
	assert_int_equal(gate(&r, 1), 1);
	run_free(&r);
	free(old);
	free(full);
}

static void test_baseline_passing_result_is_not_known(void **state)
{
	struct run r;
	char *full = report_of(GATE_BROKEN), *old = edited(full, tls_binding_passed);

	(void)state;
	/* The old report passed tls_binding: its failure now is new. */
	against(&r, GATE_BROKEN, old);
	assert_int_equal(only_result(&r.a, "httpsys.tls_binding")->baseline, BASELINE_NEW);
	assert_int_equal(r.bl.fresh, 1);
	assert_int_equal(gate(&r, 1), 1);
	run_free(&r);
	free(old);
	free(full);
}

static void test_baseline_healthy_old_makes_all_new(void **state)
{
	struct run r;
	struct audit healthy;
	char *old = report_of(GATE_HEALTHY);
	size_t i;

	(void)state;
	audit_src(&healthy, GATE_HEALTHY);
	against(&r, GATE_BROKEN, old);
	/* The baseline holds the healthy run's findings (if any); every broken
	 * finding it lacks is new, the three HTTP.sys failures among them. */
	assert_int_equal(r.bl.n, fingerprints(&healthy, NULL));
	assert_int_equal(r.bl.known + r.bl.fresh, finding_count(&r.a));
	assert_int_equal(r.bl.fresh, findings_outside(&r.a, &healthy));
	for (i = 0; i < r.a.results.n; i++) {
		const struct result *x = r.a.results.v[i];
		char fp[FINGERPRINT_HEXLEN + 1];

		if (!is_finding(x->status))
			continue;
		result_fingerprint(x->check->id, x->target, fp);
		assert_int_equal(x->baseline, has_finding(&healthy, fp) ? BASELINE_KNOWN : BASELINE_NEW);
	}
	for (i = 0; i < 3; i++)
		assert_int_equal(find_result(&r.a, httpsys_findings[i][0],
					     httpsys_findings[i][1])->baseline, BASELINE_NEW);
	assert_true(r.bl.fresh >= 3);
	assert_int_equal(gate(&r, 1), 1);
	audit_free(&healthy);
	run_free(&r);
	free(old);
}

static void test_baseline_fixed_findings_counted(void **state)
{
	struct run r;
	struct audit broken;
	char *old = report_of(GATE_BROKEN);
	struct gate_options g = {SEV_MEDIUM, 0, 1};
	size_t i, seen = 0;
	int gates = 0;

	(void)state;
	audit_src(&broken, GATE_BROKEN);
	against(&r, GATE_HEALTHY, old);
	/* Fixed: the broken run's findings the healthy run no longer has,
	 * among them the three HTTP.sys failures. */
	assert_int_equal(r.bl.n, fingerprints(&broken, NULL));
	assert_int_equal(r.bl.fixed, fingerprints(&broken, &r.a));
	assert_true(r.bl.fixed >= 3);
	for (i = 0; i < r.bl.n; i++) {
		size_t k;

		seen += r.bl.v[i].seen;
		for (k = 0; k < 3; k++)
			if (strcmp(r.bl.v[i].check, httpsys_findings[k][0]) == 0 &&
			    strcmp(r.bl.v[i].target, httpsys_findings[k][1]) == 0)
				assert_false(r.bl.v[i].seen);
	}
	assert_int_equal(r.bl.n - seen, r.bl.fixed);
	assert_int_equal(r.bl.known + r.bl.fresh, finding_count(&r.a));
	assert_int_equal(r.bl.fresh, findings_outside(&r.a, &broken));
	/* Fixed findings never gate: the gate sees only the healthy run's own
	 * new findings. */
	for (i = 0; i < r.a.results.n; i++)
		gates |= gate_result_gates(r.a.results.v[i], &g);
	assert_int_equal(gate(&r, 1), gates ? 1 : 0);
	audit_free(&broken);
	run_free(&r);
	free(old);
}

static void test_baseline_without_fingerprints(void **state)
{
	struct run r;
	char *full = report_of(GATE_BROKEN), *old = edited(full, drop_fingerprints);

	(void)state;
	/* A report written before fingerprints existed still works. */
	assert_null(strstr(old, "fingerprint"));
	against(&r, GATE_BROKEN, old);
	assert_int_equal(r.bl.known, finding_count(&r.a));
	assert_int_equal(r.bl.fresh, 0);
	assert_int_equal(gate(&r, 1), 0);
	run_free(&r);
	free(old);
	free(full);
}

/* The text must be refused with an error that names old.json and says WHAT. */
static void refused(const char *text, const char *what)
{
	struct baseline bl;
	struct nerr e;

	nerr_clear(&e);
	assert_int_equal(baseline_parse(&bl, "old.json", text, strlen(text), &e), -1);
	if (strncmp(e.msg, "old.json: ", 10) != 0 || strstr(e.msg, what) == NULL)
		fail_msg("wanted 'old.json: ...%s', got '%s'", what, e.msg);
	assert_null(bl.v);
	assert_null(bl.path);
}

static void test_baseline_refused(void **state)
{
	(void)state;
	refused("", "not a JSON report");
	refused("not json", "not a JSON report: line 1");
	refused("[1, 2]", "not an ndes-audit JSON report");
	refused("{\"tool\": {\"name\": \"other\"}, \"schema_version\": 1, \"results\": []}",
		"not an ndes-audit JSON report");
	refused("{\"tool\": {\"name\": \"ndes-audit\"}, \"results\": []}", "no integer \"schema_version\"");
	refused("{\"tool\": {\"name\": \"ndes-audit\"}, \"schema_version\": \"1\", \"results\": []}",
		"no integer \"schema_version\"");
	refused("{\"tool\": {\"name\": \"ndes-audit\"}, \"schema_version\": 2, \"results\": []}",
		"schema_version 2; this ndes-audit reads schema_version 1");
	refused("{\"tool\": {\"name\": \"ndes-audit\"}, \"schema_version\": 1}", "no \"results\" array");
	refused("{\"tool\": {\"name\": \"ndes-audit\"}, \"schema_version\": 1, \"results\": [{}]}",
		"results[0] is not a result");
	refused("{\"tool\": {\"name\": \"ndes-audit\"}, \"schema_version\": 1, \"results\": "
		"[{\"check\": \"a\", \"target\": \"\", \"status\": \"broken\"}]}",
		"results[0]: unknown status \"broken\"");
	refused("{\"tool\": {\"name\": \"ndes-audit\"}, \"tool\": {}, \"schema_version\": 1, "
		"\"results\": []}", "duplicate object key");
}

static void test_baseline_load_files(void **state)
{
	struct baseline bl;
	struct nerr e;
	char *dir = scratch_dir(), *p = xasprintf("%s/old.json", dir), *old = report_of(GATE_BROKEN);
	struct audit a;
	FILE *f;

	(void)state;
	audit_src(&a, GATE_BROKEN);
	assert_int_equal(baseline_load(&bl, p, &e), -1);
	assert_non_null(strstr(e.msg, p));
	assert_int_equal(baseline_load(&bl, dir, &e), -1);
	assert_non_null(strstr(e.msg, "not a regular file"));
	write_file(p, old, strlen(old));
	assert_int_equal(baseline_load(&bl, p, &e), 0);
	assert_int_equal(bl.n, fingerprints(&a, NULL));
	assert_true(bl.n >= 3);
	assert_string_equal(bl.path, p);
	baseline_free(&bl);
	/* Larger than 64 MiB: refused before it is read (a sparse file). */
	f = fopen(p, "w");
	assert_non_null(f);
	assert_int_equal(ftruncate(fileno(f), BASELINE_MAX_FILE + 1), 0);
	fclose(f);
	assert_int_equal(baseline_load(&bl, p, &e), -1);
	assert_non_null(strstr(e.msg, "a baseline report may have at most"));
	audit_free(&a);
	rm_rf(dir);
	free(dir);
	free(p);
	free(old);
}

/* ---- The gate options on hand-made results. */

static const struct check_def fake_high = {.id = "z.high", .severity = SEV_HIGH, .title = "t", .needs = 1, .description = "d", .remediation = "r"};
static const struct check_def fake_low = {.id = "z.low", .severity = SEV_LOW, .title = "t", .needs = 1, .description = "d", .remediation = "r"};

static int decide(struct result_list *l, enum severity fail_on, int warn, int fresh)
{
	struct bundle b;
	struct gate_options g = {fail_on, warn, fresh};
	struct artifact art;
	int rc;

	memset(&art, 0, sizeof(art));
	art.status = ART_OK;
	b.arts = &art;
	b.n = b.cap = 1;
	rc = gate_decide(l, &b, &g);
	return rc;
}

static void test_gate_fail_on_warn(void **state)
{
	struct result_list l = {0};
	struct emitter hi = {&l, &fake_high, 0}, lo = {&l, &fake_low, 0};

	(void)state;
	emit(&hi, ST_WARN, "t", "high warn");
	emit(&lo, ST_FAIL, "t", "low fail");
	assert_int_equal(decide(&l, SEV_MEDIUM, 0, 0), 0); /* a warn never gates alone */
	assert_int_equal(decide(&l, SEV_MEDIUM, 1, 0), 1); /* --fail-on-warn */
	assert_int_equal(decide(&l, SEV_CRITICAL, 1, 0), 0); /* below the severity */
	assert_int_equal(decide(&l, SEV_LOW, 0, 0), 1);    /* the low fail at --fail-on low */
	assert_int_equal(gate_result_gates(l.v[0], &(struct gate_options){SEV_HIGH, 1, 0}), 1);
	result_list_free(&l);
}

static void test_gate_fail_on_new(void **state)
{
	struct result_list l = {0};
	struct emitter hi = {&l, &fake_high, 0};
	struct result *r;

	(void)state;
	r = emit(&hi, ST_FAIL, "t", "known failure");
	r->baseline = BASELINE_KNOWN;
	r = emit(&hi, ST_WARN, "u", "new warning");
	r->baseline = BASELINE_NEW;
	assert_int_equal(decide(&l, SEV_MEDIUM, 0, 1), 0);
	assert_int_equal(decide(&l, SEV_MEDIUM, 1, 1), 1); /* the new warn, with --fail-on-warn */
	assert_int_equal(decide(&l, SEV_MEDIUM, 0, 0), 1);
	l.v[0]->baseline = BASELINE_NEW;
	assert_int_equal(decide(&l, SEV_MEDIUM, 0, 1), 1);
	/* A waived or errored result never gates; an error still makes it 3. */
	l.v[0]->status = ST_WAIVED;
	l.v[1]->status = ST_ERROR;
	assert_int_equal(decide(&l, SEV_LOW, 1, 0), 3);
	result_list_free(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fingerprint_from_check_and_target_only),
		cmocka_unit_test(test_fingerprint_stable_across_runs),
		cmocka_unit_test(test_baseline_nothing_new_passes),
		cmocka_unit_test(test_baseline_one_new_finding_fails),
		cmocka_unit_test(test_baseline_passing_result_is_not_known),
		cmocka_unit_test(test_baseline_healthy_old_makes_all_new),
		cmocka_unit_test(test_baseline_fixed_findings_counted),
		cmocka_unit_test(test_baseline_without_fingerprints),
		cmocka_unit_test(test_baseline_refused),
		cmocka_unit_test(test_baseline_load_files),
		cmocka_unit_test(test_gate_fail_on_warn),
		cmocka_unit_test(test_gate_fail_on_new),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
