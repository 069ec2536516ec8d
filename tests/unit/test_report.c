/* Reporters: JSON shape (parsed back with jansson) and the text layout. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "ndes-audit/report.h"
#include "ndes-audit/util.h"
#include "testutil.h"

static char *render_v(struct audit *a, int json, int color, int verbose)
{
	struct report rep = {.head = audit_header(a, "test"),
			     .bundle = &a->bundle, .results = &a->results, .fail_on = SEV_MEDIUM,
			     .exit_code = a->exit_code};
	struct report_style st = {color, verbose};
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	if (json)
		assert_int_equal(report_json(f, &rep), 0);
	else
		assert_int_equal(report_text(f, &rep, &st), 0);
	fclose(f);
	return buf;
}

static char *render(struct audit *a, int json, int color)
{
	return render_v(a, json, color, 0);
}

static size_t count_status(const struct audit *a, enum status st)
{
	size_t i, n = 0;

	for (i = 0; i < a->results.n; i++)
		n += a->results.v[i]->status == st;
	return n;
}

static void test_json_shape(void **state)
{
	struct audit a;
	char *p = src_path("samples/broken"), *out;
	json_t *root, *res, *first, *ev, *arts;
	json_error_t err;
	size_t i, sum = 0;
	const char *key;
	json_t *val;

	(void)state;
	audit_one(&a, p);
	out = render(&a, 1, 0);
	root = json_loads(out, 0, &err);
	assert_non_null(root);
	assert_int_equal(json_integer_value(json_object_get(root, "schema_version")), 1);
	assert_string_equal(json_string_value(json_object_get(json_object_get(root, "tool"), "name")),
			    "ndes-audit");
	assert_string_equal(json_string_value(json_object_get(root, "as_of")), "2026-06-01T00:00:00Z");
	assert_string_equal(json_string_value(json_object_get(root, "collected_at")),
			    "2026-05-30T14:07:03Z");
	assert_string_equal(json_string_value(json_object_get(json_object_get(root, "host"), "fqdn")),
			    "NDES01.corp.contoso.com");
	arts = json_object_get(root, "artifacts");
	assert_int_equal(json_array_size(arts), 4); /* collect.log, IIS config, two hives */
	for (i = 0; i < 4; i++) {
		json_t *o = json_array_get(arts, i);

		assert_int_equal(strlen(json_string_value(json_object_get(o, "sha256"))), 64);
		assert_non_null(json_object_get(o, "kind"));
		assert_non_null(json_object_get(o, "status"));
		assert_non_null(json_object_get(o, "error"));
	}
	res = json_object_get(root, "results");
	assert_int_equal(json_array_size(res), a.results.n);
	/* Sorted by check ID, then target. */
	for (i = 1; i < json_array_size(res); i++)
		assert_true(strcmp(json_string_value(json_object_get(json_array_get(res, i - 1), "check")),
				   json_string_value(json_object_get(json_array_get(res, i), "check"))) <= 0);
	for (i = 0; i < json_array_size(res); i++)
		if (strcmp(json_string_value(json_object_get(json_array_get(res, i), "check")),
			   "httpsys.max_field_length") == 0)
			break;
	assert_true(i < json_array_size(res));
	first = json_array_get(res, i);
	assert_string_equal(json_string_value(json_object_get(first, "status")), "fail");
	assert_string_equal(json_string_value(json_object_get(first, "severity")), "high");
	assert_non_null(json_string_value(json_object_get(first, "remediation")));
	ev = json_array_get(json_object_get(first, "evidence"), 0);
	assert_string_equal(json_string_value(json_object_get(ev, "location")),
			    "ControlSet002\\Services\\HTTP\\Parameters\\MaxFieldLength");
	assert_non_null(strstr(json_string_value(json_object_get(ev, "artifact")), "SYSTEM.hiv"));
	json_object_foreach(json_object_get(root, "summary"), key, val)
		sum += (size_t)json_integer_value(val);
	assert_int_equal(sum, a.results.n);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(root, "summary"), "fail")),
			 count_status(&a, ST_FAIL));
	assert_int_equal(json_integer_value(json_object_get(json_object_get(root, "gate"), "exit_code")), 1);
	json_decref(root);
	free(out);
	audit_free(&a);
	free(p);
}

static void test_json_escapes_any_bytes(void **state)
{
	char *dir = scratch_dir(), *p = xasprintf("%s/bad\xff\x01name\"q", dir);
	struct audit a;
	char *out;
	json_t *root;
	json_error_t err;

	(void)state;
	write_file(p, "x", 1);
	audit_one(&a, dir);
	out = render(&a, 1, 0);
	root = json_loads(out, 0, &err);
	assert_non_null(root);
	assert_non_null(strstr(json_string_value(json_object_get(json_array_get(
				       json_object_get(root, "artifacts"), 0), "path")), "bad\\xff"));
	json_decref(root);
	free(out);
	out = render(&a, 0, 0);
	assert_null(strchr(out, '\x01'));
	free(out);
	audit_free(&a);
	rm_rf(dir);
	free(dir);
	free(p);
}

/* " (N critical, N high...)" for the results of status st, counted here
 * from the results themselves. */
static void by_severity(const struct audit *a, enum status st, char *buf, size_t size)
{
	static const enum severity order[] = {SEV_CRITICAL, SEV_HIGH, SEV_MEDIUM, SEV_LOW, SEV_INFO};
	size_t i, k, len = 0;

	buf[0] = '\0';
	for (k = 0; k < 5; k++) {
		size_t n = 0;

		for (i = 0; i < a->results.n; i++)
			n += a->results.v[i]->status == st && a->results.v[i]->check->severity == order[k];
		if (n > 0)
			len += (size_t)snprintf(buf + len, size - len, "%s%zu %s", len ? ", " : " (", n,
						severity_name(order[k]));
	}
	if (len > 0)
		snprintf(buf + len, size - len, ")");
}

static void test_text_layout(void **state)
{
	struct audit a;
	char *p = src_path("samples/broken"), *out, *fail, *pass, summary[512], folded[96],
	     fsev[128], wsev[128];
	size_t c[ST__COUNT];

	(void)state;
	audit_one(&a, p);
	result_counts(&a.results, c);
	assert_true(c[ST_FAIL] >= 3);
	/* The summary line counts fail and warn by severity, most severe first
	 * (issue 16.3); broken has fails of several severities. */
	by_severity(&a, ST_FAIL, fsev, sizeof(fsev));
	by_severity(&a, ST_WARN, wsev, sizeof(wsev));
	assert_non_null(strstr(fsev, " critical, "));
	assert_non_null(strstr(fsev, " high, "));
	snprintf(summary, sizeof(summary),
		 "Summary: %zu fail%s, %zu warn%s, %zu error, %zu pass, %zu na, %zu ne; "
		 "gate --fail-on medium: FAILED (exit 1)",
		 c[ST_FAIL], fsev, c[ST_WARN], wsev, c[ST_ERROR], c[ST_PASS], c[ST_NA], c[ST_NE]);
	snprintf(folded, sizeof(folded), "\n%zu pass, %zu na, %zu ne: -v lists them\n",
		 c[ST_PASS], c[ST_NA], c[ST_NE]);
	out = render(&a, 0, 0);
	assert_null(strchr(out, '\033'));
	fail = strstr(out, "FAIL   [high] httpsys.max_field_length");
	assert_non_null(fail);
	/* Passes, na and ne are folded into one line by default... */
	assert_null(strstr(out, "PASS   [info] host.fqdn"));
	assert_null(strstr(out, "\nNE "));
	assert_null(strstr(out, "\nNA "));
	assert_non_null(strstr(out, folded));
	assert_true(strstr(out, folded) > fail);
	assert_non_null(strstr(out, "evidence: "));
	assert_non_null(strstr(out, "fix: "));
	assert_non_null(strstr(out, summary));
	free(out);
	/* ... and -v lists them as before, after the failures. */
	out = render_v(&a, 0, 0, 1);
	fail = strstr(out, "FAIL   [high] httpsys.max_field_length");
	pass = strstr(out, "PASS   [info] host.fqdn");
	assert_non_null(fail);
	assert_non_null(pass);
	assert_true(fail < pass); /* failures first */
	assert_null(strstr(out, "-v lists them"));
	assert_non_null(strstr(out, summary));
	free(out);
	out = render(&a, 0, 1);
	assert_non_null(strstr(out, "\033[1;31mFAIL"));
	free(out);
	audit_free(&a);
	free(p);
}

static void test_text_shows_artifact_problems(void **state)
{
	struct audit a;
	char *out;

	(void)state;
	audit_fixture(&a, "tests/fixtures/hives/system-dirty.hiv");
	out = render(&a, 0, 0);
	assert_non_null(strstr(out, "warning: dirty hive"));
	free(out);
	audit_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_shape),
		cmocka_unit_test(test_json_escapes_any_bytes),
		cmocka_unit_test(test_text_layout),
		cmocka_unit_test(test_text_shows_artifact_problems),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
